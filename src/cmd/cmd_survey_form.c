/*
 * kijun survey form|import|export: the offline form of a questionnaire
 * (issue 12) from the command line. The form of one operator is written as
 * xlsx or CSV; a filled form is imported as that operator's draft (and
 * submitted with --submit), checked in full first: a refused one changes
 * nothing, each bad cell is printed (exit 1); the export writes every
 * answer of every response with the change log after returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_form.h"
#include "cmd/cmd.h"
#include "model/audit.h"

#define ARGS_MAX 64

struct cli {
	char name[KJ_AUDIT_ACTOR_MAX];
	struct kj_actor actor;
	char *argv[ARGS_MAX];
	int argc;
};

/* The actor, and ARGV with "-o" read as "--output"; -1 when too many arguments. */
static int cli_init(struct cli *c, int argc, char **argv)
{
	kj_cmd_actor(c->name, sizeof c->name);
	c->actor = (struct kj_actor){ NULL, 0, c->name };
	if (argc > ARGS_MAX)
		return -1;
	static char output[] = "--output";
	for (int i = 0; i < argc; i++)
		c->argv[i] = strcmp(argv[i], "-o") ? argv[i] : output;
	c->argc = argc;
	return 0;
}

static int refused(int rc, const struct kj_answer_refusal *why, const struct kj_err *err)
{
	if (rc < 0) {
		kj_cmd_error("%s; nothing was changed", err->msg);
		return KJ_EXIT_FAIL;
	}
	if (why->fault != KJ_SURVEY_OK) {
		kj_cmd_error("%s; nothing was changed", why->msg);
		return KJ_EXIT_FAIL;
	}
	return -1;
}

/* The survey id of POS, or the usage status. */
static int survey_arg(const struct kj_command *self, const char *pos, int64_t *id)
{
	if (kj_app_survey_id(pos, id) < 0)
		return kj_cmd_usage(self, "'%s' is not a survey id (a positive number)", pos);
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

int kj_cmd_survey_form(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "form");
	const char *db = NULL, *corp = NULL, *format = NULL, *output = NULL, *enc = NULL, *pos[1];
	struct cli c;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "org", 1, &corp }, { "format", 1, &format },
		{ "encoding", 1, &enc }, { "output", 1, &output }, { NULL, 0, NULL },
	};
	int npos, rc;
	if (cli_init(&c, argc, argv) < 0)
		return kj_cmd_usage(self, "too many arguments");
	if ((rc = kj_cmd_parse(self, c.argc, c.argv, opts, pos, 1, &npos)))
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	int64_t survey;
	enum kj_form_format fmt;
	if (npos != 1)
		return kj_cmd_usage(self, "give the survey's id");
	if ((rc = survey_arg(self, pos[0], &survey)) >= 0)
		return rc;
	if (!corp)
		return kj_cmd_usage(self, "give the operator (--org CORPORATE_NUMBER)");
	if (!output)
		return kj_cmd_usage(self, "give the file to write (-o FILE)");
	if (!format || (strcmp(format, "xlsx") && strcmp(format, "csv")))
		return kj_cmd_usage(self, "give the format: --format xlsx or csv");
	if (enc && strcmp(enc, "utf-8") && strcmp(enc, "cp932"))
		return kj_cmd_usage(self, "the encoding is utf-8 or cp932");
	kj_app_form_format(!strcmp(format, "csv") && enc && !strcmp(enc, "cp932") ? "csv-cp932"
			   : format, &fmt);
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_answer_refusal why;
	struct kj_err err;
	int64_t org = 0;
	char *data = NULL, name[128];
	size_t len = 0;
	rc = kj_app_form_org(st, corp, &org, &why, &err);
	if (rc == 0 && why.fault == KJ_SURVEY_OK)
		rc = kj_app_form_get(st, &c.actor, survey, org, fmt, &data, &len, name,
				     sizeof name, &why, &err);
	kj_store_close(st);
	int status = refused(rc, &why, &err);
	if (status < 0)
		status = write_out(output, data, len);
	free(data);
	return status;
}

static void print_errors(const struct kj_form_import *r)
{
	int shown = r->nerrors < KJ_IMPORT_ERRORS_MAX ? r->nerrors : KJ_IMPORT_ERRORS_MAX;
	for (int i = 0; i < shown; i++)
		fprintf(stderr, "kijun: %s\n", r->errors[i].reason_en);
	if (r->nerrors > shown)
		fprintf(stderr, "kijun: ... and %d more\n", r->nerrors - shown);
}

