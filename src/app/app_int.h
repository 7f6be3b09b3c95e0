/*
 * app_int.h — what the application layer's files share; not for use
 * outside src/app/.
 */
#ifndef TREUE_APP_INT_H
#define TREUE_APP_INT_H

#include "app.h"

/* The store connection with the request's actor set (for the audit trail). */
struct store *app_store(const struct app_ctx *c);

/* Writes the audit entry of one change about customer `cust` (0: none):
 * action ("add", "edit", ...), detail as printf. */
int app_audit(const struct app_ctx *c, const char *action, int64_t cust, int64_t rows,
              struct err *e, const char *fmt, ...) ATTR_PRINTF(6, 7);

/* Ends a write transaction: commits, or on failure (rc != 0) rolls back.
 * Returns rc, or APP_ERR when the commit fails. */
int app_finish(const struct app_ctx *c, int rc, struct err *e);

/* 1 when customer `key` was erased (GDPR), 0 when not (or key <= 0). */
int app_customer_erased(const struct app_ctx *c, int64_t key, int *erased, struct err *e);

/* The customer a change concerns: found like app_customer_find, and
 * refused when erased. */
int app_customer_for_change(const struct app_ctx *c, const char *what, int64_t *key,
                            struct strbuf *id, struct err *e);

/* A text as typed: "" is absent (NULL); else checked (UTF-8, size). */
int app_text(const char *field, const char **val, struct err *e);

/* Every entry of kind k about customer `cust` (the export). */
int app_list_of(const struct app_ctx *c, enum journal_kind k, int64_t cust, struct app_list *out,
                struct err *e);
/* The audit entries about customer `cust` (0: any) from day `since`
 * (YYYY-MM-DD, NULL: all). */
int app_audit_read(const struct app_ctx *c, const char *since, int64_t cust, struct app_audit *out,
                   struct err *e);

/* The purchase model at a->as_of with parameters fitted before (on the
 * same orders), scored on a, and stored for a's data version. */
int app_purchase_model_reuse(const struct app_ctx *c, const struct app_analysis *a,
                             const struct btyd_params_all *given, int score,
                             struct btyd_result *out, struct err *note);

/* Stores fitted parameters for a's D and data version (a failure only
 * fills note). */
void app_fit_keep(const struct app_ctx *c, const struct app_analysis *a,
                  const struct btyd_params_all *p, struct err *note);

/* The filters applied to journal entries at the journal's D: the analysis
 * (stored settings) loaded only when a filter is given, the segments at D
 * only for --segment. */
struct app_journal_sel {
	int active; /* a filter was given */
	struct app_analysis a;
	struct loyalty l;
	int has_l;
	struct app_selection sel;
};
int app_journal_select(const struct app_ctx *c, const struct app_filter *f, day_t D, unsigned flags,
                       const char *const *extra_owners, size_t nextra, struct app_journal_sel *js,
                       struct err *e);
/* 1 when the customer with store key `key` passes (always without a filter). */
int app_journal_selected(const struct app_journal_sel *js, int64_t key);
/* Its account manager ("" when unknown or without a filter). */
const char *app_journal_owner_of(const struct app_journal_sel *js, int64_t key);
void app_journal_sel_release(struct app_journal_sel *js);

static inline day_t col_day(struct stmt *s, int col)
{
	return (day_t)col_int_or(s, col, DAY_NONE);
}

#endif
