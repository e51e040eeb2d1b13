/*
 * The registry's export (GET /registry/export): CSV streamed from a cursor
 * to the client as it is sent, or an xlsx workbook written in
 * libxlsxwriter's constant-memory mode to an unlinked temporary file and
 * streamed from there. Either way the memory does not grow with the
 * registry. The export reads one snapshot on a connection of its own (the
 * worker's connection stays free for its other requests), and is in the
 * audit trail before its first byte is sent: no entry, no file.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "app/audit_log.h"
#include "base/log.h"
#include "export/registry_out.h"
#include "model/reference.h"
#include "model/registry.h"
#include "store/store_org_list.h"
#include "web/app.h"
#include "web/pages.h"
#include "web/ui.h"

/* The export's own read-only connection, its snapshot and cursor. */
struct export {
	struct kj_store *st;
	struct kj_org_cursor *cur;
	const struct kj_catalog *cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	FILE *mem;			/* writes into ROW */
	char row[KJ_EXPORT_ROW_MAX];
	size_t len, at;			/* ROW's bytes, and those already sent */
	int started, ended;
	int fd;				/* xlsx: the finished workbook, else -1 */
};

static void export_free(void *ctx)
{
	struct export *x = ctx;
	if (!x)
		return;
	if (x->mem)
		fclose(x->mem);
	if (x->fd >= 0)
		close(x->fd);
	kj_store_org_cursor_close(x->cur);
	kj_store_close(x->st);	/* ends the read transaction */
	free(x);
}

static int cursor_next(void *ctx, struct kj_org_record *r)
{
	struct export *x = ctx;
	struct kj_err err;
	int rc = kj_store_org_cursor_next(x->cur, r, NULL, &err);
	if (rc < 0)
		kj_log_error("registry export: %s", err.msg);
	return rc;
}

/* The next piece of CSV into ROW: the BOM and header first, then one
 * organisation; 1, or 0 at the end, -1 on an error. */
static int csv_fill(struct export *x)
{
	struct kj_org_record r;
	int rc = 1;
	rewind(x->mem);
	if (!x->started) {
		x->started = 1;
		rc = kj_registry_csv_head(x->mem) < 0 ? -1 : 1;
	} else if ((rc = cursor_next(x, &r)) > 0) {
		rc = kj_registry_csv_row(x->mem, &r, x->cat, x->prefs) < 0 ? -1 : 1;
	}
	if (rc <= 0)
		return rc;
	long end = fflush(x->mem) == 0 && !ferror(x->mem) ? ftell(x->mem) : -1;
	/* A row that fills ROW may have been cut: refused, never sent cut. */
	if (end < 0 || (size_t)end >= sizeof x->row - 1)
		return -1;
	x->len = (size_t)end;
	x->at = 0;
	return 1;
}

static long csv_read(void *ctx, char *buf, size_t max)
{
	struct export *x = ctx;
	size_t n = 0;
	while (n < max && !x->ended) {
		if (x->at == x->len) {
			int rc = csv_fill(x);
			if (rc < 0)
				return n ? (long)n : -1;	/* the error on the next call */
			if (rc == 0) {
				x->ended = 1;
				break;
			}
		}
		size_t k = x->len - x->at < max - n ? x->len - x->at : max - n;
		memcpy(buf + n, x->row + x->at, k);
		x->at += k;
		n += k;
	}
	return (long)n;
}

static long file_read(void *ctx, char *buf, size_t max)
{
	struct export *x = ctx;
	ssize_t n = read(x->fd, buf, max);
	return n < 0 ? -1 : (long)n;
}

/* Opens the export of SC: its connection, snapshot, count and cursor. */
static int export_open(struct kj_request *req, const struct kj_org_scope *sc,
		       struct export **out, long *total)
{
	struct kj_err err;
	struct export *x = calloc(1, sizeof *x);
	*out = NULL;
	if (!x)
		return -1;
	x->fd = -1;
	x->cat = &req->app->cat;
	kj_err_set(&err, "out of memory");
	if (kj_reference_prefectures(x->prefs, &err) < 0 ||
	    kj_store_open(&x->st, req->app->db_path, KJ_STORE_READONLY, &err) < 0 ||
	    kj_store_begin_read(x->st, &err) < 0 ||
	    kj_store_org_count(x->st, sc, total, &err) < 0 ||
	    kj_store_org_cursor_open(x->st, sc, &x->cur, &err) < 0 ||
	    !(x->mem = fmemopen(x->row, sizeof x->row, "w"))) {
		kj_log_error("registry export: %s", err.msg);
		export_free(x);
		return -1;
	}
	*out = x;
	return 0;
}

/* Writes the workbook to an unlinked temporary file, left open in X->fd. */
static int export_xlsx(struct export *x)
{
	char path[] = "/tmp/kijun-export-XXXXXX";
	struct kj_err err;
	long rows;
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	int rc = kj_registry_stream_xlsx(path, cursor_next, x, x->cat, &rows, &err);
	if (rc == 0) {
		x->fd = open(path, O_RDONLY | O_CLOEXEC);
		rc = x->fd < 0 ? -1 : 0;
	} else {
		kj_log_error("registry export: %s", err.msg);
	}
	unlink(path);
	close(fd);
	return rc;
}

int kj_page_registry_export(struct kj_request *req, struct kj_response *resp)
{
	struct kj_org_scope sc;
	const char *sector = kj_param(req, "sector"), *format = kj_param(req, "format");
	kj_sector_code one[1];
	char disp[160];
	int xlsx = format && !strcmp(format, "xlsx");
	kj_authz_org_scope(&req->user, &sc);
	if (sector && *sector &&
	    kj_authz_org_scope_sector(&req->user, KJ_PERM_REGISTRY_READ, sector, one, &sc) < 0)
		return 404;
	if (format && strcmp(format, "csv") && !xlsx)
		return 400;
	struct export *x;
	long total;
	if (export_open(req, &sc, &x, &total) < 0 || (xlsx && export_xlsx(x) < 0)) {
		export_free(x);
		return 500;
	}
	if (kj_web_audit_export(req, xlsx ? "xlsx" : "csv", "kijun-registry", total) < 0) {
		export_free(x);
		return 500;
	}
	snprintf(disp, sizeof disp, "attachment; filename=\"kijun-registry.%s\"",
		 xlsx ? "xlsx" : "csv");
	kj_response_header(resp, "Content-Disposition", disp);
	resp->content_type = xlsx
		? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		: "text/csv; charset=utf-8";
	kj_response_stream(resp, xlsx ? file_read : csv_read, export_free, x);
	return 0;
}
