/* Shared helpers: errors, parsing, files, time. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

void kj_err_set(struct kj_err *e, const char *fmt, ...)
{
	if (!e)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

void kj_err_prefix(struct kj_err *e, const char *fmt, ...)
{
	if (!e)
		return;
	char head[KJ_ERR_MAX], both[2 * KJ_ERR_MAX + 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	/* Both halves fit in BOTH; the message is then cut to its size. */
	snprintf(both, sizeof both, "%s: %s", head, e->msg);
	memcpy(e->msg, both, sizeof e->msg - 1);
	e->msg[sizeof e->msg - 1] = '\0';
}

int kj_parse_long(const char *s, long min, long max, long *out)
{
	/* strtol would skip leading space; "all of S" means none. */
	if (!s || !((*s >= '0' && *s <= '9') || *s == '-'))
		return -1;
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int kj_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct kj_err *err)
{
	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then
	 * refuses anything that is not a regular file before a byte is read. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		kj_err_set(err, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		kj_err_set(err, "%s is not a regular file", path);
		close(fd);
		return -1;
	}
	if ((uintmax_t)st.st_size > max) {
		kj_err_set(err, "%s is too large (%jd bytes, limit %zu)", path,
			   (intmax_t)st.st_size, max);
		close(fd);
		return -1;
	}
	size_t n = (size_t)st.st_size, got = 0;
	char *p = malloc(n + 1);
	if (!p) {
		kj_err_set(err, "out of memory reading %s", path);
		close(fd);
		return -1;
	}
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != n) {
		free(p);
		kj_err_set(err, "cannot read %s (it changed while being read?)", path);
		return -1;
	}
	p[n] = '\0';
	*out = p;
	*len = n;
	return 0;
}

int kj_strlcpy(char *dst, const char *src, size_t n)
{
	size_t l = strlen(src);
	if (l >= n) {
		if (n)
			dst[0] = '\0';
		return -1;
	}
	memcpy(dst, src, l + 1);
	return 0;
}

void kj_now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int kj_iso_to_unix(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, se;
	char z;
	if (!s || strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &z) != 7 ||
	    z != 'Z' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	/* Days from 1970-01-01 of the proleptic Gregorian calendar (civil days). */
	int64_t yy = mo <= 2 ? y - 1 : y;
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	*out = days * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

int kj_fiscal_year(int year, int month)
{
	return month >= 4 ? year : year - 1;
}

static int control_byte(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

#define WORD_ONES 0x0101010101010101u
#define WORD_HIGHS 0x8080808080808080u

/* Nonzero if word W may hold a byte above 0x7f or, unless CONTROLS, a byte
 * below 0x20 or DEL (tab, CR and LF too: such a word is read byte by byte). */
static uint64_t word_not_plain(uint64_t w, int controls)
{
	uint64_t bad = w & WORD_HIGHS;
	if (!controls) {
		uint64_t d = w ^ (WORD_ONES * 0x7f);
		bad |= ((w - WORD_ONES * 0x20) & ~w) | ((d - WORD_ONES) & ~d);
	}
	return bad & WORD_HIGHS;
}

/*
 * A file's text is read whole by this before anything else (22 KB a form of
 * an import): ASCII runs go eight bytes at a time, and the three-byte
 * characters of Japanese text through one range test per byte. The second
 * byte's range after E0..EF: E0 needs A0..BF (not overlong), ED 80..9F (not
 * a surrogate), the others 80..BF.
 */
static const unsigned char lead3_lo[16] = { 0xa0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
					    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80 };
static const unsigned char lead3_hi[16] = { 0xbf, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf,
					    0xbf, 0xbf, 0xbf, 0xbf, 0xbf, 0x9f, 0xbf, 0xbf };

int kj_utf8_valid(const char *s, size_t n, int controls)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	while (p < e) {
		unsigned c = *p;
		if (c < 0x80) {
			if (!controls && control_byte((unsigned char)c))
				return 0;
			p++;
			for (; e - p >= 8; p += 8) {
				uint64_t w;
				memcpy(&w, p, 8);
				if (word_not_plain(w, controls))
					break;
			}
			continue;
		}
		if (c >= 0xe0 && c < 0xf0) {
			/* Three bytes, nearly every Japanese character: two at a
			 * time while both lead with E1..EC or EE..EF (no overlong
			 * or surrogate to rule out) and four continuation bytes. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			for (; e - p >= 8; p += 6) {
				uint64_t w;
				memcpy(&w, p, 8);
				unsigned l0 = (unsigned)w & 0x0f, l1 = (unsigned)(w >> 24) & 0x0f;
				if ((w & 0xc0c0f0c0c0f0u) != 0x8080e08080e0u || l0 == 0 || l0 == 0xd ||
				    l1 == 0 || l1 == 0xd)
					break;
			}
			if (p >= e || *p < 0xe0 || *p >= 0xf0)
				continue;
			c = *p;
#endif
			if (e - p < 3)
				return 0;
			unsigned b1 = p[1], b2 = p[2];
			if (b1 - lead3_lo[c & 15] > (unsigned)(lead3_hi[c & 15] - lead3_lo[c & 15]) ||
			    (b2 ^ 0x80) >= 0x40)
				return 0;
			p += 3;
		} else if (c >= 0xc2 && c < 0xe0) {
			if (e - p < 2 || (p[1] ^ 0x80) >= 0x40)
				return 0;
			p += 2;
		} else if (c >= 0xf0 && c <= 0xf4) {
			/* Four bytes: F0 needs 90..BF next, F4 80..8F (to U+10FFFF). */
			if (e - p < 4 || (p[1] ^ 0x80) >= 0x40 || (p[2] ^ 0x80) >= 0x40 ||
			    (p[3] ^ 0x80) >= 0x40 || (c == 0xf0 && p[1] < 0x90) ||
			    (c == 0xf4 && p[1] >= 0x90))
				return 0;
			p += 4;
		} else {
			return 0;	/* a continuation byte, C0, C1 or F5..FF first */
		}
	}
	return 1;
}

int kj_utf8_valid_text(const char *s, size_t n)
{
	return kj_utf8_valid(s, n, 0);
}

int kj_text_no_controls(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t i = 0;
	/* Eight bytes at a time: a byte below 0x20 or equal to 0x7f makes its
	 * word look closer; only such a word is read byte by byte. */
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		uint64_t below = (w - ones * 0x20) & ~w & highs;
		uint64_t del = ((w ^ (ones * 0x7f)) - ones) & ~(w ^ (ones * 0x7f)) & highs;
		if (!(below | del))
			continue;
		for (size_t j = i; j < i + 8; j++)
			if (control_byte(p[j]))
				return 0;
	}
	for (; i < n; i++)
		if (control_byte(p[i]))
			return 0;
	return 1;
}

int kj_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int kj_date_valid(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

size_t kj_utf8_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* After a cut by snprintf: drops a last character whose bytes did not all fit. */
static void utf8_trim_cut(char *s)
{
	size_t e = strlen(s), i = e;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0) {
		unsigned char lead = (unsigned char)s[i - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (i - 1 + need > e)
			s[i - 1] = '\0';
	}
}

void kj_textf(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	if (k < 0)
		out[0] = '\0';
	else if ((size_t)k >= n)
		utf8_trim_cut(out);
}
