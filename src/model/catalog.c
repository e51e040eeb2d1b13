/*
 * Loading and validating a version of the standard. Every file is parsed
 * with kijun's JSON limits and every field is checked, so a corrupt or
 * hand-edited data folder is refused with a message naming the file, the
 * item and the field, before anything is written anywhere. The lookups in
 * a loaded catalog are in catalog_lookup.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/embed.h"
#include "base/json.h"
#include "model/catalog.h"

const char *const kj_catalog_files[KJ_CATALOG_NFILES] = {
	"standard.json", "functions.json", "sections.json",
	"requirements.json", "definitions.json", "measures.json",
	"ministries.json", "sectors.json", "safety_classes.json",
	"source.txt", "corrections.json",
};
enum { F_STANDARD, F_FUNCTIONS, F_SECTIONS, F_REQS, F_DEFS, F_MEASURES,
       F_MINISTRIES, F_SECTORS, F_CLASSES, F_SOURCE, F_CORRECTIONS };

#define CSF_REFERENCE "reference/csf-2.0.json"

struct priv {
	json_t *docs[KJ_CATALOG_NFILES];
	json_t *csf;
};

/* Context for the messages of one item being validated. */
struct where {
	const char *file;
	int index;		/* -1 for the document itself */
	const char *id;
	struct kj_err *err;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct where *w, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (w->index < 0)
		kj_err_set(w->err, "%s: %s", w->file, what);
	else if (w->id)
		kj_err_set(w->err, "%s: item %d (%s): %s", w->file, w->index + 1,
			   w->id, what);
	else
		kj_err_set(w->err, "%s: item %d: %s", w->file, w->index + 1, what);
	return -1;
}

/* A string member; NULL members are allowed only when OPTIONAL. */
static int get_str(json_t *o, const char *key, int optional, const char **out,
		   struct where *w)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (optional)
			return 0;
		return fail(w, "missing field \"%s\"", key);
	}
	if (!json_is_string(v))
		return fail(w, "field \"%s\" is not a string", key);
	size_t n = json_string_length(v);
	const char *s = json_string_value(v);
	if (n == 0 && !optional)
		return fail(w, "field \"%s\" is empty", key);
	if (n > KJ_CATALOG_TEXT_MAX)
		return fail(w, "field \"%s\" is too long", key);
	if (strlen(s) != n || !kj_utf8_valid_text(s, n))
		return fail(w, "field \"%s\" holds control characters", key);
	*out = n ? s : NULL;
	return 0;
}

static int get_int(json_t *o, const char *key, int min, int max, int *out,
		   struct where *w)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		return fail(w, "field \"%s\" is missing or not an integer", key);
	json_int_t x = json_integer_value(v);
	if (x < min || x > max)
		return fail(w, "field \"%s\" is out of range", key);
	*out = (int)x;
	return 0;
}

/* An array member of at most MAX strings. */
static int get_strs(json_t *o, const char *key, const char **out, int max,
		    int *n, struct where *w)
{
	json_t *a = json_object_get(o, key);
	*n = 0;
	if (!json_is_array(a))
		return fail(w, "field \"%s\" is missing or not an array", key);
	if ((int)json_array_size(a) > max)
		return fail(w, "field \"%s\" has too many entries", key);
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    json_string_length(v) > KJ_CATALOG_TEXT_MAX)
			return fail(w, "field \"%s\" holds a bad entry", key);
		out[(*n)++] = json_string_value(v);
	}
	return 0;
}

/* "3", "3.2", "3.2.1.4": digits separated by single dots. */
static int section_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= KJ_ID_MAX || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[n - 1]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) &&
		    !(s[i] == '.' && isdigit((unsigned char)s[i + 1])))
			return 0;
	return 1;
}

static int slug_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= KJ_ID_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) &&
		    s[i] != '-' && s[i] != '_')
			return 0;
	return 1;
}

