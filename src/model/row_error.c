/*
 * The bad cells of an imported table, collected the same way by every
 * importer (model/table.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "model/table.h"

/* SRC into OUT (size N), cut on a character boundary if it does not fit. */
static void copy_cut(char *out, size_t n, const char *src)
{
	size_t len = kj_utf8_prefix(src ? src : "", n - 1);
	memcpy(out, src ? src : "", len);
	out[len] = '\0';
}

int kj_row_error_add(struct kj_row_error **v, int *n, int *cap, int row, const char *column,
		     const char *ja, const char *en)
{
	int at = (*n)++;
	if (at >= KJ_IMPORT_ERRORS_MAX)
		return 0;	/* counted, not listed: the first ones say enough */
	if (at >= *cap) {
		int room = *cap ? *cap * 2 : 16;
		if (room > KJ_IMPORT_ERRORS_MAX)
			room = KJ_IMPORT_ERRORS_MAX;
		struct kj_row_error *grown = realloc(*v, (size_t)room * sizeof *grown);
		if (!grown)
			return -1;
		*v = grown;
		*cap = room;
	}
	struct kj_row_error *e = &(*v)[at];
	memset(e, 0, sizeof *e);
	e->row = row;
	copy_cut(e->column, sizeof e->column, column);
	copy_cut(e->reason_ja, sizeof e->reason_ja, ja);
	copy_cut(e->reason_en, sizeof e->reason_en, en);
	return 0;
}
