/*
 * The annual report's pages (issue 14): /reports lists the frozen
 * snapshots of the report's figures with a download of the report in each
 * format, and for the NCO a form that freezes a fiscal year's figures (POST
 * /reports); /reports/{id}/annual.{pdf,xlsx,docx,html} makes the report
 * from snapshot ID into a temporary file and streams it. One call of
 * app/report.h each; report.read (NCO, HQ, auditors) to read, report.make
 * (the NCO) to freeze.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/authz.h"
#include "app/report.h"
#include "base/limits.h"
#include "model/audit.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_analysis.h"
#include "web/pages.h"
#include "web/ui.h"

static const char *const fmts[] = { "html", "xlsx", "pdf", "docx" };

static void list_rows(struct kj_request *req, struct kj_buf *b, const struct kj_report_meta *m,
		      int n)
{
	static const char *const cols[] = { N_("番号"), N_("年度"), N_("確定日時"), N_("確定者"),
					    N_("メモ"), "SHA-256", N_("報告書") };
	kj_ui_table_open(req, b, N_("報告書の数値のスナップショット（新しい順）"), cols, 7);
	for (int i = 0; i < n; i++) {
		kj_h(b, "<tr><th scope=\"row\">");
		kj_h_int(b, m[i].id);
		kj_h(b, "</th><td>");
		kj_h_fy(req, b, m[i].fy);
		kj_h(b, "</td><td>");
		kj_h_time(req, b, m[i].created_at);
		kj_h(b, "</td><td>");
		kj_h_text(b, m[i].actor);
		kj_h(b, "</td><td>");
		kj_h_text(b, m[i].note);
		kj_h(b, "</td><td><code>");
		char d[17];
		memcpy(d, m[i].digest, sizeof d - 1);
		d[sizeof d - 1] = '\0';
		kj_h_text(b, d);
		kj_h(b, "…</code></td><td><ul class=\"inline\">");
		for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
			char href[64], label[96];
			snprintf(href, sizeof href, "/reports/%lld/annual.%s", (long long)m[i].id,
				 fmts[f]);
			snprintf(label, sizeof label, "%s %s", T("報告書"), fmts[f]);
			kj_h(b, "<li><a href=\"");
			kj_h_attr(b, href);
			kj_h(b, "\" download aria-label=\"");
			kj_h_attr(b, label);
			kj_h(b, " ");
			kj_h_int(b, m[i].id);
			kj_h(b, "\">");
			kj_h_text(b, f == 0 ? "HTML" : f == 1 ? "xlsx" : f == 2 ? "PDF" : "docx");
			kj_h(b, "</a></li>");
		}
		kj_h(b, "</ul></td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

static void freeze_form(struct kj_request *req, struct kj_buf *b)
{
	char fyb[16];
	const char *fy = kj_analysis_fy_param(req, fyb, sizeof fyb);
	kj_h(b, "<h2>");
	kj_h_text(b, T("数値を確定する"));
	kj_h(b, "</h2><form class=\"freeze\" method=\"post\" action=\"/reports\">");
	kj_h_csrf(req, b);
	kj_h(b, "<p class=\"hint\" id=\"freeze-hint\">");
	kj_h_text(b, T("年度の集計、実施計画、評価を今の内容で確定し、報告書はこの確定した数値から作成します。"
		       "確定後に回答が訂正されても、確定した報告書の数値は変わりません。"));
	kj_h(b, "</p><p><label for=\"freeze-fy\">");
	kj_h_text(b, T("年度"));
	kj_h(b, "</label> <input id=\"freeze-fy\" name=\"fy\" inputmode=\"numeric\" required"
	     " pattern=\"[0-9]{4}\" size=\"6\" value=\"");
	kj_h_attr(b, fy ? fy : "");
	kj_h(b, "\" aria-describedby=\"freeze-hint\"></p><p><label for=\"freeze-note\">");
	kj_h_text(b, T("メモ（任意）"));
	kj_h(b, "</label> <input id=\"freeze-note\" name=\"note\" size=\"40\" maxlength=\"120\"></p>"
	     "<button type=\"submit\">");
	kj_h_text(b, T("数値を確定する"));
	kj_h(b, "</button></form>");
}

int kj_page_reports(struct kj_request *req, struct kj_response *resp)
{
	struct kj_report_meta *m = calloc(KJ_REPORT_LIST_MAX, sizeof *m);
	struct kj_err err;
	int n = 0;
	if (!m || kj_report_list(req->st, &req->user, 0, m, KJ_REPORT_LIST_MAX, &n, &err) < 0) {
		free(m);
		return 500;
	}
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("年次報告書"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("年次報告書"));
	kj_h(b, "</h1>");
	if (kj_param(req, "done")) {
		kj_h(b, "<p class=\"notice success\" role=\"status\">");
		kj_h_text(b, T("報告書の数値を確定しました。"));
		kj_h(b, "</p>");
	}
	kj_h(b, "<p>");
	kj_h_text(b, T("サイバーセキュリティ戦略本部への年次報告書です。確定した数値のスナップショットから、"
		       "PDF、Word (docx)、Excel (xlsx)、HTML の各形式で作成します。"));
	kj_h(b, "</p>");
	if (n)
		list_rows(req, b, m, n);
	else {
		kj_h(b, "<p class=\"empty\">");
		kj_h_text(b, T("確定した報告書の数値はまだありません。"));
		kj_h(b, "</p>");
	}
	if (kj_authz_allow(&req->user, KJ_PERM_REPORT_MAKE))
		freeze_form(req, b);
	kj_page_end(req, resp);
	free(m);
	return 0;
}

int kj_page_report_freeze(struct kj_request *req, struct kj_response *resp)
{
	char name[KJ_AUDIT_ACTOR_MAX];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	struct kj_report_meta m;
	struct kj_analysis_refusal why;
	struct kj_err err;
	const char *note = kj_body_param(req, "note");
	int rc = kj_report_freeze(req->st, &actor, kj_body_param(req, "fy"),
				  note && *note ? note : NULL, NULL, NULL, &m, &why, &err);
	if (rc < 0)
		return 500;
	if (rc > 0)
		return kj_web_error(req, resp, why.code, req->lang == KJ_LANG_EN ? why.en : why.ja)
		       ? 500 : 0;
	return kj_response_redirect(resp, "/reports?done=frozen") < 0 ? 500 : 0;
}

/* The made file, read from its descriptor as it is sent. */
static long file_read(void *ctx, char *buf, size_t max)
{
	int fd = (int)(intptr_t)ctx;
	for (;;) {
		ssize_t n = read(fd, buf, max);
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 ? -1 : (long)n;
	}
}

