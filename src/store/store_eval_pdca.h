/*
 * The figures of the PDCA board (app/pdca.c) for one sector (or the
 * cross-sector row, SECTOR "") and fiscal year: reads only.
 */
#ifndef KJ_STORE_STORE_EVAL_PDCA_H
#define KJ_STORE_STORE_EVAL_PDCA_H

#include "model/catalog.h"
#include "store/store.h"

struct kj_pdca_facts {
	/* The most advanced plan of the scope: its state ("" none) and the time
	 * it was submitted (its latest submit event) or last changed. */
	char plan_state[16], plan_at[32];
	char next_state[16];	/* next year's plan */
	long targets;		/* identified operators */
	char targets_at[32];	/* the latest change of them (the audit trail) */
	char survey_state[16], survey_closes[16];
	long respondents, submitted;
	char published_at[32];	/* the latest published snapshot */
	char eval_state[16], eval_at[32];
	long recs, answered;	/* recommendations of the year addressed to it, those
				 * answered by a measure of a plan of the next year */
};

/* The sectors in order into OUT, at most MAX. */
int kj_store_pdca_sectors(struct kj_store *st, kj_sector_code *out, int max, int *n,
			  struct kj_err *err);
int kj_store_pdca_facts(struct kj_store *st, int fy, const char *sector,
			struct kj_pdca_facts *f, struct kj_err *err);

#endif
