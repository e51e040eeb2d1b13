/* The SQLite driver: sessions and personal API tokens. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/store_session.h"

int kj_store_session_create(struct kj_store *st, const char *token_hash,
			    int64_t user_id, const char *csrf, const char *lang,
			    int64_t now, const char *remote, struct kj_err *err)
{
	struct kj_stmt *s;
	if (kj_db_prep(st, "INSERT INTO session (token_hash, user_id, csrf, lang,"
		       " created_at, last_seen, remote) VALUES ($1, $2, $3, $4, $5, $5, $6)",
		       &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, token_hash);
	kj_db_bind_int64(s, 2, user_id);
	kj_db_bind_text(s, 3, csrf);
	kj_db_bind_text(s, 4, lang);
	kj_db_bind_int64(s, 5, now);
	kj_db_bind_text(s, 6, remote);
	int rc = kj_db_step_done(st, s, err, "cannot create session");
	kj_db_finalize(s);
	return rc;
}

int kj_store_session_get(struct kj_store *st, const char *token_hash,
			 struct kj_session_row *out, int *found,
			 struct kj_err *err)
{
	*found = 0;
	/* Every request asks: kept prepared. */
	struct kj_stmt *s = kj_db_kept(st, "SELECT user_id, csrf, lang, created_at, last_seen"
				       " FROM session WHERE token_hash = $1", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, token_hash);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		out->user_id = kj_db_column_int64(s, 0);
		kj_strlcpy(out->csrf, (const char *)kj_db_column_text(s, 1), sizeof out->csrf);
		kj_strlcpy(out->lang, (const char *)kj_db_column_text(s, 2), sizeof out->lang);
		out->created_at = kj_db_column_int64(s, 3);
		out->last_seen = kj_db_column_int64(s, 4);
		*found = 1;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read session");
	return 0;
}

/* Bookkeeping writes (a session's or a token's last use) go without waiting
 * for another writer (ON 1, before the write), and a busy database is no
 * fault of the request (ON 0, after it). */
static void unwaited(struct kj_store *st, int on)
{
	kj_store_wait_ms(st, on ? 0 : -1);
	if (!on)
		st->busy = 0;
}

int kj_store_session_touch(struct kj_store *st, const char *token_hash,
			   int64_t now, struct kj_err *err)
{
	char n[24];
	snprintf(n, sizeof n, "%lld", (long long)now);
	/*
	 * Without waiting for another writer, as a token's last use: a
	 * signed-in read must not stall behind a long import to note the
	 * session's last use. If busy, the next request notes it.
	 */
	unwaited(st, 1);
	int rc = KJ_DB_RUN(st, "UPDATE session SET last_seen = $1 WHERE token_hash = $2",
			   err, n, token_hash);
	unwaited(st, 0);
	return rc;
}

int kj_store_session_delete(struct kj_store *st, const char *token_hash,
			    struct kj_err *err)
{
	return KJ_DB_RUN(st, "DELETE FROM session WHERE token_hash = $1", err,
			 token_hash);
}

int kj_store_session_expire(struct kj_store *st, int64_t idle_before,
			    int64_t created_before, struct kj_err *err)
{
	char a[24], b[24];
	snprintf(a, sizeof a, "%lld", (long long)idle_before);
	snprintf(b, sizeof b, "%lld", (long long)created_before);
	return KJ_DB_RUN(st, "DELETE FROM session WHERE last_seen < $1 OR created_at < $2",
			 err, a, b);
}

