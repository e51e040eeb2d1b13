/*
 * The demo's year of on-site visits (issue 15): for the last complete
 * fiscal year of the demo, the NCO's on-site survey over every sector
 * (closed), its approved selection of about 1.5 % of that year's
 * respondents (the lowest mean levels, then a seeded random sample; a few
 * more in a small demo so that figures can be shown), a visit of each with
 * NCO, ministry or surveyor inspectors from the demo's users, and an item
 * for every requirement: the level the operator reported, and a verified
 * level that is mostly the same, more often lower than higher, lower more
 * often in small operators and in 検知 and 対応及び復旧, with findings and
 * evidence in Japanese. Most reports are issued; some operators have
 * replied. Nothing is dated after the demo's day. Its random numbers are
 * a stream of their own, so the rest of the demo is the same as without it.
 */
#include <stdlib.h>
#include <string.h>

#include "app/demo_priv.h"
#include "app/demo_rng.h"
#include "base/wareki.h"
#include "store/store_analysis.h"
#include "store/store_benchmark.h"
#include "store/store_demo_onsite.h"
#include "store/store_users.h"

/* Share of the respondents chosen by each rule (per mille), and the least
 * of each, so that a small demo still has a few visits per sector group. */
#define ONSITE_LOWEST_PERMILLE	5
#define ONSITE_RANDOM_PERMILLE	10
#define ONSITE_LOWEST_MIN	3
#define ONSITE_RANDOM_MIN	9
/* Percent of the visits whose report is issued. */
#define ONSITE_ISSUED_PCT	88

struct resp_mean {
	int64_t org;
	double mean;
	int taken;
};

struct means {
	struct resp_mean *v;
	long n, cap;
};

