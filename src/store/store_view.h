/*
 * Read models for the web pages: an organisation's record and the survey
 * status figures of the home pages.
 */
#ifndef KJ_STORE_STORE_VIEW_H
#define KJ_STORE_STORE_VIEW_H

#include <stdint.h>

#include "model/registry.h"
#include "store/store.h"

/*
 * Organisation ID's record (sectors and ministries sorted by code, its
 * first contact) into OUT; *FOUND 0 if there is none. It reads through the
 * registry's one-organisation listing (kj_store_org_list, scope.org = ID),
 * the one reader of an organisation.
 */
int kj_store_org_get(struct kj_store *st, int64_t id, struct kj_org_record *out,
		     int *found, struct kj_err *err);

struct kj_home_survey {
	int64_t survey_id;	/* 0: no survey that year */
	int fiscal_year;
	char title_ja[256], title_en[256];
	char status[12];
	long targets;		/* organisations targeted (in scope) */
	long submitted;		/* of those, with a submitted response */
	char org_response[12];	/* for one organisation: "submitted", "draft", "" */
	char org_submitted_at[32];
};

/*
 * The latest questionnaire survey and its figures within a scope: all
 * (SECTORS NULL, ORG 0), some sectors, or one organisation. MINISTRY, if
 * not NULL, narrows SECTORS to that ministry's part (see kj_org_scope).
 * With COUNT 0 the survey (and ORG's response) only: the targets and
 * submissions are counted over the targets of its year, for a survey whose
 * respondents are not yet frozen (a draft); an open one's come from its
 * tally (store_progress.h).
 */
int kj_store_survey_status(struct kj_store *st, const kj_sector_code *sectors,
			   int nsectors, const char *ministry, int64_t org, int count,
			   struct kj_home_survey *out, struct kj_err *err);

#endif
