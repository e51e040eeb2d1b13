/*
 * A document (doc.h) as docx: WordprocessingML written with libxml2's
 * xmlTextWriter into a zip by libzip, for the ministries, who edit drafts
 * in Word (and LibreOffice). The cover (Title, Subtitle, date), a contents
 * field (TOC \o "1-3", shown pre-rendered as links to the headings until
 * Word updates it), the headings in the built-in heading styles (a chapter
 * starts a new page), paragraphs, tables whose header rows repeat on each
 * page (w:tblHeader) with figures right-aligned, and the charts as PNG
 * images drawn by doc_chart_cairo.c, each with its title and description
 * as alternative text. The other parts are in doc_docx_parts.c.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/doc_chart_cairo.h"
#include "export/doc_docx_priv.h"
#include "export/doc_text_priv.h"
#include "export/doc_write.h"

#define TEXT_W_TWIPS 9638	/* A4 less two margins of 2 cm */
#define EMU_PER_PT 12700
#define CHART_ROWS_PER_IMAGE 32	/* one image fits a page */
#define COL_SAMPLE_ROWS 2000	/* rows looked at for a table's column widths */
#define COL_CHARS_MAX 40	/* a column wider than this many characters wraps */

struct docx {
	const struct kj_doc *d;
	const struct kj_doc_write_opts *o;
	zip_t *z;
	struct kj_xw x;
	int images;
	int headings;		/* headings written so far: the bookmarks' numbers */
	int en;
	char err[160];
};

/* The runs of TEXT (cleaned here): line feeds as w:br, tabs as w:tab. */
static void runs(struct kj_xw *x, const char *text, int bold)
{
	char *c = kj_doc_clean(text), *p = c;

	kj_xw_start(x, "w:r");
	if (bold) {
		kj_xw_start(x, "w:rPr");
		kj_xw_val(x, "w:b", NULL);
		kj_xw_end(x);
	}
	while (*p) {
		size_t n = strcspn(p, "\n\t");

		if (n > 0) {
			char save = p[n];

			p[n] = '\0';
			kj_xw_start(x, "w:t");
			kj_xw_attr(x, "xml:space", "preserve");
			kj_xw_text(x, p);
			kj_xw_end(x);
			p[n] = save;
			p += n;
		}
		if (*p == '\n' || *p == '\t') {
			kj_xw_val(x, *p == '\n' ? "w:br" : "w:tab", NULL);
			p++;
		}
	}
	kj_xw_end(x);
	g_free(c);
}

static void para(struct kj_xw *x, const char *style, const char *jc, const char *text, int bold)
{
	kj_xw_start(x, "w:p");
	if (style || jc) {
		kj_xw_start(x, "w:pPr");
		if (style)
			kj_xw_val(x, "w:pStyle", style);
		if (jc)
			kj_xw_val(x, "w:jc", jc);
		kj_xw_end(x);
	}
	if (text && *text)
		runs(x, text, bold);
	kj_xw_end(x);
}

static void page_break(struct kj_xw *x)
{
	kj_xw_start(x, "w:p");
	kj_xw_start(x, "w:r");
	kj_xw_start(x, "w:br");
	kj_xw_attr(x, "w:type", "page");
	kj_xw_end(x);
	kj_xw_end(x);
	kj_xw_end(x);
}

/* The contents: a TOC field that Word rebuilds (F9), shown until then as
 * the list of headings, each a link to its bookmark. */
