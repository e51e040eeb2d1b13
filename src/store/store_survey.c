/* The store's survey campaigns; see store_survey.h. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "store/db.h"
#include "store/store_survey.h"
#include "store/store_tally.h"
#include "store/store_analysis.h"

static int exists(struct kj_store *st, const char *sql, const char *code, int *yes,
		  struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, code);
	int rc = kj_db_step(s);
	*yes = rc == KJ_DB_ROW;
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the reference data");
	return 0;
}

int kj_store_sector_exists(struct kj_store *st, const char *code, int *yes,
			   struct kj_err *err)
{
	return exists(st, "SELECT 1 FROM sector WHERE code = $1", code, yes, err);
}

int kj_store_ministry_exists(struct kj_store *st, const char *code, int *yes,
			     struct kj_err *err)
{
	return exists(st, "SELECT 1 FROM ministry WHERE code = $1", code, yes, err);
}

int kj_store_ministry_holds(struct kj_store *st, const char *ministry, const char *sector,
			    int *yes, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT 1 FROM sector_ministry"
				       " WHERE ministry_code = $1 AND sector_code = $2", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, ministry);
	kj_db_bind_text(s, 2, sector);
	int rc = kj_db_step(s);
	*yes = rc == KJ_DB_ROW;
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the ministries' sectors");
	return 0;
}

int kj_store_sector_codes(struct kj_store *st, const char *ministry, kj_sector_code *codes,
			  int max, int *n, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT code FROM sector c"
		" WHERE CAST($1 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM sector_ministry sm"
		"  WHERE sm.sector_code = c.code AND sm.ministry_code = $1)"
		" ORDER BY ord, code", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, ministry);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (*n < max)
			kj_db_col(s, 0, codes[(*n)++], KJ_SECTOR_CODE_MAX);
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the sectors");
}

int kj_store_survey_version(struct kj_store *st, const char *version, int64_t *id,
			    char label[KJ_VERSION_MAX], struct kj_err *err)
{
	label[0] = '\0';
	if (kj_db_version_id(st, version, id, NULL, err) < 0)
		return -1;
	if (!*id)
		return 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT version FROM standard_version WHERE id = $1",
				       err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, *id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		kj_db_col(s, 0, label, KJ_VERSION_MAX);
	kj_db_reset(s);
	return rc == KJ_DB_ROW ? 0 : kj_db_fail(st, err, "cannot read the standard's version");
}

int kj_store_survey_create(struct kj_store *st, const struct kj_survey *sv,
			   int64_t version_id, int64_t *id, struct kj_err *err)
{
	char fy[16], v[24], now[32];
	snprintf(fy, sizeof fy, "%d", sv->fy);
	snprintf(v, sizeof v, "%lld", (long long)version_id);
	kj_now_iso(now);
	if (KJ_DB_RUN(st, "INSERT INTO survey (fiscal_year, version_id, kind, title_ja,"
		      " title_en, status, opens_on, closes_on, created_at, owner_kind,"
		      " owner_ministry, respondent_kind) VALUES ($1, $2, $3, $4, $5, 'draft',"
		      " $6, $7, $8, $9, $10, $11)", err, fy, v, *sv->kind ? sv->kind : "questionnaire",
		      sv->title_ja, sv->title_en,
		      *sv->opens_on ? sv->opens_on : NULL, *sv->closes_on ? sv->closes_on : NULL,
		      now, sv->owner_kind, *sv->owner_ministry ? sv->owner_ministry : NULL,
		      *sv->respondent_kind ? sv->respondent_kind : "operator") < 0)
		return -1;
	*id = kj_db_last_id(st);
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)*id);
	for (int i = 0; i < sv->nsectors; i++)
		if (KJ_DB_RUN(st, "INSERT INTO survey_sector (survey_id, sector_code)"
			      " VALUES ($1, $2)", err, sid, sv->sectors[i]) < 0)
			return -1;
	return 0;
}

/* Places sector CODE of order ORD among SV's sectors, kept sorted by order
 * then code (ORD holds theirs); past KJ_SURVEY_SECTORS_MAX the last are left
 * out, as an ORDER BY would. */
