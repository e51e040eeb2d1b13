/*
 * The coverage heat map as inline SVG: sectors down, the Part 3
 * requirements across, grouped by function, each cell painted by its
 * state with a pattern that stays distinct in greyscale, and a <title> on
 * every cell. Export code: it writes SVG with its own escaper rather than
 * borrowing src/web's, so that it does not depend on the web layer above.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "export/coverage_svg.h"
#include "export/svg_writer.h"

/*
 * Estimated width in px of S at font size FS: no font metrics in the
 * model, so ASCII counts 0.6 em and anything else (kana, kanji) 1 em.
 * Only used to leave room, never to clip.
 */
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

#define CELL_W		9	/* column pitch; the cell is 1 px narrower */
#define CELL_H		18
#define GROUP_GAP	9	/* between the functions 3.2 ... 3.7 */
#define PAD		8
#define FS_LABEL	12
#define FS_SMALL	11
#define INK		"#1A1A1C"
#define RULE		"#626264"

/* How each state is painted: solid, hatched, dotted, crossed out. */
static const char *const cov_fill[KJ_NCOV] = {
	"url(#cov-n)", "url(#cov-o)", "url(#cov-i)", "#0017C1",
};

/*
 * The patterns are one tile per cell (objectBoundingBox units), drawn in
 * px from the cell's corner, so every 8x17 cell shows the same glyph
 * wherever it sits. Solid dark blue, white hatch on light blue, dark dots
 * on yellow and a red cross on white stay distinct in greyscale and for
 * colour-blind readers; a partial cell also has a white corner.
 */
static void svg_defs(struct kj_svgw *w)
{
	kj_svg_put(w, "<defs>"
	       "<pattern id=\"cov-i\" width=\"1\" height=\"1\">"
	       "<rect width=\"8\" height=\"17\" fill=\"#7096F8\"/>"
	       "<path d=\"M0 4L4 0M0 10L8 2M0 16L8 8M2 17L8 14\" stroke=\"#FFFFFF\" "
	       "stroke-width=\"1.5\"/></pattern>"
	       "<pattern id=\"cov-o\" width=\"1\" height=\"1\">"
	       "<rect width=\"8\" height=\"17\" fill=\"#FFD43D\"/>"
	       "<g fill=\"#1A1A1C\"><circle cx=\"2.5\" cy=\"3.5\" r=\"1.1\"/>"
	       "<circle cx=\"5.5\" cy=\"8.5\" r=\"1.1\"/><circle cx=\"2.5\" cy=\"13.5\" r=\"1.1\"/>"
	       "</g></pattern>"
	       "<pattern id=\"cov-n\" width=\"1\" height=\"1\">"
	       "<rect x=\"0.5\" y=\"0.5\" width=\"7\" height=\"16\" fill=\"#FFFFFF\" "
	       "stroke=\"#CE0000\"/>"
	       "<path d=\"M1.5 5.5L6.5 11.5M6.5 5.5L1.5 11.5\" stroke=\"#CE0000\" "
	       "stroke-width=\"1.3\"/></pattern>"
	       "</defs>");
}

/* The white corner that marks a partial cell at (X, Y). */
static void partial_mark(struct kj_svgw *w, int x, int y)
{
	kj_svg_putf(w, "<path d=\"M%d %dh-5l5 -7z\" fill=\"#FFFFFF\" stroke=\"#1A1A1C\" "
	     "stroke-width=\"0.6\"/>", x + 8, y + 17);
}

/* The legend's states, best first. */
static const enum kj_cov legend_order[KJ_NCOV] = {
	KJ_COV_GOVERNMENT, KJ_COV_INDUSTRY, KJ_COV_OPERATORS, KJ_COV_NONE,
};

/* Where everything goes, and the figures the picture states in words. */
struct heatmap {
	const struct kj_coverage *c;
	const struct kj_catalog *cat;
	int lang_en;
	int ns, nr;
	int *xs;			/* x of each requirement's column */
	int *grp, ngrp;			/* first requirement of each group, then nr */
	int gx0, width, height;
	const char *gaphead;
	int y_num, y_name, y_rule, gy0, gridb;
	int total[KJ_NCOV], npartial, worst, worst_n;
	char legend[KJ_NCOV + 1][200];
	int lx[KJ_NCOV + 1], ly[KJ_NCOV + 1];
	int key, y_key;			/* headings too wide for their columns, under the legend */
};

static const char *sector_name(const struct heatmap *m, int s)
{
	return m->lang_en ? m->cat->sectors[s].name_en : m->cat->sectors[s].name_ja;
}

static const char *cov_label(const struct heatmap *m, enum kj_cov k)
{
	return m->lang_en ? kj_cov_label_en(k) : kj_cov_label_ja(k);
}

