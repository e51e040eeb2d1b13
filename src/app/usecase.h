/*
 * What the use cases share: who acts, and what became of an imported file.
 * A use case reads, checks the actor's reach, writes and adds its audit
 * entries in one transaction; it returns -1 only when the store fails
 * (nothing written), and tells a refused or bad input in its result.
 */
#ifndef KJ_APP_USECASE_H
#define KJ_APP_USECASE_H

#include <stdint.h>

#include "model/user.h"

/* Who acts: a signed-in USER, or the command line (USER NULL: every sector). */
struct kj_actor {
	const struct kj_user *user;
	int64_t id;		/* the user's id; 0 for the command line */
	const char *name;	/* as the audit trail records it */
};

/* What became of an imported file (CSV in UTF-8 or Shift_JIS, or xlsx). */
enum kj_import_outcome {
	KJ_IMPORT_DONE,		/* written (or nothing to change) */
	KJ_IMPORT_UNREADABLE,	/* not CSV or xlsx: the result's detail says why */
	KJ_IMPORT_NOT_A_LIST,	/* not the expected columns: the detail says why */
	KJ_IMPORT_BAD_ROWS,	/* the result lists the bad cells */
	KJ_IMPORT_REFUSED,	/* outside the actor's reach */
};

#endif
