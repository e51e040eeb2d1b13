/*
 * Authorisation, decided in one place from (user, permission, object).
 * Every route names the permission it needs in the route table; handlers
 * that reach a tenant's object (an organisation and what belongs to it)
 * ask kj_authz_object() before reading it. Tests cover the whole matrix.
 */
#ifndef KJ_APP_AUTHZ_H
#define KJ_APP_AUTHZ_H

#include <stdint.h>

#include "model/evaluation.h"
#include "model/plan.h"
#include "model/user.h"
#include "store/store_org_list.h"

enum kj_perm {
	KJ_PERM_PUBLIC,		/* anyone, signed in or not */
	KJ_PERM_SIGNED_IN,	/* any signed-in user (own account, home) */
	KJ_PERM_CATALOG_READ,	/* the standard: every role */
	KJ_PERM_ORG_READ,	/* an organisation's record: see kj_authz_object */
	KJ_PERM_AUDIT_READ,	/* the audit trail: nco, auditor */
	KJ_PERM_USER_ADMIN,	/* manage users: nco */
	KJ_PERM_REGISTRY_READ,	/* the operator registry: nco, ministry, auditor (operators:
				 * their own record only, see kj_authz_object) */
	KJ_PERM_REGISTRY_EDIT,	/* edit, import, targets: nco; ministry for its sectors */
	KJ_PERM_TARGETS_READ,	/* a sector's yearly targets: nco, ministry, auditor */
	KJ_PERM_SAFETY_READ,	/* safety standards and coverage: every role */
	KJ_PERM_SAFETY_EDIT,	/* documents, clauses, mapping: nco; ministry for its sectors */
	KJ_PERM_ORG_CONTACT_EDIT, /* its own security contact: operator (kj_authz_object) */
	KJ_PERM_SURVEY_READ,	/* survey campaigns and their progress: nco, ministry, surveyor,
				 * auditor (which ones: kj_authz_survey_read) */
	KJ_PERM_SURVEY_ADMIN,	/* create, open, close, extend: nco, ministry, surveyor
				 * (which ones: kj_authz_survey_admin) */
	KJ_PERM_SURVEY_ANSWER,	/* answer its own organisation's surveys: operator */
	KJ_PERM_SURVEY_REVIEW,	/* read single responses and return them: nco, ministry,
				 * surveyor, auditor (reads only; kj_authz_response) */
	KJ_PERM_ANALYSIS_READ,	/* the analysis views: every role (how much: kj_authz_analysis) */
	KJ_PERM_PLAN_READ,	/* implementation plans: nco, ministry, hq, auditor (which ones:
				 * kj_authz_plan) */
	KJ_PERM_PLAN_EDIT,	/* create, edit, submit plans: nco, ministry (kj_authz_plan) */
	KJ_PERM_PLAN_REVIEW,	/* return a submitted plan or report it to HQ: nco */
	KJ_PERM_ANALYSIS_PUBLISH, /* publish a sector's analysis: nco; ministry for the sectors
				   * it holds whole (kj_authz_analysis_publish) */
	KJ_PERM_ONSITE_READ,	/* on-site surveys: nco, auditor all; ministry its sectors';
				 * surveyor those it owns or inspects; operator its own
				 * issued findings (which ones: kj_authz_onsite*) */
	KJ_PERM_ONSITE_ADMIN,	/* create, select, approve, plan visits, issue reports: nco,
				 * ministry, surveyor (as kj_authz_survey_admin) */
	KJ_PERM_ONSITE_RECORD,	/* record verified levels in a visit assigned: nco, ministry,
				 * surveyor */
	KJ_PERM_ONSITE_REPLY,	/* answer its own findings with corrective actions: operator */
	KJ_PERM_EVAL_READ,	/* evaluations and the PDCA board: nco, ministry, hq, auditor */
	KJ_PERM_EVAL_EDIT,	/* draft and submit evaluations: nco (cross-sector), ministry
				 * (its sectors) */
	KJ_PERM_EVAL_HQ,	/* the HQ evaluation, its findings and recommendations: hq */
	KJ_PERM_REPORT_READ,	/* the annual report: nco, hq, auditor */
	KJ_PERM_REPORT_MAKE,	/* freeze the figures and make the annual report: nco */
	KJ_NPERMS
};

/* The object a request touches, when it belongs to a tenant. */
struct kj_object {
	int64_t org_id;		/* 0: none */
	const kj_sector_code *sectors;	/* the organisation's sectors */
	int nsectors;
	const char (*ministries)[16];	/* the ministries it is assigned to */
	int nministries;
};

