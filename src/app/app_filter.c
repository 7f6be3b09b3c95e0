/*
 * app_filter.c — the one filter of every list (actions, segments, agenda,
 * report promises, report cadence, list): --owner, --region, --industry
 * and --segment turned into a selection of the dataset's customers.
 *
 * Owner and region match on a start of the name, industry on the whole
 * name, all three compared in one normal form: case folded (also À–Þ to
 * à–þ), Ä Ö Ü ä ö ü ß written ae oe ue ss (the vocabulary's normal form),
 * spaces and punctuation left out — so "mül", "Mue" and "MÜLLER" all find
 * "Müller, Jana".  The segment is any word the vocabulary knows for one,
 * at the D of the loyalty result given.  A criterion that matches no
 * customer is an error that names the known values; so is a combination
 * that matches nobody — a list never says "nothing to do" because of a
 * typing error.
 */
#include <stdlib.h>
#include <string.h>

#include "app_int.h"

/* The filters' normal form of s into out. */
static void fold(const char *s, struct strbuf *out)
{
	struct strbuf low = STRBUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* U+00C0..U+00DE (but U+00D7 ×) are the capitals of U+00E0..U+00FE */
		if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) {
			sb_addch(&low, (char)0xC3);
			sb_addch(&low, (char)(p[1] + 0x20));
			p++;
			continue;
		}
		sb_addch(&low, (char)*p);
	}
	vocab_normalise(low.buf ? low.buf : "", out);
	sb_release(&low);
}

int app_name_starts(const char *name, const char *start)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	fold(name ? name : "", &a);
	fold(start ? start : "", &b);
	int r = str_starts_with(a.buf ? a.buf : "", b.buf ? b.buf : "");
	sb_release(&a);
	sb_release(&b);
	return r;
}

int app_filter_given(const struct app_filter *f)
{
	return f && (f->owner || f->region || f->industry || f->segment);
}

void app_selection_release(struct app_selection *s)
{
	free(s->keep);
	free(s->owner_n);
	free(s->region_n);
	free(s->industry_n);
	memset(s, 0, sizeof(*s));
	s->segment = -1;
}

/* The normal form of a filter value, or NULL when none was given.  A value
 * without a letter or digit would match everything: it is refused. */
static int norm_value(const char *field, const char *v, char **out, struct err *e)
{
	struct strbuf n = STRBUF_INIT;
	*out = NULL;
	if (!v)
		return 0;
	fold(v, &n);
	if (!n.len) {
		sb_release(&n);
		snprintf(e->field, sizeof(e->field), "%s", field);
		snprintf(e->value, sizeof(e->value), "%s", v);
		err_set(e, L(e->lang, "names nobody (give a start of a name)",
		             "nennt niemanden (einen Namensanfang angeben)"));
		return APP_BAD_REQUEST;
	}
	*out = sb_detach(&n);
	return 0;
}

/* A cache of match results by the value as stored (owners, regions and
 * industries repeat over many customers). */
static int matches(struct strmap *cache, const char *value, const char *want, int whole,
                   struct strbuf *tmp)
{
	int64_t *hit = strmap_get(cache, value);
	if (hit)
		return (int)*hit;
	fold(value, tmp);
	const char *v = tmp->buf ? tmp->buf : "";
	int m = *value && (whole ? !strcmp(v, want) : str_starts_with(v, want));
	strmap_put(cache, value, m);
	return m;
}

