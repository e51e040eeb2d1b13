/* Use cases of survey campaigns; see survey_admin.h. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/authz.h"
#include "app/notify.h"
#include "app/survey_admin.h"
#include "base/util.h"
#include "model/answer.h"
#include "model/corpnum.h"
#include "store/store_survey_other.h"

int kj_survey_refuse(struct kj_survey_refusal *why, enum kj_survey_fault fault,
		     const char *fmt, ...)
{
	va_list ap;
	why->fault = fault;
	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof why->msg, fmt, ap);
	va_end(ap);
	return 0;
}

/* Writes the audit entry ACTION of campaign ID with DETAIL (released). */
static int audit(struct kj_store *st, const struct kj_actor *actor, const char *action,
		 int64_t id, json_t *detail, struct kj_err *err)
{
	return kj_audit_log_actor(st, actor, action, "survey", id, detail, err);
}

static json_t *sectors_json(const struct kj_survey *sv)
{
	json_t *a = json_array();
	for (int i = 0; i < sv->nsectors; i++)
		json_array_append_new(a, json_string(sv->sectors[i]));
	return a;
}

/* REQ's scope into SV: every code known, none twice, and for a ministry's
 * own survey one the ministry holds; default every sector (the ministry's). */
static int read_scope(struct kj_store *st, const char *list, struct kj_survey *sv,
		      struct kj_survey_refusal *why, struct kj_err *err)
{
	const char *ministry = *sv->owner_ministry ? sv->owner_ministry : NULL;
	sv->nsectors = 0;
	if (!list || !*list)
		return kj_store_sector_codes(st, ministry, sv->sectors, KJ_SURVEY_SECTORS_MAX,
					     &sv->nsectors, err);
	const char *p = list;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char code[KJ_SECTOR_CODE_MAX];
		if (len == 0 || len >= sizeof code)
			return kj_survey_refuse(why, KJ_SURVEY_BAD, "--sector: '%.*s' is not a sector code",
				      (int)(len > 40 ? 40 : len), p);
		memcpy(code, p, len);
		code[len] = '\0';
		int yes;
		if (kj_store_sector_exists(st, code, &yes, err) < 0)
			return -1;
		if (!yes)
			return kj_survey_refuse(why, KJ_SURVEY_BAD, "--sector: unknown sector '%s'", code);
		if (ministry && kj_store_ministry_holds(st, ministry, code, &yes, err) < 0)
			return -1;
		if (!yes)
			return kj_survey_refuse(why, KJ_SURVEY_BAD, "--sector: ministry '%s' does not hold "
				      "sector '%s'", ministry, code);
		for (int i = 0; i < sv->nsectors; i++)
			if (!strcmp(sv->sectors[i], code))
				return kj_survey_refuse(why, KJ_SURVEY_BAD, "--sector: '%s' is given twice", code);
		if (sv->nsectors >= KJ_SURVEY_SECTORS_MAX)
			return kj_survey_refuse(why, KJ_SURVEY_BAD, "--sector: more than %d sectors",
				      KJ_SURVEY_SECTORS_MAX);
		kj_strlcpy(sv->sectors[sv->nsectors++], code, KJ_SECTOR_CODE_MAX);
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

static const char *ministry_none(const struct kj_survey *sv)
{
	return *sv->owner_ministry ? "the owner ministry holds no sector"
		: "the database has no sectors";
}

/* Campaign ID as its owner's use cases see it: a questionnaire or a survey
 * of kind other (an on-site survey has its own, app/onsite_select.h). */
static int get_owned(struct kj_store *st, int64_t id, struct kj_survey *sv, int *found,
		     struct kj_err *err)
{
	if (kj_store_survey_get(st, id, sv, found, err) < 0)
		return -1;
	if (*found && !strcmp(sv->kind, "onsite"))
		*found = 0;
	return 0;
}

static int is_other(const struct kj_survey *sv)
{
	return !strcmp(sv->kind, "other");
}

int kj_app_survey_owns(const struct kj_actor *actor, const struct kj_survey *sv)
{
	const char *secs[KJ_SURVEY_SECTORS_MAX];
	for (int i = 0; i < sv->nsectors; i++)
		secs[i] = sv->sectors[i];
	return kj_authz_survey_admin(actor->user, sv->owner_kind, sv->owner_ministry, secs,
				     sv->nsectors);
}

/* Checks REQ into SV (and the version's row id into *VID); in the transaction. */
static int check_request(struct kj_store *st, const struct kj_actor *actor,
			 const struct kj_survey_request *req, struct kj_survey *sv,
			 int64_t *vid, struct kj_survey_refusal *why, struct kj_err *err)
{
	const char *m;
	struct kj_survey_owner_spec owner;
	if ((m = kj_survey_check_fy(req->fy, &sv->fy)) ||
	    (m = kj_survey_check_titles(req->title_ja, req->title_en)) ||
	    (m = kj_survey_check_dates(req->opens, req->closes)) ||
	    (m = kj_survey_owner_parse(req->owner, &owner)))
		return kj_survey_refuse(why, KJ_SURVEY_BAD, "%s", m);
	kj_strlcpy(sv->title_ja, req->title_ja, sizeof sv->title_ja);
	kj_strlcpy(sv->title_en, req->title_en ? req->title_en : "", sizeof sv->title_en);
	kj_strlcpy(sv->opens_on, req->opens ? req->opens : "", sizeof sv->opens_on);
	kj_strlcpy(sv->closes_on, req->closes ? req->closes : "", sizeof sv->closes_on);
	kj_strlcpy(sv->owner_kind, kj_survey_owner_name(owner.kind), sizeof sv->owner_kind);
	kj_strlcpy(sv->owner_ministry, owner.ministry, sizeof sv->owner_ministry);
	const char *kind = req->kind && *req->kind ? req->kind : "questionnaire";
	if (strcmp(kind, "questionnaire") && strcmp(kind, "onsite") && strcmp(kind, "other"))
		return kj_survey_refuse(why, KJ_SURVEY_BAD, "--kind: a survey is questionnaire or other");
	kj_strlcpy(sv->kind, kind, sizeof sv->kind);
	const char *who = req->respondents && *req->respondents ? req->respondents : "operator";
	if (strcmp(who, "operator") && strcmp(who, "ministry"))
		return kj_survey_refuse(why, KJ_SURVEY_BAD, "--respondents: operator or ministry");
	if (!is_other(sv) && strcmp(who, "operator"))
		return kj_survey_refuse(why, KJ_SURVEY_BAD, "--respondents: only a survey of kind other "
			      "asks ministries");
	kj_strlcpy(sv->respondent_kind, who, sizeof sv->respondent_kind);
	if (owner.kind == KJ_OWNER_MINISTRY) {
		int yes;
		if (kj_store_ministry_exists(st, owner.ministry, &yes, err) < 0)
			return -1;
		if (!yes)
			return kj_survey_refuse(why, KJ_SURVEY_BAD, "--owner: unknown ministry '%s'",
				      owner.ministry);
	}
	if (req->version && (!*req->version || strlen(req->version) >= KJ_VERSION_MAX))
		return kj_survey_refuse(why, KJ_SURVEY_BAD, "--version: not a version of the standard");
	if (kj_store_survey_version(st, req->version, vid, sv->version, err) < 0)
		return -1;
	if (!*vid)
		return req->version ? kj_survey_refuse(why, KJ_SURVEY_BAD,
					     "--version: no version '%s' of the standard in the database",
					     req->version)
			: kj_survey_refuse(why, KJ_SURVEY_REFUSED, "no version of the standard in the database");
	if (read_scope(st, req->sectors, sv, why, err) < 0 || why->fault)
		return why->fault ? 0 : -1;
	if (sv->nsectors == 0)
		return kj_survey_refuse(why, KJ_SURVEY_REFUSED, "%s", ministry_none(sv));
	if (!kj_app_survey_owns(actor, sv))
		return kj_survey_refuse(why, KJ_SURVEY_FORBIDDEN, "this campaign is outside your reach");
	return 0;
}

int kj_app_survey_create(struct kj_store *st, const struct kj_actor *actor,
			 const struct kj_survey_request *req, int64_t *id,
			 struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*id = 0;
	struct kj_survey *sv = calloc(1, sizeof *sv);
	if (!sv) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int64_t vid;
	int rc = -1;
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (check_request(st, actor, req, sv, &vid, why, err) < 0)
		goto rollback;
	if (why->fault) {
		rc = 0;
		goto rollback;
	}
	if (kj_store_survey_create(st, sv, vid, id, err) < 0)
		goto rollback;
	json_t *d = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:o}", "fy", sv->fy,
			      "version", sv->version, "title_ja", sv->title_ja,
			      "title_en", sv->title_en, "owner", sv->owner_kind,
			      "ministry", *sv->owner_ministry ? sv->owner_ministry : NULL,
			      "opens_on", *sv->opens_on ? sv->opens_on : NULL,
			      "closes_on", *sv->closes_on ? sv->closes_on : NULL,
			      "sectors", sectors_json(sv));
	if (is_other(sv)) {
		json_object_set_new(d, "kind", json_string(sv->kind));
		json_object_set_new(d, "respondents", json_string(sv->respondent_kind));
	}
	const char *action = strcmp(sv->kind, "onsite") ? "survey.create" : "onsite.create";
	if (audit(st, actor, action, *id, d, err) < 0 || kj_store_commit(st, err) < 0)
		goto rollback;
	free(sv);
	return 0;