static json_t *array_doc(struct priv *p, int f, size_t max, struct kj_err *err)
{
	json_t *a = p->docs[f];
	if (!json_is_array(a)) {
		kj_err_set(err, "%s: expected a JSON array", kj_catalog_files[f]);
		return NULL;
	}
	if (json_array_size(a) == 0 || json_array_size(a) > max) {
		kj_err_set(err, "%s: expected 1 to %zu items, found %zu",
			   kj_catalog_files[f], max, json_array_size(a));
		return NULL;
	}
	return a;
}

#define ALLOC_ITEMS(ptr, n) ((ptr) = calloc((n) ? (n) : 1, sizeof *(ptr)))

static int load_standard(struct kj_catalog *c, struct priv *p, struct kj_err *err)
{
	struct where w = { "standard.json", -1, NULL, err };
	json_t *o = p->docs[F_STANDARD];
	if (!json_is_object(o))
		return fail(&w, "expected a JSON %s", "object");
	if (get_str(o, "version", 0, &c->version, &w) ||
	    get_str(o, "title_ja", 0, &c->title_ja, &w) ||
	    get_str(o, "title_en", 0, &c->title_en, &w) ||
	    get_str(o, "decided_by_ja", 0, &c->decided_by_ja, &w) ||
	    get_str(o, "decided_by_en", 0, &c->decided_by_en, &w) ||
	    get_str(o, "effective", 0, &c->effective, &w))
		return -1;
	if (strlen(c->version) >= KJ_VERSION_MAX)
		return fail(&w, "version label is too long (%zu bytes, limit %d)",
			    strlen(c->version), KJ_VERSION_MAX - 1);
	if (!slug_ok(c->version))
		return fail(&w, "version \"%s\" must be lowercase letters, digits, - or _",
			    c->version);
	if (!kj_date_valid(c->effective))
		return fail(&w, "effective date \"%s\" is not a real date written YYYY-MM-DD",
			    c->effective);
	return 0;
}

static int load_functions(struct kj_catalog *c, struct priv *p, struct kj_err *err)
{
	json_t *a = array_doc(p, F_FUNCTIONS, 16, err), *o;
	if (!a)
		return -1;
	c->nfunctions = (int)json_array_size(a);
	if (!ALLOC_ITEMS(c->functions, c->nfunctions))
		return -1;
	size_t i;
	json_array_foreach(a, i, o) {
		struct kj_function *f = &c->functions[i];
		struct where w = { "functions.json", (int)i, NULL, err };
		if (get_str(o, "code", 0, &f->code, &w) ||
		    get_str(o, "section", 0, &f->section, &w) ||
		    get_str(o, "name_ja", 0, &f->name_ja, &w) ||
		    get_str(o, "name_en", 0, &f->name_en, &w))
			return -1;
		if (!slug_ok(f->code) || !section_id_ok(f->section))
			return fail(&w, "bad code or section");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->functions[j].code, f->code))
				return fail(&w, "duplicate code \"%s\"", f->code);
	}
	return 0;
}

static int function_of_section(const struct kj_catalog *c, const char *sec)
{
	for (int i = 0; i < c->nfunctions; i++) {
		size_t n = strlen(c->functions[i].section);
		if (!strncmp(sec, c->functions[i].section, n) &&
		    (sec[n] == '\0' || sec[n] == '.'))
			return i;
	}
	return -1;
}

