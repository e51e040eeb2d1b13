/*
 * The operator list (重要インフラ事業者等の一覧): validation of an uploaded
 * table row by row, and export as CSV or xlsx in the same columns, so that
 * an exported list edited in Excel imports again unchanged.
 *
 * Every reason is written for the official who fixes the file: Japanese
 * first, naming the row as the spreadsheet numbers it and the column by the
 * header the file uses. Each bad cell gives one error; a check that depends
 * on another cell (団体コード against 都道府県) runs only once that cell is
 * known to be good, so one mistake never shows up as two.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "model/corpnum.h"
#include "model/reference.h"
#include "model/registry.h"
#include "export/csv.h"

enum col {
	C_NUMBER, C_NAME, C_KANA, C_SECTORS, C_SIZE, C_CORE, C_LOCALGOV, C_MUNI,
	C_PREF, C_CEPTOAR, C_CONTACT, C_EMAIL, C_PHONE, C_STATUS, C_MINISTRIES, NCOL
};

const char *const kj_registry_columns_ja[NCOL] = {
	"法人番号", "名称", "名称カナ", "分野", "規模", "基幹インフラ事業者",
	"地方公共団体", "団体コード", "都道府県", "セプター加盟", "担当者", "メール",
	"電話", "状態", "所管省庁",
};
const int kj_registry_ncolumns = NCOL;

static const char *const columns_en[NCOL] = {
	"corporate_number", "name", "name_kana", "sectors", "size_class", "core_infra",
	"local_government", "municipality_code", "prefecture", "ceptoar_member",
	"contact_name", "contact_email", "contact_phone", "status", "ministries",
};

static const int required[NCOL] = {
	[C_NUMBER] = 1, [C_NAME] = 1, [C_SECTORS] = 1, [C_SIZE] = 1, [C_PREF] = 1,
};

/* Byte limits of the free-text fields, from the record's arrays. */
#define KANA_MAX	KJ_ORG_NAME_MAX
#define CONTACT_MAX	100
#define EMAIL_MAX	254
#define PHONE_MAX	31

/* --- small text helpers ------------------------------------------------------ */

/* Length of a space at S: ASCII space, tab, line ends, U+3000, U+00A0; else 0. */
static size_t space_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (!strncmp(s, "\xe3\x80\x80", 3))
		return 3;
	if (!strncmp(s, "\xc2\xa0", 2))
		return 2;
	return 0;
}

/* Copies S without surrounding spaces (half- or full-width) into OUT (size > strlen(S)). */
static void trim_copy(const char *s, char *out)
{
	size_t k;
	while (*s && (k = space_len(s)))
		s += k;
	size_t n = strlen(s), end = 0;
	for (size_t i = 0; i < n;) {
		k = space_len(s + i);
		if (k) {
			i += k;
		} else {
			i++;
			while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
				i++;
			end = i;
		}
	}
	memcpy(out, s, end);
	out[end] = '\0';
}

