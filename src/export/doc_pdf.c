/*
 * A document (doc.h) as PDF: A4 pages drawn with cairo, the text laid out
 * by pango in the Noto CJK fonts with the Japanese line-breaking rules.
 *
 * The document is laid out twice on the same surface: the first time
 * draws nothing and notes the page of each heading, the second draws, so
 * the contents page (after the cover) can give each chapter's and
 * section's page and link to it. The contents take the same room both
 * times (the page numbers sit in a column of their own), so the pages
 * learnt the first time are the pages drawn the second.
 *
 * Chapters (level-1 headings) start a new page; a table that runs over a
 * page repeats its caption, marked continued, and its header rows; a cell
 * or a paragraph wraps by word and, where a word is too long, by
 * character; a chart that runs over a page goes on with its next rows. The
 * headings are the PDF's outline too.
 */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "export/doc_chart_cairo.h"
#include "export/doc_text_priv.h"
#include "export/doc_write.h"

/* A4 in points, and the margins */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 56.7
#define MARGIN_TOP 56.7
#define MARGIN_BOTTOM 62.0
#define BODY_W (PAGE_W - 2 * MARGIN_X)
#define BODY_BOTTOM (PAGE_H - MARGIN_BOTTOM)
#define BODY_H (BODY_BOTTOM - MARGIN_TOP)

#define PARA_PT 10.0
#define CELL_PT 8.5
#define CELL_PAD_X 3.0
#define CELL_PAD_Y 2.0
#define TOC_NUM_W 40.0
#define PDF_PAGES_MAX 20000	/* pages of one document */
#define COL_SAMPLE_ROWS 2000	/* rows measured for a table's column widths */

static const double heading_pt[4] = { 0, 16.0, 13.0, 11.0 };

struct pdf {
	const struct kj_doc *d;
	const struct kj_doc_write_opts *o;
	cairo_surface_t *surface;
	cairo_t *cr;
	struct kj_typeset t;
	int pass;		/* 1: lay out only; 2: draw */
	int page;		/* the current page, from 1 (the cover) */
	int pages;		/* pages in all, learnt by pass 1 */
	int fresh;		/* nothing on the current page yet */
	double y;
	int *hpage;		/* per block: the page of a heading (pass 1) */
	int outline[4];		/* the outline's last item of each level */
	int fail;		/* 1: out of memory; 2: too many pages */
};

static void footer(struct pdf *p)
{
	char num[32];
	PangoLayout *l;

	if (p->pass != 2 || p->page < 2)
		return;
	snprintf(num, sizeof num, "%d / %d", p->page, p->pages);
	l = kj_typeset_layout(&p->t, KJ_FONT_SANS, 8.5, 0, BODY_W, PANGO_ALIGN_CENTER, num);
	cairo_set_source_rgb(p->cr, 0.38, 0.38, 0.39);
	kj_typeset_show(&p->t, l, MARGIN_X, PAGE_H - 36);
	g_object_unref(l);
}

static void new_page(struct pdf *p)
{
	footer(p);
	if (p->pass == 2)
		cairo_show_page(p->cr);
	if (++p->page > PDF_PAGES_MAX)
		p->fail = 2;
	p->y = MARGIN_TOP;
	p->fresh = 1;
}

/* A new page unless H points are left on this one. */
static void need(struct pdf *p, double h)
{
	if (!p->fresh && p->y + h > BODY_BOTTOM)
		new_page(p);
}

static void ink(struct pdf *p, double g)
{
	cairo_set_source_rgb(p->cr, g, g, g + 0.01);
}

/* An anchor from doc.c ("h12"), checked anyway: it goes into cairo's attributes. */
static int anchor_ok(const char *a)
{
	if (!a || !*a || strlen(a) > 32)
		return 0;
	for (; *a; a++)
		if (!((*a >= 'a' && *a <= 'z') || (*a >= 'A' && *a <= 'Z') ||
		      (*a >= '0' && *a <= '9') || *a == '-' || *a == '_'))
			return 0;
	return 1;
}

