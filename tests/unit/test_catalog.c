/*
 * Unit tests of src/model/catalog.c: the embedded standard loads whole and
 * linked; a copy of data/standard/2026 loads from a folder; and corrupt
 * copies, made here in the scratch folder from the real files, are each
 * refused with a message that names the file at fault.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <unistd.h>

#include "helpers.h"
#include "base/limits.h"
#include "model/catalog.h"

/* --- The embedded catalog ------------------------------------------------ */

static int setup_embedded(void **state)
{
	struct kj_catalog *cat = calloc(1, sizeof *cat);
	struct kj_err err;
	if (!cat)
		return -1;
	if (kj_catalog_load_embedded(cat, &err) < 0) {
		fprintf(stderr, "embedded catalog: %s\n", err.msg);
		free(cat);
		return -1;
	}
	*state = cat;
	return 0;
}

static int teardown_embedded(void **state)
{
	kj_catalog_free(*state);
	free(*state);
	return 0;
}

static void test_embedded_shape(void **state)
{
	const struct kj_catalog *cat = *state;
	assert_string_equal(cat->version, KJ_CATALOG_DEFAULT_VERSION);
	assert_string_equal(cat->effective, "2026-10-01");
	assert_int_equal(cat->nreqs, 90);
	assert_int_equal(cat->nfunctions, 6);
	assert_string_equal(cat->reqs[0].id, "3.2.1-1");
	assert_string_equal(cat->reqs[cat->nreqs - 1].id, "3.7-1");
	assert_int_equal(kj_catalog_req_index(cat, "3.7-1"), 89);
	assert_ptr_equal(kj_catalog_req(cat, "3.2.1-1"), &cat->reqs[0]);
	assert_null(kj_catalog_req(cat, "3.2.1-99"));
	assert_null(kj_catalog_section(cat, "9.9"));
	assert_non_null(cat->source);
	assert_true(cat->source_len > 0);
	for (int f = 0; f < KJ_CATALOG_NFILES; f++)
		assert_non_null(cat->raw[f]);
}

static void test_embedded_requirements_well_formed(void **state)
{
	const struct kj_catalog *cat = *state;
	for (int i = 0; i < cat->nreqs; i++) {
		const struct kj_requirement *r = &cat->reqs[i];
		if (r->ncsf < 1)
			fail_msg("%s has no CSF category", r->id);
		for (int k = 0; k < r->ncsf; k++)
			if (!kj_catalog_csf(cat, r->csf[k]))
				fail_msg("%s: unknown CSF %s", r->id, r->csf[k]);
		assert_non_null(r->text_ja);
		assert_non_null(r->text_en);
		const struct kj_section *s = &cat->sections[r->section_index];
		assert_string_equal(s->id, r->section);
		assert_int_equal(r->function, s->function);
		char want[64];
		snprintf(want, sizeof want, "%s-%d", r->section, r->n);
		assert_string_equal(r->id, want);
	}
	for (int i = 0; i < cat->nsections; i++) {
		const struct kj_section *s = &cat->sections[i];
		assert_true(s->parent_index < i);
		if (s->parent_index >= 0)
			assert_int_equal(s->depth, cat->sections[s->parent_index].depth + 1);
		else
			assert_int_equal(s->depth, 1);
	}
}

static int has_def(const struct kj_catalog *cat, const char *req, const char *def)
{
	const struct kj_requirement *r = kj_catalog_req(cat, req);
	assert_non_null(r);
	for (int k = 0; k < r->ndefs; k++)
		if (!strcmp(cat->defs[r->defs[k]].id, def))
			return 1;
	return 0;
}

static void test_embedded_definitions_link(void **state)
{
	const struct kj_catalog *cat = *state;
	assert_true(has_def(cat, "3.2.5.3-1", "csirt"));
	assert_true(has_def(cat, "3.4.7-2", "shared-responsibility-model"));
	assert_false(has_def(cat, "3.2.5.3-1", "shared-responsibility-model"));
	/* Each link is backed by a match in the Japanese text. */
	for (int i = 0; i < cat->nreqs; i++) {
		const struct kj_requirement *r = &cat->reqs[i];
		for (int k = 0; k < r->ndefs; k++) {
			const struct kj_definition *d = &cat->defs[r->defs[k]];
			int hit = 0;
			for (int m = 0; m < d->nmatch; m++)
				hit |= strstr(r->text_ja, d->match[m]) != NULL;
			if (!hit)
				fail_msg("%s links %s without using it", r->id, d->id);
		}
	}
}

