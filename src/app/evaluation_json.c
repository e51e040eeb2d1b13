/*
 * Evaluations as JSON, the same for the API (web/api_eval.c) and the
 * command line (kijun eval show --format json): see evaluation.h.
 */
#include <jansson.h>

#include "app/evaluation.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *kj_app_eval_row_json(const struct kj_eval_row *r)
{
	return json_pack("{s:I, s:i, s:s, s:o, s:o, s:s, s:i, s:s}",
			 "id", (json_int_t)r->id, "fiscal_year", r->fy,
			 "scope", kj_eval_scope_name(r->scope), "sector", str_or_null(r->sector),
			 "ministry", str_or_null(r->ministry), "state", kj_eval_state_name(r->state),
			 "revision", r->revision, "updated_at", r->updated_at);
}

static json_t *item_json(const struct kj_hq_item *it)
{
	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:s}", "id", (json_int_t)it->id,
			 "ord", it->ord, "kind", kj_item_kind_name(it->kind),
			 "category", kj_item_category_name(it->category),
			 "addressee", it->addressee, "text", it->text);
}

json_t *kj_app_eval_json(const struct kj_eval *e, const struct kj_eval_event *ev, int nev,
			 const struct kj_hq_item *items, int nitems)
{
	json_t *sections = json_object(), *figures = json_array(), *events = json_array(),
	       *its = json_array();
	for (int s = 0; s < KJ_EVAL_NSECTIONS; s++)
		if (kj_eval_section_of(e->scope, s))
			json_object_set_new(sections, kj_eval_section_name(s), json_string(e->body[s]));
	for (int i = 0; i < e->nfigures; i++) {
		const struct kj_eval_figure *f = &e->figures[i];
		json_array_append_new(figures, json_pack("{s:s, s:i, s:s, s:o, s:s}",
			"section", kj_eval_section_name(f->section), "ord", f->ord,
			"kind", kj_eval_fig_kind_name(f->kind), "ref", str_or_null(f->ref),
			"caption", f->caption));
	}
	for (int i = 0; i < nev; i++)
		json_array_append_new(events, json_pack("{s:s, s:s, s:s, s:o}", "at", ev[i].at,
							"actor", ev[i].actor, "action", ev[i].action,
							"message", str_or_null(ev[i].message)));
	for (int i = 0; i < nitems; i++)
		json_array_append_new(its, item_json(&items[i]));
	return json_pack("{s:I, s:i, s:s, s:o, s:o, s:s, s:i, s:s, s:s, s:o, s:o, s:o, s:o}",
			 "id", (json_int_t)e->id, "fiscal_year", e->fy,
			 "scope", kj_eval_scope_name(e->scope), "sector", str_or_null(e->sector),
			 "ministry", str_or_null(e->ministry), "state", kj_eval_state_name(e->state),
			 "revision", e->revision, "created_at", e->created_at,
			 "updated_at", e->updated_at, "sections", sections, "figures", figures,
			 "items", its, "events", events);
}

json_t *kj_app_eval_trace_json(const struct kj_eval_trace *t)
{
	json_t *ans = json_array();
	for (int i = 0; i < t->nanswers; i++) {
		const struct kj_eval_answer *a = &t->answers[i];
		json_array_append_new(ans, json_pack("{s:I, s:s, s:s, s:I, s:i, s:s, s:o, s:o}",
			"measure", (json_int_t)a->measure_id, "key", a->mkey, "title", a->title,
			"plan", (json_int_t)a->plan_id, "plan_fiscal_year", a->plan_fy,
			"plan_scope", a->plan_scope, "plan_sector", str_or_null(a->plan_sector),
			"plan_ministry", str_or_null(a->plan_ministry)));
	}
	json_t *o = item_json(&t->rec.it);
	json_object_set_new(o, "fiscal_year", json_integer(t->rec.fy));
	json_object_set_new(o, "answered", json_boolean(t->nanswers > 0));
	json_object_set_new(o, "answers", ans);
	return o;
}
