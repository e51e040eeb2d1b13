/* Helpers shared by the fuzz targets: the built-in catalog, a scratch folder. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"

const struct kj_catalog *kj_fuzz_catalog(void)
{
	static struct kj_catalog cat;
	static int loaded;
	if (!loaded) {
		struct kj_err err;
		if (kj_catalog_load_embedded(&cat, &err) < 0) {
			fprintf(stderr, "built-in catalog: %s\n", err.msg);
			abort();
		}
		loaded = 1;
	}
	return &cat;
}

static char tmpdir[256];

static void remove_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char p[600];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(tmpdir);
}

const char *kj_fuzz_tmpdir(void)
{
	if (tmpdir[0])
		return tmpdir;
	/* tmpfs when there is one: SQLite and xlsx files are written per input. */
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/kj-fuzz-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror(tmpdir);
		abort();
	}
	atexit(remove_tmpdir);
	return tmpdir;
}

void kj_fuzz_check_text(const char *what, const char *s, size_t max)
{
	FUZZ_CHECK(s != NULL, "%s is NULL", what);
	size_t n = strnlen(s, max + 1);
	FUZZ_CHECK(n <= max, "%s is not NUL-terminated within %zu bytes", what, max);
	FUZZ_CHECK(kj_utf8_valid_text(s, n), "%s is not UTF-8 text: \"%s\"", what, s);
}