static void iso_at(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

#define DAY_S ((int64_t)86400)

int kj_store_token_create(struct kj_store *st, int64_t user_id,
			  const char *name, const char *token_hash, int64_t now,
			  int days, int64_t *id, struct kj_err *err)
{
	char u[24], at[32], until[32];
	if (days < 1 || days > KJ_TOKEN_DAYS_MAX) {
		kj_err_set(err, "a token lasts 1 to %d days", KJ_TOKEN_DAYS_MAX);
		return -1;
	}
	snprintf(u, sizeof u, "%lld", (long long)user_id);
	iso_at(now, at);
	iso_at(now + days * DAY_S, until);
	if (KJ_DB_RUN(st, "INSERT INTO api_token (user_id, name, token_hash, created_at,"
		      " expires_at) VALUES ($1, $2, $3, $4, $5)", err, u, name, token_hash,
		      at, until) < 0)
		return -1;
	*id = kj_db_last_id(st);
	return 0;
}

int kj_store_token_lookup(struct kj_store *st, const char *token_hash, int64_t now,
			  int64_t *user_id, int *found, struct kj_err *err)
{
	struct kj_stmt *s;
	char at[32], made_after[32], minute_ago[32];
	*found = 0;
	iso_at(now, at);
	iso_at(now - KJ_TOKEN_DAYS_DEFAULT * DAY_S, made_after);
	iso_at(now - 60, minute_ago);
	/* A token made before tokens expired (NULL) lasts the default from then. */
	if (kj_db_prep(st, "SELECT user_id FROM api_token WHERE token_hash = $1"
		       " AND revoked = 0 AND (expires_at > $2"
		       " OR (expires_at IS NULL AND created_at > $3))", &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, token_hash);
	kj_db_bind_text(s, 2, at);
	kj_db_bind_text(s, 3, made_after);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*user_id = kj_db_column_int64(s, 0);
		*found = 1;
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read API token");
	if (*found) {
		/*
		 * Best effort, at most once a minute, and without waiting for
		 * another writer: a read with a token must neither fail nor stall
		 * behind a long import because of this bookkeeping.
		 */
		struct kj_err ignored;
		unwaited(st, 1);
		KJ_DB_RUN(st, "UPDATE api_token SET last_used_at = $1 WHERE token_hash = $2"
			  " AND (last_used_at IS NULL OR last_used_at < $3)",
			  &ignored, at, token_hash, minute_ago);
		unwaited(st, 0);
	}
	return 0;
}

int kj_store_token_list(struct kj_store *st, int64_t user_id, int64_t now,
			struct kj_token_row *out, int max, int *n,
			struct kj_err *err)
{
	struct kj_stmt *s;
	char at[32], made_after[32];
	*n = 0;
	iso_at(now, at);
	iso_at(now - KJ_TOKEN_DAYS_DEFAULT * DAY_S, made_after);
	/* Live tokens first (they are what the limit counts), newest first. */
	if (kj_db_prep(st, "SELECT id, name, created_at, last_used_at, revoked, expires_at"
		       " FROM api_token WHERE user_id = $1 ORDER BY revoked,"
		       " CASE WHEN expires_at > $2 OR (expires_at IS NULL AND created_at > $3)"
		       " THEN 0 ELSE 1 END, id DESC", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, user_id);
	kj_db_bind_text(s, 2, at);
	kj_db_bind_text(s, 3, made_after);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		struct kj_token_row *t = &out[(*n)++];
		const char *lu = (const char *)kj_db_column_text(s, 3);
		const char *ex = (const char *)kj_db_column_text(s, 5);
		t->id = kj_db_column_int64(s, 0);
		kj_strlcpy(t->name, (const char *)kj_db_column_text(s, 1), sizeof t->name);
		kj_strlcpy(t->created_at, (const char *)kj_db_column_text(s, 2), sizeof t->created_at);
		kj_strlcpy(t->last_used_at, lu ? lu : "", sizeof t->last_used_at);
		t->revoked = kj_db_column_int(s, 4);
		if (ex) {
			kj_strlcpy(t->expires_at, ex, sizeof t->expires_at);
		} else {
			int64_t made;
			/* Made before expiry: the default life from its creation. */
			if (kj_iso_to_unix(t->created_at, &made) == 0)
				iso_at(made + KJ_TOKEN_DAYS_DEFAULT * DAY_S, t->expires_at);
			else
				kj_strlcpy(t->expires_at, t->created_at, sizeof t->expires_at);
		}
		t->expired = strcmp(t->expires_at, at) <= 0;
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot list API tokens");
	return 0;
}

int kj_store_token_revoke_all(struct kj_store *st, int64_t user_id, int *n,
			      struct kj_err *err)
{
	char u[24];
	snprintf(u, sizeof u, "%lld", (long long)user_id);
	*n = 0;
	if (KJ_DB_RUN(st, "UPDATE api_token SET revoked = 1 WHERE user_id = $1 AND revoked = 0",
		      err, u) < 0)
		return -1;
	*n = kj_db_changes(st);
	return 0;
}

int kj_store_token_revoke(struct kj_store *st, int64_t user_id, int64_t id,
			  int *done, struct kj_err *err)
{
	char u[24], t[24];
	snprintf(u, sizeof u, "%lld", (long long)user_id);
	snprintf(t, sizeof t, "%lld", (long long)id);
	if (KJ_DB_RUN(st, "UPDATE api_token SET revoked = 1 WHERE id = $1 AND user_id = $2 AND revoked = 0",
		      err, t, u) < 0)
		return -1;
	*done = kj_db_changes(st) > 0;
	return 0;
}
