/*
 * The analysis metrics (model/metrics.c) on hand-computed counts: the level
 * distribution, the implementation rate with N/A out of numerator and
 * denominator, undefined rates and means, and the suppression of small
 * groups (primary and secondary, cells a reader may see whole, the total),
 * the dominance rule, the rules named, and the stable pattern.
 */
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "model/metrics.h"

/* docs/metrics.md's example: levels 4, 3, 3, 2, 2, 1, 0, 0, N/A, N/A. */
static void test_rate_example(void **state)
{
	(void)state;
	struct kj_levels l;
	memset(&l, 0, sizeof l);
	int levels[] = { 4, 3, 3, 2, 2, 1, 0, 0, -1, -1 };
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
		kj_levels_add(&l, levels[i], 1);
	assert_int_equal(kj_levels_answers(&l), 10);
	assert_int_equal(kj_levels_applicable(&l), 8);
	assert_int_equal(kj_levels_implemented(&l), 3);
	assert_int_equal(l.na, 2);
	assert_int_equal(l.n[0], 2);
	assert_int_equal(l.n[2], 2);
	double rate, mean;
	assert_true(kj_levels_rate(&l, &rate));
	assert_true(rate > 0.37499 && rate < 0.37501);
	/* (4 + 3 + 3 + 2 + 2 + 1 + 0 + 0) / 8 = 15 / 8 */
	assert_true(kj_levels_mean(&l, &mean));
	assert_true(mean > 1.87499 && mean < 1.87501);
}

static void test_undefined_when_nothing_applicable(void **state)
{
	(void)state;
	struct kj_levels l;
	memset(&l, 0, sizeof l);
	double rate = 9, mean = 9;
	assert_false(kj_levels_rate(&l, &rate));
	assert_false(kj_levels_mean(&l, &mean));
	/* Only N/A answers: still undefined, never 0 %. */
	kj_levels_add(&l, -1, 4);
	assert_int_equal(kj_levels_answers(&l), 4);
	assert_false(kj_levels_rate(&l, &rate));
	assert_true(rate == 0);
	/* A level out of the scale is not counted. */
	kj_levels_add(&l, 5, 1);
	kj_levels_add(&l, -2, 1);
	assert_int_equal(kj_levels_answers(&l), 4);
	/* Everything at level 3 or more: 100 %. */
	kj_levels_add(&l, 3, 2);
	kj_levels_add(&l, 4, 1);
	assert_true(kj_levels_rate(&l, &rate));
	assert_true(rate == 1.0);
	struct kj_levels m;
	memset(&m, 0, sizeof m);
	kj_levels_add(&m, 0, 3);
	kj_levels_sum(&m, &l);
	assert_int_equal(kj_levels_applicable(&m), 6);
	assert_true(kj_levels_rate(&m, &rate));
	assert_true(rate == 0.5);
}

static void test_suppress_primary_and_secondary(void **state)
{
	(void)state;
	unsigned char sup[4];
	/* One small cell, hidden alone would be the total minus the others:
	 * the smallest other cell goes with it. */
	long size[4] = { 12, 3, 7, 20 };
	memset(sup, 0, sizeof sup);
	assert_int_equal(kj_metrics_suppress(size, NULL, NULL, 4, 5, sup), 0);
	assert_int_equal(sup[0], 0);
	assert_int_equal(sup[1], 1);
	assert_int_equal(sup[2], 1);
	assert_int_equal(sup[3], 0);
	/* Two small cells that hold 5 together: nothing more to hide. */
	long two[4] = { 12, 3, 2, 20 };
	memset(sup, 0, sizeof sup);
	assert_int_equal(kj_metrics_suppress(two, NULL, NULL, 4, 5, sup), 0);
	assert_memory_equal(sup, ((unsigned char[]){ 0, 1, 1, 0 }), 4);
	/* Empty cells say nothing and stay. */
	long empty[3] = { 0, 9, 0 };
	memset(sup, 0, sizeof sup);
	assert_int_equal(kj_metrics_suppress(empty, NULL, NULL, 3, 5, sup), 0);
	assert_memory_equal(sup, ((unsigned char[]){ 0, 0, 0 }), 3);
	/* Enough operators but too few applicable answers (the rest N/A). */
	long sz[2] = { 9, 9 }, app[2] = { 2, 8 };
	memset(sup, 0, sizeof sup);
	assert_int_equal(kj_metrics_suppress(sz, app, NULL, 2, 5, sup), 0);
	assert_memory_equal(sup, ((unsigned char[]){ 1, 1 }), 2);
	/* Already suppressed by another group: stays so. */
	long big[2] = { 9, 9 };
	unsigned char pre[2] = { 1, 0 };
	assert_int_equal(kj_metrics_suppress(big, NULL, NULL, 2, 5, pre), 0);
	assert_memory_equal(pre, ((unsigned char[]){ 1, 0 }), 2);
}

