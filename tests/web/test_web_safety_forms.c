/*
 * The safety-standard pages' forms (issue 10): one clause's mapping form
 * (a bad requirement keeps the user on the form with the message beside
 * the field, status 400, nothing changed; full-width input is read; after a
 * save the user is back at the clause), a removal that asks first, an
 * import without a file, an NCO importing on a sector page, the mapping
 * downloaded in the import's format and imported again unchanged, and the
 * demo's clauses mapped to the requirements of their topic.
 */
#include "web_helpers.h"
#include "model/safety.h"

/* The mapping of CLAUSE as "id:f id:p ..." in the catalog's order. */
static void mapping_of(int64_t clause, char *out, size_t n)
{
	struct kj_doc_row d;
	struct kj_clause_row c;
	struct kj_err err;
	int found = 0;
	size_t len = 0;
	assert_int_equal(kj_store_safety_clause(store(), clause, &d, &c, NULL, 0, &found, &err), 0);
	assert_true(found);
	out[0] = '\0';
	for (int k = 0; k < c.nreqs; k++)
		len += (size_t)snprintf(out + len, n - len, "%s:%c ", c.reqs[k],
					c.partial[k] ? 'p' : 'f');
}

/* The first clause of SECTOR's page that the NCO may edit (its link). */
static int64_t sector_clause(const struct sess *nco, const char *sector)
{
	char path[64], id[32];
	snprintf(path, sizeof path, "/safety/%s", sector);
	struct res r = do_req("GET", path, NULL, nco->cookie, NULL);
	assert_int_equal(r.status, 200);
	if (between(r.body, "href=\"/safety/clauses/", "/map\"", id, sizeof id) < 0)
		fail_msg("no link to a clause's mapping form on %s", path);
	res_free(&r);
	return strtoll(id, NULL, 10);
}

/* POSTs the mapping form of CLAUSE as S with FORM (csrf added). */
static struct res map_post(const struct sess *s, int64_t clause, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static struct res map_post(const struct sess *s, int64_t clause, const char *fmt, ...)
{
	char path[64], body[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	assert_true(n > 0 && (size_t)n < sizeof body - 100);
	snprintf(body + n, sizeof body - (size_t)n, "&csrf=%s", s->csrf);
	snprintf(path, sizeof path, "/safety/clauses/%lld/map", (long long)clause);
	return do_req("POST", path, body, s->cookie, NULL);
}

/* A refused submit: 400, the form again (not the error page), the message
 * beside FIELD (aria-invalid, its error's id in aria-describedby), the
 * summary, and TYPED still in the form. */
static void assert_refused(const struct res *r, const char *field, const char *msg,
			   const char *typed)
{
	char want[160];
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "error-summary"));
	assert_non_null(strstr(r->body, "action=\"/safety/clauses/"));
	assert_non_null(strstr(r->body, "<optgroup label=\""));
	snprintf(want, sizeof want, "<p class=\"error-text\" id=\"f-%s-err\">", field);
	const char *e = strstr(r->body, want);
	if (!e)
		fail_msg("no message beside %s", field);
	assert_non_null(strstr(e, msg));
	snprintf(want, sizeof want, "id=\"f-%s\" ", field);
	const char *ctl = strstr(r->body, want);
	assert_non_null(ctl);
	snprintf(want, sizeof want, "aria-describedby=\"f-%s-err", field);
	assert_non_null(strstr(ctl, want));
	assert_non_null(strstr(ctl, "aria-invalid=\"true\""));
	if (typed)
		assert_non_null(strstr(r->body, typed));
}

