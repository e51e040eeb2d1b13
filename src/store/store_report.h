/*
 * The annual report's store (issue 14, migration 23): frozen snapshots of
 * every figure the report shows (report_snapshot, only ever inserted), and
 * the reads of the evaluations (migration 22) the report collects. Each
 * function is a part of the caller's transaction. Return conventions: 0,
 * or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_REPORT_H
#define KJ_STORE_STORE_REPORT_H

#include <stdint.h>

#include "model/user.h"
#include "store/store.h"
#include "store/store_snapshot.h"

#define KJ_REPORT_NOTE_MAX 400		/* bytes of a snapshot's note */
#define KJ_REPORT_LIST_MAX 500		/* snapshots of one listing */

/* A snapshot without its body. */
struct kj_report_meta {
	int64_t id;
	int fy;
	char created_at[32];		/* ISO 8601 UTC */
	int64_t created_by;		/* 0: the command line */
	char actor[KJ_LOGIN_MAX + 8];
	char digest[KJ_SNAPSHOT_DIGEST_HEX];
	char note[KJ_REPORT_NOTE_MAX];
	long bytes;			/* of its body */
};

/* Adds snapshot M with BODY; M->id set. */
int kj_store_report_add(struct kj_store *st, struct kj_report_meta *m, const char *body,
			struct kj_err *err);
/* Snapshots of FY (0: every year), newest first, into OUT (at most MAX; *N). */
int kj_store_report_list(struct kj_store *st, int fy, struct kj_report_meta *out, int max,
			 int *n, struct kj_err *err);
/* Snapshot ID into M and its body into *BODY (the caller frees it); *FOUND 0
 * (and *BODY NULL) when there is none. */
int kj_store_report_get(struct kj_store *st, int64_t id, struct kj_report_meta *m,
			char **body, int *found, struct kj_err *err);

/* One section of an evaluation of fiscal year FY: its scope ("sector",
 * "cross", "hq"), sector ("" if none), ministry ("" if none), state, section
 * name and body, in the order of scope, sector, ministry, section. */
typedef int (*kj_report_eval_fn)(void *ctx, const char *scope, const char *sector,
				 const char *ministry, const char *state, const char *section,
				 const char *body);
int kj_store_report_evals(struct kj_store *st, int fy, kj_report_eval_fn fn, void *ctx,
			  struct kj_err *err);
/* The HQ evaluation's items of FY in order: kind, category, addressee, text. */
typedef int (*kj_report_item_fn)(void *ctx, const char *kind, const char *category,
				 const char *addressee, const char *text);
int kj_store_report_hq_items(struct kj_store *st, int fy, kj_report_item_fn fn, void *ctx,
			     struct kj_err *err);

#endif
