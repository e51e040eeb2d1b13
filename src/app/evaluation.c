/* Use cases of evaluations; see evaluation.h. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/authz.h"
#include "app/evaluation.h"
#include "app/evaluation_priv.h"
#include "app/plan.h"
#include "base/buf.h"
#include "base/util.h"
#include "model/survey.h"
#include "store/store_plan.h"

int kj_app_eval_refuse(struct kj_eval_refusal *why, enum kj_eval_fault fault, const char *fmt, ...)
{
	va_list ap;
	why->fault = fault;
	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof why->msg, fmt, ap);
	va_end(ap);
	return 0;
}

struct kj_eval *kj_app_eval_alloc(void)
{
	return calloc(1, sizeof(struct kj_eval));
}

struct kj_eval_ref kj_app_eval_ref(const struct kj_eval *e)
{
	return (struct kj_eval_ref){ e->scope, *e->sector ? e->sector : NULL,
				     *e->ministry ? e->ministry : NULL, e->state };
}

unsigned kj_app_eval_may(const struct kj_user *user, const struct kj_eval *e)
{
	struct kj_eval_ref r = kj_app_eval_ref(e);
	unsigned may = 0;
	for (int u = KJ_EVAL_USE_READ; u <= KJ_EVAL_USE_FINALISE; u++)
		if (kj_authz_eval(user, (enum kj_eval_use)u, &r))
			may |= 1u << u;
	return may;
}

int kj_app_eval_record(struct kj_store *st, const struct kj_actor *actor, const char *action,
		       int64_t id, const char *message, json_t *detail, struct kj_err *err)
{
	return kj_audit_log_step(st, actor, kj_store_eval_event_add, "eval", "evaluation", id, action, message,
				 detail, err);
}

int kj_app_eval_in_tx(struct kj_store *st, int rc, struct kj_eval_refusal *why, struct kj_err *err)
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

/* The section on the measures from the plan of E's year and scope: each
 * measure's title, status and progress notes, one a line. */
static int prefill(struct kj_store *st, struct kj_eval *e, struct kj_err *err)
{
	if (e->scope == KJ_EVAL_HQ)
		return 0;
	char key[80];
	int64_t pid;
	kj_store_plan_scope_key(e->sector, e->ministry, key, sizeof key);
	if (kj_store_plan_find(st, e->fy, key, &pid, err) < 0)
		return -1;
	if (!pid)
		return 0;
	struct kj_plan *p = kj_app_plan_alloc();
	int found = 0;
	if (!p || kj_store_plan_get(st, pid, p, &found, err) < 0) {
		free(p);
		if (!p)
			kj_err_set(err, "out of memory");
		return -1;
	}
	char *out = e->body[KJ_EVAL_MEASURES];
	size_t o = 0, cap = sizeof e->body[KJ_EVAL_MEASURES];
	for (int i = 0; found && i < p->nmeasures; i++) {
		const struct kj_plan_measure *m = &p->measures[i];
		const char *status = kj_measure_status_label_ja(m->status);
		int w = *m->progress
			? snprintf(out + o, cap - o, "・%s：%s（%s）\n", m->title, status, m->progress)
			: snprintf(out + o, cap - o, "・%s：%s\n", m->title, status);
		if (w < 0 || (size_t)w >= cap - o) {
			out[o] = '\0';
			break;	/* the rest does not fit: the owner edits it */
		}
		o += (size_t)w;
	}
	out[o < cap ? o : cap - 1] = '\0';
	free(p);
	return 0;
}

/* The owner ministry of a sector evaluation into E; 0 with WHY on a refusal. */
static int owner_ministry(struct kj_store *st, const struct kj_actor *actor, const char *given,
			  struct kj_eval *e, struct kj_eval_refusal *why, struct kj_err *err)
{
	char held[8][KJ_MINISTRY_CODE_MAX];
	int n;
	if (kj_store_plan_ministries_of(st, e->sector, held, 8, &n, err) < 0)
		return -1;
	const char *m = given && *given ? given
		: actor->user && actor->user->role == KJ_ROLE_MINISTRY ? actor->user->ministry
		: n == 1 ? held[0] : NULL;
	if (!m)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "--ministry: sector '%s' is held by %d "
					  "ministries: name one", e->sector, n);
	for (int i = 0; i < n; i++)
		if (!strcmp(held[i], m))
			return kj_strlcpy(e->ministry, m, sizeof e->ministry) < 0
				? kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "--ministry: too long") : 0;
	if (!(given && *given))
		return kj_app_eval_refuse(why, KJ_EVAL_F_FORBIDDEN, "sector '%s' is not your "
					  "ministry's", e->sector);
	return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "--ministry: '%.32s' does not hold sector '%s'",
				  m, e->sector);
}

