/*
 * kj_table_read: an uploaded file as CSV (UTF-8, UTF-8 with a BOM, CP932)
 * or xlsx, and what it promises of the table it returns (table.h).
 *
 * Mutating a zip mostly breaks its checksums, so an input that starts with
 * "XLSX\n" gives the parts of a workbook as text instead, each after a
 * line "=== PART" (xl/workbook.xml, xl/_rels/workbook.xml.rels,
 * xl/worksheets/sheet1.xml, xl/sharedStrings.xml or any other name); the
 * parts it leaves out are those of a minimal workbook, and the harness
 * zips them before kj_table_read sees them. Any other input is read as it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "fuzz.h"
#include "model/table.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char *const default_parts[][2] = {
	{ "[Content_Types].xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas."
	  "openxmlformats.org/package/2006/content-types\"/>" },
	{ "xl/workbook.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" NS_MAIN "\" "
	  "xmlns:r=\"" NS_REL "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
	  "</sheets></workbook>" },
	{ "xl/_rels/workbook.xml.rels",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
	  "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\""
	  NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
	  "Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>" },
	{ "xl/worksheets/sheet1.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
	  "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>" },
	{ "xl/sharedStrings.xml",
	  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"" NS_MAIN "\" count=\"1\" "
	  "uniqueCount=\"1\"><si><t>x</t></si></sst>" },
};

#define NPARTS_MAX 16
#define SEP "\n=== "

struct part {
	char name[128];
	const char *data;
	size_t len;
};

/* The first SEP in [P, END), or END. */
static const char *find_sep(const char *p, const char *end)
{
	size_t n = strlen(SEP);
	for (; (size_t)(end - p) >= n; p++)
		if (!memcmp(p, SEP, n))
			return p;
	return end;
}

/* The parts given after "XLSX\n" (S to END); returns how many. */
static int parse_parts(const char *s, const char *end, struct part *parts)
{
	int n = 0;
	/* P is at "=== NAME": at the start, or after the line end of a SEP. */
	const char *p = s;
	if ((size_t)(end - s) < 4 || memcmp(s, "=== ", 4)) {
		p = find_sep(s, end);	/* text before the first part is ignored */
		if (p == end)
			return 0;
		p++;
	}
	while (p < end && n < NPARTS_MAX) {
		const char *name = p + 4, *nl = name;
		while (nl < end && *nl != '\n')
			nl++;
		if (nl >= end || (size_t)(nl - name) >= sizeof parts[n].name)
			break;
		memcpy(parts[n].name, name, (size_t)(nl - name));
		parts[n].name[nl - name] = '\0';
		/* From the name's own line end: a part may be empty. */
		const char *next = find_sep(nl, end);
		parts[n].data = nl + 1;
		parts[n].len = next > nl ? (size_t)(next - (nl + 1)) : 0;
		n++;
		p = next == end ? end : next + 1;
	}
	return n;
}

