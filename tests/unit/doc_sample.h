/*
 * The sample document the PDF and docx writers' tests share
 * (test_doc_pdf.c, test_doc_docx.c): Japanese chapters and sections, a
 * table of DOC_SAMPLE_ROWS rows with a figure column and a cell without
 * spaces, a chart of each kind with a suppressed value, and a heading of
 * hostile text (markup characters, controls, invalid UTF-8). Runs the
 * outside programs (poppler, unzip, xmllint, LibreOffice) too.
 */
#ifndef KJ_TESTS_UNIT_DOC_SAMPLE_H
#define KJ_TESTS_UNIT_DOC_SAMPLE_H

#include <stddef.h>

#include "export/doc.h"

#define DOC_SAMPLE_ROWS 300

/* The chapter and section headings, as they must read in any output. */
extern const char *const doc_sample_headings[];
/* Figures of the table and the charts that any output must show. */
extern const char *const doc_sample_figures[];
/* The hostile heading, as it must read once cleaned. */
#define DOC_SAMPLE_HOSTILE_CLEAN "危険な見出し <&\"> 制御"

/* The sample (fails the test when it cannot be built). */
struct kj_doc *doc_sample(void);

/* A document whose every string is random bytes (any value but NUL, of
 * random length) from SEED: every writer must still write it and its
 * output parse. */
struct kj_doc *doc_random(unsigned seed);

/* Runs the shell command CMD; its standard output (malloc'd, free it) in
 * *OUT when OUT is not NULL. Returns the exit status, or -1. */
int doc_run(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* S without its white space (ASCII and U+3000), in place: pdftotext and
 * LibreOffice space words as they see fit. Returns S. */
char *doc_squeeze(char *s);
/* 1 when NEEDLE, squeezed, is in HAYSTACK, squeezed. */
int doc_holds(const char *haystack, const char *needle);

/* Releases what pango, cairo and fontconfig keep for the whole process
 * (the fonts), so that the leak checker sees only the writers' own leaks.
 * Call once, at the end. */
void doc_release_fonts(void);

/* The progress callback's calls, for the tests to check. */
struct doc_progress {
	int calls, last_done, last_total, backwards;
};
void doc_progress_note(void *arg, int done, int total);

#endif