rollback:
	kj_store_rollback(st);
	*id = 0;
out:
	free(sv);
	return rc;
}

/* Reads campaign ID into SV and checks the move to TO; in the transaction. */
static int load_for(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		    enum kj_survey_status to, struct kj_survey *sv,
		    struct kj_survey_refusal *why, struct kj_err *err)
{
	int found;
	if (get_owned(st, id, sv, &found, err) < 0)
		return -1;
	if (!found)
		return kj_survey_refuse(why, KJ_SURVEY_NOT_FOUND, "no survey campaign %lld", (long long)id);
	if (!kj_app_survey_owns(actor, sv))
		return kj_survey_refuse(why, KJ_SURVEY_FORBIDDEN, "this campaign is outside your reach");
	int from = kj_survey_status_parse(sv->status);
	if (from < 0 || !kj_survey_transition_ok((enum kj_survey_status)from, to))
		return kj_survey_refuse(why, KJ_SURVEY_REFUSED, "survey %lld is %s: it cannot be %s",
			      (long long)id, sv->status,
			      to == KJ_SURVEY_OPEN ? "opened" : "closed");
	return 0;
}

int kj_app_survey_open(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		       long *respondents, struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*respondents = 0;
	struct kj_survey *sv = calloc(1, sizeof *sv);
	if (!sv) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = -1, changed;
	int64_t other;
	kj_sector_code shared;
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (load_for(st, actor, id, KJ_SURVEY_OPEN, sv, why, err) < 0)
		goto rollback;
	if (why->fault)
		goto refused;
	if (!*sv->version) {
		kj_survey_refuse(why, KJ_SURVEY_REFUSED, "survey %lld asks a standard version that is missing",
		       (long long)id);
		goto refused;
	}
	if (is_other(sv)) {
		/* Its chosen respondents, frozen; several may run at once. */
		if (kj_store_other_freeze(st, id, sv->respondent_kind, respondents, err) < 0)
			goto rollback;
		if (*respondents == 0) {
			kj_survey_refuse(why, KJ_SURVEY_REFUSED, "survey %lld has no respondents: choose "
			       "them first (kijun survey respondents)", (long long)id);
			goto refused;
		}
		int nq;
		if (kj_store_survey_question_count(st, id, &nq, err) < 0)
			goto rollback;
		if (nq == 0) {
			kj_survey_refuse(why, KJ_SURVEY_REFUSED, "survey %lld has no questions: add them "
			       "first", (long long)id);
			goto refused;
		}
	}
	if (!is_other(sv) && kj_store_survey_overlap(st, id, &other, shared, err) < 0)
		goto rollback;
	if (!is_other(sv) && other) {
		kj_survey_refuse(why, KJ_SURVEY_REFUSED, "survey %lld of the same year is open and covers "
		       "sector %s", (long long)other, shared);
		goto refused;
	}
	if (!is_other(sv) && kj_store_survey_freeze(st, id, respondents, err) < 0)
		goto rollback;
	if (*respondents == 0) {
		kj_survey_refuse(why, KJ_SURVEY_REFUSED, "no operator of survey %lld's sectors is a target "
		       "in fiscal year %d: identify the targets first", (long long)id, sv->fy);
		goto refused;
	}
	if (kj_store_survey_move(st, id, "draft", "open", *respondents, &changed, err) < 0)
		goto rollback;
	/* Every respondent's invitation, queued with the opening (app/notify.h);
	 * a survey of kind other has none (its respondents find it in their list). */
	if (!is_other(sv) && kj_notify_invitation(st, id, NULL, err) < 0)
		goto rollback;
	json_t *d = json_pack("{s:i, s:I, s:o}", "fy", sv->fy, "respondents",
			      (json_int_t)*respondents, "sectors", sectors_json(sv));
	if (is_other(sv))
		json_object_set_new(d, "kind", json_string(sv->kind));
	if (audit(st, actor, "survey.open", id, d, err) < 0 || kj_store_commit(st, err) < 0)
		goto rollback;
	free(sv);
	return 0;
refused:
	rc = 0;
rollback:
	kj_store_rollback(st);
out:
	if (rc < 0 || why->fault)
		*respondents = 0;
	free(sv);
	return rc;
}

