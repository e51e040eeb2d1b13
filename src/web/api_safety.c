/*
 * The JSON API of one sector's safety standards:
 * /api/v1/sectors/{sector}/safety, its documents with their clauses and
 * the requirements they cover, its coverage counts and its gaps. Another
 * operator's internal rules are only counted. Described in
 * docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/safety.h"
#include "store/store_safety.h"
#include "web/app.h"
#include "web/pages.h"
#include "web/ui.h"

int kj_api_safety(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_catalog *cat = &req->app->cat;
	const char *sector = req->args[0];
	int si = kj_catalog_sector_index(&req->app->cat, sector);
	if (si < 0)
		return 404;
	struct kj_doc_row *docs = calloc(200, sizeof *docs);
	struct kj_clause_row *cl = calloc(500, sizeof *cl);
	struct kj_coverage cov;
	struct kj_err err;
	int nd = 0;
	if (!docs || !cl || kj_store_safety_docs(req->st, sector, docs, 200, &nd, &err) < 0 ||
	    kj_store_coverage(req->st, cat, &cov, &err) < 0) {
		free(docs);
		free(cl);
		return 500;
	}
	json_t *jd = json_array(), *gaps = json_array();
	int hidden = 0;
	for (int d = 0; d < nd; d++) {
		int nc = 0;
		if (!kj_web_safety_doc_visible(req, &docs[d])) {
			hidden++;	/* another operator's own rules: counted only */
			continue;
		}
		json_t *jc = json_array();
		if (kj_store_safety_clauses(req->st, docs[d].id, cl, 500, &nc, &err) < 0)
			nc = 0;
		for (int c = 0; c < nc; c++) {
			json_t *m = json_array();
			for (int k = 0; k < cl[c].nreqs; k++)
				json_array_append_new(m, json_pack("{s:s, s:s}", "requirement",
					cl[c].reqs[k], "extent", cl[c].partial[k] ? "partial" : "full"));
			json_array_append_new(jc, json_pack("{s:I, s:s, s:o, s:o}", "id",
				(json_int_t)cl[c].id, "number", cl[c].number,
				"title", kj_web_json_str_or_null(cl[c].title), "covers", m));
		}
		json_t *doc = json_pack("{s:I, s:i, s:s, s:s, s:o, s:o, s:o, s:o}",
			"id", (json_int_t)docs[d].id, "class", docs[d].class_n,
			"issuer", docs[d].issuer, "title", docs[d].title,
			"version", kj_web_json_str_or_null(docs[d].version),
			"issued_on", kj_web_json_str_or_null(docs[d].issued_on),
			"link", kj_web_json_str_or_null(docs[d].link), "clauses", jc);
		if (doc && docs[d].class_n == 4)
			json_object_set_new(doc, "organisation", docs[d].organisation_id ?
				json_pack("{s:I, s:s}", "id", (json_int_t)docs[d].organisation_id,
					  "name_ja", docs[d].organisation_name) : json_null());
		json_array_append_new(jd, doc);
	}
	for (int r = 0; r < cat->nreqs; r++) {
		size_t i = (size_t)si * (size_t)cov.nreqs + (size_t)r;
		enum kj_cov c = (enum kj_cov)cov.cov[i];
		if (kj_cov_is_gap(c))
			json_array_append_new(gaps, json_pack("{s:s, s:s, s:i, s:b, s:b}", "id",
				cat->reqs[r].id, "coverage", kj_cov_code(c),
				"operators", (int)cov.operators[i], "new", cov.req_new[r],
				"changed", cov.req_changed[r]));
	}
	json_t *counts = kj_api_coverage_counts(&cov, cat, si);
	kj_coverage_free(&cov);
	free(docs);
	free(cl);
	return kj_web_send_json(resp, json_pack("{s:s, s:s, s:o, s:o, s:i, s:o}", "sector", sector,
		"version", cat->version, "counts", counts, "documents", jd,
		"internal_rules_not_shown", hidden, "gaps", gaps));
}
