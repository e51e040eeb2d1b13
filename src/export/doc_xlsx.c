/*
 * A document's tables (doc.h) as an xlsx workbook: a contents sheet first,
 * linking each table's sheet with its caption and chapter, then one sheet
 * per table with the same figures. A cell of a figure column (right-aligned
 * in the document) that reads as a number is written as a number: "1,234"
 * as 1234, "35.7%" as 0.357 shown as a percentage; anything else ("—",
 * "非表示（…）") stays text. Header rows are bold and frozen.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "export/doc_write.h"

#define XLSX_COL_WIDTH_MAX 60
#define XLSX_NUM_MAX 40		/* bytes of a cell that may be a number */

/* Reads S as a number: digits with optional sign, thousands commas, decimals
 * and a trailing '%'. Returns 0 (not a number), 1 (a plain number: *V), 2
 * (a percentage: *V the ratio). */
static int as_number(const char *s, double *v)
{
	char plain[XLSX_NUM_MAX + 1];
	size_t n = 0, len = strlen(s);
	int digits = 0, dot = 0, pct = 0;
	if (!len || len > XLSX_NUM_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			digits++;
			plain[n++] = c;
		} else if (c == '-' && i == 0) {
			plain[n++] = c;
		} else if (c == ',' && digits && !dot) {
			continue;
		} else if (c == '.' && digits && !dot) {
			dot = 1;
			plain[n++] = c;
		} else if (c == '%' && i == len - 1 && digits) {
			pct = 1;
		} else {
			return 0;
		}
	}
	if (!digits || plain[n - 1] == '.')
		return 0;
	plain[n] = '\0';
	char *end;
	*v = strtod(plain, &end);
	if (*end)
		return 0;
	if (pct)
		*v /= 100.0;
	return pct ? 2 : 1;
}

struct fmts {
	lxw_format *bold, *pct, *num, *wrap;
};

static int write_table(lxw_worksheet *ws, const struct kj_doc_table *t, const struct fmts *f)
{
	int bad = 0;
	double width[KJ_DOC_TABLE_COLS_MAX] = { 0 };
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++) {
			const char *v = t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
			double x;
			int kind = r >= t->header_rows && t->right[c] ? as_number(v, &x) : 0;
			lxw_error e;
			if (kind)
				e = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, x,
							   kind == 2 ? f->pct : f->num);
			else if (*v)
				e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, v,
							   r < t->header_rows ? f->bold : f->wrap);
			else
				e = LXW_NO_ERROR;
			bad |= e != LXW_NO_ERROR;
			/* a Japanese character is three bytes and about two columns wide */
			double w = (double)strlen(v) * 0.7 + 2;
			if (w > width[c])
				width[c] = w;
		}
	for (int c = 0; c < t->ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
				     width[c] > XLSX_COL_WIDTH_MAX ? XLSX_COL_WIDTH_MAX : width[c],
				     NULL);
	if (t->header_rows > 0)
		worksheet_freeze_panes(ws, (lxw_row_t)t->header_rows, 0);
	return bad;
}

/* The chapter (the last level-1 heading) before block I. */
static const char *chapter_of(const struct kj_doc *d, int i)
{
	while (--i >= 0)
		if (d->blocks[i].kind == KJ_DOC_HEADING && d->blocks[i].level == 1)
			return d->blocks[i].text;
	return "";
}

