/*
 * Unit tests of backups and the audit export (issue 16): app/backup_file.c
 * (files written beside and renamed, mode 0600 whatever the umask, never
 * over an existing file; sha256sum's digest lines), app/audit_export.c
 * (--since and the JSON lines), and app/backup.c with store/store_backup*.c
 * on the engine under test: a trail whose details hold what COPY escapes
 * (tabs, line ends, backslashes, Japanese) backed up, verified on the copy
 * (for PostgreSQL: read back out of the dump), restored, and refused when
 * damaged or over a live database without force.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "app/audit_export.h"
#include "app/audit_log.h"
#include "app/backup.h"
#include "store/store.h"

static void test_since_parse(void **state)
{
	(void)state;
	struct kj_audit_since s;
	struct kj_err err;
	assert_int_equal(kj_audit_since_parse("42", &s, &err), 0);
	assert_int_equal(s.position, 42);
	assert_string_equal(s.at, "");
	assert_int_equal(kj_audit_since_parse("2026-12-05", &s, &err), 0);
	assert_int_equal(s.position, 0);
	assert_string_equal(s.at, "2026-12-04T15:00:00Z");	/* midnight in Japan */
	assert_int_equal(kj_audit_since_parse("2026-12-05T09:30:00Z", &s, &err), 0);
	assert_string_equal(s.at, "2026-12-05T09:30:00Z");
	assert_int_equal(kj_audit_since_parse("2026-12-05T09:30:00+09:00", &s, &err), 0);
	assert_string_equal(s.at, "2026-12-05T00:30:00Z");
	assert_int_equal(kj_audit_since_parse("2026-01-01T01:00:00-05:30", &s, &err), 0);
	assert_string_equal(s.at, "2026-01-01T06:30:00Z");
	const char *bad[] = { "0", "-1", "", "x", "2026-02-30", "2026-12-05T09:30:00",
			      "2026-12-05T24:00:00Z", "2026-12-05T09:30:00+9", "2026-12-05 09:30:00Z",
			      "2026-12-05T09:30:00+24:00", "99999999999999999999999", NULL };
	for (const char **b = bad; *b; b++) {
		err.msg[0] = '\0';
		if (kj_audit_since_parse(*b, &s, &err) == 0)
			fail_msg("--since '%s' was taken", *b);
		assert_true(err.msg[0] != '\0');
	}
}

static void test_out_file(void **state)
{
	(void)state;
	struct kj_out_file f;
	struct kj_err err;
	unlink("out.txt");
	mode_t old = umask(0);	/* even then, nobody else may read it */
	assert_int_equal(kj_out_file_open(&f, "out.txt", 0, &err), 0);
	umask(old);
	assert_false(th_exists("out.txt"));
	assert_int_equal(write(f.fd, "abc", 3), 3);
	assert_int_equal(kj_out_file_commit(&f, &err), 0);
	assert_int_equal(th_file_mode("out.txt"), 0600);
	/* Never over an existing file; a replacing one goes over it. */
	assert_int_equal(kj_out_file_open(&f, "out.txt", 0, &err), -1);
	assert_non_null(strstr(err.msg, "already exists"));
	assert_int_equal(kj_out_file_open(&f, "out.txt", 1, &err), 0);
	char tmp[sizeof f.tmp];
	memcpy(tmp, f.tmp, sizeof tmp);
	assert_true(th_exists(tmp));
	kj_out_file_abort(&f);
	assert_false(th_exists(tmp));
	size_t len;
	char *text = th_slurp("out.txt", &len);
	assert_string_equal(text, "abc");
	free(text);
	assert_int_equal(kj_out_file_open(&f, "no-such-folder/x", 0, &err), -1);
	assert_int_equal(kj_out_file_open(&f, "folder/", 0, &err), -1);
}

