/*
 * Sign-in limits in the database: a lock-out never evicted and the table
 * bounded (fail closed), the limits shared by two server processes on one
 * database (sequential and thirty parallel guesses), success clearing an
 * account through the other process, and the expiry of run-out windows.
 */
#include "web_helpers.h"
#include "store/store_signin.h"
#include "app/signin_limit.h"

/* Fills the rows of both kinds up to KJ_RATE_ENTRIES_MAX with others'
 * entries begun at START, locked out or not: one statement a kind (row by
 * row through the store, 65,000 statements took a minute on PostgreSQL). */
static void fill_limits(int64_t start, int locked_out)
{
	static const char *const kind[] = { [KJ_SIGNIN_ADDRESS] = "address",
					    [KJ_SIGNIN_ACCOUNT] = "account" };
	struct kj_err err;
	for (int k = KJ_SIGNIN_ADDRESS; k <= KJ_SIGNIN_ACCOUNT; k++) {
		long have = 0;
		char sql[1024];
		assert_int_equal(kj_store_signin_count(store(), (enum kj_signin_kind)k, &have,
						       &err), 0);
		int n = snprintf(sql, sizeof sql,
				 "WITH RECURSIVE n(i) AS (SELECT %ld UNION ALL SELECT i + 1 FROM n"
				 " WHERE i + 1 < %d)"
				 " INSERT INTO signin_limit (kind, key_hash, window_start, fails,"
				 " refused, logged_minute, locked_until)"
				 " SELECT '%s', 'fill-%d-' || i, %lld, %d, 0, 0, %lld FROM n"
				 " WHERE i < %d",
				 have, KJ_RATE_ENTRIES_MAX, kind[k], locked_out, (long long)start,
				 locked_out ? KJ_SIGNIN_FAILS_MAX : 1,
				 locked_out ? (long long)(start + KJ_SIGNIN_WINDOW_S) : 0LL,
				 KJ_RATE_ENTRIES_MAX);
		assert_true(n > 0 && (size_t)n < sizeof sql);
		assert_int_equal(kj_test_sql(db_path, sql), 0);
	}
}

static int gate(struct kj_store *st, const char *addr, const char *login)
{
	struct kj_err err;
	int go = -1;
	if (kj_signin_gate(st, (int64_t)app.now(), addr, login, &go, &err) < 0)
		fail_msg("gate: %s", err.msg);
	return go;
}

static long rows_of(enum kj_signin_kind kind)
{
	struct kj_err err;
	long n = -1;
	assert_int_equal(kj_store_signin_count(store(), kind, &n, &err), 0);
	return n;
}

/* Sign-ins from many other addresses and accounts never evict a lock-out
 * (before: 2,100 sign-ins flushed the table and lifted it); with every
 * entry locked out, a newcomer is refused (fail closed) until one expires. */
void test_signin_lockout_not_evicted(void **state)
{
	(void)state;
	struct kj_store *st = store();
	for (int i = 0; i < KJ_SIGNIN_FAILS_MAX; i++)
		assert_true(gate(st, "10.7.0.1", "demo-hq"));
	assert_false(gate(st, "10.7.0.2", "demo-hq"));
	/* A full table of others' entries, then newcomers: each makes room by
	 * evicting the oldest entry that is not locked out, never the lock-out. */
	fill_limits((int64_t)app.now() - 60, 0);
	char addr[32], login[32];
	for (int i = 0; i < 100; i++) {
		snprintf(addr, sizeof addr, "10.100.%d.%d", i / 256, i % 256);
		snprintf(login, sizeof login, "other-%d", i);
		assert_true(gate(st, addr, login));
	}
	assert_int_equal(rows_of(KJ_SIGNIN_ADDRESS), KJ_RATE_ENTRIES_MAX);
	assert_int_equal(rows_of(KJ_SIGNIN_ACCOUNT), KJ_RATE_ENTRIES_MAX);
	assert_false(gate(st, "10.7.0.3", "demo-hq"));
	assert_false(gate(st, "10.7.0.1", "someone-else"));
	struct sess s;
	snprintf(g_remote, sizeof g_remote, "10.7.0.4");
	assert_int_equal(signin("demo-hq", KJ_DEMO_PASSWORD, &s), 429);
	/* The window over, the account signs in again. */
	fake_now += KJ_SIGNIN_WINDOW_S + 1;
	assert_int_equal(signin("demo-hq", KJ_DEMO_PASSWORD, &s), 303);

	/* Every entry locked out: no room, so a newcomer is refused, and each
	 * such refusal is written to the trail. */
	signin_forget();
	fill_limits((int64_t)app.now(), 1);
	int before = audit_count("signin.blocked", "newcomer");
	assert_false(gate(st, "10.7.1.1", "newcomer"));
	assert_false(gate(st, "10.7.1.1", "newcomer"));
	assert_int_equal(audit_count("signin.blocked", "newcomer"), before + 2);
	assert_int_equal(rows_of(KJ_SIGNIN_ADDRESS), KJ_RATE_ENTRIES_MAX);
	/* Once the lock-outs run out, their entries make room again. */
	fake_now += KJ_SIGNIN_WINDOW_S;
	assert_true(gate(st, "10.7.1.1", "newcomer"));
	assert_true(rows_of(KJ_SIGNIN_ADDRESS) <= KJ_RATE_ENTRIES_MAX);
	signin_forget();
	assert_audit_ok();
}

