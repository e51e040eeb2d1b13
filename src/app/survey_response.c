/*
 * Use cases around a response (survey_answer.h): read whole, returned for
 * correction, its submitted versions and the changes after returns,
 * assignments of items to colleagues and the lead.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_answer_priv.h"
#include "store/store_catalog.h"
#include "store/store_tally.h"

static void val_copy(const struct ans_val *v, struct kj_answer_value *o)
{
	o->level = v->level;
	kj_strlcpy(o->na_reason, v->na ? v->na : "", sizeof o->na_reason);
	kj_strlcpy(o->note, v->note ? v->note : "", sizeof o->note);
	kj_strlcpy(o->evidence, v->evidence ? v->evidence : "", sizeof o->evidence);
	kj_strlcpy(o->value, v->value ? v->value : "", sizeof o->value);
}

struct assign_walk {
	struct kj_questionnaire *q;
	int64_t fn_user[16];
	char fn_name[16][KJ_DISPLAY_MAX];
};

static int add_assignment(void *ctx, const char *item, int64_t user, const char *name)
{
	struct assign_walk *w = ctx;
	if (item[0] == 'F' && item[1] >= '0' && item[1] <= '9' && !item[2]) {
		w->fn_user[item[1] - '0'] = user;
		kj_strlcpy(w->fn_name[item[1] - '0'], name, KJ_DISPLAY_MAX);
		return 0;
	}
	for (int i = 0; i < w->q->nitems; i++)
		if (!strcmp(w->q->items[i].item, item)) {
			w->q->items[i].assignee = user;
			kj_strlcpy(w->q->items[i].assignee_name, name, KJ_DISPLAY_MAX);
		}
	return 0;
}

/* Q's items from the sheet SH, in the catalog's order. */
static void fill_items(struct kj_questionnaire *q, const struct ans_sheet *sh)
{
	q->nitems = q->left = q->prefilled = 0;
	for (int i = 0; i < sh->nslots && q->nitems < KJ_CATALOG_REQ_MAX + KJ_SURVEY_QUESTIONS_MAX;
	     i++) {
		const struct ans_slot *s = &sh->slot[i];
		struct kj_q_item *it = &q->items[q->nitems++];
		memset(it, 0, sizeof *it);
		kj_strlcpy(it->item, s->item, sizeof it->item);
		if (s->question < 0) {
			it->requirement = kj_catalog_req_index(&q->cat, s->item);
			it->function = it->requirement >= 0 ? q->cat.reqs[it->requirement].function
				: -1;
			it->required = 1;
		} else {
			const struct ans_question *o = &sh->q[s->question];
			it->requirement = it->function = -1;
			it->question_id = o->id;
			it->kind = (enum kj_question_kind)o->kind;
			kj_strlcpy(it->text_ja, o->text_ja, sizeof it->text_ja);
			kj_strlcpy(it->text_en, o->text_en, sizeof it->text_en);
			kj_strlcpy(it->choices, o->choices, sizeof it->choices);
			it->required = o->required;
		}
		val_copy(&s->now, &it->now);
		it->prefilled = s->prefilled;
		it->changed_rev = s->changed_rev;
		kj_strlcpy(it->updated_at, s->at, sizeof it->updated_at);
		kj_strlcpy(it->updated_by, s->by, sizeof it->updated_by);
		it->has_last = s->has_last;
		if (s->has_last)
			val_copy(&s->last, &it->last);
		else
			it->last.level = KJ_LEVEL_NONE;
		q->prefilled += s->prefilled;
		if (it->required && (!s->exists || s->prefilled))
			q->left++;
	}
}

/* The head of Q from C: survey, organisation, response. */
static int fill_head(struct kj_store *st, struct kj_questionnaire *q, const struct ans_ctx *c,
		     struct kj_err *err)
{
	q->survey = c->sv;
	q->org = c->org;
	q->response = c->h.id;
	kj_strlcpy(q->status, c->h.id ? c->h.status : "not_started", sizeof q->status);
	q->revision = c->h.revision;
	q->versions = c->h.versions;
	kj_strlcpy(q->closes_on, *c->h.extended_to ? c->h.extended_to : c->sv.closes_on,
		   sizeof q->closes_on);
	kj_strlcpy(q->updated_at, c->h.updated_at, sizeof q->updated_at);
	kj_strlcpy(q->updated_by, c->h.updated_by, sizeof q->updated_by);
	q->lead = c->h.lead;
	kj_strlcpy(q->lead_name, c->h.lead_name, sizeof q->lead_name);
	struct kj_resp_org *rec = malloc(sizeof *rec);
	int found;
	if (!rec) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_response_org(st, c->org, rec, err) < 0) {
		free(rec);
		return -1;
	}
	kj_strlcpy(q->org_name, rec->name, sizeof q->org_name);
	kj_strlcpy(q->corporate_number, rec->corporate_number, sizeof q->corporate_number);
	free(rec);
	if (strcmp(q->status, "returned") || !c->h.versions)
		return 0;
	struct kj_stored_version *v = malloc(sizeof *v);
	char *content = NULL;
	if (!v) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_store_version_get(st, c->h.id, c->h.versions, v, &content, &found, err);
	if (rc == 0 && found) {
		kj_strlcpy(q->returned_at, v->returned_at, sizeof q->returned_at);
		kj_strlcpy(q->return_message, v->return_message, sizeof q->return_message);
	}
	free(content);
	free(v);
	return rc;
}

/* Loads C's questionnaire into Q: head, catalog, items, last year, assignees. */
static int load_in_tx(struct kj_store *st, const struct ans_ctx *c, struct kj_questionnaire *q,
		      struct ans_sheet **sh, struct kj_err *err)
{
	kj_catalog_free(&q->cat);
	memset(q, 0, offsetof(struct kj_questionnaire, items));
	q->nitems = q->left = q->prefilled = 0;
	if (fill_head(st, q, c, err) < 0 || kj_store_catalog_get(st, c->sv.version, &q->cat, err) < 0 ||
	    ans_sheet_load(st, c, sh, err) < 0 || ans_sheet_last(st, c, *sh, err) < 0)
		return -1;
	fill_items(q, *sh);
	if (!c->h.id)
		return 0;
	struct assign_walk *w = calloc(1, sizeof *w);
	if (!w) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	w->q = q;
	int rc = kj_store_assignments(st, c->h.id, add_assignment, w, err);
	for (int i = 0; rc == 0 && i < q->nitems; i++) {
		struct kj_q_item *it = &q->items[i];
		if (!it->assignee && it->function >= 0 && it->function < 16 &&
		    w->fn_user[it->function]) {
			it->assignee = w->fn_user[it->function];
			kj_strlcpy(it->assignee_name, w->fn_name[it->function],
				   sizeof it->assignee_name);
		}
	}
	free(w);
	return rc;
}

int kj_app_questionnaire_load(struct kj_store *st, const struct kj_actor *actor,
			      int64_t survey, int64_t org, struct kj_questionnaire *q,
			      struct kj_answer_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct ans_ctx *c = calloc(1, sizeof *c);
	struct ans_sheet *sh = NULL;
	int rc = -1;
	if (!c) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin_read(st, err) < 0)
		goto out;
	rc = ans_ctx_open(st, actor, survey, org, KJ_RESPONSE_READ, c, why, err);
	if (rc == 0 && !why->fault)
		rc = load_in_tx(st, c, q, &sh, err);
	kj_store_rollback(st);
out:
	ans_sheet_free(sh);
	free(c);
	return rc;
}
