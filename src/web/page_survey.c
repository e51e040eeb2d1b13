/*
 * One survey campaign (/surveys/{id}): its head, its life (who opened,
 * closed or extended it, when, from the audit trail), its progress by
 * sector, ministry and prefecture with response rates and overdue counts,
 * and the chase list (the respondents not submitted) with its filters,
 * pages and downloads; and its own questions (page_survey_questions.c).
 * The owner's actions (open, close, extend) are forms posting to
 * page_survey_actions.c. The figures come from the counts kept
 * as responses change (app/survey_progress.c), not from counting responses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "app/survey_progress.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_survey.h"
#include "web/pages.h"
#include "web/ui.h"

const char *kj_ui_survey_status(const struct kj_request *req, const char *status)
{
	if (!strcmp(status, "draft"))
		return T("下書き");
	if (!strcmp(status, "open"))
		return T("実施中");
	return T("終了");
}

const char *kj_ui_response_status(const struct kj_request *req, const char *status)
{
	if (!strcmp(status, "draft"))
		return T("回答中");
	if (!strcmp(status, "submitted"))
		return T("提出済み");
	if (!strcmp(status, "returned"))
		return T("差戻し");
	return T("未着手");
}

const char *kj_ui_survey_title(const struct kj_request *req, const struct kj_survey *sv)
{
	return req->lang == KJ_LANG_EN && sv->title_en[0] ? sv->title_en : sv->title_ja;
}

void kj_ui_survey_owner(struct kj_request *req, struct kj_buf *b, const struct kj_survey *sv)
{
	if (!strcmp(sv->owner_kind, "ministry"))
		kj_h_text(b, kj_ui_ministry_name(req, sv->owner_ministry));
	else if (!strcmp(sv->owner_kind, "surveyor"))
		kj_h_text(b, T("調査実施機関（IPA）"));
	else
		kj_h_text(b, T("国家サイバー統括室"));
}

void kj_ui_rate(struct kj_buf *b, long part, long whole)
{
	char t[32];
	if (whole <= 0) {
		kj_h(b, "—");	/* no respondents: no rate, rather than 0 % */
		return;
	}
	snprintf(t, sizeof t, "%.1f%%", 100.0 * (double)part / (double)whole);
	kj_h_text(b, t);
}

/* --- The head and the life of the campaign ------------------------------------ */

static void survey_head(struct kj_request *req, struct kj_buf *b, const struct kj_survey_view *v)
{
	const struct kj_survey *sv = &v->sv;
	kj_h(b, "<dl class=\"meta\">");
	kj_ui_dt(req, b, N_("年度"));
	kj_h_fy(req, b, sv->fy);
	kj_h(b, "</dd>");
	kj_ui_dt(req, b, N_("状態"));
	kj_h(b, "<span class=\"badge\">");
	kj_h_text(b, kj_ui_survey_status(req, sv->status));
	kj_h(b, "</span></dd>");
	kj_ui_dt(req, b, N_("実施主体"));
	kj_ui_survey_owner(req, b, sv);
	kj_h(b, "</dd>");
	kj_ui_dt(req, b, N_("統一基準の版"));
	kj_h_text(b, sv->version[0] ? sv->version : "—");
	kj_h(b, "</dd>");
	kj_ui_dt(req, b, N_("回答期間"));
	kj_h_date(req, b, sv->opens_on, 1);
	kj_h(b, " – ");
	kj_h_date(req, b, sv->closes_on, 1);
	kj_h(b, "</dd>");
	kj_ui_dt(req, b, N_("対象分野"));
	for (int i = 0; i < sv->nsectors; i++) {
		if (i)
			kj_h(b, "、");
		kj_h_text(b, kj_ui_sector_name(req, sv->sectors[i]));
	}
	kj_h(b, "</dd>");
	kj_ui_dt(req, b, N_("回答期限の延長"));
	kj_h_count(b, sv->extensions);
	kj_h(b, "</dd></dl>");
}

static const char *event_label(const char *action)
{
	static const struct { const char *action, *ja; } labels[] = {
		{ "survey.create", N_("作成") }, { "survey.open", N_("開始") },
		{ "survey.close", N_("終了") }, { "survey.extend", N_("回答期限の延長") },
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].action, action))
			return labels[i].ja;
	return NULL;
}

