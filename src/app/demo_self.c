/*
 * kijun answers its own questionnaire (docs/self-assessment.md): with
 * kj_demo_opts.self_assessment, the demo adds the operator "kijun 運用事業者"
 * (行政サービス, medium size), the organisation that runs the demo's kijun,
 * makes it a target of the latest fiscal year whose survey has opened, and
 * submits its response to that survey with the answers of the embedded
 * data/reference/self-assessment.csv: each row's level, N/A reason,
 * evidence reference and, as the comment, how kijun meets it. Nothing in
 * it is random: its times follow from the survey's window and the demo's
 * day, so the demo stays deterministic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/embed.h"
#include "model/answer.h"
#include "model/corpnum.h"
#include "model/table.h"
#include "store/store_demo_response.h"
#include "store/store_registry.h"
#include "store/store_response.h"
#include "store/store_survey.h"
#include "app/demo_priv.h"
#include "app/survey_answer.h"

#define SELF_FILE "reference/self-assessment.csv"
#define SELF_NAME "kijun 運用事業者"
#define SELF_KANA "キジュンウンヨウジギョウシャ"
#define SELF_BASE "999000000001"	/* the corporate number's 12 digits; demo only */

/* The CSV's columns (tests/data/check_self_assessment.py checks the file). */
enum { C_ID, C_TITLE, C_STATUS, C_LEVEL, C_NA, C_HOW, C_TESTS, C_OPERATOR, C_EVIDENCE, C_N };
static const char *const columns[C_N] = {
	"id", "title_ja", "status", "level", "na_reason", "how", "tests", "operator", "evidence",
};

static int read_file(struct kj_table *t, struct kj_err *err)
{
	const struct kj_embedded_file *f = kj_embedded_find(SELF_FILE);
	if (!f) {
		kj_err_set(err, "no %s in this build", SELF_FILE);
		return -1;
	}
	if (kj_table_read(t, (const char *)f->data, f->len, err) < 0)
		return -1;
	for (int c = 0; c < C_N; c++)
		if (strcmp(kj_table_cell(t, 0, c), columns[c])) {
			kj_err_set(err, "%s: column %d is not '%s'", SELF_FILE, c + 1, columns[c]);
			kj_table_free(t);
			return -1;
		}
	return 0;
}

/* Row R of T as an answer into V; -1 with ERR when the file is wrong there. */
static int row_answer(const struct kj_table *t, int r, struct kj_answer_value *v,
		      struct kj_err *err)
{
	memset(v, 0, sizeof *v);
	const char *lv = kj_table_cell(t, r, C_LEVEL);
	v->level = !strcmp(lv, "na") ? KJ_LEVEL_NA
		 : strlen(lv) == 1 && *lv >= '0' && *lv <= '4' ? *lv - '0' : KJ_LEVEL_NONE;
	if (kj_strlcpy(v->na_reason, kj_table_cell(t, r, C_NA), sizeof v->na_reason) ||
	    kj_strlcpy(v->note, kj_table_cell(t, r, C_HOW), sizeof v->note) ||
	    kj_strlcpy(v->evidence, kj_table_cell(t, r, C_EVIDENCE), sizeof v->evidence) ||
	    v->level == KJ_LEVEL_NONE ||
	    kj_answer_check(v->level, v->na_reason, v->note, v->evidence)) {
		kj_err_set(err, "%s: line %d is not an answer", SELF_FILE, r + 1);
		return -1;
	}
	return 0;
}

/* The organisation, a target of FY in 行政サービス; its id into *ID. */
static int add_org(struct gen *g, int fy, int64_t *id, struct kj_err *err)
{
	struct kj_org_record o;
	memset(&o, 0, sizeof o);
	snprintf(o.corporate_number, sizeof o.corporate_number, "%d%s",
		 kj_corpnum_check_digit(SELF_BASE), SELF_BASE);
	snprintf(o.name_ja, sizeof o.name_ja, "%s", SELF_NAME);
	snprintf(o.name_kana, sizeof o.name_kana, "%s", SELF_KANA);
	snprintf(o.sectors[0], sizeof o.sectors[0], "government");
	o.nsectors = 1;
	snprintf(o.size_class, sizeof o.size_class, "medium");
	snprintf(o.prefecture, sizeof o.prefecture, "13");
	o.active = 1;
	if (kj_store_org_add(g->st, &o, id, err) < 0 ||
	    kj_store_target_add(g->st, fy, "government", *id, err) < 0)
		return -1;
	g->stats->organisations++;
	g->stats->targets++;
	return 0;
}

