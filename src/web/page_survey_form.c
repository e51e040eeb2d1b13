/*
 * The offline form on the web (issue 12): an operator downloads its own
 * form of a survey (GET /surveys/{id}/answer/form.xlsx, form.csv) and
 * uploads it back filled (POST /surveys/{id}/answer/upload, multipart with
 * the CSRF token): saved as its draft and sent back to the answer page
 * with a notice, or refused with a page listing each bad cell in Japanese
 * and English, nothing changed. The survey's owner and the ministries
 * download every answer (GET /surveys/{id}/export.csv, export.xlsx; a
 * ministry only its sectors' operators, as the use case decides).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_form.h"
#include "base/log.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The status of a refusal from the use cases. */
static int refusal_status(const struct kj_answer_refusal *why)
{
	switch (why->fault) {
	case KJ_SURVEY_NOT_FOUND:
		return 404;
	case KJ_SURVEY_FORBIDDEN:
		return 403;
	case KJ_SURVEY_BAD:
		return 400;
	default:
		return 409;
	}
}

static void actor_of(const struct kj_request *req, char *name, size_t n, struct kj_actor *a)
{
	kj_web_actor(req, name, n);
	*a = (struct kj_actor){ &req->user, req->user.id, name };
}

static int form_download(struct kj_request *req, struct kj_response *resp,
			 enum kj_form_format format)
{
	int64_t survey;
	char name[KJ_LOGIN_MAX + 8], file[128], disp[200];
	struct kj_actor actor;
	struct kj_answer_refusal why;
	struct kj_err err;
	char *data = NULL;
	size_t len = 0;
	const char *enc = kj_param(req, "encoding");
	if (kj_app_id(req->args[0], &survey) < 0)
		return 404;
	if (format == KJ_FORM_CSV && enc && !strcmp(enc, "cp932"))
		format = KJ_FORM_CSV_CP932;
	actor_of(req, name, sizeof name, &actor);
	if (kj_app_form_get(req->st, &actor, survey, 0, format, &data, &len, file, sizeof file,
			    &why, &err) < 0) {
		kj_log_error("form: %s", err.msg);
		return 500;
	}
	if (why.fault != KJ_SURVEY_OK)
		return refusal_status(&why);
	int rc = kj_buf_add(&resp->body, data, len);
	free(data);
	if (rc < 0)
		return 500;
	resp->content_type = format == KJ_FORM_XLSX ? XLSX_TYPE
			     : format == KJ_FORM_CSV ? "text/csv; charset=utf-8"
						     : "text/csv; charset=Shift_JIS";
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", file);
	kj_response_header(resp, "Content-Disposition", disp);
	return 0;
}

int kj_page_survey_form_xlsx(struct kj_request *req, struct kj_response *resp)
{
	return form_download(req, resp, KJ_FORM_XLSX);
}

int kj_page_survey_form_csv(struct kj_request *req, struct kj_response *resp)
{
	return form_download(req, resp, KJ_FORM_CSV);
}

