/*
 * What survey_form.c (the form) and survey_form_import.c (its import)
 * share: the form of a questionnaire as it would be written now.
 */
#ifndef KJ_APP_SURVEY_FORM_PRIV_H
#define KJ_APP_SURVEY_FORM_PRIV_H

#include "app/survey_answer.h"
#include "model/survey_form.h"

struct kj_form_built {
	struct kj_answer_form form;	/* sealed; its strings point into Q and ROWS */
	struct kj_form_row *rows;	/* malloc'd: kj_form_built_free */
	/* The rows' last-year texts that are not static (N/A with its
	 * reason), KJ_FORM_LAST_BYTES each; NULL when there are none. */
	char (*lasts)[KJ_FORM_LAST_BYTES];
};

/* Q's form into B: its rows, identifier and digest. 0, or -1 out of memory. */
int kj_form_build(const struct kj_questionnaire *q, struct kj_form_built *b);
void kj_form_built_free(struct kj_form_built *b);

#endif
