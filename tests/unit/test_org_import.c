/*
 * Unit tests of the registry import (src/app/org_import.c over
 * kj_store_org_plan and kj_store_org_apply): additions, updates of one part
 * only, identical records, the history and audit entries, an import whose
 * plan another writer overtakes between the plan and the write, and the
 * refusals: the user's reach and a form's rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "app/org_import.h"
#include "model/corpnum.h"
#include "store/store.h"
#include "store/store_org.h"
#include "store/store_org_list.h"

#define NORGS 3

/* Three operators: 電力 (with a contact), ガス, and a 水道 of a town. */
static void records(struct kj_org_record r[NORGS])
{
	static const struct { const char *base, *name, *sector; } o[NORGS] = {
		{ "010001000101", "甲電力株式会社", "electricity" },
		{ "010001000102", "乙ガス株式会社", "gas" },
		{ "010001000103", "丙町水道事業", "water" },
	};
	memset(r, 0, sizeof(struct kj_org_record) * NORGS);
	for (int i = 0; i < NORGS; i++) {
		int d = kj_corpnum_check_digit(o[i].base);
		assert_true(d >= 0);
		snprintf(r[i].corporate_number, sizeof r[i].corporate_number, "%d%s", d, o[i].base);
		snprintf(r[i].name_ja, sizeof r[i].name_ja, "%s", o[i].name);
		snprintf(r[i].sectors[0], sizeof r[i].sectors[0], "%s", o[i].sector);
		r[i].nsectors = 1;
		snprintf(r[i].size_class, sizeof r[i].size_class, "large");
		snprintf(r[i].prefecture, sizeof r[i].prefecture, "13");
		r[i].active = 1;
		r[i].ministries_given = 1;
	}
	snprintf(r[0].contact_name, sizeof r[0].contact_name, "情報 一郎");
	snprintf(r[0].contact_phone, sizeof r[0].contact_phone, "03-1234-5678");
}

static struct kj_org_import_stats import(struct kj_store *st, const struct kj_org_record *r,
					 int n)
{
	const struct kj_actor cli = { NULL, 0, "test" };
	struct kj_org_saved saved;
	struct kj_err err = { "" };
	if (kj_app_org_save(st, &cli, r, n, KJ_ORG_ANY, &saved, &err) < 0)
		fail_msg("import: %s", err.msg);
	assert_int_equal(saved.refused, 0);
	return saved.stats;
}

/* What ACTOR saving R (N records, EXPECT) is refused for; KJ_ORG_ALLOWED if written. */
static enum kj_org_refusal refusal(struct kj_store *st, const struct kj_user *user,
				   const struct kj_org_record *r, int n, int64_t expect)
{
	const struct kj_actor actor = { user, user ? user->id : 0, "test:user" };
	struct kj_org_saved saved;
	struct kj_err err = { "" };
	if (kj_app_org_save(st, &actor, r, n, expect, &saved, &err) < 0)
		fail_msg("save: %s", err.msg);
	return saved.refused ? saved.reason : KJ_ORG_ALLOWED;
}

static void test_add_update_unchanged(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("imp.db");
	struct kj_org_record r[NORGS];
	records(r);
	struct kj_store *st = th_init_db(db);
	struct kj_org_import_stats s = import(st, r, NORGS);
	assert_int_equal(s.added, 3);
	assert_int_equal(s.updated + s.unchanged, 0);
	s = import(st, r, NORGS);
	assert_int_equal(s.unchanged, 3);
	assert_int_equal(s.added + s.updated, 0);

	/* Only the telephone number: one update, the sectors untouched. */
	snprintf(r[0].contact_phone, sizeof r[0].contact_phone, "03-9999-0000");
	s = import(st, r, NORGS);
	assert_int_equal(s.updated, 1);
	assert_int_equal(s.unchanged, 2);
	/* Only the sectors of another. */
	snprintf(r[1].sectors[1], sizeof r[1].sectors[1], "electricity");
	r[1].nsectors = 2;
	s = import(st, r, NORGS);
	assert_int_equal(s.updated, 1);
	kj_store_close(st);

	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"), 3);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_contact"
				     " WHERE phone = '03-9999-0000' AND name = '情報 一郎'"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_contact"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_sector"), 4);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_history"), 2);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_history"
				     " WHERE snapshot LIKE '%03-1234-5678%'"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM audit_entry"
				     " WHERE action = 'org.add'"), 3);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM audit_entry"
				     " WHERE action = 'org.update'"), 2);
	/* The standard's load (init) and each of the three imports that wrote
	 * moved the generation once. */
	assert_int_equal(th_sql_long(db, "SELECT generation FROM registry_generation"), 4);
	th_rm_db(db);
}

