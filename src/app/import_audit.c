/* The one audit entry of an import (app/import_audit.h). */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/import_audit.h"

void kj_import_digest(struct kj_import_summary *sum, const char *data, size_t len)
{
	crypto_hash_sha256(sum->sha256, (const unsigned char *)data, len);
	sum->has_digest = 1;
	sum->bytes = len;
	sum->files = 1;
}

void kj_import_batch_add(struct kj_import_summary *sum, size_t len)
{
	sum->bytes += len;
	sum->files++;
}

int kj_import_audit(struct kj_store *st, const struct kj_actor *actor,
		    const struct kj_import_summary *sum, struct kj_err *err)
{
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, sum->sha256, sizeof sum->sha256);
	json_t *d = json_pack("{s:s?, s:I, s:i, s:I, s:I}", "sha256",
			      sum->has_digest ? hex : NULL, "bytes", (json_int_t)sum->bytes,
			      "files", sum->files, "accepted", (json_int_t)sum->accepted,
			      "refused", (json_int_t)sum->refused);
	if (!d) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	return kj_audit_log_json(st, actor->id, actor->name, sum->action, sum->object_type,
				 sum->object_id, d, JSON_PRESERVE_ORDER, err);
}
