/*
 * The whole request pipeline, kj_web_handle(), as the server adapter calls
 * it, on an app over a scratch demo database (12 operators). An input is
 * text lines:
 *
 *   METHOD [ROLE] [csrf] [token] [en] [tls] [xlsx]
 *   /path
 *   query=string
 *   extra=cookies; in=the header
 *   form=body&urlencoded=1
 *   everything after the fifth line: an uploaded file (field "file")
 *
 * ROLE (nco, ministry, operator, hq, surveyor, ceptoar, auditor) signs the
 * request in with that demo user's session cookie, or with an API token
 * for "token"; "csrf" adds the right CSRF field (for no role, with the
 * pre-session cookie); "en" asks for English; "xlsx" names the upload
 * .xlsx. What the adapter refuses before kj_web_handle (a path that is not
 * UTF-8 text, a query or form that does not parse) is skipped.
 *
 * Each response is checked as tests/web/test_web.c checks every response
 * (no 500, security headers, local redirects, strict cookies, UTF-8 HTML,
 * nothing injected, JSON from the API). The database is put back as it
 * was whenever a request wrote to it, and the sign-in rate limit is set so
 * that POST /signin is refused before the (slow) password hash: every
 * input starts from the same state. KJ_FUZZ_VERBOSE=1 in the environment
 * prints each request's status.
 */
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "app/demo.h"
#include "app/signin_limit.h"
#include "model/reference.h"
#include "store/store.h"
#include "store/store_session.h"
#include "web/app.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"
#include "store/store_users.h"

#define T0 ((time_t)1790000000)		/* the app's clock, frozen */
#define REMOTE "192.0.2.1"
#define CSRF "fuzzcsrf0fuzzcsrf1fuzzcsrf2fuzzcsrf3"	/* every session's; 36 bytes */
#define PRE "fuzzpre0fuzzpre1fuzzpre2fuzzpre3"	/* the pre-session token */
#define MARK "<kjx"				/* what an injected tag starts with */

static struct kj_app app;
static char db_path[600], wal_path[620], shm_path[620];
static char *snapshot;
static size_t snapshot_len;

static time_t frozen_clock(void)
{
	return T0;
}

static void session_token(int role, char out[64])
{
	snprintf(out, 64, "fuzz-session-%d-0123456789abcdefghijklmnopqrstuv", role);
}

static void api_token(int role, char out[64])
{
	snprintf(out, 64, "fuzz-api-%d-0123456789abcdefghijklmnopqrstuvwxyz", role);
}

__attribute__((noreturn))
static void die(const char *what, const struct kj_err *err)
{
	fprintf(stderr, "fuzz_web set-up: %s: %s\n", what, err ? err->msg : "");
	abort();
}

/* The demo database, a session and an API token per role, and the app on it. */
static void build_database(void)
{
	struct kj_err err;
	struct kj_store *st;
	struct kj_catalog cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	int created;
	if (kj_catalog_load_embedded(&cat, &err) < 0 || kj_reference_prefectures(prefs, &err) < 0 ||
	    kj_store_open(&st, db_path, KJ_STORE_CREATE, &err) < 0)
		die("open", &err);
	int rc = kj_store_catalog_put(st, &cat, &created, &err);
	kj_catalog_free(&cat);
	if (rc == 0)
		rc = kj_store_begin(st, &err);
	for (int i = 0; rc == 0 && i < KJ_PREFECTURES; i++)
		rc = kj_store_prefecture_put(st, prefs[i].code, prefs[i].name_ja, prefs[i].name_en,
					     &err);
	if (rc == 0)
		rc = kj_store_commit(st, &err);
	struct kj_demo_opts o = { .operators = 12, .seed = 20261001, .years = 1,
				  .last_year = 2026, .actor = "fuzz" };
	struct kj_demo_stats stats;
	if (rc == 0)
		rc = kj_demo_generate(st, &o, &stats, &err);
	if (rc < 0)
		die("demo data", &err);
	for (int role = 0; role < KJ_NROLES; role++) {
		char login[64], token[64], hash[65];
		struct kj_user u;
		int found = 0;
		int64_t id;
		snprintf(login, sizeof login, "demo-%s", kj_role_name((enum kj_role)role));
		if (kj_store_user_by_login(st, login, &u, &found, &err) < 0 || !found)
			die(login, &err);
		session_token(role, token);
		kj_web_hash_token(token, hash);
		if (kj_store_session_create(st, hash, u.id, CSRF, "ja", (int64_t)T0, REMOTE,
					    &err) < 0)
			die("session", &err);
		api_token(role, token);
		kj_web_hash_token(token, hash);
		if (kj_store_token_create(st, u.id, "fuzz", hash, (int64_t)T0,
					  KJ_TOKEN_DAYS_DEFAULT, &id, &err) < 0)
			die("token", &err);
	}
	kj_store_close(st);
}

