/*
 * CSV tables (table.c has told the encoding and converted CP932 to UTF-8
 * with kj_tb_from_cp932), read a text line at a time so that a message
 * names the text line as well as the row. The reading is strict RFC 4180
 * as libcsv's CSV_STRICT reads it (a quote only around a whole cell, a
 * quote inside one doubled; a quoted cell may hold commas and line ends;
 * cells are kept as sent, spaces and all; every CR and LF outside quotes
 * ends a row, a CRLF one), but a cell's text is found with memchr, not a
 * byte at a time: libcsv's byte loop was half the check of an imported form.
 */
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/table_priv.h"

enum csv_state {
	ROW_NOT_BEGUN,		/* no cell of this row yet */
	CELL_NOT_BEGUN,		/* after a comma */
	IN_CELL,		/* inside a cell, quoted or not */
	QUOTE_SEEN		/* a quote inside a quoted cell: its end, or the first of two */
};

struct csvctx {
	struct builder *b;
	enum csv_state state;
	int quoted;		/* the cell being read began with a quote */
	int col;
	int any;		/* a cell was seen since the last row end */
	int after_cr;		/* the last row end was a CR */
	char *cell;		/* the cell being read (LEN bytes of CAP) */
	size_t len, cap;
};

/* Appends S (N bytes) to the cell being read: 0, or -1 when out of memory. */
static int cell_grow(struct csvctx *c, const char *s, size_t n)
{
	if (n > c->cap - c->len) {
		size_t cap = c->cap ? c->cap : 256;
		while (cap - c->len < n) {
			if (cap > SIZE_MAX / 2)
				return -1;
			cap *= 2;
		}
		char *v = realloc(c->cell, cap);
		if (!v)
			return -1;
		c->cell = v;
		c->cap = cap;
	}
	memcpy(c->cell + c->len, s, n);
	c->len += n;
	return 0;
}

static void cell_end(struct csvctx *c)
{
	c->any = 1;
	kj_tb_cell_add(c->b, c->col++, c->len ? c->cell : "", c->len);
	c->state = CELL_NOT_BEGUN;
	c->quoted = 0;
	c->len = 0;
}

/* A CR or LF (CH) or the end of the text (-1) ends the row. */
static void row_end(struct csvctx *c, int ch)
{
	c->state = ROW_NOT_BEGUN;
	c->quoted = 0;
	c->len = 0;
	/*
	 * Every CR and LF is a row end so that blank lines count as rows and
	 * row numbers match the spreadsheet; the LF of a CRLF that just ended
	 * a row is not a row of its own.
	 */
	if (ch == '\n' && c->after_cr && !c->any) {
		c->after_cr = 0;
		return;
	}
	c->after_cr = ch == '\r';
	c->any = 0;
	c->col = 0;
	kj_tb_row_end(c->b);
	/* A CRLF is read as one piece, so the next row starts on the next line. */
	c->b->row_line = c->b->line + 1;
}

/* Reads the N bytes S, one text line with its end (or the text's last
 * bytes): 0, or -1 where a quote breaks the rules. */
static int read_line(struct csvctx *c, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (c->state == IN_CELL) {
			size_t j = i;
			if (c->quoted) {
				const char *q = memchr(s + i, '"', n - i);
				j = q ? (size_t)(q - s) : n;
			} else {
				while (j < n && s[j] != ',' && s[j] != '"' && s[j] != '\r' &&
				       s[j] != '\n')
					j++;
			}
			if (j > i && cell_grow(c, s + i, j - i) < 0) {
				kj_tb_fail(c->b, c->col, "メモリが足りません", "out of memory");
				return 0;
			}
			if (j == n)
				return 0;
			char ch = s[j];
			i = j + 1;
			if (c->quoted)
				c->state = QUOTE_SEEN;
			else if (ch == '"')
				return -1;	/* a quote inside a cell not quoted */
			else if (ch == ',')
				cell_end(c);
			else {
				cell_end(c);
				row_end(c, ch);
			}
			continue;
		}
		char ch = s[i++];
		if (ch == ',') {
			cell_end(c);
		} else if (ch == '\r' || ch == '\n') {
			if (c->state != ROW_NOT_BEGUN)
				cell_end(c);
			row_end(c, ch);
		} else if (c->state == QUOTE_SEEN) {
			if (ch != '"')
				return -1;	/* a quote, then neither a quote nor the cell's end */
			if (cell_grow(c, "\"", 1) < 0) {
				kj_tb_fail(c->b, c->col, "メモリが足りません", "out of memory");
				return 0;
			}
			c->state = IN_CELL;
		} else {
			c->state = IN_CELL;
			c->quoted = ch == '"';
			if (!c->quoted && cell_grow(c, &s[i - 1], 1) < 0) {
				kj_tb_fail(c->b, c->col, "メモリが足りません", "out of memory");
				return 0;
			}
		}
	}
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
	struct csvctx c = { .b = b, .state = ROW_NOT_BEGUN };
	size_t i = 0;
	/* The next LF and CR at or after I (LEN: none), each found by memchr
	 * only once passed. */
	size_t lf = SIZE_MAX, cr = SIZE_MAX;
	while (i < len && !b->failed) {
		lf = next_byte(s, len, i, lf, '\n');
		cr = next_byte(s, len, i, cr, '\r');
		size_t j = lf < cr ? lf : cr;
		if (j < len) {
			if (s[j] == '\r' && j + 1 < len && s[j + 1] == '\n')
				j++;
			j++;
		}
		if (read_line(&c, s + i, j - i) < 0) {
			if (!b->failed)
				kj_tb_fail(b, -1, "引用符（\"）の使い方が正しくありません",
				     "malformed quoting (\")");
			break;
		}
		/* A quoted cell that never ends grows here: stop at the limit
		 * (a quote just read counts until the next byte tells what it is). */
		if (!b->failed && (c.state == IN_CELL || c.state == QUOTE_SEEN) &&
		    c.len + (c.state == QUOTE_SEEN) > KJ_TABLE_CELL_MAX)
			kj_tb_fail_too_long(b, c.col);
		i = j;
		b->line++;
	}
	if (!b->failed) {
		b->line--;
		if (c.state == IN_CELL && c.quoted) {
			kj_tb_fail(b, -1, "引用符（\"）が閉じられないままファイルが終わっています",
			     "a quoted cell is not closed before the end of the file");
		} else if (c.state != ROW_NOT_BEGUN) {
			cell_end(&c);
			row_end(&c, -1);
		}
	}
	free(c.cell);
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
