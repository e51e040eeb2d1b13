/*
 * A document (doc.h) as one self-contained HTML file: lang="ja", the cover,
 * a contents list linking every chapter and section, tables with <thead>
 * (repeated on each printed page), each chart as inline SVG written through
 * svg_writer.c (role="img", a title and a description, every value printed
 * as text as well as shaded; a hidden value hatched and named), and CSS for
 * print (A4, a chapter to a page). No script, no outside resource.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "export/doc_write.h"
#include "export/svg_writer.h"

#define HTML_CHUNK_MAX (8u << 20)	/* one block's HTML, written out before the next */
#define CHART_LABEL_W 190
#define CHART_ROW_H 26

static const char css[] =
	"body{font-family:'Noto Sans CJK JP','Noto Sans JP',sans-serif;line-height:1.7;"
	"color:#1a1a1a;max-width:60rem;margin:0 auto;padding:1rem 1.5rem}"
	".cover{text-align:center;padding:6rem 0 4rem}.cover h1{font-size:1.7rem;line-height:1.5}"
	".cover p{font-size:1.15rem}"
	"h2{border-bottom:3px solid #1d4f91;padding-bottom:.2rem;margin-top:3rem}"
	"h3{border-left:6px solid #1d4f91;padding-left:.5rem}"
	"nav ol{list-style:none;padding-left:0}nav ol ol{padding-left:1.5rem}"
	"nav a{color:#1d4f91}"
	"table{border-collapse:collapse;margin:1rem 0;width:100%;font-size:.9rem}"
	"caption{text-align:left;font-weight:bold;padding:.3rem 0}"
	"th,td{border:1px solid #888;padding:.25rem .5rem;vertical-align:top}"
	"thead th{background:#e6edf6}td.num{text-align:right}th[scope=row]{text-align:left;"
	"white-space:nowrap;font-weight:normal}"
	"figure{margin:1rem 0}figcaption{font-weight:bold}svg{max-width:100%;height:auto}"
	"@page{size:A4;margin:18mm 15mm}"
	"@media print{body{max-width:none;padding:0}.cover,nav{break-after:page}"
	"h2{break-before:page}thead{display:table-header-group}"
	"tr,figure{break-inside:avoid}h2,h3,h4,caption{break-after:avoid}"
	"a{color:inherit;text-decoration:none}.pb{break-after:page}}";

struct out {
	FILE *f;
	struct kj_buf b;
	struct kj_svgw w;
};

static void flush(struct out *o)
{
	if (o->w.fail || kj_buf_failed(&o->b))
		return;
	if (o->b.len && fwrite(o->b.data, 1, o->b.len, o->f) != o->b.len)
		o->w.fail = 1;
	kj_buf_reset(&o->b);
}

/* Text with '\n' as <br>. */
static void text_br(struct kj_svgw *w, const char *s)
{
	const char *p = s ? s : "";
	for (;;) {
		const char *nl = strchr(p, '\n');
		if (!nl) {
			kj_svg_esc(w, p);
			return;
		}
		char line[4096];
		size_t n = (size_t)(nl - p);
		while (n) {
			size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
			memcpy(line, p, k);
			line[k] = '\0';
			kj_svg_esc(w, line);
			p += k;
			n -= k;
		}
		kj_svg_put(w, "<br>");
		p = nl + 1;
	}
}