/* The thread's connection closed: the WAL is folded into the file and removed. */
static void close_store(void)
{
	struct kj_store *st = pthread_getspecific(app.store_key);
	if (st) {
		kj_store_close(st);
		pthread_setspecific(app.store_key, NULL);
	}
}

static void restore_database(void)
{
	close_store();
	unlink(wal_path);
	unlink(shm_path);
	int fd = open(db_path, O_WRONLY | O_TRUNC);
	if (fd < 0 || write(fd, snapshot, snapshot_len) != (ssize_t)snapshot_len)
		die("restoring the database", NULL);
	close(fd);
}

static int database_written(void)
{
	struct stat sb;
	return stat(wal_path, &sb) == 0 && sb.st_size > 0;
}

static void cleanup(void)
{
	close_store();
	kj_app_free(&app);
	free(snapshot);
	unlink(db_path);
	unlink(wal_path);
	unlink(shm_path);
}

static void setup(void)
{
	struct kj_err err;
	snprintf(db_path, sizeof db_path, "%s/web-%d.db", kj_fuzz_tmpdir(), (int)getpid());
	snprintf(wal_path, sizeof wal_path, "%s-wal", db_path);
	snprintf(shm_path, sizeof shm_path, "%s-shm", db_path);
	build_database();
	if (kj_app_init(&app, db_path, &err) < 0)
		die("app", &err);
	app.now = frozen_clock;
	/* The sign-in failures of this address are used up on the frozen clock
	 * (in the database, so in the snapshot every run starts from): no
	 * sign-in of a fuzzed request reaches the password hash. */
	struct kj_store *st = kj_app_store(&app, &err);
	int go;
	if (!st)
		die("store", &err);
	for (int i = 0; i < KJ_SIGNIN_FAILS_MAX; i++)
		if (kj_signin_gate(st, app.now(), REMOTE, "fuzz-warm-up", &go, &err) < 0)
			die("sign-in gate", &err);
	close_store();
	if (access(wal_path, F_OK) == 0)
		die("the WAL outlived the last connection", NULL);
	if (kj_read_file(db_path, 256u << 20, &snapshot, &snapshot_len, &err) < 0)
		die("snapshot", &err);
	atexit(cleanup);
}

/* --- one request --------------------------------------------------------- */

struct input {
	const char *line[5];	/* NUL-terminated copies */
	size_t len[5];
	const char *upload;
	size_t upload_len;
};

/* Splits DATA into the five lines and the upload; the copies live in BUF. */
static void split(const uint8_t *data, size_t size, char *buf, struct input *in)
{
	size_t i = 0, o = 0;
	memset(in, 0, sizeof *in);
	for (int l = 0; l < 5; l++) {
		size_t j = i;
		while (j < size && data[j] != '\n')
			j++;
		memcpy(buf + o, data + i, j - i);
		in->line[l] = buf + o;
		in->len[l] = j - i;
		buf[o + (j - i)] = '\0';
		o += j - i + 1;
		i = j < size ? j + 1 : j;
	}
	in->upload = (const char *)data + i;
	in->upload_len = size - i;
}

static int has_byte(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || strchr(set, s[i]))
			return 1;
	return 0;
}

static const char *header(const struct kj_response *r, const char *name)
{
	for (int i = 0; i < r->nheaders; i++)
		if (!strcasecmp(r->headers[i][0], name))
			return r->headers[i][1];
	return NULL;
}

static int is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 ||
	       status == 308;
}

