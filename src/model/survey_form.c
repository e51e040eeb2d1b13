/*
 * The offline form's layout, identifier and checks; see survey_form.h.
 *
 * Identifier: "KJF1.SURVEY.CORPORATE_NUMBER.DIGEST.REVISION.MAC" with DIGEST
 * the question set's BLAKE2b-128 in hex and MAC the BLAKE2b-128, keyed with
 * kj_audit_subkey("kijun.form.v1"), of everything before it. A visit's
 * form (issue 15): "KJV1.VISIT.…" keyed with "kijun.visitform.v1".
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "model/audit.h"
#include "model/survey_form.h"

#define FORM_ID_PREFIX "KJF1"
#define FORM_KEY_PURPOSE "kijun.form.v1"
#define VISIT_ID_PREFIX "KJV1"
#define VISIT_KEY_PURPOSE "kijun.visitform.v1"
#define FORM_HASH_BYTES 16

const char *const kj_form_columns_ja[KJ_FORM_COLS] = {
	"項目", "機能", "要求事項", "回答(0-4/該当なし)", "該当なしの理由", "コメント",
	"根拠資料", "前年度の回答",
};

static const char *const visit_columns_ja[KJ_FORM_COLS] = {
	"項目", "機能", "要求事項", "確認した水準(0-4/該当なし)", "該当なしの理由", "指摘事項",
	"確認した証跡", "自己申告の水準",
};

const char *const *kj_form_columns(enum kj_form_kind kind)
{
	return kind == KJ_FORM_KIND_VISIT ? visit_columns_ja : kj_form_columns_ja;
}

const char *kj_form_mark(enum kj_form_kind kind)
{
	return kind == KJ_FORM_KIND_VISIT ? KJ_FORM_VISIT_MARK : KJ_FORM_MARK;
}

static const char *id_prefix(enum kj_form_kind kind)
{
	return kind == KJ_FORM_KIND_VISIT ? VISIT_ID_PREFIX : FORM_ID_PREFIX;
}

const char *const kj_form_level_choices[KJ_LEVEL_MAX + 2] = {
	"0: 未実施", "1: 検討中", "2: 一部実施", "3: 実施", "4: 実施・継続的改善", "該当なし",
};

const char *kj_form_level_choice(int level)
{
	if (level >= KJ_LEVEL_MIN && level <= KJ_LEVEL_MAX)
		return kj_form_level_choices[level];
	return level == KJ_LEVEL_NA ? kj_form_level_choices[KJ_LEVEL_MAX + 1] : "";
}

void kj_form_cell(int row, int col, char out[16])
{
	char rev[8];
	int n = 0, c = col + 1;
	while (c > 0 && n < 7) {
		rev[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	snprintf(out + n, (size_t)(16 - n), "%d", row + 1);
}

/* --- the question set's digest and the identifier ------------------------- */

/* Hashes S (NULL as "") with its length first, so fields never run together;
 * carriage returns are left out (a spreadsheet may add them to line ends). */
static void put(crypto_generichash_state *h, const char *s)
{
	unsigned char len[8];
	uint64_t n = 0;
	s = s ? s : "";
	for (const char *p = s; *p; p++)
		n += *p != '\r';
	for (int i = 7; i >= 0; i--, n >>= 8)
		len[i] = (unsigned char)(n & 0xff);
	crypto_generichash_update(h, len, sizeof len);
	for (const char *p = s; *p;) {
		size_t k = strcspn(p, "\r");
		if (k)
			crypto_generichash_update(h, (const unsigned char *)p, k);
		p += k;
		if (*p)
			p++;
	}
}

