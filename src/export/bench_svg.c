/* The benchmark's chart; see bench_svg.h. */
#include <stdio.h>
#include <string.h>

#include "export/bench_svg.h"
#include "export/svg_writer.h"

#define PAD	8
#define FS	12
#define INK	"#1A1A1C"
#define RULE	"#626264"
#define ROW_H	56	/* a row: the scale and a line of values under it */
#define SCALE_W	320	/* levels 0..4 */
#define LABEL_W	170

static void put_id(struct kj_svgw *w, const char *id, const char *suffix)
{
	for (const char *p = id ? id : "c"; *p && !w->fail; p++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (kj_buf_addc(w->b, ok ? c : '-') < 0)
			w->fail = 1;
	}
	kj_svg_put(w, suffix);
}

static void text(struct kj_svgw *w, int x, int y, const char *anchor, const char *s)
{
	kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\" fill=\"" INK
		    "\">", x, y, FS, anchor);
	kj_svg_esc(w, s);
	kj_svg_put(w, "</text>");
}

/* Estimated width in px (ASCII 0.6 em, anything else 1 em), to leave room. */
static int text_width(const char *s)
{
	int tenths = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p < 0x80)
			tenths += 6;
		else if ((*p & 0xC0) != 0x80)
			tenths += 10;
	}
	return (tenths * FS + 9) / 10;
}

static double xof(int x0, double level)
{
	if (level < 0)
		level = 0;
	if (level > 4)
		level = 4;
	return x0 + level * SCALE_W / 4.0;
}

/* The marks, drawn at (X, Y): a diamond (own), a triangle (nation). */
static void diamond(struct kj_svgw *w, double x, double y)
{
	kj_svg_putf(w, "<path d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\" fill=\"" INK "\"/>", x, y - 6);
}

static void triangle(struct kj_svgw *w, double x, double y)
{
	kj_svg_putf(w, "<path d=\"M%.1f %.1fl6 10h-12z\" fill=\"#FFFFFF\" stroke=\"" INK
		    "\" stroke-width=\"1.5\"/>", x, y - 5);
}

static void band(struct kj_svgw *w, const struct kj_bsvg_text *t, double x1, double x2, int y)
{
	kj_svg_putf(w, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"url(#",
		    x1, y, x2 - x1 < 2 ? 2 : x2 - x1);
	put_id(w, t->id, "-iqr)\" stroke=\"#0031D8\"/>");
}

static void median_bar(struct kj_svgw *w, double x, int y)
{
	kj_svg_putf(w, "<path d=\"M%.1f %dv24\" stroke=\"#0031D8\" stroke-width=\"3\""
		    " stroke-dasharray=\"4 2\"/>", x, y - 4);
}

static void fmt(char *out, size_t n, int has, double v, const char *none)
{
	if (has)
		snprintf(out, n, "%.2f", v);
	else
		snprintf(out, n, "%s", none);
}

/* The values of row R in words, into LINE. */
static void line_of(const struct kj_bsvg_text *t, const struct kj_bsvg_row *r, char *line,
		    size_t n)
{
	char own[32], med[32], q1[32], q3[32], nat[32];
	fmt(own, sizeof own, r->has_own, r->own, t->none);
	fmt(nat, sizeof nat, r->has_nation, r->nation, t->none);
	if (r->sector_suppressed) {
		snprintf(line, n, "%s %s / %s %s / %s %s", t->own, own, t->median, t->suppressed,
			 t->nation, nat);
		return;
	}
	fmt(med, sizeof med, r->has_sector, r->median, t->none);
	fmt(q1, sizeof q1, r->has_sector, r->q1, t->none);
	fmt(q3, sizeof q3, r->has_sector, r->q3, t->none);
	snprintf(line, n, "%s %s / %s %s (%s %s–%s) / %s %s", t->own, own, t->median, med,
		 t->iqr, q1, q3, t->nation, nat);
}