static void contents(struct docx *w)
{
	struct kj_xw *x = &w->x;
	int n = 0;

	para(x, "TOCHeading", NULL, w->en ? "Contents" : "目次", 0);
	kj_xw_start(x, "w:p");
	kj_xw_start(x, "w:fldSimple");
	kj_xw_attr(x, "w:instr", " TOC \\o \"1-3\" \\h \\z \\u ");
	for (int i = 0; i < w->d->nblocks; i++) {
		const struct kj_doc_block *b = &w->d->blocks[i];
		char *indented;

		if (b->kind != KJ_DOC_HEADING)
			continue;
		n++;
		if (n > 1) {
			kj_xw_start(x, "w:r");
			kj_xw_val(x, "w:br", NULL);
			kj_xw_end(x);
		}
		kj_xw_start(x, "w:hyperlink");
		kj_xw_attrf(x, "w:anchor", "_kj_h%d", n);
		kj_xw_attr(x, "w:history", "1");
		indented = g_strconcat(b->level == 2 ? "\u3000" : b->level == 3 ? "\u3000\u3000" : "",
				       b->text ? b->text : "", NULL);
		runs(x, indented, b->level == 1);
		g_free(indented);
		kj_xw_end(x);
	}
	if (n == 0) {
		kj_xw_start(x, "w:r");
		kj_xw_start(x, "w:t");
		kj_xw_text(x, "—");
		kj_xw_end(x);
		kj_xw_end(x);
	}
	kj_xw_end(x);
	kj_xw_end(x);
}

static void heading(struct docx *w, int i)
{
	const struct kj_doc_block *b = &w->d->blocks[i];
	struct kj_xw *x = &w->x;
	int level = b->level < 1 ? 1 : b->level > 3 ? 3 : b->level, n = ++w->headings;
	static const char *const style[4] = { "", "Heading1", "Heading2", "Heading3" };

	kj_xw_start(x, "w:p");
	kj_xw_start(x, "w:pPr");
	kj_xw_val(x, "w:pStyle", style[level]);
	if (level == 1)
		kj_xw_val(x, "w:pageBreakBefore", NULL);
	kj_xw_end(x);
	kj_xw_start(x, "w:bookmarkStart");
	kj_xw_attrf(x, "w:id", "%d", n);
	kj_xw_attrf(x, "w:name", "_kj_h%d", n);
	kj_xw_end(x);
	runs(x, b->text, 0);
	kj_xw_start(x, "w:bookmarkEnd");
	kj_xw_attrf(x, "w:id", "%d", n);
	kj_xw_end(x);
	kj_xw_end(x);
}

static const char *cell(const struct kj_doc_table *t, int r, int c)
{
	const char *s = t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];

	return s ? s : "";
}

/* Column widths in twips, by the longest cell of each (in characters, capped). */
static void col_widths(const struct kj_doc_table *t, int *tw)
{
	long sum = 0;
	long *chars = calloc((size_t)t->ncols, sizeof *chars);

	for (int c = 0; c < t->ncols; c++) {
		long m = 2;

		for (int r = 0; r < t->nrows && r < COL_SAMPLE_ROWS; r++) {
			long n = g_utf8_strlen(cell(t, r, c), -1);

			if (n > m)
				m = n;
		}
		m = m > COL_CHARS_MAX ? COL_CHARS_MAX : m;
		if (chars)
			chars[c] = m + 2;
		sum += m + 2;
	}
	for (int c = 0; c < t->ncols; c++)
		tw[c] = chars ? (int)(TEXT_W_TWIPS * chars[c] / sum) : TEXT_W_TWIPS / t->ncols;
	free(chars);
}

