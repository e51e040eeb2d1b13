/*
 * kijun audit verify|head|keygen|list|export: the tamper-evident audit
 * trail on the command line, and the actor label every command-line change
 * is recorded under.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "app/audit_export.h"
#include "app/audit_log.h"
#include "app/backup_file.h"
#include "cmd/cmd.h"
#include "store/store_audit.h"

#define ACTOR_NAME_MAX 32	/* bytes of the account name taken as the actor's name */

void kj_cmd_actor(char *out, size_t n)
{
	/* The account the process runs as, not $USER, which the caller sets. */
	struct passwd pw, *res = NULL;
	char pwbuf[1024];
	const char *user = NULL;
	if (getpwuid_r(getuid(), &pw, pwbuf, sizeof pwbuf, &res) == 0 && res)
		user = res->pw_name;
	size_t len = user ? strlen(user) : 0;
	int plain = len > 0 && len <= ACTOR_NAME_MAX;
	for (size_t i = 0; plain && i < len; i++) {
		char c = user[i];
		plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
	}
	/* Both forms fit KJ_AUDIT_ACTOR_MAX; a smaller N gets a cut label. */
	int w = plain ? snprintf(out, n, "cli:%s", user)
		      : snprintf(out, n, "cli:%lu", (unsigned long)getuid());
	if (w < 0 && n)
		out[0] = '\0';
}

void kj_cmd_cli_actor(struct kj_cli_actor *a)
{
	kj_cmd_actor(a->name, sizeof a->name);
	a->actor = (struct kj_actor){ NULL, 0, a->name };
}

/*
 * Replaces control characters in S with '?': a tampered database must not
 * drive the terminal with escape sequences, nor split one entry's line.
 */
