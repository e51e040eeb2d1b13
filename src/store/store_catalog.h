/*
 * The catalog in the store (store_catalog.c): versions of the standard,
 * their crosswalks, and requirements followed across revisions.
 *
 * Functions return 0 on success and -1 with ERR set on failure; a failed
 * write leaves the database as it was.
 */
#ifndef KJ_STORE_CATALOG_H
#define KJ_STORE_CATALOG_H

#include <stdint.h>

#include "base/util.h"
#include "model/catalog.h"

struct kj_store;

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
/*
 * The same, from the connection's parsed copy (parsed on first use): *CAT
 * is a view of it, valid until the store closes, that kj_catalog_free
 * releases nothing of. For a use case that reads a version many times
 * (each form of an import, each page of a questionnaire).
 */
int kj_store_catalog_view(struct kj_store *st, const char *version,
			  struct kj_catalog *cat, struct kj_err *err);
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

#endif
