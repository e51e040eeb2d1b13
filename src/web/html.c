/* Escaping writers and the page frame. */
#include <stdio.h>
#include <string.h>

#include "base/wareki.h"
#include "web/app.h"
#include "app/authz.h"
#include "web/html.h"

void kj_h(struct kj_buf *b, const char *markup)
{
	kj_buf_adds(b, markup);
}

void kj_h_text(struct kj_buf *b, const char *s)
{
	if (!s)
		return;
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&': kj_buf_adds(b, "&amp;"); break;
		case '<': kj_buf_adds(b, "&lt;"); break;
		case '>': kj_buf_adds(b, "&gt;"); break;
		case '"': kj_buf_adds(b, "&quot;"); break;
		case '\'': kj_buf_adds(b, "&#39;"); break;
		default: kj_buf_addc(b, *p);
		}
	}
}

void kj_h_attr(struct kj_buf *b, const char *s)
{
	kj_h_text(b, s);
}

void kj_h_urlpart(struct kj_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' ||
		    *p == '~') {
			kj_buf_addc(b, (char)*p);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			kj_buf_add(b, e, 3);
		}
	}
}

void kj_h_int(struct kj_buf *b, long long v)
{
	kj_buf_printf(b, "%lld", v);
}

void kj_h_count(struct kj_buf *b, long long v)
{
	char t[32];
	kj_count_text(v, t, sizeof t);
	kj_h_text(b, t);
}

static enum kj_date_style style(const struct kj_request *req, int western)
{
	return req->lang == KJ_LANG_EN ? KJ_DATE_EN : western ? KJ_DATE_JA_WESTERN : KJ_DATE_JA;
}

/* <time datetime="MACHINE">TEXT</time>, or "—" when TEXT could not be made. */
static void h_time(struct kj_buf *b, const char *machine, int ok, const char *text)
{
	if (ok < 0) {
		kj_h(b, "—");
		return;
	}
	kj_h(b, "<time datetime=\"");
	kj_h_attr(b, machine);
	kj_h(b, "\">");
	kj_h_text(b, text);
	kj_h(b, "</time>");
}

void kj_h_date(const struct kj_request *req, struct kj_buf *b, const char *iso, int western)
{
	char t[64], day[11] = "";
	int ok = kj_date_text(iso, style(req, western), t, sizeof t);
	if (ok == 0)
		memcpy(day, iso, 10);
	h_time(b, day, ok, t);
}

void kj_h_time(const struct kj_request *req, struct kj_buf *b, const char *utc)
{
	char t[80];
	h_time(b, utc, kj_time_text(utc, style(req, 0), t, sizeof t), t);
}

void kj_h_fy(const struct kj_request *req, struct kj_buf *b, int fy)
{
	char t[64];
	if (kj_fiscal_year_text(fy, style(req, 0), t, sizeof t) == 0)
		kj_h_text(b, t);
	else
		kj_h_int(b, fy);
}

void kj_h_link(struct kj_buf *b, const char *href, const char *text)
{
	kj_h(b, "<a href=\"");
	kj_h_attr(b, href);
	kj_h(b, "\">");
	kj_h_text(b, text);
	kj_h(b, "</a>");
}

void kj_h_csrf(struct kj_request *req, struct kj_buf *b)
{
	kj_h(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	kj_h_attr(b, req->csrf);
	kj_h(b, "\">");
}

struct nav_item {
	const char *href, *label_ja;
	enum kj_perm perm;
	const char *short_en;	/* the menu's English when shorter than the label's
				 * translation (NULL: that): every role's menu is one
				 * line at 1280 px (tests/browser/header.test.mjs) */
};

/* In the order of the cycle: the standard and who it applies to, then
 * plan, check (surveys, on-site, analysis), act (evaluation, report). */
static const struct nav_item nav[] = {
	{ "/", N_("ホーム"), KJ_PERM_SIGNED_IN, NULL },
	{ "/catalog", N_("統一基準"), KJ_PERM_CATALOG_READ, "Standard" },
	{ "/glossary", N_("用語集"), KJ_PERM_CATALOG_READ, NULL },
	{ "/registry", N_("登録簿"), KJ_PERM_REGISTRY_READ, NULL },
	{ "/targets", N_("対象事業者"), KJ_PERM_TARGETS_READ, "Targets" },
	{ "/coverage", N_("安全基準等"), KJ_PERM_SAFETY_READ, "Safety" },
	/* Implementation plans: which ones each reader sees is kj_authz_plan's. */
	{ "/plans", N_("実施計画"), KJ_PERM_PLAN_READ, NULL },
	/* Survey campaigns: who follows them, and operators (their surveys to answer). */
	{ "/surveys", N_("調査"), KJ_PERM_SURVEY_READ, NULL },
	{ "/surveys", N_("調査"), KJ_PERM_SURVEY_ANSWER, NULL },
	/* On-site surveys (issue 15): which ones each reader sees is kj_authz_onsite_read's. */
	{ "/onsite", N_("実地調査"), KJ_PERM_ONSITE_READ, NULL },
	/* The analysis of the surveys' answers: every role, suppressed as it must see it. */
	{ "/analysis", N_("分析"), KJ_PERM_ANALYSIS_READ, NULL },
	/* Evaluations and the PDCA board (issue 14): kj_authz_eval says which. */
	{ "/evaluations", N_("評価"), KJ_PERM_EVAL_READ, NULL },
	/* The annual report to HQ (issue 14): NCO, HQ, auditors. */
	{ "/reports", N_("報告書"), KJ_PERM_REPORT_READ, NULL },
	{ "/audit", N_("監査証跡"), KJ_PERM_AUDIT_READ, NULL },
	{ "/admin/users", N_("利用者管理"), KJ_PERM_USER_ADMIN, "Users" },
	{ "/account", N_("アカウント"), KJ_PERM_SIGNED_IN, NULL },
	{ "/organisation/contact", N_("連絡先"), KJ_PERM_ORG_CONTACT_EDIT, NULL },
};

static int nav_current(const char *path, const char *href)
{
	size_t n = strlen(href);
	if (n == 1)
		return !strcmp(path, "/");
	return !strncmp(path, href, n) && (path[n] == '\0' || path[n] == '/');
}

/* The menu's items the user may open, as list items. */
static void nav_items(struct kj_request *req, struct kj_buf *b)
{
	for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
		if (!kj_authz_allow(&req->user, nav[i].perm))
			continue;
		kj_h(b, "<li><a href=\"");
		kj_h_attr(b, nav[i].href);
		kj_h(b, !req->error_page && nav_current(req->path, nav[i].href)
			? "\" aria-current=\"page\">" : "\">");
		kj_h_text(b, req->lang == KJ_LANG_EN && nav[i].short_en ? nav[i].short_en
								    : T(nav[i].label_ja));
		kj_h(b, "</a></li>");
	}
}

