/*
 * The demo dataset generator. The mix of sectors follows the national
 * planning figures (hospitals and local governments dominate by count), the
 * size mix differs by sector, and each operator's maturity depends on its
 * sector and size; each requirement has its own difficulty, so the level
 * distributions that the analysis pages show are neither flat nor uniform.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/catalog.h"
#include "model/corpnum.h"
#include "model/audit.h"
#include "model/demo.h"
#include "model/safety.h"
#include "model/user.h"
#include "store/store_safety.h"
#include "model/reference.h"

/* splitmix64: small, fast, and the same on every platform. */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
	return (double)(next(s) >> 11) * (1.0 / 9007199254740992.0);
}

static int below(uint64_t *s, int n)
{
	return (int)(uniform(s) * n);
}

/* Approximately normal (Irwin–Hall of 4), mean 0, sd 1. */
static double gauss(uint64_t *s)
{
	return (uniform(s) + uniform(s) + uniform(s) + uniform(s) - 2.0) * 1.7320508;
}

struct sector_profile {
	const char *code;
	int weight;		/* per mille of operators */
	int large, medium;	/* per cent; the rest are small/regional */
	double maturity;	/* mean level before size effects */
	const char *suffix_ja, *suffix_kana;
};

static const struct sector_profile sectors[] = {
	{ "ict",         80, 20, 40, 2.6, "通信", "ツウシン" },
	{ "finance",     90, 25, 45, 2.9, "銀行", "ギンコウ" },
	{ "aviation",    10, 50, 30, 2.8, "航空", "コウクウ" },
	{ "airport",     15, 30, 40, 2.3, "空港ビル", "クウコウビル" },
	{ "railway",     15, 35, 35, 2.5, "鉄道", "テツドウ" },
	{ "electricity", 35, 30, 30, 2.7, "電力", "デンリョク" },
	{ "gas",         20, 15, 35, 2.3, "ガス", "ガス" },
	{ "government",  95, 10, 35, 2.1, "", "" },
	{ "medical",    400,  5, 25, 1.7, "病院", "ビョウイン" },
	{ "water",       70,  8, 30, 1.9, "水道企業団", "スイドウキギョウダン" },
	{ "logistics",   60, 15, 35, 2.2, "物流", "ブツリュウ" },
	{ "chemical",    40, 30, 40, 2.4, "化学", "カガク" },
	{ "credit",      25, 40, 40, 2.8, "カード", "カード" },
	{ "petroleum",   15, 45, 35, 2.5, "石油", "セキユ" },
	{ "port",        25, 15, 40, 2.0, "港運", "コウウン" },
	{ "postal",       5, 60, 20, 2.7, "郵便", "ユウビン" },
};
#define NSECTORS ((int)(sizeof sectors / sizeof sectors[0]))

static const struct { const char *ja, *kana; } morphemes[] = {
	{ "青葉", "アオバ" }, { "朝日", "アサヒ" }, { "桜", "サクラ" },
	{ "松原", "マツバラ" }, { "緑川", "ミドリカワ" }, { "東和", "トウワ" },
	{ "大和", "ヤマト" }, { "富士見", "フジミ" }, { "若葉", "ワカバ" },
	{ "高砂", "タカサゴ" }, { "白鳥", "シラトリ" }, { "日の出", "ヒノデ" },
	{ "港南", "コウナン" }, { "北斗", "ホクト" }, { "明星", "ミョウジョウ" },
	{ "千歳", "チトセ" }, { "浜風", "ハマカゼ" }, { "山吹", "ヤマブキ" },
	{ "清水", "シミズ" }, { "光", "ヒカリ" }, { "さくら野", "サクラノ" },
	{ "中央", "チュウオウ" }, { "西海", "サイカイ" }, { "東邦", "トウホウ" },
	{ "南陽", "ナンヨウ" }, { "北陸", "ホクリク" }, { "瑞穂", "ミズホ" },
	{ "葵", "アオイ" }, { "紅葉", "モミジ" }, { "常盤", "トキワ" },
};
#define NMORPH ((int)(sizeof morphemes / sizeof morphemes[0]))

/* Population by prefecture in ten thousands (rounded), JIS order. */
static const int pref_pop[KJ_PREFECTURES] = {
	514, 120, 118, 228, 93, 104, 179, 284, 191, 191, 734, 627, 1404, 923,
	215, 102, 111, 75, 80, 202, 194, 356, 750, 174, 141, 255, 878, 540,
	130, 90, 54, 66, 186, 276, 131, 70, 93, 131, 67, 510, 80, 128, 172,
	111, 105, 156, 147,
};

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
	if (!strcmp(q->id, "3.2.4-2") || !strcmp(q->id, "3.4.3.3-2"))
		d += 0.6;	/* risk finance, backup recovery tests: rare */
	return d;
}

