/*
 * Use cases of the registry's writes: the plan is made outside the write
 * lock (kj_store_org_plan), checked against the actor's reach, then written
 * with its audit entries in one transaction.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "app/import_audit.h"
#include "app/org_import.h"
#include "app/audit_log.h"
#include "model/table.h"

const char *kj_org_refusal_ja(enum kj_org_refusal r)
{
	switch (r) {
	case KJ_ORG_HELD_ELSEWHERE: return N_("登録済みの事業者が所管外の分野に属しています。");
	case KJ_ORG_OUT_OF_REACH:
		return N_("所管外の分野、または他の省庁の割り当ての変更が含まれています。");
	case KJ_ORG_NUMBER_CHANGED: return N_("法人番号は変更できません。");
	case KJ_ORG_ALREADY_REGISTERED: return N_("この法人番号の事業者はすでに登録されています。");
	case KJ_ORG_ALLOWED: break;
	}
	return "";
}

const char *kj_org_refusal_en(enum kj_org_refusal r)
{
	switch (r) {
	case KJ_ORG_HELD_ELSEWHERE: return "the registered operator is in a sector outside your reach";
	case KJ_ORG_OUT_OF_REACH:
		return "it names a sector outside your reach or changes another ministry's assignment";
	case KJ_ORG_NUMBER_CHANGED: return "the corporate number cannot be changed";
	case KJ_ORG_ALREADY_REGISTERED: return "an operator with this corporate number is already registered";
	case KJ_ORG_ALLOWED: break;
	}
	return "";
}

/* R as an object for registry.edit, which no operator holds: no id needed. */
static struct kj_object object_of(const struct kj_org_record *r)
{
	struct kj_object o = { 0, (const kj_sector_code *)r->sectors, r->nsectors,
			       (const char (*)[16])r->ministries, r->nministries };
	return o;
}

/* The actor's reach (kj_org_check_fn): both the registered and the new values. */
static int within_reach(void *ctx, const struct kj_org_record *have,
			const struct kj_org_record *want)
{
	const struct kj_user *user = ctx;
	if (!user)
		return KJ_ORG_ALLOWED;
	struct kj_object b, a = object_of(want);
	if (have) {
		b = object_of(have);
		if (!kj_authz_object(user, KJ_PERM_REGISTRY_EDIT, &b))
			return KJ_ORG_HELD_ELSEWHERE;
	}
	return kj_authz_org_change(user, have ? &b : NULL, &a) ? KJ_ORG_ALLOWED
							      : KJ_ORG_OUT_OF_REACH;
}

/* A form's own rule for its one record (KJ_ORG_ANY: none). */
static enum kj_org_refusal expected(const struct kj_org_step *step, int64_t expect)
{
	if (expect == KJ_ORG_NEW && step->change != KJ_ORG_ADD)
		return KJ_ORG_ALREADY_REGISTERED;
	if (expect > 0 && step->id != expect)
		return KJ_ORG_NUMBER_CHANGED;
	return KJ_ORG_ALLOWED;
}

/* Notes the plan's refusals in OUT; returns their number. */
static long refusals(const struct kj_org_plan *plan, int64_t expect, struct kj_org_saved *out)
{
	out->refused = 0;
	for (int i = 0; i < plan->n; i++) {
		/* A form's rule first: it tells the more precise reason. */
		enum kj_org_refusal r = expected(&plan->steps[i], expect);
		if (!r)
			r = plan->steps[i].refusal;
		if (r && out->refused++ == 0) {
			out->first_refused = i;
			out->reason = r;
		}
	}
	return out->refused;
}

/* The audit entries of the plan's additions and updates. */
static int audit_steps(struct kj_store *st, const struct kj_org_plan *plan,
		       const struct kj_actor *actor, struct kj_err *err)
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
		int rc = kj_audit_log(st, actor->id, actor->name,
				      step->change == KJ_ORG_ADD ? "org.add" : "org.update",
				      "organisation", sid, detail, err);
		free(detail);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* kj_app_org_save, and with SUM (an import) its summary entry when it changed something. */
static int org_save(struct kj_store *st, const struct kj_actor *actor,
		    const struct kj_org_record *records, int n, int64_t expect,
		    struct kj_import_summary *sum, struct kj_org_saved *out, struct kj_err *err)
{
	struct kj_org_plan plan = { 0 };
	void *reach = (void *)actor->user;
	memset(out, 0, sizeof *out);
	/*
	 * First the plan is made outside the write lock. If another writer
	 * changed the registry in between, it is made again inside the lock,
	 * where nothing can change under it.
	 */
	for (int locked = 0; locked < 2; locked++) {
		if (locked && kj_store_begin(st, err) < 0)
			return -1;
		if (kj_store_org_plan(st, records, n, within_reach, reach, &plan, err) < 0)
			goto fail;
		if (refusals(&plan, expect, out)) {
			kj_store_rollback(st);
			kj_store_org_plan_free(&plan);
			return 0;
		}
		if (!locked && kj_store_begin(st, err) < 0)
			goto fail;
		int rc = kj_store_org_apply(st, &plan, actor->id, err);
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
	if (sum) {
		sum->accepted = n;
		sum->refused = 0;
	}
	if (audit_steps(st, &plan, actor, err) < 0 ||
	    (sum && plan.stats.added + plan.stats.updated > 0 &&
	     kj_import_audit(st, actor, sum, err) < 0) ||
	    kj_store_commit(st, err) < 0)
		goto fail;
	out->stats = plan.stats;
	out->first_id = n > 0 ? plan.steps[0].id : 0;
	kj_store_org_plan_free(&plan);
	return 0;
fail:
	kj_store_rollback(st);
	kj_store_org_plan_free(&plan);
	return -1;
}

int kj_app_org_save(struct kj_store *st, const struct kj_actor *actor,
		    const struct kj_org_record *records, int n, int64_t expect,
		    struct kj_org_saved *out, struct kj_err *err)
{
	return org_save(st, actor, records, n, expect, NULL, out, err);
}

int kj_app_registry_import(struct kj_store *st, const struct kj_catalog *cat,
			   const struct kj_actor *actor, const char *data, size_t len,
			   struct kj_registry_import *out, struct kj_err *err)
{
	struct kj_table t;
	struct kj_err why;
	memset(out, 0, sizeof *out);
	if (kj_import_read(&t, data, len, &out->outcome, out->detail, sizeof out->detail) < 0)
		return 0;
	int rc = kj_registry_validate(&t, cat, &out->rows, &why);
	kj_table_free(&t);
	if (kj_import_checked(rc, &why, out->rows.nerrors, &out->outcome, out->detail,
			      sizeof out->detail))
		return 0;
	struct kj_import_summary sum = { .action = "org.import", .object_type = "registry" };
	kj_import_digest(&sum, data, len);
	if (org_save(st, actor, out->rows.records, out->rows.nrecords, KJ_ORG_ANY, &sum,
		     &out->saved, err) < 0)
		return -1;
	out->outcome = out->saved.refused ? KJ_IMPORT_REFUSED : KJ_IMPORT_DONE;
	return 0;
}

void kj_registry_import_free(struct kj_registry_import *out)
{
	kj_import_result_free(&out->rows);
}
