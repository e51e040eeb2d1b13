/*
 * kijun user add|list|disable|enable|passwd: managing people from the
 * command line, for the first NCO account and for scripts. Every change is
 * written to the audit trail in the same transaction as the change itself.
 *
 * Passwords are read from the terminal with echo off (asked twice), or as
 * one line from stdin with --password-stdin; never from an argument, which
 * other local users could read in the process list.
 */
#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app/audit_log.h"
#include "app/user_admin.h"
#include "cmd/cmd.h"
#include "store/store_session.h"
#include "model/corpnum.h"
#include "store/store_users.h"

#define PW_LINE (KJ_PASSWORD_MAX + 3)	/* the password, "\r\n" and the NUL */
#define LIST_FIRST 256			/* users fetched at first by user list */
#define LIST_MAX 1000000		/* and at most */

/* --- Reading a password -------------------------------------------------- */

/* The terminal as it was, put back if a signal ends us while echo is off. */
static struct termios saved_tty;
static volatile sig_atomic_t echo_off;

static void restore_tty(int sig)
{
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Reads one line from stdin into OUT (PW_LINE bytes) without its line end.
 * Fails on an empty line, end of input, or a line too long to be a
 * password (rather than cutting it: a cut password would not be the one
 * the user meant).
 */
static int read_line(char *out, struct kj_err *err)
{
	if (!fgets(out, PW_LINE, stdin)) {
		kj_err_set(err, "no password on standard input");
		return -1;
	}
	size_t n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[--n] = '\0';
	else if (!feof(stdin)) {
		sodium_memzero(out, PW_LINE);
		kj_err_set(err, "the password is longer than %d bytes", KJ_PASSWORD_MAX);
		return -1;
	}
	if (n && out[n - 1] == '\r')
		out[--n] = '\0';
	if (n == 0) {
		kj_err_set(err, "empty password");
		return -1;
	}
	return 0;
}

/* Prompts on stderr and reads one line from the terminal with echo off. */
static int prompt(const char *label, char *out, struct kj_err *err)
{
	struct termios t;
	struct sigaction sa, old[4];
	static const int sigs[4] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	if (tcgetattr(STDIN_FILENO, &saved_tty) < 0) {
		kj_err_set(err, "cannot read the terminal settings");
		return -1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = restore_tty;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, &old[i]);
	t = saved_tty;
	t.c_lflag &= ~(tcflag_t)ECHO;
	t.c_lflag |= ECHONL;	/* the Enter key still moves to a new line */
	fputs(label, stderr);
	fflush(stderr);
	int rc = -1;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) < 0) {
		kj_err_set(err, "cannot turn off echo on the terminal");
	} else {
		echo_off = 1;
		rc = read_line(out, err);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
		echo_off = 0;
	}
	for (int i = 0; i < 4; i++)
		sigaction(sigs[i], &old[i], NULL);
	return rc;
}

/*
 * The new password for LOGIN into PW (PW_LINE bytes), checked against the
 * rules. Prints the problem; returns the exit status to give, or -1 to go on.
 */
static int new_password(const char *login, int from_stdin, char *pw)
{
	struct kj_err err;
	const char *ja;
	if (from_stdin) {
		if (read_line(pw, &err) < 0)
			goto fail;
	} else {
		char again[PW_LINE];
		if (prompt("New password: ", pw, &err) < 0)
			goto fail;
		if (prompt("Again: ", again, &err) < 0) {
			sodium_memzero(again, sizeof again);
			goto fail;
		}
		int same = !strcmp(pw, again);
		sodium_memzero(again, sizeof again);
		if (!same) {
			kj_err_set(&err, "the two passwords differ");
			goto fail;
		}
	}
	if (kj_password_check(pw, login, &ja, &err) < 0) {
		kj_cmd_error("weak password: %s (%s)", err.msg, ja ? ja : "");
		sodium_memzero(pw, PW_LINE);
		return KJ_EXIT_FAIL;
	}
	return -1;
fail:
	sodium_memzero(pw, PW_LINE);
	kj_cmd_error("%s", err.msg);
	return KJ_EXIT_FAIL;
}

/* --- Shared --------------------------------------------------------------- */

