/*
 * The rules of a survey campaign (issue 12), apart from the store: its
 * lifecycle draft -> open -> closed and nothing else, its window's dates
 * (YYYY-MM-DD, opening on or before closing), its titles' lengths, its
 * owner (the NCO, a ministry for its own survey, or the surveyor acting for
 * the NCO) and an extension's reason. Each check returns NULL when the
 * value is good, else a message in English saying what is wrong.
 */
#ifndef KJ_MODEL_SURVEY_H
#define KJ_MODEL_SURVEY_H

#include "base/limits.h"
#include "model/user.h"

enum kj_survey_status { KJ_SURVEY_DRAFT, KJ_SURVEY_OPEN, KJ_SURVEY_CLOSED };

/* "draft", "open", "closed"; NULL for a bad value. */
const char *kj_survey_status_name(enum kj_survey_status s);
/* The status named S, or -1. */
int kj_survey_status_parse(const char *s);
/* 1 if a campaign may go from FROM to TO: draft -> open, open -> closed. */
int kj_survey_transition_ok(enum kj_survey_status from, enum kj_survey_status to);

enum kj_survey_owner { KJ_OWNER_NCO, KJ_OWNER_MINISTRY, KJ_OWNER_SURVEYOR };

struct kj_survey_owner_spec {
	enum kj_survey_owner kind;
	char ministry[KJ_MINISTRY_CODE_MAX];	/* KJ_OWNER_MINISTRY: its code; else "" */
};
/* "nco", "ministry", "surveyor". */
const char *kj_survey_owner_name(enum kj_survey_owner o);
/* S as the command line gives it: "nco", "ministry:CODE" or "surveyor"
 * (NULL or "": the NCO). Whether the ministry exists is the store's to say. */
const char *kj_survey_owner_parse(const char *s, struct kj_survey_owner_spec *out);

/* Dates of a window: each NULL/"" or a real YYYY-MM-DD; OPENS <= CLOSES when both. */
const char *kj_survey_check_dates(const char *opens, const char *closes);
/* The Japanese title (required) and the English one (may be empty): valid
 * UTF-8 without control characters, at most KJ_SURVEY_TITLE_MAX characters. */
const char *kj_survey_check_titles(const char *ja, const char *en);
/* An extension: UNTIL a real date, not before the campaign's CLOSES (when
 * set), REASON given, at most KJ_SURVEY_REASON_MAX characters. */
const char *kj_survey_check_extension(const char *until, const char *closes,
				      const char *reason);
/* A fiscal year as text, within KJ_SURVEY_FY_MIN..MAX, into *FY. */
const char *kj_survey_check_fy(const char *s, int *fy);

#endif
