/* The benchmark's reads; see store_benchmark.h. */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store_analysis.h"
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

/* Reads SURVEY's rows of SECTOR into K (its rows grown as they come). */
static int means_read(struct kj_store *st, int64_t survey, const char *sector,
		      struct kj_db_bench *k, struct kj_err *err)
{
	/* Kept with the counts (analysis_fnsum): the counted members only. */
	struct kj_stmt *s = kj_db_kept(st, "SELECT organisation_id, function_code, level_sum, n"
				       " FROM analysis_fnsum WHERE survey_id = $1"
				       " AND sector_code = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_text(s, 2, sector);
	int rc, fail = 0;
	while (!fail && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (k->n == k->cap) {
			size_t cap = k->cap ? 2 * k->cap : 1024;
			struct kj_db_bench_row *v = realloc(k->rows, cap * sizeof *v);
			if (!v) {
				fail = 1;
				break;
			}
			k->rows = v;
			k->cap = cap;
		}
		struct kj_db_bench_row *r = &k->rows[k->n++];
		r->org = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, r->function, sizeof r->function);
		r->sum = (long)kj_db_column_int64(s, 2);
		r->count = (long)kj_db_column_int64(s, 3);
	}
	kj_db_reset(s);
	if (fail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the operators' function means");
	return 0;
}

int kj_store_bench_means(struct kj_store *st, int64_t survey, const char *sector,
			 kj_bench_mean_fn fn, void *ctx, struct kj_err *err)
{
	/*
	 * Every operator's answers of a sector are thousands of times the
	 * rows the page needs: the rows are kept with the connection while the
	 * survey's analysis epoch (moved in every transaction that moves its
	 * counts, in the same snapshot as this read) stays the same.
	 */
	int64_t epoch;
	if (kj_store_analysis_epoch(st, survey, &epoch, err) < 0)
		return -1;
	struct kj_db_bench *k = NULL;
	for (int i = 0; i < KJ_DB_BENCH_CACHE && !k; i++)
		if (st->bench[i].rows && st->bench[i].survey == survey &&
		    st->bench[i].epoch == epoch && !strcmp(st->bench[i].sector, sector))
			k = &st->bench[i];
	if (!k) {
		k = &st->bench[st->bench_next];
		st->bench_next = (st->bench_next + 1) % KJ_DB_BENCH_CACHE;
		free(k->rows);
		memset(k, 0, sizeof *k);
		if (means_read(st, survey, sector, k, err) < 0) {
			free(k->rows);
			memset(k, 0, sizeof *k);
			return -1;
		}
		if (!k->rows && !(k->rows = malloc(sizeof *k->rows))) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		k->survey = survey;
		k->epoch = epoch;
		kj_strlcpy(k->sector, sector, sizeof k->sector);
	}
	for (size_t i = 0; i < k->n; i++)
		if (fn(ctx, k->rows[i].org, k->rows[i].function, k->rows[i].sum, k->rows[i].count))
			break;
	return 0;
}
