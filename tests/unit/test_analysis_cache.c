/*
 * The analysis views kept (app/analysis_cache.c) on a small demo database:
 * a second read is the kept view; a response returned, or submitted again,
 * through the app's own use cases is in the very next read (never stale);
 * every reader's kept view equals the view computed afresh for it; the
 * views kept stay within KJ_ANALYSIS_CACHE_MAX, and one still held outlives
 * its eviction; worker threads, each with its own connection, share the
 * cache; a CEPTOAR reads no live view. On SQLite and, as
 * unit_analysis_cache_pg, on PostgreSQL.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "app/analysis_cache.h"
#include "app/authz.h"
#include "app/demo.h"
#include "app/survey_answer.h"

#define SURVEY 2	/* the demo's FY2026 questionnaire */
#define THREADS 4
#define THREAD_READS 20

static const char *db;
static struct kj_store *st;

static int setup(void **state)
{
	(void)state;
	db = kj_test_db("analysis_cache.db");
	st = th_init_db(db);
	struct kj_demo_opts o = { .operators = 60, .seed = 5, .years = 2, .today = "2026-12-04",
				  .actor = "test" };
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kj_store_close(st);
	return 0;
}

static struct kj_user user_of(enum kj_role role)
{
	struct kj_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "u%d", (int)role);
	u.role = role;
	if (role == KJ_ROLE_MINISTRY || role == KJ_ROLE_CEPTOAR) {
		snprintf(u.ministry, sizeof u.ministry, "%s", role == KJ_ROLE_MINISTRY ? "meti" : "");
		snprintf(u.sectors[0], sizeof u.sectors[0], "electricity");
		snprintf(u.sectors[1], sizeof u.sectors[1], "gas");
		u.nsectors = 2;
	}
	if (role == KJ_ROLE_OPERATOR)
		u.org_id = 1;
	return u;
}