static void table(struct docx *w, const struct kj_doc_table *t)
{
	struct kj_xw *x = &w->x;
	int *tw = calloc((size_t)t->ncols, sizeof *tw);

	if (!tw) {
		x->fail = 1;
		return;
	}
	if (t->caption && *t->caption)
		para(x, "Caption", NULL, t->caption, 0);
	if (t->nrows == 0) {	/* Word wants a row in a table: none is written */
		free(tw);
		return;
	}
	col_widths(t, tw);
	kj_xw_start(x, "w:tbl");
	kj_xw_start(x, "w:tblPr");
	kj_xw_val(x, "w:tblStyle", "KjTable");
	kj_xw_start(x, "w:tblW");
	kj_xw_attr(x, "w:w", "5000");
	kj_xw_attr(x, "w:type", "pct");
	kj_xw_end(x);
	kj_xw_start(x, "w:tblLook");
	kj_xw_attr(x, "w:val", "04A0");
	kj_xw_end(x);
	kj_xw_end(x);
	kj_xw_start(x, "w:tblGrid");
	for (int c = 0; c < t->ncols; c++) {
		kj_xw_start(x, "w:gridCol");
		kj_xw_attrf(x, "w:w", "%d", tw[c]);
		kj_xw_end(x);
	}
	kj_xw_end(x);
	for (int r = 0; r < t->nrows && !x->fail; r++) {
		int head = r < t->header_rows;

		kj_xw_start(x, "w:tr");
		if (head) {
			kj_xw_start(x, "w:trPr");
			kj_xw_val(x, "w:tblHeader", NULL);
			kj_xw_end(x);
		}
		for (int c = 0; c < t->ncols; c++) {
			kj_xw_start(x, "w:tc");
			kj_xw_start(x, "w:tcPr");
			kj_xw_start(x, "w:tcW");
			kj_xw_attrf(x, "w:w", "%d", tw[c]);
			kj_xw_attr(x, "w:type", "dxa");
			kj_xw_end(x);
			if (head) {
				kj_xw_start(x, "w:shd");
				kj_xw_attr(x, "w:val", "clear");
				kj_xw_attr(x, "w:color", "auto");
				kj_xw_attr(x, "w:fill", "E8EBF0");
				kj_xw_end(x);
			}
			kj_xw_end(x);
			para(x, NULL, t->right[c] && !head ? "right" : NULL, cell(t, r, c), head);
			kj_xw_end(x);
		}
		kj_xw_end(x);
	}
	kj_xw_end(x);
	para(x, NULL, NULL, "", 0);	/* a table is followed by a paragraph */
	free(tw);
}

/* One chart image at its size, with ALT as its title and description. */
static void picture(struct kj_xw *x, int n, int wpx, int hpx, const char *title, const char *alt)
{
	long cx = (long)(KJ_CHART_PNG_WIDTH_PT * EMU_PER_PT);
	long cy = (long)((double)cx * hpx / wpx);
	char name[32];

	snprintf(name, sizeof name, "chart%d.png", n);
	kj_xw_start(x, "w:p");
	kj_xw_start(x, "w:r");
	kj_xw_start(x, "w:drawing");
	kj_xw_start(x, "wp:inline");
	for (int i = 0; i < 4; i++)
		kj_xw_attr(x, (const char *[]){ "distT", "distB", "distL", "distR" }[i], "0");
	kj_xw_start(x, "wp:extent");
	kj_xw_attrf(x, "cx", "%ld", cx);
	kj_xw_attrf(x, "cy", "%ld", cy);
	kj_xw_end(x);
	kj_xw_start(x, "wp:effectExtent");
	for (int i = 0; i < 4; i++)
		kj_xw_attr(x, (const char *[]){ "l", "t", "r", "b" }[i], "0");
	kj_xw_end(x);
	kj_xw_start(x, "wp:docPr");
	kj_xw_attrf(x, "id", "%d", n);
	kj_xw_attr(x, "name", name);
	kj_xw_attr(x, "descr", alt);
	kj_xw_attr(x, "title", title);
	kj_xw_end(x);
	kj_xw_start(x, "wp:cNvGraphicFramePr");
	kj_xw_start(x, "a:graphicFrameLocks");
	kj_xw_attr(x, "noChangeAspect", "1");
	kj_xw_end(x);
	kj_xw_end(x);
	kj_xw_start(x, "a:graphic");
	kj_xw_start(x, "a:graphicData");
	kj_xw_attr(x, "uri", "http://schemas.openxmlformats.org/drawingml/2006/picture");
	kj_xw_start(x, "pic:pic");
	kj_xw_start(x, "pic:nvPicPr");
	kj_xw_start(x, "pic:cNvPr");
	kj_xw_attrf(x, "id", "%d", n);
	kj_xw_attr(x, "name", name);
	kj_xw_attr(x, "descr", alt);
	kj_xw_end(x);
	kj_xw_val(x, "pic:cNvPicPr", NULL);
	kj_xw_end(x);
	kj_xw_start(x, "pic:blipFill");
	kj_xw_start(x, "a:blip");
	kj_xw_attrf(x, "r:embed", "rIdImg%d", n);
	kj_xw_end(x);
	kj_xw_start(x, "a:stretch");
	kj_xw_val(x, "a:fillRect", NULL);
	kj_xw_end(x);
	kj_xw_end(x);
	kj_xw_start(x, "pic:spPr");
	kj_xw_start(x, "a:xfrm");
	kj_xw_start(x, "a:off");
	kj_xw_attr(x, "x", "0");
	kj_xw_attr(x, "y", "0");
	kj_xw_end(x);
	kj_xw_start(x, "a:ext");
	kj_xw_attrf(x, "cx", "%ld", cx);
	kj_xw_attrf(x, "cy", "%ld", cy);
	kj_xw_end(x);
	kj_xw_end(x);
	kj_xw_start(x, "a:prstGeom");
	kj_xw_attr(x, "prst", "rect");
	kj_xw_val(x, "a:avLst", NULL);
	kj_xw_end(x);
	kj_xw_end(x);
	kj_xw_end(x);	/* pic:pic */
	kj_xw_end(x);	/* a:graphicData */
	kj_xw_end(x);	/* a:graphic */
	kj_xw_end(x);	/* wp:inline */
	kj_xw_end(x);	/* w:drawing */
	kj_xw_end(x);	/* w:r */
	kj_xw_end(x);	/* w:p */
}

