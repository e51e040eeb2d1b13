/*
 * The second factor on the web (issue 16), in-process on a demo database:
 * without a key nothing changes; with one, staff roles are sent to
 * enrolment until done (QR code and secret as text, confirmed with the
 * password and a code); sign-in asks the code after the password and
 * starts no session before it; a reused, an expired or a wrong code is
 * refused; a recovery code works once; the half step runs out and counts
 * its failures; an administrator requires the factor of an operator and
 * resets a lost one; the secret is found nowhere in the database's bytes.
 */
#include <liboath/oath.h>
#include <sodium.h>
#include <sys/stat.h>

#include "web_helpers.h"
#include "app/mfa.h"
#include "store/store_users.h"

#define MFA_PW "Mfa-Second#Factor26"

static struct kj_mfa_key test_key;

/* A user LOGIN of ROLE (an operator of org_own) with MFA_PW; its id. */
static int64_t mfa_user(const char *login, enum kj_role role)
{
	struct kj_user u = { 0 };
	struct kj_err err;
	kj_strlcpy(u.login, login, sizeof u.login);
	kj_strlcpy(u.display_name, "二要素 太郎", sizeof u.display_name);
	u.role = role;
	if (role == KJ_ROLE_OPERATOR)
		u.org_id = org_own;
	if (role == KJ_ROLE_MINISTRY)
		kj_strlcpy(u.ministry, "mhlw", sizeof u.ministry);
	assert_int_equal(kj_password_hash(MFA_PW, u.password_hash, &err), 0);
	if (kj_store_user_add(store(), &u, &err) < 0)
		fail_msg("user %s: %s", login, err.msg);
	return u.id;
}

/* The code of base32 SECRET at T. */
static void code_at(const char *secret, time_t t, char out[8])
{
	char *raw = NULL;
	size_t n = 0;
	struct kj_err err;
	assert_int_equal(oath_base32_decode(secret, strlen(secret), &raw, &n), OATH_OK);
	assert_int_equal(kj_totp_code((unsigned char *)raw, n, (int64_t)t, 6, KJ_TOTP_SHA1, out,
				      &err), 0);
	free(raw);
}

/* The secret of an enrolment page, without its spaces, into OUT. */
static void page_secret(const char *body, char *out, size_t n)
{
	char shown[96];
	size_t o = 0;
	assert_int_equal(between(body, "<p class=\"mfa-secret\"><code>", "</code>", shown,
				 sizeof shown), 0);
	for (const char *p = shown; *p && o + 1 < n; p++)
		if (*p != ' ')
			out[o++] = *p;
	out[o] = '\0';
	assert_int_equal(strlen(out), 32);
}

/* A session of LOGIN (password MFA_PW) whose factor is not asked: the
 * cookie after the password, for a user without one. */
static void password_session(const char *login, struct sess *s)
{
	struct res r = signin_post(login, MFA_PW, NULL);
	char tok[128];
	assert_int_equal(r.status, 303);
	assert_int_equal(set_cookie_value(&r, KJ_SESSION_COOKIE, tok, sizeof tok), 0);
	memset(s, 0, sizeof *s);
	snprintf(s->cookie, sizeof s->cookie, "%s=%s", KJ_SESSION_COOKIE, tok);
	s->uid = user_id(login);
	res_free(&r);
}

/* Enrols S's user through /account/mfa; its secret into SECRET, the
 * recovery codes' page into *CODES (free it). */
static void enrol(struct sess *s, char secret[40], char **codes)
{
	char code[8];
	struct res g = do_req("GET", "/account/mfa", NULL, s->cookie, NULL);
	assert_int_equal(g.status, 200);
	assert_non_null(strstr(g.body, "<svg"));
	assert_non_null(strstr(g.body, "role=\"img\""));
	page_secret(g.body, secret, 40);
	assert_int_equal(page_csrf(g.body, s->csrf, sizeof s->csrf), 0);
	res_free(&g);
	code_at(secret, fake_now, code);
	char *f = form("csrf", s->csrf, "code", code, "password", MFA_PW, NULL);
	struct res r = do_req("POST", "/account/mfa", f, s->cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "recovery-codes"));
	*codes = r.body;
}

