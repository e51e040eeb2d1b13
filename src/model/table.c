/*
 * Tables from uploaded files: CSV in UTF-8 (with or without a byte-order
 * mark) or CP932 (table_csv.c), and the first worksheet of an xlsx workbook
 * (table_xlsx.c). This file tells which a file is and builds the table
 * both readers fill. Everything treats the file as hostile: sizes are
 * checked before anything is allocated for them, and every failure names
 * the row or cell in Japanese and English.
 *
 * A row is stored as one allocation: its cell pointers followed by the
 * cells' text, so a 200,000-row file costs 200,000 allocations, not one per
 * cell, and kj_table_free() frees each row with a single free().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "model/table.h"
#include "model/table_priv.h"

/* --- building the table ---------------------------------------------------- */

/* The 1-based number of the row being built, as a spreadsheet shows it. */
static long cur_row(const struct builder *b)
{
	return (long)b->t->nrows + b->pending + 1;
}

/* Column letters for 0-based COL ("A", "Z", "AA", ...). */
static void col_letters(int col, char out[8])
{
	char rev[8];
	int n = 0;
	col++;
	while (col > 0 && n < 7) {
		int d = (col - 1) % 26;
		rev[n++] = (char)('A' + d);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

/*
 * Fails the read with "PLACE: JA / place: EN". COL < 0 names the row only.
 * The place is what the sender sees: the row as a spreadsheet numbers it
 * (and for CSV the text line it starts on, if quoted line breaks before it
 * make that differ), or the cell reference in a workbook.
 */
void kj_tb_fail(struct builder *b, int col, const char *ja, const char *en)
{
	char pja[96], pen[96];
	long row = cur_row(b);
	if (b->xlsx && col >= 0) {
		char letters[8];
		col_letters(col, letters);
		snprintf(pja, sizeof pja, "セル %s%ld", letters, row);
		snprintf(pen, sizeof pen, "cell %s%ld", letters, row);
	} else if (b->xlsx || b->row_line == row) {
		snprintf(pja, sizeof pja, "%ld行目", row);
		snprintf(pen, sizeof pen, "row %ld", row);
	} else {
		snprintf(pja, sizeof pja, "%ld行目（テキストの%ld行目から）", row, b->row_line);
		snprintf(pen, sizeof pen, "row %ld (from text line %ld)", row, b->row_line);
	}
	if (col >= 0 && !b->xlsx) {
		size_t l = strlen(pja), m = strlen(pen);
		snprintf(pja + l, sizeof pja - l, " %d列目", col + 1);
		snprintf(pen + m, sizeof pen - m, ", column %d", col + 1);
	}
	kj_err_set(b->err, "%s: %s / %s: %s", pja, ja, pen, en);
	b->failed = 1;
}

void kj_tb_fail_too_long(struct builder *b, int col)
{
	char ja[96], en[96];
	snprintf(ja, sizeof ja, "セルの内容が長すぎます（%dバイトまで）", KJ_TABLE_CELL_MAX);
	snprintf(en, sizeof en, "cell too long (limit %d bytes)", KJ_TABLE_CELL_MAX);
	kj_tb_fail(b, col, ja, en);
}

static void builder_init(struct builder *b, struct kj_table *t, struct kj_err *err)
{
	memset(b, 0, sizeof *b);
	b->t = t;
	b->err = err;
	b->line = 1;
	b->row_line = 1;
	/* Every cell of a row, each with its NUL, plus the shared empty cell. */
	kj_buf_init(&b->text, (size_t)KJ_TABLE_COLS_MAX * (KJ_TABLE_CELL_MAX + 1) + 1);
}

static void row_reset(struct builder *b)
{
	kj_buf_reset(&b->text);
	/* Offset 0 holds "", which every empty or skipped cell points at. */
	kj_buf_add(&b->text, "", 1);
	b->next = 0;
	b->used = 0;
}

/* Places cell COL (at or after the row's last one) holding S (N bytes). */
int kj_tb_cell_add(struct builder *b, int col, const char *s, size_t n)
{
	if (b->failed)
		return -1;
	if (col < b->next) {
		kj_tb_fail(b, col, "セルの順序が正しくありません", "cells out of order");
		return -1;
	}
	b->next = col + 1;
	if (n == 0)
		return 0;
	if (n > KJ_TABLE_CELL_MAX) {
		kj_tb_fail_too_long(b, col);
		return -1;
	}
	if (b->text_known != KJ_TB_TEXT_PLAIN &&
	    !(b->text_known == KJ_TB_TEXT_UTF8 ? kj_text_no_controls(s, n)
					       : kj_utf8_valid_text(s, n))) {
		kj_tb_fail(b, col, "制御文字（NUL など）を含むセルは読めません",
		     "the cell contains control characters (such as NUL)");
		return -1;
	}
	if (col >= KJ_TABLE_COLS_MAX) {
		char ja[96], en[96];
		snprintf(ja, sizeof ja, "列が多すぎます（%d列まで）", KJ_TABLE_COLS_MAX);
		snprintf(en, sizeof en, "too many columns (limit %d)", KJ_TABLE_COLS_MAX);
		kj_tb_fail(b, col, ja, en);
		return -1;
	}
	for (int c = b->used; c < col; c++)
		b->off[c] = 0;
	b->off[col] = b->text.len;
	/* Cannot pass the cap: COLS_MAX cells of at most CELL_MAX bytes. */
	if (kj_buf_add(&b->text, s, n) < 0 || kj_buf_add(&b->text, "", 1) < 0) {
		kj_tb_fail(b, col, "メモリが足りません", "out of memory");
		return -1;
	}
	b->used = col + 1;
	return 0;
}

static int grow_rows(struct builder *b, long need)
{
	if (need <= b->cap)
		return 0;
	long cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (cap > KJ_TABLE_ROWS_MAX)
		cap = KJ_TABLE_ROWS_MAX;
	char ***rows = realloc(b->t->rows, (size_t)cap * sizeof *rows);
	if (!rows)
		return -1;
	b->t->rows = rows;
	int *ncols = realloc(b->t->ncols, (size_t)cap * sizeof *ncols);
	if (!ncols)
		return -1;
	b->t->ncols = ncols;
	b->cap = (int)cap;
	return 0;
}

/* Storage of the rows of a read table: a row's cell pointers and then its
 * text, carved from the newest block. The first block is as large as the
 * reader expects the whole table to be (B->first_block), the next ones
 * KJ_TABLE_BLOCK_BYTES, or a row's size when it is larger. */
struct kj_table_block {
	struct kj_table_block *next;
	size_t used, cap;
	_Alignas(char *) char data[];
};

/* N bytes for a row, aligned for its cell pointers; NULL out of memory. */
static char *row_room(struct builder *b, size_t n)
{
	struct kj_table *t = b->t;
	struct kj_table_block *k = t->blocks;
	n = (n + sizeof(char *) - 1) / sizeof(char *) * sizeof(char *);
	if (!k || k->cap - k->used < n) {
		size_t cap = k || !b->first_block ? KJ_TABLE_BLOCK_BYTES : b->first_block;
		if (cap < n)
			cap = n;
		if (!(k = malloc(sizeof *k + cap)))
			return NULL;
		*k = (struct kj_table_block){ .next = t->blocks, .cap = cap };
		t->blocks = k;
	}
	char *p = k->data + k->used;
	k->used += n;
	return p;
}

/* Ends the current row: stores it (with the empty rows before it) or counts it as empty. */
int kj_tb_row_end(struct builder *b)
{
	if (b->failed)
		return -1;
	if (b->used == 0) {
		b->pending++;
		row_reset(b);
		return 0;
	}
	struct kj_table *t = b->t;
	long need = (long)t->nrows + b->pending + 1;
	if (need > KJ_TABLE_ROWS_MAX) {
		char ja[96], en[96];
		snprintf(ja, sizeof ja, "行が多すぎます（%d行まで）", KJ_TABLE_ROWS_MAX);
		snprintf(en, sizeof en, "too many rows (limit %d)", KJ_TABLE_ROWS_MAX);
		kj_tb_fail(b, -1, ja, en);
		return -1;
	}
	size_t ptrs = (size_t)b->used * sizeof(char *);
	char **row = grow_rows(b, need) < 0 ? NULL : (char **)row_room(b, ptrs + b->text.len);
	if (!row) {
		kj_tb_fail(b, -1, "メモリが足りません", "out of memory");
		return -1;
	}
	for (; b->pending > 0; b->pending--) {
		t->rows[t->nrows] = NULL;
		t->ncols[t->nrows++] = 0;
	}
	char *text = (char *)row + ptrs;
	memcpy(text, b->text.data, b->text.len);
	for (int c = 0; c < b->used; c++)
		row[c] = text + b->off[c];
	t->rows[t->nrows] = row;
	t->ncols[t->nrows++] = b->used;
	row_reset(b);
	return 0;
}

void kj_table_free(struct kj_table *t)
{
	if (!t)
		return;
	while (t->blocks) {
		struct kj_table_block *k = t->blocks;
		t->blocks = k->next;
		free(k);
	}
	free(t->rows);
	free(t->ncols);
	memset(t, 0, sizeof *t);
}

const char *kj_table_cell(const struct kj_table *t, int row, int col)
{
	if (!t || row < 0 || row >= t->nrows || col < 0 || col >= t->ncols[row])
		return "";
	return t->rows[row][col];
}

/* True if S is UTF-8 (any characters; controls are checked per cell). */
static int utf8_valid(const unsigned char *p, size_t n)
{
	return kj_utf8_valid((const char *)p, n, 1);
}

/* --- entry ------------------------------------------------------------------- */

static int read_table(struct kj_table *t, const char *data, size_t len, const char *sheet,
		      struct kj_err *err)
{
	memset(t, 0, sizeof *t);
	if (len > KJ_TABLE_FILE_MAX) {
		kj_err_set(err, "ファイルが大きすぎます（%u MB まで） / the file is too large "
			   "(limit %u MB)", KJ_TABLE_FILE_MAX >> 20, KJ_TABLE_FILE_MAX >> 20);
		return -1;
	}
	if (!data || len == 0) {
		kj_err_set(err, "ファイルが空です / the file is empty");
		return -1;
	}
	const unsigned char *u = (const unsigned char *)data;
	if (len >= 8 && !memcmp(u, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
		/* Excel saves a password-protected xlsx as an OLE container, like .xls. */
		kj_err_set(err, "パスワードで保護されたブックか、古い Excel 形式 (.xls) のファイルです。"
			   "パスワードを解除し、.xlsx 形式で保存してください / a password-protected "
			   "workbook or an old .xls file: remove the password and save as .xlsx");
		return -1;
	}
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		kj_err_set(err, "UTF-16 のテキストは読めません。「CSV UTF-8」または「CSV」形式で"
			   "保存してください / UTF-16 text cannot be read: save as CSV UTF-8 or CSV");
		return -1;
	}
	struct builder b;
	builder_init(&b, t, err);
	b.sheet = sheet;
	row_reset(&b);
	char *conv = NULL;
	int rc;
	if (len >= 4 && !memcmp(u, "PK\3\4", 4)) {
		t->encoding = KJ_ENC_XLSX;
		rc = kj_tb_read_xlsx(&b, data, len);
	} else if (memchr(data, '\0', len)) {
		kj_err_set(err, "CSV でも xlsx でもないファイルです（バイナリデータを含みます） / "
			   "the file is neither CSV nor xlsx (it contains binary data)");
		rc = -1;
	} else {
		const char *s = data;
		size_t n = len;
		if (len >= 3 && !memcmp(u, "\xef\xbb\xbf", 3)) {
			t->encoding = KJ_ENC_UTF8_BOM;
			s += 3;
			n -= 3;
		} else {
			t->encoding = KJ_ENC_UTF8;
		}
		/* Most files hold no control character but tab, CR and LF: one
		 * pass over the text then spares each cell its own check. A file
		 * with one is read again, and its cells name the one that has it. */
		int plain = kj_utf8_valid(s, n, 0);
		if (!plain && !utf8_valid((const unsigned char *)s, n)) {
			/* A byte-order mark says UTF-8: do not second-guess it. */
			if (t->encoding == KJ_ENC_UTF8 && (conv = kj_tb_from_cp932(s, n, &n)))
				t->encoding = KJ_ENC_CP932;
			s = conv;
		}
		if (!s) {
			kj_err_set(err, "文字コードを判別できません。UTF-8 または Shift_JIS (CP932) で"
				   "保存してください / cannot tell the character encoding: save the "
				   "file as UTF-8 or Shift_JIS (CP932)");
			rc = -1;
		} else {
			/* Checked above, or made by iconv: the cells, cut at ASCII
			 * delimiters, are UTF-8 too. */
			b.text_known = plain ? KJ_TB_TEXT_PLAIN : KJ_TB_TEXT_UTF8;
			/* The cells take at most the text, and their pointers
			 * and ends about a quarter more (eight bytes a cell). */
			b.first_block = n + n / 4 + 1024;
			rc = kj_tb_read_csv(&b, s, n);
		}
	}
	free(conv);
	kj_buf_free(&b.text);
	if (rc == 0 && t->nrows == 0) {
		kj_err_set(err, "ファイルが空です（データがありません） / the file is empty "
			   "(no data)");
		rc = -1;
	}
	if (rc < 0) {
		enum kj_table_encoding enc = t->encoding;
		kj_table_free(t);
		t->encoding = enc;
	}
	return rc;
}

int kj_table_read(struct kj_table *t, const char *data, size_t len,
		  struct kj_err *err)
{
	return read_table(t, data, len, NULL, err);
}

int kj_table_read_sheet(struct kj_table *t, const char *data, size_t len, const char *sheet,
			struct kj_err *err)
{
	return read_table(t, data, len, sheet, err);
}