/* Requirements an operator may answer N/A, with the reason given. */
static const char *na_reason(const struct kj_requirement *q, int small, uint64_t *s)
{
	if (!strncmp(q->section, "3.4.7", 5) && uniform(s) < (small ? 0.35 : 0.08))
		return "クラウドサービスを利用していないため";
	if (!strcmp(q->section, "3.4.6.2") && uniform(s) < (small ? 0.25 : 0.05))
		return "テレワーク及び遠隔制御を行っていないため";
	if (!strcmp(q->id, "3.2.9-2") && uniform(s) < 0.5 * small)
		return "海外拠点を有しないため";
	return NULL;
}

int kj_municipality_check_digit(const char *code5)
{
	static const int w[5] = { 6, 5, 4, 3, 2 };
	int sum = 0;
	for (int i = 0; i < 5; i++) {
		if (code5[i] < '0' || code5[i] > '9')
			return -1;
		sum += (code5[i] - '0') * w[i];
	}
	return (11 - sum % 11) % 10;
}

struct op {
	int64_t id;
	int sector;		/* index into sectors */
	int second;		/* a second sector, or -1 */
	int size;		/* 0 large, 1 medium, 2 small */
	double maturity;
};

/* Municipality codes handed out so far, per prefecture. */
struct alloc {
	int muni_next[KJ_PREFECTURES];
	unsigned char pref_taken[KJ_PREFECTURES];
};