/* The byte length of S cut to at most MAX bytes on a character boundary. */
static int cut(const char *s, int max)
{
	int n = (int)strlen(s);
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* S for quoting in a message: at most 60 bytes, "…" if cut. */
static void snippet(const char *s, char out[80])
{
	int n = cut(s, 60);
	snprintf(out, 80, "%.*s%s", n, s, s[n] ? "…" : "");
}

/*
 * S with full-width digits (０-９) and hyphen (－) made ASCII, into OUT of
 * size N; fails if it does not fit.
 */
static int narrow_digits(const char *s, char *out, size_t n)
{
	size_t o = 0;
	while (*s) {
		char c = *s;
		if (!strncmp(s, "\xef\xbc", 2) && (unsigned char)s[2] >= 0x90 &&
		    (unsigned char)s[2] <= 0x99) {
			c = (char)('0' + ((unsigned char)s[2] - 0x90));
			s += 3;
		} else if (!strncmp(s, "\xef\xbc\x8d", 3)) {
			c = '-';
			s += 3;
		} else {
			s++;
		}
		if (o + 1 >= n)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* True if a spreadsheet would run V as a formula. */
static int formula_start(const char *v)
{
	return v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@';
}

/* True if V has a control character (a tab or line break in a one-line field). */
static int has_control(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return 1;
	return 0;
}

/* Which of WORDS (NULL-terminated) V is, ASCII case ignored; -1 if none. */
static int word_index(const char *v, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (!strcasecmp(v, words[i]))
			return i;
	return -1;
}

/* --- validation ---------------------------------------------------------------- */

/* A cell of T; "" past the end, and for a NULL in a table built by hand. */
static const char *cell_at(const struct kj_table *t, int r, int col)
{
	const char *s = kj_table_cell(t, r, col);
	return s ? s : "";
}

/*
 * True if every cell fits the scratch buffers (KJ_TABLE_CELL_MAX bytes):
 * kj_table_read guarantees it, a table built by hand (a web form's one
 * row) may not. *ROW and *COL name the first that does not.
 */
static int cells_fit(const struct kj_table *t, int *row, int *col)
{
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols[r]; c++)
			if (strlen(cell_at(t, r, c)) > KJ_TABLE_CELL_MAX) {
				*row = r + 1;
				*col = c + 1;
				return 0;
			}
	return 1;
}

struct vctx {
	const struct kj_table *t;
	const struct kj_catalog *cat;
	struct kj_import_result *res;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	int map[NCOL];			/* table column of each field, -1 if absent */
	char header[NCOL][48];		/* the header as the file has it */
	int errcap;
	char *scratch;			/* trimmed values of one row */
	const char *v[NCOL];
	int *dup_of;			/* per table row: the first row with its number, or 0 */
};

static void add_error(struct vctx *c, int row, int col, const char *ja, const char *en)
{
	struct kj_import_result *res = c->res;
	int stored = res->nerrors < KJ_IMPORT_ERRORS_MAX ? res->nerrors : KJ_IMPORT_ERRORS_MAX;
	res->nerrors++;
	if (stored >= KJ_IMPORT_ERRORS_MAX)
		return;
	if (stored == c->errcap) {
		int cap = c->errcap ? 2 * c->errcap : 16;
		if (cap > KJ_IMPORT_ERRORS_MAX)
			cap = KJ_IMPORT_ERRORS_MAX;
		struct kj_row_error *e = realloc(res->errors, (size_t)cap * sizeof *e);
		if (!e)
			return;	/* still counted in nerrors */
		res->errors = e;
		c->errcap = cap;
	}
	struct kj_row_error *e = &res->errors[stored];
	memset(e, 0, sizeof *e);
	e->row = row;
	if (col >= 0)
		kj_strlcpy(e->column, c->header[col], sizeof e->column);
	/* The reasons are built to fit; a cut one still ends on a whole character. */
	snprintf(e->reason_ja, sizeof e->reason_ja, "%.*s", cut(ja, sizeof e->reason_ja - 1), ja);
	snprintf(e->reason_en, sizeof e->reason_en, "%.*s", cut(en, sizeof e->reason_en - 1), en);
}

/*
 * The common checks of a free-text field: not a formula, one line, at most
 * MAX bytes. Returns 0 if V is fine.
 */
static int check_text(struct vctx *c, int row, int col, const char *v, size_t max,
		      const char *label_ja, const char *label_en)
{
	char ja[256], en[256];
	if (formula_start(v)) {
		add_error(c, row, col, "数式として解釈される文字（= + - @）で始まる値は登録できません",
			  "a value starting with = + - @ would run as a spreadsheet formula and "
			  "is refused");
		return -1;
	}
	if (has_control(v)) {
		snprintf(ja, sizeof ja, "%sに改行やタブは使えません", label_ja);
		snprintf(en, sizeof en, "the %s cannot contain line breaks or tabs", label_en);
		add_error(c, row, col, ja, en);
		return -1;
	}
	if (strlen(v) > max) {
		snprintf(ja, sizeof ja, "%sが長すぎます（%zuバイトまで、全角で約%zu文字）",
			 label_ja, max, max / 3);
		snprintf(en, sizeof en, "the %s is too long (limit %zu bytes)", label_en, max);
		add_error(c, row, col, ja, en);
		return -1;
	}
	return 0;
}

/* A normalised corporate number into OUT, or -1 if V is not 13 digits. */
static int corpnum_norm(const char *v, char out[14])
{
	char d[32];
	return narrow_digits(v, d, sizeof d) == 0 && all_digits(d, 13) &&
	       kj_strlcpy(out, d, 14) == 0 ? 0 : -1;
}

static int check_number(struct vctx *c, int row, const char *v, char out[14])
{
	if (!*v) {
		add_error(c, row, C_NUMBER, "法人番号がありません", "the corporate number is missing");
		return -1;
	}
	if (corpnum_norm(v, out) < 0) {
		add_error(c, row, C_NUMBER, "法人番号は13桁の数字で入力してください",
			  "the corporate number must be 13 digits");
		return -1;
	}
	if (!kj_corpnum_valid(out)) {
		add_error(c, row, C_NUMBER, "法人番号のチェックディジットが正しくありません",
			  "the check digit of the corporate number is wrong");
		return -1;
	}
	int first = c->dup_of[row - 1];
	if (first) {
		char ja[256], en[256];
		snprintf(ja, sizeof ja, "法人番号 %s は%d行目と重複しています", out, first);
		snprintf(en, sizeof en, "corporate number %s duplicates row %d", out, first);
		add_error(c, row, C_NUMBER, ja, en);
		return -1;
	}
	return 0;
}

/*
 * Length of a sector separator at S, or 0: ; , ・ 、 their full- and
 * half-width forms, and a line break (Alt+Enter in an Excel cell).
 */
static size_t sep_len(const char *s)
{
	static const char *const seps[] = {
		";", ",", "・", "、", "，", "；", "･", "\r\n", "\n", "\r",
	};
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		size_t n = strlen(seps[i]);
		if (!strncmp(s, seps[i], n))
			return n;
	}
	return 0;
}

/*
 * The next item of a list at *PP separated by sep_len() separators, trimmed
 * into ONE (TOK is scratch, both as long as the list); 0 at the list's end.
 */
static int list_next(const char **pp, char *tok, char *one)
{
	const char *p = *pp;
	if (!*p)
		return 0;
	size_t k = 0;
	while (p[k] && !sep_len(p + k))
		k++;
	memcpy(tok, p, k);
	tok[k] = '\0';
	p += k;
	if (*p)
		p += sep_len(p);
	trim_copy(tok, one);
	*pp = p;
	return 1;
}

static int sector_find(const struct kj_catalog *cat, const char *name)
{
	for (int i = 0; i < cat->nsectors; i++) {
		const struct kj_sector *s = &cat->sectors[i];
		if (!strcasecmp(name, s->code) || !strcmp(name, s->name_ja) ||
		    (s->name_en && !strcasecmp(name, s->name_en)))
			return i;
	}
	return -1;
}

static int check_sectors(struct vctx *c, int row, const char *v, struct kj_org_record *rec)
{
	char ja[256], en[256], q[80];
	if (!*v) {
		add_error(c, row, C_SECTORS, "分野がありません", "the sector is missing");
		return -1;
	}
	/* V is a trimmed cell: at most KJ_TABLE_CELL_MAX bytes. */
	char *tok = malloc(strlen(v) + 1), *one = malloc(strlen(v) + 1);
	int rc = -1, idx[KJ_ORG_SECTORS], n = 0;
	if (!tok || !one) {
		add_error(c, row, C_SECTORS, "メモリが足りません", "out of memory");
		goto done;
	}
	for (const char *p = v; list_next(&p, tok, one);) {
		if (!*one)
			continue;
		int s = sector_find(c->cat, one);
		if (s < 0) {
			snippet(one, q);
			snprintf(ja, sizeof ja, "分野「%s」は統一基準の分野にありません"
				 "（例: 電力、金融、electricity）", q);
			snprintf(en, sizeof en, "\"%s\" is not a sector of the Unified Standard "
				 "(e.g. 電力, electricity)", q);
			add_error(c, row, C_SECTORS, ja, en);
			goto done;
		}
		int seen = 0;
		for (int i = 0; i < n; i++)
			seen |= idx[i] == s;
		if (seen)
			continue;
		if (n == KJ_ORG_SECTORS) {
			snprintf(ja, sizeof ja, "分野は%dつまでです", KJ_ORG_SECTORS);
			snprintf(en, sizeof en, "at most %d sectors", KJ_ORG_SECTORS);
			add_error(c, row, C_SECTORS, ja, en);
			goto done;
		}
		idx[n++] = s;
	}
	if (n == 0) {
		add_error(c, row, C_SECTORS, "分野がありません", "the sector is missing");
		goto done;
	}
	for (int i = 0; i < n; i++)
		if (kj_strlcpy(rec->sectors[i], c->cat->sectors[idx[i]].code,
			       sizeof rec->sectors[i]) < 0)
			goto done;
	rec->nsectors = n;
	rc = 0;
done:
	free(tok);
	free(one);
	return rc;
}

static int ministry_find(const struct kj_catalog *cat, const char *name)
{
	for (int i = 0; i < cat->nministries; i++) {
		const struct kj_ministry *m = &cat->ministries[i];
		if (!strcasecmp(name, m->code) || !strcmp(name, m->name_ja) ||
		    (m->name_en && !strcasecmp(name, m->name_en)))
			return i;
	}
	return -1;
}

/* True if ministry M (an index) holds one of REC's sectors, whole or in part. */
static int ministry_holds(const struct kj_catalog *cat, int m, const struct kj_org_record *rec)
{
	for (int i = 0; i < rec->nsectors; i++) {
		int s = sector_find(cat, rec->sectors[i]);
		for (int k = 0; s >= 0 && k < cat->sectors[s].nministries; k++)
			if (cat->sectors[s].ministries[k] == m)
				return 1;
	}
	return 0;
}

/*
 * The ministries the operator is assigned to: names or codes separated like
 * sectors, each holding one of the record's sectors (checked only once the
 * sectors are good, SECTORS_OK). An empty cell assigns none.
 */
static int check_ministries(struct vctx *c, int row, const char *v, int sectors_ok,
			    struct kj_org_record *rec)
{
	char ja[256], en[256], q[80];
	rec->ministries_given = c->map[C_MINISTRIES] >= 0;
	if (!*v)
		return 0;
	char *tok = malloc(strlen(v) + 1), *one = malloc(strlen(v) + 1);
	int rc = -1, n = 0;
	if (!tok || !one) {
		add_error(c, row, C_MINISTRIES, "メモリが足りません", "out of memory");
		goto done;
	}
	for (const char *p = v; list_next(&p, tok, one);) {
		if (!*one)
			continue;
		int m = ministry_find(c->cat, one);
		snippet(one, q);
		if (m < 0) {
			snprintf(ja, sizeof ja, "「%s」は重要インフラ所管省庁にありません"
				 "（例: 総務省、mic）", q);
			snprintf(en, sizeof en, "\"%s\" is not a ministry of the critical "
				 "infrastructure sectors (e.g. 総務省, mic)", q);
			add_error(c, row, C_MINISTRIES, ja, en);
			goto done;
		}
		if (sectors_ok && !ministry_holds(c->cat, m, rec)) {
			snprintf(ja, sizeof ja, "%sはこの事業者の分野を所管していません", q);
			snprintf(en, sizeof en, "%s holds none of this operator's sectors", q);
			add_error(c, row, C_MINISTRIES, ja, en);
			goto done;
		}
		int seen = 0;
		for (int i = 0; i < n; i++)
			seen |= !strcmp(rec->ministries[i], c->cat->ministries[m].code);
		if (seen)
			continue;
		if (n == KJ_ORG_MINISTRIES ||
		    kj_strlcpy(rec->ministries[n], c->cat->ministries[m].code,
			       sizeof rec->ministries[n]) < 0) {
			add_error(c, row, C_MINISTRIES, "所管省庁が多すぎます", "too many ministries");
			goto done;
		}
		n++;
	}
	rec->nministries = n;
	rc = 0;
done:
	free(tok);
	free(one);
	return rc;
}

static int check_size(struct vctx *c, int row, const char *v, struct kj_org_record *rec)
{
	static const char *const words[] = {
		"large", "大規模", "大",
		"medium", "中規模", "中",
		"small", "小規模・地域", "小規模", "小",
		NULL,
	};
	static const char *const codes[] = {
		"large", "large", "large", "medium", "medium", "medium",
		"small", "small", "small", "small",
	};
	int i = word_index(v, words);
	if (i < 0) {
		add_error(c, row, C_SIZE, *v ? "規模は「大規模」「中規模」「小規模・地域」のいずれかで"
					       "入力してください" : "規模がありません",
			  *v ? "the size class must be large, medium or small"
			     : "the size class is missing");
		return -1;
	}
	kj_strlcpy(rec->size_class, codes[i], sizeof rec->size_class);
	return 0;
}

/* 1 or 0 for a yes/no cell (empty is no), or -1. */
static int parse_bool(const char *v)
{
	static const char *const yes[] = {
		"はい", "yes", "true", "1", "１", "○", "〇", "◯", NULL,
	};
	static const char *const no[] = {
		"", "いいえ", "no", "false", "0", "０", "×", "✕", NULL,
	};
	return word_index(v, yes) >= 0 ? 1 : word_index(v, no) >= 0 ? 0 : -1;
}

static int check_bool(struct vctx *c, int row, int col, const char *v, int *out)
{
	*out = parse_bool(v);
	if (*out >= 0)
		return 0;
	char ja[256], en[256];
	snprintf(ja, sizeof ja, "%sは「はい」か「いいえ」で入力してください（空欄は「いいえ」）",
		 kj_registry_columns_ja[col]);
	snprintf(en, sizeof en, "%s must be yes or no (empty means no)", columns_en[col]);
	add_error(c, row, col, ja, en);
	return -1;
}

/* The index of prefecture V (code, name with or without 都府県, English), or -1. */
static int pref_find(const struct vctx *c, const char *v)
{
	char d[8];
	long n;
	if (narrow_digits(v, d, sizeof d) == 0 && (all_digits(d, 1) || all_digits(d, 2)) &&
	    kj_parse_long(d, 1, KJ_PREFECTURES, &n) == 0)
		return (int)n - 1;
	size_t vl = strlen(v);
	for (int i = 0; i < KJ_PREFECTURES; i++) {
		const struct kj_prefecture *p = &c->prefs[i];
		size_t l = strlen(p->name_ja);
		if (!strcmp(v, p->name_ja) || !strcasecmp(v, p->name_en))
			return i;
		/* "東京" for 東京都: the suffix is three bytes in UTF-8. */
		if (l > 3 && vl == l - 3 && !strncmp(v, p->name_ja, vl) &&
		    (!strcmp(p->name_ja + vl, "都") || !strcmp(p->name_ja + vl, "府") ||
		     !strcmp(p->name_ja + vl, "県")))
			return i;
	}
	return -1;
}

static int check_pref(struct vctx *c, int row, const char *v, struct kj_org_record *rec)
{
	char ja[256], en[256], q[80];
	if (!*v) {
		add_error(c, row, C_PREF, "都道府県がありません", "the prefecture is missing");
		return -1;
	}
	int i = pref_find(c, v);
	if (i < 0) {
		snippet(v, q);
		snprintf(ja, sizeof ja, "都道府県「%s」が分かりません（01〜47 のコードか、"
			 "東京都 のような名前で入力してください）", q);
		snprintf(en, sizeof en, "unknown prefecture \"%s\" (use a code 01-47 or a name "
			 "such as 東京都 or Tokyo)", q);
		add_error(c, row, C_PREF, ja, en);
		return -1;
	}
	kj_strlcpy(rec->prefecture, c->prefs[i].code, sizeof rec->prefecture);
	return 0;
}

/*
 * True if NAME is that of a special local public body that is a union of
 * local governments (一部事務組合 such as a 水道企業団, 広域連合) or a
 * 財産区: a local government that the list of 団体コード of prefectures and
 * municipalities does not cover, so it may be registered without one.
 */
static int special_local_body(const char *name)
{
	static const char *const endings[] = { "組合", "企業団", "広域連合", "財産区" };
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
		size_t k = strlen(endings[i]);
		if (n >= k && !strcmp(name + n - k, endings[i]))
			return 1;
	}
	return 0;
}

