/*
 * The store's yearly target identification (§2.1.1(2)): which organisations
 * of a sector are targets in a fiscal year, carried over from the year
 * before, and what changed between the two years. (The demo's bulk
 * kj_store_target_add is in store_registry.h.)
 *
 * Every call takes the scope it acts in (struct kj_target_scope): a fiscal
 * year, a sector and, for a ministry that shares the sector with others, the
 * ministry, whose part of the sector is the operators assigned to it. Lists
 * of operators are passed as a JSON array of ids (bound as one parameter),
 * so that a page of marks is written with one statement, not one a row.
 * Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_TARGET_H
#define KJ_STORE_STORE_TARGET_H

#include <stdint.h>

#include "model/registry.h"
#include "store/store.h"

struct kj_target_scope {
	int fy;
	const char *sector;
	const char *ministry;	/* NULL: the whole sector (nco, command line) */
};

/* A sector's figures for one year, within the scope. */
struct kj_target_counts {
	long total;		/* operators of the sector */
	long selected;		/* targets in FY */
	long previous;		/* targets in FY - 1 */
	long fresh;		/* registered since FY - 1's identification */
	long surveyed;		/* FY's questionnaire surveys (0: none yet) */
	long unsubmitted;	/* targets in FY without a submitted response to them */
};

/* What the targets page lists of the sector: every operator, or only these. */
enum kj_target_only {
	KJ_TARGET_ONLY_NEW = 1,		/* registered since FY - 1's identification */
	KJ_TARGET_ONLY_UNSUBMITTED = 2,	/* targets of FY not yet answered (to chase) */
};

/* One operator of the targets page. */
struct kj_target_row {
	int64_t id;
	char corporate_number[14];
	char name_ja[KJ_ORG_NAME_MAX + 1];
	char size_class[8];
	int target;		/* a target in FY */
	int fresh;		/* registered since FY - 1's identification */
};

/*
 * When FY - 1's targets of the sector were last changed (its latest audit
 * entry), or, when nothing records it, the first day of FY - 1: operators
 * registered after it are new (「新規」). SINCE gets an ISO time in UTC.
 */
int kj_store_target_since(struct kj_store *st, const struct kj_target_scope *ts,
			  char since[32], struct kj_err *err);
int kj_store_target_counts(struct kj_store *st, const struct kj_target_scope *ts,
			   struct kj_target_counts *c, struct kj_err *err);
/*
 * Up to MAX operators of the scope from OFFSET in corporate-number order
 * (ONLY: KJ_TARGET_ONLY_* bits, 0 for all), with their marks; *N the count
 * returned, *MATCHING (ONLY given; else -1) how many match in all.
 */
int kj_store_target_page(struct kj_store *st, const struct kj_target_scope *ts,
			 unsigned only, long offset, struct kj_target_row *out, int max,
			 int *n, long *matching, struct kj_err *err);
/*
 * Of the distinct ids of IDS_JSON (a JSON array of integers): *DISTINCT how
 * many, *INSIDE how many are operators of the scope.
 */
int kj_store_target_in_scope(struct kj_store *st, const struct kj_target_scope *ts,
			     const char *ids_json, long *distinct, long *inside,
			     struct kj_err *err);
/*
 * Marks (ON 1) or unmarks the operators of IDS_JSON (checked by the caller
 * with kj_store_target_in_scope) as targets; *CHANGED how many changed.
 */
int kj_store_target_mark(struct kj_store *st, const struct kj_target_scope *ts,
			 const char *ids_json, int on, long *changed, struct kj_err *err);
/* The same for every operator of the scope. */
int kj_store_target_mark_all(struct kj_store *st, const struct kj_target_scope *ts,
			     int on, long *changed, struct kj_err *err);
/*
 * Copying FY - 1's targets of the scope into FY: *ADDED the operators it
 * would add, *REMOVED this year's targets that FY - 1 did not have (which a
 * replacing copy removes).
 */
int kj_store_target_copy_preview(struct kj_store *st, const struct kj_target_scope *ts,
				 long *added, long *removed, struct kj_err *err);
/*
 * Adds FY - 1's targets of the scope to FY; REPLACE also removes FY's targets
 * that FY - 1 did not have. *ADDED and *REMOVED what changed.
 */
int kj_store_target_copy(struct kj_store *st, const struct kj_target_scope *ts,
			 int replace, long *added, long *removed, struct kj_err *err);

struct kj_target_change {
	int64_t org;
	char corporate_number[14];
	char name_ja[KJ_ORG_NAME_MAX + 1];
	int added;	/* 1: target in FY, not FY-1; 0: dropped */
};
/* Who was added to or dropped from the scope's targets between FY-1 and FY. */
int kj_store_target_diff(struct kj_store *st, const struct kj_target_scope *ts,
			 struct kj_target_change *out, int max, int *n,
			 struct kj_err *err);

#endif
