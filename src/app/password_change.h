/*
 * A user changes their own password (issue 16): the old password proves
 * it is them, the new one is given twice and must pass kj_password_check
 * (12 characters or more, not the login, not a well-known password). On
 * success every session and API token of the user ends (the caller starts
 * a fresh session for the browser that asked), a password an administrator
 * reset need no longer be changed, with the audit entry user.password, in
 * one transaction.
 */
#ifndef KJ_APP_PASSWORD_CHANGE_H
#define KJ_APP_PASSWORD_CHANGE_H

#include "app/usecase.h"
#include "store/store.h"

enum kj_pw_fault {
	KJ_PW_OK,
	KJ_PW_OLD_WRONG,	/* the old password does not match */
	KJ_PW_MISMATCH,		/* the new one and its repetition differ */
	KJ_PW_WEAK,		/* kj_password_check refused it */
	KJ_PW_SAME,		/* the new one is the old one */
};

/* Why a change was refused: the field ("old", "new", "new2"), the reason
 * in Japanese (a msgid) and English. */
struct kj_pw_refusal {
	enum kj_pw_fault fault;
	const char *field;
	const char *ja;
	char en[KJ_ERR_MAX];
};

/*
 * Changes the password of ACTOR's user from OLD_PW to NEW_PW (NEW2 its
 * repetition). Returns 0 with WHY->fault KJ_PW_OK or the refusal (nothing
 * written); -1 only when the store fails.
 */
int kj_app_password_change(struct kj_store *st, const struct kj_actor *actor,
			   const char *old_pw, const char *new_pw, const char *new2,
			   struct kj_pw_refusal *why, struct kj_err *err);

#endif
