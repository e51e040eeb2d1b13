/*
 * Unit tests of src/model/audit.c and src/store/store_audit.c: appending to
 * the hash chain (alone and inside a caller's transaction), what an entry
 * may hold, listing with filters, and verification. Each tampering test
 * edits a fresh copy of one five-entry trail directly in SQL (kj_test_sql), the way
 * someone with access to the database could, and checks that
 * kj_audit_verify names the entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"
#include "app/audit_log.h"
#include "store/store.h"

#define BASE kj_test_db_ref("audit_base.db")
#define COPY kj_test_db_ref("audit_copy.db")
/* Test data always fits its field; the assert says so if not. */
#define SET(field, s) assert_int_equal(kj_strlcpy((field), (s), sizeof(field)), 0)
#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"

static struct kj_store *open_db(const char *path, int flags)
{
	struct kj_store *st = NULL;
	struct kj_err err = { "" };
	if (kj_store_open(&st, path, flags, &err) < 0)
		fail_msg("opening %s: %s", path, err.msg);
	return st;
}

static void log_ok(struct kj_store *st, int64_t uid, const char *actor,
		   const char *action, const char *type, const char *id,
		   const char *detail)
{
	struct kj_err err = { "" };
	if (kj_audit_log(st, uid, actor, action, type, id, detail, &err) < 0)
		fail_msg("kj_audit_log %s: %s", action, err.msg);
}

/* The five-entry trail every tampering test starts from. */
static int make_base(void **state)
{
	(void)state;
	th_rm_db(BASE);
	struct kj_store *st = open_db(BASE, KJ_STORE_CREATE);
	log_ok(st, 0, "cli:root", "user.add", "user", "1",
	       "{\"login\":\"root\",\"role\":\"nco\"}");
	log_ok(st, 1, "user:root", "signin", "user", "1", NULL);
	log_ok(st, 1, "user:root", "user.add", "user", "2",
	       "{\"login\":\"meti\",\"role\":\"ministry\",\"sectors\":[\"gas\"]}");
	log_ok(st, 0, "system", "catalog.import", "standard_version", "2026",
	       "{\"version\":\"2026\",\"requirements\":90}");
	log_ok(st, 2, "user:meti", "signin.failed", NULL, NULL, "{\"login\":\"meti\"}");
	kj_store_close(st);
	char wal[300];	/* closed cleanly: one file (SQLite) */
	snprintf(wal, sizeof wal, "%s-wal", BASE);
	return !kj_test_db_is_pg(BASE) && th_exists(wal) ? -1 : 0;
}

static int remove_base(void **state)
{
	(void)state;
	th_rm_db(BASE);
	th_rm_db(COPY);
	return 0;
}

static void verify(struct kj_store *st, int *ok, struct kj_audit_problem *p,
		   long *checked)
{
	struct kj_err err = { "" };
	int64_t keyed;
	if (kj_audit_verify(st, p, ok, checked, &keyed, &err) < 0)
		fail_msg("kj_audit_verify: %s", err.msg);
}

/*
 * Copies the base trail, runs SQL on the copy (kj_test_sql), verifies it, and
 * checks the first problem: FAULT at entry ID with WHY in its reason.
 */
static void tamper(const char *sql, enum kj_audit_fault fault, int64_t id,
		   const char *why)
{
	th_copy_db(BASE, COPY);
	if (kj_test_sql(COPY, sql) < 0)
		fail_msg("%s: failed", sql);

	struct kj_store *st = open_db(COPY, KJ_STORE_READONLY);
	struct kj_audit_problem p;
	int ok = -1;
	long checked = -1;
	verify(st, &ok, &p, &checked);
	kj_store_close(st);
	if (ok)
		fail_msg("'%s' was not detected", sql);
	if (p.fault != fault || p.id != id || !strstr(p.reason, why))
		fail_msg("'%s': expected fault %d at entry %lld with '%s'; got fault %d at "
			 "entry %lld: %s", sql, fault, (long long)id, why, p.fault,
			 (long long)p.id, p.reason);
	assert_true(checked >= 1 && checked <= 5);
}

/* --- Appending and verifying --------------------------------------------- */

