/*
 * Unit tests of src/app/notify.c and src/store/store_notify.c on a small
 * demo database (SQLite, and PostgreSQL in the _pg twin): the receipt and
 * the return queued inside the caller's transaction (and gone with its
 * rollback), an operator without an address kept listed, reminders twice
 * the same day (the second counted as already notified, not an error),
 * refusals of the remind use case, delivery to a relay that is down
 * (failed with the reason, the run stopped, tried again later), listing without a relay,
 * and the checks of --base-url and --days.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo.h"
#include "app/notify.h"
#include "helpers.h"

static const char *db;
static long survey, org_mail, org_none;

static int setup(void **state)
{
	(void)state;
	db = kj_test_db("notify.db");
	struct kj_store *st = th_init_db(db);
	struct kj_demo_opts o = {
		.operators = 30, .seed = 7, .years = 2, .today = "2026-12-04",
	};
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	kj_store_close(st);
	survey = th_sql_long(db, "SELECT min(id) FROM survey WHERE status = 'open'");
	assert_true(survey > 0);
	char sql[512];
	snprintf(sql, sizeof sql, "UPDATE survey SET closes_on = '2027-01-31' WHERE id = %ld",
		 survey);
	assert_int_equal(kj_test_sql(db, sql), 0);
	snprintf(sql, sizeof sql, "SELECT min(organisation_id) FROM survey_respondent"
		 " WHERE survey_id = %ld", survey);
	org_none = th_sql_long(db, sql);
	snprintf(sql, sizeof sql, "SELECT max(organisation_id) FROM survey_respondent"
		 " WHERE survey_id = %ld", survey);
	org_mail = th_sql_long(db, sql);
	assert_true(org_none > 0 && org_mail > org_none);
	/* Every respondent but ORG_NONE has two addresses (one of them bad). */
	snprintf(sql, sizeof sql, "INSERT INTO organisation_contact (organisation_id, name, email)"
		 " SELECT DISTINCT organisation_id, 'x', 'sec' || organisation_id || '@example.jp'"
		 " FROM survey_respondent WHERE survey_id = %ld AND organisation_id <> %ld;"
		 "INSERT INTO organisation_contact (organisation_id, name, email)"
		 " VALUES (%ld, 'y', 'not an address'), (%ld, 'z', 'cio@example.jp')",
		 survey, org_none, org_mail, org_mail);
	assert_int_equal(kj_test_sql(db, sql), 0);
	return 0;
}

static struct kj_store *open_db(void)
{
	struct kj_store *st;
	struct kj_err err = { "" };
	if (kj_store_open(&st, db, 0, &err) < 0)
		fail_msg("%s", err.msg);
	return st;
}

static long count(const char *where)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM notification WHERE %s", where);
	return th_sql_long(db, sql);
}

