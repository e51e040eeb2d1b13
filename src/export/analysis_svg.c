/*
 * The analysis charts as inline SVG (analysis_svg.h). Each chart is drawn
 * aside and added to the caller's buffer in one append, so a chart too big
 * for the room left fails alone and leaves the buffer as it was. Colour is
 * never the only carrier: every value is also printed, a suppressed value
 * is hatched grey with its label, and the page gives a table of the same
 * figures right after the chart.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "export/analysis_svg.h"
#include "export/svg_writer.h"

/* Ids: letters, digits and '-' only; anything else becomes '-'. */
static void put_id(struct kj_svgw *w, const char *id)
{
	for (const char *p = id ? id : "c"; *p && !w->fail; p++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (kj_buf_addc(w->b, ok ? c : '-') < 0)
			w->fail = 1;
	}
}

/* Estimated width in px (ASCII 0.6 em, anything else 1 em), to leave room. */
static int text_width(const char *s, int fs)
{
	int tenths = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p < 0x80)
			tenths += 6;
		else if ((*p & 0xC0) != 0x80)
			tenths += 10;
	}
	return (tenths * fs + 9) / 10;
}

#define PAD	8
#define FS	12
#define INK	"#1A1A1C"
#define RULE	"#626264"

void kj_asvg_pct(char *out, size_t n, double v, int defined, int is_signed)
{
	if (!defined) {
		snprintf(out, n, "—");
		return;
	}
	/* The API's 4 decimals, then tenths of a percent, in integers. */
	long long t = (long long)(v * 10000.0 + (v >= 0 ? 0.5 : -0.5));
	long long a = t < 0 ? -t : t, tenths = (a + 5) / 10;
	const char *sign = t < 0 && tenths ? "-" : is_signed && tenths ? "+" : "";
	snprintf(out, n, is_signed ? "%s%lld.%lld pt" : "%s%lld.%lld%%", sign, tenths / 10,
		 tenths % 10);
}

/* The hatch of a suppressed value, grey with white diagonals. */
static void defs(struct kj_svgw *w, const struct kj_asvg_head *h)
{
	kj_svg_put(w, "<defs><pattern id=\"");
	put_id(w, h->id);
	kj_svg_put(w, "-sup\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
	       "<rect width=\"6\" height=\"6\" fill=\"#D8D8DB\"/>"
	       "<path d=\"M0 6L6 0\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/></pattern></defs>");
}

static void sup_fill(struct kj_svgw *w, const struct kj_asvg_head *h)
{
	kj_svg_put(w, "url(#");
	put_id(w, h->id);
	kj_svg_put(w, "-sup)");
}

static void head(struct kj_svgw *w, const struct kj_asvg_head *h, int width, int height)
{
	kj_svg_putf(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
	     "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" aria-labelledby=\"",
	     width, height, width, height);
	put_id(w, h->id);
	kj_svg_put(w, "-t ");
	put_id(w, h->id);
	kj_svg_put(w, "-d\"><title id=\"");
	put_id(w, h->id);
	kj_svg_put(w, "-t\">");
	kj_svg_esc(w, h->title);
	kj_svg_put(w, "</title><desc id=\"");
	put_id(w, h->id);
	kj_svg_put(w, "-d\">");
	kj_svg_esc(w, h->desc);
	kj_svg_put(w, "</desc>");
	defs(w, h);
}

static void text(struct kj_svgw *w, int x, int y, const char *anchor, const char *fill,
		 const char *s)
{
	kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\" fill=\"%s\">", x, y,
	     FS, anchor, fill);
	kj_svg_esc(w, s);
	kj_svg_put(w, "</text>");
}

/* Finishes the chart in W's buffer and adds it to B in one append. */
static int finish(struct kj_buf *b, struct kj_svgw *w, struct kj_buf *svg)
{
	kj_svg_put(w, "</svg>\n");
	int rc = w->fail || kj_buf_add(b, svg->data, svg->len) < 0 ? -1 : 0;
	kj_buf_free(svg);
	return rc;
}

