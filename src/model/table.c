/*
 * Tables from uploaded files: CSV in UTF-8 (with or without a byte-order
 * mark) or CP932, and the first worksheet of an xlsx workbook. Everything
 * here treats the file as hostile: sizes are checked before anything is
 * allocated for them, an xlsx part is streamed out of the zip with a cap on
 * its inflated size (a zip bomb stops at the cap, not at the end of
 * memory), and every failure names the row or cell in Japanese and English.
 *
 * A row is stored as one allocation: its cell pointers followed by the
 * cells' text, so a 200,000-row file costs 200,000 allocations, not one per
 * cell, and kj_table_free() frees each row with a single free().
 */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/buf.h"
#include "model/table.h"

/*
 * The inflated size of one xlsx part (the sheet, the shared strings). A
 * 100,000-operator registry sheet inflates to about 60 MB; four times the
 * upload limit leaves room for that while refusing zip bombs early.
 */
#define XLSX_PART_MAX	((zip_uint64_t)KJ_TABLE_FILE_MAX * 4u)
/* workbook.xml and its relationships: a few kilobytes in practice. */
#define XLSX_SMALL_MAX	((zip_uint64_t)1024u * 1024u)
/* Shared strings: more than a table of the maximum size could use. */
#define XLSX_STRINGS_MAX ((size_t)KJ_TABLE_ROWS_MAX * 20u)
/* Excel's own limit on columns (XFD); references beyond it are corrupt. */
#define XLSX_COLS	16384
#define XLSX_ROWS	1048576

/* --- building the table ---------------------------------------------------- */

struct builder {
	struct kj_table *t;
	int cap;		/* entries allocated in t->rows and t->ncols */
	long pending;		/* empty rows seen but not stored: dropped if trailing */
	struct kj_buf text;	/* the current row's cells, each NUL-terminated */
	size_t off[KJ_TABLE_COLS_MAX];	/* where each cell starts in TEXT */
	int next;		/* the column the next cell goes to by default */
	int used;		/* 1 + the last non-empty cell of the row, 0 if none */
	int xlsx;		/* name places as cells ("C12"), not lines */
	long line;		/* CSV: the text line being read, from 1 */
	long row_line;		/* CSV: the text line the current row starts on */
	int failed;
	struct kj_err *err;
};

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
static void fail(struct builder *b, int col, const char *ja, const char *en)
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