/* The longest term at a position wins: 事業継続計画等 is its own term. */
static void test_embedded_longest_term_links(void **state)
{
	const struct kj_catalog *cat = *state;
	assert_true(has_def(cat, "3.6.1-2", "business-continuity-plans-etc"));
	assert_false(has_def(cat, "3.6.1-2", "business-continuity-plan"));
	assert_true(has_def(cat, "3.6.3-2", "business-continuity-plans-etc"));
	assert_false(has_def(cat, "3.6.3-2", "business-continuity-plan"));
	/* 3.6.1-1 uses both: 事業継続計画²⁸ and 「事業継続計画等」. */
	assert_true(has_def(cat, "3.6.1-1", "business-continuity-plan"));
	assert_true(has_def(cat, "3.6.1-1", "business-continuity-plans-etc"));
	assert_true(has_def(cat, "3.3.3-1", "action-plan"));
	/* サプライチェーン・リスク is one term, not サプライチェーン as well. */
	assert_true(has_def(cat, "3.2.9-2", "supply-chain-risk"));
	assert_false(has_def(cat, "3.2.9-2", "supply-chain"));

	int out[4];
	int bcp = (int)(kj_catalog_def(cat, "business-continuity-plan") - cat->defs);
	int etc = (int)(kj_catalog_def(cat, "business-continuity-plans-etc") - cat->defs);
	assert_int_equal(kj_catalog_link_terms(cat, "事業継続計画等と事業継続計画", out, 4), 2);
	assert_int_equal(out[0], etc);
	assert_int_equal(out[1], bcp);
	/* One entry per definition however often it is used. */
	assert_int_equal(kj_catalog_link_terms(cat, "事業継続計画、事業継続計画", out, 4), 1);
	assert_int_equal(kj_catalog_link_terms(cat, "", out, 4), 0);
	assert_int_equal(kj_catalog_link_terms(cat, "no terms here", out, 4), 0);
	/* More uses than room: the count says so, nothing past MAX written. */
	out[1] = -7;
	assert_int_equal(kj_catalog_link_terms(cat, "投資とCSIRT", out, 1), 2);
	assert_int_equal(out[1], -7);
}

/* Terms the running text defines carry footnote 0 and their section. */
static void test_embedded_text_definitions(void **state)
{
	const struct kj_catalog *cat = *state;
	static const char *const here[] = {
		"unified-standard", "basic-act", "government-agencies",
		"action-plan", "strategy-headquarters", "responsible-ministries-etc",
		"safety-standards-guideline", "active-cyber-defense-act",
		"business-continuity-plans-etc",
	};
	for (size_t i = 0; i < sizeof here / sizeof here[0]; i++) {
		const struct kj_definition *d = kj_catalog_def(cat, here[i]);
		if (!d)
			fail_msg("no definition %s", here[i]);
		assert_int_equal(d->footnote, 0);
		assert_non_null(d->section);
	}
	assert_string_equal(kj_catalog_def(cat, "business-continuity-plans-etc")->section, "3.6.1");
	assert_string_equal(kj_catalog_def(cat, "strategy-headquarters")->section, "1.3");
	/* Footnotes 2, 8, 9 and 17 are there too. */
	static const int fns[] = { 2, 8, 9, 17 };
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		int found = 0;
		for (int d = 0; d < cat->ndefs; d++)
			found |= cat->defs[d].footnote == fns[i];
		if (!found)
			fail_msg("footnote %d has no definition", fns[i]);
	}
	/* The page-break artefact of footnote 16 is corrected, and said so. */
	const struct kj_definition *d = kj_catalog_def(cat, "ci-service");
	assert_non_null(strstr(d->text_ja, "手続のうち、"));
	assert_null(strstr(d->text_ja, "うちち"));
	const struct kj_correction *k = kj_catalog_correction(cat, "definitions.json",
							      "ci-service", "text_ja");
	assert_non_null(k);
	assert_string_equal(k->source, "手続のうちち、");
	assert_string_equal(k->used, "手続のうち、");
	assert_null(kj_catalog_correction(cat, "definitions.json", "triage", "text_ja"));
	assert_null(kj_catalog_def(cat, "no-such-term"));
}

