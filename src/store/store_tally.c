/* A survey's response counts kept as they change; see store_tally.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store_tally.h"

int kj_store_tally_rebuild(struct kj_store *st, int64_t survey, struct kj_err *err)
{
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	if (KJ_DB_RUN(st, "DELETE FROM survey_tally WHERE survey_id = $1", err, sid) < 0 ||
	    KJ_DB_RUN(st, "INSERT INTO survey_tally (survey_id, sector_code, prefecture_code,"
		      " status, n) SELECT r.survey_id, r.sector_code, r.prefecture_code,"
		      " COALESCE(p.status, 'not_started'), COUNT(*) FROM survey_respondent r"
		      " LEFT JOIN response p ON p.survey_id = r.survey_id"
		      " AND p.organisation_id = r.organisation_id WHERE r.survey_id = $1"
		      " GROUP BY r.survey_id, r.sector_code, r.prefecture_code,"
		      " COALESCE(p.status, 'not_started')", err, sid) < 0)
		return -1;
	return KJ_DB_RUN(st, "INSERT INTO survey_tally (survey_id, sector_code, prefecture_code,"
			 " status, n) SELECT d.survey_id, '*', d.prefecture_code,"
			 " COALESCE(p.status, 'not_started'), COUNT(*)"
			 " FROM (SELECT DISTINCT survey_id, organisation_id, prefecture_code"
			 " FROM survey_respondent WHERE survey_id = $1) d"
			 " LEFT JOIN response p ON p.survey_id = d.survey_id"
			 " AND p.organisation_id = d.organisation_id"
			 " GROUP BY d.survey_id, d.prefecture_code, COALESCE(p.status, 'not_started')",
			 err, sid);
}

/* Adds DELTA to the row (SURVEY, SECTOR, PREFECTURE, STATUS), creating it. */
static int tally_add(struct kj_store *st, const char *sid, const char *sector,
		     const char *prefecture, const char *status, const char *delta,
		     struct kj_err *err)
{
	/*
	 * The row is there nearly always: an update of its count first. (The
	 * upsert's insert checks the status against its list every time, and
	 * SQLite builds a temporary b-tree for that list at each statement; an
	 * update of n alone does not.) The upsert when there is none.
	 */
	if (KJ_DB_RUN(st, "UPDATE survey_tally SET n = n + CAST($1 AS INTEGER)"
		      " WHERE survey_id = $2 AND sector_code = $3 AND prefecture_code = $4"
		      " AND status = $5", err, delta, sid, sector, prefecture, status) < 0)
		return -1;
	if (kj_db_changes(st) > 0)
		return 0;
	return KJ_DB_RUN(st, "INSERT INTO survey_tally (survey_id, sector_code, prefecture_code,"
			 " status, n) VALUES ($1, $2, $3, $4, CAST($5 AS INTEGER))"
			 " ON CONFLICT (survey_id, sector_code, prefecture_code, status)"
			 " DO UPDATE SET n = survey_tally.n + excluded.n", err, sid, sector,
			 prefecture, status, delta);
}

/* The rows that count one operator: its scope sectors, and '*' once. */
#define TALLY_KEYS_MAX 64

/* Rows whose moves a deferral sums (sectors x prefectures x statuses of
 * one survey is at most a few thousand); a power of two. */
#define TALLY_DEFER_SLOTS 8192

struct tally_sum {
	char sid[24];
	kj_sector_code sector;
	char prefecture[16];
	char status[16];
	long delta;
	int used;
};

struct kj_tally_defer {
	struct tally_sum slot[TALLY_DEFER_SLOTS];
	int n;
};

static unsigned tally_hash(const char *const *parts, int n)
{
	unsigned h = 2166136261u;	/* FNV-1a */
	for (int i = 0; i < n; i++) {
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++)
			h = (h ^ *p) * 16777619u;
		h = (h ^ 0x1f) * 16777619u;
	}
	return h;
}