static int max_width(const char *const *labels, int n)
{
	int m = 0;
	for (int i = 0; i < n; i++) {
		int tw = text_width(labels[i], FS);
		if (tw > m)
			m = tw;
	}
	return m;
}

/* --- The heat map -------------------------------------------------------------- */

#define HM_W	72
#define HM_H	26

/* Five steps of one blue, lightest for the lowest rate; the two darkest
 * carry white text (contrast 4.5:1 or more both ways). */
static const char *const hm_fill[5] = { "#F1F5FE", "#C5D7FB", "#9DB7F9", "#3460FB", "#0031D8" };

static int hm_step(double v)
{
	int s = (int)(v * 5.0);
	return s < 0 ? 0 : s > 4 ? 4 : s;
}

int kj_asvg_heatmap(struct kj_buf *b, const struct kj_asvg_head *h, int nrows,
		    const char *const *rows, int ncols, const char *const *cols,
		    const struct kj_asvg_val *v)
{
	if (nrows < 1 || ncols < 1)
		return -1;
	/* Every column as wide as its heading, so that no two headings meet. */
	int cw = max_width(cols, ncols) + 12;
	if (cw < HM_W)
		cw = HM_W;
	int x0 = PAD + max_width(rows, nrows) + 8, y0 = PAD + 22;
	int width = x0 + ncols * cw + PAD, height = y0 + nrows * HM_H + PAD;
	struct kj_buf svg;
	kj_buf_init(&svg, b->len < b->max ? b->max - b->len : 0);
	struct kj_svgw w = { &svg, 0 };
	head(&w, h, width, height);
	for (int c = 0; c < ncols; c++)
		text(&w, x0 + c * cw + cw / 2, PAD + 12, "middle", INK, cols[c]);
	char pct[32];
	for (int r = 0; r < nrows; r++) {
		int y = y0 + r * HM_H;
		text(&w, x0 - 8, y + 17, "end", INK, rows[r]);
		for (int c = 0; c < ncols; c++) {
			const struct kj_asvg_val *e = &v[(size_t)r * (size_t)ncols + (size_t)c];
			int x = x0 + c * cw, dark = 0;
			kj_svg_putf(&w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" stroke=\"#FFFFFF\" "
			     "fill=\"", x, y, cw, HM_H);
			if (e->suppressed) {
				sup_fill(&w, h);
			} else if (e->defined) {
				dark = hm_step(e->v) >= 3;
				kj_svg_put(&w, hm_fill[hm_step(e->v)]);
			} else {
				kj_svg_put(&w, "#FFFFFF");
			}
			kj_svg_put(&w, "\"/>");
			if (e->suppressed)
				snprintf(pct, sizeof pct, "%s", h->suppressed ? h->suppressed : "");
			else
				kj_asvg_pct(pct, sizeof pct, e->v, e->defined, 0);
			text(&w, x + cw / 2, y + 17, "middle", dark ? "#FFFFFF" : INK, pct);
		}
	}
	return finish(b, &w, &svg);
}

/* --- Bars ---------------------------------------------------------------------- */

#define BAR_LEN	300
#define BAR_H	20

