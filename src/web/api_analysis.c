/*
 * The JSON API of the analysis views: /api/v1/analysis/national?fy=FY,
 * /api/v1/analysis/sectors/{sector}?fy=FY and
 * /api/v1/analysis/requirements/{id}?fy=FY, one call of app/analysis.h each
 * (the same figures as `kijun analysis`, suppressed as the reader must see
 * them). Described in docs/openapi.yaml and docs/api.md.
 */
#include <jansson.h>
#include <stdlib.h>

#include "app/analysis.h"
#include "web/app.h"
#include "web/pages.h"

static int refused(struct kj_request *req, struct kj_response *resp,
		   const struct kj_analysis_refusal *why)
{
	json_t *j = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", why->code, "message",
			      req->lang == KJ_LANG_EN ? why->en : why->ja, "detail", why->en);
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	kj_buf_reset(&resp->body);
	resp->status = why->code;
	resp->content_type = "application/json";
	int rc = !s || kj_buf_adds(&resp->body, s) || kj_buf_addc(&resp->body, '\n');
	free(s);
	return rc ? 500 : 0;
}

/* View V of fiscal year FY (the query's fy, unchecked), its JSON made once
 * per view kept (app/analysis_cache.h). */
static int view(struct kj_request *req, struct kj_response *resp, enum kj_analysis_view v,
		const char *fy, const char *sector, const char *id)
{
	const struct kj_analysis *a;
	struct kj_analysis_refusal why;
	struct kj_err err;
	struct kj_analysis_cache *c = req->app->analysis_cache;
	int rc = kj_analysis_cache_load(c, req->st, &req->user, v, fy, sector, id,
					req->app->analysis_k, &a, &why, &err);
	if (rc < 0)
		return 500;
	if (rc > 0)
		return refused(req, resp, &why);
	const char *s = kj_analysis_cache_json(c, a);
	resp->content_type = "application/json";
	rc = !s || kj_buf_adds(&resp->body, s) || kj_buf_addc(&resp->body, '\n');
	kj_analysis_cache_release(c, a);
	return rc ? 500 : 0;
}

int kj_api_analysis_national(struct kj_request *req, struct kj_response *resp)
{
	return view(req, resp, KJ_VIEW_NATIONAL, kj_param(req, "fy"), NULL, NULL);
}

int kj_api_analysis_sector(struct kj_request *req, struct kj_response *resp)
{
	return view(req, resp, KJ_VIEW_SECTOR, kj_param(req, "fy"), req->args[0], NULL);
}

int kj_api_analysis_requirement(struct kj_request *req, struct kj_response *resp)
{
	return view(req, resp, KJ_VIEW_REQUIREMENT, kj_param(req, "fy"), NULL, req->args[0]);
}
