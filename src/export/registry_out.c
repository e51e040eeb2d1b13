/*
 * The operator list as CSV and xlsx, in the columns of the import: sectors,
 * ministries, sizes, yes/no and prefectures in Japanese words, so that the
 * file reads naturally and imports again as the same records.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "export/csv.h"
#include "export/registry_out.h"
#include "model/reference.h"

/*
 * The cells of REC in export order, Japanese words throughout, so that the
 * file reads naturally and imports again as the same record. SECTORS and
 * PREF are the caller's buffers for the two cells built here.
 */
static int record_cells(const struct kj_org_record *rec, const struct kj_catalog *cat,
			const struct kj_prefecture *prefs, const char *cells[KJ_REG_NCOL],
			char sectors[256], char ministries[256])
{
	static const char *const sizes[][2] = {
		{ "large", "大規模" }, { "medium", "中規模" }, { "small", "小規模・地域" },
	};
	size_t o = 0;
	sectors[0] = '\0';
	for (int i = 0; i < rec->nsectors && i < KJ_ORG_SECTORS; i++) {
		int s = kj_registry_sector_find(cat, rec->sectors[i]);
		const char *name = s >= 0 ? cat->sectors[s].name_ja : rec->sectors[i];
		int w = snprintf(sectors + o, 256 - o, "%s%s", i ? "、" : "", name);
		if (w < 0 || (size_t)w >= 256 - o)
			return -1;
		o += (size_t)w;
	}
	cells[KJ_REG_NUMBER] = rec->corporate_number;
	cells[KJ_REG_NAME] = rec->name_ja;
	cells[KJ_REG_KANA] = rec->name_kana;
	cells[KJ_REG_SECTORS] = sectors;
	cells[KJ_REG_SIZE] = rec->size_class;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		if (!strcmp(rec->size_class, sizes[i][0]))
			cells[KJ_REG_SIZE] = sizes[i][1];
	cells[KJ_REG_CORE] = rec->core_infra ? "はい" : "いいえ";
	cells[KJ_REG_LOCALGOV] = rec->local_gov ? "はい" : "いいえ";
	cells[KJ_REG_MUNI] = rec->municipality_code;
	cells[KJ_REG_PREF] = rec->prefecture;
	for (int i = 0; prefs && i < KJ_PREFECTURES; i++)
		if (!strcmp(prefs[i].code, rec->prefecture))
			cells[KJ_REG_PREF] = prefs[i].name_ja;
	cells[KJ_REG_CEPTOAR] = rec->ceptoar_member ? "はい" : "いいえ";
	cells[KJ_REG_CONTACT] = rec->contact_name;
	cells[KJ_REG_EMAIL] = rec->contact_email;
	cells[KJ_REG_PHONE] = rec->contact_phone;
	cells[KJ_REG_STATUS] = rec->active ? "有効" : "廃止";
	o = 0;
	ministries[0] = '\0';
	for (int i = 0; i < rec->nministries && i < KJ_ORG_MINISTRIES; i++) {
		int m = kj_registry_ministry_find(cat, rec->ministries[i]);
		const char *name = m >= 0 ? cat->ministries[m].name_ja : rec->ministries[i];
		int w = snprintf(ministries + o, 256 - o, "%s%s", i ? "、" : "", name);
		if (w < 0 || (size_t)w >= 256 - o)
			return -1;
		o += (size_t)w;
	}
	cells[KJ_REG_MINISTRIES] = ministries;
	return 0;
}

int kj_registry_csv_head(FILE *f)
{
	if (kj_csv_begin(f) < 0)
		return -1;
	for (int i = 0; i < KJ_REG_NCOL; i++)
		if (kj_csv_field(f, kj_registry_columns_ja[i], i == KJ_REG_NCOL - 1) < 0)
			return -1;
	return 0;
}

int kj_registry_csv_row(FILE *f, const struct kj_org_record *rec,
			const struct kj_catalog *cat, const struct kj_prefecture *prefs)
{
	const char *cells[KJ_REG_NCOL];
	char sectors[256], ministries[256];
	if (record_cells(rec, cat, prefs, cells, sectors, ministries) < 0)
		return -1;
	/* kj_csv_field neutralises anything a spreadsheet would run. */
	for (int i = 0; i < KJ_REG_NCOL; i++)
		if (kj_csv_field(f, cells[i], i == KJ_REG_NCOL - 1) < 0)
			return -1;
	return 0;
}

int kj_registry_stream_csv(FILE *f, kj_org_next_fn next, void *ctx,
			   const struct kj_catalog *cat, long *rows)
{
	struct kj_prefecture prefs[KJ_PREFECTURES];
	struct kj_org_record rec;
	int rc;
	*rows = 0;
	if (kj_reference_prefectures(prefs, NULL) < 0 || kj_registry_csv_head(f) < 0)
		return -1;
	while ((rc = next(ctx, &rec)) > 0) {
		if (kj_registry_csv_row(f, &rec, cat, prefs) < 0)
			return -1;
		++*rows;
	}
	if (rc < 0)
		return -1;
	return fflush(f) == 0 ? 0 : -1;
}

