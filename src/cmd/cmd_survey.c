/*
 * kijun survey create|list|open|close|extend|status: survey campaigns
 * (issue 12) from the command line; status shows the progress by sector,
 * ministry and prefecture from the kept counts and writes the chase list. Each change goes through its use case
 * (app/survey_admin.c), which writes it with its audit entry in one
 * transaction; a refused one changes nothing (exit 1), bad usage exits 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_admin.h"
#include "app/survey_progress.h"
#include "model/reference.h"
#include "store/store_catalog.h"
#include "cmd/cmd.h"
#include "model/audit.h"

/* The exit status of a use case's result; prints why it failed. */
static int outcome(int rc, const struct kj_survey_refusal *why, const struct kj_err *err)
{
	if (rc < 0) {
		kj_cmd_error("%s; nothing was changed", err->msg);
		return KJ_EXIT_FAIL;
	}
	if (why->fault != KJ_SURVEY_OK) {
		kj_cmd_error("%s; nothing was changed", why->msg);
		return KJ_EXIT_FAIL;
	}
	return KJ_EXIT_OK;
}

/* Parses a command taking one campaign ID; returns -1 to go on, else the status. */
static int one_id(const char *name, int argc, char **argv, const struct kj_opt *opts,
		  int64_t *id)
{
	const struct kj_command *self = kj_cmd_find("survey", name);
	const char *pos[1];
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "give the survey's id");
	if (kj_app_id(pos[0], id) < 0)
		return kj_cmd_usage(self, "'%s' is not a survey id (a positive number)", pos[0]);
	return -1;
}

int kj_cmd_survey_create(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "create");
	const char *db = NULL, *pos[1];
	struct kj_survey_request req = { 0 };
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &req.fy }, { "title-ja", 1, &req.title_ja },
		{ "title-en", 1, &req.title_en }, { "version", 1, &req.version },
		{ "sector", 1, &req.sectors }, { "owner", 1, &req.owner },
		{ "opens", 1, &req.opens }, { "closes", 1, &req.closes }, { "kind", 1, &req.kind },
		{ "respondents", 1, &req.respondents }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (!req.fy)
		return kj_cmd_usage(self, "give the fiscal year (--fy YEAR)");
	if (!req.title_ja)
		return kj_cmd_usage(self, "give the Japanese title (--title-ja TEXT)");
	if (req.kind && strcmp(req.kind, "questionnaire") && strcmp(req.kind, "other"))
		return kj_cmd_usage(self, "--kind: questionnaire or other (an on-site survey: "
				    "kijun onsite create)");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	int64_t id;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_survey_create(st, &a.actor, &req, &id, &why, &err), &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("%lld\n", (long long)id);
	kj_store_close(st);
	return rc;
}

/* "nco", "surveyor" or "ministry:CODE". */
static const char *owner_text(const struct kj_survey *sv, char *buf, size_t n)
{
	if (strcmp(sv->owner_kind, "ministry"))
		return sv->owner_kind;
	snprintf(buf, n, "ministry:%s", sv->owner_ministry);
	return buf;
}

/* The Japanese names the chase list's file gives sectors and prefectures. */
struct names {
	struct kj_catalog cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
};

static const char *sector_name(void *ctx, const char *code)
{
	const struct names *n = ctx;
	int i = kj_catalog_sector_index(&n->cat, code);
	return i < 0 ? code : n->cat.sectors[i].name_ja;
}

static const char *prefecture_name(void *ctx, const char *code)
{
	const struct names *n = ctx;
	for (int i = 0; i < KJ_PREFECTURES; i++)
		if (!strcmp(n->prefs[i].code, code))
			return n->prefs[i].name_ja;
	return code;
}

static void print_scope(const struct kj_survey *sv)
{
	for (int i = 0; i < sv->nsectors; i++)
		printf("%s%s", i ? "," : "", sv->sectors[i]);
}

