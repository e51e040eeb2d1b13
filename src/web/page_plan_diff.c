/*
 * Two plans side by side (/plans/{id}/diff?with={other}): plan WITH on the
 * left, plan {id} on the right; the structure's sections, then the
 * measures matched by their key. Each row says in words what happened to
 * it — 「追加」, 「削除」, 「変更」 — and within a changed measure each
 * changed field is marked 「変更」 too, so nothing rests on colour alone.
 * Both plans must be ones the user may see (else 403; 404 when not there).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/app.h"
#include "web/html.h"
#include "web/page_plan.h"
#include "web/pages.h"
#include "web/ui.h"

static const char *const change_ja[] = { N_("変更なし"), N_("追加"), N_("削除"), N_("変更") };

/* One side of a measure: each field, the changed ones marked. */
static void side(struct kj_request *req, struct kj_buf *b, const struct kj_plan_measure *m,
		 unsigned changed)
{
	if (!m) {
		kj_h(b, "<td>—</td>");
		return;
	}
	char reqs[KJ_PLAN_REQS_MAX * (KJ_ID_MAX + 2)] = "";
	size_t o = 0;
	for (int i = 0; i < m->nreqs && o + KJ_ID_MAX + 2 < sizeof reqs; i++)
		o += (size_t)snprintf(reqs + o, sizeof reqs - o, "%s%s", i ? ", " : "", m->reqs[i]);
	const struct { const char *label_ja, *value; unsigned bit; } f[] = {
		{ N_("施策名"), m->title, KJ_PF_TITLE },
		{ N_("内容"), m->description, KJ_PF_DESCRIPTION },
		{ N_("目標・KPI"), m->kpi, KJ_PF_KPI },
		{ N_("スケジュール"), m->schedule, KJ_PF_SCHEDULE },
		{ N_("担当"), m->owner, KJ_PF_OWNER },
		{ N_("状況"), T(kj_measure_status_label_ja(m->status)), KJ_PF_STATUS },
		{ N_("進捗メモ"), m->progress, KJ_PF_PROGRESS },
		{ N_("関連する対策事項"), reqs, KJ_PF_REQS },
	};
	kj_h(b, "<td><dl class=\"diff-fields\">");
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		if (!*f[i].value && !(changed & f[i].bit))
			continue;
		kj_h(b, "<dt>");
		kj_h_text(b, T(f[i].label_ja));
		if (changed & f[i].bit) {
			kj_h(b, " <strong class=\"badge\">");
			kj_h_text(b, T("変更"));
			kj_h(b, "</strong>");
		}
		kj_h(b, "</dt><dd>");
		if (changed & f[i].bit)
			kj_h(b, "<mark>");
		kj_h_text(b, *f[i].value ? f[i].value : "—");
		if (changed & f[i].bit)
			kj_h(b, "</mark>");
		kj_h(b, "</dd>");
	}
	kj_h(b, "</dl></td>");
}

static void head_cell(struct kj_request *req, struct kj_buf *b, const struct kj_plan *p)
{
	kj_h(b, "<a href=\"/plans/");
	kj_h_int(b, p->id);
	kj_h(b, "\">");
	kj_h_fy(req, b, p->fy);
	kj_h(b, " ");
	kj_plan_name(req, b, p->scope, p->sector, p->ministry);
	kj_h(b, "</a>");
}

static void render(struct kj_request *req, struct kj_buf *b, const struct kj_plan *a,
		   const struct kj_plan *pb, const struct kj_plan_diff_row *rows, int n,
		   unsigned sections)
{
	static const char *const cols[] = { N_("項目"), N_("比較元"), N_("比較先"), N_("変更") };
	kj_h(b, "<h1>");
	kj_h_text(b, T("実施計画の比較"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("比較元："));
	head_cell(req, b, a);
	kj_h(b, "<br>");
	kj_h_text(b, T("比較先："));
	head_cell(req, b, pb);
	kj_h(b, "</p>");
	kj_ui_table_open(req, b, N_("施策の実施体制"), cols, 4);
	for (int s = 0; s < KJ_PLAN_NSECTIONS; s++) {
		int ch = (sections >> s) & 1;
		kj_h(b, "<tr><th scope=\"row\">");
		kj_h_text(b, T(kj_plan_section_label_ja(s)));
		kj_h(b, "</th><td class=\"pre\">");
		kj_h_text(b, a->body[s]);
		kj_h(b, "</td><td class=\"pre\">");
		kj_h_text(b, pb->body[s]);
		kj_h(b, ch ? "</td><td><strong class=\"badge\">" : "</td><td>");
		kj_h_text(b, T(change_ja[ch ? KJ_PLAN_CHANGED : KJ_PLAN_SAME]));
		kj_h(b, ch ? "</strong></td></tr>" : "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	kj_ui_table_open(req, b, N_("取り組むべき施策（キーで対応付け）"), cols, 4);
	for (int i = 0; i < n; i++) {
		const struct kj_plan_diff_row *r = &rows[i];
		const struct kj_plan_measure *m = r->b ? r->b : r->a;
		kj_h(b, "<tr><th scope=\"row\">(");
		kj_h_int(b, m->category);
		kj_h(b, ") ");
		kj_h_text(b, m->key);
		kj_h(b, "</th>");
		side(req, b, r->a, r->fields);
		side(req, b, r->b, r->fields);
		kj_h(b, r->change != KJ_PLAN_SAME ? "<td><strong class=\"badge\">" : "<td>");
		kj_h_text(b, T(change_ja[r->change]));
		kj_h(b, r->change != KJ_PLAN_SAME ? "</strong></td></tr>" : "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

int kj_page_plan_diff(struct kj_request *req, struct kj_response *resp)
{
	int64_t id, with;
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	if (kj_app_id(kj_param(req, "with"), &with) < 0)
		return kj_web_error(req, resp, 400, N_("比較する計画を with に番号で指定してください。"));
	struct kj_plan *a = kj_app_plan_alloc(), *b = kj_app_plan_alloc();
	struct kj_plan_diff_row *rows = calloc(2 * KJ_PLAN_MEASURES_MAX, sizeof *rows);
	struct kj_plan_refusal wa = { KJ_PLAN_OK, "" }, wb = { KJ_PLAN_OK, "" };
	struct kj_err err;
	int rc = 500;
	if (!a || !b || !rows || kj_app_plan_get(req->st, &req->user, with, a, &wa, &err) < 0 ||
	    kj_app_plan_get(req->st, &req->user, id, b, &wb, &err) < 0)
		goto out;
	rc = wa.fault == KJ_PLAN_FORBIDDEN || wb.fault == KJ_PLAN_FORBIDDEN ? 403 : 404;
	if (wa.fault || wb.fault)
		goto out;
	unsigned sections;
	int n = kj_plan_diff(a, b, rows, &sections);
	kj_page_begin(req, resp, T("実施計画の比較"));
	render(req, &resp->body, a, b, rows, n, sections);
	kj_page_end(req, resp);
	rc = 0;
out:
	free(rows);
	free(a);
	free(b);
	return rc;
}
