/* Capped growable buffer whose failures stick (see buf.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

void kj_buf_init(struct kj_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->failed = 0;
}

void kj_buf_free(struct kj_buf *b)
{
	free(b->data);
	kj_buf_init(b, b->max);
}

void kj_buf_reset(struct kj_buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* The failure rule: nothing half-written is kept, nothing more is taken. */
static int fail(struct kj_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = 1;
	return -1;
}

static int grow(struct kj_buf *b, size_t n)
{
	if (b->failed)
		return -1;
	if (n > b->max || b->len > b->max - n)
		return fail(b);
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->data, cap);
	if (!p)
		return fail(b);
	b->data = p;
	b->cap = cap;
	return 0;
}

int kj_buf_add(struct kj_buf *b, const void *p, size_t n)
{
	if (grow(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int kj_buf_adds(struct kj_buf *b, const char *s)
{
	return kj_buf_add(b, s, strlen(s));
}

int kj_buf_addc(struct kj_buf *b, char c)
{
	return kj_buf_add(b, &c, 1);
}

int kj_buf_vprintf(struct kj_buf *b, const char *fmt, va_list ap)
{
	if (b->failed)
		return -1;
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return fail(b);
	if (grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int kj_buf_printf(struct kj_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = kj_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int kj_buf_failed(const struct kj_buf *b)
{
	return b->failed;
}

const char *kj_buf_str(const struct kj_buf *b)
{
	return b->data ? b->data : "";
}

char *kj_buf_detach(struct kj_buf *b)
{
	/* A failed buffer holds nothing (fail() freed it): NULL, as documented. */
	char *p = b->data;
	if (!p && !b->failed)
		p = calloc(1, 1);
	kj_buf_init(b, b->max);
	return p;
}
