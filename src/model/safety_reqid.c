/*
 * Requirement ids as people type them: in the mapping form of the sector
 * page and in a cell of a mapping file. Full-width digits and dots
 * (３．２．５．１－１), spaces anywhere and the dashes an input method gives
 * (－ − ‐ – ー) all name 3.2.5.1-1 after NFKC; a section number (3.2.5) is
 * told apart from an id that is not in the standard, so the message can
 * say which mistake it is.
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/text.h"
#include "model/safety.h"

/* The dashes NFKC leaves as they are, each read as '-'. */
static size_t dash_at(const char *p)
{
	static const char *const dashes[] = {
		"\xe2\x80\x90", "\xe2\x80\x91", "\xe2\x80\x92", "\xe2\x80\x93", "\xe2\x80\x94",
		"\xe2\x88\x92", "\xe3\x83\xbc",
	};
	for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
		if (!strncmp(p, dashes[i], 3))
			return 3;
	return 0;
}

/* The extent written after an id, "(一部)" or "(partial)" (after NFKC and
 * case folding), cut off OUT: 1 partial, -1 none written. */
static int cut_extent(char *out)
{
	static const struct { const char *s; int partial; } marks[] = {
		{ "(一部)", 1 }, { "(partial)", 1 },
	};
	size_t n = strlen(out);
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		size_t m = strlen(marks[i].s);
		if (n > m && !strcmp(out + n - m, marks[i].s)) {
			out[n - m] = '\0';
			return marks[i].partial;
		}
	}
	return -1;
}

enum kj_req_typed kj_safety_req_parse(const struct kj_catalog *cat, const char *s, size_t n,
				      const struct kj_requirement **req, int *extent)
{
	char raw[KJ_REQ_TYPED_MAX + 1], id[KJ_REQ_TYPED_MAX + 1];
	*req = NULL;
	if (extent)
		*extent = -1;
	if (!s || n > KJ_REQ_TYPED_MAX)
		return s && n ? KJ_REQ_UNKNOWN : KJ_REQ_EMPTY;
	memcpy(raw, s, n);
	raw[n] = '\0';
	char *folded = kj_text_fold(raw);
	if (!folded)
		return KJ_REQ_UNKNOWN;	/* not UTF-8 */
	size_t k = 0;
	for (const char *p = folded; *p && k < sizeof id - 1; ) {
		size_t d = dash_at(p);
		if (d) {
			id[k++] = '-';
			p += d;
		} else if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
		} else {
			id[k++] = *p++;
		}
	}
	id[k] = '\0';
	free(folded);
	if (!k)
		return KJ_REQ_EMPTY;
	int x = cut_extent(id);
	if (extent)
		*extent = x;
	*req = kj_catalog_req(cat, id);
	if (*req)
		return KJ_REQ_OK;
	return kj_catalog_section(cat, id) ? KJ_REQ_SECTION : KJ_REQ_UNKNOWN;
}
