/*
 * routes.c — the route table: one line per route with its method, path
 * pattern, handler, the least role that may use it and whether a POST needs
 * the CSRF token.  The front door (server.c) enforces role and CSRF before
 * any handler runs; GET routes also answer HEAD.
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
};
const size_t web_route_count = ARRAY_SIZE(web_routes);
