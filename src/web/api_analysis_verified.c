/*
 * The JSON API of self-reported against verified (issue 15):
 * /api/v1/analysis/verified?fy=FY and /api/v1/analysis/verified/{sector}?fy=FY,
 * one call of app/onsite_compare.h each (the same figures as `kijun
 * analysis verified`, suppressed as the reader must see them). Described in
 * docs/openapi.yaml and docs/api.md.
 */
#include <jansson.h>
#include <stdlib.h>

#include "app/onsite_compare.h"
#include "web/app.h"
#include "web/pages.h"

#define VERIFIED_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))

static int reply(struct kj_response *resp, int status, json_t *j)
{
	char *s = j ? json_dumps(j, VERIFIED_JSON_FLAGS) : NULL;
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

/* The comparison of fiscal year FY (the query's fy, unchecked) of SECTOR (NULL: national). */
static int view(struct kj_request *req, struct kj_response *resp, const char *fy,
		const char *sector)
{
	struct kj_verified v;
	struct kj_analysis_refusal why;
	struct kj_err err;
	int rc = kj_verified_load(req->st, &req->user, fy, sector,
				  req->app->analysis_k, &v, &why, &err);
	if (rc < 0)
		return 500;
	if (rc > 0)
		return reply(resp, why.code, json_pack("{s:{s:i, s:s, s:s}}", "error", "status",
						       why.code, "message", req->lang == KJ_LANG_EN
						       ? why.en : why.ja, "detail", why.en));
	json_t *j = kj_verified_json(&v);
	kj_verified_free(&v);
	return reply(resp, 200, j);
}

int kj_api_analysis_verified(struct kj_request *req, struct kj_response *resp)
{
	return view(req, resp, kj_param(req, "fy"), NULL);
}

int kj_api_analysis_verified_sector(struct kj_request *req, struct kj_response *resp)
{
	return view(req, resp, kj_param(req, "fy"), req->args[0]);
}
