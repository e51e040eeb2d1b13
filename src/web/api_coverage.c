/*
 * The JSON API of the national coverage: /api/v1/coverage, each sector's
 * coverage of Part 3 by its safety standards, the gaps and the revised
 * requirements. Described in docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/safety.h"
#include "store/store_safety.h"
#include "web/app.h"
#include "web/pages.h"

/* The four states, the gaps among them and the partial cells of each. */
json_t *kj_api_coverage_counts(const struct kj_coverage *cov, const struct kj_catalog *cat, int s)
{
	int counts[KJ_NCOV], partial[KJ_NCOV];
	json_t *o = json_object(), *p = json_object();
	kj_coverage_count(cov, cat, s, -1, counts);
	kj_coverage_count_partial(cov, cat, s, -1, partial);
	for (int k = 0; k < KJ_NCOV; k++) {
		json_object_set_new(o, kj_cov_code((enum kj_cov)k), json_integer(counts[k]));
		if (k != KJ_COV_NONE)
			json_object_set_new(p, kj_cov_code((enum kj_cov)k), json_integer(partial[k]));
	}
	json_object_set_new(o, "gaps", json_integer(kj_coverage_gaps(counts)));
	json_object_set_new(o, "partial", p);
	return o;
}

/* One cell: its state, whether it is a gap, its extent and the operators
 * whose internal rules cover it. */
static json_t *cell_json(const struct kj_coverage *cov, int s, int r)
{
	size_t i = (size_t)s * (size_t)cov->nreqs + (size_t)r;
	enum kj_cov c = (enum kj_cov)cov->cov[i];
	return json_pack("{s:s, s:b, s:o, s:i}", "state", kj_cov_code(c),
		"gap", kj_cov_is_gap(c),
		"extent", c == KJ_COV_NONE ? json_null()
			  : json_string(cov->partial[i] ? "partial" : "full"),
		"operators", (int)cov->operators[i]);
}

int kj_api_coverage(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_catalog *cat = &req->app->cat;
	struct kj_coverage cov;
	struct kj_err err;
	if (kj_store_coverage(req->st, cat, &cov, &err) < 0)
		return 500;
	json_t *sectors = json_array(), *reqs = json_array();
	for (int s = 0; s < cat->nsectors; s++) {
		json_t *states = json_object();
		for (int r = 0; r < cat->nreqs; r++)
			json_object_set_new(states, cat->reqs[r].id, cell_json(&cov, s, r));
		json_array_append_new(sectors, json_pack("{s:s, s:o, s:o}", "code",
			cat->sectors[s].code, "counts", kj_api_coverage_counts(&cov, cat, s),
			"requirements", states));
	}
	/* Revised requirements with the sectors in each state. */
	for (int r = 0; r < cat->nreqs; r++) {
		if (!cov.req_new[r] && !cov.req_changed[r])
			continue;
		json_t *by = json_object();
		int n[KJ_NCOV] = { 0 };
		for (int s = 0; s < cat->nsectors; s++)
			n[cov.cov[(size_t)s * (size_t)cov.nreqs + (size_t)r] % KJ_NCOV]++;
		for (int k = 0; k < KJ_NCOV; k++)
			json_object_set_new(by, kj_cov_code((enum kj_cov)k), json_integer(n[k]));
		json_array_append_new(reqs, json_pack("{s:s, s:b, s:b, s:o}", "id",
			cat->reqs[r].id, "new", cov.req_new[r], "changed", cov.req_changed[r],
			"sectors", by));
	}
	kj_coverage_free(&cov);
	return kj_web_send_json(resp, json_pack("{s:s, s:o, s:o}", "version", cat->version,
		"sectors", sectors, "revised_requirements", reqs));
}
