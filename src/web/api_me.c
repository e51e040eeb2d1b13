/*
 * The JSON API of the caller: /api/v1/me, the signed-in user or the
 * token's owner, with the role, ministry, sectors and organisation that
 * decide what it may read. Described in docs/openapi.yaml.
 */
#include <jansson.h>

#include "web/app.h"
#include "web/pages.h"

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