/*
 * Another writer changes the registry between the plan and the write: the
 * write refuses the stale plan without writing, and the import made again
 * inside the lock keeps both changes.
 */
static void test_overtaken_plan_is_made_again(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("race.db");
	struct kj_org_record r[NORGS], mine[NORGS];
	struct kj_err err = { "" };
	records(r);
	struct kj_store *st = th_init_db(db), *other = NULL;
	import(st, r, NORGS);
	if (kj_store_open(&other, db, 0, &err) < 0)
		fail_msg("%s", err.msg);

	memcpy(mine, r, sizeof mine);
	snprintf(mine[0].name_ja, sizeof mine[0].name_ja, "甲電力ホールディングス株式会社");
	struct kj_org_plan plan;
	assert_int_equal(kj_store_org_plan(st, mine, NORGS, NULL, NULL, &plan, &err), 0);
	assert_int_equal(plan.stats.updated, 1);

	/* The other writer: a new telephone number for the gas company. */
	snprintf(r[1].contact_phone, sizeof r[1].contact_phone, "06-1111-2222");
	assert_int_equal(import(other, r, NORGS).updated, 1);

	assert_int_equal(kj_store_begin(st, &err), 0);
	assert_int_equal(kj_store_org_apply(st, &plan, 0, &err), 1);
	kj_store_rollback(st);
	kj_store_org_plan_free(&plan);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"
				     " WHERE name_ja = '甲電力ホールディングス株式会社'"), 0);

	/*
	 * The use case itself, with the stale file of the first writer: the
	 * gas company's number, unchanged in its file since it was read, is
	 * written back (a later import wins), and the history keeps both.
	 */
	struct kj_org_import_stats s = import(st, mine, NORGS);
	assert_int_equal(s.updated, 2);
	kj_store_close(other);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"
				     " WHERE name_ja = '甲電力ホールディングス株式会社'"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_history"
				     " WHERE snapshot LIKE '%06-1111-2222%'"), 1);
	th_rm_db(db);
}

/* A write outside a transaction is refused: the plan is only safe inside one. */
static void test_apply_needs_transaction(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("notx.db");
	struct kj_org_record r[NORGS];
	struct kj_err err = { "" };
	records(r);
	struct kj_store *st = th_init_db(db);
	struct kj_org_plan plan;
	assert_int_equal(kj_store_org_plan(st, r, NORGS, NULL, NULL, &plan, &err), 0);
	assert_int_equal(plan.stats.added, 3);
	assert_int_equal(kj_store_org_apply(st, &plan, 0, &err), -1);
	assert_non_null(strstr(err.msg, "transaction"));
	kj_store_org_plan_free(&plan);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"), 0);
	th_rm_db(db);
}

/*
 * A ministry's reach, checked in the same step as the write: METI (電力,
 * ガス) may change its operators, not the water utility, nor add one in
 * water; a refusal anywhere in the file writes nothing. The form's own
 * rules: a new operator's number must be new, an edited one's unchanged.
 */
