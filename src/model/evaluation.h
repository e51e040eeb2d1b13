/*
 * Evaluations (評価・改善, §2.3 of the standard): the rules, without
 * storage. Per fiscal year a sector evaluation per ministry and sector (the
 * ministry drafts it), one cross-sector evaluation (the NCO drafts it) and
 * the Strategy HQ's evaluation (scope "hq"), whose findings and
 * recommendations (hq items) are each addressed to a sector or the NCO.
 *
 * Its life is the table of transitions in evaluation.c: a sector or
 * cross-sector evaluation goes draft → submitted (to the NCO) → final, the
 * NCO may return a submitted one to draft with a message and finalises it;
 * the HQ finalises its own evaluation from draft. Who may make a transition
 * is named here as a party; which user is that party is app/authz.c's.
 */
#ifndef KJ_MODEL_EVALUATION_H
#define KJ_MODEL_EVALUATION_H

#include <stddef.h>
#include <stdint.h>

#include "base/limits.h"
#include "model/catalog.h"
#include "model/user.h"

#define KJ_EVAL_BODY_MAX	20000	/* one section's text */
#define KJ_EVAL_CAPTION_MAX	400	/* a figure's caption */
#define KJ_EVAL_REF_MAX		32	/* a figure's reference: a sector code, a requirement id */
#define KJ_EVAL_FIGURES_MAX	24	/* figures of one evaluation */
#define KJ_EVAL_ITEM_MAX	4000	/* a finding's or recommendation's text */
#define KJ_EVAL_ITEMS_MAX	200	/* items of one HQ evaluation */
#define KJ_EVAL_MESSAGE_MAX	2000	/* a return's message */
#define KJ_EVAL_EVENTS_MAX	200	/* events of one evaluation listed */
#define KJ_EVAL_LIST_MAX	500	/* evaluations of one listing */
#define KJ_EVAL_ANSWERS_MAX	40	/* measures listed as answering one recommendation */
#define KJ_EVAL_RECS_MAX	400	/* recommendations of one year listed */
#define KJ_EVAL_ADDRESSEE_MAX	16	/* "nco" or a sector code */

enum kj_eval_state { KJ_EVAL_DRAFT, KJ_EVAL_SUBMITTED, KJ_EVAL_FINAL, KJ_EVAL_NSTATES };
enum kj_eval_scope { KJ_EVAL_SECTOR, KJ_EVAL_CROSS, KJ_EVAL_HQ, KJ_EVAL_NSCOPES };
enum kj_eval_act { KJ_EVAL_SUBMIT, KJ_EVAL_RETURN, KJ_EVAL_FINALISE, KJ_EVAL_NACTS };

enum kj_eval_party {
	KJ_EVAL_BY_OWNER,	/* the ministry of a sector evaluation, the NCO of the cross-sector one */
	KJ_EVAL_BY_NCO,
	KJ_EVAL_BY_HQ,
};

struct kj_eval_transition {
	enum kj_eval_act act;
	const char *name;		/* "submit", "return", "finalise" */
	enum kj_eval_state from, to;
	enum kj_eval_party by;
	int needs_message;		/* a return says why */
};

/* The transition ACT of an evaluation of SCOPE; NULL when there is none
 * (the HQ's evaluation is neither submitted nor returned). */
const struct kj_eval_transition *kj_eval_transition(enum kj_eval_scope scope,
						    enum kj_eval_act act);
int kj_eval_act_parse(const char *s);			/* -1 for a bad name */
const char *kj_eval_act_name(enum kj_eval_act a);
const char *kj_eval_state_name(enum kj_eval_state s);	/* draft, submitted, final */
int kj_eval_state_parse(const char *s);
const char *kj_eval_state_label_ja(enum kj_eval_state s);
const char *kj_eval_scope_name(enum kj_eval_scope s);	/* sector, cross, hq */
int kj_eval_scope_parse(const char *s);

/* The sections: 4 of a sector or cross-sector evaluation, the HQ's summary. */
enum kj_eval_section { KJ_EVAL_MEASURES, KJ_EVAL_SURVEY, KJ_EVAL_GAPS, KJ_EVAL_IMPROVEMENTS,
		       KJ_EVAL_SUMMARY, KJ_EVAL_NSECTIONS };
