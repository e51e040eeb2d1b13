/*
 * kijun user mfa (issue 16): a user's second factor from the command line.
 *   require LOGIN [--off]  an administrator requires it (or no longer) of a
 *                          user whose role does not already
 *   reset LOGIN            a lost device: the factor and recovery codes go,
 *                          the user enrols again at the next sign-in
 *   status LOGIN           enrolled or not, required or not, recovery codes
 *                          left; with --mfa-key, whether the secret opens
 *   keygen FILE            a new key file (32 random bytes, mode 0600)
 * Each change is audited under the command line's actor.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/mfa.h"
#include "cmd/cmd.h"
#include "model/audit.h"
#include "store/store_mfa.h"
#include "store/store_users.h"

static int keygen(const char *path)
{
	struct kj_err err;
	if (kj_mfa_keygen(path, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	printf("MFA key written to %s (mode 0600): keep it outside the database and its\n"
	       "backups, and give it to 'kijun serve --mfa-key %s'\n", path, path);
	return KJ_EXIT_OK;
}

static int status(struct kj_store *st, const struct kj_user *u)
{
	struct kj_mfa_key key;
	struct kj_mfa_state s;
	struct kj_mfa_row r;
	struct kj_err err;
	if (kj_cmd_mfa_key(&key) < 0)
		return KJ_EXIT_FAIL;
	if (kj_mfa_state_of(st, &key, u, &s, &err) < 0 || kj_store_mfa_get(st, u->id, &r, &err) < 0) {
		kj_mfa_key_clear(&key);
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	printf("user: %s\nenrolled: %s\n", u->login, s.enrolled ? "yes" : "no");
	printf("required: %s\n", kj_mfa_role_requires(u) ? "yes (role)"
				 : s.admin_required ? "yes (administrator)" : "no");
	if (s.enrolled) {
		printf("recovery codes left: %lld\n", (long long)s.recovery_left);
		if (key.set) {
			unsigned char secret[KJ_MFA_SECRET_BYTES];
			size_t n = 0;
			int opens = kj_mfa_open(&key, u->id, r.secret, secret, &n, &err) == 0;
			sodium_memzero(secret, sizeof secret);
			printf("opens with the key: %s\n", opens ? "yes" : "no");
		}
	}
	kj_mfa_key_clear(&key);
	return KJ_EXIT_OK;
}

static int change(struct kj_store *st, const struct kj_user *u, const char *what, int off)
{
	struct kj_err err;
	char actor[KJ_AUDIT_ACTOR_MAX];
	int found = 0, rc;
	kj_cmd_actor(actor, sizeof actor);
	struct kj_actor a = { NULL, 0, actor };
	if (!strcmp(what, "require")) {
		if (kj_mfa_role_requires(u)) {
			kj_cmd_error("the role of %s requires a second factor already", u->login);
			return KJ_EXIT_FAIL;
		}
		rc = kj_mfa_require(st, &a, u->id, !off, &found, &err);
	} else {
		rc = kj_mfa_reset(st, &a, u->id, &found, &err);
	}
	if (rc < 0 || !found) {
		kj_cmd_error("%s", rc < 0 ? err.msg : "no such user");
		return KJ_EXIT_FAIL;
	}
	if (!strcmp(what, "require"))
		printf("second factor %s for user %s\n", off ? "no longer required" : "required",
		       u->login);
	else
		printf("second factor of user %s reset: they enrol again at the next sign-in\n",
		       u->login);
	return KJ_EXIT_OK;
}

int kj_cmd_user_mfa(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("user", "mfa");
	const char *db = NULL, *off = NULL, *pos[2];
	const struct kj_opt opts[] = { { "db", 1, &db }, { "off", 0, &off }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 2)
		return kj_cmd_usage(self, "give what to do and a login (or keygen FILE)");
	const char *what = pos[0];
	if (!strcmp(what, "keygen"))
		return off ? kj_cmd_usage(self, "--off is for require") : keygen(pos[1]);
	if (strcmp(what, "require") && strcmp(what, "reset") && strcmp(what, "status"))
		return kj_cmd_usage(self, "unknown action '%s' (require, reset, status, keygen)",
				    what);
	if (off && strcmp(what, "require"))
		return kj_cmd_usage(self, "--off is for require");
	if (!kj_login_valid(pos[1]))
		return kj_cmd_usage(self, "not a login: 3 to 63 of a-z 0-9 . _ -");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, !strcmp(what, "status") ? KJ_STORE_READONLY : 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_user u;
	struct kj_err err;
	int found = 0;
	rc = KJ_EXIT_FAIL;
	if (kj_store_user_by_login(st, pos[1], &u, &found, &err) < 0)
		kj_cmd_error("%s", err.msg);
	else if (!found)
		kj_cmd_error("no user %s", pos[1]);
	else
		rc = !strcmp(what, "status") ? status(st, &u) : change(st, &u, what, off != NULL);
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	kj_store_close(st);
	return rc;
}
