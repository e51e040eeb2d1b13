/*
 * What the PDF and docx writers (doc_pdf.c, doc_docx.c) share about a
 * document's text, which comes from users (evaluation bodies, names) and
 * may hold anything: one cleaning that both apply to every string before
 * pango or libxml2 sees it, and one way to print a chart's values.
 */
#ifndef KJ_EXPORT_DOC_TEXT_PRIV_H
#define KJ_EXPORT_DOC_TEXT_PRIV_H

#include <stddef.h>

#include "export/doc_write.h"

/*
 * A copy of S that every writer can carry: valid UTF-8 (each invalid
 * sequence becomes U+FFFD), without the C0 controls other than tab and
 * line feed, without DEL, the C1 controls and the noncharacters U+FFFE and
 * U+FFFF (XML 1.0 cannot carry them even escaped). NULL reads as "".
 * Returns a string the caller frees with g_free(); glib aborts when out of
 * memory, so never NULL.
 */
char *kj_doc_clean(const char *s);

/* VALUE with UNIT ("45.2%", "3件"); NAN as "—". One decimal unless whole. */
void kj_doc_value(char *out, size_t n, double value, const char *unit);

/* 1 when the writers' own words are to be English (O's lang is "en"). */
int kj_doc_en(const struct kj_doc_write_opts *o);

/* Calls O's progress callback, if any, with DONE of TOTAL. */
void kj_doc_progress(const struct kj_doc_write_opts *o, int done, int total);

/* Blocks between two calls of the progress callback. */
#define KJ_DOC_PROGRESS_EVERY 50

#endif
