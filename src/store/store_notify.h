/*
 * The store's notifications of survey campaigns (issue 12): the operators a
 * survey addresses, with their close date, their response's status and the
 * e-mail addresses of their security contacts; the notices queued, sent,
 * failed or listed (table notification, migration 13), whose unique index
 * notification_daily keeps one reminder or overdue notice per operator,
 * survey and day; and the notices read back for sending and listing.
 * The queue writes run inside the caller's transaction.
 * Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_NOTIFY_H
#define KJ_STORE_STORE_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* An operator a survey addresses. */
struct kj_notify_target {
	int64_t org;
	char *name;		/* its name (Japanese) */
	char *emails;		/* its contacts' addresses, comma-separated ("" none) */
	char closes_on[16];	/* the survey's close date, or its extension ("" none) */
	char status[16];	/* its response: not_started, draft, submitted, returned */
};

/* The respondents of SURVEY (ORG > 0: only that operator, whether a
 * respondent or not), in order of id, into *OUT (*N of them; free with
 * kj_store_notify_targets_free). */
int kj_store_notify_targets(struct kj_store *st, int64_t survey, int64_t org,
			    struct kj_notify_target **out, size_t *n, struct kj_err *err);
void kj_store_notify_targets_free(struct kj_notify_target *t, size_t n);

/* A notice to queue (or to keep listed). */
struct kj_notify_new {
	int64_t survey, org;	/* ORG 0: none */
	const char *kind, *day, *recipients, *subject, *body;
	const char *status;	/* queued, or listed with ERROR saying why */
	const char *error;
	const char *now;
};
/* Adds M; *ADDED 0 when a reminder or overdue notice of that operator,
 * survey and day is already there (nothing written). */
int kj_store_notify_add(struct kj_store *st, const struct kj_notify_new *m, int *added,
			struct kj_err *err);

/* A notice as stored. */
struct kj_notify_row {
	int64_t id, survey, org;
	char kind[16], day[16], status[8];
	char created_at[32], sent_at[32];
	char corporate_number[16];
	char *org_name, *recipients, *subject, *body, *error;	/* "" for none */
};

/* Up to MAX notices to send (queued or failed) with ids above AFTER, oldest
 * first, into ROWS (*N; free each with kj_store_notify_row_free). */
int kj_store_notify_pending(struct kj_store *st, int64_t after, struct kj_notify_row *rows,
			    int max, int *n, struct kj_err *err);
void kj_store_notify_row_free(struct kj_notify_row *r);
/* Marks notice ID sent (ERROR NULL) or failed (ERROR why) at NOW. */
int kj_store_notify_mark(struct kj_store *st, int64_t id, const char *error,
			 const char *now, struct kj_err *err);
/* Marks every queued notice listed, with REASON; *N how many. */
int kj_store_notify_list_queued(struct kj_store *st, const char *reason, long *n,
				struct kj_err *err);

/* Calls FN for each notice of SURVEY (0: every survey) with STATUS (NULL:
 * any), newest first, skipping OFFSET and stopping after LIMIT (< 0: all;
 * 0: none, FN may then be NULL);
 * FN's non-zero answer stops the walk and is returned. The row lives until
 * FN returns. *TOTAL (may be NULL) the count of all that match. */
int kj_store_notify_each(struct kj_store *st, int64_t survey, const char *status,
			 long offset, long limit, long *total,
			 int (*fn)(void *ctx, const struct kj_notify_row *r), void *ctx,
			 struct kj_err *err);

#endif
