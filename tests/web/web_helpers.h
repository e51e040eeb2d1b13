/*
 * What the in-process web tests share (web_helpers.c): the scratch
 * database and the application under test, requests through
 * kj_web_handle() and what every response must hold, principals (sessions,
 * tokens, sign-in), audit checks, the fixture, and GET requests of every
 * route with a hostile input. The tests are in test_web_*.c by area and run
 * as one group (test_web.c) on one fixture.
 */
#ifndef KJ_TEST_WEB_HELPERS_H
#define KJ_TEST_WEB_HELPERS_H

#include <setjmp.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/org_import.h"
#include "base/buf.h"
#include "app/audit_log.h"
#include "model/catalog.h"
#include "app/demo.h"
#include "app/demo_predecessor.h"
#include "model/reference.h"
#include "model/user.h"
#include "store/store.h"
#include "store/store_safety.h"
#include "store/store_org.h"
#include "store/store_session.h"
#include "store/store_view.h"
#include "web/app.h"
#include "web/http.h"

#define DB_NAME "kijun-web-test.db"
#define T0 ((time_t)1790000000)		/* 2026-09-21, the test clock's start */
#define REQ_ID "3.2.1-1"		/* a requirement of the built-in standard */
#define MARK "<kjx"			/* what an injected tag starts with */
#define XSS "<kjx id='x'>\"&</kjx>"	/* user input that must come back escaped */
#define CSRF_REFUSED "フォームの有効期限が切れたか"	/* the CSRF refusal text */
#define BAD_CREDENTIALS "サインイン ID またはパスワードが正しくありません。"
#define GOOD_PW "Kj-Web!Test#2026"
#define DENY 1403	/* 403 or 404: a sector outside the user's, not a secret */

extern char db_path[256];
extern struct kj_app app;
extern time_t fake_now;
extern char g_remote[64];
extern int g_tls;
extern int g_allow_500;		/* a test that asks for a 500 on purpose */
extern const char *g_upload;
extern size_t g_upload_len;
extern int g_form_in_query;
extern const char *g_csrf_header;
extern int64_t org_own, org_med, org_other;
extern int64_t org_water, org_gov_mic, org_gov_mhlw, org_gov_none;
extern const char *const param_names[];

struct res {
	int status;
	int parse_failed;	/* the form did not parse: the adapter's 400 */
	char *body;		/* NUL-terminated copy */
	size_t len;
	char ctype[80];
	int nh;
	char h[KJ_RESP_HEADERS_MAX][2][512];
};

struct sess {
	char cookie[160];	/* "kijun_session=TOKEN" */
	char csrf[80];
	int64_t uid;
};

struct pre {
	char cookie[128];	/* "kijun_pre=TOKEN" */
	char csrf[80];
};
#define assert_hdr(r, name, value) do { \
		const char *v_ = hdr((r), (name)); \
		if (!v_ || strcmp(v_, (value))) \
			fail_msg("header %s: %s, want %s", (name), v_ ? v_ : "(none)", (value)); \
	} while (0)
time_t test_clock(void);
void res_free(struct res *r);
const char *hdr(const struct res *r, const char *name);
const char *set_cookie(const struct res *r, const char *name);
int set_cookie_value(const struct res *r, const char *name, char *out, size_t n);
int icontains(const char *s, const char *needle);
int loc_starts(const struct res *r, const char *prefix);
int is_redirect(int status);
void check_common(const struct res *r, const char *method, const char *path);
struct res req_full(const char *method, const char *path, const char *form,
			   const char *cookie, const char *authorization);
struct res do_req(const char *method, const char *path, const char *form,
			 const char *cookie, const char *bearer);
int status_of(const char *method, const char *path, const char *form,
		     const char *cookie, const char *bearer);
void urlenc(struct kj_buf *b, const char *s);
char *form(const char *name, ...);
int between(const char *s, const char *before, const char *end, char *out, size_t n);
int page_csrf(const char *body, char *out, size_t n);
void error_summary(const char *body, char *out, size_t n);
struct kj_store *store(void);
int64_t user_id(const char *login);
const char *demo_login(enum kj_role role);
void sess_direct(const char *login, struct sess *s);
void token_direct(const char *login, char token[64], int64_t *id);
void get_pre(struct pre *p);
struct res signin_post(const char *login, const char *pw, const char *next);
int signin(const char *login, const char *pw, struct sess *s);
struct res post(const struct sess *s, const char *path, const char *name,
		       const char *value);
