/* kijun db copy: a whole installation from one database into another. */
#include <stdio.h>

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
