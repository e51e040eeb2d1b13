/* Notifications of survey campaigns; see notify.h. */
#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/audit_log.h"
#include "app/authz.h"
#include "app/notify.h"
#include "base/buf.h"
#include "base/util.h"
#include "model/notice.h"
#include "store/store_notify.h"
#include "store/store_survey.h"

static char base_url[KJ_URL_MAX];

int kj_notify_base_url_set(const char *url, struct kj_err *err)
{
	if (!url || !*url) {
		base_url[0] = '\0';
		return 0;
	}
	size_t len = strlen(url);
	int ok = len < sizeof base_url &&
		(!strncmp(url, "http://", 7) || !strncmp(url, "https://", 8));
	for (size_t i = 0; ok && i < len; i++) {
		unsigned char c = (unsigned char)url[i];
		if (c <= 0x20 || c >= 0x7f || strchr("\"'<>\\`{}|^", c))
			ok = 0;
	}
	if (!ok) {
		kj_err_set(err, "--base-url: '%.80s' is not an http:// or https:// address "
			   "(printable ASCII, at most %d bytes)", url, KJ_URL_MAX - 1);
		return -1;
	}
	while (len > 8 && url[len - 1] == '/')
		len--;
	memcpy(base_url, url, len);
	base_url[len] = '\0';
	return 0;
}

const char *kj_notify_base_url(void)
{
	return base_url;
}

/* A day as a count of days (the proleptic Gregorian calendar); -1 if bad. */
static int day_number(const char *s, long *out)
{
	if (!s || !kj_date_valid(s))
		return -1;
	long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	long m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	/* Days from civil (H. Hinnant's algorithm). */
	y -= m <= 2;
	long era = y / 400, yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = era * 146097 + doe;
	return 0;
}

void kj_notify_today(char out[16])
{
	time_t t = time(NULL) + 9 * 3600;	/* Japan Standard Time has no summer time */
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof tm);
	snprintf(out, 16, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
		 tm.tm_mday % 100);
}

const char *kj_notify_days_parse(const char *s, int *days, int *n)
{
	*n = 0;
	if (!s || !*s)
		return "--days: give the days before the close date, such as 7,1";
	for (const char *p = s;;) {
		char one[8];
		size_t len = strcspn(p, ",");
		long v;
		if (!len || len >= sizeof one)
			return "--days: each day is a number of days before the close date, such as 7,1";
		memcpy(one, p, len);
		one[len] = '\0';
		if (kj_parse_long(one, 0, KJ_NOTICE_DAYS_AHEAD, &v) < 0)
			return "--days: each day is a number from 0 to 366";
		for (int i = 0; i < *n; i++)
			if (days[i] == v)
				return "--days: a day is given twice";
		if (*n >= KJ_NOTICE_DAYS_MAX)
			return "--days: at most 10 days";
		days[(*n)++] = (int)v;
		if (!p[len])
			break;
		p += len + 1;
	}
	return NULL;
}

/* The valid addresses of LIST, joined by ", ", into OUT (capped). */
static int recipients_of(const char *list, struct kj_buf *out)
{
	char *copy, *addrs[KJ_NOTICE_RCPT_MAX];
	int n;
	if (kj_notice_split(list, &copy, addrs, KJ_NOTICE_RCPT_MAX, &n) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		kj_buf_printf(out, "%s%s", i ? ", " : "", addrs[i]);
	free(copy);
	return kj_buf_failed(out) ? -1 : 0;
}

/* Builds and queues the notice F to target T of survey SV; *ADDED 0 when
 * the day's notice was already there, *LISTED 1 when kept listed. */
static int queue(struct kj_store *st, const struct kj_survey *sv,
		 const struct kj_notify_target *t, struct kj_notice_facts *f, const char *day,
		 int *added, int *listed, struct kj_err *err)
{
	struct kj_buf subject, body, rcpt;
	kj_buf_init(&subject, KJ_NOTICE_SUBJECT_MAX);
	kj_buf_init(&body, KJ_NOTICE_BODY_MAX);
	kj_buf_init(&rcpt, KJ_NOTICE_RCPT_BYTES);
	f->survey_id = sv->id;
	f->fy = sv->fy;
	f->title_ja = sv->title_ja;
	f->title_en = sv->title_en;
	f->org_name = t->name;
	f->closes_on = t->closes_on;
	f->base_url = base_url;
	int rc = -1;
	char now[32];
	kj_now_iso(now);
	if (kj_notice_text(f, &subject, &body) < 0 || recipients_of(t->emails, &rcpt) < 0) {
		kj_err_set(err, "cannot write the notification: out of memory or too long");
		goto done;
	}
	*listed = rcpt.len == 0;
	struct kj_notify_new m = {
		.survey = sv->id, .org = t->org, .kind = kj_notice_kind_name(f->kind), .day = day,
		.recipients = kj_buf_str(&rcpt), .subject = kj_buf_str(&subject),
		.body = kj_buf_str(&body), .status = *listed ? "listed" : "queued",
		.error = *listed ? "no e-mail address of a security contact" : NULL, .now = now,
	};
	rc = kj_store_notify_add(st, &m, added, err);
done:
	kj_buf_free(&subject);
	kj_buf_free(&body);
	kj_buf_free(&rcpt);
	return rc;
}

/* SURVEY into a new *SV, or -1 with ERR (a missing one is an error here:
 * the callers have just read or written it). */
static int survey_of(struct kj_store *st, int64_t survey, struct kj_survey **sv,
		     struct kj_err *err)
{
	int found;
	if (!(*sv = calloc(1, sizeof **sv))) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_questionnaire_get(st, survey, *sv, &found, err) < 0 ||
	    (!found && (kj_err_set(err, "no survey campaign %lld", (long long)survey), 1))) {
		free(*sv);
		*sv = NULL;
		return -1;
	}
	return 0;
}

