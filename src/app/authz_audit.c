/* The audit entry of an authorisation refusal, flood-limited (app/authz_audit.h). */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"

#include "app/audit_log.h"
#include "app/authz_audit.h"

/* One user and route, and the window of its last entry. */
struct slot {
	int64_t user;
	int64_t since;		/* when the last entry was written; 0: free */
	long held;		/* refusals not written since */
	char key[KJ_AUDIT_OBJID_MAX];	/* "METHOD pattern" */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[KJ_AUTHZ_AUDIT_SLOTS];

void kj_authz_refused_reset(void)
{
	pthread_mutex_lock(&mu);
	memset(slots, 0, sizeof slots);
	pthread_mutex_unlock(&mu);
}

/*
 * Decides under the lock: 1 write (*HELD the refusals held back before), 0
 * hold back. A slot past its window is free for any user and route.
 */
static int admit(int64_t user, const char *key, int64_t now, long *held)
{
	struct slot *same = NULL, *free_slot = NULL;
	*held = 0;
	pthread_mutex_lock(&mu);
	for (int i = 0; i < KJ_AUTHZ_AUDIT_SLOTS && !same; i++) {
		struct slot *s = &slots[i];
		int live = s->since && now - s->since < KJ_AUTHZ_AUDIT_WINDOW_S;
		if (s->since && s->user == user && !strcmp(s->key, key))
			same = s;
		else if (!live && !free_slot)
			free_slot = s;
	}
	int write = 0;
	if (same && now - same->since < KJ_AUTHZ_AUDIT_WINDOW_S) {
		same->held++;
	} else if (same || free_slot) {
		struct slot *s = same ? same : free_slot;
		*held = same ? s->held : 0;
		s->user = user;
		s->since = now;
		s->held = 0;
		snprintf(s->key, sizeof s->key, "%s", key);
		write = 1;
	}
	pthread_mutex_unlock(&mu);
	return write;
}

int kj_authz_refused(struct kj_store *st, const struct kj_actor *actor, int64_t now,
		     const struct kj_refusal *r, struct kj_err *err)
{
	char key[KJ_AUDIT_OBJID_MAX];
	long held;
	int w = snprintf(key, sizeof key, "%s %s", r->method, r->route);
	if (w < 0 || (size_t)w >= sizeof key) {
		kj_err_set(err, "route pattern too long for the audit trail");
		return -1;
	}
	if (now <= 0)
		now = 1;
	if (!admit(actor->id, key, now, &held))
		return 0;
	json_t *d = json_pack("{s:s, s:s, s:s?, s:s?, s:I}", "method", r->method,
			      "route", r->route, "object", r->object,
			      "request", r->request && *r->request ? r->request : NULL,
			      "held_back", (json_int_t)held);
	char *detail = d ? json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(d);
	if (!detail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_audit_log(st, actor->id, actor->name, "authz.refused", "route", key,
			      detail, err);
	free(detail);
	return rc < 0 ? -1 : 1;
}
