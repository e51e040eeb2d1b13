/* Surveys of kind other: the owner's use cases; see survey_other.h. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/authz.h"
#include "app/survey_other.h"
#include "base/util.h"
#include "export/other_out.h"
#include "model/corpnum.h"

/* Survey ID of kind other into SV, for its owner; in the caller's transaction. */
static int load_owned(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		      struct kj_survey *sv, struct kj_survey_refusal *why, struct kj_err *err)
{
	int found;
	if (kj_store_survey_get(st, id, sv, &found, err) < 0)
		return -1;
	if (!found || strcmp(sv->kind, "other"))
		return kj_survey_refuse(why, KJ_SURVEY_NOT_FOUND, "no survey %lld of kind other",
			      (long long)id);
	if (!kj_app_survey_owns(actor, sv))
		return kj_survey_refuse(why, KJ_SURVEY_FORBIDDEN, "this survey is outside your reach");
	return 0;
}

static int in_scope(const struct kj_survey *sv, const char *sector)
{
	for (int i = 0; i < sv->nsectors; i++)
		if (!strcmp(sv->sectors[i], sector))
			return 1;
	return 0;
}

/* REQ checked against SV (exactly one of its fields, of SV's kind of
 * respondent); a refusal in WHY. */
static void check_pick(const struct kj_other_pick *req, const struct kj_survey *sv,
		       struct kj_survey_refusal *why)
{
	int given = (req->org && *req->org) + (req->sector && *req->sector) +
		(req->ministry && *req->ministry);
	int ministries = !strcmp(sv->respondent_kind, "ministry");
	if (given != 1)
		kj_survey_refuse(why, KJ_SURVEY_BAD, "give exactly one of --org, --sector or --ministry");
	else if (ministries && !(req->ministry && *req->ministry))
		kj_survey_refuse(why, KJ_SURVEY_BAD, "survey %lld asks ministries: name them with --ministry "
		       "CODE or --ministry all", (long long)sv->id);
	else if (!ministries && req->ministry && *req->ministry)
		kj_survey_refuse(why, KJ_SURVEY_BAD, "survey %lld asks operators: name them with --org or "
		       "--sector", (long long)sv->id);
	else if (req->org && *req->org && !kj_corpnum_valid(req->org))
		kj_survey_refuse(why, KJ_SURVEY_BAD, "--org: not a corporate number (13 digits with a valid "
		       "check digit)");
	else if (req->sector && *req->sector && !in_scope(sv, req->sector))
		kj_survey_refuse(why, KJ_SURVEY_BAD, "--sector: '%.40s' is not a sector of survey %lld",
		       req->sector, (long long)sv->id);
	else if (strcmp(sv->status, "draft"))
		kj_survey_refuse(why, KJ_SURVEY_REFUSED, "survey %lld is %s: its respondents are frozen "
		       "once it opens", (long long)sv->id, sv->status);
}

/* Applies REQ (checked) to SV's picks; *CHANGED how many. */
static int apply_pick(struct kj_store *st, const struct kj_survey *sv,
		      const struct kj_other_pick *req, long *changed,
		      struct kj_survey_refusal *why, struct kj_err *err)
{
	if (req->ministry && *req->ministry) {
		const char *code = strcmp(req->ministry, "all") ? req->ministry : NULL;
		int yes = 1;
		if (code && (strlen(code) >= KJ_MINISTRY_CODE_MAX ||
			     kj_store_ministry_exists(st, code, &yes, err) < 0))
			return strlen(code) >= KJ_MINISTRY_CODE_MAX
				? kj_survey_refuse(why, KJ_SURVEY_BAD, "--ministry: not a ministry code") : -1;
		if (!yes)
			return kj_survey_refuse(why, KJ_SURVEY_BAD, "--ministry: unknown ministry '%s'", code);
		return req->remove ? kj_store_survey_ministry_remove(st, sv->id, code, changed, err)
			: kj_store_survey_ministry_add(st, sv->id, code, changed, err);
	}
	if (req->sector && *req->sector)
		return req->remove ? kj_store_pick_remove(st, sv->id, 0, req->sector, changed, err)
			: kj_store_pick_sector(st, sv->id, sv->fy, req->sector, changed, err);
	int64_t org;
	kj_sector_code sector;
	if (kj_store_pick_find(st, sv->id, req->org, &org, sector, err) < 0)
		return -1;
	if (!org)
		return kj_survey_refuse(why, KJ_SURVEY_BAD, "--org: no operator %s in the registry", req->org);
	if (req->remove)
		return kj_store_pick_remove(st, sv->id, org, NULL, changed, err);
	if (!*sector)
		return kj_survey_refuse(why, KJ_SURVEY_REFUSED, "operator %s is in none of survey %lld's "
			      "sectors", req->org, (long long)sv->id);
	return kj_store_pick_add(st, sv->id, org, sector, changed, err);
}

