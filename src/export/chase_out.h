/*
 * A survey's chase list as a file (CSV or xlsx): the respondents who have
 * not submitted, with their sector, prefecture, status, close date (with
 * an extension) and contact, a row at a time from a row source, so a list
 * of 20,000 operators is never held whole.
 * Return conventions: the CSV writer follows the stream convention of
 * export/csv.h (0, or -1 with errno); the xlsx writer 0, or -1 with ERR.
 */
#ifndef KJ_EXPORT_CHASE_OUT_H
#define KJ_EXPORT_CHASE_OUT_H

#include <stdio.h>

#include "base/util.h"
#include "store/store_progress.h"

/* The next row into *ROW: 1, 0 at the end, -1 on a failure (the source
 * keeps its cause). The row lives until the next call. */
typedef int (*kj_chase_source)(void *ctx, const struct kj_chase_row **row);

/* SECTOR_NAME and PREF_NAME give the Japanese names of codes (may return the code). */
struct kj_chase_names {
	const char *(*sector)(void *ctx, const char *code);
	const char *(*prefecture)(void *ctx, const char *code);
	void *ctx;
};

int kj_chase_write_csv(FILE *f, kj_chase_source next, void *ctx,
		       const struct kj_chase_names *names);
int kj_chase_write_xlsx(const char *path, kj_chase_source next, void *ctx,
			const struct kj_chase_names *names, struct kj_err *err);
/* The Japanese label of a response status ("not_started" → 未着手). */
const char *kj_chase_status_ja(const char *status);

#endif
