/*
 * One organisation: its record (operators see only their own), the edit
 * form for the NCO and the ministries of its sectors, and the form for a
 * new one. A form is validated by the same rules as an import row
 * (kj_registry_validate), so the two can never disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/org_import.h"
#include "model/registry.h"
#include "store/store_org.h"
#include "store/store_view.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

/* The form fields, in the column names kj_registry_validate knows. */
static const struct {
	const char *name, *label_ja, *type;
	unsigned flags;
	const char *hint_ja;
} fields[] = {
	{ "corporate_number", N_("法人番号"), "text", KJ_FIELD_REQUIRED, N_("13桁の数字") },
	{ "name", N_("名称"), "text", KJ_FIELD_REQUIRED, NULL },
	{ "name_kana", N_("名称カナ"), "text", 0, NULL },
	{ "sectors", N_("分野"), "sectors", KJ_FIELD_REQUIRED, NULL },
	{ "size_class", N_("規模"), "size", KJ_FIELD_REQUIRED, NULL },
	{ "core_infra", N_("基幹インフラ事業者"), "bool", 0, NULL },
	{ "local_government", N_("地方公共団体"), "bool", 0, NULL },
	{ "municipality_code", N_("団体コード"), "text", 0, N_("地方公共団体のみ。6桁の数字") },
	{ "prefecture", N_("都道府県"), "text", KJ_FIELD_REQUIRED, N_("都道府県コード 2桁（例: 13）か名称（例: 東京都）") },
	{ "ceptoar_member", N_("セプター加盟"), "bool", 0, NULL },
	{ "contact_name", N_("担当者"), "text", 0, NULL },
	{ "contact_email", N_("メール"), "email", 0, NULL },
	{ "contact_phone", N_("電話"), "tel", 0, NULL },
	{ "status", N_("状態"), "status", 0, NULL },
	{ "ministries", N_("所管省庁"), "ministries", 0, NULL },
};
#define NFIELDS ((int)(sizeof fields / sizeof fields[0]))

/* The record as form values (sectors joined with ';'). */
static void record_values(const struct kj_org_record *r, char vals[NFIELDS][256])
{
	memset(vals, 0, (size_t)NFIELDS * 256);
	snprintf(vals[0], 256, "%s", r->corporate_number);
	snprintf(vals[1], 256, "%s", r->name_ja);
	snprintf(vals[2], 256, "%s", r->name_kana);
	for (int i = 0; i < r->nsectors; i++) {
		size_t l = strlen(vals[3]);
		snprintf(vals[3] + l, 256 - l, "%s%s", i ? ";" : "", r->sectors[i]);
	}
	snprintf(vals[4], 256, "%s", r->size_class);
	snprintf(vals[5], 256, "%s", r->core_infra ? "yes" : "no");
	snprintf(vals[6], 256, "%s", r->local_gov ? "yes" : "no");
	snprintf(vals[7], 256, "%s", r->municipality_code);
	snprintf(vals[8], 256, "%s", r->prefecture);
	snprintf(vals[9], 256, "%s", r->ceptoar_member ? "yes" : "no");
	snprintf(vals[10], 256, "%s", r->contact_name);
	snprintf(vals[11], 256, "%s", r->contact_email);
	snprintf(vals[12], 256, "%s", r->contact_phone);
	snprintf(vals[13], 256, "%s", r->active ? "active" : "retired");
	for (int i = 0; i < r->nministries; i++) {
		size_t l = strlen(vals[14]);
		snprintf(vals[14] + l, 256 - l, "%s%s", i ? ";" : "", r->ministries[i]);
	}
}

/* True if CODE is one of the ';'-separated codes of LIST. */
static int in_list(const char *list, const char *code)
{
	for (const char *p = list; *p;) {
		size_t l = strcspn(p, ";");
		if (l == strlen(code) && !strncmp(p, code, l))
			return 1;
		p += l + (p[l] == ';');
	}
	return 0;
}

/* The form field of a form column (a group's name is its checkboxes'). */
static const char *field_name(const char *column)
{
	return !strcmp(column, "sectors") ? "sector"
	     : !strcmp(column, "ministries") ? "ministry" : column;
}

