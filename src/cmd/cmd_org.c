/*
 * kijun org import|export|list and kijun standard import|coverage: the
 * registry and the safety standards on the command line. Imports are
 * validated whole before anything is written and list every bad row.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/org_import.h"
#include "app/safety_import.h"
#include "cmd/cmd.h"
#include "app/audit_log.h"
#include "model/registry.h"
#include "export/registry_out.h"
#include "model/safety.h"
#include "export/coverage_out.h"
#include "model/table.h"
#include "store/store_org.h"
#include "store/store_safety.h"

#define ROW_ERRORS_SHOWN 50

static void print_row_errors(const char *path, const struct kj_row_error *e, int n,
			     int total)
{
	for (int i = 0; i < n && i < ROW_ERRORS_SHOWN; i++)
		fprintf(stderr, "%s:%d: %s%s%s\n", path, e[i].row, e[i].column,
			e[i].column[0] ? ": " : "", e[i].reason_en);
	if (total > ROW_ERRORS_SHOWN)
		fprintf(stderr, "... and %d more\n", total - ROW_ERRORS_SHOWN);
	fprintf(stderr, "kijun: %d error%s in %s; nothing was changed\n", total,
		total == 1 ? "" : "s", path);
}

/* The catalog in force in the open store. */
static int catalog_of(struct kj_store *st, struct kj_catalog *cat)
{
	struct kj_err err;
	if (kj_store_catalog_get(st, NULL, cat, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return -1;
	}
	return 0;
}

/* Every organisation in SECTOR (NULL: all) into *RECS (free it). */
static int list_all(struct kj_store *st, const char *sector, struct kj_org_record **recs,
		    int64_t **ids, int *n)
{
	struct kj_err err;
	char one[1][24];
	struct kj_org_scope sc = { NULL, 0, 0, NULL };
	long total;
	*recs = NULL;
	*ids = NULL;
	if (sector) {
		if (kj_strlcpy(one[0], sector, sizeof one[0]) < 0) {
			kj_cmd_error("unknown sector '%s'", sector);
			return -1;
		}
		sc.sectors = (const char (*)[24])one;
		sc.nsectors = 1;
	}
	if (kj_store_org_list(st, &sc, 0, NULL, NULL, 0, n, &total, &err) < 0)
		goto fail;
	if (total > KJ_TABLE_ROWS_MAX) {
		kj_err_set(&err, "too many organisations to list at once (%ld)", total);
		goto fail;
	}
	*recs = calloc((size_t)(total ? total : 1), sizeof **recs);
	*ids = calloc((size_t)(total ? total : 1), sizeof **ids);
	if (!*recs || !*ids) {
		kj_err_set(&err, "out of memory");
		goto fail;
	}
	if (kj_store_org_list(st, &sc, 0, *recs, *ids, (int)total, n, &total, &err) < 0)
		goto fail;
	return 0;
fail:
	kj_cmd_error("%s", err.msg);
	free(*recs);
	free(*ids);
	*recs = NULL;
	*ids = NULL;
	return -1;
}

static int sector_known(const struct kj_catalog *cat, const char *code)
{
	for (int i = 0; i < cat->nsectors; i++)
		if (!strcmp(cat->sectors[i].code, code))
			return 1;
	return 0;
}

/* The registry as org export and org list read it: all of it, or one sector. */
struct kj_listing {
	struct kj_store *st;
	struct kj_catalog cat;
	struct kj_org_record *recs;
	int64_t *ids;
	int n;
};

/* Opens the store read-only and lists SECTOR (NULL: all); an exit status. */
static int open_listing(const struct kj_command *self, const char *db, const char *sector,
			struct kj_listing *l)
{
	memset(l, 0, sizeof *l);
	if (kj_cmd_open(&l->st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	if (catalog_of(l->st, &l->cat) < 0) {
		kj_store_close(l->st);
		return KJ_EXIT_FAIL;
	}
	int rc = KJ_EXIT_OK;
	if (sector && !sector_known(&l->cat, sector))
		rc = kj_cmd_usage(self, "unknown sector '%s'", sector);
	else if (list_all(l->st, sector, &l->recs, &l->ids, &l->n) < 0)
		rc = KJ_EXIT_FAIL;
	if (rc != KJ_EXIT_OK) {
		kj_catalog_free(&l->cat);
		kj_store_close(l->st);
	}
	return rc;
}

static void close_listing(struct kj_listing *l)
{
	free(l->recs);
	free(l->ids);
	kj_catalog_free(&l->cat);
	kj_store_close(l->st);
}

static int cursor_next(void *ctx, struct kj_org_record *r)
{
	struct kj_err err;
	int rc = kj_store_org_cursor_next(ctx, r, NULL, &err);
	if (rc < 0)
		kj_cmd_error("%s", err.msg);
	return rc;
}

/*
 * Writes the export of SC from a cursor, one organisation
 * at a time, in one read snapshot; *ROWS the number written. 0 or -1.
 */
static int export_stream(struct kj_store *st, const struct kj_catalog *cat,
			 const struct kj_org_scope *sc, const char *format, const char *output,
			 long *rows)
{
	struct kj_err err;
	struct kj_org_cursor *cur = NULL;
	int rc = -1;
	*rows = 0;
	if (kj_store_begin_read(st, &err) < 0 ||
	    kj_store_org_cursor_open(st, sc, &cur, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		goto done;
	}
	if (!strcmp(format, "xlsx")) {
		if (kj_registry_stream_xlsx(output, cursor_next, cur, cat, rows, &err) < 0) {
			kj_cmd_error("%s", err.msg);
			goto done;
		}
	} else {
		FILE *f = output ? fopen(output, "w") : stdout;
		if (!f) {
			kj_cmd_error("cannot write %s", output);
			goto done;
		}
		int w = kj_registry_stream_csv(f, cursor_next, cur, cat, rows);
		if (fflush(f) != 0 || (f != stdout && fclose(f) != 0))
			w = -1;
		if (w < 0) {
			kj_cmd_error("writing the export failed");
			goto done;
		}
	}
	rc = 0;
done:
	kj_store_org_cursor_close(cur);
	kj_store_rollback(st);	/* ends the read snapshot */
	return rc;
}

int kj_cmd_org_export(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("org", "export");
	const char *db = NULL, *format = NULL, *output = NULL, *sector = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "format", 1, &format }, { "output", 1, &output },
		{ "sector", 1, &sector }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (!format || (strcmp(format, "csv") && strcmp(format, "xlsx")))
		return kj_cmd_usage(self, "--format must be csv or xlsx");
	if (!strcmp(format, "xlsx") && !output)
		return kj_cmd_usage(self, "--format xlsx needs --output FILE");
	/* Read-write: a bulk export is in the audit trail (who, what, how many rows). */
	struct kj_store *st;
	struct kj_catalog cat;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	if (catalog_of(st, &cat) < 0) {
		kj_store_close(st);
		return KJ_EXIT_FAIL;
	}
	long rows = 0;
	struct kj_err err;
	char actor[KJ_AUDIT_ACTOR_MAX];
	rc = KJ_EXIT_FAIL;
	if (sector && !sector_known(&cat, sector)) {
		rc = kj_cmd_usage(self, "unknown sector '%s'", sector);
		goto done;
	}
	/* Recorded before a byte is written: no entry, no export. ROWS: the
	 * organisations in scope as the export begins. */
	char one[1][24];
	struct kj_org_scope sc = { NULL, 0, 0, NULL };
	if (sector) {
		kj_strlcpy(one[0], sector, sizeof one[0]);	/* a known sector's code */
		sc.sectors = (const char (*)[24])one;
		sc.nsectors = 1;
	}
	if (kj_store_org_count(st, &sc, &rows, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		goto done;
	}
	json_t *d = json_pack("{s:s, s:I, s:s*, s:s*}", "format", format, "rows",
			      (json_int_t)rows, "sector", sector, "output", output);
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	kj_cmd_actor(actor, sizeof actor);
	int a = detail ? kj_audit_log(st, 0, actor, "export", "export", "kijun-registry",
				      detail, &err) : -1;
	if (a < 0)
		kj_cmd_error("cannot record the export in the audit trail, nothing exported: %s",
			     detail ? err.msg : "out of memory");
	free(detail);
	if (a < 0 || export_stream(st, &cat, &sc, format, output, &rows) < 0)
		goto done;
	rc = KJ_EXIT_OK;
done:
	kj_catalog_free(&cat);
	kj_store_close(st);
	return rc;
}

int kj_cmd_org_list(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("org", "list");
	const char *db = NULL, *sector = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "sector", 1, &sector }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	struct kj_listing l;
	if ((rc = open_listing(self, db, sector, &l)) != KJ_EXIT_OK)
		return rc;
	for (int i = 0; i < l.n; i++) {
		const struct kj_org_record *r = &l.recs[i];
		printf("%s  %-6s %s  ", r->corporate_number, r->size_class, r->prefecture);
		for (int k = 0; k < r->nsectors; k++)
			printf("%s%s", k ? "," : "", r->sectors[k]);
		printf("  %s%s", r->name_ja, r->active ? "" : " (retired)");
		/* In a shared sector (行政サービス) the ministries it is assigned to. */
		for (int k = 0; k < r->nministries; k++)
			printf("%s%s", k ? "," : "  ministries ", r->ministries[k]);
		putchar('\n');
	}
	close_listing(&l);
	return KJ_EXIT_OK;
}

/*
 * An import from the command line: the file is read whole and given to its
 * use case with the catalog in force; every bad row is printed, and only a
 * file without one is written (in one transaction). Operator lists and
 * safety-standard mappings differ only in their use case and summary.
 */
struct import_input {
	char *data;
	size_t len;
	struct kj_store *st;
	struct kj_catalog cat;
	char actor_name[KJ_AUDIT_ACTOR_MAX];
	struct kj_actor actor;
};

/* Reads FILE and opens the store; KJ_EXIT_OK or the exit status to return. */
static int import_open(const struct kj_command *self, int argc, char **argv,
		       const char *usage, const char **path, struct import_input *in)
{
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	memset(in, 0, sizeof *in);
	if (rc)
		return rc > 0 ? -1 : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "%s", usage);
	struct kj_err err;
	*path = pos[0];
	if (kj_read_file(pos[0], KJ_TABLE_FILE_MAX, &in->data, &in->len, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (kj_cmd_open(&in->st, db, 0) < 0) {
		free(in->data);
		return KJ_EXIT_FAIL;
	}
	if (catalog_of(in->st, &in->cat) < 0) {
		free(in->data);
		kj_store_close(in->st);
		return KJ_EXIT_FAIL;
	}
	kj_cmd_actor(in->actor_name, sizeof in->actor_name);
	in->actor = (struct kj_actor){ NULL, 0, in->actor_name };
	return KJ_EXIT_OK;
}

static void import_close(struct import_input *in)
{
	free(in->data);
	kj_catalog_free(&in->cat);
	kj_store_close(in->st);
}

/* Prints why PATH was not imported (OUTCOME, with DETAIL or the bad rows). */
static void import_failed(const char *path, enum kj_import_outcome outcome, const char *detail,
			  const struct kj_row_error *e, int nerrors)
{
	switch (outcome) {
	case KJ_IMPORT_UNREADABLE:
		kj_cmd_error("%s: %s", path, detail);
		break;
	case KJ_IMPORT_NOT_A_LIST:
		kj_cmd_error("%s: %s; nothing was changed", path, detail);
		break;
	case KJ_IMPORT_BAD_ROWS:
		print_row_errors(path, e, nerrors < KJ_IMPORT_ERRORS_MAX ? nerrors
					  : KJ_IMPORT_ERRORS_MAX, nerrors);
		break;
	case KJ_IMPORT_REFUSED:
		kj_cmd_error("%s: %s; nothing was changed", path, detail);
		break;
	case KJ_IMPORT_DONE:
		break;
	}
}

int kj_cmd_org_import(int argc, char **argv)
{
	const char *path;
	struct import_input in;
	int rc = import_open(kj_cmd_find("org", "import"), argc, argv, "give one CSV or xlsx file",
			     &path, &in);
	if (rc != KJ_EXIT_OK)
		return rc < 0 ? KJ_EXIT_OK : rc;
	struct kj_registry_import out;
	struct kj_err err;
	rc = KJ_EXIT_FAIL;
	if (kj_app_registry_import(in.st, &in.cat, &in.actor, in.data, in.len, &out, &err) < 0) {
		kj_cmd_error("%s; nothing was changed", err.msg);
	} else if (out.outcome == KJ_IMPORT_REFUSED) {
		char why[KJ_ERR_MAX];
		snprintf(why, sizeof why, "corporate number %s: %s",
			 out.rows.records[out.saved.first_refused].corporate_number,
			 kj_org_refusal_en(out.saved.reason));
		import_failed(path, out.outcome, why, NULL, 0);
	} else if (out.outcome != KJ_IMPORT_DONE) {
		import_failed(path, out.outcome, out.detail, out.rows.errors, out.rows.nerrors);
	} else {
		printf("%s: %d rows: %ld added, %ld updated, %ld unchanged\n", path,
		       out.rows.nrecords, out.saved.stats.added, out.saved.stats.updated,
		       out.saved.stats.unchanged);
		rc = KJ_EXIT_OK;
	}
	kj_registry_import_free(&out);
	import_close(&in);
	return rc;
}

int kj_cmd_standard_import(int argc, char **argv)
{
	const char *path;
	struct import_input in;
	int rc = import_open(kj_cmd_find("standard", "import"), argc, argv,
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
		import_failed(path, out.outcome, out.detail, out.rows.errors, out.rows.nerrors);
	} else {
		printf("%s: %d clauses: %ld documents added, %ld clauses added, %ld updated, "
		       "%ld unchanged; %ld documents updated\n", path, out.rows.nrecords,
		       out.stats.documents_added, out.stats.clauses_added,
		       out.stats.clauses_updated, out.stats.unchanged,
		       out.stats.documents_updated);
		rc = KJ_EXIT_OK;
	}
	kj_safety_import_free(&out);
	import_close(&in);
	return rc;
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
	if (catalog_of(st, &cat) < 0) {
		kj_store_close(st);
		return KJ_EXIT_FAIL;
	}
	rc = KJ_EXIT_FAIL;
	int si = -1;
	if (sector) {
		for (int i = 0; i < cat.nsectors; i++)
			if (!strcmp(cat.sectors[i].code, sector))
				si = i;
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
	if (format && strcmp(format, "text")) {
		if (!strcmp(format, "xlsx")) {
			if (kj_coverage_write_xlsx(output, &one, &view, &err) < 0) {
				kj_cmd_error("%s", err.msg);
				goto done;
			}
		} else {
			FILE *f = output ? fopen(output, "w") : stdout;
			if (!f) {
				kj_cmd_error("cannot write %s", output);
				goto done;
			}
			int w = kj_coverage_write_csv(f, &one, &view);
			if (fflush(f) != 0 || (f != stdout && fclose(f) != 0))
				w = -1;
			if (w < 0) {
				kj_cmd_error("writing the export failed");
				goto done;
			}
		}
		rc = KJ_EXIT_OK;
		goto done;
	}
	/* Text: per sector the counts; for one sector also its gaps. */
	FILE *out = output ? fopen(output, "w") : stdout;
	if (!out) {
		kj_cmd_error("cannot write %s", output);
		goto done;
	}
	fprintf(out, "%-12s %10s %8s %9s %8s %8s %8s\n", "sector", "government", "industry",
		"operators", "none", "gaps", "partial");
	for (int s = 0; s < cat.nsectors; s++) {
		if (si >= 0 && s != si)
			continue;
		int c[KJ_NCOV], p[KJ_NCOV], np = 0;
		kj_coverage_count(&cov, &cat, s, -1, c);
		kj_coverage_count_partial(&cov, &cat, s, -1, p);
		for (int k = KJ_COV_OPERATORS; k < KJ_NCOV; k++)
			np += p[k];
		fprintf(out, "%-12s %10d %8d %9d %8d %8d %8d\n", cat.sectors[s].code,
			c[KJ_COV_GOVERNMENT], c[KJ_COV_INDUSTRY], c[KJ_COV_OPERATORS],
			c[KJ_COV_NONE], kj_coverage_gaps(c), np);
	}
	if (si >= 0) {
		fprintf(out, "\ngaps (only in some operators' internal rules, or not covered):\n");
		for (int r = 0; r < cat.nreqs; r++) {
			size_t i = (size_t)si * (size_t)cov.nreqs + (size_t)r;
			enum kj_cov c = (enum kj_cov)cov.cov[i];
			char ops[32] = "";
			if (c == KJ_COV_OPERATORS)
				snprintf(ops, sizeof ops, "%d operator%s", cov.operators[i],
					 cov.operators[i] == 1 ? "" : "s");
			if (kj_cov_is_gap(c))
				fprintf(out, "  %-10s %-14s %-12s %s\n", cat.reqs[r].id, kj_cov_code(c),
				       ops, cov.req_new[r] ? "(new in this version)" :
				       cov.req_changed[r] ? "(changed in this version)" : "");
		}
	}
	if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
		kj_cmd_error("writing the coverage failed");
		goto done;
	}
	rc = KJ_EXIT_OK;
done:
	kj_coverage_free(&cov);
done_cat:
	kj_catalog_free(&cat);
	kj_store_close(st);
	return rc;
}
