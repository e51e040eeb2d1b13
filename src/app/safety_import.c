/* Use cases of the safety standards: imports and one mapping, with their audit entries. */
#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/authz.h"
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
	kj_sector_code only[1];
	memset(out, 0, sizeof *out);
	if (sector && actor->user && !kj_authz_sector(actor->user, KJ_PERM_SAFETY_EDIT, sector)) {
		out->outcome = KJ_IMPORT_REFUSED;
		return 0;
	}
	if (kj_import_read(&t, data, len, &out->outcome, out->detail, sizeof out->detail) < 0)
		return 0;
	if (sector)
		kj_strlcpy(only[0], sector, sizeof only[0]);
	/* Class ④ rows name an operator of the registry: looked up in the store. */
	const struct kj_safety_orgs orgs = { kj_store_safety_org_find, st };
	int rc = kj_safety_validate(&t, cat, sector ? (const kj_sector_code *)only : NULL,
				    sector ? 1 : 0, &orgs, &out->rows, &why);
	kj_table_free(&t);
	if (kj_import_checked(rc, &why, out->rows.nerrors, &out->outcome, out->detail,
			      sizeof out->detail))
		return 0;
	if (!within_reach(actor, &out->rows)) {
		out->outcome = KJ_IMPORT_REFUSED;
		return 0;
	}
	if (kj_app_safety_save(st, actor, out->rows.records, out->rows.nrecords, cat->version,
			       &out->stats, err) < 0)
		return -1;
	out->outcome = KJ_IMPORT_DONE;
	return 0;
}

void kj_safety_import_free(struct kj_safety_import *out)
{
	kj_clause_import_free(&out->rows);
}

int kj_app_clause_map(struct kj_store *st, const struct kj_catalog *cat,
		      const struct kj_actor *actor, int64_t clause, const char *code,
		      const char *extent, enum kj_map_outcome *outcome, char *sector,
		      struct kj_err *err)
{
	struct kj_audit_notes notes = { 0 };
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_clause_sector(st, clause, sector, err) < 0)
		goto fail;
	*outcome = KJ_MAP_DONE;
	if (!sector[0] || (actor->user &&
			   !kj_authz_sector(actor->user, KJ_PERM_SAFETY_READ, sector)))
		*outcome = KJ_MAP_NO_CLAUSE;
	else if (actor->user && !kj_authz_sector(actor->user, KJ_PERM_SAFETY_EDIT, sector))
		*outcome = KJ_MAP_REFUSED;
	else if (!code || !extent || !kj_catalog_req(cat, code) ||
		 (strcmp(extent, "full") && strcmp(extent, "partial") && strcmp(extent, "none")))
		*outcome = KJ_MAP_BAD;
	if (*outcome != KJ_MAP_DONE) {
		kj_store_rollback(st);
		return 0;
	}
	if (kj_store_clause_map(st, clause, cat->version, code,
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