static struct kj_field field_of(int i)
{
	const struct kj_field fd = { .name = field_name(fields[i].name),
				     .label_ja = fields[i].label_ja,
				     .hint_ja = fields[i].hint_ja,
				     .type = strcmp(fields[i].type, "text") ? fields[i].type : NULL,
				     .flags = fields[i].flags };
	return fd;
}

/* One checkbox of a group: the first carries the group's id and error attributes. */
static void checkbox(struct kj_buf *b, const struct kj_form *f, const struct kj_field *fd,
		     int first, const char *code, const char *label, int on)
{
	kj_h(b, "<li><input type=\"checkbox\" name=\"");
	kj_h_attr(b, fd->name);
	kj_h(b, "\" value=\"");
	kj_h_attr(b, code);
	kj_h(b, on ? "\" checked" : "\"");
	if (first) {
		kj_form_control_attrs(b, f, fd);
	} else {
		kj_h(b, " id=\"o-");
		kj_h_attr(b, fd->name);
		kj_h(b, "-");
		kj_h_attr(b, code);
		kj_h(b, "\"");
	}
	kj_h(b, "><label for=\"o-");
	kj_h_attr(b, fd->name);
	if (!first) {
		kj_h(b, "-");
		kj_h_attr(b, code);
	}
	kj_h(b, "\">");
	kj_h_text(b, label);
	kj_h(b, "</label></li>");
}

/*
 * The ministries the operator is assigned to: the NCO chooses any; a
 * ministry only its own, and keeps the others' as they are (hidden fields,
 * named in the text).
 */
static void ministries_field(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
			     const struct kj_field *fd, const char *v)
{
	const struct kj_catalog *cat = &req->app->cat;
	const char *own = req->user.role == KJ_ROLE_MINISTRY ? req->user.ministry : NULL;
	const struct kj_field g = { .name = fd->name, .label_ja = fd->label_ja,
		.hint_ja = N_("行政サービスのように複数の省庁が分担する分野では、割り当てられた省庁だけがこの事業者を所管します。") };
	kj_form_group_open(req, b, f, &g);
	kj_h(b, "<ul class=\"checks\">");
	int first = 1;
	for (int m = 0; m < cat->nministries; m++) {
		const char *code = cat->ministries[m].code;
		const char *name = req->lang == KJ_LANG_EN ? cat->ministries[m].name_en
							   : cat->ministries[m].name_ja;
		int on = in_list(v, code);
		if (own && strcmp(own, code)) {
			if (on) {
				kj_h(b, "<li><input type=\"hidden\" name=\"ministry\" value=\"");
				kj_h_attr(b, code);
				kj_h(b, "\">");
				kj_h_text(b, name);
				kj_h(b, "</li>");
			}
			continue;
		}
		checkbox(b, f, &g, first, code, name, on);
		first = 0;
	}
	kj_h(b, "</ul>");
	kj_form_group_close(b);
}

/* The sectors the user may edit, as checkboxes. */
static void sectors_field(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
			  const struct kj_field *fd, const char *v)
{
	const struct kj_catalog *cat = &req->app->cat;
	kj_form_group_open(req, b, f, fd);
	kj_h(b, "<ul class=\"checks\">");
	int first = 1;
	for (int s = 0; s < cat->nsectors; s++) {
		const char *code = cat->sectors[s].code;
		if (!kj_authz_sector(&req->user, KJ_PERM_REGISTRY_EDIT, code))
			continue;
		checkbox(b, f, fd, first, code, kj_ui_sector_name(req, code), in_list(v, code));
		first = 0;
	}
	kj_h(b, "</ul>");
	kj_form_group_close(b);
}

