/* The store of answering a questionnaire; see store_response.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store_response.h"

static const char *nz(const char *s)
{
	return s ? s : "";
}

int kj_store_response_head(struct kj_store *st, int64_t survey, int64_t org,
			   struct kj_resp_head *h, struct kj_err *err)
{
	memset(h, 0, sizeof *h);
	struct kj_stmt *s = kj_db_kept(st, "SELECT"
		" (SELECT COUNT(*) FROM survey_respondent r WHERE r.survey_id = $1"
		"   AND r.organisation_id = $2),"
		" (SELECT e.closes_on FROM survey_extension e WHERE e.survey_id = $1"
		"   AND e.organisation_id = $2),"
		" p.id, p.status, p.revision, p.versions, p.created_at, p.updated_at,"
		" u.display_name, p.lead_user_id, l.display_name"
		" FROM (SELECT 1 AS one) x"
		" LEFT JOIN response p ON p.survey_id = $1 AND p.organisation_id = $2"
		" LEFT JOIN app_user u ON u.id = p.updated_by"
		" LEFT JOIN app_user l ON l.id = p.lead_user_id", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_int64(s, 2, org);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		h->respondent = kj_db_column_int64(s, 0) > 0;
		kj_db_col(s, 1, h->extended_to, sizeof h->extended_to);
		h->id = kj_db_column_int64(s, 2);
		kj_db_col(s, 3, h->status, sizeof h->status);
		h->revision = (long)kj_db_column_int64(s, 4);
		h->versions = kj_db_column_int(s, 5);
		kj_db_col(s, 6, h->created_at, sizeof h->created_at);
		kj_db_col(s, 7, h->updated_at, sizeof h->updated_at);
		kj_db_col(s, 8, h->updated_by, sizeof h->updated_by);
		h->lead = kj_db_column_int64(s, 9);
		kj_db_col(s, 10, h->lead_name, sizeof h->lead_name);
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW ? 0 : kj_db_fail(st, err, "cannot read the response");
}

int kj_store_durable(struct kj_store *st, int on, struct kj_err *err)
{
	const char *sql = on ? kj_db_pick(st, "PRAGMA synchronous=FULL", "SET synchronous_commit = on")
		: st->bulk ? kj_db_pick(st, "PRAGMA synchronous=OFF", "SET synchronous_commit = off")
		: kj_db_pick(st, "PRAGMA synchronous=FULL", "SET synchronous_commit = on");
	return kj_db_exec(st, sql, err);
}

/* BY as a parameter: NULL for the command line. */
static const char *by_param(int64_t by, char buf[24])
{
	if (by <= 0)
		return NULL;
	snprintf(buf, 24, "%lld", (long long)by);
	return buf;
}

int kj_store_response_create(struct kj_store *st, int64_t survey, int64_t org,
			     const char *now, int64_t by, int64_t *id, struct kj_err *err)
{
	char sid[24], oid[24], uid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	snprintf(oid, sizeof oid, "%lld", (long long)org);
	if (KJ_DB_RUN(st, "INSERT INTO response (survey_id, organisation_id, status, revision,"
		      " versions, created_at, updated_at, updated_by)"
		      " VALUES ($1, $2, 'draft', 0, 0, $3, $3, $4)", err, sid, oid, now,
		      by_param(by, uid)) < 0)
		return -1;
	*id = kj_db_last_id(st);
	return 0;
}

int kj_store_response_touch(struct kj_store *st, int64_t id, long revision,
			    const char *now, int64_t by, struct kj_err *err)
{
	char rid[24], rev[24], uid[24];
	snprintf(rid, sizeof rid, "%lld", (long long)id);
	snprintf(rev, sizeof rev, "%ld", revision);
	return KJ_DB_RUN(st, "UPDATE response SET revision = $1, updated_at = $2, updated_by = $3"
			 " WHERE id = $4", err, rev, now, by_param(by, uid), rid);
}

