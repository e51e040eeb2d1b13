/*
 * The demo's registry: a population a ministry official recognises.
 * Sector sizes and size mixes are scaled from the national planning figure
 * of 20,000 operators; local governments are the real bodies of
 * data/reference/local_governments.json (a municipality that runs its water
 * supply is one organisation in two sectors); other operators have invented
 * names in each sector's usual shapes. Each operator's maturity depends on
 * its sector and size, and it lacks some of the things a requirement can
 * be N/A for (demo_survey.c answers for it). Then one account per role.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/corpnum.h"
#include "model/reference.h"
#include "model/user.h"
#include "store/store_org.h"
#include "store/store_registry.h"
#include "store/store_users.h"
#include "app/demo_priv.h"
#include "app/demo_rng.h"

/*
 * A name shape: '@' stands for one invented stem, '#' for another. The
 * reading leaves out the legal form (株式会社), as the 法人番号 furigana does.
 */
struct name_form {
	const char *ja, *kana;
	unsigned sizes;		/* bit 0 large, bit 1 medium, bit 2 small */
};
#define L 1u
#define M 2u
#define S 4u
#define FORMS_MAX 6

struct sector_profile {
	const char *code;
	int per20k;		/* operators when the country has 20,000 */
	int large, medium;	/* per cent; the rest are small */
	double maturity;	/* mean level before size effects */
	/*
	 * Covered by the designated core-infrastructure system of the Economic
	 * Security Promotion Act (経済安全保障推進法, fn. 9 of the standard).
	 */
	int core;
	struct name_form forms[FORMS_MAX];
};

/*
 * In the order of the catalog's sectors. Sizes
 * from the public registers: about 8,000 hospitals, mostly small and
 * medium; banks, 信用金庫, 信用組合, insurers and securities houses; a
 * handful of large electricity companies among hundreds of small
 * retailers; some 200 city-gas utilities, mostly small; about 200 railways,
 * some 100 airports, a few dozen airlines, one postal operator. The
 * government sector is the prefectures and municipalities; water adds the
 * special local public bodies (企業団, 広域連合) to the municipalities that
 * run their own supply.
 */
