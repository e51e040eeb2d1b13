/*
 * kijun survey remind, kijun notify send|list: the notifications of survey
 * campaigns (issue 12) from the command line, meant for cron. `survey
 * remind` queues the day's reminders and overdue notices (at most one per
 * operator and day, so a second run the same day queues nothing new);
 * `notify send` delivers the queue through the SMTP relay given (exit 1
 * when some failed; they stay failed and are tried again by the next run),
 * or without a relay marks the queue listed for the owner to export;
 * `notify list` prints the notices, as text or CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/notify.h"
#include "cmd/cmd.h"
#include "export/csv.h"
#include "model/audit.h"
#include "store/store_notify.h"

int kj_cmd_base_url(const char *opt)
{
	struct kj_err err;
	const char *url = opt;
	if (!url) {
		const char *env = getenv("KIJUN_BASE_URL");
		url = env && *env ? env : NULL;
	}
	if (kj_notify_base_url_set(url, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return -1;
	}
	return 0;
}

int kj_cmd_survey_remind(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "remind");
	const char *db = NULL, *today = NULL, *days_text = NULL, *base = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "today", 1, &today }, { "days", 1, &days_text },
		{ "base-url", 1, &base }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	int64_t id;
	if (npos != 1)
		return kj_cmd_usage(self, "give the survey's id");
	if (kj_app_id(pos[0], &id) < 0)
		return kj_cmd_usage(self, "'%s' is not a survey id (a positive number)", pos[0]);
	if (today && !kj_date_valid(today))
		return kj_cmd_usage(self, "--today: '%s' is not a date (YYYY-MM-DD)", today);
	int days[KJ_NOTICE_DAYS_MAX] = KJ_NOTICE_DAYS_DEFAULT, ndays = 2;
	const char *m;
	if (days_text && (m = kj_notify_days_parse(days_text, days, &ndays)))
		return kj_cmd_usage(self, "%s", m);
	if (kj_cmd_base_url(base) < 0)
		return KJ_EXIT_USAGE;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_remind_counts c;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = kj_app_survey_remind(st, &a.actor, id, today, days, ndays, &c, &why, &err);
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("%s; nothing was changed", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (why.fault != KJ_SURVEY_OK) {
		kj_cmd_error("%s; nothing was changed", why.msg);
		return KJ_EXIT_FAIL;
	}
	printf("survey %lld: %ld reminders and %ld overdue notices queued, %ld already "
	       "notified today, %ld without an address (listed)\n", (long long)id, c.reminders,
	       c.overdue, c.already, c.listed);
	return KJ_EXIT_OK;
}

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "kijun: %s\n", line);
}

int kj_cmd_notify_send(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("notify", "send");
	const char *db = NULL, *url = NULL, *from = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "smtp", 1, &url }, { "from", 1, &from }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	struct kj_smtp smtp;
	struct kj_err err;
	if (url && !from)
		return kj_cmd_usage(self, "--smtp needs --from ADDRESS, the sender");
	if (from && !url)
		return kj_cmd_usage(self, "--from goes with --smtp URL");
	if (url && kj_smtp_config(&smtp, url, from, &err) < 0)
		return kj_cmd_usage(self, "%s", err.msg);
	if (url && kj_smtp_global_init() < 0) {
		kj_cmd_error("cannot start libcurl");
		return KJ_EXIT_FAIL;
	}
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	kj_cmd_cli_actor(&a);
	if (!url) {
		long n;
		rc = kj_notify_list_unsent(st, &a.actor, &n, &err);
		kj_store_close(st);
		if (rc < 0) {
			kj_cmd_error("%s", err.msg);
			return KJ_EXIT_FAIL;
		}
		printf("no SMTP relay given: %ld notifications listed for export "
		       "(kijun notify list --format csv)\n", n);
		return KJ_EXIT_OK;
	}
	struct kj_send_counts c;
	rc = kj_notify_send(st, &a.actor, &smtp, log_line, NULL, &c, &err);
	kj_store_close(st);
	printf("%ld sent, %ld failed\n", c.sent, c.failed);
	if (c.stopped)
		kj_cmd_error("the relay could not be reached: the other notifications wait for "
			     "the next run");
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	return c.failed ? KJ_EXIT_FAIL : KJ_EXIT_OK;
}

/* One notice as a line of text or a CSV row. */
struct list_ctx {
	int csv;
	int failed;
};

static int print_row(void *ctx, const struct kj_notify_row *r)
{
	struct list_ctx *l = ctx;
	if (l->csv) {
		char id[24], survey[24];
		snprintf(id, sizeof id, "%lld", (long long)r->id);
		snprintf(survey, sizeof survey, "%lld", (long long)r->survey);
		const char *f[] = { id, survey, r->kind, r->day, r->status, r->corporate_number,
				    r->org_name, r->recipients, r->subject, r->created_at,
				    r->sent_at, r->error, r->body };
		for (size_t i = 0; i < sizeof f / sizeof *f; i++)
			if (kj_csv_field(stdout, f[i], i + 1 == sizeof f / sizeof *f) < 0)
				return l->failed = 1;
		return 0;
	}
	printf("%lld  %lld  %s  %s  %s  %s  %s  %s%s%s\n", (long long)r->id,
	       (long long)r->survey, r->kind, r->day, r->status,
	       *r->corporate_number ? r->corporate_number : "-",
	       *r->recipients ? r->recipients : "-", r->subject, *r->error ? "  error: " : "",
	       r->error);
	return 0;
}

int kj_cmd_notify_list(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("notify", "list");
	const char *db = NULL, *survey = NULL, *format = NULL, *status = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "survey", 1, &survey }, { "format", 1, &format },
		{ "status", 1, &status }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	int64_t id = 0;
	if (survey && kj_app_id(survey, &id) < 0)
		return kj_cmd_usage(self, "--survey: '%s' is not a survey id (a positive number)",
				    survey);
	if (format && strcmp(format, "csv") && strcmp(format, "text"))
		return kj_cmd_usage(self, "--format: text or csv");
	if (status && strcmp(status, "queued") && strcmp(status, "sent") &&
	    strcmp(status, "failed") && strcmp(status, "listed"))
		return kj_cmd_usage(self, "--status: queued, sent, failed or listed");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct list_ctx l = { format && !strcmp(format, "csv"), 0 };
	struct kj_err err;
	if (l.csv) {
		const char *head[] = { "id", "survey", "kind", "day", "status", "corporate_number",
				       "organisation", "recipients", "subject", "created_at",
				       "sent_at", "error", "body" };
		kj_csv_begin(stdout);
		for (size_t i = 0; i < sizeof head / sizeof *head; i++)
			kj_csv_field(stdout, head[i], i + 1 == sizeof head / sizeof *head);
	} else {
		printf("id  survey  kind  day  status  corporate_number  recipients  subject\n");
	}
	rc = kj_store_begin_read(st, &err);
	if (rc == 0)
		rc = kj_store_notify_each(st, id, status, 0, -1, NULL, print_row, &l, &err);
	kj_store_rollback(st);
	kj_store_close(st);
	if (rc < 0 || l.failed || fflush(stdout) != 0) {
		kj_cmd_error("%s", rc < 0 ? err.msg : "cannot write the list");
		return KJ_EXIT_FAIL;
	}
	return KJ_EXIT_OK;
}
