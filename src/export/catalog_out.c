/*
 * Catalog exports. The OSCAL mapping: each section is a group (id
 * "sec-3.2.1", the number as its label), each requirement a control (id
 * "req-3.2.1-1") whose statement part holds the Japanese text and whose
 * "translation" part holds the English; CSF 2.0 categories and the function
 * are props, and each definition is a back-matter resource that the
 * controls using the term link to. UUIDs are derived from the version's
 * content so the same version always exports the same document.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "export/catalog_out.h"
#include "export/csv.h"

#define OSCAL_VERSION "1.2.1"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *kj_catalog_req_json(const struct kj_catalog *cat,
			    const struct kj_requirement *r)
{
	const struct kj_function *fn = &cat->functions[r->function];
	json_t *path = json_array(), *csf = json_array(), *defs = json_array();
	/* Section path from the top, with titles. */
	const struct kj_section *chain[16];
	int depth = 0;
	for (int s = r->section_index; s >= 0 && depth < 16;
	     s = cat->sections[s].parent_index)
		chain[depth++] = &cat->sections[s];
	while (depth--)
		json_array_append_new(path, json_pack("{s:s, s:s, s:s}",
			"id", chain[depth]->id, "title_ja", chain[depth]->title_ja,
			"title_en", chain[depth]->title_en));
	for (int k = 0; k < r->ncsf; k++) {
		const struct kj_csf_category *c = kj_catalog_csf(cat, r->csf[k]);
		json_array_append_new(csf, json_pack("{s:s, s:s}", "id", r->csf[k],
						     "title", c ? c->title : ""));
	}
	for (int k = 0; k < r->ndefs; k++) {
		const struct kj_definition *d = &cat->defs[r->defs[k]];
		json_array_append_new(defs, json_pack("{s:s, s:s, s:s}", "id", d->id,
			"term_ja", d->term_ja, "term_en", d->term_en));
	}
	return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o}",
		"id", r->id, "section", r->section, "n", r->n,
		"function", fn->code, "function_ja", fn->name_ja, "function_en", fn->name_en,
		"section_path", path, "text_ja", r->text_ja, "text_en", r->text_en,
		"csf", csf, "definitions", defs);
}

