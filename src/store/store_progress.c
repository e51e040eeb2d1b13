/* A survey's progress and chase list; see store_progress.h. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "store/db.h"
#include "store/store_progress.h"

static int in_list(const kj_sector_code *list, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i], code))
			return 1;
	return 0;
}

static int in_scope(const struct kj_progress_scope *sc, const char *sector)
{
	return sc->all || in_list(sc->whole, sc->nwhole, sector) ||
	       in_list(sc->partial, sc->npartial, sector);
}

/* The group CODE of G (N of them, at most KJ_PROGRESS_GROUPS_MAX), added when new; NULL when full. */
static struct kj_progress_group *group(struct kj_progress_group *g, int *n, const char *code)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp(g[i].code, code))
			return &g[i];
	if (*n >= KJ_PROGRESS_GROUPS_MAX)
		return NULL;
	memset(&g[*n], 0, sizeof g[*n]);
	snprintf(g[*n].code, sizeof g[*n].code, "%s", code);
	return &g[(*n)++];
}

/* Adds N responses of STATUS to C. */
static void count(struct kj_progress_counts *c, const char *status, long n)
{
	c->respondents += n;
	if (!strcmp(status, "draft"))
		c->draft += n;
	else if (!strcmp(status, "submitted"))
		c->submitted += n;
	else if (!strcmp(status, "returned"))
		c->returned += n;
	else
		c->not_started += n;
}

static void add_counts(struct kj_progress_counts *to, const struct kj_progress_counts *c)
{
	to->respondents += c->respondents;
	to->not_started += c->not_started;
	to->draft += c->draft;
	to->submitted += c->submitted;
	to->returned += c->returned;
	to->overdue += c->overdue;
}

/* Every group's not-submitted count as overdue (the close date has passed). */
static void all_overdue(struct kj_progress_group *g, int n)
{
	for (int i = 0; i < n; i++)
		g[i].c.overdue = g[i].c.respondents - g[i].c.submitted;
}

/* Prefectures by code, the unknown one ("") last. */
static void sort_prefectures(struct kj_progress *p)
{
	for (int i = 1; i < p->nprefectures; i++)
		for (int k = i; k > 0; k--) {
			struct kj_progress_group *a = &p->prefectures[k - 1], *b = &p->prefectures[k];
			int swap = !*a->code ? *b->code != '\0' : *b->code && strcmp(a->code, b->code) > 0;
			if (!swap)
				break;
			struct kj_progress_group t = *a;
			*a = *b;
			*b = t;
		}
}

/* The scope's sectors of SURVEY in the standard's order, as empty groups. */
static int read_sectors(struct kj_store *st, int64_t survey, const struct kj_progress_scope *sc,
			struct kj_progress *p, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT ss.sector_code FROM survey_sector ss"
		" JOIN sector c ON c.code = ss.sector_code WHERE ss.survey_id = $1"
		" ORDER BY c.ord, ss.sector_code", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *sector = kj_db_column_text(s, 0);
		if (sector && in_scope(sc, sector))
			group(p->sectors, &p->nsectors, sector);
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the survey's sectors");
}

/* The scope's sectors and prefectures from the tally, in one pass over the
 * survey's rows of it (its key's range: no join, no sort). The whole and the
 * prefectures of every sector come from the '*' rows (each operator once);
 * those of a ministry's scope from its sectors' rows. */