int session_works(const struct sess *s);
long user_count(void);
void assert_audit_ok(void);
int audit_count(const char *action, const char *obj);
void remove_db(void);
int ministry_setup(struct kj_store *st, struct kj_err *err);
int group_setup(void **state);
int group_teardown(void **state);
int setup(void **state);
/* Every GET route with INPUT in each {placeholder} and each parameter, one
 * request a parameter; _at_once: in every parameter of one request. */
void every_get_route(const char *input, const char *cookie,
			    void (*check)(const char *path, const struct res *r));
void every_get_route_at_once(const char *input, const char *cookie,
			     void (*check)(const char *path, const struct res *r));
void no_server_error(const char *path, const struct res *r);

/* The tests, in test_web_*.c. */
void test_matrix_covers_route_table(void **state);
void test_clause_map_audited(void **state);
void test_authz_matrix(void **state);
void test_authz_matrix_api_tokens(void **state);
void test_authz_tokens_not_for_pages(void **state);
void test_registry_scopes(void **state);
void test_authz_ministry_scoping(void **state);
void test_ministry_changes(void **state);
void test_registry_import_scope(void **state);
void test_safety_internal_rules_scope(void **state);
void test_pages_every_role(void **state);
void test_glossary(void **state);
void test_home_per_role(void **state);
void test_headers_on_every_kind_of_answer(void **state);
void test_escaping_search(void **state);
void test_escaping_everywhere(void **state);
void test_crosswalk_pages(void **state);
void test_signin_wrong_password_like_unknown_login(void **state);
void test_signin_good(void **state);
void test_signin_rate_limit_per_account(void **state);
void test_signin_rate_limit_per_address(void **state);
void test_busy_database_503(void **state);
void test_body_over_cap_is_500(void **state);
void test_signin_parallel_guesses(void **state);
void test_signin_flood_audited_per_minute(void **state);
void test_signin_lockout_not_evicted(void **state);
void test_signin_no_password(void **state);
void test_signin_rotates_session(void **state);
void test_signout_invalidates(void **state);
void test_signin_disabled_user(void **state);
void test_signin_returns_to_page(void **state);
void test_session_idle_expiry(void **state);
void test_session_absolute_expiry(void **state);
void test_csrf_not_in_query(void **state);
void test_csrf_signout(void **state);
void test_csrf_signin(void **state);
void test_exports_audited(void **state);
void test_registry_exports_streamed_audited(void **state);
void test_admin_user_tokens(void **state);
void test_api_token_expiry(void **state);
void test_api_tokens(void **state);
void test_api_token_limit_frees_on_revoke(void **state);
void test_users_admin_add(void **state);
void test_users_admin_disable(void **state);
void test_abuse_cookies(void **state);
void test_abuse_path_traversal(void **state);
void test_abuse_sql_metacharacters(void **state);
void test_abuse_params(void **state);
void test_lang_switch_stays_local(void **state);
void test_redirect_tab_is_not_local(void **state);
void test_tls_cookies_secure(void **state);
void test_registry_search_filters(void **state);
void test_registry_import_no_file(void **state);
void test_org_form(void **state);
void test_org_contact(void **state);
void test_targets_not_identified(void **state);
void test_targets_bad_inputs(void **state);
void test_targets_save_marks(void **state);
void test_targets_copy_confirm(void **state);
void test_targets_new_operators(void **state);
void test_targets_unsubmitted(void **state);
void test_safety_map_form(void **state);
void test_safety_unmap_says_gap(void **state);
void test_safety_import_forms(void **state);
void test_safety_mapping_round_trip(void **state);
void test_demo_mapping_by_topic(void **state);

/* test_web_form.c */
void test_form_errors_beside_fields(void **state);
void test_form_limits(void **state);
void test_form_select_no_silent_default(void **state);
void test_form_confirm_page(void **state);
void test_users_form_bad_inputs(void **state);
void test_users_disable_asks_first(void **state);
void test_account_token_form_bad_inputs(void **state);
void test_audit_filter_bad_inputs(void **state);
void test_favicon(void **state);
void test_home_links(void **state);
void test_form_confirm_bad_name(void **state);

