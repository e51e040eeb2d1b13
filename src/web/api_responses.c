/*
 * The JSON API of survey responses (issue 12), described in
 * docs/openapi.yaml: /api/v1/surveys/{id}/responses/{corp} read whole,
 * …/answers saved with the revision read (409 with the conflicts, 422
 * with bad values), …/submit with the attestation (422 with what is
 * missing, 201 with the receipt), …/return with a message, …/versions and
 * …/versions/{n}. An operator names its own corporate number; who may
 * reach which response is the use cases' (kj_authz_response): for anyone
 * else it is not there (404). A bad body is a 400 that changes nothing.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/util.h"
#include "web/html.h"
#include "web/page_answer.h"
#include "web/pages.h"

#define API_VERSIONS_MAX 200	/* submitted versions listed */
#define API_ITEMS_MAX (KJ_CATALOG_REQ_MAX + KJ_SURVEY_QUESTIONS_MAX)

/* An error body like kj_web_error's, with EXTRA (consumed, may be NULL) beside it. */
static int api_fail(struct kj_request *req, struct kj_response *resp, int status,
		    const char *message_ja, const char *detail, const char *key, json_t *extra)
{
	json_t *j = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", status,
			      "message", kj_tr(req, message_ja), "detail", detail ? detail : "");
	if (j && key && extra)
		json_object_set_new(j, key, extra);
	else if (extra)
		json_decref(extra);
	kj_buf_reset(&resp->body);
	resp->status = status;
	return kj_web_send_json(resp, j);
}

static int api_refused(struct kj_request *req, struct kj_response *resp,
		       const struct kj_answer_refusal *why)
{
	if (why->fault == KJ_SURVEY_NOT_FOUND || why->fault == KJ_SURVEY_FORBIDDEN)
		return 404;
	return api_fail(req, resp, why->fault == KJ_SURVEY_BAD ? 422 : 409,
			why->fault == KJ_SURVEY_BAD ? N_("入力内容に誤りがあります")
						    : N_("この操作はいまの状態ではできません"),
			why->msg, NULL, NULL);
}

/* The survey and organisation of the path: 0, or 404 / 500. */
static int api_target(struct kj_request *req, int64_t *survey, int64_t *org)
{
	int st = kj_answer_survey_arg(req, survey);
	if (st || req->nargs < 2)
		return 404;
	return kj_answer_corp_org(req, *survey, req->args[1], org);
}

static json_t *value_json(const struct kj_q_item *it, const struct kj_answer_value *v)
{
	if (it->requirement < 0)
		return json_pack("{s:o}", "value", kj_web_json_str_or_null(v->value));
	return json_pack("{s:o, s:o, s:o, s:o}",
		"level", v->level == KJ_LEVEL_NONE ? json_null() : json_string(kj_level_code(v->level)),
		"na_reason", kj_web_json_str_or_null(v->na_reason),
		"note", kj_web_json_str_or_null(v->note),
		"evidence", kj_web_json_str_or_null(v->evidence));
}

static json_t *item_json(const struct kj_questionnaire *q, const struct kj_q_item *it)
{
	json_t *j = value_json(it, &it->now);
	if (!j)
		return NULL;
	json_object_set_new(j, "item", json_string(it->item));
	json_object_set_new(j, "function", it->function >= 0 && it->function < q->cat.nfunctions
			    ? json_string(q->cat.functions[it->function].code) : json_null());
	json_object_set_new(j, "prefilled", json_boolean(it->prefilled));
	json_object_set_new(j, "changed_revision", json_integer(it->changed_rev));
	json_object_set_new(j, "updated_at", kj_web_json_str_or_null(it->updated_at));
	json_object_set_new(j, "updated_by", kj_web_json_str_or_null(it->updated_by));
	json_object_set_new(j, "assignee", kj_web_json_str_or_null(it->assignee_name));
	json_object_set_new(j, "last_year", it->has_last ? value_json(it, &it->last) : json_null());
	return j;
}

