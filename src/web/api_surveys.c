/*
 * The JSON API of survey campaigns: /api/v1/surveys (the campaigns the
 * user may see), /api/v1/surveys/{id} (one, with its life from the audit
 * trail) and /api/v1/surveys/{id}/progress (its figures by sector,
 * ministry and prefecture, read from the kept counts). A campaign the user
 * may not see is 404, as if it were not there. Described in
 * docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_progress.h"
#include "web/app.h"
#include "web/pages.h"

#define API_SURVEYS_MAX 100	/* campaigns of one answer */

static json_t *counts_json(const struct kj_progress_counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
		"respondents", (json_int_t)c->respondents,
		"not_started", (json_int_t)c->not_started, "draft", (json_int_t)c->draft,
		"submitted", (json_int_t)c->submitted, "returned", (json_int_t)c->returned,
		"overdue", (json_int_t)c->overdue,
		"response_rate", c->respondents > 0
			? json_real((double)c->submitted / (double)c->respondents) : json_null());
}

static json_t *survey_json(const struct kj_survey_view *v)
{
	const struct kj_survey *sv = &v->sv;
	json_t *sectors = json_array();
	for (int i = 0; i < sv->nsectors; i++)
		json_array_append_new(sectors, json_string(sv->sectors[i]));
	return json_pack("{s:I, s:i, s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:o}",
		"id", (json_int_t)sv->id, "fiscal_year", sv->fy, "kind", sv->kind,
		"title_ja", sv->title_ja, "title_en", kj_web_json_str_or_null(sv->title_en),
		"status", sv->status, "owner_kind", sv->owner_kind,
		"owner_ministry", kj_web_json_str_or_null(sv->owner_ministry),
		"standard_version", kj_web_json_str_or_null(sv->version),
		"opens_on", kj_web_json_str_or_null(sv->opens_on),
		"closes_on", kj_web_json_str_or_null(sv->closes_on),
		"extensions", (json_int_t)sv->extensions,
		"sectors", sectors, "totals", counts_json(&v->p.total));
}

int kj_api_surveys(struct kj_request *req, struct kj_response *resp)
{
	struct kj_survey_view *v = calloc(API_SURVEYS_MAX, sizeof *v);
	struct kj_err err;
	int n;
	if (!v || kj_app_survey_views(req->st, &req->user, v, API_SURVEYS_MAX, &n, &err) < 0) {
		free(v);
		return 500;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, survey_json(&v[i]));
	free(v);
	return kj_web_send_json(resp, json_pack("{s:o}", "surveys", items));
}

/* The campaign of the request's {id} as its user may see it; 0 or a status. */
static int load(struct kj_request *req, struct kj_survey_view **out)
{
	int64_t id;
	enum kj_survey_fault fault;
	struct kj_err err;
	*out = NULL;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	struct kj_survey_view *v = calloc(1, sizeof *v);
	if (!v || kj_app_survey_view(req->st, &req->user, id, v, &fault, &err) < 0) {
		free(v);
		return 500;
	}
	if (fault != KJ_SURVEY_OK) {
		free(v);
		return 404;
	}
	*out = v;
	return 0;
}

int kj_api_survey(struct kj_request *req, struct kj_response *resp)
{
	struct kj_survey_view *v;
	int rc = load(req, &v);
	if (rc)
		return rc;
	json_t *j = survey_json(v), *life = json_array();
	for (int i = 0; i < v->nevents; i++)
		json_array_append_new(life, json_pack("{s:s, s:s, s:s}", "at", v->events[i].at,
						      "actor", v->events[i].actor,
						      "action", v->events[i].action));
	json_object_set_new(j, "created_at", json_string(v->sv.created_at));
	json_object_set_new(j, "events", life);
	free(v);
	return kj_web_send_json(resp, j);
}

static json_t *groups_json(const struct kj_progress_group *g, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		json_t *o = counts_json(&g[i].c);
		json_object_set_new(o, "code", kj_web_json_str_or_null(g[i].code));
		json_array_append_new(a, o);
	}
	return a;
}

int kj_api_survey_progress(struct kj_request *req, struct kj_response *resp)
{
	struct kj_survey_view *v;
	int rc = load(req, &v);
	if (rc)
		return rc;
	const struct kj_progress *p = &v->p;
	json_t *scope = json_array();
	for (int i = 0; i < v->nwhole; i++)
		json_array_append_new(scope, json_string(v->whole[i]));
	for (int i = 0; i < v->npartial; i++)
		json_array_append_new(scope, json_string(v->partial[i]));
	json_t *j = json_pack("{s:I, s:s, s:s, s:o, s:o, s:I, s:o, s:o, s:o, s:o}",
		"survey", (json_int_t)v->sv.id, "status", v->sv.status, "as_of", v->today,
		"closes_on", kj_web_json_str_or_null(v->sv.closes_on),
		"scope", v->all ? json_string("all") : scope,
		"extensions", (json_int_t)p->extensions, "totals", counts_json(&p->total),
		"sectors", groups_json(p->sectors, p->nsectors),
		"ministries", groups_json(p->ministries, v->all ? p->nministries : 0),
		"prefectures", groups_json(p->prefectures, p->nprefectures));
	if (v->all)
		json_decref(scope);
	free(v);
	return kj_web_send_json(resp, j);
}
