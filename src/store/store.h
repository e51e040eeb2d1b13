/*
 * The store: every read and write of kijun's data goes through these
 * functions, and no SQL exists outside src/store/. The SQLite driver is the
 * default; the SQL is kept to the common subset of SQLite and PostgreSQL
 * (see docs/architecture.md) so another driver fits behind this header.
 *
 * Functions return 0 on success and -1 with ERR set on failure; a failed
 * write leaves the database as it was.
 */
#ifndef KJ_STORE_STORE_H
#define KJ_STORE_STORE_H

#include <stdint.h>

#include "base/util.h"
#include "model/audit.h"
#include "model/catalog.h"
#include "model/user.h"

struct kj_store;

enum kj_store_flags {
	KJ_STORE_CREATE = 1,	/* create the database file if missing */
	KJ_STORE_READONLY = 2,
};

/* The schema version this build writes; migrations run up to it. */
int kj_store_schema_target(void);

/*
 * Opens the database at PATH. A read-write open brings the schema up to
 * date (forward-only migrations, each in its own transaction).
 */
int kj_store_open(struct kj_store **out, const char *path, int flags,
		  struct kj_err *err);
void kj_store_close(struct kj_store *st);
int kj_store_schema_version(struct kj_store *st, int *version,
			    struct kj_err *err);

int kj_store_begin(struct kj_store *st, struct kj_err *err);
/* A read transaction: every read until kj_store_rollback (or close) sees
 * one snapshot; on a read-only connection too (a long export). */
int kj_store_begin_read(struct kj_store *st, struct kj_err *err);
int kj_store_commit(struct kj_store *st, struct kj_err *err);
void kj_store_rollback(struct kj_store *st);
/* Trades durability for speed during a bulk load (demo); off again on commit. */
int kj_store_bulk_mode(struct kj_store *st, int on, struct kj_err *err);

/* --- Catalog ------------------------------------------------------------ */

struct kj_crosswalk;

/*
 * Stores a validated catalog: its files verbatim and its rows, plus the
 * sectors, ministries and classes it names. *CREATED is 1 when the version
 * was added, 0 when the same version with the same content (crosswalk
 * included) was already there; a same-named version with other content is
 * an error. Versions come oldest first: one taking effect on or before a
 * stored version's date is refused. When an earlier version is stored, XW
 * (crosswalk.json of the revision's folder) must name it in "from" and
 * pass kj_crosswalk_validate() against it; its links are written to
 * requirement_succession with their kind, and the file is kept verbatim.
 * The first version has no crosswalk (XW NULL). In the caller's
 * transaction if one is open, else in one of its own.
 */
int kj_store_catalog_put_xw(struct kj_store *st, const struct kj_catalog *cat,
			    const struct kj_crosswalk *xw, int *created,
			    struct kj_err *err);
/* kj_store_catalog_put_xw without a crosswalk: the first version. */
int kj_store_catalog_put(struct kj_store *st, const struct kj_catalog *cat,
			 int *created, struct kj_err *err);
/*
 * Stores OLD as the predecessor of the earliest stored version: OLD must
 * take effect before it, and XW (from = OLD's label) is validated against
 * OLD and that version and written as its links, through the same steps as
 * kj_store_catalog_put_xw. For synthetic history (the demo). Transaction
 * as above.
 */
int kj_store_catalog_put_predecessor(struct kj_store *st,
				     const struct kj_catalog *old,
				     const struct kj_crosswalk *xw, int *created,
				     struct kj_err *err);
/* The labels of the versions just before and after VERSION ("" if none). */
int kj_store_version_adjacent(struct kj_store *st, const char *version,
			      char prev[KJ_VERSION_MAX], char next[KJ_VERSION_MAX],
			      struct kj_err *err);

/* One row of a stored crosswalk: one link, or a removed or new requirement. */
struct kj_xw_row {
	char kind[12];		/* same, reworded, split, merged, removed, new */
	char from[KJ_ID_MAX];	/* "" for new */
	char to[KJ_ID_MAX];	/* "" for removed */
};
/*
 * The crosswalk into VERSION from the version before it (its label into
 * FROM; "" and no rows for the first version): links in the old version's
 * order, removed requirements among them, then new ones. At most MAX rows,
 * an error beyond.
 */
int kj_store_crosswalk(struct kj_store *st, const char *version,
		       char from[KJ_VERSION_MAX], struct kj_xw_row *out, int max,
		       int *n, struct kj_err *err);

