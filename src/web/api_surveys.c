/*
 * The JSON API of survey campaigns: /api/v1/surveys (the campaigns the
 * user may see), /api/v1/surveys/{id} (one, with its life from the audit
 * trail) and /api/v1/surveys/{id}/progress (its figures by sector,
 * ministry and prefecture, read from the kept counts). A campaign the user
 * may not see is 404, as if it were not there. And a campaign's own
 * questions: /api/v1/surveys/{id}/questions listed (GET) and added by the
 * owner while a draft (POST: 201; 422 a bad question, 409 frozen, 403 not
 * the owner's), …/questions/{n} dropped (DELETE), each one call of its use
 * case (app/survey_admin.c). Described in docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_progress.h"
#include "app/survey_questions.h"
#include "base/json.h"
#include "base/util.h"
#include "model/audit.h"
#include "web/app.h"
#include "web/html.h"
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

/* --- A campaign's own questions ------------------------------------------------------ */

/* An error body like kj_web_error's, with FIELD (may be NULL) beside it. */
static int api_fail(struct kj_request *req, struct kj_response *resp, int status,
		    const char *message_ja, const char *detail, const char *field)
{
	json_t *j = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", status,
			      "message", kj_tr(req, message_ja), "detail", detail ? detail : "");
	if (j && field)
		json_object_set_new(json_object_get(j, "error"), "field", json_string(field));
	kj_buf_reset(&resp->body);
	resp->status = status;
	return kj_web_send_json(resp, j);
}

/* Campaign {id}'s questions as the user may see them; 0 or a status (404 when not there). */
static int load_questions(struct kj_request *req, int64_t *id, struct kj_question_list **out)
{
	enum kj_survey_fault fault;
	struct kj_err err;
	*out = NULL;
	if (kj_parse_id(req->args[0], id) < 0)
		return 404;
	if (kj_app_survey_questions(req->st, &req->user, *id, out, &fault, &err) < 0)
		return 500;
	return fault == KJ_SURVEY_OK ? 0 : 404;
}

static json_t *question_json(const struct kj_question_row *q)
{
	char item[16];
	json_t *choices = json_array();
	for (const char *s = q->choices; choices && *s;) {
		size_t len = strcspn(s, "\n");
		json_array_append_new(choices, json_stringn(s, len));
		s += len + (s[len] == '\n');
	}
	snprintf(item, sizeof item, "Q%d", q->ord);
	return json_pack("{s:s, s:i, s:o, s:s, s:s, s:o, s:o, s:b}", "item", item, "ord", q->ord,
		"sector", kj_web_json_str_or_null(q->sector), "kind", q->kind, "text_ja", q->text_ja,
		"text_en", kj_web_json_str_or_null(q->text_en), "choices", choices ? choices : json_null(),
		"required", q->required);
}

int kj_api_survey_questions(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	struct kj_question_list *l;
	int rc = load_questions(req, &id, &l);
	if (rc)
		return rc;
	json_t *a = json_array();
	for (int i = 0; a && i < l->n; i++)
		json_array_append_new(a, question_json(&l->rows[i]));
	json_t *j = json_pack("{s:I, s:s, s:b, s:o}", "survey", (json_int_t)id, "status", l->status,
			      "frozen", strcmp(l->status, "draft") != 0,
			      "questions", a ? a : json_null());
	kj_question_list_free(l);
	return kj_web_send_json(resp, j);
}

/* The use case's refusal WHY of Q (NULL: a drop) as the API answers it. */
static int api_refused(struct kj_request *req, struct kj_response *resp,
		       const struct kj_question_request *q, const struct kj_survey_refusal *why)
{
	struct kj_question_fault f = { NULL, NULL, NULL };
	switch (why->fault) {
	case KJ_SURVEY_FORBIDDEN:
		return api_fail(req, resp, 403, N_("この調査の設問を変更する権限がありません"),
				why->msg, NULL);
	case KJ_SURVEY_NOT_FOUND:
		return api_fail(req, resp, 404, N_("その設問はありません"), why->msg, NULL);
	case KJ_SURVEY_BAD:
		/* Which field: with no scope given, a request whose kind, texts and
		 * choices pass was refused for its sector. */
		if (q)
			kj_app_question_fault(q, NULL, 0, &f);
		return api_fail(req, resp, 422, N_("入力内容に誤りがあります"), why->msg, f.field);
	default:
		return api_fail(req, resp, 409, N_("この操作はいまの状態ではできません"), why->msg,
				NULL);
	}
}

/* The body's choices (an array of strings) one per line into *OUT (free it):
 * 0, or -1 when they are not such an array (a line break inside one would
 * make two). Absent: *OUT NULL. */
