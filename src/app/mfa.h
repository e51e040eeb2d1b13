/*
 * The second factor's use cases (issue 16): who must have one, enrolment
 * (a secret offered, confirmed with the password and a code of it, ten
 * recovery codes given once), new recovery codes, checking a code or a
 * recovery code at sign-in, and an administrator's require and reset.
 *
 * Everything is offered only with the key of --mfa-key (KEY->set): without
 * it no one is asked for a second factor, and kj_mfa_startup_check refuses
 * to serve a database that holds second factors.
 *
 * Functions return 0, or -1 with ERR set when the store failed (nothing
 * written); a refused input is told in a struct kj_mfa_refusal.
 */
#ifndef KJ_APP_MFA_H
#define KJ_APP_MFA_H

#include <stdint.h>

#include "app/usecase.h"
#include "model/mfa.h"
#include "model/user.h"
#include "store/store.h"

/* 1 if USER's role or administration needs a second factor whatever
 * (nco, ministry, surveyor, hq, and whoever administers users). */
int kj_mfa_role_requires(const struct kj_user *user);

struct kj_mfa_state {
	int offered;		/* a key is given: the second factor exists */
	int enrolled;
	int required;		/* by role, or an administrator's choice */
	int admin_required;	/* the administrator's choice alone */
	int64_t recovery_left;	/* unused recovery codes */
	int64_t enrolled_at;
};

/* USER's second factor, as KEY makes it offered. */
int kj_mfa_state_of(struct kj_store *st, const struct kj_mfa_key *key,
		    const struct kj_user *user, struct kj_mfa_state *out, struct kj_err *err);
/* *MUST 1 when USER must enrol before anything else (a key, required, none yet). */
int kj_mfa_must_enrol(struct kj_store *st, const struct kj_mfa_key *key,
		      const struct kj_user *user, int *must, struct kj_err *err);
/* Without a key, a database whose users hold second factors is refused
 * (their sign-ins would lose the factor silently); with one, a key that
 * does not open them is refused. */
int kj_mfa_startup_check(struct kj_store *st, const struct kj_mfa_key *key,
			 struct kj_err *err);

/* The secret offered for enrolment: as text and as the otpauth:// URI of
 * the QR code. */
struct kj_mfa_offer {
	char secret[KJ_MFA_SECRET_B32_MAX];	/* base32 */
	char uri[256];
};

/*
 * The secret offered to USER at NOW: the one offered before if still
 * within KJ_MFA_ENROL_S (a reload shows the same), else a new one, kept
 * encrypted until confirmed. Nothing else changes.
 */
int kj_mfa_offer(struct kj_store *st, const struct kj_mfa_key *key, const struct kj_user *user,
		 int64_t now, struct kj_mfa_offer *out, struct kj_err *err);

enum kj_mfa_fault {
	KJ_MFA_OK,
	KJ_MFA_PASSWORD,	/* the password is wrong or missing */
	KJ_MFA_CODE,		/* the code is wrong, used, or expired */
	KJ_MFA_NO_OFFER,	/* no secret offered (or it ran out): show the page again */
	KJ_MFA_NOT_ENROLLED,	/* recovery codes without a factor */
	KJ_MFA_NO_KEY,		/* no second factor on this server */
};

struct kj_mfa_refusal {
	enum kj_mfa_fault fault;
	const char *field;	/* "password", "code" or "" */
	const char *ja;		/* msgid */
	const char *en;
};

typedef char kj_mfa_codes[KJ_MFA_RECOVERY_CODES][KJ_MFA_RECOVERY_TEXT];

/*
 * ACTOR's enrolment (a first one, or a new device in place of the old):
 * PASSWORD must be the user's, CODE a code of the secret offered. The
 * secret becomes the user's factor, new recovery codes go into CODES (to
 * show once), the audit entry user.mfa_enrol; one transaction.
 */
int kj_mfa_enrol(struct kj_store *st, const struct kj_mfa_key *key,
		 const struct kj_actor *actor, const char *password, const char *code,
		 int64_t now, kj_mfa_codes codes, struct kj_mfa_refusal *why,
		 struct kj_err *err);
/* New recovery codes for ACTOR (the old ones stop working), with the
 * password; audit user.mfa_recovery. */
int kj_mfa_recovery_renew(struct kj_store *st, const struct kj_mfa_key *key,
			  const struct kj_actor *actor, const char *password,
			  kj_mfa_codes codes, struct kj_mfa_refusal *why, struct kj_err *err);

/*
 * INPUT (a TOTP code or a recovery code) for USER_ID at NOW: *OK 1 when it
 * passes, a TOTP code taken once (its step recorded), a recovery code
 * used up (audit user.recovery_used under ACTOR_NAME, *RECOVERY 1).
 */
int kj_mfa_verify(struct kj_store *st, const struct kj_mfa_key *key, int64_t user_id,
		  const char *actor_name, const char *input, int64_t now, int *ok,
		  int *recovery, struct kj_err *err);

/* An administrator requires (REQUIRED 1) or no longer requires a second
 * factor of USER_ID; audit user.mfa_require. *FOUND 0 if no such user. */
int kj_mfa_require(struct kj_store *st, const struct kj_actor *actor, int64_t user_id,
		   int required, int *found, struct kj_err *err);
/* A lost device: USER_ID's factor, offer and recovery codes removed; the
 * user enrols again at the next sign-in if required. Audit user.mfa_reset.
 * *FOUND 0 if no such user. */
int kj_mfa_reset(struct kj_store *st, const struct kj_actor *actor, int64_t user_id,
		 int *found, struct kj_err *err);

#endif
