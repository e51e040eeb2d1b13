/*
 * Published snapshots of the analysis (migration 18): a sector's view of a
 * fiscal year frozen as a reader of aggregates saw it when published (its
 * JSON and the digest of it), who published it when, with which k, and
 * every suppression in it with its rule. Never changed once written.
 * Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_SNAPSHOT_H
#define KJ_STORE_STORE_SNAPSHOT_H

#include <stdint.h>

#include "model/catalog.h"
#include "model/user.h"
#include "store/store.h"

#define KJ_SNAPSHOT_DIGEST_HEX 65	/* SHA-256 as hex, and the NUL */

/* A snapshot without its body. */
struct kj_snapshot_meta {
	int64_t id;
	int64_t survey_id;
	int fy;
	kj_sector_code sector;
	int64_t publisher_id;		/* 0: the command line */
	char publisher[KJ_LOGIN_MAX + 8];
	char published_at[32];		/* ISO 8601 UTC */
	int k;
	char digest[KJ_SNAPSHOT_DIGEST_HEX];
	long suppressed;		/* rows of its log */
};

/* Adds snapshot M (its id is given here, into M->id) with BODY. */
int kj_store_snapshot_add(struct kj_store *st, struct kj_snapshot_meta *m, const char *body,
			  struct kj_err *err);
/* Adds row SEQ (from 1) of snapshot ID's log: FIGURE hidden by RULE. */
int kj_store_snapshot_log_add(struct kj_store *st, int64_t id, int seq, const char *figure,
			      const char *rule, struct kj_err *err);
/* Every snapshot, newest first, into OUT (at most MAX; *N of them). */
int kj_store_snapshot_list(struct kj_store *st, struct kj_snapshot_meta *out, int max, int *n,
			   struct kj_err *err);
/* Snapshot ID into M and its body into *BODY (the caller frees it); *FOUND 0
 * (and *BODY NULL) when there is none. */
int kj_store_snapshot_get(struct kj_store *st, int64_t id, struct kj_snapshot_meta *m,
			  char **body, int *found, struct kj_err *err);
/* Snapshot ID's log in order: FN for each row until it returns non-zero. */
typedef int (*kj_snapshot_log_fn)(void *ctx, int seq, const char *figure, const char *rule);
int kj_store_snapshot_log(struct kj_store *st, int64_t id, kj_snapshot_log_fn fn, void *ctx,
			  struct kj_err *err);
/* Is ORG a respondent of SURVEY in SECTOR (*YES 1)? */
int kj_store_snapshot_respondent(struct kj_store *st, int64_t survey, const char *sector,
				 int64_t org, int *yes, struct kj_err *err);

#endif
