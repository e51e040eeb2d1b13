/*
 * Unit tests of a survey's progress (store/store_progress.c,
 * app/survey_progress.c): the counts kept in survey_tally stay equal to
 * counting the responses with GROUP BY after random status changes; the
 * progress read from them (per sector, prefecture and ministry, overdue with
 * an extension) matches counting; the chase list's pages, filters and count
 * agree with counting; who may read a campaign (kj_authz_survey_read) and
 * which figures a ministry sees (kj_authz_survey_sectors). On SQLite and,
 * as unit_progress_pg, on PostgreSQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "helpers.h"
#include "app/authz.h"
#include "app/demo.h"
#include "app/survey_progress.h"
#include "store/db.h"
#include "store/store_registry.h"
#include "store/store_tally.h"

#define TODAY "2026-12-05"

static const char *db;
static struct kj_store *st;
static int64_t survey;		/* the demo's open survey */
static char sid[24];

static int setup(void **state)
{
	(void)state;
	db = kj_test_db("progress.db");
	st = th_init_db(db);
	struct kj_demo_opts o = { .operators = 120, .seed = 5, .years = 2, .today = TODAY };
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	survey = th_sql_long(db, "SELECT id FROM survey WHERE status = 'open'");
	assert_true(survey > 0);
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kj_store_close(st);
	return 0;
}

