/*
 * The JSON API of the registry and the safety standards: organisations in
 * the caller's scope, the national coverage, and one sector's documents,
 * clauses, mapping and gaps. Described in docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/safety.h"
#include "store/store_org.h"
#include "store/store_safety.h"
#include "web/app.h"
#include "web/pages.h"
#include "web/registry_ui.h"

#define API_LIST_MAX 1000	/* organisations in one page of the API */

int kj_web_send_json(struct kj_response *resp, json_t *j)
{
	if (!j)
		return 500;
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!s)
		return 500;
	resp->content_type = "application/json";
	int rc = kj_buf_adds(&resp->body, s) || kj_buf_addc(&resp->body, '\n');
	free(s);
	return rc ? 500 : 0;
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *org_json(int64_t id, const struct kj_org_record *r)
{
	json_t *sec = json_array(), *min = json_array();
	for (int i = 0; i < r->nsectors; i++)
		json_array_append_new(sec, json_string(r->sectors[i]));
	for (int i = 0; i < r->nministries; i++)
		json_array_append_new(min, json_string(r->ministries[i]));
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:b, s:b, s:o, s:s, s:b, s:b, s:o}",
		"id", (json_int_t)id, "corporate_number", r->corporate_number,
		"name_ja", r->name_ja, "name_kana", str_or_null(r->name_kana),
		"sectors", sec, "size_class", r->size_class, "core_infra", r->core_infra,
		"local_government", r->local_gov,
		"municipality_code", str_or_null(r->municipality_code),
		"prefecture", r->prefecture, "ceptoar_member", r->ceptoar_member,
		"active", r->active, "ministries", min);
}

int kj_api_organisations(struct kj_request *req, struct kj_response *resp)
{
	struct kj_org_scope sc;
	const char *sector = kj_param(req, "sector"), *off = kj_param(req, "offset"),
		   *lim = kj_param(req, "limit");
	long offset = 0, limit = 100;
	char one[1][24];
	struct kj_err err;
	if ((off && kj_parse_long(off, 0, 100000000L, &offset) < 0) ||
	    (lim && kj_parse_long(lim, 1, API_LIST_MAX, &limit) < 0))
		return 400;
	kj_authz_org_scope(&req->user, &sc);
	if (sector) {
		int known = 0;
		for (int i = 0; i < req->app->cat.nsectors; i++)
			known |= !strcmp(req->app->cat.sectors[i].code, sector);
		if (!known || !kj_authz_sector(&req->user, KJ_PERM_REGISTRY_READ, sector) ||
		    kj_strlcpy(one[0], sector, sizeof one[0]) < 0)
			return 404;
		sc.sectors = (const char (*)[24])one;
		sc.nsectors = 1;
	}
	struct kj_org_record *recs = calloc((size_t)limit, sizeof *recs);
	int64_t *ids = calloc((size_t)limit, sizeof *ids);
	int n = 0;
	long total = 0;
	if (!recs || !ids || kj_store_org_list(req->st, &sc, offset, recs, ids, (int)limit,
					       &n, &total, &err) < 0) {
		free(recs);
		free(ids);
		return 500;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, org_json(ids[i], &recs[i]));
	free(recs);
	free(ids);
	int rc = kj_web_send_json(resp, json_pack("{s:I, s:I, s:I, s:o}", "total",
		(json_int_t)total, "offset", (json_int_t)offset, "limit", (json_int_t)limit,
		"items", items));
	/* A list of operators' data is a bulk export: in the audit trail (who,
	 * what, how many rows) once its body is whole, before it is sent; if
	 * the entry cannot be written, nothing is sent. */
	if (rc || kj_buf_failed(&resp->body))
		return 500;
	return kj_web_audit_export(req, "json", "api-organisations", n) < 0 ? 500 : 0;
}

/* The four states, the gaps among them and the partial cells of each. */
static json_t *counts_json(const struct kj_coverage *cov, const struct kj_catalog *cat, int s)
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
			cat->sectors[s].code, "counts", counts_json(&cov, cat, s),
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

int kj_api_safety(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_catalog *cat = &req->app->cat;
	const char *sector = req->args[0];
	int si = -1;
	for (int i = 0; i < cat->nsectors; i++)
		if (!strcmp(cat->sectors[i].code, sector))
			si = i;
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
				"title", str_or_null(cl[c].title), "covers", m));
		}
		json_t *doc = json_pack("{s:I, s:i, s:s, s:s, s:o, s:o, s:o, s:o}",
			"id", (json_int_t)docs[d].id, "class", docs[d].class_n,
			"issuer", docs[d].issuer, "title", docs[d].title,
			"version", str_or_null(docs[d].version),
			"issued_on", str_or_null(docs[d].issued_on),
			"link", str_or_null(docs[d].link), "clauses", jc);
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
	json_t *counts = counts_json(&cov, cat, si);
	kj_coverage_free(&cov);
	free(docs);
	free(cl);
	return kj_web_send_json(resp, json_pack("{s:s, s:s, s:o, s:o, s:i, s:o}", "sector", sector,
		"version", cat->version, "counts", counts, "documents", jd,
		"internal_rules_not_shown", hidden, "gaps", gaps));
}
