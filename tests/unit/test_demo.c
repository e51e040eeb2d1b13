/*
 * Unit tests of src/app/demo*.c: the municipality code check digit, the
 * built-in list of local governments it draws from, and the demo dataset
 * generator — its counts, the validity of what it writes (read back with
 * SQL directly, kj_test_sql), its refusal of a non-empty database, its
 * determinism for a given seed, and the invariants that make it look like the real
 * population: no date after the generation day, real local governments
 * with their own codes, N/A consistent within a response, core
 * infrastructure only in the law's sectors, plausible second sectors.
 * Two demos are made once each and only read by the tests of their group:
 * seed 7's 50 operators, and the population of 3,000 operators over three
 * years (which the registry's listing reads too).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "base/buf.h"
#include "model/corpnum.h"
#include "app/demo.h"
#include "model/reference.h"
#include "store/store_org_list.h"
#include "store/store_registry.h"

/* --- kj_municipality_check_digit ------------------------------------------ */

static void test_municipality_check_digit(void **state)
{
	(void)state;
	/*
	 * Check = (11 - (Σ digit×(6,5,4,3,2)) mod 11) mod 10; the codes are the
	 * published 団体コード, e.g. 千代田区 13101: 6+15+4+0+2 = 27, 27 mod 11
	 * = 5, 11-5 = 6, so 131016.
	 */
	static const struct { const char *code5; int check; } cases[] = {
		{ "01000", 6 },	/* 北海道 010006 */
		{ "13000", 1 },	/* 東京都 130001 */
		{ "13101", 6 },	/* 千代田区 131016 */
		{ "13103", 2 },	/* 港区 131032 */
		{ "01100", 2 },	/* 札幌市 011002 */
		{ "01202", 5 },	/* 函館市 012025 */
		{ "14100", 3 },	/* 横浜市 141003 */
		{ "27100", 4 },	/* 大阪市 271004 */
		{ "47000", 7 },	/* 沖縄県 470007 */
		{ "13104", 1 },	/* 新宿区 131041: sum 33, remainder 0, 11 → 1 */
		{ "13113", 0 },	/* 渋谷区 131130: sum 34, remainder 1, 10 → 0 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (kj_municipality_check_digit(cases[i].code5) != cases[i].check)
			fail_msg("%s: got %d, want %d", cases[i].code5,
				 kj_municipality_check_digit(cases[i].code5), cases[i].check);
}

static void test_municipality_check_digit_non_digits(void **state)
{
	(void)state;
	assert_int_equal(kj_municipality_check_digit("13a01"), -1);
	assert_int_equal(kj_municipality_check_digit("1310"), -1);	/* NUL is not a digit */
	assert_int_equal(kj_municipality_check_digit(""), -1);
	assert_int_equal(kj_municipality_check_digit("-3101"), -1);
}

/* --- kj_demo_generate ---------------------------------------------------------- */

struct progress {
	int calls, last_year;
	long last_done, last_total;
};

static void on_progress(void *ctx, int fy, long done, long total)
{
	struct progress *p = ctx;
	p->calls++;
	p->last_year = fy;
	p->last_done = done;
	p->last_total = total;
}

/* The generation day of the tests: FY2026's survey is open, FY2025's closed. */
#define TODAY "2026-12-04"

static struct kj_demo_opts opts(uint64_t seed)
{
	struct kj_demo_opts o = {
		.operators = 50, .seed = seed, .years = 2, .last_year = 0,
		.today = TODAY, .progress = NULL, .progress_ctx = NULL,
	};
	return o;
}

/* A new database at PATH holding the demo for SEED. */
static void make_demo(const char *path, uint64_t seed)
{
	struct kj_store *st = th_init_db(path);
	struct kj_demo_opts o = opts(seed);
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	kj_store_close(st);
}

/* Every row of SQL on DB, columns joined by '|' and rows by newlines. */
static char *dump(const char *db, const char *sql)
{
	return kj_test_sql_rows(db, sql);
}

/* The next row of the dump at *P into COL (at most NCOL columns, "NULL" as
 * NULL), cut in place; 0 at the end. */
static int next_row(char **p, const char *col[], int ncol)
{
	if (!**p)
		return 0;
	char *end = strchr(*p, '\n');
	assert_non_null(end);
	*end = '\0';
	for (int c = 0; c < ncol; c++) {
		char *bar = strchr(*p, '|');
		if (bar)
			*bar = '\0';
		col[c] = strcmp(*p, "NULL") ? *p : NULL;
		*p = bar ? bar + 1 : end;
	}
	*p = end + 1;
	return 1;
}

#define ORG_ROWS "SELECT name_ja, corporate_number, prefecture_code FROM organisation ORDER BY id"
#define LEVELS "SELECT level, COUNT(*) FROM answer GROUP BY level ORDER BY level"

/*
 * The demo of seed 7 (opts), made once for the tests that read it: its
 * counts, its corporate numbers, a second demo refused on it, and the same
 * seed made again elsewhere. None of them writes to it.
 */
#define SEVEN kj_test_db_ref("seven.db")
static struct kj_demo_stats seven_stats;
static struct progress seven_progress;

static int make_seven(void **state)
{
	(void)state;
	struct kj_store *st = th_init_db(SEVEN);
	struct kj_demo_opts o = opts(7);
	struct kj_err err = { "" };
	o.progress = on_progress;
	o.progress_ctx = &seven_progress;
	int rc = kj_demo_generate(st, &o, &seven_stats, &err);
	kj_store_close(st);
	if (rc < 0)
		fprintf(stderr, "demo: %s\n", err.msg);
	return rc;
}

static int drop_seven(void **state)
{
	(void)state;
	th_rm_db(SEVEN);
	return 0;
}

static void test_demo_counts(void **state)
{
	(void)state;
	const char *db = SEVEN;
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	assert_int_equal(kj_store_open(&st, db, 0, &err), 0);
	const struct kj_demo_stats stats = seven_stats;
	const struct progress pr = seven_progress;
	assert_int_equal(stats.organisations, 50);
	assert_int_equal(stats.surveys, 2);
	/* FY2025 closed, every operator submitted; FY2026 open and partly answered. */
	assert_true(stats.responses > 50 && stats.responses < 100);
	assert_true(stats.answers > 50 * 90 && stats.answers < stats.responses * 90);
	assert_true(stats.targets >= 100);
	/* The store holds what the statistics say. */
	struct kj_store_counts c;
	assert_int_equal(kj_store_counts(st, &c, &err), 0);
	assert_int_equal(c.organisations, 50);
	/* Two questionnaires, FY2025's on-site survey (app/demo_onsite.c) and
	 * the two surveys of kind other (app/demo_other.c). */
	assert_int_equal(c.surveys, 5);
	assert_int_equal(c.responses, stats.responses);
	assert_int_equal(c.answers, stats.answers);
	assert_int_equal(c.targets, stats.targets);
	kj_store_close(st);
	/* One progress report per year, the last one complete. */
	assert_int_equal(pr.calls, 2);
	assert_int_equal(pr.last_year, 2026);
	assert_int_equal(pr.last_done, 50);
	assert_int_equal(pr.last_total, 50);

	/* Each operator is a target once per sector per year. */
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_sector"),
			 stats.targets / 2);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(DISTINCT fiscal_year) FROM survey"
				     " WHERE fiscal_year IN (2025, 2026)"), 2);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM survey"
				     " WHERE fiscal_year = 2026 AND status = 'open'"
				     " AND kind = 'questionnaire'"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM survey"
				     " WHERE fiscal_year = 2025 AND status = 'closed'"
				     " AND kind = 'questionnaire'"), 1);
	/* A submitted or returned response answers every requirement of the
	 * version its survey asks, a draft some. */
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM response r"
				     " JOIN survey s ON s.id = r.survey_id WHERE s.kind = 'questionnaire'"
				     " AND r.status <> 'draft' AND (SELECT COUNT(*) FROM answer a"
				     " WHERE a.response_id = r.id) <> (SELECT COUNT(*) FROM"
				     " requirement q WHERE q.version_id = s.version_id)"), 0);
	/* FY2025 asks the synthetic predecessor in force then, FY2026 the 2026
	 * standard in force from 2026-10-01; answers are to that version's
	 * requirements, linked by the crosswalk. */
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM survey s JOIN"
				     " standard_version v ON v.id = s.version_id WHERE"
				     " s.kind = 'questionnaire' AND"
				     " ((s.fiscal_year = 2025 AND v.version = '2023') OR"
				     " (s.fiscal_year = 2026 AND v.version = '2026'))"), 2);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM answer a JOIN response r"
				     " ON r.id = a.response_id JOIN survey s ON s.id = r.survey_id"
				     " JOIN requirement q ON q.id = a.requirement_id"
				     " WHERE q.version_id <> s.version_id"), 0);
	assert_true(th_sql_long(db, "SELECT COUNT(*) FROM requirement_succession") >= 88);
	/* No survey opens before the version it asks took effect. */
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM survey s JOIN"
				     " standard_version v ON v.id = s.version_id"
				     " WHERE s.opens_on < v.effective_on"), 0);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM response r WHERE r.survey_id IN"
				     " (SELECT id FROM survey WHERE kind = 'questionnaire') AND"
				     " r.status = 'draft' AND (SELECT COUNT(*) FROM answer a"
				     " WHERE a.response_id = r.id) NOT BETWEEN 1 AND 90"), 0);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM answer WHERE"
				     " (level IS NULL) <> (na_reason IS NOT NULL)"), 0);
	/* Not a flat distribution: several levels occur. */
	assert_true(th_sql_long(db, "SELECT COUNT(DISTINCT level) FROM answer") >= 3);
}

