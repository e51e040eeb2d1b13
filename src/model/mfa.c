/*
 * The second factor's key, codes and encryption (model/mfa.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/mfa.h"

/* The contexts of the keys derived from the key file (crypto_kdf: 8 bytes). */
#define KDF_SECRET "kjtotp01"
#define KDF_RECOVERY "kjrecov1"
#define BOX_PREFIX "v1."
/* Recovery codes: lower case and digits without look-alikes (no i, l, o, 0, 1). */
static const char recovery_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

int kj_mfa_key_load(struct kj_mfa_key *key, const char *path, struct kj_err *err)
{
	struct stat sb;
	char *raw = NULL;
	size_t len = 0;
	memset(key, 0, sizeof *key);
	if (sodium_init() < 0) {
		kj_err_set(err, "cannot initialise libsodium");
		return -1;
	}
	if (stat(path, &sb) < 0) {
		kj_err_set(err, "MFA key %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		kj_err_set(err, "MFA key %s is not a regular file", path);
		return -1;
	}
	if (sb.st_mode & 077) {
		kj_err_set(err, "MFA key %s may be read by others (mode %03o): chmod 600 it",
			   path, (unsigned)(sb.st_mode & 0777));
		return -1;
	}
	if (kj_read_file(path, 4096, &raw, &len, err) < 0)
		return -1;
	if (len != KJ_MFA_KEY_BYTES) {
		sodium_memzero(raw, len);
		free(raw);
		kj_err_set(err, "MFA key %s holds %zu bytes, not %d random bytes (make one "
			   "with 'kijun user mfa keygen FILE')", path, len, KJ_MFA_KEY_BYTES);
		return -1;
	}
	memcpy(key->k, raw, KJ_MFA_KEY_BYTES);
	sodium_memzero(raw, len);
	free(raw);
	key->set = 1;
	return 0;
}

void kj_mfa_key_clear(struct kj_mfa_key *key)
{
	sodium_memzero(key, sizeof *key);
}

int kj_mfa_keygen(const char *path, struct kj_err *err)
{
	unsigned char raw[KJ_MFA_KEY_BYTES];
	if (sodium_init() < 0) {
		kj_err_set(err, "cannot initialise libsodium");
		return -1;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		kj_err_set(err, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	randombytes_buf(raw, sizeof raw);
	ssize_t w = write(fd, raw, sizeof raw);
	int bad = w != (ssize_t)sizeof raw || fsync(fd) < 0;
	bad |= close(fd) < 0;
	sodium_memzero(raw, sizeof raw);
	if (bad) {
		kj_err_set(err, "cannot write %s", path);
		unlink(path);
		return -1;
	}
	return 0;
}

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ready;

static void oath_start(void)
{
	oath_ready = oath_init() == OATH_OK;
}

int kj_totp_code(const unsigned char *secret, size_t n, int64_t t, int digits,
		 enum kj_totp_hash hash, char *out, struct kj_err *err)
{
	static const int flags[] = { 0, OATH_TOTP_HMAC_SHA256, OATH_TOTP_HMAC_SHA512 };
	pthread_once(&oath_once, oath_start);
	if (!oath_ready) {
		kj_err_set(err, "cannot initialise liboath");
		return -1;
	}
	if (digits < 6 || digits > 8 || t < 0 || (unsigned)hash > KJ_TOTP_SHA512) {
		kj_err_set(err, "bad TOTP parameters");
		return -1;
	}
	int rc = oath_totp_generate2((const char *)secret, n, (time_t)t, KJ_MFA_STEP_S, 0,
				     (unsigned)digits, flags[hash], out);
	if (rc != OATH_OK) {
		kj_err_set(err, "TOTP: %s", oath_strerror(rc));
		return -1;
	}
	return 0;
}

int kj_totp_check(const unsigned char *secret, size_t n, int64_t now, int64_t last_step,
		  const char *code, int64_t *step)
{
	char want[KJ_MFA_DIGITS + 1], norm[KJ_MFA_DIGITS + 1];
	struct kj_err err;
	int64_t at = now / KJ_MFA_STEP_S;
	int ok = 0;
	*step = 0;
	if (!kj_mfa_code_norm(code, norm))
		return 0;
	/* Every step of the window is computed, so the time says nothing of
	 * which one matched. */
	for (int64_t s = at - KJ_MFA_WINDOW; s <= at + KJ_MFA_WINDOW; s++) {
		if (s < 0 || kj_totp_code(secret, n, s * KJ_MFA_STEP_S, KJ_MFA_DIGITS,
					  KJ_TOTP_SHA1, want, &err) < 0)
			continue;
		if (sodium_memcmp(want, norm, KJ_MFA_DIGITS) == 0 && s > last_step && !ok) {
			ok = 1;
			*step = s;
		}
	}
	sodium_memzero(want, sizeof want);
	return ok;
}

void kj_mfa_secret_new(unsigned char secret[KJ_MFA_SECRET_BYTES])
{
	randombytes_buf(secret, KJ_MFA_SECRET_BYTES);
}

int kj_base32_encode(const unsigned char *in, size_t n, char *out, size_t outn)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	size_t need = (n * 8 + 4) / 5 + 1, o = 0;
	unsigned buf = 0;
	int bits = 0;
	if (n > SIZE_MAX / 8 - 4 || outn < need)
		return -1;
	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = abc[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = abc[(buf << (5 - bits)) & 31];
	out[o] = '\0';
	return 0;
}

/* The key that seals USER_ID's secret: a row copied to another user opens
 * under another key, so it does not open at all. */
static void user_key(const struct kj_mfa_key *key, const char *ctx, int64_t user_id,
		     unsigned char out[crypto_secretbox_KEYBYTES])
{
	crypto_kdf_derive_from_key(out, crypto_secretbox_KEYBYTES, (uint64_t)user_id, ctx,
				   key->k);
}

int kj_mfa_seal(const struct kj_mfa_key *key, int64_t user_id, const unsigned char *secret,
		size_t n, char out[KJ_MFA_BOX_MAX], struct kj_err *err)
{
	unsigned char k[crypto_secretbox_KEYBYTES];
	unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
			  KJ_MFA_SECRET_BYTES];
	size_t plen = strlen(BOX_PREFIX);
	if (!key->set || n > KJ_MFA_SECRET_BYTES || user_id <= 0) {
		kj_err_set(err, "no MFA key, or a bad secret to seal");
		return -1;
	}
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	if (sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING) + plen >
	    KJ_MFA_BOX_MAX) {
		kj_err_set(err, "no room for the sealed secret");
		return -1;
	}
	user_key(key, KDF_SECRET, user_id, k);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, secret, n, box, k);
	sodium_memzero(k, sizeof k);
	memcpy(out, BOX_PREFIX, plen);
	sodium_bin2base64(out + plen, KJ_MFA_BOX_MAX - plen, box, blen,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int kj_mfa_open(const struct kj_mfa_key *key, int64_t user_id, const char *box,
		unsigned char secret[KJ_MFA_SECRET_BYTES], size_t *n, struct kj_err *err)
{
	unsigned char raw[KJ_MFA_BOX_MAX], k[crypto_secretbox_KEYBYTES];
	size_t plen = strlen(BOX_PREFIX), rlen = 0;
	const size_t over = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
	*n = 0;
	if (!key->set || !box || strncmp(box, BOX_PREFIX, plen) ||
	    sodium_base642bin(raw, sizeof raw, box + plen, strlen(box + plen), NULL, &rlen,
			      NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) < 0 ||
	    rlen <= over || rlen - over > KJ_MFA_SECRET_BYTES) {
		kj_err_set(err, "the stored second factor is not readable");
		return -1;
	}
	user_key(key, KDF_SECRET, user_id, k);
	int rc = crypto_secretbox_open_easy(secret, raw + crypto_secretbox_NONCEBYTES,
					    rlen - crypto_secretbox_NONCEBYTES, raw, k);
	sodium_memzero(k, sizeof k);
	if (rc < 0) {
		kj_err_set(err, "the stored second factor does not open with this MFA key "
			   "(another key, another user's row, or changed)");
		return -1;
	}
	*n = rlen - over;
	return 0;
}

void kj_mfa_recovery_new(char out[KJ_MFA_RECOVERY_TEXT])
{
	size_t o = 0;
	for (int i = 0; i < KJ_MFA_RECOVERY_LEN; i++) {
		if (i == KJ_MFA_RECOVERY_LEN / 2)
			out[o++] = '-';
		out[o++] = recovery_alphabet[randombytes_uniform(
			(uint32_t)(sizeof recovery_alphabet - 1))];
	}
	out[o] = '\0';
}

int kj_mfa_recovery_norm(const char *in, char out[KJ_MFA_RECOVERY_TEXT])
{
	char raw[KJ_MFA_RECOVERY_LEN];
	int n = 0;
	out[0] = '\0';
	if (!in || strlen(in) > KJ_MFA_CODE_INPUT_MAX)
		return 0;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!strchr(recovery_alphabet, c) || c == '\0' || n >= KJ_MFA_RECOVERY_LEN)
			return 0;
		raw[n++] = c;
	}
	if (n != KJ_MFA_RECOVERY_LEN)
		return 0;
	size_t o = 0;
	for (int i = 0; i < n; i++) {
		if (i == KJ_MFA_RECOVERY_LEN / 2)
			out[o++] = '-';
		out[o++] = raw[i];
	}
	out[o] = '\0';
	return 1;
}

int kj_mfa_code_norm(const char *in, char out[KJ_MFA_DIGITS + 1])
{
	int n = 0;
	out[0] = '\0';
	if (!in || strlen(in) > KJ_MFA_CODE_INPUT_MAX)
		return 0;
	for (const char *p = in; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || n >= KJ_MFA_DIGITS)
			return 0;
		out[n++] = *p;
	}
	out[n] = '\0';
	return n == KJ_MFA_DIGITS;
}

void kj_mfa_recovery_hash(const struct kj_mfa_key *key, int64_t user_id, const char *norm,
			  char hex[KJ_MFA_HASH_HEX])
{
	unsigned char k[crypto_generichash_KEYBYTES], h[32];
	user_key(key, KDF_RECOVERY, user_id, k);
	crypto_generichash(h, sizeof h, (const unsigned char *)norm, strlen(norm), k, sizeof k);
	sodium_memzero(k, sizeof k);
	sodium_bin2hex(hex, KJ_MFA_HASH_HEX, h, sizeof h);
}
