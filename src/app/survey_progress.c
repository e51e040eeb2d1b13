/* Reading a survey campaign while it runs; see survey_progress.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/authz.h"
#include "app/survey_progress.h"

void kj_app_today_jst(char out[16])
{
	time_t t = time(NULL) + 9 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

/* May USER see SV: its scope's sectors as the authorisation reads them. */
static int may_read(const struct kj_user *user, const struct kj_survey *sv)
{
	const char *secs[KJ_SURVEY_SECTORS_MAX];
	for (int i = 0; i < sv->nsectors; i++)
		secs[i] = sv->sectors[i];
	return kj_authz_survey_read(user, sv->owner_kind, secs, sv->nsectors);
}

/* Fills V's scope and progress for USER; V->sv is read. */
static int view_fill(struct kj_store *st, const struct kj_user *user, struct kj_survey_view *v,
		     struct kj_err *err)
{
	const char *secs[KJ_SURVEY_SECTORS_MAX];
	for (int i = 0; i < v->sv.nsectors; i++)
		secs[i] = v->sv.sectors[i];
	kj_authz_survey_sectors(user, secs, v->sv.nsectors, &v->all, v->whole, &v->nwhole,
				v->partial, &v->npartial);
	v->scope = (struct kj_progress_scope){
		v->all, (const kj_sector_code *)v->whole, v->nwhole,
		(const kj_sector_code *)v->partial, v->npartial,
		user && user->ministry[0] ? user->ministry : NULL,
	};
	if (!strcmp(v->sv.status, "draft")) {
		memset(&v->p, 0, sizeof v->p);	/* respondents are frozen when it opens */
		return 0;
	}
	return kj_store_progress(st, v->sv.id, v->sv.closes_on, v->today, &v->scope, &v->p, err);
}

int kj_app_survey_view(struct kj_store *st, const struct kj_user *user, int64_t id,
		       struct kj_survey_view *v, enum kj_survey_fault *fault,
		       struct kj_err *err)
{
	int found;
	memset(v, 0, sizeof *v);
	*fault = KJ_SURVEY_OK;
	kj_app_today_jst(v->today);
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	int rc = kj_store_questionnaire_get(st, id, &v->sv, &found, err);
	if (rc == 0 && (!found || !may_read(user, &v->sv)))
		*fault = KJ_SURVEY_NOT_FOUND;
	else if (rc == 0 && (rc = view_fill(st, user, v, err)) == 0)
		rc = kj_store_survey_history(st, id, v->events, KJ_SURVEY_EVENTS_MAX, &v->nevents,
					     err);
	kj_store_rollback(st);
	return rc;
}

/* The scope of USER's counts of targets, as kj_store_survey_status reads it. */
static int64_t home_scope(const struct kj_user *u, const kj_sector_code **secs, int *nsecs,
			  const char **ministry)
{
	*secs = NULL;
	*nsecs = 0;
	*ministry = NULL;
	if (u->role == KJ_ROLE_OPERATOR)
		return u->org_id;
	if (u->role == KJ_ROLE_MINISTRY || u->role == KJ_ROLE_CEPTOAR) {
		*secs = (const kj_sector_code *)u->sectors;
		*nsecs = u->nsectors;
	}
	if (u->role == KJ_ROLE_MINISTRY)
		*ministry = u->ministry[0] ? u->ministry : "-";
	return 0;
}

int kj_app_home_survey(struct kj_store *st, const struct kj_user *user,
		       struct kj_home_survey *out, struct kj_err *err)
{
	const kj_sector_code *secs;
	const char *ministry;
	int nsecs, found;
	int64_t org = home_scope(user, &secs, &nsecs, &ministry);
	struct kj_survey_view *v = calloc(1, sizeof *v);
	if (!v) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin_read(st, err) < 0) {
		free(v);
		return -1;
	}
	int rc = kj_store_survey_status(st, secs, nsecs, ministry, org, 0, out, err);
	if (rc == 0 && out->survey_id && !org) {
		kj_app_today_jst(v->today);
		rc = kj_store_questionnaire_get(st, out->survey_id, &v->sv, &found, err);
		if (rc == 0 && found && strcmp(v->sv.status, "draft") && may_read(user, &v->sv)) {
			if ((rc = view_fill(st, user, v, err)) == 0) {
				out->targets = v->p.total.respondents;
				out->submitted = v->p.total.submitted;
			}
		} else if (rc == 0) {
			rc = kj_store_survey_status(st, secs, nsecs, ministry, 0, 1, out, err);
		}
	}
	kj_store_rollback(st);
	free(v);
	return rc;
}