/* Adds DELTA to the deferred sum of the row; -1 when the table is full. */
static int tally_sum_add(struct kj_tally_defer *d, const char *sid, const char *sector,
			 const char *prefecture, const char *status, long delta)
{
	const char *parts[] = { sid, sector, prefecture, status };
	unsigned i = tally_hash(parts, 4) & (TALLY_DEFER_SLOTS - 1);
	for (int probes = 0; probes < TALLY_DEFER_SLOTS; probes++) {
		struct tally_sum *t = &d->slot[i];
		if (!t->used) {
			if (d->n >= TALLY_DEFER_SLOTS / 2)
				return -1;
			t->used = 1;
			d->n++;
			snprintf(t->sid, sizeof t->sid, "%s", sid);
			snprintf(t->sector, sizeof t->sector, "%s", sector);
			snprintf(t->prefecture, sizeof t->prefecture, "%s", prefecture);
			snprintf(t->status, sizeof t->status, "%s", status);
			t->delta = delta;
			return 0;
		}
		if (!strcmp(t->sid, sid) && !strcmp(t->sector, sector) &&
		    !strcmp(t->prefecture, prefecture) && !strcmp(t->status, status)) {
			t->delta += delta;
			return 0;
		}
		i = (i + 1) & (TALLY_DEFER_SLOTS - 1);
	}
	return -1;
}

int kj_store_tally_defer(struct kj_store *st, int on, struct kj_err *err)
{
	free(st->tally_defer);
	st->tally_defer = NULL;
	if (on && !(st->tally_defer = calloc(1, sizeof *st->tally_defer))) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	return 0;
}

int kj_store_tally_flush(struct kj_store *st, struct kj_err *err)
{
	struct kj_tally_defer *d = st->tally_defer;
	int rc = 0;
	st->tally_defer = NULL;
	for (int i = 0; d && rc == 0 && i < TALLY_DEFER_SLOTS; i++) {
		const struct tally_sum *t = &d->slot[i];
		char delta[24];
		if (!t->used || !t->delta)
			continue;
		snprintf(delta, sizeof delta, "%ld", t->delta);
		rc = tally_add(st, t->sid, t->sector, t->prefecture, t->status, delta, err);
	}
	free(d);
	return rc;
}

int kj_store_tally_move(struct kj_store *st, int64_t survey, int64_t org, const char *from,
			const char *to, struct kj_err *err)
{
	if (!strcmp(from, to))
		return 0;
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	/*
	 * The operator's rows are read first (by the index of its
	 * respondents), then each count is moved by its key: a handful of
	 * primary-key writes, whatever the number of the survey's rows (an
	 * import moves 20,000 operators one by one).
	 */
	struct {
		kj_sector_code sector;
		char prefecture[16];
	} keys[TALLY_KEYS_MAX + 1];
	int n = 0, rc;
	struct kj_stmt *s = kj_db_kept(st, "SELECT sector_code, prefecture_code"
				       " FROM survey_respondent WHERE organisation_id = $1"
				       " AND survey_id = $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, org);
	kj_db_bind_int64(s, 2, survey);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW)
		if (n < TALLY_KEYS_MAX) {
			kj_db_col(s, 0, keys[n].sector, sizeof keys[n].sector);
			kj_db_col(s, 1, keys[n].prefecture, sizeof keys[n].prefecture);
			n++;
		}
	kj_db_reset(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the survey's respondent");
	if (n) {
		kj_strlcpy(keys[n].sector, "*", sizeof keys[n].sector);
		kj_strlcpy(keys[n].prefecture, keys[0].prefecture, sizeof keys[n].prefecture);
		n++;
	}
	/* Deferred: summed, with room for all of the operator's rows (when
	 * there is none, what is summed is written now and the rest as it
	 * comes). */
	if (st->tally_defer && st->tally_defer->n + 2 * n > TALLY_DEFER_SLOTS / 2 &&
	    kj_store_tally_flush(st, err) < 0)
		return -1;
	for (int i = 0; st->tally_defer && i < n; i++)
		if (tally_sum_add(st->tally_defer, sid, keys[i].sector, keys[i].prefecture, from,
				  -1) < 0 ||
		    tally_sum_add(st->tally_defer, sid, keys[i].sector, keys[i].prefecture, to,
				  1) < 0) {
			kj_err_set(err, "internal error: the survey's counts overflowed");
			return -1;
		}
	for (int i = 0; !st->tally_defer && i < n; i++)
		if (tally_add(st, sid, keys[i].sector, keys[i].prefecture, from, "-1", err) < 0 ||
		    tally_add(st, sid, keys[i].sector, keys[i].prefecture, to, "1", err) < 0)
			return -1;
	return 0;
}
