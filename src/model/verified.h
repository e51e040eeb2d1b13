/*
 * Self-reported against verified (issue 15, docs/metrics.md "Self-reported
 * against verified"): the arithmetic of comparing, item by item, the level
 * an operator reported in the questionnaire with the level the inspectors
 * of an on-site visit verified, both on the 0..4 scale. No store, no
 * output. An item is compared only when both levels are 0..4; an item with
 * N/A on either side is counted apart (NA), as is an item with a side not
 * there (MISSING: no level reported, or none recorded yet).
 */
#ifndef KJ_MODEL_VERIFIED_H
#define KJ_MODEL_VERIFIED_H

/* The differences verified - self: -4 .. +4. */
#define KJ_CMP_DIFF_MIN (-4)
#define KJ_CMP_DIFFS 9
/* A side with no level (NULL in onsite_item); -1 is N/A, 0..4 a level. */
#define KJ_CMP_NONE (-2)

struct kj_cmp {
	long diff[KJ_CMP_DIFFS];	/* compared items per difference, diff[d + 4] */
	long na;			/* N/A on either side (and no side missing) */
	long missing;			/* a side not there */
};

/* Counts one item of levels SELF and VERIFIED (0..4, -1 N/A, KJ_CMP_NONE;
 * any other value counts as missing). */
void kj_cmp_add(struct kj_cmp *c, int self, int verified);
/* Adds every count of B to A. */
void kj_cmp_sum(struct kj_cmp *a, const struct kj_cmp *b);
/* Items compared (both levels 0..4). */
long kj_cmp_compared(const struct kj_cmp *c);
/* Compared items whose verified level is below (over-reported), equal to,
 * above (under-reported) the self-reported one. */
long kj_cmp_below(const struct kj_cmp *c);
long kj_cmp_equal(const struct kj_cmp *c);
long kj_cmp_above(const struct kj_cmp *c);
/* The sum of the differences of the compared items. */
long kj_cmp_diff_sum(const struct kj_cmp *c);
/* The mean difference verified - self into *MEAN: 1, or 0 when nothing is
 * compared. */
int kj_cmp_mean(const struct kj_cmp *c, double *mean);
/* PART / the compared items into *SHARE: 1, or 0 when nothing is compared. */
int kj_cmp_share(const struct kj_cmp *c, long part, double *share);

/*
 * The order of "most over-reported": negative when A (catalog position IA)
 * comes before B (IB). Larger share below first (compared exactly, as
 * cross products); then more items below; then the lower mean difference
 * (over-reported by more); then the catalog's order.
 */
int kj_cmp_over_order(const struct kj_cmp *a, int ia, const struct kj_cmp *b, int ib);

#endif