int kj_app_survey_close(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct kj_survey *sv = calloc(1, sizeof *sv);
	if (!sv) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = -1, changed;
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (load_for(st, actor, id, KJ_SURVEY_CLOSED, sv, why, err) < 0)
		goto rollback;
	if (why->fault) {
		rc = 0;
		goto rollback;
	}
	if (kj_store_survey_move(st, id, "open", "closed", -1, &changed, err) < 0)
		goto rollback;
	json_t *d = json_pack("{s:i, s:I}", "fy", sv->fy, "respondents",
			      (json_int_t)sv->respondents);
	if (audit(st, actor, "survey.close", id, d, err) < 0 || kj_store_commit(st, err) < 0)
		goto rollback;
	free(sv);
	return 0;
rollback:
	kj_store_rollback(st);
out:
	free(sv);
	return rc;
}

int kj_app_survey_extend(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			 const char *corporate_number, const char *until, const char *reason,
			 struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	if (!corporate_number || !kj_corpnum_valid(corporate_number))
		return kj_survey_refuse(why, KJ_SURVEY_BAD, "--org: not a corporate number (13 digits with "
			      "a valid check digit)");
	struct kj_survey *sv = calloc(1, sizeof *sv);
	if (!sv) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = -1, found, in_scope;
	int64_t org;
	const char *m;
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (get_owned(st, id, sv, &found, err) < 0)
		goto rollback;
	if (!found)
		kj_survey_refuse(why, KJ_SURVEY_NOT_FOUND, "no survey campaign %lld", (long long)id);
	else if (is_other(sv) && strcmp(sv->respondent_kind, "operator"))
		kj_survey_refuse(why, KJ_SURVEY_REFUSED, "survey %lld asks ministries: no operator's date "
		       "to extend", (long long)id);
	else if (!kj_app_survey_owns(actor, sv))
		kj_survey_refuse(why, KJ_SURVEY_FORBIDDEN, "this campaign is outside your reach");
	else if (!strcmp(sv->status, "closed"))
		kj_survey_refuse(why, KJ_SURVEY_REFUSED, "survey %lld is closed: its dates can no longer "
		       "be extended", (long long)id);
	else if ((m = kj_survey_check_extension(until, sv->closes_on, reason)))
		kj_survey_refuse(why, KJ_SURVEY_BAD, "%s", m);
	if (why->fault)
		goto refused;
	if (kj_store_survey_respondent(st, id, corporate_number, &org, &in_scope, err) < 0)
		goto rollback;
	if (!org) {
		kj_survey_refuse(why, KJ_SURVEY_BAD, "--org: no operator %s in the registry", corporate_number);
		goto refused;
	}
	if (!in_scope) {
		kj_survey_refuse(why, KJ_SURVEY_REFUSED, "operator %s is not a respondent of survey %lld",
		       corporate_number, (long long)id);
		goto refused;
	}
	if (kj_store_survey_extend(st, id, org, until, reason, actor->id, actor->name, err) < 0)
		goto rollback;
	json_t *d = json_pack("{s:s, s:s, s:s, s:s?}", "org", corporate_number, "until", until,
			      "reason", reason, "closes_on", *sv->closes_on ? sv->closes_on : NULL);
	if (audit(st, actor, "survey.extend", id, d, err) < 0 || kj_store_commit(st, err) < 0)
		goto rollback;
	free(sv);
	return 0;
refused:
	rc = 0;
rollback:
	kj_store_rollback(st);
out:
	free(sv);
	return rc;
}

