/*
 * Operators' internal rules (class ④): who sees them, who only counts them.
 */
#include "web_helpers.h"
#include "store/store_users.h"

/* --- Operators' internal rules (class ④) ----------------------------------- */

#define MAPHEAD "分野,分類,発行者,文書名,版,発行日,URL,条項番号,条項名,条項本文,対策事項,充足度,法人番号\r\n"

/* Posts a mapping file (MAPHEAD and ROWS) to SECTOR's import as S; the status. */
static int safety_import(const struct sess *s, const char *sector, const char *rows)
{
	char path[64], *csv;
	size_t n = strlen(MAPHEAD) + strlen(rows) + 1;
	csv = malloc(n);
	assert_non_null(csv);
	snprintf(csv, n, "%s%s", MAPHEAD, rows);
	snprintf(path, sizeof path, "/safety/%s/import", sector);
	g_upload = csv;
	g_upload_len = strlen(csv);
	char *f = form("csrf", s->csrf, NULL);
	struct res r = do_req("POST", path, f, s->cookie, NULL);
	free(f);
	free(csv);
	int status = r.status;
	if (status == 400 && !strstr(r.body, "error-summary"))
		fail_msg("safety import: a bare 400, no list of what is wrong");
	res_free(&r);
	return status;
}

static long docs_titled(const char *title)
{
	struct kj_doc_row d[200];
	struct kj_err err;
	int n = 0;
	long k = 0;
	assert_int_equal(kj_store_safety_docs(store(), NULL, d, 200, &n, &err), 0);
	for (int i = 0; i < n; i++)
		k += !strcmp(d[i].title, title);
	return k;
}

#define RULES_OWN "試験 自社の情報セキュリティ規程"
#define RULES_MED "試験 他社の情報セキュリティ規程"

/* Does LOGIN see TITLE on /safety/medical, and in the API? Both must agree. */
static int sees(const char *login, const char *title, long *hidden)
{
	struct sess s;
	sess_direct(login, &s);
	struct res page = do_req("GET", "/safety/medical", NULL, s.cookie, NULL);
	struct res api = do_req("GET", "/api/v1/sectors/medical/safety", NULL, s.cookie, NULL);
	assert_int_equal(page.status, 200);
	assert_int_equal(api.status, 200);
	int on_page = strstr(page.body, title) != NULL, in_api = strstr(api.body, title) != NULL;
	if (on_page != in_api)
		fail_msg("%s: \"%s\" on the page %d, in the API %d", login, title, on_page, in_api);
	json_error_t je;
	json_t *j = json_loads(api.body, 0, &je);
	assert_non_null(j);
	*hidden = (long)json_integer_value(json_object_get(j, "internal_rules_not_shown"));
	/* The page says how many are not shown exactly when the API does. */
	assert_int_equal(strstr(page.body, "内容を表示しない事業者の内規") != NULL, *hidden > 0);
	json_decref(j);
	res_free(&page);
	res_free(&api);
	return on_page;
}

/*
 * Class ④ rows name an operator of the sector; the import refuses them
 * otherwise, listing the rows and writing nothing. An operator's internal
 * rules are shown in full to the NCO, the auditor, the sector's ministry
 * and that operator, and only counted for everyone else.
 */