static void org_form(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		     const char *action, const char *vals[NFIELDS], int new_org)
{
	static const struct kj_option sizes[] = {
		{ "large", N_("大規模") }, { "medium", N_("中規模") }, { "small", N_("小規模・地域") },
	};
	static const struct kj_option yn[] = { { "no", N_("いいえ") }, { "yes", N_("はい") } };
	static const struct kj_option states[] = { { "active", N_("有効") }, { "retired", N_("廃止") } };
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\" novalidate>");
	kj_h_csrf(req, b);
	for (int i = 0; i < NFIELDS; i++) {
		const char *v = vals[i] ? vals[i] : "";
		struct kj_field fd = field_of(i);
		if (!strcmp(fields[i].type, "ministries"))
			ministries_field(req, b, f, &fd, v);
		else if (!strcmp(fields[i].type, "sectors"))
			sectors_field(req, b, f, &fd, v);
		else if (!strcmp(fields[i].type, "size"))
			kj_form_select(req, b, f, &fd, sizes, 3, v);
		else if (!strcmp(fields[i].type, "bool"))
			kj_form_select(req, b, f, &fd, yn, 2, *v ? v : "no");
		else if (!strcmp(fields[i].type, "status"))
			kj_form_select(req, b, f, &fd, states, 2, *v ? v : "active");
		else if (i == 0 && !new_org) {
			kj_h(b, "<input type=\"hidden\" name=\"corporate_number\" value=\"");
			kj_h_attr(b, v);
			kj_h(b, "\">");
		} else
			kj_form_input(req, b, f, &fd, v);
	}
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T(new_org ? N_("登録する") : N_("保存する")));
	kj_h(b, "</button></div></form>");
}

/* The record as a list (left open: show_times closes it). */
static void show_record(struct kj_request *req, struct kj_buf *b,
			const struct kj_org_record *r)
{
	kj_h(b, "<dl class=\"meta\">");
	const char *vals[][2] = {
		{ N_("法人番号"), r->corporate_number },
		{ N_("名称カナ"), r->name_kana },
		{ N_("規模"), kj_ui_size_label(req, r->size_class) },
		{ N_("都道府県"), kj_ui_prefecture_name(req, r->prefecture) },
		{ N_("基幹インフラ事業者"), T(r->core_infra ? N_("はい") : N_("いいえ")) },
		{ N_("地方公共団体"), T(r->local_gov ? N_("はい") : N_("いいえ")) },
		{ N_("団体コード"), r->municipality_code },
		{ N_("セプター加盟"), T(r->ceptoar_member ? N_("はい") : N_("いいえ")) },
		{ N_("担当者"), r->contact_name },
		{ N_("メール"), r->contact_email },
		{ N_("電話"), r->contact_phone },
		{ N_("状態"), T(r->active ? N_("有効") : N_("廃止")) },
	};
	kj_h(b, "<dt>");
	kj_h_text(b, T("分野"));
	kj_h(b, "</dt><dd>");
	for (int k = 0; k < r->nsectors; k++) {
		if (k)
			kj_h(b, "、");
		kj_h_text(b, kj_ui_sector_name(req, r->sectors[k]));
	}
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("所管省庁"));
	kj_h(b, "</dt><dd>");
	for (int k = 0; k < r->nministries; k++) {
		if (k)
			kj_h(b, "、");
		kj_h_text(b, kj_ui_ministry_name(req, r->ministries[k]));
	}
	if (!r->nministries)
		kj_h(b, "—");
	kj_h(b, "</dd>");
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		kj_h(b, "<dt>");
		kj_h_text(b, T(vals[i][0]));
		kj_h(b, "</dt><dd>");
		kj_h_text(b, vals[i][1] && *vals[i][1] ? vals[i][1] : "—");
		kj_h(b, "</dd>");
	}
}

/* When the record was registered and changed, closing the record's list:
 * dates in the user's calendar, times in JST; then the changes. */
static void show_times(struct kj_request *req, struct kj_buf *b, int64_t id)
{
	struct kj_org_times t;
	struct kj_err err;
	int found;
	if (kj_store_org_times(req->st, id, &t, &found, &err) < 0 || !found) {
		kj_h(b, "</dl>");
		return;
	}
	kj_h(b, "<dt>");
	kj_h_text(b, T("登録日"));
	kj_h(b, "</dt><dd>");
	kj_h_time(req, b, t.created);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("最終更新"));
	kj_h(b, "</dt><dd>");
	kj_h_time(req, b, t.updated);
	kj_h(b, "</dd></dl>");
	if (!t.nchanges)
		return;
	kj_h(b, "<h2>");
	kj_h_text(b, T("変更履歴"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("変更の回数"));
	kj_h(b, ": ");
	kj_h_count(b, t.nchanges_all);
	kj_h(b, "</p><ul>");
	for (int i = 0; i < t.nchanges; i++) {
		kj_h(b, "<li>");
		kj_h_time(req, b, t.changes[i]);
		kj_h(b, "</li>");
	}
	kj_h(b, "</ul>");
}