static void contents(struct kj_svgw *w, const struct kj_doc *d, int en)
{
	kj_svg_putf(w, "<nav aria-labelledby=\"toc\"><h2 id=\"toc\">%s</h2><ol>",
		    en ? "Contents" : "目次");
	int open2 = 0, open1 = 0;
	for (int i = 0; i < d->nblocks; i++) {
		const struct kj_doc_block *b = &d->blocks[i];
		if (b->kind != KJ_DOC_HEADING || b->level > 2)
			continue;
		if (b->level == 1) {
			if (open2)
				kj_svg_put(w, "</ol>");
			if (open1)
				kj_svg_put(w, "</li>");
			open2 = 0;
			open1 = 1;
		} else if (!open2) {
			kj_svg_put(w, "<ol>");
			open2 = 1;
		}
		kj_svg_put(w, "<li><a href=\"#");
		kj_svg_esc(w, b->anchor);
		kj_svg_put(w, "\">");
		kj_svg_esc(w, b->text);
		kj_svg_put(w, b->level == 2 ? "</a></li>" : "</a>");
	}
	if (open2)
		kj_svg_put(w, "</ol>");
	kj_svg_put(w, open1 ? "</li></ol></nav>" : "</ol></nav>");
}

static void table(struct kj_svgw *w, const struct kj_doc_table *t)
{
	kj_svg_put(w, "<table>");
	if (t->caption && *t->caption) {
		kj_svg_put(w, "<caption>");
		kj_svg_esc(w, t->caption);
		kj_svg_put(w, "</caption>");
	}
	for (int r = 0; r < t->nrows; r++) {
		int head = r < t->header_rows;
		if (r == 0 && head)
			kj_svg_put(w, "<thead>");
		if (r == t->header_rows)
			kj_svg_put(w, "<tbody>");
		kj_svg_put(w, "<tr>");
		for (int c = 0; c < t->ncols; c++) {
			const char *v = t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
			if (head)
				kj_svg_put(w, "<th scope=\"col\">");
			else if (c == 0)
				kj_svg_put(w, t->right[0] ? "<th scope=\"row\" class=\"num\">"
					   : "<th scope=\"row\">");
			else
				kj_svg_put(w, t->right[c] ? "<td class=\"num\">" : "<td>");
			text_br(w, v);
			kj_svg_put(w, head || c == 0 ? "</th>" : "</td>");
		}
		kj_svg_put(w, "</tr>");
		if (head && r == t->header_rows - 1)
			kj_svg_put(w, "</thead>");
	}
	if (t->nrows > t->header_rows)
		kj_svg_put(w, "</tbody>");
	kj_svg_put(w, "</table>");
}

/* A value as the chart prints it: "35.7%", "12". */
static void value_text(const struct kj_doc_chart *c, double v, char *out, size_t n)
{
	if (isnan(v))
		snprintf(out, n, "—");
	else if (v == floor(v) && strcmp(c->unit, "%"))
		snprintf(out, n, "%.0f%s", v, c->unit);
	else
		snprintf(out, n, "%.1f%s", v, c->unit);
}

/* A fill from light (0) to dark (1) blue, and the text colour readable on it. */
static void shade(double x, char fill[8], const char **ink)
{
	if (x < 0)
		x = 0;
	if (x > 1)
		x = 1;
	int r = (int)(235 - x * (235 - 22)), g = (int)(242 - x * (242 - 63)),
	    b = (int)(250 - x * (250 - 128));
	snprintf(fill, 8, "#%02x%02x%02x", r & 0xff, g & 0xff, b & 0xff);
	*ink = x > 0.55 ? "#ffffff" : "#1a1a1a";
}

static const char *const stack_fill[] = { "#f1f5fb", "#c6d7ee", "#8fb1dc", "#4a7fc1",
					  "#1d4f91", "#0b2d5b", "#6b6b6b", "#a0a0a0" };

