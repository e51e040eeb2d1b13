/*
 * The chart of an operator's benchmark as inline SVG (bench_svg.c): one row
 * per function on a scale of levels 0 to 4, the sector's interquartile
 * range as a hatched band, its median as a dashed bar, the nation's median
 * as a triangle and the operator's own mean as a black diamond, each value
 * also printed in words beside the row. role="img" with a <title> and a
 * <desc>; a legend names every mark by its shape, so colour carries
 * nothing alone. A suppressed sector figure draws no band and says the
 * caller's label.
 */
#ifndef KJ_EXPORT_BENCH_SVG_H
#define KJ_EXPORT_BENCH_SVG_H

#include "base/buf.h"

struct kj_bsvg_row {
	const char *label;
	double own, q1, median, q3, nation;
	unsigned char has_own, has_sector, sector_suppressed, has_nation;
};

/* The chart's words: ID (letters, digits, '-') prefixes its ids; OWN,
 * MEDIAN, IQR and NATION name the marks in the legend and the printed
 * values; SUPPRESSED the label of a suppressed figure; NONE a value that
 * is not there. */
struct kj_bsvg_text {
	const char *id, *title, *desc;
	const char *own, *median, *iqr, *nation, *suppressed, *none;
};

/* N rows: 0, or -1 when the chart does not fit in B (B unchanged). */
int kj_bsvg_ranges(struct kj_buf *b, const struct kj_bsvg_text *t, int n,
		   const struct kj_bsvg_row *rows);

#endif
