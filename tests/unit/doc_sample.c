/* The sample document of the PDF and docx writers' tests (doc_sample.h). */
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "helpers.h"
#include "doc_sample.h"

const char *const doc_sample_headings[] = {
	"第1章　全国の概要",
	"1.1　調査の回答状況",
	"第2章　電力分野",
	"2.1　実施計画の概要",
	"第3章　分野横断的な評価",
	"付録　統一基準第3部",
	NULL,
};

const char *const doc_sample_figures[] = { "87.5", "事業者0150", "事業者0299", "1234", NULL };

static const char long_para[] =
	"重要インフラ事業者等は、統一基準に基づき、組織統治、識別、防御、検知、対応及び復旧の各"
	"領域における対策を実施する。本章では、令和8年度の質問調査の結果を分野ごとに集計し、"
	"安全基準等と実際の対策状況との差を示す。集計は回答した事業者の数が5未満となる区分を"
	"秘匿し、その値は表及び図に「—」として示す。";

struct kj_doc *doc_sample(void)
{
	struct kj_doc *d = kj_doc_new("令和8年度 重要インフラのサイバーセキュリティに係る年次報告",
				      "サイバーセキュリティ戦略本部への報告", "2026年12月5日");
	char name[32], rate[32], count[32];
	char nospace[1200];

	assert_non_null(d);
	kj_doc_heading(d, 1, doc_sample_headings[0]);
	kj_doc_para(d, long_para);
	kj_doc_heading(d, 2, doc_sample_headings[1]);
	kj_doc_paraf(d, "対象事業者%d者のうち%d者が回答した（回答率%s%%）。", 1600, 1400, "87.5");
	kj_doc_para(d, "一行目\n二行目\tタブの後");

	const char *const levels[] = { "未実施", "検討中", "一部実施", "実施" };
	struct kj_doc_chart *c = kj_doc_chart(d, KJ_CHART_STACKED, "分野別の実施状況",
					      "分野ごとの事業者の実施段階の構成", 4, levels, 100, "%");
	double v1[] = { 10, 20, 30, 40 }, v2[] = { 5, 5, 45, 45 }, v3[] = { NAN, NAN, NAN, NAN };
	kj_doc_chart_row(d, c, "電力", v1);
	kj_doc_chart_row(d, c, "ガス", v2);
	kj_doc_chart_row(d, c, "空港", v3);

	kj_doc_heading(d, 1, doc_sample_headings[2]);
	kj_doc_heading(d, 2, doc_sample_headings[3]);
	for (int i = 0; i < 3; i++)
		kj_doc_para(d, long_para);
	c = kj_doc_chart(d, KJ_CHART_BARS, "領域別の実施率", "領域ごとの実施率（実施と回答した割合）",
			 1, (const char *const[]){ "実施率" }, 100, "%");
	const char *dom[] = { "組織統治", "識別", "防御", "検知", "対応及び復旧", "技術・脅威の動向" };
	for (int i = 0; i < 6; i++) {
		double v = i == 3 ? NAN : 40.0 + i * 9.5;
		kj_doc_chart_row(d, c, dom[i], &v);
	}
	struct kj_doc_table *t = kj_doc_table(d, "表2-1　事業者別の実施率", "事業者別", 4, 1);
	kj_doc_table_right(t, 2);
	kj_doc_table_right(t, 3);
	kj_doc_table_row(d, t, (const char *const[]){ "事業者名", "所在地", "実施率（％）", "回答項目数" });
	memset(nospace, 'X', sizeof nospace - 1);
	nospace[sizeof nospace - 1] = '\0';
	for (int i = 0; i < DOC_SAMPLE_ROWS; i++) {
		snprintf(name, sizeof name, "事業者%04d", i);
		snprintf(rate, sizeof rate, "%.1f", (i * 37 % 1000) / 10.0);
		snprintf(count, sizeof count, "%d", i == 7 ? 1234 : 90 - i % 7);
		kj_doc_table_row(d, t, (const char *const[]){ name, i == 3 ? nospace : "東京都千代田区",
							     rate, count });
	}

