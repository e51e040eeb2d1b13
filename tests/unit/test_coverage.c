/*
 * Unit tests of the coverage computation in src/store/store_safety.c
 * (kj_store_clause_import, kj_store_coverage) with kj_coverage_count of
 * src/model/safety.c, on a hand-built example: a fresh database with the
 * built-in standard and no demo, a few documents of three sectors whose
 * clauses are chosen so that every cell of the 16 x 90 matrix has a known
 * state (government ①②, industry ③, only some operators' internal rules
 * ④, none), extent and number of operators, with the gaps (operators-only
 * and none) counted. Then a revision of the standard (2029: one requirement reworded,
 * one added): mappings made against 2026 carry over to the namesakes, and
 * the changed and new requirements are flagged. And re-imports: the same
 * records change nothing; a document's class changed moves its cells.
 *
 * Two revisions in a row, and a re-import against a later version, guard
 * against bugs found and fixed.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/safety_import.h"
#include "app/org_import.h"
#include "helpers.h"
#include "model/catalog.h"
#include "model/corpnum.h"
#include "model/registry.h"
#include "model/safety.h"
#include "model/crosswalk.h"
#include "store/store.h"
#include "store/store_org.h"
#include "store/store_safety.h"
#include "store/store_catalog.h"

/* The command line, as the importer is in these tests. */
static const struct kj_actor test_actor = { NULL, 0, "test" };

#define DB kj_test_db_ref("coverage.db")
#define REV_DIR "rev2029"

/* --- The hand-built records --------------------------------------------- */

#define END ((const char *)NULL)

/* Fills R: one clause NUMBER of document TITLE (VERSION) covering the ids that follow. */
static void rec(struct kj_clause_record *r, const char *sector, int class_n,
		const char *issuer, const char *title, const char *version,
		const char *number, int partial, ...)
{
	memset(r, 0, sizeof *r);
	snprintf(r->sector, sizeof r->sector, "%s", sector);
	r->class_n = class_n;
	snprintf(r->issuer, sizeof r->issuer, "%s", issuer);
	snprintf(r->title, sizeof r->title, "%s", title);
	snprintf(r->version, sizeof r->version, "%s", version);
	snprintf(r->number, sizeof r->number, "%s", number);
	snprintf(r->clause_title, sizeof r->clause_title, "条項 %s", number);
	r->partial = partial;
	va_list ap;
	va_start(ap, partial);
	for (const char *id; (id = va_arg(ap, const char *)) != NULL; ) {
		assert_true(r->nreqs < 32);
		snprintf(r->reqs[r->nreqs++], KJ_ID_MAX, "%s", id);
	}
	va_end(ap);
}

/* --- The operators whose internal rules (class ④) the example holds ------ */

enum { OP_KO, OP_HEI, OP_OTSU, NOPS };
static const struct { const char *base, *name, *sector; } rule_ops[NOPS] = {
	[OP_KO] = { "010001000101", "甲電力株式会社", "electricity" },
	[OP_HEI] = { "010001000102", "丙電力株式会社", "electricity" },
	[OP_OTSU] = { "010001000103", "乙ガス株式会社", "gas" },
};
static int64_t op_id[NOPS];

/* Registers the operators in ST and notes their ids. */
static void add_operators(struct kj_store *st)
{
	struct kj_org_record o[NOPS];
	struct kj_err err = { "" };
	memset(o, 0, sizeof o);
	for (int i = 0; i < NOPS; i++) {
		int d = kj_corpnum_check_digit(rule_ops[i].base);
		assert_true(d >= 0);
		snprintf(o[i].corporate_number, sizeof o[i].corporate_number, "%d%s", d,
			 rule_ops[i].base);
		snprintf(o[i].name_ja, sizeof o[i].name_ja, "%s", rule_ops[i].name);
		snprintf(o[i].sectors[0], sizeof o[i].sectors[0], "%s", rule_ops[i].sector);
		o[i].nsectors = 1;
		snprintf(o[i].size_class, sizeof o[i].size_class, "large");
		snprintf(o[i].prefecture, sizeof o[i].prefecture, "13");
		o[i].active = 1;
	}
	const struct kj_actor actor = { NULL, 0, "test" };
	struct kj_org_saved saved;
	if (kj_app_org_save(st, &actor, o, NOPS, KJ_ORG_ANY, &saved, &err) < 0 ||
	    saved.stats.added != NOPS)
		fail_msg("operators: %s", err.msg);
	for (int i = 0; i < NOPS; i++) {
		int64_t id = 0;
		if (kj_store_safety_org_find(st, o[i].corporate_number, rule_ops[i].sector, &id) != 1)
			fail_msg("operator %s not found in %s", rule_ops[i].name, rule_ops[i].sector);
		op_id[i] = id;
	}
}

/* Makes R (class ④) the internal rules of operator OP. */
static void rules_of(struct kj_clause_record *r, int op)
{
	assert_int_equal(r->class_n, 4);
	r->organisation_id = op_id[op];
}

/* Titles of the documents (the one whose class is changed is DOC_A). */
#define DOC_A "電気事業法施行規則（サイバーセキュリティ）"
#define DOC_B "電力制御システムセキュリティガイドライン"
#define DOC_C "電気設備に関する技術基準"
#define DOC_D "電力業界セキュリティ標準"
#define DOC_E "電力会社社内規程"
#define DOC_F "ガス事業保安規程ガイドライン"
#define DOC_G "金融機関等コンピュータシステムの安全対策基準"
#define DOC_H "丙電力 情報セキュリティ規程"

enum { NREC = 15, NDOCS = 10, NMAPS = 18, NPARTIAL = 9 };
/* Index of the record of DOC_A. */
enum { REC_A = 0 };

