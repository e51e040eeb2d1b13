/*
 * The national sectors x requirements coverage heat map as inline SVG.
 */
#ifndef KJ_EXPORT_COVERAGE_SVG_H
#define KJ_EXPORT_COVERAGE_SVG_H

#include "base/buf.h"
#include "model/catalog.h"
#include "model/safety.h"

/*
 * Appends the heat map of C to B (role="img" with <title> and <desc>; every
 * value is escaped). The page gives the same figures as a data table for
 * those who cannot see the picture. All or nothing: -1, with B as it was,
 * for a matrix that does not match CAT or a picture over the room left in
 * B (the picture is drawn aside and added in one append).
 */
int kj_coverage_svg(struct kj_buf *b, const struct kj_coverage *c,
		    const struct kj_catalog *cat, int lang_en);

#endif
