/*
 * The store of answering a questionnaire (issue 12, migration 13): an
 * operator's response with its revision, its answers to the standard's
 * requirements (answer) and to the survey's own questions (extra_answer),
 * its submitted versions with their receipts, its returns, the change log
 * after a return, assignments and the lead. The use cases
 * (app/survey_answer.c, app/survey_response.c) check the rules and call
 * these inside their transaction; answers are read once per call through a
 * callback and written only where they changed, in statements kept
 * prepared (an import saves 20,000 responses in a row).
 * Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_RESPONSE_H
#define KJ_STORE_STORE_RESPONSE_H

#include <stdint.h>

#include "base/limits.h"
#include "model/answer.h"
#include "model/user.h"
#include "store/store.h"

#define KJ_RESPONSE_ITEM_MAX 24		/* bytes of an item's name: "3.2.1-1", "Q12" */

/* An organisation's response to a survey, as the use cases need it first. */
struct kj_resp_head {
	int respondent;			/* ORG is one of the survey's respondents */
	char extended_to[16];		/* ORG's extension of the close date; "" */
	int64_t id;			/* 0: no response yet */
	char status[16];		/* draft, submitted, returned ("" when none) */
	long revision;
	int versions;
	char created_at[32], updated_at[32];
	char updated_by[KJ_DISPLAY_MAX];
	int64_t lead;
	char lead_name[KJ_DISPLAY_MAX];
};
int kj_store_response_head(struct kj_store *st, int64_t survey, int64_t org,
			   struct kj_resp_head *h, struct kj_err *err);

/*
 * ON 1: the next commit is durable when it returns, also against a power
 * failure (SQLite: synchronous FULL, the write-ahead log synced at commit;
 * PostgreSQL: synchronous_commit on); 0: back to the connection's setting
 * (the same, which every connection keeps, but OFF in bulk mode). Outside a
 * transaction: SQLite refuses to change it inside one. For a submission's
 * receipt, which must be durable even on a connection in bulk mode.
 */
int kj_store_durable(struct kj_store *st, int on, struct kj_err *err);

/* A new draft of ORG to SURVEY at revision 0; *ID its id. BY 0: the command line. */
int kj_store_response_create(struct kj_store *st, int64_t survey, int64_t org,
			     const char *now, int64_t by, int64_t *id, struct kj_err *err);
/* Moves response ID to REVISION, stamped NOW by BY (0: the command line). */
int kj_store_response_touch(struct kj_store *st, int64_t id, long revision,
			    const char *now, int64_t by, struct kj_err *err);
/* Response ID becomes STATUS at REVISION; SUBMITTED (>0) also records the
 * submission (versions, submitted_at, submitted_by). */
int kj_store_response_status(struct kj_store *st, int64_t id, const char *status,
			     long revision, int versions, const char *now, int64_t by,
			     struct kj_err *err);
int kj_store_response_lead(struct kj_store *st, int64_t id, int64_t user, struct kj_err *err);

/* The requirements of standard version VERSION_ID (row id) in the
 * standard's order: their row ids and codes (at most MAX). */
int kj_store_requirement_codes(struct kj_store *st, int64_t version_id, int64_t *ids,
			       char (*codes)[KJ_ID_MAX], int max, int *n, struct kj_err *err);
/* The row id of SURVEY's standard version (0: none). */
int kj_store_survey_version_id(struct kj_store *st, int64_t survey, int64_t *vid,
			       struct kj_err *err);

/* One of a survey's own questions. */
struct kj_stored_question {
	int64_t id;
	int ord;
	const char *kind, *text_ja, *text_en, *choices;	/* never NULL */
	int required;
};
typedef int (*kj_question_fn)(void *ctx, const struct kj_stored_question *q);
/* SURVEY's own questions that ORG answers (for every sector, or one of
 * ORG's scope sectors), by order. */
int kj_store_survey_questions(struct kj_store *st, int64_t survey, int64_t org,
			      kj_question_fn fn, void *ctx, struct kj_err *err);

/* One stored answer; the strings live until FN returns, never NULL. */
struct kj_stored_answer {
	const char *code;		/* a requirement's code; "" for a question */
	int64_t key;			/* the requirement's or question's row id */
	int question;			/* 1: a survey's own question (VALUE) */
	int level;			/* KJ_LEVEL_NA, 0-4 (a question: KJ_LEVEL_NONE) */
	const char *na_reason, *note, *evidence, *value;
	int prefilled;
	long changed_rev;
	const char *updated_at, *updated_by;	/* the display name; "" */
};
typedef int (*kj_answer_fn)(void *ctx, const struct kj_stored_answer *a);
/* Every answer of RESPONSE: requirements, then questions. FN's nonzero
 * result stops the walk and is returned. */
int kj_store_answers_each(struct kj_store *st, int64_t response, kj_answer_fn fn,
			  void *ctx, struct kj_err *err);