/* Scratch databases on SQLite or PostgreSQL (tests/pg/test_db.h). */
#include "test_db.h"
/* Sign-in limits in the database (test_web_signin_limits.c); the helper in web_helpers.c. */
void signin_forget(void);
void test_signin_limits_across_processes(void **state);
void test_signin_parallel_guesses_two_processes(void **state);
void test_signin_limits_expire(void **state);

/* A survey to answer (answer_fixture.c): an open FY2027 survey of the medical
 * sector, its id and the corporate numbers of org_own, org_med, org_other
 * (as text and as numbers, for the matrix's placeholders). */
extern int64_t answer_survey, ans_corp_own_n, ans_corp_med_n, ans_corp_other_n;
extern char ans_corp_own[16], ans_corp_med[16], ans_corp_other[16];
void answer_fixture(void);
/* test_web_notify.c */
void test_notifications_page(void **state);
/* test_web_survey.c: survey campaign pages, chase list, actions, API. */
void test_survey_list_per_role(void **state);
void test_survey_page_figures(void **state);
void test_survey_chase_filters(void **state);
void test_survey_chase_files(void **state);
void test_survey_actions(void **state);
void test_survey_api(void **state);
/* test_web_survey_form.c */
void test_survey_form_web(void **state);

/* test_web_analysis.c: the analysis API, what each role sees. */
void test_analysis_api(void **state);
void test_analysis_pages(void **state);

/* test_web_signin_self.c: password self-service (issue 16). */
void test_password_change_refusals(void **state);
void test_password_change_ends_other_sessions(void **state);
void test_signin_delay_grows(void **state);
void test_user_reset_must_change(void **state);
void test_signin_failure_notice(void **state);
void test_accept_language(void **state);

/* test_web_analysis_operator.c: an operator's benchmark (issue 13). */
void test_analysis_operator(void **state);

/* Implementation plans (test_web_plan.c): the matrix's plans, made once. */
extern int64_t plan_med, plan_rep, plan_other;
void plan_fixture(void);
void test_plan_workflow_pages(void **state);
void test_plan_other_ministry(void **state);
void test_plan_optimistic_lock(void **state);
void test_plan_bad_input(void **state);
void test_plan_diff_page(void **state);
void test_plan_api(void **state);

/* test_web_analysis_publish.c: published snapshots of the analysis. */
void test_analysis_publish(void **state);

/* On-site visits (test_web_onsite_visit.c): the matrix's survey and visits, made once. */
extern int64_t onsite_survey, onsite_survey2, visit_own, visit_other, visit_med;
void visit_fixture(void);
void test_visit_record_issue_reply(void **state);
void test_visit_operator_scope(void **state);
void test_visit_form_upload(void **state);

/* On-site surveys, the selection (test_web_onsite_select.c): the matrix's
 * on-site surveys, made once. */
extern int64_t onsite_nco, onsite_min, onsite_other, onsite_sur;
void onsite_fixture(void);
void test_onsite_pages_per_role(void **state);
void test_onsite_csv_and_api(void **state);
void test_onsite_workflow(void **state);

/* Evaluations (test_web_eval.c): the matrix's evaluations, made once. */
extern int64_t eval_med, eval_other, eval_hq, eval_item;
void eval_fixture(void);
void test_eval_workflow_pages(void **state);
void test_eval_recommendation_traced(void **state);
void test_eval_pdca_and_api(void **state);

/* On-site pages (issue 15): a new NCO on-site survey and a visit planned by
 * the command line's actor (test_web_onsite_visit.c); recording per
 * function, opening and closing, the CSV downloads (test_web_onsite_fn.c). */
int64_t visit_new_survey(const char *title);
int64_t visit_plan_cli(int64_t survey, int64_t org, const char *inspectors, const char *scope);
void test_visit_record_by_function(void **state);
void test_onsite_open_close_page(void **state);
void test_onsite_export_downloads(void **state);

/* Surveys of kind other (test_web_survey_other.c): the matrix's surveys, made once. */
extern int64_t other_min, other_ops;
void other_fixture(void);
void test_other_ministry_journey(void **state);
void test_other_operator_list(void **state);

#endif
