/*
 * Target identification (§2.1.1(2)): per fiscal year and sector, the
 * ministry marks the operators that the plan and the surveys cover, can
 * copy the previous year's list, and sees who was added or dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/wareki.h"
#include "app/audit_log.h"
#include "store/store_org_list.h"
#include "store/store_target.h"
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
	if (kj_catalog_sector_index(&req->app->cat, s) < 0)
		return 404;
	if (!kj_authz_sector(&req->user, perm, s))
		return 403;
	*sector = s;
	return 0;
}

/* What the targets page shows, read before any of it is written. */
struct targets_page {
	const char *sector;
	int fy;
	long pg;			/* the page of operators, from 1 */
	int editable;			/* the user may mark the sector's targets */
	struct kj_org_record *recs;	/* this page's operators */
	int64_t ids[TARGET_PAGE];
	int n;
	long total;			/* the sector's operators in scope */
	struct kj_target_change *diff;	/* added and dropped since the year before */
	int ndiff;
};

/* Reads the sector's page of operators and the year's changes; an HTTP status. */
static int targets_load(struct kj_request *req, struct targets_page *p)
{
	memset(p, 0, sizeof *p);
	int rc = parse_scope(req, KJ_PERM_REGISTRY_READ, &p->sector, &p->fy);
	if (rc)
		return rc;
	const char *page = kj_param(req, "page");
	p->pg = 1;
	if (page && kj_parse_long(page, 1, 100000, &p->pg) < 0)
		return 400;
	kj_sector_code one[1];
	kj_strlcpy(one[0], p->sector, sizeof one[0]);
	struct kj_org_scope sc;
	kj_authz_org_scope(&req->user, &sc);
	sc.sectors = (const kj_sector_code *)one;
	sc.nsectors = 1;
	p->recs = calloc(TARGET_PAGE, sizeof *p->recs);
	p->diff = calloc(DIFF_MAX, sizeof *p->diff);
	struct kj_err err;
	if (!p->recs || !p->diff ||
	    kj_store_org_list(req->st, &sc, (p->pg - 1) * TARGET_PAGE, p->recs, p->ids,
			      TARGET_PAGE, &p->n, &p->total, &err) < 0 ||
	    kj_store_target_diff(req->st, p->fy, p->sector, p->diff, DIFF_MAX, &p->ndiff,
				 &err) < 0) {
		free(p->recs);
		free(p->diff);
		return 500;
	}
	p->editable = kj_authz_sector(&req->user, KJ_PERM_REGISTRY_EDIT, p->sector);
	return 0;
}

