/*
 * A ministry's response to a survey of kind other (survey_other.h): load,
 * save with optimistic locking, submit with a receipt, return. The
 * answers' checks (model/answer.h: kj_question_value), their canonical
 * text and digest (survey_answer_priv.h) are the questionnaire's, so a
 * receipt is proved the same way whoever answered.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/survey_answer_priv.h"
#include "app/survey_other.h"
#include "base/util.h"

/* Survey SURVEY of kind other to ministries, and the ministry meant: the
 * one named (NULL or "": the actor's); the actor's reach for ACT. */
static int open_sheet(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		      const char *ministry, enum kj_other_act act, struct kj_other_sheet *sh,
		      struct kj_answer_refusal *why, struct kj_err *err)
{
	int found, yes;
	memset(why, 0, sizeof *why);
	if (kj_store_survey_get(st, survey, &sh->sv, &found, err) < 0)
		return -1;
	if (!found || strcmp(sh->sv.kind, "other") || strcmp(sh->sv.respondent_kind, "ministry")) {
		ans_refuse(why, KJ_SURVEY_NOT_FOUND, "no survey %lld to ministries", (long long)survey);
		return ans_refuse_ja(why, "省庁あての調査 %lld はありません", (long long)survey);
	}
	if (!ministry || !*ministry)
		ministry = actor->user && actor->user->role == KJ_ROLE_MINISTRY
			? actor->user->ministry : "";
	if (!*ministry || strlen(ministry) >= sizeof sh->ministry) {
		ans_refuse(why, KJ_SURVEY_BAD, "name the ministry whose response it is");
		return ans_refuse_ja(why, "回答する省庁を指定してください");
	}
	kj_strlcpy(sh->ministry, ministry, sizeof sh->ministry);
	const char *secs[KJ_SURVEY_SECTORS_MAX];
	for (int i = 0; i < sh->sv.nsectors; i++)
		secs[i] = sh->sv.sectors[i];
	int owner = kj_authz_survey_admin(actor->user, sh->sv.owner_kind, sh->sv.owner_ministry,
					  secs, sh->sv.nsectors);
	int mine = actor->user && actor->user->role == KJ_ROLE_MINISTRY &&
		!strcmp(actor->user->ministry, sh->ministry);
	if (!kj_authz_other(actor->user, act, owner, mine)) {
		ans_refuse(why, KJ_SURVEY_FORBIDDEN, "this response is outside your reach");
		return ans_refuse_ja(why, "この回答を扱う権限がありません");
	}
	sh->may_edit = kj_authz_other(actor->user, KJ_OTHER_EDIT, owner, mine);
	sh->may_return = kj_authz_other(actor->user, KJ_OTHER_RETURN, owner, mine);
	if (kj_store_ministry_response_head(st, survey, sh->ministry, &yes, &sh->h, err) < 0)
		return -1;
	if (!yes || !strcmp(sh->sv.status, "draft")) {
		ans_refuse(why, KJ_SURVEY_NOT_FOUND, "ministry %s is not a respondent of survey %lld",
			   sh->ministry, (long long)survey);
		return ans_refuse_ja(why, "省庁 %s は調査 %lld の回答対象ではありません",
				     sh->ministry, (long long)survey);
	}
	return 0;
}

static int add_item(void *ctx, const struct kj_survey_question *q)
{
	struct kj_other_sheet *sh = ctx;
	if (sh->nitems >= KJ_SURVEY_QUESTIONS_MAX)
		return 0;
	struct kj_other_item *it = &sh->items[sh->nitems++];
	memset(it, 0, sizeof *it);
	it->question = q->id;
	it->ord = q->ord;
	it->kind = kj_question_kind_parse(q->kind);
	it->required = q->required;
	kj_strlcpy(it->text_ja, q->text_ja, sizeof it->text_ja);
	kj_strlcpy(it->text_en, q->text_en ? q->text_en : "", sizeof it->text_en);
	kj_strlcpy(it->choices, q->choices ? q->choices : "", sizeof it->choices);
	return 0;
}

static struct kj_other_item *item_of(struct kj_other_sheet *sh, int ord)
{
	for (int i = 0; i < sh->nitems; i++)
		if (sh->items[i].ord == ord)
			return &sh->items[i];
	return NULL;
}

static int put_value(void *ctx, const char *key, int ord, const char *value)
{
	(void)key;
	struct kj_other_item *it = item_of(ctx, ord);
	if (it)
		kj_strlcpy(it->value, value, sizeof it->value);
	return 0;
}

