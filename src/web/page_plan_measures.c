/*
 * The plan page's measures and actions (page_plan.c): the measures of
 * §2.1.2 by category — while a draft its owner edits, each in a form of its
 * own with its revision, a button to drop it (asked first) and a form to add
 * one; else a table per category — and the workflow's actions the user may
 * take in the plan's state (submit, return with a message, report, start
 * next year's plan).
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/html.h"
#include "web/page_eval.h"
#include "web/page_plan.h"
#include "web/pages.h"
#include "web/ui.h"

static int editable(const struct plan_page *pg)
{
	return (pg->may & (1u << KJ_PLAN_USE_OWN)) && pg->p->state == KJ_PLAN_DRAFT;
}

static void form_open(struct kj_request *req, struct kj_buf *b, const struct kj_plan *p,
		      const char *path, const char *cls)
{
	kj_h(b, "<form class=\"");
	kj_h(b, cls);
	kj_h(b, "\" method=\"post\" action=\"/plans/");
	kj_h_int(b, p->id);
	kj_h(b, "/");
	kj_h(b, path);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"revision\" value=\"");
	kj_h_int(b, p->revision);
	kj_h(b, "\">");
}

static void button(struct kj_request *req, struct kj_buf *b, const char *label_ja)
{
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T(label_ja));
	kj_h(b, "</button></div></form>");
}

static void reqs_text(const struct kj_plan_measure *m, char *out, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < m->nreqs && o + KJ_ID_MAX + 2 < n; i++)
		o += (size_t)snprintf(out + o, n - o, "%s%s", i ? ", " : "", m->reqs[i]);
}

static void status_options(struct kj_option opts[KJ_MEASURE_NSTATUS])
{
	for (int i = 0; i < KJ_MEASURE_NSTATUS; i++)
		opts[i] = (struct kj_option){ kj_measure_status_name(i), kj_measure_status_label_ja(i) };
}

/* One measure's form: its fields, with what a refused save posted. */
static void measure_form(struct kj_request *req, struct kj_buf *b, struct plan_page *pg,
			 const struct kj_plan_measure *m)
{
	char which[KJ_PLAN_KEY_MAX + 16], reqs[KJ_PLAN_REQS_MAX * (KJ_ID_MAX + 2)];
	snprintf(which, sizeof which, "measure:%s", m->key);
	struct kj_form f = { .prefix = m->key };
	if (pg->posted && !strcmp(pg->posted, which))
		f = pg->form, f.prefix = m->key;
	struct kj_option st[KJ_MEASURE_NSTATUS];
	status_options(st);
	reqs_text(m, reqs, sizeof reqs);
	char path[KJ_PLAN_KEY_MAX + 16];
	snprintf(path, sizeof path, "measures/%s", m->key);
	kj_h(b, "<details class=\"measure\"");
	kj_h(b, f.nerrors ? " open" : "");
	kj_h(b, "><summary>");
	kj_h_text(b, m->title);
	kj_h(b, " — ");
	kj_h_text(b, T(kj_measure_status_label_ja(m->status)));
	kj_h(b, "</summary>");
	form_open(req, b, pg->p, path, "stack");
#define V(name, field) kj_plan_posted(req, pg, which, name, field)
	kj_form_input(req, b, &f, &(struct kj_field){ .name = "title", .label_ja = N_("施策名"),
		      .flags = KJ_FIELD_REQUIRED, .maxlength = KJ_PLAN_TITLE_MAX - 1,
		      .autocomplete = "off" }, V("title", m->title));
	kj_form_textarea(req, b, &f, &(struct kj_field){ .name = "description",
			 .label_ja = N_("内容"), .maxlength = KJ_PLAN_FIELD_MAX - 1 },
			 V("description", m->description), 3);
	kj_form_textarea(req, b, &f, &(struct kj_field){ .name = "kpi", .label_ja = N_("目標・KPI"),
			 .maxlength = KJ_PLAN_FIELD_MAX - 1 }, V("kpi", m->kpi), 2);
	kj_form_input(req, b, &f, &(struct kj_field){ .name = "schedule", .label_ja = N_("スケジュール"),
		      .maxlength = KJ_PLAN_SHORT_MAX - 1, .autocomplete = "off" },
		      V("schedule", m->schedule));
	kj_form_input(req, b, &f, &(struct kj_field){ .name = "owner", .label_ja = N_("担当"),
		      .maxlength = KJ_PLAN_SHORT_MAX - 1, .autocomplete = "off" },
		      V("owner", m->owner));
	kj_form_select(req, b, &f, &(struct kj_field){ .name = "status", .label_ja = N_("状況"),
		       .flags = KJ_FIELD_REQUIRED }, st, KJ_MEASURE_NSTATUS,
		       V("status", kj_measure_status_name(m->status)));
	kj_form_textarea(req, b, &f, &(struct kj_field){ .name = "progress",
			 .label_ja = N_("進捗メモ"), .maxlength = KJ_PLAN_FIELD_MAX - 1 },
			 V("progress", m->progress), 2);
	kj_form_input(req, b, &f, &(struct kj_field){ .name = "requirements",
		      .label_ja = N_("関連する対策事項"), .hint_ja = N_("対策事項の番号をカンマで区切って入力（例：3.2.1-1, 3.6.2-1）"),
		      .maxlength = 400, .autocomplete = "off" }, V("requirements", reqs));
#undef V
	button(req, b, N_("施策を保存する"));
	snprintf(path, sizeof path, "measures/%s/drop", m->key);
	form_open(req, b, pg->p, path, "inline");
	button(req, b, N_("この施策を削除する"));
	kj_eval_measure_answers_form(req, b, pg->p, m);	/* issue 14: traceability */
	kj_h(b, "</details>");
}

