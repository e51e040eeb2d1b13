/*
 * Text and charts drawn with cairo and pango, shared by the PDF writer
 * (doc_pdf.c, on its PDF surface) and the docx writer (doc_docx.c, which
 * embeds the charts as PNG images drawn here on an image surface).
 *
 * A struct kj_typeset pairs a cairo context with the pango context its
 * text is laid out in: Japanese (so pango breaks lines by the Japanese
 * rules), Noto CJK fonts, sizes in the context's user units (points) and
 * unhinted metrics, so a layout measures the same on every surface. With
 * draw 0 nothing is drawn: the PDF writer lays the document out once to
 * learn the pages of its headings, then again to draw it.
 */
#ifndef KJ_EXPORT_DOC_CHART_CAIRO_H
#define KJ_EXPORT_DOC_CHART_CAIRO_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stddef.h>

#include "export/doc.h"

#define KJ_FONT_SANS "Noto Sans CJK JP"
#define KJ_FONT_SERIF "Noto Serif CJK JP"

/* The width of a chart image in the docx, and its pixels per point. */
#define KJ_CHART_PNG_WIDTH_PT 453.0	/* 6.3 inches */
#define KJ_CHART_PNG_SCALE 2.0		/* 144 dpi */
#define KJ_CHART_PNG_MAX (32 << 20)	/* bytes of one PNG */

struct kj_typeset {
	cairo_t *cr;		/* not owned */
	PangoContext *pc;	/* owned */
	int draw;		/* 0: lay out and measure only */
	int en;			/* the writer's own words in English */
};

/* Sets T up on CR (kept, not owned); 0, or -1 when pango fails. */
int kj_typeset_init(struct kj_typeset *t, cairo_t *cr, int en);
void kj_typeset_done(struct kj_typeset *t);

/*
 * A layout of TEXT (cleaned here: see kj_doc_clean) in FAMILY at SIZE
 * points, bold or not, wrapped at WIDTH points by word and, where a word
 * is too long, by character (WIDTH <= 0: no wrapping). The caller
 * g_object_unref()s it.
 */
PangoLayout *kj_typeset_layout(struct kj_typeset *t, const char *family, double size, int bold,
			       double width, PangoAlignment align, const char *text);
double kj_typeset_w(PangoLayout *l);
double kj_typeset_h(PangoLayout *l);
/* Draws L with its top left corner at X, Y (when T draws). */
void kj_typeset_show(struct kj_typeset *t, PangoLayout *l, double x, double y);

/*
 * A chart's rows [R0, R1) drawn WIDTH points wide: its title (marked as
 * continued when R0 > 0), its description (when R0 is 0), its legend or
 * column heads, the rows, the axis and a note on "—" when a value is
 * missing. Returns the height used; draws only when T draws.
 */
double kj_chart_draw(struct kj_typeset *t, const struct kj_doc_chart *c, double x, double y,
		     double width, int r0, int r1);
/* How many rows from R0 fit with the rest of the chart in HEIGHT points (may be 0). */
int kj_chart_fit(struct kj_typeset *t, const struct kj_doc_chart *c, double width, int r0,
		 double height);
/*
 * Rows [R0, R1) of chart C as a PNG KJ_CHART_PNG_WIDTH_PT wide: *PNG
 * (malloc'd, the caller frees it), its bytes *LEN and its size in pixels.
 * 0, or -1 (nothing to free).
 */
int kj_chart_png(const struct kj_doc_chart *c, int en, int r0, int r1, unsigned char **png,
		 size_t *len, int *wpx, int *hpx);

#endif
