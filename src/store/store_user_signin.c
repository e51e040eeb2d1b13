/* The per-user sign-in state on either engine (store_user_signin.h). */
#include <string.h>

#include "store/db.h"
#include "store/store_user_signin.h"

int kj_store_user_signin_get(struct kj_store *st, int64_t user_id,
			     struct kj_user_signin *out, struct kj_err *err)
{
	memset(out, 0, sizeof *out);
	out->user_id = user_id;
	struct kj_stmt *s = kj_db_kept(st, "SELECT must_change, lang, failed, failed_at,"
				       " failed_from, notice, notice_at, notice_from"
				       " FROM user_signin WHERE user_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, user_id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		const char *t;
		out->must_change = kj_db_column_int64(s, 0) != 0;
		t = kj_db_column_text(s, 1);
		kj_strlcpy(out->lang, t ? t : "", sizeof out->lang);
		out->failed = kj_db_column_int64(s, 2);
		out->failed_at = kj_db_column_int64(s, 3);
		t = kj_db_column_text(s, 4);
		kj_strlcpy(out->failed_from, t ? t : "", sizeof out->failed_from);
		out->notice = kj_db_column_int64(s, 5);
		out->notice_at = kj_db_column_int64(s, 6);
		t = kj_db_column_text(s, 7);
		kj_strlcpy(out->notice_from, t ? t : "", sizeof out->notice_from);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the user's sign-in state");
	return 0;
}

static void bind_row(struct kj_stmt *s, const struct kj_user_signin *in, int first)
{
	kj_db_bind_int64(s, first, in->must_change ? 1 : 0);
	kj_db_bind_text(s, first + 1, in->lang);
	kj_db_bind_int64(s, first + 2, in->failed);
	kj_db_bind_int64(s, first + 3, in->failed_at);
	kj_db_bind_text(s, first + 4, in->failed_from);
	kj_db_bind_int64(s, first + 5, in->notice);
	kj_db_bind_int64(s, first + 6, in->notice_at);
	kj_db_bind_text(s, first + 7, in->notice_from);
}

int kj_store_user_signin_put(struct kj_store *st, const struct kj_user_signin *in,
			     struct kj_err *err)
{
	/* Both statements in one transaction: no other writer adds the row
	 * between the update and the insert. */
	int own = !kj_store_in_tx(st);
	if (own && kj_store_begin(st, err) < 0)
		return -1;
	struct kj_stmt *s = kj_db_kept(st, "UPDATE user_signin SET must_change = $1, lang = $2,"
				       " failed = $3, failed_at = $4, failed_from = $5,"
				       " notice = $6, notice_at = $7, notice_from = $8"
				       " WHERE user_id = $9", err);
	if (!s)
		goto fail;
	bind_row(s, in, 1);
	kj_db_bind_int64(s, 9, in->user_id);
	if (kj_db_step_done(st, s, err, "cannot write the user's sign-in state") < 0)
		goto fail;
	if (kj_db_changes(st) == 0) {
		s = kj_db_kept(st, "INSERT INTO user_signin (user_id, must_change, lang, failed,"
			       " failed_at, failed_from, notice, notice_at, notice_from)"
			       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", err);
		if (!s)
			goto fail;
		kj_db_bind_int64(s, 1, in->user_id);
		bind_row(s, in, 2);
		if (kj_db_step_done(st, s, err, "cannot write the user's sign-in state") < 0)
			goto fail;
	}
	return own ? kj_store_commit(st, err) : 0;
fail:
	if (own)
		kj_store_rollback(st);
	return -1;
}