static void test_demo_corporate_numbers_valid(void **state)
{
	(void)state;
	const char *db = SEVEN;
	char *all = dump(db, "SELECT corporate_number, local_gov,"
			 " municipality_code, prefecture_code FROM organisation");
	char *p = all;
	const char *col[4];
	int rows = 0, gov = 0;
	while (next_row(&p, col, 4)) {
		const char *corp = col[0], *muni = col[2], *pref = col[3];
		int local_gov = col[1] && strcmp(col[1], "0") && strcmp(col[1], "f");
		rows++;
		if (!kj_corpnum_valid(corp))
			fail_msg("invalid corporate number %s", corp ? corp : "NULL");
		assert_non_null(pref);
		assert_int_equal(strlen(pref), 2);
		if (local_gov && !muni) {
			/* A special local public body: no code, and not the 000020 series. */
			assert_memory_not_equal(corp + 1, "000020", 6);
		} else if (local_gov) {
			/* A local government: 000020 + its 6-digit code, whose last digit checks. */
			gov++;
			assert_non_null(muni);
			assert_int_equal(strlen(muni), 6);
			assert_int_equal(kj_municipality_check_digit(muni), muni[5] - '0');
			assert_memory_equal(corp + 1, "000020", 6);
			assert_memory_equal(corp + 7, muni, 6);
			assert_memory_equal(muni, pref, 2);
		} else {
			assert_null(muni);
		}
	}
	free(all);
	assert_int_equal(rows, 50);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(DISTINCT corporate_number)"
				     " FROM organisation"), 50);
	/* Seed 7 makes some local governments, so their branch above was checked. */
	assert_true(gov > 0);
}

