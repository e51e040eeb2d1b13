/*
 * People and their roles (PRODUCT.md): what a user is, the password rules,
 * and password hashing (argon2id through libsodium).
 */
#ifndef KJ_MODEL_USER_H
#define KJ_MODEL_USER_H

#include <stdint.h>

#include "base/util.h"
#include "model/catalog.h"

enum kj_role {
	KJ_ROLE_NCO, KJ_ROLE_MINISTRY, KJ_ROLE_OPERATOR, KJ_ROLE_HQ,
	KJ_ROLE_SURVEYOR, KJ_ROLE_CEPTOAR, KJ_ROLE_AUDITOR, KJ_NROLES
};

#define KJ_LOGIN_MAX 64		/* bytes, including the NUL */
#define KJ_DISPLAY_MAX 128
#define KJ_USER_SECTORS_MAX 16
#define KJ_MINISTRY_CODE_MAX 16
#define KJ_PASSWORD_MIN 12	/* characters */
#define KJ_PASSWORD_MAX 128	/* bytes */
#define KJ_PWHASH_MAX 128	/* crypto_pwhash_STRBYTES */

struct kj_user {
	int64_t id;
	char login[KJ_LOGIN_MAX];
	char display_name[KJ_DISPLAY_MAX];
	enum kj_role role;
	int64_t org_id;		/* operators: their organisation; else 0 */
	char ministry[KJ_MINISTRY_CODE_MAX];	/* ministry users: their ministry; else "" */
	/*
	 * The sectors the user works in. A CEPTOAR user's are its own (user_sector);
	 * a ministry user's are read from its ministry (sector_ministry) when the
	 * user is loaded, and are never given when one is added.
	 */
	kj_sector_code sectors[KJ_USER_SECTORS_MAX];
	/* Ministry users: 1 if the ministry holds only the operators assigned to
	 * it in sectors[i] (organisation_ministry), 0 if the whole sector. */
	unsigned char sector_partial[KJ_USER_SECTORS_MAX];
	int nsectors;
	int disabled;
	char password_hash[KJ_PWHASH_MAX];
};

/* "nco", "ministry", ...; NULL for a bad value. */
const char *kj_role_name(enum kj_role r);
/* The role named S, or -1. */
int kj_role_parse(const char *s);
/* Japanese and English labels for the UI. */
const char *kj_role_label_ja(enum kj_role r);
const char *kj_role_label_en(enum kj_role r);

/*
 * The one rule on what a user being added belongs to, by role: an operator
 * has an organisation (HAS_ORG) and nothing else; a ministry user exactly
 * one ministry (HAS_MINISTRY) and no sectors of its own (its sectors are its
 * ministry's); a CEPTOAR user one or more sectors (NSECTORS) and nothing
 * else; NCO, HQ, surveyor and auditor none of these. Whether the
 * organisation, ministry or sectors exist is the store's to check. Returns
 * 0, or -1 with ERR in English and *REASON_JA (if not NULL) in Japanese.
 */
int kj_user_scope_check(enum kj_role role, int has_org, int has_ministry,
			int nsectors, const char **reason_ja, struct kj_err *err);

/* True if CODE looks like a ministry code: 1..15 of [a-z0-9_-]. */
int kj_ministry_code_valid(const char *code);

/* True if LOGIN is 3..63 of [a-z0-9._-], starting with a letter or digit. */
int kj_login_valid(const char *login);
/*
 * Refuses a weak password with a reason (ERR in English; REASON_JA, if not
 * NULL, gets a Japanese one): shorter than KJ_PASSWORD_MIN characters,
 * longer than KJ_PASSWORD_MAX bytes, fewer than 3 kinds of character, the
 * login inside it, or a well-known password.
 */
int kj_password_check(const char *password, const char *login,
		      const char **reason_ja, struct kj_err *err);
/* argon2id (libsodium's interactive limits) into OUT. */
int kj_password_hash(const char *password, char out[KJ_PWHASH_MAX],
		     struct kj_err *err);
/* True in a test build whose new hashes take the smallest limits instead
 * (cmake -DKJ_FAST_PWHASH=ON): never a build to deploy. */
int kj_password_hash_fast(void);
/* True if PASSWORD matches HASH; constant time in the password. */
int kj_password_verify(const char *hash, const char *password);

#endif
