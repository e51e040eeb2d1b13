/*
 * Files of data/ compiled into the binary (see cmake/embed.cmake): the
 * standard's default version and the reference data.
 */
#ifndef KJ_BASE_EMBED_H
#define KJ_BASE_EMBED_H

#include <stddef.h>

struct kj_embedded_file {
	const char *path;		/* relative to data/, e.g. "standard/2026/requirements.json" */
	const unsigned char *data;	/* NUL-terminated for convenience */
	size_t len;			/* without the terminating NUL */
};

/* Terminated by an entry whose path is NULL. */
extern const struct kj_embedded_file kj_embedded_files[];

/* The embedded file at PATH, or NULL. */
const struct kj_embedded_file *kj_embedded_find(const char *path);

#endif