static void test_digest(void **state)
{
	(void)state;
	struct kj_err err;
	char hex[KJ_SHA256_HEX], got[KJ_SHA256_HEX];
	long long bytes;
	unlink("d.bin");
	unlink("d.bin.sha256");
	assert_int_equal(th_write("d.bin", "abc", 3), 0);
	assert_int_equal(kj_file_sha256("d.bin", hex, &bytes, &err), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(bytes, 3);
	int present = 1;
	assert_int_equal(kj_digest_check("d.bin", &present, got, &err), 0);
	assert_int_equal(present, 0);
	assert_int_equal(kj_digest_write("d.bin", hex, &err), 0);
	char *line = th_slurp("d.bin.sha256", NULL);
	assert_string_equal(line, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  d.bin\n");
	free(line);
	assert_int_equal(th_file_mode("d.bin.sha256"), 0600);
	assert_int_equal(kj_digest_check("d.bin", &present, got, &err), 0);
	assert_int_equal(present, 1);
	assert_string_equal(got, hex);
	assert_int_equal(kj_digest_write("d.bin", hex, &err), -1);	/* never overwritten */
	/* Upper-case digits and sha256sum's binary mark are its format too. */
	assert_int_equal(th_write("d.bin.sha256",
		"BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD *d.bin\n", 73), 0);
	assert_int_equal(kj_digest_check("d.bin", &present, got, &err), 0);
	assert_int_equal(th_write("d.bin", "abd", 3), 0);
	assert_int_equal(kj_digest_check("d.bin", &present, got, &err), -1);
	assert_non_null(strstr(err.msg, "does not match its digest"));
	const char *junk[] = { "", "abc  d.bin\n", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n",
			       "zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  d.bin\n",
			       NULL };
	for (const char **j = junk; *j; j++) {
		assert_int_equal(th_write("d.bin.sha256", *j, strlen(*j)), 0);
		assert_int_equal(kj_digest_check("d.bin", &present, got, &err), -1);
		assert_non_null(strstr(err.msg, "not a SHA-256 digest"));
	}
}

static void log_ok(struct kj_store *st, const char *action, const char *detail)
{
	struct kj_err err = { "" };
	if (kj_audit_log(st, 0, "cli:test", action, "thing", "1", detail, &err) < 0)
		fail_msg("kj_audit_log %s: %s", action, err.msg);
}

/* A trail whose details hold what COPY's text format escapes. */
static void make_source(const char *db)
{
	struct kj_store *st = th_init_db(db);
	log_ok(st, "test.tab", "{\"a\":\t\"tab\\tand\\\\backslash\"}");
	log_ok(st, "test.newline", "{\"a\":\n\"line\\nend\",\r\n\"b\":\"\\\\N\"}");
	log_ok(st, "test.japanese", "{\"名前\":\"重要インフラ\\u3000事業者\"}");
	kj_store_close(st);
}

static long entries(const char *db)
{
	return th_sql_long(db, "SELECT COUNT(*) FROM audit_entry");
}

static void test_backup_restore(void **state)
{
	(void)state;
	const char *src = kj_test_db("bk_src.db");
	const char *dst = kj_test_db("bk_dst.db");
	struct kj_backup_result r;
	struct kj_err err;
	make_source(src);
	unlink("bk.bak");
	unlink("bk.bak.sha256");
	long n = entries(src);
	if (kj_app_backup(src, "bk.bak", "cli:test", &r, &err) < 0)
		fail_msg("backup: %s", err.msg);
	assert_int_equal(r.pg, kj_test_db_is_pg(src));
	assert_int_equal(r.audit_entries, n + 1);	/* with its own db.backup entry */
	assert_int_equal(r.last_id, n + 1);
	assert_int_equal(th_file_mode("bk.bak"), 0600);
	assert_int_equal(th_file_mode("bk.bak.sha256"), 0600);
	assert_int_equal(kj_app_backup(src, "bk.bak", "cli:test", &r, &err), -1);

	if (kj_app_restore("bk.bak", dst, 0, "cli:test", &r, &err) < 0)
		fail_msg("restore: %s", err.msg);
	assert_int_equal(r.digest_checked, 1);
	assert_int_equal(r.audit_entries, n + 1);
	assert_int_equal(entries(dst), n + 2);		/* and its db.restore entry */
	struct kj_store *st;
	struct kj_audit_problem p;
	int ok;
	long checked;
	int64_t keyed;
	assert_int_equal(kj_store_open(&st, dst, KJ_STORE_READONLY, &err), 0);
	assert_int_equal(kj_audit_verify(st, &p, &ok, &checked, &keyed, &err), 0);
	kj_store_close(st);
	assert_int_equal(ok, 1);
	assert_int_equal(checked, n + 2);
	char detail[128];
	assert_int_equal(kj_test_sql_text(dst, "SELECT detail FROM audit_entry WHERE action = "
					  "'test.japanese'", detail, sizeof detail), 0);
	assert_string_equal(detail, "{\"名前\":\"重要インフラ\\u3000事業者\"}");

	/* Over a live database: only with force. */
	assert_int_equal(kj_app_restore("bk.bak", dst, 0, "cli:test", &r, &err), -1);
	assert_non_null(strstr(err.msg, "--force"));
	assert_int_equal(entries(dst), n + 2);
	if (kj_app_restore("bk.bak", dst, 1, "cli:test", &r, &err) < 0)
		fail_msg("restore --force: %s", err.msg);
	assert_int_equal(entries(dst), n + 2);

	/* Damaged: refused before anything is replaced. */
	size_t len;
	char *data = th_slurp("bk.bak", &len);
	assert_non_null(data);
	assert_int_equal(th_write("half.bak", data, len / 2), 0);
	free(data);
	assert_int_equal(kj_app_restore("half.bak", dst, 1, "cli:test", &r, &err), -1);
	assert_int_equal(entries(dst), n + 2);
	assert_int_equal(th_write("bk.bak.sha256", "0000000000000000000000000000000000000000"
				  "000000000000000000000000  bk.bak\n", 73), 0);
	assert_int_equal(kj_app_restore("bk.bak", dst, 1, "cli:test", &r, &err), -1);
	assert_non_null(strstr(err.msg, "does not match its digest"));
	assert_int_equal(entries(dst), n + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_since_parse),
		cmocka_unit_test(test_out_file),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_backup_restore),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
