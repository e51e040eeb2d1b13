/*
 * The SQLite driver: target identification (§2.1.1(2)). Each call is a few
 * statements kept prepared (kj_db_kept) whatever the number of operators: a
 * page of marks is one INSERT and one DELETE over a JSON array of ids.
 */
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store_target.h"

/*
 * The ministry's part of the sector (parameter SEC the sector, MIN the
 * ministry, NULL for the whole sector): the whole sector if the ministry
 * holds it whole, else the operators assigned to it. ORG is the column of
 * the organisation's id.
 */
#define IN_PART(org, sec, min)							\
	" AND (CAST(" min " AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM sector_ministry sm"	\
	" WHERE sm.sector_code = " sec " AND sm.ministry_code = " min		\
	" AND (sm.whole = 1 OR EXISTS (SELECT 1 FROM organisation_ministry om"	\
	" WHERE om.organisation_id = " org " AND om.ministry_code = " min "))))"

/*
 * The organisation ids of JSON array P ("[1, 2]") as a table j of one
 * column, value: SQLite's json_each, PostgreSQL's jsonb functions.
 */
#define IDS_SQLITE(p) "json_each(" p ") j"
#define IDS_PG(p) "(SELECT CAST(e AS BIGINT) AS value" \
	" FROM jsonb_array_elements_text(CAST(" p " AS jsonb)) AS x(e)) j"

/* ORG has not submitted a response to a questionnaire survey of year FY. */
#define NOT_SUBMITTED(org, fy)							\
	"NOT EXISTS (SELECT 1 FROM response r JOIN survey s ON s.id = r.survey_id"	\
	" WHERE r.organisation_id = " org " AND s.fiscal_year = " fy		\
	" AND s.kind = 'questionnaire' AND r.status = 'submitted')"

/* Binds the scope's year, sector and ministry as $1, $2 and parameter MIN. */
static void bind_scope(struct kj_stmt *s, const struct kj_target_scope *ts, int min)
{
	kj_db_bind_int(s, 1, ts->fy);
	kj_db_bind_text(s, 2, ts->sector);
	kj_db_bind_text(s, min, ts->ministry);
}

/* Steps S to its one row and reads two counts from it; resets S. */
static int two_counts(struct kj_store *st, struct kj_stmt *s, long *a, long *b,
		      struct kj_err *err, const char *what)
{
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*a = (long)kj_db_column_int64(s, 0);
		*b = (long)kj_db_column_int64(s, 1);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, what);
	return 0;
}

/* Runs S (bound) to its end; *CHANGED the rows it changed. */
static int run_changes(struct kj_store *st, struct kj_stmt *s, long *changed,
		       struct kj_err *err)
{
	if (kj_db_step_done(st, s, err, "cannot write targets") < 0)
		return -1;
	*changed = (long)kj_db_changes(st);
	return 0;
}

int kj_store_target_since(struct kj_store *st, const struct kj_target_scope *ts,
			  char since[32], struct kj_err *err)
{
	static const char sql[] =
		"SELECT (SELECT max(a.at) FROM audit_entry a WHERE a.object_type = 'target'"
		" AND a.object_id = $1),"
		" EXISTS (SELECT 1 FROM target p WHERE p.fiscal_year = $2 AND p.sector_code = $3)";
	char obj[64];
	since[0] = '\0';
	if (snprintf(obj, sizeof obj, "%d/%s", ts->fy - 1, ts->sector) >= (int)sizeof obj) {
		kj_err_set(err, "sector code too long");
		return -1;
	}
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, obj);
	kj_db_bind_int(s, 2, ts->fy - 1);
	kj_db_bind_text(s, 3, ts->sector);
	int rc = kj_db_step(s);
	int had = 0;
	if (rc == KJ_DB_ROW) {
		kj_db_col(s, 0, since, 32);
		had = kj_db_column_int(s, 1);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot read targets");
	/* No record of the change, but targets (loaded in bulk): they were
	 * identified at the start of that year. No targets: nothing to compare. */
	if (!since[0] && had)
		snprintf(since, 32, "%04d-04-01T00:00:00Z", ts->fy - 1);
	return 0;
}

