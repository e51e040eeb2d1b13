/*
 * The pieces the pages share, as cgit's ui-shared.c: names of sectors,
 * ministries, prefectures and sizes in the request's language, the alert
 * and import-result boxes, the list of an import's bad rows, the upload
 * form, and downloads (a table sent as CSV or xlsx, and the audit entry of
 * every bulk export).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/audit_log.h"
#include "model/safety.h"
#include "web/app.h"
#include "web/html.h"
#include "web/ui.h"

const char *kj_ui_sector_name(const struct kj_request *req, const char *code)
{
	const struct kj_sector *s = kj_catalog_sector(&req->app->cat, code);
	return !s ? code : req->lang == KJ_LANG_EN ? s->name_en : s->name_ja;
}

const char *kj_ui_ministry_name(const struct kj_request *req, const char *code)
{
	const struct kj_catalog *cat = &req->app->cat;
	for (int i = 0; i < cat->nministries; i++)
		if (!strcmp(cat->ministries[i].code, code))
			return req->lang == KJ_LANG_EN ? cat->ministries[i].name_en
						       : cat->ministries[i].name_ja;
	return code;
}

const char *kj_ui_paren_open(const struct kj_request *req)
{
	return req->lang == KJ_LANG_EN ? " (" : "（";
}

const char *kj_ui_paren_close(const struct kj_request *req)
{
	return req->lang == KJ_LANG_EN ? ")" : "）";
}

const char *kj_ui_prefecture_name(const struct kj_request *req, const char *code)
{
	for (int i = 0; i < KJ_PREFECTURES; i++)
		if (!strcmp(req->app->prefs[i].code, code))
			return req->lang == KJ_LANG_EN ? req->app->prefs[i].name_en
						       : req->app->prefs[i].name_ja;
	return code;
}

const char *kj_ui_size_label(const struct kj_request *req, const char *size)
{
	if (!strcmp(size, "large"))
		return T("大規模");
	if (!strcmp(size, "medium"))
		return T("中規模");
	return T("小規模・地域");
}

/* R as an object for registry.edit, which no operator holds: no id needed. */
static struct kj_object object_of(const struct kj_org_record *r)
{
	struct kj_object o = { 0, (const kj_sector_code *)r->sectors, r->nsectors,
			       (const char (*)[16])r->ministries, r->nministries };
	return o;
}

int kj_ui_may_edit_org(const struct kj_request *req, const struct kj_org_record *r)
{
	struct kj_object o = object_of(r);
	return kj_authz_object(&req->user, KJ_PERM_REGISTRY_EDIT, &o);
}

void kj_ui_alert(struct kj_request *req, struct kj_buf *b, const char *title_ja,
		 const char *detail)
{
	kj_h(b, "<div class=\"error-summary\" role=\"alert\"><p>");
	kj_h_text(b, T(title_ja));
	if (detail) {
		kj_h(b, "</p><p>");
		kj_h_text(b, detail);
	}
	kj_h(b, "</p></div>");
}

void kj_ui_imported(struct kj_request *req, struct kj_buf *b,
		    const char *const *labels_ja, const long *values, int n)
{
	kj_h(b, "<div class=\"notice success\" role=\"status\"><p>");
	kj_h_text(b, T("取り込みました。"));
	kj_h(b, "</p><ul>");
	for (int i = 0; i < n; i++) {
		kj_h(b, "<li>");
		kj_h_text(b, T(labels_ja[i]));
		kj_h(b, ": ");
		kj_h_int(b, values[i]);
		kj_h(b, "</li>");
	}
	kj_h(b, "</ul></div>");
}