static void hex(const unsigned char *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The MAC of TEXT into OUT (hex), keyed for a form of KIND. */
static int mac(enum kj_form_kind kind, const char *text, char out[KJ_FORM_DIGEST_HEX])
{
	unsigned char key[crypto_generichash_KEYBYTES], d[FORM_HASH_BYTES];
	if (kj_audit_subkey(kind == KJ_FORM_KIND_VISIT ? VISIT_KEY_PURPOSE : FORM_KEY_PURPOSE,
			    key, sizeof key) < 0)
		return -1;
	crypto_generichash(d, sizeof d, (const unsigned char *)text, strlen(text), key, sizeof key);
	sodium_memzero(key, sizeof key);
	hex(d, sizeof d, out);
	return 0;
}

/*
 * The requirement rows come first and are the same in every form of a
 * survey (its standard version's): each thread keeps the hash's state after
 * them for the last rows it sealed, known by the version and the rows'
 * items and the addresses of their texts (a parsed version is kept once per
 * connection, so its forms share them), and the forms of one survey hash
 * only what is theirs (an import seals thousands).
 */
static _Thread_local struct {
	enum kj_form_kind kind;
	char version[64];
	uint64_t rows;
	int nreq;
	crypto_generichash_state h;
} seal_kept;

/* What tells F's first NREQ rows apart: FNV-1a over their items and the
 * addresses of their function names and texts. */
static uint64_t rows_key(const struct kj_answer_form *f, int nreq)
{
	uint64_t k = 14695981039346656037u;
	for (int i = 0; i < nreq; i++) {
		const struct kj_form_row *r = &f->rows[i];
		uintptr_t a[2] = { (uintptr_t)r->function, (uintptr_t)r->text };
		const unsigned char *b = (const unsigned char *)a;
		for (size_t j = 0; j < sizeof a; j++)
			k = (k ^ b[j]) * 1099511628211u;
		for (const char *p = r->item; *p; p++)
			k = (k ^ (unsigned char)*p) * 1099511628211u;
	}
	return k;
}

/* H after the hash's head and F's first NREQ rows (requirements). */
static void seal_head(crypto_generichash_state *h, const struct kj_answer_form *f, int nreq)
{
	uint64_t key = rows_key(f, nreq);
	if (nreq && seal_kept.nreq == nreq && seal_kept.rows == key &&
	    seal_kept.kind == f->kind && !strcmp(seal_kept.version, f->version)) {
		*h = seal_kept.h;
		return;
	}
	crypto_generichash_init(h, NULL, 0, FORM_HASH_BYTES);
	put(h, f->kind == KJ_FORM_KIND_VISIT ? "kijun.visit.items.v1" : "kijun.form.questions.v1");
	put(h, f->version);
	for (int i = 0; i < nreq; i++) {
		const struct kj_form_row *r = &f->rows[i];
		put(h, r->item);
		put(h, r->function);
		put(h, r->text);
		put(h, "-1");
		put(h, "");
		put(h, r->required ? "1" : "0");
	}
	if (strlen(f->version) < sizeof seal_kept.version) {
		kj_strlcpy(seal_kept.version, f->version, sizeof seal_kept.version);
		seal_kept.rows = key;
		seal_kept.nreq = nreq;
		seal_kept.kind = f->kind;
		seal_kept.h = *h;
	}
}

int kj_form_seal(struct kj_answer_form *f)
{
	unsigned char d[FORM_HASH_BYTES];
	char m[KJ_FORM_DIGEST_HEX], kind[8];
	crypto_generichash_state h;
	int nreq = 0;
	if (sodium_init() < 0)
		return -1;
	while (nreq < f->nrows && !f->rows[nreq].question)
		nreq++;
	seal_head(&h, f, nreq);
	for (int i = nreq; i < f->nrows; i++) {
		const struct kj_form_row *r = &f->rows[i];
		snprintf(kind, sizeof kind, "%d", r->question ? (int)r->kind : -1);
		put(&h, r->item);
		put(&h, r->function);
		put(&h, r->text);
		put(&h, kind);
		put(&h, r->question ? r->choices : "");
		put(&h, r->required ? "1" : "0");
	}
	crypto_generichash_final(&h, d, sizeof d);
	hex(d, sizeof d, f->digest);
	int w = snprintf(f->id, sizeof f->id, "%s.%" PRId64 ".%s.%s.%ld", id_prefix(f->kind),
			 f->survey, f->corporate_number, f->digest, f->revision);
	if (w < 0 || (size_t)w >= sizeof f->id - KJ_FORM_DIGEST_HEX || mac(f->kind, f->id, m) < 0)
		return -1;
	size_t n = strlen(f->id);
	snprintf(f->id + n, sizeof f->id - n, ".%s", m);
	return 0;
}

static const struct kj_answer_fault id_malformed = {
	"様式の識別子が読めません。kijun からダウンロードした様式を使ってください",
	"the form's identifier cannot be read: use a form downloaded from kijun",
};
static const struct kj_answer_fault id_edited = {
	"様式の識別子が書き換えられているか、別のシステムの様式です。新しい様式をダウンロードしてください",
	"the form's identifier was edited or comes from another installation: download a new form",
};

static int all_in(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr(set, s[i]))
			return 0;
	return n > 0;
}

const struct kj_answer_fault *kj_form_id_parse(const char *s, struct kj_form_id *id)
{
	return kj_form_id_parse_kind(KJ_FORM_KIND_ANSWER, s, id);
}