static void test_embedded_function_lookup(void **state)
{
	const struct kj_catalog *cat = *state;
	int by_code = kj_catalog_function(cat, "protect");
	int by_ja = kj_catalog_function(cat, "防御");
	assert_true(by_code >= 0);
	assert_int_equal(by_code, by_ja);
	assert_string_equal(cat->functions[by_code].code, "protect");
	assert_string_equal(cat->functions[by_code].section, "3.4");
	assert_int_equal(kj_catalog_function(cat, "governance"), 0);
	assert_int_equal(kj_catalog_function(cat, "技術・脅威の動向"), 5);
	assert_int_equal(kj_catalog_function(cat, "Protect"), -1);
	assert_int_equal(kj_catalog_function(cat, ""), -1);
	assert_int_equal(cat->reqs[kj_catalog_req_index(cat, "3.4.7-2")].function, by_code);
}

static void test_embedded_sector_lookup(void **state)
{
	const struct kj_catalog *cat = *state;
	int i = kj_catalog_sector_index(cat, "water");
	assert_true(i >= 0);
	assert_ptr_equal(kj_catalog_sector(cat, "water"), &cat->sectors[i]);
	assert_string_equal(cat->sectors[i].code, "water");
	assert_int_equal(kj_catalog_sector_index(cat, "Water"), -1);
	assert_int_equal(kj_catalog_sector_index(cat, ""), -1);
	assert_int_equal(kj_catalog_sector_index(cat, NULL), -1);
	assert_null(kj_catalog_sector(cat, "space"));
}

/* --- A catalog from a folder -------------------------------------------- */

/* DIR becomes a fresh copy of data/standard/2026. */
static void fresh_copy(const char *dir)
{
	th_rmdir(dir);
	assert_int_equal(th_copy_dir(KJ_STANDARD_DIR, dir), 0);
}