/* SQL with the survey's id put for every "%s" into OUT. */
static void with_id(const char *sql, char out[2048])
{
	size_t o = 0;
	for (const char *p = sql; *p && o + 32 < 2048; p++) {
		if (p[0] == '%' && p[1] == 's') {
			o += (size_t)snprintf(out + o, 2048 - o, "%s", sid);
			p++;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
}

static char *rows(const char *sql)
{
	char q[2048];
	with_id(sql, q);
	return kj_test_sql_rows(db, q);
}

static long count(const char *sql)
{
	char q[2048];
	with_id(sql, q);
	return th_sql_long(db, q);
}

/* survey_tally equals counting the responses, per sector and prefecture and for '*'. */
static void assert_tally_counts(void)
{
	char *kept = rows("SELECT sector_code, prefecture_code, status, n FROM survey_tally"
			  " WHERE survey_id = %s AND n <> 0"
			  " ORDER BY sector_code, prefecture_code, status");
	char *counted = rows("SELECT sector_code, prefecture_code, status, n FROM ("
		" SELECT r.sector_code, r.prefecture_code, COALESCE(p.status, 'not_started') AS status,"
		"  COUNT(*) AS n FROM survey_respondent r LEFT JOIN response p"
		"  ON p.survey_id = r.survey_id AND p.organisation_id = r.organisation_id"
		"  WHERE r.survey_id = %s GROUP BY r.sector_code, r.prefecture_code,"
		"  COALESCE(p.status, 'not_started')"
		" UNION ALL SELECT '*', d.prefecture_code, COALESCE(p.status, 'not_started'), COUNT(*)"
		"  FROM (SELECT DISTINCT organisation_id, prefecture_code FROM survey_respondent"
		"  WHERE survey_id = %s) d LEFT JOIN response p ON p.survey_id = %s"
		"  AND p.organisation_id = d.organisation_id"
		"  GROUP BY d.prefecture_code, COALESCE(p.status, 'not_started')) x"
		" ORDER BY sector_code, prefecture_code, status");
	assert_string_equal(kept, counted);
	free(kept);
	free(counted);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned next_rand(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Moves a random respondent to a random status, as the answering code does. */
static void random_transition(void)
{
	static const char *const to_status[] = { "draft", "submitted", "returned" };
	char sql[512], org_text[32], from[16];
	long norgs = count("SELECT COUNT(DISTINCT organisation_id) FROM survey_respondent"
			   " WHERE survey_id = %s");
	snprintf(sql, sizeof sql, "SELECT organisation_id FROM (SELECT DISTINCT organisation_id"
		 " FROM survey_respondent WHERE survey_id = %s) d ORDER BY organisation_id"
		 " LIMIT 1 OFFSET %u", sid, next_rand((unsigned)norgs));
	assert_int_equal(kj_test_sql_text(db, sql, org_text, sizeof org_text), 0);
	int64_t org = strtoll(org_text, NULL, 10);
	snprintf(sql, sizeof sql, "SELECT COALESCE((SELECT status FROM response WHERE"
		 " survey_id = %s AND organisation_id = %s), 'not_started')", sid, org_text);
	assert_int_equal(kj_test_sql_text(db, sql, from, sizeof from), 0);
	const char *to = to_status[next_rand(3)];
	struct kj_err err = { "" };
	assert_int_equal(kj_store_begin(st, &err), 0);
	if (!strcmp(from, "not_started")) {
		int64_t resp;
		assert_int_equal(kj_store_response_add(st, survey, org, to,
						       strcmp(to, "draft") ? TODAY "T01:00:00Z" : NULL,
						       &resp, &err), 0);
	} else {
		assert_int_equal(KJ_DB_RUN(st, "UPDATE response SET status = $1 WHERE survey_id = $2"
					   " AND organisation_id = $3", &err, to, sid, org_text), 0);
	}
	assert_int_equal(kj_store_tally_move(st, survey, org, from, to, &err), 0);
	assert_int_equal(kj_store_commit(st, &err), 0);
}

static void test_tally_after_random_transitions(void **state)
{
	(void)state;
	assert_tally_counts();		/* as the demo left it */
	for (int i = 0; i < 150; i++)
		random_transition();
	assert_tally_counts();
}

/*
 * The demo's responses carry what the answering code leaves: each submitted
 * or returned one its versions (receipt, digest of the kept text, an
 * officer's attestation), each returned one its return with a message, a
 * revision and times, nothing after the demo's day.
 */
static void test_demo_histories(void **state)
{
	(void)state;
	char *bad = kj_test_sql_rows(db, "SELECT p.id FROM response p WHERE p.status <> 'draft'"
		" AND p.versions <> (SELECT COUNT(*) FROM response_version v"
		" WHERE v.response_id = p.id) ORDER BY p.id");
	assert_string_equal(bad, "");
	free(bad);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM response WHERE status <> 'draft'"
				     " AND versions < 1"), 0);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM response WHERE status = 'draft'"
				     " AND versions <> 0"), 0);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM response p WHERE p.status ="
		" 'returned' AND NOT EXISTS (SELECT 1 FROM response_return r WHERE r.response_id ="
		" p.id AND r.version = p.versions)"), 0);
	assert_true(th_sql_long(db, "SELECT COUNT(*) FROM response WHERE status = 'returned'") > 0);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM response WHERE revision < 1"
				     " OR created_at IS NULL OR updated_at IS NULL"
				     " OR updated_at < created_at"), 0);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM response_version WHERE"
		" attest_name = '' OR attest_title = '' OR submitted_at > '" TODAY "'"
		" OR attest_date > '" TODAY "'"), 0);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM response_return WHERE"
				     " returned_at > '" TODAY "' OR message = ''"), 0);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM response WHERE"
				     " updated_at > '" TODAY "'"), 0);
	/* A version's digest is the SHA-256 of its text. */
	char *v = kj_test_sql_rows(db, "SELECT digest, content FROM response_version"
				   " ORDER BY response_id, version LIMIT 1");
	char *bar = strchr(v, '|');
	assert_non_null(bar);
	*bar = '\0';
	size_t len = strlen(bar + 1);
	assert_true(len > 1);
	bar[len] = '\0';	/* the row's newline */
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(h, (const unsigned char *)bar + 1, len - 1);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	assert_string_equal(v, hex);
	free(v);
}

static const struct kj_progress_scope everything = { 1, NULL, 0, NULL, 0, NULL };

