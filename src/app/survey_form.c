/*
 * The offline form's use cases; see survey_form.h. The form is built from
 * the questionnaire as kj_app_questionnaire_load reads it, so the form, the
 * pages and the API show the same questions and answers; an import
 * (survey_form_import.c) is checked against the form as it would be written
 * now (kj_form_build, model/survey_form.c) before kj_app_answers_save writes
 * anything.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/survey_form.h"
#include "app/survey_form_priv.h"
#include "base/util.h"
#include "export/form_csv.h"
#include "export/form_xlsx.h"
#include "store/store_survey_form.h"
#include "store/store_users.h"

int kj_app_form_format(const char *s, enum kj_form_format *f)
{
	if (!s)
		return -1;
	if (!strcmp(s, "xlsx"))
		*f = KJ_FORM_XLSX;
	else if (!strcmp(s, "csv"))
		*f = KJ_FORM_CSV;
	else if (!strcmp(s, "csv-cp932"))
		*f = KJ_FORM_CSV_CP932;
	else
		return -1;
	return 0;
}

static void refuse(struct kj_answer_refusal *why, enum kj_survey_fault fault, const char *ja,
		   const char *en)
{
	why->fault = fault;
	snprintf(why->msg_ja, sizeof why->msg_ja, "%s", ja);
	snprintf(why->msg, sizeof why->msg, "%s", en);
}

int kj_app_form_org(struct kj_store *st, const char *corporate_number, int64_t *org,
		    struct kj_answer_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*org = 0;
	if (kj_store_org_by_corpnum(st, corporate_number, org, err) < 0)
		return -1;
	if (!*org) {
		why->fault = KJ_SURVEY_NOT_FOUND;
		snprintf(why->msg, sizeof why->msg, "no organisation with corporate number '%.20s'",
			 corporate_number);
		snprintf(why->msg_ja, sizeof why->msg_ja, "法人番号 %.20s の事業者はありません",
			 corporate_number);
	}
	return 0;
}

/* --- the form of a questionnaire ------------------------------------------ */


/* Last year's answer as column H shows it: a static text or IT's, or, for
 * N/A with its reason, written into the next of B's texts (*USED of them). */
static const char *last_text(const struct kj_q_item *it, struct kj_form_built *b, int *used)
{
	if (!it->has_last)
		return "";
	if (it->requirement < 0)
		return it->last.value;
	if (it->last.level != KJ_LEVEL_NA)
		return kj_form_level_choice(it->last.level);
	char *out = b->lasts[(*used)++];
	snprintf(out, KJ_FORM_LAST_BYTES, "該当なし（%s）", it->last.na_reason);
	return out;
}

void kj_form_built_free(struct kj_form_built *b)
{
	free(b->rows);
	free(b->lasts);
	b->rows = NULL;
	b->lasts = NULL;
}

/* An own question's stored value as its cell shows it. */
static const char *question_cell(const struct kj_q_item *it)
{
	if (it->kind == KJ_Q_YESNO)
		return !strcmp(it->now.value, "yes") ? "はい"
		       : !strcmp(it->now.value, "no") ? "いいえ" : it->now.value;
	return it->now.value;
}

/* Q's form into B (its rows allocated: kj_form_built_free). */
int kj_form_build(const struct kj_questionnaire *q, struct kj_form_built *b)
{
	memset(b, 0, sizeof *b);
	/* Every field of each row is set below: no need to clear them first. */
	b->rows = malloc((q->nitems ? (size_t)q->nitems : 1) * sizeof *b->rows);
	/* Room only for the last-year texts that are written out: most are
	 * static, and a form's rows stay small enough not to cost fresh pages
	 * on every form of an import. */
	int nas = 0, used = 0;
	for (int i = 0; i < q->nitems; i++)
		nas += q->items[i].has_last && q->items[i].requirement >= 0 &&
		       q->items[i].last.level == KJ_LEVEL_NA;
	if (nas)
		b->lasts = malloc((size_t)nas * sizeof *b->lasts);
	if (!b->rows || (nas && !b->lasts)) {
		kj_form_built_free(b);
		return -1;
	}
	struct kj_answer_form *f = &b->form;
	f->survey = q->survey.id;
	f->fy = q->survey.fy;
	kj_strlcpy(f->corporate_number, q->corporate_number, sizeof f->corporate_number);
	f->org_name = q->org_name;
	f->title = q->survey.title_ja;
	f->version = q->cat.version ? q->cat.version : q->survey.version;
	f->revision = q->revision;
	f->cat = &q->cat;
	f->rows = b->rows;
	f->nrows = q->nitems;
	for (int i = 0; i < q->nitems; i++) {
		const struct kj_q_item *it = &q->items[i];
		struct kj_form_row *r = &b->rows[i];
		kj_strlcpy(r->item, it->item, sizeof r->item);
		r->question = it->requirement < 0;
		if (!r->question) {
			const struct kj_requirement *req = &q->cat.reqs[it->requirement];
			r->function = req->function >= 0 && req->function < q->cat.nfunctions
				      ? q->cat.functions[req->function].name_ja : "";
			r->text = req->text_ja;
			r->kind = KJ_Q_LEVEL;
			r->choices = "";
			r->required = 1;
			r->answer = kj_form_level_choice(it->now.level);
		} else {
			r->function = "";
			r->text = it->text_ja;
			r->kind = it->kind;
			r->choices = it->choices;
			r->required = it->required;
			r->answer = question_cell(it);
		}
		r->na_reason = r->question ? "" : it->now.na_reason;
		r->note = r->question ? "" : it->now.note;
		r->evidence = r->question ? "" : it->now.evidence;
		r->last = last_text(it, b, &used);
	}
	return kj_form_seal(f);
}