static void test_demo_refuses_non_empty(void **state)
{
	(void)state;
	const char *db = SEVEN;
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	assert_int_equal(kj_store_open(&st, db, 0, &err), 0);
	struct kj_store_counts before, after;
	assert_int_equal(kj_store_counts(st, &before, &err), 0);
	char *rows = dump(db, ORG_ROWS);
	struct kj_demo_opts o = opts(8);
	struct kj_demo_stats stats;
	assert_int_equal(kj_demo_generate(st, &o, &stats, &err), -1);
	assert_non_null(strstr(err.msg, "50 organisations"));
	assert_int_equal(stats.organisations, 0);
	assert_int_equal(stats.answers, 0);
	assert_int_equal(kj_store_counts(st, &after, &err), 0);
	assert_int_equal(after.organisations, before.organisations);
	assert_int_equal(after.targets, before.targets);
	assert_int_equal(after.surveys, before.surveys);
	assert_int_equal(after.responses, before.responses);
	assert_int_equal(after.answers, before.answers);
	kj_store_close(st);
	char *again = dump(db, ORG_ROWS);
	assert_string_equal(rows, again);
	free(rows);
	free(again);
}

static void test_demo_needs_a_catalog(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("bare.db");
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	th_rm_db(db);
	assert_int_equal(kj_store_open(&st, db, KJ_STORE_CREATE, &err), 0);
	struct kj_demo_opts o = opts(7);
	struct kj_demo_stats stats;
	assert_int_equal(kj_demo_generate(st, &o, &stats, &err), -1);
	assert_non_null(strstr(err.msg, "no standard version"));
	struct kj_store_counts c;
	assert_int_equal(kj_store_counts(st, &c, &err), 0);
	assert_int_equal(c.organisations, 0);
	kj_store_close(st);
	th_rm_db(db);
}

static void test_demo_same_seed_same_data(void **state)
{
	(void)state;
	const char *db_seed_a = SEVEN;
	const char *db_seed_b = kj_test_db_ref("seed-b.db");
	const char *db_seed_c = kj_test_db_ref("seed-c.db");
	make_demo(db_seed_b, 7);
	make_demo(db_seed_c, 8);
	char *a = dump(db_seed_a, ORG_ROWS), *b = dump(db_seed_b, ORG_ROWS),
	     *c = dump(db_seed_c, ORG_ROWS);
	char *la = dump(db_seed_a, LEVELS), *lb = dump(db_seed_b, LEVELS),
	     *lc = dump(db_seed_c, LEVELS);
	assert_true(strlen(a) > 50 * 20);
	assert_string_equal(a, b);
	assert_string_equal(la, lb);
	/* Answers match row for row, not only in total. */
	char *aa = dump(db_seed_a, "SELECT response_id, requirement_id, level, na_reason"
			" FROM answer ORDER BY 1, 2");
	char *ab = dump(db_seed_b, "SELECT response_id, requirement_id, level, na_reason"
			" FROM answer ORDER BY 1, 2");
	assert_string_equal(aa, ab);
	/* Another seed, other data. */
	assert_string_not_equal(a, c);
	assert_string_not_equal(la, lc);
	free(a);
	free(b);
	free(c);
	free(la);
	free(lb);
	free(lc);
	free(aa);
	free(ab);
	th_rm_db(db_seed_b);
	th_rm_db(db_seed_c);
}

/* --- the local governments it draws from ------------------------------------- */

static void test_reference_local_govs(void **state)
{
	(void)state;
	struct kj_local_gov *lg = NULL;
	int n = 0, kinds[KJ_LG_VILLAGE + 1] = { 0 };
	struct kj_err err = { "" };
	if (kj_reference_local_govs(&lg, &n, &err) < 0)
		fail_msg("%s", err.msg);
	/* The national figure: 47 prefectures and 1,741 municipalities. */
	assert_int_equal(n, 1788);
	for (int i = 0; i < n; i++) {
		kinds[lg[i].kind]++;
		if (kj_municipality_check_digit(lg[i].code) != lg[i].code[5] - '0')
			fail_msg("%s %s: bad check digit", lg[i].code, lg[i].name_ja);
		if (memcmp(lg[i].code, lg[i].prefecture, 2))
			fail_msg("%s %s: not in prefecture %s", lg[i].code, lg[i].name_ja,
				 lg[i].prefecture);
		if (!lg[i].kana[0] || !lg[i].name_ja[0])
			fail_msg("%s: no name or reading", lg[i].code);
		/* 北方領土's six villages (01695x–01700x) have no administration. */
		if (strncmp(lg[i].code, "01695", 5) >= 0 && strncmp(lg[i].code, "01700", 5) <= 0)
			fail_msg("%s %s: a 北方領土 village", lg[i].code, lg[i].name_ja);
		for (int j = i + 1; j < n && !memcmp(lg[j].prefecture, lg[i].prefecture, 2); j++)
			if (!strcmp(lg[i].name_ja, lg[j].name_ja))
				fail_msg("%s twice in prefecture %s", lg[i].name_ja, lg[i].prefecture);
	}
	assert_int_equal(kinds[KJ_LG_PREFECTURE], 47);
	assert_int_equal(kinds[KJ_LG_DESIGNATED_CITY], 20);
	assert_int_equal(kinds[KJ_LG_SPECIAL_WARD], 23);
	assert_int_equal(n - kinds[KJ_LG_PREFECTURE], 1741);
	/* Known entries, in code order. */
	assert_string_equal(lg[0].code, "010006");
	assert_string_equal(lg[0].name_ja, "北海道");
	assert_string_equal(lg[0].kana, "ホッカイドウ");
	assert_string_equal(lg[1].code, "011002");
	assert_string_equal(lg[1].name_ja, "札幌市");
	assert_int_equal(lg[1].kind, KJ_LG_DESIGNATED_CITY);
	assert_string_equal(lg[n - 1].prefecture, "47");
	free(lg);
}

/* --- a population of 3,000 operators over three years, made once ------------ */

#define POP kj_test_db_ref("pop.db")

static int make_population(void **state)
{
	(void)state;
	struct kj_store *st = th_init_db(POP);
	struct kj_demo_opts o = { .operators = 3000, .seed = 11, .years = 3, .today = TODAY };
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	int rc = kj_demo_generate(st, &o, &stats, &err);
	kj_store_close(st);
	if (rc < 0)
		fprintf(stderr, "demo: %s\n", err.msg);
	return rc;
}