int kj_store_response_status(struct kj_store *st, int64_t id, const char *status,
			     long revision, int versions, const char *now, int64_t by,
			     struct kj_err *err)
{
	char rid[24], rev[24], uid[24], nv[24];
	snprintf(rid, sizeof rid, "%lld", (long long)id);
	snprintf(rev, sizeof rev, "%ld", revision);
	snprintf(nv, sizeof nv, "%d", versions);
	if (!strcmp(status, "submitted"))
		return KJ_DB_RUN(st, "UPDATE response SET status = 'submitted', revision = $1,"
				 " versions = $2, submitted_at = $3, submitted_by = $4,"
				 " updated_at = $3, updated_by = $4 WHERE id = $5", err, rev, nv, now,
				 by_param(by, uid), rid);
	return KJ_DB_RUN(st, "UPDATE response SET status = $1, revision = $2, updated_at = $3,"
			 " updated_by = $4 WHERE id = $5", err, status, rev, now,
			 by_param(by, uid), rid);
}

int kj_store_response_lead(struct kj_store *st, int64_t id, int64_t user, struct kj_err *err)
{
	char rid[24], uid[24];
	snprintf(rid, sizeof rid, "%lld", (long long)id);
	return KJ_DB_RUN(st, "UPDATE response SET lead_user_id = $1 WHERE id = $2", err,
			 by_param(user, uid), rid);
}

/* Reads VERSION_ID's requirements into K (allocated to their number). */
static int reqcodes_read(struct kj_store *st, int64_t version_id, struct kj_db_reqcodes *k,
			 struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id, code FROM requirement"
				       " WHERE version_id = $1 ORDER BY ord, id", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, version_id);
	int rc, cap = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (k->n == cap) {
			int ncap = cap ? 2 * cap : 128;
			int64_t *ids = realloc(k->ids, (size_t)ncap * sizeof *ids);
			if (ids)
				k->ids = ids;
			char (*codes)[KJ_ID_MAX] = ids ? realloc(k->codes, (size_t)ncap * sizeof *codes)
						       : NULL;
			if (!codes) {
				kj_db_reset(s);
				kj_err_set(err, "out of memory");
				return -1;
			}
			k->codes = codes;
			cap = ncap;
		}
		k->ids[k->n] = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, k->codes[k->n], KJ_ID_MAX);
		k->n++;
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the requirements");
}

int kj_store_requirement_codes(struct kj_store *st, int64_t version_id, int64_t *ids,
			       char (*codes)[KJ_ID_MAX], int max, int *n, struct kj_err *err)
{
	*n = 0;
	/* A version's requirements never change: read once per connection. */
	struct kj_db_reqcodes *k = NULL;
	for (int i = 0; i < KJ_DB_CATALOG_CACHE && !k; i++)
		if (st->reqcodes[i].ids && st->reqcodes[i].vid == version_id)
			k = &st->reqcodes[i];
	if (!k) {
		struct kj_db_reqcodes got = { version_id, 0, NULL, NULL };
		if (reqcodes_read(st, version_id, &got, err) < 0) {
			free(got.ids);
			free(got.codes);
			return -1;
		}
		if (!got.n)	/* nothing to keep (not a version, or not yet) */
			return 0;
		k = &st->reqcodes[st->reqcodes_next];
		st->reqcodes_next = (st->reqcodes_next + 1) % KJ_DB_CATALOG_CACHE;
		free(k->ids);
		free(k->codes);
		*k = got;
	}
	*n = k->n < max ? k->n : max;
	memcpy(ids, k->ids, (size_t)*n * sizeof *ids);
	memcpy(codes, k->codes, (size_t)*n * sizeof *codes);
	return 0;
}

int kj_store_survey_version_id(struct kj_store *st, int64_t survey, int64_t *vid,
			       struct kj_err *err)
{
	*vid = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT version_id FROM survey WHERE id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		*vid = kj_db_column_int64(s, 0);
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0
		: kj_db_fail(st, err, "cannot read the survey");
}

