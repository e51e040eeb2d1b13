/* The analysis counts kept as responses change; see store_analysis.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store_analysis.h"

int kj_store_analysis_latest_fy(struct kj_store *st, int upto, int *fy, struct kj_err *err)
{
	*fy = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT MAX(fiscal_year) FROM survey"
				       " WHERE fiscal_year <= $1 AND kind = 'questionnaire'"
				       " AND status <> 'draft' AND owner_kind <> 'ministry'", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, upto);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW && kj_db_column_text(s, 0))
		*fy = kj_db_column_int(s, 0);
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot read the surveys' years");
	return 0;
}

int kj_store_analysis_survey(struct kj_store *st, int fy, struct kj_analysis_survey *out,
			     int *found, struct kj_err *err)
{
	memset(out, 0, sizeof *out);
	*found = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT s.id, s.fiscal_year, s.version_id, v.version,"
				       " s.status FROM survey s JOIN standard_version v ON v.id = s.version_id"
				       " WHERE s.fiscal_year = $1 AND s.kind = 'questionnaire'"
				       " AND s.status <> 'draft' AND s.owner_kind <> 'ministry'"
				       " ORDER BY s.id LIMIT 1", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*found = 1;
		out->id = kj_db_column_int64(s, 0);
		out->fy = kj_db_column_int(s, 1);
		out->version_id = kj_db_column_int64(s, 2);
		kj_db_col(s, 3, out->version, sizeof out->version);
		kj_db_col(s, 4, out->status, sizeof out->status);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the fiscal year's survey");
	return 0;
}

int kj_store_analysis_stamp(struct kj_store *st, int64_t survey, int64_t prev,
			    struct kj_analysis_stamp *out, struct kj_err *err)
{
	memset(out, 0, sizeof *out);
	struct kj_stmt *s = kj_db_kept(st, "SELECT (SELECT n FROM analysis_epoch WHERE survey_id = $1),"
				       " (SELECT n FROM analysis_epoch WHERE survey_id = $2),"
				       " (SELECT generation FROM registry_generation WHERE id = 1)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_int64(s, 2, prev);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		out->epoch = kj_db_column_int64(s, 0);
		out->prev_epoch = kj_db_column_int64(s, 1);
		out->generation = kj_db_column_int64(s, 2);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot read the analysis epoch");
	return 0;
}

/* The value of breakdown d.dim for respondent r counted as member m. */
#define DIM_VALUE_OF(r, m) \
	"CASE d.dim WHEN 'all' THEN '' WHEN 'size' THEN " m ".size_class" \
	" WHEN 'pref' THEN " r ".prefecture_code WHEN 'kikan' THEN CAST(" m ".core_infra AS TEXT)" \
	" ELSE CAST(" m ".local_gov AS TEXT) END"
#define DIM_VALUE DIM_VALUE_OF("r", "m")
/* The breakdowns, one row each (a table would be rows a migration wrote,
 * which `kijun db copy` rightly refuses to find in an empty database). */
#define DIMS "(SELECT 'all' AS dim UNION ALL SELECT 'size' UNION ALL SELECT 'pref'" \
	" UNION ALL SELECT 'kikan' UNION ALL SELECT 'lg') d"
/* A survey's counted respondents (one row per scope sector) and breakdowns. */
#define MEMBERS \
	" FROM survey_respondent r JOIN analysis_member m ON m.survey_id = r.survey_id" \
	" AND m.organisation_id = r.organisation_id CROSS JOIN " DIMS
/* ... and their answers, counted per requirement in breakdown 'all' only
 * (analysis_count) and over all the requirements in the others
 * (analysis_pool: a sector view adds up 300 rows, not 30,000). */
#define ANSWERS_OF \
	" FROM survey_respondent r JOIN analysis_member m ON m.survey_id = r.survey_id" \
	" AND m.organisation_id = r.organisation_id" \
	" JOIN response p ON p.survey_id = r.survey_id AND p.organisation_id = r.organisation_id" \
	" JOIN answer a ON a.response_id = p.id"
#define ANSWERS ANSWERS_OF " CROSS JOIN (SELECT 'all' AS dim) d"
#define POOL_DIMS "(SELECT 'size' AS dim UNION ALL SELECT 'pref'" \
	" UNION ALL SELECT 'kikan' UNION ALL SELECT 'lg') d"
