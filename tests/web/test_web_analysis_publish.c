/*
 * Published snapshots of the analysis on the web (page_analysis_published.c,
 * page_analysis_snapshot.c, api_analysis_published.c) on the demo
 * database: before anything is published a CEPTOAR sees none; the medical
 * ministry publishes its own sector from the sector page (CSRF, audited),
 * not another ministry's; the medical CEPTOAR and the medical operator read
 * it (page, CSV, JSON with its digest, API), without the suppression log,
 * which the ministry sees; a water snapshot is not there for them; a later
 * return leaves the snapshot as it was; the server's k is the views' and a
 * new snapshot's; bad requests change nothing.
 */
#include <sodium.h>

#include "web_helpers.h"
#include "app/survey_answer.h"

static json_t *get_json(const struct sess *s, const char *path, int want)
{
	struct res r = do_req("GET", path, NULL, s->cookie, NULL);
	if (r.status != want)
		fail_msg("GET %s: %d, want %d: %s", path, r.status, want, r.body);
	json_t *j = json_loads(r.body, 0, NULL);
	if (!j)
		fail_msg("GET %s: not JSON", path);
	res_free(&r);
	return j;
}

static long snapshots(void)
{
	char n[32];
	assert_int_equal(kj_test_sql_text(db_path, "SELECT COUNT(*) FROM analysis_snapshot", n,
					  sizeof n), 0);
	return strtol(n, NULL, 10);
}

/* Publishes SECTOR for S: the snapshot's id from the redirect, or 0 with
 * the status in *STATUS. */
static long publish(const struct sess *s, const char *sector, const char *fy, int *status)
{
	char path[96];
	snprintf(path, sizeof path, "/analysis/sectors/%s/publish", sector);
	struct res r = post(s, path, fy ? "fy" : NULL, fy);
	*status = r.status;
	long id = 0;
	const char *loc = hdr(&r, "Location");
	if (r.status == 303 && loc && !strncmp(loc, "/analysis/published/", 20))
		id = strtol(loc + 20, NULL, 10);
	res_free(&r);
	return id;
}

/* Does the page PATH (with its query after '?') hold NEEDLE? */
static int page_has(const struct sess *s, const char *path, const char *needle)
{
	char p[128];
	snprintf(p, sizeof p, "%s", path);
	char *q = strchr(p, '?');
	if (q)
		*q++ = '\0';
	struct res r = do_req("GET", p, q, s->cookie, NULL);
	assert_int_equal(r.status, 200);
	int has = strstr(r.body, needle) != NULL;
	res_free(&r);
	return has;
}

/* Who publishes what, from the sector page. */
static void who_publishes(const struct sess *min, const struct sess *cep,
			  const struct sess *op, long *med)
{
	int st;
	long before = snapshots();
	assert_true(page_has(min, "/analysis/sectors/medical?fy=2026",
			     "action=\"/analysis/sectors/medical/publish\""));
	assert_false(page_has(min, "/analysis/sectors/electricity?fy=2026", "/publish\""));
	/* The CEPTOAR: no live sector page, sent to its published snapshots. */
	assert_int_equal(status_of("GET", "/analysis/sectors/medical", "fy=2026", cep->cookie, NULL),
			 303);
	/* Not theirs, bad years, no CSRF token: nothing written. */
	assert_int_equal(publish(min, "electricity", "2026", &st), 0);
	assert_int_equal(st, 403);
	assert_int_equal(publish(cep, "medical", "2026", &st), 0);
	assert_int_equal(st, 403);
	assert_int_equal(publish(op, "medical", "2026", &st), 0);
	assert_int_equal(st, 403);
	assert_int_equal(publish(min, "medical", "20x6", &st), 0);
	assert_int_equal(st, 400);
	assert_int_equal(publish(min, "medical", "2031", &st), 0);
	assert_int_equal(st, 404);
	assert_int_equal(publish(min, "medical", NULL, &st), 0);
	assert_int_equal(st, 400);
	struct res r = do_req("POST", "/analysis/sectors/medical/publish", "fy=2026", min->cookie,
			      NULL);
	assert_int_equal(r.status, 400);	/* the dispatcher's refusal of a form without its token */
	res_free(&r);
	assert_int_equal(snapshots(), before);
	/* Its own sector: a new snapshot, audited, and the way back to it. */
	*med = publish(min, "medical", "2026", &st);
	assert_int_equal(st, 303);
	assert_true(*med > 0);
	char id[24];
	snprintf(id, sizeof id, "%ld", *med);
	assert_int_equal(audit_count("analysis.publish", id), 1);
	assert_int_equal(snapshots(), before + 1);
}

