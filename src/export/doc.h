/*
 * A document written once as a list of blocks (headings, paragraphs,
 * tables, charts, page breaks) and rendered by each writer in its format:
 * PDF (cairo and pango), docx (WordprocessingML), HTML, and its tables as
 * the sheets of an xlsx. The annual report (issue 14) is built as one.
 *
 * Every string is copied. A write that fails (out of memory, or past a
 * limit below) marks the document failed and every later write does
 * nothing: the caller checks kj_doc_failed() once at the end.
 */
#ifndef KJ_EXPORT_DOC_H
#define KJ_EXPORT_DOC_H

#include <stdarg.h>

#define KJ_DOC_BLOCKS_MAX 20000		/* blocks of one document */
#define KJ_DOC_TABLE_ROWS_MAX 100000	/* rows of one table */
#define KJ_DOC_TABLE_COLS_MAX 64	/* columns of one table */
#define KJ_DOC_CHART_ROWS_MAX 200	/* rows (bars, heat-map rows) of one chart */
#define KJ_DOC_CHART_SERIES_MAX 16	/* series (stack parts, heat-map columns) */
#define KJ_DOC_TEXT_MAX 65536		/* bytes of one paragraph or cell */
#define KJ_DOC_SHEET_NAME_MAX 31	/* bytes of an xlsx sheet name */

enum kj_doc_kind {
	KJ_DOC_HEADING,		/* level 1: a chapter (a new page in PDF and docx), 2, 3 */
	KJ_DOC_PARA,		/* a paragraph; '\n' breaks a line within it */
	KJ_DOC_TABLE,
	KJ_DOC_CHART,
	KJ_DOC_PAGEBREAK,
};

enum kj_chart_kind {
	KJ_CHART_BARS,		/* one horizontal bar per row (series 0), 0..max */
	KJ_CHART_STACKED,	/* one bar per row split into its series, as shares of the row */
	KJ_CHART_HEAT,		/* rows x series, each cell shaded by its value 0..max and
				 * labelled with it (colour never the only carrier) */
};

struct kj_doc_table {
	char *caption;
	char *sheet;		/* the xlsx sheet's name (unique within the document) */
	int ncols, nrows, header_rows;	/* the first header_rows rows are headers,
					 * repeated where a table breaks across pages */
	char **cells;		/* nrows * ncols, row-major, never NULL */
	unsigned char *right;	/* per column: 1 when right-aligned (figures) */
	int cap;		/* rows allocated */
};

struct kj_doc_chart {
	enum kj_chart_kind kind;
	char *title, *desc;	/* a chart's title and its description in words */
	char *unit;		/* e.g. "%"; "" for none */
	double max;		/* the axis's top (100 for a rate, 4 for a level) */
	int nseries, nrows, cap;
	char **series;		/* nseries labels */
	char **rows;		/* nrows labels */
	double *values;		/* nrows * nseries; NAN where suppressed or none */
};

struct kj_doc_block {
	enum kj_doc_kind kind;
	int level;		/* heading: 1..3 */
	char *text;		/* heading, paragraph */
	char *anchor;		/* heading: "h1", "h2", ... unique, for contents links */
	struct kj_doc_table *table;
	struct kj_doc_chart *chart;
};

struct kj_doc {
	char *title, *subtitle, *date;	/* the cover: title, subtitle, date as shown */
	struct kj_doc_block *blocks;
	int nblocks, cap;
	int nheadings;
	int fail;
};

struct kj_doc *kj_doc_new(const char *title, const char *subtitle, const char *date);
void kj_doc_free(struct kj_doc *d);
/* 1 when a write failed (the document is incomplete and must not be sent). */
int kj_doc_failed(const struct kj_doc *d);

void kj_doc_heading(struct kj_doc *d, int level, const char *text);
void kj_doc_para(struct kj_doc *d, const char *text);
void kj_doc_paraf(struct kj_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kj_doc_pagebreak(struct kj_doc *d);

/* A table of NCOLS columns whose first HEADER_ROWS rows are headers; SHEET
 * names its xlsx sheet (cut to KJ_DOC_SHEET_NAME_MAX bytes at a character
 * boundary). NULL when the document has failed. */
struct kj_doc_table *kj_doc_table(struct kj_doc *d, const char *caption, const char *sheet,
				  int ncols, int header_rows);
/* Right-align column COL (a column of figures). */
void kj_doc_table_right(struct kj_doc_table *t, int col);
/* Add a row of t->ncols cells (a NULL cell is ""). */
void kj_doc_table_row(struct kj_doc *d, struct kj_doc_table *t, const char *const *cells);

/* A chart of NSERIES series named SERIES. NULL when the document has failed. */
struct kj_doc_chart *kj_doc_chart(struct kj_doc *d, enum kj_chart_kind kind, const char *title,
				  const char *desc, int nseries, const char *const *series,
				  double max, const char *unit);
/* Add a row LABEL with nseries VALUES (NAN: suppressed or none). */
void kj_doc_chart_row(struct kj_doc *d, struct kj_doc_chart *c, const char *label,
		      const double *values);

#endif
