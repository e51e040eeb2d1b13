/*
 * The offline record form of a visit and the CSV of every visit's items;
 * see onsite_visit_form.h. The form is the questionnaire's (kj_form_seal,
 * kj_form_check, the writers of export/form_xlsx.c and form_csv.c) with
 * the kind KJ_FORM_KIND_VISIT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/import_audit.h"
#include "app/onsite_visit_form.h"
#include "base/util.h"
#include "export/csv.h"

/* The self-reported level as column H shows it (static). */
static const char *self_text(const struct kj_visit_item *it)
{
	return it->has_self ? kj_form_level_choice(it->self_level) : "（回答なし）";
}

/* VW's form into F, its rows in ROWS (VW->nitems of them). */
static int build(const struct kj_visit_view *vw, struct kj_form_row *rows, struct kj_answer_form *f)
{
	memset(f, 0, sizeof *f);
	f->kind = KJ_FORM_KIND_VISIT;
	f->survey = vw->v.id;
	f->fy = vw->sv.fy;
	kj_strlcpy(f->corporate_number, vw->v.corporate_number, sizeof f->corporate_number);
	f->org_name = vw->v.org_name;
	f->title = vw->sv.title_ja;
	f->version = vw->sv.version;
	f->revision = vw->v.revision;
	f->rows = rows;
	f->nrows = vw->nitems;
	for (int i = 0; i < vw->nitems; i++) {
		const struct kj_visit_item *it = &vw->items[i];
		struct kj_form_row *r = &rows[i];
		memset(r, 0, sizeof *r);
		kj_strlcpy(r->item, it->code, sizeof r->item);
		r->function = it->function;
		r->text = it->text;
		r->kind = KJ_Q_LEVEL;
		r->choices = "";
		r->answer = kj_form_level_choice(it->recorded ? it->verified : KJ_LEVEL_NONE);
		r->na_reason = it->na_reason;
		r->note = it->findings;
		r->evidence = it->evidence;
		r->last = self_text(it);
	}
	return kj_form_seal(f);
}

static int refused(struct kj_visit_refusal *why, enum kj_visit_fault fault, const char *ja,
		   const char *en)
{
	why->fault = fault;
	kj_strlcpy(why->msg_ja, ja, sizeof why->msg_ja);
	kj_strlcpy(why->msg, en, sizeof why->msg);
	return 0;
}

int kj_app_visit_form_get(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			  enum kj_form_format format, char **data, size_t *len, char *name,
			  size_t namecap, struct kj_visit_refusal *why, struct kj_err *err)
{
	struct kj_visit_view *vw;
	struct kj_answer_form f;
	*data = NULL;
	*len = 0;
	if (kj_app_visit_load(st, actor, visit, &vw, why, err) < 0 || why->fault)
		return why->fault ? 0 : -1;
	int rc = 0;
	struct kj_form_row *rows = calloc(vw->nitems ? (size_t)vw->nitems : 1, sizeof *rows);
	if (!(vw->may & (1u << KJ_VISIT_RECORD))) {
		refused(why, KJ_VISIT_FORBIDDEN, "この訪問を記録する権限がありません",
			"you may not record this visit");
	} else if (!rows || build(vw, rows, &f) < 0) {
		kj_err_set(err, "out of memory");
		rc = -1;
	} else {
		rc = kj_app_form_bytes(&f, format, data, len, err);
		snprintf(name, namecap, "kijun-visit%lld-%s.%s", (long long)visit,
			 vw->v.corporate_number, format == KJ_FORM_XLSX ? "xlsx" : "csv");
	}
	free(rows);
	kj_app_visit_view_free(vw);
	return rc;
}

/* The table row of ITEM in C, or 0. */
static int row_of(const struct kj_form_check *c, const char *item)
{
	for (int i = 0; item && i < c->nanswers; i++)
		if (!strcmp(c->answers[i].item, item))
			return c->answers[i].row;
	return 0;
}

/* Records C's answers; a refusal of the record becomes a bad cell of OUT. */
static int write_checked(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			 const struct kj_form_check *c, struct kj_form_import *out,
			 struct kj_visit_refusal *why, struct kj_err *err)
{
	struct kj_visit_entry *e = calloc(c->nanswers ? (size_t)c->nanswers : 1, sizeof *e);
	long rev;
	if (!e) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	for (int i = 0; i < c->nanswers; i++)
		e[i] = (struct kj_visit_entry){ c->answers[i].item, c->answers[i].level,
						c->answers[i].na_reason, c->answers[i].note,
						c->answers[i].evidence };
	int rc = kj_app_visit_record_tx(st, actor, visit, c->id.revision, e, c->nanswers, &rev,
					why, err);
	free(e);
	if (rc < 0 || why->fault == KJ_VISIT_OK) {
		out->revision = rev;
		return rc;
	}
	if (why->fault == KJ_VISIT_BAD || why->fault == KJ_VISIT_CONFLICT) {
		int cap = 0, row = why->fault == KJ_VISIT_BAD ? row_of(c, why->field) : 0;
		char cell[16], ja[KJ_ERR_MAX + 32], en[KJ_ERR_MAX + 32];
		kj_form_cell(row, row ? KJ_FC_LEVEL : 1, cell);
		snprintf(ja, sizeof ja, "セル %s: %s", cell, why->msg_ja);
		snprintf(en, sizeof en, "cell %s: %s", cell, why->msg);
		out->outcome = KJ_IMPORT_BAD_ROWS;
		if (kj_row_error_add(&out->errors, &out->nerrors, &cap, row + 1, cell, ja, en) < 0) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		memset(why, 0, sizeof *why);
	}
	return 0;
}