int kj_store_survey_questions(struct kj_store *st, int64_t survey, int64_t org,
			      kj_question_fn fn, void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT q.id, q.ord, q.kind, q.text_ja, q.text_en,"
		" q.choices, q.required FROM survey_question q WHERE q.survey_id = $1"
		" AND (q.sector_code IS NULL OR q.sector_code IN (SELECT r.sector_code"
		"  FROM survey_respondent r WHERE r.survey_id = $1 AND r.organisation_id = $2))"
		" ORDER BY q.ord", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	kj_db_bind_int64(s, 2, org);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		struct kj_stored_question q = {
			kj_db_column_int64(s, 0), kj_db_column_int(s, 1),
			nz(kj_db_column_text(s, 2)), nz(kj_db_column_text(s, 3)),
			nz(kj_db_column_text(s, 4)), nz(kj_db_column_text(s, 5)),
			kj_db_column_int(s, 6) == 1,
		};
		stop = fn(ctx, &q);
	}
	kj_db_reset(s);
	if (stop)
		return stop;
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the survey's questions");
}

int kj_store_answers_each(struct kj_store *st, int64_t response, kj_answer_fn fn,
			  void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT r.code, a.requirement_id, a.level,"
		" a.na_reason, a.note, a.evidence, a.prefilled, a.changed_rev, a.updated_at,"
		" u.display_name FROM answer a JOIN requirement r ON r.id = a.requirement_id"
		" LEFT JOIN app_user u ON u.id = a.updated_by WHERE a.response_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, response);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		struct kj_stored_answer a = {
			.code = nz(kj_db_column_text(s, 0)),
			.key = kj_db_column_int64(s, 1),
			.level = kj_db_column_text(s, 2) ? kj_db_column_int(s, 2) : KJ_LEVEL_NA,
			.na_reason = nz(kj_db_column_text(s, 3)),
			.note = nz(kj_db_column_text(s, 4)),
			.evidence = nz(kj_db_column_text(s, 5)),
			.value = "",
			.prefilled = kj_db_column_int(s, 6) == 1,
			.changed_rev = (long)kj_db_column_int64(s, 7),
			.updated_at = nz(kj_db_column_text(s, 8)),
			.updated_by = nz(kj_db_column_text(s, 9)),
		};
		stop = fn(ctx, &a);
	}
	kj_db_reset(s);
	if (stop)
		return stop;
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the answers");
	s = kj_db_kept(st, "SELECT e.question_id, e.value, e.changed_rev, e.updated_at,"
		       " u.display_name FROM extra_answer e"
		       " LEFT JOIN app_user u ON u.id = e.updated_by WHERE e.response_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, response);
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		struct kj_stored_answer a = {
			.code = "",
			.key = kj_db_column_int64(s, 0),
			.question = 1,
			.level = KJ_LEVEL_NONE,
			.na_reason = "", .note = "", .evidence = "",
			.value = nz(kj_db_column_text(s, 1)),
			.changed_rev = (long)kj_db_column_int64(s, 2),
			.updated_at = nz(kj_db_column_text(s, 3)),
			.updated_by = nz(kj_db_column_text(s, 4)),
		};
		stop = fn(ctx, &a);
	}
	kj_db_reset(s);
	if (stop)
		return stop;
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the answers");
}

static const char *empty_null(const char *s)
{
	return s && *s ? s : NULL;
}

/*
 * New answer rows: the most frequent write of all (an import's thousands of
 * forms), so they go up to ANSWER_ROWS at a time in one statement (a form
 * of 90 requirements in three), their values bound as they are, not as
 * text. What every row of a save shares (the response, the revision, the
 * time and the user) is bound once, as $1, $8, $9 and $10 of the first row;
 * each row adds its own ANSWER_OWN values. The statement of each number of
 * rows is made once, into one static text (kj_db_kept keeps it by address).
 */
#define ANSWER_ROWS 32
#define ANSWER_OWN 6
#define ANSWER_SHARED 4
#define ANSWER_ROW_TEXT 64	/* "($1, $NNN, $NNN, $NNN, $NNN, $NNN, $NNN, $8, $9, $10), " */
#define ANSWER_HEAD "INSERT INTO answer (response_id, requirement_id, level, na_reason, note," \
	" evidence, prefilled, changed_rev, updated_at, updated_by) VALUES "
