/*
 * The demo's surveys of kind other (issue 15): the NCO's survey of the year
 * before to every ministry on the relation with other systems (closed, every
 * ministry submitted, answers that differ by ministry), and this year's
 * survey of control systems to about thirty chosen operators of 電力 and ガス
 * (open once its opening day has come, a mix of not started, drafts,
 * submitted and returned). Receipts and digests are made as the answering
 * code makes them, so that they check. Nothing is dated after the demo's
 * day. Its random numbers are a stream of their own, so the rest of the demo
 * is the same as without it.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/demo_priv.h"
#include "app/demo_rng.h"
#include "base/buf.h"
#include "store/store_demo_response.h"
#include "store/store_registry.h"
#include "store/store_survey_other.h"
#include "store/store_tally.h"

#define OTHER_PER_SECTOR 15	/* operators chosen in each of the two sectors */
#define OTHER_QUESTIONS 5

struct q {
	const char *kind, *text_ja, *text_en, *choices;
	int required;
};

static const struct q ministry_qs[] = {
	{ "choice", "個人情報保護法の安全管理措置と、統一基準の対策事項との重複の程度",
	  "Overlap with the security measures of the Act on the Protection of Personal Information",
	  "大きく重複\n一部重複\nほとんど重複しない", 1 },
	{ "choice", "経済安全保障推進法の基幹インフラ制度（特定社会基盤役務）との重複の程度",
	  "Overlap with the core infrastructure system of the Economic Security Promotion Act",
	  "大きく重複\n一部重複\nほとんど重複しない", 1 },
	{ "yesno", "所管分野の事業者から、報告・届出の重複について意見が寄せられていますか",
	  "Have operators raised duplicate reporting?", NULL, 1 },
	{ "text", "他制度との調整についての意見", "Views on aligning with other systems", NULL, 0 },
};

static const struct q operator_qs[OTHER_QUESTIONS] = {
	{ "choice", "制御系ネットワークと情報系ネットワークの分離状況",
	  "Separation of the control network", "完全分離\n一部接続（経路を限定）\n未分離", 1 },
	{ "yesno", "制御系システムの資産台帳を整備していますか",
	  "Is there an asset inventory of control systems?", NULL, 1 },
	{ "choice", "制御機器のリモート保守の管理", "Remote maintenance of control equipment",
	  "許可制・記録あり\n許可制・記録なし\n管理していない", 1 },
	{ "number", "制御系システムの平均更新周期（年）", "Average renewal cycle (years)", NULL, 0 },
	{ "text", "制御系セキュリティの課題", "Issues of control-system security", NULL, 0 },
};

/* Each ministry's answers to ministry_qs; the last row for any other. */
static const struct {
	const char *code, *a[4];
} ministry_answers[] = {
	{ "fsa", { "大きく重複", "一部重複", "yes",
		   "金融分野ではFISCの安全対策基準と個人情報保護法のガイドラインの双方で点検を求めており、様式の統一を検討したい。" } },
	{ "mic", { "一部重複", "大きく重複", "yes",
		   "電気通信事業法の報告と基幹インフラ制度の届出で記載事項が重なるため、共通様式を望む声がある。" } },
	{ "meti", { "ほとんど重複しない", "大きく重複", "yes",
		    "電力・ガスでは基幹インフラ制度の導入審査と本調査の対象設備が重なるため、回答の再利用を認めたい。" } },
	{ "mlit", { "一部重複", "一部重複", "no",
		    "鉄道・航空・空港・港湾・物流で事業規模の差が大きく、小規模事業者への負担軽減を優先したい。" } },
	{ "mhlw", { "大きく重複", "ほとんど重複しない", "yes",
		    "医療機関では医療情報システムの安全管理ガイドラインとの対応表があると回答しやすい。" } },
	{ NULL, { "一部重複", "ほとんど重複しない", "no", "" } },
};

/* The version in force on *OPEN (v->prev before v->effective); without an
 * earlier version, the window moves to start on the day the current one
 * took effect, keeping its length. NULL: no version at all. */
static const char *version_at(const struct other_std *v, long *open, long *close)
{
	if (*open >= v->effective || (v->prev && *v->prev))
		return *open >= v->effective ? v->cur : v->prev;
	*close += v->effective - *open;
	*open = v->effective;
	return v->cur;
}