json_t *kj_catalog_json(const struct kj_catalog *cat)
{
	json_t *fns = json_array(), *secs = json_array(), *reqs = json_array(),
	       *defs = json_array(), *meas = json_array(), *mins = json_array(),
	       *sects = json_array(), *cls = json_array(), *corr = json_array();
	for (int i = 0; i < cat->nfunctions; i++) {
		const struct kj_function *f = &cat->functions[i];
		json_array_append_new(fns, json_pack("{s:s, s:s, s:s, s:s}", "code",
			f->code, "section", f->section, "name_ja", f->name_ja,
			"name_en", f->name_en));
	}
	for (int i = 0; i < cat->nsections; i++) {
		const struct kj_section *s = &cat->sections[i];
		json_array_append_new(secs, json_pack("{s:s, s:o, s:s, s:s, s:s}",
			"id", s->id, "parent", str_or_null(s->parent),
			"title_ja", s->title_ja, "title_en", s->title_en,
			"function", cat->functions[s->function].code));
	}
	for (int i = 0; i < cat->nreqs; i++)
		json_array_append_new(reqs, kj_catalog_req_json(cat, &cat->reqs[i]));
	for (int i = 0; i < cat->ndefs; i++) {
		const struct kj_definition *d = &cat->defs[i];
		json_t *used = json_array();
		for (int r = 0; r < cat->nreqs; r++)
			for (int k = 0; k < cat->reqs[r].ndefs; k++)
				if (cat->reqs[r].defs[k] == i)
					json_array_append_new(used, json_string(cat->reqs[r].id));
		json_array_append_new(defs, json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:o}",
			"id", d->id, "footnote", d->footnote, "section", d->section,
			"term_ja", d->term_ja,
			"term_en", d->term_en, "text_ja", d->text_ja, "text_en", d->text_en,
			"requirements", used));
	}
	for (int i = 0; i < cat->nmeasures; i++) {
		const struct kj_measure_category *m = &cat->measures[i];
		json_t *list = json_array();
		for (int k = 0; k < m->nmeasures; k++)
			json_array_append_new(list, json_pack("{s:s, s:s}", "text_ja",
				m->measures_ja[k], "text_en", m->measures_en[k]));
		json_array_append_new(meas, json_pack("{s:i, s:s, s:s, s:s, s:s, s:o}",
			"n", m->n, "title_ja", m->title_ja, "title_en", m->title_en,
			"text_ja", m->text_ja, "text_en", m->text_en, "measures", list));
	}
	for (int i = 0; i < cat->nministries; i++) {
		const struct kj_ministry *m = &cat->ministries[i];
		json_array_append_new(mins, json_pack("{s:s, s:s, s:s}", "code", m->code,
			"name_ja", m->name_ja, "name_en", m->name_en));
	}
	for (int i = 0; i < cat->nsectors; i++) {
		const struct kj_sector *s = &cat->sectors[i];
		json_t *ms = json_array(), *part = json_array();
		for (int k = 0; k < s->nministries; k++) {
			const char *code = cat->ministries[s->ministries[k]].code;
			json_array_append_new(ms, json_string(code));
			if (s->partial[k])
				json_array_append_new(part, json_string(code));
		}
		json_array_append_new(sects, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
			"code", s->code, "name_ja", s->name_ja, "name_en", s->name_en,
			"ministries", ms, "ministries_partial", part,
			"note_ja", str_or_null(s->note_ja),
			"note_en", str_or_null(s->note_en)));
	}
	for (int i = 0; i < cat->nclasses; i++) {
		const struct kj_safety_class *k = &cat->classes[i];
		json_array_append_new(cls, json_pack("{s:i, s:s, s:s, s:s, s:s, s:s}",
			"n", k->n, "name_ja", k->name_ja, "name_en", k->name_en,
			"text_ja", k->text_ja, "text_en", k->text_en, "binding", k->binding));
	}
	for (int i = 0; i < cat->ncorrections; i++) {
		const struct kj_correction *k = &cat->corrections[i];
		json_array_append_new(corr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			"file", k->file, "item", k->item, "field", k->field,
			"source", k->source, "used", k->used,
			"reason_ja", k->reason_ja, "reason_en", k->reason_en));
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"version", cat->version, "title_ja", cat->title_ja,
		"title_en", cat->title_en, "decided_by_ja", cat->decided_by_ja,
		"decided_by_en", cat->decided_by_en, "effective", cat->effective,
		"functions", fns, "sections", secs, "requirements", reqs,
		"definitions", defs, "measures", meas, "ministries", mins,
		"sectors", sects, "safety_classes", cls, "corrections", corr);
}

/* A version-5-shaped UUID from the version's text and NAME. */
static json_t *uuid_for(const struct kj_catalog *cat, const char *name)
{
	unsigned char h[16];
	crypto_generichash_state gs;
	crypto_generichash_init(&gs, NULL, 0, sizeof h);
	crypto_generichash_update(&gs, (const unsigned char *)cat->version,
				  strlen(cat->version) + 1);
	crypto_generichash_update(&gs, (const unsigned char *)cat->source,
				  cat->source_len);
	crypto_generichash_update(&gs, (const unsigned char *)name, strlen(name));
	crypto_generichash_final(&gs, h, sizeof h);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x50);
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
	char s[37];
	snprintf(s, sizeof s,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10],
		 h[11], h[12], h[13], h[14], h[15]);
	return json_string(s);
}

/* Definitions get their own namespace, so no id can collide with "catalog". */
static json_t *def_uuid(const struct kj_catalog *cat, const struct kj_definition *d)
{
	char name[KJ_ID_MAX + 16];
	snprintf(name, sizeof name, "definition:%s", d->id);
	return uuid_for(cat, name);
}

