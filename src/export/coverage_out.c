/*
 * The coverage matrix as files for the ministries and the NCO: CSV (the
 * long list, one row per sector and requirement) and xlsx (the matrix,
 * coloured as the heat map, and the same long list).
 */
#include <stdio.h>
#include <xlsxwriter.h>

#include "export/coverage_out.h"
#include "export/csv.h"

/* --- CSV ---------------------------------------------------------------------------- */

static const char *const long_columns[] = {
	"分野コード", "分野", "対策事項", "節", "充足状況コード", "充足状況", "ギャップ",
	"充足度", "内規の事業者数", "新規", "変更",
};
#define NLONG ((int)(sizeof long_columns / sizeof long_columns[0]))

/* Text the long list's row needs beyond the catalog's strings. */
struct long_buf {
	char heading[160], operators[16];
};

/* The cells of the long list's row for sector S and requirement R. */
static void long_row(const struct kj_coverage *c, const struct kj_catalog *cat,
		     int s, int r, struct long_buf *lb, const char *out[NLONG])
{
	enum kj_cov k = kj_coverage_at(c, s, r);
	kj_cov_section_heading(cat, cat->reqs[r].function, 0, lb->heading, sizeof lb->heading);
	snprintf(lb->operators, sizeof lb->operators, "%d", kj_coverage_operators_at(c, s, r));
	out[0] = cat->sectors[s].code;
	out[1] = cat->sectors[s].name_ja;
	out[2] = cat->reqs[r].id;
	out[3] = lb->heading;
	out[4] = kj_cov_code(k);
	out[5] = kj_cov_label_ja(k);
	out[6] = kj_cov_is_gap(k) ? "1" : "0";
	out[7] = k == KJ_COV_NONE ? "" : kj_coverage_partial_at(c, s, r) ? "一部" : "全部";
	out[8] = lb->operators;
	out[9] = c->req_new[r] ? "1" : "0";
	out[10] = c->req_changed[r] ? "1" : "0";
}

int kj_coverage_write_csv(FILE *f, const struct kj_coverage *c,
			  const struct kj_catalog *cat)
{
	if (!f || !kj_coverage_fits(c, cat))
		return -1;
	int rc = kj_csv_begin(f);
	for (int i = 0; i < NLONG; i++)
		rc |= kj_csv_field(f, long_columns[i], i == NLONG - 1);
	for (int s = 0; s < c->nsectors && !rc; s++) {
		for (int r = 0; r < c->nreqs && !rc; r++) {
			const char *row[NLONG];
			struct long_buf lb;
			long_row(c, cat, s, r, &lb, row);
			for (int i = 0; i < NLONG; i++)
				rc |= kj_csv_field(f, row[i], i == NLONG - 1);
		}
	}
	return rc ? -1 : 0;
}

/* --- xlsx ----------------------------------------------------------------------------- */

/* Cell colours match the SVG; the cell's text names the state, so colour
 * is never the only carrier. */
