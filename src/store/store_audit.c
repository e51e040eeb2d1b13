/*
 * The SQLite driver: the audit trail's rows. Hashing and the chain's rules
 * live in model/audit.c; this file only reads the tail, inserts an entry
 * with the id the model hashed, and reads entries back for verification
 * and listing.
 */
#include <string.h>

#include "store/db.h"
#include "store/store_audit.h"

#define AUDIT_COLS "id, at, actor_user_id, actor, action, object_type," \
		   " object_id, detail, prev_hash, hash"

int kj_store_in_tx(struct kj_store *st)
{
	return st->in_tx;
}

int kj_store_audit_tail(struct kj_store *st, int64_t *id,
			char hash[KJ_AUDIT_HASH_HEX], struct kj_err *err)
{
	*id = 0;
	memset(hash, '0', KJ_AUDIT_HASH_HEX - 1);
	hash[KJ_AUDIT_HASH_HEX - 1] = '\0';
	struct kj_stmt *s = kj_db_kept(st, "SELECT id, hash FROM audit_entry"
				     " ORDER BY id DESC LIMIT 1", err);
	if (!s)
		return -1;
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*id = kj_db_column_int64(s, 0);
		const char *h = (const char *)kj_db_column_text(s, 1);
		/* A damaged tail hash is chained as it is; verify reports it. */
		if (!h || kj_strlcpy(hash, h, KJ_AUDIT_HASH_HEX) < 0)
			hash[0] = '\0';
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the audit trail");
	return 0;
}

/* Binds V, or NULL for an empty string (see struct kj_audit_entry). */
static void bind_opt(struct kj_stmt *s, int i, const char *v)
{
	kj_db_bind_text(s, i, v && *v ? v : NULL);
}

int kj_store_audit_insert(struct kj_store *st, const struct kj_audit_entry *e,
			  struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO audit_entry (" AUDIT_COLS ")"
				     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, e->id);
	kj_db_bind_text(s, 2, e->at);
	if (e->actor_user_id)
		kj_db_bind_int64(s, 3, e->actor_user_id);
	else
		kj_db_bind_null(s, 3);
	kj_db_bind_text(s, 4, e->actor);
	kj_db_bind_text(s, 5, e->action);
	bind_opt(s, 6, e->object_type);
	bind_opt(s, 7, e->object_id);
	bind_opt(s, 8, e->detail);
	kj_db_bind_text(s, 9, e->prev_hash);
	kj_db_bind_text(s, 10, e->hash);
	return kj_db_step_done(st, s, err, "cannot append to the audit trail");
}

/*
 * Copies column I into OUT of size N. Returns 1 when the value cannot have
 * been written by kijun: longer than the field, or with a NUL inside (a C
 * string would silently end there, and a cut value could hash as the
 * original did).
 */
static int copy_col(struct kj_stmt *s, int i, char *out, size_t n)
{
	const char *v = kj_db_column_text(s, i);
	size_t len = (size_t)kj_db_column_bytes(s, i);
	out[0] = '\0';
	if (!v)
		return 0;
	int bad = len >= n || memchr(v, '\0', len) != NULL;
	size_t keep = len < n ? len : n - 1;
	memcpy(out, v, keep);
	out[keep] = '\0';
	return bad;
}

/* Fills E from a row of AUDIT_COLS; returns 1 if the row is malformed. */
static int read_entry(struct kj_stmt *s, struct kj_audit_entry *e)
{
	int bad = 0;
	e->id = kj_db_column_int64(s, 0);
	bad |= copy_col(s, 1, e->at, sizeof e->at);
	e->actor_user_id = kj_db_column_int64(s, 2);
	bad |= copy_col(s, 3, e->actor, sizeof e->actor);
	bad |= copy_col(s, 4, e->action, sizeof e->action);
	bad |= copy_col(s, 5, e->object_type, sizeof e->object_type);
	bad |= copy_col(s, 6, e->object_id, sizeof e->object_id);
	bad |= copy_col(s, 7, e->detail, sizeof e->detail);
	bad |= copy_col(s, 8, e->prev_hash, sizeof e->prev_hash);
	bad |= copy_col(s, 9, e->hash, sizeof e->hash);
	return bad;
}

int kj_store_audit_walk(struct kj_store *st, kj_audit_walk_fn fn, void *ctx,
			struct kj_err *err)
{
	struct kj_stmt *s;
	/* One statement reads one consistent snapshot, even in WAL mode. */
	if (kj_db_prep(st, "SELECT " AUDIT_COLS " FROM audit_entry ORDER BY id", &s,
		       err) < 0)
		return -1;
	struct kj_audit_entry e;
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int bad = read_entry(s, &e);
		if (fn(ctx, &e, bad))
			break;
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the audit trail");
	return 0;
}

int kj_store_audit_get(struct kj_store *st, int64_t id, struct kj_audit_entry *e,
		       int *found, struct kj_err *err)
{
	struct kj_stmt *s;
	*found = 0;
	if (kj_db_prep(st, "SELECT " AUDIT_COLS " FROM audit_entry WHERE id = $1", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		read_entry(s, e);
		*found = 1;
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read an audit entry");
	return 0;
}

int kj_store_audit_list(struct kj_store *st, const struct kj_audit_filter *f,
			struct kj_audit_entry *out, int max, int *n,
			struct kj_err *err)
{
	struct kj_stmt *s;
	*n = 0;
	/*
	 * One fixed statement; a NULL parameter switches its filter off. The
	 * action prefix is compared with substr, not LIKE, so that '_' and '%'
	 * in it mean themselves.
	 */
	if (kj_db_prep(st, "SELECT " AUDIT_COLS " FROM audit_entry"
		       " WHERE (CAST($1 AS TEXT) IS NULL OR actor = $1)"
		       " AND (CAST($2 AS TEXT) IS NULL OR substr(action, 1, length($2)) = $2)"
		       " AND (CAST($3 AS TEXT) IS NULL OR object_type = $3)"
		       " AND (CAST($4 AS TEXT) IS NULL OR at >= $4)"
		       " AND (CAST($5 AS TEXT) IS NULL OR at < $5)"
		       " ORDER BY id DESC LIMIT $6 OFFSET $7", &s, err) < 0)
		return -1;
	int limit = f->limit < max ? f->limit : max;
	bind_opt(s, 1, f->actor);
	bind_opt(s, 2, f->action);
	bind_opt(s, 3, f->object_type);
	bind_opt(s, 4, f->since);
	bind_opt(s, 5, f->before);
	kj_db_bind_int(s, 6, limit);
	kj_db_bind_int64(s, 7, f->offset);
	int rc = KJ_DB_DONE;
	while (*n < limit && (rc = kj_db_step(s)) == KJ_DB_ROW)
		read_entry(s, &out[(*n)++]);
	kj_db_finalize(s);
	if (*n < limit && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot list the audit trail");
	return 0;
}
