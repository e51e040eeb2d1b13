/*
 * The docx package's parts around the body (doc_docx_priv.h), by the
 * OOXML minimal package rules: [Content_Types].xml first, the package's
 * relationships, the document's relationships, styles (Title, Heading 1–3
 * with their outline levels so that Word's navigation and a TOC field find
 * them, Normal in Noto Sans CJK JP, a table style), the font table (the
 * fallback for a machine without Noto), a footer with the page number and
 * the core properties (title, creation date).
 */
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export/doc_docx_priv.h"
#include "export/doc_text_priv.h"

#define CT_MAIN "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define REL_DOC "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

int kj_xw_open(struct kj_xw *x)
{
	memset(x, 0, sizeof *x);
	x->buf = xmlBufferCreate();
	if (!x->buf)
		return -1;
	x->w = xmlNewTextWriterMemory(x->buf, 0);
	if (!x->w || xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes") < 0) {
		kj_xw_free(x);
		return -1;
	}
	return 0;
}

void kj_xw_free(struct kj_xw *x)
{
	if (x->w)
		xmlFreeTextWriter(x->w);
	if (x->buf)
		xmlBufferFree(x->buf);
	x->w = NULL;
	x->buf = NULL;
}

void kj_xw_start(struct kj_xw *x, const char *name)
{
	if (!x->fail && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->fail = 1;
}

void kj_xw_end(struct kj_xw *x)
{
	if (!x->fail && xmlTextWriterEndElement(x->w) < 0)
		x->fail = 1;
}

void kj_xw_attr(struct kj_xw *x, const char *name, const char *value)
{
	if (!x->fail && xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) < 0)
		x->fail = 1;
}

void kj_xw_attrf(struct kj_xw *x, const char *name, const char *fmt, ...)
{
	char v[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(v, sizeof v, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof v) {
		x->fail = 1;
		return;
	}
	kj_xw_attr(x, name, v);
}

void kj_xw_text(struct kj_xw *x, const char *s)
{
	if (!x->fail && xmlTextWriterWriteString(x->w, BAD_CAST s) < 0)
		x->fail = 1;
}

void kj_xw_val(struct kj_xw *x, const char *name, const char *val)
{
	kj_xw_start(x, name);
	if (val)
		kj_xw_attr(x, "w:val", val);
	kj_xw_end(x);
}

int kj_docx_add(zip_t *z, const char *name, void *data, size_t len)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 1);

	if (!src) {
		free(data);
		return -1;
	}
	if (zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(src);
		return -1;
	}
	return 0;
}

int kj_xw_close(struct kj_xw *x, zip_t *z, const char *name)
{
	size_t len;
	void *copy;
	int rc = -1;

	if (x->fail || xmlTextWriterEndDocument(x->w) < 0 || xmlTextWriterFlush(x->w) < 0)
		goto done;
	len = (size_t)xmlBufferLength(x->buf);
	copy = malloc(len ? len : 1);
	if (!copy)
		goto done;
	memcpy(copy, xmlBufferContent(x->buf), len);
	rc = kj_docx_add(z, name, copy, len);
done:
	kj_xw_free(x);
	return rc;
}

static void rel(struct kj_xw *x, const char *id, const char *type, const char *target)
{
	kj_xw_start(x, "Relationship");
	kj_xw_attr(x, "Id", id);
	kj_xw_attr(x, "Type", type);
	kj_xw_attr(x, "Target", target);
	kj_xw_end(x);
}

static void ct(struct kj_xw *x, const char *el, const char *key, const char *keyval,
	       const char *type)
{
	kj_xw_start(x, el);
	kj_xw_attr(x, key, keyval);
	kj_xw_attr(x, "ContentType", type);
	kj_xw_end(x);
}

