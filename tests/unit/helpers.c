/* Helpers for the unit tests: files, folders and scratch databases. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "app/demo.h"
#include "model/catalog.h"
#include "model/reference.h"
#include "store/store.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"

char *th_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *p = malloc(cap + 1);
	while (p) {
		size_t got = fread(p + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		char *q = realloc(p, 2 * cap + 1);
		if (!q) {
			free(p);
			p = NULL;
			break;
		}
		p = q;
		cap *= 2;
	}
	int bad = ferror(f);
	fclose(f);
	if (!p || bad) {
		free(p);
		return NULL;
	}
	p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

int th_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	int bad = fwrite(data, 1, len, f) != len;
	bad |= fclose(f) != 0;
	return bad ? -1 : 0;
}

int th_copy(const char *from, const char *to)
{
	size_t n;
	char *p = th_slurp(from, &n);
	if (!p)
		return -1;
	int rc = th_write(to, p, n);
	free(p);
	return rc;
}

int th_copy_dir(const char *from, const char *to)
{
	if (mkdir(to, 0700) < 0)
		return -1;
	DIR *d = opendir(from);
	if (!d)
		return -1;
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char a[4096], b[4096];
		snprintf(a, sizeof a, "%s/%s", from, e->d_name);
		snprintf(b, sizeof b, "%s/%s", to, e->d_name);
		rc = th_copy(a, b);
	}
	closedir(d);
	return rc;
}

void th_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char p[4096];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

void th_rm_db(const char *path)
{
	if (kj_test_db_is_pg(path)) {
		kj_test_db_reset(path);
		return;
	}
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char p[4096];
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

/* On PostgreSQL kj_test_db_copy drops TO and makes it anew as the copy in one
 * step: no empty database first (each CREATE DATABASE costs the server a
 * checkpoint). */
void th_copy_db(const char *from, const char *to)
{
	int pg = kj_test_db_is_pg(from);
	if (!pg)
		th_rm_db(to);
	if (pg ? kj_test_db_copy(from, to) < 0 : th_copy(from, to) < 0)
		fail_msg("copying %s to %s failed", from, to);
}

int th_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* th_init_db's steps on a new database at PATH, the store left open. */
static struct kj_store *init_steps(const char *path)
{
	struct kj_store *st = NULL;
	struct kj_catalog cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	struct kj_err err = { "" };
	int created = 0;
	th_rm_db(path);
	if (kj_catalog_load_embedded(&cat, &err) < 0)
		fail_msg("embedded catalog: %s", err.msg);
	if (kj_reference_prefectures(prefs, &err) < 0 ||
	    kj_store_open(&st, path, KJ_STORE_CREATE, &err) < 0 ||
	    kj_store_catalog_put(st, &cat, &created, &err) < 0 ||
	    kj_store_begin(st, &err) < 0) {
		kj_catalog_free(&cat);
		kj_store_close(st);
		fail_msg("init %s: %s", path, err.msg);
	}
	kj_catalog_free(&cat);
	for (int i = 0; i < KJ_PREFECTURES; i++)
		if (kj_store_prefecture_put(st, prefs[i].code, prefs[i].name_ja,
					    prefs[i].name_en, &err) < 0) {
			kj_store_close(st);
			fail_msg("init %s: %s", path, err.msg);
		}
	if (kj_store_commit(st, &err) < 0) {
		kj_store_close(st);
		fail_msg("init %s: %s", path, err.msg);
	}
	assert_int_equal(created, 1);
	return st;
}

/*
 * On PostgreSQL the steps run once per process, on a template database
 * (kjt_<pid>_th_init_template); each later database is a copy of it (CREATE
 * DATABASE ... TEMPLATE), a fifth of the server's time of migrating anew.
 */
struct kj_store *th_init_db(const char *path)
{
	static int made;
	if (!kj_test_db_is_pg(path))
		return init_steps(path);
	const char *tpl = kj_test_db_ref("th_init_template");
	if (!made) {
		kj_store_close(init_steps(tpl));
		made = 1;
	}
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	if (kj_test_db_copy(tpl, path) < 0)
		fail_msg("init %s: cannot copy %s", path, tpl);
	if (kj_store_open(&st, path, KJ_STORE_CREATE, &err) < 0) {
		kj_store_close(st);
		fail_msg("init %s: %s", path, err.msg);
	}
	return st;
}

long th_sql_long(const char *db, const char *sql)
{
	char v[64], *end;
	if (kj_test_sql_text(db, sql, v, sizeof v) < 0)
		return -1;
	long n = strtol(v, &end, 10);
	if (end == v || *end)
		fail_msg("%s: %s: not an integer: %s", db, sql, v);
	return n;
}

int th_file_mode(const char *path)
{
	struct stat sb;
	return stat(path, &sb) < 0 ? -1 : (int)(sb.st_mode & 0777);
}

void th_demo_db(const char *path, long operators, uint64_t seed, int years, const char *today)
{
	struct kj_store *st = th_init_db(path);
	struct kj_demo_opts o = { .operators = operators, .seed = seed, .years = years,
				  .today = today, .actor = "test" };
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("demo %s: %s", path, err.msg);
	kj_store_close(st);
}
