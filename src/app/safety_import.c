/* Use cases of the safety standards: imports and one mapping, with their audit entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"

#include "app/audit_log.h"
#include "app/authz.h"
#include "app/import_audit.h"
#include "app/safety_import.h"
#include "model/table.h"

int kj_app_safety_save(struct kj_store *st, const struct kj_actor *actor,
		       const struct kj_clause_record *records, int n, const char *version,
		       struct kj_clause_import_stats *stats, struct kj_err *err)
{
	struct kj_audit_notes notes = { 0 };
	int own = !kj_store_in_tx(st);
	if (own && kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_clause_import(st, records, n, version, &notes, stats, err) < 0 ||
	    kj_audit_log_notes(st, actor->id, actor->name, &notes, err) < 0 ||
	    (own && kj_store_commit(st, err) < 0)) {
		if (own)
			kj_store_rollback(st);
		kj_audit_notes_free(&notes);
		memset(stats, 0, sizeof *stats);
		return -1;
	}
	kj_audit_notes_free(&notes);
	return 0;
}

/* May the actor change every sector the records name? */
static int within_reach(const struct kj_actor *actor, const struct kj_clause_import *rows)
{
	for (int i = 0; actor->user && i < rows->nrecords; i++)
		if (!kj_authz_sector(actor->user, KJ_PERM_SAFETY_EDIT, rows->records[i].sector))
			return 0;
	return 1;
}

int kj_app_safety_import(struct kj_store *st, const struct kj_catalog *cat,
			 const struct kj_actor *actor, const char *sector,
			 const char *data, size_t len, struct kj_safety_import *out,
			 struct kj_err *err)
{
	struct kj_table t;
	struct kj_err why;
	memset(out, 0, sizeof *out);
	if (sector && actor->user && !kj_authz_sector(actor->user, KJ_PERM_SAFETY_EDIT, sector)) {
		out->outcome = KJ_IMPORT_REFUSED;
		return 0;
	}
	if (kj_import_read(&t, data, len, &out->outcome, out->detail, sizeof out->detail) < 0)
		return 0;
	/* Rows are checked against the actor's reach, not the page's sector:
	 * the NCO reaches every sector. */
	int nreach = 0;
	kj_sector_code *reach = calloc((size_t)cat->nsectors + 1, sizeof *reach);
	if (!reach) {
		kj_table_free(&t);
		kj_err_set(err, "out of memory");
		return -1;
	}
	for (int i = 0; actor->user && i < cat->nsectors; i++)
		if (kj_authz_sector(actor->user, KJ_PERM_SAFETY_EDIT, cat->sectors[i].code))
			kj_strlcpy(reach[nreach++], cat->sectors[i].code, sizeof reach[0]);
	/* Class ④ rows name an operator of the registry: looked up in the store. */
	const struct kj_safety_orgs orgs = { kj_store_safety_org_find, st };
	int rc = kj_safety_validate(&t, cat, actor->user ? (const kj_sector_code *)reach : NULL,
				    nreach, &orgs, &out->rows, &why);
	free(reach);
	kj_table_free(&t);
	if (kj_import_checked(rc, &why, out->rows.nerrors, &out->outcome, out->detail,
			      sizeof out->detail))
		return 0;
	if (!within_reach(actor, &out->rows)) {
		out->outcome = KJ_IMPORT_REFUSED;
		return 0;
	}
	/* The rows and the import's summary entry in one transaction. */
	struct kj_import_summary sum = { .action = "safety.import", .object_type = "safety",
					 .object_id = sector,
					 .accepted = out->rows.nrecords };
	const struct kj_clause_import_stats *x = &out->stats;
	kj_import_digest(&sum, data, len);
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_app_safety_save(st, actor, out->rows.records, out->rows.nrecords, cat->version,
			       &out->stats, err) < 0 ||
	    (x->documents_added + x->documents_updated + x->clauses_added +
	     x->clauses_updated > 0 && kj_import_audit(st, actor, &sum, err) < 0) ||
	    kj_store_commit(st, err) < 0) {
		kj_store_rollback(st);
		memset(&out->stats, 0, sizeof out->stats);
		return -1;
	}
	out->outcome = KJ_IMPORT_DONE;
	return 0;
}

void kj_safety_import_free(struct kj_safety_import *out)
{
	kj_clause_import_free(&out->rows);
}