static int load_sections(struct kj_catalog *c, struct priv *p, struct kj_err *err)
{
	json_t *a = array_doc(p, F_SECTIONS, KJ_CATALOG_SECTION_MAX, err), *o;
	if (!a)
		return -1;
	c->nsections = (int)json_array_size(a);
	if (!ALLOC_ITEMS(c->sections, c->nsections))
		return -1;
	size_t i;
	json_array_foreach(a, i, o) {
		struct kj_section *s = &c->sections[i];
		struct where w = { "sections.json", (int)i, NULL, err };
		const char *fn;
		if (get_str(o, "id", 0, &s->id, &w))
			return -1;
		w.id = s->id;
		if (get_str(o, "parent", 1, &s->parent, &w) ||
		    get_str(o, "title_ja", 0, &s->title_ja, &w) ||
		    get_str(o, "title_en", 0, &s->title_en, &w) ||
		    get_str(o, "function", 0, &fn, &w))
			return -1;
		if (!section_id_ok(s->id))
			return fail(&w, "id is not a section number");
		if (kj_catalog_section(c, s->id) != &c->sections[i])
			return fail(&w, "duplicate id");
		s->function = kj_catalog_function(c, fn);
		if (s->function < 0)
			return fail(&w, "unknown function \"%s\"", fn);
		if (function_of_section(c, s->id) != s->function)
			return fail(&w, "function \"%s\" does not match the section number", fn);
		s->depth = 1;
		s->parent_index = -1;
		if (s->parent) {
			const struct kj_section *ps = kj_catalog_section(c, s->parent);
			size_t pl = strlen(s->parent);
			if (!ps || ps >= s)
				return fail(&w, "parent \"%s\" is not an earlier section", s->parent);
			if (strncmp(s->id, s->parent, pl) || s->id[pl] != '.' ||
			    strchr(s->id + pl + 1, '.'))
				return fail(&w, "id does not extend parent \"%s\"", s->parent);
			s->parent_index = (int)(ps - c->sections);
			s->depth = ps->depth + 1;
		}
	}
	return 0;
}

static int load_csf(struct kj_catalog *c, struct priv *p, struct kj_err *err)
{
	const struct kj_embedded_file *f = kj_embedded_find(CSF_REFERENCE);
	if (!f) {
		kj_err_set(err, "%s is not built in", CSF_REFERENCE);
		return -1;
	}
	p->csf = kj_json_parse((const char *)f->data, f->len, CSF_REFERENCE, err);
	if (!json_is_array(p->csf)) {
		kj_err_set(err, "%s: expected a JSON array", CSF_REFERENCE);
		return -1;
	}
	c->ncsf = (int)json_array_size(p->csf);
	if (!ALLOC_ITEMS(c->csf, c->ncsf))
		return -1;
	size_t i;
	json_t *o;
	json_array_foreach(p->csf, i, o) {
		struct kj_csf_category *k = &c->csf[i];
		struct where w = { CSF_REFERENCE, (int)i, NULL, err };
		if (get_str(o, "id", 0, &k->id, &w) ||
		    get_str(o, "function", 0, &k->function, &w) ||
		    get_str(o, "function_title", 0, &k->function_title, &w) ||
		    get_str(o, "title", 0, &k->title, &w) ||
		    get_str(o, "statement", 1, &k->statement, &w))
			return -1;
	}
	return 0;
}

static int load_reqs(struct kj_catalog *c, struct priv *p, struct kj_err *err)
{
	json_t *a = array_doc(p, F_REQS, KJ_CATALOG_REQ_MAX, err), *o;
	if (!a)
		return -1;
	c->nreqs = (int)json_array_size(a);
	if (!ALLOC_ITEMS(c->reqs, c->nreqs))
		return -1;
	size_t i;
	json_array_foreach(a, i, o) {
		struct kj_requirement *r = &c->reqs[i];
		struct where w = { "requirements.json", (int)i, NULL, err };
		if (get_str(o, "id", 0, &r->id, &w))
			return -1;
		w.id = r->id;
		if (get_str(o, "section", 0, &r->section, &w) ||
		    get_int(o, "n", 1, 99, &r->n, &w) ||
		    get_str(o, "text_ja", 0, &r->text_ja, &w) ||
		    get_str(o, "text_en", 0, &r->text_en, &w) ||
		    get_strs(o, "csf", r->csf, KJ_CATALOG_CSF_MAX, &r->ncsf, &w))
			return -1;
		char want[KJ_ID_MAX + 8];
		if (strlen(r->id) >= KJ_ID_MAX)
			return fail(&w, "id is longer than %d bytes", KJ_ID_MAX - 1);
		snprintf(want, sizeof want, "%s-%d", r->section, r->n);
		if (strcmp(want, r->id))
			return fail(&w, "id must be \"%s\" (section-number)", want);
		const struct kj_section *s = kj_catalog_section(c, r->section);
		if (!s)
			return fail(&w, "unknown section \"%s\"", r->section);
		r->section_index = (int)(s - c->sections);
		r->function = s->function;
		if (kj_catalog_req(c, r->id) != r)
			return fail(&w, "duplicate id");
		if (i > 0 && !strcmp(c->reqs[i - 1].section, r->section) &&
		    c->reqs[i - 1].n != r->n - 1)
			return fail(&w, "numbers within a section must run 1, 2, 3, ...");
		if ((i == 0 || strcmp(c->reqs[i - 1].section, r->section)) && r->n != 1)
			return fail(&w, "numbers within a section must start at 1");
		for (int k = 0; k < r->ncsf; k++)
			if (!kj_catalog_csf(c, r->csf[k]))
				return fail(&w, "unknown CSF 2.0 category \"%s\"", r->csf[k]);
	}
	return 0;
}