static int drop_population(void **state)
{
	(void)state;
	th_rm_db(POP);
	return 0;
}

static void test_population_no_future_dates(void **state)
{
	(void)state;
	static const char *const later[] = {
		"SELECT COUNT(*) FROM response WHERE submitted_at >= '" TODAY "'",
		"SELECT COUNT(*) FROM survey WHERE substr(created_at, 1, 10) > '" TODAY "'",
		"SELECT COUNT(*) FROM survey WHERE status <> 'draft' AND opens_on > '" TODAY "'",
		"SELECT COUNT(*) FROM survey WHERE status = 'closed' AND closes_on >= '" TODAY "'",
		"SELECT COUNT(*) FROM organisation WHERE substr(created_at, 1, 10) > '" TODAY "'"
		" OR substr(updated_at, 1, 10) > '" TODAY "'",
		"SELECT COUNT(*) FROM app_user WHERE substr(created_at, 1, 10) > '" TODAY "'",
		"SELECT COUNT(*) FROM safety_document WHERE substr(created_at, 1, 10) > '" TODAY "'"
		" OR substr(updated_at, 1, 10) > '" TODAY "' OR issued_on > '" TODAY "'",
		/* Every submission inside its survey's window. */
		"SELECT COUNT(*) FROM response r JOIN survey s ON s.id = r.survey_id"
		" WHERE r.status <> 'draft' AND (r.submitted_at IS NULL"
		" OR substr(r.submitted_at, 1, 10) NOT BETWEEN s.opens_on AND s.closes_on)",
		"SELECT COUNT(*) FROM response WHERE status = 'draft' AND submitted_at IS NOT NULL",
		"SELECT COUNT(*) FROM survey WHERE opens_on IS NULL OR closes_on IS NULL",
		/* The on-site visits of the last complete year (app/demo_onsite.c). */
		"SELECT COUNT(*) FROM onsite_visit WHERE visit_on >= '" TODAY "'"
		" OR substr(issued_at, 1, 10) >= '" TODAY "'",
		"SELECT COUNT(*) FROM onsite_reply WHERE substr(replied_at, 1, 10) >= '" TODAY "'",
		"SELECT COUNT(*) FROM onsite_item WHERE self_level NOT BETWEEN -1 AND 4"
		" OR verified_level NOT BETWEEN -1 AND 4",
		"SELECT CASE WHEN COUNT(*) > 0 THEN 0 ELSE 1 END FROM onsite_visit",
	};
	for (size_t i = 0; i < sizeof later / sizeof later[0]; i++)
		if (th_sql_long(POP, later[i]) != 0)
			fail_msg("%ld rows: %s", th_sql_long(POP, later[i]), later[i]);
	/* Past years closed and fully submitted; the current one open and unfinished. */
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM survey WHERE status = 'closed'"
				     " AND fiscal_year IN (2024, 2025) AND kind = 'questionnaire'"), 2);
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM response r JOIN survey s"
				     " ON s.id = r.survey_id WHERE s.fiscal_year < 2026"
				     " AND r.status = 'submitted'"), 6000);
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM survey WHERE status = 'open'"
				     " AND fiscal_year = 2026 AND kind = 'questionnaire'"), 1);
	long submitted = th_sql_long(POP, "SELECT COUNT(*) FROM response r JOIN survey s"
				     " ON s.id = r.survey_id WHERE s.fiscal_year = 2026"
				     " AND r.status = 'submitted'");
	assert_true(submitted > 300 && submitted < 2700);
	assert_true(th_sql_long(POP, "SELECT COUNT(*) FROM response WHERE status = 'draft'") > 100);
	assert_true(th_sql_long(POP, "SELECT COUNT(*) FROM response WHERE status = 'returned'") > 0);
	/* Not started: no response at all this year. */
	assert_true(th_sql_long(POP, "SELECT COUNT(*) FROM organisation o WHERE NOT EXISTS"
				" (SELECT 1 FROM response r JOIN survey s ON s.id = r.survey_id"
				" WHERE r.organisation_id = o.id AND s.fiscal_year = 2026)") > 100);
}

static void test_population_no_future_dates_other_day(void **state)
{
	(void)state;
	const char *db_early = kj_test_db_ref("early.db");
	const char *db_older = kj_test_db_ref("older.db");
	const char *db_bad = kj_test_db_ref("bad.db");
	/* Before FY2026's survey opens: it is a draft, FY2025's is closed. */
	struct kj_store *st = th_init_db(db_early);
	struct kj_demo_opts o = { .operators = 40, .seed = 3, .years = 2, .today = "2026-06-30" };
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db_early, "SELECT COUNT(*) FROM survey WHERE"
				     " fiscal_year = 2026 AND status = 'draft'"), 1);
	assert_int_equal(th_sql_long(db_early, "SELECT COUNT(*) FROM survey WHERE"
				     " fiscal_year = 2025 AND status = 'closed'"
				     " AND kind = 'questionnaire'"), 1);
	assert_int_equal(th_sql_long(db_early, "SELECT COUNT(*) FROM response r JOIN survey s"
				     " ON s.id = r.survey_id WHERE s.kind = 'questionnaire'"), 40);
	assert_int_equal(th_sql_long(db_early, "SELECT COUNT(*) FROM response"
				     " WHERE submitted_at >= '2026-06-30'"), 0);
	assert_int_equal(th_sql_long(db_early, "SELECT COUNT(*) FROM organisation"
				     " WHERE created_at > '2026-06-30'"), 0);
	th_rm_db(db_early);
	/* Two years earlier, the safety standards are two years older too. */
	st = th_init_db(db_older);
	o.today = "2024-06-30";
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db_older, "SELECT COUNT(*) FROM safety_document"
				     " WHERE issued_on > '2024-06-30'"), 0);
	assert_true(th_sql_long(db_older, "SELECT COUNT(*) FROM safety_document"
				" WHERE issued_on LIKE '2023-%'") > 0);
	assert_int_equal(th_sql_long(db_older, "SELECT COUNT(*) FROM safety_document"
				     " WHERE version LIKE '令和%' AND version <> '令和5年版'"), 0);
	th_rm_db(db_older);
	/* A day that is not a date is refused, and nothing is written. */
	st = th_init_db(db_bad);
	o.today = "2026-02-30";
	assert_int_equal(kj_demo_generate(st, &o, &stats, &err), -1);
	assert_non_null(strstr(err.msg, "2026-02-30"));
	o.today = "1999-12-31";
	assert_int_equal(kj_demo_generate(st, &o, &stats, &err), -1);
	assert_non_null(strstr(err.msg, "from 2000-04-01"));
	kj_store_close(st);
	assert_int_equal(th_sql_long(db_bad, "SELECT COUNT(*) FROM organisation"), 0);
	th_rm_db(db_bad);
}

