/*
 * The docx writer (export/doc_docx.c, doc_docx_parts.c) on the sample
 * document (doc_sample.c): the zip tests clean (unzip -t) with the parts
 * of a minimal WordprocessingML package, [Content_Types].xml first; every
 * XML part parses (xmllint); the body holds every heading in the heading
 * styles with a bookmark, a chapter on a new page, the TOC field, the
 * table's header row marked to repeat, figures right-aligned, the charts
 * as PNG images with their title and description as alternative text; the
 * hostile heading is text (escaped, its controls and invalid bytes gone).
 * With --soffice (ctest unit_doc_docx_soffice): LibreOffice converts the
 * docx headless to text, which holds every heading.
 */
#include <glib.h>
#include <libxml/parser.h>
#include <math.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "doc_sample.h"
#include "export/doc_text_priv.h"
#include "export/doc_write.h"

static const char *const xml_parts[] = {
	"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
	"word/_rels/document.xml.rels", "word/fontTable.xml", "word/footer1.xml",
	"docProps/core.xml", NULL,
};

static int count(const char *s, const char *what)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* The text of all the part's elements, as one string (free it). */
static char *part_text(const char *docx, const char *part)
{
	char *xml;
	assert_int_equal(doc_run(&xml, "unzip -p %s '%s'", docx, part), 0);
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), part, "UTF-8", XML_PARSE_NONET);
	assert_non_null(doc);
	xmlChar *t = xmlNodeGetContent(xmlDocGetRootElement(doc));
	char *s = strdup((const char *)t);
	xmlFree(t);
	xmlFreeDoc(doc);
	free(xml);
	return s;
}

static void write_sample(const char *path, struct doc_progress *pr)
{
	struct kj_doc *d = doc_sample();
	struct kj_doc_write_opts o = { doc_progress_note, pr, "ja" };
	char err[256] = "";

	unlink(path);
	assert_int_equal(kj_doc_write_docx(d, path, &o, err, sizeof err), 0);
	assert_int_equal(pr->last_done, d->nblocks);
	assert_int_equal(pr->last_total, d->nblocks);
	kj_doc_free(d);
}

static void test_package(void **state)
{
	(void)state;
	struct doc_progress pr = { 0 };
	char *out;

	write_sample("sample.docx", &pr);
	assert_true(pr.calls >= 2);
	assert_false(pr.backwards);
	assert_int_equal(doc_run(NULL, "unzip -tq sample.docx"), 0);
	assert_int_equal(doc_run(&out, "unzip -Z1 sample.docx"), 0);
	assert_int_equal(strncmp(out, "[Content_Types].xml\n", 20), 0);
	for (int i = 0; xml_parts[i]; i++)
		assert_non_null(strstr(out, xml_parts[i]));
	/* one image per chart (three charts of a few rows) */
	assert_int_equal(count(out, "word/media/image"), 3);
	free(out);
	/* unzip reads a name as a pattern: "\\[" is a literal "[" */
	assert_int_equal(doc_run(NULL, "unzip -p sample.docx '\\[Content_Types\\].xml' | "
				 "xmllint --noout -"), 0);
	for (int i = 1; xml_parts[i]; i++)
		assert_int_equal(doc_run(NULL, "unzip -p sample.docx '%s' | xmllint --noout -",
					 xml_parts[i]), 0);
	assert_int_equal(doc_run(&out, "unzip -p sample.docx word/media/image1.png | head -c 8 | od -An -tx1"), 0);
	assert_non_null(strstr(out, "89 50 4e 47 0d 0a 1a 0a"));
	free(out);
	/* every image is declared: content type and relationship */
	assert_int_equal(doc_run(&out, "unzip -p sample.docx '\\[Content_Types\\].xml'"), 0);
	assert_non_null(strstr(out, "Extension=\"png\""));
	free(out);
	assert_int_equal(doc_run(&out, "unzip -p sample.docx word/_rels/document.xml.rels"), 0);
	assert_non_null(strstr(out, "Target=\"media/image3.png\""));
	free(out);
}

