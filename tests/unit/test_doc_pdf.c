/*
 * The PDF writer (export/doc_pdf.c, doc_chart_cairo.c) on the sample
 * document (doc_sample.c), read back by poppler: pdfinfo (pages, title,
 * the contents' destinations), pdffonts (the Noto CJK fonts embedded),
 * pdftotext (every heading, the hostile heading as text, figures, the
 * table's header row on every page the table spans, a cell without spaces
 * wrapped), pdftoppm (every page renders). And the refusals: an incomplete
 * document, a path that cannot be written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "doc_sample.h"
#include "export/doc_write.h"

/* Where NEEDLE is in the LEN bytes at HAY (which may hold NULs), or NULL. */
static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

static int pages_of(const char *pdf)
{
	char *out;
	int pages = -1;
	assert_int_equal(doc_run(&out, "pdfinfo %s", pdf), 0);
	const char *p = strstr(out, "Pages:");
	assert_non_null(p);
	pages = atoi(p + 6);
	free(out);
	return pages;
}

static void test_sample(void **state)
{
	(void)state;
	struct kj_doc *d = doc_sample();
	struct doc_progress pr = { 0 };
	struct kj_doc_write_opts o = { doc_progress_note, &pr, "ja" };
	char err[256] = "", *out;

	unlink("sample.pdf");
	assert_int_equal(kj_doc_write_pdf(d, "sample.pdf", &o, err, sizeof err), 0);
	assert_true(pr.calls >= 2);
	assert_false(pr.backwards);
	assert_int_equal(pr.last_done, d->nblocks);
	assert_int_equal(pr.last_total, d->nblocks);

	/* pages: cover, contents, chapters, the table over several pages */
	int pages = pages_of("sample.pdf");
	assert_true(pages > 10);
	assert_int_equal(doc_run(&out, "pdfinfo sample.pdf"), 0);
	assert_non_null(strstr(out, "令和8年度 重要インフラのサイバーセキュリティに係る年次報告"));
	assert_non_null(strstr(out, "CreationDate:"));
	free(out);

	/* the contents link to named destinations, one per heading */
	assert_int_equal(doc_run(&out, "pdfinfo -dests sample.pdf"), 0);
	assert_non_null(strstr(out, "\"h1\""));
	assert_non_null(strstr(out, "\"h3\""));
	free(out);

	/* the outline (bookmarks) and the contents' links: 4 chapters and 3 sections */
	size_t len;
	char *raw = th_slurp("sample.pdf", &len);
	assert_non_null(raw);
	assert_non_null(find(raw, len, "/Outlines"));
	int links = 0;
	for (const char *p = raw; (p = find(p, len - (size_t)(p - raw), "/Subtype /Link")); p += 14)
		links++;
	assert_int_equal(links, 7);
	free(raw);

	/* the text is set in the Noto CJK fonts, embedded */
	assert_int_equal(doc_run(&out, "pdffonts sample.pdf"), 0);
	assert_non_null(strstr(out, "NotoSansCJKjp"));
	assert_non_null(strstr(out, "NotoSerifCJKjp"));
	free(out);

	/* every heading and the sample figures are text; the hostile heading is text too */
	assert_int_equal(doc_run(&out, "pdftotext -layout -enc UTF-8 sample.pdf -"), 0);
	for (int i = 0; doc_sample_headings[i]; i++)
		assert_true(doc_holds(out, doc_sample_headings[i]));
	for (int i = 0; doc_sample_figures[i]; i++)
		assert_true(doc_holds(out, doc_sample_figures[i]));
	assert_true(doc_holds(out, DOC_SAMPLE_HOSTILE_CLEAN));
	assert_non_null(strstr(out, "目次"));
	/* the chart labels carry the values: a heat-map cell and a bar */
	assert_non_null(strstr(out, "12.5%"));
	assert_non_null(strstr(out, "87.5%"));
	assert_non_null(strstr(out, "秘匿"));
	/* the cell of 1199 X without a space is wrapped within its column */
	char run[121];
	memset(run, 'X', 120);
	run[120] = '\0';
	assert_non_null(strstr(out, "XXXXXXXXXX"));
	assert_null(strstr(out, run));
	free(out);

	/* the contents (page 2) give the chapters' pages */
	assert_int_equal(doc_run(&out, "pdftotext -layout -enc UTF-8 -f 2 -l 2 sample.pdf -"), 0);
	assert_true(doc_holds(out, doc_sample_headings[2]));
	assert_true(doc_holds(out, doc_sample_headings[5]));
	free(out);

	/* the header row is on every page that holds rows of the table */
	int spanned = 0;
	for (int pg = 1; pg <= pages; pg++) {
		assert_int_equal(doc_run(&out, "pdftotext -enc UTF-8 -f %d -l %d sample.pdf -", pg, pg),
				 0);
		if (strstr(out, "事業者0")) {
			spanned++;
			assert_non_null(strstr(out, "実施率（％）"));
			assert_non_null(strstr(out, "回答項目数"));
		}
		free(out);
	}
	assert_true(spanned >= 3);

	/* every page renders */
	assert_int_equal(doc_run(NULL, "rm -f page-*.png; pdftoppm -r 30 -png sample.pdf page"), 0);
	assert_int_equal(doc_run(&out, "ls page-*.png | wc -l"), 0);
	assert_int_equal(atoi(out), pages);
	free(out);
	kj_doc_free(d);
}

