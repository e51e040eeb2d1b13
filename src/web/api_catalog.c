/*
 * The JSON API (/api/v1/): the catalog, the signed-in user, and an
 * organisation's record under the tenant rules. Described in
 * docs/openapi.yaml.
 */
#include <stdlib.h>
#include <string.h>

#include "export/catalog_out.h"
#include "store/store_view.h"
#include "web/app.h"
#include "app/authz.h"
#include "web/pages.h"

int kj_api_catalog(struct kj_request *req, struct kj_response *resp)
{
	return kj_web_send_json(resp, kj_catalog_json(&req->app->cat));
}

int kj_api_requirement(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_requirement *r = kj_catalog_req(&req->app->cat, req->args[0]);
	if (!r)
		return 404;
	return kj_web_send_json(resp, kj_catalog_req_json(&req->app->cat, r));
}

int kj_api_me(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_user *u = &req->user;
	json_t *sectors = json_array(), *partial = json_array();
	for (int i = 0; i < u->nsectors; i++) {
		json_array_append_new(sectors, json_string(u->sectors[i]));
		if (u->sector_partial[i])
			json_array_append_new(partial, json_string(u->sectors[i]));
	}
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)u->id,
			      "login", u->login, "display_name", u->display_name,
			      "role", kj_role_name(u->role), "sectors", sectors,
			      "partial_sectors", partial);
	if (j && u->ministry[0])
		json_object_set_new(j, "ministry", json_string(u->ministry));
	if (j && u->org_id)
		json_object_set_new(j, "organisation_id", json_integer(u->org_id));
	return kj_web_send_json(resp, j);
}

int kj_api_organisation(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	struct kj_org_view o;
	struct kj_err err;
	int found;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	if (kj_store_org_get(req->st, id, &o, &found, &err) < 0)
		return 500;
	/* Absent and forbidden answer alike: an id says nothing of others. */
	struct kj_object obj = { o.id, (const char (*)[24])o.sectors, o.nsectors,
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
		"id", (json_int_t)o.id, "corporate_number", o.corporate_number,
		"name_ja", o.name_ja, "name_kana", o.name_kana[0] ? json_string(o.name_kana) : json_null(),
		"size_class", o.size_class, "core_infra", o.core_infra,
		"local_government", o.local_gov,
		"municipality_code", o.municipality_code[0] ? o.municipality_code : NULL,
		"prefecture", o.prefecture, "ceptoar_member", o.ceptoar_member,
		"active", o.active, "sectors", sectors, "ministries", ministries));
}