/* JSON text of OBJ for an audit detail (free() it); OBJ is released. */
static char *detail_json(json_t *obj)
{
	char *s = obj ? json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(obj);
	return s;
}

/*
 * Runs CHANGE, then records ACTION on user U in the audit trail, in one
 * transaction. Prints the error; returns 0 or -1.
 */
static int change_and_log(struct kj_store *st, const struct kj_user *u,
			  const char *action, json_t *detail,
			  int (*change)(struct kj_store *, void *, struct kj_err *),
			  void *arg)
{
	struct kj_err err;
	char actor[KJ_AUDIT_ACTOR_MAX], id[24];
	char *d = detail_json(detail);
	if (!d) {
		kj_cmd_error("out of memory");
		return -1;
	}
	kj_cmd_actor(actor, sizeof actor);
	if (kj_store_begin(st, &err) < 0)
		goto fail;
	if (change(st, arg, &err) < 0)
		goto rollback;
	/* For user add the id is known only now, after the insert. */
	snprintf(id, sizeof id, "%lld", (long long)u->id);
	if (kj_audit_log(st, 0, actor, action, "user", id, d, &err) < 0 ||
	    kj_store_commit(st, &err) < 0)
		goto rollback;
	free(d);
	return 0;
rollback:
	kj_store_rollback(st);
fail:
	free(d);
	kj_cmd_error("%s", err.msg);
	return -1;
}

/* Finds LOGIN; prints why not. Returns 0 or -1. */
static int find_user(struct kj_store *st, const char *login, struct kj_user *u)
{
	struct kj_err err;
	int found;
	if (kj_store_user_by_login(st, login, u, &found, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return -1;
	}
	if (!found) {
		kj_cmd_error("no user %s", login);
		return -1;
	}
	return 0;
}

/* --- user add ------------------------------------------------------------ */

/*
 * Takes every --sector out of ARGV (it may repeat, which kj_cmd_parse does
 * not allow) into U's sectors, splitting commas and dropping repeats. REST
 * gets the other arguments. Returns the exit status on bad usage, else -1.
 */
static int take_sectors(const struct kj_command *self, int argc, char **argv,
			char **rest, int *nrest, struct kj_user *u, int *given)
{
	*nrest = 0;
	*given = 0;
	for (int i = 0; i < argc; i++) {
		const char *v = NULL;
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				rest[(*nrest)++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "--sector")) {
			if (i + 1 >= argc)
				return kj_cmd_usage(self, "option '--sector' needs a value");
			v = argv[++i];
		} else if (!strncmp(argv[i], "--sector=", 9)) {
			v = argv[i] + 9;
		} else {
			rest[(*nrest)++] = argv[i];
			continue;
		}
		*given = 1;
		for (const char *p = v;;) {
			size_t len = strcspn(p, ",");
			if (len == 0 || len >= KJ_SECTOR_CODE_MAX)
				return kj_cmd_usage(self, "bad sector list '%s'", v);
			int dup = 0;
			for (int k = 0; k < u->nsectors; k++)
				if (strlen(u->sectors[k]) == len && !strncmp(u->sectors[k], p, len))
					dup = 1;
			if (!dup) {
				if (u->nsectors >= KJ_USER_SECTORS_MAX)
					return kj_cmd_usage(self, "at most %d sectors",
							    KJ_USER_SECTORS_MAX);
				memcpy(u->sectors[u->nsectors], p, len);
				u->sectors[u->nsectors++][len] = '\0';
			}
			if (!p[len])
				break;
			p += len + 1;
		}
	}
	return -1;
}

/* A refusal as the command line tells it: usage (2) for a malformed request. */
static int refused(const struct kj_command *self, const struct kj_user_refusal *why)
{
	if (why->fault == KJ_USER_FORM)
		return kj_cmd_usage(self, "%s", why->en);
	if (why->fault == KJ_USER_PASSWORD)
		kj_cmd_error("%s (%s)", why->en, why->ja ? why->ja : "");
	else
		kj_cmd_error("%s", why->en);
	return KJ_EXIT_FAIL;
}