static void test_body(void **state)
{
	(void)state;
	char *xml, *text;

	assert_int_equal(doc_run(&xml, "unzip -p sample.docx word/document.xml"), 0);
	/* four chapters, each on a new page; 8 headings, each bookmarked */
	assert_int_equal(count(xml, "<w:pStyle w:val=\"Heading1\"/><w:pageBreakBefore/>"), 4);
	assert_int_equal(count(xml, "<w:pStyle w:val=\"Heading2\"/>"), 3);
	assert_int_equal(count(xml, "<w:pStyle w:val=\"Heading3\"/>"), 1);
	assert_int_equal(count(xml, "<w:bookmarkStart "), 8);
	assert_int_equal(count(xml, "w:anchor=\"_kj_h"), 8);
	assert_non_null(strstr(xml, "w:instr=\" TOC \\o &quot;1-3&quot; \\h \\z \\u \""));
	/* the table: one header row repeated, figures on the right */
	assert_int_equal(count(xml, "<w:tblHeader/>"), 1);
	assert_int_equal(count(xml, "<w:tr>"), DOC_SAMPLE_ROWS + 1);
	assert_int_equal(count(xml, "<w:jc w:val=\"right\"/>"), 2 * DOC_SAMPLE_ROWS);
	/* the charts: images with their title and description as alternative text */
	assert_non_null(strstr(xml, "descr=\"分野別の実施状況: 分野ごとの事業者の実施段階の構成\""));
	assert_non_null(strstr(xml, "title=\"領域別の実施率\""));
	assert_int_equal(count(xml, "<a:blip r:embed=\"rIdImg"), 3);
	/* the hostile heading: escaped, without its controls */
	assert_non_null(strstr(xml, "危険な見出し &lt;&amp;&quot;&gt; 制御"));
	assert_null(strstr(xml, "\x01"));
	assert_null(strstr(xml, "\x07"));
	/* a line feed and a tab of a paragraph */
	assert_non_null(strstr(xml, "一行目</w:t><w:br/><w:t xml:space=\"preserve\">二行目</w:t><w:tab/>"));
	free(xml);

	text = part_text("sample.docx", "word/document.xml");
	for (int i = 0; doc_sample_headings[i]; i++)
		assert_true(doc_holds(text, doc_sample_headings[i]));
	for (int i = 0; doc_sample_figures[i]; i++)
		assert_true(doc_holds(text, doc_sample_figures[i]));
	assert_true(doc_holds(text, DOC_SAMPLE_HOSTILE_CLEAN));
	free(text);

	text = part_text("sample.docx", "docProps/core.xml");
	assert_non_null(strstr(text, "令和8年度 重要インフラのサイバーセキュリティに係る年次報告"));
	free(text);
}

static void test_styles(void **state)
{
	(void)state;
	char *xml;

	assert_int_equal(doc_run(&xml, "unzip -p sample.docx word/styles.xml"), 0);
	for (int i = 0; i < 3; i++) {
		char want[128];
		snprintf(want, sizeof want, "w:styleId=\"Heading%d\"><w:name w:val=\"heading %d\"/>",
			 i + 1, i + 1);
		assert_non_null(strstr(xml, want));
		snprintf(want, sizeof want, "<w:outlineLvl w:val=\"%d\"/>", i);
		assert_non_null(strstr(xml, want));
	}
	assert_non_null(strstr(xml, "w:styleId=\"Title\""));
	assert_non_null(strstr(xml, "w:eastAsia=\"Noto Sans CJK JP\""));
	assert_non_null(strstr(xml, "w:styleId=\"KjTable\""));
	free(xml);
	assert_int_equal(doc_run(&xml, "unzip -p sample.docx word/fontTable.xml"), 0);
	assert_non_null(strstr(xml, "<w:altName w:val=\"MS Mincho\"/>"));
	free(xml);
}

