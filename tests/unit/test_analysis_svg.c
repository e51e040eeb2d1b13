/*
 * The analysis charts and table files (export/analysis_svg.c,
 * export/analysis_out.c): every chart is well-formed XML with role="img",
 * labelled by its <title> and <desc>; labels are escaped; a suppressed
 * value is drawn with its label and never as a number; percentages round
 * as the API does; a chart too big for the buffer fails alone and leaves
 * it as it was; a table's CSV has its heads and cells, a formula defused.
 */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "export/analysis_out.h"
#include "export/analysis_svg.h"

static const char *const legend[KJ_ASVG_SEGMENTS] = { "L0", "L1", "L2", "L3", "L4", "N/A" };

static void well_formed(const char *svg, const char *id)
{
	xmlDocPtr doc = xmlReadMemory(svg, (int)strlen(svg), "a.svg", "UTF-8",
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	char want[128];
	snprintf(want, sizeof want, "role=\"img\"");
	assert_non_null(strstr(svg, want));
	snprintf(want, sizeof want, "aria-labelledby=\"%s-t %s-d\"", id, id);
	assert_non_null(strstr(svg, want));
	snprintf(want, sizeof want, "<title id=\"%s-t\">", id);
	assert_non_null(strstr(svg, want));
	snprintf(want, sizeof want, "<desc id=\"%s-d\">", id);
	assert_non_null(strstr(svg, want));
}

static void test_pct_rounds_as_the_api(void **state)
{
	(void)state;
	char s[32];
	kj_asvg_pct(s, sizeof s, 0.35714, 1, 0);
	assert_string_equal(s, "35.7%");
	kj_asvg_pct(s, sizeof s, 0.3565, 1, 0);	/* 3565 ten-thousandths: up */
	assert_string_equal(s, "35.7%");
	kj_asvg_pct(s, sizeof s, 1.0, 1, 0);
	assert_string_equal(s, "100.0%");
	kj_asvg_pct(s, sizeof s, 0.0, 1, 0);
	assert_string_equal(s, "0.0%");
	kj_asvg_pct(s, sizeof s, 0.5, 0, 0);
	assert_string_equal(s, "—");
	kj_asvg_pct(s, sizeof s, 0.05, 1, 1);
	assert_string_equal(s, "+5.0 pt");
	kj_asvg_pct(s, sizeof s, -0.125, 1, 1);
	assert_string_equal(s, "-12.5 pt");
	kj_asvg_pct(s, sizeof s, 0.0, 1, 1);
	assert_string_equal(s, "0.0 pt");
}

static void test_charts(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 1 << 20);
	const char *rows[] = { "電力", "<kjx a='1'>&" };
	const char *cols[] = { "識別", "防御", "検知" };
	struct kj_asvg_val v[6] = { { 0.5, 1, 0 }, { 0.123456, 1, 0 }, { 0, 0, 0 },
				    { 0.98, 1, 1 }, { 1.0, 1, 0 }, { 0.2, 1, 0 } };
	struct kj_asvg_head h = { "chart-x", "題 <b>", "説明 & \"引用\"", "k 未満", legend };
	assert_int_equal(kj_asvg_heatmap(&b, &h, 2, rows, 3, cols, v), 0);
	const char *svg = kj_buf_str(&b);
	well_formed(svg, "chart-x");
	assert_null(strstr(svg, "<kjx"));
	assert_non_null(strstr(svg, "&lt;kjx a=&#39;1&#39;&gt;&amp;"));
	assert_non_null(strstr(svg, ">50.0%<"));
	/* The API's 0.1235, then tenths of a percent: what a reader of the API gets too. */
	assert_non_null(strstr(svg, ">12.4%<"));
	assert_non_null(strstr(svg, ">100.0%<"));
	assert_non_null(strstr(svg, ">k 未満<"));
	assert_null(strstr(svg, "98.0"));	/* the suppressed value is nowhere */
	kj_buf_reset(&b);
	assert_int_equal(kj_asvg_bars(&b, &h, 2, rows, v + 2), 0);
	well_formed(kj_buf_str(&b), "chart-x");
	assert_null(strstr(kj_buf_str(&b), "98.0"));
	kj_buf_reset(&b);
	const long lv[2][KJ_ASVG_SEGMENTS] = { { 1, 2, 3, 4, 5, 6 }, { 9, 9, 9, 9, 9, 9 } };
	const unsigned char sup[2] = { 0, 1 };
	assert_int_equal(kj_asvg_stacked(&b, &h, 2, rows, lv, sup), 0);
	well_formed(kj_buf_str(&b), "chart-x");
	assert_non_null(strstr(kj_buf_str(&b), ">21<"));	/* the first bar's answers */
	assert_null(strstr(kj_buf_str(&b), ">54<"));	/* the suppressed bar's: not shown */
	assert_null(strstr(kj_buf_str(&b), "L0: 9"));
	kj_buf_reset(&b);
	assert_int_equal(kj_asvg_radar(&b, &h, 3, cols, v), 0);
	well_formed(kj_buf_str(&b), "chart-x");
	assert_int_equal(kj_asvg_radar(&b, &h, 2, cols, v), -1);	/* too few axes */
	kj_buf_free(&b);
	/* Too big for the room left: fails alone, the buffer as it was. */
	struct kj_buf small;
	kj_buf_init(&small, 64);
	kj_buf_adds(&small, "<p>");
	assert_int_equal(kj_asvg_heatmap(&small, &h, 2, rows, 3, cols, v), -1);
	assert_false(kj_buf_failed(&small));
	assert_string_equal(kj_buf_str(&small), "<p>");
	kj_buf_free(&small);
}

static void test_table_csv(void **state)
{
	(void)state;
	const char *cols[] = { "分野", "実施率" };
	char c0[] = "電力", c1[] = "35.7%", c2[] = "=1+1", c3[] = "—（k 未満のため非表示）";
	char *cells[] = { c0, c1, c2, c3 };
	struct kj_atable t = { "t", 2, 2, cols, cells };
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	assert_non_null(f);
	assert_int_equal(kj_atable_write_csv(f, &t), 0);
	fclose(f);
	assert_true(!strncmp(mem, "\xEF\xBB\xBF", 3));
	assert_non_null(strstr(mem, "分野"));
	assert_non_null(strstr(mem, "35.7%"));
	assert_non_null(strstr(mem, "'=1+1"));
	assert_non_null(strstr(mem, "—（k 未満のため非表示）"));
	free(mem);
	struct kj_err err;
	assert_int_equal(kj_atable_write_xlsx("t.xlsx", &t, &err), 0);
	FILE *x = fopen("t.xlsx", "rb");
	assert_non_null(x);
	char pk[2];
	assert_int_equal(fread(pk, 1, 2, x), 2);
	assert_memory_equal(pk, "PK", 2);
	fclose(x);
	remove("t.xlsx");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pct_rounds_as_the_api),
		cmocka_unit_test(test_charts),
		cmocka_unit_test(test_table_csv),
	};
	return cmocka_run_group_tests_name("analysis_svg", tests, NULL, NULL);
}