static void fail_too_long(struct builder *b, int col)
{
	char ja[96], en[96];
	snprintf(ja, sizeof ja, "セルの内容が長すぎます（%dバイトまで）", KJ_TABLE_CELL_MAX);
	snprintf(en, sizeof en, "cell too long (limit %d bytes)", KJ_TABLE_CELL_MAX);
	fail(b, col, ja, en);
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
static int cell_add(struct builder *b, int col, const char *s, size_t n)
{
	if (b->failed)
		return -1;
	if (col < b->next) {
		fail(b, col, "セルの順序が正しくありません", "cells out of order");
		return -1;
	}
	b->next = col + 1;
	if (n == 0)
		return 0;
	if (n > KJ_TABLE_CELL_MAX) {
		fail_too_long(b, col);
		return -1;
	}
	if (!kj_utf8_valid_text(s, n)) {
		fail(b, col, "制御文字（NUL など）を含むセルは読めません",
		     "the cell contains control characters (such as NUL)");
		return -1;
	}
	if (col >= KJ_TABLE_COLS_MAX) {
		char ja[96], en[96];
		snprintf(ja, sizeof ja, "列が多すぎます（%d列まで）", KJ_TABLE_COLS_MAX);
		snprintf(en, sizeof en, "too many columns (limit %d)", KJ_TABLE_COLS_MAX);
		fail(b, col, ja, en);
		return -1;
	}
	for (int c = b->used; c < col; c++)
		b->off[c] = 0;
	b->off[col] = b->text.len;
	/* Cannot pass the cap: COLS_MAX cells of at most CELL_MAX bytes. */
	if (kj_buf_add(&b->text, s, n) < 0 || kj_buf_add(&b->text, "", 1) < 0) {
		fail(b, col, "メモリが足りません", "out of memory");
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

/* Ends the current row: stores it (with the empty rows before it) or counts it as empty. */
static int row_end(struct builder *b)
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
		fail(b, -1, ja, en);
		return -1;
	}
	size_t ptrs = (size_t)b->used * sizeof(char *);
	char **row = grow_rows(b, need) < 0 ? NULL : malloc(ptrs + b->text.len);
	if (!row) {
		fail(b, -1, "メモリが足りません", "out of memory");
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
	for (int r = 0; r < t->nrows; r++)
		free(t->rows[r]);
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

/* --- CSV -------------------------------------------------------------------- */

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
	cell_add(c->b, c->col++, s ? s : "", s ? n : 0);
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
	row_end(c->b);
	/* A CRLF is fed as one piece, so the next row starts on the next line. */
	c->b->row_line = c->b->line + 1;
}

/* libcsv trims spaces around unquoted fields by default; the table keeps cells as sent. */
static int csv_no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

static int read_csv(struct builder *b, const char *s, size_t len)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL)) {
		kj_err_set(b->err, "メモリが足りません / out of memory");
		return -1;
	}
	csv_set_space_func(&p, csv_no_space);
	struct csvctx c = { .b = b };
	size_t i = 0;
	/* Fed a line at a time so that messages can name the text line. */
	while (i < len && !b->failed) {
		size_t j = i;
		while (j < len && s[j] != '\n' && s[j] != '\r')
			j++;
		if (j < len) {
			if (s[j] == '\r' && j + 1 < len && s[j + 1] == '\n')
				j++;
			j++;
		}
		if (csv_parse(&p, s + i, j - i, csv_on_field, csv_on_row, &c) != j - i) {
			if (!b->failed)
				fail(b, -1, "引用符（\"）の使い方が正しくありません",
				     "malformed quoting (\")");
			break;
		}
		/* A quoted cell that never ends grows here: stop at the limit. */
		if (!b->failed && p.entry_pos > KJ_TABLE_CELL_MAX)
			fail_too_long(b, c.col);
		i = j;
		b->line++;
	}
	if (!b->failed) {
		b->line--;
		if (csv_fini(&p, csv_on_field, csv_on_row, &c) && !b->failed)
			fail(b, -1, "引用符（\"）が閉じられないままファイルが終わっています",
			     "a quoted cell is not closed before the end of the file");
	}
	csv_free(&p);
	return b->failed ? -1 : 0;
}

/* True if S is UTF-8 (any characters; controls are checked per cell). */
static int utf8_valid(const unsigned char *p, size_t n)
{
	return kj_utf8_valid((const char *)p, n, 1);
}

/* CP932 to UTF-8 into a new buffer (free() it); NULL if S is not CP932. */
static char *from_cp932(const char *s, size_t len, size_t *outlen)
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

/* --- xlsx ------------------------------------------------------------------- */

/* An xlsx part being streamed out of the zip into libxml2's reader. */
struct part {
	zip_file_t *zf;
	zip_uint64_t left;	/* bytes still allowed */
	int over;		/* inflated past the cap */
	int doctype;		/* a document type declaration (or a NUL) was seen */
	int match;		/* bytes of "<!DOCTYPE" matched so far */
};

static int part_read(void *ctx, char *buf, int len)
{
	static const char pat[] = "<!DOCTYPE";
	struct part *p = ctx;
	if (len <= 0)
		return 0;
	zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);
	if (n < 0)
		return -1;
	if ((zip_uint64_t)n > p->left) {
		p->over = 1;
		return -1;
	}
	p->left -= (zip_uint64_t)n;
	/*
	 * A workbook never declares a document type; refusing one outright
	 * rules out entity expansion tricks whatever the parser's settings.
	 * The part is read as UTF-8 whatever it declares (see part_open), so
	 * the declaration cannot hide in another encoding; a NUL, which
	 * UTF-16 markup would have, is refused with it.
	 */
	for (zip_int64_t i = 0; i < n; i++) {
		if (buf[i] == '\0') {
			p->doctype = 1;
			return -1;
		}
		if (buf[i] == pat[p->match])
			p->match++;
		else
			p->match = buf[i] == '<';
		if (p->match == (int)sizeof pat - 1) {
			p->doctype = 1;
			return -1;
		}
	}
	return (int)n;
}