int kj_store_target_counts(struct kj_store *st, const struct kj_target_scope *ts,
			   struct kj_target_counts *c, struct kj_err *err)
{
	/* Each figure a range of an index: the targets as the table holds them
	 * (as the response rate counts them, docs/metrics.md), the sector's
	 * members, and the few registered since (by registration time). */
	static const char sql[] =
		"SELECT (SELECT count(*) FROM target t WHERE t.fiscal_year = $1"
		"  AND t.sector_code = $2" IN_PART("t.organisation_id", "$2", "$3") "),"
		" (SELECT count(*) FROM target t WHERE t.fiscal_year = $1 - 1"
		"  AND t.sector_code = $2" IN_PART("t.organisation_id", "$2", "$3") "),"
		" (SELECT count(*) FROM organisation_sector os WHERE os.sector_code = $2"
		IN_PART("os.organisation_id", "$2", "$3") "),"
		/* The few registered since, by the index on the registration time
		 * (CROSS JOIN: SQLite takes that index first, not the sector's). */
		" (SELECT count(*) FROM organisation o CROSS JOIN organisation_sector os"
		"  WHERE os.organisation_id = o.id AND os.sector_code = $2"
		"  AND CAST($4 AS TEXT) IS NOT NULL AND o.created_at > $4"
		IN_PART("o.id", "$2", "$3") "),"
		" (SELECT count(*) FROM survey s WHERE s.fiscal_year = $1"
		"  AND s.kind = 'questionnaire'),"
		" (SELECT count(*) FROM target t WHERE t.fiscal_year = $1"
		"  AND t.sector_code = $2" IN_PART("t.organisation_id", "$2", "$3")
		"  AND " NOT_SUBMITTED("t.organisation_id", "$1") ")";
	char since[32];
	memset(c, 0, sizeof *c);
	if (kj_store_target_since(st, ts, since, err) < 0)
		return -1;
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	bind_scope(s, ts, 3);
	kj_db_bind_text(s, 4, since[0] ? since : NULL);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		c->selected = (long)kj_db_column_int64(s, 0);
		c->previous = (long)kj_db_column_int64(s, 1);
		c->total = (long)kj_db_column_int64(s, 2);
		c->fresh = (long)kj_db_column_int64(s, 3);
		c->surveyed = (long)kj_db_column_int64(s, 4);
		c->unsubmitted = (long)kj_db_column_int64(s, 5);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot count targets");
	return 0;
}

/* The page's rows; COUNTED adds the number of all matching rows (a window
 * over the whole filtered sector, so only when a filter is given). */
#define TARGET_PAGE_SQL(counted) \
	"SELECT o.id, o.corporate_number, o.name_ja, o.size_class," \
	" t.organisation_id IS NOT NULL, CASE WHEN o.created_at > $1 THEN 1 ELSE 0 END" counted \
	" FROM organisation_sector os JOIN organisation o ON o.id = os.organisation_id" \
	" LEFT JOIN target t ON t.fiscal_year = $2 AND t.sector_code = $3" \
	"  AND t.organisation_id = o.id" \
	" WHERE os.sector_code = $3 AND (($4 & 1) = 0 OR o.created_at > $1)" \
	" AND (($4 & 2) = 0 OR (t.organisation_id IS NOT NULL AND " \
	NOT_SUBMITTED("o.id", "$2") "))" \
	IN_PART("o.id", "$3", "$5") \
	/* The sector's index (sector, corporate number): no sort. */ \
	" ORDER BY os.corporate_number LIMIT $6 OFFSET $7"

int kj_store_target_page(struct kj_store *st, const struct kj_target_scope *ts,
			 unsigned only, long offset, struct kj_target_row *out, int max,
			 int *n, long *matching, struct kj_err *err)
{
	char since[32];
	*n = 0;
	*matching = -1;
	if (kj_store_target_since(st, ts, since, err) < 0)
		return -1;
	struct kj_stmt *s = kj_db_kept(st, only ? TARGET_PAGE_SQL(", count(*) OVER ()")
					      : TARGET_PAGE_SQL(""), err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, since[0] ? since : NULL);
	kj_db_bind_int(s, 2, ts->fy);
	kj_db_bind_text(s, 3, ts->sector);
	kj_db_bind_int(s, 4, (int)only);
	kj_db_bind_text(s, 5, ts->ministry);
	kj_db_bind_int(s, 6, max);
	kj_db_bind_int64(s, 7, offset);
	int rc = KJ_DB_DONE;	/* MAX rows already: none read */
	while (*n < max && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		struct kj_target_row *r = &out[(*n)++];
		r->id = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, r->corporate_number, sizeof r->corporate_number);
		kj_db_col(s, 2, r->name_ja, sizeof r->name_ja);
		kj_db_col(s, 3, r->size_class, sizeof r->size_class);
		r->target = kj_db_column_int(s, 4);
		r->fresh = kj_db_column_int(s, 5);
		if (only)
			*matching = (long)kj_db_column_int64(s, 6);
	}
	if (only && *n == 0 && offset == 0)
		*matching = 0;
	if (*n == max)
		rc = KJ_DB_DONE;
	kj_db_reset(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot list targets");
	return 0;
}