/*
 * 団体コード against 地方公共団体 (LOCAL_GOV: 1, 0, or -1 if that cell is
 * bad) and the prefecture (PREF_OK if it was good). A prefecture or
 * municipality needs its code; a special local public body may have none.
 */
static int check_muni(struct vctx *c, int row, const char *v, int local_gov, int pref_ok,
		      struct kj_org_record *rec)
{
	char ja[256], en[256], d[16];
	int col = c->map[C_MUNI] >= 0 ? C_MUNI : C_LOCALGOV;
	if (!*v) {
		if (local_gov != 1 || special_local_body(rec->name_ja))
			return 0;
		add_error(c, row, col, "地方公共団体の場合は団体コード（6桁）が必要です",
			  "a local government needs its municipality code (6 digits)");
		return -1;
	}
	if (narrow_digits(v, d, sizeof d) < 0 || !all_digits(d, 6)) {
		add_error(c, row, C_MUNI, "団体コードは6桁の数字で入力してください（検査数字を含む）",
			  "the municipality code must be 6 digits (with its check digit)");
		return -1;
	}
	if (kj_municipality_check_digit(d) != d[5] - '0') {
		add_error(c, row, C_MUNI, "団体コードのチェックディジットが正しくありません",
			  "the check digit of the municipality code is wrong");
		return -1;
	}
	if (local_gov == 0) {
		add_error(c, row, C_MUNI, "団体コードは地方公共団体にだけ入力します"
			  "（地方公共団体の列を「はい」にしてください）",
			  "a municipality code is only for a local government (set "
			  "local_government to yes)");
		return -1;
	}
	if (local_gov < 0)
		return -1;	/* reported on 地方公共団体 */
	if (pref_ok && strncmp(d, rec->prefecture, 2)) {
		snprintf(ja, sizeof ja, "団体コードの上2桁（%.2s）が都道府県（%s）と一致しません",
			 d, rec->prefecture);
		snprintf(en, sizeof en, "the municipality code's first two digits (%.2s) do not "
			 "match the prefecture (%s)", d, rec->prefecture);
		add_error(c, row, C_MUNI, ja, en);
		return -1;
	}
	kj_strlcpy(rec->municipality_code, d, sizeof rec->municipality_code);
	return 0;
}

