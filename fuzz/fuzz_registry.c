/*
 * kj_registry_validate on a table read from the fuzzer's bytes (an
 * uploaded operator list), what it promises of the records it accepts,
 * and the export's promise: a list exported as CSV or xlsx imports again
 * as the same records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "model/corpnum.h"
#include "model/registry.h"
#include "export/registry_out.h"

int kj_fuzz_runtime_seeds(const char *dir)
{
	return kj_fuzz_xlsx_seeds(dir);
}

static void check_record(const struct kj_catalog *cat, const struct kj_org_record *r, int i)
{
	FUZZ_CHECK(strlen(r->corporate_number) == 13 && kj_corpnum_valid(r->corporate_number),
		   "record %d: corporate number \"%s\"", i, r->corporate_number);
	kj_fuzz_check_text("name_ja", r->name_ja, KJ_ORG_NAME_MAX);
	FUZZ_CHECK(r->name_ja[0] && !strchr("=+-@", r->name_ja[0]),
		   "record %d: name \"%s\"", i, r->name_ja);
	kj_fuzz_check_text("name_kana", r->name_kana, KJ_ORG_NAME_MAX);
	FUZZ_CHECK(r->nsectors >= 1 && r->nsectors <= KJ_ORG_SECTORS, "record %d: %d sectors",
		   i, r->nsectors);
	for (int s = 0; s < r->nsectors; s++) {
		int known = 0;
		for (int k = 0; k < cat->nsectors; k++)
			known |= !strcmp(cat->sectors[k].code, r->sectors[s]);
		FUZZ_CHECK(known, "record %d: sector \"%.24s\"", i, r->sectors[s]);
		for (int t = 0; t < s; t++)
			FUZZ_CHECK(strcmp(r->sectors[s], r->sectors[t]), "record %d: sector twice", i);
	}
	FUZZ_CHECK(!strcmp(r->size_class, "large") || !strcmp(r->size_class, "medium") ||
		   !strcmp(r->size_class, "small"), "record %d: size \"%.8s\"", i, r->size_class);
	FUZZ_CHECK(strlen(r->prefecture) == 2 && strcmp(r->prefecture, "01") >= 0 &&
		   strcmp(r->prefecture, "47") <= 0, "record %d: prefecture \"%.3s\"", i,
		   r->prefecture);
	size_t ml = strnlen(r->municipality_code, sizeof r->municipality_code);
	FUZZ_CHECK(ml == 0 || (ml == 6 && strspn(r->municipality_code, "0123456789") == 6 &&
			       !strncmp(r->municipality_code, r->prefecture, 2) && r->local_gov),
		   "record %d: municipality \"%.7s\" (prefecture %s, local gov %d)", i,
		   r->municipality_code, r->prefecture, r->local_gov);
	FUZZ_CHECK((r->core_infra | r->local_gov | r->ceptoar_member | r->active) <= 1 &&
		   (r->core_infra | r->local_gov | r->ceptoar_member | r->active) >= 0,
		   "record %d: a flag is not 0 or 1", i);
	kj_fuzz_check_text("contact_name", r->contact_name, sizeof r->contact_name - 1);
	kj_fuzz_check_text("contact_email", r->contact_email, sizeof r->contact_email - 1);
	kj_fuzz_check_text("contact_phone", r->contact_phone, sizeof r->contact_phone - 1);
	/* "The phone number must be digits and hyphens": some digits, then. */
	const char *ph = r->contact_phone;
	FUZZ_CHECK(!ph[0] || (strspn(ph, "0123456789-() +") == strlen(ph) &&
			      ((ph[0] >= '0' && ph[0] <= '9') || ph[0] == '(')),
		   "record %d: phone \"%s\"", i, ph);
	FUZZ_CHECK(!ph[0] || strpbrk(ph, "0123456789"),
		   "record %d: phone \"%s\" has no digit", i, ph);
}

static void check_result(const struct kj_table *t, const struct kj_import_result *res)
{
	FUZZ_CHECK(res->nrecords >= 0 && res->nrecords < t->nrows, "%d records from %d rows",
		   res->nrecords, t->nrows);
	FUZZ_CHECK(res->nerrors >= 0, "%d errors", res->nerrors);
	int stored = res->nerrors < KJ_IMPORT_ERRORS_MAX ? res->nerrors : KJ_IMPORT_ERRORS_MAX;
	FUZZ_CHECK(!stored || res->errors, "%d errors but no list", res->nerrors);
	for (int i = 0; i < stored; i++) {
		const struct kj_row_error *e = &res->errors[i];
		FUZZ_CHECK(e->row >= 1 && e->row <= t->nrows, "error %d names row %d of %d", i,
			   e->row, t->nrows);
		kj_fuzz_check_text("error column", e->column, sizeof e->column - 1);
		kj_fuzz_check_text("reason_ja", e->reason_ja, sizeof e->reason_ja - 1);
		kj_fuzz_check_text("reason_en", e->reason_en, sizeof e->reason_en - 1);
		FUZZ_CHECK(e->reason_ja[0] && e->reason_en[0], "error %d without a reason", i);
	}
	const struct kj_catalog *cat = kj_fuzz_catalog();
	for (int i = 0; i < res->nrecords; i++) {
		check_record(cat, &res->records[i], i);
		for (int j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(res->records[i].corporate_number,
					  res->records[j].corporate_number),
				   "records %d and %d share corporate number %s", j, i,
				   res->records[i].corporate_number);
	}
}

