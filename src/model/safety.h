/*
 * Safety standards (安全基準等, §1.4 fn. 10) and their coverage of Part 3.
 * §2.1.2(2) says each sector's safety standards must include the Part 3
 * items; kijun keeps each sector's documents, their clauses and the
 * requirements each clause covers (fully or partly), and computes, for
 * every sector and requirement, how it is covered, by the classes of
 * footnote 10 (所管省庁等 includes 業界団体等, Part 1 and §2.1.2(2)):
 *
 *   government      a mandatory (class ①) or recommended (class ②) document
 *   industry        no government document, but an industry standard or
 *                   guideline (class ③): covered for the sector
 *   operators-only  only some operators' own internal rules (class ④), which
 *                   cover those operators and never the sector: a gap
 *   none            nothing covers it: a gap
 *
 * The extent follows the state: a cell is partial when no clause of the
 * classes that give it its state covers it fully (a full class ③ clause
 * does not make a partial class ② cell full; the sector page lists both).
 *
 * The matrix's outputs: export/coverage_svg.h (the heat map) and
 * export/coverage_out.h (CSV and xlsx).
 */
#ifndef KJ_MODEL_SAFETY_H
#define KJ_MODEL_SAFETY_H

#include <stdint.h>
#include <stdio.h>

#include "model/catalog.h"
#include "model/registry.h"
#include "model/table.h"

/* Worst first: a larger value is a better state. */
enum kj_cov {
	KJ_COV_NONE, KJ_COV_OPERATORS, KJ_COV_INDUSTRY, KJ_COV_GOVERNMENT,
	KJ_NCOV
};

const char *kj_cov_code(enum kj_cov c);		/* "none", "operators-only", ... */
const char *kj_cov_label_ja(enum kj_cov c);
const char *kj_cov_label_en(enum kj_cov c);
/* Short labels for table heads ("①② 政府の基準", "Government (1, 2)"). */
const char *kj_cov_short_ja(enum kj_cov c);
const char *kj_cov_short_en(enum kj_cov c);
/* 1 for the states that are gaps of the sector: operators-only and none. */
int kj_cov_is_gap(enum kj_cov c);
/* The heading of function F's section as the standard writes it, with its
 * number ("3.7 技術・脅威の動向等を踏まえた対策"), into OUT. */
void kj_cov_section_heading(const struct kj_catalog *cat, int f, int lang_en,
			    char *out, size_t n);

/* One clause with its document, as imported or entered. */
struct kj_clause_record {
	kj_sector_code sector;
	int class_n;				/* 1..4 */
	char issuer[201], title[401], version[65], issued_on[11], link[1025];
	char number[65], clause_title[401];
	char *text;				/* malloc'd, may be NULL */
	char reqs[32][KJ_ID_MAX];		/* requirement ids it covers */
	int nreqs;
	int partial;				/* 1: covers them only partly */
	unsigned char req_partial[32];		/* 1: covers reqs[i] only partly,
						 * whatever PARTIAL says */
	char corporate_number[14];		/* class ④: the operator's 法人番号 */
	int64_t organisation_id;		/* class ④: that operator; else 0 */
};

/*
 * How the validator finds the operator of a class ④ row: FIND gives the id
 * of the operator with CORPORATE_NUMBER in *ORG_ID and returns 1 if it is
 * an operator of SECTOR, 2 if it exists but is not in SECTOR, 0 if there is
 * no such operator, -1 on error. The model does not read the store itself.
 */
struct kj_safety_orgs {
	int (*find)(void *ctx, const char *corporate_number, const char *sector,
		    int64_t *org_id);
	void *ctx;
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
 * 対策事項|requirements, 充足度|extent, 法人番号|corporate_number).
 * Requirement ids must exist in CAT, typed as kj_safety_req_parse reads
 * them; an id followed by （一部） is covered only partly whatever the
 * row's 充足度 (so a clause covering some requirements fully and others
 * partly is one row). A class ④ row (内規) names the
 * operator whose rules they are by its corporate number, an operator of
 * the row's sector found through ORGS; a class ①②③ row names none.
 * ONLY_SECTORS, if not NULL, is the importer's reach: the sectors a row
 * may name (a ministry imports for its own sectors only, the NCO for all). Like kj_registry_validate: 0 with
 * every bad row listed, or -1 for a table that is not a mapping at all.
 */
