/*
 * Self-reported against verified: read the items of a fiscal year's issued
 * visits, add them up per operator, sector and requirement and nationally,
 * and suppress what the reader may not see. See onsite_compare.h and
 * docs/metrics.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "app/onsite_compare.h"
#include "base/util.h"
#include "model/metrics.h"
#include "store/store_catalog.h"
#include "store/store_onsite_compare.h"

#define STR2(x) #x
#define STR(x) STR2(x)

/* Visited operators of one year held at most (each a visit of a survey). */
#define VERIFIED_ORGS_MAX 200000
/* Rounds of the three suppression passes, each taking what the others hid. */
#define SUPPRESS_ROUNDS 4

static int refuse(struct kj_analysis_refusal *why, int code, const char *en, const char *ja)
{
	why->code = code;
	kj_strlcpy(why->en, en, sizeof why->en);
	kj_strlcpy(why->ja, ja, sizeof why->ja);
	return 1;
}

void kj_verified_free(struct kj_verified *v)
{
	free(v->open);
	free(v->cell);
	free(v->sec);
	free(v->req);
	free(v->orgs);
	memset(v, 0, sizeof *v);
}

static int alloc_tables(struct kj_verified *v, struct kj_err *err)
{
	size_t ns = (size_t)v->ns, nr = (size_t)v->nr;
	v->open = calloc(ns ? ns : 1, 1);
	v->cell = calloc(ns * nr > 0 ? ns * nr : 1, sizeof *v->cell);
	v->sec = calloc(ns ? ns : 1, sizeof *v->sec);
	v->req = calloc(nr ? nr : 1, sizeof *v->req);
	if (!v->open || !v->cell || !v->sec || !v->req) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	return 0;
}

/* --- reading ------------------------------------------------------------------ */

struct reader {
	struct kj_verified *v;
	int cap;
	int fail;
	/* The organisation whose items are being read, and its items per requirement. */
	int cur;
	struct kj_cmp *items;	/* [nr] */
	unsigned char *seen;	/* [nr] */
};

static int on_org(void *ctx, int64_t org, const char *name, const char *sector)
{
	struct reader *r = ctx;
	struct kj_verified *v = r->v;
	int s = kj_catalog_sector_index(&v->cat, sector);
	if (!v->norgs || v->orgs[v->norgs - 1].id != org) {
		if (v->norgs == VERIFIED_ORGS_MAX)
			return 0;
		if (v->norgs == r->cap) {
			int cap = r->cap ? 2 * r->cap : 64;
			struct kj_vorg *o = realloc(v->orgs, (size_t)cap * sizeof *o);
			if (!o) {
				r->fail = 1;
				return 1;
			}
			v->orgs = o;
			r->cap = cap;
		}
		struct kj_vorg *o = &v->orgs[v->norgs++];
		memset(o, 0, sizeof *o);
		o->id = org;
		kj_strlcpy(o->name, name, sizeof o->name);
	}
	struct kj_vorg *o = &v->orgs[v->norgs - 1];
	if (s >= 0 && o->nsec < KJ_ORG_SECTORS)
		o->sec[o->nsec++] = s;
	return 0;
}