static json_t *questionnaire_json(const struct kj_questionnaire *q)
{
	json_t *items = json_array();
	for (int i = 0; items && i < q->nitems; i++)
		json_array_append_new(items, item_json(q, &q->items[i]));
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:i, s:o, s:i, s:i, s:o, s:o, s:o, s:o, s:o}",
		"survey", (json_int_t)q->survey.id, "corporate_number", q->corporate_number,
		"organisation", q->org_name, "status", q->status, "revision", (json_int_t)q->revision,
		"versions", q->versions, "closes_on", kj_web_json_str_or_null(q->closes_on),
		"left", q->left, "unconfirmed", q->prefilled,
		"lead", kj_web_json_str_or_null(q->lead_name),
		"updated_at", kj_web_json_str_or_null(q->updated_at),
		"updated_by", kj_web_json_str_or_null(q->updated_by),
		"returned", q->returned_at[0] ? json_pack("{s:s, s:s}", "at", q->returned_at,
			"message", q->return_message) : json_null(),
		"items", items ? items : json_null());
}

int kj_api_response(struct kj_request *req, struct kj_response *resp)
{
	struct kj_questionnaire *q;
	int64_t survey, org;
	int st = api_target(req, &survey, &org);
	if (st || (st = kj_answer_load(req, resp, survey, org, &q)) || !q)
		return st;
	st = kj_web_send_json(resp, questionnaire_json(q));
	kj_questionnaire_free(q);
	return st;
}

/* The body as a JSON object: NULL, with the 400 answered, when it is not one. */
static json_t *api_body(struct kj_request *req, struct kj_response *resp)
{
	struct kj_err err;
	json_t *j = NULL;
	if (req->body && kj_json_depth_ok(req->body, req->body_len, KJ_JSON_DEPTH_MAX))
		j = kj_json_parse(req->body, req->body_len, "body", &err);
	if (j && json_is_object(j))
		return j;
	json_decref(j);
	api_fail(req, resp, 400, N_("リクエストに誤りがあります"),
		 "the body must be a JSON object", NULL, NULL);
	return NULL;
}

/* A string member, or NULL when absent; *BAD when present and not a string. */
static const char *opt_str(json_t *o, const char *key, int *bad)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = 1;
		return NULL;
	}
	return json_string_value(v);
}

/* The items of a save into E (at most MAX): 0, or -1 with WHAT naming the bad one. */
static int parse_edits(json_t *items, struct kj_answer_edit *e, char (*levels)[4], int max,
		       int *n, char *what, size_t wn)
{
	static const char *const known[] = { "item", "level", "na_reason", "note", "evidence",
					     "value", "confirm" };
	size_t i;
	json_t *it;
	*n = 0;
	if (!json_is_array(items) || json_array_size(items) > (size_t)max) {
		snprintf(what, wn, "items must be an array of at most %d answers", max);
		return -1;
	}
	json_array_foreach(items, i, it) {
		int bad = !json_is_object(it);
		const char *key;
		json_t *v;
		json_object_foreach(bad ? NULL : it, key, v) {
			int ok = 0;
			for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
				ok |= !strcmp(key, known[k]);
			bad |= !ok;
		}
		struct kj_answer_edit *x = &e[*n];
		memset(x, 0, sizeof *x);
		json_t *lv = bad ? NULL : json_object_get(it, "level");
		if (json_is_integer(lv) && json_integer_value(lv) >= 0 && json_integer_value(lv) <= 9) {
			snprintf(levels[*n], 4, "%d", (int)json_integer_value(lv));
			x->level = levels[*n];
		} else if (!bad) {
			x->level = opt_str(it, "level", &bad);
		}
		x->item = bad ? NULL : opt_str(it, "item", &bad);
		x->na_reason = bad ? NULL : opt_str(it, "na_reason", &bad);
		x->note = bad ? NULL : opt_str(it, "note", &bad);
		x->evidence = bad ? NULL : opt_str(it, "evidence", &bad);
		x->value = bad ? NULL : opt_str(it, "value", &bad);
		json_t *c = bad ? NULL : json_object_get(it, "confirm");
		bad |= c && !json_is_boolean(c);
		x->confirm = c && json_is_true(c);
		if (bad || !x->item) {
			snprintf(what, wn, "answer %zu: an object with \"item\" and string fields "
				 "(level, na_reason, note, evidence, value) and a boolean confirm", i);
			return -1;
		}
		(*n)++;
	}
	return 0;
}

static json_t *conflicts_json(const struct kj_save_result *r)
{
	json_t *a = json_array();
	for (int i = 0; a && i < r->nconflicts; i++) {
		char t[KJ_ANSWER_NOTE_BYTES], y[KJ_ANSWER_NOTE_BYTES];
		kj_answer_text(&r->conflicts[i].theirs, t, sizeof t);
		kj_answer_text(&r->conflicts[i].yours, y, sizeof y);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s}",
			"item", r->conflicts[i].item, "theirs", t, "yours", y,
			"by", r->conflicts[i].by, "at", r->conflicts[i].at));
	}
	return a;
}