static void test_chain_of_five_verifies(void **state)
{
	(void)state;
	struct kj_store *st = open_db(BASE, KJ_STORE_READONLY);
	struct kj_audit_problem p;
	int ok;
	long checked;
	verify(st, &ok, &p, &checked);
	assert_true(ok);
	assert_int_equal(checked, 5);
	assert_int_equal(p.fault, KJ_AUDIT_OK);

	/* Ids 1..5, each linked to the one before, the first to zeros. */
	struct kj_audit_entry e[5];
	struct kj_audit_filter f = { .limit = 10 };
	struct kj_err err = { "" };
	int n;
	assert_int_equal(kj_audit_list(st, &f, e, 5, &n, &err), 0);
	assert_int_equal(n, 5);
	for (int i = 0; i < 5; i++) {
		const struct kj_audit_entry *x = &e[4 - i];	/* newest first */
		char h[KJ_AUDIT_HASH_HEX];
		assert_int_equal(x->id, i + 1);
		assert_string_equal(x->prev_hash, i ? e[5 - i].hash : ZEROS);
		assert_int_equal(strlen(x->hash), 64);
		kj_audit_hash(x, h);
		assert_string_equal(h, x->hash);
		assert_int_equal(strlen(x->at), 20);
		assert_int_equal(x->at[19], 'Z');
	}
	assert_string_equal(e[4].actor, "cli:root");
	assert_int_equal(e[4].actor_user_id, 0);
	assert_int_equal(e[3].actor_user_id, 1);
	assert_string_equal(e[3].detail, "");
	assert_string_equal(e[0].object_type, "");
	assert_string_equal(e[0].action, "signin.failed");
	kj_store_close(st);
}

static void test_empty_trail_verifies(void **state)
{
	(void)state;
	th_rm_db(COPY);
	struct kj_store *st = open_db(COPY, KJ_STORE_CREATE);
	struct kj_audit_problem p;
	int ok;
	long checked;
	verify(st, &ok, &p, &checked);
	assert_true(ok);
	assert_int_equal(checked, 0);
	kj_store_close(st);
}

/* The hash covers every field, and the lengths keep fields apart. */
static void test_hash_covers_every_field(void **state)
{
	(void)state;
	struct kj_audit_entry a, b;
	char ha[KJ_AUDIT_HASH_HEX], hb[KJ_AUDIT_HASH_HEX];
	memset(&a, 0, sizeof a);
	a.id = 7;
	SET(a.at, "2026-10-01T00:00:00Z");
	a.actor_user_id = 3;
	SET(a.actor, "user:ab");
	SET(a.action, "c.d");
	SET(a.object_type, "user");
	SET(a.object_id, "3");
	SET(a.detail, "{}");
	memset(a.prev_hash, 'a', 64);
	kj_audit_hash(&a, ha);
	assert_int_equal(strlen(ha), 64);

#define CHANGED(stmt) do { b = a; stmt; kj_audit_hash(&b, hb); \
		assert_string_not_equal(ha, hb); } while (0)
	CHANGED(b.id = 8);
	CHANGED(b.at[18] = '1');
	CHANGED(b.actor_user_id = 0);
	CHANGED(b.actor[6] = 'c');
	CHANGED(b.action[0] = 'd');
	CHANGED(b.object_type[0] = 'U');
	CHANGED(b.object_id[0] = '4');
	CHANGED(SET(b.detail, "{ }"));
	CHANGED(b.prev_hash[0] = 'b');
	/* Moving a byte from one field to the next changes the hash. */
	CHANGED((SET(b.actor, "user:a"), SET(b.action, "bc.d")));
	CHANGED((SET(b.object_type, "user3"), b.object_id[0] = '\0'));
#undef CHANGED
	b = a;
	memset(b.hash, 'f', 64);	/* the stored hash is not an input */
	kj_audit_hash(&b, hb);
	assert_string_equal(ha, hb);
}

/* An entry in the caller's transaction goes with it. */
static void test_log_in_caller_tx(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	th_copy_db(BASE, COPY);
	struct kj_store *st = open_db(COPY, 0);
	assert_int_equal(kj_store_begin(st, &err), 0);
	log_ok(st, 0, "cli:root", "user.disable", "user", "2", NULL);
	assert_true(kj_store_in_tx(st));
	kj_store_rollback(st);
	struct kj_audit_problem p;
	int ok;
	long checked;
	verify(st, &ok, &p, &checked);
	assert_true(ok);
	assert_int_equal(checked, 5);

	assert_int_equal(kj_store_begin(st, &err), 0);
	log_ok(st, 0, "cli:root", "user.disable", "user", "2", NULL);
	log_ok(st, 0, "cli:root", "user.enable", "user", "2", NULL);
	assert_int_equal(kj_store_commit(st, &err), 0);
	log_ok(st, 0, "system", "demo.generate", NULL, NULL, "{\"operators\":10}");
	assert_false(kj_store_in_tx(st));
	verify(st, &ok, &p, &checked);
	assert_true(ok);
	assert_int_equal(checked, 8);
	kj_store_close(st);
}

