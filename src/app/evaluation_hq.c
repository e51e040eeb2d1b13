/*
 * The HQ evaluation's findings and recommendations, and traceability: the
 * plan measures of the next year that answer a recommendation (see
 * evaluation.h). A recommendation of FY N addressed to a sector is answered
 * by measures of that sector's plans of FY N + 1 (whichever ministry's);
 * one addressed to the NCO by measures of the cross-sector plan of FY N + 1.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "app/evaluation.h"
#include "app/evaluation_priv.h"
#include "app/plan.h"
#include "app/plan_priv.h"
#include "base/util.h"
#include "store/store_plan.h"

int kj_app_eval_item_add(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			 const char *kind, const char *category, const char *addressee,
			 const char *text, int64_t *item, struct kj_eval_refusal *why,
			 struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*item = 0;
	struct kj_hq_item it = { 0 };
	int k = kj_item_kind_parse(kind), c = kj_item_category_parse(category ? category : "general");
	const char *m;
	if (k < 0)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "kind: finding or recommendation");
	if (c < 0)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "category: general, organisation or "
					  "budget");
	if (!kj_item_addressee_valid(addressee))
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "addressee: a sector code or nco");
	if ((m = kj_plan_check_text("text", text, KJ_EVAL_ITEM_MAX, 1)))
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "%s", m);
	if (strcmp(addressee, "nco")) {
		int yes;
		if (kj_store_eval_sector_exists(st, addressee, &yes, err) < 0)
			return -1;
		if (!yes)
			return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "addressee: unknown sector '%s'",
						  addressee);
	}
	it.eval_id = id;
	it.kind = (enum kj_item_kind)k;
	it.category = (enum kj_item_category)c;
	kj_strlcpy(it.addressee, addressee, sizeof it.addressee);
	kj_strlcpy(it.text, text, sizeof it.text);
	struct kj_eval *e = kj_app_eval_alloc();
	if (!e) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_app_eval_edit_begin(st, actor, id, KJ_EVAL_ANY_REVISION, e, why, err), n = 0;
	if (rc == 0 && !why->fault) {
		struct kj_hq_item *all = calloc(KJ_EVAL_ITEMS_MAX, sizeof *all);
		if (e->scope != KJ_EVAL_HQ)
			kj_app_eval_refuse(why, KJ_EVAL_F_REFUSED, "findings and recommendations are "
					   "the HQ evaluation's");
		else if (!all || (rc = kj_store_eval_items(st, id, all, KJ_EVAL_ITEMS_MAX, &n, err)) < 0)
			rc = -1;
		else if (n >= KJ_EVAL_ITEMS_MAX)
			kj_app_eval_refuse(why, KJ_EVAL_F_REFUSED, "an evaluation holds at most %d items",
					   KJ_EVAL_ITEMS_MAX);
		else if ((rc = kj_store_eval_item_add(st, &it, err)) == 0)
			rc = kj_app_eval_record(st, actor, "item-add", id, "", json_pack(
				"{s:I, s:s, s:s, s:s}", "item", (json_int_t)it.id, "kind", kind,
				"category", kj_item_category_name(it.category), "addressee",
				it.addressee), err);
		if (!all && rc == -1)
			kj_err_set(err, "out of memory");
		free(all);
		*item = rc == 0 && !why->fault ? it.id : 0;
		rc = kj_app_eval_in_tx(st, rc, why, err);
	}
	free(e);
	return rc;
}

int kj_app_eval_item_drop(struct kj_store *st, const struct kj_actor *actor, int64_t item,
			  struct kj_eval_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct kj_hq_item it;
	int found;
	if (kj_store_eval_item_get(st, item, &it, &found, err) < 0)
		return -1;
	if (!found)
		return kj_app_eval_refuse(why, KJ_EVAL_F_NOT_FOUND, "no item %lld", (long long)item);
	struct kj_eval *e = kj_app_eval_alloc();
	if (!e) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_app_eval_edit_begin(st, actor, it.eval_id, KJ_EVAL_ANY_REVISION, e, why, err);
	if (rc == 0 && !why->fault) {
		if ((rc = kj_store_eval_item_drop(st, item, err)) == 0)
			rc = kj_app_eval_record(st, actor, "item-drop", it.eval_id, "", json_pack(
				"{s:I, s:s}", "item", (json_int_t)item, "kind",
				kj_item_kind_name(it.kind)), err);
		rc = kj_app_eval_in_tx(st, rc, why, err);
	}
	free(e);
	return rc;
}

int kj_app_eval_items(struct kj_store *st, const struct kj_eval *e, struct kj_hq_item *out,
		      int max, int *n, struct kj_err *err)
{
	*n = 0;
	return e->scope == KJ_EVAL_HQ ? kj_store_eval_items(st, e->id, out, max, n, err) : 0;
}

/* The addressee plan P answers to: its sector, or "nco" for the cross-sector plan. */
static const char *addressee_of(const struct kj_plan *p)
{
	return kj_plan_is_cross(p) ? "nco" : p->sector;
}

