/*
 * Sign-in limits: KJ_SIGNIN_FAILS_MAX failures per KJ_SIGNIN_WINDOW_S, per
 * address and per account, kept in two tables of their own.
 *
 * Three properties the penetration test asked for:
 * - An attempt is counted before its password is checked, under one lock,
 *   so thirty parallel guesses get five tries, not eight; a success gives
 *   the address's advance back and clears the account.
 * - A refused attempt costs no password hash and no audit row of its own:
 *   refusals are counted per address and written as one audit entry a
 *   minute with the count.
 * - An entry that holds a lock-out is never evicted: when its slots are
 *   full, the oldest entry that is not locked makes room; when every one is
 *   locked, a new address or account is refused until one expires (fail
 *   closed), so flooding the table never lifts a lock-out.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/app.h"

struct rate_entry {
	char key[KJ_RATE_KEY_MAX];	/* an address, or a login */
	time_t window_start;
	int fails;
	long refused;		/* refusals not yet written to the audit trail */
	time_t logged_minute;	/* the minute of the last audit entry of refusals */
};

struct kj_signin_limits {
	pthread_mutex_t mu;
	unsigned char hash_key[crypto_shorthash_KEYBYTES];
	struct rate_entry addr[KJ_RATE_ENTRIES_MAX];
	struct rate_entry acct[KJ_RATE_ENTRIES_MAX];
};

int kj_signin_limits_new(struct kj_signin_limits **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return -1;
	pthread_mutex_init(&(*out)->mu, NULL);
	randombytes_buf((*out)->hash_key, sizeof (*out)->hash_key);
	return 0;
}

void kj_signin_limits_free(struct kj_signin_limits *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->mu);
	free(l);
}

void kj_signin_limits_reset(struct kj_signin_limits *l)
{
	pthread_mutex_lock(&l->mu);
	memset(l->addr, 0, sizeof l->addr);
	memset(l->acct, 0, sizeof l->acct);
	pthread_mutex_unlock(&l->mu);
}

/* A lock-out lasts as long as its window; after that the entry may go. */
static int locked(const struct rate_entry *e, time_t now)
{
	return e->fails >= KJ_SIGNIN_FAILS_MAX && now - e->window_start < KJ_SIGNIN_WINDOW_S;
}

/*
 * The entry of KEY in TABLE, made if CREATE; NULL if absent, or if there is
 * no room. An entry lives in one of KJ_RATE_PROBE slots from its key's hash
 * (SipHash with a key drawn at start, so nobody can aim many keys at the
 * same slots): a lookup costs a few dozen slots, never the whole table.
 * Expired windows are cleared on the way; when the slots are all taken, the
 * oldest that is not locked out makes room.
 */
static struct rate_entry *find(const struct kj_signin_limits *l, struct rate_entry *table,
			       const char *key, time_t now, int create)
{
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, (const unsigned char *)key, strlen(key), l->hash_key);
	uint64_t at = 0;
	for (int i = 0; i < 8; i++)
		at = at << 8 | h[i];
	struct rate_entry *free_slot = NULL, *oldest = NULL;
	for (int i = 0; i < KJ_RATE_PROBE; i++) {
		struct rate_entry *e = &table[(at + (uint64_t)i) % KJ_RATE_ENTRIES_MAX];
		if (e->key[0] && now - e->window_start >= KJ_SIGNIN_WINDOW_S && !e->refused)
			e->key[0] = '\0';
		if (!e->key[0]) {
			if (!free_slot)
				free_slot = e;
			continue;
		}
		if (!strcmp(e->key, key))
			return e;
		if (!locked(e, now) && (!oldest || e->window_start < oldest->window_start))
			oldest = e;
	}
	struct rate_entry *e = free_slot ? free_slot : oldest;
	if (!create || !e)
		return NULL;
	memset(e, 0, sizeof *e);
	snprintf(e->key, sizeof e->key, "%s", key);
	e->window_start = now;
	return e;
}

/* A window that has run out starts again (the refusal count is kept). */
static void renew(struct rate_entry *e, time_t now)
{
	if (now - e->window_start >= KJ_SIGNIN_WINDOW_S) {
		e->window_start = now;
		e->fails = 0;
	}
}

int kj_signin_gate(struct kj_signin_limits *l, time_t now, const char *addr,
		   const char *login, long *log_refused)
{
	*log_refused = 0;
	pthread_mutex_lock(&l->mu);
	struct rate_entry *a = find(l, l->addr, addr, now, 1);
	struct rate_entry *u = find(l, l->acct, login, now, 1);
	if (a)
		renew(a, now);
	if (u)
		renew(u, now);
	int go = a && u && !locked(a, now) && !locked(u, now);
	if (go) {
		a->fails++;
		u->fails++;
	} else if (a) {
		a->refused++;
		if (now / 60 != a->logged_minute) {
			*log_refused = a->refused;
			a->refused = 0;
			a->logged_minute = now / 60;
		}
	} else {
		*log_refused = 1;	/* no room even to count: record each */
	}
	pthread_mutex_unlock(&l->mu);
	return go;
}

void kj_signin_succeeded(struct kj_signin_limits *l, time_t now, const char *addr,
			 const char *login)
{
	pthread_mutex_lock(&l->mu);
	struct rate_entry *a = find(l, l->addr, addr, now, 0);
	struct rate_entry *u = find(l, l->acct, login, now, 0);
	if (a && a->fails > 0)
		a->fails--;
	if (u)
		u->fails = 0;
	pthread_mutex_unlock(&l->mu);
}