static void refused(struct kj_store *st, const char *actor, const char *action,
		    const char *detail, const char *why)
{
	struct kj_err err = { "" };
	if (kj_audit_log(st, 0, actor, action, NULL, NULL, detail, &err) == 0)
		fail_msg("entry %s/%s was accepted; expected: %s", actor ? actor : "-",
			 action ? action : "-", why);
	if (!strstr(err.msg, why))
		fail_msg("expected '%s', got '%s'", why, err.msg);
}

static void test_log_refuses_bad_entries(void **state)
{
	(void)state;
	static char big[KJ_AUDIT_DETAIL_MAX + 16];
	th_copy_db(BASE, COPY);
	struct kj_store *st = open_db(COPY, 0);
	refused(st, NULL, "user.add", NULL, "no actor");
	refused(st, "", "user.add", NULL, "no actor");
	refused(st, "cli:root", NULL, NULL, "no action");
	refused(st, "cli:root", "User Add", NULL, "action");
	refused(st, "cli:\nroot", "user.add", NULL, "one line");
	refused(st, "cli:root", "user.add", "not json", "not JSON");
	refused(st, "cli:root", "user.add", "{\"a\":1,\"a\":2}", "not JSON");
	refused(st, "cli:root", "user.passwd", "{\"login\":\"x\",\"password\":\"hunter2\"}",
		"password, token or secret");
	refused(st, "cli:root", "token.add", "[{\"name\":\"ci\",\"token\":\"abc\"}]",
		"password, token or secret");
	memset(big, 'x', sizeof big - 1);
	big[0] = '"';
	big[KJ_AUDIT_DETAIL_MAX] = '"';
	big[KJ_AUDIT_DETAIL_MAX + 1] = '\0';
	refused(st, "cli:root", "user.add", big, "longer than");
	/* A detail given as a JSON value is checked the same way. */
	struct kj_err err = { "" };
	assert_int_equal(kj_audit_log_json(st, 0, "cli:root", "user.passwd", NULL, NULL,
					   json_pack("{s:s,s:{s:s}}", "login", "x", "new",
						     "password", "hunter2"), 0, &err), -1);
	assert_non_null(strstr(err.msg, "password, token or secret"));
	json_t *long_detail = json_object();
	json_object_set_new(long_detail, "x", json_string(big + 1));
	assert_int_equal(kj_audit_log_json(st, 0, "cli:root", "user.add", NULL, NULL,
					   long_detail, 0, &err), -1);
	assert_non_null(strstr(err.msg, "longer than"));
	/* Nothing was appended, and the trail is whole. */
	struct kj_audit_problem p;
	int ok;
	long checked;
	verify(st, &ok, &p, &checked);
	assert_true(ok);
	assert_int_equal(checked, 5);
	assert_false(kj_store_in_tx(st));
	kj_store_close(st);
}

/* A read-only store cannot append: a clean error, nothing half done. */
/* A JSON value is written as compact JSON, its keys sorted when asked, and
 * reads back as kj_audit_log would have written its text. */
static void test_log_json_detail(void **state)
{
	(void)state;
	th_copy_db(BASE, COPY);
	struct kj_store *st = open_db(COPY, 0);
	struct kj_err err = { "" };
	struct kj_actor actor = { NULL, 0, "cli:root" };
	assert_int_equal(kj_audit_log_actor(st, &actor, "survey.open", "survey", 7,
					    json_pack("{s:i,s:s}", "z", 1, "a", "回答\n"), &err), 0);
	assert_int_equal(kj_audit_log_actor(st, &actor, "survey.open", "survey", 7, NULL, &err),
			 -1);
	int64_t last;
	char hash[KJ_AUDIT_HASH_HEX];
	struct kj_audit_entry e;
	int found = 0;
	assert_int_equal(kj_store_audit_tail(st, &last, hash, &err), 0);
	assert_int_equal(kj_store_audit_get(st, last, &e, &found, &err), 0);
	assert_true(found);
	assert_string_equal(e.object_type, "survey");
	assert_string_equal(e.object_id, "7");
	assert_string_equal(e.detail, "{\"a\":\"回答\\n\",\"z\":1}");
	struct kj_audit_problem p;
	int ok;
	long checked;
	verify(st, &ok, &p, &checked);
	assert_true(ok);
	kj_store_close(st);
}