_Static_assert(ANSWER_SHARED + ANSWER_ROWS * ANSWER_OWN <= KJ_DB_PARAMS_MAX,
	       "the answer rows of one statement fit its parameters");
static char answer_rows_text[ANSWER_ROWS * sizeof ANSWER_HEAD +
			     ANSWER_ROWS * (ANSWER_ROWS + 1) / 2 * ANSWER_ROW_TEXT];
static const char *answer_rows_sql[ANSWER_ROWS + 1];	/* by the number of rows */
static pthread_once_t answer_rows_once = PTHREAD_ONCE_INIT;

/* The parameter of row R's own value C (0: requirement .. 5: prefilled). */
static int answer_param(int r, int c)
{
	return r ? ANSWER_SHARED + ANSWER_OWN * r + c + 1 : c + 2;
}

static void answer_rows_make(void)
{
	size_t n = 0;
	for (int rows = 1; rows <= ANSWER_ROWS; rows++) {
		answer_rows_sql[rows] = answer_rows_text + n;
		n += (size_t)snprintf(answer_rows_text + n, sizeof answer_rows_text - n, "%s",
				      ANSWER_HEAD);
		for (int r = 0; r < rows; r++) {
			int a[ANSWER_OWN];
			for (int c = 0; c < ANSWER_OWN; c++)
				a[c] = answer_param(r, c);
			n += (size_t)snprintf(answer_rows_text + n, sizeof answer_rows_text - n,
					      "%s($1, $%d, $%d, $%d, $%d, $%d, $%d, $8, $9, $10)",
					      r ? ", " : "", a[0], a[1], a[2], a[3], a[4], a[5]);
		}
		n++;	/* its NUL */
		if (n >= sizeof answer_rows_text)	/* not with the sizes above */
			abort();
	}
}

/* Binds the values of A as row R of the statement S. */
static void answer_bind(struct kj_stmt *s, int r, const struct kj_answer_put *a)
{
	/* The texts are the caller's, unchanged until the insert has run. */
	kj_db_bind_int64(s, answer_param(r, 0), a->key);
	if (a->level == KJ_LEVEL_NA) {
		kj_db_bind_null(s, answer_param(r, 1));
		kj_db_bind_text_kept(s, answer_param(r, 2), a->na_reason);
	} else {
		kj_db_bind_int(s, answer_param(r, 1), a->level);
		kj_db_bind_null(s, answer_param(r, 2));
	}
	kj_db_bind_text_kept(s, answer_param(r, 3), empty_null(a->note));
	kj_db_bind_text_kept(s, answer_param(r, 4), empty_null(a->evidence));
	kj_db_bind_int(s, answer_param(r, 5), a->prefilled ? 1 : 0);
}

/* Inserts the N new answer rows A[ROW[0]], A[ROW[1]] …: ANSWER_ROWS a
 * statement, the rest in one statement of as many rows. */
static int answers_insert(struct kj_store *st, int64_t response, const struct kj_answer_put *a,
			  const int *row, int n, long revision, const char *now, int64_t by,
			  struct kj_err *err)
{
	pthread_once(&answer_rows_once, answer_rows_make);
	for (int i = 0; i < n;) {
		int rows = n - i < ANSWER_ROWS ? n - i : ANSWER_ROWS;
		struct kj_stmt *s = kj_db_kept(st, answer_rows_sql[rows], err);
		if (!s)
			return -1;
		kj_db_bind_int64(s, 1, response);
		kj_db_bind_int64(s, 8, revision);
		kj_db_bind_text_kept(s, 9, now);
		if (by > 0)
			kj_db_bind_int64(s, 10, by);
		else
			kj_db_bind_null(s, 10);
		for (int r = 0; r < rows; r++, i++)
			answer_bind(s, r, &a[row[i]]);
		if (kj_db_step_done(st, s, err, "cannot write to the database") < 0)
			return -1;
	}
	return 0;
}