static void build_records(struct kj_clause_record r[NREC])
{
	int i = 0;
	/* electricity */
	/* (a) a class-1 full mapping */
	rec(&r[i++], "electricity", 1, "経済産業省", DOC_A, "", "第1条", 0, "3.2.1-1", END);
	/* (b) class-2 partial only */
	rec(&r[i++], "electricity", 2, "経済産業省", DOC_B, "2.0", "2.1", 1, "3.2.1-2", END);
	/* (c) class-2 partial and class-1 full on 3.3.2-1: government, full */
	rec(&r[i++], "electricity", 2, "経済産業省", DOC_B, "2.0", "2.2", 1, "3.3.2-1", END);
	rec(&r[i++], "electricity", 1, "経済産業省", DOC_C, "", "第5条", 0,
	    "3.3.2-1", "3.4.5-1", END);
	/* class-1 partial and class-3 full: government, partial (a lower class
	 * covering it fully does not make the government cell full) */
	rec(&r[i++], "electricity", 1, "経済産業省", DOC_C, "", "第6条", 1, "3.2.4-1", END);
	/* (d) class-3 full only (two requirements in one clause) */
	rec(&r[i++], "electricity", 3, "電気事業連合会", DOC_D, "2025", "4", 0,
	    "3.4.1.1-1", "3.5.1-1", END);
	rec(&r[i++], "electricity", 3, "電気事業連合会", DOC_D, "2025", "5", 0, "3.2.4-1", END);
	/* (e) class-4 partial plus class-2 partial on 3.6.1-1: government,
	 * partial, one operator's rules too; class-4 partial only on 3.6.2.1-1,
	 * by two operators: operators-only, partial, a gap */
	rec(&r[i++], "electricity", 2, "経済産業省", DOC_B, "2.0", "2.3", 1, "3.6.1-1", END);
	rec(&r[i++], "electricity", 4, "甲電力株式会社", DOC_E, "", "R-1", 1,
	    "3.6.1-1", "3.6.2.1-1", END);
	rules_of(&r[i - 1], OP_KO);
	/* gas: (g) 3.2.1-1 is not covered here; 3.4.1.1-1 is government here
	 * while industry in electricity; a document with the same
	 * title as DOC_A is another document */
	rec(&r[i++], "gas", 2, "経済産業省", DOC_F, "", "3-1", 0, "3.4.1.1-1", END);
	rec(&r[i++], "gas", 4, "乙ガス株式会社", DOC_A, "", "第1条", 0, "3.2.1-2", END);
	rules_of(&r[i - 1], OP_OTSU);
	/* finance: two versions of one title are two documents; class-2
	 * partial beats class-3 full */
	rec(&r[i++], "finance", 2, "金融情報システムセンター", DOC_G, "第13版", "実1", 1,
	    "3.2.1-1", END);
	rec(&r[i++], "finance", 3, "金融情報システムセンター", DOC_G, "第12版", "実1", 0,
	    "3.2.1-1", END);
	/* (e) the second operator's rules on 3.6.2.1-1, also partly */
	rec(&r[i++], "electricity", 4, "丙電力株式会社", DOC_H, "", "第8条", 1, "3.6.2.1-1", END);
	rules_of(&r[i - 1], OP_HEI);
	/* (h) class-3 partial only: industry, partial, no gap */
	rec(&r[i++], "electricity", 3, "電気事業連合会", DOC_D, "2025", "6", 1, "3.5.2-1", END);
	assert_int_equal(i, NREC);
}

static void free_records(struct kj_clause_record *r, int n)
{
	for (int i = 0; i < n; i++)
		free(r[i].text);
}

/* --- The expected matrix ------------------------------------------------ */

/* A cell: its state, whether it is partial, and how many operators' rules cover it. */
struct cell {
	const char *sector, *req;
	enum kj_cov state;
	int partial, ops;
};

/* The expected matrices hold all three in one byte. */
#define PACK(state, partial, ops) ((unsigned char)((state) | (partial) << 2 | (ops) << 3))
#define STATE(v) ((v) & 3)

#define GOV KJ_COV_GOVERNMENT
#define IND KJ_COV_INDUSTRY
#define OPS KJ_COV_OPERATORS
#define NONE KJ_COV_NONE

/* Every cell that is not none after build_records (all others are none). */
static const struct cell expected_cells[] = {
	{ "electricity", "3.2.1-1", GOV, 0, 0 },	/* (a) */
	{ "electricity", "3.2.1-2", GOV, 1, 0 },	/* (b) */
	{ "electricity", "3.3.2-1", GOV, 0, 0 },	/* (c) */
	{ "electricity", "3.4.5-1", GOV, 0, 0 },
	{ "electricity", "3.2.4-1", GOV, 1, 0 },
	{ "electricity", "3.4.1.1-1", IND, 0, 0 },	/* (d) */
	{ "electricity", "3.5.1-1", IND, 0, 0 },
	{ "electricity", "3.5.2-1", IND, 1, 0 },	/* (h) */
	{ "electricity", "3.6.1-1", GOV, 1, 1 },	/* (e) */
	{ "electricity", "3.6.2.1-1", OPS, 1, 2 },
	{ "gas", "3.4.1.1-1", GOV, 0, 0 },
	{ "gas", "3.2.1-2", OPS, 0, 1 },
	{ "finance", "3.2.1-1", GOV, 1, 0 },
};
#define NEXPECTED ((int)(sizeof expected_cells / sizeof expected_cells[0]))

static int sector_index(const struct kj_catalog *cat, const char *code)
{
	for (int i = 0; i < cat->nsectors; i++)
		if (!strcmp(cat->sectors[i].code, code))
			return i;
	fail_msg("no sector %s", code);
	return -1;
}

static int req_index(const struct kj_catalog *cat, const char *id)
{
	int r = kj_catalog_req_index(cat, id);
	if (r < 0)
		fail_msg("no requirement %s in %s", id, cat->version);
	return r;
}

