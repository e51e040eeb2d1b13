/*
 * Reading a survey campaign while it runs (issue 12): the campaigns a user
 * may see, one campaign's progress by sector, ministry and prefecture, and
 * its chase list (the respondents not submitted), each checked against the
 * reader's reach (kj_authz_survey_read, kj_authz_survey_sectors) in one
 * read snapshot. The figures come from the counts kept as responses change
 * (store_progress.h), so they cost the same however many have answered.
 * Return conventions: 0 (FAULT tells a refusal: KJ_SURVEY_NOT_FOUND also
 * for a campaign the reader may not see, KJ_SURVEY_BAD for a bad filter,
 * with WHY in English), or -1 with ERR.
 */
#ifndef KJ_APP_SURVEY_PROGRESS_H
#define KJ_APP_SURVEY_PROGRESS_H

#include <stdint.h>

#include "app/survey_admin.h"
#include "export/chase_out.h"
#include "store/store_progress.h"
#include "store/store_view.h"

#define KJ_CHASE_PAGE 50	/* rows of a page of the chase list */

/* A campaign as its reader sees it: the campaign, what of it the reader
 * may see, its progress as of TODAY (JST). */
struct kj_survey_view {
	struct kj_survey sv;
	char today[16];
	int all;
	kj_sector_code whole[KJ_USER_SECTORS_MAX], partial[KJ_USER_SECTORS_MAX];
	int nwhole, npartial;
	struct kj_progress_scope scope;	/* points into this view: do not copy it */
	struct kj_progress p;
	struct kj_survey_event events[KJ_SURVEY_EVENTS_MAX];	/* kj_app_survey_view only */
	int nevents;
};

/* Today's date in Japan ("YYYY-MM-DD"), the day close dates are read in. */
void kj_app_today_jst(char out[16]);

/* Campaign ID as USER (NULL: the command line) may see it, into V. */
int kj_app_survey_view(struct kj_store *st, const struct kj_user *user, int64_t id,
		       struct kj_survey_view *v, enum kj_survey_fault *fault,
		       struct kj_err *err);

/* The campaigns USER may see (newest first), each with its progress in
 * V[i] (at most MAX; allocated by the caller). */
int kj_app_survey_views(struct kj_store *st, const struct kj_user *user,
			struct kj_survey_view *v, int max, int *n, struct kj_err *err);

/*
 * The home page's survey: the latest questionnaire and, for an operator
 * (USER's organisation), its response; for the other roles the targets and
 * submissions in USER's reach — of an open or closed campaign the reader may
 * see, its progress from the tally (the campaign page's figures, at the same
 * cost however many have answered); of a draft, the year's targets.
 */
int kj_app_home_survey(struct kj_store *st, const struct kj_user *user,
		       struct kj_home_survey *out, struct kj_err *err);

/* The chase list's filter as typed (NULL or "" for none). */
struct kj_chase_query {
	const char *sector, *prefecture, *status, *overdue, *page;
};

/*
 * Reads Q against campaign V (kj_app_survey_view) into F: a sector of the
 * campaign the reader sees, a prefecture code (01–47, or "unknown"), a
 * status not submitted, overdue "1", a page from 1. *FAULT KJ_SURVEY_BAD
 * with WHY (English) and WHY_FIELD (the parameter) when one is bad.
 */
void kj_app_chase_filter(const struct kj_survey_view *v, const struct kj_chase_query *q,
			 struct kj_chase_filter *f, long *page, enum kj_survey_fault *fault,
			 char why[KJ_ERR_MAX], const char **why_field);

/* One page of V's chase list F (F->limit rows at most) into ROWS. */
int kj_app_survey_chase(struct kj_store *st, const struct kj_survey_view *v,
			const struct kj_chase_filter *f, struct kj_chase_row *rows, int *n,
			struct kj_err *err);

/* The whole chase list F of V as a file: CSV to CSV (non-NULL), else xlsx
 * at XLSX_PATH; *ROWS the rows it holds (counted first, with ROWS_ONLY the
 * count alone). One read snapshot. */
int kj_app_survey_chase_write(struct kj_store *st, const struct kj_survey_view *v,
			      const struct kj_chase_filter *f, const struct kj_chase_names *names,
			      FILE *csv, const char *xlsx_path, int rows_only, long *rows,
			      struct kj_err *err);

/* The surveys ORG is asked to answer (a signed-in operator's own), each
 * campaign into SV[i] with its response's status in OS[i]. */
int kj_app_org_surveys(struct kj_store *st, int64_t org, struct kj_survey *sv,
		       struct kj_org_survey *os, int max, int *n, struct kj_err *err);

#endif
