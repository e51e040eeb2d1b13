/* The demo's implementation plans; see demo_plan.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_plan.h"
#include "app/demo_priv.h"
#include "app/demo_rng.h"
#include "store/store_plan.h"
#include "store/store_survey.h"

#define DEMO_PAIRS_MAX 64	/* (sector, ministry) pairs of the reference data */

static const char *const gov_text[] = {
	"重要インフラサイバーセキュリティ対策推進会議を通じて国家サイバー統括室及び関係省庁と連携し、"
	"省内ではサイバーセキュリティ政策担当部局と分野担当部局が四半期ごとに連絡会を開く。",
	"分野所管部局を窓口とし、国家サイバー統括室との定例会（月1回）で施策の進捗を共有する。"
	"他法令（業法）に基づく検査・報告の運用と整合を図る。",
};
static const char *const pp_text[] = {
	"業界団体、セプター及び主要な重要インフラ事業者との連絡会（年4回）で情報共有と施策の調整を行う。"
	"業界団体は安全基準等の策定主体として、事業者は対策の実施主体として役割を担う。",
	"セプター事務局を中心に、事業者・業界団体・所管省庁の連絡体制を維持し、演習の企画に事業者の参加を得る。",
};
static const char *const roles_text[] = {
	"所管省庁：実施計画の策定と施策の推進。業界団体：安全基準等の整備と浸透。"
	"重要インフラ事業者等：対策の実施と自己点検。国家サイバー統括室：分野横断的な支援と把握・分析。",
};
static const char *const kpis[KJ_PLAN_CATEGORIES][2] = {
	{ "経営層向け説明会を年2回開催", "障害対応体制を整備した事業者の割合 90%以上" },
	{ "安全基準等の改定を年度内に1回実施", "安全基準等の説明会参加事業者 80%以上" },
	{ "セプター訓練への参加率 85%以上", "情報共有件数の前年度比増" },
	{ "リスク評価を実施した事業者の割合 75%以上", "リスクマネジメント手引きの配布" },
	{ "分野横断的演習への参加事業者数の増加", "人材育成研修の受講者 300名以上" },
};
static const char *const schedules[] = { "4月〜9月", "通年", "10月〜翌3月", "第3四半期" };
static const char *const owners[] = { "分野所管課", "サイバーセキュリティ担当室", "業界団体", "国家サイバー統括室" };
static const char *const progress_notes[] = {
	"計画どおり実施中。", "上期に説明会を実施した。", "関係者と調整中。", "前年度の評価を踏まえ内容を見直す。",
};

static void iso(long day, int hour, char out[32])
{
	char d[16];
	day_text(day, d);
	snprintf(out, 32, "%sT%02d:00:00Z", d, hour);
}

/* The first year's plan P: the standard's measures, filled in. */
static void fill(struct kj_plan *p, uint64_t *rng)
{
	kj_strlcpy(p->body[KJ_PLAN_GOV], gov_text[kj_rng_below(rng, 2)], KJ_PLAN_BODY_MAX);
	kj_strlcpy(p->body[KJ_PLAN_PUBLIC_PRIVATE], pp_text[kj_rng_below(rng, 2)], KJ_PLAN_BODY_MAX);
	kj_strlcpy(p->body[KJ_PLAN_ROLES], roles_text[0], KJ_PLAN_BODY_MAX);
	for (int i = 0; i < p->nmeasures; i++) {
		struct kj_plan_measure *m = &p->measures[i];
		int c = m->category - 1;
		kj_strlcpy(m->kpi, kpis[c][kj_rng_below(rng, 2)], sizeof m->kpi);
		kj_strlcpy(m->schedule, schedules[kj_rng_below(rng, 4)], sizeof m->schedule);
		kj_strlcpy(m->owner, owners[kj_rng_below(rng, 3)], sizeof m->owner);
		m->status = kj_rng_below(rng, 3) ? KJ_MEASURE_DOING : KJ_MEASURE_TODO;
	}
}

/* The year after's plan from P: measures move on, some notes change. */
static void advance(struct kj_plan *p, uint64_t *rng)
{
	for (int i = 0; i < p->nmeasures; i++) {
		struct kj_plan_measure *m = &p->measures[i];
		int r = kj_rng_below(rng, 6);
		if (m->status == KJ_MEASURE_TODO && r < 3)
			m->status = KJ_MEASURE_DOING;
		else if (m->status == KJ_MEASURE_DOING && r == 0)
			m->status = KJ_MEASURE_DONE;
		else if (m->status == KJ_MEASURE_DOING && r == 1)
			m->status = KJ_MEASURE_REVIEW;
		if (r >= 4)
			kj_strlcpy(m->progress, progress_notes[kj_rng_below(rng, 4)], sizeof m->progress);
	}
	if (p->nmeasures < KJ_PLAN_MEASURES_MAX && kj_rng_below(rng, 2)) {
		struct kj_plan_measure *m = &p->measures[p->nmeasures++];
		memset(m, 0, sizeof *m);
		snprintf(m->key, sizeof m->key, "%d-3-%d", p->fy, p->nmeasures);
		m->category = 3;
		m->ord = 90;
		kj_strlcpy(m->title, "分野内の情報共有訓練の新設", sizeof m->title);
		kj_strlcpy(m->kpi, "訓練を年1回実施", sizeof m->kpi);
		kj_strlcpy(m->schedule, "第3四半期", sizeof m->schedule);
		kj_strlcpy(m->owner, "分野所管課", sizeof m->owner);
		kj_strlcpy(m->reqs[0], "3.6.2-1", KJ_ID_MAX);
		m->nreqs = 1;
	}
}

