/*
 * The SQLite driver: users (app_user, user_sector) and the organisation
 * look-ups that adding a user needs. The role rule itself is
 * kj_user_scope_check (model/user.c); what needs the database (the
 * operator's organisation, the ministry, the CEPTOAR's sectors exist) is
 * checked here, inside the transaction that writes the user. A ministry
 * user's sectors are its ministry's (sector_ministry), read when the user
 * is loaded; user_sector holds only CEPTOAR users' sectors.
 */
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store_users.h"

#define USER_COLS "u.id, u.login, u.display_name, u.role, u.organisation_id," \
		  " u.disabled, u.password_hash, u.ministry_code"

/* Opens a transaction unless the caller has one; *OWN says whose it is. */
static int tx_open(struct kj_store *st, int *own, struct kj_err *err)
{
	*own = !st->in_tx;
	return *own ? kj_store_begin(st, err) : 0;
}

/* Ends a transaction tx_open began; the caller's is left to the caller. */
static int tx_close(struct kj_store *st, int own, int rc, struct kj_err *err)
{
	if (!own)
		return rc;
	if (rc < 0) {
		kj_store_rollback(st);
		return -1;
	}
	return kj_store_commit(st, err);
}

static void col_text(struct kj_stmt *s, int i, char *out, size_t n)
{
	const char *v = (const char *)kj_db_column_text(s, i);
	if (!v || kj_strlcpy(out, v, n) < 0)
		out[0] = '\0';
}

/* Fills U from a row of USER_COLS. */
static int read_user(struct kj_stmt *s, struct kj_user *u, int with_hash,
		     struct kj_err *err)
{
	memset(u, 0, sizeof *u);
	u->id = kj_db_column_int64(s, 0);
	col_text(s, 1, u->login, sizeof u->login);
	col_text(s, 2, u->display_name, sizeof u->display_name);
	int role = kj_role_parse((const char *)kj_db_column_text(s, 3));
	if (role < 0) {
		kj_err_set(err, "user %lld has an unknown role", (long long)u->id);
		return -1;
	}
	u->role = (enum kj_role)role;
	u->org_id = kj_db_column_int64(s, 4);
	u->disabled = kj_db_column_int(s, 5) != 0;
	if (with_hash)
		col_text(s, 6, u->password_hash, sizeof u->password_hash);
	if (u->role == KJ_ROLE_MINISTRY)
		col_text(s, 7, u->ministry, sizeof u->ministry);
	return 0;
}

static int add_sector(struct kj_user *u, const char *code, int partial,
		      struct kj_err *err)
{
	if (u->nsectors >= KJ_USER_SECTORS_MAX) {
		kj_err_set(err, "user %s has more than %d sectors", u->login,
			   KJ_USER_SECTORS_MAX);
		return -1;
	}
	if (!code || kj_strlcpy(u->sectors[u->nsectors], code, KJ_SECTOR_CODE_MAX) < 0) {
		kj_err_set(err, "user %s has a bad sector code", u->login);
		return -1;
	}
	u->sector_partial[u->nsectors] = partial != 0;
	u->nsectors++;
	return 0;
}

/* The user's sectors: a ministry user's ministry's, a CEPTOAR user's own
 * (read for every signed-in request: the statements are kept prepared). */
static int load_sectors(struct kj_store *st, struct kj_user *u, struct kj_err *err)
{
	struct kj_stmt *s;
	u->nsectors = 0;
	if (u->role == KJ_ROLE_MINISTRY) {
		if (!(s = kj_db_kept(st, "SELECT sector_code, 1 - whole FROM sector_ministry"
				     " WHERE ministry_code = $1 ORDER BY sector_code", err)))
			return -1;
		kj_db_bind_text(s, 1, u->ministry);
	} else {
		if (!(s = kj_db_kept(st, "SELECT sector_code, 0 FROM user_sector WHERE user_id = $1"
				     " ORDER BY sector_code", err)))
			return -1;
		kj_db_bind_int64(s, 1, u->id);
	}
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (add_sector(u, (const char *)kj_db_column_text(s, 0),
			       kj_db_column_int(s, 1), err) < 0) {
			kj_db_reset(s);
			return -1;
		}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read user sectors");
}

