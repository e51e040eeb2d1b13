/*
 * Unit tests of implementation plans (model/plan.c, store/store_plan.c,
 * app/plan.c, app/plan_measure.c, kj_authz_plan): the workflow's table and
 * who may move a plan from which state, the prefill from the standard's
 * main measures (checked against the embedded measures.json and the
 * standard's text), optimistic locking and bad input that changes nothing,
 * the targets frozen on submission, the copy into the next year and the
 * diff of two years. On a small demo database; on SQLite and, as
 * unit_plan_pg, on PostgreSQL.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "base/util.h"
#include "app/authz.h"
#include "app/demo.h"
#include "app/plan.h"
#include "base/embed.h"

#define TODAY "2026-12-05"

static const char *db;
static struct kj_store *st;
static char sector[32], ministry[16], other_sector[32];
static struct kj_user nco, min_user, other_min, hq, auditor, op;
static const struct kj_actor cli = { NULL, 0, "cli:test" };

static void user(struct kj_user *u, enum kj_role role, const char *m, const char *sec)
{
	memset(u, 0, sizeof *u);
	u->id = 1000 + role;
	u->role = role;
	snprintf(u->login, sizeof u->login, "u%d", (int)role);
	if (m)
		snprintf(u->ministry, sizeof u->ministry, "%s", m);
	if (sec) {
		kj_strlcpy(u->sectors[0], sec, sizeof u->sectors[0]);
		u->nsectors = 1;
	}
}

static void text_of(const char *sql, char *out, size_t n)
{
	if (kj_test_sql_text(db, sql, out, n) < 0)
		fail_msg("no row: %s", sql);
}

static int setup(void **state)
{
	(void)state;
	db = kj_test_db("plan.db");
	st = th_init_db(db);
	struct kj_demo_opts o = { .operators = 120, .seed = 7, .years = 2, .today = TODAY };
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	/* A sector one ministry holds whole, and another sector of another ministry. */
	text_of("SELECT sector_code FROM sector_ministry WHERE whole = 1 AND sector_code IN"
		" (SELECT sector_code FROM sector_ministry GROUP BY sector_code"
		"  HAVING COUNT(*) = 1) ORDER BY sector_code", sector, sizeof sector);
	char q[256];
	snprintf(q, sizeof q, "SELECT ministry_code FROM sector_ministry WHERE sector_code = '%s'",
		 sector);
	text_of(q, ministry, sizeof ministry);
	snprintf(q, sizeof q, "SELECT sector_code FROM sector_ministry WHERE ministry_code <> '%s'"
		 " ORDER BY sector_code", ministry);
	text_of(q, other_sector, sizeof other_sector);
	user(&nco, KJ_ROLE_NCO, NULL, NULL);
	user(&min_user, KJ_ROLE_MINISTRY, ministry, sector);
	user(&other_min, KJ_ROLE_MINISTRY, "zz", other_sector);
	user(&hq, KJ_ROLE_HQ, NULL, NULL);
	user(&auditor, KJ_ROLE_AUDITOR, NULL, NULL);
	user(&op, KJ_ROLE_OPERATOR, NULL, NULL);
	op.org_id = 1;
	/* Targets for the years the tests plan. */
	assert_int_equal(kj_test_sql(db, "INSERT INTO target (fiscal_year, sector_code,"
		" organisation_id) SELECT 2030, sector_code, organisation_id FROM target"
		" WHERE fiscal_year = 2026"), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kj_store_close(st);
	return 0;
}

static struct kj_actor as(const struct kj_user *u)
{
	return (struct kj_actor){ u, u->id, u->login };
}