/* The expected matrix for CAT: CELLS, plus OVERRIDES (later ones win). */
static unsigned char *expected_matrix(const struct kj_catalog *cat,
				      const struct cell *over, int nover)
{
	unsigned char *m = calloc((size_t)cat->nsectors * (size_t)cat->nreqs, 1);
	assert_non_null(m);
	for (int i = 0; i < NEXPECTED; i++) {
		const struct cell *e = &expected_cells[i];
		m[sector_index(cat, e->sector) * cat->nreqs + req_index(cat, e->req)] =
			PACK(e->state, e->partial, e->ops);
	}
	for (int i = 0; i < nover; i++)
		m[sector_index(cat, over[i].sector) * cat->nreqs + req_index(cat, over[i].req)] =
			PACK(over[i].state, over[i].partial, over[i].ops);
	return m;
}

/* Every cell of C (state, extent, operators) equals WANT, naming the first that does not. */
static void assert_matrix(const struct kj_coverage *c, const struct kj_catalog *cat,
			  const unsigned char *want)
{
	assert_int_equal(c->nsectors, cat->nsectors);
	assert_int_equal(c->nreqs, cat->nreqs);
	for (int s = 0; s < cat->nsectors; s++)
		for (int r = 0; r < cat->nreqs; r++) {
			int i = s * cat->nreqs + r;
			int got = PACK(c->cov[i], c->partial[i], c->operators[i]), exp = want[i];
			if (got != exp)
				fail_msg("%s %s %s: %s%s %d operators, expected %s%s %d operators",
					 cat->version, cat->sectors[s].code, cat->reqs[r].id,
					 kj_cov_code((enum kj_cov)STATE(got)),
					 got & 4 ? " partial" : "", got >> 3,
					 kj_cov_code((enum kj_cov)STATE(exp)),
					 exp & 4 ? " partial" : "", exp >> 3);
		}
}

/* kj_coverage_count of C equals the counts of WANT, for every sector and every function. */
static void assert_counts_follow(const struct kj_coverage *c, const struct kj_catalog *cat,
				 const unsigned char *want)
{
	for (int s = 0; s < cat->nsectors; s++)
		for (int f = -1; f < cat->nfunctions; f++) {
			int exp[KJ_NCOV] = { 0 }, got[KJ_NCOV], pexp[KJ_NCOV] = { 0 }, pgot[KJ_NCOV];
			for (int r = 0; r < cat->nreqs; r++)
				if (f < 0 || cat->reqs[r].function == f) {
					unsigned char v = want[s * cat->nreqs + r];
					exp[STATE(v)]++;
					if (v & 4)
						pexp[STATE(v)]++;
				}
			kj_coverage_count(c, cat, s, f, got);
			kj_coverage_count_partial(c, cat, s, f, pgot);
			for (int k = 0; k < KJ_NCOV; k++)
				if (got[k] != exp[k] || pgot[k] != pexp[k])
					fail_msg("%s %s function %d %s: %d (%d partial), expected %d (%d)",
						 cat->version, cat->sectors[s].code, f,
						 kj_cov_code((enum kj_cov)k), got[k], pgot[k], exp[k],
						 pexp[k]);
			assert_int_equal(kj_coverage_gaps(got), exp[NONE] + exp[OPS]);
		}
}

/*
 * Counts of sector S over function F ("" for all) are GOVERNMENT, INDUSTRY,
 * OPERATORS, NONE, with GAPS gaps and PARTIAL partial cells.
 */
static void assert_count(const struct kj_coverage *c, const struct kj_catalog *cat,
			 const char *sector, const char *function,
			 int government, int industry, int operators, int none,
			 int gaps, int partial)
{
	int f = -1, k[KJ_NCOV], p[KJ_NCOV];
	if (*function) {
		f = kj_catalog_function(cat, function);
		assert_true(f >= 0);
	}
	kj_coverage_count(c, cat, sector_index(cat, sector), f, k);
	kj_coverage_count_partial(c, cat, sector_index(cat, sector), f, p);
	int np = p[GOV] + p[IND] + p[OPS] + p[NONE];
	if (k[GOV] != government || k[IND] != industry || k[OPS] != operators ||
	    k[NONE] != none || kj_coverage_gaps(k) != gaps || np != partial)
		fail_msg("%s %s %s: %d/%d/%d/%d gaps %d partial %d, expected %d/%d/%d/%d gaps %d "
			 "partial %d", cat->version, sector, *function ? function : "(all)",
			 k[GOV], k[IND], k[OPS], k[NONE], kj_coverage_gaps(k), np,
			 government, industry, operators, none, gaps, partial);
}

/* No requirement of C is flagged new or changed. */
static void assert_no_flags(const struct kj_coverage *c)
{
	for (int r = 0; r < c->nreqs; r++) {
		assert_int_equal(c->req_new[r], 0);
		assert_int_equal(c->req_changed[r], 0);
	}
}

/* --- Fixture helpers ---------------------------------------------------- */

static void import(struct kj_store *st, const struct kj_clause_record *r, int n,
		   const char *version, struct kj_clause_import_stats *stats)
{
	struct kj_err err = { "" };
	if (kj_app_safety_save(st, &test_actor, r, n, version, stats, &err) < 0)
		fail_msg("import: %s", err.msg);
}

static void coverage(struct kj_store *st, const struct kj_catalog *cat,
		     struct kj_coverage *c)
{
	struct kj_err err = { "" };
	memset(c, 0, sizeof *c);
	if (kj_store_coverage(st, cat, c, &err) < 0)
		fail_msg("coverage %s: %s", cat->version, err.msg);
}