/* True if S holds "_xHHHH_", which an xlsx cell reads as an escape. */
static int same_record(const struct kj_org_record *a, const struct kj_org_record *b)
{
	if (strcmp(a->corporate_number, b->corporate_number) || strcmp(a->name_ja, b->name_ja) ||
	    strcmp(a->name_kana, b->name_kana) || a->nsectors != b->nsectors ||
	    strcmp(a->size_class, b->size_class) || a->core_infra != b->core_infra ||
	    a->local_gov != b->local_gov || a->ceptoar_member != b->ceptoar_member ||
	    a->active != b->active || strcmp(a->municipality_code, b->municipality_code) ||
	    strcmp(a->prefecture, b->prefecture) || strcmp(a->contact_name, b->contact_name) ||
	    strcmp(a->contact_email, b->contact_email) ||
	    strcmp(a->contact_phone, b->contact_phone))
		return 0;
	for (int s = 0; s < a->nsectors; s++)
		if (strcmp(a->sectors[s], b->sectors[s]))
			return 0;
	return 1;
}

/* The exported bytes DATA read and validated again give RES's records. */
static void reimport(const char *how, const char *data, size_t len,
		     const struct kj_import_result *res)
{
	struct kj_table t;
	struct kj_import_result again;
	struct kj_err err;
	FUZZ_CHECK(kj_table_read(&t, data, len, &err) == 0, "%s export unreadable: %s", how,
		   err.msg);
	int rc = kj_registry_validate(&t, kj_fuzz_catalog(), &again, &err);
	kj_table_free(&t);
	FUZZ_CHECK(rc == 0, "%s export refused: %s", how, err.msg);
	FUZZ_CHECK(again.nerrors == 0, "%s export has %d bad rows, the first: row %d (%s): %s",
		   how, again.nerrors, again.errors[0].row, again.errors[0].column,
		   again.errors[0].reason_en);
	FUZZ_CHECK(again.nrecords == res->nrecords, "%s export: %d records, not %d", how,
		   again.nrecords, res->nrecords);
	for (int i = 0; i < res->nrecords; i++)
		FUZZ_CHECK(same_record(&res->records[i], &again.records[i]),
			   "%s export changes record %d (%s)", how, i,
			   res->records[i].corporate_number);
	kj_import_result_free(&again);
}

static void roundtrip(const struct kj_import_result *res)
{
	const struct kj_catalog *cat = kj_fuzz_catalog();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	FUZZ_CHECK(f != NULL, "open_memstream");
	int rc = kj_registry_write_csv(f, res->records, res->nrecords, cat);
	fclose(f);
	FUZZ_CHECK(rc == 0, "CSV export failed");
	reimport("CSV", buf, len, res);
	free(buf);

	char path[512];
	struct kj_err err;
	snprintf(path, sizeof path, "%s/registry-%d.xlsx", kj_fuzz_tmpdir(), (int)getpid());
	FUZZ_CHECK(kj_registry_write_xlsx(path, res->records, res->nrecords, cat, &err) == 0,
		   "xlsx export failed: %s", err.msg);
	char *x;
	FUZZ_CHECK(kj_read_file(path, KJ_TABLE_FILE_MAX, &x, &len, &err) == 0, "%s", err.msg);
	unlink(path);
	reimport("xlsx", x, len, res);
	free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kj_table t;
	struct kj_import_result res;
	struct kj_err err;
	const struct kj_catalog *cat = kj_fuzz_catalog();
	if (kj_table_read(&t, (const char *)data, size, &err) < 0)
		return 0;
	err.msg[0] = '\0';
	int rc = kj_registry_validate(&t, cat, &res, &err);
	if (rc < 0) {
		if (getenv("KJ_FUZZ_VERBOSE"))
			fprintf(stderr, "refused: %s\n", err.msg);
		FUZZ_CHECK(err.msg[0], "refused without a message");
		kj_fuzz_check_text("message", err.msg, sizeof err.msg - 1);
		FUZZ_CHECK(!res.records && !res.errors && !res.nrecords,
			   "refused but the result is not empty");
	} else {
		if (getenv("KJ_FUZZ_VERBOSE"))
			fprintf(stderr, "%d rows: %d records, %d errors\n", t.nrows, res.nrecords,
				res.nerrors);
		check_result(&t, &res);
		if (res.nerrors == 0 && res.nrecords > 0)
			roundtrip(&res);
		kj_import_result_free(&res);
	}
	kj_table_free(&t);
	return 0;
}
