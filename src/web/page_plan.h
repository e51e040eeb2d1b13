/*
 * What the implementation plan pages share (page_plans.c, page_plan.c,
 * page_plan_edit.c, page_plan_diff.c): the plan's name in the request's
 * language, the actor of the request, and the plan page's state, read
 * before any of it is written.
 */
#ifndef KJ_WEB_PAGE_PLAN_H
#define KJ_WEB_PAGE_PLAN_H

#include "app/plan.h"
#include "base/buf.h"
#include "model/audit.h"
#include "web/form.h"
#include "web/http.h"

/* The request's user as the use cases' actor (NAME its audit name). */
struct plan_actor {
	char name[KJ_AUDIT_ACTOR_MAX];
	struct kj_actor actor;
};
void kj_plan_actor(struct kj_request *req, struct plan_actor *a);

/* The plan's name: 「電力分野（経済産業省）」 or 「分野横断的実施計画」. */
void kj_plan_name(struct kj_request *req, struct kj_buf *b, const char *scope,
		  const char *sector, const char *ministry);
/* A state's label in the request's language. */
const char *kj_plan_state_label(struct kj_request *req, enum kj_plan_state s);

/* The plan page (/plans/{id}) as loaded, and what a refused form posted. */
struct plan_page {
	struct kj_plan *p;
	unsigned may;			/* 1 << KJ_PLAN_USE_* */
	long targets;
	int frozen;
	int64_t previous;		/* last year's plan of the scope; 0: none */
	int64_t next;			/* next year's; 0: none */
	struct kj_plan_event *ev;
	int nev;
	char cat_ja[KJ_PLAN_CATEGORIES][256], cat_en[KJ_PLAN_CATEGORIES][256];
	/* A refused form: which one ("structure:gov", "measure:KEY", "add",
	 * "submit", "return", "report", "copy"), its errors, its status. */
	const char *posted;
	struct kj_form form;
	int status;
};
/* Loads plan {id} (REQ->args[0]) as the user may see it: 0, or an HTTP status. */
int kj_plan_page_load(struct kj_request *req, struct plan_page **out);
void kj_plan_page_free(struct plan_page *pg);
/* Writes the page (PG->status, 200 if 0). */
int kj_plan_page_render(struct kj_request *req, struct kj_response *resp, struct plan_page *pg);
/* The page's parts written by page_plan_measures.c: the measures by
 * category (forms while a draft its owner edits), and the actions. */
void kj_plan_measures(struct kj_request *req, struct kj_buf *b, struct plan_page *pg);
void kj_plan_actions(struct kj_request *req, struct kj_buf *b, struct plan_page *pg);

/* The posted value of NAME if the refused form was WHICH, else DFLT. */
const char *kj_plan_posted(struct kj_request *req, const struct plan_page *pg,
			   const char *which, const char *name, const char *dflt);

#endif