/* The width of group G's columns, and whether its heading fits over them. */
static int group_width(const struct heatmap *m, int g)
{
	return m->xs[m->grp[g + 1] - 1] + CELL_W - 1 - m->xs[m->grp[g]];
}

static int heading_fits(const struct heatmap *m, int g, const char *name)
{
	return text_width(name, FS_SMALL) <= group_width(m, g) + GROUP_GAP - 2;
}

/* Horizontal layout: sector names, then the columns grouped by function;
 * vertical layout: section numbers, function names, a rule, the rows. */
static void layout_grid(struct heatmap *m)
{
	const struct kj_catalog *cat = m->cat;
	int labw = 0;
	for (int s = 0; s < m->ns; s++) {
		int tw = text_width(sector_name(m, s), FS_LABEL);
		if (tw > labw)
			labw = tw;
	}
	m->gx0 = PAD + labw + 8;
	for (int r = 0, x = m->gx0; r < m->nr; r++) {
		if (r == 0 || cat->reqs[r].function != cat->reqs[r - 1].function) {
			if (r)
				x += GROUP_GAP;
			m->grp[m->ngrp++] = r;
		}
		m->xs[r] = x;
		x += CELL_W;
	}
	m->grp[m->ngrp] = m->nr;
	int gridr = m->xs[m->nr - 1] + CELL_W;
	m->gaphead = m->lang_en ? "Gaps" : "ギャップ";
	int gapx = gridr + 8 + text_width(m->gaphead, FS_SMALL);
	m->width = gapx + PAD;
	m->y_num = PAD + 11;
	m->y_name = PAD + 25;
	m->y_rule = PAD + 31;
	m->gy0 = PAD + 36;
	m->gridb = m->gy0 + m->ns * CELL_H;
}

/* Totals and the sector with most gaps, for <desc> and the legend. */
static void count_totals(struct heatmap *m)
{
	m->worst = -1;
	for (int s = 0; s < m->ns; s++) {
		int k[KJ_NCOV], p[KJ_NCOV];
		kj_coverage_count(m->c, m->cat, s, -1, k);
		kj_coverage_count_partial(m->c, m->cat, s, -1, p);
		for (int i = 0; i < KJ_NCOV; i++) {
			m->total[i] += k[i];
			m->npartial += p[i];
		}
		if (kj_coverage_gaps(k) > m->worst_n) {
			m->worst = s;
			m->worst_n = kj_coverage_gaps(k);
		}
	}
}

/* The legend: the four states best first, then the partial mark, wrapping
 * to the width. Gap states say so in words. Then the height. */
static void layout_legend(struct heatmap *m)
{
	int y = m->gridb + 12;
	for (int i = 0, x = PAD; i <= KJ_NCOV; i++) {
		char *text = m->legend[i];
		size_t n = sizeof m->legend[i];
		if (i == KJ_NCOV) {
			if (m->lang_en)
				kj_textf(text, n, "White corner: only partly covered: %d",
					 m->npartial);
			else
				kj_textf(text, n, "白い角：一部のみ規定：%d件", m->npartial);
		} else {
			enum kj_cov k = legend_order[i];
			int gap = kj_cov_is_gap(k);
			if (m->lang_en)
				kj_textf(text, n, "%s%s: %d", kj_cov_label_en(k),
					 gap ? " (gap)" : "", m->total[k]);
			else
				kj_textf(text, n, "%s%s：%d件", kj_cov_label_ja(k),
					 gap ? "（ギャップ）" : "", m->total[k]);
		}
		int iw = 8 + 6 + text_width(text, FS_SMALL) + 18;
		if (x > PAD && x + iw > m->width - PAD) {
			x = PAD;
			y += CELL_H + 6;
		}
		m->lx[i] = x;
		m->ly[i] = y;
		x += iw;
	}
	y += CELL_H;
	/* Section headings that do not fit over their columns go under the legend. */
	for (int g = 0; g < m->ngrp; g++)
		if (!heading_fits(m, g, kj_cov_section_title(m->cat,
							      m->cat->reqs[m->grp[g]].function,
							      m->lang_en)))
			m->key = 1;
	m->y_key = y + 16;
	m->height = (m->key ? m->y_key : y) + PAD;
}

