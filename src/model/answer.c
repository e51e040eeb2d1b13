/* The answer scale and the checks of answers; see answer.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "model/answer.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const char *const labels_ja[] = {
	"未実施", "検討中", "一部実施", "実施", "実施・継続的改善",
};
static const char *const labels_en[] = {
	"not implemented", "planned or under consideration", "implemented in part",
	"implemented", "implemented and improved regularly",
};
static const char *const codes[] = { "0", "1", "2", "3", "4" };

const char *kj_level_label_ja(int level)
{
	if (level >= KJ_LEVEL_MIN && level <= KJ_LEVEL_MAX)
		return labels_ja[level];
	return level == KJ_LEVEL_NA ? "該当なし" : "";
}

const char *kj_level_label_en(int level)
{
	if (level >= KJ_LEVEL_MIN && level <= KJ_LEVEL_MAX)
		return labels_en[level];
	return level == KJ_LEVEL_NA ? "not applicable" : "";
}

const char *kj_level_code(int level)
{
	if (level >= KJ_LEVEL_MIN && level <= KJ_LEVEL_MAX)
		return codes[level];
	return level == KJ_LEVEL_NA ? "na" : "";
}

#define FAULT(name, ja, en) static const struct kj_answer_fault name = { ja, en }

FAULT(bad_level, "回答は 0〜4 の段階か「該当なし」で選んでください",
      "a level is 0 to 4 or N/A");
FAULT(na_needs_reason, "「該当なし」には理由が必要です",
      "an N/A answer needs its reason");
FAULT(reason_without_na, "理由は「該当なし」のときだけ書きます",
      "a reason is given only with an N/A answer");
FAULT(text_without_level, "コメントや根拠資料を書くときは回答も選んでください",
      "a comment or evidence needs an answer too");
FAULT(bad_text, "文字として読めない内容か制御文字が含まれています",
      "the text is not valid UTF-8 or holds control characters");
FAULT(long_reason, "「該当なし」の理由は " STR(KJ_ANSWER_NA_MAX) " 文字以内です",
      "an N/A reason is at most " STR(KJ_ANSWER_NA_MAX) " characters");
FAULT(long_note, "コメントは " STR(KJ_ANSWER_NOTE_MAX) " 文字以内です",
      "a comment is at most " STR(KJ_ANSWER_NOTE_MAX) " characters");
FAULT(long_evidence, "根拠資料は " STR(KJ_ANSWER_EVIDENCE_MAX) " 文字以内です",
      "an evidence reference is at most " STR(KJ_ANSWER_EVIDENCE_MAX) " characters");

/* Characters of S when it is valid UTF-8 (line breaks only if LINES), else -1. */
static long chars(const char *s, int lines)
{
	size_t n = strlen(s);
	/* UTF-8 without controls but tab, CR and LF; text of lines refuses
	 * the tab, a single line all three. */
	if (!kj_utf8_valid(s, n, 0) || (lines ? memchr(s, '\t', n) != NULL
					 : strpbrk(s, "\t\r\n") != NULL))
		return -1;
	long c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static int given(const char *s)
{
	return s && *s;
}

/* Is S nothing but spaces (ASCII, ideographic), tabs and line breaks? */
static int blank(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ||
	       !strncmp(s, "\xE3\x80\x80", 3))
		s += (unsigned char)*s == 0xE3 ? 3 : 1;
	return !*s;
}

