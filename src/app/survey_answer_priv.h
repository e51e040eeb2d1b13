/*
 * What the answering use cases share (survey_answer.c: load, start, save,
 * submit; survey_response.c: return, versions, changes, assignments, the
 * lead): the call's context (survey, organisation, response, the actor's
 * reach), the response's items as a sheet, the refusals in two languages,
 * the canonical text of answers and the audit entry.
 */
#ifndef KJ_APP_SURVEY_ANSWER_PRIV_H
#define KJ_APP_SURVEY_ANSWER_PRIV_H

#include <jansson.h>
#include <string.h>

#include "app/authz.h"
#include "app/survey_answer.h"
#include "base/buf.h"
#include "store/store_response.h"

/* The survey, organisation and response a call works on. */
struct ans_ctx {
	struct kj_survey sv;
	int64_t org;
	int64_t vid;			/* the survey's standard version (row id) */
	struct kj_resp_head h;
};

/* Is C's survey of kind other (its own questions only, no requirements)? */
static inline int ans_other(const struct ans_ctx *c)
{
	return !strcmp(c->sv.kind, "other");
}

/* Reads the context of ORG's (0: the actor's) response to SURVEY and
 * checks that ACTOR may do ACT; a refusal in WHY. In the caller's
 * transaction. */
int ans_ctx_open(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		 int64_t org, enum kj_response_act act, struct ans_ctx *c,
		 struct kj_answer_refusal *why, struct kj_err *err);
/* ans_ctx_open with the survey's row already read (KNOWN, when it is
 * SURVEY's; NULL: read it): an import's checks read it once. */
int ans_ctx_open_known(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		       int64_t org, enum kj_response_act act, const struct kj_survey *known,
		       struct ans_ctx *c, struct kj_answer_refusal *why, struct kj_err *err);

int ans_refuse(struct kj_answer_refusal *why, enum kj_survey_fault fault, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The Japanese of the refusal just made. */
int ans_refuse_ja(struct kj_answer_refusal *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An answer with its strings owned (NULL for ""). */
struct ans_val {
	int level;
	char *na, *note, *evidence, *value;
};

/* One item of the sheet. */
/* A new field is set in ans_sheet_load: the slots are not cleared. */
struct ans_slot {
	char item[KJ_ITEM_MAX];
	int64_t key;			/* requirement or question row id */
	int question;			/* -1: a requirement; else the index in sheet->q */
	int exists;
	struct ans_val now;
	int prefilled;
	long changed_rev;
	char at[32], by[KJ_DISPLAY_MAX];
	int has_last;
	struct ans_val last;
	int carried;			/* NOW is last year's, not yet written */
};

struct ans_question {
	int64_t id;
	int ord;
	int kind;
	int required;
	char *choices, *text_ja, *text_en;
};

/* The items of a response: the version's requirements in the standard's
 * order, then the survey's own questions for the organisation. */
struct ans_sheet {
	int nreq;
	int64_t reqid[KJ_CATALOG_REQ_MAX];
	char code[KJ_CATALOG_REQ_MAX][KJ_ID_MAX];
	int by_code[KJ_CATALOG_REQ_MAX];	/* slot indexes sorted by code */
	int nq;
	struct ans_question q[KJ_SURVEY_QUESTIONS_MAX];
	struct ans_slot *slot;		/* nreq + nq */
	int nslots;
};

/* The sheet of C's response (its answers when there is one); free with
 * ans_sheet_free. */
int ans_sheet_load(struct kj_store *st, const struct ans_ctx *c, struct ans_sheet **out,
		   struct kj_err *err);
void ans_sheet_free(struct ans_sheet *sh);
/* The slot of ITEM ("3.2.1-1", "Q3"), or -1. */
int ans_sheet_find(const struct ans_sheet *sh, const char *item);
/* Last year's answers into the slots' LAST. */
int ans_sheet_last(struct kj_store *st, const struct ans_ctx *c, struct ans_sheet *sh,
		   struct kj_err *err);

/* Last year's answers into the slots of SH (loaded while there was no
 * response) as the answers now, unconfirmed and not yet written. */
int ans_carry_load(struct kj_store *st, const struct ans_ctx *c, struct ans_sheet *sh,
		   struct kj_err *err);
/* Creates C's draft (its id into C->h) with the tally's move; WRITE 1 also
 * writes the carried answers and the response.start audit entry (else the
 * caller does both later: a save that starts the response writes each row
 * once, and says in its own entry that it started it). In the caller's
 * transaction. */
int ans_create(struct kj_store *st, const struct kj_actor *actor, struct ans_ctx *c,
	       struct ans_sheet *sh, int write, struct kj_err *err);
/* ans_carry_load, then ans_create writing them. */
int ans_start(struct kj_store *st, const struct kj_actor *actor, struct ans_ctx *c,
	      struct ans_sheet *sh, struct kj_err *err);
/* Writes the carried answers of SH that are not written yet, unconfirmed. */
int ans_carry_flush(struct kj_store *st, const struct kj_actor *actor, const struct ans_ctx *c,
		    struct ans_sheet *sh, struct kj_err *err);

/* The canonical text of V into B (see kj_answer_text). */
void ans_text(struct kj_buf *b, const struct ans_val *v, int question);
/* Parses TEXT (as ans_text wrote it) into V (strings malloc'd); -1 if malformed. */
int ans_text_parse(const char *text, int question, struct ans_val *v);
void ans_val_free(struct ans_val *v);
/* The version content of the sheet's answers; NULL when out of memory. */
char *ans_content(const struct ans_sheet *sh);
/* SHA-256 of S in hex. */
void ans_digest(const char *s, char out[KJ_DIGEST_HEX]);

/* The audit entry ACTION of response RESPONSE with DETAIL (released). */
int ans_audit(struct kj_store *st, const struct kj_actor *actor, const char *action,
	      int64_t response, json_t *detail, struct kj_err *err);

/* Today in Japan, YYYY-MM-DD. */
void ans_today(char out[16]);

/* A return's MESSAGE: text of 1 to KJ_RETURN_MESSAGE_MAX characters (their
 * count returned), else a refusal (KJ_SURVEY_BAD) in WHY and 0. */
long ans_check_return_message(const char *message, struct kj_answer_refusal *why);

#endif