int kj_cmd_survey_list(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "list");
	const char *db = NULL, *fy_text = NULL, *kind = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy_text }, { "kind", 1, &kind }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (kind && strcmp(kind, "questionnaire") && strcmp(kind, "other"))
		return kj_cmd_usage(self, "--kind: questionnaire or other");
	if (kind && !strcmp(kind, "other")) {
		if (fy_text)
			return kj_cmd_usage(self, "--kind other lists every year: no --fy");
		struct kj_store *ost;
		if (kj_cmd_open(&ost, db, KJ_STORE_READONLY) < 0)
			return KJ_EXIT_FAIL;
		rc = kj_cmd_other_list(ost);
		kj_store_close(ost);
		return rc;
	}
	int fy = 0;
	const char *m;
	if (fy_text && (m = kj_survey_check_fy(fy_text, &fy)))
		return kj_cmd_usage(self, "--fy: %s", m);
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_err err;
	int64_t *ids = calloc(KJ_SURVEY_LIST_MAX, sizeof *ids);
	struct kj_survey *sv = calloc(1, sizeof *sv);
	int n = 0, found;
	rc = KJ_EXIT_FAIL;
	if (!ids || !sv) {
		kj_cmd_error("out of memory");
		goto done;
	}
	if (kj_store_begin_read(st, &err) < 0 ||
	    kj_store_survey_ids(st, fy, ids, KJ_SURVEY_LIST_MAX, &n, &err) < 0)
		goto fail;
	printf("id  fy    status  owner  scope  opens  closes  respondents  title\n");
	for (int i = 0; i < n; i++) {
		char owner[48];
		if (kj_store_questionnaire_get(st, ids[i], sv, &found, &err) < 0)
			goto fail;
		if (!found)
			continue;
		printf("%lld  %d  %s  %s  ", (long long)sv->id, sv->fy, sv->status,
		       owner_text(sv, owner, sizeof owner));
		print_scope(sv);
		printf("  %s  %s  ", *sv->opens_on ? sv->opens_on : "-",
		       *sv->closes_on ? sv->closes_on : "-");
		if (sv->respondents >= 0)
			printf("%ld", sv->respondents);
		else
			putchar('-');
		printf("  %s\n", sv->title_ja);
	}
	kj_store_rollback(st);
	rc = KJ_EXIT_OK;
	goto done;
fail:
	kj_store_rollback(st);
	kj_cmd_error("%s", err.msg);
done:
	free(ids);
	free(sv);
	kj_store_close(st);
	return rc;
}

/* survey open|close ID: one step of the lifecycle (OPEN 1: open, 0: close). */
static int lifecycle(int argc, char **argv, int open)
{
	const char *db = NULL, *base = NULL;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { open ? "base-url" : NULL, 1, &base }, { NULL, 0, NULL },
	};
	int64_t id;
	int rc = one_id(open ? "open" : "close", argc, argv, opts, &id);
	if (rc >= 0)
		return rc;
	/* The invitations queued by opening link to kijun at --base-url. */
	if (open && kj_cmd_base_url(base) < 0)
		return KJ_EXIT_USAGE;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	long n = 0;
	kj_cmd_cli_actor(&a);
	rc = outcome(open ? kj_app_survey_open(st, &a.actor, id, &n, &why, &err)
			  : kj_app_survey_close(st, &a.actor, id, &why, &err), &why, &err);
	if (rc == KJ_EXIT_OK && open)
		printf("survey %lld is open: %ld respondents\n", (long long)id, n);
	else if (rc == KJ_EXIT_OK)
		printf("survey %lld is closed\n", (long long)id);
	kj_store_close(st);
	return rc;
}

int kj_cmd_survey_open(int argc, char **argv)
{
	return lifecycle(argc, argv, 1);
}

int kj_cmd_survey_close(int argc, char **argv)
{
	return lifecycle(argc, argv, 0);
}

int kj_cmd_survey_extend(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "extend");
	const char *db = NULL, *org = NULL, *until = NULL, *reason = NULL;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "org", 1, &org }, { "until", 1, &until },
		{ "reason", 1, &reason }, { NULL, 0, NULL },
	};
	int64_t id;
	int rc = one_id("extend", argc, argv, opts, &id);
	if (rc >= 0)
		return rc;
	if (!org || !until || !reason)
		return kj_cmd_usage(self, "give --org, --until and --reason");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_survey_extend(st, &a.actor, id, org, until, reason, &why, &err),
		     &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("survey %lld: %s may answer until %s\n", (long long)id, org, until);
	kj_store_close(st);
	return rc;
}

/* One group's figures: respondents, not started, draft, submitted, returned,
 * rate (— without respondents) and overdue. */
static void print_counts(const char *name, const struct kj_progress_counts *c)
{
	printf("%s  %ld  %ld  %ld  %ld  %ld  ", name, c->respondents, c->not_started, c->draft,
	       c->submitted, c->returned);
	if (c->respondents > 0)
		printf("%.1f%%", 100.0 * (double)c->submitted / (double)c->respondents);
	else
		printf("-");
	printf("  %ld\n", c->overdue);
}

