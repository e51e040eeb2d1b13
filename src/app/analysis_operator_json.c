/*
 * An operator's benchmark as JSON, for the API and `kijun analysis
 * operator --format json` alike (docs/api.md). A suppressed figure keeps
 * its keys, each null, with "suppressed": true.
 */
#include <string.h>

#include "app/analysis_operator.h"

static json_t *num(int defined, double v)
{
	return defined ? json_real(v) : json_null();
}

static json_t *own_json(const struct kj_bench_own *o)
{
	return json_pack("{s:s, s:o}", "state",
			 o->state == KJ_BENCH_VALUE ? "answered" : o->state == KJ_BENCH_NA ? "na"
			 : "none", "value", num(o->state == KJ_BENCH_VALUE, o->v));
}

static json_t *dist_json(const struct kj_bench_dist *d)
{
	int show = !d->suppressed && d->defined;
	return json_pack("{s:b, s:o, s:o, s:o, s:o}", "suppressed", d->suppressed,
			 "n", d->suppressed ? json_null() : json_integer(d->n),
			 "q1", num(show, d->q1), "median", num(show, d->median),
			 "q3", num(show, d->q3));
}

static json_t *val_json(const struct kj_bench_val *v)
{
	return json_pack("{s:b, s:o, s:o}", "suppressed", v->suppressed,
			 "n", v->suppressed ? json_null() : json_integer(v->n),
			 "value", num(!v->suppressed && v->defined, v->v));
}

/* A ratio rounded to 4 decimals, as the other views. */
static double r4(double v)
{
	long long t = (long long)(v * 10000.0 + (v >= 0 ? 0.5 : -0.5));
	return (double)t / 10000.0;
}

static json_t *req_json(const struct kj_bench *b, int r)
{
	const struct kj_analysis *a = &b->a;
	const struct kj_bench_req *q = &b->req[r];
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "id", a->cat.reqs[r].id,
			 "function", a->cat.functions[a->cat.reqs[r].function].code,
			 "crosswalk", a->has_prev ? json_string(kj_analysis_kind_name(a->kind[r]))
						  : json_null(),
			 "own", own_json(&q->own),
			 "own_previous", a->has_prev ? own_json(&q->own_prev) : json_null(),
			 "sector", dist_json(&q->sector), "nation", dist_json(&q->nation),
			 "rate", val_json(&q->rate),
			 "previous_rate", a->has_prev ? val_json(&q->rate_prev) : json_null(),
			 "change", kj_analysis_interval_json(q->has_change, &q->change));
}

static json_t *fn_json(const struct kj_bench *b, int f)
{
	const struct kj_analysis *a = &b->a;
	const struct kj_bench_fn *x = &b->fn[f];
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:o}",
			 "code", a->cat.functions[f].code,
			 "own", own_json(&x->own),
			 "own_previous", a->has_prev ? own_json(&x->own_prev) : json_null(),
			 "own_change", num(x->has_own_change, x->own_change),
			 "sector", dist_json(&x->sector),
			 "sector_previous", a->has_prev ? dist_json(&x->sector_prev) : json_null(),
			 "sector_mean", val_json(&x->mean),
			 "sector_previous_mean", a->has_prev ? val_json(&x->mean_prev) : json_null(),
			 "change", kj_analysis_interval_json(x->has_change, &x->change),
			 "nation", dist_json(&x->nation),
			 "requirements", x->nreqs, "comparable", x->ncomparable,
			 "comparable_share", num(b->version_changed && x->nreqs > 0,
						 x->nreqs ? r4((double)x->ncomparable / x->nreqs) : 0));
}

json_t *kj_bench_json(const struct kj_bench *b)
{
	const struct kj_analysis *a = &b->a;
	json_t *sectors = json_array(), *reqs, *fns;
	json_t *j = json_pack("{s:s, s:i, s:s, s:o, s:o, s:{s:I, s:s}, s:s, s:o, s:i, s:b,"
			      " s:b, s:o, s:b, s:i, s:i, s:o}",
			      "view", "operator", "fy", a->sv.fy, "version", a->sv.version,
			      "previous_fy", a->has_prev ? json_integer(a->prev.fy) : json_null(),
			      "previous_version", a->has_prev ? json_string(a->prev.version)
							      : json_null(),
			      "organisation", "id", (json_int_t)b->org, "name", b->org_name,
			      "sector", a->cat.sectors[b->sector].code, "sectors", sectors,
			      "k", a->k, "open", b->open, "submitted", b->submitted,
			      "submitted_previous", a->has_prev ? json_boolean(b->submitted_prev)
								: json_null(),
			      "version_changed", b->version_changed,
			      "requirements_count", a->nr, "comparable", b->ncomparable,
			      "comparable_share", num(b->version_changed && a->nr > 0,
						      a->nr ? r4((double)b->ncomparable / a->nr) : 0));
	if (!j)
		return NULL;
	for (int i = 0; i < b->nsectors; i++)
		json_array_append_new(sectors, json_string(b->sectors[i]));
	json_object_set_new(j, "functions", fns = json_array());
	json_object_set_new(j, "requirements", reqs = json_array());
	for (int r = 0; r < a->nr; r++)
		json_array_append_new(reqs, req_json(b, r));
	for (int f = 0; f < a->nf; f++)
		json_array_append_new(fns, fn_json(b, f));
	return j;
}
