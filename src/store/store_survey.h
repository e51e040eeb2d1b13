/*
 * The store's survey campaigns (issue 12): a campaign with its owner and
 * scope (survey_sector), its respondents frozen when it opens
 * (survey_respondent: that year's targets of the scope sectors), the
 * per-operator extensions of its close date, and the progress of its
 * responses per sector. The use cases (app/survey_admin.c) check the rules
 * and call these inside their transaction.
 * Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_SURVEY_H
#define KJ_STORE_STORE_SURVEY_H

#include <stdint.h>

#include "model/catalog.h"
#include "model/survey.h"
#include "store/store.h"

#define KJ_SURVEY_TITLE_BYTES (4 * KJ_SURVEY_TITLE_MAX + 1)

struct kj_survey {
	int64_t id;
	int fy;
	char version[KJ_VERSION_MAX];	/* "" when the version is missing */
	char kind[16];
	char respondent_kind[12];	/* operator | ministry (kind other) */
	char title_ja[KJ_SURVEY_TITLE_BYTES];
	char title_en[KJ_SURVEY_TITLE_BYTES];
	char status[8];
	char owner_kind[12];
	char owner_ministry[KJ_MINISTRY_CODE_MAX];
	char opens_on[16], closes_on[16];	/* "" when not set */
	char created_at[32];
	long respondents;		/* frozen when opened; -1 while a draft */
	long extensions;
	kj_sector_code sectors[KJ_SURVEY_SECTORS_MAX];
	int nsectors;
};

/* Does sector CODE / ministry CODE exist: *YES 1 or 0. */
int kj_store_sector_exists(struct kj_store *st, const char *code, int *yes,
			   struct kj_err *err);
int kj_store_ministry_exists(struct kj_store *st, const char *code, int *yes,
			     struct kj_err *err);
/* Does ministry MINISTRY hold SECTOR (sector_ministry): *YES 1 or 0. */
int kj_store_ministry_holds(struct kj_store *st, const char *ministry, const char *sector,
			    int *yes, struct kj_err *err);
/* Every sector's code (MINISTRY non-NULL: the sectors it holds), in the standard's order, into CODES (at most MAX). */
int kj_store_sector_codes(struct kj_store *st, const char *ministry, kj_sector_code *codes,
			  int max, int *n, struct kj_err *err);

/* The row id of standard VERSION (NULL: the latest in force) into *ID (0 if
 * there is none) and its label into LABEL. */
int kj_store_survey_version(struct kj_store *st, const char *version, int64_t *id,
			    char label[KJ_VERSION_MAX], struct kj_err *err);

/* Adds S (its id ignored) asking the standard version VERSION_ID, with its
 * scope; *ID the new campaign's. */
int kj_store_survey_create(struct kj_store *st, const struct kj_survey *s,
			   int64_t version_id, int64_t *id, struct kj_err *err);
/* Campaign ID into *S; *FOUND 0 if there is none. */
int kj_store_survey_get(struct kj_store *st, int64_t id, struct kj_survey *s, int *found,
			struct kj_err *err);
/* In a write transaction: holds survey ID's row against another
 * transaction's change (its closing) until this one ends, so that a row read
 * once stands for all of this one's writes. PostgreSQL: a share lock on the
 * row; SQLite: the write lock the transaction took at its start does it. */
int kj_store_survey_hold(struct kj_store *st, int64_t id, struct kj_err *err);
/* Like kj_store_survey_get, but *FOUND 0 for an on-site survey (kind
 * 'onsite', app/onsite_select.h) or one of kind 'other' (app/survey_other.h):
 * what the questionnaire's pages, commands and use cases open. */
int kj_store_questionnaire_get(struct kj_store *st, int64_t id, struct kj_survey *s,
			       int *found, struct kj_err *err);
/* The ids of the campaigns of FY (0: every year), newest year first; no
 * on-site survey nor one of kind other among them. */
int kj_store_survey_ids(struct kj_store *st, int fy, int64_t *ids, int max, int *n,
			struct kj_err *err);
/* Another open questionnaire campaign of the same year sharing a scope
 * sector with ID: its id into *OTHER (0 if none) and the sector into SECTOR. */
int kj_store_survey_overlap(struct kj_store *st, int64_t id, int64_t *other,
			    kj_sector_code sector, struct kj_err *err);
/* Freezes ID's respondents (that year's targets of its scope sectors now,
 * with their prefectures) and counts its tally anew (store_tally.h);
 * *COUNT the operators among them. */
int kj_store_survey_freeze(struct kj_store *st, int64_t id, long *count,
			   struct kj_err *err);
/* Moves ID from status FROM to TO (RESPONDENTS >= 0: records the count);
 * *CHANGED 0 when ID was not in FROM. */
int kj_store_survey_move(struct kj_store *st, int64_t id, const char *from,
			   const char *to, long respondents, int *changed,
			   struct kj_err *err);
/* The organisation of CORPORATE_NUMBER (*ORG 0 if none), and whether it is
 * one of ID's respondents (a draft: a target of its year in its scope). */
int kj_store_survey_respondent(struct kj_store *st, int64_t id, const char *corporate_number,
			       int64_t *org, int *in_scope, struct kj_err *err);
/* Extends ORG's close date of ID to UNTIL (replacing an earlier extension). */
int kj_store_survey_extend(struct kj_store *st, int64_t id, int64_t org, const char *until,
			   const char *reason, int64_t by_user, const char *by_actor,
			   struct kj_err *err);

/* One scope sector's respondents and their responses. */
struct kj_survey_progress {
	kj_sector_code sector;
	long respondents, not_started, draft, submitted, returned;
};
/* Per scope sector of ID, in the standard's order (a draft: today's targets). */
int kj_store_survey_progress(struct kj_store *st, int64_t id, struct kj_survey_progress *rows,
			     int max, int *n, struct kj_err *err);

/* A survey's own question as stored (survey_question); strings live until
 * the callback returns. */
struct kj_survey_question {
	int64_t id;
	int ord;
	const char *sector;		/* "" for every scope sector */
	const char *kind, *text_ja, *text_en, *choices;
	int required;
};
typedef int (*kj_survey_question_fn)(void *ctx, const struct kj_survey_question *q);
/* Every own question of SURVEY by order (FN returning non-zero stops). */
int kj_store_survey_question_each(struct kj_store *st, int64_t survey,
				  kj_survey_question_fn fn, void *ctx, struct kj_err *err);
/* How many own questions SURVEY has, into *N. */
int kj_store_survey_question_count(struct kj_store *st, int64_t survey, int *n,
				   struct kj_err *err);
/* Adds Q (its id and ord ignored; SECTOR "" for every sector) as SURVEY's last
 * question; its order into *ORD. */
int kj_store_survey_question_add(struct kj_store *st, int64_t survey,
				 const struct kj_survey_question *q, int *ord,
				 struct kj_err *err);
/* Drops SURVEY's question ORD (*FOUND 0 if none). */
int kj_store_survey_question_drop(struct kj_store *st, int64_t survey, int ord, int *found,
				  struct kj_err *err);

#endif
