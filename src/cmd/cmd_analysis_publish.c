/*
 * kijun analysis publish SECTOR --fy FY [--k N]: publishes a sector's
 * analysis to its CEPTOAR and operators (a frozen snapshot, as a reader of
 * aggregates sees it; app/analysis_publish.h). kijun analysis published
 * [ID]: lists the published snapshots, or prints one's frozen JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/analysis_publish.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "model/audit.h"

int kj_cmd_analysis_publish(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("analysis", "publish");
	const char *db = NULL, *fy = NULL, *kn = NULL, *pos[1] = { NULL };
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "fy", 1, &fy }, { "k", 1, &kn }, { NULL, 0, NULL },
	};
	int got = 0;
	int rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &got);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (got != 1)
		return kj_cmd_usage(self, "give one SECTOR code");
	if (!fy)
		return kj_cmd_usage(self, "--fy FY is required");
	long k = KJ_ANALYSIS_K;
	if (kn && kj_parse_long(kn, KJ_ANALYSIS_K_MIN, KJ_ANALYSIS_K_MAX, &k) < 0)
		return kj_cmd_usage(self, "--k must be a whole number from %d to %d",
				    KJ_ANALYSIS_K_MIN, KJ_ANALYSIS_K_MAX);
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	char name[KJ_AUDIT_ACTOR_MAX];
	kj_cmd_actor(name, sizeof name);
	struct kj_actor actor = { NULL, 0, name };
	struct kj_analysis_refusal why;
	struct kj_err err;
	int64_t id;
	rc = kj_analysis_publish(st, &actor, pos[0], fy, (int)k, &id, &why, &err);
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("%s; nothing was published", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (rc > 0) {
		kj_cmd_error("%s; nothing was published", why.en);
		return why.code == 400 ? KJ_EXIT_USAGE : KJ_EXIT_FAIL;
	}
	printf("published snapshot %lld: %s, FY%s\n", (long long)id, pos[0], fy);
	return KJ_EXIT_OK;
}

/* The list, one line a snapshot. */
static int list(struct kj_store *st)
{
	struct kj_snapshot_meta *m = calloc(KJ_SNAPSHOT_LIST_MAX, sizeof *m);
	struct kj_err err;
	int n = 0;
	if (!m) {
		kj_cmd_error("out of memory");
		return KJ_EXIT_FAIL;
	}
	if (kj_analysis_published_list(st, NULL, m, KJ_SNAPSHOT_LIST_MAX, &n, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		free(m);
		return KJ_EXIT_FAIL;
	}
	printf("id\tfy\tsector\tpublished_at\tpublisher\tk\tsuppressed\tdigest\n");
	for (int i = 0; i < n; i++)
		printf("%lld\t%d\t%s\t%s\t%s\t%d\t%ld\t%s\n", (long long)m[i].id, m[i].fy,
		       m[i].sector, m[i].published_at, m[i].publisher, m[i].k, m[i].suppressed,
		       m[i].digest);
	free(m);
	return fflush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_FAIL;
}

int kj_cmd_analysis_published(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("analysis", "published");
	const char *db = NULL, *pos[1] = { NULL };
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int got = 0;
	int rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &got);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	long v;
	if (got && kj_parse_long(pos[0], 1, 0x7fffffffL, &v) < 0)
		return kj_cmd_usage(self, "ID must be a snapshot's number");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	if (!got) {
		rc = list(st);
		kj_store_close(st);
		return rc;
	}
	struct kj_snapshot s;
	struct kj_analysis_refusal why;
	struct kj_err err;
	rc = kj_analysis_published_get(st, NULL, pos[0], &s, &why, &err);
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (rc > 0) {
		kj_cmd_error("%s", why.en);
		return KJ_EXIT_FAIL;
	}
	/* The frozen JSON byte for byte: its SHA-256 is the digest listed. */
	int bad = fputs(s.body, stdout) == EOF || fputc('\n', stdout) == EOF ||
		  fflush(stdout) != 0;
	kj_snapshot_free(&s);
	if (bad)
		kj_cmd_error("cannot write the snapshot to standard output");
	return bad ? KJ_EXIT_FAIL : KJ_EXIT_OK;
}