static int check_email(struct vctx *c, int row, const char *v, struct kj_org_record *rec)
{
	if (!*v)
		return 0;
	if (check_text(c, row, C_EMAIL, v, EMAIL_MAX, "メールアドレス", "e-mail address") < 0)
		return -1;
	const char *at = strchr(v, '@');
	int ok = at && at > v && at[1] && !strchr(at + 1, '@') &&
		 !strpbrk(v, " ,;<>\"") && !strstr(v, "\xe3\x80\x80");
	if (!ok) {
		add_error(c, row, C_EMAIL, "メールアドレスの形式が正しくありません",
			  "the e-mail address is malformed");
		return -1;
	}
	kj_strlcpy(rec->contact_email, v, sizeof rec->contact_email);
	return 0;
}

static int check_phone(struct vctx *c, int row, const char *v, struct kj_org_record *rec)
{
	char d[64];
	if (!*v)
		return 0;
	if (check_text(c, row, C_PHONE, v, sizeof d - 1, "電話番号", "phone number") < 0)
		return -1;
	/* It starts with a digit or "(" once narrowed: "－1" would become "-1",
	 * which a spreadsheet reads as a formula and the export neutralises. */
	int ok = narrow_digits(v, d, sizeof d) == 0 && strlen(d) <= PHONE_MAX &&
		 ((d[0] >= '0' && d[0] <= '9') || d[0] == '(') && strpbrk(d, "0123456789") &&
		 strspn(d, "0123456789-() +") == strlen(d);
	if (!ok) {
		add_error(c, row, C_PHONE, "電話番号は数字とハイフンで入力してください（31文字まで）",
			  "the phone number must be digits and hyphens (at most 31)");
		return -1;
	}
	kj_strlcpy(rec->contact_phone, d, sizeof rec->contact_phone);
	return 0;
}

