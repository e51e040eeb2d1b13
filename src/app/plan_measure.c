/*
 * Use cases of implementation plans, continued (plan.h): a draft's
 * measures edited, added and dropped, the plan's workflow, and what its
 * page reads beside it (targets, events, the year before's plan).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/plan.h"
#include "app/plan_priv.h"
#include "base/util.h"

/* REQ's fields over M (a field not given keeps M's); 0 with WHY on a refusal. */
static int apply(struct kj_store *st, const struct kj_plan *p, const struct kj_measure_request *req,
		 struct kj_plan_measure *m, struct kj_plan_refusal *why, struct kj_err *err)
{
	static const struct {
		const char *name;
		size_t off, max;
		int required;
	} text[] = {
		{ "title", offsetof(struct kj_measure_request, title), KJ_PLAN_TITLE_MAX, 1 },
		{ "description", offsetof(struct kj_measure_request, description), KJ_PLAN_FIELD_MAX, 0 },
		{ "kpi", offsetof(struct kj_measure_request, kpi), KJ_PLAN_FIELD_MAX, 0 },
		{ "schedule", offsetof(struct kj_measure_request, schedule), KJ_PLAN_SHORT_MAX, 0 },
		{ "owner", offsetof(struct kj_measure_request, owner), KJ_PLAN_SHORT_MAX, 0 },
		{ "progress", offsetof(struct kj_measure_request, progress), KJ_PLAN_FIELD_MAX, 0 },
	};
	char *dst[] = { m->title, m->description, m->kpi, m->schedule, m->owner, m->progress };
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
		const char *v = *(const char *const *)((const char *)req + text[i].off);
		const char *msg;
		if (!v)
			continue;
		if ((msg = kj_plan_check_text(text[i].name, v, text[i].max, text[i].required)))
			return kj_app_plan_refuse(why, KJ_PLAN_BAD, "%s", msg);
		kj_strlcpy(dst[i], v, text[i].max);
	}
	if (req->status) {
		int s = kj_measure_status_parse(req->status);
		if (s < 0)
			return kj_app_plan_refuse(why, KJ_PLAN_BAD, "status: one of todo, doing, "
						  "done, review");
		m->status = (enum kj_measure_status)s;
	}
	if (req->reqs) {
		const char *msg = kj_plan_parse_reqs(req->reqs, m->reqs, &m->nreqs);
		if (msg)
			return kj_app_plan_refuse(why, KJ_PLAN_BAD, "%s", msg);
		for (int i = 0; i < m->nreqs; i++) {
			int yes;
			if (kj_store_plan_req_exists(st, p->version_id, m->reqs[i], &yes, err) < 0)
				return -1;
			if (!yes)
				return kj_app_plan_refuse(why, KJ_PLAN_BAD, "requirements: '%s' is not "
							  "a requirement of version %s", m->reqs[i],
							  p->version);
		}
	}
	if (!*m->title)
		return kj_app_plan_refuse(why, KJ_PLAN_BAD, "title: required");
	return 0;
}

static struct kj_plan_measure *find(struct kj_plan *p, const char *key)
{
	for (int i = 0; key && i < p->nmeasures; i++)
		if (!strcmp(p->measures[i].key, key))
			return &p->measures[i];
	return NULL;
}

enum edit { SET, ADD, DROP };

static int edit(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		const char *revision, enum edit e, const struct kj_measure_request *req,
		char key[KJ_PLAN_KEY_MAX], struct kj_plan_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	long cat = 0;
	if (e != ADD && !kj_plan_key_valid(req->key))
		return kj_app_plan_refuse(why, KJ_PLAN_BAD, "key: not a measure's key");
	if (e == ADD && (!req->category || kj_parse_long(req->category, 1, KJ_PLAN_CATEGORIES,
							  &cat) < 0))
		return kj_app_plan_refuse(why, KJ_PLAN_BAD, "category: a number from 1 to 5");
	struct kj_plan *p = kj_app_plan_alloc();
	if (!p) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_app_plan_edit_begin(st, actor, id, revision, p, why, err);
	if (rc < 0 || why->fault)
		goto out;
	struct kj_plan_measure *m = e == ADD ? NULL : find(p, req->key), fresh;
	if (e != ADD && !m) {
		kj_app_plan_refuse(why, KJ_PLAN_BAD, "key: the plan has no measure '%.31s'", req->key);
	} else if (e == DROP) {
		rc = kj_store_plan_drop_measure(st, id, m->key, err);
		if (rc == 0)
			rc = kj_app_plan_record(st, actor, "edit", id, "", json_pack("{s:s, s:s}",
						"measure", m->key, "change", "drop"), err);
	} else if (e == ADD && p->nmeasures >= KJ_PLAN_MEASURES_MAX) {
		kj_app_plan_refuse(why, KJ_PLAN_REFUSED, "the plan has %d measures already",
				   KJ_PLAN_MEASURES_MAX);
	} else {
		if (e == ADD) {
			m = memset(&fresh, 0, sizeof fresh);
			m->category = (int)cat;
			m->status = KJ_MEASURE_TODO;
			for (int k = p->nmeasures + 1; !*m->key || find(p, m->key); k++)
				snprintf(m->key, sizeof m->key, "%d-%ld-%d", p->fy, cat, k);
			for (int i = 0; i < p->nmeasures; i++)
				if (p->measures[i].category == m->category && p->measures[i].ord >= m->ord)
					m->ord = p->measures[i].ord + 1;
		}
		if ((rc = apply(st, p, req, m, why, err)) == 0 && !why->fault) {
			rc = e == ADD ? kj_store_plan_add_measure(st, id, m, err)
				: kj_store_plan_set_measure(st, id, m, err);
			if (rc == 0)
				rc = kj_app_plan_record(st, actor, "edit", id, "",
							json_pack("{s:s, s:s, s:s}", "measure", m->key,
								  "change", e == ADD ? "add" : "set",
								  "status", kj_measure_status_name(m->status)),
							err);
		}
		if (key && m)
			kj_strlcpy(key, m->key, KJ_PLAN_KEY_MAX);
	}
	rc = kj_app_plan_in_tx(st, rc, why, err);
out:
	free(p);
	return rc;
}

