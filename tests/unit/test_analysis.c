/*
 * The analysis (store/store_analysis.c, app/analysis*.c) on a hand-built
 * dataset, every figure computed by hand: FY2026 asks the standard 2026 of
 * eight operators in electricity and ICT (one in both), FY2025 asked the
 * demo's synthetic predecessor (kj_demo_predecessor), where 3.2.1-3 is new
 * and two requirements were merged into one of 2026.
 * N/A answers, a submission returned (out of the counts at once), the kept
 * counts equal to a recount after every change, the views as the NCO, a
 * ministry and an operator see them (no figure of fewer than k operators,
 * none that two shown figures would reveal; a CEPTOAR sees none), refused
 * requests;
 * then the app's own return on a demo database. On SQLite and, as
 * unit_analysis_pg, on PostgreSQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "app/analysis.h"
#include "app/authz.h"
#include "app/demo.h"
#include "app/demo_predecessor.h"
#include "app/survey_answer.h"
#include "store/db.h"
#include "store/store_analysis.h"
#include "store/store_benchmark.h"
#include "store/store_catalog.h"
#include "store/store_response.h"
#include "store/store_tally.h"

#define A "3.2.1-1"
#define NEW "3.2.1-3"
#define X "3.6.1-1"	/* answered by operators 1, 2, 7 and 8 only */

static const char *db;
static struct kj_store *st;
static int64_t old_version;	/* the predecessor's row id */
/* The merged requirement of 2026 (B) and the two it comes from (B1, B2). */
static char B[KJ_ID_MAX], B1[KJ_ID_MAX], B2[KJ_ID_MAX];

static void exec(const char *sql)
{
	struct kj_err err = { "" };
	if (kj_db_exec(st, sql, &err) < 0)
		fail_msg("%s: %s", sql, err.msg);
}

/* Operator O (1..8): electricity 1-6, ICT 2, 7, 8. */
static const struct {
	const char *size, *pref;
	int kikan, lg;
} ops[9] = {
	{ NULL, NULL, 0, 0 },
	{ "large", "13", 1, 0 }, { "large", "13", 1, 0 }, { "medium", "13", 0, 0 },
	{ "small", "27", 0, 0 }, { "small", "27", 0, 0 }, { "medium", "27", 0, 0 },
	{ "large", "13", 0, 0 }, { "small", "13", 0, 1 },
};

/* FY2026's answers to A and B of operators 1..8 (-1: N/A). */
static const int ans_a[9] = { 0, 4, 3, 2, -1, 0, 3, 1, 4 };
static const int ans_b[9] = { 0, -1, 2, 2, 2, 2, 2, 2, 2 };

static void answer(int resp, int64_t version, const char *code, int level)
{
	char sql[512];
	if (level < 0)
		snprintf(sql, sizeof sql, "INSERT INTO answer (response_id, requirement_id, level,"
			 " na_reason) SELECT %d, id, NULL, '対象設備なし' FROM requirement"
			 " WHERE version_id = %lld AND code = '%s'", resp, (long long)version, code);
	else
		snprintf(sql, sizeof sql, "INSERT INTO answer (response_id, requirement_id, level,"
			 " na_reason) SELECT %d, id, %d, NULL FROM requirement"
			 " WHERE version_id = %lld AND code = '%s'", resp, level, (long long)version,
			 code);
	exec(sql);
}

/* Moves operator O's response to SURVEY from FROM to TO as the app does:
 * its status, the tally and the analysis counts in one transaction. */
static void move(int survey, int o, const char *from, const char *to)
{
	struct kj_err err = { "" };
	int64_t resp = survey * 10 + o;
	if (kj_store_begin(st, &err) < 0 ||
	    kj_store_response_status(st, resp, to, 2, 1, "2026-11-01T00:00:00Z", 0, &err) < 0 ||
	    kj_store_tally_move(st, survey, o, from, to, &err) < 0 ||
	    kj_store_analysis_move(st, survey, o, from, to, &err) < 0 ||
	    kj_store_commit(st, &err) < 0)
		fail_msg("move %d: %s", o, err.msg);
}