static int check_status(struct vctx *c, int row, const char *v, struct kj_org_record *rec)
{
	static const char *const words[] = { "", "有効", "active", "廃止", "retired", NULL };
	int i = word_index(v, words);
	if (i < 0) {
		add_error(c, row, C_STATUS, "状態は「有効」か「廃止」で入力してください（空欄は「有効」）",
			  "the status must be active or retired (empty means active)");
		return -1;
	}
	rec->active = i < 3;
	return 0;
}

/* Validates table row R (0-based); appends a record if it is good. */
static void check_row(struct vctx *c, int r)
{
	int row = r + 1, bad = 0;
	struct kj_org_record *rec = &c->res->records[c->res->nrecords];
	memset(rec, 0, sizeof *rec);
	const char *const *v = c->v;

	bad |= check_number(c, row, v[C_NUMBER], rec->corporate_number) < 0;
	if (!*v[C_NAME]) {
		add_error(c, row, C_NAME, "名称がありません", "the name is missing");
		bad = 1;
	} else if (check_text(c, row, C_NAME, v[C_NAME], KJ_ORG_NAME_MAX, "名称", "name") < 0) {
		bad = 1;
	} else {
		kj_strlcpy(rec->name_ja, v[C_NAME], sizeof rec->name_ja);
	}
	if (*v[C_KANA] && check_text(c, row, C_KANA, v[C_KANA], KANA_MAX, "名称カナ",
				     "name reading") < 0)
		bad = 1;
	else
		kj_strlcpy(rec->name_kana, v[C_KANA], sizeof rec->name_kana);
	int sectors_ok = check_sectors(c, row, v[C_SECTORS], rec) == 0;
	bad |= !sectors_ok;
	bad |= check_ministries(c, row, v[C_MINISTRIES], sectors_ok, rec) < 0;
	bad |= check_size(c, row, v[C_SIZE], rec) < 0;
	bad |= check_bool(c, row, C_CORE, v[C_CORE], &rec->core_infra) < 0;
	int local_gov;
	bad |= check_bool(c, row, C_LOCALGOV, v[C_LOCALGOV], &local_gov) < 0;
	rec->local_gov = local_gov == 1;
	int pref_ok = check_pref(c, row, v[C_PREF], rec) == 0;
	bad |= !pref_ok;
	bad |= check_muni(c, row, v[C_MUNI], local_gov, pref_ok, rec) < 0;
	bad |= check_bool(c, row, C_CEPTOAR, v[C_CEPTOAR], &rec->ceptoar_member) < 0;
	if (*v[C_CONTACT] && check_text(c, row, C_CONTACT, v[C_CONTACT], CONTACT_MAX, "担当者",
					"contact name") < 0)
		bad = 1;
	else
		kj_strlcpy(rec->contact_name, v[C_CONTACT], sizeof rec->contact_name);
	bad |= check_email(c, row, v[C_EMAIL], rec) < 0;
	bad |= check_phone(c, row, v[C_PHONE], rec) < 0;
	bad |= check_status(c, row, v[C_STATUS], rec) < 0;
	if (!bad)
		c->res->nrecords++;
}

/* Loads row R's trimmed values into C->v; returns 0 if every cell is empty. */
static int load_row(struct vctx *c, int r)
{
	int any = 0;
	for (int f = 0; f < NCOL; f++) {
		char *out = c->scratch + (size_t)f * (KJ_TABLE_CELL_MAX + 1);
		if (c->map[f] < 0) {
			out[0] = '\0';
		} else {
			trim_copy(cell_at(c->t, r, c->map[f]), out);
			any |= out[0] != '\0';
		}
		c->v[f] = out;
	}
	return any;
}