static const struct kj_analysis *get(struct kj_analysis_cache *c, struct kj_store *s,
				     const struct kj_user *u, enum kj_analysis_view v,
				     const char *sector, int k)
{
	const struct kj_analysis *a;
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	int rc = kj_analysis_cache_load(c, s, u, v, "2026", sector, NULL, k, &a, &why, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	if (rc > 0)
		fail_msg("refused: %s", why.en);
	return a;
}

/* The view computed afresh for U, as JSON text (the caller frees it). */
static char *fresh_json(const struct kj_user *u, enum kj_analysis_view v, const char *sector,
			int k)
{
	struct kj_analysis a;
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	if (kj_analysis_load(st, u, v, "2026", sector, NULL, k, &a, &why, &err) != 0)
		fail_msg("load: %s %s", err.msg, why.en);
	json_t *j = kj_analysis_json(&a);
	kj_analysis_free(&a);
	char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(j);
	assert_non_null(s);
	return s;
}

static void assert_fresh(struct kj_analysis_cache *c, const struct kj_user *u,
			 enum kj_analysis_view v, const char *sector, int k)
{
	const struct kj_analysis *a = get(c, st, u, v, sector, k);
	char *want = fresh_json(u, v, sector, k);
	const char *have = kj_analysis_cache_json(c, a);
	assert_non_null(have);
	assert_string_equal(have, want);
	free(want);
	kj_analysis_cache_release(c, a);
}

static long submitted_now(struct kj_analysis_cache *c, const struct kj_user *u)
{
	const struct kj_analysis *a = get(c, st, u, KJ_VIEW_NATIONAL, NULL, 0);
	long n = a->nat_submitted;
	kj_analysis_cache_release(c, a);
	return n;
}

static void test_kept_and_never_stale(void **state)
{
	(void)state;
	struct kj_analysis_cache *c = kj_analysis_cache_new();
	struct kj_analysis_cache_stats cs;
	struct kj_user nco = user_of(KJ_ROLE_NCO);
	assert_non_null(c);
	const struct kj_analysis *a1 = get(c, st, &nco, KJ_VIEW_NATIONAL, NULL, 0);
	long n = a1->nat_submitted;
	assert_true(n > 0);
	const struct kj_analysis *a2 = get(c, st, &nco, KJ_VIEW_NATIONAL, NULL, 0);
	assert_ptr_equal(a1, a2);	/* the kept view */
	kj_analysis_cache_stats(c, &cs);
	assert_int_equal(cs.hits, 1);
	assert_int_equal(cs.misses, 1);
	assert_int_equal(cs.kept, 1);
	kj_analysis_cache_release(c, a2);
	/* Returned: out of the next read, at once. */
	long org = th_sql_long(db, "SELECT MIN(organisation_id) FROM response"
			       " WHERE survey_id = 2 AND status = 'submitted'");
	struct kj_actor cli = { NULL, 0, "cli:test" };
	struct kj_answer_refusal why;
	struct kj_err err = { "" };
	if (kj_app_response_return(st, &cli, SURVEY, org, "記入漏れがあります", &why, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(submitted_now(c, &nco), n - 1);
	assert_fresh(c, &nco, KJ_VIEW_NATIONAL, NULL, 0);
	assert_fresh(c, &nco, KJ_VIEW_SECTOR, "electricity", 0);
	/* The view held before the return is still whole, and still the old one. */
	assert_int_equal(a1->nat_submitted, n);
	kj_analysis_cache_release(c, a1);
	/* Submitted again: in the next read, at once. */
	struct kj_questionnaire *q = kj_questionnaire_new();
	assert_non_null(q);
	if (kj_app_questionnaire_load(st, &cli, SURVEY, org, q, &why, &err) < 0)
		fail_msg("%s", err.msg);
	long revision = q->revision;
	kj_questionnaire_free(q);
	struct kj_attestation att = { "山田 太郎", "情報セキュリティ部長", "2026-12-04" };
	struct kj_receipt receipt;
	char missing[4][KJ_ITEM_MAX];
	int nmissing = 0;
	if (kj_app_response_submit(st, &cli, SURVEY, org, revision, &att, &receipt, missing, 4,
				   &nmissing, &why, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(why.fault, KJ_SURVEY_OK);
	assert_int_equal(submitted_now(c, &nco), n);
	assert_fresh(c, &nco, KJ_VIEW_NATIONAL, NULL, 0);
	kj_analysis_cache_stats(c, &cs);
	assert_true(cs.kept <= 2);	/* one view a key: the older moments went */
	kj_analysis_cache_free(c);
}

static void test_each_reader_its_own(void **state)
{
	(void)state;
	struct kj_analysis_cache *c = kj_analysis_cache_new();
	const enum kj_role roles[] = { KJ_ROLE_NCO, KJ_ROLE_MINISTRY, KJ_ROLE_OPERATOR,
				       KJ_ROLE_HQ };
	/* Twice each, in turn: the second round reads the kept views. */
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
			struct kj_user u = user_of(roles[i]);
			assert_fresh(c, &u, KJ_VIEW_NATIONAL, NULL, 0);
			assert_fresh(c, &u, KJ_VIEW_SECTOR, "electricity", 0);
			assert_fresh(c, &u, KJ_VIEW_NATIONAL, NULL, 7);
		}
	struct kj_analysis_cache_stats cs;
	kj_analysis_cache_stats(c, &cs);
	assert_true(cs.hits >= 9);	/* the operator and HQ see the same: shared */
	kj_analysis_cache_free(c);
}

static void test_bounded(void **state)
{
	(void)state;
	struct kj_analysis_cache *c = kj_analysis_cache_new();
	struct kj_user nco = user_of(KJ_ROLE_NCO);
	const struct kj_analysis *held = get(c, st, &nco, KJ_VIEW_NATIONAL, NULL, 0);
	long n = held->nat_submitted;
	/* More keys than are kept: k from its least to past the limit. */
	for (int k = KJ_ANALYSIS_K_MIN; k < KJ_ANALYSIS_K_MIN + KJ_ANALYSIS_CACHE_MAX + 8; k++)
		kj_analysis_cache_release(c, get(c, st, &nco, KJ_VIEW_NATIONAL, NULL, k));
	struct kj_analysis_cache_stats cs;
	kj_analysis_cache_stats(c, &cs);
	assert_int_equal(cs.kept, KJ_ANALYSIS_CACHE_MAX);
	/* Evicted while held: still whole until given back. */
	assert_int_equal(held->nat_submitted, n);
	assert_non_null(kj_analysis_cache_json(c, held));
	kj_analysis_cache_release(c, held);
	/* No cache at all: computed, and freed on release. */
	const struct kj_analysis *own = get(NULL, st, &nco, KJ_VIEW_NATIONAL, NULL, 0);
	assert_int_equal(own->nat_submitted, n);
	assert_non_null(kj_analysis_cache_json(NULL, own));
	kj_analysis_cache_release(NULL, own);
	kj_analysis_cache_free(c);
}

struct worker {
	struct kj_analysis_cache *c;
	long want;
	int bad;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct kj_store *s;
	struct kj_err err = { "" };
	struct kj_user nco = user_of(KJ_ROLE_NCO), min = user_of(KJ_ROLE_MINISTRY);
	if (kj_store_open(&s, db, 0, &err) < 0) {
		w->bad = 1;
		return NULL;
	}
	for (int i = 0; i < THREAD_READS; i++) {
		const struct kj_analysis *a;
		struct kj_analysis_refusal why;
		const struct kj_user *u = i % 2 ? &nco : &min;
		if (kj_analysis_cache_load(w->c, s, u, i % 3 ? KJ_VIEW_NATIONAL : KJ_VIEW_SECTOR,
					   "2026", "electricity", NULL, 0, &a, &why, &err) != 0) {
			w->bad = 1;
			break;
		}
		if (a->nat_submitted != w->want || !kj_analysis_cache_json(w->c, a))
			w->bad = 1;
		kj_analysis_cache_release(w->c, a);
	}
	kj_store_close(s);
	return NULL;
}

static void test_threads_share(void **state)
{
	(void)state;
	struct kj_analysis_cache *c = kj_analysis_cache_new();
	struct kj_user nco = user_of(KJ_ROLE_NCO);
	struct worker w[THREADS];
	pthread_t t[THREADS];
	long want = submitted_now(c, &nco);
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ c, want, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].bad, 0);
	}
	struct kj_analysis_cache_stats cs;
	kj_analysis_cache_stats(c, &cs);
	assert_true(cs.hits > 0);
	assert_true(cs.kept <= 4);	/* two readers, two views */
	kj_analysis_cache_free(c);
}

/* A CEPTOAR reads its sectors' published snapshots, no live view. */
static void test_ceptoar_no_live_view(void **state)
{
	(void)state;
	struct kj_analysis_cache *c = kj_analysis_cache_new();
	struct kj_user u = user_of(KJ_ROLE_CEPTOAR);
	const struct kj_analysis *a;
	struct kj_analysis a2;
	struct kj_analysis_refusal why;
	struct kj_err err = { "" };
	assert_int_equal(kj_analysis_cache_load(c, st, &u, KJ_VIEW_SECTOR, "2026", "electricity",
						NULL, 0, &a, &why, &err), 1);
	assert_int_equal(why.code, 404);
	assert_null(a);
	assert_int_equal(kj_analysis_load(st, &u, KJ_VIEW_NATIONAL, "2026", NULL, NULL, 0, &a2,
					  &why, &err), 1);
	assert_int_equal(why.code, 404);
	assert_int_equal(kj_authz_snapshot(&u, "electricity", 0), KJ_SNAPSHOT_READ);
	assert_int_equal(kj_authz_snapshot(&u, "medical", 0), KJ_SNAPSHOT_NONE);
	kj_analysis_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_and_never_stale),
		cmocka_unit_test(test_each_reader_its_own),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_threads_share),
		cmocka_unit_test(test_ceptoar_no_live_view),
	};
	return cmocka_run_group_tests_name("analysis_cache", tests, setup, teardown);
}