static void check_recount(int survey)
{
	long diff = -1;
	struct kj_err err = { "" };
	if (kj_store_analysis_check(st, survey, &diff, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(diff, 0);
}

static int setup(void **state)
{
	(void)state;
	db = kj_test_db("analysis.db");
	st = th_init_db(db);
	/* The demo's predecessor of 2026, linked to it by its crosswalk. */
	struct kj_catalog cur;
	struct kj_demo_predecessor pred;
	struct kj_err e0 = { "" };
	if (kj_store_catalog_view(st, NULL, &cur, &e0) < 0 ||
	    kj_demo_predecessor(st, &cur, &pred, &e0) < 0 ||
	    kj_db_version_id(st, pred.version, &old_version, NULL, &e0) < 0)
		fail_msg("%s", e0.msg);
	assert_true(old_version > 1);
#define MERGED(col, n) "SELECT " col " FROM requirement_succession rs" \
	" JOIN requirement o ON o.id = rs.from_requirement_id" \
	" JOIN requirement n ON n.id = rs.to_requirement_id" \
	" WHERE rs.kind = 'merged' ORDER BY n.ord, o.ord LIMIT 1 OFFSET " n
	assert_int_equal(kj_test_sql_text(db, MERGED("n.code", "0"), B, sizeof B), 0);
	assert_int_equal(kj_test_sql_text(db, MERGED("o.code", "0"), B1, sizeof B1), 0);
	assert_int_equal(kj_test_sql_text(db, MERGED("o.code", "1"), B2, sizeof B2), 0);
	assert_string_not_equal(B1, B2);
	char sql[768];
	for (int o = 1; o <= 8; o++) {
		snprintf(sql, sizeof sql, "INSERT INTO organisation (id, name_ja, size_class,"
			 " core_infra, local_gov, prefecture_code, created_at, updated_at)"
			 " VALUES (%d, '事業者%d', '%s', %d, %d, '%s', '2026-01-01T00:00:00Z',"
			 " '2026-01-01T00:00:00Z')", o, o, ops[o].size, ops[o].kikan, ops[o].lg,
			 ops[o].pref);
		exec(sql);
	}
	exec("INSERT INTO survey (id, fiscal_year, version_id, kind, title_ja, title_en, status,"
	     " created_at, owner_kind) VALUES (2, 2026, 1, 'questionnaire',"
	     " '令和8年度', 'FY2026', 'open', '2026-06-01T00:00:00Z', 'nco')");
	snprintf(sql, sizeof sql, "INSERT INTO survey (id, fiscal_year, version_id, kind, title_ja,"
		 " title_en, status, created_at, owner_kind) VALUES (1, 2025, %lld,"
		 " 'questionnaire', '令和7年度', 'FY2025', 'closed', '2025-06-01T00:00:00Z', 'nco')",
		 (long long)old_version);
	exec(sql);
	exec("INSERT INTO survey_sector (survey_id, sector_code) VALUES (1, 'electricity'),"
	     " (1, 'ict'), (2, 'electricity'), (2, 'ict')");
	for (int o = 1; o <= 8; o++) {
		int elec = o <= 6, ict = o == 2 || o >= 7;
		for (int s = 0; s < 2; s++) {
			if (!(s ? ict : elec))
				continue;
			snprintf(sql, sizeof sql, "INSERT INTO survey_respondent (survey_id, sector_code,"
				 " organisation_id, prefecture_code) VALUES (2, '%s', %d, '%s')",
				 s ? "ict" : "electricity", o, ops[o].pref);
			exec(sql);
			if (o <= 3 && !s) {
				snprintf(sql, sizeof sql, "INSERT INTO survey_respondent (survey_id,"
					 " sector_code, organisation_id, prefecture_code)"
					 " VALUES (1, 'electricity', %d, '%s')", o, ops[o].pref);
				exec(sql);
			}
		}
		snprintf(sql, sizeof sql, "INSERT INTO response (id, survey_id, organisation_id,"
			 " status) VALUES (%d, 2, %d, 'draft')", 20 + o, o);
		exec(sql);
		answer(20 + o, 1, A, ans_a[o]);
		answer(20 + o, 1, B, ans_b[o]);
		if (o <= 2 || o >= 7)
			answer(20 + o, 1, X, 1);
	}
	/* FY2025: 3.2.1-1 levels 3, 1, 0; B1 4, 4 and B2 0, 3. */
	exec("INSERT INTO response (id, survey_id, organisation_id, status) VALUES"
	     " (11, 1, 1, 'submitted'), (12, 1, 2, 'submitted'), (13, 1, 3, 'submitted')");
	answer(11, old_version, A, 3);
	answer(12, old_version, A, 1);
	answer(13, old_version, A, 0);
	answer(11, old_version, B1, 4);
	answer(12, old_version, B1, 4);
	answer(11, old_version, B2, 0);
	answer(13, old_version, B2, 3);
	struct kj_err err = { "" };
	if (kj_store_tally_rebuild(st, 1, &err) < 0 || kj_store_tally_rebuild(st, 2, &err) < 0 ||
	    kj_store_analysis_rebuild(st, 1, &err) < 0)
		fail_msg("%s", err.msg);
	check_recount(1);
	check_recount(2);
	for (int o = 1; o <= 8; o++) {
		move(2, o, "draft", "submitted");
		check_recount(2);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kj_store_close(st);
	return 0;
}

static struct kj_user user_of(enum kj_role role, int64_t org, const char *ministry,
			      const char *sector)
{
	struct kj_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "u%d", (int)role);
	u.role = role;
	u.org_id = org;
	snprintf(u.ministry, sizeof u.ministry, "%s", ministry ? ministry : "");
	if (role == KJ_ROLE_MINISTRY) {
		/* 経済産業省: electricity and gas, whole. */
		snprintf(u.sectors[0], sizeof u.sectors[0], "electricity");
		snprintf(u.sectors[1], sizeof u.sectors[1], "gas");
		u.nsectors = 2;
	} else if (sector) {
		snprintf(u.sectors[0], sizeof u.sectors[0], "%s", sector);
		u.nsectors = 1;
	}
	return u;
}

static void load(const struct kj_user *u, enum kj_analysis_view v, const char *fy,
		 const char *sector, const char *req, struct kj_analysis *a)
{
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	int rc = kj_analysis_load(st, u, v, fy, sector, req, 0, a, &why, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	if (rc > 0)
		fail_msg("refused: %s", why.en);
}

static const struct kj_analysis_fig *cell(const struct kj_analysis *a, const char *sector,
					  const char *req)
{
	int s = kj_catalog_sector_index(&a->cat, sector), r = kj_catalog_req_index(&a->cat, req);
	assert_true(s >= 0 && r >= 0);
	return &a->cur[(size_t)s * (size_t)a->nr + (size_t)r];
}

static const struct kj_analysis_fig *prev_cell(const struct kj_analysis *a, const char *sector,
					       const char *req)
{
	int s = kj_catalog_sector_index(&a->cat, sector), r = kj_catalog_req_index(&a->cat, req);
	return &a->prv[(size_t)s * (size_t)a->nr + (size_t)r];
}

static const struct kj_analysis_fig *nat(const struct kj_analysis *a, const char *req)
{
	return &a->nat[kj_catalog_req_index(&a->cat, req)];
}

static void assert_levels(const struct kj_analysis_fig *f, long l0, long l1, long l2, long l3,
			  long l4, long na)
{
	assert_int_equal(f->l.n[0], l0);
	assert_int_equal(f->l.n[1], l1);
	assert_int_equal(f->l.n[2], l2);
	assert_int_equal(f->l.n[3], l3);
	assert_int_equal(f->l.n[4], l4);
	assert_int_equal(f->l.na, na);
}

static void assert_rate(const struct kj_analysis_fig *f, double want)
{
	double rate;
	assert_true(kj_levels_rate(&f->l, &rate));
	assert_true(rate > want - 1e-9 && rate < want + 1e-9);
}

static int sector_of(const struct kj_analysis *a, const char *code)
{
	return kj_catalog_sector_index(&a->cat, code);
}

static void test_figures_by_hand(void **state)
{
	(void)state;
	struct kj_analysis a;
	load(NULL, KJ_VIEW_NATIONAL, "2026", NULL, NULL, &a);
	/* Electricity, 3.2.1-1: 4, 3, 2, N/A, 0, 3: applicable 5, at 3 or
	 * more 3, rate 3/5, mean 12/5. */
	const struct kj_analysis_fig *e = cell(&a, "electricity", A);
	assert_levels(e, 1, 0, 1, 2, 1, 1);
	assert_int_equal(kj_levels_applicable(&e->l), 5);
	assert_int_equal(kj_levels_implemented(&e->l), 3);
	assert_rate(e, 0.6);
	double mean;
	assert_true(kj_levels_mean(&e->l, &mean) && mean > 2.3999 && mean < 2.4001);
	assert_false(e->suppressed);
	/* ICT, 3.2.1-1: operator 2 counts here too: 3, 1, 4. */
	const struct kj_analysis_fig *i = cell(&a, "ict", A);
	assert_levels(i, 0, 1, 0, 1, 1, 0);
	assert_rate(i, 2.0 / 3.0);
	/* The nation: every sector's answers (operator 2 in each). */
	assert_levels(nat(&a, A), 1, 1, 1, 3, 2, 1);
	assert_rate(nat(&a, A), 5.0 / 8.0);
	/* 3.2.1-2 in electricity: N/A, then five at 2: rate 0, not undefined. */
	assert_levels(cell(&a, "electricity", B), 0, 0, 5, 0, 0, 1);
	assert_rate(cell(&a, "electricity", B), 0);
	/* Nothing answered: undefined. */
	double r;
	assert_false(kj_levels_rate(&cell(&a, "electricity", "3.7-1")->l, &r));
	/* Operators and responses per sector. */
	assert_int_equal(a.operators[sector_of(&a, "electricity")], 6);
	assert_int_equal(a.operators[sector_of(&a, "ict")], 3);
	assert_int_equal(a.respondents[sector_of(&a, "electricity")], 6);
	assert_int_equal(a.submitted[sector_of(&a, "electricity")], 6);
	assert_int_equal(a.nat_respondents, 8);
	assert_int_equal(a.nat_submitted, 8);
	/* The previous year through the crosswalk: 3.2.1-1 same (3, 1, 0);
	 * B merged from B1 (4, 4) and B2 (0, 3); 3.2.1-3 new, with nothing
	 * before it. */
	assert_true(a.has_prev);
	assert_int_equal(a.prev.fy, 2025);
	const struct kj_analysis_fig *pa = prev_cell(&a, "electricity", A);
	assert_levels(pa, 1, 1, 0, 1, 0, 0);
	assert_rate(pa, 1.0 / 3.0);
	assert_int_equal(a.kind[kj_catalog_req_index(&a.cat, A)], 0);
	const struct kj_analysis_fig *pb = prev_cell(&a, "electricity", B);
	assert_levels(pb, 1, 0, 0, 1, 2, 0);
	assert_rate(pb, 0.75);
	assert_int_equal(a.kind[kj_catalog_req_index(&a.cat, B)], 3);
	assert_int_equal(a.kind[kj_catalog_req_index(&a.cat, NEW)], -1);
	/* The change since last year, as every surface gives it. */
	json_t *c = kj_analysis_change_json(e, pa);
	assert_true(json_is_number(c));
	assert_true(json_number_value(c) > 0.2666 && json_number_value(c) < 0.2668);
	json_decref(c);
	/* With its interval (Agresti-Caffo): 3 of 5 against 1 of 3, p~ 4/7 and
	 * 2/5, 0.1714 +- 1.96 sqrt(0.0350 + 0.0480) = -0.393 to 0.736: within
	 * the noise, not called. */
	struct kj_bench_change ch;
	assert_true(kj_analysis_rate_change(e, pa, &ch));
	assert_true(ch.change > 0.2666 && ch.change < 0.2668);
	assert_true(ch.low > -0.3935 && ch.low < -0.3929);
	assert_true(ch.high > 0.7357 && ch.high < 0.7363);
	assert_false(ch.called);
	c = kj_analysis_interval_json(1, &ch);
	assert_true(json_is_false(json_object_get(c, "called")));
	json_decref(c);
	kj_analysis_free(&a);
}

/* Electricity's breakdown by size class as the NCO sees it. */
static void test_sector_breakdown(void **state)
{
	(void)state;
	struct kj_analysis a;
	load(NULL, KJ_VIEW_SECTOR, "2026", "electricity", NULL, &a);
	int seen = 0;
	for (int i = 0; i < a.nvalues; i++) {
		const struct kj_analysis_value *v = &a.values[i];
		if (!strcmp(v->dim, "size") && !strcmp(v->value, "large")) {
			/* Operators 1 and 2: A 4 and 3, B N/A and 2, X 1 and 1. */
			assert_int_equal(v->f.size, 2);
			assert_levels(&v->f, 0, 2, 1, 1, 1, 1);
			seen++;
		}
		if (!strcmp(v->dim, "kikan") && !strcmp(v->value, "1")) {
			assert_int_equal(v->f.size, 2);
			seen++;
		}
		if (!strcmp(v->dim, "pref") && !strcmp(v->value, "27")) {
			/* Operators 4, 5, 6: A N/A, 0, 3; B 2, 2, 2. */
			assert_int_equal(v->f.size, 3);
			assert_levels(&v->f, 1, 0, 3, 1, 0, 1);
			seen++;
		}
		assert_false(v->f.suppressed);
	}
	assert_int_equal(seen, 3);
	json_t *j = kj_analysis_json(&a);
	assert_non_null(json_object_get(json_object_get(j, "breakdown"), "lg"));
	assert_int_equal(json_array_size(json_object_get(j, "requirements")), (size_t)a.nr);
	json_decref(j);
	kj_analysis_free(&a);
}

/*
 * What a reader seeing aggregates only may not learn: no shown figure of
 * fewer than k operators or applicable answers, and no total whose shown
 * parts leave fewer than k hidden.
 */
static void assert_safe(const struct kj_analysis *a)
{
	for (int r = 0; r < a->nr; r++) {
		long hidden = 0, hidden_app = 0;
		for (int s = 0; s < a->ns; s++) {
			const struct kj_analysis_fig *c = &a->cur[(size_t)s * (size_t)a->nr + (size_t)r];
			long app = kj_levels_applicable(&c->l);
			if (a->open[s])
				continue;
			if (c->suppressed) {
				hidden += c->size;
				hidden_app += app;
			} else {
				assert_true(c->size == 0 || c->size >= a->k);
				assert_true(app == 0 || app >= a->k);
			}
		}
		if (!a->nat[r].suppressed) {
			assert_true(hidden == 0 || hidden >= a->k);
			assert_true(hidden_app == 0 || hidden_app >= a->k);
		}
	}
	for (int f = 0; f < a->nf; f++) {
		long hidden = 0;
		for (int s = 0; s < a->ns; s++) {
			const struct kj_analysis_fig *c = &a->fn[(size_t)s * (size_t)a->nf + (size_t)f];
			if (a->open[s])
				continue;
			if (c->suppressed)
				hidden += c->size;
			else
				assert_true(c->size == 0 || c->size >= a->k);
		}
		if (!a->nat_fn[f].suppressed)
			assert_true(hidden == 0 || hidden >= a->k);
	}
}

static void test_who_sees_what(void **state)
{
	(void)state;
	struct kj_analysis a;
	/* The NCO: everything. */
	struct kj_user nco = user_of(KJ_ROLE_NCO, 0, NULL, NULL);
	load(&nco, KJ_VIEW_NATIONAL, "2026", NULL, NULL, &a);
	assert_false(cell(&a, "ict", A)->suppressed);
	assert_false(nat(&a, A)->suppressed);
	assert_false(prev_cell(&a, "electricity", A)->suppressed);
	assert_false(nat(&a, X)->suppressed);
	kj_analysis_free(&a);
	/* 経済産業省: electricity whole; ICT's three operators hidden, and the
	 * nation with them (it minus electricity would be ICT). */
	struct kj_user meti = user_of(KJ_ROLE_MINISTRY, 0, "meti", NULL);
	load(&meti, KJ_VIEW_NATIONAL, "2026", NULL, NULL, &a);
	assert_false(cell(&a, "electricity", A)->suppressed);
	assert_true(cell(&a, "ict", A)->suppressed);
	assert_true(nat(&a, A)->suppressed);
	assert_safe(&a);
	json_t *j = kj_analysis_fig_json(&a, cell(&a, "ict", A));
	assert_true(json_is_true(json_object_get(j, "suppressed")));
	assert_true(json_is_null(json_object_get(j, "rate")));
	assert_true(json_is_null(json_object_get(j, "levels")));
	json_decref(j);
	kj_analysis_free(&a);
	/* An ICT CEPTOAR: its sectors' published snapshots only, no live view. */
	struct kj_user cep = user_of(KJ_ROLE_CEPTOAR, 0, NULL, "ict");
	struct kj_analysis_refusal no;
	struct kj_err nerr = { "" };
	assert_int_equal(kj_analysis_load(st, &cep, KJ_VIEW_SECTOR, "2026", "ict", NULL, 0, &a, &no,
					  &nerr), 1);
	assert_int_equal(no.code, 404);
	/* An ICT operator: aggregates of five or more. */
	struct kj_user op = user_of(KJ_ROLE_OPERATOR, 7, NULL, NULL);
	const struct kj_user *readers[] = { &op };
	for (int u = 0; u < 1; u++) {
		load(readers[u], KJ_VIEW_NATIONAL, "2026", NULL, NULL, &a);
		assert_true(cell(&a, "ict", A)->suppressed);
		/* Electricity's six are enough alone, but not beside ICT's
		 * three: both hidden, the nation's nine shown. */
		assert_true(cell(&a, "electricity", A)->suppressed);
		assert_false(nat(&a, A)->suppressed);
		/* X: electricity's 2 answers and ICT's 3 hidden; the nation's 5
		 * are 4 operators (operator 2 is in both): hidden too. */
		assert_true(cell(&a, "electricity", X)->suppressed);
		assert_true(cell(&a, "ict", X)->suppressed);
		assert_int_equal(nat(&a, X)->size, 5);
		assert_true(nat(&a, X)->suppressed);
		/* FY2025's three answers, as that year shows them: hidden. */
		assert_true(prev_cell(&a, "electricity", A)->suppressed);
		assert_true(a.nat_prv[kj_catalog_req_index(&a.cat, A)].suppressed);
		assert_safe(&a);
		/* Each by its rule: ICT's three, electricity beside them; X's
		 * hidden five answers are all at level 1, which would tell each
		 * operator's level, and no other sector answered it: the nation's
		 * total goes. */
		assert_int_equal(cell(&a, "ict", A)->suppressed, KJ_SUP_PRIMARY_K);
		assert_int_equal(cell(&a, "electricity", A)->suppressed, KJ_SUP_SECONDARY);
		assert_int_equal(nat(&a, X)->suppressed, KJ_SUP_TOTAL);
		/* Electricity's B: five applicable answers, every one at level 2,
		 * tell each operator's level: the dominance rule. */
		assert_int_equal(cell(&a, "electricity", B)->suppressed, KJ_SUP_DOMINANCE);
		json_t *dj = kj_analysis_fig_json(&a, cell(&a, "electricity", B));
		assert_true(json_is_true(json_object_get(dj, "suppressed")));
		assert_string_equal(json_string_value(json_object_get(dj, "suppressed_by")),
				    "dominance");
		json_decref(dj);
		dj = kj_analysis_fig_json(&a, nat(&a, A));
		assert_true(json_is_null(json_object_get(dj, "suppressed_by")));
		json_decref(dj);
		kj_analysis_free(&a);
		load(readers[u], KJ_VIEW_REQUIREMENT, "2026", NULL, A, &a);
		assert_safe(&a);
		kj_analysis_free(&a);
		/* The sector view: its breakdowns hide groups under k. */
		load(readers[u], KJ_VIEW_SECTOR, "2026", "electricity", NULL, &a);
		assert_safe(&a);
		for (int i = 0; i < a.nvalues; i++)
			if (!a.values[i].f.suppressed)
				assert_true(a.values[i].f.size >= a.k);
		kj_analysis_free(&a);
	}
}

static void test_return_leaves_the_counts(void **state)
{
	(void)state;
	/* Operator 6 (electricity, 3.2.1-1 at 3) is returned. */
	move(2, 6, "submitted", "returned");
	check_recount(2);
	struct kj_analysis a;
	load(NULL, KJ_VIEW_NATIONAL, "2026", NULL, NULL, &a);
	const struct kj_analysis_fig *e = cell(&a, "electricity", A);
	assert_levels(e, 1, 0, 1, 1, 1, 1);
	assert_rate(e, 0.5);
	double mean;
	assert_true(kj_levels_mean(&e->l, &mean) && mean > 2.2499 && mean < 2.2501);
	assert_rate(nat(&a, A), 4.0 / 7.0);
	assert_int_equal(a.operators[sector_of(&a, "electricity")], 5);
	assert_int_equal(a.submitted[sector_of(&a, "electricity")], 5);
	assert_int_equal(a.nat_submitted, 7);
	kj_analysis_free(&a);
	/* Submitted again: counted again, once. */
	move(2, 6, "returned", "submitted");
	check_recount(2);
	load(NULL, KJ_VIEW_NATIONAL, "2026", NULL, NULL, &a);
	assert_rate(cell(&a, "electricity", A), 0.6);
	kj_analysis_free(&a);
	/* Moves that change nothing counted change nothing. */
	move(2, 6, "submitted", "submitted");
	check_recount(2);
	/* A rebuild gives the same counts. */
	struct kj_err err = { "" };
	if (kj_store_analysis_rebuild(st, 2, &err) < 0)
		fail_msg("%s", err.msg);
	check_recount(2);
}

static int64_t epoch(int survey)
{
	int64_t n = -1;
	struct kj_err err = { "" };
	if (kj_store_analysis_epoch(st, survey, &n, &err) < 0)
		fail_msg("%s", err.msg);
	return n;
}

/* The epoch moves with every change of the counts, once a transaction, and
 * only then. */
static void test_epoch_moves_with_the_counts(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	int64_t e0 = epoch(2), other = epoch(1);
	move(2, 6, "submitted", "returned");
	assert_true(epoch(2) == e0 + 1);
	move(2, 6, "returned", "draft");	/* not counted either way: no move */
	assert_true(epoch(2) == e0 + 1);
	/* Two moves in one transaction: one step. */
	if (kj_store_begin(st, &err) < 0 ||
	    kj_store_analysis_move(st, 2, 6, "draft", "submitted", &err) < 0 ||
	    kj_store_analysis_move(st, 2, 5, "submitted", "returned", &err) < 0 ||
	    kj_store_analysis_move(st, 2, 5, "returned", "submitted", &err) < 0)
		fail_msg("%s", err.msg);
	kj_store_rollback(st);
	assert_true(epoch(2) == e0 + 1);	/* rolled back with the counts */
	move(2, 6, "draft", "submitted");
	assert_true(epoch(2) == e0 + 2);
	if (kj_store_analysis_rebuild(st, 2, &err) < 0)
		fail_msg("%s", err.msg);
	assert_true(epoch(2) == e0 + 3);
	assert_true(epoch(1) == other);	/* another survey's stays */
	check_recount(2);
}

static int count_mean(void *ctx, int64_t org, const char *function, long sum, long n)
{
	(void)org;
	(void)function;
	(void)sum;
	*(long *)ctx += n;
	return 0;
}

/* The operators' function sums an operator's benchmark reads are kept
 * with the counts, and a read kept by the connection never outlives them. */
static long bench_levels(const char *sector)
{
	long n = 0;
	struct kj_err err = { "" };
	if (kj_store_bench_means(st, 2, sector, count_mean, &n, &err) < 0)
		fail_msg("%s", err.msg);
	return n;
}

static void test_bench_sums_follow_the_counts(void **state)
{
	(void)state;
	long before = bench_levels("electricity");
	assert_true(before > 0);
	assert_int_equal(bench_levels("electricity"), before);	/* kept, the same */
	move(2, 6, "submitted", "returned");
	long after = bench_levels("electricity");
	assert_true(after < before);
	check_recount(2);
	move(2, 6, "returned", "submitted");
	assert_int_equal(bench_levels("electricity"), before);
	check_recount(2);
}

static void test_refusals(void **state)
{
	(void)state;
	struct kj_analysis a;
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	const struct {
		enum kj_analysis_view v;
		const char *fy, *sector, *req;
		int code;
	} bad[] = {
		{ KJ_VIEW_NATIONAL, NULL, NULL, NULL, 400 },
		{ KJ_VIEW_NATIONAL, "abc", NULL, NULL, 400 },
		{ KJ_VIEW_NATIONAL, "2026 ", NULL, NULL, 400 },
		{ KJ_VIEW_NATIONAL, "99999999999999999999", NULL, NULL, 400 },
		{ KJ_VIEW_NATIONAL, "2030", NULL, NULL, 404 },
		{ KJ_VIEW_SECTOR, "2026", "nope", NULL, 404 },
		{ KJ_VIEW_SECTOR, "2026", NULL, NULL, 404 },
		{ KJ_VIEW_REQUIREMENT, "2026", NULL, "9.9-9", 404 },
		{ KJ_VIEW_REQUIREMENT, "2026", NULL, "'; DROP TABLE answer; --", 404 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(kj_analysis_load(st, NULL, bad[i].v, bad[i].fy, bad[i].sector,
						  bad[i].req, 0, &a, &why, &err), 1);
		assert_int_equal(why.code, bad[i].code);
		assert_true(why.en[0] && why.ja[0]);
	}
	/* A disabled user sees nothing. */
	struct kj_user off = user_of(KJ_ROLE_NCO, 0, NULL, NULL);
	off.disabled = 1;
	assert_int_equal(kj_analysis_load(st, &off, KJ_VIEW_NATIONAL, "2026", NULL, NULL, 0, &a,
					  &why, &err), 1);
}

/* The app's own return on a demo database: the counts drop in its
 * transaction, and stay equal to a recount. */
static void test_demo_return(void **state)
{
	(void)state;
	const char *demo = kj_test_db("analysis_demo.db");
	struct kj_store *ds = th_init_db(demo);
	struct kj_demo_opts o = { .operators = 40, .seed = 3, .years = 2, .today = "2026-12-04",
				  .actor = "test" };
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(ds, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	long diff = -1;
	for (int sv = 1; sv <= 2; sv++) {
		assert_int_equal(kj_store_analysis_check(ds, sv, &diff, &err), 0);
		assert_int_equal(diff, 0);
	}
	long org = th_sql_long(demo, "SELECT MIN(organisation_id) FROM response"
			       " WHERE survey_id = 2 AND status = 'submitted'");
	long sectors = th_sql_long(demo, "SELECT COUNT(*) FROM survey_respondent"
				   " WHERE survey_id = 2 AND organisation_id = (SELECT"
				   " MIN(organisation_id) FROM response WHERE survey_id = 2"
				   " AND status = 'submitted')");
	const char *all = "SELECT COALESCE(SUM(n), 0) FROM analysis_group"
			  " WHERE survey_id = 2 AND dim = 'all'";
	long before = th_sql_long(demo, all);
	assert_true(org > 0 && sectors > 0);
	struct kj_actor cli = { NULL, 0, "cli:test" };
	struct kj_answer_refusal why;
	if (kj_app_response_return(ds, &cli, 2, org, "記入漏れがあります", &why, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(why.fault, 0);
	assert_int_equal(th_sql_long(demo, all), before - sectors);
	assert_int_equal(kj_store_analysis_check(ds, 2, &diff, &err), 0);
	assert_int_equal(diff, 0);
	/* FY2025 has a survey (of the older version) but none before it;
	 * FY2026 follows it through the demo's crosswalk. */
	struct kj_analysis a;
	struct kj_analysis_refusal no;
	assert_int_equal(kj_analysis_load(ds, NULL, KJ_VIEW_NATIONAL, "2025", NULL, NULL, 0, &a, &no,
					  &err), 0);
	assert_false(a.has_prev);
	assert_true(a.nat_submitted > 0);
	kj_analysis_free(&a);
	assert_int_equal(kj_analysis_load(ds, NULL, KJ_VIEW_NATIONAL, "2026", NULL, NULL, 0, &a, &no,
					  &err), 0);
	assert_true(a.has_prev);
	int carried = 0;
	for (int r = 0; r < a.nr; r++)
		carried += a.kind[r] >= 0 && kj_levels_answers(&a.nat_prv[r].l) > 0;
	assert_true(carried > 0);
	kj_analysis_free(&a);
	kj_store_close(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures_by_hand),
		cmocka_unit_test(test_sector_breakdown),
		cmocka_unit_test(test_who_sees_what),
		cmocka_unit_test(test_return_leaves_the_counts),
		cmocka_unit_test(test_epoch_moves_with_the_counts),
		cmocka_unit_test(test_bench_sums_follow_the_counts),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_demo_return),
	};
	return cmocka_run_group_tests_name("analysis", tests, setup, teardown);
}
