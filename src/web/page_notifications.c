/*
 * A survey's notifications (issue 12), for those who run the campaign
 * (kj_authz_survey_admin: the NCO, its owner): each notice with its kind,
 * day, status, operator, recipients and subject, newest first, filtered by
 * status and paged; the counts by status; and the notices as CSV (the
 * listed ones, which kijun did not send, are passed on from there). A bad
 * filter answers the page with the message beside its field (400).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "export/csv.h"
#include "store/store_notify.h"
#include "store/store_survey.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

static const char *const statuses[] = { "queued", "sent", "failed", "listed" };
static const char *const status_ja[] = {
	N_("送信待ち"), N_("送信済み"), N_("送信失敗"), N_("未送信（一覧で連絡）"),
};
static const char *const kinds[] = { "invitation", "reminder", "overdue", "returned",
				     "receipt" };
static const char *const kind_ja[] = {
	N_("回答依頼の通知"), N_("期限前の督促"), N_("期限超過の督促"), N_("差戻しの通知"),
	N_("受付完了の通知"),
};

static const char *label(const char *const *keys, const char *const *ja, int n,
			 const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(keys[i], key))
			return ja[i];
	return key;
}

struct notices {
	struct kj_survey sv;
	const char *status;	/* the filter, or NULL */
	long page, total, counts[4];
	struct kj_form form;
};

/* One notice as a table row. */
static int notice_row(void *ctx, const struct kj_notify_row *r)
{
	struct kj_request *req = ((void **)ctx)[0];
	struct kj_buf *b = ((void **)ctx)[1];
	kj_h(b, "<tr><td class=\"num\">");
	kj_h_int(b, r->id);
	kj_h(b, "</td><td>");
	kj_h_text(b, T(label(kinds, kind_ja, 5, r->kind)));
	kj_h(b, "</td><td>");
	kj_h_date(req, b, r->day, 0);
	kj_h(b, "</td><td>");
	kj_h_text(b, T(label(statuses, status_ja, 4, r->status)));
	if (*r->sent_at) {
		kj_h(b, "<br>");
		kj_h_time(req, b, r->sent_at);
	}
	if (*r->error) {
		kj_h(b, "<br><small>");
		kj_h_text(b, r->error);
		kj_h(b, "</small>");
	}
	kj_h(b, "</td><td>");
	kj_h_text(b, *r->org_name ? r->org_name : "-");
	kj_h(b, "</td><td>");
	kj_h_text(b, *r->recipients ? r->recipients : "-");
	kj_h(b, "</td><td>");
	kj_h_text(b, r->subject);
	kj_h(b, "</td></tr>");
	return 0;
}

static int csv_row(void *ctx, const struct kj_notify_row *r)
{
	FILE *f = ctx;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	const char *v[] = { id, r->kind, r->day, r->status, r->corporate_number, r->org_name,
			    r->recipients, r->subject, r->created_at, r->sent_at, r->error,
			    r->body };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (kj_csv_field(f, v[i], i + 1 == sizeof v / sizeof *v) < 0)
			return 1;
	return 0;
}

struct csv_ctx {
	struct kj_store *st;
	const struct notices *n;
};

static int write_csv(FILE *f, void *ctx)
{
	static const char *const head[] = { "id", "kind", "day", "status", "corporate_number",
		"organisation", "recipients", "subject", "created_at", "sent_at", "error", "body" };
	struct csv_ctx *c = ctx;
	struct kj_err err;
	if (kj_csv_begin(f) < 0)
		return -1;
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		if (kj_csv_field(f, head[i], i + 1 == sizeof head / sizeof *head) < 0)
			return -1;
	return kj_store_notify_each(c->st, c->n->sv.id, c->n->status, 0, KJ_NOTIFY_EXPORT_MAX,
				    NULL, csv_row, f, &err) == 0 ? 0 : -1;
}

/* The survey of the path, the actor's reach, the filter and the counts. */
static int load(struct kj_request *req, struct notices *n)
{
	int64_t id;
	int found;
	struct kj_err err;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	if (kj_store_questionnaire_get(req->st, id, &n->sv, &found, &err) < 0)
		return 500;
	if (!found)
		return 404;
	const char *secs[KJ_SURVEY_SECTORS_MAX];
	for (int i = 0; i < n->sv.nsectors; i++)
		secs[i] = n->sv.sectors[i];
	if (!kj_authz_survey_admin(&req->user, n->sv.owner_kind, n->sv.owner_ministry, secs,
				   n->sv.nsectors))
		return 403;
	const char *st = kj_param(req, "status"), *pg = kj_param(req, "page");
	n->status = st && *st ? st : NULL;
	n->page = 1;
	if (n->status && !strcmp(label(statuses, status_ja, 4, n->status), n->status))
		kj_form_error(req, &n->form, "status", N_("状態の指定が正しくありません。"));
	if (pg && kj_parse_long(pg, 1, 100000, &n->page) < 0)
		kj_form_error(req, &n->form, "", N_("ページの指定が正しくありません。"));
	if (n->form.nerrors) {
		n->status = NULL;
		return 0;
	}
	for (int i = 0; i < 4; i++)
		if (kj_store_notify_each(req->st, id, statuses[i], 0, 0, &n->counts[i], NULL, NULL,
					 &err) < 0)
			return 500;
	return kj_store_notify_each(req->st, id, n->status, 0, 0, &n->total, NULL, NULL,
				    &err) < 0 ? 500 : 0;
}

