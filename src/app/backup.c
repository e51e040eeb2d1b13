/*
 * kijun backup and kijun restore: the order of the steps, so that a copy
 * is trusted only once checked, and a restore replaces nothing before the
 * backup has passed every check. The engines' parts are
 * store/store_backup.h; the files' are app/backup_file.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/audit_log.h"
#include "app/backup.h"
#include "store/store_backup.h"

/* The chain walked entry by entry: verified, counted, its last entry kept. */
static int chain_done(struct kj_audit_chain *c, struct kj_audit_problem *p,
		      struct kj_backup_result *out, struct kj_err *err)
{
	kj_audit_chain_end(c);
	if (!c->ok) {
		kj_err_set(err, "its audit trail does not verify, at entry %lld: %s",
			   (long long)p->id, p->reason);
		return -1;
	}
	out->audit_entries = c->checked;
	out->audit_first_keyed = c->first_keyed;
	out->last_id = c->prev_id;
	memcpy(out->last_hash, c->prev_hash, sizeof out->last_hash);
	return 0;
}

/* An open database's checks: the engine's integrity check, then the trail. */
static int check_store(struct kj_store *st, struct kj_backup_result *out, struct kj_err *err)
{
	int ok;
	char problem[KJ_BACKUP_PROBLEM_MAX];
	struct kj_audit_chain c;
	struct kj_audit_problem p;
	if (kj_store_integrity_check(st, &ok, problem, err) < 0)
		return -1;
	if (!ok) {
		kj_err_set(err, "it fails SQLite's integrity check: %s", problem);
		return -1;
	}
	if (kj_audit_chain_start(&c, &p, err) < 0 ||
	    kj_store_audit_walk(st, kj_audit_chain_next, &c, err) < 0)
		return -1;
	return chain_done(&c, &p, out, err);
}

/* A SQLite copy at PATH opened with FLAGS and checked; left open in *KEEP if given. */
static int check_sqlite(const char *path, int flags, struct kj_store **keep,
			struct kj_backup_result *out, struct kj_err *err)
{
	struct kj_store *st;
	if (keep)
		*keep = NULL;
	if (kj_store_open(&st, path, flags, err) < 0)
		return -1;
	if (check_store(st, out, err) < 0) {
		kj_store_close(st);
		return -1;
	}
	if (keep)
		*keep = st;
	else
		kj_store_close(st);
	return 0;
}

/* A pg_dump file: whole for pg_restore, and the trail it holds verifies. */
static int check_pg(const char *file, struct kj_backup_result *out, struct kj_err *err)
{
	struct kj_audit_chain c;
	struct kj_audit_problem p;
	if (kj_store_pg_dump_check(file, err) < 0 || kj_audit_chain_start(&c, &p, err) < 0 ||
	    kj_store_pg_dump_audit_walk(file, kj_audit_chain_next, &c, err) < 0)
		return -1;
	return chain_done(&c, &p, out, err);
}