/* The first recovery code of a codes page into OUT. */
static void first_code(const char *page, char out[16])
{
	assert_int_equal(between(page, "<ul class=\"recovery-codes\"><li><code>", "</code>", out,
				 16), 0);
	assert_int_equal(strlen(out), 11);
}

/* The password step of LOGIN: the half step's cookie into HALF ("kijun_mfa=..."). */
static void password_step(const char *login, char *half, size_t n)
{
	struct res r = signin_post(login, MFA_PW, "/surveys");
	char tok[128];
	assert_int_equal(r.status, 303);
	assert_string_equal(hdr(&r, "Location"), "/signin/mfa");
	assert_null(set_cookie(&r, KJ_SESSION_COOKIE));	/* no session yet */
	assert_int_equal(set_cookie_value(&r, "kijun_mfa", tok, sizeof tok), 0);
	assert_non_null(strstr(set_cookie(&r, "kijun_mfa"), "HttpOnly"));
	snprintf(half, n, "kijun_mfa=%s", tok);
	res_free(&r);
}

/* The code step with the half step's cookie HALF: the answer. */
static struct res code_step(const char *half, const char *code)
{
	struct pre p;
	char cookies[300];
	get_pre(&p);
	snprintf(cookies, sizeof cookies, "%s; %s", p.cookie, half);
	struct res g = do_req("GET", "/signin/mfa", NULL, cookies, NULL);
	if (g.status == 200)
		assert_non_null(strstr(g.body, "autocomplete=\"one-time-code\""));
	res_free(&g);
	char *f = form("csrf", p.csrf, "code", code, NULL);
	struct res r = do_req("POST", "/signin/mfa", f, cookies, NULL);
	free(f);
	return r;
}

/* A refused code: the form again, the field invalid and focused. */
static void code_refused(const char *half, const char *code, int status)
{
	struct res r = code_step(half, code);
	assert_int_equal(r.status, status);
	assert_null(set_cookie(&r, KJ_SESSION_COOKIE));
	const char *at = strstr(r.body, "id=\"m-code\"");
	assert_non_null(at);
	const char *end = strchr(at, '>');
	assert_true(strstr(at, "aria-invalid=\"true\"") < end);
	assert_true(strstr(at, "aria-describedby=\"m-code-err") < end);
	assert_true(strstr(at, "autofocus") < end);
	res_free(&r);
}

/* Signed in with CODE: a session that works, sent on to /surveys (or the
 * notice of failed attempts first). */
static void code_passes(const char *half, const char *code)
{
	struct res r = code_step(half, code);
	char tok[128], cookie[160];
	assert_int_equal(r.status, 303);
	/* On to the page asked for, or first the notice of the wrong codes. */
	const char *to = hdr(&r, "Location");
	if (strcmp(to, "/surveys") && strcmp(to, "/signin/notice"))
		fail_msg("after the code: %s", to);
	assert_int_equal(set_cookie_value(&r, KJ_SESSION_COOKIE, tok, sizeof tok), 0);
	snprintf(cookie, sizeof cookie, "%s=%s", KJ_SESSION_COOKIE, tok);
	assert_int_equal(status_of("GET", "/", NULL, cookie, NULL), 200);
	res_free(&r);
}

static int mfa_setup(void **state)
{
	setup(state);
	app.mfa = test_key;
	return 0;
}