static void load_embedded(struct kj_catalog *cat)
{
	struct kj_err err = { "" };
	if (kj_catalog_load_embedded(cat, &err) < 0)
		fail_msg("embedded catalog: %s", err.msg);
}

/* A fresh database with the built-in standard and the records imported. */
static struct kj_store *db_with_records(struct kj_clause_record r[NREC])
{
	struct kj_store *st = th_init_db(DB);
	struct kj_clause_import_stats stats;
	add_operators(st);
	build_records(r);
	import(st, r, NREC, "2026", &stats);
	assert_int_equal(stats.documents_added, NDOCS);
	assert_int_equal(stats.documents_updated, 0);
	assert_int_equal(stats.clauses_added, NREC);
	assert_int_equal(stats.clauses_updated, 0);
	assert_int_equal(stats.unchanged, 0);
	return st;
}

static long sql(const char *q)
{
	return th_sql_long(DB, q);
}

/* --- The revision ------------------------------------------------------- */

static json_t *load_json(const char *dir, const char *file)
{
	char p[512];
	json_error_t je;
	snprintf(p, sizeof p, "%s/%s", dir, file);
	json_t *j = json_load_file(p, 0, &je);
	if (!j)
		fail_msg("%s: %s", p, je.text);
	return j;
}

static void save_json(const char *dir, const char *file, json_t *j)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, file);
	assert_int_equal(json_dump_file(j, p, JSON_INDENT(2)), 0);
	json_decref(j);
}

#define CHANGED_REQ "3.2.1-1"
#define NEW_REQ "3.7-2"
#define REV2_DIR "rev2032"

/* Copies FROM to DIR as VERSION effective EFFECTIVE, loads it into CAT and stores it. */
static void put_version(struct kj_store *st, struct kj_catalog *cat, const char *from,
			const char *dir, const char *version, const char *effective,
			int revise)
{
	struct kj_err err = { "" };
	th_rmdir(dir);
	assert_int_equal(th_copy_dir(from, dir), 0);

	json_t *s = load_json(dir, "standard.json");
	assert_int_equal(json_object_set_new(s, "version", json_string(version)), 0);
	assert_int_equal(json_object_set_new(s, "effective", json_string(effective)), 0);
	save_json(dir, "standard.json", s);

	if (revise) {
		json_t *a = load_json(dir, "requirements.json");
		size_t i;
		json_t *r;
		int found = 0;
		json_array_foreach(a, i, r) {
			if (strcmp(json_string_value(json_object_get(r, "id")), CHANGED_REQ))
				continue;
			char text[2048];
			snprintf(text, sizeof text, "【改訂】%s",
				 json_string_value(json_object_get(r, "text_ja")));
			assert_int_equal(json_object_set_new(r, "text_ja", json_string(text)), 0);
			found = 1;
		}
		assert_true(found);
		json_t *last = json_array_get(a, json_array_size(a) - 1);
		assert_string_equal(json_string_value(json_object_get(last, "id")), "3.7-1");
		json_t *nr = json_pack("{s:s, s:s, s:i, s:s, s:s, s:[s, s]}", "id", NEW_REQ,
				       "section", "3.7", "n", 2,
				       "text_ja", "量子計算機の実用化を見据え、暗号の移行計画を策定する。",
				       "text_en", "Plan the migration of cryptography in view of "
				       "practical quantum computers.", "csf", "ID.RA", "PR.DS");
		assert_non_null(nr);
		assert_int_equal(json_array_append_new(a, nr), 0);
		save_json(dir, "requirements.json", a);
	}

	int created = 0;
	if (kj_catalog_load_dir(cat, dir, &err) < 0)
		fail_msg("%s: %s", dir, err.msg);
	assert_string_equal(cat->version, version);
	assert_string_equal(cat->effective, effective);
	/* Linked to the version before it by a crosswalk of equal ids. */
	struct kj_catalog prev;
	struct kj_crosswalk xw;
	char *text;
	size_t len;
	if (kj_store_catalog_get(st, NULL, &prev, &err) < 0 ||
	    kj_crosswalk_draft(&text, &len, &prev, cat, NULL, 0, &err) < 0 ||
	    kj_crosswalk_parse(&xw, text, len, &err) < 0)
		fail_msg("%s: %s", dir, err.msg);
	kj_catalog_free(&prev);
	if (kj_store_catalog_put_xw(st, cat, &xw, &created, &err) < 0)
		fail_msg("%s: %s", dir, err.msg);
	kj_crosswalk_free(&xw);
	assert_int_equal(created, 1);
}

/*
 * A copy of the 2026 folder as version 2029, effective 2029-10-01, with
 * CHANGED_REQ reworded and NEW_REQ appended; loaded into CAT and stored.
 */
static void put_revision(struct kj_store *st, struct kj_catalog *cat)
{
	put_version(st, cat, KJ_STANDARD_DIR, REV_DIR, "2029", "2029-10-01", 1);
	assert_int_equal(cat->nreqs, 91);
}

/* --- Tests -------------------------------------------------------------- */