int kj_app_survey_status(struct kj_store *st, int64_t id, struct kj_survey *sv,
			 struct kj_survey_progress *rows, int max, int *n, int *found,
			 struct kj_err *err)
{
	*n = 0;
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	int rc = kj_store_questionnaire_get(st, id, sv, found, err);
	if (rc == 0 && *found)
		rc = kj_store_survey_progress(st, id, rows, max, n, err);
	kj_store_rollback(st);
	return rc;
}

/* Reads draft campaign ID into SV for a change of its questions, in the
 * transaction: it must exist, be the actor's, and still be a draft. */
static int load_draft(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		      struct kj_survey *sv, struct kj_survey_refusal *why, struct kj_err *err)
{
	int found;
	if (get_owned(st, id, sv, &found, err) < 0)
		return -1;
	if (!found)
		return kj_survey_refuse(why, KJ_SURVEY_NOT_FOUND, "no survey campaign %lld", (long long)id);
	if (!kj_app_survey_owns(actor, sv))
		return kj_survey_refuse(why, KJ_SURVEY_FORBIDDEN, "this campaign is outside your reach");
	if (strcmp(sv->status, "draft"))
		return kj_survey_refuse(why, KJ_SURVEY_REFUSED, "survey %lld is %s: its questions are frozen "
			      "once it opens", (long long)id, sv->status);
	return 0;
}

