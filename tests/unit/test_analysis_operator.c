/*
 * An operator's benchmark (model/bench.c, store/store_benchmark.c,
 * app/analysis_operator*.c) on a hand-built dataset, every figure computed
 * by hand in docs/metrics.md's rules: FY2026 asks the standard 2026 of
 * seven electricity operators (one of them in ICT as well), FY2025 asked
 * the demo's synthetic predecessor (kj_demo_predecessor) of the same seven. Quantiles (type 7,
 * a level distribution and operators' means rounded to 0.1), the
 * suppression of a group of k operators for an operator (k + 1 needed) but
 * not for its ministry, a change called and one within the noise, the
 * share of comparable requirements, the reader's right and bad requests.
 * On SQLite and, as unit_analysis_operator_pg, on PostgreSQL.
 */
#include <libxml/parser.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "app/analysis_operator.h"
#include "app/authz.h"
#include "app/demo_predecessor.h"
#include "export/bench_svg.h"
#include "model/bench.h"
#include "store/db.h"
#include "store/store_analysis.h"
#include "store/store_catalog.h"
#include "store/store_tally.h"

#define A "3.2.1-1"		/* governance, the same in both versions */
#define A2 "3.2.1-2"		/* governance: five applicable answers (k) */
#define C "3.3.1.1-1"		/* another function, the same in both versions */
#define OWN "5"			/* the operator whose benchmark is read */

static const char *db;
static struct kj_store *st;
static int64_t old_version;
static struct kj_demo_predecessor pred;

/* FY2026 and FY2025 levels of operators 1..7 (-1: N/A, -2: no answer). */
static const int a26[8] = { 0, 0, 1, 2, 2, 3, 4, 4 };
/* (No level holds 90 % of a figure: the dominance rule would hide it.) */
static const int a2_26[8] = { 0, -1, -1, 2, 2, 2, 2, 1 };
static const int c26[8] = { 0, 4, 4, 4, 4, 4, 4, 3 };
static const int a25[8] = { 0, 0, 0, 1, 1, 2, 2, 3 };
static const int c25[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };

static void exec(const char *sql)
{
	struct kj_err err = { "" };
	if (kj_db_exec(st, sql, &err) < 0)
		fail_msg("%s: %s", sql, err.msg);
}

static void answer(int resp, int64_t version, const char *code, int level)
{
	char sql[512];
	if (level == -2)
		return;
	snprintf(sql, sizeof sql, "INSERT INTO answer (response_id, requirement_id, level,"
		 " na_reason) SELECT %d, id, %s, %s FROM requirement WHERE version_id = %lld"
		 " AND code = '%s'", resp, level < 0 ? "NULL" : (char[4]){ (char)('0' + level), 0 },
		 level < 0 ? "'対象設備なし'" : "NULL", (long long)version, code);
	exec(sql);
}