static long min_day(long a, long b)
{
	return a < b ? a : b;
}

/* Writes plan P of FY with its life up to TODAY: reported (a past year), or
 * in LAST submitted (SUBMIT) or a draft. */
static int write_plan(struct kj_store *st, struct kj_plan *p, int last, long today, int submit,
		      const char *owner, const char *nco, struct kj_err *err)
{
	int64_t id;
	char created[32], submitted[32], reported[32];
	long c = min_day(days_from_civil(p->fy, 5, 10), today);
	long s = min_day(days_from_civil(p->fy, 6, 30), today);
	long r = min_day(days_from_civil(p->fy, 8, 31), today);
	iso(c, 1, created);
	iso(s, 2, submitted);
	iso(r, 3, reported);
	int past = p->fy < last;
	p->state = past ? KJ_PLAN_REPORTED : submit ? KJ_PLAN_SUBMITTED : KJ_PLAN_DRAFT;
	p->targets = -1;
	long frozen;
	if (kj_store_plan_create(st, p, &id, err) < 0 ||
	    kj_store_plan_event_add(st, id, created, 0, owner, p->copied_from ? "copy" : "create",
				    "", err) < 0)
		return -1;
	if ((past || submit) &&
	    (kj_store_plan_freeze_targets(st, p, &frozen, err) < 0 ||
	     kj_store_plan_event_add(st, id, submitted, 0, owner, "submit", "", err) < 0))
		return -1;
	if (past && kj_store_plan_event_add(st, id, reported, 0, nco, "report", "", err) < 0)
		return -1;
	return kj_store_plan_set_dates(st, id, created, past ? reported : submit ? submitted
				       : created, err);
}

int kj_demo_make_plans(struct kj_store *st, int first, int last, long today, uint64_t seed,
		       const char *actor, struct kj_err *err)
{
	uint64_t rng = seed ^ 0x706c616e00000000ULL;	/* "plan" */
	kj_sector_code sectors[DEMO_PAIRS_MAX];
	int nsec, vrc;
	int64_t vid;
	char version[KJ_VERSION_MAX];
	if (kj_store_sector_codes(st, NULL, sectors, DEMO_PAIRS_MAX, &nsec, err) < 0 ||
	    (vrc = kj_store_survey_version(st, NULL, &vid, version, err)) < 0)
		return -1;
	if (!vid)
		return 0;
	struct kj_plan *p = calloc(1, sizeof *p);
	struct kj_main_measure *mm = calloc(KJ_PLAN_MEASURES_MAX, sizeof *mm);
	int nmm, rc = -1, k = 0;
	if (!p || !mm) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	if (kj_store_plan_main_measures(st, vid, mm, KJ_PLAN_MEASURES_MAX, &nmm, err) < 0)
		goto out;
	for (int i = 0; i <= nsec; i++) {
		char mins[8][KJ_MINISTRY_CODE_MAX];
		int nmin = 1;
		if (i < nsec && kj_store_plan_ministries_of(st, sectors[i], mins, 8, &nmin, err) < 0)
			goto out;
		for (int j = 0; j < nmin; j++, k++) {
			char owner[48];
			memset(p, 0, sizeof *p);
			p->version_id = vid;
			kj_strlcpy(p->version, version, sizeof p->version);
			kj_strlcpy(p->scope, i < nsec ? "sector" : "cross", sizeof p->scope);
			if (i < nsec) {
				kj_strlcpy(p->sector, sectors[i], sizeof p->sector);
				kj_strlcpy(p->ministry, mins[j], sizeof p->ministry);
				snprintf(owner, sizeof owner, "demo:%s", mins[j]);
			} else {
				kj_strlcpy(owner, actor, sizeof owner);
			}
			for (int n = 0; n < nmm; n++) {
				struct kj_plan_measure *m = &p->measures[p->nmeasures++];
				snprintf(m->key, sizeof m->key, "std-%d-%d", mm[n].category, mm[n].n);
				m->category = mm[n].category;
				m->ord = mm[n].n;
				kj_strlcpy(m->title, mm[n].text, sizeof m->title);
			}
			fill(p, &rng);
			for (int fy = first; fy <= last; fy++) {
				p->fy = fy;
				if (fy > first) {
					p->copied_from = p->id;
					advance(p, &rng);
				}
				/* In the current year, every other plan is still a draft. */
				if (write_plan(st, p, last, today, k % 2 == 0, owner, actor, err) < 0)
					goto out;
			}
		}
	}
	rc = 0;
out:
	free(p);
	free(mm);
	return rc;
}
