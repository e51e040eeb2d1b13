/*
 * kj_catalog_load on a data folder of a standard revision in which one
 * file is the fuzzer's and the others are the built-in version's. The
 * input names the file on its first line ("sections.json\n[...]"); an
 * input that does not start with a known name picks the file by its
 * first byte and gives the rest as the content. A line "=== NAME" starts
 * another file of the input, for what only two files together can say
 * (a section and a requirement in it). A catalog that loads must hold
 * together: every index in range, every reference resolved, every id
 * within the limits the rest of kijun keeps ids in.
 */
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "fuzz_common.h"
#include "export/catalog_out.h"

/* The files the input gives; the others are the built-in ones. */
struct src {
	const uint8_t *data[KJ_CATALOG_NFILES];
	size_t len[KJ_CATALOG_NFILES];
	int given[KJ_CATALOG_NFILES];
};

#define SEP "\n=== "

/* The first SEP in [P, END), or NULL. */
static const uint8_t *find_sep(const uint8_t *p, const uint8_t *end)
{
	size_t n = strlen(SEP);
	for (; (size_t)(end - p) >= n; p++)
		if (!memcmp(p, SEP, n))
			return p;
	return NULL;
}

/* The file named at P (N bytes left) and ended by a line end, or -1. */
static int file_named(const uint8_t *p, size_t n)
{
	for (int f = 0; f < KJ_CATALOG_NFILES; f++) {
		size_t l = strlen(kj_catalog_files[f]);
		if (n > l && !memcmp(p, kj_catalog_files[f], l) && p[l] == '\n')
			return f;
	}
	return -1;
}

/* Splits the input into its files; 0, or -1 for an empty input. */
static int split(const uint8_t *data, size_t size, struct src *s)
{
	memset(s, 0, sizeof *s);
	int f = file_named(data, size);
	const uint8_t *p = data;
	if (f >= 0) {
		p += strlen(kj_catalog_files[f]) + 1;
	} else {
		if (size == 0)
			return -1;
		f = data[0] % KJ_CATALOG_NFILES;
		p++;
	}
	const uint8_t *end = data + size;
	for (;;) {
		/* This file runs to the next "=== NAME" line naming a file. */
		const uint8_t *q = p, *next = NULL;
		int g = -1;
		while (q < end && (q = find_sep(q, end))) {
			const uint8_t *name = q + strlen(SEP);
			if ((g = file_named(name, (size_t)(end - name))) >= 0) {
				next = name + strlen(kj_catalog_files[g]) + 1;
				break;
			}
			q++;
		}
		s->data[f] = p;
		s->len[f] = (size_t)((next ? q : end) - p);
		s->given[f] = 1;
		if (!next)
			return 0;
		f = g;
		p = next;
	}
}

static int reader(void *ctx, const char *name, char **data, size_t *len, struct kj_err *err)
{
	const struct src *s = ctx;
	const void *from;
	size_t n;
	int k = 0;
	while (k < KJ_CATALOG_NFILES && strcmp(name, kj_catalog_files[k]))
		k++;
	if (k < KJ_CATALOG_NFILES && s->given[k]) {
		from = s->data[k];
		n = s->len[k];
	} else {
		char path[256];
		snprintf(path, sizeof path, "standard/%s/%s", KJ_CATALOG_DEFAULT_VERSION, name);
		const struct kj_embedded_file *f = kj_embedded_find(path);
		if (!f) {
			kj_err_set(err, "%s is not built in", path);
			return -1;
		}
		from = f->data;
		n = f->len;
	}
	/* As the other readers do: a NUL-terminated copy the catalog owns. */
	*data = malloc(n + 1);
	if (!*data) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (n)
		memcpy(*data, from, n);
	(*data)[n] = '\0';
	*len = n;
	return 0;
}

