/* Writing SVG into a capped buffer; see svg_writer.h. */
#include <stdarg.h>

#include "export/svg_writer.h"

void kj_svg_put(struct kj_svgw *w, const char *s)
{
	if (!w->fail && kj_buf_adds(w->b, s) < 0)
		w->fail = 1;
}

void kj_svg_putf(struct kj_svgw *w, const char *fmt, ...)
{
	va_list ap;
	if (w->fail)
		return;
	va_start(ap, fmt);
	if (kj_buf_vprintf(w->b, fmt, ap) < 0)
		w->fail = 1;
	va_end(ap);
}

void kj_svg_esc(struct kj_svgw *w, const char *s)
{
	for (const char *p = s ? s : ""; *p && !w->fail; p++) {
		switch (*p) {
		case '&': kj_svg_put(w, "&amp;"); break;
		case '<': kj_svg_put(w, "&lt;"); break;
		case '>': kj_svg_put(w, "&gt;"); break;
		case '"': kj_svg_put(w, "&quot;"); break;
		case '\'': kj_svg_put(w, "&#39;"); break;
		default:
			if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
				break;
			if (kj_buf_addc(w->b, *p) < 0)
				w->fail = 1;
		}
	}
}
