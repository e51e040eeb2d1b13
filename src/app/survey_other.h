/*
 * Surveys of kind "other" (その他調査, issue 15, §2.2): a survey with only its
 * own questions (survey_question, the questionnaire's question types) sent
 * to operators its owner chooses or to ministries. Created, given
 * questions, opened and closed by the campaign use cases
 * (app/survey_admin.h: kind "other", respondents "operator" or "ministry").
 * Here: choosing the respondents while a draft, the owner's view (counts
 * and the respondents with their status), the export of every answer, and
 * the ministries' answering (save, submit with receipt, return). An
 * operator answers through the questionnaire's own use cases
 * (app/survey_answer.h), which ask only the survey's questions.
 * Refusals change nothing and say why (English; the answering's also in
 * Japanese). Return conventions: 0 (WHY tells a refusal), or -1 with ERR.
 */
#ifndef KJ_APP_SURVEY_OTHER_H
#define KJ_APP_SURVEY_OTHER_H

#include <stdio.h>

#include "app/survey_admin.h"
#include "app/survey_answer.h"
#include "store/store_survey_other.h"

#define KJ_OTHER_RESPONDENTS_MAX 5000	/* respondents listed and exported */

/* A change of the respondents chosen for a draft: exactly one of ORG (a
 * corporate number), SECTOR (every target of that sector in the survey's
 * year) or MINISTRY (a code, or "all"). */
struct kj_other_pick {
	int remove;
	const char *org, *sector, *ministry;
};
/* Applies REQ to draft SURVEY; *CHANGED the respondents added or removed. */
int kj_app_other_pick(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		      const struct kj_other_pick *req, long *changed,
		      struct kj_survey_refusal *why, struct kj_err *err);

/* The responses' states. */
struct kj_other_counts {
	long respondents, not_started, draft, submitted, returned;
};
/* A survey of kind other as its owner sees it. */
struct kj_other_view {
	struct kj_survey sv;
	struct kj_other_counts counts;
	struct kj_other_respondent *rows;	/* malloc'd; nrows of them */
	int nrows;
	int nquestions;
};
/* Survey ID for its owner (a respondent or anyone else: KJ_SURVEY_FORBIDDEN
 * or NOT_FOUND); free with kj_app_other_view_free. */
int kj_app_other_view(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		      struct kj_other_view *v, struct kj_survey_refusal *why,
		      struct kj_err *err);
void kj_app_other_view_free(struct kj_other_view *v);

/* One survey of kind other in a list, with the reader's part in it. */
struct kj_other_entry {
	struct kj_survey sv;
	int owner;			/* the reader owns it */
	char status[16];		/* a ministry respondent: its response's; else "" */
};
/* The surveys of kind other the actor owns or (a ministry) answers, newest
 * first, into E (at most MAX). */
int kj_app_other_list(struct kj_store *st, const struct kj_actor *actor,
		      struct kj_other_entry *e, int max, int *n, struct kj_err *err);

/* Every answer of survey ID, one row per respondent and a column per
 * question, for its owner: as CSV to F (PATH NULL) or as xlsx to PATH. */
int kj_app_other_export(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			FILE *f, const char *path, struct kj_survey_refusal *why,
			struct kj_err *err);

/* One question of a ministry's response with its answer. */
struct kj_other_item {
	int64_t question;
	int ord, kind, required;
	char text_ja[4 * KJ_QUESTION_TEXT_MAX + 1], text_en[4 * KJ_QUESTION_TEXT_MAX + 1];
	char choices[4 * KJ_QUESTION_TEXT_MAX + 1];
	char value[4 * KJ_ANSWER_VALUE_MAX + 1];	/* "" when not answered */
};
/* A ministry's response: the survey, its head, the questions. */
struct kj_other_sheet {
	struct kj_survey sv;
	char ministry[KJ_MINISTRY_CODE_MAX];
	char ministry_ja[KJ_ORG_NAME_MAX + 1], ministry_en[KJ_ORG_NAME_MAX + 1];
	struct kj_ministry_response h;
	struct kj_receipt last;		/* the latest version's; number "" if none */
	int may_edit, may_return;
	int nitems;
	struct kj_other_item items[KJ_SURVEY_QUESTIONS_MAX];
};
/* MINISTRY's (NULL or "": the actor's) response to SURVEY into SH. */
int kj_app_other_ministry_load(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			       const char *ministry, struct kj_other_sheet *sh,
			       struct kj_answer_refusal *why, struct kj_err *err);
/* An answer given: the question's order ("Q3" or "3") and its value. */
struct kj_other_edit {
	const char *item, *value;
};
/* Saves EDITS into MINISTRY's response as read at REVISION (-1: no check):
 * a later change by someone else refuses the whole save, as a bad value
 * does; *SAVED the answers changed. */
int kj_app_other_ministry_save(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			       const char *ministry, long revision,
			       const struct kj_other_edit *edits, int n, int *saved,
			       struct kj_answer_refusal *why, struct kj_err *err);
/* Submits MINISTRY's response (every required question answered), with
 * its receipt. */
int kj_app_other_ministry_submit(struct kj_store *st, const struct kj_actor *actor,
				 int64_t survey, const char *ministry, long revision,
				 struct kj_receipt *receipt, struct kj_answer_refusal *why,
				 struct kj_err *err);
/* Returns MINISTRY's submitted response for correction with MESSAGE. */
int kj_app_other_ministry_return(struct kj_store *st, const struct kj_actor *actor,
				 int64_t survey, const char *ministry, const char *message,
				 struct kj_answer_refusal *why, struct kj_err *err);

#endif
