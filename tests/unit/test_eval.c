/*
 * Unit tests of evaluations' rules (model/evaluation.c, kj_authz_eval):
 * the workflow's table (which act moves which scope from which state to
 * which), who may make each move (the whole matrix of roles x scopes x
 * acts, against another ministry's evaluation too), what each reader
 * reads, the sections of each scope, the checks of figure references and
 * addressees, and the PDCA board's due dates and "late" rule.
 */
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "app/authz.h"
#include "base/util.h"
#include "model/evaluation.h"

static struct kj_user nco, min_user, other_min, hq, auditor, op;

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

static int setup(void **state)
{
	(void)state;
	user(&nco, KJ_ROLE_NCO, NULL, NULL);
	user(&min_user, KJ_ROLE_MINISTRY, "mhlw", "medical");
	user(&other_min, KJ_ROLE_MINISTRY, "meti", "electricity");
	user(&hq, KJ_ROLE_HQ, NULL, NULL);
	user(&auditor, KJ_ROLE_AUDITOR, NULL, NULL);
	user(&op, KJ_ROLE_OPERATOR, NULL, NULL);
	return 0;
}

static void test_transitions(void **state)
{
	(void)state;
	const struct kj_eval_transition *t = kj_eval_transition(KJ_EVAL_SECTOR, KJ_EVAL_SUBMIT);
	assert_non_null(t);
	assert_int_equal(t->from, KJ_EVAL_DRAFT);
	assert_int_equal(t->to, KJ_EVAL_SUBMITTED);
	assert_int_equal(t->by, KJ_EVAL_BY_OWNER);
	t = kj_eval_transition(KJ_EVAL_CROSS, KJ_EVAL_RETURN);
	assert_int_equal(t->from, KJ_EVAL_SUBMITTED);
	assert_int_equal(t->to, KJ_EVAL_DRAFT);
	assert_int_equal(t->by, KJ_EVAL_BY_NCO);
	assert_true(t->needs_message);
	t = kj_eval_transition(KJ_EVAL_SECTOR, KJ_EVAL_FINALISE);
	assert_int_equal(t->from, KJ_EVAL_SUBMITTED);
	assert_int_equal(t->to, KJ_EVAL_FINAL);
	assert_int_equal(t->by, KJ_EVAL_BY_NCO);
	/* The HQ's: finalised from draft by HQ, never submitted or returned. */
	assert_null(kj_eval_transition(KJ_EVAL_HQ, KJ_EVAL_SUBMIT));
	assert_null(kj_eval_transition(KJ_EVAL_HQ, KJ_EVAL_RETURN));
	t = kj_eval_transition(KJ_EVAL_HQ, KJ_EVAL_FINALISE);
	assert_int_equal(t->from, KJ_EVAL_DRAFT);
	assert_int_equal(t->to, KJ_EVAL_FINAL);
	assert_int_equal(t->by, KJ_EVAL_BY_HQ);
	assert_null(kj_eval_transition(KJ_EVAL_SECTOR, KJ_EVAL_NACTS));
	assert_int_equal(kj_eval_act_parse("finalise"), KJ_EVAL_FINALISE);
	assert_int_equal(kj_eval_act_parse("report"), -1);
	assert_int_equal(kj_eval_act_parse(NULL), -1);
	assert_int_equal(kj_eval_state_parse("final"), KJ_EVAL_FINAL);
	assert_int_equal(kj_eval_state_parse("reported"), -1);
}

