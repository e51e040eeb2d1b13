/* The shared fixtures and request helpers of the web tests: see web_helpers.h. */
#include "web_helpers.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"
#include "store/store_users.h"
#include "app/signin_limit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>

char db_path[256];
struct kj_app app;
time_t fake_now = T0;
char g_remote[64] = "127.0.0.1";
int g_tls;
/* A file the next request sends as form field "file" (multipart), or NULL. */
const char *g_upload;
size_t g_upload_len;
/* The next request sends its form in the query string instead of the body. */
int g_form_in_query;
/* The X-CSRF-Token header of the next request, or NULL. */
const char *g_csrf_header;
/* The demo operator's organisation (medical), another medical-only one, and
 * one outside the medical sector: see group_setup. */
int g_allow_500;		/* a test that asks for a 500 on purpose */
int64_t org_own, org_med, org_other;
/* Ministry scoping: a water operator (held whole by 国交省 and 環境省), and
 * three in government services (shared): one assigned to 総務省 (as the demo
 * assigns them all), one to 厚労省, one to no one. */
int64_t org_water, org_gov_mic, org_gov_mhlw, org_gov_none;

time_t test_clock(void)
{
	return fake_now;
}

/* --- Requests ---------------------------------------------------------------- */


void res_free(struct res *r)
{
	free(r->body);
	r->body = NULL;
}

/* The first header NAME of R, or NULL. */
const char *hdr(const struct res *r, const char *name)
{
	for (int i = 0; i < r->nh; i++)
		if (!strcasecmp(r->h[i][0], name))
			return r->h[i][1];
	return NULL;
}

/* The Set-Cookie header of R for cookie NAME, or NULL. */
const char *set_cookie(const struct res *r, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < r->nh; i++)
		if (!strcasecmp(r->h[i][0], "Set-Cookie") &&
		    !strncmp(r->h[i][1], name, n) && r->h[i][1][n] == '=')
			return r->h[i][1];
	return NULL;
}

/* The value R sets for cookie NAME into OUT; 0 if R sets it. */
int set_cookie_value(const struct res *r, const char *name, char *out, size_t n)
{
	const char *c = set_cookie(r, name);
	if (!c)
		return -1;
	c += strlen(name) + 1;
	size_t len = strcspn(c, ";");
	if (len >= n)
		return -1;
	memcpy(out, c, len);
	out[len] = '\0';
	return 0;
}


/* True if S holds NEEDLE, ignoring ASCII case. */
int icontains(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; *s; s++)
		if (!strncasecmp(s, needle, n))
			return 1;
	return 0;
}

/* True if R redirects to a Location that starts with PREFIX. */
int loc_starts(const struct res *r, const char *prefix)
{
	const char *loc = hdr(r, "Location");
	return is_redirect(r->status) && loc && !strncmp(loc, prefix, strlen(prefix));
}

/* Header NAME of R is VALUE. */

int is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 ||
	       status == 308;
}

