/*
 * What the survey campaign pages share (page_survey.c: the campaign page;
 * page_survey_actions.c: the owner's forms and the chase list's files;
 * page_survey_questions.c: the campaign's own questions and their forms;
 * page_surveys.c: the list; api_surveys.c: the JSON API). The writers
 * return nothing (a failed write sticks in the buffer); the loaders return
 * 0 or an HTTP status.
 */
#ifndef KJ_WEB_PAGE_SURVEY_H
#define KJ_WEB_PAGE_SURVEY_H

#include "app/survey_progress.h"
#include "app/survey_questions.h"
#include "web/form.h"
#include "web/http.h"

/* The campaign page's data. */
struct survey_page {
	struct kj_survey_view v;
	struct kj_chase_query q;	/* the chase list's filter as typed */
	struct kj_chase_filter f;
	long page;
	struct kj_chase_row *rows;	/* KJ_CHASE_PAGE + 1 */
	int nrows;
	int bad;			/* a refused filter or action: status 400 */
	struct kj_form form;		/* the filter's errors */
	struct kj_form act;		/* an action's errors */
	const char *act_name;		/* the refused action: open, close, extend */
	int may_admin;
	struct kj_question_list *questions;	/* the campaign's own questions */
	struct kj_form qform;		/* the question form's errors */
	int q_again;			/* a refused question: the form shows what was typed */
};

/* Loads /surveys/{id} for the request's user (404 when not there for it). */
int kj_survey_page_load(struct kj_request *req, struct survey_page **out);
int kj_survey_page_render(struct kj_request *req, struct kj_response *resp,
			  const struct survey_page *pg);
void kj_survey_page_free(struct survey_page *pg);
/* The owner's forms: open, close, extend (page_survey_actions.c). */
void kj_survey_actions(struct kj_request *req, struct kj_buf *b, const struct survey_page *pg);
/* The own questions: their list, frozen once open; the owner's form and drop
 * buttons while a draft (page_survey_questions.c). */
void kj_survey_questions(struct kj_request *req, struct kj_buf *b, const struct survey_page *pg);

/* Labels in the request's language. */
const char *kj_ui_survey_status(const struct kj_request *req, const char *status);
const char *kj_ui_response_status(const struct kj_request *req, const char *status);
const char *kj_ui_survey_title(const struct kj_request *req, const struct kj_survey *sv);
void kj_ui_survey_owner(struct kj_request *req, struct kj_buf *b, const struct kj_survey *sv);
/* PART of WHOLE as "42.0%", or "—" when WHOLE is 0. */
void kj_ui_rate(struct kj_buf *b, long part, long whole);
/* A group's figures as table cells: respondents, not started, draft,
 * returned, submitted, rate, overdue. */
void kj_ui_progress_cells(struct kj_buf *b, const struct kj_progress_counts *c);

/* The form adding a survey's own question, posting to ACTION; SV (NULL: no
 * sector to choose) gives the sectors; AGAIN: refill it from the request
 * (page_survey_questions.c; also the surveys of kind other's page). */
void kj_question_form(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		      const char *action, const struct kj_survey *sv, int again);

#endif