int kj_notify_invitation(struct kj_store *st, int64_t survey, long *queued,
			 struct kj_err *err)
{
	if (queued)
		*queued = 0;
	struct kj_survey *sv;
	struct kj_notify_target *t = NULL;
	size_t n = 0;
	char day[16];
	int rc = -1, added, listed;
	kj_notify_today(day);
	if (survey_of(st, survey, &sv, err) < 0)
		return -1;
	if (kj_store_notify_targets(st, survey, 0, &t, &n, err) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		struct kj_notice_facts f = { .kind = KJ_NOTICE_INVITATION };
		if (queue(st, sv, &t[i], &f, day, &added, &listed, err) < 0)
			goto done;
		if (queued && added)
			(*queued)++;
	}
	rc = 0;
done:
	kj_store_notify_targets_free(t, n);
	free(sv);
	return rc;
}

/* Queues F to operator ORG of SURVEY. */
static int queue_one(struct kj_store *st, int64_t survey, int64_t org,
		     struct kj_notice_facts *f, struct kj_err *err)
{
	struct kj_survey *sv;
	struct kj_notify_target *t = NULL;
	size_t n = 0;
	char day[16];
	int rc = -1, added, listed;
	kj_notify_today(day);
	if (survey_of(st, survey, &sv, err) < 0)
		return -1;
	if (kj_store_notify_targets(st, survey, org, &t, &n, err) < 0)
		goto done;
	if (n != 1) {
		kj_err_set(err, "no organisation %lld to notify", (long long)org);
		goto done;
	}
	rc = queue(st, sv, &t[0], f, day, &added, &listed, err);
done:
	kj_store_notify_targets_free(t, n);
	free(sv);
	return rc;
}

int kj_notify_receipt(struct kj_store *st, int64_t survey, int64_t org,
		      const struct kj_notify_receipt *r, struct kj_err *err)
{
	struct kj_notice_facts f = {
		.kind = KJ_NOTICE_RECEIPT, .receipt = r->number, .receipt_at = r->at,
		.digest = r->digest, .version = r->version,
	};
	return queue_one(st, survey, org, &f, err);
}

int kj_notify_returned(struct kj_store *st, int64_t survey, int64_t org, const char *message,
		       struct kj_err *err)
{
	struct kj_notice_facts f = { .kind = KJ_NOTICE_RETURNED, .message = message };
	return queue_one(st, survey, org, &f, err);
}

/* Which notice TODAY brings to a respondent closing on CLOSES: -1 none. */
static int due(long today, const char *closes, const int *days, int ndays, int *left)
{
	long close;
	if (day_number(closes, &close) < 0)
		return -1;
	*left = (int)(close - today);
	if (*left < 0)
		return (-*left - 1) % 7 == 0 ? KJ_NOTICE_OVERDUE : -1;
	for (int i = 0; i < ndays; i++)
		if (days[i] == *left)
			return KJ_NOTICE_REMINDER;
	return -1;
}