#define POOL_ANSWERS ANSWERS_OF " CROSS JOIN " POOL_DIMS
#define COUNT_KEY "r.survey_id, r.sector_code, d.dim, " DIM_VALUE ", a.requirement_id," \
	" COALESCE(a.level, -1)"
#define POOL_KEY "r.survey_id, r.sector_code, d.dim, " DIM_VALUE ", COALESCE(a.level, -1)"
#define GROUP_KEY "r.survey_id, r.sector_code, d.dim, " DIM_VALUE
/* Each counted operator's applicable levels per function and scope sector. */
#define FNSUM_SELECT "SELECT r.survey_id, r.sector_code, r.organisation_id, q.function_code," \
	" SUM(a.level), COUNT(a.level)" ANSWERS_OF " JOIN requirement q ON q.id = a.requirement_id"
#define FNSUM_GROUP " AND a.level IS NOT NULL" \
	" GROUP BY r.survey_id, r.sector_code, r.organisation_id, q.function_code"
#define FNSUM_INSERT "INSERT INTO analysis_fnsum (survey_id, sector_code, organisation_id," \
	" function_code, level_sum, n) "

/*
 * Adds DELTA (+1 or -1) for ORG's answers and for ORG in every row that
 * counts it. The respondent's rows are found by organisation (the unary +
 * keeps SQLite off the survey's whole range of respondents).
 */
static int add_member(struct kj_store *st, int64_t survey, int64_t org, int delta,
		      struct kj_err *err)
{
	struct kj_stmt *c = kj_db_kept(st, "INSERT INTO analysis_count (survey_id, sector_code,"
				       " dim, dim_value, requirement_id, level, n) SELECT "
				       COUNT_KEY ", CAST($1 AS INTEGER)" ANSWERS
				       " WHERE +r.survey_id = $2 AND r.organisation_id = $3"
				       " ON CONFLICT (survey_id, dim, sector_code, dim_value,"
				       " requirement_id, level) DO UPDATE"
				       " SET n = analysis_count.n + excluded.n", err);
	if (!c)
		return -1;
	kj_db_bind_int(c, 1, delta);
	kj_db_bind_int64(c, 2, survey);
	kj_db_bind_int64(c, 3, org);
	if (kj_db_step_done(st, c, err, "cannot count the response's answers") < 0)
		return -1;
	struct kj_stmt *q = kj_db_kept(st, "INSERT INTO analysis_pool (survey_id, sector_code,"
				       " dim, dim_value, level, n) SELECT " POOL_KEY
				       ", CAST($1 AS INTEGER) * COUNT(*)" POOL_ANSWERS
				       " WHERE +r.survey_id = $2 AND r.organisation_id = $3"
				       " GROUP BY " POOL_KEY
				       " ON CONFLICT (survey_id, sector_code, dim, dim_value, level)"
				       " DO UPDATE SET n = analysis_pool.n + excluded.n", err);
	if (!q)
		return -1;
	kj_db_bind_int(q, 1, delta);
	kj_db_bind_int64(q, 2, survey);
	kj_db_bind_int64(q, 3, org);
	if (kj_db_step_done(st, q, err, "cannot count the response's answers") < 0)
		return -1;
	/* Its sums per function come with it and go with it. */
	struct kj_stmt *f = delta > 0
		? kj_db_kept(st, FNSUM_INSERT FNSUM_SELECT " WHERE +r.survey_id = $1"
			     " AND r.organisation_id = $2" FNSUM_GROUP, err)
		: kj_db_kept(st, "DELETE FROM analysis_fnsum WHERE survey_id = $1"
			     " AND organisation_id = $2 AND sector_code IN (SELECT r.sector_code"
			     " FROM survey_respondent r WHERE +r.survey_id = $1"
			     " AND r.organisation_id = $2)", err);
	if (!f)
		return -1;
	kj_db_bind_int64(f, 1, survey);
	kj_db_bind_int64(f, 2, org);
	if (kj_db_step_done(st, f, err, "cannot count the response's answers") < 0)
		return -1;
	struct kj_stmt *g = kj_db_kept(st, "INSERT INTO analysis_group (survey_id, sector_code,"
				       " dim, dim_value, n) SELECT " GROUP_KEY
				       ", CAST($1 AS INTEGER)" MEMBERS
				       " WHERE +r.survey_id = $2 AND r.organisation_id = $3"
				       " ON CONFLICT (survey_id, sector_code, dim, dim_value) DO UPDATE"
				       " SET n = analysis_group.n + excluded.n", err);
	if (!g)
		return -1;
	kj_db_bind_int(g, 1, delta);
	kj_db_bind_int64(g, 2, survey);
	kj_db_bind_int64(g, 3, org);
	return kj_db_step_done(st, g, err, "cannot count the operator");
}

