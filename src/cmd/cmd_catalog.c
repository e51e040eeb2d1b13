/*
 * kijun catalog list|show|export|import|versions|crosswalk: the standard
 * on the command line. Without a database (no --db, no $KIJUN_DB, no
 * ./kijun.db) list, show and export read the version built into the binary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "app/audit_log.h"
#include "model/crosswalk.h"
#include "store/store_catalog.h"
#include "export/catalog_out.h"

/*
 * Spaces that bring S to WIDTH terminal columns: a character outside ASCII
 * (Japanese) takes two columns, so printf's byte count would misalign.
 */
static int pad_to(const char *s, int width)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			w += *p < 0x80 ? 1 : 2;
	return w < width ? width - w : 0;
}

struct common {
	const char *db, *version, *lang;
};

/* Loads the catalog the options name; prints the error on failure. */
static int load(struct kj_catalog *cat, const struct common *c)
{
	struct kj_err err;
	const char *path = kj_cmd_db_path(c->db);
	if (!c->db && !getenv("KIJUN_DB") && access(path, F_OK) != 0) {
		if (c->version && strcmp(c->version, KJ_CATALOG_DEFAULT_VERSION)) {
			kj_cmd_error("no database, and version %s is not built in", c->version);
			return -1;
		}
		if (kj_catalog_load_embedded(cat, &err) == 0)
			return 0;
		kj_cmd_error("built-in standard: %s", err.msg);
		return -1;
	}
	struct kj_store *st;
	if (kj_cmd_open(&st, c->db, KJ_STORE_READONLY) < 0)
		return -1;
	int rc = kj_store_catalog_get(st, c->version, cat, &err);
	kj_store_close(st);
	if (rc < 0)
		kj_cmd_error("%s", err.msg);
	return rc;
}

static int lang_en(const struct kj_command *self, const char *lang, int *en)
{
	*en = 0;
	if (!lang || !strcmp(lang, "ja"))
		return 0;
	if (!strcmp(lang, "en")) {
		*en = 1;
		return 0;
	}
	kj_cmd_usage(self, "--lang must be ja or en, not '%s'", lang);
	return -1;
}

int kj_cmd_catalog_list(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("catalog", "list");
	struct common c = { 0 };
	const char *function = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &c.db }, { "version", 1, &c.version }, { "lang", 1, &c.lang },
		{ "function", 1, &function }, { NULL, 0, NULL },
	};
	int npos, en, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (lang_en(self, c.lang, &en) < 0)
		return KJ_EXIT_USAGE;
	struct kj_catalog cat;
	if (load(&cat, &c) < 0)
		return KJ_EXIT_FAIL;
	int fn = -1;
	if (function && (fn = kj_catalog_function(&cat, function)) < 0) {
		char list[512] = "";
		for (int i = 0; i < cat.nfunctions; i++) {
			size_t l = strlen(list);
			snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "",
				 cat.functions[i].code);
		}
		kj_cmd_usage(self, "unknown function '%s' (one of: %s, or its Japanese name)",
			     function, list);
		kj_catalog_free(&cat);
		return KJ_EXIT_USAGE;
	}
	for (int i = 0; i < cat.nreqs; i++) {
		const struct kj_requirement *r = &cat.reqs[i];
		if (fn >= 0 && r->function != fn)
			continue;
		const struct kj_function *f = &cat.functions[r->function];
		const char *fname = en ? f->code : f->name_ja;
		printf("%-10s %s%*s %s\n", r->id, fname, pad_to(fname, 16), "",
		       en ? r->text_en : r->text_ja);
	}
	kj_catalog_free(&cat);
	return KJ_EXIT_OK;
}

/* LINKS one per line after LABEL: "  2023 3.2.1-1 (reworded)". */
static void print_links(const char *label, const struct kj_req_link *l, int n,
			const char *none)
{
	printf("%s", label);
	if (n == 0)
		printf(" %s", none);
	for (int i = 0; i < n; i++)
		printf("%s%s %s (%s)", i ? ", " : " ", l[i].version, l[i].code, l[i].kind);
	putchar('\n');
}

