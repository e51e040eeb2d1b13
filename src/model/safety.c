/*
 * Safety standards (安全基準等, §1.4 fn. 10) and how they cover Part 3
 * (§2.1.2(2)): the validator for a ministry's mapping table (document,
 * clause, the requirements the clause covers), the sector x requirement
 * coverage matrix, and its outputs — an inline SVG heat map, CSV and xlsx.
 *
 * The validator follows kj_registry_validate: the header decides what the
 * table is (a wrong header is -1, nothing else is looked at), then every
 * cell of every row is checked and every fault reported with the row, the
 * column as headed in the file, and a reason in Japanese and English. The
 * caller commits only a result without errors.
 *
 * This is model code: it writes SVG with its own escaper rather than
 * borrowing src/web's, so that the model never depends on the web layer.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

#include "base/limits.h"
#include "model/corpnum.h"
#include "model/safety.h"
#include "export/csv.h"

/*
 * Valid rows are held in memory whole (a kj_clause_record is ~3.3 KB), so a
 * mapping file is capped well below KJ_TABLE_ROWS_MAX: 16 sectors with a few
 * hundred clauses each is the real scale; 20,000 rows is ~66 MB at worst.
 */
#define KJ_SAFETY_ROWS_MAX	20000
#define REQS_PER_CLAUSE		32	/* struct kj_clause_record.reqs */

/* --- Labels ------------------------------------------------------------- */

static const char *const cov_codes[KJ_NCOV] = {
	"none", "operators-only", "industry", "government",
};
static const char *const cov_ja[KJ_NCOV] = {
	"規定なし", "一部の事業者の内規のみ（④）", "業界標準・ガイドラインで規定（③）",
	"強制基準・推奨基準で規定（①②）",
};
static const char *const cov_en[KJ_NCOV] = {
	"Not covered", "Only in some operators' internal rules (class 4)",
	"Covered by industry standards (class 3)",
	"Covered by government standards (classes 1, 2)",
};

/* An out-of-range value gives "" rather than NULL so a caller's printf never
 * dereferences NULL; such a value is a bug upstream, not user input. */
const char *kj_cov_code(enum kj_cov c)
{
	return (unsigned)c < KJ_NCOV ? cov_codes[c] : "";
}

const char *kj_cov_label_ja(enum kj_cov c)
{
	return (unsigned)c < KJ_NCOV ? cov_ja[c] : "";
}

const char *kj_cov_label_en(enum kj_cov c)
{
	return (unsigned)c < KJ_NCOV ? cov_en[c] : "";
}

static const char *const cov_short_ja[KJ_NCOV] = {
	"規定なし", "④ 内規のみ", "③ 業界標準", "①② 政府の基準",
};
static const char *const cov_short_en[KJ_NCOV] = {
	"Not covered", "Internal rules only (4)", "Industry (3)", "Government (1, 2)",
};

const char *kj_cov_short_ja(enum kj_cov c)
{
	return (unsigned)c < KJ_NCOV ? cov_short_ja[c] : "";
}

const char *kj_cov_short_en(enum kj_cov c)
{
	return (unsigned)c < KJ_NCOV ? cov_short_en[c] : "";
}

