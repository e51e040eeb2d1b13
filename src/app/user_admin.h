/*
 * Use cases of user administration: a new user checked (role and scope,
 * login, organisation) and added with its audit entry; a user disabled or
 * enabled again. The web forms and 'kijun user add|disable|enable'
 * translate into these calls and back.
 */
#ifndef KJ_APP_USER_ADMIN_H
#define KJ_APP_USER_ADMIN_H

#include "app/usecase.h"
#include "model/user.h"
#include "store/store.h"

/* A new user as given: NULL or "" for what is not given. */
struct kj_user_form {
	const char *login, *display_name;
	const char *role;		/* "nco", "ministry", ... */
	const char *org;		/* operators: their organisation's corporate number */
	const char *ministry;		/* ministry users: their ministry's code */
	const kj_sector_code *sectors;	/* CEPTOAR users: theirs */
	int nsectors;
	const char *password;
};

enum kj_user_fault {
	KJ_USER_OK,
	KJ_USER_FORM,		/* a value is malformed, or the role's rule broken */
	KJ_USER_CONFLICT,	/* the database refuses it: the login taken, no such
				 * organisation, ministry or sector */
	KJ_USER_PASSWORD,	/* the password is too weak */
	KJ_USER_SELF,		/* an administrator disabling themselves */
};

/* Why a new user was refused: the fault, in Japanese (a msgid) and English. */
struct kj_user_refusal {
	enum kj_user_fault fault;
	const char *ja;
	char en[KJ_ERR_MAX];
};

/*
 * Checks FORM, but not its password, against the rules and the database
 * (the login free, the organisation registered; ST NULL: the rules only)
 * into U. Returns 0 with WHY->fault KJ_USER_OK or the refusal; -1 only
 * when the store fails.
 */
int kj_app_user_check(struct kj_store *st, const struct kj_user_form *form,
		      struct kj_user *u, struct kj_user_refusal *why, struct kj_err *err);
/*
 * Checks FORM with its password and adds the user, with the audit entry
 * under ACTOR, in one transaction; U gets the user (its id). Returns as
 * kj_app_user_check; nothing is written when refused.
 */
int kj_app_user_add(struct kj_store *st, const struct kj_actor *actor,
		    const struct kj_user_form *form, struct kj_user *u,
		    struct kj_user_refusal *why, struct kj_err *err);

/*
 * Disables (DISABLED 1) or enables again user ID, with its audit entry
 * (user.disable or user.enable, the login in the detail) under ACTOR, in
 * one transaction; a disabled user's sessions and API tokens end with it.
 * *CHANGED is 0, and nothing written, when the user already was so, or
 * when refused: WHY says why (an actor disabling themselves). *FOUND is 0
 * when there is no such user. Returns 0, or -1 when the store fails.
 */
int kj_app_user_set_disabled(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			     int disabled, int *found, int *changed,
			     struct kj_user_refusal *why, struct kj_err *err);

#endif
