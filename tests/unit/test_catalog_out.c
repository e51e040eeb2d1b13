/*
 * Unit tests of src/export/catalog_out.c: kijun's JSON of the catalog, the
 * OSCAL 1.2.1 catalog (structure, ids, links, deterministic UUIDs) and the
 * CSV export.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "export/catalog_out.h"

static int setup(void **state)
{
	struct kj_catalog *cat = calloc(1, sizeof *cat);
	struct kj_err err;
	if (!cat || kj_catalog_load_embedded(cat, &err) < 0) {
		free(cat);
		return -1;
	}
	*state = cat;
	return 0;
}

static int teardown(void **state)
{
	kj_catalog_free(*state);
	free(*state);
	return 0;
}

typedef int (*writer)(const struct kj_catalog *, FILE *);

/* What W writes for CAT, as a malloc'd buffer. */
static char *capture(writer w, const struct kj_catalog *cat, size_t *len)
{
	char *data = NULL;
	FILE *f = open_memstream(&data, len);
	assert_non_null(f);
	assert_int_equal(w(cat, f), 0);
	assert_int_equal(fclose(f), 0);
	return data;
}

static void test_json_requirements(void **state)
{
	const struct kj_catalog *cat = *state;
	json_t *j = kj_catalog_json(cat);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "version")), "2026");
	json_t *reqs = json_object_get(j, "requirements");
	assert_int_equal(json_array_size(reqs), 90);
	for (int i = 0; i < cat->nreqs; i++) {
		json_t *r = json_array_get(reqs, (size_t)i);
		assert_string_equal(json_string_value(json_object_get(r, "id")), cat->reqs[i].id);
		assert_string_equal(json_string_value(json_object_get(r, "text_ja")),
				    cat->reqs[i].text_ja);
		assert_string_equal(json_string_value(json_object_get(r, "text_en")),
				    cat->reqs[i].text_en);
		assert_int_equal(json_array_size(json_object_get(r, "csf")), cat->reqs[i].ncsf);
		/* The section path runs from the top section down to the requirement's own. */
		json_t *path = json_object_get(r, "section_path");
		json_t *last = json_array_get(path, json_array_size(path) - 1);
		assert_string_equal(json_string_value(json_object_get(last, "id")),
				    cat->reqs[i].section);
		const char *top = json_string_value(json_object_get(json_array_get(path, 0), "id"));
		assert_int_equal(strlen(top), 3);
	}
	assert_int_equal(json_array_size(json_object_get(j, "functions")), 6);
	assert_int_equal(json_array_size(json_object_get(j, "definitions")), cat->ndefs);
	json_decref(j);
}

static void test_json_definition_backlinks(void **state)
{
	const struct kj_catalog *cat = *state;
	json_t *j = kj_catalog_json(cat), *d;
	size_t i;
	int found = 0;
	json_array_foreach(json_object_get(j, "definitions"), i, d) {
		if (strcmp(json_string_value(json_object_get(d, "id")), "csirt"))
			continue;
		json_t *used = json_object_get(d, "requirements"), *u;
		size_t k;
		json_array_foreach(used, k, u)
			found |= !strcmp(json_string_value(u), "3.2.5.3-1");
	}
	assert_true(found);
	json_decref(j);
}

/* Terms the text defines: footnote 0 with their section; and the
 * editorial corrections, listed as the data holds them. */
static void test_json_text_definitions_and_corrections(void **state)
{
	const struct kj_catalog *cat = *state;
	json_t *j = kj_catalog_json(cat), *d;
	size_t i;
	int seen = 0;
	json_array_foreach(json_object_get(j, "definitions"), i, d) {
		assert_non_null(json_string_value(json_object_get(d, "section")));
		if (strcmp(json_string_value(json_object_get(d, "id")), "business-continuity-plans-etc"))
			continue;
		seen = 1;
		assert_int_equal(json_integer_value(json_object_get(d, "footnote")), 0);
		assert_string_equal(json_string_value(json_object_get(d, "section")), "3.6.1");
		json_t *used = json_object_get(d, "requirements");
		assert_int_equal(json_array_size(used), 3);
		assert_string_equal(json_string_value(json_array_get(used, 1)), "3.6.1-2");
	}
	assert_true(seen);
	json_t *corr = json_object_get(j, "corrections");
	assert_int_equal(json_array_size(corr), cat->ncorrections);
	assert_int_equal(json_array_size(corr), 1);
	json_t *c = json_array_get(corr, 0);
	assert_string_equal(json_string_value(json_object_get(c, "item")), "ci-service");
	assert_string_equal(json_string_value(json_object_get(c, "source")), "手続のうちち、");
	assert_string_equal(json_string_value(json_object_get(c, "used")), "手続のうち、");
	json_decref(j);

	/* OSCAL: a text-defined term has a section prop and no footnote prop. */
	json_t *o = kj_catalog_oscal(cat), *res;
	assert_non_null(o);
	int checked = 0;
	json_array_foreach(json_object_get(json_object_get(json_object_get(o, "catalog"),
				"back-matter"), "resources"), i, res) {
		const char *title = json_string_value(json_object_get(res, "title"));
		int fn = 0, sec = 0;
		size_t k;
		json_t *p;
		json_array_foreach(json_object_get(res, "props"), k, p) {
			const char *name = json_string_value(json_object_get(p, "name"));
			fn |= !strcmp(name, "footnote");
			sec |= !strcmp(name, "section");
		}
		assert_true(sec);
		if (!strcmp(title, "事業継続計画等")) {
			assert_false(fn);
			checked++;
		} else if (!strcmp(title, "事業継続計画")) {
			assert_true(fn);
			checked++;
		}
	}
	assert_int_equal(checked, 2);
	json_decref(o);
}

