/*
 * The registry of operators (重要インフラ事業者等): what a valid record is,
 * and bulk import/export of operator lists. An import is validated row by
 * row, every bad row is reported (in Japanese and English), and only a
 * file without a bad row is committed — all of it in one transaction
 * (see kj_app_org_import). Rows are matched to existing organisations by
 * corporate number, so importing the same file twice changes nothing.
 */
#ifndef KJ_MODEL_REGISTRY_H
#define KJ_MODEL_REGISTRY_H

#include <stdint.h>
#include <stdio.h>

#include "model/catalog.h"
#include "model/table.h"

#define KJ_ORG_NAME_MAX 200		/* bytes */
#define KJ_ORG_SECTORS 4
#define KJ_ORG_MINISTRIES 8	/* ministries an organisation is assigned to */

/* A validated operator record. */
struct kj_org_record {
	char corporate_number[14];
	char name_ja[KJ_ORG_NAME_MAX + 1];
	char name_kana[KJ_ORG_NAME_MAX + 1];
	char sectors[KJ_ORG_SECTORS][24];	/* sector codes */
	int nsectors;
	/* The ministries it is assigned to (organisation_ministry, codes): in a
	 * sector a ministry holds in part (行政サービス) only they see it. Each
	 * must hold one of its sectors. MINISTRIES_GIVEN 0: the import file has
	 * no such column, and the stored assignments stay as they are. */
	char ministries[KJ_ORG_MINISTRIES][16];
	int nministries, ministries_given;
	char size_class[8];			/* "large" | "medium" | "small" */
	int core_infra, local_gov, ceptoar_member, active;
	char municipality_code[7];		/* 6 digits, check digit valid; "" if none */
	char prefecture[3];			/* "01".."47" */
	char contact_name[101], contact_email[255], contact_phone[32];
};

struct kj_import_result {
	struct kj_org_record *records;	/* valid rows, in file order */
	int nrecords;
	struct kj_row_error *errors;	/* at most KJ_IMPORT_ERRORS_MAX */
	int nerrors;			/* all errors found (one per bad cell), even unreported */
};

/*
 * Validates every row of T against the registry's rules (columns by their
 * Japanese or English header, in any order; unknown columns refused;
 * required: 法人番号, 名称, 分野, 規模, 都道府県). Sectors are matched by code
 * or Japanese name against CAT. A duplicate corporate number within the
 * file is a bad row. Returns 0 with RES filled (RES->nerrors may be > 0),
 * or -1 with ERR for a file that is not an operator list at all (missing
 * or unknown columns, no data rows).
 */
int kj_registry_validate(const struct kj_table *t, const struct kj_catalog *cat,
			 struct kj_import_result *res, struct kj_err *err);
void kj_import_result_free(struct kj_import_result *res);

/* The column headers of the operator list, Japanese, in export order. */
extern const char *const kj_registry_columns_ja[];
extern const int kj_registry_ncolumns;

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
