/* The permission table: which roles hold which permission. */
#include <string.h>

#include "app/authz.h"

#define R(x) (1u << KJ_ROLE_##x)
#define ALL (R(NCO) | R(MINISTRY) | R(OPERATOR) | R(HQ) | R(SURVEYOR) | \
	     R(CEPTOAR) | R(AUDITOR))

static const struct {
	const char *name;
	unsigned roles;		/* roles that hold it; PUBLIC ignores this */
} perms[KJ_NPERMS] = {
	[KJ_PERM_PUBLIC] = { "public", ALL },
	[KJ_PERM_SIGNED_IN] = { "signed-in", ALL },
	[KJ_PERM_CATALOG_READ] = { "catalog.read", ALL },
	/* HQ and surveyors see aggregates only; CEPTOARs sector aggregates. */
	[KJ_PERM_ORG_READ] = { "org.read", R(NCO) | R(MINISTRY) | R(OPERATOR) | R(AUDITOR) },
	[KJ_PERM_AUDIT_READ] = { "audit.read", R(NCO) | R(AUDITOR) },
	[KJ_PERM_USER_ADMIN] = { "user.admin", R(NCO) },
	[KJ_PERM_REGISTRY_READ] = { "registry.read", R(NCO) | R(MINISTRY) | R(OPERATOR) | R(AUDITOR) },
	[KJ_PERM_REGISTRY_EDIT] = { "registry.edit", R(NCO) | R(MINISTRY) },
	[KJ_PERM_TARGETS_READ] = { "targets.read", R(NCO) | R(MINISTRY) | R(AUDITOR) },
	[KJ_PERM_SAFETY_READ] = { "safety.read", ALL },
	[KJ_PERM_SAFETY_EDIT] = { "safety.edit", R(NCO) | R(MINISTRY) },
	[KJ_PERM_ORG_CONTACT_EDIT] = { "org.contact.edit", R(OPERATOR) },
	[KJ_PERM_SURVEY_READ] = { "survey.read", R(NCO) | R(MINISTRY) | R(SURVEYOR) | R(AUDITOR) },
	[KJ_PERM_SURVEY_ADMIN] = { "survey.admin", R(NCO) | R(MINISTRY) | R(SURVEYOR) },
	[KJ_PERM_SURVEY_ANSWER] = { "survey.answer", R(OPERATOR) },
	[KJ_PERM_SURVEY_REVIEW] = { "survey.review",
				    R(NCO) | R(MINISTRY) | R(SURVEYOR) | R(AUDITOR) },
	[KJ_PERM_ANALYSIS_READ] = { "analysis.read", ALL },
	[KJ_PERM_PLAN_READ] = { "plan.read", R(NCO) | R(MINISTRY) | R(HQ) | R(AUDITOR) },
	[KJ_PERM_PLAN_EDIT] = { "plan.edit", R(NCO) | R(MINISTRY) },
	[KJ_PERM_PLAN_REVIEW] = { "plan.review", R(NCO) },
	[KJ_PERM_ANALYSIS_PUBLISH] = { "analysis.publish", R(NCO) | R(MINISTRY) },
	[KJ_PERM_ONSITE_READ] = { "onsite.read",
				  R(NCO) | R(MINISTRY) | R(SURVEYOR) | R(OPERATOR) | R(AUDITOR) },
	[KJ_PERM_ONSITE_ADMIN] = { "onsite.admin", R(NCO) | R(MINISTRY) | R(SURVEYOR) },
	[KJ_PERM_ONSITE_RECORD] = { "onsite.record", R(NCO) | R(MINISTRY) | R(SURVEYOR) },
	[KJ_PERM_ONSITE_REPLY] = { "onsite.reply", R(OPERATOR) },
	[KJ_PERM_EVAL_READ] = { "eval.read", R(NCO) | R(MINISTRY) | R(HQ) | R(AUDITOR) },
	[KJ_PERM_EVAL_EDIT] = { "eval.edit", R(NCO) | R(MINISTRY) },
	[KJ_PERM_EVAL_HQ] = { "eval.hq", R(HQ) },
	[KJ_PERM_REPORT_READ] = { "report.read", R(NCO) | R(HQ) | R(AUDITOR) },
	[KJ_PERM_REPORT_MAKE] = { "report.make", R(NCO) },
};

