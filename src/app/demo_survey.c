/*
 * The demo's surveys: one questionnaire survey per fiscal year, each asking
 * the version of the standard in force when it opens, with level
 * distributions that are neither flat nor uniform: each requirement has
 * its own difficulty against the operator's maturity. N/A answers follow
 * from a few attributes of the operator (no cloud, no telework or remote
 * control, no development of its own) and cover every requirement of that
 * kind. Nothing is dated after the generation day: past surveys are closed
 * with every submission inside their window, the current one is open and
 * only partly answered.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/wareki.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"
#include "store/store_survey.h"
#include "app/demo_predecessor.h"
#include "app/demo_priv.h"
#include "app/demo_rng.h"

/* How much harder a requirement is than the operator's maturity suggests. */
static double difficulty(const struct kj_catalog *cat, int r)
{
	static const double by_function[] = {
		/* governance, identify, protect, detect, respond-recover, trends */
		0.0, 0.35, 0.1, 0.45, 0.3, 0.6,
	};
	const struct kj_requirement *q = &cat->reqs[r];
	double d = q->function < 6 ? by_function[q->function] : 0.3;
	/* A fixed per-requirement offset from the id, so each has its own shape. */
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = q->id; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	d += ((double)(h % 1000) / 1000.0 - 0.5) * 0.9;
	/* Risk finance and backup recovery tests are rare. */
	if (strstr(q->text_ja, "リスクファイナンス") || strstr(q->text_ja, "バックアップリカバリー"))
		d += 0.6;
	return d;
}

/* The kinds of N/A (demo_priv.h), by the words that mark a requirement of the kind. */
const struct na_kind kj_demo_na_kinds[NA_KINDS] = {
	[NA_CLOUD] = { { "クラウド", NULL }, "クラウドサービスを利用していないため",
		       { 0.01, 0.1, 0.3 } },
	[NA_REMOTE] = { { "テレワーク", "遠隔制御" }, "テレワーク及び遠隔制御を行っていないため",
			{ 0.02, 0.12, 0.35 } },
	[NA_DEVENV] = { { "開発・試験環境", NULL },
			"情報システムの開発・試験を自組織で行わず、開発・試験環境を保有していないため",
			{ 0.0, 0.08, 0.4 } },
};

/* The kind of N/A that requirement R can have, or -1. */
static int na_kind_of(const struct kj_catalog *cat, int r)
{
	const struct kj_requirement *q = &cat->reqs[r];
	const char *title = cat->sections[q->section_index].title_ja;
	for (int k = 0; k < NA_KINDS; k++)
		for (int w = 0; w < 2 && kj_demo_na_kinds[k].words[w]; w++)
			if (strstr(q->text_ja, kj_demo_na_kinds[k].words[w]) ||
			    (title && strstr(title, kj_demo_na_kinds[k].words[w])))
				return k;
	return -1;
}

int kj_demo_prepare_std(struct kj_store *st, const struct kj_catalog *cat,
			struct year_std *ys, struct kj_err *err)
{
	ys->cat = cat;
	if (kj_store_requirement_ids(st, cat->version, ys->reqid, KJ_CATALOG_REQ_MAX,
				     &ys->nreq, err) < 0)
		return -1;
	if (ys->nreq != cat->nreqs) {
		kj_err_set(err, "stored requirements do not match the catalog");
		return -1;
	}
	for (int r = 0; r < ys->nreq; r++) {
		ys->diff[r] = difficulty(cat, r);
		ys->na[r] = na_kind_of(cat, r);
	}
	return 0;
}

/* A time of day in office hours (09:00–18:00 JST) on DAY, as ISO 8601 UTC. */
static void office_time(uint64_t *rng, long day, char out[32])
{
	char d[16];
	day_text(day, d);
	snprintf(out, 32, "%sT%02d:%02d:00Z", d, kj_rng_below(rng, 9), kj_rng_below(rng, 60));
}

/* Answers of OP to the first UPTO requirements of YS. */
static int answer(struct gen *g, const struct year_std *ys, const struct op *op,
		  int64_t resp, double growth, int upto, struct kj_err *err)
{
	struct kj_answer_in a[KJ_CATALOG_REQ_MAX];
	for (int r = 0; r < upto; r++) {
		const char *na = ys->na[r] >= 0 && (op->lacks & (1u << ys->na[r])) ?
				 kj_demo_na_kinds[ys->na[r]].reason : NULL;
		int level = -1;
		if (!na) {
			double v = op->maturity + growth - ys->diff[r] + kj_rng_gauss(&g->rng) * 0.7;
			level = (int)lround(v);
			level = level < 0 ? 0 : level > 4 ? 4 : level;
		}
		a[r] = (struct kj_answer_in){ ys->reqid[r], level, na };
	}
	if (kj_store_answers_add(g->st, resp, a, upto, err) < 0)
		return -1;
	g->stats->answers += upto;
	return 0;
}

/*
 * The questionnaire survey of fiscal year FY against the standard of YS:
 * its targets, its window (opens 15 October, closes 31 January), and the
 * responses as of g->today. A past window is closed with every target's
 * submission inside it, most of them towards the deadline; a window still
 * running is open and only partly answered (submitted before today, a few
 * returned for correction, drafts, not started); a window not yet open
 * leaves the survey a draft without responses.
 */
