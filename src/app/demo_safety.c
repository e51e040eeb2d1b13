/*
 * The demo's safety standards (安全基準等, §1.4 fn. 10), by class:
 *
 *   ② a guideline of the sector's ministry, for every sector;
 *   ① a mandatory technical standard where law sets one (ICT, electricity,
 *     gas, railway, aviation, water ...);
 *   ③ an industry guideline of an (invented) industry association in
 *     several sectors, covering some requirements the government documents
 *     do not, and restating some they do;
 *   ④ the internal rules of a few operators of the registry, covering some
 *     requirements nothing else in their sector covers.
 *
 * So the heat map shows all four states: government, industry, only some
 * operators' rules, and none. The government documents cover less of
 * detection, response and trends, and less in sectors whose standards are
 * younger. Every name of an association or document is invented.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/catalog.h"
#include "app/demo.h"
#include "app/demo_rng.h"
#include "model/registry.h"
#include "model/safety.h"
#include "store/store_org_list.h"
#include "app/safety_import.h"
#include "store/store_safety.h"

/* Internal-rule operators picked per sector, from the first CANDIDATES of
 * the sector: demo names repeat, and a document is known by its title. */
#define RULE_OPERATORS	2
#define CANDIDATES	8

/*
 * Per sector: how much its government documents cover, the title of its
 * mandatory standard (NULL: the law sets none, the guideline is the
 * ministry's only document), the industry association (NULL: none) and
 * whether a few operators' internal rules are added.
 */
static const struct sector_safety {
	const char *code;
	double share;
	const char *mandatory;
	const char *association;
	int internal_rules;
} plan[] = {
	{ "ict", 0.8, "情報通信ネットワーク安全・信頼性に関する技術基準",
	  "一般社団法人 通信ネットワーク防護推進協会", 1 },
	{ "finance", 0.95, NULL, "一般社団法人 金融システム安全対策協議会", 1 },
	{ "aviation", 0.85, "航空運送事業の安全管理に関する技術基準", NULL, 0 },
	{ "airport", 0.6, "空港施設の保安に関する技術基準", NULL, 0 },
	{ "railway", 0.8, "鉄道の運転保安設備に関する技術基準", NULL, 0 },
	{ "electricity", 0.9, "電気設備のサイバーセキュリティに関する技術基準",
	  "一般社団法人 電力制御システム防護協会", 1 },
	{ "gas", 0.75, "ガス工作物のサイバーセキュリティに関する技術基準",
	  "一般社団法人 都市ガス保安技術協会", 0 },
	{ "government", 0.55, NULL, NULL, 1 },
	{ "medical", 0.5, NULL, "一般社団法人 医療情報安全管理推進協会", 1 },
	{ "water", 0.45, "水道施設の情報システムに関する技術基準", NULL, 1 },
	{ "logistics", 0.5, NULL, "一般社団法人 物流情報システム安全協議会", 0 },
	{ "chemical", 0.6, NULL, "一般社団法人 化学プラント制御安全協会", 0 },
	{ "credit", 0.85, NULL, "一般社団法人 カード決済セキュリティ協議会", 1 },
	{ "petroleum", 0.7, "石油精製設備の保安に関する技術基準", NULL, 0 },
	{ "port", 0.45, "港湾運送事業の情報システムに関する技術基準", NULL, 0 },
	{ "postal", 0.7, NULL, NULL, 0 },
};
#define NPLAN ((int)(sizeof plan / sizeof plan[0]))

struct recs {
	struct kj_clause_record *r;
	int n, cap;
};

/* The attributes of one document. */
struct doc {
	const char *sector, *issuer, *title, *version, *issued_on;
	int class_n;
	const char *corporate_number;	/* class ④ */
	int64_t org;			/* class ④ */
	double partial;			/* probability that a clause covers only partly */
};

/*
 * Adds the clauses of document D covering the requirements WANT marks:
 * runs of 1 to 4 consecutive requirements of one section per clause, each
 * clause headed by that section's title and stating what its requirements
 * say, so a reader sees why the clause maps to them (a clause titled
 * 組織内外のコミュニケーション covers 3.2.3-x and nothing else). Marks them
 * in COVERED.
 */
/* The clause's text: what the requirements from R on (at most RUN, of R's
 * section, marked in WANT) say, one paragraph each. */
