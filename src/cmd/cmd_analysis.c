/*
 * kijun analysis national|sector SECTOR|requirement ID --fy FY --format
 * csv|json: the analysis views of docs/metrics.md, the same figures as the
 * API (both from app/analysis.h; the command line sees every figure, as the
 * NCO does). kijun analysis check --fy FY compares the kept counts with a
 * count of the answers made now.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/analysis.h"
#include "app/analysis_operator.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "export/csv.h"

static const char *const csv_head[] = {
	"fy", "sector", "requirement", "function", "suppressed", "answers", "applicable",
	"implemented", "na", "rate", "mean", "level_0", "level_1", "level_2", "level_3",
	"level_4", "previous_fy", "previous_rate", "change", "crosswalk", "coverage", "gap",
};

static int field_long(FILE *f, long v)
{
	char b[32];
	snprintf(b, sizeof b, "%ld", v);
	return kj_csv_field(f, b, 0);
}

/* A ratio as the JSON gives it, or an empty field. Written bare: a
 * negative change is a number, which no spreadsheet runs as a formula. */
static int field_ratio(FILE *f, json_t *v, int last)
{
	if (!json_is_number(v))
		return kj_csv_field(f, NULL, last);
	return fprintf(f, "%.4f%s", json_number_value(v), last ? "\r\n" : ",") < 0 ? -1 : 0;
}

/* One row: the figure of requirement R in sector S (-1: the nation, "*"). */
static int csv_row(FILE *f, const struct kj_analysis *a, int s, int r)
{
	size_t i = (size_t)(s < 0 ? 0 : s) * (size_t)a->nr + (size_t)r;
	const struct kj_analysis_fig *c = s < 0 ? &a->nat[r] : &a->cur[i];
	const struct kj_analysis_fig *p = s < 0 ? &a->nat_prv[r] : &a->prv[i];
	json_t *cj = kj_analysis_fig_json(a, c), *pj = kj_analysis_fig_json(a, p);
	char fy[16], pfy[16] = "";
	snprintf(fy, sizeof fy, "%d", a->sv.fy);
	int prev = a->has_prev && a->kind[r] >= 0;
	if (a->has_prev)
		snprintf(pfy, sizeof pfy, "%d", a->prev.fy);
	json_t *chg = prev ? kj_analysis_change_json(c, p) : json_null();
	int e = kj_csv_field(f, fy, 0) |
		kj_csv_field(f, s < 0 ? "*" : a->cat.sectors[s].code, 0) |
		kj_csv_field(f, a->cat.reqs[r].id, 0) |
		kj_csv_field(f, a->cat.functions[a->cat.reqs[r].function].code, 0) |
		kj_csv_field(f, c->suppressed ? "1" : "0", 0);
	if (c->suppressed)
		for (int k = 0; k < 11; k++)
			e |= kj_csv_field(f, NULL, 0);
	else {
		e |= field_long(f, kj_levels_answers(&c->l)) |
		     field_long(f, kj_levels_applicable(&c->l)) |
		     field_long(f, kj_levels_implemented(&c->l)) | field_long(f, c->l.na) |
		     field_ratio(f, json_object_get(cj, "rate"), 0) |
		     field_ratio(f, json_object_get(cj, "mean"), 0);
		for (int k = 0; k < KJ_LEVELS; k++)
			e |= field_long(f, c->l.n[k]);
	}
	e |= kj_csv_field(f, pfy, 0) |
	     field_ratio(f, prev && !p->suppressed ? json_object_get(pj, "rate") : NULL, 0) |
	     field_ratio(f, chg, 0) |
	     kj_csv_field(f, a->has_prev ? kj_analysis_kind_name(a->kind[r]) : NULL, 0);
	if (s < 0)
		e |= kj_csv_field(f, NULL, 0) | kj_csv_field(f, NULL, 1);
	else {
		enum kj_cov cv = kj_coverage_at(&a->cov, s, r);
		e |= kj_csv_field(f, kj_cov_code(cv), 0) |
		     kj_csv_field(f, kj_cov_is_gap(cv) ? "1" : "0", 1);
	}
	json_decref(cj);
	json_decref(pj);
	json_decref(chg);
	return e ? -1 : 0;
}

