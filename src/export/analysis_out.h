/*
 * The tables of the analysis pages as files (analysis_out.c): CSV (UTF-8
 * with a byte-order mark, csv.h) and xlsx (one sheet). A table is plain
 * text cells, already suppressed and worded by its caller, so the file says
 * exactly what the page's table says.
 */
#ifndef KJ_EXPORT_ANALYSIS_OUT_H
#define KJ_EXPORT_ANALYSIS_OUT_H

#include <stdio.h>

#include "base/util.h"

/* NROWS rows of NCOLS cells, CELLS[row * NCOLS + col] (NULL: empty);
 * COLS the heading row; SHEET the xlsx sheet's name. */
struct kj_atable {
	const char *sheet;
	int ncols, nrows;
	const char *const *cols;
	char **cells;
};

/* 0, or -1 when the stream failed (csv.h's convention). */
int kj_atable_write_csv(FILE *f, const struct kj_atable *t);
/* 0, or -1 with ERR. */
int kj_atable_write_xlsx(const char *path, const struct kj_atable *t, struct kj_err *err);

#endif
