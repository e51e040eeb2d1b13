/*
 * kijun db copy: a whole installation from one database into another;
 * kijun backup and kijun restore: a checked copy of it, and back.
 */
#include <stdio.h>
#include <string.h>

#include "app/backup.h"
#include "app/db_copy.h"
#include "cmd/cmd.h"

int kj_cmd_db_copy(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("db", "copy");
	const char *from = NULL, *to = NULL, *pos[1];
	const struct kj_opt opts[] = { { "from", 1, &from }, { "to", 1, &to },
				       { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (!from || !to)
		return kj_cmd_usage(self, "both --from and --to are needed");
	struct kj_db_copy_result r;
	struct kj_err err;
	if (kj_app_db_copy(from, to, &r, &err) < 0) {
		kj_cmd_error("db copy: %s; nothing was copied", err.msg);
		return KJ_EXIT_FAIL;
	}
	for (int i = 0; i < r.stats.ntables; i++)
		if (r.stats.t[i].to_rows)
			printf("%-28s %9ld %s\n", r.stats.t[i].name, r.stats.t[i].to_rows,
			       r.stats.t[i].to_rows == 1 ? "row" : "rows");
	printf("copied %ld rows of %d tables in %.1f s; every table's count matches\n",
	       r.stats.rows, r.stats.ntables, r.seconds);
	printf("audit trail OK on the copy: %ld %s\n", r.audit_entries,
	       r.audit_entries == 1 ? "entry" : "entries");
	return KJ_EXIT_OK;
}

/* ARGV with "-o" read as "--output", into OUT (at most MAX); -1 when too many. */
static int output_alias(int argc, char **argv, char **out, int max)
{
	static char output[] = "--output";
	if (argc > max)
		return -1;
	for (int i = 0; i < argc; i++)
		out[i] = strcmp(argv[i], "-o") ? argv[i] : output;
	return 0;
}

#define BACKUP_ARGS_MAX 32

static void print_trail(const struct kj_backup_result *r, const char *where)
{
	printf("audit trail OK on %s: %ld %s", where, r->audit_entries,
	       r->audit_entries == 1 ? "entry" : "entries");
	if (r->audit_first_keyed)
		printf(", keyed from entry %lld", (long long)r->audit_first_keyed);
	printf("\n");
	if (r->last_id)
		printf("last entry %lld, hash %s\n", (long long)r->last_id, r->last_hash);
}

int kj_cmd_backup(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find(NULL, "backup");
	const char *db = NULL, *output = NULL, *pos[1];
	char *args[BACKUP_ARGS_MAX];
	const struct kj_opt opts[] = { { "db", 1, &db }, { "output", 1, &output },
				       { NULL, 0, NULL } };
	if (output_alias(argc, argv, args, BACKUP_ARGS_MAX) < 0)
		return kj_cmd_usage(self, "too many arguments");
	int npos, rc = kj_cmd_parse(self, argc, args, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (!output)
		return kj_cmd_usage(self, "give the file to write the backup to (-o FILE)");
	if (kj_cmd_audit_key() < 0)
		return KJ_EXIT_FAIL;
	char actor[KJ_AUDIT_ACTOR_MAX];
	struct kj_backup_result r;
	struct kj_err err;
	kj_cmd_actor(actor, sizeof actor);
	if (kj_app_backup(kj_cmd_db_path(db), output, actor, &r, &err) < 0) {
		kj_cmd_error("backup: %s; no backup was written", err.msg);
		return KJ_EXIT_FAIL;
	}
	printf("backup written to %s (%s, %lld bytes, mode 0600)\n", output,
	       r.pg ? "PostgreSQL custom-format dump" : "SQLite", r.bytes);
	printf("sha256 %s, in %s.sha256\n", r.digest, output);
	print_trail(&r, "the copy");
	return KJ_EXIT_OK;
}

int kj_cmd_restore(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find(NULL, "restore");
	const char *db = NULL, *force = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { "force", 0, &force },
				       { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "give the backup file to restore");
	if (kj_cmd_audit_key() < 0)
		return KJ_EXIT_FAIL;
	const char *path = kj_cmd_db_path(db);
	char actor[KJ_AUDIT_ACTOR_MAX];
	struct kj_backup_result r;
	struct kj_err err;
	kj_cmd_actor(actor, sizeof actor);
	if (kj_app_restore(pos[0], path, force != NULL, actor, &r, &err) < 0) {
		kj_cmd_error("restore: %s; %s", err.msg, r.replaced
			     ? "the database was restored but failed this check: do not use "
			       "it before 'kijun audit verify' passes"
			     : "nothing was changed");
		return KJ_EXIT_FAIL;
	}
	printf("restored %s into %s\n", pos[0], path);
	if (r.digest_checked)
		printf("sha256 %s matches %s.sha256\n", r.digest, pos[0]);
	else
		printf("sha256 %s (no %s.sha256 beside it: compare it with the digest kept "
		       "of the backup)\n", r.digest, pos[0]);
	print_trail(&r, "the backup");
	return KJ_EXIT_OK;
}
