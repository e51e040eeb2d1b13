/*
 * Unit tests of src/store/store_open.c and the drivers (db_sqlite.c,
 * db_pg.c) through src/store/store.h: opening (missing, a folder, a
 * non-database, read-only), migrations, storing and
 * reading back the catalog, and transactions around registry writes. The
 * database is also read with sqlite3 directly to check what was written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include <unistd.h>

#include "helpers.h"
#include "base/embed.h"
#include "model/crosswalk.h"
#include "store/migrations.h"
#include "store/store.h"
#include "store/store_org.h"
#include "store/store_org_list.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"
#include "store/store_view.h"

static struct kj_store *open_new(const char *path)
{
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	th_rm_db(path);
	if (kj_store_open(&st, path, KJ_STORE_CREATE, &err) < 0)
		fail_msg("%s", err.msg);
	return st;
}

static struct kj_store_counts counts(struct kj_store *st)
{
	struct kj_store_counts c;
	struct kj_err err = { "" };
	if (kj_store_counts(st, &c, &err) < 0)
		fail_msg("%s", err.msg);
	return c;
}

static void assert_counts_equal(const struct kj_store_counts *a,
				const struct kj_store_counts *b)
{
	assert_int_equal(a->versions, b->versions);
	assert_int_equal(a->requirements, b->requirements);
	assert_int_equal(a->sectors, b->sectors);
	assert_int_equal(a->organisations, b->organisations);
	assert_int_equal(a->targets, b->targets);
	assert_int_equal(a->surveys, b->surveys);
	assert_int_equal(a->responses, b->responses);
	assert_int_equal(a->answers, b->answers);
	assert_int_equal(a->users, b->users);
}

/* --- Opening -------------------------------------------------------------- */

static void test_open_missing_without_create(void **state)
{
	(void)state;
	if (kj_test_pg())
		skip();	/* a missing SQLite file; PostgreSQL has no files */
	struct kj_store *st = (struct kj_store *)&st;	/* a non-NULL sentinel, never used */
	struct kj_err err = { "" };
	th_rm_db("missing.db");
	assert_int_equal(kj_store_open(&st, "missing.db", 0, &err), -1);
	assert_null(st);
	assert_non_null(strstr(err.msg, "missing.db"));
	assert_non_null(strstr(err.msg, "kijun init"));
	assert_false(th_exists("missing.db"));
	/* Read-only does not create either. */
	assert_int_equal(kj_store_open(&st, "missing.db", KJ_STORE_READONLY, &err), -1);
	assert_non_null(strstr(err.msg, "kijun init"));
	assert_false(th_exists("missing.db"));
	/* No path at all. */
	assert_int_equal(kj_store_open(&st, "", KJ_STORE_CREATE, &err), -1);
	assert_int_equal(kj_store_open(&st, NULL, KJ_STORE_CREATE, &err), -1);
	assert_null(st);
}

static void test_open_directory(void **state)
{
	(void)state;
	if (kj_test_pg())
		skip();	/* a folder in place of the SQLite file */
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	rmdir("folder.db");
	assert_int_equal(mkdir("folder.db", 0700), 0);
	assert_int_equal(kj_store_open(&st, "folder.db", 0, &err), -1);
	assert_null(st);
	assert_non_null(strstr(err.msg, "folder.db"));
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(kj_store_open(&st, "folder.db", KJ_STORE_CREATE, &err), -1);
	assert_null(st);
	assert_int_equal(rmdir("folder.db"), 0);
}