static void test_population_local_governments(void **state)
{
	(void)state;
	struct kj_local_gov *lg = NULL;
	int n = 0, checked = 0, invented = 0;
	struct kj_err err = { "" };
	assert_int_equal(kj_reference_local_govs(&lg, &n, &err), 0);
	/* Its sectors as counts: all of them, and water (portable SQL). */
	char *all = dump(POP, "SELECT name_ja, name_kana, municipality_code,"
			 " prefecture_code, corporate_number, local_gov,"
			 " (SELECT COUNT(*) FROM organisation_sector"
			 "  WHERE organisation_id = o.id),"
			 " (SELECT COUNT(*) FROM organisation_sector"
			 "  WHERE organisation_id = o.id AND sector_code = 'water')"
			 " FROM organisation o"
			 " WHERE local_gov = 1 OR municipality_code IS NOT NULL");
	char *p = all;
	const char *col[8];
	while (next_row(&p, col, 8)) {
		const char *name = col[0], *kana = col[1], *code = col[2], *pref = col[3];
		const char *corp = col[4];
		int water = strcmp(col[7], "0") != 0, only_water = water && !strcmp(col[6], "1");
		assert_true(!strcmp(col[5], "1") || !strcmp(col[5], "t"));
		if (!code) {
			/* A special local public body: water only, invented, no real pattern. */
			invented++;
			assert_true(only_water);
			if (!strstr(name, "企業団") && !strstr(name, "広域連合"))
				fail_msg("%s: not a 企業団 or 広域連合", name);
			assert_memory_not_equal(corp + 1, "000020", 6);
			for (int i = 0; i < n; i++)
				if (!strcmp(lg[i].name_ja, name))
					fail_msg("%s: the name of a real body", name);
			continue;
		}
		int i = 0;
		while (i < n && strcmp(lg[i].code, code))
			i++;
		if (i == n)
			fail_msg("%s %s: not a code of the reference list", code, name);
		assert_string_equal(name, lg[i].name_ja);
		assert_string_equal(kana, lg[i].kana);
		assert_string_equal(pref, lg[i].prefecture);
		assert_memory_equal(corp + 1, "000020", 6);
		assert_string_equal(corp + 7, code);
		if (water && (lg[i].kind == KJ_LG_PREFECTURE ||
					      lg[i].kind == KJ_LG_SPECIAL_WARD))
			fail_msg("%s runs a water supply in the demo", name);
		checked++;
	}
	free(all);
	free(lg);
	assert_true(checked > 200);
	assert_true(invented > 5);
	/* Every prefecture, no name twice in a prefecture, no invented code. */
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(DISTINCT municipality_code) FROM organisation"
				     " WHERE municipality_code LIKE '__000_'"), 47);
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM (SELECT 1 FROM organisation"
				     " WHERE local_gov = 1 GROUP BY prefecture_code, name_ja"
				     " HAVING COUNT(*) > 1) x"), 0);
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM organisation WHERE local_gov = 0"
				     " AND municipality_code IS NOT NULL"), 0);
	/* Only water and government hold local governments; government holds nothing else. */
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM organisation o JOIN"
				     " organisation_sector s ON s.organisation_id = o.id WHERE"
				     " o.local_gov = 1 AND s.sector_code NOT IN ('government', 'water')"), 0);
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM organisation o JOIN"
				     " organisation_sector s ON s.organisation_id = o.id WHERE"
				     " o.local_gov = 0 AND s.sector_code IN ('government', 'water')"), 0);
	/* Most water operators are municipalities. */
	assert_true(th_sql_long(POP, "SELECT COUNT(*) FROM organisation o JOIN organisation_sector s"
				" ON s.organisation_id = o.id WHERE s.sector_code = 'water'"
				" AND o.municipality_code IS NOT NULL") > 3 * invented);
	/* Names are unique within a sector. */
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM (SELECT 1 FROM organisation o"
				     " JOIN organisation_sector s ON s.organisation_id = o.id"
				     " GROUP BY s.sector_code, o.name_ja HAVING COUNT(*) > 1) x"), 0);
}