int kj_app_plan_set_measure(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			    const char *revision, const struct kj_measure_request *req,
			    struct kj_plan_refusal *why, struct kj_err *err)
{
	return edit(st, actor, id, revision, SET, req, NULL, why, err);
}

int kj_app_plan_add_measure(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			    const char *revision, const struct kj_measure_request *req,
			    char key[KJ_PLAN_KEY_MAX], struct kj_plan_refusal *why,
			    struct kj_err *err)
{
	*key = '\0';
	return edit(st, actor, id, revision, ADD, req, key, why, err);
}

int kj_app_plan_drop_measure(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			     const char *revision, const char *key,
			     struct kj_plan_refusal *why, struct kj_err *err)
{
	const struct kj_measure_request req = { .key = key };
	return edit(st, actor, id, revision, DROP, &req, NULL, why, err);
}

static const enum kj_plan_use use_of[KJ_PLAN_NACTS] = {
	[KJ_PLAN_SUBMIT] = KJ_PLAN_USE_SUBMIT, [KJ_PLAN_RETURN] = KJ_PLAN_USE_RETURN,
	[KJ_PLAN_REPORT] = KJ_PLAN_USE_REPORT,
};

/* The checks of moving P by T (in the transaction); 0 with WHY on a refusal. */
static int check_move(const struct kj_actor *actor, const struct kj_plan *p,
		      const struct kj_plan_transition *t, const char *message,
		      struct kj_plan_refusal *why)
{
	struct kj_plan_ref r = kj_app_plan_ref(p);
	const char *m;
	if (!kj_authz_plan(actor->user, use_of[t->act], &r))
		return kj_app_plan_refuse(why, KJ_PLAN_FORBIDDEN, "you may not %s this plan",
					  t->name);
	if (p->state != t->from)
		return kj_app_plan_refuse(why, KJ_PLAN_REFUSED, "the plan is %s: '%s' needs a %s "
					  "plan", kj_plan_state_name(p->state), t->name,
					  kj_plan_state_name(t->from));
	if ((m = kj_plan_check_text("message", message, KJ_PLAN_MESSAGE_MAX, t->needs_message)))
		return kj_app_plan_refuse(why, KJ_PLAN_BAD, "%s", m);
	return 0;
}

int kj_app_plan_move(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		     const char *act, const char *message, struct kj_plan_refusal *why,
		     struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	int a = kj_plan_act_parse(act);
	if (a < 0)
		return kj_app_plan_refuse(why, KJ_PLAN_BAD, "action: one of submit, return, report");
	const struct kj_plan_transition *t = kj_plan_transition((enum kj_plan_act)a);
	struct kj_plan *p = kj_app_plan_alloc();
	if (!p) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_store_begin(st, err), ok;
	long targets = -1;
	if (rc < 0)
		goto out;
	if ((rc = kj_app_plan_get(st, actor->user, id, p, why, err)) == 0 && !why->fault &&
	    (rc = check_move(actor, p, t, message, why)) == 0 && !why->fault) {
		p->state = t->to;
		rc = kj_store_plan_bump(st, id, p->revision, &ok, err);
		if (rc == 0)
			rc = kj_store_plan_set_state(st, id, t->to, err);
		if (rc == 0 && t->act == KJ_PLAN_SUBMIT)
			rc = kj_store_plan_freeze_targets(st, p, &targets, err);
		if (rc == 0)
			rc = kj_app_plan_record(st, actor, t->name, id, message ? message : "",
						json_pack("{s:s, s:s, s:I}", "from",
							  kj_plan_state_name(t->from), "to",
							  kj_plan_state_name(t->to), "targets",
							  (json_int_t)targets), err);
	}
	rc = kj_app_plan_in_tx(st, rc, why, err);
out:
	free(p);
	return rc;
}

int kj_app_plan_targets(struct kj_store *st, const struct kj_plan *p, long *n, int *frozen,
			struct kj_err *err)
{
	*frozen = p->targets >= 0;
	if (*frozen) {
		*n = p->targets;
		return 0;
	}
	return kj_store_plan_targets_now(st, p, n, err);
}

int kj_app_plan_events(struct kj_store *st, const struct kj_plan *p,
		       struct kj_plan_event *out, int max, int *n, struct kj_err *err)
{
	return kj_store_plan_events(st, p->id, out, max, n, err);
}

int kj_app_plan_previous(struct kj_store *st, const struct kj_plan *p, int64_t *id,
			 struct kj_err *err)
{
	char key[80];
	kj_store_plan_scope_key(p->sector, p->ministry, key, sizeof key);
	return kj_store_plan_find(st, p->fy - 1, key, id, err);
}
