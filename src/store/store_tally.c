/* A survey's response counts kept as they change; see store_tally.h. */
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store_tally.h"

int kj_store_tally_rebuild(struct kj_store *st, int64_t survey, struct kj_err *err)
{
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	if (KJ_DB_RUN(st, "DELETE FROM survey_tally WHERE survey_id = $1", err, sid) < 0 ||
	    KJ_DB_RUN(st, "INSERT INTO survey_tally (survey_id, sector_code, prefecture_code,"
		      " status, n) SELECT r.survey_id, r.sector_code, r.prefecture_code,"
		      " COALESCE(p.status, 'not_started'), COUNT(*) FROM survey_respondent r"
		      " LEFT JOIN response p ON p.survey_id = r.survey_id"
		      " AND p.organisation_id = r.organisation_id WHERE r.survey_id = $1"
		      " GROUP BY r.survey_id, r.sector_code, r.prefecture_code,"
		      " COALESCE(p.status, 'not_started')", err, sid) < 0)
		return -1;
	return KJ_DB_RUN(st, "INSERT INTO survey_tally (survey_id, sector_code, prefecture_code,"
			 " status, n) SELECT d.survey_id, '*', d.prefecture_code,"
			 " COALESCE(p.status, 'not_started'), COUNT(*)"
			 " FROM (SELECT DISTINCT survey_id, organisation_id, prefecture_code"
			 " FROM survey_respondent WHERE survey_id = $1) d"
			 " LEFT JOIN response p ON p.survey_id = d.survey_id"
			 " AND p.organisation_id = d.organisation_id"
			 " GROUP BY d.survey_id, d.prefecture_code, COALESCE(p.status, 'not_started')",
			 err, sid);
}

/* Adds DELTA to the row (SURVEY, SECTOR, PREFECTURE, STATUS), creating it. */
static int tally_add(struct kj_store *st, const char *sid, const char *sector,
		     const char *prefecture, const char *status, const char *delta,
		     struct kj_err *err)
{
	return KJ_DB_RUN(st, "INSERT INTO survey_tally (survey_id, sector_code, prefecture_code,"
			 " status, n) VALUES ($1, $2, $3, $4, CAST($5 AS INTEGER))"
			 " ON CONFLICT (survey_id, sector_code, prefecture_code, status)"
			 " DO UPDATE SET n = survey_tally.n + excluded.n", err, sid, sector,
			 prefecture, status, delta);
}

/* The rows that count one operator: its scope sectors, and '*' once. */
#define TALLY_KEYS_MAX 64

int kj_store_tally_move(struct kj_store *st, int64_t survey, int64_t org, const char *from,
			const char *to, struct kj_err *err)
{
	if (!strcmp(from, to))
		return 0;
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	/*
	 * The operator's rows are read first (by the index of its
	 * respondents), then each count is moved by its key: a handful of
	 * primary-key writes, whatever the number of the survey's rows (an
	 * import moves 20,000 operators one by one).
	 */
	struct {
		kj_sector_code sector;
		char prefecture[16];
	} keys[TALLY_KEYS_MAX + 1];
	int n = 0, rc;
	struct kj_stmt *s = kj_db_kept(st, "SELECT sector_code, prefecture_code"
				       " FROM survey_respondent WHERE organisation_id = $1"
				       " AND survey_id = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, org);
	kj_db_bind_int64(s, 2, survey);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (n < TALLY_KEYS_MAX) {
			kj_db_col(s, 0, keys[n].sector, sizeof keys[n].sector);
			kj_db_col(s, 1, keys[n].prefecture, sizeof keys[n].prefecture);
			n++;
		}
	kj_db_reset(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the survey's respondent");
	if (n) {
		kj_strlcpy(keys[n].sector, "*", sizeof keys[n].sector);
		kj_strlcpy(keys[n].prefecture, keys[0].prefecture, sizeof keys[n].prefecture);
		n++;
	}
	for (int i = 0; i < n; i++)
		if (tally_add(st, sid, keys[i].sector, keys[i].prefecture, from, "-1", err) < 0 ||
		    tally_add(st, sid, keys[i].sector, keys[i].prefecture, to, "1", err) < 0)
			return -1;
	return 0;
}