/* The page, the files and the API of snapshot MED as the CEPTOAR reads it. */
static void ceptoar_reads(const struct sess *cep, long med)
{
	char path[96];
	snprintf(path, sizeof path, "/analysis/published/%ld", med);
	assert_true(page_has(cep, "/analysis/published", path));
	struct res r = do_req("GET", path, NULL, cep->cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "id=\"chart-levels"));
	assert_non_null(strstr(r.body, "id=\"table-requirements\""));
	assert_non_null(strstr(r.body, "（k 未満のため非表示）"));
	assert_null(strstr(r.body, "秘匿の記録"));
	res_free(&r);
	/* The JSON byte for byte, its digest in a header and on the page. */
	r = do_req("GET", path, "format=json", cep->cookie, NULL);
	assert_int_equal(r.status, 200);
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(h, (const unsigned char *)r.body, r.len);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	assert_hdr(&r, "X-Content-SHA256", hex);
	assert_true(page_has(cep, path, hex));
	res_free(&r);
	r = do_req("GET", path, "format=csv", cep->cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.ctype, "text/csv"));
	res_free(&r);
	r = do_req("GET", path, "format=xml", cep->cookie, NULL);
	assert_int_equal(r.status, 400);
	res_free(&r);
	/* The API: the list, the view without the log. */
	json_t *l = get_json(cep, "/api/v1/analysis/published", 200);
	json_t *first = json_array_get(json_object_get(l, "snapshots"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), med);
	assert_string_equal(json_string_value(json_object_get(first, "digest")), hex);
	json_decref(l);
	snprintf(path, sizeof path, "/api/v1/analysis/published/%ld", med);
	json_t *j = get_json(cep, path, 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "view"), "view")),
			    "sector");
	assert_null(json_object_get(j, "suppressions"));
	json_decref(j);
}

/* The ministry sees the log: a row for every suppressed figure, its rule
 * the figure's suppressed_by. */
static void ministry_sees_log(const struct sess *min, long med)
{
	char path[96];
	snprintf(path, sizeof path, "/analysis/published/%ld", med);
	assert_true(page_has(min, path, "秘匿の記録"));
	snprintf(path, sizeof path, "/api/v1/analysis/published/%ld", med);
	json_t *j = get_json(min, path, 200);
	json_t *log = json_object_get(j, "suppressions");
	assert_true(json_array_size(log) > 0);
	assert_int_equal((long)json_array_size(log),
			 (long)json_integer_value(json_object_get(j, "suppressed")));
	size_t i;
	json_t *e;
	json_array_foreach(log, i, e) {
		assert_int_equal(json_integer_value(json_object_get(e, "seq")), (json_int_t)i + 1);
		assert_true(json_string_length(json_object_get(e, "rule")) > 0);
	}
	json_decref(j);
}

