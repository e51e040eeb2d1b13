/* The store's notifications of survey campaigns; see store_notify.h. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/util.h"
#include "store/db.h"
#include "store/store_notify.h"

static char *dup_col(struct kj_stmt *s, int i)
{
	const char *v = kj_db_column_text(s, i);
	return strdup(v ? v : "");
}

void kj_store_notify_targets_free(struct kj_notify_target *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++) {
		free(t[i].name);
		free(t[i].emails);
	}
	free(t);
}

/* Adds address A to T's list (at most KJ_NOTICE_RCPT_BYTES). */
static int add_email(struct kj_notify_target *t, const char *a)
{
	size_t have = strlen(t->emails), len = strlen(a);
	if (!len || have + len + 2 > KJ_NOTICE_RCPT_BYTES)
		return 0;
	char *p = realloc(t->emails, have + len + 2);
	if (!p)
		return -1;
	t->emails = p;
	if (have)
		p[have++] = ',';
	memcpy(p + have, a, len + 1);
	return 0;
}

int kj_store_notify_targets(struct kj_store *st, int64_t survey, int64_t org,
			    struct kj_notify_target **out, size_t *n, struct kj_err *err)
{
	*out = NULL;
	*n = 0;
	/* One row per operator and contact address, grouped here by operator. */
	struct kj_stmt *s = kj_db_kept(st, org > 0 ?
		"SELECT o.id, o.name_ja, COALESCE(e.closes_on, s.closes_on),"
		" COALESCE(p.status, 'not_started'), c.email"
		" FROM organisation o JOIN survey s ON s.id = $1"
		" LEFT JOIN survey_extension e ON e.survey_id = s.id AND e.organisation_id = o.id"
		" LEFT JOIN response p ON p.survey_id = s.id AND p.organisation_id = o.id"
		" LEFT JOIN organisation_contact c ON c.organisation_id = o.id"
		" AND c.email IS NOT NULL WHERE o.id = $2 ORDER BY o.id, c.id"
		: "SELECT o.id, o.name_ja, COALESCE(e.closes_on, s.closes_on),"
		" COALESCE(p.status, 'not_started'), c.email"
		" FROM (SELECT DISTINCT organisation_id FROM survey_respondent"
		" WHERE survey_id = $1) r"
		" JOIN organisation o ON o.id = r.organisation_id JOIN survey s ON s.id = $1"
		" LEFT JOIN survey_extension e ON e.survey_id = s.id AND e.organisation_id = o.id"
		" LEFT JOIN response p ON p.survey_id = s.id AND p.organisation_id = o.id"
		" LEFT JOIN organisation_contact c ON c.organisation_id = o.id"
		" AND c.email IS NOT NULL ORDER BY o.id, c.id", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	if (org > 0)
		kj_db_bind_int64(s, 2, org);
	struct kj_notify_target *t = NULL;
	size_t cap = 0;
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int64_t id = kj_db_column_int64(s, 0);
		if (!*n || t[*n - 1].org != id) {
			if (*n >= KJ_NOTIFY_TARGETS_MAX) {
				kj_db_reset(s);
				kj_store_notify_targets_free(t, *n);
				*n = 0;
				kj_err_set(err, "more than %d operators to notify at once",
					   KJ_NOTIFY_TARGETS_MAX);
				return -1;
			}
			if (*n == cap) {
				size_t ncap = cap ? 2 * cap : 64;
				struct kj_notify_target *nt = realloc(t, ncap * sizeof *t);
				if (!nt)
					goto oom;
				t = nt;
				cap = ncap;
			}
			struct kj_notify_target *x = &t[(*n)++];
			memset(x, 0, sizeof *x);
			x->org = id;
			x->name = dup_col(s, 1);
			x->emails = strdup("");
			if (!x->name || !x->emails)
				goto oom;
			kj_db_col(s, 2, x->closes_on, sizeof x->closes_on);
			kj_db_col(s, 3, x->status, sizeof x->status);
		}
		const char *mail = kj_db_column_text(s, 4);
		if (mail && add_email(&t[*n - 1], mail) < 0)
			goto oom;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE) {
		kj_store_notify_targets_free(t, *n);
		*n = 0;
		return kj_db_fail(st, err, "cannot read the survey's respondents");
	}
	*out = t;
	return 0;
oom:
	kj_db_reset(s);
	kj_store_notify_targets_free(t, *n);
	*n = 0;
	kj_err_set(err, "out of memory");
	return -1;
}

