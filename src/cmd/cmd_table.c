/* The table of kijun's commands: the only place a command is registered. */
#include <stddef.h>

#include "cmd/cmd.h"

const struct kj_command kj_commands[] = {
	{ NULL, "init", kj_cmd_init,
	  "create a database (or bring one up to date) and load the standard",
	  "[--db PATH]" },
	{ "catalog", "list", kj_cmd_catalog_list,
	  "list the requirements of the standard",
	  "[--db PATH] [--version V] [--function F] [--lang ja|en]" },
	{ "catalog", "show", kj_cmd_catalog_show,
	  "show one requirement with its section, definitions and CSF 2.0 mapping",
	  "ID [--db PATH] [--version V] [--lang ja|en]" },
	{ "catalog", "export", kj_cmd_catalog_export,
	  "write the standard as kijun JSON, CSV or an OSCAL catalog",
	  "--format json|csv|oscal [--output FILE] [--db PATH] [--version V]" },
	{ "catalog", "import", kj_cmd_catalog_import,
	  "load a revision of the standard from a data folder",
	  "DIR [--db PATH]" },
	{ "catalog", "versions", kj_cmd_catalog_versions,
	  "list the versions of the standard in the database",
	  "[--db PATH]" },
	{ NULL, "demo", kj_cmd_demo,
	  "fill a new database with a synthetic national dataset",
	  "--operators N --seed S [--years Y] [--db PATH]" },
	{ NULL, NULL, NULL, NULL, NULL },
};
