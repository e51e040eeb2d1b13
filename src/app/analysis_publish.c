/*
 * Published snapshots of the analysis: publish (compute as a reader of
 * aggregates sees it, freeze, log the suppressions, audit) and read them.
 * See analysis_publish.h.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/analysis_publish.h"
#include "app/audit_log.h"
#include "app/authz.h"
#include "base/util.h"

/* Rates as 0.3571, as the API gives them. */
#define SNAPSHOT_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))

static int refuse(struct kj_analysis_refusal *why, int code, const char *en, const char *ja)
{
	why->code = code;
	kj_strlcpy(why->en, en, sizeof why->en);
	kj_strlcpy(why->ja, ja, sizeof why->ja);
	return 1;
}

/* An array element's name: its id, code or value, else its index. */
static void element_name(json_t *e, size_t i, char *out, size_t n)
{
	static const char *const keys[] = { "id", "code", "value" };
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		json_t *v = json_object_get(e, keys[k]);
		if (json_is_string(v)) {
			snprintf(out, n, "%s", json_string_value(v));
			return;
		}
	}
	snprintf(out, n, "%zu", i);
}

static int walk(json_t *v, const char *path, kj_snapshot_sup_fn fn, void *ctx)
{
	char sub[KJ_SNAPSHOT_FIGURE_MAX];
	int rc = 0;
	if (json_is_object(v)) {
		if (json_is_true(json_object_get(v, "suppressed")))
			return fn(ctx, path, json_string_value(json_object_get(v, "suppressed_by")) ?
				  json_string_value(json_object_get(v, "suppressed_by")) : "");
		const char *key;
		json_t *x;
		json_object_foreach(v, key, x) {
			/* A path cut at the buffer's end still names the figure. */
			if (snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", key) < 0)
				return -1;
			if ((rc = walk(x, sub, fn, ctx)) != 0)
				return rc;
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			char name[64];
			element_name(x, i, name, sizeof name);
			if (snprintf(sub, sizeof sub, "%s[%s]", path, name) < 0)
				return -1;
			if ((rc = walk(x, sub, fn, ctx)) != 0)
				return rc;
		}
	}
	return rc;
}

int kj_analysis_suppressions(json_t *view, kj_snapshot_sup_fn fn, void *ctx)
{
	return walk(view, "", fn, ctx);
}

/* Writing the log rows of a new snapshot. */
struct log_writer {
	struct kj_store *st;
	int64_t id;
	int seq;
	struct kj_err *err;
};

static int log_row(void *ctx, const char *figure, const char *rule)
{
	struct log_writer *w = ctx;
	return kj_store_snapshot_log_add(w->st, w->id, ++w->seq, figure, rule, w->err) < 0 ? -1 : 0;
}

/* Writes snapshot M of VIEW (BODY its JSON) with its log and audit entry. */
static int write_snapshot(struct kj_store *st, const struct kj_actor *actor,
			  struct kj_snapshot_meta *m, json_t *view, const char *body,
			  struct kj_err *err)
{
	if (kj_store_begin(st, err) < 0)
		return -1;
	struct log_writer w = { st, 0, 0, err };
	if (kj_store_snapshot_add(st, m, body, err) < 0)
		goto fail;
	w.id = m->id;
	if (kj_analysis_suppressions(view, log_row, &w) != 0)
		goto fail;
	char obj[24];
	snprintf(obj, sizeof obj, "%lld", (long long)m->id);
	json_t *d = json_pack("{s:s, s:i, s:i, s:s, s:i}", "sector", m->sector, "fy", m->fy,
			      "k", m->k, "digest", m->digest, "suppressed", w.seq);
	char *ds = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(d);
	if (!ds) {
		kj_err_set(err, "out of memory");
		goto fail;
	}
	int rc = kj_audit_log(st, actor->id, actor->name, "analysis.publish", "analysis_snapshot",
			      obj, ds, err);
	free(ds);
	if (rc < 0 || kj_store_commit(st, err) < 0)
		goto fail;
	return 0;
fail:
	kj_store_rollback(st);
	return -1;
}

int kj_analysis_publish(struct kj_store *st, const struct kj_actor *actor, const char *sector,
			const char *fy, int k, int64_t *id, struct kj_analysis_refusal *why,
			struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*id = 0;
	if (!kj_authz_analysis_publish(actor->user, sector))
		return refuse(why, 403, "only the NCO, or a ministry for a sector it holds whole, "
			      "may publish that sector's analysis",
			      "この分野の分析を公表できるのは、国家サイバー統括室か、分野を所管する省庁だけです");
	struct kj_analysis a;
	int rc = kj_analysis_load_aggregate(st, KJ_VIEW_SECTOR, fy, sector, NULL, k, &a, why, err);
	if (rc != 0)
		return rc;
	struct kj_snapshot_meta m = { 0 };
	m.survey_id = a.sv.id;
	m.fy = a.sv.fy;
	m.k = a.k;
	m.publisher_id = actor->id;
	kj_strlcpy(m.sector, a.cat.sectors[a.sector].code, sizeof m.sector);
	kj_strlcpy(m.publisher, actor->name, sizeof m.publisher);
	kj_now_iso(m.published_at);
	json_t *view = kj_analysis_json(&a);
	kj_analysis_free(&a);
	char *body = view ? json_dumps(view, SNAPSHOT_JSON_FLAGS) : NULL;
	if (!body) {
		json_decref(view);
		kj_err_set(err, "out of memory");
		return -1;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)body, strlen(body));
	sodium_bin2hex(m.digest, sizeof m.digest, h, sizeof h);
	rc = write_snapshot(st, actor, &m, view, body, err);
	json_decref(view);
	free(body);
	if (rc < 0)
		return -1;
	*id = m.id;
	return 0;
}