static int org_index(const struct kj_verified *v, int64_t id)
{
	int lo = 0, hi = v->norgs - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (v->orgs[mid].id == id)
			return mid;
		if (v->orgs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The items read of organisation R->cur into its figure and the tables. */
static void flush(struct reader *r)
{
	struct kj_verified *v = r->v;
	if (r->cur < 0)
		return;
	struct kj_vorg *o = &v->orgs[r->cur];
	for (int q = 0; q < v->nr; q++) {
		if (!r->seen[q])
			continue;
		const struct kj_cmp *c = &r->items[q];
		int compared = kj_cmp_compared(c) > 0;
		kj_cmp_sum(&o->f.c, c);
		kj_cmp_sum(&v->req[q].c, c);
		v->req[q].operators += compared;
		for (int i = 0; i < o->nsec; i++) {
			struct kj_vfig *f = &v->cell[(size_t)o->sec[i] * (size_t)v->nr + (size_t)q];
			kj_cmp_sum(&f->c, c);
			f->operators += compared;
		}
	}
	int compared = kj_cmp_compared(&o->f.c) > 0;
	o->f.operators = compared;
	kj_cmp_sum(&v->nat.c, &o->f.c);
	v->nat.operators += compared;
	for (int i = 0; i < o->nsec; i++) {
		kj_cmp_sum(&v->sec[o->sec[i]].c, &o->f.c);
		v->sec[o->sec[i]].operators += compared;
	}
	memset(r->items, 0, (size_t)v->nr * sizeof *r->items);
	memset(r->seen, 0, (size_t)v->nr);
	r->cur = -1;
}

static int on_item(void *ctx, int64_t org, const char *req, int self, int verified)
{
	struct reader *r = ctx;
	struct kj_verified *v = r->v;
	if (r->cur < 0 || v->orgs[r->cur].id != org) {
		flush(r);
		r->cur = org_index(v, org);
	}
	int q = kj_catalog_req_index(&v->cat, req);
	/* An operator counted in no sector of the scope, or a requirement of
	 * no version the year asks: not a figure of this view. */
	if (r->cur < 0 || q < 0)
		return 0;
	kj_cmp_add(&r->items[q], self, verified);
	r->seen[q] = 1;
	return 0;
}

static int read_items(struct kj_store *st, struct kj_verified *v, int64_t version_id,
		      struct kj_err *err)
{
	struct reader r = { v, 0, 0, -1, NULL, NULL };
	r.items = calloc((size_t)(v->nr > 0 ? v->nr : 1), sizeof *r.items);
	r.seen = calloc((size_t)(v->nr > 0 ? v->nr : 1), 1);
	int rc = -1;
	if (!r.items || !r.seen) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	if (kj_store_onsite_cmp_orgs(st, v->fy, version_id, on_org, &r, err) < 0)
		goto out;
	if (!r.fail && kj_store_onsite_cmp_items(st, v->fy, version_id, on_item, &r, err) < 0)
		goto out;
	if (r.fail) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	flush(&r);
	rc = 0;
out:
	free(r.items);
	free(r.seen);
	return rc;
}

/* --- suppression ---------------------------------------------------------------- */

static void mark(unsigned char *f, unsigned char rule)
{
	if (!*f)
		*f = rule;
}

/*
 * The N cells of one total (TOTAL, NULL: none), the cells OPEN (NULL: none)
 * seen whole: primary and secondary suppression across them, then the
 * total's own (TOTAL_OPEN: seen whole). TWICE: operators the cells count
 * more than once (an operator in two sectors), which a total minus the
 * cells shown would take away.
 */
static void suppress_group(const struct kj_verified *v, struct kj_vfig **cells, int n,
			   const unsigned char *open, struct kj_vfig *total, int total_open)
{
	long size[KJ_CATALOG_REQ_MAX], sum = 0, hidden = 0;
	unsigned char sup[KJ_CATALOG_REQ_MAX];
	if (n > KJ_CATALOG_REQ_MAX)
		return;
	for (int i = 0; i < n; i++) {
		size[i] = cells[i]->operators;
		sup[i] = cells[i]->suppressed;
		sum += size[i];
	}
	struct kj_suppress_in in = { size, NULL, NULL, open, NULL, n, v->k };
	int all = kj_metrics_suppress_rules(&in, sup);
	for (int i = 0; i < n; i++) {
		mark(&cells[i]->suppressed, sup[i]);
		hidden += cells[i]->suppressed ? size[i] : 0;
	}
	if (!total || total_open)
		return;
	long twice = total->operators < sum ? sum - total->operators : 0;
	if (all)
		mark(&total->suppressed, KJ_SUP_TOTAL);
	else if (total->operators > 0 && total->operators < v->k)
		mark(&total->suppressed, KJ_SUP_PRIMARY_K);
	else if (twice > 0 && hidden > 0 && hidden - twice < v->k)
		mark(&total->suppressed, KJ_SUP_MULTI_SECTOR);
}

/* The signature of what is suppressed, to stop when a round adds nothing. */
static long suppressed_count(const struct kj_verified *v)
{
	long n = v->nat.suppressed != 0;
	for (int s = 0; s < v->ns; s++)
		n += v->sec[s].suppressed != 0;
	for (int q = 0; q < v->nr; q++)
		n += v->req[q].suppressed != 0;
	for (size_t i = 0; i < (size_t)v->ns * (size_t)v->nr; i++)
		n += v->cell[i].suppressed != 0;
	return n;
}

/*
 * Sectors across the nation, each requirement across the sectors (the
 * nation's figure of it their total), each sector's requirements (the
 * sector's figure their total), again until nothing more is hidden. A
 * sector's requirements hold the same operators over and over: their
 * sizes added up overstate what a hidden set holds, which is why a
 * requirement's cell is hidden with its sector whenever the sector is.
 */
static int suppress(struct kj_verified *v)
{
	int ns = v->ns, nr = v->nr;
	struct kj_vfig **cells = calloc((size_t)(ns > nr ? ns : nr) + 1, sizeof *cells);
	if (!cells)
		return -1;
	long before = -1;
	for (int round = 0; round < SUPPRESS_ROUNDS && before != suppressed_count(v); round++) {
		before = suppressed_count(v);
		for (int s = 0; s < ns; s++)
			cells[s] = &v->sec[s];
		suppress_group(v, cells, ns, v->open, &v->nat, v->all_open);
		for (int q = 0; q < nr; q++) {
			for (int s = 0; s < ns; s++)
				cells[s] = &v->cell[(size_t)s * (size_t)nr + (size_t)q];
			suppress_group(v, cells, ns, v->open, &v->req[q], v->all_open);
		}
		for (int s = 0; s < ns; s++) {
			if (v->open[s])
				continue;
			for (int q = 0; q < nr; q++) {
				cells[q] = &v->cell[(size_t)s * (size_t)nr + (size_t)q];
				if (v->sec[s].suppressed)
					mark(&cells[q]->suppressed, KJ_SUP_SECONDARY);
			}
			suppress_group(v, cells, nr, NULL, &v->sec[s], 0);
		}
	}
	free(cells);
	return 0;
}

/* --- the view ------------------------------------------------------------------- */

/* Who sees which operator: its own users, and those who see one of its sectors whole. */
static void shown(struct kj_verified *v, const struct kj_user *user)
{
	v->own = -1;
	for (int i = 0; i < v->norgs; i++) {
		struct kj_vorg *o = &v->orgs[i];
		int in_view = v->sector < 0;
		for (int j = 0; j < o->nsec; j++) {
			o->shown |= v->open[o->sec[j]];
			in_view |= o->sec[j] == v->sector;
		}
		if (user && user->role == KJ_ROLE_OPERATOR && user->org_id == o->id) {
			v->own = i;
			o->shown = 1;
		}
		o->shown &= in_view;
	}
}

/* The requirements most over-reported among the figures FIG ([nr], stride STRIDE). */
static void over_reported(struct kj_verified *v, const struct kj_vfig *fig)
{
	v->nover = 0;
	for (int q = 0; q < v->nr; q++) {
		const struct kj_vfig *f = &fig[q];
		if (f->suppressed || kj_cmp_below(&f->c) <= 0)
			continue;
		int at = v->nover;
		while (at > 0 && kj_cmp_over_order(&f->c, q, &fig[v->over[at - 1]].c,
						   v->over[at - 1]) < 0)
			at--;
		if (at >= KJ_VERIFIED_OVER_MAX)
			continue;
		int last = v->nover < KJ_VERIFIED_OVER_MAX ? v->nover : KJ_VERIFIED_OVER_MAX - 1;
		memmove(&v->over[at + 1], &v->over[at], (size_t)(last - at) * sizeof v->over[0]);
		v->over[at] = q;
		if (v->nover < KJ_VERIFIED_OVER_MAX)
			v->nover++;
	}
}

static int load(struct kj_store *st, const struct kj_user *user, const char *sector,
		struct kj_verified *v, struct kj_analysis_refusal *why, struct kj_err *err)
{
	int64_t version_id;
	if (kj_store_onsite_cmp_version(st, v->fy, &version_id, v->version, sizeof v->version,
					&v->nsurveys, err) < 0)
		return -1;
	/* No on-site survey yet: the sectors of the current version, nothing counted. */
	if (kj_store_catalog_view(st, v->nsurveys ? v->version : NULL, &v->cat, err) < 0)
		return -1;
	if (!v->nsurveys)
		kj_strlcpy(v->version, v->cat.version, sizeof v->version);
	v->ns = v->cat.nsectors;
	v->nr = v->cat.nreqs;
	v->sector = -1;
	if (sector && (v->sector = kj_catalog_sector_index(&v->cat, sector)) < 0)
		return refuse(why, 404, "no such sector", "その分野はありません");
	if (alloc_tables(v, err) < 0)
		return -1;
	v->all_open = 1;
	for (int s = 0; s < v->ns; s++) {
		v->open[s] = kj_authz_analysis(user, v->cat.sectors[s].code) == KJ_ANALYSIS_OPERATOR;
		v->all_open &= v->open[s];
	}
	if (v->nsurveys && read_items(st, v, version_id, err) < 0)
		return -1;
	shown(v, user);
	/* An operator knows its own items: among the others, k of them at least. */
	if (v->own >= 0 && v->orgs[v->own].f.operators > 0)
		v->k++;
	if (suppress(v) < 0) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	over_reported(v, v->sector < 0 ? v->req : &v->cell[(size_t)v->sector * (size_t)v->nr]);
	return 0;
}

int kj_verified_load(struct kj_store *st, const struct kj_user *user, const char *fy,
		     const char *sector, int k, struct kj_verified *v,
		     struct kj_analysis_refusal *why, struct kj_err *err)
{
	memset(v, 0, sizeof *v);
	memset(why, 0, sizeof *why);
	v->own = -1;
	long y;
	v->k = k ? k : KJ_ANALYSIS_K;
	if (user && (user->disabled || kj_authz_analysis(user, sector) == KJ_ANALYSIS_NONE))
		return refuse(why, 404, "not found", "見つかりません");
	if (v->k < KJ_ANALYSIS_K_MIN || v->k > KJ_ANALYSIS_K_MAX)
		return refuse(why, 400, "k must be from " STR(KJ_ANALYSIS_K_MIN) " to "
			      STR(KJ_ANALYSIS_K_MAX), "k は " STR(KJ_ANALYSIS_K_MIN) "〜"
			      STR(KJ_ANALYSIS_K_MAX) " で指定してください");
	if (!fy || kj_parse_long(fy, KJ_SURVEY_FY_MIN, KJ_SURVEY_FY_MAX, &y) < 0)
		return refuse(why, 400, "fy must be a fiscal year from " STR(KJ_SURVEY_FY_MIN)
			      " to " STR(KJ_SURVEY_FY_MAX),
			      "年度 (fy) は " STR(KJ_SURVEY_FY_MIN) "〜" STR(KJ_SURVEY_FY_MAX)
			      " の西暦年で指定してください");
	v->fy = (int)y;
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	int rc = load(st, user, sector, v, why, err);
	kj_store_rollback(st);
	if (rc != 0)
		kj_verified_free(v);
	return rc;
}

int kj_verified_default_fy(struct kj_store *st, int current, int *fy, struct kj_err *err)
{
	if (kj_store_onsite_cmp_latest_fy(st, current, fy, err) < 0)
		return -1;
	return *fy ? 0 : kj_analysis_default_fy(st, current, fy, err);
}
