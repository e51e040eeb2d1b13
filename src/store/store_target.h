/*
 * The store's yearly target identification (§2.1.1(2)): which organisations
 * of a sector are targets in a fiscal year, carried over from the year
 * before, and what changed between the two years. (The demo's bulk
 * kj_store_target_add is in store_registry.h.)
 */
#ifndef KJ_STORE_STORE_TARGET_H
#define KJ_STORE_STORE_TARGET_H

#include <stdint.h>

#include "model/registry.h"
#include "store/store.h"

/* Marks (ON 1) or unmarks organisation ORG as a target of SECTOR in FY. */
int kj_store_target_set(struct kj_store *st, int fy, const char *sector,
			int64_t org, int on, struct kj_err *err);
/*
 * Makes FY's targets of SECTOR those of FY - 1 (adds the missing, keeps the
 * rest); *COPIED the number added.
 */
int kj_store_target_copy(struct kj_store *st, int fy, const char *sector,
			 long *copied, struct kj_err *err);

struct kj_target_change {
	int64_t org;
	char corporate_number[14];
	char name_ja[KJ_ORG_NAME_MAX + 1];
	int added;	/* 1: target in FY, not FY-1; 0: dropped */
};
/* Who was added to or dropped from SECTOR's targets between FY-1 and FY. */
int kj_store_target_diff(struct kj_store *st, int fy, const char *sector,
			 struct kj_target_change *out, int max, int *n,
			 struct kj_err *err);
/* Is ORG a target of SECTOR in FY? */
int kj_store_target_is(struct kj_store *st, int fy, const char *sector,
		       int64_t org, int *is, struct kj_err *err);

#endif
