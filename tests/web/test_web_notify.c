/*
 * A survey's notifications page: the notices as the use cases queue them
 * (app/notify.h) listed with their kind and status, values escaped, the
 * filter by status, the CSV download with the body (audited), and bad
 * filters answered on the page (400) with no list.
 */
#include "web_helpers.h"
#include "model/notice.h"
#include "store/store_notify.h"

/* Queues the notice of a return to ORG of survey 1, as kj_notify_returned
 * writes it (app/notify.h is not included beside store_view.h here). */
static void queue_return(int64_t org, const char *message)
{
	struct kj_notice_facts f = {
		.kind = KJ_NOTICE_RETURNED, .survey_id = 1, .fy = 2026, .title_ja = "調査",
		.org_name = "事業者", .message = message,
	};
	struct kj_buf subject, body;
	kj_buf_init(&subject, 4096);
	kj_buf_init(&body, 65536);
	assert_int_equal(kj_notice_text(&f, &subject, &body), 0);
	struct kj_notify_new m = {
		.survey = 1, .org = org, .kind = "returned", .day = "2026-12-04", .recipients = "",
		.subject = kj_buf_str(&subject), .body = kj_buf_str(&body), .status = "listed",
		.error = "no e-mail address of a security contact", .now = "2026-12-04T00:00:00Z",
	};
	struct kj_err err = { "" };
	int added;
	struct kj_store *st = store();
	assert_int_equal(kj_store_begin(st, &err), 0);
	assert_int_equal(kj_store_notify_add(st, &m, &added, &err), 0);
	assert_int_equal(kj_store_commit(st, &err), 0);
	assert_int_equal(added, 1);
	kj_buf_free(&subject);
	kj_buf_free(&body);
}

void test_notifications_page(void **state)
{
	(void)state;
	queue_return(org_own, "根拠 <b>x</b> を追記してください");

	struct sess nco;
	sess_direct("demo-nco", &nco);
	struct res r = do_req("GET", "/surveys/1/notifications", NULL, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<h1>通知の一覧</h1>"));
	assert_non_null(strstr(r.body, "<td>差戻しの通知</td>"));
	assert_non_null(strstr(r.body, "【差戻し】"));
	assert_non_null(strstr(r.body, "no e-mail address of a security contact"));
	assert_non_null(strstr(r.body, "未送信（一覧で連絡）"));
	assert_non_null(strstr(r.body, "href=\"/surveys/1/notifications?format=csv\""));
	assert_null(strstr(r.body, "<b>x</b>"));
	res_free(&r);

	/* Filtered: a status with none lists none. */
	r = do_req("GET", "/surveys/1/notifications", "status=sent", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "該当する通知はありません。"));
	assert_null(strstr(r.body, "<td>差戻しの通知</td>"));
	res_free(&r);

	/* The CSV holds the body, the message's markup as text; audited. */
	int before = audit_count("export", "notifications-survey-1");
	r = do_req("GET", "/surveys/1/notifications", "format=csv", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_true(!strncmp(r.ctype, "text/csv", 8));
	assert_non_null(strstr(hdr(&r, "Content-Disposition"), "notifications-survey-1.csv"));
	assert_non_null(strstr(r.body, "\"returned\""));
	assert_non_null(strstr(r.body, "根拠 <b>x</b> を追記してください"));
	res_free(&r);
	assert_int_equal(audit_count("export", "notifications-survey-1"), before + 1);

	/* Bad filters: the page with the message, no list; a bad format. */
	static const char *const bad[] = { "status=lost", "page=0", "page=x", "status=%3Cb%3E" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = do_req("GET", "/surveys/1/notifications", bad[i], nco.cookie, NULL);
		if (r.status != 400)
			fail_msg("%s: %d, want 400", bad[i], r.status);
		assert_non_null(strstr(r.body, "class=\"error-summary\""));
		assert_null(strstr(r.body, "<td>差戻しの通知</td>"));
		assert_null(strstr(r.body, "<b>"));
		res_free(&r);
	}
	r = do_req("GET", "/surveys/1/notifications", "format=pdf", nco.cookie, NULL);
	assert_int_equal(r.status, 400);
	res_free(&r);
	r = do_req("GET", "/surveys/x/notifications", NULL, nco.cookie, NULL);
	assert_int_equal(r.status, 404);
	res_free(&r);
}
