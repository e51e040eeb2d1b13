/* The annual report's snapshots and the evaluations it reads; see store_report.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store_report.h"

#define META_COLS "id, fiscal_year, created_at, created_by, actor, digest, note," \
	" LENGTH(body)"

static void meta_row(struct kj_stmt *s, struct kj_report_meta *m)
{
	memset(m, 0, sizeof *m);
	m->id = kj_db_column_int64(s, 0);
	m->fy = kj_db_column_int(s, 1);
	kj_db_col(s, 2, m->created_at, sizeof m->created_at);
	m->created_by = kj_db_column_int64(s, 3);
	kj_db_col(s, 4, m->actor, sizeof m->actor);
	kj_db_col(s, 5, m->digest, sizeof m->digest);
	kj_db_col(s, 6, m->note, sizeof m->note);
	m->bytes = (long)kj_db_column_int64(s, 7);
}

int kj_store_report_add(struct kj_store *st, struct kj_report_meta *m, const char *body,
			struct kj_err *err)
{
	char fy[16], by[24];
	snprintf(fy, sizeof fy, "%d", m->fy);
	snprintf(by, sizeof by, "%lld", (long long)m->created_by);
	if (KJ_DB_RUN(st, "INSERT INTO report_snapshot (fiscal_year, created_at, created_by,"
		      " actor, body, digest, note) VALUES ($1, $2, $3, $4, $5, $6, $7)", err, fy,
		      m->created_at, m->created_by ? by : NULL, m->actor, body, m->digest,
		      m->note) < 0)
		return -1;
	m->id = kj_db_last_id(st);
	m->bytes = (long)strlen(body);
	return 0;
}

int kj_store_report_list(struct kj_store *st, int fy, struct kj_report_meta *out, int max,
			 int *n, struct kj_err *err)
{
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT " META_COLS " FROM report_snapshot"
				       " WHERE $1 = 0 OR fiscal_year = $1"
				       " ORDER BY created_at DESC, id DESC", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, fy);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max)
		meta_row(s, &out[(*n)++]);
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot list the report snapshots");
	return 0;
}

int kj_store_report_get(struct kj_store *st, int64_t id, struct kj_report_meta *m,
			char **body, int *found, struct kj_err *err)
{
	*found = 0;
	*body = NULL;
	struct kj_stmt *s = kj_db_kept(st, "SELECT " META_COLS ", body FROM report_snapshot"
				       " WHERE id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		meta_row(s, m);
		const char *b = kj_db_column_text(s, 8);
		*body = strdup(b ? b : "");
		*found = 1;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the report snapshot");
	if (*found && !*body) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	return 0;
}

static const char *txt(struct kj_stmt *s, int i)
{
	const char *v = kj_db_column_text(s, i);
	return v ? v : "";
}

int kj_store_report_evals(struct kj_store *st, int fy, kj_report_eval_fn fn, void *ctx,
			  struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT d.scope, d.sector_code, d.ministry_code,"
				       " d.state, x.section, x.body FROM eval_doc d"
				       " JOIN eval_section x ON x.eval_id = d.id"
				       " WHERE d.fiscal_year = $1"
				       " ORDER BY d.scope, d.sector_code, d.ministry_code, x.section",
				       err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, fy);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (fn(ctx, txt(s, 0), txt(s, 1), txt(s, 2), txt(s, 3), txt(s, 4), txt(s, 5))) {
			kj_db_reset(s);
			kj_err_set(err, "cannot collect the evaluations");
			return -1;
		}
	}
	kj_db_reset(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the evaluations");
	return 0;
}

int kj_store_report_hq_items(struct kj_store *st, int fy, kj_report_item_fn fn, void *ctx,
			     struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT i.kind, i.category, i.addressee, i.text"
				       " FROM hq_item i JOIN eval_doc d ON d.id = i.eval_id"
				       " WHERE d.fiscal_year = $1 AND d.scope = 'hq'"
				       " ORDER BY i.ord, i.id", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, fy);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (fn(ctx, txt(s, 0), txt(s, 1), txt(s, 2), txt(s, 3))) {
			kj_db_reset(s);
			kj_err_set(err, "cannot collect the HQ's findings");
			return -1;
		}
	}
	kj_db_reset(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the HQ's findings");
	return 0;
}
