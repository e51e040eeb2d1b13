/*
 * Unit tests of src/model/demo.c: the municipality code check digit, and
 * the demo dataset generator — its counts, the validity of what it writes
 * (read back with sqlite3 directly), its refusal of a non-empty database,
 * and its determinism for a given seed.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "base/buf.h"
#include "model/corpnum.h"
#include "model/demo.h"

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

static struct kj_demo_opts opts(uint64_t seed)
{
	struct kj_demo_opts o = {
		.operators = 50, .seed = seed, .years = 2, .last_year = 2026,
		.progress = NULL, .progress_ctx = NULL,
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
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	struct kj_buf b;
	kj_buf_init(&b, 1u << 24);
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", db, sqlite3_errmsg(h));
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(s); c++) {
			const unsigned char *v = sqlite3_column_text(s, c);
			assert_int_equal(kj_buf_printf(&b, "%s%s", c ? "|" : "",
						       v ? (const char *)v : "NULL"), 0);
		}
		assert_int_equal(kj_buf_addc(&b, '\n'), 0);
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	return kj_buf_detach(&b);
}

#define ORG_ROWS "SELECT name_ja, corporate_number, prefecture_code FROM organisation ORDER BY id"
#define LEVELS "SELECT level, COUNT(*) FROM answer GROUP BY level ORDER BY level"

static void test_demo_counts(void **state)
{
	(void)state;
	struct kj_store *st = th_init_db("demo.db");
	struct kj_demo_opts o = opts(7);
	struct progress pr = { 0, 0, 0, 0 };
	o.progress = on_progress;
	o.progress_ctx = &pr;
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(stats.organisations, 50);
	assert_int_equal(stats.surveys, 2);
	assert_int_equal(stats.responses, 100);
	assert_int_equal(stats.answers, 9000);
	assert_true(stats.targets >= 100);
	/* The store holds what the statistics say. */
	struct kj_store_counts c;
	assert_int_equal(kj_store_counts(st, &c, &err), 0);
	assert_int_equal(c.organisations, 50);
	assert_int_equal(c.surveys, 2);
	assert_int_equal(c.responses, 100);
	assert_int_equal(c.answers, 9000);
	assert_int_equal(c.targets, stats.targets);
	kj_store_close(st);
	/* One progress report per year, the last one complete. */
	assert_int_equal(pr.calls, 2);
	assert_int_equal(pr.last_year, 2026);
	assert_int_equal(pr.last_done, 50);
	assert_int_equal(pr.last_total, 50);

	/* Each operator is a target once per sector per year, and answered every requirement. */
	assert_int_equal(th_sql_long("demo.db", "SELECT COUNT(*) FROM organisation_sector"),
			 stats.targets / 2);
	assert_int_equal(th_sql_long("demo.db", "SELECT COUNT(DISTINCT fiscal_year) FROM survey"
				     " WHERE fiscal_year IN (2025, 2026)"), 2);
	assert_int_equal(th_sql_long("demo.db", "SELECT COUNT(*) FROM survey"
				     " WHERE fiscal_year = 2026 AND status = 'open'"), 1);
	assert_int_equal(th_sql_long("demo.db", "SELECT COUNT(*) FROM ("
				     "SELECT response_id FROM answer GROUP BY response_id"
				     " HAVING COUNT(*) = 90)"), 100);
	assert_int_equal(th_sql_long("demo.db", "SELECT COUNT(*) FROM answer WHERE"
				     " (level IS NULL) <> (na_reason IS NOT NULL)"), 0);
	/* Not a flat distribution: several levels occur. */
	assert_true(th_sql_long("demo.db", "SELECT COUNT(DISTINCT level) FROM answer") >= 3);
	th_rm_db("demo.db");
}