const char *kj_perm_name(enum kj_perm p)
{
	return p < KJ_NPERMS ? perms[p].name : "?";
}

int kj_authz_allow(const struct kj_user *user, enum kj_perm perm)
{
	if (perm >= KJ_NPERMS)
		return 0;
	if (perm == KJ_PERM_PUBLIC)
		return 1;
	if (!user || user->disabled || user->role >= KJ_NROLES)
		return 0;
	return (perms[perm].roles & (1u << user->role)) != 0;
}

/* Does ministry user U hold OBJ's SECTOR: the whole sector, or in a shared
 * one (行政サービス) OBJ assigned to its ministry? */
static int ministry_holds(const struct kj_user *u, const struct kj_object *obj,
			  const char *sector)
{
	for (int k = 0; k < u->nsectors; k++) {
		if (strcmp(sector, u->sectors[k]))
			continue;
		if (!u->sector_partial[k])
			return 1;
		for (int m = 0; m < obj->nministries; m++)
			if (!strcmp(obj->ministries[m], u->ministry))
				return 1;
	}
	return 0;
}

int kj_authz_object(const struct kj_user *user, enum kj_perm perm,
		    const struct kj_object *obj)
{
	if (!kj_authz_allow(user, perm))
		return 0;
	switch (user->role) {
	case KJ_ROLE_NCO:
	case KJ_ROLE_AUDITOR:
		return 1;
	case KJ_ROLE_OPERATOR:
		return obj->org_id != 0 && obj->org_id == user->org_id;
	case KJ_ROLE_MINISTRY: {
		/* Reading needs one of the organisation's sectors, changing all. */
		int all = perm == KJ_PERM_REGISTRY_EDIT || perm == KJ_PERM_SAFETY_EDIT;
		if (!user->ministry[0] || obj->nsectors <= 0)
			return 0;
		for (int i = 0; i < obj->nsectors; i++) {
			int mine = ministry_holds(user, obj, obj->sectors[i]);
			if (mine && !all)
				return 1;
			if (!mine && all)
				return 0;
		}
		return all;
	}
	default:
		return 0;
	}
}

/* True if every assignment of A, other than to ministry CODE, is one of B's. */
static int others_in(const struct kj_object *a, const struct kj_object *b,
		     const char *code)
{
	for (int i = 0; i < a->nministries; i++) {
		if (!strcmp(a->ministries[i], code))
			continue;
		int found = 0;
		for (int k = 0; k < b->nministries && !found; k++)
			found = !strcmp(a->ministries[i], b->ministries[k]);
		if (!found)
			return 0;
	}
	return 1;
}

int kj_authz_org_change(const struct kj_user *user, const struct kj_object *before,
			const struct kj_object *after)
{
	if ((before && !kj_authz_object(user, KJ_PERM_REGISTRY_EDIT, before)) ||
	    !kj_authz_object(user, KJ_PERM_REGISTRY_EDIT, after))
		return 0;
	if (user->role != KJ_ROLE_MINISTRY)
		return 1;
	/* A ministry adds or removes its own assignment, never another's. */
	static const struct kj_object none = { 0, NULL, 0, NULL, 0 };
	const struct kj_object *b = before ? before : &none;
	return others_in(b, after, user->ministry) && others_in(after, b, user->ministry);
}