/* A chart: its title as a caption, then one image per CHART_ROWS_PER_IMAGE rows. */
static int chart(struct docx *w, const struct kj_doc_chart *c)
{
	char *title = kj_doc_clean(c->title), *desc = kj_doc_clean(c->desc);
	char *alt = g_strconcat(title, *desc ? ": " : "", desc, NULL);
	int r0 = 0, rc = 0;

	para(&w->x, "Caption", NULL, title, 0);
	do {
		int r1 = r0 + CHART_ROWS_PER_IMAGE < c->nrows ? r0 + CHART_ROWS_PER_IMAGE : c->nrows;
		unsigned char *png;
		size_t len;
		int wpx, hpx;
		char name[48];

		if (kj_chart_png(c, w->en, r0, r1, &png, &len, &wpx, &hpx) < 0) {
			snprintf(w->err, sizeof w->err, "cannot draw the chart");
			rc = -1;
			break;
		}
		w->images++;
		snprintf(name, sizeof name, "word/media/image%d.png", w->images);
		if (kj_docx_add(w->z, name, png, len) < 0) {
			snprintf(w->err, sizeof w->err, "cannot add %s to the zip", name);
			rc = -1;
			break;
		}
		picture(&w->x, w->images, wpx, hpx, title, alt);
		r0 = r1;
	} while (r0 < c->nrows);
	g_free(alt);
	g_free(title);
	g_free(desc);
	return rc;
}

static void section(struct kj_xw *x)
{
	kj_xw_start(x, "w:sectPr");
	kj_xw_start(x, "w:footerReference");
	kj_xw_attr(x, "w:type", "default");
	kj_xw_attr(x, "r:id", "rIdFooter");
	kj_xw_end(x);
	kj_xw_start(x, "w:pgSz");
	kj_xw_attr(x, "w:w", "11906");
	kj_xw_attr(x, "w:h", "16838");
	kj_xw_end(x);
	kj_xw_start(x, "w:pgMar");
	for (int i = 0; i < 7; i++)
		kj_xw_attr(x, (const char *[]){ "w:top", "w:right", "w:bottom", "w:left", "w:header",
						"w:footer", "w:gutter" }[i],
			   (const char *[]){ "1134", "1134", "1134", "1134", "567", "567", "0" }[i]);
	kj_xw_end(x);
	kj_xw_end(x);
}

