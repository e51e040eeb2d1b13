/*
 * The charts of the analysis pages as inline SVG (analysis_svg.c): the
 * sector x function heat map, horizontal bars of rates, stacked bars of
 * level distributions and a radar by function. Export code: plain figures
 * in, SVG out, with its own escaper (no web layer). Every chart has
 * role="img", a <title> and a <desc> it is labelled by, and prints each
 * value in words as well as in colour; a suppressed value is drawn as a
 * hatched cell with the caller's label, never as a value.
 */
#ifndef KJ_EXPORT_ANALYSIS_SVG_H
#define KJ_EXPORT_ANALYSIS_SVG_H

#include <stddef.h>

#include "base/buf.h"

/* Levels 0..4 and N/A: the segments of a stacked bar. */
#define KJ_ASVG_SEGMENTS 6

/* One rate as its reader may see it: V (0..1) when DEFINED; nothing when
 * SUPPRESSED. */
struct kj_asvg_val {
	double v;
	unsigned char defined;
	unsigned char suppressed;
};

/* What every chart says of itself. ID (letters, digits, '-') prefixes the
 * ids of its <title> and <desc>; SUPPRESSED is the short label of a
 * suppressed value ("k 未満"); LEGEND (stacked bars only) names the six
 * segments (a NULL name: a segment the chart leaves empty, not in the legend). */
struct kj_asvg_head {
	const char *id;
	const char *title;
	const char *desc;
	const char *suppressed;
	const char *const *legend;
};

/* "35.7%" of ratio V rounded as the API rounds it (4 decimals), or "—"
 * when not DEFINED. SIGNED: "+5.0" points, for a change. */
void kj_asvg_pct(char *out, size_t n, double v, int defined, int is_signed);

/* The heat map: NROWS rows (ROWS labels) x NCOLS columns (COLS labels),
 * V[row * NCOLS + col]. */
int kj_asvg_heatmap(struct kj_buf *b, const struct kj_asvg_head *h, int nrows,
		    const char *const *rows, int ncols, const char *const *cols,
		    const struct kj_asvg_val *v);
/* Horizontal bars of N rates, LABELS beside them. */
int kj_asvg_bars(struct kj_buf *b, const struct kj_asvg_head *h, int n,
		 const char *const *labels, const struct kj_asvg_val *v);
/* N stacked bars: LEVELS[i] the answers of bar i per segment (levels 0..4,
 * N/A); SUP[i] 1 for a suppressed bar (its LEVELS unread). */
int kj_asvg_stacked(struct kj_buf *b, const struct kj_asvg_head *h, int n,
		    const char *const *labels, const long (*levels)[KJ_ASVG_SEGMENTS],
		    const unsigned char *sup);
/* A radar of N (3 or more) rates on axes LABELS. */
int kj_asvg_radar(struct kj_buf *b, const struct kj_asvg_head *h, int n,
		  const char *const *labels, const struct kj_asvg_val *v);

#endif