const struct kj_answer_fault *kj_form_id_parse_kind(enum kj_form_kind kind, const char *s,
						    struct kj_form_id *id)
{
	const char *part[6];
	size_t len[6];
	char text[KJ_FORM_ID_MAX], m[KJ_FORM_DIGEST_HEX];
	memset(id, 0, sizeof *id);
	if (!s || strlen(s) >= KJ_FORM_ID_MAX)
		return &id_malformed;
	const char *p = s;
	for (int i = 0; i < 6; i++) {
		const char *dot = strchr(p, '.');
		if ((i < 5) != (dot != NULL))
			return &id_malformed;
		part[i] = p;
		len[i] = dot ? (size_t)(dot - p) : strlen(p);
		p = dot ? dot + 1 : p + len[i];
	}
	if (len[0] != 4 || memcmp(part[0], id_prefix(kind), 4) ||
	    !all_in(part[1], len[1], "0123456789") || len[1] > 18 ||
	    len[2] != 13 || !all_in(part[2], 13, "0123456789") ||
	    len[3] != KJ_FORM_DIGEST_HEX - 1 || !all_in(part[3], len[3], "0123456789abcdef") ||
	    !all_in(part[4], len[4], "0123456789") || len[4] > 9 ||
	    len[5] != KJ_FORM_DIGEST_HEX - 1 || !all_in(part[5], len[5], "0123456789abcdef"))
		return &id_malformed;
	size_t body = (size_t)(part[5] - s) - 1;
	memcpy(text, s, body);
	text[body] = '\0';
	if (mac(kind, text, m) < 0 || sodium_memcmp(m, part[5], KJ_FORM_DIGEST_HEX - 1) != 0)
		return &id_edited;
	char num[24];
	long long sv = 0;
	long rev = 0;
	memcpy(num, part[1], len[1]);
	num[len[1]] = '\0';
	for (const char *q = num; *q; q++)
		sv = sv * 10 + (*q - '0');
	memcpy(num, part[4], len[4]);
	num[len[4]] = '\0';
	if (kj_parse_long(num, 0, 999999999L, &rev) < 0 || sv <= 0)
		return &id_malformed;
	id->kind = kind;
	id->survey = (int64_t)sv;
	memcpy(id->corporate_number, part[2], 13);
	id->corporate_number[13] = '\0';
	memcpy(id->digest, part[3], len[3]);
	id->digest[len[3]] = '\0';
	id->revision = rev;
	return NULL;
}

/* --- the check of a returned form ----------------------------------------- */

const char *kj_form_cell_text(const struct kj_table *t, int row, int col)
{
	const char *s = kj_table_cell(t, row, col);
	if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
		return s + 1;
	return s;
}

/* Equal but for carriage returns and trailing blanks. */
static int same_text(const char *a, const char *b)
{
	if (!strcmp(a, b))	/* nearly every fixed cell comes back as written */
		return 1;
	for (;;) {
		while (*a == '\r')
			a++;
		while (*b == '\r')
			b++;
		if (!*a || !*b)
			break;
		if (*a != *b)
			return 0;
		a++;
		b++;
	}
	a += strspn(a, " \t\r\n");
	b += strspn(b, " \t\r\n");
	return !*a && !*b;
}

