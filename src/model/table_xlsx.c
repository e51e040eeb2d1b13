/*
 * xlsx tables: the first worksheet of a workbook, its shared strings and
 * inline strings. The workbook is hostile like any upload: each part is
 * streamed out of the zip with a cap on its inflated size (a zip bomb stops
 * at the cap, not at the end of memory), a part that declares a document
 * type is refused, and every failure names the part or the cell.
 */
#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/buf.h"
#include "model/table_priv.h"

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
		if (x->b->sheet) {
			char *nm = attr(r, "name");
			int other = !nm || strcmp(nm, x->b->sheet);
			xmlFree(nm);
			if (other)
				continue;
		}
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
 * the rest by kj_tb_cell_add, as it would be in a CSV file.
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
		/* One too long for a cell is refused by kj_tb_cell_add before it is read. */
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
	return kj_tb_cell_add(x->b, c->col, s, n);
}

static int read_sheet(struct xlsx *x, const char *name)
{
	struct part p;
	int missing, rc = -1;	/* -1: nothing read */
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
				kj_tb_row_end(b);
				in_row = 0;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT && is_el(r, "row") && in_row) {
			kj_tb_row_end(b);
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

int kj_tb_read_xlsx(struct builder *b, const char *data, size_t len)
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