/* Every cell of the matrix and every count after the hand-built import. */
static void test_matrix(void **state)
{
	(void)state;
	struct kj_clause_record r[NREC];
	struct kj_store *st = db_with_records(r);
	struct kj_catalog cat;
	struct kj_coverage c;
	load_embedded(&cat);
	assert_int_equal(cat.nsectors, 16);
	assert_int_equal(cat.nreqs, 90);
	coverage(st, &cat, &c);

	unsigned char *want = expected_matrix(&cat, NULL, 0);
	assert_matrix(&c, &cat, want);
	assert_counts_follow(&c, &cat, want);
	assert_no_flags(&c);		/* no previous version */

	/* The cases by name. */
	int e = sector_index(&cat, "electricity"), g = sector_index(&cat, "gas");
	int i = e * 90 + req_index(&cat, "3.2.1-1");
	assert_int_equal(c.cov[i], KJ_COV_GOVERNMENT);			/* a */
	assert_int_equal(c.partial[i], 0);
	i = e * 90 + req_index(&cat, "3.2.1-2");
	assert_int_equal(c.cov[i], KJ_COV_GOVERNMENT);			/* b */
	assert_int_equal(c.partial[i], 1);
	assert_int_equal(c.cov[e * 90 + req_index(&cat, "3.3.2-1")], KJ_COV_GOVERNMENT);	/* c */
	i = e * 90 + req_index(&cat, "3.2.4-1");	/* ① partly, ③ fully: still partial */
	assert_int_equal(c.cov[i], KJ_COV_GOVERNMENT);
	assert_int_equal(c.partial[i], 1);
	i = e * 90 + req_index(&cat, "3.4.1.1-1");
	assert_int_equal(c.cov[i], KJ_COV_INDUSTRY);			/* d: no gap */
	assert_false(kj_cov_is_gap((enum kj_cov)c.cov[i]));
	assert_int_equal(c.partial[e * 90 + req_index(&cat, "3.5.2-1")], 1);	/* h */
	i = e * 90 + req_index(&cat, "3.6.1-1");
	assert_int_equal(c.cov[i], KJ_COV_GOVERNMENT);			/* e */
	assert_int_equal(c.operators[i], 1);
	i = e * 90 + req_index(&cat, "3.6.2.1-1");
	assert_int_equal(c.cov[i], KJ_COV_OPERATORS);			/* e: a gap */
	assert_int_equal(c.operators[i], 2);
	assert_int_equal(c.partial[i], 1);
	assert_true(kj_cov_is_gap((enum kj_cov)c.cov[i]));
	i = g * 90 + req_index(&cat, "3.2.1-2");
	assert_int_equal(c.cov[i], KJ_COV_OPERATORS);			/* one operator, fully */
	assert_int_equal(c.operators[i], 1);
	assert_int_equal(c.partial[i], 0);
	assert_int_equal(c.cov[e * 90 + req_index(&cat, "3.7-1")], KJ_COV_NONE);		/* f */
	assert_int_equal(c.cov[g * 90 + req_index(&cat, "3.2.1-1")], KJ_COV_NONE);		/* g */

	/* The counts written out: government, industry, operators-only, none,
	 * gaps (operators-only + none), partial. */
	assert_count(&c, &cat, "electricity", "", 6, 3, 1, 80, 81, 5);
	assert_count(&c, &cat, "electricity", "governance", 3, 0, 0, 18, 18, 2);
	assert_count(&c, &cat, "electricity", "identify", 1, 0, 0, 15, 15, 0);
	assert_count(&c, &cat, "electricity", "protect", 1, 1, 0, 32, 32, 0);
	assert_count(&c, &cat, "electricity", "detect", 0, 2, 0, 1, 1, 1);
	assert_count(&c, &cat, "electricity", "respond-recover", 1, 0, 1, 13, 14, 2);
	assert_count(&c, &cat, "electricity", "trends", 0, 0, 0, 1, 1, 0);
	assert_count(&c, &cat, "gas", "", 1, 0, 1, 88, 89, 0);
	assert_count(&c, &cat, "gas", "governance", 0, 0, 1, 20, 21, 0);
	assert_count(&c, &cat, "gas", "protect", 1, 0, 0, 33, 33, 0);
	assert_count(&c, &cat, "finance", "", 1, 0, 0, 89, 89, 1);
	assert_count(&c, &cat, "finance", "governance", 1, 0, 0, 20, 20, 1);
	assert_count(&c, &cat, "ict", "", 0, 0, 0, 90, 90, 0);
	assert_count(&c, &cat, "postal", "respond-recover", 0, 0, 0, 15, 15, 0);

	/* What was stored: internal rules belong to their operators, nothing else does. */
	assert_int_equal(sql("SELECT COUNT(*) FROM safety_document"), NDOCS);
	assert_int_equal(sql("SELECT COUNT(*) FROM safety_clause"), NREC);
	assert_int_equal(sql("SELECT COUNT(*) FROM clause_requirement"), NMAPS);
	assert_int_equal(sql("SELECT COUNT(*) FROM clause_requirement"
			     " WHERE extent = 'partial'"), NPARTIAL);
	assert_int_equal(sql("SELECT COUNT(*) FROM safety_document WHERE class_n = 4"
			     " AND organisation_id IS NOT NULL"), 3);
	assert_int_equal(sql("SELECT COUNT(*) FROM safety_document WHERE class_n < 4"
			     " AND organisation_id IS NOT NULL"), 0);

	free(want);
	kj_coverage_free(&c);
	kj_catalog_free(&cat);
	free_records(r, NREC);
	kj_store_close(st);
}