/* One user selected by SQL with one parameter: TEXT if not NULL, else ID. */
static int user_one(struct kj_store *st, const char *sql, const char *text,
		    int64_t id, struct kj_user *out, int *found, struct kj_err *err)
{
	*found = 0;
	memset(out, 0, sizeof *out);
	/* SQL is a literal of the callers below, kept prepared (every request). */
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	if (text)
		kj_db_bind_text(s, 1, text);
	else
		kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_DONE) {
		kj_db_reset(s);
		return 0;
	}
	if (rc != KJ_DB_ROW) {
		kj_db_reset(s);
		return kj_db_fail(st, err, "cannot read user");
	}
	rc = read_user(s, out, 1, err);
	kj_db_reset(s);
	if (rc < 0 || load_sectors(st, out, err) < 0)
		return -1;
	*found = 1;
	return 0;
}

int kj_store_user_by_login(struct kj_store *st, const char *login,
			   struct kj_user *out, int *found, struct kj_err *err)
{
	if (!login) {
		*found = 0;
		return 0;
	}
	return user_one(st, "SELECT " USER_COLS " FROM app_user u WHERE u.login = $1",
			login, 0, out, found, err);
}

int kj_store_user_by_id(struct kj_store *st, int64_t id, struct kj_user *out,
			int *found, struct kj_err *err)
{
	return user_one(st, "SELECT " USER_COLS " FROM app_user u WHERE u.id = $1",
			NULL, id, out, found, err);
}

int kj_store_user_list(struct kj_store *st, struct kj_user *out, int max,
		       int *n, struct kj_err *err)
{
	*n = 0;
	struct kj_stmt *s;
	/* One pass: a user's sector rows arrive together, folded as they come. A
	 * ministry user's are its ministry's, a CEPTOAR user's its own. */
	if (kj_db_prep(st, "SELECT " USER_COLS ", us.sector_code, us.partial FROM app_user u"
		       " LEFT JOIN (SELECT x.user_id, x.sector_code, 0 AS partial"
		       "  FROM user_sector x JOIN app_user a ON a.id = x.user_id"
		       "  WHERE a.role <> 'ministry'"
		       "  UNION ALL SELECT a.id, sm.sector_code, 1 - sm.whole"
		       "  FROM app_user a JOIN sector_ministry sm"
		       "  ON sm.ministry_code = a.ministry_code WHERE a.role = 'ministry') us"
		       " ON us.user_id = u.id"
		       " ORDER BY u.login, us.sector_code", &s, err) < 0)
		return -1;
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int64_t id = kj_db_column_int64(s, 0);
		struct kj_user *u = *n > 0 && out[*n - 1].id == id ? &out[*n - 1] : NULL;
		if (!u) {
			if (*n >= max)
				break;
			u = &out[(*n)++];
			if (read_user(s, u, 0, err) < 0)
				goto fail;
		}
		const char *code = (const char *)kj_db_column_text(s, 8);
		if (code && add_sector(u, code, kj_db_column_int(s, 9), err) < 0)
			goto fail;
	}
	kj_db_finalize(s);
	return rc == KJ_DB_DONE || rc == KJ_DB_ROW ? 0
	       : kj_db_fail(st, err, "cannot list users");
fail:
	kj_db_finalize(s);
	return -1;
}

/* *YES 1 if SQL with one text parameter returns a row. */
static int exists_text(struct kj_store *st, const char *sql, const char *v,
		       int *yes, struct kj_err *err)
{
	struct kj_stmt *s;
	*yes = 0;
	if (kj_db_prep(st, sql, &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, v);
	int rc = kj_db_step(s);
	kj_db_finalize(s);
	if (rc == KJ_DB_ROW)
		*yes = 1;
	else if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "database error");
	return 0;
}

