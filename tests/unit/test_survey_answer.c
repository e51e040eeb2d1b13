/*
 * Answering a questionnaire (app/survey_answer.c, app/survey_response.c,
 * store/store_response.c) on a small demo database: FY2025's survey asks
 * the synthetic predecessor of the standard and is closed with every
 * operator submitted, FY2026's asks 2026 and is open, partly answered.
 * Save and load, conflicts, bad values, submit and its receipt, returns
 * and the change log, versions, carry-over through the crosswalk, the
 * actor's reach, assignments, and the tally after each transition.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "helpers.h"

#include "app/survey_answer.h"
#include "store/store.h"
#include "store/store_users.h"

#define TODAY "2026-12-04"
#define SURVEY 2	/* FY2026, open */

static const char *tmpl;

static int make_template(void **state)
{
	(void)state;
	tmpl = kj_test_db("answer_tmpl.db");
	th_demo_db(tmpl, 40, 7, 2, TODAY);
	return 0;
}

/* A fresh copy of the template, open. */
static struct kj_store *open_db(const char **path)
{
	const char *db = kj_test_db("answer.db");
	th_copy_db(tmpl, db);
	struct kj_store *st;
	struct kj_err err = { "" };
	if (kj_store_open(&st, db, 0, &err) < 0)
		fail_msg("%s", err.msg);
	*path = db;
	return st;
}

static long sql_long(const char *db, const char *sql)
{
	return th_sql_long(db, sql);
}

/* The first not-started respondent of the open survey in SECTOR ("%": any). */
static int64_t fresh_org(const char *db, const char *sector, int skip)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT DISTINCT r.organisation_id FROM survey_respondent r"
		 " WHERE r.survey_id = %d AND r.sector_code LIKE '%s' AND NOT EXISTS (SELECT 1"
		 " FROM response p WHERE p.survey_id = r.survey_id"
		 " AND p.organisation_id = r.organisation_id) ORDER BY 1 LIMIT 1 OFFSET %d",
		 SURVEY, sector, skip);
	long id = sql_long(db, sql);
	assert_true(id > 0);
	return id;
}

/* A respondent of the open survey in SECTOR, started or not. */
static int64_t any_org(const char *db, const char *sector)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT MIN(organisation_id) FROM survey_respondent"
		 " WHERE survey_id = %d AND sector_code = '%s'", SURVEY, sector);
	long id = sql_long(db, sql);
	assert_true(id > 0);
	return id;
}

/* A new operator user of ORG. */
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

static const struct kj_actor cli = { NULL, 0, "cli:test" };

/* The tally of the open survey under STATUS, every operator once. */
static long tally(const char *db, const char *status)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COALESCE(SUM(n), 0) FROM survey_tally"
		 " WHERE survey_id = %d AND sector_code = '*' AND status = '%s'", SURVEY, status);
	return sql_long(db, sql);
}

/* The kept tally of the open survey equals its counts from the responses. */
static void check_tally(const char *db)
{
	char *kept = kj_test_sql_rows(db, "SELECT sector_code, prefecture_code, status, n"
		" FROM survey_tally WHERE survey_id = 2 AND n <> 0"
		" ORDER BY sector_code, prefecture_code, status");
	char *counted = kj_test_sql_rows(db, "SELECT x.sector_code, x.prefecture_code, x.status,"
		" COUNT(*) FROM (SELECT r.sector_code, r.prefecture_code,"
		"  COALESCE(p.status, 'not_started') AS status, r.organisation_id"
		"  FROM survey_respondent r"
		"  LEFT JOIN response p ON p.survey_id = r.survey_id"
		"  AND p.organisation_id = r.organisation_id WHERE r.survey_id = 2"
		" UNION ALL SELECT DISTINCT '*', r.prefecture_code,"
		"  COALESCE(p.status, 'not_started'), r.organisation_id FROM survey_respondent r"
		"  LEFT JOIN response p ON p.survey_id = r.survey_id"
		"  AND p.organisation_id = r.organisation_id WHERE r.survey_id = 2) x"
		" GROUP BY x.sector_code, x.prefecture_code, x.status"
		" ORDER BY x.sector_code, x.prefecture_code, x.status");
	assert_string_equal(kept, counted);
	free(kept);
	free(counted);
}

static struct kj_answer_edit edit(const char *item, const char *level)
{
	struct kj_answer_edit e = { .item = item, .level = level };
	return e;
}

/* Saves N edits at REVISION; the refusal's fault. */
static enum kj_survey_fault save(struct kj_store *st, const struct kj_actor *a, int64_t org,
				 long revision, const struct kj_answer_edit *e, int n,
				 const char *reason, struct kj_save_result *res)
{
	struct kj_answer_save s = { revision, e, n, reason };
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	if (kj_app_answers_save(st, a, SURVEY, org, &s, res, &why, &err) < 0)
		fail_msg("save: %s", err.msg);
	return why.fault;
}

static struct kj_questionnaire *load(struct kj_store *st, const struct kj_actor *a, int64_t org)
{
	struct kj_questionnaire *q = kj_questionnaire_new();
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	assert_non_null(q);
	if (kj_app_questionnaire_load(st, a, SURVEY, org, q, &why, &err) < 0)
		fail_msg("load: %s", err.msg);
	if (why.fault)
		fail_msg("load refused: %s", why.msg);
	return q;
}

static const struct kj_q_item *item_of(const struct kj_questionnaire *q, const char *item)
{
	for (int i = 0; i < q->nitems; i++)
		if (!strcmp(q->items[i].item, item))
			return &q->items[i];
	fail_msg("no item %s", item);
	return NULL;
}

/* Answers every requirement of ORG's response: confirms what was carried
 * over, answers the rest 3; the revision after. */
