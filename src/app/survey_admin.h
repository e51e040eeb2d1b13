/*
 * Use cases of survey campaigns (issue 12): create, open, close and extend.
 * Each reads the request as given (text), checks it against the rules
 * (model/survey.h), the store and the actor's reach (kj_authz_survey_admin),
 * and writes with its audit entry in one transaction. A refused request
 * changes nothing and says why, in English, in WHY.
 */
#ifndef KJ_APP_SURVEY_ADMIN_H
#define KJ_APP_SURVEY_ADMIN_H

#include <stdint.h>

#include "app/usecase.h"
#include "store/store_survey.h"

enum kj_survey_fault {
	KJ_SURVEY_OK,
	KJ_SURVEY_BAD,		/* a value is malformed or names nothing known */
	KJ_SURVEY_NOT_FOUND,	/* no such campaign */
	KJ_SURVEY_FORBIDDEN,	/* outside the actor's reach */
	KJ_SURVEY_REFUSED,	/* the campaign's state or data forbid it */
};

struct kj_survey_refusal {
	enum kj_survey_fault fault;
	char msg[KJ_ERR_MAX];
};

/* Sets WHY to FAULT with the English message FMT; returns 0 (a refusal is
 * not a failure), for the use cases of campaigns (also app/survey_other.c). */
int kj_survey_refuse(struct kj_survey_refusal *why, enum kj_survey_fault fault,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Does ACTOR own campaign SV (kj_authz_survey_admin over its owner and scope)? */
int kj_app_survey_owns(const struct kj_actor *actor, const struct kj_survey *sv);

/* A new campaign as requested; NULL or "" for what is not given. */
struct kj_survey_request {
	const char *fy;
	const char *title_ja, *title_en;
	const char *version;	/* default: the latest in force */
	const char *sectors;	/* CODE[,CODE...]; default: every sector */
	const char *owner;	/* nco | ministry:CODE | surveyor; default nco */
	const char *opens, *closes;
	const char *kind;	/* questionnaire (NULL), onsite (app/onsite_select.h) or
				 * other (app/survey_other.h) */
	const char *respondents;	/* kind other: operator (NULL) | ministry */
};

/* Creates the draft campaign REQ; *ID its id. 0 (WHY tells a refusal), or -1. */
int kj_app_survey_create(struct kj_store *st, const struct kj_actor *actor,
			 const struct kj_survey_request *req, int64_t *id,
			 struct kj_survey_refusal *why, struct kj_err *err);
/* Opens draft ID, freezing its respondents (their count in *RESPONDENTS):
 * a questionnaire's are that year's targets of its scope, a survey of kind
 * other's those its owner chose (app/survey_other.h). */
int kj_app_survey_open(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		       long *respondents, struct kj_survey_refusal *why, struct kj_err *err);
/* Closes open campaign ID. */
int kj_app_survey_close(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			struct kj_survey_refusal *why, struct kj_err *err);
/* Extends the close date of ID for the operator of CORPORATE_NUMBER to UNTIL. */
int kj_app_survey_extend(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			 const char *corporate_number, const char *until, const char *reason,
			 struct kj_survey_refusal *why, struct kj_err *err);

/* Campaign ID and its progress per sector (ROWS, at most MAX), in one
 * snapshot; *FOUND 0 when there is none. */
int kj_app_survey_status(struct kj_store *st, int64_t id, struct kj_survey *sv,
			 struct kj_survey_progress *rows, int max, int *n, int *found,
			 struct kj_err *err);

/* A survey's own question as requested; NULL or "" for what is not given. */
struct kj_question_request {
	const char *kind;		/* level | yesno | number | choice | text */
	const char *text_ja, *text_en;
	const char *sector;		/* one of the scope's sectors; default: every one */
	const char *choices;		/* a choice question's, one per line */
	int optional;			/* not required for submitting */
};
/* Adds REQ as draft campaign ID's last own question (its order in *ORD):
 * only while a draft (once open, its questions are frozen), at most
 * KJ_SURVEY_QUESTIONS_MAX of them. */
int kj_app_survey_question_add(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			       const struct kj_question_request *req, int *ord,
			       struct kj_survey_refusal *why, struct kj_err *err);
/* Drops draft campaign ID's own question ORD. */
int kj_app_survey_question_drop(struct kj_store *st, const struct kj_actor *actor, int64_t id,
				int ord, struct kj_survey_refusal *why, struct kj_err *err);

#endif
