/*
 * Notifications of survey campaigns (issue 12): the invitation when a
 * survey opens, reminders before the close date and notices to the
 * overdue, the notice of a response returned for correction, and the
 * receipt of a submission. Each is addressed to the operator's security
 * contacts (organisation_contact's addresses); an operator without one
 * gets its notice kept as 'listed' with the reason, for the survey's owner
 * to pass on. The texts are model/notice.c's; a queued notice is delivered
 * by kj_notify_send through the SMTP relay (app/smtp.h) and marked sent or
 * failed with the relay's answer (a failed one is tried again at the next
 * run); without a relay kj_notify_list_unsent marks the queued ones listed,
 * and the notifications page and `kijun notify list` export them.
 *
 * The kj_notify_* queue functions run INSIDE the caller's write
 * transaction (the use case that opens, submits or returns), so a notice
 * exists exactly when its cause was committed.
 * Return conventions: 0, or -1 with ERR (nothing written by the caller's
 * transaction, which the caller rolls back).
 */
#ifndef KJ_APP_NOTIFY_H
#define KJ_APP_NOTIFY_H

#include <stdint.h>

#include "app/smtp.h"
#include "app/survey_admin.h"
#include "app/usecase.h"
#include "base/limits.h"
#include "store/store.h"

/* kijun's address put in the notices' links (http:// or https://, no
 * spaces, quotes or control characters; a trailing '/' dropped); "" or
 * NULL: none, the notices say to sign in. Set once per process before
 * any thread starts; -1 with ERR for a bad one (nothing changed). */
int kj_notify_base_url_set(const char *url, struct kj_err *err);
const char *kj_notify_base_url(void);

/* Queues the invitation of every respondent of SURVEY (just opened);
 * *QUEUED (may be NULL) how many. */
int kj_notify_invitation(struct kj_store *st, int64_t survey, long *queued,
			 struct kj_err *err);

/* The facts of a receipt (app/survey_answer.h's struct kj_receipt). */
struct kj_notify_receipt {
	const char *number;	/* 受付番号 */
	const char *at;		/* YYYY-MM-DDTHH:MM:SSZ */
	const char *digest;
	int version;
};
/* Queues the receipt of ORG's submission to SURVEY. */
int kj_notify_receipt(struct kj_store *st, int64_t survey, int64_t org,
		      const struct kj_notify_receipt *r, struct kj_err *err);
/* Queues the notice that ORG's response to SURVEY was returned with MESSAGE. */
int kj_notify_returned(struct kj_store *st, int64_t survey, int64_t org, const char *message,
		       struct kj_err *err);

/* What a reminder run queued. */
struct kj_remind_counts {
	long reminders;		/* before the close date */
	long overdue;		/* after it */
	long already;		/* the operator already had its notice of the day */
	long listed;		/* kept listed: no address to send to */
};
/* The days before the close date that remind by default. */
#define KJ_NOTICE_DAYS_DEFAULT { 7, 1 }
/* S ("7,1": days before the close date, 0..KJ_NOTICE_DAYS_AHEAD, each
 * once, at most KJ_NOTICE_DAYS_MAX) into DAYS (*N); NULL when good, else
 * what is wrong (English). */
const char *kj_notify_days_parse(const char *s, int *days, int *n);
/*
 * Queues, for every respondent of open SURVEY that has not submitted, a
 * reminder when TODAY (YYYY-MM-DD, in Japan) is one of DAYS before its close
 * date (its extension's, if any), or an overdue notice the day after the
 * close date and every seventh day after; never a second reminder or
 * overdue notice of an operator the same day (counted as ALREADY).
 */
int kj_notify_reminders(struct kj_store *st, int64_t survey, const char *today,
			const int *days, int ndays, struct kj_remind_counts *c,
			struct kj_err *err);

/* The use case of `kijun survey remind`: checks ID exists, is open and is in
 * ACTOR's reach, queues as kj_notify_reminders and writes the audit entry
 * survey.remind, in one transaction. TODAY NULL: today in Japan. */
int kj_app_survey_remind(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			 const char *today, const int *days, int ndays,
			 struct kj_remind_counts *c, struct kj_survey_refusal *why,
			 struct kj_err *err);

/* What a delivery run did. */
struct kj_send_counts {
	long sent, failed;
	int stopped;		/* the relay could not be reached: the rest wait */
};
/*
 * Delivers every queued (and earlier failed) notice through SMTP, oldest
 * first, each marked sent or failed (with the reason) in its own
 * transaction, and tells LOG (may be NULL) one line per notice; then
 * writes the audit entry notify.send with the counts. When the relay
 * cannot be reached at all, the notice tried is marked failed and the run
 * stops (STOPPED): the others stay as they are for the next run, instead
 * of each waiting out the connection's timeout.
 */
int kj_notify_send(struct kj_store *st, const struct kj_actor *actor,
		   const struct kj_smtp *smtp, void (*log)(void *ctx, const char *line),
		   void *ctx, struct kj_send_counts *c, struct kj_err *err);
/* Without a relay: marks every queued notice listed (for the owner to
 * export and pass on), with the audit entry notify.list; *N how many. */
int kj_notify_list_unsent(struct kj_store *st, const struct kj_actor *actor, long *n,
			  struct kj_err *err);

/* Today's date in Japan (YYYY-MM-DD). */
void kj_notify_today(char out[16]);

#endif