static int put_question(struct kj_store *st, const char *rid, const char *key,
			const struct kj_answer_put *a, const char *rev, const char *now,
			const char *uid, struct kj_err *err)
{
	if (a->clear)
		return KJ_DB_RUN(st, "DELETE FROM extra_answer WHERE response_id = $1"
				 " AND question_id = $2", err, rid, key);
	if (a->exists)
		return KJ_DB_RUN(st, "UPDATE extra_answer SET value = $1, changed_rev = $2,"
				 " updated_at = $3, updated_by = $4 WHERE response_id = $5"
				 " AND question_id = $6", err, a->value, rev, now, uid, rid, key);
	return KJ_DB_RUN(st, "INSERT INTO extra_answer (response_id, question_id, value,"
			 " changed_rev, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)",
			 err, rid, key, a->value, rev, now, uid);
}

int kj_store_answers_put(struct kj_store *st, int64_t response, const struct kj_answer_put *a,
			 int n, long revision, const char *now, int64_t by, struct kj_err *err)
{
	int *fresh = calloc(n > 0 ? (size_t)n : 1, sizeof *fresh), nfresh = 0, rc = 0;
	if (!fresh) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	for (int i = 0; rc == 0 && i < n; i++)
		if (!a[i].question && !a[i].exists && !a[i].clear)
			fresh[nfresh++] = i;
		else
			rc = kj_store_answer_put(st, response, &a[i], revision, now, by, err);
	if (rc == 0)
		rc = answers_insert(st, response, a, fresh, nfresh, revision, now, by, err);
	free(fresh);
	return rc;
}

int kj_store_answer_put(struct kj_store *st, int64_t response, const struct kj_answer_put *a,
			long revision, const char *now, int64_t by, struct kj_err *err)
{
	if (!a->question && !a->clear && !a->exists) {
		int one = 0;
		return answers_insert(st, response, a, &one, 1, revision, now, by, err);
	}
	char rid[24], key[24], rev[24], uid[24], level[8], pre[4];
	snprintf(rid, sizeof rid, "%lld", (long long)response);
	snprintf(key, sizeof key, "%lld", (long long)a->key);
	snprintf(rev, sizeof rev, "%ld", revision);
	const char *u = by_param(by, uid);
	if (a->question)
		return put_question(st, rid, key, a, rev, now, u, err);
	if (a->clear)
		return KJ_DB_RUN(st, "DELETE FROM answer WHERE response_id = $1"
				 " AND requirement_id = $2", err, rid, key);
	snprintf(level, sizeof level, "%d", a->level);
	snprintf(pre, sizeof pre, "%d", a->prefilled ? 1 : 0);
	const char *lv = a->level == KJ_LEVEL_NA ? NULL : level;
	const char *na = a->level == KJ_LEVEL_NA ? a->na_reason : NULL;
	return KJ_DB_RUN(st, "UPDATE answer SET level = $1, na_reason = $2, note = $3,"
			 " evidence = $4, prefilled = $5, changed_rev = $6, updated_at = $7,"
			 " updated_by = $8 WHERE response_id = $9 AND requirement_id = $10",
			 err, lv, na, empty_null(a->note), empty_null(a->evidence), pre, rev,
			 now, u, rid, key);
}