/* Moves SURVEY's epoch, once a transaction (a batch of imports submits
 * hundreds of the same survey's responses in one). */
static int epoch_move(struct kj_store *st, int64_t survey, struct kj_err *err)
{
	if (st->in_tx && st->epoch_moved == survey)
		return 0;
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO analysis_epoch (survey_id, n)"
				       " VALUES ($1, 1) ON CONFLICT (survey_id) DO UPDATE"
				       " SET n = analysis_epoch.n + 1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	if (kj_db_step_done(st, s, err, "cannot move the analysis epoch") < 0)
		return -1;
	st->epoch_moved = st->in_tx ? survey : 0;
	return 0;
}

int kj_store_analysis_epoch(struct kj_store *st, int64_t survey, int64_t *epoch,
			    struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT n FROM analysis_epoch WHERE survey_id = $1",
				       err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc = kj_db_step(s);
	*epoch = rc == KJ_DB_ROW ? kj_db_column_int64(s, 0) : 0;
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the analysis epoch");
	return 0;
}

int kj_store_analysis_move(struct kj_store *st, int64_t survey, int64_t org, const char *from,
			   const char *to, struct kj_err *err)
{
	int in = !strcmp(to, "submitted"), was = !strcmp(from, "submitted");
	if (in == was)
		return 0;
	if (epoch_move(st, survey, err) < 0)
		return -1;
	char sid[24], oid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	snprintf(oid, sizeof oid, "%lld", (long long)org);
	if (in) {
		/* The attributes it is counted under, kept for its return. */
		if (KJ_DB_RUN(st, "INSERT INTO analysis_member (survey_id, organisation_id,"
			      " size_class, core_infra, local_gov) SELECT CAST($1 AS INTEGER), o.id,"
			      " o.size_class, o.core_infra, o.local_gov FROM organisation o"
			      " WHERE o.id = CAST($2 AS INTEGER) AND EXISTS (SELECT 1"
			      " FROM survey_respondent r WHERE +r.survey_id = CAST($1 AS INTEGER)"
			      " AND r.organisation_id = o.id)", err, sid, oid) < 0)
			return -1;
		return add_member(st, survey, org, 1, err);
	}
	if (add_member(st, survey, org, -1, err) < 0)
		return -1;
	return KJ_DB_RUN(st, "DELETE FROM analysis_member WHERE survey_id = CAST($1 AS INTEGER)"
			 " AND organisation_id = CAST($2 AS INTEGER)", err, sid, oid);
}

/*
 * A survey's counts anew: breakdown 'all' per requirement in one statement;
 * the other four from one pass over the answers, first added up per
 * combination of a respondent's attributes and level (a few thousand rows
 * for the demo's 230,000 answers a year), then per breakdown: four passes
 * over the answers, one a breakdown, took three times as long.
 */
#define REBUILD_FROM \
	" FROM survey_respondent r JOIN analysis_member m ON m.survey_id = r.survey_id" \
	" AND m.organisation_id = r.organisation_id" \
	" JOIN response p ON p.survey_id = r.survey_id AND p.organisation_id = r.organisation_id" \
	" JOIN answer a ON a.response_id = p.id WHERE r.survey_id = CAST($1 AS INTEGER)"
#define REBUILD_ALL "INSERT INTO analysis_count (survey_id, sector_code, dim, dim_value," \
	" requirement_id, level, n) SELECT r.survey_id, r.sector_code, 'all', ''," \
	" a.requirement_id, COALESCE(a.level, -1), COUNT(*)" REBUILD_FROM \
	" GROUP BY r.survey_id, r.sector_code, a.requirement_id, COALESCE(a.level, -1)"
