/*
 * Self-reported against verified as JSON (docs/api.md): every figure as
 * its reader may see it; a suppressed one says so and the rule that hid
 * it ("suppressed_by"), nothing else.
 */
#include <math.h>

#include "app/onsite_compare.h"
#include "model/metrics.h"

/* Shares and means as the API gives them: 4 decimals. */
static json_t *ratio(int defined, double x)
{
	return defined ? json_real(round(x * 10000.0) / 10000.0) : json_null();
}

json_t *kj_verified_fig_json(const struct kj_vfig *f)
{
	if (f->suppressed)
		return json_pack("{s:b, s:s}", "suppressed", 1, "suppressed_by",
				 kj_sup_rule_name(f->suppressed));
	const struct kj_cmp *c = &f->c;
	double below, equal, above, mean;
	int d = kj_cmp_share(c, kj_cmp_below(c), &below);
	kj_cmp_share(c, kj_cmp_equal(c), &equal);
	kj_cmp_share(c, kj_cmp_above(c), &above);
	kj_cmp_mean(c, &mean);
	json_t *dist = json_array();
	for (int i = 0; dist && i < KJ_CMP_DIFFS; i++)
		json_array_append_new(dist, json_integer(c->diff[i]));
	return json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o}",
			 "suppressed", 0, "operators", (json_int_t)f->operators,
			 "compared", (json_int_t)kj_cmp_compared(c),
			 "below", (json_int_t)kj_cmp_below(c), "equal", (json_int_t)kj_cmp_equal(c),
			 "above", (json_int_t)kj_cmp_above(c), "na", (json_int_t)c->na,
			 "missing", (json_int_t)c->missing, "share_below", ratio(d, below),
			 "share_equal", ratio(d, equal), "share_above", ratio(d, above),
			 "mean_difference", ratio(d, mean), "distribution",
			 dist ? dist : json_null());
}

static json_t *sector_json(const struct kj_verified *v, int s)
{
	const struct kj_sector *c = &v->cat.sectors[s];
	return json_pack("{s:s, s:s, s:s, s:o}", "code", c->code, "name_ja", c->name_ja,
			 "name_en", c->name_en, "figure", kj_verified_fig_json(&v->sec[s]));
}

static json_t *org_json(const struct kj_verified *v, const struct kj_vorg *o, int with_sectors)
{
	json_t *secs = json_array();
	for (int i = 0; secs && i < o->nsec; i++)
		json_array_append_new(secs, with_sectors ? sector_json(v, o->sec[i])
					    : json_string(v->cat.sectors[o->sec[i]].code));
	return json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)o->id, "name", o->name,
			 "sectors", secs ? secs : json_null(), "figure", kj_verified_fig_json(&o->f));
}

json_t *kj_verified_json(const struct kj_verified *v)
{
	const struct kj_vfig *reqs = v->sector < 0 ? v->req
				     : &v->cell[(size_t)v->sector * (size_t)v->nr];
	json_t *o = json_pack("{s:i, s:s, s:i, s:i, s:s, s:o}", "fy", v->fy, "version", v->version,
			      "k", v->k, "surveys", v->nsurveys, "scope",
			      v->sector < 0 ? "national" : "sector", "national",
			      kj_verified_fig_json(&v->nat));
	if (!o)
		return NULL;
	if (v->sector >= 0) {
		json_object_set_new(o, "sector", sector_json(v, v->sector));
	} else {
		json_t *secs = json_array();
		for (int s = 0; secs && s < v->ns; s++)
			json_array_append_new(secs, sector_json(v, s));
		json_object_set_new(o, "sectors", secs ? secs : json_null());
	}
	json_t *rq = json_array();
	for (int q = 0; rq && q < v->nr; q++)
		json_array_append_new(rq, json_pack("{s:s, s:s, s:o}", "id", v->cat.reqs[q].id,
			"function", v->cat.functions[v->cat.reqs[q].function].code,
			"figure", kj_verified_fig_json(&reqs[q])));
	json_object_set_new(o, "requirements", rq ? rq : json_null());
	json_t *ov = json_array();
	for (int i = 0; ov && i < v->nover; i++) {
		const struct kj_cmp *c = &reqs[v->over[i]].c;
		double share, mean;
		int d = kj_cmp_share(c, kj_cmp_below(c), &share);
		kj_cmp_mean(c, &mean);
		json_array_append_new(ov, json_pack("{s:i, s:s, s:I, s:I, s:o, s:o}", "rank", i + 1,
			"id", v->cat.reqs[v->over[i]].id, "below", (json_int_t)kj_cmp_below(c),
			"compared", (json_int_t)kj_cmp_compared(c), "share_below", ratio(d, share),
			"mean_difference", ratio(d, mean)));
	}
	json_object_set_new(o, "over_reported", ov ? ov : json_null());
	json_t *ops = json_array();
	for (int i = 0; ops && i < v->norgs; i++)
		if (v->orgs[i].shown)
			json_array_append_new(ops, org_json(v, &v->orgs[i], 0));
	json_object_set_new(o, "operators", ops ? ops : json_null());
	json_object_set_new(o, "own", v->own >= 0 ? org_json(v, &v->orgs[v->own], 1) : json_null());
	return o;
}
