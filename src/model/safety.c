/*
 * Safety standards (安全基準等, §1.4 fn. 10) and how they cover Part 3
 * (§2.1.2(2)): the labels of the coverage states and the sector x
 * requirement coverage matrix with its counts. The validator of a
 * ministry's mapping table is model/safety_validate.c; the matrix's
 * outputs (the SVG heat map, CSV and xlsx) are in src/export/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/safety.h"

/* --- Labels ------------------------------------------------------------- */

static const char *const cov_codes[KJ_NCOV] = {
	"none", "operators-only", "industry", "government",
};
static const char *const cov_ja[KJ_NCOV] = {
	"規定なし", "一部の事業者の内規のみ（④）", "業界標準・ガイドラインで規定（③）",
	"強制基準・推奨基準で規定（①②）",
};
static const char *const cov_en[KJ_NCOV] = {
	"Not covered", "Only in some operators' internal rules (class 4)",
	"Covered by industry standards (class 3)",
	"Covered by government standards (classes 1, 2)",
};

/* An out-of-range value gives "" rather than NULL so a caller's printf never
 * dereferences NULL; such a value is a bug upstream, not user input. */
const char *kj_cov_code(enum kj_cov c)
{
	return (unsigned)c < KJ_NCOV ? cov_codes[c] : "";
}

const char *kj_cov_label_ja(enum kj_cov c)
{
	return (unsigned)c < KJ_NCOV ? cov_ja[c] : "";
}

const char *kj_cov_label_en(enum kj_cov c)
{
	return (unsigned)c < KJ_NCOV ? cov_en[c] : "";
}

static const char *const cov_short_ja[KJ_NCOV] = {
	"規定なし", "④ 内規のみ", "③ 業界標準", "①② 政府の基準",
};
static const char *const cov_short_en[KJ_NCOV] = {
	"Not covered", "Internal rules only (4)", "Industry (3)", "Government (1, 2)",
};

const char *kj_cov_short_ja(enum kj_cov c)
{
	return (unsigned)c < KJ_NCOV ? cov_short_ja[c] : "";
}

const char *kj_cov_short_en(enum kj_cov c)
{
	return (unsigned)c < KJ_NCOV ? cov_short_en[c] : "";
}

int kj_cov_is_gap(enum kj_cov c)
{
	return c == KJ_COV_NONE || c == KJ_COV_OPERATORS;
}

void kj_cov_section_heading(const struct kj_catalog *cat, int f, int lang_en,
			    char *out, size_t n)
{
	if (!n)
		return;
	out[0] = '\0';
	if (!cat || f < 0 || f >= cat->nfunctions)
		return;
	const struct kj_function *fn = &cat->functions[f];
	const struct kj_section *sec = kj_catalog_section(cat, fn->section);
	const char *title = sec ? (lang_en ? sec->title_en : sec->title_ja)
				: (lang_en ? fn->name_en : fn->name_ja);
	kj_textf(out, n, "%s %s", fn->section, title ? title : "");
}

/* --- Coverage ----------------------------------------------------------------- */

int kj_coverage_alloc(struct kj_coverage *c, int nsectors, int nreqs)
{
	memset(c, 0, sizeof *c);
	if (nsectors <= 0 || nreqs <= 0 || nreqs > KJ_CATALOG_REQ_MAX ||
	    (size_t)nsectors > SIZE_MAX / (size_t)nreqs)
		return -1;
	c->cov = calloc((size_t)nsectors * (size_t)nreqs, 1);	/* KJ_COV_NONE */
	c->partial = calloc((size_t)nsectors * (size_t)nreqs, 1);
	c->operators = calloc((size_t)nsectors * (size_t)nreqs, sizeof *c->operators);
	c->req_new = calloc((size_t)nreqs, 1);
	c->req_changed = calloc((size_t)nreqs, 1);
	if (!c->cov || !c->partial || !c->operators || !c->req_new || !c->req_changed) {
		kj_coverage_free(c);
		return -1;
	}
	c->nsectors = nsectors;
	c->nreqs = nreqs;
	return 0;
}

void kj_coverage_free(struct kj_coverage *c)
{
	if (!c)
		return;
	free(c->cov);
	free(c->partial);
	free(c->operators);
	free(c->req_new);
	free(c->req_changed);
	memset(c, 0, sizeof *c);
}

static void count_cells(const struct kj_coverage *c, const struct kj_catalog *cat,
			int s, int f, int only_partial, int counts[KJ_NCOV])
{
	memset(counts, 0, KJ_NCOV * sizeof counts[0]);
	if (!c || !c->cov || s < 0 || s >= c->nsectors || (only_partial && !c->partial))
		return;
	/* Function F is read from CAT, so only the requirements both know. */
	int n = cat && f >= 0 && cat->nreqs < c->nreqs ? cat->nreqs : c->nreqs;
	for (int r = 0; r < n; r++) {
		if (f >= 0 && (!cat || cat->reqs[r].function != f))
			continue;
		size_t i = (size_t)s * (size_t)c->nreqs + (size_t)r;
		if (only_partial && !c->partial[i])
			continue;
		unsigned v = c->cov[i];
		if (v < KJ_NCOV)
			counts[v]++;
	}
}

void kj_coverage_count(const struct kj_coverage *c, const struct kj_catalog *cat,
		       int s, int f, int counts[KJ_NCOV])
{
	count_cells(c, cat, s, f, 0, counts);
}

void kj_coverage_count_partial(const struct kj_coverage *c, const struct kj_catalog *cat,
			       int s, int f, int counts[KJ_NCOV])
{
	count_cells(c, cat, s, f, 1, counts);
}

int kj_coverage_gaps(const int counts[KJ_NCOV])
{
	return counts[KJ_COV_NONE] + counts[KJ_COV_OPERATORS];
}

int kj_coverage_fits(const struct kj_coverage *c, const struct kj_catalog *cat)
{
	if (!c || !cat || !c->cov || !c->partial || !c->operators ||
	    c->nsectors != cat->nsectors || c->nreqs != cat->nreqs ||
	    c->nsectors <= 0 || c->nreqs <= 0)
		return 0;
	for (size_t i = 0; i < (size_t)c->nsectors * (size_t)c->nreqs; i++)
		if (c->cov[i] >= KJ_NCOV)
			return 0;
	return 1;
}

const char *kj_cov_section_title(const struct kj_catalog *cat, int f, int lang_en)
{
	const struct kj_function *fn = &cat->functions[f];
	const struct kj_section *sec = kj_catalog_section(cat, fn->section);
	if (sec && (lang_en ? sec->title_en : sec->title_ja))
		return lang_en ? sec->title_en : sec->title_ja;
	return lang_en ? fn->name_en : fn->name_ja;
}
