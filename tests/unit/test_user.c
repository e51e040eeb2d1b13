/*
 * Unit tests of src/model/user.c (roles, logins, password rules and
 * hashing) and src/store/store_users.c (adding, reading, listing,
 * disabling users and setting passwords) in a scratch database. The
 * database is also read directly (kj_test_sql: sqlite3 or libpq) to check
 * what was written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "model/corpnum.h"
#include "model/user.h"
#include "store/store.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"
#include "store/store_users.h"

/* --- Roles and logins ---------------------------------------------------- */

static void test_role_round_trip(void **state)
{
	(void)state;
	for (int r = 0; r < KJ_NROLES; r++) {
		const char *name = kj_role_name((enum kj_role)r);
		assert_non_null(name);
		assert_int_equal(kj_role_parse(name), r);
		assert_non_null(kj_role_label_ja((enum kj_role)r));
		assert_non_null(kj_role_label_en((enum kj_role)r));
	}
	assert_string_equal(kj_role_name(KJ_ROLE_CEPTOAR), "ceptoar");
	assert_string_equal(kj_role_label_ja(KJ_ROLE_NCO), "国家サイバー統括室");
	assert_string_equal(kj_role_label_ja(KJ_ROLE_SURVEYOR), "調査実施機関（IPA）");
	assert_string_equal(kj_role_label_ja(KJ_ROLE_AUDITOR), "内部監査");
	assert_non_null(strstr(kj_role_label_en(KJ_ROLE_NCO), "National Cyber"));
	assert_int_equal(kj_role_parse("admin"), -1);
	assert_int_equal(kj_role_parse("NCO"), -1);
	assert_int_equal(kj_role_parse(""), -1);
	assert_int_equal(kj_role_parse(NULL), -1);
	assert_null(kj_role_name(KJ_NROLES));
	assert_null(kj_role_label_ja((enum kj_role)-1));
}

