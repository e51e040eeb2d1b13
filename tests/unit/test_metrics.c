/*
 * The analysis metrics (model/metrics.c) on hand-computed counts: the level
 * distribution, the implementation rate with N/A out of numerator and
 * denominator, undefined rates and means, and the suppression of small
 * groups (primary and secondary, cells a reader may see whole, the total).
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_example),
		cmocka_unit_test(test_undefined_when_nothing_applicable),
		cmocka_unit_test(test_suppress_primary_and_secondary),
		cmocka_unit_test(test_suppress_open_cells_and_total),
	};
	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
