/*
 * The offline form as CSV (UTF-8 with a byte-order mark, or CP932 as Excel
 * in Japan writes it), and the owner's export of every answer as CSV: the
 * answers, then a blank line, "変更履歴" and the change log after returns.
 * The writers follow the stream convention of export/csv.h.
 */
#ifndef KJ_EXPORT_FORM_CSV_H
#define KJ_EXPORT_FORM_CSV_H

#include <stdio.h>

#include "base/util.h"
#include "model/survey_form.h"

/* Writes FORM in the layout of model/survey_form.h (UTF-8, BOM, CRLF). */
int kj_form_write_csv(FILE *f, const struct kj_answer_form *form);

/* Writes every answer and change the sources give; *ROWS the answers. */
int kj_answers_write_csv(FILE *f, kj_export_answer_fn answers, kj_export_change_fn changes,
			 void *ctx, long *rows);

/*
 * Converts the UTF-8 CSV *DATA (*LEN bytes, malloc'd, BOM optional) to
 * CP932 in place of it (a new malloc'd buffer, the old one freed). Refuses,
 * changing nothing, text that CP932 cannot hold, naming its line.
 */
int kj_csv_to_cp932(char **data, size_t *len, struct kj_err *err);

#endif