static void test_reach_and_form_rules(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("reach.db");
	struct kj_org_record r[NORGS];
	records(r);
	struct kj_store *st = th_init_db(db);
	import(st, r, NORGS);
	struct kj_user meti = { .id = 7, .role = KJ_ROLE_MINISTRY, .ministry = "meti",
				.sectors = { "electricity", "gas" }, .nsectors = 2 };
	struct kj_user nco = { .id = 1, .role = KJ_ROLE_NCO };
	struct kj_user op = { .id = 9, .role = KJ_ROLE_OPERATOR, .org_id = 1 };

	snprintf(r[0].name_ja, sizeof r[0].name_ja, "甲電力株式会社（新）");
	snprintf(r[2].name_ja, sizeof r[2].name_ja, "丙町上下水道事業");
	assert_int_equal(refusal(st, &meti, r, NORGS, KJ_ORG_ANY), KJ_ORG_HELD_ELSEWHERE);
	assert_int_equal(refusal(st, &meti, r, 2, KJ_ORG_ANY), KJ_ORG_ALLOWED);
	assert_int_equal(refusal(st, &op, r, 1, KJ_ORG_ANY), KJ_ORG_HELD_ELSEWHERE);

	/* Moving its own operator into water is out of its reach. */
	snprintf(r[1].sectors[0], sizeof r[1].sectors[0], "water");
	assert_int_equal(refusal(st, &meti, &r[1], 1, KJ_ORG_ANY), KJ_ORG_OUT_OF_REACH);
	/* A new water operator too, while a new gas one is allowed. */
	struct kj_org_record fresh = r[2];
	snprintf(fresh.name_ja, sizeof fresh.name_ja, "丁ガス株式会社");
	int d = kj_corpnum_check_digit("010001000199");
	snprintf(fresh.corporate_number, sizeof fresh.corporate_number, "%d%s", d,
		 "010001000199");
	assert_int_equal(refusal(st, &meti, &fresh, 1, KJ_ORG_NEW), KJ_ORG_OUT_OF_REACH);
	snprintf(fresh.sectors[0], sizeof fresh.sectors[0], "gas");
	assert_int_equal(refusal(st, &meti, &fresh, 1, KJ_ORG_NEW), KJ_ORG_ALLOWED);

	/* The form: a known number for a new operator, another number for operator 1. */
	assert_int_equal(refusal(st, &nco, &fresh, 1, KJ_ORG_NEW), KJ_ORG_ALREADY_REGISTERED);
	assert_int_equal(refusal(st, &nco, &r[1], 1, 1), KJ_ORG_NUMBER_CHANGED);
	kj_store_close(st);

	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"), 4);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"
				     " WHERE name_ja = '丙町上下水道事業'"), 0);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"
				     " WHERE name_ja = '甲電力株式会社（新）'"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM audit_entry"
				     " WHERE actor = 'test:user'"), 2);
	th_rm_db(db);
}

/* A sector's total is kept per connection, and forgotten when another one writes. */
static void test_sector_count_follows_writes(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("count.db");
	struct kj_org_record r[NORGS];
	struct kj_err err = { "" };
	records(r);
	struct kj_store *st = th_init_db(db), *other = NULL;
	import(st, r, 1);
	if (kj_store_open(&other, db, 0, &err) < 0)
		fail_msg("%s", err.msg);
	static const char elec[][24] = { "electricity" };
	const struct kj_org_scope sc = { elec, 1, 0, NULL };
	long total;
	assert_int_equal(kj_store_org_count(st, &sc, &total, &err), 0);
	assert_int_equal(total, 1);
	snprintf(r[1].sectors[0], sizeof r[1].sectors[0], "electricity");
	import(other, r, 2);
	assert_int_equal(kj_store_org_count(st, &sc, &total, &err), 0);
	assert_int_equal(total, 2);
	/* And the page of the sector, in corporate-number order, from the index. */
	struct kj_org_record got[4];
	int64_t ids[4];
	int n;
	assert_int_equal(kj_store_org_list(st, &sc, 0, got, ids, 4, &n, &total, &err), 0);
	assert_int_equal(n, 2);
	assert_true(strcmp(got[0].corporate_number, got[1].corporate_number) < 0);
	assert_int_equal(kj_store_org_list(st, &sc, 1, got, ids, 4, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(got[0].corporate_number,
			    strcmp(r[0].corporate_number, r[1].corporate_number) > 0
			    ? r[0].corporate_number : r[1].corporate_number);
	kj_store_close(other);
	kj_store_close(st);
	th_rm_db(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_update_unchanged),
		cmocka_unit_test(test_overtaken_plan_is_made_again),
		cmocka_unit_test(test_apply_needs_transaction),
		cmocka_unit_test(test_reach_and_form_rules),
		cmocka_unit_test(test_sector_count_follows_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