/* A revision: 2026 mappings carry over; changed and new requirements flagged. */
static void test_revision(void **state)
{
	(void)state;
	struct kj_clause_record r[NREC];
	struct kj_store *st = db_with_records(r);
	struct kj_catalog c26, c29;
	struct kj_coverage before, v26, v29;
	load_embedded(&c26);
	coverage(st, &c26, &before);
	put_revision(st, &c29);
	assert_int_equal(sql("SELECT COUNT(*) FROM requirement_succession"), 90);
	assert_int_equal(sql("SELECT COUNT(*) FROM requirement_succession WHERE changed = 1"), 1);

	/* 2029: the same states for the namesakes; the new one none everywhere. */
	coverage(st, &c29, &v29);
	assert_int_equal(v29.nsectors, 16);
	assert_int_equal(v29.nreqs, 91);
	static const struct cell new_none[] = {
		{ "electricity", NEW_REQ, NONE, 0, 0 },
	};
	unsigned char *want29 = expected_matrix(&c29, new_none, 1);
	assert_matrix(&v29, &c29, want29);
	assert_counts_follow(&v29, &c29, want29);
	int changed = req_index(&c29, CHANGED_REQ), added = req_index(&c29, NEW_REQ);
	assert_int_equal(added, 90);
	for (int i = 0; i < c29.nreqs; i++) {
		assert_int_equal(v29.req_changed[i], i == changed);
		assert_int_equal(v29.req_new[i], i == added);
	}
	for (int s = 0; s < c29.nsectors; s++)
		assert_int_equal(v29.cov[s * 91 + added], KJ_COV_NONE);
	/* The reworded requirement keeps its coverage. */
	assert_int_equal(v29.cov[sector_index(&c29, "electricity") * 91 + changed],
			 KJ_COV_GOVERNMENT);
	assert_int_equal(v29.cov[sector_index(&c29, "finance") * 91 + changed],
			 KJ_COV_GOVERNMENT);
	assert_int_equal(v29.partial[sector_index(&c29, "finance") * 91 + changed], 1);
	assert_count(&v29, &c29, "electricity", "", 6, 3, 1, 81, 82, 5);
	assert_count(&v29, &c29, "electricity", "trends", 0, 0, 0, 2, 2, 0);

	/* 2026 after the revision: as before, nothing flagged. */
	coverage(st, &c26, &v26);
	assert_int_equal(v26.nreqs, 90);
	assert_memory_equal(v26.cov, before.cov, 16 * 90);
	assert_no_flags(&v26);
	kj_coverage_free(&v26);
	kj_coverage_free(&v29);

	/* Mappings made against 2029 count for 2029 only: a class-1 full
	 * clause on the new requirement in gas and on (b) in electricity. */
	struct kj_clause_record r29[2];
	struct kj_clause_import_stats stats;
	rec(&r29[0], "gas", 1, "経済産業省", "ガス事業法施行規則", "2029", "第9条", 0, NEW_REQ, END);
	rec(&r29[1], "electricity", 1, "経済産業省", DOC_C, "", "第7条", 0, "3.2.1-2", END);
	import(st, r29, 2, "2029", &stats);
	assert_int_equal(stats.documents_added, 1);
	assert_int_equal(stats.clauses_added, 2);
	assert_int_equal(stats.unchanged, 0);
	coverage(st, &c29, &v29);
	static const struct cell more29[] = {
		{ "electricity", NEW_REQ, NONE, 0, 0 },
		{ "gas", NEW_REQ, GOV, 0, 0 },
		{ "electricity", "3.2.1-2", GOV, 0, 0 },	/* a full ① clause joins the partial ② */
	};
	unsigned char *want29b = expected_matrix(&c29, more29, 3);
	assert_matrix(&v29, &c29, want29b);
	assert_counts_follow(&v29, &c29, want29b);
	assert_int_equal(v29.req_new[added], 1);
	assert_int_equal(v29.req_changed[changed], 1);
	coverage(st, &c26, &v26);
	assert_memory_equal(v26.cov, before.cov, 16 * 90);
	assert_no_flags(&v26);

	free(want29);
	free(want29b);
	kj_coverage_free(&before);
	kj_coverage_free(&v26);
	kj_coverage_free(&v29);
	kj_catalog_free(&c26);
	kj_catalog_free(&c29);
	free_records(r, NREC);
	th_rmdir(REV_DIR);
	kj_store_close(st);
}


/* 2029 (revised) and 2032 (the same requirements as 2029) on top of the records. */
static struct kj_store *db_with_two_revisions(struct kj_clause_record r[NREC],
					       struct kj_catalog *c29, struct kj_catalog *c32)
{
	struct kj_store *st = db_with_records(r);
	put_revision(st, c29);
	put_version(st, c32, REV_DIR, REV2_DIR, "2032", "2032-10-01", 0);
	assert_int_equal(c32->nreqs, 91);
	assert_int_equal(sql("SELECT COUNT(*) FROM requirement_succession"), 90 + 91);
	return st;
}

static void drop_two_revisions(struct kj_store *st, struct kj_clause_record r[NREC],
			       struct kj_catalog *c29, struct kj_catalog *c32)
{
	kj_catalog_free(c29);
	kj_catalog_free(c32);
	free_records(r, NREC);
	th_rmdir(REV_DIR);
	th_rmdir(REV2_DIR);
	kj_store_close(st);
}

/*
 * Regression (was a bug): kj_store_coverage (src/store/store_safety.c) follows
 * requirement_succession one step only, so a mapping made against 2026 counts
 * for 2029 but not for 2032, the version after: every 2026 mapping turns into
 * "none" (a gap) once a second revision is imported, although nothing about
 * those requirements changed. Its own comment says "through its
 * predecessors' (a mapping made against the previous version carries over to
 * the namesake requirement)". Expected: 2032 covered as 2029 is.
 */
static void test_two_revisions(void **state)
{
	(void)state;
	struct kj_clause_record r[NREC];
	struct kj_catalog c29, c32;
	struct kj_coverage v29, v32;
	struct kj_store *st = db_with_two_revisions(r, &c29, &c32);
	coverage(st, &c29, &v29);
	coverage(st, &c32, &v32);

	/* 2032 against 2029: nothing new, nothing changed. */
	assert_no_flags(&v32);
	static const struct cell new_none[] = {
		{ "electricity", NEW_REQ, NONE, 0, 0 },
	};
	unsigned char *want = expected_matrix(&c32, new_none, 1);
	assert_matrix(&v29, &c29, want);
	assert_matrix(&v32, &c32, want);	/* fails: 2026 mappings are none in 2032 */

	free(want);
	kj_coverage_free(&v29);
	kj_coverage_free(&v32);
	drop_two_revisions(st, r, &c29, &c32);
}

