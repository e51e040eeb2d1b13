/*
 * A survey's response counts kept as they change (survey_tally, migration
 * 13): per scope sector (and '*', each operator once), prefecture as of
 * opening and status ('not_started', 'draft', 'submitted', 'returned').
 * Every change of a response's status calls kj_store_tally_move in the
 * same transaction; progress pages read the table instead of counting
 * responses. Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_TALLY_H
#define KJ_STORE_STORE_TALLY_H

#include <stdint.h>

#include "store/store.h"

/* Counts SURVEY's respondents anew from survey_respondent and response
 * (after its respondents are frozen, or after a bulk load such as the
 * demo's). */
int kj_store_tally_rebuild(struct kj_store *st, int64_t survey, struct kj_err *err);
/* Moves ORG, one of SURVEY's respondents, from status FROM to TO in every
 * row that counts it. Nothing when ORG is no respondent or FROM is TO. */
int kj_store_tally_move(struct kj_store *st, int64_t survey, int64_t org, const char *from,
			const char *to, struct kj_err *err);
/*
 * Within one write transaction that moves many operators (an import of a
 * batch of forms): from kj_store_tally_defer(ST, 1) on, kj_store_tally_move
 * reads the operator's rows but only sums the moves per row in memory;
 * kj_store_tally_flush writes each row's sum once and ends the deferral,
 * and must run before the commit. kj_store_tally_defer(ST, 0) ends it and
 * drops what is not written (after a rollback). Returns 0, or -1 with ERR
 * (out of memory).
 */
int kj_store_tally_defer(struct kj_store *st, int on, struct kj_err *err);
int kj_store_tally_flush(struct kj_store *st, struct kj_err *err);

#endif
