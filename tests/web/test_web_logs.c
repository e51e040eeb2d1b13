/*
 * The access log and the audit of refusals (web_logs, issue 16): every
 * answer carries an X-Request-Id, new and random unless the request came
 * with a well-formed one (a trusted proxy's, put there by the server);
 * the access-log line names the user and the request id, never a session
 * cookie, CSRF token, API token or password; a signed-in user refused
 * (403, by the route's permission or by a handler's scope check) leaves
 * one authz.refused entry per user and route a minute, the rest counted
 * in the next; a signed-out request leaves none; a 500's error-log line
 * ends with the request id.
 *
 * On the scratch demo database of web_helpers.c (its own), both engines.
 */
#include "app/authz_audit.h"
#include "base/log.h"
#include "web/access_log.h"
#include "web_helpers.h"

static int is_new_id(const char *id)
{
	if (!id || strlen(id) != KJ_REQUEST_ID_NEW)
		return 0;
	for (const char *p = id; *p; p++)
		if (!strchr("0123456789abcdef", *p))
			return 0;
	return 1;
}

static void test_request_id_header(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct(demo_login(KJ_ROLE_NCO), &nco);
	struct res a = do_req("GET", "/signin", NULL, NULL, NULL);
	struct res b = do_req("GET", "/", NULL, nco.cookie, NULL);
	struct res c = do_req("GET", "/no-such-page", NULL, NULL, NULL);
	assert_true(is_new_id(hdr(&a, "X-Request-Id")));
	assert_true(is_new_id(hdr(&b, "X-Request-Id")));
	assert_true(is_new_id(hdr(&c, "X-Request-Id")));
	assert_int_equal(c.status, 404);
	assert_string_not_equal(hdr(&a, "X-Request-Id"), hdr(&b, "X-Request-Id"));
	res_free(&a);
	res_free(&b);
	res_free(&c);
}

/* One request with REQUEST_ID set as the server sets a proxy's; the id sent back. */
static void id_through(const char *given, char *out, size_t n)
{
	struct kj_request rq;
	struct kj_response rs;
	kj_request_init(&rq);
	kj_response_init(&rs);
	rq.path = "/signin";
	snprintf(rq.remote, sizeof rq.remote, "127.0.0.1");
	snprintf(rq.request_id, sizeof rq.request_id, "%s", given);
	kj_web_handle(&app, &rq, &rs);
	assert_int_equal(rs.status, 200);
	out[0] = '\0';
	for (int i = 0; i < rs.nheaders; i++)
		if (!strcmp(rs.headers[i][0], "X-Request-Id"))
			snprintf(out, n, "%s", rs.headers[i][1]);
	assert_string_equal(kj_log_request(), out);	/* the error log's too */
	kj_response_free(&rs);
	kj_request_free(&rq);
}

static void test_request_id_from_proxy(void **state)
{
	(void)state;
	char got[KJ_REQUEST_ID_MAX + 1];
	id_through("lb-7f3a.2026_12", got, sizeof got);
	assert_string_equal(got, "lb-7f3a.2026_12");
	/* Malformed ones are replaced: spaces, quotes, a newline, too long. */
	static const char *const bad[] = { "a b", "x\"y", "id\nX-Evil: 1", "<kjx>", "" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		id_through(bad[i], got, sizeof got);
		assert_true(is_new_id(got));
	}
	char lng[KJ_REQUEST_ID_MAX + 2];
	memset(lng, 'a', sizeof lng - 1);
	lng[sizeof lng - 1] = '\0';
	assert_false(kj_request_id_ok(lng));
	lng[KJ_REQUEST_ID_MAX] = '\0';
	assert_true(kj_request_id_ok(lng));
}

