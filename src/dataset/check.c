/*
 * check.c — what every loaded dataset promises its readers, checked once
 * per load (from the store or from the snapshot file):
 *
 *   - every offset array starts at 0, never decreases and ends at its
 *     table's row count, so every run lies inside its array (the orders'
 *     runs may also lie apart, each inside the rows the columns hold);
 *   - every string offset lies inside the pool, whose last byte is NUL;
 *     the erased flag is 0 or 1;
 *   - customer keys ascend strictly; a referral names a customer index;
 *     a promise status is one of the four;
 *   - every date lies within DAY_MIN..DAY_MAX (absent ones are DAY_NONE
 *     where a field may be absent), each customer's orders ascend by date
 *     and max_order_date is their maximum;
 *   - scores are tenths 0..100 (or SCORE_NONE where optional);
 *   - every amount lies within ±MONEY_MAX, and all amounts together —
 *     revenue, margin and acquisition cost, as absolute values — stay
 *     within MONEY_SUM_MAX (2^62).
 *
 * The last point is why no sum the model forms can overflow: each of them
 * adds distinct values of the dataset (a margin that is absent counts its
 * order's revenue instead, still once per order), so its magnitude is at
 * most the total of absolute values, at most 2^62; adding two such sums
 * (revenue of P0 and P1) stays below 2^63.  Checked addition in the
 * model's inner loops is therefore not needed.
 *
 * A snapshot that breaks a promise is ignored (and rewritten from the
 * store); a store that breaks one (rows written past treue) is an error
 * that names the customer.
 */
#include <string.h>

#include "dataset_int.h"

static int bad_struct(struct err *e, const char *what)
{
	return err_set(e,
	               L(e->lang, "the dataset is inconsistent (%s)",
	                 "der Datenbestand ist widersprüchlich (%s)"),
	               what);
}

static int bad_date(const struct dataset *ds, size_t i, const char *table, struct err *e)
{
	return err_set(e,
	               L(e->lang, "customer \"%s\": a date in %s " DAY_RANGE_EN,
	                 "Kunde \"%s\": ein Datum in %s " DAY_RANGE_DE),
	               ds_cid(ds, i), table);
}

static int bad_amount(const struct dataset *ds, size_t i, struct err *e)
{
	return err_set(e,
	               L(e->lang, "customer \"%s\": an amount " MONEY_RANGE_EN,
	                 "Kunde \"%s\": ein Betrag " MONEY_RANGE_DE),
	               ds_cid(ds, i));
}

static int too_much(const struct dataset *ds, size_t i, struct err *e)
{
	return err_set(e,
	               L(e->lang,
	                 "the amounts in the database add up to more than treue can sum "
	                 "(customer \"%s\" and those before)",
	                 "die Beträge der Datenbank ergeben zusammen mehr, als treue summieren "
	                 "kann (Kunde \"%s\" und die davor)"),
	               ds_cid(ds, i));
}

static int money_ok(int64_t v, int may_be_absent)
{
	return (may_be_absent && v == MONEY_NONE) || (v >= -MONEY_MAX && v <= MONEY_MAX);
}

static int date_ok(day_t d, int may_be_absent)
{
	return (may_be_absent && d == DAY_NONE) || day_in_range(d);
}

static int score_ok(int v, int may_be_absent)
{
	return (may_be_absent && v == SCORE_NONE) || (v >= 0 && v <= 100);
}