int kj_asvg_bars(struct kj_buf *b, const struct kj_asvg_head *h, int n,
		 const char *const *labels, const struct kj_asvg_val *v)
{
	if (n < 1)
		return -1;
	int x0 = PAD + max_width(labels, n) + 8, y0 = PAD + 16;
	int width = x0 + BAR_LEN + 80, height = y0 + n * BAR_H + PAD;
	struct kj_buf svg;
	kj_buf_init(&svg, b->len < b->max ? b->max - b->len : 0);
	struct kj_svgw w = { &svg, 0 };
	head(&w, h, width, height);
	for (int q = 0; q <= 4; q++) {
		char tick[8];
		snprintf(tick, sizeof tick, "%d%%", q * 25);
		int x = x0 + q * BAR_LEN / 4;
		kj_svg_putf(&w, "<path d=\"M%d %dV%d\" stroke=\"#D8D8DB\"/>", x, y0 - 2, y0 + n * BAR_H);
		text(&w, x, PAD + 10, "middle", RULE, tick);
	}
	char pct[32];
	for (int i = 0; i < n; i++) {
		int y = y0 + i * BAR_H;
		text(&w, x0 - 8, y + 14, "end", INK, labels[i]);
		int len = 0;
		if (v[i].suppressed) {
			len = 40;
			kj_svg_putf(&w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"", x0,
			     y + 3, len, BAR_H - 6);
			sup_fill(&w, h);
			kj_svg_put(&w, "\"/>");
			snprintf(pct, sizeof pct, "%s", h->suppressed ? h->suppressed : "");
		} else {
			if (v[i].defined) {
				len = (int)lround(v[i].v * BAR_LEN);
				kj_svg_putf(&w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				     "fill=\"#3460FB\"/>", x0, y + 3, len, BAR_H - 6);
			}
			kj_asvg_pct(pct, sizeof pct, v[i].v, v[i].defined, 0);
		}
		text(&w, x0 + len + 6, y + 14, "start", INK, pct);
	}
	kj_svg_putf(&w, "<path d=\"M%d %dV%d\" stroke=\"" RULE "\"/>", x0, y0 - 2, y0 + n * BAR_H);
	return finish(b, &w, &svg);
}

/* --- Stacked bars -------------------------------------------------------------- */

#define ST_LEN	360

/* Level 0 red to level 4 dark blue, N/A grey; each segment has a <title>,
 * and the legend and the table after the chart give the counts. */
static const char *const st_fill[KJ_ASVG_SEGMENTS] = {
	"#CE0000", "#FF7628", "#FFD43D", "#7096F8", "#0031D8", "#949497",
};

static void legend(struct kj_svgw *w, const struct kj_asvg_head *h, int x, int y)
{
	for (int s = 0; s < KJ_ASVG_SEGMENTS; s++) {
		const char *name = h->legend ? h->legend[s] : "";
		if (!name)
			continue;	/* a segment the chart does not use */
		kj_svg_putf(w, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\" "
		     "stroke=\"" INK "\" stroke-width=\"0.5\"/>", x, y - 10, st_fill[s]);
		text(w, x + 16, y, "start", INK, name);
		x += 16 + text_width(name, FS) + 14;
	}
}

int kj_asvg_stacked(struct kj_buf *b, const struct kj_asvg_head *h, int n,
		    const char *const *labels, const long (*levels)[KJ_ASVG_SEGMENTS],
		    const unsigned char *sup)
{
	if (n < 1)
		return -1;
	int x0 = PAD + max_width(labels, n) + 8, y0 = PAD + 24;
	int lw = 0;
	for (int s = 0; s < KJ_ASVG_SEGMENTS; s++)
		if (!h->legend || h->legend[s])
			lw += 30 + text_width(h->legend ? h->legend[s] : "", FS);
	int width = x0 + ST_LEN + 80;
	if (PAD + lw + PAD > width)
		width = PAD + lw + PAD;
	int height = y0 + n * BAR_H + PAD;
	struct kj_buf svg;
	kj_buf_init(&svg, b->len < b->max ? b->max - b->len : 0);
	struct kj_svgw w = { &svg, 0 };
	head(&w, h, width, height);
	legend(&w, h, PAD, PAD + 12);
	for (int i = 0; i < n; i++) {
		int y = y0 + i * BAR_H;
		text(&w, x0 - 8, y + 14, "end", INK, labels[i]);
		long total = 0;
		for (int s = 0; !sup[i] && s < KJ_ASVG_SEGMENTS; s++)
			total += levels[i][s] > 0 ? levels[i][s] : 0;
		if (sup[i] || total <= 0) {
			if (sup[i]) {
				kj_svg_putf(&w, "<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"%d\" fill=\"",
				     x0, y + 3, BAR_H - 6);
				sup_fill(&w, h);
				kj_svg_put(&w, "\"/>");
			}
			text(&w, x0 + (sup[i] ? 46 : 0), y + 14, "start", INK,
			     sup[i] && h->suppressed ? h->suppressed : "—");
			continue;
		}
		long acc = 0;
		for (int s = 0; s < KJ_ASVG_SEGMENTS; s++) {
			long c = levels[i][s] > 0 ? levels[i][s] : 0;
			int xa = x0 + (int)(acc * ST_LEN / total), xb = x0 + (int)((acc + c) * ST_LEN / total);
			acc += c;
			if (xb <= xa)
				continue;
			kj_svg_putf(&w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
			     "stroke=\"#FFFFFF\" stroke-width=\"0.5\"><title>", xa, y + 3, xb - xa,
			     BAR_H - 6, st_fill[s]);
			kj_svg_esc(&w, h->legend ? h->legend[s] : "");
			kj_svg_putf(&w, ": %ld</title></rect>", c);
		}
		char cnt[32];
		snprintf(cnt, sizeof cnt, "%ld", total);
		text(&w, x0 + ST_LEN + 6, y + 14, "start", INK, cnt);
	}
	return finish(b, &w, &svg);
}