static int check_new(struct kj_store *st, const struct kj_actor *actor, struct kj_eval *e,
		     const char *ministry, struct kj_eval_refusal *why, struct kj_err *err)
{
	if (e->scope == KJ_EVAL_SECTOR) {
		int yes;
		if (kj_store_eval_sector_exists(st, e->sector, &yes, err) < 0)
			return -1;
		if (!yes)
			return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "--sector: unknown sector '%s'",
						  e->sector);
		if (owner_ministry(st, actor, ministry, e, why, err) < 0)
			return -1;
		if (why->fault)
			return 0;
	} else if (ministry && *ministry)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "--ministry: only a sector evaluation "
					  "has a ministry");
	struct kj_eval_ref r = kj_app_eval_ref(e);
	if (!kj_authz_eval(actor->user, KJ_EVAL_USE_OWN, &r))
		return kj_app_eval_refuse(why, KJ_EVAL_F_FORBIDDEN, "this evaluation is outside "
					  "your reach");
	char key[80];
	int64_t there;
	kj_eval_scope_key(e->scope, e->sector, e->ministry, key, sizeof key);
	if (kj_store_eval_find(st, e->fy, key, &there, err) < 0)
		return -1;
	if (there)
		return kj_app_eval_refuse(why, KJ_EVAL_F_REFUSED, "the evaluation of FY%d for this "
					  "scope exists already (evaluation %lld)", e->fy,
					  (long long)there);
	return 0;
}

int kj_app_eval_create(struct kj_store *st, const struct kj_actor *actor, const char *fy,
		       const char *sector, const char *ministry, int hq, int64_t *id,
		       struct kj_eval_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*id = 0;
	struct kj_eval *e = kj_app_eval_alloc();
	if (!e) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = 0;
	const char *m = kj_survey_check_fy(fy, &e->fy);
	if (m)
		kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "--fy: %s", m);
	else if (hq && sector && *sector)
		kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "--sector: the HQ's evaluation has no sector");
	else if (sector && kj_strlcpy(e->sector, sector, sizeof e->sector) < 0)
		kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "--sector: not a sector code");
	if (why->fault)
		goto out;
	e->scope = hq ? KJ_EVAL_HQ : *e->sector ? KJ_EVAL_SECTOR : KJ_EVAL_CROSS;
	e->state = KJ_EVAL_DRAFT;
	if (kj_store_begin(st, err) < 0) {
		rc = -1;
		goto out;
	}
	rc = check_new(st, actor, e, ministry, why, err);
	if (rc == 0 && !why->fault && (rc = prefill(st, e, err)) == 0 &&
	    (rc = kj_store_eval_create(st, e, id, err)) == 0)
		rc = kj_app_eval_record(st, actor, "create", *id, "", json_pack(
			"{s:i, s:s, s:s?, s:s?}", "fy", e->fy, "scope", kj_eval_scope_name(e->scope),
			"sector", *e->sector ? e->sector : NULL,
			"ministry", *e->ministry ? e->ministry : NULL), err);
	rc = kj_app_eval_in_tx(st, rc, why, err);
out:
	free(e);
	return rc;
}

int kj_app_eval_get(struct kj_store *st, const struct kj_user *user, int64_t id,
		    struct kj_eval *e, struct kj_eval_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	int found;
	if (kj_store_eval_get(st, id, e, &found, err) < 0)
		return -1;
	struct kj_eval_ref r = kj_app_eval_ref(e);
	if (!found)
		return kj_app_eval_refuse(why, KJ_EVAL_F_NOT_FOUND, "no evaluation %lld", (long long)id);
	if (!kj_authz_eval(user, KJ_EVAL_USE_READ, &r))
		return kj_app_eval_refuse(why, KJ_EVAL_F_FORBIDDEN, "evaluation %lld is outside your "
					  "reach", (long long)id);
	return 0;
}

int kj_app_eval_list(struct kj_store *st, const struct kj_user *user, int fy,
		     struct kj_eval_row *out, int max, int *n, struct kj_err *err)
{
	if (kj_store_eval_list(st, fy, out, max, n, err) < 0)
		return -1;
	int k = 0;
	for (int i = 0; i < *n; i++) {
		struct kj_eval_ref r = { out[i].scope, *out[i].sector ? out[i].sector : NULL,
					 *out[i].ministry ? out[i].ministry : NULL, out[i].state };
		if (kj_authz_eval(user, KJ_EVAL_USE_READ, &r))
			out[k++] = out[i];
	}
	*n = k;
	return 0;
}