/* Drops the carriage return of each CR LF in S (a cell of the table, ours to edit). */
static void crlf(const char *cs)
{
	char *s = (char *)cs, *o = s;
	if (!*s)
		return;	/* perhaps the shared "" past a row's end */
	for (; *s; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			*o++ = *s;
	*o = '\0';
}

static int bad(struct kj_form_check *c, int row, int col, const char *ja, const char *en)
{
	char cell[16];
	kj_form_cell(row, col, cell);
	char fja[320], fen[320];
	snprintf(fja, sizeof fja, "セル %s: %s", cell, ja);
	snprintf(fen, sizeof fen, "cell %s: %s", cell, en);
	return kj_row_error_add(&c->errors, &c->nerrors, &c->caperrors, row + 1, cell, fja, fen);
}

static int bad_fault(struct kj_form_check *c, int row, int col, const struct kj_answer_fault *f)
{
	return bad(c, row, col, f->ja, f->en);
}

static int check_id(const struct kj_answer_form *want, const struct kj_table *t,
		    struct kj_form_check *c)
{
	char ja[256], en[256];
	const struct kj_answer_fault *f;
	int visit = want->kind == KJ_FORM_KIND_VISIT;
	if (strcmp(kj_table_cell(t, KJ_FORM_ID_ROW, 0), kj_form_mark(want->kind)))
		return visit ? bad(c, KJ_FORM_ID_ROW, 0, "kijun の実地調査の記録様式ではありません。"
				   "訪問の画面から様式をダウンロードしてください", "not a kijun "
				   "visit record form: download the form from the visit's page")
			     : bad(c, KJ_FORM_ID_ROW, 0, "kijun の回答様式ではありません。調査の回答画面から"
				   "様式をダウンロードしてください", "not a kijun answer form: download "
				   "the form from the survey's answer page");
	if ((f = kj_form_id_parse_kind(want->kind, kj_table_cell(t, KJ_FORM_ID_ROW, 1), &c->id)))
		return bad_fault(c, KJ_FORM_ID_ROW, 1, f);
	if (c->id.survey != want->survey) {
		snprintf(ja, sizeof ja, visit ? "別の訪問（訪問 %" PRId64 "）の様式です"
					      : "別の調査（調査 %" PRId64 "）の様式です", c->id.survey);
		snprintf(en, sizeof en, visit ? "the form of another visit (visit %" PRId64 ")"
					      : "the form of another survey (survey %" PRId64 ")",
			 c->id.survey);
		return bad(c, KJ_FORM_ID_ROW, 1, ja, en);
	}
	if (strcmp(c->id.corporate_number, want->corporate_number)) {
		snprintf(ja, sizeof ja, "別の事業者（法人番号 %s）の様式です", c->id.corporate_number);
		snprintf(en, sizeof en, "the form of another operator (corporate number %s)",
			 c->id.corporate_number);
		return bad(c, KJ_FORM_ID_ROW, 1, ja, en);
	}
	if (strcmp(c->id.digest, want->digest))
		return visit ? bad(c, KJ_FORM_ID_ROW, 1, "ダウンロード後に対象の要求事項が変わりました。"
				   "新しい様式をダウンロードしてください", "the requirements in scope "
				   "changed since the form was downloaded: download a new form")
			     : bad(c, KJ_FORM_ID_ROW, 1, "ダウンロード後に質問の構成が変わりました。新しい様式を"
			   "ダウンロードしてください", "the questions changed since the form was "
			   "downloaded: download a new form");
	return 0;
}

/* An own question's answer in D; E-G stay empty. */
static int check_question(const struct kj_form_row *w, const struct kj_table *t, int r,
			  int submit, struct kj_form_check *c, struct kj_form_answer *a)
{
	char norm[KJ_ANSWER_VALUE_BYTES];
	const struct kj_answer_fault *f;
	a->value = kj_form_cell_text(t, r, KJ_FC_LEVEL);
	crlf(a->value);
	if ((f = kj_question_value(w->kind, w->choices, a->value, norm, sizeof norm)) &&
	    bad_fault(c, r, KJ_FC_LEVEL, f) < 0)
		return -1;
	if (!f && submit && w->required && !norm[0] &&
	    bad(c, r, KJ_FC_LEVEL, "未回答です（提出には回答が必要です）",
		"not answered (needed to submit)") < 0)
		return -1;
	for (int col = KJ_FC_NA; col <= KJ_FC_EVIDENCE; col++)
		if (kj_form_cell_text(t, r, col)[0] &&
		    bad(c, r, col, "独自の質問ではこの欄は使いません（回答は D 列に）",
			"a survey's own question uses column D only") < 0)
			return -1;
	return 0;
}

/* A requirement's level in D with E-G. */
static int check_requirement(const struct kj_form_row *w, const struct kj_table *t, int r,
			     int submit, struct kj_form_check *c, struct kj_form_answer *a)
{
	int level;
	const struct kj_answer_fault *f;
	a->level = kj_form_cell_text(t, r, KJ_FC_LEVEL);
	a->na_reason = kj_form_cell_text(t, r, KJ_FC_NA);
	a->note = kj_form_cell_text(t, r, KJ_FC_NOTE);
	a->evidence = kj_form_cell_text(t, r, KJ_FC_EVIDENCE);
	crlf(a->note);
	if ((f = kj_level_parse(a->level, &level)))
		return bad_fault(c, r, KJ_FC_LEVEL, f) < 0 ? -1 : 0;
	a->level_value = level;
	if (submit && w->required && level == KJ_LEVEL_NONE)
		return bad(c, r, KJ_FC_LEVEL, "未回答です（提出には回答が必要です）",
			   "not answered (needed to submit)") < 0 ? -1 : 0;
	if (!kj_answer_check(level, a->na_reason, a->note, a->evidence))
		return 0;
	/* Which cell: each text checked alone against the level. */
	const char *reason = level == KJ_LEVEL_NA ? "-" : "";
	if ((f = kj_answer_check(level, a->na_reason, "", "")))
		return bad_fault(c, r, level == KJ_LEVEL_NONE && !a->na_reason[0]
				 ? KJ_FC_LEVEL : KJ_FC_NA, f) < 0 ? -1 : 0;
	if ((f = kj_answer_check(level, reason, a->note, "")))
		return bad_fault(c, r, level == KJ_LEVEL_NONE ? KJ_FC_LEVEL : KJ_FC_NOTE, f) < 0
			? -1 : 0;
	f = kj_answer_check(level, reason, "", a->evidence);
	if (!f)
		f = kj_answer_check(level, a->na_reason, a->note, a->evidence);
	return bad_fault(c, r, level == KJ_LEVEL_NONE ? KJ_FC_LEVEL : KJ_FC_EVIDENCE, f) < 0
		? -1 : 0;
}

int kj_form_check(const struct kj_answer_form *want, const struct kj_table *t, int submit,
		  struct kj_form_check *c)
{
	memset(c, 0, sizeof *c);
	if (check_id(want, t, c) < 0)
		return -1;
	if (c->nerrors)
		return 0;
	const char *const *heads = kj_form_columns(want->kind);
	for (int col = 0; col < KJ_FORM_COLS; col++)
		if (strcmp(kj_table_cell(t, KJ_FORM_HEAD_ROW, col), heads[col]) &&
		    bad(c, KJ_FORM_HEAD_ROW, col, "見出しが書き換えられています",
			"the heading was edited") < 0)
			return -1;
	c->answers = calloc(want->nrows ? (size_t)want->nrows : 1, sizeof *c->answers);
	if (!c->answers)
		return -1;
	for (int i = 0; i < want->nrows; i++) {
		const struct kj_form_row *w = &want->rows[i];
		struct kj_form_answer *a = &c->answers[i];
		int r = KJ_FORM_FIRST_ROW + i;
		char ja[256], en[256];
		if (strcmp(kj_form_cell_text(t, r, KJ_FC_ITEM), w->item)) {
			snprintf(ja, sizeof ja, "項目が書き換えられているか、行が足りません（「%s」のはず）",
				 w->item);
			snprintf(en, sizeof en, "the item was edited or rows are missing (should "
				 "be \"%s\")", w->item);
			if (bad(c, r, KJ_FC_ITEM, ja, en) < 0)
				return -1;
			continue;
		}
		if (!same_text(kj_form_cell_text(t, r, KJ_FC_FUNCTION), w->function) &&
		    bad(c, r, KJ_FC_FUNCTION, "固定の欄（機能）が書き換えられています",
			"a fixed cell (the function) was edited") < 0)
			return -1;
		if (!same_text(kj_form_cell_text(t, r, KJ_FC_TEXT), w->text) &&
		    bad(c, r, KJ_FC_TEXT, "固定の欄（要求事項）が書き換えられています",
			"a fixed cell (the requirement) was edited") < 0)
			return -1;
		if (want->kind == KJ_FORM_KIND_VISIT &&
		    !same_text(kj_form_cell_text(t, r, KJ_FC_LAST), w->last) &&
		    bad(c, r, KJ_FC_LAST, "固定の欄（自己申告の水準）が書き換えられています",
			"a fixed cell (the self-reported level) was edited") < 0)
			return -1;
		a->item = w->item;
		a->row = r;
		a->question = w->question;
		if ((w->question ? check_question(w, t, r, submit, c, a)
				 : check_requirement(w, t, r, submit, c, a)) < 0)
			return -1;
	}
	for (int r = KJ_FORM_FIRST_ROW + want->nrows; r < t->nrows; r++) {
		int used = 0;
		for (int col = 0; col < t->ncols[r]; col++)
			used |= kj_table_cell(t, r, col)[0] != '\0';
		if (used && bad(c, r, KJ_FC_ITEM, "様式にない行です", "a row the form does not have") < 0)
			return -1;
	}
	if (!c->nerrors)
		c->nanswers = want->nrows;
	return 0;
}

const char *const kj_export_answer_columns_ja[KJ_EXPORT_ANSWER_COLS] = {
	"法人番号", "事業者名", "状態", "提出版数", "項目", "回答", "回答の内容", "該当なしの理由",
	"コメント", "根拠資料", "更新日時", "更新者",
};
const char *const kj_export_change_columns_ja[KJ_EXPORT_CHANGE_COLS] = {
	"法人番号", "事業者名", "項目", "変更日時", "変更者", "変更前", "変更後", "変更の理由",
};

void kj_form_check_free(struct kj_form_check *c)
{
	free(c->answers);
	free(c->errors);
	c->answers = NULL;
	c->errors = NULL;
}
