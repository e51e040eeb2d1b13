/* Text matching for Japanese search: NFKC and case folding (libunistring). */
#ifndef KJ_BASE_TEXT_H
#define KJ_BASE_TEXT_H

#include <stddef.h>

/*
 * S normalised for matching: NFKC (full-width Ａ１ = A1, half-width ｶﾅ = カナ)
 * and case-folded. Returns a malloc'd string, or NULL on bad UTF-8.
 */
char *kj_text_fold(const char *s);
/* True if every space-separated word of the folded QUERY occurs in TEXT. */
int kj_text_match(const char *folded_text, const char *folded_query);

#endif