static void chart(struct kj_svgw *w, const struct kj_doc_chart *c, int id)
{
	int heat = c->kind == KJ_CHART_HEAT, stacked = c->kind == KJ_CHART_STACKED;
	int cellw = heat ? 96 : 0, plot = heat ? cellw * c->nseries : 420;
	int top = heat ? 44 : stacked ? 34 : 8;
	int width = CHART_LABEL_W + plot + (heat ? 8 : 70), height = top + c->nrows * CHART_ROW_H + 8;
	double max = c->max > 0 ? c->max : 1;
	char v[48], fill[8];
	const char *ink;
	kj_svg_put(w, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"");
	kj_svg_putf(w, " aria-labelledby=\"c%d-t c%d-d\" viewBox=\"0 0 %d %d\" width=\"%d\""
		    " height=\"%d\" font-size=\"12\">", id, id, width, height, width, height);
	kj_svg_putf(w, "<defs><pattern id=\"c%d-h\" width=\"6\" height=\"6\""
		    " patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
		    "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\""
		    " x2=\"0\" y2=\"6\" stroke=\"#777\" stroke-width=\"2\"/></pattern></defs>", id);
	kj_svg_putf(w, "<title id=\"c%d-t\">", id);
	kj_svg_esc(w, c->title);
	kj_svg_putf(w, "</title><desc id=\"c%d-d\">", id);
	kj_svg_esc(w, c->desc);
	kj_svg_put(w, "</desc>");
	if (heat)
		for (int s = 0; s < c->nseries; s++) {
			kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
				    CHART_LABEL_W + s * cellw + cellw / 2, top - 10);
			kj_svg_esc(w, c->series[s]);
			kj_svg_put(w, "</text>");
		}
	if (stacked)
		for (int s = 0, x = CHART_LABEL_W; s < c->nseries; s++, x += 84) {
			kj_svg_putf(w, "<rect x=\"%d\" y=\"8\" width=\"14\" height=\"14\" fill=\"%s\""
				    " stroke=\"#333\"/><text x=\"%d\" y=\"20\">", x,
				    stack_fill[s % 8], x + 18);
			kj_svg_esc(w, c->series[s]);
			kj_svg_put(w, "</text>");
		}
	for (int r = 0; r < c->nrows; r++) {
		int y = top + r * CHART_ROW_H;
		const double *row = &c->values[(size_t)r * (size_t)c->nseries];
		kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", CHART_LABEL_W - 8,
			    y + 17);
		kj_svg_esc(w, c->rows[r]);
		kj_svg_put(w, "</text>");
		if (heat) {
			for (int s = 0; s < c->nseries; s++) {
				int x = CHART_LABEL_W + s * cellw;
				value_text(c, row[s], v, sizeof v);
				if (isnan(row[s])) {
					kj_svg_putf(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
						    " fill=\"url(#c%d-h)\" stroke=\"#fff\"/>", x, y,
						    cellw, CHART_ROW_H, id);
					ink = "#1a1a1a";
				} else {
					shade(row[s] / max, fill, &ink);
					kj_svg_putf(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
						    " fill=\"%s\" stroke=\"#fff\"/>", x, y, cellw,
						    CHART_ROW_H, fill);
				}
				kj_svg_putf(w, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\""
					    " fill=\"%s\">%s</text>", x + cellw / 2, y + 17, ink,
					    isnan(row[s]) ? "非表示" : v);
			}
		} else if (stacked) {
			double sum = 0;
			for (int s = 0; s < c->nseries; s++)
				if (!isnan(row[s]))
					sum += row[s];
			if (sum <= 0) {
				kj_svg_putf(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
					    " fill=\"url(#c%d-h)\"/><text x=\"%d\" y=\"%d\">—</text>",
					    CHART_LABEL_W, y + 3, plot, CHART_ROW_H - 6, id,
					    CHART_LABEL_W + 6, y + 17);
				continue;
			}
			double x = CHART_LABEL_W;
			for (int s = 0; s < c->nseries; s++) {
				if (isnan(row[s]) || row[s] <= 0)
					continue;
				double wd = row[s] / sum * plot;
				kj_svg_putf(w, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
					    " fill=\"%s\" stroke=\"#fff\"/>", x, y + 3, wd,
					    CHART_ROW_H - 6, stack_fill[s % 8]);
				if (wd >= 34)
					kj_svg_putf(w, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\""
						    " fill=\"%s\">%.0f%%</text>", x + wd / 2, y + 17,
						    s % 8 >= 3 ? "#ffffff" : "#1a1a1a",
						    row[s] / sum * 100);
				x += wd;
			}
		} else {
			double x = isnan(row[0]) ? 0 : row[0] / max;
			if (x > 1)
				x = 1;
			value_text(c, row[0], v, sizeof v);
			if (isnan(row[0]))
				kj_svg_putf(w, "<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"%d\""
					    " fill=\"url(#c%d-h)\"/><text x=\"%d\" y=\"%d\">非表示"
					    "</text>", CHART_LABEL_W, y + 3, CHART_ROW_H - 6, id,
					    CHART_LABEL_W + 46, y + 17);
			else
				kj_svg_putf(w, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\""
					    " fill=\"#1d4f91\"/><text x=\"%.1f\" y=\"%d\">%s</text>",
					    CHART_LABEL_W, y + 3, x * plot, CHART_ROW_H - 6,
					    CHART_LABEL_W + x * plot + 6, y + 17, v);
		}
	}
	kj_svg_put(w, "</svg><figcaption>");
	kj_svg_esc(w, c->title);
	kj_svg_put(w, "</figcaption></figure>");
}