static void test_log_on_readonly_store_fails(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	struct kj_store *st = open_db(BASE, KJ_STORE_READONLY);
	assert_int_equal(kj_audit_log(st, 0, "system", "demo.generate", NULL, NULL,
				      NULL, &err), -1);
	assert_false(kj_store_in_tx(st));
	kj_store_close(st);
}

/* --- Listing ------------------------------------------------------------- */

/* The filter's days are days in Japan: 4 December begins at 15:00 UTC on the 3rd. */
static void test_filter_days_are_jst(void **state)
{
	(void)state;
	struct kj_audit_filter f = { .from = "2026-12-04", .to = "2026-12-04" }, g;
	struct kj_err err = { "" };
	assert_int_equal(kj_audit_filter_check(&f, &g, &err), 0);
	assert_string_equal(g.since, "2026-12-03T15:00:00Z");
	assert_string_equal(g.before, "2026-12-04T15:00:00Z");
	/* Across a month's and a year's end. */
	f = (struct kj_audit_filter){ .from = "2027-01-01", .to = "2026-12-31" };
	assert_int_equal(kj_audit_filter_check(&f, &g, &err), 0);
	assert_string_equal(g.since, "2026-12-31T15:00:00Z");
	assert_string_equal(g.before, "2026-12-31T15:00:00Z");
	/* No day given: no bound. */
	f = (struct kj_audit_filter){ .action = "user." };
	assert_int_equal(kj_audit_filter_check(&f, &g, &err), 0);
	assert_string_equal(g.since, "");
	assert_string_equal(g.before, "");
	f = (struct kj_audit_filter){ .to = "2026-02-30" };
	assert_int_equal(kj_audit_filter_check(&f, &g, &err), -1);
}

static void test_list_filters(void **state)
{
	(void)state;
	struct kj_store *st = open_db(BASE, KJ_STORE_READONLY);
	struct kj_audit_entry e[10];
	struct kj_err err = { "" };
	char today[32];
	int n;
	/* Today in Japan: the filter's days are JST days. */
	time_t jst = time(NULL) + 9 * 3600;
	struct tm tm;
	gmtime_r(&jst, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);

	struct kj_audit_filter f = { .action = "user." };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(e[0].id, 3);
	assert_int_equal(e[1].id, 1);

	f = (struct kj_audit_filter){ .action = "signin" };	/* a prefix of both */
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), 0);
	assert_int_equal(n, 2);
	f = (struct kj_audit_filter){ .action = "sign_n" };	/* no LIKE wildcards */
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), 0);
	assert_int_equal(n, 0);

	f = (struct kj_audit_filter){ .actor = "user:root" };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), 0);
	assert_int_equal(n, 2);
	f = (struct kj_audit_filter){ .object_type = "standard_version" };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].object_id, "2026");

	f = (struct kj_audit_filter){ .from = today, .to = today };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), 0);
	assert_int_equal(n, 5);
	f = (struct kj_audit_filter){ .from = "2999-01-01" };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), 0);
	assert_int_equal(n, 0);
	f = (struct kj_audit_filter){ .to = "2000-12-31" };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), 0);
	assert_int_equal(n, 0);

	/* Paging, and MAX caps the limit. */
	f = (struct kj_audit_filter){ .limit = 2, .offset = 1 };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(e[0].id, 4);
	assert_int_equal(e[1].id, 3);
	f = (struct kj_audit_filter){ .limit = 500 };
	assert_int_equal(kj_audit_list(st, &f, e, 3, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(e[0].id, 5);

	/* Refused filters. */
	f = (struct kj_audit_filter){ .limit = KJ_AUDIT_LIST_MAX + 1 };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), -1);
	f = (struct kj_audit_filter){ .limit = -1 };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), -1);
	f = (struct kj_audit_filter){ .offset = -1 };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), -1);
	f = (struct kj_audit_filter){ .from = "2026-13-01" };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), -1);
	f = (struct kj_audit_filter){ .to = "yesterday" };
	assert_int_equal(kj_audit_list(st, &f, e, 10, &n, &err), -1);
	assert_non_null(strstr(err.msg, "YYYY-MM-DD"));
	kj_store_close(st);
}

