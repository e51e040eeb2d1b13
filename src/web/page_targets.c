/*
 * Target identification (§2.1.1(2)): per fiscal year and sector, the
 * ministry marks the operators that the plan and the surveys cover, can
 * copy the previous year's list, and sees who was added or dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/audit_log.h"
#include "store/store_org.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

#define TARGET_PAGE 200
#define DIFF_MAX 2000
#define FY_MIN 2000
#define FY_MAX 2100

/* The sector and year the request names, checked against the user's scope. */
static int parse_scope(struct kj_request *req, enum kj_perm perm, const char **sector,
		       int *fy)
{
	const char *s = kj_param(req, "sector"), *y = kj_param(req, "fy");
	/* The current fiscal year by default. */
	time_t now = req->app->now();
	struct tm tm;
	gmtime_r(&now, &tm);
	long v = kj_fiscal_year(tm.tm_year + 1900, tm.tm_mon + 1);
	if (y && *y && kj_parse_long(y, FY_MIN, FY_MAX, &v) < 0)
		return 400;
	*fy = (int)v;
	if (!s || !*s) {
		/* The first sector of the user's scope, one the ministry holds whole
		 * before one it shares with others. */
		const struct kj_catalog *cat = &req->app->cat;
		for (int pass = 0; pass < 2; pass++)
			for (int i = 0; i < cat->nsectors; i++) {
				int shared = 0;
				for (int k = 0; k < req->user.nsectors; k++)
					shared |= req->user.sector_partial[k] &&
						  !strcmp(req->user.sectors[k], cat->sectors[i].code);
				if ((pass == 0 && shared) ||
				    !kj_authz_sector(&req->user, perm, cat->sectors[i].code))
					continue;
				*sector = cat->sectors[i].code;
				return 0;
			}
		return 403;
	}
	int known = 0;
	for (int i = 0; i < req->app->cat.nsectors; i++)
		known |= !strcmp(req->app->cat.sectors[i].code, s);
	if (!known)
		return 404;
	if (!kj_authz_sector(&req->user, perm, s))
		return 403;
	*sector = s;
	return 0;
}