const char *kj_eval_section_name(enum kj_eval_section s);
int kj_eval_section_parse(const char *s);
const char *kj_eval_section_label_ja(enum kj_eval_section s);
/* 1 if section S belongs to an evaluation of SCOPE. */
int kj_eval_section_of(enum kj_eval_scope scope, enum kj_eval_section s);

/* The figures an evaluation places, drawn from the live analysis views. */
enum kj_eval_fig_kind { KJ_FIG_NATIONAL, KJ_FIG_SECTOR, KJ_FIG_REQUIREMENT, KJ_FIG_COVERAGE,
			KJ_FIG_NKINDS };
const char *kj_eval_fig_kind_name(enum kj_eval_fig_kind k);
int kj_eval_fig_kind_parse(const char *s);
const char *kj_eval_fig_kind_label_ja(enum kj_eval_fig_kind k);
/* Checks REF for a figure of kind K: national and coverage take none (""),
 * sector a sector code, requirement a requirement id; NULL or the reason. */
const char *kj_eval_fig_check_ref(enum kj_eval_fig_kind k, const char *ref);

/* HQ items. */
enum kj_item_kind { KJ_ITEM_FINDING, KJ_ITEM_RECOMMENDATION, KJ_ITEM_NKINDS };
enum kj_item_category { KJ_ITEM_GENERAL, KJ_ITEM_ORGANISATION, KJ_ITEM_BUDGET, KJ_ITEM_NCATS };
const char *kj_item_kind_name(enum kj_item_kind k);
int kj_item_kind_parse(const char *s);
const char *kj_item_kind_label_ja(enum kj_item_kind k);
const char *kj_item_category_name(enum kj_item_category c);
int kj_item_category_parse(const char *s);
const char *kj_item_category_label_ja(enum kj_item_category c);
/* 1 if S is well formed as an addressee: "nco" or a sector code's shape. */
int kj_item_addressee_valid(const char *s);

struct kj_eval_figure {
	enum kj_eval_section section;
	int ord;
	enum kj_eval_fig_kind kind;
	char ref[KJ_EVAL_REF_MAX];
	char caption[KJ_EVAL_CAPTION_MAX];
};

struct kj_eval {
	int64_t id;
	int fy;
	enum kj_eval_scope scope;
	kj_sector_code sector;			/* "" unless a sector evaluation */
	char ministry[KJ_MINISTRY_CODE_MAX];	/* the owner ministry; "" otherwise */
	enum kj_eval_state state;
	int revision;
	char created_at[32], updated_at[32];
	char body[KJ_EVAL_NSECTIONS][KJ_EVAL_BODY_MAX];
	struct kj_eval_figure figures[KJ_EVAL_FIGURES_MAX];
	int nfigures;
};

struct kj_hq_item {
	int64_t id;
	int64_t eval_id;
	int ord;
	enum kj_item_kind kind;
	enum kj_item_category category;
	char addressee[KJ_EVAL_ADDRESSEE_MAX];
	char text[KJ_EVAL_ITEM_MAX];
	char created_at[32];
};

/* The scope key of migration 22: "sector:MINISTRY:SECTOR", "cross", "hq". */
void kj_eval_scope_key(enum kj_eval_scope scope, const char *sector, const char *ministry,
		       char *out, size_t n);

/*
 * The PDCA board's due dates (docs/evaluations.md): each step of fiscal
 * year FY (April FY to March FY + 1) is late when not done by its date.
 */
enum kj_pdca_step { KJ_PDCA_PLAN, KJ_PDCA_TARGETS, KJ_PDCA_SURVEY, KJ_PDCA_ANALYSIS,
		    KJ_PDCA_EVAL, KJ_PDCA_UPDATE, KJ_PDCA_NSTEPS };
struct kj_pdca_due {
	enum kj_pdca_step step;
	const char *name;		/* plan, targets, survey, analysis, evaluation, update */
	int year_offset;		/* 0: FY, 1: FY + 1 */
	int month, day;
};
const struct kj_pdca_due *kj_pdca_due(enum kj_pdca_step step);
/* Step STEP's due date of FY as "YYYY-MM-DD" into OUT (11 bytes). */
void kj_pdca_due_date(enum kj_pdca_step step, int fy, char out[11]);
/* 1 when a step not done and due on DUE ("YYYY-MM-DD") is late on TODAY. */
int kj_pdca_late(const char *due, const char *today, int done);

#endif