/* An entry of ACTION in ST's trail, DETAIL (taken over) its JSON. */
static int record(struct kj_store *st, const char *actor, const char *action, json_t *d,
		  struct kj_err *err)
{
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	if (!detail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_audit_writer_check(st, err);
	if (rc == 0)
		rc = kj_audit_log(st, 0, actor, action, "database", NULL, detail, err);
	free(detail);
	return rc;
}

/* ERR's message with the temporary name TMP told as NAME. */
static void err_name(struct kj_err *err, const char *tmp, const char *name)
{
	char *at = strstr(err->msg, tmp);
	if (!at)
		return;
	char rest[KJ_ERR_MAX];
	kj_strlcpy(rest, at + strlen(tmp), sizeof rest);
	*at = '\0';
	char head[KJ_ERR_MAX];
	kj_strlcpy(head, err->msg, sizeof head);
	kj_textf(err->msg, sizeof err->msg, "%s%s%s", head, name, rest);
}

static int fsync_path(const char *path, struct kj_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int bad = fd < 0 || fsync(fd) < 0;
	int e = errno;
	if (fd >= 0)
		close(fd);
	if (bad) {
		kj_err_set(err, "cannot write %s: %s", path, strerror(e));
		return -1;
	}
	return 0;
}

/* The copy into F->tmp, from DB, whose backup is first recorded in its trail. */
static int copy_out(const char *db, const char *file, const char *actor, int pg,
		    struct kj_out_file *f, struct kj_err *err)
{
	struct kj_store *st;
	/*
	 * Read-only first: a database of another schema version is refused,
	 * not migrated (a backup before an upgrade must be of the old schema).
	 */
	if (kj_store_open(&st, db, KJ_STORE_READONLY, err) < 0) {
		if (strstr(err->msg, "schema version"))
			kj_err_prefix(err, "a backup never migrates: take it with the kijun "
				      "that serves the database");
		return -1;
	}
	kj_store_close(st);
	if (kj_store_open(&st, db, 0, err) < 0)
		return -1;
	int rc = record(st, actor, "db.backup", json_pack("{s:s, s:s}", "engine",
			kj_store_engine(st), "file", file), err);
	if (rc == 0 && !pg)
		rc = kj_store_sqlite_backup(st, f->tmp, err);
	kj_store_close(st);
	if (rc == 0 && pg)
		rc = kj_store_pg_dump(db, f->tmp, err);
	return rc == 0 ? fsync_path(f->tmp, err) : -1;
}

int kj_app_backup(const char *db, const char *file, const char *actor,
		  struct kj_backup_result *out, struct kj_err *err)
{
	memset(out, 0, sizeof *out);
	out->pg = kj_store_is_pg(db);
	char digest_path[KJ_PATH_MAX];
	struct stat sb;
	const char *base = strrchr(file, '/');
	if (strpbrk(base ? base : file, "\\\n\r")) {
		kj_err_set(err, "a backup's name holds no backslash or line break");
		return -1;
	}
	int w = snprintf(digest_path, sizeof digest_path, "%s.sha256", file);
	if (w < 0 || (size_t)w >= sizeof digest_path) {
		kj_err_set(err, "the file name is too long");
		return -1;
	}
	if (lstat(digest_path, &sb) == 0) {
		kj_err_set(err, "%s already exists: it is never overwritten", digest_path);
		return -1;
	}
	struct kj_out_file f;
	if (kj_out_file_open(&f, file, 0, err) < 0)
		return -1;
	if (kj_out_file_close(&f, err) < 0 || copy_out(db, file, actor, out->pg, &f, err) < 0)
		goto fail;
	if ((out->pg ? check_pg(f.tmp, out, err)
		     : check_sqlite(f.tmp, KJ_STORE_READONLY, NULL, out, err)) < 0) {
		err_name(err, f.tmp, "the copy");
		kj_err_prefix(err, "the copy fails its check");
		goto fail;
	}
	if (kj_file_sha256(f.tmp, out->digest, &out->bytes, err) < 0 ||
	    kj_out_file_commit(&f, err) < 0)
		goto fail;
	if (kj_digest_write(file, out->digest, err) < 0) {
		unlink(file);	/* a backup without its digest is not left half made */
		return -1;
	}
	return 0;
fail:
	kj_out_file_abort(&f);
	return -1;
}

/* Copies the file FROM into the open descriptor FD. */
static int copy_file(const char *from, int fd, struct kj_err *err)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	char *buf = malloc(KJ_BACKUP_IO_CHUNK);
	ssize_t n = 0;
	int rc = in >= 0 && buf ? 0 : -1;
	while (rc == 0 && (n = read(in, buf, KJ_BACKUP_IO_CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		for (ssize_t done = 0, k; rc == 0 && n > 0 && done < n; done += k)
			if ((k = write(fd, buf + done, (size_t)(n - done))) <= 0)
				rc = -1;
		if (n < 0)
			rc = -1;
	}
	if (rc < 0)
		kj_err_set(err, "cannot copy %s: %s", from, buf ? strerror(errno) : "out of memory");
	if (in >= 0)
		close(in);
	free(buf);
	return rc;
}

static json_t *restore_detail(const char *file, const struct kj_backup_result *r)
{
	return json_pack("{s:s, s:s, s:I}", "file", file, "sha256", r->digest, "entries",
			 (json_int_t)r->audit_entries);
}

/* The SQLite journal files SQLite may leave beside PATH. */
static void unlink_journals(const char *path)
{
	static const char *const ext[] = { "-wal", "-shm", "-journal" };
	char p[KJ_PATH_MAX + 16];
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
		snprintf(p, sizeof p, "%s%s", path, ext[i]);	/* cut: no such file */
		unlink(p);
	}
}

static int restore_sqlite(const char *file, const char *db, int exists, const char *actor,
			  struct kj_backup_result *out, struct kj_err *err)
{
	struct kj_out_file f;
	struct kj_store *st = NULL;
	if (kj_out_file_open(&f, db, 1, err) < 0)
		return -1;
	char tmp[KJ_PATH_MAX];
	kj_strlcpy(tmp, f.tmp, sizeof tmp);
	if (copy_file(file, f.fd, err) < 0 || kj_out_file_close(&f, err) < 0)
		goto fail;
	/* Read-write: a backup of an older schema is brought up to date here. */
	if (check_sqlite(f.tmp, 0, &st, out, err) < 0) {
		err_name(err, f.tmp, file);
		kj_err_prefix(err, "%s is not a backup that can be restored", file);
		goto fail;
	}
	int rc = record(st, actor, "db.restore", restore_detail(file, out), err);
	kj_store_close(st);
	if (rc < 0 || kj_store_sqlite_release(f.tmp, err) < 0)
		goto fail;
	if (exists && kj_store_sqlite_release(db, err) < 0)
		goto fail;
	if (kj_out_file_commit(&f, err) < 0)
		goto fail;
	out->replaced = 1;
	return 0;
fail:
	kj_out_file_abort(&f);
	unlink_journals(tmp);
	return -1;
}

static int restore_pg(const char *file, const char *db, const char *actor,
		      struct kj_backup_result *out, struct kj_err *err)
{
	if (check_pg(file, out, err) < 0) {
		kj_err_prefix(err, "%s is not a backup that can be restored (a SQLite "
			      "backup restores into a SQLite file; kijun db copy moves "
			      "between engines)", file);
		return -1;
	}
	if (kj_store_pg_restore(file, db, err) < 0)
		return -1;
	out->replaced = 1;
	/* From here the database is the backup's: checked again, and the restore recorded. */
	struct kj_store *st;
	struct kj_backup_result again = *out;
	if (kj_store_open(&st, db, 0, err) < 0)
		return -1;
	int rc = check_store(st, &again, err);
	if (rc < 0)
		kj_err_prefix(err, "the restored database");
	else if (again.audit_entries != out->audit_entries) {
		kj_err_set(err, "the restored database holds %ld audit entries, the backup %ld",
			   again.audit_entries, out->audit_entries);
		rc = -1;
	}
	if (rc == 0)
		rc = record(st, actor, "db.restore", restore_detail(file, out), err);
	kj_store_close(st);
	return rc;
}

int kj_app_restore(const char *file, const char *db, int force, const char *actor,
		   struct kj_backup_result *out, struct kj_err *err)
{
	memset(out, 0, sizeof *out);
	out->pg = kj_store_is_pg(db);
	struct stat sb;
	int exists, live, present;
	if (stat(file, &sb) < 0) {
		kj_err_set(err, "%s: %s", file, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		kj_err_set(err, "%s is not a regular file", file);
		return -1;
	}
	if (kj_store_probe(db, &exists, &live, err) < 0) {
		kj_err_prefix(err, "the target");
		return -1;
	}
	if (live && !force) {
		kj_err_set(err, "%s holds a database already: a restore replaces it only with "
			   "--force (stop kijun serve on it first)", db);
		return -1;
	}
	if (kj_digest_check(file, &present, out->digest, err) < 0)
		return -1;
	out->digest_checked = present;
	if (!present && kj_file_sha256(file, out->digest, &out->bytes, err) < 0)
		return -1;
	if (present)
		out->bytes = (long long)sb.st_size;
	return out->pg ? restore_pg(file, db, actor, out, err)
		       : restore_sqlite(file, db, exists, actor, out, err);
}