static void test_progress_matches_counting(void **state)
{
	(void)state;
	struct kj_progress *p = calloc(1, sizeof *p);
	struct kj_err err = { "" };
	assert_non_null(p);
	assert_int_equal(kj_store_progress(st, survey, "2027-01-31", TODAY, &everything, p, &err), 0);
	assert_int_equal(p->total.respondents,
			 count("SELECT COUNT(DISTINCT organisation_id) FROM survey_respondent"
			       " WHERE survey_id = %s"));
	assert_int_equal(p->total.submitted,
			 count("SELECT COUNT(*) FROM response WHERE survey_id = %s"
			       " AND status = 'submitted'"));
	assert_int_equal(p->total.draft, count("SELECT COUNT(*) FROM response WHERE"
					       " survey_id = %s AND status = 'draft'"));
	assert_int_equal(p->total.returned, count("SELECT COUNT(*) FROM response WHERE"
						  " survey_id = %s AND status = 'returned'"));
	assert_int_equal(p->total.not_started, p->total.respondents - p->total.draft -
			 p->total.submitted - p->total.returned);
	assert_int_equal(p->total.overdue, 0);	/* the close date is ahead */
	long sum = 0, pref = 0;
	for (int i = 0; i < p->nsectors; i++)
		sum += p->sectors[i].c.respondents;
	for (int i = 0; i < p->nprefectures; i++)
		pref += p->prefectures[i].c.respondents;
	assert_int_equal(sum, count("SELECT COUNT(*) FROM survey_respondent WHERE survey_id = %s"));
	assert_int_equal(pref, p->total.respondents);
	assert_int_equal(p->nsectors, 16);	/* every scope sector, in the standard's order */
	assert_string_equal(p->sectors[0].code, "ict");
	/* 経済産業省 holds electricity, gas, chemical, credit and petroleum whole. */
	long meti = count("SELECT COUNT(*) FROM survey_respondent WHERE survey_id = %s AND"
			  " sector_code IN ('electricity', 'gas', 'chemical', 'credit', 'petroleum')");
	int found = 0;
	for (int i = 0; i < p->nministries; i++)
		if (!strcmp(p->ministries[i].code, "meti")) {
			found = 1;
			assert_int_equal(p->ministries[i].c.respondents, meti);
		}
	assert_true(found);
	free(p);
}

static void test_overdue_and_extension(void **state)
{
	(void)state;
	struct kj_progress *p = calloc(1, sizeof *p);
	struct kj_err err = { "" };
	char org[32], sql[512];
	assert_non_null(p);
	/* One operator not submitted has an extension to the end of December. */
	snprintf(sql, sizeof sql, "SELECT MIN(r.organisation_id) FROM survey_respondent r"
		 " LEFT JOIN response p ON p.survey_id = r.survey_id AND p.organisation_id ="
		 " r.organisation_id WHERE r.survey_id = %s AND (p.status IS NULL OR"
		 " p.status <> 'submitted')", sid);
	assert_int_equal(kj_test_sql_text(db, sql, org, sizeof org), 0);
	assert_int_equal(kj_store_begin(st, &err), 0);
	assert_int_equal(kj_store_survey_extend(st, survey, strtoll(org, NULL, 10), "2026-12-31",
						"災害対応のため", 0, "test", &err), 0);
	assert_int_equal(kj_store_commit(st, &err), 0);
	long open_ones = count("SELECT COUNT(DISTINCT r.organisation_id) FROM survey_respondent r"
			       " LEFT JOIN response p ON p.survey_id = r.survey_id"
			       " AND p.organisation_id = r.organisation_id WHERE r.survey_id = %s"
			       " AND (p.status IS NULL OR p.status <> 'submitted')");
	/* Closed on 30 November: all but the extended one are overdue on 5 December. */
	assert_int_equal(kj_store_progress(st, survey, "2026-11-30", TODAY, &everything, p, &err), 0);
	assert_int_equal(p->extensions, 1);
	assert_int_equal(p->total.overdue, open_ones - 1);
	long by_pref = 0;
	for (int i = 0; i < p->nprefectures; i++)
		by_pref += p->prefectures[i].c.overdue;
	assert_int_equal(by_pref, open_ones - 1);
	/* On the close date itself nothing is overdue yet. */
	assert_int_equal(kj_store_progress(st, survey, "2026-12-05", TODAY, &everything, p, &err), 0);
	assert_int_equal(p->total.overdue, 0);
	/* The chase list agrees. */
	struct kj_chase_filter f = { .overdue = 1, .today = TODAY, .limit = 10 };
	long n;
	assert_int_equal(kj_store_chase_count(st, survey, "2026-11-30", &everything, &f, &n, &err), 0);
	assert_int_equal(n, open_ones - 1);
	f.overdue = 0;
	assert_int_equal(kj_store_chase_count(st, survey, "2026-11-30", &everything, &f, &n, &err), 0);
	assert_int_equal(n, open_ones);
	free(p);
}

