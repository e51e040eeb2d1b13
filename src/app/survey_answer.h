/*
 * Use cases of answering a questionnaire survey (issue 12): an operator's
 * response read whole, saved with optimistic locking, submitted with a
 * completeness check, an attestation and a receipt, returned for
 * correction by its ministry or the survey's owner, its submitted versions
 * and the changes made after a return, assignments of functions or
 * requirements to colleagues, and last year's answers carried over.
 *
 * Items are named as the forms name them: a requirement of the standard by
 * its id ("3.2.1-1"), a survey's own question by "Q" and its order ("Q3").
 *
 * Who may do what (kj_authz_response decides): an operator's users read
 * and change their own organisation's response (the lead, or anyone while
 * there is none, submits); a ministry reads the responses of operators in
 * its sectors and returns them; the owner of the survey (the NCO, the
 * owning ministry, the surveyor for a survey it owns) reads and returns
 * any; the auditor reads; HQ and CEPTOARs reach no single response. The
 * command line (actor without user) may do everything.
 *
 * Each call is one transaction with its audit entries; a refusal changes
 * nothing and says why in WHY (English, for the CLI and the API) and
 * WHY_JA (Japanese, for the pages) — see struct kj_answer_refusal.
 * Return conventions: 0 (WHY->fault tells a refusal), or -1 with ERR.
 */
#ifndef KJ_APP_SURVEY_ANSWER_H
#define KJ_APP_SURVEY_ANSWER_H

#include <stdint.h>

#include "app/survey_admin.h"
#include "app/usecase.h"
#include "model/answer.h"
#include "model/catalog.h"

#define KJ_ITEM_MAX 24		/* bytes of an item's name: "3.2.1-1", "Q12" */
#define KJ_RECEIPT_MAX 40	/* bytes of a receipt number */
#define KJ_DIGEST_HEX 65	/* SHA-256 in hex, with the NUL */
#define KJ_SAVE_CONFLICTS_MAX 200
#define KJ_SAVE_FAULTS_MAX 200

struct kj_answer_refusal {
	enum kj_survey_fault fault;	/* KJ_SURVEY_OK when done */
	char msg[KJ_ERR_MAX];		/* English */
	char msg_ja[KJ_ERR_MAX];	/* Japanese */
};

/* One answer as stored (or as submitted in a version). */
struct kj_answer_value {
	int level;			/* 0-4, KJ_LEVEL_NA, KJ_LEVEL_NONE */
	char na_reason[KJ_ANSWER_NA_BYTES];
	char note[KJ_ANSWER_NOTE_BYTES];
	char evidence[KJ_ANSWER_EVIDENCE_BYTES];
	char value[KJ_ANSWER_VALUE_BYTES];	/* a survey's own question: normalised */
};

/* One question of the response and its answer. */
struct kj_q_item {
	char item[KJ_ITEM_MAX];
	int requirement;		/* index into the catalog's reqs; -1: own question */
	int function;			/* the catalog's function index (own: -1) */
	/* A survey's own question (requirement -1). */
	int64_t question_id;
	enum kj_question_kind kind;
	char text_ja[4 * KJ_QUESTION_TEXT_MAX + 1], text_en[4 * KJ_QUESTION_TEXT_MAX + 1];
	char choices[4 * KJ_QUESTION_CHOICES_MAX * (KJ_QUESTION_CHOICE_MAX + 1) + 1];
	int required;
	/* The answer now. */
	struct kj_answer_value now;
	int prefilled;			/* carried over from last year, not yet confirmed */
	long changed_rev;		/* the response revision that last changed it */
	char updated_at[32];
	char updated_by[KJ_DISPLAY_MAX];	/* display name; "" when never changed */
	/* Last year's submitted answer to the same requirement (crosswalked). */
	int has_last;
	struct kj_answer_value last;
	/* Who it is assigned to (0: nobody). */
	int64_t assignee;
	char assignee_name[KJ_DISPLAY_MAX];
};