int app_selection_owner(const struct app_selection *s, const char *owner)
{
	if (!s->owner_n)
		return 1;
	struct strbuf n = STRBUF_INIT;
	fold(owner ? owner : "", &n);
	int m = owner && *owner && str_starts_with(n.buf ? n.buf : "", s->owner_n);
	sb_release(&n);
	return m;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Which criterion matched nobody. */
enum crit { CRIT_OWNER, CRIT_REGION, CRIT_INDUSTRY };

/* "no account manager's name starts with "X"; known: A, B, C" — the
 * distinct values of the criterion's column (and the extra names),
 * sorted, at most 40. */
static int nobody(const struct dataset *ds, enum crit crit, const char *const *extra, size_t nextra,
                  const char *value, struct err *e)
{
	const char *(*col)(const struct dataset *, size_t) = crit == CRIT_OWNER    ? ds_owner
	                                                     : crit == CRIT_REGION ? ds_region
	                                                                           : ds_industry;
	struct strmap seen;
	const char **v = NULL;
	size_t n = 0, alloc = 0;
	struct strbuf list = STRBUF_INIT;
	strmap_init(&seen);
	for (size_t i = 0; i < ds->ncust + nextra; i++) {
		const char *s = i < ds->ncust ? col(ds, i) : extra[i - ds->ncust];
		if (!s || !*s || strmap_get(&seen, s))
			continue;
		strmap_put(&seen, s, 1);
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = s;
	}
	if (n) /* qsort takes no NULL array, not even empty (a database without customers) */
		qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n && i < 40; i++)
		sb_addf(&list, "%s%s", i ? ", " : "", v[i]);
	if (n > 40)
		sb_addf(&list, ", … (%zu)", n);
	if (!n)
		sb_adds(&list, L(e->lang, "none", "keine"));
	switch (crit) {
	case CRIT_OWNER:
		err_set(e,
		        L(e->lang, "no account manager's name starts with \"%s\"; known: %s",
		          "kein Betreuername beginnt mit \"%s\"; bekannt: %s"),
		        value, list.buf);
		break;
	case CRIT_REGION:
		err_set(e,
		        L(e->lang, "no region starts with \"%s\"; known: %s",
		          "keine Region beginnt mit \"%s\"; bekannt: %s"),
		        value, list.buf);
		break;
	default:
		err_set(e,
		        L(e->lang, "no customer is in the industry \"%s\"; known: %s",
		          "kein Kunde ist in der Branche \"%s\"; bekannt: %s"),
		        value, list.buf);
	}
	free(v);
	sb_release(&list);
	strmap_release(&seen);
	return APP_ERR;
}

int app_select(const struct app_ctx *c, const struct dataset *ds, const struct loyalty *l,
               const struct app_filter *f, unsigned flags, const char *const *extra_owners,
               size_t nextra, struct app_selection *s, struct err *e)
{
	struct strmap co, cr, ci;
	struct strbuf tmp = STRBUF_INIT;
	int rc;
	(void)c;
	memset(s, 0, sizeof(*s));
	s->segment = -1;
	if (!app_filter_given(f))
		return 0;
	if ((rc = norm_value("owner", f->owner, &s->owner_n, e)) ||
	    (rc = norm_value("region", f->region, &s->region_n, e)) ||
	    (rc = norm_value("industry", f->industry, &s->industry_n, e))) {
		app_selection_release(s);
		return rc;
	}
	if (f->segment) {
		int w = vocab_parse(VOCAB_SEGMENT, f->segment, e);
		if (w < 0) {
			app_selection_release(s);
			return APP_BAD_REQUEST;
		}
		const char *code = vocab_code(VOCAB_SEGMENT, w);
		for (int k = 0; k < SEG__COUNT; k++)
			if (!strcmp(segment_key[k], code))
				s->segment = k;
		if (s->segment < 0 || !l) {
			app_selection_release(s);
			return err_set(e, "BUG: segment %s without a model", code);
		}
	}
	strmap_init(&co);
	strmap_init(&cr);
	strmap_init(&ci);
	s->keep = xcalloc(ds->ncust + 1, 1);
	size_t n_owner = 0, n_region = 0, n_industry = 0, n_segment = 0;
	int use_owner = s->owner_n && !(flags & APP_SEL_NO_OWNER);
	for (size_t i = 0; i < ds->ncust; i++) {
		int ok_o = !s->owner_n || matches(&co, ds_owner(ds, i), s->owner_n, 0, &tmp);
		int ok_r = !s->region_n || matches(&cr, ds_region(ds, i), s->region_n, 0, &tmp);
		int ok_i =
		    !s->industry_n || matches(&ci, ds_industry(ds, i), s->industry_n, 1, &tmp);
		int ok_s = s->segment < 0 || l->fig[i].segment == s->segment;
		n_owner += s->owner_n && ok_o;
		n_region += s->region_n && ok_r;
		n_industry += s->industry_n && ok_i;
		n_segment += s->segment >= 0 && ok_s;
		if ((ok_o || !use_owner) && ok_r && ok_i && ok_s) {
			s->keep[i] = 1;
			s->nkept++;
		}
	}
	rc = 0;
	if (s->owner_n && !n_owner) {
		/* the extra names (a promise's holder) may match where no customer does */
		int extra = 0;
		for (size_t k = 0; k < nextra && !extra; k++)
			extra = app_selection_owner(s, extra_owners[k]);
		if (!extra)
			rc = nobody(ds, CRIT_OWNER, extra_owners, nextra, f->owner, e);
	}
	if (!rc && s->region_n && !n_region)
		rc = nobody(ds, CRIT_REGION, NULL, 0, f->region, e);
	if (!rc && s->industry_n && !n_industry)
		rc = nobody(ds, CRIT_INDUSTRY, NULL, 0, f->industry, e);
	if (!rc && s->segment >= 0 && !n_segment)
		rc = err_set(e, L(e->lang, "no customer is %s at %s", "kein Kunde ist %s zum %s"),
		             segment_label_n(s->segment, e->lang, VOCAB_MANY),
		             day_format_lang(l->as_of, e->lang, (char[11]){0}));
	if (!rc && !s->nkept)
		rc = err_set(e, L(e->lang, "no customer matches %s", "kein Kunde passt zu %s"),
		             app_filter_text(f, e->lang, &tmp));
	strmap_release(&co);
	strmap_release(&cr);
	strmap_release(&ci);
	sb_release(&tmp);
	if (rc)
		app_selection_release(s);
	return rc;
}