static int read_tally(struct kj_store *st, int64_t survey, const struct kj_progress_scope *sc,
		      struct kj_progress *p, struct kj_err *err)
{
	if (read_sectors(st, survey, sc, p, err) < 0)
		return -1;
	struct kj_stmt *s = kj_db_kept(st, "SELECT sector_code, prefecture_code, status, n"
				       " FROM survey_tally WHERE survey_id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	int rc, nsectors = p->nsectors;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *sector = kj_db_column_text(s, 0), *status = kj_db_column_text(s, 2);
		if (!sector || !status)
			continue;
		long n = (long)kj_db_column_int64(s, 3);
		const char *pref = kj_db_column_text(s, 1);
		if (strcmp(sector, "*")) {
			struct kj_progress_group *g = NULL;
			for (int i = 0; i < nsectors && !g; i++)
				if (!strcmp(p->sectors[i].code, sector))
					g = &p->sectors[i];
			if (!g)
				continue;	/* outside the scope (or the survey's sectors) */
			count(&g->c, status, n);
			if (sc->all)
				continue;
		} else if (!sc->all) {
			continue;
		}
		struct kj_progress_group *pg = group(p->prefectures, &p->nprefectures,
						     pref ? pref : "");
		if (pg)
			count(&pg->c, status, n);
		count(&p->total, status, n);
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the survey's counts");
}

/* Each ministry's figures: the sum of the sectors in P it holds whole. */
static int read_ministries(struct kj_store *st, struct kj_progress *p, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT sm.ministry_code, sm.sector_code"
		" FROM sector_ministry sm JOIN ministry m ON m.code = sm.ministry_code"
		" WHERE sm.whole = 1 ORDER BY sm.ministry_code", err);
	if (!s)
		return -1;
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		const char *ministry = kj_db_column_text(s, 0), *sector = kj_db_column_text(s, 1);
		if (!ministry || !sector)
			continue;
		for (int i = 0; i < p->nsectors; i++) {
			if (strcmp(p->sectors[i].code, sector))
				continue;
			struct kj_progress_group *g = group(p->ministries, &p->nministries, ministry);
			if (g)
				add_counts(&g->c, &p->sectors[i].c);
		}
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the ministries' sectors");
}

/*
 * After the close date: operators whose extension runs until TODAY or later
 * are not overdue. Extensions are few (one row per operator given one), so
 * this reads them rather than the responses: the extensions first (CROSS
 * JOIN keeps SQLite's order), each operator's rows by the index on
 * organisation_id (the unary + keeps the key's survey_id prefix, which
 * would read every respondent, out of the choice): 0.003 ms instead of
 * 12 ms at 20,000 operators.
 */
static int read_extensions(struct kj_store *st, int64_t survey, const char *today,
			   int past_close, const struct kj_progress_scope *sc,
			   struct kj_progress *p, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT e.organisation_id, r.sector_code,"
		" r.prefecture_code, COALESCE(p.status, 'not_started'),"
		" CASE WHEN e.closes_on >= $1 THEN 1 ELSE 0 END"
		" FROM survey_extension e CROSS JOIN survey_respondent r"
		" LEFT JOIN response p ON p.survey_id = e.survey_id"
		"  AND p.organisation_id = e.organisation_id"
		" WHERE e.survey_id = $2 AND r.organisation_id = e.organisation_id"
		" AND +r.survey_id = e.survey_id ORDER BY e.organisation_id, r.sector_code", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, today);
	kj_db_bind_int64(s, 2, survey);
	int rc;
	int64_t last = 0;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int64_t org = kj_db_column_int64(s, 0);
		const char *sector = kj_db_column_text(s, 1), *pref = kj_db_column_text(s, 2);
		const char *status = kj_db_column_text(s, 3);
		int first = org != last, running = kj_db_column_int(s, 4);
		last = org;
		if (!sector || !status || !in_scope(sc, sector))
			continue;
		if (first || !sc->all)
			p->extensions += first;
		if (!past_close || !running || !strcmp(status, "submitted"))
			continue;
		struct kj_progress_group *g = group(p->sectors, &p->nsectors, sector);
		if (g)
			g->c.overdue--;
		/* The whole and the prefectures: each operator once, or per sector. */
		if (sc->all && !first)
			continue;
		struct kj_progress_group *pg = group(p->prefectures, &p->nprefectures,
						     pref ? pref : "");
		if (pg)
			pg->c.overdue--;
		p->total.overdue--;
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the extensions");
}

int kj_store_progress(struct kj_store *st, int64_t survey, const char *closes_on,
		      const char *today, const struct kj_progress_scope *sc,
		      struct kj_progress *p, struct kj_err *err)
{
	memset(p, 0, sizeof *p);
	int past_close = closes_on && *closes_on && strcmp(today, closes_on) > 0;
	if (read_tally(st, survey, sc, p, err) < 0)
		return -1;
	if (past_close) {
		all_overdue(p->sectors, p->nsectors);
		all_overdue(p->prefectures, p->nprefectures);
		p->total.overdue = p->total.respondents - p->total.submitted;
	}
	if (read_extensions(st, survey, today, past_close, sc, p, err) < 0 ||
	    read_ministries(st, p, err) < 0)
		return -1;
	sort_prefectures(p);
	return 0;
}