static int load_defs(struct kj_catalog *c, struct priv *p, struct kj_err *err)
{
	json_t *a = array_doc(p, F_DEFS, KJ_CATALOG_DEF_MAX, err), *o;
	if (!a)
		return -1;
	c->ndefs = (int)json_array_size(a);
	if (!ALLOC_ITEMS(c->defs, c->ndefs))
		return -1;
	size_t i;
	json_array_foreach(a, i, o) {
		struct kj_definition *d = &c->defs[i];
		struct where w = { "definitions.json", (int)i, NULL, err };
		if (get_str(o, "id", 0, &d->id, &w))
			return -1;
		w.id = d->id;
		if (get_int(o, "footnote", 0, 999, &d->footnote, &w) ||
		    get_str(o, "section", 0, &d->section, &w) ||
		    get_str(o, "term_ja", 0, &d->term_ja, &w) ||
		    get_str(o, "term_en", 0, &d->term_en, &w) ||
		    get_str(o, "text_ja", 0, &d->text_ja, &w) ||
		    get_str(o, "text_en", 0, &d->text_en, &w) ||
		    get_strs(o, "match", d->match, 8, &d->nmatch, &w))
			return -1;
		if (!slug_ok(d->id))
			return fail(&w, "id must be lowercase letters, digits, - or _");
		if (!section_id_ok(d->section))
			return fail(&w, "section must be digits separated by dots");
		if (d->nmatch == 0)
			return fail(&w, "\"match\" must hold at least one term");
		for (size_t j = 0; j < i; j++) {
			if (!strcmp(c->defs[j].id, d->id))
				return fail(&w, "duplicate id");
			if (d->footnote && c->defs[j].footnote == d->footnote)
				return fail(&w, "footnote %d has a definition already",
					    d->footnote);
		}
	}
	/* Link each requirement to the definitions of the terms it uses. */
	for (int r = 0; r < c->nreqs; r++) {
		struct kj_requirement *q = &c->reqs[r];
		int max = (int)(sizeof q->defs / sizeof q->defs[0]);
		q->ndefs = kj_catalog_link_terms(c, q->text_ja, q->defs, max);
		if (q->ndefs > max) {
			q->ndefs = 0;
			kj_err_set(err, "definitions.json: requirement %s uses too many terms", q->id);
			return -1;
		}
	}
	return 0;
}

/* A member of array file F whose "id" is ID, or NULL. */
static json_t *item_by_id(struct priv *p, int f, const char *id)
{
	size_t i;
	json_t *o;
	json_array_foreach(p->docs[f], i, o) {
		const char *s = json_string_value(json_object_get(o, "id"));
		if (s && !strcmp(s, id))
			return o;
	}
	return NULL;
}

/*
 * corrections.json: each entry names an item's field in definitions.json
 * or requirements.json, what the source says there and what the data uses
 * instead, and why. The field must hold the word used.
 */