struct xlsx {
	zip_t *za;
	struct builder *b;
	struct kj_err *err;
	/* Shared strings: all texts NUL-separated in POOL. */
	struct kj_buf pool;
	struct sstr {
		size_t off;
		size_t len;	/* KJ_TABLE_CELL_MAX + 1: too long for a cell */
	} *str;
	size_t nstrings, capstrings;
};

static void xlsx_corrupt(struct xlsx *x, const char *part)
{
	kj_err_set(x->err, "xlsx ファイルが壊れているか、読めない形式です（%s） / "
		   "the xlsx file is corrupt or cannot be read (%s)", part, part);
	x->b->failed = 1;
}

static void init_xml(void)
{
	xmlInitParser();
}

/*
 * Opens part NAME for streaming (at most MAX inflated bytes). Returns the
 * reader, or NULL with the error set; *MISSING tells a part that is absent.
 */
static xmlTextReaderPtr part_open(struct xlsx *x, const char *name, zip_uint64_t max,
				  struct part *p, int *missing)
{
	zip_stat_t st;
	memset(p, 0, sizeof *p);
	*missing = 0;
	zip_stat_init(&st);
	if (zip_stat(x->za, name, ZIP_FL_NOCASE, &st) < 0) {
		*missing = 1;
		return NULL;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		kj_err_set(x->err, "パスワードで保護されたブックは読めません。パスワードを解除して"
			   "保存してください / the workbook is password-protected: remove the password");
		x->b->failed = 1;
		return NULL;
	}
	/* The size the zip declares is checked first and the bytes counted anyway. */
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > max) {
		kj_err_set(x->err, "xlsx の %s が大きすぎます（展開後 %llu MB まで） / "
			   "%s in the xlsx file is too large (limit %llu MB inflated)", name,
			   (unsigned long long)(max >> 20), name, (unsigned long long)(max >> 20));
		x->b->failed = 1;
		return NULL;
	}
	p->left = st.size < max ? st.size : max;
	p->zf = zip_fopen_index(x->za, st.index, 0);
	if (!p->zf) {
		xlsx_corrupt(x, name);
		return NULL;
	}
	/*
	 * UTF-8 whatever the part declares, no network, no DTD loading, no
	 * entity substitution (XML_PARSE_NOENT is deliberately absent), and
	 * no messages on stderr.
	 */
	xmlTextReaderPtr r = xmlReaderForIO(part_read, NULL, p, name, "UTF-8",
					    XML_PARSE_NONET | XML_PARSE_IGNORE_ENC |
					    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!r) {
		zip_fclose(p->zf);
		p->zf = NULL;
		xlsx_corrupt(x, name);
	}
	return r;
}

/* Closes a part; RC is the reader's last result (0 at the end, -1 on error). */
static int part_close(struct xlsx *x, const char *name, xmlTextReaderPtr r,
		      struct part *p, int rc)
{
	xmlFreeTextReader(r);
	if (p->zf)
		zip_fclose(p->zf);
	p->zf = NULL;
	if (x->b->failed)
		return -1;
	if (p->over) {
		kj_err_set(x->err, "xlsx の %s が宣言より大きく展開されます / "
			   "%s in the xlsx file inflates past its declared size", name, name);
		x->b->failed = 1;
		return -1;
	}
	if (p->doctype) {
		kj_err_set(x->err, "xlsx の %s に文書型宣言 (DOCTYPE) か NUL 文字があるため読めません / "
			   "%s in the xlsx file has a document type declaration or a NUL and is "
			   "refused", name, name);
		x->b->failed = 1;
		return -1;
	}
	if (rc != 0) {
		xlsx_corrupt(x, name);
		return -1;
	}
	return 0;
}