/* S without leading and trailing ASCII and ideographic spaces, into OUT. */
static void trimmed(const char *s, char *out, size_t cap)
{
	while (*s == ' ' || !strncmp(s, "\xE3\x80\x80", 3))
		s += *s == ' ' ? 1 : 3;
	size_t n = strlen(s);
	for (;;) {
		if (n && s[n - 1] == ' ')
			n--;
		else if (n >= 3 && !memcmp(s + n - 3, "\xE3\x80\x80", 3))
			n -= 3;
		else
			break;
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

const struct kj_answer_fault *kj_level_parse(const char *s, int *level)
{
	char t[64];
	*level = KJ_LEVEL_NONE;
	if (!s)
		return NULL;
	if (strlen(s) >= sizeof t)
		return &bad_level;
	trimmed(s, t, sizeof t);
	if (!*t)
		return NULL;
	/* A full-width digit (０ is EF BC 90) as the plain one. */
	if (!strncmp(t, "\xEF\xBC", 2) && (unsigned char)t[2] >= 0x90 &&
	    (unsigned char)t[2] <= 0x94) {
		t[0] = (char)('0' + ((unsigned char)t[2] - 0x90));
		memmove(t + 1, t + 3, strlen(t + 3) + 1);
	}
	/* "3: 実施", as the xlsx drop-down offers it: the digit decides, the label must agree. */
	if (t[0] >= '0' && t[0] <= '4' && (!t[1] || t[1] == ':')) {
		int v = t[0] - '0';
		if (t[1] == ':') {
			char label[64];
			trimmed(t + 2, label, sizeof label);
			if (strcmp(label, labels_ja[v]))
				return &bad_level;
		}
		*level = v;
		return NULL;
	}
	if (!strcasecmp(t, "na") || !strcasecmp(t, "n/a") || !strcmp(t, "該当なし") ||
	    !strcmp(t, "-: 該当なし")) {
		*level = KJ_LEVEL_NA;
		return NULL;
	}
	for (int v = KJ_LEVEL_MIN; v <= KJ_LEVEL_MAX; v++)
		if (!strcmp(t, labels_ja[v])) {
			*level = v;
			return NULL;
		}
	return &bad_level;
}

const struct kj_answer_fault *kj_answer_check(int level, const char *na_reason,
					      const char *note, const char *evidence)
{
	if (level != KJ_LEVEL_NONE && level != KJ_LEVEL_NA &&
	    (level < KJ_LEVEL_MIN || level > KJ_LEVEL_MAX))
		return &bad_level;
	if (level == KJ_LEVEL_NA && !given(na_reason))
		return &na_needs_reason;
	if (level != KJ_LEVEL_NA && given(na_reason))
		return &reason_without_na;
	if (level == KJ_LEVEL_NONE && (given(note) || given(evidence)))
		return &text_without_level;
	long c;
	if (given(na_reason)) {
		if ((c = chars(na_reason, 0)) < 0)
			return &bad_text;
		if (c > KJ_ANSWER_NA_MAX)
			return &long_reason;
	}
	if (given(note)) {
		if ((c = chars(note, 1)) < 0)
			return &bad_text;
		if (c > KJ_ANSWER_NOTE_MAX)
			return &long_note;
	}
	if (given(evidence)) {
		if ((c = chars(evidence, 0)) < 0)
			return &bad_text;
		if (c > KJ_ANSWER_EVIDENCE_MAX)
			return &long_evidence;
	}
	return NULL;
}

static const char *const kind_names[] = { "level", "yesno", "number", "choice", "text" };

const char *kj_question_kind_name(enum kj_question_kind k)
{
	return (unsigned)k < KJ_NQ_KINDS ? kind_names[k] : NULL;
}

int kj_question_kind_parse(const char *s)
{
	for (int i = 0; s && i < KJ_NQ_KINDS; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

FAULT(q_no_text, "設問の文（日本語）が必要です", "a question needs its Japanese text");
FAULT(q_long_text, "設問の文は " STR(KJ_QUESTION_TEXT_MAX) " 文字以内です",
      "a question's text is at most " STR(KJ_QUESTION_TEXT_MAX) " characters");
FAULT(q_choices_only, "選択肢は択一式の設問にだけ書きます",
      "choices are given only for a single-choice question");
FAULT(q_choices, "択一式の設問には 2〜" STR(KJ_QUESTION_CHOICES_MAX)
      " 個の重複しない選択肢（各 " STR(KJ_QUESTION_CHOICE_MAX) " 文字以内、1 行に 1 つ）が必要です",
      "a single-choice question needs 2 to " STR(KJ_QUESTION_CHOICES_MAX)
      " distinct choices, one per line, each at most " STR(KJ_QUESTION_CHOICE_MAX) " characters");
FAULT(v_yesno, "「はい」か「いいえ」で答えてください", "the answer is yes or no");
FAULT(v_number, "数値（15 桁以内）で答えてください",
      "the answer is a number of at most 15 digits");
FAULT(v_choice, "選択肢のどれか 1 つで答えてください", "the answer is one of the choices");
FAULT(v_long, "回答は " STR(KJ_ANSWER_VALUE_MAX) " 文字以内です",
      "an answer is at most " STR(KJ_ANSWER_VALUE_MAX) " characters");
FAULT(v_too_big, "回答が長すぎます", "the answer is too long");

/* The trimmed, non-empty lines of CHOICES into OUT (at most MAX); their count. */
static int choice_lines(const char *choices, char out[][4 * KJ_QUESTION_CHOICE_MAX + 1],
			int max)
{
	int n = 0;
	const char *p = choices;
	while (p && *p && n < max) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len >= sizeof out[0])
			len = sizeof out[0];	/* too long: caught by the caller's length check */
		char line[4 * KJ_QUESTION_CHOICE_MAX + 2];
		memcpy(line, p, len < sizeof line ? len : sizeof line - 1);
		line[len < sizeof line ? len : sizeof line - 1] = '\0';
		trimmed(line, out[n], sizeof out[0]);
		if (*out[n])
			n++;
		p = e ? e + 1 : NULL;
	}
	return n;
}

const struct kj_answer_fault *kj_question_check(enum kj_question_kind kind,
						const char *text_ja, const char *text_en,
						const char *choices)
{
	if ((unsigned)kind >= KJ_NQ_KINDS)
		return &bad_level;
	if (!given(text_ja) || blank(text_ja))
		return &q_no_text;
	long c;
	if ((c = chars(text_ja, 0)) < 0)
		return &bad_text;
	if (c > KJ_QUESTION_TEXT_MAX)
		return &q_long_text;
	if (given(text_en)) {
		if ((c = chars(text_en, 0)) < 0)
			return &bad_text;
		if (c > KJ_QUESTION_TEXT_MAX)
			return &q_long_text;
	}
	if (kind != KJ_Q_CHOICE)
		return given(choices) ? &q_choices_only : NULL;
	if (!given(choices) || !kj_utf8_valid_text(choices, strlen(choices)))
		return &q_choices;
	static _Thread_local char lines[KJ_QUESTION_CHOICES_MAX + 1][4 * KJ_QUESTION_CHOICE_MAX + 1];
	int n = choice_lines(choices, lines, KJ_QUESTION_CHOICES_MAX + 1);
	if (n < 2 || n > KJ_QUESTION_CHOICES_MAX)
		return &q_choices;
	for (int i = 0; i < n; i++) {
		if ((c = chars(lines[i], 0)) < 0 || c > KJ_QUESTION_CHOICE_MAX)
			return &q_choices;
		for (int j = 0; j < i; j++)
			if (!strcmp(lines[i], lines[j]))
				return &q_choices;
	}
	return NULL;
}

/* Is T a decimal number of at most 15 digits, with an optional sign and fraction? */
static int decimal(const char *t)
{
	int digits = 0, dot = 0;
	if (*t == '-' || *t == '+')
		t++;
	if (!*t)
		return 0;
	for (; *t; t++) {
		if (isdigit((unsigned char)*t))
			digits++;
		else if (*t == '.' && !dot && digits)
			dot = 1;
		else
			return 0;
	}
	return digits > 0 && digits <= 15 && t[-1] != '.';
}

const struct kj_answer_fault *kj_question_value(enum kj_question_kind kind,
						const char *choices, const char *value,
						char *out, size_t cap)
{
	size_t len = value ? strlen(value) : 0;
	if (len >= KJ_ANSWER_VALUE_BYTES || len >= cap)
		return &v_too_big;
	trimmed(value ? value : "", out, cap);
	if (!*out)
		return NULL;
	int level;
	switch (kind) {
	case KJ_Q_LEVEL: {
		const struct kj_answer_fault *f = kj_level_parse(out, &level);
		if (f)
			return f;
		snprintf(out, cap, "%s", kj_level_code(level));
		return NULL;
	}
	case KJ_Q_YESNO:
		if (!strcasecmp(out, "yes") || !strcmp(out, "はい"))
			snprintf(out, cap, "yes");
		else if (!strcasecmp(out, "no") || !strcmp(out, "いいえ"))
			snprintf(out, cap, "no");
		else
			return &v_yesno;
		return NULL;
	case KJ_Q_NUMBER:
		return decimal(out) ? NULL : &v_number;
	case KJ_Q_CHOICE: {
		static _Thread_local char lines[KJ_QUESTION_CHOICES_MAX + 1]
					       [4 * KJ_QUESTION_CHOICE_MAX + 1];
		int n = choice_lines(choices, lines, KJ_QUESTION_CHOICES_MAX + 1);
		for (int i = 0; i < n; i++)
			if (!strcmp(out, lines[i]))
				return NULL;
		return &v_choice;
	}
	case KJ_Q_TEXT: {
		long c = chars(out, 1);
		if (c < 0)
			return &bad_text;
		return c > KJ_ANSWER_VALUE_MAX ? &v_long : NULL;
	}
	default:
		return &bad_level;
	}
}