/*
 * Regression (was a bug): re-importing the same records against the version in force does not
 * move their mapping to that version's requirements, contrary to
 * store_safety.h ("an imported clause's mapping replaces the one stored (to
 * requirements of the version in force)"): import_one compares the stored
 * mapping by requirement code only (mapping_text), finds it equal, counts the
 * clause unchanged and keeps the 2026 requirement ids. With the bug above,
 * re-importing the file against 2032 does not even repair 2032's coverage.
 * Expected: after the re-import against 2032, 2032 covered as 2029 is and
 * the mapping on 2032's requirements.
 */
static void test_reimport_moves_to_version_in_force(void **state)
{
	(void)state;
	struct kj_clause_record r[NREC];
	struct kj_catalog c29, c32;
	struct kj_coverage v32;
	struct kj_clause_import_stats stats;
	struct kj_store *st = db_with_two_revisions(r, &c29, &c32);
	import(st, r, NREC, "2032", &stats);
	assert_int_equal(stats.documents_added, 0);
	assert_int_equal(stats.clauses_added, 0);
	coverage(st, &c32, &v32);
	static const struct cell new_none[] = {
		{ "electricity", NEW_REQ, NONE, 0, 0 },
	};
	unsigned char *want = expected_matrix(&c32, new_none, 1);
	assert_matrix(&v32, &c32, want);	/* fails: the 2026 mappings stay */
	assert_int_equal(sql("SELECT COUNT(*) FROM clause_requirement cr JOIN requirement q"
			     " ON q.id = cr.requirement_id JOIN standard_version v"
			     " ON v.id = q.version_id WHERE v.version = '2032'"), NMAPS);

	free(want);
	kj_coverage_free(&v32);
	drop_two_revisions(st, r, &c29, &c32);
}

/* The same records again: nothing changes, not even the audit trail. */
static void test_reimport_unchanged(void **state)
{
	(void)state;
	struct kj_clause_record r[NREC];
	struct kj_store *st = db_with_records(r);
	struct kj_catalog cat;
	struct kj_coverage c1, c2;
	struct kj_clause_import_stats stats;
	load_embedded(&cat);
	coverage(st, &cat, &c1);
	long audit = sql("SELECT COUNT(*) FROM audit_entry");
	long maps = sql("SELECT COUNT(*) FROM clause_requirement");
	long docs_at = sql("SELECT COUNT(*) FROM safety_document WHERE updated_at <> created_at");
	assert_true(audit >= NDOCS + NREC);

	import(st, r, NREC, "2026", &stats);
	assert_int_equal(stats.unchanged, NREC);
	assert_int_equal(stats.documents_added, 0);
	assert_int_equal(stats.documents_updated, 0);
	assert_int_equal(stats.clauses_added, 0);
	assert_int_equal(stats.clauses_updated, 0);
	coverage(st, &cat, &c2);
	assert_memory_equal(c1.cov, c2.cov, 16 * 90);
	assert_memory_equal(c1.req_new, c2.req_new, 90);
	assert_memory_equal(c1.req_changed, c2.req_changed, 90);
	assert_int_equal(sql("SELECT COUNT(*) FROM audit_entry"), audit);
	assert_int_equal(sql("SELECT COUNT(*) FROM safety_document"), NDOCS);
	assert_int_equal(sql("SELECT COUNT(*) FROM safety_clause"), NREC);
	assert_int_equal(sql("SELECT COUNT(*) FROM clause_requirement"), maps);
	assert_int_equal(sql("SELECT COUNT(*) FROM safety_document"
			     " WHERE updated_at <> created_at"), docs_at);

	/* In another order too. */
	struct kj_clause_record rev[NREC];
	for (int i = 0; i < NREC; i++)
		rev[i] = r[NREC - 1 - i];
	import(st, rev, NREC, "2026", &stats);
	assert_int_equal(stats.unchanged, NREC);
	kj_coverage_free(&c2);
	coverage(st, &cat, &c2);
	assert_memory_equal(c1.cov, c2.cov, 16 * 90);

	kj_coverage_free(&c1);
	kj_coverage_free(&c2);
	kj_catalog_free(&cat);
	free_records(r, NREC);
	kj_store_close(st);
}

/* DOC_A's class from 1 to 3: (a) becomes industry (still no gap), nothing else moves. */
static void test_reimport_class_change(void **state)
{
	(void)state;
	struct kj_clause_record r[NREC];
	struct kj_store *st = db_with_records(r);
	struct kj_catalog cat;
	struct kj_coverage c;
	struct kj_clause_import_stats stats;
	struct kj_err err = { "" };
	load_embedded(&cat);
	long audit = sql("SELECT COUNT(*) FROM audit_entry");

	assert_string_equal(r[REC_A].title, DOC_A);
	assert_string_equal(r[REC_A].sector, "electricity");
	assert_int_equal(r[REC_A].class_n, 1);
	r[REC_A].class_n = 3;
	import(st, r, NREC, "2026", &stats);
	assert_int_equal(stats.documents_updated, 1);
	assert_int_equal(stats.documents_added, 0);
	assert_int_equal(stats.clauses_added, 0);
	assert_int_equal(stats.clauses_updated, 1);	/* the one clause of DOC_A */
	assert_int_equal(stats.unchanged, NREC - 1);
	assert_int_equal(sql("SELECT COUNT(*) FROM audit_entry"
			     " WHERE action = 'safety.document.update'"), 1);
	assert_true(sql("SELECT COUNT(*) FROM audit_entry") > audit);

	coverage(st, &cat, &c);
	static const struct cell moved[] = {
		{ "electricity", "3.2.1-1", IND, 0, 0 },
	};
	unsigned char *want = expected_matrix(&cat, moved, 1);
	assert_matrix(&c, &cat, want);
	assert_counts_follow(&c, &cat, want);
	assert_count(&c, &cat, "electricity", "", 5, 4, 1, 80, 81, 5);
	assert_count(&c, &cat, "electricity", "governance", 2, 1, 0, 18, 18, 2);
	/* The same title in gas is another document and keeps class 4. */
	struct kj_doc_row docs[16];
	int n = 0;
	assert_int_equal(kj_store_safety_docs(st, NULL, docs, 16, &n, &err), 0);
	assert_int_equal(n, NDOCS);
	int seen = 0;
	for (int i = 0; i < n; i++)
		if (!strcmp(docs[i].title, DOC_A)) {
			seen++;
			assert_int_equal(docs[i].class_n,
					 !strcmp(docs[i].sector, "electricity") ? 3 : 4);
		}
	assert_int_equal(seen, 2);

	/* The changed records again: unchanged now. */
	import(st, r, NREC, "2026", &stats);
	assert_int_equal(stats.unchanged, NREC);
	assert_int_equal(stats.documents_updated, 0);
	assert_int_equal(stats.clauses_updated, 0);

	/* And back to class 1: (a) government again. */
	r[REC_A].class_n = 1;
	import(st, r, NREC, "2026", &stats);
	assert_int_equal(stats.documents_updated, 1);
	kj_coverage_free(&c);
	coverage(st, &cat, &c);
	free(want);
	want = expected_matrix(&cat, NULL, 0);
	assert_matrix(&c, &cat, want);

	free(want);
	kj_coverage_free(&c);
	kj_catalog_free(&cat);
	free_records(r, NREC);
	kj_store_close(st);
}