int kj_store_prev_response(struct kj_store *st, int64_t survey, int64_t org, int64_t *id,
			   char status[16], int64_t *version_id, int *versions,
			   struct kj_err *err)
{
	*id = 0;
	*version_id = 0;
	*versions = 0;
	status[0] = '\0';
	/*
	 * Of several (a ministry's own questionnaire beside the NCO's), the
	 * newest survey's: picked here, not by ORDER BY … LIMIT 1, which
	 * SQLite sorted in a temporary b-tree at every new response of an
	 * import for the one or two rows there are.
	 */
	struct kj_stmt *s = kj_db_kept(st, "SELECT p.id, p.status, v.version_id,"
		" (SELECT MAX(x.version) FROM response_version x WHERE x.response_id = p.id),"
		" v.id"
		" FROM survey c JOIN survey v ON v.fiscal_year = c.fiscal_year - 1"
		"  AND v.kind = 'questionnaire'"
		" JOIN response p ON p.survey_id = v.id AND p.organisation_id = $1"
		" WHERE c.id = $2 AND (p.status = 'submitted' OR EXISTS (SELECT 1"
		"  FROM response_version y WHERE y.response_id = p.id))", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, org);
	kj_db_bind_int64(s, 2, survey);
	int64_t newest = 0;
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int64_t v = kj_db_column_int64(s, 4);
		if (newest && v <= newest)
			continue;
		newest = v;
		*id = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, status, 16);
		*version_id = kj_db_column_int64(s, 2);
		*versions = kj_db_column_int(s, 3);
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0
		: kj_db_fail(st, err, "cannot read last year's response");
}

struct xw_link {
	char from[KJ_ID_MAX], to[KJ_ID_MAX];
	int nfrom, nto;		/* links of its from and of its to */
};

static int by_from(const void *a, const void *b)
{
	return strcmp(((const struct xw_link *)a)->from, ((const struct xw_link *)b)->from);
}

static int by_to(const void *a, const void *b)
{
	return strcmp(((const struct xw_link *)a)->to, ((const struct xw_link *)b)->to);
}

int kj_store_xw_one_to_one(struct kj_store *st, int64_t from_vid, int64_t to_vid,
			   kj_xw_pair_fn fn, void *ctx, struct kj_err *err)
{
	/*
	 * The links between the two versions, read by the versions' indexes and
	 * counted here: links join consecutive versions only, so a requirement's
	 * links are all among these (requirement_succession has no index by
	 * its "to" side to count them in SQL).
	 */
	struct xw_link *l = malloc(2 * KJ_CATALOG_REQ_MAX * sizeof *l);
	if (!l) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	struct kj_stmt *s = kj_db_kept(st, "SELECT f.code, t.code FROM requirement f"
		" JOIN requirement_succession k ON k.from_requirement_id = f.id"
		" JOIN requirement t ON t.id = k.to_requirement_id"
		" WHERE f.version_id = $1 AND t.version_id = $2", err);
	if (!s) {
		free(l);
		return -1;
	}
	kj_db_bind_int64(s, 1, from_vid);
	kj_db_bind_int64(s, 2, to_vid);
	int rc, n = 0, stop = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (n < 2 * KJ_CATALOG_REQ_MAX) {
			kj_db_col(s, 0, l[n].from, KJ_ID_MAX);
			kj_db_col(s, 1, l[n].to, KJ_ID_MAX);
			n++;
		}
	kj_db_reset(s);
	if (rc != KJ_DB_DONE) {
		free(l);
		return kj_db_fail(st, err, "cannot read the crosswalk");
	}
	qsort(l, (size_t)n, sizeof *l, by_from);
	for (int i = 0, j; i < n; i = j) {
		for (j = i; j < n && !strcmp(l[j].from, l[i].from); j++)
			;
		for (int k = i; k < j; k++)
			l[k].nfrom = j - i;
	}
	qsort(l, (size_t)n, sizeof *l, by_to);
	for (int i = 0, j; i < n; i = j) {
		for (j = i; j < n && !strcmp(l[j].to, l[i].to); j++)
			;
		for (int k = i; k < j; k++)
			l[k].nto = j - i;
	}
	for (int i = 0; i < n && !stop; i++)
		if (l[i].nfrom == 1 && l[i].nto == 1)
			stop = fn(ctx, l[i].from, l[i].to);
	free(l);
	return stop;
}

int kj_store_version_add(struct kj_store *st, int64_t response, int version,
			 const char *receipt, const char *at, int64_t by, const char *by_actor,
			 const char *digest, const char *content, const char *attest_name,
			 const char *attest_title, const char *attest_date, struct kj_err *err)
{
	char rid[24], v[24], uid[24];
	snprintf(rid, sizeof rid, "%lld", (long long)response);
	snprintf(v, sizeof v, "%d", version);
	return KJ_DB_RUN(st, "INSERT INTO response_version (response_id, version, receipt,"
			 " submitted_at, submitted_by, by_actor, digest, content, attest_name,"
			 " attest_title, attest_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
			 " $10, $11)", err, rid, v, receipt, at, by_param(by, uid), by_actor, digest,
			 content, attest_name, attest_title, attest_date);
}

