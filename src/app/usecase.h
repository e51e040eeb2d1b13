/*
 * What the use cases share: who acts, and what became of an imported file.
 * A use case reads, checks the actor's reach, writes and adds its audit
 * entries in one transaction; it returns -1 only when the store fails
 * (nothing written), and tells a refused or bad input in its result.
 */
#ifndef KJ_APP_USECASE_H
#define KJ_APP_USECASE_H

#include <stddef.h>
#include <stdint.h>

#include "model/table.h"
#include "model/user.h"

/* Who acts: a signed-in USER, or the command line (USER NULL: every sector). */
struct kj_actor {
	const struct kj_user *user;
	int64_t id;		/* the user's id; 0 for the command line */
	const char *name;	/* as the audit trail records it */
};

/* An object's id (a survey, plan, evaluation, visit …) as typed into *ID:
 * 0, or -1 when it is not a number from 1 to 2^31 - 1. */
int kj_app_id(const char *s, int64_t *id);

/* What became of an imported file (CSV in UTF-8 or Shift_JIS, or xlsx). */
enum kj_import_outcome {
	KJ_IMPORT_DONE,		/* written (or nothing to change) */
	KJ_IMPORT_UNREADABLE,	/* not CSV or xlsx: the result's detail says why */
	KJ_IMPORT_NOT_A_LIST,	/* not the expected columns: the detail says why */
	KJ_IMPORT_BAD_ROWS,	/* the result lists the bad cells */
	KJ_IMPORT_REFUSED,	/* outside the actor's reach */
};

/*
 * The first steps of every file import: *T read from DATA (LEN bytes), then
 * validated by the caller. kj_import_read returns 0, or -1 with OUTCOME
 * UNREADABLE and DETAIL (N bytes) saying why. kj_import_checked takes the
 * validator's result RC (with WHY) and its count of bad cells: 1 when the
 * import stops there (OUTCOME NOT_A_LIST or BAD_ROWS), else 0.
 */
int kj_import_read(struct kj_table *t, const char *data, size_t len,
		   enum kj_import_outcome *outcome, char *detail, size_t n);
int kj_import_checked(int rc, const struct kj_err *why, int nerrors,
		      enum kj_import_outcome *outcome, char *detail, size_t n);

#endif
