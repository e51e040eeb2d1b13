/*
 * HTML output. Markup is written only through these functions: kj_h() for
 * literal markup that is part of the program, and an escaping writer per
 * context for every value (cgit's html.c). Nothing prints a value into
 * HTML by any other route.
 *
 * The writers return nothing: a failed append (the body's cap, or memory)
 * sticks in the buffer (base/buf.h), every later write is a no-op, and
 * the dispatcher answers the request with 500 instead of the cut page
 * (the handler contract in web/app.h). A page checks nothing per write.
 */
#ifndef KJ_WEB_HTML_H
#define KJ_WEB_HTML_H

#include <stdint.h>

#include "base/buf.h"
#include "web/http.h"

/* Literal markup from the program text (never a value). */
void kj_h(struct kj_buf *b, const char *markup);
/* Text content: & < > " ' escaped. */
void kj_h_text(struct kj_buf *b, const char *s);
/* A quoted attribute value: escaped like text. */
void kj_h_attr(struct kj_buf *b, const char *s);
/* A query-string or path component: percent-encoded, then safe in an attribute. */
void kj_h_urlpart(struct kj_buf *b, const char *s);
void kj_h_int(struct kj_buf *b, long long v);
/*
 * Dates, times, fiscal years and counts as the reader expects them
 * (base/wareki.h): 令和8年12月4日 / 4 Dec 2026 inside <time datetime>, times
 * in JST with the zone shown, 令和8年度 / FY2026, 20,000. A page never shows
 * an ISO date or a UTC time. WESTERN adds the Western year (令和8年（2026年）…)
 * where a table needs it. A value that is not a date shows "—".
 */
void kj_h_count(struct kj_buf *b, long long v);
void kj_h_date(const struct kj_request *req, struct kj_buf *b, const char *iso, int western);
void kj_h_time(const struct kj_request *req, struct kj_buf *b, const char *utc);
void kj_h_fy(const struct kj_request *req, struct kj_buf *b, int fy);
/* <a href="HREF">TEXT</a>; HREF is escaped as an attribute. */
void kj_h_link(struct kj_buf *b, const char *href, const char *text);

/* The translation of Japanese UI text JA into the request's language. */
const char *kj_tr(const struct kj_request *r, const char *ja);
#define T(ja) kj_tr(req, ja)

/* The page frame: head, skip link, header with navigation, main. */
void kj_page_begin(struct kj_request *req, struct kj_response *resp,
		   const char *title);
void kj_page_end(struct kj_request *req, struct kj_response *resp);
/* A hidden input carrying the session's CSRF token. */
void kj_h_csrf(struct kj_request *req, struct kj_buf *b);

#endif
