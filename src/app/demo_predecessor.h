/*
 * The demo's synthetic history of the standard: a fictitious earlier
 * version of the current catalog, linked to it by a crosswalk, so that the
 * demo's earlier fiscal years are answered against the version then in
 * force and every year-over-year figure has to follow the crosswalk.
 */
#ifndef KJ_APP_DEMO_PREDECESSOR_H
#define KJ_APP_DEMO_PREDECESSOR_H

#include "base/limits.h"
#include "base/util.h"
#include "model/catalog.h"
#include "store/store.h"

/* The predecessor's label and the day it took effect (before FY2024). */
#define KJ_DEMO_PREDECESSOR_VERSION	"2023"
#define KJ_DEMO_PREDECESSOR_EFFECTIVE	"2023-10-01"

struct kj_demo_predecessor {
	char version[KJ_VERSION_MAX];	/* KJ_DEMO_PREDECESSOR_VERSION */
	char effective[16];		/* KJ_DEMO_PREDECESSOR_EFFECTIVE */
	int nreqs;			/* requirements of the predecessor */
	int created;			/* 0: it was already in the database */
	/* How the current version follows from it (entries of the crosswalk). */
	int nsame, nreworded, nsplit, nmerged, nnew;
};

/*
 * Stores in ST a synthetic predecessor of CUR, the version in force and
 * the earliest one in ST, titled as a fictitious demo predecessor, and the
 * crosswalk that links it to CUR, through kj_store_catalog_put_predecessor
 * (the import's validation and links), in the caller's transaction if one
 * is open. The predecessor is CUR with deterministic edits: the last
 * requirement of the first two sections with two or more is absent (new in
 * CUR); in the third such section CUR's last two requirements come from one
 * (split); in the fourth CUR's last requirement comes from two (merged,
 * the second one dropped in CUR); the only requirement of the first three
 * one-requirement sections is worded differently (reworded); the rest is
 * the same.
 *
 * On success OUT describes the predecessor: its label, in force from
 * KJ_DEMO_PREDECESSOR_EFFECTIVE, so fiscal years 2024 and 2025 are answered
 * against its requirements (kj_store_requirement_ids(st, OUT->version, ...)
 * and kj_store_survey_add(..., OUT->version, ...)), and FY2026 on against
 * CUR once CUR is in force. Calling it again changes nothing (OUT->created
 * 0). Returns 0, or -1 with ERR set and nothing written.
 */
int kj_demo_predecessor(struct kj_store *st, const struct kj_catalog *cur,
			struct kj_demo_predecessor *out, struct kj_err *err);

#endif
