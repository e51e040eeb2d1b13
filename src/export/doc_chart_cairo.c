/*
 * Text and charts with cairo and pango (doc_chart_cairo.h). A chart is
 * drawn the same on the PDF's page (vector) and on the docx's PNG. Colour
 * is never the only carrier: every value is printed beside its bar or in
 * its cell, a missing (suppressed) value is printed "—" with a note under
 * the chart, and the stacked bars' parts follow their legend's order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export/doc_chart_cairo.h"
#include "export/doc_text_priv.h"

#define TITLE_PT 10.5
#define DESC_PT 8.0
#define LABEL_PT 8.0
#define VALUE_PT 7.5
#define ROW_H 15.0		/* a bar's row */
#define HEAT_ROW_H 17.0		/* a heat map's row */
#define AXIS_H 12.0
#define VALUE_W 46.0		/* room right of a bar for its value */
#define HEAD_LINES 3		/* lines of a heat map's column head */
#define PNG_PAD 8.0

static const double palette[][3] = {
	{ 0.698, 0.094, 0.169 }, { 0.937, 0.541, 0.384 }, { 0.992, 0.859, 0.780 },
	{ 0.820, 0.898, 0.941 }, { 0.404, 0.663, 0.812 }, { 0.129, 0.400, 0.675 },
	{ 0.498, 0.498, 0.498 }, { 0.549, 0.318, 0.039 }, { 0.004, 0.400, 0.369 },
	{ 0.463, 0.165, 0.514 }, { 0.106, 0.471, 0.216 }, { 0.773, 0.106, 0.490 },
	{ 0.302, 0.573, 0.129 }, { 0.878, 0.510, 0.078 }, { 0.329, 0.153, 0.533 },
	{ 0.600, 0.600, 0.600 },
};

int kj_typeset_init(struct kj_typeset *t, cairo_t *cr, int en)
{
	cairo_font_options_t *fo;

	memset(t, 0, sizeof *t);
	t->cr = cr;
	t->en = en;
	t->draw = 1;
	t->pc = pango_cairo_create_context(cr);
	if (!t->pc)
		return -1;
	/* Unhinted metrics: a layout measures the same on a PDF page and on
	 * a PNG scaled to 144 dpi. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(t->pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(t->pc, FALSE);
	pango_context_set_language(t->pc, pango_language_from_string("ja"));
	return 0;
}

void kj_typeset_done(struct kj_typeset *t)
{
	if (t->pc)
		g_object_unref(t->pc);
	t->pc = NULL;
}

PangoLayout *kj_typeset_layout(struct kj_typeset *t, const char *family, double size, int bold,
			       double width, PangoAlignment align, const char *text)
{
	PangoLayout *l = pango_layout_new(t->pc);
	PangoFontDescription *fd = pango_font_description_new();
	char *s;

	pango_font_description_set_family_static(fd, family);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	/* Text, never markup: a user's "<b>" is four characters. */
	s = kj_doc_clean(text);
	pango_layout_set_text(l, s, -1);
	g_free(s);
	return l;
}