/* True if row R of T has a cell with more than spaces. */
static int row_blank(const struct kj_table *t, int r, char *tmp)
{
	for (int col = 0; col < t->ncols[r]; col++) {
		trim_copy(cell_at(t, r, col), tmp);
		if (*tmp)
			return 0;
	}
	return 1;
}

struct numrow {
	char num[14];
	int row;
};

static int cmp_numrow(const void *a, const void *b)
{
	const struct numrow *x = a, *y = b;
	int d = strcmp(x->num, y->num);
	return d ? d : (x->row > y->row) - (x->row < y->row);
}

/* Fills C->dup_of for the rows from FIRST on whose corporate number is valid. */
static int find_duplicates(struct vctx *c, int first, char *tmp)
{
	const struct kj_table *t = c->t;
	struct numrow *nr = malloc((size_t)t->nrows * sizeof *nr);
	if (!nr)
		return -1;
	int n = 0;
	for (int r = first; r < t->nrows; r++) {
		trim_copy(cell_at(t, r, c->map[C_NUMBER]), tmp);
		if (corpnum_norm(tmp, nr[n].num) == 0 && kj_corpnum_valid(nr[n].num))
			nr[n++].row = r + 1;
	}
	qsort(nr, (size_t)n, sizeof *nr, cmp_numrow);
	for (int i = 1; i < n; i++) {
		/* Sorted by row within a number: the first of a run is its first row. */
		if (!strcmp(nr[i].num, nr[i - 1].num))
			c->dup_of[nr[i].row - 1] = c->dup_of[nr[i - 1].row - 1] ?
						   c->dup_of[nr[i - 1].row - 1] : nr[i - 1].row;
	}
	free(nr);
	return 0;
}

/* Maps the header row H to fields; -1 with ERR for a list with wrong columns. */
static int map_header(struct vctx *c, int h, char *tmp, struct kj_err *err)
{
	const struct kj_table *t = c->t;
	char q[80];
	int width = 0;
	for (int r = h; r < t->nrows; r++)
		if (t->ncols[r] > width)
			width = t->ncols[r];
	for (int f = 0; f < NCOL; f++)
		c->map[f] = -1;
	for (int col = 0; col < width; col++) {
		trim_copy(cell_at(t, h, col), tmp);
		if (!*tmp) {
			/* A column without a header is fine only if nothing is under it. */
			for (int r = h + 1; r < t->nrows; r++) {
				char *cell = tmp + KJ_TABLE_CELL_MAX + 1;
				trim_copy(cell_at(t, r, col), cell);
				if (*cell) {
					kj_err_set(err, "%d列目に見出しがありませんが、%d行目に値があります / "
						   "column %d has no header but row %d has a value in it",
						   col + 1, r + 1, col + 1, r + 1);
					return -1;
				}
			}
			continue;
		}
		int f;
		for (f = 0; f < NCOL; f++)
			if (!strcmp(tmp, kj_registry_columns_ja[f]) || !strcasecmp(tmp, columns_en[f]))
				break;
		snippet(tmp, q);
		if (f == NCOL) {
			kj_err_set(err, "%d行目: 列「%s」は事業者一覧の列ではありません / row %d: "
				   "\"%s\" is not a column of the operator list", h + 1, q, h + 1, q);
			return -1;
		}
		if (c->map[f] >= 0) {
			kj_err_set(err, "%d行目: 列「%s」が2回あります / row %d: column \"%s\" appears "
				   "twice", h + 1, q, h + 1, q);
			return -1;
		}
		c->map[f] = col;
		kj_strlcpy(c->header[f], tmp, sizeof c->header[f]);
	}
	char ja[KJ_ERR_MAX / 2] = "", en[KJ_ERR_MAX / 2] = "";
	for (int f = 0; f < NCOL; f++) {
		if (!required[f] || c->map[f] >= 0)
			continue;
		size_t lj = strlen(ja), le = strlen(en);
		snprintf(ja + lj, sizeof ja - lj, "%s%s", lj ? "、" : "", kj_registry_columns_ja[f]);
		snprintf(en + le, sizeof en - le, "%s%s", le ? ", " : "", columns_en[f]);
	}
	if (*ja) {
		kj_err_set(err, "必須の列がありません: %s / required columns are missing: %s", ja, en);
		return -1;
	}
	/* Errors about a field whose column is absent name the Japanese header. */
	for (int f = 0; f < NCOL; f++)
		if (c->map[f] < 0)
			kj_strlcpy(c->header[f], kj_registry_columns_ja[f], sizeof c->header[f]);
	return 0;
}

