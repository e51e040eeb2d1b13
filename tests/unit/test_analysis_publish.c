/*
 * Published snapshots of the analysis (app/analysis_publish.c,
 * store/store_snapshot.c) on a demo database: who may publish which sector
 * (the NCO and the command line any; a ministry the sectors it holds whole;
 * nobody else), the snapshot as a reader of aggregates sees it (its figures
 * suppressed for k, each named by its rule, and a log row for each), its
 * digest, its audit entry, who reads it (the sector's CEPTOAR, the sector's
 * respondents, the ministry and the NCO with the log; nobody else, as if it
 * were not there), frozen after a later return, a new publication a new
 * snapshot, refusals writing nothing. On SQLite and, as
 * unit_analysis_publish_pg, on PostgreSQL.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "app/analysis_publish.h"
#include "app/authz.h"
#include "app/demo.h"
#include "app/survey_answer.h"
#include "store/store_users.h"

static const char *db;
static struct kj_store *st;
static struct kj_user nco, ministry, ministry_env, ceptoar, op, hq, auditor;

static void user(const char *login, struct kj_user *u)
{
	int found = 0;
	struct kj_err err = { "" };
	if (kj_store_user_by_login(st, login, u, &found, &err) < 0 || !found)
		fail_msg("user %s: %s", login, err.msg);
}

static int setup(void **state)
{
	(void)state;
	db = kj_test_db("analysis_publish.db");
	st = th_init_db(db);
	struct kj_demo_opts o = { .operators = 60, .seed = 5, .years = 2, .today = "2026-12-04",
				  .actor = "test" };
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	user("demo-nco", &nco);
	user("demo-ministry", &ministry);
	user("demo-ministry-env", &ministry_env);
	user("demo-ceptoar", &ceptoar);
	user("demo-operator", &op);
	user("demo-hq", &hq);
	user("demo-auditor", &auditor);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kj_store_close(st);
	return 0;
}

static int publish(const struct kj_user *u, const char *sector, const char *fy, int k,
		   int64_t *id, struct kj_analysis_refusal *why)
{
	struct kj_actor a = { u, u ? u->id : 0, u ? u->login : "cli:test" };
	struct kj_err err = { "" };
	int rc = kj_analysis_publish(st, &a, sector, fy, k, id, why, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	return rc;
}

static long snapshots(void)
{
	return th_sql_long(db, "SELECT COUNT(*) FROM analysis_snapshot");
}

/* Counting the suppressed figures of a view. */
static int count_sup(void *ctx, const char *figure, const char *rule)
{
	int *n = ctx;
	assert_true(figure[0] != '\0');
	assert_true(rule[0] != '\0');
	(*n)++;
	return 0;
}

static void test_who_publishes(void **state)
{
	(void)state;
	struct kj_analysis_refusal why;
	int64_t id = 0;
	long before = snapshots();
	/* Not theirs: another ministry's sector, a sector held in part, a
	 * CEPTOAR, an operator, HQ, the auditor. */
	static const struct { const struct kj_user *u; const char *sector; } no[] = {
		{ &ministry, "electricity" }, { &ministry, "government" },
		{ &ministry_env, "medical" }, { &ceptoar, "medical" }, { &op, "medical" },
		{ &hq, "medical" }, { &auditor, "medical" },
	};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		assert_int_equal(publish(no[i].u, no[i].sector, "2026", 0, &id, &why), 1);
		assert_int_equal(why.code, 403);
		assert_true(why.en[0] && why.ja[0]);
	}
	/* Bad requests: a year, a sector, a k. */
	assert_int_equal(publish(&nco, "medical", "20x6", 0, &id, &why), 1);
	assert_int_equal(why.code, 400);
	assert_int_equal(publish(&nco, "medical", "2031", 0, &id, &why), 1);
	assert_int_equal(why.code, 404);
	assert_int_equal(publish(&nco, "nosuch", "2026", 0, &id, &why), 1);
	assert_int_equal(why.code, 404);
	assert_int_equal(publish(&nco, "medical", "2026", 2, &id, &why), 1);
	assert_int_equal(why.code, 400);
	assert_int_equal(snapshots(), before);
	/* The ministry its own sector, the NCO and the command line any. */
	assert_int_equal(publish(&ministry, "medical", "2026", 0, &id, &why), 0);
	assert_true(id > 0);
	assert_int_equal(publish(&nco, "water", "2026", 0, &id, &why), 0);
	assert_int_equal(publish(NULL, "electricity", "2025", 0, &id, &why), 0);
	assert_int_equal(snapshots(), before + 3);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM audit_entry WHERE action ="
				     " 'analysis.publish'"), before + 3);
}

