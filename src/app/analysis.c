/*
 * The analysis views: read the kept counts of a fiscal year (and of the
 * year before, carried through the crosswalk), add them up per function,
 * nation and coverage gap, and suppress what the reader may not see. See
 * analysis.h and docs/metrics.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/analysis.h"
#include "app/authz.h"
#include "base/util.h"
#include "store/store_catalog.h"
#include "store/store_safety.h"

#define STR2(x) #x
#define STR(x) STR2(x)

static int refuse(struct kj_analysis_refusal *why, int code, const char *en, const char *ja)
{
	why->code = code;
	kj_strlcpy(why->en, en, sizeof why->en);
	kj_strlcpy(why->ja, ja, sizeof why->ja);
	return 1;
}

void kj_analysis_free(struct kj_analysis *a)
{
	free(a->open);
	free(a->cur);
	free(a->prv);
	free(a->nat);
	free(a->nat_prv);
	free(a->fn);
	free(a->nat_fn);
	free(a->kind);
	free(a->operators);
	free(a->respondents);
	free(a->submitted);
	free(a->ngap);
	free(a->gap);
	if (a->has_cov)
		kj_coverage_free(&a->cov);
	memset(a, 0, sizeof *a);
}

/* Rows of counts into one of A's sector x requirement tables. */
struct fill {
	struct kj_analysis *a;
	struct kj_analysis_fig *to;
	char last_req[KJ_ID_MAX];
	int last_r;
};

static int sector_index(const struct kj_analysis *a, const char *code)
{
	for (int s = 0; s < a->ns; s++)
		if (!strcmp(a->cat.sectors[s].code, code))
			return s;
	return -1;
}

static int on_count(void *ctx, const char *sector, const char *dim, const char *value,
		    const char *req, int level, long n)
{
	struct fill *f = ctx;
	(void)value;
	int s = sector_index(f->a, sector);
	if (strcmp(f->last_req, req)) {
		kj_strlcpy(f->last_req, req, sizeof f->last_req);
		f->last_r = kj_catalog_req_index(&f->a->cat, req);
	}
	int r = f->last_r;
	if (s < 0 || r < 0)
		return 0;
	struct kj_analysis_fig *c = &f->to[(size_t)s * (size_t)f->a->nr + (size_t)r];
	kj_levels_add(&c->l, level, n);
	(void)dim;
	return 0;
}

static int on_group(void *ctx, const char *sector, const char *dim, const char *value, long n)
{
	struct kj_analysis *a = ctx;
	int s = sector_index(a, sector);
	if (s >= 0 && !strcmp(dim, "all"))
		a->operators[s] += n;
	(void)value;
	return 0;
}

static int on_response(void *ctx, const char *sector, const char *what, const char *value,
		       long n)
{
	struct kj_analysis *a = ctx;
	int resp = !strcmp(what, "respondents");
	(void)value;
	if (!strcmp(sector, "*")) {
		*(resp ? &a->nat_respondents : &a->nat_submitted) += n;
		return 0;
	}
	int s = sector_index(a, sector);
	if (s >= 0)
		(resp ? a->respondents : a->submitted)[s] += n;
	return 0;
}

static int on_pooled(void *ctx, const char *sector, const char *dim, const char *value,
		     const char *req, int level, long n)
{
	struct kj_analysis *a = ctx;
	(void)sector;
	(void)req;
	/* A value's rows come together: most rows are the last value's. */
	int i = a->nvalues - 1;
	if (i < 0 || strcmp(a->values[i].dim, dim) || strcmp(a->values[i].value, value))
		for (i = 0; i < a->nvalues && (strcmp(a->values[i].dim, dim) ||
					       strcmp(a->values[i].value, value)); i++)
			;
	if (i == a->nvalues) {
		if (a->nvalues == KJ_ANALYSIS_VALUES_MAX)
			return 0;
		kj_strlcpy(a->values[i].dim, dim, sizeof a->values[i].dim);
		kj_strlcpy(a->values[i].value, value, sizeof a->values[i].value);
		a->nvalues++;
	}
	kj_levels_add(&a->values[i].f.l, level, n);
	return 0;
}

static int on_value_group(void *ctx, const char *sector, const char *dim, const char *value,
			  long n)
{
	struct kj_analysis *a = ctx;
	(void)sector;
	for (int i = 0; i < a->nvalues; i++)
		if (!strcmp(a->values[i].dim, dim) && !strcmp(a->values[i].value, value))
			a->values[i].f.size += n;
	return 0;
}