static int uuid_shaped(const char *s)
{
	if (!s || strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i])) {
			return 0;
		}
	}
	/* Version 5, RFC 4122 variant. */
	return s[14] == '5' && strchr("89ab", s[19]) != NULL;
}

struct walk {
	const struct kj_catalog *cat;
	int controls;
	int seen[1000];
	json_t *resources;
};

static int resource_exists(json_t *resources, const char *uuid)
{
	size_t i;
	json_t *r;
	json_array_foreach(resources, i, r)
		if (!strcmp(json_string_value(json_object_get(r, "uuid")), uuid))
			return 1;
	return 0;
}

static void walk_group(struct walk *w, json_t *g)
{
	const char *gid = json_string_value(json_object_get(g, "id"));
	assert_non_null(gid);
	assert_memory_equal(gid, "sec-", 4);
	assert_non_null(kj_catalog_section(w->cat, gid + 4));
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(g, "controls"), i, c) {
		const char *id = json_string_value(json_object_get(c, "id"));
		assert_non_null(id);
		if (strncmp(id, "req-", 4))
			fail_msg("control id %s lacks req-", id);
		int r = kj_catalog_req_index(w->cat, id + 4);
		if (r < 0)
			fail_msg("control %s is no requirement", id);
		w->seen[r]++;
		w->controls++;
		/* The requirement sits in the group of its own section. */
		assert_string_equal(gid + 4, w->cat->reqs[r].section);
		json_t *smt = json_array_get(json_object_get(c, "parts"), 0);
		assert_string_equal(json_string_value(json_object_get(smt, "name")), "statement");
		assert_string_equal(json_string_value(json_object_get(smt, "prose")),
				    w->cat->reqs[r].text_ja);
		size_t k;
		json_t *l;
		json_array_foreach(json_object_get(c, "links"), k, l) {
			const char *href = json_string_value(json_object_get(l, "href"));
			assert_true(href && href[0] == '#');
			assert_true(resource_exists(w->resources, href + 1));
		}
		assert_int_equal(json_array_size(json_object_get(c, "links")),
				 w->cat->reqs[r].ndefs);
	}
	json_t *sub;
	json_array_foreach(json_object_get(g, "groups"), i, sub)
		walk_group(w, sub);
}

static void test_oscal_structure(void **state)
{
	const struct kj_catalog *cat = *state;
	json_t *o = kj_catalog_oscal(cat);
	assert_non_null(o);
	json_t *c = json_object_get(o, "catalog");
	assert_true(uuid_shaped(json_string_value(json_object_get(c, "uuid"))));
	json_t *meta = json_object_get(c, "metadata");
	assert_string_equal(json_string_value(json_object_get(meta, "oscal-version")), "1.2.1");
	assert_string_equal(json_string_value(json_object_get(meta, "version")), "2026");
	assert_string_equal(json_string_value(json_object_get(meta, "title")), cat->title_ja);
	assert_string_equal(json_string_value(json_object_get(meta, "last-modified")),
			    "2026-10-01T00:00:00+09:00");
	json_t *groups = json_object_get(c, "groups");
	assert_int_equal(json_array_size(groups), 6);

	struct walk *w = calloc(1, sizeof *w);
	assert_non_null(w);
	w->cat = cat;
	w->resources = json_object_get(json_object_get(c, "back-matter"), "resources");
	assert_int_equal(json_array_size(w->resources), cat->ndefs);
	size_t i;
	json_t *g;
	json_array_foreach(groups, i, g) {
		assert_string_equal(json_string_value(json_object_get(g, "class")), "function");
		walk_group(w, g);
	}
	assert_int_equal(w->controls, 90);
	for (int r = 0; r < cat->nreqs; r++)
		if (w->seen[r] != 1)
			fail_msg("%s appears %d times", cat->reqs[r].id, w->seen[r]);
	/* Every UUID is distinct. */
	json_t *r1, *r2;
	size_t k;
	json_array_foreach(w->resources, i, r1) {
		const char *u = json_string_value(json_object_get(r1, "uuid"));
		assert_true(uuid_shaped(u));
		assert_string_not_equal(u, json_string_value(json_object_get(c, "uuid")));
		json_array_foreach(w->resources, k, r2)
			if (k != i)
				assert_string_not_equal(u, json_string_value(json_object_get(r2, "uuid")));
	}
	free(w);
	json_decref(o);
}

