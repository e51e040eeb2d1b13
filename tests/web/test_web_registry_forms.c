/*
 * The registry's pages as forms (issue 10): the list's search and filters
 * (a bad value is a message beside its field, status 400, the list still
 * there), the operator form (errors beside fields, 必須, no silent 大規模,
 * 登録しました / 変更を保存しました, dates in the Japanese era) and the
 * operator's own security contact (bad values refused, another
 * organisation's contact out of reach, an audit entry for a change).
 */
#include "model/corpnum.h"
#include "store/store_registry.h"
#include "web_helpers.h"

/* The record of organisation ID as the store holds it. */
static struct kj_org_record record_of(int64_t id)
{
	struct kj_org_record r;
	struct kj_err err;
	int found = 0;
	assert_int_equal(kj_store_org_get(store(), id, &r, &found, &err), 0);
	assert_true(found);
	return r;
}

static long org_total(void)
{
	struct kj_store_counts c;
	struct kj_err err;
	assert_int_equal(kj_store_counts(store(), &c, &err), 0);
	return (long)c.organisations;
}

/* S with its katakana as hiragana (the search must not care). */
static void to_hiragana(const char *s, char *out, size_t n)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && o + 4 < n;) {
		if (p[0] == 0xE3 && (p[1] == 0x82 || p[1] == 0x83) && p[2]) {
			unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
			if (cp >= 0x30A1 && cp <= 0x30F6)
				cp -= 0x60;
			out[o++] = (char)(0xE0 | (cp >> 12));
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (cp & 0x3F));
			p += 3;
		} else {
			out[o++] = (char)*p++;
		}
	}
	out[o] = '\0';
}

/* DIGITS as full-width digits (０-９). */
static void to_fullwidth(const char *digits, char *out, size_t n)
{
	size_t o = 0;
	for (const char *p = digits; *p && o + 4 < n; p++) {
		out[o++] = (char)0xEF;
		out[o++] = (char)0xBC;
		out[o++] = (char)(0x90 + (*p - '0'));
	}
	out[o] = '\0';
}

/* Does the list page R link to organisation ID (its name is the link)? */
static int lists(const struct res *r, int64_t id)
{
	char href[48];
	snprintf(href, sizeof href, "<a href=\"/registry/%lld\">", (long long)id);
	return r->body && strstr(r->body, href) != NULL;
}

/* The page refused FIELD's value as the form convention says: 400, the form
 * again, the message beside the field (aria-invalid, its id described). */
static void refused_beside(const struct res *r, const char *prefix, const char *field)
{
	char id[96], err[96];
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "class=\"error-summary\""));
	snprintf(id, sizeof id, "id=\"%s-%s\"", prefix, field);
	snprintf(err, sizeof err, "%s-%s-err", prefix, field);
	const char *at = strstr(r->body, id);
	if (!at)
		fail_msg("no control %s", id);
	/* The control's own attributes: up to the end of its tag. */
	const char *end = strchr(at, '>');
	assert_non_null(end);
	size_t n = (size_t)(end - at);
	char tag[1024];
	snprintf(tag, sizeof tag, "%.*s", (int)(n < sizeof tag - 1 ? n : sizeof tag - 1), at);
	if (!strstr(tag, "aria-invalid=\"true\"") || !strstr(tag, err))
		fail_msg("control %s not marked bad: %s", field, tag);
	char pid[128];
	snprintf(pid, sizeof pid, "id=\"%s\"", err);
	assert_non_null(strstr(r->body, pid));
}

