/*
 * Sign-in limits: a wait that grows per client address and per account
 * (issue 16, instead of a lock-out anyone could cause for any account),
 * kept in the database (store_signin.h) so that every `kijun serve`
 * process of one database counts the same. After KJ_SIGNIN_FAILS_MAX
 * failures, the next attempt is refused (429 with Retry-After) until
 * KJ_SIGNIN_DELAY_BASE_S * 2^(failures - KJ_SIGNIN_FAILS_MAX) seconds,
 * at most KJ_SIGNIN_DELAY_MAX_S, have passed since the last failure; a
 * success clears the account; failures are forgotten KJ_SIGNIN_WINDOW_S
 * after the last one.
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
 * - An entry that is waiting is never evicted: each kind of entry is at
 *   most KJ_RATE_ENTRIES_MAX rows; when full, the oldest entry that is not
 *   waiting makes room, and when every one is waiting, a new address or
 *   account is refused until one is due (fail closed), so flooding the
 *   table never lifts a wait.
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
 * advance; 0 if either must still wait, or there is no room to count it.
 * A refusal is written to the audit trail (signin.blocked, with the
 * address and the count) at most once a minute per address, and every
 * time when there is no room to count it. Entries whose failures are
 * forgotten are deleted on the way, a few at a time.
 */
int kj_signin_gate(struct kj_store *st, int64_t now, const char *addr, const char *login,
		   int *go, struct kj_err *err);
/* The same, with *WAIT the seconds until the refused attempt is due
 * (KJ_SIGNIN_DELAY_MAX_S when there was no room to count it). */
int kj_signin_check(struct kj_store *st, int64_t now, const char *addr, const char *login,
		    int *go, int64_t *wait, struct kj_err *err);
/* The wait after FAILS failures in a row (0 below KJ_SIGNIN_FAILS_MAX). */
int64_t kj_signin_delay(int64_t fails);
/* The password was right: the address's advance back, the account cleared. */
int kj_signin_succeeded(struct kj_store *st, const char *addr, const char *login,
			struct kj_err *err);
/*
 * The password was right but a second factor follows (issue 16): only the
 * address's advance is given back; the account's stays counted until the
 * code passes (kj_signin_succeeded), so that someone who knows the
 * password but not the code meets the growing wait all the same.
 */
int kj_signin_password_ok(struct kj_store *st, const char *addr, struct kj_err *err);
/* The password was wrong, or the account unknown or disabled (USER_ID 0
 * when unknown), at NOW from ADDR: the attempt, already counted by the
 * gate, is written to the audit trail (signin.failed), and kept for the
 * notice the user gets at their next sign-in (app/signin_self.h). */
int kj_signin_failed(struct kj_store *st, int64_t now, const char *addr, int64_t user_id,
		     const char *login, struct kj_err *err);
/* Forgets every count and lock-out. */
int kj_signin_forget_all(struct kj_store *st, struct kj_err *err);

#endif
