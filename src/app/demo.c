/*
 * The demo dataset generator: a population a ministry official recognises.
 * Sector sizes and size mixes are scaled from the national planning figure
 * of 20,000 operators; local governments are the real bodies of
 * data/reference/local_governments.json (a municipality that runs its water
 * supply is one organisation in two sectors); other operators have invented
 * names in each sector's usual shapes. Each operator's maturity depends on
 * its sector and size and each requirement has its own difficulty, so the
 * level distributions are neither flat nor uniform. N/A answers follow from
 * a few attributes of the operator (no cloud, no telework or remote
 * control, no development of its own) and cover every requirement of that
 * kind. Nothing is dated after the generation day: past surveys are closed
 * with every submission inside their window, the current one is open and
 * only partly answered.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/limits.h"
#include "model/catalog.h"
#include "model/corpnum.h"
#include "app/audit_log.h"
#include "app/demo.h"
#include "app/demo_rng.h"
#include "app/demo_predecessor.h"
#include "model/safety.h"
#include "model/user.h"
#include "store/store_safety.h"
#include "model/reference.h"
#include "store/store_catalog.h"
#include "store/store_org.h"
#include "store/store_registry.h"
#include "store/store_users.h"

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
static const struct {
	const char *words[2];	/* any of them in the text or section title */
	const char *reason;
	double p[3];		/* chance an operator lacks it: large, medium, small */
} na_kinds[NA_KINDS] = {
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
		for (int w = 0; w < 2 && na_kinds[k].words[w]; w++)
			if (strstr(q->text_ja, na_kinds[k].words[w]) ||
			    (title && strstr(title, na_kinds[k].words[w])))
				return k;
	return -1;
}

struct op {
	int64_t id;
	int sector;		/* index into sectors */
	int second;		/* a second sector, or -1 */
	int size;		/* 0 large, 1 medium, 2 small */
	unsigned lacks;		/* bit k set: N/A for kind k */
	double maturity;
};

/* --- days ---------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
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

static void day_text(long day, char out[16])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m, d);
}

/* --- names ----------------------------------------------------------------- */

/* Hashes of the names given so far, per sector: an open-addressing set. */
struct names {
	uint64_t *slot;
	size_t mask;
};

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
};

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
		double p = na_kinds[k].p[op->size];
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