/* The line that says who was added: role, organisation, ministry, sectors. */
static void print_added(const struct kj_user *u, const char *org)
{
	printf("user %s added: %s", u->login, kj_role_name(u->role));
	if (org)
		printf(", organisation %s", org);
	if (u->ministry[0])
		printf(", ministry %s", u->ministry);
	for (int i = 0; i < u->nsectors; i++)
		printf("%s%s", i ? "," : ", sectors ", u->sectors[i]);
	putchar('\n');
}

int kj_cmd_user_add(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("user", "add");
	struct kj_user *u = calloc(2, sizeof *u);
	char **rest = calloc((size_t)argc + 1, sizeof *rest);
	char pw[PW_LINE];
	int rc = KJ_EXIT_FAIL, nrest, sectors_given;
	struct kj_store *st = NULL;
	sodium_memzero(pw, sizeof pw);
	if (!u || !rest) {
		kj_cmd_error("out of memory");
		goto done;
	}
	/* U[1] holds the --sector values as given; U[0] gets the user. */
	if ((rc = take_sectors(self, argc, argv, rest, &nrest, &u[1], &sectors_given)) >= 0)
		goto done;
	const char *db = NULL, *role = NULL, *name = NULL, *org = NULL,
		   *ministry = NULL, *pw_stdin = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "role", 1, &role }, { "name", 1, &name },
		{ "org", 1, &org }, { "ministry", 1, &ministry },
		{ "password-stdin", 0, &pw_stdin },
		{ NULL, 0, NULL },
	};
	int npos;
	rc = kj_cmd_parse(self, nrest, rest, opts, pos, 1, &npos);
	if (rc) {
		rc = rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
		goto done;
	}
	rc = KJ_EXIT_USAGE;
	if (npos != 1) {
		kj_cmd_usage(self, "give the login of the new user");
		goto done;
	}
	if (!role) {
		kj_cmd_usage(self, "--role is required");
		goto done;
	}
	if (!pw_stdin && !isatty(STDIN_FILENO)) {
		kj_cmd_usage(self, "standard input is not a terminal: give the password "
			     "with --password-stdin");
		goto done;
	}
	struct kj_user_form f = {
		pos[0], name ? name : pos[0], role, org, ministry,
		(const kj_sector_code *)u[1].sectors,
		sectors_given ? u[1].nsectors : 0, NULL,
	};
	char actor_name[KJ_AUDIT_ACTOR_MAX];
	kj_cmd_actor(actor_name, sizeof actor_name);
	const struct kj_actor actor = { NULL, 0, actor_name };
	struct kj_user_refusal why;
	struct kj_err err;
	/* Refuse what the request or the database rules out before asking for a password. */
	if (kj_app_user_check(NULL, &f, &u[0], &why, &err) < 0 || why.fault) {
		rc = refused(self, &why);
		goto done;
	}
	rc = KJ_EXIT_FAIL;
	if (kj_cmd_open(&st, db, 0) < 0)
		goto done;
	if (kj_app_user_check(st, &f, &u[0], &why, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		goto done;
	}
	if (why.fault) {
		rc = refused(self, &why);
		goto done;
	}
	int pr = new_password(f.login, pw_stdin != NULL, pw);
	if (pr >= 0) {
		rc = pr;
		goto done;
	}
	f.password = pw;
	int ar = kj_app_user_add(st, &actor, &f, &u[0], &why, &err);
	sodium_memzero(pw, sizeof pw);
	if (ar < 0) {
		kj_cmd_error("%s", err.msg);
		goto done;
	}
	if (why.fault) {
		rc = refused(self, &why);
		goto done;
	}
	print_added(&u[0], org);
	rc = KJ_EXIT_OK;
done:
	sodium_memzero(pw, sizeof pw);
	if (u)
		sodium_memzero(u[0].password_hash, sizeof u[0].password_hash);
	kj_store_close(st);
	free(rest);
	free(u);
	return rc;
}

/* --- user list ----------------------------------------------------------- */