static json_t *faults_json(const struct kj_save_result *r)
{
	json_t *a = json_array();
	for (int i = 0; a && i < r->nfaults; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "item", r->faults[i].item,
			"message", r->faults[i].fault->en, "message_ja", r->faults[i].fault->ja));
	return a;
}

/* The outcome of a save: 200 with the new revision, 409 conflicts, 422 faults. */
static int save_answer(struct kj_request *req, struct kj_response *resp,
		       const struct kj_save_result *res, const struct kj_answer_refusal *why)
{
	if (why->fault == KJ_SURVEY_OK)
		return kj_web_send_json(resp, json_pack("{s:I, s:i}", "revision",
			(json_int_t)res->revision, "changed", res->changed));
	if (res->nconflicts)
		return api_fail(req, resp, 409, N_("ほかの人が同じ設問を先に保存しました"), why->msg,
				"conflicts", conflicts_json(res));
	if (res->nfaults)
		return api_fail(req, resp, 422, N_("入力内容に誤りがあります"), why->msg, "faults",
				faults_json(res));
	return api_refused(req, resp, why);
}

int kj_api_response_answers(struct kj_request *req, struct kj_response *resp)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX], what[160];
	int64_t survey, org;
	int n = 0, bad = 0, st = api_target(req, &survey, &org);
	if (st)
		return st;
	json_t *body = api_body(req, resp);
	if (!body)
		return 0;
	struct kj_answer_edit *edits = calloc(API_ITEMS_MAX, sizeof *edits);
	char (*levels)[4] = calloc(API_ITEMS_MAX, sizeof *levels);
	struct kj_save_result *res = kj_save_result_new();
	json_t *rev = json_object_get(body, "revision");
	const char *reason = opt_str(body, "reason", &bad);
	if (!edits || !levels || !res) {
		st = 500;
	} else if (!json_is_integer(rev) || json_integer_value(rev) < -1 || bad) {
		st = api_fail(req, resp, 400, N_("リクエストに誤りがあります"),
			      "revision (an integer, -1: no check) and reason (a string) expected",
			      NULL, NULL);
	} else if (parse_edits(json_object_get(body, "items"), edits, levels, API_ITEMS_MAX, &n,
			       what, sizeof what) < 0) {
		st = api_fail(req, resp, 400, N_("リクエストに誤りがあります"), what, NULL, NULL);
	} else {
		kj_answer_actor(req, &actor, name);
		const struct kj_answer_save save = { (long)json_integer_value(rev), edits, n, reason };
		st = kj_app_answers_save(req->st, &actor, survey, org, &save, res, &why, &err) < 0
		     ? 500 : save_answer(req, resp, res, &why);
	}
	if (res)
		kj_save_result_free(res);
	free(edits);
	free(levels);
	json_decref(body);
	return st;
}

static json_t *receipt_json(const struct kj_receipt *r)
{
	return json_pack("{s:s, s:s, s:s, s:i}", "number", r->number, "at", r->at,
			 "digest", r->digest, "version", r->version);
}

int kj_api_response_submit(struct kj_request *req, struct kj_response *resp)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_receipt receipt;
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX];
	int64_t survey, org;
	int nmissing = 0, bad = 0, st = api_target(req, &survey, &org);
	if (st)
		return st;
	json_t *body = api_body(req, resp);
	if (!body)
		return 0;
	json_t *rev = json_object_get(body, "revision"), *att = json_object_get(body, "attestation");
	struct kj_attestation a = { 0 };
	if (json_is_object(att)) {
		a.name = opt_str(att, "name", &bad);
		a.title = opt_str(att, "title", &bad);
		a.date = opt_str(att, "date", &bad);
	}
	char (*missing)[KJ_ITEM_MAX] = calloc(API_ITEMS_MAX, sizeof *missing);
	if (!missing) {
		st = 500;
	} else if (!json_is_integer(rev) || !json_is_object(att) || bad) {
		st = api_fail(req, resp, 400, N_("リクエストに誤りがあります"),
			      "revision (an integer) and attestation {name, title, date} expected",
			      NULL, NULL);
	} else {
		kj_answer_actor(req, &actor, name);
		if (kj_app_response_submit(req->st, &actor, survey, org,
					   (long)json_integer_value(rev), &a, &receipt, missing,
					   API_ITEMS_MAX, &nmissing, &why, &err) < 0) {
			st = 500;
		} else if (why.fault == KJ_SURVEY_OK) {
			resp->status = 201;
			st = kj_web_send_json(resp, json_pack("{s:o}", "receipt", receipt_json(&receipt)));
		} else if (nmissing) {
			json_t *m = json_array();
			for (int i = 0; m && i < nmissing && i < API_ITEMS_MAX; i++)
				json_array_append_new(m, json_string(missing[i]));
			st = api_fail(req, resp, 422, N_("未回答または未確認の設問があります"), why.msg,
				      "missing", m);
		} else {
			st = api_refused(req, resp, &why);
		}
	}
	free(missing);
	json_decref(body);
	return st;
}

