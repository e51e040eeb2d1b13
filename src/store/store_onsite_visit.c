/* The store of on-site visits; see store_onsite_visit.h. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "store/db.h"
#include "store/store_onsite_visit.h"

static void num(char *out, size_t n, long long v)
{
	int w = snprintf(out, n, "%lld", v);
	if (w < 0 || (size_t)w >= n)
		out[0] = '\0';
}

static int done(struct kj_store *st, struct kj_stmt *s, int rc, struct kj_err *err,
		const char *what)
{
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, what);
}

int kj_store_visit_reqs(struct kj_store *st, int64_t version_id, struct kj_visit_req *out,
			int max, int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id, code, function_code FROM requirement"
				       " WHERE version_id = $1 ORDER BY ord", err);
	int rc;
	*n = 0;
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, version_id);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (*n >= max)
			continue;
		struct kj_visit_req *r = &out[(*n)++];
		r->id = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, r->code, sizeof r->code);
		kj_db_col(s, 2, r->function_code, sizeof r->function_code);
	}
	return done(st, s, rc, err, "cannot read the requirements");
}

int kj_store_visit_survey_version(struct kj_store *st, int64_t survey, int64_t *vid,
				  struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT version_id FROM survey WHERE id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc = kj_db_step(s);
	*vid = rc == KJ_DB_ROW ? kj_db_column_int64(s, 0) : 0;
	if (rc == KJ_DB_ROW)
		rc = KJ_DB_DONE;
	return done(st, s, rc, err, "cannot read the survey");
}

int kj_store_visit_find(struct kj_store *st, int64_t survey, int64_t org, int64_t *id,
			struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id FROM onsite_visit"
				       " WHERE survey_id = $1 AND organisation_id = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_int64(s, 2, org);
	int rc = kj_db_step(s);
	*id = rc == KJ_DB_ROW ? kj_db_column_int64(s, 0) : 0;
	if (rc == KJ_DB_ROW)
		rc = KJ_DB_DONE;
	return done(st, s, rc, err, "cannot read the visits");
}

int kj_store_visit_is_pick(struct kj_store *st, int64_t survey, int64_t org, int *yes,
			   struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT 1 FROM onsite_selection l JOIN onsite_pick p"
				       " ON p.selection_id = l.id WHERE l.survey_id = $1"
				       " AND l.state = 'approved' AND p.organisation_id = $2"
				       " AND p.removed = 0", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_int64(s, 2, org);
	int rc = kj_db_step(s);
	*yes = rc == KJ_DB_ROW;
	if (rc == KJ_DB_ROW)
		rc = KJ_DB_DONE;
	return done(st, s, rc, err, "cannot read the selection");
}

int kj_store_visit_create(struct kj_store *st, int64_t survey, int64_t org, const char *visit_on,
			  int64_t *id, struct kj_err *err)
{
	char sv[24], og[24], now[32];
	num(sv, sizeof sv, survey);
	num(og, sizeof og, org);
	kj_now_iso(now);
	if (KJ_DB_RUN(st, "INSERT INTO onsite_visit (survey_id, organisation_id, visit_on, state,"
		      " revision, created_at, updated_at) VALUES ($1, $2, $3, 'planned', 1, $4, $4)",
		      err, sv, og, visit_on, now) < 0)
		return -1;
	*id = kj_db_last_id(st);
	return 0;
}

int kj_store_visit_inspector_add(struct kj_store *st, int64_t visit, int64_t user,
				 struct kj_err *err)
{
	char v[24], u[24];
	num(v, sizeof v, visit);
	num(u, sizeof u, user);
	return KJ_DB_RUN(st, "INSERT INTO onsite_inspector (visit_id, user_id) VALUES ($1, $2)"
			 " ON CONFLICT DO NOTHING", err, v, u);
}

int kj_store_visit_item_add(struct kj_store *st, int64_t visit, int64_t req, int64_t org, int fy,
			    struct kj_err *err)
{
	char v[24], r[24], o[24], y[16];
	num(v, sizeof v, visit);
	num(r, sizeof r, req);
	num(o, sizeof o, org);
	num(y, sizeof y, fy);
	/* The latest submitted questionnaire of the year: N/A is -1. */
	return KJ_DB_RUN(st, "INSERT INTO onsite_item (visit_id, requirement_id, self_level,"
			 " findings, evidence) SELECT CAST($1 AS INTEGER), CAST($2 AS INTEGER),"
			 " (SELECT CASE WHEN a.level IS NULL THEN -1 ELSE a.level END"
			 " FROM answer a JOIN response p ON p.id = a.response_id"
			 " JOIN survey s ON s.id = p.survey_id"
			 " WHERE a.requirement_id = $2 AND p.organisation_id = $3"
			 " AND p.status = 'submitted' AND s.kind = 'questionnaire'"
			 " AND s.fiscal_year = $4 ORDER BY s.id DESC LIMIT 1), '', ''",
			 err, v, r, o, y);
}

