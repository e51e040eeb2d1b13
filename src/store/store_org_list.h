/*
 * The registry's listing: a page of the organisations within a scope (the
 * caller's reach), their count, and a cursor over all of them for exports.
 * Return conventions: 0, or -1 with ERR (the cursor's next: 1, 0 at the end).
 */
#ifndef KJ_STORE_STORE_ORG_LIST_H
#define KJ_STORE_STORE_ORG_LIST_H

#include <stdint.h>

#include "base/limits.h"
#include "model/registry.h"
#include "store/store.h"

/*
 * What the user narrows a listing to, within its scope. The search text Q
 * is matched as the catalog's search is: NFKC and case folded (full-width
 * digits and letters, half-width kana), hiragana as katakana, spaces
 * ignored; each of its words (at most KJ_ORG_SEARCH_WORDS) must occur in
 * the corporate number, the name or its kana. "" / -1: no filter.
 */
struct kj_org_filter {
	char q[KJ_ORG_SEARCH_MAX + 1];
	char prefecture[3];		/* "01".."47" */
	char size_class[8];		/* "large" | "medium" | "small" */
	int core_infra, local_gov, active;	/* 1 / 0, -1: either */
};

/* A filter that keeps everything. */
void kj_org_filter_init(struct kj_org_filter *f);

/* Which organisations a listing covers. */
struct kj_org_scope {
	const kj_sector_code *sectors;	/* NULL: every sector */
	int nsectors;
	int64_t org;			/* 0: any; else only this one */
	/* Not NULL: a ministry's view: of SECTORS, those the ministry holds whole,
	 * and in those it holds in part only the organisations assigned to it
	 * (organisation_ministry). Set by kj_authz_org_scope. */
	const char *ministry;
};

/*
 * Up to MAX organisations in SCOPE ordered by corporate number (IDS, if not
 * NULL, gets their ids); *N the count returned, *TOTAL all in scope.
 */
int kj_store_org_list(struct kj_store *st, const struct kj_org_scope *scope,
		      long offset, struct kj_org_record *out, int64_t *ids,
		      int max, int *n, long *total, struct kj_err *err);
/* The same, of the organisations in SCOPE that FILTER lets through (NULL: all). */
int kj_store_org_list_filtered(struct kj_store *st, const struct kj_org_scope *scope,
			       const struct kj_org_filter *filter, long offset,
			       struct kj_org_record *out, int64_t *ids, int max, int *n,
			       long *total, struct kj_err *err);
/* *TOTAL: the organisations in SCOPE. */
int kj_store_org_count(struct kj_store *st, const struct kj_org_scope *scope,
		       long *total, struct kj_err *err);

/*
 * A cursor over the organisations of a scope in corporate-number order, for
 * exports: it reads them in batches (two queries a batch), so its memory
 * does not grow with the registry. SCOPE is copied. Within the caller's
 * transaction if one is open (one snapshot for the whole export).
 */
struct kj_org_cursor;
int kj_store_org_cursor_open(struct kj_store *st, const struct kj_org_scope *scope,
			     struct kj_org_cursor **out, struct kj_err *err);
/* The next organisation into R (and *ID if not NULL): 1, or 0 at the end, -1 on error. */
int kj_store_org_cursor_next(struct kj_org_cursor *c, struct kj_org_record *r,
			     int64_t *id, struct kj_err *err);
void kj_store_org_cursor_close(struct kj_org_cursor *c);

#endif
