/*
 * Traceability (issue 14): /evaluations/recommendations?fy=FY lists every
 * recommendation of the year's HQ evaluation the reader may see, with the
 * measures of next year's plans answering it (those of plans the reader
 * may read) and those not yet answered marked in words (未対応), as a page
 * or ?format=csv. A plan's owner answers one from here (a measure of its
 * plan of the next year for the addressee) or from the plan measure's own
 * form, whose checkboxes are written here (kj_eval_measure_answers_form).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "app/plan.h"
#include "base/util.h"
#include "export/csv.h"
#include "store/store_plan.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_eval.h"
#include "web/page_plan.h"
#include "web/pages.h"
#include "web/ui.h"

struct recs_csv {
	struct kj_request *req;
	const struct kj_eval_trace *t;
	int n;
};

static int write_csv(FILE *f, void *ctx)
{
	const struct recs_csv *c = ctx;
	static const char *const head[] = { "id", "fiscal_year", "category", "addressee", "text",
					    "answered", "measures" };
	if (kj_csv_begin(f) < 0)
		return -1;
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		if (kj_csv_field(f, head[i], i + 1 == sizeof head / sizeof head[0]) < 0)
			return -1;
	for (int i = 0; i < c->n; i++) {
		const struct kj_eval_trace *t = &c->t[i];
		char id[24], fy[8], ms[KJ_EVAL_TRACE_ANSWERS * (KJ_PLAN_KEY_MAX + 24)];
		size_t o = 0;
		ms[0] = '\0';
		snprintf(id, sizeof id, "%lld", (long long)t->rec.it.id);
		snprintf(fy, sizeof fy, "%d", t->rec.fy);
		for (int k = 0; k < t->nanswers; k++) {
			int w = snprintf(ms + o, sizeof ms - o, "%s%lld:%s", k ? " " : "",
					 (long long)t->answers[k].plan_id, t->answers[k].mkey);
			if (w < 0 || (size_t)w >= sizeof ms - o)
				break;
			o += (size_t)w;
		}
		const char *cells[] = { id, fy, kj_item_category_name(t->rec.it.category),
					t->rec.it.addressee, t->rec.it.text,
					t->nanswers ? "yes" : "no", ms };
		for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++)
			if (kj_csv_field(f, cells[k], k + 1 == sizeof cells / sizeof cells[0]) < 0)
				return -1;
	}
	return 0;
}

/* The measures of the user's own plans of FY + 1 for ADDRESSEE: a form to
 * answer recommendation T with one of them. */
static void answer_form(struct kj_request *req, struct kj_buf *b, const struct kj_eval_trace *t,
			const struct kj_plan_row *plans, int nplans, struct kj_plan *p)
{
	struct kj_err err;
	struct kj_plan_refusal why;
	for (int i = 0; i < nplans; i++) {
		const struct kj_plan_row *r = &plans[i];
		const char *to = !strcmp(r->scope, "cross") ? "nco" : r->sector;
		if (r->fy != t->rec.fy + 1 || strcmp(to, t->rec.it.addressee))
			continue;
		struct kj_plan_ref ref = { !strcmp(r->scope, "cross"), *r->sector ? r->sector : NULL,
					   *r->ministry ? r->ministry : NULL, r->state };
		if (!kj_authz_plan(&req->user, KJ_PLAN_USE_OWN, &ref) ||
		    kj_app_plan_get(req->st, &req->user, r->id, p, &why, &err) < 0 || why.fault)
			continue;
		struct kj_option opts[KJ_PLAN_MEASURES_MAX];
		char vals[KJ_PLAN_MEASURES_MAX][24];
		for (int m = 0; m < p->nmeasures; m++) {
			snprintf(vals[m], sizeof vals[m], "%lld", (long long)p->measures[m].id);
			opts[m] = (struct kj_option){ vals[m], p->measures[m].title };
		}
		char fid[32];
		snprintf(fid, sizeof fid, "ans-%lld", (long long)t->rec.it.id);
		struct kj_form f = { .prefix = fid };
		kj_h(b, "<form class=\"inline\" method=\"post\" action=\"/evaluations/recommendations/");
		kj_h_int(b, t->rec.it.id);
		kj_h(b, "/answers\">");
		kj_h_csrf(req, b);
		kj_h(b, "<input type=\"hidden\" name=\"fy\" value=\"");
		kj_h_int(b, t->rec.fy);
		kj_h(b, "\">");
		kj_form_select(req, b, &f, &(struct kj_field){ .name = "measure",
			       .label_ja = N_("対応する施策") }, opts, p->nmeasures, NULL);
		kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
		kj_h_text(b, T("この施策で対応する"));
		kj_h(b, "</button></div></form>");
	}
}

