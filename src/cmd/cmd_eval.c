/*
 * kijun eval list|show|create|edit|submit|return|finalise|item-add|answer
 * and kijun pdca: evaluations (issue 14, §2.3), the HQ's findings and
 * recommendations, the plan measures that answer them, and the PDCA board,
 * from the command line, which acts as the NCO's operator (and may do what
 * HQ does). Each change goes through its use case (app/evaluation*.c),
 * which writes it with its event and audit entry in one transaction; a
 * refused one changes nothing (exit 1), bad usage exits 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/evaluation.h"
#include "app/pdca.h"
#include "cmd/cmd.h"

static int outcome(int rc, const struct kj_eval_refusal *why, const struct kj_err *err)
{
	if (rc < 0) {
		kj_cmd_error("%s; nothing was changed", err->msg);
		return KJ_EXIT_FAIL;
	}
	if (why->fault != KJ_EVAL_F_OK) {
		kj_cmd_error("%s; nothing was changed", why->msg);
		return KJ_EXIT_FAIL;
	}
	return KJ_EXIT_OK;
}

/* Parses a command taking NIDS ids into OUT; -1 to go on, else the status. */
static int ids(const char *name, int argc, char **argv, const struct kj_opt *opts,
	       int64_t *out, int nids, const char *what)
{
	const struct kj_command *self = kj_cmd_find("eval", name);
	const char *pos[2];
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, nids, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != nids)
		return kj_cmd_usage(self, "give %s", what);
	for (int i = 0; i < nids; i++)
		if (kj_app_id(pos[i], &out[i]) < 0)
			return kj_cmd_usage(self, "'%s' is not an id (a positive number)", pos[i]);
	return -1;
}

static int format_ok(const struct kj_command *self, const char *f, int *json)
{
	*json = f && !strcmp(f, "json");
	if (f && !*json && strcmp(f, "text"))
		return kj_cmd_usage(self, "--format: text or json");
	return -1;
}

static void dump(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(j);
}

static int read_fy(const struct kj_command *self, const char *fy, int need, long *year)
{
	*year = 0;
	if (!fy && need)
		return kj_cmd_usage(self, "give the fiscal year (--fy YEAR)");
	if (fy && kj_parse_long(fy, KJ_TARGET_FY_MIN, KJ_TARGET_FY_MAX, year) < 0)
		return kj_cmd_usage(self, "--fy: a fiscal year from %d to %d", KJ_TARGET_FY_MIN,
				    KJ_TARGET_FY_MAX);
	return -1;
}

int kj_cmd_eval_list(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("eval", "list");
	const char *db = NULL, *fy = NULL, *format = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "format", 1, &format }, { NULL, 0, NULL },
	};
	int npos, json, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	long year;
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if ((rc = format_ok(self, format, &json)) >= 0 || (rc = read_fy(self, fy, 0, &year)) >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_eval_row *rows = calloc(KJ_EVAL_LIST_MAX, sizeof *rows);
	struct kj_err err;
	int n;
	rc = KJ_EXIT_OK;
	if (!rows || kj_app_eval_list(st, NULL, (int)year, rows, KJ_EVAL_LIST_MAX, &n, &err) < 0) {
		kj_cmd_error("%s", rows ? err.msg : "out of memory");
		rc = KJ_EXIT_FAIL;
	} else if (json) {
		json_t *a = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(a, kj_app_eval_row_json(&rows[i]));
		dump(a);
	} else {
		for (int i = 0; i < n; i++)
			printf("%lld\t%d\t%s\t%s\t%s\t%s\trev %d\n", (long long)rows[i].id, rows[i].fy,
			       kj_eval_scope_name(rows[i].scope), *rows[i].sector ? rows[i].sector : "-",
			       *rows[i].ministry ? rows[i].ministry
			       : rows[i].scope == KJ_EVAL_HQ ? "hq" : "nco",
			       kj_eval_state_name(rows[i].state), rows[i].revision);
	}
	free(rows);
	kj_store_close(st);
	return rc;
}

static void print_eval(const struct kj_eval *e, const struct kj_hq_item *items, int nitems)
{
	printf("evaluation %lld: FY%d %s %s (%s), %s, revision %d\n", (long long)e->id, e->fy,
	       kj_eval_scope_name(e->scope), *e->sector ? e->sector : "all sectors",
	       *e->ministry ? e->ministry : e->scope == KJ_EVAL_HQ ? "hq" : "nco",
	       kj_eval_state_name(e->state), e->revision);
	for (int s = 0; s < KJ_EVAL_NSECTIONS; s++)
		if (kj_eval_section_of(e->scope, s))
			printf("[%s] %s\n", kj_eval_section_name(s), e->body[s]);
	for (int i = 0; i < e->nfigures; i++)
		printf("figure\t%s\t%d\t%s\t%s\t%s\n", kj_eval_section_name(e->figures[i].section),
		       e->figures[i].ord, kj_eval_fig_kind_name(e->figures[i].kind),
		       *e->figures[i].ref ? e->figures[i].ref : "-", e->figures[i].caption);
	for (int i = 0; i < nitems; i++)
		printf("item %lld\t%s\t%s\t%s\t%s\n", (long long)items[i].id,
		       kj_item_kind_name(items[i].kind), kj_item_category_name(items[i].category),
		       items[i].addressee, items[i].text);
}

