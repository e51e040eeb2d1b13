/* The store's evaluations; see store_eval.h. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "store/db.h"
#include "store/store_eval.h"

static void num(char *out, size_t n, long long v)
{
	int w = snprintf(out, n, "%lld", v);
	if (w < 0 || (size_t)w >= n)
		out[0] = '\0';	/* too small a buffer: no number rather than a wrong one */
}

static void col(struct kj_stmt *s, int i, char *out, size_t n)
{
	kj_db_col(s, i, out, n);
}

/* Ends a read of S: 0 when it ran to its end (or stopped on a row), else -1. */
static int done(struct kj_store *st, struct kj_stmt *s, int rc, struct kj_err *err,
		const char *what)
{
	kj_db_reset(s);
	return rc == KJ_DB_DONE || rc == KJ_DB_ROW ? 0 : kj_db_fail(st, err, what);
}

int kj_store_eval_find(struct kj_store *st, int fy, const char *scope_key, int64_t *id,
		       struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id FROM eval_doc"
				       " WHERE fiscal_year = $1 AND scope_key = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_text(s, 2, scope_key);
	int rc = kj_db_step(s);
	*id = rc == KJ_DB_ROW ? kj_db_column_int64(s, 0) : 0;
	return done(st, s, rc, err, "cannot read the evaluations");
}

int kj_store_eval_create(struct kj_store *st, struct kj_eval *e, int64_t *id,
			 struct kj_err *err)
{
	char fy[16], now[32], key[80], eid[24];
	num(fy, sizeof fy, e->fy);
	kj_now_iso(now);
	kj_eval_scope_key(e->scope, e->sector, e->ministry, key, sizeof key);
	if (KJ_DB_RUN(st, "INSERT INTO eval_doc (fiscal_year, scope, scope_key, sector_code,"
		      " ministry_code, state, revision, created_at, updated_at)"
		      " VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)", err, fy,
		      kj_eval_scope_name(e->scope), key, *e->sector ? e->sector : NULL,
		      *e->ministry ? e->ministry : NULL, kj_eval_state_name(e->state), now) < 0)
		return -1;
	*id = e->id = kj_db_last_id(st);
	e->revision = 1;
	kj_strlcpy(e->created_at, now, sizeof e->created_at);
	kj_strlcpy(e->updated_at, now, sizeof e->updated_at);
	num(eid, sizeof eid, *id);
	for (int s = 0; s < KJ_EVAL_NSECTIONS; s++)
		if (kj_eval_section_of(e->scope, s) &&
		    KJ_DB_RUN(st, "INSERT INTO eval_section (eval_id, section, body)"
			      " VALUES ($1, $2, $3)", err, eid, kj_eval_section_name(s),
			      e->body[s]) < 0)
			return -1;
	return 0;
}

static int read_head(struct kj_store *st, int64_t id, struct kj_eval *e, int *found,
		     struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT fiscal_year, scope, sector_code, ministry_code,"
		" state, revision, created_at, updated_at FROM eval_doc WHERE id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	*found = rc == KJ_DB_ROW;
	if (*found) {
		char v[16];
		e->id = id;
		e->fy = kj_db_column_int(s, 0);
		col(s, 1, v, sizeof v);
		e->scope = (enum kj_eval_scope)kj_eval_scope_parse(v);
		col(s, 2, e->sector, sizeof e->sector);
		col(s, 3, e->ministry, sizeof e->ministry);
		col(s, 4, v, sizeof v);
		e->state = (enum kj_eval_state)kj_eval_state_parse(v);
		e->revision = kj_db_column_int(s, 5);
		col(s, 6, e->created_at, sizeof e->created_at);
		col(s, 7, e->updated_at, sizeof e->updated_at);
	}
	return done(st, s, rc, err, "cannot read the evaluation");
}

int kj_store_eval_get(struct kj_store *st, int64_t id, struct kj_eval *e, int *found,
		      struct kj_err *err)
{
	memset(e, 0, sizeof *e);
	if (read_head(st, id, e, found, err) < 0 || !*found)
		return *found ? -1 : 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT section, body FROM eval_section"
				       " WHERE eval_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int sec = kj_eval_section_parse(kj_db_column_text(s, 0));
		if (sec >= 0)
			col(s, 1, e->body[sec], sizeof e->body[sec]);
	}
	if (done(st, s, rc, err, "cannot read the evaluation's sections") < 0)
		return -1;
	s = kj_db_kept(st, "SELECT section, ord, kind, ref, caption FROM eval_figure"
		       " WHERE eval_id = $1 ORDER BY section, ord", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	e->nfigures = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && e->nfigures < KJ_EVAL_FIGURES_MAX) {
		struct kj_eval_figure *f = &e->figures[e->nfigures];
		int sec = kj_eval_section_parse(kj_db_column_text(s, 0));
		int kind = kj_eval_fig_kind_parse(kj_db_column_text(s, 2));
		if (sec < 0 || kind < 0)
			continue;	/* a kind this version does not draw ('progress') */
		f->section = (enum kj_eval_section)sec;
		f->ord = kj_db_column_int(s, 1);
		f->kind = (enum kj_eval_fig_kind)kind;
		col(s, 3, f->ref, sizeof f->ref);
		col(s, 4, f->caption, sizeof f->caption);
		e->nfigures++;
	}
	return done(st, s, rc, err, "cannot read the evaluation's figures");
}

