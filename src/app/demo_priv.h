/*
 * What the demo generator's files share: demo.c (the run as a whole and
 * its one transaction), demo_registry.c (the operators, local governments
 * and users) and demo_survey.c (each fiscal year's survey and its
 * answers). Nothing outside them includes this header.
 */
#ifndef KJ_APP_DEMO_PRIV_H
#define KJ_APP_DEMO_PRIV_H

#include <stdint.h>
#include <stdio.h>

#include "base/util.h"
#include "model/catalog.h"
#include "model/reference.h"
#include "app/demo.h"
#include "store/store.h"

/*
 * What can make a requirement not apply to an operator, found by the
 * requirement's content (its text or its section's title) so that another
 * version of the standard is matched the same way. Each operator has or
 * lacks each attribute; one that lacks it answers every requirement of the
 * kind N/A with the same reason. Nothing else is ever N/A: in particular
 * 3.2.9-2 mentions overseas sites but asks for supply-chain risk
 * assessment, which applies to every operator.
 */
enum { NA_CLOUD, NA_REMOTE, NA_DEVENV, NA_KINDS };
struct na_kind {
	const char *words[2];	/* any of them in the text or section title */
	const char *reason;
	double p[3];		/* chance an operator lacks it: large, medium, small */
};
/* The table of the kinds, in demo_survey.c. */
extern const struct na_kind kj_demo_na_kinds[NA_KINDS];

/* An operator made by demo_registry.c, as the surveys need it. */
struct op {
	int64_t id;
	int sector;		/* index into demo_registry.c's sectors */
	int second;		/* a second sector, or -1 */
	int size;		/* 0 large, 1 medium, 2 small */
	unsigned lacks;		/* bit k set: N/A for kind k */
	double maturity;
};

/* --- days ---------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static inline long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static inline void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static inline void day_text(long day, char out[16])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m, d);
}

/* The day of a version's effective date "YYYY-MM-DD". */
static inline long effective_day(const char *s)
{
	int y = 0, m = 0, d = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	return days_from_civil(y, m, d);
}

/* --- the generator's state ------------------------------------------------- */

/* Hashes of the names given so far, per sector: an open-addressing set. */
struct names {
	uint64_t *slot;
	size_t mask;
};

/* One run of kj_demo_generate(): its options, random stream and results. */
struct gen {
	struct kj_store *st;
	const struct kj_demo_opts *o;
	uint64_t rng;
	const struct kj_prefecture *prefs;
	int pref_total;
	const struct kj_local_gov *lg;
	struct names names;
	long today;		/* days since 1970-01-01 */
	struct op *ops;
	long nops;
	struct kj_demo_stats *stats;
	/* The latest survey that has opened, for kj_demo_self_assessment: its
	 * id (0: none), year, status, window (days) and standard. */
	int64_t self_survey;
	int self_fy;
	const char *self_status;
	long self_open, self_close;
	const struct year_std *self_ys;
};

/*
 * The standard version a survey asks, with what the generator needs of
 * it: requirement row ids in catalog order, each requirement's difficulty
 * and the kind of N/A it can have (both found from the content, so they
 * carry over to another version).
 */
struct year_std {
	const struct kj_catalog *cat;
	int64_t reqid[KJ_CATALOG_REQ_MAX];
	double diff[KJ_CATALOG_REQ_MAX];
	int na[KJ_CATALOG_REQ_MAX];
	int nreq;
};

/* --- demo_registry.c: the population -------------------------------------- */

/* The code of the sector with index SECTOR (struct op's sector, second). */
const char *kj_demo_sector_code(int sector);
/* The steps of the registry, in this order; each is described where it is defined. */
int kj_demo_make_orgs(struct gen *g, int nlg, struct kj_err *err);
int kj_demo_make_users(struct kj_store *st, const struct op *ops, long nops,
		       struct kj_err *err);
int kj_demo_assign_government(struct kj_store *st, struct kj_err *err);

/* --- demo_survey.c: surveys and answers ------------------------------------ */

/* YS for CAT, whose requirements are stored. */
int kj_demo_prepare_std(struct kj_store *st, const struct kj_catalog *cat,
			struct year_std *ys, struct kj_err *err);
/* The standard of the years before CAT took effect, if any (see its definition). */
int kj_demo_earlier_std(struct kj_store *st, const struct kj_catalog *cat, int first,
			struct kj_catalog *pcat, int *pcat_loaded, struct year_std **prev,
			struct kj_err *err);
/* The survey of fiscal year FY, asking YS; FIRST is the demo's first year. */
int kj_demo_survey_year(struct gen *g, int fy, int first, const struct year_std *ys,
			struct kj_err *err);

/* --- demo_self.c: kijun's own answers ------------------------------------- */

/* The operator "kijun 運用事業者" and its submitted answers of the embedded
 * self-assessment to g->self_survey (nothing when it is 0). */
int kj_demo_self_assessment(struct gen *g, struct kj_err *err);

/* --- demo_onsite.c: the on-site visits of a year (issue 15) ---------------- */

/* The on-site survey of fiscal year FY (complete by the demo's day, with a
 * questionnaire survey asking YS), its selection, visits and items. */
int kj_demo_onsite(struct gen *g, int fy, const struct year_std *ys, struct kj_err *err);

/* --- demo_other.c: the surveys of kind other (issue 15) ---------------------- */

/* The standard versions a survey of kind other may ask: CUR in force from
 * EFFECTIVE (days), PREV before it ("" or NULL when there is none). */
struct other_std {
	const char *cur, *prev;
	long effective;
};
/* The NCO's survey of LAST - 1 to every ministry (closed, answered) and its
 * survey of LAST to chosen operators of 電力 and ガス (open from its day),
 * each asking the version V in force when it opens. */
int kj_demo_other(struct gen *g, int first, int last, const struct other_std *v,
		  struct kj_err *err);

#endif
