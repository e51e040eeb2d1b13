/*
 * Use cases of the safety standards: a mapping table of clauses to Part 3
 * requirements imported from a file, the same records saved (the demo),
 * and one clause's mapping to one requirement set from the sector page.
 */
#ifndef KJ_APP_SAFETY_IMPORT_H
#define KJ_APP_SAFETY_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "app/usecase.h"
#include "model/catalog.h"
#include "model/safety.h"
#include "store/store.h"
#include "store/store_safety.h"

/*
 * Writes RECORDS (validated by kj_safety_validate) against standard
 * VERSION under ACTOR, with an audit entry for each document and clause
 * added or changed: in the caller's transaction if one is open, else in
 * one of its own. Returns 0, or -1 with ERR set and nothing written.
 */
int kj_app_safety_save(struct kj_store *st, const struct kj_actor *actor,
		       const struct kj_clause_record *records, int n, const char *version,
		       struct kj_clause_import_stats *stats, struct kj_err *err);

struct kj_safety_import {
	enum kj_import_outcome outcome;
	char detail[KJ_ERR_MAX];
	struct kj_clause_import rows;	/* the file's records and bad cells */
	struct kj_clause_import_stats stats;
};

/*
 * Imports the mapping table DATA (LEN bytes) against the catalog in force
 * CAT under ACTOR, all or nothing. SECTOR, if not NULL, is the only sector
 * the file may name (the sector page's import); the actor must hold
 * safety.edit on every sector it names, or it is refused. A bad file
 * changes nothing and says why in OUT (return 0); -1 only when the store
 * fails. Free OUT with kj_safety_import_free.
 */
int kj_app_safety_import(struct kj_store *st, const struct kj_catalog *cat,
			 const struct kj_actor *actor, const char *sector,
			 const char *data, size_t len, struct kj_safety_import *out,
			 struct kj_err *err);
void kj_safety_import_free(struct kj_safety_import *out);

/* What became of a mapping change. */
enum kj_map_outcome {
	KJ_MAP_DONE,
	KJ_MAP_NO_CLAUSE,	/* no such clause, or one the actor may not read */
	KJ_MAP_REFUSED,		/* the actor may read, not change, its sector */
	KJ_MAP_BAD,		/* no such requirement, or an extent not full|partial|none */
};

/*
 * Maps clause CLAUSE to requirement CODE of the catalog in force CAT with
 * EXTENT "full" or "partial", or removes the mapping ("none"). SECTOR
 * (KJ_SECTOR_CODE_MAX bytes) gets the clause's sector.
 */
int kj_app_clause_map(struct kj_store *st, const struct kj_catalog *cat,
		      const struct kj_actor *actor, int64_t clause, const char *code,
		      const char *extent, enum kj_map_outcome *outcome, char *sector,
		      struct kj_err *err);

#endif