int kj_store_eval_list(struct kj_store *st, int fy, struct kj_eval_row *out, int max, int *n,
		       struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id, fiscal_year, scope, sector_code,"
		" ministry_code, state, revision, updated_at FROM eval_doc"
		" WHERE ($1 = 0 OR fiscal_year = $1)"
		" ORDER BY fiscal_year DESC, CASE scope WHEN 'hq' THEN 0 WHEN 'cross' THEN 1"
		" ELSE 2 END, sector_code, ministry_code", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		struct kj_eval_row *r = &out[(*n)++];
		char v[16];
		memset(r, 0, sizeof *r);
		r->id = kj_db_column_int64(s, 0);
		r->fy = kj_db_column_int(s, 1);
		col(s, 2, v, sizeof v);
		r->scope = (enum kj_eval_scope)kj_eval_scope_parse(v);
		col(s, 3, r->sector, sizeof r->sector);
		col(s, 4, r->ministry, sizeof r->ministry);
		col(s, 5, v, sizeof v);
		r->state = (enum kj_eval_state)kj_eval_state_parse(v);
		r->revision = kj_db_column_int(s, 6);
		col(s, 7, r->updated_at, sizeof r->updated_at);
	}
	return done(st, s, rc, err, "cannot list the evaluations");
}

int kj_store_eval_bump(struct kj_store *st, int64_t id, int expect, int *ok, struct kj_err *err)
{
	char eid[24], rev[16], now[32];
	num(eid, sizeof eid, id);
	num(rev, sizeof rev, expect);
	kj_now_iso(now);
	if (KJ_DB_RUN(st, "UPDATE eval_doc SET revision = revision + 1, updated_at = $1"
		      " WHERE id = $2 AND revision = $3", err, now, eid, rev) < 0)
		return -1;
	*ok = kj_db_changes(st) == 1;
	return 0;
}

int kj_store_eval_set_section(struct kj_store *st, int64_t id, enum kj_eval_section s,
			      const char *body, struct kj_err *err)
{
	char eid[24];
	num(eid, sizeof eid, id);
	if (KJ_DB_RUN(st, "UPDATE eval_section SET body = $1 WHERE eval_id = $2 AND section = $3",
		      err, body, eid, kj_eval_section_name(s)) < 0)
		return -1;
	if (kj_db_changes(st) == 1)
		return 0;
	return KJ_DB_RUN(st, "INSERT INTO eval_section (eval_id, section, body) VALUES ($1, $2, $3)",
			 err, eid, kj_eval_section_name(s), body);
}

int kj_store_eval_add_figure(struct kj_store *st, int64_t id, struct kj_eval_figure *f,
			     struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT COALESCE(MAX(ord), 0) FROM eval_figure"
				       " WHERE eval_id = $1 AND section = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	kj_db_bind_text(s, 2, kj_eval_section_name(f->section));
	int rc = kj_db_step(s);
	f->ord = rc == KJ_DB_ROW ? kj_db_column_int(s, 0) + 1 : 1;
	if (done(st, s, rc, err, "cannot read the evaluation's figures") < 0)
		return -1;
	char eid[24], ord[16];
	num(eid, sizeof eid, id);
	num(ord, sizeof ord, f->ord);
	return KJ_DB_RUN(st, "INSERT INTO eval_figure (eval_id, section, ord, kind, ref, caption)"
			 " VALUES ($1, $2, $3, $4, $5, $6)", err, eid,
			 kj_eval_section_name(f->section), ord, kj_eval_fig_kind_name(f->kind),
			 f->ref, f->caption);
}

int kj_store_eval_drop_figure(struct kj_store *st, int64_t id, enum kj_eval_section s, int ord,
			      int *dropped, struct kj_err *err)
{
	char eid[24], o[16];
	num(eid, sizeof eid, id);
	num(o, sizeof o, ord);
	if (KJ_DB_RUN(st, "DELETE FROM eval_figure WHERE eval_id = $1 AND section = $2"
		      " AND ord = $3", err, eid, kj_eval_section_name(s), o) < 0)
		return -1;
	*dropped = kj_db_changes(st) == 1;
	return 0;
}

