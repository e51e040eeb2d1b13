/*
 * A survey's progress while it is open (issue 12), read from the counts
 * kept as responses change (survey_tally, store_tally.h) and the few
 * per-operator extensions of the close date, never by counting responses:
 * its cost does not grow as responses arrive. Also the chase list: the
 * respondents who have not submitted, with their contact, a page at a time.
 *
 * A reader's reach is a struct kj_progress_scope (app/survey_progress.c
 * fills it from the user): every sector, or some sectors held whole and
 * some held in part (行政サービス: only the operators assigned to the
 * ministry, for the chase list; the counts of such a sector are the
 * sector's).
 * Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_PROGRESS_H
#define KJ_STORE_STORE_PROGRESS_H

#include <stdint.h>

#include "model/catalog.h"
#include "store/store.h"

#define KJ_PROGRESS_GROUPS_MAX 64	/* sectors, ministries or prefectures of one table */
#define KJ_CHASE_PAGE_MAX 500		/* rows of one page of the chase list */
#define KJ_CHASE_OFFSET_MAX 1000000	/* the deepest row a page may start at */
#define KJ_CHASE_NAME_BYTES (4 * 200 + 1)
#define KJ_CHASE_CONTACT_BYTES (4 * 254 + 1)

/* One group's respondents by the status of their response. Overdue: not
 * submitted and past the close date that applies (its extension, if any). */
struct kj_progress_counts {
	long respondents, not_started, draft, submitted, returned, overdue;
};

struct kj_progress_group {
	char code[KJ_SECTOR_CODE_MAX];	/* a sector's, ministry's or prefecture's; "" unknown */
	struct kj_progress_counts c;
};

/* What a reader may see: ALL, or sectors WHOLE and sectors PARTIAL of MINISTRY. */
struct kj_progress_scope {
	int all;
	const kj_sector_code *whole;
	int nwhole;
	const kj_sector_code *partial;
	int npartial;
	const char *ministry;
};

struct kj_progress {
	struct kj_progress_counts total;	/* each operator once (all) or per sector */
	struct kj_progress_group sectors[KJ_PROGRESS_GROUPS_MAX];
	int nsectors;				/* in the standard's order */
	struct kj_progress_group ministries[KJ_PROGRESS_GROUPS_MAX];
	int nministries;			/* of the sectors they hold whole */
	struct kj_progress_group prefectures[KJ_PROGRESS_GROUPS_MAX];
	int nprefectures;			/* in code order, unknown ("") last */
	long extensions;			/* operators given a later close date */
};

/*
 * SURVEY's progress as of day TODAY ("YYYY-MM-DD"), whose close date is
 * CLOSES_ON ("" when none: nothing is overdue), within SC, into P.
 */
int kj_store_progress(struct kj_store *st, int64_t survey, const char *closes_on,
		      const char *today, const struct kj_progress_scope *sc,
		      struct kj_progress *p, struct kj_err *err);

/* Which of the respondents not submitted to list. */
struct kj_chase_filter {
	const char *sector;	/* NULL: every sector of the scope (an operator once) */
	const char *prefecture;	/* NULL: any; "" unknown */
	const char *status;	/* NULL, "not_started", "draft" or "returned" */
	int overdue;		/* only those past their close date */
	const char *today;	/* "YYYY-MM-DD", for OVERDUE */
	long offset;
	int limit;		/* at most KJ_CHASE_PAGE_MAX */
};

struct kj_chase_row {
	int64_t org;
	char corporate_number[16];
	char name[KJ_CHASE_NAME_BYTES];
	kj_sector_code sector;
	char prefecture[8];		/* "" unknown */
	char status[16];		/* not_started, draft, returned */
	char closes_on[16];		/* with the operator's extension; "" none */
	int extended;
	char updated_at[32];		/* the response's last change; "" none */
	char contact_name[KJ_CHASE_NAME_BYTES];
	char contact_email[KJ_CHASE_CONTACT_BYTES];
	char contact_phone[32];
};

/* One page of SURVEY's chase list (closing on CLOSES_ON) within SC, by
 * sector and organisation, into ROWS (F->limit of them); *N the rows read. */
int kj_store_chase_list(struct kj_store *st, int64_t survey, const char *closes_on,
			const struct kj_progress_scope *sc, const struct kj_chase_filter *f,
			struct kj_chase_row *rows, int *n, struct kj_err *err);
/* How many rows the chase list F (its page ignored) holds, into *N. */
int kj_store_chase_count(struct kj_store *st, int64_t survey, const char *closes_on,
			 const struct kj_progress_scope *sc, const struct kj_chase_filter *f,
			 long *n, struct kj_err *err);

/* A survey an operator is asked to answer, with its response's status. */
struct kj_org_survey {
	int64_t survey;
	char status[16];		/* not_started, draft, submitted, returned */
	char closes_on[16];		/* with its extension; "" none */
};
/* The surveys (open or closed) of which ORG is a respondent, newest first. */
int kj_store_org_surveys(struct kj_store *st, int64_t org, struct kj_org_survey *v, int max,
			 int *n, struct kj_err *err);

/* A step of a campaign's life as the audit trail holds it. */
#define KJ_SURVEY_EVENTS_MAX 20
struct kj_survey_event {
	char at[32];
	char actor[64];
	char action[32];	/* survey.create, survey.open, survey.close, survey.extend … */
	char detail[256];	/* the entry's JSON detail, cut to fit */
};
/* The first MAX audit entries of SURVEY (object "survey"), oldest first. */
int kj_store_survey_history(struct kj_store *st, int64_t survey, struct kj_survey_event *ev,
			    int max, int *n, struct kj_err *err);

#endif