static int is_el(xmlTextReaderPtr r, const char *name)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);
	return n && !strcmp((const char *)n, name);
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* The relationship id of the workbook's first sheet (xmlFree it), or NULL. */
static char *first_sheet_rid(struct xlsx *x)
{
	static const char *const ns[] = {
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
		"http://purl.oclc.org/ooxml/officeDocument/relationships",	/* Strict */
	};
	const char *name = "xl/workbook.xml";
	struct part p;
	int missing, rc = 0;
	xmlTextReaderPtr r = part_open(x, name, XLSX_SMALL_MAX, &p, &missing);
	if (!r) {
		if (missing) {
			kj_err_set(x->err, "zip ファイルですが xlsx ブックではありません。Excel の"
				   "ブック (.xlsx) 形式で保存してください / a zip file, but not an xlsx "
				   "workbook: save it as an Excel workbook (.xlsx)");
			x->b->failed = 1;
		}
		return NULL;
	}
	char *rid = NULL;
	while (!rid && (rc = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !is_el(r, "sheet"))
			continue;
		for (size_t i = 0; !rid && i < sizeof ns / sizeof ns[0]; i++)
			rid = (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id",
								  (const xmlChar *)ns[i]);
		if (!rid)
			break;
	}
	if (rid)
		rc = 0;
	if (part_close(x, name, r, &p, rc < 0 ? -1 : 0) < 0) {
		xmlFree(rid);
		return NULL;
	}
	if (!rid) {
		kj_err_set(x->err, "ブックにワークシートがありません / the workbook has no worksheet");
		x->b->failed = 1;
	}
	return rid;
}

/*
 * "xl/" + TARGET (or TARGET without its "/" if absolute) into OUT. Part
 * names end up in messages, so only plain ones are accepted.
 */
static int part_path(const char *target, char *out, size_t n)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789/_.-";
	if (strstr(target, "..") || strspn(target, plain) != strlen(target))
		return -1;
	int w = target[0] == '/' ? snprintf(out, n, "%s", target + 1)
				 : snprintf(out, n, "xl/%s", target);
	return (w < 0 || (size_t)w >= n) ? -1 : 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* The paths of the sheet with relationship RID and of the shared strings ("" if none). */
static int find_parts(struct xlsx *x, const char *rid, char sheet[256], char sst[256])
{
	const char *name = "xl/_rels/workbook.xml.rels";
	struct part p;
	int missing, rc;
	sheet[0] = sst[0] = '\0';
	xmlTextReaderPtr r = part_open(x, name, XLSX_SMALL_MAX, &p, &missing);
	if (!r) {
		if (missing)
			xlsx_corrupt(x, name);
		return -1;
	}
	int bad = 0;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    !is_el(r, "Relationship"))
			continue;
		char *id = attr(r, "Id"), *type = attr(r, "Type"), *target = attr(r, "Target");
		if (id && target && !strcmp(id, rid))
			bad |= part_path(target, sheet, 256);
		else if (type && target && ends_with(type, "/sharedStrings"))
			bad |= part_path(target, sst, 256);
		xmlFree(id);
		xmlFree(type);
		xmlFree(target);
	}
	if (part_close(x, name, r, &p, rc) < 0)
		return -1;
	if (bad || !sheet[0]) {
		xlsx_corrupt(x, name);
		return -1;
	}
	return 0;
}

/*
 * Text gathered from <t> elements, as in a shared string or an inline
 * string: runs (<r><t>) are joined, and phonetic readings (<rPh>, the
 * furigana Japanese Excel stores beside the text) are left out.
 */
struct textacc {
	int in_t, rph;
	int toolong;
	struct kj_buf *buf;
};

static void text_node(xmlTextReaderPtr r, int type, struct textacc *a)
{
	int empty = xmlTextReaderIsEmptyElement(r);
	if (type == XML_READER_TYPE_ELEMENT) {
		if (is_el(r, "rPh") && !empty)
			a->rph++;
		else if (is_el(r, "t") && !empty)
			a->in_t = 1;
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (is_el(r, "rPh") && a->rph > 0)
			a->rph--;
		else if (is_el(r, "t"))
			a->in_t = 0;
	} else if (a->in_t && !a->rph &&
		   (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		    type == XML_READER_TYPE_WHITESPACE ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
		const char *v = (const char *)xmlTextReaderConstValue(r);
		if (v && kj_buf_adds(a->buf, v) < 0)
			a->toolong = 1;
	}
}

/*
 * Decodes OOXML's _xHHHH_ escapes in place (Excel writes a carriage return
 * in a cell as _x000D_). A control character decoded here is refused with
 * the rest by cell_add, as it would be in a CSV file.
 */
static void ooxml_unescape(struct kj_buf *b)
{
	if (!b->len || !memchr(b->data, '_', b->len))
		return;
	char *s = b->data, *o = b->data;
	size_t i = 0, n = b->len;
	while (i < n) {
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
			int h[4], ok = 1;
			for (int k = 0; k < 4; k++)
				ok &= (h[k] = kj_hex_value(s[i + 2 + k])) >= 0;
			if (ok) {
				unsigned cp = (unsigned)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]);
				if (cp < 0x80) {
					*o++ = (char)cp;
				} else if (cp < 0x800) {
					*o++ = (char)(0xc0 | cp >> 6);
					*o++ = (char)(0x80 | (cp & 0x3f));
				} else {
					/* A surrogate gives invalid UTF-8, refused per cell. */
					*o++ = (char)(0xe0 | cp >> 12);
					*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
					*o++ = (char)(0x80 | (cp & 0x3f));
				}
				i += 7;
				continue;
			}
		}
		*o++ = s[i++];
	}
	b->len = (size_t)(o - s);
	s[b->len] = '\0';
}

