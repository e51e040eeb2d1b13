/* Use case: the registry import (plan outside the write lock, then write). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/org_import.h"
#include "model/audit.h"

/* The audit entries of the plan's additions and updates. */
static int audit_steps(struct kj_store *st, const struct kj_org_plan *plan,
		       int64_t actor_id, const char *actor, struct kj_err *err)
{
	for (int i = 0; i < plan->n; i++) {
		const struct kj_org_step *step = &plan->steps[i];
		if (step->change == KJ_ORG_SAME)
			continue;
		char sid[24];
		snprintf(sid, sizeof sid, "%lld", (long long)step->id);
		json_t *d = json_pack("{s:s, s:s}", "corporate_number",
				      step->want->corporate_number, "name_ja", step->want->name_ja);
		char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		if (!detail) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		int rc = kj_audit_log(st, actor_id, actor,
				      step->change == KJ_ORG_ADD ? "org.add" : "org.update",
				      "organisation", sid, detail, err);
		free(detail);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int kj_app_org_import(struct kj_store *st, const struct kj_org_record *records, int n,
		      int64_t actor_id, const char *actor,
		      struct kj_org_import_stats *stats, struct kj_err *err)
{
	struct kj_org_plan plan = { 0 };
	memset(stats, 0, sizeof *stats);
	/*
	 * First the plan is made outside the write lock. If another writer
	 * changed one of the planned organisations in between, the plan is made
	 * again inside the lock, where nothing can change under it.
	 */
	for (int locked = 0; locked < 2; locked++) {
		if (locked && kj_store_begin(st, err) < 0)
			return -1;
		if (kj_store_org_plan(st, records, n, &plan, err) < 0)
			goto fail;
		if (!locked && kj_store_begin(st, err) < 0)
			goto fail;
		int rc = kj_store_org_apply(st, &plan, actor_id, err);
		if (rc < 0)
			goto fail;
		if (rc == 0)
			break;
		kj_store_rollback(st);
		kj_store_org_plan_free(&plan);
		if (locked) {
			kj_err_set(err, "internal error: the registry changed under the write lock");
			return -1;
		}
	}
	if (audit_steps(st, &plan, actor_id, actor, err) < 0 || kj_store_commit(st, err) < 0)
		goto fail;
	*stats = plan.stats;
	kj_store_org_plan_free(&plan);
	return 0;
fail:
	kj_store_rollback(st);
	kj_store_org_plan_free(&plan);
	return -1;
}