static void test_english_words(void **state)
{
	(void)state;
	struct kj_doc *d = kj_doc_new("題", "副題", "2026年12月5日");
	struct kj_doc_write_opts o = { NULL, NULL, "en" };
	char err[256] = "", *out;

	kj_doc_heading(d, 1, "第1章");
	kj_doc_para(d, "本文");
	assert_int_equal(kj_doc_write_pdf(d, "en.pdf", &o, err, sizeof err), 0);
	assert_int_equal(doc_run(&out, "pdftotext -enc UTF-8 -f 2 -l 2 en.pdf -"), 0);
	assert_non_null(strstr(out, "Contents"));
	free(out);
	/* with no options at all: Japanese */
	assert_int_equal(kj_doc_write_pdf(d, "ja.pdf", NULL, err, sizeof err), 0);
	assert_int_equal(doc_run(&out, "pdftotext -enc UTF-8 -f 2 -l 2 ja.pdf -"), 0);
	assert_non_null(strstr(out, "目次"));
	free(out);
	kj_doc_free(d);
}

static void test_refusals(void **state)
{
	(void)state;
	struct kj_doc *d = kj_doc_new("題", "", "");
	char err[256] = "";

	/* an incomplete document is not written */
	kj_doc_heading(d, 9, "no such level");
	assert_true(kj_doc_failed(d));
	unlink("failed.pdf");
	assert_int_equal(kj_doc_write_pdf(d, "failed.pdf", NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "incomplete"));
	assert_false(th_exists("failed.pdf"));
	kj_doc_free(d);

	/* a folder that does not exist */
	d = kj_doc_new("題", "", "");
	kj_doc_para(d, "本文");
	err[0] = '\0';
	assert_int_equal(kj_doc_write_pdf(d, "no-such-dir/x.pdf", NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "no-such-dir/x.pdf"));
	kj_doc_free(d);
}

/* An empty document and an empty chart and table still make a valid PDF. */
static void test_empty(void **state)
{
	(void)state;
	struct kj_doc *d = kj_doc_new("", NULL, NULL);
	char err[256] = "";

	kj_doc_chart(d, KJ_CHART_BARS, "空の図", "", 1, (const char *const[]){ "a" }, 1, "");
	kj_doc_table(d, "空の表", "空", 2, 1);
	assert_false(kj_doc_failed(d));
	assert_int_equal(kj_doc_write_pdf(d, "empty.pdf", NULL, err, sizeof err), 0);
	assert_int_equal(pages_of("empty.pdf"), 3);
	assert_int_equal(doc_run(NULL, "pdftoppm -r 30 -png empty.pdf empty"), 0);
	kj_doc_free(d);
}

/* Random bytes in every string: the PDF is still written, and renders. */
static void test_random_text(void **state)
{
	(void)state;
	char err[256] = "";

	for (unsigned seed = 1; seed <= 2; seed++) {
		struct kj_doc *d = doc_random(seed);
		assert_int_equal(kj_doc_write_pdf(d, "random.pdf", NULL, err, sizeof err), 0);
		assert_true(pages_of("random.pdf") > 2);
		assert_int_equal(doc_run(NULL, "pdftoppm -r 10 -png random.pdf random"), 0);
		kj_doc_free(d);
	}
}

/*
 * unit_doc_pdf runs every test with ASan's fast unwinder; cairo's own
 * frames (no frame pointers) are then out of its sight, and its leak at
 * finish (lsan_cairo_fast.supp) can only be told by its library. So
 * unit_doc_pdf_leaks runs the small documents again (--leaks: every path of
 * kj_doc_write_pdf, a chart and a table) under the slow unwinder, where the
 * leak is told by cairo_surface_finish (lsan_cairo.supp) and a surface or
 * context of ours never destroyed is still reported.
 */
int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_english_words),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_random_text),
	};
	const struct CMUnitTest small[] = {
		cmocka_unit_test(test_english_words),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_empty),
	};
	int leaks = argc == 2 && !strcmp(argv[1], "--leaks");
	if (argc > 1 && !leaks) {
		fprintf(stderr, "usage: %s [--leaks]\n", argv[0]);
		return 2;
	}
	int rc = leaks ? cmocka_run_group_tests_name("doc_pdf small", small, NULL, NULL)
		       : cmocka_run_group_tests_name("doc_pdf", tests, NULL, NULL);

	doc_release_fonts();
	return rc;
}
