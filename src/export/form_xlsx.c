/*
 * The offline form and the owner's export as xlsx workbooks; see
 * form_xlsx.h. Every cell is written as a string (worksheet_write_string
 * never makes a formula), with OOXML's "_xHHHH_" escapes escaped so that
 * the text reads back as it was.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "export/form_xlsx.h"

/* A drop-down's list: Excel takes at most 255 characters in all. */
#define XLSX_LIST_MAX 255
#define XLSX_LIST_ITEMS (KJ_QUESTION_CHOICES_MAX + 1)

/* TEXT with literal "_xHHHH_" escaped, malloc'd (free it), or NULL. */
static char *escaped(const char *s)
{
	size_t n = strlen(s), extra = 0;
	for (const char *p = s; (p = strstr(p, "_x")); p++)
		extra += 6;
	char *out = malloc(n + extra + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (const char *p = s; *p; p++) {
		int lit = p[0] == '_' && p[1] == 'x' && isxdigit((unsigned char)p[2]) &&
			  isxdigit((unsigned char)p[3]) && isxdigit((unsigned char)p[4]) &&
			  isxdigit((unsigned char)p[5]) && p[6] == '_';
		if (lit) {
			memcpy(out + o, "_x005F_", 7);
			o += 7;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	return out;
}

static lxw_error put(lxw_worksheet *ws, int row, int col, const char *s, lxw_format *fmt)
{
	if (!s || !*s)
		return worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, fmt);
	char *e = escaped(s);
	if (!e)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	lxw_error rc = worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, e, fmt);
	free(e);
	return rc;
}

/* The drop-down of row ROW's answer cell: LIST (NULL-terminated). */
static lxw_error dropdown(lxw_worksheet *ws, int first, int last, const char **list)
{
	size_t total = 0;
	for (int i = 0; list[i]; i++)
		total += strlen(list[i]) + 1;
	if (total > XLSX_LIST_MAX)
		return LXW_NO_ERROR;	/* too long for Excel: the check on upload still holds */
	static char title[] = "回答 / answer";
	static char message[] = "一覧から選んでください / choose from the list";
	lxw_data_validation dv = {
		.validate = LXW_VALIDATION_TYPE_LIST,
		.value_list = (char **)list,
		.ignore_blank = LXW_VALIDATION_ON,
		.show_error = LXW_VALIDATION_ON,
		.error_title = title,
		.error_message = message,
	};
	return worksheet_data_validation_range(ws, (lxw_row_t)first, KJ_FC_LEVEL,
					       (lxw_row_t)last, KJ_FC_LEVEL, &dv);
}

/* An own question's drop-down, by its kind. */
static lxw_error question_dropdown(lxw_worksheet *ws, int row, const struct kj_form_row *r)
{
	static const char *yesno[] = { "はい", "いいえ", NULL };
	const char *list[XLSX_LIST_ITEMS + 1];
	char buf[4 * KJ_QUESTION_CHOICES_MAX * (KJ_QUESTION_CHOICE_MAX + 1) + 1];
	int n = 0;
	if (r->kind == KJ_Q_LEVEL) {
		for (int i = 0; i < KJ_LEVEL_MAX + 2; i++)
			list[n++] = kj_form_level_choices[i];
	} else if (r->kind == KJ_Q_YESNO) {
		return dropdown(ws, row, row, yesno);
	} else if (r->kind == KJ_Q_CHOICE && r->choices) {
		if (kj_strlcpy(buf, r->choices, sizeof buf) < 0)
			return LXW_NO_ERROR;
		for (char *p = buf; *p && n < XLSX_LIST_ITEMS;) {
			char *nl = strchr(p, '\n');
			if (nl)
				*nl = '\0';
			if (*p)
				list[n++] = p;
			if (!nl)
				break;
			p = nl + 1;
		}
	} else {
		return LXW_NO_ERROR;
	}
	list[n] = NULL;
	return dropdown(ws, row, row, list);
}

static lxw_error answers_sheet(lxw_workbook *wb, const struct kj_answer_form *f)
{
	static const double widths[KJ_FORM_COLS] = { 10, 14, 60, 22, 30, 40, 30, 24 };
	lxw_worksheet *ws = workbook_add_worksheet(wb, f->kind == KJ_FORM_KIND_VISIT ? "記録"
									       : "回答");
	lxw_format *head = workbook_add_format(wb), *fixed = workbook_add_format(wb);
	lxw_format *open = workbook_add_format(wb);
	if (!ws || !head || !fixed || !open)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	format_set_bold(head);
	format_set_bg_color(head, 0xD9E2F3);
	format_set_text_wrap(head);
	format_set_text_wrap(fixed);
	format_set_align(fixed, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(fixed, 0xF2F2F2);
	format_set_unlocked(open);
	format_set_text_wrap(open);
	format_set_align(open, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(open, "@");	/* text: "3" stays "3", not a number */
	lxw_error e = LXW_NO_ERROR;
	for (int c = 0; !e && c < KJ_FORM_COLS; c++)
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c],
					 c >= KJ_FC_LEVEL && c <= KJ_FC_EVIDENCE ? open : fixed);
	lxw_row_col_options hidden = { .hidden = 1 };
	if (!e)
		e = worksheet_set_row_opt(ws, KJ_FORM_ID_ROW, LXW_DEF_ROW_HEIGHT, fixed, &hidden);
	if (!e)
		e = put(ws, KJ_FORM_ID_ROW, 0, kj_form_mark(f->kind), fixed);
	if (!e)
		e = put(ws, KJ_FORM_ID_ROW, 1, f->id, fixed);
	for (int c = 0; !e && c < KJ_FORM_COLS; c++)
		e = put(ws, KJ_FORM_HEAD_ROW, c, kj_form_columns(f->kind)[c], head);
	int nreq = 0;
	for (int i = 0; !e && i < f->nrows; i++) {
		const struct kj_form_row *r = &f->rows[i];
		int row = KJ_FORM_FIRST_ROW + i;
		const char *cells[KJ_FORM_COLS] = { r->item, r->function, r->text, r->answer,
						    r->na_reason, r->note, r->evidence, r->last };
		for (int c = 0; !e && c < KJ_FORM_COLS; c++)
			e = put(ws, row, c, cells[c],
				c >= KJ_FC_LEVEL && c <= KJ_FC_EVIDENCE ? open : fixed);
		if (!r->question)
			nreq = i + 1;
		else if (!e)
			e = question_dropdown(ws, row, r);
	}
	if (!e && nreq) {
		const char *list[KJ_LEVEL_MAX + 3];
		for (int i = 0; i < KJ_LEVEL_MAX + 2; i++)
			list[i] = kj_form_level_choices[i];
		list[KJ_LEVEL_MAX + 2] = NULL;
		e = dropdown(ws, KJ_FORM_FIRST_ROW, KJ_FORM_FIRST_ROW + nreq - 1, list);
	}
	if (!e) {
		worksheet_freeze_panes(ws, KJ_FORM_FIRST_ROW, 1);
		lxw_protection prot = { .format_columns = 1, .format_rows = 1 };
		worksheet_protect(ws, NULL, &prot);
	}
	return e;
}

static lxw_error definitions_sheet(lxw_workbook *wb, const struct kj_answer_form *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "定義");
	lxw_format *head = workbook_add_format(wb), *wrap = workbook_add_format(wb);
	if (!ws || !head || !wrap)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	format_set_bold(head);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	char fy[16], rev[24];
	snprintf(fy, sizeof fy, "%d", f->fy);
	snprintf(rev, sizeof rev, "%ld", f->revision);
	const char *info[][2] = {
		{ "調査", f->title }, { "年度", fy }, { "事業者", f->org_name },
		{ "法人番号", f->corporate_number }, { "統一基準の版", f->version },
		{ "様式の版（ダウンロード時の回答の版）", rev },
		{ "記入方法", "「回答」シートの D〜G 列だけを記入します。回答は一覧から選びます"
			      "（0: 未実施 〜 4: 実施・継続的改善、該当なし）。該当なしには理由が"
			      "必要です。A〜C 列と 1〜2 行目は変更できません。記入後、調査の回答画面"
			      "からアップロードすると下書きとして保存されます。" },
	};
	const char *visit[][2] = {
		{ "実地調査", f->title }, { "年度", fy }, { "事業者", f->org_name },
		{ "法人番号", f->corporate_number }, { "統一基準の版", f->version },
		{ "様式の版（ダウンロード時の訪問の版）", rev },
		{ "記入方法", "「記録」シートの D〜G 列だけを記入します。確認した水準は一覧から選びます"
			      "（0: 未実施 〜 4: 実施・継続的改善、該当なし）。該当なしには理由が"
			      "必要です。F 列に指摘事項、G 列に確認した証跡を書きます。A〜C 列、H 列"
			      "と 1〜2 行目は変更できません。記入後、訪問の画面からアップロードすると"
			      "記録として保存されます。" },
	};
	if (f->kind == KJ_FORM_KIND_VISIT)
		memcpy(info, visit, sizeof info);
	lxw_error e = worksheet_set_column(ws, 0, 0, 24, wrap);
	if (!e)
		e = worksheet_set_column(ws, 1, 1, 24, wrap);
	if (!e)
		e = worksheet_set_column(ws, 2, 2, 80, wrap);
	int row = 0;
	for (size_t i = 0; !e && i < sizeof info / sizeof info[0]; i++, row++) {
		e = put(ws, row, 0, info[i][0], head);
		if (!e)
			e = put(ws, row, 1, info[i][1] ? info[i][1] : "", wrap);
	}
	row++;
	const char *heads[] = { "用語", "定義の箇所", "定義" };
	for (int c = 0; !e && c < 3; c++)
		e = put(ws, row, c, heads[c], head);
	row++;
	for (int i = 0; !e && f->cat && i < f->cat->ndefs; i++, row++) {
		const struct kj_definition *d = &f->cat->defs[i];
		e = put(ws, row, 0, d->term_ja, wrap);
		if (!e)
			e = put(ws, row, 1, d->section, wrap);
		if (!e)
			e = put(ws, row, 2, d->text_ja, wrap);
	}
	return e;
}