/* The questions, the answers and the latest receipt into SH. */
static int read_sheet(struct kj_store *st, struct kj_other_sheet *sh, struct kj_err *err)
{
	int found;
	sh->nitems = 0;
	if (kj_store_survey_question_each(st, sh->sv.id, add_item, sh, err) < 0 ||
	    (sh->h.id && kj_store_ministry_answers(st, sh->h.id, put_value, sh, err) < 0))
		return -1;
	memset(&sh->last, 0, sizeof sh->last);
	if (sh->h.id && sh->h.versions > 0) {
		if (kj_store_ministry_version_get(st, sh->h.id, sh->h.versions, sh->last.number,
						  sh->last.at, sh->last.digest, &found, err) < 0)
			return -1;
		sh->last.version = found ? sh->h.versions : 0;
	}
	return 0;
}

int kj_app_other_ministry_load(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			       const char *ministry, struct kj_other_sheet *sh,
			       struct kj_answer_refusal *why, struct kj_err *err)
{
	memset(sh, 0, offsetof(struct kj_other_sheet, items));
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	int rc = open_sheet(st, actor, survey, ministry, KJ_OTHER_READ, sh, why, err);
	if (rc == 0 && !why->fault)
		rc = read_sheet(st, sh, err);
	if (rc == 0 && !why->fault)
		rc = kj_store_survey_ministry_name(st, sh->ministry, sh->ministry_ja, sh->ministry_en,
						   err);
	kj_store_rollback(st);
	return rc;
}

/* Opens SH for a change (ACT), in a write transaction: the survey open and
 * today before its close, the response not submitted (unless returning)
 * and, at REVISION >= 0, not changed since. */
static int open_change(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		       const char *ministry, enum kj_other_act act, long revision,
		       struct kj_other_sheet *sh, struct kj_answer_refusal *why,
		       struct kj_err *err)
{
	if (open_sheet(st, actor, survey, ministry, act, sh, why, err) < 0 || why->fault)
		return why->fault ? 0 : -1;
	char today[16];
	ans_today(today);
	if (strcmp(sh->sv.status, "open") ||
	    (act != KJ_OTHER_RETURN && *sh->sv.closes_on && strcmp(today, sh->sv.closes_on) > 0)) {
		ans_refuse(why, KJ_SURVEY_REFUSED, "survey %lld is not open for answers",
			   (long long)survey);
		return ans_refuse_ja(why, "調査 %lld は回答を受け付けていません", (long long)survey);
	}
	if (act == KJ_OTHER_RETURN) {
		if (!sh->h.id || strcmp(sh->h.status, "submitted")) {
			ans_refuse(why, KJ_SURVEY_REFUSED, "the response is not submitted: nothing "
				   "to return");
			return ans_refuse_ja(why, "提出されていない回答は差し戻せません");
		}
	} else if (sh->h.id && !strcmp(sh->h.status, "submitted")) {
		ans_refuse(why, KJ_SURVEY_REFUSED, "the response is submitted: it is locked until "
			   "it is returned");
		return ans_refuse_ja(why, "提出済みの回答は差し戻されるまで変更できません");
	}
	if (revision >= 0 && revision != (sh->h.id ? sh->h.revision : 0)) {
		ans_refuse(why, KJ_SURVEY_REFUSED, "%s changed the response at %s after you read "
			   "it: read it again", sh->h.updated_by, sh->h.updated_at);
		return ans_refuse_ja(why, "読み込んだ後に %s が %s に回答を変更しました。読み込み直してください",
				     sh->h.updated_by, sh->h.updated_at);
	}
	return read_sheet(st, sh, err);
}

/* The question of ITEM ("Q3" or "3"), or NULL. */
static struct kj_other_item *item_named(struct kj_other_sheet *sh, const char *item)
{
	const char *p = item && (*item == 'Q' || *item == 'q') ? item + 1 : item;
	long ord;
	if (!p || kj_parse_long(p, 1, KJ_SURVEY_QUESTIONS_MAX * 100L, &ord) < 0)
		return NULL;
	return item_of(sh, (int)ord);
}