/* Snapshot ID as U reads it: 0, or the refusal's code. */
static int get(const struct kj_user *u, int64_t id, struct kj_snapshot *s)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", (long long)id);
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	int rc = kj_analysis_published_get(st, u, text, s, &why, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	return rc ? why.code : 0;
}

static void test_snapshot_content(void **state)
{
	(void)state;
	struct kj_analysis_refusal why;
	int64_t id;
	assert_int_equal(publish(&ministry, "medical", "2026", 0, &id, &why), 0);
	struct kj_snapshot s;
	assert_int_equal(get(NULL, id, &s), 0);
	assert_string_equal(s.m.sector, "medical");
	assert_int_equal(s.m.fy, 2026);
	assert_int_equal(s.m.k, KJ_ANALYSIS_K);
	assert_int_equal(s.m.publisher_id, ministry.id);
	assert_string_equal(s.m.publisher, "demo-ministry");
	/* Its digest is the SHA-256 of its JSON. */
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[KJ_SNAPSHOT_DIGEST_HEX];
	crypto_hash_sha256(h, (const unsigned char *)s.body, strlen(s.body));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	assert_string_equal(hex, s.m.digest);
	/* As a reader of aggregates sees it: the ministry would see every
	 * figure of its sector, the snapshot suppresses some; a log row each. */
	assert_string_equal(json_string_value(json_object_get(s.view, "view")), "sector");
	int n = 0;
	assert_int_equal(kj_analysis_suppressions(s.view, count_sup, &n), 0);
	assert_true(n > 0);
	assert_int_equal(s.m.suppressed, n);
	assert_true(s.show_log);
	assert_int_equal(s.nlog, n);
	for (int i = 0; i < s.nlog; i++) {
		assert_int_equal(s.log[i].seq, i + 1);
		int known = 0;
		for (int r = 1; r < KJ_SUP_NRULES; r++)
			known |= !strcmp(s.log[i].rule, kj_sup_rule_name(r));
		assert_true(known);
	}
	struct kj_analysis live;
	struct kj_err err = { "" };
	assert_int_equal(kj_analysis_load(st, &ministry, KJ_VIEW_SECTOR, "2026", "medical", NULL, 0,
					  &live, &why, &err), 0);
	json_t *lj = kj_analysis_json(&live);
	int nl = 0;
	assert_int_equal(kj_analysis_suppressions(lj, count_sup, &nl), 0);
	assert_int_equal(nl, 0);
	json_decref(lj);
	kj_analysis_free(&live);
	kj_snapshot_free(&s);
}

