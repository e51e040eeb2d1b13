/* The benchmark's reads; see store_benchmark.h. */
#include "store/db.h"
#include "store/store_benchmark.h"

int kj_store_bench_own(struct kj_store *st, int64_t survey, int64_t org,
		       kj_bench_answer_fn fn, void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT q.code, COALESCE(a.level, -1)"
				       " FROM response p JOIN answer a ON a.response_id = p.id"
				       " JOIN requirement q ON q.id = a.requirement_id"
				       " WHERE p.survey_id = $1 AND p.organisation_id = $2"
				       " AND p.status = 'submitted'", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_int64(s, 2, org);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *req = kj_db_column_text(s, 0);
		stop = fn(ctx, req ? req : "", kj_db_column_int(s, 1));
	}
	kj_db_reset(s);
	if (!stop && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the operator's answers");
	return 0;
}

int kj_store_bench_means(struct kj_store *st, int64_t survey, const char *sector,
			 kj_bench_mean_fn fn, void *ctx, struct kj_err *err)
{
	/* The counted members (analysis_member): the operators the kept
	 * counts hold, so both say the same group. */
	struct kj_stmt *s = kj_db_kept(st, "SELECT r.organisation_id, q.function_code,"
				       " SUM(a.level), COUNT(a.level)"
				       " FROM survey_respondent r JOIN analysis_member m"
				       " ON m.survey_id = r.survey_id"
				       " AND m.organisation_id = r.organisation_id"
				       " JOIN response p ON p.survey_id = r.survey_id"
				       " AND p.organisation_id = r.organisation_id"
				       " JOIN answer a ON a.response_id = p.id"
				       " JOIN requirement q ON q.id = a.requirement_id"
				       " WHERE r.survey_id = $1 AND r.sector_code = $2"
				       " AND a.level IS NOT NULL"
				       " GROUP BY r.organisation_id, q.function_code", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_text(s, 2, sector);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *f = kj_db_column_text(s, 1);
		stop = fn(ctx, kj_db_column_int64(s, 0), f ? f : "",
			  (long)kj_db_column_int64(s, 2), (long)kj_db_column_int64(s, 3));
	}
	kj_db_reset(s);
	if (!stop && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the operators' function means");
	return 0;
}