int kj_store_eval_set_state(struct kj_store *st, int64_t id, enum kj_eval_state s,
			    struct kj_err *err)
{
	char eid[24];
	num(eid, sizeof eid, id);
	return KJ_DB_RUN(st, "UPDATE eval_doc SET state = $1 WHERE id = $2", err,
			 kj_eval_state_name(s), eid);
}

int kj_store_eval_set_dates(struct kj_store *st, int64_t id, const char *created_at,
			    const char *updated_at, struct kj_err *err)
{
	char eid[24];
	num(eid, sizeof eid, id);
	return KJ_DB_RUN(st, "UPDATE eval_doc SET created_at = $1, updated_at = $2 WHERE id = $3",
			 err, created_at, updated_at, eid);
}

int kj_store_eval_event_add(struct kj_store *st, int64_t id, const char *at, int64_t actor_id,
			    const char *actor, const char *action, const char *message,
			    struct kj_err *err)
{
	char eid[24], aid[24], now[32];
	num(eid, sizeof eid, id);
	num(aid, sizeof aid, actor_id);
	if (!at) {
		kj_now_iso(now);
		at = now;
	}
	return KJ_DB_RUN(st, "INSERT INTO eval_event (eval_id, at, actor_user_id, actor, action,"
			 " message) VALUES ($1, $2, $3, $4, $5, $6)", err, eid, at,
			 actor_id > 0 ? aid : NULL, actor, action, message ? message : "");
}

int kj_store_eval_events(struct kj_store *st, int64_t id, struct kj_eval_event *out, int max,
			 int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT at, actor, action, message FROM eval_event"
				       " WHERE eval_id = $1 ORDER BY id", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		struct kj_eval_event *e = &out[(*n)++];
		col(s, 0, e->at, sizeof e->at);
		col(s, 1, e->actor, sizeof e->actor);
		col(s, 2, e->action, sizeof e->action);
		col(s, 3, e->message, sizeof e->message);
	}
	return done(st, s, rc, err, "cannot read the evaluation's events");
}

static void read_item(struct kj_stmt *s, struct kj_hq_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = kj_db_column_int64(s, 0);
	it->eval_id = kj_db_column_int64(s, 1);
	it->ord = kj_db_column_int(s, 2);
	it->kind = (enum kj_item_kind)kj_item_kind_parse(kj_db_column_text(s, 3));
	it->category = (enum kj_item_category)kj_item_category_parse(kj_db_column_text(s, 4));
	col(s, 5, it->addressee, sizeof it->addressee);
	col(s, 6, it->text, sizeof it->text);
	col(s, 7, it->created_at, sizeof it->created_at);
}

int kj_store_eval_item_add(struct kj_store *st, struct kj_hq_item *it, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT COALESCE(MAX(ord), 0) FROM hq_item"
				       " WHERE eval_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, it->eval_id);
	int rc = kj_db_step(s);
	it->ord = rc == KJ_DB_ROW ? kj_db_column_int(s, 0) + 1 : 1;
	if (done(st, s, rc, err, "cannot read the evaluation's items") < 0)
		return -1;
	char eid[24], ord[16];
	num(eid, sizeof eid, it->eval_id);
	num(ord, sizeof ord, it->ord);
	if (!*it->created_at)
		kj_now_iso(it->created_at);
	if (KJ_DB_RUN(st, "INSERT INTO hq_item (eval_id, ord, kind, category, addressee, text,"
		      " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)", err, eid, ord,
		      kj_item_kind_name(it->kind), kj_item_category_name(it->category),
		      it->addressee, it->text, it->created_at) < 0)
		return -1;
	it->id = kj_db_last_id(st);
	return 0;
}

int kj_store_eval_item_get(struct kj_store *st, int64_t id, struct kj_hq_item *it, int *found,
			   struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id, eval_id, ord, kind, category, addressee,"
				       " text, created_at FROM hq_item WHERE id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	*found = rc == KJ_DB_ROW;
	if (*found)
		read_item(s, it);
	return done(st, s, rc, err, "cannot read the item");
}

int kj_store_eval_items(struct kj_store *st, int64_t id, struct kj_hq_item *out, int max,
			int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id, eval_id, ord, kind, category, addressee,"
				       " text, created_at FROM hq_item WHERE eval_id = $1 ORDER BY ord",
				       err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max)
		read_item(s, &out[(*n)++]);
	return done(st, s, rc, err, "cannot read the evaluation's items");
}