static int on_mean(void *ctx, int64_t org, double mean)
{
	struct means *m = ctx;
	if (m->n == m->cap) {
		long cap = m->cap ? 2 * m->cap : 1024;
		struct resp_mean *v = realloc(m->v, (size_t)cap * sizeof *v);
		if (!v)
			return 1;
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = (struct resp_mean){ org, mean, 0 };
	return 0;
}

static int by_mean(const void *a, const void *b)
{
	const struct resp_mean *x = a, *y = b;
	if (x->mean != y->mean)
		return x->mean < y->mean ? -1 : 1;
	return x->org < y->org ? -1 : x->org > y->org;
}

/* The demo's operator of organisation ORG (NULL if none). */
static const struct op *find_op(const struct gen *g, int64_t org)
{
	for (long i = 0; i < g->nops; i++)
		if (g->ops[i].id == org)
			return &g->ops[i];
	return NULL;
}

/* "YYYY-MM-DDTHH:MM:00Z" of DAY at HH:MM (TIME). */
static void stamp(long day, const char *time, char out[32])
{
	char d[16];
	day_text(day, d);
	snprintf(out, 32, "%sT%s:00Z", d, time);
}

/* The self-reported levels of one operator, in catalog order. */
struct own {
	const struct kj_catalog *cat;
	int level[KJ_CATALOG_REQ_MAX];
};

static int on_answer(void *ctx, const char *req, int level)
{
	struct own *o = ctx;
	int q = kj_catalog_req_index(o->cat, req);
	if (q >= 0)
		o->level[q] = level;
	return 0;
}

static const char *const evidence_ja[] = {
	"情報セキュリティ規程、運用手順書及び直近の実施記録を閲覧した。",
	"担当者へのヒアリングを行い、管理画面で設定状況を確認した。",
	"委託先管理台帳及び契約書の該当条項を確認した。",
	"訓練の実施報告書と参加者名簿を閲覧した。",
	"ログの保管設定と直近3か月分の監視記録を確認した。",
	"経営会議の議事録と承認済みの計画書を閲覧した。",
};
static const char *const lower_ja[] = {
	"手順は定められているものの、一部の拠点で運用されていない",
	"実施記録が確認できない期間がある",
	"対象範囲が本社の情報システムに限られ、制御系システムが含まれていない",
	"規程は起案中で、まだ承認されていない",
};
static const char *const action_ja[] = {
	"全拠点へ手順を展開し、運用状況を点検します。",
	"実施記録の様式を定め、毎月記録を残します。",
	"制御系システムを対象範囲に加えて手順を改訂します。",
	"規程案を次回の経営会議に諮り、承認を得ます。",
};
#define NTEXT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The verified level of an item reported SELF (0..4) by OP for a requirement
 * of function FN (its Japanese name). */
static int verify(uint64_t *rng, const struct op *op, const char *fn, int self)
{
	static const double p_over[3] = { 0.06, 0.10, 0.15 };	/* large, medium, small */
	double p = p_over[op && op->size >= 0 && op->size < 3 ? op->size : 1];
	if (strstr(fn, "検知") || strstr(fn, "対応"))
		p *= 1.7;
	double u = kj_rng_uniform(rng);
	if (u < p && self > 0)
		return self - (self > 1 && kj_rng_uniform(rng) < 0.2 ? 2 : 1);
	if (u >= p && u < p + 0.04 && self < 4)
		return self + 1;
	return self;
}

/* Users by login, 0 when the demo has none. */
static int64_t user_id(struct kj_store *st, const char *login, struct kj_err *err, int *fail)
{
	struct kj_user u;
	int found = 0;
	if (kj_store_user_by_login(st, login, &u, &found, err) < 0)
		*fail = 1;
	return found ? u.id : 0;
}

struct ctx {
	struct gen *g;
	uint64_t rng;
	int fy;
	const struct year_std *ys;
	int64_t qsurvey, survey;
	int64_t nco, ministry, ministry_env, surveyor;
	long last;		/* the last day a visit or its report may have */
};

/* The items of visit VISIT of OP on DAY (ISSUED: its report issued on IDAY). */
static int items(struct ctx *c, const struct op *op, int64_t org, int64_t visit, long day,
		 int issued, long iday, int reply, struct kj_err *err)
{
	const struct kj_catalog *cat = c->ys->cat;
	struct own own = { cat, { 0 } };
	for (int q = 0; q < KJ_CATALOG_REQ_MAX; q++)
		own.level[q] = -2;
	if (kj_store_bench_own(c->g->st, c->qsurvey, org, on_answer, &own, err) < 0)
		return -1;
	char rec[32], msg[400], due[16], at[32];
	stamp(day, "09:00", rec);
	for (int q = 0; q < c->ys->nreq && q < cat->nreqs; q++) {
		int self = own.level[q], ver;
		const char *fn = cat->functions[cat->reqs[q].function].name_ja;
		const char *ev = evidence_ja[kj_rng_below(&c->rng, NTEXT(evidence_ja))];
		struct kj_demo_item it = { visit, c->ys->reqid[q], self, 0, NULL, msg, ev, rec,
					   c->nco };
		if (self == -1) {
			ver = -1;
			it.na_reason = "該当する設備・業務がない";
			snprintf(msg, sizeof msg, "該当する設備・業務がないことを確認した。");
		} else if (self < 0) {
			ver = 1 + kj_rng_below(&c->rng, 3);
			snprintf(msg, sizeof msg, "質問調査での回答はないが、実施状況を確認し水準%dと判断した。",
				 ver);
		} else {
			ver = verify(&c->rng, op, fn, self);
			if (ver < self)
				snprintf(msg, sizeof msg, "自己評価では水準%dとされていたが、%sため、水準%dと判断した。",
					 self, lower_ja[kj_rng_below(&c->rng, NTEXT(lower_ja))], ver);
			else if (ver > self)
				snprintf(msg, sizeof msg, "自己評価では水準%dとされていたが、全拠点で運用されている"
					 "ことを記録により確認したため、水準%dと判断した。", self, ver);
			else
				snprintf(msg, sizeof msg, "自己評価のとおりの実施状況であることを確認した。");
		}
		it.verified = ver;
		if (kj_store_demo_onsite_item(c->g->st, &it, err) < 0)
			return -1;
		if (issued && reply && self >= 0 && ver >= 0 && ver < self) {
			long rday = iday + 5 + kj_rng_below(&c->rng, 20);
			if (rday > c->last)
				continue;
			day_text(rday + 60 + kj_rng_below(&c->rng, 120), due);
			stamp(rday, "10:00", at);
			if (kj_store_demo_onsite_reply(c->g->st, visit, c->ys->reqid[q],
				action_ja[kj_rng_below(&c->rng, NTEXT(action_ja))], due, at,
				err) < 0)
				return -1;
		}
	}
	return 0;
}

/* The visit of pick ORG (OP: its operator) on a day of the fiscal year. */
static int visit(struct ctx *c, int64_t org, const struct op *op, struct kj_err *err)
{
	long first = days_from_civil(c->fy, 6, 1), last = days_from_civil(c->fy + 1, 3, 10);
	if (last > c->last)
		last = c->last;
	long day = first + kj_rng_below(&c->rng, (int)(last - first + 1));
	long iday = day + 14 + kj_rng_below(&c->rng, 20);
	int issued = kj_rng_below(&c->rng, 100) < ONSITE_ISSUED_PCT && iday <= c->last;
	int reply = issued && kj_rng_uniform(&c->rng) < 0.3;
	char on[16], created[32], issued_at[32], updated[32];
	day_text(day, on);
	stamp(day - 30, "09:30", created);
	stamp(issued ? iday : day, "15:00", issued_at);
	kj_strlcpy(updated, issued_at, sizeof updated);
	struct kj_demo_visit v = { c->survey, org, on, issued ? "issued" : "recorded",
				   issued ? issued_at : NULL, created, updated, c->nco };
	int64_t id;
	if (kj_store_demo_onsite_visit(c->g->st, &v, &id, err) < 0)
		return -1;
	const char *sector = op ? kj_demo_sector_code(op->sector) : "";
	int64_t second = !strcmp(sector, "medical") ? c->ministry
			 : !strcmp(sector, "water") ? c->ministry_env : c->surveyor;
	if ((c->nco && kj_store_demo_onsite_inspector(c->g->st, id, c->nco, err) < 0) ||
	    (second && kj_store_demo_onsite_inspector(c->g->st, id, second, err) < 0))
		return -1;
	if (items(c, op, org, id, day, issued, iday, reply, err) < 0)
		return -1;
	return !issued ? 0 : kj_store_demo_onsite_event(c->g->st, c->survey, id, issued_at, c->nco,
							"demo", "visit.issue",
							"実地調査の報告書を発行しました", err);
}

int kj_demo_onsite(struct gen *g, int fy, const struct year_std *ys, struct kj_err *err)
{
	struct kj_analysis_survey qs;
	int found, fail = 0;
	struct ctx c = { .g = g, .fy = fy, .ys = ys, .last = g->today - 1 };
	c.rng = g->o->seed ^ 0x6f6e73697465ULL ^ (uint64_t)fy;	/* "onsite" */
	if (kj_store_analysis_survey(g->st, fy, &qs, &found, err) < 0)
		return -1;
	if (!found || days_from_civil(fy + 1, 4, 1) > g->today)
		return 0;
	c.qsurvey = qs.id;
	c.nco = user_id(g->st, "demo-nco", err, &fail);
	c.ministry = user_id(g->st, "demo-ministry", err, &fail);
	c.ministry_env = user_id(g->st, "demo-ministry-env", err, &fail);
	c.surveyor = user_id(g->st, "demo-surveyor", err, &fail);
	if (fail)
		return -1;
	struct means m = { NULL, 0, 0 };
	int rc = -1;
	if (kj_store_demo_onsite_means(g->st, qs.id, on_mean, &m, err) < 0)
		goto out;
	if (!m.n) {
		rc = 0;
		goto out;
	}
	qsort(m.v, (size_t)m.n, sizeof *m.v, by_mean);
	long nlow = m.n * ONSITE_LOWEST_PERMILLE / 1000, nrand = m.n * ONSITE_RANDOM_PERMILLE / 1000;
	nlow = nlow < ONSITE_LOWEST_MIN ? ONSITE_LOWEST_MIN : nlow;
	nrand = nrand < ONSITE_RANDOM_MIN ? ONSITE_RANDOM_MIN : nrand;
	if (nlow > m.n)
		nlow = m.n;
	if (nrand > m.n - nlow)
		nrand = m.n - nlow;
	int64_t seed = (int64_t)(kj_rng_next(&c.rng) & 0x7fffffffULL);
	char title_ja[200], fyja[32], title_en[120], opens[16], closes[16], created[32],
	     approved[32], rules[160];
	kj_fiscal_year_text(fy, KJ_DATE_JA, fyja, sizeof fyja);
	snprintf(title_ja, sizeof title_ja, "%s 重要インフラ事業者等への実地調査", fyja);
	snprintf(title_en, sizeof title_en, "FY%d on-site survey of CI operators", fy);
	day_text(days_from_civil(fy, 5, 1), opens);
	day_text(days_from_civil(fy + 1, 3, 31), closes);
	stamp(days_from_civil(fy, 4, 20), "10:00", created);
	stamp(days_from_civil(fy, 5, 20), "16:00", approved);
	snprintf(rules, sizeof rules, "{\"lowest\":{\"n\":%ld},\"random\":{\"n\":%ld,\"seed\":%lld}}",
		 nlow, nrand, (long long)seed);
	int64_t sel;
	if (kj_store_demo_onsite_survey(g->st, fy, qs.version_id, title_ja, title_en, opens, closes,
					created, &c.survey, err) < 0 ||
	    kj_store_demo_onsite_selection(g->st, c.survey, rules, seed, created, c.nco, approved,
					   c.nco, &sel, err) < 0 ||
	    kj_store_demo_onsite_event(g->st, c.survey, 0, approved, c.nco, "demo",
				       "selection.approve", "選定を承認しました", err) < 0)
		goto out;
	/* The lowest first, then a draw without replacement from the others. */
	uint64_t draw = (uint64_t)seed;
	for (long i = 0, ord = 1; i < nlow + nrand; i++, ord++) {
		long at = i;
		if (i >= nlow) {
			long left = 0;
			for (long j = nlow; j < m.n; j++)
				left += !m.v[j].taken;
			long k = kj_rng_below(&draw, (int)left);
			for (at = nlow; at < m.n && (m.v[at].taken || k-- > 0); at++)
				;
		}
		m.v[at].taken = 1;
		const struct op *op = find_op(g, m.v[at].org);
		char detail[96];
		if (i < nlow)
			snprintf(detail, sizeof detail, "{\"mean\":%.2f}", m.v[at].mean);
		else
			snprintf(detail, sizeof detail, "{\"draw\":%ld}", i - nlow + 1);
		if (kj_store_demo_onsite_pick(g->st, sel, m.v[at].org,
					      op ? kj_demo_sector_code(op->sector) : "government",
					      (int)ord, i < nlow ? "lowest" : "random", detail,
					      err) < 0 ||
		    visit(&c, m.v[at].org, op, err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(m.v);
	return rc;
}
