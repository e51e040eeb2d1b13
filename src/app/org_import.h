/*
 * Use case: import operator records into the registry, all or nothing,
 * with an audit entry for every organisation added or updated.
 */
#ifndef KJ_APP_ORG_IMPORT_H
#define KJ_APP_ORG_IMPORT_H

#include <stdint.h>

#include "model/registry.h"
#include "store/store.h"
#include "store/store_org.h"

/*
 * Writes RECORDS (validated by kj_registry_validate) in one transaction
 * under ACTOR (ACTOR_ID 0 for the command line); *STATS says how many were
 * added, updated and unchanged. The records are compared with the registry
 * before the write lock is taken, so the lock is held only to write the
 * changes. Returns 0, or -1 with ERR set and nothing written.
 */
int kj_app_org_import(struct kj_store *st, const struct kj_org_record *records, int n,
		      int64_t actor_id, const char *actor,
		      struct kj_org_import_stats *stats, struct kj_err *err);

#endif