/* What must hold of every response, whoever asked and whatever for. */
void check_common(const struct res *r, const char *method, const char *path)
{
	if (r->parse_failed)
		return;
	if (r->status < 200 || r->status > 599 || (r->status == 500 && !g_allow_500))
		fail_msg("%s %s: status %d", method, path, r->status);
	const char *csp = hdr(r, "Content-Security-Policy");
	if (!csp || !strstr(csp, "frame-ancestors 'none'") || !strstr(csp, "default-src 'none'"))
		fail_msg("%s %s (%d): no strict Content-Security-Policy: %s", method, path,
			 r->status, csp ? csp : "(none)");
	const char *nosniff = hdr(r, "X-Content-Type-Options");
	if (!nosniff || strcmp(nosniff, "nosniff"))
		fail_msg("%s %s (%d): no X-Content-Type-Options: nosniff", method, path, r->status);
	const char *rp = hdr(r, "Referrer-Policy");
	if (!rp || (strcmp(rp, "same-origin") && strcmp(rp, "no-referrer") &&
		    strcmp(rp, "strict-origin") && strcmp(rp, "strict-origin-when-cross-origin")))
		fail_msg("%s %s (%d): no strict Referrer-Policy: %s", method, path, r->status,
			 rp ? rp : "(none)");
	if (!strncmp(r->ctype, "text/html", 9)) {
		if (!strstr(r->ctype, "charset=utf-8"))
			fail_msg("%s %s: HTML without charset=utf-8: %s", method, path, r->ctype);
		if (!kj_utf8_valid_text(r->body, r->len))
			fail_msg("%s %s: HTML body is not valid UTF-8 text", method, path);
		if (r->len && strncmp(r->body, "<!DOCTYPE html>", 15))
			fail_msg("%s %s: HTML body does not start with <!DOCTYPE html>", method, path);
	}
	/* No markup from input, and no script at all (the UI works without JS). */
	const char *mark = strstr(r->body, MARK);
	if (mark && strncmp(r->ctype, "application/json", 16)) {
		size_t at = (size_t)(mark - r->body);
		fail_msg("%s %s (%d): unescaped input in the body: ...%.200s", method, path,
			 r->status, r->body + (at > 100 ? at - 100 : 0));
	}
	if (strstr(r->body, "<script"))
		fail_msg("%s %s: <script in the body", method, path);
	if (!strncmp(path, "/api/", 5) && strncmp(r->ctype, "application/json", 16))
		fail_msg("%s %s (%d): API answer is %s, not JSON", method, path, r->status, r->ctype);
	if (!strncmp(path, "/api/", 5) && r->status == 401 &&
	    (!hdr(r, "WWW-Authenticate") || strncmp(hdr(r, "WWW-Authenticate"), "Bearer", 6)))
		fail_msg("%s %s: 401 without WWW-Authenticate: Bearer", method, path);
	if (r->status == 405 && !hdr(r, "Allow"))
		fail_msg("%s %s: 405 without Allow", method, path);
	if (is_redirect(r->status)) {
		const char *loc = hdr(r, "Location");
		if (!loc || loc[0] != '/' || loc[1] == '/' || loc[1] == '\\')
			fail_msg("%s %s: redirect to a non-local place: %s", method, path,
				 loc ? loc : "(no Location)");
	}
	for (int i = 0; i < r->nh; i++) {
		const char *v = r->h[i][1];
		if (strcasecmp(r->h[i][0], "Set-Cookie") ||
		    (strncmp(v, "kijun_session=", 14) && strncmp(v, "kijun_pre=", 10)))
			continue;
		if (!strstr(v, "; HttpOnly") || !strstr(v, "; SameSite=Strict") ||
		    !strstr(v, "; Path=/") || (g_tls && !strstr(v, "; Secure")))
			fail_msg("%s %s: weak cookie: %s", method, path, v);
	}
}

/*
 * One request as the server adapter builds it: FORM (query and body
 * parameters, urlencoded) parsed into parameters, COOKIE and
 * AUTHORIZATION as the headers, g_remote as the client.
 */
struct res req_full(const char *method, const char *path, const char *form,
			   const char *cookie, const char *authorization)
{
	struct kj_request rq;
	struct kj_response rs;
	struct res r;
	memset(&r, 0, sizeof r);
	kj_request_init(&rq);
	kj_response_init(&rs);
	rq.method = method;
	rq.path = path;
	rq.cookie = cookie;
	rq.authorization = authorization;
	rq.tls = g_tls;
	snprintf(rq.remote, sizeof rq.remote, "%s", g_remote);
	if (g_upload) {
		struct kj_upload *u = &rq.uploads[rq.nuploads++];
		snprintf(u->field, sizeof u->field, "file");
		snprintf(u->filename, sizeof u->filename, "upload.csv");
		u->data = malloc(g_upload_len + 1);
		assert_non_null(u->data);
		memcpy(u->data, g_upload, g_upload_len);
		u->data[g_upload_len] = '\0';
		u->len = g_upload_len;
		g_upload = NULL;
	}
	rq.csrf_header = g_csrf_header;
	g_csrf_header = NULL;
	int in_query = g_form_in_query;
	g_form_in_query = 0;
	if (form && kj_request_parse_form(&rq, form, strlen(form)) < 0) {
		r.parse_failed = 1;
		r.status = 400;
	} else {
		if (in_query)
			rq.nquery = rq.nparams;
		kj_web_handle(&app, &rq, &rs);
		/* A streamed body (an export), read as the server would send it. */
		assert_int_equal(kj_response_drain(&rs), 0);
		r.status = rs.status;
		r.len = rs.body.len;
		snprintf(r.ctype, sizeof r.ctype, "%s", rs.content_type ? rs.content_type : "");
		r.nh = rs.nheaders;
		memcpy(r.h, rs.headers, sizeof r.h);
	}
	r.body = malloc(r.len + 1);
	assert_non_null(r.body);
	if (r.len)
		memcpy(r.body, rs.body.data, r.len);
	r.body[r.len] = '\0';
	kj_request_free(&rq);
	kj_response_free(&rs);
	check_common(&r, method, path);
	return r;
}