void test_safety_map_form(void **state)
{
	(void)state;
	struct sess nco;
	char before[1024], after[1024], cid[24], loc[128];
	sess_direct("demo-nco", &nco);
	int64_t clause = sector_clause(&nco, "medical");
	snprintf(cid, sizeof cid, "%lld", (long long)clause);
	mapping_of(clause, before, sizeof before);
	long set0 = audit_count("safety.map.set", cid), rm0 = audit_count("safety.map.remove", cid);

	/* The form: the list grouped by section, the typed field, 必須. */
	char path[64];
	snprintf(path, sizeof path, "/safety/clauses/%s/map", cid);
	struct res r = do_req("GET", path, NULL, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<optgroup label=\"3.2.3 "));
	assert_non_null(strstr(r.body, "name=\"requirement_typed\""));
	assert_non_null(strstr(r.body, "必須"));
	assert_null(strstr(r.body, " required"));
	res_free(&r);

	/* A section's number, an id not in the standard, nothing, no extent:
	 * each the form again with the message beside its field. */
	r = map_post(&nco, clause, "requirement=&requirement_typed=3.2.5&extent=full");
	assert_refused(&r, "requirement_typed", "節の番号です", "value=\"3.2.5\"");
	res_free(&r);
	r = map_post(&nco, clause, "requirement=&requirement_typed=9.9.9-9&extent=partial");
	assert_refused(&r, "requirement_typed", "統一基準にない", "value=\"9.9.9-9\"");
	assert_non_null(strstr(r.body, "value=\"partial\" selected"));
	res_free(&r);
	r = map_post(&nco, clause, "requirement=&requirement_typed=&extent=full");
	assert_refused(&r, "requirement", "一覧から選ぶか", NULL);
	res_free(&r);
	r = map_post(&nco, clause, "requirement=3.2.3-1&requirement_typed=&extent=");
	assert_refused(&r, "extent", "充足度を選択してください", "value=\"3.2.3-1\" selected");
	res_free(&r);
	/* Hostile and overlong input: refused the same way, and escaped. */
	char *hostile = form("requirement", XSS, "requirement_typed", XSS, "extent", XSS, NULL);
	r = map_post(&nco, clause, "%s", hostile);
	free(hostile);
	assert_refused(&r, "requirement_typed", "統一基準にない", NULL);
	assert_null(strstr(r.body, MARK));
	res_free(&r);
	char longid[KJ_REQ_TYPED_MAX * 2 + 1];
	memset(longid, '1', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	r = map_post(&nco, clause, "requirement_typed=%s&extent=full", longid);
	assert_refused(&r, "requirement_typed", "統一基準にない", longid);
	res_free(&r);
	mapping_of(clause, after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(audit_count("safety.map.set", cid), set0);

	/* Full-width digits and spaces are read; back at the clause, with the notice. */
	r = map_post(&nco, clause, "requirement=&requirement_typed=%s&extent=partial",
		     "%EF%BC%93%EF%BC%8E%EF%BC%92%EF%BC%8E%EF%BC%93%EF%BC%8D%EF%BC%91%E3%80%80");
	assert_int_equal(r.status, 303);
	snprintf(loc, sizeof loc, "/safety/medical?done=map&clause=%s#clause-%s", cid, cid);
	assert_hdr(&r, "Location", loc);
	res_free(&r);
	mapping_of(clause, after, sizeof after);
	assert_non_null(strstr(after, "3.2.3-1:p "));
	assert_int_equal(audit_count("safety.map.set", cid), set0 + 1);
	r = do_req("GET", "/safety/medical", "done=map&clause=0", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "対応付けを保存しました。"));
	res_free(&r);
	snprintf(loc, sizeof loc, "done=map&clause=%s", cid);
	r = do_req("GET", "/safety/medical", loc, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	char anchor[64];
	snprintf(anchor, sizeof anchor, "<tr id=\"clause-%s\">", cid);
	const char *at = strstr(r.body, anchor);
	assert_non_null(at);
	/* The notice is in the clause's own row. */
	const char *notice = strstr(at, "対応付けを保存しました。");
	const char *next = strstr(at + 1, "<tr id=\"clause-");
	assert_non_null(notice);
	assert_true(!next || notice < next);
	res_free(&r);

	/* A removal asks first (changing nothing), then is done. */
	r = map_post(&nco, clause, "requirement=3.2.3-1&extent=none");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "対応付けを外しますか"));
	assert_non_null(strstr(r.body, "3.2.3-1"));
	assert_non_null(strstr(r.body, "name=\"confirm\" value=\"1\""));
	res_free(&r);
	mapping_of(clause, after, sizeof after);
	assert_non_null(strstr(after, "3.2.3-1:p "));
	assert_int_equal(audit_count("safety.map.remove", cid), rm0);
	r = map_post(&nco, clause, "requirement=3.2.3-1&extent=none&confirm=1");
	assert_int_equal(r.status, 303);
	snprintf(loc, sizeof loc, "/safety/medical?done=unmap&clause=%s#clause-%s", cid, cid);
	assert_hdr(&r, "Location", loc);
	res_free(&r);
	mapping_of(clause, after, sizeof after);
	assert_null(strstr(after, "3.2.3-1:"));
	assert_int_equal(audit_count("safety.map.remove", cid), rm0 + 1);
	assert_audit_ok();
}