int kj_app_eval_edit_begin(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			   const char *revision, struct kj_eval *e, struct kj_eval_refusal *why,
			   struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	long rev = 0;
	if (revision && !strcmp(revision, KJ_EVAL_ANY_REVISION))
		revision = NULL;
	else if (revision && kj_parse_long(revision, 1, 0x7fffffffL, &rev) < 0)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "revision: the revision the edit was "
					  "made on is required");
	else if (!revision && actor->user)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "revision: the revision the edit was "
					  "made on is required");
	if (kj_store_begin(st, err) < 0)
		return -1;
	int rc = kj_app_eval_get(st, actor->user, id, e, why, err), ok = 0;
	struct kj_eval_ref r = kj_app_eval_ref(e);
	if (rc == 0 && !why->fault) {
		if (!kj_authz_eval(actor->user, KJ_EVAL_USE_OWN, &r))
			kj_app_eval_refuse(why, KJ_EVAL_F_FORBIDDEN, "this evaluation is outside your "
					   "reach");
		else if (e->state != KJ_EVAL_DRAFT)
			kj_app_eval_refuse(why, KJ_EVAL_F_REFUSED, "the evaluation is %s: only a draft "
					   "is edited", kj_eval_state_name(e->state));
		else if ((rc = kj_store_eval_bump(st, id, revision ? (int)rev : e->revision, &ok,
						  err)) == 0 && !ok)
			kj_app_eval_refuse(why, KJ_EVAL_F_CONFLICT, "the evaluation changed since "
					   "revision %ld (now %d): reload it and edit again", rev,
					   e->revision);
	}
	if (rc < 0 || why->fault)
		kj_store_rollback(st);
	return rc;
}

/* Parses SECTION as one of E's scope; -1 with WHY. */
static int section_of(const char *section, enum kj_eval_scope scope, struct kj_eval_refusal *why)
{
	int s = kj_eval_section_parse(section);
	if (s < 0 || !kj_eval_section_of(scope, (enum kj_eval_section)s)) {
		kj_app_eval_refuse(why, KJ_EVAL_F_BAD, scope == KJ_EVAL_HQ ? "section: summary"
				   : "section: one of measures, survey, gaps, improvements");
		return -1;
	}
	return s;
}

int kj_app_eval_set_section(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			    const char *revision, const char *section, const char *text,
			    struct kj_eval_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	const char *m = kj_plan_check_text("text", text, KJ_EVAL_BODY_MAX, 0);
	if (m)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "%s", m);
	if (kj_eval_section_parse(section) < 0)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "section: one of measures, survey, "
					  "gaps, improvements, summary");
	struct kj_eval *e = kj_app_eval_alloc();
	if (!e) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_app_eval_edit_begin(st, actor, id, revision, e, why, err), s;
	if (rc == 0 && !why->fault) {
		if ((s = section_of(section, e->scope, why)) >= 0 &&
		    (rc = kj_store_eval_set_section(st, id, (enum kj_eval_section)s, text ? text : "",
						    err)) == 0)
			rc = kj_app_eval_record(st, actor, "edit", id, "", json_pack("{s:s, s:i}",
				"section", section, "bytes", (int)(text ? strlen(text) : 0)), err);
		rc = kj_app_eval_in_tx(st, rc, why, err);
	}
	free(e);
	return rc;
}

int kj_app_eval_add_figure(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			   const char *revision, const char *section, const char *kind,
			   const char *ref, const char *caption, struct kj_eval_refusal *why,
			   struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct kj_eval_figure f = { 0 };
	int k = kj_eval_fig_kind_parse(kind);
	const char *m;
	if (k < 0)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "kind: national, sector, requirement "
					  "or coverage");
	f.kind = (enum kj_eval_fig_kind)k;
	if ((m = kj_eval_fig_check_ref(f.kind, ref ? ref : "")))
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "%s", m);
	if ((m = kj_plan_check_text("caption", caption, KJ_EVAL_CAPTION_MAX, 0)))
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "%s", m);
	kj_strlcpy(f.ref, ref ? ref : "", sizeof f.ref);
	kj_strlcpy(f.caption, caption ? caption : "", sizeof f.caption);
	if (f.kind == KJ_FIG_SECTOR) {
		int yes;
		if (kj_store_eval_sector_exists(st, f.ref, &yes, err) < 0)
			return -1;
		if (!yes)
			return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "ref: unknown sector '%s'", f.ref);
	}
	struct kj_eval *e = kj_app_eval_alloc();
	if (!e) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_app_eval_edit_begin(st, actor, id, revision, e, why, err), s;
	if (rc == 0 && !why->fault) {
		if ((s = section_of(section, e->scope, why)) >= 0) {
			f.section = (enum kj_eval_section)s;
			if (e->nfigures >= KJ_EVAL_FIGURES_MAX)
				kj_app_eval_refuse(why, KJ_EVAL_F_REFUSED, "an evaluation holds at most %d "
						   "figures", KJ_EVAL_FIGURES_MAX);
			else if ((rc = kj_store_eval_add_figure(st, id, &f, err)) == 0)
				rc = kj_app_eval_record(st, actor, "figure", id, "", json_pack(
					"{s:s, s:i, s:s, s:s}", "section", section, "ord", f.ord,
					"kind", kind, "ref", f.ref), err);
		}
		rc = kj_app_eval_in_tx(st, rc, why, err);
	}
	free(e);
	return rc;
}