static void sector_insert(struct kj_survey *sv, int64_t ord[KJ_SURVEY_SECTORS_MAX],
			  const char *code, int64_t o)
{
	code = code ? code : "";
	int at = sv->nsectors;
	while (at > 0 && (ord[at - 1] > o ||
			  (ord[at - 1] == o && strcmp(sv->sectors[at - 1], code) > 0)))
		at--;
	if (at >= KJ_SURVEY_SECTORS_MAX)
		return;
	int last = sv->nsectors < KJ_SURVEY_SECTORS_MAX ? sv->nsectors : KJ_SURVEY_SECTORS_MAX - 1;
	for (int i = last; i > at; i--) {
		memcpy(sv->sectors[i], sv->sectors[i - 1], KJ_SECTOR_CODE_MAX);
		ord[i] = ord[i - 1];
	}
	kj_strlcpy(sv->sectors[at], code, KJ_SECTOR_CODE_MAX);
	ord[at] = o;
	if (sv->nsectors < KJ_SURVEY_SECTORS_MAX)
		sv->nsectors++;
}

int kj_store_survey_get(struct kj_store *st, int64_t id, struct kj_survey *sv, int *found,
			struct kj_err *err)
{
	memset(sv, 0, sizeof *sv);
	*found = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT s.id, s.fiscal_year, v.version, s.kind,"
		" s.title_ja, s.title_en, s.status, s.owner_kind, s.owner_ministry, s.opens_on,"
		" s.closes_on, s.created_at, s.respondents,"
		" (SELECT COUNT(*) FROM survey_extension e WHERE e.survey_id = s.id),"
		" s.respondent_kind"
		" FROM survey s LEFT JOIN standard_version v ON v.id = s.version_id"
		" WHERE s.id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*found = 1;
		sv->id = kj_db_column_int64(s, 0);
		sv->fy = kj_db_column_int(s, 1);
		kj_db_col(s, 2, sv->version, sizeof sv->version);
		kj_db_col(s, 3, sv->kind, sizeof sv->kind);
		kj_db_col(s, 4, sv->title_ja, sizeof sv->title_ja);
		kj_db_col(s, 5, sv->title_en, sizeof sv->title_en);
		kj_db_col(s, 6, sv->status, sizeof sv->status);
		kj_db_col(s, 7, sv->owner_kind, sizeof sv->owner_kind);
		kj_db_col(s, 8, sv->owner_ministry, sizeof sv->owner_ministry);
		kj_db_col(s, 9, sv->opens_on, sizeof sv->opens_on);
		kj_db_col(s, 10, sv->closes_on, sizeof sv->closes_on);
		kj_db_col(s, 11, sv->created_at, sizeof sv->created_at);
		sv->respondents = kj_db_column_text(s, 12) ? (long)kj_db_column_int64(s, 12) : -1;
		sv->extensions = (long)kj_db_column_int64(s, 13);
		kj_db_col(s, 14, sv->respondent_kind, sizeof sv->respondent_kind);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the survey");
	if (!*found)
		return 0;
	/* In the sectors' order, sorted here: an ORDER BY across the join
	 * costs a temporary b-tree, and an import reads the survey per form. */
	s = kj_db_kept(st, "SELECT ss.sector_code, c.ord FROM survey_sector ss"
		       " JOIN sector c ON c.code = ss.sector_code WHERE ss.survey_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int64_t ord[KJ_SURVEY_SECTORS_MAX];
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		sector_insert(sv, ord, kj_db_column_text(s, 0), kj_db_column_int64(s, 1));
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the survey's sectors");
}

int kj_store_survey_hold(struct kj_store *st, int64_t id, struct kj_err *err)
{
	/* SQLite knows no row locks, nor needs them. */
	struct kj_stmt *s = kj_db_kept(st, kj_db_pick(st, "SELECT id FROM survey WHERE id = $1",
						      "SELECT id FROM survey WHERE id = $1 FOR SHARE"),
				       err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		;
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot hold the survey");
}

int kj_store_questionnaire_get(struct kj_store *st, int64_t id, struct kj_survey *sv,
			       int *found, struct kj_err *err)
{
	if (kj_store_survey_get(st, id, sv, found, err) < 0)
		return -1;
	if (*found && (!strcmp(sv->kind, "onsite") || !strcmp(sv->kind, "other")))
		*found = 0;
	return 0;
}

int kj_store_survey_ids(struct kj_store *st, int fy, int64_t *ids, int max, int *n,
			struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id FROM survey"
		" WHERE (CAST($1 AS INTEGER) = 0 OR fiscal_year = $1) AND kind = 'questionnaire'"
		" ORDER BY fiscal_year DESC, id", err);
	if (!s)
		return -1;
	kj_db_bind_int(s, 1, fy);
	int rc;
	*n = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (*n < max)
			ids[(*n)++] = kj_db_column_int64(s, 0);
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot list the surveys");
}

int kj_store_survey_overlap(struct kj_store *st, int64_t id, int64_t *other,
			    kj_sector_code sector, struct kj_err *err)
{
	*other = 0;
	sector[0] = '\0';
	struct kj_stmt *s = kj_db_kept(st, "SELECT o.id, os.sector_code FROM survey s"
		" JOIN survey_sector ss ON ss.survey_id = s.id"
		" JOIN survey o ON o.fiscal_year = s.fiscal_year AND o.kind = s.kind"
		"  AND o.status = 'open' AND o.id <> s.id"
		" JOIN survey_sector os ON os.survey_id = o.id AND os.sector_code = ss.sector_code"
		" JOIN sector c ON c.code = os.sector_code"
		" WHERE s.id = $1 ORDER BY o.id, c.ord, os.sector_code", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*other = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, sector, KJ_SECTOR_CODE_MAX);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the open surveys");
	return 0;
}

/* The one integer SQL answers for SURVEY ($1) into *OUT (0 without a row). */
static int survey_int(struct kj_store *st, const char *sql, int64_t survey, long *out,
		      const char *what, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc = kj_db_step(s);
	*out = rc == KJ_DB_ROW ? (long)kj_db_column_int64(s, 0) : 0;
	kj_db_reset(s);
	return rc == KJ_DB_ROW ? 0 : kj_db_fail(st, err, what);
}

int kj_store_survey_freeze(struct kj_store *st, int64_t id, long *count,
			   struct kj_err *err)
{
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (KJ_DB_RUN(st, "DELETE FROM survey_respondent WHERE survey_id = $1", err, sid) < 0 ||
	    KJ_DB_RUN(st, "INSERT INTO survey_respondent (survey_id, sector_code, organisation_id,"
		      " prefecture_code)"
		      " SELECT s.id, t.sector_code, t.organisation_id, COALESCE(o.prefecture_code, '')"
		      " FROM survey s JOIN survey_sector ss ON ss.survey_id = s.id"
		      " JOIN target t ON t.fiscal_year = s.fiscal_year AND t.sector_code = ss.sector_code"
		      " JOIN organisation o ON o.id = t.organisation_id"
		      " WHERE s.id = $1", err, sid) < 0 ||
	    kj_store_tally_rebuild(st, id, err) < 0 ||
	    kj_store_analysis_rebuild(st, id, err) < 0)
		return -1;
	return survey_int(st, "SELECT COUNT(DISTINCT organisation_id)"
			  " FROM survey_respondent WHERE survey_id = $1", id, count,
			  "cannot count the respondents", err);
}

int kj_store_survey_move(struct kj_store *st, int64_t id, const char *from,
			   const char *to, long respondents, int *changed,
			   struct kj_err *err)
{
	char sid[24], n[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	snprintf(n, sizeof n, "%ld", respondents);
	if (KJ_DB_RUN(st, "UPDATE survey SET status = $1,"
		      " respondents = COALESCE(CAST($2 AS INTEGER), respondents)"
		      " WHERE id = $3 AND status = $4", err, to,
		      respondents >= 0 ? n : NULL, sid, from) < 0)
		return -1;
	*changed = kj_db_changes(st) > 0;
	return 0;
}

int kj_store_survey_respondent(struct kj_store *st, int64_t id, const char *corporate_number,
			       int64_t *org, int *in_scope, struct kj_err *err)
{
	*org = 0;
	*in_scope = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT o.id,"
		" (SELECT COUNT(*) FROM survey_respondent r WHERE r.survey_id = $1"
		"   AND r.organisation_id = o.id),"
		" (SELECT COUNT(*) FROM survey v JOIN survey_sector ss ON ss.survey_id = v.id"
		"   JOIN target t ON t.fiscal_year = v.fiscal_year AND t.sector_code = ss.sector_code"
		"   WHERE v.id = $1 AND t.organisation_id = o.id),"
		" (SELECT v.status FROM survey v WHERE v.id = $1)"
		" FROM organisation o WHERE o.corporate_number = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	kj_db_bind_text(s, 2, corporate_number);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		const char *status = kj_db_column_text(s, 3);
		*org = kj_db_column_int64(s, 0);
		*in_scope = (status && !strcmp(status, "draft") ? kj_db_column_int64(s, 2)
			     : kj_db_column_int64(s, 1)) > 0;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the organisation");
	return 0;
}

int kj_store_survey_extend(struct kj_store *st, int64_t id, int64_t org, const char *until,
			   const char *reason, int64_t by_user, const char *by_actor,
			   struct kj_err *err)
{
	char sid[24], oid[24], uid[24], now[32];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	snprintf(oid, sizeof oid, "%lld", (long long)org);
	snprintf(uid, sizeof uid, "%lld", (long long)by_user);
	kj_now_iso(now);
	if (KJ_DB_RUN(st, "DELETE FROM survey_extension WHERE survey_id = $1"
		      " AND organisation_id = $2", err, sid, oid) < 0)
		return -1;
	return KJ_DB_RUN(st, "INSERT INTO survey_extension (survey_id, organisation_id,"
			 " closes_on, reason, by_user_id, by_actor, at)"
			 " VALUES ($1, $2, $3, $4, $5, $6, $7)", err, sid, oid, until, reason,
			 by_user > 0 ? uid : NULL, by_actor, now);
}

/* Respondents of a campaign that is open or closed (frozen), or of a draft
 * (the targets of its year now), with their responses, per scope sector. */
static const char progress_frozen[] =
	"SELECT ss.sector_code, COUNT(r.organisation_id),"
	" SUM(CASE WHEN p.status = 'draft' THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN p.status = 'submitted' THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN p.status = 'returned' THEN 1 ELSE 0 END)"
	" FROM survey_sector ss JOIN sector c ON c.code = ss.sector_code"
	" LEFT JOIN survey_respondent r ON r.survey_id = ss.survey_id"
	"  AND r.sector_code = ss.sector_code"
	" LEFT JOIN response p ON p.survey_id = ss.survey_id"
	"  AND p.organisation_id = r.organisation_id"
	" WHERE ss.survey_id = $1 GROUP BY c.ord, ss.sector_code ORDER BY c.ord, ss.sector_code";
static const char progress_draft[] =
	"SELECT ss.sector_code, COUNT(t.organisation_id),"
	" SUM(CASE WHEN p.status = 'draft' THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN p.status = 'submitted' THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN p.status = 'returned' THEN 1 ELSE 0 END)"
	" FROM survey_sector ss JOIN sector c ON c.code = ss.sector_code"
	" JOIN survey v ON v.id = ss.survey_id"
	" LEFT JOIN target t ON t.fiscal_year = v.fiscal_year"
	"  AND t.sector_code = ss.sector_code"
	" LEFT JOIN response p ON p.survey_id = ss.survey_id"
	"  AND p.organisation_id = t.organisation_id"
	" WHERE ss.survey_id = $1 GROUP BY c.ord, ss.sector_code ORDER BY c.ord, ss.sector_code";

int kj_store_survey_progress(struct kj_store *st, int64_t id, struct kj_survey_progress *rows,
			     int max, int *n, struct kj_err *err)
{
	struct kj_survey sv;
	int found;
	*n = 0;
	if (kj_store_survey_get(st, id, &sv, &found, err) < 0)
		return -1;
	if (!found)
		return 0;
	struct kj_stmt *s = kj_db_kept(st, strcmp(sv.status, "draft") ? progress_frozen
				       : progress_draft, err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (*n >= max)
			continue;
		struct kj_survey_progress *p = &rows[(*n)++];
		kj_db_col(s, 0, p->sector, KJ_SECTOR_CODE_MAX);
		p->respondents = (long)kj_db_column_int64(s, 1);
		p->draft = (long)kj_db_column_int64(s, 2);
		p->submitted = (long)kj_db_column_int64(s, 3);
		p->returned = (long)kj_db_column_int64(s, 4);
		p->not_started = p->respondents - p->draft - p->submitted - p->returned;
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the survey's progress");
}

int kj_store_survey_question_each(struct kj_store *st, int64_t survey,
				  kj_survey_question_fn fn, void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id, ord, COALESCE(sector_code, ''), kind,"
		" text_ja, text_en, COALESCE(choices, ''), required FROM survey_question"
		" WHERE survey_id = $1 ORDER BY ord", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		const struct kj_survey_question q = {
			kj_db_column_int64(s, 0), kj_db_column_int(s, 1),
			(const char *)kj_db_column_text(s, 2), (const char *)kj_db_column_text(s, 3),
			(const char *)kj_db_column_text(s, 4), (const char *)kj_db_column_text(s, 5),
			(const char *)kj_db_column_text(s, 6), kj_db_column_int(s, 7) == 1,
		};
		stop = fn(ctx, &q);
	}
	kj_db_reset(s);
	if (stop)
		return 0;
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the survey's questions");
}

int kj_store_survey_question_count(struct kj_store *st, int64_t survey, int *n,
				   struct kj_err *err)
{
	long v = 0;
	int rc = survey_int(st, "SELECT COUNT(*) FROM survey_question WHERE survey_id = $1",
			    survey, &v, "cannot count the survey's questions", err);
	*n = (int)v;
	return rc;
}

int kj_store_survey_question_add(struct kj_store *st, int64_t survey,
				 const struct kj_survey_question *q, int *ord,
				 struct kj_err *err)
{
	long next;
	if (survey_int(st, "SELECT COALESCE(MAX(ord), 0) + 1 FROM survey_question"
		       " WHERE survey_id = $1", survey, &next, "cannot read the survey's questions",
		       err) < 0)
		return -1;
	*ord = (int)next;
	char sid[24], o[16], now[32];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	snprintf(o, sizeof o, "%d", *ord);
	kj_now_iso(now);
	return KJ_DB_RUN(st, "INSERT INTO survey_question (survey_id, sector_code, ord, kind,"
			 " text_ja, text_en, choices, required, created_at)"
			 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", err, sid,
			 q->sector && *q->sector ? q->sector : NULL, o, q->kind, q->text_ja,
			 q->text_en ? q->text_en : "", q->choices && *q->choices ? q->choices : NULL,
			 q->required ? "1" : "0", now);
}

int kj_store_survey_question_drop(struct kj_store *st, int64_t survey, int ord, int *found,
				  struct kj_err *err)
{
	char sid[24], o[16];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	snprintf(o, sizeof o, "%d", ord);
	if (KJ_DB_RUN(st, "DELETE FROM survey_question WHERE survey_id = $1 AND ord = $2", err,
		      sid, o) < 0)
		return -1;
	*found = kj_db_changes(st) > 0;
	return 0;
}
