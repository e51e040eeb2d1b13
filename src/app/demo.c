/*
 * The demo dataset generator (app/demo.h): one run, in one transaction, on
 * an empty database. It makes the registry (demo_registry.c: operators,
 * local governments, users), finds the standard each fiscal year's survey
 * asks (demo_survey.c, with the synthetic predecessor of
 * demo_predecessor.c for the years before the current version), makes the
 * surveys and answers of each year (demo_survey.c) and the sectors' safety
 * standards (demo_safety.c), then dates the registry from the start of the
 * first fiscal year. One random stream, seeded from the options, runs
 * through the steps in this order, so the same options always give the
 * same data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/limits.h"
#include "model/catalog.h"
#include "model/reference.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"
#include "app/audit_log.h"
#include "app/demo.h"
#include "app/demo_eval.h"
#include "app/demo_plan.h"
#include "app/demo_priv.h"

/*
 * TODAY ("YYYY-MM-DD" from KJ_DEMO_TODAY_MIN to KJ_DEMO_TODAY_MAX, NULL for
 * the clock's date in UTC) as days since 1970.
 */
static int today_days(const char *today, long *out, struct kj_err *err)
{
	int y, m, d;
	if (today && (strcmp(today, KJ_DEMO_TODAY_MIN) < 0 || strcmp(today, KJ_DEMO_TODAY_MAX) > 0)) {
		kj_err_set(err, "today must be from %s to %s, not '%s'", KJ_DEMO_TODAY_MIN,
			   KJ_DEMO_TODAY_MAX, today);
		return -1;
	}
	if (!today) {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		y = tm.tm_year + 1900;
		m = tm.tm_mon + 1;
		d = tm.tm_mday;
	} else if (!kj_date_valid(today) || sscanf(today, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		kj_err_set(err, "today must be a date written YYYY-MM-DD, not '%s'", today);
		return -1;
	}
	*out = days_from_civil(y, m, d);
	return 0;
}

int kj_demo_generate(struct kj_store *st, const struct kj_demo_opts *o,
		     struct kj_demo_stats *stats, struct kj_err *err)
{
	memset(stats, 0, sizeof *stats);
	struct kj_store_counts c;
	struct kj_catalog cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	struct kj_local_gov *lg = NULL;
	struct year_std *std2026 = NULL, *stdprev = NULL;
	struct kj_catalog pcat;
	int pcat_loaded = 0;
	struct gen g = { .st = st, .o = o, .prefs = prefs, .nops = o->operators, .stats = stats };
	int nlg = 0, cat_loaded = 0;
	if (today_days(o->today, &g.today, err) < 0 || kj_store_counts(st, &c, err) < 0)
		return -1;
	if (c.organisations > 0) {
		kj_err_set(err, "the database already holds %ld organisations; the demo "
			   "needs a new database", c.organisations);
		return -1;
	}
	int ty, tm, td;
	civil_from_days(g.today, &ty, &tm, &td);
	int last_year = o->last_year ? o->last_year : kj_fiscal_year(ty, tm);
	if (days_from_civil(last_year, 4, 1) > g.today) {
		kj_err_set(err, "FY%d has not begun on the demo's day", last_year);
		return -1;
	}
	if (kj_reference_prefectures(prefs, err) < 0 ||
	    kj_reference_local_govs(&lg, &nlg, err) < 0)
		goto fail_early;
	if (kj_store_catalog_get(st, NULL, &cat, err) < 0)
		goto fail_early;
	cat_loaded = 1;
	g.lg = lg;
	g.ops = calloc((size_t)o->operators, sizeof *g.ops);
	std2026 = calloc(1, sizeof *std2026);
	for (g.names.mask = 1023; g.names.mask < (size_t)o->operators * 4; g.names.mask = g.names.mask * 2 + 1)
		;
	g.names.slot = calloc(g.names.mask + 1, sizeof *g.names.slot);
	if (!g.ops || !std2026 || !g.names.slot) {
		kj_err_set(err, "out of memory");
		goto fail_early;
	}
	if (kj_demo_prepare_std(st, &cat, std2026, err) < 0)
		goto fail_early;

	g.rng = o->seed ^ 0x6b696a756e000000ULL;	/* "kijun" */
	if (kj_store_bulk_mode(st, 1, err) < 0 || kj_store_begin(st, err) < 0)
		goto fail_early;
	if (kj_demo_make_orgs(&g, nlg, err) < 0 ||
	    kj_demo_make_users(st, g.ops, o->operators, err) < 0 ||
	    kj_demo_assign_government(st, err) < 0)
		goto fail;
	int first = last_year - o->years + 1;
	if (kj_demo_earlier_std(st, &cat, first, &pcat, &pcat_loaded, &stdprev, err) < 0)
		goto fail;
	for (int fy = first; fy <= last_year; fy++) {
		/* The 2026 standard is in force from 2026-10-01: FY2026's survey
		 * asks it, the years before the synthetic predecessor. */
		const struct year_std *ys =
			days_from_civil(fy, 10, 15) >= effective_day(cat.effective) ? std2026
										 : stdprev;
		if (kj_demo_survey_year(&g, fy, first, ys, err) < 0)
			goto fail;
	}
	if (o->self_assessment && kj_demo_self_assessment(&g, err) < 0)
		goto fail;
	/* The on-site visits of the last complete fiscal year (issue 15). */
	int onsite_fy = kj_fiscal_year(ty, tm) - 1;
	if (onsite_fy >= first && onsite_fy <= last_year &&
	    kj_demo_onsite(&g, onsite_fy, days_from_civil(onsite_fy, 10, 15) >=
			   effective_day(cat.effective) ? std2026 : stdprev, err) < 0)
		goto fail;
	/* The surveys of kind other (issue 15): the year before's to the
	 * ministries, this year's to chosen operators. */
	const struct other_std ostd = { std2026->cat->version,
					stdprev && stdprev->cat ? stdprev->cat->version : NULL,
					effective_day(cat.effective) };
	if (kj_demo_other(&g, first, last_year, &ostd, err) < 0)
		goto fail;
	char detail[160], stamp[32], d[16];
	snprintf(detail, sizeof detail, "{\"operators\":%ld,\"seed\":%llu,\"years\":%d}",
		 o->operators, (unsigned long long)o->seed, o->years);
	/* The registry was in place at the start of the first fiscal year. */
	long registered = days_from_civil(first, 4, 1);
	day_text(registered, d);
	snprintf(stamp, sizeof stamp, "%sT00:00:00Z", d);
	if (kj_demo_make_plans(st, first, last_year, g.today, o->seed,
			       o->actor ? o->actor : "system", err) < 0 ||
	    kj_demo_make_evals(st, first, last_year, g.today, o->seed,
			       o->actor ? o->actor : "system", err) < 0 ||
	    kj_demo_make_safety(st, &cat, &g.rng, o->actor ? o->actor : "system", ty - 1,
				err) < 0 ||
	    kj_store_backdate(st, stamp, err) < 0 ||
	    kj_audit_log(st, 0, o->actor ? o->actor : "system", "demo.generate",
			 NULL, NULL, detail, err) < 0 || kj_store_commit(st, err) < 0)
		goto fail;
	kj_store_bulk_mode(st, 0, err);
	kj_store_analyze(st, err);	/* the planner learns the new tables (PostgreSQL) */
	free(g.ops);
	free(g.names.slot);
	free(std2026);
	free(stdprev);
	free(lg);
	kj_catalog_free(&cat);
	if (pcat_loaded)
		kj_catalog_free(&pcat);
	return 0;
fail:
	kj_store_rollback(st);
	kj_store_bulk_mode(st, 0, NULL);
fail_early:
	free(g.ops);
	free(g.names.slot);
	free(std2026);
	free(stdprev);
	free(lg);
	if (cat_loaded)
		kj_catalog_free(&cat);
	if (pcat_loaded)
		kj_catalog_free(&pcat);
	memset(stats, 0, sizeof *stats);
	return -1;
}