static void version_row(struct kj_stmt *s, struct kj_stored_version *v)
{
	memset(v, 0, sizeof *v);
	v->version = kj_db_column_int(s, 0);
	kj_db_col(s, 1, v->receipt, sizeof v->receipt);
	kj_db_col(s, 2, v->submitted_at, sizeof v->submitted_at);
	kj_db_col(s, 3, v->submitted_by, sizeof v->submitted_by);
	kj_db_col(s, 4, v->digest, sizeof v->digest);
	kj_db_col(s, 5, v->attest_name, sizeof v->attest_name);
	kj_db_col(s, 6, v->attest_title, sizeof v->attest_title);
	kj_db_col(s, 7, v->attest_date, sizeof v->attest_date);
	kj_db_col(s, 8, v->returned_at, sizeof v->returned_at);
	kj_db_col(s, 9, v->return_message, sizeof v->return_message);
}

#define VERSION_COLUMNS \
	"SELECT v.version, v.receipt, v.submitted_at, COALESCE(u.display_name, v.by_actor)," \
	" v.digest, v.attest_name, v.attest_title, v.attest_date, r.returned_at, r.message"
#define VERSION_FROM \
	" FROM response_version v LEFT JOIN app_user u ON u.id = v.submitted_by" \
	" LEFT JOIN response_return r ON r.response_id = v.response_id AND r.version = v.version"

int kj_store_versions(struct kj_store *st, int64_t response, struct kj_stored_version *v,
		      int max, int *n, struct kj_err *err)
{
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, VERSION_COLUMNS VERSION_FROM
				       " WHERE v.response_id = $1 ORDER BY v.version", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, response);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (*n < max)
			version_row(s, &v[(*n)++]);
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the versions");
}

int kj_store_version_get(struct kj_store *st, int64_t response, int version,
			 struct kj_stored_version *v, char **content, int *found,
			 struct kj_err *err)
{
	*found = 0;
	*content = NULL;
	struct kj_stmt *s = kj_db_kept(st, VERSION_COLUMNS ", v.content" VERSION_FROM
				       " WHERE v.response_id = $1 AND v.version = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, response);
	kj_db_bind_int(s, 2, version);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		version_row(s, v);
		*content = strdup(nz(kj_db_column_text(s, 10)));
		*found = 1;
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the version");
	if (*found && !*content) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	return 0;
}

int kj_store_return_add(struct kj_store *st, int64_t response, int version, const char *at,
			int64_t by, const char *by_actor, const char *message,
			struct kj_err *err)
{
	char rid[24], v[24], uid[24];
	snprintf(rid, sizeof rid, "%lld", (long long)response);
	snprintf(v, sizeof v, "%d", version);
	return KJ_DB_RUN(st, "INSERT INTO response_return (response_id, version, returned_at,"
			 " returned_by, by_actor, message) VALUES ($1, $2, $3, $4, $5, $6)", err,
			 rid, v, at, by_param(by, uid), by_actor, message);
}

int kj_store_change_add(struct kj_store *st, int64_t response, const char *item,
			const char *at, int64_t by, const char *by_actor, const char *old_value,
			const char *new_value, const char *reason, struct kj_err *err)
{
	char rid[24], uid[24];
	snprintf(rid, sizeof rid, "%lld", (long long)response);
	return KJ_DB_RUN(st, "INSERT INTO answer_change (response_id, item, changed_at,"
			 " changed_by, by_actor, old_value, new_value, reason)"
			 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", err, rid, item, at,
			 by_param(by, uid), by_actor, old_value, new_value, reason);
}

int kj_store_changes(struct kj_store *st, int64_t response, int max, kj_change_fn fn,
		     void *ctx, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT c.item, c.changed_at,"
		" COALESCE(u.display_name, c.by_actor), c.old_value, c.new_value, c.reason"
		" FROM answer_change c LEFT JOIN app_user u ON u.id = c.changed_by"
		" WHERE c.response_id = $1 ORDER BY c.id LIMIT $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, response);
	kj_db_bind_int(s, 2, max);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		struct kj_stored_change c = {
			nz(kj_db_column_text(s, 0)), nz(kj_db_column_text(s, 1)),
			nz(kj_db_column_text(s, 2)), nz(kj_db_column_text(s, 3)),
			nz(kj_db_column_text(s, 4)), nz(kj_db_column_text(s, 5)),
		};
		stop = fn(ctx, &c);
	}
	kj_db_reset(s);
	if (stop)
		return stop;
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the changes");
}

