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

#include <sodium.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/wareki.h"
#include "model/answer.h"
#include "store/store_catalog.h"
#include "store/store_demo_response.h"
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

/* Answers of OP to the first UPTO requirements of YS; CONTENT (may be NULL)
 * gets them as a submitted version keeps them, a line each: the item, a tab,
 * its canonical text ("3", "na: REASON"), so that next year's response
 * carries them over and the digest checks as the answering code's. */
static int answer(struct gen *g, const struct year_std *ys, const struct op *op,
		  int64_t resp, double growth, int upto, struct kj_buf *content,
		  struct kj_err *err)
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
		if (content) {
			kj_buf_adds(content, ys->cat->reqs[r].id);
			/* The answering code's canonical text (kj_answer_text). */
			kj_buf_addc(content, '\t');
			kj_buf_adds(content, na ? "na: " : kj_level_code(level));
			kj_buf_adds(content, na ? na : "");
			kj_buf_addc(content, '\n');
		}
	}
	if (content && kj_buf_failed(content)) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_answers_add(g->st, resp, a, upto, err) < 0)
		return -1;
	g->stats->answers += upto;
	return 0;
}

/* --- A response's history: versions, receipts, returns --------------------- */

static const char *const surnames[] = {
	"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
	"吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水",
};
static const char *const given[] = {
	"健一", "浩二", "誠", "直樹", "陽子", "由美", "隆", "美香", "大輔", "恵子",
	"修", "真理子", "剛", "智子", "拓也", "裕子",
};
/* Who attests an operator's answers: a company's, or a local government's. */
static const char *const titles[] = {
	"情報システム部長", "最高情報セキュリティ責任者（CISO）", "総務部長",
	"情報セキュリティ管理責任者", "経営企画部長",
};
static const char *const gov_titles[] = {
	"情報政策課長", "総務部長", "デジタル推進課長", "最高情報セキュリティ責任者（副市長）",
};
/* Why a ministry returned a response; %s is a requirement's id. */
static const char *const return_msgs[] = {
	"%s の回答が「実施」となっていますが、根拠資料の記載がありません。"
	"根拠資料の名称を追記のうえ、再提出をお願いします。",
	"%s を「該当なし」とされた理由が、他の回答（クラウドサービスの利用）と整合しません。"
	"ご確認のうえ、再提出をお願いします。",
	"%s の回答が昨年度の「実施・継続的改善」から「未実施」に変わっています。"
	"変更の理由を備考欄に記載してください。",
	"責任者の役職名が組織図と一致しません。%s を含め、回答内容をご確認のうえ再提出をお願いします。",
};
#define PICK(rng, a) (a[kj_rng_below(rng, (int)(sizeof a / sizeof a[0]))])

/* The day (days since 1970) of an ISO time or date. */
static long day_of(const char *iso)
{
	return effective_day(iso);
}

/* The SHA-256 of TEXT in hex. */
static void sha256_hex(const struct kj_buf *text, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)kj_buf_str(text), text->len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* Version V of RESP submitted at WHEN, attested by OP's officer. */
static int add_version(struct kj_store *st, uint64_t *rng, int fy, int64_t survey,
		       const struct op *op, int64_t resp, int v, const char *when,
		       const struct kj_buf *content, struct kj_err *err)
{
	char receipt[40], digest[65], name[64], date[16];
	/* As the answering code numbers them: year, survey, response, version. */
	snprintf(receipt, sizeof receipt, "R%04d-%04lld-%06lld-%02d", fy % 10000,
		 (long long)survey % 10000, (long long)resp % 1000000, v % 100);
	snprintf(name, sizeof name, "%s %s", PICK(rng, surnames), PICK(rng, given));
	snprintf(date, sizeof date, "%.10s", when);
	sha256_hex(content, digest);
	int gov = !strcmp(kj_demo_sector_code(op->sector), "government");
	const struct kj_demo_version dv = {
		resp, v, receipt, when, "demo", digest, kj_buf_str(content), name,
		gov ? PICK(rng, gov_titles) : PICK(rng, titles), date,
	};
	return kj_store_demo_version_add(st, &dv, err);
}

