/* The store's part of an on-site survey's selection; see store_onsite_select.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/db.h"
#include "store/store_onsite_select.h"

static void num(char *out, size_t n, int64_t v)
{
	snprintf(out, n, "%lld", (long long)v);
}

int kj_store_onsite_ids(struct kj_store *st, int64_t *ids, int max, int *n,
			struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id FROM survey WHERE kind = 'onsite'"
				       " ORDER BY fiscal_year DESC, id DESC", err);
	if (!s)
		return -1;
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (*n < max)
			ids[(*n)++] = kj_db_column_int64(s, 0);
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot list the on-site surveys");
}

static int cand_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = ((const struct kj_onsite_cand *)b)->org;
	return x < y ? -1 : x > y;
}

/* Each candidate's levels of FY and FY - 1 per function. */
static int read_levels(struct kj_store *st, int64_t survey, int fy, struct kj_onsite_cand *c,
		       int n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT r.organisation_id, s.fiscal_year,"
		" q.function_code, SUM(a.level), COUNT(a.level)"
		" FROM answer a JOIN response r ON r.id = a.response_id"
		" JOIN survey s ON s.id = r.survey_id"
		" JOIN requirement q ON q.id = a.requirement_id"
		" WHERE s.kind = 'questionnaire' AND r.status = 'submitted' AND a.level IS NOT NULL"
		"  AND (s.fiscal_year = $1 OR s.fiscal_year = $2)"
		"  AND EXISTS (SELECT 1 FROM target t JOIN survey_sector ss"
		"   ON ss.sector_code = t.sector_code AND ss.survey_id = $3"
		"   WHERE t.organisation_id = r.organisation_id AND t.fiscal_year = $1)"
		" GROUP BY r.organisation_id, s.fiscal_year, q.function_code", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_int(s, 2, fy - 1);
	kj_db_bind_int64(s, 3, survey);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int64_t org = kj_db_column_int64(s, 0);
		struct kj_onsite_cand *k = bsearch(&org, c, (size_t)n, sizeof *c, cand_cmp);
		char func[KJ_ONSITE_FUNC_CODE_MAX];
		kj_db_col(s, 2, func, sizeof func);
		if (k)	/* a standard has a handful of functions: the cap is never reached */
			(void)kj_onsite_cand_add(k, func, kj_db_column_int(s, 1) == fy ? 0 : 1,
						 (long)kj_db_column_int64(s, 3),
						 (long)kj_db_column_int64(s, 4));
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the operators' levels");
}

int kj_store_onsite_candidates(struct kj_store *st, int64_t survey, int fy,
			       struct kj_onsite_cand **out, int *n, struct kj_err *err)
{
	*out = NULL;
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT t.organisation_id, t.sector_code,"
		" o.prefecture_code, o.core_infra,"
		" (SELECT MAX(p.fiscal_year) FROM onsite_visit v JOIN survey p ON p.id = v.survey_id"
		"  WHERE v.organisation_id = t.organisation_id AND p.kind = 'onsite'"
		"  AND p.fiscal_year < $1)"
		" FROM target t JOIN survey_sector ss ON ss.sector_code = t.sector_code"
		"  AND ss.survey_id = $2"
		" JOIN organisation o ON o.id = t.organisation_id"
		" JOIN sector c ON c.code = t.sector_code"
		" WHERE t.fiscal_year = $1 AND o.active = 1"
		" ORDER BY t.organisation_id, c.ord, t.sector_code", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_int64(s, 2, survey);
	struct kj_onsite_cand *c = NULL;
	int cap = 0, rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int64_t org = kj_db_column_int64(s, 0);
		if ((*n > 0 && c[*n - 1].org == org) || *n >= KJ_ONSITE_CANDS_MAX)
			continue;	/* its first scope sector is kept */
		if (*n == cap) {
			int ncap = cap ? cap * 2 : 64;
			struct kj_onsite_cand *g = realloc(c, (size_t)ncap * sizeof *c);
			if (!g) {
				kj_db_reset(s);
				free(c);
				kj_err_set(err, "out of memory");
				return -1;
			}
			c = g;
			cap = ncap;
		}
		struct kj_onsite_cand *k = &c[(*n)++];
		memset(k, 0, sizeof *k);
		k->org = org;
		kj_db_col(s, 1, k->sector, sizeof k->sector);
		kj_db_col(s, 2, k->prefecture, sizeof k->prefecture);
		k->kikan = kj_db_column_int(s, 3) != 0;
		k->last_inspected = kj_db_column_text(s, 4) ? kj_db_column_int(s, 4) : 0;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_DONE) {
		free(c);
		*n = 0;
		return kj_db_fail(st, err, "cannot read the operators to choose from");
	}
	if (*n && read_levels(st, survey, fy, c, *n, err) < 0) {
		free(c);
		*n = 0;
		return -1;
	}
	*out = c;
	return 0;
}