int kj_cmd_user_list(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("user", "list");
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, n = 0, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	struct kj_err err;
	struct kj_user *users = NULL;
	rc = KJ_EXIT_FAIL;
	/* Fetch again with room to spare until everyone fits. */
	for (int max = LIST_FIRST; max <= LIST_MAX; max *= 4) {
		free(users);
		if (!(users = calloc((size_t)max, sizeof *users))) {
			kj_cmd_error("out of memory");
			goto done;
		}
		if (kj_store_user_list(st, users, max, &n, &err) < 0) {
			kj_cmd_error("%s", err.msg);
			goto done;
		}
		if (n < max)
			break;
	}
	/* The name last: printf pads by bytes, and Japanese names are wide. */
	printf("%-20s %-9s %-13s %-8s %-24s %-8s %s\n", "LOGIN", "ROLE", "ORG", "MINISTRY",
	       "SECTORS", "STATUS", "NAME");
	for (int i = 0; i < n; i++) {
		const struct kj_user *u = &users[i];
		char corp[16] = "-", sectors[KJ_USER_SECTORS_MAX * KJ_SECTOR_CODE_MAX] = "-";
		if (u->org_id) {
			if (kj_store_org_corpnum(st, u->org_id, corp, &err) < 0) {
				kj_cmd_error("%s", err.msg);
				goto done;
			}
			if (!*corp)
				snprintf(corp, sizeof corp, "#%lld", (long long)u->org_id);
		}
		size_t len = 0;
		for (int k = 0; k < u->nsectors; k++) {
			/* Sized for every sector at full length: never cut. */
			int w = snprintf(sectors + len, sizeof sectors - len, "%s%s",
					 k ? "," : "", u->sectors[k]);
			if (w > 0 && (size_t)w < sizeof sectors - len)
				len += (size_t)w;
		}
		printf("%-20s %-9s %-13s %-8s %-24s %-8s %s\n", u->login, kj_role_name(u->role),
		       corp, u->ministry[0] ? u->ministry : "-", sectors,
		       u->disabled ? "disabled" : "active", u->display_name);
	}
	if (n >= LIST_MAX)
		fprintf(stderr, "kijun: only the first %d users are shown\n", n);
	rc = KJ_EXIT_OK;
done:
	free(users);
	kj_store_close(st);
	return rc;
}

/* --- user disable / enable / passwd -------------------------------------- */

static int set_disabled(const char *group_name, int disable, int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("user", group_name);
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "give the login of one user");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_user u;
	struct kj_user_refusal why;
	struct kj_err err;
	struct kj_cli_actor cli;
	int found, changed;
	rc = KJ_EXIT_FAIL;
	if (find_user(st, pos[0], &u) < 0)
		goto done;
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	kj_cmd_cli_actor(&cli);
	if (kj_app_user_set_disabled(st, &cli.actor, u.id, disable, &found, &changed, &why,
				     &err) < 0) {
		kj_cmd_error("%s", err.msg);
		goto done;
	}
	if (!found || why.fault) {
		kj_cmd_error("%s", found ? why.en : "the user is gone");
		goto done;
	}
	if (!changed)
		printf("user %s is already %s\n", u.login, disable ? "disabled" : "enabled");
	else
		printf(disable ? "user %s disabled; their sessions were ended\n"
			       : "user %s enabled\n", u.login);
	rc = KJ_EXIT_OK;
done:
	kj_store_close(st);
	return rc;
}

int kj_cmd_user_disable(int argc, char **argv)
{
	return set_disabled("disable", 1, argc, argv);
}

int kj_cmd_user_enable(int argc, char **argv)
{
	return set_disabled("enable", 0, argc, argv);
}

static int do_passwd(struct kj_store *st, void *arg, struct kj_err *err)
{
	const struct kj_user *u = arg;
	return kj_store_user_set_password(st, u->id, u->password_hash, err);
}

int kj_cmd_user_passwd(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("user", "passwd");
	const char *db = NULL, *pw_stdin = NULL, *pos[1];
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "password-stdin", 0, &pw_stdin }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "give the login of one user");
	if (!pw_stdin && !isatty(STDIN_FILENO))
		return kj_cmd_usage(self, "standard input is not a terminal: give the "
				    "password with --password-stdin");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_user u;
	struct kj_err err;
	char pw[PW_LINE];
	pw[0] = '\0';
	memset(&u, 0, sizeof u);
	rc = KJ_EXIT_FAIL;
	if (find_user(st, pos[0], &u) < 0)
		goto done;
	int pr = new_password(u.login, pw_stdin != NULL, pw);
	if (pr >= 0) {
		rc = pr;
		goto done;
	}
	int r = kj_password_hash(pw, u.password_hash, &err);
	sodium_memzero(pw, sizeof pw);
	if (r < 0) {
		kj_cmd_error("%s", err.msg);
		goto done;
	}
	json_t *d = json_pack("{s:s, s:b}", "login", u.login, "sessions_ended", 1);
	if (change_and_log(st, &u, "user.passwd", d, do_passwd, &u) < 0)
		goto done;
	printf("password of user %s set; their sessions were ended\n", u.login);
	rc = KJ_EXIT_OK;
