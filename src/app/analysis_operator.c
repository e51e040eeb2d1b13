/*
 * An operator's benchmark: the sector view of the same reader, the
 * operator's own answers of both years (last year's carried through the
 * crosswalk), and the sector's per-operator function means; then the
 * quantiles, the changes and their suppression. See analysis_operator.h
 * and docs/metrics.md.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/analysis_operator.h"
#include "app/authz.h"
#include "base/util.h"
#include "store/store_analysis.h"
#include "store/store_benchmark.h"
#include "store/store_catalog.h"
#include "store/store_view.h"

static int refuse(struct kj_analysis_refusal *why, int code, const char *en, const char *ja)
{
	why->code = code;
	kj_strlcpy(why->en, en, sizeof why->en);
	kj_strlcpy(why->ja, ja, sizeof why->ja);
	return 1;
}

static double round_to(double v, double unit)
{
	return v < 0 ? -floor(-v / unit + 0.5) * unit : floor(v / unit + 0.5) * unit;
}

void kj_bench_free(struct kj_bench *b)
{
	kj_analysis_free(&b->a);
	free(b->req);
	free(b->fn);
	memset(b, 0, sizeof *b);
}

/* Every operator's mean of one function, of one year. */
struct means {
	double *v;
	size_t n, cap;
};

struct year {
	const struct kj_catalog *cat;
	signed char *own;		/* [cat->nreqs] -2 none, -1 N/A, else the level */
	struct means *fm;		/* [nf of the benchmark's catalog] */
	const struct kj_catalog *fcat;	/* whose functions FM follows */
	int fail;
};

static int on_own(void *ctx, const char *req, int level)
{
	struct year *y = ctx;
	int r = kj_catalog_req_index(y->cat, req);
	if (r >= 0)
		y->own[r] = (signed char)level;
	return 0;
}