static lxw_format *state_format(lxw_workbook *wb, enum kj_cov k)
{
	lxw_format *fmt = workbook_add_format(wb);
	if (!fmt)
		return NULL;
	format_set_text_wrap(fmt);
	format_set_align(fmt, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(fmt, LXW_BORDER_THIN);
	format_set_border_color(fmt, 0xB4B4B7);
	switch (k) {
	case KJ_COV_GOVERNMENT:
		format_set_bg_color(fmt, 0x0017C1);
		format_set_font_color(fmt, 0xFFFFFF);
		break;
	case KJ_COV_INDUSTRY:
		format_set_bg_color(fmt, 0x7096F8);
		format_set_font_color(fmt, 0x1A1A1C);
		break;
	case KJ_COV_OPERATORS:
		format_set_bg_color(fmt, 0xFFD43D);
		format_set_font_color(fmt, 0x1A1A1C);
		break;
	default:
		format_set_bg_color(fmt, 0xFFFFFF);
		format_set_font_color(fmt, 0xCE0000);
		format_set_bold(fmt);
		format_set_border_color(fmt, 0xCE0000);
		break;
	}
	return fmt;
}

/* The matrix: sectors down, requirement ids across, both heads frozen; 0 or 1 on error. */
static int write_matrix(lxw_worksheet *mx, const struct kj_coverage *c,
			const struct kj_catalog *cat, lxw_format *head, lxw_format *st[KJ_NCOV])
{
	int rc = 0;
	rc |= worksheet_write_string(mx, 0, 0, "分野", head) != LXW_NO_ERROR;
	for (int r = 0; r < c->nreqs; r++)
		rc |= worksheet_write_string(mx, 0, (lxw_col_t)(r + 1), cat->reqs[r].id,
					     head) != LXW_NO_ERROR;
	for (int s = 0; s < c->nsectors; s++) {
		rc |= worksheet_write_string(mx, (lxw_row_t)(s + 1), 0,
					     cat->sectors[s].name_ja, head) != LXW_NO_ERROR;
		for (int r = 0; r < c->nreqs; r++) {
			enum kj_cov k = kj_coverage_at(c, s, r);
			char text[256];
			if (k == KJ_COV_OPERATORS)
				kj_textf(text, sizeof text, "%s：%d事業者%s", kj_cov_label_ja(k),
					 kj_coverage_operators_at(c, s, r),
					 kj_coverage_partial_at(c, s, r) ? "（一部）" : "");
			else
				kj_textf(text, sizeof text, "%s%s", kj_cov_label_ja(k),
					 k != KJ_COV_NONE && kj_coverage_partial_at(c, s, r) ?
					 "（一部）" : "");
			rc |= worksheet_write_string(mx, (lxw_row_t)(s + 1), (lxw_col_t)(r + 1),
						     text, st[k]) != LXW_NO_ERROR;
		}
		worksheet_set_row(mx, (lxw_row_t)(s + 1), 45, NULL);
	}
	worksheet_set_column(mx, 0, 0, 14, NULL);
	worksheet_set_column(mx, 1, (lxw_col_t)c->nreqs, 11, NULL);
	worksheet_freeze_panes(mx, 1, 1);
	return rc;
}

/* The long list, as the CSV, with a filter on its head; 0 or 1 on error. */
static int write_list(lxw_worksheet *ls, const struct kj_coverage *c,
		      const struct kj_catalog *cat, lxw_format *head)
{
	int rc = 0;
	for (int i = 0; i < NLONG; i++)
		rc |= worksheet_write_string(ls, 0, (lxw_col_t)i, long_columns[i], head)
		      != LXW_NO_ERROR;
	lxw_row_t row = 1;
	for (int s = 0; s < c->nsectors; s++) {
		for (int r = 0; r < c->nreqs; r++, row++) {
			const char *cells[NLONG];
			struct long_buf lb;
			long_row(c, cat, s, r, &lb, cells);
			for (int i = 0; i < NLONG; i++)
				rc |= worksheet_write_string(ls, row, (lxw_col_t)i, cells[i], NULL)
				      != LXW_NO_ERROR;
		}
	}
	worksheet_set_column(ls, 0, 2, 14, NULL);
	worksheet_set_column(ls, 3, 3, 34, NULL);
	worksheet_set_column(ls, 4, 4, 16, NULL);
	worksheet_set_column(ls, 5, 5, 34, NULL);
	worksheet_set_column(ls, 6, 10, 8, NULL);
	worksheet_freeze_panes(ls, 1, 0);
	rc |= worksheet_autofilter(ls, 0, 0, row - 1, NLONG - 1) != LXW_NO_ERROR;
	return rc;
}

/*
 * Writes and frees WB (workbook_close does both in every case): 0, or -1
 * when building it failed before (BUILD_FAILED) or writing it fails now.
 */
static int close_workbook(lxw_workbook *wb, int build_failed, const char *path,
			  struct kj_err *err)
{
	lxw_error e = workbook_close(wb);
	if (build_failed) {
		kj_err_set(err, "%s: cannot build the workbook", path);
		return -1;
	}
	if (e != LXW_NO_ERROR) {
		kj_err_set(err, "%s: %s", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}

int kj_coverage_write_xlsx(const char *path, const struct kj_coverage *c,
			   const struct kj_catalog *cat, struct kj_err *err)
{
	if (!path || !kj_coverage_fits(c, cat)) {
		kj_err_set(err, "coverage does not match the catalog");
		return -1;
	}
	if (c->nreqs + 1 > LXW_COL_MAX || (long)c->nsectors * c->nreqs + 1 > LXW_ROW_MAX) {
		kj_err_set(err, "coverage too large for a worksheet");
		return -1;
	}
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		kj_err_set(err, "%s: cannot create the workbook", path);
		return -1;
	}
	int rc = 0;
	lxw_worksheet *mx = workbook_add_worksheet(wb, "充足状況");
	lxw_worksheet *ls = workbook_add_worksheet(wb, "一覧");
	lxw_format *head = workbook_add_format(wb);
	lxw_format *st[KJ_NCOV];
	for (int k = 0; k < KJ_NCOV; k++)
		st[k] = state_format(wb, (enum kj_cov)k);
	if (!mx || !ls || !head || !st[0] || !st[1] || !st[2] || !st[3]) {
		rc = -1;
		goto close;
	}
	format_set_bold(head);
	format_set_bg_color(head, 0xF1F1F4);
	format_set_border(head, LXW_BORDER_THIN);

	rc |= write_matrix(mx, c, cat, head, st);
	rc |= write_list(ls, c, cat, head);

close:
	return close_workbook(wb, rc, path, err);
}

/* --- A sector's mapping in the import's format ------------------------------------------ */

/* The cells of record R as the import reads them; IDS is room for the
 * requirement ids ("3.2.1-1 3.2.2-1（一部）"). */
static void mapping_row(const struct kj_clause_record *r, char cls[4], char *ids, size_t n,
			const char *out[KJ_SAFETY_NCOL])
{
	size_t len = 0;
	ids[0] = '\0';
	for (int i = 0; i < r->nreqs && i < 32; i++) {
		int w = snprintf(ids + len, n - len, "%s%s%s", i ? " " : "", r->reqs[i],
				 !r->partial && r->req_partial[i] ? "（一部）" : "");
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	snprintf(cls, 4, "%d", r->class_n);
	const char *cells[KJ_SAFETY_NCOL] = {
		r->sector, cls, r->issuer, r->title, r->version, r->issued_on, r->link,
		r->number, r->clause_title, r->text ? r->text : "", ids,
		r->partial ? "一部" : "全部", r->class_n == 4 ? r->corporate_number : "",
	};
	for (int i = 0; i < KJ_SAFETY_NCOL; i++)
		out[i] = cells[i];
}

#define MAPPING_IDS_MAX (32 * (KJ_ID_MAX + 16))

int kj_mapping_write_csv(FILE *f, const struct kj_clause_record *recs, int n)
{
	if (!f || (n && !recs))
		return -1;
	int rc = kj_csv_begin(f);
	for (int i = 0; i < KJ_SAFETY_NCOL; i++)
		rc |= kj_csv_field(f, kj_safety_column_ja(i), i == KJ_SAFETY_NCOL - 1);
	for (int k = 0; k < n && !rc; k++) {
		const char *row[KJ_SAFETY_NCOL];
		char cls[4], ids[MAPPING_IDS_MAX];
		mapping_row(&recs[k], cls, ids, sizeof ids, row);
		for (int i = 0; i < KJ_SAFETY_NCOL; i++)
			rc |= kj_csv_field(f, row[i], i == KJ_SAFETY_NCOL - 1);
	}
	return rc ? -1 : 0;
}

int kj_mapping_write_xlsx(const char *path, const struct kj_clause_record *recs, int n,
			  struct kj_err *err)
{
	if (!path || n < 0 || (n && !recs) || (long)n + 1 > LXW_ROW_MAX) {
		kj_err_set(err, "no mapping to write");
		return -1;
	}
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		kj_err_set(err, "%s: cannot create the workbook", path);
		return -1;
	}
	int rc = 0;
	/* One sheet, the first: the import reads that one. */
	lxw_worksheet *ws = workbook_add_worksheet(wb, "対応表");
	lxw_format *head = workbook_add_format(wb);
	if (!ws || !head) {
		rc = 1;
		goto close;
	}
	format_set_bold(head);
	for (int i = 0; i < KJ_SAFETY_NCOL; i++)
		rc |= worksheet_write_string(ws, 0, (lxw_col_t)i, kj_safety_column_ja(i), head)
		      != LXW_NO_ERROR;
	for (int k = 0; k < n && !rc; k++) {
		const char *row[KJ_SAFETY_NCOL];
		char cls[4], ids[MAPPING_IDS_MAX];
		mapping_row(&recs[k], cls, ids, sizeof ids, row);
		for (int i = 0; i < KJ_SAFETY_NCOL; i++)
			if (row[i][0])
				rc |= worksheet_write_string(ws, (lxw_row_t)(k + 1), (lxw_col_t)i,
							     row[i], NULL) != LXW_NO_ERROR;
	}
	worksheet_set_column(ws, 2, 3, 30, NULL);
	worksheet_set_column(ws, 8, 10, 30, NULL);
	worksheet_freeze_panes(ws, 1, 0);
close:
	return close_workbook(wb, rc, path, err);
}