	kj_doc_heading(d, 1, doc_sample_headings[4]);
	kj_doc_heading(d, 3, "3.0.1　小見出し");
	const char *secs[] = { "識別", "防御", "検知" };
	c = kj_doc_chart(d, KJ_CHART_HEAT, "分野と領域の実施率", "分野ごと領域ごとの実施率の一覧", 3,
			 secs, 100, "%");
	double h1[] = { 87.5, 50, 12.5 }, h2[] = { NAN, 100, 0 };
	kj_doc_chart_row(d, c, "電力", h1);
	kj_doc_chart_row(d, c, "水道", h2);
	kj_doc_pagebreak(d);
	kj_doc_heading(d, 2, "危険な見出し <&\"> \x01\x07制御\xff");

	kj_doc_heading(d, 1, doc_sample_headings[5]);
	kj_doc_para(d, "3.2.1-1　組織のサイバーセキュリティに係る方針を定める。");
	assert_false(kj_doc_failed(d));
	return d;
}

int doc_run(char **out, const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int n, st;

	if (out)
		*out = NULL;
	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof cmd)
		return -1;
	f = popen(cmd, "r");
	if (!f)
		return -1;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			char *b = realloc(buf, cap);
			if (!b) {
				free(buf);
				pclose(f);
				return -1;
			}
			buf = b;
		}
		size_t got = fread(buf + len, 1, 4096, f);
		if (got == 0)
			break;
		len += got;
	}
	if (buf)
		buf[len] = '\0';
	st = pclose(f);
	if (out)
		*out = buf;
	else
		free(buf);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

void doc_progress_note(void *arg, int done, int total)
{
	struct doc_progress *p = arg;

	if (done < p->last_done)
		p->backwards = 1;
	p->calls++;
	p->last_done = done;
	p->last_total = total;
}

char *doc_squeeze(char *s)
{
	char *w = s;

	for (char *r = s; *r;) {
		if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r' || *r == '\f') {
			r++;
		} else if (strncmp(r, "\u3000", 3) == 0) {
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return s;
}

int doc_holds(const char *haystack, const char *needle)
{
	char *h = strdup(haystack), *n = strdup(needle);
	int found;

	assert_non_null(h);
	assert_non_null(n);
	found = strstr(doc_squeeze(h), doc_squeeze(n)) != NULL;
	free(h);
	free(n);
	return found;
}

void doc_release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

static char *random_text(unsigned *seed, char *buf, size_t cap)
{
	size_t n = (size_t)(rand_r(seed) % (int)(cap - 1));

	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(1 + rand_r(seed) % 255);
	buf[n] = '\0';
	return buf;
}

struct kj_doc *doc_random(unsigned seed)
{
	char a[200], b[200], c[200], e[200], u[8];
	struct kj_doc *d = kj_doc_new(random_text(&seed, a, sizeof a), random_text(&seed, b, sizeof b),
				      random_text(&seed, c, sizeof c));

	assert_non_null(d);
	for (int i = 0; i < 12; i++) {
		kj_doc_heading(d, 1 + i % 3, random_text(&seed, a, sizeof a));
		kj_doc_para(d, random_text(&seed, a, sizeof a));
		struct kj_doc_table *t = kj_doc_table(d, random_text(&seed, a, sizeof a),
						      random_text(&seed, b, sizeof b), 3, 1);
		kj_doc_table_right(t, 2);
		for (int r = 0; r < 4; r++)
			kj_doc_table_row(d, t, (const char *const[]){ random_text(&seed, a, sizeof a),
								     random_text(&seed, b, sizeof b),
								     random_text(&seed, c, sizeof c) });
		const char *series[] = { random_text(&seed, a, sizeof a), random_text(&seed, b, sizeof b) };
		struct kj_doc_chart *ch = kj_doc_chart(d, (enum kj_chart_kind)(i % 3),
						       random_text(&seed, c, sizeof c),
						       random_text(&seed, e, sizeof e), 2, series, 10,
						       random_text(&seed, u, sizeof u));
		for (int r = 0; r < 3; r++) {
			double v[2] = { rand_r(&seed) % 12 - 1, r == 1 ? NAN : rand_r(&seed) % 10 };
			kj_doc_chart_row(d, ch, random_text(&seed, a, sizeof a), v);
		}
	}
	assert_false(kj_doc_failed(d));
	return d;
}
