/*
 * Implementation plans as JSON, the same for the API (web/api_plans.c) and
 * the command line (kijun plan show --format json): see plan.h.
 */
#include <jansson.h>

#include "app/plan.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *kj_app_plan_row_json(const struct kj_plan_row *r)
{
	return json_pack("{s:I, s:i, s:s, s:o, s:o, s:s, s:i, s:i, s:o, s:s}",
			 "id", (json_int_t)r->id, "fiscal_year", r->fy, "scope", r->scope,
			 "sector", str_or_null(r->sector), "ministry", str_or_null(r->ministry),
			 "state", kj_plan_state_name(r->state), "revision", r->revision,
			 "measures", r->nmeasures,
			 "targets", r->targets >= 0 ? json_integer(r->targets) : json_null(),
			 "updated_at", r->updated_at);
}

static json_t *measure_json(const struct kj_plan_measure *m)
{
	json_t *reqs = json_array();
	for (int i = 0; i < m->nreqs; i++)
		json_array_append_new(reqs, json_string(m->reqs[i]));
	return json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
			 "key", m->key, "category", m->category, "title", m->title,
			 "description", m->description, "kpi", m->kpi, "schedule", m->schedule,
			 "owner", m->owner, "status", kj_measure_status_name(m->status),
			 "progress", m->progress, "requirements", reqs);
}

json_t *kj_app_plan_json(const struct kj_plan *p, long targets, int frozen,
			 const struct kj_plan_event *ev, int nev)
{
	json_t *structure = json_object(), *measures = json_array(), *events = json_array();
	for (int s = 0; s < KJ_PLAN_NSECTIONS; s++)
		json_object_set_new(structure, kj_plan_section_name(s), json_string(p->body[s]));
	for (int i = 0; i < p->nmeasures; i++)
		json_array_append_new(measures, measure_json(&p->measures[i]));
	for (int i = 0; i < nev; i++)
		json_array_append_new(events, json_pack("{s:s, s:s, s:s, s:o}", "at", ev[i].at,
							"actor", ev[i].actor, "action", ev[i].action,
							"message", str_or_null(ev[i].message)));
	return json_pack("{s:I, s:i, s:s, s:o, s:o, s:s, s:s, s:i, s:o, s:{s:I, s:b},"
			 " s:s, s:s, s:o, s:o, s:o}",
			 "id", (json_int_t)p->id, "fiscal_year", p->fy, "scope", p->scope,
			 "sector", str_or_null(p->sector), "ministry", str_or_null(p->ministry),
			 "standard_version", p->version, "state", kj_plan_state_name(p->state),
			 "revision", p->revision,
			 "copied_from", p->copied_from ? json_integer(p->copied_from) : json_null(),
			 "targets", "count", (json_int_t)targets, "frozen", frozen,
			 "created_at", p->created_at, "updated_at", p->updated_at,
			 "structure", structure, "measures", measures, "events", events);
}
