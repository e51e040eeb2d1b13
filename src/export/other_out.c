/* The answers to a survey of kind other as CSV or xlsx; see other_out.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "export/csv.h"
#include "export/other_out.h"

#define GRID_CELLS_MAX (1L << 24)	/* 16 M cells: far beyond any survey */

int kj_grid_init(struct kj_grid *g, int nrows, int ncols)
{
	g->nrows = g->ncols = 0;
	g->cell = NULL;
	if (nrows <= 0 || ncols <= 0 || (long)nrows > GRID_CELLS_MAX / ncols)
		return -1;
	g->cell = calloc((size_t)nrows * (size_t)ncols, sizeof *g->cell);
	if (!g->cell)
		return -1;
	g->nrows = nrows;
	g->ncols = ncols;
	return 0;
}

int kj_grid_set(struct kj_grid *g, int row, int col, const char *value)
{
	if (row < 0 || row >= g->nrows || col < 0 || col >= g->ncols)
		return -1;
	char **c = &g->cell[(size_t)row * (size_t)g->ncols + (size_t)col];
	free(*c);
	*c = value ? strdup(value) : NULL;
	return value && !*c ? -1 : 0;
}

void kj_grid_free(struct kj_grid *g)
{
	for (long i = 0; g->cell && i < (long)g->nrows * g->ncols; i++)
		free(g->cell[i]);
	free(g->cell);
	g->cell = NULL;
	g->nrows = g->ncols = 0;
}

int kj_grid_write_csv(FILE *f, const struct kj_grid *g)
{
	int rc = kj_csv_begin(f);
	for (int r = 0; !rc && r < g->nrows; r++)
		for (int c = 0; c < g->ncols; c++)
			rc |= kj_csv_field(f, g->cell[(size_t)r * (size_t)g->ncols + (size_t)c],
					   c == g->ncols - 1);
	return rc ? -1 : 0;
}

int kj_grid_write_xlsx(const char *path, const char *sheet, const struct kj_grid *g,
		       struct kj_err *err)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		kj_err_set(err, "%s: cannot create the workbook", path);
		return -1;
	}
	int rc = 0;
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	lxw_format *head = workbook_add_format(wb);
	if (!ws || !head || g->nrows > (int)LXW_ROW_MAX || g->ncols > (int)LXW_COL_MAX) {
		rc = -1;
		goto close;
	}
	format_set_bold(head);
	for (int r = 0; !rc && r < g->nrows; r++)
		for (int c = 0; c < g->ncols; c++) {
			const char *v = g->cell[(size_t)r * (size_t)g->ncols + (size_t)c];
			if (v && *v)
				rc |= worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, v,
							     r ? NULL : head) != LXW_NO_ERROR;
		}
close:;
	lxw_error e = workbook_close(wb);
	if (rc || e != LXW_NO_ERROR) {
		kj_err_set(err, "%s: cannot write the workbook", path);
		return -1;
	}
	return 0;
}
