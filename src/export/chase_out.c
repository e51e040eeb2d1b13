/* A survey's chase list as CSV or xlsx; see chase_out.h. */
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "export/chase_out.h"
#include "export/csv.h"

static const char *const columns[] = {
	"法人番号", "名称", "分野コード", "分野", "都道府県コード", "都道府県", "状況",
	"回答期限", "期限延長", "最終更新", "担当者", "メールアドレス", "電話番号",
};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

const char *kj_chase_status_ja(const char *status)
{
	if (!strcmp(status, "draft"))
		return "回答中";
	if (!strcmp(status, "returned"))
		return "差戻し";
	if (!strcmp(status, "submitted"))
		return "提出済み";
	return "未着手";
}

static void cells(const struct kj_chase_row *r, const struct kj_chase_names *nm,
		  const char *out[NCOLS])
{
	out[0] = r->corporate_number;
	out[1] = r->name;
	out[2] = r->sector;
	out[3] = nm->sector(nm->ctx, r->sector);
	out[4] = r->prefecture;
	out[5] = *r->prefecture ? nm->prefecture(nm->ctx, r->prefecture) : "";
	out[6] = kj_chase_status_ja(r->status);
	out[7] = r->closes_on;
	out[8] = r->extended ? "1" : "0";
	out[9] = r->updated_at;
	out[10] = r->contact_name;
	out[11] = r->contact_email;
	out[12] = r->contact_phone;
}

int kj_chase_write_csv(FILE *f, kj_chase_source next, void *ctx,
		       const struct kj_chase_names *names)
{
	int rc = kj_csv_begin(f);
	for (int i = 0; i < NCOLS; i++)
		rc |= kj_csv_field(f, columns[i], i == NCOLS - 1);
	const struct kj_chase_row *r;
	int got = 0;
	while (!rc && (got = next(ctx, &r)) == 1) {
		const char *row[NCOLS];
		cells(r, names, row);
		for (int i = 0; i < NCOLS; i++)
			rc |= kj_csv_field(f, row[i], i == NCOLS - 1);
	}
	return rc || got < 0 ? -1 : 0;
}

int kj_chase_write_xlsx(const char *path, kj_chase_source next, void *ctx,
			const struct kj_chase_names *names, struct kj_err *err)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		kj_err_set(err, "%s: cannot create the workbook", path);
		return -1;
	}
	int rc = 0;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "督促リスト");
	lxw_format *head = workbook_add_format(wb);
	if (!ws || !head) {
		rc = -1;
		goto close;
	}
	format_set_bold(head);
	for (int i = 0; i < NCOLS; i++)
		rc |= worksheet_write_string(ws, 0, (lxw_col_t)i, columns[i], head) != LXW_NO_ERROR;
	const struct kj_chase_row *r;
	lxw_row_t row = 1;
	int got = 0;
	while (!rc && (got = next(ctx, &r)) == 1) {
		const char *c[NCOLS];
		if (row >= LXW_ROW_MAX) {
			rc = -1;
			break;
		}
		cells(r, names, c);
		for (int i = 0; i < NCOLS; i++)
			if (*c[i])
				rc |= worksheet_write_string(ws, row, (lxw_col_t)i, c[i], NULL)
				      != LXW_NO_ERROR;
		row++;
	}
	if (got < 0)
		rc = -1;
close:;
	lxw_error e = workbook_close(wb);
	if (rc || e != LXW_NO_ERROR) {
		kj_err_set(err, "%s: cannot write the workbook", path);
		return -1;
	}
	return 0;
}
