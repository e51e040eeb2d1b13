/*
 * kijun onsite create|select|approve|pick-add|pick-remove|list|open|close:
 * on-site surveys (issue 15, 実地調査) from the command line. 'kijun onsite' is one
 * command of the table in cmd_table.c; its subcommands are the table
 * below (the visits' own subcommands are added to it beside these). Each
 * change goes through its use case (app/onsite_select.c), which writes it
 * with its audit entry in one transaction; a refused one changes nothing
 * (exit 1), bad usage exits 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/onsite_select.h"
#include "base/util.h"
#include "cmd/cmd.h"

static int onsite_create(int argc, char **argv);
static int onsite_select(int argc, char **argv);
static int onsite_approve(int argc, char **argv);
static int onsite_pick_add(int argc, char **argv);
static int onsite_pick_remove(int argc, char **argv);
static int onsite_list(int argc, char **argv);
static int onsite_open(int argc, char **argv);
static int onsite_close(int argc, char **argv);

static const struct kj_command subcommands[] = {
	{ "onsite", "create", onsite_create,
	  "create a draft on-site survey (prints its id); every sector and the NCO unless given",
	  "--fy YEAR --title TEXT [--title-en TEXT] [--owner nco|ministry:CODE|surveyor]"
	  " [--sector CODE]... [--db PATH]" },
	{ "onsite", "select", onsite_select,
	  "choose the operators to visit by rules and a seed (a draft until approved)",
	  "--survey ID (--rules FILE.json | --rule RULE...) --seed N [--revision N] [--db PATH]"
	  "\n  RULE: lowest:N[:FUNCTION,...] change:N[:FUNCTION,...] uninspected:YEARS[:N]"
	  " kikan[:N] quota:sector|prefecture:N random:N (see docs/onsite.md)" },
	{ "onsite", "approve", onsite_approve,
	  "approve an on-site survey's selection", "--survey ID [--revision N] [--db PATH]" },
	{ "onsite", "pick-add", onsite_pick_add,
	  "add an operator to an approved selection, saying why",
	  "--survey ID --org CORPORATE_NUMBER --reason TEXT [--revision N] [--db PATH]" },
	{ "onsite", "pick-remove", onsite_pick_remove,
	  "remove an operator from an approved selection, saying why",
	  "--survey ID --org CORPORATE_NUMBER --reason TEXT [--revision N] [--db PATH]" },
	{ "onsite", "list", onsite_list,
	  "list the on-site surveys, or with --survey the picks of one",
	  "[--survey ID] [--format tsv|csv|json] [--db PATH]" },
	{ "onsite", "open", onsite_open, "open a draft on-site survey", "--survey ID [--db PATH]" },
	{ "onsite", "close", onsite_close,
	  "close an open on-site survey (its selection no longer changes)",
	  "--survey ID [--db PATH]" },
	/* The visits: cmd_onsite_visit.c. */
	{ "onsite", "plan", kj_cmd_onsite_plan,
	  "plan a visit of an operator in an on-site survey: date, inspectors, requirements",
	  "SURVEY --org CORPORATE_NUMBER --date YYYY-MM-DD --inspectors LOGIN[,LOGIN...]"
	  " [--scope ID|FUNCTION[,...]] [--reason TEXT] [--db PATH]" },
	{ "onsite", "record", kj_cmd_onsite_record,
	  "import a visit's filled record form (xlsx or CSV; checked in full; all or nothing)",
	  "VISIT FILE [--db PATH]" },
	{ "onsite", "issue", kj_cmd_onsite_issue,
	  "issue a recorded visit's report: its findings go to the operator",
	  "VISIT [--revision N] [--db PATH]" },
	{ "onsite", "export", kj_cmd_onsite_export,
	  "write a visit's record form (xlsx or CSV), or every visit's items of a survey (CSV)",
	  "VISIT --format xlsx|csv -o FILE | --survey SURVEY --format csv -o FILE [--db PATH]" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct kj_command *sub(const char *name)
{
	for (const struct kj_command *c = subcommands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int kj_cmd_onsite(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		FILE *f = argc < 2 ? stderr : stdout;
		fprintf(f, "usage: kijun onsite SUBCOMMAND [OPTIONS]\n\n");
		for (const struct kj_command *c = subcommands; c->name; c++)
			fprintf(f, "  %-12s %s\n", c->name, c->summary);
		return argc < 2 ? KJ_EXIT_USAGE : KJ_EXIT_OK;
	}
	if (argv[1][0] == '-')	/* an option where the subcommand goes */
		return kj_cmd_usage(kj_cmd_find(NULL, "onsite"), "unknown option '%s'", argv[1]);
	const struct kj_command *c = sub(argv[1]);
	if (!c)
		return kj_cmd_usage(NULL, "unknown command 'onsite %s'", argv[1]);
	return c->run(argc - 1, argv + 1);
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

/*
 * Every value of the repeatable option --NAME in ARGV, joined by SEP into
 * OUT (N bytes; "" when none); -1 when they do not fit. kj_cmd_parse keeps
 * only the last.
 */
static int collect(int argc, char **argv, const char *name, char sep, char *out, size_t n)
{
	size_t at = 0, l = strlen(name);
	out[0] = '\0';
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		if (!strcmp(a, "--"))
			break;
		if (strncmp(a, "--", 2) || strncmp(a + 2, name, l))
			continue;
		if (a[2 + l] == '=')
			v = a + 3 + l;
		else if (!a[2 + l] && i + 1 < argc)
			v = argv[++i];
		if (!v)
			continue;
		size_t vl = strlen(v);
		if (at + vl + 2 > n)
			return -1;
		if (at)
			out[at++] = sep;
		memcpy(out + at, v, vl + 1);
		at += vl;
	}
	return 0;
}

/* --survey ID and --revision N as given; -1 to go on, else the status. */
static int ids(const struct kj_command *self, const char *survey, const char *rev,
	       int64_t *id, int *revision)
{
	*revision = -1;
	if (!survey)
		return kj_cmd_usage(self, "give the on-site survey (--survey ID)");
	if (kj_app_id(survey, id) < 0)
		return kj_cmd_usage(self, "--survey: '%s' is not a survey id (a positive number)",
				    survey);
	long r;
	if (rev) {
		if (kj_parse_long(rev, 0, 0x7fffffffL, &r) < 0)
			return kj_cmd_usage(self, "--revision: '%s' is not a revision", rev);
		*revision = (int)r;
	}
	return -1;
}

static int onsite_create(int argc, char **argv)
{
	const struct kj_command *self = sub("create");
	const char *db = NULL, *sector = NULL, *pos[1];
	char sectors[1024];
	struct kj_survey_request req = { 0 };
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &req.fy }, { "title", 1, &req.title_ja },
		{ "title-en", 1, &req.title_en }, { "sector", 1, &sector },
		{ "owner", 1, &req.owner }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (!req.fy)
		return kj_cmd_usage(self, "give the fiscal year (--fy YEAR)");
	if (!req.title_ja)
		return kj_cmd_usage(self, "give the title (--title TEXT)");
	if (collect(argc, argv, "sector", ',', sectors, sizeof sectors) < 0)
		return kj_cmd_usage(self, "--sector: too many sectors");
	req.sectors = *sectors ? sectors : NULL;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	int64_t id;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_onsite_create(st, &a.actor, &req, &id, &why, &err), &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("%lld\n", (long long)id);
	kj_store_close(st);
	return rc;
}

/* The rules of --rules FILE (JSON) or of the --rule options into *R. */
static int read_rules(const struct kj_command *self, int argc, char **argv, const char *file,
		      struct kj_onsite_rules *r)
{
	char lines[KJ_ONSITE_RULES_TEXT_MAX + 1], msg[KJ_ERR_MAX];
	if (collect(argc, argv, "rule", '\n', lines, sizeof lines) < 0)
		return kj_cmd_usage(self, "--rule: the rules are too long");
	if (file && *lines)
		return kj_cmd_usage(self, "give --rules FILE or --rule options, not both");
	if (!file && !*lines)
		return kj_cmd_usage(self, "give the rules (--rules FILE.json or --rule RULE...)");
	if (!file)
		return kj_onsite_rules_parse_lines(lines, r, msg, sizeof msg)
			? kj_cmd_usage(self, "--rule: %s", msg) : -1;
	char *data;
	size_t len;
	struct kj_err err;
	if (kj_read_file(file, KJ_ONSITE_RULES_TEXT_MAX, &data, &len, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	const char *m = kj_onsite_rules_parse_json(data, len, r, msg, sizeof msg);
	free(data);
	if (m) {
		kj_cmd_error("%s: %s; nothing was changed", file, m);
		return KJ_EXIT_FAIL;
	}
	return -1;
}

static int onsite_select(int argc, char **argv)
{
	const struct kj_command *self = sub("select");
	const char *db = NULL, *survey = NULL, *file = NULL, *rule = NULL, *seed_text = NULL;
	const char *rev = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "survey", 1, &survey }, { "rules", 1, &file },
		{ "rule", 1, &rule }, { "seed", 1, &seed_text }, { "revision", 1, &rev },
		{ NULL, 0, NULL },
	};
	int npos, revision, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	int64_t id;
	long seed;
	const char *m;
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if ((rc = ids(self, survey, rev, &id, &revision)) >= 0)
		return rc;
	if ((m = kj_onsite_check_seed(seed_text, &seed)))
		return kj_cmd_usage(self, "--seed: %s", m);
	struct kj_onsite_rules *rules = malloc(sizeof *rules);
	if (!rules) {
		kj_cmd_error("out of memory");
		return KJ_EXIT_FAIL;
	}
	if ((rc = read_rules(self, argc, argv, file, rules)) >= 0) {
		free(rules);
		return rc;
	}
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0) {
		free(rules);
		return KJ_EXIT_FAIL;
	}
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	int npicks;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_onsite_select(st, &a.actor, id, rules, seed, revision, &npicks, &why,
					  &err), &why, &err);
	if (rc == KJ_EXIT_OK)
		printf("%d operators picked\n", npicks);
	kj_store_close(st);
	free(rules);
	return rc;
}