/* After a cut by snprintf: drops a last character whose bytes did not all fit. */
static void cut_utf8(char *out)
{
	size_t e = strlen(out), i = e;
	while (i > 0 && ((unsigned char)out[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0) {
		unsigned char lead = (unsigned char)out[i - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (i - 1 + need > e)
			out[i - 1] = '\0';
	}
}

int kj_cov_is_gap(enum kj_cov c)
{
	return c == KJ_COV_NONE || c == KJ_COV_OPERATORS;
}

void kj_cov_section_heading(const struct kj_catalog *cat, int f, int lang_en,
			    char *out, size_t n)
{
	if (!n)
		return;
	out[0] = '\0';
	if (!cat || f < 0 || f >= cat->nfunctions)
		return;
	const struct kj_function *fn = &cat->functions[f];
	const struct kj_section *sec = kj_catalog_section(cat, fn->section);
	const char *title = sec ? (lang_en ? sec->title_en : sec->title_ja)
				: (lang_en ? fn->name_en : fn->name_ja);
	int k = snprintf(out, n, "%s %s", fn->section, title ? title : "");
	if (k >= 0 && (size_t)k >= n)
		cut_utf8(out);
}

/* --- Text spans ----------------------------------------------------------- */

/* A cell's value trimmed, pointing into the table (cells are not copied
 * until they are known to be good and to fit). */
struct span {
	const char *p;
	size_t n;
};

/* Length of the white space at P (ASCII blanks or U+3000), 0 if none:
 * Japanese input methods type U+3000, and Excel users pad cells with both. */
static size_t blank_at(const char *p, size_t n)
{
	if (n >= 1 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		return 1;
	if (n >= 3 && !memcmp(p, "\xe3\x80\x80", 3))
		return 3;
	return 0;
}

static struct span trim(const char *s)
{
	struct span v = { s ? s : "", s ? strlen(s) : 0 };
	size_t k;
	while (v.n && (k = blank_at(v.p, v.n)) > 0) {
		v.p += k;
		v.n -= k;
	}
	for (;;) {
		if (v.n >= 1 && blank_at(v.p + v.n - 1, 1)) {
			v.n--;
		} else if (v.n >= 3 && !memcmp(v.p + v.n - 3, "\xe3\x80\x80", 3)) {
			v.n -= 3;
		} else {
			break;
		}
	}
	return v;
}

static int span_is(struct span v, const char *s)
{
	return v.n == strlen(s) && !memcmp(v.p, s, v.n);
}

/* At most MAX bytes of V, cut back to a character boundary, for quoting
 * user input inside a message of bounded size. */
static int clip(struct span v, size_t max)
{
	size_t n = v.n < max ? v.n : max;
	if (n < v.n)
		while (n > 0 && ((unsigned char)v.p[n] & 0xC0) == 0x80)
			n--;
	return (int)n;
}

/* --- The columns ---------------------------------------------------------- */

enum col {
	C_SECTOR, C_CLASS, C_ISSUER, C_TITLE, C_VERSION, C_ISSUED, C_LINK,
	C_NUMBER, C_CTITLE, C_TEXT, C_REQS, C_EXTENT, C_CORPNUM, NCOL
};

static const struct {
	const char *ja, *en;
	int required;
	size_t max;		/* bytes of the trimmed value */
} columns[NCOL] = {
	[C_SECTOR]  = { "分野", "sector", 1, 64 },
	[C_CLASS]   = { "分類", "class", 1, 64 },
	[C_ISSUER]  = { "発行者", "issuer", 1, sizeof ((struct kj_clause_record *)0)->issuer - 1 },
	[C_TITLE]   = { "文書名", "title", 1, sizeof ((struct kj_clause_record *)0)->title - 1 },
	[C_VERSION] = { "版", "version", 0, sizeof ((struct kj_clause_record *)0)->version - 1 },
	[C_ISSUED]  = { "発行日", "issued_on", 0, sizeof ((struct kj_clause_record *)0)->issued_on - 1 },
	[C_LINK]    = { "URL", "link", 0, sizeof ((struct kj_clause_record *)0)->link - 1 },
	[C_NUMBER]  = { "条項番号", "clause", 1, sizeof ((struct kj_clause_record *)0)->number - 1 },
	[C_CTITLE]  = { "条項名", "clause_title", 0, sizeof ((struct kj_clause_record *)0)->clause_title - 1 },
	[C_TEXT]    = { "条項本文", "clause_text", 0, KJ_TABLE_CELL_MAX },
	[C_REQS]    = { "対策事項", "requirements", 1, KJ_TABLE_CELL_MAX },
	[C_EXTENT]  = { "充足度", "extent", 0, 64 },
	[C_CORPNUM] = { "法人番号", "corporate_number", 0, 64 },
};

/*
 * The column a header cell names: the Japanese header exactly, or the
 * English one in any letter case (people retype English headers). -1 if
 * it names none.
 */
static int header_column(struct span h)
{
	for (int c = 0; c < NCOL; c++) {
		if (span_is(h, columns[c].ja))
			return c;
		if (h.n == strlen(columns[c].en) && !strncasecmp(h.p, columns[c].en, h.n))
			return c;
	}
	return -1;
}

/* --- Validation state ----------------------------------------------------- */

struct vctx {
	const struct kj_table *t;
	const struct kj_catalog *cat;
	const char (*only)[24];
	int nonly;
	const struct kj_safety_orgs *orgs;
	struct kj_clause_import *res;
	int pos[NCOL];			/* table column of each column, or -1 */
	char head[NCOL][48];		/* the header as written in the file */
	int *rec_row;			/* file row of each record */
	int reccap, errcap;
	int oom;
	int row_bad;			/* the current row has an error */
};

static void add_error(struct vctx *v, int row, const char *column,
		      const char *ja, const char *en)
{
	struct kj_clause_import *res = v->res;
	v->row_bad = 1;
	res->nerrors++;
	if (res->nerrors > KJ_IMPORT_ERRORS_MAX)
		return;		/* counted, not listed: the first ones say enough */
	if (res->nerrors > v->errcap) {
		int cap = v->errcap ? v->errcap * 2 : 16;
		if (cap > KJ_IMPORT_ERRORS_MAX)
			cap = KJ_IMPORT_ERRORS_MAX;
		struct kj_row_error *e = realloc(res->errors, (size_t)cap * sizeof *e);
		if (!e) {
			v->oom = 1;
			return;
		}
		res->errors = e;
		v->errcap = cap;
	}
	struct kj_row_error *e = &res->errors[res->nerrors - 1];
	memset(e, 0, sizeof *e);
	e->row = row;
	kj_strlcpy(e->column, column ? column : "", sizeof e->column);
	kj_strlcpy(e->reason_ja, ja, sizeof e->reason_ja);
	kj_strlcpy(e->reason_en, en, sizeof e->reason_en);
}

/*
 * Formats a reason into OUT (size N). A reason that does not fit is cut at
 * a character boundary: a shortened message is better than none, and the
 * user input inside it is already clipped to a few dozen bytes.
 */
static void msgf(char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void msgf(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	if (k < 0)
		out[0] = '\0';
	else if ((size_t)k >= n)
		cut_utf8(out);
}

static void bad(struct vctx *v, int row, int col, const char *ja, const char *en)
{
	add_error(v, row, col >= 0 ? v->head[col] : "", ja, en);
}

static struct span value(const struct vctx *v, int r, int col)
{
	int c = v->pos[col];
	if (c < 0 || c >= v->t->ncols[r])
		return trim("");
	return trim(v->t->rows[r][c]);
}

/* --- Cell checks ---------------------------------------------------------- */

static int has_byte(struct span v, const char *set)
{
	for (size_t i = 0; i < v.n; i++)
		if (v.p[i] && strchr(set, v.p[i]))
			return 1;
	return 0;
}

/*
 * A free-text cell: UTF-8 without control characters (line breaks only in
 * the clause text), within its length, and not starting like a formula —
 * the value goes back out to CSV and xlsx, where a leading = + - @ would be
 * run by the spreadsheet. Required cells must not be empty.
 */
static int check_text(struct vctx *v, int row, int col, struct span s)
{
	char ja[256], en[256];
	if (s.n == 0) {
		if (columns[col].required)
			bad(v, row, col, "必須の項目が空です。", "This value is required.");
		return columns[col].required ? -1 : 0;
	}
	if (!kj_utf8_valid_text(s.p, s.n) || (col != C_TEXT && has_byte(s, "\t\r\n"))) {
		bad(v, row, col, col == C_TEXT ? "制御文字を含めないでください。"
						: "改行・タブ・制御文字を含めないでください。",
		    col == C_TEXT ? "Control characters are not allowed."
				  : "Line breaks, tabs and control characters are not allowed.");
		return -1;
	}
	if (s.n > columns[col].max) {
		msgf(ja, sizeof ja, "長すぎます（%zuバイト以内）。", columns[col].max);
		msgf(en, sizeof en, "Too long (at most %zu bytes).", columns[col].max);
		bad(v, row, col, ja, en);
		return -1;
	}
	if (strchr("=+-@", s.p[0])) {
		bad(v, row, col, "数式と解釈される文字（= + - @）で始めないでください。",
		    "Must not start with a character that makes it a formula (= + - @).");
		return -1;
	}
	return 0;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD naming a real day (1900-2999: a date outside is a typo). */
static int valid_date(struct span s)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-')
		return 0;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s.p[i] < '0' || s.p[i] > '9'))
			return 0;
	int y = (s.p[0] - '0') * 1000 + (s.p[1] - '0') * 100 + (s.p[2] - '0') * 10 + (s.p[3] - '0');
	int m = (s.p[5] - '0') * 10 + (s.p[6] - '0');
	int d = (s.p[8] - '0') * 10 + (s.p[9] - '0');
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/*
 * http(s) and nothing else (no javascript:, no file:), a host after the
 * scheme, and only printable ASCII that may stand in a URL unquoted: the
 * link is shown in pages and workbooks, where a space or a quote would
 * end it early. Non-ASCII must be percent-encoded, as browsers copy it.
 */
static int valid_link(struct span s)
{
	size_t k;
	if (s.n > 8 && !memcmp(s.p, "https://", 8))
		k = 8;
	else if (s.n > 7 && !memcmp(s.p, "http://", 7))
		k = 7;
	else
		return 0;
	if (s.p[k] == '/' || s.p[k] == '?' || s.p[k] == '#')
		return 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char ch = (unsigned char)s.p[i];
		if (ch <= 0x20 || ch >= 0x7f || strchr("\"<>\\^`{|}", ch))
			return 0;
	}
	return 1;
}

static const struct kj_sector *find_sector(const struct kj_catalog *cat, struct span s)
{
	for (int i = 0; i < cat->nsectors; i++)
		if (span_is(s, cat->sectors[i].code) || span_is(s, cat->sectors[i].name_ja))
			return &cat->sectors[i];
	return NULL;
}

/* 1-4 or a class's exact Japanese name; 0 if neither. */
static int find_class(const struct kj_catalog *cat, struct span s)
{
	for (int i = 0; i < cat->nclasses; i++) {
		const struct kj_safety_class *k = &cat->classes[i];
		if (k->n < 1 || k->n > 9)
			continue;
		if ((s.n == 1 && s.p[0] == '0' + k->n) || span_is(s, k->name_ja))
			return k->n;
	}
	return 0;
}

/* The separator at P (ASCII blank, ; , or their full-width forms, 、 and
 * U+3000), its length, or 0. People list ids the way they write prose. */
static size_t sep_at(const char *p, size_t n)
{
	static const char *const wide[] = {
		"\xef\xbc\x9b" /* ； */, "\xe3\x80\x81" /* 、 */,
		"\xef\xbc\x8c" /* ， */, "\xe3\x80\x80" /* U+3000 */,
	};
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ';' || *p == ',')
		return 1;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (n >= 3 && !memcmp(p, wide[i], 3))
			return 3;
	return 0;
}

/* Splits the requirement ids into REC; 0, or -1 with the row's error added. */
static int parse_reqs(struct vctx *v, int row, struct span s, struct kj_clause_record *rec)
{
	char ja[256], en[256];
	struct span unknown = { NULL, 0 };
	int nunknown = 0, ntotal = 0;
	if (s.n == 0) {
		bad(v, row, C_REQS, "必須の項目が空です。", "This value is required.");
		return -1;
	}
	if (!kj_utf8_valid_text(s.p, s.n)) {
		bad(v, row, C_REQS, "制御文字を含めないでください。",
		    "Control characters are not allowed.");
		return -1;
	}
	size_t i = 0;
	while (i < s.n) {
		size_t k = sep_at(s.p + i, s.n - i);
		if (k) {
			i += k;
			continue;
		}
		struct span tok = { s.p + i, 0 };
		while (i < s.n && !sep_at(s.p + i, s.n - i)) {
			i++;
			tok.n++;
		}
		ntotal++;
		char id[KJ_ID_MAX];
		const struct kj_requirement *req = NULL;
		if (tok.n < sizeof id) {
			memcpy(id, tok.p, tok.n);
			id[tok.n] = '\0';
			req = kj_catalog_req(v->cat, id);
		}
		if (!req) {
			if (!nunknown++)
				unknown = tok;
			continue;
		}
		/* Naming an id twice in one cell is harmless: keep it once. */
		int dup = 0;
		for (int j = 0; j < rec->nreqs && !dup; j++)
			dup = !strcmp(rec->reqs[j], req->id);
		if (dup)
			continue;
		if (rec->nreqs == REQS_PER_CLAUSE) {
			rec->nreqs++;	/* over: reported below */
			continue;
		}
		if (rec->nreqs < REQS_PER_CLAUSE)
			kj_strlcpy(rec->reqs[rec->nreqs++], req->id, KJ_ID_MAX);
	}
	if (nunknown) {
		int m = clip(unknown, 40);
		if (nunknown > 1) {
			msgf(ja, sizeof ja, "対策事項「%.*s」は統一基準（%s）にありません（ほか%d件）。",
			     m, unknown.p, v->cat->version, nunknown - 1);
			msgf(en, sizeof en, "Requirement \"%.*s\" is not in the Unified Standard (%s) "
			     "(and %d more).", m, unknown.p, v->cat->version, nunknown - 1);
		} else {
			msgf(ja, sizeof ja, "対策事項「%.*s」は統一基準（%s）にありません。",
			     m, unknown.p, v->cat->version);
			msgf(en, sizeof en, "Requirement \"%.*s\" is not in the Unified Standard (%s).",
			     m, unknown.p, v->cat->version);
		}
		bad(v, row, C_REQS, ja, en);
		return -1;
	}
	if (rec->nreqs > REQS_PER_CLAUSE) {
		msgf(ja, sizeof ja, "一つの条項に対応付けられる対策事項は%d件までです。",
		     REQS_PER_CLAUSE);
		msgf(en, sizeof en, "A clause may cover at most %d requirements.",
		     REQS_PER_CLAUSE);
		bad(v, row, C_REQS, ja, en);
		return -1;
	}
	if (ntotal == 0) {
		bad(v, row, C_REQS, "必須の項目が空です。", "This value is required.");
		return -1;
	}
	return 0;
}

static void copy_span(char *dst, size_t n, struct span s)
{
	/* Callers checked s.n against the column's max, which is n - 1. */
	size_t k = s.n < n ? s.n : n - 1;
	memcpy(dst, s.p, k);
	dst[k] = '\0';
}

/* --- Duplicate detection -------------------------------------------------- */

/*
 * Open-addressed tables of record indexes keyed by (sector, title, version)
 * for documents and by that plus the clause number for clauses: a file of
 * 20,000 rows must not be compared pairwise.
 */
struct index {
	int *slot;	/* record index + 1, 0 = empty */
	size_t mask;
};

static uint64_t fnv(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; ; p++) {
		h ^= *p;
		h *= 1099511628211u;
		if (!*p)
			return h;	/* the NUL separates the fields */
	}
}

static uint64_t doc_hash(const struct kj_clause_record *r)
{
	return fnv(fnv(fnv(1469598103934665603u, r->sector), r->title), r->version);
}

static int same_doc(const struct kj_clause_record *a, const struct kj_clause_record *b)
{
	return !strcmp(a->sector, b->sector) && !strcmp(a->title, b->title) &&
	       !strcmp(a->version, b->version);
}

/*
 * The record in IX equal to REC by EQ, or -1 with *SLOT set to where REC
 * would go. Rows are only ever added, never removed, so a slot found empty
 * stays right until the next index_add.
 */
static int index_find(const struct index *ix, const struct kj_clause_record *recs,
		      const struct kj_clause_record *rec, uint64_t h,
		      int (*eq)(const struct kj_clause_record *, const struct kj_clause_record *),
		      size_t *slot)
{
	for (size_t k = (size_t)h & ix->mask; ; k = (k + 1) & ix->mask) {
		if (!ix->slot[k]) {
			*slot = k;
			return -1;
		}
		if (eq(&recs[ix->slot[k] - 1], rec))
			return ix->slot[k] - 1;
	}
}

static int same_clause(const struct kj_clause_record *a, const struct kj_clause_record *b)
{
	return same_doc(a, b) && !strcmp(a->number, b->number);
}

/* --- Rows ------------------------------------------------------------------ */

static int row_blank(const struct kj_table *t, int r)
{
	for (int c = 0; c < t->ncols[r]; c++)
		if (trim(t->rows[r][c]).n)
			return 0;
	return 1;
}

/*
 * The operator of a class ④ row: its corporate number is required, valid,
 * and names an operator of the row's sector; other classes name none (a
 * ministry's or an association's document belongs to no operator).
 * SECTOR_OK is 0 when the sector itself was bad (already reported).
 */
static void check_operator(struct vctx *v, int row, struct span s,
			   struct kj_clause_record *rec, int sector_ok)
{
	char num[14], ja[256], en[256];
	if (rec->class_n != 4) {
		if (s.n && rec->class_n)
			bad(v, row, C_CORPNUM, "法人番号は分類④（内規）の行にだけ書きます。"
					       "強制基準・推奨基準・業界標準は事業者のものではありません。",
			    "Only a class 4 row (internal rules) names an operator; mandatory, "
			    "recommended and industry standards belong to no operator.");
		return;
	}
	if (!s.n) {
		bad(v, row, C_CORPNUM, "分類④（内規）の行には、その内規を定めた事業者の法人番号が必要です。",
		    "A class 4 row (internal rules) needs the corporate number of the operator "
		    "whose rules they are.");
		return;
	}
	num[0] = '\0';
	if (s.n == 13)
		copy_span(num, sizeof num, s);
	if (!num[0] || !kj_corpnum_valid(num)) {
		int m = clip(s, 20);
		msgf(ja, sizeof ja, "法人番号「%.*s」が正しくありません（13桁、検査用数字付き）。", m, s.p);
		msgf(en, sizeof en, "\"%.*s\" is not a valid corporate number (13 digits with "
		     "its check digit).", m, s.p);
		bad(v, row, C_CORPNUM, ja, en);
		return;
	}
	if (!sector_ok || !rec->sector[0])
		return;
	if (!v->orgs || !v->orgs->find) {
		bad(v, row, C_CORPNUM, "事業者を確認できないため、分類④の行は取り込めません。",
		    "Operators cannot be looked up here, so class 4 rows cannot be imported.");
		return;
	}
	int64_t id = 0;
	int f = v->orgs->find(v->orgs->ctx, num, rec->sector, &id);
	if (f < 0) {
		bad(v, row, C_CORPNUM, "事業者を確認できませんでした。", "The operator could not be looked up.");
	} else if (f == 0) {
		msgf(ja, sizeof ja, "法人番号 %s の事業者は登録されていません。", num);
		msgf(en, sizeof en, "No operator with corporate number %s is registered.", num);
		bad(v, row, C_CORPNUM, ja, en);
	} else if (f != 1 || id <= 0) {
		msgf(ja, sizeof ja, "法人番号 %s の事業者は、この行の分野の事業者ではありません。", num);
		msgf(en, sizeof en, "The operator with corporate number %s is not an operator "
		     "of this row's sector.", num);
		bad(v, row, C_CORPNUM, ja, en);
	} else {
		memcpy(rec->corporate_number, num, sizeof rec->corporate_number);
		rec->organisation_id = id;
	}
}

/* Checks row R into REC; REC is complete only if the row had no error. */
static void check_row(struct vctx *v, int r, struct kj_clause_record *rec)
{
	const struct kj_catalog *cat = v->cat;
	int row = r + 1;
	char ja[256], en[256];
	struct span s;

	/* A value under no known header would be silently dropped. */
	for (int c = 0; c < v->t->ncols[r]; c++) {
		int known = 0;
		for (int k = 0; k < NCOL && !known; k++)
			known = v->pos[k] == c;
		if (!known && trim(v->t->rows[r][c]).n) {
			msgf(ja, sizeof ja, "見出しのない%d列目に値があります。", c + 1);
			msgf(en, sizeof en, "Column %d has a value but no header.", c + 1);
			add_error(v, row, "", ja, en);
			break;
		}
	}

	s = value(v, r, C_SECTOR);
	const struct kj_sector *sec = find_sector(cat, s);
	if (!s.n) {
		bad(v, row, C_SECTOR, "必須の項目が空です。", "This value is required.");
	} else if (!sec) {
		int m = clip(s, 40);
		msgf(ja, sizeof ja, "分野「%.*s」は重要インフラ分野ではありません（分野コードか分野名で書いてください）。",
		     m, s.p);
		msgf(en, sizeof en, "\"%.*s\" is not a critical infrastructure sector "
		     "(give its code or Japanese name).", m, s.p);
		bad(v, row, C_SECTOR, ja, en);
	} else if (kj_strlcpy(rec->sector, sec->code, sizeof rec->sector) < 0) {
		bad(v, row, C_SECTOR, "分野コードが長すぎます。", "The sector code is too long.");
	} else if (v->only) {
		int mine = 0;
		for (int i = 0; i < v->nonly && !mine; i++)
			mine = !strcmp(v->only[i], sec->code);
		if (!mine)
			bad(v, row, C_SECTOR, "所管外の分野です。",
			    "This sector is not one of those you are responsible for.");
	}

	s = value(v, r, C_CLASS);
	rec->class_n = find_class(cat, s);
	if (!s.n)
		bad(v, row, C_CLASS, "必須の項目が空です。", "This value is required.");
	else if (!rec->class_n)
		bad(v, row, C_CLASS, "分類は 1〜4 か分類名（強制基準、推奨基準・ガイドライン、"
				     "業界標準・ガイドライン、内規）で書いてください。",
		    "The class is 1 to 4 or a class name (強制基準, 推奨基準・ガイドライン, "
		    "業界標準・ガイドライン, 内規).");

	const struct { int col; char *dst; size_t size; } texts[] = {
		{ C_ISSUER, rec->issuer, sizeof rec->issuer },
		{ C_TITLE, rec->title, sizeof rec->title },
		{ C_VERSION, rec->version, sizeof rec->version },
		{ C_NUMBER, rec->number, sizeof rec->number },
		{ C_CTITLE, rec->clause_title, sizeof rec->clause_title },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		s = value(v, r, texts[i].col);
		if (check_text(v, row, texts[i].col, s) == 0)
			copy_span(texts[i].dst, texts[i].size, s);
	}

	s = value(v, r, C_TEXT);
	if (check_text(v, row, C_TEXT, s) == 0 && s.n) {
		rec->text = malloc(s.n + 1);
		if (!rec->text)
			v->oom = 1;
		else
			copy_span(rec->text, s.n + 1, s);
	}

	s = value(v, r, C_ISSUED);
	if (s.n && !valid_date(s))
		bad(v, row, C_ISSUED, "発行日は YYYY-MM-DD の形式の実在する日付で書いてください（例: 2024-04-01）。",
		    "The date of issue is a real date written YYYY-MM-DD (e.g. 2024-04-01).");
	else
		copy_span(rec->issued_on, sizeof rec->issued_on, s);

	s = value(v, r, C_LINK);
	if (s.n > columns[C_LINK].max) {
		msgf(ja, sizeof ja, "URLが長すぎます（%zuバイト以内）。", columns[C_LINK].max);
		msgf(en, sizeof en, "The URL is too long (at most %zu bytes).", columns[C_LINK].max);
		bad(v, row, C_LINK, ja, en);
	} else if (s.n && !valid_link(s)) {
		bad(v, row, C_LINK, "URLは https:// か http:// で始め、空白や全角文字を含めないでください。",
		    "The URL starts with https:// or http:// and has no spaces or non-ASCII characters.");
	} else {
		copy_span(rec->link, sizeof rec->link, s);
	}

	s = value(v, r, C_EXTENT);
	if (!s.n || span_is(s, "全部") || span_is(s, "full"))
		rec->partial = 0;
	else if (span_is(s, "一部") || span_is(s, "partial"))
		rec->partial = 1;
	else
		bad(v, row, C_EXTENT, "充足度は「全部」か「一部」で書いてください（空欄は全部）。",
		    "The extent is full or partial (empty means full).");

	parse_reqs(v, row, value(v, r, C_REQS), rec);
	check_operator(v, row, value(v, r, C_CORPNUM), rec, sec != NULL);
}

/* --- The header -------------------------------------------------------------- */

static int read_header(struct vctx *v, struct kj_err *err)
{
	const struct kj_table *t = v->t;
	for (int c = 0; c < NCOL; c++)
		v->pos[c] = -1;
	for (int c = 0; c < t->ncols[0]; c++) {
		struct span h = trim(t->rows[0][c]);
		if (!h.n)
			continue;	/* Excel's trailing empty columns */
		int k = header_column(h);
		if (k < 0) {
			kj_err_set(err, "unknown column \"%.*s\" (the safety-standard mapping "
				   "has 分野, 分類, 発行者, 文書名, 版, 発行日, URL, 条項番号, "
				   "条項名, 条項本文, 対策事項, 充足度, 法人番号)", clip(h, 60), h.p);
			return -1;
		}
		if (v->pos[k] >= 0) {
			kj_err_set(err, "column %s (%s) appears twice", columns[k].ja, columns[k].en);
			return -1;
		}
		v->pos[k] = c;
		copy_span(v->head[k], sizeof v->head[k], h);
	}
	for (int k = 0; k < NCOL; k++) {
		if (columns[k].required && v->pos[k] < 0) {
			kj_err_set(err, "required column %s (%s) is missing",
				   columns[k].ja, columns[k].en);
			return -1;
		}
		if (v->pos[k] < 0)
			kj_strlcpy(v->head[k], columns[k].ja, sizeof v->head[k]);
	}
	return 0;
}

void kj_clause_import_free(struct kj_clause_import *res)
{
	if (!res)
		return;
	for (int i = 0; i < res->nrecords; i++)
		free(res->records[i].text);
	free(res->records);
	free(res->errors);
	memset(res, 0, sizeof *res);
}

int kj_safety_validate(const struct kj_table *t, const struct kj_catalog *cat,
		       const char (*only_sectors)[24], int nonly,
		       const struct kj_safety_orgs *orgs,
		       struct kj_clause_import *res, struct kj_err *err)
{
	struct vctx v = { .t = t, .cat = cat, .only = only_sectors,
			  .nonly = only_sectors ? nonly : 0, .orgs = orgs, .res = res };
	struct index docs = { 0 }, clauses = { 0 };
	int rc = -1;

	memset(res, 0, sizeof *res);
	if (!t || t->nrows < 1 || !t->rows || !t->ncols) {
		kj_err_set(err, "the file is empty");
		return -1;
	}
	if (t->nrows - 1 > KJ_SAFETY_ROWS_MAX) {
		kj_err_set(err, "the file has %d rows; a mapping may have at most %d",
			   t->nrows - 1, KJ_SAFETY_ROWS_MAX);
		return -1;
	}
	if (read_header(&v, err) < 0)
		return -1;
	int ndata = 0;
	for (int r = 1; r < t->nrows; r++)
		ndata += !row_blank(t, r);
	if (!ndata) {
		kj_err_set(err, "the file has a header but no rows");
		return -1;
	}

	/* Twice the rows, rounded up to a power of two: probes stay short. */
	size_t cap = 16;
	while (cap < (size_t)ndata * 2)
		cap *= 2;
	docs.slot = calloc(cap, sizeof *docs.slot);
	clauses.slot = calloc(cap, sizeof *clauses.slot);
	res->records = calloc((size_t)ndata, sizeof *res->records);
	v.rec_row = calloc((size_t)ndata, sizeof *v.rec_row);
	if (!docs.slot || !clauses.slot || !res->records || !v.rec_row)
		goto oom;
	docs.mask = clauses.mask = cap - 1;

	for (int r = 1; r < t->nrows; r++) {
		if (row_blank(t, r))
			continue;
		struct kj_clause_record *rec = &res->records[res->nrecords];
		memset(rec, 0, sizeof *rec);
		v.row_bad = 0;
		check_row(&v, r, rec);
		if (!v.row_bad && !v.oom) {
			char ja[256], en[256];
			size_t dslot = 0, cslot = 0;
			uint64_t h = doc_hash(rec);
			int d = index_find(&docs, res->records, rec, h, same_doc, &dslot);
			int c = index_find(&clauses, res->records, rec, fnv(h, rec->number),
					   same_clause, &cslot);
			if (c >= 0) {
				msgf(ja, sizeof ja, "同じ文書の同じ条項が%d行目にもあります。", v.rec_row[c]);
				msgf(en, sizeof en, "The same clause of the same document is on row %d.",
				     v.rec_row[c]);
				bad(&v, r + 1, C_NUMBER, ja, en);
			} else if (d >= 0) {
				/* One document, one set of attributes: the store keeps them once. */
				const struct kj_clause_record *o = &res->records[d];
				if (o->class_n != rec->class_n || strcmp(o->issuer, rec->issuer) ||
				    strcmp(o->issued_on, rec->issued_on) || strcmp(o->link, rec->link) ||
				    o->organisation_id != rec->organisation_id) {
					msgf(ja, sizeof ja, "同じ文書の%d行目と分類・発行者・発行日・URL・法人番号が異なります。",
					     v.rec_row[d]);
					msgf(en, sizeof en, "The class, issuer, date of issue, URL or corporate "
					     "number differs from row %d of the same document.", v.rec_row[d]);
					add_error(&v, r + 1, "", ja, en);
				}
			}
			if (!v.row_bad && !v.oom) {
				if (d < 0)
					docs.slot[dslot] = res->nrecords + 1;
				clauses.slot[cslot] = res->nrecords + 1;
			}
		}
		if (v.oom) {
			free(rec->text);	/* not yet counted in res->nrecords */
			goto oom;
		}
		if (v.row_bad) {
			free(rec->text);
			memset(rec, 0, sizeof *rec);
			continue;
		}
		v.rec_row[res->nrecords++] = r + 1;
	}
	rc = 0;
	goto done;
oom:
	kj_err_set(err, "out of memory");
	kj_clause_import_free(res);
done:
	free(docs.slot);
	free(clauses.slot);
	free(v.rec_row);
	return rc;
}

/* --- Coverage ----------------------------------------------------------------- */

int kj_coverage_alloc(struct kj_coverage *c, int nsectors, int nreqs)
{
	memset(c, 0, sizeof *c);
	if (nsectors <= 0 || nreqs <= 0 || nreqs > KJ_CATALOG_REQ_MAX ||
	    (size_t)nsectors > SIZE_MAX / (size_t)nreqs)
		return -1;
	c->cov = calloc((size_t)nsectors * (size_t)nreqs, 1);	/* KJ_COV_NONE */
	c->partial = calloc((size_t)nsectors * (size_t)nreqs, 1);
	c->operators = calloc((size_t)nsectors * (size_t)nreqs, sizeof *c->operators);
	c->req_new = calloc((size_t)nreqs, 1);
	c->req_changed = calloc((size_t)nreqs, 1);
	if (!c->cov || !c->partial || !c->operators || !c->req_new || !c->req_changed) {
		kj_coverage_free(c);
		return -1;
	}
	c->nsectors = nsectors;
	c->nreqs = nreqs;
	return 0;
}

void kj_coverage_free(struct kj_coverage *c)
{
	if (!c)
		return;
	free(c->cov);
	free(c->partial);
	free(c->operators);
	free(c->req_new);
	free(c->req_changed);
	memset(c, 0, sizeof *c);
}

static void count_cells(const struct kj_coverage *c, const struct kj_catalog *cat,
			int s, int f, int only_partial, int counts[KJ_NCOV])
{
	memset(counts, 0, KJ_NCOV * sizeof counts[0]);
	if (!c || !c->cov || s < 0 || s >= c->nsectors || (only_partial && !c->partial))
		return;
	/* Function F is read from CAT, so only the requirements both know. */
	int n = cat && f >= 0 && cat->nreqs < c->nreqs ? cat->nreqs : c->nreqs;
	for (int r = 0; r < n; r++) {
		if (f >= 0 && (!cat || cat->reqs[r].function != f))
			continue;
		size_t i = (size_t)s * (size_t)c->nreqs + (size_t)r;
		if (only_partial && !c->partial[i])
			continue;
		unsigned v = c->cov[i];
		if (v < KJ_NCOV)
			counts[v]++;
	}
}

void kj_coverage_count(const struct kj_coverage *c, const struct kj_catalog *cat,
		       int s, int f, int counts[KJ_NCOV])
{
	count_cells(c, cat, s, f, 0, counts);
}

void kj_coverage_count_partial(const struct kj_coverage *c, const struct kj_catalog *cat,
			       int s, int f, int counts[KJ_NCOV])
{
	count_cells(c, cat, s, f, 1, counts);
}

int kj_coverage_gaps(const int counts[KJ_NCOV])
{
	return counts[KJ_COV_NONE] + counts[KJ_COV_OPERATORS];
}

/* The matrix matches the catalog and holds only kj_cov values. */
static int coverage_fits(const struct kj_coverage *c, const struct kj_catalog *cat)
{
	if (!c || !cat || !c->cov || !c->partial || !c->operators ||
	    c->nsectors != cat->nsectors || c->nreqs != cat->nreqs ||
	    c->nsectors <= 0 || c->nreqs <= 0)
		return 0;
	for (size_t i = 0; i < (size_t)c->nsectors * (size_t)c->nreqs; i++)
		if (c->cov[i] >= KJ_NCOV)
			return 0;
	return 1;
}

static enum kj_cov cov_at(const struct kj_coverage *c, int s, int r)
{
	return (enum kj_cov)c->cov[(size_t)s * (size_t)c->nreqs + (size_t)r];
}

static int partial_at(const struct kj_coverage *c, int s, int r)
{
	return c->partial[(size_t)s * (size_t)c->nreqs + (size_t)r];
}

static int operators_at(const struct kj_coverage *c, int s, int r)
{
	return c->operators[(size_t)s * (size_t)c->nreqs + (size_t)r];
}

/* The title of the section of function F as the standard heads it (the
 * function's name only if the catalog lacks the section). */
static const char *section_title(const struct kj_catalog *cat, int f, int lang_en)
{
	const struct kj_function *fn = &cat->functions[f];
	const struct kj_section *sec = kj_catalog_section(cat, fn->section);
	if (sec && (lang_en ? sec->title_en : sec->title_ja))
		return lang_en ? sec->title_en : sec->title_ja;
	return lang_en ? fn->name_en : fn->name_ja;
}

/* --- SVG ------------------------------------------------------------------------ */

struct svgw {
	struct kj_buf *b;
	int fail;
};

static void put(struct svgw *w, const char *s)
{
	if (!w->fail && kj_buf_adds(w->b, s) < 0)
		w->fail = 1;
}

static void putf(struct svgw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct svgw *w, const char *fmt, ...)
{
	va_list ap;
	if (w->fail)
		return;
	va_start(ap, fmt);
	if (kj_buf_vprintf(w->b, fmt, ap) < 0)
		w->fail = 1;
	va_end(ap);
}

/*
 * Text and attribute values, by the same rules as the web layer's
 * kj_h_text. C0 controls other than tab and line ends are dropped: XML
 * cannot carry them even escaped, and they would break the page.
 */
static void esc(struct svgw *w, const char *s)
{
	for (const char *p = s ? s : ""; *p && !w->fail; p++) {
		switch (*p) {
		case '&': put(w, "&amp;"); break;
		case '<': put(w, "&lt;"); break;
		case '>': put(w, "&gt;"); break;
		case '"': put(w, "&quot;"); break;
		case '\'': put(w, "&#39;"); break;
		default:
			if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
				break;
			if (kj_buf_addc(w->b, *p) < 0)
				w->fail = 1;
		}
	}
}

/*
 * Estimated width in px of S at font size FS: no font metrics in the
 * model, so ASCII counts 0.6 em and anything else (kana, kanji) 1 em.
 * Only used to leave room, never to clip.
 */
static int text_width(const char *s, int fs)
{
	int tenths = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p < 0x80)
			tenths += 6;
		else if ((*p & 0xC0) != 0x80)
			tenths += 10;
	}
	return (tenths * fs + 9) / 10;
}