static void test_load_dir_copy(void **state)
{
	const struct kj_catalog *emb = *state;
	struct kj_catalog cat;
	struct kj_err err = { "" };
	fresh_copy("copy-ok");
	if (kj_catalog_load_dir(&cat, "copy-ok", &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(cat.nreqs, emb->nreqs);
	assert_int_equal(cat.nsections, emb->nsections);
	assert_int_equal(cat.ndefs, emb->ndefs);
	for (int i = 0; i < cat.nreqs; i++) {
		assert_string_equal(cat.reqs[i].id, emb->reqs[i].id);
		assert_string_equal(cat.reqs[i].text_ja, emb->reqs[i].text_ja);
		assert_string_equal(cat.reqs[i].text_en, emb->reqs[i].text_en);
	}
	for (int f = 0; f < KJ_CATALOG_NFILES; f++) {
		assert_int_equal(cat.raw_len[f], emb->raw_len[f]);
		assert_memory_equal(cat.raw[f], emb->raw[f], cat.raw_len[f]);
	}
	kj_catalog_free(&cat);
	assert_null(cat.priv);
	assert_int_equal(cat.nreqs, 0);
	th_rmdir("copy-ok");
}

static void test_load_dir_missing_folder(void **state)
{
	(void)state;
	struct kj_catalog cat;
	struct kj_err err = { "" };
	th_rmdir("no-such-folder");
	assert_int_equal(kj_catalog_load_dir(&cat, "no-such-folder", &err), -1);
	assert_non_null(strstr(err.msg, "no-such-folder/standard.json"));
	assert_int_equal(cat.nreqs, 0);
	assert_null(cat.priv);
}

/* Loading DIR fails, and the message names FILE and holds WHAT. */
static void expect_refused(const char *dir, const char *file, const char *what)
{
	struct kj_catalog cat;
	struct kj_err err = { "" };
	int rc = kj_catalog_load_dir(&cat, dir, &err);
	if (rc == 0) {
		kj_catalog_free(&cat);
		fail_msg("%s: corrupt copy was accepted", dir);
	}
	if (!strstr(err.msg, file) || !strstr(err.msg, what))
		fail_msg("%s: message \"%s\" lacks \"%s\" or \"%s\"", dir, err.msg,
			 file, what);
	/* A refused catalog is left empty. */
	assert_null(cat.priv);
	assert_int_equal(cat.nreqs, 0);
	assert_null(cat.reqs);
	for (int f = 0; f < KJ_CATALOG_NFILES; f++)
		assert_null(cat.raw[f]);
	th_rmdir(dir);
}

static void path_of(char *out, size_t n, const char *dir, const char *file)
{
	int w = snprintf(out, n, "%s/%s", dir, file);
	assert_true(w > 0 && (size_t)w < n);
}

static json_t *load_json(const char *dir, const char *file)
{
	char p[512];
	json_error_t je;
	path_of(p, sizeof p, dir, file);
	json_t *j = json_load_file(p, 0, &je);
	if (!j)
		fail_msg("%s: %s", p, je.text);
	return j;
}

/* Writes J (and drops the reference) as DIR/FILE. */
static void save_json(const char *dir, const char *file, json_t *j)
{
	char p[512];
	path_of(p, sizeof p, dir, file);
	assert_int_equal(json_dump_file(j, p, JSON_INDENT(2)), 0);
	json_decref(j);
}

/* Sets a string member of item I of DIR/FILE. */
static void set_item_str(const char *dir, const char *file, size_t i,
			 const char *key, const char *value)
{
	json_t *a = load_json(dir, file);
	assert_int_equal(json_object_set_new(json_array_get(a, i), key,
					     json_string(value)), 0);
	save_json(dir, file, a);
}

/* Which ministries hold a sector whole, which only their own operators. */
static void test_embedded_sector_ministries(void **state)
{
	const struct kj_catalog *cat = *state;
	int water = 0, government = 0;
	for (int i = 0; i < cat->nsectors; i++) {
		const struct kj_sector *s = &cat->sectors[i];
		int partial = 0;
		for (int k = 0; k < s->nministries; k++)
			partial += s->partial[k];
		if (!strcmp(s->code, "water")) {
			water = 1;
			assert_int_equal(s->nministries, 2);
			assert_string_equal(cat->ministries[s->ministries[0]].code, "mlit");
			assert_string_equal(cat->ministries[s->ministries[1]].code, "env");
			assert_int_equal(partial, 0);	/* both whole: supply and quality */
		} else if (!strcmp(s->code, "government")) {
			government = 1;
			assert_int_equal(s->nministries, cat->nministries);
			assert_int_equal(partial, s->nministries);	/* each its own services */
		} else {
			assert_int_equal(partial, 0);
		}
	}
	assert_true(water && government);
}

/* A partial ministry must be one of the sector's; a ministry is listed once. */
static void test_refuses_bad_sector_ministries(void **state)
{
	(void)state;
	fresh_copy("bad-partial");
	json_t *a = load_json("bad-partial", "sectors.json");
	json_t *part = json_object_get(json_array_get(a, 0), "ministries_partial");
	assert_int_equal(json_array_append_new(part, json_string("env")), 0);
	save_json("bad-partial", "sectors.json", a);
	expect_refused("bad-partial", "sectors.json", "partial ministry \"env\"");
	fresh_copy("bad-twice");
	a = load_json("bad-twice", "sectors.json");
	json_t *ms = json_object_get(json_array_get(a, 0), "ministries");
	assert_int_equal(json_array_append_new(ms, json_string("mic")), 0);
	save_json("bad-twice", "sectors.json", a);
	expect_refused("bad-twice", "sectors.json", "listed twice");
	fresh_copy("bad-partial-type");
	a = load_json("bad-partial-type", "sectors.json");
	assert_int_equal(json_object_set_new(json_array_get(a, 0), "ministries_partial",
					     json_string("mic")), 0);
	save_json("bad-partial-type", "sectors.json", a);
	expect_refused("bad-partial-type", "sectors.json", "ministries_partial");
}

/* A version stored before ministries_partial existed still loads: all whole. */
static void test_sectors_without_partial_load(void **state)
{
	(void)state;
	fresh_copy("no-partial");
	json_t *a = load_json("no-partial", "sectors.json");
	size_t i;
	json_t *o;
	json_array_foreach(a, i, o)
		json_object_del(o, "ministries_partial");
	save_json("no-partial", "sectors.json", a);
	struct kj_catalog cat;
	struct kj_err err = { "" };
	if (kj_catalog_load_dir(&cat, "no-partial", &err) < 0)
		fail_msg("%s", err.msg);
	for (int s = 0; s < cat.nsectors; s++)
		for (int k = 0; k < cat.sectors[s].nministries; k++)
			assert_int_equal(cat.sectors[s].partial[k], 0);
	kj_catalog_free(&cat);
	th_rmdir("no-partial");
}

static void test_refuses_missing_file(void **state)
{
	(void)state;
	fresh_copy("bad-missing");
	assert_int_equal(unlink("bad-missing/measures.json"), 0);
	expect_refused("bad-missing", "measures.json", "cannot open");
}

/* corrections.json is optional: a revision folder without it loads. */
static void test_load_dir_without_corrections(void **state)
{
	(void)state;
	struct kj_catalog cat;
	struct kj_err err = { "" };
	fresh_copy("no-corr");
	assert_int_equal(unlink("no-corr/corrections.json"), 0);
	if (kj_catalog_load_dir(&cat, "no-corr", &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(cat.ncorrections, 0);
	assert_null(cat.raw[KJ_CATALOG_NFILES - 1]);
	assert_null(kj_catalog_correction(&cat, "definitions.json", "ci-service", "text_ja"));
	kj_catalog_free(&cat);
	th_rmdir("no-corr");
}

static void test_refuses_bad_corrections(void **state)
{
	(void)state;
	fresh_copy("bad-corr1");
	set_item_str("bad-corr1", "corrections.json", 0, "item", "no-such-term");
	expect_refused("bad-corr1", "corrections.json", "no item \"no-such-term\"");
	fresh_copy("bad-corr2");
	set_item_str("bad-corr2", "corrections.json", 0, "used", "手続のうちちち");
	expect_refused("bad-corr2", "corrections.json", "does not hold the corrected text");
	fresh_copy("bad-corr3");
	set_item_str("bad-corr3", "corrections.json", 0, "file", "sectors.json");
	expect_refused("bad-corr3", "corrections.json", "can be corrected");
	fresh_copy("bad-corr4");
	set_item_str("bad-corr4", "corrections.json", 0, "reason_en", "");
	expect_refused("bad-corr4", "corrections.json", "\"reason_en\" is empty");
	fresh_copy("bad-corr5");
	json_t *a = load_json("bad-corr5", "corrections.json");
	assert_int_equal(json_array_append_new(a, json_deep_copy(json_array_get(a, 0))), 0);
	save_json("bad-corr5", "corrections.json", a);
	expect_refused("bad-corr5", "corrections.json", "second correction");
}

static void test_refuses_bad_definition_section(void **state)
{
	(void)state;
	fresh_copy("bad-defsec");
	set_item_str("bad-defsec", "definitions.json", 0, "section", "1..1");
	expect_refused("bad-defsec", "definitions.json", "section must be");
}

static void test_refuses_invalid_json(void **state)
{
	(void)state;
	fresh_copy("bad-invalid");
	const char *text = "{\n  \"version\": \"2026\",\n  \"title_ja\": oops\n}\n";
	assert_int_equal(th_write("bad-invalid/standard.json", text, strlen(text)), 0);
	expect_refused("bad-invalid", "standard.json", "invalid JSON at line 3");
}

static void test_refuses_truncated_json(void **state)
{
	(void)state;
	size_t n;
	fresh_copy("bad-truncated");
	char *p = th_slurp("bad-truncated/requirements.json", &n);
	assert_non_null(p);
	/* Cut at a character boundary so only the JSON is broken. */
	size_t cut = n / 2;
	while (cut > 0 && ((unsigned char)p[cut] & 0xc0) == 0x80)
		cut--;
	assert_int_equal(th_write("bad-truncated/requirements.json", p, cut), 0);
	free(p);
	expect_refused("bad-truncated", "requirements.json", "invalid JSON");
}

static void test_refuses_duplicate_requirement(void **state)
{
	(void)state;
	fresh_copy("bad-dup");
	json_t *a = load_json("bad-dup", "requirements.json");
	assert_int_equal(json_array_insert_new(a, 1, json_deep_copy(json_array_get(a, 0))), 0);
	save_json("bad-dup", "requirements.json", a);
	expect_refused("bad-dup", "requirements.json", "item 2 (3.2.1-1): duplicate id");
}

static void test_refuses_id_not_section_n(void **state)
{
	(void)state;
	fresh_copy("bad-id");
	set_item_str("bad-id", "requirements.json", 0, "id", "3.2.1-2");
	expect_refused("bad-id", "requirements.json", "id must be \"3.2.1-1\"");
}

static void test_refuses_unknown_section(void **state)
{
	(void)state;
	fresh_copy("bad-section");
	set_item_str("bad-section", "requirements.json", 0, "section", "3.9.9");
	set_item_str("bad-section", "requirements.json", 0, "id", "3.9.9-1");
	expect_refused("bad-section", "requirements.json", "unknown section \"3.9.9\"");
}

static void test_refuses_unknown_csf(void **state)
{
	(void)state;
	fresh_copy("bad-csf");
	json_t *a = load_json("bad-csf", "requirements.json");
	json_t *csf = json_object_get(json_array_get(a, 3), "csf");
	assert_int_equal(json_array_append_new(csf, json_string("ZZ.ZZ")), 0);
	save_json("bad-csf", "requirements.json", a);
	expect_refused("bad-csf", "requirements.json",
		       "item 4 (3.2.2.1-1): unknown CSF 2.0 category \"ZZ.ZZ\"");
}

static void test_refuses_unknown_function(void **state)
{
	(void)state;
	fresh_copy("bad-function");
	set_item_str("bad-function", "sections.json", 0, "function", "attack");
	expect_refused("bad-function", "sections.json",
		       "item 1 (3.2): unknown function \"attack\"");
}

static void test_refuses_empty_text(void **state)
{
	(void)state;
	fresh_copy("bad-empty");
	set_item_str("bad-empty", "requirements.json", 5, "text_ja", "");
	expect_refused("bad-empty", "requirements.json", "field \"text_ja\" is empty");
}

static void test_refuses_control_characters_in_text(void **state)
{
	(void)state;
	/* Escaped in JSON, so the raw file is clean text: the field check must catch it. */
	fresh_copy("bad-control");
	set_item_str("bad-control", "requirements.json", 0, "text_en", "bell\a here");
	expect_refused("bad-control", "requirements.json", "holds control characters");
	/* An escaped NUL, which would cut the string short in C, is refused by the parser. */
	fresh_copy("bad-nul");
	json_t *a = load_json("bad-nul", "requirements.json");
	assert_int_equal(json_object_set_new(json_array_get(a, 0), "text_ja",
					     json_stringn("前\0後", 7)), 0);
	save_json("bad-nul", "requirements.json", a);
	expect_refused("bad-nul", "requirements.json", "\\u0000 is not allowed");
}

static void test_refuses_non_utf8(void **state)
{
	(void)state;
	size_t n;
	fresh_copy("bad-utf8");
	char *p = th_slurp("bad-utf8/requirements.json", &n);
	assert_non_null(p);
	char *at = strstr(p, "CSIRT");
	assert_non_null(at);
	at[0] = (char)0xc3;	/* a lead byte followed by ASCII */
	at[1] = '(';
	assert_int_equal(th_write("bad-utf8/requirements.json", p, n), 0);
	free(p);
	expect_refused("bad-utf8", "requirements.json", "not UTF-8 text");

	/* Latin-1 in the standard's text is refused the same way. */
	fresh_copy("bad-latin1");
	const char *latin1 = "Stra\xdf" "e\n";
	assert_int_equal(th_write("bad-latin1/source.txt", latin1, strlen(latin1)), 0);
	expect_refused("bad-latin1", "source.txt", "not UTF-8 text");
}

static void test_refuses_deep_json(void **state)
{
	(void)state;
	char text[201];
	memset(text, '[', 100);
	memset(text + 100, ']', 100);
	text[200] = '\0';
	fresh_copy("bad-deep");
	assert_int_equal(th_write("bad-deep/sections.json", text, 200), 0);
	expect_refused("bad-deep", "sections.json", "nested deeper than");
}

static void test_refuses_file_over_cap(void **state)
{
	(void)state;
	fresh_copy("bad-big");
	/* Sparse: no need to write 4 MiB to prove the point. */
	assert_int_equal(truncate("bad-big/source.txt", (off_t)KJ_DATA_FILE_MAX + 1), 0);
	expect_refused("bad-big", "source.txt", "too large");
}

static void test_accepts_file_at_cap(void **state)
{
	(void)state;
	struct kj_catalog cat;
	struct kj_err err = { "" };
	fresh_copy("big-ok");
	char *text = malloc(KJ_DATA_FILE_MAX);
	assert_non_null(text);
	memset(text, 'a', KJ_DATA_FILE_MAX);
	text[KJ_DATA_FILE_MAX - 1] = '\n';
	assert_int_equal(th_write("big-ok/source.txt", text, KJ_DATA_FILE_MAX), 0);
	free(text);
	if (kj_catalog_load_dir(&cat, "big-ok", &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(cat.source_len, KJ_DATA_FILE_MAX);
	kj_catalog_free(&cat);
	th_rmdir("big-ok");
}

static void test_refuses_parent_after_child(void **state)
{
	(void)state;
	fresh_copy("bad-order");
	json_t *a = load_json("bad-order", "sections.json");
	json_t *child = json_incref(json_array_get(a, 1));	/* 3.2.1, parent 3.2 */
	assert_string_equal(json_string_value(json_object_get(child, "parent")), "3.2");
	assert_int_equal(json_array_remove(a, 1), 0);
	assert_int_equal(json_array_insert_new(a, 0, child), 0);
	save_json("bad-order", "sections.json", a);
	expect_refused("bad-order", "sections.json",
		       "item 1 (3.2.1): parent \"3.2\" is not an earlier section");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_shape),
		cmocka_unit_test(test_embedded_sector_ministries),
		cmocka_unit_test(test_embedded_requirements_well_formed),
		cmocka_unit_test(test_embedded_definitions_link),
		cmocka_unit_test(test_embedded_longest_term_links),
		cmocka_unit_test(test_embedded_text_definitions),
		cmocka_unit_test(test_embedded_function_lookup),
		cmocka_unit_test(test_embedded_sector_lookup),
		cmocka_unit_test(test_load_dir_without_corrections),
		cmocka_unit_test(test_refuses_bad_corrections),
		cmocka_unit_test(test_refuses_bad_definition_section),
		cmocka_unit_test(test_load_dir_copy),
		cmocka_unit_test(test_load_dir_missing_folder),
		cmocka_unit_test(test_refuses_bad_sector_ministries),
		cmocka_unit_test(test_sectors_without_partial_load),
		cmocka_unit_test(test_refuses_missing_file),
		cmocka_unit_test(test_refuses_invalid_json),
		cmocka_unit_test(test_refuses_truncated_json),
		cmocka_unit_test(test_refuses_duplicate_requirement),
		cmocka_unit_test(test_refuses_id_not_section_n),
		cmocka_unit_test(test_refuses_unknown_section),
		cmocka_unit_test(test_refuses_unknown_csf),
		cmocka_unit_test(test_refuses_unknown_function),
		cmocka_unit_test(test_refuses_empty_text),
		cmocka_unit_test(test_refuses_control_characters_in_text),
		cmocka_unit_test(test_refuses_non_utf8),
		cmocka_unit_test(test_refuses_deep_json),
		cmocka_unit_test(test_refuses_file_over_cap),
		cmocka_unit_test(test_accepts_file_at_cap),
		cmocka_unit_test(test_refuses_parent_after_child),
	};
	return cmocka_run_group_tests_name("catalog", tests, setup_embedded,
					   teardown_embedded);
}
