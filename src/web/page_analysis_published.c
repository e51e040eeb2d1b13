/*
 * Published snapshots of the analysis (issue 13): POST
 * /analysis/sectors/{sector}/publish (a ministry for its sectors, the NCO),
 * the list /analysis/published and one snapshot /analysis/published/{id}
 * (?format=json: its frozen JSON byte for byte, with its SHA-256 in
 * X-Content-SHA256; ?format=csv: its requirements table), one call of
 * app/analysis_publish.h each. Who reads which: kj_authz_snapshot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/analysis_publish.h"
#include "model/audit.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_analysis_snapshot.h"
#include "web/pages.h"
#include "web/ui.h"

int kj_page_analysis_publish(struct kj_request *req, struct kj_response *resp)
{
	char name[KJ_AUDIT_ACTOR_MAX], to[64];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	struct kj_analysis_refusal why;
	struct kj_err err;
	int64_t id;
	int rc = kj_analysis_publish(req->st, &actor, req->args[0], kj_body_param(req, "fy"),
				     req->app->analysis_k, &id, &why, &err);
	if (rc < 0)
		return 500;
	if (rc > 0)
		return kj_web_error(req, resp, why.code, req->lang == KJ_LANG_EN ? why.en : why.ja)
		       ? 500 : 0;
	snprintf(to, sizeof to, "/analysis/published/%lld?done=published", (long long)id);
	return kj_response_redirect(resp, to) < 0 ? 500 : 0;
}

static void list_rows(struct kj_request *req, struct kj_buf *b, const struct kj_snapshot_meta *m,
		      int n)
{
	static const char *const cols[] = { N_("分野"), N_("年度"), N_("公表日時"), N_("公表者"),
					    "k", N_("秘匿した値") };
	kj_ui_table_open(req, b, N_("公表された分析結果"), cols, 6);
	for (int i = 0; i < n; i++) {
		char href[64];
		snprintf(href, sizeof href, "/analysis/published/%lld", (long long)m[i].id);
		kj_h(b, "<tr><th scope=\"row\">");
		kj_h_link(b, href, kj_ui_sector_name(req, m[i].sector));
		kj_h(b, "</th><td>");
		kj_h_fy(req, b, m[i].fy);
		kj_h(b, "</td><td>");
		kj_h_time(req, b, m[i].published_at);
		kj_h(b, "</td><td>");
		kj_h_text(b, m[i].publisher);
		kj_h(b, "</td><td>");
		kj_h_int(b, m[i].k);
		kj_h(b, "</td><td>");
		kj_h_count(b, m[i].suppressed);
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

int kj_page_analysis_published_list(struct kj_request *req, struct kj_response *resp)
{
	struct kj_snapshot_meta *m = calloc(KJ_SNAPSHOT_LIST_MAX, sizeof *m);
	struct kj_err err;
	int n = 0;
	if (!m || kj_analysis_published_list(req->st, &req->user, m, KJ_SNAPSHOT_LIST_MAX, &n,
					     &err) < 0) {
		free(m);
		return 500;
	}
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("公表された分析結果"));
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/analysis\">");
	kj_h_text(b, T("分析"));
	kj_h(b, "</a></li></ol></nav><h1>");
	kj_h_text(b, T("公表された分析結果"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("所管省庁または国家サイバー統括室が公表した分野別の分析結果です。公表した時点の集計で"
		       "固定されています。"));
	kj_h(b, "</p>");
	if (n)
		list_rows(req, b, m, n);
	else {
		kj_h(b, "<p class=\"empty\">");
		kj_h_text(b, T("公表された分析結果はまだありません。"));
		kj_h(b, "</p>");
	}
	kj_page_end(req, resp);
	free(m);
	return 0;
}

/* The frozen JSON, byte for byte, as a file. */
static int send_json(struct kj_request *req, struct kj_response *resp, const struct kj_snapshot *s)
{
	char disp[96], what[48];
	snprintf(what, sizeof what, "kijun-published-%lld", (long long)s->m.id);
	if (kj_web_audit_export(req, "json", what, 1) < 0)
		return 500;
	snprintf(disp, sizeof disp, "attachment; filename=\"%s.json\"", what);
	if (kj_response_header(resp, "Content-Disposition", disp) < 0 ||
	    kj_response_header(resp, "X-Content-SHA256", s->m.digest) < 0)
		return 500;
	resp->content_type = "application/json";
	return kj_buf_adds(&resp->body, s->body) ? 500 : 0;
}

int kj_page_analysis_published(struct kj_request *req, struct kj_response *resp)
{
	struct kj_snapshot s;
	struct kj_analysis_refusal why;
	struct kj_err err;
	struct kj_atabs ts = { .n = 0 };
	int rc = kj_analysis_published_get(req->st, &req->user, req->args[0], &s, &why, &err);
	if (rc < 0)
		return 500;
	if (rc > 0)
		return kj_web_error(req, resp, why.code, req->lang == KJ_LANG_EN ? why.en : why.ja)
		       ? 500 : 0;
	const char *format = kj_param(req, "format");
	if (format && !strcmp(format, "json"))
		rc = send_json(req, resp, &s);
	else if (kj_snapshot_tables(req, &s, &ts) < 0)
		rc = 500;
	else if (!format)
		rc = kj_snapshot_page(req, resp, &s, &ts);
	else if (!strcmp(format, "csv") || !strcmp(format, "xlsx")) {
		char base[64];
		snprintf(base, sizeof base, "kijun-published-%lld-requirements", (long long)s.m.id);
		rc = kj_atab_send(req, resp, &ts.tab[0], format, base);
	} else
		rc = kj_web_error(req, resp, 400,
				  N_("format は json、csv か xlsx を指定してください。")) ? 500 : 0;
	kj_atabs_free(&ts);
	kj_snapshot_free(&s);
	return rc;
}
