/*
 * The web tests of the offline form reach the answering use cases through
 * these (survey_form_app.c).
 */
#ifndef KJ_TEST_SURVEY_FORM_APP_H
#define KJ_TEST_SURVEY_FORM_APP_H

#include <stddef.h>
#include <stdint.h>

struct kj_store;
/* ORG's response to SURVEY now: "STATUS REVISION:" and each item's level code. */
void sf_snapshot(struct kj_store *st, int64_t survey, int64_t org, char *out, size_t n);
/* ORG's corporate number. */
void sf_corp(struct kj_store *st, int64_t survey, int64_t org, char out[16]);
/* Makes ORG's draft from its form filled with level 2, as the command line would. */
void sf_draft(struct kj_store *st, int64_t survey, int64_t org);
/* Submits ORG's response as it is now, then returns it for correction. */
void sf_submit_return(struct kj_store *st, int64_t survey, int64_t org);
/* The downloaded form BODY (BLEN bytes) filled (test_web_survey_form.c). */
char *sf_filled(const char *body, size_t blen, const char *level, const char *edit,
		size_t *len);

#endif
