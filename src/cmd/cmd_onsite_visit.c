/*
 * The visits of an on-site survey from the command line (issue 15): plan a
 * visit, write its record form (xlsx or CSV) or every visit's items of a
 * survey as CSV, import a filled form (checked in full first: a refused
 * form changes nothing and each bad cell is printed, exit 1), and issue a
 * visit's report. Registered for now as `kijun onsite plan|record|
 * issue|export`; `kijun onsite record|export` calls the same functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/onsite_visit_form.h"
#include "cmd/cmd.h"

#define ARGS_MAX 64

/* ARGV with "-o" read as "--output" into OUT; -1 when too many arguments. */
static int args(int argc, char **argv, char **out)
{
	static char output[] = "--output";
	if (argc > ARGS_MAX)
		return -1;
	for (int i = 0; i < argc; i++)
		out[i] = strcmp(argv[i], "-o") ? argv[i] : output;
	return 0;
}

static int refused(int rc, const struct kj_visit_refusal *why, const struct kj_err *err)
{
	if (rc < 0) {
		kj_cmd_error("%s; nothing was changed", err->msg);
		return KJ_EXIT_FAIL;
	}
	if (why->fault != KJ_VISIT_OK) {
		kj_cmd_error("%s; nothing was changed", why->msg);
		return KJ_EXIT_FAIL;
	}
	return -1;
}

static int write_out(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok)
		kj_cmd_error("cannot write %s", path);
	return ok ? KJ_EXIT_OK : KJ_EXIT_FAIL;
}

/* Parses a command of one id: *ID from the first positional argument. */
static int parse_id(const struct kj_command *self, int argc, char **argv,
		    const struct kj_opt *opts, const char *what, int64_t *id, const char **pos,
		    int npos, int *got)
{
	char *av[ARGS_MAX];
	int rc;
	if (args(argc, argv, av) < 0)
		return kj_cmd_usage(self, "too many arguments");
	if ((rc = kj_cmd_parse(self, argc, av, opts, pos, npos, got)))
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (*got < 1 || kj_app_id(pos[0], id) < 0)
		return kj_cmd_usage(self, "give the %s's id (a positive number)", what);
	return -1;
}

int kj_cmd_onsite_plan(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("onsite", "plan");
	const char *db = NULL, *corp = NULL, *date = NULL, *ins = NULL, *scope = NULL;
	const char *reason = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "org", 1, &corp }, { "date", 1, &date },
		{ "inspectors", 1, &ins }, { "scope", 1, &scope }, { "reason", 1, &reason },
		{ NULL, 0, NULL },
	};
	int64_t survey, visit = 0;
	int npos, rc = parse_id(self, argc, argv, opts, "survey", &survey, pos, 1, &npos);
	if (rc >= 0)
		return rc;
	if (!corp || !date || !ins)
		return kj_cmd_usage(self, "give --org, --date and --inspectors");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor cli;
	struct kj_answer_refusal ow;
	struct kj_visit_refusal why = { 0 };
	struct kj_err err;
	struct kj_visit_plan p = { 0, date, ins, scope, reason };
	kj_cmd_cli_actor(&cli);
	rc = kj_app_form_org(st, corp, &p.org, &ow, &err);
	if (rc == 0 && ow.fault != KJ_SURVEY_OK) {
		kj_cmd_error("%s; nothing was changed", ow.msg);
		kj_store_close(st);
		return KJ_EXIT_FAIL;
	}
	if (rc == 0)
		rc = kj_app_visit_plan(st, &cli.actor, survey, &p, &visit, &why, &err);
	kj_store_close(st);
	int status = refused(rc, &why, &err);
	if (status >= 0)
		return status;
	printf("visit %lld planned\n", (long long)visit);
	return KJ_EXIT_OK;
}

int kj_cmd_onsite_issue(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("onsite", "issue");
	const char *db = NULL, *revs = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { "revision", 1, &revs }, { NULL, 0, NULL } };
	int64_t visit;
	long rev = -1;
	int npos, rc = parse_id(self, argc, argv, opts, "visit", &visit, pos, 1, &npos);
	if (rc >= 0)
		return rc;
	if (revs && kj_parse_long(revs, 1, 999999999L, &rev) < 0)
		return kj_cmd_usage(self, "--revision: a positive number");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor cli;
	struct kj_visit_refusal why = { 0 };
	struct kj_err err;
	kj_cmd_cli_actor(&cli);
	rc = kj_app_visit_issue(st, &cli.actor, visit, rev, &why, &err);
	kj_store_close(st);
	int status = refused(rc, &why, &err);
	if (status >= 0)
		return status;
	printf("visit %lld issued\n", (long long)visit);
	return KJ_EXIT_OK;
}