int kj_store_eval_item_drop(struct kj_store *st, int64_t id, struct kj_err *err)
{
	char iid[24];
	num(iid, sizeof iid, id);
	if (KJ_DB_RUN(st, "DELETE FROM hq_item_answer WHERE item_id = $1", err, iid) < 0)
		return -1;
	return KJ_DB_RUN(st, "DELETE FROM hq_item WHERE id = $1", err, iid);
}

int kj_store_eval_answers(struct kj_store *st, int64_t item, struct kj_eval_answer *out,
			  int max, int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT a.item_id, m.id, m.mkey, m.title, p.id,"
		" p.fiscal_year, p.scope, p.sector_code, p.ministry_code, p.state"
		" FROM hq_item_answer a JOIN impl_plan_measure m ON m.id = a.measure_id"
		" JOIN impl_plan p ON p.id = m.plan_id WHERE a.item_id = $1"
		" ORDER BY p.fiscal_year, p.id, m.category, m.ord, m.id", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, item);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		struct kj_eval_answer *a = &out[(*n)++];
		memset(a, 0, sizeof *a);
		a->item_id = kj_db_column_int64(s, 0);
		a->measure_id = kj_db_column_int64(s, 1);
		col(s, 2, a->mkey, sizeof a->mkey);
		col(s, 3, a->title, sizeof a->title);
		a->plan_id = kj_db_column_int64(s, 4);
		a->plan_fy = kj_db_column_int(s, 5);
		col(s, 6, a->plan_scope, sizeof a->plan_scope);
		col(s, 7, a->plan_sector, sizeof a->plan_sector);
		col(s, 8, a->plan_ministry, sizeof a->plan_ministry);
		a->plan_state = (enum kj_plan_state)kj_plan_state_parse(kj_db_column_text(s, 9));
	}
	return done(st, s, rc, err, "cannot read the answers");
}

int kj_store_eval_answer_set(struct kj_store *st, int64_t item, int64_t measure, int on,
			     int64_t actor_id, const char *actor, struct kj_err *err)
{
	char iid[24], mid[24], aid[24], now[32];
	num(iid, sizeof iid, item);
	num(mid, sizeof mid, measure);
	num(aid, sizeof aid, actor_id);
	kj_now_iso(now);
	if (!on)
		return KJ_DB_RUN(st, "DELETE FROM hq_item_answer WHERE item_id = $1"
				 " AND measure_id = $2", err, iid, mid);
	return KJ_DB_RUN(st, "INSERT INTO hq_item_answer (item_id, measure_id, at, actor_user_id,"
			 " actor) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", err, iid, mid,
			 now, actor_id > 0 ? aid : NULL, actor);
}

int kj_store_eval_measure_plan(struct kj_store *st, int64_t measure, int64_t *plan,
			       struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT plan_id FROM impl_plan_measure WHERE id = $1",
				       err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, measure);
	int rc = kj_db_step(s);
	*plan = rc == KJ_DB_ROW ? kj_db_column_int64(s, 0) : 0;
	return done(st, s, rc, err, "cannot read the measure");
}

int kj_store_eval_answered_by(struct kj_store *st, int64_t measure, int64_t *out, int max,
			      int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT item_id FROM hq_item_answer"
				       " WHERE measure_id = $1 ORDER BY item_id", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, measure);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max)
		out[(*n)++] = kj_db_column_int64(s, 0);
	return done(st, s, rc, err, "cannot read the answers");
}

int kj_store_eval_recs(struct kj_store *st, int fy, const char *addressee, int final_only,
		       struct kj_eval_rec *out, int max, int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT i.id, i.eval_id, i.ord, i.kind, i.category,"
		" i.addressee, i.text, i.created_at, d.fiscal_year, d.state"
		" FROM hq_item i JOIN eval_doc d ON d.id = i.eval_id"
		" WHERE d.scope = 'hq' AND i.kind = 'recommendation'"
		" AND ($1 = 0 OR d.fiscal_year = $1)"
		" AND (CAST($2 AS TEXT) IS NULL OR i.addressee = $2)"
		" AND ($3 = 0 OR d.state = 'final')"
		" ORDER BY d.fiscal_year, i.ord", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_text(s, 2, addressee);
	kj_db_bind_int(s, 3, final_only);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		struct kj_eval_rec *r = &out[(*n)++];
		read_item(s, &r->it);
		r->fy = kj_db_column_int(s, 8);
		r->state = (enum kj_eval_state)kj_eval_state_parse(kj_db_column_text(s, 9));
	}
	return done(st, s, rc, err, "cannot read the recommendations");
}

int kj_store_eval_sector_exists(struct kj_store *st, const char *code, int *yes,
				struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT 1 FROM sector WHERE code = $1", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, code);
	int rc = kj_db_step(s);
	*yes = rc == KJ_DB_ROW;
	return done(st, s, rc, err, "cannot read the sectors");
}