/* Every table of A, sized for its catalog. */
static int alloc_tables(struct kj_analysis *a, struct kj_err *err)
{
	size_t ns = (size_t)a->ns, nr = (size_t)a->nr, nf = (size_t)a->nf;
	a->open = calloc(ns, 1);
	a->cur = calloc(ns * nr, sizeof *a->cur);
	a->prv = calloc(ns * nr, sizeof *a->prv);
	a->nat = calloc(nr, sizeof *a->nat);
	a->nat_prv = calloc(nr, sizeof *a->nat_prv);
	a->fn = calloc(ns * nf, sizeof *a->fn);
	a->nat_fn = calloc(nf, sizeof *a->nat_fn);
	a->kind = malloc(nr);
	a->operators = calloc(ns, sizeof *a->operators);
	a->respondents = calloc(ns, sizeof *a->respondents);
	a->submitted = calloc(ns, sizeof *a->submitted);
	a->ngap = calloc(ns, sizeof *a->ngap);
	a->gap = calloc(ns, sizeof *a->gap);
	if (!a->open || !a->cur || !a->prv || !a->nat || !a->nat_prv || !a->fn || !a->nat_fn ||
	    !a->kind || !a->operators || !a->respondents || !a->submitted || !a->ngap || !a->gap) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	memset(a->kind, -1, nr);
	return 0;
}

/* Operators counted in more than one sector: a sum over the sectors counts
 * each of them again, so it holds fewer operators than it says. */
static long counted_twice(const struct kj_analysis *a)
{
	long sum = 0;
	for (int s = 0; s < a->ns; s++)
		sum += a->operators[s];
	return sum > a->nat_submitted ? sum - a->nat_submitted : 0;
}

/* Must the nation's figure go, and by which rule? The sectors' group said
 * so (TOTAL), or the figure (SIZE, APP) holds fewer than K operators, or it
 * or what its hidden sectors hold together (HIDDEN, HAPP) may once those
 * counted twice are taken away. 0: it may be shown. */
static unsigned char nat_hidden(long size, long app, long hidden, long happ, long twice, int k,
				int total)
{
	if (total)
		return KJ_SUP_TOTAL;
	if (size > 0 && size < k)
		return KJ_SUP_PRIMARY_K;
	if (app > 0 && app < k)
		return KJ_SUP_PRIMARY_APP;
	if ((size > 0 && size - twice < k) || (app > 0 && app - twice < k) ||
	    (hidden > 0 && hidden - twice < k) || (happ > 0 && happ - twice < k))
		return KJ_SUP_MULTI_SECTOR;
	return KJ_SUP_NONE;
}

/* Marks F suppressed by RULE unless it already is (the first rule stays). */
static void mark(unsigned char *f, unsigned char rule)
{
	if (!*f)
		*f = rule;
}

#define GROUP_MAX (KJ_ANALYSIS_VALUES_MAX + 128)

/* Requirement R's cells across the sectors, and the nation's (their total). */
static void suppress_req(struct kj_analysis *a, struct kj_analysis_fig *t,
			 struct kj_analysis_fig *nat, const unsigned char *prev, int r, long twice)
{
	int ns = a->ns, nr = a->nr, k = a->k;
	long size[GROUP_MAX], app[GROUP_MAX];
	struct kj_levels lv[GROUP_MAX];
	unsigned char sup[GROUP_MAX], was[GROUP_MAX];
	for (int s = 0; s < ns; s++) {
		struct kj_analysis_fig *c = &t[(size_t)s * (size_t)nr + (size_t)r];
		c->size = kj_levels_answers(&c->l);
		size[s] = c->size;
		app[s] = kj_levels_applicable(&c->l);
		lv[s] = c->l;
		sup[s] = 0;
		was[s] = prev && a->kind[r] >= 0 && prev[(size_t)s * (size_t)nr + (size_t)r];
		kj_levels_sum(&nat[r].l, &c->l);
	}
	nat[r].size = kj_levels_answers(&nat[r].l);
	struct kj_suppress_in in = { size, app, lv, a->open, prev ? was : NULL, ns, k };
	int total = kj_metrics_suppress_rules(&in, sup);
	long hidden = 0, happ = 0;
	for (int s = 0; s < ns; s++) {
		t[(size_t)s * (size_t)nr + (size_t)r].suppressed = sup[s];
		hidden += sup[s] ? size[s] : 0;
		happ += sup[s] ? app[s] : 0;
	}
	if (a->all_open)
		return;
	nat[r].suppressed = nat_hidden(nat[r].size, kj_levels_applicable(&nat[r].l), hidden, happ,
				       twice, k, total);
	if (!nat[r].suppressed && kj_levels_dominated(&nat[r].l))
		nat[r].suppressed = KJ_SUP_DOMINANCE;
}