static int load_corrections(struct kj_catalog *c, struct priv *p,
			    struct kj_err *err)
{
	if (!p->docs[F_CORRECTIONS])
		return 0;
	json_t *a = array_doc(p, F_CORRECTIONS, KJ_CATALOG_CORRECTION_MAX, err), *o;
	if (!a)
		return -1;
	c->ncorrections = (int)json_array_size(a);
	if (!ALLOC_ITEMS(c->corrections, c->ncorrections))
		return -1;
	size_t i;
	json_array_foreach(a, i, o) {
		struct kj_correction *k = &c->corrections[i];
		struct where w = { "corrections.json", (int)i, NULL, err };
		if (get_str(o, "file", 0, &k->file, &w) ||
		    get_str(o, "item", 0, &k->item, &w) ||
		    get_str(o, "field", 0, &k->field, &w) ||
		    get_str(o, "source", 0, &k->source, &w) ||
		    get_str(o, "used", 0, &k->used, &w) ||
		    get_str(o, "reason_ja", 0, &k->reason_ja, &w) ||
		    get_str(o, "reason_en", 0, &k->reason_en, &w))
			return -1;
		w.id = k->item;
		int f = !strcmp(k->file, "definitions.json") ? F_DEFS :
			!strcmp(k->file, "requirements.json") ? F_REQS : -1;
		if (f < 0)
			return fail(&w, "only definitions.json and requirements.json can be corrected");
		if (strcmp(k->field, "text_ja"))
			return fail(&w, "only the field \"text_ja\" can be corrected");
		if (!strcmp(k->source, k->used))
			return fail(&w, "\"source\" and \"used\" are the same");
		json_t *item = item_by_id(p, f, k->item);
		if (!item)
			return fail(&w, "no item \"%s\" in %s", k->item, k->file);
		const char *v = json_string_value(json_object_get(item, k->field));
		if (!v || !strstr(v, k->used))
			return fail(&w, "%s of %s does not hold the corrected text",
				    k->field, k->item);
		if (kj_catalog_correction(c, k->file, k->item, k->field) != k)
			return fail(&w, "a second correction of the same field");
	}
	return 0;
}

static int load_measures(struct kj_catalog *c, struct priv *p, struct kj_err *err)
{
	json_t *a = array_doc(p, F_MEASURES, 16, err), *o;
	if (!a)
		return -1;
	c->nmeasures = (int)json_array_size(a);
	if (!ALLOC_ITEMS(c->measures, c->nmeasures))
		return -1;
	size_t i;
	json_array_foreach(a, i, o) {
		struct kj_measure_category *m = &c->measures[i];
		struct where w = { "measures.json", (int)i, NULL, err };
		if (get_int(o, "n", 1, 99, &m->n, &w) ||
		    get_str(o, "title_ja", 0, &m->title_ja, &w) ||
		    get_str(o, "title_en", 0, &m->title_en, &w) ||
		    get_str(o, "text_ja", 0, &m->text_ja, &w) ||
		    get_str(o, "text_en", 0, &m->text_en, &w))
			return -1;
		if (m->n != (int)i + 1)
			return fail(&w, "categories must be numbered 1, 2, 3, ...");
		json_t *ms = json_object_get(o, "measures"), *x;
		if (!json_is_array(ms) || json_array_size(ms) == 0 ||
		    json_array_size(ms) > 16)
			return fail(&w, "\"measures\" must hold 1 to 16 items");
		size_t j;
		json_array_foreach(ms, j, x) {
			struct where wx = { "measures.json", (int)i, m->title_ja, err };
			if (get_str(x, "text_ja", 0, &m->measures_ja[j], &wx) ||
			    get_str(x, "text_en", 0, &m->measures_en[j], &wx))
				return -1;
		}
		m->nmeasures = (int)json_array_size(ms);
	}
	return 0;
}