/* One answer to write. */
struct kj_answer_put {
	int question;			/* 0: answer (KEY a requirement), 1: extra_answer */
	int64_t key;
	int exists;			/* a row is there: update it (or delete it) */
	int clear;			/* delete the row */
	int level;
	const char *na_reason, *note, *evidence, *value;	/* "" for none */
	int prefilled;
};
int kj_store_answer_put(struct kj_store *st, int64_t response, const struct kj_answer_put *a,
			long revision, const char *now, int64_t by, struct kj_err *err);
/* The N answers A of RESPONSE at once (the new rows of requirements several
 * to a statement), as kj_store_answer_put each. */
int kj_store_answers_put(struct kj_store *st, int64_t response, const struct kj_answer_put *a,
			 int n, long revision, const char *now, int64_t by, struct kj_err *err);

/* The response of ORG to the questionnaire of the fiscal year before
 * SURVEY's that last year's answers come from: submitted, or with a
 * submitted version. *ID 0 when there is none. */
int kj_store_prev_response(struct kj_store *st, int64_t survey, int64_t org, int64_t *id,
			   char status[16], int64_t *version_id, int *versions,
			   struct kj_err *err);
/* The one-to-one links from version FROM_VID to TO_VID (row ids): FN gets
 * each pair of codes. */
typedef int (*kj_xw_pair_fn)(void *ctx, const char *from, const char *to);
int kj_store_xw_one_to_one(struct kj_store *st, int64_t from_vid, int64_t to_vid,
			   kj_xw_pair_fn fn, void *ctx, struct kj_err *err);

/* A submitted version, as stored. */
struct kj_stored_version {
	int version;
	char receipt[40], submitted_at[32];
	char submitted_by[KJ_DISPLAY_MAX];	/* display name, else the actor */
	char digest[72];
	char attest_name[4 * KJ_ATTEST_TEXT_MAX + 1], attest_title[4 * KJ_ATTEST_TEXT_MAX + 1];
	char attest_date[16];
	char returned_at[32];
	char return_message[4 * KJ_RETURN_MESSAGE_MAX + 1];
};
int kj_store_version_add(struct kj_store *st, int64_t response, int version,
			 const char *receipt, const char *at, int64_t by, const char *by_actor,
			 const char *digest, const char *content, const char *attest_name,
			 const char *attest_title, const char *attest_date, struct kj_err *err);
/* RESPONSE's versions, oldest first, into V (at most MAX). */
int kj_store_versions(struct kj_store *st, int64_t response, struct kj_stored_version *v,
		      int max, int *n, struct kj_err *err);
/* Version VERSION of RESPONSE into *V and its content (malloc'd) into
 * *CONTENT; *FOUND 0 when there is none. */
int kj_store_version_get(struct kj_store *st, int64_t response, int version,
			 struct kj_stored_version *v, char **content, int *found,
			 struct kj_err *err);

int kj_store_return_add(struct kj_store *st, int64_t response, int version, const char *at,
			int64_t by, const char *by_actor, const char *message,
			struct kj_err *err);

int kj_store_change_add(struct kj_store *st, int64_t response, const char *item,
			const char *at, int64_t by, const char *by_actor, const char *old_value,
			const char *new_value, const char *reason, struct kj_err *err);
/* One logged change; the strings live until FN returns. */
struct kj_stored_change {
	const char *item, *at, *by, *old_value, *new_value, *reason;
};
typedef int (*kj_change_fn)(void *ctx, const struct kj_stored_change *c);
/* RESPONSE's changes after returns, oldest first, at most MAX. */
int kj_store_changes(struct kj_store *st, int64_t response, int max, kj_change_fn fn,
		     void *ctx, struct kj_err *err);

/* Assigns ITEM of RESPONSE to USER (0: removes the assignment). */
int kj_store_assign(struct kj_store *st, int64_t response, const char *item, int64_t user,
		    int64_t by, const char *at, struct kj_err *err);
typedef int (*kj_assign_fn)(void *ctx, const char *item, int64_t user, const char *name);
int kj_store_assignments(struct kj_store *st, int64_t response, kj_assign_fn fn, void *ctx,
			 struct kj_err *err);

/* What a response needs of its organisation: names, sectors, ministries. */
struct kj_resp_org {
	int found;
	char name[4 * 200 + 1];
	char corporate_number[16];
	kj_sector_code sectors[KJ_USER_SECTORS_MAX];
	int nsectors;
	char ministries[KJ_USER_SECTORS_MAX][16];
	int nministries;
};
int kj_store_response_org(struct kj_store *st, int64_t org, struct kj_resp_org *o,
			  struct kj_err *err);

/* Is USER an enabled operator user of ORG: *YES 1 or 0. */
int kj_store_org_operator_user(struct kj_store *st, int64_t org, int64_t user, int *yes,
			       struct kj_err *err);

#endif
