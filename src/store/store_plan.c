/* The store's implementation plans; see store_plan.h. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "store/db.h"
#include "store/store_plan.h"

static void num(char *out, size_t n, long long v)
{
	int w = snprintf(out, n, "%lld", v);
	if (w < 0 || (size_t)w >= n)
		out[0] = '\0';	/* too small a buffer: no number rather than a wrong one */
}

void kj_store_plan_scope_key(const char *sector, const char *ministry, char *out, size_t n)
{
	if (!sector || !*sector)
		kj_strlcpy(out, "cross", n);
	else
		snprintf(out, n, "sector:%s:%s", ministry ? ministry : "", sector);
}

int kj_store_plan_find(struct kj_store *st, int fy, const char *scope_key, int64_t *id,
		       struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id FROM impl_plan"
				       " WHERE fiscal_year = $1 AND scope_key = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_text(s, 2, scope_key);
	int rc = kj_db_step(s);
	*id = rc == KJ_DB_ROW ? kj_db_column_int64(s, 0) : 0;
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the plans");
}

static int write_reqs(struct kj_store *st, const struct kj_plan_measure *m, struct kj_err *err)
{
	char mid[24];
	num(mid, sizeof mid, m->id);
	if (KJ_DB_RUN(st, "DELETE FROM impl_plan_measure_req WHERE measure_id = $1", err, mid) < 0)
		return -1;
	for (int i = 0; i < m->nreqs; i++)
		if (KJ_DB_RUN(st, "INSERT INTO impl_plan_measure_req (measure_id, requirement_code)"
			      " VALUES ($1, $2)", err, mid, m->reqs[i]) < 0)
			return -1;
	return 0;
}

int kj_store_plan_add_measure(struct kj_store *st, int64_t id, struct kj_plan_measure *m,
			      struct kj_err *err)
{
	char pid[24], cat[8], ord[16];
	num(pid, sizeof pid, id);
	num(cat, sizeof cat, m->category);
	num(ord, sizeof ord, m->ord);
	if (KJ_DB_RUN(st, "INSERT INTO impl_plan_measure (plan_id, mkey, category, ord, title,"
		      " description, kpi, schedule, owner, status, progress)"
		      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", err, pid, m->key,
		      cat, ord, m->title, m->description, m->kpi, m->schedule, m->owner,
		      kj_measure_status_name(m->status), m->progress) < 0)
		return -1;
	m->id = kj_db_last_id(st);
	return write_reqs(st, m, err);
}

int kj_store_plan_create(struct kj_store *st, struct kj_plan *p, int64_t *id,
			 struct kj_err *err)
{
	char fy[16], vid[24], from[24], targets[24], now[32], key[80];
	num(fy, sizeof fy, p->fy);
	num(vid, sizeof vid, p->version_id);
	num(from, sizeof from, p->copied_from);
	num(targets, sizeof targets, p->targets);
	kj_now_iso(now);
	kj_store_plan_scope_key(p->sector, p->ministry, key, sizeof key);
	if (KJ_DB_RUN(st, "INSERT INTO impl_plan (fiscal_year, scope, scope_key, sector_code,"
		      " ministry_code, version_id, state, revision, copied_from, targets,"
		      " created_at, updated_at)"
		      " VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $10)", err, fy,
		      p->scope, key, *p->sector ? p->sector : NULL,
		      *p->ministry ? p->ministry : NULL, vid, kj_plan_state_name(p->state),
		      p->copied_from ? from : NULL, targets, now) < 0)
		return -1;
	*id = p->id = kj_db_last_id(st);
	p->revision = 1;
	kj_strlcpy(p->created_at, now, sizeof p->created_at);
	kj_strlcpy(p->updated_at, now, sizeof p->updated_at);
	char pid[24];
	num(pid, sizeof pid, *id);
	for (int s = 0; s < KJ_PLAN_NSECTIONS; s++)
		if (KJ_DB_RUN(st, "INSERT INTO impl_plan_body (plan_id, section, body)"
			      " VALUES ($1, $2, $3)", err, pid, kj_plan_section_name(s),
			      p->body[s]) < 0)
			return -1;
	for (int i = 0; i < p->nmeasures; i++)
		if (kj_store_plan_add_measure(st, *id, &p->measures[i], err) < 0)
			return -1;
	return 0;
}

