/*
 * kijun org import|export|list: the registry of operators on the command
 * line. An import is validated whole before anything is written and lists
 * every bad row.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/org_import.h"
#include "cmd/cmd.h"
#include "cmd/cmd_import.h"
#include "model/registry.h"
#include "export/registry_out.h"
#include "store/store_org_list.h"

/* Every organisation in SECTOR (NULL: all) into *RECS (free it). */
static int list_all(struct kj_store *st, const char *sector, struct kj_org_record **recs,
		    int64_t **ids, int *n)
{
	struct kj_err err;
	kj_sector_code one[1];
	struct kj_org_scope sc = { NULL, 0, 0, NULL };
	long total;
	*recs = NULL;
	*ids = NULL;
	if (sector) {
		if (kj_strlcpy(one[0], sector, sizeof one[0]) < 0) {
			kj_cmd_error("unknown sector '%s'", sector);
			return -1;
		}
		sc.sectors = (const kj_sector_code *)one;
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
	if (kj_cmd_catalog_of(l->st, &l->cat) < 0) {
		kj_store_close(l->st);
		return KJ_EXIT_FAIL;
	}
	int rc = KJ_EXIT_OK;
	if (sector && kj_catalog_sector_index(&l->cat, sector) < 0)
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
	if (kj_cmd_catalog_of(st, &cat) < 0) {
		kj_store_close(st);
		return KJ_EXIT_FAIL;
	}
	long rows = 0;
	struct kj_err err;
	char actor[KJ_AUDIT_ACTOR_MAX];
	rc = KJ_EXIT_FAIL;
	if (sector && kj_catalog_sector_index(&cat, sector) < 0) {
		rc = kj_cmd_usage(self, "unknown sector '%s'", sector);
		goto done;
	}
	/* Recorded before a byte is written: no entry, no export. ROWS: the
	 * organisations in scope as the export begins. */
	kj_sector_code one[1];
	struct kj_org_scope sc = { NULL, 0, 0, NULL };
	if (sector) {
		kj_strlcpy(one[0], sector, sizeof one[0]);	/* a known sector's code */
		sc.sectors = (const kj_sector_code *)one;
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

int kj_cmd_org_import(int argc, char **argv)
{
	const char *path;
	struct kj_cmd_import in;
	int rc = kj_cmd_import_open(kj_cmd_find("org", "import"), argc, argv, "give one CSV or xlsx file",
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
		kj_cmd_import_failed(path, out.outcome, why, NULL, 0);
	} else if (out.outcome != KJ_IMPORT_DONE) {
		kj_cmd_import_failed(path, out.outcome, out.detail, out.rows.errors, out.rows.nerrors);
	} else {
		printf("%s: %d rows: %ld added, %ld updated, %ld unchanged\n", path,
		       out.rows.nrecords, out.saved.stats.added, out.saved.stats.updated,
		       out.saved.stats.unchanged);
		rc = KJ_EXIT_OK;
	}
	kj_registry_import_free(&out);
	kj_cmd_import_close(&in);
	return rc;
}
