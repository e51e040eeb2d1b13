/*
 * Use cases of the yearly target identification (§2.1.1(2)): the view of a
 * sector's year (its figures, a page of its operators with their marks),
 * saving marks, and copying the previous year's targets. Each reads the
 * request as given (text), checks it and the actor's reach, and writes with
 * its audit entry in one transaction; a refused request changes nothing and
 * says which field is wrong.
 */
#ifndef KJ_APP_TARGETS_H
#define KJ_APP_TARGETS_H

#include "app/authz.h"
#include "app/usecase.h"
#include "base/limits.h"
#include "model/catalog.h"
#include "store/store_target.h"

enum kj_target_fault {
	KJ_TARGET_OK,
	KJ_TARGET_BAD,		/* a value is malformed: FIELD and JA say which and why */
	KJ_TARGET_FORBIDDEN,	/* the sector is outside the actor's reach */
	KJ_TARGET_CONFIRM,	/* it would undo this year's choices: ask first (nothing written) */
};

/* Why a request was refused: the field ("fy", "sector", "target"…) and a msgid
 * (NULL when out of reach, or when asking first). */
struct kj_target_refusal {
	enum kj_target_fault fault;
	const char *field;
	const char *ja;
};

/*
 * The year and sector a request names (as text; NULL or "" for the default:
 * the fiscal year CURRENT_FY, the first sector of the actor's reach under
 * PERM) into TS, SECTOR holding the code. Returns 0 with WHY->fault telling
 * a refusal; TS keeps what could be read.
 */
int kj_app_targets_scope(const struct kj_actor *actor, const struct kj_catalog *cat,
			 enum kj_perm perm, const char *fy, const char *sector, int current_fy,
			 struct kj_target_scope *ts, kj_sector_code sector_buf,
			 struct kj_target_refusal *why);

/* A sector's year as the targets page shows it. */
struct kj_target_view {
	struct kj_target_counts counts;
	long matching;			/* operators the page's filter matches */
	struct kj_target_row rows[KJ_TARGET_PAGE];
	int n;
	struct kj_target_change diff[KJ_TARGET_DIFF_MAX];	/* the first of them */
	int ndiff;
	long added, dropped;		/* targets since the year before, all of them */
};
/* Reads TS's figures, page PAGE (from 1) of its operators (ONLY: the
 * KJ_TARGET_ONLY_* filters, 0 for all) and the changes from the year before
 * into V. 0, or -1. */
int kj_app_targets_view(struct kj_store *st, const struct kj_target_scope *ts,
			unsigned only, long page, struct kj_target_view *v,
			struct kj_err *err);

/* Marks as posted: ids as text. */
struct kj_target_marks {
	const char *fy, *sector;
	/* NULL or "": the page's marks as given; "page-all" / "page-none": every
	 * operator shown; "sector-all" / "sector-none": every operator of the
	 * sector (removing asks first when the year has targets). */
	const char *mark;
	const char *const *shown;	/* the operators on the page */
	int nshown;
	const char *const *marked;	/* those of them ticked */
	int nmarked;
	int confirmed;
};
struct kj_target_done {
	struct kj_target_scope ts;	/* the year and sector acted on */
	kj_sector_code sector;
	long on, off;			/* operators marked and unmarked */
};
/*
 * Saves the marks M under ACTOR (with the target.set audit entry), in one
 * transaction. Returns 0 with WHY->fault telling a refusal; -1 only when the
 * store fails (nothing written).
 */
int kj_app_targets_save(struct kj_store *st, const struct kj_actor *actor,
			const struct kj_catalog *cat, int current_fy,
			const struct kj_target_marks *m, struct kj_target_done *done,
			struct kj_target_refusal *why, struct kj_err *err);
/*
 * Copies FY - 1's targets into FY: REPLACE makes FY's the same as FY - 1's
 * (asking first, fault KJ_TARGET_CONFIRM, when that would change any of
 * FY's existing targets and CONFIRMED is 0), else adds them and keeps FY's.
 * DONE->on / off what changed (or, when asking, would change).
 */
int kj_app_targets_copy(struct kj_store *st, const struct kj_actor *actor,
			const struct kj_catalog *cat, int current_fy, const char *fy,
			const char *sector, int replace, int confirmed,
			struct kj_target_done *done, struct kj_target_refusal *why,
			struct kj_err *err);

#endif
