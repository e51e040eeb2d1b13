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

#include <jansson.h>
#include <stdint.h>

#include "base/util.h"

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
 * Fills E with the values of a new entry, checked: ACTOR and ACTION are
 * required, ACTION is of a-z, 0-9, '.', '_', '-', every value one line of
 * UTF-8 that fits its field; DETAIL (may be NULL) is a JSON text that never
 * names a password, token or secret. The id, time and hashes are set by
 * kj_audit_entry_chain. Written by kj_audit_log (src/app/audit_log.h).
 */
int kj_audit_entry_fill(struct kj_audit_entry *e, int64_t actor_user_id, const char *actor,
			const char *action, const char *object_type,
			const char *object_id, const char *detail, struct kj_err *err);
/* The same with DETAIL (may be NULL) a JSON value, written as compact JSON
 * with the json_dumps FLAGS (JSON_SORT_KEYS ...): the value is checked as it
 * is, not parsed back from text. */
int kj_audit_entry_fill_json(struct kj_audit_entry *e, int64_t actor_user_id,
			     const char *actor, const char *action, const char *object_type,
			     const char *object_id, json_t *detail, size_t flags,
			     struct kj_err *err);
/* Makes E the entry after LAST_ID, whose hash is LAST_HASH: id, time, hash. */
void kj_audit_entry_chain(struct kj_audit_entry *e, int64_t last_id,
			  const char last_hash[KJ_AUDIT_HASH_HEX]);

/*
 * What a write in the store changed, for its use case to record in the
 * same transaction: the store describes, the use case writes the entries.
 */
struct kj_audit_note {
	char action[KJ_AUDIT_ACTION_MAX];
	char object_type[KJ_AUDIT_OBJTYPE_MAX];
	char object_id[24];
	char *detail;		/* owned JSON text; NULL for none */
};

struct kj_audit_notes {
	struct kj_audit_note *v;
	int n, cap;
};

/* Appends a note; DETAIL (may be NULL) is taken over. -1 when out of memory. */
int kj_audit_note(struct kj_audit_notes *notes, const char *action, const char *object_type,
		  int64_t object_id, json_t *detail);
void kj_audit_notes_free(struct kj_audit_notes *notes);

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
/*
 * A key for PURPOSE (e.g. "kijun.form.v1") derived from the audit key into
 * OUT (N bytes, 16..64): BLAKE2b of PURPOSE keyed with the audit key, or
 * unkeyed when none is loaded (then it only detects careless edits).
 * Returns 1 when derived from a loaded key, 0 unkeyed, -1 when libsodium
 * cannot start.
 */
int kj_audit_subkey(const char *purpose, unsigned char *out, size_t n);
/* Writes a new random key to a new file at PATH, mode 0600. */
int kj_audit_keygen(const char *path, struct kj_err *err);
/*
 * May this process write after LAST, the trail's last entry? Refuses when
 * the trail is keyed and no key is loaded, or when the loaded key is not
 * the trail's (LAST matches neither). An unkeyed trail becomes keyed with
 * the first entry a writer with a key appends.
 */
int kj_audit_key_fits(const struct kj_audit_entry *last, struct kj_err *err);

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
 * The chain's rules, entry by entry in id order: start, give each entry to
 * kj_audit_chain_next (it returns 1 at the first entry that breaks the
 * chain, with the problem filled), then end. OK is 1 while every entry
 * matches its hash and links to the one before.
 */
struct kj_audit_chain {
	int64_t prev_id;
	char prev_hash[KJ_AUDIT_HASH_HEX];
	long checked;
	int64_t first_keyed;	/* the first keyed entry, 0 while none */
	int ok;
	struct kj_audit_problem *p;
};
int kj_audit_chain_start(struct kj_audit_chain *c, struct kj_audit_problem *problem,
			 struct kj_err *err);
/* CHAIN is a struct kj_audit_chain; MALFORMED: the row held a value kijun never writes. */
int kj_audit_chain_next(void *chain, const struct kj_audit_entry *e, int malformed);
void kj_audit_chain_end(struct kj_audit_chain *c);
/*
 * The anchor POSITION:HASH kept elsewhere against the trail: E its entry at
 * POSITION (NULL: none), LAST the trail's last id. *OK 1 if it still holds.
 */
void kj_audit_anchor_check(const struct kj_audit_entry *e, int64_t last, int64_t position,
			   const char *hash, struct kj_audit_problem *problem, int *ok);

/* What kj_audit_list selects; NULL or 0 fields do not filter. */
struct kj_audit_filter {
	const char *actor;		/* exactly */
	const char *action;		/* prefix: "user." matches "user.add" */
	const char *object_type;	/* exactly */
	const char *from, *to;		/* "YYYY-MM-DD", days in Japan (JST), both inclusive */
	int limit;			/* 1..KJ_AUDIT_LIST_MAX; 0: 50 */
	long offset;
	/* Filled by kj_audit_filter_check from FROM and TO: the UTC instants the
	 * entries' times are compared with (at >= since, at < before); "" none. */
	char since[21], before[21];
};

/* Checks F (limit, offset, lengths, dates) into OUT, the default limit filled in. */
int kj_audit_filter_check(const struct kj_audit_filter *f, struct kj_audit_filter *out,
			  struct kj_err *err);

#endif