/*
 * Where requirement ID of VERSION comes from in the version before and
 * goes to in the version after, when the database holds them.
 */
static int show_lineage(const struct common *c, const char *version,
			const char *id, int en)
{
	const char *path = kj_cmd_db_path(c->db);
	if (!c->db && !getenv("KIJUN_DB") && access(path, F_OK) != 0)
		return 0;	/* the built-in version alone: no revisions */
	struct kj_store *st;
	if (kj_cmd_open(&st, c->db, KJ_STORE_READONLY) < 0)
		return -1;
	char prev[KJ_VERSION_MAX], next[KJ_VERSION_MAX];
	struct kj_req_link l[KJ_XW_IDS_MAX];
	struct kj_err err;
	int n, rc = kj_store_version_adjacent(st, version, prev, next, &err);
	if (rc == 0 && (*prev || *next))
		putchar('\n');
	if (rc == 0 && *prev &&
	    (rc = kj_store_req_follow(st, version, id, -1, prev, l, KJ_XW_IDS_MAX,
				      &n, &err)) == 0)
		print_links(en ? "Comes from:" : "前の版:", l, n,
			    en ? "none (new in this version)" : "なし（この版で新設）");
	if (rc == 0 && *next &&
	    (rc = kj_store_req_follow(st, version, id, 1, next, l, KJ_XW_IDS_MAX,
				      &n, &err)) == 0)
		print_links(en ? "Goes to:" : "次の版:", l, n,
			    en ? "none (removed in the next version)" : "なし（次の版で削除）");
	kj_store_close(st);
	if (rc < 0)
		kj_cmd_error("%s", err.msg);
	return rc;
}

int kj_cmd_catalog_show(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("catalog", "show");
	struct common c = { 0 };
	const char *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &c.db }, { "version", 1, &c.version }, { "lang", 1, &c.lang },
		{ NULL, 0, NULL },
	};
	int npos, en, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "give the id of one requirement, e.g. 3.2.1-1");
	if (lang_en(self, c.lang, &en) < 0)
		return KJ_EXIT_USAGE;
	struct kj_catalog cat;
	if (load(&cat, &c) < 0)
		return KJ_EXIT_FAIL;
	const struct kj_requirement *r = kj_catalog_req(&cat, pos[0]);
	if (!r) {
		kj_cmd_error("no requirement '%s' in standard version %s (ids run %s to %s)",
			     pos[0], cat.version, cat.reqs[0].id, cat.reqs[cat.nreqs - 1].id);
		kj_catalog_free(&cat);
		return KJ_EXIT_FAIL;
	}
	const struct kj_function *f = &cat.functions[r->function];
	printf("%s  [%s%s%s]\n", r->id, en ? f->name_en : f->name_ja,
	       en ? "" : " ", en ? "" : f->code);
	/* Section path from the top. */
	int chain[16], depth = 0;
	for (int s = r->section_index; s >= 0 && depth < 16; s = cat.sections[s].parent_index)
		chain[depth++] = s;
	while (depth--) {
		const struct kj_section *s = &cat.sections[chain[depth]];
		printf("%*s%s %s\n", 2 * (s->depth - 1), "", s->id,
		       en ? s->title_en : s->title_ja);
	}
	printf("\n%s\n", en ? r->text_en : r->text_ja);
	if (!en)
		printf("\n(en) %s\n", r->text_en);
	printf("\nCSF 2.0:");
	for (int k = 0; k < r->ncsf; k++) {
		const struct kj_csf_category *k2 = kj_catalog_csf(&cat, r->csf[k]);
		printf("%s %s %s", k ? ";" : "", r->csf[k], k2 ? k2->title : "");
	}
	putchar('\n');
	for (int k = 0; k < r->ndefs; k++) {
		const struct kj_definition *d = &cat.defs[r->defs[k]];
		char where[32];
		if (d->footnote)
			snprintf(where, sizeof where, "fn. %d", d->footnote);
		else
			snprintf(where, sizeof where, "§%.20s text", d->section);
		printf("\n%s%s (%s, %s): %s\n", k ? "" : (en ? "Definitions:\n" : "定義:\n"),
		       en ? d->term_en : d->term_ja, d->id, where,
		       en ? d->text_en : d->text_ja);
	}
	rc = show_lineage(&c, cat.version, r->id, en);
	kj_catalog_free(&cat);
	return rc < 0 ? KJ_EXIT_FAIL : KJ_EXIT_OK;
}