int kj_api_response_return(struct kj_request *req, struct kj_response *resp)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX];
	int64_t survey, org;
	int bad = 0, st = api_target(req, &survey, &org);
	if (st)
		return st;
	json_t *body = api_body(req, resp);
	if (!body)
		return 0;
	const char *msg = opt_str(body, "message", &bad);
	if (bad || !msg) {
		st = api_fail(req, resp, 400, N_("リクエストに誤りがあります"),
			      "message (a string) expected", NULL, NULL);
	} else {
		kj_answer_actor(req, &actor, name);
		if (kj_app_response_return(req->st, &actor, survey, org, msg, &why, &err) < 0)
			st = 500;
		else if (why.fault)
			st = api_refused(req, resp, &why);
		else
			st = kj_web_send_json(resp, json_pack("{s:s}", "status", "returned"));
	}
	json_decref(body);
	return st;
}

static json_t *head_json(const struct kj_version_head *h)
{
	return json_pack("{s:i, s:o, s:s, s:{s:s, s:s, s:s}, s:o, s:o}",
		"version", h->version, "receipt", receipt_json(&h->receipt),
		"submitted_by", h->submitted_by,
		"attestation", "name", h->attest_name, "title", h->attest_title,
		"date", h->attest_date,
		"returned_at", kj_web_json_str_or_null(h->returned_at),
		"return_message", kj_web_json_str_or_null(h->return_message));
}

int kj_api_response_versions(struct kj_request *req, struct kj_response *resp)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX];
	int64_t survey, org;
	int n = 0, st = api_target(req, &survey, &org);
	if (st)
		return st;
	struct kj_version_head *v = calloc(API_VERSIONS_MAX, sizeof *v);
	kj_answer_actor(req, &actor, name);
	if (!v || kj_app_response_versions(req->st, &actor, survey, org, v, API_VERSIONS_MAX, &n,
					   &why, &err) < 0) {
		st = 500;
	} else if (why.fault) {
		st = api_refused(req, resp, &why);
	} else {
		json_t *a = json_array();
		for (int i = 0; a && i < n; i++)
			json_array_append_new(a, head_json(&v[i]));
		st = kj_web_send_json(resp, json_pack("{s:o}", "versions", a ? a : json_null()));
	}
	free(v);
	return st;
}

int kj_api_response_version(struct kj_request *req, struct kj_response *resp)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_version_head h;
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX];
	int64_t survey, org;
	long version;
	int st = api_target(req, &survey, &org);
	if (st || req->nargs < 3 || kj_parse_long(req->args[2], 1, 1000000, &version) < 0)
		return st ? st : 404;
	struct kj_questionnaire *q = kj_questionnaire_new();
	kj_answer_actor(req, &actor, name);
	if (!q || kj_app_response_version(req->st, &actor, survey, org, (int)version, &h, q, &why,
					  &err) < 0) {
		st = 500;
	} else if (why.fault) {
		st = api_refused(req, resp, &why);
	} else {
		json_t *j = head_json(&h), *items = json_array();
		for (int i = 0; items && i < q->nitems; i++) {
			json_t *x = value_json(&q->items[i], &q->items[i].now);
			if (x)
				json_object_set_new(x, "item", json_string(q->items[i].item));
			json_array_append_new(items, x);
		}
		if (j)
			json_object_set_new(j, "items", items ? items : json_null());
		st = kj_web_send_json(resp, j);
	}
	if (q)
		kj_questionnaire_free(q);
	return st;
}