int kj_store_org_exists(struct kj_store *st, int64_t id, int *exists,
			struct kj_err *err)
{
	struct kj_stmt *s;
	*exists = 0;
	if (kj_db_prep(st, "SELECT 1 FROM organisation WHERE id = $1", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	kj_db_finalize(s);
	if (rc == KJ_DB_ROW)
		*exists = 1;
	else if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read organisations");
	return 0;
}

int kj_store_org_by_corpnum(struct kj_store *st, const char *corporate_number,
			    int64_t *id, struct kj_err *err)
{
	struct kj_stmt *s;
	*id = 0;
	if (kj_db_prep(st, "SELECT id FROM organisation WHERE corporate_number = $1",
		       &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, corporate_number);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		*id = kj_db_column_int64(s, 0);
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read organisations");
	return 0;
}

int kj_store_org_corpnum(struct kj_store *st, int64_t id, char out[16],
			 struct kj_err *err)
{
	struct kj_stmt *s;
	out[0] = '\0';
	if (kj_db_prep(st, "SELECT corporate_number FROM organisation WHERE id = $1",
		       &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		col_text(s, 0, out, 16);
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read organisations");
	return 0;
}

/* "ict, finance, ..." of the sectors (or ministries) in the database, for an
 * error message. */
static void list_codes(struct kj_store *st, const char *sql, char *out, size_t n)
{
	struct kj_stmt *s;
	size_t len = 0;
	out[0] = '\0';
	if (kj_db_prep(st, sql, &s, NULL) < 0)
		return;
	while (kj_db_step(s) == KJ_DB_ROW) {
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "",
				 (const char *)kj_db_column_text(s, 0));
		if (w < 0 || (size_t)w >= n - len) {
			out[len] = '\0';	/* a cut list is still a useful hint */
			break;
		}
		len += (size_t)w;
	}
	kj_db_finalize(s);
}

/* The rules on U that need no database. */
static int check_user(const struct kj_user *u, struct kj_err *err)
{
	const char *role = kj_role_name(u->role);
	if (!role) {
		kj_err_set(err, "unknown role");
		return -1;
	}
	if (!kj_login_valid(u->login)) {
		kj_err_set(err, "login '%.*s' is not valid: use 3 to %d of a-z, 0-9, '.', "
			   "'_' and '-', starting with a letter or digit",
			   KJ_LOGIN_MAX, u->login, KJ_LOGIN_MAX - 1);
		return -1;
	}
	size_t dn = strnlen(u->display_name, sizeof u->display_name);
	if (dn == 0 || dn >= sizeof u->display_name ||
	    !kj_utf8_valid_text(u->display_name, dn) ||
	    strpbrk(u->display_name, "\t\n")) {
		kj_err_set(err, "the display name must be 1 to %d bytes of UTF-8 text "
			   "on one line", KJ_DISPLAY_MAX - 1);
		return -1;
	}
	if (strnlen(u->password_hash, sizeof u->password_hash) >= sizeof u->password_hash) {
		kj_err_set(err, "the password hash is too long");
		return -1;
	}
	if (kj_user_scope_check(u->role, u->org_id != 0, u->ministry[0] != '\0',
				u->nsectors, NULL, err) < 0)
		return -1;
	if (u->org_id < 0) {
		kj_err_set(err, "an operator needs an organisation");
		return -1;
	}
	if (u->ministry[0] && !kj_ministry_code_valid(u->ministry)) {
		kj_err_set(err, "a ministry code is 1 to %d of a-z, 0-9, '_' and '-'",
			   KJ_MINISTRY_CODE_MAX - 1);
		return -1;
	}
	for (int i = 0; i < u->nsectors; i++)
		if (strnlen(u->sectors[i], KJ_SECTOR_CODE_MAX) == 0 ||
		    strnlen(u->sectors[i], KJ_SECTOR_CODE_MAX) >= KJ_SECTOR_CODE_MAX) {
			kj_err_set(err, "a sector code is empty or too long");
			return -1;
		}
	return 0;
}

/* The rules on U that need the database, then the rows; in a transaction. */
static int insert_user(struct kj_store *st, struct kj_user *u, struct kj_err *err)
{
	int yes;
	if (exists_text(st, "SELECT 1 FROM app_user WHERE login = $1", u->login,
			&yes, err) < 0)
		return -1;
	if (yes) {
		kj_err_set(err, "login %s is taken", u->login);
		return -1;
	}
	if (u->org_id) {
		if (kj_store_org_exists(st, u->org_id, &yes, err) < 0)
			return -1;
		if (!yes) {
			kj_err_set(err, "no organisation with id %lld", (long long)u->org_id);
			return -1;
		}
	}
	if (u->ministry[0]) {
		if (exists_text(st, "SELECT 1 FROM ministry WHERE code = $1", u->ministry,
				&yes, err) < 0)
			return -1;
		if (!yes) {
			char codes[512];
			list_codes(st, "SELECT code FROM ministry ORDER BY code", codes,
				   sizeof codes);
			kj_err_set(err, "no ministry '%s' (ministries: %s)", u->ministry,
				   *codes ? codes : "none loaded; run 'kijun init'");
			return -1;
		}
	}
	for (int i = 0; i < u->nsectors; i++) {
		if (exists_text(st, "SELECT 1 FROM sector WHERE code = $1", u->sectors[i],
				&yes, err) < 0)
			return -1;
		if (!yes) {
			char codes[512];
			list_codes(st, "SELECT code FROM sector ORDER BY ord", codes,
				   sizeof codes);
			kj_err_set(err, "no sector '%s' (sectors: %s)", u->sectors[i],
				   *codes ? codes : "none loaded; run 'kijun init'");
			return -1;
		}
	}
	struct kj_stmt *s;
	char now[32];
	kj_now_iso(now);
	if (kj_db_prep(st, "INSERT INTO app_user (login, display_name, role,"
		       " organisation_id, password_hash, disabled, created_at, ministry_code)"
		       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, u->login);
	kj_db_bind_text(s, 2, u->display_name);
	kj_db_bind_text(s, 3, kj_role_name(u->role));
	if (u->org_id)
		kj_db_bind_int64(s, 4, u->org_id);
	else
		kj_db_bind_null(s, 4);
	kj_db_bind_text(s, 5, u->password_hash[0] ? u->password_hash : NULL);
	kj_db_bind_int(s, 6, u->disabled ? 1 : 0);
	kj_db_bind_text(s, 7, now);
	kj_db_bind_text(s, 8, u->ministry[0] ? u->ministry : NULL);
	int rc = kj_db_step_done(st, s, err, "cannot add user");
	kj_db_finalize(s);
	if (rc < 0)
		return -1;
	u->id = kj_db_last_id(st);
	if (u->nsectors && kj_db_prep(st, "INSERT INTO user_sector (user_id, sector_code)"
				      " VALUES ($1, $2) ON CONFLICT DO NOTHING", &s, err) < 0)
		return -1;
	for (int i = 0; i < u->nsectors; i++) {
		kj_db_bind_int64(s, 1, u->id);
		kj_db_bind_text(s, 2, u->sectors[i]);
		if (kj_db_step_done(st, s, err, "cannot add user sector") < 0) {
			kj_db_finalize(s);
			return -1;
		}
	}
	if (u->nsectors)
		kj_db_finalize(s);
	return 0;
}

int kj_store_user_add(struct kj_store *st, struct kj_user *u, struct kj_err *err)
{
	int own;
	if (check_user(u, err) < 0 || tx_open(st, &own, err) < 0)
		return -1;
	int64_t was = u->id;
	int rc = insert_user(st, u, err);
	if (tx_close(st, own, rc, err) < 0) {
		u->id = was;
		return -1;
	}
	return 0;
}

/* Runs an UPDATE of one user, then ends the user's sessions and API tokens
 * if asked (a password changed, the account disabled). */
static int update_user(struct kj_store *st, int64_t id, struct kj_stmt *s,
		       int end_sessions, struct kj_err *err)
{
	int own;
	if (tx_open(st, &own, err) < 0) {
		kj_db_finalize(s);
		return -1;
	}
	int rc = kj_db_step_done(st, s, err, "cannot update user");
	kj_db_finalize(s);
	if (rc == 0 && kj_db_changes(st) == 0) {
		kj_err_set(err, "no user with id %lld", (long long)id);
		rc = -1;
	}
	/* Sessions end, and API tokens are revoked for good: enabling the user
	 * again, or the old password, brings none of them back. */
	static const char *const end[] = {
		"DELETE FROM session WHERE user_id = $1",
		"UPDATE api_token SET revoked = 1 WHERE user_id = $1 AND revoked = 0",
	};
	for (size_t i = 0; rc == 0 && end_sessions && i < sizeof end / sizeof end[0]; i++) {
		if (kj_db_prep(st, end[i], &s, err) < 0) {
			rc = -1;
		} else {
			kj_db_bind_int64(s, 1, id);
			rc = kj_db_step_done(st, s, err, "cannot end sessions and tokens");
			kj_db_finalize(s);
		}
	}
	return tx_close(st, own, rc, err);
}

int kj_store_user_set_disabled(struct kj_store *st, int64_t id, int disabled,
			       struct kj_err *err)
{
	struct kj_stmt *s;
	if (kj_db_prep(st, "UPDATE app_user SET disabled = $1 WHERE id = $2", &s, err) < 0)
		return -1;
	kj_db_bind_int(s, 1, disabled ? 1 : 0);
	kj_db_bind_int64(s, 2, id);
	return update_user(st, id, s, disabled, err);
}

int kj_store_user_set_password(struct kj_store *st, int64_t id,
			       const char *hash, struct kj_err *err)
{
	if (!hash || !*hash || strnlen(hash, KJ_PWHASH_MAX) >= KJ_PWHASH_MAX) {
		kj_err_set(err, "no valid password hash given");
		return -1;
	}
	struct kj_stmt *s;
	if (kj_db_prep(st, "UPDATE app_user SET password_hash = $1 WHERE id = $2",
		       &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, hash);
	kj_db_bind_int64(s, 2, id);
	return update_user(st, id, s, 1, err);
}