void test_registry_search_filters(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct("demo-nco", &nco);
	struct kj_org_record own = record_of(org_own);
	char q[512], *f;

	/* By part of the name. */
	char part[16];
	snprintf(part, sizeof part, "%.6s", own.name_ja);	/* two kanji / kana */
	f = form("q", part, NULL);
	struct res r = do_req("GET", "/registry", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_true(lists(&r, org_own));
	assert_non_null(strstr(r.body, " 件中 1〜"));
	res_free(&r);

	/* By its kana written in hiragana. */
	assert_true(own.name_kana[0] != '\0');
	to_hiragana(own.name_kana, q, sizeof q);
	f = form("q", q, NULL);
	r = do_req("GET", "/registry", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_true(lists(&r, org_own));
	res_free(&r);

	/* By its corporate number in full-width digits; the box keeps what was typed. */
	to_fullwidth(own.corporate_number, q, sizeof q);
	f = form("q", q, NULL);
	r = do_req("GET", "/registry", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_true(lists(&r, org_own));
	assert_non_null(strstr(r.body, q));
	assert_non_null(strstr(r.body, "1 件中 1〜1 件"));
	res_free(&r);

	/* The API finds it the same way, and counts what it found. */
	f = form("q", q, NULL);
	r = do_req("GET", "/api/v1/organisations", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"total\":1,"));
	res_free(&r);

	/* Filters: its own prefecture, size and status keep it and stay selected. */
	f = form("pref", own.prefecture, "size", own.size_class, "status",
		 own.active ? "active" : "inactive", "core", own.core_infra ? "yes" : "no",
		 "localgov", own.local_gov ? "yes" : "no", NULL);
	r = do_req("GET", "/registry", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_true(lists(&r, org_own));
	snprintf(q, sizeof q, "<option value=\"%s\" selected>", own.prefecture);
	assert_non_null(strstr(r.body, q));
	res_free(&r);
	/* The other status leaves it out. */
	f = form("status", own.active ? "inactive" : "active", NULL);
	r = do_req("GET", "/registry", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_false(lists(&r, org_own));
	res_free(&r);
	/* Nothing found: said so, not an empty table only. */
	f = form("q", "存在しない事業者名ｘｙｚ", NULL);
	r = do_req("GET", "/registry", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "条件に合う事業者はありません。"));
	res_free(&r);

	/* Every bad value: the list page again, the message beside its field, the
	 * other values kept. */
	char longq[KJ_ORG_SEARCH_MAX + 8];
	memset(longq, 'a', sizeof longq - 1);
	longq[sizeof longq - 1] = '\0';
	const struct { const char *name, *value; } bad[] = {
		{ "pref", "99" }, { "pref", "1" }, { "pref", "東京" }, { "size", "huge" },
		{ "core", "maybe" }, { "localgov", "1" }, { "status", "retired" },
		{ "sector", "nope" }, { "q", longq },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f = !strcmp(bad[i].name, "q") ? form("q", bad[i].value, "size", "small", NULL)
					      : form(bad[i].name, bad[i].value, "q", "keep-me", NULL);
		r = do_req("GET", "/registry", f, nco.cookie, NULL);
		free(f);
		refused_beside(&r, "f", bad[i].name);
		assert_non_null(strstr(r.body, "<form class=\"filters\""));
		assert_non_null(strstr(r.body, !strcmp(bad[i].name, "q")
						? "<option value=\"small\" selected>" : "keep-me"));
		res_free(&r);
		f = form(bad[i].name, bad[i].value, NULL);
		assert_int_equal(status_of("GET", "/api/v1/organisations", f, nco.cookie, NULL),
				 !strcmp(bad[i].name, "sector") ? 404 : 400);
		free(f);
	}
	/* A bad page number: the first page, said so. */
	r = do_req("GET", "/registry", "page=x", nco.cookie, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "<table"));
	res_free(&r);
	/* The add and import actions come before the list. */
	r = do_req("GET", "/registry", NULL, nco.cookie, NULL);
	const char *add = strstr(r.body, "href=\"/registry/new\""), *table = strstr(r.body, "<table");
	assert_non_null(add);
	assert_non_null(table);
	assert_true(add < table);
	assert_true(strstr(r.body, "action=\"/registry/import\"") < table);
	res_free(&r);
}

void test_registry_import_no_file(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct("demo-nco", &nco);
	long before = org_total();
	char *f = form("csrf", nco.csrf, NULL);
	struct res r = do_req("POST", "/registry/import", f, nco.cookie, NULL);
	free(f);
	refused_beside(&r, "upload", "file");
	assert_non_null(strstr(r.body, "ファイルを選択してください。"));
	assert_non_null(strstr(r.body, "<details class=\"import\" id=\"import\" open>"));
	res_free(&r);
	assert_int_equal(org_total(), before);
}

/* A valid corporate number not in the demo registry. */
static void new_number(char out[14])
{
	char base[13];
	for (int k = 0; k < 1000; k++) {
		snprintf(base, sizeof base, "98765432%04d", k);
		snprintf(out, 14, "%d%s", kj_corpnum_check_digit(base), base);
		char *f = form("q", out, NULL);
		struct sess nco;
		sess_direct("demo-nco", &nco);
		struct res r = do_req("GET", "/api/v1/organisations", f, nco.cookie, NULL);
		free(f);
		int unused = r.status == 200 && strstr(r.body, "\"total\":0,") != NULL;
		res_free(&r);
		if (unused)
			return;
	}
	fail_msg("no free corporate number");
}

void test_org_form(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct("demo-nco", &nco);
	long before = org_total();

	/* The new form: 必須 marked, the size not chosen for the user. */
	struct res r = do_req("GET", "/registry/new", NULL, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<span class=\"required\">必須</span>"));
	assert_non_null(strstr(r.body, "<option value=\"\" selected>選択してください</option>"));
	assert_null(strstr(r.body, "<option value=\"large\" selected>"));
	res_free(&r);

	/* Each bad field: the same form (400), typed values kept, nothing added. */
	char num[14];
	new_number(num);
	const struct { const char *field, *number, *name, *size, *pref, *mail, *sector; } bad[] = {
		{ "corporate_number", "123", "試験株式会社", "small", "13", "", "medical" },
		{ "name", num, "", "small", "13", "", "medical" },
		{ "size_class", num, "試験株式会社", "", "13", "", "medical" },
		{ "prefecture", num, "試験株式会社", "small", "99", "", "medical" },
		{ "contact_email", num, "試験株式会社", "small", "13", "not-a-mail", "medical" },
		{ "sector", num, "試験株式会社", "small", "13", "", "" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *f = form("csrf", nco.csrf, "corporate_number", bad[i].number, "name", bad[i].name,
			       "size_class", bad[i].size, "prefecture", bad[i].pref,
			       "contact_email", bad[i].mail, "sector", bad[i].sector,
			       "contact_name", "担当<kjx>", NULL);
		r = do_req("POST", "/registry/new", f, nco.cookie, NULL);
		free(f);
		refused_beside(&r, "o", bad[i].field);
		assert_non_null(strstr(r.body, "action=\"/registry/new\""));
		assert_non_null(strstr(r.body, "value=\"担当&lt;kjx&gt;\""));
		char v[64];
		snprintf(v, sizeof v, "value=\"%s\"", bad[i].number);
		assert_non_null(strstr(r.body, v));
		res_free(&r);
		assert_int_equal(org_total(), before);
	}

	/* Created: 登録しました, not 変更を保存しました. */
	char *f = form("csrf", nco.csrf, "corporate_number", num, "name", "試験登録株式会社",
		       "size_class", "medium", "prefecture", "13", "sector", "medical", NULL);
	r = do_req("POST", "/registry/new", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 303);
	char loc[128];
	snprintf(loc, sizeof loc, "%s", hdr(&r, "Location"));
	res_free(&r);
	assert_non_null(strstr(loc, "?created=1"));
	assert_int_equal(org_total(), before + 1);
	char path[96];
	snprintf(path, sizeof path, "%.*s", (int)(strchr(loc, '?') - loc), loc);
	r = do_req("GET", path, "created=1", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "登録しました。"));
	assert_null(strstr(r.body, "変更を保存しました。"));
	/* Its dates in the Japanese era and JST, never as ISO text. */
	assert_non_null(strstr(r.body, "令和"));
	assert_non_null(strstr(r.body, "JST"));
	assert_null(strstr(r.body, ">2026-"));
	res_free(&r);

	/* Edited: 変更を保存しました, a change in its history. */
	f = form("csrf", nco.csrf, "corporate_number", num, "name", "試験登録株式会社",
		 "size_class", "small", "prefecture", "13", "sector", "medical", NULL);
	r = do_req("POST", path, f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 303);
	assert_non_null(strstr(hdr(&r, "Location"), "?saved=1"));
	res_free(&r);
	r = do_req("GET", path, "saved=1", nco.cookie, NULL);
	assert_non_null(strstr(r.body, "変更を保存しました。"));
	assert_non_null(strstr(r.body, "変更履歴"));
	res_free(&r);
	/* A bad edit: the record unchanged. */
	f = form("csrf", nco.csrf, "corporate_number", num, "name", "試験登録株式会社",
		 "size_class", "huge", "prefecture", "13", "sector", "medical", NULL);
	r = do_req("POST", path, f, nco.cookie, NULL);
	free(f);
	refused_beside(&r, "o", "size_class");
	res_free(&r);
	/* And it is found by the search at once. */
	f = form("q", "試験登録", NULL);
	r = do_req("GET", "/registry", f, nco.cookie, NULL);
	free(f);
	assert_non_null(strstr(r.body, path));
	res_free(&r);
}

void test_org_contact(void **state)
{
	(void)state;
	struct sess op;
	sess_direct("demo-operator", &op);
	struct kj_org_record own = record_of(org_own), other = record_of(org_med);
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)org_own);
	int audits = audit_count("org.contact.update", sid);

	struct res r = do_req("GET", "/organisation/contact", NULL, op.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, own.name_ja));
	assert_non_null(strstr(r.body, "href=\"/organisation/contact\""));	/* in the menu */
	res_free(&r);
	/* Its own record links to it; the NCO's view of the record does not. */
	char own_path[48];
	snprintf(own_path, sizeof own_path, "/registry/%lld", (long long)org_own);
	r = do_req("GET", own_path, NULL, op.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<p><a href=\"/organisation/contact\">"));
	res_free(&r);
	struct sess nco;
	sess_direct("demo-nco", &nco);
	r = do_req("GET", own_path, NULL, nco.cookie, NULL);
	assert_null(strstr(r.body, "/organisation/contact"));
	res_free(&r);

	/* Each bad value: the form again, what was typed kept, nothing written. */
	const struct { const char *field, *name, *mail, *phone; } bad[] = {
		{ "contact_email", "山田 太郎", "not-a-mail", "03-1234-5678" },
		{ "contact_phone", "山田 太郎", "yamada@example.jp", "call me" },
		{ "contact_name", "=HYPERLINK(\"x\")", "yamada@example.jp", "03-1234-5678" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *f = form("csrf", op.csrf, "contact_name", bad[i].name, "contact_email",
			       bad[i].mail, "contact_phone", bad[i].phone, NULL);
		r = do_req("POST", "/organisation/contact", f, op.cookie, NULL);
		free(f);
		refused_beside(&r, "c", bad[i].field);
		assert_non_null(strstr(r.body, i < 2 ? "value=\"山田 太郎\""
						     : "value=\"=HYPERLINK(&quot;x&quot;)\""));
		res_free(&r);
		struct kj_org_record now = record_of(org_own);
		assert_string_equal(now.contact_email, own.contact_email);
		assert_string_equal(now.contact_phone, own.contact_phone);
		assert_int_equal(audit_count("org.contact.update", sid), audits);
	}

	/* Another organisation's id in the form changes nothing there. */
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)org_med);
	char *f = form("csrf", op.csrf, "id", oid, "org", oid, "contact_name", "山田 太郎",
		       "contact_email", "yamada@example.jp", "contact_phone", "03-1234-5678", NULL);
	r = do_req("POST", "/organisation/contact", f, op.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 303);
	assert_string_equal(hdr(&r, "Location"), "/organisation/contact?saved=1");
	res_free(&r);
	struct kj_org_record now = record_of(org_own), med = record_of(org_med);
	assert_string_equal(now.contact_name, "山田 太郎");
	assert_string_equal(now.contact_email, "yamada@example.jp");
	assert_string_equal(now.contact_phone, "03-1234-5678");
	assert_string_equal(now.name_ja, own.name_ja);
	assert_string_equal(med.contact_email, other.contact_email);
	assert_string_equal(med.contact_name, other.contact_name);
	assert_int_equal(audit_count("org.contact.update", sid), audits + 1);
	r = do_req("GET", "/organisation/contact", "saved=1", op.cookie, NULL);
	assert_non_null(strstr(r.body, "変更を保存しました。"));
	assert_non_null(strstr(r.body, "value=\"yamada@example.jp\""));
	res_free(&r);
	/* The same values again: nothing to write, no entry. */
	f = form("csrf", op.csrf, "contact_name", "山田 太郎", "contact_email",
		 "yamada@example.jp", "contact_phone", "03-1234-5678", NULL);
	assert_int_equal(status_of("POST", "/organisation/contact", f, op.cookie, NULL), 303);
	free(f);
	assert_int_equal(audit_count("org.contact.update", sid), audits + 1);
	/* No other role reaches it, the ministry of its sector included. */
	struct sess min;
	sess_direct("demo-ministry", &min);
	assert_int_equal(status_of("GET", "/organisation/contact", NULL, min.cookie, NULL), 403);
	assert_audit_ok();
}
