/*
 * Tables read from files that people send: CSV (UTF-8 with or without a
 * byte-order mark, or Shift_JIS/CP932 as Excel in Japan writes it) and the
 * first worksheet of an xlsx workbook. A table is just rows of cells, all
 * text, NUL-free and valid UTF-8; what the cells mean is decided by the
 * importer that reads the table (model/registry.c, model/safety.c).
 */
#ifndef KJ_MODEL_TABLE_H
#define KJ_MODEL_TABLE_H

#include <stddef.h>

#include "base/util.h"

#define KJ_TABLE_FILE_MAX	(20u * 1024u * 1024u)	/* bytes of one uploaded file */
#define KJ_TABLE_ROWS_MAX	200000			/* rows, header included */
#define KJ_TABLE_COLS_MAX	64
#define KJ_TABLE_CELL_MAX	8192			/* bytes of one cell */
#define KJ_TABLE_BLOCK_BYTES	(64u * 1024u)		/* the rows are kept in blocks of
							 * this (one malloc for many rows) */

enum kj_table_encoding { KJ_ENC_UTF8, KJ_ENC_UTF8_BOM, KJ_ENC_CP932, KJ_ENC_XLSX };

/*
 * rows[r] is NULL for a blank row (ncols[r] 0) and trailing empty cells are
 * not stored. From xlsx, formula cells give the value Excel cached and
 * booleans read TRUE/FALSE; only the first worksheet is read. A table built
 * by hand (a web form) must not be passed to kj_table_free().
 */
struct kj_table_block;
struct kj_table {
	char ***rows;		/* rows[r][c], r = 0 is the header */
	int *ncols;		/* cells in each row */
	int nrows;
	enum kj_table_encoding encoding;
	struct kj_table_block *blocks;	/* where a read table keeps its rows */
};

/*
 * Reads DATA (LEN bytes) as CSV or xlsx, whichever it is (xlsx starts with
 * "PK\3\4"). Empty trailing rows are dropped. Refuses, with a message that
 * names the line or cell: a file over KJ_TABLE_FILE_MAX, more rows, columns
 * or bytes per cell than the limits, text that is neither UTF-8 nor CP932,
 * NUL or other control characters in a cell, malformed CSV quoting, a
 * corrupt or encrypted workbook, and an empty file.
 */
int kj_table_read(struct kj_table *t, const char *data, size_t len,
		  struct kj_err *err);
/* The same, for an xlsx workbook's worksheet named SHEET instead of its
 * first (a multi-sheet export read back, as the annual report's tests do). */
int kj_table_read_sheet(struct kj_table *t, const char *data, size_t len, const char *sheet,
			struct kj_err *err);
void kj_table_free(struct kj_table *t);
/* The cell, or "" past the end of the row. */
const char *kj_table_cell(const struct kj_table *t, int row, int col);

/* --- The bad cells of an imported table ------------------------------------ */

#define KJ_IMPORT_ERRORS_MAX 1000	/* reported; the rest are counted */

struct kj_row_error {
	int row;		/* 1-based line/row number in the file, header = 1 */
	char column[48];	/* the column's header as in the file, or "" */
	char reason_ja[256];
	char reason_en[256];
};

/*
 * Collects one bad cell for every importer: each is counted in *N, the
 * first KJ_IMPORT_ERRORS_MAX are kept in *V (grown as needed, *CAP its
 * room; the caller frees *V). COLUMN may be NULL; the reasons are cut on a
 * character boundary to fit. Returns -1 when out of memory (still counted).
 */
int kj_row_error_add(struct kj_row_error **v, int *n, int *cap, int row, const char *column,
		     const char *ja, const char *en);

#endif