void test_mfa_no_key_unchanged(void **state);
void test_mfa_no_key_unchanged(void **state)
{
	(void)state;
	struct sess s;
	app.mfa.set = 0;
	mfa_user("mfa-nokey", KJ_ROLE_NCO);
	password_session("mfa-nokey", &s);
	assert_int_equal(status_of("GET", "/", NULL, s.cookie, NULL), 200);
	assert_int_equal(status_of("GET", "/account/mfa", NULL, s.cookie, NULL), 404);
	struct res r = do_req("GET", "/admin/users", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "二要素認証"));
	assert_null(strstr(r.body, "/mfa/"));
	res_free(&r);
	r = do_req("GET", "/account", NULL, s.cookie, NULL);
	assert_null(strstr(r.body, "/account/mfa"));
	res_free(&r);
	/* The sign-in form marks the fields of a refusal and focuses the first. */
	r = signin_post("mfa-nokey", "Wrong#Password-1", NULL);
	assert_int_equal(r.status, 401);
	const char *at = strstr(r.body, "id=\"login\"");
	assert_non_null(at);
	assert_true(strstr(at, "aria-invalid=\"true\"") < strchr(at, '>'));
	assert_true(strstr(at, "aria-describedby=\"signin-error\"") < strchr(at, '>'));
	assert_true(strstr(at, "autofocus") < strchr(at, '>'));
	assert_non_null(strstr(r.body, "id=\"signin-error\""));
	res_free(&r);
	r = signin_post("mfa-nokey", "", NULL);
	assert_int_equal(r.status, 400);
	at = strstr(r.body, "id=\"password\"");
	assert_true(strstr(at, "aria-invalid=\"true\"") < strchr(at, '>'));
	assert_true(strstr(at, "autofocus") < strchr(at, '>'));
	at = strstr(r.body, "id=\"login\"");
	assert_true(strstr(at, "aria-invalid") == NULL || strstr(at, "aria-invalid") > strchr(at, '>'));
	res_free(&r);
}

/* Reads FILE whole into a malloc'd buffer (NULL if there is none). */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	*n = 0;
	if (!f)
		return NULL;
	struct stat sb;
	assert_int_equal(fstat(fileno(f), &sb), 0);
	char *d = malloc((size_t)sb.st_size + 1);
	assert_non_null(d);
	*n = fread(d, 1, (size_t)sb.st_size, f);
	fclose(f);
	return d;
}

/* True if the N bytes at D hold the M bytes of W. */
static int holds(const char *d, size_t n, const char *w, size_t m)
{
	for (size_t i = 0; m && i + m <= n; i++)
		if (d[i] == w[0] && !memcmp(d + i, w, m))
			return 1;
	return 0;
}

/* Neither SECRET (base32) nor its bytes are anywhere in the database. */
static void secret_not_stored(const char *secret)
{
	char *raw = NULL;
	size_t rn = 0;
	assert_int_equal(oath_base32_decode(secret, strlen(secret), &raw, &rn), OATH_OK);
	if (kj_test_pg()) {
		char *rows = kj_test_sql_rows(db_path, "SELECT user_id, secret, pending FROM user_mfa");
		assert_non_null(strstr(rows, "v1."));	/* it is there, sealed */
		assert_null(strstr(rows, secret));
		free(rows);
	} else {
		static const char *const suffix[] = { "", "-wal" };
		int seen = 0;
		for (int i = 0; i < 2; i++) {
			char path[300];
			size_t n;
			snprintf(path, sizeof path, "%s%s", db_path, suffix[i]);
			char *d = slurp(path, &n);
			if (!d)
				continue;
			seen = 1;
			assert_false(holds(d, n, secret, strlen(secret)));
			assert_false(holds(d, n, raw, rn));
			free(d);
		}
		assert_true(seen);
	}
	free(raw);
}

