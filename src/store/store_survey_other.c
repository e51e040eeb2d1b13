/* Surveys of kind other: respondents chosen, ministries' responses; see
 * store_survey_other.h. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "store/db.h"
#include "store/store_survey_other.h"
#include "store/store_tally.h"

static void id_text(char out[24], int64_t v)
{
	snprintf(out, 24, "%lld", (long long)v);
}

int kj_store_pick_find(struct kj_store *st, int64_t survey, const char *corporate_number,
		       int64_t *org, kj_sector_code sector, struct kj_err *err)
{
	*org = 0;
	*sector = '\0';
	struct kj_stmt *s = kj_db_kept(st, "SELECT o.id, (SELECT os.sector_code"
		" FROM organisation_sector os JOIN survey_sector ss ON ss.sector_code = os.sector_code"
		"  AND ss.survey_id = $1 JOIN sector c ON c.code = os.sector_code"
		"  WHERE os.organisation_id = o.id ORDER BY c.ord LIMIT 1)"
		" FROM organisation o WHERE o.corporate_number = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_text(s, 2, corporate_number);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*org = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, sector, KJ_SECTOR_CODE_MAX);
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0
		: kj_db_fail(st, err, "cannot read the operator");
}

int kj_store_pick_add(struct kj_store *st, int64_t survey, int64_t org, const char *sector,
		      long *added, struct kj_err *err)
{
	char sid[24], oid[24];
	id_text(sid, survey);
	id_text(oid, org);
	if (KJ_DB_RUN(st, "INSERT INTO survey_pick (survey_id, organisation_id, sector_code)"
		      " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", err, sid, oid, sector) < 0)
		return -1;
	*added = (long)kj_db_changes(st);
	return 0;
}

int kj_store_pick_sector(struct kj_store *st, int64_t survey, int fy, const char *sector,
			 long *added, struct kj_err *err)
{
	char sid[24], y[24];
	id_text(sid, survey);
	id_text(y, fy);
	if (KJ_DB_RUN(st, "INSERT INTO survey_pick (survey_id, organisation_id, sector_code)"
		      " SELECT CAST($1 AS INTEGER), t.organisation_id, t.sector_code FROM target t"
		      " WHERE t.fiscal_year = CAST($2 AS INTEGER) AND t.sector_code = $3"
		      " ON CONFLICT DO NOTHING", err, sid, y, sector) < 0)
		return -1;
	*added = (long)kj_db_changes(st);
	return 0;
}

int kj_store_pick_remove(struct kj_store *st, int64_t survey, int64_t org, const char *sector,
			 long *removed, struct kj_err *err)
{
	char sid[24], oid[24];
	id_text(sid, survey);
	id_text(oid, org);
	int rc = org ? KJ_DB_RUN(st, "DELETE FROM survey_pick WHERE survey_id = $1"
				 " AND organisation_id = $2", err, sid, oid)
		: KJ_DB_RUN(st, "DELETE FROM survey_pick WHERE survey_id = $1"
			    " AND sector_code = $2", err, sid, sector);
	*removed = rc < 0 ? 0 : (long)kj_db_changes(st);
	return rc;
}

int kj_store_survey_ministry_add(struct kj_store *st, int64_t survey, const char *code,
				 long *added, struct kj_err *err)
{
	char sid[24];
	id_text(sid, survey);
	if (KJ_DB_RUN(st, "INSERT INTO survey_ministry (survey_id, ministry_code)"
		      " SELECT CAST($1 AS INTEGER), m.code FROM ministry m"
		      " WHERE CAST($2 AS TEXT) IS NULL OR m.code = $2"
		      " ON CONFLICT DO NOTHING", err, sid, code) < 0)
		return -1;
	*added = (long)kj_db_changes(st);
	return 0;
}

int kj_store_survey_ministry_remove(struct kj_store *st, int64_t survey, const char *code,
				    long *removed, struct kj_err *err)
{
	char sid[24];
	id_text(sid, survey);
	if (KJ_DB_RUN(st, "DELETE FROM survey_ministry WHERE survey_id = $1"
		      " AND (CAST($2 AS TEXT) IS NULL OR ministry_code = $2)", err, sid, code) < 0)
		return -1;
	*removed = (long)kj_db_changes(st);
	return 0;
}

/* The one count SQL answers for SURVEY into *N. */
static int count_of(struct kj_store *st, const char *sql, int64_t survey, long *n,
		    struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc = kj_db_step(s);
	*n = rc == KJ_DB_ROW ? (long)kj_db_column_int64(s, 0) : 0;
	kj_db_reset(s);
	return rc == KJ_DB_ROW ? 0 : kj_db_fail(st, err, "cannot count the respondents");
}