/* Removing the only ①②③ clause of a requirement says the gap comes back. */
void test_safety_unmap_says_gap(void **state)
{
	(void)state;
	struct sess nco;
	struct kj_coverage cov;
	struct kj_err err;
	sess_direct("demo-nco", &nco);
	int64_t clause = sector_clause(&nco, "medical");
	const struct kj_catalog *cat = &app.cat;
	assert_int_equal(kj_store_coverage(store(), cat, &cov, &err), 0);
	int si = kj_catalog_sector_index(cat, "medical"), gap = -1;
	for (int r = 0; r < cat->nreqs && gap < 0; r++)
		if (kj_coverage_at(&cov, si, r) == KJ_COV_NONE)
			gap = r;
	kj_coverage_free(&cov);
	if (gap < 0)
		fail_msg("the demo's medical sector has no gap");
	const char *id = cat->reqs[gap].id;
	struct res r = map_post(&nco, clause, "requirement=%s&extent=full", id);
	assert_int_equal(r.status, 303);
	res_free(&r);
	/* The coverage is computed anew after a change (it is kept by the
	 * registry's generation, which the mapping moves). */
	assert_int_equal(kj_store_coverage(store(), cat, &cov, &err), 0);
	assert_int_not_equal(kj_coverage_at(&cov, si, gap), KJ_COV_NONE);
	kj_coverage_free(&cov);
	r = map_post(&nco, clause, "requirement=%s&extent=none", id);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "ギャップとして再び表示されます"));
	res_free(&r);
	/* A requirement covered by other clauses too: no such warning. */
	char mine[1024], other[KJ_ID_MAX] = "";
	mapping_of(clause, mine, sizeof mine);
	assert_int_equal(kj_store_coverage(store(), cat, &cov, &err), 0);
	for (int q = 0; q < cat->nreqs && !other[0]; q++) {
		long n = 0;
		char tag[KJ_ID_MAX + 2];
		snprintf(tag, sizeof tag, "%s:", cat->reqs[q].id);
		if (strstr(mine, tag) && kj_store_clause_others(store(), clause, cat->version,
								 cat->reqs[q].id, &n, &err) == 0 && n > 0)
			kj_strlcpy(other, cat->reqs[q].id, sizeof other);
	}
	kj_coverage_free(&cov);
	if (other[0]) {
		r = map_post(&nco, clause, "requirement=%s&extent=none", other);
		assert_int_equal(r.status, 200);
		assert_null(strstr(r.body, "ギャップとして再び表示されます"));
		res_free(&r);
	}
	r = map_post(&nco, clause, "requirement=%s&extent=none&confirm=1", id);
	assert_int_equal(r.status, 303);
	res_free(&r);
}

#define MAPHEAD "分野,分類,発行者,文書名,版,発行日,URL,条項番号,条項名,条項本文,対策事項,充足度,法人番号\r\n"

/* Posts DATA (LEN bytes) to SECTOR's import as S. */
static struct res import_file(const struct sess *s, const char *sector, const char *data,
			      size_t len)
{
	char path[64];
	snprintf(path, sizeof path, "/safety/%s/import", sector);
	g_upload = data;
	g_upload_len = len;
	char *f = form("csrf", s->csrf, NULL);
	struct res r = do_req("POST", path, f, s->cookie, NULL);
	free(f);
	return r;
}

