/* A QR code drawn as SVG; see qr_svg.h. */
#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "export/qr_svg.h"
#include "export/svg_writer.h"

#define QUIET 4		/* modules of white around the symbol (ISO/IEC 18004) */
#define MODULE_PX 4	/* the drawn size of one module */

int kj_qr_svg(struct kj_buf *b, const char *text, const char *title, struct kj_err *err)
{
	struct kj_svgw w = { b, 0 };
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		kj_err_set(err, "cannot make the QR code: %s", strerror(errno));
		return -1;
	}
	int n = qr->width, side = n + 2 * QUIET;
	kj_svg_putf(&w, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\""
		    " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
		    " shape-rendering=\"crispEdges\"><title>", side * MODULE_PX, side * MODULE_PX,
		    side, side);
	kj_svg_esc(&w, title);
	kj_svg_putf(&w, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		    "<path fill=\"#000\" d=\"", side, side);
	/* Each run of dark modules in a row is one rectangle of the path. */
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++) {
			if (!(qr->data[y * n + x] & 1))
				continue;
			int run = 1;
			while (x + run < n && (qr->data[y * n + x + run] & 1))
				run++;
			kj_svg_putf(&w, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run - 1;
		}
	kj_svg_put(&w, "\"/></svg>");
	QRcode_free(qr);
	if (w.fail) {
		kj_err_set(err, "no room for the QR code");
		return -1;
	}
	return 0;
}