int kj_app_eval_open_recs(struct kj_store *st, const struct kj_plan *p, struct kj_eval_rec *out,
			  int max, int *n, struct kj_err *err)
{
	return kj_store_eval_recs(st, p->fy - 1, addressee_of(p), 1, out, max, n, err);
}

/* Checks, in the transaction, that measure MEASURE may answer item IT: reads
 * its plan into P. 0 with WHY on a refusal. */
static int check_answer(struct kj_store *st, const struct kj_actor *actor,
			const struct kj_hq_item *it, int64_t measure, struct kj_plan *p,
			struct kj_eval_refusal *why, struct kj_err *err)
{
	int64_t pid;
	int found;
	if (kj_store_eval_measure_plan(st, measure, &pid, err) < 0)
		return -1;
	if (!pid)
		return kj_app_eval_refuse(why, KJ_EVAL_F_NOT_FOUND, "no plan measure %lld",
					  (long long)measure);
	if (kj_store_plan_get(st, pid, p, &found, err) < 0)
		return -1;
	struct kj_plan_ref r = kj_app_plan_ref(p);
	if (!kj_authz_plan(actor->user, KJ_PLAN_USE_OWN, &r))
		return kj_app_eval_refuse(why, KJ_EVAL_F_FORBIDDEN, "the plan of measure %lld is "
					  "outside your reach", (long long)measure);
	int n = 0;
	/* the item among the open recommendations of P's scope */
	struct kj_eval_rec *all = calloc(KJ_EVAL_RECS_MAX, sizeof *all);
	if (!all) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_app_eval_open_recs(st, p, all, KJ_EVAL_RECS_MAX, &n, err) < 0) {
		free(all);
		return -1;
	}
	int ok = 0;
	for (int i = 0; i < n && !ok; i++)
		ok = all[i].it.id == it->id;
	free(all);
	if (!ok)
		return kj_app_eval_refuse(why, KJ_EVAL_F_REFUSED, "item %lld is no recommendation of "
					  "a final HQ evaluation of FY%d addressed to %s",
					  (long long)it->id, p->fy - 1, addressee_of(p));
	return 0;
}

int kj_app_eval_answer(struct kj_store *st, const struct kj_actor *actor, int64_t item,
		       int64_t measure, int on, struct kj_eval_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct kj_hq_item it;
	int found;
	struct kj_plan *p = kj_app_plan_alloc();
	if (!p) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_store_begin(st, err);
	if (rc == 0 && (rc = kj_store_eval_item_get(st, item, &it, &found, err)) == 0 && !found)
		kj_app_eval_refuse(why, KJ_EVAL_F_NOT_FOUND, "no item %lld", (long long)item);
	if (rc == 0 && !why->fault && (rc = check_answer(st, actor, &it, measure, p, why, err)) == 0 &&
	    !why->fault && (rc = kj_store_eval_answer_set(st, item, measure, on, actor->id,
							  actor->name, err)) == 0)
		rc = kj_app_eval_record(st, actor, on ? "answer" : "unanswer", it.eval_id, "",
					json_pack("{s:I, s:I, s:I}", "item", (json_int_t)item,
						  "measure", (json_int_t)measure, "plan",
						  (json_int_t)p->id), err);
	if (rc == 0 || kj_store_in_tx(st))
		rc = kj_app_eval_in_tx(st, rc, why, err);
	free(p);
	return rc;
}

