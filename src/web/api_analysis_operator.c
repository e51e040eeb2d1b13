/*
 * The JSON API of an operator's benchmark:
 * /api/v1/analysis/operators/{org}?fy=FY[&sector=CODE], one call of
 * app/analysis_operator.h (the same figures as the page and `kijun
 * analysis operator`). Described in docs/openapi.yaml and docs/api.md.
 */
#include <jansson.h>
#include <stdlib.h>

#include "app/analysis_operator.h"
#include "web/app.h"
#include "web/pages.h"

static int send_json(struct kj_response *resp, json_t *j, int status)
{
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(j);
	if (!s)
		return 500;
	kj_buf_reset(&resp->body);
	resp->status = status;
	resp->content_type = "application/json";
	int rc = kj_buf_adds(&resp->body, s) || kj_buf_addc(&resp->body, '\n');
	free(s);
	return rc ? 500 : 0;
}

int kj_api_analysis_operator(struct kj_request *req, struct kj_response *resp)
{
	struct kj_bench b;
	struct kj_analysis_refusal why;
	struct kj_err err;
	int rc = kj_bench_load(req->st, &req->user, req->args[0], kj_param(req, "fy"),
			       kj_param(req, "sector"), req->app->analysis_k, &b, &why, &err);
	if (rc < 0)
		return 500;
	if (rc > 0)
		return send_json(resp, json_pack("{s:{s:i, s:s, s:s}}", "error", "status", why.code,
						 "message", req->lang == KJ_LANG_EN ? why.en : why.ja,
						 "detail", why.en), why.code);
	json_t *j = kj_bench_json(&b);
	kj_bench_free(&b);
	return send_json(resp, j, 200);
}
