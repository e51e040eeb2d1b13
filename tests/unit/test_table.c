/*
 * Unit tests of src/model/table*.c: CSV in each encoding and with each line
 * end, quoting, the limits (each refused with a message naming the row or
 * cell), xlsx workbooks written by libxlsxwriter and made by hand with
 * libzip (shared and inline strings, phonetic runs, gaps, escapes), and
 * hostile input: binary junk, a zip that is not a workbook, a sheet that
 * inflates to 100 MB, a document type declaration, mutated workbooks.
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "helpers.h"
#include "base/buf.h"
#include "model/table.h"

/* --- helpers ------------------------------------------------------------------ */

/* The table as text: cells joined by '|', rows by '\n', a newline in a cell as "\n". */
static char *dump(const struct kj_table *t)
{
	struct kj_buf b;
	kj_buf_init(&b, 1u << 24);
	for (int r = 0; r < t->nrows; r++) {
		if (r)
			kj_buf_addc(&b, '\n');
		for (int c = 0; c < t->ncols[r]; c++) {
			if (c)
				kj_buf_addc(&b, '|');
			for (const char *p = t->rows[r][c]; *p; p++) {
				if (*p == '\n')
					kj_buf_adds(&b, "\\n");
				else if (*p == '\r')
					kj_buf_adds(&b, "\\r");
				else
					kj_buf_addc(&b, *p);
			}
		}
	}
	char *s = kj_buf_detach(&b);
	return s ? s : strdup("");
}

/* Reads LEN bytes of DATA and checks the table dumps as WANT. */
static void expect_table_n(const char *data, size_t len, const char *want,
			   enum kj_table_encoding enc)
{
	struct kj_table t;
	struct kj_err err = { "" };
	if (kj_table_read(&t, data, len, &err) < 0)
		fail_msg("read failed: %s", err.msg);
	char *got = dump(&t);
	if (strcmp(got, want))
		fail_msg("table\n[%s]\nwant\n[%s]", got, want);
	assert_int_equal(t.encoding, enc);
	free(got);
	kj_table_free(&t);
}

static void expect_table(const char *data, const char *want, enum kj_table_encoding enc)
{
	expect_table_n(data, strlen(data), want, enc);
}

/* Reads LEN bytes of DATA, which must be refused with a message holding each of the NEEDLES. */
static void expect_refused_n(const char *data, size_t len, const char *needle1,
			     const char *needle2)
{
	struct kj_table t;
	struct kj_err err = { "" };
	if (kj_table_read(&t, data, len, &err) == 0) {
		char *got = dump(&t);
		fail_msg("accepted, want refusal with \"%s\": [%.200s]", needle1, got);
	}
	assert_int_equal(t.nrows, 0);
	assert_null(t.rows);
	if (!strstr(err.msg, needle1) || (needle2 && !strstr(err.msg, needle2)))
		fail_msg("message [%s] lacks \"%s\" / \"%s\"", err.msg, needle1,
			 needle2 ? needle2 : "");
	/* Every refusal is explained in English too. */
	assert_non_null(strstr(err.msg, " / "));
}

static void expect_refused(const char *data, const char *needle1, const char *needle2)
{
	expect_refused_n(data, strlen(data), needle1, needle2);
}