static const struct sector_profile sectors[] = {
	{ "ict", 1850, 5, 25, 2.6, 1, {
		{ "@通信株式会社", "@ツウシン", L | M }, { "@テレコム株式会社", "@テレコム", L | M },
		{ "@放送株式会社", "@ホウソウ", M | S }, { "@ネットワークス株式会社", "@ネットワークス", M | S },
		{ "@ケーブルテレビ株式会社", "@ケーブルテレビ", S },
		{ "@エフエム放送株式会社", "@エフエムホウソウ", S } } },
	{ "finance", 1650, 8, 37, 2.9, 1, {
		{ "株式会社@銀行", "@ギンコウ", L | M }, { "@生命保険株式会社", "@セイメイホケン", L | M },
		{ "@損害保険株式会社", "@ソンガイホケン", L | M }, { "@証券株式会社", "@ショウケン", M | S },
		{ "@信用金庫", "@シンヨウキンコ", M | S }, { "@信用組合", "@シンヨウクミアイ", S } } },
	{ "aviation", 30, 10, 30, 2.8, 1, {
		{ "@航空株式会社", "@コウクウ", L | M | S }, { "@エアライン株式会社", "@エアライン", M | S },
		{ "@エア株式会社", "@エア", S } } },
	{ "airport", 100, 8, 27, 2.3, 1, {
		{ "@国際空港株式会社", "@コクサイクウコウ", L },
		{ "@空港ビルディング株式会社", "@クウコウビルディング", M | S },
		{ "@空港ターミナル株式会社", "@クウコウターミナル", M | S } } },
	{ "railway", 200, 8, 27, 2.5, 1, {
		{ "@電鉄株式会社", "@デンテツ", L | M }, { "@鉄道株式会社", "@テツドウ", L | M | S },
		{ "@交通株式会社", "@コウツウ", S }, { "@軌道株式会社", "@キドウ", S } } },
	{ "electricity", 1000, 3, 12, 2.7, 1, {
		{ "@電力送配電株式会社", "@デンリョクソウハイデン", L }, { "@発電株式会社", "@ハツデン", L | M },
		{ "@エナジー株式会社", "@エナジー", M | S }, { "@パワー株式会社", "@パワー", M | S },
		{ "@新電力株式会社", "@シンデンリョク", S }, { "@でんき株式会社", "@デンキ", S } } },
	{ "gas", 500, 3, 17, 2.3, 1, {
		{ "@ガス株式会社", "@ガス", L | M | S }, { "@瓦斯株式会社", "@ガス", M | S },
		{ "@ガス供給株式会社", "@ガスキョウキュウ", S } } },
	{ "government", 1640, 0, 0, 2.1, 0, { { NULL, NULL, 0 } } },
	{ "medical", 8300, 3, 22, 1.7, 0, {
		{ "学校法人@学園 @医科大学病院", "@ガクエン @イカダイガクビョウイン", L },
		{ "社会医療法人@会 #総合病院", "@カイ #ソウゴウビョウイン", L | M },
		{ "医療法人@会 #中央病院", "@カイ #チュウオウビョウイン", M | S },
		{ "医療法人@会 #病院", "@カイ #ビョウイン", M | S },
		{ "医療法人社団@会 #記念病院", "@カイ #キネンビョウイン", S } } },
	{ "water", 140, 0, 40, 1.9, 1, {
		{ "@広域水道企業団", "@コウイキスイドウキギョウダン", M | S },
		{ "@圏域水道企業団", "@ケンイキスイドウキギョウダン", M | S },
		{ "@地区水道企業団", "@チクスイドウキギョウダン", S },
		{ "@水道広域連合", "@スイドウコウイキレンゴウ", M | S } } },
	{ "logistics", 2339, 3, 22, 2.2, 1, {
		{ "@運輸株式会社", "@ウンユ", L | M | S }, { "@海運株式会社", "@カイウン", L | M },
		{ "@汽船株式会社", "@キセン", M }, { "@物流株式会社", "@ブツリュウ", M | S },
		{ "@ロジスティクス株式会社", "@ロジスティクス", M | S }, { "@運送株式会社", "@ウンソウ", S } } },
	{ "chemical", 1000, 10, 40, 2.4, 0, {
		{ "@化学工業株式会社", "@カガクコウギョウ", L | M | S }, { "@ケミカル株式会社", "@ケミカル", M | S },
		{ "@化成株式会社", "@カセイ", L | M | S } } },
	{ "credit", 350, 10, 35, 2.8, 1, {
		{ "@カード株式会社", "@カード", L | M | S }, { "@クレジット株式会社", "@クレジット", M | S },
		{ "@信販株式会社", "@シンパン", L | M }, { "@ペイメント株式会社", "@ペイメント", S } } },
	{ "petroleum", 200, 15, 40, 2.5, 1, {
		{ "@石油精製株式会社", "@セキユセイセイ", L | M }, { "@石油株式会社", "@セキユ", L | M | S },
		{ "@石油販売株式会社", "@セキユハンバイ", S }, { "@石油ガス株式会社", "@セキユガス", S } } },
	{ "port", 700, 5, 30, 2.0, 1, {
		{ "@港運株式会社", "@コウウン", L | M | S }, { "@港湾運送株式会社", "@コウワンウンソウ", M | S },
		{ "@埠頭株式会社", "@フトウ", L | M } } },
	{ "postal", 1, 100, 0, 2.7, 1, { { "@郵便株式会社", "@ユウビン", L } } },
};
#define NSECTORS ((int)(sizeof sectors / sizeof sectors[0]))
#define PER20K_TOTAL 20000
#define POSTAL_MAX 1		/* 郵便 is essentially one nationwide operator */

/*
 * Second sectors only where one legal entity really works in both: energy
 * groups (electricity and city gas, city gas and LPG/oil), a municipality
 * that runs its own water supply, a bank with its own card business, a
 * harbour transport company that also trucks. P is the chance for an
 * operator of the first sector to be in the second too.
 */
static const struct { const char *first, *second; double p; } pairs[] = {
	{ "electricity", "gas", 0.08 },
	{ "gas", "electricity", 0.25 },
	{ "petroleum", "gas", 0.2 },
	{ "government", "water", 0.7 },
	{ "finance", "credit", 0.04 },
	{ "port", "logistics", 0.15 },
};

/*
 * Words for invented names, chosen to be neutral: no brand, no group name,
 * no region that names a real utility (東京, 関西, 九州 …).
 */