static int add_return(struct kj_store *st, uint64_t *rng, const struct year_std *ys,
		      int64_t resp, int v, const char *at, struct kj_err *err)
{
	char msg[600];
	const char *id = ys->cat->reqs[kj_rng_below(rng, ys->nreq)].id;
	const char *fmt = PICK(rng, return_msgs);
	/* The messages' only conversion is one %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(msg, sizeof msg, fmt, id);
#pragma GCC diagnostic pop
	return kj_store_demo_return_add(st, resp, v, at, "demo", msg, err);
}

/*
 * What the answering code leaves beside RESP's answers (status RSTATUS,
 * submitted at WHEN): its revision and times; for a submitted or returned
 * one, each version with its receipt, digest and attestation, and each
 * return with its message. A returned response of the open year was
 * returned after its submission and before today (the same evening at the
 * latest); a few of a closed year's were returned once and submitted
 * again. Nothing is dated after LAST_DAY.
 */
static int response_history(struct gen *g, uint64_t *rng, const struct year_std *ys,
			    int closed, int fy, int64_t survey, const struct op *op, int64_t resp,
			    const char *rstatus, const char *when, long d_open, long last_day,
			    const struct kj_buf *content, struct kj_err *err)
{
	char created[32], updated[32], v1[32], back[32];
	if (last_day < d_open)
		last_day = d_open;
	if (!strcmp(rstatus, "draft")) {
		long c = d_open + kj_rng_below(rng, (int)(last_day - d_open + 1));
		office_time(rng, c, created);
		office_time(rng, c + kj_rng_below(rng, (int)(last_day - c + 1)), updated);
		if (strcmp(updated, created) < 0)
			memcpy(updated, created, sizeof updated);
		return kj_store_demo_response_times(g->st, resp, 1 + kj_rng_below(rng, 30), 0, created,
					       updated, err);
	}
	long sub = day_of(when);
	int versions = 1;
	office_time(rng, d_open + kj_rng_below(rng, (int)(sub - d_open + 1)), created);
	if (strcmp(created, when) > 0)
		memcpy(created, when, sizeof created);
	memcpy(updated, when, sizeof updated);
	if (!strcmp(rstatus, "returned")) {
		long r = sub + kj_rng_below(rng, (int)(last_day - sub + 1));
		if (r > sub)
			office_time(rng, r, back);
		else
			snprintf(back, sizeof back, "%.10sT08:59:30Z", when);
		memcpy(updated, back, sizeof updated);
		if (add_version(g->st, rng, fy, survey, op, resp, 1, when, content, err) < 0 ||
		    add_return(g->st, rng, ys, resp, 1, back, err) < 0)
			return -1;
	} else if (closed && sub - d_open >= 8 && kj_rng_uniform(rng) < 0.04) {
		/* A closed year's: returned once, then submitted again. */
		long d1 = sub - 3 - kj_rng_below(rng, 5), r = d1 + 1 + kj_rng_below(rng, (int)(sub - d1 - 1));
		office_time(rng, d1, v1);
		office_time(rng, r, back);
		if (add_version(g->st, rng, fy, survey, op, resp, 1, v1, content, err) < 0 ||
		    add_return(g->st, rng, ys, resp, 1, back, err) < 0 ||
		    add_version(g->st, rng, fy, survey, op, resp, 2, when, content, err) < 0)
			return -1;
		versions = 2;
		if (strcmp(created, v1) > 0)
			memcpy(created, v1, sizeof created);
	} else if (add_version(g->st, rng, fy, survey, op, resp, 1, when, content, err) < 0) {
		return -1;
	}
	return kj_store_demo_response_times(g->st, resp, 5 + kj_rng_below(rng, 60), versions, created,
				       updated, err);
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
		       struct kj_buf *content, struct kj_err *err)
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
	/* The responses' histories draw from a stream of their own, so the
	 * answers are the same as without them. */
	uint64_t side = g->rng ^ 0x76657273696f6e73ULL ^ (uint64_t)fy;	/* "versions" */

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
			kj_buf_reset(content);
			if (kj_store_response_add(g->st, survey, op->id, rstatus,
						  strcmp(rstatus, "draft") ? when : NULL, &resp, err) < 0 ||
			    answer(g, ys, op, resp, growth, upto,
				   strcmp(rstatus, "draft") ? content : NULL, err) < 0 ||
			    response_history(g, &side, ys, !strcmp(status, "closed"), fy, survey, op, resp,
					     rstatus, when, d_open,
					     strcmp(status, "open") ? d_close : g->today - 1, content,
					     err) < 0)
				return -1;
			g->stats->responses++;
		}
		if (o->progress && (i % 500 == 499 || i + 1 == g->nops))
			o->progress(o->progress_ctx, fy, i + 1, g->nops);
	}
	/* A survey that has opened has its respondents: the year's targets. */
	if (strcmp(status, "draft")) {
		g->self_survey = survey;
		g->self_fy = fy;
		g->self_status = status;
		g->self_open = d_open;
		g->self_close = d_close;
		g->self_ys = ys;
		long n;
		int changed;
		if (kj_store_survey_freeze(g->st, survey, &n, err) < 0 ||
		    kj_store_survey_move(g->st, survey, status, status, n, &changed, err) < 0)
			return -1;
	}
	return 0;
}

int kj_demo_survey_year(struct gen *g, int fy, int first, const struct year_std *ys,
			struct kj_err *err)
{
	struct kj_buf content;	/* one submitted version's text at a time */
	kj_buf_init(&content, KJ_DEMO_VERSION_MAX);
	int rc = survey_year(g, fy, first, ys, &content, err);
	kj_buf_free(&content);
	return rc;
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
