/*
 * The PDCA board (issue 14): for each sector of a fiscal year, and the
 * cross-sector row, where the cycle stands — plan (its state and the date
 * it was submitted), targets (identified, and when last changed), survey
 * (its state and response rate), analysis (the published snapshot's
 * date), evaluation (its state and date) and the plan update (next year's
 * plan exists and answers the recommendations addressed to the row) — each
 * with its due date (model/evaluation.h's table) and whether it is late.
 * What a reader sees of it: rows of the sectors its reach covers (a
 * ministry its own sectors and the cross-sector row; the NCO, HQ and
 * auditors every row).
 */
#ifndef KJ_APP_PDCA_H
#define KJ_APP_PDCA_H

#include <jansson.h>

#include "model/evaluation.h"
#include "model/user.h"
#include "store/store.h"

#define KJ_PDCA_ROWS_MAX 40

struct kj_pdca_cell {
	int done;		/* the step is done */
	int present;		/* something of it exists (a draft, an open survey) */
	char state[16];		/* plan/survey/evaluation state name; "" none */
	char date[32];		/* when it was done (or last changed); "" none */
	long count, total;	/* targets: count; survey: submitted of total;
				 * update: answered of total recommendations */
	char due[11];
	int late;
};

struct kj_pdca_row {
	kj_sector_code sector;	/* "" the cross-sector row */
	struct kj_pdca_cell c[KJ_PDCA_NSTEPS];
	int complete;		/* every step done */
};

/* The board of FY on TODAY ("YYYY-MM-DD") as USER sees it into OUT (at most
 * KJ_PDCA_ROWS_MAX). */
int kj_app_pdca(struct kj_store *st, const struct kj_user *user, int fy, const char *today,
		struct kj_pdca_row *out, int *n, struct kj_err *err);
json_t *kj_app_pdca_json(int fy, const char *today, const struct kj_pdca_row *rows, int n);

#endif