int kj_cmd_onsite_record(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("onsite", "record");
	const char *db = NULL, *pos[2];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int64_t visit;
	int npos, rc = parse_id(self, argc, argv, opts, "visit", &visit, pos, 2, &npos);
	if (rc >= 0)
		return rc;
	if (npos != 2)
		return kj_cmd_usage(self, "give the visit's id and the filled form (xlsx or CSV)");
	char *data = NULL;
	size_t len = 0;
	struct kj_err err;
	if (kj_read_file(pos[1], KJ_TABLE_FILE_MAX, &data, &len, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0) {
		free(data);
		return KJ_EXIT_FAIL;
	}
	struct kj_cli_actor cli;
	struct kj_visit_refusal why = { 0 };
	struct kj_form_import out = { 0 };
	kj_cmd_cli_actor(&cli);
	rc = kj_app_visit_form_import(st, &cli.actor, visit, data, len, &out, &why, &err);
	kj_store_close(st);
	free(data);
	int status = refused(rc, &why, &err);
	if (status < 0 && out.outcome == KJ_IMPORT_DONE) {
		printf("visit %lld: %s recorded (revision %ld)\n", (long long)visit,
		       out.changed ? "form" : "nothing new", out.revision);
		status = KJ_EXIT_OK;
	} else if (status < 0) {
		if (out.outcome != KJ_IMPORT_BAD_ROWS)
			kj_cmd_error("%s: %s", pos[1], out.detail);
		int shown = out.nerrors < KJ_IMPORT_ERRORS_MAX ? out.nerrors : KJ_IMPORT_ERRORS_MAX;
		for (int i = 0; i < shown; i++)
			fprintf(stderr, "kijun: %s\n", out.errors[i].reason_en);
		kj_cmd_error("%s was not imported; nothing was changed", pos[1]);
		status = KJ_EXIT_FAIL;
	}
	kj_form_import_free(&out);
	return status;
}

/* Every visit's items of SURVEY as CSV to PATH. */
static int export_items(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			const char *path)
{
	struct kj_err err;
	long rows = 0;
	FILE *f = fopen(path, "wb");
	if (!f) {
		kj_cmd_error("cannot write %s", path);
		return KJ_EXIT_FAIL;
	}
	int rc = kj_app_visit_items_csv(st, actor, survey, f, &rows, &err);
	if (fclose(f) != 0 && rc == 0) {
		kj_err_set(&err, "cannot write %s", path);
		rc = -1;
	}
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	fprintf(stderr, "kijun: %ld items written\n", rows);
	return KJ_EXIT_OK;
}

int kj_cmd_onsite_export(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("onsite", "export");
	const char *db = NULL, *format = NULL, *output = NULL, *survey_s = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "format", 1, &format }, { "output", 1, &output },
		{ "survey", 1, &survey_s }, { NULL, 0, NULL },
	};
	char *av[ARGS_MAX];
	int npos, rc;
	if (args(argc, argv, av) < 0)
		return kj_cmd_usage(self, "too many arguments");
	if ((rc = kj_cmd_parse(self, argc, av, opts, pos, 1, &npos)))
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	int64_t id;
	if (!output)
		return kj_cmd_usage(self, "give the file to write (-o FILE)");
	if (survey_s ? npos != 0 || kj_app_id(survey_s, &id) < 0
		     : npos != 1 || kj_app_id(pos[0], &id) < 0)
		return kj_cmd_usage(self, "give a visit's id, or --survey ID for every visit's items");
	if (!format || (strcmp(format, "xlsx") && strcmp(format, "csv")) ||
	    (survey_s && strcmp(format, "csv")))
		return kj_cmd_usage(self, "give the format: --format xlsx or csv (--survey: csv)");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor cli;
	kj_cmd_cli_actor(&cli);
	if (survey_s) {
		rc = export_items(st, &cli.actor, id, output);
		kj_store_close(st);
		return rc;
	}
	struct kj_visit_refusal why = { 0 };
	struct kj_err err;
	char *data = NULL, name[128];
	size_t len = 0;
	rc = kj_app_visit_form_get(st, &cli.actor, id, !strcmp(format, "xlsx") ? KJ_FORM_XLSX
					     : KJ_FORM_CSV, &data, &len, name, sizeof name, &why, &err);
	kj_store_close(st);
	int status = refused(rc, &why, &err);
	if (status < 0)
		status = write_out(output, data, len);
	free(data);
	return status;
}
