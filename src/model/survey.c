/* The rules of a survey campaign; see survey.h. */
#include <string.h>

#include "base/util.h"
#include "model/survey.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const char *const status_names[] = { "draft", "open", "closed" };
static const char *const owner_names[] = { "nco", "ministry", "surveyor" };

const char *kj_survey_status_name(enum kj_survey_status s)
{
	return (unsigned)s < 3 ? status_names[s] : NULL;
}

int kj_survey_status_parse(const char *s)
{
	for (int i = 0; s && i < 3; i++)
		if (!strcmp(s, status_names[i]))
			return i;
	return -1;
}

int kj_survey_transition_ok(enum kj_survey_status from, enum kj_survey_status to)
{
	return (from == KJ_SURVEY_DRAFT && to == KJ_SURVEY_OPEN) ||
	       (from == KJ_SURVEY_OPEN && to == KJ_SURVEY_CLOSED);
}

const char *kj_survey_owner_name(enum kj_survey_owner o)
{
	return (unsigned)o < 3 ? owner_names[o] : NULL;
}

const char *kj_survey_owner_parse(const char *s, struct kj_survey_owner_spec *out)
{
	memset(out, 0, sizeof *out);
	out->kind = KJ_OWNER_NCO;
	if (!s || !*s || !strcmp(s, "nco"))
		return NULL;
	if (!strcmp(s, "surveyor")) {
		out->kind = KJ_OWNER_SURVEYOR;
		return NULL;
	}
	if (!strncmp(s, "ministry:", 9)) {
		const char *code = s + 9;
		size_t n = strlen(code);
		if (n == 0)
			return "the owner ministry:CODE needs the ministry's code";
		for (size_t i = 0; i < n; i++)
			if (!((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') ||
			      code[i] == '-' || code[i] == '_'))
				return "a ministry code is lower-case letters, digits, '-' and '_'";
		if (kj_strlcpy(out->ministry, code, sizeof out->ministry) < 0)
			return "the ministry code is too long";
		out->kind = KJ_OWNER_MINISTRY;
		return NULL;
	}
	return "the owner is nco, ministry:CODE or surveyor";
}

static int given(const char *s)
{
	return s && *s;
}

const char *kj_survey_check_dates(const char *opens, const char *closes)
{
	if (given(opens) && !kj_date_valid(opens))
		return "the opening date is not a date written YYYY-MM-DD";
	if (given(closes) && !kj_date_valid(closes))
		return "the closing date is not a date written YYYY-MM-DD";
	if (given(opens) && given(closes) && strcmp(opens, closes) > 0)
		return "the campaign would close before it opens";
	return NULL;
}

/* Characters of valid UTF-8 S (no control characters), or -1. */
static long chars(const char *s)
{
	size_t n = strlen(s);
	if (!kj_utf8_valid(s, n, 0) || strpbrk(s, "\t\r\n"))
		return -1;
	long c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

const char *kj_survey_check_titles(const char *ja, const char *en)
{
	if (!given(ja))
		return "the Japanese title is required";
	long c = chars(ja);
	if (c < 0)
		return "the Japanese title is not valid UTF-8 text (or holds control characters)";
	if (c > KJ_SURVEY_TITLE_MAX)
		return "the Japanese title is longer than " STR(KJ_SURVEY_TITLE_MAX) " characters";
	if (given(en)) {
		if ((c = chars(en)) < 0)
			return "the English title is not valid UTF-8 text (or holds control characters)";
		if (c > KJ_SURVEY_TITLE_MAX)
			return "the English title is longer than " STR(KJ_SURVEY_TITLE_MAX) " characters";
	}
	return NULL;
}

const char *kj_survey_check_extension(const char *until, const char *closes,
				      const char *reason)
{
	if (!given(until) || !kj_date_valid(until))
		return "the extended closing date is not a date written YYYY-MM-DD";
	if (given(closes) && strcmp(until, closes) <= 0)
		return "an extension must close after the campaign's closing date";
	if (!given(reason))
		return "an extension needs a reason";
	long c = chars(reason);
	if (c < 0)
		return "the reason is not valid UTF-8 text (or holds control characters)";
	if (c > KJ_SURVEY_REASON_MAX)
		return "the reason is longer than " STR(KJ_SURVEY_REASON_MAX) " characters";
	return NULL;
}

const char *kj_survey_check_fy(const char *s, int *fy)
{
	long v;
	if (!given(s) || kj_parse_long(s, KJ_SURVEY_FY_MIN, KJ_SURVEY_FY_MAX, &v) < 0)
		return "the fiscal year is a year from " STR(KJ_SURVEY_FY_MIN) " to "
		       STR(KJ_SURVEY_FY_MAX);
	*fy = (int)v;
	return NULL;
}