int kj_store_other_freeze(struct kj_store *st, int64_t survey, const char *respondent_kind,
			  long *count, struct kj_err *err)
{
	if (!strcmp(respondent_kind, "ministry"))
		return count_of(st, "SELECT COUNT(*) FROM survey_ministry WHERE survey_id = $1",
				survey, count, err);
	char sid[24];
	id_text(sid, survey);
	if (KJ_DB_RUN(st, "DELETE FROM survey_respondent WHERE survey_id = $1", err, sid) < 0 ||
	    KJ_DB_RUN(st, "INSERT INTO survey_respondent (survey_id, sector_code, organisation_id,"
		      " prefecture_code) SELECT k.survey_id, k.sector_code, k.organisation_id,"
		      " COALESCE(o.prefecture_code, '') FROM survey_pick k"
		      " JOIN organisation o ON o.id = k.organisation_id WHERE k.survey_id = $1",
		      err, sid) < 0 ||
	    kj_store_tally_rebuild(st, survey, err) < 0)
		return -1;
	return count_of(st, "SELECT COUNT(*) FROM survey_respondent WHERE survey_id = $1",
			survey, count, err);
}

/* The respondents: chosen operators (a draft's picks, else frozen), or ministries. */
#define OPERATOR_ROWS(table) \
	"SELECT o.corporate_number, o.name_ja, '', k.sector_code," \
	" COALESCE(p.status, 'not_started'), COALESCE(p.id, 0), COALESCE(p.versions, 0)," \
	" COALESCE(p.updated_at, '')" \
	" FROM " table " k JOIN organisation o ON o.id = k.organisation_id" \
	" LEFT JOIN response p ON p.survey_id = k.survey_id AND p.organisation_id = k.organisation_id" \
	" WHERE k.survey_id = $1 ORDER BY o.corporate_number"
static const char ministry_rows[] =
	"SELECT m.code, m.name_ja, m.name_en, '',"
	" COALESCE(p.status, 'not_started'), COALESCE(p.id, 0), COALESCE(p.versions, 0),"
	" COALESCE(p.updated_at, '')"
	" FROM survey_ministry k JOIN ministry m ON m.code = k.ministry_code"
	" LEFT JOIN ministry_response p ON p.survey_id = k.survey_id"
	"  AND p.ministry_code = k.ministry_code"
	" WHERE k.survey_id = $1 ORDER BY m.code";

int kj_store_other_respondents(struct kj_store *st, const struct kj_survey *sv,
			       kj_other_respondent_fn fn, void *ctx, struct kj_err *err)
{
	const char *sql = !strcmp(sv->respondent_kind, "ministry") ? ministry_rows
		: !strcmp(sv->status, "draft") ? OPERATOR_ROWS("survey_pick")
		: OPERATOR_ROWS("survey_respondent");
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, sv->id);
	struct kj_other_respondent r;
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		memset(&r, 0, sizeof r);
		kj_db_col(s, 0, r.key, sizeof r.key);
		kj_db_col(s, 1, r.name, sizeof r.name);
		kj_db_col(s, 2, r.name_en, sizeof r.name_en);
		kj_db_col(s, 3, r.sector, sizeof r.sector);
		kj_db_col(s, 4, r.status, sizeof r.status);
		r.response = kj_db_column_int64(s, 5);
		r.versions = kj_db_column_int(s, 6);
		kj_db_col(s, 7, r.updated_at, sizeof r.updated_at);
		stop = fn(ctx, &r);
	}
	kj_db_reset(s);
	if (stop)
		return 0;
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot list the respondents");
}

static const char operator_answers[] =
	"SELECT o.corporate_number, q.ord, a.value FROM response p"
	" JOIN organisation o ON o.id = p.organisation_id"
	" JOIN extra_answer a ON a.response_id = p.id"
	" JOIN survey_question q ON q.id = a.question_id"
	" WHERE p.survey_id = $1 ORDER BY o.corporate_number, q.ord";
static const char ministry_answers[] =
	"SELECT p.ministry_code, q.ord, a.value FROM ministry_response p"
	" JOIN ministry_answer a ON a.response_id = p.id"
	" JOIN survey_question q ON q.id = a.question_id"
	" WHERE p.survey_id = $1 ORDER BY p.ministry_code, q.ord";