static int onsite_approve(int argc, char **argv)
{
	const struct kj_command *self = sub("approve");
	const char *db = NULL, *survey = NULL, *rev = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "survey", 1, &survey }, { "revision", 1, &rev },
		{ NULL, 0, NULL },
	};
	int npos, revision, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	int64_t id;
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if ((rc = ids(self, survey, rev, &id, &revision)) >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_onsite_approve(st, &a.actor, id, revision, &why, &err), &why, &err);
	kj_store_close(st);
	return rc;
}

static int pick_change(const char *name, int add, int argc, char **argv)
{
	const struct kj_command *self = sub(name);
	const char *db = NULL, *survey = NULL, *rev = NULL, *org = NULL, *reason = NULL;
	const char *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "survey", 1, &survey }, { "revision", 1, &rev },
		{ "org", 1, &org }, { "reason", 1, &reason }, { NULL, 0, NULL },
	};
	int npos, revision, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	int64_t id;
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if ((rc = ids(self, survey, rev, &id, &revision)) >= 0)
		return rc;
	if (!org)
		return kj_cmd_usage(self, "give the operator (--org CORPORATE_NUMBER)");
	if (!reason)
		return kj_cmd_usage(self, "give the reason (--reason TEXT)");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_onsite_pick_change(st, &a.actor, id, add, org, reason, revision, &why,
					       &err), &why, &err);
	kj_store_close(st);
	return rc;
}