static long answer_all(struct kj_store *st, const struct kj_actor *a, int64_t org,
		       const char *reason)
{
	struct kj_questionnaire *q = load(st, a, org);
	struct kj_answer_edit *e = calloc((size_t)q->nitems, sizeof *e);
	int n = 0;
	for (int i = 0; i < q->nitems; i++) {
		if ((q->items[i].now.level != KJ_LEVEL_NONE && !q->items[i].prefilled) ||
		    q->items[i].requirement < 0)
			continue;
		e[n] = edit(q->items[i].item, q->items[i].prefilled ? NULL : "3");
		e[n].confirm = 1;
		n++;
	}
	struct kj_save_result *res = kj_save_result_new();
	assert_int_equal(save(st, a, org, q->revision, e, n, reason, res), KJ_SURVEY_OK);
	long rev = res->revision;
	kj_save_result_free(res);
	free(e);
	kj_questionnaire_free(q);
	return rev;
}

static enum kj_survey_fault submit(struct kj_store *st, const struct kj_actor *a, int64_t org,
				   long revision, const char *name, const char *date,
				   struct kj_receipt *rc, int *nmissing, char (*missing)[KJ_ITEM_MAX])
{
	struct kj_attestation att = { name, "情報システム部長", date };
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	char spare[4][KJ_ITEM_MAX];
	int n;
	if (kj_app_response_submit(st, a, SURVEY, org, revision, &att, rc,
				   missing ? missing : spare, 4, nmissing ? nmissing : &n, &why,
				   &err) < 0)
		fail_msg("submit: %s", err.msg);
	return why.fault;
}

static void test_save_load_round_trip(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org = fresh_org(db, "medical", 0);
	struct kj_user u = operator_of(st, org, "op-a");
	struct kj_actor a = as(&u);
	long draft0 = tally(db, "draft"), not0 = tally(db, "not_started");

	struct kj_questionnaire *q = load(st, &a, org);
	assert_string_equal(q->status, "not_started");
	assert_int_equal(q->response, 0);
	assert_true(q->nitems > 50);
	assert_string_equal(q->survey.version, "2026");
	const char *x = q->items[0].item, *y = q->items[1].item;
	char xi[KJ_ITEM_MAX], yi[KJ_ITEM_MAX];
	snprintf(xi, sizeof xi, "%s", x);
	snprintf(yi, sizeof yi, "%s", y);
	kj_questionnaire_free(q);

	struct kj_answer_edit e[2] = { edit(xi, "3"), edit(yi, "na") };
	e[0].note = "一行目\n二行目 / 続き \\ 終わり";
	e[0].evidence = "規程 /doc/x.pdf";
	e[1].na_reason = "クラウドを利用していないため";
	struct kj_save_result *res = kj_save_result_new();
	assert_int_equal(save(st, &a, org, -1, e, 2, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(res->changed, 2);
	assert_int_equal(res->revision, 1);
	assert_int_equal(tally(db, "draft"), draft0 + 1);
	assert_int_equal(tally(db, "not_started"), not0 - 1);

	q = load(st, &a, org);
	assert_string_equal(q->status, "draft");
	assert_int_equal(q->revision, 1);
	/* The first save started the response with last year's answers, unconfirmed. */
	assert_true(q->prefilled > 10);
	/* One entry says both: the save, and that it started the response. */
	assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM audit_entry"
				  " WHERE action = 'response.start'"), 0);
	assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM audit_entry"
				  " WHERE action = 'response.save' AND detail LIKE '%\"started\":true%'"
				  " AND detail LIKE '%\"carried\":%'"), 1);
	const struct kj_q_item *ix = item_of(q, xi), *iy = item_of(q, yi);
	assert_int_equal(ix->now.level, 3);
	assert_string_equal(ix->now.note, e[0].note);
	assert_string_equal(ix->now.evidence, e[0].evidence);
	assert_int_equal(ix->changed_rev, 1);
	assert_int_equal(ix->prefilled, 0);
	assert_string_equal(ix->updated_by, "担当 op-a");
	assert_int_equal(iy->now.level, KJ_LEVEL_NA);
	assert_string_equal(iy->now.na_reason, e[1].na_reason);
	/* The canonical text: one line, the slash after a space escaped. */
	char t[KJ_ANSWER_NOTE_BYTES];
	kj_answer_text(&ix->now, t, sizeof t);
	assert_string_equal(t, "3 / note: 一行目\\n二行目 \\/ 続き \\\\ 終わり"
			    " / evidence: 規程 \\/doc/x.pdf");
	kj_answer_text(&iy->now, t, sizeof t);
	assert_string_equal(t, "na: クラウドを利用していないため");
	kj_questionnaire_free(q);

	/* The same again is no change; clearing one removes it. */
	assert_int_equal(save(st, &a, org, 1, e, 2, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(res->changed, 0);
	assert_int_equal(res->revision, 1);
	struct kj_answer_edit clear = edit(yi, "");
	assert_int_equal(save(st, &a, org, 1, &clear, 1, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(res->changed, 1);
	assert_int_equal(res->revision, 2);
	q = load(st, &a, org);
	assert_int_equal(item_of(q, yi)->now.level, KJ_LEVEL_NONE);
	kj_questionnaire_free(q);
	/* Each write is audited, without the answers' text. */
	assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM audit_entry"
				  " WHERE action = 'response.save'"), 2);
	assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM audit_entry"
				  " WHERE action = 'response.save' AND detail LIKE '%二行目%'"), 0);
	kj_save_result_free(res);
	check_tally(db);
	kj_store_close(st);
}

