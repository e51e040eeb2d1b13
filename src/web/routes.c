/*
 * The route table: every URL kijun answers, the handler, and the
 * permission it needs. Authorisation of routes is read here and nowhere
 * else (object-level checks: see kj_authz_object in handlers that take an
 * organisation). docs/openapi.yaml describes every /api/ route of this table;
 * a test fails when one is missing.
 */
#include "web/app.h"
#include "web/pages.h"

const struct kj_route kj_routes[] = {
	/* Assets and language. */
	{ "GET",  "/static/kijun.css",		kj_page_static,		KJ_PERM_PUBLIC, 0 },
	{ "GET",  "/lang",			kj_page_lang,		KJ_PERM_PUBLIC, 0 },
	/* Sign-in. */
	{ "GET",  "/signin",			kj_page_signin,		KJ_PERM_PUBLIC, 0 },
	{ "POST", "/signin",			kj_page_signin_post,	KJ_PERM_PUBLIC, 0 },
	{ "POST", "/signout",			kj_page_signout,	KJ_PERM_SIGNED_IN, 0 },
	/* Pages. */
	{ "GET",  "/",				kj_page_home,		KJ_PERM_SIGNED_IN, 0 },
	{ "GET",  "/catalog",			kj_page_catalog,	KJ_PERM_CATALOG_READ, 0 },
	{ "GET",  "/catalog/{id}",		kj_page_requirement,	KJ_PERM_CATALOG_READ, 0 },
	{ "GET",  "/glossary",			kj_page_glossary,	KJ_PERM_CATALOG_READ, 0 },
	{ "GET",  "/catalog/versions/{version}/crosswalk", kj_page_crosswalk, KJ_PERM_CATALOG_READ, 0 },
	{ "GET",  "/audit",			kj_page_audit,		KJ_PERM_AUDIT_READ, 0 },
	{ "GET",  "/admin/users",		kj_page_users,		KJ_PERM_USER_ADMIN, 0 },
	{ "POST", "/admin/users",		kj_page_users_add,	KJ_PERM_USER_ADMIN, 0 },
	{ "POST", "/admin/users/{id}/disable",	kj_page_users_disable,	KJ_PERM_USER_ADMIN, 0 },
	{ "POST", "/admin/users/{id}/enable",	kj_page_users_enable,	KJ_PERM_USER_ADMIN, 0 },
	{ "GET",  "/admin/users/{id}/tokens",	kj_page_user_tokens,	KJ_PERM_USER_ADMIN, 0 },
	{ "POST", "/admin/users/{id}/tokens/{tid}/revoke", kj_page_user_token_revoke, KJ_PERM_USER_ADMIN, 0 },
	{ "GET",  "/account",			kj_page_account,	KJ_PERM_SIGNED_IN, 0 },
	{ "POST", "/account/tokens",		kj_page_token_add,	KJ_PERM_SIGNED_IN, 0 },
	{ "POST", "/account/tokens/{id}/revoke", kj_page_token_revoke,	KJ_PERM_SIGNED_IN, 0 },
	/* Registry of operators and target identification. */
	{ "GET",  "/registry",			kj_page_registry,	KJ_PERM_REGISTRY_READ, 0 },
	{ "GET",  "/registry/export",		kj_page_registry_export, KJ_PERM_REGISTRY_READ, 0 },
	{ "POST", "/registry/import",		kj_page_registry_import, KJ_PERM_REGISTRY_EDIT, KJ_ROUTE_UPLOAD },
	{ "GET",  "/registry/new",		kj_page_org_new,	KJ_PERM_REGISTRY_EDIT, 0 },
	{ "POST", "/registry/new",		kj_page_org_create,	KJ_PERM_REGISTRY_EDIT, 0 },
	{ "GET",  "/registry/{id}",		kj_page_org,		KJ_PERM_REGISTRY_READ, 0 },
	{ "POST", "/registry/{id}",		kj_page_org_save,	KJ_PERM_REGISTRY_EDIT, 0 },
	{ "GET",  "/targets",			kj_page_targets,	KJ_PERM_TARGETS_READ, 0 },
	{ "POST", "/targets",			kj_page_targets_save,	KJ_PERM_REGISTRY_EDIT, 0 },
	{ "POST", "/targets/copy",		kj_page_targets_copy,	KJ_PERM_REGISTRY_EDIT, 0 },
	/* Safety standards and coverage. */
	{ "GET",  "/coverage",			kj_page_coverage,	KJ_PERM_SAFETY_READ, 0 },
	{ "GET",  "/coverage/export",		kj_page_coverage_export, KJ_PERM_SAFETY_READ, 0 },
	{ "GET",  "/safety/{sector}",		kj_page_safety_sector,	KJ_PERM_SAFETY_READ, 0 },
	{ "POST", "/safety/{sector}/import",	kj_page_safety_import,	KJ_PERM_SAFETY_EDIT, KJ_ROUTE_UPLOAD },
	{ "POST", "/safety/clauses/{id}/map",	kj_page_clause_map,	KJ_PERM_SAFETY_EDIT, 0 },
	/* JSON API. */
	{ "GET",  "/api/v1/catalog",		kj_api_catalog,		KJ_PERM_CATALOG_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/catalog/{id}",	kj_api_requirement,	KJ_PERM_CATALOG_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/me",			kj_api_me,		KJ_PERM_SIGNED_IN, KJ_ROUTE_API },
	{ "GET",  "/api/v1/organisations",	kj_api_organisations,	KJ_PERM_REGISTRY_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/organisations/{id}",	kj_api_organisation,	KJ_PERM_ORG_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/coverage",		kj_api_coverage,	KJ_PERM_SAFETY_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/sectors/{sector}/safety", kj_api_safety,	KJ_PERM_SAFETY_READ, KJ_ROUTE_API },
	{ "GET",  "/organisation/contact",	kj_page_org_contact,	KJ_PERM_ORG_CONTACT_EDIT, 0 },
	{ "POST", "/organisation/contact",	kj_page_org_contact_save, KJ_PERM_ORG_CONTACT_EDIT, 0 },
	/* Safety standards: one clause's mapping form, a sector's mapping as a file. */
	{ "GET",  "/safety/clauses/{id}/map",	kj_page_clause_picker,	KJ_PERM_SAFETY_EDIT, 0 },
	{ "GET",  "/safety/{sector}/export",	kj_page_safety_export,	KJ_PERM_SAFETY_READ, 0 },
	/* The site's icon. */
	{ "GET",  "/favicon.ico",		kj_page_favicon,	KJ_PERM_PUBLIC, 0 },
	/* Answering a survey (the operator's own response) and reviewing responses. */
	{ "GET",  "/surveys/{id}/answer",	kj_page_answer,		KJ_PERM_SURVEY_ANSWER, 0 },
	{ "POST", "/surveys/{id}/answer/start",	kj_page_answer_start,	KJ_PERM_SURVEY_ANSWER, 0 },
	{ "POST", "/surveys/{id}/answer/lead",	kj_page_answer_lead,	KJ_PERM_SURVEY_ANSWER, 0 },
	{ "POST", "/surveys/{id}/answer/assign", kj_page_answer_assign,	KJ_PERM_SURVEY_ANSWER, 0 },
	{ "GET",  "/surveys/{id}/answer/f/{n}",	kj_page_answer_function, KJ_PERM_SURVEY_ANSWER, 0 },
	{ "POST", "/surveys/{id}/answer/f/{n}",	kj_page_answer_function_save, KJ_PERM_SURVEY_ANSWER, 0 },
	{ "GET",  "/surveys/{id}/answer/submit", kj_page_answer_submit_form, KJ_PERM_SURVEY_ANSWER, 0 },
	{ "POST", "/surveys/{id}/answer/submit", kj_page_answer_submit,	KJ_PERM_SURVEY_ANSWER, 0 },
	{ "GET",  "/surveys/{id}/answer/receipts/{version}", kj_page_answer_receipt, KJ_PERM_SURVEY_ANSWER, 0 },
	{ "GET",  "/surveys/{id}/answer/versions", kj_page_answer_versions, KJ_PERM_SURVEY_ANSWER, 0 },
	{ "GET",  "/surveys/{id}/responses/{corp}", kj_page_review,	KJ_PERM_SURVEY_REVIEW, 0 },
	{ "POST", "/surveys/{id}/responses/{corp}/return", kj_page_review_return, KJ_PERM_SURVEY_REVIEW, 0 },
	{ "GET",  "/surveys/{id}/responses/{corp}/versions", kj_page_review_versions, KJ_PERM_SURVEY_REVIEW, 0 },
	/* The JSON API of responses: reading is for whoever the use cases let
	 * reach the response (its operator, its reviewers: kj_authz_response). */
	{ "GET",  "/api/v1/surveys/{id}/responses/{corp}", kj_api_response, KJ_PERM_SIGNED_IN, KJ_ROUTE_API },
	{ "POST", "/api/v1/surveys/{id}/responses/{corp}/answers", kj_api_response_answers, KJ_PERM_SURVEY_ANSWER, KJ_ROUTE_API },
	{ "POST", "/api/v1/surveys/{id}/responses/{corp}/submit", kj_api_response_submit, KJ_PERM_SURVEY_ANSWER, KJ_ROUTE_API },
	{ "POST", "/api/v1/surveys/{id}/responses/{corp}/return", kj_api_response_return, KJ_PERM_SURVEY_REVIEW, KJ_ROUTE_API },
	{ "GET",  "/api/v1/surveys/{id}/responses/{corp}/versions", kj_api_response_versions, KJ_PERM_SIGNED_IN, KJ_ROUTE_API },
	{ "GET",  "/api/v1/surveys/{id}/responses/{corp}/versions/{n}", kj_api_response_version, KJ_PERM_SIGNED_IN, KJ_ROUTE_API },
	/* A survey's notifications (its owner and the NCO: kj_authz_survey_admin). */
	{ "GET",  "/surveys/{id}/notifications", kj_page_survey_notifications, KJ_PERM_SURVEY_ADMIN, 0 },
	/* Survey campaigns: the list (each sees its own: kj_authz_survey_read, or an
	 * operator's surveys to answer), a campaign's progress and chase list, the
	 * owner's actions (kj_authz_survey_admin) and the JSON API. */
	{ "GET",  "/surveys",			kj_page_surveys,	KJ_PERM_SIGNED_IN, 0 },
	{ "GET",  "/surveys/{id}",		kj_page_survey,		KJ_PERM_SURVEY_READ, 0 },
	{ "GET",  "/surveys/{id}/chase.csv",	kj_page_survey_chase_csv, KJ_PERM_SURVEY_READ, 0 },
	{ "GET",  "/surveys/{id}/chase.xlsx",	kj_page_survey_chase_xlsx, KJ_PERM_SURVEY_READ, 0 },
	{ "POST", "/surveys/{id}/open",		kj_page_survey_open,	KJ_PERM_SURVEY_ADMIN, 0 },
	{ "POST", "/surveys/{id}/close",	kj_page_survey_close,	KJ_PERM_SURVEY_ADMIN, 0 },
	{ "POST", "/surveys/{id}/extend",	kj_page_survey_extend,	KJ_PERM_SURVEY_ADMIN, 0 },
	{ "GET",  "/api/v1/surveys",		kj_api_surveys,		KJ_PERM_SURVEY_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/surveys/{id}",	kj_api_survey,		KJ_PERM_SURVEY_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/surveys/{id}/progress", kj_api_survey_progress, KJ_PERM_SURVEY_READ, KJ_ROUTE_API },
	/* The offline answer form and the owner's export of every answer. */
	{ "GET",  "/surveys/{id}/answer/form.xlsx", kj_page_survey_form_xlsx, KJ_PERM_SURVEY_ANSWER, 0 },
	{ "GET",  "/surveys/{id}/answer/form.csv", kj_page_survey_form_csv, KJ_PERM_SURVEY_ANSWER, 0 },
	{ "POST", "/surveys/{id}/answer/upload", kj_page_survey_upload,	KJ_PERM_SURVEY_ANSWER, KJ_ROUTE_UPLOAD },
	{ "GET",  "/surveys/{id}/export.csv",	kj_page_survey_export_csv, KJ_PERM_SURVEY_REVIEW, 0 },
	{ "GET",  "/surveys/{id}/export.xlsx",	kj_page_survey_export_xlsx, KJ_PERM_SURVEY_REVIEW, 0 },
	/* A campaign's own questions: listed to its readers, added and dropped by
	 * its owner while a draft (kj_authz_survey_admin, in the use case). */
	{ "POST", "/surveys/{id}/questions",	kj_page_survey_question_add, KJ_PERM_SURVEY_ADMIN, 0 },
	{ "POST", "/surveys/{id}/questions/{n}/drop", kj_page_survey_question_drop, KJ_PERM_SURVEY_ADMIN, 0 },
	{ "GET",  "/api/v1/surveys/{id}/questions", kj_api_survey_questions, KJ_PERM_SURVEY_READ, KJ_ROUTE_API },
	{ "POST", "/api/v1/surveys/{id}/questions", kj_api_survey_question_add, KJ_PERM_SURVEY_ADMIN, KJ_ROUTE_API },
	{ "DELETE", "/api/v1/surveys/{id}/questions/{n}", kj_api_survey_question_drop, KJ_PERM_SURVEY_ADMIN, KJ_ROUTE_API },
	/* Analysis: every role, each figure suppressed as it must see it (kj_authz_analysis). */
	{ "GET",  "/api/v1/analysis/national",	kj_api_analysis_national, KJ_PERM_ANALYSIS_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/analysis/sectors/{sector}", kj_api_analysis_sector, KJ_PERM_ANALYSIS_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/analysis/requirements/{id}", kj_api_analysis_requirement, KJ_PERM_ANALYSIS_READ, KJ_ROUTE_API },
	/* The user's own password (issue 16). */
	{ "GET",  "/account/password",		kj_page_password,	KJ_PERM_SIGNED_IN, 0 },
	{ "POST", "/account/password",		kj_page_password_post,	KJ_PERM_SIGNED_IN, 0 },
	{ "GET",  "/signin/notice",		kj_page_signin_notice,	KJ_PERM_SIGNED_IN, 0 },
	{ "POST", "/admin/users/{id}/reset",	kj_page_user_reset,	KJ_PERM_USER_ADMIN, 0 },
	/* The analysis pages: the same figures, as charts and tables, and each table as a file. */
	{ "GET",  "/analysis",			kj_page_analysis_national, KJ_PERM_ANALYSIS_READ, 0 },
	{ "GET",  "/analysis/sectors/{sector}",	kj_page_analysis_sector, KJ_PERM_ANALYSIS_READ, 0 },
	{ "GET",  "/analysis/requirements/{id}", kj_page_analysis_requirement, KJ_PERM_ANALYSIS_READ, 0 },
	/* An operator's benchmark: its own users, its ministry, NCO, auditors (kj_authz_benchmark). */
	{ "GET",  "/api/v1/analysis/operators/{org}", kj_api_analysis_operator, KJ_PERM_ANALYSIS_READ, KJ_ROUTE_API },
	{ "GET",  "/analysis/operators/{org}",	kj_page_analysis_operator, KJ_PERM_ANALYSIS_READ, 0 },
	/* Implementation plans (issue 14): which plans each reader sees, and who
	 * owns, returns or reports one, is kj_authz_plan's (in the use cases). */
	{ "GET",  "/plans",			kj_page_plans,		KJ_PERM_PLAN_READ, 0 },
	{ "GET",  "/plans/new",			kj_page_plan_new,	KJ_PERM_PLAN_EDIT, 0 },
	{ "POST", "/plans",			kj_page_plan_create,	KJ_PERM_PLAN_EDIT, 0 },
	{ "GET",  "/plans/{id}",		kj_page_plan,		KJ_PERM_PLAN_READ, 0 },
	{ "GET",  "/plans/{id}/diff",		kj_page_plan_diff,	KJ_PERM_PLAN_READ, 0 },
	{ "POST", "/plans/{id}/structure",	kj_page_plan_structure,	KJ_PERM_PLAN_EDIT, 0 },
	{ "POST", "/plans/{id}/measures",	kj_page_plan_measure_add, KJ_PERM_PLAN_EDIT, 0 },
	{ "POST", "/plans/{id}/measures/{key}",	kj_page_plan_measure_save, KJ_PERM_PLAN_EDIT, 0 },
	{ "POST", "/plans/{id}/measures/{key}/drop", kj_page_plan_measure_drop, KJ_PERM_PLAN_EDIT, 0 },
	{ "POST", "/plans/{id}/submit",		kj_page_plan_submit,	KJ_PERM_PLAN_EDIT, 0 },
	{ "POST", "/plans/{id}/copy",		kj_page_plan_copy,	KJ_PERM_PLAN_EDIT, 0 },
	{ "POST", "/plans/{id}/return",		kj_page_plan_return,	KJ_PERM_PLAN_REVIEW, 0 },
	{ "POST", "/plans/{id}/report",		kj_page_plan_report,	KJ_PERM_PLAN_REVIEW, 0 },
	{ "GET",  "/api/v1/plans",		kj_api_plans,		KJ_PERM_PLAN_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/plans/{id}",		kj_api_plan,		KJ_PERM_PLAN_READ, KJ_ROUTE_API },
	{ "POST", "/api/v1/plans/{id}/submit",	kj_api_plan_submit,	KJ_PERM_PLAN_EDIT, KJ_ROUTE_API },
	{ "POST", "/api/v1/plans/{id}/return",	kj_api_plan_return,	KJ_PERM_PLAN_REVIEW, KJ_ROUTE_API },
	{ "POST", "/api/v1/plans/{id}/report",	kj_api_plan_report,	KJ_PERM_PLAN_REVIEW, KJ_ROUTE_API },
	/* Published snapshots of the analysis: publishing (kj_authz_analysis_publish in the
	 * use case), reading (each reader its own: kj_authz_snapshot). */
	{ "POST", "/analysis/sectors/{sector}/publish", kj_page_analysis_publish, KJ_PERM_ANALYSIS_PUBLISH, 0 },
	{ "GET",  "/analysis/published",	kj_page_analysis_published_list, KJ_PERM_ANALYSIS_READ, 0 },
	{ "GET",  "/analysis/published/{id}",	kj_page_analysis_published, KJ_PERM_ANALYSIS_READ, 0 },
	{ "GET",  "/api/v1/analysis/published",	kj_api_analysis_published_list, KJ_PERM_ANALYSIS_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/analysis/published/{id}", kj_api_analysis_published, KJ_PERM_ANALYSIS_READ, KJ_ROUTE_API },
	/* The second factor (issue 16): the sign-in's second step, the user's
	 * own enrolment, an administrator's require and reset. */
	{ "GET",  "/signin/mfa",		kj_page_signin_mfa,	KJ_PERM_PUBLIC, 0 },
	{ "POST", "/signin/mfa",		kj_page_signin_mfa_post, KJ_PERM_PUBLIC, 0 },
	{ "GET",  "/account/mfa",		kj_page_account_mfa,	KJ_PERM_SIGNED_IN, 0 },
	{ "POST", "/account/mfa",		kj_page_account_mfa_post, KJ_PERM_SIGNED_IN, 0 },
	{ "POST", "/account/mfa/recovery",	kj_page_account_mfa_recovery, KJ_PERM_SIGNED_IN, 0 },
	{ "POST", "/admin/users/{id}/mfa/require", kj_page_user_mfa_require, KJ_PERM_USER_ADMIN, 0 },
	{ "POST", "/admin/users/{id}/mfa/reset", kj_page_user_mfa_reset, KJ_PERM_USER_ADMIN, 0 },
	/* On-site visits (issue 15): which visits each reader sees, records, issues
	 * or answers is kj_authz_visit's (in the use cases). /onsite/mine must stay
	 * before a /onsite/{id} route. */
	{ "GET",  "/onsite/mine",		kj_page_onsite_mine,	KJ_PERM_ONSITE_READ, 0 },
	{ "GET",  "/onsite/{id}/visits",	kj_page_onsite_visits,	KJ_PERM_ONSITE_READ, 0 },
	{ "POST", "/onsite/{id}/visits",	kj_page_onsite_visit_plan, KJ_PERM_ONSITE_ADMIN, 0 },
	{ "GET",  "/onsite/visits/{v}",		kj_page_onsite_visit,	KJ_PERM_ONSITE_READ, 0 },
	{ "POST", "/onsite/visits/{v}/record",	kj_page_onsite_visit_record, KJ_PERM_ONSITE_RECORD, 0 },
	{ "POST", "/onsite/visits/{v}/issue",	kj_page_onsite_visit_issue, KJ_PERM_ONSITE_ADMIN, 0 },
	{ "POST", "/onsite/visits/{v}/reply",	kj_page_onsite_visit_reply, KJ_PERM_ONSITE_REPLY, 0 },
	{ "GET",  "/onsite/visits/{v}/form.xlsx", kj_page_onsite_visit_form, KJ_PERM_ONSITE_RECORD, 0 },
	{ "POST", "/onsite/visits/{v}/upload",	kj_page_onsite_visit_upload, KJ_PERM_ONSITE_RECORD, KJ_ROUTE_UPLOAD },
	{ "GET",  "/api/v1/onsite/visits/{v}",	kj_api_onsite_visit,	KJ_PERM_ONSITE_READ, KJ_ROUTE_API },
	/* On-site surveys, the selection (issue 15): which surveys each reader sees
	 * is kj_authz_onsite_read's, who changes them kj_authz_onsite_admin's. */
	{ "GET",  "/onsite",			kj_page_onsite_list,	KJ_PERM_ONSITE_READ, 0 },
	{ "POST", "/onsite",			kj_page_onsite_create,	KJ_PERM_ONSITE_ADMIN, 0 },
	{ "GET",  "/onsite/{id}",		kj_page_onsite,		KJ_PERM_ONSITE_READ, 0 },
	{ "GET",  "/onsite/{id}/picks.csv",	kj_page_onsite_picks_csv, KJ_PERM_ONSITE_READ, 0 },
	{ "POST", "/onsite/{id}/select",	kj_page_onsite_select,	KJ_PERM_ONSITE_ADMIN, 0 },
	{ "POST", "/onsite/{id}/approve",	kj_page_onsite_approve,	KJ_PERM_ONSITE_ADMIN, 0 },
	{ "POST", "/onsite/{id}/picks/add",	kj_page_onsite_pick_add, KJ_PERM_ONSITE_ADMIN, 0 },
	{ "POST", "/onsite/{id}/picks/remove",	kj_page_onsite_pick_remove, KJ_PERM_ONSITE_ADMIN, 0 },
	{ "GET",  "/api/v1/onsite",		kj_api_onsite_list,	KJ_PERM_ONSITE_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/onsite/{id}",	kj_api_onsite,		KJ_PERM_ONSITE_READ, KJ_ROUTE_API },
	/* Self-reported against verified (issue 15): every reader of the analysis,
	 * each figure suppressed as it must see it (kj_authz_analysis in the use case). */
	{ "GET",  "/analysis/verified",		kj_page_analysis_verified, KJ_PERM_ANALYSIS_READ, 0 },
	{ "GET",  "/analysis/verified/{sector}", kj_page_analysis_verified_sector, KJ_PERM_ANALYSIS_READ, 0 },
	{ "GET",  "/api/v1/analysis/verified",	kj_api_analysis_verified, KJ_PERM_ANALYSIS_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/analysis/verified/{sector}", kj_api_analysis_verified_sector, KJ_PERM_ANALYSIS_READ, KJ_ROUTE_API },
	/* The annual report (issue 14): the snapshots and downloads (report.read),
	 * freezing a year's figures (report.make). */
	{ "GET",  "/reports",			kj_page_reports,	KJ_PERM_REPORT_READ, 0 },
	{ "POST", "/reports",			kj_page_report_freeze,	KJ_PERM_REPORT_MAKE, 0 },
	{ "GET",  "/reports/{id}/{file}",	kj_page_report_file,	KJ_PERM_REPORT_READ, 0 },
	{ "GET",  "/api/v1/reports",		kj_api_reports,		KJ_PERM_REPORT_READ, KJ_ROUTE_API },
	/* Evaluations, the HQ's recommendations, traceability and the PDCA board
	 * (issue 14): which evaluation each reader sees and who owns, submits,
	 * returns or finalises one is kj_authz_eval's (in the use cases); who
	 * answers a recommendation with a plan measure, kj_authz_plan's. */
	{ "GET",  "/evaluations",		kj_page_evals,		KJ_PERM_EVAL_READ, 0 },
	{ "POST", "/evaluations",		kj_page_eval_create,	KJ_PERM_EVAL_READ, 0 },
	{ "GET",  "/evaluations/recommendations", kj_page_eval_recs,	KJ_PERM_EVAL_READ, 0 },
	{ "POST", "/evaluations/recommendations/{item}/answers", kj_page_eval_rec_answer, KJ_PERM_PLAN_EDIT, 0 },
	{ "GET",  "/evaluations/hq/{fy}",	kj_page_eval_hq,	KJ_PERM_EVAL_READ, 0 },
	{ "GET",  "/evaluations/{id}",		kj_page_eval,		KJ_PERM_EVAL_READ, 0 },
	{ "POST", "/evaluations/{id}/sections",	kj_page_eval_section,	KJ_PERM_EVAL_READ, 0 },
	{ "POST", "/evaluations/{id}/figures",	kj_page_eval_figure,	KJ_PERM_EVAL_EDIT, 0 },
	{ "POST", "/evaluations/{id}/figures/drop", kj_page_eval_figure_drop, KJ_PERM_EVAL_EDIT, 0 },
	{ "POST", "/evaluations/{id}/submit",	kj_page_eval_submit,	KJ_PERM_EVAL_EDIT, 0 },
	{ "POST", "/evaluations/{id}/return",	kj_page_eval_return,	KJ_PERM_EVAL_EDIT, 0 },
	{ "POST", "/evaluations/{id}/finalise",	kj_page_eval_finalise,	KJ_PERM_EVAL_READ, 0 },
	{ "POST", "/evaluations/{id}/items",	kj_page_eval_item_add,	KJ_PERM_EVAL_HQ, 0 },
	{ "POST", "/evaluations/{id}/items/{item}/drop", kj_page_eval_item_drop, KJ_PERM_EVAL_HQ, 0 },
	{ "POST", "/plans/{id}/measures/{key}/answers", kj_page_plan_measure_answers, KJ_PERM_PLAN_EDIT, 0 },
	{ "GET",  "/pdca",			kj_page_pdca,		KJ_PERM_EVAL_READ, 0 },
	{ "GET",  "/api/v1/evaluations",	kj_api_evals,		KJ_PERM_EVAL_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/evaluations/recommendations", kj_api_eval_recs, KJ_PERM_EVAL_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/evaluations/{id}",	kj_api_eval,		KJ_PERM_EVAL_READ, KJ_ROUTE_API },
	{ "GET",  "/api/v1/pdca",		kj_api_pdca,		KJ_PERM_EVAL_READ, KJ_ROUTE_API },
	/* On-site pages (issue 15): a visit recorded function by function (who
	 * reads or records it is kj_authz_visit's, in the use cases), a survey
	 * opened and closed from its page (kj_authz_onsite_admin's), and the CSV
	 * downloads of `kijun onsite export`. */
	{ "GET",  "/onsite/visits/{v}/fn/{code}", kj_page_onsite_visit_fn, KJ_PERM_ONSITE_READ, 0 },
	{ "POST", "/onsite/visits/{v}/fn/{code}", kj_page_onsite_visit_fn_record, KJ_PERM_ONSITE_RECORD, 0 },
	{ "GET",  "/onsite/visits/{v}/form.csv", kj_page_onsite_visit_form_csv, KJ_PERM_ONSITE_RECORD, 0 },
	{ "GET",  "/onsite/{id}/items.csv",	kj_page_onsite_items_csv, KJ_PERM_ONSITE_READ, 0 },
	{ "POST", "/onsite/{id}/open",		kj_page_onsite_open,	KJ_PERM_ONSITE_ADMIN, 0 },
	{ "POST", "/onsite/{id}/close",		kj_page_onsite_close,	KJ_PERM_ONSITE_ADMIN, 0 },
	/* Surveys of kind other (issue 15): the owner's pages (survey.admin; which
	 * survey is the owner's, kj_authz_survey_admin in the use cases); a ministry
	 * respondent's answers and the owner's review and return of them
	 * (kj_authz_other in the use cases). Operators answer them on the
	 * questionnaire's own /surveys/{id}/answer pages. */
	{ "GET",  "/other-surveys",		kj_page_other_surveys,	KJ_PERM_SURVEY_READ, 0 },
	{ "POST", "/other-surveys",		kj_page_other_survey_create, KJ_PERM_SURVEY_ADMIN, 0 },
	{ "GET",  "/surveys/{id}/other",	kj_page_survey_other,	KJ_PERM_SURVEY_ADMIN, 0 },
	{ "POST", "/surveys/{id}/other/respondents", kj_page_survey_other_pick, KJ_PERM_SURVEY_ADMIN, 0 },
	{ "POST", "/surveys/{id}/other/questions", kj_page_survey_other_question, KJ_PERM_SURVEY_ADMIN, 0 },
	{ "POST", "/surveys/{id}/other/open",	kj_page_survey_other_open, KJ_PERM_SURVEY_ADMIN, 0 },
	{ "POST", "/surveys/{id}/other/close",	kj_page_survey_other_close, KJ_PERM_SURVEY_ADMIN, 0 },
	{ "GET",  "/surveys/{id}/other/export.csv", kj_page_survey_other_csv, KJ_PERM_SURVEY_ADMIN, 0 },
	{ "GET",  "/surveys/{id}/other/export.xlsx", kj_page_survey_other_xlsx, KJ_PERM_SURVEY_ADMIN, 0 },
	{ "GET",  "/surveys/{id}/ministries/{code}", kj_page_other_ministry, KJ_PERM_SURVEY_READ, 0 },
	{ "POST", "/surveys/{id}/ministries/{code}", kj_page_other_ministry_save, KJ_PERM_SURVEY_READ, 0 },
	{ "POST", "/surveys/{id}/ministries/{code}/submit", kj_page_other_ministry_submit, KJ_PERM_SURVEY_READ, 0 },
	{ "POST", "/surveys/{id}/ministries/{code}/return", kj_page_other_ministry_return, KJ_PERM_SURVEY_ADMIN, 0 },
	{ "GET",  "/api/v1/other-surveys/{id}",	kj_api_survey_other,	KJ_PERM_SURVEY_ADMIN, KJ_ROUTE_API },
	{ "GET",  "/api/v1/other-surveys/{id}/ministries/{code}", kj_api_other_ministry, KJ_PERM_SURVEY_READ, KJ_ROUTE_API },
};
const int kj_nroutes = (int)(sizeof kj_routes / sizeof kj_routes[0]);