int kj_app_eval_measure_answers(struct kj_store *st, const struct kj_actor *actor,
				int64_t measure, const int64_t *items, int nitems,
				struct kj_eval_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct kj_plan *p = kj_app_plan_alloc();
	struct kj_eval_rec *open = calloc(KJ_EVAL_RECS_MAX, sizeof *open);
	int64_t had[KJ_EVAL_RECS_MAX];
	int64_t pid = 0;
	int nopen = 0, nhad = 0, found = 0, rc = -1;
	if (!p || !open) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	if ((rc = kj_store_begin(st, err)) < 0)
		goto out;
	if ((rc = kj_store_eval_measure_plan(st, measure, &pid, err)) == 0 && !pid)
		kj_app_eval_refuse(why, KJ_EVAL_F_NOT_FOUND, "no plan measure %lld", (long long)measure);
	if (rc == 0 && !why->fault && (rc = kj_store_plan_get(st, pid, p, &found, err)) == 0) {
		struct kj_plan_ref r = kj_app_plan_ref(p);
		if (!kj_authz_plan(actor->user, KJ_PLAN_USE_OWN, &r))
			kj_app_eval_refuse(why, KJ_EVAL_F_FORBIDDEN, "this plan is outside your reach");
	}
	if (rc == 0 && !why->fault)
		rc = kj_app_eval_open_recs(st, p, open, KJ_EVAL_RECS_MAX, &nopen, err);
	if (rc == 0 && !why->fault)
		rc = kj_store_eval_answered_by(st, measure, had, KJ_EVAL_RECS_MAX, &nhad, err);
	for (int i = 0; rc == 0 && !why->fault && i < nitems; i++) {
		int ok = 0;
		for (int k = 0; k < nopen && !ok; k++)
			ok = open[k].it.id == items[i];
		if (!ok)
			kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "item: %lld is no open recommendation "
					   "for this plan", (long long)items[i]);
	}
	int changed = 0;
	for (int k = 0; rc == 0 && !why->fault && k < nopen; k++) {
		int want = 0, has = 0;
		for (int i = 0; i < nitems; i++)
			want |= items[i] == open[k].it.id;
		for (int i = 0; i < nhad; i++)
			has |= had[i] == open[k].it.id;
		if (want == has)
			continue;
		changed++;
		if ((rc = kj_store_eval_answer_set(st, open[k].it.id, measure, want, actor->id,
						   actor->name, err)) == 0)
			rc = kj_app_eval_record(st, actor, want ? "answer" : "unanswer",
						open[k].it.eval_id, "", json_pack("{s:I, s:I, s:I}",
						"item", (json_int_t)open[k].it.id, "measure",
						(json_int_t)measure, "plan", (json_int_t)p->id), err);
	}
	(void)changed;
	rc = kj_app_eval_in_tx(st, rc, why, err);
out:
	free(open);
	free(p);
	return rc;
}

int kj_app_eval_trace(struct kj_store *st, const struct kj_user *user, int fy,
		      struct kj_eval_trace *out, int max, int *n, struct kj_err *err)
{
	struct kj_eval_rec *recs = calloc((size_t)max, sizeof *recs);
	int nr = 0;
	*n = 0;
	if (!recs) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_store_eval_recs(st, fy, NULL, 0, recs, max, &nr, err);
	for (int i = 0; rc == 0 && i < nr; i++) {
		struct kj_eval_ref r = { KJ_EVAL_HQ, NULL, NULL, recs[i].state };
		if (!kj_authz_eval(user, KJ_EVAL_USE_READ, &r))
			continue;
		struct kj_eval_trace *t = &out[(*n)++];
		t->rec = recs[i];
		rc = kj_store_eval_answers(st, recs[i].it.id, t->answers, KJ_EVAL_TRACE_ANSWERS,
					   &t->nanswers, err);
		/* each reader sees the answers of the plans it may read */
		int k = 0;
		for (int a = 0; a < t->nanswers; a++) {
			const struct kj_eval_answer *x = &t->answers[a];
			struct kj_plan_ref pr = { !strcmp(x->plan_scope, "cross"),
						  *x->plan_sector ? x->plan_sector : NULL,
						  *x->plan_ministry ? x->plan_ministry : NULL,
						  x->plan_state };
			if (kj_authz_plan(user, KJ_PLAN_USE_READ, &pr))
				t->answers[k++] = *x;
		}
		t->nanswers = k;
	}
	free(recs);
	return rc;
}