/* REQ checked against the rules and SV's scope; a refusal in WHY. */
static void check_question(const struct kj_question_request *req, const struct kj_survey *sv,
			   int *kind, struct kj_survey_refusal *why)
{
	*kind = kj_question_kind_parse(req->kind ? req->kind : "");
	if (*kind < 0) {
		kj_survey_refuse(why, KJ_SURVEY_BAD, "--kind: a question is level, yesno, number, choice "
		       "or text");
		return;
	}
	const struct kj_answer_fault *f = kj_question_check((enum kj_question_kind)*kind,
							    req->text_ja, req->text_en,
							    req->choices);
	if (f) {
		kj_survey_refuse(why, KJ_SURVEY_BAD, "%s", f->en);
		return;
	}
	if (req->sector && *req->sector) {
		if (is_other(sv) && !strcmp(sv->respondent_kind, "ministry")) {
			kj_survey_refuse(why, KJ_SURVEY_BAD, "--sector: a survey to ministries asks every "
			       "question of every ministry");
			return;
		}
		for (int i = 0; i < sv->nsectors; i++)
			if (!strcmp(sv->sectors[i], req->sector))
				return;
		kj_survey_refuse(why, KJ_SURVEY_BAD, "--sector: %s is not in the campaign's scope",
		       req->sector);
	}
}

int kj_app_survey_question_add(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			       const struct kj_question_request *req, int *ord,
			       struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*ord = 0;
	struct kj_survey *sv = calloc(1, sizeof *sv);
	if (!sv) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = -1, kind, n;
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (load_draft(st, actor, id, sv, why, err) < 0)
		goto rollback;
	if (!why->fault)
		check_question(req, sv, &kind, why);
	if (why->fault)
		goto refused;
	if (kj_store_survey_question_count(st, id, &n, err) < 0)
		goto rollback;
	if (n >= KJ_SURVEY_QUESTIONS_MAX) {
		kj_survey_refuse(why, KJ_SURVEY_REFUSED, "survey %lld already has %d questions of its own, "
		       "the most it may have", (long long)id, n);
		goto refused;
	}
	const struct kj_survey_question q = {
		0, 0, req->sector ? req->sector : "", kj_question_kind_name((enum kj_question_kind)kind),
		req->text_ja, req->text_en ? req->text_en : "", req->choices ? req->choices : "",
		!req->optional,
	};
	if (kj_store_survey_question_add(st, id, &q, ord, err) < 0)
		goto rollback;
	json_t *d = json_pack("{s:i, s:s, s:s?, s:b}", "ord", *ord, "kind", q.kind,
			      "sector", *q.sector ? q.sector : NULL, "required", q.required);
	if (audit(st, actor, "survey.question.add", id, d, err) < 0 || kj_store_commit(st, err) < 0)
		goto rollback;
	free(sv);
	return 0;
refused:
	rc = 0;
rollback:
	kj_store_rollback(st);
out:
	free(sv);
	return rc;
}

int kj_app_survey_question_drop(struct kj_store *st, const struct kj_actor *actor, int64_t id,
				int ord, struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct kj_survey *sv = calloc(1, sizeof *sv);
	if (!sv) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = -1, found = 0;
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (load_draft(st, actor, id, sv, why, err) < 0)
		goto rollback;
	if (why->fault)
		goto refused;
	if (kj_store_survey_question_drop(st, id, ord, &found, err) < 0)
		goto rollback;
	if (!found) {
		kj_survey_refuse(why, KJ_SURVEY_NOT_FOUND, "survey %lld has no question %d of its own",
		       (long long)id, ord);
		goto refused;
	}
	if (audit(st, actor, "survey.question.drop", id, json_pack("{s:i}", "ord", ord), err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	free(sv);
	return 0;
refused:
	rc = 0;
rollback:
	kj_store_rollback(st);
out:
	free(sv);
	return rc;
}
