/* Use cases of implementation plans; see plan.h. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/authz.h"
#include "app/plan.h"
#include "app/plan_priv.h"
#include "base/util.h"
#include "model/survey.h"
#include "store/store_survey.h"

int kj_app_plan_refuse(struct kj_plan_refusal *why, enum kj_plan_fault fault, const char *fmt, ...)
{
	va_list ap;
	why->fault = fault;
	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof why->msg, fmt, ap);
	va_end(ap);
	return 0;
}

struct kj_plan *kj_app_plan_alloc(void)
{
	return calloc(1, sizeof(struct kj_plan));
}

struct kj_plan_ref kj_app_plan_ref(const struct kj_plan *p)
{
	return (struct kj_plan_ref){ kj_plan_is_cross(p), *p->sector ? p->sector : NULL,
				     *p->ministry ? p->ministry : NULL, p->state };
}

unsigned kj_app_plan_may(const struct kj_user *user, const struct kj_plan *p)
{
	struct kj_plan_ref r = kj_app_plan_ref(p);
	unsigned may = 0;
	for (int u = KJ_PLAN_USE_READ; u <= KJ_PLAN_USE_REPORT; u++)
		if (kj_authz_plan(user, (enum kj_plan_use)u, &r))
			may |= 1u << u;
	return may;
}

/* The audit entry ACTION of plan ID with DETAIL (released), and its event. */
int kj_app_plan_record(struct kj_store *st, const struct kj_actor *actor, const char *action,
		  int64_t id, const char *message, json_t *detail, struct kj_err *err)
{
	return kj_audit_log_step(st, actor, kj_store_plan_event_add, "plan", "plan", id, action, message,
				 detail, err);
}

/* Prefills P's measures with the main measures of §2.1.2 of its version. */
static int prefill(struct kj_store *st, struct kj_plan *p, struct kj_err *err)
{
	struct kj_main_measure mm[KJ_PLAN_MEASURES_MAX];
	int n;
	if (kj_store_plan_main_measures(st, p->version_id, mm, KJ_PLAN_MEASURES_MAX, &n, err) < 0)
		return -1;
	p->nmeasures = 0;
	for (int i = 0; i < n; i++) {
		struct kj_plan_measure *m = &p->measures[p->nmeasures++];
		memset(m, 0, sizeof *m);
		snprintf(m->key, sizeof m->key, "std-%d-%d", mm[i].category, mm[i].n);
		m->category = mm[i].category;
		m->ord = mm[i].n;
		kj_strlcpy(m->title, mm[i].text, sizeof m->title);
		m->status = KJ_MEASURE_TODO;
	}
	return 0;
}

/* The owner ministry of a sector plan into P; 0 with WHY on a refusal. */
static int owner_ministry(struct kj_store *st, const struct kj_actor *actor, const char *given,
			  struct kj_plan *p, struct kj_plan_refusal *why, struct kj_err *err)
{
	char held[8][KJ_MINISTRY_CODE_MAX];
	int n;
	if (kj_store_plan_ministries_of(st, p->sector, held, 8, &n, err) < 0)
		return -1;
	const char *m = given && *given ? given
		: actor->user && actor->user->role == KJ_ROLE_MINISTRY ? actor->user->ministry
		: n == 1 ? held[0] : NULL;
	if (!m)
		return kj_app_plan_refuse(why, KJ_PLAN_BAD, "--ministry: sector '%s' is held by %d ministries: "
			      "name one", p->sector, n);
	for (int i = 0; i < n; i++)
		if (!strcmp(held[i], m))
			return kj_strlcpy(p->ministry, m, sizeof p->ministry) < 0
				? kj_app_plan_refuse(why, KJ_PLAN_BAD, "--ministry: too long") : 0;
	if (!(given && *given))	/* a ministry user's own: another's sector */
		return kj_app_plan_refuse(why, KJ_PLAN_FORBIDDEN, "sector '%s' is not your "
					  "ministry's", p->sector);
	return kj_app_plan_refuse(why, KJ_PLAN_BAD, "--ministry: '%.32s' does not hold sector '%s'",
				  m, p->sector);
}