/* The <svg> element with its <title>, <desc> (the figures in words) and patterns. */
static void svg_head(struct kj_svgw *w, const struct heatmap *m)
{
	int en = m->lang_en;
	kj_svg_putf(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	     "aria-labelledby=\"cov-title cov-desc\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
	     "lang=\"%s\" font-family=\"sans-serif\" font-size=\"%d\" fill=\"" INK "\">\n",
	     m->width, m->height, en ? "en" : "ja", FS_LABEL);
	kj_svg_put(w, "<title id=\"cov-title\">");
	kj_svg_esc(w, en ? "Coverage of the Part 3 requirements by each sector's safety standards"
		  : "安全基準等による対策事項の充足状況（分野別）");
	kj_svg_put(w, "</title>\n<desc id=\"cov-desc\">");
	kj_svg_putf(w, en ? "%d sectors by %d requirements. " : "%d分野×%d対策事項。", m->ns, m->nr);
	for (int i = 0; i < KJ_NCOV; i++) {
		enum kj_cov k = legend_order[i];
		kj_svg_esc(w, cov_label(m, k));
		kj_svg_putf(w, en ? ": %d%s" : "：%d件%s", m->total[k],
		     i + 1 < KJ_NCOV ? (en ? "; " : "、") : (en ? "." : "。"));
	}
	kj_svg_putf(w, en ? " Gaps (operators' internal rules only, or not covered): %d;"
		     " only partly covered: %d." : "ギャップ（内規のみ・規定なし）：%d件、"
		     "一部のみ規定：%d件。",
	     m->total[KJ_COV_OPERATORS] + m->total[KJ_COV_NONE], m->npartial);
	if (m->worst >= 0) {
		kj_svg_put(w, en ? " Most gaps: " : "ギャップが最も多い分野は");
		kj_svg_esc(w, sector_name(m, m->worst));
		kj_svg_putf(w, en ? " (%d)." : "（%d件）。", m->worst_n);
	}
	kj_svg_put(w, "</desc>\n");
	svg_defs(w);
	kj_svg_put(w, "\n");
}

/* Column heads: the section number, the function name where it fits, a rule
 * under each group and a separator line between groups. */
static void svg_column_heads(struct kj_svgw *w, const struct heatmap *m)
{
	for (int g = 0; g < m->ngrp; g++) {
		int f = m->cat->reqs[m->grp[g]].function;
		const struct kj_function *fn = &m->cat->functions[f];
		const char *name = kj_cov_section_title(m->cat, f, m->lang_en);
		int xa = m->xs[m->grp[g]], xb = m->xs[m->grp[g + 1] - 1] + CELL_W - 1;
		int cx = (xa + xb) / 2;
		kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"%d\">",
		     cx, m->y_num, FS_SMALL);
		kj_svg_esc(w, fn->section);
		kj_svg_put(w, "</text>");
		if (heading_fits(m, g, name)) {
			kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"%d\">",
			     cx, m->y_name, FS_SMALL);
			kj_svg_esc(w, name);
			kj_svg_put(w, "</text>");
		}
		kj_svg_putf(w, "<path d=\"M%d %d.5H%d\" stroke=\"" RULE "\"/>", xa, m->y_rule, xb);
		/* Below the numbers: "3.7" is wider than its one column. */
		if (g > 0)
			kj_svg_putf(w, "<path d=\"M%d.5 %dV%d\" stroke=\"#949497\"/>",
			     xa - GROUP_GAP / 2 - 1, m->y_num + 4, m->gridb);
		kj_svg_put(w, "\n");
	}
}

/* Row heads and, at the right, each sector's number of gaps. */
static void svg_row_heads(struct kj_svgw *w, const struct heatmap *m)
{
	kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"%d\">",
	     m->width - PAD, m->y_name, FS_SMALL);
	kj_svg_esc(w, m->gaphead);
	kj_svg_put(w, "</text>\n");
	for (int s = 0; s < m->ns; s++) {
		int k[KJ_NCOV];
		int ty = m->gy0 + s * CELL_H + 13;
		kj_coverage_count(m->c, m->cat, s, -1, k);
		kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", m->gx0 - 6, ty);
		kj_svg_esc(w, sector_name(m, s));
		kj_svg_putf(w, "</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"%d\">%d</text>\n",
		     m->width - PAD, ty, FS_SMALL, kj_coverage_gaps(k));
	}
}

/* One cell, state K, of sector S and requirement R, with its title. */
static void svg_cell(struct kj_svgw *w, const struct heatmap *m, enum kj_cov k, int s, int r)
{
	const struct kj_coverage *c = m->c;
	int en = m->lang_en;
	kj_svg_putf(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"><title>",
	     m->xs[r], m->gy0 + s * CELL_H, CELL_W - 1, CELL_H - 1);
	kj_svg_esc(w, sector_name(m, s));
	kj_svg_put(w, " ");
	kj_svg_esc(w, m->cat->reqs[r].id);
	kj_svg_put(w, ": ");
	kj_svg_esc(w, cov_label(m, k));
	if (kj_coverage_operators_at(c, s, r))
		kj_svg_putf(w, en ? " (internal rules of %d operators)" : "（内規：%d事業者）",
		     kj_coverage_operators_at(c, s, r));
	if (k != KJ_COV_NONE && kj_coverage_partial_at(c, s, r))
		kj_svg_put(w, en ? ", partly" : "（一部）");
	if (kj_cov_is_gap(k))
		kj_svg_put(w, en ? ", gap" : "（ギャップ）");
	if (c->req_new[r])
		kj_svg_put(w, en ? " (new)" : "（新規）");
	else if (c->req_changed[r])
		kj_svg_put(w, en ? " (changed)" : "（変更）");
	kj_svg_put(w, "</title></rect>\n");
}

