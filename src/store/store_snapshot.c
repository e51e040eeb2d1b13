/* Published snapshots of the analysis; see store_snapshot.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store_snapshot.h"

#define META_COLS "s.id, s.survey_id, s.fiscal_year, s.sector_code, s.publisher_id," \
	" s.publisher, s.published_at, s.k, s.digest," \
	" (SELECT COUNT(*) FROM analysis_suppression x WHERE x.snapshot_id = s.id)"

static void meta_row(struct kj_stmt *s, struct kj_snapshot_meta *m)
{
	memset(m, 0, sizeof *m);
	m->id = kj_db_column_int64(s, 0);
	m->survey_id = kj_db_column_int64(s, 1);
	m->fy = kj_db_column_int(s, 2);
	kj_db_col(s, 3, m->sector, sizeof m->sector);
	m->publisher_id = kj_db_column_int64(s, 4);
	kj_db_col(s, 5, m->publisher, sizeof m->publisher);
	kj_db_col(s, 6, m->published_at, sizeof m->published_at);
	m->k = kj_db_column_int(s, 7);
	kj_db_col(s, 8, m->digest, sizeof m->digest);
	m->suppressed = (long)kj_db_column_int64(s, 9);
}

int kj_store_snapshot_add(struct kj_store *st, struct kj_snapshot_meta *m, const char *body,
			  struct kj_err *err)
{
	char survey[24], fy[16], pub[24], k[16];
	snprintf(survey, sizeof survey, "%lld", (long long)m->survey_id);
	snprintf(fy, sizeof fy, "%d", m->fy);
	snprintf(pub, sizeof pub, "%lld", (long long)m->publisher_id);
	snprintf(k, sizeof k, "%d", m->k);
	if (KJ_DB_RUN(st, "INSERT INTO analysis_snapshot (survey_id, fiscal_year, sector_code,"
		      " publisher_id, publisher, published_at, k, body, digest)"
		      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", err, survey, fy, m->sector,
		      m->publisher_id ? pub : NULL, m->publisher, m->published_at, k, body,
		      m->digest) < 0)
		return -1;
	m->id = kj_db_last_id(st);
	return 0;
}

int kj_store_snapshot_log_add(struct kj_store *st, int64_t id, int seq, const char *figure,
			      const char *rule, struct kj_err *err)
{
	char sid[24], n[16];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	snprintf(n, sizeof n, "%d", seq);
	return KJ_DB_RUN(st, "INSERT INTO analysis_suppression (snapshot_id, seq, figure, rule)"
			 " VALUES ($1, $2, $3, $4)", err, sid, n, figure, rule);
}

int kj_store_snapshot_list(struct kj_store *st, struct kj_snapshot_meta *out, int max, int *n,
			   struct kj_err *err)
{
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT " META_COLS " FROM analysis_snapshot s"
				       " ORDER BY s.published_at DESC, s.id DESC", err);
	if (!s)
		return -1;
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max)
		meta_row(s, &out[(*n)++]);
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot list the published snapshots");
	return 0;
}

int kj_store_snapshot_get(struct kj_store *st, int64_t id, struct kj_snapshot_meta *m,
			  char **body, int *found, struct kj_err *err)
{
	*found = 0;
	*body = NULL;
	struct kj_stmt *s = kj_db_kept(st, "SELECT " META_COLS ", s.body FROM analysis_snapshot s"
				       " WHERE s.id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		meta_row(s, m);
		const char *b = kj_db_column_text(s, 10);
		*body = strdup(b ? b : "");
		*found = 1;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the published snapshot");
	if (*found && !*body) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	return 0;
}

int kj_store_snapshot_log(struct kj_store *st, int64_t id, kj_snapshot_log_fn fn, void *ctx,
			  struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT seq, figure, rule FROM analysis_suppression"
				       " WHERE snapshot_id = $1 ORDER BY seq", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *f = kj_db_column_text(s, 1), *r = kj_db_column_text(s, 2);
		if (fn(ctx, kj_db_column_int(s, 0), f ? f : "", r ? r : "")) {
			rc = KJ_DB_DONE;
			break;
		}
	}
	kj_db_reset(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the snapshot's suppressions");
	return 0;
}

int kj_store_snapshot_respondent(struct kj_store *st, int64_t survey, const char *sector,
				 int64_t org, int *yes, struct kj_err *err)
{
	*yes = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT 1 FROM survey_respondent WHERE survey_id = $1"
				       " AND sector_code = $2 AND organisation_id = $3", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_text(s, 2, sector);
	kj_db_bind_int64(s, 3, org);
	int rc = kj_db_step(s);
	*yes = rc == KJ_DB_ROW;
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the survey's respondents");
	return 0;
}