int kj_authz_org_scope_sector(const struct kj_user *user, enum kj_perm perm,
			      const char *sector, kj_sector_code one[1],
			      struct kj_org_scope *sc)
{
	if (!sector || !kj_authz_sector(user, perm, sector) ||
	    kj_strlcpy(one[0], sector, sizeof one[0]) < 0)
		return -1;
	sc->sectors = (const kj_sector_code *)one;
	sc->nsectors = 1;
	return 0;
}

void kj_authz_org_scope(const struct kj_user *user, struct kj_org_scope *sc)
{
	memset(sc, 0, sizeof *sc);
	if (!user || user->disabled) {
		sc->org = -1;
		return;
	}
	switch (user->role) {
	case KJ_ROLE_NCO:
	case KJ_ROLE_AUDITOR:
		return;
	case KJ_ROLE_MINISTRY:
		sc->sectors = (const kj_sector_code *)user->sectors;
		sc->nsectors = user->nsectors;
		sc->ministry = user->ministry;
		if (!user->ministry[0] || !user->nsectors)
			sc->org = -1;
		return;
	case KJ_ROLE_CEPTOAR:
		sc->sectors = (const kj_sector_code *)user->sectors;
		sc->nsectors = user->nsectors;
		if (!user->nsectors)
			sc->org = -1;
		return;
	case KJ_ROLE_OPERATOR:
		sc->org = user->org_id ? user->org_id : -1;
		return;
	default:
		sc->org = -1;
		return;
	}
}

int kj_authz_sector(const struct kj_user *user, enum kj_perm perm,
		    const char *sector)
{
	if (!kj_authz_allow(user, perm))
		return 0;
	switch (user->role) {
	case KJ_ROLE_NCO:
		return 1;
	case KJ_ROLE_AUDITOR:
		/* Reads everything, changes nothing. */
		return perm == KJ_PERM_SAFETY_READ || perm == KJ_PERM_REGISTRY_READ;
	case KJ_ROLE_HQ:
	case KJ_ROLE_SURVEYOR:
	case KJ_ROLE_OPERATOR:
		/* Coverage is about the sector's documents, not about operators. An
		 * operator's own record is reached through kj_authz_object. */
		return perm == KJ_PERM_SAFETY_READ;
	case KJ_ROLE_MINISTRY:
	case KJ_ROLE_CEPTOAR:
		/* A ministry user's sectors are its ministry's, loaded with it. */
		for (int k = 0; k < user->nsectors; k++)
			if (!strcmp(sector, user->sectors[k]))
				return 1;
		return perm == KJ_PERM_SAFETY_READ;	/* coverage is not confidential */
	default:
		return 0;
	}
}