static int write_csv(FILE *f, const struct kj_analysis *a)
{
	int e = kj_csv_begin(f);
	size_t nh = sizeof csv_head / sizeof csv_head[0];
	for (size_t i = 0; i < nh; i++)
		e |= kj_csv_field(f, csv_head[i], i + 1 == nh);
	for (int s = 0; s < a->ns && !e; s++) {
		if (a->view == KJ_VIEW_SECTOR && s != a->sector)
			continue;
		for (int r = 0; r < a->nr && !e; r++)
			if (a->view != KJ_VIEW_REQUIREMENT || r == a->req)
				e |= csv_row(f, a, s, r);
	}
	/* The nation's row of each requirement shown. */
	for (int r = 0; r < a->nr && !e && a->view != KJ_VIEW_SECTOR; r++)
		if (a->view != KJ_VIEW_REQUIREMENT || r == a->req)
			e |= csv_row(f, a, -1, r);
	return e ? -1 : 0;
}

/* Runs view VIEW: NAME is the command's name in the table. */
static int run_view(int argc, char **argv, const char *name, enum kj_analysis_view view)
{
	const struct kj_command *self = kj_cmd_find("analysis", name);
	const char *db = NULL, *fy = NULL, *format = NULL, *kn = NULL, *pos[1] = { NULL };
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "format", 1, &format }, { "k", 1, &kn },
		{ NULL, 0, NULL },
	};
	int got = 0, want = view == KJ_VIEW_NATIONAL ? 0 : 1;
	int rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &got);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (got != want)
		return kj_cmd_usage(self, want ? "give one %s" : "no arguments expected",
				    view == KJ_VIEW_SECTOR ? "SECTOR code" : "requirement ID");
	if (!fy)
		return kj_cmd_usage(self, "--fy FY is required");
	if (!format || (strcmp(format, "csv") && strcmp(format, "json")))
		return kj_cmd_usage(self, "--format must be csv or json");
	long k = KJ_ANALYSIS_K;
	if (kn && kj_parse_long(kn, KJ_ANALYSIS_K_MIN, KJ_ANALYSIS_K_MAX, &k) < 0)
		return kj_cmd_usage(self, "--k must be a whole number from %d to %d",
				    KJ_ANALYSIS_K_MIN, KJ_ANALYSIS_K_MAX);
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_analysis a;
	struct kj_analysis_refusal why;
	struct kj_err err;
	rc = kj_analysis_load(st, NULL, view, fy, view == KJ_VIEW_SECTOR ? pos[0] : NULL,
			      view == KJ_VIEW_REQUIREMENT ? pos[0] : NULL, (int)k, &a, &why, &err);
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		kj_store_close(st);
		return KJ_EXIT_FAIL;
	}
	if (rc > 0) {
		kj_cmd_error("%s", why.en);
		kj_store_close(st);
		return why.code == 400 ? KJ_EXIT_USAGE : KJ_EXIT_FAIL;
	}
	int bad;
	if (!strcmp(format, "json")) {
		json_t *j = kj_analysis_json(&a);
		bad = !j || json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
						 JSON_REAL_PRECISION(10)) < 0 ||
		      fputc('\n', stdout) == EOF;
		json_decref(j);
	} else {
		bad = write_csv(stdout, &a) < 0;
	}
	if (fflush(stdout) != 0)
		bad = 1;
	if (bad)
		kj_cmd_error("cannot write the analysis to standard output");
	kj_analysis_free(&a);
	kj_store_close(st);
	return bad ? KJ_EXIT_FAIL : KJ_EXIT_OK;
}

int kj_cmd_analysis_national(int argc, char **argv)
{
	return run_view(argc, argv, "national", KJ_VIEW_NATIONAL);
}

int kj_cmd_analysis_sector(int argc, char **argv)
{
	return run_view(argc, argv, "sector", KJ_VIEW_SECTOR);
}

int kj_cmd_analysis_requirement(int argc, char **argv)
{
	return run_view(argc, argv, "requirement", KJ_VIEW_REQUIREMENT);
}