int kj_cmd_eval_show(int argc, char **argv)
{
	const char *db = NULL, *format = NULL;
	const struct kj_opt opts[] = { { "db", 1, &db }, { "format", 1, &format }, { NULL, 0, NULL } };
	int64_t id;
	int json, rc = ids("show", argc, argv, opts, &id, 1, "the evaluation's id");
	if (rc >= 0 || (rc = format_ok(kj_cmd_find("eval", "show"), format, &json)) >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_eval *e = kj_app_eval_alloc();
	struct kj_eval_event *ev = calloc(KJ_EVAL_EVENTS_MAX, sizeof *ev);
	struct kj_hq_item *items = calloc(KJ_EVAL_ITEMS_MAX, sizeof *items);
	struct kj_eval_refusal why = { KJ_EVAL_F_OK, "" };
	struct kj_err err = { "out of memory" };
	int nev = 0, nitems = 0;
	rc = e && ev && items ? kj_app_eval_get(st, NULL, id, e, &why, &err) : -1;
	if (rc == 0 && !why.fault)
		rc = kj_app_eval_events(st, e, ev, KJ_EVAL_EVENTS_MAX, &nev, &err) < 0 ||
		     kj_app_eval_items(st, e, items, KJ_EVAL_ITEMS_MAX, &nitems, &err) < 0 ? -1 : 0;
	rc = outcome(rc, &why, &err);
	if (rc == KJ_EXIT_OK && json)
		dump(kj_app_eval_json(e, ev, nev, items, nitems));
	else if (rc == KJ_EXIT_OK) {
		print_eval(e, items, nitems);
		for (int i = 0; i < nev; i++)
			printf("%s\t%s\t%s\t%s\n", ev[i].at, ev[i].actor, ev[i].action, ev[i].message);
	}
	free(items);
	free(ev);
	free(e);
	kj_store_close(st);
	return rc;
}

int kj_cmd_eval_create(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("eval", "create");
	const char *db = NULL, *fy = NULL, *sector = NULL, *ministry = NULL, *hq = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "sector", 1, &sector },
		{ "ministry", 1, &ministry }, { "hq", 0, &hq }, { NULL, 0, NULL },
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
	struct kj_eval_refusal why;
	struct kj_err err;
	int64_t id;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_eval_create(st, &a.actor, fy, sector, ministry, hq != NULL, &id, &why,
					&err), &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("%lld\n", (long long)id);
	kj_store_close(st);
	return rc;
}

int kj_cmd_eval_edit(int argc, char **argv)
{
	const char *db = NULL, *section = NULL, *text = NULL, *kind = NULL, *ref = NULL,
		   *caption = NULL;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "section", 1, &section }, { "text", 1, &text },
		{ "figure", 1, &kind }, { "ref", 1, &ref }, { "caption", 1, &caption },
		{ NULL, 0, NULL },
	};
	int64_t id;
	int rc = ids("edit", argc, argv, opts, &id, 1, "the evaluation's id");
	if (rc >= 0)
		return rc;
	const struct kj_command *self = kj_cmd_find("eval", "edit");
	if (!section)
		return kj_cmd_usage(self, "give the section (--section NAME)");
	if (!text == !kind)
		return kj_cmd_usage(self, "give either --text TEXT or --figure KIND");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_eval_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = outcome(text ? kj_app_eval_set_section(st, &a.actor, id, NULL, section, text, &why, &err)
		     : kj_app_eval_add_figure(st, &a.actor, id, NULL, section, kind, ref, caption,
					      &why, &err), &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("evaluation %lld: %s edited\n", (long long)id, section);
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
	int rc = ids(act, argc, argv, opts, &id, 1, "the evaluation's id");
	if (rc >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_eval_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_eval_move(st, &a.actor, id, act, message, &why, &err), &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("evaluation %lld: %s\n", (long long)id, act);
	kj_store_close(st);
	return rc;
}

int kj_cmd_eval_submit(int argc, char **argv) { return move("submit", argc, argv); }
int kj_cmd_eval_return(int argc, char **argv) { return move("return", argc, argv); }
int kj_cmd_eval_finalise(int argc, char **argv) { return move("finalise", argc, argv); }

int kj_cmd_eval_item_add(int argc, char **argv)
{
	const char *db = NULL, *kind = NULL, *category = NULL, *to = NULL, *text = NULL;
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "kind", 1, &kind }, { "category", 1, &category },
		{ "to", 1, &to }, { "text", 1, &text }, { NULL, 0, NULL },
	};
	int64_t id, item;
	int rc = ids("item-add", argc, argv, opts, &id, 1, "the HQ evaluation's id");
	if (rc >= 0)
		return rc;
	const struct kj_command *self = kj_cmd_find("eval", "item-add");
	if (!to || !text)
		return kj_cmd_usage(self, "give the addressee (--to SECTOR|nco) and --text TEXT");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_eval_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_eval_item_add(st, &a.actor, id, kind ? kind : "recommendation",
					  category, to, text, &item, &why, &err), &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("%lld\n", (long long)item);
	kj_store_close(st);
	return rc;
}

