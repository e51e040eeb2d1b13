/*
 * The analysis views kept (issue 13: 500 requests/s on the national view):
 * a view computed once is kept, with its JSON, keyed by everything it is
 * made of — the view, its fiscal year, sector or requirement, k, which
 * sectors the reader sees whole, its surveys, their status and analysis
 * epochs, and the registry's generation — each read in the request's own
 * read transaction. A response submitted or returned moves its survey's
 * epoch in the same transaction (store_analysis.h), so the next read has
 * another key at once: a kept view is never stale, whichever process
 * wrote. At most KJ_ANALYSIS_CACHE_MAX views are kept (the least recently
 * read goes first), one per key; shared by the server's worker threads.
 */
#ifndef KJ_APP_ANALYSIS_CACHE_H
#define KJ_APP_ANALYSIS_CACHE_H

#include "app/analysis.h"

/* Views kept at most (each about 0.2 MB at 16 sectors and 90 requirements). */
#define KJ_ANALYSIS_CACHE_MAX 32
/* Standard versions whose catalogs the kept views share, at most. */
#define KJ_ANALYSIS_CACHE_CATALOGS 4
/* Sectors a reader's scope is told by, at most (current and previous version). */
#define KJ_ANALYSIS_CACHE_SCOPE_MAX 128

struct kj_analysis_cache;

/* What the cache did so far (for the tests and the benchmark). */
struct kj_analysis_cache_stats {
	long hits, misses;	/* reads answered by a kept view, and computed */
	int kept;		/* views kept now */
};

/* A new, empty cache; NULL when out of memory (the views are then computed
 * each time: kj_analysis_cache_load takes a NULL cache). */
struct kj_analysis_cache *kj_analysis_cache_new(void);
/* Frees C and every view it keeps: no view of it may be held any more. */
void kj_analysis_cache_free(struct kj_analysis_cache *c);
void kj_analysis_cache_stats(struct kj_analysis_cache *c, struct kj_analysis_cache_stats *out);

/*
 * kj_analysis_load through cache C (NULL: computed, kept by nobody): *OUT
 * gets the view, read-only and shared, until kj_analysis_cache_release.
 * Returns 0, 1 with WHY when refused, or -1 with ERR (*OUT NULL both).
 */
int kj_analysis_cache_load(struct kj_analysis_cache *c, struct kj_store *st,
			   const struct kj_user *user, enum kj_analysis_view view, const char *fy,
			   const char *sector, const char *req, int k,
			   const struct kj_analysis **out, struct kj_analysis_refusal *why,
			   struct kj_err *err);
/* The view's JSON text (kj_analysis_json, compact, rates to 10 digits),
 * made once per view: valid until the view is released; NULL when out of
 * memory. */
const char *kj_analysis_cache_json(struct kj_analysis_cache *c, const struct kj_analysis *a);
/* Gives back a view kj_analysis_cache_load gave. */
void kj_analysis_cache_release(struct kj_analysis_cache *c, const struct kj_analysis *a);

#endif