int kj_authz_survey_admin(const struct kj_user *user, const char *owner_kind,
			  const char *owner_ministry, const char *const *sectors, int nsectors)
{
	if (!user)
		return 1;	/* the command line: the NCO's operator */
	if (user->disabled)
		return 0;
	switch (user->role) {
	case KJ_ROLE_NCO:
		return 1;
	case KJ_ROLE_SURVEYOR:
		/* Acts for the NCO: the campaigns it owns as surveyor. */
		return !strcmp(owner_kind, "surveyor");
	case KJ_ROLE_MINISTRY:
		/* Its own survey, of sectors its ministry holds. */
		if (strcmp(owner_kind, "ministry") || !owner_ministry ||
		    strcmp(owner_ministry, user->ministry))
			return 0;
		for (int i = 0; i < nsectors; i++) {
			int held = 0;
			for (int k = 0; k < user->nsectors && !held; k++)
				held = !strcmp(sectors[i], user->sectors[k]);
			if (!held)
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

int kj_authz_response(const struct kj_user *user, enum kj_response_act act,
		      const struct kj_response_ref *r)
{
	if (!user)
		return 1;	/* the command line: the NCO's operator */
	if (user->disabled || r->org <= 0)
		return 0;
	int reviews = act == KJ_RESPONSE_READ || act == KJ_RESPONSE_RETURN;
	switch (user->role) {
	case KJ_ROLE_OPERATOR:
		if (!kj_authz_allow(user, KJ_PERM_SURVEY_ANSWER) || user->org_id != r->org ||
		    act == KJ_RESPONSE_RETURN)
			return 0;
		if (act == KJ_RESPONSE_SUBMIT || act == KJ_RESPONSE_ASSIGN)
			return r->lead == 0 || r->lead == user->id;
		return 1;
	case KJ_ROLE_NCO:
		return reviews;
	case KJ_ROLE_AUDITOR:
		return act == KJ_RESPONSE_READ;
	case KJ_ROLE_SURVEYOR:
		return reviews && r->owner_kind && !strcmp(r->owner_kind, "surveyor");
	case KJ_ROLE_MINISTRY:
		if (!reviews || !user->ministry[0])
			return 0;
		if (r->owner_kind && !strcmp(r->owner_kind, "ministry") && r->owner_ministry &&
		    !strcmp(r->owner_ministry, user->ministry))
			return 1;
		return r->obj && kj_authz_object(user, KJ_PERM_SURVEY_REVIEW, r->obj);
	default:
		return 0;
	}
}

/* Does ministry user U's ministry hold SECTOR (whole or in part)? */
static int user_has_sector(const struct kj_user *u, const char *sector)
{
	for (int k = 0; k < u->nsectors; k++)
		if (!strcmp(sector, u->sectors[k]))
			return 1;
	return 0;
}

int kj_authz_survey_read(const struct kj_user *user, const char *owner_kind,
			 const char *const *sectors, int nsectors)
{
	if (!user)
		return 1;	/* the command line */
	if (!kj_authz_allow(user, KJ_PERM_SURVEY_READ))
		return 0;
	switch (user->role) {
	case KJ_ROLE_NCO:
	case KJ_ROLE_AUDITOR:
		return 1;
	case KJ_ROLE_SURVEYOR:
		return owner_kind && !strcmp(owner_kind, "surveyor");
	case KJ_ROLE_MINISTRY:
		if (!user->ministry[0])
			return 0;
		for (int i = 0; i < nsectors; i++)
			if (user_has_sector(user, sectors[i]))
				return 1;
		return 0;
	default:
		return 0;
	}
}

void kj_authz_survey_sectors(const struct kj_user *user, const char *const *sectors,
			     int nsectors, int *all, kj_sector_code *whole, int *nwhole,
			     kj_sector_code *partial, int *npartial)
{
	*all = 0;
	*nwhole = *npartial = 0;
	if (!user || (!user->disabled && user->role != KJ_ROLE_MINISTRY &&
		      kj_authz_allow(user, KJ_PERM_SURVEY_READ))) {
		*all = 1;
		return;
	}
	if (user->disabled || user->role != KJ_ROLE_MINISTRY || !user->ministry[0])
		return;
	for (int i = 0; i < nsectors; i++)
		for (int k = 0; k < user->nsectors; k++) {
			if (strcmp(sectors[i], user->sectors[k]))
				continue;
			if (!user->sector_partial[k] && *nwhole < KJ_USER_SECTORS_MAX)
				kj_strlcpy(whole[(*nwhole)++], sectors[i], sizeof whole[0]);
			else if (user->sector_partial[k] && *npartial < KJ_USER_SECTORS_MAX)
				kj_strlcpy(partial[(*npartial)++], sectors[i], sizeof partial[0]);
			break;
		}
}

enum kj_analysis_access kj_authz_analysis(const struct kj_user *user, const char *sector)
{
	if (!user)
		return KJ_ANALYSIS_OPERATOR;
	if (!kj_authz_allow(user, KJ_PERM_ANALYSIS_READ))
		return KJ_ANALYSIS_NONE;
	switch (user->role) {
	case KJ_ROLE_NCO:
	case KJ_ROLE_AUDITOR:
		return KJ_ANALYSIS_OPERATOR;
	case KJ_ROLE_MINISTRY:
		/* In a sector held in part (行政サービス) its share is not a
		 * sector's figure: aggregates there, as for the others. */
		for (int k = 0; k < user->nsectors; k++)
			if (sector && !strcmp(sector, user->sectors[k]) && !user->sector_partial[k])
				return KJ_ANALYSIS_OPERATOR;
		return KJ_ANALYSIS_AGGREGATE;
	default:
		return KJ_ANALYSIS_AGGREGATE;
	}
}

int kj_authz_benchmark(const struct kj_user *user, const struct kj_object *obj)
{
	if (!user)
		return 1;
	if (obj->org_id == 0)
		return 0;
	/* Its own users, a ministry of one of its sectors, the NCO and
	 * auditors: kj_authz_object's reach for reading. */
	return kj_authz_object(user, KJ_PERM_ANALYSIS_READ, obj);
}

/* Is USER the owner of plan R: the NCO of the cross-sector plan, a ministry
 * of its own plan of one of its sectors? */
static int plan_owner(const struct kj_user *user, const struct kj_plan_ref *r)
{
	if (!kj_authz_allow(user, KJ_PERM_PLAN_EDIT))
		return 0;
	if (r->cross)
		return user->role == KJ_ROLE_NCO;
	if (user->role != KJ_ROLE_MINISTRY || !user->ministry[0] || !r->ministry ||
	    strcmp(r->ministry, user->ministry) || !r->sector)
		return 0;
	return user_has_sector(user, r->sector);
}

int kj_authz_plan(const struct kj_user *user, enum kj_plan_use use, const struct kj_plan_ref *r)
{
	if (!user)
		return 1;	/* the command line: the NCO's operator */
	switch (use) {
	case KJ_PLAN_USE_READ:
		if (!kj_authz_allow(user, KJ_PERM_PLAN_READ))
			return 0;
		switch (user->role) {
		case KJ_ROLE_NCO:
		case KJ_ROLE_AUDITOR:
			return 1;
		case KJ_ROLE_MINISTRY:
			return !r->cross && r->ministry && user->ministry[0] &&
			       !strcmp(r->ministry, user->ministry);
		case KJ_ROLE_HQ:
			return r->state == KJ_PLAN_REPORTED;
		default:
			return 0;
		}
	case KJ_PLAN_USE_OWN:
		return plan_owner(user, r);
	case KJ_PLAN_USE_SUBMIT:
	case KJ_PLAN_USE_RETURN:
	case KJ_PLAN_USE_REPORT: {
		enum kj_plan_act act = use == KJ_PLAN_USE_SUBMIT ? KJ_PLAN_SUBMIT
			: use == KJ_PLAN_USE_RETURN ? KJ_PLAN_RETURN : KJ_PLAN_REPORT;
		if (kj_plan_transition(act)->by == KJ_PLAN_BY_OWNER)
			return plan_owner(user, r);
		return kj_authz_allow(user, KJ_PERM_PLAN_REVIEW);
	}
	default:
		return 0;
	}
}

int kj_authz_analysis_publish(const struct kj_user *user, const char *sector)
{
	if (!user)
		return 1;
	if (!kj_authz_allow(user, KJ_PERM_ANALYSIS_PUBLISH) || !sector)
		return 0;
	if (user->role == KJ_ROLE_NCO)
		return 1;
	if (user->role != KJ_ROLE_MINISTRY || !user->ministry[0])
		return 0;
	for (int k = 0; k < user->nsectors; k++)
		if (!strcmp(sector, user->sectors[k]) && !user->sector_partial[k])
			return 1;
	return 0;
}

enum kj_snapshot_access kj_authz_snapshot(const struct kj_user *user, const char *sector,
					  int respondent)
{
	if (!user)
		return KJ_SNAPSHOT_LOG;
	if (!kj_authz_allow(user, KJ_PERM_ANALYSIS_READ) || !sector)
		return KJ_SNAPSHOT_NONE;
	switch (user->role) {
	case KJ_ROLE_NCO:
	case KJ_ROLE_AUDITOR:
		return KJ_SNAPSHOT_LOG;
	case KJ_ROLE_MINISTRY:
		return user->ministry[0] && user_has_sector(user, sector) ? KJ_SNAPSHOT_LOG
									 : KJ_SNAPSHOT_NONE;
	case KJ_ROLE_CEPTOAR:
		for (int k = 0; k < user->nsectors; k++)
			if (!strcmp(sector, user->sectors[k]))
				return KJ_SNAPSHOT_READ;
		return KJ_SNAPSHOT_NONE;
	case KJ_ROLE_OPERATOR:
		return user->org_id && respondent ? KJ_SNAPSHOT_READ : KJ_SNAPSHOT_NONE;
	default:
		return KJ_SNAPSHOT_NONE;
	}
}

/* Does ministry user U hold the visited operator of R? */
static int visit_in_sectors(const struct kj_user *u, const struct kj_visit_ref *r)
{
	return r->obj && kj_authz_object(u, KJ_PERM_ONSITE_READ, r->obj);
}

int kj_authz_visit(const struct kj_user *user, enum kj_visit_act act,
		   const struct kj_visit_ref *r)
{
	static const enum kj_perm need[] = {
		[KJ_VISIT_READ] = KJ_PERM_ONSITE_READ, [KJ_VISIT_RECORD] = KJ_PERM_ONSITE_RECORD,
		[KJ_VISIT_ADMIN] = KJ_PERM_ONSITE_ADMIN, [KJ_VISIT_REPLY] = KJ_PERM_ONSITE_REPLY,
	};
	if (!user)
		return 1;	/* the command line */
	if ((unsigned)act > KJ_VISIT_REPLY || !kj_authz_allow(user, need[act]))
		return 0;
	if (user->role == KJ_ROLE_OPERATOR)
		return r->issued && r->org && r->org == user->org_id &&
		       (act == KJ_VISIT_READ || act == KJ_VISIT_REPLY);
	if (act == KJ_VISIT_ADMIN)
		return kj_authz_survey_admin(user, r->owner_kind, r->owner_ministry, r->sectors,
					     r->nsectors) &&
		       (user->role != KJ_ROLE_MINISTRY || visit_in_sectors(user, r));
	switch (user->role) {
	case KJ_ROLE_NCO:
		return 1;
	case KJ_ROLE_AUDITOR:
		return act == KJ_VISIT_READ;
	case KJ_ROLE_MINISTRY:
		if (act == KJ_VISIT_RECORD)
			return r->inspector && visit_in_sectors(user, r);
		return r->inspector || visit_in_sectors(user, r);
	case KJ_ROLE_SURVEYOR:
		if (act == KJ_VISIT_RECORD)
			return r->inspector;
		return r->inspector || !strcmp(r->owner_kind, "surveyor");
	default:
		return 0;
	}
}

/* On-site surveys (issue 15): the survey level (its selection). */
int kj_authz_onsite_admin(const struct kj_user *user, const char *owner_kind,
			  const char *owner_ministry, const char *const *sectors, int nsectors)
{
	if (user && !kj_authz_allow(user, KJ_PERM_ONSITE_ADMIN))
		return 0;
	return kj_authz_survey_admin(user, owner_kind, owner_ministry, sectors, nsectors);
}

int kj_authz_onsite_read(const struct kj_user *user, const char *owner_kind,
			 const char *owner_ministry, const char *const *sectors, int nsectors)
{
	if (!user)
		return 1;	/* the command line */
	if (!kj_authz_allow(user, KJ_PERM_ONSITE_READ))
		return 0;
	switch (user->role) {
	case KJ_ROLE_NCO:
	case KJ_ROLE_AUDITOR:
		return 1;
	case KJ_ROLE_SURVEYOR:
		return owner_kind && !strcmp(owner_kind, "surveyor");
	case KJ_ROLE_MINISTRY:
		if (!user->ministry[0])
			return 0;
		if (owner_kind && !strcmp(owner_kind, "ministry") && owner_ministry &&
		    !strcmp(owner_ministry, user->ministry))
			return 1;
		for (int i = 0; i < nsectors; i++)
			if (user_has_sector(user, sectors[i]))
				return 1;
		return 0;
	default:
		return 0;
	}
}

int kj_authz_analysis_live(const struct kj_user *user)
{
	if (!user)
		return 1;
	return kj_authz_allow(user, KJ_PERM_ANALYSIS_READ) && user->role != KJ_ROLE_CEPTOAR;
}

/* Is USER the owner of evaluation R (kj_authz_eval)? */
static int eval_owner(const struct kj_user *user, const struct kj_eval_ref *r)
{
	switch (r->scope) {
	case KJ_EVAL_HQ:
		return kj_authz_allow(user, KJ_PERM_EVAL_HQ);
	case KJ_EVAL_CROSS:
		return kj_authz_allow(user, KJ_PERM_EVAL_EDIT) && user->role == KJ_ROLE_NCO;
	case KJ_EVAL_SECTOR:
		return kj_authz_allow(user, KJ_PERM_EVAL_EDIT) && user->role == KJ_ROLE_MINISTRY &&
		       user->ministry[0] && r->ministry && r->sector &&
		       !strcmp(r->ministry, user->ministry) && user_has_sector(user, r->sector);
	default:
		return 0;
	}
}

int kj_authz_eval(const struct kj_user *user, enum kj_eval_use use, const struct kj_eval_ref *r)
{
	if (!user)
		return 1;	/* the command line */
	switch (use) {
	case KJ_EVAL_USE_READ:
		if (!kj_authz_allow(user, KJ_PERM_EVAL_READ))
			return 0;
		switch (user->role) {
		case KJ_ROLE_NCO:
		case KJ_ROLE_AUDITOR:
			return 1;
		case KJ_ROLE_MINISTRY:
			if (r->scope == KJ_EVAL_HQ)
				return r->state == KJ_EVAL_FINAL;
			return r->scope == KJ_EVAL_SECTOR && r->ministry && user->ministry[0] &&
			       !strcmp(r->ministry, user->ministry);
		case KJ_ROLE_HQ:
			return r->scope == KJ_EVAL_HQ || r->state != KJ_EVAL_DRAFT;
		default:
			return 0;
		}
	case KJ_EVAL_USE_OWN:
		return eval_owner(user, r);
	case KJ_EVAL_USE_SUBMIT:
	case KJ_EVAL_USE_RETURN:
	case KJ_EVAL_USE_FINALISE: {
		enum kj_eval_act act = use == KJ_EVAL_USE_SUBMIT ? KJ_EVAL_SUBMIT
			: use == KJ_EVAL_USE_RETURN ? KJ_EVAL_RETURN : KJ_EVAL_FINALISE;
		const struct kj_eval_transition *t = kj_eval_transition(r->scope, act);
		if (!t)
			return 0;
		if (t->by == KJ_EVAL_BY_OWNER)
			return eval_owner(user, r);
		if (t->by == KJ_EVAL_BY_HQ)
			return kj_authz_allow(user, KJ_PERM_EVAL_HQ);
		return kj_authz_allow(user, KJ_PERM_EVAL_EDIT) && user->role == KJ_ROLE_NCO;
	}
	default:
		return 0;
	}
}

int kj_authz_other(const struct kj_user *user, enum kj_other_act act, int owner, int respondent)
{
	if (!user)
		return 1;
	if (user->disabled)
		return 0;
	switch (act) {
	case KJ_OTHER_READ:
		return owner || respondent;
	case KJ_OTHER_EDIT:
		return respondent;
	case KJ_OTHER_RETURN:
		return owner;
	}
	return 0;
}
