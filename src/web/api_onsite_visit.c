/*
 * The JSON API of an on-site visit (issue 15): GET /api/v1/onsite/visits/{v}
 * answers the visit as its reader may see it (kj_app_visit_load: 404 when
 * it is not there or not for this reader; an operator's users see their
 * own issued visit only): the head, the inspectors (not for operators) and
 * each requirement in scope with the self-reported and verified levels,
 * findings, evidence and the operator's reply; ?function=CODE keeps the
 * items of one function of the standard ("governance"; one the standard
 * does not have: 400), as the function pages of a visit show them.
 * Described in docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "web/app.h"
#include "web/page_onsite_visit.h"
#include "web/pages.h"

static json_t *level_json(int has, int level)
{
	return has && level != KJ_LEVEL_NONE ? json_string(kj_level_code(level)) : json_null();
}

static json_t *item_json(const struct kj_visit_item *it)
{
	json_t *reply = it->replied
		? json_pack("{s:s, s:o, s:s}", "action", it->action, "due_on",
			    kj_web_json_str_or_null(it->due_on), "replied_at", it->replied_at)
		: json_null();
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:o, s:o}", "item", it->code,
			 "function", it->function_code, "self_level",
			 level_json(it->has_self, it->self_level), "verified_level",
			 level_json(it->recorded, it->verified), "na_reason",
			 kj_web_json_str_or_null(it->na_reason), "findings", it->findings,
			 "evidence", it->evidence, "recorded_at",
			 kj_web_json_str_or_null(it->recorded_at), "reply", reply);
}

int kj_api_onsite_visit(struct kj_request *req, struct kj_response *resp)
{
	struct visit_actor a;
	struct kj_visit_refusal why;
	struct kj_err err;
	struct kj_visit_view *vw;
	int64_t id;
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	const char *fn = kj_param(req, "function");
	if (fn && !*fn)
		fn = NULL;
	if (fn && kj_catalog_function(&req->app->cat, fn) < 0)
		return 400;
	kj_visit_actor(req, &a);
	if (kj_app_visit_load(req->st, &a.actor, id, &vw, &why, &err) < 0) {
		kj_log_error("visit api: %s", err.msg);
		return 500;
	}
	if (why.fault)
		return kj_visit_status(&why);
	const struct kj_visit *v = &vw->v;
	json_t *items = json_array(), *ins = json_array();
	for (int i = 0; i < vw->nitems; i++)
		if (!fn || !strcmp(fn, vw->items[i].function_code))
			json_array_append_new(items, item_json(&vw->items[i]));
	for (int i = 0; req->user.role != KJ_ROLE_OPERATOR && i < v->ninspectors; i++)
		json_array_append_new(ins, json_string(v->inspector_names[i]));
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o}",
			      "id", (json_int_t)v->id, "survey", (json_int_t)v->survey,
			      "corporate_number", v->corporate_number, "organisation", v->org_name,
			      "visit_on", v->visit_on, "state", v->state,
			      "revision", (json_int_t)v->revision, "issued_at",
			      kj_web_json_str_or_null(v->issued_at), "inspectors", ins,
			      "items", items);
	kj_app_visit_view_free(vw);
	return kj_web_send_json(resp, j);
}
