/*
 * What the two files of the docx writer share: doc_docx.c writes the body
 * (word/document.xml) and the chart images, doc_docx_parts.c the rest of
 * the package (content types, relationships, styles, fonts, footer, core
 * properties). Every XML part is written by libxml2's xmlTextWriter, which
 * escapes; the text given to it is cleaned first (kj_doc_clean).
 */
#ifndef KJ_EXPORT_DOC_DOCX_PRIV_H
#define KJ_EXPORT_DOC_DOCX_PRIV_H

#include <libxml/xmlwriter.h>
#include <zip.h>

#include "export/doc.h"

#define DOCX_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOCX_NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define DOCX_PART_MAX (1L << 30)	/* bytes of one XML part */
#define DOCX_FONT "Noto Sans CJK JP"
#define DOCX_FONT_ALT "MS Mincho"

/* One XML part being written; FAIL once a write failed. */
struct kj_xw {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int fail;
};

/* 0, or -1 (out of memory). */
int kj_xw_open(struct kj_xw *x);
void kj_xw_start(struct kj_xw *x, const char *name);
void kj_xw_end(struct kj_xw *x);
/* An attribute; VALUE is program text or already clean. */
void kj_xw_attr(struct kj_xw *x, const char *name, const char *value);
void kj_xw_attrf(struct kj_xw *x, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Element content, already clean. */
void kj_xw_text(struct kj_xw *x, const char *s);
/* <NAME w:val="VAL"/> (no attribute when VAL is NULL). */
void kj_xw_val(struct kj_xw *x, const char *name, const char *val);
/* Ends the part and adds it to Z as NAME; frees the writer either way. 0 or -1. */
int kj_xw_close(struct kj_xw *x, zip_t *z, const char *name);
void kj_xw_free(struct kj_xw *x);
/* Adds LEN bytes at DATA (malloc'd; Z owns them from now on, even on failure) as NAME. */
int kj_docx_add(zip_t *z, const char *name, void *data, size_t len);

/* [Content_Types].xml, added first to the zip as Word writes it. 0 or -1. */
int kj_docx_content_types(zip_t *z);
/* The package's parts but the body and the images, for a body holding
 * NIMAGES images word/media/imageN.png (rIdImgN). 0 or -1. */
int kj_docx_parts(zip_t *z, const struct kj_doc *d, int nimages);

#endif