static int load_registry(struct kj_catalog *c, struct priv *p, struct kj_err *err)
{
	json_t *a = array_doc(p, F_MINISTRIES, 64, err), *o;
	size_t i;
	if (!a)
		return -1;
	c->nministries = (int)json_array_size(a);
	if (!ALLOC_ITEMS(c->ministries, c->nministries))
		return -1;
	json_array_foreach(a, i, o) {
		struct kj_ministry *m = &c->ministries[i];
		struct where w = { "ministries.json", (int)i, NULL, err };
		if (get_str(o, "code", 0, &m->code, &w) ||
		    get_str(o, "name_ja", 0, &m->name_ja, &w) ||
		    get_str(o, "name_en", 0, &m->name_en, &w))
			return -1;
		if (!slug_ok(m->code))
			return fail(&w, "bad code \"%s\"", m->code);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->ministries[j].code, m->code))
				return fail(&w, "duplicate code \"%s\"", m->code);
	}
	if (!(a = array_doc(p, F_SECTORS, 64, err)))
		return -1;
	c->nsectors = (int)json_array_size(a);
	if (!ALLOC_ITEMS(c->sectors, c->nsectors))
		return -1;
	json_array_foreach(a, i, o) {
		struct kj_sector *s = &c->sectors[i];
		struct where w = { "sectors.json", (int)i, NULL, err };
		const char *ms[KJ_SECTOR_MINISTRIES_MAX], *part[KJ_SECTOR_MINISTRIES_MAX];
		int npart;
		if (get_str(o, "code", 0, &s->code, &w))
			return -1;
		w.id = s->code;
		if (get_str(o, "name_ja", 0, &s->name_ja, &w) ||
		    get_str(o, "name_en", 0, &s->name_en, &w) ||
		    get_str(o, "note_ja", 1, &s->note_ja, &w) ||
		    get_str(o, "note_en", 1, &s->note_en, &w) ||
		    get_strs(o, "ministries", ms, KJ_SECTOR_MINISTRIES_MAX, &s->nministries, &w))
			return -1;
		/* Absent in versions stored before it was added: every ministry whole. */
		npart = 0;
		if (json_object_get(o, "ministries_partial") &&
		    get_strs(o, "ministries_partial", part, KJ_SECTOR_MINISTRIES_MAX, &npart, &w))
			return -1;
		if (!slug_ok(s->code))
			return fail(&w, "bad code");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->sectors[j].code, s->code))
				return fail(&w, "duplicate code");
		if (s->nministries == 0)
			return fail(&w, "no ministry");
		for (int k = 0; k < s->nministries; k++) {
			s->ministries[k] = -1;
			for (int j = 0; j < c->nministries; j++)
				if (!strcmp(c->ministries[j].code, ms[k]))
					s->ministries[k] = j;
			if (s->ministries[k] < 0)
				return fail(&w, "unknown ministry \"%s\"", ms[k]);
			for (int j = 0; j < k; j++)
				if (s->ministries[j] == s->ministries[k])
					return fail(&w, "ministry \"%s\" listed twice", ms[k]);
		}
		for (int j = 0; j < npart; j++) {
			int k = 0;
			while (k < s->nministries && strcmp(ms[k], part[j]))
				k++;
			if (k == s->nministries)
				return fail(&w, "partial ministry \"%s\" is not one of the "
					    "sector's ministries", part[j]);
			s->partial[k] = 1;
		}
	}
	if (!(a = array_doc(p, F_CLASSES, 16, err)))
		return -1;
	c->nclasses = (int)json_array_size(a);
	if (!ALLOC_ITEMS(c->classes, c->nclasses))
		return -1;
	json_array_foreach(a, i, o) {
		struct kj_safety_class *k = &c->classes[i];
		struct where w = { "safety_classes.json", (int)i, NULL, err };
		if (get_int(o, "n", 1, 16, &k->n, &w) ||
		    get_str(o, "name_ja", 0, &k->name_ja, &w) ||
		    get_str(o, "name_en", 0, &k->name_en, &w) ||
		    get_str(o, "text_ja", 0, &k->text_ja, &w) ||
		    get_str(o, "text_en", 0, &k->text_en, &w) ||
		    get_str(o, "binding", 0, &k->binding, &w))
			return -1;
		if (k->n != (int)i + 1)
			return fail(&w, "classes must be numbered 1, 2, 3, ...");
	}
	return 0;
}