int kj_store_onsite_function_exists(struct kj_store *st, const char *func, int *yes,
				    struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT 1 FROM requirement WHERE function_code = $1"
				       " LIMIT 1", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, func);
	int rc = kj_db_step(s);
	*yes = rc == KJ_DB_ROW;
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0
		: kj_db_fail(st, err, "cannot read the standard's functions");
}

int kj_store_onsite_selection_get(struct kj_store *st, int64_t survey,
				  struct kj_onsite_selection *sel, struct kj_err *err)
{
	memset(sel, 0, sizeof *sel);
	struct kj_stmt *s = kj_db_kept(st, "SELECT l.id, l.rules, l.seed, l.state, l.revision,"
		" l.created_at, l.approved_at, u.login FROM onsite_selection l"
		" LEFT JOIN app_user u ON u.id = l.approved_by WHERE l.survey_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		sel->id = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, sel->rules, sizeof sel->rules);
		sel->seed = (long)kj_db_column_int64(s, 2);
		kj_db_col(s, 3, sel->state, sizeof sel->state);
		sel->revision = kj_db_column_int(s, 4);
		kj_db_col(s, 5, sel->created_at, sizeof sel->created_at);
		kj_db_col(s, 6, sel->approved_at, sizeof sel->approved_at);
		kj_db_col(s, 7, sel->approved_by, sizeof sel->approved_by);
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0
		: kj_db_fail(st, err, "cannot read the selection");
}

int kj_store_onsite_selection_save(struct kj_store *st, int64_t survey, const char *rules,
				   long seed, int revision, const struct kj_onsite_cand *c,
				   const struct kj_onsite_pick *picks, int npicks,
				   int64_t user, int64_t *id, int *changed, struct kj_err *err)
{
	struct kj_onsite_selection *sel = malloc(sizeof *sel);
	char sv[24], sd[24], uid[24], rv[24], now[32], sid[24];
	int rc = -1;
	*changed = 0;
	*id = 0;
	if (!sel) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_onsite_selection_get(st, survey, sel, err) < 0)
		goto done;
	num(sv, sizeof sv, survey);
	num(sd, sizeof sd, seed);
	num(uid, sizeof uid, user);
	num(rv, sizeof rv, revision);
	kj_now_iso(now);
	if (!sel->id) {
		if (revision > 0) {
			rc = 0;
			goto done;
		}
		if (KJ_DB_RUN(st, "INSERT INTO onsite_selection (survey_id, rules, seed, state,"
			      " revision, created_at, created_by) VALUES ($1, $2, $3, 'draft', 1,"
			      " $4, $5)", err, sv, rules, sd, now, user ? uid : NULL) < 0)
			goto done;
		*id = kj_db_last_id(st);
	} else {
		if (strcmp(sel->state, "draft") || (revision >= 0 && revision != sel->revision)) {
			rc = 0;
			goto done;
		}
		*id = sel->id;
		num(sid, sizeof sid, sel->id);
		if (KJ_DB_RUN(st, "UPDATE onsite_selection SET rules = $1, seed = $2,"
			      " revision = revision + 1, created_at = $3, created_by = $4"
			      " WHERE id = $5 AND state = 'draft'", err, rules, sd, now,
			      user ? uid : NULL, sid) < 0 ||
		    KJ_DB_RUN(st, "DELETE FROM onsite_pick WHERE selection_id = $1", err, sid) < 0)
			goto done;
	}
	num(sid, sizeof sid, *id);
	for (int i = 0; i < npicks; i++) {
		char org[24], ord[16];
		const struct kj_onsite_cand *k = &c[picks[i].cand];
		num(org, sizeof org, k->org);
		num(ord, sizeof ord, i + 1);
		if (KJ_DB_RUN(st, "INSERT INTO onsite_pick (selection_id, organisation_id,"
			      " sector_code, ord, rule, detail) VALUES ($1, $2, $3, $4, $5, $6)",
			      err, sid, org, k->sector, ord, kj_onsite_rule_name(picks[i].rule),
			      picks[i].detail) < 0)
			goto done;
	}
	*changed = 1;
	rc = 0;
done:
	free(sel);
	return rc;
}

