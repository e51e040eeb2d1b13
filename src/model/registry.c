/*
 * The operator list (重要インフラ事業者等の一覧): validation of an uploaded
 * table row by row. The export in the same columns, so that an exported
 * list edited in Excel imports again unchanged, is export/registry_out.c.
 *
 * Every reason is written for the official who fixes the file: Japanese
 * first, naming the row as the spreadsheet numbers it and the column by the
 * header the file uses. Each bad cell gives one error; a check that depends
 * on another cell (団体コード against 都道府県) runs only once that cell is
 * known to be good, so one mistake never shows up as two.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/cell_text.h"
#include "model/corpnum.h"
#include "model/reference.h"
#include "model/registry.h"

const char *const kj_registry_columns_ja[KJ_REG_NCOL] = {
	"法人番号", "名称", "名称カナ", "分野", "規模", "基幹インフラ事業者",
	"地方公共団体", "団体コード", "都道府県", "セプター加盟", "担当者", "メール",
	"電話", "状態", "所管省庁",
};
const int kj_registry_ncolumns = KJ_REG_NCOL;

static const char *const columns_en[KJ_REG_NCOL] = {
	"corporate_number", "name", "name_kana", "sectors", "size_class", "core_infra",
	"local_government", "municipality_code", "prefecture", "ceptoar_member",
	"contact_name", "contact_email", "contact_phone", "status", "ministries",
};

static const int required[KJ_REG_NCOL] = {
	[KJ_REG_NUMBER] = 1, [KJ_REG_NAME] = 1, [KJ_REG_SECTORS] = 1, [KJ_REG_SIZE] = 1,
	[KJ_REG_PREF] = 1,
};

/* Byte limits of the free-text fields, from the record's arrays. */
#define KANA_MAX	KJ_ORG_NAME_MAX
#define CONTACT_MAX	100
#define EMAIL_MAX	254
#define PHONE_MAX	31

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
	int map[KJ_REG_NCOL];			/* table column of each field, -1 if absent */
	char header[KJ_REG_NCOL][48];		/* the header as the file has it */
	int errcap;
	char *scratch;			/* trimmed values of one row */
	const char *v[KJ_REG_NCOL];
	int *dup_of;			/* per table row: the first row with its number, or 0 */
};

static void add_error(struct vctx *c, int row, int col, const char *ja, const char *en)
{
	/* Out of memory: still counted in nerrors, so the import is refused. */
	kj_row_error_add(&c->res->errors, &c->res->nerrors, &c->errcap, row,
			 col >= 0 ? c->header[col] : NULL, ja, en);
}

/*
 * The common checks of a free-text field: not a formula, one line, at most
 * MAX bytes. Returns 0 if V is fine.
 */
