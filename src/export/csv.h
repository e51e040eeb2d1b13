/*
 * CSV writing (RFC 4180 through libcsv) in the form Excel in Japan opens
 * correctly: UTF-8 with a byte-order mark, CRLF line ends. A field that a
 * spreadsheet would run as a formula (starting with = + - @ or a tab/CR)
 * is neutralised with a leading apostrophe.
 */
#ifndef KJ_EXPORT_CSV_H
#define KJ_EXPORT_CSV_H

#include <stdio.h>

/*
 * The writers follow the stream convention: 0, or -1 when the stream
 * failed, with errno and ferror(F) telling why (as stdio does); the
 * caller names the file in its own kj_err.
 */

/* Writes the byte-order mark; call once before the first row. */
int kj_csv_begin(FILE *f);
/* Writes one field; LAST ends the row. NULL writes an empty field. */
int kj_csv_field(FILE *f, const char *value, int last);
/* True if VALUE would be read as a formula by a spreadsheet. */
int kj_csv_is_formula(const char *value);

#endif