/* The same with a bearer token instead of a whole Authorization header. */
struct res do_req(const char *method, const char *path, const char *form,
			 const char *cookie, const char *bearer)
{
	char auth[256];
	if (bearer)
		snprintf(auth, sizeof auth, "Bearer %s", bearer);
	return req_full(method, path, form, cookie, bearer ? auth : NULL);
}

/* Just the status. */
int status_of(const char *method, const char *path, const char *form,
		     const char *cookie, const char *bearer)
{
	struct res r = do_req(method, path, form, cookie, bearer);
	res_free(&r);
	return r.status;
}

void urlenc(struct kj_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_') {
			kj_buf_addc(b, (char)*p);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			kj_buf_add(b, e, 3);
		}
	}
}

/* "n1=v1&n2=v2" percent-encoded from NULL-terminated NAME, VALUE pairs; free() it. */
char *form(const char *name, ...)
{
	struct kj_buf b;
	va_list ap;
	kj_buf_init(&b, 4u << 20);
	va_start(ap, name);
	for (const char *n = name; n; n = va_arg(ap, const char *)) {
		const char *v = va_arg(ap, const char *);
		if (b.len)
			kj_buf_addc(&b, '&');
		urlenc(&b, n);
		kj_buf_addc(&b, '=');
		urlenc(&b, v);
	}
	va_end(ap);
	return kj_buf_detach(&b);
}

/* The text between BEFORE and the next END in S, into OUT; 0 if found. */
int between(const char *s, const char *before, const char *end, char *out, size_t n)
{
	const char *p = s ? strstr(s, before) : NULL;
	if (!p)
		return -1;
	p += strlen(before);
	const char *e = strstr(p, end);
	if (!e || (size_t)(e - p) >= n)
		return -1;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return 0;
}

/* The CSRF token of a page's first form. */
int page_csrf(const char *body, char *out, size_t n)
{
	return between(body, "name=\"csrf\" value=\"", "\"", out, n);
}

/* The text of a page's error summary ("" if none). */
void error_summary(const char *body, char *out, size_t n)
{
	if (between(body, "<div class=\"error-summary\" role=\"alert\"><p>", "</p>", out, n) < 0)
		out[0] = '\0';
}

/* --- Principals -------------------------------------------------------------- */


struct kj_store *store(void)
{
	struct kj_err err;
	struct kj_store *st = kj_app_store(&app, &err);
	if (!st)
		fail_msg("store: %s", err.msg);
	return st;
}

/*
 * The ids user_id found in this group's database: a user keeps its id and
 * login for good (users are disabled, never removed or renamed), and the
 * matrix asks for the same eight thousands of times (each a user and its
 * sectors read). Emptied by group_setup.
 */
#define KNOWN_IDS 32
static struct {
	char login[64];
	int64_t id;
} known[KNOWN_IDS];
static int nknown;

int64_t user_id(const char *login)
{
	struct kj_user u;
	struct kj_err err;
	int found = 0;
	for (int i = 0; i < nknown; i++)
		if (!strcmp(known[i].login, login))
			return known[i].id;
	assert_int_equal(kj_store_user_by_login(store(), login, &u, &found, &err), 0);
	if (!found)
		fail_msg("no user %s", login);
	if (nknown < KNOWN_IDS && strlen(login) < sizeof known[0].login) {
		snprintf(known[nknown].login, sizeof known[nknown].login, "%s", login);
		known[nknown++].id = u.id;
	}
	return u.id;
}

const char *demo_login(enum kj_role role)
{
	static char login[7][32];
	snprintf(login[role], sizeof login[role], "demo-%s", kj_role_name(role));
	return login[role];
}

/*
 * A session for LOGIN made directly in the store, as sign-in would make it
 * (without the cost of a password hash): for the matrix, where every cell
 * gets a fresh session so that one cell's side effects touch no other.
 */