#define POOL_VALUE DIM_VALUE_OF("x", "x")
#define REBUILD_POOL "INSERT INTO analysis_pool (survey_id, sector_code, dim, dim_value," \
	" level, n) SELECT x.survey_id, x.sector_code, d.dim, " POOL_VALUE ", x.level, SUM(x.k)" \
	" FROM (SELECT r.survey_id, r.sector_code, r.prefecture_code, m.size_class," \
	" m.core_infra, m.local_gov, COALESCE(a.level, -1) AS level, COUNT(*) AS k" \
	REBUILD_FROM " GROUP BY r.survey_id, r.sector_code, r.prefecture_code, m.size_class," \
	" m.core_infra, m.local_gov, COALESCE(a.level, -1)) x CROSS JOIN " POOL_DIMS \
	" GROUP BY x.survey_id, x.sector_code, d.dim, " POOL_VALUE ", x.level"

int kj_store_analysis_rebuild(struct kj_store *st, int64_t survey, struct kj_err *err)
{
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	if (epoch_move(st, survey, err) < 0 ||
	    KJ_DB_RUN(st, "DELETE FROM analysis_count WHERE survey_id = CAST($1 AS INTEGER)",
		      err, sid) < 0 ||
	    KJ_DB_RUN(st, "DELETE FROM analysis_pool WHERE survey_id = CAST($1 AS INTEGER)",
		      err, sid) < 0 ||
	    KJ_DB_RUN(st, "DELETE FROM analysis_fnsum WHERE survey_id = CAST($1 AS INTEGER)",
		      err, sid) < 0 ||
	    KJ_DB_RUN(st, "DELETE FROM analysis_group WHERE survey_id = CAST($1 AS INTEGER)",
		      err, sid) < 0 ||
	    KJ_DB_RUN(st, "DELETE FROM analysis_member WHERE survey_id = CAST($1 AS INTEGER)",
		      err, sid) < 0 ||
	    KJ_DB_RUN(st, "INSERT INTO analysis_member (survey_id, organisation_id, size_class,"
		      " core_infra, local_gov) SELECT p.survey_id, o.id, o.size_class, o.core_infra,"
		      " o.local_gov FROM response p JOIN organisation o ON o.id = p.organisation_id"
		      " WHERE p.survey_id = CAST($1 AS INTEGER) AND p.status = 'submitted'"
		      " AND p.organisation_id IN (SELECT r.organisation_id FROM survey_respondent r"
		      " WHERE r.survey_id = CAST($1 AS INTEGER))", err, sid) < 0 ||
	    KJ_DB_RUN(st, REBUILD_ALL, err, sid) < 0 ||
	    KJ_DB_RUN(st, REBUILD_POOL, err, sid) < 0 ||
	    KJ_DB_RUN(st, FNSUM_INSERT FNSUM_SELECT " WHERE r.survey_id = CAST($1 AS INTEGER)"
		      FNSUM_GROUP, err, sid) < 0)
		return -1;
	return KJ_DB_RUN(st, "INSERT INTO analysis_group (survey_id, sector_code, dim, dim_value, n)"
			 " SELECT " GROUP_KEY ", COUNT(*)" MEMBERS
			 " WHERE r.survey_id = CAST($1 AS INTEGER) GROUP BY " GROUP_KEY, err, sid);
}

/* The most surveys migration 15 counts anew (ten years of a few each). */
#define ANALYSIS_FILL_MAX 4096

int kj_store_analysis_fill(struct kj_store *st, struct kj_err *err)
{
	int64_t *ids = calloc(ANALYSIS_FILL_MAX, sizeof *ids);
	if (!ids) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int n = 0, rc;
	struct kj_stmt *s;
	if (kj_db_prep(st, "SELECT id FROM survey WHERE status <> 'draft' AND kind = 'questionnaire'"
		       " ORDER BY id", &s, err) < 0) {
		free(ids);
		return -1;
	}
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && n < ANALYSIS_FILL_MAX)
		ids[n++] = kj_db_column_int64(s, 0);
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE) {
		free(ids);
		return kj_db_fail(st, err, "cannot list the surveys");
	}
	for (int i = 0; i < n; i++)
		if (kj_store_analysis_rebuild(st, ids[i], err) < 0) {
			free(ids);
			return -1;
		}
	free(ids);
	return 0;
}

/* The number of rows one statement counts into *N. */
static int count_rows(struct kj_store *st, const char *sql, int64_t survey, long *n,
		      struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		*n += (long)kj_db_column_int64(s, 0);
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot compare the analysis counts");
	return 0;
}

