/* Option parsing, help and database opening shared by every command. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "app/audit_log.h"
#include "model/mfa.h"

void kj_cmd_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("kijun: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void cmd_name(const struct kj_command *c, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s", c->group ? c->group : "", c->group ? " " : "",
		 c->name);
}

int kj_cmd_usage(const struct kj_command *cmd, const char *fmt, ...)
{
	char name[64];
	va_list ap;
	va_start(ap, fmt);
	fputs("kijun: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (cmd) {
		cmd_name(cmd, name, sizeof name);
		fprintf(stderr, "usage: kijun %s %s\n(see 'kijun %s --help')\n", name,
			cmd->usage, name);
	} else {
		fputs("(see 'kijun --help')\n", stderr);
	}
	return KJ_EXIT_USAGE;
}

void kj_cmd_help(const struct kj_command *cmd)
{
	char name[64];
	cmd_name(cmd, name, sizeof name);
	printf("usage: kijun %s %s\n\n%s\n", name, cmd->usage, cmd->summary);
	printf("\nThe database is --db PATH, else $KIJUN_DB, else ./%s. PATH is an SQLite\n"
	       "file, or a PostgreSQL URI (postgresql://USER@HOST/DBNAME?...).\n"
	       "The audit key (every command takes it) is --audit-key FILE, else\n"
	       "$KIJUN_AUDIT_KEY; a keyed audit trail is written and verified only with it.\n"
	       "The second factor's key (serve, user mfa) is --mfa-key FILE, else\n"
	       "$KIJUN_MFA_KEY: %d random bytes, mode 0600, kept outside the database.\n"
	       "Exit status: 0 done, 1 failed, 2 bad usage.\n", KJ_DEFAULT_DB, KJ_MFA_KEY_BYTES);
}

const struct kj_command *kj_cmd_find(const char *group, const char *name)
{
	for (const struct kj_command *c = kj_commands; c->name; c++) {
		if ((group == NULL) != (c->group == NULL))
			continue;
		if (group && strcmp(group, c->group))
			continue;
		if (!strcmp(name, c->name))
			return c;
	}
	return NULL;
}

/* --audit-key FILE, taken by every command (else $KIJUN_AUDIT_KEY). */
static const char *audit_key_path;

int kj_cmd_audit_key(void)
{
	struct kj_err err;
	const char *path = audit_key_path;
	if (!path) {
		const char *env = getenv("KIJUN_AUDIT_KEY");
		path = env && *env ? env : NULL;
	}
	if (!path || kj_audit_keyed())
		return 0;
	if (kj_audit_key_load(path, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return -1;
	}
	return 0;
}

/* --mfa-key FILE (else $KIJUN_MFA_KEY): the second factor's key (issue 16). */
static const char *mfa_key_path;

int kj_cmd_mfa_key(struct kj_mfa_key *key)
{
	struct kj_err err;
	const char *path = mfa_key_path;
	memset(key, 0, sizeof *key);
	if (!path) {
		const char *env = getenv("KIJUN_MFA_KEY");
		path = env && *env ? env : NULL;
	}
	if (!path)
		return 0;
	if (kj_mfa_key_load(key, path, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return -1;
	}
	return 0;
}

int kj_cmd_parse(const struct kj_command *cmd, int argc, char **argv,
		 const struct kj_opt *opts, const char **pos, int npos, int *got)
{
	*got = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			kj_cmd_help(cmd);
			return 1;
		}
		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++) {
				if (*got >= npos)
					return kj_cmd_usage(cmd, "unexpected argument '%s'", argv[i]), -1;
				pos[(*got)++] = argv[i];
			}
			break;
		}
		if (strncmp(a, "--", 2)) {
			if (a[0] == '-' && a[1])
				return kj_cmd_usage(cmd, "unknown option '%s'", a), -1;
			if (*got >= npos)
				return kj_cmd_usage(cmd, "unexpected argument '%s'", a), -1;
			pos[(*got)++] = a;
			continue;
		}
		const char *eq = strchr(a, '=');
		size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		if (len == 9 && !strncmp(a + 2, "audit-key", 9)) {
			const char *v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (!v || !*v)
				return kj_cmd_usage(cmd, "option '--audit-key' needs a file"), -1;
			audit_key_path = v;
			continue;
		}
		if (len == 7 && !strncmp(a + 2, "mfa-key", 7)) {
			const char *v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (!v || !*v)
				return kj_cmd_usage(cmd, "option '--mfa-key' needs a file"), -1;
			mfa_key_path = v;
			continue;
		}
		const struct kj_opt *o = opts;
		for (; o && o->name; o++)
			if (strlen(o->name) == len && !strncmp(o->name, a + 2, len))
				break;
		if (!o || !o->name)
			return kj_cmd_usage(cmd, "unknown option '%s'", a), -1;
		if (!o->takes_value) {
			if (eq)
				return kj_cmd_usage(cmd, "option '--%s' takes no value", o->name), -1;
			*o->value = "1";
		} else if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			return kj_cmd_usage(cmd, "option '--%s' needs a value", o->name), -1;
		}
		if (o->takes_value && **o->value == '\0')
			return kj_cmd_usage(cmd, "option '--%s' needs a non-empty value", o->name), -1;
	}
	return 0;
}

const char *kj_cmd_db_path(const char *opt)
{
	if (opt)
		return opt;
	const char *env = getenv("KIJUN_DB");
	return env && *env ? env : KJ_DEFAULT_DB;
}

int kj_cmd_open(struct kj_store **st, const char *opt_db, int flags)
{
	struct kj_err err;
	*st = NULL;
	if (kj_cmd_audit_key() < 0)
		return -1;
	if (kj_store_open(st, kj_cmd_db_path(opt_db), flags, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return -1;
	}
	/* A command that may write must write the trail the way it is kept. */
	if (!(flags & KJ_STORE_READONLY) && kj_audit_writer_check(*st, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		kj_store_close(*st);
		*st = NULL;
		return -1;
	}
	return 0;
}