/* Checks the new plan P (year, scope, owner, not there yet); in the transaction. */
static int check_new(struct kj_store *st, const struct kj_actor *actor, struct kj_plan *p,
		     const char *ministry, struct kj_plan_refusal *why, struct kj_err *err)
{
	if (*p->sector) {
		int yes;
		if (kj_store_sector_exists(st, p->sector, &yes, err) < 0)
			return -1;
		if (!yes)
			return kj_app_plan_refuse(why, KJ_PLAN_BAD, "--sector: unknown sector '%s'", p->sector);
		if (owner_ministry(st, actor, ministry, p, why, err) < 0 || why->fault)
			return why->fault ? 0 : -1;
	} else if (ministry && *ministry)
		return kj_app_plan_refuse(why, KJ_PLAN_BAD, "--ministry: the cross-sector plan is the NCO's");
	struct kj_plan_ref r = kj_app_plan_ref(p);
	if (!kj_authz_plan(actor->user, KJ_PLAN_USE_OWN, &r))
		return kj_app_plan_refuse(why, KJ_PLAN_FORBIDDEN, "this plan is outside your reach");
	char key[80];
	int64_t there;
	kj_store_plan_scope_key(p->sector, p->ministry, key, sizeof key);
	if (kj_store_plan_find(st, p->fy, key, &there, err) < 0)
		return -1;
	if (there)
		return kj_app_plan_refuse(why, KJ_PLAN_REFUSED, "the plan of FY%d for this scope exists "
			      "already (plan %lld)", p->fy, (long long)there);
	return 0;
}

static int read_fy(const char *s, int *fy, struct kj_plan_refusal *why)
{
	const char *m = kj_survey_check_fy(s, fy);
	return m ? kj_app_plan_refuse(why, KJ_PLAN_BAD, "--fy: %s", m) : 0;
}

static int create(struct kj_store *st, const struct kj_actor *actor, struct kj_plan *p,
		  const char *ministry, const char *action, int64_t *id,
		  struct kj_plan_refusal *why, struct kj_err *err)
{
	if (check_new(st, actor, p, ministry, why, err) < 0)
		return -1;
	if (why->fault)
		return 0;
	if (kj_store_plan_create(st, p, id, err) < 0)
		return -1;
	json_t *d = json_pack("{s:i, s:s, s:s?, s:s?, s:s, s:i, s:I}", "fy", p->fy,
			      "scope", p->scope, "sector", *p->sector ? p->sector : NULL,
			      "ministry", *p->ministry ? p->ministry : NULL, "version", p->version,
			      "measures", p->nmeasures, "copied_from", (json_int_t)p->copied_from);
	return kj_app_plan_record(st, actor, action, *id, "", d, err);
}

/* Ends the transaction of a write: commits when RC is 0 without a refusal,
 * else rolls back. */
int kj_app_plan_in_tx(struct kj_store *st, int rc, struct kj_plan_refusal *why, struct kj_err *err)
{
	if (rc < 0 || why->fault) {
		kj_store_rollback(st);
		return rc < 0 ? -1 : 0;
	}
	if (kj_store_commit(st, err) < 0) {
		kj_store_rollback(st);
		return -1;
	}
	return 0;
}

int kj_app_plan_create(struct kj_store *st, const struct kj_actor *actor, const char *fy,
		       const char *sector, const char *ministry, int64_t *id,
		       struct kj_plan_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*id = 0;
	struct kj_plan *p = kj_app_plan_alloc();
	if (!p) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = 0;
	read_fy(fy, &p->fy, why);
	if (!why->fault && sector && kj_strlcpy(p->sector, sector, sizeof p->sector) < 0)
		kj_app_plan_refuse(why, KJ_PLAN_BAD, "--sector: not a sector code");
	if (why->fault)
		goto out;
	kj_strlcpy(p->scope, *p->sector ? "sector" : "cross", sizeof p->scope);
	p->state = KJ_PLAN_DRAFT;
	p->targets = -1;
	if (kj_store_begin(st, err) < 0) {
		rc = -1;
		goto out;
	}
	if ((rc = kj_store_survey_version(st, NULL, &p->version_id, p->version, err)) == 0 &&
	    !p->version_id)
		kj_app_plan_refuse(why, KJ_PLAN_REFUSED, "no version of the standard in the database");
	if (rc == 0 && !why->fault && (rc = prefill(st, p, err)) == 0)
		rc = create(st, actor, p, ministry, "create", id, why, err);
	rc = kj_app_plan_in_tx(st, rc, why, err);
out:
	free(p);
	return rc;
}

int kj_app_plan_copy(struct kj_store *st, const struct kj_actor *actor, int64_t from,
		     const char *fy, int64_t *id, struct kj_plan_refusal *why,
		     struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*id = 0;
	struct kj_plan *p = kj_app_plan_alloc();
	if (!p) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_store_begin(st, err), found = 0;
	if (rc == 0 && (rc = kj_store_plan_get(st, from, p, &found, err)) == 0) {
		struct kj_plan_ref r = kj_app_plan_ref(p);
		if (!found)
			kj_app_plan_refuse(why, KJ_PLAN_NOT_FOUND, "no plan %lld", (long long)from);
		else if (!kj_authz_plan(actor->user, KJ_PLAN_USE_READ, &r))
			kj_app_plan_refuse(why, KJ_PLAN_FORBIDDEN, "plan %lld is outside your reach",
					   (long long)from);
		else if (fy && *fy)
			read_fy(fy, &p->fy, why);
		else
			p->fy++;
	}
	if (rc == 0 && !why->fault) {
		p->copied_from = from;
		p->state = KJ_PLAN_DRAFT;
		p->targets = -1;
		char ministry[KJ_MINISTRY_CODE_MAX];
		kj_strlcpy(ministry, p->ministry, sizeof ministry);
		rc = create(st, actor, p, *ministry ? ministry : NULL, "copy", id, why, err);
	}
	if (rc == 0 || kj_store_in_tx(st))
		rc = kj_app_plan_in_tx(st, rc, why, err);
	free(p);
	return rc;
}

