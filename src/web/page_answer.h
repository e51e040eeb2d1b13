/*
 * What the answering and review pages share (page_answer*.c,
 * page_review.c): reading the survey and organisation a request names,
 * the actor of the use cases, refusals as pages, and the pieces of a
 * response shown on several pages (an answer as text, a function's name,
 * the side-by-side comparison of two versions, a read-only response).
 *
 * Return conventions: a loader returns 0, or an HTTP status for the
 * handler to return (404 for what the user may not reach, as for what is
 * not there); kj_answer_refused answers the request itself (a page with
 * the refusal's words) and returns what a handler returns. The writers
 * return nothing (a failed write sticks in the buffer).
 */
#ifndef KJ_WEB_PAGE_ANSWER_H
#define KJ_WEB_PAGE_ANSWER_H

#include <stdint.h>

#include "app/survey_answer.h"
#include "web/app.h"
#include "web/http.h"

/* The function page's number of a survey's own questions (/answer/f/q). */
#define KJ_ANSWER_OWN_PAGE (-1)
#define KJ_ANSWER_ACTOR_MAX (KJ_LOGIN_MAX + 8)

/* The use cases' actor for the request's user; NAME (KJ_ANSWER_ACTOR_MAX) holds its name. */
void kj_answer_actor(struct kj_request *req, struct kj_actor *a, char *name);
/* The survey id of the path's first segment: 0, or 404. */
int kj_answer_survey_arg(const struct kj_request *req, int64_t *survey);
/* The organisation of corporate number CORP among SURVEY's respondents: 0, or 404 / 500. */
int kj_answer_corp_org(struct kj_request *req, int64_t survey, const char *corp, int64_t *org);
/*
 * Reads ORG's response to SURVEY (ORG 0: the operator's own) into a new
 * *Q (the caller frees it with kj_questionnaire_free). 0, or a status; a
 * refusal is a 404 (not found, not in reach) or a 409 page with its words,
 * answered here (*Q stays NULL, and the handler returns what this did).
 */
int kj_answer_load(struct kj_request *req, struct kj_response *resp, int64_t survey,
		   int64_t org, struct kj_questionnaire **q);
/* A use case's refusal as the answer: 404 (not found, forbidden), else a
 * page (400 or 409) with WHY's words in the request's language. */
int kj_answer_refused(struct kj_request *req, struct kj_response *resp,
		      const struct kj_answer_refusal *why);
/* The same on the operator's own response, where nothing is hidden: a step
 * the user may not take there (only the lead submits or assigns) is a 403
 * page with WHY's words. */
int kj_answer_refused_own(struct kj_request *req, struct kj_response *resp,
			  const struct kj_answer_refusal *why);

/* The function's name in the request's language (F -1: 独自設問). */
const char *kj_answer_function_name(const struct kj_request *req, const struct kj_catalog *cat,
				    int f);
/* An answer as the reader sees it: "3 実施", "該当なし（理由）", "未回答", with comment and evidence. */
void kj_answer_value_html(struct kj_request *req, struct kj_buf *b, const struct kj_q_item *it,
			  const struct kj_answer_value *v);
/* The response's head: organisation, status, revision, close date, last change, return message. */
void kj_answer_head(struct kj_request *req, struct kj_buf *b, const struct kj_questionnaire *q);
/* Every item of Q, read-only, by function (the review page). */
void kj_answer_readonly(struct kj_request *req, struct kj_buf *b, const struct kj_questionnaire *q);
/* Q's submitted versions as a table; links to BASE + "receipts/N" when RECEIPTS, and the
 * comparison form posting to BASE + "versions". */
void kj_answer_versions_table(struct kj_request *req, struct kj_buf *b,
			      const struct kj_version_head *v, int n, const char *base,
			      int receipts);

/* A receipt's facts as rows of a <dl>: its number (受付番号), time (受付日時)
 * and the digest of what was submitted; the operator's receipt page and a
 * ministry's response to a survey of kind other. */
void kj_answer_receipt_facts(struct kj_request *req, struct kj_buf *b,
			     const struct kj_receipt *r);

/* GET …/versions?a=1&b=2 of ORG's response (the operator's and the reviewer's pages). */
int kj_answer_compare_page(struct kj_request *req, struct kj_response *resp, int64_t survey,
			   int64_t org, const char *base);

#endif
