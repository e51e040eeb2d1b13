/*
 * Helpers of the import commands (cmd_org.c, cmd_standard.c) and the
 * catalog in force for any command. Return conventions: the open function
 * returns an exit status (KJ_EXIT_OK to go on), or -1 when --help was shown;
 * kj_cmd_catalog_of returns 0 or -1 after printing the cause.
 */
#ifndef KJ_CMD_CMD_IMPORT_H
#define KJ_CMD_CMD_IMPORT_H

#include <stddef.h>

#include "app/audit_log.h"
#include "app/usecase.h"
#include "cmd/cmd.h"
#include "model/catalog.h"
#include "model/registry.h"

/*
 * An import from the command line: the file is read whole and given to its
 * use case with the catalog in force; every bad row is printed, and only a
 * file without one is written (in one transaction). Operator lists and
 * safety-standard mappings differ only in their use case and summary.
 */
struct kj_cmd_import {
	char *data;
	size_t len;
	struct kj_store *st;
	struct kj_catalog cat;
	char actor_name[KJ_AUDIT_ACTOR_MAX];
	struct kj_actor actor;
};

/* The catalog in force in the open store ST into CAT (free it); 0, or -1
 * after printing why. */
int kj_cmd_catalog_of(struct kj_store *st, struct kj_catalog *cat);
/* Parses ARGV (--db and one FILE), reads FILE and opens the store: *PATH
 * is the file, IN what the use case needs (close it with
 * kj_cmd_import_close when KJ_EXIT_OK was returned). USAGE is the message
 * when the arguments are wrong. */
int kj_cmd_import_open(const struct kj_command *self, int argc, char **argv,
		       const char *usage, const char **path, struct kj_cmd_import *in);
void kj_cmd_import_close(struct kj_cmd_import *in);
/* Prints why PATH was not imported (OUTCOME, with DETAIL or the bad rows). */
void kj_cmd_import_failed(const char *path, enum kj_import_outcome outcome,
			  const char *detail, const struct kj_row_error *e, int nerrors);

#endif
