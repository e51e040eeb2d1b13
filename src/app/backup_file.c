/*
 * Files of backups and exports: a temporary file beside the final name
 * (mode 0600 from mkstemp, whatever the umask allows more), fsync, rename,
 * fsync of the folder; SHA-256 digests in sha256sum's format.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/backup_file.h"

/* PATH's folder into DIR ("." for a bare name) and its last component into *BASE. */
static int split_path(const char *path, char *dir, size_t n, const char **base)
{
	const char *slash = strrchr(path, '/');
	*base = slash ? slash + 1 : path;
	if (!slash)
		return kj_strlcpy(dir, ".", n);
	size_t len = slash == path ? 1 : (size_t)(slash - path);
	if (len >= n)
		return -1;
	memcpy(dir, path, len);
	dir[len] = '\0';
	return 0;
}

static void sync_dir(const char *path)
{
	char dir[KJ_PATH_MAX];
	const char *base;
	if (split_path(path, dir, sizeof dir, &base) < 0)
		return;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);	/* best effort: not every file system syncs a folder */
		close(fd);
	}
}

int kj_out_file_open(struct kj_out_file *f, const char *path, int replace,
		     struct kj_err *err)
{
	struct stat sb;
	char dir[KJ_PATH_MAX];
	const char *base;
	f->fd = -1;
	f->tmp[0] = '\0';
	f->replace = replace;
	if (kj_strlcpy(f->final, path, sizeof f->final) < 0 ||
	    split_path(path, dir, sizeof dir, &base) < 0) {
		kj_err_set(err, "the file name is too long (limit %d bytes)", KJ_PATH_MAX - 1);
		return -1;
	}
	if (!*base) {
		kj_err_set(err, "%s names a folder, not a file", path);
		return -1;
	}
	if (!replace && lstat(path, &sb) == 0) {
		kj_err_set(err, "%s already exists: it is never overwritten (give a new "
			   "name, or move the old file away)", path);
		return -1;
	}
	if (!replace && errno != ENOENT) {
		kj_err_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	int w = snprintf(f->tmp, sizeof f->tmp, "%s/.%s.tmp-XXXXXX", dir, base);
	if (w < 0 || (size_t)w >= sizeof f->tmp) {
		f->tmp[0] = '\0';
		kj_err_set(err, "the file name is too long (limit %d bytes)", KJ_PATH_MAX - 32);
		return -1;
	}
	f->fd = mkstemp(f->tmp);
	if (f->fd >= 0)
		fcntl(f->fd, F_SETFD, FD_CLOEXEC);
	if (f->fd < 0) {
		kj_err_set(err, "cannot create a file in %s: %s", dir, strerror(errno));
		f->tmp[0] = '\0';
		return -1;
	}
	fchmod(f->fd, 0600);
	return 0;
}

int kj_out_file_close(struct kj_out_file *f, struct kj_err *err)
{
	if (f->fd < 0)
		return 0;
	int bad = fsync(f->fd) < 0;
	int e = errno;
	bad |= close(f->fd) < 0;
	f->fd = -1;
	if (bad) {
		kj_err_set(err, "cannot write %s: %s", f->final, strerror(e ? e : errno));
		return -1;
	}
	return 0;
}

int kj_out_file_commit(struct kj_out_file *f, struct kj_err *err)
{
	if (kj_out_file_close(f, err) < 0)
		return -1;
	/* A file made meanwhile under the final name is not replaced either. */
	struct stat sb;
	if (!f->replace && lstat(f->final, &sb) == 0) {
		kj_err_set(err, "%s appeared while it was written: it is not overwritten",
			   f->final);
		return -1;
	}
	if (rename(f->tmp, f->final) < 0) {
		kj_err_set(err, "cannot rename into %s: %s", f->final, strerror(errno));
		return -1;
	}
	f->tmp[0] = '\0';
	sync_dir(f->final);
	return 0;
}

void kj_out_file_abort(struct kj_out_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->tmp[0])
		unlink(f->tmp);
	f->tmp[0] = '\0';
}

