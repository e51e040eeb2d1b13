/* Normalisation for search. */
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>

#include "base/text.h"

char *kj_text_fold(const char *s)
{
	size_t len = 0;
	uint8_t *out = u8_casefold((const uint8_t *)s, strlen(s), NULL, UNINORM_NFKC,
				   NULL, &len);
	if (!out)
		return NULL;
	char *z = realloc(out, len + 1);
	if (!z) {
		free(out);
		return NULL;
	}
	z[len] = '\0';
	return z;
}

int kj_text_match(const char *text, const char *query)
{
	const char *p = query;
	int words = 0;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		/* memmem on the word: the texts are short, a linear scan is enough. */
		int hit = 0;
		for (const char *t = text; *t && !hit; t++)
			hit = strncmp(t, p, n) == 0;
		if (!hit)
			return 0;
		words++;
		p += n;
	}
	return words > 0;
}
