/* The PDCA board; see pdca.h. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/authz.h"
#include "app/pdca.h"
#include "base/util.h"
#include "store/store_eval_pdca.h"

/* Does USER see the row of SECTOR ("": the cross-sector row)? */
static int sees(const struct kj_user *user, const char *sector)
{
	if (!user)
		return 1;
	if (!kj_authz_allow(user, KJ_PERM_EVAL_READ))
		return 0;
	if (user->role != KJ_ROLE_MINISTRY || !*sector)
		return 1;
	for (int k = 0; k < user->nsectors; k++)
		if (!strcmp(user->sectors[k], sector))
			return 1;
	return 0;
}

static void cell(struct kj_pdca_cell *c, enum kj_pdca_step step, int fy, const char *today,
		 int present, int done, const char *state, const char *date)
{
	c->present = present;
	c->done = done;
	kj_strlcpy(c->state, state ? state : "", sizeof c->state);
	kj_strlcpy(c->date, date ? date : "", sizeof c->date);
	kj_pdca_due_date(step, fy, c->due);
	c->late = kj_pdca_late(c->due, today, done);
}

static void fill(struct kj_pdca_row *r, int fy, const char *today, const struct kj_pdca_facts *f)
{
	struct kj_pdca_cell *c = r->c;
	int plan_done = !strcmp(f->plan_state, "submitted") || !strcmp(f->plan_state, "reported");
	cell(&c[KJ_PDCA_PLAN], KJ_PDCA_PLAN, fy, today, *f->plan_state != '\0', plan_done,
	     f->plan_state, f->plan_at);
	cell(&c[KJ_PDCA_TARGETS], KJ_PDCA_TARGETS, fy, today, f->targets > 0, f->targets > 0, "",
	     f->targets_at);
	c[KJ_PDCA_TARGETS].count = f->targets;
	cell(&c[KJ_PDCA_SURVEY], KJ_PDCA_SURVEY, fy, today, *f->survey_state != '\0',
	     !strcmp(f->survey_state, "closed"), f->survey_state, f->survey_closes);
	c[KJ_PDCA_SURVEY].count = f->submitted;
	c[KJ_PDCA_SURVEY].total = f->respondents;
	cell(&c[KJ_PDCA_ANALYSIS], KJ_PDCA_ANALYSIS, fy, today, *f->published_at != '\0',
	     *f->published_at != '\0', "", f->published_at);
	cell(&c[KJ_PDCA_EVAL], KJ_PDCA_EVAL, fy, today, *f->eval_state != '\0',
	     !strcmp(f->eval_state, "submitted") || !strcmp(f->eval_state, "final"),
	     f->eval_state, f->eval_at);
	cell(&c[KJ_PDCA_UPDATE], KJ_PDCA_UPDATE, fy, today, *f->next_state != '\0',
	     *f->next_state != '\0' && f->answered >= f->recs, f->next_state, "");
	c[KJ_PDCA_UPDATE].count = f->answered;
	c[KJ_PDCA_UPDATE].total = f->recs;
	r->complete = 1;
	for (int i = 0; i < KJ_PDCA_NSTEPS; i++)
		r->complete &= c[i].done;
}

int kj_app_pdca(struct kj_store *st, const struct kj_user *user, int fy, const char *today,
		struct kj_pdca_row *out, int *n, struct kj_err *err)
{
	kj_sector_code sectors[KJ_PDCA_ROWS_MAX];
	int ns;
	*n = 0;
	if (kj_store_pdca_sectors(st, sectors, KJ_PDCA_ROWS_MAX - 1, &ns, err) < 0)
		return -1;
	for (int i = -1; i < ns; i++) {
		const char *sector = i < 0 ? "" : sectors[i];
		if (!sees(user, sector))
			continue;
		struct kj_pdca_facts f;
		if (kj_store_pdca_facts(st, fy, sector, &f, err) < 0)
			return -1;
		struct kj_pdca_row *r = &out[(*n)++];
		memset(r, 0, sizeof *r);
		kj_strlcpy(r->sector, sector, sizeof r->sector);
		fill(r, fy, today, &f);
	}
	return 0;
}

json_t *kj_app_pdca_json(int fy, const char *today, const struct kj_pdca_row *rows, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		json_t *steps = json_object();
		for (int s = 0; s < KJ_PDCA_NSTEPS; s++) {
			const struct kj_pdca_cell *c = &rows[i].c[s];
			json_t *o = json_pack("{s:b, s:s?, s:s?, s:s, s:b}", "done", c->done,
					      "state", *c->state ? c->state : NULL,
					      "date", *c->date ? c->date : NULL, "due", c->due,
					      "late", c->late);
			if (s == KJ_PDCA_TARGETS)
				json_object_set_new(o, "count", json_integer(c->count));
			if (s == KJ_PDCA_SURVEY) {
				json_object_set_new(o, "submitted", json_integer(c->count));
				json_object_set_new(o, "respondents", json_integer(c->total));
				json_object_set_new(o, "response_rate", c->total > 0
					? json_real((double)c->count / (double)c->total) : json_null());
			}
			if (s == KJ_PDCA_UPDATE) {
				json_object_set_new(o, "recommendations", json_integer(c->total));
				json_object_set_new(o, "answered", json_integer(c->count));
			}
			json_object_set_new(steps, kj_pdca_due(s)->name, o);
		}
		json_array_append_new(a, json_pack("{s:s?, s:s, s:b, s:o}",
			"sector", *rows[i].sector ? rows[i].sector : NULL,
			"row", *rows[i].sector ? "sector" : "cross", "complete", rows[i].complete,
			"steps", steps));
	}
	return json_pack("{s:i, s:s, s:o}", "fiscal_year", fy, "today", today, "rows", a);
}