/* The heading with the year and sector, and the form that picks them. */
static void targets_filters(struct kj_request *req, struct kj_buf *b,
			    const struct targets_page *p)
{
	char fyl[32];
	kj_fiscal_year_text(p->fy, req->lang == KJ_LANG_EN ? KJ_DATE_EN : KJ_DATE_JA, fyl,
			    sizeof fyl);
	kj_h(b, "<h1>");
	kj_h_text(b, T("対象事業者の特定"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, fyl);
	kj_h(b, " — ");
	kj_h_text(b, kj_ui_sector_name(req, p->sector));
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
		kj_h(b, !strcmp(code, p->sector) ? "\" selected>" : "\">");
		kj_h_text(b, kj_ui_sector_name(req, code));
		kj_h(b, "</option>");
	}
	kj_h(b, "</select></div><div class=\"field\"><label for=\"t-fy\">");
	kj_h_text(b, T("年度（西暦）"));
	kj_h(b, "</label><input id=\"t-fy\" name=\"fy\" type=\"number\" min=\"2000\" max=\"2100\" value=\"");
	kj_h_int(b, p->fy);
	kj_h(b, "\"></div><div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("表示"));
	kj_h(b, "</button></div></form>");
}

/* The hidden sector and year fields of the page's forms. */
static void scope_fields(struct kj_buf *b, const struct targets_page *p)
{
	kj_h(b, "<input type=\"hidden\" name=\"sector\" value=\"");
	kj_h_attr(b, p->sector);
	kj_h(b, "\"><input type=\"hidden\" name=\"fy\" value=\"");
	kj_h_int(b, p->fy);
	kj_h(b, "\">");
}

/* What changed since the previous year: the counts and the operators. */
static void targets_changes(struct kj_request *req, struct kj_buf *b,
			    const struct targets_page *p)
{
	int added = 0, dropped = 0;
	for (int i = 0; i < p->ndiff; i++)
		p->diff[i].added ? added++ : dropped++;
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
	if (!p->ndiff)
		return;
	static const char *const cols[] = { N_("変化"), N_("法人番号"), N_("名称") };
	kj_ui_table_open(req, b, N_("追加・除外された事業者"), cols, 3);
	for (int i = 0; i < p->ndiff && i < 500; i++) {
		const struct kj_target_change *d = &p->diff[i];
		kj_h(b, "<tr><td>");
		kj_h(b, d->added ? "<span class=\"badge ok\">" : "<span class=\"badge off\">");
		kj_h_text(b, T(d->added ? N_("追加") : N_("除外")));
		kj_h(b, "</span></td><td><a href=\"/registry/");
		kj_h_int(b, d->org);
		kj_h(b, "\">");
		kj_h_text(b, d->corporate_number);
		kj_h(b, "</a></td><td>");
		kj_h_text(b, d->name_ja);
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

/* The form that copies the previous year's targets into this year. */
static void copy_form(struct kj_request *req, struct kj_buf *b, const struct targets_page *p)
{
	kj_h(b, "<form class=\"inline\" method=\"post\" action=\"/targets/copy\">");
	kj_h_csrf(req, b);
	scope_fields(b, p);
	kj_h(b, "<button type=\"submit\" class=\"secondary\">");
	kj_h_text(b, T("前年度の対象をこの年度に写す"));
	kj_h(b, "</button></form>");
}

/* One operator with its mark: a checkbox when editable, else a word. */
static void target_row(struct kj_request *req, struct kj_buf *b, const struct targets_page *p,
		       int i)
{
	struct kj_err err;
	int64_t id = p->ids[i];
	int is = 0;
	if (kj_store_target_is(req->st, p->fy, p->sector, id, &is, &err) < 0)
		is = 0;
	kj_h(b, "<tr><td>");
	if (p->editable) {
		kj_h(b, "<input type=\"hidden\" name=\"shown\" value=\"");
		kj_h_int(b, id);
		kj_h(b, "\"><input type=\"checkbox\" name=\"target\" id=\"tg-");
		kj_h_int(b, id);
		kj_h(b, "\" value=\"");
		kj_h_int(b, id);
		kj_h(b, is ? "\" checked>" : "\">");
		kj_h(b, "<label class=\"visually-hidden\" for=\"tg-");
		kj_h_int(b, id);
		kj_h(b, "\">");
		kj_h_text(b, p->recs[i].name_ja);
		kj_h(b, "</label>");
	} else {
		kj_h_text(b, is ? T("対象") : "—");
	}
	kj_h(b, "</td><td><a href=\"/registry/");
	kj_h_int(b, id);
	kj_h(b, "\">");
	kj_h_text(b, p->recs[i].corporate_number);
	kj_h(b, "</a></td><td>");
	kj_h_text(b, p->recs[i].name_ja);
	kj_h(b, "</td><td>");
	kj_h_text(b, kj_ui_size_label(req, p->recs[i].size_class));
	kj_h(b, "</td></tr>");
}

/* The sector's operators, this page of them, with their marks (a form
 * that saves them when editable). */
static void targets_table(struct kj_request *req, struct kj_buf *b,
			  const struct targets_page *p)
{
	kj_h(b, "<h2>");
	kj_h_text(b, T("分野の事業者"));
	kj_h(b, "</h2>");
	if (p->editable) {
		kj_h(b, "<form method=\"post\" action=\"/targets\">");
		kj_h_csrf(req, b);
		scope_fields(b, p);
	}
	static const char *const cols[] = { N_("対象"), N_("法人番号"), N_("名称"), N_("規模") };
	kj_ui_table_open(req, b, N_("対象とする事業者に印を付けます"), cols, 4);
	for (int i = 0; i < p->n; i++)
		target_row(req, b, p, i);
	kj_h(b, "</tbody></table></div>");
	if (p->editable) {
		kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
		kj_h_text(b, T("このページの印を保存"));
		kj_h(b, "</button></div></form>");
	}
}

/* Links to the previous and next pages of operators, when there are any. */
static void targets_pager(struct kj_request *req, struct kj_buf *b,
			  const struct targets_page *p)
{
	if (!(p->pg > 1 || p->pg * TARGET_PAGE < p->total))
		return;
	kj_h(b, "<nav class=\"pager\" aria-label=\"");
	kj_h_attr(b, T("ページ送り"));
	kj_h(b, "\">");
	for (int dir = -1; dir <= 1; dir += 2) {
		if ((dir < 0 && p->pg == 1) || (dir > 0 && p->pg * TARGET_PAGE >= p->total))
			continue;
		kj_h(b, "<a href=\"/targets?sector=");
		kj_h_urlpart(b, p->sector);
		kj_h(b, "&amp;fy=");
		kj_h_int(b, p->fy);
		kj_h(b, "&amp;page=");
		kj_h_int(b, p->pg + dir);
		kj_h(b, dir < 0 ? "\" rel=\"prev\">← " : "\" rel=\"next\">");
		kj_h_text(b, T(dir < 0 ? N_("前へ") : N_("次へ")));
		kj_h(b, dir < 0 ? "</a>" : " →</a>");
	}
	kj_h(b, "</nav>");
}

int kj_page_targets(struct kj_request *req, struct kj_response *resp)
{
	struct targets_page p;
	int status = targets_load(req, &p);
	if (status)
		return status;
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("対象事業者の特定"));
	targets_filters(req, b, &p);
	kj_ui_saved_notice(req, b);
	targets_changes(req, b, &p);
	if (p.editable)
		copy_form(req, b, &p);
	targets_table(req, b, &p);
	targets_pager(req, b, &p);
	kj_page_end(req, resp);
	free(p.recs);
	free(p.diff);
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
		kj_sector_code one[1];
		kj_strlcpy(one[0], sector, sizeof one[0]);
		sc.sectors = (const kj_sector_code *)one;
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