static void measure_row(struct kj_request *req, struct kj_buf *b, const struct kj_plan_measure *m)
{
	char reqs[KJ_PLAN_REQS_MAX * (KJ_ID_MAX + 2)];
	reqs_text(m, reqs, sizeof reqs);
	const char *cells[] = { m->title, m->kpi, m->schedule, m->owner, NULL, m->progress, reqs };
	kj_h(b, "<tr>");
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		kj_h(b, "<td>");
		kj_h_text(b, cells[i] ? cells[i] : T(kj_measure_status_label_ja(m->status)));
		kj_h(b, "</td>");
	}
	kj_h(b, "</tr>");
}

static void add_form(struct kj_request *req, struct kj_buf *b, struct plan_page *pg)
{
	struct kj_option cats[KJ_PLAN_CATEGORIES];
	char vals[KJ_PLAN_CATEGORIES][4];
	for (int c = 0; c < KJ_PLAN_CATEGORIES; c++) {
		snprintf(vals[c], sizeof vals[c], "%d", c + 1);
		cats[c] = (struct kj_option){ vals[c], req->lang == KJ_LANG_EN ? pg->cat_en[c]
								: pg->cat_ja[c] };
	}
	struct kj_form f = { .prefix = "add" };
	if (pg->posted && !strcmp(pg->posted, "add"))
		f = pg->form, f.prefix = "add";
	kj_h(b, "<h3>");
	kj_h_text(b, T("施策を追加する"));
	kj_h(b, "</h3>");
	form_open(req, b, pg->p, "measures", "stack");
	kj_form_select(req, b, &f, &(struct kj_field){ .name = "category", .label_ja = N_("施策の区分"),
		       .flags = KJ_FIELD_REQUIRED }, cats, KJ_PLAN_CATEGORIES,
		       kj_plan_posted(req, pg, "add", "category", "1"));
	kj_form_input(req, b, &f, &(struct kj_field){ .name = "title", .label_ja = N_("施策名"),
		      .flags = KJ_FIELD_REQUIRED, .maxlength = KJ_PLAN_TITLE_MAX - 1,
		      .autocomplete = "off" }, kj_plan_posted(req, pg, "add", "title", NULL));
	button(req, b, N_("追加する"));
}