/*
 * Several `kijun serve` processes on one database are simulated by a second
 * application on the same database: its own store connections (one per
 * thread), its own memory. Whatever one counts, the other sees.
 */
static void second_app(struct kj_app *a)
{
	struct kj_err err;
	if (kj_app_init(a, db_path, &err) < 0)
		fail_msg("second application: %s", err.msg);
	a->now = test_clock;
}

/* A sign-in through application A from ADDR, with the pre-session token P. */
static int signin_via(struct kj_app *a, const struct pre *p, const char *addr,
		      const char *login, const char *pw)
{
	struct kj_request rq;
	struct kj_response rs;
	kj_request_init(&rq);
	kj_response_init(&rs);
	rq.method = "POST";
	rq.path = "/signin";
	rq.cookie = p->cookie;
	snprintf(rq.remote, sizeof rq.remote, "%s", addr);
	char *f = form("csrf", p->csrf, "login", login, "password", pw, NULL);
	int status = -1;
	if (kj_request_parse_form(&rq, f, strlen(f)) == 0) {
		kj_web_handle(a, &rq, &rs);
		status = rs.status;
	}
	free(f);
	kj_request_free(&rq);
	kj_response_free(&rs);
	return status;
}

/* Five failures through one process, the sixth through the other is refused;
 * a success through either clears the account for both. */
void test_signin_limits_across_processes(void **state)
{
	(void)state;
	struct kj_app other;
	struct pre p;
	second_app(&other);
	get_pre(&p);
	for (int i = 0; i < KJ_SIGNIN_FAILS_MAX; i++)
		assert_int_equal(signin_via(&app, &p, "10.11.0.1", "demo-ceptoar", "wrong-1"), 401);
	/* The account, then the address, locked out for the other process too. */
	assert_int_equal(signin_via(&other, &p, "10.11.0.2", "demo-ceptoar", KJ_DEMO_PASSWORD), 429);
	assert_int_equal(signin_via(&other, &p, "10.11.0.1", "demo-nco", KJ_DEMO_PASSWORD), 429);
	assert_int_equal(signin_via(&app, &p, "10.11.0.3", "demo-ceptoar", KJ_DEMO_PASSWORD), 429);
	/* Its store connection answers the same. */
	struct kj_err err;
	struct kj_store *st2 = kj_app_store(&other, &err);
	assert_non_null(st2);
	assert_false(gate(st2, "10.11.0.4", "demo-ceptoar"));

	/* Four failures here, the right password there: the account starts again. */
	for (int i = 0; i < KJ_SIGNIN_FAILS_MAX - 1; i++)
		assert_int_equal(signin_via(&app, &p, "10.11.1.1", "demo-nco", "wrong-2"), 401);
	assert_int_equal(signin_via(&other, &p, "10.11.1.2", "demo-nco", KJ_DEMO_PASSWORD), 303);
	for (int i = 0; i < KJ_SIGNIN_FAILS_MAX; i++)
		assert_int_equal(signin_via(&app, &p, "10.11.1.3", "demo-nco", "wrong-3"), 401);
	assert_int_equal(signin_via(&other, &p, "10.11.1.4", "demo-nco", "wrong-3"), 429);
	kj_app_free(&other);
	assert_audit_ok();
}