/* --- Tampering ------------------------------------------------------------ */

static void test_edited_detail_is_named(void **state)
{
	(void)state;
	tamper("UPDATE audit_entry SET detail = '{\"login\":\"mallory\",\"role\":\"nco\"}'"
	       " WHERE id = 3", KJ_AUDIT_EDITED, 3, "entry 3 does not match its hash");
	tamper("UPDATE audit_entry SET actor = 'cli:nobody' WHERE id = 1",
	       KJ_AUDIT_EDITED, 1, "entry 1");
	tamper("UPDATE audit_entry SET at = '2020-01-01T00:00:00Z' WHERE id = 5",
	       KJ_AUDIT_EDITED, 5, "entry 5");
	tamper("UPDATE audit_entry SET actor_user_id = NULL WHERE id = 2",
	       KJ_AUDIT_EDITED, 2, "entry 2");
	tamper("UPDATE audit_entry SET object_type = 'user' WHERE id = 5",
	       KJ_AUDIT_EDITED, 5, "entry 5");
}

static void test_deleted_entry_is_named(void **state)
{
	(void)state;
	tamper("DELETE FROM audit_entry WHERE id = 3", KJ_AUDIT_MISSING, 3,
	       "entry 3 is missing: the trail goes from entry 2 to entry 4");
	tamper("DELETE FROM audit_entry WHERE id IN (2, 3, 4)", KJ_AUDIT_MISSING, 2,
	       "entries 2 to 4 are missing");
	tamper("DELETE FROM audit_entry WHERE id = 1", KJ_AUDIT_MISSING, 1,
	       "entry 1 is missing");
	tamper("DELETE FROM audit_entry WHERE id < 3", KJ_AUDIT_MISSING, 1,
	       "entries 1 to 2 are missing");
}

static void test_reordered_entries_are_detected(void **state)
{
	(void)state;
	/* Swap the rows of ids 2 and 3. */
	tamper("UPDATE audit_entry SET id = 100 WHERE id = 2;"
	       "UPDATE audit_entry SET id = 2 WHERE id = 3;"
	       "UPDATE audit_entry SET id = 3 WHERE id = 100", KJ_AUDIT_EDITED, 2,
	       "entry 2");
	/* Swap only the contents, keeping ids and hashes where they were. */
	tamper("CREATE TEMP TABLE t AS SELECT * FROM audit_entry WHERE id IN (3, 4);"
	       "UPDATE audit_entry SET detail = (SELECT detail FROM t WHERE id = 4),"
	       " action = (SELECT action FROM t WHERE id = 4) WHERE id = 3;"
	       "UPDATE audit_entry SET detail = (SELECT detail FROM t WHERE id = 3),"
	       " action = (SELECT action FROM t WHERE id = 3) WHERE id = 4",
	       KJ_AUDIT_EDITED, 3, "entry 3");
	/* Renumber every entry: ids are inside the hashes. */
	tamper("UPDATE audit_entry SET id = id + 10", KJ_AUDIT_EDITED, 11, "entry 11");
}

static void test_changed_hash_is_detected(void **state)
{
	(void)state;
	tamper("UPDATE audit_entry SET hash = '" ZEROS "' WHERE id = 4",
	       KJ_AUDIT_EDITED, 4, "entry 4");
	tamper("UPDATE audit_entry SET prev_hash = '" ZEROS "' WHERE id = 2",
	       KJ_AUDIT_EDITED, 2, "entry 2");
	tamper("UPDATE audit_entry SET hash = upper(hash) WHERE id = 1",
	       KJ_AUDIT_EDITED, 1, "entry 1");
}

/*
 * Someone who edits an entry and recomputes its hash breaks the link of the
 * next one: the chain names both.
 */