/* Loads organisation ARGS[0] if the user may see it; 0 ok, else a status. */
static int load_visible(struct kj_request *req, int64_t *id, struct kj_org_record *r)
{
	int64_t v;
	struct kj_err err;
	int found;
	if (kj_parse_id(req->args[0], &v) < 0)
		return 404;
	if (kj_store_org_get(req->st, v, r, &found, &err) < 0)
		return 500;
	struct kj_object obj = { v, (const kj_sector_code *)r->sectors, r->nsectors,
				 (const char (*)[16])r->ministries, r->nministries };
	if (!found || !kj_authz_object(&req->user, KJ_PERM_REGISTRY_READ, &obj))
		return 404;
	*id = v;
	return 0;
}

/*
 * The errors of a form: the same checks as an import row, each beside its
 * field (the row error's column is the field's name), no row number.
 */
static void form_errors(struct kj_request *req, struct kj_form *f,
			const struct kj_import_result *bad, const char *error_ja)
{
	if (error_ja)
		kj_form_error(req, f, "", error_ja);
	for (int i = 0; bad && i < bad->nerrors && i < KJ_IMPORT_ERRORS_MAX; i++) {
		const struct kj_row_error *e = &bad->errors[i];
		const char *field = "";
		for (int k = 0; k < NFIELDS; k++)
			if (!strcmp(fields[k].name, e->column))
				field = field_name(fields[k].name);
		kj_form_error_text(f, field, req->lang == KJ_LANG_EN ? e->reason_en : e->reason_ja);
	}
}

static void page(struct kj_request *req, struct kj_response *resp, int64_t id,
		 const struct kj_org_record *r, const struct kj_import_result *bad,
		 const char *vals[NFIELDS], const char *error_ja)
{
	struct kj_buf *b = &resp->body;
	struct kj_form f = { .prefix = "o" };
	form_errors(req, &f, bad, error_ja);
	kj_page_begin(req, resp, r ? r->name_ja : T("事業者の登録"));
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/registry\">");
	kj_h_text(b, T("事業者の登録簿"));
	kj_h(b, "</a></li></ol></nav><h1>");
	kj_h_text(b, r ? r->name_ja : T("事業者の登録"));
	kj_h(b, "</h1>");
	if (!f.nerrors && kj_param(req, "created"))
		kj_form_done(req, b, N_("登録しました。"));
	else if (!f.nerrors && kj_param(req, "saved"))
		kj_form_done(req, b, N_("変更を保存しました。"));
	kj_form_summary(req, b, &f);
	if (r) {
		show_record(req, b, r);
		show_times(req, b, id);
	}
	if (r && id == req->user.org_id && kj_authz_allow(&req->user, KJ_PERM_ORG_CONTACT_EDIT)) {
		kj_h(b, "<p><a href=\"/organisation/contact\">");
		kj_h_text(b, T("セキュリティ担当者の連絡先を変更する"));
		kj_h(b, "</a></p>");
	}
	int editable = r ? kj_ui_may_edit_org(req, r)
			 : kj_authz_allow(&req->user, KJ_PERM_REGISTRY_EDIT);
	if (editable) {
		char action[64], own[NFIELDS][256];
		const char *v[NFIELDS];
		if (r && !vals) {
			record_values(r, own);
			for (int i = 0; i < NFIELDS; i++)
				v[i] = own[i];
			vals = v;
		}
		kj_h(b, "<h2>");
		kj_h_text(b, T(r ? N_("登録内容を変更") : N_("新しい事業者")));
		kj_h(b, "</h2>");
		if (r)
			snprintf(action, sizeof action, "/registry/%lld", (long long)id);
		else
			snprintf(action, sizeof action, "/registry/new");
		const char *empty[NFIELDS] = { 0 };
		org_form(req, b, &f, action, vals ? vals : empty, r == NULL);
	}
	kj_page_end(req, resp);
}

int kj_page_org(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	struct kj_org_record r;
	int st = load_visible(req, &id, &r);
	if (st)
		return st;
	page(req, resp, id, &r, NULL, NULL, NULL);
	return 0;
}

