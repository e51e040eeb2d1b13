/*
 * The analysis tables as CSV and xlsx (analysis_out.h).
 */
#include <xlsxwriter.h>

#include "export/analysis_out.h"
#include "export/csv.h"

int kj_atable_write_csv(FILE *f, const struct kj_atable *t)
{
	if (kj_csv_begin(f) < 0)
		return -1;
	for (int c = 0; c < t->ncols; c++)
		if (kj_csv_field(f, t->cols[c], c == t->ncols - 1) < 0)
			return -1;
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++)
			if (kj_csv_field(f, t->cells[(size_t)r * (size_t)t->ncols + (size_t)c],
					 c == t->ncols - 1) < 0)
				return -1;
	return 0;
}

int kj_atable_write_xlsx(const char *path, const struct kj_atable *t, struct kj_err *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		kj_err_set(err, "%s: cannot create the workbook", path);
		return -1;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
	lxw_format *bold = workbook_add_format(wb);
	int rc = !ws || !bold;
	if (!rc) {
		format_set_bold(bold);
		for (int c = 0; c < t->ncols; c++)
			rc |= worksheet_write_string(ws, 0, (lxw_col_t)c, t->cols[c], bold) !=
			      LXW_NO_ERROR;
		for (int r = 0; r < t->nrows; r++)
			for (int c = 0; c < t->ncols; c++) {
				const char *v = t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
				/* Strings, as the page prints them (a formula is never written). */
				if (v && *v)
					rc |= worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
								     v, NULL) != LXW_NO_ERROR;
			}
		worksheet_freeze_panes(ws, 1, 0);
	}
	lxw_error e = workbook_close(wb);
	if (rc) {
		kj_err_set(err, "%s: cannot build the workbook", path);
		return -1;
	}
	if (e != LXW_NO_ERROR) {
		kj_err_set(err, "%s: %s", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}
