/* An operator's own security contact (org_contact.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/authz.h"
#include "app/org_contact.h"
#include "model/table.h"
#include "store/store_org.h"
#include "store/store_view.h"

/* The registry's columns of a record as a one-row table's cells (no ministries:
 * the stored assignment stays as it is). */
enum { C_NUMBER, C_NAME, C_KANA, C_SECTORS, C_SIZE, C_CORE, C_LOCAL, C_MUNI, C_PREF,
       C_CEPTOAR, C_CNAME, C_EMAIL, C_PHONE, C_STATUS, NCOLS };
static const char *const columns[NCOLS] = {
	"corporate_number", "name", "name_kana", "sectors", "size_class", "core_infra",
	"local_government", "municipality_code", "prefecture", "ceptoar_member",
	"contact_name", "contact_email", "contact_phone", "status",
};

#define CELL_MAX 512

/*
 * Validates R with the contact NAME, EMAIL, PHONE by the import's rules
 * (kj_registry_validate): RES holds the record as it would be, or the errors.
 */
static int validate(const struct kj_catalog *cat, const struct kj_org_record *r,
		    const char *name, const char *email, const char *phone,
		    struct kj_import_result *res, struct kj_err *err)
{
	char (*c)[CELL_MAX] = calloc(NCOLS, CELL_MAX);
	if (!c) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	snprintf(c[C_NUMBER], CELL_MAX, "%s", r->corporate_number);
	snprintf(c[C_NAME], CELL_MAX, "%s", r->name_ja);
	snprintf(c[C_KANA], CELL_MAX, "%s", r->name_kana);
	for (int i = 0; i < r->nsectors; i++) {
		size_t l = strlen(c[C_SECTORS]);
		snprintf(c[C_SECTORS] + l, CELL_MAX - l, "%s%s", i ? ";" : "", r->sectors[i]);
	}
	snprintf(c[C_SIZE], CELL_MAX, "%s", r->size_class);
	snprintf(c[C_CORE], CELL_MAX, "%s", r->core_infra ? "yes" : "no");
	snprintf(c[C_LOCAL], CELL_MAX, "%s", r->local_gov ? "yes" : "no");
	snprintf(c[C_MUNI], CELL_MAX, "%s", r->municipality_code);
	snprintf(c[C_PREF], CELL_MAX, "%s", r->prefecture);
	snprintf(c[C_CEPTOAR], CELL_MAX, "%s", r->ceptoar_member ? "yes" : "no");
	snprintf(c[C_STATUS], CELL_MAX, "%s", r->active ? "active" : "retired");
	char *hdr[NCOLS], *row[NCOLS];
	for (int i = 0; i < NCOLS; i++) {
		hdr[i] = (char *)columns[i];
		row[i] = c[i];
	}
	/* What the user typed, as typed: the validator judges its length and form. */
	row[C_CNAME] = (char *)name;
	row[C_EMAIL] = (char *)email;
	row[C_PHONE] = (char *)phone;
	char **rows[2] = { hdr, row };
	int ncols[2] = { NCOLS, NCOLS };
	struct kj_table t = { .rows = rows, .ncols = ncols, .nrows = 2,
			      .encoding = KJ_ENC_UTF8 };
	int rc = kj_registry_validate(&t, cat, res, err);
	free(c);
	return rc;
}

static int audit(struct kj_store *st, const struct kj_actor *actor, int64_t org_id,
		 const struct kj_org_record *r, struct kj_err *err)
{
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)org_id);
	/* The entry names what changed, not the person's details. */
	json_t *d = json_pack("{s:s, s:s}", "corporate_number", r->corporate_number,
			      "name_ja", r->name_ja);
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	if (!detail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_audit_log(st, actor->id, actor->name, "org.contact.update", "organisation",
			      sid, detail, err);
	free(detail);
	return rc;
}

int kj_app_org_contact_save(struct kj_store *st, const struct kj_catalog *cat,
			    const struct kj_actor *actor, int64_t org_id, const char *name,
			    const char *email, const char *phone,
			    struct kj_org_contact_out *out, struct kj_err *err)
{
	struct kj_org_record r;
	struct kj_org_plan plan = { 0 };
	memset(out, 0, sizeof *out);
	if (kj_store_begin(st, err) < 0)
		return -1;
	int found;
	if (kj_store_org_get(st, org_id, &r, &found, err) < 0)
		goto fail;
	struct kj_object obj = { org_id, (const kj_sector_code *)r.sectors, r.nsectors,
				 (const char (*)[16])r.ministries, r.nministries };
	if (!found || !kj_authz_object(actor->user, KJ_PERM_ORG_CONTACT_EDIT, &obj)) {
		kj_store_rollback(st);
		return 0;
	}
	out->found = 1;
	if (validate(cat, &r, name ? name : "", email ? email : "", phone ? phone : "",
		     &out->bad, err) < 0)
		goto fail;
	if (out->bad.nerrors || out->bad.nrecords != 1) {
		kj_store_rollback(st);
		if (!out->bad.nerrors) {
			kj_err_set(err, "internal error: the record did not validate as one row");
			return -1;
		}
		return 0;
	}
	/* Planned and written under the write lock: nothing can change between.
	 * The reach was checked above; the plan must change the contact only. */
	if (kj_store_org_plan(st, out->bad.records, 1, NULL, NULL, &plan, err) < 0)
		goto fail;
	const struct kj_org_step *step = &plan.steps[0];
	if (plan.n != 1 || step->refusal || step->id != org_id ||
	    (step->change == KJ_ORG_UPDATE && (step->parts & ~KJ_ORG_PART_CONTACT))) {
		kj_err_set(err, "internal error: a contact change would change more of the record");
		goto fail;
	}
	if (step->change == KJ_ORG_UPDATE) {
		if (kj_store_org_apply(st, &plan, actor->id, err) != 0 ||
		    audit(st, actor, org_id, &r, err) < 0)
			goto fail;
		out->changed = 1;
	}
	if (kj_store_commit(st, err) < 0)
		goto fail;
	kj_store_org_plan_free(&plan);
	return 0;
fail:
	kj_store_rollback(st);
	kj_store_org_plan_free(&plan);
	return -1;
}