static int inspectors(struct kj_store *st, struct kj_visit *v, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT u.id, u.display_name, u.login"
				       " FROM onsite_inspector i JOIN app_user u ON u.id = i.user_id"
				       " WHERE i.visit_id = $1 ORDER BY u.id", err);
	int rc;
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, v->id);
	v->ninspectors = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (v->ninspectors >= KJ_VISIT_INSPECTORS_MAX)
			continue;
		int k = v->ninspectors++;
		v->inspectors[k] = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, v->inspector_names[k], sizeof v->inspector_names[k]);
		if (!v->inspector_names[k][0])
			kj_db_col(s, 2, v->inspector_names[k], sizeof v->inspector_names[k]);
	}
	return done(st, s, rc, err, "cannot read the inspectors");
}

int kj_store_visit_get(struct kj_store *st, int64_t visit, struct kj_visit *v, int *found,
		       struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT v.id, v.survey_id, v.organisation_id,"
				       " v.visit_on, v.state, v.revision, v.issued_at, v.created_at,"
				       " v.updated_at, o.name_ja, o.corporate_number,"
				       " (SELECT COUNT(*) FROM onsite_item i WHERE i.visit_id = v.id),"
				       " (SELECT COUNT(*) FROM onsite_item i WHERE i.visit_id = v.id"
				       " AND i.verified_level IS NOT NULL),"
				       " (SELECT COUNT(*) FROM onsite_reply r WHERE r.visit_id = v.id)"
				       " FROM onsite_visit v JOIN organisation o"
				       " ON o.id = v.organisation_id WHERE v.id = $1", err);
	memset(v, 0, sizeof *v);
	*found = 0;
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, visit);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*found = 1;
		v->id = kj_db_column_int64(s, 0);
		v->survey = kj_db_column_int64(s, 1);
		v->org = kj_db_column_int64(s, 2);
		kj_db_col(s, 3, v->visit_on, sizeof v->visit_on);
		kj_db_col(s, 4, v->state, sizeof v->state);
		v->revision = (long)kj_db_column_int64(s, 5);
		kj_db_col(s, 6, v->issued_at, sizeof v->issued_at);
		kj_db_col(s, 7, v->created_at, sizeof v->created_at);
		kj_db_col(s, 8, v->updated_at, sizeof v->updated_at);
		kj_db_col(s, 9, v->org_name, sizeof v->org_name);
		kj_db_col(s, 10, v->corporate_number, sizeof v->corporate_number);
		v->nitems = kj_db_column_int(s, 11);
		v->nrecorded = kj_db_column_int(s, 12);
		v->nreplies = kj_db_column_int(s, 13);
		rc = KJ_DB_DONE;
	}
	if (done(st, s, rc, err, "cannot read the visit") < 0)
		return -1;
	return *found ? inspectors(st, v, err) : 0;
}

int kj_store_visit_items(struct kj_store *st, int64_t visit, struct kj_visit_item *out, int max,
			 int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT i.requirement_id, r.code, f.name_ja,"
				       " r.function_code, r.text_ja, i.self_level, i.verified_level,"
				       " i.na_reason, i.findings, i.evidence, i.recorded_at,"
				       " p.action, p.due_on, p.replied_at"
				       " FROM onsite_item i JOIN requirement r ON r.id = i.requirement_id"
				       " LEFT JOIN std_function f ON f.version_id = r.version_id"
				       " AND f.code = r.function_code"
				       " LEFT JOIN onsite_reply p ON p.visit_id = i.visit_id"
				       " AND p.requirement_id = i.requirement_id"
				       " WHERE i.visit_id = $1 ORDER BY r.ord", err);
	int rc;
	*n = 0;
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, visit);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (*n >= max)
			continue;
		struct kj_visit_item *it = &out[(*n)++];
		memset(it, 0, sizeof *it);
		it->requirement = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, it->code, sizeof it->code);
		kj_db_col(s, 2, it->function, sizeof it->function);
		kj_db_col(s, 3, it->function_code, sizeof it->function_code);
		kj_db_col(s, 4, it->text, sizeof it->text);
		it->has_self = kj_db_column_text(s, 5) != NULL;
		it->self_level = kj_db_column_int(s, 5);
		it->recorded = kj_db_column_text(s, 6) != NULL;
		it->verified = it->recorded ? kj_db_column_int(s, 6) : KJ_LEVEL_NONE;
		kj_db_col(s, 7, it->na_reason, sizeof it->na_reason);
		kj_db_col(s, 8, it->findings, sizeof it->findings);
		kj_db_col(s, 9, it->evidence, sizeof it->evidence);
		kj_db_col(s, 10, it->recorded_at, sizeof it->recorded_at);
		it->replied = kj_db_column_text(s, 11) != NULL;
		kj_db_col(s, 11, it->action, sizeof it->action);
		kj_db_col(s, 12, it->due_on, sizeof it->due_on);
		kj_db_col(s, 13, it->replied_at, sizeof it->replied_at);
	}
	return done(st, s, rc, err, "cannot read the visit's items");
}

