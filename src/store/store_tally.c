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

/* Adds DELTA to the rows of ORG's sectors and '*' under STATUS, creating them. */
static int tally_add(struct kj_store *st, const char *sid, const char *oid, const char *status,
		     const char *delta, struct kj_err *err)
{
	if (KJ_DB_RUN(st, "INSERT INTO survey_tally (survey_id, sector_code, prefecture_code,"
		      " status, n) SELECT r.survey_id, r.sector_code, r.prefecture_code, $1, 0"
		      " FROM survey_respondent r WHERE r.survey_id = $2 AND r.organisation_id = $3"
		      " AND NOT EXISTS (SELECT 1 FROM survey_tally t WHERE t.survey_id = r.survey_id"
		      " AND t.sector_code = r.sector_code AND t.prefecture_code = r.prefecture_code"
		      " AND t.status = $1)", err, status, sid, oid) < 0 ||
	    KJ_DB_RUN(st, "INSERT INTO survey_tally (survey_id, sector_code, prefecture_code,"
		      " status, n) SELECT DISTINCT r.survey_id, '*', r.prefecture_code, $1, 0"
		      " FROM survey_respondent r WHERE r.survey_id = $2 AND r.organisation_id = $3"
		      " AND NOT EXISTS (SELECT 1 FROM survey_tally t WHERE t.survey_id = r.survey_id"
		      " AND t.sector_code = '*' AND t.prefecture_code = r.prefecture_code"
		      " AND t.status = $1)", err, status, sid, oid) < 0)
		return -1;
	return KJ_DB_RUN(st, "UPDATE survey_tally SET n = n + CAST($1 AS INTEGER)"
			 " WHERE survey_id = $2 AND status = $3 AND EXISTS (SELECT 1"
			 " FROM survey_respondent r WHERE r.survey_id = survey_tally.survey_id"
			 " AND r.organisation_id = $4 AND r.prefecture_code = survey_tally.prefecture_code"
			 " AND (r.sector_code = survey_tally.sector_code"
			 " OR survey_tally.sector_code = '*'))", err, delta, sid, status, oid);
}

int kj_store_tally_move(struct kj_store *st, int64_t survey, int64_t org, const char *from,
			const char *to, struct kj_err *err)
{
	if (!strcmp(from, to))
		return 0;
	char sid[24], oid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	snprintf(oid, sizeof oid, "%lld", (long long)org);
	if (tally_add(st, sid, oid, from, "-1", err) < 0)
		return -1;
	return tally_add(st, sid, oid, to, "1", err);
}