static void test_population_na_consistent(void **state)
{
	(void)state;
	/* Exactly these requirements can be N/A, each kind with one reason; the
	 * codes in catalog order, each once (a code of two versions too). */
	char *kinds = dump(POP, kj_test_pg()
		? "SELECT na_reason, string_agg(code, ',' ORDER BY first) FROM"
		  " (SELECT a.na_reason, q.code, MIN(q.id) AS first FROM"
		  "  (SELECT DISTINCT na_reason, requirement_id FROM answer"
		  "   WHERE na_reason IS NOT NULL) a"
		  "  JOIN requirement q ON q.id = a.requirement_id GROUP BY a.na_reason, q.code) x"
		  " GROUP BY 1 ORDER BY 1"
		: "SELECT a.na_reason, group_concat(DISTINCT q.code) FROM"
		  " (SELECT DISTINCT na_reason, requirement_id FROM answer"
		  "  WHERE na_reason IS NOT NULL ORDER BY requirement_id) a"
		  " JOIN requirement q ON q.id = a.requirement_id GROUP BY 1 ORDER BY 1");
	assert_string_equal(kinds,
		"クラウドサービスを利用していないため|3.4.3.1-2,3.4.7-1,3.4.7-2,3.4.7-3,"
		"3.4.7-4,3.4.7-5,3.4.7-6\n"
		"テレワーク及び遠隔制御を行っていないため|3.4.6.2-1\n"
		"情報システムの開発・試験を自組織で行わず、開発・試験環境を保有していないため|3.4.4.1-4\n");
	free(kinds);
	/*
	 * Within a response that gives a reason once, every answered
	 * requirement of that kind is N/A with it; and an operator keeps its
	 * attributes from year to year.
	 */
	assert_int_equal(th_sql_long(POP, "WITH kind AS (SELECT DISTINCT na_reason, requirement_id"
				     " FROM answer WHERE na_reason IS NOT NULL)"
				     " SELECT COUNT(*) FROM answer a JOIN kind k"
				     " ON k.requirement_id = a.requirement_id WHERE EXISTS"
				     " (SELECT 1 FROM answer b WHERE b.response_id = a.response_id"
				     "  AND b.na_reason = k.na_reason)"
				     " AND a.na_reason IS DISTINCT FROM k.na_reason"), 0);
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM (SELECT r.organisation_id,"
				     " a.na_reason FROM answer a JOIN response r ON r.id = a.response_id"
				     " JOIN survey s ON s.id = r.survey_id WHERE s.status = 'closed'"
				     " AND a.na_reason IS NOT NULL GROUP BY 1, 2"
				     " HAVING COUNT(DISTINCT s.id) <> 2) x"), 0);
	/* A large operator almost always uses cloud services; small ones less. */
	long large = th_sql_long(POP, "SELECT COUNT(*) FROM organisation WHERE size_class = 'large'");
	long large_na = th_sql_long(POP, "SELECT COUNT(DISTINCT r.organisation_id) FROM answer a"
				    " JOIN response r ON r.id = a.response_id JOIN organisation o"
				    " ON o.id = r.organisation_id WHERE o.size_class = 'large'"
				    " AND a.na_reason LIKE 'クラウド%'");
	assert_true(large > 50 && large_na * 20 < large);
	assert_true(th_sql_long(POP, "SELECT COUNT(DISTINCT r.organisation_id) FROM answer a"
				" JOIN response r ON r.id = a.response_id JOIN organisation o"
				" ON o.id = r.organisation_id WHERE o.size_class = 'small'"
				" AND a.na_reason LIKE 'クラウド%'") > 100);
}

static void test_population_sectors(void **state)
{
	(void)state;
	/* 基幹インフラ: some large operators of the law's sectors only. */
	assert_true(th_sql_long(POP, "SELECT COUNT(*) FROM organisation WHERE core_infra = 1") > 10);
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM organisation WHERE core_infra = 1"
				     " AND size_class <> 'large'"), 0);
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM organisation o WHERE core_infra = 1"
				     " AND NOT EXISTS (SELECT 1 FROM organisation_sector s WHERE"
				     " s.organisation_id = o.id AND s.sector_code IN ('electricity',"
				     " 'gas', 'petroleum', 'water', 'railway', 'logistics', 'aviation',"
				     " 'airport', 'ict', 'postal', 'finance', 'credit', 'port'))"), 0);
	assert_true(th_sql_long(POP, "SELECT COUNT(*) FROM organisation o JOIN organisation_sector s"
				" ON s.organisation_id = o.id WHERE s.sector_code IN ('medical',"
				" 'chemical') AND o.size_class = 'large'") > 10);
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM organisation o JOIN organisation_sector s"
				     " ON s.organisation_id = o.id WHERE s.sector_code IN ('medical',"
				     " 'chemical') AND o.core_infra = 1"), 0);
	/* Postal is one large operator; airlines a few, hospitals the most. */
	long postal = th_sql_long(POP, "SELECT COUNT(*) FROM organisation_sector"
				  " WHERE sector_code = 'postal'");
	assert_true(postal >= 1 && postal <= 2);
	long aviation = th_sql_long(POP, "SELECT COUNT(*) FROM organisation_sector"
				    " WHERE sector_code = 'aviation'");
	long railway = th_sql_long(POP, "SELECT COUNT(*) FROM organisation_sector"
				   " WHERE sector_code = 'railway'");
	long medical = th_sql_long(POP, "SELECT COUNT(*) FROM organisation_sector"
				   " WHERE sector_code = 'medical'");
	assert_true(aviation >= 1 && aviation < railway && railway < 100);
	assert_true(medical > 1000 && medical < 1500);
	assert_int_equal(th_sql_long(POP, "SELECT COUNT(*) FROM organisation_sector"
				     " WHERE sector_code = 'medical' AND organisation_id IN"
				     " (SELECT id FROM organisation WHERE size_class = 'large')") * 10 < medical, 1);
	/* Second sectors only from the plausible pairs, never three. */
	assert_int_equal(th_sql_long(POP, kj_test_pg()
		? "SELECT COUNT(*) FROM (SELECT string_agg(sector_code, ',' ORDER BY sector_code)"
		  " AS p FROM organisation_sector GROUP BY organisation_id HAVING COUNT(*) > 1) x"
		  " WHERE p NOT IN ('electricity,gas', 'gas,petroleum', 'government,water',"
		  " 'credit,finance', 'logistics,port')"
		: "SELECT COUNT(*) FROM (SELECT group_concat(sector_code)"
		  " AS p FROM (SELECT organisation_id, sector_code FROM"
		  " organisation_sector ORDER BY organisation_id, sector_code)"
		  " GROUP BY organisation_id HAVING COUNT(*) > 1) WHERE p NOT IN"
		  " ('electricity,gas', 'gas,petroleum', 'government,water',"
		  " 'credit,finance', 'logistics,port')"), 0);
	assert_true(th_sql_long(POP, "SELECT COUNT(*) FROM (SELECT organisation_id FROM"
				" organisation_sector GROUP BY 1 HAVING COUNT(*) = 2) x") > 50);
}

