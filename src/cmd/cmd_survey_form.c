/*
 * kijun survey form|import|export: the offline form of a questionnaire
 * (issue 12) from the command line. The form of one operator is written as
 * xlsx or CSV; filled forms (files, or folders of them) are imported as
 * their operators' drafts (and submitted with --submit), each checked in
 * full first: a refused one changes nothing, each bad cell is printed
 * (exit 1), the others are imported; the export writes every
 * answer of every response with the change log after returns.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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
	if (kj_app_id(pos, id) < 0)
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

/* The files to import: each PATH itself, or a folder's forms (*.xlsx, *.csv). */
struct form_files {
	char **path;
	int n, cap;
};

static int files_add(struct form_files *ff, const char *path)
{
	if (ff->n >= KJ_FORM_FILES_MAX) {
		kj_cmd_error("more than %d forms to import; nothing was changed", KJ_FORM_FILES_MAX);
		return -1;
	}
	if (ff->n == ff->cap) {
		int cap = ff->cap ? 2 * ff->cap : 64;
		char **p = realloc(ff->path, (size_t)cap * sizeof *p);
		if (!p)
			return kj_cmd_error("out of memory"), -1;
		ff->path = p;
		ff->cap = cap;
	}
	if (!(ff->path[ff->n] = strdup(path)))
		return kj_cmd_error("out of memory"), -1;
	ff->n++;
	return 0;
}

static int is_form_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && ((n > 5 && !strcasecmp(name + n - 5, ".xlsx")) ||
				  (n > 4 && !strcasecmp(name + n - 4, ".csv")));
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int files_of(struct form_files *ff, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return files_add(ff, path);	/* read (or refused) as a file */
	struct dirent **e;
	int n = scandir(path, &e, NULL, by_name), rc = 0;
	if (n < 0) {
		kj_cmd_error("cannot read the folder %s; nothing was changed", path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char full[KJ_PATH_MAX];
		if (rc == 0 && is_form_name(e[i]->d_name)) {
			if ((size_t)snprintf(full, sizeof full, "%s/%s", path, e[i]->d_name) >=
			    sizeof full) {
				kj_cmd_error("path too long: %s/%s", path, e[i]->d_name);
				rc = -1;
			} else if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode)) {
				rc = files_add(ff, full);
			}
		}
		free(e[i]);
	}
	free(e);
	return rc;
}

static void files_free(struct form_files *ff)
{
	for (int i = 0; i < ff->n; i++)
		free(ff->path[i]);
	free(ff->path);
}

/* What became of one form: 1 when it was saved (and submitted if asked). */
static int report(const char *path, int several, const struct kj_form_upload *f)
{
	const struct kj_form_import *out = &f->out;
	const char *sep = several ? ": " : "";
	if (out->outcome == KJ_IMPORT_BAD_ROWS) {
		print_errors(out);
	} else if (out->outcome != KJ_IMPORT_DONE) {
		kj_cmd_error("%s%s%s", several ? path : "", sep, out->detail);
	} else if (f->why.fault == KJ_SURVEY_OK) {
		printf("%s%ssaved: %d answers changed, revision %ld\n", several ? path : "", sep,
		       out->changed, out->revision);
		if (out->submitted)
			printf("%s%ssubmitted: receipt %s, version %d, digest %s\n",
			       several ? path : "", sep, out->receipt.number, out->receipt.version,
			       out->receipt.digest);
		return 1;
	} else {
		kj_cmd_error("%s%s%s", several ? path : "", sep, f->why.msg);
	}
	if (out->submitted || out->revision > 0)
		kj_cmd_error("%s%sthe form was saved but not submitted", several ? path : "", sep);
	else
		kj_cmd_error("%s%sthe form was refused; nothing was changed", several ? path : "",
			     sep);
	return 0;
}

/* A batch of the command line's forms: FF's files FROM to FROM + N - 1, read. */
struct file_batch {
	struct kj_form_upload *f;
	char **data;
	int from, n;
};

static void batch_release(struct file_batch *b)
{
	for (int i = 0; i < b->n; i++) {
		kj_form_import_free(&b->f[i].out);
		free(b->data[i]);
	}
	free(b->f);
	free(b->data);
	memset(b, 0, sizeof *b);
}

/* Reads the batch of FF's forms from AT into B: at most KJ_FORM_BATCH_MAX
 * forms, and the one that reaches KJ_FORM_BATCH_BYTES. 0, or -1 (said). */
static int batch_read(const struct form_files *ff, int at, int64_t org, struct file_batch *b)
{
	struct kj_err err;
	long bytes = 0;
	*b = (struct file_batch){ .f = calloc(KJ_FORM_BATCH_MAX, sizeof *b->f),
				  .data = calloc(KJ_FORM_BATCH_MAX, sizeof *b->data), .from = at };
	if (!b->f || !b->data) {
		batch_release(b);
		kj_cmd_error("out of memory; nothing of %s and the forms after it was changed",
			     ff->path[at]);
		return -1;
	}
	while (at + b->n < ff->n && b->n < KJ_FORM_BATCH_MAX && bytes < KJ_FORM_BATCH_BYTES) {
		struct kj_form_upload *f = &b->f[b->n];
		if (kj_read_file(ff->path[at + b->n], KJ_TABLE_FILE_MAX, &b->data[b->n], &f->len,
				 &err) < 0) {
			kj_cmd_error("%s; nothing of %s and the forms after it was changed", err.msg,
				     ff->path[at]);
			batch_release(b);
			return -1;
		}
		f->data = b->data[b->n];
		f->org = org;
		bytes += (long)f->len;
		b->n++;
	}
	return 0;
}

