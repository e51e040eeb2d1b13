/*
 * kijun user reset LOGIN (issue 16): the user's password replaced by a
 * random temporary one, printed once, which must be changed at the next
 * sign-in; the user's sessions and API tokens end (app/signin_self.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/signin_self.h"
#include "cmd/cmd.h"
#include "model/audit.h"
#include "store/store_users.h"

int kj_cmd_user_reset(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find("user", "reset");
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if (npos != 1)
		return kj_cmd_usage(self, "give the login of one user");
	if (!kj_login_valid(pos[0]))
		return kj_cmd_usage(self, "not a login: 3 to 63 of a-z 0-9 . _ -");
	struct kj_store *st;
	if (kj_cmd_open(&st, db, 0) < 0)
		return KJ_EXIT_FAIL;
	struct kj_user u;
	struct kj_err err;
	char actor[KJ_AUDIT_ACTOR_MAX], temp[32];
	int found = 0;
	rc = KJ_EXIT_FAIL;
	temp[0] = '\0';
	if (kj_store_user_by_login(st, pos[0], &u, &found, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		goto done;
	}
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	if (!found || u.disabled) {
		kj_cmd_error(found ? "user %s is disabled: enable it first" : "no user %s",
			     pos[0]);
		goto done;
	}
	kj_cmd_actor(actor, sizeof actor);
	struct kj_actor a = { NULL, 0, actor };
	if (kj_app_user_reset(st, &a, u.id, temp, sizeof temp, &found, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		goto done;
	}
	if (!found) {
		kj_cmd_error("no user %s", pos[0]);
		goto done;
	}
	printf("password of user %s reset; their sessions and API tokens were ended\n"
	       "temporary password (shown once; it must be changed at the next sign-in):\n%s\n",
	       u.login, temp);
	rc = KJ_EXIT_OK;
done:
	sodium_memzero(temp, sizeof temp);
	kj_store_close(st);
	return rc;
}