/* Who did what when: the audit trail's entries, or the campaign's own dates. */
static void survey_life(struct kj_request *req, struct kj_buf *b, const struct kj_survey_view *v)
{
	static const char *const cols[] = { N_("日時"), N_("操作"), N_("実行者") };
	kj_h(b, "<h2>");
	kj_h_text(b, T("経過"));
	kj_h(b, "</h2>");
	kj_ui_table_open(req, b, N_("調査の経過"), cols, 3);
	if (!v->nevents) {
		kj_h(b, "<tr><td>");
		kj_h_time(req, b, v->sv.created_at);
		kj_h(b, "</td><td>");
		kj_h_text(b, T("作成"));
		kj_h(b, "</td><td>—</td></tr>");
	}
	for (int i = 0; i < v->nevents; i++) {
		const struct kj_survey_event *e = &v->events[i];
		const char *label = event_label(e->action);
		kj_h(b, "<tr><td>");
		kj_h_time(req, b, e->at);
		kj_h(b, "</td><td>");
		if (label)
			kj_h_text(b, T(label));
		else
			kj_h_text(b, e->action);
		kj_h(b, "</td><td>");
		kj_h_text(b, e->actor);
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

/* --- The progress ----------------------------------------------------------------- */

void kj_ui_progress_cells(struct kj_buf *b, const struct kj_progress_counts *c)
{
	const long cells[] = { c->respondents, c->not_started, c->draft, c->returned,
			       c->submitted };
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		kj_h(b, "<td class=\"num\">");
		kj_h_count(b, cells[i]);
		kj_h(b, "</td>");
	}
	kj_h(b, "<td class=\"num\">");
	kj_ui_rate(b, c->submitted, c->respondents);
	kj_h(b, "</td><td class=\"num\">");
	kj_h_count(b, c->overdue);
	kj_h(b, "</td>");
}

static const char *const progress_cols[] = {
	N_("区分"), N_("対象"), N_("未着手"), N_("回答中"), N_("差戻し"), N_("提出済み"),
	N_("回答率"), N_("期限超過"),
};

enum group_kind { BY_SECTOR, BY_MINISTRY, BY_PREFECTURE };

static const char *group_name(const struct kj_request *req, enum group_kind k, const char *code)
{
	if (k == BY_SECTOR)
		return kj_ui_sector_name(req, code);
	if (k == BY_MINISTRY)
		return kj_ui_ministry_name(req, code);
	return *code ? kj_ui_prefecture_name(req, code) : T("不明");
}

static void progress_table(struct kj_request *req, struct kj_buf *b, const char *caption_ja,
			   enum group_kind k, const struct kj_progress_group *g, int n)
{
	kj_ui_table_open(req, b, caption_ja, progress_cols, 8);
	for (int i = 0; i < n; i++) {
		kj_h(b, "<tr><th scope=\"row\">");
		kj_h_text(b, group_name(req, k, g[i].code));
		kj_h(b, "</th>");
		kj_ui_progress_cells(b, &g[i].c);
		kj_h(b, "</tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

static void figure(struct kj_request *req, struct kj_buf *b, const char *label_ja, long v)
{
	kj_h(b, "<div><dt>");
	kj_h_text(b, T(label_ja));
	kj_h(b, "</dt><dd>");
	kj_h_count(b, v);
	kj_h(b, "</dd></div>");
}

static void survey_progress(struct kj_request *req, struct kj_buf *b,
			    const struct kj_survey_view *v)
{
	const struct kj_progress *p = &v->p;
	kj_h(b, "<h2 id=\"progress\">");
	kj_h_text(b, T("進捗"));
	kj_h(b, "</h2>");
	if (!strcmp(v->sv.status, "draft")) {
		kj_h(b, "<p>");
		kj_h_text(b, T("調査を開始すると、その年度の対象事業者が回答者として確定し、進捗が表示されます。"));
		kj_h(b, "</p>");
		return;
	}
	if (!v->all) {
		kj_h(b, "<p>");
		kj_h_text(b, T("所管分野の数値のみを表示しています（複数の分野に属する事業者は分野ごとに数えます）。"));
		kj_h(b, "</p>");
	}
	kj_h(b, "<dl class=\"figures\"><div><dt>");
	kj_h_text(b, T("回答率"));
	kj_h(b, "</dt><dd>");
	kj_ui_rate(b, p->total.submitted, p->total.respondents);
	kj_h(b, "</dd></div>");
	figure(req, b, N_("対象"), p->total.respondents);
	figure(req, b, N_("提出済み"), p->total.submitted);
	figure(req, b, N_("回答中"), p->total.draft);
	figure(req, b, N_("差戻し"), p->total.returned);
	figure(req, b, N_("未着手"), p->total.not_started);
	figure(req, b, N_("期限超過"), p->total.overdue);
	kj_h(b, "</dl>");
	progress_table(req, b, N_("分野別の進捗"), BY_SECTOR, p->sectors, p->nsectors);
	if (v->all)
		progress_table(req, b, N_("所管省庁別の進捗（省庁が全体を所管する分野）"),
			       BY_MINISTRY, p->ministries, p->nministries);
	progress_table(req, b, N_("都道府県別の進捗"), BY_PREFECTURE, p->prefectures,
		       p->nprefectures);
}

/* --- The chase list ---------------------------------------------------------------- */

/* The filter's parameters as a query string (after "?"), without the page. */
static void filter_query(struct kj_buf *b, const struct kj_chase_query *q)
{
	const char *keys[] = { "sector", "prefecture", "status", "overdue" };
	const char *vals[] = { q->sector, q->prefecture, q->status, q->overdue };
	int first = 1;
	for (int k = 0; k < 4; k++) {
		if (!vals[k] || !*vals[k])
			continue;
		kj_h(b, first ? "" : "&amp;");
		kj_h(b, keys[k]);
		kj_h(b, "=");
		kj_h_urlpart(b, vals[k]);
		first = 0;
	}
}

static void chase_filters(struct kj_request *req, struct kj_buf *b, const struct survey_page *pg)
{
	const struct kj_survey_view *v = &pg->v;
	struct kj_option secs[KJ_SURVEY_SECTORS_MAX + 1], prefs[KJ_PREFECTURES + 2];
	static const struct kj_option statuses[] = {
		{ "", N_("すべて") }, { "not_started", N_("未着手") }, { "draft", N_("回答中") },
		{ "returned", N_("差戻し") },
	};
	int ns = 0, np = 0;
	secs[ns++] = (struct kj_option){ "", N_("すべて") };
	for (int i = 0; i < v->p.nsectors; i++)
		secs[ns++] = (struct kj_option){ v->p.sectors[i].code,
						 kj_ui_sector_name(req, v->p.sectors[i].code) };
	prefs[np++] = (struct kj_option){ "", N_("すべて") };
	for (int i = 0; i < KJ_PREFECTURES; i++)
		prefs[np++] = (struct kj_option){ req->app->prefs[i].code,
			req->lang == KJ_LANG_EN ? req->app->prefs[i].name_en
						: req->app->prefs[i].name_ja };
	prefs[np++] = (struct kj_option){ "unknown", N_("不明") };
	const struct kj_field fs = { "sector", N_("分野"), NULL, NULL, 0, 0, NULL, NULL };
	const struct kj_field fp = { "prefecture", N_("都道府県"), NULL, NULL, 0, 0, NULL, NULL };
	const struct kj_field ft = { "status", N_("状況"), NULL, NULL, 0, 0, NULL, NULL };
	const struct kj_field fo = { "overdue", N_("回答期限"), NULL, NULL, 0, 0, NULL, NULL };
	static const struct kj_option overdue[] = {
		{ "", N_("すべて") }, { "1", N_("期限超過のみ") },
	};
	kj_form_summary(req, b, &pg->form);
	kj_h(b, "<form class=\"filters\" method=\"get\" action=\"/surveys/");
	kj_h_int(b, v->sv.id);
	kj_h(b, "#chase\">");
	kj_form_select(req, b, &pg->form, &fs, secs, ns, pg->q.sector);
	kj_form_select(req, b, &pg->form, &fp, prefs, np, pg->q.prefecture);
	kj_form_select(req, b, &pg->form, &ft, statuses, 4, pg->q.status);
	kj_form_select(req, b, &pg->form, &fo, overdue, 2, pg->q.overdue);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("絞り込む"));
	kj_h(b, "</button></div></form>");
}

static void chase_row_html(struct kj_request *req, struct kj_buf *b, const struct kj_chase_row *r,
			   const char *today)
{
	kj_h(b, "<tr><td>");
	kj_h_text(b, r->corporate_number);
	kj_h(b, "</td><td><span lang=\"ja\">");
	kj_h_text(b, r->name);
	kj_h(b, "</span></td><td>");
	kj_h_text(b, kj_ui_sector_name(req, r->sector));
	kj_h(b, "</td><td>");
	kj_h_text(b, *r->prefecture ? kj_ui_prefecture_name(req, r->prefecture) : T("不明"));
	kj_h(b, "</td><td>");
	kj_h_text(b, kj_ui_response_status(req, r->status));
	kj_h(b, "</td><td>");
	kj_h_date(req, b, r->closes_on, 0);
	if (r->extended) {
		kj_h(b, " <span class=\"tag\">");
		kj_h_text(b, T("延長"));
		kj_h(b, "</span>");
	}
	if (*r->closes_on && strcmp(today, r->closes_on) > 0) {
		kj_h(b, " <span class=\"tag\">");
		kj_h_text(b, T("期限超過"));
		kj_h(b, "</span>");
	}
	kj_h(b, "</td><td><span lang=\"ja\">");
	kj_h_text(b, r->contact_name);
	kj_h(b, "</span>");
	if (*r->contact_email) {
		kj_h(b, "<br>");
		kj_h_text(b, r->contact_email);
	}
	if (*r->contact_phone) {
		kj_h(b, "<br>");
		kj_h_text(b, r->contact_phone);
	}
	kj_h(b, "</td></tr>");
}

static void chase_pager(struct kj_request *req, struct kj_buf *b, const struct survey_page *pg)
{
	if (pg->page <= 1 && pg->nrows <= KJ_CHASE_PAGE)
		return;
	kj_h(b, "<nav class=\"pager\" aria-label=\"");
	kj_h_attr(b, T("督促リストのページ送り"));
	kj_h(b, "\">");
	for (int dir = -1; dir <= 1; dir += 2) {
		if ((dir < 0 && pg->page == 1) || (dir > 0 && pg->nrows <= KJ_CHASE_PAGE))
			continue;
		kj_h(b, "<a href=\"/surveys/");
		kj_h_int(b, pg->v.sv.id);
		kj_h(b, "?");
		filter_query(b, &pg->q);
		kj_h(b, "&amp;page=");
		kj_h_int(b, pg->page + dir);
		kj_h(b, dir < 0 ? "#chase\" rel=\"prev\">← " : "#chase\" rel=\"next\">");
		kj_h_text(b, T(dir < 0 ? N_("前のページ") : N_("次のページ")));
		kj_h(b, dir < 0 ? "</a>" : " →</a>");
	}
	kj_h(b, "</nav>");
}

static void chase_downloads(struct kj_request *req, struct kj_buf *b, const struct survey_page *pg)
{
	static const char *const ext[] = { "csv", "xlsx" };
	static const char *const label[] = { N_("CSVでダウンロード"), N_("Excel（xlsx）でダウンロード") };
	kj_h(b, "<ul class=\"inline-list\">");
	for (int i = 0; i < 2; i++) {
		kj_h(b, "<li><a href=\"/surveys/");
		kj_h_int(b, pg->v.sv.id);
		kj_h(b, "/chase.");
		kj_h(b, ext[i]);
		kj_h(b, "?");
		filter_query(b, &pg->q);
		kj_h(b, "\" download>");
		kj_h_text(b, T(label[i]));
		kj_h(b, "</a></li>");
	}
	kj_h(b, "</ul>");
}

static void survey_chase(struct kj_request *req, struct kj_buf *b, const struct survey_page *pg)
{
	static const char *const cols[] = {
		N_("法人番号"), N_("名称"), N_("分野"), N_("都道府県"), N_("状況"), N_("回答期限"),
		N_("連絡先"),
	};
	if (!strcmp(pg->v.sv.status, "draft"))
		return;
	kj_h(b, "<h2 id=\"chase\">");
	kj_h_text(b, T("督促リスト（未提出の事業者）"));
	kj_h(b, "</h2>");
	chase_filters(req, b, pg);
	if (pg->form.nerrors)
		return;
	chase_downloads(req, b, pg);
	kj_ui_table_open(req, b, N_("未提出の事業者"), cols, 7);
	for (int i = 0; i < pg->nrows && i < KJ_CHASE_PAGE; i++)
		chase_row_html(req, b, &pg->rows[i], pg->v.today);
	if (!pg->nrows) {
		kj_h(b, "<tr><td colspan=\"7\">");
		kj_h_text(b, T("該当する事業者はありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	chase_pager(req, b, pg);
}

/* --- Load and render ------------------------------------------------------------------ */

void kj_survey_page_free(struct survey_page *pg)
{
	if (pg) {
		free(pg->rows);
		kj_question_list_free(pg->questions);
	}
	free(pg);
}

int kj_survey_page_load(struct kj_request *req, struct survey_page **out)
{
	int64_t id;
	struct kj_err err;
	enum kj_survey_fault fault;
	*out = NULL;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	struct survey_page *pg = calloc(1, sizeof *pg);
	if (!pg || !(pg->rows = calloc(KJ_CHASE_PAGE + 1, sizeof *pg->rows))) {
		kj_survey_page_free(pg);
		return 500;
	}
	pg->form.prefix = "chase";
	pg->act.prefix = "act";
	pg->qform.prefix = "q";
	if (kj_app_survey_view(req->st, &req->user, id, &pg->v, &fault, &err) < 0) {
		kj_survey_page_free(pg);
		return 500;
	}
	if (fault == KJ_SURVEY_OK &&
	    kj_app_survey_questions(req->st, &req->user, id, &pg->questions, &fault, &err) < 0) {
		kj_survey_page_free(pg);
		return 500;
	}
	if (fault != KJ_SURVEY_OK) {
		kj_survey_page_free(pg);
		return 404;
	}
	pg->q = (struct kj_chase_query){ kj_param(req, "sector"), kj_param(req, "prefecture"),
					 kj_param(req, "status"), kj_param(req, "overdue"),
					 kj_param(req, "page") };
	char why[KJ_ERR_MAX];
	const char *field;
	kj_app_chase_filter(&pg->v, &pg->q, &pg->f, &pg->page, &fault, why, &field);
	if (fault != KJ_SURVEY_OK) {
		/* The page number has no field of its own: the summary says it. */
		kj_form_error(req, &pg->form, strcmp(field, "page") ? field : "",
			      N_("絞り込みの指定が正しくありません。"));
		pg->bad = 1;
	} else {
		pg->f.limit = KJ_CHASE_PAGE + 1;	/* one more tells whether a next page exists */
		if (kj_app_survey_chase(req->st, &pg->v, &pg->f, pg->rows, &pg->nrows, &err) < 0) {
			kj_survey_page_free(pg);
			return 500;
		}
	}
	const struct kj_survey *sv = &pg->v.sv;
	const char *secs[KJ_SURVEY_SECTORS_MAX];
	for (int i = 0; i < sv->nsectors; i++)
		secs[i] = sv->sectors[i];
	pg->may_admin = kj_authz_allow(&req->user, KJ_PERM_SURVEY_ADMIN) &&
			kj_authz_survey_admin(&req->user, sv->owner_kind, sv->owner_ministry,
					      secs, sv->nsectors);
	*out = pg;
	return 0;
}

int kj_survey_page_render(struct kj_request *req, struct kj_response *resp,
			  const struct survey_page *pg)
{
	struct kj_buf *b = &resp->body;
	if (pg->bad)
		resp->status = 400;
	kj_page_begin(req, resp, kj_ui_survey_title(req, &pg->v.sv));
	kj_h(b, "<nav class=\"breadcrumbs\" aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><a href=\"/surveys\">");
	kj_h_text(b, T("調査"));
	kj_h(b, "</a></nav><h1>");
	kj_h_text(b, kj_ui_survey_title(req, &pg->v.sv));
	kj_h(b, "</h1>");
	kj_ui_saved_notice(req, b);
	survey_head(req, b, &pg->v);
	survey_progress(req, b, &pg->v);
	survey_chase(req, b, pg);
	kj_survey_questions(req, b, pg);
	if (pg->may_admin)
		kj_survey_actions(req, b, pg);
	survey_life(req, b, &pg->v);
	kj_page_end(req, resp);
	return 0;
}

int kj_page_survey(struct kj_request *req, struct kj_response *resp)
{
	struct survey_page *pg;
	int rc = kj_survey_page_load(req, &pg);
	if (rc)
		return rc;
	rc = kj_survey_page_render(req, resp, pg);
	kj_survey_page_free(pg);
	return rc;
}
