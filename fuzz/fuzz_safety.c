/*
 * kj_safety_validate on a table read from the fuzzer's bytes (an uploaded
 * safety-standard mapping) and what it promises of the clauses it accepts.
 * Inputs of odd length are validated as a ministry's import, limited to
 * two sectors; even ones as the NCO's, for any sector. Class ④ rows name
 * an operator: a stand-in registry "has" every valid corporate number, in
 * electricity when its last digit is even, elsewhere when it is odd, and
 * none ending in 9.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "model/corpnum.h"
#include "model/safety.h"

int kj_fuzz_runtime_seeds(const char *dir)
{
	return kj_fuzz_xlsx_seeds(dir);
}

static const kj_sector_code only[2] = { "electricity", "gas" };

static int fake_find(void *ctx, const char *num, const char *sector, int64_t *id)
{
	(void)ctx;
	size_t n = strlen(num);
	FUZZ_CHECK(n == 13 && kj_corpnum_valid(num), "looked up a bad corporate number \"%.20s\"",
		   num);
	int last = num[12] - '0';
	*id = 0;
	if (last == 9)
		return 0;
	*id = 100 + last;
	return (last % 2 == 0) == !strcmp(sector, "electricity") ? 1 : 2;
}

static int valid_day(const char *s)
{
	return strlen(s) == 10 && kj_date_valid(s);
}

static void check_record(const struct kj_catalog *cat, const struct kj_clause_record *r,
			 int i, int limited)
{
	int known = 0;
	for (int k = 0; k < cat->nsectors; k++)
		known |= !strcmp(cat->sectors[k].code, r->sector);
	FUZZ_CHECK(known, "record %d: sector \"%.24s\"", i, r->sector);
	if (limited)
		FUZZ_CHECK(!strcmp(r->sector, only[0]) || !strcmp(r->sector, only[1]),
			   "record %d: sector %s outside the importer's", i, r->sector);
	FUZZ_CHECK(r->class_n >= 1 && r->class_n <= 4, "record %d: class %d", i, r->class_n);
	kj_fuzz_check_text("issuer", r->issuer, sizeof r->issuer - 1);
	kj_fuzz_check_text("title", r->title, sizeof r->title - 1);
	kj_fuzz_check_text("version", r->version, sizeof r->version - 1);
	kj_fuzz_check_text("issued_on", r->issued_on, sizeof r->issued_on - 1);
	kj_fuzz_check_text("link", r->link, sizeof r->link - 1);
	kj_fuzz_check_text("number", r->number, sizeof r->number - 1);
	kj_fuzz_check_text("clause_title", r->clause_title, sizeof r->clause_title - 1);
	if (r->text)
		kj_fuzz_check_text("text", r->text, KJ_TABLE_CELL_MAX);
	FUZZ_CHECK(r->issuer[0] && r->title[0] && r->number[0], "record %d: a required field "
		   "is empty", i);
	const char *one_line[] = { r->issuer, r->title, r->version, r->number, r->clause_title,
				   r->link };
	for (size_t k = 0; k < sizeof one_line / sizeof one_line[0]; k++) {
		FUZZ_CHECK(!strpbrk(one_line[k], "\t\r\n"), "record %d: a line break in \"%s\"",
			   i, one_line[k]);
		FUZZ_CHECK(!one_line[k][0] || !strchr("=+-@", one_line[k][0]),
			   "record %d: a formula \"%s\"", i, one_line[k]);
	}
	FUZZ_CHECK(!r->issued_on[0] || valid_day(r->issued_on), "record %d: date \"%s\"", i,
		   r->issued_on);
	FUZZ_CHECK(!r->link[0] || !strncmp(r->link, "https://", 8) ||
		   !strncmp(r->link, "http://", 7), "record %d: link \"%s\"", i, r->link);
	FUZZ_CHECK(r->nreqs >= 1 && r->nreqs <= 32, "record %d: %d requirements", i, r->nreqs);
	for (int q = 0; q < r->nreqs; q++) {
		FUZZ_CHECK(memchr(r->reqs[q], '\0', KJ_ID_MAX) && kj_catalog_req(cat, r->reqs[q]),
			   "record %d: requirement \"%.32s\"", i, r->reqs[q]);
		for (int p = 0; p < q; p++)
			FUZZ_CHECK(strcmp(r->reqs[p], r->reqs[q]), "record %d: %s twice", i,
				   r->reqs[q]);
	}
	FUZZ_CHECK(r->partial == 0 || r->partial == 1, "record %d: partial %d", i, r->partial);
	/* Internal rules name an operator of their sector; nothing else names one. */
	if (r->class_n == 4) {
		FUZZ_CHECK(kj_corpnum_valid(r->corporate_number) && r->organisation_id >= 100 &&
			   r->organisation_id == 100 + r->corporate_number[12] - '0' &&
			   r->corporate_number[12] != '9',
			   "record %d: internal rules of operator %lld", i,
			   (long long)r->organisation_id);
		FUZZ_CHECK(((r->corporate_number[12] - '0') % 2 == 0) ==
			   !strcmp(r->sector, "electricity"),
			   "record %d: an operator outside sector %s", i, r->sector);
	} else {
		FUZZ_CHECK(!r->corporate_number[0] && r->organisation_id == 0,
			   "record %d: class %d names an operator", i, r->class_n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kj_table t;
	struct kj_clause_import res;
	struct kj_err err;
	const struct kj_catalog *cat = kj_fuzz_catalog();
	int limited = size % 2;
	if (kj_table_read(&t, (const char *)data, size, &err) < 0)
		return 0;
	err.msg[0] = '\0';
	const struct kj_safety_orgs orgs = { fake_find, NULL };
	int rc = kj_safety_validate(&t, cat, limited ? only : NULL, limited ? 2 : 0, &orgs, &res,
				    &err);
	if (getenv("KJ_FUZZ_VERBOSE"))
		fprintf(stderr, "%d rows: %s %d records, %d errors\n", t.nrows,
			rc < 0 ? err.msg : "", res.nrecords, res.nerrors);
	if (rc < 0) {
		FUZZ_CHECK(err.msg[0], "refused without a message");
		kj_fuzz_check_text("message", err.msg, sizeof err.msg - 1);
		FUZZ_CHECK(!res.records && !res.errors && !res.nrecords,
			   "refused but the result is not empty");
		kj_table_free(&t);
		return 0;
	}
	FUZZ_CHECK(res.nrecords >= 0 && res.nrecords < t.nrows, "%d records from %d rows",
		   res.nrecords, t.nrows);
	int stored = res.nerrors < KJ_IMPORT_ERRORS_MAX ? res.nerrors : KJ_IMPORT_ERRORS_MAX;
	FUZZ_CHECK(res.nerrors >= 0 && (!stored || res.errors), "%d errors", res.nerrors);
	for (int i = 0; i < stored; i++) {
		const struct kj_row_error *e = &res.errors[i];
		FUZZ_CHECK(e->row >= 1 && e->row <= t.nrows, "error %d names row %d of %d", i,
			   e->row, t.nrows);
		kj_fuzz_check_text("error column", e->column, sizeof e->column - 1);
		kj_fuzz_check_text("reason_ja", e->reason_ja, sizeof e->reason_ja - 1);
		kj_fuzz_check_text("reason_en", e->reason_en, sizeof e->reason_en - 1);
	}
	for (int i = 0; i < res.nrecords; i++) {
		const struct kj_clause_record *a = &res.records[i];
		check_record(cat, a, i, limited);
		for (int j = 0; j < i; j++) {
			const struct kj_clause_record *b = &res.records[j];
			int same_doc = !strcmp(a->sector, b->sector) && !strcmp(a->title, b->title) &&
				       !strcmp(a->version, b->version);
			FUZZ_CHECK(!same_doc || strcmp(a->number, b->number),
				   "records %d and %d are the same clause", j, i);
			FUZZ_CHECK(!same_doc || (a->class_n == b->class_n &&
						 !strcmp(a->issuer, b->issuer) &&
						 !strcmp(a->issued_on, b->issued_on) &&
						 !strcmp(a->link, b->link)),
				   "records %d and %d: one document, two sets of attributes", j, i);
		}
	}
	kj_clause_import_free(&res);
	kj_table_free(&t);
	return 0;
}