/* An operator's response to a survey, read whole. Large: kj_questionnaire_new(). */
struct kj_questionnaire {
	struct kj_survey survey;
	struct kj_catalog cat;		/* the standard version the survey asks */
	int64_t org;
	char org_name[4 * 200 + 1];
	char corporate_number[16];
	int64_t response;		/* 0: not started */
	char status[16];		/* not_started, draft, submitted, returned */
	long revision;			/* give it back with a save or a submit */
	int versions;			/* submitted versions so far */
	char closes_on[16];		/* with this operator's extension; "" when none */
	char updated_at[32], updated_by[KJ_DISPLAY_MAX];
	int64_t lead;			/* the user who submits; 0: any of its users */
	char lead_name[KJ_DISPLAY_MAX];
	char returned_at[32];		/* the latest return, when status is returned */
	char return_message[4 * KJ_RETURN_MESSAGE_MAX + 1];
	struct kj_q_item items[KJ_CATALOG_REQ_MAX + KJ_SURVEY_QUESTIONS_MAX];
	int nitems;			/* requirements in the standard's order, then own questions */
	int left;			/* required items without a confirmed answer */
	int prefilled;			/* items still to confirm */
};

struct kj_questionnaire *kj_questionnaire_new(void);
void kj_questionnaire_free(struct kj_questionnaire *q);

/* The organisation whose response ACTOR works on when it names none: an
 * operator's own (0 for anyone else). */
int64_t kj_app_actor_org(const struct kj_actor *actor);

/* Reads the response of ORG to SURVEY (with the catalog, last year's
 * answers and who changed what) into Q. */
int kj_app_questionnaire_load(struct kj_store *st, const struct kj_actor *actor,
			      int64_t survey, int64_t org, struct kj_questionnaire *q,
			      struct kj_answer_refusal *why, struct kj_err *err);
/* The same with SURVEY's row already read (KNOWN, when it is SURVEY's;
 * NULL: read it), as an import reads it once for all its forms. */
int kj_app_questionnaire_load_known(struct kj_store *st, const struct kj_actor *actor,
				    int64_t survey, int64_t org, const struct kj_survey *known,
				    struct kj_questionnaire *q, struct kj_answer_refusal *why,
				    struct kj_err *err);

/* Starts ORG's draft (nothing when it exists), carrying over last year's
 * submitted answers through the standard's crosswalk as unconfirmed. */
int kj_app_response_start(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			  int64_t org, struct kj_answer_refusal *why, struct kj_err *err);

/* One item's answer as typed; NULL fields are not changed. */
struct kj_answer_edit {
	const char *item;
	const char *level;		/* as kj_level_parse reads it; "" clears the answer */
	const char *na_reason, *note, *evidence;
	const char *value;		/* a survey's own question */
	int confirm;			/* confirm a carried-over answer as it is */
	int checked;			/* LEVEL and the three texts, all given, passed
					 * kj_answer_check together already (a checked
					 * form's row): not checked again */
	int level_value;		/* when CHECKED: LEVEL as kj_level_parse read it */
};

struct kj_answer_save {
	long revision;			/* the revision the editor read; -1: no check */
	const struct kj_answer_edit *edits;
	int nedits;
	const char *reason;		/* required when the response was returned */
};

/* What a save found: items changed by someone else since the revision read
 * whose value here differs (nothing is saved then), or bad values (nothing
 * saved either). */
struct kj_save_result {
	long revision;			/* the response's revision after the save */
	int changed;			/* items changed by this save */
	int nconflicts;
	struct {
		char item[KJ_ITEM_MAX];
		struct kj_answer_value theirs, yours;
		char by[KJ_DISPLAY_MAX], at[32];
	} *conflicts;			/* KJ_SAVE_CONFLICTS_MAX, allocated by kj_save_result_new */
	int nfaults;
	struct {
		char item[KJ_ITEM_MAX];
		const struct kj_answer_fault *fault;
	} faults[KJ_SAVE_FAULTS_MAX];
};
struct kj_save_result *kj_save_result_new(void);
void kj_save_result_free(struct kj_save_result *r);

/* Saves EDITS into ORG's draft (started if need be). A conflict or a bad
 * value refuses the whole save (WHY->fault KJ_SURVEY_REFUSED / _BAD, the
 * details in RES). After a return, each changed item's old and new value
 * and SAVE->reason go to the change log. In a transaction of its own, or in
 * the caller's when one is open (kj_store_in_tx: an import saving many
 * forms in one; on PostgreSQL kj_store_bulk_mode then also sends the writes
 * without waiting for each): a refusal writes nothing and leaves it open,
 * and after -1 the caller rolls it back. */
