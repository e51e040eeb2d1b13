/*
 * A main() for fuzz targets built without libFuzzer (gcc, the ASan/UBSan
 * `make check` build): replays a seed corpus and then N deterministic
 * mutations of each seed, the same ones on every run, so a ctest failure
 * reproduces exactly.
 *
 *   fuzz_<target> CORPUS [N [MORE...]]
 *
 * CORPUS and MORE are folders of seeds or single files (a file named
 * *.hex holds the bytes as hex digits; blanks and "#..." comments are
 * ignored). N mutations per seed (default 100; 0 runs the seeds only, which
 * is how to replay one saved crash). A target may also write seeds at run
 * time (kj_fuzz_runtime_seeds: xlsx workbooks, which are not committed),
 * added when CORPUS is a folder.
 *
 * When an input crashes, trips a sanitizer or breaks a FUZZ_CHECK, it is
 * written to ./crash-<target>-<seed>-<mutation> before the process dies.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "fuzz.h"

#pragma weak LLVMFuzzerInitialize
#pragma weak kj_fuzz_runtime_seeds

#if defined(__has_include)
#if __has_include(<sanitizer/common_interface_defs.h>)
#include <sanitizer/common_interface_defs.h>
#define HAVE_SANITIZER_IFACE 1
/* Linked only when a sanitizer's runtime is. */
#pragma weak __sanitizer_set_death_callback
#endif
#endif

#define SEED_MAX	(4u * 1024u * 1024u)	/* bytes of one seed file */
#define INPUT_MAX	(1024u * 1024u)		/* bytes of one mutated input */
#define DEFAULT_N	100

struct seed {
	char *name;
	uint8_t *data;
	size_t len;
};

static struct seed *seeds;
static size_t nseeds, capseeds;

/* The input being run, for the crash handlers. */
static const uint8_t *cur_data;
static size_t cur_len;
static char cur_what[600];
static char crash_path[700];

/* --- crash reports ------------------------------------------------------- */

static void write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w <= 0)
			return;
		c += w;
		n -= (size_t)w;
	}
}

static void say(const char *s)
{
	write_all(2, s, strlen(s));
}

/* Saves the current input; runs from a signal handler or a sanitizer's death. */
static void dump_input(void)
{
	static volatile sig_atomic_t done;
	if (done || !cur_data)
		return;
	done = 1;
	int fd = open(crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		write_all(fd, cur_data, cur_len);
		close(fd);
	}
	say("\n*** fuzz driver: the input was ");
	say(cur_what);
	say("; saved as ");
	say(fd >= 0 ? crash_path : "(could not save)");
	say("\n");
}