static void test_population_national_scale(void **state)
{
	(void)state;
	/* The shape at national scale is the generator's, the same on either
	 * engine; on PostgreSQL (where 20,000 operators take a minute and a half
	 * under the sanitizers) the populations above show the engine's part. */
	if (kj_test_pg())
		skip();
	const char *db = kj_test_db_ref("nation.db");
	/*
	 * At the national figure of 20,000 there are no more local
	 * governments than the country has (a day before the survey opens,
	 * so that no answers slow the test down).
	 */
	struct kj_store *st = th_init_db(db);
	struct kj_demo_opts o = { .operators = 20000, .seed = 2, .years = 1, .today = "2026-05-01" };
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	kj_store_close(st);
	assert_int_equal(stats.answers, 0);
	long lg = th_sql_long(db, "SELECT COUNT(*) FROM organisation WHERE local_gov = 1");
	assert_true(lg > 1500 && lg <= 1788);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(DISTINCT municipality_code)"
				     " FROM organisation"), th_sql_long(db, "SELECT"
				     " COUNT(*) FROM organisation WHERE municipality_code IS NOT NULL"));
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_sector"
				     " WHERE sector_code = 'postal'"), 1);
	long hospitals = th_sql_long(db, "SELECT COUNT(*) FROM organisation_sector"
				     " WHERE sector_code = 'medical'");
	assert_true(hospitals > 7500 && hospitals < 9000);
	th_rm_db(db);
}

/* --- The registry's listing (store_org.c) against SQL written independently -- */

#define LIST_ROW_TAIL \
	" COALESCE((SELECT name FROM organisation_contact WHERE organisation_id = o.id" \
	"  ORDER BY id LIMIT 1), ''), o.name_ja, o.prefecture_code FROM organisation o"

/* The listing's row in SQL: sectors and ministries joined in order by
 * group_concat (SQLite) or string_agg (PostgreSQL). */
static const char *list_row(const char *db)
{
	if (kj_test_db_is_pg(db))
		return "SELECT o.corporate_number,"
		       " (SELECT string_agg(sector_code, ',' ORDER BY sector_code)"
		       "  FROM organisation_sector WHERE organisation_id = o.id),"
		       " (SELECT string_agg(ministry_code, ',' ORDER BY ministry_code)"
		       "  FROM organisation_ministry WHERE organisation_id = o.id)," LIST_ROW_TAIL;
	return "SELECT o.corporate_number,"
	       " (SELECT group_concat(sector_code) FROM (SELECT sector_code FROM organisation_sector"
	       "  WHERE organisation_id = o.id ORDER BY 1)),"
	       " (SELECT group_concat(ministry_code) FROM (SELECT ministry_code FROM"
	       "  organisation_ministry WHERE organisation_id = o.id ORDER BY 1)),"
	       LIST_ROW_TAIL;
}

/* A record as list_row's dump writes it. */
static void row_of(struct kj_buf *b, const struct kj_org_record *r)
{
	assert_int_equal(kj_buf_printf(b, "%s|", r->corporate_number), 0);
	for (int i = 0; i < r->nsectors; i++)
		assert_int_equal(kj_buf_printf(b, "%s%s", i ? "," : "", r->sectors[i]), 0);
	assert_int_equal(kj_buf_adds(b, r->nsectors ? "|" : "NULL|"), 0);
	for (int i = 0; i < r->nministries; i++)
		assert_int_equal(kj_buf_printf(b, "%s%s", i ? "," : "", r->ministries[i]), 0);
	assert_int_equal(kj_buf_printf(b, "%s|%s|%s|%s\n", r->nministries ? "" : "NULL",
				       r->contact_name, r->name_ja, r->prefecture), 0);
}

/* SC listed in pages of PAGE, and through a cursor: both must be WANT. */
static void check_scope(struct kj_store *st, const struct kj_org_scope *sc, int page,
			const char *want, const char *what)
{
	struct kj_err err = { "" };
	struct kj_buf pages, cursor;
	struct kj_org_record *recs = calloc((size_t)page, sizeof *recs);
	int64_t *ids = calloc((size_t)page, sizeof *ids);
	long total = 0, rows = 0;
	int n;
	assert_non_null(recs);
	assert_non_null(ids);
	kj_buf_init(&pages, 1u << 24);
	kj_buf_init(&cursor, 1u << 24);
	for (long off = 0;; off += page) {
		if (kj_store_org_list(st, sc, off, recs, ids, page, &n, &total, &err) < 0)
			fail_msg("%s: %s", what, err.msg);
		for (int i = 0; i < n; i++)
			row_of(&pages, &recs[i]);
		if (n < page)
			break;
	}
	struct kj_org_cursor *c;
	struct kj_org_record r;
	int64_t id;
	assert_int_equal(kj_store_org_cursor_open(st, sc, &c, &err), 0);
	while ((n = kj_store_org_cursor_next(c, &r, &id, &err)) > 0) {
		row_of(&cursor, &r);
		rows++;
		assert_true(id > 0);
	}
	assert_int_equal(n, 0);
	kj_store_org_cursor_close(c);
	if (strcmp(kj_buf_str(&pages), want))
		fail_msg("%s: the pages differ from SQL:\n%.400s\nwant\n%.400s", what,
			 kj_buf_str(&pages), want);
	assert_string_equal(kj_buf_str(&cursor), want);
	long lines = 0;
	for (const char *p = want; *p; p++)
		lines += *p == '\n';
	assert_int_equal(total, lines);
	assert_int_equal(rows, lines);
	kj_buf_free(&pages);
	kj_buf_free(&cursor);
	free(recs);
	free(ids);
}

