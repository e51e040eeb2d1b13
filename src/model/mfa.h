/*
 * The second factor (issue 16), without the store: the key file that keeps
 * the TOTP secrets encrypted at rest, time-based one-time passwords
 * (RFC 6238, through liboath), the secret's encryption (libsodium's
 * crypto_secretbox_easy under a key derived per user, so that a row copied
 * to another user does not open), and the single-use recovery codes
 * (kept as keyed BLAKE2b hashes).
 *
 * Functions that can fail return 0, or -1 with ERR set; the checks return
 * 1 (yes) or 0.
 */
#ifndef KJ_MODEL_MFA_H
#define KJ_MODEL_MFA_H

#include <stddef.h>
#include <stdint.h>

#include "base/limits.h"
#include "base/util.h"

/* The key of --mfa-key FILE; SET 0 when none was given. */
struct kj_mfa_key {
	unsigned char k[KJ_MFA_KEY_BYTES];
	int set;
};

/*
 * Loads KEY from PATH: a regular file of exactly KJ_MFA_KEY_BYTES bytes,
 * readable by its owner only (mode 0600 or 0400). Anything else is refused
 * with a message saying what to fix, and KEY is left unset.
 */
int kj_mfa_key_load(struct kj_mfa_key *key, const char *path, struct kj_err *err);
/* Wipes KEY. */
void kj_mfa_key_clear(struct kj_mfa_key *key);
/* Writes a new key file at PATH (which must not exist), mode 0600. */
int kj_mfa_keygen(const char *path, struct kj_err *err);

enum kj_totp_hash { KJ_TOTP_SHA1, KJ_TOTP_SHA256, KJ_TOTP_SHA512 };

/*
 * The TOTP code of SECRET (N bytes) at Unix time T: DIGITS (6 to 8)
 * decimal digits into OUT (at least DIGITS + 1 bytes), time step
 * KJ_MFA_STEP_S from the epoch.
 */
int kj_totp_code(const unsigned char *secret, size_t n, int64_t t, int digits,
		 enum kj_totp_hash hash, char *out, struct kj_err *err);
/*
 * Checks CODE (KJ_MFA_DIGITS digits, SHA-1, as authenticator apps make
 * them) against SECRET at NOW, within KJ_MFA_WINDOW steps either side,
 * accepting only a step after LAST_STEP (a code used once, or an earlier
 * one, never again). 1 and the step matched into *STEP, else 0.
 */
int kj_totp_check(const unsigned char *secret, size_t n, int64_t now, int64_t last_step,
		  const char *code, int64_t *step);

/* A new random TOTP secret. */
void kj_mfa_secret_new(unsigned char secret[KJ_MFA_SECRET_BYTES]);
/* RFC 4648 base32 of IN (N bytes), no padding, into OUT (OUTN bytes). */
int kj_base32_encode(const unsigned char *in, size_t n, char *out, size_t outn);

/*
 * SECRET (N bytes, at most KJ_MFA_SECRET_BYTES) encrypted for user USER_ID
 * into OUT as text ("v1." and base64 of nonce, tag and ciphertext), at
 * most KJ_MFA_BOX_MAX bytes with the NUL.
 */
int kj_mfa_seal(const struct kj_mfa_key *key, int64_t user_id, const unsigned char *secret,
		size_t n, char out[KJ_MFA_BOX_MAX], struct kj_err *err);
/* The secret of BOX for USER_ID into SECRET (*N bytes); -1 when BOX was
 * changed, made under another key or for another user. */
int kj_mfa_open(const struct kj_mfa_key *key, int64_t user_id, const char *box,
		unsigned char secret[KJ_MFA_SECRET_BYTES], size_t *n, struct kj_err *err);

#define KJ_MFA_RECOVERY_TEXT (KJ_MFA_RECOVERY_LEN + 2)	/* "abcde-fghij" and NUL */
#define KJ_MFA_HASH_HEX 65

/* A new random recovery code, shown as "abcde-fghij". */
void kj_mfa_recovery_new(char out[KJ_MFA_RECOVERY_TEXT]);
/* IN as typed (spaces, hyphens, upper case allowed) into OUT as kept:
 * 1 if it has the shape of a recovery code, else 0. */
int kj_mfa_recovery_norm(const char *in, char out[KJ_MFA_RECOVERY_TEXT]);
/* IN as typed into OUT (KJ_MFA_DIGITS digits; spaces dropped): 1 if it has
 * the shape of a TOTP code, else 0. */
int kj_mfa_code_norm(const char *in, char out[KJ_MFA_DIGITS + 1]);
/* The keyed hash of recovery code NORM (kj_mfa_recovery_norm) of USER_ID. */
void kj_mfa_recovery_hash(const struct kj_mfa_key *key, int64_t user_id, const char *norm,
			  char hex[KJ_MFA_HASH_HEX]);

#endif