/* How USER sees snapshot M (an operator: if it answers its survey there). */
static int access_of(struct kj_store *st, const struct kj_user *user,
		     const struct kj_snapshot_meta *m, enum kj_snapshot_access *acc,
		     struct kj_err *err)
{
	int respondent = 0;
	if (user && user->role == KJ_ROLE_OPERATOR && user->org_id &&
	    kj_store_snapshot_respondent(st, m->survey_id, m->sector, user->org_id, &respondent,
					 err) < 0)
		return -1;
	*acc = kj_authz_snapshot(user, m->sector, respondent);
	return 0;
}

int kj_analysis_published_list(struct kj_store *st, const struct kj_user *user,
			       struct kj_snapshot_meta *out, int max, int *n, struct kj_err *err)
{
	*n = 0;
	if (user && !kj_authz_allow(user, KJ_PERM_ANALYSIS_READ))
		return 0;
	int all = 0, rc = -1;
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	if (kj_store_snapshot_list(st, out, max, &all, err) < 0)
		goto done;
	for (int i = 0; i < all; i++) {
		enum kj_snapshot_access acc;
		if (access_of(st, user, &out[i], &acc, err) < 0)
			goto done;
		if (acc != KJ_SNAPSHOT_NONE)
			out[(*n)++] = out[i];
	}
	rc = 0;
done:
	kj_store_rollback(st);
	return rc;
}

void kj_snapshot_free(struct kj_snapshot *s)
{
	free(s->body);
	json_decref(s->view);
	free(s->log);
	memset(s, 0, sizeof *s);
}

static int read_log(void *ctx, int seq, const char *figure, const char *rule)
{
	struct kj_snapshot *s = ctx;
	if (s->nlog >= (int)s->m.suppressed)
		return 1;
	struct kj_snapshot_sup *r = &s->log[s->nlog++];
	r->seq = seq;
	kj_strlcpy(r->figure, figure, sizeof r->figure);
	kj_strlcpy(r->rule, rule, sizeof r->rule);
	return 0;
}

int kj_analysis_published_get(struct kj_store *st, const struct kj_user *user, const char *id,
			      struct kj_snapshot *s, struct kj_analysis_refusal *why,
			      struct kj_err *err)
{
	memset(s, 0, sizeof *s);
	memset(why, 0, sizeof *why);
	long v;
	if (user && !kj_authz_allow(user, KJ_PERM_ANALYSIS_READ))
		return refuse(why, 404, "no such published snapshot", "その公表結果はありません");
	if (!id || kj_parse_long(id, 1, 0x7fffffffL, &v) < 0)
		return refuse(why, 404, "no such published snapshot", "その公表結果はありません");
	int found = 0, rc = -1;
	enum kj_snapshot_access acc = KJ_SNAPSHOT_NONE;
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	if (kj_store_snapshot_get(st, v, &s->m, &s->body, &found, err) < 0 ||
	    (found && access_of(st, user, &s->m, &acc, err) < 0))
		goto done;
	if (!found || acc == KJ_SNAPSHOT_NONE) {
		rc = refuse(why, 404, "no such published snapshot", "その公表結果はありません");
		goto done;
	}
	s->view = json_loads(s->body, 0, NULL);
	if (!s->view) {
		kj_err_set(err, "published snapshot %ld: its JSON cannot be read", v);
		goto done;
	}
	s->show_log = acc == KJ_SNAPSHOT_LOG;
	if (s->show_log && s->m.suppressed > 0) {
		s->log = calloc((size_t)s->m.suppressed, sizeof *s->log);
		if (!s->log) {
			kj_err_set(err, "out of memory");
			goto done;
		}
		if (kj_store_snapshot_log(st, v, read_log, s, err) < 0)
			goto done;
	}
	rc = 0;
done:
	kj_store_rollback(st);
	if (rc != 0)
		kj_snapshot_free(s);
	return rc;
}
