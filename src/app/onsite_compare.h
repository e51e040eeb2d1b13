/*
 * Self-reported against verified (issue 15, docs/metrics.md "Self-reported
 * against verified"): over the items of the issued on-site visits of a
 * fiscal year, how often the verified level is below, equal to or above
 * the level the operator reported, the mean difference and its
 * distribution, per requirement, operator, sector and nationally, and the
 * requirements most over-reported. Every surface (pages, API, command
 * line) takes its figures from one kj_verified, suppressed as the reader
 * must see them: kj_authz_analysis says which sectors a reader sees whole;
 * in the others a figure over fewer than k operators (k + 1 for an
 * operator whose own visit is counted) is hidden, with secondary
 * suppression so that no total gives it away (model/metrics.h). Other
 * operators' own figures are shown only to those who see their sector
 * whole; an operator sees its own.
 */
#ifndef KJ_APP_ONSITE_COMPARE_H
#define KJ_APP_ONSITE_COMPARE_H

#include <jansson.h>
#include <stdint.h>

#include "app/analysis.h"
#include "model/catalog.h"
#include "model/registry.h"
#include "model/verified.h"
#include "model/user.h"
#include "store/store.h"

/* The most over-reported requirements listed. */
#define KJ_VERIFIED_OVER_MAX 10

/* One figure as its reader sees it: when SUPPRESSED (a kj_sup_rule), none of it. */
struct kj_vfig {
	struct kj_cmp c;
	long operators;		/* operators with at least one item compared */
	unsigned char suppressed;
};

/* A visited operator. */
struct kj_vorg {
	int64_t id;
	char name[KJ_ORG_NAME_MAX + 1];
	int sec[KJ_ORG_SECTORS];	/* indexes of the catalog's sectors */
	int nsec;
	struct kj_vfig f;		/* over all its items */
	int shown;			/* the reader sees it */
};

struct kj_verified {
	int fy;
	char version[KJ_VERSION_MAX];
	int nsurveys;		/* on-site surveys of the year (0: none yet) */
	struct kj_catalog cat;	/* a view of the version's catalog */
	int k;			/* the threshold in force for this reader (k, or k + 1) */
	int ns, nr;
	int sector;		/* the sector view's sector, else -1 */
	unsigned char *open;	/* [ns] the reader sees every figure of it */
	int all_open;
	struct kj_vfig *cell;	/* [ns * nr] per sector and requirement */
	struct kj_vfig *sec;	/* [ns] per sector */
	struct kj_vfig *req;	/* [nr] per requirement, nationally */
	struct kj_vfig nat;
	struct kj_vorg *orgs;	/* [norgs] every visited operator, by id */
	int norgs;
	int own;		/* the reader's own organisation in orgs, or -1 */
	int over[KJ_VERIFIED_OVER_MAX];	/* requirements most over-reported (of the
					 * sector in the sector view, else national) */
	int nover;
};

/*
 * Loads the comparison of fiscal year FY (text, checked here) for USER
 * (NULL: the command line), of sector SECTOR (a code) or nationally
 * (NULL), with the threshold K (0: KJ_ANALYSIS_K; else KJ_ANALYSIS_K_MIN to
 * KJ_ANALYSIS_K_MAX). Returns 0 with V filled (free it with
 * kj_verified_free), 1 with WHY (400 bad input, 404 no such sector or not
 * this reader's), or -1 with ERR. A year without on-site surveys gives
 * empty figures (nsurveys 0), not a refusal.
 */
int kj_verified_load(struct kj_store *st, const struct kj_user *user, const char *fy,
		     const char *sector, int k, struct kj_verified *v,
		     struct kj_analysis_refusal *why, struct kj_err *err);
void kj_verified_free(struct kj_verified *v);
/* The fiscal year shown when none is asked for: the latest with an on-site
 * survey up to CURRENT, else that of the analysis (kj_analysis_default_fy). */
int kj_verified_default_fy(struct kj_store *st, int current, int *fy, struct kj_err *err);

/* Figure F as JSON (a suppressed one: the flag and its rule only). */
json_t *kj_verified_fig_json(const struct kj_vfig *f);
/* The whole view as JSON (docs/api.md). */
json_t *kj_verified_json(const struct kj_verified *v);

#endif