/* UTF-8 text S in encoding ENC (free() it). */
static char *to_enc(const char *s, const char *enc, size_t *len)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t inleft = strlen(s), oleft = 4 * inleft + 4;
	char *out = malloc(oleft), *o = out, *in = (char *)s;
	assert_non_null(out);
	assert_true(iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

/* A small deterministic generator for junk. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Reads DATA, which may be accepted or refused but must not crash or leak. */
static void read_anything(const char *data, size_t len)
{
	struct kj_table t;
	struct kj_err err = { "" };
	if (kj_table_read(&t, data, len, &err) == 0)
		kj_table_free(&t);
	else
		assert_true(err.msg[0] != '\0');
}

struct zpart {
	const char *name;
	const char *data;
	size_t len;	/* 0: strlen(data) */
};

/* A zip of PARTS written to PATH and read back (free() it). */
static char *make_zip(const char *path, const struct zpart *parts, int n, size_t *len)
{
	int ze;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	for (int i = 0; i < n; i++) {
		size_t l = parts[i].len ? parts[i].len : strlen(parts[i].data);
		zip_source_t *s = zip_source_buffer(za, parts[i].data, l, 0);
		assert_non_null(s);
		assert_true(zip_file_add(za, parts[i].name, s, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	char *data = th_slurp(path, len);
	assert_non_null(data);
	return data;
}

static const char *const wb_xml =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"一覧\" sheetId=\"1\" r:id=\"rId7\"/>"
	"<sheet name=\"other\" sheetId=\"2\" r:id=\"rId8\"/></sheets></workbook>";
static const char *const rels_xml =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
	"2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/>"
	"<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
	"2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
	"2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"</Relationships>";
#define SHEET_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet " \
	"xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

/* A hand-made workbook whose first sheet is SHEET, with shared strings SST (or none). */
static char *make_xlsx(const char *sheet, const char *sst, size_t sheet_len, size_t *len)
{
	struct zpart parts[] = {
		{ "xl/workbook.xml", wb_xml, 0 },
		{ "xl/_rels/workbook.xml.rels", rels_xml, 0 },
		{ "xl/worksheets/sheet1.xml", sheet, sheet_len },
		{ "xl/worksheets/sheet2.xml", SHEET_HEAD "<row><c t=\"inlineStr\"><is><t>"
					      "second</t></is></c></row>" SHEET_TAIL, 0 },
		{ "xl/sharedStrings.xml", sst, 0 },
	};
	return make_zip("hand.xlsx", parts, sst ? 5 : 4, len);
}

/* --- CSV ------------------------------------------------------------------------ */

static void test_csv_line_ends(void **state)
{
	(void)state;
	expect_table("a,b\r\nc,d\r\n", "a|b\nc|d", KJ_ENC_UTF8);
	expect_table("a,b\nc,d\n", "a|b\nc|d", KJ_ENC_UTF8);
	expect_table("a,b\rc,d\r", "a|b\nc|d", KJ_ENC_UTF8);
	expect_table("a,b\nc,d", "a|b\nc|d", KJ_ENC_UTF8);
	/* Blank lines are rows, so row numbers match the spreadsheet; trailing ones go. */
	expect_table("a\r\n\r\nb\r\n\r\n\r\n", "a\n\nb", KJ_ENC_UTF8);
	expect_table("a\n\nb\n\n", "a\n\nb", KJ_ENC_UTF8);
	expect_table("a\r\rb\r\r", "a\n\nb", KJ_ENC_UTF8);
	expect_table("\n\na\n", "\n\na", KJ_ENC_UTF8);
}

static void test_csv_quoting(void **state)
{
	(void)state;
	expect_table("\"x\r\ny\",\"say \"\"hi\"\"\",\"a,b\"\r\nz\r\n",
		     "x\\r\\ny|say \"hi\"|a,b\nz", KJ_ENC_UTF8);
	expect_table("\"multi\nline\"\n", "multi\\nline", KJ_ENC_UTF8);
	expect_table("\"\",\"\"\"\"\n", "|\"", KJ_ENC_UTF8);
	/* Cells are kept as sent: spaces and tabs are the importer's business. */
	expect_table(" a , b\t\n", " a | b\t", KJ_ENC_UTF8);
	/* Trailing empty cells are not stored; kj_table_cell gives "" for them. */
	expect_table("a,,\n,b,\n,,\n", "a\n|b", KJ_ENC_UTF8);
}

static void test_csv_encodings(void **state)
{
	(void)state;
	const char *text = "法人番号,名称,カナ\r\n1234,東京 電力～,ｶﾀｶﾅ・①\r\n";
	const char *want = "法人番号|名称|カナ\n1234|東京 電力～|ｶﾀｶﾅ・①";
	expect_table(text, want, KJ_ENC_UTF8);
	struct kj_buf b;
	kj_buf_init(&b, 4096);
	kj_buf_adds(&b, "\xef\xbb\xbf");
	kj_buf_adds(&b, text);
	expect_table(kj_buf_str(&b), want, KJ_ENC_UTF8_BOM);
	kj_buf_free(&b);
	size_t len;
	/* "～" as CP932 (0x8160) comes back as U+FF5E, as Windows reads it. */
	char *sjis = to_enc(text, "CP932", &len);
	expect_table_n(sjis, len, want, KJ_ENC_CP932);
	free(sjis);
	/* ASCII is both: reported as UTF-8. */
	expect_table("a,b\n", "a|b", KJ_ENC_UTF8);
}

static void test_csv_bad_encoding(void **state)
{
	(void)state;
	const char *msg = "文字コードを判別できません。UTF-8 または Shift_JIS (CP932) で保存してください";
	/* 0x81 0x20: a CP932 lead byte without a trail byte; not UTF-8 either. */
	expect_refused("abc,\x81\x20\n", msg, "encoding");
	expect_refused("abc\xff\xfd\xfc\n", msg, NULL);
	/* A byte-order mark promises UTF-8: broken UTF-8 after it is not guessed at. */
	expect_refused("\xef\xbb\xbf\x96\x40\x8d\x86\n", msg, NULL);
	expect_refused_n("\xff\xfe" "a\0,\0b\0", 8, "UTF-16", NULL);
}

static void test_csv_binary(void **state)
{
	(void)state;
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06";
	expect_refused_n(png, sizeof png - 1, "バイナリ", "binary");
	expect_refused_n("a,b\0c\n", 6, "バイナリ", NULL);
	static const char cfb[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0";
	expect_refused_n(cfb, sizeof cfb - 1, "パスワード", ".xls");
	/* Controls other than tab and line ends are refused per cell, naming it. */
	expect_refused("h1,h2\nx,a\x01z\n", "2行目 2列目", "制御文字");
	expect_refused("h1\n\x1b[31m\n", "2行目 1列目", "row 2, column 1");
}

static void test_csv_junk(void **state)
{
	(void)state;
	char buf[4096];
	static const char alphabet[] = "\",\r\na\xe3\x81\x82\x82\xa0 ";
	for (int i = 0; i < 400; i++) {
		size_t n = 1 + rnd() % sizeof buf;
		for (size_t k = 0; k < n; k++)
			buf[k] = (char)rnd();
		read_anything(buf, n);
		/* Text-like junk: quotes, commas, line ends, Japanese bytes. */
		for (size_t k = 0; k < n; k++)
			buf[k] = alphabet[rnd() % (sizeof alphabet - 1)];
		read_anything(buf, n);
		memcpy(buf, "PK\3\4", 4);
		read_anything(buf, n > 4 ? n : 4);
	}
}

static void test_csv_empty(void **state)
{
	(void)state;
	struct kj_table t;
	struct kj_err err;
	assert_int_equal(kj_table_read(&t, "", 0, &err), -1);
	assert_non_null(strstr(err.msg, "ファイルが空です"));
	assert_int_equal(kj_table_read(&t, NULL, 0, &err), -1);
	expect_refused("\xef\xbb\xbf", "空", "empty");
	expect_refused("\r\n\r\n\n", "空", "empty");
	expect_refused(",,,\r\n,,\r\n", "空", "empty");
}

static void test_csv_limits(void **state)
{
	(void)state;
	/* Over the file limit: refused before anything is read. */
	size_t big = KJ_TABLE_FILE_MAX + 1u;
	char *data = malloc(big);
	assert_non_null(data);
	memset(data, 'a', big);
	expect_refused_n(data, big, "ファイルが大きすぎます", "too large");
	free(data);

	/* Rows: the limit is fine, one more is refused naming that row. */
	struct kj_buf b;
	kj_buf_init(&b, 4u * KJ_TABLE_ROWS_MAX);
	for (int i = 0; i < KJ_TABLE_ROWS_MAX; i++)
		kj_buf_add(&b, "a\n", 2);
	struct kj_table t;
	struct kj_err err;
	assert_int_equal(kj_table_read(&t, b.data, b.len, &err), 0);
	assert_int_equal(t.nrows, KJ_TABLE_ROWS_MAX);
	kj_table_free(&t);
	/* Trailing blank lines past the limit are dropped, not counted. */
	kj_buf_adds(&b, "\n\n\n");
	assert_int_equal(kj_table_read(&t, b.data, b.len, &err), 0);
	kj_table_free(&t);
	kj_buf_adds(&b, "a\n");
	expect_refused_n(b.data, b.len, "200004行目", "too many rows");
	kj_buf_free(&b);

	/* Columns: 64 is fine; a CSV with 70 is refused at the 65th. */
	kj_buf_init(&b, 4096);
	for (int i = 1; i <= 64; i++)
		kj_buf_printf(&b, "%sc%d", i > 1 ? "," : "", i);
	kj_buf_adds(&b, "\r\n");
	assert_int_equal(kj_table_read(&t, b.data, b.len, &err), 0);
	assert_int_equal(t.ncols[0], 64);
	kj_table_free(&t);
	kj_buf_reset(&b);
	for (int i = 1; i <= 70; i++)
		kj_buf_printf(&b, "%sc%d", i > 1 ? "," : "", i);
	kj_buf_adds(&b, "\r\n");
	expect_refused(b.data, "1行目 65列目: 列が多すぎます（64列まで）", "too many columns");
	kj_buf_free(&b);

	/* A cell of KJ_TABLE_CELL_MAX bytes is fine; one more byte is not. */
	kj_buf_init(&b, 3 * KJ_TABLE_CELL_MAX);
	kj_buf_adds(&b, "h\n");
	for (int i = 0; i < KJ_TABLE_CELL_MAX; i++)
		kj_buf_addc(&b, 'x');
	assert_int_equal(kj_table_read(&t, b.data, b.len, &err), 0);
	assert_int_equal((int)strlen(kj_table_cell(&t, 1, 0)), KJ_TABLE_CELL_MAX);
	kj_table_free(&t);
	kj_buf_addc(&b, 'x');
	expect_refused(b.data, "2行目 1列目: セルの内容が長すぎます", "cell too long");
	/* A quote never closed stops at the cell limit, not at the end of the file. */
	kj_buf_reset(&b);
	kj_buf_adds(&b, "h\n\"");
	for (int i = 0; i < 2 * KJ_TABLE_CELL_MAX; i += 8)
		kj_buf_adds(&b, "1234567\n");
	expect_refused(b.data, "2行目 1列目: セルの内容が長すぎます", "row 2, column 1: cell too long");
	kj_buf_free(&b);
}

static void test_csv_malformed(void **state)
{
	(void)state;
	expect_refused("h\na\"b,c\n", "2行目: 引用符", "malformed quoting");
	expect_refused("h\n\"ab\"c,d\n", "2行目: 引用符", "malformed quoting");
	expect_refused("h\n\"abc\nmore\n", "2行目: 引用符（\"）が閉じられない", "row 2: a quoted cell is not closed");
	/* After a quoted cell over two lines: the row as Excel numbers it, and its text line. */
	expect_refused("h\n\"a\nb\",c\nx\x01\n", "3行目（テキストの4行目から） 1列目",
		       "row 3 (from text line 4), column 1");
}

static void test_cell_lookup(void **state)
{
	(void)state;
	struct kj_table t;
	struct kj_err err;
	assert_int_equal(kj_table_read(&t, "a,b\n\nc\n", 7, &err), 0);
	assert_int_equal(t.nrows, 3);
	assert_string_equal(kj_table_cell(&t, 0, 1), "b");
	assert_string_equal(kj_table_cell(&t, 0, 2), "");
	assert_string_equal(kj_table_cell(&t, 1, 0), "");
	assert_string_equal(kj_table_cell(&t, 2, 0), "c");
	assert_string_equal(kj_table_cell(&t, 3, 0), "");
	assert_string_equal(kj_table_cell(&t, -1, 0), "");
	assert_string_equal(kj_table_cell(&t, 0, -1), "");
	kj_table_free(&t);
	kj_table_free(&t);	/* twice is harmless */
	assert_string_equal(kj_table_cell(NULL, 0, 0), "");
}

/* --- xlsx ------------------------------------------------------------------------ */

static char *slurp_ok(const char *path, size_t *len)
{
	char *data = th_slurp(path, len);
	assert_non_null(data);
	return data;
}

static void test_xlsx_libxlsxwriter(void **state)
{
	(void)state;
	for (int constant = 0; constant <= 1; constant++) {
		/* constant_memory writes inline strings; the default, shared strings. */
		lxw_workbook_options o = { .constant_memory = (uint8_t)constant };
		lxw_workbook *wb = workbook_new_opt("lxw.xlsx", &o);
		assert_non_null(wb);
		lxw_worksheet *ws = workbook_add_worksheet(wb, "一覧");
		worksheet_write_string(ws, 0, 0, "名前", NULL);
		worksheet_write_number(ws, 0, 1, 1234567890123.0, NULL);
		worksheet_write_boolean(ws, 0, 2, 1, NULL);
		worksheet_write_formula_str(ws, 0, 3, "=\"4\"&\"2\"", NULL, "42");
		worksheet_write_number(ws, 0, 4, 0.5, NULL);
		worksheet_write_string(ws, 2, 0, "x  ", NULL);
		worksheet_write_string(ws, 2, 2, "=1+1", NULL);
		worksheet_write_string(ws, 3, 1, "二行\n目", NULL);
		lxw_worksheet *second = workbook_add_worksheet(wb, "other");
		worksheet_write_string(second, 0, 0, "not read", NULL);
		assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
		size_t len;
		char *data = slurp_ok("lxw.xlsx", &len);
		expect_table_n(data, len, "名前|1234567890123|TRUE|42|0.5\n\nx  ||=1+1\n|二行\\n目",
			       KJ_ENC_XLSX);
		free(data);
	}
}

static void test_xlsx_hand_made(void **state)
{
	(void)state;
	/*
	 * Shared strings with rich-text runs and a phonetic reading (which is
	 * not part of the text), an empty string, an _xHHHH_ escape; rows and
	 * cells with and without references; a gap row; an error value; an
	 * empty formatted cell far to the right.
	 */
	const char *sst =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		"<si><t>法人番号</t></si>"
		"<si><r><rPr><b/></rPr><t>東京</t></r><r><t xml:space=\"preserve\"> 電力</t></r>"
		"<rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>"
		"<si/>"
		"<si><t>a_x000D_b &amp; &lt;c&gt;</t></si>"
		"</sst>";
	const char *sheet =
		SHEET_HEAD
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
		"<row r=\"3\"><c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c>"
		"<c t=\"e\"><v>#N/A</v></c><c t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r>"
		"<rPh><t>イン</t></rPh></is></c><c r=\"XFD3\" s=\"4\"/></row>"
		"<row><c r=\"B4\"><f>1+1</f><v>2</v></c><c r=\"C4\" t=\"b\"><v>0</v></c></row>"
		"<row r=\"9\" spans=\"1:3\"/>"
		SHEET_TAIL;
	size_t len;
	char *data = make_xlsx(sheet, sst, 0, &len);
	expect_table_n(data, len, "法人番号||東京 電力\n\n|a\\rb & <c>|#N/A|inline\n|2|FALSE",
		       KJ_ENC_XLSX);
	free(data);
	/* A part is UTF-8 whatever it declares. */
	data = make_xlsx("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<worksheet><sheetData>"
			 "<row><c t=\"inlineStr\"><is><t>東京</t></is></c></row>" SHEET_TAIL,
			 NULL, 0, &len);
	expect_table_n(data, len, "東京", KJ_ENC_XLSX);
	free(data);
	/* A workbook of numbers only has no shared strings part. */
	data = make_xlsx(SHEET_HEAD "<row><c><v>7</v></c></row>" SHEET_TAIL, NULL, 0, &len);
	expect_table_n(data, len, "7", KJ_ENC_XLSX);
	free(data);
}

static void test_xlsx_refused(void **state)
{
	(void)state;
	size_t len;
	char *data;
	/* A zip that is not a workbook. */
	struct zpart notxlsx[] = { { "hello.txt", "hello", 0 } };
	data = make_zip("plain.zip", notxlsx, 1, &len);
	expect_refused_n(data, len, "xlsx ブックではありません", "not an xlsx workbook");
	/* The same zip cut short. */
	expect_refused_n(data, len / 2, "壊れている", "corrupt");
	free(data);

	/* A document type declaration: no entity is ever expanded. */
	data = make_xlsx("<?xml version=\"1.0\"?>\n<!DOCTYPE w [<!ENTITY a \"aaaaaaaa\">"
			 "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
			 "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c>"
			 "</row></sheetData></worksheet>", NULL, 0, &len);
	expect_refused_n(data, len, "DOCTYPE", "document type declaration");
	free(data);

	/* The same in UTF-16, where a scan for ASCII would miss it. */
	size_t wlen;
	char *wide = to_enc("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE w ["
			    "<!ENTITY a \"aaaaaaaa\">]><worksheet><sheetData><row><c t=\"inlineStr\">"
			    "<is><t>&a;</t></is></c></row></sheetData></worksheet>", "UTF-16", &wlen);
	data = make_xlsx(wide, NULL, wlen, &len);
	free(wide);
	expect_refused_n(data, len, "DOCTYPE", "NUL");
	free(data);

	/* Not well-formed XML. */
	data = make_xlsx(SHEET_HEAD "<row><c><v>1</v></row>" SHEET_TAIL, NULL, 0, &len);
	expect_refused_n(data, len, "壊れている", "worksheets/sheet1.xml");
	free(data);

	/* A value past the 64th column, named by its cell. */
	data = make_xlsx(SHEET_HEAD "<row r=\"2\"><c r=\"BM2\" t=\"inlineStr\"><is><t>x</t></is>"
			 "</c></row>" SHEET_TAIL, NULL, 0, &len);
	expect_refused_n(data, len, "セル BM2: 列が多すぎます", "cell BM2");
	free(data);

	/* A control character, from an escape, named by its cell. */
	data = make_xlsx(SHEET_HEAD "<row r=\"5\"><c r=\"C5\" t=\"inlineStr\"><is><t>a_x0000_b"
			 "</t></is></c></row>" SHEET_TAIL, NULL, 0, &len);
	expect_refused_n(data, len, "セル C5: 制御文字", "control");
	free(data);

	/* Rows past the limit, and references that make no sense. */
	data = make_xlsx(SHEET_HEAD "<row r=\"200001\"><c t=\"inlineStr\"><is><t>x</t></is></c>"
			 "</row>" SHEET_TAIL, NULL, 0, &len);
	expect_refused_n(data, len, "200001行目: 行が多すぎます", "too many rows");
	free(data);
	static const char *const bad[] = {
		SHEET_HEAD "<row r=\"0\"/>" SHEET_TAIL,
		SHEET_HEAD "<row r=\"2\"/><row r=\"1\"/>" SHEET_TAIL,
		SHEET_HEAD "<row><c r=\"1A\"><v>1</v></c></row>" SHEET_TAIL,
		SHEET_HEAD "<row><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c></row>" SHEET_TAIL,
		SHEET_HEAD "<row><c r=\"ZZZZ1\"><v>1</v></c></row>" SHEET_TAIL,
		SHEET_HEAD "<row><c t=\"s\"><v>5</v></c></row>" SHEET_TAIL,
		SHEET_HEAD "<row><c t=\"s\"><v>-1</v></c></row>" SHEET_TAIL,
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		data = make_xlsx(bad[i], "<sst><si><t>x</t></si></sst>", 0, &len);
		expect_refused_n(data, len, "壊れている", "corrupt");
		free(data);
	}
}

static void test_xlsx_bomb(void **state)
{
	(void)state;
	/* A sheet that inflates to 100 MB: refused from the size the zip declares. */
	size_t big = 100u * 1024u * 1024u;
	char *sheet = malloc(big);
	assert_non_null(sheet);
	size_t h = strlen(SHEET_HEAD), tl = strlen(SHEET_TAIL);
	memcpy(sheet, SHEET_HEAD, h);
	memset(sheet + h, ' ', big - h - tl);
	memcpy(sheet + big - tl, SHEET_TAIL, tl);
	size_t len;
	char *data = make_xlsx(sheet, NULL, big, &len);
	free(sheet);
	assert_true(len < KJ_TABLE_FILE_MAX);
	expect_refused_n(data, len, "大きすぎます", "too large");
	free(data);
}

static void test_xlsx_encrypted_entry(void **state)
{
	(void)state;
	if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1))
		skip();
	int ze;
	zip_t *za = zip_open("enc.xlsx", ZIP_CREATE | ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	zip_source_t *s = zip_source_buffer(za, wb_xml, strlen(wb_xml), 0);
	zip_int64_t i = zip_file_add(za, "xl/workbook.xml", s, 0);
	assert_true(i >= 0);
	assert_int_equal(zip_file_set_encryption(za, (zip_uint64_t)i, ZIP_EM_AES_256, "pw"), 0);
	assert_int_equal(zip_close(za), 0);
	size_t len;
	char *data = slurp_ok("enc.xlsx", &len);
	expect_refused_n(data, len, "パスワード", "password");
	free(data);
}

static void test_xlsx_mutations(void **state)
{
	(void)state;
	lxw_workbook *wb = workbook_new("mut.xlsx");
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	for (int r = 0; r < 20; r++)
		for (int c = 0; c < 5; c++)
			worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, "東京電力", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	size_t len;
	char *good = slurp_ok("mut.xlsx", &len);
	char *copy = malloc(len);
	assert_non_null(copy);
	for (int i = 0; i < 300; i++) {
		memcpy(copy, good, len);
		int flips = 1 + (int)(rnd() % 8);
		for (int k = 0; k < flips; k++)
			copy[4 + rnd() % (len - 4)] ^= (char)(1 + rnd() % 255);
		read_anything(copy, len);
		read_anything(copy, 4 + rnd() % (len - 4));
	}
	free(copy);
	free(good);
}

/* The one collector of bad cells: all counted, the first ones kept, reasons cut whole. */
static void test_row_error_add(void **state)
{
	(void)state;
	struct kj_row_error *v = NULL;
	int n = 0, cap = 0;
	char long_ja[400] = "";
	for (int i = 0; i < 100; i++)
		strcat(long_ja, "誤");	/* 300 bytes: over the 255 a reason holds */
	assert_int_equal(kj_row_error_add(&v, &n, &cap, 2, "法人番号", long_ja, "bad"), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].row, 2);
	assert_string_equal(v[0].column, "法人番号");
	assert_int_equal(strlen(v[0].reason_ja), 255);	/* 85 whole characters */
	assert_true(kj_utf8_valid_text(v[0].reason_ja, strlen(v[0].reason_ja)));
	assert_int_equal(kj_row_error_add(&v, &n, &cap, 3, NULL, "空", "empty"), 0);
	assert_string_equal(v[1].column, "");
	for (int i = 0; i < KJ_IMPORT_ERRORS_MAX + 10; i++)
		assert_int_equal(kj_row_error_add(&v, &n, &cap, 4 + i, NULL, "x", "x"), 0);
	assert_int_equal(n, KJ_IMPORT_ERRORS_MAX + 12);
	assert_int_equal(cap, KJ_IMPORT_ERRORS_MAX);
	assert_int_equal(v[KJ_IMPORT_ERRORS_MAX - 1].row, KJ_IMPORT_ERRORS_MAX + 1);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_row_error_add),
		cmocka_unit_test(test_csv_line_ends),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_encodings),
		cmocka_unit_test(test_csv_bad_encoding),
		cmocka_unit_test(test_csv_binary),
		cmocka_unit_test(test_csv_junk),
		cmocka_unit_test(test_csv_empty),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test(test_csv_malformed),
		cmocka_unit_test(test_cell_lookup),
		cmocka_unit_test(test_xlsx_libxlsxwriter),
		cmocka_unit_test(test_xlsx_hand_made),
		cmocka_unit_test(test_xlsx_refused),
		cmocka_unit_test(test_xlsx_bomb),
		cmocka_unit_test(test_xlsx_encrypted_entry),
		cmocka_unit_test(test_xlsx_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
