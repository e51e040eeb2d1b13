/*
 * The one audit entry of an import (issue 16): which file (its SHA-256 and
 * size), how many rows or forms were accepted and refused. Written in the
 * import's own transaction when it changed something; an import refused
 * whole changes nothing and leaves no entry (the page or the command says
 * why, the access log has the request).
 */
#ifndef KJ_APP_IMPORT_AUDIT_H
#define KJ_APP_IMPORT_AUDIT_H

#include <sodium.h>
#include <stddef.h>

#include "app/usecase.h"
#include "store/store.h"

struct kj_import_summary {
	const char *action;		/* "org.import", "safety.import", ... */
	const char *object_type;	/* "file", "survey", ... */
	const char *object_id;		/* NULL: none */
	unsigned char sha256[32];	/* of the file (kj_import_digest) */
	size_t bytes;
	int files;			/* 1, or the forms of a batch */
	long accepted, refused;		/* rows, or forms */
	crypto_hash_sha256_state batch;	/* while a batch's digest is made */
};

/* SHA-256 of LEN bytes of DATA into SUM->sha256, and its size. */
void kj_import_digest(struct kj_import_summary *sum, const char *data, size_t len);
/*
 * A batch of files: its digest is the SHA-256 of its files' SHA-256s one
 * after the other, in order (docs/operations.md); BYTES their sum.
 */
void kj_import_batch_begin(struct kj_import_summary *sum);
void kj_import_batch_add(struct kj_import_summary *sum, const char *data, size_t len);
void kj_import_batch_end(struct kj_import_summary *sum);
/* Writes SUM's entry by ACTOR, in the caller's transaction if one is open. */
int kj_import_audit(struct kj_store *st, const struct kj_actor *actor,
		    const struct kj_import_summary *sum, struct kj_err *err);

#endif
