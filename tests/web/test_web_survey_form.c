/*
 * The offline answer form on the web: the operator downloads its own form,
 * fills it (programmatically: the table of the download written back as CSV
 * with answers in column D), and uploads it: saved as its draft, back to
 * the answer page; a bad form (a level off the scale, an edited fixed
 * cell) or a missing CSRF token is refused with nothing changed, the page
 * naming each cell in Japanese and English. The owner's export holds every
 * response's answers; a ministry's only its sectors' operators.
 */
#include "web_helpers.h"
#include "export/csv.h"
#include "model/survey_form.h"
#include "survey_form_app.h"

#define SURVEY 1	/* the web fixture's open survey */

/* The downloaded form BODY filled: column D of each requirement row set to
 * LEVEL (and no N/A reason), then EDIT ("C4=text") applied; malloc'd CSV into *LEN. */
char *sf_filled(const char *body, size_t blen, const char *level, const char *edit,
		    size_t *len)
{
	struct kj_table t;
	struct kj_err err;
	char *out = NULL;
	int erow = -1, ecol = -1;
	if (edit) {
		ecol = edit[0] - 'A';
		erow = (int)strtol(edit + 1, NULL, 10) - 1;
		edit = strchr(edit, '=') + 1;
	}
	assert_int_equal(kj_table_read(&t, body, blen, &err), 0);
	FILE *f = open_memstream(&out, len);
	assert_non_null(f);
	for (int r = 0; r < t.nrows; r++)
		for (int c = 0; c < KJ_FORM_COLS; c++) {
			const char *v = kj_form_cell_text(&t, r, c);
			int req = r >= KJ_FORM_FIRST_ROW && kj_table_cell(&t, r, 0)[0] != 'Q';
			if (req && c == KJ_FC_LEVEL)
				v = level;
			else if (req && c == KJ_FC_NA)
				v = "";	/* a level, so no N/A reason */
			if (r == erow && c == ecol)
				v = edit;
			assert_int_equal(kj_csv_field(f, v, c == KJ_FORM_COLS - 1), 0);
		}
	assert_int_equal(fclose(f), 0);
	kj_table_free(&t);
	return out;
}

static struct res upload_why(const struct sess *s, const char *data, size_t len, int csrf,
			     const char *reason)
{
	g_upload = data;
	g_upload_len = len;
	char *f = csrf ? form("csrf", s->csrf, "reason", reason, NULL) : form("reason", reason, NULL);
	char path[64];
	snprintf(path, sizeof path, "/surveys/%d/answer/upload", SURVEY);
	struct res r = do_req("POST", path, f, s->cookie, NULL);
	free(f);
	g_upload = NULL;
	g_upload_len = 0;
	return r;
}

static struct res upload(const struct sess *s, const char *data, size_t len, int csrf)
{
	return upload_why(s, data, len, csrf, "");
}

static int has_line_of(const char *csv, const char *corp)
{
	char needle[32];
	snprintf(needle, sizeof needle, "\n\"%s\",", corp);
	return strstr(csv, needle) != NULL;
}