/* Its answers to the requirements of YS that the file names, in catalog
 * order, written, and their canonical lines into CONTENT (the version's). */
static int add_answers(struct gen *g, const struct kj_table *t, int64_t resp,
		       const char *when, struct kj_buf *content, struct kj_err *err)
{
	const struct year_std *ys = g->self_ys;
	struct kj_answer_value v;
	char text[4 * (KJ_ANSWER_NOTE_BYTES + KJ_ANSWER_EVIDENCE_BYTES)];
	int n = 0;
	for (int q = 0; q < ys->nreq; q++) {
		int r = 1;
		while (r < t->nrows && strcmp(kj_table_cell(t, r, C_ID), ys->cat->reqs[q].id))
			r++;
		if (r == t->nrows)
			continue;	/* not in the file: another version of the standard */
		if (row_answer(t, r, &v, err) < 0)
			return -1;
		struct kj_answer_put a = { 0, ys->reqid[q], 0, 0, v.level, v.na_reason, v.note,
					   v.evidence, "", 0 };
		if (kj_store_answers_put(g->st, resp, &a, 1, 1, when, 0, err) < 0)
			return -1;
		kj_answer_text(&v, text, sizeof text);
		kj_buf_adds(content, ys->cat->reqs[q].id);
		kj_buf_addc(content, '\t');
		kj_buf_adds(content, text);
		kj_buf_addc(content, '\n');
		n++;
	}
	if (kj_buf_failed(content)) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	g->stats->answers += n;
	return 0;
}

/* The submitted version of RESP at WHEN, its receipt numbered as the answering code's. */
static int add_version(struct gen *g, int64_t resp, const char *when,
		       const struct kj_buf *content, struct kj_err *err)
{
	char receipt[40], digest[65], date[16];
	unsigned char h[crypto_hash_sha256_BYTES];
	snprintf(receipt, sizeof receipt, "R%04d-%04lld-%06lld-%02d", g->self_fy % 10000,
		 (long long)g->self_survey % 10000, (long long)resp % 1000000, 1);
	crypto_hash_sha256(h, (const unsigned char *)kj_buf_str(content), content->len);
	sodium_bin2hex(digest, sizeof digest, h, sizeof h);
	snprintf(date, sizeof date, "%.10s", when);
	const struct kj_demo_version dv = {
		resp, 1, receipt, when, "demo", digest, kj_buf_str(content), "運用 責任者",
		"最高情報セキュリティ責任者（CISO）", date,
	};
	return kj_store_demo_version_add(g->st, &dv, err) < 0 ||
	       kj_store_demo_response_times(g->st, resp, 1, 1, when, when, err) < 0 ? -1 : 0;
}

int kj_demo_self_assessment(struct gen *g, struct kj_err *err)
{
	if (!g->self_survey)
		return 0;	/* no survey has opened by the demo's day */
	struct kj_table t;
	struct kj_buf content;
	int64_t org, resp;
	long n;
	int changed;
	char when[32], day[16];
	/* Submitted the day before the demo's, inside the window, 10:00 JST. */
	long d = g->today - 1 < g->self_close ? g->today - 1 : g->self_close;
	day_text(d < g->self_open ? g->self_open : d, day);
	snprintf(when, sizeof when, "%sT01:00:00Z", day);
	if (read_file(&t, err) < 0)
		return -1;
	kj_buf_init(&content, 4u << 20);
	int rc = add_org(g, g->self_fy, &org, err) < 0 ||
		 kj_store_response_add(g->st, g->self_survey, org, "submitted", when, &resp,
				       err) < 0 ||
		 add_answers(g, &t, resp, when, &content, err) < 0 ||
		 add_version(g, resp, when, &content, err) < 0 ||
		 kj_store_survey_freeze(g->st, g->self_survey, &n, err) < 0 ||
		 kj_store_survey_move(g->st, g->self_survey, g->self_status, g->self_status, n,
				      &changed, err) < 0 ? -1 : 0;
	if (rc == 0)
		g->stats->responses++;
	kj_buf_free(&content);
	kj_table_free(&t);
	return rc;
}
