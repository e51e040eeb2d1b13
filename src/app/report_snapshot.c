/*
 * The annual report's snapshot: collecting every figure the report shows
 * in one read transaction (the national and sector views as a reader of
 * aggregates sees them, the year's plans, evaluations and HQ findings,
 * Part 3 of the standard, the suppressions counted by rule), freezing it
 * with its digest, and reading snapshots back. See report.h.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/analysis_publish.h"
#include "app/audit_log.h"
#include "app/authz.h"
#include "app/report.h"
#include "base/util.h"
#include "store/store_plan.h"

/* Rates as 0.3571, as the API and the published snapshots give them. */
#define REPORT_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))

static int refuse(struct kj_analysis_refusal *why, int code, const char *en, const char *ja)
{
	why->code = code;
	kj_strlcpy(why->en, en, sizeof why->en);
	kj_strlcpy(why->ja, ja, sizeof why->ja);
	return 1;
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* The year's plans, each with its measures (the report's plan summaries). */
static int collect_plans(struct kj_store *st, int fy, json_t *out, struct kj_err *err)
{
	struct kj_plan_row *rows = calloc(KJ_PLAN_LIST_MAX, sizeof *rows);
	struct kj_plan *p = malloc(sizeof *p);
	int n = 0, rc = -1;
	if (!rows || !p) {
		kj_err_set(err, "out of memory");
		goto done;
	}
	if (kj_store_plan_list(st, fy, rows, KJ_PLAN_LIST_MAX, &n, err) < 0)
		goto done;
	for (int i = 0; i < n; i++) {
		int found = 0;
		if (kj_store_plan_get(st, rows[i].id, p, &found, err) < 0)
			goto done;
		if (!found)
			continue;
		json_t *ms = json_array();
		for (int j = 0; j < p->nmeasures; j++) {
			const struct kj_plan_measure *m = &p->measures[j];
			json_array_append_new(ms, json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:i}",
				"key", m->key, "category", m->category, "title", m->title,
				"kpi", m->kpi, "schedule", m->schedule, "owner", m->owner,
				"status", kj_measure_status_name(m->status), "requirements", m->nreqs));
		}
		json_array_append_new(out, json_pack("{s:I, s:s, s:o, s:o, s:s, s:i, s:I, s:o}",
			"id", (json_int_t)p->id, "scope", p->scope, "sector", str_or_null(p->sector),
			"ministry", str_or_null(p->ministry), "state", kj_plan_state_name(p->state),
			"revision", p->revision, "targets", (json_int_t)p->targets, "measures", ms));
	}
	rc = 0;
done:
	free(rows);
	free(p);
	return rc;
}

static int on_eval(void *ctx, const char *scope, const char *sector, const char *ministry,
		   const char *state, const char *section, const char *body)
{
	json_t *arr = ctx, *last = json_array_size(arr) ?
		json_array_get(arr, json_array_size(arr) - 1) : NULL;
	if (!last || strcmp(json_string_value(json_object_get(last, "scope")), scope) ||
	    strcmp(json_string_value(json_object_get(last, "sector")), sector) ||
	    strcmp(json_string_value(json_object_get(last, "ministry")), ministry)) {
		last = json_pack("{s:s, s:s, s:s, s:s, s:{}}", "scope", scope, "sector", sector,
				 "ministry", ministry, "state", state, "sections");
		if (!last || json_array_append_new(arr, last) < 0)
			return -1;
	}
	return json_object_set_new(json_object_get(last, "sections"), section, json_string(body));
}

static int on_item(void *ctx, const char *kind, const char *category, const char *addressee,
		   const char *text)
{
	return json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:s}", "kind", kind,
				     "category", category, "addressee", addressee, "text", text));
}

/* Part 3 of the standard: its requirements with their sections. */
static json_t *part3(const struct kj_catalog *cat)
{
	json_t *reqs = json_array();
	for (int r = 0; r < cat->nreqs; r++) {
		const struct kj_requirement *q = &cat->reqs[r];
		const struct kj_section *sec = q->section_index >= 0 &&
			q->section_index < cat->nsections ? &cat->sections[q->section_index] : NULL;
		json_array_append_new(reqs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", q->id,
			"section", q->section ? q->section : "",
			"section_title", sec && sec->title_ja ? sec->title_ja : "",
			"function", cat->functions[q->function].code,
			"text", q->text_ja ? q->text_ja : ""));
	}
	return reqs;
}