int kj_store_visit_item_record(struct kj_store *st, int64_t visit, int64_t req, int level,
			       const char *na_reason, const char *findings, const char *evidence,
			       int64_t user, const char *now, struct kj_err *err)
{
	char v[24], r[24], lv[8], u[24];
	int none = level == KJ_LEVEL_NONE;
	num(v, sizeof v, visit);
	num(r, sizeof r, req);
	num(lv, sizeof lv, level);
	num(u, sizeof u, user);
	return KJ_DB_RUN(st, "UPDATE onsite_item SET verified_level = $1, na_reason = $2,"
			 " findings = $3, evidence = $4, recorded_at = $5, recorded_by = $6"
			 " WHERE visit_id = $7 AND requirement_id = $8", err,
			 none ? NULL : lv, level == KJ_LEVEL_NA ? na_reason : NULL,
			 findings ? findings : "", evidence ? evidence : "", none ? NULL : now,
			 none || !user ? NULL : u, v, r);
}

int kj_store_visit_move(struct kj_store *st, int64_t visit, long revision, const char *state,
			int64_t issued_by, const char *now, int *moved, struct kj_err *err)
{
	char v[24], rev[24], by[24];
	num(v, sizeof v, visit);
	num(rev, sizeof rev, revision);
	num(by, sizeof by, issued_by);
	int issue = !strcmp(state, "issued");
	if (KJ_DB_RUN(st, "UPDATE onsite_visit SET state = $1, updated_at = $2,"
		      " revision = revision + 1,"
		      " issued_at = CASE WHEN $1 = 'issued' THEN $2 ELSE issued_at END,"
		      " issued_by = CASE WHEN $1 = 'issued' THEN CAST($3 AS INTEGER)"
		      " ELSE issued_by END WHERE id = $4 AND revision = $5", err,
		      state, now, issue && issued_by ? by : NULL, v, rev) < 0)
		return -1;
	*moved = kj_db_changes(st) == 1;
	return 0;
}

int kj_store_visit_reply(struct kj_store *st, int64_t visit, int64_t req, const char *action,
			 const char *due_on, int64_t user, const char *now, struct kj_err *err)
{
	char v[24], r[24], u[24];
	num(v, sizeof v, visit);
	num(r, sizeof r, req);
	num(u, sizeof u, user);
	if (KJ_DB_RUN(st, "DELETE FROM onsite_reply WHERE visit_id = $1 AND requirement_id = $2",
		      err, v, r) < 0)
		return -1;
	return KJ_DB_RUN(st, "INSERT INTO onsite_reply (visit_id, requirement_id, action, due_on,"
			 " replied_at, replied_by) VALUES ($1, $2, $3, $4, $5, $6)", err, v, r,
			 action, due_on && *due_on ? due_on : NULL, now, user ? u : NULL);
}

int kj_store_visit_event_add(struct kj_store *st, int64_t survey, int64_t visit,
			     int64_t actor_id, const char *actor, const char *action,
			     const char *message, struct kj_err *err)
{
	char sv[24], v[24], uid[24], now[32];
	num(sv, sizeof sv, survey);
	num(v, sizeof v, visit);
	num(uid, sizeof uid, actor_id);
	kj_now_iso(now);
	return KJ_DB_RUN(st, "INSERT INTO onsite_event (survey_id, visit_id, at, actor_user_id,"
			 " actor, action, message) VALUES ($1, $2, $3, $4, $5, $6, $7)", err, sv,
			 v, now, actor_id ? uid : NULL, actor, action, message ? message : "");
}

int kj_store_visit_events(struct kj_store *st, int64_t visit, struct kj_visit_event *out,
			  int max, int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT at, actor, action, message FROM onsite_event"
				       " WHERE visit_id = $1 ORDER BY id", err);
	int rc;
	*n = 0;
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, visit);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (*n >= max)
			continue;
		struct kj_visit_event *e = &out[(*n)++];
		kj_db_col(s, 0, e->at, sizeof e->at);
		kj_db_col(s, 1, e->actor, sizeof e->actor);
		kj_db_col(s, 2, e->action, sizeof e->action);
		kj_db_col(s, 3, e->message, sizeof e->message);
	}
	return done(st, s, rc, err, "cannot read the visit's events");
}

int kj_store_visit_ids(struct kj_store *st, int64_t survey, int64_t org, int64_t inspector,
		       int issued_only, int64_t *ids, int max, int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT v.id FROM onsite_visit v"
				       " WHERE ($1 = 0 OR v.survey_id = $1)"
				       " AND ($2 = 0 OR v.organisation_id = $2)"
				       " AND ($3 = 0 OR EXISTS (SELECT 1 FROM onsite_inspector i"
				       " WHERE i.visit_id = v.id AND i.user_id = $3))"
				       " AND ($4 = 0 OR v.state = 'issued')"
				       " ORDER BY v.id DESC", err);
	int rc;
	*n = 0;
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_int64(s, 2, org);
	kj_db_bind_int64(s, 3, inspector);
	kj_db_bind_int(s, 4, issued_only ? 1 : 0);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (*n < max)
			ids[(*n)++] = kj_db_column_int64(s, 0);
	return done(st, s, rc, err, "cannot list the visits");
}
