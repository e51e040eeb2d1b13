/*
 * Importing many filled forms in queued batches (app/survey_form_import.c,
 * kj_app_forms_import_*): the next batch is checked while one is written
 * and committed. On a small demo database (FY2026's survey open): batches
 * written in their order with a refused form among them, a batch of one
 * followed by a larger one, the queue's bound, a survey closed between two
 * batches, and a batch left queued at close written nowhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#include "app/survey_admin.h"
#include "app/survey_form.h"
#include "export/csv.h"
#include "model/survey_form.h"
#include "store/store.h"

#define TODAY "2026-12-04"
#define SURVEY 2	/* FY2026, open */
#define FORMS 12	/* forms made for a test */

static const char *tmpl;
static const struct kj_actor cli = { NULL, 0, "cli:test" };

static int make_template(void **state)
{
	(void)state;
	tmpl = kj_test_db("import_tmpl.db");
	th_demo_db(tmpl, 40, 7, 2, TODAY);
	return 0;
}

/* The forms of one test: FORMS respondents of the open survey without a
 * response or with a draft, each form downloaded and filled; LEVEL3 their
 * answers at level 3 before. */
struct forms {
	const char *db;
	struct kj_store *st;
	int64_t org[FORMS];
	struct kj_form_upload up[FORMS];
	char *data[FORMS];
	long level3[FORMS];
	int items;		/* requirements in a form */
};

/* The downloaded form BODY with every requirement's level set to LEVEL
 * (no N/A reason) and a comment; malloc'd CSV into *LEN. */
static char *filled(const char *body, size_t blen, const char *level, size_t *len, int *items)
{
	struct kj_table t;
	struct kj_err err;
	char *out = NULL;
	assert_int_equal(kj_table_read(&t, body, blen, &err), 0);
	FILE *f = open_memstream(&out, len);
	assert_non_null(f);
	*items = 0;
	for (int r = 0; r < t.nrows; r++)
		for (int c = 0; c < KJ_FORM_COLS; c++) {
			int req = r >= KJ_FORM_FIRST_ROW && kj_table_cell(&t, r, 0)[0] != 'Q';
			*items += req && c == 0;
			const char *v = !req ? kj_form_cell_text(&t, r, c)
				: c == KJ_FC_LEVEL ? level
				: c == KJ_FC_NA ? ""
				: c == KJ_FC_NOTE ? "内部監査で確認" : kj_form_cell_text(&t, r, c);
			assert_int_equal(kj_csv_field(f, v, c == KJ_FORM_COLS - 1), 0);
		}
	assert_int_equal(fclose(f), 0);
	kj_table_free(&t);
	return out;
}

/* Answers at level 3 in ORG's response to the open survey. */
static long level3_of(const char *db, int64_t org)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM answer a JOIN response p"
		 " ON p.id = a.response_id WHERE p.survey_id = %d AND p.organisation_id = %lld"
		 " AND a.level = 3", SURVEY, (long long)org);
	return th_sql_long(db, sql);
}

/* Form I of FS: its answers as its file has them (1), or as before (0). */
static void written(const struct forms *fs, int i, int yes)
{
	assert_int_equal(level3_of(fs->db, fs->org[i]), yes ? fs->items : fs->level3[i]);
}

/* A fresh copy of the template and FORMS filled forms at level "3", form BAD
 * (-1: none) at level "9", off the scale. */