#define CELL_W		9	/* column pitch; the cell is 1 px narrower */
#define CELL_H		18
#define GROUP_GAP	9	/* between the functions 3.2 ... 3.7 */
#define PAD		8
#define FS_LABEL	12
#define FS_SMALL	11
#define INK		"#1A1A1C"
#define RULE		"#626264"

/* How each state is painted: solid, hatched, dotted, crossed out. */
static const char *const cov_fill[KJ_NCOV] = {
	"url(#cov-n)", "url(#cov-o)", "url(#cov-i)", "#0017C1",
};

/*
 * The patterns are one tile per cell (objectBoundingBox units), drawn in
 * px from the cell's corner, so every 8x17 cell shows the same glyph
 * wherever it sits. Solid dark blue, white hatch on light blue, dark dots
 * on yellow and a red cross on white stay distinct in greyscale and for
 * colour-blind readers; a partial cell also has a white corner.
 */
static void svg_defs(struct svgw *w)
{
	put(w, "<defs>"
	       "<pattern id=\"cov-i\" width=\"1\" height=\"1\">"
	       "<rect width=\"8\" height=\"17\" fill=\"#7096F8\"/>"
	       "<path d=\"M0 4L4 0M0 10L8 2M0 16L8 8M2 17L8 14\" stroke=\"#FFFFFF\" "
	       "stroke-width=\"1.5\"/></pattern>"
	       "<pattern id=\"cov-o\" width=\"1\" height=\"1\">"
	       "<rect width=\"8\" height=\"17\" fill=\"#FFD43D\"/>"
	       "<g fill=\"#1A1A1C\"><circle cx=\"2.5\" cy=\"3.5\" r=\"1.1\"/>"
	       "<circle cx=\"5.5\" cy=\"8.5\" r=\"1.1\"/><circle cx=\"2.5\" cy=\"13.5\" r=\"1.1\"/>"
	       "</g></pattern>"
	       "<pattern id=\"cov-n\" width=\"1\" height=\"1\">"
	       "<rect x=\"0.5\" y=\"0.5\" width=\"7\" height=\"16\" fill=\"#FFFFFF\" "
	       "stroke=\"#CE0000\"/>"
	       "<path d=\"M1.5 5.5L6.5 11.5M6.5 5.5L1.5 11.5\" stroke=\"#CE0000\" "
	       "stroke-width=\"1.3\"/></pattern>"
	       "</defs>");
}