int kj_page_org_new(struct kj_request *req, struct kj_response *resp)
{
	page(req, resp, 0, NULL, NULL, NULL, NULL);
	return 0;
}

/* Validates the posted form as a one-row table; fills RES. */
#define JOINED_MAX (KJ_ORG_SECTORS * 25 + 1)

#define MJOINED_MAX (KJ_ORG_MINISTRIES * 17 + 1)

/* Joins the values of the form's parameters NAME (at most MAX) with ';'. */
static int join_params(struct kj_request *req, const char *name, int max, char *out,
		       size_t cap)
{
	out[0] = '\0';
	for (int i = 0, n = 0; i < req->nparams; i++) {
		if (strcmp(req->params[i].name, name))
			continue;
		size_t l = strlen(out);
		if (n++ >= max ||
		    snprintf(out + l, cap - l, "%s%s", l ? ";" : "",
			     req->params[i].value) >= (int)(cap - l))
			return -1;
	}
	return 0;
}

/* JOINED (JOINED_MAX bytes) holds the sectors the form's checkboxes name,
 * MJOINED (MJOINED_MAX) the ministries. */
static int form_record(struct kj_request *req, const char *vals[NFIELDS], char *joined,
		       char *mjoined, struct kj_import_result *res, struct kj_err *err)
{
	if (join_params(req, "sector", KJ_ORG_SECTORS, joined, JOINED_MAX) < 0 ||
	    join_params(req, "ministry", KJ_ORG_MINISTRIES, mjoined, MJOINED_MAX) < 0)
		return -1;
	char *hdr[NFIELDS], *row[NFIELDS];
	for (int i = 0; i < NFIELDS; i++) {
		const char *v = !strcmp(fields[i].name, "sectors") ? joined
				: !strcmp(fields[i].name, "ministries") ? mjoined
				: kj_param(req, fields[i].name);
		hdr[i] = (char *)fields[i].name;
		row[i] = (char *)(v ? v : "");
		vals[i] = row[i];
	}
	char **rows[2] = { hdr, row };
	int ncols[2] = { NFIELDS, NFIELDS };
	struct kj_table t = { .rows = rows, .ncols = ncols, .nrows = 2,
			      .encoding = KJ_ENC_UTF8 };
	return kj_registry_validate(&t, &req->app->cat, res, err);
}

static int save(struct kj_request *req, struct kj_response *resp, int64_t id,
		const struct kj_org_record *before)
{
	struct kj_import_result res = { 0 };
	struct kj_err err;
	const char *vals[NFIELDS];
	char joined[JOINED_MAX], mjoined[MJOINED_MAX];
	if (form_record(req, vals, joined, mjoined, &res, &err) < 0) {
		kj_import_result_free(&res);
		resp->status = 400;
		page(req, resp, id, before, NULL, NULL, N_("入力内容を読み取れませんでした。"));
		return 0;
	}
	if (res.nerrors || res.nrecords != 1) {
		resp->status = 400;
		page(req, resp, id, before, &res, vals,
		     res.nerrors ? NULL : N_("入力内容を確認してください。"));
		kj_import_result_free(&res);
		return 0;
	}
	struct kj_org_saved saved;
	char name[KJ_LOGIN_MAX + 8], loc[64];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	if (kj_app_org_save(req->st, &actor, res.records, 1, before ? id : KJ_ORG_NEW, &saved,
			    &err) < 0) {
		kj_import_result_free(&res);
		return 500;
	}
	if (saved.refused) {
		resp->status = 400;
		page(req, resp, id, before, &res, vals, kj_org_refusal_ja(saved.reason));
		kj_import_result_free(&res);
		return 0;
	}
	kj_import_result_free(&res);
	snprintf(loc, sizeof loc, "/registry/%lld?%s=1", (long long)saved.first_id,
		 before ? "saved" : "created");
	return kj_response_redirect(resp, loc) ? 500 : 0;
}

int kj_page_org_save(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	struct kj_org_record r;
	int st = load_visible(req, &id, &r);
	if (st)
		return st;
	if (!kj_ui_may_edit_org(req, &r))
		return 403;
	return save(req, resp, id, &r);
}

int kj_page_org_create(struct kj_request *req, struct kj_response *resp)
{
	return save(req, resp, 0, NULL);
}