/*
 * For each requirement of CAT (a stored version), how it follows from the
 * version before: KINDS[i] is the most changing kind of its links (same <
 * reworded < split < merged), KJ_XW_NEW without one, or -1 for every
 * requirement when CAT's version is the first. KINDS holds CAT->nreqs.
 */
int kj_store_req_kinds(struct kj_store *st, const struct kj_catalog *cat,
		       signed char *kinds, struct kj_err *err);

/* A requirement reached by following links across revisions. */
struct kj_req_link {
	char version[KJ_VERSION_MAX];
	char code[KJ_ID_MAX];
	char kind[12];	/* the most changing kind on the way: same < reworded
			 * < split < merged */
	int steps;	/* revisions crossed */
};
/*
 * Follows requirement CODE of VERSION through any number of revisions,
 * forward (DIR > 0) to what it became in TO_VERSION (NULL: the version in
 * force), or backward (DIR < 0) to where it came from in TO_VERSION (NULL:
 * the oldest version). Up to MAX results in catalog order; none when the
 * requirement was removed (forward) or is new (backward) on the way. For
 * coverage and year-over-year figures.
 */
int kj_store_req_follow(struct kj_store *st, const char *version, const char *code,
			int dir, const char *to_version, struct kj_req_link *out,
			int max, int *n, struct kj_err *err);
/* Loads VERSION (NULL: the one in force most recently) into CAT. */
int kj_store_catalog_get(struct kj_store *st, const char *version,
			 struct kj_catalog *cat, struct kj_err *err);

struct kj_version_info {
	char version[KJ_VERSION_MAX];
	char effective[16];
	char imported_at[32];
	int nreqs;
};
/* Up to MAX versions, oldest first. */
int kj_store_catalog_versions(struct kj_store *st, struct kj_version_info *out,
			      int max, int *n, struct kj_err *err);

/* --- Registry and surveys (bulk writers used by the demo) --------------- */

struct kj_org {
	const char *corporate_number;	/* 13 digits, check digit valid */
	const char *name_ja, *name_kana;
	const char *size_class;		/* "large" | "medium" | "small" */
	int core_infra, local_gov, ceptoar_member;
	const char *municipality_code;	/* 6 digits, local governments only */
	const char *prefecture;		/* JIS X 0401 "01".."47" */
};

int kj_store_prefecture_put(struct kj_store *st, const char *code,
			    const char *name_ja, const char *name_en,
			    struct kj_err *err);
int kj_store_org_add(struct kj_store *st, const struct kj_org *o,
		     const char *const *sectors, int nsectors, int64_t *id,
		     struct kj_err *err);
int kj_store_target_add(struct kj_store *st, int fiscal_year,
			const char *sector, int64_t org, struct kj_err *err);
int kj_store_survey_add(struct kj_store *st, int fiscal_year,
			const char *version, const char *title_ja,
			const char *title_en, const char *status, int64_t *id,
			struct kj_err *err);
int kj_store_response_add(struct kj_store *st, int64_t survey, int64_t org,
			  const char *status, const char *submitted_at,
			  int64_t *id, struct kj_err *err);
/* The open window (YYYY-MM-DD) and creation time of SURVEY (demo data). */
int kj_store_survey_dates(struct kj_store *st, int64_t survey, const char *opens_on,
			  const char *closes_on, const char *created_at,
			  struct kj_err *err);
/*
 * Demo data: organisations, users and safety documents stamped later than
 * STAMP (ISO 8601 UTC) are stamped STAMP, so a dataset generated for a given
 * day holds no later date.
 */
int kj_store_backdate(struct kj_store *st, const char *stamp, struct kj_err *err);
/*
 * Requirement ids of VERSION in catalog order, for answer writers: IDS must
 * hold MAX entries; *N is set to the count.
 */
int kj_store_requirement_ids(struct kj_store *st, const char *version,
			     int64_t *ids, int max, int *n, struct kj_err *err);
/* LEVEL 0..4, or -1 for N/A with NA_REASON. */
int kj_store_answer_add(struct kj_store *st, int64_t response,
			int64_t requirement, int level, const char *na_reason,
			struct kj_err *err);

struct kj_store_counts {
	long versions, requirements, sectors, organisations, targets,
	     surveys, responses, answers, users;
};
int kj_store_counts(struct kj_store *st, struct kj_store_counts *c,
		    struct kj_err *err);

/* --- Users -------------------------------------------------------------- */

