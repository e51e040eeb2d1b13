/* The handlers of the route table: one page_*.c per page, api_*.c per resource. */
#ifndef KJ_WEB_PAGES_H
#define KJ_WEB_PAGES_H

#include <jansson.h>

#include "web/http.h"

#define H(name) int name(struct kj_request *req, struct kj_response *resp)
H(kj_page_static);
H(kj_page_lang);
H(kj_page_signin);
H(kj_page_signin_post);
H(kj_page_signout);
H(kj_page_home);
H(kj_page_catalog);
H(kj_page_crosswalk);
H(kj_page_requirement);
H(kj_page_glossary);
H(kj_page_audit);
H(kj_page_users);
H(kj_page_users_add);
H(kj_page_users_disable);
H(kj_page_users_enable);
H(kj_page_user_tokens);
H(kj_page_user_token_revoke);
H(kj_page_account);
H(kj_page_token_add);
H(kj_page_token_revoke);
H(kj_page_registry);
H(kj_page_registry_export);
H(kj_page_registry_import);
H(kj_page_org_new);
H(kj_page_org_create);
H(kj_page_org);
H(kj_page_org_save);
H(kj_page_targets);
H(kj_page_targets_save);
H(kj_page_targets_copy);
H(kj_page_coverage);
H(kj_page_coverage_export);
H(kj_page_safety_sector);
H(kj_page_safety_import);
H(kj_page_clause_map);
H(kj_api_organisations);
H(kj_api_coverage);
H(kj_api_safety);
H(kj_api_catalog);
H(kj_api_requirement);
H(kj_api_me);
H(kj_api_organisation);
H(kj_page_clause_picker);
H(kj_page_safety_export);
#undef H

struct kj_coverage;
struct kj_catalog;
/* Sector S's counts of the four coverage states, its gaps and partial cells,
 * as JSON (api_coverage.c; also in a sector's safety API). */
json_t *kj_api_coverage_counts(const struct kj_coverage *cov, const struct kj_catalog *cat,
			       int s);

struct kj_doc_row;
/*
 * May the request's user see safety document D in full? A class ④
 * document (内規) is its operator's own information: NCO, auditors, the
 * sector's ministry users and that operator (kj_authz_object); everyone
 * else only counts it. Other classes: whoever may read the sector.
 */
int kj_web_safety_doc_visible(const struct kj_request *req, const struct kj_doc_row *d);

struct kj_token_row;
/* A user's API tokens as a table; a live one's revoke form posts to PREFIX +
 * id + "/revoke" (page_account.c). */
void kj_tokens_table(struct kj_request *req, struct kj_buf *b, const struct kj_token_row *rows,
		     int n, const char *prefix, const char *caption);

/* An operator's own security contact (page_org_contact.c). */
int kj_page_org_contact(struct kj_request *req, struct kj_response *resp);
int kj_page_org_contact_save(struct kj_request *req, struct kj_response *resp);
/* The site's icon (page_signin.c). */
int kj_page_favicon(struct kj_request *req, struct kj_response *resp);

/* Before a revocation: what revoking USER's live token ID takes away, in
 * the request's language, into OUT; 0, or 404 when there is no such live
 * token, 500 when the store fails (page_account.c). */
int kj_token_revoke_lost(struct kj_request *req, int64_t user, int64_t id, char *out,
			 size_t n);

/* Answering a survey and reviewing responses (page_answer*.c, page_review.c,
 * api_responses.c). */
#define H(name) int name(struct kj_request *req, struct kj_response *resp)
H(kj_page_answer);
H(kj_page_answer_start);
H(kj_page_answer_lead);
H(kj_page_answer_assign);
H(kj_page_answer_function);
H(kj_page_answer_function_save);
H(kj_page_answer_submit_form);
H(kj_page_answer_submit);
H(kj_page_answer_receipt);
H(kj_page_answer_versions);
H(kj_page_review);
H(kj_page_review_return);
H(kj_page_review_versions);
H(kj_api_response);
H(kj_api_response_answers);
H(kj_api_response_submit);
H(kj_api_response_return);
H(kj_api_response_versions);
H(kj_api_response_version);
#undef H
/* The home page's call to answer SURVEY (an operator's open one, not yet
 * submitted): status, questions left, close date, link; 1 if written, 0 when
 * the operator is not asked (page_answer.c). */
int kj_answer_home_card(struct kj_request *req, struct kj_buf *b, int64_t survey,
			const char *title_ja, const char *title_en);
/* A survey's notifications: list and CSV (page_notifications.c). */
int kj_page_survey_notifications(struct kj_request *req, struct kj_response *resp);
/* Survey campaigns: the list (page_surveys.c), a campaign (page_survey.c), the
 * owner's actions and the chase list's files (page_survey_actions.c), the API
 * (api_surveys.c). */