/* Thirty wrong passwords at once, half through each process: five checked. */
struct guess2 {
	struct kj_app *app;
	const struct pre *p;
	int n, status;
};

static void *guess2_run(void *v)
{
	struct guess2 *g = v;
	char addr[32], pw[32];
	snprintf(addr, sizeof addr, "10.13.0.%d", g->n + 1);
	snprintf(pw, sizeof pw, "wrong-guess-%d", g->n);
	g->status = signin_via(g->app, g->p, addr, "demo-surveyor", pw);
	return NULL;
}

void test_signin_parallel_guesses_two_processes(void **state)
{
	(void)state;
	enum { N = 30 };
	struct kj_app other;
	struct pre p;
	struct guess2 g[N];
	pthread_t t[N];
	second_app(&other);
	get_pre(&p);
	for (int i = 0; i < N; i++) {
		g[i] = (struct guess2){ i % 2 ? &other : &app, &p, i, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, guess2_run, &g[i]), 0);
	}
	int checked = 0, refused = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		checked += g[i].status == 401;
		refused += g[i].status == 429;
	}
	kj_app_free(&other);
	assert_int_equal(checked, KJ_SIGNIN_FAILS_MAX);
	assert_int_equal(refused, N - KJ_SIGNIN_FAILS_MAX);
	assert_audit_ok();
}

/* A wait ends when it is due; run-out windows are deleted by the
 * sign-ins that follow, a few at a time; an address whose refusals are
 * still to be written stays one window longer. */
void test_signin_limits_expire(void **state)
{
	(void)state;
	struct kj_store *st = store();
	for (int i = 0; i < KJ_SIGNIN_FAILS_MAX; i++)
		assert_true(gate(st, "10.12.0.1", "expire-me"));
	fake_now += kj_signin_delay(KJ_SIGNIN_FAILS_MAX) - 1;
	assert_false(gate(st, "10.12.0.2", "expire-me"));
	fake_now += 1;
	assert_true(gate(st, "10.12.0.2", "expire-me"));

	signin_forget();
	char addr[32], login[32];
	for (int i = 0; i < KJ_SIGNIN_EXPIRE_BATCH + 8; i++) {
		snprintf(addr, sizeof addr, "10.12.1.%d", i);
		snprintf(login, sizeof login, "expire-%d", i);
		assert_true(gate(st, addr, login));
	}
	fake_now += KJ_SIGNIN_WINDOW_S;
	assert_true(gate(st, "10.12.2.1", "late-1"));
	assert_int_equal(rows_of(KJ_SIGNIN_ADDRESS), 8 + 1);
	assert_int_equal(rows_of(KJ_SIGNIN_ACCOUNT), 8 + 1);
	assert_true(gate(st, "10.12.2.2", "late-2"));
	assert_int_equal(rows_of(KJ_SIGNIN_ADDRESS), 2);
	assert_int_equal(rows_of(KJ_SIGNIN_ACCOUNT), 2);

	/* Two refusals in one minute: the first written, the second pending. */
	signin_forget();
	for (int i = 0; i < KJ_SIGNIN_FAILS_MAX; i++)
		assert_true(gate(st, "10.12.3.1", "pending"));
	assert_false(gate(st, "10.12.3.1", "pending"));
	assert_false(gate(st, "10.12.3.1", "pending"));
	fake_now += KJ_SIGNIN_WINDOW_S;
	assert_true(gate(st, "10.12.3.2", "other-a"));
	assert_int_equal(rows_of(KJ_SIGNIN_ADDRESS), 2);	/* kept: a refusal to write */
	assert_int_equal(rows_of(KJ_SIGNIN_ACCOUNT), 1);
	fake_now += KJ_SIGNIN_WINDOW_S;
	assert_true(gate(st, "10.12.3.3", "other-b"));
	assert_int_equal(rows_of(KJ_SIGNIN_ADDRESS), 1);
	assert_int_equal(rows_of(KJ_SIGNIN_ACCOUNT), 1);
}
