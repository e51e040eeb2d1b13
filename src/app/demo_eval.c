/* The demo's evaluations; see demo_eval.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_eval.h"
#include "app/demo_priv.h"
#include "app/demo_rng.h"
#include "model/evaluation.h"
#include "store/store_eval.h"
#include "store/store_plan.h"
#include "store/store_survey.h"

#define DEMO_SECTORS_MAX 64
#define DEMO_RECS 3		/* recommendations of the HQ a year (and one finding) */

static const char *const survey_text[] = {
	"回答率は前年度を上回り、組織統治と障害対応体制の対策事項で水準が向上した。",
	"多くの対策事項で水準2以上の割合が増えたが、サプライチェーンの対策事項は横ばいである。",
};
static const char *const gaps_text[] = {
	"中小規模の事業者で演習・訓練への参加が少ない。",
	"安全基準等が規定していない対策事項（ギャップ）の実施率が低い。",
};
static const char *const improve_text[] = {
	"中小規模の事業者向けの説明会と演習参加の支援を次年度の計画に盛り込む。",
	"安全基準等の改定でギャップの対策事項を取り入れる。",
};
static const char *const recs[][2] = {
	{ "budget", "演習・訓練への中小規模事業者の参加を支援する予算を確保すること。" },
	{ "organisation", "分野所管部局とセプターの連絡体制を強化すること。" },
	{ "general", "安全基準等のギャップとなっている対策事項の取込みを進めること。" },
	{ "general", "サプライチェーン・リスクへの対応状況の把握を強化すること。" },
};

static void iso(long day, int hour, char out[32])
{
	char d[16];
	day_text(day, d);
	snprintf(out, 32, "%sT%02d:00:00Z", d, hour);
}

static long at_most(long a, long b)
{
	return a < b ? a : b;
}

/* Writes evaluation E (its sections set) as final, with its life. */
static int write_eval(struct kj_store *st, struct kj_eval *e, long today, const char *owner,
		      const char *nco, struct kj_err *err)
{
	char created[32], submitted[32], final[32];
	int64_t id;
	int hq = e->scope == KJ_EVAL_HQ;
	iso(at_most(days_from_civil(e->fy + 1, hq ? 4 : 2, hq ? 20 : 15), today), 1, created);
	iso(at_most(days_from_civil(e->fy + 1, 3, 20), today), 2, submitted);
	iso(at_most(days_from_civil(e->fy + 1, hq ? 5 : 3, hq ? 15 : 31), today), 3, final);
	e->state = KJ_EVAL_FINAL;
	if (kj_store_eval_create(st, e, &id, err) < 0 ||
	    kj_store_eval_event_add(st, id, created, 0, owner, "create", "", err) < 0)
		return -1;
	if (!hq && kj_store_eval_event_add(st, id, submitted, 0, owner, "submit", "", err) < 0)
		return -1;
	if (kj_store_eval_event_add(st, id, final, 0, hq ? owner : nco, "finalise", "", err) < 0)
		return -1;
	for (int i = 0; i < e->nfigures; i++)
		if (kj_store_eval_add_figure(st, id, &e->figures[i], err) < 0)
			return -1;
	return kj_store_eval_set_dates(st, id, created, final, err);
}

/* The measure of the plan of FY of ADDRESSEE (a sector: its first
 * ministry's plan; "nco": the cross-sector plan) numbered PICK: *MEASURE,
 * 0 when there is none. */
static int measure_of(struct kj_store *st, int fy, const char *addressee, unsigned pick,
		      struct kj_plan *p, int64_t *measure, struct kj_err *err)
{
	char key[80], mins[8][KJ_MINISTRY_CODE_MAX];
	int n = 1, found = 0;
	int64_t pid;
	*measure = 0;
	if (strcmp(addressee, "nco") &&
	    kj_store_plan_ministries_of(st, addressee, mins, 8, &n, err) < 0)
		return -1;
	if (!n)
		return 0;
	kj_store_plan_scope_key(strcmp(addressee, "nco") ? addressee : NULL, mins[0], key, sizeof key);
	if (kj_store_plan_find(st, fy, key, &pid, err) < 0)
		return -1;
	if (!pid || kj_store_plan_get(st, pid, p, &found, err) < 0 || !found || !p->nmeasures)
		return 0;
	*measure = p->measures[pick % (unsigned)p->nmeasures].id;
	return 0;
}