int kj_app_plan_get(struct kj_store *st, const struct kj_user *user, int64_t id,
		    struct kj_plan *p, struct kj_plan_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	int found;
	if (kj_store_plan_get(st, id, p, &found, err) < 0)
		return -1;
	struct kj_plan_ref r = kj_app_plan_ref(p);
	if (!found)
		return kj_app_plan_refuse(why, KJ_PLAN_NOT_FOUND, "no plan %lld", (long long)id);
	if (!kj_authz_plan(user, KJ_PLAN_USE_READ, &r))
		return kj_app_plan_refuse(why, KJ_PLAN_FORBIDDEN, "plan %lld is outside your reach",
					  (long long)id);
	return 0;
}

int kj_app_plan_list(struct kj_store *st, const struct kj_user *user, int fy,
		     struct kj_plan_row *out, int max, int *n, struct kj_err *err)
{
	if (kj_store_plan_list(st, fy, out, max, n, err) < 0)
		return -1;
	int k = 0;
	for (int i = 0; i < *n; i++) {
		struct kj_plan_ref r = { !strcmp(out[i].scope, "cross"),
					 *out[i].sector ? out[i].sector : NULL,
					 *out[i].ministry ? out[i].ministry : NULL, out[i].state };
		if (kj_authz_plan(user, KJ_PLAN_USE_READ, &r))
			out[k++] = out[i];
	}
	*n = k;
	return 0;
}

/*
 * Opens the transaction of an edit of draft ID made on REVISION, with the
 * plan read into P and its revision moved on. 0 with WHY on a refusal (the
 * transaction then rolled back), or -1.
 */
int kj_app_plan_edit_begin(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		      const char *revision, struct kj_plan *p, struct kj_plan_refusal *why,
		      struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	long rev;
	if (!revision || kj_parse_long(revision, 1, 0x7fffffffL, &rev) < 0)
		return kj_app_plan_refuse(why, KJ_PLAN_BAD, "revision: the revision the edit was made on is "
			      "required");
	if (kj_store_begin(st, err) < 0)
		return -1;
	int rc = kj_app_plan_get(st, actor->user, id, p, why, err), ok = 0;
	struct kj_plan_ref r = kj_app_plan_ref(p);
	if (rc == 0 && !why->fault) {
		if (!kj_authz_plan(actor->user, KJ_PLAN_USE_OWN, &r))
			kj_app_plan_refuse(why, KJ_PLAN_FORBIDDEN, "this plan is outside your reach");
		else if (p->state != KJ_PLAN_DRAFT)
			kj_app_plan_refuse(why, KJ_PLAN_REFUSED, "the plan is %s: only a draft is edited",
			       kj_plan_state_name(p->state));
		else if ((rc = kj_store_plan_bump(st, id, (int)rev, &ok, err)) == 0 && !ok)
			kj_app_plan_refuse(why, KJ_PLAN_CONFLICT, "the plan changed since revision %ld (now %d): "
			       "reload it and edit again", rev, p->revision);
	}
	if (rc < 0 || why->fault)
		kj_store_rollback(st);
	return rc;
}

int kj_app_plan_set_body(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			 const char *revision, const char *section, const char *text,
			 struct kj_plan_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	int sec = kj_plan_section_parse(section);
	const char *m;
	if (sec < 0)
		return kj_app_plan_refuse(why, KJ_PLAN_BAD, "section: one of gov, pp, roles");
	if ((m = kj_plan_check_text("text", text, KJ_PLAN_BODY_MAX, 0)))
		return kj_app_plan_refuse(why, KJ_PLAN_BAD, "%s", m);
	struct kj_plan *p = kj_app_plan_alloc();
	if (!p) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_app_plan_edit_begin(st, actor, id, revision, p, why, err);
	if (rc == 0 && !why->fault) {
		rc = kj_store_plan_set_body(st, id, (enum kj_plan_section)sec, text ? text : "", err);
		if (rc == 0)
			rc = kj_app_plan_record(st, actor, "edit", id, "", json_pack("{s:s, s:i}", "section",
				    section, "bytes", (int)(text ? strlen(text) : 0)), err);
		rc = kj_app_plan_in_tx(st, rc, why, err);
	}
	free(p);
	return rc;
}

