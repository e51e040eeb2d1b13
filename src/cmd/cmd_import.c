/*
 * What the import commands share (org import, standard import): reading the
 * file and opening the store with the catalog in force and the actor, and
 * printing why a file was not imported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/cmd_import.h"
#include "model/table.h"
#include "store/store_catalog.h"

#define ROW_ERRORS_SHOWN 50

static void print_row_errors(const char *path, const struct kj_row_error *e, int n,
			     int total)
{
	for (int i = 0; i < n && i < ROW_ERRORS_SHOWN; i++)
		fprintf(stderr, "%s:%d: %s%s%s\n", path, e[i].row, e[i].column,
			e[i].column[0] ? ": " : "", e[i].reason_en);
	if (total > ROW_ERRORS_SHOWN)
		fprintf(stderr, "... and %d more\n", total - ROW_ERRORS_SHOWN);
	fprintf(stderr, "kijun: %d error%s in %s; nothing was changed\n", total,
		total == 1 ? "" : "s", path);
}

/* The catalog in force in the open store. */
int kj_cmd_catalog_of(struct kj_store *st, struct kj_catalog *cat)
{
	struct kj_err err;
	if (kj_store_catalog_get(st, NULL, cat, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return -1;
	}
	return 0;
}

/* Reads FILE and opens the store; KJ_EXIT_OK or the exit status to return. */
int kj_cmd_import_open(const struct kj_command *self, int argc, char **argv,
		       const char *usage, const char **path, struct kj_cmd_import *in)
{
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	memset(in, 0, sizeof *in);
	if (rc)
		return rc > 0 ? -1 : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "%s", usage);
	struct kj_err err;
	*path = pos[0];
	if (kj_read_file(pos[0], KJ_TABLE_FILE_MAX, &in->data, &in->len, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (kj_cmd_open(&in->st, db, 0) < 0) {
		free(in->data);
		return KJ_EXIT_FAIL;
	}
	if (kj_cmd_catalog_of(in->st, &in->cat) < 0) {
		free(in->data);
		kj_store_close(in->st);
		return KJ_EXIT_FAIL;
	}
	kj_cmd_actor(in->actor_name, sizeof in->actor_name);
	in->actor = (struct kj_actor){ NULL, 0, in->actor_name };
	return KJ_EXIT_OK;
}

void kj_cmd_import_close(struct kj_cmd_import *in)
{
	free(in->data);
	kj_catalog_free(&in->cat);
	kj_store_close(in->st);
}

/* Prints why PATH was not imported (OUTCOME, with DETAIL or the bad rows). */
void kj_cmd_import_failed(const char *path, enum kj_import_outcome outcome, const char *detail,
			  const struct kj_row_error *e, int nerrors)
{
	switch (outcome) {
	case KJ_IMPORT_UNREADABLE:
		kj_cmd_error("%s: %s", path, detail);
		break;
	case KJ_IMPORT_NOT_A_LIST:
		kj_cmd_error("%s: %s; nothing was changed", path, detail);
		break;
	case KJ_IMPORT_BAD_ROWS:
		print_row_errors(path, e, nerrors < KJ_IMPORT_ERRORS_MAX ? nerrors
					  : KJ_IMPORT_ERRORS_MAX, nerrors);
		break;
	case KJ_IMPORT_REFUSED:
		kj_cmd_error("%s: %s; nothing was changed", path, detail);
		break;
	case KJ_IMPORT_DONE:
		break;
	}
}
