/* Shared helpers: errors, parsing, files, time. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	FILE *f = fopen(path, "rb");
	if (!f) {
		kj_err_set(err, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		kj_err_set(err, "%s is not a regular file", path);
		fclose(f);
		return -1;
	}
	if ((uintmax_t)st.st_size > max) {
		kj_err_set(err, "%s is too large (%jd bytes, limit %zu)", path,
			   (intmax_t)st.st_size, max);
		fclose(f);
		return -1;
	}
	size_t n = (size_t)st.st_size;
	char *p = malloc(n + 1);
	if (!p) {
		kj_err_set(err, "out of memory reading %s", path);
		fclose(f);
		return -1;
	}
	size_t got = fread(p, 1, n + 1, f);
	int bad = ferror(f) || got != n;
	fclose(f);
	if (bad) {
		free(p);
		kj_err_set(err, "cannot read %s", path);
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

int kj_fiscal_year(int year, int month)
{
	return month >= 4 ? year : year - 1;
}

int kj_fiscal_year_ja(int fy, char *out, size_t n)
{
	int r = fy - 2018;	/* 令和元年 = 2019 */
	int w;
	if (r == 1)
		w = snprintf(out, n, "令和元年度");
	else if (r > 1)
		w = snprintf(out, n, "令和%d年度", r);
	else
		w = snprintf(out, n, "%d年度", fy);
	return (w < 0 || (size_t)w >= n) ? -1 : 0;
}

int kj_utf8_valid_text(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	while (p < e) {
		unsigned c = *p;
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				return 0;
			p++;
			continue;
		}
		int len;
		unsigned cp;
		if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
		else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
		else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
		else return 0;
		if (e - p < len)
			return 0;
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		p += len;
	}
	return 1;
}