/* The cells, one group per state so the fill is written once, then the
 * partial marks over their cells (decoration: the cell's title says it). */
static void svg_cells(struct kj_svgw *w, const struct heatmap *m)
{
	for (int k = 0; k < KJ_NCOV && !w->fail; k++) {
		kj_svg_putf(w, "<g fill=\"%s\">\n", cov_fill[k]);
		for (int s = 0; s < m->ns; s++)
			for (int r = 0; r < m->nr; r++)
				if (kj_coverage_at(m->c, s, r) == (enum kj_cov)k)
					svg_cell(w, m, (enum kj_cov)k, s, r);
		kj_svg_put(w, "</g>\n");
	}
	kj_svg_put(w, "<g aria-hidden=\"true\">");
	for (int s = 0; s < m->ns; s++)
		for (int r = 0; r < m->nr; r++)
			if (kj_coverage_at(m->c, s, r) != KJ_COV_NONE &&
			    kj_coverage_partial_at(m->c, s, r))
				partial_mark(w, m->xs[r], m->gy0 + s * CELL_H);
	kj_svg_put(w, "</g>\n");
}

/* The legend's swatches and texts, and the key of the headings that did not
 * fit over their columns. */
static void svg_legend(struct kj_svgw *w, const struct heatmap *m)
{
	for (int i = 0; i <= KJ_NCOV; i++) {
		kj_svg_putf(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
		     m->lx[i], m->ly[i], CELL_W - 1, CELL_H - 1,
		     i < KJ_NCOV ? cov_fill[legend_order[i]] : cov_fill[KJ_COV_GOVERNMENT]);
		if (i == KJ_NCOV)
			partial_mark(w, m->lx[i], m->ly[i]);
		kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" font-size=\"%d\">", m->lx[i] + CELL_W + 5,
		     m->ly[i] + 13, FS_SMALL);
		kj_svg_esc(w, m->legend[i]);
		kj_svg_put(w, "</text>\n");
	}
	if (!m->key)
		return;
	int first = 1;
	kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" font-size=\"%d\">", PAD, m->y_key, FS_SMALL);
	for (int g = 0; g < m->ngrp; g++) {
		int f = m->cat->reqs[m->grp[g]].function;
		const char *name = kj_cov_section_title(m->cat, f, m->lang_en);
		if (heading_fits(m, g, name))
			continue;
		if (!first)
			kj_svg_put(w, m->lang_en ? "; " : "、");
		first = 0;
		kj_svg_esc(w, m->cat->functions[f].section);
		kj_svg_put(w, " ");
		kj_svg_esc(w, name);
	}
	kj_svg_put(w, "</text>\n");
}

int kj_coverage_svg(struct kj_buf *b, const struct kj_coverage *c,
		    const struct kj_catalog *cat, int lang_en)
{
	if (!kj_coverage_fits(c, cat))
		return -1;
	struct heatmap *m = calloc(1, sizeof *m);
	if (!m)
		return -1;
	*m = (struct heatmap){ .c = c, .cat = cat, .lang_en = lang_en,
			       .ns = c->nsectors, .nr = c->nreqs };
	m->xs = calloc((size_t)m->nr, sizeof *m->xs);
	m->grp = calloc((size_t)m->nr + 1, sizeof *m->grp);
	int rc = -1;
	if (m->xs && m->grp) {
		layout_grid(m);
		count_totals(m);
		layout_legend(m);
		/* All or nothing: drawn aside, then added in one append, so a picture
		 * too big for the room left in B fails alone and leaves B as it was
		 * (a failed append would make all of B fail: see base/buf.h). */
		struct kj_buf svg;
		kj_buf_init(&svg, b->len < b->max ? b->max - b->len : 0);
		struct kj_svgw w = { &svg, 0 };
		svg_head(&w, m);
		svg_column_heads(&w, m);
		svg_row_heads(&w, m);
		svg_cells(&w, m);
		svg_legend(&w, m);
		kj_svg_put(&w, "</svg>\n");
		rc = w.fail || kj_buf_add(b, svg.data, svg.len) < 0 ? -1 : 0;
		kj_buf_free(&svg);
	}
	free(m->xs);
	free(m->grp);
	free(m);
	return rc;
}