static void print_groups(const char *head, const struct kj_progress_group *g, int n)
{
	printf("%s  respondents  not started  draft  submitted  returned  rate  overdue\n", head);
	for (int i = 0; i < n; i++)
		print_counts(*g[i].code ? g[i].code : "unknown", &g[i].c);
}

static void print_status(const struct kj_survey_view *v)
{
	const struct kj_survey *sv = &v->sv;
	char owner[48];
	printf("survey %lld: %s\n", (long long)sv->id, sv->title_ja);
	if (*sv->title_en)
		printf("title (en): %s\n", sv->title_en);
	printf("fiscal year: %d\nstandard: %s\nstatus: %s\nowner: %s\n", sv->fy,
	       *sv->version ? sv->version : "(missing)", sv->status,
	       owner_text(sv, owner, sizeof owner));
	printf("opens: %s\ncloses: %s\nextensions: %ld\nscope: ",
	       *sv->opens_on ? sv->opens_on : "-", *sv->closes_on ? sv->closes_on : "-",
	       sv->extensions);
	print_scope(sv);
	printf("\nrespondents: ");
	if (sv->respondents < 0) {
		printf("- (a draft: the year's targets are frozen when it opens)\n");
		return;
	}
	printf("%ld\nas of: %s (Japan)\n", sv->respondents, v->today);
	print_groups("sector", v->p.sectors, v->p.nsectors);
	print_counts("total", &v->p.total);
	printf("\n");
	print_groups("ministry", v->p.ministries, v->p.nministries);
	printf("\n");
	print_groups("prefecture", v->p.prefectures, v->p.nprefectures);
}

/* The chase list of V (filter Q) to PATH: xlsx when it ends in .xlsx, else CSV. */
static int write_chase(struct kj_store *st, const struct kj_survey_view *v,
		       const struct kj_chase_query *q, const char *path)
{
	struct kj_chase_filter f;
	enum kj_survey_fault fault;
	char why[KJ_ERR_MAX];
	const char *field;
	long page, rows;
	struct kj_err err;
	kj_app_chase_filter(v, q, &f, &page, &fault, why, &field);
	if (fault != KJ_SURVEY_OK) {
		kj_cmd_error("--%s: %s", field, why);
		return KJ_EXIT_USAGE;
	}
	size_t n = strlen(path);
	int xlsx = n > 5 && !strcmp(path + n - 5, ".xlsx");
	struct names *nm = calloc(1, sizeof *nm);
	if (!nm || kj_reference_prefectures(nm->prefs, &err) < 0 ||
	    kj_store_catalog_get(st, NULL, &nm->cat, &err) < 0) {
		kj_cmd_error("%s", nm ? err.msg : "out of memory");
		free(nm);
		return KJ_EXIT_FAIL;
	}
	const struct kj_chase_names names = { sector_name, prefecture_name, nm };
	FILE *out = NULL;
	int rc = -1;
	if (!xlsx && !(out = fopen(path, "w")))
		kj_err_set(&err, "cannot write %s", path);
	else
		rc = kj_app_survey_chase_write(st, v, &f, &names, out, xlsx ? path : NULL, 0,
					       &rows, &err);
	kj_catalog_free(&nm->cat);
	free(nm);
	if (out && fclose(out) != 0 && rc == 0) {
		kj_err_set(&err, "cannot write %s", path);
		rc = -1;
	}
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	printf("chase list: %ld operators not submitted written to %s\n", rows, path);
	return KJ_EXIT_OK;
}

int kj_cmd_survey_status(int argc, char **argv)
{
	const char *db = NULL, *chase = NULL, *output = NULL;
	struct kj_chase_query q = { 0 };
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "chase", 0, &chase }, { "output", 1, &output },
		{ "sector", 1, &q.sector }, { "prefecture", 1, &q.prefecture },
		{ "status", 1, &q.status }, { "overdue", 0, &q.overdue }, { NULL, 0, NULL },
	};
	/* -o FILE is --output FILE. */
	char *args[64];
	if (argc > 64)
		return kj_cmd_usage(kj_cmd_find("survey", "status"), "too many arguments");
	for (int i = 0; i < argc; i++)
		args[i] = strcmp(argv[i], "-o") ? argv[i] : (char *)"--output";
	int64_t id;
	int rc = one_id("status", argc, args, opts, &id);
	if (rc >= 0)
		return rc;
	if (!chase != !output)
		return kj_cmd_usage(kj_cmd_find("survey", "status"),
				    "--chase needs --output FILE (-o FILE), and --output --chase");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_survey_view *v = calloc(1, sizeof *v);
	enum kj_survey_fault fault;
	struct kj_err err;
	rc = KJ_EXIT_FAIL;
	if (!v) {
		kj_cmd_error("out of memory");
	} else if (kj_app_survey_view(st, NULL, id, v, &fault, &err) < 0) {
		kj_cmd_error("%s", err.msg);
	} else if (fault != KJ_SURVEY_OK && !chase && (rc = kj_cmd_other_status(st, id, 0)) >= 0) {
		;	/* a survey of kind other: its counts (cmd_survey_other.c) */
	} else if (fault != KJ_SURVEY_OK) {
		rc = KJ_EXIT_FAIL;
		kj_cmd_error("no survey campaign %lld", (long long)id);
	} else if (chase) {
		rc = write_chase(st, v, &q, output);
	} else {
		print_status(v);
		rc = KJ_EXIT_OK;
	}
	free(v);
	kj_store_close(st);
	return rc;
}