static void forms_make(struct forms *fs, int bad)
{
	struct kj_err err = { "" };
	memset(fs, 0, sizeof *fs);
	fs->db = kj_test_db("import.db");
	th_copy_db(tmpl, fs->db);
	if (kj_store_open(&fs->st, fs->db, 0, &err) < 0)
		fail_msg("%s", err.msg);
	for (int i = 0; i < FORMS; i++) {
		char sql[512], *body, name[128];
		size_t blen;
		struct kj_answer_refusal why;
		snprintf(sql, sizeof sql, "SELECT DISTINCT r.organisation_id FROM survey_respondent r"
			 " WHERE r.survey_id = %d AND NOT EXISTS (SELECT 1 FROM response p"
			 " WHERE p.survey_id = r.survey_id AND p.organisation_id = r.organisation_id"
			 " AND p.status <> 'draft')"
			 " ORDER BY 1 LIMIT 1 OFFSET %d", SURVEY, i);
		fs->org[i] = th_sql_long(fs->db, sql);
		assert_true(fs->org[i] > 0);
		fs->level3[i] = level3_of(fs->db, fs->org[i]);
		assert_int_equal(kj_app_form_get(fs->st, &cli, SURVEY, fs->org[i], KJ_FORM_CSV, &body,
						 &blen, name, sizeof name, &why, &err), 0);
		assert_int_equal(why.fault, KJ_SURVEY_OK);
		fs->data[i] = filled(body, blen, i == bad ? "9" : "3", &fs->up[i].len,
				     &fs->items);
		fs->up[i].data = fs->data[i];
		fs->up[i].org = fs->org[i];
		free(body);
	}
}

static void forms_free(struct forms *fs)
{
	for (int i = 0; i < FORMS; i++) {
		kj_form_import_free(&fs->up[i].out);
		free(fs->data[i]);
	}
	kj_store_close(fs->st);
}

/* FS's forms made as forms_make does, and an importer of them opened. */
static struct kj_form_importer *begin(struct forms *fs, int bad)
{
	struct kj_form_importer *im;
	struct kj_err err = { "" };
	forms_make(fs, bad);
	if (kj_app_forms_import_open(fs->st, &cli, SURVEY, NULL, &im, &err) < 0)
		fail_msg("%s", err.msg);
	return im;
}


static long import_entries(const char *db)
{
	return th_sql_long(db, "SELECT COUNT(*) FROM audit_entry"
			   " WHERE action = 'survey.form.import'");
}

/* Three batches (5, 3, 4 forms), two queued at a time, form 6 bad: each
 * batch written in its order, the bad form refused at its cell and the
 * others saved, one audit entry per batch. */
static void test_batches_in_order(void **state)
{
	(void)state;
	struct forms fs;
	struct kj_form_importer *im = begin(&fs, 6);
	struct kj_err err = { "" };
	long before = import_entries(fs.db);
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[0], 5, &err), 0);
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[5], 3, &err), 0);
	assert_int_equal(kj_app_forms_import_write(im, &err), 0);
	/* The second batch is not written before its write. */
	written(&fs, 5, 0);
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[8], 4, &err), 0);
	assert_int_equal(kj_app_forms_import_write(im, &err), 0);
	assert_int_equal(kj_app_forms_import_write(im, &err), 0);
	kj_app_forms_import_close(im);
	assert_true(fs.items > 80);
	for (int i = 0; i < FORMS; i++) {
		if (i == 6) {
			assert_int_equal(fs.up[i].out.outcome, KJ_IMPORT_BAD_ROWS);
			assert_true(fs.up[i].out.nerrors > 0);
			assert_non_null(strstr(fs.up[i].out.errors[0].reason_en, "cell D"));
			written(&fs, i, 0);
			continue;
		}
		assert_int_equal(fs.up[i].out.outcome, KJ_IMPORT_DONE);
		assert_int_equal(fs.up[i].why.fault, KJ_SURVEY_OK);
		assert_int_equal(fs.up[i].out.org, fs.org[i]);
		assert_true(fs.up[i].out.changed > 0);
		assert_true(fs.up[i].out.revision > 0);
		written(&fs, i, 1);
	}
	assert_int_equal(import_entries(fs.db), before + 3);
	forms_free(&fs);
}

/* A batch of one (checked by the writer) and then a larger one queued
 * behind it: the checking threads start there and take both. */