/* What must hold of every response (tests/web/test_web.c: check_common). */
static void check_response(const struct kj_request *req, const struct kj_response *r)
{
	const char *path = req->path, *ct = r->content_type ? r->content_type : "";
	const char *body = kj_buf_str(&r->body);
	FUZZ_CHECK(r->status >= 200 && r->status <= 599 && r->status != 500,
		   "%s %s: status %d", req->method, path, r->status);
	/* A failed body is answered with the error page, never sent (web/app.h). */
	FUZZ_CHECK(!kj_buf_failed(&r->body), "%s %s (%d): a failed body was sent",
		   req->method, path, r->status);
	const char *csp = header(r, "Content-Security-Policy");
	FUZZ_CHECK(csp && strstr(csp, "frame-ancestors 'none'") && strstr(csp, "default-src 'none'"),
		   "%s %s: no strict Content-Security-Policy", req->method, path);
	FUZZ_CHECK(header(r, "X-Content-Type-Options") && header(r, "Referrer-Policy"),
		   "%s %s: security headers missing", req->method, path);
	for (int i = 0; i < r->nheaders; i++)
		FUZZ_CHECK(!strpbrk(r->headers[i][0], "\r\n") && !strpbrk(r->headers[i][1], "\r\n"),
			   "%s %s: a line break in header %s", req->method, path, r->headers[i][0]);
	if (!strncmp(ct, "text/html", 9)) {
		FUZZ_CHECK(strstr(ct, "charset=utf-8"), "%s %s: HTML without charset", req->method,
			   path);
		FUZZ_CHECK(kj_utf8_valid_text(body, r->body.len), "%s %s (%d): HTML body is not "
			   "UTF-8 text", req->method, path, r->status);
		FUZZ_CHECK(!r->body.len || !strncmp(body, "<!DOCTYPE html>", 15),
			   "%s %s: HTML body without <!DOCTYPE html>", req->method, path);
		const char *mark = strstr(body, MARK);
		FUZZ_CHECK(!mark, "%s %s (%d): unescaped input in the body: ...%.120s",
			   req->method, path, r->status,
			   mark - body > 60 ? mark - 60 : body);
		FUZZ_CHECK(!strstr(body, "<script"), "%s %s: <script in the body", req->method, path);
	}
	if (!strncmp(path, "/api/", 5)) {
		FUZZ_CHECK(!strncmp(ct, "application/json", 16), "%s %s (%d): API answer is %s",
			   req->method, path, r->status, ct);
		json_error_t je;
		json_t *j = json_loadb(body, r->body.len, 0, &je);
		FUZZ_CHECK(j || !strcmp(req->method, "HEAD"), "%s %s (%d): API answer is not "
			   "JSON: %s", req->method, path, r->status, je.text);
		json_decref(j);
		if (r->status == 401) {
			const char *wa = header(r, "WWW-Authenticate");
			FUZZ_CHECK(wa && !strncmp(wa, "Bearer", 6), "%s %s: 401 without "
				   "WWW-Authenticate: Bearer", req->method, path);
		}
	}
	if (r->status == 405)
		FUZZ_CHECK(header(r, "Allow"), "%s %s: 405 without Allow", req->method, path);
	if (is_redirect(r->status)) {
		const char *loc = header(r, "Location");
		FUZZ_CHECK(loc && loc[0] == '/' && loc[1] != '/' && loc[1] != '\\',
			   "%s %s: redirect to a non-local place: %s", req->method, path,
			   loc ? loc : "(no Location)");
	}
	for (int i = 0; i < r->nheaders; i++) {
		const char *v = r->headers[i][1];
		if (strcasecmp(r->headers[i][0], "Set-Cookie") ||
		    (strncmp(v, KJ_SESSION_COOKIE "=", 14) && strncmp(v, "kijun_pre=", 10)))
			continue;
		FUZZ_CHECK(strstr(v, "; HttpOnly") && strstr(v, "; SameSite=Strict") &&
			   strstr(v, "; Path=/") && (!req->tls || strstr(v, "; Secure")),
			   "%s %s: weak cookie: %s", req->method, path, v);
	}
}