static void check_catalog(const struct kj_catalog *c)
{
	FUZZ_CHECK(c->version && c->title_ja && c->title_en && c->effective, "standard fields");
	FUZZ_CHECK(c->nfunctions >= 1 && c->nsections >= 1 && c->nreqs >= 1 && c->ndefs >= 1 &&
		   c->nmeasures >= 1 && c->nministries >= 1 && c->nsectors >= 1 &&
		   c->nclasses >= 1, "an empty list");
	for (int i = 0; i < c->nsections; i++) {
		const struct kj_section *s = &c->sections[i];
		FUZZ_CHECK(s->id && s->title_ja && s->title_en, "section %d fields", i);
		FUZZ_CHECK(strlen(s->id) < KJ_ID_MAX, "section id %s: %zu bytes, limit %d",
			   s->id, strlen(s->id), KJ_ID_MAX - 1);
		FUZZ_CHECK(s->function >= 0 && s->function < c->nfunctions,
			   "section %s: function %d", s->id, s->function);
		FUZZ_CHECK(s->parent_index >= -1 && s->parent_index < i,
			   "section %s: parent %d", s->id, s->parent_index);
		FUZZ_CHECK((s->parent_index < 0) == (s->parent == NULL),
			   "section %s: parent and its index disagree", s->id);
		FUZZ_CHECK(s->depth == (s->parent_index < 0 ? 1 :
					c->sections[s->parent_index].depth + 1),
			   "section %s: depth %d", s->id, s->depth);
		FUZZ_CHECK(kj_catalog_section(c, s->id) == s, "section %s: lookup", s->id);
	}
	for (int i = 0; i < c->nreqs; i++) {
		const struct kj_requirement *r = &c->reqs[i];
		FUZZ_CHECK(r->id && r->section && r->text_ja && r->text_en, "requirement %d fields", i);
		FUZZ_CHECK(strlen(r->id) < KJ_ID_MAX, "requirement id %s: %zu bytes, limit %d",
			   r->id, strlen(r->id), KJ_ID_MAX - 1);
		FUZZ_CHECK(r->section_index >= 0 && r->section_index < c->nsections,
			   "requirement %s: section %d", r->id, r->section_index);
		FUZZ_CHECK(!strcmp(c->sections[r->section_index].id, r->section),
			   "requirement %s: section index", r->id);
		FUZZ_CHECK(r->function >= 0 && r->function < c->nfunctions,
			   "requirement %s: function %d", r->id, r->function);
		FUZZ_CHECK(r->ncsf >= 0 && r->ncsf <= KJ_CATALOG_CSF_MAX, "requirement %s: %d CSF",
			   r->id, r->ncsf);
		for (int k = 0; k < r->ncsf; k++)
			FUZZ_CHECK(kj_catalog_csf(c, r->csf[k]), "requirement %s: CSF %s", r->id,
				   r->csf[k]);
		FUZZ_CHECK(r->ndefs >= 0 && r->ndefs <= (int)(sizeof r->defs / sizeof r->defs[0]),
			   "requirement %s: %d definitions", r->id, r->ndefs);
		for (int k = 0; k < r->ndefs; k++)
			FUZZ_CHECK(r->defs[k] >= 0 && r->defs[k] < c->ndefs,
				   "requirement %s: definition %d", r->id, r->defs[k]);
		FUZZ_CHECK(kj_catalog_req(c, r->id) == r, "requirement %s: lookup", r->id);
	}
	for (int i = 0; i < c->ndefs; i++) {
		FUZZ_CHECK(c->defs[i].nmatch >= 0 && c->defs[i].nmatch <= 8, "definition %d", i);
		for (int k = 0; k < c->defs[i].nmatch; k++)
			FUZZ_CHECK(c->defs[i].match[k] && c->defs[i].match[k][0],
				   "definition %d: empty match", i);
	}
	for (int i = 0; i < c->nmeasures; i++)
		FUZZ_CHECK(c->measures[i].nmeasures >= 1 && c->measures[i].nmeasures <= 16,
			   "measure category %d: %d measures", i, c->measures[i].nmeasures);
	for (int i = 0; i < c->nsectors; i++) {
		const struct kj_sector *s = &c->sectors[i];
		FUZZ_CHECK(s->code && s->name_ja && s->name_en, "sector %d fields", i);
		FUZZ_CHECK(s->nministries >= 1 && s->nministries <= KJ_SECTOR_MINISTRIES_MAX,
			   "sector %s: %d ministries", s->code, s->nministries);
		for (int k = 0; k < s->nministries; k++) {
			FUZZ_CHECK(s->ministries[k] >= 0 && s->ministries[k] < c->nministries,
				   "sector %s: ministry %d", s->code, s->ministries[k]);
			FUZZ_CHECK(s->partial[k] <= 1, "sector %s: partial %d", s->code,
				   s->partial[k]);
		}
	}
	for (int i = 0; i < c->nclasses; i++)
		FUZZ_CHECK(c->classes[i].n == i + 1, "class %d numbered %d", i, c->classes[i].n);
	for (int i = 0; i < KJ_CATALOG_NFILES; i++)
		FUZZ_CHECK(c->raw[i] && c->raw[i][c->raw_len[i]] == '\0', "raw file %d", i);
}

/* A catalog that loads can be written in every format kijun offers. */
static void export(const struct kj_catalog *c)
{
	json_t *j = kj_catalog_json(c);
	FUZZ_CHECK(j != NULL, "kj_catalog_json failed");
	json_decref(j);
	j = kj_catalog_oscal(c);
	FUZZ_CHECK(j != NULL, "kj_catalog_oscal failed");
	json_decref(j);
	for (int i = 0; i < c->nreqs; i++) {
		j = kj_catalog_req_json(c, &c->reqs[i]);
		FUZZ_CHECK(j != NULL, "kj_catalog_req_json(%s) failed", c->reqs[i].id);
		json_decref(j);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	FUZZ_CHECK(f != NULL, "open_memstream");
	int rc = kj_catalog_write_csv(c, f);
	fclose(f);
	FUZZ_CHECK(rc == 0, "kj_catalog_write_csv failed");
	FUZZ_CHECK(kj_utf8_valid_text(buf, len), "the CSV export is not UTF-8 text");
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct src s;
	if (split(data, size, &s) < 0)
		return 0;
	struct kj_catalog cat;
	struct kj_err err;
	err.msg[0] = '\0';
	int rc = kj_catalog_load(&cat, reader, &s, &err);
	if (getenv("KJ_FUZZ_VERBOSE"))
		fprintf(stderr, "%s\n", rc < 0 ? err.msg : "loaded");
	if (rc < 0) {
		FUZZ_CHECK(err.msg[0], "refused without a message");
		FUZZ_CHECK(cat.priv == NULL && cat.nreqs == 0 && cat.reqs == NULL,
			   "refused but not emptied");
		return 0;
	}
	check_catalog(&cat);
	export(&cat);
	kj_catalog_free(&cat);
	return 0;
}