static void test_suppress_open_cells_and_total(void **state)
{
	(void)state;
	/* A reader who sees cell 0 whole (a ministry's own sector): the small
	 * cell 1 has no other cell to hide with, so the total goes. */
	long size[2] = { 40, 3 };
	unsigned char open[2] = { 1, 0 }, sup[2] = { 0, 0 };
	assert_int_equal(kj_metrics_suppress(size, NULL, open, 2, 5, sup), 1);
	assert_memory_equal(sup, ((unsigned char[]){ 0, 1 }), 2);
	/* Open cells are never suppressed, however small. */
	long tiny[2] = { 1, 30 };
	unsigned char sup2[2] = { 0, 0 };
	assert_int_equal(kj_metrics_suppress(tiny, NULL, open, 2, 5, sup2), 0);
	assert_memory_equal(sup2, ((unsigned char[]){ 0, 0 }), 2);
	/* Every cell small: all hidden, and what they hold together (4) is
	 * the total itself, which must go too. */
	long all[2] = { 1, 3 };
	unsigned char sup3[2] = { 0, 0 };
	assert_int_equal(kj_metrics_suppress(all, NULL, NULL, 2, 5, sup3), 1);
	assert_memory_equal(sup3, ((unsigned char[]){ 1, 1 }), 2);
}

/* Levels L0..L4 and N/A into one distribution. */
static struct kj_levels lv(long l0, long l1, long l2, long l3, long l4, long na)
{
	struct kj_levels l = { { l0, l1, l2, l3, l4 }, na };
	return l;
}

/* docs/metrics.md's example of the dominance rule. */
static void test_dominance(void **state)
{
	(void)state;
	/* 9 of 10 applicable answers at level 4 (90 %): dominated; 8 of 10 not;
	 * N/A answers are not counted; nothing applicable is never dominated. */
	struct kj_levels d = lv(0, 0, 0, 1, 9, 3), e = lv(0, 1, 1, 0, 8, 0), z = lv(0, 0, 0, 0, 0, 6);
	assert_true(kj_levels_dominated(&d));
	assert_false(kj_levels_dominated(&e));
	assert_false(kj_levels_dominated(&z));
	struct kj_levels all = lv(0, 0, 0, 12, 0, 0);
	assert_true(kj_levels_dominated(&all));
	/* Three sectors of one requirement: sector 1's 12 answers are all at
	 * level 3, so its figure goes by the dominance rule; alone it would be
	 * the nation minus the others, so the smallest other (sector 2) goes
	 * with it, and what they hold together (12 at 3, 2+2+2 at 0..2, 1 at 4)
	 * is no longer dominated. */
	struct kj_levels c[3] = { lv(2, 2, 2, 2, 12, 0), all, lv(2, 2, 2, 0, 1, 0) };
	long size[3] = { 20, 12, 7 }, app[3] = { 20, 12, 7 };
	unsigned char sup[3] = { 0, 0, 0 };
	struct kj_suppress_in in = { size, app, c, NULL, NULL, 3, 5 };
	assert_int_equal(kj_metrics_suppress_rules(&in, sup), 0);
	assert_int_equal(sup[0], KJ_SUP_NONE);
	assert_int_equal(sup[1], KJ_SUP_DOMINANCE);
	assert_int_equal(sup[2], KJ_SUP_SECONDARY);
	assert_string_equal(kj_sup_rule_name(sup[1]), "dominance");
	assert_string_equal(kj_sup_rule_name(sup[2]), "secondary");
	/* A cell the reader sees whole is not suppressed, dominated or not. */
	unsigned char open[3] = { 0, 1, 0 }, sup2[3] = { 0, 0, 0 };
	in.open = open;
	assert_int_equal(kj_metrics_suppress_rules(&in, sup2), 0);
	assert_memory_equal(sup2, ((unsigned char[]){ 0, 0, 0 }), 3);
	/* Two dominated cells at the same level hide nothing together: a
	 * third goes; with no third, the total must go. */
	struct kj_levels two[2] = { all, all };
	long s2[2] = { 12, 12 };
	unsigned char sup3[2] = { 0, 0 };
	struct kj_suppress_in in2 = { s2, s2, two, NULL, NULL, 2, 5 };
	assert_int_equal(kj_metrics_suppress_rules(&in2, sup3), 1);
	assert_memory_equal(sup3, ((unsigned char[]){ KJ_SUP_DOMINANCE, KJ_SUP_DOMINANCE }), 2);
}

