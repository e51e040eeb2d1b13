/* The SQLite driver: registry, surveys and answers. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store_registry.h"
#include "store/store_org_priv.h"

int kj_store_prefecture_put(struct kj_store *st, const char *code,
			    const char *name_ja, const char *name_en,
			    struct kj_err *err)
{
	return KJ_DB_RUN(st, "INSERT INTO prefecture (code, name_ja, name_en)"
		   " VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING",
		   err, code, name_ja, name_en);
}

static const char *nul_if_empty(const char *s)
{
	return s && *s ? s : NULL;
}

static int org_add(struct kj_store *st, const struct kj_org_record *o, int64_t *id,
		   struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st,
		"INSERT INTO organisation (corporate_number, name_ja, name_kana,"
		" size_class, core_infra, local_gov, municipality_code,"
		" prefecture_code, ceptoar_member, active, created_at, updated_at, search_text)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11,"
		" $12)", err);
	if (!s)
		return -1;
	char now[32];
	kj_now_iso(now);
	kj_db_bind_text(s, 1, o->corporate_number);
	kj_db_bind_text(s, 2, o->name_ja);
	kj_db_bind_text(s, 3, nul_if_empty(o->name_kana));
	kj_db_bind_text(s, 4, o->size_class);
	kj_db_bind_int(s, 5, o->core_infra);
	kj_db_bind_int(s, 6, o->local_gov);
	kj_db_bind_text(s, 7, nul_if_empty(o->municipality_code));
	kj_db_bind_text(s, 8, nul_if_empty(o->prefecture));
	kj_db_bind_int(s, 9, o->ceptoar_member);
	kj_db_bind_int(s, 10, o->active);
	kj_db_bind_text(s, 11, now);
	char *key = kj_db_search_key(o->corporate_number, o->name_ja, nul_if_empty(o->name_kana));
	if (!key) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	kj_db_bind_text(s, 12, key);
	free(key);
	if (kj_db_step_done(st, s, err, "cannot add organisation") < 0)
		return -1;
	*id = kj_db_last_id(st);
	for (int i = 0; i < o->nsectors && i < KJ_ORG_SECTORS; i++) {
		if (!(s = kj_db_kept(st, "INSERT INTO organisation_sector"
				 " (organisation_id, sector_code, corporate_number)"
				 " VALUES ($1, $2, $3)", err)))
			return -1;
		kj_db_bind_int64(s, 1, *id);
		kj_db_bind_text(s, 2, o->sectors[i]);
		kj_db_bind_text(s, 3, o->corporate_number);
		if (kj_db_step_done(st, s, err, "cannot add organisation sector") < 0)
			return -1;
	}
	for (int i = 0; i < o->nministries && i < KJ_ORG_MINISTRIES; i++) {
		if (!(s = kj_db_kept(st, "INSERT INTO organisation_ministry (organisation_id,"
				     " ministry_code) VALUES ($1, $2) ON CONFLICT DO NOTHING", err)))
			return -1;
		kj_db_bind_int64(s, 1, *id);
		kj_db_bind_text(s, 2, o->ministries[i]);
		if (kj_db_step_done(st, s, err, "cannot add organisation ministry") < 0)
			return -1;
	}
	if (o->contact_name[0] || o->contact_email[0] || o->contact_phone[0]) {
		if (!(s = kj_db_kept(st, "INSERT INTO organisation_contact (organisation_id, name,"
				     " email, phone) VALUES ($1, $2, $3, $4)", err)))
			return -1;
		kj_db_bind_int64(s, 1, *id);
		kj_db_bind_text(s, 2, o->contact_name);	/* "" when only a mail or phone is known */
		kj_db_bind_text(s, 3, nul_if_empty(o->contact_email));
		kj_db_bind_text(s, 4, nul_if_empty(o->contact_phone));
		if (kj_db_step_done(st, s, err, "cannot add organisation contact") < 0)
			return -1;
	}
	return kj_db_registry_changed(st, err);
}

