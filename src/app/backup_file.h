/*
 * The files of backups and exports: written beside their final name, made
 * durable and renamed into place only when whole, never readable by others
 * (they hold operators' confidential answers), and their SHA-256 digests
 * in sha256sum's format (FILE.sha256).
 *
 * Functions return 0, or -1 with ERR set.
 */
#ifndef KJ_APP_BACKUP_FILE_H
#define KJ_APP_BACKUP_FILE_H

#include "base/limits.h"
#include "base/util.h"

#define KJ_SHA256_HEX 65	/* 32 bytes as hex, and the NUL */

/* A file being written: TMP (mode 0600, in FINAL's folder) until committed. */
struct kj_out_file {
	char final[KJ_PATH_MAX];
	char tmp[KJ_PATH_MAX];
	int fd;
	int replace;		/* the final name may exist, and is replaced */			/* open on TMP; -1 once closed */
};

/*
 * Starts PATH: refuses one that exists (a backup or an export never
 * overwrites a file) unless REPLACE, and creates the temporary file beside it.
 */
int kj_out_file_open(struct kj_out_file *f, const char *path, int replace,
		     struct kj_err *err);
/* Closes F's descriptor, flushed to disk (the file stays at F->tmp). */
int kj_out_file_close(struct kj_out_file *f, struct kj_err *err);
/* Flushes and closes F if open, renames it to its final name, and makes the rename durable. */
int kj_out_file_commit(struct kj_out_file *f, struct kj_err *err);
/* Throws F away: nothing is left at either name. */
void kj_out_file_abort(struct kj_out_file *f);

/* The SHA-256 of the file at PATH in hex, and its size. */
int kj_file_sha256(const char *path, char hex[KJ_SHA256_HEX], long long *bytes,
		   struct kj_err *err);
/*
 * Writes FILE.sha256 (mode 0600, beside FILE, as kj_out_file): "HEX  NAME",
 * NAME being FILE's last component, so that `sha256sum -c` checks it in
 * FILE's folder.
 */
int kj_digest_write(const char *file, const char hex[KJ_SHA256_HEX], struct kj_err *err);
/*
 * Checks FILE against FILE.sha256 when there is one: *PRESENT 0 when there
 * is none; else the digest file must be sha256sum's line for FILE and
 * match its content, or -1 with ERR saying why.
 */
int kj_digest_check(const char *file, int *present, char hex[KJ_SHA256_HEX],
		    struct kj_err *err);

#endif