int kj_cmd_catalog_export(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("catalog", "export");
	struct common c = { 0 };
	const char *format = NULL, *output = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &c.db }, { "version", 1, &c.version },
		{ "format", 1, &format }, { "output", 1, &output }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	int (*write)(const struct kj_catalog *, FILE *) = NULL;
	if (!format)
		return kj_cmd_usage(self, "--format is required");
	if (!strcmp(format, "json"))
		write = kj_catalog_write_json;
	else if (!strcmp(format, "csv"))
		write = kj_catalog_write_csv;
	else if (!strcmp(format, "oscal"))
		write = kj_catalog_write_oscal;
	else
		return kj_cmd_usage(self, "--format must be json, csv or oscal, not '%s'", format);
	struct kj_catalog cat;
	if (load(&cat, &c) < 0)
		return KJ_EXIT_FAIL;
	FILE *f = stdout;
	if (output && !(f = fopen(output, "w"))) {
		kj_cmd_error("cannot write %s", output);
		kj_catalog_free(&cat);
		return KJ_EXIT_FAIL;
	}
	rc = write(&cat, f);
	if (fflush(f) != 0)
		rc = -1;
	if (f != stdout && fclose(f) != 0)
		rc = -1;
	kj_catalog_free(&cat);
	if (rc < 0) {
		kj_cmd_error("writing the export failed");
		return KJ_EXIT_FAIL;
	}
	return KJ_EXIT_OK;
}

int kj_cmd_catalog_record(struct kj_store *st, const struct kj_catalog *cat,
			  struct kj_err *err)
{
	return kj_cmd_catalog_record_xw(st, cat, NULL, err);
}

int kj_cmd_catalog_record_xw(struct kj_store *st, const struct kj_catalog *cat,
			     const struct kj_crosswalk *xw, struct kj_err *err)
{
	char actor[KJ_AUDIT_ACTOR_MAX], detail[384];
	kj_cmd_actor(actor, sizeof actor);
	size_t n = 0;
	int w = snprintf(detail, sizeof detail, "{\"effective\":\"%.10s\",\"requirements\":%d",
			 cat->effective, cat->nreqs);
	/* Each piece is checked for truncation before the next is appended. */
	if (w >= 0 && (size_t)w < sizeof detail && xw) {
		int count[KJ_XW_NKINDS] = { 0 };
		for (int i = 0; i < xw->n; i++)
			count[xw->entries[i].kind]++;
		n = (size_t)w;
		w = snprintf(detail + n, sizeof detail - n, ",\"crosswalk_from\":\"%s\"",
			     xw->from);
		for (int k = 0; k < KJ_XW_NKINDS && w >= 0 && (size_t)w < sizeof detail - n; k++) {
			n += (size_t)w;
			w = snprintf(detail + n, sizeof detail - n, ",\"%s\":%d",
				     kj_xw_kind_name(k), count[k]);
		}
	}
	if (w >= 0 && (size_t)w < sizeof detail - n) {
		n += (size_t)w;
		w = snprintf(detail + n, sizeof detail - n, "}");
	}
	if (w < 0 || (size_t)w >= sizeof detail - n) {
		kj_err_set(err, "audit detail too long");
		return -1;
	}
	return kj_audit_log(st, 0, actor, "catalog.import", "standard_version",
			    cat->version, detail, err);
}

