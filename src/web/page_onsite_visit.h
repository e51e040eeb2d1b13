/*
 * What the pages of on-site visits share (page_onsite_visit.c: one visit,
 * its record, issue and replies; page_onsite_visits.c: a survey's visits,
 * planning, "mine", the offline form; page_onsite_visit_fn.c: a visit's
 * items of one function): the actor of a request, the status of a
 * refusal, the visit's page.
 */
#ifndef KJ_WEB_PAGE_ONSITE_VISIT_H
#define KJ_WEB_PAGE_ONSITE_VISIT_H

#include "app/onsite_visit.h"
#include "model/user.h"
#include "web/http.h"

struct visit_actor {
	char name[KJ_LOGIN_MAX + 8];
	struct kj_actor actor;
};
void kj_visit_actor(const struct kj_request *req, struct visit_actor *a);
/* 404, 403, 400 or 409 for a refusal. */
int kj_visit_status(const struct kj_visit_refusal *why);
/* The refusal's message in the request's language. */
const char *kj_visit_msg(const struct kj_request *req, const struct kj_visit_refusal *why);
/* A level as the pages show it ("3: 実施", "該当なし", "—"). */
const char *kj_visit_level_text(const struct kj_request *req, int has, int level);
/* The visit's state in the request's language. */
const char *kj_visit_state_text(const struct kj_request *req, const char *state);


/* A visit's page (page_onsite_visit.c): the whole visit (FN NULL) or one
 * function's items (page_onsite_visit_fn.c), and the form refused. */
struct visit_page {
	struct kj_visit_view *vw;
	const struct kj_visit_refusal *why;	/* a refused form's reason, or NULL */
	const char *posted;			/* "record", "reply:ITEM", or NULL */
	const char *fn;				/* a function code, or NULL: every item */
};
/* Loads visit {v} of the request into PG (free PG->vw); 0, or a status. */
int kj_visit_page_load(struct kj_request *req, struct visit_page *pg);
int kj_visit_page_render(struct kj_request *req, struct kj_response *resp, struct visit_page *pg,
			 int status);
/* The page again after a use case: a redirect to the visit (or FN's page) at
 * ANCHOR when done, else the page with the refusal (POSTED the form's values). */
int kj_visit_after(struct kj_request *req, struct kj_response *resp, int rc,
		   const struct kj_visit_refusal *why, const struct kj_err *err, const char *posted,
		   const char *fn, const char *anchor);
/* Records the posted items of the visit: of function FN only, or any (NULL). */
int kj_visit_record_post(struct kj_request *req, struct kj_response *resp, const char *fn);

/* page_onsite_visit_fn.c: the function's name (code FN) in the request's
 * language, through the questionnaire's helper; the navigation by function
 * with what is left to record in each (PG->fn the current one). */
const char *kj_visit_fn_name(const struct kj_request *req, const char *fn);
void kj_visit_fn_nav(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg);

#endif