/* Records C and the import's audit entry in one transaction. */
static int write_form(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
		      const struct kj_form_check *c, const char *data, size_t len,
		      struct kj_form_import *out, struct kj_visit_refusal *why, struct kj_err *err)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)visit);
	struct kj_import_summary sum = { .action = "onsite.form.import",
					 .object_type = "onsite_visit", .object_id = id,
					 .accepted = 1 };
	kj_import_digest(&sum, data, len);
	if (kj_store_begin(st, err) < 0)
		return -1;
	int rc = write_checked(st, actor, visit, c, out, why, err);
	if (rc == 0 && !why->fault && out->outcome == KJ_IMPORT_DONE)
		rc = kj_import_audit(st, actor, &sum, err);
	if (rc == 0 && !why->fault && out->outcome == KJ_IMPORT_DONE)
		return kj_store_commit(st, err);
	kj_store_rollback(st);
	return rc;
}

int kj_app_visit_form_import(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			     const char *data, size_t len, struct kj_form_import *out,
			     struct kj_visit_refusal *why, struct kj_err *err)
{
	struct kj_table t = { 0 };
	struct kj_form_check c = { 0 };
	struct kj_visit_view *vw = NULL;
	struct kj_form_row *rows = NULL;
	struct kj_answer_form want;
	int rc = 0;
	memset(out, 0, sizeof *out);
	memset(why, 0, sizeof *why);
	out->outcome = KJ_IMPORT_DONE;
	if (kj_import_read(&t, data, len, &out->outcome, out->detail, sizeof out->detail) < 0)
		return 0;
	if ((rc = kj_app_visit_load(st, actor, visit, &vw, why, err)) < 0 || why->fault)
		goto out;
	if (!(vw->may & (1u << KJ_VISIT_RECORD))) {
		refused(why, KJ_VISIT_FORBIDDEN, "この訪問を記録する権限がありません",
			"you may not record this visit");
		goto out;
	}
	if (!strcmp(vw->v.state, "issued")) {
		refused(why, KJ_VISIT_CONFLICT, "報告済みの訪問は変更できません",
			"the visit is issued: it cannot change");
		goto out;
	}
	rows = calloc(vw->nitems ? (size_t)vw->nitems : 1, sizeof *rows);
	if (!rows || build(vw, rows, &want) < 0 || kj_form_check(&want, &t, 0, &c) < 0) {
		kj_err_set(err, "out of memory");
		rc = -1;
		goto out;
	}
	if (c.nerrors) {
		out->outcome = KJ_IMPORT_BAD_ROWS;
		out->errors = c.errors;
		out->nerrors = c.nerrors;
		c.errors = NULL;
		goto out;
	}
	rc = write_form(st, actor, visit, &c, data, len, out, why, err);
	out->changed = rc == 0 && out->outcome == KJ_IMPORT_DONE && out->revision != c.id.revision;
	out->org = vw->v.org;
out:
	kj_form_check_free(&c);
	free(rows);
	kj_app_visit_view_free(vw);
	kj_table_free(&t);
	return rc;
}

static const char *const csv_heads[] = {
	"訪問", "法人番号", "事業者名", "訪問日", "状態", "項目", "自己申告の水準", "確認した水準",
	"該当なしの理由", "指摘事項", "確認した証跡", "記録日時", "是正措置", "完了予定日",
};
#define NCSV ((int)(sizeof csv_heads / sizeof csv_heads[0]))

static int csv_row(FILE *f, const char *const *cells)
{
	for (int i = 0; i < NCSV; i++)
		if (kj_csv_field(f, cells[i] ? cells[i] : "", i == NCSV - 1) < 0)
			return -1;
	return 0;
}

static int csv_visit(FILE *f, const struct kj_visit_view *vw, long *rows)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)vw->v.id);
	for (int i = 0; i < vw->nitems; i++) {
		const struct kj_visit_item *it = &vw->items[i];
		const char *cells[NCSV] = {
			id, vw->v.corporate_number, vw->v.org_name, vw->v.visit_on, vw->v.state,
			it->code, it->has_self ? kj_level_code(it->self_level) : "",
			it->recorded ? kj_level_code(it->verified) : "", it->na_reason, it->findings,
			it->evidence, it->recorded_at, it->action, it->due_on,
		};
		if (csv_row(f, cells) < 0)
			return -1;
		(*rows)++;
	}
	return 0;
}

int kj_app_visit_items_csv(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			   FILE *f, long *rows, struct kj_err *err)
{
	struct kj_visit *heads = calloc(KJ_VISIT_LIST_MAX, sizeof *heads);
	int n = 0, rc = -1;
	*rows = 0;
	if (!heads) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_app_visit_list(st, actor, survey, 0, heads, KJ_VISIT_LIST_MAX, &n, err) < 0)
		goto out;
	if (kj_csv_begin(f) < 0 || csv_row(f, csv_heads) < 0) {
		kj_err_set(err, "cannot write the CSV");
		goto out;
	}
	rc = 0;
	for (int i = n - 1; rc == 0 && i >= 0; i--) {
		struct kj_visit_view *vw;
		struct kj_visit_refusal why;
		rc = kj_app_visit_load(st, actor, heads[i].id, &vw, &why, err);
		if (rc < 0 || why.fault)
			continue;
		if (csv_visit(f, vw, rows) < 0) {
			kj_err_set(err, "cannot write the CSV");
			rc = -1;
		}
		kj_app_visit_view_free(vw);
	}
out:
	free(heads);
	return rc;
}
