/*
 * Crosswalks of revisions (model/crosswalk.c) and their links in the store
 * (store/store_catalog.c): each kind accepted, each kind of mistake refused
 * with a message naming the entry and the field, links followed across
 * revisions, and coverage following splits and merges.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/safety_import.h"
#include "helpers.h"
#include "base/embed.h"
#include "model/catalog.h"
#include "model/crosswalk.h"
#include "app/demo_predecessor.h"
#include "model/safety.h"
#include "store/store.h"
#include "store/store_safety.h"
#include "store/store_catalog.h"

static const struct kj_actor test_actor = { NULL, 0, "test" };

#define DB kj_test_db_ref("crosswalk.db")

/*
 * Version 2029 made from the built-in 2026, one of each kind:
 *   reworded 3.2.1-1 (text prefixed);
 *   split    3.7-1 -> 3.7-1, 3.7-2 (3.7-2 added);
 *   merged   3.2.9-2, 3.2.9-3 -> 3.2.9-2 (3.2.9-3 gone, 3.2.9-2 reworded);
 *   removed  3.2.6-2;
 *   new      3.3.6-4;
 *   renumbered, same text: 3.2.4-2 -> 3.2.4-1, old 3.2.4-1 removed.
 */
static int read_2029(void *ctx, const char *name, char **data, size_t *len,
		     struct kj_err *err)
{
	(void)ctx;
	char path[128];
	snprintf(path, sizeof path, "standard/2026/%s", name);
	const struct kj_embedded_file *f = kj_embedded_find(path);
	if (!f) {
		kj_err_set(err, "%s not built in", path);
		return -1;
	}
	if (strcmp(name, "requirements.json") && strcmp(name, "standard.json")) {
		*data = malloc(f->len + 1);
		memcpy(*data, f->data, f->len + 1);
		*len = f->len;
		return 0;
	}
	json_t *doc = json_loadb((const char *)f->data, f->len, 0, NULL);
	assert_non_null(doc);
	if (!strcmp(name, "standard.json")) {
		json_object_set_new(doc, "version", json_string("2029"));
		json_object_set_new(doc, "effective", json_string("2029-10-01"));
	} else {
		json_t *out = json_array(), *r;
		size_t i;
		json_t *split_src = NULL;
		json_array_foreach(doc, i, r) {
			const char *id = json_string_value(json_object_get(r, "id"));
			const char *t = json_string_value(json_object_get(r, "text_ja"));
			char buf[4096];
			if (!strcmp(id, "3.2.6-2") || !strcmp(id, "3.2.9-3") ||
			    !strcmp(id, "3.2.4-1"))
				continue;
			json_t *c = json_deep_copy(r);
			if (!strcmp(id, "3.2.1-1") || !strcmp(id, "3.2.9-2")) {
				snprintf(buf, sizeof buf, "【改訂】%s", t);
				json_object_set_new(c, "text_ja", json_string(buf));
			}
			if (!strcmp(id, "3.2.4-2")) {
				json_object_set_new(c, "id", json_string("3.2.4-1"));
				json_object_set_new(c, "n", json_integer(1));
			}
			json_array_append_new(out, c);
			if (!strcmp(id, "3.3.6-3")) {
				json_t *n = json_deep_copy(r);
				json_object_set_new(n, "id", json_string("3.3.6-4"));
				json_object_set_new(n, "n", json_integer(4));
				json_object_set_new(n, "text_ja", json_string("新たな対策事項。"));
				json_array_append_new(out, n);
			}
			if (!strcmp(id, "3.7-1"))
				split_src = r;
		}
		assert_non_null(split_src);
		json_t *n = json_deep_copy(split_src);
		json_object_set_new(n, "id", json_string("3.7-2"));
		json_object_set_new(n, "n", json_integer(2));
		json_object_set_new(n, "text_ja", json_string("分割された後半。"));
		json_array_append_new(out, n);
		json_decref(doc);
		doc = out;
	}
	*data = json_dumps(doc, 0);
	*len = strlen(*data);
	json_decref(doc);
	return 0;
}