static int body(struct docx *w)
{
	const struct kj_doc *d = w->d;
	struct kj_xw *x = &w->x;

	kj_xw_start(x, "w:document");
	kj_xw_attr(x, "xmlns:w", DOCX_NS_W);
	kj_xw_attr(x, "xmlns:r", DOCX_NS_R);
	kj_xw_attr(x, "xmlns:wp",
		   "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing");
	kj_xw_attr(x, "xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main");
	kj_xw_attr(x, "xmlns:pic", "http://schemas.openxmlformats.org/drawingml/2006/picture");
	kj_xw_start(x, "w:body");
	para(x, "Title", NULL, d->title, 0);
	para(x, "Subtitle", NULL, d->subtitle, 0);
	para(x, NULL, "center", d->date, 0);
	page_break(x);
	contents(w);
	for (int i = 0; i < d->nblocks && !x->fail; i++) {
		const struct kj_doc_block *b = &d->blocks[i];

		if (i % KJ_DOC_PROGRESS_EVERY == 0)
			kj_doc_progress(w->o, i, d->nblocks);
		switch (b->kind) {
		case KJ_DOC_HEADING:
			heading(w, i);
			break;
		case KJ_DOC_PARA:
			para(x, NULL, NULL, b->text, 0);
			break;
		case KJ_DOC_TABLE:
			if (b->table)
				table(w, b->table);
			break;
		case KJ_DOC_CHART:
			if (b->chart && chart(w, b->chart) < 0)
				return -1;
			break;
		case KJ_DOC_PAGEBREAK:
			page_break(x);
			break;
		}
		if (!x->fail && xmlTextWriterFlush(x->w) >= 0 && xmlBufferLength(x->buf) > DOCX_PART_MAX) {
			snprintf(w->err, sizeof w->err, "the document is over %ld bytes",
				 (long)DOCX_PART_MAX);
			return -1;
		}
	}
	section(x);
	kj_xw_end(x);
	kj_xw_end(x);
	return x->fail ? -1 : 0;
}

int kj_doc_write_docx(const struct kj_doc *d, const char *path,
		      const struct kj_doc_write_opts *o, char *err, size_t errlen)
{
	struct docx w = { .d = d, .o = o, .en = kj_doc_en(o) };
	int zerr = 0, rc = -1;

	if (kj_doc_failed(d)) {
		snprintf(err, errlen, "the document is incomplete");
		return -1;
	}
	w.z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!w.z) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		snprintf(err, errlen, "cannot write %s: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	if (kj_docx_content_types(w.z) < 0 || kj_xw_open(&w.x) < 0) {
		snprintf(w.err, sizeof w.err, "out of memory");
		goto done;
	}
	if (body(&w) < 0 || kj_xw_close(&w.x, w.z, "word/document.xml") < 0 ||
	    kj_docx_parts(w.z, d, w.images) < 0) {
		if (!w.err[0])
			snprintf(w.err, sizeof w.err, "cannot write the document's XML");
		goto done;
	}
	if (zip_close(w.z) < 0) {
		snprintf(w.err, sizeof w.err, "%s", zip_strerror(w.z));
		goto done;
	}
	w.z = NULL;
	kj_doc_progress(o, d->nblocks, d->nblocks);
	rc = 0;
done:
	kj_xw_free(&w.x);
	if (w.z) {
		zip_discard(w.z);
		unlink(path);
	}
	if (rc < 0)
		snprintf(err, errlen, "cannot write %s: %s", path, w.err);
	return rc;
}