int kj_doc_write_html(const struct kj_doc *d, const char *path,
		      const struct kj_doc_write_opts *o, char *err, size_t errlen)
{
	int en = o && o->lang && !strcmp(o->lang, "en");
	if (kj_doc_failed(d)) {
		snprintf(err, errlen, "the document is incomplete");
		return -1;
	}
	struct out out = { 0 };
	out.f = fopen(path, "w");
	if (!out.f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	kj_buf_init(&out.b, HTML_CHUNK_MAX);
	out.w.b = &out.b;
	struct kj_svgw *w = &out.w;
	kj_svg_put(w, "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		   "<title>");
	kj_svg_esc(w, d->title);
	kj_svg_putf(w, "</title><style>%s</style></head><body><header class=\"cover\"><h1>", css);
	kj_svg_esc(w, d->title);
	kj_svg_put(w, "</h1><p>");
	kj_svg_esc(w, d->subtitle);
	kj_svg_put(w, "</p><p>");
	kj_svg_esc(w, d->date);
	kj_svg_put(w, "</p></header>");
	contents(w, d, en);
	kj_svg_put(w, "<main>");
	int charts = 0;
	for (int i = 0; i < d->nblocks && !w->fail; i++) {
		const struct kj_doc_block *b = &d->blocks[i];
		switch (b->kind) {
		case KJ_DOC_HEADING:
			kj_svg_putf(w, "<h%d id=\"", b->level + 1);
			kj_svg_esc(w, b->anchor);
			kj_svg_put(w, "\">");
			kj_svg_esc(w, b->text);
			kj_svg_putf(w, "</h%d>", b->level + 1);
			break;
		case KJ_DOC_PARA:
			kj_svg_put(w, "<p>");
			text_br(w, b->text);
			kj_svg_put(w, "</p>");
			break;
		case KJ_DOC_TABLE:
			table(w, b->table);
			break;
		case KJ_DOC_CHART:
			chart(w, b->chart, ++charts);
			break;
		case KJ_DOC_PAGEBREAK:
			kj_svg_put(w, "<div class=\"pb\"></div>");
			break;
		}
		flush(&out);
		if (o && o->progress && (i % 50 == 49))
			o->progress(o->progress_arg, i + 1, d->nblocks);
	}
	kj_svg_put(w, "</main></body></html>\n");
	flush(&out);
	int bad = w->fail || kj_buf_failed(&out.b);
	kj_buf_free(&out.b);
	if (fclose(out.f) != 0)
		bad = 1;
	if (bad) {
		snprintf(err, errlen, "%s: cannot write the HTML file", path);
		unlink(path);
		return -1;
	}
	if (o && o->progress)
		o->progress(o->progress_arg, d->nblocks, d->nblocks);
	return 0;
}