/* The organisation and its parts together, inside or outside a transaction. */
int kj_store_org_add(struct kj_store *st, const struct kj_org_record *o, int64_t *id,
		     struct kj_err *err)
{
	/* Inside a caller's transaction (the demo) as a savepoint, else on its own. */
	int own = !kj_store_in_tx(st);
	if (own ? kj_store_begin(st, err) < 0 : kj_db_exec(st, "SAVEPOINT org_add", err) < 0)
		return -1;
	if (org_add(st, o, id, err) < 0) {
		if (own) {
			kj_store_rollback(st);
		} else {
			kj_db_exec(st, "ROLLBACK TO org_add", NULL);
			kj_db_exec(st, "RELEASE org_add", NULL);
		}
		return -1;
	}
	return own ? kj_store_commit(st, err) : kj_db_exec(st, "RELEASE org_add", err);
}

int kj_store_target_add(struct kj_store *st, int fiscal_year,
			const char *sector, int64_t org, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO target (fiscal_year,"
		" sector_code, organisation_id) VALUES ($1, $2, $3)"
		" ON CONFLICT DO NOTHING", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fiscal_year);
	kj_db_bind_text(s, 2, sector);
	kj_db_bind_int64(s, 3, org);
	return kj_db_step_done(st, s, err, "cannot add target");
}

int kj_store_survey_add(struct kj_store *st, int fiscal_year,
			const char *version, const char *title_ja,
			const char *title_en, const char *status, int64_t *id,
			struct kj_err *err)
{
	int64_t vid;
	if (kj_db_version_need(st, version, &vid, err) < 0)
		return -1;
	char fy[16], v[24], now[32];
	snprintf(fy, sizeof fy, "%d", fiscal_year);
	snprintf(v, sizeof v, "%lld", (long long)vid);
	kj_now_iso(now);
	if (KJ_DB_RUN(st, "INSERT INTO survey (fiscal_year, version_id, kind, title_ja,"
		" title_en, status, created_at) VALUES ($1, $2, 'questionnaire', $3,"
		" $4, $5, $6)", err, fy, v, title_ja, title_en, status, now) < 0)
		return -1;
	*id = kj_db_last_id(st);
	/* The NCO's survey (the column's default) of every sector. */
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)*id);
	return KJ_DB_RUN(st, "INSERT INTO survey_sector (survey_id, sector_code)"
			 " SELECT CAST($1 AS INTEGER), code FROM sector", err, sid);
}

int kj_store_survey_dates(struct kj_store *st, int64_t survey, const char *opens_on,
			  const char *closes_on, const char *created_at,
			  struct kj_err *err)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)survey);
	return KJ_DB_RUN(st, "UPDATE survey SET opens_on = $1, closes_on = $2,"
		" created_at = $3 WHERE id = $4", err, opens_on, closes_on, created_at, id);
}

int kj_store_backdate(struct kj_store *st, const char *stamp, struct kj_err *err)
{
	if (KJ_DB_RUN(st, "UPDATE organisation SET created_at = $1, updated_at = $1"
		      " WHERE created_at > $1 OR updated_at > $1", err, stamp) < 0 ||
	    KJ_DB_RUN(st, "UPDATE app_user SET created_at = $1 WHERE created_at > $1",
		      err, stamp) < 0)
		return -1;
	return KJ_DB_RUN(st, "UPDATE safety_document SET created_at = $1, updated_at = $1"
			 " WHERE created_at > $1 OR updated_at > $1", err, stamp);
}

int kj_store_response_add(struct kj_store *st, int64_t survey, int64_t org,
			  const char *status, const char *submitted_at,
			  int64_t *id, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "INSERT INTO response (survey_id,"
		" organisation_id, status, submitted_at) VALUES ($1, $2, $3, $4)", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_int64(s, 2, org);
	kj_db_bind_text(s, 3, status);
	kj_db_bind_text(s, 4, submitted_at);
	if (kj_db_step_done(st, s, err, "cannot add response") < 0)
		return -1;
	*id = kj_db_last_id(st);
	return 0;
}

