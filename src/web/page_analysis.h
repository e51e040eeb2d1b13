/*
 * The analysis pages (issue 13): page_analysis.c (the handlers, the fiscal
 * year, the exports) and page_analysis_tables.c (the tables every page
 * shows after its charts, and that ?format=csv|xlsx&table=NAME sends).
 * The tables are built once from the kj_analysis the API gives, so the
 * page, its charts and its files say the same figures.
 */
#ifndef KJ_WEB_PAGE_ANALYSIS_H
#define KJ_WEB_PAGE_ANALYSIS_H

#include "app/analysis.h"
#include "export/analysis_out.h"
#include "web/http.h"

#define KJ_ATABS_MAX	4	/* tables of one page */
#define KJ_ATAB_COLS	16	/* columns of one table */

struct kj_atab {
	const char *name;		/* ?table=NAME, the file's name */
	const char *caption_ja;		/* marked N_() */
	struct kj_atable t;
	const char *cols[KJ_ATAB_COLS];
	char **href;			/* [nrows] the first cell's link, or NULL */
	int cap;			/* rows allocated */
	int fail;
};

struct kj_atabs {
	struct kj_atab tab[KJ_ATABS_MAX];
	int n;
};

/* The tables of A's view, in the request's language: 0, or -1 (no memory). */
int kj_atabs_build(struct kj_request *req, const struct kj_analysis *a, struct kj_atabs *ts);
void kj_atabs_free(struct kj_atabs *ts);
/* Table T as an HTML table (the caption, the heads, a link in the first cell). */
void kj_atab_html(struct kj_request *req, struct kj_buf *b, const struct kj_atab *t);
/* The name of sector S, function F in the request's language. */
const char *kj_analysis_sector_name(const struct kj_request *req, const struct kj_analysis *a,
				    int s);
const char *kj_analysis_function_name(const struct kj_request *req, const struct kj_analysis *a,
				      int f);
/* "—（k 未満のため非表示）" in the request's language. */
const char *kj_analysis_sup_note(struct kj_request *req);

/* Building a table elsewhere: a new table NAME (its sheet too) of TS, NULL
 * when TS is full; a column headed JA (translated); a new row (HREF: its
 * first cell's link, or NULL): its index, or -1 once out of memory (T->fail);
 * cell C of row R, copied (NULL: empty). */
struct kj_atab *kj_atab_new(struct kj_atabs *ts, const char *name, const char *caption_ja);
void kj_atab_col(struct kj_request *req, struct kj_atab *t, const char *ja);
int kj_atab_row(struct kj_atab *t, const char *href);
void kj_atab_cell(struct kj_atab *t, int r, int c, const char *v);

/* The request's fiscal year (its fy, or the latest with a survey up to now,
 * written into BUF of N bytes); NULL when the store fails. */
const char *kj_analysis_fy_param(struct kj_request *req, char *buf, size_t n);
/* Table T sent as a FORMAT (csv, xlsx) file named BASE. */
int kj_atab_send(struct kj_request *req, struct kj_response *resp, struct kj_atab *t,
		 const char *format, const char *base);
/* The table of TS that ?table= names as a FORMAT file named PREFIX-NAME: 400
 * (a page, 0 returned) for a bad format or table. */
int kj_atabs_send(struct kj_request *req, struct kj_response *resp, struct kj_atabs *ts,
		  const char *format, const char *prefix);

#endif
