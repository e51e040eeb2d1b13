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
	sum->bytes = len;
	sum->files = 1;
}

void kj_import_batch_begin(struct kj_import_summary *sum)
{
	crypto_hash_sha256_init(&sum->batch);
	sum->bytes = 0;
	sum->files = 0;
}

void kj_import_batch_add(struct kj_import_summary *sum, const char *data, size_t len)
{
	unsigned char one[32];
	crypto_hash_sha256(one, (const unsigned char *)data, len);
	crypto_hash_sha256_update(&sum->batch, one, sizeof one);
	sum->bytes += len;
	sum->files++;
}

void kj_import_batch_end(struct kj_import_summary *sum)
{
	crypto_hash_sha256_final(&sum->batch, sum->sha256);
}

int kj_import_audit(struct kj_store *st, const struct kj_actor *actor,
		    const struct kj_import_summary *sum, struct kj_err *err)
{
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, sum->sha256, sizeof sum->sha256);
	json_t *d = json_pack("{s:s, s:I, s:i, s:I, s:I}", "sha256", hex,
			      "bytes", (json_int_t)sum->bytes, "files", sum->files,
			      "accepted", (json_int_t)sum->accepted,
			      "refused", (json_int_t)sum->refused);
	char *detail = d ? json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(d);
	if (!detail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_audit_log(st, actor->id, actor->name, sum->action, sum->object_type,
			      sum->object_id, detail, err);
	free(detail);
	return rc;
}