int kj_cmd_catalog_import(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("catalog", "import");
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "give the data folder of one standard version");
	struct kj_catalog cat;
	struct kj_crosswalk xw;
	struct kj_err err;
	int has_xw;
	/* The whole folder is validated before the database is opened. */
	if (kj_catalog_load_dir(&cat, pos[0], &err) < 0) {
		kj_cmd_error("%s: %s", pos[0], err.msg);
		return KJ_EXIT_FAIL;
	}
	if (kj_crosswalk_load_dir(&xw, pos[0], &has_xw, &err) < 0) {
		kj_cmd_error("%s: %s", pos[0], err.msg);
		kj_catalog_free(&cat);
		return KJ_EXIT_FAIL;
	}
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0) {
		kj_crosswalk_free(&xw);
		kj_catalog_free(&cat);
		return KJ_EXIT_FAIL;
	}
	/* The version, its links and the audit entry: one transaction. */
	int created = 0;
	rc = kj_store_begin(st, &err);
	if (rc == 0 && (rc = kj_store_catalog_put_xw(st, &cat, has_xw ? &xw : NULL,
						     &created, &err)) == 0 && created)
		rc = kj_cmd_catalog_record_xw(st, &cat, has_xw ? &xw : NULL, &err);
	if (rc == 0)
		rc = kj_store_commit(st, &err);
	else if (kj_store_in_tx(st))
		kj_store_rollback(st);
	kj_store_close(st);
	if (rc < 0)
		kj_cmd_error("%s: %s", pos[0], err.msg);
	else
		printf("standard version %s %s (%d requirements, in force from %s)\n",
		       cat.version, created ? "imported" : "was already imported, unchanged",
		       cat.nreqs, cat.effective);
	if (rc == 0 && created && has_xw)
		printf("crosswalk from version %s: %d entries\n", xw.from, xw.n);
	kj_crosswalk_free(&xw);
	kj_catalog_free(&cat);
	return rc < 0 ? KJ_EXIT_FAIL : KJ_EXIT_OK;
}

int kj_cmd_catalog_versions(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("catalog", "versions");
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_version_info v[KJ_VERSIONS_MAX];
	struct kj_err err;
	int n;
	rc = kj_store_catalog_versions(st, v, KJ_VERSIONS_MAX, &n, &err);
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	for (int i = 0; i < n; i++)
		/* Oldest first: each version after the first has a crosswalk
		 * from the one before it (`catalog crosswalk VERSION`). */
		printf("%-10s in force from %s  %3d requirements  imported %s%s%s\n",
		       v[i].version, v[i].effective, v[i].nreqs, v[i].imported_at,
		       i ? "  crosswalk from " : "", i ? v[i - 1].version : "");
	return KJ_EXIT_OK;
}

int kj_cmd_catalog_crosswalk(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("catalog", "crosswalk");
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "give the version label of a revision, e.g. 2029");
	if (strlen(pos[0]) >= KJ_VERSION_MAX)
		return kj_cmd_usage(self, "a version label has at most %d bytes",
				    KJ_VERSION_MAX - 1);
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	size_t max = 2 * (size_t)KJ_XW_ENTRIES_MAX;
	struct kj_xw_row *rows = calloc(max, sizeof *rows);
	char from[KJ_VERSION_MAX];
	struct kj_err err;
	int n = 0;
	if (!rows) {
		kj_err_set(&err, "out of memory");
		rc = -1;
	} else {
		rc = kj_store_crosswalk(st, pos[0], from, rows, (int)max, &n, &err);
	}
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		free(rows);
		return KJ_EXIT_FAIL;
	}
	if (!*from)
		printf("version %s is the first in the database: no crosswalk\n", pos[0]);
	else
		printf("crosswalk from version %s to %s\n", from, pos[0]);
	for (int i = 0; i < n; i++)
		printf("%-9s %-10s -> %s\n", rows[i].kind, *rows[i].from ? rows[i].from : "-",
		       *rows[i].to ? rows[i].to : "-");
	free(rows);
	return KJ_EXIT_OK;
}