int kj_store_requirement_ids(struct kj_store *st, const char *version,
			     int64_t *ids, int max, int *n, struct kj_err *err)
{
	*n = 0;
	int64_t vid;
	if (kj_db_version_need(st, version, &vid, err) < 0)
		return -1;
	struct kj_stmt *s;
	if (kj_db_prep(st, "SELECT id FROM requirement WHERE version_id = $1 ORDER BY ord",
		 &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, vid);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (*n >= max) {
			kj_db_finalize(s);
			kj_err_set(err, "too many requirements");
			return -1;
		}
		ids[(*n)++] = kj_db_column_int64(s, 0);
	}
	kj_db_finalize(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot list requirements");
}

/*
 * INSERTs of 1, 2, 4, … ANSWER_ROWS answers (four parameters each), built
 * once: a response's answers go in a few of them, each kept prepared.
 */
#define ANSWER_SIZES 7
#define ANSWER_ROWS (1 << (ANSWER_SIZES - 1))
static char answer_sql[ANSWER_SIZES][64 + ANSWER_ROWS * 32];
static pthread_once_t answer_once = PTHREAD_ONCE_INIT;

static void answer_sql_build(void)
{
	for (int k = 0; k < ANSWER_SIZES; k++) {
		char *sql = answer_sql[k];
		size_t cap = sizeof answer_sql[k];
		int len = snprintf(sql, cap, "INSERT INTO answer (response_id, requirement_id,"
				   " level, na_reason) VALUES");
		for (int r = 0; r < 1 << k; r++)
			len += snprintf(sql + len, cap - (size_t)len, "%s($%d, $%d, $%d, $%d)",
					r ? ", " : " ", 4 * r + 1, 4 * r + 2, 4 * r + 3, 4 * r + 4);
	}
}

int kj_store_answers_add(struct kj_store *st, int64_t response,
			 const struct kj_answer_in *a, int n, struct kj_err *err)
{
	pthread_once(&answer_once, answer_sql_build);
	for (int at = 0; at < n;) {
		int k = ANSWER_SIZES - 1;
		while ((1 << k) > n - at)
			k--;
		struct kj_stmt *s = kj_db_kept(st, answer_sql[k], err);
		if (!s)
			return -1;
		for (int r = 0; r < 1 << k; r++) {
			const struct kj_answer_in *x = &a[at + r];
			kj_db_bind_int64(s, 4 * r + 1, response);
			kj_db_bind_int64(s, 4 * r + 2, x->requirement);
			if (x->level < 0)
				kj_db_bind_null(s, 4 * r + 3);
			else
				kj_db_bind_int(s, 4 * r + 3, x->level);
			kj_db_bind_text(s, 4 * r + 4, x->level < 0 ? x->na_reason : NULL);
		}
		if (kj_db_step_done(st, s, err, "cannot add answers") < 0)
			return -1;
		at += 1 << k;
	}
	return 0;
}

static long count(struct kj_store *st, const char *sql)
{
	struct kj_stmt *s;
	long n = -1;
	if (kj_db_prep(st, sql, &s, NULL) < 0)
		return -1;
	if (kj_db_step(s) == KJ_DB_ROW)
		n = (long)kj_db_column_int64(s, 0);
	kj_db_finalize(s);
	return n;
}

int kj_store_counts(struct kj_store *st, struct kj_store_counts *c,
		    struct kj_err *err)
{
	c->versions = count(st, "SELECT COUNT(*) FROM standard_version");
	c->requirements = count(st, "SELECT COUNT(*) FROM requirement");
	c->sectors = count(st, "SELECT COUNT(*) FROM sector");
	c->organisations = count(st, "SELECT COUNT(*) FROM organisation");
	c->targets = count(st, "SELECT COUNT(*) FROM target");
	c->surveys = count(st, "SELECT COUNT(*) FROM survey");
	c->responses = count(st, "SELECT COUNT(*) FROM response");
	c->answers = count(st, "SELECT COUNT(*) FROM answer");
	c->users = count(st, "SELECT COUNT(*) FROM app_user");
	if (c->versions < 0 || c->answers < 0 || c->users < 0)
		return kj_db_fail(st, err, "cannot count rows");
	return 0;
}
