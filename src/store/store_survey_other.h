/*
 * The store of surveys of kind "other" (issue 15, migration 24): the
 * respondents their owner chooses while a draft (operators in survey_pick,
 * frozen into survey_respondent when the survey opens; or ministries in
 * survey_ministry), the list of respondents with the state of their
 * responses, the answers for the owner's export, and the ministries'
 * responses (ministry_response, ministry_answer, ministry_response_version,
 * ministry_response_return). Operators' responses are the questionnaire's
 * own rows (store_response.h). The use cases (app/survey_other.c,
 * app/survey_other_answer.c) check the rules and call these inside their
 * transaction.
 * Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_SURVEY_OTHER_H
#define KJ_STORE_STORE_SURVEY_OTHER_H

#include <stdint.h>

#include "model/registry.h"
#include "store/store_survey.h"

/* The operator of CORPORATE_NUMBER (*ORG 0 if none) and the first of its
 * sectors in SURVEY's scope, in the standard's order ("" if none). */
int kj_store_pick_find(struct kj_store *st, int64_t survey, const char *corporate_number,
		       int64_t *org, kj_sector_code sector, struct kj_err *err);
/* Chooses ORG (in SECTOR) for SURVEY; *ADDED 0 when it was chosen already. */
int kj_store_pick_add(struct kj_store *st, int64_t survey, int64_t org, const char *sector,
		      long *added, struct kj_err *err);
/* Chooses every target of SECTOR in FY; *ADDED those not chosen before. */
int kj_store_pick_sector(struct kj_store *st, int64_t survey, int fy, const char *sector,
			 long *added, struct kj_err *err);
/* Drops ORG (ORG 0: every one chosen in SECTOR); *REMOVED how many. */
int kj_store_pick_remove(struct kj_store *st, int64_t survey, int64_t org, const char *sector,
			 long *removed, struct kj_err *err);
/* Chooses ministry CODE (NULL: every ministry); *ADDED those new. */
int kj_store_survey_ministry_add(struct kj_store *st, int64_t survey, const char *code,
				 long *added, struct kj_err *err);
/* Drops ministry CODE (NULL: every one); *REMOVED how many. */
int kj_store_survey_ministry_remove(struct kj_store *st, int64_t survey, const char *code,
				    long *removed, struct kj_err *err);
/* Freezes SURVEY's chosen respondents (RESPONDENT_KIND operator: into
 * survey_respondent, with their tally; ministry: as chosen); *COUNT them. */
int kj_store_other_freeze(struct kj_store *st, int64_t survey, const char *respondent_kind,
			  long *count, struct kj_err *err);

/* One respondent of a survey of kind other and its response. */
struct kj_other_respondent {
	char key[KJ_ORG_NAME_MAX + 1];	/* corporate number or ministry code */
	char name[KJ_ORG_NAME_MAX + 1];	/* Japanese */
	char name_en[KJ_ORG_NAME_MAX + 1];	/* ministries: English; operators: "" */
	kj_sector_code sector;		/* operators: the sector chosen in */
	char status[16];		/* not_started | draft | submitted | returned */
	int64_t response;		/* 0: none yet */
	int versions;
	char updated_at[32];
};
typedef int (*kj_other_respondent_fn)(void *ctx, const struct kj_other_respondent *r);
/* SV's respondents (a draft: those chosen so far) in key order. */
int kj_store_other_respondents(struct kj_store *st, const struct kj_survey *sv,
			       kj_other_respondent_fn fn, void *ctx, struct kj_err *err);

/* One answer for the export: the response's respondent key and the
 * question's order. */
typedef int (*kj_other_answer_fn)(void *ctx, const char *key, int ord, const char *value);
/* Every answer of SV's responses (by key, then question order). */
int kj_store_other_answers(struct kj_store *st, const struct kj_survey *sv,
			   kj_other_answer_fn fn, void *ctx, struct kj_err *err);

/* A ministry's response to a survey of kind other. */
struct kj_ministry_response {
	int64_t id;			/* 0: none yet */
	char status[16];
	long revision;
	int versions;
	char updated_at[32], updated_by[KJ_DISPLAY_MAX];
};
/* Is MINISTRY a respondent of SURVEY (*YES), and its response (H->id 0: none). */
int kj_store_ministry_response_head(struct kj_store *st, int64_t survey, const char *ministry,
				    int *yes, struct kj_ministry_response *h,
				    struct kj_err *err);
/* Creates MINISTRY's draft response to SURVEY; its id into *ID. */
int kj_store_ministry_response_create(struct kj_store *st, int64_t survey, const char *ministry,
				      int64_t by_user, const char *by_actor, int64_t *id,
				      struct kj_err *err);
/* The answers of response ID: FN(ctx, NULL, question ord, value). */
int kj_store_ministry_answers(struct kj_store *st, int64_t id, kj_other_answer_fn fn, void *ctx,
			      struct kj_err *err);
/* Sets (VALUE "" deletes) the answer to QUESTION at REVISION. */
int kj_store_ministry_answer_put(struct kj_store *st, int64_t id, int64_t question,
				 const char *value, long revision, int64_t by_user,
				 struct kj_err *err);
/* Moves response ID to STATUS, REVISION and VERSIONS. */
int kj_store_ministry_response_move(struct kj_store *st, int64_t id, const char *status,
				    long revision, int versions, int64_t by_user,
				    const char *by_actor, struct kj_err *err);
/* Keeps version VERSION of ID (receipt, digest, content). */
int kj_store_ministry_version_add(struct kj_store *st, int64_t id, int version,
				  const char *receipt, const char *at, int64_t by_user,
				  const char *by_actor, const char *digest, const char *content,
				  struct kj_err *err);
/* Keeps the return of version VERSION of ID with MESSAGE. */
int kj_store_ministry_return_add(struct kj_store *st, int64_t id, int version, const char *at,
				 int64_t by_user, const char *by_actor, const char *message,
				 struct kj_err *err);
/* The receipt, time and digest of version VERSION of ID (*FOUND 0 if none). */
int kj_store_ministry_version_get(struct kj_store *st, int64_t id, int version,
				  char receipt[40], char at[32], char digest[65], int *found,
				  struct kj_err *err);

/* The ids of the surveys of kind other, newest year first (at most MAX). */
int kj_store_other_ids(struct kj_store *st, int64_t *ids, int max, int *n, struct kj_err *err);

/* Ministry CODE's names into JA and EN (KJ_ORG_NAME_MAX + 1 bytes each; "" if none). */
int kj_store_survey_ministry_name(struct kj_store *st, const char *code, char *ja, char *en,
				  struct kj_err *err);

/* Demo data: RESPONSE's answer VALUE to QUESTION (extra_answer), written AT. */
int kj_store_other_answer_add(struct kj_store *st, int64_t response, int64_t question,
			      const char *value, const char *at, struct kj_err *err);
/* Demo data: ministry RESPONSE and its answers stamped CREATED_AT / UPDATED_AT. */
int kj_store_demo_ministry_stamp(struct kj_store *st, int64_t response, const char *created_at,
				 const char *updated_at, struct kj_err *err);

#endif