int kj_registry_validate(const struct kj_table *t, const struct kj_catalog *cat,
			 struct kj_import_result *res, struct kj_err *err)
{
	memset(res, 0, sizeof *res);
	struct vctx *c = calloc(1, sizeof *c);
	/* Two cells' worth: a trimmed cell and, in map_header, the one below it. */
	char *tmp = malloc(2 * ((size_t)KJ_TABLE_CELL_MAX + 1));
	int rc = -1;
	if (!c || !tmp) {
		kj_err_set(err, "メモリが足りません / out of memory");
		goto done;
	}
	c->t = t;
	c->cat = cat;
	c->res = res;
	int brow, bcol;
	if (!cells_fit(t, &brow, &bcol)) {
		kj_err_set(err, "%d行目 %d列目: セルの内容が長すぎます（%dバイトまで） / row %d, "
			   "column %d: cell too long (limit %d bytes)", brow, bcol, KJ_TABLE_CELL_MAX,
			   brow, bcol, KJ_TABLE_CELL_MAX);
		goto done;
	}
	if (kj_reference_prefectures(c->prefs, err) < 0)
		goto done;
	/* The header is the first row with anything in it; rows before it are blank. */
	int h = 0;
	while (h < t->nrows && row_blank(t, h, tmp))
		h++;
	if (h == t->nrows) {
		kj_err_set(err, "ファイルが空です / the file is empty");
		goto done;
	}
	if (map_header(c, h, tmp, err) < 0)
		goto done;
	int ndata = 0;
	for (int r = h + 1; r < t->nrows; r++)
		ndata += !row_blank(t, r, tmp);
	if (ndata == 0) {
		kj_err_set(err, "データ行がありません（見出し行だけです） / there are no data rows "
			   "(only the header)");
		goto done;
	}
	c->scratch = malloc((size_t)NCOL * (KJ_TABLE_CELL_MAX + 1));
	c->dup_of = calloc((size_t)t->nrows, sizeof *c->dup_of);
	res->records = calloc((size_t)ndata, sizeof *res->records);
	if (!c->scratch || !c->dup_of || !res->records || find_duplicates(c, h + 1, tmp) < 0) {
		kj_err_set(err, "メモリが足りません / out of memory");
		goto done;
	}
	for (int r = h + 1; r < t->nrows; r++)
		if (load_row(c, r))
			check_row(c, r);
	rc = 0;
done:
	if (c) {
		free(c->scratch);
		free(c->dup_of);
	}
	free(c);
	free(tmp);
	if (rc < 0)
		kj_import_result_free(res);
	return rc;
}

void kj_import_result_free(struct kj_import_result *res)
{
	if (!res)
		return;
	free(res->records);
	free(res->errors);
	memset(res, 0, sizeof *res);
}

/* --- export ------------------------------------------------------------------- */

/*
 * The cells of REC in export order, Japanese words throughout, so that the
 * file reads naturally and imports again as the same record. SECTORS and
 * PREF are the caller's buffers for the two cells built here.
 */
static int record_cells(const struct kj_org_record *rec, const struct kj_catalog *cat,
			const struct kj_prefecture *prefs, const char *cells[NCOL],
			char sectors[256], char ministries[256])
{
	static const char *const sizes[][2] = {
		{ "large", "大規模" }, { "medium", "中規模" }, { "small", "小規模・地域" },
	};
	size_t o = 0;
	sectors[0] = '\0';
	for (int i = 0; i < rec->nsectors && i < KJ_ORG_SECTORS; i++) {
		int s = sector_find(cat, rec->sectors[i]);
		const char *name = s >= 0 ? cat->sectors[s].name_ja : rec->sectors[i];
		int w = snprintf(sectors + o, 256 - o, "%s%s", i ? "、" : "", name);
		if (w < 0 || (size_t)w >= 256 - o)
			return -1;
		o += (size_t)w;
	}
	cells[C_NUMBER] = rec->corporate_number;
	cells[C_NAME] = rec->name_ja;
	cells[C_KANA] = rec->name_kana;
	cells[C_SECTORS] = sectors;
	cells[C_SIZE] = rec->size_class;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		if (!strcmp(rec->size_class, sizes[i][0]))
			cells[C_SIZE] = sizes[i][1];
	cells[C_CORE] = rec->core_infra ? "はい" : "いいえ";
	cells[C_LOCALGOV] = rec->local_gov ? "はい" : "いいえ";
	cells[C_MUNI] = rec->municipality_code;
	cells[C_PREF] = rec->prefecture;
	for (int i = 0; prefs && i < KJ_PREFECTURES; i++)
		if (!strcmp(prefs[i].code, rec->prefecture))
			cells[C_PREF] = prefs[i].name_ja;
	cells[C_CEPTOAR] = rec->ceptoar_member ? "はい" : "いいえ";
	cells[C_CONTACT] = rec->contact_name;
	cells[C_EMAIL] = rec->contact_email;
	cells[C_PHONE] = rec->contact_phone;
	cells[C_STATUS] = rec->active ? "有効" : "廃止";
	o = 0;
	ministries[0] = '\0';
	for (int i = 0; i < rec->nministries && i < KJ_ORG_MINISTRIES; i++) {
		int m = ministry_find(cat, rec->ministries[i]);
		const char *name = m >= 0 ? cat->ministries[m].name_ja : rec->ministries[i];
		int w = snprintf(ministries + o, 256 - o, "%s%s", i ? "、" : "", name);
		if (w < 0 || (size_t)w >= 256 - o)
			return -1;
		o += (size_t)w;
	}
	cells[C_MINISTRIES] = ministries;
	return 0;
}

int kj_registry_csv_head(FILE *f)
{
	if (kj_csv_begin(f) < 0)
		return -1;
	for (int i = 0; i < NCOL; i++)
		if (kj_csv_field(f, kj_registry_columns_ja[i], i == NCOL - 1) < 0)
			return -1;
	return 0;
}

int kj_registry_csv_row(FILE *f, const struct kj_org_record *rec,
			const struct kj_catalog *cat, const struct kj_prefecture *prefs)
{
	const char *cells[NCOL];
	char sectors[256], ministries[256];
	if (record_cells(rec, cat, prefs, cells, sectors, ministries) < 0)
		return -1;
	/* kj_csv_field neutralises anything a spreadsheet would run. */
	for (int i = 0; i < NCOL; i++)
		if (kj_csv_field(f, cells[i], i == NCOL - 1) < 0)
			return -1;
	return 0;
}