/* Sector S's function F: its requirements' cells (the function's cell is
 * their total). */
static void suppress_fn(struct kj_analysis *a, struct kj_analysis_fig *t,
			struct kj_analysis_fig *fn, const unsigned char *prev, int s, int f)
{
	int nr = a->nr, n = 0, idx[GROUP_MAX];
	long size[GROUP_MAX], app[GROUP_MAX];
	struct kj_levels lv[GROUP_MAX];
	unsigned char sup[GROUP_MAX], was[GROUP_MAX];
	struct kj_analysis_fig *c = &fn[(size_t)s * (size_t)a->nf + (size_t)f];
	for (int r = 0; r < nr && n < GROUP_MAX; r++) {
		if (a->cat.reqs[r].function != f)
			continue;
		struct kj_analysis_fig *q = &t[(size_t)s * (size_t)nr + (size_t)r];
		kj_levels_sum(&c->l, &q->l);
		idx[n] = r;
		size[n] = q->size;
		app[n] = kj_levels_applicable(&q->l);
		lv[n] = q->l;
		was[n] = prev && a->kind[r] >= 0 && prev[(size_t)s * (size_t)nr + (size_t)r];
		sup[n++] = q->suppressed;
	}
	c->size = a->operators[s];
	if (a->open[s])
		return;
	struct kj_suppress_in in = { size, app, lv, NULL, prev ? was : NULL, n, a->k };
	if (kj_metrics_suppress_rules(&in, sup))
		mark(&c->suppressed, KJ_SUP_TOTAL);
	for (int i = 0; i < n; i++)
		mark(&t[(size_t)s * (size_t)nr + (size_t)idx[i]].suppressed, sup[i]);
}

/*
 * Suppression of one year's requirement cells T (and the national NAT): per
 * requirement across the sectors (the nation is their total), then per
 * sector and function across its requirements (the function's cell is
 * theirs, into FN when given), then per function across the sectors. PREV
 * ([ns * nr], NULL: none) is the previous year's pattern of the same cells.
 */
static void suppress_year(struct kj_analysis *a, struct kj_analysis_fig *t,
			  struct kj_analysis_fig *nat, struct kj_analysis_fig *fn,
			  const unsigned char *prev)
{
	int ns = a->ns, nr = a->nr, k = a->k;
	long twice = counted_twice(a);
	long size[GROUP_MAX], app[GROUP_MAX];
	unsigned char sup[GROUP_MAX];
	if (ns > GROUP_MAX || nr > GROUP_MAX)
		return;
	for (int r = 0; r < nr; r++)
		suppress_req(a, t, nat, prev, r, twice);
	if (!fn)
		return;
	for (int s = 0; s < ns; s++)
		for (int f = 0; f < a->nf; f++)
			suppress_fn(a, t, fn, prev, s, f);
	for (int f = 0; f < a->nf; f++) {
		for (int s = 0; s < ns; s++) {
			struct kj_analysis_fig *c = &fn[(size_t)s * (size_t)a->nf + (size_t)f];
			size[s] = c->size;
			app[s] = kj_levels_applicable(&c->l);
			sup[s] = c->suppressed;
			kj_levels_sum(&a->nat_fn[f].l, &c->l);
			a->nat_fn[f].size += c->size;
		}
		struct kj_suppress_in in = { size, app, NULL, a->open, NULL, ns, k };
		int total = kj_metrics_suppress_rules(&in, sup);
		long hidden = 0;
		for (int s = 0; s < ns; s++) {
			fn[(size_t)s * (size_t)a->nf + (size_t)f].suppressed = sup[s];
			hidden += sup[s] ? size[s] : 0;
		}
		if (!a->all_open)
			a->nat_fn[f].suppressed = nat_hidden(a->nat_fn[f].size, 0, hidden, 0, twice,
							     k, total);
	}
}