/* Reads PATH whole into *DATA. */
static int slurp(const char *path, char **data, size_t *len, struct kj_err *err)
{
	return kj_read_file(path, KJ_TABLE_FILE_MAX, data, len, err);
}

int kj_app_form_bytes(const struct kj_answer_form *f, enum kj_form_format format, char **data,
		      size_t *len, struct kj_err *err)
{
	*data = NULL;
	*len = 0;
	if (format == KJ_FORM_XLSX) {
		char path[] = "/tmp/kijun-form-XXXXXX";
		int fd = mkstemp(path);
		if (fd < 0) {
			kj_err_set(err, "cannot make a temporary file");
			return -1;
		}
		close(fd);
		int rc = kj_form_write_xlsx(path, f, err);
		if (rc == 0)
			rc = slurp(path, data, len, err);
		unlink(path);
		return rc;
	}
	FILE *m = open_memstream(data, len);
	if (!m) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_form_write_csv(m, f);
	if (fclose(m) != 0)
		rc = -1;
	if (rc < 0) {
		free(*data);
		*data = NULL;
		kj_err_set(err, "cannot write the form");
		return -1;
	}
	if (format == KJ_FORM_CSV_CP932 && kj_csv_to_cp932(data, len, err) < 0) {
		free(*data);
		*data = NULL;
		return -1;
	}
	return 0;
}

int kj_app_form_get(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		    int64_t org, enum kj_form_format format, char **data, size_t *len,
		    char *name, size_t namecap, struct kj_answer_refusal *why,
		    struct kj_err *err)
{
	*data = NULL;
	*len = 0;
	memset(why, 0, sizeof *why);
	if (!org)
		org = kj_app_actor_org(actor);
	if (!org) {
		refuse(why, KJ_SURVEY_BAD, "事業者を指定してください", "name the operator (--org)");
		return 0;
	}
	struct kj_questionnaire *q = kj_questionnaire_new();
	if (!q) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	struct kj_form_built b = { 0 };
	int rc = kj_app_questionnaire_load(st, actor, survey, org, q, why, err);
	if (rc == 0 && why->fault == KJ_SURVEY_OK) {
		rc = kj_form_build(q, &b);
		if (rc < 0)
			kj_err_set(err, "cannot seal the form");
	}
	if (rc == 0 && why->fault == KJ_SURVEY_OK)
		rc = kj_app_form_bytes(&b.form, format, data, len, err);
	if (rc == 0 && why->fault == KJ_SURVEY_OK)
		snprintf(name, namecap, "kijun-survey%lld-%s.%s", (long long)survey,
			 q->corporate_number, format == KJ_FORM_XLSX ? "xlsx" : "csv");
	kj_form_built_free(&b);
	kj_questionnaire_free(q);
	return rc;
}

/* --- the owner's export --------------------------------------------------- */

struct kj_answers_export {
	struct kj_store *st;
	const struct kj_actor *actor;
	int64_t survey;
	int64_t *orgs;
	int norgs;
	/* The answers' pass: the organisation being read and its next item. */
	int at, item;
	struct kj_questionnaire *q;
	int loaded;
	/* Those read in the first pass, for the change log's. */
	struct shown {
		int64_t id;
		char corporate_number[16];
		char *name;
	} *shown;
	int nshown;
	int cat_at;			/* the next one whose change log is read */
	struct kj_change_cursor *changes;
	struct kj_err err;
	int failed;
};