static void test_registry_listing(void **state)
{
	(void)state;
	/* The population's 3,000 operators (read only). */
	const char *db = POP;
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	assert_int_equal(kj_store_open(&st, db, 0, &err), 0);
	/* Everything, in pages that cross the store's batches of 100. */
	struct kj_org_scope all = { NULL, 0, 0, NULL };
	char q[1024];
	snprintf(q, sizeof q, "%s ORDER BY o.corporate_number", list_row(db));
	char *want = dump(db, q);
	check_scope(st, &all, 137, want, "all");
	free(want);
	/* The largest sector (a walk of the index) and the smallest (a sort of its set). */
	char *big = dump(db, "SELECT sector_code FROM organisation_sector GROUP BY 1"
			 " ORDER BY COUNT(*) DESC, 1 LIMIT 1");
	char *small = dump(db, "SELECT sector_code FROM organisation_sector GROUP BY 1"
			   " ORDER BY COUNT(*), 1 LIMIT 1");
	kj_sector_code one[2];
	snprintf(one[0], sizeof one[0], "%.*s", (int)strcspn(big, "\n"), big);
	snprintf(one[1], sizeof one[1], "%.*s", (int)strcspn(small, "\n"), small);
	free(big);
	free(small);
	for (int k = 0; k < 3; k++) {
		struct kj_org_scope sc = { (const kj_sector_code *)(k == 2 ? one : one + k),
					   k == 2 ? 2 : 1, 0, NULL };
		char sql[1024];
		snprintf(sql, sizeof sql, "%s WHERE o.id IN (SELECT organisation_id FROM"
			 " organisation_sector WHERE sector_code IN ('%s', '%s'))"
			 " ORDER BY o.corporate_number", list_row(db), k == 1 ? one[1] : one[0],
			 k == 0 ? one[0] : one[1]);
		want = dump(db, sql);
		check_scope(st, &sc, k == 1 ? 3 : 100, want, one[k == 2 ? 0 : k]);
		free(want);
	}
	/* One organisation, alone and within a sector it is not in. */
	struct kj_org_scope org = { NULL, 0, 5, NULL };
	snprintf(q, sizeof q, "%s WHERE o.id = 5", list_row(db));
	want = dump(db, q);
	check_scope(st, &org, 1, want, "organisation 5");
	free(want);
	/* A ministry holding a sector in part: there only the organisations assigned to it. */
	char *m = dump(db, "SELECT ministry_code FROM sector_ministry WHERE whole = 0"
		       " ORDER BY 1 LIMIT 1");
	char ministry[16], secs[16][24];
	snprintf(ministry, sizeof ministry, "%.*s", (int)strcspn(m, "\n"), m);
	free(m);
	assert_true(ministry[0] != '\0');
	char sql[2048];
	snprintf(sql, sizeof sql, "SELECT sector_code FROM sector_ministry WHERE ministry_code"
		 " = '%s' ORDER BY 1", ministry);
	char *list = dump(db, sql), *p = list;
	int ns = 0;
	while (*p && ns < 16) {
		size_t len = strcspn(p, "\n");
		snprintf(secs[ns++], sizeof secs[0], "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
	}
	free(list);
	struct kj_org_scope ms = { (const kj_sector_code *)secs, ns, 0, ministry };
	snprintf(sql, sizeof sql, "%s WHERE EXISTS (SELECT 1 FROM organisation_sector os"
		 " JOIN sector_ministry sm ON sm.sector_code = os.sector_code AND sm.ministry_code"
		 " = '%s' WHERE os.organisation_id = o.id AND (sm.whole = 1 OR o.id IN"
		 " (SELECT organisation_id FROM organisation_ministry WHERE ministry_code = '%s')))"
		 " ORDER BY o.corporate_number", list_row(db), ministry, ministry);
	want = dump(db, sql);
	check_scope(st, &ms, 50, want, ministry);
	free(want);
	/* A scope of more sectors than a query binds is refused, not cut. */
	char many[17][24];
	for (int i = 0; i < 17; i++)
		snprintf(many[i], sizeof many[i], "s%d", i);
	struct kj_org_scope too = { (const kj_sector_code *)many, 17, 0, NULL };
	struct kj_org_record r;
	struct kj_org_cursor *c;
	long total;
	int n;
	assert_int_equal(kj_store_org_list(st, &too, 0, &r, NULL, 1, &n, &total, &err), -1);
	assert_non_null(strstr(err.msg, "too many sectors"));
	assert_int_equal(kj_store_org_count(st, &too, &total, &err), -1);
	assert_int_equal(kj_store_org_cursor_open(st, &too, &c, &err), -1);
	kj_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_municipality_check_digit),
		cmocka_unit_test(test_municipality_check_digit_non_digits),
		cmocka_unit_test(test_demo_needs_a_catalog),
		cmocka_unit_test(test_reference_local_govs),
		cmocka_unit_test(test_population_no_future_dates_other_day),
		cmocka_unit_test(test_population_national_scale),
	};
	const struct CMUnitTest seven[] = {
		cmocka_unit_test(test_demo_counts),
		cmocka_unit_test(test_demo_corporate_numbers_valid),
		cmocka_unit_test(test_demo_same_seed_same_data),
		cmocka_unit_test(test_demo_refuses_non_empty),
	};
	const struct CMUnitTest population[] = {
		cmocka_unit_test(test_population_no_future_dates),
		cmocka_unit_test(test_population_local_governments),
		cmocka_unit_test(test_population_na_consistent),
		cmocka_unit_test(test_population_sectors),
		cmocka_unit_test(test_registry_listing),
	};
	int failed = cmocka_run_group_tests_name("demo", tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("demo of seed 7", seven, make_seven, drop_seven);
	return failed + cmocka_run_group_tests_name("demo population", population,
						    make_population, drop_population);
}