static int clause_text(struct kj_clause_record *c, const struct kj_catalog *cat, int r,
		       int run, const unsigned char *want)
{
	size_t len = 0;
	for (int k = r; k < r + run && k < cat->nreqs && want[k] &&
			cat->reqs[k].section_index == cat->reqs[r].section_index; k++)
		len += strlen(cat->reqs[k].text_ja) + 1;
	c->text = malloc(len + 1);
	if (!c->text)
		return -1;
	c->text[0] = '\0';
	size_t at = 0;
	for (int k = r; k < r + run && k < cat->nreqs && want[k] &&
			cat->reqs[k].section_index == cat->reqs[r].section_index; k++)
		at += (size_t)snprintf(c->text + at, len + 1 - at, "%s%s", k > r ? "\n" : "",
				       cat->reqs[k].text_ja);
	return 0;
}

static int add_doc(struct recs *rs, const struct kj_catalog *cat, const struct doc *d,
		   const unsigned char *want, unsigned char *covered, uint64_t *rng)
{
	int nclause = 0;
	for (int r = 0; r < cat->nreqs; ) {
		if (!want[r]) {
			r++;
			continue;
		}
		if (rs->n >= rs->cap)
			return -1;
		struct kj_clause_record *c = &rs->r[rs->n];
		memset(c, 0, sizeof *c);
		snprintf(c->sector, sizeof c->sector, "%s", d->sector);
		c->class_n = d->class_n;
		snprintf(c->issuer, sizeof c->issuer, "%s", d->issuer);
		snprintf(c->title, sizeof c->title, "%s", d->title);
		snprintf(c->version, sizeof c->version, "%s", d->version);
		snprintf(c->issued_on, sizeof c->issued_on, "%s", d->issued_on);
		if (d->class_n == 4) {
			snprintf(c->corporate_number, sizeof c->corporate_number, "%s",
				 d->corporate_number);
			c->organisation_id = d->org;
		}
		snprintf(c->number, sizeof c->number, "第%d条", ++nclause);
		int run = 1 + kj_rng_below(rng, 4), section = cat->reqs[r].section_index;
		if (clause_text(c, cat, r, run, want) < 0)
			return -1;
		for (int k = 0; k < run && r < cat->nreqs && want[r] &&
				cat->reqs[r].section_index == section; k++, r++) {
			snprintf(c->reqs[c->nreqs++], KJ_ID_MAX, "%s", cat->reqs[r].id);
			covered[r] = 1;
		}
		c->partial = kj_rng_uniform(rng) < d->partial;
		snprintf(c->clause_title, sizeof c->clause_title, "%s",
			 cat->sections[section].title_ja);
		rs->n++;
	}
	return 0;
}

/* "令和7年版" for 2025: the edition label of a document issued in YEAR. */
static void edition(int year, char *out, size_t n)
{
	if (year >= 2020)
		snprintf(out, n, "令和%d年版", year - 2018);
	else if (year == 2019)
		snprintf(out, n, "令和元年版");
	else
		snprintf(out, n, "平成%d年版", year - 1988);
}

