/* The second factor's rows on either engine (store_mfa.h). */
#include <string.h>

#include "store/db.h"
#include "store/store_mfa.h"

int kj_store_mfa_get(struct kj_store *st, int64_t user_id, struct kj_mfa_row *out,
		     struct kj_err *err)
{
	memset(out, 0, sizeof *out);
	out->user_id = user_id;
	struct kj_stmt *s = kj_db_kept(st, "SELECT required, secret, last_step, enrolled_at,"
				       " pending, pending_at FROM user_mfa WHERE user_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, user_id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		out->required = kj_db_column_int64(s, 0) != 0;
		kj_db_col(s, 1, out->secret, sizeof out->secret);
		out->last_step = kj_db_column_int64(s, 2);
		out->enrolled_at = kj_db_column_int64(s, 3);
		kj_db_col(s, 4, out->pending, sizeof out->pending);
		out->pending_at = kj_db_column_int64(s, 5);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the user's second factor");
	return 0;
}

static void bind_row(struct kj_stmt *s, const struct kj_mfa_row *in, int first)
{
	kj_db_bind_int64(s, first, in->required ? 1 : 0);
	kj_db_bind_text(s, first + 1, in->secret);
	kj_db_bind_int64(s, first + 2, in->last_step);
	kj_db_bind_int64(s, first + 3, in->enrolled_at);
	kj_db_bind_text(s, first + 4, in->pending);
	kj_db_bind_int64(s, first + 5, in->pending_at);
}

int kj_store_mfa_put(struct kj_store *st, const struct kj_mfa_row *in, struct kj_err *err)
{
	/* Both statements in one transaction: no other writer adds the row
	 * between the update and the insert. */
	int own = !kj_store_in_tx(st);
	if (own && kj_store_begin(st, err) < 0)
		return -1;
	struct kj_stmt *s = kj_db_kept(st, "UPDATE user_mfa SET required = $1, secret = $2,"
				       " last_step = $3, enrolled_at = $4, pending = $5,"
				       " pending_at = $6 WHERE user_id = $7", err);
	if (!s)
		goto fail;
	bind_row(s, in, 1);
	kj_db_bind_int64(s, 7, in->user_id);
	if (kj_db_step_done(st, s, err, "cannot write the user's second factor") < 0)
		goto fail;
	if (kj_db_changes(st) == 0) {
		s = kj_db_kept(st, "INSERT INTO user_mfa (user_id, required, secret, last_step,"
			       " enrolled_at, pending, pending_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			       err);
		if (!s)
			goto fail;
		kj_db_bind_int64(s, 1, in->user_id);
		bind_row(s, in, 2);
		if (kj_db_step_done(st, s, err, "cannot write the user's second factor") < 0)
			goto fail;
	}
	return own ? kj_store_commit(st, err) : 0;
fail:
	if (own)
		kj_store_rollback(st);
	return -1;
}

int kj_store_mfa_take_step(struct kj_store *st, int64_t user_id, int64_t step, int *done,
			   struct kj_err *err)
{
	*done = 0;
	struct kj_stmt *s = kj_db_kept(st, "UPDATE user_mfa SET last_step = $1"
				       " WHERE user_id = $2 AND last_step < $1 AND secret <> ''", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, step);
	kj_db_bind_int64(s, 2, user_id);
	if (kj_db_step_done(st, s, err, "cannot record the code's use") < 0)
		return -1;
	*done = kj_db_changes(st) > 0;
	return 0;
}

/* One number of a query with one int64 parameter ARG (-1: none). */
static int count(struct kj_store *st, const char *sql, int64_t arg, int64_t *n,
		 struct kj_err *err)
{
	struct kj_stmt *s;
	*n = 0;
	if (kj_db_prep(st, sql, &s, err) < 0)
		return -1;
	if (arg >= 0)
		kj_db_bind_int64(s, 1, arg);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		*n = kj_db_column_int64(s, 0);
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot count second factors");
	return 0;
}

int kj_store_mfa_any(struct kj_store *st, int64_t *user_id, char box[KJ_MFA_BOX_MAX],
		     struct kj_err *err)
{
	struct kj_stmt *s;
	*user_id = 0;
	box[0] = '\0';
	if (kj_db_prep(st, "SELECT user_id, secret FROM user_mfa WHERE secret <> ''"
		       " ORDER BY user_id LIMIT 1", &s, err) < 0)
		return -1;
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*user_id = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, box, KJ_MFA_BOX_MAX);
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the second factors");
	return 0;
}

int kj_store_mfa_enrolled_count(struct kj_store *st, int64_t *n, struct kj_err *err)
{
	return count(st, "SELECT COUNT(*) FROM user_mfa WHERE secret <> ''", -1, n, err);
}

int kj_store_mfa_recovery_left(struct kj_store *st, int64_t user_id, int64_t *n,
			       struct kj_err *err)
{
	return count(st, "SELECT COUNT(*) FROM mfa_recovery WHERE user_id = $1 AND used_at = 0",
		     user_id, n, err);
}

int kj_store_mfa_recovery_set(struct kj_store *st, int64_t user_id, const char (*hashes)[65],
			      int n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "DELETE FROM mfa_recovery WHERE user_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, user_id);
	if (kj_db_step_done(st, s, err, "cannot remove the recovery codes") < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		s = kj_db_kept(st, "INSERT INTO mfa_recovery (user_id, code_hash, used_at)"
			       " VALUES ($1, $2, 0)", err);
		if (!s)
			return -1;
		kj_db_bind_int64(s, 1, user_id);
		kj_db_bind_text(s, 2, hashes[i]);
		if (kj_db_step_done(st, s, err, "cannot keep a recovery code") < 0)
			return -1;
	}
	return 0;
}

int kj_store_mfa_recovery_use(struct kj_store *st, int64_t user_id, const char *hash,
			      int64_t now, int *done, struct kj_err *err)
{
	*done = 0;
	struct kj_stmt *s = kj_db_kept(st, "UPDATE mfa_recovery SET used_at = $1"
				       " WHERE user_id = $2 AND code_hash = $3 AND used_at = 0", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, now > 0 ? now : 1);
	kj_db_bind_int64(s, 2, user_id);
	kj_db_bind_text(s, 3, hash);
	if (kj_db_step_done(st, s, err, "cannot use the recovery code") < 0)
		return -1;
	*done = kj_db_changes(st) > 0;
	return 0;
}

int kj_store_mfa_halfway_create(struct kj_store *st, const char *token_hash, int64_t user_id,
				int64_t now, const char *next, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO mfa_halfway (token_hash, user_id,"
				       " created_at, fails, next) VALUES ($1, $2, $3, 0, $4)", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, token_hash);
	kj_db_bind_int64(s, 2, user_id);
	kj_db_bind_int64(s, 3, now);
	kj_db_bind_text(s, 4, next);
	return kj_db_step_done(st, s, err, "cannot begin the second step of the sign-in");
}

int kj_store_mfa_halfway_get(struct kj_store *st, const char *token_hash,
			     struct kj_mfa_halfway *out, int *found, struct kj_err *err)
{
	*found = 0;
	memset(out, 0, sizeof *out);
	struct kj_stmt *s = kj_db_kept(st, "SELECT user_id, created_at, fails, next"
				       " FROM mfa_halfway WHERE token_hash = $1", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, token_hash);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		out->user_id = kj_db_column_int64(s, 0);
		out->created_at = kj_db_column_int64(s, 1);
		out->fails = kj_db_column_int64(s, 2);
		kj_db_col(s, 3, out->next, sizeof out->next);
		*found = 1;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the second step of the sign-in");
	return 0;
}

int kj_store_mfa_halfway_fail(struct kj_store *st, const char *token_hash, struct kj_err *err)
{
	return KJ_DB_RUN(st, "UPDATE mfa_halfway SET fails = fails + 1 WHERE token_hash = $1",
			 err, token_hash);
}

int kj_store_mfa_halfway_delete(struct kj_store *st, const char *token_hash,
				struct kj_err *err)
{
	return KJ_DB_RUN(st, "DELETE FROM mfa_halfway WHERE token_hash = $1", err, token_hash);
}

int kj_store_mfa_halfway_expire(struct kj_store *st, int64_t before, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "DELETE FROM mfa_halfway WHERE created_at < $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, before);
	return kj_db_step_done(st, s, err, "cannot remove old sign-in steps");
}