static int read_shared_strings(struct xlsx *x, const char *name)
{
	struct part p;
	int missing, rc;
	xmlTextReaderPtr r = part_open(x, name, XLSX_PART_MAX, &p, &missing);
	if (!r)
		return missing ? 0 : -1;	/* a workbook of numbers only has none */
	struct kj_buf one;
	/* A string longer than a cell can hold is marked, and refused if a cell uses it. */
	kj_buf_init(&one, KJ_TABLE_CELL_MAX + 1);
	struct textacc a = { .buf = &one };
	int in_si = 0, oom = 0;
	while (!oom && (rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		int si = (type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT) &&
			 is_el(r, "si");
		if (si && type == XML_READER_TYPE_ELEMENT) {
			kj_buf_reset(&one);
			a = (struct textacc){ .buf = &one };
			in_si = !xmlTextReaderIsEmptyElement(r);
			if (in_si)
				continue;
		} else if (!si) {
			if (in_si)
				text_node(r, type, &a);
			continue;
		}
		/* The end of a string: store it. */
		in_si = 0;
		ooxml_unescape(&one);
		size_t len = a.toolong ? KJ_TABLE_CELL_MAX + 1 : one.len;
		if (x->nstrings == XLSX_STRINGS_MAX) {
			oom = 1;
			break;
		}
		if (x->nstrings == x->capstrings) {
			size_t cap = x->capstrings ? 2 * x->capstrings : 256;
			struct sstr *str = realloc(x->str, cap * sizeof *str);
			if (!str) {
				oom = 1;
				break;
			}
			x->str = str;
			x->capstrings = cap;
		}
		x->str[x->nstrings++] = (struct sstr){ x->pool.len, len };
		if (kj_buf_add(&x->pool, kj_buf_str(&one), one.len) < 0 ||
		    kj_buf_add(&x->pool, "", 1) < 0)
			oom = 1;
	}
	kj_buf_free(&one);
	if (oom) {
		xmlFreeTextReader(r);
		zip_fclose(p.zf);
		kj_err_set(x->err, "xlsx の %s が大きすぎます / %s in the xlsx file is too large",
			   name, name);
		x->b->failed = 1;
		return -1;
	}
	return part_close(x, name, r, &p, rc);
}

/* The 0-based column of a reference like "C12", or -1. */
static int ref_col(const char *ref)
{
	int col = 0, n = 0;
	for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
		if (++n > 3)
			return -1;
		col = col * 26 + (*ref - 'A' + 1);
	}
	if (n == 0 || col > XLSX_COLS || !(*ref >= '1' && *ref <= '9'))
		return -1;
	return col - 1;
}

struct sheetcell {
	int col;
	char type[12];
	int in_v, in_is;
	struct kj_buf v;	/* the <v> text */
	struct kj_buf is;	/* the inline string */
	struct textacc acc;
	int vlong;
};