/* Who may make each move: rows users, columns the uses, per evaluation. */
static void test_who_moves(void **state)
{
	(void)state;
	const struct kj_eval_ref med = { KJ_EVAL_SECTOR, "medical", "mhlw", KJ_EVAL_SUBMITTED };
	const struct kj_eval_ref cross = { KJ_EVAL_CROSS, NULL, NULL, KJ_EVAL_SUBMITTED };
	const struct kj_eval_ref hqe = { KJ_EVAL_HQ, NULL, NULL, KJ_EVAL_DRAFT };
	static const struct {
		const struct kj_user *u;
		int med[5], cross[5], hq[5];	/* read, own, submit, return, finalise */
	} rows[] = {
		{ &nco,       { 1, 0, 0, 1, 1 }, { 1, 1, 1, 1, 1 }, { 1, 0, 0, 0, 0 } },
		{ &min_user,  { 1, 1, 1, 0, 0 }, { 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0 } },
		{ &other_min, { 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0 } },
		{ &hq,        { 1, 0, 0, 0, 0 }, { 1, 0, 0, 0, 0 }, { 1, 1, 0, 0, 1 } },
		{ &auditor,   { 1, 0, 0, 0, 0 }, { 1, 0, 0, 0, 0 }, { 1, 0, 0, 0, 0 } },
		{ &op,        { 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0 } },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		for (int u = KJ_EVAL_USE_READ; u <= KJ_EVAL_USE_FINALISE; u++) {
			if (kj_authz_eval(rows[i].u, (enum kj_eval_use)u, &med) != rows[i].med[u])
				fail_msg("role %d use %d on the medical evaluation", rows[i].u->role, u);
			if (kj_authz_eval(rows[i].u, (enum kj_eval_use)u, &cross) != rows[i].cross[u])
				fail_msg("role %d use %d on the cross-sector evaluation", rows[i].u->role, u);
			if (kj_authz_eval(rows[i].u, (enum kj_eval_use)u, &hqe) != rows[i].hq[u])
				fail_msg("role %d use %d on the HQ evaluation", rows[i].u->role, u);
		}
	/* The command line may do everything. */
	assert_true(kj_authz_eval(NULL, KJ_EVAL_USE_FINALISE, &hqe));
	/* Readers by state: HQ not a sector's draft; a ministry the HQ's once final. */
	const struct kj_eval_ref draft = { KJ_EVAL_SECTOR, "medical", "mhlw", KJ_EVAL_DRAFT };
	const struct kj_eval_ref hqf = { KJ_EVAL_HQ, NULL, NULL, KJ_EVAL_FINAL };
	assert_false(kj_authz_eval(&hq, KJ_EVAL_USE_READ, &draft));
	assert_true(kj_authz_eval(&min_user, KJ_EVAL_USE_READ, &hqf));
	assert_true(kj_authz_eval(&other_min, KJ_EVAL_USE_READ, &hqf));
	assert_false(kj_authz_eval(&op, KJ_EVAL_USE_READ, &hqf));
	/* A ministry owns only its own sector under its own name. */
	const struct kj_eval_ref elec = { KJ_EVAL_SECTOR, "electricity", "mhlw", KJ_EVAL_DRAFT };
	assert_false(kj_authz_eval(&min_user, KJ_EVAL_USE_OWN, &elec));
	assert_false(kj_authz_eval(&other_min, KJ_EVAL_USE_OWN, &elec));
	/* A disabled user: nothing. */
	struct kj_user off = min_user;
	off.disabled = 1;
	assert_false(kj_authz_eval(&off, KJ_EVAL_USE_READ, &draft));
}

static void test_sections_and_checks(void **state)
{
	(void)state;
	assert_true(kj_eval_section_of(KJ_EVAL_SECTOR, KJ_EVAL_MEASURES));
	assert_false(kj_eval_section_of(KJ_EVAL_SECTOR, KJ_EVAL_SUMMARY));
	assert_true(kj_eval_section_of(KJ_EVAL_HQ, KJ_EVAL_SUMMARY));
	assert_false(kj_eval_section_of(KJ_EVAL_HQ, KJ_EVAL_GAPS));
	assert_null(kj_eval_fig_check_ref(KJ_FIG_NATIONAL, ""));
	assert_non_null(kj_eval_fig_check_ref(KJ_FIG_NATIONAL, "medical"));
	assert_null(kj_eval_fig_check_ref(KJ_FIG_SECTOR, "medical"));
	assert_non_null(kj_eval_fig_check_ref(KJ_FIG_SECTOR, "Medical<"));
	assert_null(kj_eval_fig_check_ref(KJ_FIG_REQUIREMENT, "3.2.1-1"));
	assert_non_null(kj_eval_fig_check_ref(KJ_FIG_REQUIREMENT, "3.2.1"));
	assert_non_null(kj_eval_fig_check_ref(KJ_FIG_REQUIREMENT, "-1"));
	assert_true(kj_item_addressee_valid("nco"));
	assert_true(kj_item_addressee_valid("medical"));
	assert_false(kj_item_addressee_valid(""));
	assert_false(kj_item_addressee_valid("a b"));
	char key[80];
	kj_eval_scope_key(KJ_EVAL_SECTOR, "medical", "mhlw", key, sizeof key);
	assert_string_equal(key, "sector:mhlw:medical");
	kj_eval_scope_key(KJ_EVAL_HQ, NULL, NULL, key, sizeof key);
	assert_string_equal(key, "hq");
}

static void test_pdca_due(void **state)
{
	(void)state;
	char due[11];
	kj_pdca_due_date(KJ_PDCA_PLAN, 2026, due);
	assert_string_equal(due, "2026-06-30");
	kj_pdca_due_date(KJ_PDCA_EVAL, 2026, due);
	assert_string_equal(due, "2027-03-31");
	kj_pdca_due_date(KJ_PDCA_UPDATE, 2026, due);
	assert_string_equal(due, "2027-06-30");
	assert_false(kj_pdca_late("2026-06-30", "2026-06-30", 0));	/* on the day: not yet */
	assert_true(kj_pdca_late("2026-06-30", "2026-07-01", 0));
	assert_false(kj_pdca_late("2026-06-30", "2027-01-01", 1));	/* done: never late */
	kj_pdca_due_date(KJ_PDCA_NSTEPS, 2026, due);
	assert_string_equal(due, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_transitions, setup),
		cmocka_unit_test_setup(test_who_moves, setup),
		cmocka_unit_test_setup(test_sections_and_checks, setup),
		cmocka_unit_test_setup(test_pdca_due, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