static void col(struct kj_stmt *s, int i, char *out, size_t n)
{
	kj_db_col(s, i, out, n);
}

static int read_head(struct kj_store *st, int64_t id, struct kj_plan *p, int *found,
		     struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT p.fiscal_year, p.scope, p.sector_code,"
		" p.ministry_code, p.version_id, v.version, p.state, p.revision, p.copied_from,"
		" p.targets, p.created_at, p.updated_at FROM impl_plan p"
		" JOIN standard_version v ON v.id = p.version_id WHERE p.id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	*found = rc == KJ_DB_ROW;
	if (*found) {
		char state[16];
		p->id = id;
		p->fy = kj_db_column_int(s, 0);
		col(s, 1, p->scope, sizeof p->scope);
		col(s, 2, p->sector, sizeof p->sector);
		col(s, 3, p->ministry, sizeof p->ministry);
		p->version_id = kj_db_column_int64(s, 4);
		col(s, 5, p->version, sizeof p->version);
		col(s, 6, state, sizeof state);
		p->state = (enum kj_plan_state)kj_plan_state_parse(state);
		p->revision = kj_db_column_int(s, 7);
		p->copied_from = kj_db_column_int64(s, 8);
		p->targets = (long)kj_db_column_int64(s, 9);
		col(s, 10, p->created_at, sizeof p->created_at);
		col(s, 11, p->updated_at, sizeof p->updated_at);
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the plan");
}

static int read_body(struct kj_store *st, struct kj_plan *p, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT section, body FROM impl_plan_body"
				       " WHERE plan_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, p->id);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int sec = kj_plan_section_parse(kj_db_column_text(s, 0));
		if (sec >= 0)
			col(s, 1, p->body[sec], sizeof p->body[sec]);
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the plan's structure");
}

static int read_measures(struct kj_store *st, struct kj_plan *p, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id, mkey, category, ord, title, description,"
		" kpi, schedule, owner, status, progress FROM impl_plan_measure"
		" WHERE plan_id = $1 ORDER BY category, ord, id", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, p->id);
	int rc;
	p->nmeasures = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && p->nmeasures < KJ_PLAN_MEASURES_MAX) {
		struct kj_plan_measure *m = &p->measures[p->nmeasures++];
		char status[16];
		m->id = kj_db_column_int64(s, 0);
		col(s, 1, m->key, sizeof m->key);
		m->category = kj_db_column_int(s, 2);
		m->ord = kj_db_column_int(s, 3);
		col(s, 4, m->title, sizeof m->title);
		col(s, 5, m->description, sizeof m->description);
		col(s, 6, m->kpi, sizeof m->kpi);
		col(s, 7, m->schedule, sizeof m->schedule);
		col(s, 8, m->owner, sizeof m->owner);
		col(s, 9, status, sizeof status);
		m->status = (enum kj_measure_status)kj_measure_status_parse(status);
		col(s, 10, m->progress, sizeof m->progress);
		m->nreqs = 0;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_DONE && rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot read the plan's measures");
	s = kj_db_kept(st, "SELECT r.measure_id, r.requirement_code FROM impl_plan_measure_req r"
		       " JOIN impl_plan_measure m ON m.id = r.measure_id WHERE m.plan_id = $1"
		       " ORDER BY r.measure_id, r.requirement_code", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, p->id);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int64_t mid = kj_db_column_int64(s, 0);
		for (int i = 0; i < p->nmeasures; i++) {
			struct kj_plan_measure *m = &p->measures[i];
			if (m->id == mid && m->nreqs < KJ_PLAN_REQS_MAX)
				col(s, 1, m->reqs[m->nreqs++], KJ_ID_MAX);
		}
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the measures' requirements");
}

