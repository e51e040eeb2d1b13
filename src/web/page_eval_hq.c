/*
 * The HQ evaluation's findings and recommendations, and traceability:
 * the items of the HQ evaluation page with the form that adds one (HQ,
 * while a draft); /evaluations/hq/{fy}, the way to the year's HQ
 * evaluation; /evaluations/recommendations?fy=FY, every recommendation of
 * the year with the measures of next year's plans answering it, those not
 * yet answered marked (CSV too), and for a plan's owner a form to answer
 * one with a measure of its plan; and the plan measure's own form of the
 * recommendations it answers (POST /plans/{id}/measures/{key}/answers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "app/plan.h"
#include "base/util.h"
#include "app/pdca.h"
#include "store/store_eval_pdca.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_eval.h"
#include "web/page_plan.h"
#include "web/pages.h"
#include "web/ui.h"

static const char *cat_label(struct kj_request *req, enum kj_item_category c)
{
	return kj_tr(req, kj_item_category_label_ja(c));
}

void kj_eval_items(struct kj_request *req, struct kj_buf *b, struct eval_page *pg)
{
	static const char *const cols[] = { N_("番号"), N_("種別"), N_("区分"), N_("宛先"),
					    N_("内容"), N_("操作") };
	const struct kj_eval *e = pg->e;
	int edit = (pg->may & (1u << KJ_EVAL_USE_OWN)) && e->state == KJ_EVAL_DRAFT;
	kj_h(b, "<h2 id=\"items\">");
	kj_h_text(b, T("所見と提言"));
	kj_h(b, "</h2>");
	kj_ui_table_open(req, b, N_("戦略本部の所見と提言"), cols, edit ? 6 : 5);
	for (int i = 0; i < pg->nitems; i++) {
		const struct kj_hq_item *it = &pg->items[i];
		kj_h(b, "<tr><td class=\"num\">");
		kj_h_int(b, it->ord);
		kj_h(b, "</td><td>");
		kj_h_text(b, kj_tr(req, kj_item_kind_label_ja(it->kind)));
		kj_h(b, "</td><td>");
		kj_h_text(b, cat_label(req, it->category));
		kj_h(b, "</td><td>");
		kj_h_text(b, kj_eval_addressee_name(req, it->addressee));
		kj_h(b, "</td><td class=\"pre\">");
		kj_h_text(b, it->text);
		kj_h(b, "</td>");
		if (edit) {
			kj_h(b, "<td><form class=\"inline\" method=\"post\" action=\"/evaluations/");
			kj_h_int(b, e->id);
			kj_h(b, "/items/");
			kj_h_int(b, it->id);
			kj_h(b, "/drop\">");
			kj_h_csrf(req, b);
			kj_h(b, "<button type=\"submit\">");
			kj_h_text(b, T("削除する"));
			kj_h(b, "</button></form></td>");
		}
		kj_h(b, "</tr>");
	}
	if (!pg->nitems) {
		kj_h(b, "<tr><td colspan=\"");
		kj_h_int(b, edit ? 6 : 5);
		kj_h(b, "\">");
		kj_h_text(b, T("所見・提言はまだありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	if (!edit)
		return;
	struct kj_option kinds[KJ_ITEM_NKINDS], cats[KJ_ITEM_NCATS];
	struct kj_option to[KJ_PDCA_ROWS_MAX + 1];
	kj_sector_code codes[KJ_PDCA_ROWS_MAX];
	int nto = 0, ns = 0;
	struct kj_err err;
	for (int k = 0; k < KJ_ITEM_NKINDS; k++)
		kinds[k] = (struct kj_option){ kj_item_kind_name(k), kj_item_kind_label_ja(k) };
	for (int k = 0; k < KJ_ITEM_NCATS; k++)
		cats[k] = (struct kj_option){ kj_item_category_name(k), kj_item_category_label_ja(k) };
	to[nto++] = (struct kj_option){ "nco", N_("国家サイバー統括室") };
	if (kj_store_pdca_sectors(req->st, codes, KJ_PDCA_ROWS_MAX, &ns, &err) < 0)
		ns = 0;
	for (int s = 0; s < ns; s++)
		to[nto++] = (struct kj_option){ codes[s], kj_ui_sector_name(req, codes[s]) };
	struct kj_form f = { .prefix = "item" };
	if (pg->posted && !strcmp(pg->posted, "item"))
		f = pg->form, f.prefix = "item";
	kj_h(b, "<h3>");
	kj_h_text(b, T("所見・提言を追加する"));
	kj_h(b, "</h3><form class=\"stack\" method=\"post\" action=\"/evaluations/");
	kj_h_int(b, e->id);
	kj_h(b, "/items\">");
	kj_h_csrf(req, b);
	kj_form_select(req, b, &f, &(struct kj_field){ .name = "kind", .label_ja = N_("種別"),
		       .flags = KJ_FIELD_REQUIRED }, kinds, KJ_ITEM_NKINDS,
		       kj_eval_posted(req, pg, "item", "kind", "recommendation"));
	kj_form_select(req, b, &f, &(struct kj_field){ .name = "category", .label_ja = N_("区分"),
		       .flags = KJ_FIELD_REQUIRED }, cats, KJ_ITEM_NCATS,
		       kj_eval_posted(req, pg, "item", "category", "general"));
	kj_form_select(req, b, &f, &(struct kj_field){ .name = "addressee", .label_ja = N_("宛先"),
		       .flags = KJ_FIELD_REQUIRED }, to, nto,
		       kj_eval_posted(req, pg, "item", "addressee", "nco"));
	kj_form_textarea(req, b, &f, &(struct kj_field){ .name = "text", .label_ja = N_("内容"),
			 .flags = KJ_FIELD_REQUIRED, .maxlength = KJ_EVAL_ITEM_MAX - 1 },
			 kj_eval_posted(req, pg, "item", "text", NULL), 4);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("追加する"));
	kj_h(b, "</button></div></form>");
}

int kj_page_eval_hq(struct kj_request *req, struct kj_response *resp)
{
	long fy;
	if (kj_parse_long(req->args[0], KJ_TARGET_FY_MIN, KJ_TARGET_FY_MAX, &fy) < 0)
		return 404;
	int64_t id;
	struct kj_err err;
	if (kj_store_eval_find(req->st, (int)fy, "hq", &id, &err) < 0)
		return 500;
	if (id) {
		char to[48];
		snprintf(to, sizeof to, "/evaluations/%lld#items", (long long)id);
		return kj_response_redirect(resp, to) < 0 ? 500 : 0;
	}
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("戦略本部の評価"));
	kj_h(b, "<h1>");
	kj_h_fy(req, b, (int)fy);
	kj_h(b, " ");
	kj_h_text(b, T("戦略本部の評価"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("この年度の戦略本部の評価はまだ作成されていません。"));
	kj_h(b, "</p>");
	if (kj_authz_allow(&req->user, KJ_PERM_EVAL_HQ)) {
		kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/evaluations\">");
		kj_h_csrf(req, b);
		kj_h(b, "<input type=\"hidden\" name=\"scope\" value=\"hq\">"
			"<input type=\"hidden\" name=\"fy\" value=\"");
		kj_h_int(b, fy);
		kj_h(b, "\"><div class=\"actions\"><button type=\"submit\">");
		kj_h_text(b, T("戦略本部の評価を作成する"));
		kj_h(b, "</button></div></form>");
	}
	kj_page_end(req, resp);
	return 0;
}