static void test_chase_pages_and_filters(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	long total = count("SELECT COUNT(DISTINCT r.organisation_id) FROM survey_respondent r"
			   " LEFT JOIN response p ON p.survey_id = r.survey_id"
			   " AND p.organisation_id = r.organisation_id WHERE r.survey_id = %s"
			   " AND (p.status IS NULL OR p.status <> 'submitted')");
	struct kj_chase_row *r = calloc(7, sizeof *r);
	int64_t *seen = calloc((size_t)total + 1, sizeof *seen);
	assert_non_null(r);
	assert_non_null(seen);
	struct kj_chase_filter f = { .limit = 7, .today = TODAY };
	long got = 0;
	int n;
	do {
		assert_int_equal(kj_store_chase_list(st, survey, "2027-01-31", &everything, &f, r, &n,
						     &err), 0);
		for (int i = 0; i < n; i++) {
			assert_true(got < total);
			for (long k = 0; k < got; k++)
				assert_true(seen[k] != r[i].org);	/* each operator once */
			assert_string_not_equal(r[i].status, "submitted");
			assert_true(r[i].corporate_number[0] != '\0');
			assert_true(strcmp(r[i].closes_on, "2027-01-31") >= 0);
			seen[got++] = r[i].org;
		}
		f.offset += n;
	} while (n == 7);
	assert_int_equal(got, total);
	/* By status and sector. */
	f = (struct kj_chase_filter){ .status = "draft", .today = TODAY };
	long c;
	assert_int_equal(kj_store_chase_count(st, survey, "2027-01-31", &everything, &f, &c, &err), 0);
	assert_int_equal(c, count("SELECT COUNT(*) FROM response WHERE survey_id = %s"
				  " AND status = 'draft'"));
	f = (struct kj_chase_filter){ .sector = "medical", .today = TODAY };
	assert_int_equal(kj_store_chase_count(st, survey, "2027-01-31", &everything, &f, &c, &err), 0);
	assert_int_equal(c, count("SELECT COUNT(*) FROM survey_respondent r LEFT JOIN response p"
				  " ON p.survey_id = r.survey_id AND p.organisation_id ="
				  " r.organisation_id WHERE r.survey_id = %s AND r.sector_code ="
				  " 'medical' AND (p.status IS NULL OR p.status <> 'submitted')"));
	/* A ministry's scope: its whole sectors only. */
	kj_sector_code mine[1] = { "medical" };
	struct kj_progress_scope sc = { 0, (const kj_sector_code *)mine, 1, NULL, 0, "mhlw" };
	f = (struct kj_chase_filter){ .today = TODAY };
	long scoped;
	assert_int_equal(kj_store_chase_count(st, survey, "2027-01-31", &sc, &f, &scoped, &err), 0);
	assert_int_equal(scoped, c);
	/* A page out of range is refused. */
	f = (struct kj_chase_filter){ .limit = KJ_CHASE_PAGE_MAX + 1, .today = TODAY };
	assert_int_equal(kj_store_chase_list(st, survey, "2027-01-31", &everything, &f, r, &n,
					     &err), -1);
	free(r);
	free(seen);
}

static void test_ministry_progress_scope(void **state)
{
	(void)state;
	struct kj_progress *p = calloc(1, sizeof *p);
	struct kj_err err = { "" };
	kj_sector_code mine[1] = { "medical" };
	struct kj_progress_scope sc = { 0, (const kj_sector_code *)mine, 1, NULL, 0, "mhlw" };
	assert_non_null(p);
	assert_int_equal(kj_store_progress(st, survey, "2027-01-31", TODAY, &sc, p, &err), 0);
	assert_int_equal(p->nsectors, 1);
	assert_string_equal(p->sectors[0].code, "medical");
	assert_int_equal(p->total.respondents, p->sectors[0].c.respondents);
	assert_int_equal(p->total.respondents,
			 count("SELECT COUNT(*) FROM survey_respondent WHERE survey_id = %s"
			       " AND sector_code = 'medical'"));
	free(p);
}