int kj_store_plan_get(struct kj_store *st, int64_t id, struct kj_plan *p, int *found,
		      struct kj_err *err)
{
	memset(p, 0, sizeof *p);
	if (read_head(st, id, p, found, err) < 0 || !*found)
		return *found ? -1 : 0;
	return read_body(st, p, err) < 0 || read_measures(st, p, err) < 0 ? -1 : 0;
}

int kj_store_plan_list(struct kj_store *st, int fy, struct kj_plan_row *out, int max,
		       int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT p.id, p.fiscal_year, p.scope, p.sector_code,"
		" p.ministry_code, p.state, p.revision, p.targets, p.updated_at,"
		" (SELECT COUNT(*) FROM impl_plan_measure m WHERE m.plan_id = p.id)"
		" FROM impl_plan p LEFT JOIN sector c ON c.code = p.sector_code"
		" WHERE $1 = 0 OR p.fiscal_year = $1"
		" ORDER BY p.fiscal_year DESC, p.scope, c.ord, p.ministry_code", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (*n >= max)
			continue;
		struct kj_plan_row *r = &out[(*n)++];
		char state[16];
		memset(r, 0, sizeof *r);
		r->id = kj_db_column_int64(s, 0);
		r->fy = kj_db_column_int(s, 1);
		col(s, 2, r->scope, sizeof r->scope);
		col(s, 3, r->sector, sizeof r->sector);
		col(s, 4, r->ministry, sizeof r->ministry);
		col(s, 5, state, sizeof state);
		r->state = (enum kj_plan_state)kj_plan_state_parse(state);
		r->revision = kj_db_column_int(s, 6);
		r->targets = (long)kj_db_column_int64(s, 7);
		col(s, 8, r->updated_at, sizeof r->updated_at);
		r->nmeasures = kj_db_column_int(s, 9);
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot list the plans");
}

int kj_store_plan_bump(struct kj_store *st, int64_t id, int expect, int *ok,
		       struct kj_err *err)
{
	char now[32], pid[24], rev[16];
	kj_now_iso(now);
	num(pid, sizeof pid, id);
	num(rev, sizeof rev, expect);
	if (KJ_DB_RUN(st, "UPDATE impl_plan SET revision = revision + 1, updated_at = $1"
		      " WHERE id = $2 AND revision = $3", err, now, pid, rev) < 0)
		return -1;
	*ok = kj_db_changes(st) == 1;
	return 0;
}

int kj_store_plan_set_body(struct kj_store *st, int64_t id, enum kj_plan_section sec,
			   const char *text, struct kj_err *err)
{
	char pid[24];
	num(pid, sizeof pid, id);
	return KJ_DB_RUN(st, "UPDATE impl_plan_body SET body = $1 WHERE plan_id = $2"
			 " AND section = $3", err, text, pid, kj_plan_section_name(sec));
}

int kj_store_plan_set_measure(struct kj_store *st, int64_t id,
			      const struct kj_plan_measure *m, struct kj_err *err)
{
	char pid[24];
	num(pid, sizeof pid, id);
	if (KJ_DB_RUN(st, "UPDATE impl_plan_measure SET title = $1, description = $2, kpi = $3,"
		      " schedule = $4, owner = $5, status = $6, progress = $7"
		      " WHERE plan_id = $8 AND mkey = $9", err, m->title, m->description, m->kpi,
		      m->schedule, m->owner, kj_measure_status_name(m->status), m->progress,
		      pid, m->key) < 0)
		return -1;
	return write_reqs(st, m, err);
}

