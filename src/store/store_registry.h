/*
 * Bulk writers of the registry and surveys (store_registry.c), used by the
 * demo generator, and the counts of what a database holds.
 *
 * Functions return 0 on success and -1 with ERR set on failure; a failed
 * write leaves the database as it was.
 */
#ifndef KJ_STORE_REGISTRY_H
#define KJ_STORE_REGISTRY_H

#include <stdint.h>

#include "base/util.h"
#include "model/registry.h"

struct kj_store;

int kj_store_prefecture_put(struct kj_store *st, const char *code,
			    const char *name_ja, const char *name_en,
			    struct kj_err *err);
/*
 * Adds organisation O (not yet registered: its corporate number new) with
 * its sectors, the ministries it is assigned to and its contact (if it has
 * a name, mail or phone), all or nothing, inside or outside a transaction;
 * *ID its new id. An empty name_kana, municipality_code or prefecture is
 * stored as NULL. The record is taken as given (validation is the model's,
 * kj_registry_validate): the demo's bulk path, its statements kept prepared.
 */
int kj_store_org_add(struct kj_store *st, const struct kj_org_record *o, int64_t *id,
		     struct kj_err *err);
int kj_store_target_add(struct kj_store *st, int fiscal_year,
			const char *sector, int64_t org, struct kj_err *err);
int kj_store_survey_add(struct kj_store *st, int fiscal_year,
			const char *version, const char *title_ja,
			const char *title_en, const char *status, int64_t *id,
			struct kj_err *err);
int kj_store_response_add(struct kj_store *st, int64_t survey, int64_t org,
			  const char *status, const char *submitted_at,
			  int64_t *id, struct kj_err *err);
/* The open window (YYYY-MM-DD) and creation time of SURVEY (demo data). */
int kj_store_survey_dates(struct kj_store *st, int64_t survey, const char *opens_on,
			  const char *closes_on, const char *created_at,
			  struct kj_err *err);
/*
 * Demo data: organisations, users and safety documents stamped later than
 * STAMP (ISO 8601 UTC) are stamped STAMP, so a dataset generated for a given
 * day holds no later date.
 */
int kj_store_backdate(struct kj_store *st, const char *stamp, struct kj_err *err);
/*
 * Requirement ids of VERSION in catalog order, for answer writers: IDS must
 * hold MAX entries; *N is set to the count.
 */
int kj_store_requirement_ids(struct kj_store *st, const char *version,
			     int64_t *ids, int max, int *n, struct kj_err *err);
/* One answer: LEVEL 0..4, or -1 for N/A with NA_REASON. */
struct kj_answer_in {
	int64_t requirement;
	int level;
	const char *na_reason;
};
/* The N answers of RESPONSE, written a few dozen rows a statement. */
int kj_store_answers_add(struct kj_store *st, int64_t response,
			 const struct kj_answer_in *a, int n, struct kj_err *err);

struct kj_store_counts {
	long versions, requirements, sectors, organisations, targets,
	     surveys, responses, answers, users;
};
int kj_store_counts(struct kj_store *st, struct kj_store_counts *c,
		    struct kj_err *err);

#endif
