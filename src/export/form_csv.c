/* The offline form and the owner's export as CSV; see form_csv.h. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "export/csv.h"
#include "export/form_csv.h"

static int row(FILE *f, const char *const *cells, int n)
{
	for (int c = 0; c < n; c++)
		if (kj_csv_field(f, cells[c], c == n - 1) < 0)
			return -1;
	return 0;
}

int kj_form_write_csv(FILE *f, const struct kj_answer_form *form)
{
	const char *id[KJ_FORM_COLS] = { kj_form_mark(form->kind), form->id, "", "", "", "", "",
					 "" };
	if (kj_csv_begin(f) < 0 || row(f, id, KJ_FORM_COLS) < 0 ||
	    row(f, kj_form_columns(form->kind), KJ_FORM_COLS) < 0)
		return -1;
	for (int i = 0; i < form->nrows; i++) {
		const struct kj_form_row *r = &form->rows[i];
		const char *cells[KJ_FORM_COLS] = { r->item, r->function, r->text, r->answer,
						    r->na_reason, r->note, r->evidence, r->last };
		if (row(f, cells, KJ_FORM_COLS) < 0)
			return -1;
	}
	return 0;
}

int kj_answers_write_csv(FILE *f, kj_export_answer_fn answers, kj_export_change_fn changes,
			 void *ctx, long *rows)
{
	struct kj_export_answer a;
	struct kj_export_change ch;
	int rc;
	*rows = 0;
	if (kj_csv_begin(f) < 0 || row(f, kj_export_answer_columns_ja, KJ_EXPORT_ANSWER_COLS) < 0)
		return -1;
	while ((rc = answers(ctx, &a)) > 0) {
		char versions[16];
		snprintf(versions, sizeof versions, "%d", a.versions);
		const char *cells[KJ_EXPORT_ANSWER_COLS] = {
			a.corporate_number, a.org_name, a.status, versions, a.item, a.answer,
			a.label, a.na_reason, a.note, a.evidence, a.updated_at, a.updated_by,
		};
		if (row(f, cells, KJ_EXPORT_ANSWER_COLS) < 0)
			return -1;
		++*rows;
	}
	if (rc < 0)
		return -1;
	/* The change log follows as a section of its own. */
	const char *title[1] = { "変更履歴" };
	if (fputs("\r\n", f) == EOF || row(f, title, 1) < 0 ||
	    row(f, kj_export_change_columns_ja, KJ_EXPORT_CHANGE_COLS) < 0)
		return -1;
	while ((rc = changes(ctx, &ch)) > 0) {
		const char *cells[KJ_EXPORT_CHANGE_COLS] = {
			ch.corporate_number, ch.org_name, ch.item, ch.at, ch.by, ch.old_value,
			ch.new_value, ch.reason,
		};
		if (row(f, cells, KJ_EXPORT_CHANGE_COLS) < 0)
			return -1;
	}
	return rc < 0 ? -1 : 0;
}

int kj_csv_to_cp932(char **data, size_t *len, struct kj_err *err)
{
	const char *in = *data;
	size_t left = *len;
	if (left >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3)) {
		in += 3;
		left -= 3;
	}
	/* CP932 takes at most as many bytes as UTF-8 for every character. */
	size_t cap = left + 1;
	char *out = malloc(cap);
	iconv_t cd = iconv_open("CP932", "UTF-8");
	if (!out || cd == (iconv_t)-1) {
		free(out);
		kj_err_set(err, "cannot convert to CP932 (%s)", strerror(errno ? errno : ENOMEM));
		return -1;
	}
	char *ip = (char *)in, *op = out;
	size_t oleft = cap;
	size_t rc = iconv(cd, &ip, &left, &op, &oleft);
	iconv_close(cd);
	if (rc == (size_t)-1) {
		long line = 1;
		for (const char *p = *data; p < ip; p++)
			line += *p == '\n';
		kj_err_set(err, "line %ld holds a character that CP932 (Shift_JIS) cannot "
			   "write: choose UTF-8", line);
		free(out);
		return -1;
	}
	free(*data);
	*data = out;
	*len = (size_t)(op - out);
	return 0;
}
