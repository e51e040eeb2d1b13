/*
 * The coverage of Part 3 by the sectors' safety standards (model/safety.h)
 * as files: CSV with a byte-order mark, one row per sector and
 * requirement, and an xlsx workbook with the matrix and the same list.
 * Both refuse (-1) a matrix that does not match CAT (kj_coverage_fits).
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

#endif