int kj_page_surveys(struct kj_request *req, struct kj_response *resp);
int kj_page_survey(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_chase_csv(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_chase_xlsx(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_open(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_close(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_extend(struct kj_request *req, struct kj_response *resp);
int kj_api_surveys(struct kj_request *req, struct kj_response *resp);
int kj_api_survey(struct kj_request *req, struct kj_response *resp);
int kj_api_survey_progress(struct kj_request *req, struct kj_response *resp);
/* The offline form of a survey (page_survey_form.c): an operator's own
 * form as xlsx or CSV, its upload, and the owner's export of every answer. */
int kj_page_survey_form_xlsx(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_form_csv(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_upload(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_export_csv(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_export_xlsx(struct kj_request *req, struct kj_response *resp);
/* The links to download SURVEY's form (digits) and the upload form, for the
 * answer page. */
void kj_web_survey_form_panel(struct kj_request *req, struct kj_buf *b, const char *survey);
/* A campaign's own questions: the owner's form and drop button
 * (page_survey_questions.c), the API (api_surveys.c). */
int kj_page_survey_question_add(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_question_drop(struct kj_request *req, struct kj_response *resp);
int kj_api_survey_questions(struct kj_request *req, struct kj_response *resp);
int kj_api_survey_question_add(struct kj_request *req, struct kj_response *resp);
int kj_api_survey_question_drop(struct kj_request *req, struct kj_response *resp);

/* The analysis API (api_analysis.c): national, a sector, a requirement. */
int kj_api_analysis_national(struct kj_request *req, struct kj_response *resp);
int kj_api_analysis_sector(struct kj_request *req, struct kj_response *resp);
int kj_api_analysis_requirement(struct kj_request *req, struct kj_response *resp);

/* The user's own password (page_password.c, issue 16). */
int kj_page_password(struct kj_request *req, struct kj_response *resp);
int kj_page_password_post(struct kj_request *req, struct kj_response *resp);
/* The failed sign-ins since the last one, once (page_signin_notice.c). */
int kj_page_signin_notice(struct kj_request *req, struct kj_response *resp);
/* An administrator's reset of a user's password (page_user_reset.c). */
int kj_page_user_reset(struct kj_request *req, struct kj_response *resp);
/* The analysis pages (page_analysis.c): national, a sector, a requirement;
 * each table also as CSV or xlsx (?table=NAME&format=csv|xlsx). */
int kj_page_analysis_national(struct kj_request *req, struct kj_response *resp);
int kj_page_analysis_sector(struct kj_request *req, struct kj_response *resp);
int kj_page_analysis_requirement(struct kj_request *req, struct kj_response *resp);

/* An operator's benchmark (api_analysis_operator.c, page_analysis_operator.c):
 * JSON, and the page with its tables as CSV or xlsx. */
int kj_api_analysis_operator(struct kj_request *req, struct kj_response *resp);
int kj_page_analysis_operator(struct kj_request *req, struct kj_response *resp);

/* Implementation plans (issue 14): the list, a new plan, one plan and its
 * forms, two plans side by side (page_plans.c, page_plan*.c), and the JSON
 * API (api_plans.c). */
int kj_page_plans(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_new(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_create(struct kj_request *req, struct kj_response *resp);
int kj_page_plan(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_structure(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_measure_save(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_measure_add(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_measure_drop(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_submit(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_return(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_report(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_copy(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_diff(struct kj_request *req, struct kj_response *resp);
int kj_api_plans(struct kj_request *req, struct kj_response *resp);
int kj_api_plan(struct kj_request *req, struct kj_response *resp);
int kj_api_plan_submit(struct kj_request *req, struct kj_response *resp);
int kj_api_plan_return(struct kj_request *req, struct kj_response *resp);
int kj_api_plan_report(struct kj_request *req, struct kj_response *resp);

/* Published snapshots of the analysis (issue 13): page_analysis_published.c,
 * api_analysis_published.c. */
int kj_page_analysis_publish(struct kj_request *req, struct kj_response *resp);
int kj_page_analysis_published_list(struct kj_request *req, struct kj_response *resp);
int kj_page_analysis_published(struct kj_request *req, struct kj_response *resp);
int kj_api_analysis_published_list(struct kj_request *req, struct kj_response *resp);
int kj_api_analysis_published(struct kj_request *req, struct kj_response *resp);

/* The second factor (issue 16): page_signin_mfa.c, page_account_mfa.c, page_user_mfa.c. */
int kj_page_signin_mfa(struct kj_request *req, struct kj_response *resp);
int kj_page_signin_mfa_post(struct kj_request *req, struct kj_response *resp);
int kj_page_account_mfa(struct kj_request *req, struct kj_response *resp);
int kj_page_account_mfa_post(struct kj_request *req, struct kj_response *resp);
int kj_page_account_mfa_recovery(struct kj_request *req, struct kj_response *resp);
int kj_page_user_mfa_require(struct kj_request *req, struct kj_response *resp);
int kj_page_user_mfa_reset(struct kj_request *req, struct kj_response *resp);

/* On-site visits (issue 15): page_onsite_visit.c, page_onsite_visits.c, api_onsite_visit.c. */
int kj_page_onsite_visits(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_visit_plan(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_visit(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_visit_record(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_visit_issue(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_visit_reply(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_visit_form(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_visit_upload(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_mine(struct kj_request *req, struct kj_response *resp);
int kj_api_onsite_visit(struct kj_request *req, struct kj_response *resp);

/* On-site surveys, the selection (issue 15): page_onsite.c (the list and a
 * new one), page_onsite_select.c (one survey, its selection and picks),
 * api_onsite.c. */
int kj_page_onsite_list(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_create(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_picks_csv(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_select(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_approve(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_pick_add(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_pick_remove(struct kj_request *req, struct kj_response *resp);
int kj_api_onsite_list(struct kj_request *req, struct kj_response *resp);
int kj_api_onsite(struct kj_request *req, struct kj_response *resp);

/* Self-reported against verified (issue 15): page_analysis_verified.c,
 * api_analysis_verified.c. */
int kj_page_analysis_verified(struct kj_request *req, struct kj_response *resp);
int kj_page_analysis_verified_sector(struct kj_request *req, struct kj_response *resp);
int kj_api_analysis_verified(struct kj_request *req, struct kj_response *resp);
int kj_api_analysis_verified_sector(struct kj_request *req, struct kj_response *resp);

/* The annual report (issue 14): page_report.c, api_report.c. */
int kj_page_reports(struct kj_request *req, struct kj_response *resp);
int kj_page_report_freeze(struct kj_request *req, struct kj_response *resp);
int kj_page_report_file(struct kj_request *req, struct kj_response *resp);
int kj_api_reports(struct kj_request *req, struct kj_response *resp);

/* Evaluations, the HQ's recommendations, traceability and the PDCA board
 * (issue 14): page_eval*.c, page_pdca.c, api_eval.c. */
int kj_page_evals(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_create(struct kj_request *req, struct kj_response *resp);
int kj_page_eval(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_section(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_figure(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_figure_drop(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_submit(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_return(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_finalise(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_item_add(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_item_drop(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_hq(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_recs(struct kj_request *req, struct kj_response *resp);
int kj_page_eval_rec_answer(struct kj_request *req, struct kj_response *resp);
int kj_page_plan_measure_answers(struct kj_request *req, struct kj_response *resp);
int kj_page_pdca(struct kj_request *req, struct kj_response *resp);
int kj_api_evals(struct kj_request *req, struct kj_response *resp);
int kj_api_eval(struct kj_request *req, struct kj_response *resp);
int kj_api_eval_recs(struct kj_request *req, struct kj_response *resp);
int kj_api_pdca(struct kj_request *req, struct kj_response *resp);
/* On-site pages (issue 15): recording per function (page_onsite_visit_fn.c),
 * opening and closing a survey (page_onsite_select.c), the CSV downloads of
 * `kijun onsite export` (page_onsite_visits.c). */
int kj_page_onsite_visit_fn(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_visit_fn_record(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_open(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_close(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_visit_form_csv(struct kj_request *req, struct kj_response *resp);
int kj_page_onsite_items_csv(struct kj_request *req, struct kj_response *resp);

/* Surveys of kind other (issue 15): page_survey_other.c, page_survey_other_answer.c,
 * api_survey_other.c. */
int kj_page_other_surveys(struct kj_request *req, struct kj_response *resp);
int kj_page_other_survey_create(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_other(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_other_pick(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_other_question(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_other_open(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_other_close(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_other_csv(struct kj_request *req, struct kj_response *resp);
int kj_page_survey_other_xlsx(struct kj_request *req, struct kj_response *resp);
int kj_page_other_ministry(struct kj_request *req, struct kj_response *resp);
int kj_page_other_ministry_save(struct kj_request *req, struct kj_response *resp);
int kj_page_other_ministry_submit(struct kj_request *req, struct kj_response *resp);
int kj_page_other_ministry_return(struct kj_request *req, struct kj_response *resp);
int kj_api_survey_other(struct kj_request *req, struct kj_response *resp);
int kj_api_other_ministry(struct kj_request *req, struct kj_response *resp);

#endif
