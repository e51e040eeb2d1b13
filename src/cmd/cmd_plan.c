/*
 * kijun plan list|show|create|copy|submit|return|report|diff: implementation
 * plans (issue 14, §2.1) from the command line, which acts as the NCO's
 * operator. Each change goes through its use case (app/plan.c), which
 * writes it with its event and audit entry in one transaction; a refused
 * one changes nothing (exit 1), bad usage exits 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/plan.h"
#include "cmd/cmd.h"
#include "model/audit.h"

static int outcome(int rc, const struct kj_plan_refusal *why, const struct kj_err *err)
{
	if (rc < 0) {
		kj_cmd_error("%s; nothing was changed", err->msg);
		return KJ_EXIT_FAIL;
	}
	if (why->fault != KJ_PLAN_OK) {
		kj_cmd_error("%s; nothing was changed", why->msg);
		return KJ_EXIT_FAIL;
	}
	return KJ_EXIT_OK;
}

/* Parses a command taking NIDS plan ids into IDS; -1 to go on, else the status. */
static int ids(const char *name, int argc, char **argv, const struct kj_opt *opts,
	       int64_t *out, int nids)
{
	const struct kj_command *self = kj_cmd_find("plan", name);
	const char *pos[2];
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, nids, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != nids)
		return kj_cmd_usage(self, nids == 1 ? "give the plan's id" : "give two plans' ids");
	for (int i = 0; i < nids; i++)
		if (kj_app_id(pos[i], &out[i]) < 0)
			return kj_cmd_usage(self, "'%s' is not a plan id (a positive number)", pos[i]);
	return -1;
}

static int format_ok(const struct kj_command *self, const char *f, int *json)
{
	*json = f && !strcmp(f, "json");
	if (f && !*json && strcmp(f, "text"))
		return kj_cmd_usage(self, "--format: text or json");
	return -1;
}

int kj_cmd_plan_list(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("plan", "list");
	const char *db = NULL, *fy = NULL, *format = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "format", 1, &format }, { NULL, 0, NULL },
	};
	int npos, json, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if ((rc = format_ok(self, format, &json)) >= 0)
		return rc;
	long year = 0;
	if (fy && kj_parse_long(fy, KJ_TARGET_FY_MIN, KJ_TARGET_FY_MAX, &year) < 0)
		return kj_cmd_usage(self, "--fy: a fiscal year from %d to %d", KJ_TARGET_FY_MIN,
				    KJ_TARGET_FY_MAX);
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_plan_row *rows = calloc(KJ_PLAN_LIST_MAX, sizeof *rows);
	struct kj_err err;
	int n;
	rc = KJ_EXIT_OK;
	if (!rows || kj_app_plan_list(st, NULL, (int)year, rows, KJ_PLAN_LIST_MAX, &n, &err) < 0) {
		kj_cmd_error("%s", rows ? err.msg : "out of memory");
		rc = KJ_EXIT_FAIL;
	} else if (json) {
		json_t *a = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(a, kj_app_plan_row_json(&rows[i]));
		json_dumpf(a, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(a);
	} else {
		for (int i = 0; i < n; i++) {
			const struct kj_plan_row *r = &rows[i];
			printf("%lld\t%d\t%s\t%s\t%s\t%s\trev %d\t%d measures\t", (long long)r->id,
			       r->fy, r->scope, *r->sector ? r->sector : "-",
			       *r->ministry ? r->ministry : "nco", kj_plan_state_name(r->state),
			       r->revision, r->nmeasures);
			if (r->targets >= 0)
				printf("%ld targets\n", r->targets);
			else
				printf("-\n");
		}
	}
	free(rows);
	kj_store_close(st);
	return rc;
}

static void print_plan(const struct kj_plan *p, long targets, int frozen)
{
	printf("plan %lld: FY%d %s %s (%s), %s, revision %d, standard %s\n", (long long)p->id,
	       p->fy, p->scope, *p->sector ? p->sector : "all sectors",
	       *p->ministry ? p->ministry : "nco", kj_plan_state_name(p->state), p->revision,
	       p->version);
	printf("targets: %ld%s\n", targets, frozen ? " (frozen on submission)" : " (now)");
	for (int s = 0; s < KJ_PLAN_NSECTIONS; s++)
		printf("[%s] %s\n", kj_plan_section_name(s), p->body[s]);
	for (int i = 0; i < p->nmeasures; i++) {
		const struct kj_plan_measure *m = &p->measures[i];
		printf("%s\t(%d)\t%s\t%s", m->key, m->category, kj_measure_status_name(m->status),
		       m->title);
		if (*m->kpi)
			printf("\tKPI: %s", m->kpi);
		for (int k = 0; k < m->nreqs; k++)
			printf("%s%s", k ? "," : "\treq: ", m->reqs[k]);
		putchar('\n');
	}
}

