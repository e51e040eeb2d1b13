/*
 * Self-reported against verified (model/verified.c,
 * store/store_onsite_compare.c, app/onsite_compare*.c) on a hand-built set
 * of visits, every figure computed by hand in docs/metrics.md's rules: the
 * FY2025 on-site survey visited electricity operators 1..6 and gas
 * operators 7 and 8; operator 6's report is not issued (not counted). The
 * counts, N/A and missing sides, the mean difference and its distribution,
 * the most over-reported requirements and their ties, and what each reader
 * sees: the command line and a ministry every figure of their sectors, a
 * CEPTOAR nothing of fewer than k operators (and not the sector whose
 * difference from the nation would give the other away), an operator its
 * own visit and nothing of fewer than k + 1. On SQLite and, as
 * unit_onsite_compare_pg, on PostgreSQL.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "app/onsite_compare.h"
#include "model/metrics.h"
#include "model/verified.h"
#include "store/db.h"

#define A "3.2.1-1"
#define B "3.2.1-2"
#define C "3.3.1.1-1"
#define N KJ_CMP_NONE

static const char *db;
static struct kj_store *st;

static void exec(const char *sql)
{
	struct kj_err err = { "" };
	if (kj_db_exec(st, sql, &err) < 0)
		fail_msg("%s: %s", sql, err.msg);
}

static void level_sql(char *out, size_t n, int v)
{
	if (v == N)
		snprintf(out, n, "NULL");
	else
		snprintf(out, n, "%d", v);
}

static void item(int visit, const char *req, int self, int verified)
{
	char sql[640], s[8], v[8];
	level_sql(s, sizeof s, self);
	level_sql(v, sizeof v, verified);
	snprintf(sql, sizeof sql, "INSERT INTO onsite_item (visit_id, requirement_id, self_level,"
		 " verified_level, na_reason, findings, evidence) SELECT %d, id, %s, %s, %s,"
		 " '所見', '証跡' FROM requirement WHERE version_id = 1 AND code = '%s'", visit, s, v,
		 verified == -1 ? "'対象設備なし'" : "NULL", req);
	exec(sql);
}

static int setup(void **state)
{
	(void)state;
	db = kj_test_db("onsite_compare.db");
	st = th_init_db(db);
	char sql[768];
	for (int o = 1; o <= 8; o++) {
		snprintf(sql, sizeof sql, "INSERT INTO organisation (id, corporate_number, name_ja,"
			 " size_class, core_infra, local_gov, prefecture_code, created_at, updated_at)"
			 " VALUES (%d, '800000000000%d', '事業者%d', 'small', 0, 0, '13',"
			 " '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')", o, o, o);
		exec(sql);
		snprintf(sql, sizeof sql, "INSERT INTO organisation_sector (organisation_id,"
			 " sector_code) VALUES (%d, '%s')", o, o <= 6 ? "electricity" : "gas");
		exec(sql);
	}
	exec("INSERT INTO survey (id, fiscal_year, version_id, kind, title_ja, title_en, status,"
	     " created_at, owner_kind) VALUES (10, 2025, 1, 'onsite', '令和7年度 実地調査',"
	     " 'FY2025 on-site', 'closed', '2025-05-01T00:00:00Z', 'nco')");
	/* A draft of the same year: never counted. */
	exec("INSERT INTO survey (id, fiscal_year, version_id, kind, title_ja, title_en, status,"
	     " created_at, owner_kind) VALUES (11, 2025, 1, 'onsite', '下書き', 'draft', 'draft',"
	     " '2025-05-01T00:00:00Z', 'nco')");
	exec("INSERT INTO survey_sector (survey_id, sector_code) VALUES (10, 'electricity'),"
	     " (10, 'gas'), (11, 'electricity')");
	for (int o = 1; o <= 8; o++) {
		snprintf(sql, sizeof sql, "INSERT INTO onsite_visit (id, survey_id, organisation_id,"
			 " visit_on, state, revision, created_at, updated_at) VALUES (%d, 10, %d,"
			 " '2025-09-01', '%s', 1, '2025-08-01T00:00:00Z', '2025-10-01T00:00:00Z')",
			 o, o, o == 6 ? "recorded" : "issued");
		exec(sql);
	}
	exec("INSERT INTO onsite_visit (id, survey_id, organisation_id, visit_on, state, revision,"
	     " created_at, updated_at) VALUES (9, 11, 1, '2025-09-01', 'issued', 1,"
	     " '2025-08-01T00:00:00Z', '2025-10-01T00:00:00Z')");
	item(9, A, 4, 0);
	/* (self, verified): -1 N/A, N none. */
	item(1, A, 3, 2); item(1, B, 2, 2); item(1, C, -1, -1);
	item(2, A, 4, 2); item(2, B, 1, 2); item(2, C, 3, 3);
	item(3, A, 2, 2); item(3, B, 3, N); item(3, C, 2, 1);
	item(4, A, 3, 3); item(4, B, N, 2); item(4, C, 4, 4);
	item(5, A, 1, 1); item(5, B, 2, -1); item(5, C, 0, 0);
	item(6, A, 4, 0);
	item(7, A, 2, 1); item(7, B, 2, 2);
	item(8, A, 3, 3); item(8, C, 1, 2);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kj_store_close(st);
	return 0;
}