/* The white corner that marks a partial cell at (X, Y). */
static void partial_mark(struct svgw *w, int x, int y)
{
	putf(w, "<path d=\"M%d %dh-5l5 -7z\" fill=\"#FFFFFF\" stroke=\"#1A1A1C\" "
	     "stroke-width=\"0.6\"/>", x + 8, y + 17);
}

int kj_coverage_svg(struct kj_buf *b, const struct kj_coverage *c,
		    const struct kj_catalog *cat, int lang_en)
{
	/* All or nothing: drawn aside, then added in one append, so a picture
	 * too big for the room left in B fails alone and leaves B as it was
	 * (a failed append would make all of B fail: see base/buf.h). */
	struct kj_buf svg;
	kj_buf_init(&svg, b->len < b->max ? b->max - b->len : 0);
	struct svgw w = { &svg, 0 };
	int ns, nr, *xs = NULL, *grp = NULL, ngrp = 0;
	int total[KJ_NCOV] = { 0 };

	if (!coverage_fits(c, cat))
		return -1;
	ns = c->nsectors;
	nr = c->nreqs;
	xs = calloc((size_t)nr, sizeof *xs);
	grp = calloc((size_t)nr + 1, sizeof *grp);	/* first requirement of each group */
	if (!xs || !grp) {
		free(xs);
		free(grp);
		return -1;
	}

	/* Horizontal layout: sector names, then the columns grouped by function. */
	int labw = 0;
	for (int s = 0; s < ns; s++) {
		const char *name = lang_en ? cat->sectors[s].name_en : cat->sectors[s].name_ja;
		int tw = text_width(name, FS_LABEL);
		if (tw > labw)
			labw = tw;
	}
	int gx0 = PAD + labw + 8;
	for (int r = 0, x = gx0; r < nr; r++) {
		if (r == 0 || cat->reqs[r].function != cat->reqs[r - 1].function) {
			if (r)
				x += GROUP_GAP;
			grp[ngrp++] = r;
		}
		xs[r] = x;
		x += CELL_W;
	}
	grp[ngrp] = nr;
	int gridr = xs[nr - 1] + CELL_W;
	const char *gaphead = lang_en ? "Gaps" : "ギャップ";
	int gapx = gridr + 8 + text_width(gaphead, FS_SMALL);
	int width = gapx + PAD;

	/* Vertical layout: section numbers, function names, a rule, the rows. */
	int y_num = PAD + 11, y_name = PAD + 25, y_rule = PAD + 31, gy0 = PAD + 36;
	int gridb = gy0 + ns * CELL_H;

	/* Totals and the sector with most gaps, for <desc>. */
	int worst = -1, worst_n = 0, npartial = 0;
	for (int s = 0; s < ns; s++) {
		int k[KJ_NCOV], p[KJ_NCOV];
		kj_coverage_count(c, cat, s, -1, k);
		kj_coverage_count_partial(c, cat, s, -1, p);
		for (int i = 0; i < KJ_NCOV; i++) {
			total[i] += k[i];
			npartial += p[i];
		}
		if (kj_coverage_gaps(k) > worst_n) {
			worst = s;
			worst_n = kj_coverage_gaps(k);
		}
	}

	/* The legend: the four states best first, then the partial mark,
	 * wrapping to the width. Gap states say so in words. */
	static const enum kj_cov order[KJ_NCOV] = {
		KJ_COV_GOVERNMENT, KJ_COV_INDUSTRY, KJ_COV_OPERATORS, KJ_COV_NONE,
	};
	char legend[KJ_NCOV + 1][200];
	int lx[KJ_NCOV + 1], ly[KJ_NCOV + 1];
	int y = gridb + 12;
	for (int i = 0, x = PAD; i <= KJ_NCOV; i++) {
		if (i == KJ_NCOV) {
			if (lang_en)
				msgf(legend[i], sizeof legend[i], "White corner: only partly covered: %d",
				     npartial);
			else
				msgf(legend[i], sizeof legend[i], "白い角：一部のみ規定：%d件", npartial);
		} else {
			enum kj_cov k = order[i];
			int gap = kj_cov_is_gap(k);
			if (lang_en)
				msgf(legend[i], sizeof legend[i], "%s%s: %d", cov_en[k],
				     gap ? " (gap)" : "", total[k]);
			else
				msgf(legend[i], sizeof legend[i], "%s%s：%d件", cov_ja[k],
				     gap ? "（ギャップ）" : "", total[k]);
		}
		int iw = 8 + 6 + text_width(legend[i], FS_SMALL) + 18;
		if (x > PAD && x + iw > width - PAD) {
			x = PAD;
			y += CELL_H + 6;
		}
		lx[i] = x;
		ly[i] = y;
		x += iw;
	}
	y += CELL_H;
	/* Section headings that do not fit over their columns go under the legend. */
	int key = 0;
	for (int g = 0; g < ngrp; g++) {
		int gw = xs[grp[g + 1] - 1] + CELL_W - 1 - xs[grp[g]];
		if (text_width(section_title(cat, cat->reqs[grp[g]].function, lang_en), FS_SMALL) >
		    gw + GROUP_GAP - 2)
			key = 1;
	}
	int y_key = y + 16;
	int height = (key ? y_key : y) + PAD;


	putf(&w, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	     "aria-labelledby=\"cov-title cov-desc\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
	     "lang=\"%s\" font-family=\"sans-serif\" font-size=\"%d\" fill=\"" INK "\">\n",
	     width, height, lang_en ? "en" : "ja", FS_LABEL);
	put(&w, "<title id=\"cov-title\">");
	esc(&w, lang_en ? "Coverage of the Part 3 requirements by each sector's safety standards"
			: "安全基準等による対策事項の充足状況（分野別）");
	put(&w, "</title>\n<desc id=\"cov-desc\">");
	putf(&w, lang_en ? "%d sectors by %d requirements. " : "%d分野×%d対策事項。", ns, nr);
	for (int i = 0; i < KJ_NCOV; i++) {
		enum kj_cov k = order[i];
		esc(&w, lang_en ? cov_en[k] : cov_ja[k]);
		putf(&w, lang_en ? ": %d%s" : "：%d件%s", total[k],
		     i + 1 < KJ_NCOV ? (lang_en ? "; " : "、") : (lang_en ? "." : "。"));
	}
	putf(&w, lang_en ? " Gaps (operators' internal rules only, or not covered): %d;"
			   " only partly covered: %d." : "ギャップ（内規のみ・規定なし）：%d件、"
			   "一部のみ規定：%d件。", total[KJ_COV_OPERATORS] + total[KJ_COV_NONE], npartial);
	if (worst >= 0) {
		put(&w, lang_en ? " Most gaps: " : "ギャップが最も多い分野は");
		esc(&w, lang_en ? cat->sectors[worst].name_en : cat->sectors[worst].name_ja);
		putf(&w, lang_en ? " (%d)." : "（%d件）。", worst_n);
	}
	put(&w, "</desc>\n");
	svg_defs(&w);
	put(&w, "\n");

	/* Column heads: the section number, the function name where it fits,
	 * a rule under each group and a separator line between groups. */
	for (int g = 0; g < ngrp; g++) {
		const struct kj_function *fn = &cat->functions[cat->reqs[grp[g]].function];
		const char *name = section_title(cat, cat->reqs[grp[g]].function, lang_en);
		int xa = xs[grp[g]], xb = xs[grp[g + 1] - 1] + CELL_W - 1, cx = (xa + xb) / 2;
		putf(&w, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"%d\">",
		     cx, y_num, FS_SMALL);
		esc(&w, fn->section);
		put(&w, "</text>");
		if (text_width(name, FS_SMALL) <= xb - xa + GROUP_GAP - 2) {
			putf(&w, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"%d\">",
			     cx, y_name, FS_SMALL);
			esc(&w, name);
			put(&w, "</text>");
		}
		putf(&w, "<path d=\"M%d %d.5H%d\" stroke=\"" RULE "\"/>", xa, y_rule, xb);
		/* Below the numbers: "3.7" is wider than its one column. */
		if (g > 0)
			putf(&w, "<path d=\"M%d.5 %dV%d\" stroke=\"#949497\"/>",
			     xa - GROUP_GAP / 2 - 1, y_num + 4, gridb);
		put(&w, "\n");
	}

	/* Row heads and, at the right, each sector's number of gaps. */
	putf(&w, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"%d\">",
	     width - PAD, y_name, FS_SMALL);
	esc(&w, gaphead);
	put(&w, "</text>\n");
	for (int s = 0; s < ns; s++) {
		int k[KJ_NCOV];
		int ty = gy0 + s * CELL_H + 13;
		kj_coverage_count(c, cat, s, -1, k);
		putf(&w, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", gx0 - 6, ty);
		esc(&w, lang_en ? cat->sectors[s].name_en : cat->sectors[s].name_ja);
		putf(&w, "</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"%d\">%d</text>\n",
		     width - PAD, ty, FS_SMALL, kj_coverage_gaps(k));
	}

	/* The cells, one group per state so the fill is written once. */
	for (int k = 0; k < KJ_NCOV && !w.fail; k++) {
		putf(&w, "<g fill=\"%s\">\n", cov_fill[k]);
		for (int s = 0; s < ns; s++) {
			const struct kj_sector *sec = &cat->sectors[s];
			for (int r = 0; r < nr; r++) {
				if (cov_at(c, s, r) != (enum kj_cov)k)
					continue;
				putf(&w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"><title>",
				     xs[r], gy0 + s * CELL_H, CELL_W - 1, CELL_H - 1);
				esc(&w, lang_en ? sec->name_en : sec->name_ja);
				put(&w, " ");
				esc(&w, cat->reqs[r].id);
				put(&w, ": ");
				esc(&w, lang_en ? cov_en[k] : cov_ja[k]);
				if (operators_at(c, s, r))
					putf(&w, lang_en ? " (internal rules of %d operators)"
							 : "（内規：%d事業者）", operators_at(c, s, r));
				if (k != KJ_COV_NONE && partial_at(c, s, r))
					put(&w, lang_en ? ", partly" : "（一部）");
				if (kj_cov_is_gap((enum kj_cov)k))
					put(&w, lang_en ? ", gap" : "（ギャップ）");
				if (c->req_new[r])
					put(&w, lang_en ? " (new)" : "（新規）");
				else if (c->req_changed[r])
					put(&w, lang_en ? " (changed)" : "（変更）");
				put(&w, "</title></rect>\n");
			}
		}
		put(&w, "</g>\n");
	}
	/* The partial marks over their cells (decoration: the cell's title says it). */
	put(&w, "<g aria-hidden=\"true\">");
	for (int s = 0; s < ns; s++)
		for (int r = 0; r < nr; r++)
			if (cov_at(c, s, r) != KJ_COV_NONE && partial_at(c, s, r))
				partial_mark(&w, xs[r], gy0 + s * CELL_H);
	put(&w, "</g>\n");

	for (int i = 0; i <= KJ_NCOV; i++) {
		putf(&w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
		     lx[i], ly[i], CELL_W - 1, CELL_H - 1,
		     i < KJ_NCOV ? cov_fill[order[i]] : cov_fill[KJ_COV_GOVERNMENT]);
		if (i == KJ_NCOV)
			partial_mark(&w, lx[i], ly[i]);
		putf(&w, "<text x=\"%d\" y=\"%d\" font-size=\"%d\">", lx[i] + CELL_W + 5,
		     ly[i] + 13, FS_SMALL);
		esc(&w, legend[i]);
		put(&w, "</text>\n");
	}
	if (key) {
		int first = 1;
		putf(&w, "<text x=\"%d\" y=\"%d\" font-size=\"%d\">", PAD, y_key, FS_SMALL);
		for (int g = 0; g < ngrp; g++) {
			const struct kj_function *fn = &cat->functions[cat->reqs[grp[g]].function];
			const char *name = section_title(cat, cat->reqs[grp[g]].function, lang_en);
			int gw = xs[grp[g + 1] - 1] + CELL_W - 1 - xs[grp[g]];
			if (text_width(name, FS_SMALL) <= gw + GROUP_GAP - 2)
				continue;
			if (!first)
				put(&w, lang_en ? "; " : "、");
			first = 0;
			esc(&w, fn->section);
			put(&w, " ");
			esc(&w, name);
		}
		put(&w, "</text>\n");
	}
	put(&w, "</svg>\n");

	free(xs);
	free(grp);
	int rc = w.fail || kj_buf_add(b, svg.data, svg.len) < 0 ? -1 : 0;
	kj_buf_free(&svg);
	return rc;
}

/* --- CSV ---------------------------------------------------------------------------- */

static const char *const long_columns[] = {
	"分野コード", "分野", "対策事項", "節", "充足状況コード", "充足状況", "ギャップ",
	"充足度", "内規の事業者数", "新規", "変更",
};
#define NLONG ((int)(sizeof long_columns / sizeof long_columns[0]))

/* Text the long list's row needs beyond the catalog's strings. */
struct long_buf {
	char heading[160], operators[16];
};

/* The cells of the long list's row for sector S and requirement R. */
static void long_row(const struct kj_coverage *c, const struct kj_catalog *cat,
		     int s, int r, struct long_buf *lb, const char *out[NLONG])
{
	enum kj_cov k = cov_at(c, s, r);
	kj_cov_section_heading(cat, cat->reqs[r].function, 0, lb->heading, sizeof lb->heading);
	snprintf(lb->operators, sizeof lb->operators, "%d", operators_at(c, s, r));
	out[0] = cat->sectors[s].code;
	out[1] = cat->sectors[s].name_ja;
	out[2] = cat->reqs[r].id;
	out[3] = lb->heading;
	out[4] = cov_codes[k];
	out[5] = cov_ja[k];
	out[6] = kj_cov_is_gap(k) ? "1" : "0";
	out[7] = k == KJ_COV_NONE ? "" : partial_at(c, s, r) ? "一部" : "全部";
	out[8] = lb->operators;
	out[9] = c->req_new[r] ? "1" : "0";
	out[10] = c->req_changed[r] ? "1" : "0";
}

int kj_coverage_write_csv(FILE *f, const struct kj_coverage *c,
			  const struct kj_catalog *cat)
{
	if (!f || !coverage_fits(c, cat))
		return -1;
	int rc = kj_csv_begin(f);
	for (int i = 0; i < NLONG; i++)
		rc |= kj_csv_field(f, long_columns[i], i == NLONG - 1);
	for (int s = 0; s < c->nsectors && !rc; s++) {
		for (int r = 0; r < c->nreqs && !rc; r++) {
			const char *row[NLONG];
			struct long_buf lb;
			long_row(c, cat, s, r, &lb, row);
			for (int i = 0; i < NLONG; i++)
				rc |= kj_csv_field(f, row[i], i == NLONG - 1);
		}
	}
	return rc ? -1 : 0;
}

/* --- xlsx ----------------------------------------------------------------------------- */

/* Cell colours match the SVG; the cell's text names the state, so colour
 * is never the only carrier. */
static lxw_format *state_format(lxw_workbook *wb, enum kj_cov k)
{
	lxw_format *fmt = workbook_add_format(wb);
	if (!fmt)
		return NULL;
	format_set_text_wrap(fmt);
	format_set_align(fmt, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(fmt, LXW_BORDER_THIN);
	format_set_border_color(fmt, 0xB4B4B7);
	switch (k) {
	case KJ_COV_GOVERNMENT:
		format_set_bg_color(fmt, 0x0017C1);
		format_set_font_color(fmt, 0xFFFFFF);
		break;
	case KJ_COV_INDUSTRY:
		format_set_bg_color(fmt, 0x7096F8);
		format_set_font_color(fmt, 0x1A1A1C);
		break;
	case KJ_COV_OPERATORS:
		format_set_bg_color(fmt, 0xFFD43D);
		format_set_font_color(fmt, 0x1A1A1C);
		break;
	default:
		format_set_bg_color(fmt, 0xFFFFFF);
		format_set_font_color(fmt, 0xCE0000);
		format_set_bold(fmt);
		format_set_border_color(fmt, 0xCE0000);
		break;
	}
	return fmt;
}

int kj_coverage_write_xlsx(const char *path, const struct kj_coverage *c,
			   const struct kj_catalog *cat, struct kj_err *err)
{
	if (!path || !coverage_fits(c, cat)) {
		kj_err_set(err, "coverage does not match the catalog");
		return -1;
	}
	if (c->nreqs + 1 > LXW_COL_MAX || (long)c->nsectors * c->nreqs + 1 > LXW_ROW_MAX) {
		kj_err_set(err, "coverage too large for a worksheet");
		return -1;
	}
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		kj_err_set(err, "%s: cannot create the workbook", path);
		return -1;
	}
	int rc = 0;
	lxw_worksheet *mx = workbook_add_worksheet(wb, "充足状況");
	lxw_worksheet *ls = workbook_add_worksheet(wb, "一覧");
	lxw_format *head = workbook_add_format(wb);
	lxw_format *st[KJ_NCOV];
	for (int k = 0; k < KJ_NCOV; k++)
		st[k] = state_format(wb, (enum kj_cov)k);
	if (!mx || !ls || !head || !st[0] || !st[1] || !st[2] || !st[3]) {
		rc = -1;
		goto close;
	}
	format_set_bold(head);
	format_set_bg_color(head, 0xF1F1F4);
	format_set_border(head, LXW_BORDER_THIN);

	/* The matrix: sectors down, requirement ids across, both heads frozen. */
	rc |= worksheet_write_string(mx, 0, 0, "分野", head) != LXW_NO_ERROR;
	for (int r = 0; r < c->nreqs; r++)
		rc |= worksheet_write_string(mx, 0, (lxw_col_t)(r + 1), cat->reqs[r].id,
					     head) != LXW_NO_ERROR;
	for (int s = 0; s < c->nsectors; s++) {
		rc |= worksheet_write_string(mx, (lxw_row_t)(s + 1), 0,
					     cat->sectors[s].name_ja, head) != LXW_NO_ERROR;
		for (int r = 0; r < c->nreqs; r++) {
			enum kj_cov k = cov_at(c, s, r);
			char text[256];
			if (k == KJ_COV_OPERATORS)
				msgf(text, sizeof text, "%s：%d事業者%s", cov_ja[k],
				     operators_at(c, s, r), partial_at(c, s, r) ? "（一部）" : "");
			else
				msgf(text, sizeof text, "%s%s", cov_ja[k],
				     k != KJ_COV_NONE && partial_at(c, s, r) ? "（一部）" : "");
			rc |= worksheet_write_string(mx, (lxw_row_t)(s + 1), (lxw_col_t)(r + 1),
						     text, st[k]) != LXW_NO_ERROR;
		}
		worksheet_set_row(mx, (lxw_row_t)(s + 1), 45, NULL);
	}
	worksheet_set_column(mx, 0, 0, 14, NULL);
	worksheet_set_column(mx, 1, (lxw_col_t)c->nreqs, 11, NULL);
	worksheet_freeze_panes(mx, 1, 1);

	/* The long list, as the CSV. */
	for (int i = 0; i < NLONG; i++)
		rc |= worksheet_write_string(ls, 0, (lxw_col_t)i, long_columns[i], head)
		      != LXW_NO_ERROR;
	lxw_row_t row = 1;
	for (int s = 0; s < c->nsectors; s++) {
		for (int r = 0; r < c->nreqs; r++, row++) {
			const char *cells[NLONG];
			struct long_buf lb;
			long_row(c, cat, s, r, &lb, cells);
			for (int i = 0; i < NLONG; i++)
				rc |= worksheet_write_string(ls, row, (lxw_col_t)i, cells[i], NULL)
				      != LXW_NO_ERROR;
		}
	}
	worksheet_set_column(ls, 0, 2, 14, NULL);
	worksheet_set_column(ls, 3, 3, 34, NULL);
	worksheet_set_column(ls, 4, 4, 16, NULL);
	worksheet_set_column(ls, 5, 5, 34, NULL);
	worksheet_set_column(ls, 6, 10, 8, NULL);
	worksheet_freeze_panes(ls, 1, 0);
	rc |= worksheet_autofilter(ls, 0, 0, row - 1, NLONG - 1) != LXW_NO_ERROR;

close:;
	/* workbook_close writes the file and frees the workbook in every case. */
	lxw_error e = workbook_close(wb);
	if (rc) {
		kj_err_set(err, "%s: cannot build the workbook", path);
		return -1;
	}
	if (e != LXW_NO_ERROR) {
		kj_err_set(err, "%s: %s", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}
