/*
 * The pieces the pages share (ui.c): names in the request's language,
 * alerts, import results, an import's bad rows, the upload form, and
 * downloads. The writers return nothing (a failed write sticks in the
 * buffer, base/buf.h); kj_ui_may_edit_org answers 1 or 0;
 * kj_web_send_table returns what a handler returns (0 or an HTTP status);
 * kj_web_audit_export returns 0 or -1.
 */
#ifndef KJ_WEB_UI_H
#define KJ_WEB_UI_H

#include <stdio.h>

#include "model/registry.h"
#include "model/safety.h"
#include "web/form.h"
#include "web/http.h"

/* The name of coverage state C in the request's language. */
const char *kj_ui_cov_label(const struct kj_request *req, enum kj_cov c);
const char *kj_ui_sector_name(const struct kj_request *req, const char *code);
const char *kj_ui_size_label(const struct kj_request *req, const char *size);
/* The ministry's name for CODE, or CODE itself. */
const char *kj_ui_ministry_name(const struct kj_request *req, const char *code);
/* A parenthesis in the request's language: full-width in Japanese ("（",
 * "）"), " (" and ")" in English. */
const char *kj_ui_paren_open(const struct kj_request *req);
const char *kj_ui_paren_close(const struct kj_request *req);
/* The prefecture's name for JIS X 0401 CODE, or CODE itself. */
const char *kj_ui_prefecture_name(const struct kj_request *req, const char *code);
/* True if the user may edit record R (kj_authz_object, registry.edit). */
int kj_ui_may_edit_org(const struct kj_request *req, const struct kj_org_record *r);
/* An error box (role="alert"): TITLE_JA translated, DETAIL (may be NULL) as is. */
void kj_ui_alert(struct kj_request *req, struct kj_buf *b, const char *title_ja,
		 const char *detail);
/* The success notice of an import: N counts with their labels. */
void kj_ui_imported(struct kj_request *req, struct kj_buf *b,
		    const char *const *labels_ja, const long *values, int n);
/* The list of bad rows of an import (N shown of TOTAL found). */
void kj_ui_row_errors(struct kj_request *req, struct kj_buf *b,
		      const struct kj_row_error *e, int n, int total);
/*
 * Opens a data table: its wrapper, the caption CAPTION_JA and a head of
 * NCOLS column labels COLS_JA (each translated); the rows follow, then
 * "</tbody></table></div>".
 */
void kj_ui_table_open(struct kj_request *req, struct kj_buf *b, const char *caption_ja,
		      const char *const *cols_ja, int ncols);
/* A term of a <dl>: <dt> with TERM_JA in the request's language, then the
 * <dd> opened (the caller writes the value and closes it). */
void kj_ui_dt(struct kj_request *req, struct kj_buf *b, const char *term_ja);
/* "Changes saved" (role="status") when the request has ?done: after a
 * form's redirect. */
void kj_ui_saved_notice(struct kj_request *req, struct kj_buf *b);
/* A file upload form posting to ACTION (field "file"); F (may be NULL) holds
 * the errors of a refused upload (its prefix names the ids: PREFIX-file). */
void kj_ui_upload_form(struct kj_request *req, struct kj_buf *b, const char *action,
		       const char *label_ja, const char *hint_ja, const struct kj_form *f);
/*
 * Sends a download: FORMAT "csv" (CSV writes to a FILE) or "xlsx" (XLSX
 * writes a workbook to a path), named BASENAME.csv/.xlsx, of ROWS rows, and
 * records it in the audit trail (action "export": format, rows, sector).
 */
int kj_web_send_table(struct kj_request *req, struct kj_response *resp,
		      const char *format, const char *basename, long rows,
		      int (*csv)(FILE *f, void *ctx),
		      int (*xlsx)(const char *path, void *ctx), void *ctx);
/*
 * Records a bulk export in the audit trail (action "export", target WHAT:
 * FORMAT, ROWS and the request's sector); 0, or -1 and then nothing may be
 * sent.
 */
int kj_web_audit_export(struct kj_request *req, const char *format, const char *what,
			long rows);

#endif