void test_survey_form_web(void **state)
{
	(void)state;
	struct sess op, nco, min;
	char before[4096], after[4096], path[96];
	size_t len;
	sess_direct("demo-operator", &op);
	sess_direct("demo-nco", &nco);
	sess_direct("demo-ministry", &min);

	/* The operator's own form, as xlsx and CSV. */
	snprintf(path, sizeof path, "/surveys/%d/answer/form.xlsx", SURVEY);
	struct res x = do_req("GET", path, NULL, op.cookie, NULL);
	assert_int_equal(x.status, 200);
	assert_non_null(strstr(x.ctype, "spreadsheetml"));
	assert_true(x.len > 4 && !memcmp(x.body, "PK\3\4", 4));
	res_free(&x);
	snprintf(path, sizeof path, "/surveys/%d/answer/form.csv", SURVEY);
	struct res form_csv = do_req("GET", path, NULL, op.cookie, NULL);
	assert_int_equal(form_csv.status, 200);
	assert_non_null(strstr(form_csv.body, "\"kijun-form\",\"KJF1.1."));
	assert_non_null(strstr(hdr(&form_csv, "Content-Disposition"), ".csv"));

	/* Refused: no CSRF token; a level off the scale and an edited fixed
	 * cell. Nothing changes; the page names each cell in both languages. */
	sf_snapshot(store(), SURVEY, org_own, before, sizeof before);
	char *good = sf_filled(form_csv.body, form_csv.len, "3: 実施", NULL, &len);
	struct res r = upload(&op, good, len, 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, CSRF_REFUSED));
	res_free(&r);
	size_t blen;
	char *bad = sf_filled(form_csv.body, form_csv.len, "7", "C4=書き換えた要求事項", &blen);
	r = upload(&op, bad, blen, 1);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "様式を取り込めませんでした"));
	assert_non_null(strstr(r.body, "セル D3: 回答は 0〜4 の段階か「該当なし」で選んでください"));
	assert_non_null(strstr(r.body, "cell D3: a level is 0 to 4 or N/A"));
	assert_non_null(strstr(r.body, "cell C4: a fixed cell (the requirement) was edited"));
	assert_non_null(strstr(r.body, "action=\"/surveys/1/answer/upload\""));
	res_free(&r);
	free(bad);
	const char junk[] = "PK\3\4 not really a workbook";
	r = upload(&op, junk, sizeof junk - 1, 1);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "xlsx"));
	res_free(&r);
	sf_snapshot(store(), SURVEY, org_own, after, sizeof after);
	assert_string_equal(before, after);

	/* Saved as the draft: back to the answer page with a notice. */
	r = upload(&op, good, len, 1);
	assert_int_equal(r.status, 303);
	assert_true(loc_starts(&r, "/surveys/1/answer?done=1&uploaded="));
	res_free(&r);
	sf_snapshot(store(), SURVEY, org_own, after, sizeof after);
	assert_non_null(strstr(after, "draft "));
	assert_non_null(strstr(after, ":333"));
	free(good);
	res_free(&form_csv);

	/* Submitted and returned: a corrected form needs the change's reason,
	 * and the change goes to the log the export shows. */
	sf_submit_return(store(), SURVEY, org_own);
	form_csv = do_req("GET", path, NULL, op.cookie, NULL);
	assert_int_equal(form_csv.status, 200);
	good = sf_filled(form_csv.body, form_csv.len, "2: 一部実施", NULL, &len);
	sf_snapshot(store(), SURVEY, org_own, before, sizeof before);
	r = upload(&op, good, len, 1);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "データは変更されていません。"));
	res_free(&r);
	sf_snapshot(store(), SURVEY, org_own, after, sizeof after);
	assert_string_equal(before, after);
	r = upload_why(&op, good, len, 1, "誤記の訂正");
	assert_int_equal(r.status, 303);
	res_free(&r);
	free(good);
	res_free(&form_csv);

	/* A water operator's response (made through the app if the demo has
	 * none): the medical ministry's export leaves it out, the NCO's holds both. */
	char own_corp[16], water_corp[16];
	sf_snapshot(store(), SURVEY, org_water, after, sizeof after);
	if (!strncmp(after, "not_started", 11))
		sf_draft(store(), SURVEY, org_water);
	sf_corp(store(), SURVEY, org_own, own_corp);
	sf_corp(store(), SURVEY, org_water, water_corp);
	r = do_req("GET", "/surveys/1/export.csv", NULL, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_true(has_line_of(r.body, own_corp));
	assert_true(has_line_of(r.body, water_corp));
	const char *log = strstr(r.body, "\r\n\"変更履歴\"\r\n");
	assert_non_null(log);
	assert_non_null(strstr(log, own_corp));
	assert_non_null(strstr(log, "\"誤記の訂正\""));
	res_free(&r);
	r = do_req("GET", "/surveys/1/export.csv", NULL, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_true(has_line_of(r.body, own_corp));
	assert_false(has_line_of(r.body, water_corp));
	res_free(&r);
	assert_true(audit_count("export", NULL) > 0);
	assert_audit_ok();
}