void sess_direct(const char *login, struct sess *s)
{
	char token[64], hash[65];
	struct kj_err err;
	memset(s, 0, sizeof *s);
	s->uid = user_id(login);
	kj_web_random_token(token, sizeof token);
	kj_web_random_token(s->csrf, sizeof s->csrf);
	kj_web_hash_token(token, hash);
	if (kj_store_session_create(store(), hash, s->uid, s->csrf, "ja", (int64_t)fake_now,
				    "127.0.0.1", &err) < 0)
		fail_msg("session: %s", err.msg);
	snprintf(s->cookie, sizeof s->cookie, "%s=%s", KJ_SESSION_COOKIE, token);
}

/* An API token for LOGIN made directly in the store; its id into *ID. */
void token_direct(const char *login, char token[64], int64_t *id)
{
	char hash[65];
	struct kj_err err;
	kj_web_random_token(token, 64);
	kj_web_hash_token(token, hash);
	if (kj_store_token_create(store(), user_id(login), "direct", hash, (int64_t)fake_now,
				  KJ_TOKEN_DAYS_DEFAULT, id, &err) < 0)
		fail_msg("token: %s", err.msg);
}

/* A sign-in form's pre-session CSRF token: as a cookie and as the field. */

void get_pre(struct pre *p)
{
	struct res g = do_req("GET", "/signin", NULL, NULL, NULL);
	char val[80];
	assert_int_equal(g.status, 200);
	assert_int_equal(set_cookie_value(&g, "kijun_pre", val, sizeof val), 0);
	assert_int_equal(page_csrf(g.body, p->csrf, sizeof p->csrf), 0);
	assert_string_equal(val, p->csrf);	/* double submit: cookie = field */
	assert_true(strlen(val) >= 32);
	snprintf(p->cookie, sizeof p->cookie, "kijun_pre=%s", val);
	res_free(&g);
}

/* The sign-in form, filled and sent the way a browser does; the POST's answer. */
struct res signin_post(const char *login, const char *pw, const char *next)
{
	struct pre p;
	get_pre(&p);
	char *f = next ? form("csrf", p.csrf, "next", next, "login", login, "password", pw, NULL)
		       : form("csrf", p.csrf, "login", login, "password", pw, NULL);
	struct res r = do_req("POST", "/signin", f, p.cookie, NULL);
	free(f);
	return r;
}

/* Signs in through the form; on 303 fills S from the cookie and the home page. */
int signin(const char *login, const char *pw, struct sess *s)
{
	struct res r = signin_post(login, pw, NULL);
	int status = r.status;
	memset(s, 0, sizeof *s);
	if (status == 303) {
		char tok[128];
		assert_int_equal(set_cookie_value(&r, KJ_SESSION_COOKIE, tok, sizeof tok), 0);
		assert_non_null(strstr(set_cookie(&r, KJ_SESSION_COOKIE), "Max-Age=43200"));
		snprintf(s->cookie, sizeof s->cookie, "%s=%s", KJ_SESSION_COOKIE, tok);
		struct res h = do_req("GET", "/", NULL, s->cookie, NULL);
		assert_int_equal(h.status, 200);
		assert_int_equal(page_csrf(h.body, s->csrf, sizeof s->csrf), 0);
		assert_true(strlen(s->csrf) >= 32);
		res_free(&h);
		s->uid = user_id(login);
	}
	res_free(&r);
	return status;
}

/* POST PATH with the session's CSRF token added to the NAME, VALUE pairs. */
struct res post(const struct sess *s, const char *path, const char *name,
		       const char *value)
{
	char *f = name ? form("csrf", s->csrf, name, value, NULL) : form("csrf", s->csrf, NULL);
	struct res r = do_req("POST", path, f, s->cookie, NULL);
	free(f);
	return r;
}

/* True if S's session is signed in (the home page answers). */
int session_works(const struct sess *s)
{
	return status_of("GET", "/", NULL, s->cookie, NULL) == 200;
}

long user_count(void)
{
	struct kj_store_counts c;
	struct kj_err err;
	assert_int_equal(kj_store_counts(store(), &c, &err), 0);
	return c.users;
}