/* May USER (NULL: anonymous) use a route that needs PERM? */
int kj_authz_allow(const struct kj_user *user, enum kj_perm perm);
/* May USER read (or, under an edit permission, change) OBJ? Operators: only
 * their own organisation, for reading; a ministry: organisations in a sector
 * its ministry holds whole, and in a sector it holds in part (行政サービス)
 * those assigned to it; to change one, every sector of it must be so; nco
 * and auditor: all (the auditor holds no edit permission); others (HQ,
 * surveyors, CEPTOARs see aggregates only): none. */
int kj_authz_object(const struct kj_user *user, enum kj_perm perm,
		    const struct kj_object *obj);
const char *kj_perm_name(enum kj_perm p);
/* May USER act under PERM on SECTOR? nco: any; ministry: its ministry's
 * sectors (within one it holds in part, only on the organisations assigned
 * to it: see kj_authz_object and kj_authz_org_scope); CEPTOAR: its sectors
 * for reading; auditor: any for reading. */
int kj_authz_sector(const struct kj_user *user, enum kj_perm perm,
		    const char *sector);
/*
 * May USER change an organisation from BEFORE (NULL: a new one) to AFTER?
 * Both must be in the user's reach for registry.edit (kj_authz_object: a
 * ministry must hold every one of their sectors, and in a shared sector be
 * assigned); a ministry may add or remove its own assignment only.
 */
int kj_authz_org_change(const struct kj_user *user, const struct kj_object *before,
			const struct kj_object *after);
/*
 * The organisations USER may list, as a scope for kj_store_org_list: nco and
 * auditor all; a ministry its ministry's part of its sectors; a CEPTOAR its
 * sectors; an operator its own organisation; anyone else none. A caller may
 * then narrow SC->sectors to one sector that kj_authz_sector allows.
 */
void kj_authz_org_scope(const struct kj_user *user, struct kj_org_scope *sc);
/*
 * Narrows SC (from kj_authz_org_scope) to SECTOR, copied into ONE, which
 * must outlive SC's use. Returns 0, or -1 when USER may not act under PERM
 * on SECTOR or SECTOR is no sector code (answer 404: it is not there for
 * this user).
 */
int kj_authz_org_scope_sector(const struct kj_user *user, enum kj_perm perm,
			      const char *sector, kj_sector_code one[1],
			      struct kj_org_scope *sc);

/*
 * May USER create or run (open, close, extend) a survey campaign owned by
 * OWNER_KIND ("nco", "ministry" with OWNER_MINISTRY, "surveyor") of the
 * scope SECTORS? The command line (USER NULL) and the NCO: any; the
 * surveyor: those it owns; a ministry user: its ministry's own, of sectors
 * the ministry holds.
 */
int kj_authz_survey_admin(const struct kj_user *user, const char *owner_kind,
			  const char *owner_ministry, const char *const *sectors, int nsectors);

/* What is done to an operator's response to a survey (kj_authz_response). */
enum kj_response_act {
	KJ_RESPONSE_READ,	/* read it whole, its versions and changes */
	KJ_RESPONSE_EDIT,	/* save answers, start it */
	KJ_RESPONSE_SUBMIT,	/* submit it (the lead, or anyone of it while there is none) */
	KJ_RESPONSE_ASSIGN,	/* assign items, name the lead (the same) */
	KJ_RESPONSE_RETURN,	/* return it for correction */
};
/* The response asked about: its organisation, and (for the roles that reach
 * it through its sectors) the organisation's sectors and ministries. */
struct kj_response_ref {
	int64_t org;
	const struct kj_object *obj;	/* NULL: not loaded (only operators and the CLI) */
	const char *owner_kind;		/* the survey's owner: nco, ministry, surveyor */
	const char *owner_ministry;
	int64_t lead;			/* the response's lead user; 0: none */
};
/*
 * May USER (NULL: the command line, which may do everything) do ACT to the
 * response R? An operator's users read, edit, submit and assign their own
 * organisation's (submit and assign: the lead, or any of them while there
 * is none); a ministry reads and returns those of operators in its sectors
 * (kj_authz_object under survey.review) and of its own surveys; the NCO
 * reads and returns any, a surveyor those of the surveys it owns; the
 * auditor reads any; HQ and CEPTOARs none. Nobody but the operator edits.
 */
int kj_authz_response(const struct kj_user *user, enum kj_response_act act,
		      const struct kj_response_ref *r);
/*
 * May USER see the survey campaign owned by OWNER_KIND of the scope SECTORS
 * and its progress? The command line (USER NULL), the NCO and auditors:
 * any; a ministry user: those whose scope has one of its ministry's
 * sectors (its figures only for those, kj_authz_survey_sectors); the
 * surveyor: those it owns; anyone else (operators reach their own surveys
 * through survey.answer): none.
 */
int kj_authz_survey_read(const struct kj_user *user, const char *owner_kind,
			 const char *const *sectors, int nsectors);
