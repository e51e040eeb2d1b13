/*
 * The validator of a ministry's safety-standard mapping table (document,
 * clause, the requirements the clause covers): kj_safety_validate.
 *
 * It follows kj_registry_validate: the header decides what the table is (a
 * wrong header is -1, nothing else is looked at), then every cell of every
 * row is checked and every fault reported with the row, the column as
 * headed in the file, and a reason in Japanese and English. The caller
 * commits only a result without errors.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/limits.h"
#include "model/corpnum.h"
#include "model/safety.h"

/*
 * Valid rows are held in memory whole (a kj_clause_record is ~3.3 KB), so a
 * mapping file is capped well below KJ_TABLE_ROWS_MAX: 16 sectors with a few
 * hundred clauses each is the real scale; 20,000 rows is ~66 MB at worst.
 */
#define KJ_SAFETY_ROWS_MAX	20000
#define REQS_PER_CLAUSE		32	/* struct kj_clause_record.reqs */

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

const char *kj_safety_column_ja(int c)
{
	return c >= 0 && c < NCOL ? columns[c].ja : NULL;
}

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
	const kj_sector_code *only;
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
	if (kj_row_error_add(&res->errors, &res->nerrors, &v->errcap, row, column, ja, en) < 0)
		v->oom = 1;
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
		kj_textf(ja, sizeof ja, "長すぎます（%zuバイト以内）。", columns[col].max);
		kj_textf(en, sizeof en, "Too long (at most %zu bytes).", columns[col].max);
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

/* S, when it is YYYY-MM-DD naming a real day (kj_date_valid: 1900-2999, a
 * date outside is a typo). */
static int valid_date(struct span s)
{
	char d[11];
	if (s.n != 10)
		return 0;
	memcpy(d, s.p, 10);
	d[10] = '\0';
	return kj_date_valid(d);
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
		/* As typed (３．２．５．１－１), with its own extent ("3.2.5.1-1(一部)"). */
		const struct kj_requirement *req = NULL;
		int extent = -1;
		if (kj_safety_req_parse(v->cat, tok.p, tok.n, &req, &extent) != KJ_REQ_OK) {
			if (!nunknown++)
				unknown = tok;
			continue;
		}
		/* Naming an id twice in one cell is harmless: keep it once. */
		int dup = 0;
		for (int j = 0; j < rec->nreqs && j < REQS_PER_CLAUSE && !dup; j++)
			dup = !strcmp(rec->reqs[j], req->id);
		if (dup)
			continue;
		if (rec->nreqs == REQS_PER_CLAUSE) {
			rec->nreqs++;	/* over: reported below */
			continue;
		}
		if (rec->nreqs < REQS_PER_CLAUSE) {
			rec->req_partial[rec->nreqs] = extent == 1;
			kj_strlcpy(rec->reqs[rec->nreqs++], req->id, KJ_ID_MAX);
		}
	}
	if (nunknown) {
		int m = clip(unknown, 40);
		if (nunknown > 1) {
			kj_textf(ja, sizeof ja, "対策事項「%.*s」は統一基準（%s）にありません（ほか%d件）。",
			     m, unknown.p, v->cat->version, nunknown - 1);
			kj_textf(en, sizeof en, "Requirement \"%.*s\" is not in the Unified Standard (%s) "
			     "(and %d more).", m, unknown.p, v->cat->version, nunknown - 1);
		} else {
			kj_textf(ja, sizeof ja, "対策事項「%.*s」は統一基準（%s）にありません。",
			     m, unknown.p, v->cat->version);
			kj_textf(en, sizeof en, "Requirement \"%.*s\" is not in the Unified Standard (%s).",
			     m, unknown.p, v->cat->version);
		}
		bad(v, row, C_REQS, ja, en);
		return -1;
	}
	if (rec->nreqs > REQS_PER_CLAUSE) {
		kj_textf(ja, sizeof ja, "一つの条項に対応付けられる対策事項は%d件までです。",
		     REQS_PER_CLAUSE);
		kj_textf(en, sizeof en, "A clause may cover at most %d requirements.",
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
		kj_textf(ja, sizeof ja, "法人番号「%.*s」が正しくありません（13桁、検査用数字付き）。", m, s.p);
		kj_textf(en, sizeof en, "\"%.*s\" is not a valid corporate number (13 digits with "
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
		kj_textf(ja, sizeof ja, "法人番号 %s の事業者は登録されていません。", num);
		kj_textf(en, sizeof en, "No operator with corporate number %s is registered.", num);
		bad(v, row, C_CORPNUM, ja, en);
	} else if (f != 1 || id <= 0) {
		kj_textf(ja, sizeof ja, "法人番号 %s の事業者は、この行の分野の事業者ではありません。", num);
		kj_textf(en, sizeof en, "The operator with corporate number %s is not an operator "
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
			kj_textf(ja, sizeof ja, "見出しのない%d列目に値があります。", c + 1);
			kj_textf(en, sizeof en, "Column %d has a value but no header.", c + 1);
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
		kj_textf(ja, sizeof ja, "分野「%.*s」は重要インフラ分野ではありません（分野コードか分野名で書いてください）。",
		     m, s.p);
		kj_textf(en, sizeof en, "\"%.*s\" is not a critical infrastructure sector "
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
		kj_textf(ja, sizeof ja, "URLが長すぎます（%zuバイト以内）。", columns[C_LINK].max);
		kj_textf(en, sizeof en, "The URL is too long (at most %zu bytes).", columns[C_LINK].max);
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
		       const kj_sector_code *only_sectors, int nonly,
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
				kj_textf(ja, sizeof ja, "同じ文書の同じ条項が%d行目にもあります。", v.rec_row[c]);
				kj_textf(en, sizeof en, "The same clause of the same document is on row %d.",
				     v.rec_row[c]);
				bad(&v, r + 1, C_NUMBER, ja, en);
			} else if (d >= 0) {
				/* One document, one set of attributes: the store keeps them once. */
				const struct kj_clause_record *o = &res->records[d];
				if (o->class_n != rec->class_n || strcmp(o->issuer, rec->issuer) ||
				    strcmp(o->issued_on, rec->issued_on) || strcmp(o->link, rec->link) ||
				    o->organisation_id != rec->organisation_id) {
					kj_textf(ja, sizeof ja, "同じ文書の%d行目と分類・発行者・発行日・URL・法人番号が異なります。",
					     v.rec_row[d]);
					kj_textf(en, sizeof en, "The class, issuer, date of issue, URL or corporate "
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
