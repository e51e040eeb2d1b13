/*
 * Small helpers shared by every layer: error messages, checked number
 * parsing, capped file reading, time and fiscal years.
 */
#ifndef KJ_BASE_UTIL_H
#define KJ_BASE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define KJ_ERR_MAX 512

/* Marks Japanese UI text for xgettext (po/en.po) where it is not passed to T(). */
#define N_(s) (s)

/* A human-readable reason for a failure, filled by the function that failed. */
struct kj_err {
	char msg[KJ_ERR_MAX];
};

void kj_err_set(struct kj_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prefixes the message already in E with "FMT: ". */
void kj_err_prefix(struct kj_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Parses all of S as a decimal integer within [MIN, MAX]. */
int kj_parse_long(const char *s, long min, long max, long *out);

/*
 * Reads the whole file at PATH, at most MAX bytes, into *OUT (NUL-terminated,
 * free() it) and its length into *LEN. Fails on a larger file.
 */
int kj_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct kj_err *err);

/* Copies SRC into DST of size N; fails (DST then empty) if it does not fit. */
int kj_strlcpy(char *dst, const char *src, size_t n);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void kj_now_iso(char out[32]);
/* "YYYY-MM-DDTHH:MM:SSZ" (UTC) as Unix seconds; -1 if S is not of that form. */
int kj_iso_to_unix(const char *s, int64_t *out);

/* Japanese fiscal year (April–March) of a calendar date. */
int kj_fiscal_year(int year, int month);
/* Its name, 令和8年度 or FY2026: kj_fiscal_year_text (base/wareki.h). */

/* True if S is a real calendar date written YYYY-MM-DD, years 1900 to 2999
 * (a date outside is a typo). */
int kj_date_valid(const char *s);
/* The value of hexadecimal digit C (0-9, a-f, A-F), or -1. */
int kj_hex_value(char c);

/* True if S (N bytes) is valid UTF-8; CONTROLS 0 also refuses C0 controls
 * other than tab, CR and LF, and DEL. */
int kj_utf8_valid(const char *s, size_t n, int controls);
/* True if S is valid UTF-8 without C0 controls other than tab, CR and LF. */
int kj_utf8_valid_text(const char *s, size_t n);
/* True if S (N bytes, already known to be UTF-8) holds no C0 control other
 * than tab, CR and LF, and no DEL: kj_utf8_valid_text's other half, a word
 * at a time. */
int kj_text_no_controls(const char *s, size_t n);
/* The byte length of S cut to at most MAX bytes on a character boundary. */
size_t kj_utf8_prefix(const char *s, size_t max);
/* Formats into OUT (size N > 0) like snprintf; a text that does not fit is
 * cut at a character boundary, so that it stays valid UTF-8. */
void kj_textf(char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
