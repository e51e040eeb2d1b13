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

/*
 * Why a figure is suppressed (docs/metrics.md, "Disclosure control"): the
 * rule that hid it first. 0: shown.
 */
enum kj_sup_rule {
	KJ_SUP_NONE,
	KJ_SUP_PRIMARY_K,	/* fewer than k operators (or answers) */
	KJ_SUP_PRIMARY_APP,	/* fewer than k applicable answers */
	KJ_SUP_DOMINANCE,	/* one level holds KJ_DOMINANCE_P % or more of it */
	KJ_SUP_SECONDARY,	/* hidden so that a total cannot reveal another */
	KJ_SUP_TOTAL,		/* a total whose hidden parts could not be hidden otherwise */
	KJ_SUP_MULTI_SECTOR,	/* a total over sectors that counts some operators twice */
	KJ_SUP_NRULES
};
/* The rule's name as the JSON and the log give it ("primary-k", ...; "" for none). */
const char *kj_sup_rule_name(int rule);

/* The dominance rule: a figure of one requirement whose applicable answers
 * are at one level for at least this percentage tells every reader each
 * member's level (give or take one in ten). */
#define KJ_DOMINANCE_P 90
/* Is L so dominated: some level holds >= KJ_DOMINANCE_P % of its applicable
 * answers (nothing applicable: no)? */
int kj_levels_dominated(const struct kj_levels *l);

/*
 * kj_metrics_suppress with the rules named and two more inputs. LV[i]
 * (NULL: none) is each cell's distribution over the levels, one answer per
 * operator (the cells of one requirement): a cell dominated by one level is
 * suppressed (KJ_SUP_DOMINANCE), and what the suppressed cells hold
 * together must not be dominated either. PREV[i] (NULL: none) marks the
 * cells suppressed in the previous year's same view: the secondary
 * suppressions are taken from those first (the smallest of them), then the
 * smallest of the others, so the pattern stays the same from one year to
 * the next where the data allow. SUP[i] keeps a rule it holds, and gets
 * the rule that suppresses it here. Returns as kj_metrics_suppress.
 */
struct kj_suppress_in {
	const long *size, *app;
	const struct kj_levels *lv;
	const unsigned char *open, *prev;
	int n, k;
};
int kj_metrics_suppress_rules(const struct kj_suppress_in *in, unsigned char *sup);

#endif