int kj_notify_reminders(struct kj_store *st, int64_t survey, const char *today,
			const int *days, int ndays, struct kj_remind_counts *c,
			struct kj_err *err)
{
	memset(c, 0, sizeof *c);
	long now;
	if (day_number(today, &now) < 0) {
		kj_err_set(err, "'%.20s' is not a date (YYYY-MM-DD)", today ? today : "");
		return -1;
	}
	struct kj_survey *sv;
	struct kj_notify_target *t = NULL;
	size_t n = 0;
	int rc = -1, added, listed, left, kind;
	if (survey_of(st, survey, &sv, err) < 0)
		return -1;
	if (kj_store_notify_targets(st, survey, 0, &t, &n, err) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(t[i].status, "submitted") ||
		    (kind = due(now, t[i].closes_on, days, ndays, &left)) < 0)
			continue;
		struct kj_notice_facts f = { .kind = (enum kj_notice_kind)kind,
					     .days_left = left };
		if (queue(st, sv, &t[i], &f, today, &added, &listed, err) < 0)
			goto done;
		if (!added)
			c->already++;
		else if (kind == KJ_NOTICE_REMINDER)
			c->reminders++;
		else
			c->overdue++;
		if (added && listed)
			c->listed++;
	}
	rc = 0;
done:
	kj_store_notify_targets_free(t, n);
	free(sv);
	return rc;
}

static int audit(struct kj_store *st, const struct kj_actor *actor, const char *action,
		 const char *type, int64_t id, json_t *detail, struct kj_err *err)
{
	return kj_audit_log_actor(st, actor, action, type, id, detail, err);
}

static void refuse(struct kj_survey_refusal *why, enum kj_survey_fault fault,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void refuse(struct kj_survey_refusal *why, enum kj_survey_fault fault,
		   const char *fmt, ...)
{
	va_list ap;
	why->fault = fault;
	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof why->msg, fmt, ap);
	va_end(ap);
}