struct word { const char *ja, *kana; };
static const struct word stem_words[] = {
	{ "青葉", "アオバ" }, { "若葉", "ワカバ" }, { "桜", "サクラ" }, { "松原", "マツバラ" },
	{ "緑川", "ミドリカワ" }, { "富士見", "フジミ" }, { "日の出", "ヒノデ" }, { "港南", "コウナン" },
	{ "浜風", "ハマカゼ" }, { "山吹", "ヤマブキ" }, { "葵", "アオイ" }, { "紅葉", "モミジ" },
	{ "白樺", "シラカバ" }, { "柏木", "カシワギ" }, { "楓", "カエデ" }, { "桂", "カツラ" },
	{ "椿", "ツバキ" }, { "藤波", "フジナミ" }, { "菖蒲", "アヤメ" }, { "野菊", "ノギク" },
	{ "柳原", "ヤナギハラ" }, { "梅園", "ウメゾノ" }, { "翠", "ミドリ" }, { "朝霧", "アサギリ" },
	{ "夕凪", "ユウナギ" }, { "潮見", "シオミ" }, { "汐風", "シオカゼ" }, { "星川", "ホシカワ" },
	{ "月見", "ツキミ" }, { "鈴蘭", "スズラン" }, { "雲雀", "ヒバリ" }, { "白鷺", "シラサギ" },
	{ "千鳥", "チドリ" }, { "清流", "セイリュウ" }, { "陽光", "ヨウコウ" }, { "蒼天", "ソウテン" },
	{ "東雲", "シノノメ" }, { "暁", "アカツキ" }, { "黎明", "レイメイ" }, { "稲穂", "イナホ" },
	{ "花園", "ハナゾノ" }, { "若竹", "ワカタケ" }, { "松風", "マツカゼ" }, { "青嵐", "セイラン" },
	{ "光風", "コウフウ" }, { "緑風", "リョクフウ" }, { "木漏れ日", "コモレビ" }, { "銀杏", "イチョウ" },
	{ "萩野", "ハギノ" }, { "桐生野", "キリウノ" }, { "槇", "マキ" }, { "杜若", "カキツバタ" },
};
static const struct word stem_before[] = {
	{ "新", "シン" }, { "東", "ヒガシ" }, { "西", "ニシ" }, { "南", "ミナミ" }, { "北", "キタ" },
};
static const struct word stem_after[] = {
	{ "台", "ダイ" }, { "が丘", "ガオカ" }, { "野", "ノ" }, { "の里", "ノサト" },
	{ "の森", "ノモリ" }, { "浦", "ウラ" },
};
#define NWORDS(a) ((int)(sizeof a / sizeof a[0]))

/* Population by prefecture in ten thousands (rounded), JIS order. */
static const int pref_pop[KJ_PREFECTURES] = {
	514, 120, 118, 228, 93, 104, 179, 284, 191, 191, 734, 627, 1404, 923,
	215, 102, 111, 75, 80, 202, 194, 356, 750, 174, 141, 255, 878, 540,
	130, 90, 54, 66, 186, 276, 131, 70, 93, 131, 67, 510, 80, 128, 172,
	111, 105, 156, 147,
};
#define TOKYO 12		/* index of 東京都: most large operators have their head office there */

/* --- names ----------------------------------------------------------------- */

static uint64_t name_hash(int sector, const char *name)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(sector + 1);
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h ? h : 1;
}

/* 1 if NAME was new in SECTOR (and is now taken), 0 if taken before. */
static int name_take(struct names *n, int sector, const char *name)
{
	uint64_t h = name_hash(sector, name);
	for (size_t i = h & n->mask;; i = (i + 1) & n->mask) {
		if (n->slot[i] == h)
			return 0;
		if (!n->slot[i]) {
			n->slot[i] = h;
			return 1;
		}
	}
}

/* An invented stem: a word, sometimes with a direction before or a place word after. */
static void stem(uint64_t *rng, int ordinal, char *ja, size_t nja, char *kana, size_t nkana)
{
	static const char *const ord_ja[] = { "", "第一", "第二", "第三", "第五", "第七" };
	static const char *const ord_kana[] = { "", "ダイイチ", "ダイニ", "ダイサン", "ダイゴ", "ダイナナ" };
	const struct word *b = kj_rng_uniform(rng) < 0.25 ? &stem_before[kj_rng_below(rng, NWORDS(stem_before))] : NULL;
	const struct word *w = &stem_words[kj_rng_below(rng, NWORDS(stem_words))];
	const struct word *a = kj_rng_uniform(rng) < 0.4 ? &stem_after[kj_rng_below(rng, NWORDS(stem_after))] : NULL;
	int o = ordinal % NWORDS(ord_ja);
	snprintf(ja, nja, "%s%s%s%s", ord_ja[o], b ? b->ja : "", w->ja, a ? a->ja : "");
	snprintf(kana, nkana, "%s%s%s%s", ord_kana[o], b ? b->kana : "", w->kana, a ? a->kana : "");
}

