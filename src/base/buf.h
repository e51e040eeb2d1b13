/*
 * A growable byte buffer with a hard cap (after curl's dynbuf). Appends that
 * would pass the cap fail and leave the buffer as it was; the buffer is
 * always NUL-terminated once anything has been added.
 */
#ifndef KJ_BASE_BUF_H
#define KJ_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct kj_buf {
	char *data;
	size_t len;
	size_t cap;	/* allocated bytes */
	size_t max;	/* hard cap on len */
};

void kj_buf_init(struct kj_buf *b, size_t max);
void kj_buf_free(struct kj_buf *b);
void kj_buf_reset(struct kj_buf *b);
int kj_buf_add(struct kj_buf *b, const void *p, size_t n);
int kj_buf_adds(struct kj_buf *b, const char *s);
int kj_buf_addc(struct kj_buf *b, char c);
int kj_buf_printf(struct kj_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int kj_buf_vprintf(struct kj_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* The contents as a C string ("" when empty); owned by the buffer. */
const char *kj_buf_str(const struct kj_buf *b);
/* Hands the contents to the caller (free() it) and resets the buffer. */
char *kj_buf_detach(struct kj_buf *b);

#endif
