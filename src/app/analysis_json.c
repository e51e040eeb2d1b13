/*
 * The analysis views as JSON, for the API and `kijun analysis --format
 * json` alike (docs/api.md). A suppressed figure keeps its keys, each null,
 * with "suppressed": true and the rule that hid it in "suppressed_by"
 * (null on a figure shown), so a reader cannot tell it from its shape.
 */
#include <stdlib.h>
#include <string.h>

#include "app/analysis.h"

const char *kj_analysis_kind_name(int k)
{
	return k < 0 ? "new" : k == 0 ? "same" : k == 1 ? "reworded" : k == 2 ? "split" : "merged";
}

/* A ratio rounded to 4 decimals (0.375), so every surface prints the same. */
static json_t *ratio(int defined, double v)
{
	if (!defined)
		return json_null();
	long long t = (long long)(v * 10000.0 + (v >= 0 ? 0.5 : -0.5));
	return json_real((double)t / 10000.0);
}

json_t *kj_analysis_fig_json(const struct kj_analysis *a, const struct kj_analysis_fig *f)
{
	(void)a;
	if (f->suppressed)
		return json_pack("{s:b, s:s, s:n, s:n, s:n, s:n, s:n, s:n, s:n}", "suppressed", 1,
				 "suppressed_by", kj_sup_rule_name(f->suppressed),
				 "answers", "applicable", "implemented", "na", "rate", "mean",
				 "levels");
	double rate, mean;
	int hr = kj_levels_rate(&f->l, &rate), hm = kj_levels_mean(&f->l, &mean);
	json_t *lv = json_array();
	for (int i = 0; i < KJ_LEVELS; i++)
		json_array_append_new(lv, json_integer(f->l.n[i]));
	return json_pack("{s:b, s:n, s:I, s:I, s:I, s:I, s:o, s:o, s:o}", "suppressed", 0,
			 "suppressed_by", "answers", (json_int_t)kj_levels_answers(&f->l),
			 "applicable", (json_int_t)kj_levels_applicable(&f->l),
			 "implemented", (json_int_t)kj_levels_implemented(&f->l),
			 "na", (json_int_t)f->l.na, "rate", ratio(hr, rate), "mean", ratio(hm, mean),
			 "levels", lv);
}

json_t *kj_analysis_change_json(const struct kj_analysis_fig *cur,
				const struct kj_analysis_fig *prv)
{
	double c, p;
	if (cur->suppressed || prv->suppressed || !kj_levels_rate(&cur->l, &c) ||
	    !kj_levels_rate(&prv->l, &p))
		return json_null();
	return ratio(1, c - p);
}

int kj_analysis_rate_change(const struct kj_analysis_fig *cur, const struct kj_analysis_fig *prv,
			    struct kj_bench_change *c)
{
	if (cur->suppressed || prv->suppressed)
		return 0;
	return kj_bench_prop_change(kj_levels_implemented(&cur->l), kj_levels_applicable(&cur->l),
				    kj_levels_implemented(&prv->l), kj_levels_applicable(&prv->l), c);
}

/* A ratio or a level difference rounded to 4 decimals, as the other figures. */
static double r4(double v)
{
	long long t = (long long)(v * 10000.0 + (v >= 0 ? 0.5 : -0.5));
	return (double)t / 10000.0;
}

json_t *kj_analysis_interval_json(int has, const struct kj_bench_change *c)
{
	if (!has)
		return json_null();
	return json_pack("{s:f, s:f, s:f, s:b}", "value", r4(c->change), "low", r4(c->low),
			 "high", r4(c->high), "called", c->called);
}

static json_t *response_rate(long respondents, long submitted)
{
	return ratio(respondents > 0, respondents > 0 ? (double)submitted / (double)respondents : 0);
}

