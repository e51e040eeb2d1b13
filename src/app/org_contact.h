/*
 * An operator keeps its own security contact up to date (name, mail,
 * phone): the one change of the registry an operator may make. Validated
 * by the registry import's rules, written with the record's history and an
 * audit entry, in one transaction.
 */
#ifndef KJ_APP_ORG_CONTACT_H
#define KJ_APP_ORG_CONTACT_H

#include <stdint.h>

#include "app/usecase.h"
#include "model/catalog.h"
#include "model/registry.h"
#include "store/store.h"

struct kj_org_contact_out {
	int found;			/* 0: no such organisation, or not the actor's own */
	int changed;			/* 1: written; 0: the same values, nothing written */
	/* The bad values (column: contact_name, contact_email, contact_phone),
	 * as an import reports them: nothing written. Free with
	 * kj_import_result_free. */
	struct kj_import_result bad;
};

/*
 * Sets organisation ORG_ID's security contact to NAME, EMAIL and PHONE
 * (each may be "") for ACTOR, who must hold org.contact.edit on it (an
 * operator, its own organisation). Returns 0 with OUT filled, or -1 with
 * ERR set and nothing written.
 */
int kj_app_org_contact_save(struct kj_store *st, const struct kj_catalog *cat,
			    const struct kj_actor *actor, int64_t org_id, const char *name,
			    const char *email, const char *phone,
			    struct kj_org_contact_out *out, struct kj_err *err);

#endif