static void test_one_then_many(void **state)
{
	(void)state;
	struct forms fs;
	struct kj_form_importer *im = begin(&fs, -1);
	struct kj_err err = { "" };
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[0], 1, &err), 0);
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[1], FORMS - 1, &err), 0);
	assert_int_equal(kj_app_forms_import_write(im, &err), 0);
	assert_int_equal(kj_app_forms_import_write(im, &err), 0);
	kj_app_forms_import_close(im);
	for (int i = 0; i < FORMS; i++) {
		assert_int_equal(fs.up[i].out.outcome, KJ_IMPORT_DONE);
		written(&fs, i, 1);
	}
	forms_free(&fs);
}

/* At most KJ_FORM_QUEUED_MAX batches wait; a write with none queued, an
 * empty batch and one over KJ_FORM_BATCH_MAX are refused. */
static void test_queue_bounds(void **state)
{
	(void)state;
	struct forms fs;
	struct kj_form_importer *im = begin(&fs, -1);
	struct kj_err err = { "" };
	assert_int_equal(kj_app_forms_import_write(im, &err), -1);
	assert_non_null(strstr(err.msg, "no batch"));
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[0], 0, &err), -1);
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[0], KJ_FORM_BATCH_MAX + 1, &err),
			 -1);
	int at = 0;
	for (int b = 0; b < KJ_FORM_QUEUED_MAX; b++, at += 2)
		assert_int_equal(kj_app_forms_import_queue(im, &fs.up[at], 2, &err), 0);
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[at], 2, &err), -1);
	assert_non_null(strstr(err.msg, "batch"));
	for (int b = 0; b < KJ_FORM_QUEUED_MAX; b++)
		assert_int_equal(kj_app_forms_import_write(im, &err), 0);
	kj_app_forms_import_close(im);
	for (int i = 0; i < FORMS; i++)
		written(&fs, i, i < at);
	forms_free(&fs);
}

/* The survey closed after the first batch: the second batch, checked while
 * the survey was open, is refused form by form as its transaction finds the
 * survey closed, and nothing of it is written. */
static void test_closed_between(void **state)
{
	(void)state;
	struct forms fs;
	struct kj_form_importer *im = begin(&fs, -1);
	struct kj_err err = { "" };
	struct kj_survey_refusal swhy;
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[0], 4, &err), 0);
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[4], 4, &err), 0);
	assert_int_equal(kj_app_forms_import_write(im, &err), 0);
	assert_int_equal(kj_app_survey_close(fs.st, &cli, SURVEY, &swhy, &err), 0);
	assert_int_equal(swhy.fault, KJ_SURVEY_OK);
	assert_int_equal(kj_app_forms_import_write(im, &err), 0);
	kj_app_forms_import_close(im);
	for (int i = 0; i < 8; i++) {
		written(&fs, i, i < 4);
		if (i >= 4)
			assert_int_not_equal(fs.up[i].why.fault, KJ_SURVEY_OK);
	}
	forms_free(&fs);
}

/* A batch queued and never written: closing the import writes nothing of
 * it and leaves its forms without a result. */
static void test_close_unwritten(void **state)
{
	(void)state;
	struct forms fs;
	struct kj_form_importer *im = begin(&fs, -1);
	struct kj_err err = { "" };
	long before = import_entries(fs.db);
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[0], 3, &err), 0);
	assert_int_equal(kj_app_forms_import_queue(im, &fs.up[3], FORMS - 3, &err), 0);
	assert_int_equal(kj_app_forms_import_write(im, &err), 0);
	kj_app_forms_import_close(im);
	for (int i = 0; i < FORMS; i++) {
		written(&fs, i, i < 3);
		if (i >= 3) {
			assert_int_equal(fs.up[i].out.revision, 0);
			assert_int_equal(fs.up[i].out.nerrors, 0);
		}
	}
	assert_int_equal(import_entries(fs.db), before + 1);
	forms_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batches_in_order),
		cmocka_unit_test(test_one_then_many),
		cmocka_unit_test(test_queue_bounds),
		cmocka_unit_test(test_closed_between),
		cmocka_unit_test(test_close_unwritten),
	};
	return cmocka_run_group_tests(tests, make_template, NULL);
}