void test_mfa_enrol_required(void **state);
void test_mfa_enrol_required(void **state)
{
	(void)state;
	struct sess s;
	char secret[40], code[8], *codes;
	mfa_user("mfa-surveyor", KJ_ROLE_SURVEYOR);
	password_session("mfa-surveyor", &s);
	/* Every page sends the user to enrolment; signing out still works. */
	struct res r = do_req("GET", "/surveys", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 303);
	assert_string_equal(hdr(&r, "Location"), "/account/mfa");
	res_free(&r);
	r = do_req("GET", "/account/mfa", NULL, s.cookie, NULL);
	assert_non_null(strstr(r.body, "必須"));
	page_secret(r.body, secret, sizeof secret);
	assert_int_equal(page_csrf(r.body, s.csrf, sizeof s.csrf), 0);
	res_free(&r);
	/* A reload offers the same secret. */
	r = do_req("GET", "/account/mfa", NULL, s.cookie, NULL);
	char again[40];
	page_secret(r.body, again, sizeof again);
	assert_string_equal(again, secret);
	res_free(&r);
	int before = audit_count("user.mfa_enrol", NULL);
	/* A wrong code, a wrong password: refused beside the field, nothing kept. */
	code_at(secret, fake_now - 300, code);
	char *f = form("csrf", s.csrf, "code", code, "password", MFA_PW, NULL);
	r = do_req("POST", "/account/mfa", f, s.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "aria-invalid=\"true\""));
	assert_non_null(strstr(r.body, "id=\"a-code\""));
	res_free(&r);
	code_at(secret, fake_now, code);
	f = form("csrf", s.csrf, "code", code, "password", "Not-The#Password1", NULL);
	r = do_req("POST", "/account/mfa", f, s.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "現在のパスワードが正しくありません。"));
	res_free(&r);
	assert_int_equal(audit_count("user.mfa_enrol", NULL), before);
	assert_int_equal(status_of("GET", "/", NULL, s.cookie, NULL), 303);
	/* The right ones: ten recovery codes, shown once; the pages open. */
	f = form("csrf", s.csrf, "code", code, "password", MFA_PW, NULL);
	r = do_req("POST", "/account/mfa", f, s.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	int n = 0;
	for (const char *p = strstr(r.body, "<li><code>"); p; p = strstr(p + 1, "<li><code>"))
		n++;
	assert_int_equal(n, 10);
	res_free(&r);
	assert_int_equal(audit_count("user.mfa_enrol", NULL), before + 1);
	assert_int_equal(status_of("GET", "/", NULL, s.cookie, NULL), 200);
	secret_not_stored(secret);
	/* The enrolled user's page: the state, and no secret any more. */
	r = do_req("GET", "/account/mfa", NULL, s.cookie, NULL);
	assert_non_null(strstr(r.body, "登録済み"));
	assert_null(strstr(r.body, "mfa-secret"));
	res_free(&r);
	(void)codes;
}

void test_mfa_signin_codes(void **state);
void test_mfa_signin_codes(void **state)
{
	(void)state;
	struct sess s;
	char secret[40], code[8], half[160], rec[16], *codes = NULL;
	mfa_user("mfa-ministry", KJ_ROLE_MINISTRY);
	password_session("mfa-ministry", &s);
	enrol(&s, secret, &codes);
	first_code(codes, rec);
	free(codes);
	fake_now += 3600;
	/* The right code, a step later than now too (±1). */
	password_step("mfa-ministry", half, sizeof half);
	assert_int_equal(status_of("GET", "/", NULL, half, NULL), 303);	/* not signed in */
	code_at(secret, fake_now + 30, code);
	code_passes(half, code);
	/* The same code again: refused, as is one of an earlier step. */
	password_step("mfa-ministry", half, sizeof half);
	int failed = audit_count("signin.mfa_failed", NULL);
	code_refused(half, code, 401);
	code_at(secret, fake_now, code);
	code_refused(half, code, 401);
	/* An expired code (three steps ago). */
	fake_now += 300;
	password_step("mfa-ministry", half, sizeof half);
	code_at(secret, fake_now - 90, code);
	code_refused(half, code, 401);
	assert_int_equal(audit_count("signin.mfa_failed", NULL), failed + 3);
	/* A recovery code, typed in capitals without its hyphen: once. */
	char typed[16];
	snprintf(typed, sizeof typed, "%.5s%s", rec, rec + 6);
	for (char *p = typed; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	int used = audit_count("user.recovery_used", NULL);
	signin_forget();	/* the wrong codes above count as failed sign-ins */
	code_passes(half, typed);
	assert_int_equal(audit_count("user.recovery_used", NULL), used + 1);
	signin_forget();
	password_step("mfa-ministry", half, sizeof half);
	code_refused(half, rec, 401);
	assert_audit_ok();
}

void test_mfa_halfway_limits(void **state);
void test_mfa_halfway_limits(void **state)
{
	(void)state;
	struct sess s;
	char secret[40], code[8], half[160], *codes = NULL;
	mfa_user("mfa-hq", KJ_ROLE_HQ);
	password_session("mfa-hq", &s);
	enrol(&s, secret, &codes);
	free(codes);
	fake_now += 3600;
	/* The half step runs out. */
	password_step("mfa-hq", half, sizeof half);
	fake_now += KJ_MFA_PENDING_S + 1;
	code_at(secret, fake_now, code);
	struct res r = code_step(half, code);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "もう一度サインインしてください"));
	assert_null(set_cookie(&r, KJ_SESSION_COOKIE));
	res_free(&r);
	/* Wrong codes end it ... */
	fake_now += 3600;
	signin_forget();
	password_step("mfa-hq", half, sizeof half);
	for (int i = 0; i < KJ_MFA_PENDING_FAILS_MAX; i++) {
		signin_forget();
		r = code_step(half, "000000");
		assert_int_equal(r.status, 401);
		res_free(&r);
	}
	signin_forget();
	code_at(secret, fake_now, code);
	r = code_step(half, code);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "もう一度サインインしてください"));
	assert_null(set_cookie(&r, KJ_SESSION_COOKIE));
	res_free(&r);
	/* ... and the sign-in limits count them like passwords. */
	fake_now += 3600;
	password_step("mfa-hq", half, sizeof half);
	int waited = 0;
	for (int i = 0; i < KJ_MFA_PENDING_FAILS_MAX && !waited; i++) {
		r = code_step(half, "000000");
		waited = r.status == 429 && hdr(&r, "Retry-After") != NULL;
		res_free(&r);
	}
	assert_true(waited);
	signin_forget();
	/* Without the half step's cookie, or with nonsense: the sign-in again. */
	r = code_step("kijun_mfa=nonsense", code);
	assert_int_equal(r.status, 401);
	res_free(&r);
	r = code_step("kijun_mfa=x", "");
	assert_int_equal(r.status, 400);
	res_free(&r);
	char longcode[80];
	memset(longcode, '1', sizeof longcode - 1);
	longcode[sizeof longcode - 1] = '\0';
	r = code_step("kijun_mfa=x", longcode);
	assert_int_equal(r.status, 400);
	res_free(&r);
}

