/*
 * The web application in-process: every request goes through
 * kj_web_handle() as the server adapter would send it, on a scratch
 * database filled by the demo generator (40 operators, fixed seed). The
 * application's clock is replaced so that session expiry can be tested.
 *
 * Covered: the authorisation matrix over the real route table (expected
 * statuses written out as data from PRODUCT.md's roles, not read from
 * authz.c; a route without a row fails), what lists and exports hold per
 * tenant, security headers and escaping on every response, sign-in and
 * sessions, CSRF, API tokens, user administration, the registry import's
 * scope, hostile input (cookies, paths, SQL metacharacters, parameters).
 *
 * The scratch database lives on /dev/shm when there is one: the tests
 * commit thousands of times, and on a disk each commit waits for fsync.
 *
 * The tests are in test_web_*.c by area (authz, registry, safety, pages,
 * signin, tokens, users, security), the fixture and request helpers in
 * web_helpers.c; this file runs them as one group, in this order, on one
 * fixture (some build on what earlier ones left).
 *
 * A known bug in src/ is a test that expects the right behaviour and is
 * skipped (marked BUG); KJ_TEST_KNOWN_BUGS=1 runs it anyway.
 */
#include "web_helpers.h"

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_matrix_covers_route_table, setup),
		cmocka_unit_test_setup(test_authz_matrix, setup),
		cmocka_unit_test_setup(test_clause_map_audited, setup),
		cmocka_unit_test_setup(test_authz_matrix_api_tokens, setup),
		cmocka_unit_test_setup(test_authz_tokens_not_for_pages, setup),
		cmocka_unit_test_setup(test_registry_scopes, setup),
		cmocka_unit_test_setup(test_registry_import_scope, setup),
		cmocka_unit_test_setup(test_safety_internal_rules_scope, setup),
		cmocka_unit_test_setup(test_pages_every_role, setup),
		cmocka_unit_test_setup(test_glossary, setup),
		cmocka_unit_test_setup(test_authz_ministry_scoping, setup),
		cmocka_unit_test_setup(test_ministry_changes, setup),
		cmocka_unit_test_setup(test_pages_every_role, setup),
		cmocka_unit_test_setup(test_home_per_role, setup),
		cmocka_unit_test_setup(test_headers_on_every_kind_of_answer, setup),
		cmocka_unit_test_setup(test_escaping_search, setup),
		cmocka_unit_test_setup(test_escaping_everywhere, setup),
		cmocka_unit_test_setup(test_signin_wrong_password_like_unknown_login, setup),
		cmocka_unit_test_setup(test_signin_good, setup),
		cmocka_unit_test_setup(test_signin_rate_limit_per_account, setup),
		cmocka_unit_test_setup(test_signin_rate_limit_per_address, setup),
		cmocka_unit_test_setup(test_signin_no_password, setup),
		cmocka_unit_test_setup(test_signin_rotates_session, setup),
		cmocka_unit_test_setup(test_signout_invalidates, setup),
		cmocka_unit_test_setup(test_signin_disabled_user, setup),
		cmocka_unit_test_setup(test_signin_returns_to_page, setup),
		cmocka_unit_test_setup(test_session_idle_expiry, setup),
		cmocka_unit_test_setup(test_session_absolute_expiry, setup),
		cmocka_unit_test_setup(test_csrf_signout, setup),
		cmocka_unit_test_setup(test_csrf_not_in_query, setup),
		cmocka_unit_test_setup(test_signin_parallel_guesses, setup),
		cmocka_unit_test_setup(test_busy_database_503, setup),
		cmocka_unit_test_setup(test_body_over_cap_is_500, setup),
		cmocka_unit_test_setup(test_api_token_expiry, setup),
		cmocka_unit_test_setup(test_admin_user_tokens, setup),
		cmocka_unit_test_setup(test_exports_audited, setup),
		cmocka_unit_test_setup(test_registry_exports_streamed_audited, setup),
		cmocka_unit_test_setup(test_signin_flood_audited_per_minute, setup),
		cmocka_unit_test_setup(test_signin_lockout_not_evicted, setup),
		cmocka_unit_test_setup(test_csrf_signin, setup),
		cmocka_unit_test_setup(test_api_tokens, setup),
		cmocka_unit_test_setup(test_api_token_limit_frees_on_revoke, setup),
		cmocka_unit_test_setup(test_users_admin_add, setup),
		cmocka_unit_test_setup(test_users_admin_disable, setup),
		cmocka_unit_test_setup(test_abuse_cookies, setup),
		cmocka_unit_test_setup(test_abuse_path_traversal, setup),
		cmocka_unit_test_setup(test_abuse_sql_metacharacters, setup),
		cmocka_unit_test_setup(test_abuse_params, setup),
		cmocka_unit_test_setup(test_lang_switch_stays_local, setup),
		cmocka_unit_test_setup(test_redirect_tab_is_not_local, setup),
		cmocka_unit_test_setup(test_tls_cookies_secure, setup),
		cmocka_unit_test_setup(test_crosswalk_pages, setup),
		cmocka_unit_test_setup(test_registry_search_filters, setup),
		cmocka_unit_test_setup(test_registry_import_no_file, setup),
		cmocka_unit_test_setup(test_org_form, setup),
		cmocka_unit_test_setup(test_org_contact, setup),
		cmocka_unit_test_setup(test_targets_not_identified, setup),
		cmocka_unit_test_setup(test_targets_bad_inputs, setup),
		cmocka_unit_test_setup(test_targets_save_marks, setup),
		cmocka_unit_test_setup(test_targets_copy_confirm, setup),
		cmocka_unit_test_setup(test_targets_new_operators, setup),
		cmocka_unit_test_setup(test_targets_unsubmitted, setup),
		cmocka_unit_test_setup(test_demo_mapping_by_topic, setup),
		cmocka_unit_test_setup(test_safety_map_form, setup),
		cmocka_unit_test_setup(test_safety_unmap_says_gap, setup),
		cmocka_unit_test_setup(test_safety_import_forms, setup),
		cmocka_unit_test_setup(test_safety_mapping_round_trip, setup),
		cmocka_unit_test_setup(test_form_errors_beside_fields, setup),
		cmocka_unit_test_setup(test_form_limits, setup),
		cmocka_unit_test_setup(test_form_select_no_silent_default, setup),
		cmocka_unit_test_setup(test_form_confirm_page, setup),
		cmocka_unit_test_setup(test_users_form_bad_inputs, setup),
		cmocka_unit_test_setup(test_users_disable_asks_first, setup),
		cmocka_unit_test_setup(test_account_token_form_bad_inputs, setup),
		cmocka_unit_test_setup(test_audit_filter_bad_inputs, setup),
		cmocka_unit_test_setup(test_favicon, setup),
		cmocka_unit_test_setup(test_home_links, setup),
		cmocka_unit_test_setup(test_form_confirm_bad_name, setup),
		cmocka_unit_test_setup(test_signin_limits_across_processes, setup),
		cmocka_unit_test_setup(test_signin_parallel_guesses_two_processes, setup),
		cmocka_unit_test_setup(test_signin_limits_expire, setup),
		cmocka_unit_test_setup(test_notifications_page, setup),
		cmocka_unit_test_setup(test_survey_list_per_role, setup),
		cmocka_unit_test_setup(test_survey_page_figures, setup),
		cmocka_unit_test_setup(test_survey_chase_filters, setup),
		cmocka_unit_test_setup(test_survey_chase_files, setup),
		cmocka_unit_test_setup(test_survey_actions, setup),
		cmocka_unit_test_setup(test_survey_api, setup),
		cmocka_unit_test_setup(test_survey_form_web, setup),
		cmocka_unit_test_setup(test_analysis_api, setup),
		cmocka_unit_test_setup(test_password_change_refusals, setup),
		cmocka_unit_test_setup(test_password_change_ends_other_sessions, setup),
		cmocka_unit_test_setup(test_signin_delay_grows, setup),
		cmocka_unit_test_setup(test_user_reset_must_change, setup),
		cmocka_unit_test_setup(test_signin_failure_notice, setup),
		cmocka_unit_test_setup(test_accept_language, setup),
		cmocka_unit_test_setup(test_analysis_pages, setup),
		cmocka_unit_test_setup(test_analysis_operator, setup),
		cmocka_unit_test_setup(test_plan_workflow_pages, setup),
		cmocka_unit_test_setup(test_plan_other_ministry, setup),
		cmocka_unit_test_setup(test_plan_optimistic_lock, setup),
		cmocka_unit_test_setup(test_plan_bad_input, setup),
		cmocka_unit_test_setup(test_plan_diff_page, setup),
		cmocka_unit_test_setup(test_plan_api, setup),
		cmocka_unit_test_setup(test_analysis_publish, setup),
		cmocka_unit_test_setup(test_visit_record_issue_reply, setup),
		cmocka_unit_test_setup(test_visit_operator_scope, setup),
		cmocka_unit_test_setup(test_visit_form_upload, setup),
		cmocka_unit_test_setup(test_onsite_pages_per_role, setup),
		cmocka_unit_test_setup(test_onsite_csv_and_api, setup),
		cmocka_unit_test_setup(test_onsite_workflow, setup),
		cmocka_unit_test_setup(test_eval_workflow_pages, setup),
		cmocka_unit_test_setup(test_eval_recommendation_traced, setup),
		cmocka_unit_test_setup(test_eval_pdca_and_api, setup),
		cmocka_unit_test_setup(test_visit_record_by_function, setup),
		cmocka_unit_test_setup(test_onsite_open_close_page, setup),
		cmocka_unit_test_setup(test_onsite_export_downloads, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