/* --- The chase list ----------------------------------------------------------- */

/* Appends "$N" for the next parameter, recording VALUE to bind. */
static void param(struct kj_buf *q, const char **args, int *nargs, const char *value)
{
	char t[16];
	args[*nargs] = value;
	snprintf(t, sizeof t, "$%d", ++*nargs);
	kj_buf_adds(q, t);
}

/* "IN ($a, $b …)" of LIST. */
static void in_params(struct kj_buf *q, const char **args, int *nargs,
		      const kj_sector_code *list, int n)
{
	kj_buf_adds(q, " IN (");
	for (int i = 0; i < n; i++) {
		if (i)
			kj_buf_adds(q, ", ");
		param(q, args, nargs, list[i]);
	}
	kj_buf_adds(q, ")");
}

/* The condition that row R's sector (alias A) is in SC, or "1 = 1". */
static void scope_cond(struct kj_buf *q, const char **args, int *nargs,
		       const struct kj_progress_scope *sc, const char *a)
{
	if (sc->all) {
		kj_buf_adds(q, "1 = 1");
		return;
	}
	kj_buf_adds(q, "(");
	if (sc->nwhole) {
		kj_buf_adds(q, a);
		kj_buf_adds(q, ".sector_code");
		in_params(q, args, nargs, sc->whole, sc->nwhole);
	} else {
		kj_buf_adds(q, "1 = 0");
	}
	if (sc->npartial && sc->ministry) {
		kj_buf_adds(q, " OR (");
		kj_buf_adds(q, a);
		kj_buf_adds(q, ".sector_code");
		in_params(q, args, nargs, sc->partial, sc->npartial);
		kj_buf_adds(q, " AND EXISTS (SELECT 1 FROM organisation_ministry om"
			    " WHERE om.organisation_id = ");
		kj_buf_adds(q, a);
		kj_buf_adds(q, ".organisation_id AND om.ministry_code = ");
		param(q, args, nargs, sc->ministry);
		kj_buf_adds(q, "))");
	}
	kj_buf_adds(q, ")");
}

static int chase_where(struct kj_buf *q, const char **args, int *nargs, const char *closes_on,
		       const struct kj_progress_scope *sc, const struct kj_chase_filter *f,
		       const char *lim, const char *off);

/*
 * The statement of one page: the respondents of the survey in sector and
 * organisation order (the order of survey_respondent's key, so a page reads
 * about as many rows as it shows), without a submitted response. Without a
 * sector, an operator of several sectors comes once, under the first of
 * them in the reader's scope.
 */
static int chase_sql(struct kj_buf *q, const char **args, int *nargs, const char *sid,
		     const char *closes_on, const struct kj_progress_scope *sc,
		     const struct kj_chase_filter *f, const char *lim, const char *off)
{
	if (!lim) {
		/* Only how many: the same rows, counted. */
		kj_buf_adds(q, "SELECT COUNT(*) FROM survey_respondent r"
			    " LEFT JOIN response p ON p.survey_id = r.survey_id"
			    "  AND p.organisation_id = r.organisation_id"
			    " LEFT JOIN survey_extension e ON e.survey_id = r.survey_id"
			    "  AND e.organisation_id = r.organisation_id WHERE r.survey_id = ");
		param(q, args, nargs, sid);
		return chase_where(q, args, nargs, closes_on, sc, f, NULL, NULL);
	}
	kj_buf_adds(q, "SELECT o.id, o.corporate_number, o.name_ja, r.sector_code,"
		    " r.prefecture_code, COALESCE(p.status, 'not_started'),"
		    " COALESCE(e.closes_on, ");
	param(q, args, nargs, closes_on);
	kj_buf_adds(q, "), CASE WHEN e.closes_on IS NULL THEN 0 ELSE 1 END, p.updated_at,"
		    " k.name, k.email, k.phone"
		    " FROM survey_respondent r JOIN organisation o ON o.id = r.organisation_id"
		    " LEFT JOIN response p ON p.survey_id = r.survey_id"
		    "  AND p.organisation_id = r.organisation_id"
		    " LEFT JOIN survey_extension e ON e.survey_id = r.survey_id"
		    "  AND e.organisation_id = r.organisation_id"
		    " LEFT JOIN organisation_contact k ON k.id = (SELECT MIN(k2.id)"
		    "  FROM organisation_contact k2 WHERE k2.organisation_id = o.id)"
		    " WHERE r.survey_id = ");
	param(q, args, nargs, sid);
	return chase_where(q, args, nargs, closes_on, sc, f, lim, off);
}

