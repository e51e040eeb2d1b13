/*
 * Unit tests of src/model/survey.c: a campaign's lifecycle (draft -> open
 * -> closed, nothing else), its window's dates, its titles' lengths, its
 * owner as the command line gives it, an extension's date and reason, and
 * who may run a campaign (kj_authz_survey_admin).
 */
#include <string.h>

#include "app/authz.h"
#include "helpers.h"
#include "model/survey.h"

/* N copies of PIECE into OUT (big enough). */
static void repeat(char *out, const char *piece, int n)
{
	size_t len = strlen(piece);
	for (int i = 0; i < n; i++)
		memcpy(out + (size_t)i * len, piece, len);
	out[(size_t)n * len] = '\0';
}

static void test_transitions(void **state)
{
	(void)state;
	for (int from = 0; from < 3; from++)
		for (int to = 0; to < 3; to++) {
			int want = (from == KJ_SURVEY_DRAFT && to == KJ_SURVEY_OPEN) ||
				   (from == KJ_SURVEY_OPEN && to == KJ_SURVEY_CLOSED);
			assert_int_equal(kj_survey_transition_ok((enum kj_survey_status)from,
								 (enum kj_survey_status)to), want);
		}
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(kj_survey_status_name(KJ_SURVEY_DRAFT), "draft");
	assert_string_equal(kj_survey_status_name(KJ_SURVEY_OPEN), "open");
	assert_string_equal(kj_survey_status_name(KJ_SURVEY_CLOSED), "closed");
	assert_null(kj_survey_status_name((enum kj_survey_status)3));
	assert_int_equal(kj_survey_status_parse("open"), KJ_SURVEY_OPEN);
	assert_int_equal(kj_survey_status_parse("closed"), KJ_SURVEY_CLOSED);
	assert_int_equal(kj_survey_status_parse("Open"), -1);
	assert_int_equal(kj_survey_status_parse(""), -1);
	assert_int_equal(kj_survey_status_parse(NULL), -1);
}

static void test_dates(void **state)
{
	(void)state;
	assert_null(kj_survey_check_dates(NULL, NULL));
	assert_null(kj_survey_check_dates("", ""));
	assert_null(kj_survey_check_dates("2026-10-15", NULL));
	assert_null(kj_survey_check_dates(NULL, "2027-01-31"));
	assert_null(kj_survey_check_dates("2026-10-15", "2027-01-31"));
	assert_null(kj_survey_check_dates("2026-10-15", "2026-10-15"));	/* one day */
	assert_non_null(strstr(kj_survey_check_dates("2026-10-16", "2026-10-15"), "before"));
	assert_non_null(strstr(kj_survey_check_dates("2026-02-29", NULL), "opening"));
	assert_non_null(strstr(kj_survey_check_dates(NULL, "2027-13-01"), "closing"));
	assert_non_null(kj_survey_check_dates("2026-1-15", NULL));
	assert_non_null(kj_survey_check_dates("2026-10-15x", NULL));
	assert_non_null(kj_survey_check_dates("15/10/2026", NULL));
	assert_null(kj_survey_check_dates("2028-02-29", NULL));	/* a leap day */
}

static void test_titles(void **state)
{
	(void)state;
	char t[4 * KJ_SURVEY_TITLE_MAX + 8];
	assert_null(kj_survey_check_titles("調査", NULL));
	assert_null(kj_survey_check_titles("調査", ""));
	assert_null(kj_survey_check_titles("調査", "Survey"));
	assert_non_null(strstr(kj_survey_check_titles("", "Survey"), "required"));
	assert_non_null(strstr(kj_survey_check_titles(NULL, NULL), "required"));
	/* KJ_SURVEY_TITLE_MAX characters (three bytes each) pass; one more does not. */
	repeat(t, "あ", KJ_SURVEY_TITLE_MAX);
	assert_null(kj_survey_check_titles(t, t));
	repeat(t, "あ", KJ_SURVEY_TITLE_MAX + 1);
	assert_non_null(strstr(kj_survey_check_titles(t, NULL), "Japanese title is longer"));
	assert_non_null(strstr(kj_survey_check_titles("調査", t), "English title is longer"));
	assert_non_null(kj_survey_check_titles("a\nb", NULL));
	assert_non_null(kj_survey_check_titles("a\tb", NULL));
	assert_non_null(kj_survey_check_titles("\xff\xfe", NULL));
	assert_non_null(kj_survey_check_titles("調査", "\xe3\x81"));
}

