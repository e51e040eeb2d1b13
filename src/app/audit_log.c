/* Use cases of the audit trail over the store's rows and the model's rules. */
#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"

/* Writes the filled entry E after the trail's tail. */
static int append(struct kj_store *st, struct kj_audit_entry *e, struct kj_err *err)
{
	/*
	 * Reading the tail and inserting after it must be one step: in the
	 * caller's write transaction, or in one begun here (BEGIN IMMEDIATE
	 * takes the write lock at once, so no other writer slips between).
	 */
	int own = !kj_store_in_tx(st);
	if (own && kj_store_begin(st, err) < 0)
		return -1;
	int64_t last;
	char last_hash[KJ_AUDIT_HASH_HEX];
	if (kj_store_audit_tail(st, &last, last_hash, err) < 0)
		goto fail;
	kj_audit_entry_chain(e, last, last_hash);
	if (kj_store_audit_insert(st, e, err) < 0)
		goto fail;
	if (own && kj_store_commit(st, err) < 0)
		return -1;
	return 0;
fail:
	if (own)
		kj_store_rollback(st);
	return -1;
}

int kj_audit_log(struct kj_store *st, int64_t actor_user_id, const char *actor,
		 const char *action, const char *object_type,
		 const char *object_id, const char *detail, struct kj_err *err)
{
	struct kj_audit_entry e;
	if (kj_audit_entry_fill(&e, actor_user_id, actor, action, object_type, object_id,
				detail, err) < 0)
		return -1;
	return append(st, &e, err);
}

int kj_audit_log_json(struct kj_store *st, int64_t actor_user_id, const char *actor,
		      const char *action, const char *object_type, const char *object_id,
		      json_t *detail, size_t flags, struct kj_err *err)
{
	struct kj_audit_entry e;
	int rc = kj_audit_entry_fill_json(&e, actor_user_id, actor, action, object_type,
					  object_id, detail, flags, err);
	json_decref(detail);
	return rc < 0 ? -1 : append(st, &e, err);
}

int kj_audit_log_actor(struct kj_store *st, const struct kj_actor *actor, const char *action,
		       const char *type, int64_t id, json_t *detail, struct kj_err *err)
{
	char obj[24] = "";
	if (!detail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (id)
		snprintf(obj, sizeof obj, "%lld", (long long)id);
	return kj_audit_log_json(st, actor->id, actor->name, action, type, obj, detail,
				 JSON_SORT_KEYS, err);
}

int kj_audit_log_step(struct kj_store *st, const struct kj_actor *actor, kj_event_add_fn add,
		      const char *prefix, const char *type, int64_t id, const char *action,
		      const char *message, json_t *detail, struct kj_err *err)
{
	char obj[24], full[64];
	if (!detail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	snprintf(obj, sizeof obj, "%lld", (long long)id);
	if (snprintf(full, sizeof full, "%s.%s", prefix, action) >= (int)sizeof full) {
		json_decref(detail);
		kj_err_set(err, "internal error: the action %s.%s is too long", prefix, action);
		return -1;
	}
	if (add(st, id, NULL, actor->id, actor->name, action, message, err) < 0) {
		json_decref(detail);
		return -1;
	}
	return kj_audit_log_json(st, actor->id, actor->name, full, type, obj, detail,
				 JSON_COMPACT | JSON_SORT_KEYS, err);
}

int kj_audit_log_notes(struct kj_store *st, int64_t actor_user_id, const char *actor,
		       const struct kj_audit_notes *notes, struct kj_err *err)
{
	for (int i = 0; i < notes->n; i++) {
		const struct kj_audit_note *x = &notes->v[i];
		if (kj_audit_log(st, actor_user_id, actor, x->action, x->object_type,
				 x->object_id, x->detail, err) < 0)
			return -1;
	}
	return 0;
}

int kj_audit_writer_check(struct kj_store *st, struct kj_err *err)
{
	int64_t id;
	char hash[KJ_AUDIT_HASH_HEX];
	struct kj_audit_entry e;
	int found = 0;
	if (kj_store_audit_tail(st, &id, hash, err) < 0)
		return -1;
	if (id == 0)
		return 0;	/* an empty trail starts as this writer writes it */
	if (kj_store_audit_get(st, id, &e, &found, err) < 0)
		return -1;
	return found ? kj_audit_key_fits(&e, err) : 0;
}

int kj_audit_verify(struct kj_store *st, struct kj_audit_problem *problem,
		    int *ok, long *checked, int64_t *first_keyed, struct kj_err *err)
{
	struct kj_audit_chain c;
	*ok = 0;
	*checked = 0;
	*first_keyed = 0;
	if (kj_audit_chain_start(&c, problem, err) < 0 ||
	    kj_store_audit_walk(st, kj_audit_chain_next, &c, err) < 0)
		return -1;
	kj_audit_chain_end(&c);
	*ok = c.ok;
	*checked = c.checked;
	*first_keyed = c.first_keyed;
	return 0;
}

int kj_audit_check_anchor(struct kj_store *st, int64_t position, const char *hash,
			  struct kj_audit_problem *problem, int *ok, struct kj_err *err)
{
	struct kj_audit_entry e;
	int found = 0;
	int64_t last;
	char last_hash[KJ_AUDIT_HASH_HEX];
	memset(problem, 0, sizeof *problem);
	*ok = 0;
	if (kj_store_audit_tail(st, &last, last_hash, err) < 0 ||
	    kj_store_audit_get(st, position, &e, &found, err) < 0)
		return -1;
	kj_audit_anchor_check(found ? &e : NULL, last, position, hash, problem, ok);
	return 0;
}

int kj_audit_list(struct kj_store *st, const struct kj_audit_filter *f,
		  struct kj_audit_entry *out, int max, int *n, struct kj_err *err)
{
	struct kj_audit_filter g;
	*n = 0;
	if (kj_audit_filter_check(f, &g, err) < 0)
		return -1;
	if (max <= 0)
		return 0;
	return kj_store_audit_list(st, &g, out, max, n, err);
}