/* survey question ID …: adds one of the draft campaign's own questions, or
 * with --drop ORD removes one. */
int kj_cmd_survey_question(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "question");
	const char *db = NULL, *drop = NULL, *optional = NULL, *choices = NULL;
	struct kj_question_request req = { 0 };
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "kind", 1, &req.kind }, { "text-ja", 1, &req.text_ja },
		{ "text-en", 1, &req.text_en }, { "sector", 1, &req.sector },
		{ "choices", 1, &choices }, { "optional", 0, &optional }, { "drop", 1, &drop },
		{ NULL, 0, NULL },
	};
	int64_t id;
	long ord_drop = 0;
	int rc = one_id("question", argc, argv, opts, &id);
	if (rc >= 0)
		return rc;
	if (drop && kj_parse_long(drop, 1, KJ_SURVEY_QUESTIONS_MAX * 100L, &ord_drop) < 0)
		return kj_cmd_usage(self, "--drop: a question's number (a positive number)");
	if (!drop && (!req.kind || !req.text_ja))
		return kj_cmd_usage(self, "give --kind and --text-ja (or --drop N)");
	/* Choices are typed A|B|C on the command line and kept one per line. */
	char *lines = choices ? strdup(choices) : NULL;
	if (choices && !lines) {
		kj_cmd_error("out of memory");
		return KJ_EXIT_FAIL;
	}
	for (char *p = lines; p && *p; p++)
		if (*p == '|')
			*p = '\n';
	req.choices = lines;
	req.optional = optional != NULL;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0) {
		free(lines);
		return KJ_EXIT_FAIL;
	}
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	int ord = (int)ord_drop;
	kj_cmd_cli_actor(&a);
	if (drop)
		rc = outcome(kj_app_survey_question_drop(st, &a.actor, id, ord, &why, &err), &why,
			     &err);
	else
		rc = outcome(kj_app_survey_question_add(st, &a.actor, id, &req, &ord, &why, &err),
			     &why, &err);
	if (rc == KJ_EXIT_OK)
		printf(drop ? "survey %lld: question Q%d dropped\n" : "survey %lld: question Q%d\n",
		       (long long)id, ord);
	free(lines);
	kj_store_close(st);
	return rc;
}

static int print_question(void *ctx, const struct kj_survey_question *q)
{
	(void)ctx;
	printf("Q%d  %s  %s  %s  %s", q->ord, q->kind, *q->sector ? q->sector : "*",
	       q->required ? "required" : "optional", q->text_ja);
	if (*q->choices) {
		printf("  [");
		for (const char *p = q->choices; *p; p++)
			putchar(*p == '\n' ? '|' : *p);
		putchar(']');
	}
	putchar('\n');
	return 0;
}

/* survey questions ID: the campaign's own questions, by order. */
int kj_cmd_survey_questions(int argc, char **argv)
{
	const char *db = NULL;
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int64_t id;
	int rc = one_id("questions", argc, argv, opts, &id);
	if (rc >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_err err;
	struct kj_survey *sv = calloc(1, sizeof *sv);
	int found = 0;
	rc = KJ_EXIT_FAIL;
	if (!sv)
		kj_cmd_error("out of memory");
	else if (kj_store_begin_read(st, &err) < 0 ||
		 kj_store_questionnaire_get(st, id, sv, &found, &err) < 0 ||
		 (found && kj_store_survey_question_each(st, id, print_question, NULL, &err) < 0))
		kj_cmd_error("%s", err.msg);
	else if (!found)
		kj_cmd_error("no survey campaign %lld", (long long)id);
	else
		rc = KJ_EXIT_OK;
	kj_store_rollback(st);
	free(sv);
	kj_store_close(st);
	return rc;
}
