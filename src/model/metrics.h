/*
 * The analysis metrics of docs/metrics.md, computed from counts of answers
 * (no store, no output): the level distribution, the implementation rate
 * (level >= 3 among applicable answers; N/A out of numerator and
 * denominator), the mean level, and the suppression of small groups for
 * the readers who see aggregates only (primary: fewer than k operators or
 * applicable answers; secondary: so that no total minus the cells shown
 * gives a group smaller than k).
 */
#ifndef KJ_MODEL_METRICS_H
#define KJ_MODEL_METRICS_H

/* Levels 0..4 of the answer scale. */
#define KJ_LEVELS 5
/* The level from which a requirement counts as implemented. */
#define KJ_LEVEL_IMPLEMENTED 3

/* Answers counted per level, and the N/A answers apart. */
struct kj_levels {
	long n[KJ_LEVELS];
	long na;
};

/* Adds one count of LEVEL (-1: N/A; out of range: ignored). */
void kj_levels_add(struct kj_levels *l, int level, long n);
/* Adds every count of B to A. */
void kj_levels_sum(struct kj_levels *a, const struct kj_levels *b);
/* Answers with a level (N/A left out). */
long kj_levels_applicable(const struct kj_levels *l);
/* Applicable answers at level >= 3. */
long kj_levels_implemented(const struct kj_levels *l);
/* Every answer, N/A included. */
long kj_levels_answers(const struct kj_levels *l);
/* The implementation rate into *RATE (0..1): 1, or 0 when it is undefined
 * (nothing applicable). */
int kj_levels_rate(const struct kj_levels *l, double *rate);
/* The mean level of the applicable answers into *MEAN: 1, or 0 when undefined. */
int kj_levels_mean(const struct kj_levels *l, double *mean);

/*
 * Marks which of N cells of a group (the parts of one total: sectors of the
 * nation, prefectures of a sector, ...) a reader seeing aggregates only must
 * not see. SIZE[i] is the cell's group size (operators, or answers of one
 * requirement), APP[i] its applicable answers (NULL: not a criterion);
 * OPEN[i] (NULL: none) marks cells the reader may see whatever their size
 * (its own sectors, for a ministry). SUP[i] is 1 for a cell already
 * suppressed (by another group it belongs to) and gets 1 for a cell
 * suppressed here: primary, 0 < SIZE < K or 0 < APP < K; then secondary, the smallest other
 * cells until what the suppressed cells hold together (the total minus the
 * cells shown) is 0 or at least K. Returns 1 when even that cannot hide
 * them and the total must be suppressed as well, else 0.
 */
int kj_metrics_suppress(const long *size, const long *app, const unsigned char *open, int n,
			int k, unsigned char *sup);

#endif