/* Stores the finished cell C in the row being built. */
static int sheet_cell_end(struct xlsx *x, struct sheetcell *c)
{
	const char *s = "";
	size_t n = 0;
	if (!strcmp(c->type, "s")) {
		long i;
		if (!c->v.len || kj_parse_long(c->v.data, 0, (long)x->nstrings - 1, &i) < 0) {
			xlsx_corrupt(x, "sharedStrings");
			return -1;
		}
		/* One too long for a cell is refused by cell_add before it is read. */
		s = x->pool.data + x->str[i].off;
		n = x->str[i].len;
	} else if (!strcmp(c->type, "inlineStr")) {
		ooxml_unescape(&c->is);
		s = kj_buf_str(&c->is);
		n = c->acc.toolong ? KJ_TABLE_CELL_MAX + 1 : c->is.len;
	} else if (!strcmp(c->type, "b") && c->v.len == 1 && (c->v.data[0] == '0' ||
								c->v.data[0] == '1')) {
		s = c->v.data[0] == '1' ? "TRUE" : "FALSE";
		n = strlen(s);
	} else {
		/* Numbers as stored, formula results as cached, error codes as shown. */
		ooxml_unescape(&c->v);
		s = kj_buf_str(&c->v);
		n = c->vlong ? KJ_TABLE_CELL_MAX + 1 : c->v.len;
	}
	return cell_add(x->b, c->col, s, n);
}

static int read_sheet(struct xlsx *x, const char *name)
{
	struct part p;
	int missing, rc;
	struct builder *b = x->b;
	xmlTextReaderPtr r = part_open(x, name, XLSX_PART_MAX, &p, &missing);
	if (!r) {
		if (missing)
			xlsx_corrupt(x, name);
		return -1;
	}
	struct sheetcell c;
	memset(&c, 0, sizeof c);
	kj_buf_init(&c.v, KJ_TABLE_CELL_MAX + 1);
	kj_buf_init(&c.is, KJ_TABLE_CELL_MAX + 1);
	long last_row = 0;	/* the number of the last <row> seen */
	int in_row = 0, in_c = 0, in_data = 0;
	while (!b->failed && (rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		int empty = type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(r);
		if (type == XML_READER_TYPE_ELEMENT && is_el(r, "sheetData")) {
			in_data = !empty;
		} else if (!in_data) {
			continue;
		} else if (type == XML_READER_TYPE_END_ELEMENT && is_el(r, "sheetData")) {
			in_data = 0;
		} else if (type == XML_READER_TYPE_ELEMENT && is_el(r, "row") && !in_row) {
			char *rs = attr(r, "r");
			long num = last_row + 1;
			int ok = !rs || kj_parse_long(rs, last_row + 1, XLSX_ROWS, &num) == 0;
			xmlFree(rs);
			if (!ok) {
				xlsx_corrupt(x, name);
				break;
			}
			/* Rows the sheet leaves out are empty rows of the table. */
			b->pending += num - last_row - 1;
			last_row = num;
			in_row = 1;
			if (empty) {
				row_end(b);
				in_row = 0;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT && is_el(r, "row") && in_row) {
			row_end(b);
			in_row = 0;
		} else if (type == XML_READER_TYPE_ELEMENT && is_el(r, "c") && in_row && !in_c) {
			char *ref = attr(r, "r"), *t = attr(r, "t");
			c.col = ref ? ref_col(ref) : b->next;
			int ok = c.col >= 0 && c.col >= b->next &&
				 (!t || kj_strlcpy(c.type, t, sizeof c.type) == 0);
			if (!t)
				c.type[0] = '\0';
			xmlFree(ref);
			xmlFree(t);
			if (!ok) {
				xlsx_corrupt(x, name);
				break;
			}
			kj_buf_reset(&c.v);
			kj_buf_reset(&c.is);
			c.acc = (struct textacc){ .buf = &c.is };
			c.in_v = c.in_is = c.vlong = 0;
			if (empty)
				b->next = c.col + 1;	/* a formatted cell without a value */
			else
				in_c = 1;
		} else if (in_c && type == XML_READER_TYPE_END_ELEMENT && is_el(r, "c")) {
			in_c = 0;
			sheet_cell_end(x, &c);
		} else if (in_c && (type == XML_READER_TYPE_ELEMENT ||
				    type == XML_READER_TYPE_END_ELEMENT) && is_el(r, "v")) {
			c.in_v = type == XML_READER_TYPE_ELEMENT && !empty;
		} else if (in_c && (type == XML_READER_TYPE_ELEMENT ||
				    type == XML_READER_TYPE_END_ELEMENT) && is_el(r, "is")) {
			c.in_is = type == XML_READER_TYPE_ELEMENT && !empty;
		} else if (in_c && c.in_is) {
			text_node(r, type, &c.acc);
		} else if (in_c && c.in_v && (type == XML_READER_TYPE_TEXT ||
					      type == XML_READER_TYPE_CDATA ||
					      type == XML_READER_TYPE_WHITESPACE ||
					      type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v && kj_buf_adds(&c.v, v) < 0)
				c.vlong = 1;
		}
	}
	kj_buf_free(&c.v);
	kj_buf_free(&c.is);
	if (b->failed) {
		part_close(x, name, r, &p, -1);
		return -1;
	}
	return part_close(x, name, r, &p, rc);
}

static int read_xlsx(struct builder *b, const char *data, size_t len)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	/* libxml2 wants its one-time set-up done before threads parse at once. */
	pthread_once(&once, init_xml);
	b->xlsx = 1;
	struct xlsx x = { .b = b, .err = b->err };
	kj_buf_init(&x.pool, (size_t)XLSX_PART_MAX);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (src)
		/*
		 * Without ZIP_CHECKCONS: it refuses archives that real tools make
		 * (macOS's, for one), and nothing here trusts the local headers
		 * anyway; sizes are capped and each part's CRC is checked on read.
		 */
		x.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x.za) {
		zip_source_free(src);
		zip_error_fini(&ze);
		kj_err_set(b->err, "xlsx ファイルが壊れているか、読めない形式です / "
			   "the xlsx file is corrupt or cannot be read");
		kj_buf_free(&x.pool);
		return -1;
	}
	zip_error_fini(&ze);
	char sheet[256], sst[256];
	char *rid = first_sheet_rid(&x);
	int rc = -1;
	if (!rid || find_parts(&x, rid, sheet, sst) < 0)
		goto done;
	if (sst[0] && read_shared_strings(&x, sst) < 0)
		goto done;
	rc = read_sheet(&x, sheet);
done:
	xmlFree(rid);
	zip_discard(x.za);	/* also frees SRC; never writes */
	kj_buf_free(&x.pool);
	free(x.str);
	if (rc < 0 && !b->failed)
		xlsx_corrupt(&x, "workbook");
	return rc;
}