/*
 * Of the scope SECTORS of a survey USER may read, those whose figures USER
 * sees: every one (*ALL 1) for the command line, the NCO, auditors and the
 * surveyor; for a ministry user those its ministry holds whole, copied into
 * WHOLE, and those it holds in part (行政サービス: in the chase list only
 * the operators assigned to it), into PARTIAL; each at most
 * KJ_USER_SECTORS_MAX.
 */
void kj_authz_survey_sectors(const struct kj_user *user, const char *const *sectors,
			     int nsectors, int *all, kj_sector_code *whole, int *nwhole,
			     kj_sector_code *partial, int *npartial);

/* How a reader sees the analysis of one sector (kj_authz_analysis). */
enum kj_analysis_access {
	KJ_ANALYSIS_NONE,	/* not at all */
	KJ_ANALYSIS_AGGREGATE,	/* aggregates over at least KJ_ANALYSIS_K operators only */
	KJ_ANALYSIS_OPERATOR,	/* every figure, however few operators it counts */
};
/*
 * How USER (NULL: the command line) sees the analysis figures of SECTOR:
 * the command line, the NCO and auditors every figure of every sector; a
 * ministry user every figure of the sectors its ministry holds whole and
 * aggregates of the others (the national figures among them); operators,
 * CEPTOARs, HQ and surveyors aggregates only. A disabled user: none.
 */
enum kj_analysis_access kj_authz_analysis(const struct kj_user *user, const char *sector);

/*
 * May USER (NULL: the command line) see the benchmark of organisation OBJ
 * (its own levels against its sector and the nation)? Its own users, a
 * ministry holding one of its sectors (in a sector held in part, when it is
 * assigned to the ministry), the NCO and auditors; nobody else.
 */
int kj_authz_benchmark(const struct kj_user *user, const struct kj_object *obj);

/* What is done to an implementation plan (kj_authz_plan). */
enum kj_plan_use {
	KJ_PLAN_USE_READ,	/* see it, its events and diffs */
	KJ_PLAN_USE_OWN,	/* create it, edit it while a draft, copy it forward */
	KJ_PLAN_USE_SUBMIT,	/* the transitions of model/plan.h, by their party */
	KJ_PLAN_USE_RETURN,
	KJ_PLAN_USE_REPORT,
};
/* The plan asked about: the cross-sector plan, or a sector's of a ministry. */
struct kj_plan_ref {
	int cross;
	const char *sector;
	const char *ministry;
	enum kj_plan_state state;
};
/*
 * May USER (NULL: the command line, which acts as the NCO) do USE to plan R?
 * Reading: the NCO and auditors every plan; a ministry its own ministry's
 * plans; HQ the plans reported to it; nobody else. Owning (create, edit,
 * submit): a ministry the plans of its sectors under its own name; the NCO
 * the cross-sector plan. Returning and reporting: the NCO. The state a
 * transition needs is the use case's check (model/plan.h), not this one's.
 */
int kj_authz_plan(const struct kj_user *user, enum kj_plan_use use, const struct kj_plan_ref *r);

/*
 * May USER (NULL: the command line) publish SECTOR's analysis to its
 * CEPTOAR and operators? The command line and the NCO: any sector; a
 * ministry user: a sector its ministry holds whole (its figures of a sector
 * held in part are no sector's); anyone else: no.
 */
int kj_authz_analysis_publish(const struct kj_user *user, const char *sector);
/* How a reader sees a published snapshot of the analysis (kj_authz_snapshot). */
enum kj_snapshot_access {
	KJ_SNAPSHOT_NONE,	/* not at all: it is not there for this reader */
	KJ_SNAPSHOT_READ,	/* its tables, charts and files */
	KJ_SNAPSHOT_LOG,	/* and the log of its suppressions */
};
/*
 * How USER (NULL: the command line) sees a published snapshot of SECTOR;
 * RESPONDENT is 1 when USER's organisation is a respondent of the
 * snapshot's survey in SECTOR. The command line, the NCO and auditors:
 * every snapshot with its log; a ministry user: those of the sectors its
 * ministry holds, with the log; a CEPTOAR: those of its sectors; an
 * operator: those of a sector and survey it was asked to answer; HQ,
 * surveyors and a disabled user: none.
 */
enum kj_snapshot_access kj_authz_snapshot(const struct kj_user *user, const char *sector,
					  int respondent);