int kj_file_sha256(const char *path, char hex[KJ_SHA256_HEX], long long *bytes,
		   struct kj_err *err)
{
	hex[0] = '\0';
	*bytes = 0;
	if (sodium_init() < 0) {
		kj_err_set(err, "cannot initialise libsodium");
		return -1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		kj_err_set(err, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	unsigned char *buf = malloc(KJ_BACKUP_IO_CHUNK), d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state h;
	ssize_t n = 0;
	crypto_hash_sha256_init(&h);
	while (buf && ((n = read(fd, buf, KJ_BACKUP_IO_CHUNK)) > 0 || (n < 0 && errno == EINTR)))
		if (n > 0) {
			crypto_hash_sha256_update(&h, buf, (unsigned long long)n);
			*bytes += n;
		}
	int e = errno;
	close(fd);
	free(buf);
	if (!buf || n < 0) {
		kj_err_set(err, "cannot read %s: %s", path, buf ? strerror(e) : "out of memory");
		return -1;
	}
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, KJ_SHA256_HEX, d, sizeof d);
	return 0;
}

int kj_digest_write(const char *file, const char hex[KJ_SHA256_HEX], struct kj_err *err)
{
	char path[KJ_PATH_MAX], dir[KJ_PATH_MAX], line[KJ_PATH_MAX + KJ_SHA256_HEX + 8];
	const char *base;
	int w = snprintf(path, sizeof path, "%s.sha256", file);
	if (w < 0 || (size_t)w >= sizeof path || split_path(file, dir, sizeof dir, &base) < 0) {
		kj_err_set(err, "the file name is too long");
		return -1;
	}
	if (strpbrk(base, "\\\n\r")) {
		/* sha256sum would escape it; one line per file keeps it simple. */
		kj_err_set(err, "%s: a backup's name holds no backslash or line break", file);
		return -1;
	}
	int n = snprintf(line, sizeof line, "%s  %s\n", hex, base);
	if (n < 0 || (size_t)n >= sizeof line) {
		kj_err_set(err, "the file name is too long");
		return -1;
	}
	struct kj_out_file f;
	if (kj_out_file_open(&f, path, 0, err) < 0)
		return -1;
	if (write(f.fd, line, (size_t)n) != n) {
		kj_err_set(err, "cannot write %s: %s", path, strerror(errno));
		kj_out_file_abort(&f);
		return -1;
	}
	if (kj_out_file_commit(&f, err) < 0) {
		kj_out_file_abort(&f);
		return -1;
	}
	return 0;
}

int kj_digest_check(const char *file, int *present, char hex[KJ_SHA256_HEX],
		    struct kj_err *err)
{
	char path[KJ_PATH_MAX];
	struct stat sb;
	*present = 0;
	hex[0] = '\0';
	int w = snprintf(path, sizeof path, "%s.sha256", file);
	if (w < 0 || (size_t)w >= sizeof path) {
		kj_err_set(err, "the file name is too long");
		return -1;
	}
	if (lstat(path, &sb) < 0 && errno == ENOENT)
		return 0;
	*present = 1;
	char *text = NULL;
	size_t len = 0;
	if (kj_read_file(path, KJ_BACKUP_DIGEST_FILE_MAX, &text, &len, err) < 0)
		return -1;
	/* sha256sum's line: 64 hex digits, a space, ' ' or '*' (binary), the name. */
	char want[KJ_SHA256_HEX];
	int ok = len > 66 && (text[65] == ' ' || text[65] == '*') && text[64] == ' ';
	for (int i = 0; ok && i < 64; i++) {
		int v = kj_hex_value(text[i]);
		ok = v >= 0;
		want[i] = "0123456789abcdef"[v & 15];
	}
	want[64] = '\0';
	free(text);
	if (!ok) {
		kj_err_set(err, "%s is not a SHA-256 digest as sha256sum writes it", path);
		return -1;
	}
	long long bytes;
	if (kj_file_sha256(file, hex, &bytes, err) < 0)
		return -1;
	if (strcmp(hex, want)) {
		kj_err_set(err, "%s does not match its digest %s: the file was damaged or "
			   "changed after the backup", file, path);
		return -1;
	}
	return 0;
}
