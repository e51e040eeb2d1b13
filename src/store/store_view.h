/*
 * Read models for the web pages: an organisation's record and the survey
 * status figures of the home pages.
 */
#ifndef KJ_STORE_STORE_VIEW_H
#define KJ_STORE_STORE_VIEW_H

#include <stdint.h>

#include "store/store.h"

#define KJ_ORG_SECTORS_MAX 4
#define KJ_ORG_MINISTRIES_MAX 8

struct kj_org_view {
	int64_t id;
	char corporate_number[16];
	char name_ja[256], name_kana[256];
	char size_class[8];
	int core_infra, local_gov, ceptoar_member, active;
	char municipality_code[8];
	char prefecture[4];
	char sectors[KJ_ORG_SECTORS_MAX][24];
	int nsectors;
	/* The ministries it is assigned to (organisation_ministry): in a sector
	 * a ministry holds in part, they alone see it. */
	char ministries[KJ_ORG_MINISTRIES_MAX][16];
	int nministries;
};

int kj_store_org_get(struct kj_store *st, int64_t id, struct kj_org_view *out,
		     int *found, struct kj_err *err);

struct kj_survey_status {
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
 */
int kj_store_survey_status(struct kj_store *st, const char (*sectors)[24],
			   int nsectors, const char *ministry, int64_t org,
			   struct kj_survey_status *out, struct kj_err *err);

#endif