int kj_app_other_pick(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		      const struct kj_other_pick *req, long *changed,
		      struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*changed = 0;
	struct kj_survey *sv = calloc(1, sizeof *sv);
	if (!sv) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = -1;
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (load_owned(st, actor, survey, sv, why, err) < 0)
		goto rollback;
	if (!why->fault)
		check_pick(req, sv, why);
	if (why->fault)
		goto refused;
	if (apply_pick(st, sv, req, changed, why, err) < 0)
		goto rollback;
	if (why->fault)
		goto refused;
	json_t *d = json_pack("{s:s, s:s?, s:s?, s:s?, s:I}", "op", req->remove ? "remove" : "add",
			      "org", req->org && *req->org ? req->org : NULL,
			      "sector", req->sector && *req->sector ? req->sector : NULL,
			      "ministry", req->ministry && *req->ministry ? req->ministry : NULL,
			      "changed", (json_int_t)*changed);
	if (kj_audit_log_actor(st, actor, "survey.respondents", "survey", survey, d, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	free(sv);
	return 0;
refused:
	rc = 0;
rollback:
	kj_store_rollback(st);
	*changed = 0;
out:
	free(sv);
	return rc;
}

struct collect {
	struct kj_other_view *v;
};

static int add_row(void *ctx, const struct kj_other_respondent *r)
{
	struct kj_other_view *v = ((struct collect *)ctx)->v;
	struct kj_other_counts *c = &v->counts;
	c->respondents++;
	if (!strcmp(r->status, "draft"))
		c->draft++;
	else if (!strcmp(r->status, "submitted"))
		c->submitted++;
	else if (!strcmp(r->status, "returned"))
		c->returned++;
	else
		c->not_started++;
	if (v->nrows < KJ_OTHER_RESPONDENTS_MAX)
		v->rows[v->nrows++] = *r;
	return 0;
}

static int count_question(void *ctx, const struct kj_survey_question *q)
{
	(void)q;
	(*(int *)ctx)++;
	return 0;
}

/* Reads V's respondents and questions; in the caller's transaction. */
static int view_rows(struct kj_store *st, struct kj_other_view *v, struct kj_err *err)
{
	v->rows = calloc(KJ_OTHER_RESPONDENTS_MAX, sizeof *v->rows);
	if (!v->rows) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	struct collect c = { v };
	if (kj_store_other_respondents(st, &v->sv, add_row, &c, err) < 0)
		return -1;
	return kj_store_survey_question_each(st, v->sv.id, count_question, &v->nquestions, err);
}

int kj_app_other_view(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		      struct kj_other_view *v, struct kj_survey_refusal *why,
		      struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	memset(v, 0, sizeof *v);
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	int rc = load_owned(st, actor, id, &v->sv, why, err);
	if (rc == 0 && !why->fault)
		rc = view_rows(st, v, err);
	kj_store_rollback(st);
	if (rc < 0 || why->fault)
		kj_app_other_view_free(v);
	return rc;
}

void kj_app_other_view_free(struct kj_other_view *v)
{
	free(v->rows);
	v->rows = NULL;
	v->nrows = 0;
}

/* The actor's ministry's response to SV, if the actor is a ministry user and
 * the ministry a respondent: its status into STATUS ("" otherwise). */
static int ministry_part(struct kj_store *st, const struct kj_actor *actor,
			 const struct kj_survey *sv, char status[16], struct kj_err *err)
{
	*status = '\0';
	if (!actor->user || actor->user->role != KJ_ROLE_MINISTRY ||
	    strcmp(sv->respondent_kind, "ministry") || !strcmp(sv->status, "draft"))
		return 0;
	int yes;
	struct kj_ministry_response h;
	if (kj_store_ministry_response_head(st, sv->id, actor->user->ministry, &yes, &h, err) < 0)
		return -1;
	if (yes)
		kj_strlcpy(status, h.id ? h.status : "not_started", 16);
	return 0;
}

int kj_app_other_list(struct kj_store *st, const struct kj_actor *actor,
		      struct kj_other_entry *e, int max, int *n, struct kj_err *err)
{
	*n = 0;
	int64_t *ids = calloc(KJ_SURVEY_LIST_MAX, sizeof *ids);
	if (!ids) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int nids, rc = -1, found;
	if (kj_store_begin_read(st, err) < 0)
		goto done;
	if (kj_store_other_ids(st, ids, KJ_SURVEY_LIST_MAX, &nids, err) < 0)
		goto rollback;
	for (int i = 0; i < nids && *n < max; i++) {
		struct kj_other_entry *x = &e[*n];
		if (kj_store_survey_get(st, ids[i], &x->sv, &found, err) < 0 ||
		    ministry_part(st, actor, &x->sv, x->status, err) < 0)
			goto rollback;
		x->owner = found && kj_app_survey_owns(actor, &x->sv);
		if (found && (x->owner || *x->status))
			(*n)++;
	}
	rc = 0;
rollback:
	kj_store_rollback(st);
done:
	free(ids);
	return rc;
}

/* The export's grid: a row per respondent, a column per question. */
struct grid_fill {
	struct kj_grid *g;
	const struct kj_other_view *v;
	int first_q;			/* the column of the first question */
	int row;			/* the row of the last key found */
	int fail;
};

static int q_head(void *ctx, const struct kj_survey_question *q)
{
	struct grid_fill *f = ctx;
	char head[64 + 4 * KJ_QUESTION_TEXT_MAX];
	snprintf(head, sizeof head, "Q%d %s", q->ord, q->text_ja);
	if (q->ord < 1 || f->first_q + q->ord - 1 >= f->g->ncols)
		return 0;
	f->fail |= kj_grid_set(f->g, 0, f->first_q + q->ord - 1, head);
	return 0;
}

static int answer_cell(void *ctx, const char *key, int ord, const char *value)
{
	struct grid_fill *f = ctx;
	if (f->row < 1 || strcmp(f->v->rows[f->row - 1].key, key)) {
		f->row = 0;
		for (int i = 0; i < f->v->nrows && !f->row; i++)
			if (!strcmp(f->v->rows[i].key, key))
				f->row = i + 1;
	}
	if (f->row && ord >= 1 && f->first_q + ord - 1 < f->g->ncols)
		f->fail |= kj_grid_set(f->g, f->row, f->first_q + ord - 1, value);
	return 0;
}

/* The largest question order of SV into *MAX. */
static int max_ord(void *ctx, const struct kj_survey_question *q)
{
	int *m = ctx;
	if (q->ord > *m)
		*m = q->ord;
	return 0;
}

static int build_grid(struct kj_store *st, const struct kj_other_view *v, struct kj_grid *g,
		      struct kj_err *err)
{
	static const char *const heads_op[] = { "法人番号", "事業者名", "分野", "状態", "版" };
	static const char *const heads_min[] = { "省庁コード", "省庁名", "省庁名（英語）", "状態",
						 "版" };
	int ministries = !strcmp(v->sv.respondent_kind, "ministry");
	const char *const *heads = ministries ? heads_min : heads_op;
	int nq = 0;
	if (kj_store_survey_question_each(st, v->sv.id, max_ord, &nq, err) < 0)
		return -1;
	if (kj_grid_init(g, v->nrows + 1, 5 + (nq > 0 ? nq : 1)) < 0) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	struct grid_fill f = { g, v, 5, 0, 0 };
	for (int c = 0; c < 5; c++)
		f.fail |= kj_grid_set(g, 0, c, heads[c]);
	for (int i = 0; i < v->nrows; i++) {
		const struct kj_other_respondent *r = &v->rows[i];
		char ver[16];
		snprintf(ver, sizeof ver, "%d", r->versions);
		f.fail |= kj_grid_set(g, i + 1, 0, r->key) | kj_grid_set(g, i + 1, 1, r->name) |
			kj_grid_set(g, i + 1, 2, ministries ? r->name_en : r->sector) |
			kj_grid_set(g, i + 1, 3, r->status) | kj_grid_set(g, i + 1, 4, ver);
	}
	if (kj_store_survey_question_each(st, v->sv.id, q_head, &f, err) < 0 ||
	    kj_store_other_answers(st, &v->sv, answer_cell, &f, err) < 0)
		return -1;
	if (f.fail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	return 0;
}

int kj_app_other_export(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			FILE *f, const char *path, struct kj_survey_refusal *why,
			struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct kj_other_view *v = calloc(1, sizeof *v);
	struct kj_grid g = { 0, 0, NULL };
	if (!v) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = -1;
	if (kj_store_begin_read(st, err) < 0)
		goto out;
	if (load_owned(st, actor, id, &v->sv, why, err) < 0 || (!why->fault &&
	    (view_rows(st, v, err) < 0 || build_grid(st, v, &g, err) < 0))) {
		kj_store_rollback(st);
		goto out;
	}
	kj_store_rollback(st);
	if (why->fault) {
		rc = 0;
		goto out;
	}
	if (path)
		rc = kj_grid_write_xlsx(path, "回答", &g, err);
	else if ((rc = kj_grid_write_csv(f, &g)) < 0)
		kj_err_set(err, "cannot write the CSV");
out:
	kj_grid_free(&g);
	kj_app_other_view_free(v);
	free(v);
	return rc;
}