double kj_typeset_w(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

double kj_typeset_h(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

void kj_typeset_show(struct kj_typeset *t, PangoLayout *l, double x, double y)
{
	if (!t->draw)
		return;
	cairo_move_to(t->cr, x, y);
	pango_cairo_show_layout(t->cr, l);
}

/* Shows TEXT at X, Y in colour R, G, B; returns its height. */
static double text(struct kj_typeset *t, double x, double y, double width, double size, int bold,
		   PangoAlignment align, const char *s, double r, double g, double b)
{
	PangoLayout *l = kj_typeset_layout(t, KJ_FONT_SANS, size, bold, width, align, s);
	double h = kj_typeset_h(l);

	if (t->draw) {
		cairo_set_source_rgb(t->cr, r, g, b);
		kj_typeset_show(t, l, x, y);
	}
	g_object_unref(l);
	return h;
}

/* One line of S at X, Y, cut with "…" at WIDTH, vertically centred in ROW_HEIGHT. */
static double label(struct kj_typeset *t, double x, double y, double width, double row_h,
		    PangoAlignment align, const char *s, double size, double r, double g, double b)
{
	PangoLayout *l = kj_typeset_layout(t, KJ_FONT_SANS, size, 0, width, align, s);
	double w;

	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	w = kj_typeset_w(l);
	if (t->draw) {
		cairo_set_source_rgb(t->cr, r, g, b);
		kj_typeset_show(t, l, x, y + (row_h - kj_typeset_h(l)) / 2);
	}
	g_object_unref(l);
	return w;
}

static double natural_w(struct kj_typeset *t, const char *s, double size)
{
	PangoLayout *l = kj_typeset_layout(t, KJ_FONT_SANS, size, 0, 0, PANGO_ALIGN_LEFT, s);
	double w = kj_typeset_w(l);

	g_object_unref(l);
	return w;
}

static void rect(struct kj_typeset *t, double x, double y, double w, double h, double r, double g,
		 double b)
{
	if (!t->draw || w <= 0 || h <= 0)
		return;
	cairo_set_source_rgb(t->cr, r, g, b);
	cairo_rectangle(t->cr, x, y, w, h);
	cairo_fill(t->cr);
}

/* 1 when dark text reads better than white on RGB: relative luminance
 * (on linear light) above the point where the two contrasts are equal. */
static int light(const double *rgb)
{
	return 0.2126 * pow(rgb[0], 2.2) + 0.7152 * pow(rgb[1], 2.2) +
		       0.0722 * pow(rgb[2], 2.2) > 0.18;
}

static double v_at(const struct kj_doc_chart *c, int row, int s)
{
	return c->values[(size_t)row * (size_t)c->nseries + (size_t)s];
}

/* The row labels' column: wide enough for the longest label, at most a third. */
static double label_w(struct kj_typeset *t, const struct kj_doc_chart *c, double width)
{
	double w = 40;

	for (int i = 0; i < c->nrows; i++) {
		double n = natural_w(t, c->rows[i], LABEL_PT) + 6;

		if (n > w)
			w = n;
	}
	return w > width / 3 ? width / 3 : w;
}

/* The stacked bars' legend: a swatch and the name of each series, in lines. */
static double legend(struct kj_typeset *t, const struct kj_doc_chart *c, double x, double y,
		     double width)
{
	double cx = 0, cy = 0, line_h = LABEL_PT * 1.6;

	for (int s = 0; s < c->nseries; s++) {
		double w = natural_w(t, c->series[s], LABEL_PT);
		const double *col = palette[s % (int)(sizeof palette / sizeof palette[0])];

		if (w > width - 14)
			w = width - 14;
		if (cx > 0 && cx + 14 + w > width) {
			cx = 0;
			cy += line_h;
		}
		rect(t, x + cx, y + cy + (line_h - 8) / 2, 8, 8, col[0], col[1], col[2]);
		label(t, x + cx + 11, y + cy, w + 1, line_h, PANGO_ALIGN_LEFT, c->series[s],
		      LABEL_PT, 0.1, 0.1, 0.11);
		cx += 14 + w + 8;
	}
	return cy + line_h + 2;
}

static double bars(struct kj_typeset *t, const struct kj_doc_chart *c, double x, double y,
		   double width, double labw, int r0, int r1)
{
	double px = x + labw, pw = width - labw - VALUE_W, top = y;
	char v[64];

	if (pw < 20)
		pw = 20;
	/* grid lines at quarters of the axis, under the bars */
	for (int q = 0; q <= 4 && t->draw; q++) {
		rect(t, px + pw * q / 4.0, top, 0.5, ROW_H * (r1 - r0), 0.85, 0.85, 0.86);
	}
	for (int i = r0; i < r1; i++, y += ROW_H) {
		double val = v_at(c, i, 0);

		label(t, x, y, labw - 6, ROW_H, PANGO_ALIGN_LEFT, c->rows[i], LABEL_PT, 0.1, 0.1, 0.11);
		kj_doc_value(v, sizeof v, val, c->unit);
		if (isnan(val)) {
			label(t, px + 3, y, VALUE_W, ROW_H, PANGO_ALIGN_LEFT, v, VALUE_PT, 0.38, 0.38,
			      0.39);
			continue;
		}
		double f = val / c->max, bw;

		f = f < 0 ? 0 : f > 1 ? 1 : f;
		bw = pw * f;
		rect(t, px, y + 2.5, bw, ROW_H - 5, 0.184, 0.427, 0.710);
		label(t, px + bw + 3, y, VALUE_W - 3, ROW_H, PANGO_ALIGN_LEFT, v, VALUE_PT, 0.1, 0.1,
		      0.11);
	}
	/* the axis: 0, half and the top, with the unit */
	for (int q = 0; q <= 4; q += 2) {
		kj_doc_value(v, sizeof v, c->max * q / 4.0, c->unit);
		label(t, px + pw * q / 4.0 - 30, y + 1, 60, AXIS_H, PANGO_ALIGN_CENTER, v, VALUE_PT,
		      0.38, 0.38, 0.39);
	}
	return y - top + AXIS_H + 2;
}

static double stacked(struct kj_typeset *t, const struct kj_doc_chart *c, double x, double y,
		      double width, double labw, int r0, int r1)
{
	double px = x + labw, pw = width - labw, top = y;
	char v[64];

	y += legend(t, c, x, y, width);
	for (int i = r0; i < r1; i++, y += ROW_H) {
		double sum = 0, at = px;
		int known = 0;

		label(t, x, y, labw - 6, ROW_H, PANGO_ALIGN_LEFT, c->rows[i], LABEL_PT, 0.1, 0.1, 0.11);
		for (int s = 0; s < c->nseries; s++) {
			if (!isnan(v_at(c, i, s)) && v_at(c, i, s) > 0) {
				sum += v_at(c, i, s);
				known = 1;
			}
		}
		if (!known || !(sum > 0)) {
			label(t, px + 3, y, 40, ROW_H, PANGO_ALIGN_LEFT, "—", VALUE_PT, 0.38, 0.38,
			      0.39);
			continue;
		}
		for (int s = 0; s < c->nseries; s++) {
			double val = v_at(c, i, s), w;
			const double *col = palette[s % (int)(sizeof palette / sizeof palette[0])];

			if (isnan(val) || val <= 0)
				continue;
			w = pw * val / sum;
			rect(t, at, y + 2, w, ROW_H - 4, col[0], col[1], col[2]);
			kj_doc_value(v, sizeof v, val, c->unit);
			if (natural_w(t, v, VALUE_PT) + 3 < w) {
				double ink = light(col) ? 0.1 : 1.0;

				label(t, at, y, w, ROW_H, PANGO_ALIGN_CENTER, v, VALUE_PT, ink, ink,
				      ink);
			}
			at += w;
		}
	}
	return y - top + 2;
}

static double heat(struct kj_typeset *t, const struct kj_doc_chart *c, double x, double y,
		   double width, double labw, int r0, int r1)
{
	double cw = (width - labw) / c->nseries, head = 0, top = y;
	char v[64];

	for (int s = 0; s < c->nseries; s++) {
		PangoLayout *l = kj_typeset_layout(t, KJ_FONT_SANS, VALUE_PT, 1, cw - 2,
						   PANGO_ALIGN_CENTER, c->series[s]);

		pango_layout_set_height(l, -HEAD_LINES);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		if (kj_typeset_h(l) > head)
			head = kj_typeset_h(l);
		if (t->draw) {
			cairo_set_source_rgb(t->cr, 0.1, 0.1, 0.11);
			kj_typeset_show(t, l, x + labw + cw * s + 1, y);
		}
		g_object_unref(l);
	}
	y += head + 2;
	for (int i = r0; i < r1; i++, y += HEAT_ROW_H) {
		label(t, x, y, labw - 6, HEAT_ROW_H, PANGO_ALIGN_LEFT, c->rows[i], LABEL_PT, 0.1,
		      0.1, 0.11);
		for (int s = 0; s < c->nseries; s++) {
			double val = v_at(c, i, s), cx = x + labw + cw * s, rgb[3];

			if (isnan(val)) {
				rgb[0] = rgb[1] = 0.85;
				rgb[2] = 0.86;
			} else {
				double f = val / c->max;

				f = f < 0 ? 0 : f > 1 ? 1 : f;
				rgb[0] = 0.94 + (0.03 - 0.94) * f;
				rgb[1] = 0.96 + (0.19 - 0.96) * f;
				rgb[2] = 0.98 + (0.42 - 0.98) * f;
			}
			rect(t, cx + 0.5, y + 0.5, cw - 1, HEAT_ROW_H - 1, rgb[0], rgb[1], rgb[2]);
			kj_doc_value(v, sizeof v, val, c->unit);
			double ink = light(rgb) ? 0.1 : 1.0;

			label(t, cx, y, cw, HEAT_ROW_H, PANGO_ALIGN_CENTER, v, VALUE_PT, ink, ink, ink);
		}
	}
	return y - top + 2;
}

static int any_missing(const struct kj_doc_chart *c, int r0, int r1)
{
	for (int i = r0; i < r1; i++)
		for (int s = 0; s < c->nseries; s++)
			if (isnan(v_at(c, i, s)))
				return 1;
	return 0;
}

double kj_chart_draw(struct kj_typeset *t, const struct kj_doc_chart *c, double x, double y,
		     double width, int r0, int r1)
{
	double top = y, labw = label_w(t, c, width);
	char *title;

	if (r0 < 0)
		r0 = 0;
	if (r1 > c->nrows)
		r1 = c->nrows;
	if (r1 < r0)
		r1 = r0;
	title = g_strconcat(c->title ? c->title : "",
			    r0 > 0 ? (t->en ? " (continued)" : "（続き）") : "", NULL);
	y += text(t, x, y, width, TITLE_PT, 1, PANGO_ALIGN_LEFT, title, 0.1, 0.1, 0.11) + 2;
	g_free(title);
	if (r0 == 0 && c->desc && *c->desc)
		y += text(t, x, y, width, DESC_PT, 0, PANGO_ALIGN_LEFT, c->desc, 0.30, 0.30, 0.31) +
		     4;
	switch (c->kind) {
	case KJ_CHART_BARS:
		y += bars(t, c, x, y, width, labw, r0, r1);
		break;
	case KJ_CHART_STACKED:
		y += stacked(t, c, x, y, width, labw, r0, r1);
		break;
	case KJ_CHART_HEAT:
		y += heat(t, c, x, y, width, labw, r0, r1);
		break;
	}
	if (any_missing(c, r0, r1))
		y += text(t, x, y, width, DESC_PT, 0, PANGO_ALIGN_LEFT,
			  t->en ? "—: suppressed (too few to show) or no value"
			       : "—：秘匿（少数のため非表示）または値なし",
			  0.30, 0.30, 0.31);
	return y - top;
}

int kj_chart_fit(struct kj_typeset *t, const struct kj_doc_chart *c, double width, int r0,
		 double height)
{
	int saved = t->draw, n;
	double fixed, row = c->kind == KJ_CHART_HEAT ? HEAT_ROW_H : ROW_H;

	t->draw = 0;
	/* the chart without rows, and room for the note on "—" */
	fixed = kj_chart_draw(t, c, 0, 0, width, r0, r0) + DESC_PT * 1.6;
	t->draw = saved;
	n = (int)floor((height - fixed) / row);
	if (n < 0)
		n = 0;
	if (n > c->nrows - r0)
		n = c->nrows - r0;
	return n;
}

struct png_buf {
	unsigned char *p;
	size_t len, cap;
	int fail;
};

static cairo_status_t png_write(void *arg, const unsigned char *data, unsigned int n)
{
	struct png_buf *b = arg;

	if (b->fail || n > KJ_CHART_PNG_MAX - b->len) {
		b->fail = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		unsigned char *q;

		while (cap < b->len + n)
			cap *= 2;
		q = realloc(b->p, cap);
		if (!q) {
			b->fail = 1;
			return CAIRO_STATUS_NO_MEMORY;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	return CAIRO_STATUS_SUCCESS;
}

int kj_chart_png(const struct kj_doc_chart *c, int en, int r0, int r1, unsigned char **png,
		 size_t *len, int *wpx, int *hpx)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	cairo_t *cr = cairo_create(s);
	struct kj_typeset t;
	struct png_buf b = { 0 };
	double w = KJ_CHART_PNG_WIDTH_PT, h;
	int rc = -1;

	*png = NULL;
	*len = 0;
	if (kj_typeset_init(&t, cr, en) < 0)
		goto done;
	t.draw = 0;
	h = kj_chart_draw(&t, c, PNG_PAD, PNG_PAD, w - 2 * PNG_PAD, r0, r1) + 2 * PNG_PAD;
	kj_typeset_done(&t);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	*wpx = (int)ceil(w * KJ_CHART_PNG_SCALE);
	*hpx = (int)ceil(h * KJ_CHART_PNG_SCALE);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *wpx, *hpx);
	cr = cairo_create(s);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		goto done;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, KJ_CHART_PNG_SCALE, KJ_CHART_PNG_SCALE);
	if (kj_typeset_init(&t, cr, en) < 0)
		goto done;
	kj_chart_draw(&t, c, PNG_PAD, PNG_PAD, w - 2 * PNG_PAD, r0, r1);
	kj_typeset_done(&t);
	cairo_surface_flush(s);
	if (cairo_surface_write_to_png_stream(s, png_write, &b) != CAIRO_STATUS_SUCCESS || b.fail)
		goto done;
	*png = b.p;
	*len = b.len;
	b.p = NULL;
	rc = 0;
done:
	kj_typeset_done(&t);
	free(b.p);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return rc;
}