int kj_cmd_plan_show(int argc, char **argv)
{
	const char *db = NULL, *format = NULL;
	const struct kj_opt opts[] = { { "db", 1, &db }, { "format", 1, &format }, { NULL, 0, NULL } };
	int64_t id;
	int json, rc = ids("show", argc, argv, opts, &id, 1);
	if (rc >= 0)
		return rc;
	if ((rc = format_ok(kj_cmd_find("plan", "show"), format, &json)) >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_plan *p = kj_app_plan_alloc();
	struct kj_plan_event *ev = calloc(KJ_PLAN_EVENTS_MAX, sizeof *ev);
	struct kj_plan_refusal why = { KJ_PLAN_OK, "" };
	struct kj_err err = { "out of memory" };
	long targets = 0;
	int frozen = 0, nev = 0;
	rc = p && ev ? kj_app_plan_get(st, NULL, id, p, &why, &err) : -1;
	if (rc == 0 && !why.fault)
		rc = kj_app_plan_targets(st, p, &targets, &frozen, &err) < 0 ||
		     kj_app_plan_events(st, p, ev, KJ_PLAN_EVENTS_MAX, &nev, &err) < 0 ? -1 : 0;
	rc = outcome(rc, &why, &err);
	if (rc == KJ_EXIT_OK && json) {
		json_t *j = kj_app_plan_json(p, targets, frozen, ev, nev);
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(j);
	} else if (rc == KJ_EXIT_OK) {
		print_plan(p, targets, frozen);
		for (int i = 0; i < nev; i++)
			printf("%s\t%s\t%s\t%s\n", ev[i].at, ev[i].actor, ev[i].action, ev[i].message);
	}
	free(ev);
	free(p);
	kj_store_close(st);
	return rc;
}

int kj_cmd_plan_create(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("plan", "create");
	const char *db = NULL, *fy = NULL, *sector = NULL, *ministry = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "sector", 1, &sector },
		{ "ministry", 1, &ministry }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (!fy)
		return kj_cmd_usage(self, "give the fiscal year (--fy YEAR)");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_plan_refusal why;
	struct kj_err err;
	int64_t id;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_plan_create(st, &a.actor, fy, sector, ministry, &id, &why, &err),
		     &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("%lld\n", (long long)id);
	kj_store_close(st);
	return rc;
}

int kj_cmd_plan_copy(int argc, char **argv)
{
	const char *db = NULL, *fy = NULL;
	const struct kj_opt opts[] = { { "db", 1, &db }, { "fy", 1, &fy }, { NULL, 0, NULL } };
	int64_t from, id;
	int rc = ids("copy", argc, argv, opts, &from, 1);
	if (rc >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_plan_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_plan_copy(st, &a.actor, from, fy, &id, &why, &err), &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("%lld\n", (long long)id);
	kj_store_close(st);
	return rc;
}

static int move(const char *act, int argc, char **argv)
{
	const char *db = NULL, *message = NULL;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "message", 1, &message }, { NULL, 0, NULL },
	};
	int64_t id;
	int rc = ids(act, argc, argv, opts, &id, 1);
	if (rc >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_plan_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_plan_move(st, &a.actor, id, act, message, &why, &err), &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("plan %lld: %s\n", (long long)id, act);
	kj_store_close(st);
	return rc;
}

int kj_cmd_plan_submit(int argc, char **argv)
{
	return move("submit", argc, argv);
}

int kj_cmd_plan_return(int argc, char **argv)
{
	return move("return", argc, argv);
}

int kj_cmd_plan_report(int argc, char **argv)
{
	return move("report", argc, argv);
}

static const char *const change_names[] = { "same", "added", "removed", "changed" };

int kj_cmd_plan_diff(int argc, char **argv)
{
	const char *db = NULL;
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int64_t id[2];
	int rc = ids("diff", argc, argv, opts, id, 2);
	if (rc >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_plan *a = kj_app_plan_alloc(), *b = kj_app_plan_alloc();
	struct kj_plan_diff_row *rows = calloc(2 * KJ_PLAN_MEASURES_MAX, sizeof *rows);
	struct kj_plan_refusal why = { KJ_PLAN_OK, "" };
	struct kj_err err = { "out of memory" };
	rc = a && b && rows ? kj_app_plan_get(st, NULL, id[0], a, &why, &err) : -1;
	if (rc == 0 && !why.fault)
		rc = kj_app_plan_get(st, NULL, id[1], b, &why, &err);
	rc = outcome(rc, &why, &err);
	if (rc == KJ_EXIT_OK) {
		unsigned sections;
		int n = kj_plan_diff(a, b, rows, &sections);
		for (int s = 0; s < KJ_PLAN_NSECTIONS; s++)
			if (sections & (1u << s))
				printf("structure\t%s\tchanged\n", kj_plan_section_name(s));
		for (int i = 0; i < n; i++)
			if (rows[i].change != KJ_PLAN_SAME)
				printf("measure\t%s\t%s\n", rows[i].b ? rows[i].b->key : rows[i].a->key,
				       change_names[rows[i].change]);
	}
	free(rows);
	free(a);
	free(b);
	kj_store_close(st);
	return rc;
}
