/*
 * Writing SVG into a capped buffer (export layer: the coverage heat map and
 * the analysis charts). A failed write (the buffer full) is remembered in
 * FAIL and every later write does nothing; the caller checks FAIL once.
 */
#ifndef KJ_EXPORT_SVG_WRITER_H
#define KJ_EXPORT_SVG_WRITER_H

#include "base/buf.h"

struct kj_svgw {
	struct kj_buf *b;
	int fail;
};

void kj_svg_put(struct kj_svgw *w, const char *s);
void kj_svg_putf(struct kj_svgw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Text and attribute values, by the same rules as the web layer's
 * kj_h_text. C0 controls other than tab and line ends are dropped: XML
 * cannot carry them even escaped, and they would break the page.
 */
void kj_svg_esc(struct kj_svgw *w, const char *s);

#endif