int kj_store_assign(struct kj_store *st, int64_t response, const char *item, int64_t user,
		    int64_t by, const char *at, struct kj_err *err)
{
	char rid[24], uid[24], bid[24];
	snprintf(rid, sizeof rid, "%lld", (long long)response);
	if (KJ_DB_RUN(st, "DELETE FROM response_assignment WHERE response_id = $1 AND item = $2",
		      err, rid, item) < 0)
		return -1;
	if (user <= 0)
		return 0;
	snprintf(uid, sizeof uid, "%lld", (long long)user);
	return KJ_DB_RUN(st, "INSERT INTO response_assignment (response_id, item, user_id,"
			 " assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)", err, rid, item,
			 uid, by_param(by, bid), at);
}

int kj_store_assignments(struct kj_store *st, int64_t response, kj_assign_fn fn, void *ctx,
			 struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT a.item, a.user_id, u.display_name"
		" FROM response_assignment a JOIN app_user u ON u.id = a.user_id"
		" WHERE a.response_id = $1 ORDER BY a.item", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, response);
	int rc, stop = 0;
	while (!stop && (rc = kj_db_step(s)) == KJ_DB_ROW)
		stop = fn(ctx, nz(kj_db_column_text(s, 0)), kj_db_column_int64(s, 1),
			  nz(kj_db_column_text(s, 2)));
	kj_db_reset(s);
	if (stop)
		return stop;
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the assignments");
}

int kj_store_org_operator_user(struct kj_store *st, int64_t org, int64_t user, int *yes,
			       struct kj_err *err)
{
	*yes = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT COUNT(*) FROM app_user WHERE id = $1"
				       " AND organisation_id = $2 AND role = 'operator'"
				       " AND disabled = 0", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, user);
	kj_db_bind_int64(s, 2, org);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		*yes = kj_db_column_int64(s, 0) > 0;
	kj_db_reset(s);
	return rc == KJ_DB_ROW ? 0 : kj_db_fail(st, err, "cannot read the user");
}

int kj_store_response_org(struct kj_store *st, int64_t org, struct kj_resp_org *o,
			  struct kj_err *err)
{
	memset(o, 0, sizeof *o);
	struct kj_stmt *s = kj_db_kept(st, "SELECT name_ja, corporate_number FROM organisation"
				       " WHERE id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, org);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		o->found = 1;
		kj_db_col(s, 0, o->name, sizeof o->name);
		kj_db_col(s, 1, o->corporate_number, sizeof o->corporate_number);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the organisation");
	s = kj_db_kept(st, "SELECT 's', sector_code FROM organisation_sector"
		       " WHERE organisation_id = $1 UNION ALL SELECT 'm', ministry_code"
		       " FROM organisation_ministry WHERE organisation_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, org);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *kind = nz(kj_db_column_text(s, 0));
		if (kind[0] == 's' && o->nsectors < KJ_USER_SECTORS_MAX)
			kj_db_col(s, 1, o->sectors[o->nsectors++], KJ_SECTOR_CODE_MAX);
		else if (kind[0] == 'm' && o->nministries < KJ_USER_SECTORS_MAX)
			kj_db_col(s, 1, o->ministries[o->nministries++], 16);
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the organisation");
}