int kj_store_target_in_scope(struct kj_store *st, const struct kj_target_scope *ts,
			     const char *ids_json, long *distinct, long *inside,
			     struct kj_err *err)
{
#define IN_SCOPE_SQL(ids) \
		"SELECT count(DISTINCT j.value), count(DISTINCT os.organisation_id)" \
		" FROM " ids " LEFT JOIN organisation_sector os" \
		" ON os.organisation_id = j.value AND os.sector_code = $2" \
		IN_PART("os.organisation_id", "$2", "$3")
	static const char sql[] = IN_SCOPE_SQL(IDS_SQLITE("$1"));
	static const char sql_pg[] = IN_SCOPE_SQL(IDS_PG("$1"));
	*distinct = *inside = 0;
	struct kj_stmt *s = kj_db_kept(st, kj_db_pick(st, sql, sql_pg), err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, ids_json);
	kj_db_bind_text(s, 2, ts->sector);
	kj_db_bind_text(s, 3, ts->ministry);
	return two_counts(st, s, distinct, inside, err, "cannot check targets");
}

int kj_store_target_mark(struct kj_store *st, const struct kj_target_scope *ts,
			 const char *ids_json, int on, long *changed, struct kj_err *err)
{
#define MARK_ADD_SQL(ids) \
		"INSERT INTO target (fiscal_year, sector_code, organisation_id)" \
		" SELECT $1, $2, j.value FROM " ids " WHERE true ON CONFLICT DO NOTHING"
#define MARK_DEL_SQL(ids) \
		"DELETE FROM target WHERE fiscal_year = $1 AND sector_code = $2" \
		" AND organisation_id IN (SELECT j.value FROM " ids ")"
	static const char add[] = MARK_ADD_SQL(IDS_SQLITE("$3"));
	static const char add_pg[] = MARK_ADD_SQL(IDS_PG("$3"));
	static const char del[] = MARK_DEL_SQL(IDS_SQLITE("$3"));
	static const char del_pg[] = MARK_DEL_SQL(IDS_PG("$3"));
	*changed = 0;
	struct kj_stmt *s = kj_db_kept(st, on ? kj_db_pick(st, add, add_pg)
					   : kj_db_pick(st, del, del_pg), err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, ts->fy);
	kj_db_bind_text(s, 2, ts->sector);
	kj_db_bind_text(s, 3, ids_json);
	return run_changes(st, s, changed, err);
}

int kj_store_target_mark_all(struct kj_store *st, const struct kj_target_scope *ts,
			     int on, long *changed, struct kj_err *err)
{
	static const char add[] =
		"INSERT INTO target (fiscal_year, sector_code, organisation_id)"
		" SELECT $1, $2, os.organisation_id FROM organisation_sector os"
		" WHERE os.sector_code = $2" IN_PART("os.organisation_id", "$2", "$3")
		" ON CONFLICT DO NOTHING";
	static const char del[] =
		"DELETE FROM target WHERE fiscal_year = $1 AND sector_code = $2"
		" AND organisation_id IN (SELECT os.organisation_id FROM organisation_sector os"
		" WHERE os.sector_code = $2" IN_PART("os.organisation_id", "$2", "$3") ")";
	*changed = 0;
	struct kj_stmt *s = kj_db_kept(st, on ? add : del, err);
	if (!s)
		return -1;
	bind_scope(s, ts, 3);
	return run_changes(st, s, changed, err);
}