static int count_rule(void *ctx, const char *figure, const char *rule)
{
	(void)figure;
	json_t *o = ctx;
	json_t *v = json_object_get(o, rule);
	return json_object_set_new(o, rule, json_integer(v ? json_integer_value(v) + 1 : 1));
}

/* The main measures' categories of the survey's standard version. */
static json_t *categories(struct kj_store *st, int64_t version_id, struct kj_err *err)
{
	struct { char ja[KJ_PLAN_CATEGORIES][KJ_PLAN_CATEGORY_TITLE_MAX],
		 en[KJ_PLAN_CATEGORIES][KJ_PLAN_CATEGORY_TITLE_MAX]; } *t = malloc(sizeof *t);
	if (!t) {
		kj_err_set(err, "out of memory");
		return NULL;
	}
	json_t *c = NULL;
	if (kj_store_plan_categories(st, version_id, t->ja, t->en, err) == 0) {
		c = json_array();
		for (int i = 0; i < KJ_PLAN_CATEGORIES; i++)
			json_array_append_new(c, json_pack("{s:i, s:s}", "n", i + 1, "title",
							   t->ja[i]));
	}
	free(t);
	return c;
}

static int collect(struct kj_store *st, int fy, kj_report_progress_fn progress, void *arg,
		   json_t *o, struct kj_analysis_refusal *why, struct kj_err *err)
{
	char fys[16];
	snprintf(fys, sizeof fys, "%d", fy);
	struct kj_analysis a;
	int rc = kj_analysis_load_aggregate(st, KJ_VIEW_NATIONAL, fys, NULL, NULL, 0, &a, why, err);
	if (rc != 0)
		return rc;
	int ns = a.ns, total = ns + 2;
	json_t *nat = kj_analysis_json(&a);
	json_object_set_new(o, "fy", json_integer(fy));
	json_object_set_new(o, "k", json_integer(a.k));
	json_object_set_new(o, "standard", json_pack("{s:s, s:s, s:s}", "version", a.sv.version,
			    "title_ja", a.cat.title_ja ? a.cat.title_ja : "",
			    "title_en", a.cat.title_en ? a.cat.title_en : ""));
	json_object_set_new(o, "requirements", part3(&a.cat));
	json_t *mins = json_object();
	for (int i = 0; i < a.cat.nministries; i++)
		json_object_set_new(mins, a.cat.ministries[i].code,
				    json_string(a.cat.ministries[i].name_ja));
	json_object_set_new(o, "ministries", mins);
	json_t *cats = categories(st, a.sv.version_id, err);
	char codes[64][KJ_SECTOR_CODE_MAX];
	for (int s = 0; s < ns && s < 64; s++)
		kj_strlcpy(codes[s], a.cat.sectors[s].code, sizeof codes[s]);
	kj_analysis_free(&a);
	if (!nat || !cats) {
		json_decref(nat);
		if (!err->msg[0])
			kj_err_set(err, "out of memory");
		return -1;
	}
	json_object_set_new(o, "categories", cats);
	json_object_set_new(o, "national", nat);
	if (progress)
		progress(arg, 1, total);
	json_t *sectors = json_array();
	json_object_set_new(o, "sectors", sectors);
	for (int s = 0; s < ns && s < 64; s++) {
		rc = kj_analysis_load_aggregate(st, KJ_VIEW_SECTOR, fys, codes[s], NULL, 0, &a, why,
						err);
		if (rc != 0)
			return rc;
		json_t *v = kj_analysis_json(&a);
		kj_analysis_free(&a);
		if (!v) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		/* The breakdowns by prefecture and size are not in the report. */
		json_object_del(v, "breakdown");
		json_array_append_new(sectors, v);
		if (progress)
			progress(arg, s + 2, total);
	}
	json_t *plans = json_array(), *evals = json_array(), *items = json_array();
	json_object_set_new(o, "plans", plans);
	json_object_set_new(o, "evaluations", evals);
	json_object_set_new(o, "hq_items", items);
	if (collect_plans(st, fy, plans, err) < 0 ||
	    kj_store_report_evals(st, fy, on_eval, evals, err) < 0 ||
	    kj_store_report_hq_items(st, fy, on_item, items, err) < 0)
		return -1;
	json_t *sup = json_object();
	json_object_set_new(o, "suppressed", sup);
	kj_analysis_suppressions(nat, count_rule, sup);
	kj_analysis_suppressions(sectors, count_rule, sup);
	if (progress)
		progress(arg, total, total);
	return 0;
}

