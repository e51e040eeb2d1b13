/*
 * The audit trail: every change of state in kijun is recorded as an entry
 * chained to the one before it by a BLAKE2b-256 hash, so that an edited,
 * deleted or reordered entry is found by kj_audit_verify().
 *
 * The hash of an entry covers the previous entry's hash and every column of
 * this one (its id included), each length-prefixed (see audit.c). The first
 * entry's prev_hash is 64 zeros. With the installation's audit key (a
 * file outside the database) the hash is keyed, so an edited entry's hash
 * cannot be recomputed without it. Removing entries from the end of the
 * trail leaves a valid shorter chain: that is detected against an anchor,
 * a position and hash kept elsewhere ('kijun audit head', then 'kijun audit
 * verify --expect POSITION:HASH').
 */
#ifndef KJ_MODEL_AUDIT_H
#define KJ_MODEL_AUDIT_H

#include <stdint.h>

#include "base/util.h"

struct kj_store;

/* Bytes, including the NUL. A value that does not fit is refused. */
#define KJ_AUDIT_AT_MAX		32
#define KJ_AUDIT_ACTOR_MAX	96	/* "user:LOGIN", "cli:NAME", "system" */
#define KJ_AUDIT_ACTION_MAX	48	/* "user.add", "signin.failed", ... */
#define KJ_AUDIT_OBJTYPE_MAX	48	/* "user", "organisation", ... */
#define KJ_AUDIT_OBJID_MAX	128
#define KJ_AUDIT_DETAIL_MAX	4096	/* JSON text of what changed */
#define KJ_AUDIT_HASH_HEX	65	/* 32 bytes as hex, and the NUL */
#define KJ_AUDIT_LIST_MAX	500	/* entries in one kj_audit_list page */
#define KJ_AUDIT_REASON_MAX	256
#define KJ_AUDIT_KEY_MIN	32	/* bytes of an audit key file, at least ... */
#define KJ_AUDIT_KEY_FILE_MAX	4096	/* ... and at most */

/*
 * One entry. Empty object_type, object_id and detail are stored as NULL and
 * read back as empty; actor_user_id 0 (no signed-in user: the command line,
 * the system) likewise.
 */
struct kj_audit_entry {
	int64_t id;
	char at[KJ_AUDIT_AT_MAX];		/* "YYYY-MM-DDTHH:MM:SSZ", UTC */
	int64_t actor_user_id;
	char actor[KJ_AUDIT_ACTOR_MAX];
	char action[KJ_AUDIT_ACTION_MAX];
	char object_type[KJ_AUDIT_OBJTYPE_MAX];
	char object_id[KJ_AUDIT_OBJID_MAX];
	char detail[KJ_AUDIT_DETAIL_MAX];
	char prev_hash[KJ_AUDIT_HASH_HEX];
	char hash[KJ_AUDIT_HASH_HEX];
};

/*
 * Appends an entry stamped with the current time. Inside the caller's
 * transaction if one is open (the entry then commits or rolls back with
 * the change it records), else in its own. ACTOR and ACTION are required;
 * OBJECT_TYPE, OBJECT_ID and DETAIL may be NULL. DETAIL, if given, must be
 * a JSON text; it must never hold a password or a token.
 */
int kj_audit_log(struct kj_store *st, int64_t actor_user_id, const char *actor,
		 const char *action, const char *object_type,
		 const char *object_id, const char *detail, struct kj_err *err);

/* The hex hash of E from its fields and E->prev_hash (E->hash is ignored):
 * keyed when an audit key is loaded. */
void kj_audit_hash(const struct kj_audit_entry *e, char out[KJ_AUDIT_HASH_HEX]);

/*
 * Loads the installation's audit key from the file at PATH (readable by its
 * owner only; the key is the BLAKE2b-256 of its content, at least
 * KJ_AUDIT_KEY_MIN bytes). For the whole process: call it once at start,
 * before any thread writes or verifies.
 */
int kj_audit_key_load(const char *path, struct kj_err *err);
/* Forgets the key (tests). */
void kj_audit_key_clear(void);
/* True when a key is loaded. */
int kj_audit_keyed(void);
/* Writes a new random key to a new file at PATH, mode 0600. */
int kj_audit_keygen(const char *path, struct kj_err *err);
/*
 * Before writing to ST's trail: refuses when the trail is keyed and no key
 * is loaded, or when the loaded key is not the trail's (its last entry
 * matches neither). An unkeyed trail becomes keyed with the first entry a
 * writer with a key appends.
 */
int kj_audit_writer_check(struct kj_store *st, struct kj_err *err);

enum kj_audit_fault {
	KJ_AUDIT_OK,
	KJ_AUDIT_EDITED,	/* the hash does not match the entry's content */
	KJ_AUDIT_MALFORMED,	/* a field kijun could never have written */
	KJ_AUDIT_MISSING,	/* ids skip: entries were deleted */
	KJ_AUDIT_UNLINKED,	/* prev_hash is not the previous entry's hash */
};

/* The first problem found: the entry it concerns and why, in English. */
struct kj_audit_problem {
	enum kj_audit_fault fault;
	int64_t id;
	char reason[KJ_AUDIT_REASON_MAX];
};

/*
 * Walks the whole trail in id order. *OK is 1 if every entry matches its
 * hash and links to the one before; else 0 with PROBLEM filled for the
 * first entry that does not. *CHECKED is the number of entries read.
 * Returns -1 only when the trail cannot be read.
 */
int kj_audit_verify(struct kj_store *st, struct kj_audit_problem *problem,
		    int *ok, long *checked, int64_t *first_keyed, struct kj_err *err);
/*
 * Checks the anchor POSITION:HASH kept elsewhere: the trail still has entry
 * POSITION, with that hash. Detects entries cut from the end, and a trail
 * rewritten up to the anchor.
 */
int kj_audit_check_anchor(struct kj_store *st, int64_t position, const char *hash,
			  struct kj_audit_problem *problem, int *ok, struct kj_err *err);

/* What kj_audit_list selects; NULL or 0 fields do not filter. */
struct kj_audit_filter {
	const char *actor;		/* exactly */
	const char *action;		/* prefix: "user." matches "user.add" */
	const char *object_type;	/* exactly */
	const char *from, *to;		/* "YYYY-MM-DD", UTC, both inclusive */
	int limit;			/* 1..KJ_AUDIT_LIST_MAX; 0: 50 */
	long offset;
};

/* Entries matching F, newest first, at most min(MAX, F->limit) into OUT. */
int kj_audit_list(struct kj_store *st, const struct kj_audit_filter *f,
		  struct kj_audit_entry *out, int max, int *n,
		  struct kj_err *err);

#endif
