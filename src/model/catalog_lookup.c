/*
 * Looking things up in a loaded version of the standard: a requirement, a
 * section, a sector, a function, a CSF category, a definition or a
 * correction by its identifier, and the definitions a text uses. Loading
 * and validating the catalog is in catalog.c.
 */
#include <string.h>

#include "model/catalog.h"

const struct kj_requirement *kj_catalog_req(const struct kj_catalog *cat,
					    const char *id)
{
	int i = kj_catalog_req_index(cat, id);
	return i < 0 ? NULL : &cat->reqs[i];
}

int kj_catalog_req_index(const struct kj_catalog *cat, const char *id)
{
	for (int i = 0; i < cat->nreqs; i++)
		if (cat->reqs[i].id && !strcmp(cat->reqs[i].id, id))
			return i;
	return -1;
}

const struct kj_section *kj_catalog_section(const struct kj_catalog *cat,
					    const char *id)
{
	for (int i = 0; i < cat->nsections; i++)
		if (cat->sections[i].id && !strcmp(cat->sections[i].id, id))
			return &cat->sections[i];
	return NULL;
}

int kj_catalog_sector_index(const struct kj_catalog *cat, const char *code)
{
	for (int i = 0; code && i < cat->nsectors; i++)
		if (!strcmp(cat->sectors[i].code, code))
			return i;
	return -1;
}

const struct kj_sector *kj_catalog_sector(const struct kj_catalog *cat, const char *code)
{
	int i = kj_catalog_sector_index(cat, code);
	return i < 0 ? NULL : &cat->sectors[i];
}

int kj_catalog_function(const struct kj_catalog *cat, const char *name)
{
	for (int i = 0; i < cat->nfunctions; i++)
		if (!strcmp(cat->functions[i].code, name) ||
		    !strcmp(cat->functions[i].name_ja, name))
			return i;
	return -1;
}

const struct kj_csf_category *kj_catalog_csf(const struct kj_catalog *cat,
					     const char *id)
{
	for (int i = 0; i < cat->ncsf; i++)
		if (!strcmp(cat->csf[i].id, id))
			return &cat->csf[i];
	return NULL;
}

const struct kj_definition *kj_catalog_def(const struct kj_catalog *cat,
					   const char *id)
{
	for (int i = 0; i < cat->ndefs; i++)
		if (!strcmp(cat->defs[i].id, id))
			return &cat->defs[i];
	return NULL;
}

const struct kj_correction *kj_catalog_correction(const struct kj_catalog *cat,
						  const char *file, const char *item,
						  const char *field)
{
	for (int i = 0; i < cat->ncorrections; i++) {
		const struct kj_correction *k = &cat->corrections[i];
		if (k->file && !strcmp(k->file, file) && !strcmp(k->item, item) &&
		    !strcmp(k->field, field))
			return k;
	}
	return NULL;
}

int kj_catalog_link_terms(const struct kj_catalog *cat, const char *text,
			  int *out, int max)
{
	int n = 0;
	for (const char *t = text; *t; ) {
		int best = -1;
		size_t best_len = 0;
		for (int d = 0; d < cat->ndefs; d++)
			for (int m = 0; m < cat->defs[d].nmatch; m++) {
				const char *s = cat->defs[d].match[m];
				size_t len = strlen(s);
				if (len > best_len && !strncmp(t, s, len)) {
					best = d;
					best_len = len;
				}
			}
		if (best < 0) {
			t++;
			continue;
		}
		t += best_len;
		int seen = 0;
		for (int k = 0; k < n && k < max; k++)
			seen |= out[k] == best;
		if (seen)
			continue;
		if (n < max)
			out[n] = best;
		n++;
	}
	return n;
}