/* Enrols LOGIN (password PW) through the use cases: for an administrator
 * whose pages the test needs. */
static void enrol_direct(const char *login, const char *pw)
{
	struct kj_user u;
	struct kj_mfa_offer offer;
	struct kj_mfa_refusal why;
	struct kj_err err;
	kj_mfa_codes codes;
	char code[8], actor[80];
	int found = 0;
	assert_int_equal(kj_store_user_by_login(store(), login, &u, &found, &err), 0);
	assert_true(found);
	assert_int_equal(kj_mfa_offer(store(), &app.mfa, &u, (int64_t)fake_now, &offer, &err), 0);
	code_at(offer.secret, fake_now, code);
	snprintf(actor, sizeof actor, "user:%s", login);
	struct kj_actor a = { &u, u.id, actor };
	assert_int_equal(kj_mfa_enrol(store(), &app.mfa, &a, pw, code, (int64_t)fake_now, codes,
				      &why, &err), 0);
	assert_int_equal(why.fault, KJ_MFA_OK);
}

void test_mfa_admin_require_reset(void **state);
void test_mfa_admin_require_reset(void **state)
{
	(void)state;
	struct sess admin, op;
	char secret[40], *codes = NULL;
	enrol_direct("demo-nco", KJ_DEMO_PASSWORD);
	sess_direct("demo-nco", &admin);
	int64_t opid = mfa_user("mfa-operator", KJ_ROLE_OPERATOR);
	password_session("mfa-operator", &op);
	assert_int_equal(status_of("GET", "/", NULL, op.cookie, NULL), 200);	/* optional */
	struct res r = do_req("GET", "/admin/users", NULL, admin.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "二要素認証"));
	res_free(&r);
	char path[96], id[24];
	snprintf(path, sizeof path, "/admin/users/%lld/mfa/require", (long long)opid);
	int before = audit_count("user.mfa_require", NULL);
	r = post(&admin, path, "required", "yes");
	assert_int_equal(r.status, 400);
	res_free(&r);
	r = post(&admin, path, "required", "1");
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(audit_count("user.mfa_require", NULL), before + 1);
	r = do_req("GET", "/", NULL, op.cookie, NULL);
	assert_int_equal(r.status, 303);
	assert_string_equal(hdr(&r, "Location"), "/account/mfa");
	res_free(&r);
	enrol(&op, secret, &codes);
	free(codes);
	/* A role that requires it anyway cannot be changed. */
	snprintf(path, sizeof path, "/admin/users/%lld/mfa/require",
		 (long long)user_id("demo-surveyor"));
	r = post(&admin, path, "required", "0");
	assert_int_equal(r.status, 400);
	res_free(&r);
	/* A lost device: asked first, then reset and audited; enrol again. */
	snprintf(path, sizeof path, "/admin/users/%lld/mfa/reset", (long long)opid);
	r = post(&admin, path, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "confirm"));
	res_free(&r);
	snprintf(id, sizeof id, "%lld", (long long)opid);
	before = audit_count("user.mfa_reset", id);
	r = post(&admin, path, "confirm", "1");
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(audit_count("user.mfa_reset", id), before + 1);
	assert_int_equal(status_of("GET", "/", NULL, op.cookie, NULL), 303);
	/* An operator may not reach them. */
	assert_int_equal(status_of("POST", path, NULL, op.cookie, NULL), 303);
	assert_audit_ok();
}