/* --- The radar ----------------------------------------------------------------- */

#define RAD	110

int kj_asvg_radar(struct kj_buf *b, const struct kj_asvg_head *h, int n,
		  const char *const *labels, const struct kj_asvg_val *v)
{
	if (n < 3)
		return -1;
	int lw = max_width(labels, n) + 70;
	int cx = PAD + lw + RAD, cy = PAD + 24 + RAD;
	int width = 2 * cx, height = cy + RAD + 40;
	struct kj_buf svg;
	kj_buf_init(&svg, b->len < b->max ? b->max - b->len : 0);
	struct kj_svgw w = { &svg, 0 };
	head(&w, h, width, height);
	const double pi = 3.14159265358979323846;
	for (int ring = 1; ring <= 4; ring++) {
		kj_svg_put(&w, "<polygon fill=\"none\" stroke=\"#D8D8DB\" points=\"");
		for (int i = 0; i < n; i++) {
			double a = -pi / 2 + 2 * pi * i / n, r = RAD * ring / 4.0;
			kj_svg_putf(&w, "%s%.1f,%.1f", i ? " " : "", cx + r * cos(a), cy + r * sin(a));
		}
		kj_svg_put(&w, "\"/>");
	}
	kj_svg_put(&w, "<polygon fill=\"#3460FB\" fill-opacity=\"0.35\" stroke=\"#0031D8\" "
	       "stroke-width=\"2\" points=\"");
	for (int i = 0; i < n; i++) {
		double a = -pi / 2 + 2 * pi * i / n;
		double r = !v[i].suppressed && v[i].defined ? RAD * v[i].v : 0;
		kj_svg_putf(&w, "%s%.1f,%.1f", i ? " " : "", cx + r * cos(a), cy + r * sin(a));
	}
	kj_svg_put(&w, "\"/>");
	char lab[160], pct[32];
	for (int i = 0; i < n; i++) {
		double a = -pi / 2 + 2 * pi * i / n;
		int ex = (int)lround(cx + RAD * cos(a)), ey = (int)lround(cy + RAD * sin(a));
		kj_svg_putf(&w, "<path d=\"M%d %dL%d %d\" stroke=\"" RULE "\"/>", cx, cy, ex, ey);
		if (v[i].suppressed)
			snprintf(pct, sizeof pct, "%s", h->suppressed ? h->suppressed : "");
		else
			kj_asvg_pct(pct, sizeof pct, v[i].v, v[i].defined, 0);
		snprintf(lab, sizeof lab, "%s %s", labels[i], pct);
		double c = cos(a);
		const char *anchor = c > 0.2 ? "start" : c < -0.2 ? "end" : "middle";
		int ty = (int)lround(cy + (RAD + 16) * sin(a)) + 4;
		text(&w, (int)lround(cx + (RAD + 8) * c), ty, anchor, INK, lab);
	}
	return finish(b, &w, &svg);
}
