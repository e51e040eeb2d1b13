/*
 * The store of on-site visits (issue 15, migration 21): a visit of an
 * operator in an on-site survey, its inspectors, the items in its scope
 * (the self-reported level filled in from the operator's submitted
 * questionnaire of the survey's fiscal year), the verified levels,
 * findings and evidence recorded, the operator's replies and the events.
 * Who may do what is the use cases' (app/onsite_visit.h). Every function
 * returns 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_ONSITE_VISIT_H
#define KJ_STORE_STORE_ONSITE_VISIT_H

#include <stdint.h>

#include "base/limits.h"
#include "model/answer.h"
#include "model/user.h"
#include "store/store.h"

#define KJ_VISIT_INSPECTORS_MAX	8	/* inspectors of one visit */
#define KJ_VISIT_TEXT_BYTES	4096	/* bytes of a requirement's text kept */
#define KJ_VISIT_FUNCTION_BYTES	128	/* bytes of a function's name */
#define KJ_VISIT_NAME_BYTES	(4 * 200 + 1)	/* an operator's name */
#define KJ_VISIT_REPLY_MAX	2000	/* characters of a corrective action */
#define KJ_VISIT_REPLY_BYTES	(4 * KJ_VISIT_REPLY_MAX + 1)
#define KJ_VISIT_EVENTS_MAX	200	/* events shown */
#define KJ_VISIT_LIST_MAX	500	/* visits listed on one page */

/* A visit's head. */
struct kj_visit {
	int64_t id, survey, org;
	char visit_on[16];
	char state[12];			/* planned, recorded, issued */
	long revision;
	char issued_at[32], created_at[32], updated_at[32];
	int64_t inspectors[KJ_VISIT_INSPECTORS_MAX];
	char inspector_names[KJ_VISIT_INSPECTORS_MAX][KJ_DISPLAY_MAX];
	int ninspectors;
	int nitems, nrecorded, nreplies;
	char org_name[KJ_VISIT_NAME_BYTES];
	char corporate_number[16];
};

/* One requirement in a visit's scope. */
struct kj_visit_item {
	int64_t requirement;		/* requirement.id */
	char code[KJ_ID_MAX];
	char function[KJ_VISIT_FUNCTION_BYTES];	/* its function's name (Japanese) */
	char function_code[KJ_ID_MAX];
	char text[KJ_VISIT_TEXT_BYTES];		/* its text (Japanese), cut to fit */
	int has_self, self_level;	/* the self-reported level; -1 N/A */
	int recorded, verified;		/* the verified level; -1 N/A */
	char na_reason[KJ_ANSWER_NA_BYTES];
	char findings[KJ_ANSWER_NOTE_BYTES];
	char evidence[KJ_ANSWER_EVIDENCE_BYTES];
	char recorded_at[32];
	int replied;
	char action[KJ_VISIT_REPLY_BYTES];
	char due_on[16];
	char replied_at[32];
};

/* One event of a visit. */
struct kj_visit_event {
	char at[32], actor[KJ_DISPLAY_MAX + 8], action[24];
	char message[512];
};

/* A requirement of a standard version, for choosing a visit's scope. */
struct kj_visit_req {
	int64_t id;
	char code[KJ_ID_MAX], function_code[KJ_ID_MAX];
};

/* The requirements of VERSION_ID in order into OUT (at most MAX), *N of them. */
int kj_store_visit_reqs(struct kj_store *st, int64_t version_id, struct kj_visit_req *out,
			int max, int *n, struct kj_err *err);
/* The row id of SURVEY's standard version into *VID (0: none). */
int kj_store_visit_survey_version(struct kj_store *st, int64_t survey, int64_t *vid,
				  struct kj_err *err);
/* *ID the visit of ORG in SURVEY, 0 if none. */
int kj_store_visit_find(struct kj_store *st, int64_t survey, int64_t org, int64_t *id,
			struct kj_err *err);
/* *YES 1 when ORG is a pick (not removed) of SURVEY's approved selection. */
int kj_store_visit_is_pick(struct kj_store *st, int64_t survey, int64_t org, int *yes,
			   struct kj_err *err);
/* A new planned visit (revision 1) into *ID. */
int kj_store_visit_create(struct kj_store *st, int64_t survey, int64_t org, const char *visit_on,
			  int64_t *id, struct kj_err *err);
int kj_store_visit_inspector_add(struct kj_store *st, int64_t visit, int64_t user,
				 struct kj_err *err);
/* Adds requirement REQ to VISIT's scope with ORG's self-reported level from
 * its submitted questionnaire of fiscal year FY (NULL when none). */
int kj_store_visit_item_add(struct kj_store *st, int64_t visit, int64_t req, int64_t org, int fy,
			    struct kj_err *err);
/* VISIT's head with its inspectors and counts; *FOUND 0 if there is none. */
int kj_store_visit_get(struct kj_store *st, int64_t visit, struct kj_visit *v, int *found,
		       struct kj_err *err);
/* VISIT's items in the standard's order into OUT (at most MAX), *N of them. */
int kj_store_visit_items(struct kj_store *st, int64_t visit, struct kj_visit_item *out, int max,
			 int *n, struct kj_err *err);
/* Records item REQ of VISIT: LEVEL 0-4 or -1 (N/A with NA_REASON), or
 * KJ_LEVEL_NONE to clear it; by USER (0: the command line) at NOW. */
int kj_store_visit_item_record(struct kj_store *st, int64_t visit, int64_t req, int level,
			       const char *na_reason, const char *findings, const char *evidence,
			       int64_t user, const char *now, struct kj_err *err);
/* Moves VISIT to STATE if it is still at REVISION: *MOVED 1, or 0 when
 * another change came first. Issuing records ISSUED_BY (0: the command line). */
int kj_store_visit_move(struct kj_store *st, int64_t visit, long revision, const char *state,
			int64_t issued_by, const char *now, int *moved, struct kj_err *err);
/* The operator's reply to item REQ of VISIT (replacing an earlier one). */
int kj_store_visit_reply(struct kj_store *st, int64_t visit, int64_t req, const char *action,
			 const char *due_on, int64_t user, const char *now, struct kj_err *err);
int kj_store_visit_event_add(struct kj_store *st, int64_t survey, int64_t visit,
			     int64_t actor_id, const char *actor, const char *action,
			     const char *message, struct kj_err *err);
int kj_store_visit_events(struct kj_store *st, int64_t visit, struct kj_visit_event *out,
			  int max, int *n, struct kj_err *err);
/*
 * Visit ids, newest first, into IDS (at most MAX): of SURVEY (0: any), of
 * ORG (0: any), assigned to INSPECTOR (0: any), only issued ones when
 * ISSUED_ONLY.
 */
int kj_store_visit_ids(struct kj_store *st, int64_t survey, int64_t org, int64_t inspector,
		       int issued_only, int64_t *ids, int max, int *n, struct kj_err *err);

#endif
