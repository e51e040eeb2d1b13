/*
 * A user's own sign-in state: failures to tell, a reset password to
 * change, the language chosen (app/signin_self.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/signin_self.h"
#include "store/store_users.h"

/* GET, CHANGE and PUT in one write transaction (the caller's if open). */
static int update(struct kj_store *st, int64_t user_id,
		  void (*change)(struct kj_user_signin *r, const void *arg), const void *arg,
		  struct kj_user_signin *out, struct kj_err *err)
{
	struct kj_user_signin r, before;
	int own = !kj_store_in_tx(st);
	if (own && kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_user_signin_get(st, user_id, &r, err) < 0)
		goto fail;
	before = r;
	change(&r, arg);
	if (memcmp(&before, &r, sizeof r) && kj_store_user_signin_put(st, &r, err) < 0)
		goto fail;
	if (own && kj_store_commit(st, err) < 0)
		return -1;
	if (out)
		*out = r;
	return 0;
fail:
	if (own)
		kj_store_rollback(st);
	return -1;
}

struct failure {
	const char *addr;
	int64_t now;
};

static void add_failure(struct kj_user_signin *r, const void *arg)
{
	const struct failure *f = arg;
	r->failed++;
	r->failed_at = f->now;
	kj_strlcpy(r->failed_from, f->addr ? f->addr : "", sizeof r->failed_from);
}

int kj_signin_self_failed(struct kj_store *st, int64_t user_id, const char *addr, int64_t now,
			  struct kj_err *err)
{
	struct failure f = { addr, now };
	return update(st, user_id, add_failure, &f, NULL, err);
}

static void to_notice(struct kj_user_signin *r, const void *arg)
{
	(void)arg;
	if (!r->failed)
		return;
	r->notice += r->failed;
	r->notice_at = r->failed_at;
	kj_strlcpy(r->notice_from, r->failed_from, sizeof r->notice_from);
	r->failed = r->failed_at = 0;
	r->failed_from[0] = '\0';
}

int kj_signin_self_succeeded(struct kj_store *st, int64_t user_id,
			     struct kj_user_signin *out, struct kj_err *err)
{
	return update(st, user_id, to_notice, NULL, out, err);
}

static void clear_notice(struct kj_user_signin *r, const void *arg)
{
	(void)arg;
	r->notice = r->notice_at = 0;
	r->notice_from[0] = '\0';
}

int kj_signin_self_take_notice(struct kj_store *st, int64_t user_id,
			       struct kj_user_signin *out, struct kj_err *err)
{
	if (kj_store_user_signin_get(st, user_id, out, err) < 0)
		return -1;
	if (!out->notice)
		return 0;
	return update(st, user_id, clear_notice, NULL, NULL, err);
}

int kj_signin_self_must_change(struct kj_store *st, int64_t user_id, int *must,
			       struct kj_err *err)
{
	struct kj_user_signin r;
	*must = 0;
	if (kj_store_user_signin_get(st, user_id, &r, err) < 0)
		return -1;
	*must = r.must_change;
	return 0;
}

static void set_must(struct kj_user_signin *r, const void *arg)
{
	r->must_change = *(const int *)arg;
}

int kj_signin_self_set_must_change(struct kj_store *st, int64_t user_id, int must,
				   struct kj_err *err)
{
	return update(st, user_id, set_must, &must, NULL, err);
}

static void set_lang(struct kj_user_signin *r, const void *arg)
{
	kj_strlcpy(r->lang, arg, sizeof r->lang);
}

int kj_signin_self_set_lang(struct kj_store *st, int64_t user_id, const char *lang,
			    struct kj_err *err)
{
	if (!lang || (strcmp(lang, "ja") && strcmp(lang, "en"))) {
		kj_err_set(err, "the language must be ja or en");
		return -1;
	}
	return update(st, user_id, set_lang, lang, NULL, err);
}

/* A temporary password of N - 1 characters (N >= 24): random letters and
 * digits from an alphabet without look-alikes, with a hyphen every five
 * (easy to read out), always holding lower and upper case and a digit. */
static void temp_password(char *out, size_t n)
{
	static const char lower[] = "abcdefghijkmnpqrstuvwxyz", upper[] = "ABCDEFGHJKLMNPQRSTUVWXYZ",
			  digit[] = "23456789";
	static const char *const sets[] = { lower, upper, digit };
	size_t len = n - 1 < 23 ? n - 1 : 23;	/* 5-5-5-5 and the first 3 fixed kinds */
	for (size_t i = 0; i < len; i++) {
		if (i % 6 == 5) {
			out[i] = '-';
			continue;
		}
		const char *set = i < 3 ? sets[i] : sets[randombytes_uniform(3)];
		out[i] = set[randombytes_uniform((uint32_t)strlen(set))];
	}
	out[len] = '\0';
}

int kj_app_user_reset(struct kj_store *st, const struct kj_actor *actor, int64_t user_id,
		      char *temp, size_t n, int *found, struct kj_err *err)
{
	struct kj_user u;
	char uid[24];
	*found = 0;
	temp[0] = '\0';
	if (n < 24) {
		kj_err_set(err, "no room for the temporary password");
		return -1;
	}
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_user_by_id(st, user_id, &u, found, err) < 0)
		goto fail;
	if (!*found || u.disabled) {
		*found = 0;
		kj_store_rollback(st);
		return 0;
	}
	temp_password(temp, n);
	snprintf(uid, sizeof uid, "%lld", (long long)u.id);
	if (kj_password_hash(temp, u.password_hash, err) < 0 ||
	    kj_store_user_set_password(st, u.id, u.password_hash, err) < 0 ||
	    kj_signin_self_set_must_change(st, u.id, 1, err) < 0 ||
	    kj_audit_log(st, actor->id, actor->name, "user.reset", "user", uid,
			 "{\"must_change\":true,\"sessions_ended\":true,\"tokens_revoked\":true}",
			 err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto fail;
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	return 0;
fail:
	kj_store_rollback(st);
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	sodium_memzero(temp, n);
	temp[0] = '\0';
	return -1;
}