static void test_access_line_without_secrets(void **state)
{
	(void)state;
	struct kj_request rq;
	struct kj_response rs;
	struct kj_buf line;
	kj_request_init(&rq);
	kj_response_init(&rs);
	kj_buf_init(&line, 4096);
	rq.method = "POST";
	rq.path = "/account/password";
	rq.cookie = "kijun_session=SECRETSESSIONTOKEN; kijun_lang=en";
	rq.authorization = "Bearer SECRETAPITOKEN";
	rq.csrf_header = "SECRETCSRFHEADER";
	assert_int_equal(kj_request_parse_form(&rq, "password=SECRETPASSWORD&csrf=SECRETCSRF",
					       39), 0);
	snprintf(rq.csrf, sizeof rq.csrf, "SECRETCSRF");
	snprintf(rq.session_hash, sizeof rq.session_hash, "SECRETHASH");
	snprintf(rq.remote, sizeof rq.remote, "192.0.2.7");
	snprintf(rq.request_id, sizeof rq.request_id, "0123456789abcdef");
	rq.signed_in = 1;
	snprintf(rq.user.login, sizeof rq.user.login, "demo-nco");
	rs.status = 303;
	struct kj_access a = { "2026-12-05T07:03:29.123Z", 12345, "127.0.0.2" };
	assert_int_equal(kj_access_line(&rq, &rs, &a, &line), 0);
	const char *s = kj_buf_str(&line);
	assert_non_null(strstr(s, "SECRET") ? NULL : s);
	assert_int_equal(s[line.len - 1], '\n');
	assert_null(memchr(s, '\n', line.len - 1));
	json_error_t je;
	json_t *j = json_loads(s, 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "at")), a.at);
	assert_string_equal(json_string_value(json_object_get(j, "id")), "0123456789abcdef");
	assert_string_equal(json_string_value(json_object_get(j, "remote")), "192.0.2.7");
	assert_string_equal(json_string_value(json_object_get(j, "user")), "demo-nco");
	assert_string_equal(json_string_value(json_object_get(j, "method")), "POST");
	assert_string_equal(json_string_value(json_object_get(j, "path")), "/account/password");
	assert_string_equal(json_string_value(json_object_get(j, "proxy")), "127.0.0.2");
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 303);
	assert_int_equal(json_integer_value(json_object_get(j, "ms")), 12);
	assert_int_equal(json_integer_value(json_object_get(j, "us")), 12345);
	json_decref(j);
	/* Signed out: user null. */
	rq.signed_in = 0;
	kj_buf_reset(&line);
	assert_int_equal(kj_access_line(&rq, &rs, &a, &line), 0);
	assert_non_null(strstr(kj_buf_str(&line), "\"user\":null"));
	char at[32];
	kj_access_now(at);
	assert_int_equal(strlen(at), 24);
	assert_int_equal(at[19], '.');
	assert_int_equal(at[23], 'Z');
	kj_buf_free(&line);
	kj_response_free(&rs);
	kj_request_free(&rq);
}

/* The newest authz.refused entry's detail and actor. */
static void newest_refusal(struct kj_audit_entry *e)
{
	struct kj_audit_filter f = { 0 };
	struct kj_err err;
	int n = 0;
	f.action = "authz.refused";
	f.limit = 1;
	assert_int_equal(kj_audit_list(store(), &f, e, 1, &n, &err), 0);
	assert_int_equal(n, 1);
}

static long held_back(const struct kj_audit_entry *e)
{
	json_error_t je;
	json_t *j = json_loads(e->detail, 0, &je);
	assert_non_null(j);
	long v = (long)json_integer_value(json_object_get(j, "held_back"));
	json_decref(j);
	return v;
}

static void test_refusal_audited_once_a_minute(void **state)
{
	(void)state;
	struct sess op;
	struct kj_audit_entry e;
	kj_authz_refused_reset();
	sess_direct(demo_login(KJ_ROLE_OPERATOR), &op);
	int before = audit_count("authz.refused", NULL);
	struct res r = do_req("GET", "/audit", NULL, op.cookie, NULL);
	assert_int_equal(r.status, 403);
	assert_int_equal(audit_count("authz.refused", NULL), before + 1);
	newest_refusal(&e);
	char actor[160];
	snprintf(actor, sizeof actor, "user:%s", demo_login(KJ_ROLE_OPERATOR));
	assert_string_equal(e.actor, actor);
	assert_int_equal(e.actor_user_id, op.uid);
	assert_string_equal(e.object_type, "route");
	assert_string_equal(e.object_id, "GET /audit");
	assert_non_null(strstr(e.detail, "\"route\":\"/audit\""));
	assert_non_null(strstr(e.detail, "\"method\":\"GET\""));
	char rid[80];
	snprintf(rid, sizeof rid, "\"request\":\"%s\"", hdr(&r, "X-Request-Id"));
	assert_non_null(strstr(e.detail, rid));
	assert_int_equal(held_back(&e), 0);
	res_free(&r);
	/* A flood: three more within the minute write nothing ... */
	for (int i = 0; i < 3; i++) {
		fake_now += 10;
		assert_int_equal(status_of("GET", "/audit", NULL, op.cookie, NULL), 403);
	}
	assert_int_equal(audit_count("authz.refused", NULL), before + 1);
	/* ... another route is another entry ... */
	assert_int_equal(status_of("GET", "/admin/users", NULL, op.cookie, NULL), 403);
	assert_int_equal(audit_count("authz.refused", NULL), before + 2);
	/* ... and past the window the next one counts those held back. */
	fake_now += KJ_AUTHZ_AUDIT_WINDOW_S;
	assert_int_equal(status_of("GET", "/audit", NULL, op.cookie, NULL), 403);
	assert_int_equal(audit_count("authz.refused", NULL), before + 3);
	newest_refusal(&e);
	assert_string_equal(e.object_id, "GET /audit");
	assert_int_equal(held_back(&e), 3);
	assert_audit_ok();
}

