/*
 * The catalog: one version of the Unified Standard as data — Part 3's
 * sections and requirements with their definitions and CSF 2.0 mapping,
 * Part 2's measure categories, the sectors and ministries of §1.2 and the
 * safety-standard classes of §1.4.
 *
 * A catalog is read from the files of one data/standard/VERSION folder,
 * whether they come from the binary, a directory or the store, and is
 * validated as a whole before anything uses it. All strings point into the
 * catalog's own storage and live until kj_catalog_free().
 */
#ifndef KJ_MODEL_CATALOG_H
#define KJ_MODEL_CATALOG_H

#include <stddef.h>

#include "base/limits.h"
#include "base/util.h"

/* A sector's code ("electricity"), with its NUL. */
#define KJ_SECTOR_CODE_MAX 24
typedef char kj_sector_code[KJ_SECTOR_CODE_MAX];

/*
 * The files that make one standard version, in load order. The last,
 * corrections.json, is optional: a folder without it has no editorial
 * corrections, and its raw[] entry stays NULL.
 */
extern const char *const kj_catalog_files[];
#define KJ_CATALOG_NFILES 11
/* The version compiled into the binary. */
#define KJ_CATALOG_DEFAULT_VERSION "2026"

struct kj_function {
	const char *code, *section, *name_ja, *name_en;
};

struct kj_section {
	const char *id, *parent, *title_ja, *title_en;
	int function;	/* index into functions */
	int depth;	/* 1 for "3.2", 2 for "3.2.1", ... */
	int parent_index; /* -1 at the top */
};

struct kj_requirement {
	const char *id, *section, *text_ja, *text_en;
	int n;		/* the circled number */
	int function;	/* index into functions */
	int section_index;
	const char *csf[KJ_CATALOG_CSF_MAX];
	int ncsf;
	int defs[KJ_CATALOG_DEF_MAX / 8];	/* indexes into definitions */
	int ndefs;
};

struct kj_definition {
	const char *id, *term_ja, *term_en, *text_ja, *text_en;
	int footnote;		/* 0: defined in the running text, not a footnote */
	const char *section;	/* where the standard defines it: "1.1", "3.6.1" */
	const char *match[8];
	int nmatch;
};

/* An editorial correction: where the data departs from the source text. */
struct kj_correction {
	const char *file, *item, *field, *source, *used, *reason_ja, *reason_en;
};

struct kj_measure_category {
	int n;
	const char *title_ja, *title_en, *text_ja, *text_en;
	const char *measures_ja[16], *measures_en[16];
	int nmeasures;
};

#define KJ_SECTOR_MINISTRIES_MAX 8

struct kj_ministry {
	const char *code, *name_ja, *name_en;
};

struct kj_sector {
	const char *code, *name_ja, *name_en, *note_ja, *note_en;
	int ministries[KJ_SECTOR_MINISTRIES_MAX];	/* indexes into ministries */
	/* 1: that ministry holds only the operators assigned to it (行政サービス:
	 * each ministry its own services); 0: it holds the whole sector. */
	unsigned char partial[KJ_SECTOR_MINISTRIES_MAX];
	int nministries;
};

struct kj_safety_class {
	int n;
	const char *name_ja, *name_en, *text_ja, *text_en, *binding;
};

struct kj_csf_category {
	const char *id, *function, *function_title, *title, *statement;
};

struct kj_catalog {
	const char *version, *title_ja, *title_en;
	const char *decided_by_ja, *decided_by_en, *effective;
	struct kj_function *functions;		int nfunctions;
	struct kj_section *sections;		int nsections;
	struct kj_requirement *reqs;		int nreqs;
	struct kj_definition *defs;		int ndefs;
	struct kj_measure_category *measures;	int nmeasures;
	struct kj_ministry *ministries;		int nministries;
	struct kj_sector *sectors;		int nsectors;
	struct kj_safety_class *classes;	int nclasses;
	struct kj_correction *corrections;	int ncorrections;
	struct kj_csf_category *csf;		int ncsf;	/* reference data */
	char *source;		/* the standard's text (source.txt) */
	size_t source_len;
	/* Raw bytes of each file of kj_catalog_files, for storing verbatim. */
	char *raw[KJ_CATALOG_NFILES];
	size_t raw_len[KJ_CATALOG_NFILES];
	void *priv;		/* parsed documents that own the strings */
	int view;		/* a view of another's storage: kj_catalog_free releases nothing */
};

/*
 * Supplies the file NAME of a version: *DATA is malloc'd, NUL-terminated,
 * and becomes the catalog's. Returns 0; 1 when the file does not exist
 * (refused unless the file is optional); or -1 with ERR set.
 */
typedef int (*kj_catalog_reader)(void *ctx, const char *name, char **data,
				 size_t *len, struct kj_err *err);

/* Loads and validates a catalog; on failure *CAT is left empty. */
int kj_catalog_load(struct kj_catalog *cat, kj_catalog_reader rd, void *ctx,
		    struct kj_err *err);
/* The version compiled into the binary. */
int kj_catalog_load_embedded(struct kj_catalog *cat, struct kj_err *err);
/* The version in directory DIR (the files of kj_catalog_files). */
int kj_catalog_load_dir(struct kj_catalog *cat, const char *dir,
			struct kj_err *err);
void kj_catalog_free(struct kj_catalog *cat);

/*
 * Lookups (the lookup convention): the thing found, or NULL or -1 when it
 * is absent; absence is an answer, not a failure, so there is no kj_err.
 */
const struct kj_requirement *kj_catalog_req(const struct kj_catalog *cat,
					    const char *id);
int kj_catalog_req_index(const struct kj_catalog *cat, const char *id);
const struct kj_section *kj_catalog_section(const struct kj_catalog *cat,
					    const char *id);
/* Sector by code ("electricity"): its index in cat->sectors, or -1 (CODE may be NULL). */
int kj_catalog_sector_index(const struct kj_catalog *cat, const char *code);
const struct kj_sector *kj_catalog_sector(const struct kj_catalog *cat, const char *code);
/* Function by code ("protect") or Japanese name ("防御"). */
int kj_catalog_function(const struct kj_catalog *cat, const char *name);
const struct kj_csf_category *kj_catalog_csf(const struct kj_catalog *cat,
					     const char *id);
const struct kj_definition *kj_catalog_def(const struct kj_catalog *cat,
					   const char *id);
/* The correction of FIELD of ITEM in FILE, or NULL. */
const struct kj_correction *kj_catalog_correction(const struct kj_catalog *cat,
						  const char *file, const char *item,
						  const char *field);

/*
 * The definitions whose terms TEXT uses, as indexes into cat->defs in
 * order of first use, without repeats: at each position the longest
 * "match" string of any definition wins and the scan resumes after it, so
 * 事業継続計画等 is one use of its own term, not of 事業継続計画. Writes at
 * most MAX indexes to OUT and returns how many uses there were (more than
 * MAX means OUT was too small).
 */
int kj_catalog_link_terms(const struct kj_catalog *cat, const char *text,
			  int *out, int max);

#endif