/* The conditions of the chase list, and the page (LIM NULL: none). */
static int chase_where(struct kj_buf *q, const char **args, int *nargs, const char *closes_on,
		       const struct kj_progress_scope *sc, const struct kj_chase_filter *f,
		       const char *lim, const char *off)
{
	kj_buf_adds(q, " AND (p.status IS NULL OR p.status <> 'submitted') AND ");
	scope_cond(q, args, nargs, sc, "r");
	if (f->sector) {
		kj_buf_adds(q, " AND r.sector_code = ");
		param(q, args, nargs, f->sector);
	} else {
		/* By the index on organisation_id (see read_extensions). */
		kj_buf_adds(q, " AND r.sector_code = (SELECT MIN(r2.sector_code)"
			    " FROM survey_respondent r2 WHERE r2.organisation_id = r.organisation_id"
			    " AND +r2.survey_id = r.survey_id AND ");
		scope_cond(q, args, nargs, sc, "r2");
		kj_buf_adds(q, ")");
	}
	if (f->prefecture) {
		kj_buf_adds(q, " AND r.prefecture_code = ");
		param(q, args, nargs, f->prefecture);
	}
	if (f->status) {
		kj_buf_adds(q, " AND COALESCE(p.status, 'not_started') = ");
		param(q, args, nargs, f->status);
	}
	if (f->overdue) {
		kj_buf_adds(q, " AND COALESCE(e.closes_on, ");
		param(q, args, nargs, closes_on);
		kj_buf_adds(q, ") < ");
		param(q, args, nargs, f->today);
	}
	if (lim) {
		kj_buf_adds(q, " ORDER BY r.sector_code, r.organisation_id LIMIT ");
		param(q, args, nargs, lim);
		kj_buf_adds(q, " OFFSET ");
		param(q, args, nargs, off);
	}
	return kj_buf_failed(q) ? -1 : 0;
}

static void chase_row(struct kj_stmt *s, struct kj_chase_row *r)
{
	memset(r, 0, sizeof *r);
	r->org = kj_db_column_int64(s, 0);
	kj_db_col(s, 1, r->corporate_number, sizeof r->corporate_number);
	kj_db_col(s, 2, r->name, sizeof r->name);
	kj_db_col(s, 3, r->sector, sizeof r->sector);
	kj_db_col(s, 4, r->prefecture, sizeof r->prefecture);
	kj_db_col(s, 5, r->status, sizeof r->status);
	kj_db_col(s, 6, r->closes_on, sizeof r->closes_on);
	r->extended = kj_db_column_int(s, 7);
	kj_db_col(s, 8, r->updated_at, sizeof r->updated_at);
	kj_db_col(s, 9, r->contact_name, sizeof r->contact_name);
	kj_db_col(s, 10, r->contact_email, sizeof r->contact_email);
	kj_db_col(s, 11, r->contact_phone, sizeof r->contact_phone);
}

