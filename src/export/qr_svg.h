/*
 * A QR code as an SVG image (issue 16: the second factor's enrolment):
 * libqrencode makes the symbol, this file draws its dark modules as one
 * path, with a quiet zone of four modules, through the SVG writer. No
 * script, no outside service: the image is part of the page.
 */
#ifndef KJ_EXPORT_QR_SVG_H
#define KJ_EXPORT_QR_SVG_H

#include "base/buf.h"
#include "base/util.h"

/*
 * The QR code of TEXT (error correction M) as an <svg> element into B,
 * TITLE as its accessible name (role="img"). 0, or -1 with ERR set when
 * TEXT cannot be encoded or B is full.
 */
int kj_qr_svg(struct kj_buf *b, const char *text, const char *title, struct kj_err *err);

#endif