static void row(struct kj_svgw *w, const struct kj_bsvg_text *t, const struct kj_bsvg_row *r,
		int y)
{
	int x0 = PAD + LABEL_W;
	text(w, PAD, y + 13, "start", r->label);
	kj_svg_putf(w, "<path d=\"M%d %dh%d\" stroke=\"" RULE "\"/>", x0, y + 8, SCALE_W);
	if (r->has_sector && !r->sector_suppressed) {
		band(w, t, xof(x0, r->q1), xof(x0, r->q3), y);
		median_bar(w, xof(x0, r->median), y);
	}
	if (r->has_nation)
		triangle(w, xof(x0, r->nation), y + 8);
	if (r->has_own)
		diamond(w, xof(x0, r->own), y + 8);
	char line[320];
	line_of(t, r, line, sizeof line);
	text(w, x0, y + 38, "start", line);
}

static void legend(struct kj_svgw *w, const struct kj_bsvg_text *t, int y)
{
	int x = PAD;
	diamond(w, x + 6, y);
	text(w, x + 16, y + 4, "start", t->own);
	x += 16 + text_width(t->own) + 24;
	median_bar(w, x + 4, y - 8);
	text(w, x + 12, y + 4, "start", t->median);
	x += 12 + text_width(t->median) + 24;
	band(w, t, x, x + 24, y - 8);
	text(w, x + 30, y + 4, "start", t->iqr);
	x += 30 + text_width(t->iqr) + 24;
	triangle(w, x + 6, y);
	text(w, x + 16, y + 4, "start", t->nation);
}

/* The legend's width, as legend() lays it out. */
static int legend_width(const struct kj_bsvg_text *t)
{
	return PAD + 16 + text_width(t->own) + 24 + 12 + text_width(t->median) + 24 + 30 +
	       text_width(t->iqr) + 24 + 16 + text_width(t->nation) + PAD;
}

int kj_bsvg_ranges(struct kj_buf *b, const struct kj_bsvg_text *t, int n,
		   const struct kj_bsvg_row *rows)
{
	if (n < 1)
		return -1;
	int width = PAD + LABEL_W + SCALE_W + 40, top = PAD + 40;
	if (legend_width(t) > width)
		width = legend_width(t);
	char line[320];
	for (int i = 0; i < n; i++) {
		line_of(t, &rows[i], line, sizeof line);
		int need = PAD + LABEL_W + text_width(line) + 2 * PAD;
		if (need > width)
			width = need;
	}
	int height = top + n * ROW_H + 24;
	struct kj_buf svg;
	kj_buf_init(&svg, b->len < b->max ? b->max - b->len : 0);
	struct kj_svgw w = { &svg, 0 };
	kj_svg_putf(&w, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
		    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" aria-labelledby=\"",
		    width, height, width, height);
	put_id(&w, t->id, "-t ");
	put_id(&w, t->id, "-d\"><title id=\"");
	put_id(&w, t->id, "-t\">");
	kj_svg_esc(&w, t->title);
	kj_svg_put(&w, "</title><desc id=\"");
	put_id(&w, t->id, "-d\">");
	kj_svg_esc(&w, t->desc);
	kj_svg_put(&w, "</desc><defs><pattern id=\"");
	put_id(&w, t->id, "-iqr\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
	       "<rect width=\"6\" height=\"6\" fill=\"#C5D7FB\"/>"
	       "<path d=\"M0 6L6 0\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/></pattern></defs>");
	legend(&w, t, PAD + 12);
	/* The scale: levels 0..4 above the first row. */
	for (int l = 0; l <= 4; l++) {
		char s[4];
		snprintf(s, sizeof s, "%d", l);
		int x = (int)xof(PAD + LABEL_W, l);
		text(&w, x, top - 4, "middle", s);
		kj_svg_putf(&w, "<path d=\"M%d %dv%d\" stroke=\"#D8D8DB\"/>", x, top,
			    n * ROW_H - 20);
	}
	for (int i = 0; i < n; i++)
		row(&w, t, &rows[i], top + 4 + i * ROW_H);
	kj_svg_put(&w, "</svg>\n");
	int rc = w.fail || kj_buf_add(b, svg.data, svg.len) < 0 ? -1 : 0;
	kj_buf_free(&svg);
	return rc;
}