int kj_registry_stream_csv(FILE *f, kj_org_next_fn next, void *ctx,
			   const struct kj_catalog *cat, long *rows)
{
	struct kj_prefecture prefs[KJ_PREFECTURES];
	struct kj_org_record rec;
	int rc;
	*rows = 0;
	if (kj_reference_prefectures(prefs, NULL) < 0 || kj_registry_csv_head(f) < 0)
		return -1;
	while ((rc = next(ctx, &rec)) > 0) {
		if (kj_registry_csv_row(f, &rec, cat, prefs) < 0)
			return -1;
		++*rows;
	}
	if (rc < 0)
		return -1;
	return fflush(f) == 0 ? 0 : -1;
}

/* A source over an array of records. */
struct array_source {
	const struct kj_org_record *recs;
	int n, at;
};

static int array_next(void *ctx, struct kj_org_record *r)
{
	struct array_source *a = ctx;
	if (a->at >= a->n)
		return 0;
	*r = a->recs[a->at++];
	return 1;
}

int kj_registry_write_csv(FILE *f, const struct kj_org_record *records, int n,
			  const struct kj_catalog *cat)
{
	struct array_source a = { records, n, 0 };
	long rows;
	return kj_registry_stream_csv(f, array_next, &a, cat, &rows);
}

/*
 * A cell's text as xlsx stores it: OOXML reads "_xHHHH_" as an escaped
 * character, so a literal one is written with its underscore escaped
 * ("_x005F_"), or the text would not read back as it was.
 */
static int xlsx_escape(const char *s, char *out, size_t n)
{
	size_t o = 0;
	for (const char *p = s; *p; p++) {
		int lit = p[0] == '_' && p[1] == 'x' && isxdigit((unsigned char)p[2]) &&
			  isxdigit((unsigned char)p[3]) && isxdigit((unsigned char)p[4]) &&
			  isxdigit((unsigned char)p[5]) && p[6] == '_';
		const char *put = lit ? "_x005F_" : NULL;
		size_t len = lit ? 7 : 1;
		if (o + len + 1 > n)
			return -1;
		if (put)
			memcpy(out + o, put, len);
		else
			out[o] = *p;
		o += len;
	}
	out[o] = '\0';
	return 0;
}

int kj_registry_stream_xlsx(const char *path, kj_org_next_fn next, void *ctx,
			    const struct kj_catalog *cat, long *rows, struct kj_err *err)
{
	/* Widths in characters, roughly what each column holds. */
	static const double widths[NCOL] = {
		16, 36, 36, 24, 14, 10, 10, 10, 10, 10, 18, 30, 16, 8,
	};
	struct kj_prefecture prefs[KJ_PREFECTURES];
	if (kj_reference_prefectures(prefs, err) < 0)
		return -1;
	/* Each row goes to a temporary file as it is written, not kept in memory:
	 * cells are then inline strings, which every reader (ours included) reads. */
	lxw_workbook_options opts = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb = workbook_new_opt(path, &opts);
	*rows = 0;
	if (!wb) {
		kj_err_set(err, "cannot create %s", path);
		return -1;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, "事業者一覧");
	lxw_format *head = workbook_add_format(wb);
	lxw_format *text = workbook_add_format(wb);
	lxw_error e = ws && head && text ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
	if (!e) {
		format_set_bold(head);
		format_set_num_format(head, "@");
		/* Text cells: Excel then keeps "01" and 13-digit numbers as typed. */
		format_set_num_format(text, "@");
		for (int i = 0; i < NCOL && !e; i++)
			e = worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], text);
		for (int i = 0; i < NCOL && !e; i++)
			e = worksheet_write_string(ws, 0, (lxw_col_t)i, kj_registry_columns_ja[i], head);
		if (!e)
			worksheet_freeze_panes(ws, 1, 0);
	}
	struct kj_org_record rec;
	const char *why = NULL;
	int more = 0;
	for (long r = 0; !e && (more = next(ctx, &rec)) > 0; r++) {
		const char *cells[NCOL];
		char sectors[256], ministries[256];
		if (r + 1 >= 1048576) {
			why = "too many operators for one worksheet";
			break;
		}
		if (record_cells(&rec, cat, prefs, cells, sectors, ministries) < 0) {
			e = LXW_ERROR_PARAMETER_VALIDATION;
			break;
		}
		/* Strings only: worksheet_write_string never makes a formula. */
		for (int i = 0; i < NCOL && !e; i++) {
			char esc[2 * KJ_TABLE_CELL_MAX];
			if (!*cells[i])
				continue;
			if (xlsx_escape(cells[i], esc, sizeof esc) < 0) {
				e = LXW_ERROR_PARAMETER_VALIDATION;
				break;
			}
			e = worksheet_write_string(ws, (lxw_row_t)r + 1, (lxw_col_t)i, esc, text);
		}
		if (!e)
			++*rows;
	}
	if (more < 0)
		why = "cannot read the registry";
	/* workbook_close writes the file and frees WB whatever happened before. */
	lxw_error ce = workbook_close(wb);
	if (e || ce || why) {
		if (why)
			kj_err_set(err, "cannot write %s: %s", path, why);
		else
			kj_err_set(err, "cannot write %s: %s", path, lxw_strerror(e ? e : ce));
		unlink(path);
		return -1;
	}
	return 0;
}

int kj_registry_write_xlsx(const char *path, const struct kj_org_record *records,
			   int n, const struct kj_catalog *cat, struct kj_err *err)
{
	struct array_source a = { records, n, 0 };
	long rows;
	return kj_registry_stream_xlsx(path, array_next, &a, cat, &rows, err);
}