static struct kj_user user_of(enum kj_role role, int64_t org)
{
	struct kj_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "u%d", (int)role);
	u.role = role;
	u.org_id = org;
	if (role == KJ_ROLE_MINISTRY) {
		snprintf(u.ministry, sizeof u.ministry, "meti");
		snprintf(u.sectors[0], sizeof u.sectors[0], "electricity");
		snprintf(u.sectors[1], sizeof u.sectors[1], "gas");
		u.nsectors = 2;
	} else if (role == KJ_ROLE_CEPTOAR) {
		snprintf(u.sectors[0], sizeof u.sectors[0], "electricity");
		u.nsectors = 1;
	}
	return u;
}

static void load(const struct kj_user *u, const char *sector, struct kj_verified *v)
{
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	int rc = kj_verified_load(st, u, "2025", sector, 0, v, &why, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	if (rc > 0)
		fail_msg("refused %d: %s", why.code, why.en);
}

#define NEAR(x, want) assert_true(fabs((x) - (want)) < 1e-9)

static int sec_of(const struct kj_verified *v, const char *code)
{
	int s = kj_catalog_sector_index(&v->cat, code);
	assert_true(s >= 0);
	return s;
}

static const struct kj_vfig *cell(const struct kj_verified *v, const char *sector,
				  const char *req)
{
	int q = kj_catalog_req_index(&v->cat, req);
	assert_true(q >= 0);
	return &v->cell[(size_t)sec_of(v, sector) * (size_t)v->nr + (size_t)q];
}

static const struct kj_vfig *nat_req(const struct kj_verified *v, const char *req)
{
	int q = kj_catalog_req_index(&v->cat, req);
	assert_true(q >= 0);
	return &v->req[q];
}

static void expect(const struct kj_vfig *f, long ops, long below, long equal, long above,
		   long na, long missing, long diff_sum)
{
	assert_int_equal(f->suppressed, 0);
	assert_int_equal(f->operators, ops);
	assert_int_equal(kj_cmp_below(&f->c), below);
	assert_int_equal(kj_cmp_equal(&f->c), equal);
	assert_int_equal(kj_cmp_above(&f->c), above);
	assert_int_equal(kj_cmp_compared(&f->c), below + equal + above);
	assert_int_equal(f->c.na, na);
	assert_int_equal(f->c.missing, missing);
	assert_int_equal(kj_cmp_diff_sum(&f->c), diff_sum);
}

/* The arithmetic alone: N/A and missing sides, the mean, the order. */
static void test_arithmetic(void **state)
{
	(void)state;
	struct kj_cmp c;
	memset(&c, 0, sizeof c);
	double x;
	assert_int_equal(kj_cmp_mean(&c, &x), 0);
	assert_int_equal(kj_cmp_share(&c, 0, &x), 0);
	kj_cmp_add(&c, 4, 0);
	kj_cmp_add(&c, 0, 4);
	kj_cmp_add(&c, 2, 2);
	kj_cmp_add(&c, -1, 3);	/* N/A self */
	kj_cmp_add(&c, 3, -1);	/* N/A verified */
	kj_cmp_add(&c, N, 3);	/* no self level */
	kj_cmp_add(&c, -1, N);	/* not verified yet: missing wins over N/A */
	kj_cmp_add(&c, 7, 1);	/* out of the scale: missing */
	assert_int_equal(c.diff[0], 1);
	assert_int_equal(c.diff[8], 1);
	assert_int_equal(c.diff[4], 1);
	assert_int_equal(c.na, 2);
	assert_int_equal(c.missing, 3);
	assert_int_equal(kj_cmp_compared(&c), 3);
	assert_int_equal(kj_cmp_mean(&c, &x), 1);
	NEAR(x, 0.0);
	assert_int_equal(kj_cmp_share(&c, kj_cmp_below(&c), &x), 1);
	NEAR(x, 1.0 / 3.0);

	/* The order of the most over-reported: share, then count, then mean, then catalog. */
	struct kj_cmp a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.diff[3] = 1; a.diff[4] = 1;		/* 1 of 2 below */
	b.diff[3] = 2; b.diff[4] = 2;		/* 2 of 4 below: the same share, more below */
	assert_true(kj_cmp_over_order(&b, 5, &a, 1) < 0);
	assert_true(kj_cmp_over_order(&a, 1, &b, 5) > 0);
	memset(&a, 0, sizeof a);
	a.diff[2] = 2; a.diff[4] = 2;		/* 2 of 4 below by 2: mean -1 */
	assert_true(kj_cmp_over_order(&a, 9, &b, 5) < 0);
	assert_true(kj_cmp_over_order(&b, 5, &b, 7) < 0);	/* all the same: the catalog */
	assert_true(kj_cmp_over_order(&b, 7, &b, 5) > 0);
	memset(&a, 0, sizeof a);
	a.diff[3] = 3;				/* 3 of 3 below */
	assert_true(kj_cmp_over_order(&a, 9, &b, 5) < 0);
}

/* The command line sees everything: the figures by hand. */
static void test_figures(void **state)
{
	(void)state;
	struct kj_verified v;
	load(NULL, NULL, &v);
	assert_int_equal(v.nsurveys, 1);
	assert_int_equal(v.k, KJ_ANALYSIS_K);
	/* Electricity, operators 1..5 (6 not issued). */
	expect(cell(&v, "electricity", A), 5, 2, 3, 0, 0, 0, -3);
	expect(cell(&v, "electricity", B), 2, 0, 1, 1, 1, 2, 1);
	expect(cell(&v, "electricity", C), 4, 1, 3, 0, 1, 0, -1);
	expect(&v.sec[sec_of(&v, "electricity")], 5, 3, 7, 1, 2, 2, -3);
	double mean;
	assert_true(kj_cmp_mean(&v.sec[sec_of(&v, "electricity")].c, &mean));
	NEAR(mean, -3.0 / 11.0);
	expect(&v.sec[sec_of(&v, "gas")], 2, 1, 2, 1, 0, 0, 0);
	expect(&v.nat, 7, 4, 9, 2, 2, 2, -3);
	assert_true(kj_cmp_mean(&v.nat.c, &mean));
	NEAR(mean, -0.2);
	/* The distribution: A nationally -2 once, -1 twice, 0 four times. */
	const struct kj_vfig *a = nat_req(&v, A);
	expect(a, 7, 3, 4, 0, 0, 0, -4);
	assert_int_equal(a->c.diff[2], 1);
	assert_int_equal(a->c.diff[3], 2);
	assert_int_equal(a->c.diff[4], 4);
	/* Most over-reported nationally: A (3 of 7), then C (1 of 5); B has none below. */
	assert_int_equal(v.nover, 2);
	assert_string_equal(v.cat.reqs[v.over[0]].id, A);
	assert_string_equal(v.cat.reqs[v.over[1]].id, C);
	/* Every visited operator counted (6 not issued: not there). */
	assert_int_equal(v.norgs, 7);
	for (int i = 0; i < v.norgs; i++) {
		assert_true(v.orgs[i].shown);
		assert_true(v.orgs[i].id != 6);
	}
	assert_int_equal(v.own, -1);
	kj_verified_free(&v);

	/* The sector view: electricity's requirements, its own over-reported list. */
	load(NULL, "electricity", &v);
	assert_int_equal(v.nover, 2);
	assert_string_equal(v.cat.reqs[v.over[0]].id, A);	/* 2 of 5 */
	assert_string_equal(v.cat.reqs[v.over[1]].id, C);	/* 1 of 4 */
	int shown = 0;
	for (int i = 0; i < v.norgs; i++)
		shown += v.orgs[i].shown;
	assert_int_equal(shown, 5);
	json_t *j = kj_verified_json(&v);
	assert_non_null(j);
	json_t *f = json_object_get(json_object_get(j, "sector"), "figure");
	assert_int_equal(json_integer_value(json_object_get(f, "below")), 3);
	NEAR(json_real_value(json_object_get(f, "mean_difference")), -0.2727);
	NEAR(json_real_value(json_object_get(f, "share_below")), 0.2727);
	assert_int_equal(json_array_size(json_object_get(j, "operators")), 5);
	json_decref(j);
	kj_verified_free(&v);
}

/* Readers of aggregates: nothing of fewer than k operators, nor what a total gives away. */
static void test_suppression(void **state)
{
	(void)state;
	struct kj_verified v;
	struct kj_user cep = user_of(KJ_ROLE_CEPTOAR, 0);
	load(&cep, NULL, &v);
	/* Gas (2 operators) is hidden; electricity too, or the nation minus it would be gas. */
	assert_int_equal(v.sec[sec_of(&v, "gas")].suppressed, KJ_SUP_PRIMARY_K);
	assert_int_equal(v.sec[sec_of(&v, "electricity")].suppressed, KJ_SUP_SECONDARY);
	expect(&v.nat, 7, 4, 9, 2, 2, 2, -3);
	assert_true(cell(&v, "gas", A)->suppressed);
	assert_true(cell(&v, "electricity", A)->suppressed);
	/* No operator's own figures. */
	for (int i = 0; i < v.norgs; i++)
		assert_false(v.orgs[i].shown);
	json_t *j = kj_verified_json(&v);
	json_t *g = json_object_get(json_array_get(json_object_get(j, "sectors"),
						   (size_t)sec_of(&v, "gas")), "figure");
	assert_true(json_is_true(json_object_get(g, "suppressed")));
	assert_string_equal(json_string_value(json_object_get(g, "suppressed_by")), "primary-k");
	assert_null(json_object_get(g, "below"));
	assert_int_equal(json_array_size(json_object_get(j, "operators")), 0);
	assert_true(json_is_null(json_object_get(j, "own")));
	json_decref(j);
	kj_verified_free(&v);

	/* A ministry holding both sectors sees them whole, with their operators. */
	struct kj_user min = user_of(KJ_ROLE_MINISTRY, 0);
	load(&min, "gas", &v);
	expect(&v.sec[sec_of(&v, "gas")], 2, 1, 2, 1, 0, 0, 0);
	int shown = 0;
	for (int i = 0; i < v.norgs; i++)
		shown += v.orgs[i].shown;
	assert_int_equal(shown, 2);
	kj_verified_free(&v);

	/* An operator: its own visit, and k + 1 for the rest (5 in electricity: hidden). */
	struct kj_user op = user_of(KJ_ROLE_OPERATOR, 1);
	load(&op, NULL, &v);
	assert_int_equal(v.k, KJ_ANALYSIS_K + 1);
	assert_true(v.own >= 0);
	assert_int_equal(v.orgs[v.own].id, 1);
	expect(&v.orgs[v.own].f, 1, 1, 1, 0, 1, 0, -1);
	assert_int_equal(v.sec[sec_of(&v, "electricity")].suppressed, KJ_SUP_PRIMARY_K);
	expect(&v.nat, 7, 4, 9, 2, 2, 2, -3);
	for (int i = 0; i < v.norgs; i++)
		assert_int_equal(v.orgs[i].shown, i == v.own);
	kj_verified_free(&v);

	/* With k = 3 gas (2 operators) is still hidden, and electricity with it. */
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	assert_int_equal(kj_verified_load(st, &cep, "2025", NULL, 3, &v, &why, &err), 0);
	assert_int_equal(v.sec[sec_of(&v, "gas")].suppressed, KJ_SUP_PRIMARY_K);
	assert_int_equal(v.sec[sec_of(&v, "electricity")].suppressed, KJ_SUP_SECONDARY);
	kj_verified_free(&v);
}

/* Bad requests and a year without visits. */
static void test_refusals(void **state)
{
	(void)state;
	struct kj_verified v;
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	assert_int_equal(kj_verified_load(st, NULL, "20x5", NULL, 0, &v, &why, &err), 1);
	assert_int_equal(why.code, 400);
	assert_int_equal(kj_verified_load(st, NULL, "2025", "nope", 0, &v, &why, &err), 1);
	assert_int_equal(why.code, 404);
	assert_int_equal(kj_verified_load(st, NULL, "2025", NULL, 2, &v, &why, &err), 1);
	assert_int_equal(why.code, 400);
	struct kj_user off = user_of(KJ_ROLE_NCO, 0);
	off.disabled = 1;
	assert_int_equal(kj_verified_load(st, &off, "2025", NULL, 0, &v, &why, &err), 1);
	assert_int_equal(why.code, 404);
	assert_int_equal(kj_verified_load(st, NULL, "2024", NULL, 0, &v, &why, &err), 0);
	assert_int_equal(v.nsurveys, 0);
	assert_int_equal(kj_cmp_compared(&v.nat.c), 0);
	assert_int_equal(v.nover, 0);
	kj_verified_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_suppression),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