static int onsite_pick_add(int argc, char **argv)
{
	return pick_change("pick-add", 1, argc, argv);
}

static int onsite_pick_remove(int argc, char **argv)
{
	return pick_change("pick-remove", 0, argc, argv);
}

/* A value for a TSV field: tabs and line ends become spaces. */
static void tsv(const char *s, int last)
{
	for (; *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
	putchar(last ? '\n' : '\t');
}

static int tsv_pick(void *ctx, const struct kj_onsite_pick_row *p)
{
	(void)ctx;
	printf("%d\t", p->ord);
	tsv(p->corporate_number, 0);
	tsv(p->name, 0);
	tsv(p->sector, 0);
	tsv(p->prefecture, 0);
	printf("%d\t", p->kikan);
	tsv(p->rule, 0);
	tsv(p->detail, 0);
	printf("%s\n", p->removed ? "removed" : "picked");
	return 0;
}

static void print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (s)
		puts(s);
	free(s);
}

/* The on-site surveys, one a line (or as JSON). */
static int list_surveys(struct kj_store *st, int json)
{
	struct kj_onsite_view *v = calloc(KJ_ONSITE_LIST_MAX, sizeof *v);
	struct kj_err err;
	int n, rc = KJ_EXIT_FAIL;
	json_t *a = json_array();
	if (!v || !a) {
		kj_cmd_error("out of memory");
		goto done;
	}
	if (kj_app_onsite_list(st, NULL, v, KJ_ONSITE_LIST_MAX, &n, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		goto done;
	}
	if (!json)
		printf("id\tfy\tstatus\towner\tselection\tpicks\ttitle\n");
	for (int i = 0; i < n; i++) {
		if (json) {
			json_t *o = kj_app_onsite_json(st, &v[i], 0, &err);
			if (!o) {
				kj_cmd_error("%s", err.msg);
				goto done;
			}
			json_array_append_new(a, o);
			continue;
		}
		printf("%lld\t%d\t%s\t%s%s%s\t%s\t%ld\t", (long long)v[i].sv.id, v[i].sv.fy,
		       v[i].sv.status, v[i].sv.owner_kind, *v[i].sv.owner_ministry ? ":" : "",
		       v[i].sv.owner_ministry, v[i].sel.id ? v[i].sel.state : "-", v[i].picks);
		tsv(v[i].sv.title_ja, 1);
	}
	if (json)
		print_json(a);
	rc = KJ_EXIT_OK;
done:
	json_decref(a);
	free(v);
	return rc;
}

/* The picks of on-site survey ID as FORMAT. */
static int list_picks(struct kj_store *st, int64_t id, const char *format)
{
	struct kj_onsite_view *v = malloc(sizeof *v);
	struct kj_err err;
	int found, rc = KJ_EXIT_FAIL;
	if (!v) {
		kj_cmd_error("out of memory");
		return rc;
	}
	if (kj_app_onsite_get(st, NULL, id, v, &found, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		free(v);
		return rc;
	}
	if (!found) {
		kj_cmd_error("no on-site survey %lld", (long long)id);
		free(v);
		return rc;
	}
	if (kj_store_begin_read(st, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		free(v);
		return rc;
	}
	if (!strcmp(format, "json")) {
		json_t *o = kj_app_onsite_json(st, v, 1, &err);
		if (!o) {
			kj_cmd_error("%s", err.msg);
			goto done;
		}
		print_json(o);
		json_decref(o);
	} else if (!strcmp(format, "csv")) {
		if (kj_app_onsite_picks_csv(stdout, st, v->sel.id, &err) < 0) {
			kj_cmd_error("%s", err.msg);
			goto done;
		}
	} else {
		printf("ord\tcorporate_number\torganisation\tsector\tprefecture\tkikan\trule\t"
		       "detail\tstate\n");
		if (v->sel.id && kj_store_onsite_pick_each(st, v->sel.id, tsv_pick, NULL, &err) < 0) {
			kj_cmd_error("%s", err.msg);
			goto done;
		}
	}
	rc = KJ_EXIT_OK;
done:
	kj_store_rollback(st);
	free(v);
	return rc;
}

static int onsite_list(int argc, char **argv)
{
	const struct kj_command *self = sub("list");
	const char *db = NULL, *survey = NULL, *format = "tsv", *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "survey", 1, &survey }, { "format", 1, &format },
		{ NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	int64_t id = 0;
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (strcmp(format, "tsv") && strcmp(format, "csv") && strcmp(format, "json"))
		return kj_cmd_usage(self, "--format: tsv, csv or json");
	if (survey && kj_app_id(survey, &id) < 0)
		return kj_cmd_usage(self, "--survey: '%s' is not a survey id (a positive number)",
				    survey);
	if (!survey && !strcmp(format, "csv"))
		return kj_cmd_usage(self, "--format csv lists the picks of one survey: give --survey");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	rc = survey ? list_picks(st, id, format) : list_surveys(st, !strcmp(format, "json"));
	kj_store_close(st);
	return rc;
}

static int move(const char *name, const char *to, int argc, char **argv)
{
	const struct kj_command *self = sub(name);
	const char *db = NULL, *survey = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "survey", 1, &survey }, { NULL, 0, NULL },
	};
	int npos, revision, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	int64_t id;
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if ((rc = ids(self, survey, NULL, &id, &revision)) >= 0)
		return rc;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_cli_actor a;
	struct kj_survey_refusal why;
	struct kj_err err;
	kj_cmd_cli_actor(&a);
	rc = outcome(kj_app_onsite_move(st, &a.actor, id, to, &why, &err), &why, &err);
	kj_store_close(st);
	return rc;
}

static int onsite_open(int argc, char **argv)
{
	return move("open", "open", argc, argv);
}

static int onsite_close(int argc, char **argv)
{
	return move("close", "closed", argc, argv);
}