static void test_handler_refusal_audited(void **state)
{
	(void)state;
	struct sess min;
	struct kj_audit_entry e;
	kj_authz_refused_reset();
	sess_direct(demo_login(KJ_ROLE_MINISTRY), &min);
	int before = audit_count("authz.refused", NULL);
	/* The route is the ministry's; the sector is not (the handler's check). */
	int st = status_of("GET", "/targets", "sector=water", min.cookie, NULL);
	assert_int_equal(st, 403);
	assert_int_equal(audit_count("authz.refused", NULL), before + 1);
	newest_refusal(&e);
	assert_string_equal(e.object_id, "GET /targets");
	/* A 404 is no refusal. */
	assert_int_equal(status_of("GET", "/safety/nope", NULL, min.cookie, NULL), 404);
	assert_int_equal(audit_count("authz.refused", NULL), before + 1);
}

static void test_signed_out_not_audited(void **state)
{
	(void)state;
	kj_authz_refused_reset();
	int before = audit_count("authz.refused", NULL);
	struct res r = do_req("GET", "/audit", NULL, NULL, NULL);
	assert_true(is_redirect(r.status));
	res_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/organisations", NULL, NULL, NULL), 401);
	assert_int_equal(audit_count("authz.refused", NULL), before);
}

static void test_refusal_object_and_slots(void **state)
{
	(void)state;
	struct kj_err err;
	struct kj_audit_entry e;
	kj_authz_refused_reset();
	struct kj_actor a = { NULL, user_id(demo_login(KJ_ROLE_AUDITOR)), "user:x" };
	struct kj_refusal r = { "POST", "/registry/{id}/edit", "42", "abc" };
	assert_int_equal(kj_authz_refused(store(), &a, (int64_t)fake_now, &r, &err), 1);
	newest_refusal(&e);
	assert_non_null(strstr(e.detail, "\"object\":\"42\""));
	assert_int_equal(kj_authz_refused(store(), &a, (int64_t)fake_now + 1, &r, &err), 0);
	/* Every place taken within its window: a new pair is not written. */
	char route[64];
	int written = 0;
	for (int i = 0; i < KJ_AUTHZ_AUDIT_SLOTS; i++) {
		snprintf(route, sizeof route, "/x/%d", i);
		struct kj_refusal x = { "GET", route, NULL, NULL };
		int rc = kj_authz_refused(store(), &a, (int64_t)fake_now, &x, &err);
		assert_true(rc >= 0);
		written += rc;
		if (i >= KJ_AUTHZ_AUDIT_SLOTS - 2)
			break;
	}
	assert_int_equal(written, KJ_AUTHZ_AUDIT_SLOTS - 1);
	struct kj_refusal x = { "GET", "/one-too-many", NULL, NULL };
	assert_int_equal(kj_authz_refused(store(), &a, (int64_t)fake_now, &x, &err), 0);
	/* Past the window they are free again. */
	assert_int_equal(kj_authz_refused(store(), &a, (int64_t)fake_now +
					  KJ_AUTHZ_AUDIT_WINDOW_S, &x, &err), 1);
	kj_authz_refused_reset();
	assert_audit_ok();
}

/* A 500's error-log line carries the request id the client got. */
static void test_error_line_has_request_id(void **state)
{
	(void)state;
	struct sess nco;
	char path[] = "/tmp/kijun-web-logs-XXXXXX";
	sess_direct(demo_login(KJ_ROLE_NCO), &nco);
	int fd = mkstemp(path), saved = dup(STDERR_FILENO);
	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	app.response_max = 16;	/* the catalog page passes it: 500 */
	g_allow_500 = 1;
	struct res r = do_req("GET", "/catalog", NULL, nco.cookie, NULL);
	g_allow_500 = 0;
	app.response_max = 0;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	char log[4096] = "";
	ssize_t n = pread(fd, log, sizeof log - 1, 0);
	close(fd);
	unlink(path);
	assert_true(n > 0);
	log[n] = '\0';
	assert_int_equal(r.status, 500);
	char want[128];
	snprintf(want, sizeof want, " request=%s\n", hdr(&r, "X-Request-Id"));
	const char *line = strstr(log, "kijun: 500 for GET /catalog: ");
	assert_non_null(line);
	assert_non_null(strstr(line, want));
	assert_ptr_equal(strchr(line, '\n'), strstr(line, want) + strlen(want) - 1);
	res_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_request_id_header, setup),
		cmocka_unit_test_setup(test_request_id_from_proxy, setup),
		cmocka_unit_test_setup(test_access_line_without_secrets, setup),
		cmocka_unit_test_setup(test_refusal_audited_once_a_minute, setup),
		cmocka_unit_test_setup(test_handler_refusal_audited, setup),
		cmocka_unit_test_setup(test_signed_out_not_audited, setup),
		cmocka_unit_test_setup(test_refusal_object_and_slots, setup),
		cmocka_unit_test_setup(test_error_line_has_request_id, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