/*
 * Class ④ in the store: internal rules need an operator of their sector,
 * and one operator's document never becomes another's; each refusal
 * writes nothing. The documents list names the operator.
 */
static void test_internal_rules_in_store(void **state)
{
	(void)state;
	struct kj_clause_record r[NREC], x;
	struct kj_store *st = db_with_records(r);
	struct kj_clause_import_stats stats;
	struct kj_err err = { "" };
	long docs = sql("SELECT COUNT(*) FROM safety_document");
	long audit = sql("SELECT COUNT(*) FROM audit_entry");

	/* No operator. */
	rec(&x, "electricity", 4, "丁電力株式会社", "丁電力 規程", "", "1", 0, "3.7-1", END);
	assert_int_equal(kj_app_safety_save(st, &test_actor, &x, 1, "2026", &stats, &err), -1);
	assert_non_null(strstr(err.msg, "need an operator of sector electricity"));
	/* An operator of another sector (乙ガス is gas). */
	x.organisation_id = op_id[OP_OTSU];
	assert_int_equal(kj_app_safety_save(st, &test_actor, &x, 1, "2026", &stats, &err), -1);
	/* No such operator. */
	x.organisation_id = 9999;
	assert_int_equal(kj_app_safety_save(st, &test_actor, &x, 1, "2026", &stats, &err), -1);
	/* 甲電力's document claimed for 丙電力, after a good record in the same import. */
	struct kj_clause_record two[2];
	rec(&two[0], "electricity", 4, "丙電力株式会社", "丙電力 別規程", "", "1", 0, "3.7-1", END);
	rules_of(&two[0], OP_HEI);
	two[1] = r[8];
	assert_string_equal(two[1].title, DOC_E);
	two[1].organisation_id = op_id[OP_HEI];
	assert_int_equal(kj_app_safety_save(st, &test_actor, two, 2, "2026", &stats, &err), -1);
	assert_non_null(strstr(err.msg, "another operator"));
	assert_int_equal(stats.documents_added, 0);
	assert_int_equal(sql("SELECT COUNT(*) FROM safety_document"), docs);
	assert_int_equal(sql("SELECT COUNT(*) FROM audit_entry"), audit);
	assert_int_equal(sql("SELECT COUNT(*) FROM safety_document WHERE title = '丙電力 別規程'"), 0);

	/* The good one alone is written, to its operator. */
	import(st, two, 1, "2026", &stats);
	assert_int_equal(stats.documents_added, 1);
	struct kj_doc_row d[NDOCS + 1];
	int n = 0, seen = 0;
	assert_int_equal(kj_store_safety_docs(st, "electricity", d, NDOCS + 1, &n, &err), 0);
	for (int i = 0; i < n; i++) {
		if (d[i].class_n != 4) {
			assert_int_equal(d[i].organisation_id, 0);
			assert_string_equal(d[i].organisation_name, "");
			continue;
		}
		seen++;
		assert_int_equal(d[i].organisation_id,
				 !strcmp(d[i].title, DOC_E) ? op_id[OP_KO] : op_id[OP_HEI]);
		assert_string_equal(d[i].organisation_name,
				    !strcmp(d[i].title, DOC_E) ? "甲電力株式会社" : "丙電力株式会社");
	}
	assert_int_equal(seen, 3);

	/* 3.7-1 in electricity: now only 丙電力's rules, a gap. */
	struct kj_catalog cat;
	struct kj_coverage c;
	load_embedded(&cat);
	coverage(st, &cat, &c);
	int i = sector_index(&cat, "electricity") * 90 + req_index(&cat, "3.7-1");
	assert_int_equal(c.cov[i], KJ_COV_OPERATORS);
	assert_int_equal(c.operators[i], 1);
	assert_count(&c, &cat, "electricity", "trends", 0, 0, 1, 0, 1, 0);

	kj_coverage_free(&c);
	kj_catalog_free(&cat);
	free_records(&x, 1);
	free_records(r, NREC);
	kj_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_revision),
		cmocka_unit_test(test_two_revisions),
		cmocka_unit_test(test_reimport_moves_to_version_in_force),
		cmocka_unit_test(test_reimport_unchanged),
		cmocka_unit_test(test_reimport_class_change),
		cmocka_unit_test(test_internal_rules_in_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