int kj_demo_survey_year(struct gen *g, int fy, int first, const struct year_std *ys,
			struct kj_err *err)
{
	const struct kj_demo_opts *o = g->o;
	char title_ja[200], title_en[160], fyja[32], opens[16], closes[16], created[32];
	long d_open = days_from_civil(fy, 10, 15), d_close = days_from_civil(fy + 1, 1, 31);
	const char *status = g->today < d_open ? "draft" : g->today > d_close ? "closed" : "open";
	int64_t survey;
	kj_fiscal_year_text(fy, KJ_DATE_JA, fyja, sizeof fyja);
	snprintf(title_ja, sizeof title_ja,
		 "%s 重要インフラ事業者等におけるサイバーセキュリティ対策の実施状況調査", fyja);
	snprintf(title_en, sizeof title_en,
		 "FY%d survey of cybersecurity measures at CI operators", fy);
	day_text(d_open, opens);
	day_text(d_close, closes);
	office_time(&g->rng, d_open - 30 < g->today ? d_open - 30 : g->today, created);
	if (kj_store_survey_add(g->st, fy, ys->cat->version, title_ja, title_en, status,
				&survey, err) < 0 ||
	    kj_store_survey_dates(g->st, survey, opens, closes, created, err) < 0)
		return -1;
	g->stats->surveys++;
	double growth = 0.18 * (fy - first);
	/* Share of the window gone by today, for the open survey. */
	double gone = !strcmp(status, "open") ?
		      (double)(g->today - d_open) / (double)(d_close - d_open) : 0.0;
	for (long i = 0; i < g->nops; i++) {
		struct op *op = &g->ops[i];
		const char *secs[2] = { kj_demo_sector_code(op->sector),
			op->second >= 0 ? kj_demo_sector_code(op->second) : NULL };
		for (int k = 0; k < (op->second >= 0 ? 2 : 1); k++) {
			if (kj_store_target_add(g->st, fy, secs[k], op->id, err) < 0)
				return -1;
			g->stats->targets++;
		}
		const char *rstatus = NULL;
		char when[32];
		int upto = ys->nreq;
		if (!strcmp(status, "closed")) {
			double u = kj_rng_uniform(&g->rng);
			office_time(&g->rng, d_open + (long)((double)(d_close - d_open + 1) *
							     (1.0 - u * u)), when);
			rstatus = "submitted";
		} else if (!strcmp(status, "open")) {
			double x = kj_rng_uniform(&g->rng), p_sub = 0.85 * pow(gone, 0.8);
			long span = g->today - d_open;	/* days with a submission before today */
			if (span > 0 && x < p_sub) {
				office_time(&g->rng, d_open + kj_rng_below(&g->rng, (int)span), when);
				rstatus = kj_rng_uniform(&g->rng) < 0.06 ? "returned" : "submitted";
			} else if (x < p_sub + 0.3) {
				rstatus = "draft";
				upto = 1 + kj_rng_below(&g->rng, ys->nreq);
			}
		}
		if (rstatus) {
			int64_t resp;
			if (kj_store_response_add(g->st, survey, op->id, rstatus,
						  strcmp(rstatus, "draft") ? when : NULL, &resp, err) < 0 ||
			    answer(g, ys, op, resp, growth, upto, err) < 0)
				return -1;
			g->stats->responses++;
		}
		if (o->progress && (i % 500 == 499 || i + 1 == g->nops))
			o->progress(o->progress_ctx, fy, i + 1, g->nops);
	}
	/* A survey that has opened has its respondents: the year's targets. */
	if (strcmp(status, "draft")) {
		long n;
		int changed;
		if (kj_store_survey_freeze(g->st, survey, &n, err) < 0 ||
		    kj_store_survey_move(g->st, survey, status, status, n, &changed, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * The standard each fiscal year's survey asks is the version in force on
 * the day the survey opens (15 October). When the demo's first year opens
 * before the current version took effect, the years before ask the
 * synthetic predecessor (demo_predecessor.c), stored now with its crosswalk;
 * a year before the predecessor too has no standard to ask, and is refused.
 * *PREV (calloc'ed, with its catalog in *PCAT) is NULL when no year needs it.
 */
int kj_demo_earlier_std(struct kj_store *st, const struct kj_catalog *cat, int first,
			struct kj_catalog *pcat, int *pcat_loaded, struct year_std **prev,
			struct kj_err *err)
{
	struct kj_demo_predecessor pred;
	*prev = NULL;
	long opens = days_from_civil(first, 10, 15);
	if (opens >= effective_day(cat->effective))
		return 0;
	if (kj_demo_predecessor(st, cat, &pred, err) < 0)
		return -1;
	if (opens < effective_day(pred.effective)) {
		kj_err_set(err, "the demo's first fiscal year, FY%d, would survey before the "
			   "earliest standard version (%s, in force from %s): ask for fewer years",
			   first, pred.version, pred.effective);
		return -1;
	}
	if (kj_store_catalog_get(st, pred.version, pcat, err) < 0)
		return -1;
	*pcat_loaded = 1;
	if (!(*prev = calloc(1, sizeof **prev))) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	return kj_demo_prepare_std(st, pcat, *prev, err);
}
