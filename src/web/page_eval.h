/*
 * What the evaluation pages share (page_eval.c, page_eval_edit.c,
 * page_eval_figs.c, page_eval_hq.c, page_pdca.c): the evaluation's name in
 * the request's language, its page's state, and the figures drawn from the
 * live analysis.
 */
#ifndef KJ_WEB_PAGE_EVAL_H
#define KJ_WEB_PAGE_EVAL_H

#include "app/evaluation.h"
#include "model/plan.h"
#include "base/buf.h"
#include "web/form.h"
#include "web/http.h"

/* 「電力分野（経済産業省）の評価」, 「分野横断的評価」, 「戦略本部の評価」. */
void kj_eval_name(struct kj_request *req, struct kj_buf *b, enum kj_eval_scope scope,
		  const char *sector, const char *ministry);
/* An addressee's name: a sector's, or the NCO. */
const char *kj_eval_addressee_name(struct kj_request *req, const char *addressee);
/* The request's fiscal year (?fy=, else the current one): 0, or -1 when malformed. */
int kj_eval_fy_param(struct kj_request *req, int *fy);

/* The evaluation page (/evaluations/{id}) as loaded, and what a refused form posted. */
struct eval_page {
	struct kj_eval *e;
	unsigned may;			/* 1 << KJ_EVAL_USE_* */
	struct kj_eval_event *ev;
	int nev;
	struct kj_hq_item *items;
	int nitems;
	const char *posted;		/* "section:NAME", "figure:NAME", "submit", "return",
					 * "finalise", "item" */
	struct kj_form form;
	int status;
};
/* Loads evaluation ID as the user may see it: 0, or an HTTP status. */
int kj_eval_page_load(struct kj_request *req, int64_t id, struct eval_page **out);
void kj_eval_page_free(struct eval_page *pg);
int kj_eval_page_render(struct kj_request *req, struct kj_response *resp, struct eval_page *pg);
/* The posted value of NAME if the refused form was WHICH, else DFLT. */
const char *kj_eval_posted(struct kj_request *req, const struct eval_page *pg,
			   const char *which, const char *name, const char *dflt);
/* The HQ evaluation's items and their form (page_eval_hq.c). */
void kj_eval_items(struct kj_request *req, struct kj_buf *b, struct eval_page *pg);

/* Figure F of fiscal year FY drawn from the live analysis as the reader
 * sees it (suppressed as kj_authz_analysis says), with its caption; a note
 * when it cannot be drawn (page_eval_figs.c). */
void kj_eval_figure(struct kj_request *req, struct kj_buf *b, int fy,
		    const struct kj_eval_figure *f, int n);

/* The plan measure's form of the recommendations of last year addressed to
 * plan P's scope that measure M answers (nothing when there are none):
 * checkboxes posting to /plans/{id}/measures/{key}/answers (page_eval_recs.c). */
void kj_eval_measure_answers_form(struct kj_request *req, struct kj_buf *b,
				  const struct kj_plan *p, const struct kj_plan_measure *m);

#endif
