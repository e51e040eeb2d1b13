/*
 * Surveys of kind other (app/survey_other.c, app/survey_other_answer.c,
 * store/store_survey_other.c) on a small demo database: creating one with
 * its bad inputs refused, choosing operators or ministries while a draft
 * (frozen once open), an operator answering through the questionnaire's use
 * cases on the survey's own questions only, a ministry answering, submitting
 * with a receipt whose digest is the stored content's, returned and
 * submitted again, the owner's counts and export, who reaches what, and the
 * questionnaire's lists and figures not seeing these surveys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "helpers.h"

#include "app/survey_other.h"
#include "store/store.h"
#include "store/store_analysis.h"
#include "store/store_users.h"

#define TODAY "2026-12-04"

static const char *tmpl;

static int make_template(void **state)
{
	(void)state;
	tmpl = kj_test_db("other_tmpl.db");
	th_demo_db(tmpl, 40, 7, 2, TODAY);
	return 0;
}

static struct kj_store *open_db(const char **path)
{
	const char *db = kj_test_db("other.db");
	th_copy_db(tmpl, db);
	struct kj_store *st;
	struct kj_err err = { "" };
	if (kj_store_open(&st, db, 0, &err) < 0)
		fail_msg("%s", err.msg);
	*path = db;
	return st;
}

static const struct kj_actor cli = { NULL, 0, "cli:test" };

/* The one text SQL gives on DB into OUT; fails the test without one. */
static void sql_text(const char *db, const char *sql, char *out, size_t n)
{
	if (kj_test_sql_text(db, sql, out, n) < 0 || !*out)
		fail_msg("no text from: %s", sql);
}

static struct kj_user by_login(struct kj_store *st, const char *login)
{
	struct kj_user u;
	int found;
	struct kj_err err = { "" };
	if (kj_store_user_by_login(st, login, &u, &found, &err) < 0 || !found)
		fail_msg("no user %s: %s", login, err.msg);
	return u;
}

static struct kj_actor as(const struct kj_user *u)
{
	struct kj_actor a = { u, u->id, u->login };
	return a;
}

static struct kj_user operator_of(struct kj_store *st, int64_t org, const char *login)
{
	struct kj_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.display_name, sizeof u.display_name, "担当 %s", login);
	u.role = KJ_ROLE_OPERATOR;
	u.org_id = org;
	struct kj_err err = { "" };
	if (kj_store_user_add(st, &u, &err) < 0)
		fail_msg("%s", err.msg);
	return u;
}

/* Creates a survey of kind other; its id, or 0 with WHY's fault. */
static int64_t create(struct kj_store *st, const struct kj_actor *a, const char *respondents,
		      const char *sectors, const char *owner, enum kj_survey_fault want)
{
	struct kj_survey_request r = {
		.fy = "2026", .title_ja = "制御系システムのセキュリティ実態調査",
		.title_en = "Control systems", .sectors = sectors, .owner = owner,
		.opens = "2026-11-01", .closes = "2027-01-31", .kind = "other",
		.respondents = respondents,
	};
	struct kj_survey_refusal why;
	struct kj_err err = { "" };
	int64_t id;
	if (kj_app_survey_create(st, a, &r, &id, &why, &err) < 0)
		fail_msg("create: %s", err.msg);
	assert_int_equal(why.fault, want);
	return id;
}

static enum kj_survey_fault pick(struct kj_store *st, const struct kj_actor *a, int64_t id,
				 int remove, const char *org, const char *sector,
				 const char *ministry, long *changed)
{
	struct kj_other_pick p = { remove, org, sector, ministry };
	struct kj_survey_refusal why;
	struct kj_err err = { "" };
	long n;
	if (kj_app_other_pick(st, a, id, &p, &n, &why, &err) < 0)
		fail_msg("pick: %s", err.msg);
	if (changed)
		*changed = n;
	return why.fault;
}

