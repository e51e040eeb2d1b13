/*
 * The language of a first visit (issue 16): Japanese unless the browser's
 * Accept-Language (RFC 9110 12.5.4) prefers English to Japanese. Pure.
 */
#ifndef KJ_MODEL_LANG_PREF_H
#define KJ_MODEL_LANG_PREF_H

/*
 * 1 if HEADER (NULL: none) gives English ("en", "en-*") a higher weight
 * than Japanese ("ja", "ja-*"); a language not named takes the weight of
 * "*" if given, else 0. An item with a malformed weight is ignored; only
 * the first KJ_ACCEPT_LANGUAGE_MAX bytes are read.
 */
int kj_accept_prefers_en(const char *header);
/* The weight of "q=..." in S (N bytes) in thousandths (0..1000), or -1 if
 * malformed. */
int kj_accept_qvalue(const char *s, int n);

#endif