int kj_app_answers_save(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			int64_t org, const struct kj_answer_save *save, struct kj_save_result *res,
			struct kj_answer_refusal *why, struct kj_err *err);
/* The same in the caller's open transaction with SURVEY's row read in it
 * (KNOWN, when it is SURVEY's; NULL: read it): an import's batch reads it
 * once for all its forms, the write lock held from its first. */
int kj_app_answers_save_known(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			      const struct kj_survey *known, int64_t org,
			      const struct kj_answer_save *save, struct kj_save_result *res,
			      struct kj_answer_refusal *why, struct kj_err *err);

struct kj_attestation {
	const char *name, *title, *date;	/* the responsible officer; date YYYY-MM-DD */
};

struct kj_receipt {
	char number[KJ_RECEIPT_MAX];	/* 受付番号 */
	char at[32];
	char digest[KJ_DIGEST_HEX];	/* SHA-256 of the submitted answers' canonical text */
	int version;
};

/* Submits ORG's response as read at REVISION: every required item answered
 * and confirmed, else refused with the missing items in MISSING (at most
 * MAX, their count in *NMISSING). Keeps the version whole with RECEIPT. */
int kj_app_response_submit(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			   int64_t org, long revision, const struct kj_attestation *att,
			   struct kj_receipt *receipt, char (*missing)[KJ_ITEM_MAX], int max,
			   int *nmissing, struct kj_answer_refusal *why, struct kj_err *err);

/* Returns ORG's submitted response for correction with MESSAGE. */
int kj_app_response_return(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			   int64_t org, const char *message, struct kj_answer_refusal *why,
			   struct kj_err *err);

/* One submitted version's head. */
struct kj_version_head {
	int version;
	struct kj_receipt receipt;
	char submitted_by[KJ_DISPLAY_MAX];
	char attest_name[4 * KJ_ATTEST_TEXT_MAX + 1], attest_title[4 * KJ_ATTEST_TEXT_MAX + 1];
	char attest_date[16];
	char returned_at[32];		/* "" when this version was not returned */
	char return_message[4 * KJ_RETURN_MESSAGE_MAX + 1];
};
/* ORG's submitted versions, oldest first, into V (at most MAX). */
int kj_app_response_versions(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			     int64_t org, struct kj_version_head *v, int max, int *n,
			     struct kj_answer_refusal *why, struct kj_err *err);
/* Version VERSION of ORG's response: Q as it was submitted (items' "now"
 * the submitted answers), its head in HEAD; the digest is checked again. */
int kj_app_response_version(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			    int64_t org, int version, struct kj_version_head *head,
			    struct kj_questionnaire *q, struct kj_answer_refusal *why,
			    struct kj_err *err);

/* A change made after a return. */
struct kj_answer_change {
	char item[KJ_ITEM_MAX];
	char at[32], by[KJ_DISPLAY_MAX];
	char old_value[KJ_ANSWER_NOTE_BYTES], new_value[KJ_ANSWER_NOTE_BYTES];
	char reason[4 * KJ_CHANGE_REASON_MAX + 1];
};
/* ORG's changes after returns, oldest first (at most MAX; calloc'd by the caller). */
int kj_app_answer_changes(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			  int64_t org, struct kj_answer_change *c, int max, int *n,
			  struct kj_answer_refusal *why, struct kj_err *err);

/* Assigns ITEM ("3.2.1-1", "Q3" or a function "F0".."F5") of ORG's response
 * to USER (one of ORG's users; 0: unassigns). The lead, or any of ORG's
 * users while there is no lead. */
int kj_app_response_assign(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			   int64_t org, const char *item, int64_t user,
			   struct kj_answer_refusal *why, struct kj_err *err);
/* Makes USER (one of ORG's users; 0: nobody) the lead of ORG's response. */
int kj_app_response_lead(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			 int64_t org, int64_t user, struct kj_answer_refusal *why,
			 struct kj_err *err);

/* The canonical one-line text of an answer, as the change log, the version
 * content and a conflict show it: "3", "na: REASON", with " / note: …" and
 * " / evidence: …" when given; a value as it is. */
void kj_answer_text(const struct kj_answer_value *v, char *out, size_t cap);

#endif