int kj_report_collect(struct kj_store *st, int fy, kj_report_progress_fn progress,
		      void *arg, json_t **out, struct kj_analysis_refusal *why,
		      struct kj_err *err)
{
	*out = NULL;
	memset(why, 0, sizeof *why);
	err->msg[0] = '\0';
	json_t *o = json_pack("{s:s}", "kind", "kijun-annual-report");
	if (!o) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin_read(st, err) < 0) {
		json_decref(o);
		return -1;
	}
	int rc = collect(st, fy, progress, arg, o, why, err);
	kj_store_rollback(st);
	if (rc != 0) {
		json_decref(o);
		if (rc > 0 && why->code == 404)
			return refuse(why, 404, "there is no questionnaire survey in that fiscal year",
				      "その年度の質問調査がありません");
		return rc;
	}
	*out = o;
	return 0;
}

int kj_report_freeze(struct kj_store *st, const struct kj_actor *actor, const char *fy,
		     const char *note, kj_report_progress_fn progress, void *arg,
		     struct kj_report_meta *m, struct kj_analysis_refusal *why,
		     struct kj_err *err)
{
	memset(m, 0, sizeof *m);
	memset(why, 0, sizeof *why);
	long y;
	if (actor->user && !kj_authz_allow(actor->user, KJ_PERM_REPORT_MAKE))
		return refuse(why, 403, "only the NCO may freeze the report's figures",
			      "報告書の数値を確定できるのは国家サイバー統括室だけです");
	if (!fy || kj_parse_long(fy, KJ_REPORT_FY_MIN, KJ_REPORT_FY_MAX, &y) < 0)
		return refuse(why, 400, "the fiscal year must be a year from 2000 to 2100",
			      "年度は 2000〜2100 の西暦で指定してください");
	if (!note)
		note = "";
	if (strlen(note) >= KJ_REPORT_NOTE_MAX || kj_plan_check_text("note", note,
								      KJ_REPORT_NOTE_MAX - 1, 0))
		return refuse(why, 400, "the note must be text of at most 399 bytes",
			      "メモは 399 バイト以内の文字で入力してください");
	json_t *o;
	int rc = kj_report_collect(st, (int)y, progress, arg, &o, why, err);
	if (rc != 0)
		return rc;
	char *body = json_dumps(o, REPORT_JSON_FLAGS);
	json_decref(o);
	if (!body) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	m->fy = (int)y;
	m->created_by = actor->id;
	kj_strlcpy(m->actor, actor->name, sizeof m->actor);
	kj_strlcpy(m->note, note, sizeof m->note);
	kj_now_iso(m->created_at);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)body, strlen(body));
	sodium_bin2hex(m->digest, sizeof m->digest, h, sizeof h);
	rc = -1;
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (kj_store_report_add(st, m, body, err) < 0)
		goto fail;
	json_t *d = json_pack("{s:i, s:s, s:I}", "fy", m->fy, "digest", m->digest,
			      "bytes", (json_int_t)m->bytes);
	if (kj_audit_log_actor(st, actor, "report.freeze", "report_snapshot", m->id, d, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	kj_store_rollback(st);
out:
	free(body);
	return rc;
}

int kj_report_list(struct kj_store *st, const struct kj_user *user, int fy,
		   struct kj_report_meta *out, int max, int *n, struct kj_err *err)
{
	*n = 0;
	if (user && !kj_authz_allow(user, KJ_PERM_REPORT_READ))
		return 0;
	return kj_store_report_list(st, fy, out, max, n, err);
}

int kj_report_get(struct kj_store *st, const struct kj_user *user, const char *id,
		  struct kj_report_meta *m, json_t **body, struct kj_analysis_refusal *why,
		  struct kj_err *err)
{
	*body = NULL;
	memset(why, 0, sizeof *why);
	long v;
	if ((user && !kj_authz_allow(user, KJ_PERM_REPORT_READ)) || !id ||
	    kj_parse_long(id, 1, 0x7fffffffL, &v) < 0)
		return refuse(why, 404, "no such report snapshot", "その報告書スナップショットはありません");
	char *text;
	int found;
	if (kj_store_report_get(st, v, m, &text, &found, err) < 0)
		return -1;
	if (!found)
		return refuse(why, 404, "no such report snapshot", "その報告書スナップショットはありません");
	json_error_t je;
	*body = json_loads(text, 0, &je);
	free(text);
	if (!*body) {
		kj_err_set(err, "report snapshot %ld cannot be read: %s", v, je.text);
		return -1;
	}
	return 0;
}