static int add_part(zip_t *za, const char *name, const char *data, size_t len)
{
	zip_source_t *ps = zip_source_buffer(za, data, len, 0);
	if (!ps)
		return -1;
	zip_int64_t i = zip_file_add(za, name, ps, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(ps);
		return -1;
	}
	return zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* A workbook of the given parts and the default ones into *OUT (free it). */
static int make_xlsx(const char *s, size_t len, char **out, size_t *outlen)
{
	struct part parts[NPARTS_MAX];
	int n = parse_parts(s, s + len, parts);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_error_fini(&ze);
	if (!src)
		return -1;
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	int rc = za ? 0 : -1;
	for (size_t d = 0; rc == 0 && d < sizeof default_parts / sizeof default_parts[0]; d++) {
		int given = 0;
		for (int k = 0; k < n; k++)
			given |= !strcmp(parts[k].name, default_parts[d][0]);
		if (!given)
			rc = add_part(za, default_parts[d][0], default_parts[d][1],
				      strlen(default_parts[d][1]));
	}
	for (int k = 0; rc == 0 && k < n; k++)
		if (parts[k].name[0])
			rc = add_part(za, parts[k].name, parts[k].data, parts[k].len);
	if (za && (rc < 0 ? (zip_discard(za), -1) : zip_close(za)) < 0) {
		if (rc == 0)
			zip_discard(za);
		rc = -1;
	}
	*out = NULL;
	if (rc == 0 && zip_source_open(src) == 0) {
		zip_int64_t size = -1;
		if (zip_source_seek(src, 0, SEEK_END) == 0)
			size = zip_source_tell(src);
		if (size > 0 && zip_source_seek(src, 0, SEEK_SET) == 0 &&
		    (*out = malloc((size_t)size)) &&
		    zip_source_read(src, *out, (zip_uint64_t)size) == size) {
			*outlen = (size_t)size;
		} else {
			free(*out);
			*out = NULL;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return *out ? 0 : -1;
}

int kj_fuzz_runtime_seeds(const char *dir)
{
	return kj_fuzz_xlsx_seeds(dir);
}

static void check_read(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 5 && !memcmp(data, "XLSX\n", 5)) {
		char *zip;
		size_t zlen;
		if (make_xlsx((const char *)data + 5, size - 5, &zip, &zlen) < 0)
			return 0;
		check_read((const uint8_t *)zip, zlen);
		free(zip);
	} else {
		check_read(data, size);
	}
	return 0;
}

/* Reads DATA as an uploaded file and checks what kj_table_read promises. */
static void check_read(const uint8_t *data, size_t size)
{
	struct kj_table t;
	struct kj_err err;
	err.msg[0] = '\0';
	int rc = kj_table_read(&t, (const char *)data, size, &err);
	if (getenv("KJ_FUZZ_VERBOSE")) {
		if (rc < 0)
			fprintf(stderr, "refused: %s\n", err.msg);
		for (int r = 0; rc == 0 && r < t.nrows; r++)
			for (int c = 0; c < t.ncols[r]; c++)
				fprintf(stderr, "%s[%d,%d] \"%s\"\n", c ? "  " : "", r + 1, c + 1,
					t.rows[r][c]);
	}
	if (rc < 0) {
		FUZZ_CHECK(err.msg[0], "refused without a message");
		FUZZ_CHECK(kj_utf8_valid_text(err.msg, strlen(err.msg)),
			   "message is not UTF-8 text: %s", err.msg);
		FUZZ_CHECK(t.nrows == 0 && !t.rows && !t.ncols, "refused but not emptied");
		return;
	}
	FUZZ_CHECK(t.nrows >= 1 && t.nrows <= KJ_TABLE_ROWS_MAX, "%d rows", t.nrows);
	FUZZ_CHECK((size >= 4 && !memcmp(data, "PK\3\4", 4)) == (t.encoding == KJ_ENC_XLSX),
		   "encoding %d", (int)t.encoding);
	FUZZ_CHECK(t.rows[t.nrows - 1] != NULL, "trailing empty row kept (row %d)", t.nrows);
	for (int r = 0; r < t.nrows; r++) {
		int n = t.ncols[r];
		FUZZ_CHECK(n >= 0 && n <= KJ_TABLE_COLS_MAX, "row %d has %d cells", r + 1, n);
		FUZZ_CHECK((n == 0) == (t.rows[r] == NULL), "row %d: %d cells, rows %p", r + 1,
			   n, (void *)t.rows[r]);
		for (int c = 0; c < n; c++) {
			const char *s = t.rows[r][c];
			FUZZ_CHECK(s != NULL, "cell %d,%d is NULL", r + 1, c + 1);
			size_t len = strlen(s);
			FUZZ_CHECK(len <= KJ_TABLE_CELL_MAX, "cell %d,%d: %zu bytes", r + 1, c + 1, len);
			FUZZ_CHECK(kj_utf8_valid_text(s, len), "cell %d,%d is not UTF-8 text",
				   r + 1, c + 1);
			FUZZ_CHECK(kj_table_cell(&t, r, c) == s, "kj_table_cell %d,%d", r + 1, c + 1);
		}
		if (n > 0)
			FUZZ_CHECK(t.rows[r][n - 1][0], "row %d: trailing empty cell stored", r + 1);
		FUZZ_CHECK(!strcmp(kj_table_cell(&t, r, n), ""), "past the end of row %d", r + 1);
	}
	FUZZ_CHECK(!strcmp(kj_table_cell(&t, t.nrows, 0), ""), "past the last row");
	kj_table_free(&t);
}