void kj_web_survey_form_panel(struct kj_request *req, struct kj_buf *b, const char *survey)
{
	char href[96];
	kj_h(b, "<section class=\"stack\" aria-labelledby=\"offline-form\"><h2 id=\"offline-form\">");
	kj_h_text(b, T("様式で回答する（オフライン）"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("様式をダウンロードして Excel で記入し、アップロードすると下書きとして保存されます。"));
	kj_h(b, "</p><ul><li>");
	snprintf(href, sizeof href, "/surveys/%s/answer/form.xlsx", survey);
	kj_h_link(b, href, T("様式 (xlsx)"));
	kj_h(b, "</li><li>");
	snprintf(href, sizeof href, "/surveys/%s/answer/form.csv", survey);
	kj_h_link(b, href, T("様式 (CSV, UTF-8)"));
	kj_h(b, "</li><li>");
	snprintf(href, sizeof href, "/surveys/%s/answer/form.csv?encoding=cp932", survey);
	kj_h_link(b, href, T("様式 (CSV, Shift_JIS)"));
	kj_h(b, "</li></ul><form class=\"stack\" method=\"post\" enctype=\"multipart/form-data\""
		" action=\"");
	snprintf(href, sizeof href, "/surveys/%s/answer/upload", survey);
	kj_h_attr(b, href);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<div class=\"field\"><label for=\"upload-file\">");
	kj_h_text(b, T("記入した様式"));
	kj_h(b, "</label><input id=\"upload-file\" name=\"file\" type=\"file\" required"
		" aria-required=\"true\" accept=\".xlsx,.csv,text/csv\"></div>"
		"<div class=\"field\"><label for=\"upload-reason\">");
	kj_h_text(b, T("変更の理由（差し戻し後のみ）"));
	kj_h(b, "</label><input id=\"upload-reason\" name=\"reason\" type=\"text\""
		" maxlength=\"500\"></div><div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("アップロードして下書き保存"));
	kj_h(b, "</button></div></form></section>");
}

/* The refusal page: the reason, each bad cell in Japanese and English, the form again. */
static int upload_refused(struct kj_request *req, struct kj_response *resp,
			  const struct kj_form_import *out)
{
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("様式を取り込めませんでした"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("様式を取り込めませんでした"));
	kj_h(b, "</h1><div class=\"error-summary\" role=\"alert\"><h2>");
	kj_h_text(b, T("データは変更されていません。"));
	kj_h(b, "</h2>");
	if (out->outcome != KJ_IMPORT_BAD_ROWS) {
		kj_h(b, "<p>");
		kj_h_text(b, out->detail);
		kj_h(b, "</p>");
	} else {
		int n = out->nerrors < KJ_IMPORT_ERRORS_MAX ? out->nerrors : KJ_IMPORT_ERRORS_MAX;
		kj_h(b, "<div class=\"table-wrap\"><table class=\"data\"><caption>");
		kj_h_text(b, T("誤りのあるセル"));
		kj_h(b, "</caption><thead><tr><th scope=\"col\">");
		kj_h_text(b, T("セル"));
		kj_h(b, "</th><th scope=\"col\">");
		kj_h_text(b, T("理由"));
		kj_h(b, "</th><th scope=\"col\" lang=\"en\">Reason</th></tr></thead><tbody>");
		for (int i = 0; i < n; i++) {
			kj_h(b, "<tr><td>");
			kj_h_text(b, out->errors[i].column);
			kj_h(b, "</td><td lang=\"ja\">");
			kj_h_text(b, out->errors[i].reason_ja);
			kj_h(b, "</td><td lang=\"en\">");
			kj_h_text(b, out->errors[i].reason_en);
			kj_h(b, "</td></tr>");
		}
		kj_h(b, "</tbody></table></div>");
		if (out->nerrors > n) {
			kj_h(b, "<p>");
			kj_h_int(b, out->nerrors - n);
			kj_h(b, " ");
			kj_h_text(b, T("件の誤りは表示していません。"));
			kj_h(b, "</p>");
		}
	}
	kj_h(b, "</div>");
	kj_web_survey_form_panel(req, b, req->args[0]);
	kj_page_end(req, resp);
	resp->status = 400;
	return 0;
}

int kj_page_survey_upload(struct kj_request *req, struct kj_response *resp)
{
	int64_t survey;
	char name[KJ_LOGIN_MAX + 8], loc[96];
	struct kj_actor actor;
	struct kj_answer_refusal why;
	struct kj_err err;
	struct kj_form_import out = { 0 };
	if (kj_app_id(req->args[0], &survey) < 0)
		return 404;
	const struct kj_upload *u = kj_upload(req, "file");
	if (!u || !u->len) {
		out.outcome = KJ_IMPORT_UNREADABLE;
		snprintf(out.detail, sizeof out.detail, "%s",
			 "ファイルを選択してください / choose a file");
		return upload_refused(req, resp, &out);
	}
	const char *reason = kj_param(req, "reason");
	struct kj_form_import_opts opts = { reason && *reason ? reason : NULL, NULL };
	actor_of(req, name, sizeof name, &actor);
	if (kj_app_form_import(req->st, &actor, survey, 0, u->data, u->len, &opts, &out, &why,
			       &err) < 0) {
		kj_log_error("form upload: %s", err.msg);
		return 500;
	}
	int rc;
	if (why.fault != KJ_SURVEY_OK && why.fault != KJ_SURVEY_NOT_FOUND &&
	    why.fault != KJ_SURVEY_FORBIDDEN) {
		out.outcome = KJ_IMPORT_NOT_A_LIST;
		int w = snprintf(out.detail, sizeof out.detail, "%.250s / %.250s", why.msg_ja,
				 why.msg);
		(void)w;	/* cut on overflow: both texts are short */
	}
	if (why.fault == KJ_SURVEY_NOT_FOUND || why.fault == KJ_SURVEY_FORBIDDEN) {
		rc = refusal_status(&why);
	} else if (out.outcome != KJ_IMPORT_DONE) {
		rc = upload_refused(req, resp, &out);
	} else {
		snprintf(loc, sizeof loc, "/surveys/%lld/answer?done=1&uploaded=%d",
			 (long long)survey, out.changed);
		rc = kj_response_redirect(resp, loc);
	}
	kj_form_import_free(&out);
	return rc;
}

/* --- the owner's export ----------------------------------------------------- */

static int export_csv(FILE *f, void *ctx)
{
	long rows;
	struct kj_err err;
	if (kj_app_answers_export_csv(ctx, f, &rows, &err) < 0) {
		kj_log_error("survey export: %s", err.msg);
		return -1;
	}
	return 0;
}

static int export_xlsx(const char *path, void *ctx)
{
	long rows;
	struct kj_err err;
	if (kj_app_answers_export_xlsx(ctx, path, &rows, &err) < 0) {
		kj_log_error("survey export: %s", err.msg);
		return -1;
	}
	return 0;
}

static int export_page(struct kj_request *req, struct kj_response *resp, const char *format)
{
	int64_t survey;
	char name[KJ_LOGIN_MAX + 8], base[64];
	struct kj_actor actor;
	struct kj_answer_refusal why;
	struct kj_err err;
	struct kj_answers_export *x = NULL;
	if (kj_app_id(req->args[0], &survey) < 0)
		return 404;
	actor_of(req, name, sizeof name, &actor);
	if (kj_app_answers_export_open(req->st, &actor, survey, &x, &why, &err) < 0) {
		kj_log_error("survey export: %s", err.msg);
		return 500;
	}
	if (!x)
		return refusal_status(&why);
	snprintf(base, sizeof base, "kijun-survey%lld-answers", (long long)survey);
	int rc = kj_web_send_table(req, resp, format, base, kj_app_answers_export_responses(x),
				   export_csv, export_xlsx, x);
	kj_app_answers_export_close(x);
	return rc;
}

int kj_page_survey_export_csv(struct kj_request *req, struct kj_response *resp)
{
	return export_page(req, resp, "csv");
}

int kj_page_survey_export_xlsx(struct kj_request *req, struct kj_response *resp)
{
	return export_page(req, resp, "xlsx");
}