int kj_store_plan_drop_measure(struct kj_store *st, int64_t id, const char *key,
			       struct kj_err *err)
{
	char pid[24];
	num(pid, sizeof pid, id);
	if (KJ_DB_RUN(st, "DELETE FROM impl_plan_measure_req WHERE measure_id IN"
		      " (SELECT id FROM impl_plan_measure WHERE plan_id = $1 AND mkey = $2)",
		      err, pid, key) < 0)
		return -1;
	return KJ_DB_RUN(st, "DELETE FROM impl_plan_measure WHERE plan_id = $1 AND mkey = $2",
			 err, pid, key);
}

int kj_store_plan_set_state(struct kj_store *st, int64_t id, enum kj_plan_state state,
			    struct kj_err *err)
{
	char pid[24];
	num(pid, sizeof pid, id);
	return KJ_DB_RUN(st, "UPDATE impl_plan SET state = $1 WHERE id = $2", err,
			 kj_plan_state_name(state), pid);
}

/* The targets of a plan's year and scope; $1 year, $2 sector (NULL: all), $3 ministry. */
#define TARGETS_OF " FROM target t WHERE t.fiscal_year = $2" \
	" AND (CAST($3 AS TEXT) IS NULL OR t.sector_code = $3)" \
	" AND (CAST($4 AS TEXT) IS NULL" \
	"  OR EXISTS (SELECT 1 FROM sector_ministry sm WHERE sm.sector_code = t.sector_code" \
	"   AND sm.ministry_code = $4 AND sm.whole = 1)" \
	"  OR EXISTS (SELECT 1 FROM organisation_ministry om" \
	"   WHERE om.organisation_id = t.organisation_id AND om.ministry_code = $4))"

static void bind_scope(struct kj_stmt *s, const struct kj_plan *p)
{
	kj_db_bind_int(s, 2, p->fy);
	kj_db_bind_text(s, 3, *p->sector ? p->sector : NULL);
	kj_db_bind_text(s, 4, *p->ministry ? p->ministry : NULL);
}

int kj_store_plan_targets_now(struct kj_store *st, const struct kj_plan *p, long *n,
			      struct kj_err *err)
{
	/* The same rows as the freeze would write ($1 the plan). */
	struct kj_stmt *s = kj_db_kept(st, "SELECT COUNT(*) FROM (SELECT DISTINCT $1 AS p,"
				       " t.organisation_id" TARGETS_OF ") x", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, p->id);
	bind_scope(s, p);
	int rc = kj_db_step(s);
	*n = rc == KJ_DB_ROW ? (long)kj_db_column_int64(s, 0) : 0;
	kj_db_reset(s);
	return rc == KJ_DB_ROW ? 0 : kj_db_fail(st, err, "cannot count the plan's targets");
}

int kj_store_plan_freeze_targets(struct kj_store *st, const struct kj_plan *p, long *n,
				 struct kj_err *err)
{
	char pid[24];
	num(pid, sizeof pid, p->id);
	if (KJ_DB_RUN(st, "DELETE FROM impl_plan_target WHERE plan_id = $1", err, pid) < 0)
		return -1;
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO impl_plan_target (plan_id, organisation_id)"
				       " SELECT DISTINCT $1, t.organisation_id" TARGETS_OF, err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, p->id);
	bind_scope(s, p);
	if (kj_db_step_done(st, s, err, "cannot freeze the plan's targets") < 0)
		return -1;
	s = kj_db_kept(st, "SELECT COUNT(*) FROM impl_plan_target WHERE plan_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, p->id);
	int rc = kj_db_step(s);
	*n = rc == KJ_DB_ROW ? (long)kj_db_column_int64(s, 0) : 0;
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot count the plan's targets");
	char cnt[24];
	num(cnt, sizeof cnt, *n);
	return KJ_DB_RUN(st, "UPDATE impl_plan SET targets = $1 WHERE id = $2", err, cnt, pid);
}

