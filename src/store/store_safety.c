/* The SQLite driver: safety standards and coverage. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/audit.h"
#include "store/db.h"
#include "store/store_safety.h"

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* The id of the row the query (with text params) finds, 0 if none, -1 on error. */
static int64_t find_id(struct kj_store *st, const char *sql, struct kj_err *err,
		       int n, const char *const *args)
{
	struct kj_stmt *s;
	if (kj_db_prep(st, sql, &s, err) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		kj_db_bind_text(s, i + 1, args[i]);
	int rc = kj_db_step(s);
	int64_t id = rc == KJ_DB_ROW ? kj_db_column_int64(s, 0) : 0;
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read safety standards");
	return id;
}
#define FIND(st, sql, err, ...) \
	find_id(st, sql, err, (int)(sizeof (const char *[]){__VA_ARGS__} / sizeof(const char *)), \
		(const char *[]){__VA_ARGS__})

/*
 * The mapping of CLAUSE to requirements of version VID as "id:extent ..."
 * (sorted), for comparison. A mapping still made against an earlier
 * version does not count: re-importing moves it to the version in force.
 */
static int mapping_text(struct kj_store *st, int64_t clause, const char *vid, char *out,
			size_t n, struct kj_err *err)
{
	struct kj_stmt *s;
	out[0] = '\0';
	if (kj_db_prep(st, "SELECT r.code, cr.extent FROM clause_requirement cr"
		       " JOIN requirement r ON r.id = cr.requirement_id"
		       " WHERE cr.clause_id = $1 AND r.version_id = $2 ORDER BY r.code", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, clause);
	kj_db_bind_text(s, 2, vid);
	size_t len = 0;
	while (kj_db_step(s) == KJ_DB_ROW) {
		int w = snprintf(out + len, n - len, "%s:%s ", kj_db_column_text(s, 0),
				 kj_db_column_text(s, 1));
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	kj_db_finalize(s);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Notes what changed for the use case's audit entry; DETAIL is taken over. */
static int note(struct kj_audit_notes *notes, const char *action, const char *type,
		int64_t id, json_t *detail, struct kj_err *err)
{
	if (kj_audit_note(notes, action, type, id, detail) < 0) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	return 0;
}

/* Documents changed by this import, so each of their clauses counts as updated. */
struct changed_docs {
	int64_t id[256];
	int n;
};

/* The extent of the record's requirement CODE: the row's, or its own. */
static const char *extent_of(const struct kj_clause_record *r, const char *code)
{
	for (int i = 0; i < r->nreqs && i < 32; i++)
		if (!strcmp(r->reqs[i], code))
			return r->partial || r->req_partial[i] ? "partial" : "full";
	return r->partial ? "partial" : "full";
}

static int import_one(struct kj_store *st, const struct kj_clause_record *r,
		      const char *vid, struct kj_audit_notes *notes,
		      struct kj_clause_import_stats *stats, struct changed_docs *cd,
		      struct kj_err *err)
{
	char now[32], cls[8], did[24], cid[24], org[24] = "";
	int doc_changed = 0;
	kj_now_iso(now);
	snprintf(cls, sizeof cls, "%d", r->class_n);
	if (r->class_n == 4) {
		/* The validator checked this; the store holds to it whoever calls. */
		snprintf(org, sizeof org, "%lld", (long long)r->organisation_id);
		int64_t ok = r->organisation_id > 0 ?
			FIND(st, "SELECT organisation_id FROM organisation_sector"
			     " WHERE organisation_id = $1 AND sector_code = $2", err, org,
			     r->sector) : 0;
		if (ok < 0)
			return -1;
		if (ok == 0) {
			kj_err_set(err, "\"%s\": internal rules (class 4) need an operator of "
				   "sector %s", r->title, r->sector);
			return -1;
		}
	}
	int64_t doc = FIND(st, "SELECT id FROM safety_document WHERE sector_code = $1"
			   " AND title = $2 AND COALESCE(version, '') = $3", err,
			   r->sector, r->title, r->version);
	if (doc < 0)
		return -1;
	if (doc == 0) {
		if (KJ_DB_RUN(st, "INSERT INTO safety_document (sector_code, class_n, issuer,"
			      " title, version, issued_on, link, created_at, updated_at,"
			      " organisation_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
			      err, r->sector, cls, r->issuer, r->title, nz(r->version),
			      nz(r->issued_on), nz(r->link), now, nz(org)) < 0)
			return -1;
		doc = kj_db_last_id(st);
		stats->documents_added++;
		if (note(notes, "safety.document.add", "safety_document", doc,
			 json_pack("{s:s, s:s}", "sector", r->sector, "title", r->title), err) < 0)
			return -1;
	} else {
		snprintf(did, sizeof did, "%lld", (long long)doc);
		/* One operator's internal rules never become another's. */
		int64_t other = FIND(st, "SELECT id FROM safety_document WHERE id = $1 AND"
				     " organisation_id IS NOT NULL AND CAST($2 AS INTEGER) IS NOT NULL AND"
				     " organisation_id <> CAST($2 AS INTEGER)", err, did, nz(org));
		if (other < 0)
			return -1;
		if (other > 0) {
			kj_err_set(err, "\"%s\" (%s) is already the internal rules of another "
				   "operator in sector %s; give this operator's document its own "
				   "title or version", r->title, r->version[0] ? r->version : "-",
				   r->sector);
			return -1;
		}
		if (KJ_DB_RUN(st, "UPDATE safety_document SET class_n = $1, issuer = $2,"
			      " issued_on = $3, link = $4, updated_at = $5, organisation_id = $6"
			      " WHERE id = $7 AND"
			      " (class_n <> $1 OR issuer <> $2 OR"
			      " COALESCE(issued_on, '') <> COALESCE($3, '') OR"
			      " COALESCE(link, '') <> COALESCE($4, '') OR"
			      " COALESCE(organisation_id, 0) <> COALESCE(CAST($6 AS INTEGER), 0))", err,
			      cls, r->issuer, nz(r->issued_on), nz(r->link), now, nz(org), did) < 0)
			return -1;
		/* A document whose class, issuer, date or link changed changes the
		 * coverage of every clause in it: it is an update, and audited. */
		for (int i = 0; i < cd->n; i++)
			doc_changed |= cd->id[i] == doc;
		if (kj_db_changes(st) > 0) {
			doc_changed = 1;
			if (cd->n < (int)(sizeof cd->id / sizeof cd->id[0]))
				cd->id[cd->n++] = doc;
			stats->documents_updated++;
			if (note(notes, "safety.document.update", "safety_document", doc,
				 json_pack("{s:s, s:i, s:s}", "title", r->title, "class",
					   r->class_n, "issuer", r->issuer), err) < 0)
				return -1;
		}
	}
	snprintf(did, sizeof did, "%lld", (long long)doc);
	int64_t clause = FIND(st, "SELECT id FROM safety_clause WHERE document_id = $1"
			      " AND number = $2", err, did, r->number);
	if (clause < 0)
		return -1;
	char want[32 * (KJ_ID_MAX + 10) + 1] = "", have[sizeof want];
	char sorted[32][KJ_ID_MAX];
	memcpy(sorted, r->reqs, sizeof sorted);
	qsort(sorted, (size_t)r->nreqs, sizeof sorted[0], cmp_str);
	for (int i = 0; i < r->nreqs; i++) {
		size_t l = strlen(want);
		snprintf(want + l, sizeof want - l, "%s:%s ", sorted[i],
			 extent_of(r, sorted[i]));
	}
	int is_new = clause == 0;
	if (is_new) {
		if (KJ_DB_RUN(st, "INSERT INTO safety_clause (document_id, number, title, text)"
			      " VALUES ($1, $2, $3, $4)", err, did, r->number,
			      nz(r->clause_title), nz(r->text)) < 0)
			return -1;
		clause = kj_db_last_id(st);
		have[0] = '\0';
	} else if (mapping_text(st, clause, vid, have, sizeof have, err) < 0) {
		return -1;
	}
	snprintf(cid, sizeof cid, "%lld", (long long)clause);
	if (!is_new) {
		int64_t same = FIND(st, "SELECT id FROM safety_clause WHERE id = $1 AND"
				    " COALESCE(title, '') = $2 AND COALESCE(text, '') = $3", err,
				    cid, r->clause_title, r->text ? r->text : "");
		if (same < 0)
			return -1;
		if (same && !strcmp(have, want)) {
			if (doc_changed)
				stats->clauses_updated++;
			else
				stats->unchanged++;
			return 0;
		}
		if (KJ_DB_RUN(st, "UPDATE safety_clause SET title = $1, text = $2 WHERE id = $3",
			      err, nz(r->clause_title), nz(r->text), cid) < 0 ||
		    KJ_DB_RUN(st, "DELETE FROM clause_requirement WHERE clause_id = $1",
			      err, cid) < 0)
			return -1;
	}
	for (int i = 0; i < r->nreqs; i++)
		if (KJ_DB_RUN(st, "INSERT INTO clause_requirement (clause_id, requirement_id, extent)"
			      " SELECT $1, id, $2 FROM requirement WHERE version_id = $3 AND code = $4"
			      " ON CONFLICT DO NOTHING", err, cid,
			      extent_of(r, r->reqs[i]), vid, r->reqs[i]) < 0)
			return -1;
	if (is_new)
		stats->clauses_added++;
	else
		stats->clauses_updated++;
	return note(notes, is_new ? "safety.clause.add" : "safety.clause.update",
		    "safety_clause", clause,
		    json_pack("{s:s, s:s, s:s}", "sector", r->sector, "number", r->number,
			      "requirements", want), err);
}

int kj_store_clause_import(struct kj_store *st, const struct kj_clause_record *records,
			   int n, const char *version, struct kj_audit_notes *notes,
			   struct kj_clause_import_stats *stats, struct kj_err *err)
{
	memset(stats, 0, sizeof *stats);
	/* Inside a caller's transaction (the demo) as a savepoint, else on its own. */
	int own = !kj_store_in_tx(st);
	if (own ? kj_store_begin(st, err) < 0 : kj_db_exec(st, "SAVEPOINT clause_import", err) < 0)
		return -1;
	int64_t v;
	if (kj_db_version_need(st, version, &v, err) < 0)
		goto fail;
	char vid[24];
	snprintf(vid, sizeof vid, "%lld", (long long)v);
	struct changed_docs cd = { { 0 }, 0 };
	for (int i = 0; i < n; i++)
		if (import_one(st, &records[i], vid, notes, stats, &cd, err) < 0)
			goto fail;
	/* The coverage read from these rows is computed anew, if any changed. */
	if (stats->documents_added + stats->documents_updated + stats->clauses_added +
	    stats->clauses_updated > 0 && kj_db_registry_changed(st, err) < 0)
		goto fail;
	if (own ? kj_store_commit(st, err) < 0 : kj_db_exec(st, "RELEASE clause_import", err) < 0)
		goto fail;
	return 0;
fail:
	if (own) {
		kj_store_rollback(st);
	} else {
		kj_db_exec(st, "ROLLBACK TO clause_import", NULL);
		kj_db_exec(st, "RELEASE clause_import", NULL);
	}
	memset(stats, 0, sizeof *stats);
	return -1;
}

/* Copies coverage FROM into TO (allocated here). */
static int coverage_copy(struct kj_coverage *to, const struct kj_coverage *from)
{
	if (kj_coverage_alloc(to, from->nsectors, from->nreqs) < 0)
		return -1;
	size_t cells = (size_t)from->nsectors * (size_t)from->nreqs;
	memcpy(to->cov, from->cov, cells);
	memcpy(to->partial, from->partial, cells);
	memcpy(to->operators, from->operators, cells * sizeof *to->operators);
	memcpy(to->req_new, from->req_new, (size_t)from->nreqs);
	memcpy(to->req_changed, from->req_changed, (size_t)from->nreqs);
	return 0;
}

static int coverage_compute(struct kj_store *st, const struct kj_catalog *cat, int64_t v,
			    struct kj_coverage *c, struct kj_err *err);

/*
 * The matrix is the same until the safety standards, the operators or the
 * versions change, and every such write moves the registry generation: the
 * last one computed is kept with the generation it was computed at (the
 * home page and the coverage page ask for it on every request).
 */
int kj_store_coverage(struct kj_store *st, const struct kj_catalog *cat,
		      struct kj_coverage *c, struct kj_err *err)
{
	int64_t v, gen;
	memset(c, 0, sizeof *c);
	if (kj_db_version_need(st, cat->version, &v, err) < 0 ||
	    kj_db_registry_generation(st, &gen, err) < 0)
		return -1;
	struct kj_coverage *kept = st->coverage;
	if (kept && st->coverage_vid == v && st->coverage_gen == gen &&
	    kept->nsectors == cat->nsectors && kept->nreqs == cat->nreqs && !st->in_write) {
		if (coverage_copy(c, kept) < 0) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		return 0;
	}
	if (coverage_compute(st, cat, v, c, err) < 0)
		return -1;
	/* Kept only when read outside a write of this connection's own (whose
	 * generation may yet be taken back). */
	if (!st->in_write) {
		if (!kept && (kept = st->coverage = calloc(1, sizeof *kept)) == NULL)
			return 0;
		kj_coverage_free(kept);
		if (coverage_copy(kept, c) == 0) {
			st->coverage_vid = v;
			st->coverage_gen = gen;
		}
	}
	return 0;
}

static int coverage_compute(struct kj_store *st, const struct kj_catalog *cat, int64_t v,
			    struct kj_coverage *c, struct kj_err *err)
{
	if (kj_coverage_alloc(c, cat->nsectors, cat->nreqs) < 0) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	/*
	 * Per (sector, requirement): the best state (government 3, industry 2,
	 * operators-only 1), the best state some clause covers fully (the cell
	 * is partial when that is below its state), and the operators whose
	 * internal rules cover it (a class ④ document of no recorded operator,
	 * from before migration 4, counts as one). Each mapped requirement of
	 * any version is followed through the crosswalk links to its successors
	 * in every later version (docs/metrics.md): a split passes everything to
	 * every part; a merge passes a fully covering state only when every
	 * merged requirement is fully covered at that state or better in the
	 * sector (full0: fully covered, followed without this rule), otherwise
	 * the merged requirement is only partly covered.
	 */
	struct kj_stmt *s;
	if (kj_db_prep(st,
		"WITH RECURSIVE m0 (sector_code, req, state, fstate, operator) AS ("
		" SELECT d.sector_code, cr.requirement_id,"
		"  CASE WHEN d.class_n <= 2 THEN 3 WHEN d.class_n = 3 THEN 2 ELSE 1 END,"
		"  CASE WHEN cr.extent <> 'full' THEN 0 WHEN d.class_n <= 2 THEN 3"
		"   WHEN d.class_n = 3 THEN 2 ELSE 1 END,"
		"  CASE WHEN d.class_n >= 4 THEN COALESCE(d.organisation_id, -d.id) END"
		"  FROM clause_requirement cr"
		"  JOIN safety_clause k ON k.id = cr.clause_id"
		"  JOIN safety_document d ON d.id = k.document_id),"
		" full0 (sector_code, cur, fstate) AS ("
		" SELECT sector_code, req, fstate FROM m0 WHERE fstate > 0"
		" UNION"
		" SELECT f.sector_code, rs.to_requirement_id, f.fstate FROM full0 f"
		"  JOIN requirement_succession rs ON rs.from_requirement_id = f.cur),"
		" chain (sector_code, cur, state, fstate, operator) AS ("
		" SELECT sector_code, req, state, fstate, operator FROM m0"
		" UNION"
		" SELECT c.sector_code, rs.to_requirement_id, c.state,"
		"  CASE WHEN rs.kind = 'merged' AND c.fstate > 0 AND EXISTS ("
		"   SELECT 1 FROM requirement_succession o"
		"   WHERE o.to_requirement_id = rs.to_requirement_id AND NOT EXISTS ("
		"    SELECT 1 FROM full0 f WHERE f.sector_code = c.sector_code"
		"    AND f.cur = o.from_requirement_id AND f.fstate >= c.fstate)) THEN 0"
		"   ELSE c.fstate END,"
		"  c.operator"
		"  FROM chain c"
		"  JOIN requirement_succession rs ON rs.from_requirement_id = c.cur)"
		"SELECT c.sector_code, r.code, MAX(c.state), MAX(c.fstate),"
		" COUNT(DISTINCT c.operator) FROM chain c"
		" JOIN requirement r ON r.id = c.cur"
		" WHERE r.version_id = $1 GROUP BY c.sector_code, r.code", &s, err) < 0)
		goto fail;
	kj_db_bind_int64(s, 1, v);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *sec = (const char *)kj_db_column_text(s, 0);
		const char *code = (const char *)kj_db_column_text(s, 1);
		int state = kj_db_column_int(s, 2), full = kj_db_column_int(s, 3);
		int ops = kj_db_column_int(s, 4);
		int si = kj_catalog_sector_index(cat, sec), ri = kj_catalog_req_index(cat, code);
		if (si >= 0 && ri >= 0 && state > 0 && state < KJ_NCOV) {
			size_t i = (size_t)si * (size_t)cat->nreqs + (size_t)ri;
			c->cov[i] = (unsigned char)state;
			c->partial[i] = full < state;
			c->operators[i] = (unsigned short)(ops < 0 ? 0 : ops > 65535 ? 65535 : ops);
		}
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_DONE) {
		kj_db_fail(st, err, "cannot compute coverage");
		goto fail;
	}
	/* New and changed requirements, if there is a previous version. */
	if (kj_db_prep(st,
		"SELECT r.code,"
		" (SELECT COUNT(*) FROM requirement_succession rs WHERE rs.to_requirement_id = r.id),"
		" (SELECT MAX(rs.changed) FROM requirement_succession rs WHERE rs.to_requirement_id = r.id),"
		" (SELECT COUNT(*) FROM standard_version p, standard_version c"
		"  WHERE c.id = $1 AND p.id <> c.id AND p.effective_on <= c.effective_on)"
		" FROM requirement r WHERE r.version_id = $1", &s, err) < 0)
		goto fail;
	kj_db_bind_int64(s, 1, v);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int ri = kj_catalog_req_index(cat, (const char *)kj_db_column_text(s, 0));
		if (ri < 0 || kj_db_column_int(s, 3) == 0)
			continue;
		c->req_new[ri] = kj_db_column_int(s, 1) == 0;
		c->req_changed[ri] = kj_db_column_int(s, 2) > 0;
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_DONE) {
		kj_db_fail(st, err, "cannot compare versions");
		goto fail;
	}
	return 0;
fail:
	kj_coverage_free(c);
	return -1;
}

int kj_store_safety_org_find(void *ctx, const char *corporate_number, const char *sector,
			     int64_t *org_id)
{
	struct kj_store *st = ctx;
	struct kj_err err;
	struct kj_stmt *s;
	*org_id = 0;
	if (kj_db_prep(st, "SELECT o.id, EXISTS (SELECT 1 FROM organisation_sector os"
		       " WHERE os.organisation_id = o.id AND os.sector_code = $1)"
		       " FROM organisation o WHERE o.corporate_number = $2 AND o.active = 1",
		       &s, &err) < 0)
		return -1;
	kj_db_bind_text(s, 1, sector);
	kj_db_bind_text(s, 2, corporate_number);
	int rc = kj_db_step(s), found = 0;
	if (rc == KJ_DB_ROW) {
		*org_id = kj_db_column_int64(s, 0);
		found = kj_db_column_int(s, 1) ? 1 : 2;
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return -1;
	return found;
}

int kj_store_safety_docs(struct kj_store *st, const char *sector,
			 struct kj_doc_row *out, int max, int *n, struct kj_err *err)
{
	struct kj_stmt *s;
	*n = 0;
	if (kj_db_prep(st, "SELECT d.id, d.sector_code, d.class_n, d.issuer, d.title,"
		       " d.version, d.issued_on, d.link,"
		       " (SELECT COUNT(*) FROM safety_clause k WHERE k.document_id = d.id),"
		       " d.organisation_id, o.name_ja"
		       " FROM safety_document d LEFT JOIN organisation o ON o.id = d.organisation_id"
		       " WHERE (CAST($1 AS TEXT) IS NULL OR d.sector_code = $1)"
		       " ORDER BY d.sector_code, d.class_n, d.title", &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, sector);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		struct kj_doc_row *d = &out[(*n)++];
		d->id = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, d->sector, sizeof d->sector);
		d->class_n = kj_db_column_int(s, 2);
		kj_db_col(s, 3, d->issuer, sizeof d->issuer);
		kj_db_col(s, 4, d->title, sizeof d->title);
		kj_db_col(s, 5, d->version, sizeof d->version);
		kj_db_col(s, 6, d->issued_on, sizeof d->issued_on);
		kj_db_col(s, 7, d->link, sizeof d->link);
		d->nclauses = kj_db_column_int(s, 8);
		d->organisation_id = kj_db_column_int64(s, 9);
		kj_db_col(s, 10, d->organisation_name, sizeof d->organisation_name);
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot list safety standards");
	return 0;
}

int kj_store_safety_clauses(struct kj_store *st, int64_t doc,
			    struct kj_clause_row *out, int max, int *n,
			    struct kj_err *err)
{
	struct kj_stmt *s;
	*n = 0;
	if (kj_db_prep(st, "SELECT id, number, title FROM safety_clause"
		       " WHERE document_id = $1 ORDER BY id", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, doc);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		struct kj_clause_row *c = &out[(*n)++];
		memset(c, 0, sizeof *c);
		c->id = kj_db_column_int64(s, 0);
		c->document_id = doc;
		kj_db_col(s, 1, c->number, sizeof c->number);
		kj_db_col(s, 2, c->title, sizeof c->title);
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot list clauses");
	for (int i = 0; i < *n; i++) {
		if (kj_db_prep(st, "SELECT r.code, cr.extent FROM clause_requirement cr"
			       " JOIN requirement r ON r.id = cr.requirement_id"
			       " WHERE cr.clause_id = $1 ORDER BY r.ord", &s, err) < 0)
			return -1;
		kj_db_bind_int64(s, 1, out[i].id);
		while (kj_db_step(s) == KJ_DB_ROW && out[i].nreqs < 32) {
			kj_db_col(s, 0, out[i].reqs[out[i].nreqs], KJ_ID_MAX);
			out[i].partial[out[i].nreqs] =
				!strcmp((const char *)kj_db_column_text(s, 1), "partial");
			out[i].nreqs++;
		}
		kj_db_finalize(s);
	}
	return 0;
}

int kj_store_clause_sector(struct kj_store *st, int64_t clause, kj_sector_code sector,
			   struct kj_err *err)
{
	struct kj_stmt *s;
	sector[0] = '\0';
	if (kj_db_prep(st, "SELECT d.sector_code FROM safety_clause k JOIN safety_document d"
		       " ON d.id = k.document_id WHERE k.id = $1", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, clause);
	if (kj_db_step(s) == KJ_DB_ROW)
		kj_db_col(s, 0, sector, 24);
	kj_db_finalize(s);
	return 0;
}

int kj_store_clause_map(struct kj_store *st, int64_t clause, const char *version,
			const char *req_code, const char *extent, struct kj_audit_notes *notes,
			struct kj_err *err)
{
	char cid[24], vid[24];
	if (!kj_store_in_tx(st)) {
		kj_err_set(err, "internal error: a mapping is written in a transaction");
		return -1;
	}
	int64_t v;
	if (kj_db_version_need(st, version, &v, err) < 0)
		goto fail;
	snprintf(cid, sizeof cid, "%lld", (long long)clause);
	snprintf(vid, sizeof vid, "%lld", (long long)v);
	int64_t rid = FIND(st, "SELECT id FROM requirement WHERE version_id = $1 AND code = $2",
			   err, vid, req_code);
	if (rid <= 0) {
		if (rid == 0)
			kj_err_set(err, "no requirement %s", req_code);
		goto fail;
	}
	char rs[24];
	snprintf(rs, sizeof rs, "%lld", (long long)rid);
	if (KJ_DB_RUN(st, "DELETE FROM clause_requirement WHERE clause_id = $1 AND"
		      " requirement_id = $2", err, cid, rs) < 0)
		goto fail;
	if (extent && KJ_DB_RUN(st, "INSERT INTO clause_requirement (clause_id, requirement_id,"
				" extent) VALUES ($1, $2, $3)", err, cid, rs, extent) < 0)
		goto fail;
	if (kj_db_registry_changed(st, err) < 0)	/* the coverage is computed anew */
		goto fail;
	return note(notes, extent ? "safety.map.set" : "safety.map.remove", "safety_clause",
		    clause, json_pack("{s:s, s:s?}", "requirement", req_code, "extent", extent),
		    err);
fail:
	return -1;
}

/* The columns of a kj_doc_row, as kj_store_safety_docs selects them. */
#define DOC_COLUMNS "d.id, d.sector_code, d.class_n, d.issuer, d.title, d.version," \
	" d.issued_on, d.link, (SELECT COUNT(*) FROM safety_clause k WHERE k.document_id = d.id)," \
	" d.organisation_id, o.name_ja"

static void doc_row(struct kj_stmt *s, int at, struct kj_doc_row *d)
{
	d->id = kj_db_column_int64(s, at);
	kj_db_col(s, at + 1, d->sector, sizeof d->sector);
	d->class_n = kj_db_column_int(s, at + 2);
	kj_db_col(s, at + 3, d->issuer, sizeof d->issuer);
	kj_db_col(s, at + 4, d->title, sizeof d->title);
	kj_db_col(s, at + 5, d->version, sizeof d->version);
	kj_db_col(s, at + 6, d->issued_on, sizeof d->issued_on);
	kj_db_col(s, at + 7, d->link, sizeof d->link);
	d->nclauses = kj_db_column_int(s, at + 8);
	d->organisation_id = kj_db_column_int64(s, at + 9);
	kj_db_col(s, at + 10, d->organisation_name, sizeof d->organisation_name);
}

int kj_store_safety_clause(struct kj_store *st, int64_t clause, struct kj_doc_row *d,
			   struct kj_clause_row *c, char *text, size_t ntext, int *found,
			   struct kj_err *err)
{
	struct kj_stmt *s;
	*found = 0;
	memset(d, 0, sizeof *d);
	memset(c, 0, sizeof *c);
	if (text && ntext)
		text[0] = '\0';
	if (kj_db_prep(st, "SELECT " DOC_COLUMNS ", k.number, k.title, k.text"
		       " FROM safety_clause k JOIN safety_document d ON d.id = k.document_id"
		       " LEFT JOIN organisation o ON o.id = d.organisation_id"
		       " WHERE k.id = $1", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, clause);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		doc_row(s, 0, d);
		c->id = clause;
		c->document_id = d->id;
		kj_db_col(s, 11, c->number, sizeof c->number);
		kj_db_col(s, 12, c->title, sizeof c->title);
		const char *t = (const char *)kj_db_column_text(s, 13);
		if (text && ntext && t) {
			size_t l = kj_utf8_prefix(t, ntext - 1);	/* cut on a character */
			memcpy(text, t, l);
			text[l] = '\0';
		}
		*found = 1;
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the clause");
	if (!*found)
		return 0;
	if (kj_db_prep(st, "SELECT r.code, cr.extent FROM clause_requirement cr"
		       " JOIN requirement r ON r.id = cr.requirement_id"
		       " WHERE cr.clause_id = $1 ORDER BY r.ord", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, clause);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && c->nreqs < 32) {
		kj_db_col(s, 0, c->reqs[c->nreqs], KJ_ID_MAX);
		c->partial[c->nreqs++] = !strcmp((const char *)kj_db_column_text(s, 1), "partial");
	}
	kj_db_finalize(s);
	return 0;
}

int kj_store_clause_others(struct kj_store *st, int64_t clause, const char *version,
			   const char *req_code, long *n, struct kj_err *err)
{
	struct kj_stmt *s;
	int64_t v;
	*n = 0;
	if (kj_db_version_need(st, version, &v, err) < 0)
		return -1;
	if (kj_db_prep(st, "SELECT COUNT(*) FROM clause_requirement cr"
		       " JOIN requirement r ON r.id = cr.requirement_id"
		       " JOIN safety_clause k ON k.id = cr.clause_id"
		       " JOIN safety_document d ON d.id = k.document_id"
		       " WHERE cr.clause_id <> $1 AND r.version_id = $2 AND r.code = $3"
		       " AND d.class_n <= 3 AND d.sector_code = (SELECT d2.sector_code"
		       "  FROM safety_clause k2 JOIN safety_document d2 ON d2.id = k2.document_id"
		       "  WHERE k2.id = $1)", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, clause);
	kj_db_bind_int64(s, 2, v);
	kj_db_bind_text(s, 3, req_code);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		*n = kj_db_column_int64(s, 0);
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot count the clauses of a requirement");
	return 0;
}

/* The document's attributes into record R, as the import reads them. */
static void record_doc(struct kj_clause_record *r, const struct kj_doc_row *d,
		       const char *corporate_number)
{
	kj_strlcpy(r->sector, d->sector, sizeof r->sector);
	r->class_n = d->class_n;
	kj_strlcpy(r->issuer, d->issuer, sizeof r->issuer);
	kj_strlcpy(r->title, d->title, sizeof r->title);
	kj_strlcpy(r->version, d->version, sizeof r->version);
	kj_strlcpy(r->issued_on, d->issued_on, sizeof r->issued_on);
	kj_strlcpy(r->link, d->link, sizeof r->link);
	if (d->class_n == 4) {
		kj_strlcpy(r->corporate_number, corporate_number, sizeof r->corporate_number);
		r->organisation_id = d->organisation_id;
	}
}

/* The mapping of record R's clause CLAUSE to requirements of version VID:
 * all partial is the row's 一部, some partial each marked. */
static int record_reqs(struct kj_store *st, int64_t clause, int64_t vid,
		       struct kj_clause_record *r, struct kj_err *err)
{
	struct kj_stmt *s;
	int npartial = 0;
	if (kj_db_prep(st, "SELECT r.code, cr.extent FROM clause_requirement cr"
		       " JOIN requirement r ON r.id = cr.requirement_id"
		       " WHERE cr.clause_id = $1 AND r.version_id = $2 ORDER BY r.ord", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, clause);
	kj_db_bind_int64(s, 2, vid);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && r->nreqs < 32) {
		kj_db_col(s, 0, r->reqs[r->nreqs], KJ_ID_MAX);
		r->req_partial[r->nreqs] =
			!strcmp((const char *)kj_db_column_text(s, 1), "partial");
		npartial += r->req_partial[r->nreqs++];
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read a clause's mapping");
	if (r->nreqs && npartial == r->nreqs) {
		r->partial = 1;
		memset(r->req_partial, 0, sizeof r->req_partial);
	}
	return 0;
}

int kj_store_safety_records(struct kj_store *st, const struct kj_doc_row *d,
			    const char *version, struct kj_clause_record *out, int max,
			    int *n, struct kj_err *err)
{
	struct kj_stmt *s;
	int64_t v;
	char corp[16] = "";
	*n = 0;
	if (kj_db_version_need(st, version, &v, err) < 0)
		return -1;
	if (d->class_n == 4) {
		if (kj_db_prep(st, "SELECT corporate_number FROM organisation WHERE id = $1",
			       &s, err) < 0)
			return -1;
		kj_db_bind_int64(s, 1, d->organisation_id);
		if (kj_db_step(s) == KJ_DB_ROW)
			kj_db_col(s, 0, corp, sizeof corp);
		kj_db_finalize(s);
	}
	if (kj_db_prep(st, "SELECT id, number, title, text FROM safety_clause"
		       " WHERE document_id = $1 ORDER BY id", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, d->id);
	int rc = KJ_DB_DONE;
	while (*n < max && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		struct kj_clause_record *r = &out[*n];
		memset(r, 0, sizeof *r);
		record_doc(r, d, corp);
		kj_db_col(s, 1, r->number, sizeof r->number);
		kj_db_col(s, 2, r->clause_title, sizeof r->clause_title);
		const char *text = (const char *)kj_db_column_text(s, 3);
		if (text && *text && !(r->text = strdup(text))) {
			rc = KJ_DB_ERROR;
			kj_strlcpy(st->errmsg, "out of memory", sizeof st->errmsg);
			break;
		}
		if (record_reqs(st, kj_db_column_int64(s, 0), v, r, err) < 0) {
			free(r->text);
			kj_db_finalize(s);
			return -1;
		}
		/* A clause mapped to no requirement in force has no row to give. */
		if (!r->nreqs) {
			free(r->text);
			continue;
		}
		(*n)++;
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the clauses");
	return 0;
}
