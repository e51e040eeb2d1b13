/*
 * Safety standards (安全基準等, §1.4 fn. 10) and their coverage of Part 3.
 * §2.1.2(2) says each sector's safety standards must include the Part 3
 * items; kijun keeps each sector's documents, their clauses and the
 * requirements each clause covers (fully or partly), and computes, for
 * every sector and requirement, how it is covered:
 *
 *   binding-full     a mandatory (class 1) or recommended (class 2) document
 *                    covers it fully
 *   binding-partial  class 1 or 2 documents cover it, but only partly
 *   industry-only    only industry standards or internal rules (class 3, 4)
 *   none             nothing covers it: a gap
 */
#ifndef KJ_MODEL_SAFETY_H
#define KJ_MODEL_SAFETY_H

#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "model/catalog.h"
#include "model/registry.h"
#include "model/table.h"

enum kj_cov {
	KJ_COV_NONE, KJ_COV_INDUSTRY, KJ_COV_BINDING_PARTIAL, KJ_COV_BINDING_FULL,
	KJ_NCOV
};

const char *kj_cov_code(enum kj_cov c);		/* "none", "industry-only", ... */
const char *kj_cov_label_ja(enum kj_cov c);
const char *kj_cov_label_en(enum kj_cov c);

/* One clause with its document, as imported or entered. */
struct kj_clause_record {
	char sector[24];
	int class_n;				/* 1..4 */
	char issuer[201], title[401], version[65], issued_on[11], link[1025];
	char number[65], clause_title[401];
	char *text;				/* malloc'd, may be NULL */
	char reqs[32][KJ_ID_MAX];		/* requirement ids it covers */
	int nreqs;
	int partial;				/* 1: covers them only partly */
};

struct kj_clause_import {
	struct kj_clause_record *records;
	int nrecords;
	struct kj_row_error *errors;
	int nerrors;
};

/*
 * Validates a safety-standard mapping table (columns 分野|sector,
 * 分類|class, 発行者|issuer, 文書名|title, 版|version, 発行日|issued_on,
 * URL|link, 条項番号|clause, 条項名|clause_title, 条項本文|clause_text,
 * 対策事項|requirements, 充足度|extent). Requirement ids must exist in CAT.
 * ONLY_SECTORS, if not NULL, limits the sectors a row may name (a ministry
 * imports for its own sectors only). Like kj_registry_validate: 0 with
 * every bad row listed, or -1 for a table that is not a mapping at all.
 */
int kj_safety_validate(const struct kj_table *t, const struct kj_catalog *cat,
		       const char (*only_sectors)[24], int nonly,
		       struct kj_clause_import *res, struct kj_err *err);
void kj_clause_import_free(struct kj_clause_import *res);

/*
 * The coverage of one standard version: cov[s * nreqs + r] for sector s of
 * cat->sectors and requirement r of cat->reqs, and whether requirement r is
 * new in this version or changed since the previous one.
 */
struct kj_coverage {
	int nsectors, nreqs;
	unsigned char *cov;		/* enum kj_cov */
	unsigned char *req_new;		/* 1: no predecessor in the previous version */
	unsigned char *req_changed;	/* 1: text differs from its predecessor */
};

int kj_coverage_alloc(struct kj_coverage *c, int nsectors, int nreqs);
void kj_coverage_free(struct kj_coverage *c);
/* Counts of each kj_cov for sector S, over requirements of function F (-1: all). */
void kj_coverage_count(const struct kj_coverage *c, const struct kj_catalog *cat,
		       int s, int f, int counts[KJ_NCOV]);

/*
 * The national sectors x requirements heat map as inline SVG (role="img"
 * with <title> and <desc>; every value is escaped). The page gives the
 * same figures as a data table for those who cannot see the picture.
 */
int kj_coverage_svg(struct kj_buf *b, const struct kj_coverage *c,
		    const struct kj_catalog *cat, int lang_en);
int kj_coverage_write_csv(FILE *f, const struct kj_coverage *c,
			  const struct kj_catalog *cat);
int kj_coverage_write_xlsx(const char *path, const struct kj_coverage *c,
			   const struct kj_catalog *cat, struct kj_err *err);

#endif