static void test_conflict(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org = fresh_org(db, "medical", 0);
	struct kj_user u1 = operator_of(st, org, "op-1"), u2 = operator_of(st, org, "op-2");
	struct kj_actor a1 = as(&u1), a2 = as(&u2);
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	assert_int_equal(kj_app_response_start(st, &a1, SURVEY, org, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	struct kj_questionnaire *q = load(st, &a1, org);
	long r = q->revision;
	char x[KJ_ITEM_MAX], y[KJ_ITEM_MAX];
	snprintf(x, sizeof x, "%s", q->items[2].item);
	snprintf(y, sizeof y, "%s", q->items[3].item);
	kj_questionnaire_free(q);

	struct kj_save_result *res = kj_save_result_new();
	struct kj_answer_edit e1 = edit(x, "2");
	assert_int_equal(save(st, &a1, org, r, &e1, 1, NULL, res), KJ_SURVEY_OK);
	long after = res->revision;
	assert_int_equal(after, r + 1);
	/* The second editor read R too and gives another value: refused. */
	struct kj_answer_edit e2[2] = { edit(x, "3"), edit(y, "1") };
	assert_int_equal(save(st, &a2, org, r, e2, 2, NULL, res), KJ_SURVEY_REFUSED);
	assert_int_equal(res->nconflicts, 1);
	assert_string_equal(res->conflicts[0].item, x);
	assert_int_equal(res->conflicts[0].theirs.level, 2);
	assert_int_equal(res->conflicts[0].yours.level, 3);
	assert_string_equal(res->conflicts[0].by, "担当 op-1");
	q = load(st, &a2, org);
	assert_int_equal(q->revision, after);
	assert_int_equal(item_of(q, x)->now.level, 2);
	assert_int_not_equal(item_of(q, y)->now.level, 1);
	kj_questionnaire_free(q);
	/* The same value is fine; another item saves. */
	struct kj_answer_edit same = edit(x, "2"), other = edit(y, "1");
	assert_int_equal(save(st, &a2, org, r, &same, 1, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(res->changed, 0);
	assert_int_equal(save(st, &a2, org, r, &other, 1, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(res->changed, 1);
	assert_int_equal(res->revision, after + 1);
	/* Revision -1 does not check. */
	assert_int_equal(save(st, &a2, org, -1, &e2[0], 1, NULL, res), KJ_SURVEY_OK);
	kj_save_result_free(res);
	check_tally(db);
	kj_store_close(st);
}

static void test_bad_values(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org = fresh_org(db, "medical", 0);
	struct kj_user u = operator_of(st, org, "op-b");
	struct kj_actor a = as(&u);
	struct kj_questionnaire *q = load(st, &a, org);
	char x[KJ_ITEM_MAX];
	snprintf(x, sizeof x, "%s", q->items[0].item);
	kj_questionnaire_free(q);
	char *longnote = malloc(4 * KJ_ANSWER_NOTE_MAX + 8);
	size_t k = 0;
	for (int i = 0; i <= KJ_ANSWER_NOTE_MAX; i++)
		memcpy(longnote + 3 * (size_t)i, "あ", 3), k += 3;
	longnote[k] = '\0';
	struct kj_answer_edit bad[7] = {
		edit(x, "7"), edit(x, "na"), edit("9.9.9-9", "3"), edit(x, "3"), edit("Q99", "yes"),
		edit(x, "3"), edit(x, "3"),
	};
	bad[3].note = longnote;
	bad[5].value = "42";
	bad[6].note = "ok";
	bad[6].na_reason = "理由";
	long answers = sql_long(db, "SELECT COUNT(*) FROM answer");
	long audit = sql_long(db, "SELECT COUNT(*) FROM audit_entry");
	long responses = sql_long(db, "SELECT COUNT(*) FROM response");
	struct kj_save_result *res = kj_save_result_new();
	for (int i = 0; i < 7; i++) {
		struct kj_answer_edit both[2] = { edit(x, "2"), bad[i] };
		/* The good edit of another item does not save either. */
		int n = i == 2 || i == 4 ? 2 : 1;
		const struct kj_answer_edit *ep = n == 2 ? both : &bad[i];
		assert_int_equal(save(st, &a, org, -1, ep, n, NULL, res), KJ_SURVEY_BAD);
		assert_int_equal(res->nfaults, 1);
		assert_non_null(res->faults[0].fault);
		assert_true(strlen(res->faults[0].fault->ja) > 0);
		assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM answer"), answers);
		assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM audit_entry"), audit);
		assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM response"), responses);
	}
	/* The same item twice. */
	struct kj_answer_edit twice[2] = { edit(x, "2"), edit(x, "3") };
	assert_int_equal(save(st, &a, org, -1, twice, 2, NULL, res), KJ_SURVEY_BAD);
	assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM response"), responses);
	free(longnote);
	kj_save_result_free(res);
	check_tally(db);
	kj_store_close(st);
}

/* The digest of version V of ORG's response, computed again from its content. */
static void check_digest(const char *db, int64_t org, int v, const char *digest)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT content FROM response_version x JOIN response p"
		 " ON p.id = x.response_id WHERE p.survey_id = %d AND p.organisation_id = %lld"
		 " AND x.version = %d", SURVEY, (long long)org, v);
	char *content = kj_test_sql_rows(db, sql);
	/* The rows end in a newline of their own; the content ends in one too. */
	size_t n = strlen(content);
	assert_true(n > 1);
	content[n - 1] = '\0';
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(h, (const unsigned char *)content, n - 1);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	assert_string_equal(hex, digest);
	free(content);
}

static void test_submit_rules(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org = fresh_org(db, "medical", 0);
	struct kj_user u = operator_of(st, org, "op-s");
	struct kj_actor a = as(&u);
	struct kj_receipt rc;
	char missing[4][KJ_ITEM_MAX];
	int nmissing;
	/* Not started: everything missing. */
	assert_int_equal(submit(st, &a, org, -1, "山田 太郎", "2026-12-01", &rc, &nmissing,
				missing), KJ_SURVEY_REFUSED);
	assert_true(nmissing > 50);
	/* Started: last year's answers carried over, not yet confirmed. */
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	assert_int_equal(kj_app_response_start(st, &a, SURVEY, org, &why, &err), 0);
	struct kj_questionnaire *q = load(st, &a, org);
	assert_true(q->prefilled > 0);
	int left = q->left;
	assert_true(left >= q->prefilled);
	kj_questionnaire_free(q);
	assert_int_equal(submit(st, &a, org, -1, "山田 太郎", "2026-12-01", &rc, &nmissing,
				missing), KJ_SURVEY_REFUSED);
	assert_int_equal(nmissing, left);
	long rev = answer_all(st, &a, org, NULL);
	q = load(st, &a, org);
	assert_int_equal(q->left, 0);
	assert_int_equal(q->prefilled, 0);
	kj_questionnaire_free(q);
	/* The attestation. */
	assert_int_equal(submit(st, &a, org, rev, "", "2026-12-01", &rc, NULL, NULL), KJ_SURVEY_BAD);
	assert_int_equal(submit(st, &a, org, rev, "山田", "2026-02-30", &rc, NULL, NULL),
			 KJ_SURVEY_BAD);
	char longname[4 * KJ_ATTEST_TEXT_MAX + 8];
	memset(longname, 'x', KJ_ATTEST_TEXT_MAX + 1);
	longname[KJ_ATTEST_TEXT_MAX + 1] = '\0';
	assert_int_equal(submit(st, &a, org, rev, longname, "2026-12-01", &rc, NULL, NULL),
			 KJ_SURVEY_BAD);
	/* An older revision is refused. */
	assert_int_equal(submit(st, &a, org, rev - 1, "山田", "2026-12-01", &rc, NULL, NULL),
			 KJ_SURVEY_REFUSED);
	long sub0 = tally(db, "submitted"), draft0 = tally(db, "draft");
	assert_int_equal(submit(st, &a, org, rev, "山田 太郎", "2026-12-01", &rc, &nmissing,
				missing), KJ_SURVEY_OK);
	char want[KJ_RECEIPT_MAX];
	long rid = sql_long(db, "SELECT MAX(id) FROM response");
	snprintf(want, sizeof want, "R2026-%04d-%06ld-01", SURVEY, rid);
	assert_string_equal(rc.number, want);
	assert_int_equal(rc.version, 1);
	assert_int_equal((int)strlen(rc.digest), 64);
	check_digest(db, org, 1, rc.digest);
	assert_int_equal(tally(db, "submitted"), sub0 + 1);
	assert_int_equal(tally(db, "draft"), draft0 - 1);
	/* Locked once submitted. */
	struct kj_save_result *res = kj_save_result_new();
	q = load(st, &a, org);
	char x[KJ_ITEM_MAX];
	snprintf(x, sizeof x, "%s", q->items[0].item);
	kj_questionnaire_free(q);
	struct kj_answer_edit e = edit(x, "0");
	assert_int_equal(save(st, &a, org, -1, &e, 1, NULL, res), KJ_SURVEY_REFUSED);
	assert_int_equal(submit(st, &a, org, -1, "山田", "2026-12-01", &rc, NULL, NULL),
			 KJ_SURVEY_REFUSED);

	/* Another operator: past its close date, then a closed survey. */
	int64_t org2 = fresh_org(db, "medical", 0);
	struct kj_user u2 = operator_of(st, org2, "op-s2");
	struct kj_actor a2 = as(&u2);
	answer_all(st, &a2, org2, NULL);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE survey SET closes_on = '2020-01-31' WHERE id = %d", SURVEY);
	assert_int_equal(kj_test_sql(db, sql), 0);
	assert_int_equal(submit(st, &a2, org2, -1, "山田", "2026-12-01", &rc, NULL, NULL),
			 KJ_SURVEY_REFUSED);
	assert_int_equal(save(st, &a2, org2, -1, &e, 1, NULL, res), KJ_SURVEY_REFUSED);
	/* The operator's extension keeps it open for that operator. */
	char ext[256];
	snprintf(ext, sizeof ext, "INSERT INTO survey_extension (survey_id, organisation_id,"
		 " closes_on, reason, by_actor, at) VALUES (%d, %lld, '2999-12-31', '災害のため',"
		 " 'test', '2026-12-01T00:00:00Z')", SURVEY, (long long)org2);
	assert_int_equal(kj_test_sql(db, ext), 0);
	assert_int_equal(save(st, &a2, org2, -1, &e, 1, NULL, res), KJ_SURVEY_OK);
	snprintf(sql, sizeof sql, "UPDATE survey SET closes_on = '2999-01-31', status = 'closed'"
		 " WHERE id = %d", SURVEY);
	assert_int_equal(kj_test_sql(db, sql), 0);
	assert_int_equal(submit(st, &a2, org2, -1, "山田", "2026-12-01", &rc, NULL, NULL),
			 KJ_SURVEY_REFUSED);
	kj_save_result_free(res);
	check_tally(db);
	kj_store_close(st);
}

static enum kj_survey_fault give_back(struct kj_store *st, const struct kj_actor *a,
				      int64_t org, const char *message)
{
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	if (kj_app_response_return(st, a, SURVEY, org, message, &why, &err) < 0)
		fail_msg("return: %s", err.msg);
	return why.fault;
}

static void test_return_versions_changes(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org = fresh_org(db, "medical", 0);
	struct kj_user u = operator_of(st, org, "op-r");
	struct kj_actor a = as(&u);
	struct kj_user mhlw = by_login(st, "demo-ministry"), env = by_login(st, "demo-ministry-env");
	struct kj_user nco = by_login(st, "demo-nco"), aud = by_login(st, "demo-auditor");
	struct kj_actor am = as(&mhlw), ae = as(&env), an = as(&nco), aa = as(&aud);
	long rev = answer_all(st, &a, org, NULL);
	struct kj_receipt r1, r2;
	/* Nothing to return before it is submitted. */
	assert_int_equal(give_back(st, &am, org, "確認してください"), KJ_SURVEY_REFUSED);
	assert_int_equal(submit(st, &a, org, rev, "山田 太郎", "2026-12-01", &r1, NULL, NULL),
			 KJ_SURVEY_OK);
	/* Who may return it: not the operator, the auditor or the ministry of
	 * another sector; a message is required. */
	long audit = sql_long(db, "SELECT COUNT(*) FROM audit_entry");
	assert_int_equal(give_back(st, &a, org, "自分で"), KJ_SURVEY_FORBIDDEN);
	assert_int_equal(give_back(st, &aa, org, "監査"), KJ_SURVEY_FORBIDDEN);
	assert_int_equal(give_back(st, &ae, org, "環境省"), KJ_SURVEY_FORBIDDEN);
	assert_int_equal(give_back(st, &am, org, ""), KJ_SURVEY_BAD);
	assert_int_equal(give_back(st, &am, org, "\x01"), KJ_SURVEY_BAD);
	assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM audit_entry"), audit);
	long sub0 = tally(db, "submitted"), ret0 = tally(db, "returned");
	assert_int_equal(give_back(st, &am, org, "3.1 の根拠資料を確認してください"), KJ_SURVEY_OK);
	assert_int_equal(tally(db, "submitted"), sub0 - 1);
	assert_int_equal(tally(db, "returned"), ret0 + 1);
	assert_int_equal(give_back(st, &an, org, "二度目"), KJ_SURVEY_REFUSED);
	struct kj_questionnaire *q = load(st, &a, org);
	assert_string_equal(q->status, "returned");
	assert_string_equal(q->return_message, "3.1 の根拠資料を確認してください");
	char x[KJ_ITEM_MAX];
	snprintf(x, sizeof x, "%s", q->items[0].item);
	int was = q->items[0].now.level;
	long rev2 = q->revision;
	kj_questionnaire_free(q);
	/* A change after the return needs its reason, and is logged. */
	struct kj_save_result *res = kj_save_result_new();
	struct kj_answer_edit e = edit(x, was == 1 ? "2" : "1");
	assert_int_equal(save(st, &a, org, rev2, &e, 1, NULL, res), KJ_SURVEY_BAD);
	assert_int_equal(save(st, &a, org, rev2, &e, 1, "根拠資料を見直したため", res), KJ_SURVEY_OK);
	struct kj_answer_change ch[4];
	int n;
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	assert_int_equal(kj_app_answer_changes(st, &am, SURVEY, org, ch, 4, &n, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ch[0].item, x);
	assert_int_equal(ch[0].old_value[0] - '0', was);
	assert_string_equal(ch[0].new_value, e.level);
	assert_string_equal(ch[0].reason, "根拠資料を見直したため");
	assert_string_equal(ch[0].by, "担当 op-r");
	/* Submitted again: two versions, both readable with their digests. */
	assert_int_equal(submit(st, &a, org, res->revision, "山田 太郎", "2026-12-02", &r2, NULL,
				NULL), KJ_SURVEY_OK);
	assert_int_equal(r2.version, 2);
	assert_string_not_equal(r1.digest, r2.digest);
	assert_string_not_equal(r1.number, r2.number);
	check_digest(db, org, 2, r2.digest);
	/* Each submission queued its receipt, the return its notice (app/notify.c). */
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM notification WHERE survey_id = %d"
		 " AND organisation_id = %lld AND kind = 'receipt'", SURVEY, (long long)org);
	assert_int_equal(sql_long(db, sql), 2);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM notification WHERE survey_id = %d"
		 " AND organisation_id = %lld AND kind = 'returned'", SURVEY, (long long)org);
	assert_int_equal(sql_long(db, sql), 1);
	struct kj_version_head v[4];
	assert_int_equal(kj_app_response_versions(st, &an, SURVEY, org, v, 4, &n, &why, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].receipt.number, r1.number);
	assert_string_equal(v[0].return_message, "3.1 の根拠資料を確認してください");
	assert_string_equal(v[1].returned_at, "");
	assert_string_equal(v[1].attest_date, "2026-12-02");
	for (int ver = 1; ver <= 2; ver++) {
		struct kj_version_head h;
		q = kj_questionnaire_new();
		assert_int_equal(kj_app_response_version(st, &aa, SURVEY, org, ver, &h, q, &why,
							 &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_OK);
		assert_int_equal(h.version, ver);
		assert_int_equal(item_of(q, x)->now.level, ver == 1 ? was : e.level[0] - '0');
		assert_int_equal(q->left, 0);
		kj_questionnaire_free(q);
	}
	/* A version altered in the database fails its digest. */
	assert_int_equal(kj_test_sql(db, "UPDATE response_version SET content = content || 'x'"
				     " WHERE version = 1"), 0);
	struct kj_version_head h;
	q = kj_questionnaire_new();
	assert_int_equal(kj_app_response_version(st, &an, SURVEY, org, 1, &h, q, &why, &err), -1);
	assert_non_null(strstr(err.msg, "digest"));
	assert_int_equal(kj_app_response_version(st, &an, SURVEY, org, 9, &h, q, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_NOT_FOUND);
	kj_questionnaire_free(q);
	kj_save_result_free(res);
	check_tally(db);
	kj_store_close(st);
}

static void test_other_org_refused(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org = fresh_org(db, "medical", 0), other = fresh_org(db, "medical", 1);
	struct kj_user u = operator_of(st, org, "op-own"), o = operator_of(st, other, "op-other");
	struct kj_actor a = as(&u), ao = as(&o);
	struct kj_user hq = by_login(st, "demo-hq"), cep = by_login(st, "demo-ceptoar");
	struct kj_actor ahq = as(&hq), acep = as(&cep);
	answer_all(st, &a, org, NULL);
	long audit = sql_long(db, "SELECT COUNT(*) FROM audit_entry");
	const struct kj_actor *outsiders[] = { &ao, &ahq, &acep };
	for (int i = 0; i < 3; i++) {
		const struct kj_actor *x = outsiders[i];
		struct kj_answer_refusal why;
		struct kj_err err = { "" };
		struct kj_questionnaire *q = kj_questionnaire_new();
		assert_int_equal(kj_app_questionnaire_load(st, x, SURVEY, org, q, &why, &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
		assert_int_equal(kj_app_response_start(st, x, SURVEY, org, &why, &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
		struct kj_answer_edit e = edit(q->items[0].item, "1");
		e.item = "3.1.1-1";
		struct kj_save_result *res = kj_save_result_new();
		assert_int_equal(save(st, x, org, -1, &e, 1, NULL, res), KJ_SURVEY_FORBIDDEN);
		kj_save_result_free(res);
		struct kj_receipt rc;
		assert_int_equal(submit(st, x, org, -1, "他社", "2026-12-01", &rc, NULL, NULL),
				 KJ_SURVEY_FORBIDDEN);
		assert_int_equal(give_back(st, x, org, "他社"), KJ_SURVEY_FORBIDDEN);
		struct kj_version_head v[2];
		struct kj_answer_change c[2];
		int n;
		assert_int_equal(kj_app_response_versions(st, x, SURVEY, org, v, 2, &n, &why, &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
		assert_int_equal(kj_app_response_version(st, x, SURVEY, org, 1, &v[0], q, &why, &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
		assert_int_equal(kj_app_answer_changes(st, x, SURVEY, org, c, 2, &n, &why, &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
		assert_int_equal(kj_app_response_assign(st, x, SURVEY, org, "F0", 0, &why, &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
		assert_int_equal(kj_app_response_lead(st, x, SURVEY, org, 0, &why, &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
		kj_questionnaire_free(q);
	}
	assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM audit_entry"), audit);
	/* An operator names no other organisation: its own is the default. */
	struct kj_questionnaire *q = load(st, &a, 0);
	assert_int_equal(q->org, org);
	kj_questionnaire_free(q);
	check_tally(db);
	kj_store_close(st);
}

static void test_assign_and_lead(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org = fresh_org(db, "medical", 0), other = fresh_org(db, "medical", 1);
	struct kj_user u1 = operator_of(st, org, "op-l1"), u2 = operator_of(st, org, "op-l2");
	struct kj_user o = operator_of(st, other, "op-l3");
	struct kj_actor a1 = as(&u1), a2 = as(&u2);
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	struct kj_questionnaire *q = load(st, &a1, org);
	char x[KJ_ITEM_MAX];
	snprintf(x, sizeof x, "%s", q->items[0].item);
	int fn = q->items[0].function;
	kj_questionnaire_free(q);
	/* Assigning starts the response; another organisation's user is refused. */
	assert_int_equal(kj_app_response_assign(st, &a1, SURVEY, org, x, o.id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_BAD);
	assert_int_equal(kj_app_response_assign(st, &a1, SURVEY, org, "9.9.9-9", u2.id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_BAD);
	assert_int_equal(kj_app_response_assign(st, &a1, SURVEY, org, "F9", u2.id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_BAD);
	char fitem[4];
	snprintf(fitem, sizeof fitem, "F%d", fn);
	assert_int_equal(kj_app_response_assign(st, &a1, SURVEY, org, fitem, u2.id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	q = load(st, &a1, org);
	assert_string_equal(q->status, "draft");
	assert_true(q->prefilled > 0);	/* started with last year's answers */
	assert_int_equal(item_of(q, x)->assignee, u2.id);
	kj_questionnaire_free(q);
	assert_int_equal(kj_app_response_assign(st, &a1, SURVEY, org, x, u1.id, &why, &err), 0);
	q = load(st, &a1, org);
	assert_int_equal(item_of(q, x)->assignee, u1.id);
	assert_string_equal(item_of(q, x)->assignee_name, "担当 op-l1");
	kj_questionnaire_free(q);
	/* The lead: only it submits and assigns then. */
	assert_int_equal(kj_app_response_lead(st, &a1, SURVEY, org, o.id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_BAD);
	assert_int_equal(kj_app_response_lead(st, &a1, SURVEY, org, u1.id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	long rev = answer_all(st, &a2, org, NULL);
	struct kj_receipt rc;
	assert_int_equal(submit(st, &a2, org, rev, "鈴木", "2026-12-01", &rc, NULL, NULL),
			 KJ_SURVEY_FORBIDDEN);
	assert_int_equal(kj_app_response_assign(st, &a2, SURVEY, org, x, u2.id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_FORBIDDEN);
	assert_int_equal(submit(st, &a1, org, rev, "鈴木", "2026-12-01", &rc, NULL, NULL),
			 KJ_SURVEY_OK);
	assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM audit_entry"
				  " WHERE action IN ('response.assign', 'response.lead')"), 3);
	check_tally(db);
	kj_store_close(st);
}

/* Last year's answers come through the crosswalk, one-to-one links only. */
static void test_carry_over(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org = fresh_org(db, "medical", 0);
	char same[KJ_ITEM_MAX], split[KJ_ITEM_MAX], sql[1024];
#define PICK "SELECT t.code FROM requirement_succession k" \
		" JOIN requirement t ON t.id = k.to_requirement_id" \
		" JOIN standard_version v ON v.id = t.version_id AND v.version = '2026'" \
		" WHERE k.kind = '%s' ORDER BY t.ord LIMIT 1"
	snprintf(sql, sizeof sql, PICK, "same");
	assert_int_equal(kj_test_sql_text(db, sql, same, sizeof same), 0);
	snprintf(sql, sizeof sql, PICK, "split");
	assert_int_equal(kj_test_sql_text(db, sql, split, sizeof split), 0);
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	assert_int_equal(kj_app_response_start(st, &cli, SURVEY, org, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	{
		struct kj_questionnaire *q = load(st, &cli, org);
		const struct kj_q_item *s = item_of(q, same), *p = item_of(q, split);
		assert_true(s->has_last);
		assert_true(s->prefilled);
		assert_int_equal(s->now.level, s->last.level);
		assert_false(p->has_last);
		assert_false(p->prefilled);
		assert_int_equal(p->now.level, KJ_LEVEL_NONE);
		/* Last year's level of that requirement, through its old code. */
		snprintf(sql, sizeof sql, "SELECT COALESCE(a.level, -1) FROM answer a"
			 " JOIN response p ON p.id = a.response_id AND p.survey_id = 1"
			 " AND p.organisation_id = %lld"
			 " JOIN requirement_succession k ON k.from_requirement_id = a.requirement_id"
			 " JOIN requirement t ON t.id = k.to_requirement_id AND t.code = '%s'"
			 " JOIN standard_version v ON v.id = t.version_id AND v.version = '2026'",
			 (long long)org, same);
		assert_int_equal(sql_long(db, sql), s->last.level);
		kj_questionnaire_free(q);
	}
	/* Confirming keeps the value and clears the mark. */
	struct kj_answer_edit e = edit(same, NULL);
	e.confirm = 1;
	struct kj_save_result *res = kj_save_result_new();
	assert_int_equal(save(st, &cli, org, -1, &e, 1, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(res->changed, 1);
	struct kj_questionnaire *q = load(st, &cli, org);
	assert_false(item_of(q, same)->prefilled);
	assert_int_equal(item_of(q, same)->now.level, item_of(q, same)->last.level);
	kj_questionnaire_free(q);
	kj_save_result_free(res);
	/* Starting twice changes nothing. */
	long audit = sql_long(db, "SELECT COUNT(*) FROM audit_entry");
	assert_int_equal(kj_app_response_start(st, &cli, SURVEY, org, &why, &err), 0);
	assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM audit_entry"), audit);
	check_tally(db);
	kj_store_close(st);
}

/* Many forms saved in the caller's transaction: a refused one writes
 * nothing and leaves the others. */
static void test_save_in_callers_transaction(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org[3] = { fresh_org(db, "%", 0), fresh_org(db, "%", 1), fresh_org(db, "%", 2) };
	struct kj_questionnaire *q = load(st, &cli, org[0]);
	char x[KJ_ITEM_MAX];
	snprintf(x, sizeof x, "%s", q->items[5].item);
	kj_questionnaire_free(q);
	long responses = sql_long(db, "SELECT COUNT(*) FROM response");
	struct kj_err err = { "" };
	struct kj_save_result *res = kj_save_result_new();
	assert_int_equal(kj_store_begin(st, &err), 0);
	struct kj_answer_edit good = edit(x, "4"), bad = edit(x, "9");
	assert_int_equal(save(st, &cli, org[0], -1, &good, 1, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(save(st, &cli, org[1], -1, &bad, 1, NULL, res), KJ_SURVEY_BAD);
	assert_true(kj_store_in_tx(st));
	assert_int_equal(save(st, &cli, org[2], -1, &good, 1, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(kj_store_commit(st, &err), 0);
	assert_int_equal(sql_long(db, "SELECT COUNT(*) FROM response"), responses + 2);
	for (int i = 0; i < 3; i += 2) {
		q = load(st, &cli, org[i]);
		assert_int_equal(item_of(q, x)->now.level, 4);
		kj_questionnaire_free(q);
	}
	kj_save_result_free(res);
	check_tally(db);
	kj_store_close(st);
}

/* A survey's own questions: answered as "Q<order>", checked by kind,
 * required ones needed to submit, kept in the version. */
static void test_own_questions(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org = fresh_org(db, "medical", 0);
	char sql[512];
	snprintf(sql, sizeof sql, "INSERT INTO survey_question (survey_id, sector_code, ord, kind,"
		 " text_ja, text_en, choices, required, created_at) VALUES"
		 " (%d, NULL, 1, 'choice', '体制は？', 'Which?', 'あり\nなし', 1, '2026-10-01T00:00:00Z'),"
		 " (%d, 'medical', 2, 'number', '人数は？', '', NULL, 0, '2026-10-01T00:00:00Z'),"
		 " (%d, 'water', 3, 'yesno', '水道？', '', NULL, 1, '2026-10-01T00:00:00Z')",
		 SURVEY, SURVEY, SURVEY);
	assert_int_equal(kj_test_sql(db, sql), 0);
	struct kj_user u = operator_of(st, org, "op-q");
	struct kj_actor a = as(&u);
	struct kj_questionnaire *q = load(st, &a, org);
	const struct kj_q_item *q1 = item_of(q, "Q1"), *q2 = item_of(q, "Q2");
	assert_int_equal(q1->requirement, -1);
	assert_int_equal(q1->kind, KJ_Q_CHOICE);
	assert_string_equal(q1->text_ja, "体制は？");
	assert_true(q1->required);
	assert_false(q2->required);
	for (int i = 0; i < q->nitems; i++)
		assert_string_not_equal(q->items[i].item, "Q3");	/* another sector's */
	kj_questionnaire_free(q);
	struct kj_save_result *res = kj_save_result_new();
	struct kj_answer_edit e[3] = { edit("Q1", NULL), edit("Q2", NULL), edit("Q3", NULL) };
	e[0].value = "たぶん";
	assert_int_equal(save(st, &a, org, -1, e, 1, NULL, res), KJ_SURVEY_BAD);
	e[0].value = "あり";
	e[1].value = "12x";
	assert_int_equal(save(st, &a, org, -1, e, 2, NULL, res), KJ_SURVEY_BAD);
	e[1].value = "12";
	e[2].value = "yes";
	assert_int_equal(save(st, &a, org, -1, e, 3, NULL, res), KJ_SURVEY_BAD);
	e[1].note = "comment";
	assert_int_equal(save(st, &a, org, -1, e, 2, NULL, res), KJ_SURVEY_BAD);
	e[1].note = NULL;
	/* Q1 unanswered: listed as missing. */
	long rev = answer_all(st, &a, org, NULL);
	struct kj_answer_edit clear = edit("Q1", NULL);
	clear.value = "";
	assert_int_equal(save(st, &a, org, rev, &clear, 1, NULL, res), KJ_SURVEY_OK);
	rev = res->revision;
	struct kj_receipt rc;
	char missing[4][KJ_ITEM_MAX];
	int nmissing;
	assert_int_equal(submit(st, &a, org, rev, "佐藤", "2026-12-01", &rc, &nmissing, missing),
			 KJ_SURVEY_REFUSED);
	assert_int_equal(nmissing, 1);
	assert_string_equal(missing[0], "Q1");
	assert_int_equal(save(st, &a, org, rev, e, 2, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(res->changed, 2);
	assert_int_equal(submit(st, &a, org, res->revision, "佐藤", "2026-12-01", &rc, NULL, NULL),
			 KJ_SURVEY_OK);
	check_digest(db, org, 1, rc.digest);
	struct kj_version_head h;
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	q = kj_questionnaire_new();
	assert_int_equal(kj_app_response_version(st, &a, SURVEY, org, 1, &h, q, &why, &err), 0);
	assert_string_equal(item_of(q, "Q1")->now.value, "あり");
	assert_string_equal(item_of(q, "Q2")->now.value, "12");
	kj_questionnaire_free(q);
	kj_save_result_free(res);
	check_tally(db);
	kj_store_close(st);
}

/* A ministry reads the responses of its sectors' operators, not others'. */
static void test_ministry_reach(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t med = any_org(db, "medical"), water = any_org(db, "water");
	struct kj_user mhlw = by_login(st, "demo-ministry"), env = by_login(st, "demo-ministry-env");
	struct kj_user aud = by_login(st, "demo-auditor"), nco = by_login(st, "demo-nco");
	struct kj_actor am = as(&mhlw), ae = as(&env), aa = as(&aud), an = as(&nco);
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	struct kj_questionnaire *q = kj_questionnaire_new();
	const struct { const struct kj_actor *a; int64_t org; enum kj_survey_fault want; } c[] = {
		{ &am, med, KJ_SURVEY_OK }, { &ae, med, KJ_SURVEY_FORBIDDEN },
		{ &ae, water, KJ_SURVEY_OK }, { &am, water, KJ_SURVEY_FORBIDDEN },
		{ &aa, med, KJ_SURVEY_OK }, { &an, water, KJ_SURVEY_OK },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		assert_int_equal(kj_app_questionnaire_load(st, c[i].a, SURVEY, c[i].org, q, &why,
							   &err), 0);
		assert_int_equal(why.fault, c[i].want);
	}
	/* Reading is not changing: a ministry saves nothing. */
	struct kj_save_result *res = kj_save_result_new();
	struct kj_answer_edit e = edit(q->items[0].item, "2");
	assert_int_equal(save(st, &am, med, -1, &e, 1, NULL, res), KJ_SURVEY_FORBIDDEN);
	assert_int_equal(save(st, &an, med, -1, &e, 1, NULL, res), KJ_SURVEY_FORBIDDEN);
	kj_save_result_free(res);
	kj_questionnaire_free(q);
	kj_store_close(st);
}

/* A save's audit entry names the items it changed, or says "items_all" when
 * it changed every item of the sheet (a whole form), never listing 90 names. */
static void test_save_audit_items(void **state)
{
	(void)state;
	const char *db;
	struct kj_store *st = open_db(&db);
	int64_t org = fresh_org(db, "medical", 1);
	struct kj_user u = operator_of(st, org, "op-items");
	struct kj_actor a = as(&u);
	struct kj_questionnaire *q = load(st, &a, org);
	char x[KJ_ITEM_MAX];
	snprintf(x, sizeof x, "%s", q->items[0].item);
	struct kj_save_result *res = kj_save_result_new();
	struct kj_answer_edit one = edit(x, "1");
	assert_int_equal(save(st, &a, org, -1, &one, 1, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(res->changed, 1);
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit_entry WHERE action = 'response.save'"
		 " AND detail LIKE '%%\"items\":[\"%s\"]%%' AND detail NOT LIKE '%%items_all%%'", x);
	assert_int_equal(sql_long(db, sql), 1);
	kj_questionnaire_free(q);

	/* Every item, each to another level than it has: all of them change. */
	q = load(st, &a, org);
	struct kj_answer_edit *e = calloc((size_t)q->nitems, sizeof *e);
	for (int i = 0; i < q->nitems; i++) {
		assert_true(q->items[i].requirement >= 0);	/* no own questions here */
		e[i] = edit(q->items[i].item, q->items[i].now.level == 2 ? "4" : "2");
	}
	assert_int_equal(save(st, &a, org, res->revision, e, q->nitems, NULL, res), KJ_SURVEY_OK);
	assert_int_equal(res->changed, q->nitems);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit_entry WHERE action = 'response.save'"
		 " AND detail LIKE '%%\"items_all\":true%%' AND detail LIKE '%%\"changed\":%d%%'"
		 " AND detail NOT LIKE '%%\"items\":%%' AND detail NOT LIKE '%%%s%%'", q->nitems, x);
	assert_int_equal(sql_long(db, sql), 1);
	/* Each answer written, as the entry says. */
	struct kj_questionnaire *r = load(st, &a, org);
	assert_int_equal(r->nitems, q->nitems);
	for (int i = 0; i < r->nitems; i++)
		assert_int_equal(r->items[i].now.level, q->items[i].now.level == 2 ? 4 : 2);
	kj_questionnaire_free(r);
	free(e);
	kj_save_result_free(res);
	kj_questionnaire_free(q);
	check_tally(db);
	kj_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_load_round_trip),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_submit_rules),
		cmocka_unit_test(test_return_versions_changes),
		cmocka_unit_test(test_other_org_refused),
		cmocka_unit_test(test_assign_and_lead),
		cmocka_unit_test(test_carry_over),
		cmocka_unit_test(test_save_in_callers_transaction),
		cmocka_unit_test(test_own_questions),
		cmocka_unit_test(test_ministry_reach),
		cmocka_unit_test(test_save_audit_items),
	};
	return cmocka_run_group_tests_name("survey answer", tests, make_template, NULL);
}
