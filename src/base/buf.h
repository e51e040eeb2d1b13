/*
 * A growable byte buffer with a hard cap (after curl's dynbuf).
 *
 * Failures stick. An append that would pass the cap, or that cannot get
 * memory, frees the contents, marks the buffer failed and returns -1; every
 * later append is refused with -1 too, and kj_buf_failed() says so. So a
 * writer that ignores the result of each append (the HTML writers do) can
 * never leave a cut-off text behind: whoever owns the buffer asks once, at
 * the end, and throws the whole thing away. Only kj_buf_reset() and
 * kj_buf_free() clear the failure.
 *
 * Returns: 0 on success, -1 on failure (no struct kj_err: the only causes
 * are the cap and memory, and kj_buf_failed() tells them apart from none).
 * The buffer is always NUL-terminated once anything has been added.
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
	int failed;	/* an append failed: contents freed, appends refused */
};

/* An empty buffer that will hold at most MAX bytes; allocates nothing. */
void kj_buf_init(struct kj_buf *b, size_t max);
/* Frees the contents and clears a failure; the cap stays. */
void kj_buf_free(struct kj_buf *b);
/* Empties the buffer (keeping its memory) and clears a failure. */
void kj_buf_reset(struct kj_buf *b);
/* Appends N bytes of P (any bytes, NUL included); 0 or -1 (see above). */
int kj_buf_add(struct kj_buf *b, const void *p, size_t n);
int kj_buf_adds(struct kj_buf *b, const char *s);
int kj_buf_addc(struct kj_buf *b, char c);
int kj_buf_printf(struct kj_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int kj_buf_vprintf(struct kj_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* 1 if an append has failed since the last init, reset or free, else 0. */
int kj_buf_failed(const struct kj_buf *b);
/* The contents as a C string ("" when empty or failed); owned by the buffer. */
const char *kj_buf_str(const struct kj_buf *b);
/*
 * Hands the contents to the caller (free() it) and resets the buffer; NULL
 * if the buffer failed (the failure is then cleared) or memory ran out.
 */
char *kj_buf_detach(struct kj_buf *b);

#endif
