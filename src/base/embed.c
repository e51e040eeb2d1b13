/* Lookup in the table of embedded data files. */
#include <string.h>

#include "base/embed.h"

const struct kj_embedded_file *kj_embedded_find(const char *path)
{
	for (const struct kj_embedded_file *f = kj_embedded_files; f->path; f++)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}
