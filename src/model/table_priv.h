/*
 * What the readers of tables share (table.c, table_csv.c, table_xlsx.c):
 * the table being built a cell and a row at a time, and the reader of each
 * format. Nothing outside them includes this header; the public one is
 * model/table.h.
 */
#ifndef KJ_MODEL_TABLE_PRIV_H
#define KJ_MODEL_TABLE_PRIV_H

#include <stddef.h>

#include "base/buf.h"
#include "base/util.h"
#include "model/table.h"

/* The table being read, a row at a time (table.c). */
struct builder {
	struct kj_table *t;
	int cap;		/* entries allocated in t->rows and t->ncols */
	long pending;		/* empty rows seen but not stored: dropped if trailing */
	struct kj_buf text;	/* the current row's cells, each NUL-terminated */
	size_t first_block;	/* bytes the rows are expected to take; 0: unknown */
	size_t off[KJ_TABLE_COLS_MAX];	/* where each cell starts in TEXT */
	int next;		/* the column the next cell goes to by default */
	int used;		/* 1 + the last non-empty cell of the row, 0 if none */
	int xlsx;		/* name places as cells ("C12"), not lines */
	enum {
		KJ_TB_TEXT_UNCHECKED,	/* each cell is checked: UTF-8, no control */
		KJ_TB_TEXT_UTF8,	/* the whole text is UTF-8: cells need only
					 * the check for control characters */
		KJ_TB_TEXT_PLAIN,	/* UTF-8 and free of them: no cell check */
	} text_known;
	long line;		/* CSV: the text line being read, from 1 */
	long row_line;		/* CSV: the text line the current row starts on */
	int failed;
	struct kj_err *err;
	const char *sheet;	/* xlsx: the worksheet of this name; NULL: the first */
};

/*
 * Fails the read with "PLACE: JA / place: EN". COL < 0 names the row only.
 * See table.c for what the place says.
 */
void kj_tb_fail(struct builder *b, int col, const char *ja, const char *en);
/* Fails the read at cell COL: longer than KJ_TABLE_CELL_MAX. */
void kj_tb_fail_too_long(struct builder *b, int col);
/* Places cell COL (at or after the row's last one) holding S (N bytes). */
int kj_tb_cell_add(struct builder *b, int col, const char *s, size_t n);
/* Ends the current row: stores it (with the empty rows before it) or counts it as empty. */
int kj_tb_row_end(struct builder *b);

/* CSV text S of LEN bytes, UTF-8 (table_csv.c). */
int kj_tb_read_csv(struct builder *b, const char *s, size_t len);
/* CP932 to UTF-8 into a new buffer (free() it); NULL if S is not CP932. */
char *kj_tb_from_cp932(const char *s, size_t len, size_t *outlen);
/* The first worksheet of the xlsx workbook DATA, LEN bytes (table_xlsx.c). */
int kj_tb_read_xlsx(struct builder *b, const char *data, size_t len);

#endif