int kj_safety_validate(const struct kj_table *t, const struct kj_catalog *cat,
		       const kj_sector_code *only_sectors, int nonly,
		       const struct kj_safety_orgs *orgs,
		       struct kj_clause_import *res, struct kj_err *err);
void kj_clause_import_free(struct kj_clause_import *res);

/*
 * The coverage of one standard version: cov[s * nreqs + r] for sector s of
 * cat->sectors and requirement r of cat->reqs, whether the cell is only
 * partly covered by the classes of its state, how many operators' internal
 * rules (class ④) cover it, and whether requirement r is new in this
 * version or changed since the previous one.
 */
struct kj_coverage {
	int nsectors, nreqs;
	unsigned char *cov;		/* enum kj_cov */
	unsigned char *partial;		/* 1: the state's classes cover it only partly */
	unsigned short *operators;	/* operators whose class ④ rules cover it */
	unsigned char *req_new;		/* 1: no predecessor in the previous version */
	unsigned char *req_changed;	/* 1: text differs from its predecessor */
};

int kj_coverage_alloc(struct kj_coverage *c, int nsectors, int nreqs);
void kj_coverage_free(struct kj_coverage *c);
/* Counts of each kj_cov for sector S, over requirements of function F (-1: all). */
void kj_coverage_count(const struct kj_coverage *c, const struct kj_catalog *cat,
		       int s, int f, int counts[KJ_NCOV]);
/* The same, counting only the cells that are partial. */
void kj_coverage_count_partial(const struct kj_coverage *c, const struct kj_catalog *cat,
			       int s, int f, int counts[KJ_NCOV]);
/* Gaps among COUNTS: operators-only + none. */
int kj_coverage_gaps(const int counts[KJ_NCOV]);

/* 1 if C is a matrix of CAT's sectors and requirements holding only kj_cov
 * values: what every writer of it checks first. */
int kj_coverage_fits(const struct kj_coverage *c, const struct kj_catalog *cat);
/* The cell of sector S and requirement R: its state, whether it is partial,
 * how many operators' internal rules cover it. S and R must be in range. */
static inline enum kj_cov kj_coverage_at(const struct kj_coverage *c, int s, int r)
{
	return (enum kj_cov)c->cov[(size_t)s * (size_t)c->nreqs + (size_t)r];
}
static inline int kj_coverage_partial_at(const struct kj_coverage *c, int s, int r)
{
	return c->partial[(size_t)s * (size_t)c->nreqs + (size_t)r];
}
static inline int kj_coverage_operators_at(const struct kj_coverage *c, int s, int r)
{
	return c->operators[(size_t)s * (size_t)c->nreqs + (size_t)r];
}
/* The title of the section of function F as the standard heads it, without
 * its number (the function's name if the catalog lacks the section). */
const char *kj_cov_section_title(const struct kj_catalog *cat, int f, int lang_en);


/* What a typed requirement id names (safety_reqid.c). */
enum kj_req_typed {
	KJ_REQ_OK,		/* a requirement of the catalog */
	KJ_REQ_EMPTY,		/* nothing but blanks */
	KJ_REQ_SECTION,		/* a section's number ("3.2.5"), not a requirement's */
	KJ_REQ_UNKNOWN,		/* neither */
};

/*
 * The requirement of CAT the N bytes at S name, as people type it: after
 * NFKC (full-width digits), without blanks, any dash read as '-'. An
 * extent may follow the id ("3.2.5.1-1（一部）", "(partial)"): *EXTENT (may
 * be NULL) gets 1 when it does, -1 when none is written. *REQ is
 * the requirement when KJ_REQ_OK, else NULL.
 */
enum kj_req_typed kj_safety_req_parse(const struct kj_catalog *cat, const char *s, size_t n,
				      const struct kj_requirement **req, int *extent);


/* The import's columns in order (分野 … 法人番号), as its header names them:
 * column C's Japanese head, or NULL past the last. */
#define KJ_SAFETY_NCOL 13
const char *kj_safety_column_ja(int c);

#endif
