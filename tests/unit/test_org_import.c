/*
 * Unit tests of the registry import (src/app/org_import.c over
 * kj_store_org_plan and kj_store_org_apply): additions, updates of one part
 * only, identical records, the history and audit entries, and an import
 * whose plan another writer overtakes between the plan and the write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "app/org_import.h"
#include "model/corpnum.h"
#include "store/store.h"
#include "store/store_org.h"

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
	struct kj_org_import_stats stats;
	struct kj_err err = { "" };
	if (kj_app_org_import(st, r, n, 0, "test", &stats, &err) < 0)
		fail_msg("import: %s", err.msg);
	return stats;
}

static void test_add_update_unchanged(void **state)
{
	(void)state;
	struct kj_org_record r[NORGS];
	records(r);
	struct kj_store *st = th_init_db("imp.db");
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

	assert_int_equal(th_sql_long("imp.db", "SELECT COUNT(*) FROM organisation"), 3);
	assert_int_equal(th_sql_long("imp.db", "SELECT COUNT(*) FROM organisation_contact"
				     " WHERE phone = '03-9999-0000' AND name = '情報 一郎'"), 1);
	assert_int_equal(th_sql_long("imp.db", "SELECT COUNT(*) FROM organisation_contact"), 1);
	assert_int_equal(th_sql_long("imp.db", "SELECT COUNT(*) FROM organisation_sector"), 4);
	assert_int_equal(th_sql_long("imp.db", "SELECT COUNT(*) FROM organisation_history"), 2);
	assert_int_equal(th_sql_long("imp.db", "SELECT COUNT(*) FROM organisation_history"
				     " WHERE snapshot LIKE '%03-1234-5678%'"), 1);
	assert_int_equal(th_sql_long("imp.db", "SELECT COUNT(*) FROM audit_entry"
				     " WHERE action = 'org.add'"), 3);
	assert_int_equal(th_sql_long("imp.db", "SELECT COUNT(*) FROM audit_entry"
				     " WHERE action = 'org.update'"), 2);
	/* Each of the three imports that wrote moved the generation once. */
	assert_int_equal(th_sql_long("imp.db", "SELECT generation FROM registry_generation"), 3);
	th_rm_db("imp.db");
}

/*
 * Another writer changes the registry between the plan and the write: the
 * write refuses the stale plan without writing, and the import made again
 * inside the lock keeps both changes.
 */
static void test_overtaken_plan_is_made_again(void **state)
{
	(void)state;
	struct kj_org_record r[NORGS], mine[NORGS];
	struct kj_err err = { "" };
	records(r);
	struct kj_store *st = th_init_db("race.db"), *other = NULL;
	import(st, r, NORGS);
	if (kj_store_open(&other, "race.db", 0, &err) < 0)
		fail_msg("%s", err.msg);

	memcpy(mine, r, sizeof mine);
	snprintf(mine[0].name_ja, sizeof mine[0].name_ja, "甲電力ホールディングス株式会社");
	struct kj_org_plan plan;
	assert_int_equal(kj_store_org_plan(st, mine, NORGS, &plan, &err), 0);
	assert_int_equal(plan.stats.updated, 1);

	/* The other writer: a new telephone number for the gas company. */
	snprintf(r[1].contact_phone, sizeof r[1].contact_phone, "06-1111-2222");
	assert_int_equal(import(other, r, NORGS).updated, 1);

	assert_int_equal(kj_store_begin(st, &err), 0);
	assert_int_equal(kj_store_org_apply(st, &plan, 0, &err), 1);
	kj_store_rollback(st);
	kj_store_org_plan_free(&plan);
	assert_int_equal(th_sql_long("race.db", "SELECT COUNT(*) FROM organisation"
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
	assert_int_equal(th_sql_long("race.db", "SELECT COUNT(*) FROM organisation"
				     " WHERE name_ja = '甲電力ホールディングス株式会社'"), 1);
	assert_int_equal(th_sql_long("race.db", "SELECT COUNT(*) FROM organisation_history"
				     " WHERE snapshot LIKE '%06-1111-2222%'"), 1);
	th_rm_db("race.db");
}

/* A write outside a transaction is refused: the plan is only safe inside one. */
static void test_apply_needs_transaction(void **state)
{
	(void)state;
	struct kj_org_record r[NORGS];
	struct kj_err err = { "" };
	records(r);
	struct kj_store *st = th_init_db("notx.db");
	struct kj_org_plan plan;
	assert_int_equal(kj_store_org_plan(st, r, NORGS, &plan, &err), 0);
	assert_int_equal(plan.stats.added, 3);
	assert_int_equal(kj_store_org_apply(st, &plan, 0, &err), -1);
	assert_non_null(strstr(err.msg, "transaction"));
	kj_store_org_plan_free(&plan);
	kj_store_close(st);
	assert_int_equal(th_sql_long("notx.db", "SELECT COUNT(*) FROM organisation"), 0);
	th_rm_db("notx.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_update_unchanged),
		cmocka_unit_test(test_overtaken_plan_is_made_again),
		cmocka_unit_test(test_apply_needs_transaction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
