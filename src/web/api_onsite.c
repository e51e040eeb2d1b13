/*
 * The JSON API of on-site surveys (issue 15): GET /api/v1/onsite (the
 * on-site surveys the user may see, each with its selection's state and
 * counts) and GET /api/v1/onsite/{id} (one, with its selection: the rules,
 * the seed, the picks in their order with the rule and detail of each, and
 * the changes after approval; 404 when there is none or it is not the
 * user's to see). Described in docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdlib.h>

#include "app/onsite_select.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"

#define ONSITE_API_MAX 200	/* on-site surveys in one answer */

int kj_api_onsite_list(struct kj_request *req, struct kj_response *resp)
{
	struct kj_onsite_view *v = calloc(ONSITE_API_MAX, sizeof *v);
	struct kj_err err;
	int n, rc = 500;
	if (!v || kj_app_onsite_list(req->st, &req->user, v, ONSITE_API_MAX, &n, &err) < 0)
		goto out;
	json_t *items = json_array();
	for (int i = 0; items && i < n; i++) {
		json_t *o = kj_app_onsite_json(req->st, &v[i], 0, &err);
		if (!o) {
			json_decref(items);
			goto out;
		}
		json_array_append_new(items, o);
	}
	rc = kj_web_send_json(resp, items ? json_pack("{s:o}", "surveys", items) : NULL);
out:
	free(v);
	return rc;
}

int kj_api_onsite(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	int found, rc = 500;
	struct kj_err err;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	struct kj_onsite_view *v = malloc(sizeof *v);
	if (!v || kj_app_onsite_get(req->st, &req->user, id, v, &found, &err) < 0)
		goto out;
	rc = 404;
	if (!found)
		goto out;
	rc = 500;
	if (kj_store_begin_read(req->st, &err) < 0)
		goto out;
	json_t *o = kj_app_onsite_json(req->st, v, 1, &err);
	kj_store_rollback(req->st);
	rc = kj_web_send_json(resp, o);
out:
	free(v);
	return rc;
}