int kj_doc_write_xlsx(const struct kj_doc *d, const char *path,
		      const struct kj_doc_write_opts *o, char *err, size_t errlen)
{
	int en = o && o->lang && !strcmp(o->lang, "en");
	if (kj_doc_failed(d)) {
		snprintf(err, errlen, "the document is incomplete");
		return -1;
	}
	lxw_workbook_options wo = { .constant_memory = LXW_FALSE, .tmpdir = NULL };
	lxw_workbook *wb = workbook_new_opt(path, &wo);
	if (!wb) {
		snprintf(err, errlen, "%s: cannot create the workbook", path);
		return -1;
	}
	struct fmts f = { workbook_add_format(wb), workbook_add_format(wb),
			  workbook_add_format(wb), workbook_add_format(wb) };
	lxw_worksheet *toc = workbook_add_worksheet(wb, en ? "Contents" : "目次");
	int bad = !toc || !f.bold || !f.pct || !f.num || !f.wrap;
	if (!bad) {
		format_set_bold(f.bold);
		format_set_text_wrap(f.bold);
		format_set_num_format(f.pct, "0.0%");
		format_set_num_format(f.num, "#,##0");
		format_set_text_wrap(f.wrap);
		format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
		const char *hd[] = { en ? "Sheet" : "シート", en ? "Table" : "表",
				     en ? "Chapter" : "章" };
		bad |= worksheet_write_string(toc, 0, 0, d->title, f.bold) != LXW_NO_ERROR;
		if (d->subtitle && *d->subtitle)
			bad |= worksheet_write_string(toc, 1, 0, d->subtitle, NULL) != LXW_NO_ERROR;
		for (int c = 0; c < 3; c++)
			bad |= worksheet_write_string(toc, 3, (lxw_col_t)c, hd[c], f.bold) !=
			       LXW_NO_ERROR;
		worksheet_set_column(toc, 0, 0, 24, NULL);
		worksheet_set_column(toc, 1, 1, 50, NULL);
		worksheet_set_column(toc, 2, 2, 40, NULL);
		worksheet_freeze_panes(toc, 4, 0);
	}
	int row = 4;
	for (int i = 0; i < d->nblocks && !bad; i++) {
		const struct kj_doc_block *b = &d->blocks[i];
		if (b->kind != KJ_DOC_TABLE)
			continue;
		const struct kj_doc_table *t = b->table;
		char name[KJ_DOC_SHEET_NAME_MAX + 1], url[KJ_DOC_SHEET_NAME_MAX + 32];
		snprintf(name, sizeof name, "%s", t->sheet && *t->sheet ? t->sheet : "table");
		for (int k = 2; workbook_get_worksheet_by_name(wb, name) && k < 1000; k++) {
			/* a name used twice gets a number; the document promised unique ones */
			char base[KJ_DOC_SHEET_NAME_MAX - 4];
			snprintf(base, sizeof base, "%s", t->sheet ? t->sheet : "table");
			snprintf(name, sizeof name, "%s~%d", base, k);
		}
		lxw_worksheet *ws = workbook_add_worksheet(wb, name);
		if (!ws) {
			snprintf(err, errlen, "%s: the sheet name '%s' is not allowed", path, name);
			bad = 2;
			break;
		}
		bad |= write_table(ws, t, &f);
		if (snprintf(url, sizeof url, "internal:'%s'!A1", name) >= (int)sizeof url)
			bad = 1;
		bad |= worksheet_write_url_opt(toc, (lxw_row_t)row, 0, url, NULL, name, NULL) !=
		       LXW_NO_ERROR;
		bad |= worksheet_write_string(toc, (lxw_row_t)row, 1, t->caption, f.wrap) !=
		       LXW_NO_ERROR;
		bad |= worksheet_write_string(toc, (lxw_row_t)row, 2, chapter_of(d, i), f.wrap) !=
		       LXW_NO_ERROR;
		row++;
		if (o && o->progress)
			o->progress(o->progress_arg, i + 1, d->nblocks);
	}
	lxw_error e = workbook_close(wb);
	if (bad || e != LXW_NO_ERROR) {
		if (bad != 2)
			snprintf(err, errlen, "%s: %s", path,
				 e != LXW_NO_ERROR ? lxw_strerror(e) : "cannot build the workbook");
		unlink(path);
		return -1;
	}
	if (o && o->progress)
		o->progress(o->progress_arg, d->nblocks, d->nblocks);
	return 0;
}
