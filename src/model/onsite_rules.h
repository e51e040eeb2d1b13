/*
 * The rules that choose the operators an on-site survey visits (issue 15,
 * 実地調査), apart from the store: their JSON (parsed, validated and written
 * back in one canonical form, so that the same rules are stored as the same
 * text), their short form of the command line and the web form
 * ("lowest:5:protect,detect"), and the selection itself over candidates the
 * store has read. The selection is a pure function of (rules, seed,
 * candidates): the same three give the same picks in the same order
 * (docs/onsite.md describes each rule, its order and its tie-breaks).
 * Messages are in English; NULL means good.
 */
#ifndef KJ_MODEL_ONSITE_RULES_H
#define KJ_MODEL_ONSITE_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "model/catalog.h"

#define KJ_ONSITE_RULES_MAX	16	/* rules in one selection */
#define KJ_ONSITE_FUNCS_MAX	8	/* functions one rule narrows to */
#define KJ_ONSITE_FUNC_CODE_MAX	32	/* bytes of a function's code, with its NUL */
#define KJ_ONSITE_N_MAX		1000	/* operators one rule picks (per group for a quota) */
#define KJ_ONSITE_YEARS_MAX	30	/* "not inspected in the last Y years" */
#define KJ_ONSITE_RULES_TEXT_MAX 4096	/* bytes of the rules as JSON or as lines */
#define KJ_ONSITE_SEED_MAX	2147483647L
#define KJ_ONSITE_DETAIL_MAX	160	/* bytes of a pick's detail */
#define KJ_ONSITE_REASON_MAX	500	/* characters of a change's reason */

enum kj_onsite_rule_kind {
	KJ_ONSITE_LOWEST,	/* lowest mean self-reported level (overall or in functions) */
	KJ_ONSITE_CHANGE,	/* largest change of that mean since the year before */
	KJ_ONSITE_UNINSPECTED,	/* never, or not in the last YEARS years, inspected */
	KJ_ONSITE_KIKAN,	/* 基幹インフラ operators */
	KJ_ONSITE_QUOTA,	/* at least N per sector or prefecture */
	KJ_ONSITE_RANDOM,	/* a seeded random sample of N among the rest */
	KJ_ONSITE_NKINDS
};

struct kj_onsite_rule {
	enum kj_onsite_rule_kind kind;
	int n;			/* how many (0: every match, for uninspected and kikan) */
	int years;		/* uninspected */
	int by_prefecture;	/* quota: 0 per sector, 1 per prefecture */
	char funcs[KJ_ONSITE_FUNCS_MAX][KJ_ONSITE_FUNC_CODE_MAX];	/* lowest, change */
	int nfuncs;
};

struct kj_onsite_rules {
	struct kj_onsite_rule r[KJ_ONSITE_RULES_MAX];
	int n;
};

/* "lowest", "change", "uninspected", "kikan", "quota", "random". */
const char *kj_onsite_rule_name(enum kj_onsite_rule_kind k);

/* Parses the JSON TEXT ({"rules": [{"rule": "lowest", "n": 5}, ...]}) into
 * *OUT; NULL, or what is wrong (in MSG, N bytes, which it returns). */
const char *kj_onsite_rules_parse_json(const char *text, size_t len,
				       struct kj_onsite_rules *out, char *msg, size_t n);
/* Adds the rule of the short form LINE ("lowest:5", "lowest:5:protect,detect",
 * "change:3", "uninspected:3" or "uninspected:3:10" (years, then how many),
 * "kikan" or "kikan:4", "quota:sector:1", "quota:prefecture:2", "random:5")
 * to *RULES; NULL, or what is wrong (in MSG). */
const char *kj_onsite_rule_parse_line(const char *line, struct kj_onsite_rules *rules,
				      char *msg, size_t n);
/* Parses TEXT of one short rule a line (blank lines ignored) into *OUT. */
const char *kj_onsite_rules_parse_lines(const char *text, struct kj_onsite_rules *out,
					char *msg, size_t n);
/* The canonical JSON of R (compact, keys sorted, defaults written out), a
 * string to free(); NULL when out of memory. */
char *kj_onsite_rules_json(const struct kj_onsite_rules *r);
/* R in the short form, one rule a line, into OUT (N bytes); -1 if it does not fit. */
int kj_onsite_rules_lines(const struct kj_onsite_rules *r, char *out, size_t n);

/* A change's REASON: given, valid text of one line, at most
 * KJ_ONSITE_REASON_MAX characters. */
const char *kj_onsite_check_reason(const char *reason);
/* A seed as text, 0..KJ_ONSITE_SEED_MAX, into *SEED. */
const char *kj_onsite_check_seed(const char *s, long *seed);

/* One operator that may be chosen, as the store read it. */
struct kj_onsite_cand {
	int64_t org;
	kj_sector_code sector;		/* its first scope sector in the standard's order */
	char prefecture[8];		/* "" when unknown */
	int kikan;			/* 基幹インフラ */
	int last_inspected;		/* fiscal year of its last visit before; 0: never */
	/* Its submitted levels per function: the year's and the year before's. */
	char funcs[KJ_ONSITE_FUNCS_MAX * 2][KJ_ONSITE_FUNC_CODE_MAX];
	long sum[KJ_ONSITE_FUNCS_MAX * 2][2], cnt[KJ_ONSITE_FUNCS_MAX * 2][2];
	int nfuncs;
};
#define KJ_ONSITE_CAND_FUNCS (KJ_ONSITE_FUNCS_MAX * 2)

/* Adds SUM and CNT of function FUNC in year slot Y (0 the year, 1 the one
 * before) to C; -1 when C holds KJ_ONSITE_CAND_FUNCS functions already. */
int kj_onsite_cand_add(struct kj_onsite_cand *c, const char *func, int y, long sum, long cnt);
/* C's mean level in year slot Y over FUNCS (NFUNCS 0: every function) into
 * *MEAN; 0, or -1 when it has no level there. */
int kj_onsite_cand_mean(const struct kj_onsite_cand *c, int y,
			char (*funcs)[KJ_ONSITE_FUNC_CODE_MAX], int nfuncs, double *mean);

struct kj_onsite_pick {
	int cand;			/* index into the candidates */
	enum kj_onsite_rule_kind rule;
	char detail[KJ_ONSITE_DETAIL_MAX];
};

/*
 * Runs RULES in their order with SEED on the N candidates C of fiscal year
 * FY (sorted by org id, none twice); the picks into PICKS (room for N), in
 * the order chosen, their count into *NPICKS. No candidate is picked twice.
 * 0, or -1 when out of memory (no picks).
 */
int kj_onsite_select(const struct kj_onsite_rules *rules, long seed, int fy,
		     const struct kj_onsite_cand *c, int n, struct kj_onsite_pick *picks,
		     int *npicks);

#endif