void assert_audit_ok(void)
{
	struct kj_audit_problem p;
	struct kj_err err;
	int ok = 0;
	long checked = 0;
	int64_t keyed;
	assert_int_equal(kj_audit_verify(store(), &p, &ok, &checked, &keyed, &err), 0);
	if (!ok)
		fail_msg("audit trail broken at %lld: %s", (long long)p.id, p.reason);
	assert_true(checked > 0);
}

/* Entries with ACTION (exactly) whose object id is OBJ (NULL: any). */
int audit_count(const char *action, const char *obj)
{
	struct kj_audit_filter f = { 0 };
	struct kj_audit_entry *e = calloc(KJ_AUDIT_LIST_MAX, sizeof *e);
	struct kj_err err;
	int n = 0, hits = 0;
	assert_non_null(e);
	f.action = action;
	f.limit = KJ_AUDIT_LIST_MAX;
	assert_int_equal(kj_audit_list(store(), &f, e, KJ_AUDIT_LIST_MAX, &n, &err), 0);
	for (int i = 0; i < n; i++)
		hits += !strcmp(e[i].action, action) && (!obj || !strcmp(e[i].object_id, obj));
	free(e);
	return hits;
}

/* --- Fixture ----------------------------------------------------------------- */

void remove_db(void)
{
	if (kj_test_db_is_pg(db_path))
		return;	/* the test cluster is removed whole (tests/pg/cluster.sh) */
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char p[300];
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(p, sizeof p, "%s%s", db_path, ext[i]);
		unlink(p);
	}
}

/*
 * Two more ministry accounts (国交省, 総務省) beside the demo's 厚労省 and
 * 環境省; through the registry import, org_gov_mhlw moves from 総務省 (the
 * demo's assignment) to 厚労省, and org_gov_none is assigned to no one.
 */
int ministry_setup(struct kj_store *st, struct kj_err *err)
{
	static const char *const more[][2] = { { "test-ministry-mlit", "mlit" },
					       { "test-ministry-mic", "mic" } };
	for (size_t i = 0; i < 2; i++) {
		struct kj_user u = { 0 };
		kj_strlcpy(u.login, more[i][0], sizeof u.login);
		kj_strlcpy(u.display_name, more[i][0], sizeof u.display_name);
		kj_strlcpy(u.ministry, more[i][1], sizeof u.ministry);
		u.role = KJ_ROLE_MINISTRY;
		if (kj_store_user_add(st, &u, err) < 0) {
			fprintf(stderr, "setup: %s\n", err->msg);
			return -1;
		}
	}
	int64_t ids[2] = { org_gov_mhlw, org_gov_none };
	for (int i = 0; i < 2; i++) {
		struct kj_org_scope sc = { NULL, 0, ids[i], NULL };
		struct kj_org_record r;
		int n;
		long total;
		if (kj_store_org_list(st, &sc, 0, &r, NULL, 1, &n, &total, err) < 0 || n != 1)
			return -1;
		if (r.nministries != 1 || strcmp(r.ministries[0], "mic")) {
			fprintf(stderr, "setup: the demo did not assign government services to mic\n");
			return -1;
		}
		kj_strlcpy(r.ministries[0], "mhlw", sizeof r.ministries[0]);
		r.nministries = i == 0;
		r.ministries_given = 1;
		const struct kj_actor actor = { NULL, 0, "test:web" };
		struct kj_org_saved saved;
		if (kj_app_org_save(st, &actor, &r, 1, KJ_ORG_ANY, &saved, err) < 0 ||
		    saved.stats.updated != 1) {
			fprintf(stderr, "setup: %s\n", err->msg);
			return -1;
		}
	}
	return 0;
}

/* kj_app_init succeeded: group_teardown frees the application. */
static int app_ready;

