/*
 * The JSON API of evaluations: GET /api/v1/evaluations?fy= (those the user
 * may see), GET /api/v1/evaluations/{id} (one, whole: sections, figures,
 * the HQ's items, events; 404 when there is none, 403 outside the user's
 * reach), GET /api/v1/evaluations/recommendations?fy= (traceability) and
 * GET /api/v1/pdca?fy= (the board). Described in docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/evaluation.h"
#include "app/pdca.h"
#include "base/util.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_eval.h"
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

/* ?fy= as given (0 when absent: every year); -1 when malformed. */
static int fy_of(const char *s, int need, int *fy)
{
	long v = 0;
	if ((!s && need) || (s && kj_parse_long(s, KJ_TARGET_FY_MIN, KJ_TARGET_FY_MAX, &v) < 0))
		return -1;
	*fy = (int)v;
	return 0;
}

int kj_api_evals(struct kj_request *req, struct kj_response *resp)
{
	int fy;
	if (fy_of(kj_param(req, "fy"), 0, &fy) < 0)
		return api_fail(req, resp, 400, N_("年度の指定に誤りがあります。"),
				"fy: a fiscal year such as 2026");
	struct kj_eval_row *rows = calloc(KJ_EVAL_LIST_MAX, sizeof *rows);
	struct kj_err err;
	int n;
	if (!rows || kj_app_eval_list(req->st, &req->user, fy, rows, KJ_EVAL_LIST_MAX, &n, &err) < 0) {
		free(rows);
		return 500;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, kj_app_eval_row_json(&rows[i]));
	free(rows);
	return kj_web_send_json(resp, json_pack("{s:o}", "evaluations", items));
}

int kj_api_eval(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	struct kj_eval *e = kj_app_eval_alloc();
	struct kj_eval_event *ev = calloc(KJ_EVAL_EVENTS_MAX, sizeof *ev);
	struct kj_hq_item *items = calloc(KJ_EVAL_ITEMS_MAX, sizeof *items);
	struct kj_eval_refusal why = { KJ_EVAL_F_OK, "" };
	struct kj_err err;
	int nev, nitems, rc = 500;
	if (!e || !ev || !items || kj_app_eval_get(req->st, &req->user, id, e, &why, &err) < 0)
		goto out;
	rc = why.fault == KJ_EVAL_F_FORBIDDEN ? 403 : 404;
	if (why.fault)
		goto out;
	rc = 500;
	if (kj_app_eval_events(req->st, e, ev, KJ_EVAL_EVENTS_MAX, &nev, &err) < 0 ||
	    kj_app_eval_items(req->st, e, items, KJ_EVAL_ITEMS_MAX, &nitems, &err) < 0)
		goto out;
	rc = kj_web_send_json(resp, kj_app_eval_json(e, ev, nev, items, nitems));
out:
	free(items);
	free(ev);
	free(e);
	return rc;
}

int kj_api_eval_recs(struct kj_request *req, struct kj_response *resp)
{
	int fy;
	if (fy_of(kj_param(req, "fy"), 1, &fy) < 0)
		return api_fail(req, resp, 400, N_("年度の指定に誤りがあります。"),
				"fy: a fiscal year such as 2026");
	struct kj_eval_trace *t = calloc(KJ_EVAL_RECS_MAX, sizeof *t);
	struct kj_err err;
	int n;
	if (!t || kj_app_eval_trace(req->st, &req->user, fy, t, KJ_EVAL_RECS_MAX, &n, &err) < 0) {
		free(t);
		return 500;
	}
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, kj_app_eval_trace_json(&t[i]));
	free(t);
	return kj_web_send_json(resp, json_pack("{s:i, s:o}", "fiscal_year", fy,
						"recommendations", a));
}

int kj_api_pdca(struct kj_request *req, struct kj_response *resp)
{
	int fy;
	if (fy_of(kj_param(req, "fy"), 1, &fy) < 0)
		return api_fail(req, resp, 400, N_("年度の指定に誤りがあります。"),
				"fy: a fiscal year such as 2026");
	char now[16];
	time_t t = req->app->now();
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%d", &tm);
	struct kj_pdca_row *rows = calloc(KJ_PDCA_ROWS_MAX, sizeof *rows);
	struct kj_err err;
	int n;
	if (!rows || kj_app_pdca(req->st, &req->user, fy, now, rows, &n, &err) < 0) {
		free(rows);
		return 500;
	}
	json_t *j = kj_app_pdca_json(fy, now, rows, n);
	free(rows);
	return kj_web_send_json(resp, j);
}