int kj_store_notify_add(struct kj_store *st, const struct kj_notify_new *m, int *added,
			struct kj_err *err)
{
	*added = 0;
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO notification (survey_id,"
		" organisation_id, kind, day, recipients, subject, body, status, created_at, error)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, m->survey);
	if (m->org > 0)
		kj_db_bind_int64(s, 2, m->org);
	else
		kj_db_bind_null(s, 2);
	kj_db_bind_text(s, 3, m->kind);
	kj_db_bind_text(s, 4, m->day);
	kj_db_bind_text(s, 5, m->recipients);
	kj_db_bind_text(s, 6, m->subject);
	kj_db_bind_text(s, 7, m->body);
	kj_db_bind_text(s, 8, m->status);
	kj_db_bind_text(s, 9, m->now);
	kj_db_bind_text(s, 10, m->error);
	int rc = kj_db_step(s);
	kj_db_reset(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot queue the notification");
	*added = kj_db_changes(st) > 0;
	return 0;
}

void kj_store_notify_row_free(struct kj_notify_row *r)
{
	free(r->org_name);
	free(r->recipients);
	free(r->subject);
	free(r->body);
	free(r->error);
	memset(r, 0, sizeof *r);
}

#define ROW_COLUMNS "n.id, n.survey_id, n.organisation_id, n.kind, n.day, n.status," \
	" n.created_at, n.sent_at, o.corporate_number, o.name_ja, n.recipients, n.subject," \
	" n.body, n.error FROM notification n LEFT JOIN organisation o" \
	" ON o.id = n.organisation_id"

/* The current row of a ROW_COLUMNS statement into R; -1 out of memory. */
static int read_row(struct kj_stmt *s, struct kj_notify_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = kj_db_column_int64(s, 0);
	r->survey = kj_db_column_int64(s, 1);
	r->org = kj_db_column_int64(s, 2);
	kj_db_col(s, 3, r->kind, sizeof r->kind);
	kj_db_col(s, 4, r->day, sizeof r->day);
	kj_db_col(s, 5, r->status, sizeof r->status);
	kj_db_col(s, 6, r->created_at, sizeof r->created_at);
	kj_db_col(s, 7, r->sent_at, sizeof r->sent_at);
	kj_db_col(s, 8, r->corporate_number, sizeof r->corporate_number);
	r->org_name = dup_col(s, 9);
	r->recipients = dup_col(s, 10);
	r->subject = dup_col(s, 11);
	r->body = dup_col(s, 12);
	r->error = dup_col(s, 13);
	if (!r->org_name || !r->recipients || !r->subject || !r->body || !r->error) {
		kj_store_notify_row_free(r);
		return -1;
	}
	return 0;
}

int kj_store_notify_pending(struct kj_store *st, int64_t after, struct kj_notify_row *rows,
			    int max, int *n, struct kj_err *err)
{
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT " ROW_COLUMNS
		" WHERE n.status IN ('queued', 'failed') AND n.id > $1 ORDER BY n.id LIMIT $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, after);
	kj_db_bind_int(s, 2, max);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		if (read_row(s, &rows[*n]) < 0) {
			kj_db_reset(s);
			for (int i = 0; i < *n; i++)
				kj_store_notify_row_free(&rows[i]);
			*n = 0;
			kj_err_set(err, "out of memory");
			return -1;
		}
		(*n)++;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE) {
		for (int i = 0; i < *n; i++)
			kj_store_notify_row_free(&rows[i]);
		*n = 0;
		return kj_db_fail(st, err, "cannot read the queued notifications");
	}
	return 0;
}

int kj_store_notify_mark(struct kj_store *st, int64_t id, const char *error,
			 const char *now, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "UPDATE notification SET status = $1,"
		" sent_at = $2, error = $3 WHERE id = $4", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, error ? "failed" : "sent");
	if (error)
		kj_db_bind_null(s, 2);
	else
		kj_db_bind_text(s, 2, now);
	kj_db_bind_text(s, 3, error);
	kj_db_bind_int64(s, 4, id);
	return kj_db_step_done(st, s, err, "cannot mark the notification");
}

int kj_store_notify_list_queued(struct kj_store *st, const char *reason, long *n,
				struct kj_err *err)
{
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, "UPDATE notification SET status = 'listed',"
		" error = $1 WHERE status = 'queued'", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, reason);
	int rc = kj_db_step(s);
	kj_db_reset(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot list the queued notifications");
	*n = (long)kj_db_changes(st);
	return 0;
}

int kj_store_notify_each(struct kj_store *st, int64_t survey, const char *status,
			 long offset, long limit, long *total,
			 int (*fn)(void *ctx, const struct kj_notify_row *r), void *ctx,
			 struct kj_err *err)
{
	struct kj_stmt *s;
	int rc;
	if (total) {
		*total = 0;
		if (!(s = kj_db_kept(st, "SELECT COUNT(*) FROM notification WHERE"
				     " ($1 = 0 OR survey_id = $1)"
				     " AND (CAST($2 AS TEXT) IS NULL OR status = $2)", err)))
			return -1;
		kj_db_bind_int64(s, 1, survey);
		kj_db_bind_text(s, 2, status);
		rc = kj_db_step(s);
		if (rc == KJ_DB_ROW)
			*total = (long)kj_db_column_int64(s, 0);
		kj_db_reset(s);
		if (rc != KJ_DB_ROW)
			return kj_db_fail(st, err, "cannot count the notifications");
	}
	if (limit == 0)
		return 0;
	if (!(s = kj_db_kept(st, "SELECT " ROW_COLUMNS " WHERE ($1 = 0 OR n.survey_id = $1)"
			     " AND (CAST($2 AS TEXT) IS NULL OR n.status = $2)"
			     " ORDER BY n.id DESC LIMIT $3 OFFSET $4", err)))
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_text(s, 2, status);
	kj_db_bind_int64(s, 3, limit < 0 ? INT64_MAX : limit);
	kj_db_bind_int64(s, 4, offset < 0 ? 0 : offset);
	int stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		struct kj_notify_row r;
		if (read_row(s, &r) < 0) {
			kj_db_reset(s);
			kj_err_set(err, "out of memory");
			return -1;
		}
		stop = fn(ctx, &r);
		kj_store_notify_row_free(&r);
	}
	kj_db_reset(s);
	if (stop)
		return stop;
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the notifications");
	return 0;
}