static void test_owner(void **state)
{
	(void)state;
	struct kj_survey_owner_spec o;
	assert_null(kj_survey_owner_parse(NULL, &o));
	assert_int_equal(o.kind, KJ_OWNER_NCO);
	assert_null(kj_survey_owner_parse("nco", &o));
	assert_int_equal(o.kind, KJ_OWNER_NCO);
	assert_null(kj_survey_owner_parse("surveyor", &o));
	assert_int_equal(o.kind, KJ_OWNER_SURVEYOR);
	assert_null(kj_survey_owner_parse("ministry:mic", &o));
	assert_int_equal(o.kind, KJ_OWNER_MINISTRY);
	assert_string_equal(o.ministry, "mic");
	assert_string_equal(kj_survey_owner_name(o.kind), "ministry");
	assert_non_null(kj_survey_owner_parse("ministry:", &o));
	assert_non_null(kj_survey_owner_parse("ministry", &o));
	assert_non_null(kj_survey_owner_parse("ministry:MIC", &o));
	assert_non_null(kj_survey_owner_parse("ministry:a'b", &o));
	assert_non_null(kj_survey_owner_parse("ministry:abcdefghijklmnopqrstuvwxyz", &o));
	assert_non_null(kj_survey_owner_parse("operator", &o));
	assert_int_equal(o.kind, KJ_OWNER_NCO);	/* a refusal leaves the default */
}

static void test_extension(void **state)
{
	(void)state;
	char r[4 * KJ_SURVEY_REASON_MAX + 8];
	assert_null(kj_survey_check_extension("2027-02-15", "2027-01-31", "災害対応"));
	assert_null(kj_survey_check_extension("2027-02-15", "", "災害対応"));
	assert_null(kj_survey_check_extension("2027-02-15", NULL, "災害対応"));
	assert_non_null(strstr(kj_survey_check_extension("2027-01-31", "2027-01-31", "x"),
			       "after"));
	assert_non_null(kj_survey_check_extension("2027-01-30", "2027-01-31", "x"));
	assert_non_null(kj_survey_check_extension("2027-02-30", "2027-01-31", "x"));
	assert_non_null(kj_survey_check_extension(NULL, "2027-01-31", "x"));
	assert_non_null(strstr(kj_survey_check_extension("2027-02-15", NULL, ""), "reason"));
	assert_non_null(kj_survey_check_extension("2027-02-15", NULL, NULL));
	repeat(r, "理", KJ_SURVEY_REASON_MAX);
	assert_null(kj_survey_check_extension("2027-02-15", NULL, r));
	repeat(r, "理", KJ_SURVEY_REASON_MAX + 1);
	assert_non_null(strstr(kj_survey_check_extension("2027-02-15", NULL, r), "longer"));
}

static void test_fy(void **state)
{
	(void)state;
	int fy = 0;
	assert_null(kj_survey_check_fy("2026", &fy));
	assert_int_equal(fy, 2026);
	assert_null(kj_survey_check_fy("2000", &fy));
	assert_null(kj_survey_check_fy("2100", &fy));
	assert_non_null(strstr(kj_survey_check_fy("1999", &fy), "2000 to 2100"));
	assert_non_null(kj_survey_check_fy("2101", &fy));
	assert_non_null(kj_survey_check_fy("26", &fy));
	assert_non_null(kj_survey_check_fy("2026 ", &fy));
	assert_non_null(kj_survey_check_fy("", &fy));
	assert_non_null(kj_survey_check_fy(NULL, &fy));
	assert_int_equal(fy, 2100);	/* a refusal leaves it */
}

static void test_who_runs_a_campaign(void **state)
{
	(void)state;
	const char *ict[] = { "ict" }, *both[] = { "ict", "finance" };
	struct kj_user u;
	memset(&u, 0, sizeof u);
	assert_true(kj_authz_survey_admin(NULL, "ministry", "mic", both, 2));	/* command line */
	u.role = KJ_ROLE_NCO;
	assert_true(kj_authz_survey_admin(&u, "surveyor", NULL, both, 2));
	u.disabled = 1;
	assert_false(kj_authz_survey_admin(&u, "nco", NULL, both, 2));
	u.disabled = 0;
	u.role = KJ_ROLE_SURVEYOR;
	assert_true(kj_authz_survey_admin(&u, "surveyor", NULL, both, 2));
	assert_false(kj_authz_survey_admin(&u, "nco", NULL, both, 2));
	u.role = KJ_ROLE_MINISTRY;
	memcpy(u.ministry, "mic", 4);
	memcpy(u.sectors[0], "ict", 4);
	u.nsectors = 1;
	assert_true(kj_authz_survey_admin(&u, "ministry", "mic", ict, 1));
	assert_false(kj_authz_survey_admin(&u, "ministry", "mic", both, 2));	/* not its sector */
	assert_false(kj_authz_survey_admin(&u, "ministry", "fsa", ict, 1));	/* another's */
	assert_false(kj_authz_survey_admin(&u, "nco", NULL, ict, 1));
	for (int r = KJ_ROLE_OPERATOR; r < KJ_NROLES; r++) {
		if (r == KJ_ROLE_SURVEYOR)
			continue;
		u.role = (enum kj_role)r;
		assert_false(kj_authz_survey_admin(&u, "nco", NULL, ict, 1));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_owner),
		cmocka_unit_test(test_extension),
		cmocka_unit_test(test_fy),
		cmocka_unit_test(test_who_runs_a_campaign),
	};
	return cmocka_run_group_tests_name("survey", tests, NULL, NULL);
}
