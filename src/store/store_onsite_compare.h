/*
 * The reads of self-reported against verified (issue 15): the items of the
 * issued visits of a fiscal year's on-site surveys (migration 21), and the
 * sectors each visited operator is counted in. The on-site surveys of a
 * year are those of kind 'onsite' that are not drafts, asking the standard
 * version of the first of them; a visit counts once its report is issued
 * (state 'issued'). Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_ONSITE_COMPARE_H
#define KJ_STORE_STORE_ONSITE_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* The standard version (its id and name into VERSION of N bytes) that FY's
 * on-site surveys ask, and how many there are (*NSURVEYS 0: none). */
int kj_store_onsite_cmp_version(struct kj_store *st, int fy, int64_t *version_id, char *version,
				size_t n, int *nsurveys, struct kj_err *err);

/* The latest fiscal year up to UPTO with an on-site survey that is not a
 * draft into *FY; 0 when none. */
int kj_store_onsite_cmp_latest_fy(struct kj_store *st, int upto, int *fy, struct kj_err *err);

/* One item: organisation ORG's requirement REQ (its code), SELF and
 * VERIFIED levels (0..4, -1 N/A, -2 none). Ordered by organisation. A
 * non-zero answer of the callback stops the read. */
typedef int (*kj_onsite_cmp_item_fn)(void *ctx, int64_t org, const char *req, int self,
				     int verified);
int kj_store_onsite_cmp_items(struct kj_store *st, int fy, int64_t version_id,
			      kj_onsite_cmp_item_fn fn, void *ctx, struct kj_err *err);

/* One visited organisation ORG (NAME) counted in SECTOR: each of its
 * sectors in the scope of a survey that visited it. Ordered by organisation. */
typedef int (*kj_onsite_cmp_org_fn)(void *ctx, int64_t org, const char *name,
				    const char *sector);
int kj_store_onsite_cmp_orgs(struct kj_store *st, int fy, int64_t version_id,
			     kj_onsite_cmp_org_fn fn, void *ctx, struct kj_err *err);

#endif