/* Checks every edit into VALUES (the normalised value per edit). */
static int check_edits(struct kj_other_sheet *sh, const struct kj_other_edit *edits, int n,
		       char (*values)[4 * KJ_ANSWER_VALUE_MAX + 1], struct kj_answer_refusal *why)
{
	for (int i = 0; i < n; i++) {
		struct kj_other_item *it = item_named(sh, edits[i].item);
		const struct kj_answer_fault *f;
		if (!it) {
			ans_refuse(why, KJ_SURVEY_BAD, "%.24s: no such question", edits[i].item);
			return ans_refuse_ja(why, "%.24s: その設問はありません", edits[i].item);
		}
		for (int k = 0; k < i; k++)
			if (item_named(sh, edits[k].item) == it) {
				ans_refuse(why, KJ_SURVEY_BAD, "Q%d is given twice", it->ord);
				return ans_refuse_ja(why, "Q%d が二度指定されています", it->ord);
			}
		f = kj_question_value((enum kj_question_kind)it->kind, it->choices,
				      edits[i].value ? edits[i].value : "", values[i],
				      sizeof values[i]);
		if (f) {
			ans_refuse(why, KJ_SURVEY_BAD, "Q%d: %s", it->ord, f->en);
			return ans_refuse_ja(why, "Q%d: %s", it->ord, f->ja);
		}
	}
	return 0;
}

/* Creates SH's response when there is none; in the transaction. */
static int ensure_response(struct kj_store *st, const struct kj_actor *actor,
			   struct kj_other_sheet *sh, struct kj_err *err)
{
	if (sh->h.id)
		return 0;
	if (kj_store_ministry_response_create(st, sh->sv.id, sh->ministry, actor->id, actor->name,
					      &sh->h.id, err) < 0)
		return -1;
	kj_strlcpy(sh->h.status, "draft", sizeof sh->h.status);
	return 0;
}

/* The audit entry ACTION of ministry response ID with DETAIL (released). */
static int audit(struct kj_store *st, const struct kj_actor *actor, const char *action,
		 int64_t id, json_t *d, struct kj_err *err)
{
	return kj_audit_log_actor(st, actor, action, "ministry_response", id, d, err);
}

static json_t *detail(const struct kj_other_sheet *sh)
{
	return json_pack("{s:I, s:s}", "survey", (json_int_t)sh->sv.id, "ministry", sh->ministry);
}