static void cover(struct pdf *p)
{
	const struct kj_doc *d = p->d;
	PangoLayout *l;
	double y = PAGE_H * 0.30;

	p->page = 1;
	if (p->pass != 2)
		return;
	l = kj_typeset_layout(&p->t, KJ_FONT_SANS, 24, 1, BODY_W, PANGO_ALIGN_CENTER, d->title);
	ink(p, 0.1);
	kj_typeset_show(&p->t, l, MARGIN_X, y);
	y += kj_typeset_h(l) + 18;
	g_object_unref(l);
	l = kj_typeset_layout(&p->t, KJ_FONT_SANS, 14, 0, BODY_W, PANGO_ALIGN_CENTER, d->subtitle);
	ink(p, 0.25);
	kj_typeset_show(&p->t, l, MARGIN_X, y);
	g_object_unref(l);
	l = kj_typeset_layout(&p->t, KJ_FONT_SANS, 12, 0, BODY_W, PANGO_ALIGN_CENTER, d->date);
	ink(p, 0.25);
	kj_typeset_show(&p->t, l, MARGIN_X, PAGE_H * 0.72);
	g_object_unref(l);
}

static void contents(struct pdf *p)
{
	const struct kj_doc *d = p->d;
	PangoLayout *l;

	new_page(p);
	l = kj_typeset_layout(&p->t, KJ_FONT_SANS, heading_pt[1], 1, BODY_W, PANGO_ALIGN_LEFT,
			      p->t.en ? "Contents" : "目次");
	ink(p, 0.1);
	kj_typeset_show(&p->t, l, MARGIN_X, p->y);
	p->y += kj_typeset_h(l) + 12;
	g_object_unref(l);
	for (int i = 0; i < d->nblocks && !p->fail; i++) {
		const struct kj_doc_block *b = &d->blocks[i];
		double indent = b->level == 2 ? 16 : 0, h;
		char num[16], attr[64];
		PangoLayout *n;

		if (b->kind != KJ_DOC_HEADING || b->level > 2)
			continue;
		l = kj_typeset_layout(&p->t, KJ_FONT_SANS, b->level == 1 ? 10.5 : 9.5, b->level == 1,
				      BODY_W - indent - TOC_NUM_W, PANGO_ALIGN_LEFT, b->text);
		h = kj_typeset_h(l) + (b->level == 1 ? 6 : 3);
		if (b->level == 1 && !p->fresh)
			h += 4;
		need(p, h);
		if (b->level == 1 && !p->fresh)
			p->y += 4;
		snprintf(num, sizeof num, "%d", p->hpage[i]);
		n = kj_typeset_layout(&p->t, KJ_FONT_SANS, 9.5, 0, TOC_NUM_W, PANGO_ALIGN_RIGHT, num);
		if (p->pass == 2) {
			int link = anchor_ok(b->anchor) &&
				   snprintf(attr, sizeof attr, "dest='%s'", b->anchor) <
					   (int)sizeof attr;

			if (link)
				cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attr);
			ink(p, 0.1);
			kj_typeset_show(&p->t, l, MARGIN_X + indent, p->y);
			kj_typeset_show(&p->t, n, MARGIN_X + BODY_W - TOC_NUM_W, p->y);
			if (link)
				cairo_tag_end(p->cr, CAIRO_TAG_LINK);
		}
		g_object_unref(n);
		g_object_unref(l);
		p->y += h;
		p->fresh = 0;
	}
}

