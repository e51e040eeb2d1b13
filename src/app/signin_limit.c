/*
 * Sign-in limits over the store's rows (app/signin_limit.h): the rules of
 * a growing wait, when failures are forgotten, and the room left, each
 * step one write transaction.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/signin_limit.h"
#include "app/signin_self.h"
#include "store/store_signin.h"

/*
 * Rows are keyed by BLAKE2b-256 of the address or login: a key of one
 * width whatever was typed, the same in every process (an in-memory table
 * needed a secret per process against aimed collisions; a B-tree does not).
 */
static void key_hash(const char *key, char out[KJ_SIGNIN_KEY_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)key, strlen(key), NULL, 0);
	sodium_bin2hex(out, KJ_SIGNIN_KEY_HEX, h, sizeof h);
}

/* An entry waits while its next attempt is not yet due. */
static int locked(const struct kj_signin_row *r, int64_t now)
{
	return r->locked_until > now;
}

/* The wait after FAILS failures: none below KJ_SIGNIN_FAILS_MAX, then
 * KJ_SIGNIN_DELAY_BASE_S doubled by each further one, at most
 * KJ_SIGNIN_DELAY_MAX_S. */
int64_t kj_signin_delay(int64_t fails)
{
	if (fails < KJ_SIGNIN_FAILS_MAX)
		return 0;
	int64_t d = KJ_SIGNIN_DELAY_BASE_S;
	for (int64_t i = KJ_SIGNIN_FAILS_MAX; i < fails && d < KJ_SIGNIN_DELAY_MAX_S; i++)
		d *= 2;
	return d < KJ_SIGNIN_DELAY_MAX_S ? d : KJ_SIGNIN_DELAY_MAX_S;
}

/* The next attempt is due the wait of its failures after the last one
 * (window_start holds the time of the last counted attempt). */
static void set_lock(struct kj_signin_row *r)
{
	int64_t d = kj_signin_delay(r->fails);
	r->locked_until = d ? r->window_start + d : 0;
}

/* Failures are forgotten a window after the last one (the refusal count
 * is kept). */
static void renew(struct kj_signin_row *r, int64_t now)
{
	if (now - r->window_start >= KJ_SIGNIN_WINDOW_S && !locked(r, now)) {
		r->window_start = now;
		r->fails = 0;
		r->locked_until = 0;
	}
}

/*
 * The row of KEY into R, renewed at NOW, or a new one if there is room for
 * it: when KIND holds KJ_RATE_ENTRIES_MAX rows, the oldest that is not
 * locked out goes. *HAVE 0 when every row is locked out (no room).
 */
static int load(struct kj_store *st, enum kj_signin_kind kind, const char *key, int64_t now,
		struct kj_signin_row *r, int *have, struct kj_err *err)
{
	char h[KJ_SIGNIN_KEY_HEX];
	int found;
	long n;
	*have = 0;
	key_hash(key, h);
	if (kj_store_signin_get(st, kind, h, r, &found, err) < 0)
		return -1;
	if (found) {
		renew(r, now);
		*have = 1;
		return 0;
	}
	if (kj_store_signin_count(st, kind, &n, err) < 0)
		return -1;
	if (n >= KJ_RATE_ENTRIES_MAX && kj_store_signin_evict(st, kind, now, have, err) < 0)
		return -1;
	if (n >= KJ_RATE_ENTRIES_MAX && !*have)
		return 0;
	memset(r, 0, sizeof *r);
	kj_strlcpy(r->key_hash, h, sizeof r->key_hash);
	r->window_start = now;
	*have = 1;
	return 0;
}

/* Deletes a few windows that have run out (bounded work per sign-in); one
 * whose refusals are still to be written stays another window. */
static int expire(struct kj_store *st, int64_t now, struct kj_err *err)
{
	long n;
	for (int k = KJ_SIGNIN_ADDRESS; k <= KJ_SIGNIN_ACCOUNT; k++)
		if (kj_store_signin_expire(st, (enum kj_signin_kind)k, now - KJ_SIGNIN_WINDOW_S,
					   now - 2 * KJ_SIGNIN_WINDOW_S, KJ_SIGNIN_EXPIRE_BATCH,
					   &n, err) < 0)
			return -1;
	return 0;
}

/* The audit entry of REFUSED refusals from ADDR, LOGIN the last one's. */
static int log_refused(struct kj_store *st, const char *addr, const char *login,
		       int64_t refused, struct kj_err *err)
{
	json_t *j = json_pack("{s:s, s:I}", "address", addr, "refused", (json_int_t)refused);
	char *detail = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!detail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_audit_log(st, 0, "anonymous", "signin.blocked", "login", login, detail, err);
	free(detail);
	return rc;
}

/* The refusal of an attempt: counted on the address's row A (if there is
 * one), written to the trail at most once a minute. */