static void test_rehashed_entry_breaks_the_next_link(void **state)
{
	(void)state;
	struct kj_store *st = open_db(BASE, KJ_STORE_READONLY);
	struct kj_audit_entry e[5];
	struct kj_audit_filter f = { 0 };
	struct kj_err err = { "" };
	int n;
	assert_int_equal(kj_audit_list(st, &f, e, 5, &n, &err), 0);
	kj_store_close(st);
	struct kj_audit_entry x = e[3];	/* id 2 */
	assert_int_equal(x.id, 2);
	SET(x.action, "signout");
	kj_audit_hash(&x, x.hash);
	char sql[512];
	snprintf(sql, sizeof sql, "UPDATE audit_entry SET action = 'signout', hash = '%s'"
		 " WHERE id = 2", x.hash);
	tamper(sql, KJ_AUDIT_UNLINKED, 3, "entry 3 does not follow entry 2");
}

static void test_malformed_values_are_detected(void **state)
{
	(void)state;
	/* Longer than kijun's field: a cut copy must not pass for the original
	 * (5000 blanks: printf in SQLite, repeat in PostgreSQL). */
	tamper(kj_test_pg() ? "UPDATE audit_entry SET detail = detail || repeat(' ', 5000) WHERE id = 3"
			    : "UPDATE audit_entry SET detail = detail || printf('%5000s', '') WHERE id = 3",
	       KJ_AUDIT_MALFORMED, 3, "entry 3 holds a value");
	/* A NUL inside a value: SQLite text can hold one, PostgreSQL's cannot. */
	if (!kj_test_pg())
		tamper("UPDATE audit_entry SET actor = 'cli:root' || char(0) || 'x' WHERE id = 1",
		       KJ_AUDIT_MALFORMED, 1, "entry 1");
	tamper("UPDATE audit_entry SET id = -1 WHERE id = 1", KJ_AUDIT_MALFORMED, -1,
	       "ids start at 1");
}

/*
 * A detail of the greatest length kijun writes, then made one byte longer:
 * a copy cut to the field's size equals the original, so only the length
 * check can catch it.
 */
static void test_lengthened_full_detail_is_detected(void **state)
{
	(void)state;
	static char detail[KJ_AUDIT_DETAIL_MAX];
	struct kj_err err = { "" };
	memset(detail, 'x', sizeof detail - 1);
	detail[0] = '"';
	detail[sizeof detail - 2] = '"';
	detail[sizeof detail - 1] = '\0';
	th_rm_db(COPY);
	struct kj_store *st = open_db(COPY, KJ_STORE_CREATE);
	assert_int_equal(kj_audit_log(st, 0, "system", "demo.generate", NULL, NULL,
				      detail, &err), 0);
	kj_store_close(st);
	assert_int_equal(kj_test_sql(COPY, "UPDATE audit_entry SET detail = detail || 'y'"), 0);
	st = open_db(COPY, KJ_STORE_READONLY);
	struct kj_audit_problem p;
	int ok;
	long checked;
	verify(st, &ok, &p, &checked);
	kj_store_close(st);
	assert_false(ok);
	assert_int_equal(p.fault, KJ_AUDIT_MALFORMED);
	assert_int_equal(p.id, 1);
}

/*
 * Removing entries from the end leaves a valid, shorter chain: the limit of
 * any hash chain without an outside anchor (documented in audit.h).
 */
static void test_truncated_tail_is_a_shorter_chain(void **state)
{
	(void)state;
	th_copy_db(BASE, COPY);
	assert_int_equal(kj_test_sql(COPY, "DELETE FROM audit_entry WHERE id = 5"), 0);
	struct kj_store *st = open_db(COPY, 0);
	struct kj_audit_problem p;
	int ok;
	long checked;
	verify(st, &ok, &p, &checked);
	assert_true(ok);
	assert_int_equal(checked, 4);
	/* The next entry chains on from what is there now. */
	log_ok(st, 0, "system", "demo.generate", NULL, NULL, NULL);
	verify(st, &ok, &p, &checked);
	assert_true(ok);
	assert_int_equal(checked, 5);
	kj_store_close(st);
}

#define KEY_A "audit_key_a"
#define KEY_B "audit_key_b"

static void keyed_with(const char *path)
{
	struct kj_err err = { "" };
	kj_audit_key_clear();
	if (path && kj_audit_key_load(path, &err) < 0)
		fail_msg("loading %s: %s", path, err.msg);
}