static void test_receipt_and_return(void **state)
{
	(void)state;
	struct kj_store *st = open_db();
	struct kj_err err = { "" };
	struct kj_notify_receipt r = { "R-2026-000001", "2026-12-04T01:02:03Z", "abcdef", 1 };
	assert_int_equal(kj_notify_base_url_set("https://kijun.example.go.jp/", &err), 0);

	/* Rolled back with the caller's transaction: nothing stays. */
	assert_int_equal(kj_store_begin(st, &err), 0);
	assert_int_equal(kj_notify_receipt(st, survey, org_mail, &r, &err), 0);
	kj_store_rollback(st);
	assert_int_equal(count("kind = 'receipt'"), 0);

	assert_int_equal(kj_store_begin(st, &err), 0);
	assert_int_equal(kj_notify_receipt(st, survey, org_mail, &r, &err), 0);
	assert_int_equal(kj_notify_returned(st, survey, org_mail, "根拠を追記してください。\r\n"
					    "Bcc: evil@example.com", &err), 0);
	assert_int_equal(kj_notify_returned(st, survey, org_none, "再提出してください", &err), 0);
	assert_int_equal(kj_store_commit(st, &err), 0);
	kj_store_close(st);

	char sql[256], out[1024];
	snprintf(sql, sizeof sql, "SELECT recipients || '|' || status FROM notification"
		 " WHERE kind = 'receipt' AND organisation_id = %ld", org_mail);
	assert_int_equal(kj_test_sql_text(db, sql, out, sizeof out), 0);
	snprintf(sql, sizeof sql, "sec%ld@example.jp, cio@example.jp|queued", org_mail);
	assert_string_equal(out, sql);
	snprintf(sql, sizeof sql, "SELECT subject FROM notification WHERE kind = 'receipt'");
	assert_int_equal(kj_test_sql_text(db, sql, out, sizeof out), 0);
	assert_non_null(strstr(out, "【受付完了】"));
	assert_non_null(strstr(out, "受付番号 R-2026-000001"));
	char *body = kj_test_sql_rows(db, "SELECT body FROM notification WHERE kind = 'returned'"
				      " AND status = 'queued'");
	assert_non_null(strstr(body, "差戻しの理由:\n  根拠を追記してください。\n  Bcc: evil@"));
	assert_non_null(strstr(body, "/answer"));
	free(body);
	snprintf(sql, sizeof sql, "SELECT status || '|' || error FROM notification"
		 " WHERE kind = 'returned' AND organisation_id = %ld", org_none);
	assert_int_equal(kj_test_sql_text(db, sql, out, sizeof out), 0);
	assert_string_equal(out, "listed|no e-mail address of a security contact");

	/* An organisation that does not exist is an error, not a silent loss. */
	st = open_db();
	assert_int_equal(kj_store_begin(st, &err), 0);
	assert_int_equal(kj_notify_returned(st, survey, 999999, "x", &err), -1);
	kj_store_rollback(st);
	kj_store_close(st);
	kj_notify_base_url_set(NULL, &err);
}

