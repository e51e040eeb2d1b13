/*
 * kijun survey create|list|open|close|extend|status: survey campaigns
 * (issue 12) from the command line. Each change goes through its use case
 * (app/survey_admin.c), which writes it with its audit entry in one
 * transaction; a refused one changes nothing (exit 1), bad usage exits 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_admin.h"
#include "cmd/cmd.h"
#include "model/audit.h"

/* The command line's actor. */
struct cli_actor {
	char name[KJ_AUDIT_ACTOR_MAX];
	struct kj_actor actor;
};

static void cli_actor(struct cli_actor *a)
{
	kj_cmd_actor(a->name, sizeof a->name);
	a->actor = (struct kj_actor){ NULL, 0, a->name };
}

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
	if (kj_app_survey_id(pos[0], id) < 0)
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
		{ "opens", 1, &req.opens }, { "closes", 1, &req.closes }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (!req.fy)
		return kj_cmd_usage(self, "give the fiscal year (--fy YEAR)");
	if (!req.title_ja)
		return kj_cmd_usage(self, "give the Japanese title (--title-ja TEXT)");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	int64_t id;
	cli_actor(&a);
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

static void print_scope(const struct kj_survey *sv)
{
	for (int i = 0; i < sv->nsectors; i++)
		printf("%s%s", i ? "," : "", sv->sectors[i]);
}

int kj_cmd_survey_list(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("survey", "list");
	const char *db = NULL, *fy_text = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy_text }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
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
		if (kj_store_survey_get(st, ids[i], sv, &found, &err) < 0)
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
	struct cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	long n = 0;
	cli_actor(&a);
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
	struct cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	cli_actor(&a);
	rc = outcome(kj_app_survey_extend(st, &a.actor, id, org, until, reason, &why, &err),
		     &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("survey %lld: %s may answer until %s\n", (long long)id, org, until);
	kj_store_close(st);
	return rc;
}

int kj_cmd_survey_status(int argc, char **argv)
{
	const char *db = NULL;
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int64_t id;
	int rc = one_id("status", argc, argv, opts, &id);
	if (rc >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_survey *sv = calloc(1, sizeof *sv);
	struct kj_survey_progress rows[KJ_SURVEY_SECTORS_MAX];
	struct kj_err err;
	int n, found;
	rc = KJ_EXIT_FAIL;
	if (!sv) {
		kj_cmd_error("out of memory");
	} else if (kj_app_survey_status(st, id, sv, rows, KJ_SURVEY_SECTORS_MAX, &n, &found,
					&err) < 0) {
		kj_cmd_error("%s", err.msg);
	} else if (!found) {
		kj_cmd_error("no survey campaign %lld", (long long)id);
	} else {
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
		if (sv->respondents >= 0)
			printf("%ld\n", sv->respondents);
		else
			printf("- (a draft: the year's targets are frozen when it opens)\n");
		printf("sector  respondents  not started  draft  submitted  returned\n");
		long t[5] = { 0 };
		for (int i = 0; i < n; i++) {
			const struct kj_survey_progress *p = &rows[i];
			printf("%s  %ld  %ld  %ld  %ld  %ld\n", p->sector, p->respondents,
			       p->not_started, p->draft, p->submitted, p->returned);
			t[0] += p->respondents;
			t[1] += p->not_started;
			t[2] += p->draft;
			t[3] += p->submitted;
			t[4] += p->returned;
		}
		printf("total  %ld  %ld  %ld  %ld  %ld\n", t[0], t[1], t[2], t[3], t[4]);
		rc = KJ_EXIT_OK;
	}
	free(sv);
	kj_store_close(st);
	return rc;
}
