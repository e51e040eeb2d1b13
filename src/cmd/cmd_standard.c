/*
 * kijun standard import|coverage: the safety standards on the command line.
 * An import is validated whole before anything is written and lists every
 * bad row; coverage prints each sector's counts and one sector's gaps, or
 * writes them as CSV or xlsx.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/safety_import.h"
#include "cmd/cmd.h"
#include "cmd/cmd_import.h"
#include "export/coverage_out.h"
#include "model/safety.h"
#include "store/store_safety.h"

int kj_cmd_standard_import(int argc, char **argv)
{
	const char *path;
	struct kj_cmd_import in;
	int rc = kj_cmd_import_open(kj_cmd_find("standard", "import"), argc, argv,
			     "give one CSV or xlsx file of clauses and the requirements they cover",
			     &path, &in);
	if (rc != KJ_EXIT_OK)
		return rc < 0 ? KJ_EXIT_OK : rc;
	struct kj_safety_import out;
	struct kj_err err;
	rc = KJ_EXIT_FAIL;
	if (kj_app_safety_import(in.st, &in.cat, &in.actor, NULL, in.data, in.len, &out,
				 &err) < 0) {
		kj_cmd_error("%s; nothing was changed", err.msg);
	} else if (out.outcome != KJ_IMPORT_DONE) {
		kj_cmd_import_failed(path, out.outcome, out.detail, out.rows.errors, out.rows.nerrors);
	} else {
		printf("%s: %d clauses: %ld documents added, %ld clauses added, %ld updated, "
		       "%ld unchanged; %ld documents updated\n", path, out.rows.nrecords,
		       out.stats.documents_added, out.stats.clauses_added,
		       out.stats.clauses_updated, out.stats.unchanged,
		       out.stats.documents_updated);
		rc = KJ_EXIT_OK;
	}
	kj_safety_import_free(&out);
	kj_cmd_import_close(&in);
	return rc;
}

/* Writes the coverage ONE of the catalog VIEW as FORMAT ("csv" or "xlsx")
 * to OUTPUT (NULL: standard output, for CSV); 0, or -1 after printing why. */
static int write_export(const char *format, const char *output, const struct kj_coverage *one,
			const struct kj_catalog *view)
{
	struct kj_err err;
	if (!strcmp(format, "xlsx")) {
		if (kj_coverage_write_xlsx(output, one, view, &err) < 0) {
			kj_cmd_error("%s", err.msg);
			return -1;
		}
		return 0;
	}
	FILE *f = output ? fopen(output, "w") : stdout;
	if (!f) {
		kj_cmd_error("cannot write %s", output);
		return -1;
	}
	int w = kj_coverage_write_csv(f, one, view);
	if (fflush(f) != 0 || (f != stdout && fclose(f) != 0))
		w = -1;
	if (w < 0) {
		kj_cmd_error("writing the export failed");
		return -1;
	}
	return 0;
}

/* One sector's gaps: requirements covered only in some operators' internal
 * rules, or not at all. */
static void print_gaps(FILE *out, const struct kj_coverage *cov, const struct kj_catalog *cat,
		       int si)
{
	fprintf(out, "\ngaps (only in some operators' internal rules, or not covered):\n");
	for (int r = 0; r < cat->nreqs; r++) {
		size_t i = (size_t)si * (size_t)cov->nreqs + (size_t)r;
		enum kj_cov c = (enum kj_cov)cov->cov[i];
		char ops[32] = "";
		if (c == KJ_COV_OPERATORS)
			snprintf(ops, sizeof ops, "%d operator%s", cov->operators[i],
				 cov->operators[i] == 1 ? "" : "s");
		if (kj_cov_is_gap(c))
			fprintf(out, "  %-10s %-14s %-12s %s\n", cat->reqs[r].id, kj_cov_code(c),
			       ops, cov->req_new[r] ? "(new in this version)" :
			       cov->req_changed[r] ? "(changed in this version)" : "");
	}
}

/* Text to OUTPUT (NULL: standard output): per sector (SI, or all when -1)
 * the counts; for one sector also its gaps. 0, or -1 after printing why. */
static int print_text(const char *output, const struct kj_coverage *cov,
		      const struct kj_catalog *cat, int si)
{
	FILE *out = output ? fopen(output, "w") : stdout;
	if (!out) {
		kj_cmd_error("cannot write %s", output);
		return -1;
	}
	fprintf(out, "%-12s %10s %8s %9s %8s %8s %8s\n", "sector", "government", "industry",
		"operators", "none", "gaps", "partial");
	for (int s = 0; s < cat->nsectors; s++) {
		if (si >= 0 && s != si)
			continue;
		int c[KJ_NCOV], p[KJ_NCOV], np = 0;
		kj_coverage_count(cov, cat, s, -1, c);
		kj_coverage_count_partial(cov, cat, s, -1, p);
		for (int k = KJ_COV_OPERATORS; k < KJ_NCOV; k++)
			np += p[k];
		fprintf(out, "%-12s %10d %8d %9d %8d %8d %8d\n", cat->sectors[s].code,
			c[KJ_COV_GOVERNMENT], c[KJ_COV_INDUSTRY], c[KJ_COV_OPERATORS],
			c[KJ_COV_NONE], kj_coverage_gaps(c), np);
	}
	if (si >= 0)
		print_gaps(out, cov, cat, si);
	if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
		kj_cmd_error("writing the coverage failed");
		return -1;
	}
	return 0;
}

int kj_cmd_standard_coverage(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("standard", "coverage");
	const char *db = NULL, *sector = NULL, *format = NULL, *output = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "sector", 1, &sector }, { "format", 1, &format },
		{ "output", 1, &output }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (format && strcmp(format, "text") && strcmp(format, "csv") && strcmp(format, "xlsx"))
		return kj_cmd_usage(self, "--format must be text, csv or xlsx, not '%s'", format);
	if (format && !strcmp(format, "xlsx") && !output)
		return kj_cmd_usage(self, "--format xlsx needs --output FILE");
	struct kj_store *st;
	struct kj_catalog cat;
	struct kj_coverage cov;
	struct kj_err err;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	if (kj_cmd_catalog_of(st, &cat) < 0) {
		kj_store_close(st);
		return KJ_EXIT_FAIL;
	}
	rc = KJ_EXIT_FAIL;
	int si = sector ? kj_catalog_sector_index(&cat, sector) : -1;
	if (sector) {
		if (si < 0) {
			kj_cmd_usage(self, "unknown sector '%s'", sector);
			kj_catalog_free(&cat);
			kj_store_close(st);
			return KJ_EXIT_USAGE;
		}
	}
	if (kj_store_coverage(st, &cat, &cov, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		goto done_cat;
	}
	/* One sector: a view of the catalog and the coverage with its row only. */
	struct kj_catalog view = cat;
	struct kj_coverage one = cov;
	if (si >= 0) {
		view.sectors = &cat.sectors[si];
		view.nsectors = 1;
		one.cov = cov.cov + (size_t)si * (size_t)cov.nreqs;
		one.partial = cov.partial + (size_t)si * (size_t)cov.nreqs;
		one.operators = cov.operators + (size_t)si * (size_t)cov.nreqs;
		one.nsectors = 1;
	}
	int written = format && strcmp(format, "text") ? write_export(format, output, &one, &view)
						       : print_text(output, &cov, &cat, si);
	if (written == 0)
		rc = KJ_EXIT_OK;
	kj_coverage_free(&cov);
done_cat:
	kj_catalog_free(&cat);
	kj_store_close(st);
	return rc;
}