static void test_reminders(void **state)
{
	(void)state;
	struct kj_store *st = open_db();
	struct kj_err err = { "" };
	struct kj_actor cli = { NULL, 0, "cli:test" };
	struct kj_survey_refusal why;
	struct kj_remind_counts c;
	int days[] = { 7, 1 };
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(DISTINCT organisation_id) FROM survey_respondent"
		 " WHERE survey_id = %ld AND organisation_id NOT IN (SELECT organisation_id"
		 " FROM response WHERE survey_id = %ld AND status = 'submitted')", survey, survey);
	long open = th_sql_long(db, sql);
	assert_true(open > 0);

	assert_int_equal(kj_app_survey_remind(st, &cli, survey, "2027-01-24", days, 2, &c, &why,
					      &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(c.reminders, open);
	assert_int_equal(c.already, 0);
	/* The same day again: already reminded, nothing new, no error. */
	assert_int_equal(kj_app_survey_remind(st, &cli, survey, "2027-01-24", days, 2, &c, &why,
					      &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(c.reminders, 0);
	assert_int_equal(c.already, open);
	assert_int_equal(count("kind = 'reminder'"), open);
	/* Not a reminding day; then overdue the day after the close date. */
	assert_int_equal(kj_app_survey_remind(st, &cli, survey, "2027-01-25", days, 2, &c, &why,
					      &err), 0);
	assert_int_equal(c.reminders + c.overdue + c.already, 0);
	assert_int_equal(kj_app_survey_remind(st, &cli, survey, "2027-02-01", days, 2, &c, &why,
					      &err), 0);
	assert_int_equal(c.overdue, open);

	/* Refusals change nothing. */
	long before = count("1 = 1");
	assert_int_equal(kj_app_survey_remind(st, &cli, 99999, NULL, days, 2, &c, &why, &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_NOT_FOUND);
	assert_int_equal(kj_app_survey_remind(st, &cli, survey, "2027-02-30", days, 2, &c, &why,
					      &err), 0);
	assert_int_equal(why.fault, KJ_SURVEY_BAD);
	long closed = th_sql_long(db, "SELECT coalesce(min(id), 0) FROM survey"
				  " WHERE status <> 'open'");
	if (closed > 0) {
		assert_int_equal(kj_app_survey_remind(st, &cli, closed, NULL, days, 2, &c, &why,
						      &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_REFUSED);
	}
	assert_int_equal(count("1 = 1"), before);
	kj_store_close(st);
}

static void log_count(void *ctx, const char *line)
{
	(void)line;
	(*(int *)ctx)++;
}

static void test_send_down_and_list(void **state)
{
	(void)state;
	struct kj_store *st = open_db();
	struct kj_err err = { "" };
	struct kj_actor cli = { NULL, 0, "cli:test" };
	struct kj_smtp smtp;
	struct kj_send_counts c;
	long queued = count("status = 'queued'");
	assert_true(queued > 0);
	assert_int_equal(kj_smtp_config(&smtp, "smtp://127.0.0.1:1", "kijun@example.go.jp",
					&err), 0);
	assert_int_equal(kj_smtp_global_init(), 0);
	int lines = 0;
	/* The relay is down: the first notice fails, the run stops there. */
	assert_int_equal(kj_notify_send(st, &cli, &smtp, log_count, &lines, &c, &err), 0);
	assert_int_equal(c.sent, 0);
	assert_int_equal(c.failed, 1);
	assert_int_equal(c.stopped, 1);
	assert_int_equal(lines, 1);
	assert_int_equal(count("status = 'failed' AND error IS NOT NULL AND sent_at IS NULL"), 1);
	assert_int_equal(count("status = 'queued'"), queued - 1);
	/* Tried again: still failed, still kept. */
	assert_int_equal(kj_notify_send(st, &cli, &smtp, NULL, NULL, &c, &err), 0);
	assert_int_equal(c.failed, 1);
	assert_int_equal(count("status = 'failed'"), 1);
	/* Without a relay the queued ones are listed (the failed one stays failed). */
	long n;
	assert_int_equal(kj_notify_list_unsent(st, &cli, &n, &err), 0);
	assert_int_equal(n, queued - 1);
	assert_int_equal(count("status = 'failed'"), 1);
	assert_int_equal(kj_test_sql(db, "UPDATE notification SET status = 'queued'"
				     " WHERE status = 'failed'"), 0);
	assert_int_equal(kj_notify_list_unsent(st, &cli, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(count("status = 'queued'"), 0);
	assert_int_equal(th_sql_long(db, "SELECT count(*) FROM audit_entry"
				     " WHERE action IN ('notify.send', 'notify.list')"), 4);
	kj_store_close(st);
}

static void test_checks(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	struct kj_smtp smtp;
	const char *bad_urls[] = { "ftp://x.jp", "https://x.jp/a b", "https://x.jp/\"><script>",
				   "https://x.jp/\r\nX: y", "kijun.example.go.jp" };
	for (size_t i = 0; i < sizeof bad_urls / sizeof *bad_urls; i++)
		assert_int_equal(kj_notify_base_url_set(bad_urls[i], &err), -1);
	assert_int_equal(kj_notify_base_url_set("https://k.example.jp/kijun//", &err), 0);
	assert_string_equal(kj_notify_base_url(), "https://k.example.jp/kijun");
	assert_int_equal(kj_notify_base_url_set("", &err), 0);
	assert_string_equal(kj_notify_base_url(), "");

	int days[KJ_NOTICE_DAYS_MAX], n;
	assert_null(kj_notify_days_parse("14,7,1,0", days, &n));
	assert_int_equal(n, 4);
	assert_int_equal(days[3], 0);
	const char *bad_days[] = { "", "7,7", "-1", "367", "7,,1", "a", "1,2,3,4,5,6,7,8,9,10,11" };
	for (size_t i = 0; i < sizeof bad_days / sizeof *bad_days; i++)
		assert_non_null(kj_notify_days_parse(bad_days[i], days, &n));

	const char *bad_smtp[] = { "http://x.jp", "smtp://", "smtp://u:p@x.jp", "smtp://x.jp/a",
				   "smtp://x .jp", "smtps://x.jp?x" };
	for (size_t i = 0; i < sizeof bad_smtp / sizeof *bad_smtp; i++)
		assert_int_equal(kj_smtp_config(&smtp, bad_smtp[i], "a@b.jp", &err), -1);
	assert_int_equal(kj_smtp_config(&smtp, "smtps://relay.example.go.jp:465", "a@b.jp", &err),
			 0);
	assert_int_equal(kj_smtp_config(&smtp, "smtp://[::1]:25/", "a@b.jp", &err), 0);
	assert_int_equal(kj_smtp_config(&smtp, "smtp://x.jp", "a@b.jp\r\nX", &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_receipt_and_return),
		cmocka_unit_test(test_reminders),
		cmocka_unit_test(test_send_down_and_list),
		cmocka_unit_test(test_checks),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
