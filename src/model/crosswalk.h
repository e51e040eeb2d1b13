/*
 * The crosswalk of a revision: how each requirement of the version a
 * revision succeeds carries on in it. A revision's data folder holds it as
 * crosswalk.json:
 *
 *   { "from": "2026",
 *     "entries": [ { "kind": "split", "from": ["3.4.1-3"],
 *                    "to": ["3.4.1-3", "3.4.1-4"] }, ... ] }
 *
 * Kinds and their arity: same and reworded 1 -> 1, split 1 -> 2 or more,
 * merged 2 or more -> 1, removed 1 -> 0, new 0 -> 1. Parsing checks the
 * shape; kj_crosswalk_validate() checks it against the two catalogs.
 */
#ifndef KJ_MODEL_CROSSWALK_H
#define KJ_MODEL_CROSSWALK_H

#include <stddef.h>

#include "base/limits.h"
#include "base/util.h"
#include "model/catalog.h"

#define KJ_CROSSWALK_FILE "crosswalk.json"

enum kj_xw_kind {
	KJ_XW_SAME, KJ_XW_REWORDED, KJ_XW_SPLIT, KJ_XW_MERGED, KJ_XW_REMOVED,
	KJ_XW_NEW, KJ_XW_NKINDS
};

struct kj_xw_entry {
	enum kj_xw_kind kind;
	const char *from[KJ_XW_IDS_MAX];	/* ids of the old version */
	int nfrom;
	const char *to[KJ_XW_IDS_MAX];		/* ids of the new version */
	int nto;
};

struct kj_crosswalk {
	const char *from;		/* label of the version succeeded */
	struct kj_xw_entry *entries;
	int n;
	char *raw;			/* the file's bytes */
	size_t raw_len;
	void *priv;			/* the parsed document owning the strings */
};

/* "same", "reworded", ...; "?" for a value out of range. */
const char *kj_xw_kind_name(int kind);
/* The kind named S, or -1. */
int kj_xw_kind_parse(const char *s);
/* The kind's name on the pages, in Japanese (a msgid of po/en.po). */
const char *kj_xw_kind_label(int kind);

/*
 * Parses TEXT (LEN bytes) with kijun's JSON limits and checks its shape:
 * known keys, known kinds, each kind's arity, ids that could be ids.
 * TEXT becomes the crosswalk's (freed by kj_crosswalk_free, also on
 * failure). Messages name crosswalk.json, the entry and the field.
 */
int kj_crosswalk_parse(struct kj_crosswalk *xw, char *text, size_t len,
		       struct kj_err *err);
/*
 * Reads DIR/crosswalk.json. *FOUND is 0 (and XW empty) when the folder has
 * none, which is right for the first version and only for it.
 */
int kj_crosswalk_load_dir(struct kj_crosswalk *xw, const char *dir,
			  int *found, struct kj_err *err);
/*
 * Checks XW against the version it names (OLD) and the revision (CUR):
 * "from" is OLD's label; every id exists in its version; every old
 * requirement is in exactly one entry's "from" and every new one in exactly
 * one entry's "to"; "same" joins equal Japanese texts and "reworded"
 * different ones.
 */
int kj_crosswalk_validate(const struct kj_crosswalk *xw,
			  const struct kj_catalog *old,
			  const struct kj_catalog *cur, struct kj_err *err);
/*
 * Drafts a crosswalk from OLD to CUR as crosswalk.json text into *TEXT
 * (malloc'd, NUL-terminated; *LEN its length): the NEXTRA entries of EXTRA
 * as given, and for every other id an entry by equal id (same or reworded
 * by the Japanese text), removed when CUR lacks it, new when OLD lacks it.
 * A starting point for a revision's file, and the demo's history; the
 * draft still has to pass kj_crosswalk_validate().
 */
int kj_crosswalk_draft(char **text, size_t *len, const struct kj_catalog *old,
		       const struct kj_catalog *cur,
		       const struct kj_xw_entry *extra, int nextra,
		       struct kj_err *err);
void kj_crosswalk_free(struct kj_crosswalk *xw);

#endif