static void test_open_non_database_leaves_file_alone(void **state)
{
	(void)state;
	if (kj_test_pg())
		skip();	/* a junk file in place of the SQLite file */
	static const int flags[] = { 0, KJ_STORE_CREATE, KJ_STORE_READONLY };
	unsigned char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)((i * 131u + 7u) ^ (i >> 3));
	memcpy(junk, "this is not a database, but a spreadsheet", 41);
	for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
		struct kj_store *st = NULL;
		struct kj_err err = { "" };
		size_t n;
		th_rm_db("junk.db");
		assert_int_equal(th_write("junk.db", junk, sizeof junk), 0);
		assert_int_equal(kj_store_open(&st, "junk.db", flags[f], &err), -1);
		assert_null(st);
		assert_non_null(strstr(err.msg, "junk.db"));
		assert_non_null(strstr(err.msg, "not a kijun database"));
		char *after = th_slurp("junk.db", &n);
		assert_non_null(after);
		assert_int_equal(n, sizeof junk);
		assert_memory_equal(after, junk, sizeof junk);
		free(after);
		assert_false(th_exists("junk.db-wal"));
		assert_false(th_exists("junk.db-journal"));
	}
	th_rm_db("junk.db");
}

static void test_create_migrates_to_target(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("fresh.db");
	struct kj_err err = { "" };
	int v = -1;
	assert_true(kj_store_schema_target() >= 1);
	struct kj_store *st = open_new(db);
	assert_int_equal(kj_store_schema_version(st, &v, &err), 0);
	assert_int_equal(v, kj_store_schema_target());
	struct kj_store_counts c = counts(st);
	assert_int_equal(c.versions, 0);
	assert_int_equal(c.organisations, 0);
	kj_store_close(st);
	/* One row a migration (their numbers may leave gaps). */
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM schema_migration"),
			 kj_nmigrations);

	/* Reopening read-write applies nothing twice. */
	st = NULL;
	assert_int_equal(kj_store_open(&st, db, 0, &err), 0);
	assert_int_equal(kj_store_schema_version(st, &v, &err), 0);
	assert_int_equal(v, kj_store_schema_target());
	kj_store_close(st);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM schema_migration"),
			 kj_nmigrations);
	th_rm_db(db);
}

