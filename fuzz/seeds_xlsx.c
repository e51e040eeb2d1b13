/*
 * xlsx seeds, written at run time with libxlsxwriter instead of committed
 * as binaries: an operator list and a safety-standard mapping as Excel
 * would save them (shared strings, and inline strings from constant-memory
 * mode), and a sheet of every kind of cell kijun reads (numbers, booleans,
 * cached formula results, rich text runs, escaped control characters,
 * skipped rows and columns, a second sheet).
 */
#include <stdio.h>
#include <xlsxwriter.h>

#include "fuzz.h"

static const char *const registry_rows[][14] = {
	{ "法人番号", "名称", "名称カナ", "分野", "規模", "基幹インフラ事業者",
	  "地方公共団体", "団体コード", "都道府県", "セプター加盟", "担当者", "メール",
	  "電話", "状態" },
	{ "9010401012345", "東京テスト電力株式会社", "トウキョウテストデンリョク", "電力",
	  "大規模", "はい", "いいえ", "", "東京都", "はい", "山田 太郎",
	  "yamada@example.jp", "03-1234-5678", "有効" },
	{ "8000020131016", "千代田区", "チヨダク", "行政サービス、水道", "中規模", "いいえ",
	  "はい", "131016", "13", "はい", "佐藤 花子", "sato@city.example.lg.jp",
	  "03-3264-2111", "" },
	{ "4011001023456", "医療法人 \"さくら\"会, 本院", "", "medical", "小規模・地域",
	  "×", "×", "", "大阪府", "○", "", "", "", "有効" },
};

static const char *const safety_rows[][12] = {
	{ "分野", "分類", "発行者", "文書名", "版", "発行日", "URL", "条項番号", "条項名",
	  "条項本文", "対策事項", "充足度" },
	{ "electricity", "1", "経済産業省", "電力制御システムセキュリティガイドライン", "2.0",
	  "2024-04-01", "https://www.example.go.jp/guideline.pdf", "第3条", "組織",
	  "事業者は責任者を置く。", "3.2.1-1 3.2.1-2", "全部" },
	{ "電力", "強制基準", "経済産業省", "電力制御システムセキュリティガイドライン", "2.0",
	  "2024-04-01", "https://www.example.go.jp/guideline.pdf", "第4条", "",
	  "", "3.2.2.1-1、3.2.3-1", "一部" },
	{ "gas", "3", "日本ガス協会", "ガス業界ガイドライン", "", "", "", "5.1", "",
	  "", "3.2.4-1;3.2.4-2", "" },
};

static int finish(lxw_workbook *wb, const char *path)
{
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		fprintf(stderr, "%s: %s\n", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}

/* ROWS (NROWS x NCOLS strings, "" for no cell) as the first sheet. */
static int table_book(const char *dir, const char *name, int constant_memory,
		      const char *const *cells, int nrows, int ncols)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	lxw_workbook_options opt = { .constant_memory = (uint8_t)constant_memory,
				     .tmpdir = (char *)dir };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		fprintf(stderr, "%s: cannot create\n", path);
		return -1;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	for (int r = 0; r < nrows; r++)
		for (int c = 0; c < ncols; c++)
			if (cells[r * ncols + c][0])
				worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c,
						       cells[r * ncols + c], NULL);
	return finish(wb, path);
}

static int cells_book(const char *dir)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/cells.xlsx", dir);
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return -1;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "データ");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	worksheet_write_string(ws, 0, 0, "見出し", bold);
	worksheet_write_string(ws, 0, 1, "header", NULL);
	worksheet_write_number(ws, 1, 0, 9010401012345.0, NULL);
	worksheet_write_number(ws, 1, 1, -0.5, NULL);
	worksheet_write_boolean(ws, 1, 2, 1, NULL);
	worksheet_write_boolean(ws, 1, 3, 0, NULL);
	worksheet_write_formula_num(ws, 2, 0, "=1+2", NULL, 3);
	worksheet_write_formula_str(ws, 2, 1, "=\"a\"&\"b\"", NULL, "ab");
	worksheet_write_blank(ws, 2, 2, bold);
	worksheet_write_string(ws, 2, 3, "line one\r\nline two", NULL);
	worksheet_write_string(ws, 2, 4, "_x0041_ literal and tab\t", NULL);
	char run1[] = "東京", run2[] = "都";
	lxw_rich_string_tuple f1 = { .format = NULL, .string = run1 };
	lxw_rich_string_tuple f2 = { .format = bold, .string = run2 };
	lxw_rich_string_tuple *rich[] = { &f1, &f2, NULL };
	worksheet_write_rich_string(ws, 3, 0, rich, NULL);
	/* Rows 4-6 left out, then a cell far to the right. */
	worksheet_write_string(ws, 7, 27, "AB8", NULL);
	worksheet_write_string(ws, 8, 0, "=not a formula", NULL);
	lxw_worksheet *ws2 = workbook_add_worksheet(wb, "Sheet2");
	worksheet_write_string(ws2, 0, 0, "second sheet", NULL);
	return finish(wb, path);
}

static int empty_book(const char *dir)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/empty.xlsx", dir);
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return -1;
	workbook_add_worksheet(wb, NULL);
	return finish(wb, path);
}

int kj_fuzz_xlsx_seeds(const char *dir)
{
	int nr = (int)(sizeof registry_rows / sizeof registry_rows[0]);
	int ns = (int)(sizeof safety_rows / sizeof safety_rows[0]);
	if (table_book(dir, "registry.xlsx", 0, &registry_rows[0][0], nr, 14) < 0 ||
	    table_book(dir, "registry_inline.xlsx", 1, &registry_rows[0][0], nr, 14) < 0 ||
	    table_book(dir, "safety.xlsx", 0, &safety_rows[0][0], ns, 12) < 0 ||
	    table_book(dir, "safety_inline.xlsx", 1, &safety_rows[0][0], ns, 12) < 0 ||
	    cells_book(dir) < 0 || empty_book(dir) < 0)
		return -1;
	return 0;
}