static void on_signal(int sig)
{
	dump_input();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_handlers(void)
{
	static const int sigs[] = { SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		/* ASan's own SEGV handler stays in charge if it set one; its death
		 * callback saves the input then. */
		struct sigaction old;
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_DFL &&
		    old.sa_handler != SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
#ifdef HAVE_SANITIZER_IFACE
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(dump_input);
#endif
}

/* --- seeds ----------------------------------------------------------------- */

/* Decodes hex digits in place; blanks and "#" comments are skipped. */
static int unhex(uint8_t *p, size_t *len)
{
	size_t o = 0, i = 0, n = *len;
	int hi = -1;
	while (i < n) {
		int c = p[i++];
		if (c == '#') {
			while (i < n && p[i] != '\n')
				i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		int v = kj_hex_value((char)c);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
		} else {
			p[o++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		return -1;
	*len = o;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

static int add_seed_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	uint8_t *buf = malloc(SEED_MAX + 1);
	size_t n = buf ? fread(buf, 1, SEED_MAX + 1, f) : 0;
	int bad = !buf || ferror(f) || n > SEED_MAX;
	fclose(f);
	if (!bad && ends_with(path, ".hex") && unhex(buf, &n) < 0) {
		fprintf(stderr, "%s: not hex\n", path);
		bad = 1;
	} else if (bad) {
		fprintf(stderr, "%s: unreadable or larger than %u bytes\n", path, SEED_MAX);
	}
	if (!bad && nseeds == capseeds) {
		size_t cap = capseeds ? 2 * capseeds : 64;
		struct seed *s = realloc(seeds, cap * sizeof *s);
		if (!s)
			bad = 1;
		else {
			seeds = s;
			capseeds = cap;
		}
	}
	char *name = bad ? NULL : strdup(path);
	if (bad || !name) {
		free(buf);
		free(name);
		return -1;
	}
	seeds[nseeds++] = (struct seed){ name, buf, n };
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds PATH (a file, or every regular file of a folder, in name order). */
static int add_seeds(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return add_seed_file(path);
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t l = strlen(path) + strlen(e->d_name) + 2;
		char *full = malloc(l);
		if (!full) {
			rc = -1;
			break;
		}
		snprintf(full, l, "%s/%s", path, e->d_name);
		if (stat(full, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(full);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			char **nn = realloc(names, cap * sizeof *nn);
			if (!nn) {
				free(full);
				rc = -1;
				break;
			}
			names = nn;
		}
		names[n++] = full;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = add_seed_file(names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Seeds the target writes at run time, into a folder removed afterwards. */
static int add_runtime_seeds(void)
{
	if (!kj_fuzz_runtime_seeds)
		return 0;
	const char *tmp = getenv("TMPDIR");
	char dir[512];
	snprintf(dir, sizeof dir, "%s/kj-fuzz-seeds-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	size_t before = nseeds;
	int rc = kj_fuzz_runtime_seeds(dir);
	if (rc == 0)
		rc = add_seeds(dir);
	/* The names are kept only for messages: mark them as generated. */
	for (size_t i = before; i < nseeds; i++) {
		const char *base = strrchr(seeds[i].name, '/');
		size_t l = strlen(base) + 16;
		char *nm = malloc(l);
		if (nm) {
			snprintf(nm, l, "(generated)%s", base);
			free(seeds[i].name);
			seeds[i].name = nm;
		}
	}
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char p[1024];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	return rc;
}

/* --- mutations ---------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static size_t below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

static const uint8_t interesting[] = {
	0x00, 0xff, '"', ',', '\n', '%', '{', '[',
	'\r', ';', '=', '&', '<', '\\', 0x80, 0xe3,
};

/* One mutation of BUF (LEN bytes, room for CAP) in place; returns the new length. */
static size_t mutate_once(uint8_t *buf, size_t len, size_t cap, size_t self)
{
	switch (below(11)) {
	case 0:		/* flip a bit */
		if (len)
			buf[below(len)] ^= (uint8_t)(1u << below(8));
		break;
	case 1:		/* overwrite with an interesting byte */
		if (len)
			buf[below(len)] = interesting[below(sizeof interesting)];
		break;
	case 2:		/* insert an interesting or random byte */
		if (len < cap) {
			size_t at = below(len + 1);
			memmove(buf + at + 1, buf + at, len - at);
			buf[at] = below(2) ? interesting[below(sizeof interesting)]
					   : (uint8_t)rnd();
			len++;
		}
		break;
	case 3: {	/* delete a few bytes */
		if (!len)
			break;
		size_t at = below(len), n = 1 + below(len - at < 8 ? len - at : 8);
		memmove(buf + at, buf + at + n, len - at - n);
		len -= n;
		break;
	}
	case 4: {	/* duplicate a chunk */
		/* Nothing to copy, or no room for it. With LEN < CAP, LEN + 1
		 * cannot wrap and AT <= LEN, so LEN - AT is a real length. */
		if (!len || len >= cap)
			break;
		size_t from = below(len), n = 1 + below(len - from < 64 ? len - from : 64);
		if (n > cap - len)
			n = cap - len;
		size_t at = below(len + 1);
		memmove(buf + at + n, buf + at, len - at);
		/* The source may have moved if it lay at or after AT. */
		memmove(buf + at, buf + (from >= at ? from + n : from), n);
		len += n;
		break;
	}
	case 5:		/* truncate */
		if (len)
			len = below(len);
		break;
	case 6: {	/* splice: our head, another seed's tail */
		const struct seed *o = &seeds[below(nseeds)];
		if (o == &seeds[self] || !o->len)
			break;
		size_t head = below(len + 1), from = below(o->len);
		size_t n = o->len - from;
		if (n > cap - head)
			n = cap - head;
		memcpy(buf + head, o->data + from, n);
		len = head + n;
		break;
	}
	case 7: {	/* insert a chunk of another seed */
		const struct seed *o = &seeds[below(nseeds)];
		if (!o->len || len >= cap)
			break;
		size_t from = below(o->len), n = 1 + below(o->len - from < 32 ? o->len - from : 32);
		if (n > cap - len)
			n = cap - len;
		size_t at = below(len + 1);
		memmove(buf + at + n, buf + at, len - at);
		memcpy(buf + at, o->data + from, n);
		len += n;
		break;
	}
	case 8:		/* a random byte */
		if (len)
			buf[below(len)] = (uint8_t)rnd();
		break;
	case 9:		/* a byte plus or minus a little */
		if (len) {
			size_t at = below(len);
			buf[at] = (uint8_t)(buf[at] + (int)below(9) - 4);
		}
		break;
	default: {	/* swap two bytes */
		if (len < 2)
			break;
		size_t a = below(len), b = below(len);
		uint8_t t = buf[a];
		buf[a] = buf[b];
		buf[b] = t;
		break;
	}
	}
	return len;
}

/* --- running ------------------------------------------------------------------- */

static void run_one(const uint8_t *data, size_t len)
{
	/* Exactly LEN bytes on the heap, so that reading one past is caught. */
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	if (len)
		memcpy(copy, data, len);
	cur_data = copy;
	cur_len = len;
	LLVMFuzzerTestOneInput(copy, len);
	cur_data = NULL;
	free(copy);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS [N [MORE...]]\n", argv[0]);
		return 2;
	}
	long n = DEFAULT_N;
	if (argc >= 3) {
		char *end;
		errno = 0;
		n = strtol(argv[2], &end, 10);
		if (errno || *end || end == argv[2] || n < 0) {
			fprintf(stderr, "%s: N must be a number, not %s\n", argv[0], argv[2]);
			return 2;
		}
	}
	const char *target = strrchr(argv[0], '/');
	target = target ? target + 1 : argv[0];
	if (LLVMFuzzerInitialize && LLVMFuzzerInitialize(&argc, &argv) != 0) {
		fprintf(stderr, "%s: set-up failed\n", target);
		return 2;
	}
	if (add_seeds(argv[1]) < 0)
		return 2;
	for (int i = 3; i < argc; i++)
		if (add_seeds(argv[i]) < 0)
			return 2;
	/* A single file given is a replay of that input alone. */
	struct stat st;
	if (stat(argv[1], &st) == 0 && S_ISDIR(st.st_mode) && add_runtime_seeds() < 0)
		return 2;
	if (nseeds == 0) {
		fprintf(stderr, "%s: no seeds in %s\n", target, argv[1]);
		return 2;
	}
	install_handlers();

	size_t maxlen = 0;
	for (size_t i = 0; i < nseeds; i++)
		if (seeds[i].len > maxlen)
			maxlen = seeds[i].len;
	size_t cap = 2 * maxlen + 256;
	if (cap > INPUT_MAX)
		cap = INPUT_MAX;
	uint8_t *buf = malloc(cap);
	if (!buf)
		return 2;

	double t0 = now_s();
	long runs = 0;
	for (size_t i = 0; i < nseeds; i++) {
		snprintf(cur_what, sizeof cur_what, "seed %s", seeds[i].name);
		snprintf(crash_path, sizeof crash_path, "crash-%s-%zu", target, i);
		run_one(seeds[i].data, seeds[i].len);
		runs++;
	}
	for (size_t i = 0; i < nseeds; i++) {
		for (long k = 0; k < n; k++) {
			/* Each mutation from its own state: it reproduces on its own. */
			rng_state = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)(i + 1) * 0xBF58476D1CE4E5B9ULL) ^
				    ((uint64_t)(k + 1) * 0x94D049BB133111EBULL);
			if (!rng_state)
				rng_state = 1;
			size_t len = seeds[i].len < cap ? seeds[i].len : cap;
			memcpy(buf, seeds[i].data, len);
			int stack = 1 + (int)below(4);
			for (int s = 0; s < stack; s++)
				len = mutate_once(buf, len, cap, i);
			snprintf(cur_what, sizeof cur_what, "mutation %ld of seed %s", k,
				 seeds[i].name);
			snprintf(crash_path, sizeof crash_path, "crash-%s-%zu-%ld", target, i, k);
			run_one(buf, len);
			runs++;
		}
	}
	double dt = now_s() - t0;
	printf("%s: %ld inputs (%zu seeds, %ld mutations each) in %.1f s, no failure\n",
	       target, runs, nseeds, n, dt);
	free(buf);
	for (size_t i = 0; i < nseeds; i++) {
		free(seeds[i].name);
		free(seeds[i].data);
	}
	free(seeds);
	return 0;
}
