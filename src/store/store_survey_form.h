/*
 * What the offline forms and the owner's export read beyond the answering
 * store (issue 12): the organisations that have a response to a survey,
 * and each one's change log after returns.
 */
#ifndef KJ_STORE_STORE_SURVEY_FORM_H
#define KJ_STORE_STORE_SURVEY_FORM_H

#include <stdint.h>

#include "store/store.h"

/* The ids of the organisations with a response to SURVEY, in corporate-number
 * order, into *IDS (malloc'd, free() it; NULL when none), their count in *N. */
int kj_store_survey_responders(struct kj_store *st, int64_t survey, int64_t **ids, int *n,
			       struct kj_err *err);

/* One change made after a return; the texts live until the next step. */
struct kj_change_row {
	const char *item, *at, *by, *old_value, *new_value, *reason;
};
/* ORG's changes to its response to SURVEY after returns, oldest first. */
struct kj_change_cursor;
int kj_store_change_cursor_open(struct kj_store *st, int64_t survey, int64_t org,
				struct kj_change_cursor **out, struct kj_err *err);
/* 1 with *R set, 0 at the end, -1 with ERR. */
int kj_store_change_cursor_next(struct kj_change_cursor *c, struct kj_change_row *r,
				struct kj_err *err);
void kj_store_change_cursor_close(struct kj_change_cursor *c);

#endif
