/* The second factor's cell of the users' list (page_user_mfa.c). */
#ifndef KJ_WEB_PAGE_USER_MFA_H
#define KJ_WEB_PAGE_USER_MFA_H

#include "model/user.h"
#include "web/app.h"

/* U's second factor (state, require, reset) as one table cell. */
void kj_page_users_mfa_cell(struct kj_request *req, struct kj_buf *b, const struct kj_user *u);

#endif