int kj_app_clause_map(struct kj_store *st, const struct kj_catalog *cat,
		      const struct kj_actor *actor, int64_t clause, const char *typed,
		      const char *extent, struct kj_map_result *out, struct kj_err *err)
{
	struct kj_audit_notes notes = { 0 };
	const struct kj_requirement *req = NULL;
	memset(out, 0, sizeof *out);
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_clause_sector(st, clause, out->sector, err) < 0)
		goto fail;
	out->typed = kj_safety_req_parse(cat, typed, typed ? strlen(typed) : 0, &req, NULL);
	if (req)
		kj_strlcpy(out->code, req->id, sizeof out->code);
	if (!out->sector[0] || (actor->user &&
				!kj_authz_sector(actor->user, KJ_PERM_SAFETY_READ, out->sector)))
		out->outcome = KJ_MAP_NO_CLAUSE;
	else if (actor->user && !kj_authz_sector(actor->user, KJ_PERM_SAFETY_EDIT, out->sector))
		out->outcome = KJ_MAP_REFUSED;
	else if (out->typed != KJ_REQ_OK)
		out->outcome = KJ_MAP_BAD_REQUIREMENT;
	else if (!extent || (strcmp(extent, "full") && strcmp(extent, "partial") &&
			     strcmp(extent, "none")))
		out->outcome = KJ_MAP_BAD_EXTENT;
	if (out->outcome != KJ_MAP_DONE) {
		kj_store_rollback(st);
		return 0;
	}
	if (kj_store_clause_map(st, clause, cat->version, out->code,
				strcmp(extent, "none") ? extent : NULL, &notes, err) < 0 ||
	    kj_audit_log_notes(st, actor->id, actor->name, &notes, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto fail;
	kj_audit_notes_free(&notes);
	return 0;
fail:
	kj_store_rollback(st);
	kj_audit_notes_free(&notes);
	return -1;
}

int kj_app_clause_get(struct kj_store *st, const struct kj_catalog *cat,
		      const struct kj_actor *actor, int64_t clause, const char *code,
		      struct kj_clause_view *out, struct kj_err *err)
{
	int found = 0;
	memset(out, 0, sizeof *out);
	if (kj_store_safety_clause(st, clause, &out->doc, &out->clause, out->text,
				   sizeof out->text, &found, err) < 0)
		return -1;
	if (!found || (actor->user &&
		       !kj_authz_sector(actor->user, KJ_PERM_SAFETY_READ, out->doc.sector)))
		out->outcome = KJ_MAP_NO_CLAUSE;
	else if (actor->user &&
		 !kj_authz_sector(actor->user, KJ_PERM_SAFETY_EDIT, out->doc.sector))
		out->outcome = KJ_MAP_REFUSED;
	if (out->outcome != KJ_MAP_DONE) {
		memset(&out->doc, 0, sizeof out->doc);
		memset(&out->clause, 0, sizeof out->clause);
		out->text[0] = '\0';
		return 0;
	}
	if (code && kj_catalog_req(cat, code) &&
	    kj_store_clause_others(st, clause, cat->version, code, &out->others, err) < 0)
		return -1;
	return 0;
}

int kj_app_safety_records(struct kj_store *st, const struct kj_catalog *cat,
			  const char *sector, int (*visible)(void *ctx, const struct kj_doc_row *d),
			  void *ctx, struct kj_clause_record **out, int *n, struct kj_err *err)
{
	enum { DOCS = 200 };
	struct kj_doc_row *docs = calloc(DOCS, sizeof *docs);
	struct kj_clause_record *recs = NULL;
	int ndocs = 0, rc = -1, max = 0;
	*out = NULL;
	*n = 0;
	if (!docs) {
		kj_err_set(err, "out of memory");
		goto done;
	}
	if (kj_store_safety_docs(st, sector, docs, DOCS, &ndocs, err) < 0)
		goto done;
	/* Room for the clauses of the documents shown, no more (a record is ~3 KB). */
	for (int d = 0; d < ndocs; d++) {
		if (visible && !visible(ctx, &docs[d]))
			docs[d].nclauses = -1;
		else if (max < KJ_SAFETY_EXPORT_MAX)
			max += docs[d].nclauses;
	}
	max = max < KJ_SAFETY_EXPORT_MAX ? max : KJ_SAFETY_EXPORT_MAX;
	recs = calloc((size_t)max + 1, sizeof *recs);
	if (!recs) {
		kj_err_set(err, "out of memory");
		goto done;
	}
	for (int d = 0; d < ndocs && *n < max; d++) {
		int got = 0;
		if (docs[d].nclauses < 0)
			continue;
		int rcd = kj_store_safety_records(st, &docs[d], cat->version, recs + *n, max - *n,
						  &got, err);
		*n += got;	/* on failure too: their texts are freed below */
		if (rcd < 0)
			goto done;
	}
	*out = recs;
	recs = NULL;
	rc = 0;
done:
	if (rc < 0) {
		kj_safety_records_free(recs, *n);
		recs = NULL;
		*n = 0;
	}
	free(recs);
	free(docs);
	return rc;
}

void kj_safety_records_free(struct kj_clause_record *recs, int n)
{
	for (int i = 0; recs && i < n; i++)
		free(recs[i].text);
	free(recs);
}