void kj_plan_measures(struct kj_request *req, struct kj_buf *b, struct plan_page *pg)
{
	static const char *const cols[] = { N_("施策名"), N_("目標・KPI"), N_("スケジュール"),
					    N_("担当"), N_("状況"), N_("進捗メモ"), N_("関連する対策事項") };
	const struct kj_plan *p = pg->p;
	kj_h(b, "<h2 id=\"measures\">");
	kj_h_text(b, T("取り組むべき施策（2.1.2）"));
	kj_h(b, "</h2>");
	for (int c = 1; c <= KJ_PLAN_CATEGORIES; c++) {
		const char *title = req->lang == KJ_LANG_EN ? pg->cat_en[c - 1] : pg->cat_ja[c - 1];
		kj_h(b, "<h3>(");
		kj_h_int(b, c);
		kj_h(b, ") ");
		kj_h_text(b, title);
		kj_h(b, "</h3>");
		if (!editable(pg))
			kj_ui_table_open(req, b, title, cols, 7);
		for (int i = 0; i < p->nmeasures; i++) {
			if (p->measures[i].category != c)
				continue;
			if (editable(pg))
				measure_form(req, b, pg, &p->measures[i]);
			else
				measure_row(req, b, &p->measures[i]);
		}
		if (!editable(pg))
			kj_h(b, "</tbody></table></div>");
	}
	if (editable(pg))
		add_form(req, b, pg);
}

/* A workflow action's form: a button, and for a return its message. */
static void act_form(struct kj_request *req, struct kj_buf *b, struct plan_page *pg,
		     const char *act, const char *label_ja, const char *note_ja, int message)
{
	struct kj_form f = { .prefix = act };
	if (pg->posted && !strcmp(pg->posted, act))
		f = pg->form, f.prefix = act;
	kj_h(b, "<p>");
	kj_h_text(b, T(note_ja));
	kj_h(b, "</p>");
	form_open(req, b, pg->p, act, "stack");
	if (message)
		kj_form_textarea(req, b, &f, &(struct kj_field){ .name = "message",
				 .label_ja = N_("差戻しの理由"), .flags = KJ_FIELD_REQUIRED,
				 .maxlength = KJ_PLAN_MESSAGE_MAX - 1 },
				 kj_plan_posted(req, pg, act, "message", NULL), 3);
	button(req, b, label_ja);
}

void kj_plan_actions(struct kj_request *req, struct kj_buf *b, struct plan_page *pg)
{
	const struct kj_plan *p = pg->p;
	int submit = (pg->may & (1u << KJ_PLAN_USE_SUBMIT)) && p->state == KJ_PLAN_DRAFT;
	int review = (pg->may & (1u << KJ_PLAN_USE_REPORT)) && p->state == KJ_PLAN_SUBMITTED;
	int copy = (pg->may & (1u << KJ_PLAN_USE_OWN)) && !pg->next;
	if (!submit && !review && !copy)
		return;
	kj_h(b, "<h2 id=\"actions\">");
	kj_h_text(b, T("計画の操作"));
	kj_h(b, "</h2>");
	if (submit)
		act_form(req, b, pg, "submit", N_("国家サイバー統括室に提出する"),
			 N_("提出すると編集できなくなり、その年度の対象事業者が計画に確定します。"), 0);
	if (review) {
		act_form(req, b, pg, "report", N_("戦略本部に報告する"),
			 N_("提出された計画を戦略本部に報告します。"), 0);
		act_form(req, b, pg, "return", N_("差し戻す"),
			 N_("計画を作成者に差し戻し、再び編集できるようにします。"), 1);
	}
	if (copy)
		act_form(req, b, pg, "copy", N_("この計画から次年度の計画を作成する"),
			 N_("構成と施策（キーを含む）を引き継いだ次年度の下書きを作成します。"), 0);
}