void test_mfa_replace_and_new_codes(void **state);
void test_mfa_replace_and_new_codes(void **state)
{
	(void)state;
	struct sess s;
	char secret[40], fresh[40], code[8], half[160], rec[16], *codes = NULL;
	mfa_user("mfa-replace", KJ_ROLE_SURVEYOR);
	password_session("mfa-replace", &s);
	enrol(&s, secret, &codes);
	first_code(codes, rec);
	free(codes);
	fake_now += 90;	/* later steps; the session stays live */
	/* New recovery codes with the password: the old ones stop working. */
	struct res r = do_req("GET", "/account/mfa", NULL, s.cookie, NULL);
	assert_non_null(strstr(r.body, "10"));	/* unused recovery codes */
	res_free(&r);
	r = post(&s, "/account/mfa/recovery", "password", "Wrong#Password-26");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "現在のパスワードが正しくありません。"));
	res_free(&r);
	r = post(&s, "/account/mfa/recovery", "password", MFA_PW);
	assert_int_equal(r.status, 200);
	char newrec[16];
	first_code(r.body, newrec);
	res_free(&r);
	assert_string_not_equal(rec, newrec);
	password_step("mfa-replace", half, sizeof half);
	code_refused(half, rec, 401);
	signin_forget();
	/* A new device: another secret, confirmed with a code of it; the old
	 * app's codes no longer pass. */
	r = do_req("GET", "/account/mfa", "replace=1", s.cookie, NULL);
	assert_int_equal(r.status, 200);
	page_secret(r.body, fresh, sizeof fresh);
	assert_string_not_equal(fresh, secret);
	res_free(&r);
	code_at(fresh, fake_now, code);
	char *f = form("csrf", s.csrf, "code", code, "password", MFA_PW, NULL);
	r = do_req("POST", "/account/mfa", f, s.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "recovery-codes"));
	res_free(&r);
	assert_true(audit_count("user.mfa_enrol", NULL) >= 2);
	fake_now += 90;	/* later steps; the session stays live */
	password_step("mfa-replace", half, sizeof half);
	code_at(secret, fake_now, code);
	code_refused(half, code, 401);
	signin_forget();
	code_at(fresh, fake_now, code);
	code_passes(half, code);
	assert_audit_ok();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_mfa_no_key_unchanged, mfa_setup),
		cmocka_unit_test_setup(test_mfa_enrol_required, mfa_setup),
		cmocka_unit_test_setup(test_mfa_signin_codes, mfa_setup),
		cmocka_unit_test_setup(test_mfa_halfway_limits, mfa_setup),
		cmocka_unit_test_setup(test_mfa_admin_require_reset, mfa_setup),
		cmocka_unit_test_setup(test_mfa_replace_and_new_codes, mfa_setup),
	};
	if (sodium_init() < 0)
		return 1;
	randombytes_buf(test_key.k, sizeof test_key.k);
	test_key.set = 1;
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