void test_safety_internal_rules_scope(void **state)
{
	(void)state;
	struct sess nco, min, op;
	struct kj_err err;
	char corp_own[16], corp_med[16], corp_other[16], rows[2048];
	sess_direct("demo-nco", &nco);
	sess_direct("demo-ministry", &min);
	sess_direct("demo-operator", &op);
	assert_int_equal(kj_store_org_corpnum(store(), org_own, corp_own, &err), 0);
	assert_int_equal(kj_store_org_corpnum(store(), org_med, corp_med, &err), 0);
	assert_int_equal(kj_store_org_corpnum(store(), org_other, corp_other, &err), 0);
	long audit0 = audit_count("safety.document.add", NULL);

	/* Refused, each listed, nothing written: no operator, an operator of
	 * another sector, an operator named on a ministry's guideline. */
	snprintf(rows, sizeof rows,
		 "医療,4,甲病院,%s,,,,第1条,,,3.7-1,全部,\r\n"
		 "医療,4,乙会社,%s,,,,第1条,,,3.7-1,全部,%s\r\n"
		 "医療,2,厚生労働省,試験 指針,,,,第1条,,,3.7-1,全部,%s\r\n",
		 RULES_OWN, RULES_MED, corp_other, corp_own);
	assert_int_equal(safety_import(&nco, "medical", rows), 400);
	assert_int_equal(safety_import(&min, "medical", rows), 400);
	assert_int_equal(docs_titled(RULES_OWN) + docs_titled(RULES_MED) + docs_titled("試験 指針"), 0);
	assert_int_equal(audit_count("safety.document.add", NULL), audit0);
	/* An operator cannot import its own rules: documents are the ministry's to keep. */
	snprintf(rows, sizeof rows, "医療,4,自社,%s,,,,第1条,,,3.7-1,全部,%s\r\n", RULES_OWN,
		 corp_own);
	assert_int_equal(safety_import(&op, "medical", rows), 403);
	assert_int_equal(docs_titled(RULES_OWN), 0);

	/* The ministry imports the demo operator's rules, the NCO another operator's. */
	assert_int_equal(safety_import(&min, "medical", rows), 200);
	snprintf(rows, sizeof rows, "医療,4,他社,%s,,,,第1条,,,3.7-1,一部,%s\r\n", RULES_MED,
		 corp_med);
	assert_int_equal(safety_import(&nco, "medical", rows), 200);
	assert_int_equal(docs_titled(RULES_OWN), 1);
	assert_int_equal(docs_titled(RULES_MED), 1);
	assert_int_equal(audit_count("safety.document.add", NULL), audit0 + 2);

	/* Who sees what. */
	long hidden_nco, hidden, h2;
	assert_true(sees("demo-nco", RULES_OWN, &hidden_nco));
	assert_true(sees("demo-nco", RULES_MED, &hidden_nco));
	assert_int_equal(hidden_nco, 0);
	assert_true(sees("demo-auditor", RULES_OWN, &hidden));
	assert_true(sees("demo-auditor", RULES_MED, &hidden));
	assert_int_equal(hidden, 0);
	assert_true(sees("demo-ministry", RULES_OWN, &hidden));	/* its sector */
	assert_true(sees("demo-ministry", RULES_MED, &hidden));
	assert_int_equal(hidden, 0);
	assert_true(sees("demo-operator", RULES_OWN, &hidden));	/* its own */
	assert_false(sees("demo-operator", RULES_MED, &hidden));	/* another's */
	assert_true(hidden >= 1);
	static const enum kj_role aggregates_only[] = { KJ_ROLE_HQ, KJ_ROLE_SURVEYOR, KJ_ROLE_CEPTOAR };
	for (size_t i = 0; i < sizeof aggregates_only / sizeof aggregates_only[0]; i++) {
		const char *login = demo_login(aggregates_only[i]);
		assert_false(sees(login, RULES_OWN, &hidden));
		assert_false(sees(login, RULES_MED, &h2));
		assert_true(hidden >= 2);
	}
	/* Coverage counts them the same for everyone: the aggregate is not confidential. */
	struct res a = do_req("GET", "/api/v1/coverage", NULL, nco.cookie, NULL);
	struct sess hq;
	sess_direct("demo-hq", &hq);
	struct res b = do_req("GET", "/api/v1/coverage", NULL, hq.cookie, NULL);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.body, b.body);
	assert_non_null(strstr(a.body, "\"operators-only\""));
	res_free(&a);
	res_free(&b);
	assert_audit_ok();
}
