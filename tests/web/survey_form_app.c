/* The answering use cases for the offline form's web tests; see survey_form_app.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "app/survey_form.h"
#include "survey_form_app.h"

/* Through the app as the command line would. */
static const struct kj_actor cli = { NULL, 0, "test:web" };

static struct kj_questionnaire *load(struct kj_store *st, int64_t survey, int64_t org)
{
	struct kj_questionnaire *q = kj_questionnaire_new();
	struct kj_answer_refusal why;
	struct kj_err err;
	assert_non_null(q);
	assert_int_equal(kj_app_questionnaire_load(st, &cli, survey, org, q, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	return q;
}

void sf_snapshot(struct kj_store *st, int64_t survey, int64_t org, char *out, size_t n)
{
	struct kj_questionnaire *q = load(st, survey, org);
	size_t at = (size_t)snprintf(out, n, "%s %ld:", q->status, q->revision);
	for (int i = 0; i < q->nitems && at < n; i++)
		at += (size_t)snprintf(out + at, n - at, "%s", kj_level_code(q->items[i].now.level));
	kj_questionnaire_free(q);
}

void sf_corp(struct kj_store *st, int64_t survey, int64_t org, char out[16])
{
	struct kj_questionnaire *q = load(st, survey, org);
	snprintf(out, 16, "%s", q->corporate_number);
	kj_questionnaire_free(q);
}

void sf_draft(struct kj_store *st, int64_t survey, int64_t org)
{
	struct kj_answer_refusal why;
	struct kj_err err;
	struct kj_form_import out;
	char *data, name[128];
	size_t len, flen;
	assert_int_equal(kj_app_form_get(st, &cli, survey, org, KJ_FORM_CSV, &data, &len, name,
					 sizeof name, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	char *f = sf_filled(data, len, "2", NULL, &flen);
	assert_int_equal(kj_app_form_import(st, &cli, survey, org, f, flen, NULL, &out, &why,
					    &err), 0);
	if (why.fault != KJ_SURVEY_OK)
		fail_msg("%s", why.msg);
	if (out.outcome != KJ_IMPORT_DONE)
		fail_msg("%s%s", out.detail, out.nerrors ? out.errors[0].reason_en : "");
	kj_form_import_free(&out);
	free(f);
	free(data);
}

void sf_submit_return(struct kj_store *st, int64_t survey, int64_t org)
{
	struct kj_questionnaire *q = load(st, survey, org);
	struct kj_attestation att = { "山田 太郎", "情報セキュリティ部長", "2026-12-01" };
	struct kj_receipt receipt;
	struct kj_answer_refusal why;
	struct kj_err err;
	char missing[4][KJ_ITEM_MAX];
	int nmissing = 0;
	long revision = q->revision;
	kj_questionnaire_free(q);
	assert_int_equal(kj_app_response_submit(st, &cli, survey, org, revision, &att, &receipt,
						missing, 4, &nmissing, &why, &err), 0);
	if (why.fault != KJ_SURVEY_OK)
		fail_msg("submit: %s", why.msg);
	assert_int_equal(kj_app_response_return(st, &cli, survey, org, "項目 3.2.1-1 を確認してください",
						&why, &err), 0);
	if (why.fault != KJ_SURVEY_OK)
		fail_msg("return: %s", why.msg);
}
