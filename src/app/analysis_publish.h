/*
 * Published snapshots of the analysis (issue 13, docs/metrics.md): a
 * ministry (for the sectors it holds whole) or the NCO publishes a sector's
 * view of a fiscal year to the sector's CEPTOAR and operators. The view is
 * computed as a reader of aggregates sees it (kj_analysis_load_aggregate,
 * with the k in force), frozen as JSON with its SHA-256, never computed
 * again; every figure suppressed in it is logged with its rule. A new
 * publication makes a new dated snapshot. Who reads which: kj_authz_snapshot.
 */
#ifndef KJ_APP_ANALYSIS_PUBLISH_H
#define KJ_APP_ANALYSIS_PUBLISH_H

#include <jansson.h>

#include "app/analysis.h"
#include "app/usecase.h"
#include "store/store_snapshot.h"

/*
 * Publishes SECTOR's view of fiscal year FY (text, checked here) with the
 * threshold K (0: KJ_ANALYSIS_K) for ACTOR, audited as analysis.publish.
 * Returns 0 with *ID, 1 with WHY (403: not the actor's to publish; 400, 404
 * as kj_analysis_load), or -1 with ERR (nothing written).
 */
int kj_analysis_publish(struct kj_store *st, const struct kj_actor *actor, const char *sector,
			const char *fy, int k, int64_t *id, struct kj_analysis_refusal *why,
			struct kj_err *err);

/* The snapshots USER (NULL: the command line) may read, newest first, into
 * OUT (at most MAX, *N of them). */
int kj_analysis_published_list(struct kj_store *st, const struct kj_user *user,
			       struct kj_snapshot_meta *out, int max, int *n, struct kj_err *err);

/* One row of a snapshot's suppression log. */
struct kj_snapshot_sup {
	int seq;
	char figure[KJ_SNAPSHOT_FIGURE_MAX];
	char rule[16];
};

/* A published snapshot as its reader gets it. */
struct kj_snapshot {
	struct kj_snapshot_meta m;
	char *body;		/* the frozen JSON, byte for byte */
	json_t *view;		/* the same, parsed */
	int show_log;		/* the reader sees the log */
	struct kj_snapshot_sup *log;	/* [nlog] when show_log */
	int nlog;
};

/*
 * Snapshot ID (text, checked here) for USER (NULL: the command line).
 * Returns 0 with S filled (free it with kj_snapshot_free), 1 with WHY (404:
 * no such snapshot, or not there for this reader), or -1 with ERR.
 */
int kj_analysis_published_get(struct kj_store *st, const struct kj_user *user, const char *id,
			      struct kj_snapshot *s, struct kj_analysis_refusal *why,
			      struct kj_err *err);
void kj_snapshot_free(struct kj_snapshot *s);

/* The suppressed figures of VIEW (a view's JSON) in order, each named by
 * its path ("requirements[1.1-1].figure"): FN for each until it returns
 * non-zero. Returns what FN last returned, or 0. */
typedef int (*kj_snapshot_sup_fn)(void *ctx, const char *figure, const char *rule);
int kj_analysis_suppressions(json_t *view, kj_snapshot_sup_fn fn, void *ctx);

#endif