int kj_store_onsite_approve(struct kj_store *st, int64_t id, int revision, int64_t user,
			    int *changed, struct kj_err *err)
{
	char sid[24], rv[24], uid[24], now[32];
	num(sid, sizeof sid, id);
	num(rv, sizeof rv, revision);
	num(uid, sizeof uid, user);
	kj_now_iso(now);
	if (KJ_DB_RUN(st, "UPDATE onsite_selection SET state = 'approved', approved_at = $1,"
		      " approved_by = $2, revision = revision + 1"
		      " WHERE id = $3 AND state = 'draft'"
		      " AND (CAST($4 AS INTEGER) < 0 OR revision = CAST($4 AS INTEGER))", err, now,
		      user ? uid : NULL, sid, rv) < 0)
		return -1;
	*changed = kj_db_changes(st) > 0;
	return 0;
}

int kj_store_onsite_bump(struct kj_store *st, int64_t id, int revision, int *changed,
			 struct kj_err *err)
{
	char sid[24], rv[24];
	num(sid, sizeof sid, id);
	num(rv, sizeof rv, revision);
	if (KJ_DB_RUN(st, "UPDATE onsite_selection SET revision = revision + 1 WHERE id = $1"
		      " AND (CAST($2 AS INTEGER) < 0 OR revision = CAST($2 AS INTEGER))", err,
		      sid, rv) < 0)
		return -1;
	*changed = kj_db_changes(st) > 0;
	return 0;
}