static void test_who_reads(void **state)
{
	(void)state;
	struct kj_analysis_refusal why;
	int64_t med, water;
	assert_int_equal(publish(&ministry, "medical", "2026", 0, &med, &why), 0);
	assert_int_equal(publish(&nco, "water", "2026", 0, &water, &why), 0);
	struct kj_snapshot s;
	/* The sector's CEPTOAR and operator read it, without the log. */
	assert_int_equal(get(&ceptoar, med, &s), 0);
	assert_false(s.show_log);
	assert_null(s.log);
	kj_snapshot_free(&s);
	assert_int_equal(get(&op, med, &s), 0);
	assert_false(s.show_log);
	kj_snapshot_free(&s);
	/* The ministry, the NCO and the auditor with the log. */
	assert_int_equal(get(&ministry, med, &s), 0);
	assert_true(s.show_log);
	kj_snapshot_free(&s);
	assert_int_equal(get(&nco, water, &s), 0);
	assert_true(s.show_log);
	kj_snapshot_free(&s);
	assert_int_equal(get(&auditor, med, &s), 0);
	kj_snapshot_free(&s);
	/* Another sector's snapshot is not there for them, nor anything for HQ. */
	assert_int_equal(get(&ceptoar, water, &s), 404);
	assert_int_equal(get(&op, water, &s), 404);
	assert_int_equal(get(&ministry, water, &s), 404);
	assert_int_equal(get(&ministry_env, med, &s), 404);
	assert_int_equal(get(&hq, med, &s), 404);
	/* An operator that was not asked in that sector. */
	struct kj_user other = op;
	other.org_id = th_sql_long(db, "SELECT MIN(organisation_id) FROM survey_respondent r"
				   " WHERE survey_id = 2 AND NOT EXISTS (SELECT 1 FROM"
				   " survey_respondent x WHERE x.survey_id = 2 AND x.sector_code"
				   " = 'medical' AND x.organisation_id = r.organisation_id)");
	assert_true(other.org_id > 0);
	assert_int_equal(get(&other, med, &s), 404);
	/* No such snapshot, or not a number. */
	assert_int_equal(get(&nco, 99999, &s), 404);
	struct kj_err err = { "" };
	assert_int_equal(kj_analysis_published_get(st, &nco, "1; DROP TABLE x", &s, &why, &err), 1);
	assert_int_equal(why.code, 404);
	assert_int_equal(kj_analysis_published_get(st, &nco, NULL, &s, &why, &err), 1);
	/* The lists: each reader its own. */
	struct kj_snapshot_meta m[KJ_SNAPSHOT_LIST_MAX];
	int n = 0;
	assert_int_equal(kj_analysis_published_list(st, &ceptoar, m, KJ_SNAPSHOT_LIST_MAX, &n,
						     &err), 0);
	assert_true(n > 0);
	for (int i = 0; i < n; i++)
		assert_string_equal(m[i].sector, "medical");
	/* Newest first. */
	assert_int_equal(m[0].id, med);
	assert_int_equal(kj_analysis_published_list(st, &hq, m, KJ_SNAPSHOT_LIST_MAX, &n, &err), 0);
	assert_int_equal(n, 0);
	int all = 0;
	assert_int_equal(kj_analysis_published_list(st, &nco, m, KJ_SNAPSHOT_LIST_MAX, &all, &err),
			 0);
	assert_int_equal(all, (int)snapshots());
}

static void test_frozen(void **state)
{
	(void)state;
	struct kj_analysis_refusal why;
	int64_t id, id2;
	assert_int_equal(publish(&ministry, "medical", "2026", 0, &id, &why), 0);
	struct kj_snapshot s;
	assert_int_equal(get(&ceptoar, id, &s), 0);
	char *body = strdup(s.body);
	char digest[KJ_SNAPSHOT_DIGEST_HEX];
	snprintf(digest, sizeof digest, "%s", s.m.digest);
	kj_snapshot_free(&s);
	/* A medical operator's submission is returned: the live counts drop. */
	long org = th_sql_long(db, "SELECT MIN(p.organisation_id) FROM response p JOIN"
			       " survey_respondent r ON r.survey_id = p.survey_id AND"
			       " r.organisation_id = p.organisation_id WHERE p.survey_id = 2 AND"
			       " p.status = 'submitted' AND r.sector_code = 'medical'");
	assert_true(org > 0);
	struct kj_actor cli = { NULL, 0, "cli:test" };
	struct kj_answer_refusal no;
	struct kj_err err = { "" };
	if (kj_app_response_return(st, &cli, 2, org, "記入漏れがあります", &no, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(no.fault, 0);
	/* The snapshot stays as it was; a new publication differs. */
	assert_int_equal(get(&ceptoar, id, &s), 0);
	assert_string_equal(s.body, body);
	assert_string_equal(s.m.digest, digest);
	kj_snapshot_free(&s);
	assert_int_equal(publish(&ministry, "medical", "2026", 0, &id2, &why), 0);
	assert_true(id2 > id);
	assert_int_equal(get(&ceptoar, id2, &s), 0);
	assert_string_not_equal(s.m.digest, digest);
	/* One operator fewer counted in the new one. */
	json_t *old = json_loads(body, 0, NULL);
	assert_non_null(old);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(s.view, "sector"),
							    "operators")) + 1,
			 json_integer_value(json_object_get(json_object_get(old, "sector"),
							    "operators")));
	json_decref(old);
	kj_snapshot_free(&s);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_who_publishes),
		cmocka_unit_test(test_snapshot_content),
		cmocka_unit_test(test_who_reads),
		cmocka_unit_test(test_frozen),
	};
	return cmocka_run_group_tests_name("analysis_publish", tests, setup, teardown);
}