void test_safety_import_forms(void **state)
{
	(void)state;
	struct sess nco, min;
	sess_direct("demo-nco", &nco);
	sess_direct("demo-ministry", &min);
	long add0 = audit_count("safety.document.add", NULL);

	/* No file: the sector page again, the message beside the file field. */
	char *f = form("csrf", nco.csrf, NULL);
	struct res r = do_req("POST", "/safety/medical/import", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "<h2 id=\"import\">"));
	assert_non_null(strstr(r.body, "error-summary"));
	const char *e = strstr(r.body, "<p class=\"error-text\" id=\"upload-file-err\">");
	assert_non_null(e);
	assert_non_null(strstr(e, "ファイルを選択してください。"));
	assert_non_null(strstr(r.body, "aria-describedby=\"upload-file-err"));
	res_free(&r);

	/* The NCO reaches every sector: a water row on the medical page is no
	 * 「所管外」; the medical ministry is told so, and nothing is written. */
	static const char rows[] = MAPHEAD
		"水道,2,国土交通省,試験 水道の指針（取り込み）,,2025-04-01,,第1条,組織内外のコミュニケーション,,3.2.3-1,全部,\r\n";
	r = import_file(&min, "medical", rows, strlen(rows));
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "所管外の分野です。"));
	res_free(&r);
	assert_int_equal(audit_count("safety.document.add", NULL), add0);
	r = import_file(&nco, "medical", rows, strlen(rows));
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "所管外"));
	res_free(&r);
	assert_int_equal(audit_count("safety.document.add", NULL), add0 + 1);
}

/* The import's header as the CSV writer quotes it, and the start of a row
 * of an operator's internal rules (class ④) in the medical sector. */
#define QUOTEDHEAD "\"分野\",\"分類\",\"発行者\",\"文書名\",\"版\",\"発行日\",\"URL\"," \
	"\"条項番号\",\"条項名\",\"条項本文\",\"対策事項\",\"充足度\",\"法人番号\"\r\n"
#define OWNRULES "\r\n\"medical\",\"4\","

/* The download as S of SECTOR's mapping in FORMAT into a malloc'd copy. */
static char *download(const struct sess *s, const char *sector, const char *format,
		      size_t *len)
{
	char path[96], query[32];
	snprintf(path, sizeof path, "/safety/%s/export", sector);
	snprintf(query, sizeof query, "format=%s", format);
	struct res r = do_req("GET", path, query, s->cookie, NULL);
	assert_int_equal(r.status, 200);
	char *copy = malloc(r.len + 1);
	assert_non_null(copy);
	memcpy(copy, r.body, r.len);
	copy[r.len] = '\0';
	*len = r.len;
	res_free(&r);
	return copy;
}

static long safety_changes(void)
{
	return audit_count("safety.document.add", NULL) +
	       audit_count("safety.document.update", NULL) +
	       audit_count("safety.clause.add", NULL) + audit_count("safety.clause.update", NULL);
}

/*
 * The mapping downloaded is the import's format: imported again unchanged
 * it changes nothing (a clause covering some requirements fully and others
 * partly included), in CSV and in xlsx; the download is audited; a role
 * that only counts other operators' internal rules does not get them.
 */
void test_safety_mapping_round_trip(void **state)
{
	(void)state;
	struct sess nco, hq;
	size_t len, len2;
	sess_direct("demo-nco", &nco);
	sess_direct("demo-hq", &hq);
	int64_t clause = sector_clause(&nco, "medical");
	/* Mixed extents on one clause: one requirement partly, the others fully. */
	struct res r = map_post(&nco, clause, "requirement=3.2.1-1&extent=full");
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = map_post(&nco, clause, "requirement=3.2.1-2&extent=partial");
	assert_int_equal(r.status, 303);
	res_free(&r);
	char before[1024], after[1024];
	mapping_of(clause, before, sizeof before);

	long exports0 = audit_count("export", "kijun-safety-medical");
	char *csv = download(&nco, "medical", "csv", &len);
	assert_int_equal(audit_count("export", "kijun-safety-medical"), exports0 + 1);
	assert_true(len > strlen(QUOTEDHEAD) + 3);
	assert_memory_equal(csv, "\xef\xbb\xbf" QUOTEDHEAD, strlen(QUOTEDHEAD) + 3);
	assert_non_null(strstr(csv, "3.2.1-2（一部）"));
	assert_non_null(strstr(csv, OWNRULES));

	long changes0 = safety_changes();
	r = import_file(&nco, "medical", csv, len);
	assert_int_equal(r.status, 200);
	res_free(&r);
	assert_int_equal(safety_changes(), changes0);
	mapping_of(clause, after, sizeof after);
	assert_string_equal(before, after);
	char *again = download(&nco, "medical", "csv", &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(csv, again, len);
	free(again);

	char *xlsx = download(&nco, "medical", "xlsx", &len2);
	assert_memory_equal(xlsx, "PK", 2);
	r = import_file(&nco, "medical", xlsx, len2);
	assert_int_equal(r.status, 200);
	res_free(&r);
	free(xlsx);
	assert_int_equal(safety_changes(), changes0);
	again = download(&nco, "medical", "csv", &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(csv, again, len);
	free(again);
	free(csv);

	/* HQ only counts operators' internal rules: none in its download. */
	csv = download(&hq, "medical", "csv", &len);
	assert_null(strstr(csv, OWNRULES));
	free(csv);
	assert_audit_ok();
}

/* The audit entries of the mapping changes the tests made through the form
 * (safety.map.set and .remove), read once; *N of them. */
static struct kj_audit_entry *mapping_changes(int *n)
{
	static const char *const actions[] = { "safety.map.set", "safety.map.remove" };
	struct kj_audit_entry *e = calloc(2 * KJ_AUDIT_LIST_MAX, sizeof *e);
	struct kj_err err;
	assert_non_null(e);
	*n = 0;
	for (int a = 0; a < 2; a++) {
		struct kj_audit_filter f = { .action = actions[a], .limit = KJ_AUDIT_LIST_MAX };
		int got = 0;
		assert_int_equal(kj_audit_list(store(), &f, e + *n, KJ_AUDIT_LIST_MAX, &got, &err),
				 0);
		*n += got;
	}
	return e;
}

static int changed_by_tests(const struct kj_audit_entry *e, int n, const char *clause)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(e[i].object_id, clause) && !strncmp(e[i].action, "safety.map.", 11))
			return 1;
	return 0;
}

