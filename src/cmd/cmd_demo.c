/* kijun demo: fill a new database with the synthetic national dataset. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "model/audit.h"
#include "app/demo.h"

static void progress(void *ctx, int fy, long done, long total)
{
	(void)ctx;
	fprintf(stderr, "\rdemo: FY%d  %ld / %ld operators", fy, done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

int kj_cmd_demo(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find(NULL, "demo");
	const char *db = NULL, *ops = NULL, *seed = NULL, *years = NULL, *today = NULL,
		   *self_assessment = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "operators", 1, &ops }, { "seed", 1, &seed },
		{ "years", 1, &years }, { "today", 1, &today },
		{ "self-assessment", 0, &self_assessment }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	long n, s, y = 1;
	if (!ops)
		return kj_cmd_usage(self, "--operators is required");
	if (!seed)
		return kj_cmd_usage(self, "--seed is required");
	if (kj_parse_long(ops, 1, KJ_DEMO_OPERATORS_MAX, &n) < 0)
		return kj_cmd_usage(self, "--operators must be a whole number from 1 to %d, not '%s'",
				    KJ_DEMO_OPERATORS_MAX, ops);
	if (kj_parse_long(seed, 0, 2147483647L, &s) < 0)
		return kj_cmd_usage(self, "--seed must be a whole number from 0 to 2147483647, not '%s'",
				    seed);
	if (years && kj_parse_long(years, 1, KJ_DEMO_YEARS_MAX, &y) < 0)
		return kj_cmd_usage(self, "--years must be a whole number from 1 to %d, not '%s'",
				    KJ_DEMO_YEARS_MAX, years);
	if (today && (!kj_date_valid(today) || strcmp(today, KJ_DEMO_TODAY_MIN) < 0 ||
		      strcmp(today, KJ_DEMO_TODAY_MAX) > 0))
		return kj_cmd_usage(self, "--today must be a date written YYYY-MM-DD from %s to %s, "
				    "not '%s'", KJ_DEMO_TODAY_MIN, KJ_DEMO_TODAY_MAX, today);

	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_demo_opts o = {
		.operators = n, .seed = (uint64_t)s, .years = (int)y,
		.today = today,	/* NULL: the clock's date; the fiscal year follows from it */
		.progress = isatty(STDERR_FILENO) ? progress : NULL,
		.self_assessment = self_assessment != NULL,
	};
	struct kj_demo_stats stats;
	struct kj_err err;
	char actor[KJ_AUDIT_ACTOR_MAX];
	kj_cmd_actor(actor, sizeof actor);
	o.actor = actor;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = kj_demo_generate(st, &o, &stats, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("demo: %s", err.msg);
		return KJ_EXIT_FAIL;
	}
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("demo: %ld organisations, %ld targets, %ld surveys, %ld responses, "
	       "%ld answers in %.1f s (seed %ld)\n", stats.organisations, stats.targets,
	       stats.surveys, stats.responses, stats.answers, secs, s);
	return KJ_EXIT_OK;
}