/*
 * Adds U and its sectors in one transaction (the caller's, if one is open:
 * on failure the caller rolls it back). Stores U's login, display_name,
 * role, org_id, sectors, disabled and password_hash (empty: none, the user
 * cannot sign in). Refuses a taken login ("login X is taken"), an operator
 * without an existing organisation, a ministry or CEPTOAR without at least
 * one existing sector, and an organisation or sectors for any other role.
 * Sets U->id.
 */
int kj_store_user_add(struct kj_store *st, struct kj_user *u,
		      struct kj_err *err);
/* The user LOGIN with its sectors and password hash; *FOUND 0 if none. */
int kj_store_user_by_login(struct kj_store *st, const char *login,
			   struct kj_user *out, int *found, struct kj_err *err);
/* The user ID with its sectors and password hash; *FOUND 0 if none. */
int kj_store_user_by_id(struct kj_store *st, int64_t id, struct kj_user *out,
			int *found, struct kj_err *err);
/*
 * The first MAX users by login, with their sectors but without password
 * hashes (a listing never needs them); *N is set to the count.
 */
int kj_store_user_list(struct kj_store *st, struct kj_user *out, int max,
		       int *n, struct kj_err *err);
/*
 * Disables (1) or enables (0) user ID. Disabling also ends every session of
 * the user. In the caller's transaction if one is open.
 */
int kj_store_user_set_disabled(struct kj_store *st, int64_t id, int disabled,
			       struct kj_err *err);
/*
 * Replaces user ID's password hash (HASH from kj_password_hash) and ends
 * every session of the user. In the caller's transaction if one is open.
 */
int kj_store_user_set_password(struct kj_store *st, int64_t id,
			       const char *hash, struct kj_err *err);

/*
 * Assigns every organisation of SECTOR to MINISTRY (organisation_ministry),
 * keeping other assignments: for a sector the ministry holds in part.
 */
int kj_store_org_assign_sector(struct kj_store *st, const char *sector,
			       const char *ministry, struct kj_err *err);

/* *EXISTS 1 if organisation ID exists. */
int kj_store_org_exists(struct kj_store *st, int64_t id, int *exists,
			struct kj_err *err);
/* The id of the organisation with CORPORATE_NUMBER into *ID, 0 if none. */
int kj_store_org_by_corpnum(struct kj_store *st, const char *corporate_number,
			    int64_t *id, struct kj_err *err);
/* The corporate number of organisation ID into OUT ("" if it has none). */
int kj_store_org_corpnum(struct kj_store *st, int64_t id, char out[16],
			 struct kj_err *err);

/* --- Audit trail -------------------------------------------------------- */

/* True while a transaction begun with kj_store_begin is open. */
int kj_store_in_tx(struct kj_store *st);
/*
 * True if a statement failed since the last call because another writer held
 * the database longer than the busy timeout (then: try again later, not a
 * fault); clears the flag.
 */
int kj_store_take_busy(struct kj_store *st);
/*
 * The id and hash of the last entry (0 and 64 zeros for an empty trail).
 * Call it inside a write transaction, so that nothing can be appended
 * between it and the kj_store_audit_insert that follows.
 */
int kj_store_audit_tail(struct kj_store *st, int64_t *id,
			char hash[KJ_AUDIT_HASH_HEX], struct kj_err *err);
/* Inserts E as it is, its id included (see model/audit.c). */
int kj_store_audit_insert(struct kj_store *st, const struct kj_audit_entry *e,
			  struct kj_err *err);
/*
 * Calls FN for every entry in id order, until FN returns non-zero.
 * MALFORMED is 1 when a column of the row could not have been written by
 * kijun (too long for its field, a NUL byte inside): E then holds a cut
 * copy of it.
 */
typedef int (*kj_audit_walk_fn)(void *ctx, const struct kj_audit_entry *e,
				int malformed);
int kj_store_audit_walk(struct kj_store *st, kj_audit_walk_fn fn, void *ctx,
			struct kj_err *err);
/* Entry ID into E (*FOUND 0 if there is none). */
int kj_store_audit_get(struct kj_store *st, int64_t id, struct kj_audit_entry *e,
		       int *found, struct kj_err *err);
/* Entries matching F (already validated), newest first, at most MAX. */
int kj_store_audit_list(struct kj_store *st, const struct kj_audit_filter *f,
			struct kj_audit_entry *out, int max, int *n,
			struct kj_err *err);

#endif