static int hq_eval(struct kj_store *st, int fy, long today, kj_sector_code *sectors, int nsec,
		   uint64_t *rng, const char *actor, struct kj_eval *e, struct kj_plan *p,
		   struct kj_err *err)
{
	memset(e, 0, sizeof *e);
	e->fy = fy;
	e->scope = KJ_EVAL_HQ;
	snprintf(e->body[KJ_EVAL_SUMMARY], sizeof e->body[KJ_EVAL_SUMMARY],
		 "%d年度の各分野の取組は全体として計画どおり進んだ。次年度の計画では提言への対応を求める。", fy);
	if (write_eval(st, e, today, "demo:hq", actor, err) < 0)
		return -1;
	struct kj_hq_item it = { 0 };
	it.eval_id = e->id;
	it.kind = KJ_ITEM_FINDING;
	it.category = KJ_ITEM_GENERAL;
	kj_strlcpy(it.addressee, "nco", sizeof it.addressee);
	kj_strlcpy(it.text, "重要インフラ事業者等の自己点検の回答率が向上した。", sizeof it.text);
	iso(at_most(days_from_civil(fy + 1, 4, 25), today), 5, it.created_at);
	if (kj_store_eval_item_add(st, &it, err) < 0)
		return -1;
	for (int r = 0; r < DEMO_RECS + 1; r++) {
		int last = r == DEMO_RECS;
		memset(&it, 0, sizeof it);
		it.eval_id = e->id;
		it.kind = KJ_ITEM_RECOMMENDATION;
		unsigned k = kj_rng_below(rng, 4);
		it.category = (enum kj_item_category)kj_item_category_parse(recs[k][0]);
		kj_strlcpy(it.text, recs[k][1], sizeof it.text);
		kj_strlcpy(it.addressee, r == 0 || !nsec ? "nco" : sectors[kj_rng_below(rng, (unsigned)nsec)],
			   sizeof it.addressee);
		iso(at_most(days_from_civil(fy + 1, 4, 25), today), 5, it.created_at);
		if (kj_store_eval_item_add(st, &it, err) < 0)
			return -1;
		int64_t m;
		/* The last of the year is left open: the traceability view shows it. */
		if (last || days_from_civil(fy + 1, 6, 20) > today)
			continue;
		if (measure_of(st, fy + 1, it.addressee, kj_rng_below(rng, 20), p, &m, err) < 0)
			return -1;
		if (m && kj_store_eval_answer_set(st, it.id, m, 1, 0, "demo:plan", err) < 0)
			return -1;
	}
	return 0;
}

int kj_demo_make_evals(struct kj_store *st, int first, int last, long today, uint64_t seed,
		       const char *actor, struct kj_err *err)
{
	uint64_t rng = seed ^ 0x6576616c00000000ULL;	/* "eval" */
	kj_sector_code sectors[DEMO_SECTORS_MAX];
	int nsec, rc = -1;
	if (kj_store_sector_codes(st, NULL, sectors, DEMO_SECTORS_MAX, &nsec, err) < 0)
		return -1;
	struct kj_eval *e = calloc(1, sizeof *e);
	struct kj_plan *p = calloc(1, sizeof *p);
	if (!e || !p) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	for (int fy = first; fy < last; fy++) {
		/* An evaluation is written once its year is over. */
		if (days_from_civil(fy + 1, 3, 31) > today)
			continue;
		for (int i = 0; i <= nsec; i++) {
			char mins[8][KJ_MINISTRY_CODE_MAX], owner[48];
			int nmin = 1;
			if (i < nsec && kj_store_plan_ministries_of(st, sectors[i], mins, 8, &nmin, err) < 0)
				goto out;
			for (int j = 0; j < nmin; j++) {
				memset(e, 0, sizeof *e);
				e->fy = fy;
				e->scope = i < nsec ? KJ_EVAL_SECTOR : KJ_EVAL_CROSS;
				if (i < nsec) {
					kj_strlcpy(e->sector, sectors[i], sizeof e->sector);
					kj_strlcpy(e->ministry, mins[j], sizeof e->ministry);
					snprintf(owner, sizeof owner, "demo:%s", mins[j]);
				} else {
					kj_strlcpy(owner, actor, sizeof owner);
				}
				snprintf(e->body[KJ_EVAL_MEASURES], sizeof e->body[KJ_EVAL_MEASURES],
					 "%d年度の実施計画の施策は、おおむね計画どおり実施した。", fy);
				kj_strlcpy(e->body[KJ_EVAL_SURVEY], survey_text[kj_rng_below(&rng, 2)],
					   sizeof e->body[KJ_EVAL_SURVEY]);
				kj_strlcpy(e->body[KJ_EVAL_GAPS], gaps_text[kj_rng_below(&rng, 2)],
					   sizeof e->body[KJ_EVAL_GAPS]);
				kj_strlcpy(e->body[KJ_EVAL_IMPROVEMENTS],
					   improve_text[kj_rng_below(&rng, 2)],
					   sizeof e->body[KJ_EVAL_IMPROVEMENTS]);
				struct kj_eval_figure *f = &e->figures[e->nfigures++];
				f->section = KJ_EVAL_SURVEY;
				f->kind = i < nsec ? KJ_FIG_SECTOR : KJ_FIG_NATIONAL;
				kj_strlcpy(f->ref, i < nsec ? sectors[i] : "", sizeof f->ref);
				kj_strlcpy(f->caption, i < nsec ? "機能別の実施率" : "分野・機能別の実施率",
					   sizeof f->caption);
				if (write_eval(st, e, today, owner, actor, err) < 0)
					goto out;
			}
		}
		if (hq_eval(st, fy, today, sectors, nsec, &rng, actor, e, p, err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(p);
	free(e);
	return rc;
}
