/*
 * What the pages of on-site visits share (page_onsite_visit.c: one visit,
 * its record, issue and replies; page_onsite_visits.c: a survey's visits,
 * planning, "mine", the offline form): the actor of a request and the
 * status of a refusal.
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

#endif