static int setup(void **state)
{
	(void)state;
	db = kj_test_db("analysis_operator.db");
	st = th_init_db(db);
	struct kj_catalog cur;
	struct kj_err err = { "" };
	if (kj_store_catalog_view(st, NULL, &cur, &err) < 0 ||
	    kj_demo_predecessor(st, &cur, &pred, &err) < 0 ||
	    kj_db_version_id(st, pred.version, &old_version, NULL, &err) < 0)
		fail_msg("%s", err.msg);
	char sql[768];
	for (int o = 1; o <= 7; o++) {
		snprintf(sql, sizeof sql, "INSERT INTO organisation (id, corporate_number, name_ja,"
			 " size_class, core_infra, local_gov, prefecture_code, created_at, updated_at)"
			 " VALUES (%d, '700000000000%d', '電力事業者%d', 'large', 0, 0, '13',"
			 " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", o, o, o);
		exec(sql);
		snprintf(sql, sizeof sql, "INSERT INTO organisation_sector (organisation_id,"
			 " sector_code) VALUES (%d, 'electricity')", o);
		exec(sql);
	}
	/* Operator 7 is in ICT as well, where no one answers the survey (an
	 * ICT respondent alone would hide electricity's cells too: the nation
	 * minus electricity would be it). */
	exec("INSERT INTO organisation_sector (organisation_id, sector_code) VALUES (7, 'ict')");
	exec("INSERT INTO survey (id, fiscal_year, version_id, kind, title_ja, title_en, status,"
	     " created_at, owner_kind) VALUES (2, 2026, 1, 'questionnaire', '令和8年度', 'FY2026',"
	     " 'open', '2026-06-01T00:00:00Z', 'nco')");
	snprintf(sql, sizeof sql, "INSERT INTO survey (id, fiscal_year, version_id, kind, title_ja,"
		 " title_en, status, created_at, owner_kind) VALUES (1, 2025, %lld,"
		 " 'questionnaire', '令和7年度', 'FY2025', 'closed', '2025-06-01T00:00:00Z', 'nco')",
		 (long long)old_version);
	exec(sql);
	exec("INSERT INTO survey_sector (survey_id, sector_code) VALUES (1, 'electricity'),"
	     " (2, 'electricity'), (2, 'ict')");
	for (int o = 1; o <= 7; o++) {
		for (int y = 1; y <= 2; y++) {
			snprintf(sql, sizeof sql, "INSERT INTO survey_respondent (survey_id, sector_code,"
				 " organisation_id, prefecture_code) VALUES (%d, 'electricity', %d, '13')",
				 y, o);
			exec(sql);
			snprintf(sql, sizeof sql, "INSERT INTO response (id, survey_id, organisation_id,"
				 " status) VALUES (%d, %d, %d, 'submitted')", y * 10 + o, y, o);
			exec(sql);
		}
		answer(20 + o, 1, A, a26[o]);
		answer(20 + o, 1, A2, a2_26[o]);
		answer(20 + o, 1, C, c26[o]);
		answer(10 + o, old_version, A, a25[o]);
		answer(10 + o, old_version, C, c25[o]);
	}
	if (kj_store_tally_rebuild(st, 1, &err) < 0 || kj_store_tally_rebuild(st, 2, &err) < 0 ||
	    kj_store_analysis_rebuild(st, 1, &err) < 0 || kj_store_analysis_rebuild(st, 2, &err) < 0)
		fail_msg("%s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kj_store_close(st);
	return 0;
}

static struct kj_user user_of(enum kj_role role, int64_t org, const char *sector)
{
	struct kj_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "u%d", (int)role);
	u.role = role;
	u.org_id = org;
	if (role == KJ_ROLE_MINISTRY) {
		snprintf(u.ministry, sizeof u.ministry, "%s", !strcmp(sector, "water") ? "mlit"
			 : "meti");
		snprintf(u.sectors[0], sizeof u.sectors[0], "%s", sector);
		u.nsectors = 1;
	} else if (sector) {
		snprintf(u.sectors[0], sizeof u.sectors[0], "%s", sector);
		u.nsectors = 1;
	}
	return u;
}