static int content_types(zip_t *z)
{
	struct kj_xw x;

	if (kj_xw_open(&x) < 0)
		return -1;
	kj_xw_start(&x, "Types");
	kj_xw_attr(&x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
	ct(&x, "Default", "Extension", "rels",
	   "application/vnd.openxmlformats-package.relationships+xml");
	ct(&x, "Default", "Extension", "xml", "application/xml");
	ct(&x, "Default", "Extension", "png", "image/png");
	ct(&x, "Override", "PartName", "/word/document.xml", CT_MAIN "document.main+xml");
	ct(&x, "Override", "PartName", "/word/styles.xml", CT_MAIN "styles+xml");
	ct(&x, "Override", "PartName", "/word/fontTable.xml", CT_MAIN "fontTable+xml");
	ct(&x, "Override", "PartName", "/word/footer1.xml", CT_MAIN "footer+xml");
	ct(&x, "Override", "PartName", "/docProps/core.xml",
	   "application/vnd.openxmlformats-package.core-properties+xml");
	kj_xw_end(&x);
	return kj_xw_close(&x, z, "[Content_Types].xml");
}

static int package_rels(zip_t *z)
{
	struct kj_xw x;

	if (kj_xw_open(&x) < 0)
		return -1;
	kj_xw_start(&x, "Relationships");
	kj_xw_attr(&x, "xmlns", "http://schemas.openxmlformats.org/package/2006/relationships");
	rel(&x, "rId1", REL_DOC "officeDocument", "word/document.xml");
	rel(&x, "rId2",
	    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
	    "docProps/core.xml");
	kj_xw_end(&x);
	return kj_xw_close(&x, z, "_rels/.rels");
}

static int document_rels(zip_t *z, int nimages)
{
	struct kj_xw x;
	char id[32], target[48];

	if (kj_xw_open(&x) < 0)
		return -1;
	kj_xw_start(&x, "Relationships");
	kj_xw_attr(&x, "xmlns", "http://schemas.openxmlformats.org/package/2006/relationships");
	rel(&x, "rIdStyles", REL_DOC "styles", "styles.xml");
	rel(&x, "rIdFonts", REL_DOC "fontTable", "fontTable.xml");
	rel(&x, "rIdFooter", REL_DOC "footer", "footer1.xml");
	for (int i = 1; i <= nimages; i++) {
		snprintf(id, sizeof id, "rIdImg%d", i);
		snprintf(target, sizeof target, "media/image%d.png", i);
		rel(&x, id, REL_DOC "image", target);
	}
	kj_xw_end(&x);
	return kj_xw_close(&x, z, "word/_rels/document.xml.rels");
}

/* A paragraph style: ID, its name as Word knows it, its size in half points. */
static void pstyle(struct kj_xw *x, const char *id, const char *name, int half_pt, int bold,
		   int outline, int before, int after, const char *jc, int indent)
{
	kj_xw_start(x, "w:style");
	kj_xw_attr(x, "w:type", "paragraph");
	kj_xw_attr(x, "w:styleId", id);
	kj_xw_val(x, "w:name", name);
	kj_xw_val(x, "w:basedOn", "Normal");
	kj_xw_val(x, "w:next", "Normal");
	kj_xw_val(x, "w:uiPriority", outline >= 0 ? "9" : "10");
	kj_xw_val(x, "w:qFormat", NULL);
	kj_xw_start(x, "w:pPr");
	if (outline >= 0) {
		kj_xw_val(x, "w:keepNext", NULL);
		kj_xw_val(x, "w:keepLines", NULL);
	}
	kj_xw_start(x, "w:spacing");
	kj_xw_attrf(x, "w:before", "%d", before);
	kj_xw_attrf(x, "w:after", "%d", after);
	kj_xw_end(x);
	if (indent > 0) {
		kj_xw_start(x, "w:ind");
		kj_xw_attrf(x, "w:left", "%d", indent);
		kj_xw_end(x);
	}
	if (jc)
		kj_xw_val(x, "w:jc", jc);
	if (outline >= 0) {
		kj_xw_start(x, "w:outlineLvl");
		kj_xw_attrf(x, "w:val", "%d", outline);
		kj_xw_end(x);
	}
	kj_xw_end(x);
	kj_xw_start(x, "w:rPr");
	if (bold)
		kj_xw_val(x, "w:b", NULL);
	kj_xw_start(x, "w:sz");
	kj_xw_attrf(x, "w:val", "%d", half_pt);
	kj_xw_end(x);
	kj_xw_end(x);
	kj_xw_end(x);
}

static void border(struct kj_xw *x, const char *side)
{
	kj_xw_start(x, side);
	kj_xw_attr(x, "w:val", "single");
	kj_xw_attr(x, "w:sz", "4");
	kj_xw_attr(x, "w:space", "0");
	kj_xw_attr(x, "w:color", "999999");
	kj_xw_end(x);
}

static void cell_margin(struct kj_xw *x, const char *side, int w)
{
	kj_xw_start(x, side);
	kj_xw_attrf(x, "w:w", "%d", w);
	kj_xw_attr(x, "w:type", "dxa");
	kj_xw_end(x);
}

static void table_styles(struct kj_xw *x)
{
	kj_xw_start(x, "w:style");
	kj_xw_attr(x, "w:type", "table");
	kj_xw_attr(x, "w:default", "1");
	kj_xw_attr(x, "w:styleId", "TableNormal");
	kj_xw_val(x, "w:name", "Normal Table");
	kj_xw_val(x, "w:uiPriority", "99");
	kj_xw_val(x, "w:semiHidden", NULL);
	kj_xw_val(x, "w:unhideWhenUsed", NULL);
	kj_xw_start(x, "w:tblPr");
	kj_xw_start(x, "w:tblInd");
	kj_xw_attr(x, "w:w", "0");
	kj_xw_attr(x, "w:type", "dxa");
	kj_xw_end(x);
	kj_xw_start(x, "w:tblCellMar");
	cell_margin(x, "w:top", 0);
	cell_margin(x, "w:left", 108);
	cell_margin(x, "w:bottom", 0);
	cell_margin(x, "w:right", 108);
	kj_xw_end(x);
	kj_xw_end(x);
	kj_xw_end(x);

	kj_xw_start(x, "w:style");
	kj_xw_attr(x, "w:type", "table");
	kj_xw_attr(x, "w:styleId", "KjTable");
	kj_xw_val(x, "w:name", "kijun table");
	kj_xw_val(x, "w:basedOn", "TableNormal");
	kj_xw_val(x, "w:uiPriority", "59");
	kj_xw_start(x, "w:pPr");
	kj_xw_start(x, "w:spacing");
	kj_xw_attr(x, "w:after", "0");
	kj_xw_attr(x, "w:line", "240");
	kj_xw_attr(x, "w:lineRule", "auto");
	kj_xw_end(x);
	kj_xw_end(x);
	kj_xw_start(x, "w:rPr");
	kj_xw_val(x, "w:sz", "18");
	kj_xw_end(x);
	kj_xw_start(x, "w:tblPr");
	kj_xw_start(x, "w:tblBorders");
	border(x, "w:top");
	border(x, "w:left");
	border(x, "w:bottom");
	border(x, "w:right");
	border(x, "w:insideH");
	border(x, "w:insideV");
	kj_xw_end(x);
	kj_xw_start(x, "w:tblCellMar");
	cell_margin(x, "w:left", 60);
	cell_margin(x, "w:right", 60);
	kj_xw_end(x);
	kj_xw_end(x);
	kj_xw_end(x);
}

static int styles(zip_t *z)
{
	struct kj_xw x;

	if (kj_xw_open(&x) < 0)
		return -1;
	kj_xw_start(&x, "w:styles");
	kj_xw_attr(&x, "xmlns:w", DOCX_NS_W);
	kj_xw_start(&x, "w:docDefaults");
	kj_xw_start(&x, "w:rPrDefault");
	kj_xw_start(&x, "w:rPr");
	kj_xw_start(&x, "w:rFonts");
	kj_xw_attr(&x, "w:ascii", DOCX_FONT);
	kj_xw_attr(&x, "w:eastAsia", DOCX_FONT);
	kj_xw_attr(&x, "w:hAnsi", DOCX_FONT);
	kj_xw_attr(&x, "w:cs", DOCX_FONT);
	kj_xw_end(&x);
	kj_xw_val(&x, "w:sz", "21");
	kj_xw_val(&x, "w:szCs", "21");
	kj_xw_start(&x, "w:lang");
	kj_xw_attr(&x, "w:val", "ja-JP");
	kj_xw_attr(&x, "w:eastAsia", "ja-JP");
	kj_xw_end(&x);
	kj_xw_end(&x);
	kj_xw_end(&x);
	kj_xw_start(&x, "w:pPrDefault");
	kj_xw_start(&x, "w:pPr");
	kj_xw_start(&x, "w:spacing");
	kj_xw_attr(&x, "w:after", "120");
	kj_xw_attr(&x, "w:line", "300");
	kj_xw_attr(&x, "w:lineRule", "auto");
	kj_xw_end(&x);
	kj_xw_end(&x);
	kj_xw_end(&x);
	kj_xw_end(&x);

	/* Normal: the East Asian font named again, for Word's style pane */
	kj_xw_start(&x, "w:style");
	kj_xw_attr(&x, "w:type", "paragraph");
	kj_xw_attr(&x, "w:default", "1");
	kj_xw_attr(&x, "w:styleId", "Normal");
	kj_xw_val(&x, "w:name", "Normal");
	kj_xw_val(&x, "w:qFormat", NULL);
	kj_xw_start(&x, "w:rPr");
	kj_xw_start(&x, "w:rFonts");
	kj_xw_attr(&x, "w:eastAsia", DOCX_FONT);
	kj_xw_end(&x);
	kj_xw_end(&x);
	kj_xw_end(&x);
	pstyle(&x, "Title", "Title", 44, 1, -1, 2400, 480, "center", 0);
	pstyle(&x, "Subtitle", "Subtitle", 30, 0, -1, 0, 240, "center", 0);
	pstyle(&x, "Heading1", "heading 1", 32, 1, 0, 240, 200, NULL, 0);
	pstyle(&x, "Heading2", "heading 2", 26, 1, 1, 240, 120, NULL, 0);
	pstyle(&x, "Heading3", "heading 3", 22, 1, 2, 200, 80, NULL, 0);
	pstyle(&x, "TOCHeading", "TOC Heading", 32, 1, -1, 240, 200, NULL, 0);
	pstyle(&x, "Caption", "caption", 19, 1, -1, 120, 60, NULL, 0);
	table_styles(&x);
	kj_xw_end(&x);
	return kj_xw_close(&x, z, "word/styles.xml");
}

static void font(struct kj_xw *x, const char *name, const char *alt, const char *family,
		 const char *pitch)
{
	kj_xw_start(x, "w:font");
	kj_xw_attr(x, "w:name", name);
	kj_xw_val(x, "w:altName", alt);
	kj_xw_val(x, "w:charset", "80");
	kj_xw_val(x, "w:family", family);
	kj_xw_val(x, "w:pitch", pitch);
	kj_xw_end(x);
}

static int fonts(zip_t *z)
{
	struct kj_xw x;

	if (kj_xw_open(&x) < 0)
		return -1;
	kj_xw_start(&x, "w:fonts");
	kj_xw_attr(&x, "xmlns:w", DOCX_NS_W);
	font(&x, DOCX_FONT, DOCX_FONT_ALT, "swiss", "variable");
	font(&x, DOCX_FONT_ALT, "ＭＳ 明朝", "roman", "fixed");
	kj_xw_end(&x);
	return kj_xw_close(&x, z, "word/fontTable.xml");
}

static int footer(zip_t *z)
{
	struct kj_xw x;

	if (kj_xw_open(&x) < 0)
		return -1;
	kj_xw_start(&x, "w:ftr");
	kj_xw_attr(&x, "xmlns:w", DOCX_NS_W);
	kj_xw_attr(&x, "xmlns:r", DOCX_NS_R);
	kj_xw_start(&x, "w:p");
	kj_xw_start(&x, "w:pPr");
	kj_xw_val(&x, "w:jc", "center");
	kj_xw_end(&x);
	kj_xw_start(&x, "w:fldSimple");
	kj_xw_attr(&x, "w:instr", " PAGE ");
	kj_xw_start(&x, "w:r");
	kj_xw_start(&x, "w:t");
	kj_xw_text(&x, "1");
	kj_xw_end(&x);
	kj_xw_end(&x);
	kj_xw_end(&x);
	kj_xw_end(&x);
	kj_xw_end(&x);
	return kj_xw_close(&x, z, "word/footer1.xml");
}

static void core_text(struct kj_xw *x, const char *el, const char *s)
{
	char *c = kj_doc_clean(s);

	kj_xw_start(x, el);
	kj_xw_text(x, c);
	kj_xw_end(x);
	g_free(c);
}

static int core(zip_t *z, const struct kj_doc *d)
{
	struct kj_xw x;
	char when[32] = "1970-01-01T00:00:00Z";
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (kj_xw_open(&x) < 0)
		return -1;
	kj_xw_start(&x, "cp:coreProperties");
	kj_xw_attr(&x, "xmlns:cp",
		   "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
	kj_xw_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	kj_xw_attr(&x, "xmlns:dcterms", "http://purl.org/dc/terms/");
	kj_xw_attr(&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
	core_text(&x, "dc:title", d->title);
	core_text(&x, "dc:subject", d->subtitle);
	core_text(&x, "dc:creator", "kijun");
	for (int i = 0; i < 2; i++) {
		kj_xw_start(&x, i ? "dcterms:modified" : "dcterms:created");
		kj_xw_attr(&x, "xsi:type", "dcterms:W3CDTF");
		kj_xw_text(&x, when);
		kj_xw_end(&x);
	}
	kj_xw_end(&x);
	return kj_xw_close(&x, z, "docProps/core.xml");
}

int kj_docx_parts(zip_t *z, const struct kj_doc *d, int nimages)
{
	if (package_rels(z) < 0 || document_rels(z, nimages) < 0 || styles(z) < 0 ||
	    fonts(z) < 0 || footer(z) < 0 || core(z, d) < 0)
		return -1;
	return 0;
}

int kj_docx_content_types(zip_t *z)
{
	return content_types(z);
}
