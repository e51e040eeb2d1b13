/*
 * Moving a whole installation from one database to another (kijun db
 * copy): SQLite to PostgreSQL, or back.
 */
#ifndef KJ_APP_DB_COPY_H
#define KJ_APP_DB_COPY_H

#include "model/audit.h"
#include "store/store_copy.h"

struct kj_db_copy_result {
	struct kj_copy_stats stats;
	long audit_entries;	/* checked on the copy */
	int64_t audit_first_keyed;
	double seconds;
};

/*
 * Copies the database FROM (at this kijun's schema version) into TO, a new
 * or empty database, in one transaction on TO, and verifies the copy before
 * it commits: each table has as many rows as in FROM, and the audit trail
 * verifies on TO. On any failure TO is left as it was.
 */
int kj_app_db_copy(const char *from, const char *to, struct kj_db_copy_result *out,
		   struct kj_err *err);

#endif