/* A trail written with the key: verified with it, not without or with another. */
static void test_keyed_trail(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	remove(KEY_A);
	remove(KEY_B);
	assert_int_equal(kj_audit_keygen(KEY_A, &err), 0);
	assert_int_equal(kj_audit_keygen(KEY_B, &err), 0);
	assert_int_equal(kj_audit_keygen(KEY_A, &err), -1);	/* never overwritten */
	assert_int_equal(th_file_mode(KEY_A), 0600);
	th_rm_db(COPY);
	keyed_with(KEY_A);
	struct kj_store *st = open_db(COPY, KJ_STORE_CREATE);
	log_ok(st, 0, "cli:root", "user.add", "user", "1", NULL);
	log_ok(st, 1, "user:root", "signin", "user", "1", NULL);
	log_ok(st, 1, "user:root", "signout", "user", "1", NULL);
	struct kj_audit_problem p;
	int ok;
	long checked;
	int64_t first;
	assert_int_equal(kj_audit_verify(st, &p, &ok, &checked, &first, &err), 0);
	assert_true(ok);
	assert_int_equal(first, 1);
	assert_int_equal(kj_audit_writer_check(st, &err), 0);
	keyed_with(NULL);
	assert_int_equal(kj_audit_verify(st, &p, &ok, &checked, &first, &err), 0);
	assert_false(ok);
	assert_non_null(strstr(p.reason, "--audit-key"));
	assert_int_equal(kj_audit_writer_check(st, &err), -1);
	assert_non_null(strstr(err.msg, "keyed"));
	keyed_with(KEY_B);
	assert_int_equal(kj_audit_verify(st, &p, &ok, &checked, &first, &err), 0);
	assert_false(ok);
	assert_int_equal(kj_audit_writer_check(st, &err), -1);
	assert_non_null(strstr(err.msg, "does not match this audit key"));
	kj_store_close(st);
	keyed_with(NULL);
}

/*
 * The attack of the penetration test: edit an entry and recompute the
 * unkeyed chain from there on. With the key, verify finds it.
 */
static void test_rehashed_chain_fails_with_key(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	th_rm_db(COPY);
	keyed_with(KEY_A);
	struct kj_store *st = open_db(COPY, KJ_STORE_CREATE);
	for (int i = 0; i < 4; i++)
		log_ok(st, 1, "user:root", "signin", "user", "1", NULL);
	kj_store_close(st);
	/* Without the key the attacker can only recompute unkeyed hashes. */
	keyed_with(NULL);
	st = open_db(COPY, KJ_STORE_READONLY);
	struct kj_audit_entry e[4];
	struct kj_audit_filter f = { 0 };
	int n;
	assert_int_equal(kj_audit_list(st, &f, e, 4, &n, &err), 0);
	kj_store_close(st);
	char prev[KJ_AUDIT_HASH_HEX] = ZEROS, sql[512];
	for (int i = 3; i >= 0; i--) {	/* oldest first */
		struct kj_audit_entry x = e[i];
		if (x.id == 3)
			SET(x.action, "signout");
		memcpy(x.prev_hash, prev, sizeof prev);
		kj_audit_hash(&x, x.hash);
		snprintf(sql, sizeof sql, "UPDATE audit_entry SET action = '%s', prev_hash = '%s',"
			 " hash = '%s' WHERE id = %lld", x.action, x.prev_hash, x.hash,
			 (long long)x.id);
		assert_int_equal(kj_test_sql(COPY, sql), 0);
		memcpy(prev, x.hash, sizeof prev);
	}
	struct kj_audit_problem p;
	int ok;
	long checked;
	int64_t first;
	/* Unkeyed, it would pass: that is why the chain is keyed. */
	st = open_db(COPY, KJ_STORE_READONLY);
	assert_int_equal(kj_audit_verify(st, &p, &ok, &checked, &first, &err), 0);
	assert_true(ok);
	keyed_with(KEY_A);
	assert_int_equal(kj_audit_verify(st, &p, &ok, &checked, &first, &err), 0);
	assert_false(ok);
	assert_non_null(strstr(p.reason, "no entry is keyed"));
	kj_store_close(st);
	keyed_with(NULL);
}

