/*
 * The survey the answering tests (test_web_answer.c) and the authorisation
 * matrix (test_web_authz.c) work on, apart from web_helpers.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "app/survey_admin.h"
#include "store/store_target.h"
#include "store/store_users.h"

/* What this file shares with web_helpers.h, declared here (see above). */
struct kj_store *store(void);
extern int64_t org_own, org_med, org_other;
extern int64_t answer_survey, ans_corp_own_n, ans_corp_med_n, ans_corp_other_n;
extern char ans_corp_own[16], ans_corp_med[16], ans_corp_other[16];
void answer_fixture(void);

int64_t answer_survey, ans_corp_own_n, ans_corp_med_n, ans_corp_other_n;
char ans_corp_own[16], ans_corp_med[16], ans_corp_other[16];

/*
 * An open questionnaire survey of FY2027 in the medical sector, owned by the
 * NCO, whose respondents are every medical operator (the operator under test
 * and org_med among them, org_other not): made once, through the use cases
 * of the command line, with that year's targets marked first.
 */
void answer_fixture(void)
{
	struct kj_err err;
	struct kj_survey_refusal why = { 0 };
	const struct kj_target_scope ts = { 2027, "medical", NULL };
	const struct kj_actor cli = { NULL, 0, "test:web" };
	const struct kj_survey_request rq = {
		.fy = "2027", .title_ja = "令和9年度 医療分野 質問調査",
		.title_en = "FY2027 questionnaire survey of the medical sector",
		.sectors = "medical", .opens = "2026-09-01", .closes = "2027-06-30",
	};
	long changed = 0, respondents = 0;
	if (answer_survey)
		return;
	if (kj_store_begin(store(), &err) < 0 ||
	    kj_store_target_mark_all(store(), &ts, 1, &changed, &err) < 0 ||
	    kj_store_commit(store(), &err) < 0)
		fail_msg("answer fixture: targets: %s", err.msg);
	if (kj_app_survey_create(store(), &cli, &rq, &answer_survey, &why, &err) < 0 || why.fault)
		fail_msg("answer fixture: create: %s", why.fault ? why.msg : err.msg);
	if (kj_app_survey_open(store(), &cli, answer_survey, &respondents, &why, &err) < 0 ||
	    why.fault)
		fail_msg("answer fixture: open: %s", why.fault ? why.msg : err.msg);
	if (kj_store_org_corpnum(store(), org_own, ans_corp_own, &err) < 0 ||
	    kj_store_org_corpnum(store(), org_med, ans_corp_med, &err) < 0 ||
	    kj_store_org_corpnum(store(), org_other, ans_corp_other, &err) < 0)
		fail_msg("answer fixture: corporate numbers: %s", err.msg);
	ans_corp_own_n = strtoll(ans_corp_own, NULL, 10);
	ans_corp_med_n = strtoll(ans_corp_med, NULL, 10);
	ans_corp_other_n = strtoll(ans_corp_other, NULL, 10);
}