static int pick_weighted(uint64_t *s, const int *w, int n, int total)
{
	int x = below(s, total);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

static int make_org(struct kj_store *st, uint64_t *rng, long i,
		    const struct kj_prefecture *prefs, int pref_total,
		    struct alloc *al, struct op *op, struct kj_err *err)
{
	int sw[NSECTORS], pw[KJ_PREFECTURES];
	for (int k = 0; k < NSECTORS; k++)
		sw[k] = sectors[k].weight;
	for (int k = 0; k < KJ_PREFECTURES; k++)
		pw[k] = pref_pop[k];
	op->sector = pick_weighted(rng, sw, NSECTORS, 1000);
	const struct sector_profile *sp = &sectors[op->sector];
	int x = below(rng, 100);
	op->size = x < sp->large ? 0 : x < sp->large + sp->medium ? 1 : 2;
	op->second = -1;
	/* A few groups run in two sectors (e.g. electricity and gas). */
	if (uniform(rng) < 0.02) {
		op->second = below(rng, NSECTORS);
		if (op->second == op->sector)
			op->second = -1;
	}
	int pref = pick_weighted(rng, pw, KJ_PREFECTURES, pref_total);

	char corp[24], base[24], muni[24], name[160], kana[200];
	struct kj_org o = { 0 };
	int gov = !strcmp(sp->code, "government");
	/*
	 * Municipality codes are handed out in order within a prefecture (the
	 * prefecture itself is xx000); past the 899 a code can hold, or for a
	 * prefecture already present, the operator is a public body instead.
	 */
	int city = 0;
	if (gov && op->size == 0 && !al->pref_taken[pref]) {
		al->pref_taken[pref] = 1;
	} else if (gov) {
		op->size = op->size == 0 ? 1 : op->size;
		city = 100 + al->muni_next[pref];
		if (city > 999)
			gov = 0;
		else
			al->muni_next[pref]++;
	}
	const char *m1 = morphemes[below(rng, NMORPH)].ja;
	int mi = below(rng, NMORPH);
	if (gov) {
		/* A local government: municipality code, and corporate number 000020 + code. */
		char code5[24];
		snprintf(code5, sizeof code5, "%05d", (pref + 1) * 1000 + city);
		snprintf(muni, sizeof muni, "%05d%d", (pref + 1) * 1000 + city,
			 kj_municipality_check_digit(code5));
		snprintf(base, sizeof base, "000020%.6s", muni);
		if (op->size == 0)
			snprintf(name, sizeof name, "%s", prefs[pref].name_ja);
		else
			snprintf(name, sizeof name, "%s%s", morphemes[mi].ja,
				 op->size == 1 ? "市" : "町");
		/* A prefecture's reading is not in the reference data: left empty. */
		snprintf(kana, sizeof kana, "%s%s", op->size == 0 ? "" : morphemes[mi].kana,
			 op->size == 0 ? "" : op->size == 1 ? "シ" : "チョウ");
		o.local_gov = 1;
		o.municipality_code = muni;
	} else {
		/* Registry office-like prefix, then a serial unique to the operator. */
		snprintf(base, sizeof base, "%012llu", (unsigned long long)(pref + 1) * 10000000000ULL +
			 (unsigned long long)(op->sector + 1) * 100000000ULL + (unsigned long long)i + 1);
		if (!strcmp(sp->code, "medical"))
			snprintf(name, sizeof name, "医療法人%s会 %s%s", m1,
				 morphemes[mi].ja, sp->suffix_ja);
		else if (!strcmp(sp->code, "government"))
			snprintf(name, sizeof name, "%s%s広域連合", prefs[pref].name_ja,
				 morphemes[mi].ja);
		else if (!strcmp(sp->code, "water"))
			snprintf(name, sizeof name, "%s%s", morphemes[mi].ja, sp->suffix_ja);
		else
			snprintf(name, sizeof name, "%s%s株式会社", morphemes[mi].ja,
				 sp->suffix_ja);
		snprintf(kana, sizeof kana, "%s%s", morphemes[mi].kana, sp->suffix_kana);
	}
	snprintf(corp, sizeof corp, "%d%.12s", kj_corpnum_check_digit(base), base);
	o.corporate_number = corp;
	o.name_ja = name;
	o.name_kana = kana[0] ? kana : NULL;
	o.size_class = op->size == 0 ? "large" : op->size == 1 ? "medium" : "small";
	o.core_infra = op->size == 0 && !o.local_gov && strcmp(sp->code, "medical") &&
		       uniform(rng) < 0.6;
	o.ceptoar_member = uniform(rng) < (op->size == 2 ? 0.55 : 0.9);
	o.prefecture = prefs[pref].code;
	op->maturity = sp->maturity + (op->size == 0 ? 0.5 : op->size == 1 ? 0.1 : -0.3) +
		       gauss(rng) * 0.55;

	const char *sec[2] = { sp->code, op->second >= 0 ? sectors[op->second].code : NULL };
	return kj_store_org_add(st, &o, sec, op->second >= 0 ? 2 : 1, &op->id, err);
}

/*
 * One account per role, and a second ministry, all with KJ_DEMO_PASSWORD:
 * demo-ministry is 厚生労働省 (medical), demo-ministry-env 環境省 (water,
 * which 国土交通省 holds too); the CEPTOAR looks after the medical sector,
 * the operator is the first medical operator generated.
 */
static int make_users(struct kj_store *st, const struct op *ops, long nops,
		      struct kj_err *err)
{
	/* Two ministries: 厚生労働省 (medical, whole) and 環境省 (water, whole,
	 * beside 国土交通省); each also holds its own government services. */
	static const struct {
		const char *login, *name; enum kj_role role; const char *ministry;
	} users[] = {
		{ "demo-nco", "統括 太郎", KJ_ROLE_NCO, NULL },
		{ "demo-ministry", "所管 花子", KJ_ROLE_MINISTRY, "mhlw" },
		{ "demo-ministry-env", "環境 水子", KJ_ROLE_MINISTRY, "env" },
		{ "demo-operator", "事業 一郎", KJ_ROLE_OPERATOR, NULL },
		{ "demo-hq", "本部 次郎", KJ_ROLE_HQ, NULL },
		{ "demo-surveyor", "調査 三郎", KJ_ROLE_SURVEYOR, NULL },
		{ "demo-ceptoar", "情報 共子", KJ_ROLE_CEPTOAR, NULL },
		{ "demo-auditor", "監査 四郎", KJ_ROLE_AUDITOR, NULL },
	};
	char hash[KJ_PWHASH_MAX];
	int64_t op_org = ops[0].id;
	for (long i = 0; i < nops; i++)
		if (!strcmp(sectors[ops[i].sector].code, "medical")) {
			op_org = ops[i].id;
			break;
		}
	if (kj_password_hash(KJ_DEMO_PASSWORD, hash, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		struct kj_user u = { 0 };
		kj_strlcpy(u.login, users[i].login, sizeof u.login);
		kj_strlcpy(u.display_name, users[i].name, sizeof u.display_name);
		kj_strlcpy(u.password_hash, hash, sizeof u.password_hash);
		u.role = users[i].role;
		if (u.role == KJ_ROLE_OPERATOR)
			u.org_id = op_org;
		if (users[i].ministry)
			kj_strlcpy(u.ministry, users[i].ministry, sizeof u.ministry);
		if (u.role == KJ_ROLE_CEPTOAR) {
			kj_strlcpy(u.sectors[0], "medical", sizeof u.sectors[0]);
			u.nsectors = 1;
		}
		if (kj_store_user_add(st, &u, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * In government services each ministry holds only its own services; the
 * demo's operators there are local governments, which are 総務省's.
 */
static int assign_government(struct kj_store *st, struct kj_err *err)
{
	return kj_store_org_assign_sector(st, "government", "mic", err);
}

/*
 * Safety standards for every sector: a ministry guideline (class 2) for
 * all, a binding technical standard (class 1) where the sector has one, an
 * industry standard (class 3); clauses covering most, but not all, of the
 * Part 3 requirements, with more gaps in detection, response and trends,
 * and in sectors whose standards are younger.
 */
static int make_safety(struct kj_store *st, const struct kj_catalog *cat,
		       uint64_t *rng, const char *actor, struct kj_err *err)
{
	static const double share[] = {
		/* per sector in the order of `sectors`: how much class 1-2 covers */
		0.8, 0.95, 0.85, 0.6, 0.8, 0.9, 0.75, 0.55, 0.5, 0.45, 0.5, 0.6, 0.85, 0.7, 0.45, 0.7,
	};
	static const int binding[] = { 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0 };
	int nrec = 0, cap = NSECTORS * 3 * KJ_CATALOG_REQ_MAX / 10;
	struct kj_clause_record *recs = calloc((size_t)cap, sizeof *recs);
	if (!recs) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	for (int s = 0; s < NSECTORS && s < cat->nsectors; s++) {
		const struct kj_sector *sec = &cat->sectors[s];
		const char *ministry = cat->ministries[sec->ministries[0]].name_ja;
		for (int doc = 0; doc < 3; doc++) {
			int cls = doc == 0 ? (binding[s] ? 1 : 2) : doc == 1 ? 2 : 3;
			if (doc == 1 && !binding[s])
				continue;	/* the guideline is then the first document */
			int nclause = 0;
			for (int r = 0; r < cat->nreqs && nrec < cap; ) {
				struct kj_clause_record *c = &recs[nrec];
				memset(c, 0, sizeof *c);
				snprintf(c->sector, sizeof c->sector, "%s", sec->code);
				c->class_n = cls;
				if (cls == 3)
					snprintf(c->issuer, sizeof c->issuer, "一般社団法人%s協会", sec->name_ja);
				else
					snprintf(c->issuer, sizeof c->issuer, "%s", ministry);
				snprintf(c->title, sizeof c->title, "%s",
					 cls == 1 ? "サイバーセキュリティに関する技術基準" :
					 cls == 2 ? "情報セキュリティ対策ガイドライン" :
						    "業界標準 情報セキュリティ管理基準");
				snprintf(c->version, sizeof c->version, "%s", cls == 3 ? "第3版" : "令和7年版");
				snprintf(c->issued_on, sizeof c->issued_on, "2025-%02d-01", 3 + doc * 3);
				nclause++;
				snprintf(c->number, sizeof c->number, "第%d条", nclause);
				/* Each clause covers a run of 1 to 4 requirements it keeps. */
				int run = 1 + below(rng, 4);
				for (int k = 0; k < run && r < cat->nreqs; k++, r++) {
					const struct kj_requirement *q = &cat->reqs[r];
					double p = cls == 3 ? 0.3 : share[s] - (q->function >= 3 ? 0.25 : 0.0);
					if (doc == 1)
						p *= 0.5;	/* the guideline fills some of the binding gaps */
					if (uniform(rng) >= p)
						continue;
					snprintf(c->reqs[c->nreqs++], KJ_ID_MAX, "%s", q->id);
				}
				c->partial = uniform(rng) < 0.2;
				snprintf(c->clause_title, sizeof c->clause_title, "%s",
					 cat->sections[cat->reqs[r - 1].section_index].title_ja);
				if (c->nreqs)
					nrec++;
			}
		}
	}
	struct kj_clause_import_stats st_stats;
	int rc = kj_store_clause_import(st, recs, nrec, cat->version, 0, actor, &st_stats, err);
	free(recs);
	return rc;
}

int kj_demo_generate(struct kj_store *st, const struct kj_demo_opts *o,
		     struct kj_demo_stats *stats, struct kj_err *err)
{
	memset(stats, 0, sizeof *stats);
	struct kj_store_counts c;
	struct kj_catalog cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	int64_t reqid[KJ_CATALOG_REQ_MAX];
	int nreq;
	if (kj_store_counts(st, &c, err) < 0)
		return -1;
	if (c.organisations > 0) {
		kj_err_set(err, "the database already holds %ld organisations; the demo "
			   "needs a new database", c.organisations);
		return -1;
	}
	if (kj_reference_prefectures(prefs, err) < 0 ||
	    kj_store_catalog_get(st, NULL, &cat, err) < 0)
		return -1;
	struct op *ops = calloc((size_t)o->operators, sizeof *ops);
	double *diff = calloc((size_t)cat.nreqs, sizeof *diff);
	if (!ops || !diff) {
		kj_err_set(err, "out of memory");
		goto fail_early;
	}
	if (kj_store_requirement_ids(st, cat.version, reqid, KJ_CATALOG_REQ_MAX,
				     &nreq, err) < 0)
		goto fail_early;
	if (nreq != cat.nreqs) {
		kj_err_set(err, "stored requirements do not match the catalog");
		goto fail_early;
	}
	for (int r = 0; r < nreq; r++)
		diff[r] = difficulty(&cat, r);

	uint64_t rng = o->seed ^ 0x6b696a756e000000ULL;	/* "kijun" */
	struct alloc al = { { 0 }, { 0 } };
	int pref_total = 0;
	for (int k = 0; k < KJ_PREFECTURES; k++)
		pref_total += pref_pop[k];
	if (kj_store_bulk_mode(st, 1, err) < 0 || kj_store_begin(st, err) < 0)
		goto fail_early;
	for (long i = 0; i < o->operators; i++) {
		if (make_org(st, &rng, i, prefs, pref_total, &al, &ops[i], err) < 0)
			goto fail;
		stats->organisations++;
	}
	if (make_users(st, ops, o->operators, err) < 0 || assign_government(st, err) < 0)
		goto fail;
	int first = o->last_year - o->years + 1;
	for (int fy = first; fy <= o->last_year; fy++) {
		char title_ja[160], title_en[160], fyja[32], when[64];
		int64_t survey;
		kj_fiscal_year_ja(fy, fyja, sizeof fyja);
		snprintf(title_ja, sizeof title_ja,
			 "%s 重要インフラ事業者等におけるサイバーセキュリティ対策の実施状況調査", fyja);
		snprintf(title_en, sizeof title_en,
			 "FY%d survey of cybersecurity measures at CI operators", fy);
		if (kj_store_survey_add(st, fy, cat.version, title_ja, title_en,
					fy == o->last_year ? "open" : "closed", &survey, err) < 0)
			goto fail;
		stats->surveys++;
		double growth = 0.18 * (fy - first);
		for (long i = 0; i < o->operators; i++) {
			struct op *op = &ops[i];
			const char *secs[2] = { sectors[op->sector].code,
				op->second >= 0 ? sectors[op->second].code : NULL };
			for (int k = 0; k < (op->second >= 0 ? 2 : 1); k++) {
				if (kj_store_target_add(st, fy, secs[k], op->id, err) < 0)
					goto fail;
				stats->targets++;
			}
			int64_t resp;
			snprintf(when, sizeof when, "%d-%02d-%02dT%02d:%02d:00Z",
				 fy, 11 + below(&rng, 2), 1 + below(&rng, 28),
				 9 + below(&rng, 9), below(&rng, 60));
			if (kj_store_response_add(st, survey, op->id, "submitted", when,
						  &resp, err) < 0)
				goto fail;
			stats->responses++;
			for (int r = 0; r < nreq; r++) {
				const char *na = na_reason(&cat.reqs[r], op->size == 2, &rng);
				int level = -1;
				if (!na) {
					double v = op->maturity + growth - diff[r] + gauss(&rng) * 0.7;
					level = (int)lround(v);
					level = level < 0 ? 0 : level > 4 ? 4 : level;
				}
				if (kj_store_answer_add(st, resp, reqid[r], level, na, err) < 0)
					goto fail;
				stats->answers++;
			}
			if (o->progress && (i % 500 == 499 || i + 1 == o->operators))
				o->progress(o->progress_ctx, fy, i + 1, o->operators);
		}
	}
	char detail[160];
	snprintf(detail, sizeof detail, "{\"operators\":%ld,\"seed\":%llu,\"years\":%d}",
		 o->operators, (unsigned long long)o->seed, o->years);
	if (make_safety(st, &cat, &rng, o->actor ? o->actor : "system", err) < 0 ||
	    kj_audit_log(st, 0, o->actor ? o->actor : "system", "demo.generate",
			 NULL, NULL, detail, err) < 0 || kj_store_commit(st, err) < 0)
		goto fail;
	kj_store_bulk_mode(st, 0, err);
	free(ops);
	free(diff);
	kj_catalog_free(&cat);
	return 0;
fail:
	kj_store_rollback(st);
	kj_store_bulk_mode(st, 0, NULL);
fail_early:
	free(ops);
	free(diff);
	kj_catalog_free(&cat);
	memset(stats, 0, sizeof *stats);
	return -1;
}
