/*
 * The JSON API of the annual report: GET /api/v1/reports, the frozen
 * snapshots of the report's figures (report.read: NCO, HQ, auditors), each
 * with the links that download the report made from it. Described in
 * docs/openapi.yaml.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/report.h"
#include "web/app.h"
#include "web/pages.h"

int kj_api_reports(struct kj_request *req, struct kj_response *resp)
{
	struct kj_report_meta *m = calloc(KJ_REPORT_LIST_MAX, sizeof *m);
	struct kj_err err;
	int n = 0;
	if (!m || kj_report_list(req->st, &req->user, 0, m, KJ_REPORT_LIST_MAX, &n, &err) < 0) {
		free(m);
		return 500;
	}
	static const char *const fmts[] = { "pdf", "xlsx", "docx", "html" };
	json_t *list = json_array();
	for (int i = 0; i < n; i++) {
		json_t *dl = json_object();
		for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
			char href[64];
			snprintf(href, sizeof href, "/reports/%lld/annual.%s", (long long)m[i].id,
				 fmts[f]);
			json_object_set_new(dl, fmts[f], json_string(href));
		}
		json_array_append_new(list, json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:I, s:o}",
			"id", (json_int_t)m[i].id, "fiscal_year", m[i].fy, "created_at",
			m[i].created_at, "actor", m[i].actor, "digest", m[i].digest, "note",
			m[i].note, "bytes", (json_int_t)m[i].bytes, "downloads", dl));
	}
	free(m);
	json_t *j = json_pack("{s:o}", "reports", list);
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!s)
		return 500;
	resp->content_type = "application/json";
	int rc = kj_buf_adds(&resp->body, s) || kj_buf_addc(&resp->body, '\n');
	free(s);
	return rc ? 500 : 0;
}
