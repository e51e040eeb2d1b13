/*
 * What the registry lists and exports hold per tenant, ministry scoping and changes, and the scope of a registry import.
 */
#include "web_helpers.h"
#include "store/store_users.h"

static int org_list(const char *login, const char *query, int64_t *ids, int max, long *total)
{
	struct sess s;
	json_error_t jerr;
	sess_direct(login, &s);
	struct res r = do_req("GET", "/api/v1/organisations", query, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, &jerr);
	res_free(&r);
	assert_non_null(j);
	json_t *items = json_object_get(j, "items");
	assert_true(json_is_array(items));
	*total = (long)json_integer_value(json_object_get(j, "total"));
	int n = 0;
	for (size_t i = 0; i < json_array_size(items) && n < max; i++)
		ids[n++] = (int64_t)json_integer_value(json_object_get(json_array_get(items, i), "id"));
	json_decref(j);
	return n;
}

static int has_id(const int64_t *ids, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* Lists and exports hold only what the role may see, not just the status. */
void test_registry_scopes(void **state)
{
	(void)state;
	int64_t ids[1000];
	long total;
	int n = org_list("demo-operator", "limit=1000", ids, 1000, &total);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_true(ids[0] == org_own);
	n = org_list("demo-ministry", "limit=1000", ids, 1000, &total);
	assert_true(has_id(ids, n, org_own) && has_id(ids, n, org_med));
	assert_false(has_id(ids, n, org_other));
	long ministry_total = total;
	for (int i = 0; i < n; i++) {
		struct kj_org_record v;
		struct kj_err err;
		int found = 0, medical = 0, assigned = 0;
		assert_int_equal(kj_store_org_get(store(), ids[i], &v, &found, &err), 0);
		for (int k = 0; k < v.nsectors; k++)
			medical |= !strcmp(v.sectors[k], "medical");
		for (int k = 0; k < v.nministries; k++)
			assigned |= !strcmp(v.ministries[k], "mhlw");
		/* Medical whole; in government services those assigned to 厚労省. */
		if (!medical && !assigned)
			fail_msg("the medical ministry's list holds organisation %lld", (long long)ids[i]);
	}
	n = org_list("demo-nco", "limit=1000", ids, 1000, &total);
	assert_true(has_id(ids, n, org_other));
	assert_true(total > ministry_total);
	n = org_list("demo-auditor", "limit=1000", ids, 1000, &total);
	assert_true(has_id(ids, n, org_other));

	/* The exports: the operator's holds its own corporate number only. */
	char own[16], med[16], other[16];
	struct kj_err err;
	assert_int_equal(kj_store_org_corpnum(store(), org_own, own, &err), 0);
	assert_int_equal(kj_store_org_corpnum(store(), org_med, med, &err), 0);
	assert_int_equal(kj_store_org_corpnum(store(), org_other, other, &err), 0);
	static const struct { const char *login; int own, med, other; } ex[] = {
		{ "demo-operator", 1, 0, 0 }, { "demo-ministry", 1, 1, 0 }, { "demo-nco", 1, 1, 1 },
	};
	for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
		struct sess s;
		sess_direct(ex[i].login, &s);
		struct res r = do_req("GET", "/registry/export", "format=csv", s.cookie, NULL);
		assert_int_equal(r.status, 200);
		assert_true(!strncmp(r.ctype, "text/csv", 8));
		if ((strstr(r.body, own) != NULL) != ex[i].own ||
		    (strstr(r.body, med) != NULL) != ex[i].med ||
		    (strstr(r.body, other) != NULL) != ex[i].other)
			fail_msg("%s's registry export: own %d, medical %d, other %d; want %d %d %d",
				 ex[i].login, strstr(r.body, own) != NULL, strstr(r.body, med) != NULL,
				 strstr(r.body, other) != NULL, ex[i].own, ex[i].med, ex[i].other);
		res_free(&r);
	}
}

/* The line of CSV text that holds NEEDLE, with its line end, into a new string. */
static char *csv_line(const char *csv, const char *needle)
{
	const char *p = strstr(csv, needle);
	if (!p)
		return NULL;
	while (p > csv && p[-1] != '\n')
		p--;
	size_t n = strcspn(p, "\n");
	char *line = malloc(n + 2);
	assert_non_null(line);
	memcpy(line, p, n);
	line[n] = '\n';
	line[n + 1] = '\0';
	return line;
}

/* LINE with INSERT put before the first AT, or (REPLACE) in its place; free() it. */
static char *csv_edit(const char *line, const char *at, const char *insert, int replace)
{
	const char *p = strstr(line, at);
	if (!p)
		fail_msg("'%s' is not in the exported line %s", at, line);
	size_t n = strlen(line) + strlen(insert) + 1;
	char *out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(p - line), line, insert, replace ? p + strlen(at) : p);
	return out;
}

