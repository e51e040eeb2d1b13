/*
 * CSV tables (table.c has told the encoding and converted CP932 to UTF-8
 * with kj_tb_from_cp932): parsed with libcsv, fed a line at a time so that
 * a message names the text line as well as the row.
 */
#include <csv.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/table_priv.h"

struct csvctx {
	struct builder *b;
	int col;
	int any;	/* a field was seen since the last row end */
	int after_cr;	/* the last row end was a CR */
};

static void csv_on_field(void *s, size_t n, void *ctx)
{
	struct csvctx *c = ctx;
	c->any = 1;
	kj_tb_cell_add(c->b, c->col++, s ? s : "", s ? n : 0);
}

static void csv_on_row(int ch, void *ctx)
{
	struct csvctx *c = ctx;
	/*
	 * CSV_REPALL_NL reports every CR and LF so that blank lines count as
	 * rows and row numbers match the spreadsheet; the LF of a CRLF that
	 * just ended a row is not a row of its own.
	 */
	if (ch == '\n' && c->after_cr && !c->any) {
		c->after_cr = 0;
		return;
	}
	c->after_cr = ch == '\r';
	c->any = 0;
	c->col = 0;
	kj_tb_row_end(c->b);
	/* A CRLF is fed as one piece, so the next row starts on the next line. */
	c->b->row_line = c->b->line + 1;
}

/* libcsv trims spaces around unquoted fields by default; the table keeps cells as sent. */
static int csv_no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

/* The first byte C of S (LEN bytes) at or after FROM, or LEN; AT is the
 * last answer (SIZE_MAX: none yet), still good when it is not before FROM. */
static size_t next_byte(const char *s, size_t len, size_t from, size_t at, char c)
{
	if (at != SIZE_MAX && at >= from)
		return at;
	const char *p = memchr(s + from, c, len - from);
	return p ? (size_t)(p - s) : len;
}

int kj_tb_read_csv(struct builder *b, const char *s, size_t len)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL)) {
		kj_err_set(b->err, "メモリが足りません / out of memory");
		return -1;
	}
	csv_set_space_func(&p, csv_no_space);
	struct csvctx c = { .b = b };
	size_t i = 0;
	/* The next LF and CR at or after I (LEN: none), each found by memchr
	 * only once passed: a byte loop cost as much as the parse. */
	size_t lf = SIZE_MAX, cr = SIZE_MAX;
	/* Fed a line at a time so that messages can name the text line. */
	while (i < len && !b->failed) {
		lf = next_byte(s, len, i, lf, '\n');
		cr = next_byte(s, len, i, cr, '\r');
		size_t j = lf < cr ? lf : cr;
		if (j < len) {
			if (s[j] == '\r' && j + 1 < len && s[j + 1] == '\n')
				j++;
			j++;
		}
		if (csv_parse(&p, s + i, j - i, csv_on_field, csv_on_row, &c) != j - i) {
			if (!b->failed)
				kj_tb_fail(b, -1, "引用符（\"）の使い方が正しくありません",
				     "malformed quoting (\")");
			break;
		}
		/* A quoted cell that never ends grows here: stop at the limit. */
		if (!b->failed && p.entry_pos > KJ_TABLE_CELL_MAX)
			kj_tb_fail_too_long(b, c.col);
		i = j;
		b->line++;
	}
	if (!b->failed) {
		b->line--;
		if (csv_fini(&p, csv_on_field, csv_on_row, &c) && !b->failed)
			kj_tb_fail(b, -1, "引用符（\"）が閉じられないままファイルが終わっています",
			     "a quoted cell is not closed before the end of the file");
	}
	csv_free(&p);
	return b->failed ? -1 : 0;
}

/* CP932 to UTF-8 into a new buffer (free() it); NULL if S is not CP932. */
char *kj_tb_from_cp932(const char *s, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	if (cd == (iconv_t)-1)
		return NULL;
	/* One CP932 byte (half-width kana) becomes at most three UTF-8 bytes. */
	size_t cap = 3 * len + 1;	/* len <= KJ_TABLE_FILE_MAX: no overflow */
	char *out = malloc(cap);
	char *in = (char *)s, *o = out;
	size_t inleft = len, oleft = cap - 1;
	if (!out || iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &o, &oleft) == (size_t)-1) {
		free(out);
		iconv_close(cd);
		return NULL;
	}
	iconv_close(cd);
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}