#define KEPT_COUNTS "SELECT survey_id, sector_code, dim, dim_value, requirement_id, level, n" \
	" FROM analysis_count WHERE survey_id = $1 AND n <> 0"
#define RECOUNT "SELECT " COUNT_KEY ", COUNT(*)" ANSWERS " WHERE r.survey_id = $1" \
	" AND p.status = 'submitted' GROUP BY " COUNT_KEY
#define KEPT_POOL "SELECT survey_id, sector_code, dim, dim_value, level, n" \
	" FROM analysis_pool WHERE survey_id = $1 AND n <> 0"
#define REPOOL "SELECT " POOL_KEY ", COUNT(*)" POOL_ANSWERS " WHERE r.survey_id = $1" \
	" AND p.status = 'submitted' GROUP BY " POOL_KEY
#define KEPT_FNSUM "SELECT survey_id, sector_code, organisation_id, function_code," \
	" level_sum, n FROM analysis_fnsum WHERE survey_id = $1"
#define REFNSUM FNSUM_SELECT " WHERE r.survey_id = $1" FNSUM_GROUP
#define KEPT_GROUPS "SELECT survey_id, sector_code, dim, dim_value, n FROM analysis_group" \
	" WHERE survey_id = $1 AND n <> 0"
#define REGROUP "SELECT " GROUP_KEY ", COUNT(*)" MEMBERS " WHERE r.survey_id = $1 GROUP BY " \
	GROUP_KEY

int kj_store_analysis_check(struct kj_store *st, int64_t survey, long *different,
			    struct kj_err *err)
{
	*different = 0;
	if (count_rows(st, "SELECT COUNT(*) FROM (" KEPT_COUNTS " EXCEPT " RECOUNT ") x",
		       survey, different, err) < 0 ||
	    count_rows(st, "SELECT COUNT(*) FROM (" RECOUNT " EXCEPT " KEPT_COUNTS ") x",
		       survey, different, err) < 0 ||
	    count_rows(st, "SELECT COUNT(*) FROM (" KEPT_POOL " EXCEPT " REPOOL ") x",
		       survey, different, err) < 0 ||
	    count_rows(st, "SELECT COUNT(*) FROM (" REPOOL " EXCEPT " KEPT_POOL ") x",
		       survey, different, err) < 0 ||
	    count_rows(st, "SELECT COUNT(*) FROM (" KEPT_FNSUM " EXCEPT " REFNSUM ") x",
		       survey, different, err) < 0 ||
	    count_rows(st, "SELECT COUNT(*) FROM (" REFNSUM " EXCEPT " KEPT_FNSUM ") x",
		       survey, different, err) < 0 ||
	    count_rows(st, "SELECT COUNT(*) FROM (" KEPT_GROUPS " EXCEPT " REGROUP ") x",
		       survey, different, err) < 0 ||
	    count_rows(st, "SELECT COUNT(*) FROM (" REGROUP " EXCEPT " KEPT_GROUPS ") x",
		       survey, different, err) < 0)
		return -1;
	/* The members are exactly the submitted respondents. */
	return count_rows(st, "SELECT COUNT(*) FROM response p WHERE p.survey_id = $1"
			  " AND (p.status = 'submitted') <> EXISTS (SELECT 1 FROM analysis_member m"
			  " WHERE m.survey_id = p.survey_id AND m.organisation_id = p.organisation_id)"
			  " AND p.organisation_id IN (SELECT r.organisation_id FROM survey_respondent r"
			  " WHERE r.survey_id = $1)", survey, different, err);
}

/* Steps S (bound), handing each row of counts to FN; finalizes S. */
static int read_counts(struct kj_store *st, struct kj_stmt *s, kj_analysis_count_fn fn,
		       void *ctx, struct kj_err *err)
{
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *sector = kj_db_column_text(s, 0);
		const char *dim = kj_db_column_text(s, 1);
		const char *value = kj_db_column_text(s, 2);
		const char *req = kj_db_column_text(s, 3);
		stop = fn(ctx, sector ? sector : "", dim ? dim : "", value ? value : "",
			  req ? req : "", kj_db_column_int(s, 4), (long)kj_db_column_int64(s, 5));
	}
	kj_db_reset(s);
	if (!stop && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the analysis counts");
	return 0;
}