struct ids {
	int64_t q[OTHER_QUESTIONS];
	int n;
};

static int collect_id(void *ctx, const struct kj_survey_question *q)
{
	struct ids *x = ctx;
	if (x->n < OTHER_QUESTIONS)
		x->q[x->n++] = q->id;
	return 0;
}

/* A new survey of kind other of FY asking standard VERSION (the one in
 * force when it opens) with its questions QS; *ID and the question ids into IDS. */
static int make_survey(struct kj_store *st, int fy, const char *version, const char *title_ja,
		       const char *title_en, const char *who, const char *sectors[], int nsectors,
		       const struct q *qs, int nq, int64_t *id, struct ids *ids, struct kj_err *err)
{
	struct kj_survey *sv = calloc(1, sizeof *sv);
	int64_t vid;
	int ord, rc = -1;
	if (!sv) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	sv->fy = fy;
	kj_strlcpy(sv->kind, "other", sizeof sv->kind);
	kj_strlcpy(sv->respondent_kind, who, sizeof sv->respondent_kind);
	kj_strlcpy(sv->title_ja, title_ja, sizeof sv->title_ja);
	kj_strlcpy(sv->title_en, title_en, sizeof sv->title_en);
	kj_strlcpy(sv->owner_kind, "nco", sizeof sv->owner_kind);
	for (int i = 0; i < nsectors; i++)
		kj_strlcpy(sv->sectors[sv->nsectors++], sectors[i], KJ_SECTOR_CODE_MAX);
	if (kj_store_survey_version(st, version, &vid, sv->version, err) < 0 || !vid ||
	    kj_store_survey_create(st, sv, vid, id, err) < 0)
		goto out;
	for (int i = 0; i < nq; i++) {
		const struct kj_survey_question q = { 0, 0, "", qs[i].kind, qs[i].text_ja,
						      qs[i].text_en, qs[i].choices ? qs[i].choices : "",
						      qs[i].required };
		if (kj_store_survey_question_add(st, *id, &q, &ord, err) < 0)
			goto out;
	}
	ids->n = 0;
	rc = kj_store_survey_question_each(st, *id, collect_id, ids, err);
out:
	if (rc < 0 && !err->msg[0])
		kj_err_set(err, "no version of the standard for the survey of kind other");
	free(sv);
	return rc;
}

/* The canonical text of answers A (N of them) and its SHA-256, as the
 * answering code writes a version (survey_answer_priv.h). */
static char *content_of(const char *const *a, int n, char digest[65])
{
	struct kj_buf b;
	kj_buf_init(&b, 64 * 1024);
	for (int i = 0; i < n; i++)
		kj_buf_printf(&b, "Q%d\t%s\n", i + 1, a[i] ? a[i] : "");
	if (kj_buf_failed(&b)) {
		kj_buf_free(&b);
		return NULL;
	}
	char *s = kj_buf_detach(&b);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(digest, 65, h, sizeof h);
	return s;
}

static void stamp(uint64_t *rng, long day, char out[32])
{
	char d[16];
	day_text(day, d);
	snprintf(out, 32, "%sT%02d:%02d:00Z", d, kj_rng_below(rng, 9), kj_rng_below(rng, 60));
}