void kj_ui_row_errors(struct kj_request *req, struct kj_buf *b,
		      const struct kj_row_error *e, int n, int total)
{
	kj_h(b, "<div class=\"error-summary\" role=\"alert\"><h2>");
	kj_h_text(b, T("取り込めませんでした。データは変更されていません。"));
	kj_h(b, "</h2><p>");
	kj_h_int(b, total);
	kj_h(b, " ");
	kj_h_text(b, T("件の誤りがあります。すべて直してから、もう一度取り込んでください。"));
	/* The list inside the alert, so that it is announced with it. */
	kj_h(b, "</p><div class=\"table-wrap\"><table class=\"data\"><caption>");
	kj_h_text(b, T("誤りの一覧"));
	kj_h(b, "</caption><thead><tr><th scope=\"col\">");
	kj_h_text(b, T("行"));
	kj_h(b, "</th><th scope=\"col\">");
	kj_h_text(b, T("列"));
	kj_h(b, "</th><th scope=\"col\">");
	kj_h_text(b, T("理由"));
	kj_h(b, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		kj_h(b, "<tr><td class=\"num\">");
		kj_h_int(b, e[i].row);
		kj_h(b, "</td><td>");
		kj_h_text(b, e[i].column);
		kj_h(b, "</td><td>");
		kj_h_text(b, req->lang == KJ_LANG_EN ? e[i].reason_en : e[i].reason_ja);
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	if (total > n) {
		kj_h(b, "<p>");
		kj_h_text(b, T("ほかにも誤りがあります。先頭から順に表示しています。"));
		kj_h(b, "</p>");
	}
	kj_h(b, "</div>");
}

void kj_ui_upload_form(struct kj_request *req, struct kj_buf *b, const char *action,
		       const char *label_ja, const char *hint_ja, const struct kj_form *f)
{
	const struct kj_field fd = { .name = "file", .label_ja = label_ja, .hint_ja = hint_ja,
				     .flags = KJ_FIELD_REQUIRED };
	const struct kj_form none = { .prefix = "upload" };
	if (!f)
		f = &none;
	kj_h(b, "<form class=\"stack\" method=\"post\" enctype=\"multipart/form-data\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_form_field_open(req, b, f, &fd);
	kj_h(b, "<input name=\"file\" type=\"file\" accept=\".csv,.xlsx,text/csv\"");
	kj_form_control_attrs(b, f, &fd);
	kj_h(b, ">");
	kj_form_field_close(b);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("取り込む"));
	kj_h(b, "</button></div></form>");
}

/* Reads a whole temporary file into the response body. */
static int file_to_body(const char *path, struct kj_response *resp)
{
	char *data;
	size_t len;
	struct kj_err err;
	if (kj_read_file(path, KJ_HTTP_RESPONSE_MAX, &data, &len, &err) < 0)
		return -1;
	int rc = kj_buf_add(&resp->body, data, len);
	free(data);
	return rc;
}

int kj_web_send_table(struct kj_request *req, struct kj_response *resp,
		      const char *format, const char *basename, long rows,
		      int (*csv)(FILE *f, void *ctx),
		      int (*xlsx)(const char *path, void *ctx), void *ctx)
{
	char disp[160];
	if (!format || !strcmp(format, "csv")) {
		char *mem = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&mem, &len);
		if (!f)
			return 500;
		int rc = csv(f, ctx);
		if (fclose(f) != 0)
			rc = -1;
		if (rc == 0)
			rc = kj_buf_add(&resp->body, mem, len);
		free(mem);
		if (rc < 0)
			return 500;
		resp->content_type = "text/csv; charset=utf-8";
		snprintf(disp, sizeof disp, "attachment; filename=\"%s.csv\"", basename);
	} else if (!strcmp(format, "xlsx")) {
		char path[] = "/tmp/kijun-export-XXXXXX";
		int fd = mkstemp(path);
		if (fd < 0)
			return 500;
		close(fd);
		int rc = xlsx(path, ctx);
		if (rc == 0)
			rc = file_to_body(path, resp);
		unlink(path);
		if (rc < 0)
			return 500;
		resp->content_type =
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		snprintf(disp, sizeof disp, "attachment; filename=\"%s.xlsx\"", basename);
	} else {
		return 400;
	}
	kj_response_header(resp, "Content-Disposition", disp);
	/* Every bulk export is in the audit trail: who, what, how many rows. No
	 * entry, no file. */
	if (kj_web_audit_export(req, format, basename, rows) < 0) {
		kj_buf_reset(&resp->body);
		return 500;
	}
	return 0;
}

int kj_web_audit_export(struct kj_request *req, const char *format, const char *what,
			long rows)
{
	char who[KJ_LOGIN_MAX + 8];
	struct kj_err err;
	const char *sector = kj_param(req, "sector");
	kj_web_actor(req, who, sizeof who);
	json_t *d = json_pack("{s:s, s:I, s:s?}", "format", format ? format : "csv",
			      "rows", (json_int_t)rows, "sector", sector && *sector ? sector : NULL);
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	int rc = detail ? kj_audit_log(req->st, req->user.id, who, "export", "export", what,
				       detail, &err) : -1;
	free(detail);
	json_decref(d);
	return rc;
}

void kj_ui_table_open(struct kj_request *req, struct kj_buf *b, const char *caption_ja,
		      const char *const *cols_ja, int ncols)
{
	/* The wrapper scrolls sideways on a narrow screen: a named region that
	 * takes the focus, so that the keyboard scrolls it too. */
	kj_h(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
	kj_h_attr(b, T(caption_ja));
	kj_h(b, "\"><table class=\"data\"><caption>");
	kj_h_text(b, T(caption_ja));
	kj_h(b, "</caption><thead><tr>");
	for (int i = 0; i < ncols; i++) {
		kj_h(b, "<th scope=\"col\">");
		kj_h_text(b, T(cols_ja[i]));
		kj_h(b, "</th>");
	}
	kj_h(b, "</tr></thead><tbody>");
}

void kj_ui_dt(struct kj_request *req, struct kj_buf *b, const char *term_ja)
{
	kj_h(b, "<dt>");
	kj_h_text(b, T(term_ja));
	kj_h(b, "</dt><dd>");
}

void kj_ui_saved_notice(struct kj_request *req, struct kj_buf *b)
{
	if (!kj_param(req, "done"))
		return;
	kj_h(b, "<p class=\"notice success\" role=\"status\">");
	kj_h_text(b, T("変更を保存しました。"));
	kj_h(b, "</p>");
}

const char *kj_ui_cov_label(const struct kj_request *req, enum kj_cov c)
{
	return req->lang == KJ_LANG_EN ? kj_cov_label_en(c) : kj_cov_label_ja(c);
}
