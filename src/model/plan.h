/*
 * Implementation plans (実施計画, §2.1 of the standard): the rules, without
 * storage. A plan is a fiscal year's plan of one sector by its ministry
 * (scope "sector") or the NCO's cross-sector plan (scope "cross"). It holds
 * the implementation structure of §2.1.1 in three sections, and measures
 * under the five categories of §2.1.2, each with a stable key that a copy
 * into the next year keeps (so a diff, and later a recommendation, can
 * follow a measure across years).
 *
 * Its life is the table of transitions below: draft → submitted (to the
 * NCO) → reported (to HQ), and the NCO may return a submitted plan to draft
 * with a message. Who may make a transition is named here as a party (the
 * plan's owner, the NCO); which user is that party is app/authz.c's.
 */
#ifndef KJ_MODEL_PLAN_H
#define KJ_MODEL_PLAN_H

#include <stdint.h>

#include "base/limits.h"
#include "model/catalog.h"
#include "model/user.h"

enum kj_plan_state { KJ_PLAN_DRAFT, KJ_PLAN_SUBMITTED, KJ_PLAN_REPORTED, KJ_PLAN_NSTATES };

/* The state changes of a plan. */
enum kj_plan_act { KJ_PLAN_SUBMIT, KJ_PLAN_RETURN, KJ_PLAN_REPORT, KJ_PLAN_NACTS };

/* Who makes a transition. */
enum kj_plan_party {
	KJ_PLAN_BY_OWNER,	/* the plan's owner: its ministry, or the NCO for the cross-sector plan */
	KJ_PLAN_BY_NCO,		/* the NCO */
};

struct kj_plan_transition {
	enum kj_plan_act act;
	const char *name;		/* "submit", "return", "report" */
	enum kj_plan_state from, to;
	enum kj_plan_party by;
	int needs_message;		/* a return says why */
};

/* The transition of ACT (never NULL for a valid ACT). */
const struct kj_plan_transition *kj_plan_transition(enum kj_plan_act act);
/* The act named S ("submit", "return", "report"), or -1. */
int kj_plan_act_parse(const char *s);
/* "draft", "submitted", "reported"; and back (-1 for a bad name). */
const char *kj_plan_state_name(enum kj_plan_state s);
int kj_plan_state_parse(const char *s);
/* The state's label in Japanese (the UI translates it). */
const char *kj_plan_state_label_ja(enum kj_plan_state s);

/* The sections of the implementation structure (§2.1.1). */
enum kj_plan_section {
	KJ_PLAN_GOV,		/* (1) 政府機関における連携体制 */
	KJ_PLAN_PUBLIC_PRIVATE,	/* (2) 官民の連携体制 */
	KJ_PLAN_ROLES,		/* 各主体の役割 */
	KJ_PLAN_NSECTIONS
};
const char *kj_plan_section_name(enum kj_plan_section s);	/* "gov", "pp", "roles" */
int kj_plan_section_parse(const char *s);
const char *kj_plan_section_label_ja(enum kj_plan_section s);

/* A measure's status: 未着手, 実施中, 完了, 見直し. */
enum kj_measure_status { KJ_MEASURE_TODO, KJ_MEASURE_DOING, KJ_MEASURE_DONE,
			 KJ_MEASURE_REVIEW, KJ_MEASURE_NSTATUS };
const char *kj_measure_status_name(enum kj_measure_status s);	/* todo, doing, done, review */
int kj_measure_status_parse(const char *s);
const char *kj_measure_status_label_ja(enum kj_measure_status s);

#define KJ_PLAN_CATEGORIES 5	/* §2.1.2 (1)-(5) */

struct kj_plan_measure {
	int64_t id;
	char key[KJ_PLAN_KEY_MAX];	/* stable across years: "std-C-N" or "FY-C-K" */
	int category;			/* 1..5 */
	int ord;
	char title[KJ_PLAN_TITLE_MAX];
	char description[KJ_PLAN_FIELD_MAX];
	char kpi[KJ_PLAN_FIELD_MAX];
	char schedule[KJ_PLAN_SHORT_MAX];
	char owner[KJ_PLAN_SHORT_MAX];
	enum kj_measure_status status;
	char progress[KJ_PLAN_FIELD_MAX];
	char reqs[KJ_PLAN_REQS_MAX][KJ_ID_MAX];	/* requirement ids it supports */
	int nreqs;
};

struct kj_plan {
	int64_t id;
	int fy;
	char scope[8];				/* "sector" or "cross" */
	kj_sector_code sector;			/* "" for the cross-sector plan */
	char ministry[KJ_MINISTRY_CODE_MAX];	/* the owner ministry; "" for the NCO */
	int64_t version_id;
	char version[KJ_VERSION_MAX];
	enum kj_plan_state state;
	int revision;				/* moves with every write: optimistic locking */
	int64_t copied_from;			/* 0: prefilled from the standard */
	long targets;				/* frozen target count; -1 until submitted */
	char created_at[32], updated_at[32];
	char body[KJ_PLAN_NSECTIONS][KJ_PLAN_BODY_MAX];
	struct kj_plan_measure measures[KJ_PLAN_MEASURES_MAX];
	int nmeasures;
};

/* 1 if P is the NCO's cross-sector plan. */
int kj_plan_is_cross(const struct kj_plan *p);

/*
 * Checks a measure's fields as typed (any may be NULL: not given, when
 * PARTIAL; else required are title and status). Returns NULL, or the reason
 * in English (the field's name first). Lengths are KJ_PLAN_*_MAX bytes;
 * text must be UTF-8 without control characters other than tab and newline.
 */
const char *kj_plan_check_text(const char *field, const char *s, size_t max, int required);
/*
 * Reads requirement ids separated by commas, spaces or newlines from S into
 * OUT (at most KJ_PLAN_REQS_MAX, none twice, each a well-formed id like
 * "3.2.1-1"); NULL, or the reason.
 */
const char *kj_plan_parse_reqs(const char *s, char out[][KJ_ID_MAX], int *n);
/* 1 if S is a well-formed measure key. */
int kj_plan_key_valid(const char *s);

/* What changed between two plans' measures (the diff, side by side). */
enum kj_plan_change { KJ_PLAN_SAME, KJ_PLAN_ADDED, KJ_PLAN_REMOVED, KJ_PLAN_CHANGED };
enum kj_plan_field {
	KJ_PF_CATEGORY = 1u << 0, KJ_PF_TITLE = 1u << 1, KJ_PF_DESCRIPTION = 1u << 2,
	KJ_PF_KPI = 1u << 3, KJ_PF_SCHEDULE = 1u << 4, KJ_PF_OWNER = 1u << 5,
	KJ_PF_STATUS = 1u << 6, KJ_PF_PROGRESS = 1u << 7, KJ_PF_REQS = 1u << 8,
};
struct kj_plan_diff_row {
	const struct kj_plan_measure *a, *b;	/* NULL: absent from that plan */
	enum kj_plan_change change;
	unsigned fields;			/* KJ_PF_* that differ (CHANGED) */
};
/*
 * Matches A's and B's measures by key: the rows in B's order, then A's
 * measures that B does not have (REMOVED); at most 2 * KJ_PLAN_MEASURES_MAX
 * rows into ROWS, their count returned. *SECTIONS gets a bit (1 << s) per
 * structure section that differs.
 */
int kj_plan_diff(const struct kj_plan *a, const struct kj_plan *b,
		 struct kj_plan_diff_row *rows, unsigned *sections);

#endif