const char *app_filter_text(const struct app_filter *f, enum lang lang, struct strbuf *out)
{
	struct {
		const char *v, *en, *de;
	} parts[] = {
	    {f->owner, "account manager", "Betreuer"},
	    {f->region, "region", "Region"},
	    {f->industry, "industry", "Branche"},
	    {f->segment, "segment", "Segment"},
	};
	sb_reset(out);
	for (size_t k = 0; k < ARRAY_SIZE(parts); k++)
		if (parts[k].v)
			sb_addf(out, "%s%s \"%s\"", out->len ? ", " : "",
			        L(lang, parts[k].en, parts[k].de), parts[k].v);
	return out->buf ? out->buf : "";
}

/* ---- the filters of the journal's lists and reports ---- */

int app_journal_select(const struct app_ctx *c, const struct app_filter *f, day_t D, unsigned flags,
                       const char *const *extra_owners, size_t nextra, struct app_journal_sel *js,
                       struct err *e)
{
	memset(js, 0, sizeof(*js));
	js->sel.segment = -1;
	if (!app_filter_given(f))
		return 0;
	/* the journal reads the stored settings, as its reports do */
	struct app_ctx plain = *c;
	plain.overrides = NULL;
	plain.noverrides = 0;
	int rc = app_analysis_load(&plain, &js->a, e);
	if (rc)
		return rc;
	if (f->segment) {
		model_compute(&js->a.ds, D, &js->a.set, NULL, &js->l);
		js->has_l = 1;
	}
	rc = app_select(c, &js->a.ds, js->has_l ? &js->l : NULL, f, flags, extra_owners, nextra,
	                &js->sel, e);
	if (rc)
		app_journal_sel_release(js);
	else
		js->active = 1;
	return rc;
}

int app_journal_selected(const struct app_journal_sel *js, int64_t key)
{
	if (!js->active)
		return 1;
	long i = dataset_index_of_key(&js->a.ds, key);
	return i >= 0 && app_selected(&js->sel, (size_t)i);
}

const char *app_journal_owner_of(const struct app_journal_sel *js, int64_t key)
{
	long i = js->active ? dataset_index_of_key(&js->a.ds, key) : -1;
	return i >= 0 ? ds_owner(&js->a.ds, (size_t)i) : "";
}

void app_journal_sel_release(struct app_journal_sel *js)
{
	app_selection_release(&js->sel);
	if (js->has_l)
		loyalty_release(&js->l);
	app_analysis_release(&js->a);
	memset(js, 0, sizeof(*js));
	js->sel.segment = -1;
}