/* Each sector's coverage gaps: how many, and the answers to them (shown
 * only when every one of those answers' cells is). */
static void gaps(struct kj_analysis *a)
{
	for (int s = 0; s < a->ns; s++) {
		struct kj_analysis_fig *g = &a->gap[s];
		g->size = a->operators[s];
		for (int r = 0; r < a->nr; r++) {
			if (!kj_cov_is_gap(kj_coverage_at(&a->cov, s, r)))
				continue;
			const struct kj_analysis_fig *c = &a->cur[(size_t)s * (size_t)a->nr + (size_t)r];
			a->ngap[s]++;
			kj_levels_sum(&g->l, &c->l);
			if (c->suppressed)
				mark(&g->suppressed, KJ_SUP_SECONDARY);
		}
		if (!a->open[s] && g->size > 0 && g->size < a->k)
			mark(&g->suppressed, KJ_SUP_PRIMARY_K);
	}
}

/* The sector view's breakdowns, each suppressed across its values. */
static void suppress_values(struct kj_analysis *a)
{
	static const char *const dims[] = { "size", "pref", "kikan", "lg" };
	int open = a->open[a->sector];
	for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++) {
		long size[KJ_ANALYSIS_VALUES_MAX], app[KJ_ANALYSIS_VALUES_MAX];
		unsigned char sup[KJ_ANALYSIS_VALUES_MAX];
		int idx[KJ_ANALYSIS_VALUES_MAX], n = 0;
		for (int i = 0; i < a->nvalues; i++)
			if (!strcmp(a->values[i].dim, dims[d])) {
				idx[n] = i;
				size[n] = a->values[i].f.size;
				app[n] = kj_levels_applicable(&a->values[i].f.l);
				sup[n++] = 0;
			}
		if (open)
			continue;
		struct kj_suppress_in in = { size, app, NULL, NULL, NULL, n, a->k };
		int all = kj_metrics_suppress_rules(&in, sup);
		for (int i = 0; i < n; i++)
			a->values[idx[i]].f.suppressed = sup[i] ? sup[i] : all ? KJ_SUP_TOTAL : 0;
	}
}

/* A's catalog (its survey's standard version) and its tables. */
static int setup_year(struct kj_store *st, struct kj_analysis *a, struct kj_err *err)
{
	if (kj_store_catalog_view(st, a->sv.version, &a->cat, err) < 0)
		return -1;
	a->ns = a->cat.nsectors;
	a->nr = a->cat.nreqs;
	a->nf = a->cat.nfunctions;
	a->sector = a->req = -1;
	return alloc_tables(a, err);
}

/* Which of A's sectors USER sees whole. */
static void open_for(struct kj_analysis *a, const struct kj_user *user)
{
	a->all_open = 1;
	for (int s = 0; s < a->ns; s++) {
		a->open[s] = !a->aggregate_only &&
			     kj_authz_analysis(user, a->cat.sectors[s].code) == KJ_ANALYSIS_OPERATOR;
		a->all_open &= a->open[s];
	}
}

/* The fiscal year's survey and the previous year's, the view's sector or
 * requirement: 1 with WHY when refused. */
static int find_view(struct kj_store *st, const char *fy, const char *sector, const char *req,
		     struct kj_analysis *a, struct kj_analysis_refusal *why, struct kj_err *err)
{
	long y;
	int found;
	if (!fy || kj_parse_long(fy, KJ_SURVEY_FY_MIN, KJ_SURVEY_FY_MAX, &y) < 0)
		return refuse(why, 400, "fy must be a fiscal year from " STR(KJ_SURVEY_FY_MIN)
			      " to " STR(KJ_SURVEY_FY_MAX),
			      "年度 (fy) は " STR(KJ_SURVEY_FY_MIN) "〜" STR(KJ_SURVEY_FY_MAX)
			      " の西暦年で指定してください");
	if (kj_store_analysis_survey(st, (int)y, &a->sv, &found, err) < 0)
		return -1;
	if (!found)
		return refuse(why, 404, "no questionnaire survey of that fiscal year has opened",
			      "その年度の質問調査は実施されていません");
	if (kj_store_analysis_survey(st, (int)y - 1, &a->prev, &a->has_prev, err) < 0 ||
	    setup_year(st, a, err) < 0)
		return -1;
	if (a->view == KJ_VIEW_SECTOR &&
	    (!sector || (a->sector = kj_catalog_sector_index(&a->cat, sector)) < 0))
		return refuse(why, 404, "no such sector", "その分野はありません");
	if (a->view == KJ_VIEW_REQUIREMENT &&
	    (!req || (a->req = kj_catalog_req_index(&a->cat, req)) < 0))
		return refuse(why, 404, "no such requirement in the standard version of that "
			      "fiscal year's survey", "その年度の調査の統一基準にその対策事項はありません");
	return 0;
}