static void clean(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* "POSITION:HASH" as 'kijun audit head' prints it. */
static int parse_anchor(const char *s, int64_t *pos, char hash[KJ_AUDIT_HASH_HEX])
{
	const char *colon = strchr(s, ':');
	char num[24];
	long v;
	if (!colon || (size_t)(colon - s) >= sizeof num ||
	    strlen(colon + 1) != KJ_AUDIT_HASH_HEX - 1)
		return -1;
	memcpy(num, s, (size_t)(colon - s));
	num[colon - s] = '\0';
	if (kj_parse_long(num, 1, 0x7fffffffL, &v) < 0)
		return -1;
	for (const char *p = colon + 1; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return -1;
	*pos = v;
	memcpy(hash, colon + 1, KJ_AUDIT_HASH_HEX);
	return 0;
}

int kj_cmd_audit_verify(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("audit", "verify");
	const char *db = NULL, *expect = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { "expect", 1, &expect },
				       { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	int64_t anchor = 0;
	char anchor_hash[KJ_AUDIT_HASH_HEX] = "";
	if (expect && parse_anchor(expect, &anchor, anchor_hash) < 0)
		return kj_cmd_usage(self, "--expect must be POSITION:HASH as 'kijun audit "
				    "head' prints it (a number, ':', 64 lowercase hex digits)");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_audit_problem p;
	struct kj_err err;
	int ok, anchored = 1;
	long checked;
	int64_t first_keyed;
	rc = kj_audit_verify(st, &p, &ok, &checked, &first_keyed, &err);
	/* The last hash, to keep elsewhere: only a copy detects a cut-off tail. */
	int64_t last_id = 0;
	char last[KJ_AUDIT_HASH_HEX] = "";
	if (rc == 0 && ok && kj_store_audit_tail(st, &last_id, last, &err) < 0)
		rc = -1;
	if (rc == 0 && ok && expect &&
	    kj_audit_check_anchor(st, anchor, anchor_hash, &p, &anchored, &err) < 0)
		rc = -1;
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (!ok || !anchored) {
		printf("audit trail BROKEN at entry %lld: %s\n", (long long)p.id, p.reason);
		return KJ_EXIT_FAIL;
	}
	printf("audit trail OK: %ld %s", checked, checked == 1 ? "entry" : "entries");
	if (first_keyed)
		printf(", keyed from entry %lld", (long long)first_keyed);
	else if (checked)
		printf(", not keyed");
	printf("\n");
	if (expect)
		printf("anchor %lld:%s found\n", (long long)anchor, anchor_hash);
	if (last_id)
		printf("last entry %lld, hash %s\n", (long long)last_id, last);
	return KJ_EXIT_OK;
}

int kj_cmd_audit_head(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("audit", "head");
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	struct kj_store *st;
	struct kj_err err;
	int64_t id;
	char hash[KJ_AUDIT_HASH_HEX];
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	rc = kj_store_audit_tail(st, &id, hash, &err);
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (id == 0) {
		kj_cmd_error("the audit trail is empty");
		return KJ_EXIT_FAIL;
	}
	printf("%lld:%s\n", (long long)id, hash);
	return KJ_EXIT_OK;
}

int kj_cmd_audit_keygen(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("audit", "keygen");
	const char *pos[1];
	const struct kj_opt opts[] = { { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "give the file to write the key to");
	struct kj_err err;
	if (kj_audit_keygen(pos[0], &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	printf("audit key written to %s (mode 0600): keep it outside the database and "
	       "its backups, and give it to every command with --audit-key\n", pos[0]);
	return KJ_EXIT_OK;
}

int kj_cmd_audit_list(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("audit", "list");
	const char *db = NULL, *limit = NULL, *offset = NULL, *pos[1];
	struct kj_audit_filter f = { 0 };
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "limit", 1, &limit }, { "offset", 1, &offset },
		{ "action", 1, &f.action }, { "actor", 1, &f.actor },
		{ "object-type", 1, &f.object_type }, { "from", 1, &f.from },
		{ "to", 1, &f.to }, { NULL, 0, NULL },
	};
	int npos, n, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	long v;
	if (limit) {
		if (kj_parse_long(limit, 1, KJ_AUDIT_LIST_MAX, &v) < 0)
			return kj_cmd_usage(self, "--limit must be a whole number from 1 to "
					    "%d, not '%s'", KJ_AUDIT_LIST_MAX, limit);
		f.limit = (int)v;
	}
	if (offset) {
		if (kj_parse_long(offset, 0, 1000000000L, &v) < 0)
			return kj_cmd_usage(self, "--offset must be a whole number from 0, "
					    "not '%s'", offset);
		f.offset = v;
	}
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_audit_entry *e = calloc(KJ_AUDIT_LIST_MAX, sizeof *e);
	struct kj_err err;
	if (!e) {
		kj_store_close(st);
		kj_cmd_error("out of memory");
		return KJ_EXIT_FAIL;
	}
	rc = kj_audit_list(st, &f, e, KJ_AUDIT_LIST_MAX, &n, &err);
	kj_store_close(st);
	if (rc < 0) {
		free(e);
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	for (int i = 0; i < n; i++) {
		struct kj_audit_entry *x = &e[i];
		clean(x->at);
		clean(x->actor);
		clean(x->action);
		clean(x->object_type);
		clean(x->object_id);
		clean(x->detail);
		printf("%6lld  %s  %-16s %-16s %s%s%s  %s\n", (long long)x->id, x->at,
		       x->actor, x->action, x->object_type, x->object_id[0] ? ":" : "",
		       x->object_id, x->detail);
	}
	free(e);
	return KJ_EXIT_OK;
}

#define EXPORT_ARGS_MAX 32

/* Writes the export to OUTPUT (a new file, mode 0600) or to stdout. */
static int export_to(struct kj_store *st, const char *actor, const char *describe,
		     const struct kj_audit_since *since, const char *output, long *lines,
		     struct kj_err *err)
{
	if (!output) {
		int rc = kj_audit_export_jsonl(st, actor, describe, since, stdout, lines, err);
		if (fflush(stdout) != 0 && rc == 0) {
			kj_err_set(err, "cannot write the export to standard output");
			rc = -1;
		}
		return rc;
	}
	struct kj_out_file f;
	if (kj_out_file_open(&f, output, 0, err) < 0)
		return -1;
	FILE *fp = fdopen(f.fd, "w");
	if (!fp) {
		kj_err_set(err, "cannot write %s", output);
		kj_out_file_abort(&f);
		return -1;
	}
	int rc = kj_audit_export_jsonl(st, actor, describe, since, fp, lines, err);
	if (rc == 0 && (fflush(fp) != 0 || fsync(fileno(fp)) != 0)) {
		kj_err_set(err, "cannot write %s", output);
		rc = -1;
	}
	fclose(fp);	/* closes F's descriptor */
	f.fd = -1;
	if (rc == 0 && kj_out_file_commit(&f, err) < 0)
		rc = -1;
	if (rc < 0)
		kj_out_file_abort(&f);
	return rc;
}

int kj_cmd_audit_export(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("audit", "export");
	const char *db = NULL, *since = NULL, *format = NULL, *output = NULL, *pos[1];
	char *args[EXPORT_ARGS_MAX];
	static char output_opt[] = "--output";
	const struct kj_opt opts[] = { { "db", 1, &db }, { "since", 1, &since },
				       { "format", 1, &format }, { "output", 1, &output },
				       { NULL, 0, NULL } };
	if (argc > EXPORT_ARGS_MAX)
		return kj_cmd_usage(self, "too many arguments");
	for (int i = 0; i < argc; i++)
		args[i] = strcmp(argv[i], "-o") ? argv[i] : output_opt;
	int npos, rc = kj_cmd_parse(self, argc, args, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (format && strcmp(format, "jsonl"))
		return kj_cmd_usage(self, "--format must be jsonl (one JSON object a line)");
	struct kj_audit_since from = { 1, "" };
	struct kj_err err;
	if (since && kj_audit_since_parse(since, &from, &err) < 0)
		return kj_cmd_usage(self, "%s", err.msg);
	/* Read-write: the export itself is an entry of the trail it exports. */
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	char actor[KJ_AUDIT_ACTOR_MAX];
	kj_cmd_actor(actor, sizeof actor);
	json_t *d = json_pack("{s:s, s:s*, s:s*}", "format", "jsonl", "since", since,
			      "output", output);
	char *describe = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	long lines = 0;
	if (!describe) {
		kj_err_set(&err, "out of memory");
		rc = -1;
	} else {
		rc = export_to(st, actor, describe, &from, output, &lines, &err);
	}
	free(describe);
	kj_store_close(st);
	if (rc < 0) {
		kj_cmd_error("audit export: %s", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (output)
		printf("%ld audit %s written to %s (mode 0600)\n", lines,
		       lines == 1 ? "entry" : "entries", output);
	return KJ_EXIT_OK;
}