/* A source over an array of records. */
struct array_source {
	const struct kj_org_record *recs;
	int n, at;
};

static int array_next(void *ctx, struct kj_org_record *r)
{
	struct array_source *a = ctx;
	if (a->at >= a->n)
		return 0;
	*r = a->recs[a->at++];
	return 1;
}

int kj_registry_write_csv(FILE *f, const struct kj_org_record *records, int n,
			  const struct kj_catalog *cat)
{
	struct array_source a = { records, n, 0 };
	long rows;
	return kj_registry_stream_csv(f, array_next, &a, cat, &rows);
}

/*
 * A cell's text as xlsx stores it: OOXML reads "_xHHHH_" as an escaped
 * character, so a literal one is written with its underscore escaped
 * ("_x005F_"), or the text would not read back as it was.
 */
static int xlsx_escape(const char *s, char *out, size_t n)
{
	size_t o = 0;
	for (const char *p = s; *p; p++) {
		int lit = p[0] == '_' && p[1] == 'x' && isxdigit((unsigned char)p[2]) &&
			  isxdigit((unsigned char)p[3]) && isxdigit((unsigned char)p[4]) &&
			  isxdigit((unsigned char)p[5]) && p[6] == '_';
		const char *put = lit ? "_x005F_" : NULL;
		size_t len = lit ? 7 : 1;
		if (o + len + 1 > n)
			return -1;
		if (put)
			memcpy(out + o, put, len);
		else
			out[o] = *p;
		o += len;
	}
	out[o] = '\0';
	return 0;
}

int kj_registry_stream_xlsx(const char *path, kj_org_next_fn next, void *ctx,
			    const struct kj_catalog *cat, long *rows, struct kj_err *err)
{
	/* Widths in characters, roughly what each column holds. */
	static const double widths[KJ_REG_NCOL] = {
		16, 36, 36, 24, 14, 10, 10, 10, 10, 10, 18, 30, 16, 8,
	};
	struct kj_prefecture prefs[KJ_PREFECTURES];
	if (kj_reference_prefectures(prefs, err) < 0)
		return -1;
	/* Each row goes to a temporary file as it is written, not kept in memory:
	 * cells are then inline strings, which every reader (ours included) reads. */
	lxw_workbook_options opts = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb = workbook_new_opt(path, &opts);
	*rows = 0;
	if (!wb) {
		kj_err_set(err, "cannot create %s", path);
		return -1;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, "事業者一覧");
	lxw_format *head = workbook_add_format(wb);
	lxw_format *text = workbook_add_format(wb);
	lxw_error e = ws && head && text ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
	if (!e) {
		format_set_bold(head);
		format_set_num_format(head, "@");
		/* Text cells: Excel then keeps "01" and 13-digit numbers as typed. */
		format_set_num_format(text, "@");
		for (int i = 0; i < KJ_REG_NCOL && !e; i++)
			e = worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], text);
		for (int i = 0; i < KJ_REG_NCOL && !e; i++)
			e = worksheet_write_string(ws, 0, (lxw_col_t)i, kj_registry_columns_ja[i], head);
		if (!e)
			worksheet_freeze_panes(ws, 1, 0);
	}
	struct kj_org_record rec;
	const char *why = NULL;
	int more = 0;
	for (long r = 0; !e && (more = next(ctx, &rec)) > 0; r++) {
		const char *cells[KJ_REG_NCOL];
		char sectors[256], ministries[256];
		if (r + 1 >= 1048576) {
			why = "too many operators for one worksheet";
			break;
		}
		if (record_cells(&rec, cat, prefs, cells, sectors, ministries) < 0) {
			e = LXW_ERROR_PARAMETER_VALIDATION;
			break;
		}
		/* Strings only: worksheet_write_string never makes a formula. */
		for (int i = 0; i < KJ_REG_NCOL && !e; i++) {
			char esc[2 * KJ_TABLE_CELL_MAX];
			if (!*cells[i])
				continue;
			if (xlsx_escape(cells[i], esc, sizeof esc) < 0) {
				e = LXW_ERROR_PARAMETER_VALIDATION;
				break;
			}
			e = worksheet_write_string(ws, (lxw_row_t)r + 1, (lxw_col_t)i, esc, text);
		}
		if (!e)
			++*rows;
	}
	if (more < 0)
		why = "cannot read the registry";
	/* workbook_close writes the file and frees WB whatever happened before. */
	lxw_error ce = workbook_close(wb);
	if (e || ce || why) {
		if (why)
			kj_err_set(err, "cannot write %s: %s", path, why);
		else
			kj_err_set(err, "cannot write %s: %s", path, lxw_strerror(e ? e : ce));
		unlink(path);
		return -1;
	}
	return 0;
}

int kj_registry_write_xlsx(const char *path, const struct kj_org_record *records,
			   int n, const struct kj_catalog *cat, struct kj_err *err)
{
	struct array_source a = { records, n, 0 };
	long rows;
	return kj_registry_stream_xlsx(path, array_next, &a, cat, &rows, err);
}
