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
	int has_digest;			/* SHA256 is set */
	size_t bytes;
	int files;			/* 1, or the forms of a batch */
	long accepted, refused;		/* rows, or forms */
};

/* SHA-256 of LEN bytes of DATA into SUM->sha256, and its size. */
void kj_import_digest(struct kj_import_summary *sum, const char *data, size_t len);
/*
 * One more file of LEN bytes of a batch (the forms of a folder): a batch's
 * entry gives their number and bytes, not a digest (hashing every form cost
 * a fifth of the import's time; each form's answers are in its response's
 * own entries).
 */
void kj_import_batch_add(struct kj_import_summary *sum, size_t len);
/* Writes SUM's entry by ACTOR, in the caller's transaction if one is open. */
int kj_import_audit(struct kj_store *st, const struct kj_actor *actor,
		    const struct kj_import_summary *sum, struct kj_err *err);

#endif