/* A page of the list into ROWS (*N of them), or with ROWS NULL its count in *N. */
static int chase_run(struct kj_store *st, int64_t survey, const char *closes_on,
		     const struct kj_progress_scope *sc, const struct kj_chase_filter *f,
		     struct kj_chase_row *rows, long *n, struct kj_err *err)
{
	*n = 0;
	if ((rows && (f->limit <= 0 || f->limit > KJ_CHASE_PAGE_MAX)) || f->offset < 0 ||
	    f->offset > KJ_CHASE_OFFSET_MAX || (f->overdue && !f->today) ||
	    sc->nwhole + sc->npartial > KJ_SURVEY_SECTORS_MAX) {
		kj_err_set(err, "the chase list's page is out of range");
		return -1;
	}
	char sid[24], lim[16], off[24];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	snprintf(lim, sizeof lim, "%d", f->limit);
	snprintf(off, sizeof off, "%ld", f->offset);
	const char *args[2 * (KJ_SURVEY_SECTORS_MAX + 2) + 16];
	int nargs = 0;
	struct kj_buf q;
	kj_buf_init(&q, 8192);
	struct kj_stmt *s = NULL;
	int rc = -1;
	if (chase_sql(&q, args, &nargs, sid, closes_on && *closes_on ? closes_on : NULL, sc, f,
		      rows ? lim : NULL, off) < 0) {
		kj_err_set(err, "the chase list's query is too long");
		goto done;
	}
	if (kj_db_prep(st, kj_buf_str(&q), &s, err) < 0)
		goto done;
	for (int i = 0; i < nargs; i++)
		kj_db_bind_text(s, i + 1, args[i]);
	int step;
	while ((step = kj_db_step(s)) == KJ_DB_ROW) {
		if (!rows)
			*n = (long)kj_db_column_int64(s, 0);
		else if (*n < f->limit)
			chase_row(s, &rows[(*n)++]);
	}
	if (step != KJ_DB_DONE) {
		kj_db_fail(st, err, "cannot read the chase list");
		goto done;
	}
	rc = 0;
done:
	if (s)
		kj_db_finalize(s);
	kj_buf_free(&q);
	return rc;
}

int kj_store_chase_list(struct kj_store *st, int64_t survey, const char *closes_on,
			const struct kj_progress_scope *sc, const struct kj_chase_filter *f,
			struct kj_chase_row *rows, int *n, struct kj_err *err)
{
	long got = 0;
	int rc = chase_run(st, survey, closes_on, sc, f, rows, &got, err);
	*n = (int)got;
	return rc;
}

int kj_store_chase_count(struct kj_store *st, int64_t survey, const char *closes_on,
			 const struct kj_progress_scope *sc, const struct kj_chase_filter *f,
			 long *n, struct kj_err *err)
{
	return chase_run(st, survey, closes_on, sc, f, NULL, n, err);
}

int kj_store_org_surveys(struct kj_store *st, int64_t org, struct kj_org_survey *v, int max,
			 int *n, struct kj_err *err)
{
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT s.id, COALESCE(p.status, 'not_started'),"
		" COALESCE(e.closes_on, s.closes_on)"
		" FROM survey s LEFT JOIN response p ON p.survey_id = s.id"
		"  AND p.organisation_id = $1"
		" LEFT JOIN survey_extension e ON e.survey_id = s.id AND e.organisation_id = $1"
		" WHERE s.status <> 'draft' AND EXISTS (SELECT 1 FROM survey_respondent r"
		"  WHERE r.organisation_id = $1 AND +r.survey_id = s.id)"
		" ORDER BY s.fiscal_year DESC, s.id DESC", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, org);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (*n >= max)
			continue;
		struct kj_org_survey *o = &v[(*n)++];
		o->survey = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, o->status, sizeof o->status);
		kj_db_col(s, 2, o->closes_on, sizeof o->closes_on);
	}
	kj_db_reset(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot read the organisation's surveys");
}

int kj_store_survey_history(struct kj_store *st, int64_t survey, struct kj_survey_event *ev,
			    int max, int *n, struct kj_err *err)
{
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)survey);
	*n = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT at, actor, action, detail FROM audit_entry"
		" WHERE object_type = 'survey' AND object_id = $1 ORDER BY at, id", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, sid);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		struct kj_survey_event *e = &ev[(*n)++];
		kj_db_col(s, 0, e->at, sizeof e->at);
		kj_db_col(s, 1, e->actor, sizeof e->actor);
		kj_db_col(s, 2, e->action, sizeof e->action);
		kj_db_col(s, 3, e->detail, sizeof e->detail);
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0
	       : kj_db_fail(st, err, "cannot read the survey's history");
}