/* The organisations the tenant rules are tested on, found in ST. */
static int find_orgs(struct kj_store *st, struct kj_err *err)
{
	struct kj_user op;
	int found = 0;
	org_own = org_med = org_other = org_water = 0;
	org_gov_mic = org_gov_mhlw = org_gov_none = 0;
	if (kj_store_user_by_login(st, "demo-operator", &op, &found, err) < 0 || !found)
		return -1;
	org_own = op.org_id;
	/* Each is the first of its kind: the scan ends once all are found. */
	for (int64_t id = 1; id <= 1000 && !(org_med && org_other && org_water && org_gov_none);
	     id++) {
		struct kj_org_record v;
		if (kj_store_org_get(st, id, &v, &found, err) < 0)
			return -1;
		if (!found)
			continue;
		int medical = 0, government = 0, water = 0;
		for (int i = 0; i < v.nsectors; i++) {
			medical |= !strcmp(v.sectors[i], "medical");
			government |= !strcmp(v.sectors[i], "government");
			water |= !strcmp(v.sectors[i], "water");
		}
		if (medical && v.nsectors == 1 && id != org_own && !org_med)
			org_med = id;
		if (!medical && !government && !org_other)
			org_other = id;
		if (water && v.nsectors == 1 && !org_water)
			org_water = id;
		if (government && v.nsectors == 1) {
			if (!org_gov_mic)
				org_gov_mic = id;
			else if (!org_gov_mhlw)
				org_gov_mhlw = id;
			else if (!org_gov_none)
				org_gov_none = id;
		}
	}
	if (!org_own || !org_med || !org_other || !org_water || !org_gov_mic || !org_gov_mhlw ||
	    !org_gov_none) {
		fprintf(stderr, "setup: the demo data lacks the organisations the tests need\n");
		return -1;
	}
	return 0;
}

/* The fixture's database made at PATH: the standard, the prefectures, the
 * demo (150 operators), two more ministries (ministry_setup). */
static int build_db(const char *path)
{
	struct kj_err err;
	struct kj_store *st;
	struct kj_catalog cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	int created = 0;
	if (kj_catalog_load_embedded(&cat, &err) < 0) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	if (kj_reference_prefectures(prefs, &err) < 0 ||
	    kj_store_open(&st, path, KJ_STORE_CREATE, &err) < 0) {
		fprintf(stderr, "setup: %s\n", err.msg);
		kj_catalog_free(&cat);
		return -1;
	}
	int rc = kj_store_catalog_put(st, &cat, &created, &err);
	kj_catalog_free(&cat);
	if (rc == 0)
		rc = kj_store_begin(st, &err);
	for (int i = 0; rc == 0 && i < KJ_PREFECTURES; i++)
		rc = kj_store_prefecture_put(st, prefs[i].code, prefs[i].name_ja,
					     prefs[i].name_en, &err);
	if (rc == 0)
		rc = kj_store_commit(st, &err);
	struct kj_demo_opts o = { .operators = 150, .seed = 20261001, .years = 1,
				  .last_year = 2026, .actor = "test:web" };
	struct kj_demo_stats stats;
	if (rc == 0)
		rc = kj_demo_generate(st, &o, &stats, &err);
	if (rc < 0)
		fprintf(stderr, "setup: %s\n", err.msg);
	if (rc == 0)
		rc = find_orgs(st, &err);
	if (rc == 0)
		rc = ministry_setup(st, &err);
	kj_store_close(st);
	return rc;
}

/*
 * The fixture's database is the same for every binary of web_helpers.c
 * (web_app, web_answer, web_logs, ...) and each used to make it anew (the
 * demo: some 4 s of CPU each, on either engine). It is made once, as a
 * template, and each binary copies it: a file in KJ_WEB_TEMPLATE_DIR, or a
 * database kjt_tpl_web_KEY of the test cluster. KEY names what made it: the
 * core library (size, time, inode), this file (__TIMESTAMP__), the engine
 * and today's date (the demo's dates follow it). A lock file lets parallel
 * tests wait for the one making it. 0 if DB_PATH now holds a copy; -1 if
 * there is nowhere to keep a template (the caller then makes it in place).
 */
#ifdef KJ_WEB_TEMPLATE_DIR
#define TEMPLATE_MAX	(256u * 1024u * 1024u)	/* bytes of the SQLite template read */

/* The SQLite templates of other keys, a day old: another library's or
 * another day's, of no more use. */
static void forget_templates(const char *key)
{
	DIR *d = opendir(KJ_WEB_TEMPLATE_DIR);
	struct dirent *e;
	time_t now = time(NULL);
	while (d && (e = readdir(d))) {
		char p[600];
		struct stat sb;
		size_t n = strlen(e->d_name);
		if (strncmp(e->d_name, "web-", 4) || strstr(e->d_name, key) ||
		    n < 3 || strcmp(e->d_name + n - 3, ".db"))
			continue;
		snprintf(p, sizeof p, "%s/%s", KJ_WEB_TEMPLATE_DIR, e->d_name);
		if (stat(p, &sb) == 0 && now - sb.st_mtime > 86400)
			unlink(p);
	}
	if (d)
		closedir(d);
}

