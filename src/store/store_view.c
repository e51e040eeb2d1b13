/* The SQLite driver: read models for pages. */
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store_org_list.h"
#include "store/store_view.h"

int kj_store_org_get(struct kj_store *st, int64_t id, struct kj_org_record *out,
		     int *found, struct kj_err *err)
{
	struct kj_org_scope one = { NULL, 0, id, NULL };
	int n = 0;
	long total;
	memset(out, 0, sizeof *out);
	*found = 0;
	if (id <= 0)
		return 0;
	if (kj_store_org_list(st, &one, 0, out, NULL, 1, &n, &total, err) < 0)
		return -1;
	*found = n == 1;
	return 0;
}

#define SCOPE_SECTORS 16	/* sector slots of a scoped count (KJ_USER_SECTORS_MAX) */
#define SCOPE_IN " AND ($2 = 1 OR t.sector_code IN ($3, $4, $5, $6, $7, $8, $9, $10," \
	" $11, $12, $13, $14, $15, $16, $17, $18))" \
	" AND (CAST($19 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM sector_ministry sm" \
	"  WHERE sm.sector_code = t.sector_code AND sm.ministry_code = $19" \
	"  AND (sm.whole = 1 OR t.organisation_id IN (SELECT om.organisation_id" \
	"   FROM organisation_ministry om WHERE om.ministry_code = $19))))"

/* Targets and submitted responses in scope, each organisation counted once. */
static int scope_counts(struct kj_store *st, struct kj_home_survey *o,
			const kj_sector_code *sectors, int nsectors, const char *ministry,
			struct kj_err *err)
{
	static const char *const sql[2] = {
		"SELECT COUNT(DISTINCT t.organisation_id) FROM target t"
		" WHERE t.fiscal_year = $1" SCOPE_IN,
		"SELECT COUNT(DISTINCT t.organisation_id) FROM target t"
		" WHERE t.fiscal_year = $1" SCOPE_IN
		" AND t.organisation_id IN (SELECT r.organisation_id FROM response r"
		"  WHERE r.survey_id = $20 AND r.status = 'submitted')",
	};
	if (nsectors > SCOPE_SECTORS) {
		kj_err_set(err, "too many sectors in one scope");
		return -1;
	}
	for (int pass = 0; pass < 2; pass++) {
		struct kj_stmt *s;
		if (kj_db_prep(st, sql[pass], &s, err) < 0)
			return -1;
		kj_db_bind_int(s, 1, o->fiscal_year);
		kj_db_bind_int(s, 2, sectors == NULL);
		for (int i = 0; i < SCOPE_SECTORS; i++)
			kj_db_bind_text(s, 3 + i, sectors && i < nsectors ? sectors[i] : NULL);
		kj_db_bind_text(s, 19, ministry);
		if (pass == 1)
			kj_db_bind_int64(s, 20, o->survey_id);
		int rc = kj_db_step(s);
		long n = rc == KJ_DB_ROW ? (long)kj_db_column_int64(s, 0) : 0;
		kj_db_finalize(s);
		if (rc != KJ_DB_ROW)
			return kj_db_fail(st, err, "cannot count survey status");
		if (pass == 0)
			o->targets = n;
		else
			o->submitted = n;
	}
	return 0;
}

int kj_store_survey_status(struct kj_store *st, const kj_sector_code *sectors,
			   int nsectors, const char *ministry, int64_t org, int count,
			   struct kj_home_survey *out, struct kj_err *err)
{
	struct kj_stmt *s;
	memset(out, 0, sizeof *out);
	if (kj_db_prep(st, "SELECT id, fiscal_year, title_ja, title_en, status FROM survey"
		       " WHERE kind = 'questionnaire' ORDER BY fiscal_year DESC, id DESC"
		       " LIMIT 1", &s, err) < 0)
		return -1;
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		out->survey_id = kj_db_column_int64(s, 0);
		out->fiscal_year = kj_db_column_int(s, 1);
		kj_db_col(s, 2, out->title_ja, sizeof out->title_ja);
		kj_db_col(s, 3, out->title_en, sizeof out->title_en);
		kj_db_col(s, 4, out->status, sizeof out->status);
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read surveys");
	if (!out->survey_id)
		return 0;
	if (org) {
		if (kj_db_prep(st, "SELECT status, submitted_at FROM response"
			       " WHERE survey_id = $1 AND organisation_id = $2", &s, err) < 0)
			return -1;
		kj_db_bind_int64(s, 1, out->survey_id);
		kj_db_bind_int64(s, 2, org);
		rc = kj_db_step(s);
		if (rc == KJ_DB_ROW) {
			kj_db_col(s, 0, out->org_response, sizeof out->org_response);
			kj_db_col(s, 1, out->org_submitted_at, sizeof out->org_submitted_at);
		}
		kj_db_finalize(s);
		if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
			return kj_db_fail(st, err, "cannot read response");
		return 0;
	}
	return count ? scope_counts(st, out, sectors, nsectors, ministry, err) : 0;
}
