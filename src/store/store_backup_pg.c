/*
 * Backups on PostgreSQL: the documented tools, pg_dump --format=custom and
 * pg_restore, run by posix_spawnp (never through a shell), and the audit
 * trail read back out of a dump, so that a backup is checked before it is
 * trusted and before a restore replaces anything.
 *
 * The connection is given to the tools as a keyword=value conninfo built
 * from the URI by libpq, without its password, which goes in PGPASSWORD of
 * the tool's environment: an argument is visible to every user in ps.
 */
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/store_backup.h"

extern char **environ;

/* Bytes of one line of a dump's COPY data: an entry, escaped, fits well within. */
#define COPY_LINE_MAX (8 * KJ_AUDIT_DETAIL_MAX)
/* Bytes of a tool's error output kept for the message. */
#define TOOL_ERR_MAX 300
#define ENV_MAX 4096

/* The conninfo of SPEC without its password (into B) and the password (owned, or NULL). */
static int conninfo(const char *spec, struct kj_buf *b, char **password, struct kj_err *err)
{
	char *msg = NULL;
	*password = NULL;
	PQconninfoOption *o = PQconninfoParse(spec, &msg), *p;
	if (!o) {
		kj_err_set(err, "not a PostgreSQL URI: %s", msg ? msg : "out of memory");
		PQfreemem(msg);
		return -1;
	}
	for (p = o; p->keyword; p++) {
		if (!p->val)
			continue;
		if (!strcmp(p->keyword, "password")) {
			free(*password);
			*password = strdup(p->val);
			continue;
		}
		kj_buf_printf(b, "%s%s='", b->len ? " " : "", p->keyword);
		for (const char *c = p->val; *c; c++) {
			if (*c == '\'' || *c == '\\')
				kj_buf_addc(b, '\\');
			kj_buf_addc(b, *c);
		}
		kj_buf_addc(b, '\'');
	}
	PQconninfoFree(o);
	if (kj_buf_failed(b)) {
		free(*password);
		*password = NULL;
		kj_err_set(err, "out of memory");
		return -1;
	}
	return 0;
}

/* The environment for a tool: this one, with PGPASSWORD=PW when given. */
static char **tool_env(const char *pw)
{
	size_t n = 0;
	while (environ[n])
		n++;
	if (n >= ENV_MAX)
		return NULL;
	char **env = calloc(n + 2, sizeof *env);
	if (!env)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!pw || strncmp(environ[i], "PGPASSWORD=", 11))
			env[k++] = environ[i];
	if (pw) {
		size_t len = strlen(pw) + 12;
		char *v = malloc(len);
		if (!v) {
			free(env);
			return NULL;
		}
		snprintf(v, len, "PGPASSWORD=%s", pw);
		env[k++] = v;
	}
	env[k] = NULL;
	return env;
}

static void env_free(char **env, const char *pw)
{
	if (!env)
		return;
	if (pw)
		for (char **e = env; *e; e++)
			if (!strncmp(*e, "PGPASSWORD=", 11)) {
				explicit_bzero(*e, strlen(*e));
				free(*e);
			}
	free(env);
}

struct tool {
	pid_t pid;
	FILE *errf;		/* the tool's stderr, kept for the message */
};

/*
 * Starts ARGV[0] (found on PATH) with ARGV, stdin from /dev/null, stdout to
 * OUT_FD (-1: /dev/null), stderr to a temporary file; PW as PGPASSWORD.
 */
static int tool_start(struct tool *t, const char *const argv[], const char *pw, int out_fd,
		      struct kj_err *err)
{
	t->pid = -1;
	t->errf = tmpfile();
	if (t->errf)
		fcntl(fileno(t->errf), F_SETFD, FD_CLOEXEC);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	char **env = tool_env(pw);
	posix_spawn_file_actions_t fa;
	int rc = -1;
	if (!t->errf || null < 0 || !env ||
	    posix_spawn_file_actions_init(&fa) != 0) {
		kj_err_set(err, "cannot start %s: %s", argv[0],
			   !env ? "out of memory" : strerror(errno));
		goto done;
	}
	posix_spawn_file_actions_adddup2(&fa, null, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd >= 0 ? out_fd : null, 1);
	posix_spawn_file_actions_adddup2(&fa, fileno(t->errf), 2);
	int e = posix_spawnp(&t->pid, argv[0], &fa, NULL, (char *const *)argv, env);
	posix_spawn_file_actions_destroy(&fa);
	if (e == ENOENT)
		kj_err_set(err, "%s is not installed (or not on PATH): a PostgreSQL database "
			   "is backed up and restored with PostgreSQL's client programs "
			   "(Debian: apt install postgresql-client)", argv[0]);
	else if (e)
		kj_err_set(err, "cannot start %s: %s", argv[0], strerror(e));
	else
		rc = 0;
	if (e)
		t->pid = -1;
done:
	if (null >= 0)
		close(null);
	env_free(env, pw);
	if (rc < 0 && t->errf) {
		fclose(t->errf);
		t->errf = NULL;
	}
	return rc;
}

