/*
 * The store's registry of operators: bulk import (all or nothing, matched
 * by corporate number, history kept) and the assignment of a sector's
 * operators to a ministry; the listing within a scope is store_org_list.h. The yearly target
 * identification (§2.1.1(2)) is in store_target.h.
 */
#ifndef KJ_STORE_STORE_ORG_H
#define KJ_STORE_STORE_ORG_H

#include <stdint.h>

#include "model/registry.h"
#include "store/store.h"

struct kj_org_import_stats {
	long added, updated, unchanged;
};

/*
 * An import in two steps, so that the write lock is held only for the
 * writing. kj_store_org_plan reads, in one snapshot and without the write
 * lock, what each record would do: a corporate number not yet known adds an
 * organisation, a known one with other values updates it, an identical one
 * changes nothing. kj_store_org_apply then writes the additions and updates
 * (the previous values kept in organisation_history, changed by ACTOR_ID,
 * 0 for the command line) in the caller's write transaction, after checking
 * that no one wrote the registry since the plan (every registry write
 * increases its generation): it returns 1 without writing when someone did
 * (roll back and plan again inside the transaction), 0 when done, -1 on
 * error. The audit entries are the caller's.
 */
enum kj_org_change { KJ_ORG_SAME, KJ_ORG_UPDATE, KJ_ORG_ADD };

/* The parts of an organisation a step writes. */
#define KJ_ORG_PART_ROW		1u	/* names, size, flags, places */
#define KJ_ORG_PART_SECTORS	2u
#define KJ_ORG_PART_MINISTRIES	4u
#define KJ_ORG_PART_CONTACT	8u

struct kj_org_step {
	enum kj_org_change change;
	int refusal;			/* the check's answer: 0 allowed */
	unsigned parts;			/* KJ_ORG_PART_* that change */
	int64_t id;			/* the organisation; ADD: set by apply */
	struct kj_org_record *want;	/* owned; what it becomes; NULL if SAME */
	char *before;			/* owned; UPDATE: the old values as JSON */
};

struct kj_org_plan {
	struct kj_org_step *steps;	/* one per record, in order */
	int n;
	struct kj_org_import_stats stats;
	long refused;			/* steps the check refused */
	int64_t generation;		/* the registry's, when planned */
};

/*
 * Asked for every record: may it change HAVE (NULL: not registered yet) into
 * WANT (its ministries filled in from HAVE when the file has no such column)?
 * 0 allows; anything else refuses and is kept in the step's refusal.
 */
typedef int (*kj_org_check_fn)(void *ctx, const struct kj_org_record *have,
			       const struct kj_org_record *want);

/* CHECK may be NULL: every record allowed. */
int kj_store_org_plan(struct kj_store *st, const struct kj_org_record *records, int n,
		      kj_org_check_fn check, void *ctx, struct kj_org_plan *plan,
		      struct kj_err *err);
int kj_store_org_apply(struct kj_store *st, struct kj_org_plan *plan, int64_t actor_id,
		       struct kj_err *err);
void kj_store_org_plan_free(struct kj_org_plan *plan);

/*
 * Assigns every organisation of SECTOR to MINISTRY (organisation_ministry),
 * keeping other assignments: for a sector the ministry holds in part.
 */
int kj_store_org_assign_sector(struct kj_store *st, const char *sector,
			       const char *ministry, struct kj_err *err);

/* When an organisation was registered and changed (ISO 8601 UTC). */
#define KJ_ORG_HISTORY_SHOWN 10		/* changes listed, newest first */
struct kj_org_times {
	char created[32], updated[32];
	char changes[KJ_ORG_HISTORY_SHOWN][32];	/* organisation_history, newest first */
	int nchanges;
	long nchanges_all;
};
/* *FOUND 0 if organisation ID does not exist. */
int kj_store_org_times(struct kj_store *st, int64_t id, struct kj_org_times *t, int *found,
		       struct kj_err *err);

#endif
