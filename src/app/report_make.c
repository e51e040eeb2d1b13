/*
 * Making the annual report file: choose the snapshot (the one asked for,
 * else the year's latest, else one frozen now), build the document from it
 * and write it in the format asked; audited as report.export. See report.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/audit_log.h"
#include "app/authz.h"
#include "app/report.h"
#include "base/util.h"

static const struct {
	const char *name, *mime;
} formats[] = {
	[KJ_DOC_FMT_HTML] = { "html", "text/html; charset=utf-8" },
	[KJ_DOC_FMT_XLSX] = { "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	[KJ_DOC_FMT_PDF] = { "pdf", "application/pdf" },
	[KJ_DOC_FMT_DOCX] = { "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
};

int kj_report_format_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof formats / sizeof formats[0]; i++)
		if (!strcmp(s, formats[i].name))
			return (int)i;
	return -1;
}

const char *kj_report_format_name(enum kj_doc_format f)
{
	return (unsigned)f < sizeof formats / sizeof formats[0] ? formats[f].name : "";
}

const char *kj_report_format_mime(enum kj_doc_format f)
{
	return (unsigned)f < sizeof formats / sizeof formats[0] ? formats[f].mime
	       : "application/octet-stream";
}

static int refuse(struct kj_analysis_refusal *why, int code, const char *en, const char *ja)
{
	why->code = code;
	kj_strlcpy(why->en, en, sizeof why->en);
	kj_strlcpy(why->ja, ja, sizeof why->ja);
	return 1;
}

static int write_doc(const struct kj_doc *d, enum kj_doc_format f, const char *path,
		     const struct kj_doc_write_opts *o, struct kj_err *err)
{
	char msg[KJ_ERR_MAX];
	int rc;
	msg[0] = '\0';
	switch (f) {
	case KJ_DOC_FMT_HTML: rc = kj_doc_write_html(d, path, o, msg, sizeof msg); break;
	case KJ_DOC_FMT_XLSX: rc = kj_doc_write_xlsx(d, path, o, msg, sizeof msg); break;
	case KJ_DOC_FMT_PDF: rc = kj_doc_write_pdf(d, path, o, msg, sizeof msg); break;
	case KJ_DOC_FMT_DOCX: rc = kj_doc_write_docx(d, path, o, msg, sizeof msg); break;
	default: rc = -1; snprintf(msg, sizeof msg, "unknown format"); break;
	}
	if (rc < 0) {
		kj_err_set(err, "%s", msg[0] ? msg : "cannot write the report");
		return -1;
	}
	return 0;
}

/* The snapshot R asks for, or the year's latest, or none (*M id 0). */
static int pick(struct kj_store *st, const struct kj_actor *actor, const struct kj_report_req *r,
		int fy, struct kj_report_meta *m, json_t **body, struct kj_analysis_refusal *why,
		struct kj_err *err)
{
	memset(m, 0, sizeof *m);
	if (r->snapshot) {
		int rc = kj_report_get(st, actor->user, r->snapshot, m, body, why, err);
		if (rc != 0)
			return rc;
		if (fy && m->fy != fy) {
			json_decref(*body);
			*body = NULL;
			return refuse(why, 400, "that snapshot is of another fiscal year",
				      "そのスナップショットは別の年度のものです");
		}
		return 0;
	}
	struct kj_report_meta latest;
	int n = 0;
	if (kj_store_report_list(st, fy, &latest, 1, &n, err) < 0)
		return -1;
	if (!n)
		return 0;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)latest.id);
	return kj_report_get(st, actor->user, id, m, body, why, err);
}

int kj_report_make(struct kj_store *st, const struct kj_actor *actor,
		   const struct kj_report_req *r, int64_t *used,
		   struct kj_analysis_refusal *why, struct kj_err *err)
{
	*used = 0;
	memset(why, 0, sizeof *why);
	long fy;
	if (actor->user && !kj_authz_allow(actor->user, KJ_PERM_REPORT_READ))
		return refuse(why, 403, "the annual report is for the NCO, HQ and auditors",
			      "年次報告書を閲覧できるのは国家サイバー統括室、戦略本部、監査担当だけです");
	fy = 0;
	if (!(r->snapshot && !r->fy) &&
	    (!r->fy || kj_parse_long(r->fy, KJ_REPORT_FY_MIN, KJ_REPORT_FY_MAX, &fy) < 0))
		return refuse(why, 400, "the fiscal year must be a year from 2000 to 2100",
			      "年度は 2000〜2100 の西暦で指定してください");
	if ((unsigned)r->format > KJ_DOC_FMT_DOCX)
		return refuse(why, 400, "the format must be pdf, xlsx, docx or html",
			      "形式は pdf、xlsx、docx、html のいずれかです");
	struct kj_report_meta m;
	json_t *body = NULL;
	int rc = pick(st, actor, r, (int)fy, &m, &body, why, err);
	if (rc != 0)
		return rc;
	if (!body) {
		/* No snapshot of that year yet: the report freezes one first. */
		rc = kj_report_freeze(st, actor, r->fy, NULL, r->progress, r->progress_arg, &m, why,
				      err);
		if (rc != 0)
			return rc;
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)m.id);
		if ((rc = kj_report_get(st, NULL, id, &m, &body, why, err)) != 0)
			return rc;
	}
	struct kj_doc *d = kj_report_build(body, &m, err);
	json_decref(body);
	if (!d)
		return -1;
	rc = write_doc(d, r->format, r->path, r->opts, err);
	kj_doc_free(d);
	if (rc < 0)
		return -1;
	json_t *detail = json_pack("{s:i, s:s}", "fy", m.fy, "format",
				   kj_report_format_name(r->format));
	if (kj_store_begin(st, err) < 0) {
		json_decref(detail);
		unlink(r->path);
		return -1;
	}
	if (kj_audit_log_actor(st, actor, "report.export", "report_snapshot", m.id, detail, err) < 0 ||
	    kj_store_commit(st, err) < 0) {
		kj_store_rollback(st);
		unlink(r->path);
		return -1;
	}
	*used = m.id;
	return 0;
}
