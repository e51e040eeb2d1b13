/*
 * The registry of operators (重要インフラ事業者等): what a valid record is,
 * and bulk import of operator lists (their export: export/registry_out.h).
 * An import is validated row by row, every bad row is reported (in
 * Japanese and English), and only a file without a bad row is committed —
 * all of it in one transaction (see kj_app_org_import). Rows are matched to
 * existing organisations by corporate number, so importing the same file
 * twice changes nothing.
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
	kj_sector_code sectors[KJ_ORG_SECTORS];	/* sector codes */
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

/* The columns of the operator list, in export order. */
enum kj_registry_column {
	KJ_REG_NUMBER, KJ_REG_NAME, KJ_REG_KANA, KJ_REG_SECTORS, KJ_REG_SIZE, KJ_REG_CORE,
	KJ_REG_LOCALGOV, KJ_REG_MUNI, KJ_REG_PREF, KJ_REG_CEPTOAR, KJ_REG_CONTACT,
	KJ_REG_EMAIL, KJ_REG_PHONE, KJ_REG_STATUS, KJ_REG_MINISTRIES,
	KJ_REG_NCOL
};

/* The column headers of the operator list, Japanese, in export order. */
extern const char *const kj_registry_columns_ja[];
extern const int kj_registry_ncolumns;

/*
 * A sector or a ministry of CAT named by its code, Japanese or English name
 * (ASCII case ignored), as an index into cat->sectors or cat->ministries;
 * -1 if none. The import reads names this way and the export writes them.
 */
int kj_registry_sector_find(const struct kj_catalog *cat, const char *name);
int kj_registry_ministry_find(const struct kj_catalog *cat, const char *name);

#endif
