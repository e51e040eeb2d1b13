/*
 * The coverage of Part 3 by the sectors' safety standards (model/safety.h)
 * as files: CSV with a byte-order mark, one row per sector and
 * requirement, and an xlsx workbook with the matrix and the same list.
 * Both refuse (-1) a matrix that does not match CAT (kj_coverage_fits).
 * Also a sector's mapping of clauses to requirements in the import's format.
 */
#ifndef KJ_EXPORT_COVERAGE_OUT_H
#define KJ_EXPORT_COVERAGE_OUT_H

#include <stdio.h>

#include "base/util.h"
#include "model/catalog.h"
#include "model/safety.h"

int kj_coverage_write_csv(FILE *f, const struct kj_coverage *c,
			  const struct kj_catalog *cat);
int kj_coverage_write_xlsx(const char *path, const struct kj_coverage *c,
			   const struct kj_catalog *cat, struct kj_err *err);


/*
 * A sector's mapping (records as kj_store_safety_records gives them) in the
 * columns the import reads (kj_safety_validate), to edit and import again:
 * importing the file unchanged changes nothing. 0, or -1 (the CSV stream
 * failed, or ERR says why the workbook was not written).
 */
int kj_mapping_write_csv(FILE *f, const struct kj_clause_record *recs, int n);
int kj_mapping_write_xlsx(const char *path, const struct kj_clause_record *recs, int n,
			  struct kj_err *err);

#endif