/* The operators: sector counts, shuffled so that ids mix the sectors. */
static int make_orgs(struct gen *g, int nlg, struct kj_err *err)
{
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

/* --- surveys and answers ------------------------------------------------------ */

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

static int prepare_std(struct kj_store *st, const struct kj_catalog *cat,
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
	for (int r = 0; r < upto; r++) {
		const char *na = ys->na[r] >= 0 && (op->lacks & (1u << ys->na[r])) ?
				 na_kinds[ys->na[r]].reason : NULL;
		int level = -1;
		if (!na) {
			double v = op->maturity + growth - ys->diff[r] + kj_rng_gauss(&g->rng) * 0.7;
			level = (int)lround(v);
			level = level < 0 ? 0 : level > 4 ? 4 : level;
		}
		if (kj_store_answer_add(g->st, resp, ys->reqid[r], level, na, err) < 0)
			return -1;
		g->stats->answers++;
	}
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
static int survey_year(struct gen *g, int fy, int first, const struct year_std *ys,
		       struct kj_err *err)
{
	const struct kj_demo_opts *o = g->o;
	char title_ja[200], title_en[160], fyja[32], opens[16], closes[16], created[32];
	long d_open = days_from_civil(fy, 10, 15), d_close = days_from_civil(fy + 1, 1, 31);
	const char *status = g->today < d_open ? "draft" : g->today > d_close ? "closed" : "open";
	int64_t survey;
	kj_fiscal_year_ja(fy, fyja, sizeof fyja);
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
		const char *secs[2] = { sectors[op->sector].code,
			op->second >= 0 ? sectors[op->second].code : NULL };
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
	return 0;
}

/*
 * TODAY ("YYYY-MM-DD" from KJ_DEMO_TODAY_MIN to KJ_DEMO_TODAY_MAX, NULL for
 * the clock's date in UTC) as days since 1970.
 */
static int today_days(const char *today, long *out, struct kj_err *err)
{
	int y, m, d;
	if (today && (strcmp(today, KJ_DEMO_TODAY_MIN) < 0 || strcmp(today, KJ_DEMO_TODAY_MAX) > 0)) {
		kj_err_set(err, "today must be from %s to %s, not '%s'", KJ_DEMO_TODAY_MIN,
			   KJ_DEMO_TODAY_MAX, today);
		return -1;
	}
	if (!today) {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		y = tm.tm_year + 1900;
		m = tm.tm_mon + 1;
		d = tm.tm_mday;
	} else if (!kj_date_valid(today) || sscanf(today, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		kj_err_set(err, "today must be a date written YYYY-MM-DD, not '%s'", today);
		return -1;
	}
	*out = days_from_civil(y, m, d);
	return 0;
}


/* The day of a version's effective date "YYYY-MM-DD". */
static long effective_day(const char *s)
{
	int y = 0, m = 0, d = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	return days_from_civil(y, m, d);
}

/*
 * The standard each fiscal year's survey asks is the version in force on
 * the day the survey opens (15 October). When the demo's first year opens
 * before the current version took effect, the years before ask the
 * synthetic predecessor (demo_predecessor.c), stored now with its crosswalk;
 * a year before the predecessor too has no standard to ask, and is refused.
 * *PREV (calloc'ed, with its catalog in *PCAT) is NULL when no year needs it.
 */
static int earlier_std(struct kj_store *st, const struct kj_catalog *cat, int first,
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
	return prepare_std(st, pcat, *prev, err);
}

int kj_demo_generate(struct kj_store *st, const struct kj_demo_opts *o,
		     struct kj_demo_stats *stats, struct kj_err *err)
{
	memset(stats, 0, sizeof *stats);
	struct kj_store_counts c;
	struct kj_catalog cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	struct kj_local_gov *lg = NULL;
	struct year_std *std2026 = NULL, *stdprev = NULL;
	struct kj_catalog pcat;
	int pcat_loaded = 0;
	struct gen g = { .st = st, .o = o, .prefs = prefs, .nops = o->operators, .stats = stats };
	int nlg = 0, cat_loaded = 0;
	if (today_days(o->today, &g.today, err) < 0 || kj_store_counts(st, &c, err) < 0)
		return -1;
	if (c.organisations > 0) {
		kj_err_set(err, "the database already holds %ld organisations; the demo "
			   "needs a new database", c.organisations);
		return -1;
	}
	int ty, tm, td;
	civil_from_days(g.today, &ty, &tm, &td);
	int last_year = o->last_year ? o->last_year : kj_fiscal_year(ty, tm);
	if (days_from_civil(last_year, 4, 1) > g.today) {
		kj_err_set(err, "FY%d has not begun on the demo's day", last_year);
		return -1;
	}
	if (kj_reference_prefectures(prefs, err) < 0 ||
	    kj_reference_local_govs(&lg, &nlg, err) < 0)
		goto fail_early;
	if (kj_store_catalog_get(st, NULL, &cat, err) < 0)
		goto fail_early;
	cat_loaded = 1;
	g.lg = lg;
	g.ops = calloc((size_t)o->operators, sizeof *g.ops);
	std2026 = calloc(1, sizeof *std2026);
	for (g.names.mask = 1023; g.names.mask < (size_t)o->operators * 4; g.names.mask = g.names.mask * 2 + 1)
		;
	g.names.slot = calloc(g.names.mask + 1, sizeof *g.names.slot);
	if (!g.ops || !std2026 || !g.names.slot) {
		kj_err_set(err, "out of memory");
		goto fail_early;
	}
	if (prepare_std(st, &cat, std2026, err) < 0)
		goto fail_early;

	g.rng = o->seed ^ 0x6b696a756e000000ULL;	/* "kijun" */
	for (int k = 0; k < KJ_PREFECTURES; k++)
		g.pref_total += pref_pop[k];
	if (kj_store_bulk_mode(st, 1, err) < 0 || kj_store_begin(st, err) < 0)
		goto fail_early;
	if (make_orgs(&g, nlg, err) < 0 || make_users(st, g.ops, o->operators, err) < 0 ||
	    assign_government(st, err) < 0)
		goto fail;
	int first = last_year - o->years + 1;
	if (earlier_std(st, &cat, first, &pcat, &pcat_loaded, &stdprev, err) < 0)
		goto fail;
	for (int fy = first; fy <= last_year; fy++) {
		/* The 2026 standard is in force from 2026-10-01: FY2026's survey
		 * asks it, the years before the synthetic predecessor. */
		const struct year_std *ys =
			days_from_civil(fy, 10, 15) >= effective_day(cat.effective) ? std2026
										 : stdprev;
		if (survey_year(&g, fy, first, ys, err) < 0)
			goto fail;
	}
	char detail[160], stamp[32], d[16];
	snprintf(detail, sizeof detail, "{\"operators\":%ld,\"seed\":%llu,\"years\":%d}",
		 o->operators, (unsigned long long)o->seed, o->years);
	/* The registry was in place at the start of the first fiscal year. */
	long registered = days_from_civil(first, 4, 1);
	day_text(registered, d);
	snprintf(stamp, sizeof stamp, "%sT00:00:00Z", d);
	if (kj_demo_make_safety(st, &cat, &g.rng, o->actor ? o->actor : "system", ty - 1,
				err) < 0 ||
	    kj_store_backdate(st, stamp, err) < 0 ||
	    kj_audit_log(st, 0, o->actor ? o->actor : "system", "demo.generate",
			 NULL, NULL, detail, err) < 0 || kj_store_commit(st, err) < 0)
		goto fail;
	kj_store_bulk_mode(st, 0, err);
	free(g.ops);
	free(g.names.slot);
	free(std2026);
	free(stdprev);
	free(lg);
	kj_catalog_free(&cat);
	if (pcat_loaded)
		kj_catalog_free(&pcat);
	return 0;
fail:
	kj_store_rollback(st);
	kj_store_bulk_mode(st, 0, NULL);
fail_early:
	free(g.ops);
	free(g.names.slot);
	free(std2026);
	free(stdprev);
	free(lg);
	if (cat_loaded)
		kj_catalog_free(&cat);
	if (pcat_loaded)
		kj_catalog_free(&pcat);
	memset(stats, 0, sizeof *stats);
	return -1;
}