static int word_in(const char *line, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = line; (p = strstr(p, word)); p++)
		if ((p == line || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready, verbose;
	if (!ready) {
		setup();
		verbose = getenv("KJ_FUZZ_VERBOSE") != NULL;
		ready = 1;
	}
	if (size > KJ_HTTP_UPLOAD_MAX)
		return 0;
	char *buf = malloc(size + 6);
	if (!buf)
		return 0;
	struct input in;
	split(data, size, buf, &in);

	/* The first line: the method, then the words that say who asks and how. */
	char method[16];
	size_t ml = strcspn(in.line[0], " ");
	int role = -1;
	if (ml == 0 || ml >= sizeof method) {
		snprintf(method, sizeof method, "GET");
	} else {
		memcpy(method, in.line[0], ml);
		method[ml] = '\0';
	}
	for (int r = 0; r < KJ_NROLES; r++)
		if (word_in(in.line[0] + ml, kj_role_name((enum kj_role)r)))
			role = r;
	int csrf = word_in(in.line[0], "csrf"), bearer = word_in(in.line[0], "token");
	int en = word_in(in.line[0], "en"), tls = word_in(in.line[0], "tls");
	int xlsx = word_in(in.line[0], "xlsx");

	/* What the adapter answers itself: a bad path, header or parameter. */
	const char *path = in.line[1];
	if (in.len[1] == 0 || in.len[1] > KJ_HTTP_URI_MAX || has_byte(path, in.len[1], "\r") ||
	    !kj_utf8_valid_text(path, in.len[1]) || has_byte(in.line[3], in.len[3], "\r") ||
	    has_byte(method, strlen(method), " \t\r")) {
		free(buf);
		return 0;
	}

	struct kj_request req;
	struct kj_response resp;
	char cookie[KJ_HTTP_HEADER_MAX], auth[128], token[64];
	kj_request_init(&req);
	kj_response_init(&resp);
	req.method = method;
	req.path = path;
	req.tls = tls;
	snprintf(req.remote, sizeof req.remote, "%s", REMOTE);
	size_t cl = 0;
	cookie[0] = '\0';
	if (role >= 0 && bearer) {
		api_token(role, token);
		snprintf(auth, sizeof auth, "Bearer %s", token);
		req.authorization = auth;
	} else if (role >= 0) {
		session_token(role, token);
		cl += (size_t)snprintf(cookie + cl, sizeof cookie - cl, "%s=%s; ", KJ_SESSION_COOKIE,
				       token);
	}
	if (en)
		cl += (size_t)snprintf(cookie + cl, sizeof cookie - cl, "%s=en; ", KJ_LANG_COOKIE);
	if (role < 0 && csrf)
		cl += (size_t)snprintf(cookie + cl, sizeof cookie - cl, "kijun_pre=%s; ", PRE);
	if (in.len[3] + 1 > sizeof cookie - cl)
		goto done;
	memcpy(cookie + cl, in.line[3], in.len[3] + 1);
	cl += in.len[3];
	while (cl >= 2 && !strcmp(cookie + cl - 2, "; "))
		cookie[cl -= 2] = '\0';
	req.cookie = cl ? cookie : NULL;

	if (kj_request_parse_form(&req, in.line[2], in.len[2]) < 0 ||
	    kj_request_parse_form(&req, in.line[4], in.len[4]) < 0)
		goto done;
	if (csrf && kj_request_add_param(&req, "csrf", role < 0 ? PRE : CSRF,
					 strlen(role < 0 ? PRE : CSRF)) < 0)
		goto done;
	if (in.len[4])
		req.content_type = "application/x-www-form-urlencoded";
	if (in.upload_len) {
		struct kj_upload *u = &req.uploads[req.nuploads++];
		snprintf(u->field, sizeof u->field, "file");
		snprintf(u->filename, sizeof u->filename, xlsx ? "fuzz.xlsx" : "fuzz.csv");
		u->data = malloc(in.upload_len + 1);
		if (!u->data)
			goto done;
		memcpy(u->data, in.upload, in.upload_len);
		u->data[in.upload_len] = '\0';
		u->len = in.upload_len;
		req.content_type = "multipart/form-data; boundary=fuzz";
	}
	kj_web_handle(&app, &req, &resp);
	if (verbose)
		fprintf(stderr, "%s %s (%s%s) -> %d, %zu bytes\n", method, path,
			role >= 0 ? kj_role_name((enum kj_role)role) : "anonymous",
			bearer ? ", token" : "", resp.status, resp.body.len);
	check_response(&req, &resp);
done:
	kj_request_free(&req);
	kj_response_free(&resp);
	free(buf);
	if (database_written())
		restore_database();
	return 0;
}
