/* The sign-in limits' rows on either engine (store_signin.h). */
#include <string.h>

#include "store/db.h"
#include "store/store_signin.h"

static const char *const kind_name[] = {
	[KJ_SIGNIN_ADDRESS] = "address",
	[KJ_SIGNIN_ACCOUNT] = "account",
};

int kj_store_signin_get(struct kj_store *st, enum kj_signin_kind kind,
			const char *key_hash, struct kj_signin_row *out, int *found,
			struct kj_err *err)
{
	*found = 0;
	memset(out, 0, sizeof *out);
	struct kj_stmt *s = kj_db_kept(st, "SELECT window_start, fails, refused, logged_minute,"
				       " locked_until FROM signin_limit"
				       " WHERE kind = $1 AND key_hash = $2", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, kind_name[kind]);
	kj_db_bind_text(s, 2, key_hash);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		kj_strlcpy(out->key_hash, key_hash, sizeof out->key_hash);
		out->window_start = kj_db_column_int64(s, 0);
		out->fails = kj_db_column_int64(s, 1);
		out->refused = kj_db_column_int64(s, 2);
		out->logged_minute = kj_db_column_int64(s, 3);
		out->locked_until = kj_db_column_int64(s, 4);
		*found = 1;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the sign-in limits");
	return 0;
}

int kj_store_signin_put(struct kj_store *st, enum kj_signin_kind kind,
			const struct kj_signin_row *row, struct kj_err *err)
{
	/* The caller holds the write transaction: no other writer can add the
	 * row between the update and the insert. */
	struct kj_stmt *s = kj_db_kept(st, "UPDATE signin_limit SET window_start = $1, fails = $2,"
				       " refused = $3, logged_minute = $4, locked_until = $5"
				       " WHERE kind = $6 AND key_hash = $7", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, row->window_start);
	kj_db_bind_int64(s, 2, row->fails);
	kj_db_bind_int64(s, 3, row->refused);
	kj_db_bind_int64(s, 4, row->logged_minute);
	kj_db_bind_int64(s, 5, row->locked_until);
	kj_db_bind_text(s, 6, kind_name[kind]);
	kj_db_bind_text(s, 7, row->key_hash);
	if (kj_db_step_done(st, s, err, "cannot write the sign-in limits") < 0)
		return -1;
	if (kj_db_changes(st) > 0)
		return 0;
	s = kj_db_kept(st, "INSERT INTO signin_limit (kind, key_hash, window_start, fails,"
		       " refused, logged_minute, locked_until) VALUES ($1, $2, $3, $4, $5, $6, $7)",
		       err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, kind_name[kind]);
	kj_db_bind_text(s, 2, row->key_hash);
	kj_db_bind_int64(s, 3, row->window_start);
	kj_db_bind_int64(s, 4, row->fails);
	kj_db_bind_int64(s, 5, row->refused);
	kj_db_bind_int64(s, 6, row->logged_minute);
	kj_db_bind_int64(s, 7, row->locked_until);
	return kj_db_step_done(st, s, err, "cannot write the sign-in limits");
}

int kj_store_signin_expire(struct kj_store *st, enum kj_signin_kind kind,
			   int64_t idle_before, int64_t stale_before, int max, long *n,
			   struct kj_err *err)
{
	*n = 0;
	/* The oldest first, from the index on (kind, window_start): a sign-in
	 * deletes a few, never scans the table. */
	struct kj_stmt *s = kj_db_kept(st, "DELETE FROM signin_limit WHERE kind = $1"
				       " AND key_hash IN (SELECT key_hash FROM signin_limit"
				       " WHERE kind = $1 AND window_start <= $2"
				       " AND (refused = 0 OR window_start <= $3)"
				       " ORDER BY window_start LIMIT $4)", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, kind_name[kind]);
	kj_db_bind_int64(s, 2, idle_before);
	kj_db_bind_int64(s, 3, stale_before);
	kj_db_bind_int64(s, 4, max);
	if (kj_db_step_done(st, s, err, "cannot expire the sign-in limits") < 0)
		return -1;
	*n = (long)kj_db_changes(st);
	return 0;
}

int kj_store_signin_count(struct kj_store *st, enum kj_signin_kind kind, long *n,
			  struct kj_err *err)
{
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT COUNT(*) FROM signin_limit WHERE kind = $1",
				       err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, kind_name[kind]);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		*n = (long)kj_db_column_int64(s, 0);
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot count the sign-in limits");
	return 0;
}

int kj_store_signin_evict(struct kj_store *st, enum kj_signin_kind kind, int64_t now,
			  int *done, struct kj_err *err)
{
	*done = 0;
	/* A scalar subquery, found once: as IN (…) PostgreSQL may run it again
	 * for each row of a full table (16,384 scans of 16,384 rows). */
	struct kj_stmt *s = kj_db_kept(st, "DELETE FROM signin_limit WHERE kind = $1"
				       " AND key_hash = (SELECT key_hash FROM signin_limit"
				       " WHERE kind = $1 AND locked_until <= $2"
				       " ORDER BY window_start LIMIT 1)", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, kind_name[kind]);
	kj_db_bind_int64(s, 2, now);
	if (kj_db_step_done(st, s, err, "cannot make room in the sign-in limits") < 0)
		return -1;
	*done = kj_db_changes(st) > 0;
	return 0;
}

int kj_store_signin_clear(struct kj_store *st, struct kj_err *err)
{
	return kj_db_run(st, "DELETE FROM signin_limit", err, 0, NULL);
}
