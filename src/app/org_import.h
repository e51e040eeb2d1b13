/*
 * Use cases of the operator registry's writes: an operator list imported
 * from a file, and one operator saved from the form. Each reads, checks the
 * user's reach, writes and adds its audit entries in one transaction, all
 * or nothing; the web pages and the commands only translate.
 */
#ifndef KJ_APP_ORG_IMPORT_H
#define KJ_APP_ORG_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "app/usecase.h"
#include "model/catalog.h"
#include "model/registry.h"
#include "store/store.h"
#include "store/store_org.h"

/* Why a record was refused. */
enum kj_org_refusal {
	KJ_ORG_ALLOWED,
	KJ_ORG_HELD_ELSEWHERE,		/* the registered operator is outside the user's reach */
	KJ_ORG_OUT_OF_REACH,		/* a sector or a ministry's assignment the user may not set */
	KJ_ORG_NUMBER_CHANGED,		/* the form of one operator names another number */
	KJ_ORG_ALREADY_REGISTERED,	/* the form of a new operator names a known number */
};

/* The refusal's message, Japanese (a msgid of po/en.po) and English. */
const char *kj_org_refusal_ja(enum kj_org_refusal r);
const char *kj_org_refusal_en(enum kj_org_refusal r);

struct kj_org_saved {
	struct kj_org_import_stats stats;
	long refused;			/* records refused: if any, nothing was written */
	int first_refused;		/* the first one's index, and why */
	enum kj_org_refusal reason;
	int64_t first_id;		/* the first record's organisation, once written */
};

/* The organisation a form saves: any (an import), a new one, or this one. */
#define KJ_ORG_ANY (-1)
#define KJ_ORG_NEW 0

/*
 * Writes RECORDS (validated by kj_registry_validate) under ACTOR: each is
 * added, updated or left as it is, matched by corporate number (the
 * previous values kept in the history, an audit entry for each change).
 * EXPECT is KJ_ORG_ANY, KJ_ORG_NEW (every record must be new) or an
 * organisation's id (the one record must be that organisation). The records
 * are compared with the registry before the write lock is taken, so the
 * lock is held only to write the changes. Returns 0 with OUT filled (OUT->
 * refused > 0: nothing written), or -1 with ERR set and nothing written.
 */
int kj_app_org_save(struct kj_store *st, const struct kj_actor *actor,
		    const struct kj_org_record *records, int n, int64_t expect,
		    struct kj_org_saved *out, struct kj_err *err);

struct kj_registry_import {
	enum kj_import_outcome outcome;
	char detail[KJ_ERR_MAX];
	struct kj_import_result rows;	/* the file's records and bad cells */
	struct kj_org_saved saved;
};

/*
 * Imports the operator list DATA (LEN bytes, CSV in UTF-8 or Shift_JIS, or
 * xlsx) against the catalog CAT under ACTOR, all or nothing. A file that is
 * not a valid list, or names an operator the actor may not change, changes
 * nothing and says why in OUT (return 0). Returns -1 only when the store
 * fails (ERR set, nothing written). Free OUT with kj_registry_import_free.
 */
int kj_app_registry_import(struct kj_store *st, const struct kj_catalog *cat,
			   const struct kj_actor *actor, const char *data, size_t len,
			   struct kj_registry_import *out, struct kj_err *err);
void kj_registry_import_free(struct kj_registry_import *out);

#endif
