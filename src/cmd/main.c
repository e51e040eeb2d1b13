/* kijun's entry point: finds the command in the table and runs it. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "model/user.h"

static void usage(FILE *f)
{
	fputs("usage: kijun COMMAND [OPTIONS]\n\n"
	      "kijun runs the PDCA cycle of the Unified Standard for Cybersecurity\n"
	      "Measures of Critical Infrastructure.\n\nCommands:\n", f);
	for (const struct kj_command *c = kj_commands; c->name; c++) {
		char name[64];
		snprintf(name, sizeof name, "%s%s%s", c->group ? c->group : "",
			 c->group ? " " : "", c->name);
		fprintf(f, "  %-18s %s\n", name, c->summary);
	}
	fputs("\n--db PATH is an SQLite file, or a PostgreSQL database given as a URI\n"
	      "(postgresql://USER@HOST/DBNAME?..., libpq's conninfo); without --db,\n"
	      "$KIJUN_DB, else ./kijun.db.\n", f);
	fputs("\n'kijun COMMAND --help' tells more. "
	      "Exit status: 0 done, 1 failed, 2 bad usage.\n", f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return KJ_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return KJ_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		puts("kijun " KJ_VERSION_STRING);
		if (kj_password_hash_fast())
			puts("test build: passwords hashed at the smallest cost; not for use");
		return KJ_EXIT_OK;
	}
	const struct kj_command *c = kj_cmd_find(NULL, argv[1]);
	if (c)
		return c->run(argc - 1, argv + 1);
	int is_group = 0;
	for (c = kj_commands; c->name; c++)
		if (c->group && !strcmp(c->group, argv[1]))
			is_group = 1;
	if (!is_group)
		return kj_cmd_usage(NULL, "unknown command '%s'", argv[1]);
	if (argc < 3 || !strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) {
		FILE *f = argc < 3 ? stderr : stdout;
		fprintf(f, "usage: kijun %s SUBCOMMAND [OPTIONS]\n\n", argv[1]);
		for (c = kj_commands; c->name; c++)
			if (c->group && !strcmp(c->group, argv[1]))
				fprintf(f, "  %-10s %s\n", c->name, c->summary);
		return argc < 3 ? KJ_EXIT_USAGE : KJ_EXIT_OK;
	}
	c = kj_cmd_find(argv[1], argv[2]);
	if (!c)
		return kj_cmd_usage(NULL, "unknown command '%s %s'", argv[1], argv[2]);
	return c->run(argc - 2, argv + 2);
}