/* The workflow's table: who moves a plan from which state to which. */
static void test_transitions(void **state)
{
	(void)state;
	const struct kj_plan_transition *t = kj_plan_transition(KJ_PLAN_SUBMIT);
	assert_int_equal(t->from, KJ_PLAN_DRAFT);
	assert_int_equal(t->to, KJ_PLAN_SUBMITTED);
	assert_int_equal(t->by, KJ_PLAN_BY_OWNER);
	t = kj_plan_transition(KJ_PLAN_RETURN);
	assert_int_equal(t->from, KJ_PLAN_SUBMITTED);
	assert_int_equal(t->to, KJ_PLAN_DRAFT);
	assert_int_equal(t->by, KJ_PLAN_BY_NCO);
	assert_true(t->needs_message);
	t = kj_plan_transition(KJ_PLAN_REPORT);
	assert_int_equal(t->from, KJ_PLAN_SUBMITTED);
	assert_int_equal(t->to, KJ_PLAN_REPORTED);
	assert_int_equal(t->by, KJ_PLAN_BY_NCO);
	assert_null(kj_plan_transition(KJ_PLAN_NACTS));
	assert_int_equal(kj_plan_act_parse("report"), KJ_PLAN_REPORT);
	assert_int_equal(kj_plan_act_parse("approve"), -1);
	assert_int_equal(kj_plan_state_parse("reported"), KJ_PLAN_REPORTED);
	assert_int_equal(kj_measure_status_parse("review"), KJ_MEASURE_REVIEW);
	assert_int_equal(kj_measure_status_parse("x"), -1);
	assert_string_equal(kj_measure_status_label_ja(KJ_MEASURE_DOING), "実施中");
	char reqs[KJ_PLAN_REQS_MAX][KJ_ID_MAX];
	int n;
	assert_null(kj_plan_parse_reqs("3.2.1-1, 3.3.1-2\n", reqs, &n));
	assert_int_equal(n, 2);
	assert_string_equal(reqs[1], "3.3.1-2");
	assert_non_null(kj_plan_parse_reqs("3.2.1-1 3.2.1-1", reqs, &n));
	assert_non_null(kj_plan_parse_reqs("3.2.1", reqs, &n));
	assert_non_null(kj_plan_parse_reqs("<script>", reqs, &n));
	assert_non_null(kj_plan_check_text("title", "", 10, 1));
	assert_non_null(kj_plan_check_text("title", "0123456789", 10, 0));
	assert_non_null(kj_plan_check_text("title", "a\001b", 10, 0));
	assert_null(kj_plan_check_text("title", "a\nb", 10, 1));
}

/* Who may do what to a plan, role by role. */
static void test_authz(void **state)
{
	(void)state;
	struct kj_plan_ref own = { 0, sector, ministry, KJ_PLAN_DRAFT };
	struct kj_plan_ref cross = { 1, NULL, NULL, KJ_PLAN_SUBMITTED };
	struct kj_plan_ref reported = { 0, sector, ministry, KJ_PLAN_REPORTED };
	/* The ministry: reads, owns and submits its own; never returns or reports. */
	assert_true(kj_authz_plan(&min_user, KJ_PLAN_USE_READ, &own));
	assert_true(kj_authz_plan(&min_user, KJ_PLAN_USE_OWN, &own));
	assert_true(kj_authz_plan(&min_user, KJ_PLAN_USE_SUBMIT, &own));
	assert_false(kj_authz_plan(&min_user, KJ_PLAN_USE_RETURN, &own));
	assert_false(kj_authz_plan(&min_user, KJ_PLAN_USE_REPORT, &own));
	assert_false(kj_authz_plan(&min_user, KJ_PLAN_USE_READ, &cross));
	assert_false(kj_authz_plan(&min_user, KJ_PLAN_USE_OWN, &cross));
	/* Another ministry: nothing of it. */
	assert_false(kj_authz_plan(&other_min, KJ_PLAN_USE_READ, &own));
	assert_false(kj_authz_plan(&other_min, KJ_PLAN_USE_OWN, &own));
	/* The NCO: reads all, owns the cross-sector plan, returns and reports. */
	assert_true(kj_authz_plan(&nco, KJ_PLAN_USE_READ, &own));
	assert_false(kj_authz_plan(&nco, KJ_PLAN_USE_OWN, &own));
	assert_false(kj_authz_plan(&nco, KJ_PLAN_USE_SUBMIT, &own));
	assert_true(kj_authz_plan(&nco, KJ_PLAN_USE_OWN, &cross));
	assert_true(kj_authz_plan(&nco, KJ_PLAN_USE_SUBMIT, &cross));
	assert_true(kj_authz_plan(&nco, KJ_PLAN_USE_RETURN, &own));
	assert_true(kj_authz_plan(&nco, KJ_PLAN_USE_REPORT, &own));
	/* HQ: what was reported to it, only to read. */
	assert_false(kj_authz_plan(&hq, KJ_PLAN_USE_READ, &own));
	assert_true(kj_authz_plan(&hq, KJ_PLAN_USE_READ, &reported));
	assert_false(kj_authz_plan(&hq, KJ_PLAN_USE_OWN, &reported));
	/* Auditors read all, change nothing; operators nothing at all. */
	assert_true(kj_authz_plan(&auditor, KJ_PLAN_USE_READ, &own));
	assert_false(kj_authz_plan(&auditor, KJ_PLAN_USE_REPORT, &own));
	assert_false(kj_authz_plan(&op, KJ_PLAN_USE_READ, &reported));
	min_user.disabled = 1;
	assert_false(kj_authz_plan(&min_user, KJ_PLAN_USE_READ, &own));
	min_user.disabled = 0;
	assert_true(kj_authz_allow(&nco, KJ_PERM_PLAN_REVIEW));
	assert_false(kj_authz_allow(&min_user, KJ_PERM_PLAN_REVIEW));
	assert_true(kj_authz_allow(&hq, KJ_PERM_PLAN_READ));
	assert_false(kj_authz_allow(&op, KJ_PERM_PLAN_READ));
}