static void heading(struct pdf *p, int i)
{
	const struct kj_doc_block *b = &p->d->blocks[i];
	int level = b->level < 1 ? 1 : b->level > 3 ? 3 : b->level;
	PangoLayout *l = kj_typeset_layout(&p->t, KJ_FONT_SANS, heading_pt[level], 1, BODY_W,
					   PANGO_ALIGN_LEFT, b->text);
	double h = kj_typeset_h(l), before = p->fresh ? 0 : level == 1 ? 0 : 10;
	char attr[64];

	if (level == 1 && !p->fresh)
		new_page(p);
	/* keep a heading with a few lines of what follows it */
	need(p, before + h + 48);
	if (!p->fresh)
		p->y += before;
	p->hpage[i] = p->page;
	if (p->pass == 2) {
		int dest = anchor_ok(b->anchor) &&
			   snprintf(attr, sizeof attr, "name='%s'", b->anchor) < (int)sizeof attr;

		if (dest)
			cairo_tag_begin(p->cr, CAIRO_TAG_DEST, attr);
		ink(p, 0.1);
		kj_typeset_show(&p->t, l, MARGIN_X, p->y);
		if (dest) {
			cairo_tag_end(p->cr, CAIRO_TAG_DEST);
			snprintf(attr, sizeof attr, "dest='%s'", b->anchor);
			char *s = kj_doc_clean(b->text);
			int parent = level == 1 ? CAIRO_PDF_OUTLINE_ROOT : p->outline[level - 1];

			p->outline[level] = cairo_pdf_surface_add_outline(
				p->surface, parent, s, attr,
				level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
			for (int k = level + 1; k <= 3; k++)
				p->outline[k] = p->outline[level];
			g_free(s);
		}
		if (level == 1) {
			cairo_set_source_rgb(p->cr, 0.184, 0.427, 0.710);
			cairo_rectangle(p->cr, MARGIN_X, p->y + h + 3, BODY_W, 1.2);
			cairo_fill(p->cr);
		}
	}
	p->y += h + (level == 1 ? 12 : 6);
	p->fresh = 0;
	g_object_unref(l);
}

/* A paragraph, line by line, going on to the next page where it must. */
static void para(struct pdf *p, const char *text)
{
	PangoLayout *l = kj_typeset_layout(&p->t, KJ_FONT_SERIF, PARA_PT, 0, BODY_W,
					   PANGO_ALIGN_LEFT, text);
	PangoLayoutIter *it;
	double off = 0;	/* layout y at the top of the current page's part */
	double top;

	pango_layout_set_spacing(l, (int)(PARA_PT * 0.5 * PANGO_SCALE));
	need(p, PARA_PT * 2);
	top = p->y;
	it = pango_layout_get_iter(l);
	do {
		int y0, y1;
		PangoRectangle r;

		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		pango_layout_iter_get_line_extents(it, NULL, &r);
		if (top + (double)y1 / PANGO_SCALE - off > BODY_BOTTOM && !p->fresh) {
			new_page(p);
			top = p->y;
			off = (double)y0 / PANGO_SCALE;
		}
		if (p->pass == 2) {
			ink(p, 0.1);
			cairo_move_to(p->cr, MARGIN_X + (double)r.x / PANGO_SCALE,
				      top + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE -
					      off);
			pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		}
		p->y = top + (double)y1 / PANGO_SCALE - off;
		p->fresh = 0;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	p->y += 6;
}

static const char *cell(const struct kj_doc_table *t, int r, int c)
{
	const char *s = t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];

	return s ? s : "";
}

/* Column widths: each column its natural width when all fit, else the
 * narrow ones theirs and the wide ones share the rest by their widths. */
static void col_widths(struct pdf *p, const struct kj_doc_table *t, double *w)
{
	double total = 0, fair = BODY_W / t->ncols, narrow = 0, wide = 0;

	for (int c = 0; c < t->ncols; c++) {
		w[c] = 24;
		for (int r = 0; r < t->nrows && r < COL_SAMPLE_ROWS; r++) {
			PangoLayout *l = kj_typeset_layout(&p->t, KJ_FONT_SANS, CELL_PT,
							   r < t->header_rows, 0, PANGO_ALIGN_LEFT,
							   cell(t, r, c));
			double n = kj_typeset_w(l) + 2 * CELL_PAD_X + 1;

			g_object_unref(l);
			if (n > w[c])
				w[c] = n > BODY_W ? BODY_W : n;
		}
		total += w[c];
	}
	if (total <= BODY_W)
		return;
	for (int c = 0; c < t->ncols; c++) {
		if (w[c] <= fair)
			narrow += w[c];
		else
			wide += w[c];
	}
	for (int c = 0; c < t->ncols; c++)
		if (w[c] > fair)
			w[c] = (BODY_W - narrow) * w[c] / wide;
}

/* One row's cells laid out in L; returns the row's height, at most CAP. */
static double row_layout(struct pdf *p, const struct kj_doc_table *t, int r, const double *w,
			 PangoLayout **l, double cap)
{
	double h = 0;

	for (int c = 0; c < t->ncols; c++) {
		l[c] = kj_typeset_layout(&p->t, KJ_FONT_SANS, CELL_PT, r < t->header_rows,
					 w[c] - 2 * CELL_PAD_X,
					 t->right[c] && r >= t->header_rows ? PANGO_ALIGN_RIGHT
									    : PANGO_ALIGN_LEFT,
					 cell(t, r, c));
		if (kj_typeset_h(l[c]) + 2 * CELL_PAD_Y > cap) {
			/* a cell taller than a page is cut with "…" */
			pango_layout_set_height(l[c], (int)((cap - 2 * CELL_PAD_Y) * PANGO_SCALE));
			pango_layout_set_ellipsize(l[c], PANGO_ELLIPSIZE_END);
		}
		if (kj_typeset_h(l[c]) + 2 * CELL_PAD_Y > h)
			h = kj_typeset_h(l[c]) + 2 * CELL_PAD_Y;
	}
	return h;
}

static void row_draw(struct pdf *p, const struct kj_doc_table *t, int r, const double *w,
		     PangoLayout **l, double h)
{
	double x = MARGIN_X;

	if (p->pass == 2) {
		for (int c = 0; c < t->ncols; x += w[c], c++) {
			if (r < t->header_rows) {
				cairo_set_source_rgb(p->cr, 0.91, 0.92, 0.94);
				cairo_rectangle(p->cr, x, p->y, w[c], h);
				cairo_fill(p->cr);
			}
			cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.62);
			cairo_set_line_width(p->cr, 0.5);
			cairo_rectangle(p->cr, x, p->y, w[c], h);
			cairo_stroke(p->cr);
			ink(p, 0.1);
			kj_typeset_show(&p->t, l[c], x + CELL_PAD_X, p->y + CELL_PAD_Y);
		}
	}
	p->y += h;
	p->fresh = 0;
}