/* A's counts, and its coverage unless NO_COV (the previous year's). */
static int load_counts(struct kj_store *st, struct kj_analysis *a, int no_cov,
		       struct kj_err *err)
{
	struct fill f = { a, a->cur, "", -1 };
	if (kj_store_analysis_groups(st, a->sv.id, NULL, on_group, a, err) < 0 ||
	    kj_store_analysis_counts(st, a->sv.id, on_count, &f, err) < 0 ||
	    kj_store_analysis_responses(st, a->sv.id, on_response, a, err) < 0)
		return -1;
	if (a->view == KJ_VIEW_SECTOR) {
		const char *code = a->cat.sectors[a->sector].code;
		if (kj_store_analysis_pooled(st, a->sv.id, code, on_pooled, a, err) < 0 ||
		    kj_store_analysis_groups(st, a->sv.id, code, on_value_group, a, err) < 0)
			return -1;
	}
	if (no_cov)
		return 0;
	if (kj_store_coverage(st, &a->cat, &a->cov, err) < 0)
		return -1;
	a->has_cov = 1;
	return 0;
}

/* The previous year (P, its own national view) carried into A. */
struct carry {
	struct kj_analysis *a, *p;
	int smap[KJ_ANALYSIS_VALUES_MAX];	/* A's sector -> P's, or -1 */
};

static int on_link(void *ctx, const char *old, const char *new_id, int severity)
{
	struct carry *c = ctx;
	struct kj_analysis *a = c->a, *p = c->p;
	int o = kj_catalog_req_index(&p->cat, old), r = kj_catalog_req_index(&a->cat, new_id);
	if (o < 0 || r < 0)
		return 0;
	if (severity > a->kind[r])
		a->kind[r] = (signed char)severity;
	for (int s = 0; s < a->ns; s++) {
		if (c->smap[s] < 0)
			continue;
		struct kj_analysis_fig *to = &a->prv[(size_t)s * (size_t)a->nr + (size_t)r];
		const struct kj_analysis_fig *from =
			&p->cur[(size_t)c->smap[s] * (size_t)p->nr + (size_t)o];
		kj_levels_sum(&to->l, &from->l);
		to->size += from->size;
		mark(&to->suppressed, from->suppressed);
	}
	kj_levels_sum(&a->nat_prv[r].l, &p->nat[o].l);
	a->nat_prv[r].size += p->nat[o].size;
	mark(&a->nat_prv[r].suppressed, p->nat[o].suppressed);
	return 0;
}

/*
 * The previous year's figures as that year's own national view shows them
 * to USER, carried to A's requirements through the crosswalk: a
 * requirement takes every earlier one it follows from, and is suppressed
 * where any of them is (so that no carried sum, minus what that year shows,
 * gives what it hides).
 */
static int carry_prev(struct kj_store *st, const struct kj_user *user, struct kj_analysis *a,
		      struct kj_err *err)
{
	struct kj_analysis *p = calloc(1, sizeof *p);
	if (!p) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	p->view = KJ_VIEW_NATIONAL;
	p->k = a->k;
	p->aggregate_only = a->aggregate_only;
	p->sv = a->prev;
	int rc = -1;
	if (setup_year(st, p, err) < 0)
		goto out;
	open_for(p, user);
	if (load_counts(st, p, 1, err) < 0)
		goto out;
	suppress_year(p, p->cur, p->nat, p->fn, NULL);
	struct carry c = { a, p, { 0 } };
	for (int s = 0; s < a->ns && s < KJ_ANALYSIS_VALUES_MAX; s++)
		c.smap[s] = kj_catalog_sector_index(&p->cat, a->cat.sectors[s].code);
	rc = kj_store_analysis_links(st, p->sv.version_id, a->sv.version_id, on_link, &c, err);
out:
	kj_analysis_free(p);
	free(p);
	return rc;
}