static int from_template(void)
{
	struct stat lib;
	char key_src[512], key[24], lock[600], tpl[600], tmp[640], date[16];
	time_t now = time(NULL);
	struct tm tm;
	int pg = kj_test_pg(), fd, rc = -1;
	if (stat(KJ_WEB_CORE_LIB, &lib) < 0 ||
	    (mkdir(KJ_WEB_TEMPLATE_DIR, 0700) < 0 && errno != EEXIST))
		return -1;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	snprintf(key_src, sizeof key_src, "%lld %lld %llu|%s|%s|%s", (long long)lib.st_size,
		 (long long)lib.st_mtime, (unsigned long long)lib.st_ino, __TIMESTAMP__,
		 pg ? getenv("KIJUN_TEST_PG") : "sqlite", date);
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	for (const char *p = key_src; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	snprintf(key, sizeof key, "%016llx", (unsigned long long)h);
	snprintf(lock, sizeof lock, "%s/web-%s.lock", KJ_WEB_TEMPLATE_DIR, key);
	if ((fd = open(lock, O_CREAT | O_RDWR | O_CLOEXEC, 0600)) < 0)
		return -1;
	if (flock(fd, LOCK_EX) < 0) {
		close(fd);
		return -1;
	}
	if (pg) {
		char name[64], uri[512], tmp_uri[512], sql[256], n[16];
		snprintf(name, sizeof name, "kjt_tpl_web_%s", key);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_database WHERE datname = '%s'",
			 name);
		if (kj_test_db_uri(name, uri, sizeof uri) < 0 ||
		    kj_test_db_uri("kjt_tpl_web_new", tmp_uri, sizeof tmp_uri) < 0 ||
		    kj_test_sql_text(getenv("KIJUN_TEST_PG"), sql, n, sizeof n) < 0)
			goto done;
		if (strcmp(n, "1")) {
			snprintf(sql, sizeof sql, "ALTER DATABASE kjt_tpl_web_new RENAME TO %s", name);
			kj_test_db_reset(tmp_uri);
			if (build_db(tmp_uri) < 0 || kj_test_sql(getenv("KIJUN_TEST_PG"), sql) < 0)
				goto done;
		}
		rc = kj_test_db_copy(uri, db_path);
	} else {
		snprintf(tpl, sizeof tpl, "%s/web-%s.db", KJ_WEB_TEMPLATE_DIR, key);
		snprintf(tmp, sizeof tmp, "%s.new", tpl);
		if (access(tpl, F_OK) < 0) {
			forget_templates(key);
			unlink(tmp);
			if (build_db(tmp) < 0 || rename(tmp, tpl) < 0)
				goto done;
		}
		char *data;
		size_t len;
		struct kj_err err;
		if (kj_read_file(tpl, TEMPLATE_MAX, &data, &len, &err) < 0)
			goto done;
		FILE *o = fopen(db_path, "wb");
		if (o) {
			rc = fwrite(data, 1, len, o) == len ? 0 : -1;
			if (fclose(o) != 0)
				rc = -1;
		}
		free(data);
	}
done:
	close(fd);	/* the lock goes with it */
	return rc;
}
#else
static int from_template(void)
{
	return -1;
}
#endif

int group_setup(void **state)
{
	(void)state;
	struct kj_err err;
	struct kj_store *st;
	nknown = 0;	/* a new database: the ids of user_id are its own */
	/*
	 * Thousands of small commits: on a disk each waits for fsync, on tmpfs
	 * not (minutes against seconds). The working folder if there is none.
	 */
	if (kj_test_pg())	/* a fresh database on the test cluster */
		snprintf(db_path, sizeof db_path, "%s", kj_test_db(DB_NAME));
	else if (access("/dev/shm", W_OK) == 0)
		snprintf(db_path, sizeof db_path, "/dev/shm/%d-%s", (int)getpid(), DB_NAME);
	else
		snprintf(db_path, sizeof db_path, "%s", DB_NAME);
	remove_db();
	if (from_template() < 0) {
		remove_db();
		if (build_db(db_path) < 0)
			return -1;
	}
	if (kj_app_init(&app, db_path, &err) < 0) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	app_ready = 1;
	app.now = test_clock;
	st = kj_app_store(&app, &err);
	return st ? find_orgs(st, &err) : -1;
}