int kj_app_survey_remind(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			 const char *today, const int *days, int ndays,
			 struct kj_remind_counts *c, struct kj_survey_refusal *why,
			 struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	memset(c, 0, sizeof *c);
	char day[16];
	long num;
	if (today && day_number(today, &num) < 0) {
		refuse(why, KJ_SURVEY_BAD, "--today: '%.20s' is not a date (YYYY-MM-DD)", today);
		return 0;
	}
	if (!today)
		kj_notify_today(day);
	else
		kj_strlcpy(day, today, sizeof day);
	struct kj_survey *sv = calloc(1, sizeof *sv);
	if (!sv) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int found, rc = -1;
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (kj_store_questionnaire_get(st, id, sv, &found, err) < 0)
		goto rollback;
	const char *secs[KJ_SURVEY_SECTORS_MAX];
	for (int i = 0; i < sv->nsectors; i++)
		secs[i] = sv->sectors[i];
	if (!found)
		refuse(why, KJ_SURVEY_NOT_FOUND, "no survey campaign %lld", (long long)id);
	else if (!kj_authz_survey_admin(actor->user, sv->owner_kind, sv->owner_ministry, secs,
					sv->nsectors))
		refuse(why, KJ_SURVEY_FORBIDDEN, "this campaign is outside your reach");
	else if (strcmp(sv->status, "open"))
		refuse(why, KJ_SURVEY_REFUSED, "survey %lld is not open: nothing to remind of",
		       (long long)id);
	if (why->fault) {
		rc = 0;
		goto rollback;
	}
	if (kj_notify_reminders(st, id, day, days, ndays, c, err) < 0)
		goto rollback;
	json_t *d = json_pack("{s:s, s:I, s:I, s:I, s:I}", "today", day,
			      "reminders", (json_int_t)c->reminders, "overdue", (json_int_t)c->overdue,
			      "already", (json_int_t)c->already, "listed", (json_int_t)c->listed);
	if (audit(st, actor, "survey.remind", "survey", id, d, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	free(sv);
	return 0;
rollback:
	kj_store_rollback(st);
	if (rc < 0 || why->fault)
		memset(c, 0, sizeof *c);
out:
	free(sv);
	return rc;
}

/* A Message-ID: kijun.ID.RANDOM@the sender's domain. */
static void message_id(int64_t id, const char *from, char *out, size_t n)
{
	unsigned char r[8];
	char hex[17];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(hex, sizeof hex, r, sizeof r);
	const char *at = strchr(from, '@');
	snprintf(out, n, "kijun.%lld.%s@%s", (long long)id, hex, at ? at + 1 : "localhost");
}

/* Sends notice R; 0 sent, -1 with WHY (the row's error) not sent, -2 the
 * relay could not be reached. */
static int deliver(const struct kj_smtp *smtp, const struct kj_notify_row *r,
		   struct kj_err *why)
{
	char *copy, *to[KJ_NOTICE_RCPT_MAX], msgid[KJ_NOTICE_ADDR_MAX + 1];
	int n, rc = -1;
	if (kj_notice_split(r->recipients, &copy, to, KJ_NOTICE_RCPT_MAX, &n) < 0) {
		kj_err_set(why, "out of memory");
		return -1;
	}
	struct kj_buf msg;
	kj_buf_init(&msg, KJ_NOTICE_MAIL_MAX);
	message_id(r->id, smtp->from, msgid, sizeof msgid);
	if (n == 0)
		kj_err_set(why, "no valid recipient address");
	else if (kj_notice_message(&msg, smtp->from, to, n, r->subject, r->body, time(NULL),
				   msgid) < 0)
		kj_err_set(why, "cannot write the message: too long or a bad address");
	else
		rc = kj_smtp_send(smtp, to, n, msg.data, msg.len, why);
	kj_buf_free(&msg);
	free(copy);
	return rc;
}

/* Marks R in a transaction of its own. */
static int mark(struct kj_store *st, int64_t id, const char *error, struct kj_err *err)
{
	char now[32];
	kj_now_iso(now);
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_notify_mark(st, id, error, now, err) < 0 || kj_store_commit(st, err) < 0) {
		kj_store_rollback(st);
		return -1;
	}
	return 0;
}

int kj_notify_send(struct kj_store *st, const struct kj_actor *actor,
		   const struct kj_smtp *smtp, void (*log)(void *ctx, const char *line),
		   void *ctx, struct kj_send_counts *c, struct kj_err *err)
{
	memset(c, 0, sizeof *c);
	struct kj_notify_row *rows = calloc(KJ_NOTIFY_SEND_BATCH, sizeof *rows);
	if (!rows) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int64_t after = 0;
	int n, rc = 0;
	char line[KJ_ERR_MAX + 400];
	for (;;) {
		if (kj_store_begin_read(st, err) < 0) {
			rc = -1;
			break;
		}
		rc = kj_store_notify_pending(st, after, rows, KJ_NOTIFY_SEND_BATCH, &n, err);
		kj_store_rollback(st);
		if (rc < 0 || n == 0)
			break;
		for (int i = 0; i < n && rc == 0 && !c->stopped; i++) {
			struct kj_err why = { "" };
			int got = deliver(smtp, &rows[i], &why), sent = got == 0;
			c->stopped = got == -2;
			after = rows[i].id;
			rc = mark(st, rows[i].id, sent ? NULL : why.msg, err);
			if (sent)
				c->sent++;
			else
				c->failed++;
			snprintf(line, sizeof line, "notification %lld (%s, survey %lld) to %.200s: %s%s",
				 (long long)rows[i].id, rows[i].kind, (long long)rows[i].survey,
				 *rows[i].recipients ? rows[i].recipients : "-",
				 sent ? "sent" : "failed: ", sent ? "" : why.msg);
			if (log)
				log(ctx, line);
		}
		for (int i = 0; i < n; i++)
			kj_store_notify_row_free(&rows[i]);
		if (rc < 0 || c->stopped)
			break;
	}
	free(rows);
	if (rc < 0 || (!c->sent && !c->failed))
		return rc;
	if (kj_store_begin(st, err) < 0)
		return -1;
	json_t *d = json_pack("{s:I, s:I, s:s, s:b}", "sent", (json_int_t)c->sent, "failed",
			      (json_int_t)c->failed, "relay", smtp->url, "stopped", c->stopped);
	if (audit(st, actor, "notify.send", "notification", 0, d, err) < 0 ||
	    kj_store_commit(st, err) < 0) {
		kj_store_rollback(st);
		return -1;
	}
	return 0;
}

int kj_notify_list_unsent(struct kj_store *st, const struct kj_actor *actor, long *n,
			  struct kj_err *err)
{
	*n = 0;
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_notify_list_queued(st, "no SMTP relay given: listed for export", n,
					err) < 0)
		goto rollback;
	if (*n) {
		json_t *d = json_pack("{s:I}", "listed", (json_int_t)*n);
		if (audit(st, actor, "notify.list", "notification", 0, d, err) < 0)
			goto rollback;
	}
	if (kj_store_commit(st, err) < 0)
		goto rollback;
	return 0;
rollback:
	kj_store_rollback(st);
	*n = 0;
	return -1;
}
