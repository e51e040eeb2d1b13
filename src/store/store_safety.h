/*
 * The store's safety standards: documents, clauses and their mapping to
 * Part 3 requirements, and the coverage computed from them.
 */
#ifndef KJ_STORE_STORE_SAFETY_H
#define KJ_STORE_STORE_SAFETY_H

#include <stdint.h>

#include "model/safety.h"
#include "store/store.h"
#include "model/audit.h"

struct kj_clause_import_stats {
	long documents_added, documents_updated, clauses_added, clauses_updated, unchanged;
};

/*
 * Writes RECORDS in one transaction: documents matched by (sector, title,
 * version), clauses by (document, number); an imported clause's mapping
 * replaces the one stored, and points to requirements of VERSION (a
 * mapping made against an earlier version is moved to VERSION). Re-importing
 * the same file against the same version changes nothing. A class ④
 * record's document belongs to its organisation_id; one already stored
 * for another operator is refused (nothing is written). Each change is
 * noted in NOTES for the caller's audit entries. Inside the caller's
 * transaction (as a savepoint), else in one of its own.
 */
int kj_store_clause_import(struct kj_store *st, const struct kj_clause_record *records,
			   int n, const char *version, struct kj_audit_notes *notes,
			   struct kj_clause_import_stats *stats, struct kj_err *err);

/*
 * The kj_safety_orgs.find of the validator on store ST (its ctx): the
 * active operator with CORPORATE_NUMBER, and whether it is one of SECTOR.
 */
int kj_store_safety_org_find(void *st, const char *corporate_number, const char *sector,
			     int64_t *org_id);

/* Coverage of standard VERSION (CAT is that version) into C (allocated here). */
int kj_store_coverage(struct kj_store *st, const struct kj_catalog *cat,
		      struct kj_coverage *c, struct kj_err *err);

struct kj_doc_row {
	int64_t id;
	kj_sector_code sector;
	int class_n;
	char issuer[201], title[401], version[65], issued_on[11], link[1025];
	int nclauses;
	int64_t organisation_id;	/* class ④: the operator whose rules; else 0 */
	char organisation_name[201];
};

struct kj_clause_row {
	int64_t id, document_id;
	char number[65], title[401];
	char reqs[32][KJ_ID_MAX];	/* requirement codes it covers */
	unsigned char partial[32];
	int nreqs;
};

/* Documents of SECTOR (NULL: all), by class then title. */
int kj_store_safety_docs(struct kj_store *st, const char *sector,
			 struct kj_doc_row *out, int max, int *n, struct kj_err *err);
/* Clauses of document DOC with their mapping, by number. */
int kj_store_safety_clauses(struct kj_store *st, int64_t doc,
			    struct kj_clause_row *out, int max, int *n,
			    struct kj_err *err);
/* The sector of clause CLAUSE into SECTOR ("" if no such clause). */
int kj_store_clause_sector(struct kj_store *st, int64_t clause, kj_sector_code sector,
			   struct kj_err *err);
/*
 * Maps CLAUSE to requirement REQ_CODE of VERSION (EXTENT "full" or
 * "partial"), or removes the mapping (EXTENT NULL), in the caller's
 * transaction; the change is noted in NOTES for its audit entry.
 */
int kj_store_clause_map(struct kj_store *st, int64_t clause, const char *version,
			const char *req_code, const char *extent, struct kj_audit_notes *notes,
			struct kj_err *err);


/* Clause CLAUSE and its document (*FOUND 0 if there is none); TEXT (may be
 * NULL) gets NTEXT bytes at most of the clause's text. */
int kj_store_safety_clause(struct kj_store *st, int64_t clause, struct kj_doc_row *d,
			   struct kj_clause_row *c, char *text, size_t ntext, int *found,
			   struct kj_err *err);
/*
 * How many other clauses of the same sector's ①②③ documents map requirement
 * REQ_CODE of VERSION into *N: 0 means removing CLAUSE's mapping makes the
 * requirement a gap of the sector again (if CLAUSE is of ①②③).
 */
int kj_store_clause_others(struct kj_store *st, int64_t clause, const char *version,
			   const char *req_code, long *n, struct kj_err *err);
/*
 * The clauses of document D as the import reads them, mapped to
 * requirements of VERSION (a clause mapped to none of them is left out):
 * at most MAX into OUT, *N of them. Free each record's text.
 */
int kj_store_safety_records(struct kj_store *st, const struct kj_doc_row *d,
			    const char *version, struct kj_clause_record *out, int max,
			    int *n, struct kj_err *err);

#endif