int kj_app_answers_export_open(struct kj_store *st, const struct kj_actor *actor,
			       int64_t survey, struct kj_answers_export **out,
			       struct kj_answer_refusal *why, struct kj_err *err)
{
	struct kj_survey sv;
	int found;
	*out = NULL;
	memset(why, 0, sizeof *why);
	if (kj_store_questionnaire_get(st, survey, &sv, &found, err) < 0)
		return -1;
	if (!found) {
		refuse(why, KJ_SURVEY_NOT_FOUND, "その調査はありません", "no such survey");
		return 0;
	}
	struct kj_answers_export *x = calloc(1, sizeof *x);
	if (!x || !(x->q = kj_questionnaire_new())) {
		free(x);
		kj_err_set(err, "out of memory");
		return -1;
	}
	x->st = st;
	x->actor = actor;
	kj_err_set(&x->err, "out of memory");
	x->survey = survey;
	if (kj_store_survey_responders(st, survey, &x->orgs, &x->norgs, err) < 0 ||
	    !(x->shown = calloc(x->norgs ? (size_t)x->norgs : 1, sizeof *x->shown))) {
		if (!x->shown)
			kj_err_set(err, "out of memory");
		kj_app_answers_export_close(x);
		return -1;
	}
	*out = x;
	return 0;
}

long kj_app_answers_export_responses(const struct kj_answers_export *x)
{
	return x->norgs;
}

void kj_app_answers_export_close(struct kj_answers_export *x)
{
	if (!x)
		return;
	for (int i = 0; i < x->nshown; i++)
		free(x->shown[i].name);
	free(x->shown);
	free(x->orgs);
	kj_store_change_cursor_close(x->changes);
	kj_questionnaire_free(x->q);
	free(x);
}

/* Loads the next organisation the actor may read; 1, 0 at the end, -1. */
static int next_org(struct kj_answers_export *x)
{
	struct kj_answer_refusal why;
	while (x->at < x->norgs) {
		int64_t org = x->orgs[x->at++];
		if (kj_app_questionnaire_load(x->st, x->actor, x->survey, org, x->q, &why,
					      &x->err) < 0)
			return -1;
		if (why.fault != KJ_SURVEY_OK)
			continue;	/* outside the actor's reach: left out */
		struct shown *s = &x->shown[x->nshown];
		s->id = org;
		kj_strlcpy(s->corporate_number, x->q->corporate_number, sizeof s->corporate_number);
		if (!(s->name = strdup(x->q->org_name)))
			return -1;
		x->nshown++;
		x->item = 0;
		return 1;
	}
	return 0;
}

static int next_answer(void *ctx, struct kj_export_answer *a)
{
	struct kj_answers_export *x = ctx;
	for (;;) {
		if (!x->loaded || x->item >= x->q->nitems) {
			int rc = next_org(x);
			if (rc <= 0) {
				x->failed |= rc < 0;
				return rc;
			}
			x->loaded = 1;
		}
		const struct kj_questionnaire *q = x->q;
		const struct kj_q_item *it = &q->items[x->item++];
		int own = it->requirement < 0;
		if (own ? !it->now.value[0] : it->now.level == KJ_LEVEL_NONE)
			continue;	/* not answered */
		*a = (struct kj_export_answer){
			q->corporate_number, q->org_name, q->status, q->versions, it->item,
			own ? it->now.value : kj_level_code(it->now.level),
			own ? "" : kj_level_label_ja(it->now.level),
			it->now.na_reason, it->now.note, it->now.evidence, it->updated_at,
			it->updated_by,
		};
		return 1;
	}
}

static int next_change(void *ctx, struct kj_export_change *c)
{
	struct kj_answers_export *x = ctx;
	struct kj_change_row r;
	for (;;) {
		if (!x->changes) {
			if (x->cat_at >= x->nshown)
				return 0;
			if (kj_store_change_cursor_open(x->st, x->survey, x->shown[x->cat_at].id,
							&x->changes, &x->err) < 0) {
				x->failed = 1;
				return -1;
			}
			x->cat_at++;
		}
		int rc = kj_store_change_cursor_next(x->changes, &r, &x->err);
		if (rc < 0) {
			x->failed = 1;
			return -1;
		}
		if (rc > 0)
			break;
		kj_store_change_cursor_close(x->changes);
		x->changes = NULL;
	}
	const struct shown *s = &x->shown[x->cat_at - 1];
	*c = (struct kj_export_change){ s->corporate_number, s->name, r.item, r.at, r.by,
					r.old_value, r.new_value, r.reason };
	return 1;
}

int kj_app_answers_export_csv(struct kj_answers_export *x, FILE *f, long *rows,
			      struct kj_err *err)
{
	if (kj_answers_write_csv(f, next_answer, next_change, x, rows) < 0) {
		kj_err_set(err, "%s", x->failed ? x->err.msg : "cannot write the CSV");
		return -1;
	}
	return 0;
}

int kj_app_answers_export_xlsx(struct kj_answers_export *x, const char *path, long *rows,
			       struct kj_err *err)
{
	if (kj_answers_write_xlsx(path, next_answer, next_change, x, rows, err) < 0) {
		if (x->failed)
			kj_err_set(err, "%s", x->err.msg);
		return -1;
	}
	return 0;
}
