/*
 * The writers of a document (doc.h), one per format: HTML (doc_html.c),
 * xlsx with one sheet per table (doc_xlsx.c), PDF set with cairo and pango
 * (doc_pdf.c) and docx, WordprocessingML written with libxml2 into a zip by
 * libzip (doc_docx.c). Each writes the whole document to the file PATH
 * (created or truncated) and returns 0, or -1 with a message in English in
 * ERR (a partial file is removed). PROGRESS, when not NULL, is called now
 * and then with the blocks done and the blocks in all (a terminal shows it).
 */
#ifndef KJ_EXPORT_DOC_WRITE_H
#define KJ_EXPORT_DOC_WRITE_H

#include <stddef.h>

#include "export/doc.h"

enum kj_doc_format { KJ_DOC_FMT_HTML, KJ_DOC_FMT_XLSX, KJ_DOC_FMT_PDF, KJ_DOC_FMT_DOCX };

typedef void (*kj_doc_progress_fn)(void *arg, int done, int total);

struct kj_doc_write_opts {
	kj_doc_progress_fn progress;	/* NULL: none */
	void *progress_arg;
	const char *lang;		/* "ja" (default) or "en": the writers' own words
					 * (contents, page numbers) */
};

int kj_doc_write_html(const struct kj_doc *d, const char *path,
		      const struct kj_doc_write_opts *o, char *err, size_t errlen);
int kj_doc_write_xlsx(const struct kj_doc *d, const char *path,
		      const struct kj_doc_write_opts *o, char *err, size_t errlen);
int kj_doc_write_pdf(const struct kj_doc *d, const char *path,
		     const struct kj_doc_write_opts *o, char *err, size_t errlen);
int kj_doc_write_docx(const struct kj_doc *d, const char *path,
		      const struct kj_doc_write_opts *o, char *err, size_t errlen);

/*
 * Releases what the PDF and docx writers leave in the libraries' own
 * caches (pango's font map, cairo's static data, fontconfig's): for a
 * process about to end with no writer running (the command line after its
 * report, the server after its last request), so that a leak checker sees
 * only kijun's own memory. Nothing else may use them afterwards.
 */
void kj_doc_fonts_release(void);

#endif
