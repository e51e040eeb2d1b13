/* Bulk writers of the demo's on-site survey; see store_demo_onsite.h. */
#include <stdio.h>

#include "store/db.h"
#include "store/store_demo_onsite.h"

static void bind_id(struct kj_stmt *s, int i, int64_t v)
{
	if (v)
		kj_db_bind_int64(s, i, v);
	else
		kj_db_bind_null(s, i);
}

static void bind_opt(struct kj_stmt *s, int i, const char *v)
{
	if (v)
		kj_db_bind_text(s, i, v);
	else
		kj_db_bind_null(s, i);
}

static void bind_level(struct kj_stmt *s, int i, int v)
{
	if (v >= -1 && v <= 4)
		kj_db_bind_int(s, i, v);
	else
		kj_db_bind_null(s, i);
}

int kj_store_demo_onsite_survey(struct kj_store *st, int fy, int64_t version_id,
				const char *title_ja, const char *title_en, const char *opens_on,
				const char *closes_on, const char *created_at, int64_t *id,
				struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO survey (fiscal_year, version_id, kind,"
				       " title_ja, title_en, status, opens_on, closes_on, created_at,"
				       " owner_kind) VALUES ($1, $2, 'onsite', $3, $4, 'closed', $5, $6,"
				       " $7, 'nco')", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_int64(s, 2, version_id);
	kj_db_bind_text(s, 3, title_ja);
	kj_db_bind_text(s, 4, title_en);
	kj_db_bind_text(s, 5, opens_on);
	kj_db_bind_text(s, 6, closes_on);
	kj_db_bind_text(s, 7, created_at);
	if (kj_db_step_done(st, s, err, "cannot add the demo's on-site survey") < 0)
		return -1;
	*id = kj_db_last_id(st);
	s = kj_db_kept(st, "INSERT INTO survey_sector (survey_id, sector_code)"
		       " SELECT CAST($1 AS INTEGER), code FROM sector", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, *id);
	return kj_db_step_done(st, s, err, "cannot add the on-site survey's sectors");
}

int kj_store_demo_onsite_means(struct kj_store *st, int64_t survey, kj_demo_mean_fn fn,
			       void *ctx, struct kj_err *err)
{
	/* An operator of two sectors has its sums twice: the mean is the same. */
	struct kj_stmt *s = kj_db_kept(st, "SELECT organisation_id, SUM(level_sum), SUM(n)"
				       " FROM analysis_fnsum WHERE survey_id = $1"
				       " GROUP BY organisation_id ORDER BY organisation_id", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		int64_t n = kj_db_column_int64(s, 2);
		if (n > 0)
			stop = fn(ctx, kj_db_column_int64(s, 0),
				  (double)kj_db_column_int64(s, 1) / (double)n);
	}
	kj_db_reset(s);
	if (!stop && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the respondents' mean levels");
	return 0;
}

int kj_store_demo_onsite_selection(struct kj_store *st, int64_t survey, const char *rules,
				   int64_t seed, const char *created_at, int64_t created_by,
				   const char *approved_at, int64_t approved_by, int64_t *id,
				   struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO onsite_selection (survey_id, rules, seed,"
				       " state, revision, created_at, created_by, approved_at,"
				       " approved_by) VALUES ($1, $2, $3, 'approved', 2, $4, $5, $6, $7)",
				       err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_text(s, 2, rules);
	kj_db_bind_int64(s, 3, seed);
	kj_db_bind_text(s, 4, created_at);
	bind_id(s, 5, created_by);
	kj_db_bind_text(s, 6, approved_at);
	bind_id(s, 7, approved_by);
	if (kj_db_step_done(st, s, err, "cannot add the demo's selection") < 0)
		return -1;
	*id = kj_db_last_id(st);
	return 0;
}

int kj_store_demo_onsite_pick(struct kj_store *st, int64_t selection, int64_t org,
			      const char *sector, int ord, const char *rule, const char *detail,
			      struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO onsite_pick (selection_id, organisation_id,"
				       " sector_code, ord, rule, detail, removed)"
				       " VALUES ($1, $2, $3, $4, $5, $6, 0)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, selection);
	kj_db_bind_int64(s, 2, org);
	kj_db_bind_text(s, 3, sector);
	kj_db_bind_int(s, 4, ord);
	kj_db_bind_text(s, 5, rule);
	kj_db_bind_text(s, 6, detail);
	return kj_db_step_done(st, s, err, "cannot add a pick of the demo's selection");
}

int kj_store_demo_onsite_visit(struct kj_store *st, const struct kj_demo_visit *v, int64_t *id,
			       struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO onsite_visit (survey_id, organisation_id,"
				       " visit_on, state, revision, issued_at, issued_by, created_at,"
				       " updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, v->survey);
	kj_db_bind_int64(s, 2, v->org);
	kj_db_bind_text(s, 3, v->visit_on);
	kj_db_bind_text(s, 4, v->state);
	bind_opt(s, 5, v->issued_at);
	bind_id(s, 6, v->issued_at ? v->issued_by : 0);
	kj_db_bind_text(s, 7, v->created_at);
	kj_db_bind_text(s, 8, v->updated_at);
	if (kj_db_step_done(st, s, err, "cannot add a demo visit") < 0)
		return -1;
	*id = kj_db_last_id(st);
	return 0;
}

int kj_store_demo_onsite_inspector(struct kj_store *st, int64_t visit, int64_t user,
				   struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO onsite_inspector (visit_id, user_id)"
				       " VALUES ($1, $2)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, visit);
	kj_db_bind_int64(s, 2, user);
	return kj_db_step_done(st, s, err, "cannot add a demo visit's inspector");
}

int kj_store_demo_onsite_item(struct kj_store *st, const struct kj_demo_item *it,
			      struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO onsite_item (visit_id, requirement_id,"
				       " self_level, verified_level, na_reason, findings, evidence,"
				       " recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7,"
				       " $8, $9)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, it->visit);
	kj_db_bind_int64(s, 2, it->requirement);
	bind_level(s, 3, it->self);
	bind_level(s, 4, it->verified);
	bind_opt(s, 5, it->verified == -1 ? it->na_reason : NULL);
	kj_db_bind_text(s, 6, it->findings);
	kj_db_bind_text(s, 7, it->evidence);
	bind_opt(s, 8, it->recorded_at);
	bind_id(s, 9, it->recorded_at ? it->recorded_by : 0);
	return kj_db_step_done(st, s, err, "cannot add a demo visit's item");
}

int kj_store_demo_onsite_reply(struct kj_store *st, int64_t visit, int64_t requirement,
			       const char *action, const char *due_on, const char *replied_at,
			       struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO onsite_reply (visit_id, requirement_id,"
				       " action, due_on, replied_at, replied_by)"
				       " VALUES ($1, $2, $3, $4, $5, NULL)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, visit);
	kj_db_bind_int64(s, 2, requirement);
	kj_db_bind_text(s, 3, action);
	bind_opt(s, 4, due_on);
	kj_db_bind_text(s, 5, replied_at);
	return kj_db_step_done(st, s, err, "cannot add a demo reply");
}

int kj_store_demo_onsite_event(struct kj_store *st, int64_t survey, int64_t visit,
			       const char *at, int64_t actor_user, const char *actor,
			       const char *action, const char *message, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO onsite_event (survey_id, visit_id, at,"
				       " actor_user_id, actor, action, message)"
				       " VALUES ($1, $2, $3, $4, $5, $6, $7)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	bind_id(s, 2, visit);
	kj_db_bind_text(s, 3, at);
	bind_id(s, 4, actor_user);
	kj_db_bind_text(s, 5, actor);
	kj_db_bind_text(s, 6, action);
	kj_db_bind_text(s, 7, message);
	return kj_db_step_done(st, s, err, "cannot add a demo on-site event");
}