static void caption(struct pdf *p, const char *s, int cont)
{
	char *text;
	PangoLayout *l;

	if (!s || !*s)
		return;
	text = g_strconcat(s, cont ? (p->t.en ? " (continued)" : "（続き）") : "", NULL);
	l = kj_typeset_layout(&p->t, KJ_FONT_SANS, 9.5, 1, BODY_W, PANGO_ALIGN_LEFT, text);
	if (p->pass == 2) {
		ink(p, 0.1);
		kj_typeset_show(&p->t, l, MARGIN_X, p->y);
	}
	p->y += kj_typeset_h(l) + 3;
	p->fresh = 0;
	g_object_unref(l);
	g_free(text);
}

static void table(struct pdf *p, const struct kj_doc_table *t)
{
	double *w = calloc((size_t)t->ncols, sizeof *w);
	PangoLayout **l = calloc((size_t)t->ncols, sizeof *l);
	int hr = t->header_rows < t->nrows ? t->header_rows : t->nrows;
	double head_h = 0, cap;

	if (!w || !l) {
		p->fail = 1;
		goto done;
	}
	col_widths(p, t, w);
	for (int r = 0; r < hr; r++) {
		head_h += row_layout(p, t, r, w, l, BODY_H / 4);
		for (int c = 0; c < t->ncols; c++)
			g_object_unref(l[c]);
	}
	/* headers taller than half a page are not repeated */
	if (head_h > BODY_H / 2)
		hr = 0, head_h = 0;
	cap = BODY_H - head_h - 30;
	need(p, 40 + head_h);
	caption(p, t->caption, 0);
	for (int r = 0; r < t->nrows && !p->fail; r++) {
		double h = row_layout(p, t, r, w, l, r < hr ? BODY_H / 4 : cap);

		if (p->y + h > BODY_BOTTOM && r >= hr) {
			new_page(p);
			caption(p, t->caption, 1);
			for (int k = 0; k < hr; k++) {
				PangoLayout **hl = calloc((size_t)t->ncols, sizeof *hl);
				double hh;

				if (!hl) {
					p->fail = 1;
					break;
				}
				hh = row_layout(p, t, k, w, hl, BODY_H / 4);
				row_draw(p, t, k, w, hl, hh);
				for (int c = 0; c < t->ncols; c++)
					g_object_unref(hl[c]);
				free(hl);
			}
		}
		row_draw(p, t, r, w, l, h);
		for (int c = 0; c < t->ncols; c++)
			g_object_unref(l[c]);
	}
	p->y += 10;
done:
	free(w);
	free(l);
}