int kj_demo_make_safety(struct kj_store *st, const struct kj_catalog *cat,
			uint64_t *rng, const char *actor, int year, struct kj_err *err)
{
	char ed[32], on[4][16];
	if (year < 1990 || year > 9998) {
		kj_err_set(err, "demo safety standards: year %d out of range", year);
		return -1;
	}
	edition(year, ed, sizeof ed);
	snprintf(on[0], sizeof on[0], "%04d-03-01", year);
	snprintf(on[1], sizeof on[1], "%04d-06-01", year);
	snprintf(on[2], sizeof on[2], "%04d-09-01", year);
	snprintf(on[3], sizeof on[3], "%04d-04-01", year - 1);
	int nr = cat->nreqs;
	struct recs rs = { NULL, 0, NPLAN * (4 + RULE_OPERATORS) * KJ_CATALOG_REQ_MAX };
	unsigned char *want = calloc((size_t)nr, 1), *gov = calloc((size_t)nr, 1);
	unsigned char *sector_cov = calloc((size_t)nr, 1);
	struct kj_org_record *orgs = calloc(CANDIDATES, sizeof *orgs);
	rs.r = calloc((size_t)rs.cap, sizeof *rs.r);
	int rc = -1;
	if (!want || !gov || !sector_cov || !orgs || !rs.r) {
		kj_err_set(err, "out of memory");
		goto done;
	}
	for (int p = 0; p < NPLAN; p++) {
		const struct sector_safety *pl = &plan[p];
		const struct kj_sector *sec = kj_catalog_sector(cat, pl->code);
		if (!sec)
			continue;
		const char *ministry = cat->ministries[sec->ministries[0]].name_ja;
		memset(gov, 0, (size_t)nr);

		/* ① where law sets a mandatory standard, then ② the ministry's
		 * guideline, filling some of what ① leaves (or, alone, the lot). */
		if (pl->mandatory) {
			for (int r = 0; r < nr; r++)
				want[r] = kj_rng_uniform(rng) <
					  pl->share - (cat->reqs[r].function >= 3 ? 0.25 : 0.0);
			struct doc d = { pl->code, ministry, pl->mandatory, ed, on[0], 1, NULL,
					 0, 0.15 };
			if (add_doc(&rs, cat, &d, want, gov, rng) < 0)
				goto full;
		}
		for (int r = 0; r < nr; r++) {
			double p_ = pl->share - (cat->reqs[r].function >= 3 ? 0.25 : 0.0);
			want[r] = pl->mandatory ? !gov[r] && kj_rng_uniform(rng) < p_ * 0.5
						: kj_rng_uniform(rng) < p_;
		}
		char title[400];
		snprintf(title, sizeof title, "%s分野における情報セキュリティ確保に係るガイドライン",
			 sec->name_ja);
		struct doc g = { pl->code, ministry, title, "第5版", on[1], 2, NULL, 0, 0.2 };
		if (add_doc(&rs, cat, &g, want, gov, rng) < 0)
			goto full;
		memcpy(sector_cov, gov, (size_t)nr);

		/* ③ the association's guideline: about half of the government gaps,
		 * and a fifth of what the government documents already say. */
		if (pl->association) {
			for (int r = 0; r < nr; r++)
				want[r] = kj_rng_uniform(rng) < (gov[r] ? 0.2 : 0.5);
			snprintf(title, sizeof title, "%s事業者のためのサイバーセキュリティ対策ガイドライン",
				 sec->name_ja);
			struct doc d = { pl->code, pl->association, title, "第3版", on[2], 3,
					 NULL, 0, 0.25 };
			if (add_doc(&rs, cat, &d, want, sector_cov, rng) < 0)
				goto full;
		}

		/* ④ a few operators' own rules: some of what nothing else covers,
		 * and some of what the sector's standards say already. */
		if (pl->internal_rules) {
			kj_sector_code one[1];
			struct kj_org_scope sc = { (const kj_sector_code *)one, 1, 0, NULL };
			int64_t ids[CANDIDATES];
			int n = 0, picked = 0;
			long total = 0;
			snprintf(one[0], sizeof one[0], "%s", pl->code);
			if (kj_store_org_list(st, &sc, 0, orgs, ids, CANDIDATES, &n, &total, err) < 0)
				goto done;
			for (int o = 0; o < n && picked < RULE_OPERATORS; o++) {
				int twin = 0;
				for (int k = 0; k < o; k++)
					twin |= !strcmp(orgs[k].name_ja, orgs[o].name_ja);
				if (twin)
					continue;	/* its rules would have the other's title */
				picked++;
				unsigned char scratch_cov[KJ_CATALOG_REQ_MAX];
				for (int r = 0; r < nr; r++)
					want[r] = kj_rng_uniform(rng) < (sector_cov[r] ? 0.15 : 0.35);
				snprintf(title, sizeof title, "%s 情報セキュリティ規程", orgs[o].name_ja);
				struct doc d = { pl->code, orgs[o].name_ja, title, "", on[3], 4,
						 orgs[o].corporate_number, ids[o], 0.3 };
				memset(scratch_cov, 0, sizeof scratch_cov);
				if (add_doc(&rs, cat, &d, want, scratch_cov, rng) < 0)
					goto full;
			}
		}
	}
	struct kj_clause_import_stats stats;
	const struct kj_actor who = { NULL, 0, actor };
	rc = kj_app_safety_save(st, &who, rs.r, rs.n, cat->version, &stats, err);
	goto done;
full:
	kj_err_set(err, "too many demo clauses");
done:
	for (int i = 0; rs.r && i < rs.n; i++)
		free(rs.r[i].text);
	free(rs.r);
	free(want);
	free(gov);
	free(sector_cov);
	free(orgs);
	return rc;
}