/* Every row of SQL ($1 = ID) as (text, int, text) to FN. */
static int answers_each(struct kj_store *st, const char *sql, int64_t id, int keyed,
			kj_other_answer_fn fn, void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *key = keyed ? kj_db_column_text(s, 0) : NULL;
		const char *v = kj_db_column_text(s, 2);
		stop = fn(ctx, key ? key : (keyed ? "" : NULL), kj_db_column_int(s, 1),
			  v ? v : "");
	}
	kj_db_reset(s);
	if (stop)
		return 0;
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the answers");
}

int kj_store_other_answers(struct kj_store *st, const struct kj_survey *sv,
			   kj_other_answer_fn fn, void *ctx, struct kj_err *err)
{
	return answers_each(st, !strcmp(sv->respondent_kind, "ministry") ? ministry_answers
			    : operator_answers, sv->id, 1, fn, ctx, err);
}

int kj_store_ministry_response_head(struct kj_store *st, int64_t survey, const char *ministry,
				    int *yes, struct kj_ministry_response *h,
				    struct kj_err *err)
{
	memset(h, 0, sizeof *h);
	*yes = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT (SELECT COUNT(*) FROM survey_ministry k"
		"  WHERE k.survey_id = $1 AND k.ministry_code = $2),"
		" p.id, p.status, p.revision, p.versions, p.updated_at,"
		" COALESCE(u.display_name, p.updated_actor)"
		" FROM (SELECT 1 AS one) x LEFT JOIN ministry_response p"
		"  ON p.survey_id = $1 AND p.ministry_code = $2"
		" LEFT JOIN app_user u ON u.id = p.updated_by", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_text(s, 2, ministry);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*yes = kj_db_column_int(s, 0) > 0;
		if (kj_db_column_text(s, 1)) {
			h->id = kj_db_column_int64(s, 1);
			kj_db_col(s, 2, h->status, sizeof h->status);
			h->revision = (long)kj_db_column_int64(s, 3);
			h->versions = kj_db_column_int(s, 4);
			kj_db_col(s, 5, h->updated_at, sizeof h->updated_at);
			kj_db_col(s, 6, h->updated_by, sizeof h->updated_by);
		}
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW ? 0 : kj_db_fail(st, err, "cannot read the ministry's response");
}

int kj_store_ministry_response_create(struct kj_store *st, int64_t survey, const char *ministry,
				      int64_t by_user, const char *by_actor, int64_t *id,
				      struct kj_err *err)
{
	char sid[24], uid[24], now[32];
	id_text(sid, survey);
	id_text(uid, by_user);
	kj_now_iso(now);
	if (KJ_DB_RUN(st, "INSERT INTO ministry_response (survey_id, ministry_code, status,"
		      " revision, versions, created_at, updated_at, updated_by, updated_actor)"
		      " VALUES ($1, $2, 'draft', 0, 0, $3, $3, $4, $5)", err, sid, ministry, now,
		      by_user > 0 ? uid : NULL, by_actor) < 0)
		return -1;
	*id = kj_db_last_id(st);
	return 0;
}

int kj_store_ministry_answers(struct kj_store *st, int64_t id, kj_other_answer_fn fn, void *ctx,
			      struct kj_err *err)
{
	return answers_each(st, "SELECT '', q.ord, a.value FROM ministry_answer a"
			    " JOIN survey_question q ON q.id = a.question_id"
			    " WHERE a.response_id = $1 ORDER BY q.ord", id, 0, fn, ctx, err);
}

int kj_store_ministry_answer_put(struct kj_store *st, int64_t id, int64_t question,
				 const char *value, long revision, int64_t by_user,
				 struct kj_err *err)
{
	char rid[24], qid[24], rev[24], uid[24], now[32];
	id_text(rid, id);
	id_text(qid, question);
	id_text(rev, revision);
	id_text(uid, by_user);
	kj_now_iso(now);
	if (KJ_DB_RUN(st, "DELETE FROM ministry_answer WHERE response_id = $1"
		      " AND question_id = $2", err, rid, qid) < 0)
		return -1;
	if (!*value)
		return 0;
	return KJ_DB_RUN(st, "INSERT INTO ministry_answer (response_id, question_id, value,"
			 " changed_rev, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)",
			 err, rid, qid, value, rev, now, by_user > 0 ? uid : NULL);
}

int kj_store_ministry_response_move(struct kj_store *st, int64_t id, const char *status,
				    long revision, int versions, int64_t by_user,
				    const char *by_actor, struct kj_err *err)
{
	char rid[24], rev[24], ver[24], uid[24], now[32];
	id_text(rid, id);
	id_text(rev, revision);
	id_text(ver, versions);
	id_text(uid, by_user);
	kj_now_iso(now);
	return KJ_DB_RUN(st, "UPDATE ministry_response SET status = $1,"
			 " revision = CAST($2 AS INTEGER), versions = CAST($3 AS INTEGER),"
			 " updated_at = $4, updated_by = $5, updated_actor = $6 WHERE id = $7",
			 err, status, rev, ver, now, by_user > 0 ? uid : NULL, by_actor, rid);
}

int kj_store_ministry_version_add(struct kj_store *st, int64_t id, int version,
				  const char *receipt, const char *at, int64_t by_user,
				  const char *by_actor, const char *digest, const char *content,
				  struct kj_err *err)
{
	char rid[24], ver[24], uid[24];
	id_text(rid, id);
	id_text(ver, version);
	id_text(uid, by_user);
	return KJ_DB_RUN(st, "INSERT INTO ministry_response_version (response_id, version,"
			 " receipt, submitted_at, submitted_by, by_actor, digest, content)"
			 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", err, rid, ver, receipt, at,
			 by_user > 0 ? uid : NULL, by_actor, digest, content);
}

int kj_store_ministry_return_add(struct kj_store *st, int64_t id, int version, const char *at,
				 int64_t by_user, const char *by_actor, const char *message,
				 struct kj_err *err)
{
	char rid[24], ver[24], uid[24];
	id_text(rid, id);
	id_text(ver, version);
	id_text(uid, by_user);
	return KJ_DB_RUN(st, "INSERT INTO ministry_response_return (response_id, version,"
			 " returned_at, returned_by, by_actor, message)"
			 " VALUES ($1, $2, $3, $4, $5, $6)", err, rid, ver, at,
			 by_user > 0 ? uid : NULL, by_actor, message);
}

int kj_store_ministry_version_get(struct kj_store *st, int64_t id, int version,
				  char receipt[40], char at[32], char digest[65], int *found,
				  struct kj_err *err)
{
	*found = 0;
	*receipt = *at = *digest = '\0';
	struct kj_stmt *s = kj_db_kept(st, "SELECT receipt, submitted_at, digest"
		" FROM ministry_response_version WHERE response_id = $1 AND version = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	kj_db_bind_int(s, 2, version);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*found = 1;
		kj_db_col(s, 0, receipt, 40);
		kj_db_col(s, 1, at, 32);
		kj_db_col(s, 2, digest, 65);
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0
		: kj_db_fail(st, err, "cannot read the version");
}

int kj_store_other_ids(struct kj_store *st, int64_t *ids, int max, int *n, struct kj_err *err)
{
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT id FROM survey WHERE kind = 'other'"
				       " ORDER BY fiscal_year DESC, id DESC", err);
	if (!s)
		return -1;
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (*n < max)
			ids[(*n)++] = kj_db_column_int64(s, 0);
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot list the surveys");
}

int kj_store_survey_ministry_name(struct kj_store *st, const char *code, char *ja, char *en,
				  struct kj_err *err)
{
	*ja = *en = '\0';
	struct kj_stmt *s = kj_db_kept(st, "SELECT name_ja, name_en FROM ministry WHERE code = $1",
				       err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, code);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		kj_db_col(s, 0, ja, KJ_ORG_NAME_MAX + 1);
		kj_db_col(s, 1, en, KJ_ORG_NAME_MAX + 1);
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0
		: kj_db_fail(st, err, "cannot read the ministry");
}

int kj_store_other_answer_add(struct kj_store *st, int64_t response, int64_t question,
			      const char *value, const char *at, struct kj_err *err)
{
	char rid[24], qid[24];
	id_text(rid, response);
	id_text(qid, question);
	return KJ_DB_RUN(st, "INSERT INTO extra_answer (response_id, question_id, value,"
			 " changed_rev, updated_at) VALUES ($1, $2, $3, 1, $4)", err, rid, qid, value,
			 at);
}

int kj_store_demo_ministry_stamp(struct kj_store *st, int64_t response, const char *created_at,
				 const char *updated_at, struct kj_err *err)
{
	char rid[24];
	id_text(rid, response);
	if (KJ_DB_RUN(st, "UPDATE ministry_response SET created_at = $1, updated_at = $2"
		      " WHERE id = $3", err, created_at, updated_at, rid) < 0)
		return -1;
	return KJ_DB_RUN(st, "UPDATE ministry_answer SET updated_at = $1 WHERE response_id = $2",
			 err, updated_at, rid);
}
