/*
 * The answers to a survey of kind other as a file (CSV or xlsx): a grid
 * whose first row names the columns (the respondent, its status, then one
 * column per question) and each further row one respondent. A survey of
 * kind other has a few hundred respondents at most and its own questions
 * (KJ_SURVEY_QUESTIONS_MAX), so the grid is held whole.
 * Return conventions: the CSV writer follows the stream convention of
 * export/csv.h (0, or -1 with errno); the xlsx writer 0, or -1 with ERR.
 */
#ifndef KJ_EXPORT_OTHER_OUT_H
#define KJ_EXPORT_OTHER_OUT_H

#include <stdio.h>

#include "base/util.h"

struct kj_grid {
	int ncols, nrows;		/* row 0 is the head */
	char **cell;			/* nrows * ncols, row by row; NULL: empty */
};

/* A grid of NROWS and NCOLS empty cells; -1 when out of memory (or too big). */
int kj_grid_init(struct kj_grid *g, int nrows, int ncols);
/* Sets cell (ROW, COL) to a copy of VALUE; -1 when out of memory. */
int kj_grid_set(struct kj_grid *g, int row, int col, const char *value);
void kj_grid_free(struct kj_grid *g);

int kj_grid_write_csv(FILE *f, const struct kj_grid *g);
/* SHEET names the worksheet (at most 31 characters). */
int kj_grid_write_xlsx(const char *path, const char *sheet, const struct kj_grid *g,
		       struct kj_err *err);

#endif
