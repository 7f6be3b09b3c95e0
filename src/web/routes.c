/*
 * routes.c — the route table: one line per route with its method, path
 * pattern, handler, the least role that may use it and whether a POST needs
 * the CSRF token.  A pattern segment "*" matches one segment of the path,
 * "**" one or more (the handler finds them in rq->param); where several
 * patterns match, the one with the most literal characters wins.  The front
 * door (server.c) enforces role and CSRF before any handler runs; GET
 * routes also answer HEAD.
 */
#include "web_int.h"

const struct web_route web_routes[] = {
    /* method  pattern            handler              role          flags */
    {WM_GET, "/", page_root, ROLE_NONE, 0},
    {WM_GET, "/static/*", page_static, ROLE_NONE, WR_STATIC},
    {WM_GET, "/login", page_login_get, ROLE_NONE, 0},
    {WM_POST, "/login", page_login_post, ROLE_NONE, WR_CSRF},
    {WM_POST, "/logout", page_logout, ROLE_VIEWER, WR_CSRF},
    {WM_POST, "/lang", page_lang, ROLE_NONE, WR_CSRF},
    {WM_GET, "/week", page_week, ROLE_VIEWER, 0},
    {WM_POST, "/week/promise", page_week_promise, ROLE_MEMBER, WR_CSRF},
    {WM_GET, "/password", page_password_get, ROLE_VIEWER, 0},
    {WM_POST, "/password", page_password_post, ROLE_VIEWER, WR_CSRF},
    {WM_GET, "/users", page_users, ROLE_ADMIN, 0},
    {WM_POST, "/users/add", page_users_add, ROLE_ADMIN, WR_CSRF},
    {WM_POST, "/users/role", page_users_role, ROLE_ADMIN, WR_CSRF},
    {WM_POST, "/users/owner", page_users_owner, ROLE_ADMIN, WR_CSRF},
    {WM_POST, "/users/disable", page_users_disable, ROLE_ADMIN, WR_CSRF},
    {WM_POST, "/users/enable", page_users_enable, ROLE_ADMIN, WR_CSRF},
    {WM_POST, "/users/reset", page_users_reset, ROLE_ADMIN, WR_CSRF},
    /* the loyalty model: Overview, action list, customer search and pages */
    {WM_GET, "/overview", page_overview, ROLE_VIEWER, 0},
    {WM_GET, "/overview/movement", page_overview_movement, ROLE_VIEWER, 0},
    {WM_GET, "/overview/matrix", page_overview_matrix, ROLE_VIEWER, 0},
    {WM_GET, "/actions", page_actions, ROLE_VIEWER, 0},
    {WM_GET, "/customers", page_customers, ROLE_VIEWER, 0},
    {WM_GET, "/customers/**", page_customer, ROLE_VIEWER, 0},
    {WM_POST, "/customers/**", page_customer_post, ROLE_MEMBER, WR_CSRF},
    /* the journal reports (page_journal*.c) */
    {WM_GET, "/journal", page_journal, ROLE_VIEWER, 0},
    {WM_GET, "/journal/promises", page_journal_promises, ROLE_VIEWER, 0},
    {WM_GET, "/journal/complaints", page_journal_complaints, ROLE_VIEWER, 0},
    {WM_GET, "/journal/stories", page_journal_stories, ROLE_VIEWER, 0},
    {WM_GET, "/journal/feedback", page_journal_feedback, ROLE_VIEWER, 0},
    {WM_GET, "/journal/cadence", page_journal_cadence, ROLE_VIEWER, 0},
    /* import (page_import.c; the multipart forms take uploads) */
    {WM_GET, "/import", page_import, ROLE_ADMIN, 0},
    {WM_POST, "/import", page_import_upload, ROLE_ADMIN, WR_CSRF | WR_UPLOAD},
    {WM_GET, "/import/*", page_import_show, ROLE_ADMIN, 0},
    {WM_POST, "/import/*/map", page_import_map, ROLE_ADMIN, WR_CSRF | WR_UPLOAD},
    {WM_POST, "/import/*/confirm", page_import_confirm, ROLE_ADMIN, WR_CSRF},
    {WM_POST, "/import/*/discard", page_import_discard, ROLE_ADMIN, WR_CSRF},
    /* settings, audit (page_settings.c, page_audit.c) */
    {WM_GET, "/settings", page_settings, ROLE_ADMIN, 0},
    {WM_POST, "/settings", page_settings_set, ROLE_ADMIN, WR_CSRF},
    {WM_GET, "/audit", page_audit, ROLE_ADMIN, 0},
    /* GDPR, reached from the customer page (page_gdpr.c) */
    {WM_GET, "/customers/**/export", page_gdpr_export_get, ROLE_ADMIN, 0},
    {WM_POST, "/customers/**/export", page_gdpr_export, ROLE_ADMIN, WR_CSRF},
    {WM_GET, "/customers/**/erase", page_gdpr_erase_get, ROLE_ADMIN, 0},
    {WM_POST, "/customers/**/erase", page_gdpr_erase_post, ROLE_ADMIN, WR_CSRF},
    /* the JSON API: one prefix, its own routes, parameters and authentication (api.c) */
    {WM_GET, API_PREFIX "/**", api_handle, ROLE_NONE, WR_API},
    {WM_POST, API_PREFIX "/**", api_handle, ROLE_NONE, WR_API},
    {WM_OTHER, API_PREFIX "/**", api_handle, ROLE_NONE, WR_API},
};
const size_t web_route_count = ARRAY_SIZE(web_routes);