static void question(struct kj_store *st, int64_t id, const char *kind, const char *text,
		     const char *choices, int optional, enum kj_survey_fault want)
{
	struct kj_question_request q = { kind, text, "", NULL, choices, optional };
	struct kj_survey_refusal why;
	struct kj_err err = { "" };
	int ord;
	if (kj_app_survey_question_add(st, &cli, id, &q, &ord, &why, &err) < 0)
		fail_msg("question: %s", err.msg);
	assert_int_equal(why.fault, want);
}

static enum kj_survey_fault open_survey(struct kj_store *st, int64_t id, long *n)
{
	struct kj_survey_refusal why;
	struct kj_err err = { "" };
	if (kj_app_survey_open(st, &cli, id, n, &why, &err) < 0)
		fail_msg("open: %s", err.msg);
	return why.fault;
}

static void test_create_pick_open(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	long n, before = th_sql_long(db, "SELECT COUNT(*) FROM audit_entry");
	long others = th_sql_long(db, "SELECT COUNT(*) FROM survey WHERE kind = 'other'");
	/* Bad requests change nothing. */
	struct kj_survey_request r = { .fy = "2026", .title_ja = "題", .kind = "poll" };
	struct kj_survey_refusal why;
	struct kj_err err = { "" };
	int64_t id;
	assert_int_equal(kj_app_survey_create(st, &cli, &r, &id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_BAD);
	r.kind = "other";
	r.respondents = "everyone";
	assert_int_equal(kj_app_survey_create(st, &cli, &r, &id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_BAD);
	r.kind = "questionnaire";
	r.respondents = "ministry";
	assert_int_equal(kj_app_survey_create(st, &cli, &r, &id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_BAD);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM survey WHERE kind = 'other'"), others);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM audit_entry"), before);

	id = create(st, &cli, NULL, "medical,water", NULL, KJ_SURVEY_OK);
	assert_true(id > 0);
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM target WHERE fiscal_year = 2026"
		 " AND sector_code = 'medical'");
	long medical = th_sql_long(db, sql);
	assert_true(medical > 1);
	/* Refusals: two ways at once, a ministry to an operators' survey, a bad
	 * number, a sector outside the scope, an operator outside it. */
	assert_int_equal(pick(st, &cli, id, 0, "1234567890123", "medical", NULL, NULL),
			 KJ_SURVEY_BAD);
	assert_int_equal(pick(st, &cli, id, 0, NULL, NULL, "mhlw", NULL), KJ_SURVEY_BAD);
	assert_int_equal(pick(st, &cli, id, 0, "1234567890124", NULL, NULL, NULL), KJ_SURVEY_BAD);
	assert_int_equal(pick(st, &cli, id, 0, NULL, "ict", NULL, NULL), KJ_SURVEY_BAD);
	assert_int_equal(pick(st, &cli, id, 0, NULL, NULL, NULL, NULL), KJ_SURVEY_BAD);
	char ict[16];
	sql_text(db, "SELECT o.corporate_number FROM organisation o JOIN organisation_sector s"
		    " ON s.organisation_id = o.id WHERE s.sector_code = 'ict' AND o.id NOT IN"
		    " (SELECT organisation_id FROM organisation_sector WHERE sector_code IN"
		    " ('medical','water')) ORDER BY o.id LIMIT 1", ict, sizeof ict);
	assert_int_equal(pick(st, &cli, id, 0, ict, NULL, NULL, NULL), KJ_SURVEY_REFUSED);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM survey_pick WHERE survey_id = %lld",
		 (long long)id);
	assert_int_equal(th_sql_long(db, sql), 0);
	/* A sector's targets, then one operator less, then again (nothing new). */
	assert_int_equal(pick(st, &cli, id, 0, NULL, "medical", NULL, &n), KJ_SURVEY_OK);
	assert_int_equal(n, medical);
	char one[16];
	sql_text(db, "SELECT o.corporate_number FROM organisation o JOIN target t"
		    " ON t.organisation_id = o.id WHERE t.fiscal_year = 2026"
		    " AND t.sector_code = 'medical' ORDER BY o.id LIMIT 1", one, sizeof one);
	assert_int_equal(pick(st, &cli, id, 1, one, NULL, NULL, &n), KJ_SURVEY_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pick(st, &cli, id, 0, one, NULL, NULL, &n), KJ_SURVEY_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pick(st, &cli, id, 0, one, NULL, NULL, &n), KJ_SURVEY_OK);
	assert_int_equal(n, 0);
	assert_int_equal(th_sql_long(db, sql), medical);
	/* No questions yet: not opened. */
	assert_int_equal(open_survey(st, id, &n), KJ_SURVEY_REFUSED);
	question(st, id, "yesno", "制御システムを保有していますか", NULL, 0, KJ_SURVEY_OK);
	assert_int_equal(open_survey(st, id, &n), KJ_SURVEY_OK);
	assert_int_equal(n, medical);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM survey_respondent WHERE survey_id = %lld",
		 (long long)id);
	assert_int_equal(th_sql_long(db, sql), medical);
	/* Frozen: respondents and questions. */
	assert_int_equal(pick(st, &cli, id, 1, one, NULL, NULL, NULL), KJ_SURVEY_REFUSED);
	question(st, id, "text", "追加", NULL, 1, KJ_SURVEY_REFUSED);
	/* The questionnaire's lists do not see it, nor its analysis. */
	int64_t ids[16];
	int nids, found;
	assert_int_equal(kj_store_survey_ids(st, 0, ids, 16, &nids, &err), 0);
	for (int i = 0; i < nids; i++)
		assert_true(ids[i] != id);
	struct kj_survey *sv = calloc(1, sizeof *sv);
	assert_int_equal(kj_store_questionnaire_get(st, id, sv, &found, &err), 0);
	assert_false(found);
	free(sv);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM analysis_member WHERE survey_id = %lld",
		 (long long)id);
	assert_int_equal(th_sql_long(db, sql), 0);
	kj_store_close(st);
}

