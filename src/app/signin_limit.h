/*
 * Sign-in limits: KJ_SIGNIN_FAILS_MAX failures per KJ_SIGNIN_WINDOW_S, per
 * client address and per account, kept in the database (store_signin.h)
 * so that every `kijun serve` process of one database counts the same.
 *
 * Three properties the penetration test asked for, which hold across
 * processes because each step below is one write transaction of the store
 * (kj_store_begin serialises it with every writer of any process):
 * - An attempt is counted before its password is checked, so thirty
 *   parallel guesses, whichever processes they reach, get five tries, not
 *   eight; a success gives the address's advance back and clears the
 *   account.
 * - A refused attempt costs no password hash and no audit row of its own:
 *   refusals are counted per address and written as one audit entry a
 *   minute with the count, in the transaction that refuses.
 * - An entry that holds a lock-out is never evicted: each kind of entry is
 *   at most KJ_RATE_ENTRIES_MAX rows; when full, the oldest entry that is
 *   not locked makes room, and when every one is locked, a new address or
 *   account is refused until one expires (fail closed), so flooding the
 *   table never lifts a lock-out.
 *
 * Functions return 0, or -1 with ERR set when the store failed (then
 * nothing was counted: the caller refuses the attempt).
 */
#ifndef KJ_APP_SIGNIN_LIMIT_H
#define KJ_APP_SIGNIN_LIMIT_H

#include <stdint.h>

#include "store/store.h"

/*
 * Before a password is checked, at NOW (Unix seconds): *GO 1 if ADDR and
 * LOGIN may try now, the attempt then counted as a failure of both in
 * advance; 0 if either has used up its failures in the window, or there
 * is no room to count it. A refusal is written to the audit trail
 * (signin.blocked, with the address and the count) at most once a minute
 * per address, and every time when there is no room to count it. Expired
 * windows are deleted on the way, a few at a time.
 */
int kj_signin_gate(struct kj_store *st, int64_t now, const char *addr, const char *login,
		   int *go, struct kj_err *err);
/* The password was right: the address's advance back, the account cleared. */
int kj_signin_succeeded(struct kj_store *st, const char *addr, const char *login,
			struct kj_err *err);
/* The password was wrong, or the account unknown or disabled (USER_ID 0
 * when unknown): the attempt, already counted by the gate, is written to
 * the audit trail (signin.failed). */
int kj_signin_failed(struct kj_store *st, int64_t user_id, const char *login,
		     struct kj_err *err);
/* Forgets every count and lock-out. */
int kj_signin_forget_all(struct kj_store *st, struct kj_err *err);

#endif
