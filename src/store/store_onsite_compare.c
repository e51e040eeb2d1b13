/* The reads of self-reported against verified; see store_onsite_compare.h. */
#include <string.h>

#include "store/db.h"
#include "store/store_onsite_compare.h"

int kj_store_onsite_cmp_version(struct kj_store *st, int fy, int64_t *version_id, char *version,
				size_t n, int *nsurveys, struct kj_err *err)
{
	*version_id = 0;
	*nsurveys = 0;
	if (n)
		version[0] = '\0';
	struct kj_stmt *s = kj_db_kept(st, "SELECT s.version_id, v.version,"
				       " (SELECT COUNT(*) FROM survey x WHERE x.fiscal_year = $1"
				       " AND x.kind = 'onsite' AND x.status <> 'draft')"
				       " FROM survey s JOIN standard_version v ON v.id = s.version_id"
				       " WHERE s.fiscal_year = $1 AND s.kind = 'onsite'"
				       " AND s.status <> 'draft' ORDER BY s.id LIMIT 1", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*version_id = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, version, n);
		*nsurveys = kj_db_column_int(s, 2);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the fiscal year's on-site surveys");
	return 0;
}

int kj_store_onsite_cmp_latest_fy(struct kj_store *st, int upto, int *fy, struct kj_err *err)
{
	*fy = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT MAX(fiscal_year) FROM survey"
				       " WHERE fiscal_year <= $1 AND kind = 'onsite'"
				       " AND status <> 'draft'", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, upto);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW && kj_db_column_text(s, 0))
		*fy = kj_db_column_int(s, 0);
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot read the on-site surveys' years");
	return 0;
}

int kj_store_onsite_cmp_items(struct kj_store *st, int fy, int64_t version_id,
			      kj_onsite_cmp_item_fn fn, void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT v.organisation_id, q.code,"
				       " COALESCE(i.self_level, -2), COALESCE(i.verified_level, -2)"
				       " FROM onsite_visit v JOIN survey s ON s.id = v.survey_id"
				       " JOIN onsite_item i ON i.visit_id = v.id"
				       " JOIN requirement q ON q.id = i.requirement_id"
				       " WHERE s.fiscal_year = $1 AND s.kind = 'onsite'"
				       " AND s.status <> 'draft' AND s.version_id = $2"
				       " AND v.state = 'issued'"
				       " ORDER BY v.organisation_id, v.id, q.code", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_int64(s, 2, version_id);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *req = kj_db_column_text(s, 1);
		stop = fn(ctx, kj_db_column_int64(s, 0), req ? req : "", kj_db_column_int(s, 2),
			  kj_db_column_int(s, 3));
	}
	kj_db_reset(s);
	if (!stop && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the on-site visits' items");
	return 0;
}

int kj_store_onsite_cmp_orgs(struct kj_store *st, int fy, int64_t version_id,
			     kj_onsite_cmp_org_fn fn, void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT DISTINCT o.id, o.name_ja, os.sector_code"
				       " FROM onsite_visit v JOIN survey s ON s.id = v.survey_id"
				       " JOIN organisation o ON o.id = v.organisation_id"
				       " JOIN organisation_sector os ON os.organisation_id = o.id"
				       " JOIN survey_sector ss ON ss.survey_id = s.id"
				       " AND ss.sector_code = os.sector_code"
				       " WHERE s.fiscal_year = $1 AND s.kind = 'onsite'"
				       " AND s.status <> 'draft' AND s.version_id = $2"
				       " AND v.state = 'issued'"
				       " ORDER BY o.id, os.sector_code", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_int64(s, 2, version_id);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *name = kj_db_column_text(s, 1), *sector = kj_db_column_text(s, 2);
		stop = fn(ctx, kj_db_column_int64(s, 0), name ? name : "", sector ? sector : "");
	}
	kj_db_reset(s);
	if (!stop && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the visited operators' sectors");
	return 0;
}