/* The previous year's pattern of A's requirement cells, as carried. */
static unsigned char *prev_pattern(const struct kj_analysis *a)
{
	size_t n = (size_t)a->ns * (size_t)a->nr;
	unsigned char *p = calloc(n ? n : 1, 1);
	for (size_t i = 0; p && i < n; i++)
		p[i] = a->prv[i].suppressed != 0;
	return p;
}

int kj_analysis_open(struct kj_store *st, const struct kj_user *user, int aggregate,
		     enum kj_analysis_view view, const char *fy, const char *sector, const char *req,
		     int k, struct kj_analysis *a, struct kj_analysis_refusal *why,
		     struct kj_err *err)
{
	memset(a, 0, sizeof *a);
	memset(why, 0, sizeof *why);
	a->view = view;
	a->k = k ? k : KJ_ANALYSIS_K;
	a->aggregate_only = aggregate;
	int rc = -1;
	if (user && (!kj_authz_allow(user, KJ_PERM_ANALYSIS_READ) || !kj_authz_analysis_live(user))) {
		rc = refuse(why, 404, "not found", "見つかりません");
		goto out;
	}
	if (a->k < KJ_ANALYSIS_K_MIN || a->k > KJ_ANALYSIS_K_MAX) {
		rc = refuse(why, 400, "k must be from " STR(KJ_ANALYSIS_K_MIN) " to "
			    STR(KJ_ANALYSIS_K_MAX), "k は " STR(KJ_ANALYSIS_K_MIN) "〜"
			    STR(KJ_ANALYSIS_K_MAX) " で指定してください");
		goto out;
	}
	/* A caller that collects several views in one read (the annual
	 * report's snapshot) has begun it already. */
	int own = !kj_store_in_tx(st);
	if (own && kj_store_begin_read(st, err) < 0)
		goto out;
	if ((rc = find_view(st, fy, sector, req, a, why, err)) != 0) {
		if (own)
			kj_store_rollback(st);
		goto out;
	}
	open_for(a, user);
	return 0;
out:
	kj_analysis_free(a);
	return rc;
}

int kj_analysis_compute(struct kj_store *st, const struct kj_user *user, struct kj_analysis *a,
			struct kj_err *err)
{
	if (load_counts(st, a, 0, err) < 0 || (a->has_prev && carry_prev(st, user, a, err) < 0))
		return -1;
	unsigned char *prev = a->has_prev ? prev_pattern(a) : NULL;
	if (a->has_prev && !prev) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	suppress_year(a, a->cur, a->nat, a->fn, prev);
	free(prev);
	gaps(a);
	if (a->view == KJ_VIEW_SECTOR)
		suppress_values(a);
	return 0;
}

/* kj_analysis_load, for every reader that sees aggregates only when
 * AGGREGATE (USER then only names who asks). */
static int load(struct kj_store *st, const struct kj_user *user, int aggregate,
		enum kj_analysis_view view, const char *fy, const char *sector, const char *req,
		int k, struct kj_analysis *a, struct kj_analysis_refusal *why, struct kj_err *err)
{
	/* Within a read the caller began (the annual report's snapshot), it
	 * stays the caller's to end. */
	int own = !kj_store_in_tx(st);
	int rc = kj_analysis_open(st, user, aggregate, view, fy, sector, req, k, a, why, err);
	if (rc != 0)
		return rc;
	rc = kj_analysis_compute(st, user, a, err);
	if (own)
		kj_store_rollback(st);
	if (rc != 0)
		kj_analysis_free(a);
	return rc;
}

int kj_analysis_load(struct kj_store *st, const struct kj_user *user,
		     enum kj_analysis_view view, const char *fy, const char *sector,
		     const char *req, int k, struct kj_analysis *a,
		     struct kj_analysis_refusal *why, struct kj_err *err)
{
	return load(st, user, 0, view, fy, sector, req, k, a, why, err);
}

int kj_analysis_load_aggregate(struct kj_store *st, enum kj_analysis_view view, const char *fy,
			       const char *sector, const char *req, int k, struct kj_analysis *a,
			       struct kj_analysis_refusal *why, struct kj_err *err)
{
	return load(st, NULL, 1, view, fy, sector, req, k, a, why, err);
}

int kj_analysis_default_fy(struct kj_store *st, int current, int *fy, struct kj_err *err)
{
	if (kj_store_analysis_latest_fy(st, current, fy, err) < 0)
		return -1;
	if (!*fy)
		*fy = current;
	return 0;
}
