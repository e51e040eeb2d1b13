/*
 * Backups on SQLite: the online backup API (one read snapshot of the
 * source, while the server goes on writing), the integrity check, and what
 * a restore must know of the file it replaces. PostgreSQL's side is
 * store_backup_pg.c; the probe of a target serves both.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/db.h"
#include "store/store_backup.h"

/* A backup step that meets a writer's lock tries again, this often, 100 ms apart. */
#define BACKUP_BUSY_TRIES 100

int kj_store_sqlite_backup(struct kj_store *src, const char *dst, struct kj_err *err)
{
	if (src->drv->engine != KJ_DB_SQLITE) {
		kj_err_set(err, "internal error: a SQLite backup of a %s database",
			   src->drv->name);
		return -1;
	}
	sqlite3 *from = src->conn, *to = NULL;
	if (sqlite3_open_v2(dst, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		kj_err_set(err, "cannot open the copy %s: %s", dst,
			   to ? sqlite3_errmsg(to) : "out of memory");
		sqlite3_close(to);
		return -1;
	}
	int rc = -1;
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b) {
		kj_err_set(err, "cannot start the backup: %s", sqlite3_errmsg(to));
		goto done;
	}
	/*
	 * All pages in one step: one read transaction on the source, so the
	 * copy is one snapshot. In WAL mode it never blocks the writers; a
	 * source in rollback mode may be locked by one for a moment.
	 */
	int step, tries = 0;
	while ((step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || step == SQLITE_LOCKED) {
		if (++tries >= BACKUP_BUSY_TRIES)
			break;
		sqlite3_sleep(100);
	}
	int fin = sqlite3_backup_finish(b);
	if (step != SQLITE_DONE || fin != SQLITE_OK) {
		kj_err_set(err, "the backup did not finish: %s",
			   step == SQLITE_BUSY || step == SQLITE_LOCKED
			   ? "the database stayed locked by a writer" : sqlite3_errmsg(to));
		goto done;
	}
	/* One self-contained file: the copy is not left in WAL mode. */
	char *msg = NULL;
	if (sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg) != SQLITE_OK) {
		kj_err_set(err, "cannot settle the copy: %s", msg ? msg : sqlite3_errmsg(to));
		sqlite3_free(msg);
		goto done;
	}
	rc = 0;
done:
	if (sqlite3_close(to) != SQLITE_OK && rc == 0) {
		kj_err_set(err, "cannot close the copy %s", dst);
		rc = -1;
	}
	return rc;
}

int kj_store_integrity_check(struct kj_store *st, int *ok,
			     char problem[KJ_BACKUP_PROBLEM_MAX], struct kj_err *err)
{
	*ok = 0;
	problem[0] = '\0';
	if (st->drv->engine != KJ_DB_SQLITE) {
		*ok = 1;	/* the server keeps its own pages: nothing to ask */
		return 0;
	}
	struct kj_stmt *s;
	if (kj_db_prep(st, "PRAGMA integrity_check", &s, err) < 0)
		return -1;
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		const char *v = kj_db_column_text(s, 0);
		*ok = v && !strcmp(v, "ok");
		if (!*ok)
			kj_textf(problem, KJ_BACKUP_PROBLEM_MAX, "%s", v ? v : "no answer");
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW) {
		/* A file too damaged to be read at all: that is the answer, too. */
		kj_textf(problem, KJ_BACKUP_PROBLEM_MAX, "%s",
			 st->errmsg[0] ? st->errmsg : "cannot be read");
		*ok = 0;
	}
	return 0;
}

int kj_store_probe(const char *spec, int *exists, int *has_schema, struct kj_err *err)
{
	*exists = 0;
	*has_schema = 0;
	if (!spec || !*spec || strlen(spec) >= KJ_PATH_MAX) {
		kj_err_set(err, "no database path given, or one too long");
		return -1;
	}
	int pg = kj_db_spec_is_pg(spec);
	if (!pg) {
		struct stat sb;
		if (stat(spec, &sb) < 0) {
			if (errno == ENOENT)
				return 0;
			kj_err_set(err, "%s: %s", spec, strerror(errno));
			return -1;
		}
		if (!S_ISREG(sb.st_mode)) {
			kj_err_set(err, "%s is not a regular file", spec);
			return -1;
		}
	}
	*exists = 1;
	struct kj_store *st = calloc(1, sizeof *st);
	if (!st) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	st->drv = pg ? &kj_db_pg : &kj_db_sqlite;
	kj_strlcpy(st->spec, spec, sizeof st->spec);
	kj_db_spec_shown(spec, st->shown, sizeof st->shown);
	st->readonly = 1;
	int rc = -1;
	if (st->drv->open(st, KJ_STORE_READONLY, err) == 0 &&
	    st->drv->has_table(st, NULL, has_schema, err) == 0)
		rc = 0;
	if (rc < 0)
		kj_err_prefix(err, "%s", st->shown);
	kj_store_close(st);
	return rc;
}

int kj_store_sqlite_release(const char *path, struct kj_err *err)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		kj_err_set(err, "cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	/* Leaving WAL mode needs the only connection: another one fails it at once. */
	sqlite3_stmt *s = NULL;
	int ok = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode=DELETE", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		const unsigned char *mode = sqlite3_column_text(s, 0);
		ok = mode && !strcmp((const char *)mode, "delete");
	}
	int code = sqlite3_errcode(db) & 0xff;
	if (!ok && (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_OK ||
		    code == SQLITE_ROW))
		kj_err_set(err, "%s is in use by another process (is kijun serve running on "
			   "it? stop it first)", path);
	else if (!ok)
		kj_err_set(err, "%s: %s", path, sqlite3_errmsg(db));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return ok ? 0 : -1;
}