/* S without the standard's footnote marks (superscript digits). */
static char *no_footnotes(const char *s)
{
	char *o = malloc(strlen(s) + 1), *w = o;
	assert_non_null(o);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (p[0] == 0xc2 && (p[1] == 0xb9 || p[1] == 0xb2 || p[1] == 0xb3)) {
			p += 2;
		} else if (p[0] == 0xe2 && p[1] == 0x81 && (p[2] == 0xb0 || (p[2] >= 0xb4 &&
								       p[2] <= 0xb9))) {
			p += 3;
		} else {
			*w++ = (char)*p++;
		}
	}
	*w = '\0';
	return o;
}

static int64_t made;	/* the plan the next tests work on */

/* A new plan holds the main measures of §2.1.2, as the data file and the standard say. */
static void test_create_prefilled(void **state)
{
	(void)state;
	struct kj_plan_refusal why;
	struct kj_err err = { "" };
	struct kj_actor a = as(&min_user);
	assert_int_equal(kj_app_plan_create(st, &a, "2030", sector, NULL, &made, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	struct kj_plan *p = kj_app_plan_alloc();
	assert_int_equal(kj_app_plan_get(st, &min_user, made, p, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	assert_int_equal(p->state, KJ_PLAN_DRAFT);
	assert_string_equal(p->ministry, ministry);
	assert_int_equal(p->revision, 1);
	const struct kj_embedded_file *f = kj_embedded_find("standard/2026/measures.json");
	const struct kj_embedded_file *src = kj_embedded_find("standard/2026/source.txt");
	assert_non_null(f);
	assert_non_null(src);
	char *text = no_footnotes((const char *)src->data);
	json_t *cats = json_loadb((const char *)f->data, f->len, 0, NULL);
	assert_int_equal(json_array_size(cats), KJ_PLAN_CATEGORIES);
	int k = 0;
	for (size_t c = 0; c < json_array_size(cats); c++) {
		json_t *ms = json_object_get(json_array_get(cats, c), "measures");
		for (size_t i = 0; i < json_array_size(ms); i++, k++) {
			const char *want = json_string_value(json_object_get(json_array_get(ms, i),
									      "text_ja"));
			char key[64];
			snprintf(key, sizeof key, "std-%d-%d", (int)c + 1, (int)i + 1);
			assert_true(k < p->nmeasures);
			assert_string_equal(p->measures[k].key, key);
			assert_int_equal(p->measures[k].category, (int)c + 1);
			assert_string_equal(p->measures[k].title, want);
			assert_int_equal(p->measures[k].status, KJ_MEASURE_TODO);
			assert_non_null(strstr(text, want));	/* the standard's own words */
		}
	}
	assert_int_equal(p->nmeasures, k);
	assert_true(k >= 15);
	json_decref(cats);
	free(text);
	/* Its event and audit entry. */
	char q[256];
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM audit_entry WHERE action = 'plan.create'"
		 " AND object_id = '%lld'", (long long)made);
	assert_int_equal(th_sql_long(db, q), 1);
	/* A second of the same year and scope, bad values, another's sector: refused. */
	int64_t id;
	assert_int_equal(kj_app_plan_create(st, &a, "2030", sector, NULL, &id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_REFUSED);
	assert_int_equal(kj_app_plan_create(st, &a, "20x0", sector, NULL, &id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	assert_int_equal(kj_app_plan_create(st, &a, "2030", "nosuch", NULL, &id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	assert_int_equal(kj_app_plan_create(st, &a, "2030", other_sector, NULL, &id, &why, &err), 0);
	assert_true(why.fault == KJ_PLAN_FORBIDDEN || why.fault == KJ_PLAN_BAD);
	assert_int_equal(kj_app_plan_create(st, &a, "2030", NULL, NULL, &id, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_FORBIDDEN);	/* the cross-sector plan is the NCO's */
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM impl_plan WHERE fiscal_year = 2030"), 1);
	/* Another ministry does not see it; a plan that is not there is not found. */
	assert_int_equal(kj_app_plan_get(st, &other_min, made, p, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_FORBIDDEN);
	assert_int_equal(kj_app_plan_get(st, &nco, 99999, p, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_NOT_FOUND);
	free(p);
}

static long revision(void)
{
	char q[128];
	snprintf(q, sizeof q, "SELECT revision FROM impl_plan WHERE id = %lld", (long long)made);
	return th_sql_long(db, q);
}

/* Edits name their revision: a stale one, or a bad value, changes nothing. */
static void test_edit_and_lock(void **state)
{
	(void)state;
	struct kj_plan_refusal why;
	struct kj_err err = { "" };
	struct kj_actor a = as(&min_user);
	assert_int_equal(kj_app_plan_set_body(st, &a, made, "1", "gov", "推進会議を通じて連携する。",
					      &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	assert_int_equal(revision(), 2);
	/* The same revision again: someone else wrote first. */
	assert_int_equal(kj_app_plan_set_body(st, &a, made, "1", "gov", "上書き", &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_CONFLICT);
	assert_int_equal(revision(), 2);
	char q[256], got[256];
	snprintf(q, sizeof q, "SELECT body FROM impl_plan_body WHERE plan_id = %lld AND section = 'gov'",
		 (long long)made);
	text_of(q, got, sizeof got);
	assert_string_equal(got, "推進会議を通じて連携する。");
	/* Bad input: nothing changes, not even the revision. */
	struct kj_measure_request m = { .key = "std-1-1", .kpi = "年1回の訓練", .status = "doing",
					.reqs = "3.2.1-1, 9.9.9-9" };
	assert_int_equal(kj_app_plan_set_measure(st, &a, made, "2", &m, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	assert_non_null(strstr(why.msg, "9.9.9-9"));
	m.reqs = "3.2.1-1";
	m.status = "finished";
	assert_int_equal(kj_app_plan_set_measure(st, &a, made, "2", &m, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	m.status = "doing";
	m.title = "";
	assert_int_equal(kj_app_plan_set_measure(st, &a, made, "2", &m, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	m.title = NULL;
	m.key = "std-9-9";
	assert_int_equal(kj_app_plan_set_measure(st, &a, made, "2", &m, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	assert_int_equal(kj_app_plan_set_body(st, &a, made, "2", "nope", "x", &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	assert_int_equal(kj_app_plan_set_body(st, &a, made, "abc", "gov", "x", &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	assert_int_equal(revision(), 2);
	/* Another ministry may not edit it, nor the NCO (not its plan). */
	struct kj_actor b = as(&other_min), c = as(&nco);
	m.key = "std-1-1";
	assert_int_equal(kj_app_plan_set_measure(st, &b, made, "2", &m, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_FORBIDDEN);
	assert_int_equal(kj_app_plan_set_measure(st, &c, made, "2", &m, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_FORBIDDEN);
	/* A good edit, an added measure and a dropped one. */
	assert_int_equal(kj_app_plan_set_measure(st, &a, made, "2", &m, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	snprintf(q, sizeof q, "SELECT m.kpi || '|' || m.status || '|' || r.requirement_code"
		 " FROM impl_plan_measure m JOIN impl_plan_measure_req r ON r.measure_id = m.id"
		 " WHERE m.plan_id = %lld AND m.mkey = 'std-1-1'", (long long)made);
	text_of(q, got, sizeof got);
	assert_string_equal(got, "年1回の訓練|doing|3.2.1-1");
	char key[KJ_PLAN_KEY_MAX];
	struct kj_measure_request add = { .category = "2", .title = "業界団体との勉強会" };
	assert_int_equal(kj_app_plan_add_measure(st, &a, made, "3", &add, key, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	assert_int_equal(strncmp(key, "2030-2-", 7), 0);
	add.category = "6";
	assert_int_equal(kj_app_plan_add_measure(st, &a, made, "4", &add, key, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	assert_int_equal(kj_app_plan_drop_measure(st, &a, made, "4", "std-5-3", &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	assert_int_equal(revision(), 5);
}

static int state_of(int64_t id)
{
	char q[128], got[32];
	snprintf(q, sizeof q, "SELECT state FROM impl_plan WHERE id = %lld", (long long)id);
	text_of(q, got, sizeof got);
	return kj_plan_state_parse(got);
}

/* The workflow by role: submit (owner), return with a message and report (NCO). */
static void test_workflow(void **state)
{
	(void)state;
	struct kj_plan_refusal why;
	struct kj_err err = { "" };
	struct kj_actor m = as(&min_user), n = as(&nco), h = as(&hq);
	/* Neither the NCO nor HQ submits a ministry's plan; nothing is reported from draft. */
	assert_int_equal(kj_app_plan_move(st, &n, made, "submit", NULL, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_FORBIDDEN);
	assert_int_equal(kj_app_plan_move(st, &n, made, "report", NULL, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_REFUSED);
	assert_int_equal(kj_app_plan_move(st, &m, made, "approve", NULL, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	assert_int_equal(state_of(made), KJ_PLAN_DRAFT);
	/* The ministry submits: the year's targets are frozen into the plan. */
	assert_int_equal(kj_app_plan_move(st, &m, made, "submit", NULL, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	assert_int_equal(state_of(made), KJ_PLAN_SUBMITTED);
	char q[256];
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM target WHERE fiscal_year = 2030"
		 " AND sector_code = '%s'", sector);
	long want = th_sql_long(db, q);
	assert_true(want > 0);
	snprintf(q, sizeof q, "SELECT targets FROM impl_plan WHERE id = %lld", (long long)made);
	assert_int_equal(th_sql_long(db, q), want);
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM impl_plan_target WHERE plan_id = %lld",
		 (long long)made);
	assert_int_equal(th_sql_long(db, q), want);
	/* Submitted: no more edits; the ministry neither returns nor reports it. */
	struct kj_measure_request e = { .key = "std-1-2", .kpi = "x" };
	assert_int_equal(kj_app_plan_set_measure(st, &m, made, "6", &e, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_REFUSED);
	assert_int_equal(kj_app_plan_move(st, &m, made, "report", NULL, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_FORBIDDEN);
	assert_int_equal(kj_app_plan_move(st, &m, made, "return", "x", &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_FORBIDDEN);
	/* HQ does not see it before it is reported. */
	assert_int_equal(kj_app_plan_move(st, &h, made, "report", NULL, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_FORBIDDEN);
	/* A return says why. */
	assert_int_equal(kj_app_plan_move(st, &n, made, "return", "", &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_BAD);
	assert_int_equal(state_of(made), KJ_PLAN_SUBMITTED);
	assert_int_equal(kj_app_plan_move(st, &n, made, "return", "KPIを具体的に", &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	assert_int_equal(state_of(made), KJ_PLAN_DRAFT);
	assert_int_equal(kj_app_plan_move(st, &m, made, "submit", NULL, &why, &err), 0);
	assert_int_equal(kj_app_plan_move(st, &n, made, "report", NULL, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	assert_int_equal(state_of(made), KJ_PLAN_REPORTED);
	/* HQ reads it now; who did what when is kept. */
	struct kj_plan *p = kj_app_plan_alloc();
	assert_int_equal(kj_app_plan_get(st, &hq, made, p, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	struct kj_plan_event ev[KJ_PLAN_EVENTS_MAX];
	int nev;
	assert_int_equal(kj_app_plan_events(st, p, ev, KJ_PLAN_EVENTS_MAX, &nev, &err), 0);
	assert_true(nev >= 6);
	assert_string_equal(ev[0].action, "create");
	assert_string_equal(ev[nev - 4].action, "submit");
	assert_string_equal(ev[nev - 3].action, "return");
	assert_string_equal(ev[nev - 3].message, "KPIを具体的に");
	assert_string_equal(ev[nev - 1].action, "report");
	assert_string_equal(ev[nev - 1].actor, nco.login);
	long t;
	int frozen;
	assert_int_equal(kj_app_plan_targets(st, p, &t, &frozen, &err), 0);
	assert_true(frozen);
	assert_int_equal(t, want);
	free(p);
}

/* Next year's plan starts from this year's; the diff shows what changed. */
static void test_copy_and_diff(void **state)
{
	(void)state;
	struct kj_plan_refusal why;
	struct kj_err err = { "" };
	struct kj_actor m = as(&min_user);
	int64_t next;
	assert_int_equal(kj_app_plan_copy(st, &m, made, NULL, &next, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	struct kj_plan *a = kj_app_plan_alloc(), *b = kj_app_plan_alloc();
	assert_int_equal(kj_app_plan_get(st, &min_user, made, a, &why, &err), 0);
	assert_int_equal(kj_app_plan_get(st, &min_user, next, b, &why, &err), 0);
	assert_int_equal(b->fy, 2031);
	assert_int_equal(b->state, KJ_PLAN_DRAFT);
	assert_int_equal(b->copied_from, made);
	assert_int_equal(b->targets, -1);
	assert_int_equal(b->nmeasures, a->nmeasures);
	assert_string_equal(b->body[KJ_PLAN_GOV], a->body[KJ_PLAN_GOV]);
	struct kj_plan_diff_row rows[2 * KJ_PLAN_MEASURES_MAX];
	unsigned sections;
	int n = kj_plan_diff(a, b, rows, &sections);
	assert_int_equal(sections, 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(rows[i].change, KJ_PLAN_SAME);
	/* Copied again into the same year: refused. */
	int64_t again;
	assert_int_equal(kj_app_plan_copy(st, &m, made, "2031", &again, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_REFUSED);
	/* Change one measure, add one, drop one, rewrite a section. */
	struct kj_measure_request e = { .key = "std-1-1", .kpi = "年2回の訓練", .status = "done" };
	assert_int_equal(kj_app_plan_set_measure(st, &m, next, "1", &e, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	char key[KJ_PLAN_KEY_MAX];
	struct kj_measure_request add = { .category = "4", .title = "リスク評価の手引き" };
	assert_int_equal(kj_app_plan_add_measure(st, &m, next, "2", &add, key, &why, &err), 0);
	assert_int_equal(kj_app_plan_drop_measure(st, &m, next, "3", "std-2-1", &why, &err), 0);
	assert_int_equal(kj_app_plan_set_body(st, &m, next, "4", "pp", "業界団体と定例会", &why,
					      &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	assert_int_equal(kj_app_plan_get(st, &min_user, next, b, &why, &err), 0);
	n = kj_plan_diff(a, b, rows, &sections);
	assert_int_equal(sections, 1u << KJ_PLAN_PUBLIC_PRIVATE);
	int added = 0, removed = 0, changed = 0;
	for (int i = 0; i < n; i++) {
		if (rows[i].change == KJ_PLAN_ADDED) {
			added++;
			assert_string_equal(rows[i].b->key, key);
		} else if (rows[i].change == KJ_PLAN_REMOVED) {
			removed++;
			assert_string_equal(rows[i].a->key, "std-2-1");
		} else if (rows[i].change == KJ_PLAN_CHANGED) {
			changed++;
			assert_string_equal(rows[i].b->key, "std-1-1");
			assert_int_equal(rows[i].fields, KJ_PF_KPI | KJ_PF_STATUS);
		}
	}
	assert_int_equal(added, 1);
	assert_int_equal(removed, 1);
	assert_int_equal(changed, 1);
	int64_t prev;
	assert_int_equal(kj_app_plan_previous(st, b, &prev, &err), 0);
	assert_int_equal(prev, made);
	/* The NCO's cross-sector plan: only the NCO (and the command line) makes it. */
	int64_t cross;
	struct kj_actor nc = as(&nco);
	assert_int_equal(kj_app_plan_create(st, &nc, "2030", "", NULL, &cross, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	assert_int_equal(kj_app_plan_create(st, &cli, "2031", NULL, NULL, &cross, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	struct kj_plan_row rowsl[KJ_PLAN_LIST_MAX];
	int nl;
	assert_int_equal(kj_app_plan_list(st, &min_user, 0, rowsl, KJ_PLAN_LIST_MAX, &nl, &err), 0);
	for (int i = 0; i < nl; i++)
		assert_string_equal(rowsl[i].ministry, ministry);
	assert_int_equal(kj_app_plan_list(st, &op, 0, rowsl, KJ_PLAN_LIST_MAX, &nl, &err), 0);
	assert_int_equal(nl, 0);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_authz),
		cmocka_unit_test(test_create_prefilled),
		cmocka_unit_test(test_edit_and_lock),
		cmocka_unit_test(test_workflow),
		cmocka_unit_test(test_copy_and_diff),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
