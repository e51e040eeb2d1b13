/*
 * The offline form as an xlsx workbook, and the owner's export of every
 * answer as one (libxlsxwriter). See model/survey_form.h for the form's
 * layout; the writers return 0, or -1 with ERR naming what failed.
 */
#ifndef KJ_EXPORT_FORM_XLSX_H
#define KJ_EXPORT_FORM_XLSX_H

#include "base/util.h"
#include "model/survey_form.h"

/*
 * Writes FORM to PATH: sheet 回答 with the identifier in its hidden, locked
 * first row, the fixed cells (A-C, H) locked, D-G open, the level chosen
 * from a drop-down ("0: 未実施" … "該当なし"; an own question's choices or
 * はい/いいえ for its kind); sheet 定義 with the survey, the operator, how
 * to fill the form and the standard's definitions.
 */
int kj_form_write_xlsx(const char *path, const struct kj_answer_form *form, struct kj_err *err);

/*
 * Writes every answer ANSWERS gives to sheet 回答一覧 and every change
 * CHANGES gives to sheet 変更履歴 of the workbook PATH (constant memory:
 * one row at a time); *ROWS the answers written.
 */
int kj_answers_write_xlsx(const char *path, kj_export_answer_fn answers,
			  kj_export_change_fn changes, void *ctx, long *rows,
			  struct kj_err *err);

#endif
