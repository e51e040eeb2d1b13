/* Helpers shared by the fuzz targets (common.c). */
#ifndef KJ_FUZZ_COMMON_H
#define KJ_FUZZ_COMMON_H

#include "fuzz.h"
#include "model/catalog.h"

/* The built-in standard version, loaded on first use and kept. */
const struct kj_catalog *kj_fuzz_catalog(void);
/* A private scratch folder, removed with its files at exit. */
const char *kj_fuzz_tmpdir(void);
/* S is NUL-terminated within MAX bytes and UTF-8 text (a message, a field). */
void kj_fuzz_check_text(const char *what, const char *s, size_t max);

#endif