done:
	sodium_memzero(pw, sizeof pw);
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	kj_store_close(st);
	return rc;
}

/* --- user tokens | user revoke ------------------------------------------- */

int kj_cmd_user_tokens(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("user", "tokens");
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "give the login of one user");
	struct kj_store *st;
	struct kj_user u;
	struct kj_err err;
	struct kj_token_row rows[KJ_API_TOKENS_MAX * 4];
	int n = 0;
	if (kj_cmd_open(&st, db, KJ_STORE_READONLY) < 0)
		return KJ_EXIT_FAIL;
	rc = KJ_EXIT_FAIL;
	if (find_user(st, pos[0], &u) < 0)
		goto done;
	if (kj_store_token_list(st, u.id, (int64_t)time(NULL), rows,
				(int)(sizeof rows / sizeof rows[0]), &n, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		goto done;
	}
	for (int i = 0; i < n; i++) {
		for (char *p = rows[i].name; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';	/* a name must not drive the terminal */
		printf("%6lld  %-8s  created %s  expires %s  last used %s  %s\n",
		       (long long)rows[i].id,
		       rows[i].revoked ? "revoked" : rows[i].expired ? "expired" : "live",
		       rows[i].created_at, rows[i].expires_at,
		       rows[i].last_used_at[0] ? rows[i].last_used_at : "never", rows[i].name);
	}
	if (n == 0)
		printf("user %s has no API tokens\n", u.login);
	rc = KJ_EXIT_OK;
done:
	kj_store_close(st);
	return rc;
}

struct revoke {
	int64_t user, token;	/* token 0: all of the user's live tokens */
	int done;
};

static int do_revoke(struct kj_store *st, void *arg, struct kj_err *err)
{
	struct revoke *r = arg;
	if (!r->token)
		return kj_store_token_revoke_all(st, r->user, &r->done, err);
	if (kj_store_token_revoke(st, r->user, r->token, &r->done, err) < 0)
		return -1;
	if (!r->done) {
		/* Nothing to do: no audit entry either. */
		kj_err_set(err, "token %lld is not a live token of this user (see 'kijun "
			   "user tokens')", (long long)r->token);
		return -1;
	}
	return 0;
}

int kj_cmd_user_revoke(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("user", "revoke");
	const char *db = NULL, *all = NULL, *pos[2];
	const struct kj_opt opts[] = { { "db", 1, &db }, { "all", 0, &all }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos < 1 || (npos == 2) == (all != NULL))
		return kj_cmd_usage(self, "give a login and a token id (see 'kijun user "
				    "tokens LOGIN'), or a login and --all");
	struct revoke r = { 0, 0, 0 };
	long tid;
	if (npos == 2) {
		if (kj_parse_long(pos[1], 1, 0x7fffffffL, &tid) < 0)
			return kj_cmd_usage(self, "a token id is a positive whole number, not '%s'",
					    pos[1]);
		r.token = tid;
	}
	struct kj_store *st;
	struct kj_user u;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	rc = KJ_EXIT_FAIL;
	if (find_user(st, pos[0], &u) < 0)
		goto done;
	r.user = u.id;
	json_t *d = r.token ? json_pack("{s:s, s:I}", "login", u.login, "api_token",
					(json_int_t)r.token)
			    : json_pack("{s:s, s:b}", "login", u.login, "all", 1);
	if (change_and_log(st, &u, "token.revoke", d, do_revoke, &r) < 0)
		goto done;
	if (r.token)
		printf("token %lld of %s revoked\n", (long long)r.token, u.login);
	else
		printf("%d token%s of %s revoked\n", r.done, r.done == 1 ? "" : "s", u.login);
	rc = KJ_EXIT_OK;
done:
	kj_store_close(st);
	return rc;
}