static json_t *prop(const char *name, const char *value)
{
	return json_pack("{s:s, s:s}", "name", name, "value", value);
}

static json_t *oscal_control(const struct kj_catalog *cat,
			     const struct kj_requirement *r)
{
	char id[KJ_ID_MAX + 8], part[KJ_ID_MAX + 16];
	struct kj_buf title;
	snprintf(id, sizeof id, "req-%s", r->id);
	const struct kj_section *s = &cat->sections[r->section_index];
	kj_buf_init(&title, 2 * KJ_CATALOG_TEXT_MAX);
	kj_buf_printf(&title, "%s %s", s->title_ja, r->id);
	json_t *props = json_array(), *parts = json_array(), *links = json_array();
	json_array_append_new(props, prop("label", r->id));
	json_array_append_new(props, prop("function", cat->functions[r->function].code));
	for (int k = 0; k < r->ncsf; k++)
		json_array_append_new(props, prop("csf-2.0-category", r->csf[k]));
	snprintf(part, sizeof part, "%s_smt", id);
	json_array_append_new(parts, json_pack("{s:s, s:s, s:s}", "id", part,
		"name", "statement", "prose", r->text_ja));
	snprintf(part, sizeof part, "%s_en", id);
	json_array_append_new(parts, json_pack("{s:s, s:s, s:s, s:[o], s:s}", "id", part,
		"name", "translation", "title", "English translation",
		"props", prop("lang", "en"), "prose", r->text_en));
	for (int k = 0; k < r->ndefs; k++) {
		char href[64];
		json_t *u = def_uuid(cat, &cat->defs[r->defs[k]]);
		snprintf(href, sizeof href, "#%s", json_string_value(u));
		json_decref(u);
		json_array_append_new(links, json_pack("{s:s, s:s, s:s}", "href", href,
			"rel", "reference", "text", cat->defs[r->defs[k]].term_ja));
	}
	json_t *c = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", id, "class",
		"requirement", "title", kj_buf_str(&title), "props", props, "parts", parts);
	kj_buf_free(&title);
	if (!c) {
		json_decref(links);
		return NULL;
	}
	if (json_array_size(links))
		json_object_set_new(c, "links", links);
	else
		json_decref(links);
	return c;
}

static json_t *oscal_group(const struct kj_catalog *cat, int si, int *bad)
{
	const struct kj_section *s = &cat->sections[si];
	char id[KJ_ID_MAX + 8];
	snprintf(id, sizeof id, "sec-%s", s->id);
	json_t *g = json_pack("{s:s, s:s, s:s, s:[o, o]}", "id", id,
		"class", s->depth == 1 ? "function" : "section", "title", s->title_ja,
		"props", prop("label", s->id), prop("title-en", s->title_en));
	json_t *groups = json_array(), *controls = json_array();
	for (int i = 0; i < cat->nsections; i++)
		if (cat->sections[i].parent_index == si)
			*bad |= json_array_append_new(groups, oscal_group(cat, i, bad)) < 0;
	for (int i = 0; i < cat->nreqs; i++)
		if (cat->reqs[i].section_index == si)
			*bad |= json_array_append_new(controls,
						      oscal_control(cat, &cat->reqs[i])) < 0;
	if (json_array_size(groups))
		json_object_set_new(g, "groups", groups);
	else
		json_decref(groups);
	if (json_array_size(controls))
		json_object_set_new(g, "controls", controls);
	else
		json_decref(controls);
	return g;
}

