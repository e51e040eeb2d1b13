/*
 * The audit entry of an authorisation refusal (authz.refused): a signed-in
 * user asked for a route, or an object, their role does not reach. A user
 * who keeps asking would fill the trail, so at most one entry per user and
 * route (method and pattern) is written in KJ_AUTHZ_AUDIT_WINDOW_S seconds;
 * the refusals held back meanwhile are counted in the next entry's detail
 * ("held_back"). The count is kept in this process's memory, in
 * KJ_AUTHZ_AUDIT_SLOTS places: when every place is within its window, a
 * refusal of a new user and route is not written (docs/operations.md).
 */
#ifndef KJ_APP_AUTHZ_AUDIT_H
#define KJ_APP_AUTHZ_AUDIT_H

#include <stdint.h>

#include "app/usecase.h"
#include "store/store.h"

struct kj_refusal {
	const char *method;	/* "GET", "POST", ... */
	const char *route;	/* the route's pattern: "/registry/{id}" */
	const char *object;	/* the object's id in the path, or NULL */
	const char *request;	/* the request id, or NULL */
};

/*
 * Writes the authz.refused entry of R by ACTOR (a signed-in user) at NOW,
 * unless one for that user and route was written in the window. Returns 1
 * written, 0 held back, -1 with ERR set.
 */
int kj_authz_refused(struct kj_store *st, const struct kj_actor *actor, int64_t now,
		     const struct kj_refusal *r, struct kj_err *err);
/* Forgets the counts (tests). */
void kj_authz_refused_reset(void);

#endif