/* --- entry ------------------------------------------------------------------- */

int kj_table_read(struct kj_table *t, const char *data, size_t len,
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
	row_reset(&b);
	char *conv = NULL;
	int rc;
	if (len >= 4 && !memcmp(u, "PK\3\4", 4)) {
		t->encoding = KJ_ENC_XLSX;
		rc = read_xlsx(&b, data, len);
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
		if (!utf8_valid((const unsigned char *)s, n)) {
			/* A byte-order mark says UTF-8: do not second-guess it. */
			if (t->encoding == KJ_ENC_UTF8 && (conv = from_cp932(s, n, &n)))
				t->encoding = KJ_ENC_CP932;
			s = conv;
		}
		if (!s) {
			kj_err_set(err, "文字コードを判別できません。UTF-8 または Shift_JIS (CP932) で"
				   "保存してください / cannot tell the character encoding: save the "
				   "file as UTF-8 or Shift_JIS (CP932)");
			rc = -1;
		} else {
			rc = read_csv(&b, s, n);
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

/* SRC into OUT (size N), cut on a character boundary if it does not fit. */
static void copy_cut(char *out, size_t n, const char *src)
{
	size_t len = kj_utf8_prefix(src ? src : "", n - 1);
	memcpy(out, src ? src : "", len);
	out[len] = '\0';
}

int kj_row_error_add(struct kj_row_error **v, int *n, int *cap, int row, const char *column,
		     const char *ja, const char *en)
{
	int at = (*n)++;
	if (at >= KJ_IMPORT_ERRORS_MAX)
		return 0;	/* counted, not listed: the first ones say enough */
	if (at >= *cap) {
		int room = *cap ? *cap * 2 : 16;
		if (room > KJ_IMPORT_ERRORS_MAX)
			room = KJ_IMPORT_ERRORS_MAX;
		struct kj_row_error *grown = realloc(*v, (size_t)room * sizeof *grown);
		if (!grown)
			return -1;
		*v = grown;
		*cap = room;
	}
	struct kj_row_error *e = &(*v)[at];
	memset(e, 0, sizeof *e);
	e->row = row;
	copy_cut(e->column, sizeof e->column, column);
	copy_cut(e->reason_ja, sizeof e->reason_ja, ja);
	copy_cut(e->reason_en, sizeof e->reason_en, en);
	return 0;
}
