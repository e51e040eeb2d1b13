/*
 * What the offline forms and the owner's export read beyond the answering
 * store (issue 12): the organisations that have a response to a survey.
 */
#ifndef KJ_STORE_STORE_SURVEY_FORM_H
#define KJ_STORE_STORE_SURVEY_FORM_H

#include <stdint.h>

#include "store/store.h"

/* The ids of the organisations with a response to SURVEY, in corporate-number
 * order, into *IDS (malloc'd, free() it; NULL when none), their count in *N. */
int kj_store_survey_responders(struct kj_store *st, int64_t survey, int64_t **ids, int *n,
			       struct kj_err *err);

#endif