int kj_app_eval_drop_figure(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			    const char *revision, const char *section, const char *ord,
			    struct kj_eval_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	long o;
	if (!ord || kj_parse_long(ord, 1, 100000, &o) < 0)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "ord: which figure (a positive number)");
	struct kj_eval *e = kj_app_eval_alloc();
	if (!e) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_app_eval_edit_begin(st, actor, id, revision, e, why, err), s, dropped = 0;
	if (rc == 0 && !why->fault) {
		if ((s = section_of(section, e->scope, why)) >= 0 &&
		    (rc = kj_store_eval_drop_figure(st, id, (enum kj_eval_section)s, (int)o, &dropped,
						    err)) == 0) {
			if (!dropped)
				kj_app_eval_refuse(why, KJ_EVAL_F_NOT_FOUND, "no figure %ld in section %s",
						   o, section);
			else
				rc = kj_app_eval_record(st, actor, "figure-drop", id, "", json_pack(
					"{s:s, s:i}", "section", section, "ord", (int)o), err);
		}
		rc = kj_app_eval_in_tx(st, rc, why, err);
	}
	free(e);
	return rc;
}

int kj_app_eval_move(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		     const char *act, const char *message, struct kj_eval_refusal *why,
		     struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	int a = kj_eval_act_parse(act);
	const char *m;
	if (a < 0)
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "act: submit, return or finalise");
	if ((m = kj_plan_check_text("message", message, KJ_EVAL_MESSAGE_MAX, 0)))
		return kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "%s", m);
	struct kj_eval *e = kj_app_eval_alloc();
	if (!e) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_store_begin(st, err);
	if (rc == 0)
		rc = kj_app_eval_get(st, actor->user, id, e, why, err);
	if (rc == 0 && !why->fault) {
		const struct kj_eval_transition *t = kj_eval_transition(e->scope, (enum kj_eval_act)a);
		struct kj_eval_ref r = kj_app_eval_ref(e);
		enum kj_eval_use use = a == KJ_EVAL_SUBMIT ? KJ_EVAL_USE_SUBMIT
			: a == KJ_EVAL_RETURN ? KJ_EVAL_USE_RETURN : KJ_EVAL_USE_FINALISE;
		int ok = 0;
		if (!t)
			kj_app_eval_refuse(why, KJ_EVAL_F_REFUSED, "the HQ's evaluation is not "
					   "submitted or returned (%s): HQ finalises it", act);
		else if (!kj_authz_eval(actor->user, use, &r))
			kj_app_eval_refuse(why, KJ_EVAL_F_FORBIDDEN, "you may not %s this evaluation", act);
		else if (e->state != t->from)
			kj_app_eval_refuse(why, KJ_EVAL_F_REFUSED, "the evaluation is %s: it must be %s "
					   "to %s", kj_eval_state_name(e->state),
					   kj_eval_state_name(t->from), act);
		else if (t->needs_message && !(message && *message))
			kj_app_eval_refuse(why, KJ_EVAL_F_BAD, "message: say why it is returned");
		else if ((rc = kj_store_eval_bump(st, id, e->revision, &ok, err)) == 0 &&
			 (rc = kj_store_eval_set_state(st, id, t->to, err)) == 0)
			rc = kj_app_eval_record(st, actor, t->name, id, message ? message : "",
						json_pack("{s:s, s:s}", "from", kj_eval_state_name(t->from),
							  "to", kj_eval_state_name(t->to)), err);
	}
	if (rc == 0 || kj_store_in_tx(st))
		rc = kj_app_eval_in_tx(st, rc, why, err);
	free(e);
	return rc;
}

int kj_app_eval_events(struct kj_store *st, const struct kj_eval *e, struct kj_eval_event *out,
		       int max, int *n, struct kj_err *err)
{
	return kj_store_eval_events(st, e->id, out, max, n, err);
}