/* off[0..n] starts at 0, never decreases; its end is the row count. */
static int runs_ok(const uint32_t *off, size_t n)
{
	if (!off || off[0] != 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (off[i + 1] < off[i])
			return 0;
	return 1;
}

static int journal_runs_ok(const struct dataset *ds)
{
	const size_t c = ds->ncust;
	return runs_ok(ds->sv_off, c) && runs_ok(ds->ref_off, c) && runs_ok(ds->cmp_off, c) &&
	       runs_ok(ds->prm_off, c) && runs_ok(ds->dlg_off, c) && runs_ok(ds->dep_off, c) &&
	       runs_ok(ds->fol_off, c);
}

static int journal_rows(const struct dataset *ds, struct err *e);

/* |v| (0 when absent): what the amounts' total adds. */
static uint64_t abs_amount(int64_t v)
{
	return v == MONEY_NONE ? 0 : (uint64_t)(v < 0 ? -v : v);
}

/* Every order run lies inside the rows the columns hold: back to back
 * (the offsets start at 0, never decrease and end at the row count), or
 * each run within the first ord_base rows or within the extension (which
 * lies above them, inside the reserved room), their lengths adding up to
 * the row count. */
static int orders_ok(const struct dataset *ds)
{
	const size_t c = ds->ncust;
	const uint64_t *o = ds->ord_start, *z = ds->ord_end;
	if (!o || !z)
		return 0;
	if (z == o + 1) {
		if (o[0] != 0 || o[c] != ds->norders || ds->norders != ds->ord_base ||
		    ds->ord_ext_n)
			return 0;
		for (size_t i = 0; i < c; i++)
			if (o[i + 1] < o[i])
				return 0;
		return 1;
	}
	uint64_t base = ds->ord_base, x0 = ds->ord_ext_at, x1 = x0 + ds->ord_ext_n, n = 0;
	if (x0 < base || x1 < x0 || x1 > ds->ord_room)
		return 0;
	for (size_t i = 0; i < c; i++) {
		if (z[i] < o[i] || !(z[i] <= base || (o[i] >= x0 && z[i] <= x1)))
			return 0;
		if ((n += z[i] - o[i]) > ((uint64_t)1 << 62))
			return 0;
	}
	return n == ds->norders;
}

int dataset_check_journal(const struct dataset *ds, struct err *e)
{
	if (!journal_runs_ok(ds))
		return bad_struct(e, "runs");
	return journal_rows(ds, e);
}

int dataset_check(const struct dataset *ds, struct err *e)
{
	uint64_t total;
	return dataset_check_sum(ds, &total, e);
}

/* The rows of customer i's orders in range and by date; their absolute
 * amounts added to *total, 0 when it passes MONEY_SUM_MAX. */
static int run_ok(const struct dataset *ds, size_t i, uint64_t *total)
{
	day_t prev = DAY_MIN;
	for (uint64_t k = ds->ord_start[i]; k < ds->ord_end[i]; k++) {
		day_t d = ds->ord_date[k];
		int64_t r = ds->ord_rev[k], m = ds->ord_margin[k];
		if (!day_in_range(d) || d < prev || !money_ok(r, 0) || !money_ok(m, 1))
			return 0;
		prev = d;
		*total += abs_amount(r) + abs_amount(m);
		if (*total > (uint64_t)MONEY_SUM_MAX)
			return 0;
	}
	return 1;
}

/* The arrays' shape: counts, the pool's end, the runs of every table. */
static int shape_check(const struct dataset *ds, struct err *e)
{
	const size_t c = ds->ncust;
	if (c > UINT32_MAX - 1 || ds->pool_len > UINT32_MAX)
		return bad_struct(e, "counts");
	if (c && (!ds->pool_len || ds->pool[ds->pool_len - 1] != '\0'))
		return bad_struct(e, "names");
	if (!orders_ok(ds))
		return bad_struct(e, "orders");
	if (!journal_runs_ok(ds))
		return bad_struct(e, "runs");
	return 0;
}

/* Customer i's own fields: names in the pool, the erased mark, keys
 * rising, acquisition cost and date in range (check_sum_serial names which). */
static int cust_ok(const struct dataset *ds, size_t i)
{
	return ds->cid_off[i] < ds->pool_len && ds->name_off[i] < ds->pool_len &&
	       ds->owner_off[i] < ds->pool_len && ds->region_off[i] < ds->pool_len &&
	       ds->industry_off[i] < ds->pool_len && ds->erased[i] <= 1 && ds->key[i] >= 0 &&
	       (!i || ds->key[i] > ds->key[i - 1]) && money_ok(ds->acq_cost[i], 1) &&
	       date_ok(ds->acq_on[i], 1);
}

int dataset_check_added(const struct dataset *ds, size_t c0, uint64_t base_total, uint64_t *total)
{
	const size_t c = ds->ncust;
	uint64_t t = base_total;
	struct err e;
	err_init(&e, LANG_EN);
	if (c0 > c || !c || shape_check(ds, &e) || t > (uint64_t)MONEY_SUM_MAX)
		return -1;
	for (size_t i = c0; i < c; i++) {
		if (!cust_ok(ds, i))
			return -1;
		t += abs_amount(ds->acq_cost[i]);
	}
	/* the runs in the extension and those of the new customers (a run
	 * moved there counts twice: the total stays a bound) */
	for (size_t i = 0; i < c; i++)
		if ((i >= c0 || (ds->ord_ext_n && ds->ord_start[i] >= ds->ord_ext_at)) &&
		    !run_ok(ds, i, &t))
			return -1;
	if (journal_rows(ds, &e))
		return -1;
	*total = t;
	return 0;
}

/* The check one customer after the other, stopping at the first break:
 * the message names it. */
static int check_sum_serial(const struct dataset *ds, uint64_t *total_out, struct err *e)
{
	const size_t c = ds->ncust;
	uint64_t total = 0; /* absolute amounts; each step adds < 2^46, checked before 2^62 */

	/* (shape_check passed) names first: the messages below print the customer id */
	for (size_t i = 0; i < c; i++) {
		if (ds->cid_off[i] >= ds->pool_len || ds->name_off[i] >= ds->pool_len ||
		    ds->owner_off[i] >= ds->pool_len || ds->region_off[i] >= ds->pool_len ||
		    ds->industry_off[i] >= ds->pool_len || ds->erased[i] > 1)
			return bad_struct(e, "names");
		if (ds->key[i] < 0 || (i && ds->key[i] <= ds->key[i - 1]))
			return bad_struct(e, "keys");
	}
	day_t maxd = DAY_NONE;
	for (size_t i = 0; i < c; i++) {
		if (!money_ok(ds->acq_cost[i], 1))
			return bad_amount(ds, i, e);
		if (!date_ok(ds->acq_on[i], 1))
			return bad_date(ds, i,
			                L(e->lang, "the customer's record", "den Kundendaten"), e);
		total += abs_amount(ds->acq_cost[i]);
		if (total > (uint64_t)MONEY_SUM_MAX)
			return too_much(ds, i, e);
		day_t prev = DAY_MIN;
		for (uint64_t k = ds->ord_start[i]; k < ds->ord_end[i]; k++) {
			day_t d = ds->ord_date[k];
			int64_t r = ds->ord_rev[k], m = ds->ord_margin[k];
			if (!day_in_range(d))
				return bad_date(ds, i, L(e->lang, "the orders", "den Aufträgen"),
				                e);
			if (d < prev)
				return bad_struct(e, "order dates");
			prev = d;
			if (!money_ok(r, 0) || !money_ok(m, 1))
				return bad_amount(ds, i, e);
			total += abs_amount(r) + abs_amount(m);
			if (total > (uint64_t)MONEY_SUM_MAX)
				return too_much(ds, i, e);
		}
		if (ds->ord_end[i] > ds->ord_start[i] && (maxd == DAY_NONE || prev > maxd))
			maxd = prev;
	}
	if (maxd != ds->max_order_date)
		return bad_struct(e, "latest order");
	*total_out = total;
	return journal_rows(ds, e);
}

static int journal_rows_of(const struct dataset *ds, size_t lo, size_t hi, struct err *e);

/*
 * The same promises on two threads, half of the customers each, without
 * stopping: whether anything breaks one, the amounts' total and the
 * latest order date.  Only when something breaks does check_sum_serial run,
 * to name the first break exactly as it always does.
 */
struct check_job {
	const struct dataset *ds;
	int bad[2];
	uint64_t total[2];
	day_t maxd[2];
};

static void check_part(void *arg, size_t lo, size_t hi, int part)
{
	struct check_job *j = arg;
	const struct dataset *ds = j->ds;
	uint64_t total = 0;
	day_t maxd = DAY_NONE;
	int bad = 0;
	struct err e;
	err_init(&e, LANG_EN);
	/* the runs lie within the orders: shape_check has seen to it */
	for (size_t i = lo; i < hi && !bad; i++) {
		bad = !cust_ok(ds, i);
		total += abs_amount(ds->acq_cost[i]);
		bad |= total > (uint64_t)MONEY_SUM_MAX || !run_ok(ds, i, &total);
		uint64_t z = ds->ord_end[i];
		if (z > ds->ord_start[i] && (maxd == DAY_NONE || ds->ord_date[z - 1] > maxd))
			maxd = ds->ord_date[z - 1];
	}
	if (!bad)
		bad = journal_rows_of(ds, lo, hi, &e) != 0;
	j->bad[part] = bad, j->total[part] = total, j->maxd[part] = maxd;
}

int dataset_check_sum(const struct dataset *ds, uint64_t *total_out, struct err *e)
{
	const size_t c = ds->ncust;
	if (shape_check(ds, e))
		return -1;
	struct check_job j = {ds, {0, 0}, {0, 0}, {DAY_NONE, DAY_NONE}};
	parallel_for(c, 50000, check_part, &j);
	day_t maxd = j.maxd[0];
	if (j.maxd[1] != DAY_NONE && (maxd == DAY_NONE || j.maxd[1] > maxd))
		maxd = j.maxd[1];
	if (j.bad[0] || j.bad[1] || j.total[0] + j.total[1] > (uint64_t)MONEY_SUM_MAX)
		return check_sum_serial(ds, total_out, e);
	if (maxd != ds->max_order_date)
		return bad_struct(e, "latest order");
	*total_out = j.total[0] + j.total[1];
	return 0;
}

static int journal_rows(const struct dataset *ds, struct err *e)
{
	return journal_rows_of(ds, 0, ds->ncust, e);
}

static int journal_rows_of(const struct dataset *ds, size_t lo, size_t hi, struct err *e)
{
	const size_t c = ds->ncust;
	for (size_t i = lo; i < hi; i++) {
		for (uint32_t k = ds->sv_off[i]; k < ds->sv_off[i + 1]; k++) {
			const struct ds_survey *s = &ds->sv[k];
			if (!day_in_range(s->date))
				return bad_date(ds, i, L(e->lang, "the surveys", "den Umfragen"),
				                e);
			if (!score_ok(s->satisfaction, 0) || !score_ok(s->recommend, 1) ||
			    !score_ok(s->value, 1))
				return bad_struct(e, "scores");
		}
		for (uint32_t k = ds->ref_off[i]; k < ds->ref_off[i + 1]; k++) {
			if (!day_in_range(ds->ref[k].date))
				return bad_date(ds, i,
				                L(e->lang, "the referrals", "den Empfehlungen"), e);
			if (ds->ref[k].to >= c)
				return bad_struct(e, "referrals");
		}
		for (uint32_t k = ds->cmp_off[i]; k < ds->cmp_off[i + 1]; k++)
			if (!date_ok(ds->cmp[k].date, 0) || !date_ok(ds->cmp[k].resolved_on, 1))
				return bad_date(
				    ds, i, L(e->lang, "the complaints", "den Reklamationen"), e);
		for (uint32_t k = ds->prm_off[i]; k < ds->prm_off[i + 1]; k++) {
			const struct ds_promise *p = &ds->prm[k];
			if (!date_ok(p->made_on, 0) || !date_ok(p->due_on, 0) ||
			    !date_ok(p->closed_on, 1))
				return bad_date(ds, i, L(e->lang, "the promises", "den Zusagen"),
				                e);
			if (p->status > PROMISE_RENEGOTIATED)
				return bad_struct(e, "promises");
		}
		for (uint32_t k = ds->dlg_off[i]; k < ds->dlg_off[i + 1]; k++)
			if (!day_in_range(ds->dlg[k]))
				return bad_date(
				    ds, i, L(e->lang, "the dialogues", "den Kundengesprächen"), e);
		for (uint32_t k = ds->dep_off[i]; k < ds->dep_off[i + 1]; k++)
			if (!day_in_range(ds->dep[k]))
				return bad_date(ds, i, L(e->lang, "the departures", "den Abgängen"),
				                e);
		for (uint32_t k = ds->fol_off[i]; k < ds->fol_off[i + 1]; k++)
			if (!day_in_range(ds->fol[k].date) || !day_in_range(ds->fol[k].follow_up))
				return bad_date(
				    ds, i, L(e->lang, "the follow-ups", "den Wiedervorlagen"), e);
	}
	return 0;
}
