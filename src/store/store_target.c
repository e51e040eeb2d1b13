/* The SQLite driver: target identification (§2.1.1(2)). */
#include <stdio.h>

#include "store/sqlite_priv.h"
#include "store/store_target.h"

int kj_store_target_set(struct kj_store *st, int fy, const char *sector,
			int64_t org, int on, struct kj_err *err)
{
	char y[16], o[24];
	snprintf(y, sizeof y, "%d", fy);
	snprintf(o, sizeof o, "%lld", (long long)org);
	if (on)
		return KJ_SQ_RUN(st, "INSERT INTO target (fiscal_year, sector_code, organisation_id)"
				 " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", err, y, sector, o);
	return KJ_SQ_RUN(st, "DELETE FROM target WHERE fiscal_year = $1 AND sector_code = $2"
			 " AND organisation_id = $3", err, y, sector, o);
}

int kj_store_target_copy(struct kj_store *st, int fy, const char *sector,
			 long *copied, struct kj_err *err)
{
	char y[16], p[16];
	snprintf(y, sizeof y, "%d", fy);
	snprintf(p, sizeof p, "%d", fy - 1);
	*copied = 0;
	if (KJ_SQ_RUN(st, "INSERT INTO target (fiscal_year, sector_code, organisation_id)"
		      " SELECT $1, t.sector_code, t.organisation_id FROM target t"
		      " WHERE t.fiscal_year = $2 AND t.sector_code = $3"
		      " ON CONFLICT DO NOTHING", err, y, p, sector) < 0)
		return -1;
	*copied = sqlite3_changes(st->db);
	return 0;
}

int kj_store_target_diff(struct kj_store *st, int fy, const char *sector,
			 struct kj_target_change *out, int max, int *n,
			 struct kj_err *err)
{
	sqlite3_stmt *s;
	*n = 0;
	if (kj_sq_prep(st,
		       "SELECT o.id, o.corporate_number, o.name_ja, 1 FROM target t"
		       " JOIN organisation o ON o.id = t.organisation_id"
		       " WHERE t.fiscal_year = $1 AND t.sector_code = $2 AND NOT EXISTS"
		       " (SELECT 1 FROM target p WHERE p.fiscal_year = $3 AND p.sector_code = $2"
		       "  AND p.organisation_id = t.organisation_id)"
		       " UNION ALL"
		       " SELECT o.id, o.corporate_number, o.name_ja, 0 FROM target t"
		       " JOIN organisation o ON o.id = t.organisation_id"
		       " WHERE t.fiscal_year = $3 AND t.sector_code = $2 AND NOT EXISTS"
		       " (SELECT 1 FROM target c WHERE c.fiscal_year = $1 AND c.sector_code = $2"
		       "  AND c.organisation_id = t.organisation_id)"
		       " ORDER BY 4 DESC, 2", &s, err) < 0)
		return -1;
	sqlite3_bind_int(s, 1, fy);
	kj_sq_bind_text(s, 2, sector);
	sqlite3_bind_int(s, 3, fy - 1);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct kj_target_change *c = &out[(*n)++];
		c->org = sqlite3_column_int64(s, 0);
		kj_sq_col(s, 1, c->corporate_number, sizeof c->corporate_number);
		kj_sq_col(s, 2, c->name_ja, sizeof c->name_ja);
		c->added = sqlite3_column_int(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kj_sq_fail(st, err, "cannot compare targets");
	return 0;
}

int kj_store_target_is(struct kj_store *st, int fy, const char *sector,
		       int64_t org, int *is, struct kj_err *err)
{
	sqlite3_stmt *s;
	if (kj_sq_prep(st, "SELECT 1 FROM target WHERE fiscal_year = $1 AND sector_code = $2"
		       " AND organisation_id = $3", &s, err) < 0)
		return -1;
	sqlite3_bind_int(s, 1, fy);
	kj_sq_bind_text(s, 2, sector);
	sqlite3_bind_int64(s, 3, org);
	int rc = sqlite3_step(s);
	*is = rc == SQLITE_ROW;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kj_sq_fail(st, err, "cannot read targets");
	return 0;
}