int kj_cmd_analysis_check(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("analysis", "check");
	const char *db = NULL, *fy = NULL;
	const struct kj_opt opts[] = { { "db", 1, &db }, { "fy", 1, &fy }, { NULL, 0, NULL } };
	int got = 0;
	int rc = kj_cmd_parse(self, argc, argv, opts, NULL, 0, &got);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	long y;
	if (!fy || kj_parse_long(fy, KJ_SURVEY_FY_MIN, KJ_SURVEY_FY_MAX, &y) < 0)
		return kj_cmd_usage(self, "--fy must be a fiscal year from %d to %d",
				    KJ_SURVEY_FY_MIN, KJ_SURVEY_FY_MAX);
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_analysis_survey sv;
	struct kj_err err;
	int found = 0;
	long diff = 0;
	rc = KJ_EXIT_FAIL;
	if (kj_store_begin_read(st, &err) < 0 ||
	    kj_store_analysis_survey(st, (int)y, &sv, &found, &err) < 0 ||
	    (found && kj_store_analysis_check(st, sv.id, &diff, &err) < 0))
		kj_cmd_error("%s", err.msg);
	else if (!found)
		kj_cmd_error("no questionnaire survey of fiscal year %ld has opened", y);
	else if (diff)
		kj_cmd_error("survey %lld: %ld rows of the kept counts differ from a recount",
			     (long long)sv.id, diff);
	else {
		printf("survey %lld (FY%ld): the kept counts equal a recount\n", (long long)sv.id, y);
		rc = KJ_EXIT_OK;
	}
	kj_store_rollback(st);
	kj_store_close(st);
	return rc;
}

/* --- analysis operator ------------------------------------------------------ */

static const char *const bench_head[] = {
	"fy", "organisation", "sector", "row", "id", "function", "own", "own_previous",
	"own_change", "sector_n", "sector_q1", "sector_median", "sector_q3", "nation_median",
	"sector_value", "sector_previous_value", "change", "change_low", "change_high",
	"change_called", "crosswalk", "comparable_share", "suppressed",
};

/* A JSON number as the JSON gives it (4 decimals at most), or an empty field. */
static int field_num(FILE *f, json_t *v)
{
	if (!json_is_number(v))
		return kj_csv_field(f, NULL, 0);
	char b[32];
	snprintf(b, sizeof b, "%.4f", json_number_value(v));
	/* The shortest form: 2.5000 as 2.5, 3.0000 as 3. */
	char *e = b + strlen(b);
	while (e > b && e[-1] == '0')
		*--e = '\0';
	if (e > b && e[-1] == '.')
		e[-1] = '\0';
	return fprintf(f, "%s,", b) < 0 ? -1 : 0;
}

static json_t *at(json_t *o, const char *k1, const char *k2)
{
	json_t *v = json_object_get(o, k1);
	return k2 ? json_object_get(v, k2) : v;
}

