/*
 * Benchmark: how long a registry import keeps other writers waiting
 * (issue: "keep imports from holding the write lock for seconds"). Builds a
 * demo registry of N operators with the kijun binary, exports it, changes
 * every operator's telephone number and imports the file again, while this
 * process writes one row at a time into the same database, as the web
 * application's other writers would. Prints the import's wall time and the
 * longest wait of one of those writes; the baseline, measured in the same
 * run, is the longest wait of the same writes with no import running.
 *
 *   bench_import_lock KIJUN [OPERATORS]   (default 20000)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench_util.h"

#define LINE_MAX_BYTES 8192
#define PHONE_FIELD 12		/* 0-based: 電話 in the export's columns */

/* Runs ARGV quietly; 0 if it exits with status 0. */
static int run(const char *const argv[])
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int status;
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Copies the export IN to OUT with every row's telephone number changed. */
static int change_phones(const char *in, const char *out)
{
	FILE *f = fopen(in, "r"), *g = fopen(out, "w");
	char line[LINE_MAX_BYTES];
	long row = 0;
	int rc = f && g ? 0 : -1;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		if (row++ == 0) {
			fputs(line, g);
			continue;
		}
		/* The export quotes every field: fields are separated by "," */
		char *p = line;
		for (int i = 0; i < PHONE_FIELD && p; i++)
			if ((p = strstr(p, "\",\"")))
				p += 3;
		char *end = p ? strchr(p, '"') : NULL;
		if (!end) {
			rc = -1;
			break;
		}
		fprintf(g, "%.*s03-5555-%04ld%s", (int)(p - line), line, row % 10000, end);
	}
	if (f)
		fclose(f);
	if (g && fclose(g) != 0)
		rc = -1;
	return row > 1 ? rc : -1;
}

/* One small write, as another user's save would be; its wait in seconds. */
static double probe(sqlite3 *db)
{
	double t0 = kj_bench_now_s();
	if (sqlite3_exec(db, "BEGIN IMMEDIATE; INSERT INTO bench_probe (at) VALUES (1); COMMIT",
			 NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return kj_bench_now_s() - t0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_import_lock KIJUN [OPERATORS]\n");
		return 2;
	}
	const char *kijun = argv[1], *n = argc > 2 ? argv[2] : "20000";
	char db[] = "bench-import.db", exp[] = "bench-import-export.csv",
	     chg[] = "bench-import-changed.csv";
	unlink(db);
	const char *init[] = { kijun, "init", "--db", db, NULL };
	const char *demo[] = { kijun, "demo", "--operators", n, "--seed", "1", "--years", "1",
			 "--today", "2026-12-01", "--db", db, NULL };
	const char *export[] = { kijun, "org", "export", "--format", "csv", "--output", exp,
			   "--db", db, NULL };
	if (run(init) < 0 || run(demo) < 0 || run(export) < 0 || change_phones(exp, chg) < 0) {
		fprintf(stderr, "bench_import_lock: cannot prepare the registry\n");
		return 1;
	}
	sqlite3 *conn;
	if (sqlite3_open(db, &conn) != SQLITE_OK ||
	    sqlite3_busy_timeout(conn, 60000) != SQLITE_OK ||
	    sqlite3_exec(conn, "CREATE TABLE bench_probe (at INTEGER)", NULL, NULL,
			 NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_import_lock: %s\n", sqlite3_errmsg(conn));
		return 1;
	}
	double base = 0, worst = 0;
	for (double end = kj_bench_now_s() + 1; kj_bench_now_s() < end; usleep(2000)) {
		double w = probe(conn);
		if (w > base)
			base = w;
	}
	long probes = 0;
	double t0 = kj_bench_now_s();
	pid_t pid = fork();
	if (pid == 0) {
		const char *import[] = { kijun, "org", "import", chg, "--db", db, NULL };
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv(kijun, (char *const *)import);
		_exit(127);
	}
	int status = 0;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		double w = probe(conn);
		if (w < 0) {
			fprintf(stderr, "bench_import_lock: a write failed: %s\n",
				sqlite3_errmsg(conn));
			return 1;
		}
		if (w > worst)
			worst = w;
		probes++;
		usleep(2000);
	}
	double wall = kj_bench_now_s() - t0;
	sqlite3_close(conn);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_import_lock: the import failed\n");
		return 1;
	}
	printf("registry import of %s changed operators: %.2f s wall\n", n, wall);
	printf("longest wait of another writer during it: %.0f ms (%ld writes)\n",
	       worst * 1000, probes);
	printf("baseline (longest wait of the same writes without an import, same run): "
	       "%.1f ms\n", base * 1000);
	unlink(db);
	unlink(exp);
	unlink(chg);
	return 0;
}