int kj_form_write_xlsx(const char *path, const struct kj_answer_form *form, struct kj_err *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		kj_err_set(err, "cannot create %s", path);
		return -1;
	}
	lxw_error e = answers_sheet(wb, form);
	if (!e)
		e = definitions_sheet(wb, form);
	/* workbook_close writes the file and frees WB whatever happened before. */
	lxw_error ce = workbook_close(wb);
	if (e || ce) {
		kj_err_set(err, "cannot write the form %s: %s", path,
			   lxw_strerror(e ? e : ce));
		return -1;
	}
	return 0;
}

int kj_answers_write_xlsx(const char *path, kj_export_answer_fn answers,
			  kj_export_change_fn changes, void *ctx, long *rows,
			  struct kj_err *err)
{
	lxw_workbook_options opts = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb = workbook_new_opt(path, &opts);
	*rows = 0;
	if (!wb) {
		kj_err_set(err, "cannot create %s", path);
		return -1;
	}
	lxw_worksheet *wa = workbook_add_worksheet(wb, "回答一覧");
	lxw_worksheet *wc = workbook_add_worksheet(wb, "変更履歴");
	lxw_format *head = workbook_add_format(wb);
	lxw_error e = wa && wc && head ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
	const char *why = NULL;
	if (!e)
		format_set_bold(head);
	for (int c = 0; !e && c < KJ_EXPORT_ANSWER_COLS; c++)
		e = put(wa, 0, c, kj_export_answer_columns_ja[c], head);
	struct kj_export_answer a;
	int rc = 0;
	long row = 1;
	while (!e && (rc = answers(ctx, &a)) > 0) {
		if (row >= LXW_ROW_MAX) {
			why = "too many answers for one worksheet";
			break;
		}
		char versions[16];
		snprintf(versions, sizeof versions, "%d", a.versions);
		const char *cells[KJ_EXPORT_ANSWER_COLS] = {
			a.corporate_number, a.org_name, a.status, versions, a.item, a.answer,
			a.label, a.na_reason, a.note, a.evidence, a.updated_at, a.updated_by,
		};
		for (int c = 0; !e && c < KJ_EXPORT_ANSWER_COLS; c++)
			e = put(wa, (int)row, c, cells[c], NULL);
		row++;
	}
	*rows = row - 1;
	for (int c = 0; !e && !why && rc >= 0 && c < KJ_EXPORT_CHANGE_COLS; c++)
		e = put(wc, 0, c, kj_export_change_columns_ja[c], head);
	struct kj_export_change ch;
	row = 1;
	while (!e && !why && rc >= 0 && (rc = changes(ctx, &ch)) > 0) {
		if (row >= LXW_ROW_MAX) {
			why = "too many changes for one worksheet";
			break;
		}
		const char *cells[KJ_EXPORT_CHANGE_COLS] = {
			ch.corporate_number, ch.org_name, ch.item, ch.at, ch.by, ch.old_value,
			ch.new_value, ch.reason,
		};
		for (int c = 0; !e && c < KJ_EXPORT_CHANGE_COLS; c++)
			e = put(wc, (int)row, c, cells[c], NULL);
		row++;
	}
	lxw_error ce = workbook_close(wb);
	if (e || ce || why || rc < 0) {
		kj_err_set(err, "cannot write %s: %s", path,
			   why ? why : rc < 0 ? "reading the answers failed"
				       : lxw_strerror(e ? e : ce));
		return -1;
	}
	return 0;
}