int kj_store_onsite_pick_each(struct kj_store *st, int64_t id, kj_onsite_pick_fn fn,
			      void *ctx, struct kj_err *err)
{
	struct kj_stmt *s;
	if (kj_db_prep(st, "SELECT p.organisation_id, o.corporate_number, o.name_ja,"
		       " p.sector_code, o.prefecture_code, p.rule, p.detail, p.ord, p.removed,"
		       " o.core_infra FROM onsite_pick p"
		       " JOIN organisation o ON o.id = p.organisation_id"
		       " WHERE p.selection_id = $1 ORDER BY p.ord, p.organisation_id", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *t;
		struct kj_onsite_pick_row p = {
			.org = kj_db_column_int64(s, 0),
			.corporate_number = (t = kj_db_column_text(s, 1)) ? t : "",
		};
		p.name = (t = kj_db_column_text(s, 2)) ? t : "";
		p.sector = (t = kj_db_column_text(s, 3)) ? t : "";
		p.prefecture = (t = kj_db_column_text(s, 4)) ? t : "";
		p.rule = (t = kj_db_column_text(s, 5)) ? t : "";
		p.detail = (t = kj_db_column_text(s, 6)) ? t : "";
		p.ord = kj_db_column_int(s, 7);
		p.removed = kj_db_column_int(s, 8);
		p.kikan = kj_db_column_int(s, 9);
		if (fn(ctx, &p)) {
			rc = KJ_DB_DONE;
			break;
		}
	}
	kj_db_finalize(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the picks");
}

int kj_store_onsite_pick_state(struct kj_store *st, int64_t id, int64_t org, int *state,
			       struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT removed FROM onsite_pick"
				       " WHERE selection_id = $1 AND organisation_id = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	kj_db_bind_int64(s, 2, org);
	int rc = kj_db_step(s);
	*state = rc == KJ_DB_ROW ? kj_db_column_int(s, 0) != 0 : -1;
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0
		: kj_db_fail(st, err, "cannot read the pick");
}

int kj_store_onsite_pick_add(struct kj_store *st, int64_t id, int64_t org, const char *sector,
			     const char *detail, struct kj_err *err)
{
	char sid[24], so[24];
	num(sid, sizeof sid, id);
	num(so, sizeof so, org);
	if (KJ_DB_RUN(st, "UPDATE onsite_pick SET removed = 0, rule = 'manual', detail = $1"
		      " WHERE selection_id = $2 AND organisation_id = $3", err, detail, sid, so) < 0)
		return -1;
	if (kj_db_changes(st) > 0)
		return 0;
	return KJ_DB_RUN(st, "INSERT INTO onsite_pick (selection_id, organisation_id, sector_code,"
			 " ord, rule, detail) SELECT CAST($1 AS INTEGER), CAST($2 AS INTEGER),"
			 " CAST($3 AS TEXT), COALESCE(MAX(ord), 0) + 1, 'manual', CAST($4 AS TEXT) FROM onsite_pick"
			 " WHERE selection_id = CAST($1 AS INTEGER)", err, sid, so, sector, detail);
}

int kj_store_onsite_pick_remove(struct kj_store *st, int64_t id, int64_t org,
				struct kj_err *err)
{
	char sid[24], so[24];
	num(sid, sizeof sid, id);
	num(so, sizeof so, org);
	return KJ_DB_RUN(st, "UPDATE onsite_pick SET removed = 1"
			 " WHERE selection_id = $1 AND organisation_id = $2", err, sid, so);
}

int kj_store_onsite_change_add(struct kj_store *st, int64_t id, int64_t org,
			       const char *action, const char *reason, int64_t user,
			       const char *actor, struct kj_err *err)
{
	char sid[24], so[24], uid[24], now[32];
	num(sid, sizeof sid, id);
	num(so, sizeof so, org);
	num(uid, sizeof uid, user);
	kj_now_iso(now);
	return KJ_DB_RUN(st, "INSERT INTO onsite_pick_change (selection_id, organisation_id,"
			 " action, reason, at, actor_user_id, actor) VALUES ($1, $2, $3, $4, $5,"
			 " $6, $7)", err, sid, so, action, reason, now, user ? uid : NULL, actor);
}

int kj_store_onsite_change_each(struct kj_store *st, int64_t id, kj_onsite_change_fn fn,
				void *ctx, struct kj_err *err)
{
	struct kj_stmt *s;
	if (kj_db_prep(st, "SELECT c.at, c.actor, c.action, c.reason, o.corporate_number,"
		       " o.name_ja FROM onsite_pick_change c"
		       " JOIN organisation o ON o.id = c.organisation_id"
		       " WHERE c.selection_id = $1 ORDER BY c.id", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc, shown = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && shown++ < KJ_ONSITE_CHANGES_MAX) {
		const char *t;
		struct kj_onsite_change_row c;
		c.at = (t = kj_db_column_text(s, 0)) ? t : "";
		c.actor = (t = kj_db_column_text(s, 1)) ? t : "";
		c.action = (t = kj_db_column_text(s, 2)) ? t : "";
		c.reason = (t = kj_db_column_text(s, 3)) ? t : "";
		c.corporate_number = (t = kj_db_column_text(s, 4)) ? t : "";
		c.name = (t = kj_db_column_text(s, 5)) ? t : "";
		if (fn(ctx, &c)) {
			rc = KJ_DB_DONE;
			break;
		}
	}
	kj_db_finalize(s);
	return rc == KJ_DB_DONE || rc == KJ_DB_ROW ? 0
		: kj_db_fail(st, err, "cannot read the selection's changes");
}

int kj_store_onsite_target(struct kj_store *st, int64_t survey, int fy,
			   const char *corporate_number, int64_t *org, kj_sector_code sector,
			   struct kj_err *err)
{
	*org = 0;
	sector[0] = '\0';
	struct kj_stmt *s = kj_db_kept(st, "SELECT o.id, (SELECT t.sector_code FROM target t"
		"  JOIN survey_sector ss ON ss.sector_code = t.sector_code AND ss.survey_id = $1"
		"  JOIN sector c ON c.code = t.sector_code"
		"  WHERE t.organisation_id = o.id AND t.fiscal_year = $2"
		"  ORDER BY c.ord, t.sector_code LIMIT 1)"
		" FROM organisation o WHERE o.corporate_number = $3", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_int(s, 2, fy);
	kj_db_bind_text(s, 3, corporate_number);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*org = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, sector, KJ_SECTOR_CODE_MAX);
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0
		: kj_db_fail(st, err, "cannot read the organisation");
}