static void load(const struct kj_user *u, const char *org, const char *sector,
		 struct kj_bench *b)
{
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	int rc = kj_bench_load(st, u, org, "2026", sector, 0, b, &why, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	if (rc > 0)
		fail_msg("refused %d: %s", why.code, why.en);
}

static int refused(const struct kj_user *u, const char *org, const char *fy,
		   const char *sector)
{
	struct kj_bench b;
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	int rc = kj_bench_load(st, u, org, fy, sector, 0, &b, &why, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	if (rc == 0) {
		kj_bench_free(&b);
		return 0;
	}
	assert_true(why.en[0] && why.ja[0]);
	return why.code;
}

#define NEAR(x, want) assert_true(fabs((x) - (want)) < 1e-4)

static int req_of(const struct kj_bench *b, const char *id)
{
	int r = kj_catalog_req_index(&b->a.cat, id);
	assert_true(r >= 0);
	return r;
}

static int fn_of(const struct kj_bench *b, const char *id)
{
	return b->a.cat.reqs[req_of(b, id)].function;
}

/* The rules themselves, on small lists. */
static void test_quantile_rules(void **state)
{
	(void)state;
	/* Levels 0, 1, 2, 2, 3, 4, 4: h = 6p. */
	struct kj_levels l = { { 1, 1, 2, 1, 2 }, 3 };
	double q;
	assert_true(kj_bench_quantile_levels(&l, 0.25, &q));
	NEAR(q, 1.5);
	assert_true(kj_bench_quantile_levels(&l, 0.5, &q));
	NEAR(q, 2);
	assert_true(kj_bench_quantile_levels(&l, 0.75, &q));
	NEAR(q, 3.5);
	/* Four values 1, 1, 3, 4: the median between the 2nd and 3rd. */
	struct kj_levels m = { { 0, 2, 0, 1, 1 }, 0 };
	assert_true(kj_bench_quantile_levels(&m, 0.5, &q));
	NEAR(q, 2);
	/* One value: every quantile is it; nothing: undefined. */
	struct kj_levels one = { { 0, 0, 0, 1, 0 }, 0 }, none = { { 0 }, 4 };
	assert_true(kj_bench_quantile_levels(&one, 0.25, &q));
	NEAR(q, 3);
	assert_false(kj_bench_quantile_levels(&none, 0.5, &q));
	double v[] = { 3, 0, 2.5, 1, 2, 3, 2 };
	kj_bench_sort(v, 7);
	assert_true(kj_bench_quantile_sorted(v, 7, 0.75, &q));
	NEAR(q, 2.75);
	NEAR(kj_bench_round1(q), 2.8);
	NEAR(kj_bench_round1(-0.25), -0.3);
	/* 3 of 7 against 1 of 7: Agresti–Caffo, not called. */
	struct kj_bench_change c;
	assert_true(kj_bench_prop_change(3, 7, 1, 7, &c));
	NEAR(c.change, 2.0 / 7.0);
	assert_true(fabs(c.low - (-0.20106)) < 1e-4 && fabs(c.high - 0.64550) < 1e-4);
	assert_false(c.called);
	/* 7 of 7 against 0 of 7: called. */
	assert_true(kj_bench_prop_change(7, 7, 0, 7, &c));
	NEAR(c.change, 1);
	assert_true(fabs(c.low - 0.48741) < 1e-4 && fabs(c.high - 1.06815) < 1e-4);
	assert_true(c.called);
	assert_false(kj_bench_prop_change(1, 0, 1, 2, &c));
	/* Means: Welch's interval; fewer than two values, no interval. */
	assert_true(kj_bench_mean_change(2.0, 1.0, 10, 1.0, 1.0, 10, &c));
	NEAR(c.high - c.low, 2 * 1.96 * sqrt(0.2));
	assert_true(c.called);
	assert_false(kj_bench_mean_change(2.0, 0, 1, 1.0, 0, 5, &c));
	double mean, sd;
	kj_bench_mean_sd(v, 7, &mean, &sd);
	NEAR(mean, 13.5 / 7);
	NEAR(sd, sqrt(7.2142857 / 6));
}

/* Operator 5 reads its own benchmark: every figure by hand. */
static void test_own_benchmark(void **state)
{
	(void)state;
	struct kj_user u = user_of(KJ_ROLE_OPERATOR, 5, NULL);
	struct kj_bench b;
	load(&u, OWN, NULL, &b);
	assert_string_equal(b.a.cat.sectors[b.sector].code, "electricity");
	assert_int_equal(b.nsectors, 1);
	assert_false(b.open);
	assert_true(b.submitted && b.submitted_prev);
	/* A: levels 0 1 2 2 3 4 4; its own 3, last year 2. */
	const struct kj_bench_req *a = &b.req[req_of(&b, A)];
	assert_int_equal(a->own.state, KJ_BENCH_VALUE);
	NEAR(a->own.v, 3);
	assert_int_equal(a->own_prev.state, KJ_BENCH_VALUE);
	NEAR(a->own_prev.v, 2);
	assert_false(a->sector.suppressed);
	assert_int_equal(a->sector.n, 7);
	NEAR(a->sector.q1, 1.5);
	NEAR(a->sector.median, 2);
	NEAR(a->sector.q3, 3.5);
	NEAR(a->nation.median, 2);
	/* Its rate 3/7 against 1/7: within the noise of seven. */
	NEAR(a->rate.v, 0.4286);
	NEAR(a->rate_prev.v, 0.1429);
	assert_true(a->has_change);
	NEAR(a->change.change, 2.0 / 7.0);
	assert_false(a->change.called);
	/* A2: five applicable answers, k: its peers would be four. */
	const struct kj_bench_req *a2 = &b.req[req_of(&b, A2)];
	assert_true(a2->sector.suppressed);
	assert_true(a2->rate.suppressed);
	assert_false(a2->has_change);
	NEAR(a2->own.v, 2);
	/* C: six at 4 and one at 3 against six at 0 and one at 1: called. */
	const struct kj_bench_req *c = &b.req[req_of(&b, C)];
	NEAR(c->sector.q1, 4);
	NEAR(c->sector.q3, 4);
	assert_true(c->has_change);
	assert_true(c->change.called);
	/* Governance: the operators' means 0 1 2 2 2.5 3 2.5 (A2's N/A left
	 * out), quartiles 1.5, 2, 2.5; mean 13/7; its own (3 + 2) / 2 = 2.5,
	 * last year 2. */
	const struct kj_bench_fn *g = &b.fn[fn_of(&b, A)];
	assert_false(g->sector.suppressed);
	assert_int_equal(g->sector.n, 7);
	NEAR(g->sector.q1, 1.5);
	NEAR(g->sector.median, 2);
	NEAR(g->sector.q3, 2.5);
	NEAR(g->mean.v, 1.86);
	NEAR(g->own.v, 2.5);
	NEAR(g->own_prev.v, 2);
	assert_true(g->has_own_change);
	NEAR(g->own_change, 0.5);
	/* Last year's means are A's levels: 0 0 1 1 2 2 3, median 1. */
	NEAR(g->sector_prev.median, 1);
	NEAR(g->mean_prev.v, 1.29);
	assert_true(g->has_change);
	NEAR(g->change.change, 13.0 / 7 - 9.0 / 7);
	assert_false(g->change.called);
	/* C's function: 4 against 0, no spread: called. */
	const struct kj_bench_fn *p = &b.fn[fn_of(&b, C)];
	NEAR(p->sector.median, 4);
	NEAR(p->own_change, 4);
	assert_true(p->has_change && p->change.called);
	/* The nation is the one sector here: the same median. */
	NEAR(g->nation.median, 2);
	/* The version changed: the comparable share is the crosswalk's. */
	assert_true(b.version_changed);
	assert_int_equal(b.ncomparable, pred.nsame + pred.nreworded);
	assert_int_equal(b.a.kind[req_of(&b, A)], 0);
	assert_int_equal(b.a.kind[req_of(&b, C)], 0);
	int nc = 0;
	for (int r = 0; r < b.a.nr; r++)
		nc += b.a.cat.reqs[r].function == fn_of(&b, A) &&
		      (b.a.kind[r] == 0 || b.a.kind[r] == 1);
	assert_int_equal(g->ncomparable, nc);
	assert_true(g->ncomparable < g->nreqs);
	/* The JSON says the same, a suppressed figure as nulls. */
	json_t *j = kj_bench_json(&b);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "k")), KJ_ANALYSIS_K);
	size_t i;
	json_t *r;
	int seen = 0;
	json_array_foreach(json_object_get(j, "requirements"), i, r) {
		const char *id = json_string_value(json_object_get(r, "id"));
		json_t *sec = json_object_get(r, "sector");
		if (!strcmp(id, A)) {
			NEAR(json_number_value(json_object_get(sec, "q3")), 3.5);
			assert_string_equal(json_string_value(json_object_get(r, "crosswalk")), "same");
			assert_true(json_is_false(json_object_get(json_object_get(r, "change"),
								   "called")));
			seen++;
		} else if (!strcmp(id, A2)) {
			assert_true(json_is_true(json_object_get(sec, "suppressed")));
			assert_true(json_is_null(json_object_get(sec, "median")));
			assert_true(json_is_null(json_object_get(sec, "n")));
			assert_true(json_is_null(json_object_get(r, "change")));
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	json_decref(j);
	kj_bench_free(&b);
}

/* Its ministry (経済産業省: electricity whole) and the command line see the
 * group of k; the operator in ICT, alone there, sees nothing of it. */
static void test_who_sees_what(void **state)
{
	(void)state;
	struct kj_user min = user_of(KJ_ROLE_MINISTRY, 0, "electricity");
	struct kj_bench b;
	load(&min, OWN, NULL, &b);
	assert_true(b.open);
	const struct kj_bench_req *a2 = &b.req[req_of(&b, A2)];
	assert_false(a2->sector.suppressed);
	assert_int_equal(a2->sector.n, 5);
	NEAR(a2->sector.median, 2);
	kj_bench_free(&b);
	load(NULL, OWN, NULL, &b);
	assert_false(b.req[req_of(&b, A2)].sector.suppressed);
	kj_bench_free(&b);
	/* Operator 7 chooses ICT: no one there, nothing to show. */
	struct kj_user u7 = user_of(KJ_ROLE_OPERATOR, 7, NULL);
	load(&u7, "7", "ict", &b);
	assert_string_equal(b.a.cat.sectors[b.sector].code, "ict");
	assert_int_equal(b.nsectors, 2);
	assert_int_equal(b.req[req_of(&b, A)].sector.n, 0);
	assert_false(b.req[req_of(&b, A)].sector.defined);
	assert_false(b.fn[fn_of(&b, A)].sector.defined);
	assert_false(b.req[req_of(&b, A)].has_change);
	NEAR(b.req[req_of(&b, A)].own.v, 4);
	kj_bench_free(&b);
	/* Its first sector by default: electricity. */
	load(&u7, "7", NULL, &b);
	assert_string_equal(b.a.cat.sectors[b.sector].code, "electricity");
	kj_bench_free(&b);
}

static void test_refusals(void **state)
{
	(void)state;
	struct kj_user op = user_of(KJ_ROLE_OPERATOR, 5, NULL);
	struct kj_user water = user_of(KJ_ROLE_MINISTRY, 0, "water");
	struct kj_user cep = user_of(KJ_ROLE_CEPTOAR, 0, "electricity");
	struct kj_user hq = user_of(KJ_ROLE_HQ, 0, NULL);
	struct kj_user nco = user_of(KJ_ROLE_NCO, 0, NULL);
	struct kj_user aud = user_of(KJ_ROLE_AUDITOR, 0, NULL);
	/* Another operator's, another sector's ministry, aggregates-only roles. */
	assert_int_equal(refused(&op, "4", "2026", NULL), 403);
	assert_int_equal(refused(&water, OWN, "2026", NULL), 403);
	assert_int_equal(refused(&cep, OWN, "2026", NULL), 403);
	assert_int_equal(refused(&hq, OWN, "2026", NULL), 403);
	assert_int_equal(refused(&nco, OWN, "2026", NULL), 0);
	assert_int_equal(refused(&aud, OWN, "2026", NULL), 0);
	/* Not there: 404 for who may see any, 403 for an operator. */
	assert_int_equal(refused(&nco, "999", "2026", NULL), 404);
	assert_int_equal(refused(&op, "999", "2026", NULL), 403);
	/* Bad input: 400, whatever it holds. */
	assert_int_equal(refused(&nco, "abc", "2026", NULL), 400);
	assert_int_equal(refused(&nco, "-5", "2026", NULL), 400);
	assert_int_equal(refused(&nco, "5' OR '1'='1", "2026", NULL), 400);
	assert_int_equal(refused(&nco, "99999999999999999999999", "2026", NULL), 400);
	assert_int_equal(refused(&op, OWN, "R8", NULL), 400);
	assert_int_equal(refused(&op, OWN, NULL, NULL), 400);
	/* No survey that year; a sector not its own. */
	assert_int_equal(refused(&op, OWN, "2031", NULL), 404);
	assert_int_equal(refused(&op, OWN, "2026", "ict"), 404);
	assert_int_equal(refused(&op, OWN, "2026", "<b>"), 404);
	/* A disabled user sees nothing. */
	op.disabled = 1;
	assert_int_equal(refused(&op, OWN, "2026", NULL), 404);
}

/* An operator that has not submitted: its own values are none. */
static void test_not_submitted(void **state)
{
	(void)state;
	exec("UPDATE response SET status = 'draft' WHERE id = 23");
	struct kj_err err = { "" };
	if (kj_store_analysis_rebuild(st, 2, &err) < 0)
		fail_msg("%s", err.msg);
	struct kj_bench b;
	load(NULL, "3", NULL, &b);
	assert_false(b.submitted);
	assert_int_equal(b.req[req_of(&b, A)].own.state, KJ_BENCH_NONE);
	assert_int_equal(b.fn[fn_of(&b, A)].own.state, KJ_BENCH_NONE);
	assert_false(b.fn[fn_of(&b, A)].has_own_change);
	/* Six operators left: A's levels 0 1 2 3 4 4. */
	assert_int_equal(b.req[req_of(&b, A)].sector.n, 6);
	NEAR(b.req[req_of(&b, A)].sector.median, 2.5);
	kj_bench_free(&b);
	exec("UPDATE response SET status = 'submitted' WHERE id = 23");
	if (kj_store_analysis_rebuild(st, 2, &err) < 0)
		fail_msg("%s", err.msg);
}

/* The chart: well-formed SVG with its words; a hostile label escaped; a
 * suppressed sector drawn without a band, with its label; no room, no change. */
static void test_chart(void **state)
{
	(void)state;
	struct kj_bsvg_row rows[2] = {
		{ "識別 <b>&\"", 1.5, 1.0, 2.0, 3.0, 2.5, 1, 1, 0, 1 },
		{ "防御", 2.25, 0, 0, 0, 2.0, 1, 0, 1, 1 },
	};
	struct kj_bsvg_text t = { "chart-x", "題", "説明 <desc>", "Own", "Sector median",
				  "Interquartile range", "National median", "k 未満", "—" };
	struct kj_buf b;
	kj_buf_init(&b, 1 << 20);
	assert_int_equal(kj_bsvg_ranges(&b, &t, 2, rows), 0);
	assert_int_equal(kj_buf_addc(&b, '\0'), 0);
	const char *svg = (const char *)b.data;
	xmlDocPtr doc = xmlReadMemory(svg, (int)strlen(svg), "a.svg", "UTF-8",
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	assert_non_null(strstr(svg, "role=\"img\""));
	assert_non_null(strstr(svg, "aria-labelledby=\"chart-x-t chart-x-d\""));
	assert_non_null(strstr(svg, "<title id=\"chart-x-t\">題</title>"));
	assert_non_null(strstr(svg, "説明 &lt;desc&gt;"));
	assert_non_null(strstr(svg, "識別 &lt;b&gt;&amp;"));
	assert_null(strstr(svg, "<b>"));
	assert_non_null(strstr(svg, "Own 1.50 / Sector median 2.00 (Interquartile range 1.00–3.00)"
				 " / National median 2.50"));
	assert_non_null(strstr(svg, "Own 2.25 / Sector median k 未満 / National median 2.00"));
	/* One band: the first row's (the legend draws one more). */
	const char *p = svg;
	int bands = 0;
	while ((p = strstr(p, "url(#chart-x-iqr)")) != NULL) {
		bands++;
		p++;
	}
	assert_int_equal(bands, 2);
	/* Wide enough for its longest line. */
	int width = 0;
	assert_int_equal(sscanf(strstr(svg, "width=\""), "width=\"%d\"", &width), 1);
	assert_true(width > 170 + 8 + 80 * 6);
	kj_buf_free(&b);
	struct kj_buf small;
	kj_buf_init(&small, 64);
	assert_int_equal(kj_bsvg_ranges(&small, &t, 2, rows), -1);
	assert_int_equal(small.len, 0);
	kj_buf_free(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantile_rules),
		cmocka_unit_test(test_own_benchmark),
		cmocka_unit_test(test_who_sees_what),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_not_submitted),
		cmocka_unit_test(test_chart),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
