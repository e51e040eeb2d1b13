/*
 * What the fuzz targets share. Each fuzz_<target>.c defines libFuzzer's
 * entry point; linked with driver.c it replays a seed corpus and
 * deterministic mutations of it (the ctest run), linked with
 * -fsanitize=fuzzer it is a real fuzzer (see README.md).
 *
 * A target checks what the code under test promises (a table's cells are
 * UTF-8 text, a redirect stays local, ...) with FUZZ_CHECK: a broken
 * promise aborts like a crash, so both harnesses report it with the input.
 */
#ifndef KJ_FUZZ_H
#define KJ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional one-time set-up (libFuzzer's name): called before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * Optional, for the replay driver only: writes seeds that are better made
 * than committed (xlsx workbooks) into the empty directory DIR. Returns 0,
 * or -1 after printing why.
 */
int kj_fuzz_runtime_seeds(const char *dir);

/* Writes a set of xlsx workbooks (libxlsxwriter) into DIR: see seeds_xlsx.c. */
int kj_fuzz_xlsx_seeds(const char *dir);

#define FUZZ_CHECK(cond, ...) do {						\
		if (!(cond)) {							\
			fprintf(stderr, "%s:%d: broken promise: %s: ",		\
				__FILE__, __LINE__, #cond);			\
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
			abort();						\
		}								\
	} while (0)

#endif