static void test_readonly_open_of_fresh_db(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("ro.db");
	struct kj_err err = { "" };
	struct kj_store *st = th_init_db(db);
	kj_store_close(st);

	st = NULL;
	if (kj_store_open(&st, db, KJ_STORE_READONLY, &err) < 0)
		fail_msg("%s", err.msg);
	int v = -1;
	assert_int_equal(kj_store_schema_version(st, &v, &err), 0);
	assert_int_equal(v, kj_store_schema_target());
	struct kj_catalog cat;
	if (kj_store_catalog_get(st, NULL, &cat, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(cat.nreqs, 90);
	kj_catalog_free(&cat);
	/* Writes are refused and change nothing. */
	struct kj_store_counts before = counts(st);
	assert_int_equal(kj_store_prefecture_put(st, "99", "テスト県", "Test", &err), -1);
	struct kj_store_counts after = counts(st);
	assert_counts_equal(&before, &after);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM prefecture"), 47);
	th_rm_db(db);
}

static void test_open_foreign_sqlite_database(void **state)
{
	(void)state;
	if (kj_test_pg())
		skip();	/* another program's SQLite file */
	/*
	 * Regression (was a design bug): a read-write open of
	 * an existing SQLite database of another application (tables, but no
	 * schema_migration) does not refuse it as "not a kijun database": the
	 * migrations run and add kijun's ~30 tables to it (kj_store_open and
	 * migrate, src/store/store_open.c). `kijun demo --db other.sqlite`
	 * rewrites a file it was never meant to touch. Suggested: when
	 * schema_migration is missing, migrate only a database with no tables.
	 */
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	sqlite3 *h = NULL;
	th_rm_db("foreign.db");
	assert_int_equal(sqlite3_open("foreign.db", &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE contacts (name TEXT);"
				      "INSERT INTO contacts VALUES ('x')", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	size_t n1, n2;
	char *before = th_slurp("foreign.db", &n1);
	assert_non_null(before);
	int rc = kj_store_open(&st, "foreign.db", 0, &err);
	kj_store_close(st);
	char *after = th_slurp("foreign.db", &n2);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err.msg, "not a kijun database"));
	assert_int_equal(th_sql_long("foreign.db", "SELECT COUNT(*) FROM sqlite_master"), 1);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	th_rm_db("foreign.db");
}

static void test_readonly_open_of_empty_file_fails(void **state)
{
	(void)state;
	if (kj_test_pg())
		skip();	/* an empty SQLite file */
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	th_rm_db("empty.db");
	assert_int_equal(th_write("empty.db", "", 0), 0);
	/* An empty file is an empty SQLite database, without kijun's schema. */
	assert_int_equal(kj_store_open(&st, "empty.db", KJ_STORE_READONLY, &err), -1);
	assert_null(st);
	assert_non_null(strstr(err.msg, "kijun init"));
	th_rm_db("empty.db");
}

/* --- The catalog ------------------------------------------------------------ */

static void test_catalog_put_twice(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("put.db");
	struct kj_err err = { "" };
	struct kj_catalog cat;
	int created = -1;
	struct kj_store *st = open_new(db);
	assert_int_equal(kj_catalog_load_embedded(&cat, &err), 0);
	if (kj_store_catalog_put(st, &cat, &created, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(created, 1);
	struct kj_store_counts c1 = counts(st);
	assert_int_equal(c1.versions, 1);
	assert_int_equal(c1.requirements, 90);
	assert_int_equal(c1.sectors, cat.nsectors);
	if (kj_store_catalog_put(st, &cat, &created, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(created, 0);
	struct kj_store_counts c2 = counts(st);
	assert_counts_equal(&c1, &c2);
	kj_catalog_free(&cat);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM standard_file"),
			 KJ_CATALOG_NFILES);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM requirement_csf r"
				     " JOIN requirement q ON q.id = r.requirement_id"
				     " WHERE q.code = '3.2.5.3-1'"), 2);
	th_rm_db(db);
}

#define CSIRT_TEXT "CSIRTとしての機能を持つ体制を整備する。"
#define CSIRT_EDIT "CSIRTとしての機能を持つ体制を整備し、維持する。"

/* Serves the embedded 2026 files, with one requirement's text edited. */
static int read_edited(void *ctx, const char *name, char **data, size_t *len,
		       struct kj_err *err)
{
	(void)ctx;
	char path[256];
	snprintf(path, sizeof path, "standard/2026/%s", name);
	const struct kj_embedded_file *f = kj_embedded_find(path);
	if (!f) {
		kj_err_set(err, "%s is not built in", path);
		return -1;
	}
	const char *src = (const char *)f->data;
	const char *at = strcmp(name, "requirements.json") ? NULL : strstr(src, CSIRT_TEXT);
	size_t n = f->len + (at ? strlen(CSIRT_EDIT) - strlen(CSIRT_TEXT) : 0);
	char *p = malloc(n + 1);
	if (!p) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (at) {
		size_t head = (size_t)(at - src);
		memcpy(p, src, head);
		memcpy(p + head, CSIRT_EDIT, strlen(CSIRT_EDIT));
		memcpy(p + head + strlen(CSIRT_EDIT), at + strlen(CSIRT_TEXT),
		       f->len - head - strlen(CSIRT_TEXT) + 1);
	} else {
		memcpy(p, src, f->len + 1);
	}
	*data = p;
	*len = n;
	return 0;
}

/* The embedded files made into a revision "2029" in force from 2029-04-01, CSIRT text edited. */
static int read_revision(void *ctx, const char *name, char **data, size_t *len,
			 struct kj_err *err)
{
	if (read_edited(ctx, name, data, len, err) < 0)
		return -1;
	if (strcmp(name, "standard.json"))
		return 0;
	char *v = strstr(*data, "\"2026\""), *e = strstr(*data, "\"2026-10-01\"");
	if (!v || !e) {
		kj_err_set(err, "standard.json: version or date not found");
		return -1;
	}
	memcpy(v, "\"2029\"", 6);
	memcpy(e, "\"2029-04-01\"", 12);
	return 0;
}

static void test_catalog_revision_succession(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("revision.db");
	struct kj_err err = { "" };
	struct kj_catalog rev, got;
	struct kj_version_info v[4];
	int created = -1, n = 0;
	struct kj_store *st = th_init_db(db);
	if (kj_catalog_load(&rev, read_revision, NULL, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(rev.version, "2029");
	/* A revision without its crosswalk is refused, and nothing written. */
	assert_int_equal(kj_store_catalog_put(st, &rev, &created, &err), -1);
	assert_non_null(strstr(err.msg, "crosswalk.json"));
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM standard_version"), 1);
	struct kj_catalog base;
	struct kj_crosswalk xw;
	char *text;
	size_t len;
	assert_int_equal(kj_catalog_load_embedded(&base, &err), 0);
	assert_int_equal(kj_crosswalk_draft(&text, &len, &base, &rev, NULL, 0, &err), 0);
	kj_catalog_free(&base);
	if (kj_crosswalk_parse(&xw, text, len, &err) < 0)
		fail_msg("%s", err.msg);
	if (kj_store_catalog_put_xw(st, &rev, &xw, &created, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(created, 1);
	/* The same folder again: unchanged. */
	assert_int_equal(kj_store_catalog_put_xw(st, &rev, &xw, &created, &err), 0);
	assert_int_equal(created, 0);
	kj_crosswalk_free(&xw);
	kj_catalog_free(&rev);

	assert_int_equal(kj_store_catalog_versions(st, v, 4, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].version, "2026");	/* oldest first */
	assert_string_equal(v[1].version, "2029");
	/* Without a version: the latest; with one: that one. */
	assert_int_equal(kj_store_catalog_get(st, NULL, &got, &err), 0);
	assert_string_equal(got.version, "2029");
	assert_string_equal(kj_catalog_req(&got, "3.2.5.3-1")->text_ja, CSIRT_EDIT);
	kj_catalog_free(&got);
	assert_int_equal(kj_store_catalog_get(st, "2026", &got, &err), 0);
	assert_string_equal(kj_catalog_req(&got, "3.2.5.3-1")->text_ja, CSIRT_TEXT);
	kj_catalog_free(&got);
	kj_store_close(st);

	/* Every requirement carries on its namesake; exactly one text changed. */
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM requirement_succession"), 90);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM requirement_succession"
				     " WHERE changed = 1"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM requirement_succession s"
				     " JOIN requirement r ON r.id = s.to_requirement_id"
				     " WHERE s.changed = 1 AND r.code = '3.2.5.3-1'"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM requirement_succession"
				     " WHERE kind = 'reworded' AND changed = 1"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM standard_file"
				     " WHERE name = 'crosswalk.json'"), 1);
	/* Shared reference rows are not duplicated by the second version. */
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM sector"), 16);
	th_rm_db(db);
}

static void test_catalog_put_other_content_same_label(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("label.db");
	struct kj_err err = { "" };
	struct kj_catalog cat, edited, back;
	int created = -1;
	struct kj_store *st = open_new(db);
	assert_int_equal(kj_catalog_load_embedded(&cat, &err), 0);
	if (kj_catalog_load(&edited, read_edited, NULL, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(kj_catalog_req(&edited, "3.2.5.3-1")->text_ja, CSIRT_EDIT);
	assert_string_equal(edited.version, cat.version);

	assert_int_equal(kj_store_catalog_put(st, &cat, &created, &err), 0);
	assert_int_equal(created, 1);
	struct kj_store_counts before = counts(st);
	created = -1;
	assert_int_equal(kj_store_catalog_put(st, &edited, &created, &err), -1);
	assert_int_equal(created, 0);
	assert_non_null(strstr(err.msg, "2026"));
	assert_non_null(strstr(err.msg, "other content"));
	struct kj_store_counts after = counts(st);
	assert_counts_equal(&before, &after);
	/* The stored text is still the original. */
	assert_int_equal(kj_store_catalog_get(st, "2026", &back, &err), 0);
	assert_string_equal(kj_catalog_req(&back, "3.2.5.3-1")->text_ja, CSIRT_TEXT);
	kj_catalog_free(&back);
	kj_catalog_free(&edited);
	kj_catalog_free(&cat);
	kj_store_close(st);
	th_rm_db(db);
}

static void test_catalog_get_round_trip(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("get.db");
	struct kj_err err = { "" };
	struct kj_catalog emb, got;
	struct kj_store *st = th_init_db(db);
	assert_int_equal(kj_catalog_load_embedded(&emb, &err), 0);
	for (int pass = 0; pass < 2; pass++) {
		if (kj_store_catalog_get(st, pass ? "2026" : NULL, &got, &err) < 0)
			fail_msg("%s", err.msg);
		assert_string_equal(got.version, emb.version);
		assert_string_equal(got.title_ja, emb.title_ja);
		assert_int_equal(got.nreqs, emb.nreqs);
		assert_int_equal(got.nsections, emb.nsections);
		assert_int_equal(got.ndefs, emb.ndefs);
		assert_int_equal(got.nmeasures, emb.nmeasures);
		assert_int_equal(got.nsectors, emb.nsectors);
		for (int i = 0; i < emb.nreqs; i++) {
			const struct kj_requirement *a = &emb.reqs[i], *b = &got.reqs[i];
			assert_string_equal(a->id, b->id);
			assert_string_equal(a->text_ja, b->text_ja);
			assert_string_equal(a->text_en, b->text_en);
			assert_int_equal(a->ncsf, b->ncsf);
			assert_int_equal(a->ndefs, b->ndefs);
		}
		for (int i = 0; i < emb.nsections; i++)
			assert_string_equal(emb.sections[i].title_ja, got.sections[i].title_ja);
		for (int i = 0; i < emb.ndefs; i++)
			assert_string_equal(emb.defs[i].text_ja, got.defs[i].text_ja);
		assert_int_equal(got.source_len, emb.source_len);
		assert_memory_equal(got.source, emb.source, emb.source_len);
		kj_catalog_free(&got);
	}
	assert_int_equal(kj_store_catalog_get(st, "1999", &got, &err), -1);
	assert_non_null(strstr(err.msg, "1999"));
	assert_null(got.reqs);
	kj_catalog_free(&emb);
	kj_store_close(st);

	/* The requirement rows hold the same texts as the files. */
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM requirement"
				     " WHERE code = '3.2.5.3-1' AND text_ja = '" CSIRT_TEXT "'"), 1);
	th_rm_db(db);
}

static void test_catalog_get_on_empty_db(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("none.db");
	struct kj_err err = { "" };
	struct kj_catalog cat;
	struct kj_store *st = open_new(db);
	assert_int_equal(kj_store_catalog_get(st, NULL, &cat, &err), -1);
	assert_non_null(strstr(err.msg, "no standard version"));
	kj_store_close(st);
	th_rm_db(db);
}

static void test_catalog_versions(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("versions.db");
	struct kj_err err = { "" };
	struct kj_version_info v[4];
	int n = -1;
	struct kj_store *st = open_new(db);
	assert_int_equal(kj_store_catalog_versions(st, v, 4, &n, &err), 0);
	assert_int_equal(n, 0);
	kj_store_close(st);

	st = th_init_db(db);
	assert_int_equal(kj_store_catalog_versions(st, v, 4, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].version, "2026");
	assert_string_equal(v[0].effective, "2026-10-01");
	assert_int_equal(v[0].nreqs, 90);
	assert_int_equal(strlen(v[0].imported_at), 20);
	/* MAX bounds what is written. */
	assert_int_equal(kj_store_catalog_versions(st, v, 0, &n, &err), 0);
	assert_int_equal(n, 0);
	kj_store_close(st);
	th_rm_db(db);
}

/* --- Registry writes and transactions ------------------------------------------ */

/* An organisation record in the first NSEC of SEC. */
static struct kj_org_record org(const char *corp, const char *name,
				const char *const *sec, int nsec)
{
	struct kj_org_record o = {
		.name_kana = "テスト", .size_class = "large", .core_infra = 1,
		.local_gov = 0, .ceptoar_member = 1, .active = 1, .prefecture = "13",
	};
	kj_strlcpy(o.corporate_number, corp, sizeof o.corporate_number);
	kj_strlcpy(o.name_ja, name, sizeof o.name_ja);
	for (int i = 0; i < nsec && i < KJ_ORG_SECTORS; i++)
		kj_strlcpy(o.sectors[o.nsectors++], sec[i], sizeof o.sectors[0]);
	return o;
}

static void test_org_duplicate_corporate_number_rolls_back(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("org.db");
	struct kj_err err = { "" };
	const char *sec[] = { "electricity", "gas" };
	int64_t id = 0, id2 = 0;
	struct kj_store *st = th_init_db(db);
	struct kj_store_counts before = counts(st);

	assert_int_equal(kj_store_begin(st, &err), 0);
	struct kj_org_record a = org("1180301018771", "重複テスト株式会社", sec, 2);
	if (kj_store_org_add(st, &a, &id, &err) < 0)
		fail_msg("%s", err.msg);
	assert_true(id > 0);
	struct kj_org_record b = org("1180301018771", "別の会社", sec, 1);
	assert_int_equal(kj_store_org_add(st, &b, &id2, &err), -1);
	assert_non_null(strstr(err.msg, "cannot add organisation"));
	kj_store_rollback(st);
	struct kj_store_counts after = counts(st);
	assert_counts_equal(&before, &after);
	assert_int_equal(after.organisations, 0);

	/* With one committed before: the failed transaction leaves just it. */
	a.nsectors = 1;
	assert_int_equal(kj_store_org_add(st, &a, &id, &err), 0);
	assert_int_equal(kj_store_begin(st, &err), 0);
	struct kj_org_record c = org("7000012050002", "国税庁", sec, 1);
	assert_int_equal(kj_store_org_add(st, &c, &id2, &err), 0);
	assert_int_equal(kj_store_org_add(st, &b, &id2, &err), -1);
	kj_store_rollback(st);
	assert_int_equal(counts(st).organisations, 1);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_sector"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"
				     " WHERE corporate_number = '7000012050002'"), 0);
	th_rm_db(db);
}

/*
 * In bulk mode (the demo) PostgreSQL sends writes without waiting for their
 * answers: a write that fails must still fail its transaction — at the
 * write on SQLite, at the latest at the commit on PostgreSQL — and leave
 * nothing behind.
 */
static void test_bulk_write_error_fails_transaction(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("bulk.db");
	struct kj_err err = { "" };
	const char *sec[] = { "electricity" };
	int64_t id = 0;
	struct kj_store *st = th_init_db(db);
	struct kj_org_record a = org("1180301018771", "一括テスト株式会社", sec, 1);
	assert_int_equal(kj_store_org_add(st, &a, &id, &err), 0);
	assert_int_equal(kj_store_bulk_mode(st, 1, &err), 0);
	assert_int_equal(kj_store_begin(st, &err), 0);
	assert_int_equal(kj_store_target_add(st, 2026, "electricity", id, &err), 0);
	/* No such organisation: a foreign key the database refuses. */
	int failed = kj_store_target_add(st, 2026, "electricity", id + 1000, &err) < 0;
	failed = kj_store_target_add(st, 2026, "gas", id, &err) < 0 || failed;
	if (!failed)
		assert_int_equal(kj_store_commit(st, &err), -1);
	else
		kj_store_rollback(st);
	assert_non_null(strstr(err.msg, "target"));
	assert_int_equal(kj_store_bulk_mode(st, 0, &err), 0);
	/* The connection goes on, and the transaction left nothing. */
	assert_int_equal(counts(st).targets, 0);
	assert_int_equal(kj_store_begin(st, &err), 0);
	assert_int_equal(kj_store_target_add(st, 2026, "electricity", id, &err), 0);
	assert_int_equal(kj_store_commit(st, &err), 0);
	assert_int_equal(counts(st).targets, 1);
	kj_store_close(st);
	th_rm_db(db);
}

static void test_org_add_unknown_sector_outside_transaction(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("org-fk.db");
	/*
	 * Regression (was a bug): store.h promises "a failed write leaves the database as it was",
	 * but kj_store_org_add (src/store/, the SQLite driver) runs the organisation
	 * INSERT and then one INSERT per sector as separate statements; outside
	 * a transaction each autocommits, so when a sector insert fails (here a
	 * foreign-key error on an unknown sector) the organisation row stays.
	 */
	struct kj_err err = { "" };
	const char *sec[] = { "electricity", "no-such-sector" };
	int64_t id = 0;
	struct kj_store *st = th_init_db(db);
	struct kj_org_record a = org("1180301018771", "途中失敗株式会社", sec, 2);
	assert_int_equal(kj_store_org_add(st, &a, &id, &err), -1);
	assert_int_equal(counts(st).organisations, 0);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_sector"), 0);
	th_rm_db(db);
}

static void test_org_add_rejects_unknown_prefecture(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("org-pref.db");
	struct kj_err err = { "" };
	const char *sec[] = { "electricity" };
	int64_t id = 0;
	struct kj_store *st = th_init_db(db);
	assert_int_equal(kj_store_begin(st, &err), 0);
	struct kj_org_record a = org("1180301018771", "県不明株式会社", sec, 1);
	kj_strlcpy(a.prefecture, "48", sizeof a.prefecture);
	assert_int_equal(kj_store_org_add(st, &a, &id, &err), -1);
	kj_store_rollback(st);
	assert_int_equal(counts(st).organisations, 0);
	kj_store_close(st);
	th_rm_db(db);
}

/* What kj_store_org_add writes of a record, kj_store_org_get reads back whole. */
static void test_org_add_record_read_back(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("org-rec.db");
	struct kj_err err = { "" };
	const char *sec[] = { "water", "government" };
	int64_t id = 0;
	int found = -1;
	struct kj_store *st = th_init_db(db);
	struct kj_org_record a = org("1180301018771", "記録テスト株式会社", sec, 2), got;
	a.name_kana[0] = '\0';
	kj_strlcpy(a.ministries[0], "env", sizeof a.ministries[0]);
	a.nministries = 1;
	kj_strlcpy(a.contact_name, "山田太郎", sizeof a.contact_name);
	kj_strlcpy(a.contact_email, "yamada@example.jp", sizeof a.contact_email);
	kj_strlcpy(a.contact_phone, "03-0000-0000", sizeof a.contact_phone);
	if (kj_store_org_add(st, &a, &id, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(kj_store_org_get(st, id, &got, &found, &err), 0);
	assert_int_equal(found, 1);
	assert_string_equal(got.corporate_number, "1180301018771");
	assert_string_equal(got.name_ja, "記録テスト株式会社");
	assert_string_equal(got.name_kana, "");
	assert_string_equal(got.size_class, "large");
	assert_int_equal(got.core_infra, 1);
	assert_int_equal(got.local_gov, 0);
	assert_int_equal(got.ceptoar_member, 1);
	assert_int_equal(got.active, 1);
	assert_string_equal(got.municipality_code, "");
	assert_string_equal(got.prefecture, "13");
	assert_int_equal(got.nsectors, 2);
	assert_string_equal(got.sectors[0], "government");
	assert_string_equal(got.sectors[1], "water");
	assert_int_equal(got.nministries, 1);
	assert_string_equal(got.ministries[0], "env");
	assert_string_equal(got.contact_name, "山田太郎");
	assert_string_equal(got.contact_email, "yamada@example.jp");
	assert_string_equal(got.contact_phone, "03-0000-0000");
	/* None there: not found, and the record left empty. */
	assert_int_equal(kj_store_org_get(st, id + 1, &got, &found, &err), 0);
	assert_int_equal(found, 0);
	assert_string_equal(got.corporate_number, "");
	assert_int_equal(kj_store_org_get(st, 0, &got, &found, &err), 0);
	assert_int_equal(found, 0);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"
				     " WHERE name_kana IS NULL AND municipality_code IS NULL"), 1);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_sector"
				     " WHERE corporate_number = '1180301018771'"), 2);
	th_rm_db(db);
}

/* A ministry's scope: sectors held whole, and in a shared one its own operators. */
static void test_org_ministry_scope(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("org-min.db");
	struct kj_err err = { "" };
	struct kj_store *st = th_init_db(db);
	static const struct { const char *corp, *name, *sector; } orgs[] = {
		{ "1180301018771", "水道テスト", "water" },
		{ "7000012050002", "行政テスト", "government" },
		{ "8000020131016", "医療テスト", "medical" },
	};
	int64_t ids[3];
	for (int i = 0; i < 3; i++) {
		const char *sec[] = { orgs[i].sector };
		struct kj_org_record o = org(orgs[i].corp, orgs[i].name, sec, 1);
		if (kj_store_org_add(st, &o, &ids[i], &err) < 0)
			fail_msg("%s", err.msg);
	}
	static const kj_sector_code env_sectors[] = { "government", "water" },
			  mhlw_sectors[] = { "government", "medical" },
			  gov_only[] = { "government" };
	struct kj_org_scope env = { env_sectors, 2, 0, "env" },
			    mhlw = { mhlw_sectors, 2, 0, "mhlw" },
			    env_gov = { gov_only, 1, 0, "env" };
	struct kj_org_record recs[4];
	int64_t got[4];
	int n;
	long total;
	assert_int_equal(kj_store_org_list(st, &env, 0, recs, got, 4, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], ids[0]);
	assert_int_equal(kj_store_org_list(st, &env_gov, 0, recs, got, 4, &n, &total, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(kj_store_org_list(st, &mhlw, 0, recs, got, 4, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], ids[2]);

	/* Government services assigned to 環境省: it sees them, 厚労省 still not. */
	assert_int_equal(kj_store_org_assign_sector(st, "government", "env", &err), 0);
	assert_int_equal(kj_store_org_assign_sector(st, "government", "env", &err), 0);
	assert_int_equal(kj_store_org_list(st, &env, 0, recs, got, 4, &n, &total, &err), 0);
	assert_int_equal(total, 2);
	assert_int_equal(kj_store_org_list(st, &env_gov, 0, recs, got, 4, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], ids[1]);
	assert_int_equal(recs[0].nministries, 1);
	assert_string_equal(recs[0].ministries[0], "env");
	assert_int_equal(kj_store_org_list(st, &mhlw, 0, recs, got, 4, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	kj_store_close(st);
	/* The catalog's shape in sector_ministry.whole. */
	assert_int_equal(th_sql_long(db, "SELECT whole FROM sector_ministry"
				     " WHERE sector_code = 'government' AND ministry_code = 'mic'"), 0);
	assert_int_equal(th_sql_long(db, "SELECT SUM(whole) FROM sector_ministry"
				     " WHERE sector_code = 'water'"), 2);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation_ministry"), 1);
	th_rm_db(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_missing_without_create),
		cmocka_unit_test(test_open_directory),
		cmocka_unit_test(test_open_non_database_leaves_file_alone),
		cmocka_unit_test(test_create_migrates_to_target),
		cmocka_unit_test(test_readonly_open_of_fresh_db),
		cmocka_unit_test(test_open_foreign_sqlite_database),
		cmocka_unit_test(test_readonly_open_of_empty_file_fails),
		cmocka_unit_test(test_catalog_put_twice),
		cmocka_unit_test(test_catalog_put_other_content_same_label),
		cmocka_unit_test(test_catalog_revision_succession),
		cmocka_unit_test(test_catalog_get_round_trip),
		cmocka_unit_test(test_catalog_get_on_empty_db),
		cmocka_unit_test(test_catalog_versions),
		cmocka_unit_test(test_org_duplicate_corporate_number_rolls_back),
		cmocka_unit_test(test_bulk_write_error_fails_transaction),
		cmocka_unit_test(test_org_add_unknown_sector_outside_transaction),
		cmocka_unit_test(test_org_add_rejects_unknown_prefecture),
		cmocka_unit_test(test_org_add_record_read_back),
		cmocka_unit_test(test_org_ministry_scope),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