/* The one role rule: which role has an organisation, a ministry, sectors. */
static void test_scope_rule(void **state)
{
	(void)state;
	static const struct {
		enum kj_role role;
		int org, ministry, nsectors, ok;
	} cases[] = {
		{ KJ_ROLE_OPERATOR, 1, 0, 0, 1 }, { KJ_ROLE_OPERATOR, 0, 0, 0, 0 },
		{ KJ_ROLE_OPERATOR, 1, 1, 0, 0 }, { KJ_ROLE_OPERATOR, 1, 0, 1, 0 },
		{ KJ_ROLE_MINISTRY, 0, 1, 0, 1 }, { KJ_ROLE_MINISTRY, 0, 0, 0, 0 },
		{ KJ_ROLE_MINISTRY, 0, 1, 1, 0 }, { KJ_ROLE_MINISTRY, 1, 1, 0, 0 },
		{ KJ_ROLE_CEPTOAR, 0, 0, 1, 1 }, { KJ_ROLE_CEPTOAR, 0, 0, 0, 0 },
		{ KJ_ROLE_CEPTOAR, 0, 1, 1, 0 }, { KJ_ROLE_CEPTOAR, 0, 0, KJ_USER_SECTORS_MAX + 1, 0 },
		{ KJ_ROLE_NCO, 0, 0, 0, 1 }, { KJ_ROLE_NCO, 0, 0, 1, 0 },
		{ KJ_ROLE_HQ, 0, 1, 0, 0 }, { KJ_ROLE_SURVEYOR, 1, 0, 0, 0 },
		{ KJ_ROLE_AUDITOR, 0, 0, 0, 1 }, { KJ_NROLES, 0, 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kj_err err = { "" };
		const char *ja = "unset";
		int rc = kj_user_scope_check(cases[i].role, cases[i].org, cases[i].ministry,
					     cases[i].nsectors, &ja, &err);
		if ((rc == 0) != cases[i].ok)
			fail_msg("case %zu: got %d (%s)", i, rc, err.msg);
		/* A refusal says why in both languages; a pass leaves no reason. */
		if (rc < 0) {
			assert_non_null(ja);
			assert_true(err.msg[0] != '\0');
		} else {
			assert_null(ja);
		}
	}
	assert_true(kj_ministry_code_valid("mhlw"));
	assert_false(kj_ministry_code_valid(""));
	assert_false(kj_ministry_code_valid("MHLW"));
	assert_false(kj_ministry_code_valid("a-very-long-ministry-code"));
	assert_false(kj_ministry_code_valid(NULL));
}

static void test_login_rules(void **state)
{
	(void)state;
	char max[KJ_LOGIN_MAX + 1];
	assert_true(kj_login_valid("alice"));
	assert_true(kj_login_valid("a.b-c_d"));
	assert_true(kj_login_valid("0day"));
	assert_true(kj_login_valid("abc"));
	assert_false(kj_login_valid("ab"));
	assert_false(kj_login_valid("Alice"));
	assert_false(kj_login_valid(".alice"));
	assert_false(kj_login_valid("-alice"));
	assert_false(kj_login_valid("_alice"));
	assert_false(kj_login_valid("al ice"));
	assert_false(kj_login_valid("alice@example.jp"));
	assert_false(kj_login_valid("ありす"));
	assert_false(kj_login_valid(""));
	assert_false(kj_login_valid(NULL));
	memset(max, 'a', sizeof max);
	max[KJ_LOGIN_MAX - 1] = '\0';	/* 63 bytes */
	assert_true(kj_login_valid(max));
	max[KJ_LOGIN_MAX - 1] = 'a';
	max[KJ_LOGIN_MAX] = '\0';	/* 64 bytes */
	assert_false(kj_login_valid(max));
}

/* --- Passwords ----------------------------------------------------------- */

/* Asserts PW is refused with an English reason holding WHY, and a Japanese one. */
static void refused(const char *pw, const char *login, const char *why)
{
	struct kj_err err = { "" };
	const char *ja = NULL;
	if (kj_password_check(pw, login, &ja, &err) == 0)
		fail_msg("password '%s' was accepted; expected: %s", pw, why);
	if (!strstr(err.msg, why))
		fail_msg("password '%s': expected a reason with '%s', got '%s'", pw, why,
			 err.msg);
	assert_non_null(ja);
	assert_true(strlen(ja) > 0);
}

static void test_password_rules(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	char long_pw[KJ_PASSWORD_MAX + 2];
	refused("Ab1!shortpw", "alice", "shorter than 12");
	refused("", "alice", "shorter than 12");
	memset(long_pw, 'a', sizeof long_pw);
	memcpy(long_pw, "Aa1!", 4);
	long_pw[KJ_PASSWORD_MAX + 1] = '\0';	/* 129 bytes */
	refused(long_pw, "alice", "longer than 128");
	refused("abcdefghijkl1234", "alice", "3 kinds");
	refused("ABCDEFGHIJKLMNOP", "alice", "3 kinds");
	refused("aaaaaaaa-bbbbbb", "alice", "3 kinds");
	refused("my-Alice-passw0rd", "alice", "login");
	refused("ALICE-is-99-great", "alice", "login");
	refused("password1234", "alice", "3 kinds");	/* two kinds: fails earlier */
	refused("Password1234", "alice", "well-known");
	refused("P@ssw0rd1234", "alice", "well-known");
	refused("QWERTYuiop12", "alice", "well-known");
	refused("Tab\there-Pass1", "alice", "control");
	refused("Bad-\xff\xfe-utf8-99", "alice", "UTF-8");
	refused(NULL, "alice", "no password");

	/* Good ones: exactly at the limits, Japanese counts characters. */
	assert_int_equal(kj_password_check("correct-Horse-7", "alice", NULL, &err), 0);
	assert_int_equal(kj_password_check("Ab1-Ab1-Ab1-", "alice", NULL, &err), 0);
	memset(long_pw, 'x', sizeof long_pw);
	memcpy(long_pw, "Aa1!", 4);
	long_pw[KJ_PASSWORD_MAX] = '\0';	/* 128 bytes */
	assert_int_equal(kj_password_check(long_pw, "alice", NULL, &err), 0);
	/* 10 kana + "1A": 12 characters, 32 bytes, 3 kinds. */
	assert_int_equal(kj_password_check("あいうえおかきくけこ1A", "alice", NULL, &err), 0);
	/* 11 characters though 33 bytes: too short. */
	refused("あいうえおかきくけ1A", "alice", "shorter than 12");
	/* No login given: only the other rules. */
	assert_int_equal(kj_password_check("my-Alice-passw0rd", NULL, NULL, &err), 0);
}

static void test_hash_and_verify(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	char h1[KJ_PWHASH_MAX], h2[KJ_PWHASH_MAX];
	assert_int_equal(kj_password_hash("Tr0ub4dor&3-xyz", h1, &err), 0);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	/* The interactive limits, or the smallest ones in a test build. */
	assert_non_null(strstr(h1, kj_password_hash_fast() ? "$m=8,t=1,p=1$" : "$m=65536,t=2,p=1$"));
	assert_true(kj_password_verify(h1, "Tr0ub4dor&3-xyz"));
	assert_false(kj_password_verify(h1, "Tr0ub4dor&3-xyZ"));
	assert_false(kj_password_verify(h1, ""));
	assert_false(kj_password_verify(h1, NULL));
	assert_false(kj_password_verify("", "Tr0ub4dor&3-xyz"));
	assert_false(kj_password_verify(NULL, "Tr0ub4dor&3-xyz"));
	assert_false(kj_password_verify("not a hash", "Tr0ub4dor&3-xyz"));
	/* A fresh salt each time: the same password hashes differently. */
	assert_int_equal(kj_password_hash("Tr0ub4dor&3-xyz", h2, &err), 0);
	assert_string_not_equal(h1, h2);
	assert_true(kj_password_verify(h2, "Tr0ub4dor&3-xyz"));
}

/* --- The store ----------------------------------------------------------- */

#define DB kj_test_db_ref("users.db")

struct fixture {
	struct kj_store *st;
	const char *raw;	/* the same database, for checks and setup (kj_test_sql) */
	int64_t org;		/* an organisation for operators */
	char corpnum[16];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct kj_err err = { "" };
	struct kj_catalog cat;
	int created;
	if (!f)
		return -1;
	th_rm_db(DB);
	if (kj_store_open(&f->st, DB, KJ_STORE_CREATE, &err) < 0 ||
	    kj_catalog_load_embedded(&cat, &err) < 0) {
		fprintf(stderr, "setup: %s\n", err.msg);
		kj_store_close(f->st);
		free(f);
		return -1;
	}
	/* The catalog brings the sectors that ministries and CEPTOARs need. */
	int rc = kj_store_catalog_put(f->st, &cat, &created, &err);
	kj_catalog_free(&cat);
	int d = kj_corpnum_check_digit("123456789012");
	snprintf(f->corpnum, sizeof f->corpnum, "%d123456789012", d);
	struct kj_org_record o = {
		.name_ja = "東京電力テスト株式会社", .size_class = "large", .active = 1,
		.sectors = { "electricity" }, .nsectors = 1,
	};
	kj_strlcpy(o.corporate_number, f->corpnum, sizeof o.corporate_number);
	if (rc < 0 || kj_store_org_add(f->st, &o, &f->org, &err) < 0) {
		fprintf(stderr, "setup: %s\n", err.msg);
		kj_store_close(f->st);
		free(f);
		return -1;
	}
	f->raw = DB;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	kj_store_close(f->st);
	th_rm_db(DB);
	free(f);
	return 0;
}

static long raw_count(struct fixture *f, const char *sql)
{
	return th_sql_long(f->raw, sql);
}

static void raw_exec(struct fixture *f, const char *sql)
{
	if (kj_test_sql(f->raw, sql) < 0)
		fail_msg("%s: failed", sql);
}

static struct kj_user make(const char *login, enum kj_role role)
{
	struct kj_user u;
	memset(&u, 0, sizeof u);
	kj_strlcpy(u.login, login, sizeof u.login);
	kj_strlcpy(u.display_name, login, sizeof u.display_name);
	u.role = role;
	return u;
}

static void add_ok(struct fixture *f, struct kj_user *u)
{
	struct kj_err err = { "" };
	if (kj_store_user_add(f->st, u, &err) < 0)
		fail_msg("adding %s: %s", u->login, err.msg);
	assert_true(u->id > 0);
}

static void add_refused(struct fixture *f, struct kj_user *u, const char *why)
{
	struct kj_err err = { "" };
	long before = raw_count(f, "SELECT count(*) FROM app_user");
	long sectors = raw_count(f, "SELECT count(*) FROM user_sector");
	if (kj_store_user_add(f->st, u, &err) == 0)
		fail_msg("adding %s was accepted; expected: %s", u->login, why);
	if (!strstr(err.msg, why))
		fail_msg("adding %s: expected '%s', got '%s'", u->login, why, err.msg);
	/* Nothing written, and no transaction left open. */
	assert_int_equal(raw_count(f, "SELECT count(*) FROM app_user"), before);
	assert_int_equal(raw_count(f, "SELECT count(*) FROM user_sector"), sectors);
	assert_false(kj_store_in_tx(f->st));
}

static void test_user_add_rules(void **state)
{
	struct fixture *f = *state;
	struct kj_user u = make("root", KJ_ROLE_NCO);
	kj_strlcpy(u.display_name, "国家サイバー統括室 管理者", sizeof u.display_name);
	kj_strlcpy(u.password_hash, "$argon2id$v=19$m=65536,t=2,p=1$x$y",
		   sizeof u.password_hash);
	add_ok(f, &u);

	struct kj_user dup = make("root", KJ_ROLE_AUDITOR);
	add_refused(f, &dup, "login root is taken");

	struct kj_user op = make("tepco", KJ_ROLE_OPERATOR);
	add_refused(f, &op, "an operator needs an organisation");
	op.org_id = f->org + 1000;
	add_refused(f, &op, "no organisation with id");
	op.org_id = f->org;
	add_ok(f, &op);

	/* A ministry user: one ministry, no sectors of its own. */
	struct kj_user min = make("meti", KJ_ROLE_MINISTRY);
	add_refused(f, &min, "needs a ministry");
	kj_strlcpy(min.ministry, "space", sizeof min.ministry);
	add_refused(f, &min, "no ministry 'space'");
	kj_strlcpy(min.ministry, "METI!", sizeof min.ministry);
	add_refused(f, &min, "a ministry code is");
	kj_strlcpy(min.ministry, "meti", sizeof min.ministry);
	kj_strlcpy(min.sectors[0], "electricity", KJ_SECTOR_CODE_MAX);
	min.nsectors = 1;
	add_refused(f, &min, "has no sectors of its own");
	min.nsectors = 0;
	min.org_id = f->org;
	add_refused(f, &min, "has no organisation");
	min.org_id = 0;
	add_ok(f, &min);

	/* A CEPTOAR user: sectors, which must exist; no ministry. */
	struct kj_user cep = make("cep-energy", KJ_ROLE_CEPTOAR);
	add_refused(f, &cep, "needs at least one sector");
	kj_strlcpy(cep.sectors[0], "electricity", KJ_SECTOR_CODE_MAX);
	kj_strlcpy(cep.sectors[1], "space", KJ_SECTOR_CODE_MAX);
	cep.nsectors = 2;
	add_refused(f, &cep, "no sector 'space'");
	kj_strlcpy(cep.sectors[1], "gas", KJ_SECTOR_CODE_MAX);
	kj_strlcpy(cep.ministry, "meti", sizeof cep.ministry);
	add_refused(f, &cep, "has no ministry");
	cep.ministry[0] = '\0';
	add_ok(f, &cep);

	struct kj_user hq = make("hq-office", KJ_ROLE_HQ);
	hq.org_id = f->org;
	add_refused(f, &hq, "has no organisation");
	hq.org_id = 0;
	kj_strlcpy(hq.sectors[0], "gas", KJ_SECTOR_CODE_MAX);
	hq.nsectors = 1;
	add_refused(f, &hq, "has no sectors");
	hq.nsectors = 0;
	kj_strlcpy(hq.ministry, "meti", sizeof hq.ministry);
	add_refused(f, &hq, "has no ministry");

	struct kj_user bad = make("Bad Login", KJ_ROLE_NCO);
	add_refused(f, &bad, "is not valid");
	bad = make("noname", KJ_ROLE_NCO);
	bad.display_name[0] = '\0';
	add_refused(f, &bad, "display name");
	bad = make("badrole", KJ_ROLE_NCO);
	bad.role = KJ_NROLES;
	add_refused(f, &bad, "unknown role");

	/* What was written: no hash stored as NULL, a CEPTOAR's sectors as rows,
	 * a ministry user's ministry and no sector rows. */
	assert_int_equal(raw_count(f, "SELECT count(*) FROM app_user"), 4);
	assert_int_equal(raw_count(f, "SELECT count(*) FROM app_user WHERE password_hash"
				   " IS NULL"), 3);
	assert_int_equal(raw_count(f, "SELECT count(*) FROM user_sector us JOIN app_user u"
				   " ON u.id = us.user_id WHERE u.login = 'cep-energy'"), 2);
	assert_int_equal(raw_count(f, "SELECT count(*) FROM user_sector us JOIN app_user u"
				   " ON u.id = us.user_id WHERE u.login = 'meti'"), 0);
	assert_int_equal(raw_count(f, "SELECT count(*) FROM app_user WHERE login = 'meti'"
				   " AND ministry_code = 'meti'"), 1);
	assert_int_equal(raw_count(f, "SELECT organisation_id FROM app_user"
				   " WHERE login = 'tepco'"), f->org);
}

static void test_user_read_and_list(void **state)
{
	struct fixture *f = *state;
	struct kj_err err = { "" };
	struct kj_user a = make("zeta", KJ_ROLE_CEPTOAR), b = make("alpha", KJ_ROLE_MINISTRY),
		       c = make("mid", KJ_ROLE_AUDITOR), got;
	kj_strlcpy(a.sectors[0], "finance", KJ_SECTOR_CODE_MAX);
	a.nsectors = 1;
	kj_strlcpy(b.ministry, "env", sizeof b.ministry);
	kj_strlcpy(c.password_hash, "$argon2id$fake", sizeof c.password_hash);
	add_ok(f, &a);
	add_ok(f, &b);
	add_ok(f, &c);

	int found = -1;
	assert_int_equal(kj_store_user_by_login(f->st, "alpha", &got, &found, &err), 0);
	assert_int_equal(found, 1);
	assert_int_equal(got.id, b.id);
	assert_int_equal(got.role, KJ_ROLE_MINISTRY);
	assert_string_equal(got.ministry, "env");
	/* Its ministry's sectors, sorted: government services in part (its own
	 * services only), water whole. */
	assert_int_equal(got.nsectors, 2);
	assert_string_equal(got.sectors[0], "government");
	assert_int_equal(got.sector_partial[0], 1);
	assert_string_equal(got.sectors[1], "water");
	assert_int_equal(got.sector_partial[1], 0);
	assert_int_equal(kj_store_user_by_id(f->st, c.id, &got, &found, &err), 0);
	assert_int_equal(found, 1);
	assert_string_equal(got.login, "mid");
	assert_string_equal(got.password_hash, "$argon2id$fake");
	assert_int_equal(got.nsectors, 0);
	assert_int_equal(kj_store_user_by_login(f->st, "nobody", &got, &found, &err), 0);
	assert_int_equal(found, 0);
	assert_int_equal(kj_store_user_by_id(f->st, 99999, &got, &found, &err), 0);
	assert_int_equal(found, 0);

	struct kj_user list[8];
	int n = -1;
	assert_int_equal(kj_store_user_list(f->st, list, 8, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].login, "alpha");
	assert_string_equal(list[0].ministry, "env");
	assert_int_equal(list[0].nsectors, 2);
	assert_string_equal(list[0].sectors[1], "water");
	assert_int_equal(list[0].sector_partial[0], 1);
	assert_string_equal(list[1].login, "mid");
	assert_string_equal(list[1].ministry, "");
	assert_string_equal(list[1].password_hash, "");	/* never in a listing */
	assert_string_equal(list[2].login, "zeta");
	assert_string_equal(list[2].sectors[0], "finance");
	assert_string_equal(list[2].ministry, "");
	/* A short buffer gets the first by login, each with all its sectors. */
	assert_int_equal(kj_store_user_list(f->st, list, 1, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].login, "alpha");
	assert_int_equal(list[0].nsectors, 2);
}

static void test_user_disable_and_passwd(void **state)
{
	struct fixture *f = *state;
	struct kj_err err = { "" };
	struct kj_user u = make("carol", KJ_ROLE_NCO), v = make("dave", KJ_ROLE_NCO), got;
	int found;
	char h[KJ_PWHASH_MAX], sql[256];
	add_ok(f, &u);
	add_ok(f, &v);
	/* Sessions of both users; only the changed user's must go. */
	snprintf(sql, sizeof sql, "INSERT INTO session (token_hash, user_id, csrf,"
		 " created_at, last_seen) VALUES ('t1', %lld, 'c', 0, 0), ('t2', %lld,"
		 " 'c', 0, 0), ('t3', %lld, 'c', 0, 0)", (long long)u.id, (long long)u.id,
		 (long long)v.id);
	raw_exec(f, sql);

	assert_int_equal(kj_store_user_set_disabled(f->st, u.id, 1, &err), 0);
	assert_int_equal(kj_store_user_by_id(f->st, u.id, &got, &found, &err), 0);
	assert_true(got.disabled);
	assert_int_equal(raw_count(f, "SELECT count(*) FROM session"), 1);
	assert_int_equal(raw_count(f, "SELECT count(*) FROM session WHERE token_hash = 't3'"), 1);
	assert_int_equal(kj_store_user_set_disabled(f->st, u.id, 0, &err), 0);
	assert_int_equal(kj_store_user_by_id(f->st, u.id, &got, &found, &err), 0);
	assert_false(got.disabled);

	assert_int_equal(kj_password_hash("New-passw0rd-for-dave", h, &err), 0);
	assert_int_equal(kj_store_user_set_password(f->st, v.id, h, &err), 0);
	assert_int_equal(raw_count(f, "SELECT count(*) FROM session"), 0);
	assert_int_equal(kj_store_user_by_login(f->st, "dave", &got, &found, &err), 0);
	assert_true(kj_password_verify(got.password_hash, "New-passw0rd-for-dave"));

	/* No such user; no hash. */
	assert_int_equal(kj_store_user_set_disabled(f->st, 99999, 1, &err), -1);
	assert_non_null(strstr(err.msg, "no user with id 99999"));
	assert_int_equal(kj_store_user_set_password(f->st, 99999, h, &err), -1);
	assert_int_equal(kj_store_user_set_password(f->st, v.id, "", &err), -1);
	assert_false(kj_store_in_tx(f->st));
}

/* A change inside the caller's transaction goes when the caller rolls back. */
static void test_user_add_in_caller_tx(void **state)
{
	struct fixture *f = *state;
	struct kj_err err = { "" };
	struct kj_user u = make("eve", KJ_ROLE_SURVEYOR), got;
	int found;
	assert_int_equal(kj_store_begin(f->st, &err), 0);
	add_ok(f, &u);
	assert_true(kj_store_in_tx(f->st));	/* still the caller's */
	kj_store_rollback(f->st);
	assert_int_equal(kj_store_user_by_login(f->st, "eve", &got, &found, &err), 0);
	assert_int_equal(found, 0);
	assert_int_equal(kj_store_begin(f->st, &err), 0);
	add_ok(f, &u);
	assert_int_equal(kj_store_commit(f->st, &err), 0);
	assert_int_equal(kj_store_user_by_login(f->st, "eve", &got, &found, &err), 0);
	assert_int_equal(found, 1);
}

static void test_org_lookups(void **state)
{
	struct fixture *f = *state;
	struct kj_err err = { "" };
	int64_t id = -1;
	int exists = -1;
	char corp[16];
	assert_int_equal(kj_store_org_by_corpnum(f->st, f->corpnum, &id, &err), 0);
	assert_int_equal(id, f->org);
	assert_int_equal(kj_store_org_by_corpnum(f->st, "1000000000000", &id, &err), 0);
	assert_int_equal(id, 0);
	assert_int_equal(kj_store_org_exists(f->st, f->org, &exists, &err), 0);
	assert_int_equal(exists, 1);
	assert_int_equal(kj_store_org_exists(f->st, f->org + 1, &exists, &err), 0);
	assert_int_equal(exists, 0);
	assert_int_equal(kj_store_org_corpnum(f->st, f->org, corp, &err), 0);
	assert_string_equal(corp, f->corpnum);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_round_trip),
		cmocka_unit_test(test_login_rules),
		cmocka_unit_test(test_scope_rule),
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test_setup_teardown(test_user_add_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_read_and_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_disable_and_passwd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_add_in_caller_tx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_lookups, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