static int on_mean(void *ctx, int64_t org, const char *function, long sum, long n)
{
	struct year *y = ctx;
	(void)org;
	int f = kj_catalog_function(y->fcat, function);
	if (f < 0 || n <= 0)
		return 0;
	struct means *m = &y->fm[f];
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		double *v = realloc(m->v, cap * sizeof *v);
		if (!v) {
			y->fail = 1;
			return 1;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = (double)sum / (double)n;
	return 0;
}

/* The organisation, the reader's right to it, and the sector: 1 with WHY. */
static int find_org(struct kj_store *st, const struct kj_user *user, const char *org,
		    const char *sector, struct kj_bench *b, struct kj_analysis_refusal *why,
		    struct kj_err *err)
{
	long v;
	if (!org || kj_parse_long(org, 1, LONG_MAX, &v) < 0)
		return refuse(why, 400, "the organisation must be its numeric id",
			      "組織は数字の ID で指定してください");
	int64_t id = (int64_t)v;
	struct kj_org_record *r = calloc(1, sizeof *r);
	if (!r) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int found = 0, rc = 0;
	if (kj_store_begin_read(st, err) < 0 ||
	    kj_store_org_get(st, id, r, &found, err) < 0)
		rc = -1;
	kj_store_rollback(st);
	if (rc < 0)
		goto out;
	struct kj_object obj = { id, (const kj_sector_code *)r->sectors,
				 found ? r->nsectors : 0, (const char (*)[16])r->ministries,
				 found ? r->nministries : 0 };
	if (!kj_authz_benchmark(user, &obj)) {
		rc = refuse(why, 403, "this organisation's benchmark is not yours to see",
			    "この組織のベンチマークを見る権限がありません");
		goto out;
	}
	if (!found) {
		rc = refuse(why, 404, "no such organisation", "その組織はありません");
		goto out;
	}
	b->org = id;
	kj_strlcpy(b->org_name, r->name_ja, sizeof b->org_name);
	b->nsectors = r->nsectors;
	for (int i = 0; i < r->nsectors; i++)
		kj_strlcpy(b->sectors[i], r->sectors[i], sizeof b->sectors[i]);
	int chosen = sector ? -1 : 0;
	for (int i = 0; sector && i < r->nsectors; i++)
		if (!strcmp(sector, r->sectors[i]))
			chosen = i;
	if (r->nsectors == 0 || chosen < 0)
		rc = refuse(why, 404, "the organisation is in no such sector",
			    "その組織はその分野に属していません");
	else
		b->sector = chosen;	/* into the organisation's list; made a catalog index later */
out:
	free(r);
	return rc;
}

/* A distribution of level counts L, suppressed when HIDE. */
static struct kj_bench_dist dist_levels(const struct kj_levels *l, int hide)
{
	struct kj_bench_dist d = { kj_levels_applicable(l), 0, 0, 0, 0, (unsigned char)hide };
	if (hide)
		return d;
	d.defined = (unsigned char)(kj_bench_quantile_levels(l, 0.25, &d.q1) &&
				    kj_bench_quantile_levels(l, 0.5, &d.median) &&
				    kj_bench_quantile_levels(l, 0.75, &d.q3));
	return d;
}

/* A distribution of operators' means M (sorted here), rounded to 0.1. */
static struct kj_bench_dist dist_means(struct means *m, int hide)
{
	struct kj_bench_dist d = { (long)m->n, 0, 0, 0, 0, (unsigned char)hide };
	if (hide)
		return d;
	kj_bench_sort(m->v, m->n);
	d.defined = (unsigned char)(kj_bench_quantile_sorted(m->v, m->n, 0.25, &d.q1) &&
				    kj_bench_quantile_sorted(m->v, m->n, 0.5, &d.median) &&
				    kj_bench_quantile_sorted(m->v, m->n, 0.75, &d.q3));
	d.q1 = kj_bench_round1(d.q1);
	d.median = kj_bench_round1(d.median);
	d.q3 = kj_bench_round1(d.q3);
	return d;
}

static struct kj_bench_val rate_of(const struct kj_analysis_fig *f, int hide)
{
	struct kj_bench_val v = { kj_levels_applicable(&f->l), 0, 0, (unsigned char)hide };
	if (!hide && kj_levels_rate(&f->l, &v.v)) {
		v.defined = 1;
		v.v = round_to(v.v, 0.0001);
	}
	return v;
}

/* Too few for a reader who sees aggregates only: fewer than k + 1 values,
 * the operator's own among them, so that its peers are k at least. */
static int too_few(const struct kj_bench *b, long n)
{
	return !b->open && n > 0 && n < b->a.k + 1;
}

/* Per requirement: the operator's levels, the sector's and the nation's. */
static void fill_reqs(struct kj_bench *b, const struct year *cur, const double *prev_sum,
		      const long *prev_n, const long *prev_na)
{
	struct kj_analysis *a = &b->a;
	int s = b->sector;
	for (int r = 0; r < a->nr; r++) {
		struct kj_bench_req *q = &b->req[r];
		const struct kj_analysis_fig *c = &a->cur[(size_t)s * (size_t)a->nr + (size_t)r];
		const struct kj_analysis_fig *p = &a->prv[(size_t)s * (size_t)a->nr + (size_t)r];
		long app = kj_levels_applicable(&c->l), papp = kj_levels_applicable(&p->l);
		int hide = !b->open && (c->suppressed || too_few(b, app));
		int phide = !b->open && (p->suppressed || too_few(b, papp));
		q->own.state = cur->own[r] == -2 ? KJ_BENCH_NONE
			       : cur->own[r] == -1 ? KJ_BENCH_NA : KJ_BENCH_VALUE;
		q->own.v = cur->own[r] >= 0 ? cur->own[r] : 0;
		if (prev_n[r] > 0)
			q->own_prev = (struct kj_bench_own){ KJ_BENCH_VALUE,
				round_to(prev_sum[r] / (double)prev_n[r], 0.01) };
		else
			q->own_prev.state = prev_na[r] > 0 ? KJ_BENCH_NA : KJ_BENCH_NONE;
		q->sector = dist_levels(&c->l, hide);
		const struct kj_analysis_fig *nf = &a->nat[r];
		long napp = kj_levels_applicable(&nf->l);
		q->nation = dist_levels(&nf->l, nf->suppressed ||
					(!a->all_open && napp > 0 && napp < a->k + 1));
		q->rate = rate_of(c, hide);
		int comparable = a->has_prev && a->kind[r] >= 0;
		q->rate_prev = rate_of(p, phide || !comparable);
		if (comparable && !hide && !phide && q->rate.defined && q->rate_prev.defined)
			q->has_change = kj_bench_prop_change(kj_levels_implemented(&c->l), app,
							     kj_levels_implemented(&p->l), papp,
							     &q->change);
		if (a->kind[r] == 0 || a->kind[r] == 1)
			b->ncomparable++;
	}
}

/* The operator's mean level over its applicable answers OWN of function F. */
static struct kj_bench_own own_mean(const struct kj_catalog *cat, const signed char *own,
				    const char *fcode)
{
	long sum = 0, n = 0, na = 0;
	for (int r = 0; r < cat->nreqs; r++) {
		if (strcmp(cat->functions[cat->reqs[r].function].code, fcode))
			continue;
		if (own[r] >= 0) {
			sum += own[r];
			n++;
		} else if (own[r] == -1) {
			na++;
		}
	}
	if (n)
		return (struct kj_bench_own){ KJ_BENCH_VALUE, round_to((double)sum / (double)n, 0.01) };
	return (struct kj_bench_own){ na ? KJ_BENCH_NA : KJ_BENCH_NONE, 0 };
}

static struct kj_bench_val mean_val(const struct means *m, double *sd, int hide)
{
	struct kj_bench_val v = { (long)m->n, 0, 0, (unsigned char)hide };
	kj_bench_mean_sd(m->v, m->n, &v.v, sd);
	v.defined = !hide && m->n > 0;
	if (!v.defined)
		v.v = 0;
	return v;
}

/* Per function: the operator's mean against the sector's operators. */
static void fill_fns(struct kj_bench *b, const struct year *cur, const struct year *prv)
{
	struct kj_analysis *a = &b->a;
	for (int f = 0; f < a->nf; f++) {
		struct kj_bench_fn *x = &b->fn[f];
		const char *code = a->cat.functions[f].code;
		const struct kj_analysis_fig *sf = &a->fn[(size_t)b->sector * (size_t)a->nf + (size_t)f];
		x->own = own_mean(&a->cat, cur->own, code);
		if (prv->cat)
			x->own_prev = own_mean(prv->cat, prv->own, code);
		x->has_own_change = x->own.state == KJ_BENCH_VALUE &&
				    x->own_prev.state == KJ_BENCH_VALUE;
		x->own_change = x->has_own_change ? round_to(x->own.v - x->own_prev.v, 0.01) : 0;
		int hide = !b->open && (sf->suppressed || too_few(b, (long)cur->fm[f].n));
		int phide = !prv->cat || (!b->open && too_few(b, (long)prv->fm[f].n));
		double sd, psd = 0;
		x->mean = mean_val(&cur->fm[f], &sd, hide);
		x->sector = dist_means(&cur->fm[f], hide);
		if (prv->cat) {
			x->mean_prev = mean_val(&prv->fm[f], &psd, phide);
			x->sector_prev = dist_means(&prv->fm[f], phide);
		} else {
			x->sector_prev.suppressed = x->mean_prev.suppressed = 0;
		}
		if (x->mean.defined && x->mean_prev.defined)
			x->has_change = kj_bench_mean_change(x->mean.v, sd, x->mean.n, x->mean_prev.v,
							     psd, x->mean_prev.n, &x->change);
		x->mean.v = round_to(x->mean.v, 0.01);
		x->mean_prev.v = round_to(x->mean_prev.v, 0.01);
		long napp = kj_levels_applicable(&a->nat_fn[f].l);
		x->nation = dist_levels(&a->nat_fn[f].l, a->nat_fn[f].suppressed ||
					(!a->all_open && napp > 0 && napp < a->k + 1));
		for (int r = 0; r < a->nr; r++)
			if (a->cat.reqs[r].function == f) {
				x->nreqs++;
				x->ncomparable += a->kind[r] == 0 || a->kind[r] == 1;
			}
	}
}

/* Last year's own answers carried to this year's requirements. */
struct carry_own {
	const struct kj_catalog *cat;
	const struct year *prv;
	double *sum;
	long *n, *na;
};

static int on_link(void *ctx, const char *old, const char *new_id, int severity)
{
	struct carry_own *c = ctx;
	(void)severity;
	int o = kj_catalog_req_index(c->prv->cat, old), r = kj_catalog_req_index(c->cat, new_id);
	if (o < 0 || r < 0)
		return 0;
	if (c->prv->own[o] >= 0) {
		c->sum[r] += c->prv->own[o];
		c->n[r]++;
	} else if (c->prv->own[o] == -1) {
		c->na[r]++;
	}
	return 0;
}

static int year_alloc(struct year *y, const struct kj_catalog *cat, const struct kj_catalog *fcat)
{
	y->cat = cat;
	y->fcat = fcat;
	y->own = malloc((size_t)(cat->nreqs > 0 ? cat->nreqs : 1));
	y->fm = calloc((size_t)(fcat->nfunctions > 0 ? fcat->nfunctions : 1), sizeof *y->fm);
	if (!y->own || !y->fm)
		return -1;
	memset(y->own, -2, (size_t)(cat->nreqs > 0 ? cat->nreqs : 1));
	return 0;
}

static void year_free(struct year *y, int nf)
{
	for (int f = 0; y->fm && f < nf; f++)
		free(y->fm[f].v);
	free(y->fm);
	free(y->own);
}

/* Reads both years' own answers and means, and computes B's figures. */
static int compute(struct kj_store *st, struct kj_bench *b, struct kj_err *err)
{
	struct kj_analysis *a = &b->a;
	const char *code = a->cat.sectors[b->sector].code;
	struct year cur = { 0 }, prv = { 0 };
	const struct kj_catalog *pcat = NULL;
	struct kj_catalog pview;
	size_t nr = (size_t)(a->nr > 0 ? a->nr : 1);
	double *psum = calloc(nr, sizeof *psum);
	long *pn = calloc(nr, sizeof *pn), *pna = calloc(nr, sizeof *pna);
	int rc = -1;
	b->req = calloc(nr, sizeof *b->req);
	b->fn = calloc((size_t)(a->nf > 0 ? a->nf : 1), sizeof *b->fn);
	if (!psum || !pn || !pna || !b->req || !b->fn || year_alloc(&cur, &a->cat, &a->cat) < 0) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	if (kj_store_begin_read(st, err) < 0)
		goto out;
	if (kj_store_bench_own(st, a->sv.id, b->org, on_own, &cur, err) < 0 ||
	    kj_store_bench_means(st, a->sv.id, code, on_mean, &cur, err) < 0)
		goto done;
	if (a->has_prev) {
		if (kj_store_catalog_view(st, a->prev.version, &pview, err) < 0)
			goto done;
		pcat = &pview;
		if (year_alloc(&prv, pcat, &a->cat) < 0) {
			kj_err_set(err, "out of memory");
			goto done;
		}
		struct carry_own c = { &a->cat, &prv, psum, pn, pna };
		if (kj_store_bench_own(st, a->prev.id, b->org, on_own, &prv, err) < 0 ||
		    kj_store_bench_means(st, a->prev.id, code, on_mean, &prv, err) < 0 ||
		    kj_store_analysis_links(st, a->prev.version_id, a->sv.version_id, on_link, &c,
					    err) < 0)
			goto done;
		b->version_changed = a->prev.version_id != a->sv.version_id;
	}
	if (cur.fail || prv.fail) {
		kj_err_set(err, "out of memory");
		goto done;
	}
	for (int r = 0; r < a->nr; r++)
		b->submitted |= cur.own[r] != -2;
	for (int r = 0; pcat && r < pcat->nreqs; r++)
		b->submitted_prev |= prv.own[r] != -2;
	fill_reqs(b, &cur, psum, pn, pna);
	fill_fns(b, &cur, &prv);
	rc = 0;
done:
	kj_store_rollback(st);
out:
	year_free(&cur, a->nf);
	year_free(&prv, a->nf);
	free(psum);
	free(pn);
	free(pna);
	return rc;
}

int kj_bench_load(struct kj_store *st, const struct kj_user *user, const char *org,
		  const char *fy, const char *sector, int k, struct kj_bench *b,
		  struct kj_analysis_refusal *why, struct kj_err *err)
{
	memset(b, 0, sizeof *b);
	memset(why, 0, sizeof *why);
	if (user && !kj_authz_allow(user, KJ_PERM_ANALYSIS_READ))
		return refuse(why, 404, "not found", "見つかりません");
	int rc = find_org(st, user, org, sector, b, why, err);
	if (rc != 0)
		return rc;
	const char *code = b->sectors[b->sector];
	rc = kj_analysis_load(st, user, KJ_VIEW_SECTOR, fy, code, NULL, k, &b->a, why, err);
	if (rc != 0) {
		memset(&b->a, 0, sizeof b->a);
		return rc;
	}
	b->sector = b->a.sector;
	b->open = kj_authz_analysis(user, code) == KJ_ANALYSIS_OPERATOR;
	if (compute(st, b, err) < 0) {
		kj_bench_free(b);
		return -1;
	}
	return 0;
}