void test_analysis_publish(void **state)
{
	(void)state;
	struct sess min, cep, op, nco, env, hq;
	sess_direct("demo-ministry", &min);
	sess_direct("demo-ceptoar", &cep);
	sess_direct("demo-operator", &op);
	sess_direct("demo-nco", &nco);
	sess_direct("demo-ministry-env", &env);
	sess_direct("demo-hq", &hq);
	/* Nothing published yet: the CEPTOAR sees nothing of the sector. */
	json_t *l = get_json(&cep, "/api/v1/analysis/published", 200);
	assert_int_equal(json_array_size(json_object_get(l, "snapshots")), 0);
	json_decref(l);
	assert_true(page_has(&cep, "/analysis/published", "公表された分析結果はまだありません"));
	long med;
	who_publishes(&min, &cep, &op, &med);
	ceptoar_reads(&cep, med);
	ministry_sees_log(&min, med);
	char path[96];
	snprintf(path, sizeof path, "/analysis/published/%ld", med);
	assert_int_equal(status_of("GET", path, NULL, op.cookie, NULL), 200);
	assert_int_equal(status_of("GET", path, NULL, env.cookie, NULL), 404);
	assert_int_equal(status_of("GET", path, NULL, hq.cookie, NULL), 404);
	/* The NCO publishes water: not there for the medical CEPTOAR or operator. */
	int st;
	long water = publish(&nco, "water", "2026", &st);
	assert_true(water > med);
	snprintf(path, sizeof path, "/analysis/published/%ld", water);
	assert_int_equal(status_of("GET", path, NULL, cep.cookie, NULL), 404);
	assert_int_equal(status_of("GET", path, NULL, op.cookie, NULL), 404);
	assert_int_equal(status_of("GET", path, NULL, env.cookie, NULL), 200);
	snprintf(path, sizeof path, "/api/v1/analysis/published/%ld", water);
	assert_int_equal(status_of("GET", path, NULL, cep.cookie, NULL), 404);
	assert_int_equal(status_of("GET", "/analysis/published/x", NULL, cep.cookie, NULL), 404);
	assert_int_equal(status_of("GET", "/analysis/published/99999", NULL, nco.cookie, NULL), 404);
	l = get_json(&cep, "/api/v1/analysis/published", 200);
	assert_int_equal(json_array_size(json_object_get(l, "snapshots")), 1);
	json_decref(l);
	/* A later return of a medical operator: the snapshot stays as it was. */
	snprintf(path, sizeof path, "/analysis/published/%ld", med);
	struct res before = do_req("GET", path, "format=json", cep.cookie, NULL);
	char org[32];
	assert_int_equal(kj_test_sql_text(db_path, "SELECT MIN(p.organisation_id) FROM response p"
		" JOIN survey_respondent r ON r.survey_id = p.survey_id AND r.organisation_id ="
		" p.organisation_id JOIN survey s ON s.id = p.survey_id WHERE s.fiscal_year = 2026"
		" AND p.status = 'submitted' AND r.sector_code = 'medical'", org, sizeof org), 0);
	char sv[32];
	assert_int_equal(kj_test_sql_text(db_path, "SELECT MIN(id) FROM survey WHERE fiscal_year ="
					  " 2026 AND kind = 'questionnaire'", sv, sizeof sv), 0);
	struct kj_actor cli = { NULL, 0, "cli:test" };
	struct kj_answer_refusal no;
	struct kj_err err;
	assert_int_equal(kj_app_response_return(store(), &cli, strtol(sv, NULL, 10),
						strtol(org, NULL, 10), "記入漏れがあります", &no,
						&err), 0);
	assert_int_equal(no.fault, 0);
	struct res after = do_req("GET", path, "format=json", cep.cookie, NULL);
	assert_int_equal(after.status, 200);
	assert_int_equal(after.len, before.len);
	assert_memory_equal(after.body, before.body, before.len);
	res_free(&before);
	res_free(&after);
	/* kijun serve --analysis-k 7: the live views and a new snapshot use it. */
	app.analysis_k = 7;
	struct res r = do_req("GET", "/api/v1/analysis/sectors/medical", "fy=2026", op.cookie,
			      NULL);
	assert_int_equal(r.status, 200);
	json_t *v = json_loads(r.body, 0, NULL);
	res_free(&r);
	assert_int_equal(json_integer_value(json_object_get(v, "k")), 7);
	json_decref(v);
	long k7 = publish(&min, "medical", "2026", &st);
	app.analysis_k = 0;
	assert_true(k7 > water);
	snprintf(path, sizeof path, "/api/v1/analysis/published/%ld", k7);
	v = get_json(&cep, path, 200);
	assert_int_equal(json_integer_value(json_object_get(v, "k")), 7);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "view"), "k")), 7);
	json_decref(v);
	assert_audit_ok();
}
