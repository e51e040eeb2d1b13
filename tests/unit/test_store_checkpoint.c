/*
 * Unit tests of checkpoints apart (src/store/store_checkpoint.c through
 * kj_store_checkpoint_apart, store.h): a long run of write transactions
 * while a thread copies the WAL back. Every committed row is there, on a
 * new connection and after close; the WAL starts over at least every
 * KJ_CHECKPOINT_LAG_MAX transactions, where the commits alone, without
 * their own checkpoints, would grow it by every one; after apart ends, the
 * WAL is copied back whole. On PostgreSQL
 * (the _pg twin) it changes nothing and the rows are written.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include "helpers.h"
#include "base/limits.h"
#include "model/corpnum.h"
#include "store/store.h"
#include "store/store_registry.h"

#define ORGS_PER_TX 300	/* rows of one transaction: a few hundred WAL pages */
#define TXS (4 * KJ_CHECKPOINT_LAG_MAX)

/* Adds ORGS_PER_TX operators in one transaction, numbered from FIRST. */
static void add_orgs(struct kj_store *st, int first)
{
	struct kj_err err = { "" };
	if (kj_store_begin(st, &err) < 0)
		fail_msg("%s", err.msg);
	for (int i = first; i < first + ORGS_PER_TX; i++) {
		struct kj_org_record o = { .name_kana = "テスト", .size_class = "large",
					   .core_infra = 1, .active = 1, .prefecture = "13",
					   .nsectors = 1 };
		char base[13];
		int64_t id;
		snprintf(base, sizeof base, "%012d", 100000000 + i % 100000000);
		o.corporate_number[0] = (char)('0' + kj_corpnum_check_digit(base));
		memcpy(o.corporate_number + 1, base, sizeof base);
		snprintf(o.name_ja, sizeof o.name_ja, "チェックポイント試験株式会社 第%d号", i);
		kj_strlcpy(o.sectors[0], "water", sizeof o.sectors[0]);
		if (kj_store_org_add(st, &o, &id, &err) < 0)
			fail_msg("%s", err.msg);
	}
	if (kj_store_commit(st, &err) < 0)
		fail_msg("%s", err.msg);
}

static long wal_bytes(const char *db)
{
	char path[512];
	struct stat sb;
	snprintf(path, sizeof path, "%s-wal", db);
	return stat(path, &sb) == 0 ? (long)sb.st_size : 0;
}

/* The WAL header's checkpoint sequence number: one more each time the WAL
 * starts over from its first frame (bytes 12-15, big-endian). */
static long wal_restarts(const char *db)
{
	char path[512];
	unsigned char h[16];
	snprintf(path, sizeof path, "%s-wal", db);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(h, 1, sizeof h, f), sizeof h);
	fclose(f);
	return (long)h[12] << 24 | (long)h[13] << 16 | (long)h[14] << 8 | (long)h[15];
}

/* A checkpoint of MODE on a connection of its own: the frames in DB's WAL
 * and those of them copied back into the file. */
static void wal_checkpoint(const char *db, int mode, int *log, int *copied)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	/* A first read, by which the connection learns the file is in WAL mode. */
	assert_int_equal(sqlite3_exec(h, "PRAGMA schema_version", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_wal_checkpoint_v2(h, NULL, mode, log, copied), SQLITE_OK);
	sqlite3_close(h);
}

/* After a PASSIVE checkpoint that found every frame already copied. */
static void assert_all_copied(const char *db)
{
	int log = -1, copied = -2;
	wal_checkpoint(db, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
	assert_int_equal(log, copied);
}

static void test_apart_bounded_and_copied(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("ckpt.db");
	struct kj_err err = { "" };
	struct kj_store *st = th_init_db(db);
	long before = th_sql_long(db, "SELECT COUNT(*) FROM organisation");
	int pg = kj_store_is_pg(db);
	/* The WAL emptied first (the store is idle), so that its size is the
	 * most pages it held since. */
	if (!pg) {
		int log = -1, copied = -1;
		wal_checkpoint(db, SQLITE_CHECKPOINT_TRUNCATE, &log, &copied);
		assert_int_equal(log, 0);
		assert_int_equal(wal_bytes(db), 0);
	}
	assert_int_equal(kj_store_checkpoint_apart(st, 1, &err), 0);
	assert_int_equal(kj_store_checkpoint_apart(st, 1, &err), 0);	/* already */
	add_orgs(st, 0);
	long first = pg ? 0 : wal_restarts(db);
	for (int t = 1; t < TXS; t++)
		add_orgs(st, t * ORGS_PER_TX);
	/* Every commit is there for another connection at once. */
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"),
			 before + TXS * ORGS_PER_TX);
	/* Without the thread's checkpoints and the writer's waits, the WAL
	 * would hold every transaction's pages: it starts over at least at
	 * every KJ_CHECKPOINT_LAG_MAX-th. */
	if (!pg)
		assert_true(wal_restarts(db) - first >= (TXS - 1) / KJ_CHECKPOINT_LAG_MAX);
	assert_int_equal(kj_store_checkpoint_apart(st, 0, &err), 0);
	if (!pg)
		assert_all_copied(db);	/* the last commit's pages too */
	/* The commits checkpoint again by themselves; still written. */
	add_orgs(st, TXS * ORGS_PER_TX);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"),
			 before + (TXS + 1) * ORGS_PER_TX);
	th_rm_db(db);
}

/* Closed while apart: the thread is stopped and the rows are kept. */
static void test_close_while_apart(void **state)
{
	(void)state;
	const char *db = kj_test_db_ref("ckpt-close.db");
	struct kj_err err = { "" };
	struct kj_store *st = th_init_db(db);
	long before = th_sql_long(db, "SELECT COUNT(*) FROM organisation");
	assert_int_equal(kj_store_checkpoint_apart(st, 1, &err), 0);
	add_orgs(st, 0);
	add_orgs(st, ORGS_PER_TX);
	kj_store_close(st);
	assert_int_equal(th_sql_long(db, "SELECT COUNT(*) FROM organisation"),
			 before + 2 * ORGS_PER_TX);
	if (!kj_store_is_pg(db))
		assert_all_copied(db);
	th_rm_db(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apart_bounded_and_copied),
		cmocka_unit_test(test_close_while_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
