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
 * CAT under ACTOR, all or nothing. SECTOR, if not NULL, is the sector page
 * the file is imported on: the actor must hold safety.edit on it. The file
 * may name any sector within the actor's reach (the sectors where it holds
 * safety.edit: every one for the NCO); a row of another sector is listed
 * as 「所管外の分野です」. A bad file
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
	KJ_MAP_BAD_REQUIREMENT,	/* see typed: none given, a section, not in the standard */
	KJ_MAP_BAD_EXTENT,	/* not full|partial|none */
};

struct kj_map_result {
	enum kj_map_outcome outcome;
	enum kj_req_typed typed;	/* how the requirement was read */
	char code[KJ_ID_MAX];		/* the requirement, once read */
	kj_sector_code sector;		/* the clause's sector */
};

/*
 * Maps clause CLAUSE to the requirement TYPED names (as kj_safety_req_parse
 * reads it) of the catalog in force CAT with EXTENT "full" or "partial", or
 * removes the mapping ("none"), with its audit entry, in one transaction.
 * A refused change writes nothing and says why in OUT (return 0); -1 only
 * when the store fails.
 */
int kj_app_clause_map(struct kj_store *st, const struct kj_catalog *cat,
		      const struct kj_actor *actor, int64_t clause, const char *typed,
		      const char *extent, struct kj_map_result *out, struct kj_err *err);

/* One clause as the mapping form shows it. */
struct kj_clause_view {
	enum kj_map_outcome outcome;	/* DONE, NO_CLAUSE or REFUSED */
	struct kj_doc_row doc;
	struct kj_clause_row clause;
	char text[KJ_CLAUSE_TEXT_SHOWN];	/* the clause's text, cut short if long */
	long others;		/* other ①②③ clauses of the sector mapping CODE */
};

/*
 * Clause CLAUSE and its document for ACTOR, who must be able to change its
 * sector's mapping (else OUT->outcome says why and the rest is empty); with
 * CODE (may be NULL), how many other clauses of the sector's ①②③
 * documents map that requirement of CAT: removing the last makes it a gap.
 */
int kj_app_clause_get(struct kj_store *st, const struct kj_catalog *cat,
		      const struct kj_actor *actor, int64_t clause, const char *code,
		      struct kj_clause_view *out, struct kj_err *err);

/*
 * The mapping of SECTOR's documents that ACTOR may see in full, as the
 * import reads it (kj_store_safety_records), against CAT's version: a
 * malloc'd array of *N records into *OUT (free with kj_safety_records_free).
 * VISIBLE says whether a document is shown to the actor (the web's rule for
 * operators' internal rules). 0, or -1 with ERR set.
 */
int kj_app_safety_records(struct kj_store *st, const struct kj_catalog *cat,
			  const char *sector, int (*visible)(void *ctx, const struct kj_doc_row *d),
			  void *ctx, struct kj_clause_record **out, int *n, struct kj_err *err);
void kj_safety_records_free(struct kj_clause_record *recs, int n);

#endif
