/*
 * A survey campaign's own questions as its readers see them (issue 12:
 * "a survey may add its own questions … once a survey is open its
 * questions are frozen"): the list, read in one snapshot for a user who
 * may see the campaign (kj_authz_survey_read), and, for the owner's form,
 * which field a refused question concerns and why in both languages. The
 * changes themselves are survey_admin.h's (kj_app_survey_question_add,
 * kj_app_survey_question_drop), which the web, the API and the command
 * line call alike.
 */
#ifndef KJ_APP_SURVEY_QUESTIONS_H
#define KJ_APP_SURVEY_QUESTIONS_H

#include <stdint.h>

#include "app/survey_admin.h"
#include "model/answer.h"
#include "model/user.h"

/* One own question as listed; the strings are owned by the list. */
struct kj_question_row {
	int ord;			/* shown as Q1, Q2 … */
	int required;
	char sector[KJ_SECTOR_CODE_MAX];	/* "" for every scope sector */
	char kind[16];			/* level | yesno | number | choice | text */
	char *text_ja, *text_en;	/* text_en "" when not given */
	char *choices;			/* a choice question's, one per line; else "" */
};

struct kj_question_list {
	char status[8];			/* the campaign's: draft (open to change), open, closed */
	int n;
	struct kj_question_row rows[KJ_SURVEY_QUESTIONS_MAX];
};

/*
 * Campaign ID's own questions by order into *OUT (allocated; free with
 * kj_question_list_free), for USER. 0 with *FAULT KJ_SURVEY_NOT_FOUND when
 * there is no such campaign or USER may not see it (*OUT NULL), or -1.
 */
int kj_app_survey_questions(struct kj_store *st, const struct kj_user *user, int64_t id,
			    struct kj_question_list **out, enum kj_survey_fault *fault,
			    struct kj_err *err);
void kj_question_list_free(struct kj_question_list *l);

/* Why a question was refused as malformed (KJ_SURVEY_BAD), for a form. */
struct kj_question_fault {
	const char *field;		/* kind, text_ja, text_en, choices, sector */
	const char *ja, *en;		/* static */
};
/*
 * The first fault of REQ against the model's rules and the scope SECTORS
 * (N of them), as kj_app_survey_question_add checks them and in the same
 * order, into *F: 1 when there is one, 0 when REQ is well formed.
 */
int kj_app_question_fault(const struct kj_question_request *req,
			  const kj_sector_code *sectors, int n, struct kj_question_fault *f);

/*
 * Choices as a form's textarea or a list sends them (CRLF line ends, blank
 * lines) as the use case keeps them: one per line, LF, no blank line.
 * Returns a new string (free it; never longer than IN), or NULL when out
 * of memory; NULL IN gives NULL.
 */
char *kj_question_choices_tidy(const char *in);

#endif