static void test_authz_survey_read(void **state)
{
	(void)state;
	const char *const scope[] = { "medical", "water" };
	struct kj_user u = { 0 };
	assert_true(kj_authz_survey_read(NULL, "nco", scope, 2));
	u.role = KJ_ROLE_NCO;
	assert_true(kj_authz_survey_read(&u, "nco", scope, 2));
	u.role = KJ_ROLE_AUDITOR;
	assert_true(kj_authz_survey_read(&u, "ministry", scope, 2));
	u.role = KJ_ROLE_SURVEYOR;
	assert_false(kj_authz_survey_read(&u, "nco", scope, 2));
	assert_true(kj_authz_survey_read(&u, "surveyor", scope, 2));
	u.role = KJ_ROLE_OPERATOR;
	assert_false(kj_authz_survey_read(&u, "nco", scope, 2));
	u.role = KJ_ROLE_HQ;
	assert_false(kj_authz_survey_read(&u, "nco", scope, 2));
	u.role = KJ_ROLE_CEPTOAR;
	assert_false(kj_authz_survey_read(&u, "nco", scope, 2));
	u.role = KJ_ROLE_MINISTRY;
	snprintf(u.ministry, sizeof u.ministry, "mhlw");
	snprintf(u.sectors[0], sizeof u.sectors[0], "medical");
	snprintf(u.sectors[1], sizeof u.sectors[1], "government");
	u.sector_partial[1] = 1;
	u.nsectors = 2;
	assert_true(kj_authz_survey_read(&u, "nco", scope, 2));
	const char *const other[] = { "electricity" };
	assert_false(kj_authz_survey_read(&u, "nco", other, 1));
	u.disabled = 1;
	assert_false(kj_authz_survey_read(&u, "nco", scope, 2));
	u.disabled = 0;
	/* Its figures: medical whole, government in part, nothing else. */
	const char *const three[] = { "medical", "water", "government" };
	kj_sector_code whole[KJ_USER_SECTORS_MAX], partial[KJ_USER_SECTORS_MAX];
	int all, nw, np;
	kj_authz_survey_sectors(&u, three, 3, &all, whole, &nw, partial, &np);
	assert_false(all);
	assert_int_equal(nw, 1);
	assert_string_equal(whole[0], "medical");
	assert_int_equal(np, 1);
	assert_string_equal(partial[0], "government");
	u.role = KJ_ROLE_NCO;
	kj_authz_survey_sectors(&u, three, 3, &all, whole, &nw, partial, &np);
	assert_true(all);
	u.role = KJ_ROLE_OPERATOR;
	kj_authz_survey_sectors(&u, three, 3, &all, whole, &nw, partial, &np);
	assert_false(all);
	assert_int_equal(nw + np, 0);
}

static void test_chase_filter_refuses_bad_input(void **state)
{
	(void)state;
	struct kj_survey_view *v = calloc(1, sizeof *v);
	assert_non_null(v);
	v->all = 1;
	v->sv.nsectors = 1;
	snprintf(v->sv.sectors[0], sizeof v->sv.sectors[0], "medical");
	snprintf(v->today, sizeof v->today, TODAY);
	struct kj_chase_filter f;
	enum kj_survey_fault fault;
	char why[KJ_ERR_MAX];
	const char *field;
	long page;
	static const struct { struct kj_chase_query q; const char *field; } bad[] = {
		{ { "water", NULL, NULL, NULL, NULL }, "sector" },
		{ { NULL, "48", NULL, NULL, NULL }, "prefecture" },
		{ { NULL, "1", NULL, NULL, NULL }, "prefecture" },
		{ { NULL, "00", NULL, NULL, NULL }, "prefecture" },
		{ { NULL, NULL, "submitted", NULL, NULL }, "status" },
		{ { NULL, NULL, NULL, "yes", NULL }, "overdue" },
		{ { NULL, NULL, NULL, NULL, "0" }, "page" },
		{ { NULL, NULL, NULL, NULL, "x" }, "page" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		kj_app_chase_filter(v, &bad[i].q, &f, &page, &fault, why, &field);
		assert_int_equal(fault, KJ_SURVEY_BAD);
		assert_string_equal(field, bad[i].field);
		assert_true(why[0] != '\0');
	}
	const struct kj_chase_query good = { "medical", "13", "draft", "1", "3" };
	kj_app_chase_filter(v, &good, &f, &page, &fault, why, &field);
	assert_int_equal(fault, KJ_SURVEY_OK);
	assert_int_equal(page, 3);
	assert_int_equal(f.offset, 2 * KJ_CHASE_PAGE);
	assert_true(f.overdue);
	assert_string_equal(f.prefecture, "13");
	const struct kj_chase_query unknown = { NULL, "unknown", NULL, NULL, NULL };
	kj_app_chase_filter(v, &unknown, &f, &page, &fault, why, &field);
	assert_int_equal(fault, KJ_SURVEY_OK);
	assert_string_equal(f.prefecture, "");
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_histories),
		cmocka_unit_test(test_tally_after_random_transitions),
		cmocka_unit_test(test_progress_matches_counting),
		cmocka_unit_test(test_chase_pages_and_filters),
		cmocka_unit_test(test_ministry_progress_scope),
		cmocka_unit_test(test_overdue_and_extension),
		cmocka_unit_test(test_authz_survey_read),
		cmocka_unit_test(test_chase_filter_refuses_bad_input),
	};
	return cmocka_run_group_tests_name("progress", tests, setup, teardown);
}