json_t *kj_catalog_oscal(const struct kj_catalog *cat)
{
	char modified[40];
	/* The effective date stands for the last modification of the text. */
	snprintf(modified, sizeof modified, "%sT00:00:00+09:00", cat->effective);
	json_t *groups = json_array(), *resources = json_array();
	int bad = 0;	/* a part that could not be built fails the whole export */
	for (int i = 0; i < cat->nsections; i++)
		if (cat->sections[i].parent_index < 0)
			bad |= json_array_append_new(groups, oscal_group(cat, i, &bad)) < 0;
	for (int i = 0; i < cat->ndefs; i++) {
		const struct kj_definition *d = &cat->defs[i];
		char fn[16];
		snprintf(fn, sizeof fn, "%d", d->footnote);
		/* Prop values are single-line tokens in OSCAL: the English
		 * definition, which may span lines, goes in the remarks. A term
		 * the running text defines has no footnote prop, only its
		 * section. */
		json_t *props = json_pack("[o, o]", prop("section", d->section),
					  prop("term-en", d->term_en));
		if (props && d->footnote)
			json_array_insert_new(props, 0, prop("footnote", fn));
		json_array_append_new(resources, json_pack(
			"{s:o, s:s, s:s, s:o, s:s}", "uuid", def_uuid(cat, d),
			"title", d->term_ja, "description", d->text_ja, "props",
			props, "remarks", d->text_en));
	}
	json_t *meta = json_pack("{s:s, s:s, s:s, s:s, s:[o, o]}",
		"title", cat->title_ja, "last-modified", modified,
		"version", cat->version, "oscal-version", OSCAL_VERSION,
		"props", prop("title-en", cat->title_en),
		prop("effective", cat->effective));
	if (bad) {
		json_decref(groups);
		json_decref(resources);
		json_decref(meta);
		return NULL;
	}
	return json_pack("{s:{s:o, s:o, s:o, s:{s:o}}}", "catalog",
		"uuid", uuid_for(cat, "catalog"), "metadata", meta, "groups", groups,
		"back-matter", "resources", resources);
}

static int dump(json_t *j, FILE *f)
{
	if (!j)
		return -1;
	int rc = json_dumpf(j, f, JSON_INDENT(2));
	json_decref(j);
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	return rc;
}

int kj_catalog_write_json(const struct kj_catalog *cat, FILE *f)
{
	return dump(kj_catalog_json(cat), f);
}

int kj_catalog_write_oscal(const struct kj_catalog *cat, FILE *f)
{
	return dump(kj_catalog_oscal(cat), f);
}

int kj_catalog_write_csv(const struct kj_catalog *cat, FILE *f)
{
	static const char *head[] = {
		"id", "section", "section_title_ja", "section_title_en", "function",
		"function_ja", "text_ja", "text_en", "csf", "definitions",
	};
	int rc = kj_csv_begin(f);
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		rc |= kj_csv_field(f, head[i], i + 1 == sizeof head / sizeof head[0]);
	for (int i = 0; i < cat->nreqs; i++) {
		const struct kj_requirement *r = &cat->reqs[i];
		const struct kj_section *s = &cat->sections[r->section_index];
		const struct kj_function *fn = &cat->functions[r->function];
		struct kj_buf csf, defs;
		kj_buf_init(&csf, KJ_CATALOG_TEXT_MAX);
		kj_buf_init(&defs, KJ_CATALOG_TEXT_MAX);
		for (int k = 0; k < r->ncsf; k++)
			rc |= kj_buf_printf(&csf, "%s%s", k ? " " : "", r->csf[k]);
		for (int k = 0; k < r->ndefs; k++)
			rc |= kj_buf_printf(&defs, "%s%s", k ? " " : "",
					    cat->defs[r->defs[k]].id);
		rc |= kj_csv_field(f, r->id, 0);
		rc |= kj_csv_field(f, r->section, 0);
		rc |= kj_csv_field(f, s->title_ja, 0);
		rc |= kj_csv_field(f, s->title_en, 0);
		rc |= kj_csv_field(f, fn->code, 0);
		rc |= kj_csv_field(f, fn->name_ja, 0);
		rc |= kj_csv_field(f, r->text_ja, 0);
		rc |= kj_csv_field(f, r->text_en, 0);
		rc |= kj_csv_field(f, kj_buf_str(&csf), 0);
		rc |= kj_csv_field(f, kj_buf_str(&defs), 1);
		kj_buf_free(&csf);
		kj_buf_free(&defs);
	}
	return rc ? -1 : 0;
}