int kj_app_survey_views(struct kj_store *st, const struct kj_user *user,
			struct kj_survey_view *v, int max, int *n, struct kj_err *err)
{
	*n = 0;
	int64_t *ids = calloc(KJ_SURVEY_LIST_MAX, sizeof *ids);
	int nids = 0, rc = -1;
	char today[16];
	kj_app_today_jst(today);
	if (!ids) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin_read(st, err) < 0)
		goto done;
	if (kj_store_survey_ids(st, 0, ids, KJ_SURVEY_LIST_MAX, &nids, err) < 0)
		goto rollback;
	for (int i = 0; i < nids && *n < max; i++) {
		struct kj_survey_view *x = &v[*n];
		int found;
		memset(x, 0, sizeof *x);
		memcpy(x->today, today, sizeof today);
		if (kj_store_questionnaire_get(st, ids[i], &x->sv, &found, err) < 0)
			goto rollback;
		if (!found || !may_read(user, &x->sv))
			continue;
		if (view_fill(st, user, x, err) < 0)
			goto rollback;
		(*n)++;
	}
	rc = 0;
rollback:
	kj_store_rollback(st);
done:
	free(ids);
	return rc;
}

/* Is CODE one of the sectors V's reader sees? */
static int view_sector(const struct kj_survey_view *v, const char *code)
{
	for (int i = 0; i < v->sv.nsectors; i++) {
		if (strcmp(v->sv.sectors[i], code))
			continue;
		if (v->all)
			return 1;
		for (int k = 0; k < v->nwhole; k++)
			if (!strcmp(v->whole[k], code))
				return 1;
		for (int k = 0; k < v->npartial; k++)
			if (!strcmp(v->partial[k], code))
				return 1;
	}
	return 0;
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

static void bad(enum kj_survey_fault *fault, char why[KJ_ERR_MAX], const char **field,
		const char *name, const char *msg)
{
	if (*fault != KJ_SURVEY_OK)
		return;
	*fault = KJ_SURVEY_BAD;
	*field = name;
	snprintf(why, KJ_ERR_MAX, "%s", msg);
}

void kj_app_chase_filter(const struct kj_survey_view *v, const struct kj_chase_query *q,
			 struct kj_chase_filter *f, long *page, enum kj_survey_fault *fault,
			 char why[KJ_ERR_MAX], const char **why_field)
{
	memset(f, 0, sizeof *f);
	*fault = KJ_SURVEY_OK;
	*why_field = NULL;
	why[0] = '\0';
	*page = 1;
	f->today = v->today;
	f->limit = KJ_CHASE_PAGE;
	f->sector = nz(q->sector);
	if (f->sector && !view_sector(v, f->sector))
		bad(fault, why, why_field, "sector", "the sector is not one of this survey's");
	const char *pref = nz(q->prefecture);
	if (pref && !strcmp(pref, "unknown")) {
		f->prefecture = "";
	} else if (pref) {
		long code;
		if (strlen(pref) != 2 || kj_parse_long(pref[0] == '0' ? pref + 1 : pref, 1, 47,
						       &code) < 0)
			bad(fault, why, why_field, "prefecture",
			    "the prefecture must be a code from 01 to 47, or unknown");
		f->prefecture = pref;
	}
	f->status = nz(q->status);
	if (f->status && strcmp(f->status, "not_started") && strcmp(f->status, "draft") &&
	    strcmp(f->status, "returned"))
		bad(fault, why, why_field, "status",
		    "the status must be not_started, draft or returned");
	const char *od = nz(q->overdue);
	if (od && strcmp(od, "1") && strcmp(od, "0"))
		bad(fault, why, why_field, "overdue", "overdue must be 1 or 0");
	f->overdue = od && !strcmp(od, "1");
	if (nz(q->page) && kj_parse_long(q->page, 1, KJ_CHASE_OFFSET_MAX / KJ_CHASE_PAGE,
					 page) < 0) {
		bad(fault, why, why_field, "page", "the page must be a number from 1");
		*page = 1;
	}
	f->offset = (*page - 1) * KJ_CHASE_PAGE;
}

int kj_app_survey_chase(struct kj_store *st, const struct kj_survey_view *v,
			const struct kj_chase_filter *f, struct kj_chase_row *rows, int *n,
			struct kj_err *err)
{
	*n = 0;
	if (!strcmp(v->sv.status, "draft"))
		return 0;
	return kj_store_chase_list(st, v->sv.id, v->sv.closes_on, &v->scope, f, rows, n, err);
}

/* Reads the list a page of KJ_CHASE_PAGE_MAX at a time, for the file writers. */
struct chase_src {
	struct kj_store *st;
	const struct kj_survey_view *v;
	struct kj_chase_filter f;
	struct kj_chase_row *rows;
	int n, at, done;
	struct kj_err *err;
};

static int chase_next(void *ctx, const struct kj_chase_row **row)
{
	struct chase_src *c = ctx;
	if (c->at >= c->n) {
		if (c->done)
			return 0;
		if (kj_store_chase_list(c->st, c->v->sv.id, c->v->sv.closes_on, &c->v->scope,
					&c->f, c->rows, &c->n, c->err) < 0)
			return -1;
		c->at = 0;
		c->f.offset += c->n;
		c->done = c->n < c->f.limit;
		if (c->n == 0)
			return 0;
	}
	*row = &c->rows[c->at++];
	return 1;
}

int kj_app_survey_chase_write(struct kj_store *st, const struct kj_survey_view *v,
			      const struct kj_chase_filter *f, const struct kj_chase_names *names,
			      FILE *csv, const char *xlsx_path, int rows_only, long *rows,
			      struct kj_err *err)
{
	struct chase_src c = { st, v, *f, NULL, 0, 0, 0, err };
	*rows = 0;
	err->msg[0] = '\0';
	if (!strcmp(v->sv.status, "draft")) {
		c.done = 1;
	} else if (!(c.rows = calloc(KJ_CHASE_PAGE_MAX, sizeof *c.rows))) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	c.f.offset = 0;
	c.f.limit = KJ_CHASE_PAGE_MAX;
	int rc = -1;
	if (kj_store_begin_read(st, err) < 0)
		goto done;
	if (!c.done && kj_store_chase_count(st, v->sv.id, v->sv.closes_on, &v->scope, &c.f,
					    rows, err) < 0)
		goto rollback;
	if (rows_only) {
		rc = 0;
		goto rollback;
	}
	if (csv) {
		rc = kj_chase_write_csv(csv, chase_next, &c, names);
		if (rc < 0 && !err->msg[0])
			kj_err_set(err, "cannot write the chase list");
	} else {
		rc = kj_chase_write_xlsx(xlsx_path, chase_next, &c, names, err);
	}
rollback:
	kj_store_rollback(st);
done:
	free(c.rows);
	return rc;
}

int kj_app_org_surveys(struct kj_store *st, int64_t org, struct kj_survey *sv,
		       struct kj_org_survey *os, int max, int *n, struct kj_err *err)
{
	*n = 0;
	int got = 0, rc = -1;
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	if (kj_store_org_surveys(st, org, os, max, &got, err) < 0)
		goto done;
	for (int i = 0; i < got; i++) {
		int found;
		/* An operator's list holds its questionnaires and the surveys of
		 * kind other it was chosen for (app/survey_other.h). */
		if (kj_store_survey_get(st, os[i].survey, &sv[*n], &found, err) < 0)
			goto done;
		if (found && strcmp(sv[*n].kind, "onsite"))
			os[(*n)++] = os[i];
	}
	rc = 0;
done:
	kj_store_rollback(st);
	return rc;
}