int kj_page_eval_recs(struct kj_request *req, struct kj_response *resp)
{
	static const char *const cols[] = { N_("番号"), N_("区分"), N_("宛先"), N_("提言"),
					    N_("対応状況"), N_("対応する施策") };
	int fy;
	const char *format = kj_param(req, "format");
	if (kj_eval_fy_param(req, &fy) < 0 || (format && strcmp(format, "csv")))
		return kj_web_error(req, resp, 400, N_("年度または形式の指定に誤りがあります。"));
	struct kj_eval_trace *t = calloc(KJ_EVAL_RECS_MAX, sizeof *t);
	struct kj_plan_row *plans = calloc(KJ_PLAN_LIST_MAX, sizeof *plans);
	struct kj_plan *p = kj_app_plan_alloc();
	struct kj_err err;
	int n = 0, np = 0, rc = 0;
	if (!t || !plans || !p ||
	    kj_app_eval_trace(req->st, &req->user, fy, t, KJ_EVAL_RECS_MAX, &n, &err) < 0 ||
	    kj_app_plan_list(req->st, &req->user, fy + 1, plans, KJ_PLAN_LIST_MAX, &np, &err) < 0) {
		rc = 500;
		goto out;
	}
	if (format) {
		char base[48];
		struct recs_csv c = { req, t, n };
		snprintf(base, sizeof base, "recommendations-%d", fy);
		rc = kj_web_send_table(req, resp, "csv", base, n, write_csv, NULL, &c);
		goto out;
	}
	struct kj_buf *b = &resp->body;
	int open = 0;
	for (int i = 0; i < n; i++)
		open += t[i].nanswers == 0;
	kj_page_begin(req, resp, T("提言への対応状況"));
	kj_h(b, "<h1>");
	kj_h_fy(req, b, fy);
	kj_h(b, " ");
	kj_h_text(b, T("提言への対応状況"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("戦略本部の提言と、それに対応する次年度の実施計画の施策です。"));
	kj_h(b, "</p>");
	if (kj_param(req, "done"))
		kj_form_done(req, b, N_("変更を保存しました。"));
	kj_h(b, "<p><strong>");
	kj_h_text(b, T("未対応の提言"));
	kj_h(b, "：");
	kj_h_count(b, open);
	kj_h(b, " / ");
	kj_h_count(b, n);
	kj_h(b, "</strong> <a href=\"/evaluations/recommendations?fy=");
	kj_h_int(b, fy);
	kj_h(b, "&amp;format=csv\">");
	kj_h_text(b, T("CSV でダウンロード"));
	kj_h(b, "</a></p>");
	kj_ui_table_open(req, b, N_("提言と対応する施策"), cols, 6);
	for (int i = 0; i < n; i++) {
		kj_h(b, "<tr><td class=\"num\">");
		kj_h_int(b, t[i].rec.it.ord);
		kj_h(b, "</td><td>");
		kj_h_text(b, kj_tr(req, kj_item_category_label_ja(t[i].rec.it.category)));
		kj_h(b, "</td><td>");
		kj_h_text(b, kj_eval_addressee_name(req, t[i].rec.it.addressee));
		kj_h(b, "</td><td class=\"pre\">");
		kj_h_text(b, t[i].rec.it.text);
		kj_h(b, "</td><td>");
		kj_h(b, t[i].nanswers ? "<span class=\"badge ok\">✓ " : "<span class=\"badge late\">✗ ");
		kj_h_text(b, t[i].nanswers ? T("対応済み") : T("未対応"));
		kj_h(b, "</span></td><td><ul class=\"plain\">");
		for (int k = 0; k < t[i].nanswers; k++) {
			char href[48];
			snprintf(href, sizeof href, "/plans/%lld#measures",
				 (long long)t[i].answers[k].plan_id);
			kj_h(b, "<li>");
			kj_h_link(b, href, t[i].answers[k].title);
			kj_h(b, "</li>");
		}
		kj_h(b, "</ul>");
		if (t[i].rec.state == KJ_EVAL_FINAL)
			answer_form(req, b, &t[i], plans, np, p);
		kj_h(b, "</td></tr>");
	}
	if (!n) {
		kj_h(b, "<tr><td colspan=\"6\">");
		kj_h_text(b, T("表示できる提言はありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	kj_page_end(req, resp);
out:
	free(p);
	free(plans);
	free(t);
	return rc;
}

static int answer_refused(struct kj_request *req, struct kj_response *resp,
			  const struct kj_eval_refusal *why)
{
	if (why->fault == KJ_EVAL_F_NOT_FOUND)
		return 404;
	if (why->fault == KJ_EVAL_F_FORBIDDEN)
		return 403;
	char msg[KJ_FORM_MESSAGE_MAX];
	kj_textf(msg, sizeof msg, "%s (%s)", T("保存できませんでした。データは変更されていません。"),
		 why->msg);
	resp->status = why->fault == KJ_EVAL_F_BAD ? 400 : 409;
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("提言への対応状況"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("提言への対応状況"));
	kj_h(b, "</h1><div class=\"error-summary\" role=\"alert\"><p>");
	kj_h_text(b, msg);
	kj_h(b, "</p></div>");
	kj_page_end(req, resp);
	return 0;
}

int kj_page_eval_rec_answer(struct kj_request *req, struct kj_response *resp)
{
	int64_t item, measure;
	struct kj_eval_refusal why = { KJ_EVAL_F_OK, "" };
	struct kj_err err;
	struct plan_actor a;
	if (kj_app_id(req->args[0], &item) < 0)
		return 404;
	if (kj_app_id(kj_body_param(req, "measure"), &measure) < 0) {
		why.fault = KJ_EVAL_F_BAD;
		kj_strlcpy(why.msg, "measure: which measure answers it", sizeof why.msg);
		return answer_refused(req, resp, &why);
	}
	kj_plan_actor(req, &a);
	if (kj_app_eval_answer(req->st, &a.actor, item, measure, 1, &why, &err) < 0)
		return 500;
	if (why.fault)
		return answer_refused(req, resp, &why);
	long fy = 0;
	const char *fs = kj_body_param(req, "fy");
	if (!fs || kj_parse_long(fs, KJ_TARGET_FY_MIN, KJ_TARGET_FY_MAX, &fy) < 0)
		fy = 0;
	char to[64];
	snprintf(to, sizeof to, "/evaluations/recommendations?fy=%ld&done=1", fy);
	return kj_response_redirect(resp, to) < 0 ? 500 : 0;
}

void kj_eval_measure_answers_form(struct kj_request *req, struct kj_buf *b,
				  const struct kj_plan *p, const struct kj_plan_measure *m)
{
	struct kj_eval_rec *open = calloc(KJ_EVAL_RECS_MAX, sizeof *open);
	int64_t had[KJ_EVAL_RECS_MAX];
	int n = 0, nhad = 0;
	struct kj_err err;
	if (!open || kj_app_eval_open_recs(req->st, p, open, KJ_EVAL_RECS_MAX, &n, &err) < 0 ||
	    !n || kj_store_eval_answered_by(req->st, m->id, had, KJ_EVAL_RECS_MAX, &nhad, &err) < 0) {
		free(open);
		return;
	}
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/plans/");
	kj_h_int(b, p->id);
	kj_h(b, "/measures/");
	kj_h_urlpart(b, m->key);
	kj_h(b, "/answers\">");
	kj_h_csrf(req, b);
	kj_h(b, "<fieldset><legend>");
	kj_h_text(b, T("この施策で対応する前年度の提言"));
	kj_h(b, "</legend><ul class=\"checks\">");
	for (int i = 0; i < n; i++) {
		int on = 0;
		for (int k = 0; k < nhad; k++)
			on |= had[k] == open[i].it.id;
		char id[48];
		snprintf(id, sizeof id, "rec-%s-%lld", m->key, (long long)open[i].it.id);
		kj_h(b, "<li><input type=\"checkbox\" name=\"item\" id=\"");
		kj_h_attr(b, id);
		kj_h(b, "\" value=\"");
		kj_h_int(b, open[i].it.id);
		kj_h(b, on ? "\" checked><label for=\"" : "\"><label for=\"");
		kj_h_attr(b, id);
		kj_h(b, "\">");
		kj_h_text(b, open[i].it.text);
		kj_h(b, "</label></li>");
	}
	kj_h(b, "</ul></fieldset><div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("対応する提言を保存する"));
	kj_h(b, "</button></div></form>");
	free(open);
}

int kj_page_plan_measure_answers(struct kj_request *req, struct kj_response *resp)
{
	int64_t pid, items[KJ_EVAL_RECS_MAX];
	int n = 0;
	struct kj_eval_refusal why = { KJ_EVAL_F_OK, "" };
	struct kj_err err;
	struct plan_actor a;
	if (kj_app_id(req->args[0], &pid) < 0)
		return 404;
	for (int i = req->nquery; i < req->nparams && n < KJ_EVAL_RECS_MAX; i++) {
		if (strcmp(req->params[i].name, "item"))
			continue;
		if (kj_app_id(req->params[i].value, &items[n]) < 0) {
			why.fault = KJ_EVAL_F_BAD;
			kj_strlcpy(why.msg, "item: not a recommendation's id", sizeof why.msg);
			return answer_refused(req, resp, &why);
		}
		n++;
	}
	struct kj_plan *p = kj_app_plan_alloc();
	struct kj_plan_refusal pwhy;
	int64_t measure = 0;
	if (!p || kj_app_plan_get(req->st, &req->user, pid, p, &pwhy, &err) < 0) {
		free(p);
		return 500;
	}
	for (int i = 0; !pwhy.fault && i < p->nmeasures; i++)
		if (!strcmp(p->measures[i].key, req->args[1]))
			measure = p->measures[i].id;
	int fault = pwhy.fault;
	free(p);
	if (fault == KJ_PLAN_FORBIDDEN)
		return 403;
	if (fault || !measure)
		return 404;
	kj_plan_actor(req, &a);
	if (kj_app_eval_measure_answers(req->st, &a.actor, measure, items, n, &why, &err) < 0)
		return 500;
	if (why.fault)
		return answer_refused(req, resp, &why);
	char to[64];
	snprintf(to, sizeof to, "/plans/%lld?done=1#measures", (long long)pid);
	return kj_response_redirect(resp, to) < 0 ? 500 : 0;
}