/* A trail kept unkeyed becomes keyed; an unkeyed entry after that is refused. */
static void test_unkeyed_entry_after_keyed(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	th_copy_db(BASE, COPY);
	keyed_with(KEY_A);
	struct kj_store *st = open_db(COPY, 0);
	assert_int_equal(kj_audit_writer_check(st, &err), 0);
	log_ok(st, 0, "system", "demo.generate", NULL, NULL, NULL);
	log_ok(st, 0, "system", "demo.generate", NULL, NULL, NULL);
	struct kj_audit_problem p;
	int ok;
	long checked;
	int64_t first;
	assert_int_equal(kj_audit_verify(st, &p, &ok, &checked, &first, &err), 0);
	assert_true(ok);
	assert_int_equal(first, 6);
	/* Entry 7 rewritten without the key (unkeyed, relinked). */
	struct kj_audit_entry x;
	int found;
	assert_int_equal(kj_store_audit_get(st, 7, &x, &found, &err), 0);
	assert_true(found);
	kj_store_close(st);
	keyed_with(NULL);
	SET(x.detail, "{\"x\":1}");
	kj_audit_hash(&x, x.hash);
	char sql[512];
	snprintf(sql, sizeof sql, "UPDATE audit_entry SET detail = '{\"x\":1}', hash = '%s'"
		 " WHERE id = 7", x.hash);
	assert_int_equal(kj_test_sql(COPY, sql), 0);
	keyed_with(KEY_A);
	st = open_db(COPY, KJ_STORE_READONLY);
	assert_int_equal(kj_audit_verify(st, &p, &ok, &checked, &first, &err), 0);
	assert_false(ok);
	assert_int_equal(p.id, 7);
	assert_non_null(strstr(p.reason, "not keyed though entry 6"));
	kj_store_close(st);
	keyed_with(NULL);
}

/* An anchor kept elsewhere detects entries cut from the end. */
static void test_anchor_detects_truncation(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	th_copy_db(BASE, COPY);
	struct kj_store *st = open_db(COPY, KJ_STORE_READONLY);
	int64_t id;
	char hash[KJ_AUDIT_HASH_HEX];
	assert_int_equal(kj_store_audit_tail(st, &id, hash, &err), 0);
	assert_int_equal(id, 5);
	struct kj_audit_problem p;
	int ok;
	assert_int_equal(kj_audit_check_anchor(st, id, hash, &p, &ok, &err), 0);
	assert_true(ok);
	kj_store_close(st);
	assert_int_equal(kj_test_sql(COPY, "DELETE FROM audit_entry WHERE id >= 4"), 0);
	st = open_db(COPY, KJ_STORE_READONLY);
	assert_int_equal(kj_audit_check_anchor(st, id, hash, &p, &ok, &err), 0);
	assert_false(ok);
	assert_non_null(strstr(p.reason, "removed from its end"));
	/* A hash other than the anchor's: rewritten. */
	hash[0] = hash[0] == 'a' ? 'b' : 'a';
	assert_int_equal(kj_audit_check_anchor(st, 3, hash, &p, &ok, &err), 0);
	assert_false(ok);
	kj_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_of_five_verifies),
		cmocka_unit_test(test_empty_trail_verifies),
		cmocka_unit_test(test_hash_covers_every_field),
		cmocka_unit_test(test_log_in_caller_tx),
		cmocka_unit_test(test_log_refuses_bad_entries),
		cmocka_unit_test(test_log_json_detail),
		cmocka_unit_test(test_log_on_readonly_store_fails),
		cmocka_unit_test(test_filter_days_are_jst),
		cmocka_unit_test(test_list_filters),
		cmocka_unit_test(test_edited_detail_is_named),
		cmocka_unit_test(test_deleted_entry_is_named),
		cmocka_unit_test(test_reordered_entries_are_detected),
		cmocka_unit_test(test_changed_hash_is_detected),
		cmocka_unit_test(test_rehashed_entry_breaks_the_next_link),
		cmocka_unit_test(test_malformed_values_are_detected),
		cmocka_unit_test(test_lengthened_full_detail_is_detected),
		cmocka_unit_test(test_truncated_tail_is_a_shorter_chain),
		cmocka_unit_test(test_keyed_trail),
		cmocka_unit_test(test_rehashed_chain_fails_with_key),
		cmocka_unit_test(test_unkeyed_entry_after_keyed),
		cmocka_unit_test(test_anchor_detects_truncation),
	};
	return cmocka_run_group_tests(tests, make_base, remove_base);
}