static void test_exports_are_deterministic(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_catalog again;
	struct kj_err err;
	assert_int_equal(kj_catalog_load_embedded(&again, &err), 0);
	static const writer writers[] = {
		kj_catalog_write_oscal, kj_catalog_write_json, kj_catalog_write_csv,
	};
	for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
		size_t n1, n2;
		char *a = capture(writers[i], cat, &n1);
		char *b = capture(writers[i], &again, &n2);
		assert_true(n1 > 1000);
		assert_int_equal(n1, n2);
		assert_memory_equal(a, b, n1);
		free(a);
		free(b);
	}
	kj_catalog_free(&again);
}

static void test_csv_export(void **state)
{
	const struct kj_catalog *cat = *state;
	size_t n;
	char *s = capture(kj_catalog_write_csv, cat, &n);
	const char head[] = "\xef\xbb\xbf\"id\",\"section\",\"section_title_ja\","
		"\"section_title_en\",\"function\",\"function_ja\",\"text_ja\","
		"\"text_en\",\"csf\",\"definitions\"\r\n";
	assert_true(n > sizeof head);
	assert_memory_equal(s, head, sizeof head - 1);
	int rows = 0;
	for (char *p = s; (p = strstr(p, "\r\n")); p += 2)
		rows++;
	assert_int_equal(rows, 1 + cat->nreqs);
	assert_non_null(strstr(s, "\"3.2.5.3-1\",\"3.2.5.3\","));
	assert_non_null(strstr(s, "\"GV.RR RS.MA\",\"csirt\"\r\n"));
	free(s);
}

/* Counts the controls in the groups G and their subgroups. */
static int count_controls(json_t *groups)
{
	int n = 0;
	size_t i;
	json_t *g;
	json_array_foreach(groups, i, g)
		n += (int)json_array_size(json_object_get(g, "controls")) +
		     count_controls(json_object_get(g, "groups"));
	return n;
}

static void test_oscal_long_section_title(void **state)
{
	(void)state;
	/*
	 * Regression (was a bug): oscal_control (src/export/catalog_out.c) formats the control title
	 * "SECTION-TITLE ID" into char title[KJ_ID_MAX + 512]; the loader allows
	 * titles of up to KJ_CATALOG_TEXT_MAX (8192) bytes, so a longer title is
	 * cut, and when the cut falls inside a UTF-8 character json_string()
	 * refuses it, json_pack() returns NULL and json_array_append_new()
	 * drops the control: the export silently loses requirements. Here a
	 * 3.2.1 title of 200 × "あ" + "x" loses 3.2.1's controls.
	 */
	struct kj_catalog cat;
	struct kj_err err = { "" };
	th_rmdir("long-title");
	assert_int_equal(th_copy_dir(KJ_STANDARD_DIR, "long-title"), 0);
	json_error_t je;
	json_t *a = json_load_file("long-title/sections.json", 0, &je);
	assert_non_null(a);
	char title[700];
	size_t n = 0;
	title[n++] = 'x';	/* shifts the 3-byte characters off the cut */
	for (int i = 0; i < 200; i++) {
		memcpy(title + n, "あ", 3);
		n += 3;
	}
	title[n] = '\0';
	assert_int_equal(json_object_set_new(json_array_get(a, 1), "title_ja",
					     json_string(title)), 0);
	assert_int_equal(json_dump_file(a, "long-title/sections.json", JSON_INDENT(2)), 0);
	json_decref(a);
	if (kj_catalog_load_dir(&cat, "long-title", &err) < 0)
		fail_msg("%s", err.msg);
	json_t *o = kj_catalog_oscal(&cat);
	assert_non_null(o);
	assert_int_equal(count_controls(json_object_get(json_object_get(o, "catalog"),
							"groups")), 90);
	json_decref(o);
	kj_catalog_free(&cat);
	th_rmdir("long-title");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_requirements),
		cmocka_unit_test(test_json_definition_backlinks),
		cmocka_unit_test(test_json_text_definitions_and_corrections),
		cmocka_unit_test(test_oscal_structure),
		cmocka_unit_test(test_exports_are_deterministic),
		cmocka_unit_test(test_csv_export),
		cmocka_unit_test(test_oscal_long_section_title),
	};
	return cmocka_run_group_tests_name("catalog_out", tests, setup, teardown);
}