/* PATTERN with '@' replaced by A and '#' by B, into OUT of N bytes. */
static void expand(const char *pattern, const char *a, const char *b, char *out, size_t n)
{
	size_t k = 0;
	for (const char *p = pattern; *p && k + 1 < n; p++) {
		const char *sub = *p == '@' ? a : *p == '#' ? b : NULL;
		if (!sub) {
			out[k++] = *p;
			continue;
		}
		for (; *sub && k + 1 < n; sub++)
			out[k++] = *sub;
	}
	out[k] = '\0';
}

/*
 * A name of SECTOR's shape for SIZE, unique within the sector. Past a few
 * tries an ordinal (第二 …) widens the space; past that a number does, so
 * even the largest demo finds one.
 */
static void invent_name(struct names *nm, uint64_t *rng, int sector, int size,
			char *ja, size_t nja, char *kana, size_t nkana)
{
	const struct sector_profile *sp = &sectors[sector];
	const struct name_form *f[FORMS_MAX];
	int nf = 0;
	for (int k = 0; k < FORMS_MAX && sp->forms[k].ja; k++)
		if (sp->forms[k].sizes & (1u << size))
			f[nf++] = &sp->forms[k];
	for (int tries = 0;; tries++) {
		char a[64], ak[96], b[64], bk[96];
		int ordinal = tries < 16 ? 0 : 1 + kj_rng_below(rng, 5);
		stem(rng, ordinal, a, sizeof a, ak, sizeof ak);
		stem(rng, 0, b, sizeof b, bk, sizeof bk);
		if (tries >= 64) {
			size_t l = strlen(a);
			snprintf(a + l, sizeof a - l, "%d", tries);
			l = strlen(ak);
			snprintf(ak + l, sizeof ak - l, "%d", tries);
		}
		const struct name_form *form = f[kj_rng_below(rng, nf)];
		expand(form->ja, a, b, ja, nja);
		expand(form->kana, ak, bk, kana, nkana);
		if (name_take(nm, sector, ja))
			return;
	}
}

/* --- the population --------------------------------------------------------- */

static int sector_index(const char *code)
{
	for (int k = 0; k < NSECTORS; k++)
		if (!strcmp(sectors[k].code, code))
			return k;
	return -1;
}

const char *kj_demo_sector_code(int sector)
{
	return sectors[sector].code;
}

/*
 * Operators per sector for N in all: each sector's share of the national
 * figure, by largest remainder; at least one per sector once there are
 * enough operators, postal at most POSTAL_MAX, and never more prefectures
 * and municipalities than the country has (the rest go to hospitals).
 */
static void allocate(long n, int nlg, long count[NSECTORS])
{
	long sum = 0;
	double rem[NSECTORS];
	int gov = sector_index("government"), med = sector_index("medical"),
	    postal = sector_index("postal");
	for (int k = 0; k < NSECTORS; k++) {
		double x = (double)n * sectors[k].per20k / PER20K_TOTAL;
		count[k] = (long)x;
		rem[k] = x - (double)count[k];
		sum += count[k];
	}
	while (sum < n) {
		int best = 0;
		for (int k = 1; k < NSECTORS; k++)
			if (rem[k] > rem[best])
				best = k;
		count[best]++;
		rem[best] = -1.0;
		sum++;
	}
	for (int k = 0; k < NSECTORS && n >= NSECTORS; k++)
		while (count[k] < 1) {
			int big = 0;
			for (int j = 1; j < NSECTORS; j++)
				if (count[j] > count[big])
					big = j;
			count[big]--;
			count[k]++;
		}
	if (count[postal] > POSTAL_MAX) {
		count[med] += count[postal] - POSTAL_MAX;
		count[postal] = POSTAL_MAX;
	}
	if (count[gov] > nlg) {
		count[med] += count[gov] - nlg;
		count[gov] = nlg;
	}
}

/*
 * The local governments of the government sector, COUNT of them into
 * PICK (indexes into LG): every prefecture once there are enough (at most
 * half of the count), then municipalities drawn at random.
 */
