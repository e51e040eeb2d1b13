/*
 * The operator list written out: CSV (BOM, CRLF, formulas neutralised) and
 * xlsx (every cell a string), in the columns and words of the import
 * (kj_registry_columns_ja), so that an exported list edited in Excel
 * imports again unchanged. The streaming writers hold one record at a
 * time; the array writers wrap them.
 */
#ifndef KJ_EXPORT_REGISTRY_OUT_H
#define KJ_EXPORT_REGISTRY_OUT_H

#include <stdio.h>

#include "base/util.h"
#include "model/catalog.h"
#include "model/registry.h"

/*
 * A source of records for the streaming writers: 1 with *R set, 0 at the
 * end, -1 on error. The writers hold one record at a time.
 */
typedef int (*kj_org_next_fn)(void *ctx, struct kj_org_record *r);
struct kj_prefecture;

/* The CSV export row by row: the BOM and header, then one record (PREFS:
 * kj_reference_prefectures, or NULL for codes). */
int kj_registry_csv_head(FILE *f);
int kj_registry_csv_row(FILE *f, const struct kj_org_record *r,
			const struct kj_catalog *cat, const struct kj_prefecture *prefs);
/* Writes every record NEXT gives as CSV (as below); *ROWS the number written. */
int kj_registry_stream_csv(FILE *f, kj_org_next_fn next, void *ctx,
			   const struct kj_catalog *cat, long *rows);
/* Writes every record NEXT gives as xlsx to PATH in libxlsxwriter's
 * constant-memory mode; *ROWS the number written. */
int kj_registry_stream_xlsx(const char *path, kj_org_next_fn next, void *ctx,
			    const struct kj_catalog *cat, long *rows, struct kj_err *err);
/* Writes RECORDS as CSV (BOM, CRLF, formulas neutralised) with Japanese headers. */
int kj_registry_write_csv(FILE *f, const struct kj_org_record *records, int n,
			  const struct kj_catalog *cat);
/* Writes RECORDS as an xlsx workbook to PATH (libxlsxwriter); every cell a string. */
int kj_registry_write_xlsx(const char *path, const struct kj_org_record *records,
			   int n, const struct kj_catalog *cat, struct kj_err *err);

#endif