int kj_page_targets(struct kj_request *req, struct kj_response *resp)
{
	const char *sector;
	int fy, rc = parse_scope(req, KJ_PERM_REGISTRY_READ, &sector, &fy);
	if (rc)
		return rc;
	const char *page = kj_param(req, "page");
	long pg = 1;
	if (page && kj_parse_long(page, 1, 100000, &pg) < 0)
		return 400;
	char one[1][24];
	kj_strlcpy(one[0], sector, sizeof one[0]);
	struct kj_org_scope sc;
	kj_authz_org_scope(&req->user, &sc);
	sc.sectors = (const char (*)[24])one;
	sc.nsectors = 1;
	struct kj_org_record *recs = calloc(TARGET_PAGE, sizeof *recs);
	struct kj_target_change *diff = calloc(DIFF_MAX, sizeof *diff);
	int64_t ids[TARGET_PAGE];
	int n = 0, ndiff = 0;
	long total = 0;
	struct kj_err err;
	if (!recs || !diff ||
	    kj_store_org_list(req->st, &sc, (pg - 1) * TARGET_PAGE, recs, ids, TARGET_PAGE,
			      &n, &total, &err) < 0 ||
	    kj_store_target_diff(req->st, fy, sector, diff, DIFF_MAX, &ndiff, &err) < 0) {
		free(recs);
		free(diff);
		return 500;
	}
	int editable = kj_authz_sector(&req->user, KJ_PERM_REGISTRY_EDIT, sector);
	struct kj_buf *b = &resp->body;
	char fyl[32];
	if (req->lang == KJ_LANG_EN)
		snprintf(fyl, sizeof fyl, "FY%d", fy);
	else
		kj_fiscal_year_ja(fy, fyl, sizeof fyl);
	kj_page_begin(req, resp, T("対象事業者の特定"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("対象事業者の特定"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, fyl);
	kj_h(b, " — ");
	kj_h_text(b, kj_ui_sector_name(req, sector));
	kj_h(b, "</p><form class=\"filters\" method=\"get\" action=\"/targets\"><div class=\"field\">"
		"<label for=\"t-sector\">");
	kj_h_text(b, T("分野"));
	kj_h(b, "</label><select id=\"t-sector\" name=\"sector\">");
	for (int i = 0; i < req->app->cat.nsectors; i++) {
		const char *code = req->app->cat.sectors[i].code;
		if (!kj_authz_sector(&req->user, KJ_PERM_REGISTRY_READ, code))
			continue;
		kj_h(b, "<option value=\"");
		kj_h_attr(b, code);
		kj_h(b, !strcmp(code, sector) ? "\" selected>" : "\">");
		kj_h_text(b, kj_ui_sector_name(req, code));
		kj_h(b, "</option>");
	}
	kj_h(b, "</select></div><div class=\"field\"><label for=\"t-fy\">");
	kj_h_text(b, T("年度（西暦）"));
	kj_h(b, "</label><input id=\"t-fy\" name=\"fy\" type=\"number\" min=\"2000\" max=\"2100\" value=\"");
	kj_h_int(b, fy);
	kj_h(b, "\"></div><div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("表示"));
	kj_h(b, "</button></div></form>");

	if (kj_param(req, "done")) {
		kj_h(b, "<p class=\"notice success\" role=\"status\">");
		kj_h_text(b, T("変更を保存しました。"));
		kj_h(b, "</p>");
	}
	/* What changed since the previous year. */
	int added = 0, dropped = 0;
	for (int i = 0; i < ndiff; i++)
		diff[i].added ? added++ : dropped++;
	kj_h(b, "<h2>");
	kj_h_text(b, T("前年度からの変化"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("追加"));
	kj_h(b, ": ");
	kj_h_int(b, added);
	kj_h(b, " / ");
	kj_h_text(b, T("除外"));
	kj_h(b, ": ");
	kj_h_int(b, dropped);
	kj_h(b, "</p>");
	if (ndiff) {
		kj_h(b, "<div class=\"table-wrap\"><table class=\"data\"><caption>");
		kj_h_text(b, T("追加・除外された事業者"));
		kj_h(b, "</caption><thead><tr><th scope=\"col\">");
		kj_h_text(b, T("変化"));
		kj_h(b, "</th><th scope=\"col\">");
		kj_h_text(b, T("法人番号"));
		kj_h(b, "</th><th scope=\"col\">");
		kj_h_text(b, T("名称"));
		kj_h(b, "</th></tr></thead><tbody>");
		for (int i = 0; i < ndiff && i < 500; i++) {
			kj_h(b, "<tr><td>");
			kj_h(b, diff[i].added ? "<span class=\"badge ok\">" : "<span class=\"badge off\">");
			kj_h_text(b, T(diff[i].added ? N_("追加") : N_("除外")));
			kj_h(b, "</span></td><td><a href=\"/registry/");
			kj_h_int(b, diff[i].org);
			kj_h(b, "\">");
			kj_h_text(b, diff[i].corporate_number);
			kj_h(b, "</a></td><td>");
			kj_h_text(b, diff[i].name_ja);
			kj_h(b, "</td></tr>");
		}
		kj_h(b, "</tbody></table></div>");
	}
	if (editable) {
		kj_h(b, "<form class=\"inline\" method=\"post\" action=\"/targets/copy\">");
		kj_h_csrf(req, b);
		kj_h(b, "<input type=\"hidden\" name=\"sector\" value=\"");
		kj_h_attr(b, sector);
		kj_h(b, "\"><input type=\"hidden\" name=\"fy\" value=\"");
		kj_h_int(b, fy);
		kj_h(b, "\"><button type=\"submit\" class=\"secondary\">");
		kj_h_text(b, T("前年度の対象をこの年度に写す"));
		kj_h(b, "</button></form>");
	}
	/* The sector's operators, this page of them, with their mark. */
	kj_h(b, "<h2>");
	kj_h_text(b, T("分野の事業者"));
	kj_h(b, "</h2>");
	if (editable) {
		kj_h(b, "<form method=\"post\" action=\"/targets\">");
		kj_h_csrf(req, b);
		kj_h(b, "<input type=\"hidden\" name=\"sector\" value=\"");
		kj_h_attr(b, sector);
		kj_h(b, "\"><input type=\"hidden\" name=\"fy\" value=\"");
		kj_h_int(b, fy);
		kj_h(b, "\">");
	}
	kj_h(b, "<div class=\"table-wrap\"><table class=\"data\"><caption>");
	kj_h_text(b, T("対象とする事業者に印を付けます"));
	kj_h(b, "</caption><thead><tr><th scope=\"col\">");
	kj_h_text(b, T("対象"));
	kj_h(b, "</th><th scope=\"col\">");
	kj_h_text(b, T("法人番号"));
	kj_h(b, "</th><th scope=\"col\">");
	kj_h_text(b, T("名称"));
	kj_h(b, "</th><th scope=\"col\">");
	kj_h_text(b, T("規模"));
	kj_h(b, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		int is = 0;
		if (kj_store_target_is(req->st, fy, sector, ids[i], &is, &err) < 0)
			is = 0;
		kj_h(b, "<tr><td>");
		if (editable) {
			kj_h(b, "<input type=\"hidden\" name=\"shown\" value=\"");
			kj_h_int(b, ids[i]);
			kj_h(b, "\"><input type=\"checkbox\" name=\"target\" id=\"tg-");
			kj_h_int(b, ids[i]);
			kj_h(b, "\" value=\"");
			kj_h_int(b, ids[i]);
			kj_h(b, is ? "\" checked>" : "\">");
			kj_h(b, "<label class=\"visually-hidden\" for=\"tg-");
			kj_h_int(b, ids[i]);
			kj_h(b, "\">");
			kj_h_text(b, recs[i].name_ja);
			kj_h(b, "</label>");
		} else {
			kj_h_text(b, is ? T("対象") : "—");
		}
		kj_h(b, "</td><td><a href=\"/registry/");
		kj_h_int(b, ids[i]);
		kj_h(b, "\">");
		kj_h_text(b, recs[i].corporate_number);
		kj_h(b, "</a></td><td>");
		kj_h_text(b, recs[i].name_ja);
		kj_h(b, "</td><td>");
		kj_h_text(b, kj_ui_size_label(req, recs[i].size_class));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	if (editable) {
		kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
		kj_h_text(b, T("このページの印を保存"));
		kj_h(b, "</button></div></form>");
	}
	if (pg > 1 || pg * TARGET_PAGE < total) {
		kj_h(b, "<nav class=\"pager\" aria-label=\"");
		kj_h_attr(b, T("ページ送り"));
		kj_h(b, "\">");
		for (int dir = -1; dir <= 1; dir += 2) {
			if ((dir < 0 && pg == 1) || (dir > 0 && pg * TARGET_PAGE >= total))
				continue;
			kj_h(b, "<a href=\"/targets?sector=");
			kj_h_urlpart(b, sector);
			kj_h(b, "&amp;fy=");
			kj_h_int(b, fy);
			kj_h(b, "&amp;page=");
			kj_h_int(b, pg + dir);
			kj_h(b, dir < 0 ? "\" rel=\"prev\">← " : "\" rel=\"next\">");
			kj_h_text(b, T(dir < 0 ? N_("前へ") : N_("次へ")));
			kj_h(b, dir < 0 ? "</a>" : " →</a>");
		}
		kj_h(b, "</nav>");
	}
	kj_page_end(req, resp);
	free(recs);
	free(diff);
	return 0;
}

static int redirect_back(struct kj_response *resp, const char *sector, int fy)
{
	struct kj_buf loc;
	kj_buf_init(&loc, 256);
	kj_buf_adds(&loc, "/targets?done=1&sector=");
	kj_h_urlpart(&loc, sector);
	kj_buf_printf(&loc, "&fy=%d", fy);
	int rc = kj_response_redirect(resp, kj_buf_str(&loc));
	kj_buf_free(&loc);
	return rc ? 500 : 0;
}

int kj_page_targets_save(struct kj_request *req, struct kj_response *resp)
{
	const char *sector;
	int fy, rc = parse_scope(req, KJ_PERM_REGISTRY_EDIT, &sector, &fy);
	if (rc)
		return rc;
	struct kj_err err;
	char actor[KJ_LOGIN_MAX + 8], detail[160], obj[64];
	long on = 0, off = 0;
	kj_web_actor(req, actor, sizeof actor);
	if (kj_store_begin(req->st, &err) < 0)
		return 500;
	for (int i = 0; i < req->nparams; i++) {
		if (strcmp(req->params[i].name, "shown"))
			continue;
		long id;
		if (kj_parse_long(req->params[i].value, 1, 0x7fffffffL, &id) < 0)
			goto bad;
		/* Only organisations of this sector (and, for a ministry, of its
		 * part of the sector) can be its targets. */
		struct kj_org_scope sc;
		kj_authz_org_scope(&req->user, &sc);
		if (sc.org && sc.org != id)
			goto bad;
		sc.org = id;
		char one[1][24];
		kj_strlcpy(one[0], sector, sizeof one[0]);
		sc.sectors = (const char (*)[24])one;
		sc.nsectors = 1;
		struct kj_org_record r;
		int n;
		long total;
		if (kj_store_org_list(req->st, &sc, 0, &r, NULL, 1, &n, &total, &err) < 0)
			goto fail;
		if (n != 1)
			goto bad;
		int want = 0;
		for (int k = 0; k < req->nparams; k++)
			want |= !strcmp(req->params[k].name, "target") &&
				!strcmp(req->params[k].value, req->params[i].value);
		if (kj_store_target_set(req->st, fy, sector, id, want, &err) < 0)
			goto fail;
		want ? on++ : off++;
	}
	snprintf(detail, sizeof detail, "{\"fiscal_year\":%d,\"marked\":%ld,\"unmarked\":%ld}",
		 fy, on, off);
	snprintf(obj, sizeof obj, "%d/%s", fy, sector);
	if (kj_audit_log(req->st, req->user.id, actor, "target.set", "target", obj, detail,
			 &err) < 0 || kj_store_commit(req->st, &err) < 0)
		goto fail;
	return redirect_back(resp, sector, fy);
bad:
	kj_store_rollback(req->st);
	return 400;
fail:
	kj_store_rollback(req->st);
	return 500;
}

int kj_page_targets_copy(struct kj_request *req, struct kj_response *resp)
{
	const char *sector;
	int fy, rc = parse_scope(req, KJ_PERM_REGISTRY_EDIT, &sector, &fy);
	if (rc)
		return rc;
	struct kj_err err;
	char actor[KJ_LOGIN_MAX + 8], detail[96], obj[64];
	long copied = 0;
	kj_web_actor(req, actor, sizeof actor);
	if (kj_store_begin(req->st, &err) < 0)
		return 500;
	if (kj_store_target_copy(req->st, fy, sector, &copied, &err) < 0)
		goto fail;
	snprintf(detail, sizeof detail, "{\"fiscal_year\":%d,\"copied\":%ld}", fy, copied);
	snprintf(obj, sizeof obj, "%d/%s", fy, sector);
	if (kj_audit_log(req->st, req->user.id, actor, "target.copy", "target", obj, detail,
			 &err) < 0 || kj_store_commit(req->st, &err) < 0)
		goto fail;
	return redirect_back(resp, sector, fy);
fail:
	kj_store_rollback(req->st);
	return 500;
}