static json_t *head(const struct kj_analysis *a, const char *view)
{
	json_t *fns = json_array();
	for (int f = 0; f < a->nf; f++)
		json_array_append_new(fns, json_pack("{s:s, s:s, s:s}", "code",
			a->cat.functions[f].code, "name_ja", a->cat.functions[f].name_ja,
			"name_en", a->cat.functions[f].name_en));
	return json_pack("{s:s, s:i, s:I, s:s, s:o, s:i, s:o}", "view", view, "fy", a->sv.fy,
			 "survey", (json_int_t)a->sv.id, "version", a->sv.version,
			 "previous_fy", a->has_prev ? json_integer(a->prev.fy) : json_null(),
			 "k", a->k, "functions", fns);
}

static json_t *sector_head(const struct kj_analysis *a, int s)
{
	const struct kj_sector *sc = &a->cat.sectors[s];
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:o, s:I}", "code", sc->code,
			 "name_ja", sc->name_ja, "name_en", sc->name_en,
			 "respondents", (json_int_t)a->respondents[s],
			 "submitted", (json_int_t)a->submitted[s],
			 "response_rate", response_rate(a->respondents[s], a->submitted[s]),
			 "operators", (json_int_t)a->operators[s]);
}

/* One requirement of sector S (S < 0: the nation). */
static json_t *req_json(const struct kj_analysis *a, int s, int r)
{
	size_t i = (size_t)(s < 0 ? 0 : s) * (size_t)a->nr + (size_t)r;
	const struct kj_analysis_fig *cur = s < 0 ? &a->nat[r] : &a->cur[i];
	const struct kj_analysis_fig *prv = s < 0 ? &a->nat_prv[r] : &a->prv[i];
	const struct kj_requirement *q = &a->cat.reqs[r];
	json_t *o = json_pack("{s:s, s:s, s:o}", "id", q->id, "function",
			      a->cat.functions[q->function].code, "figure",
			      kj_analysis_fig_json(a, cur));
	json_object_set_new(o, "previous", a->has_prev && a->kind[r] >= 0
			    ? kj_analysis_fig_json(a, prv) : json_null());
	json_object_set_new(o, "change", a->has_prev && a->kind[r] >= 0 ? kj_analysis_change_json(cur, prv)
			    : json_null());
	struct kj_bench_change ch;
	int has = a->has_prev && a->kind[r] >= 0 && kj_analysis_rate_change(cur, prv, &ch);
	json_object_set_new(o, "change_interval", kj_analysis_interval_json(has, &ch));
	json_object_set_new(o, "crosswalk", a->has_prev ? json_string(kj_analysis_kind_name(
			    a->kind[r])) : json_null());
	if (s >= 0) {
		enum kj_cov c = kj_coverage_at(&a->cov, s, r);
		json_object_set_new(o, "coverage", json_string(kj_cov_code(c)));
		json_object_set_new(o, "gap", json_boolean(kj_cov_is_gap(c)));
	}
	return o;
}

static json_t *functions_json(const struct kj_analysis *a, const struct kj_analysis_fig *row)
{
	json_t *o = json_object();
	for (int f = 0; f < a->nf; f++)
		json_object_set_new(o, a->cat.functions[f].code, kj_analysis_fig_json(a, &row[f]));
	return o;
}

/* Sorts IDX (N requirements) by their national rate, lowest first. */
static void by_rate(const struct kj_analysis *a, int *idx, int n)
{
	for (int i = 1; i < n; i++) {
		int v = idx[i], j = i;
		double rv, rj;
		kj_levels_rate(&a->nat[v].l, &rv);
		while (j > 0 && (kj_levels_rate(&a->nat[idx[j - 1]].l, &rj), rj > rv)) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = v;
	}
}