/*
 * The demo maps each clause to requirements of the section its title
 * names: 「組織内外のコミュニケーション」 covers 3.2.3-1, never 3.2.2.2-1;
 * every clause's requirements are of one section, the one it is titled by.
 */
void test_demo_mapping_by_topic(void **state)
{
	(void)state;
	int nchanged = 0;
	struct kj_audit_entry *changed = mapping_changes(&nchanged);
	const struct kj_catalog *cat = &app.cat;
	struct kj_doc_row *docs = calloc(200, sizeof *docs);
	struct kj_clause_row *cl = calloc(500, sizeof *cl);
	struct kj_err err;
	int ndocs = 0, comm = 0, policy = 0, checked = 0;
	assert_non_null(docs);
	assert_non_null(cl);
	assert_int_equal(kj_store_safety_docs(store(), NULL, docs, 200, &ndocs, &err), 0);
	for (int d = 0; d < ndocs; d++) {
		int n = 0;
		if (strstr(docs[d].title, "試験 "))
			continue;	/* the tests' own documents */
		assert_int_equal(kj_store_safety_clauses(store(), docs[d].id, cl, 500, &n, &err), 0);
		for (int c = 0; c < n; c++) {
			char cid[24];
			snprintf(cid, sizeof cid, "%lld", (long long)cl[c].id);
			if (changed_by_tests(changed, nchanged, cid))
				continue;	/* changed by the tests through the form */
			for (int k = 0; k < cl[c].nreqs; k++) {
				const struct kj_requirement *q = kj_catalog_req(cat, cl[c].reqs[k]);
				if (!q)
					continue;	/* an earlier version's requirement */
				const char *topic = cat->sections[q->section_index].title_ja;
				if (strcmp(topic, cl[c].title))
					fail_msg("%s %s 「%s」 maps to %s (%s)", docs[d].title,
						 cl[c].number, cl[c].title, q->id, topic);
				checked++;
			}
			if (!strcmp(cl[c].title, "組織内外のコミュニケーション")) {
				comm++;
				for (int k = 0; k < cl[c].nreqs; k++)
					assert_int_equal(strncmp(cl[c].reqs[k], "3.2.3-", 6), 0);
			}
			if (!strcmp(cl[c].title, "サイバーセキュリティ方針")) {
				policy++;
				for (int k = 0; k < cl[c].nreqs; k++)
					assert_int_equal(strncmp(cl[c].reqs[k], "3.2.2.2-", 8), 0);
			}
		}
	}
	assert_true(comm > 0);
	assert_true(policy > 0);
	assert_true(checked > 100);
	free(changed);
	free(docs);
	free(cl);
}
