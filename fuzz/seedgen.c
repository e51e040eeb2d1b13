/*
 * Writes the xlsx seeds into a folder, for real fuzzing with libFuzzer
 * (the replay driver makes them itself):
 *
 *   fuzz_xlsx_seeds DIR && fuzz_table_lf CORPUS fuzz/corpus/table DIR
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	if (mkdir(argv[1], 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return kj_fuzz_xlsx_seeds(argv[1]) < 0 ? 1 : 0;
}