/* What is done to an on-site visit (kj_authz_visit, issue 15). */
enum kj_visit_act {
	KJ_VISIT_READ,		/* see it, its items and replies */
	KJ_VISIT_RECORD,	/* record verified levels, findings, evidence */
	KJ_VISIT_ADMIN,		/* plan it, issue its report (the survey's owner) */
	KJ_VISIT_REPLY,		/* answer its findings (the operator, once issued) */
};
/* The visit asked about. */
struct kj_visit_ref {
	int64_t org;				/* the operator visited */
	const struct kj_object *obj;		/* its sectors and ministries (NULL: not loaded) */
	int inspector;				/* 1: USER is one of its inspectors */
	int issued;				/* 1: its report is issued */
	const char *owner_kind, *owner_ministry;	/* the on-site survey's owner */
	const char *const *sectors;		/* the survey's scope */
	int nsectors;
};
/*
 * May USER (NULL: the command line, which may do everything) do ACT to the
 * visit R? Reading: the NCO and auditors every visit; a ministry the visits
 * of operators in its sectors (kj_authz_object) and those it inspects; a
 * surveyor those it inspects or whose survey it owns; an operator's users
 * their own organisation's once issued. Recording: the NCO any; a ministry
 * or surveyor user only the visits assigned to it (a ministry's also in its
 * sectors). Planning and issuing: the survey's owner (kj_authz_survey_admin;
 * a ministry also holding the operator). Replying: the operator's users,
 * once issued. HQ and CEPTOARs: nothing.
 */
int kj_authz_visit(const struct kj_user *user, enum kj_visit_act act,
		   const struct kj_visit_ref *r);

/*
 * On-site surveys (issue 15), at the survey level (the survey, its
 * selection and picks; the visits are kj_authz_onsite_visit*'s). May USER
 * (NULL: the command line, which may do everything) create, select, approve
 * or change the picks of the on-site survey owned by OWNER_KIND
 * (OWNER_MINISTRY) of the scope SECTORS? The same rule as
 * kj_authz_survey_admin, for the holders of onsite.admin.
 */
int kj_authz_onsite_admin(const struct kj_user *user, const char *owner_kind,
			  const char *owner_ministry, const char *const *sectors, int nsectors);
/*
 * May USER see that on-site survey, its selection and picks? The NCO and
 * auditors: any; a ministry user: its ministry's own and those whose scope
 * has one of its sectors; the surveyor: those it owns; anyone else
 * (operators see their own findings through the visits): none.
 */
int kj_authz_onsite_read(const struct kj_user *user, const char *owner_kind,
			 const char *owner_ministry, const char *const *sectors, int nsectors);

/*
 * May USER (NULL: the command line) read the live analysis views (national,
 * sector, requirement: their pages, API and files)? Everyone who holds
 * analysis.read but a CEPTOAR secretariat: it receives its sectors'
 * aggregates when a ministry or the NCO publishes them (kj_authz_snapshot),
 * never the figures of the moment (issue 13: "when it decides to").
 */
int kj_authz_analysis_live(const struct kj_user *user);

/* What is done to an evaluation (kj_authz_eval). */
enum kj_eval_use {
	KJ_EVAL_USE_READ,	/* see it, its sections, figures, items and events */
	KJ_EVAL_USE_OWN,	/* create it, edit it while a draft (the HQ: its items) */
	KJ_EVAL_USE_SUBMIT,	/* the transitions of model/evaluation.h, by their party */
	KJ_EVAL_USE_RETURN,
	KJ_EVAL_USE_FINALISE,
};
/* The evaluation asked about. */
struct kj_eval_ref {
	enum kj_eval_scope scope;
	const char *sector;		/* a sector evaluation's */
	const char *ministry;		/* its owner ministry */
	enum kj_eval_state state;
};
/*
 * May USER (NULL: the command line, which may do everything) do USE to
 * evaluation R? Reading: the NCO and auditors every one; a ministry its own
 * ministry's and the HQ's once final (its recommendations are addressed to
 * the sectors); HQ the submitted and final ones and its own. Owning: a
 * ministry the evaluations of its sectors under its own name, the NCO the
 * cross-sector one, HQ the HQ's. Submitting: the owner; returning and
 * finalising a sector or cross-sector one: the NCO; finalising the HQ's:
 * HQ. The state a transition needs is the use case's check.
 */
int kj_authz_eval(const struct kj_user *user, enum kj_eval_use use, const struct kj_eval_ref *r);

/* What is done to a response to a survey of kind other (kj_authz_other). */
enum kj_other_act {
	KJ_OTHER_READ,		/* read it, its versions and receipts */
	KJ_OTHER_EDIT,		/* save its answers, submit it */
	KJ_OTHER_RETURN,	/* return it for correction */
};
/*
 * May USER do ACT to a response to a survey of kind other? OWNER: USER
 * owns the survey (kj_authz_survey_admin). RESPONDENT: USER is of the
 * respondent (the operator's users; a ministry respondent's users). The
 * command line (USER NULL): everything. The respondent reads and edits its
 * own; the owner reads and returns every one of its survey; nobody else
 * reads any (neither other ministries nor HQ, CEPTOARs or auditors, who
 * have the audit trail).
 */
int kj_authz_other(const struct kj_user *user, enum kj_other_act act, int owner, int respondent);

#endif