static int body_choices(json_t *body, char **out)
{
	json_t *a = json_object_get(body, "choices"), *v;
	size_t i, len = 1;
	*out = NULL;
	if (!a || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return -1;
	/* How many and how long is the model's to say (422); the body's cap
	 * bounds what is copied here. */
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || strpbrk(json_string_value(v), "\r\n"))
			return -1;
		len += json_string_length(v) + 1;
	}
	char *s = malloc(len), *p = s;
	if (!s)
		return -1;
	json_array_foreach(a, i, v) {
		size_t n = json_string_length(v);
		memcpy(p, json_string_value(v), n);
		p += n;
		*p++ = '\n';
	}
	*p = '\0';
	*out = kj_question_choices_tidy(s);
	free(s);
	return *out ? 0 : -1;
}

/* A string member (NULL when absent); *BAD when present and not a string. */
static const char *member(json_t *o, const char *key, int *bad)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	*bad |= !json_is_string(v);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The body as a question request (strings borrowed from BODY, choices into
 * *CHOICES): 0, or -1 when it is not one. */
static int body_question(json_t *body, struct kj_question_request *q, char **choices)
{
	static const char *const known[] = { "kind", "text_ja", "text_en", "sector", "choices",
					     "required" };
	const char *key;
	json_t *v;
	int bad = !json_is_object(body);
	json_object_foreach(bad ? NULL : body, key, v) {
		int ok = 0;
		for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
			ok |= !strcmp(key, known[k]);
		bad |= !ok;
	}
	json_t *req = bad ? NULL : json_object_get(body, "required");
	bad |= req && !json_is_boolean(req);
	if (bad)
		return -1;
	memset(q, 0, sizeof *q);
	q->kind = member(body, "kind", &bad);
	q->text_ja = member(body, "text_ja", &bad);
	q->text_en = member(body, "text_en", &bad);
	q->sector = member(body, "sector", &bad);
	q->optional = req && json_is_false(req);
	return bad || body_choices(body, choices) < 0 ? -1 : 0;
}

/* The actor of the request, its name in NAME. */
static struct kj_actor actor_of(struct kj_request *req, char name[KJ_AUDIT_ACTOR_MAX])
{
	kj_web_actor(req, name, KJ_AUDIT_ACTOR_MAX);
	return (struct kj_actor){ &req->user, req->user.id, name };
}

int kj_api_survey_question_add(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	struct kj_question_list *l;
	int rc = load_questions(req, &id, &l);	/* a campaign the user may not see: 404 */
	if (rc)
		return rc;
	kj_question_list_free(l);
	struct kj_err err;
	json_t *body = NULL;
	if (req->body && kj_json_depth_ok(req->body, req->body_len, KJ_JSON_DEPTH_MAX))
		body = kj_json_parse(req->body, req->body_len, "body", &err);
	struct kj_question_request q;
	char *choices = NULL, name[KJ_AUDIT_ACTOR_MAX], loc[80], item[16];
	if (!body || body_question(body, &q, &choices) < 0) {
		rc = api_fail(req, resp, 400, N_("リクエストに誤りがあります"), "the body must be "
			      "a JSON object with strings kind, text_ja, text_en, sector, an array "
			      "of strings choices and a boolean required", NULL);
		goto done;
	}
	q.choices = choices;
	const struct kj_actor actor = actor_of(req, name);
	struct kj_survey_refusal why;
	int ord;
	if (kj_app_survey_question_add(req->st, &actor, id, &q, &ord, &why, &err) < 0) {
		rc = 500;
		goto done;
	}
	if (why.fault != KJ_SURVEY_OK) {
		rc = api_refused(req, resp, &q, &why);
		goto done;
	}
	snprintf(loc, sizeof loc, "/api/v1/surveys/%lld/questions", (long long)id);
	snprintf(item, sizeof item, "Q%d", ord);
	resp->status = 201;
	if (kj_response_header(resp, "Location", loc) < 0)
		rc = 500;
	else
		rc = kj_web_send_json(resp, json_pack("{s:I, s:s, s:i}", "survey", (json_int_t)id,
						       "item", item, "ord", ord));
done:
	free(choices);
	json_decref(body);
	return rc;
}

int kj_api_survey_question_drop(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	long ord;
	struct kj_question_list *l;
	int rc = load_questions(req, &id, &l);
	if (rc)
		return rc;
	kj_question_list_free(l);
	if (req->nargs < 2 || kj_parse_long(req->args[1], 1, 0x7fffffffL, &ord) < 0)
		return api_fail(req, resp, 404, N_("その設問はありません"),
				"a question is named by its number", NULL);
	char name[KJ_AUDIT_ACTOR_MAX];
	const struct kj_actor actor = actor_of(req, name);
	struct kj_survey_refusal why;
	struct kj_err err;
	if (kj_app_survey_question_drop(req->st, &actor, id, (int)ord, &why, &err) < 0)
		return 500;
	if (why.fault != KJ_SURVEY_OK)
		return api_refused(req, resp, NULL, &why);
	return kj_web_send_json(resp, json_pack("{s:I, s:i, s:b}", "survey", (json_int_t)id,
						"ord", (int)ord, "dropped", 1));
}
