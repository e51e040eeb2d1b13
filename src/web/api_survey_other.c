/*
 * The JSON API of surveys of kind other (issue 15): GET
 * /api/v1/other-surveys/{id} (its owner: the survey, the counts and the
 * respondents with their status) and GET
 * /api/v1/other-surveys/{id}/ministries/{code} (a ministry's response:
 * its own ministry's users, and the survey's owner). The same use cases as
 * the pages (app/survey_other.h) decide who reads what.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_other.h"
#include "model/audit.h"
#include "web/app.h"
#include "web/pages.h"

static json_t *survey_json(const struct kj_survey *sv)
{
	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)sv->id,
			 "fy", sv->fy, "kind", sv->kind, "respondent_kind", sv->respondent_kind,
			 "status", sv->status, "title_ja", sv->title_ja, "title_en", sv->title_en,
			 "opens_on", kj_web_json_str_or_null(sv->opens_on),
			 "closes_on", kj_web_json_str_or_null(sv->closes_on));
}

int kj_api_survey_other(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	char name[KJ_AUDIT_ACTOR_MAX];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	struct kj_other_view *v = calloc(1, sizeof *v);
	struct kj_survey_refusal why;
	struct kj_err err;
	if (!v)
		return 500;
	if (kj_app_other_view(req->st, &actor, id, v, &why, &err) < 0 || why.fault) {
		free(v);
		return !why.fault ? 500 : why.fault == KJ_SURVEY_FORBIDDEN ? 403 : 404;
	}
	json_t *rows = json_array();
	for (int i = 0; i < v->nrows; i++) {
		const struct kj_other_respondent *r = &v->rows[i];
		json_array_append_new(rows, json_pack("{s:s, s:s, s:o, s:s, s:i, s:o}", "key", r->key,
			"name", r->name, "sector", kj_web_json_str_or_null(r->sector),
			"status", r->status, "versions", r->versions,
			"updated_at", kj_web_json_str_or_null(r->updated_at)));
	}
	const struct kj_other_counts *c = &v->counts;
	json_t *j = json_pack("{s:o, s:i, s:{s:I, s:I, s:I, s:I, s:I}, s:o}",
			      "survey", survey_json(&v->sv), "questions", v->nquestions,
			      "counts", "respondents", (json_int_t)c->respondents,
			      "not_started", (json_int_t)c->not_started, "draft", (json_int_t)c->draft,
			      "submitted", (json_int_t)c->submitted, "returned", (json_int_t)c->returned,
			      "respondents", rows);
	kj_app_other_view_free(v);
	free(v);
	return kj_web_send_json(resp, j);
}

int kj_api_other_ministry(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (req->nargs < 2 || kj_parse_id(req->args[0], &id) < 0)
		return 404;
	char name[KJ_AUDIT_ACTOR_MAX];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	struct kj_other_sheet *sh = malloc(sizeof *sh);
	struct kj_answer_refusal why;
	struct kj_err err;
	if (!sh)
		return 500;
	if (kj_app_other_ministry_load(req->st, &actor, id, req->args[1], sh, &why, &err) < 0 ||
	    why.fault) {
		free(sh);
		return !why.fault ? 500 : why.fault == KJ_SURVEY_FORBIDDEN ? 403 : 404;
	}
	json_t *items = json_array();
	for (int i = 0; i < sh->nitems; i++) {
		const struct kj_other_item *it = &sh->items[i];
		char item[16];
		snprintf(item, sizeof item, "Q%d", it->ord);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:b, s:o}", "item", item,
			"kind", kj_question_kind_name((enum kj_question_kind)it->kind),
			"text_ja", it->text_ja, "required", it->required,
			"value", kj_web_json_str_or_null(it->value)));
	}
	json_t *receipt = *sh->last.number
		? json_pack("{s:s, s:s, s:s, s:i}", "number", sh->last.number, "at", sh->last.at,
			    "digest", sh->last.digest, "version", sh->last.version)
		: json_null();
	json_t *j = json_pack("{s:o, s:s, s:s, s:I, s:o, s:o}", "survey", survey_json(&sh->sv),
			      "ministry", sh->ministry, "status", sh->h.id ? sh->h.status : "not_started",
			      "revision", (json_int_t)sh->h.revision, "receipt", receipt,
			      "items", items);
	free(sh);
	return kj_web_send_json(resp, j);
}
