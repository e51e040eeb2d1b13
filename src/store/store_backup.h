/*
 * Backups of a whole database and their checks (kijun backup and restore),
 * the engine's part: SQLite's online backup API and integrity check
 * (store_backup.c); PostgreSQL's pg_dump and pg_restore, run without a
 * shell, and the audit trail read back out of a dump (store_backup_pg.c).
 * The files around them (temporary names, digests, renames) and the order
 * of the steps are the use case's (src/app/backup.c).
 *
 * Functions return 0 on success and -1 with ERR set on failure.
 */
#ifndef KJ_STORE_STORE_BACKUP_H
#define KJ_STORE_STORE_BACKUP_H

#include "model/audit.h"
#include "store/store.h"
#include "store/store_audit.h"

/* Bytes of the engine's answer kept from an integrity check. */
#define KJ_BACKUP_PROBLEM_MAX 256

/*
 * Copies the SQLite database SRC (open, read-only is enough) into the file
 * DST (an empty file, or a database to replace), in one read snapshot of
 * SRC, so that writers of other connections go on while it copies and the
 * copy is consistent. The copy is left in rollback-journal mode: one file,
 * with no -wal beside it. SQLite only.
 */
int kj_store_sqlite_backup(struct kj_store *src, const char *dst, struct kj_err *err);

/*
 * SQLite's PRAGMA integrity_check on ST: *OK 1 when it answers "ok", else 0
 * with its first answer in PROBLEM (size KJ_BACKUP_PROBLEM_MAX). On
 * PostgreSQL, which has no such check of a database, *OK is 1.
 */
int kj_store_integrity_check(struct kj_store *st, int *ok,
			     char problem[KJ_BACKUP_PROBLEM_MAX], struct kj_err *err);

/*
 * What SPEC (a SQLite path or a PostgreSQL URI) holds now: *EXISTS 0 when
 * a SQLite file is not there; *HAS_SCHEMA 1 when it has any table (a live
 * database). Nothing is created or changed.
 */
int kj_store_probe(const char *spec, int *exists, int *has_schema, struct kj_err *err);

/*
 * Before a SQLite file is replaced: its journal is folded back into it and
 * set to rollback mode, so that no -wal or -shm beside it is left to be
 * read with the new file. Fails, saying so, while another process has it
 * open (kijun serve): a database in use is never replaced.
 */
int kj_store_sqlite_release(const char *path, struct kj_err *err);

/*
 * pg_dump --format=custom of the PostgreSQL database SPEC into the file
 * OUT (replaced). The password, if SPEC has one, goes to pg_dump in its
 * environment, never in its arguments. Says so clearly when pg_dump is not
 * installed.
 */
int kj_store_pg_dump(const char *spec, const char *out, struct kj_err *err);
/* pg_restore --list of FILE: it is a whole dump pg_restore can read. */
int kj_store_pg_dump_check(const char *file, struct kj_err *err);
/*
 * The audit trail as the dump FILE holds it (its audit_entry rows, read by
 * pg_restore), given to FN in id order, as kj_store_audit_walk gives them.
 */
int kj_store_pg_dump_audit_walk(const char *file, kj_audit_walk_fn fn, void *ctx,
				struct kj_err *err);
/*
 * pg_restore --clean --if-exists --single-transaction of FILE into SPEC:
 * all of it or, on any error, nothing.
 */
int kj_store_pg_restore(const char *file, const char *spec, struct kj_err *err);

#endif
