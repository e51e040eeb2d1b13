/* The figures of the PDCA board; see store_eval_pdca.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/db.h"
#include "store/store_eval_pdca.h"

int kj_store_pdca_sectors(struct kj_store *st, kj_sector_code *out, int max, int *n,
			  struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT code FROM sector ORDER BY ord, code", err);
	if (!s)
		return -1;
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max)
		kj_db_col(s, 0, out[(*n)++], sizeof out[0]);
	kj_db_reset(s);
	return rc == KJ_DB_DONE || rc == KJ_DB_ROW ? 0 : kj_db_fail(st, err, "cannot read the sectors");
}

/* Runs S (bound) for one row: its columns into the NCOLS text buffers OUT
 * of N bytes each ("" when there is no row or the value is NULL). */
static int one_row(struct kj_store *st, struct kj_stmt *s, char **out, const size_t *n, int ncols,
		   struct kj_err *err)
{
	int rc = kj_db_step(s);
	for (int i = 0; i < ncols; i++) {
		out[i][0] = '\0';
		if (rc == KJ_DB_ROW)
			kj_db_col(s, i, out[i], n[i]);
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the board");
}

static int plan_of(struct kj_store *st, int fy, const char *sector, char *state, size_t ns,
		   char *at, size_t na, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT p.state, COALESCE((SELECT MAX(e.at)"
		" FROM impl_plan_event e WHERE e.plan_id = p.id AND e.action = 'submit'),"
		" p.updated_at) FROM impl_plan p WHERE p.fiscal_year = $1"
		" AND ((CAST($2 AS TEXT) = '' AND p.scope = 'cross') OR p.sector_code = $2)"
		" ORDER BY CASE p.state WHEN 'reported' THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END,"
		" p.id LIMIT 1", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_text(s, 2, sector);
	char *out[2] = { state, at };
	size_t n[2] = { ns, na };
	return one_row(st, s, out, n, 2, err);
}

static long count(struct kj_store *st, struct kj_stmt *s, int *fail, struct kj_err *err)
{
	int rc = kj_db_step(s);
	long v = rc == KJ_DB_ROW ? (long)kj_db_column_int64(s, 0) : 0;
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		*fail = kj_db_fail(st, err, "cannot read the board");
	return v;
}

static int targets(struct kj_store *st, int fy, const char *sector, struct kj_pdca_facts *f,
		   struct kj_err *err)
{
	int fail = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT COUNT(*) FROM target WHERE fiscal_year = $1"
				       " AND (CAST($2 AS TEXT) = '' OR sector_code = $2)", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_text(s, 2, sector);
	f->targets = count(st, s, &fail, err);
	if (fail)
		return -1;
	char obj[64];
	snprintf(obj, sizeof obj, "%d/%s", fy, sector);
	s = kj_db_kept(st, "SELECT MAX(at) FROM audit_entry WHERE object_type = 'target'"
		       " AND substr(object_id, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT)", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, obj);
	char *out[1] = { f->targets_at };
	size_t n[1] = { sizeof f->targets_at };
	return one_row(st, s, out, n, 1, err);
}

static int survey(struct kj_store *st, int fy, const char *sector, struct kj_pdca_facts *f,
		  struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT s.id, s.status, COALESCE(s.closes_on, '')"
		" FROM survey s WHERE s.fiscal_year = $1 AND s.kind = 'questionnaire'"
		" AND (CAST($2 AS TEXT) = '' OR EXISTS (SELECT 1 FROM survey_sector ss"
		" WHERE ss.survey_id = s.id AND ss.sector_code = $2)) ORDER BY s.id LIMIT 1", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_text(s, 2, sector);
	char id[24];
	char *out[3] = { id, f->survey_state, f->survey_closes };
	size_t n[3] = { sizeof id, sizeof f->survey_state, sizeof f->survey_closes };
	if (one_row(st, s, out, n, 3, err) < 0)
		return -1;
	if (!*id)
		return 0;
	int fail = 0;
	s = kj_db_kept(st, "SELECT COUNT(*) FROM survey_respondent r WHERE r.survey_id = $1"
		       " AND (CAST($2 AS TEXT) = '' OR r.sector_code = $2)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, (int64_t)strtoll(id, NULL, 10));
	kj_db_bind_text(s, 2, sector);
	f->respondents = count(st, s, &fail, err);
	s = fail ? NULL : kj_db_kept(st, "SELECT COUNT(*) FROM survey_respondent r"
		" JOIN response p ON p.survey_id = r.survey_id AND p.organisation_id = r.organisation_id"
		" WHERE r.survey_id = $1 AND p.status = 'submitted'"
		" AND (CAST($2 AS TEXT) = '' OR r.sector_code = $2)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, (int64_t)strtoll(id, NULL, 10));
	kj_db_bind_text(s, 2, sector);
	f->submitted = count(st, s, &fail, err);
	return fail ? -1 : 0;
}

static int later(struct kj_store *st, int fy, const char *sector, struct kj_pdca_facts *f,
		 struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT MAX(published_at) FROM analysis_snapshot"
		" WHERE fiscal_year = $1 AND (CAST($2 AS TEXT) = '' OR sector_code = $2)", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_text(s, 2, sector);
	char *out1[1] = { f->published_at };
	size_t n1[1] = { sizeof f->published_at };
	if (one_row(st, s, out1, n1, 1, err) < 0)
		return -1;
	s = kj_db_kept(st, "SELECT d.state, COALESCE((SELECT MAX(e.at) FROM eval_event e"
		" WHERE e.eval_id = d.id AND e.action IN ('submit', 'finalise')), d.updated_at)"
		" FROM eval_doc d WHERE d.fiscal_year = $1"
		" AND ((CAST($2 AS TEXT) = '' AND d.scope = 'cross') OR d.sector_code = $2)"
		" ORDER BY CASE d.state WHEN 'final' THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END,"
		" d.id LIMIT 1", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_text(s, 2, sector);
	char *out2[2] = { f->eval_state, f->eval_at };
	size_t n2[2] = { sizeof f->eval_state, sizeof f->eval_at };
	if (one_row(st, s, out2, n2, 2, err) < 0)
		return -1;
	int fail = 0;
	const char *to = *sector ? sector : "nco";
	s = kj_db_kept(st, "SELECT COUNT(*) FROM hq_item i JOIN eval_doc d ON d.id = i.eval_id"
		" WHERE d.scope = 'hq' AND d.fiscal_year = $1 AND d.state = 'final'"
		" AND i.kind = 'recommendation' AND i.addressee = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_text(s, 2, to);
	f->recs = count(st, s, &fail, err);
	s = fail ? NULL : kj_db_kept(st, "SELECT COUNT(*) FROM hq_item i"
		" JOIN eval_doc d ON d.id = i.eval_id"
		" WHERE d.scope = 'hq' AND d.fiscal_year = $1 AND d.state = 'final'"
		" AND i.kind = 'recommendation' AND i.addressee = $2"
		" AND EXISTS (SELECT 1 FROM hq_item_answer a"
		" JOIN impl_plan_measure m ON m.id = a.measure_id JOIN impl_plan p ON p.id = m.plan_id"
		" WHERE a.item_id = i.id AND p.fiscal_year = $3)", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	kj_db_bind_text(s, 2, to);
	kj_db_bind_int(s, 3, fy + 1);
	f->answered = count(st, s, &fail, err);
	return fail ? -1 : 0;
}

int kj_store_pdca_facts(struct kj_store *st, int fy, const char *sector,
			struct kj_pdca_facts *f, struct kj_err *err)
{
	char unused[32];
	memset(f, 0, sizeof *f);
	if (plan_of(st, fy, sector, f->plan_state, sizeof f->plan_state, f->plan_at,
		    sizeof f->plan_at, err) < 0 ||
	    plan_of(st, fy + 1, sector, f->next_state, sizeof f->next_state, unused,
		    sizeof unused, err) < 0 ||
	    targets(st, fy, sector, f, err) < 0 || survey(st, fy, sector, f, err) < 0)
		return -1;
	return later(st, fy, sector, f, err);
}