int kj_catalog_load(struct kj_catalog *cat, kj_catalog_reader rd, void *ctx,
		    struct kj_err *err)
{
	memset(cat, 0, sizeof *cat);
	struct priv *p = calloc(1, sizeof *p);
	if (!p) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	cat->priv = p;
	for (int f = 0; f < KJ_CATALOG_NFILES; f++) {
		const char *name = kj_catalog_files[f];
		int rc = rd(ctx, name, &cat->raw[f], &cat->raw_len[f], err);
		if (rc < 0)
			goto fail;
		if (rc > 0) {
			if (f == F_CORRECTIONS)
				continue;	/* optional */
			goto fail;	/* the reader said which file is missing */
		}
		if (!kj_utf8_valid_text(cat->raw[f], cat->raw_len[f])) {
			kj_err_set(err, "%s: not UTF-8 text", name);
			goto fail;
		}
		if (f == F_SOURCE)
			continue;
		p->docs[f] = kj_json_parse(cat->raw[f], cat->raw_len[f], name, err);
		if (!p->docs[f])
			goto fail;
	}
	cat->source = cat->raw[F_SOURCE];
	cat->source_len = cat->raw_len[F_SOURCE];
	if (load_standard(cat, p, err) || load_functions(cat, p, err) ||
	    load_sections(cat, p, err) || load_csf(cat, p, err) ||
	    load_reqs(cat, p, err) || load_defs(cat, p, err) ||
	    load_corrections(cat, p, err) ||
	    load_measures(cat, p, err) || load_registry(cat, p, err))
		goto fail;
	return 0;
fail:
	kj_catalog_free(cat);
	return -1;
}

static int read_embedded(void *ctx, const char *name, char **data, size_t *len,
			 struct kj_err *err)
{
	char path[KJ_PATH_MAX];
	snprintf(path, sizeof path, "standard/%s/%s", (const char *)ctx, name);
	const struct kj_embedded_file *f = kj_embedded_find(path);
	if (!f) {
		kj_err_set(err, "%s is not built in", path);
		return 1;
	}
	*data = malloc(f->len + 1);
	if (!*data) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	memcpy(*data, f->data, f->len + 1);
	*len = f->len;
	return 0;
}

int kj_catalog_load_embedded(struct kj_catalog *cat, struct kj_err *err)
{
	return kj_catalog_load(cat, read_embedded,
			       (void *)KJ_CATALOG_DEFAULT_VERSION, err);
}

static int read_dir(void *ctx, const char *name, char **data, size_t *len,
		    struct kj_err *err)
{
	char path[KJ_PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/%s", (const char *)ctx, name);
	if (n < 0 || (size_t)n >= sizeof path) {
		kj_err_set(err, "path too long: %s", (const char *)ctx);
		return -1;
	}
	struct stat st;
	if (lstat(path, &st) < 0 && errno == ENOENT) {
		kj_err_set(err, "cannot open %s: %s", path, strerror(ENOENT));
		return 1;
	}
	return kj_read_file(path, KJ_DATA_FILE_MAX, data, len, err);
}

int kj_catalog_load_dir(struct kj_catalog *cat, const char *dir,
			struct kj_err *err)
{
	return kj_catalog_load(cat, read_dir, (void *)dir, err);
}

void kj_catalog_free(struct kj_catalog *cat)
{
	if (cat->view) {
		memset(cat, 0, sizeof *cat);
		return;
	}
	struct priv *p = cat->priv;
	if (p) {
		for (int f = 0; f < KJ_CATALOG_NFILES; f++)
			json_decref(p->docs[f]);
		json_decref(p->csf);
		free(p);
	}
	for (int f = 0; f < KJ_CATALOG_NFILES; f++)
		free(cat->raw[f]);
	free(cat->functions);
	free(cat->sections);
	free(cat->reqs);
	free(cat->defs);
	free(cat->measures);
	free(cat->ministries);
	free(cat->sectors);
	free(cat->classes);
	free(cat->corrections);
	free(cat->csf);
	memset(cat, 0, sizeof *cat);
}