static void file_close(void *ctx)
{
	close((int)(intptr_t)ctx);
}

int kj_page_report_file(struct kj_request *req, struct kj_response *resp)
{
	const char *file = req->args[1];
	int f = strncmp(file, "annual.", 7) ? -1 : kj_report_format_parse(file + 7);
	if (f < 0)
		return 404;
	const char *dir = getenv("TMPDIR");
	char path[KJ_PATH_MAX], name[KJ_AUDIT_ACTOR_MAX];
	int w = snprintf(path, sizeof path, "%s/kijun-report-XXXXXX", dir && *dir ? dir : "/tmp");
	if (w < 0 || (size_t)w >= sizeof path)
		return 500;
	int fd = mkstemp(path);
	if (fd < 0)
		return 500;
	close(fd);
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	struct kj_doc_write_opts wo = { NULL, NULL, req->lang == KJ_LANG_EN ? "en" : "ja" };
	struct kj_report_req r = { NULL, req->args[0], (enum kj_doc_format)f, path, &wo, NULL, NULL };
	struct kj_analysis_refusal why;
	struct kj_err err;
	int64_t used;
	int rc = kj_report_make(req->st, &actor, &r, &used, &why, &err);
	if (rc != 0) {
		unlink(path);
		if (rc < 0)
			return 500;
		return kj_web_error(req, resp, why.code, req->lang == KJ_LANG_EN ? why.en : why.ja)
		       ? 500 : 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);	/* the open descriptor keeps it until it is sent */
	if (fd < 0)
		return 500;
	char disp[128];
	snprintf(disp, sizeof disp, "attachment; filename=\"kijun-annual-report-%lld.%s\"",
		 (long long)used, kj_report_format_name((enum kj_doc_format)f));
	if (kj_response_header(resp, "Content-Disposition", disp) < 0) {
		close(fd);
		return 500;
	}
	resp->content_type = kj_report_format_mime((enum kj_doc_format)f);
	kj_response_stream(resp, file_read, file_close, (void *)(intptr_t)fd);
	return 0;
}