/*
 * The navigation: one list in a <details> element whose <summary> is the
 * menu button on a narrow screen; it opens and closes without JavaScript,
 * by keyboard and by screen readers. On a wide screen the stylesheet hides
 * the button and shows the list always (::details-content); a browser
 * without that still has the working button.
 */
static void site_nav(struct kj_request *req, struct kj_buf *b)
{
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("メインメニュー"));
	kj_h(b, "\"><details class=\"menu\"><summary>");
	kj_h_text(b, T("メニュー"));
	kj_h(b, "</summary><ul>");
	nav_items(req, b);
	kj_h(b, "</ul></details></nav>\n");
}

/*
 * Who is signed in, and the sign-out button: in the header's top bar, so
 * that the menu has its row to itself (one line at 1280 px for every role).
 */
static void site_signout(struct kj_request *req, struct kj_buf *b)
{
	kj_h(b, "<form class=\"signout\" method=\"post\" action=\"/signout\">");
	kj_h_csrf(req, b);
	/* Names are Japanese whatever the page's language. */
	kj_h(b, "<span class=\"who\"><span lang=\"ja\">");
	kj_h_text(b, req->user.display_name);
	kj_h(b, "</span> · ");
	kj_h_text(b, req->lang == KJ_LANG_EN ? kj_role_label_en(req->user.role)
					     : kj_role_label_ja(req->user.role));
	kj_h(b, "</span> <button type=\"submit\">");
	kj_h_text(b, T("サインアウト"));
	kj_h(b, "</button></form>\n");
}

void kj_page_begin(struct kj_request *req, struct kj_response *resp,
		   const char *title)
{
	struct kj_buf *b = &resp->body;
	resp->content_type = "text/html; charset=utf-8";
	kj_h(b, "<!DOCTYPE html>\n<html lang=\"");
	kj_h(b, req->lang == KJ_LANG_EN ? "en" : "ja");
	kj_h(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>");
	kj_h_text(b, title);
	kj_h(b, " | kijun</title>\n<link rel=\"stylesheet\" href=\"/static/kijun.css\">\n"
		"</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
	kj_h_text(b, T("本文へ移動"));
	kj_h(b, "</a>\n<header class=\"site\">\n<div class=\"bar\">\n"
		"<a class=\"brand\" href=\"/\"><span class=\"mark\" aria-hidden=\"true\">基</span>"
		"<span>kijun</span></a>\n<p class=\"tagline\">");
	kj_h_text(b, T("重要インフラのサイバーセキュリティ対策のための統一基準"));
	kj_h(b, "</p>\n<form class=\"lang\" method=\"get\" action=\"/lang\">"
		"<input type=\"hidden\" name=\"next\" value=\"");
	/* After a form's POST, the page's own path may not answer GET; a GET
	 * keeps its query (filters, search, page) across the switch. */
	if (strcmp(req->method, "GET")) {
		kj_h(b, "/");
	} else {
		struct kj_buf next;
		kj_buf_init(&next, 2048);
		kj_buf_adds(&next, req->path);
		for (int i = 0; i < req->nparams; i++) {
			kj_buf_addc(&next, i ? '&' : '?');
			kj_h_urlpart(&next, req->params[i].name);
			kj_buf_addc(&next, '=');
			kj_h_urlpart(&next, req->params[i].value);
		}
		kj_h_attr(b, !kj_buf_failed(&next) && next.len < 1024 ? kj_buf_str(&next)
									 : req->path);
		kj_buf_free(&next);
	}
	kj_h(b, "\"><button type=\"submit\" name=\"to\" value=\"");
	kj_h(b, req->lang == KJ_LANG_EN ? "ja\" lang=\"ja\">日本語" : "en\" lang=\"en\">English");
	kj_h(b, "</button></form>\n");
	if (req->signed_in)
		site_signout(req, b);
	kj_h(b, "</div>\n");
	if (req->signed_in)
		site_nav(req, b);
	kj_h(b, "</header>\n<main id=\"main\">\n");
}

void kj_page_end(struct kj_request *req, struct kj_response *resp)
{
	struct kj_buf *b = &resp->body;
	kj_h(b, "\n</main>\n<footer class=\"site\"><p>kijun — ");
	kj_h_text(b, T("統一基準の PDCA サイクルを支える情報システム"));
	kj_h(b, "</p></footer>\n</body>\n</html>\n");
}