/* Each rule is named; the primary rules in their order. */
static void test_rules_named(void **state)
{
	(void)state;
	static const char *const names[] = {
		"", "primary-k", "primary-app", "dominance", "secondary", "total", "multi-sector",
	};
	for (int i = 0; i < KJ_SUP_NRULES; i++)
		assert_string_equal(kj_sup_rule_name(i), names[i]);
	assert_string_equal(kj_sup_rule_name(-1), "");
	assert_string_equal(kj_sup_rule_name(KJ_SUP_NRULES), "");
	long size[3] = { 3, 9, 20 }, app[3] = { 3, 2, 20 };
	unsigned char sup[3] = { 0, 0, KJ_SUP_TOTAL };
	struct kj_suppress_in in = { size, app, NULL, NULL, NULL, 3, 5 };
	assert_int_equal(kj_metrics_suppress_rules(&in, sup), 0);
	/* A rule a cell holds stays: cell 2 was hidden by another group. */
	assert_memory_equal(sup, ((unsigned char[]){ KJ_SUP_PRIMARY_K, KJ_SUP_PRIMARY_APP,
						       KJ_SUP_TOTAL }), 3);
}

/* The stable pattern: of equal choices, last year's suppressed cell. */
static void test_stable_pattern(void **state)
{
	(void)state;
	/* Cell 0 is small; cells 2 and 3 are equally good partners for it.
	 * Without a previous pattern, the first of them (2) goes. */
	long size[4] = { 3, 30, 8, 8 };
	unsigned char sup[4] = { 0, 0, 0, 0 };
	struct kj_suppress_in in = { size, NULL, NULL, NULL, NULL, 4, 5 };
	assert_int_equal(kj_metrics_suppress_rules(&in, sup), 0);
	assert_memory_equal(sup, ((unsigned char[]){ KJ_SUP_PRIMARY_K, 0, KJ_SUP_SECONDARY, 0 }), 4);
	/* Last year cell 3 was the one suppressed: it is chosen again. */
	unsigned char prev[4] = { 1, 0, 0, 1 }, sup2[4] = { 0, 0, 0, 0 };
	in.prev = prev;
	assert_int_equal(kj_metrics_suppress_rules(&in, sup2), 0);
	assert_memory_equal(sup2, ((unsigned char[]){ KJ_SUP_PRIMARY_K, 0, 0, KJ_SUP_SECONDARY }),
			    4);
	/* Last year's cell is preferred even when bigger (cell 1, 30), so
	 * the pattern holds where the data allow. */
	unsigned char prev2[4] = { 1, 1, 0, 0 }, sup3[4] = { 0, 0, 0, 0 };
	in.prev = prev2;
	assert_int_equal(kj_metrics_suppress_rules(&in, sup3), 0);
	assert_memory_equal(sup3, ((unsigned char[]){ KJ_SUP_PRIMARY_K, KJ_SUP_SECONDARY, 0, 0 }),
			    4);
	/* A previous cell that is empty now is no choice: cell 2 goes. */
	long gone[4] = { 3, 30, 8, 0 };
	unsigned char sup4[4] = { 0, 0, 0, 0 };
	in.size = gone;
	in.prev = prev;
	assert_int_equal(kj_metrics_suppress_rules(&in, sup4), 0);
	assert_memory_equal(sup4, ((unsigned char[]){ KJ_SUP_PRIMARY_K, 0, KJ_SUP_SECONDARY, 0 }),
			    4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_example),
		cmocka_unit_test(test_undefined_when_nothing_applicable),
		cmocka_unit_test(test_suppress_primary_and_secondary),
		cmocka_unit_test(test_suppress_open_cells_and_total),
		cmocka_unit_test(test_dominance),
		cmocka_unit_test(test_rules_named),
		cmocka_unit_test(test_stable_pattern),
	};
	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
