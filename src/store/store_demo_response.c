/* Bulk writers of the demo's responses; see store_demo_response.h. */
#include <stdio.h>

#include "store/db.h"
#include "store/store_demo_response.h"

int kj_store_demo_response_times(struct kj_store *st, int64_t response, long revision, int versions,
			    const char *created_at, const char *updated_at, struct kj_err *err)
{
	char id[24], rev[24], ver[16];
	snprintf(id, sizeof id, "%lld", (long long)response);
	snprintf(rev, sizeof rev, "%ld", revision);
	snprintf(ver, sizeof ver, "%d", versions);
	return KJ_DB_RUN(st, "UPDATE response SET revision = $1, versions = $2, created_at = $3,"
			 " updated_at = $4 WHERE id = $5", err, rev, ver, created_at, updated_at, id);
}

int kj_store_demo_version_add(struct kj_store *st, const struct kj_demo_version *v,
			 struct kj_err *err)
{
	char id[24], ver[16];
	snprintf(id, sizeof id, "%lld", (long long)v->response);
	snprintf(ver, sizeof ver, "%d", v->version);
	return KJ_DB_RUN(st, "INSERT INTO response_version (response_id, version, receipt,"
			 " submitted_at, by_actor, digest, content, attest_name, attest_title,"
			 " attest_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", err, id, ver,
			 v->receipt, v->submitted_at, v->by_actor, v->digest, v->content,
			 v->attest_name, v->attest_title, v->attest_date);
}

int kj_store_demo_return_add(struct kj_store *st, int64_t response, int version,
			const char *returned_at, const char *by_actor, const char *message,
			struct kj_err *err)
{
	char id[24], ver[16];
	snprintf(id, sizeof id, "%lld", (long long)response);
	snprintf(ver, sizeof ver, "%d", version);
	return KJ_DB_RUN(st, "INSERT INTO response_return (response_id, version, returned_at,"
			 " by_actor, message) VALUES ($1, $2, $3, $4, $5)", err, id, ver,
			 returned_at, by_actor, message);
}