int kj_cmd_eval_answer(int argc, char **argv)
{
	const char *db = NULL, *off = NULL;
	const struct kj_opt opts[] = { { "db", 1, &db }, { "off", 0, &off }, { NULL, 0, NULL } };
	int64_t id[2];
	int rc = ids("answer", argc, argv, opts, id, 2, "the recommendation's and the measure's ids");
	if (rc >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_eval_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_eval_answer(st, &a.actor, id[0], id[1], !off, &why, &err), &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("recommendation %lld: %s measure %lld\n", (long long)id[0],
		       off ? "no longer answered by" : "answered by", (long long)id[1]);
	kj_store_close(st);
	return rc;
}

int kj_cmd_eval_recs(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("eval", "recommendations");
	const char *db = NULL, *fy = NULL, *format = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "format", 1, &format }, { NULL, 0, NULL },
	};
	int npos, json, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	long year;
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if ((rc = format_ok(self, format, &json)) >= 0 || (rc = read_fy(self, fy, 1, &year)) >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_eval_trace *t = calloc(KJ_EVAL_RECS_MAX, sizeof *t);
	struct kj_err err = { "out of memory" };
	int n = 0;
	rc = KJ_EXIT_OK;
	if (!t || kj_app_eval_trace(st, NULL, (int)year, t, KJ_EVAL_RECS_MAX, &n, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		rc = KJ_EXIT_FAIL;
	} else if (json) {
		json_t *a = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(a, kj_app_eval_trace_json(&t[i]));
		dump(a);
	} else {
		for (int i = 0; i < n; i++) {
			printf("%lld\t%s\t%s\t%s\t", (long long)t[i].rec.it.id, t[i].rec.it.addressee,
			       kj_item_category_name(t[i].rec.it.category),
			       t[i].nanswers ? "answered" : "UNANSWERED");
			for (int k = 0; k < t[i].nanswers; k++)
				printf("%s%lld:%s", k ? "," : "", (long long)t[i].answers[k].plan_id,
				       t[i].answers[k].mkey);
			printf("\t%s\n", t[i].rec.it.text);
		}
	}
	free(t);
	kj_store_close(st);
	return rc;
}

int kj_cmd_pdca(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find(NULL, "pdca");
	const char *db = NULL, *fy = NULL, *format = NULL, *today = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "format", 1, &format }, { "today", 1, &today },
		{ NULL, 0, NULL },
	};
	int npos, json, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	long year;
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if ((rc = format_ok(self, format, &json)) >= 0 || (rc = read_fy(self, fy, 1, &year)) >= 0)
		return rc;
	char now[16];
	if (today) {
		int y, m, d;
		char tail;
		if (strlen(today) != 10 || sscanf(today, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
		    m < 1 || m > 12 || d < 1 || d > 31)
			return kj_cmd_usage(self, "--today: a date as YYYY-MM-DD");
		kj_strlcpy(now, today, sizeof now);
	} else {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(now, sizeof now, "%Y-%m-%d", &tm);
	}
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_pdca_row *rows = calloc(KJ_PDCA_ROWS_MAX, sizeof *rows);
	struct kj_err err = { "out of memory" };
	int n = 0;
	rc = KJ_EXIT_OK;
	if (!rows || kj_app_pdca(st, NULL, (int)year, now, rows, &n, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		rc = KJ_EXIT_FAIL;
	} else if (json) {
		dump(kj_app_pdca_json((int)year, now, rows, n));
	} else {
		printf("row");
		for (int s = 0; s < KJ_PDCA_NSTEPS; s++)
			printf("\t%s", kj_pdca_due(s)->name);
		printf("\tcomplete\n");
		for (int i = 0; i < n; i++) {
			printf("%s", *rows[i].sector ? rows[i].sector : "cross");
			for (int s = 0; s < KJ_PDCA_NSTEPS; s++) {
				const struct kj_pdca_cell *c = &rows[i].c[s];
				printf("\t%s%s", c->done ? "done" : c->present ? "open" : "none",
				       c->late ? "/LATE" : "");
			}
			printf("\t%s\n", rows[i].complete ? "yes" : "no");
		}
	}
	free(rows);
	kj_store_close(st);
	return rc;
}