struct fixture {
	struct kj_catalog c26, c29;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct kj_err err;
	if (!f || kj_catalog_load_embedded(&f->c26, &err) < 0)
		return -1;
	if (kj_catalog_load(&f->c29, read_2029, NULL, &err) < 0) {
		fprintf(stderr, "2029: %s\n", err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	kj_catalog_free(&f->c26);
	kj_catalog_free(&f->c29);
	free(f);
	return 0;
}

/* The entries a draft by equal id cannot guess. */
static const struct kj_xw_entry extra[] = {
	{ KJ_XW_SPLIT, { "3.7-1" }, 1, { "3.7-1", "3.7-2" }, 2 },
	{ KJ_XW_MERGED, { "3.2.9-2", "3.2.9-3" }, 2, { "3.2.9-2" }, 1 },
	{ KJ_XW_SAME, { "3.2.4-2" }, 1, { "3.2.4-1" }, 1 },
	{ KJ_XW_REMOVED, { "3.2.4-1" }, 1, { 0 }, 0 },
};
#define NEXTRA ((int)(sizeof extra / sizeof extra[0]))

/* The right crosswalk 2026 -> 2029 as a JSON document (json_decref it). */
static json_t *good_doc(const struct fixture *f)
{
	char *text;
	size_t len;
	struct kj_err err;
	assert_int_equal(kj_crosswalk_draft(&text, &len, &f->c26, &f->c29, extra,
					    NEXTRA, &err), 0);
	json_t *doc = json_loadb(text, len, 0, NULL);
	free(text);
	assert_non_null(doc);
	return doc;
}

/* Parses and validates DOC (taken); returns the result, message in ERR. */
static int check_doc(const struct fixture *f, json_t *doc, struct kj_err *err)
{
	char *text = json_dumps(doc, 0);
	json_decref(doc);
	struct kj_crosswalk xw;
	if (kj_crosswalk_parse(&xw, text, strlen(text), err) < 0)
		return -1;
	int rc = kj_crosswalk_validate(&xw, &f->c26, &f->c29, err);
	kj_crosswalk_free(&xw);
	return rc;
}

/* Entry I of DOC's entries whose side SIDE holds ID. */
static json_t *entry_with(json_t *doc, const char *side, const char *id, int *at)
{
	json_t *a = json_object_get(doc, "entries"), *e;
	size_t i;
	json_array_foreach(a, i, e) {
		json_t *ids = json_object_get(e, side), *v;
		size_t k;
		json_array_foreach(ids, k, v)
			if (!strcmp(json_string_value(v), id)) {
				if (at)
					*at = (int)i;
				return e;
			}
	}
	fail_msg("no entry with %s %s", side, id);
	return NULL;
}

static void assert_has(const char *msg, const char *part)
{
	if (!strstr(msg, part))
		fail_msg("message \"%s\" lacks \"%s\"", msg, part);
}

static void test_every_kind_accepted(void **state)
{
	struct fixture *f = *state;
	json_t *doc = good_doc(f);
	int count[KJ_XW_NKINDS] = { 0 };
	json_t *e;
	size_t i;
	json_array_foreach(json_object_get(doc, "entries"), i, e)
		count[kj_xw_kind_parse(json_string_value(json_object_get(e, "kind")))]++;
	for (int k = 0; k < KJ_XW_NKINDS; k++)
		assert_true(count[k] >= 1);
	assert_int_equal(count[KJ_XW_REWORDED], 1);
	assert_int_equal(count[KJ_XW_SPLIT], 1);
	assert_int_equal(count[KJ_XW_MERGED], 1);
	assert_int_equal(count[KJ_XW_REMOVED], 2);
	assert_int_equal(count[KJ_XW_NEW], 1);
	struct kj_err err = { "" };
	if (check_doc(f, doc, &err) < 0)
		fail_msg("%s", err.msg);
}

static void test_kind_names(void **state)
{
	(void)state;
	for (int k = 0; k < KJ_XW_NKINDS; k++)
		assert_int_equal(kj_xw_kind_parse(kj_xw_kind_name(k)), k);
	assert_int_equal(kj_xw_kind_parse("moved"), -1);
	assert_string_equal(kj_xw_kind_name(99), "?");
}

/* Shape errors, found by the parser alone. */
static void test_parse_errors(void **state)
{
	(void)state;
	static const struct { const char *json, *want1, *want2; } cases[] = {
		{ "[]", "crosswalk.json", "JSON object" },
		{ "{\"from\": \"2026\", \"entries\": [", "crosswalk.json", "invalid JSON" },
		{ "{\"from\": \"2026\"}", "\"entries\"", "non-empty" },
		{ "{\"from\": \"2026\", \"entries\": []}", "\"entries\"", "non-empty" },
		{ "{\"entries\": [{\"kind\": \"new\", \"from\": [], \"to\": [\"3.7-2\"]}]}",
		  "\"from\"", "label" },
		{ "{\"from\": \"\", \"entries\": [{\"kind\": \"new\", \"from\": [], \"to\": [\"3.7-2\"]}]}",
		  "\"from\"", "label" },
		{ "{\"from\": \"2026\", \"from2\": 1, \"entries\": [{\"kind\": \"new\", \"from\": [], \"to\": [\"3.7-2\"]}]}",
		  "crosswalk.json", "unknown member \"from2\"" },
		{ "{\"from\": \"2026\", \"from\": \"2023\", \"entries\": [{\"kind\": \"new\", \"from\": [], \"to\": [\"3.7-2\"]}]}",
		  "crosswalk.json", "duplicate" },
		{ "{\"from\": \"2026\", \"entries\": [1]}", "entry 1", "object" },
		{ "{\"from\": \"2026\", \"entries\": [{\"from\": [], \"to\": [\"3.7-2\"]}]}",
		  "entry 1: \"kind\"", "missing" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"moved\", \"from\": [\"3.7-1\"], \"to\": [\"3.7-1\"]}]}",
		  "entry 1: \"kind\"", "unknown kind \"moved\"" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"\\u001b[2J\", \"from\": [\"3.7-1\"], \"to\": [\"3.7-1\"]}]}",
		  "entry 1: \"kind\"", "(not shown" },
		{ "{\"from\": \"20 26\", \"entries\": [{\"kind\": \"new\", \"from\": [], \"to\": [\"3.7-2\"]}]}",
		  "\"from\"", "lowercase letters" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"same\", \"from\": [\"3.7-1\"], \"to\": [\"3.7-1\"], \"note\": 1}]}",
		  "entry 1", "unknown member \"note\"" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"same\", \"from\": \"3.7-1\", \"to\": [\"3.7-1\"]}]}",
		  "entry 1: \"from\"", "array" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"same\", \"from\": [\"3.7-1\"], \"to\": [\"<b>\"]}]}",
		  "entry 1: \"to\"", "not a requirement id" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"same\", \"from\": [\"3.7-1\"], \"to\": [7]}]}",
		  "entry 1: \"to\"", "not a requirement id" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"split\", \"from\": [\"3.7-1\"], \"to\": [\"3.7-1\", \"3.7-1\"]}]}",
		  "entry 1: \"to\"", "named twice" },
		/* Arity of each kind. */
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"same\", \"from\": [\"3.7-1\", \"3.6.3-1\"], \"to\": [\"3.7-1\"]}]}",
		  "entry 1: \"from\"", "same entry has exactly one old id" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"reworded\", \"from\": [\"3.7-1\"], \"to\": []}]}",
		  "entry 1: \"to\"", "reworded entry has exactly one new id" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"split\", \"from\": [\"3.7-1\"], \"to\": [\"3.7-1\"]}]}",
		  "entry 1: \"to\"", "two or more new ids" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"split\", \"from\": [], \"to\": [\"3.7-1\", \"3.7-2\"]}]}",
		  "entry 1: \"from\"", "exactly one old id" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"merged\", \"from\": [\"3.7-1\"], \"to\": [\"3.7-1\"]}]}",
		  "entry 1: \"from\"", "two or more old ids" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"merged\", \"from\": [\"3.7-1\", \"3.6.3-1\"], \"to\": [\"3.7-1\", \"3.7-2\"]}]}",
		  "entry 1: \"to\"", "exactly one new id" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"removed\", \"from\": [\"3.7-1\"], \"to\": [\"3.7-1\"]}]}",
		  "entry 1: \"to\"", "no new id" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"removed\", \"from\": [], \"to\": []}]}",
		  "entry 1: \"from\"", "exactly one old id" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"new\", \"from\": [\"3.7-1\"], \"to\": [\"3.7-2\"]}]}",
		  "entry 1: \"from\"", "no old id" },
		{ "{\"from\": \"2026\", \"entries\": [{\"kind\": \"new\", \"from\": [], \"to\": []}]}",
		  "entry 1: \"to\"", "exactly one new id" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kj_crosswalk xw;
		struct kj_err err = { "" };
		char *text = strdup(cases[i].json);
		if (kj_crosswalk_parse(&xw, text, strlen(text), &err) == 0)
			fail_msg("case %zu accepted: %s", i, cases[i].json);
		assert_has(err.msg, cases[i].want1);
		assert_has(err.msg, cases[i].want2);
		assert_null(xw.entries);	/* freed, nothing left behind */
	}
}

static void test_parse_limits(void **state)
{
	(void)state;
	struct kj_crosswalk xw;
	struct kj_err err = { "" };
	/* Too deep, too many ids on a side, not UTF-8. */
	size_t n = 100;
	char *deep = malloc(n * 2 + 1);
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	assert_int_equal(kj_crosswalk_parse(&xw, deep, 2 * n, &err), -1);
	assert_has(err.msg, "deeper");
	json_t *doc = json_pack("{s:s, s:[{s:s, s:[s], s:[]}]}", "from", "2026", "entries",
				"kind", "split", "from", "3.7-1", "to");
	json_t *to = json_object_get(json_array_get(json_object_get(doc, "entries"), 0), "to");
	for (int i = 0; i <= KJ_XW_IDS_MAX; i++) {
		char id[16];
		snprintf(id, sizeof id, "3.7-%d", i + 1);
		json_array_append_new(to, json_string(id));
	}
	char *text = json_dumps(doc, 0);
	json_decref(doc);
	assert_int_equal(kj_crosswalk_parse(&xw, text, strlen(text), &err), -1);
	assert_has(err.msg, "more than 16 ids");
	char *bad = strdup("{\"from\": \"20\xff\", \"entries\": []}");
	assert_int_equal(kj_crosswalk_parse(&xw, bad, strlen(bad), &err), -1);
	assert_has(err.msg, "UTF-8");
}

/* Errors only the two catalogs reveal. */
static void test_validate_errors(void **state)
{
	struct fixture *f = *state;
	struct kj_err err = { "" };
	json_t *doc, *e;
	int at;
	char want[64];

	/* The wrong predecessor. */
	doc = good_doc(f);
	json_object_set_new(doc, "from", json_string("2023"));
	assert_int_equal(check_doc(f, doc, &err), -1);
	assert_has(err.msg, "\"from\"");
	assert_has(err.msg, "2023");

	/* An id that is not in the old version, and one not in the new. */
	doc = good_doc(f);
	e = entry_with(doc, "from", "3.2.6-2", &at);
	json_array_set_new(json_object_get(e, "from"), 0, json_string("3.2.6-9"));
	assert_int_equal(check_doc(f, doc, &err), -1);
	snprintf(want, sizeof want, "entry %d: \"from\"", at + 1);
	assert_has(err.msg, want);
	assert_has(err.msg, "3.2.6-9 is not a requirement of version 2026");

	doc = good_doc(f);
	e = entry_with(doc, "to", "3.3.6-4", &at);
	json_array_set_new(json_object_get(e, "to"), 0, json_string("3.3.6-9"));
	assert_int_equal(check_doc(f, doc, &err), -1);
	snprintf(want, sizeof want, "entry %d: \"to\"", at + 1);
	assert_has(err.msg, want);
	assert_has(err.msg, "3.3.6-9 is not a requirement of version 2029");

	/* An old id in two entries; a new id in two entries. */
	doc = good_doc(f);
	json_array_append_new(json_object_get(doc, "entries"),
			      json_pack("{s:s, s:[s], s:[]}", "kind", "removed", "from",
					"3.2.1-2", "to"));
	assert_int_equal(check_doc(f, doc, &err), -1);
	assert_has(err.msg, "\"from\": 3.2.1-2 is already in entry");

	doc = good_doc(f);
	json_array_append_new(json_object_get(doc, "entries"),
			      json_pack("{s:s, s:[], s:[s]}", "kind", "new", "from", "to",
					"3.7-2"));
	assert_int_equal(check_doc(f, doc, &err), -1);
	assert_has(err.msg, "\"to\": 3.7-2 is already in entry");

	/* An old requirement accounted for nowhere; a new one reached nowhere. */
	doc = good_doc(f);
	entry_with(doc, "from", "3.2.6-2", &at);
	json_array_remove(json_object_get(doc, "entries"), (size_t)at);
	assert_int_equal(check_doc(f, doc, &err), -1);
	assert_has(err.msg, "\"entries\"");
	assert_has(err.msg, "requirement 3.2.6-2 of version 2026 is in no entry's \"from\"");

	doc = good_doc(f);
	entry_with(doc, "to", "3.3.6-4", &at);
	json_array_remove(json_object_get(doc, "entries"), (size_t)at);
	assert_int_equal(check_doc(f, doc, &err), -1);
	assert_has(err.msg, "requirement 3.3.6-4 of version 2029 is in no entry's \"to\"");

	/* "same" with different texts, "reworded" with equal ones. */
	doc = good_doc(f);
	e = entry_with(doc, "from", "3.2.1-1", &at);
	json_object_set_new(e, "kind", json_string("same"));
	assert_int_equal(check_doc(f, doc, &err), -1);
	snprintf(want, sizeof want, "entry %d: \"kind\"", at + 1);
	assert_has(err.msg, want);
	assert_has(err.msg, "texts of 3.2.1-1 and 3.2.1-1 differ");

	doc = good_doc(f);
	e = entry_with(doc, "from", "3.2.1-2", &at);
	json_object_set_new(e, "kind", json_string("reworded"));
	assert_int_equal(check_doc(f, doc, &err), -1);
	assert_has(err.msg, "are equal");

	/* A renumbered requirement with the same text may be "same" (above);
	 * mapped onto another requirement's text it may not. */
	doc = good_doc(f);
	e = entry_with(doc, "from", "3.2.4-2", &at);
	json_array_set_new(json_object_get(e, "to"), 0, json_string("3.2.5.1-1"));
	assert_int_equal(check_doc(f, doc, &err), -1);
}

static void test_load_dir(void **state)
{
	(void)state;
	struct kj_crosswalk xw;
	struct kj_err err = { "" };
	int found = -1;
	assert_int_equal(kj_crosswalk_load_dir(&xw, KJ_STANDARD_DIR, &found, &err), 0);
	assert_int_equal(found, 0);
	th_rmdir("xwdir");
	assert_int_equal(th_copy_dir(KJ_STANDARD_DIR, "xwdir"), 0);
	const char *text = "{\"from\": \"2023\", \"entries\": [{\"kind\": \"bogus\"}]}";
	assert_int_equal(th_write("xwdir/crosswalk.json", text, strlen(text)), 0);
	assert_int_equal(kj_crosswalk_load_dir(&xw, "xwdir", &found, &err), -1);
	assert_int_equal(found, 1);
	assert_has(err.msg, "crosswalk.json: entry 1: \"kind\"");
	th_rmdir("xwdir");
}

/* 2026 and 2029 in a database, linked through the good crosswalk. */
static struct kj_store *db_2029(const struct fixture *f)
{
	struct kj_store *st = th_init_db(DB);
	struct kj_crosswalk xw;
	struct kj_err err = { "" };
	int created = 0;
	json_t *doc = good_doc(f);
	char *text = json_dumps(doc, 0);
	json_decref(doc);
	assert_int_equal(kj_crosswalk_parse(&xw, text, strlen(text), &err), 0);
	if (kj_store_catalog_put_xw(st, &f->c29, &xw, &created, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(created, 1);
	kj_crosswalk_free(&xw);
	return st;
}

static void test_store_links(void **state)
{
	struct fixture *f = *state;
	struct kj_store *st = db_2029(f);
	struct kj_err err = { "" };
	/* Rows: 88 old requirements linked, the split one twice; changed = 0 only for same. */
	assert_int_equal(th_sql_long(DB, "SELECT COUNT(*) FROM requirement_succession"), 89);
	assert_int_equal(th_sql_long(DB, "SELECT COUNT(*) FROM requirement_succession"
				     " WHERE kind = 'split'"), 2);
	assert_int_equal(th_sql_long(DB, "SELECT COUNT(*) FROM requirement_succession"
				     " WHERE kind = 'merged'"), 2);
	assert_int_equal(th_sql_long(DB, "SELECT COUNT(*) FROM requirement_succession"
				     " WHERE (kind = 'same') <> (changed = 0)"), 0);

	/* The listing: links, removed among them, new at the end. */
	struct kj_xw_row rows[200];
	char from[KJ_VERSION_MAX];
	int n = 0;
	assert_int_equal(kj_store_crosswalk(st, "2029", from, rows, 200, &n, &err), 0);
	assert_string_equal(from, "2026");
	assert_int_equal(n, 89 + 2 + 1);
	assert_string_equal(rows[n - 1].kind, "new");
	assert_string_equal(rows[n - 1].to, "3.3.6-4");
	int removed = 0;
	for (int i = 0; i < n; i++)
		removed += !strcmp(rows[i].kind, "removed");
	assert_int_equal(removed, 2);
	assert_int_equal(kj_store_crosswalk(st, "2029", from, rows, 10, &n, &err), -1);
	assert_int_equal(kj_store_crosswalk(st, "2026", from, rows, 200, &n, &err), 0);
	assert_string_equal(from, "");
	assert_int_equal(n, 0);
	assert_int_equal(kj_store_crosswalk(st, "1999", from, rows, 200, &n, &err), -1);
	assert_has(err.msg, "1999");

	/* Following: forward to the version in force, and back. */
	struct kj_req_link l[8];
	assert_int_equal(kj_store_req_follow(st, "2026", "3.7-1", 1, NULL, l, 8, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(l[0].code, "3.7-1");
	assert_string_equal(l[1].code, "3.7-2");
	assert_string_equal(l[1].kind, "split");
	assert_string_equal(l[1].version, "2029");
	assert_int_equal(l[1].steps, 1);
	assert_int_equal(kj_store_req_follow(st, "2029", "3.2.9-2", -1, NULL, l, 8, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(l[1].code, "3.2.9-3");
	assert_string_equal(l[1].kind, "merged");
	assert_int_equal(kj_store_req_follow(st, "2026", "3.2.4-2", 1, "2029", l, 8, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].code, "3.2.4-1");
	assert_string_equal(l[0].kind, "same");
	assert_int_equal(kj_store_req_follow(st, "2026", "3.2.6-2", 1, NULL, l, 8, &n, &err), 0);
	assert_int_equal(n, 0);	/* removed */
	assert_int_equal(kj_store_req_follow(st, "2029", "3.3.6-4", -1, "2026", l, 8, &n, &err), 0);
	assert_int_equal(n, 0);	/* new */
	assert_int_equal(kj_store_req_follow(st, "2026", "3.7-1", 1, "1999", l, 8, &n, &err), -1);

	char prev[KJ_VERSION_MAX], next[KJ_VERSION_MAX];
	assert_int_equal(kj_store_version_adjacent(st, "2026", prev, next, &err), 0);
	assert_string_equal(prev, "");
	assert_string_equal(next, "2029");
	kj_store_close(st);
	th_rm_db(DB);
}

/* The store refuses what the file cannot know is wrong, and writes nothing. */
static void test_store_refusals(void **state)
{
	struct fixture *f = *state;
	struct kj_store *st = th_init_db(DB);
	struct kj_err err = { "" };
	struct kj_crosswalk xw;
	int created = -1;
	long before = th_sql_long(DB, "SELECT COUNT(*) FROM requirement");

	/* Without a crosswalk. */
	assert_int_equal(kj_store_catalog_put(st, &f->c29, &created, &err), -1);
	assert_has(err.msg, "needs a crosswalk.json");
	/* A valid file naming a version that is not the predecessor. */
	json_t *doc = good_doc(f);
	json_object_set_new(doc, "from", json_string("2023"));
	char *text = json_dumps(doc, 0);
	json_decref(doc);
	assert_int_equal(kj_crosswalk_parse(&xw, text, strlen(text), &err), 0);
	assert_int_equal(kj_store_catalog_put_xw(st, &f->c29, &xw, &created, &err), -1);
	assert_has(err.msg, "names version 2023, but version 2029 succeeds 2026");
	kj_crosswalk_free(&xw);
	/* A crosswalk with an error found only against the stored version. */
	doc = good_doc(f);
	json_array_remove(json_object_get(doc, "entries"), 0);
	text = json_dumps(doc, 0);
	json_decref(doc);
	assert_int_equal(kj_crosswalk_parse(&xw, text, strlen(text), &err), 0);
	assert_int_equal(kj_store_catalog_put_xw(st, &f->c29, &xw, &created, &err), -1);
	assert_has(err.msg, "in no entry's \"from\"");
	kj_crosswalk_free(&xw);
	assert_int_equal(th_sql_long(DB, "SELECT COUNT(*) FROM requirement"), before);
	assert_int_equal(th_sql_long(DB, "SELECT COUNT(*) FROM standard_version"), 1);
	kj_store_close(st);
	th_rm_db(DB);
}

/* Coverage of 2029 from mappings made against 2026 (docs/metrics.md). */
static void test_coverage_split_merged(void **state)
{
	struct fixture *f = *state;
	struct kj_store *st = db_2029(f);
	struct kj_err err = { "" };
	struct kj_clause_import_stats stats;
	struct kj_clause_record r[3];
	memset(r, 0, sizeof r);
	/* electricity: class 1 full on 3.7-1 and on both merged olds;
	 * gas: class 1 full on one merged old only. */
	for (int i = 0; i < 3; i++) {
		snprintf(r[i].sector, sizeof r[i].sector, "%s", i < 2 ? "electricity" : "gas");
		r[i].class_n = 1;
		snprintf(r[i].issuer, sizeof r[i].issuer, "経済産業省");
		snprintf(r[i].title, sizeof r[i].title, "規程 %d", i);
		snprintf(r[i].number, sizeof r[i].number, "第%d条", i + 1);
		snprintf(r[i].clause_title, sizeof r[i].clause_title, "条項");
	}
	snprintf(r[0].reqs[r[0].nreqs++], KJ_ID_MAX, "3.7-1");
	snprintf(r[1].reqs[r[1].nreqs++], KJ_ID_MAX, "3.2.9-2");
	snprintf(r[1].reqs[r[1].nreqs++], KJ_ID_MAX, "3.2.9-3");
	snprintf(r[2].reqs[r[2].nreqs++], KJ_ID_MAX, "3.2.9-2");
	/* Mapped against 2026; 2029 is reached through the links. */
	if (kj_app_safety_save(st, &test_actor, r, 3, "2026", &stats, &err) < 0)
		fail_msg("%s", err.msg);
	struct kj_coverage c;
	memset(&c, 0, sizeof c);
	if (kj_store_coverage(st, &f->c29, &c, &err) < 0)
		fail_msg("%s", err.msg);
	int el = -1, gas = -1;
	for (int i = 0; i < f->c29.nsectors; i++) {
		if (!strcmp(f->c29.sectors[i].code, "electricity"))
			el = i;
		if (!strcmp(f->c29.sectors[i].code, "gas"))
			gas = i;
	}
	int nr = f->c29.nreqs;
	int s1 = kj_catalog_req_index(&f->c29, "3.7-1"), s2 = kj_catalog_req_index(&f->c29, "3.7-2");
	int m = kj_catalog_req_index(&f->c29, "3.2.9-2");
	/* Split: both parts inherit the old requirement's state, fully. */
	assert_int_equal(c.cov[el * nr + s1], KJ_COV_GOVERNMENT);
	assert_int_equal(c.partial[el * nr + s1], 0);
	assert_int_equal(c.cov[el * nr + s2], KJ_COV_GOVERNMENT);
	assert_int_equal(c.partial[el * nr + s2], 0);
	/* Merged: full where every merged one was full, partial where one was. */
	assert_int_equal(c.cov[el * nr + m], KJ_COV_GOVERNMENT);
	assert_int_equal(c.partial[el * nr + m], 0);
	assert_int_equal(c.cov[gas * nr + m], KJ_COV_GOVERNMENT);
	assert_int_equal(c.partial[gas * nr + m], 1);
	/* New and changed flags follow the kinds. */
	assert_int_equal(c.req_new[kj_catalog_req_index(&f->c29, "3.3.6-4")], 1);
	assert_int_equal(c.req_changed[s2], 1);
	assert_int_equal(c.req_changed[m], 1);
	assert_int_equal(c.req_changed[kj_catalog_req_index(&f->c29, "3.2.4-1")], 0);
	kj_coverage_free(&c);
	for (int i = 0; i < 3; i++)
		free(r[i].text);
	kj_store_close(st);
	th_rm_db(DB);
}

/* The demo's synthetic predecessor: stored, linked, and counted right. */
static void test_demo_predecessor(void **state)
{
	struct fixture *f = *state;
	struct kj_store *st = th_init_db(DB);
	struct kj_err err = { "" };
	struct kj_demo_predecessor d;
	if (kj_demo_predecessor(st, &f->c26, &d, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(d.created, 1);
	assert_string_equal(d.version, "2023");
	assert_string_equal(d.effective, "2023-10-01");
	assert_true(strcmp(d.effective, "2024-04-01") < 0);	/* before FY2024 */
	/* 90 - 2 absent - 1 split away + 1 merged away. */
	assert_int_equal(d.nreqs, 88);
	assert_int_equal(d.nnew, 2);
	assert_int_equal(d.nsplit, 1);
	assert_int_equal(d.nmerged, 1);
	assert_int_equal(d.nreworded, 3);
	assert_int_equal(d.nsame, 88 - 1 - 2 - 3);

	/* The versions, oldest first; the current one still in force. */
	struct kj_version_info v[4];
	int n = 0;
	assert_int_equal(kj_store_catalog_versions(st, v, 4, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].version, "2023");
	assert_int_equal(v[0].nreqs, 88);
	assert_string_equal(v[1].version, "2026");
	struct kj_catalog got;
	assert_int_equal(kj_store_catalog_get(st, NULL, &got, &err), 0);
	assert_string_equal(got.version, "2026");
	kj_catalog_free(&got);
	assert_int_equal(kj_store_catalog_get(st, "2023", &got, &err), 0);
	assert_non_null(strstr(got.title_ja, "架空"));
	assert_non_null(strstr(got.title_en, "demo predecessor"));
	kj_catalog_free(&got);

	/* Its crosswalk as stored: what the header promises. */
	struct kj_xw_row rows[200];
	char from[KJ_VERSION_MAX];
	int count[KJ_XW_NKINDS] = { 0 };
	assert_int_equal(kj_store_crosswalk(st, "2026", from, rows, 200, &n, &err), 0);
	assert_string_equal(from, "2023");
	for (int i = 0; i < n; i++)
		count[kj_xw_kind_parse(rows[i].kind)]++;
	assert_int_equal(count[KJ_XW_SPLIT], 2);
	assert_int_equal(count[KJ_XW_MERGED], 2);
	assert_int_equal(count[KJ_XW_NEW], 2);
	assert_int_equal(count[KJ_XW_REWORDED], 3);
	assert_int_equal(count[KJ_XW_REMOVED], 0);
	/* Every 2026 requirement but the two new ones comes from 2023. */
	int from_2023 = 0;
	for (int i = 0; i < f->c26.nreqs; i++) {
		struct kj_req_link l[4];
		assert_int_equal(kj_store_req_follow(st, "2026", f->c26.reqs[i].id, -1,
						     "2023", l, 4, &n, &err), 0);
		from_2023 += n > 0;
	}
	assert_int_equal(from_2023, 88);

	/* Again: nothing changes. */
	long before = th_sql_long(DB, "SELECT COUNT(*) FROM requirement_succession");
	assert_int_equal(kj_demo_predecessor(st, &f->c26, &d, &err), 0);
	assert_int_equal(d.created, 0);
	assert_int_equal(th_sql_long(DB, "SELECT COUNT(*) FROM requirement_succession"), before);
	kj_store_close(st);
	th_rm_db(DB);

	/* Only before the earliest version: not with 2029 as the current one. */
	st = db_2029(f);
	struct kj_demo_predecessor d2;
	assert_int_equal(kj_demo_predecessor(st, &f->c29, &d2, &err), -1);
	assert_has(err.msg, "2026");
	assert_int_equal(th_sql_long(DB, "SELECT COUNT(*) FROM standard_version"), 2);
	kj_store_close(st);
	th_rm_db(DB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_every_kind_accepted),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_validate_errors),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_store_links),
		cmocka_unit_test(test_store_refusals),
		cmocka_unit_test(test_coverage_split_merged),
		cmocka_unit_test(test_demo_predecessor),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