static int pick_local_govs(uint64_t *rng, const struct kj_local_gov *lg, int nlg,
			   long count, int *pick)
{
	int *pref = malloc(sizeof(int) * (size_t)nlg), *muni = malloc(sizeof(int) * (size_t)nlg);
	int np = 0, nm = 0, n = 0;
	if (!pref || !muni) {
		free(pref);
		free(muni);
		return -1;
	}
	for (int i = 0; i < nlg; i++) {
		if (lg[i].kind == KJ_LG_PREFECTURE)
			pref[np++] = i;
		else
			muni[nm++] = i;
	}
	long want_pref = (count + 1) / 2 < np ? (count + 1) / 2 : np;
	/* Partial Fisher–Yates shuffles: the first WANT of each list. */
	for (int i = 0; i < want_pref; i++) {
		int j = i + kj_rng_below(rng, np - i), t = pref[i];
		pref[i] = pref[j];
		pref[j] = t;
		pick[n++] = pref[i];
	}
	for (int i = 0; n < count && i < nm; i++) {
		int j = i + kj_rng_below(rng, nm - i), t = muni[i];
		muni[i] = muni[j];
		muni[j] = t;
		pick[n++] = muni[i];
	}
	free(pref);
	free(muni);
	return n;
}

static int pick_weighted(uint64_t *s, const int *w, int n, int total)
{
	int x = kj_rng_below(s, total);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

static int second_sector(struct gen *g, int sector)
{
	for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
		if (!strcmp(pairs[k].first, sectors[sector].code) && kj_rng_uniform(&g->rng) < pairs[k].p)
			return sector_index(pairs[k].second);
	return -1;
}

/*
 * Operator I of SECTOR: a real local government if LG is one (index into
 * g->lg, or -1), else an invented operator of the sector's shape.
 */
static int make_org(struct gen *g, long i, int sector, int lg, struct op *op,
		    struct kj_err *err)
{
	uint64_t *rng = &g->rng;
	const struct sector_profile *sp = &sectors[sector];
	char corp[24], base[24], name[200], kana[300];
	struct kj_org_record o = { .active = 1 };
	int pref, x = kj_rng_below(rng, 100);
	op->sector = sector;
	op->size = x < sp->large ? 0 : x < sp->large + sp->medium ? 1 : 2;
	op->second = -1;
	if (lg >= 0) {
		/* The body itself: its code, reading, prefecture; 000020 + code. */
		const struct kj_local_gov *l = &g->lg[lg];
		op->size = l->kind == KJ_LG_PREFECTURE || l->kind == KJ_LG_DESIGNATED_CITY ? 0 :
			   l->kind == KJ_LG_CITY || l->kind == KJ_LG_SPECIAL_WARD ? 1 : 2;
		/* Prefectures run bulk supply only; Tokyo's wards are served by the metropolis. */
		if (l->kind != KJ_LG_PREFECTURE && l->kind != KJ_LG_SPECIAL_WARD)
			op->second = second_sector(g, sector);
		snprintf(base, sizeof base, "000020%s", l->code);
		snprintf(name, sizeof name, "%s", l->name_ja);
		snprintf(kana, sizeof kana, "%s", l->kana);
		pref = (l->prefecture[0] - '0') * 10 + (l->prefecture[1] - '0') - 1;
		o.local_gov = 1;
		kj_strlcpy(o.municipality_code, l->code, sizeof o.municipality_code);
	} else {
		int w[KJ_PREFECTURES];
		for (int k = 0; k < KJ_PREFECTURES; k++)
			w[k] = pref_pop[k];
		pref = pick_weighted(rng, w, KJ_PREFECTURES, g->pref_total);
		if (op->size == 0 && kj_rng_uniform(rng) < 0.5)
			pref = TOKYO;
		op->second = second_sector(g, sector);
		invent_name(&g->names, rng, sector, op->size, name, sizeof name, kana, sizeof kana);
		if (!strcmp(sp->code, "water")) {
			/*
			 * A special local public body (企業団, 広域連合): a local
			 * government without a 団体コード of its own here, and a
			 * corporate number in a demo-only series (never 000020).
			 */
			o.local_gov = 1;
			snprintf(base, sizeof base, "000090%06ld", (i + 1) % 1000000);
		} else {
			/* Registry office-like prefix, then a serial unique to the operator. */
			snprintf(base, sizeof base, "%012llu",
				 (unsigned long long)(pref + 1) * 10000000000ULL +
				 (unsigned long long)(sector + 1) * 100000000ULL +
				 (unsigned long long)i + 1);
		}
	}
	snprintf(corp, sizeof corp, "%d%.12s", kj_corpnum_check_digit(base), base);
	if (kj_strlcpy(o.corporate_number, corp, sizeof o.corporate_number) < 0 ||
	    kj_strlcpy(o.name_ja, name, sizeof o.name_ja) < 0 ||
	    kj_strlcpy(o.name_kana, kana, sizeof o.name_kana) < 0) {
		kj_err_set(err, "demo operator %ld: a name too long", i);
		return -1;
	}
	kj_strlcpy(o.size_class, op->size == 0 ? "large" : op->size == 1 ? "medium" : "small",
		   sizeof o.size_class);
	/* Designated core infrastructure: some of the large operators of the law's sectors. */
	int core = sp->core || (op->second >= 0 && sectors[op->second].core);
	o.core_infra = core && op->size == 0 &&
		       kj_rng_uniform(rng) < (!strcmp(sp->code, "postal") ? 1.0 : 0.6);
	o.ceptoar_member = kj_rng_uniform(rng) < (op->size == 2 ? 0.55 : 0.9);
	kj_strlcpy(o.prefecture, g->prefs[pref].code, sizeof o.prefecture);
	op->lacks = 0;
	for (int k = 0; k < NA_KINDS; k++) {
		double p = kj_demo_na_kinds[k].p[op->size];
		if (o.local_gov && k == NA_CLOUD)
			p *= 0.1;	/* ガバメントクラウド, LGWAN-ASP: nearly every body uses one */
		if (kj_rng_uniform(rng) < p)
			op->lacks |= 1u << k;
	}
	op->maturity = sp->maturity + (op->size == 0 ? 0.5 : op->size == 1 ? 0.1 : -0.3) +
		       kj_rng_gauss(rng) * 0.55;

	kj_strlcpy(o.sectors[o.nsectors++], sp->code, sizeof o.sectors[0]);
	if (op->second >= 0)
		kj_strlcpy(o.sectors[o.nsectors++], sectors[op->second].code, sizeof o.sectors[0]);
	return kj_store_org_add(g->st, &o, &op->id, err);
}

/*
 * The operators, g->nops of them into g->ops: sector counts, shuffled so
 * that ids mix the sectors; the government sector's are real local
 * governments, of the NLG of g->lg.
 */
int kj_demo_make_orgs(struct gen *g, int nlg, struct kj_err *err)
{
	/* Invented operators' head offices are drawn by population. */
	g->pref_total = 0;
	for (int k = 0; k < KJ_PREFECTURES; k++)
		g->pref_total += pref_pop[k];
	long count[NSECTORS], n = g->nops;
	int gov = sector_index("government");
	int *order = malloc(sizeof(int) * (size_t)n), *pick = malloc(sizeof(int) * (size_t)(nlg + 1));
	int rc = -1;
	if (!order || !pick) {
		kj_err_set(err, "out of memory");
		goto done;
	}
	allocate(n, nlg, count);
	long k = 0;
	for (int s = 0; s < NSECTORS; s++)
		for (long c = 0; c < count[s]; c++)
			order[k++] = s;
	for (long i = n - 1; i > 0; i--) {
		long j = (long)(kj_rng_uniform(&g->rng) * (double)(i + 1));
		int t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	int npick = pick_local_govs(&g->rng, g->lg, nlg, count[gov], pick), next_lg = 0;
	if (npick < 0) {
		kj_err_set(err, "out of memory");
		goto done;
	}
	for (long i = 0; i < n; i++) {
		int lg = order[i] == gov && next_lg < npick ? pick[next_lg++] : -1;
		if (order[i] == gov && lg < 0) {
			kj_err_set(err, "too few local governments for the government sector");
			goto done;
		}
		if (make_org(g, i, order[i], lg, &g->ops[i], err) < 0)
			goto done;
		g->stats->organisations++;
	}
	rc = 0;
done:
	free(order);
	free(pick);
	return rc;
}

/*
 * One account per role, and a second ministry, all with KJ_DEMO_PASSWORD:
 * demo-ministry is 厚生労働省 (medical), demo-ministry-env 環境省 (water,
 * which 国土交通省 holds too); the CEPTOAR looks after the medical sector,
 * the operator is the first medical operator generated.
 */
int kj_demo_make_users(struct kj_store *st, const struct op *ops, long nops,
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
int kj_demo_assign_government(struct kj_store *st, struct kj_err *err)
{
	return kj_store_org_assign_sector(st, "government", "mic", err);
}