/* The counts by status, the filter and the download. */
static void summary(struct kj_request *req, struct kj_buf *b, const struct notices *n)
{
	kj_h(b, "<ul class=\"counts\">");
	for (int i = 0; i < 4; i++) {
		kj_h(b, "<li>");
		kj_h_text(b, T(status_ja[i]));
		kj_h(b, ": ");
		kj_h_count(b, n->counts[i]);
		kj_h(b, "</li>");
	}
	kj_h(b, "</ul><form class=\"filters\" method=\"get\" action=\"/surveys/");
	kj_h_int(b, n->sv.id);
	kj_h(b, "/notifications\">");
	struct kj_option opts[5] = { { "", N_("すべて") } };
	for (int i = 0; i < 4; i++)
		opts[i + 1] = (struct kj_option){ statuses[i], status_ja[i] };
	const struct kj_field fd = { "status", N_("状態"), NULL, NULL, 0, 0, NULL, NULL };
	kj_form_select(req, b, &n->form, &fd, opts, 5, n->status ? n->status : "");
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("絞り込む"));
	kj_h(b, "</button></div></form><p><a href=\"/surveys/");
	kj_h_int(b, n->sv.id);
	kj_h(b, "/notifications?format=csv");
	if (n->status) {
		kj_h(b, "&amp;status=");
		kj_h_urlpart(b, n->status);
	}
	kj_h(b, "\" download>");
	kj_h_text(b, T("CSV で書き出す（本文を含む）"));
	kj_h(b, "</a></p>");
}

static void pager(struct kj_request *req, struct kj_buf *b, const struct notices *n)
{
	kj_h(b, "<nav class=\"pager\" aria-label=\"");
	kj_h_attr(b, T("ページ送り"));
	kj_h(b, "\">");
	for (int dir = -1; dir <= 1; dir += 2) {
		if ((dir < 0 && n->page == 1) || (dir > 0 && n->page * KJ_NOTIFY_PAGE_ROWS >= n->total))
			continue;
		kj_h(b, "<a href=\"/surveys/");
		kj_h_int(b, n->sv.id);
		kj_h(b, "/notifications?page=");
		kj_h_int(b, n->page + dir);
		if (n->status) {
			kj_h(b, "&amp;status=");
			kj_h_urlpart(b, n->status);
		}
		kj_h(b, dir < 0 ? "\" rel=\"prev\">← " : "\" rel=\"next\">");
		kj_h_text(b, T(dir < 0 ? N_("新しい通知") : N_("古い通知")));
		kj_h(b, dir < 0 ? "</a>" : " →</a>");
	}
	kj_h(b, "</nav>");
}

int kj_page_survey_notifications(struct kj_request *req, struct kj_response *resp)
{
	static const char *const cols[] = { N_("番号"), N_("通知の種類"), N_("通知日"),
					    N_("状態"), N_("事業者"), N_("通知の宛先"),
					    N_("通知の件名") };
	struct notices *n = calloc(1, sizeof *n);
	if (!n)
		return 500;
	n->form.prefix = "f";
	int rc = load(req, n);
	const char *format = kj_param(req, "format");
	if (rc == 0 && format && !n->form.nerrors) {
		struct csv_ctx c = { req->st, n };
		char name[48];
		snprintf(name, sizeof name, "notifications-survey-%lld", (long long)n->sv.id);
		rc = strcmp(format, "csv") ? 400
			: kj_web_send_table(req, resp, "csv", name, n->total, write_csv, NULL, &c);
		free(n);
		return rc;
	}
	if (rc) {
		free(n);
		return rc;
	}
	struct kj_buf *b = &resp->body;
	if (n->form.nerrors)
		resp->status = 400;
	kj_page_begin(req, resp, T("通知の一覧"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("通知の一覧"));
	kj_h(b, "</h1><p>");
	kj_h_fy(req, b, n->sv.fy);
	kj_h(b, " ");
	kj_h_text(b, req->lang == KJ_LANG_EN && *n->sv.title_en ? n->sv.title_en : n->sv.title_ja);
	kj_h(b, "</p><p>");
	kj_h_text(b, T("回答依頼・督促・差戻し・受付完了の通知です。送信は kijun notify send が SMTP "
		       "中継サーバー経由で行います。「未送信（一覧で連絡）」の通知は、メールアドレスが"
		       "ないか中継サーバーがないため送信されていません。CSV で書き出して連絡してください。"));
	kj_h(b, "</p>");
	kj_form_summary(req, b, &n->form);
	summary(req, b, n);
	kj_ui_table_open(req, b, N_("通知（新しい順）"), cols, (int)(sizeof cols / sizeof *cols));
	void *ctx[2] = { req, b };
	struct kj_err err;
	if (!n->form.nerrors &&
	    kj_store_notify_each(req->st, n->sv.id, n->status, (n->page - 1) * KJ_NOTIFY_PAGE_ROWS,
				 KJ_NOTIFY_PAGE_ROWS, NULL, notice_row, ctx, &err) < 0) {
		free(n);
		return 500;
	}
	if (n->total == 0 || n->form.nerrors) {
		kj_h(b, "<tr><td colspan=\"7\">");
		kj_h_text(b, T("該当する通知はありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	pager(req, b, n);
	kj_page_end(req, resp);
	free(n);
	return 0;
}
