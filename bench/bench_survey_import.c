/*
 * Benchmark: importing filled answer forms (issue 12: "import 20,000
 * operators' filled forms"). On a demo database of N operators, a new
 * survey of the year is opened; each respondent's CSV form is written
 * (kj_app_form_get) and filled with an answer to every requirement, and the
 * forms are imported through kj_app_forms_import_*, the path of `kijun
 * survey import` (an upload is a batch of one): each form read and checked
 * in full, then a batch of KJ_FORM_BATCH_MAX written in one durable
 * transaction, with each form's save checked against its revision and its
 * audit entry, the next batch checked while one commits. Only the import is
 * timed. The baseline, measured in the
 * same run, is plain sqlite3 bulk-inserting the same answer rows into a
 * table of the answer table's shape in a scratch database in one
 * transaction (and, for reference, committing as often as the import), the
 * best of BASELINE_RUNS runs each.
 *
 *   bench_survey_import [OPERATORS]   (default 20000)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/survey_form.h"
#include "bench_util.h"
#include "export/csv.h"

#define DB "bench-survey-import.db"
#define BASE_DB "bench-survey-import-base.db"
#define BASELINE_RUNS 3	/* the baselines' best of */

/* CPU seconds of CLOCK (the calling thread's or the process's). */
static double cpu_s(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const struct kj_actor cli = { NULL, 0, "bench" };
static const char *const levels[] = { "0: 未実施", "1: 検討中", "2: 一部実施", "3: 実施",
				      "4: 実施・継続的改善" };

/* The form DATA filled: a level, a comment and evidence for every requirement. */
static char *fill(const char *data, size_t len, long seed, size_t *out_len, int *answers)
{
	struct kj_table t;
	struct kj_err err;
	char *out = NULL;
	*answers = 0;
	if (kj_table_read(&t, data, len, &err) < 0)
		return NULL;
	FILE *f = open_memstream(&out, out_len);
	for (int r = 0; f && r < t.nrows; r++) {
		int req = r >= KJ_FORM_FIRST_ROW && kj_table_cell(&t, r, 0)[0] != 'Q';
		*answers += req;
		for (int c = 0; c < KJ_FORM_COLS; c++) {
			const char *v = kj_form_cell_text(&t, r, c);
			if (req && c == KJ_FC_LEVEL)
				v = levels[(seed + r) % 5];
			else if (req && c == KJ_FC_NA)
				v = "";
			else if (req && c == KJ_FC_NOTE)
				v = "年次の内部監査で確認";
			else if (req && c == KJ_FC_EVIDENCE)
				v = "情報セキュリティ規程";
			kj_csv_field(f, v, c == KJ_FORM_COLS - 1);
		}
	}
	if (f)
		fclose(f);
	kj_table_free(&t);
	return out;
}

/* A new survey of FY2026 over every sector, opened: its id, or -1. */
static int64_t open_survey(struct kj_store *st)
{
	struct kj_survey_request req = { .fy = "2026", .title_ja = "ベンチマーク調査" };
	struct kj_survey_refusal why;
	struct kj_err err;
	int64_t id = -1;
	long n;
	if (kj_app_survey_create(st, &cli, &req, &id, &why, &err) < 0 || why.fault ||
	    kj_app_survey_open(st, &cli, id, &n, &why, &err) < 0 || why.fault) {
		fprintf(stderr, "bench_survey_import: %s\n", why.fault ? why.msg : err.msg);
		return -1;
	}
	return id;
}

/* The respondents of SURVEY (sqlite3 directly: the bench's own query). */
static int64_t *respondents(int64_t survey, int *n)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t *v = NULL;
	int cap = 0;
	*n = 0;
	if (sqlite3_open_v2(DB, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT DISTINCT organisation_id FROM survey_respondent"
			       " WHERE survey_id = ?1 ORDER BY 1", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(s, 1, survey);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 1024;
			int64_t *w = realloc(v, (size_t)cap * sizeof *w);
			if (!w)
				break;
			v = w;
		}
		v[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Inserts NFORMS x NANS answer rows with sqlite3, committing after every
 * EVERY forms (0: once); the seconds it took. */
static double baseline(int nforms, int nans, int every)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	kj_bench_remove_db(BASE_DB);
	if (sqlite3_open(BASE_DB, &db) != SQLITE_OK)
		return -1;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		     " CREATE TABLE answer (response_id INTEGER NOT NULL,"
		     " requirement_id INTEGER NOT NULL, level INTEGER, na_reason TEXT, note TEXT,"
		     " evidence TEXT, prefilled INTEGER NOT NULL DEFAULT 0,"
		     " changed_rev INTEGER NOT NULL DEFAULT 0, updated_at TEXT, updated_by INTEGER,"
		     " PRIMARY KEY (response_id, requirement_id))", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO answer (response_id, requirement_id, level, note,"
			   " evidence, changed_rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1,"
			   " '2026-12-05T00:00:00Z')", -1, &s, NULL);
	double t0 = kj_bench_now_s();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (int f = 0; f < nforms; f++) {
		for (int a = 0; a < nans; a++) {
			sqlite3_bind_int64(s, 1, f + 1);
			sqlite3_bind_int(s, 2, a + 1);
			sqlite3_bind_int(s, 3, (f + a) % 5);
			sqlite3_bind_text(s, 4, "年次の内部監査で確認", -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 5, "情報セキュリティ規程", -1, SQLITE_STATIC);
			sqlite3_step(s);
			sqlite3_reset(s);
		}
		if (every && (f + 1) % every == 0) {
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		}
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	double t = kj_bench_now_s() - t0;
	sqlite3_finalize(s);
	sqlite3_close(db);
	kj_bench_remove_db(BASE_DB);
	return t;
}

int main(int argc, char **argv)
{
	long operators = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
	struct kj_store *st;
	struct kj_err err;
	if (operators < 1 || operators > KJ_DEMO_OPERATORS_MAX) {
		fprintf(stderr, "usage: bench_survey_import [OPERATORS]\n");
		return 2;
	}
	kj_bench_remove_db(DB);
	if (kj_bench_make_db("bench_survey_import", DB, operators, 1) < 0)
		return 1;
	if (kj_store_open(&st, DB, 0, &err) < 0) {
		fprintf(stderr, "bench_survey_import: %s\n", err.msg);
		return 1;
	}
	int64_t survey = open_survey(st);
	int n = 0;
	int64_t *orgs = survey > 0 ? respondents(survey, &n) : NULL;
	if (!orgs) {
		kj_store_close(st);
		return 1;
	}
	/* Every form downloaded and filled before the clock starts (about 27 KB
	 * each): making them is not the import's work, and made between the
	 * batches it would lend the checks time the clock does not see. */
	struct kj_form_upload *forms = calloc((size_t)n, sizeof *forms);
	int failed = !forms, per = 0;
	for (int i = 0; !failed && i < n; i++) {
		struct kj_answer_refusal why;
		char *data = NULL, name[128];
		size_t len;
		if (kj_app_form_get(st, &cli, survey, orgs[i], KJ_FORM_CSV, &data, &len, name,
				    sizeof name, &why, &err) < 0 || why.fault) {
			fprintf(stderr, "form: %s\n", why.fault ? why.msg : err.msg);
			failed = 1;
			break;
		}
		forms[i].data = fill(data, len, i, &forms[i].len, &per);
		forms[i].org = orgs[i];
		free(data);
		failed = !forms[i].data;
	}
	/* The import as `kijun survey import` runs it: batches of
	 * KJ_FORM_BATCH_MAX, the next queued before the first is written. */
	double t0 = kj_bench_now_s(), w0 = cpu_s(CLOCK_THREAD_CPUTIME_ID);
	double a0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID);
	struct kj_form_importer *im = NULL;
	long answers = 0;
	int queued = 0, written = 0;
	if (!failed && kj_app_forms_import_open(st, &cli, survey, NULL, &im, &err) < 0)
		failed = 1;
	while (!failed && written < n) {
		while (queued < n && queued - written < KJ_FORM_QUEUED_MAX * KJ_FORM_BATCH_MAX) {
			int nb = n - queued < KJ_FORM_BATCH_MAX ? n - queued : KJ_FORM_BATCH_MAX;
			if (kj_app_forms_import_queue(im, &forms[queued], nb, &err) < 0) {
				failed = 1;
				break;
			}
			queued += nb;
		}
		int nb = n - written < KJ_FORM_BATCH_MAX ? n - written : KJ_FORM_BATCH_MAX;
		if (failed || kj_app_forms_import_write(im, &err) < 0) {
			failed = 1;
			break;
		}
		for (int i = written; i < written + nb; i++) {
			struct kj_form_import *out = &forms[i].out;
			if (!failed && (forms[i].why.fault || out->outcome != KJ_IMPORT_DONE)) {
				fprintf(stderr, "import: %s\n", forms[i].why.fault ? forms[i].why.msg
					: out->nerrors ? out->errors[0].reason_en : out->detail);
				failed = 1;
			}
			answers += out->changed;
		}
		written += nb;
	}
	kj_app_forms_import_close(im);
	double spent = kj_bench_now_s() - t0;
	double writer = cpu_s(CLOCK_THREAD_CPUTIME_ID) - w0;
	double all = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - a0;
	if (failed && im)
		fprintf(stderr, "import: %s\n", err.msg);
	for (int i = 0; forms && i < n; i++) {
		kj_form_import_free(&forms[i].out);
		free((char *)forms[i].data);
	}
	free(forms);
	kj_store_close(st);
	free(orgs);
	if (failed)
		return 1;
	/* The baselines' best of BASELINE_RUNS: a run only ever loses time to
	 * other work on the machine (they moved by a quarter from run to run). */
	double base = -1, bulk = -1;
	for (int r = 0; r < BASELINE_RUNS; r++) {
		double t1 = baseline(n, per, KJ_FORM_BATCH_MAX), t2 = baseline(n, per, 0);
		if (t1 > 0 && (base < 0 || t1 < base))
			base = t1;
		if (t2 > 0 && (bulk < 0 || t2 < bulk))
			bulk = t2;
	}
	if (base <= 0 || bulk <= 0) {
		fprintf(stderr, "bench_survey_import: the sqlite3 baseline failed\n");
		return 1;
	}
	double rate = answers / spent, brate = (double)n * per / base;
	double bulkrate = (double)n * per / bulk;
	printf("survey form import: %d forms, %ld answers in %.1f s: %.0f answers/s"
	       " (%.2f ms per form; kj_app_forms_import, %d forms a transaction)\n",
	       n, answers, spent, rate, 1000.0 * spent / n, KJ_FORM_BATCH_MAX);
	/* The writing thread's CPU and the checking threads' beside it: which
	 * one sets the pace. */
	printf("CPU per form: %.3f ms writing (the calling thread), %.3f ms checking"
	       " (%d threads)\n", 1000.0 * writer / n, 1000.0 * (all - writer) / n,
	       KJ_FORM_CHECKERS);
	printf("baseline, plain sqlite3 bulk insert of the same rows in one transaction:"
	       " %.0f answers/s; ratio %.2f (goal >= 0.5)\n", bulkrate, rate / bulkrate);
	printf("reference, plain sqlite3 insert of the same rows, %d forms a transaction:"
	       " %.0f answers/s; ratio %.2f\n", KJ_FORM_BATCH_MAX, brate, rate / brate);
	kj_bench_remove_db(DB);
	return 0;
}