/* Today-dependent: the survey is open until 2027-01-31. */
static void test_operator_answers(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t id = create(st, &cli, NULL, "medical", NULL, KJ_SURVEY_OK);
	char corp[16], other[16], sql[256];
	sql_text(db, "SELECT o.corporate_number FROM organisation o JOIN target t"
		    " ON t.organisation_id = o.id WHERE t.fiscal_year = 2026"
		    " AND t.sector_code = 'medical' ORDER BY o.id LIMIT 1", corp, sizeof corp);
	sql_text(db, "SELECT o.corporate_number FROM organisation o JOIN target t"
		    " ON t.organisation_id = o.id WHERE t.fiscal_year = 2026"
		    " AND t.sector_code = 'medical' ORDER BY o.id DESC LIMIT 1", other, sizeof other);
	assert_int_equal(pick(st, &cli, id, 0, corp, NULL, NULL, NULL), KJ_SURVEY_OK);
	question(st, id, "choice", "制御系ネットワークの分離", "完全分離\n一部接続\n未分離", 0,
		 KJ_SURVEY_OK);
	question(st, id, "text", "課題", NULL, 1, KJ_SURVEY_OK);
	long n;
	assert_int_equal(open_survey(st, id, &n), KJ_SURVEY_OK);
	assert_int_equal(n, 1);
	snprintf(sql, sizeof sql, "SELECT id FROM organisation WHERE corporate_number = '%s'", corp);
	int64_t org = th_sql_long(db, sql);
	snprintf(sql, sizeof sql, "SELECT id FROM organisation WHERE corporate_number = '%s'", other);
	int64_t org2 = th_sql_long(db, sql);
	struct kj_user u = operator_of(st, org, "op-other"), u2 = operator_of(st, org2, "op-not");
	struct kj_actor a = as(&u), a2 = as(&u2);
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	struct kj_questionnaire *q = kj_questionnaire_new();
	assert_int_equal(kj_app_questionnaire_load(st, &a, id, org, q, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(q->nitems, 2);		/* its own questions, no requirement */
	assert_string_equal(q->items[0].item, "Q1");
	/* Not chosen: not a respondent. */
	assert_int_equal(kj_app_questionnaire_load(st, &a2, id, org2, q, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_NOT_FOUND);
	/* Nobody but the owner reads it: not the sector's ministry, auditors or HQ. */
	const char *others[] = { "demo-ministry", "demo-auditor", "demo-hq", "demo-ceptoar" };
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		struct kj_user x = by_login(st, others[i]);
		struct kj_actor ax = as(&x);
		assert_int_equal(kj_app_questionnaire_load(st, &ax, id, org, q, &why, &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
	}
	struct kj_user nco = by_login(st, "demo-nco");
	struct kj_actor an = as(&nco);
	assert_int_equal(kj_app_questionnaire_load(st, &an, id, org, q, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	kj_questionnaire_free(q);
	/* A bad choice refused; then answered and submitted. */
	struct kj_save_result *res = kj_save_result_new();
	struct kj_answer_edit e = { .item = "Q1", .value = "たぶん" };
	struct kj_answer_save s = { -1, &e, 1, NULL };
	assert_int_equal(kj_app_answers_save(st, &a, id, org, &s, res, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_BAD);
	e.value = "一部接続";
	assert_int_equal(kj_app_answers_save(st, &a, id, org, &s, res, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	struct kj_attestation att = { "佐藤 一郎", "CISO", "2026-12-01" };
	struct kj_receipt rc;
	int nmissing;
	assert_int_equal(kj_app_response_submit(st, &a, id, org, res->revision, &att, &rc, NULL, 0,
						&nmissing, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_true(rc.number[0] == 'R');
	/* The owner's view and export. */
	struct kj_other_view *v = calloc(1, sizeof *v);
	struct kj_survey_refusal sw;
	assert_int_equal(kj_app_other_view(st, &cli, id, v, &sw, &err), 0);
	assert_int_equal(v->counts.respondents, 1);
	assert_int_equal(v->counts.submitted, 1);
	assert_string_equal(v->rows[0].key, corp);
	kj_app_other_view_free(v);
	assert_int_equal(kj_app_other_view(st, &a, id, v, &sw, &err), 0);
	assert_int_equal(sw.fault, KJ_SURVEY_FORBIDDEN);
	free(v);
	/* No receipt notice, no analysis: it is not a questionnaire. */
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM notification WHERE survey_id = %lld",
		 (long long)id);
	assert_int_equal(th_sql_long(db, sql), 0);
	/* Returned by its owner, then submitted again. */
	assert_int_equal(kj_app_response_return(st, &an, id, org, "Q1 を確認してください", &why,
						&err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	snprintf(sql, sizeof sql, "SELECT revision FROM response WHERE survey_id = %lld",
		 (long long)id);
	long rev = th_sql_long(db, sql);
	e.value = "完全分離";
	s.revision = rev;
	s.reason = "確認の結果";
	assert_int_equal(kj_app_answers_save(st, &a, id, org, &s, res, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(kj_app_response_submit(st, &a, id, org, res->revision, &att, &rc, NULL, 0,
						&nmissing, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(rc.version, 2);
	kj_save_result_free(res);
	FILE *f = fopen("other.csv", "w+");
	assert_non_null(f);
	assert_int_equal(kj_app_other_export(st, &cli, id, f, NULL, &sw, &err), 0);
	rewind(f);
	char buf[4096];
	size_t got = fread(buf, 1, sizeof buf - 1, f);
	buf[got] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, "Q1 制御系ネットワークの分離"));
	assert_non_null(strstr(buf, "完全分離"));
	assert_non_null(strstr(buf, corp));
	kj_store_close(st);
}

static enum kj_survey_fault msave(struct kj_store *st, const struct kj_actor *a, int64_t id,
				  const char *ministry, long rev, const char *item,
				  const char *value)
{
	struct kj_other_edit e = { item, value };
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	int saved;
	if (kj_app_other_ministry_save(st, a, id, ministry, rev, &e, 1, &saved, &why, &err) < 0)
		fail_msg("save: %s", err.msg);
	return why.fault;
}

static void test_ministry_answers(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t id = create(st, &cli, "ministry", NULL, NULL, KJ_SURVEY_OK);
	long n;
	assert_int_equal(pick(st, &cli, id, 0, NULL, "medical", NULL, NULL), KJ_SURVEY_BAD);
	assert_int_equal(pick(st, &cli, id, 0, NULL, NULL, "nosuch", NULL), KJ_SURVEY_BAD);
	assert_int_equal(pick(st, &cli, id, 0, NULL, NULL, "all", &n), KJ_SURVEY_OK);
	long all = th_sql_long(db, "SELECT COUNT(*) FROM ministry");
	assert_int_equal(n, all);
	assert_int_equal(pick(st, &cli, id, 1, NULL, NULL, "env", &n), KJ_SURVEY_OK);
	assert_int_equal(n, 1);
	struct kj_question_request sq = { "text", "問", "", "medical", NULL, 0 };
	struct kj_survey_refusal sw;
	struct kj_err err = { "" };
	int ord;
	assert_int_equal(kj_app_survey_question_add(st, &cli, id, &sq, &ord, &sw, &err), 0);
	assert_int_equal(sw.fault, KJ_SURVEY_BAD);	/* a ministry has no sector's questions */
	question(st, id, "choice", "個人情報保護法との重複", "重複あり\n重複なし", 0, KJ_SURVEY_OK);
	question(st, id, "text", "経済安全保障推進法の基幹インフラ制度との関係", NULL, 1,
		 KJ_SURVEY_OK);
	assert_int_equal(open_survey(st, id, &n), KJ_SURVEY_OK);
	assert_int_equal(n, all - 1);
	struct kj_user mhlw = by_login(st, "demo-ministry"), env = by_login(st, "demo-ministry-env");
	struct kj_user hq = by_login(st, "demo-hq"), aud = by_login(st, "demo-auditor");
	struct kj_actor am = as(&mhlw), ae = as(&env), ah = as(&hq), aa = as(&aud);
	struct kj_other_sheet *sh = calloc(1, sizeof *sh);
	struct kj_answer_refusal why;
	assert_int_equal(kj_app_other_ministry_load(st, &am, id, NULL, sh, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(sh->nitems, 2);
	assert_int_equal(sh->h.id, 0);
	assert_true(sh->may_edit);
	assert_false(sh->may_return);
	/* Another ministry's, HQ's, the auditor's: refused; env was removed. */
	assert_int_equal(kj_app_other_ministry_load(st, &ae, id, "mhlw", sh, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
	assert_int_equal(kj_app_other_ministry_load(st, &ah, id, "mhlw", sh, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
	assert_int_equal(kj_app_other_ministry_load(st, &aa, id, "mhlw", sh, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
	assert_int_equal(kj_app_other_ministry_load(st, &ae, id, NULL, sh, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_NOT_FOUND);
	/* Bad values, an unknown question, the owner editing: nothing saved. */
	assert_int_equal(msave(st, &am, id, NULL, 0, "Q1", "不明"), KJ_SURVEY_BAD);
	assert_int_equal(msave(st, &am, id, NULL, 0, "Q9", "x"), KJ_SURVEY_BAD);
	assert_int_equal(msave(st, &cli, id, "mhlw", 0, "Q1", "重複あり"), KJ_SURVEY_OK);
	struct kj_user nco = by_login(st, "demo-nco");
	struct kj_actor an = as(&nco);
	assert_int_equal(msave(st, &an, id, "mhlw", -1, "Q1", "重複なし"), KJ_SURVEY_FORBIDDEN);
	/* A stale revision is refused; the current one saves. */
	assert_int_equal(msave(st, &am, id, NULL, 0, "Q1", "重複なし"), KJ_SURVEY_REFUSED);
	assert_int_equal(kj_app_other_ministry_load(st, &am, id, NULL, sh, &why, &err), 0);
	assert_string_equal(sh->items[0].value, "重複あり");
	assert_int_equal(msave(st, &am, id, NULL, sh->h.revision, "Q2", "対象施設が一部重なる"),
			 KJ_SURVEY_OK);
	assert_int_equal(kj_app_other_ministry_load(st, &am, id, NULL, sh, &why, &err), 0);
	struct kj_receipt rc;
	assert_int_equal(kj_app_other_ministry_submit(st, &am, id, NULL, sh->h.revision, &rc, &why,
						      &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(rc.version, 1);
	assert_non_null(strstr(rc.number, "mhlw"));
	/* The digest is the stored content's SHA-256. */
	char content[4096], hex[65];
	char vsql[160];
	snprintf(vsql, sizeof vsql, "SELECT content FROM ministry_response_version"
		 " WHERE receipt = '%s'", rc.number);
	sql_text(db, vsql, content, sizeof content);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)content, strlen(content));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	assert_string_equal(hex, rc.digest);
	assert_non_null(strstr(content, "Q1\t重複あり"));
	/* Locked once submitted; returned by the owner with a message only. */
	assert_int_equal(kj_app_other_ministry_load(st, &am, id, NULL, sh, &why, &err), 0);
	assert_int_equal(msave(st, &am, id, NULL, sh->h.revision, "Q1", "重複なし"),
			 KJ_SURVEY_REFUSED);
	assert_int_equal(kj_app_other_ministry_return(st, &am, id, NULL, "確認", &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
	assert_int_equal(kj_app_other_ministry_return(st, &an, id, "mhlw", "", &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_BAD);
	assert_int_equal(kj_app_other_ministry_return(st, &an, id, "mhlw", "Q2 を詳しく", &why,
						      &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(kj_app_other_ministry_load(st, &am, id, NULL, sh, &why, &err), 0);
	assert_string_equal(sh->h.status, "returned");
	assert_int_equal(msave(st, &am, id, NULL, sh->h.revision, "Q1", "重複なし"), KJ_SURVEY_OK);
	assert_int_equal(kj_app_other_ministry_load(st, &am, id, NULL, sh, &why, &err), 0);
	assert_int_equal(kj_app_other_ministry_submit(st, &am, id, NULL, sh->h.revision, &rc, &why,
						      &err), 0);
	assert_int_equal(rc.version, 2);
	/* The owner's counts; the audit trail has every step. */
	struct kj_other_view *v = calloc(1, sizeof *v);
	assert_int_equal(kj_app_other_view(st, &an, id, v, &sw, &err), 0);
	assert_int_equal(v->counts.respondents, all - 1);
	assert_int_equal(v->counts.submitted, 1);
	assert_int_equal(v->counts.not_started, all - 2);
	kj_app_other_view_free(v);
	free(v);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM audit_entry WHERE action"
				     " LIKE 'ministry_response.%'"), 6);
	free(sh);
	kj_store_close(st);
}

static void test_ministry_owner(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	struct kj_user mhlw = by_login(st, "demo-ministry"), env = by_login(st, "demo-ministry-env");
	struct kj_actor am = as(&mhlw), ae = as(&env);
	/* A ministry's own survey, of its sectors only. */
	create(st, &am, NULL, "water", "ministry:mhlw", KJ_SURVEY_BAD);
	int64_t id = create(st, &am, NULL, "medical", "ministry:mhlw", KJ_SURVEY_OK);
	long n;
	assert_int_equal(pick(st, &ae, id, 0, NULL, "medical", NULL, NULL), KJ_SURVEY_FORBIDDEN);
	assert_int_equal(pick(st, &am, id, 0, NULL, "medical", NULL, &n), KJ_SURVEY_OK);
	assert_true(n > 0);
	struct kj_other_entry e[8];
	int ne;
	struct kj_err err = { "" };
	/* Its own to run; the demo's survey to the ministries to answer. */
	assert_int_equal(kj_app_other_list(st, &am, e, 8, &ne, &err), 0);
	int owned = 0;
	for (int i = 0; i < ne; i++)
		owned += e[i].owner ? e[i].sv.id == id : !!*e[i].status;
	assert_int_equal(owned, ne);
	assert_true(ne >= 1);
	assert_int_equal(kj_app_other_list(st, &ae, e, 8, &ne, &err), 0);
	for (int i = 0; i < ne; i++)
		assert_true(!e[i].owner && *e[i].status);
	kj_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_pick_open),
		cmocka_unit_test(test_operator_answers),
		cmocka_unit_test(test_ministry_answers),
		cmocka_unit_test(test_ministry_owner),
	};
	return cmocka_run_group_tests_name("survey other", tests, make_template, NULL);
}