int kj_store_plan_event_add(struct kj_store *st, int64_t id, const char *at, int64_t actor_id,
			    const char *actor, const char *action, const char *message,
			    struct kj_err *err)
{
	char pid[24], uid[24], now[32];
	num(pid, sizeof pid, id);
	num(uid, sizeof uid, actor_id);
	if (at)
		kj_strlcpy(now, at, sizeof now);
	else
		kj_now_iso(now);
	return KJ_DB_RUN(st, "INSERT INTO impl_plan_event (plan_id, at, actor_user_id, actor,"
			 " action, message) VALUES ($1, $2, $3, $4, $5, $6)", err, pid, now,
			 actor_id ? uid : NULL, actor, action, message ? message : "");
}

int kj_store_plan_set_dates(struct kj_store *st, int64_t id, const char *created_at,
			    const char *updated_at, struct kj_err *err)
{
	char pid[24];
	num(pid, sizeof pid, id);
	return KJ_DB_RUN(st, "UPDATE impl_plan SET created_at = $1, updated_at = $2 WHERE id = $3",
			 err, created_at, updated_at, pid);
}

int kj_store_plan_events(struct kj_store *st, int64_t id, struct kj_plan_event *out, int max,
			 int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT at, actor, action, message FROM impl_plan_event"
				       " WHERE plan_id = $1 ORDER BY id", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (*n < max) {
			struct kj_plan_event *e = &out[(*n)++];
			col(s, 0, e->at, sizeof e->at);
			col(s, 1, e->actor, sizeof e->actor);
			col(s, 2, e->action, sizeof e->action);
			col(s, 3, e->message, sizeof e->message);
		}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the plan's events");
}

int kj_store_plan_req_exists(struct kj_store *st, int64_t version_id, const char *code,
			     int *yes, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT 1 FROM requirement WHERE version_id = $1"
				       " AND code = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, version_id);
	kj_db_bind_text(s, 2, code);
	int rc = kj_db_step(s);
	*yes = rc == KJ_DB_ROW;
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0
		: kj_db_fail(st, err, "cannot read the requirements");
}

int kj_store_plan_ministries_of(struct kj_store *st, const char *sector,
				char out[][KJ_MINISTRY_CODE_MAX], int max, int *n,
				struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT ministry_code FROM sector_ministry"
				       " WHERE sector_code = $1 ORDER BY ministry_code", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, sector);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (*n < max)
			col(s, 0, out[(*n)++], KJ_MINISTRY_CODE_MAX);
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the sector's ministries");
}

int kj_store_plan_main_measures(struct kj_store *st, int64_t version_id,
				struct kj_main_measure *out, int max, int *n,
				struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT category_n, n, text_ja FROM main_measure"
				       " WHERE version_id = $1 ORDER BY category_n, n", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, version_id);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (*n < max) {
			struct kj_main_measure *m = &out[(*n)++];
			m->category = kj_db_column_int(s, 0);
			m->n = kj_db_column_int(s, 1);
			col(s, 2, m->text, sizeof m->text);
		}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the standard's measures");
}

int kj_store_plan_categories(struct kj_store *st, int64_t version_id,
			     char ja[KJ_PLAN_CATEGORIES][KJ_PLAN_CATEGORY_TITLE_MAX],
			     char en[KJ_PLAN_CATEGORIES][KJ_PLAN_CATEGORY_TITLE_MAX],
			     struct kj_err *err)
{
	memset(ja, 0, KJ_PLAN_CATEGORIES * KJ_PLAN_CATEGORY_TITLE_MAX);
	memset(en, 0, KJ_PLAN_CATEGORIES * KJ_PLAN_CATEGORY_TITLE_MAX);
	struct kj_stmt *s = kj_db_kept(st, "SELECT n, title_ja, title_en FROM measure_category"
				       " WHERE version_id = $1 ORDER BY n", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, version_id);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int n = kj_db_column_int(s, 0);
		if (n >= 1 && n <= KJ_PLAN_CATEGORIES) {
			col(s, 1, ja[n - 1], KJ_PLAN_CATEGORY_TITLE_MAX);
			col(s, 2, en[n - 1], KJ_PLAN_CATEGORY_TITLE_MAX);
		}
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the measure categories");
}
