/*
 * What the sign-in pages share (page_signin.c, page_signin_mfa.c): the
 * end of a sign-in that passed, the half step before a second factor, and
 * the sign-in form with a message.
 */
#ifndef KJ_WEB_PAGE_SIGNIN_H
#define KJ_WEB_PAGE_SIGNIN_H

#include "model/user.h"
#include "web/app.h"

/* USER passed every step: the sign-in state, the language, a new session,
 * the audit entry, and the redirect to NEXT (a local path) or to what
 * comes first. Returns what a handler returns. */
int kj_page_signin_finish(struct kj_request *req, struct kj_response *resp,
			  const struct kj_user *user, const char *next);
/* USER_ID's password passed and a code follows: the half step's cookie and
 * the redirect to /signin/mfa. Returns what a handler returns. */
int kj_page_signin_halfway(struct kj_request *req, struct kj_response *resp, int64_t user_id,
			   const char *next);
/* The sign-in form with ERROR_JA (a msgid), status STATUS. */
int kj_page_signin_again(struct kj_request *req, struct kj_response *resp, int status,
			 const char *error_ja);

#define KJ_MFA_COOKIE "kijun_mfa"

#endif
