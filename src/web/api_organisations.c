/*
 * The JSON API of the registry: /api/v1/organisations, the organisations in
 * the caller's scope a page at a time (a bulk export, in the audit trail),
 * searched and filtered as the registry page is (web/registry_filter.h),
 * and /api/v1/organisations/{id}, one record under the tenant rules.
 * Described in docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "store/store_org_list.h"
#include "store/store_view.h"
#include "web/app.h"
#include "web/pages.h"
#include "web/registry_filter.h"
#include "web/ui.h"

#define API_LIST_MAX 1000	/* organisations in one page of the API */

static json_t *org_json(int64_t id, const struct kj_org_record *r)
{
	json_t *sec = json_array(), *min = json_array();
	for (int i = 0; i < r->nsectors; i++)
		json_array_append_new(sec, json_string(r->sectors[i]));
	for (int i = 0; i < r->nministries; i++)
		json_array_append_new(min, json_string(r->ministries[i]));
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:b, s:b, s:o, s:s, s:b, s:b, s:o}",
		"id", (json_int_t)id, "corporate_number", r->corporate_number,
		"name_ja", r->name_ja, "name_kana", kj_web_json_str_or_null(r->name_kana),
		"sectors", sec, "size_class", r->size_class, "core_infra", r->core_infra,
		"local_government", r->local_gov,
		"municipality_code", kj_web_json_str_or_null(r->municipality_code),
		"prefecture", r->prefecture, "ceptoar_member", r->ceptoar_member,
		"active", r->active, "ministries", min);
}

int kj_api_organisations(struct kj_request *req, struct kj_response *resp)
{
	const char *sector = kj_param(req, "sector"), *off = kj_param(req, "offset"),
		   *lim = kj_param(req, "limit");
	long offset = 0, limit = 100;
	struct kj_err err;
	struct kj_registry_query rq;
	if ((off && kj_parse_long(off, 0, 100000000L, &offset) < 0) ||
	    (lim && kj_parse_long(lim, 1, API_LIST_MAX, &limit) < 0))
		return 400;
	/* An unknown sector, or one outside the caller's reach, is not found (as
	 * before the filters); a bad search or filter value is a bad request. */
	if (sector && kj_catalog_sector_index(&req->app->cat, sector) < 0)
		return 404;
	const struct kj_registry_params in = {
		kj_param(req, "q"), sector, kj_param(req, "pref"), kj_param(req, "size"),
		kj_param(req, "core"), kj_param(req, "localgov"), kj_param(req, "status"),
	};
	if (kj_registry_query_parse(req, &in, &rq, NULL) > 0)
		return 400;
	if (rq.denied)
		return 404;
	struct kj_org_record *recs = calloc((size_t)limit, sizeof *recs);
	int64_t *ids = calloc((size_t)limit, sizeof *ids);
	int n = 0;
	long total = 0;
	if (!recs || !ids || kj_store_org_list_filtered(req->st, &rq.scope, &rq.filter,
							offset, recs, ids, (int)limit, &n,
							&total, &err) < 0) {
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

int kj_api_organisation(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	struct kj_org_record o;
	struct kj_err err;
	int found;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	if (kj_store_org_get(req->st, id, &o, &found, &err) < 0)
		return 500;
	/* Absent and forbidden answer alike: an id says nothing of others. */
	struct kj_object obj = { id, (const kj_sector_code *)o.sectors, o.nsectors,
				 (const char (*)[16])o.ministries, o.nministries };
	if (!found || !kj_authz_object(&req->user, KJ_PERM_ORG_READ, &obj))
		return 404;
	json_t *sectors = json_array();
	for (int i = 0; i < o.nsectors; i++)
		json_array_append_new(sectors, json_string(o.sectors[i]));
	json_t *ministries = json_array();
	for (int i = 0; i < o.nministries; i++)
		json_array_append_new(ministries, json_string(o.ministries[i]));
	return kj_web_send_json(resp, json_pack(
		"{s:I, s:s, s:s, s:o, s:s, s:b, s:b, s:s?, s:s, s:b, s:b, s:o, s:o}",
		"id", (json_int_t)id, "corporate_number", o.corporate_number,
		"name_ja", o.name_ja, "name_kana", o.name_kana[0] ? json_string(o.name_kana) : json_null(),
		"size_class", o.size_class, "core_infra", o.core_infra,
		"local_government", o.local_gov,
		"municipality_code", o.municipality_code[0] ? o.municipality_code : NULL,
		"prefecture", o.prefecture, "ceptoar_member", o.ceptoar_member,
		"active", o.active, "sectors", sectors, "ministries", ministries));
}