/*
 * Imports FF's forms in batches (kj_app_forms_import_*), the next batch read
 * and queued before one is written, so that its checks run while the first
 * commits. Stops at a file that cannot be read or queued (the batches before
 * it are written) or at a batch that fails (the one queued behind it is not
 * written); *SAVED counts the forms saved. 0, or -1.
 */
static int import_all(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		      int64_t org, const struct form_files *ff,
		      const struct kj_form_import_opts *io, int *saved)
{
	struct kj_form_importer *im;
	struct file_batch q[KJ_FORM_QUEUED_MAX] = { 0 };
	struct kj_err err;
	int head = 0, nq = 0, at = 0, rc = 0, unread = 0;
	if (kj_app_forms_import_open(st, actor, survey, io, &im, &err) < 0) {
		kj_cmd_error("%s; nothing was changed", err.msg);
		return -1;
	}
	for (;;) {
		while (!unread && nq < KJ_FORM_QUEUED_MAX && at < ff->n) {
			struct file_batch *b = &q[(head + nq) % KJ_FORM_QUEUED_MAX];
			if (batch_read(ff, at, org, b) < 0) {
				unread = 1;	/* the batches queued before it still go */
			} else if (kj_app_forms_import_queue(im, b->f, b->n, &err) < 0) {
				kj_cmd_error("%s; nothing of %s and the forms after it was changed",
					     err.msg, ff->path[at]);
				batch_release(b);
				unread = 1;
			} else {
				at += b->n;
				nq++;
			}
		}
		if (rc < 0 || !nq)
			break;
		struct file_batch *b = &q[head];
		if (kj_app_forms_import_write(im, &err) < 0) {
			kj_cmd_error("%s; nothing of %s to %s was changed", err.msg,
				     ff->path[b->from], ff->path[b->from + b->n - 1]);
			rc = -1;
		} else {
			for (int i = 0; i < b->n; i++)
				*saved += report(ff->path[b->from + i], ff->n > 1, &b->f[i]);
		}
		batch_release(b);
		head = (head + 1) % KJ_FORM_QUEUED_MAX;
		nq--;
	}
	kj_app_forms_import_close(im);	/* the batches behind a failed one: not written */
	for (; nq > 0; nq--, head = (head + 1) % KJ_FORM_QUEUED_MAX)
		batch_release(&q[head]);
	return rc < 0 || unread ? -1 : 0;
}

int kj_cmd_survey_import(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "import");
	const char *db = NULL, *corp = NULL, *submit = NULL, *name = NULL, *title = NULL;
	const char *date = NULL, *reason = NULL, *pos[ARGS_MAX];
	struct cli c;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "org", 1, &corp }, { "submit", 0, &submit },
		{ "attest-name", 1, &name }, { "attest-title", 1, &title },
		{ "attest-date", 1, &date }, { "reason", 1, &reason }, { NULL, 0, NULL },
	};
	int npos, rc;
	if (cli_init(&c, argc, argv) < 0)
		return kj_cmd_usage(self, "too many arguments");
	if ((rc = kj_cmd_parse(self, c.argc, c.argv, opts, pos, ARGS_MAX, &npos)))
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	int64_t survey;
	if (npos < 2)
		return kj_cmd_usage(self, "give the survey's id and the filled forms");
	if ((rc = survey_arg(self, pos[0], &survey)) >= 0)
		return rc;
	if (submit && (!name || !title))
		return kj_cmd_usage(self, "--submit needs --attest-name and --attest-title");
	if (!submit && (name || title || date))
		return kj_cmd_usage(self, "--attest-name, --attest-title and --attest-date go "
				    "with --submit");
	struct form_files ff = { 0 };
	for (int i = 1; i < npos; i++)
		if (files_of(&ff, pos[i]) < 0) {
			files_free(&ff);
			return KJ_EXIT_FAIL;
		}
	if (corp && ff.n != 1) {
		files_free(&ff);
		return kj_cmd_usage(self, "--org goes with one form only (each form names its "
				    "operator)");
	}
	if (!ff.n) {
		files_free(&ff);
		kj_cmd_error("no forms (*.xlsx, *.csv) to import; nothing was changed");
		return KJ_EXIT_FAIL;
	}
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0) {
		files_free(&ff);
		return KJ_EXIT_FAIL;
	}
	struct kj_answer_refusal why = { 0 };
	struct kj_attestation att = { name, title, date };
	struct kj_form_import_opts io = { reason, submit ? &att : NULL };
	struct kj_err err;
	int64_t org = 0;
	int saved = 0;
	rc = corp ? kj_app_form_org(st, corp, &org, &why, &err) : 0;
	if (rc < 0 || why.fault != KJ_SURVEY_OK) {
		kj_store_close(st);
		files_free(&ff);
		return refused(rc, &why, &err);
	}
	rc = import_all(st, &c.actor, survey, org, &ff, &io, &saved);
	kj_store_close(st);
	if (ff.n > 1)
		printf("%d of %d forms imported%s\n", saved, ff.n,
		       rc < 0 ? " (stopped at an error)" : "");
	int ok = rc == 0 && saved == ff.n;
	files_free(&ff);
	return ok ? KJ_EXIT_OK : KJ_EXIT_FAIL;
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
	/* A survey of kind other has its own export (cmd_survey_other.c). */
	if ((rc = kj_cmd_other_export(st, &c.actor, survey, format, output)) >= 0) {
		kj_store_close(st);
		return rc;
	}
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
