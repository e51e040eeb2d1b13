/*
 * The JSON API of implementation plans: GET /api/v1/plans?fy= (the plans
 * the user may see), GET /api/v1/plans/{id} (one, whole: structure,
 * measures, targets, events; 404 when there is none, 403 when it is
 * outside the user's reach), and the
 * workflow: POST /api/v1/plans/{id}/submit|return|report with an optional
 * JSON body {"message": "…"} (a return's is required): 200 with the plan,
 * 403 outside the user's reach, 409 in the wrong state, 422 a bad message.
 * Each one call of its use case (app/plan.c). Described in docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/plan.h"
#include "base/json.h"
#include "base/util.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_plan.h"
#include "web/pages.h"

static int api_fail(struct kj_request *req, struct kj_response *resp, int status,
		    const char *message_ja, const char *detail)
{
	json_t *j = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", status,
			      "message", kj_tr(req, message_ja), "detail", detail ? detail : "");
	kj_buf_reset(&resp->body);
	resp->status = status;
	return kj_web_send_json(resp, j);
}

int kj_api_plans(struct kj_request *req, struct kj_response *resp)
{
	const char *fy_s = kj_param(req, "fy");
	long fy = 0;
	if (fy_s && kj_parse_long(fy_s, KJ_TARGET_FY_MIN, KJ_TARGET_FY_MAX, &fy) < 0)
		return api_fail(req, resp, 400, N_("年度の指定に誤りがあります。"),
				"fy: a fiscal year such as 2026");
	struct kj_plan_row *rows = calloc(KJ_PLAN_LIST_MAX, sizeof *rows);
	struct kj_err err;
	int n;
	if (!rows || kj_app_plan_list(req->st, &req->user, (int)fy, rows, KJ_PLAN_LIST_MAX, &n,
				      &err) < 0) {
		free(rows);
		return 500;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, kj_app_plan_row_json(&rows[i]));
	free(rows);
	return kj_web_send_json(resp, json_pack("{s:o}", "plans", items));
}

/* Plan ID whole as JSON into RESP; 0 or a status. */
static int send_plan(struct kj_request *req, struct kj_response *resp, int64_t id)
{
	struct kj_plan *p = kj_app_plan_alloc();
	struct kj_plan_event *ev = calloc(KJ_PLAN_EVENTS_MAX, sizeof *ev);
	struct kj_plan_refusal why = { KJ_PLAN_OK, "" };
	struct kj_err err;
	long targets;
	int frozen, nev, rc = 500;
	if (!p || !ev || kj_app_plan_get(req->st, &req->user, id, p, &why, &err) < 0)
		goto out;
	rc = why.fault == KJ_PLAN_FORBIDDEN ? 403 : 404;
	if (why.fault)
		goto out;
	rc = 500;
	if (kj_app_plan_targets(req->st, p, &targets, &frozen, &err) < 0 ||
	    kj_app_plan_events(req->st, p, ev, KJ_PLAN_EVENTS_MAX, &nev, &err) < 0)
		goto out;
	rc = kj_web_send_json(resp, kj_app_plan_json(p, targets, frozen, ev, nev));
out:
	free(ev);
	free(p);
	return rc;
}

int kj_api_plan(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	return send_plan(req, resp, id);
}

static int move(struct kj_request *req, struct kj_response *resp, const char *act)
{
	int64_t id;
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	struct kj_err err;
	json_t *body = NULL;
	const char *message = NULL;
	if (req->body && req->body_len) {
		if (kj_json_depth_ok(req->body, req->body_len, KJ_JSON_DEPTH_MAX))
			body = kj_json_parse(req->body, req->body_len, "body", &err);
		json_t *m = body ? json_object_get(body, "message") : NULL;
		if (!json_is_object(body) || (m && !json_is_string(m))) {
			json_decref(body);
			return api_fail(req, resp, 400, N_("リクエストに誤りがあります"),
					"the body must be a JSON object with an optional string message");
		}
		message = m ? json_string_value(m) : NULL;
	}
	struct plan_actor a;
	struct kj_plan_refusal why;
	kj_plan_actor(req, &a);
	int rc = kj_app_plan_move(req->st, &a.actor, id, act, message, &why, &err);
	json_decref(body);
	if (rc < 0)
		return 500;
	switch (why.fault) {
	case KJ_PLAN_OK:
		return send_plan(req, resp, id);
	case KJ_PLAN_NOT_FOUND:
		return api_fail(req, resp, 404, N_("その実施計画はありません"), why.msg);
	case KJ_PLAN_FORBIDDEN:
		return api_fail(req, resp, 403, N_("この実施計画を操作する権限がありません"), why.msg);
	case KJ_PLAN_BAD:
		return api_fail(req, resp, 422, N_("リクエストに誤りがあります"), why.msg);
	default:
		return api_fail(req, resp, 409, N_("実施計画の状態がこの操作を許しません"), why.msg);
	}
}

int kj_api_plan_submit(struct kj_request *req, struct kj_response *resp)
{
	return move(req, resp, "submit");
}

int kj_api_plan_return(struct kj_request *req, struct kj_response *resp)
{
	return move(req, resp, "return");
}

int kj_api_plan_report(struct kj_request *req, struct kj_response *resp)
{
	return move(req, resp, "report");
}