static int refuse(struct kj_store *st, int64_t now, const char *addr, const char *login,
		  struct kj_signin_row *a, int have_a, struct kj_err *err)
{
	if (!have_a)
		return log_refused(st, addr, login, 1, err);	/* no room even to count */
	a->refused++;
	int64_t refused = 0;
	if (now / 60 != a->logged_minute) {
		refused = a->refused;
		a->refused = 0;
		a->logged_minute = now / 60;
	}
	if (kj_store_signin_put(st, KJ_SIGNIN_ADDRESS, a, err) < 0)
		return -1;
	return refused ? log_refused(st, addr, login, refused, err) : 0;
}

int kj_signin_gate(struct kj_store *st, int64_t now, const char *addr, const char *login,
		   int *go, struct kj_err *err)
{
	int64_t wait;
	return kj_signin_check(st, now, addr, login, go, &wait, err);
}

int kj_signin_check(struct kj_store *st, int64_t now, const char *addr, const char *login,
		    int *go, int64_t *wait, struct kj_err *err)
{
	struct kj_signin_row a, u;
	int have_a, have_u;
	*go = 0;
	*wait = KJ_SIGNIN_DELAY_MAX_S;
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (expire(st, now, err) < 0 ||
	    load(st, KJ_SIGNIN_ADDRESS, addr, now, &a, &have_a, err) < 0 ||
	    load(st, KJ_SIGNIN_ACCOUNT, login, now, &u, &have_u, err) < 0)
		goto fail;
	int pass = have_a && have_u && !locked(&a, now) && !locked(&u, now);
	if (pass) {
		a.fails++;
		u.fails++;
		a.window_start = u.window_start = now;
		set_lock(&a);
		set_lock(&u);
		if (kj_store_signin_put(st, KJ_SIGNIN_ADDRESS, &a, err) < 0 ||
		    kj_store_signin_put(st, KJ_SIGNIN_ACCOUNT, &u, err) < 0)
			goto fail;
	} else {
		if (have_a && have_u) {
			int64_t until = a.locked_until > u.locked_until ? a.locked_until
									: u.locked_until;
			*wait = until - now;
		}
		if (refuse(st, now, addr, login, &a, have_a, err) < 0)
			goto fail;
	}
	if (kj_store_commit(st, err) < 0)
		return -1;
	*go = pass;
	return 0;
fail:
	kj_store_rollback(st);
	return -1;
}

int kj_signin_succeeded(struct kj_store *st, const char *addr, const char *login,
			struct kj_err *err)
{
	struct kj_signin_row a, u;
	char h[KJ_SIGNIN_KEY_HEX];
	int found;
	if (kj_store_begin(st, err) < 0)
		return -1;
	key_hash(addr, h);
	if (kj_store_signin_get(st, KJ_SIGNIN_ADDRESS, h, &a, &found, err) < 0)
		goto fail;
	if (found && a.fails > 0) {
		a.fails--;
		set_lock(&a);
		if (kj_store_signin_put(st, KJ_SIGNIN_ADDRESS, &a, err) < 0)
			goto fail;
	}
	key_hash(login, h);
	if (kj_store_signin_get(st, KJ_SIGNIN_ACCOUNT, h, &u, &found, err) < 0)
		goto fail;
	if (found) {
		u.fails = 0;
		set_lock(&u);
		if (kj_store_signin_put(st, KJ_SIGNIN_ACCOUNT, &u, err) < 0)
			goto fail;
	}
	return kj_store_commit(st, err);
fail:
	kj_store_rollback(st);
	return -1;
}

int kj_signin_password_ok(struct kj_store *st, const char *addr, struct kj_err *err)
{
	struct kj_signin_row a;
	char h[KJ_SIGNIN_KEY_HEX];
	int found;
	if (kj_store_begin(st, err) < 0)
		return -1;
	key_hash(addr, h);
	if (kj_store_signin_get(st, KJ_SIGNIN_ADDRESS, h, &a, &found, err) < 0)
		goto fail;
	if (found && a.fails > 0) {
		a.fails--;
		set_lock(&a);
		if (kj_store_signin_put(st, KJ_SIGNIN_ADDRESS, &a, err) < 0)
			goto fail;
	}
	return kj_store_commit(st, err);
fail:
	kj_store_rollback(st);
	return -1;
}

int kj_signin_failed(struct kj_store *st, int64_t now, const char *addr, int64_t user_id,
		     const char *login, struct kj_err *err)
{
	if (kj_store_begin(st, err) < 0)
		return -1;
	if ((user_id && kj_signin_self_failed(st, user_id, addr, now, err) < 0) ||
	    kj_audit_log(st, user_id, "anonymous", "signin.failed", "login", login, NULL, err) < 0) {
		kj_store_rollback(st);
		return -1;
	}
	return kj_store_commit(st, err);
}

int kj_signin_forget_all(struct kj_store *st, struct kj_err *err)
{
	return kj_store_signin_clear(st, err);
}