/* The year before's survey to every ministry, closed, all submitted. */
static int ministries_year(struct gen *g, uint64_t *rng, int fy, const struct other_std *v,
			   struct kj_err *err)
{
	struct kj_store *st = g->st;
	static const char *const codes[] = { "env", "fsa", "meti", "mhlw", "mic", "mlit" };
	int64_t id;
	struct ids ids;
	long n;
	int changed;
	char opens[16], closes[16], created[32];
	long d_open = days_from_civil(fy, 7, 1), d_close = days_from_civil(fy, 8, 31);
	const char *version = version_at(v, &d_open, &d_close);
	if (!version)
		return 0;
	day_text(d_open, opens);
	day_text(d_close, closes);
	stamp(rng, d_open - 14, created);
	if (make_survey(st, fy, version, "他制度（個人情報保護・経済安全保障推進法の基幹インフラ制度）との関係に関する調査",
			"Survey on the relation with other systems (personal information protection, "
			"core infrastructure under the Economic Security Promotion Act)", "ministry",
			NULL, 0, ministry_qs, 4, &id, &ids, err) < 0 ||
	    kj_store_survey_ministry_add(st, id, NULL, &n, err) < 0 ||
	    kj_store_other_freeze(st, id, "ministry", &n, err) < 0 ||
	    kj_store_survey_move(st, id, "draft", "closed", n, &changed, err) < 0 ||
	    kj_store_survey_dates(st, id, opens, closes, created, err) < 0)
		return -1;
	for (size_t m = 0; m < sizeof codes / sizeof codes[0]; m++) {
		size_t k = 0;
		while (ministry_answers[k].code && strcmp(ministry_answers[k].code, codes[m]))
			k++;
		const char *const *a = ministry_answers[k].a;
		char digest[65], receipt[48], first[32], at[32];
		long day = d_open + 10 + kj_rng_below(rng, (int)(d_close - d_open - 12));
		stamp(rng, day - 5, first);
		stamp(rng, day, at);
		char *content = content_of(a, 4, digest);
		int64_t resp;
		int yes;
		struct kj_ministry_response h;
		if (!content) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		if (kj_store_ministry_response_head(st, id, codes[m], &yes, &h, err) < 0 || !yes) {
			free(content);
			if (!err->msg[0])
				kj_err_set(err, "the demo has no ministry %s", codes[m]);
			return -1;
		}
		snprintf(receipt, sizeof receipt, "M%04d-%04lld-%.15s-01", fy, (long long)id, codes[m]);
		int rc = kj_store_ministry_response_create(st, id, codes[m], 0, "demo", &resp, err);
		for (int i = 0; rc == 0 && i < 4; i++)
			if (*a[i])
				rc = kj_store_ministry_answer_put(st, resp, ids.q[i], a[i], 1, 0, err);
		if (rc == 0)
			rc = kj_store_ministry_version_add(st, resp, 1, receipt, at, 0, "demo", digest,
							   content, err);
		if (rc == 0)
			rc = kj_store_ministry_response_move(st, resp, "submitted", 2, 1, 0, "demo", err);
		if (rc == 0)
			rc = kj_store_demo_ministry_stamp(st, resp, first, at, err);
		free(content);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* OP's answers, by its maturity M (0..1). */
static void operator_answers(uint64_t *rng, double m, const char *a[OTHER_QUESTIONS],
			     char number[16])
{
	static const char *const sep[] = { "完全分離", "一部接続（経路を限定）", "未分離" };
	static const char *const remote[] = { "許可制・記録あり", "許可制・記録なし", "管理していない" };
	static const char *const issues[] = {
		"保守ベンダーのリモート接続の管理を強化したい。",
		"制御機器のパッチ適用が停止計画に左右される。",
		"OT と IT の担当部署が分かれており、インシデント対応の連携が課題。",
		"",
	};
	double x = m + 0.25 * kj_rng_gauss(rng);
	int lvl = x > 0.65 ? 0 : x > 0.35 ? 1 : 2;
	a[0] = sep[lvl];
	a[1] = x > 0.4 ? "yes" : "no";
	a[2] = remote[lvl];
	snprintf(number, 16, "%d", 8 + kj_rng_below(rng, 13));
	a[3] = kj_rng_below(rng, 4) ? number : NULL;
	a[4] = issues[kj_rng_below(rng, 4)];
	if (!*a[4])
		a[4] = NULL;
}

/* One chosen operator's response to survey ID of FY, whose status R picks. */
static int operator_response(struct gen *g, uint64_t *rng, int fy, int64_t id,
			     const struct ids *ids, const struct op *op, long d_open, int r,
			     struct kj_err *err)
{
	const char *status = r < 40 ? "submitted" : r < 50 ? "returned" : r < 70 ? "draft" : NULL;
	if (!status || g->today - 1 < d_open)
		return 0;
	const char *a[OTHER_QUESTIONS];
	char number[16], first[32], at[32], back[32], digest[65], receipt[48];
	operator_answers(rng, op->maturity, a, number);
	long span = g->today - 1 - d_open + 1;
	long day = d_open + kj_rng_below(rng, (int)(span > 0 ? span : 1));
	stamp(rng, day, first);
	memcpy(at, first, sizeof at);	/* answered and submitted in one sitting */
	int64_t resp;
	int submitted = strcmp(status, "draft") != 0;
	if (kj_store_response_add(g->st, id, op->id, status, submitted ? at : NULL, &resp,
				  err) < 0)
		return -1;
	g->stats->responses++;
	for (int i = 0; i < OTHER_QUESTIONS; i++)
		if (a[i] && kj_store_other_answer_add(g->st, resp, ids->q[i], a[i], at, err) < 0)
			return -1;
	if (!submitted)
		return kj_store_demo_response_times(g->st, resp, 1, 0, first, at, err);
	char *content = content_of(a, OTHER_QUESTIONS, digest);
	if (!content) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	snprintf(receipt, sizeof receipt, "R%04d-%04lld-%06lld-01", fy, (long long)id,
		 (long long)resp);
	char date[16];
	snprintf(date, sizeof date, "%.10s", at);
	const struct kj_demo_version v = { resp, 1, receipt, at, "demo", digest, content,
					   "制御 太郎", "情報セキュリティ責任者", date };
	int rc = kj_store_demo_version_add(g->st, &v, err);
	free(content);
	if (rc < 0)
		return -1;
	if (!strcmp(status, "returned")) {
		if (day + 1 < g->today)
			stamp(rng, day + 1, back);
		else
			memcpy(back, at, sizeof back);
		if (kj_store_demo_return_add(g->st, resp, 1, back, "demo",
					     "Q3 の記録の扱いについて具体的に記入してください。", err) < 0)
			return -1;
		return kj_store_demo_response_times(g->st, resp, 3, 1, first, back, err);
	}
	return kj_store_demo_response_times(g->st, resp, 2, 1, first, at, err);
}

/* This year's survey of control systems to chosen operators of 電力 and ガス. */
static int operators_year(struct gen *g, uint64_t *rng, int fy, const struct other_std *v,
			  struct kj_err *err)
{
	struct kj_store *st = g->st;
	const char *sectors[] = { "electricity", "gas" };
	int64_t id;
	struct ids ids;
	long n, added;
	int changed, picked[2] = { 0, 0 };
	char opens[16], closes[16], created[32];
	long d_open = days_from_civil(fy, 6, 1), d_close = days_from_civil(fy, 12, 25);
	const char *version = version_at(v, &d_open, &d_close);
	if (!version)
		return 0;
	day_text(d_open, opens);
	day_text(d_close, closes);
	stamp(rng, (d_open - 21 < g->today ? d_open - 21 : g->today - 1), created);
	if (make_survey(st, fy, version, "制御系システムのセキュリティ実態調査",
			"Survey of the security of control systems", "operator", sectors, 2,
			operator_qs, OTHER_QUESTIONS, &id, &ids, err) < 0)
		return -1;
	for (long i = 0; i < g->nops; i++) {
		const char *code = kj_demo_sector_code(g->ops[i].sector);
		for (int s = 0; s < 2; s++)
			if (!strcmp(code, sectors[s]) && picked[s] < OTHER_PER_SECTOR) {
				picked[s]++;
				if (kj_store_pick_add(st, id, g->ops[i].id, code, &added, err) < 0)
					return -1;
			}
	}
	if (kj_store_survey_dates(st, id, opens, closes, created, err) < 0)
		return -1;
	if (g->today < d_open || picked[0] + picked[1] == 0)
		return 0;	/* still a draft on the demo's day */
	if (kj_store_other_freeze(st, id, "operator", &n, err) < 0 ||
	    kj_store_survey_move(st, id, "draft", "open", n, &changed, err) < 0)
		return -1;
	int seen[2] = { 0, 0 };
	for (long i = 0; i < g->nops; i++) {
		const char *code = kj_demo_sector_code(g->ops[i].sector);
		for (int s = 0; s < 2; s++)
			if (!strcmp(code, sectors[s]) && seen[s]++ < OTHER_PER_SECTOR &&
			    operator_response(g, rng, fy, id, &ids, &g->ops[i], d_open,
					      kj_rng_below(rng, 100), err) < 0)
				return -1;
	}
	return kj_store_tally_rebuild(st, id, err);
}

int kj_demo_other(struct gen *g, int first, int last, const struct other_std *v,
		  struct kj_err *err)
{
	uint64_t rng = g->o->seed ^ 0x6f74686572ULL;	/* "other" */
	if (last - 1 >= first && ministries_year(g, &rng, last - 1, v, err) < 0)
		return -1;
	return operators_year(g, &rng, last, v, err);
}