static void test_demo_corporate_numbers_valid(void **state)
{
	(void)state;
	make_demo("corp.db", 7);
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_open_v2("corp.db", &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT corporate_number, local_gov,"
					    " municipality_code, prefecture_code FROM organisation",
					    -1, &s, NULL), SQLITE_OK);
	int rows = 0, gov = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *corp = (const char *)sqlite3_column_text(s, 0);
		const char *muni = (const char *)sqlite3_column_text(s, 2);
		const char *pref = (const char *)sqlite3_column_text(s, 3);
		rows++;
		if (!kj_corpnum_valid(corp))
			fail_msg("invalid corporate number %s", corp ? corp : "NULL");
		assert_non_null(pref);
		assert_int_equal(strlen(pref), 2);
		if (sqlite3_column_int(s, 1)) {
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
	sqlite3_finalize(s);
	sqlite3_close(h);
	assert_int_equal(rows, 50);
	assert_int_equal(th_sql_long("corp.db", "SELECT COUNT(DISTINCT corporate_number)"
				     " FROM organisation"), 50);
	/* Seed 7 makes some local governments, so their branch above was checked. */
	assert_true(gov > 0);
	th_rm_db("corp.db");
}

static void test_demo_refuses_non_empty(void **state)
{
	(void)state;
	make_demo("twice.db", 7);
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	assert_int_equal(kj_store_open(&st, "twice.db", 0, &err), 0);
	struct kj_store_counts before, after;
	assert_int_equal(kj_store_counts(st, &before, &err), 0);
	char *rows = dump("twice.db", ORG_ROWS);
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
	char *again = dump("twice.db", ORG_ROWS);
	assert_string_equal(rows, again);
	free(rows);
	free(again);
	th_rm_db("twice.db");
}

static void test_demo_needs_a_catalog(void **state)
{
	(void)state;
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	th_rm_db("bare.db");
	assert_int_equal(kj_store_open(&st, "bare.db", KJ_STORE_CREATE, &err), 0);
	struct kj_demo_opts o = opts(7);
	struct kj_demo_stats stats;
	assert_int_equal(kj_demo_generate(st, &o, &stats, &err), -1);
	assert_non_null(strstr(err.msg, "no standard version"));
	struct kj_store_counts c;
	assert_int_equal(kj_store_counts(st, &c, &err), 0);
	assert_int_equal(c.organisations, 0);
	kj_store_close(st);
	th_rm_db("bare.db");
}

static void test_demo_same_seed_same_data(void **state)
{
	(void)state;
	make_demo("seed-a.db", 7);
	make_demo("seed-b.db", 7);
	make_demo("seed-c.db", 8);
	char *a = dump("seed-a.db", ORG_ROWS), *b = dump("seed-b.db", ORG_ROWS),
	     *c = dump("seed-c.db", ORG_ROWS);
	char *la = dump("seed-a.db", LEVELS), *lb = dump("seed-b.db", LEVELS),
	     *lc = dump("seed-c.db", LEVELS);
	assert_true(strlen(a) > 50 * 20);
	assert_string_equal(a, b);
	assert_string_equal(la, lb);
	/* Answers match row for row, not only in total. */
	char *aa = dump("seed-a.db", "SELECT response_id, requirement_id, level, na_reason"
			" FROM answer ORDER BY 1, 2");
	char *ab = dump("seed-b.db", "SELECT response_id, requirement_id, level, na_reason"
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
	th_rm_db("seed-a.db");
	th_rm_db("seed-b.db");
	th_rm_db("seed-c.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_municipality_check_digit),
		cmocka_unit_test(test_municipality_check_digit_non_digits),
		cmocka_unit_test(test_demo_counts),
		cmocka_unit_test(test_demo_corporate_numbers_valid),
		cmocka_unit_test(test_demo_refuses_non_empty),
		cmocka_unit_test(test_demo_needs_a_catalog),
		cmocka_unit_test(test_demo_same_seed_same_data),
	};
	return cmocka_run_group_tests_name("demo", tests, NULL, NULL);
}