static void chart(struct pdf *p, const struct kj_doc_chart *c)
{
	int r0 = 0;

	if (c->nrows == 0) {
		int saved = p->t.draw;

		p->t.draw = 0;
		need(p, kj_chart_draw(&p->t, c, MARGIN_X, p->y, BODY_W, 0, 0));
		p->t.draw = saved;
	}
	do {
		int n = kj_chart_fit(&p->t, c, BODY_W, r0, BODY_BOTTOM - p->y);
		int want = c->nrows - r0 < 3 ? c->nrows - r0 : 3;

		if (n < want && !p->fresh) {
			new_page(p);
			n = kj_chart_fit(&p->t, c, BODY_W, r0, BODY_BOTTOM - p->y);
		}
		if (n < 1 && c->nrows > r0)
			n = 1;	/* a page too small for one row: draw it anyway */
		p->y += kj_chart_draw(&p->t, c, MARGIN_X, p->y, BODY_W, r0, r0 + n) + 10;
		p->fresh = 0;
		r0 += n;
		if (r0 < c->nrows)
			new_page(p);
	} while (r0 < c->nrows && !p->fail);
}

static void body(struct pdf *p)
{
	const struct kj_doc *d = p->d;
	int n = d->nblocks;

	new_page(p);
	for (int i = 0; i < n && !p->fail; i++) {
		const struct kj_doc_block *b = &d->blocks[i];

		if (i % KJ_DOC_PROGRESS_EVERY == 0)
			kj_doc_progress(p->o, p->pass == 1 ? i / 2 : (n + i) / 2, n);
		switch (b->kind) {
		case KJ_DOC_HEADING:
			heading(p, i);
			break;
		case KJ_DOC_PARA:
			para(p, b->text);
			break;
		case KJ_DOC_TABLE:
			if (b->table)
				table(p, b->table);
			break;
		case KJ_DOC_CHART:
			if (b->chart)
				chart(p, b->chart);
			break;
		case KJ_DOC_PAGEBREAK:
			if (!p->fresh)
				new_page(p);
			break;
		}
	}
}

static void lay_out(struct pdf *p, int pass)
{
	p->pass = pass;
	p->t.draw = pass == 2;
	p->fresh = 1;
	cover(p);
	contents(p);
	body(p);
	footer(p);
	p->pages = p->page;
}

static void metadata(struct pdf *p)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	char *s;

	s = kj_doc_clean(p->d->title);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, s);
	g_free(s);
	s = kj_doc_clean(p->d->subtitle);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_SUBJECT, s);
	g_free(s);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "kijun");
	if (gmtime_r(&now, &tm) && strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, when);
}

int kj_doc_write_pdf(const struct kj_doc *d, const char *path,
		     const struct kj_doc_write_opts *o, char *err, size_t errlen)
{
	struct pdf p = { .d = d, .o = o };
	int rc = -1, made = 0;
	cairo_status_t st;

	if (kj_doc_failed(d)) {
		snprintf(err, errlen, "the document is incomplete");
		return -1;
	}
	p.hpage = calloc((size_t)d->nblocks + 1, sizeof *p.hpage);
	if (!p.hpage) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p.surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	st = cairo_surface_status(p.surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "cannot write %s: %s", path, cairo_status_to_string(st));
		goto done;
	}
	made = 1;
	p.cr = cairo_create(p.surface);
	if (kj_typeset_init(&p.t, p.cr, kj_doc_en(o)) < 0) {
		snprintf(err, errlen, "cannot set up the text layout");
		goto done;
	}
	metadata(&p);
	lay_out(&p, 1);
	if (!p.fail) {
		p.outline[1] = p.outline[2] = p.outline[3] = CAIRO_PDF_OUTLINE_ROOT;
		lay_out(&p, 2);
		cairo_show_page(p.cr);
	}
	if (p.fail) {
		if (p.fail == 2)
			snprintf(err, errlen, "the document is over %d pages", PDF_PAGES_MAX);
		else
			snprintf(err, errlen, "out of memory");
		goto done;
	}
	kj_doc_progress(o, d->nblocks, d->nblocks);
	cairo_destroy(p.cr);
	p.cr = NULL;
	cairo_surface_finish(p.surface);
	st = cairo_surface_status(p.surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "cannot write %s: %s", path, cairo_status_to_string(st));
		goto done;
	}
	rc = 0;
done:
	kj_typeset_done(&p.t);
	if (p.cr)
		cairo_destroy(p.cr);
	if (p.surface) {
		cairo_surface_finish(p.surface);
		cairo_surface_destroy(p.surface);
	}
	if (rc < 0 && made)
		unlink(path);
	free(p.hpage);
	return rc;
}

void kj_doc_fonts_release(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
