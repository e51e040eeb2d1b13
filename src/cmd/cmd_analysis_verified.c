/*
 * kijun analysis verified --fy FY [--sector S] --format csv|json: self-reported
 * against verified (docs/metrics.md), the same figures as the API (both from
 * app/onsite_compare.h; the command line sees every figure, as the NCO
 * does). The CSV has one row per sector and requirement, per sector
 * (requirement "*") and for the nation (sector "*").
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/onsite_compare.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "export/csv.h"
#include "model/metrics.h"

static const char *const csv_head[] = {
	"fy", "sector", "requirement", "function", "suppressed", "suppressed_by", "operators",
	"compared", "below", "equal", "above", "na", "missing", "share_below", "share_equal",
	"share_above", "mean_difference", "diff_-4", "diff_-3", "diff_-2", "diff_-1", "diff_0",
	"diff_+1", "diff_+2", "diff_+3", "diff_+4",
};
#define CSV_COLS ((int)(sizeof csv_head / sizeof csv_head[0]))

static int field_long(FILE *f, long v)
{
	char b[32];
	snprintf(b, sizeof b, "%ld", v);
	return kj_csv_field(f, b, 0);
}

/* A ratio to 4 decimals as the JSON gives it, or an empty field; LAST ends
 * the row. Written bare: a negative mean is a number, which no spreadsheet
 * runs as a formula. */
static int field_ratio(FILE *f, int defined, double v, int last)
{
	if (!defined)
		return kj_csv_field(f, NULL, last);
	return fprintf(f, "%.4f%s", v, last ? "\r\n" : ",") < 0 ? -1 : 0;
}

/* One row: sector S (-1: "*"), requirement Q (-1: "*"), figure X. */
static int csv_row(FILE *f, const struct kj_verified *v, int s, int q, const struct kj_vfig *x)
{
	char fy[16];
	snprintf(fy, sizeof fy, "%d", v->fy);
	int e = kj_csv_field(f, fy, 0) |
		kj_csv_field(f, s < 0 ? "*" : v->cat.sectors[s].code, 0) |
		kj_csv_field(f, q < 0 ? "*" : v->cat.reqs[q].id, 0) |
		kj_csv_field(f, q < 0 ? "" : v->cat.functions[v->cat.reqs[q].function].code, 0) |
		kj_csv_field(f, x->suppressed ? "1" : "0", 0) |
		kj_csv_field(f, kj_sup_rule_name(x->suppressed), 0);
	if (x->suppressed) {
		for (int k = 6; k < CSV_COLS; k++)
			e |= kj_csv_field(f, NULL, k == CSV_COLS - 1);
		return e ? -1 : 0;
	}
	const struct kj_cmp *c = &x->c;
	double below, equal, above, mean;
	int d = kj_cmp_share(c, kj_cmp_below(c), &below);
	kj_cmp_share(c, kj_cmp_equal(c), &equal);
	kj_cmp_share(c, kj_cmp_above(c), &above);
	kj_cmp_mean(c, &mean);
	e |= field_long(f, x->operators) | field_long(f, kj_cmp_compared(c)) |
	     field_long(f, kj_cmp_below(c)) | field_long(f, kj_cmp_equal(c)) |
	     field_long(f, kj_cmp_above(c)) | field_long(f, c->na) | field_long(f, c->missing) |
	     field_ratio(f, d, below, 0) | field_ratio(f, d, equal, 0) |
	     field_ratio(f, d, above, 0) | field_ratio(f, d, mean, 0);
	for (int i = 0; i < KJ_CMP_DIFFS; i++) {
		char b[32];
		snprintf(b, sizeof b, "%ld", c->diff[i]);
		e |= kj_csv_field(f, b, i == KJ_CMP_DIFFS - 1);
	}
	return e ? -1 : 0;
}

static int write_csv(FILE *f, const struct kj_verified *v)
{
	int e = 0;
	for (int i = 0; i < CSV_COLS; i++)
		e |= kj_csv_field(f, csv_head[i], i == CSV_COLS - 1);
	for (int s = 0; s < v->ns && !e; s++) {
		if (v->sector >= 0 && s != v->sector)
			continue;
		e |= csv_row(f, v, s, -1, &v->sec[s]);
		for (int q = 0; q < v->nr && !e; q++)
			e |= csv_row(f, v, s, q, &v->cell[(size_t)s * (size_t)v->nr + (size_t)q]);
	}
	if (!e)
		e |= csv_row(f, v, -1, -1, &v->nat);
	for (int q = 0; q < v->nr && !e && v->sector < 0; q++)
		e |= csv_row(f, v, -1, q, &v->req[q]);
	return e ? -1 : 0;
}

int kj_cmd_analysis_verified(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("analysis", "verified");
	const char *db = NULL, *fy = NULL, *format = NULL, *kn = NULL, *sector = NULL;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "format", 1, &format }, { "k", 1, &kn },
		{ "sector", 1, &sector }, { NULL, 0, NULL },
	};
	int got = 0;
	int rc = kj_cmd_parse(self, argc, argv, opts, NULL, 0, &got);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
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
	struct kj_verified v;
	struct kj_analysis_refusal why;
	struct kj_err err;
	rc = kj_verified_load(st, NULL, fy, sector, (int)k, &v, &why, &err);
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
		json_t *j = kj_verified_json(&v);
		bad = !j || json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
						 JSON_REAL_PRECISION(10)) < 0 ||
		      fputc('\n', stdout) == EOF;
		json_decref(j);
	} else {
		bad = write_csv(stdout, &v) < 0;
	}
	if (fflush(stdout) != 0)
		bad = 1;
	if (bad)
		kj_cmd_error("cannot write the comparison to standard output");
	kj_verified_free(&v);
	kj_store_close(st);
	return bad ? KJ_EXIT_FAIL : KJ_EXIT_OK;
}