/* POSTs CSV as the registry import file; the answer's status. */
static int import_csv(const struct sess *s, const char *header, const char *row)
{
	size_t n = strlen(header) + strlen(row) + 1;
	char *csv = malloc(n);
	assert_non_null(csv);
	snprintf(csv, n, "%s%s", header, row);
	g_upload = csv;
	g_upload_len = strlen(csv);
	char *f = form("csrf", s->csrf, NULL);
	struct res r = do_req("POST", "/registry/import", f, s->cookie, NULL);
	free(f);
	free(csv);
	int status = r.status;
	if (status == 400 && !strstr(r.body, "error-summary"))
		fail_msg("registry import: a bare 400, no list of what is wrong");
	res_free(&r);
	return status;
}

/*
 * Ministry scoping, routes × ministries × operators: a ministry sees the
 * operators of the sectors its ministry holds whole (水道: 国交省 and 環境省
 * both), and in a shared sector (行政サービス) only those assigned to it.
 */
enum { M_MHLW, M_ENV, M_MLIT, M_MIC, NMIN };
static const char *const min_login[NMIN] = {
	"demo-ministry", "demo-ministry-env", "test-ministry-mlit", "test-ministry-mic"
};

void test_authz_ministry_scoping(void **state)
{
	(void)state;
	static const struct {
		const char *path;	/* followed by the organisation id, if ORG */
		int64_t *org;
		const char *query;
		int want[NMIN];		/* 厚労省, 環境省, 国交省, 総務省 */
	} mc[] = {
		{ "/api/v1/organisations/", &org_water, NULL, { 404, 200, 200, 404 } },
		{ "/registry/", &org_water, NULL, { 404, 200, 200, 404 } },
		{ "/api/v1/organisations/", &org_med, NULL, { 200, 404, 404, 404 } },
		{ "/api/v1/organisations/", &org_gov_mic, NULL, { 404, 404, 404, 200 } },
		{ "/registry/", &org_gov_mic, NULL, { 404, 404, 404, 200 } },
		{ "/api/v1/organisations/", &org_gov_mhlw, NULL, { 200, 404, 404, 404 } },
		{ "/registry/", &org_gov_mhlw, NULL, { 200, 404, 404, 404 } },
		{ "/api/v1/organisations/", &org_gov_none, NULL, { 404, 404, 404, 404 } },
		{ "/registry/", &org_gov_none, NULL, { 404, 404, 404, 404 } },
		{ "/registry", NULL, "sector=water", { DENY, 200, 200, DENY } },
		{ "/registry/export", NULL, "sector=water&format=csv", { DENY, 200, 200, DENY } },
		{ "/api/v1/organisations", NULL, "sector=water", { 404, 200, 200, 404 } },
		{ "/targets", NULL, "sector=water", { DENY, 200, 200, DENY } },
		/* Every ministry holds its own part of government services. */
		{ "/registry", NULL, "sector=government", { 200, 200, 200, 200 } },
		{ "/targets", NULL, "sector=government", { 200, 200, 200, 200 } },
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof mc / sizeof mc[0]; i++) {
		char path[96];
		if (mc[i].org)
			snprintf(path, sizeof path, "%s%lld", mc[i].path, (long long)*mc[i].org);
		else
			snprintf(path, sizeof path, "%s", mc[i].path);
		for (int m = 0; m < NMIN; m++) {
			struct sess s;
			sess_direct(min_login[m], &s);
			int got = status_of("GET", path, mc[i].query, s.cookie, NULL),
			    want = mc[i].want[m];
			if (want == DENY ? got != 403 && got != 404 : got != want) {
				print_error("ministry scope: GET %s?%s as %s: got %d, want %d\n", path,
					    mc[i].query ? mc[i].query : "", min_login[m], got,
					    want == DENY ? 403 : want);
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);

	/* The lists hold the same: in government services only one's own. */
	int64_t ids[1000];
	long total;
	int n = org_list("demo-ministry", "sector=government&limit=1000", ids, 1000, &total);
	assert_true(has_id(ids, n, org_gov_mhlw));
	assert_false(has_id(ids, n, org_gov_none));
	n = org_list("demo-ministry-env", "sector=government&limit=1000", ids, 1000, &total);
	assert_false(has_id(ids, n, org_gov_mhlw));
	assert_false(has_id(ids, n, org_gov_none));
	n = org_list("demo-ministry-env", "limit=1000", ids, 1000, &total);
	assert_true(has_id(ids, n, org_water));
	assert_false(has_id(ids, n, org_med));
	n = org_list("demo-nco", "sector=government&limit=1000", ids, 1000, &total);
	assert_true(has_id(ids, n, org_gov_mhlw) && has_id(ids, n, org_gov_none));

	/* /api/v1/me names the ministry and the shared sector. */
	struct sess mhlw, env, nco;
	sess_direct("demo-ministry", &mhlw);
	sess_direct("demo-ministry-env", &env);
	sess_direct("demo-nco", &nco);
	struct res r = do_req("GET", "/api/v1/me", NULL, mhlw.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"ministry\":\"mhlw\""));
	assert_non_null(strstr(r.body, "\"partial_sectors\":[\"government\"]"));
	res_free(&r);
}

/* Changing a record: a ministry only what it holds, only its own assignment. */
void test_ministry_changes(void **state)
{
	(void)state;
	struct sess mhlw, env, nco;
	struct kj_org_record v;
	struct kj_err err;
	char corp_gov[16], corp_none[16], corp_water[16];
	int found;
	sess_direct("demo-ministry", &mhlw);
	sess_direct("demo-ministry-env", &env);
	sess_direct("demo-nco", &nco);
	assert_int_equal(kj_store_org_corpnum(store(), org_gov_mhlw, corp_gov, &err), 0);
	assert_int_equal(kj_store_org_corpnum(store(), org_gov_none, corp_none, &err), 0);
	assert_int_equal(kj_store_org_corpnum(store(), org_water, corp_water, &err), 0);
	struct res all = do_req("GET", "/registry/export", "format=csv", nco.cookie, NULL);
	assert_int_equal(all.status, 200);
	size_t hn = strcspn(all.body, "\n") + 1;
	char *header = strndup(all.body, hn);
	char *row_gov = csv_line(all.body, corp_gov), *row_none = csv_line(all.body, corp_none),
	     *row_water = csv_line(all.body, corp_water);
	res_free(&all);
	assert_non_null(header);
	assert_non_null(strstr(header, "所管省庁"));
	assert_non_null(row_gov);
	assert_non_null(strstr(row_gov, "\"厚生労働省\""));
	assert_non_null(row_none);
	assert_non_null(row_water);

	/* 環境省 may not take 厚労省's operator, nor one assigned to no one. */
	char *taken = csv_edit(row_gov, "\"厚生労働省\"", "\"厚生労働省、環境省\"", 1);
	assert_int_equal(import_csv(&env, header, taken), 400);
	assert_int_equal(import_csv(&mhlw, header, taken), 400);	/* another's assignment */
	char *claim = csv_edit(row_none, ",\"\"\r", ",\"環境省\"\r", 1);
	assert_int_equal(import_csv(&env, header, claim), 400);
	assert_int_equal(kj_store_org_get(store(), org_gov_none, &v, &found, &err), 0);
	assert_int_equal(v.nministries, 0);
	/* The NCO assigns; then 環境省 sees it and may leave its assignment. */
	assert_int_equal(import_csv(&nco, header, claim), 200);
	assert_int_equal(kj_store_org_get(store(), org_gov_none, &v, &found, &err), 0);
	assert_int_equal(v.nministries, 1);
	assert_string_equal(v.ministries[0], "env");
	char path[64];
	snprintf(path, sizeof path, "/api/v1/organisations/%lld", (long long)org_gov_none);
	assert_int_equal(status_of("GET", path, NULL, env.cookie, NULL), 200);
	assert_int_equal(status_of("GET", path, NULL, mhlw.cookie, NULL), 404);
	/* A ministry that does not hold the sector cannot be assigned at all. */
	char *foreign = csv_edit(row_water, ",\"\"\r", ",\"金融庁\"\r", 1);
	assert_int_equal(import_csv(&nco, header, foreign), 400);
	/* A file without the column keeps the assignments; an empty cell clears them. */
	struct kj_org_record g;
	assert_int_equal(kj_store_org_get(store(), org_gov_mhlw, &g, &found, &err), 0);
	char oldrow[512];
	snprintf(oldrow, sizeof oldrow, "%s,%s 改,行政サービス,%s,%s\n", corp_gov, g.name_ja,
		 g.size_class, g.prefecture);
	assert_int_equal(import_csv(&nco, "法人番号,名称,分野,規模,都道府県\n", oldrow), 200);
	assert_int_equal(kj_store_org_get(store(), org_gov_mhlw, &g, &found, &err), 0);
	assert_non_null(strstr(g.name_ja, "改"));
	assert_int_equal(g.nministries, 1);
	assert_string_equal(g.ministries[0], "mhlw");
	assert_int_equal(import_csv(&nco, header, row_none), 200);
	assert_int_equal(kj_store_org_get(store(), org_gov_none, &v, &found, &err), 0);
	assert_int_equal(v.nministries, 0);

	/* Targets in a shared sector: only the operators assigned to the ministry. */
	char id_gov[24], id_none[24];
	snprintf(id_gov, sizeof id_gov, "%lld", (long long)org_gov_mhlw);
	snprintf(id_none, sizeof id_none, "%lld", (long long)org_gov_none);
	char *f = form("csrf", mhlw.csrf, "sector", "government", "fy", "2026", "shown", id_none,
		       "target", id_none, NULL);
	assert_int_equal(status_of("POST", "/targets", f, mhlw.cookie, NULL), 400);
	free(f);
	f = form("csrf", mhlw.csrf, "sector", "government", "fy", "2026", "shown", id_gov,
		 "target", id_gov, NULL);
	assert_int_equal(status_of("POST", "/targets", f, mhlw.cookie, NULL), 303);
	free(f);
	/* The record page offers 厚労省 the form with its own ministry to tick. */
	snprintf(path, sizeof path, "/registry/%lld", (long long)org_gov_mhlw);
	struct res page = do_req("GET", path, NULL, mhlw.cookie, NULL);
	assert_int_equal(page.status, 200);
	assert_non_null(strstr(page.body, "name=\"ministry\" value=\"mhlw\" checked"));
	assert_null(strstr(page.body, "type=\"checkbox\" name=\"ministry\" value=\"env\""));
	res_free(&page);
	free(taken);
	free(claim);
	free(foreign);
	free(row_gov);
	free(row_none);
	free(row_water);
	free(header);
	assert_audit_ok();
}

/* A ministry's import is all or nothing, and within its sectors only. */
void test_registry_import_scope(void **state)
{
	(void)state;
	struct sess nco, min;
	struct kj_org_record med, other;
	struct kj_err err;
	char corp_med[16], corp_other[16];
	int found;
	sess_direct("demo-nco", &nco);
	sess_direct("demo-ministry", &min);
	assert_int_equal(kj_store_org_get(store(), org_med, &med, &found, &err), 0);
	assert_int_equal(kj_store_org_get(store(), org_other, &other, &found, &err), 0);
	assert_int_equal(kj_store_org_corpnum(store(), org_med, corp_med, &err), 0);
	assert_int_equal(kj_store_org_corpnum(store(), org_other, corp_other, &err), 0);
	struct res all = do_req("GET", "/registry/export", "format=csv", nco.cookie, NULL);
	assert_int_equal(all.status, 200);
	size_t hn = strcspn(all.body, "\n") + 1;
	char *header = strndup(all.body, hn);
	char *row_med = csv_line(all.body, corp_med), *row_other = csv_line(all.body, corp_other);
	assert_non_null(header);
	assert_non_null(row_med);
	assert_non_null(row_other);
	res_free(&all);

	/* Another ministry's operator, unchanged or renamed: refused, nothing written. */
	assert_int_equal(import_csv(&min, header, row_other), 400);
	char *renamed = csv_edit(row_other, other.name_ja, "改", 0);
	assert_int_equal(import_csv(&min, header, renamed), 400);
	assert_int_equal(kj_store_org_get(store(), org_other, &other, &found, &err), 0);
	assert_null(strstr(other.name_ja, "改"));
	/* The NCO may: the same file goes in. */
	assert_int_equal(import_csv(&nco, header, renamed), 200);
	assert_int_equal(kj_store_org_get(store(), org_other, &other, &found, &err), 0);
	assert_non_null(strstr(other.name_ja, "改"));
	free(renamed);
	/* Its own sector's operator: the ministry may rename it ... */
	renamed = csv_edit(row_med, med.name_ja, "新", 0);
	assert_int_equal(import_csv(&min, header, renamed), 200);
	assert_int_equal(kj_store_org_get(store(), org_med, &med, &found, &err), 0);
	assert_non_null(strstr(med.name_ja, "新"));
	/* ... but not move it to a sector that is not its own. */
	char *moved = csv_edit(row_med, "\"医療\"", "\"水道\"", 1);
	assert_int_equal(import_csv(&min, header, moved), 400);
	assert_int_equal(kj_store_org_get(store(), org_med, &med, &found, &err), 0);
	assert_int_equal(med.nsectors, 1);
	assert_string_equal(med.sectors[0], "medical");
	free(moved);
	free(renamed);
	/* Operators and the auditor cannot import at all. */
	struct sess op, aud;
	sess_direct("demo-operator", &op);
	sess_direct("demo-auditor", &aud);
	assert_int_equal(import_csv(&op, header, row_med), 403);
	assert_int_equal(import_csv(&aud, header, row_med), 403);
	free(header);
	free(row_med);
	free(row_other);
	assert_audit_ok();
}