#define COUNTS_SELECT "SELECT c.sector_code, c.dim, c.dim_value, q.code, c.level, c.n" \
	" FROM analysis_count c JOIN requirement q ON q.id = c.requirement_id" \
	" WHERE c.survey_id = $1"

int kj_store_analysis_counts(struct kj_store *st, int64_t survey, kj_analysis_count_fn fn,
			     void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, COUNTS_SELECT " AND c.dim = 'all' AND c.n <> 0", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	return read_counts(st, s, fn, ctx, err);
}

int kj_store_analysis_pooled(struct kj_store *st, int64_t survey, const char *sector,
			     kj_analysis_count_fn fn, void *ctx, struct kj_err *err)
{
	/* In the key's order (a breakdown's values one after another, as
	 * the primary key's index gives them for free), not summed here: the
	 * caller adds the requirements up as they come. */
	struct kj_stmt *s = kj_db_kept(st, "SELECT c.sector_code, c.dim, c.dim_value, '', c.level,"
				       " c.n FROM analysis_pool c WHERE c.survey_id = $1"
				       " AND c.sector_code = $2 AND c.n <> 0"
				       " ORDER BY c.dim, c.dim_value, c.level", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_text(s, 2, sector);
	return read_counts(st, s, fn, ctx, err);
}

int kj_store_analysis_groups(struct kj_store *st, int64_t survey, const char *sector,
			     kj_analysis_group_fn fn, void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT sector_code, dim, dim_value, n"
				       " FROM analysis_group WHERE survey_id = $1"
				       " AND ($2 = '' OR sector_code = $2) AND n <> 0", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_text(s, 2, sector ? sector : "");
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *sc = kj_db_column_text(s, 0), *dim = kj_db_column_text(s, 1);
		const char *value = kj_db_column_text(s, 2);
		stop = fn(ctx, sc ? sc : "", dim ? dim : "", value ? value : "",
			  (long)kj_db_column_int64(s, 3));
	}
	kj_db_reset(s);
	if (!stop && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the operators counted");
	return 0;
}

/* "same" 0 … "merged" 3: how far a link changes a requirement. */
#define SEVERITY(col) \
	"CASE " col " WHEN 'same' THEN 0 WHEN 'reworded' THEN 1 WHEN 'split' THEN 2 ELSE 3 END"

int kj_store_analysis_links(struct kj_store *st, int64_t from_version, int64_t to_version,
			    kj_analysis_link_fn fn, void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st,
		"WITH RECURSIVE chain (orig, cur, sev, steps) AS ("
		" SELECT q.id, q.id, 0, 0 FROM requirement q WHERE q.version_id = $1"
		" UNION ALL"
		" SELECT c.orig, rs.to_requirement_id, CASE WHEN " SEVERITY("rs.kind")
		"  > c.sev THEN " SEVERITY("rs.kind") " ELSE c.sev END, c.steps + 1"
		"  FROM chain c JOIN requirement_succession rs ON rs.from_requirement_id = c.cur"
		"  WHERE c.steps < $2)"
		"SELECT o.code, n.code, MAX(c.sev) FROM chain c"
		" JOIN requirement o ON o.id = c.orig JOIN requirement n ON n.id = c.cur"
		" WHERE n.version_id = $3 GROUP BY o.code, n.code", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, from_version);
	kj_db_bind_int(s, 2, KJ_XW_REVISIONS_MAX);
	kj_db_bind_int64(s, 3, to_version);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *o = kj_db_column_text(s, 0), *n = kj_db_column_text(s, 1);
		stop = fn(ctx, o ? o : "", n ? n : "", kj_db_column_int(s, 2));
	}
	kj_db_reset(s);
	if (!stop && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot follow the requirements across versions");
	return 0;
}

int kj_store_analysis_responses(struct kj_store *st, int64_t survey, kj_analysis_group_fn fn,
				void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT sector_code, status, SUM(n) FROM survey_tally"
				       " WHERE survey_id = $1 GROUP BY sector_code, status", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *sc = kj_db_column_text(s, 0), *status = kj_db_column_text(s, 1);
		long n = (long)kj_db_column_int64(s, 2);
		stop = fn(ctx, sc ? sc : "", "respondents", "", n);
		if (!stop && status && !strcmp(status, "submitted"))
			stop = fn(ctx, sc ? sc : "", "submitted", "", n);
	}
	kj_db_reset(s);
	if (!stop && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the survey's responses");
	return 0;
}