int kj_cmd_survey_import(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "import");
	const char *db = NULL, *corp = NULL, *submit = NULL, *name = NULL, *title = NULL;
	const char *date = NULL, *reason = NULL, *pos[2];
	struct cli c;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "org", 1, &corp }, { "submit", 0, &submit },
		{ "attest-name", 1, &name }, { "attest-title", 1, &title },
		{ "attest-date", 1, &date }, { "reason", 1, &reason }, { NULL, 0, NULL },
	};
	int npos, rc;
	if (cli_init(&c, argc, argv) < 0)
		return kj_cmd_usage(self, "too many arguments");
	if ((rc = kj_cmd_parse(self, c.argc, c.argv, opts, pos, 2, &npos)))
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	int64_t survey;
	if (npos != 2)
		return kj_cmd_usage(self, "give the survey's id and the filled form");
	if ((rc = survey_arg(self, pos[0], &survey)) >= 0)
		return rc;
	if (submit && (!name || !title))
		return kj_cmd_usage(self, "--submit needs --attest-name and --attest-title");
	if (!submit && (name || title || date))
		return kj_cmd_usage(self, "--attest-name, --attest-title and --attest-date go "
				    "with --submit");
	char *data = NULL;
	size_t len = 0;
	struct kj_err err;
	if (kj_read_file(pos[1], KJ_TABLE_FILE_MAX, &data, &len, &err) < 0) {
		kj_cmd_error("%s; nothing was changed", err.msg);
		return KJ_EXIT_FAIL;
	}
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0) {
		free(data);
		return KJ_EXIT_FAIL;
	}
	struct kj_answer_refusal why = { 0 };
	struct kj_form_import out = { 0 };
	struct kj_attestation att = { name, title, date };
	struct kj_form_import_opts io = { reason, submit ? &att : NULL };
	int64_t org = 0;
	rc = corp ? kj_app_form_org(st, corp, &org, &why, &err) : 0;
	if (rc == 0 && why.fault == KJ_SURVEY_OK)
		rc = kj_app_form_import(st, &c.actor, survey, org, data, len, &io, &out, &why,
					&err);
	kj_store_close(st);
	free(data);
	int status = refused(rc, &why, &err);
	if (status < 0 && out.outcome != KJ_IMPORT_DONE) {
		if (out.outcome == KJ_IMPORT_BAD_ROWS)
			print_errors(&out);
		else
			kj_cmd_error("%s", out.detail);
		kj_cmd_error("the form was refused; nothing was changed");
		status = KJ_EXIT_FAIL;
	} else if (status < 0) {
		printf("saved: %d answers changed, revision %ld\n", out.changed, out.revision);
		if (out.submitted)
			printf("submitted: receipt %s, version %d, digest %s\n", out.receipt.number,
			       out.receipt.version, out.receipt.digest);
		status = KJ_EXIT_OK;
	}
	kj_form_import_free(&out);
	return status;
}

int kj_cmd_survey_export(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "export");
	const char *db = NULL, *format = NULL, *output = NULL, *pos[1];
	struct cli c;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "format", 1, &format }, { "output", 1, &output },
		{ NULL, 0, NULL },
	};
	int npos, rc;
	if (cli_init(&c, argc, argv) < 0)
		return kj_cmd_usage(self, "too many arguments");
	if ((rc = kj_cmd_parse(self, c.argc, c.argv, opts, pos, 1, &npos)))
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	int64_t survey;
	if (npos != 1)
		return kj_cmd_usage(self, "give the survey's id");
	if ((rc = survey_arg(self, pos[0], &survey)) >= 0)
		return rc;
	if (!format || (strcmp(format, "xlsx") && strcmp(format, "csv")))
		return kj_cmd_usage(self, "give the format: --format csv or xlsx");
	if (!output)
		return kj_cmd_usage(self, "give the file to write (-o FILE)");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_answer_refusal why;
	struct kj_err err;
	struct kj_answers_export *x = NULL;
	long rows = 0;
	rc = kj_app_answers_export_open(st, &c.actor, survey, &x, &why, &err);
	if (rc == 0 && x && !strcmp(format, "xlsx")) {
		rc = kj_app_answers_export_xlsx(x, output, &rows, &err);
	} else if (rc == 0 && x) {
		FILE *f = fopen(output, "wb");
		if (!f) {
			kj_err_set(&err, "cannot write %s", output);
			rc = -1;
		} else {
			rc = kj_app_answers_export_csv(x, f, &rows, &err);
			if (fclose(f) != 0 && rc == 0) {
				kj_err_set(&err, "cannot write %s", output);
				rc = -1;
			}
		}
	}
	kj_app_answers_export_close(x);
	kj_store_close(st);
	int status = refused(rc, &why, &err);
	if (status >= 0)
		return status;
	printf("%ld answers written to %s\n", rows, output);
	return KJ_EXIT_OK;
}
