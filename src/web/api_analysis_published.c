/*
 * The JSON API of the published snapshots of the analysis:
 * /api/v1/analysis/published (the list the reader may read) and
 * /api/v1/analysis/published/{id} (one: its head, its frozen view, and its
 * suppression log for the readers who see it). Described in
 * docs/openapi.yaml and docs/api.md.
 */
#include <jansson.h>
#include <stdlib.h>

#include "app/analysis_publish.h"
#include "web/app.h"
#include "web/pages.h"

#define PUBLISHED_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))

static json_t *meta_json(const struct kj_snapshot_meta *m)
{
	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:i, s:s, s:I}", "id", (json_int_t)m->id,
			 "fy", m->fy, "sector", m->sector, "published_at", m->published_at,
			 "publisher", m->publisher, "k", m->k, "digest", m->digest,
			 "suppressed", (json_int_t)m->suppressed);
}

/* J (released) as the response. */
static int send(struct kj_response *resp, json_t *j)
{
	char *s = j ? json_dumps(j, PUBLISHED_JSON_FLAGS) : NULL;
	json_decref(j);
	if (!s)
		return 500;
	resp->content_type = "application/json";
	int rc = kj_buf_adds(&resp->body, s) || kj_buf_addc(&resp->body, '\n');
	free(s);
	return rc ? 500 : 0;
}

int kj_api_analysis_published_list(struct kj_request *req, struct kj_response *resp)
{
	struct kj_snapshot_meta *m = calloc(KJ_SNAPSHOT_LIST_MAX, sizeof *m);
	struct kj_err err;
	int n = 0;
	if (!m || kj_analysis_published_list(req->st, &req->user, m, KJ_SNAPSHOT_LIST_MAX, &n,
					     &err) < 0) {
		free(m);
		return 500;
	}
	json_t *list = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(list, meta_json(&m[i]));
	free(m);
	return send(resp, json_pack("{s:o}", "snapshots", list));
}

int kj_api_analysis_published(struct kj_request *req, struct kj_response *resp)
{
	struct kj_snapshot s;
	struct kj_analysis_refusal why;
	struct kj_err err;
	int rc = kj_analysis_published_get(req->st, &req->user, req->args[0], &s, &why, &err);
	if (rc < 0)
		return 500;
	if (rc > 0)
		return why.code;
	json_t *j = meta_json(&s.m);
	json_object_set(j, "view", s.view);
	if (s.show_log) {
		json_t *log = json_array();
		for (int i = 0; i < s.nlog; i++)
			json_array_append_new(log, json_pack("{s:i, s:s, s:s}", "seq", s.log[i].seq,
							     "figure", s.log[i].figure,
							     "rule", s.log[i].rule));
		json_object_set_new(j, "suppressions", log);
	}
	kj_snapshot_free(&s);
	return send(resp, j);
}
