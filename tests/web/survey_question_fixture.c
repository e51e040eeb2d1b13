/*
 * The draft campaigns the own-question tests (test_web_survey_question.c)
 * change, made through the use cases of the command line. Apart from
 * web_helpers.c because the survey's use cases (model/survey.h) and the
 * home page's store view (store/store_view.h) both name a kj_survey_status
 * (as answer_fixture.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "app/survey_admin.h"
#include "store/store_target.h"

struct kj_store *store(void);
int64_t question_draft(const char *owner, const char *title, int fy);

/*
 * A new draft questionnaire survey of fiscal year FY (2027 or later; one
 * open campaign a year) in the medical sector owned by OWNER (nco,
 * ministry:CODE), whose respondents once it opens are that year's medical
 * targets (every medical operator, marked here once a year).
 */
int64_t question_draft(const char *owner, const char *title, int fy)
{
	static int marked[8];
	struct kj_err err;
	struct kj_survey_refusal why = { 0 };
	const struct kj_target_scope ts = { fy, "medical", NULL };
	char year[8];
	const struct kj_actor cli = { NULL, 0, "test:web" };
	const struct kj_survey_request rq = {
		.fy = year, .title_ja = title, .title_en = "Own questions under test",
		.sectors = "medical", .owner = owner, .opens = "2026-09-01",
		.closes = "2027-06-30",
	};
	snprintf(year, sizeof year, "%d", fy);
	if (fy < 2027 || fy >= 2027 + 8)
		fail_msg("question draft: no fiscal year %d here", fy);
	long changed = 0;
	int64_t id = 0;
	if (!marked[fy - 2027] && (kj_store_begin(store(), &err) < 0 ||
			kj_store_target_mark_all(store(), &ts, 1, &changed, &err) < 0 ||
			kj_store_commit(store(), &err) < 0))
		fail_msg("question draft: targets: %s", err.msg);
	marked[fy - 2027] = 1;
	if (kj_app_survey_create(store(), &cli, &rq, &id, &why, &err) < 0 || why.fault)
		fail_msg("question draft: create: %s", why.fault ? why.msg : err.msg);
	return id;
}