/* Waits for the tool; 0 if it exited 0, else -1 with ERR naming WHAT and its words. */
static int tool_wait(struct tool *t, const char *what, struct kj_err *err)
{
	int status = 0;
	pid_t r;
	while ((r = waitpid(t->pid, &status, 0)) < 0 && errno == EINTR)
		;
	char msg[TOOL_ERR_MAX] = "";
	if (t->errf) {
		rewind(t->errf);
		size_t n = fread(msg, 1, sizeof msg - 1, t->errf);
		msg[n] = '\0';
		fclose(t->errf);
		t->errf = NULL;
	}
	for (char *c = msg; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	size_t n = strlen(msg);
	while (n && msg[n - 1] == ' ')
		msg[--n] = '\0';
	if (r == t->pid && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (r == t->pid && WIFEXITED(status))
		kj_err_set(err, "%s failed (exit %d)%s%s", what, WEXITSTATUS(status),
			   n ? ": " : "", msg);
	else
		kj_err_set(err, "%s did not finish%s%s", what, n ? ": " : "", msg);
	return -1;
}

/* FILE as an argument that never reads as an option. */
static void file_arg(const char *file, char *out, size_t n)
{
	snprintf(out, n, "%s%s", file[0] == '-' ? "./" : "", file);
}

/* Runs a tool to its end, its stdout to OUT_FD (-1: none). */
static int tool_run(const char *const argv[], const char *pw, int out_fd, const char *what,
		    struct kj_err *err)
{
	struct tool t;
	if (tool_start(&t, argv, pw, out_fd, err) < 0)
		return -1;
	return tool_wait(&t, what, err);
}

/* "--dbname=CONNINFO" of SPEC into B, its password into *PW. */
static int dbname_arg(const char *spec, struct kj_buf *b, char **pw, struct kj_err *err)
{
	struct kj_buf ci;
	kj_buf_init(&ci, KJ_PATH_MAX * 2);
	int rc = conninfo(spec, &ci, pw, err);
	if (rc == 0) {
		kj_buf_printf(b, "--dbname=%s", kj_buf_str(&ci));
		if (kj_buf_failed(b)) {
			kj_err_set(err, "out of memory");
			rc = -1;
		}
	}
	kj_buf_free(&ci);
	return rc;
}

static void pw_free(char *pw)
{
	if (pw) {
		explicit_bzero(pw, strlen(pw));
		free(pw);
	}
}

int kj_store_pg_dump(const char *spec, const char *out, struct kj_err *err)
{
	struct kj_buf db, file;
	char *pw = NULL;
	kj_buf_init(&db, KJ_PATH_MAX * 3);
	kj_buf_init(&file, KJ_PATH_MAX + 16);
	int rc = -1;
	kj_buf_printf(&file, "--file=%s", out);
	if (kj_buf_failed(&file))
		kj_err_set(err, "out of memory");
	else if (dbname_arg(spec, &db, &pw, err) == 0) {
		const char *argv[] = { "pg_dump", "--format=custom", "--no-password",
				 file.data, db.data, NULL };
		rc = tool_run(argv, pw, -1, "pg_dump", err);
	}
	pw_free(pw);
	kj_buf_free(&db);
	kj_buf_free(&file);
	return rc;
}

int kj_store_pg_dump_check(const char *file, struct kj_err *err)
{
	char f[KJ_PATH_MAX + 4];
	file_arg(file, f, sizeof f);
	const char *argv[] = { "pg_restore", "--list", f, NULL };
	if (tool_run(argv, NULL, -1, "pg_restore --list", err) < 0) {
		kj_err_prefix(err, "%s is not a whole PostgreSQL dump", file);
		return -1;
	}
	return 0;
}

int kj_store_pg_restore(const char *file, const char *spec, struct kj_err *err)
{
	struct kj_buf db;
	char *pw = NULL, f[KJ_PATH_MAX + 4];
	kj_buf_init(&db, KJ_PATH_MAX * 3);
	file_arg(file, f, sizeof f);
	int rc = -1;
	if (dbname_arg(spec, &db, &pw, err) == 0) {
		const char *argv[] = { "pg_restore", "--clean", "--if-exists", "--single-transaction",
				 "--exit-on-error", "--no-owner", "--no-password", db.data, f,
				 NULL };
		rc = tool_run(argv, pw, -1, "pg_restore", err);
	}
	pw_free(pw);
	kj_buf_free(&db);
	return rc;
}

/* --- The audit trail out of a dump --------------------------------------- */

enum { C_ID, C_AT, C_USER, C_ACTOR, C_ACTION, C_OTYPE, C_OID, C_DETAIL, C_PREV, C_HASH,
       C_N };
static const char *const col_names[C_N] = {
	"id", "at", "actor_user_id", "actor", "action", "object_type", "object_id",
	"detail", "prev_hash", "hash",
};

/* The place of each column in "COPY public.audit_entry (a, b, ...) FROM stdin;". */
static int copy_columns(const char *line, int place[C_N])
{
	const char *p = strchr(line, '(');
	int k = 0;
	for (int c = 0; c < C_N; c++)
		place[c] = -1;
	if (!p)
		return -1;
	p++;
	while (*p && *p != ')') {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, ",)");
		for (int c = 0; c < C_N; c++)
			if (strlen(col_names[c]) == n && !strncmp(p, col_names[c], n))
				place[c] = k;
		k++;
		p += n;
		if (*p == ',')
			p++;
	}
	for (int c = 0; c < C_N; c++)
		if (place[c] < 0)
			return -1;
	return 0;
}

/* Undoes COPY's text escapes of V in place; 1 if it held a NUL (never written). */
static int unescape(char *v)
{
	char *w = v;
	int bad = 0;
	for (char *r = v; *r; r++) {
		if (*r != '\\' || !r[1]) {
			*w++ = *r;
			continue;
		}
		char c = *++r;
		switch (c) {
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'v': *w++ = '\v'; break;
		default:
			if (c >= '0' && c <= '7') {
				int x = 0;
				for (int i = 0; i < 3 && *r >= '0' && *r <= '7'; i++, r++)
					x = x * 8 + (*r - '0');
				r--;
				bad |= (x & 0xff) == 0;
				*w++ = (char)x;
			} else if (c == 'x' && kj_hex_value(r[1]) >= 0) {
				int x = 0;
				for (int i = 0; i < 2 && kj_hex_value(r[1]) >= 0; i++)
					x = x * 16 + kj_hex_value(*++r);
				bad |= x == 0;
				*w++ = (char)x;
			} else {
				*w++ = c;
			}
		}
	}
	*w = '\0';
	return bad;
}

/* V (NULL: "") into OUT of size N; 1 when it does not fit. */
static int take(char *out, size_t n, const char *v)
{
	out[0] = '\0';
	if (!v)
		return 0;
	size_t len = strlen(v);
	size_t keep = len < n ? len : n - 1;
	memcpy(out, v, keep);
	out[keep] = '\0';
	return len >= n;
}

/* One data line into E; 1 if it cannot be an entry kijun wrote. */
static int copy_entry(char *line, const int place[C_N], struct kj_audit_entry *e)
{
	char *f[C_N * 2];
	int nf = 0, bad = 0;
	memset(e, 0, sizeof *e);
	for (char *p = line;;) {
		if (nf < C_N * 2)
			f[nf] = p;
		nf++;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	if (nf > C_N * 2)
		return 1;
	const char *v[C_N];
	for (int c = 0; c < C_N; c++) {
		if (place[c] >= nf)
			return 1;
		char *x = f[place[c]];
		if (!strcmp(x, "\\N")) {
			v[c] = NULL;
		} else {
			bad |= unescape(x);
			v[c] = x;
		}
	}
	long long id = 0, uid = 0;
	char *end;
	errno = 0;
	if (!v[C_ID] || (id = strtoll(v[C_ID], &end, 10), *end || errno))
		bad = 1;
	if (v[C_USER] && (uid = strtoll(v[C_USER], &end, 10), *end || errno))
		bad = 1;
	e->id = id;
	e->actor_user_id = uid;
	bad |= take(e->at, sizeof e->at, v[C_AT]);
	bad |= take(e->actor, sizeof e->actor, v[C_ACTOR]);
	bad |= take(e->action, sizeof e->action, v[C_ACTION]);
	bad |= take(e->object_type, sizeof e->object_type, v[C_OTYPE]);
	bad |= take(e->object_id, sizeof e->object_id, v[C_OID]);
	bad |= take(e->detail, sizeof e->detail, v[C_DETAIL]);
	bad |= take(e->prev_hash, sizeof e->prev_hash, v[C_PREV]);
	bad |= take(e->hash, sizeof e->hash, v[C_HASH]);
	return bad;
}

/* One line of IN into BUF (size CAP), without its newline; 1 when it was cut. -1 at the end. */
static int read_line(FILE *in, char *buf, size_t cap)
{
	if (!fgets(buf, (int)cap, in))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n') {
		buf[n - 1] = '\0';
		return 0;
	}
	int c;
	if (n + 1 < cap)
		return 0;	/* the last line, without a newline */
	while ((c = getc(in)) != EOF && c != '\n')
		;
	return 1;
}

/* Reads the COPY block of audit_entry from IN; *FOUND 1 once its header is met. */
static int read_copy(FILE *in, kj_audit_walk_fn fn, void *ctx, int *found, int *stopped,
		     struct kj_err *err)
{
	int place[C_N], in_copy = 0, rc = 0, cut;
	char *line = malloc(COPY_LINE_MAX);
	struct kj_audit_entry *e = malloc(sizeof *e);
	if (!e || !line) {
		free(line);
		free(e);
		kj_err_set(err, "out of memory");
		return -1;
	}
	while ((cut = read_line(in, line, COPY_LINE_MAX)) >= 0) {
		if (!in_copy) {
			if (!strncmp(line, "COPY ", 5) && strstr(line, "audit_entry (")) {
				if (copy_columns(line, place) < 0) {
					kj_err_set(err, "the dump's audit_entry has other columns "
						   "than kijun's");
					rc = -1;
					break;
				}
				in_copy = *found = 1;
			}
			continue;
		}
		if (!strcmp(line, "\\."))
			break;
		int bad = copy_entry(line, place, e) | cut;
		if (fn(ctx, e, bad)) {
			*stopped = 1;
			break;
		}
	}
	free(line);
	free(e);
	return rc;
}

int kj_store_pg_dump_audit_walk(const char *file, kj_audit_walk_fn fn, void *ctx,
				struct kj_err *err)
{
	char f[KJ_PATH_MAX + 4];
	file_arg(file, f, sizeof f);
	int fds[2];
	if (pipe(fds) < 0) {
		kj_err_set(err, "cannot read the dump: %s", strerror(errno));
		return -1;
	}
	/* Neither end stays open in the tool (its stdout is a copy of the write
	 * end): once the reader stops, the tool's writes fail and it ends. */
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	const char *argv[] = { "pg_restore", "--data-only", "--table=audit_entry", "--file=-", f,
			 NULL };
	struct tool t;
	if (tool_start(&t, argv, NULL, fds[1], err) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[1]);
	FILE *in = fdopen(fds[0], "r");
	if (!in) {
		close(fds[0]);
		kill(t.pid, SIGTERM);
		tool_wait(&t, "pg_restore", err);
		kj_err_set(err, "out of memory");
		return -1;
	}
	int found = 0, stopped = 0;
	int rc = read_copy(in, fn, ctx, &found, &stopped, err);
	fclose(in);	/* a tool still writing then stops on SIGPIPE */
	struct kj_err werr;
	int w = tool_wait(&t, "pg_restore of the audit trail", &werr);
	if (rc < 0)
		return -1;
	if (w < 0 && !stopped) {
		*err = werr;
		kj_err_prefix(err, "%s", file);
		return -1;
	}
	if (!found && !stopped) {
		kj_err_set(err, "%s holds no audit trail (no data of table audit_entry): "
			   "not a dump of a kijun database", file);
		return -1;
	}
	return 0;
}