static json_t *national(const struct kj_analysis *a)
{
	json_t *o = head(a, "national"), *sectors = json_array(), *weak = json_array();
	for (int s = 0; s < a->ns; s++) {
		json_t *sj = sector_head(a, s);
		json_object_set_new(sj, "functions", functions_json(a, &a->fn[(size_t)s * (size_t)a->nf]));
		json_object_set_new(sj, "coverage_gap", json_pack("{s:i, s:o}", "requirements",
				    a->ngap[s], "figure", kj_analysis_fig_json(a, &a->gap[s])));
		json_array_append_new(sectors, sj);
	}
	int idx[KJ_ANALYSIS_VALUES_MAX + 128], n = 0;
	double rate;
	for (int r = 0; r < a->nr && n < KJ_ANALYSIS_VALUES_MAX + 128; r++)
		if (!a->nat[r].suppressed && kj_levels_rate(&a->nat[r].l, &rate))
			idx[n++] = r;
	by_rate(a, idx, n);
	for (int i = 0; i < n && i < KJ_ANALYSIS_WEAKEST; i++)
		json_array_append_new(weak, req_json(a, -1, idx[i]));
	json_object_set_new(o, "sectors", sectors);
	json_object_set_new(o, "national", json_pack("{s:I, s:I, s:o, s:o}",
			    "respondents", (json_int_t)a->nat_respondents,
			    "submitted", (json_int_t)a->nat_submitted,
			    "response_rate", response_rate(a->nat_respondents, a->nat_submitted),
			    "functions", functions_json(a, a->nat_fn)));
	json_object_set_new(o, "weakest", weak);
	return o;
}

static json_t *sector(const struct kj_analysis *a)
{
	int s = a->sector;
	json_t *o = head(a, "sector"), *reqs = json_array(), *br = json_object();
	json_t *sj = sector_head(a, s);
	json_object_set_new(sj, "functions", functions_json(a, &a->fn[(size_t)s * (size_t)a->nf]));
	json_object_set_new(sj, "coverage_gap", json_pack("{s:i, s:o}", "requirements",
			    a->ngap[s], "figure", kj_analysis_fig_json(a, &a->gap[s])));
	for (int r = 0; r < a->nr; r++)
		json_array_append_new(reqs, req_json(a, s, r));
	static const char *const dims[] = { "size", "pref", "kikan", "lg" };
	for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++) {
		json_t *vals = json_array();
		for (int i = 0; i < a->nvalues; i++) {
			const struct kj_analysis_value *v = &a->values[i];
			if (strcmp(v->dim, dims[d]))
				continue;
			json_array_append_new(vals, json_pack("{s:s, s:o, s:o}", "value", v->value,
				"operators", v->f.suppressed ? json_null() : json_integer(v->f.size),
				"figure", kj_analysis_fig_json(a, &v->f)));
		}
		json_object_set_new(br, dims[d], vals);
	}
	json_object_set_new(o, "sector", sj);
	json_object_set_new(o, "requirements", reqs);
	json_object_set_new(o, "breakdown", br);
	return o;
}

static json_t *requirement(const struct kj_analysis *a)
{
	int r = a->req;
	const struct kj_requirement *q = &a->cat.reqs[r];
	json_t *o = head(a, "requirement"), *sectors = json_array();
	for (int s = 0; s < a->ns; s++) {
		json_t *sj = json_pack("{s:s, s:s, s:s}", "code", a->cat.sectors[s].code,
				       "name_ja", a->cat.sectors[s].name_ja,
				       "name_en", a->cat.sectors[s].name_en);
		json_t *rj = req_json(a, s, r);
		json_object_update(sj, rj);
		json_decref(rj);
		json_array_append_new(sectors, sj);
	}
	json_object_set_new(o, "requirement", json_pack("{s:s, s:s, s:s, s:s}", "id", q->id,
			    "function", a->cat.functions[q->function].code, "text_ja", q->text_ja,
			    "text_en", q->text_en));
	json_object_set_new(o, "national", req_json(a, -1, r));
	json_object_set_new(o, "sectors", sectors);
	return o;
}

json_t *kj_analysis_json(const struct kj_analysis *a)
{
	return a->view == KJ_VIEW_NATIONAL ? national(a)
	       : a->view == KJ_VIEW_SECTOR ? sector(a) : requirement(a);
}