int group_teardown(void **state)
{
	(void)state;
	if (app_ready)	/* not after a group setup that failed before it */
		kj_app_free(&app);
	app_ready = 0;
	remove_db();
	return 0;
}

/* Each test: a clean rate-limit table, a clock a day on, the default client. */
int setup(void **state)
{
	(void)state;
	signin_forget();
	fake_now += 86400;
	snprintf(g_remote, sizeof g_remote, "127.0.0.1");
	g_tls = 0;
	return 0;
}


/* Every parameter name any page reads. */
const char *const param_names[] = {
	"q", "function", "actor", "action", "object_type", "from", "to", "page",
	"next", "expired", "done", "login", "password", "name", "role", "org",
	"sector", "id", "csrf", "lang", "format", "fy", "offset", "limit", "saved",
	"requirement", "extent", "shown", "target",
};

/*
 * Every GET route with INPUT in each {placeholder}, then in each parameter
 * one at a time (or, AT_ONCE, in every parameter in one request: a sweep
 * thirty times quicker, for inputs whose characters a full sweep already
 * sends to each parameter alone).
 */
static void sweep_get_routes(const char *input, const char *cookie, int at_once,
			     void (*check)(const char *path, const struct res *r))
{
	enum { NPARAMS = sizeof param_names / sizeof param_names[0] };
	char *all = NULL;
	if (at_once) {
		struct kj_buf b;
		kj_buf_init(&b, 1u << 20);
		for (size_t k = 0; k < NPARAMS; k++) {
			char *f = form(param_names[k], input, NULL);
			if (b.len)
				kj_buf_addc(&b, '&');
			kj_buf_adds(&b, f);
			free(f);
		}
		all = kj_buf_detach(&b);
	}
	for (int i = 0; i < kj_nroutes; i++) {
		const struct kj_route *rt = &kj_routes[i];
		if (strcmp(rt->method, "GET"))
			continue;
		char path[512], path_in[1024];
		/* A valid value in the placeholders, then the input. */
		const char *brace = strchr(rt->pattern, '{');
		if (brace) {
			const char *close = strchr(brace, '}');
			char valid[32];
			if (strstr(rt->pattern, "organisations"))
				snprintf(valid, sizeof valid, "%lld", (long long)org_own);
			else
				snprintf(valid, sizeof valid, "%s", REQ_ID);
			snprintf(path, sizeof path, "%.*s%s%s", (int)(brace - rt->pattern),
				 rt->pattern, valid, close + 1);
			snprintf(path_in, sizeof path_in, "%.*s%s%s", (int)(brace - rt->pattern),
				 rt->pattern, input, close + 1);
			struct res r = do_req("GET", path_in, NULL, cookie, NULL);
			check(path_in, &r);
			res_free(&r);
		} else {
			snprintf(path, sizeof path, "%s", rt->pattern);
		}
		for (size_t k = 0; k < (at_once ? 1 : NPARAMS); k++) {
			char *f = at_once ? NULL : form(param_names[k], input, NULL);
			struct res r = do_req("GET", path, at_once ? all : f, cookie, NULL);
			free(f);
			check(path, &r);
			res_free(&r);
		}
	}
	free(all);
}

void every_get_route(const char *input, const char *cookie,
		     void (*check)(const char *path, const struct res *r))
{
	sweep_get_routes(input, cookie, 0, check);
}

void every_get_route_at_once(const char *input, const char *cookie,
			     void (*check)(const char *path, const struct res *r))
{
	sweep_get_routes(input, cookie, 1, check);
}

void no_server_error(const char *path, const struct res *r)
{
	/* check_common() already refused a 500 and unescaped input. */
	if (!(r->status == 200 || r->status == 303 || r->status == 400 || r->status == 401 ||
	      r->status == 403 || r->status == 404))
		fail_msg("GET %s: unexpected status %d", path, r->status);
}

/* Forgets every sign-in count and lock-out (they live in the database). */
void signin_forget(void)
{
	struct kj_err err;
	if (kj_signin_forget_all(store(), &err) < 0)
		fail_msg("forgetting the sign-in limits: %s", err.msg);
}