int kj_app_other_ministry_save(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			       const char *ministry, long revision,
			       const struct kj_other_edit *edits, int n, int *saved,
			       struct kj_answer_refusal *why, struct kj_err *err)
{
	*saved = 0;
	struct kj_other_sheet *sh = calloc(1, sizeof *sh);
	char (*values)[4 * KJ_ANSWER_VALUE_MAX + 1] = n > 0 ? calloc((size_t)n, sizeof *values)
		: NULL;
	int rc = -1;
	if (!sh || (n > 0 && !values) || n > KJ_SURVEY_QUESTIONS_MAX) {
		if (n > KJ_SURVEY_QUESTIONS_MAX) {
			ans_refuse(why, KJ_SURVEY_BAD, "more answers than questions");
			ans_refuse_ja(why, "設問より多くの回答が指定されています");
			rc = 0;
		} else {
			kj_err_set(err, "out of memory");
		}
		goto out;
	}
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (open_change(st, actor, survey, ministry, KJ_OTHER_EDIT, revision, sh, why, err) < 0)
		goto rollback;
	if (!why->fault)
		check_edits(sh, edits, n, values, why);
	if (why->fault)
		goto refused;
	if (ensure_response(st, actor, sh, err) < 0)
		goto rollback;
	long rev = sh->h.revision + 1;
	json_t *changed = json_array();
	for (int i = 0; i < n; i++) {
		struct kj_other_item *it = item_named(sh, edits[i].item);
		if (!strcmp(it->value, values[i]))
			continue;
		if (kj_store_ministry_answer_put(st, sh->h.id, it->question, values[i], rev,
						 actor->id, err) < 0) {
			json_decref(changed);
			goto rollback;
		}
		json_array_append_new(changed, json_sprintf("Q%d", it->ord));
		(*saved)++;
	}
	json_t *d = detail(sh);
	json_object_set_new(d, "items", changed);
	if ((*saved && kj_store_ministry_response_move(st, sh->h.id, sh->h.status, rev,
						       sh->h.versions, actor->id, actor->name,
						       err) < 0) ||
	    (!*saved && (json_decref(d), d = NULL, 0)) ||
	    (d && audit(st, actor, "ministry_response.save", sh->h.id, d, err) < 0) ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	rc = 0;
	goto out;
refused:
	rc = 0;
rollback:
	kj_store_rollback(st);
	*saved = 0;
out:
	free(values);
	free(sh);
	return rc;
}

/* The canonical text of SH's answers, as a questionnaire's version's. */
static char *content_of(const struct kj_other_sheet *sh)
{
	struct kj_buf b;
	kj_buf_init(&b, (size_t)sh->nitems * (4 * KJ_ANSWER_VALUE_MAX * 2 + 16) + 1024);
	for (int i = 0; i < sh->nitems; i++) {
		struct ans_val v = { KJ_LEVEL_NONE, NULL, NULL, NULL, (char *)sh->items[i].value };
		kj_buf_printf(&b, "Q%d\t", sh->items[i].ord);
		ans_text(&b, &v, 1);
		kj_buf_addc(&b, '\n');
	}
	if (kj_buf_failed(&b)) {
		kj_buf_free(&b);
		return NULL;
	}
	return b.len ? kj_buf_detach(&b) : strdup("");
}

int kj_app_other_ministry_submit(struct kj_store *st, const struct kj_actor *actor,
				 int64_t survey, const char *ministry, long revision,
				 struct kj_receipt *receipt, struct kj_answer_refusal *why,
				 struct kj_err *err)
{
	memset(receipt, 0, sizeof *receipt);
	struct kj_other_sheet *sh = calloc(1, sizeof *sh);
	char *content = NULL;
	int rc = -1;
	if (!sh) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (open_change(st, actor, survey, ministry, KJ_OTHER_EDIT, revision, sh, why, err) < 0)
		goto rollback;
	for (int i = 0; !why->fault && i < sh->nitems; i++)
		if (sh->items[i].required && !*sh->items[i].value) {
			ans_refuse(why, KJ_SURVEY_REFUSED, "Q%d is required and not answered",
				   sh->items[i].ord);
			ans_refuse_ja(why, "Q%d は必須の設問で、まだ回答がありません", sh->items[i].ord);
		}
	if (why->fault)
		goto refused;
	if (ensure_response(st, actor, sh, err) < 0 || !(content = content_of(sh))) {
		if (!content && !err->msg[0])
			kj_err_set(err, "out of memory");
		goto rollback;
	}
	int version = sh->h.versions + 1;
	receipt->version = version;
	snprintf(receipt->number, sizeof receipt->number, "M%04d-%04lld-%.15s-%02d", sh->sv.fy,
		 (long long)sh->sv.id, sh->ministry, version);
	kj_now_iso(receipt->at);
	ans_digest(content, receipt->digest);
	json_t *d = detail(sh);
	json_object_set_new(d, "version", json_integer(version));
	json_object_set_new(d, "receipt", json_string(receipt->number));
	json_object_set_new(d, "digest", json_string(receipt->digest));
	if (kj_store_ministry_version_add(st, sh->h.id, version, receipt->number, receipt->at,
					  actor->id, actor->name, receipt->digest, content,
					  err) < 0 ||
	    kj_store_ministry_response_move(st, sh->h.id, "submitted", sh->h.revision + 1, version,
					    actor->id, actor->name, err) < 0) {
		json_decref(d);
		goto rollback;
	}
	if (audit(st, actor, "ministry_response.submit", sh->h.id, d, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	rc = 0;
	goto out;
refused:
	rc = 0;
rollback:
	kj_store_rollback(st);
	if (rc < 0 || why->fault)
		memset(receipt, 0, sizeof *receipt);
out:
	free(content);
	free(sh);
	return rc;
}

int kj_app_other_ministry_return(struct kj_store *st, const struct kj_actor *actor,
				 int64_t survey, const char *ministry, const char *message,
				 struct kj_answer_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	ans_check_return_message(message, why);
	if (why->fault)
		return 0;
	struct kj_other_sheet *sh = calloc(1, sizeof *sh);
	int rc = -1;
	if (!sh) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	char now[32];
	kj_now_iso(now);
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (open_change(st, actor, survey, ministry, KJ_OTHER_RETURN, -1, sh, why, err) < 0)
		goto rollback;
	if (why->fault) {
		rc = 0;
		goto rollback;
	}
	json_t *d = detail(sh);
	json_object_set_new(d, "version", json_integer(sh->h.versions));
	json_object_set_new(d, "message", json_string(message));
	if (kj_store_ministry_return_add(st, sh->h.id, sh->h.versions, now, actor->id, actor->name,
					 message, err) < 0 ||
	    kj_store_ministry_response_move(st, sh->h.id, "returned", sh->h.revision + 1,
					    sh->h.versions, actor->id, actor->name, err) < 0) {
		json_decref(d);
		goto rollback;
	}
	if (audit(st, actor, "ministry_response.return", sh->h.id, d, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	rc = 0;
	goto out;
rollback:
	kj_store_rollback(st);
out:
	free(sh);
	return rc;
}
