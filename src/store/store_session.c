/* The SQLite driver: sessions and personal API tokens. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/sqlite_priv.h"
#include "store/store_session.h"

int kj_store_session_create(struct kj_store *st, const char *token_hash,
			    int64_t user_id, const char *csrf, const char *lang,
			    int64_t now, const char *remote, struct kj_err *err)
{
	sqlite3_stmt *s;
	if (kj_sq_prep(st, "INSERT INTO session (token_hash, user_id, csrf, lang,"
		       " created_at, last_seen, remote) VALUES ($1, $2, $3, $4, $5, $5, $6)",
		       &s, err) < 0)
		return -1;
	kj_sq_bind_text(s, 1, token_hash);
	sqlite3_bind_int64(s, 2, user_id);
	kj_sq_bind_text(s, 3, csrf);
	kj_sq_bind_text(s, 4, lang);
	sqlite3_bind_int64(s, 5, now);
	kj_sq_bind_text(s, 6, remote);
	int rc = kj_sq_step_done(st, s, err, "cannot create session");
	sqlite3_finalize(s);
	return rc;
}

int kj_store_session_get(struct kj_store *st, const char *token_hash,
			 struct kj_session_row *out, int *found,
			 struct kj_err *err)
{
	sqlite3_stmt *s;
	*found = 0;
	if (kj_sq_prep(st, "SELECT user_id, csrf, lang, created_at, last_seen"
		       " FROM session WHERE token_hash = $1", &s, err) < 0)
		return -1;
	kj_sq_bind_text(s, 1, token_hash);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->user_id = sqlite3_column_int64(s, 0);
		kj_strlcpy(out->csrf, (const char *)sqlite3_column_text(s, 1), sizeof out->csrf);
		kj_strlcpy(out->lang, (const char *)sqlite3_column_text(s, 2), sizeof out->lang);
		out->created_at = sqlite3_column_int64(s, 3);
		out->last_seen = sqlite3_column_int64(s, 4);
		*found = 1;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kj_sq_fail(st, err, "cannot read session");
	return 0;
}

int kj_store_session_touch(struct kj_store *st, const char *token_hash,
			   int64_t now, struct kj_err *err)
{
	char n[24];
	snprintf(n, sizeof n, "%lld", (long long)now);
	return KJ_SQ_RUN(st, "UPDATE session SET last_seen = $1 WHERE token_hash = $2",
			 err, n, token_hash);
}

int kj_store_session_delete(struct kj_store *st, const char *token_hash,
			    struct kj_err *err)
{
	return KJ_SQ_RUN(st, "DELETE FROM session WHERE token_hash = $1", err,
			 token_hash);
}

int kj_store_session_expire(struct kj_store *st, int64_t idle_before,
			    int64_t created_before, struct kj_err *err)
{
	char a[24], b[24];
	snprintf(a, sizeof a, "%lld", (long long)idle_before);
	snprintf(b, sizeof b, "%lld", (long long)created_before);
	return KJ_SQ_RUN(st, "DELETE FROM session WHERE last_seen < $1 OR created_at < $2",
			 err, a, b);
}

int kj_store_token_create(struct kj_store *st, int64_t user_id,
			  const char *name, const char *token_hash, int64_t *id,
			  struct kj_err *err)
{
	char u[24], now[32];
	snprintf(u, sizeof u, "%lld", (long long)user_id);
	kj_now_iso(now);
	if (KJ_SQ_RUN(st, "INSERT INTO api_token (user_id, name, token_hash, created_at)"
		      " VALUES ($1, $2, $3, $4)", err, u, name, token_hash, now) < 0)
		return -1;
	*id = kj_sq_last_id(st);
	return 0;
}

int kj_store_token_lookup(struct kj_store *st, const char *token_hash,
			  int64_t *user_id, int *found, struct kj_err *err)
{
	sqlite3_stmt *s;
	*found = 0;
	if (kj_sq_prep(st, "SELECT user_id FROM api_token WHERE token_hash = $1"
		       " AND revoked = 0", &s, err) < 0)
		return -1;
	kj_sq_bind_text(s, 1, token_hash);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(s, 0);
		*found = 1;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kj_sq_fail(st, err, "cannot read API token");
	if (*found) {
		/*
		 * Best effort, at most once a minute, and without waiting for
		 * another writer: a read with a token must neither fail nor stall
		 * behind a long import because of this bookkeeping.
		 */
		char now[32], minute_ago[32];
		time_t t = time(NULL) - 60;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(minute_ago, sizeof minute_ago, "%Y-%m-%dT%H:%M:%SZ", &tm);
		kj_now_iso(now);
		struct kj_err ignored;
		sqlite3_busy_timeout(st->db, 0);
		KJ_SQ_RUN(st, "UPDATE api_token SET last_used_at = $1 WHERE token_hash = $2"
			  " AND (last_used_at IS NULL OR last_used_at < $3)",
			  &ignored, now, token_hash, minute_ago);
		kj_store_wait_ms(st, -1);
		st->busy = 0;
	}
	return 0;
}

int kj_store_token_list(struct kj_store *st, int64_t user_id,
			struct kj_token_row *out, int max, int *n,
			struct kj_err *err)
{
	sqlite3_stmt *s;
	*n = 0;
	if (kj_sq_prep(st, "SELECT id, name, created_at, last_used_at, revoked"
		       " FROM api_token WHERE user_id = $1 ORDER BY revoked, id", &s, err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct kj_token_row *t = &out[(*n)++];
		const char *lu = (const char *)sqlite3_column_text(s, 3);
		t->id = sqlite3_column_int64(s, 0);
		kj_strlcpy(t->name, (const char *)sqlite3_column_text(s, 1), sizeof t->name);
		kj_strlcpy(t->created_at, (const char *)sqlite3_column_text(s, 2), sizeof t->created_at);
		kj_strlcpy(t->last_used_at, lu ? lu : "", sizeof t->last_used_at);
		t->revoked = sqlite3_column_int(s, 4);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kj_sq_fail(st, err, "cannot list API tokens");
	return 0;
}

int kj_store_token_revoke(struct kj_store *st, int64_t user_id, int64_t id,
			  int *done, struct kj_err *err)
{
	char u[24], t[24];
	snprintf(u, sizeof u, "%lld", (long long)user_id);
	snprintf(t, sizeof t, "%lld", (long long)id);
	if (KJ_SQ_RUN(st, "UPDATE api_token SET revoked = 1 WHERE id = $1 AND user_id = $2 AND revoked = 0",
		      err, t, u) < 0)
		return -1;
	*done = sqlite3_changes(st->db) > 0;
	return 0;
}
