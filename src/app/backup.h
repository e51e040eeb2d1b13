/*
 * Backup and restore of a whole installation (kijun backup, kijun
 * restore): Part 3 of the standard, 3.4.3.3 (backups kept apart, recovery
 * tested). A SQLite database is copied with SQLite's online backup API, a
 * PostgreSQL one with pg_dump; each copy is checked before it is trusted
 * (SQLite's integrity check; the audit trail verified on what the copy
 * holds), and a digest is written beside it.
 *
 * Functions return 0, or -1 with ERR set; on failure nothing is left at
 * the backup's names, and a restore has changed nothing.
 */
#ifndef KJ_APP_BACKUP_H
#define KJ_APP_BACKUP_H

#include <stdint.h>

#include "app/backup_file.h"
#include "model/audit.h"

struct kj_backup_result {
	int pg;				/* PostgreSQL (a pg_dump file), else SQLite */
	long audit_entries;		/* verified on the copy */
	int64_t audit_first_keyed;	/* 0: none keyed */
	int64_t last_id;		/* the copy's last audit entry: an anchor */
	char last_hash[KJ_AUDIT_HASH_HEX];
	char digest[KJ_SHA256_HEX];	/* SHA-256 of the backup file */
	int digest_checked;		/* restore: FILE.sha256 was there and matched */
	int replaced;			/* restore: DB holds the backup now (set even when
					 * a check after pg_restore failed) */
	long long bytes;
};

/*
 * Backs DB up into the new file FILE (refused if it exists) and FILE.sha256,
 * while other processes go on writing. First records the backup in DB's
 * audit trail under ACTOR (so the copy holds the entry that made it), then
 * copies into a temporary file beside FILE, checks it, and renames it.
 */
int kj_app_backup(const char *db, const char *file, const char *actor,
		  struct kj_backup_result *out, struct kj_err *err);

/*
 * Restores the backup FILE into DB. Refuses a DB that holds a database
 * (any table) unless FORCE, and a FILE that does not match FILE.sha256 (if
 * there is one), that is not a whole backup, or whose audit trail does not
 * verify, all before anything is replaced. SQLite: FILE is copied into a
 * temporary file beside DB, checked, its restore recorded in its audit
 * trail, and renamed over DB (refused while another process has DB open).
 * PostgreSQL: the dump is checked, restored by pg_restore in one
 * transaction, and the restore recorded.
 */
int kj_app_restore(const char *file, const char *db, int force, const char *actor,
		   struct kj_backup_result *out, struct kj_err *err);

#endif