static int check_text(struct vctx *c, int row, int col, const char *v, size_t max,
		      const char *label_ja, const char *label_en)
{
	char ja[256], en[256];
	if (kj_cell_formula(v)) {
		add_error(c, row, col, "数式として解釈される文字（= + - @）で始まる値は登録できません",
			  "a value starting with = + - @ would run as a spreadsheet formula and "
			  "is refused");
		return -1;
	}
	if (kj_cell_has_control(v)) {
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
	return kj_cell_narrow_digits(v, d, sizeof d) == 0 && kj_cell_all_digits(d, 13) &&
	       kj_strlcpy(out, d, 14) == 0 ? 0 : -1;
}

static int check_number(struct vctx *c, int row, const char *v, char out[14])
{
	if (!*v) {
		add_error(c, row, KJ_REG_NUMBER, "法人番号がありません", "the corporate number is missing");
		return -1;
	}
	if (corpnum_norm(v, out) < 0) {
		add_error(c, row, KJ_REG_NUMBER, "法人番号は13桁の数字で入力してください",
			  "the corporate number must be 13 digits");
		return -1;
	}
	if (!kj_corpnum_valid(out)) {
		add_error(c, row, KJ_REG_NUMBER, "法人番号のチェックディジットが正しくありません",
			  "the check digit of the corporate number is wrong");
		return -1;
	}
	int first = c->dup_of[row - 1];
	if (first) {
		char ja[256], en[256];
		snprintf(ja, sizeof ja, "法人番号 %s は%d行目と重複しています", out, first);
		snprintf(en, sizeof en, "corporate number %s duplicates row %d", out, first);
		add_error(c, row, KJ_REG_NUMBER, ja, en);
		return -1;
	}
	return 0;
}

int kj_registry_sector_find(const struct kj_catalog *cat, const char *name)
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
		add_error(c, row, KJ_REG_SECTORS, "分野がありません", "the sector is missing");
		return -1;
	}
	/* V is a trimmed cell: at most KJ_TABLE_CELL_MAX bytes. */
	char *tok = malloc(strlen(v) + 1), *one = malloc(strlen(v) + 1);
	int rc = -1, idx[KJ_ORG_SECTORS], n = 0;
	if (!tok || !one) {
		add_error(c, row, KJ_REG_SECTORS, "メモリが足りません", "out of memory");
		goto done;
	}
	for (const char *p = v; kj_cell_list_next(&p, tok, one);) {
		if (!*one)
			continue;
		int s = kj_registry_sector_find(c->cat, one);
		if (s < 0) {
			kj_cell_snippet(one, q);
			snprintf(ja, sizeof ja, "分野「%s」は統一基準の分野にありません"
				 "（例: 電力、金融、electricity）", q);
			snprintf(en, sizeof en, "\"%s\" is not a sector of the Unified Standard "
				 "(e.g. 電力, electricity)", q);
			add_error(c, row, KJ_REG_SECTORS, ja, en);
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
			add_error(c, row, KJ_REG_SECTORS, ja, en);
			goto done;
		}
		idx[n++] = s;
	}
	if (n == 0) {
		add_error(c, row, KJ_REG_SECTORS, "分野がありません", "the sector is missing");
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

int kj_registry_ministry_find(const struct kj_catalog *cat, const char *name)
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
		int s = kj_registry_sector_find(cat, rec->sectors[i]);
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
	rec->ministries_given = c->map[KJ_REG_MINISTRIES] >= 0;
	if (!*v)
		return 0;
	char *tok = malloc(strlen(v) + 1), *one = malloc(strlen(v) + 1);
	int rc = -1, n = 0;
	if (!tok || !one) {
		add_error(c, row, KJ_REG_MINISTRIES, "メモリが足りません", "out of memory");
		goto done;
	}
	for (const char *p = v; kj_cell_list_next(&p, tok, one);) {
		if (!*one)
			continue;
		int m = kj_registry_ministry_find(c->cat, one);
		kj_cell_snippet(one, q);
		if (m < 0) {
			snprintf(ja, sizeof ja, "「%s」は重要インフラ所管省庁にありません"
				 "（例: 総務省、mic）", q);
			snprintf(en, sizeof en, "\"%s\" is not a ministry of the critical "
				 "infrastructure sectors (e.g. 総務省, mic)", q);
			add_error(c, row, KJ_REG_MINISTRIES, ja, en);
			goto done;
		}
		if (sectors_ok && !ministry_holds(c->cat, m, rec)) {
			snprintf(ja, sizeof ja, "%sはこの事業者の分野を所管していません", q);
			snprintf(en, sizeof en, "%s holds none of this operator's sectors", q);
			add_error(c, row, KJ_REG_MINISTRIES, ja, en);
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
			add_error(c, row, KJ_REG_MINISTRIES, "所管省庁が多すぎます", "too many ministries");
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
	int i = kj_cell_word(v, words);
	if (i < 0) {
		add_error(c, row, KJ_REG_SIZE, *v ? "規模は「大規模」「中規模」「小規模・地域」のいずれかで"
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
	return kj_cell_word(v, yes) >= 0 ? 1 : kj_cell_word(v, no) >= 0 ? 0 : -1;
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
	if (kj_cell_narrow_digits(v, d, sizeof d) == 0 &&
	    (kj_cell_all_digits(d, 1) || kj_cell_all_digits(d, 2)) &&
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
		add_error(c, row, KJ_REG_PREF, "都道府県がありません", "the prefecture is missing");
		return -1;
	}
	int i = pref_find(c, v);
	if (i < 0) {
		kj_cell_snippet(v, q);
		snprintf(ja, sizeof ja, "都道府県「%s」が分かりません（01〜47 のコードか、"
			 "東京都 のような名前で入力してください）", q);
		snprintf(en, sizeof en, "unknown prefecture \"%s\" (use a code 01-47 or a name "
			 "such as 東京都 or Tokyo)", q);
		add_error(c, row, KJ_REG_PREF, ja, en);
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
	int col = c->map[KJ_REG_MUNI] >= 0 ? KJ_REG_MUNI : KJ_REG_LOCALGOV;
	if (!*v) {
		if (local_gov != 1 || special_local_body(rec->name_ja))
			return 0;
		add_error(c, row, col, "地方公共団体の場合は団体コード（6桁）が必要です",
			  "a local government needs its municipality code (6 digits)");
		return -1;
	}
	if (kj_cell_narrow_digits(v, d, sizeof d) < 0 || !kj_cell_all_digits(d, 6)) {
		add_error(c, row, KJ_REG_MUNI, "団体コードは6桁の数字で入力してください（検査数字を含む）",
			  "the municipality code must be 6 digits (with its check digit)");
		return -1;
	}
	if (kj_municipality_check_digit(d) != d[5] - '0') {
		add_error(c, row, KJ_REG_MUNI, "団体コードのチェックディジットが正しくありません",
			  "the check digit of the municipality code is wrong");
		return -1;
	}
	if (local_gov == 0) {
		add_error(c, row, KJ_REG_MUNI, "団体コードは地方公共団体にだけ入力します"
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
		add_error(c, row, KJ_REG_MUNI, ja, en);
		return -1;
	}
	kj_strlcpy(rec->municipality_code, d, sizeof rec->municipality_code);
	return 0;
}

static int check_email(struct vctx *c, int row, const char *v, struct kj_org_record *rec)
{
	if (!*v)
		return 0;
	if (check_text(c, row, KJ_REG_EMAIL, v, EMAIL_MAX, "メールアドレス", "e-mail address") < 0)
		return -1;
	const char *at = strchr(v, '@');
	int ok = at && at > v && at[1] && !strchr(at + 1, '@') &&
		 !strpbrk(v, " ,;<>\"") && !strstr(v, "\xe3\x80\x80");
	if (!ok) {
		add_error(c, row, KJ_REG_EMAIL, "メールアドレスの形式が正しくありません",
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
	if (check_text(c, row, KJ_REG_PHONE, v, sizeof d - 1, "電話番号", "phone number") < 0)
		return -1;
	/* It starts with a digit or "(" once narrowed: "－1" would become "-1",
	 * which a spreadsheet reads as a formula and the export neutralises. */
	int ok = kj_cell_narrow_digits(v, d, sizeof d) == 0 && strlen(d) <= PHONE_MAX &&
		 ((d[0] >= '0' && d[0] <= '9') || d[0] == '(') && strpbrk(d, "0123456789") &&
		 strspn(d, "0123456789-() +") == strlen(d);
	if (!ok) {
		add_error(c, row, KJ_REG_PHONE, "電話番号は数字とハイフンで入力してください（31文字まで）",
			  "the phone number must be digits and hyphens (at most 31)");
		return -1;
	}
	kj_strlcpy(rec->contact_phone, d, sizeof rec->contact_phone);
	return 0;
}

static int check_status(struct vctx *c, int row, const char *v, struct kj_org_record *rec)
{
	static const char *const words[] = { "", "有効", "active", "廃止", "retired", NULL };
	int i = kj_cell_word(v, words);
	if (i < 0) {
		add_error(c, row, KJ_REG_STATUS, "状態は「有効」か「廃止」で入力してください（空欄は「有効」）",
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

	bad |= check_number(c, row, v[KJ_REG_NUMBER], rec->corporate_number) < 0;
	if (!*v[KJ_REG_NAME]) {
		add_error(c, row, KJ_REG_NAME, "名称がありません", "the name is missing");
		bad = 1;
	} else if (check_text(c, row, KJ_REG_NAME, v[KJ_REG_NAME], KJ_ORG_NAME_MAX, "名称",
			      "name") < 0) {
		bad = 1;
	} else {
		kj_strlcpy(rec->name_ja, v[KJ_REG_NAME], sizeof rec->name_ja);
	}
	if (*v[KJ_REG_KANA] && check_text(c, row, KJ_REG_KANA, v[KJ_REG_KANA], KANA_MAX, "名称カナ",
				     "name reading") < 0)
		bad = 1;
	else
		kj_strlcpy(rec->name_kana, v[KJ_REG_KANA], sizeof rec->name_kana);
	int sectors_ok = check_sectors(c, row, v[KJ_REG_SECTORS], rec) == 0;
	bad |= !sectors_ok;
	bad |= check_ministries(c, row, v[KJ_REG_MINISTRIES], sectors_ok, rec) < 0;
	bad |= check_size(c, row, v[KJ_REG_SIZE], rec) < 0;
	bad |= check_bool(c, row, KJ_REG_CORE, v[KJ_REG_CORE], &rec->core_infra) < 0;
	int local_gov;
	bad |= check_bool(c, row, KJ_REG_LOCALGOV, v[KJ_REG_LOCALGOV], &local_gov) < 0;
	rec->local_gov = local_gov == 1;
	int pref_ok = check_pref(c, row, v[KJ_REG_PREF], rec) == 0;
	bad |= !pref_ok;
	bad |= check_muni(c, row, v[KJ_REG_MUNI], local_gov, pref_ok, rec) < 0;
	bad |= check_bool(c, row, KJ_REG_CEPTOAR, v[KJ_REG_CEPTOAR], &rec->ceptoar_member) < 0;
	if (*v[KJ_REG_CONTACT] && check_text(c, row, KJ_REG_CONTACT, v[KJ_REG_CONTACT],
					     CONTACT_MAX, "担当者", "contact name") < 0)
		bad = 1;
	else
		kj_strlcpy(rec->contact_name, v[KJ_REG_CONTACT], sizeof rec->contact_name);
	bad |= check_email(c, row, v[KJ_REG_EMAIL], rec) < 0;
	bad |= check_phone(c, row, v[KJ_REG_PHONE], rec) < 0;
	bad |= check_status(c, row, v[KJ_REG_STATUS], rec) < 0;
	if (!bad)
		c->res->nrecords++;
}

/* Loads row R's trimmed values into C->v; returns 0 if every cell is empty. */
static int load_row(struct vctx *c, int r)
{
	int any = 0;
	for (int f = 0; f < KJ_REG_NCOL; f++) {
		char *out = c->scratch + (size_t)f * (KJ_TABLE_CELL_MAX + 1);
		if (c->map[f] < 0) {
			out[0] = '\0';
		} else {
			kj_cell_trim(cell_at(c->t, r, c->map[f]), out);
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
		kj_cell_trim(cell_at(t, r, col), tmp);
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
		kj_cell_trim(cell_at(t, r, c->map[KJ_REG_NUMBER]), tmp);
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
	for (int f = 0; f < KJ_REG_NCOL; f++)
		c->map[f] = -1;
	for (int col = 0; col < width; col++) {
		kj_cell_trim(cell_at(t, h, col), tmp);
		if (!*tmp) {
			/* A column without a header is fine only if nothing is under it. */
			for (int r = h + 1; r < t->nrows; r++) {
				char *cell = tmp + KJ_TABLE_CELL_MAX + 1;
				kj_cell_trim(cell_at(t, r, col), cell);
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
		for (f = 0; f < KJ_REG_NCOL; f++)
			if (!strcmp(tmp, kj_registry_columns_ja[f]) || !strcasecmp(tmp, columns_en[f]))
				break;
		kj_cell_snippet(tmp, q);
		if (f == KJ_REG_NCOL) {
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
	for (int f = 0; f < KJ_REG_NCOL; f++) {
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
	for (int f = 0; f < KJ_REG_NCOL; f++)
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
	c->scratch = malloc((size_t)KJ_REG_NCOL * (KJ_TABLE_CELL_MAX + 1));
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