int kj_store_target_copy_preview(struct kj_store *st, const struct kj_target_scope *ts,
				 long *added, long *removed, struct kj_err *err)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM target p WHERE p.fiscal_year = $1 - 1"
		"  AND p.sector_code = $2" IN_PART("p.organisation_id", "$2", "$3")
		"  AND NOT EXISTS (SELECT 1 FROM target t WHERE t.fiscal_year = $1"
		"  AND t.sector_code = $2 AND t.organisation_id = p.organisation_id)),"
		" (SELECT count(*) FROM target t WHERE t.fiscal_year = $1"
		"  AND t.sector_code = $2" IN_PART("t.organisation_id", "$2", "$3")
		"  AND NOT EXISTS (SELECT 1 FROM target p WHERE p.fiscal_year = $1 - 1"
		"  AND p.sector_code = $2 AND p.organisation_id = t.organisation_id))";
	*added = *removed = 0;
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	bind_scope(s, ts, 3);
	return two_counts(st, s, added, removed, err, "cannot compare targets");
}

int kj_store_target_copy(struct kj_store *st, const struct kj_target_scope *ts,
			 int replace, long *added, long *removed, struct kj_err *err)
{
	static const char add[] =
		"INSERT INTO target (fiscal_year, sector_code, organisation_id)"
		" SELECT $1, $2, p.organisation_id FROM target p"
		" WHERE p.fiscal_year = $1 - 1 AND p.sector_code = $2"
		IN_PART("p.organisation_id", "$2", "$3") " ON CONFLICT DO NOTHING";
	static const char del[] =
		"DELETE FROM target WHERE fiscal_year = $1 AND sector_code = $2"
		" AND organisation_id NOT IN (SELECT p.organisation_id FROM target p"
		"  WHERE p.fiscal_year = $1 - 1 AND p.sector_code = $2)"
		" AND organisation_id IN (SELECT os.organisation_id FROM organisation_sector os"
		"  WHERE os.sector_code = $2" IN_PART("os.organisation_id", "$2", "$3") ")";
	*added = *removed = 0;
	struct kj_stmt *s = kj_db_kept(st, add, err);
	if (!s)
		return -1;
	bind_scope(s, ts, 3);
	if (run_changes(st, s, added, err) < 0)
		return -1;
	if (!replace)
		return 0;
	if (!(s = kj_db_kept(st, del, err)))
		return -1;
	bind_scope(s, ts, 3);
	return run_changes(st, s, removed, err);
}

int kj_store_target_diff(struct kj_store *st, const struct kj_target_scope *ts,
			 struct kj_target_change *out, int max, int *n,
			 struct kj_err *err)
{
	static const char sql[] =
		"SELECT o.id, o.corporate_number, o.name_ja, 1 FROM target t"
		" JOIN organisation o ON o.id = t.organisation_id"
		" WHERE t.fiscal_year = $1 AND t.sector_code = $2"
		IN_PART("t.organisation_id", "$2", "$3") " AND NOT EXISTS"
		" (SELECT 1 FROM target p WHERE p.fiscal_year = $1 - 1 AND p.sector_code = $2"
		"  AND p.organisation_id = t.organisation_id)"
		" UNION ALL"
		" SELECT o.id, o.corporate_number, o.name_ja, 0 FROM target t"
		" JOIN organisation o ON o.id = t.organisation_id"
		" WHERE t.fiscal_year = $1 - 1 AND t.sector_code = $2"
		IN_PART("t.organisation_id", "$2", "$3") " AND NOT EXISTS"
		" (SELECT 1 FROM target c WHERE c.fiscal_year = $1 AND c.sector_code = $2"
		"  AND c.organisation_id = t.organisation_id)"
		" ORDER BY 4 DESC, 2";
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	bind_scope(s, ts, 3);
	int rc = KJ_DB_DONE;	/* MAX rows already: none read */
	while (*n < max && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		struct kj_target_change *c = &out[(*n)++];
		c->org = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, c->corporate_number, sizeof c->corporate_number);
		kj_db_col(s, 2, c->name_ja, sizeof c->name_ja);
		c->added = kj_db_column_int(s, 3);
	}
	if (*n == max)
		rc = KJ_DB_DONE;
	kj_db_reset(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot compare targets");
	return 0;
}