/* One row of the benchmark: a requirement or a function O. */
static int bench_row(FILE *f, json_t *j, json_t *o, int is_fn)
{
	char fy[16], org[24];
	snprintf(fy, sizeof fy, "%lld", (long long)json_integer_value(json_object_get(j, "fy")));
	snprintf(org, sizeof org, "%lld",
		 (long long)json_integer_value(at(j, "organisation", "id")));
	json_t *sec = json_object_get(o, "sector");
	json_t *val = is_fn ? json_object_get(o, "sector_mean") : json_object_get(o, "rate");
	json_t *prev = is_fn ? json_object_get(o, "sector_previous_mean")
			     : json_object_get(o, "previous_rate");
	json_t *chg = json_object_get(o, "change");
	const char *called = json_is_object(chg)
		? (json_is_true(json_object_get(chg, "called")) ? "1" : "0") : NULL;
	int e = kj_csv_field(f, fy, 0) | kj_csv_field(f, org, 0) |
		kj_csv_field(f, json_string_value(json_object_get(j, "sector")), 0) |
		kj_csv_field(f, is_fn ? "function" : "requirement", 0) |
		kj_csv_field(f, json_string_value(json_object_get(o, is_fn ? "code" : "id")), 0) |
		kj_csv_field(f, is_fn ? json_string_value(json_object_get(o, "code"))
				      : json_string_value(json_object_get(o, "function")), 0);
	json_t *own = json_object_get(o, "own"), *ownp = json_object_get(o, "own_previous");
	const char *os = json_string_value(json_object_get(own, "state"));
	const char *ps = json_string_value(json_object_get(ownp, "state"));
	e |= os && !strcmp(os, "na") ? kj_csv_field(f, "NA", 0) : field_num(f, at(o, "own", "value"));
	e |= ps && !strcmp(ps, "na") ? kj_csv_field(f, "NA", 0)
				     : field_num(f, json_object_get(ownp, "value"));
	e |= field_num(f, is_fn ? json_object_get(o, "own_change") : NULL);
	e |= field_num(f, json_object_get(sec, "n")) | field_num(f, json_object_get(sec, "q1")) |
	     field_num(f, json_object_get(sec, "median")) |
	     field_num(f, json_object_get(sec, "q3")) |
	     field_num(f, at(o, "nation", "median")) | field_num(f, json_object_get(val, "value")) |
	     field_num(f, json_object_get(prev, "value")) |
	     field_num(f, json_object_get(chg, "value")) | field_num(f, json_object_get(chg, "low")) |
	     field_num(f, json_object_get(chg, "high")) | kj_csv_field(f, called, 0) |
	     kj_csv_field(f, is_fn ? NULL : json_string_value(json_object_get(o, "crosswalk")), 0) |
	     field_num(f, is_fn ? json_object_get(o, "comparable_share") : NULL) |
	     kj_csv_field(f, json_is_true(json_object_get(sec, "suppressed")) ? "1" : "0", 1);
	return e ? -1 : 0;
}

static int bench_csv(FILE *f, json_t *j)
{
	int e = kj_csv_begin(f);
	size_t nh = sizeof bench_head / sizeof bench_head[0], i;
	for (i = 0; i < nh; i++)
		e |= kj_csv_field(f, bench_head[i], i + 1 == nh);
	json_t *o;
	json_array_foreach(json_object_get(j, "functions"), i, o)
		e |= bench_row(f, j, o, 1);
	json_array_foreach(json_object_get(j, "requirements"), i, o)
		e |= bench_row(f, j, o, 0);
	return e ? -1 : 0;
}

int kj_cmd_analysis_operator(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("analysis", "operator");
	const char *db = NULL, *fy = NULL, *format = NULL, *sector = NULL, *pos[1] = { NULL };
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "format", 1, &format },
		{ "sector", 1, &sector }, { NULL, 0, NULL },
	};
	int got = 0;
	int rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &got);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (got != 1)
		return kj_cmd_usage(self, "give one organisation id");
	if (!fy)
		return kj_cmd_usage(self, "--fy FY is required");
	if (!format || (strcmp(format, "csv") && strcmp(format, "json")))
		return kj_cmd_usage(self, "--format must be csv or json");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_bench b;
	struct kj_analysis_refusal why;
	struct kj_err err;
	rc = kj_bench_load(st, NULL, pos[0], fy, sector, 0, &b, &why, &err);
	if (rc != 0) {
		kj_cmd_error("%s", rc < 0 ? err.msg : why.en);
		kj_store_close(st);
		return rc > 0 && why.code == 400 ? KJ_EXIT_USAGE : KJ_EXIT_FAIL;
	}
	json_t *j = kj_bench_json(&b);
	int bad = !j;
	if (j && !strcmp(format, "json"))
		bad = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					    JSON_REAL_PRECISION(10)) < 0 || fputc('\n', stdout) == EOF;
	else if (j)
		bad = bench_csv(stdout, j) < 0;
	if (fflush(stdout) != 0)
		bad = 1;
	if (bad)
		kj_cmd_error("cannot write the benchmark to standard output");
	json_decref(j);
	kj_bench_free(&b);
	kj_store_close(st);
	return bad ? KJ_EXIT_FAIL : KJ_EXIT_OK;
}