static void test_refusals(void **state)
{
	(void)state;
	struct kj_doc *d = kj_doc_new("題", "", "");
	char err[256] = "";

	kj_doc_table(d, "x", "x", 0, 0);	/* no columns: the document fails */
	assert_true(kj_doc_failed(d));
	unlink("failed.docx");
	assert_int_equal(kj_doc_write_docx(d, "failed.docx", NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "incomplete"));
	assert_false(th_exists("failed.docx"));
	kj_doc_free(d);

	d = kj_doc_new("題", "", "");
	kj_doc_para(d, "本文");
	err[0] = '\0';
	assert_int_equal(kj_doc_write_docx(d, "no-such-dir/x.docx", NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "no-such-dir/x.docx"));
	assert_false(th_exists("no-such-dir/x.docx"));
	kj_doc_free(d);

	/* empty: no headings, an empty table and chart; still a valid package */
	d = kj_doc_new(NULL, NULL, NULL);
	kj_doc_table(d, "空", "空", 2, 1);
	kj_doc_chart(d, KJ_CHART_HEAT, "空の図", "", 1, (const char *const[]){ "a" }, 1, "");
	assert_int_equal(kj_doc_write_docx(d, "empty.docx", NULL, err, sizeof err), 0);
	assert_int_equal(doc_run(NULL, "unzip -tq empty.docx"), 0);
	assert_int_equal(doc_run(NULL, "unzip -p empty.docx word/document.xml | xmllint --noout -"), 0);
	kj_doc_free(d);
}

/* The cleaning both writers apply, and the charts' values. */
static void test_clean(void **state)
{
	(void)state;
	char *c = kj_doc_clean("a\x01" "b\x7f\xc2\x85" "c\xef\xbf\xbe\xff\n\t<&>\r");
	/* C0 (not tab, line feed), DEL, C1, U+FFFE gone; a bad byte is U+FFFD */
	assert_string_equal(c, "abc\xef\xbf\xbd\n\t<&>");
	g_free(c);
	c = kj_doc_clean(NULL);
	assert_string_equal(c, "");
	g_free(c);
	char v[32];
	kj_doc_value(v, sizeof v, 87.5, "%");
	assert_string_equal(v, "87.5%");
	kj_doc_value(v, sizeof v, 100, "%");
	assert_string_equal(v, "100%");
	kj_doc_value(v, sizeof v, NAN, "%");
	assert_string_equal(v, "—");
	kj_doc_value(v, sizeof v, 3, "件");
	assert_string_equal(v, "3件");
}

/* Random bytes in every string: the docx is still written and every part parses. */
static void test_random_text(void **state)
{
	(void)state;
	char err[256] = "";

	for (unsigned seed = 1; seed <= 3; seed++) {
		struct kj_doc *d = doc_random(seed);
		assert_int_equal(kj_doc_write_docx(d, "random.docx", NULL, err, sizeof err), 0);
		assert_int_equal(doc_run(NULL, "unzip -tq random.docx"), 0);
		for (int i = 1; xml_parts[i]; i++)
			assert_int_equal(doc_run(NULL, "unzip -p random.docx '%s' | xmllint --noout -",
						 xml_parts[i]), 0);
		kj_doc_free(d);
	}
}

/* LibreOffice opens the docx and its text holds every heading. */
static void test_soffice(void **state)
{
	(void)state;
	struct doc_progress pr = { 0 };
	char profile[] = "/tmp/kj-soffice-XXXXXX", *txt;

	write_sample("lo.docx", &pr);
	assert_non_null(mkdtemp(profile));
	unlink("lo.txt");
	int rc = doc_run(NULL, "HOME=%s soffice -env:UserInstallation=file://%s/profile --headless "
			 "--convert-to txt:Text --outdir . lo.docx >/dev/null 2>&1", profile, profile);
	doc_run(NULL, "rm -rf %s", profile);
	assert_int_equal(rc, 0);
	txt = th_slurp("lo.txt", NULL);
	assert_non_null(txt);
	for (int i = 0; doc_sample_headings[i]; i++)
		assert_true(doc_holds(txt, doc_sample_headings[i]));
	assert_true(doc_holds(txt, DOC_SAMPLE_HOSTILE_CLEAN));
	assert_true(doc_holds(txt, "事業者0299"));
	free(txt);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_package),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_random_text),
	};
	const struct CMUnitTest lo[] = {
		cmocka_unit_test(test_soffice),
	};
	int rc;

	if (argc > 1 && strcmp(argv[1], "--soffice") == 0)
		rc = cmocka_run_group_tests(lo, NULL, NULL);
	else
		rc = cmocka_run_group_tests(tests, NULL, NULL);
	doc_release_fonts();
	return rc;
}
