/*
 * Bulk writers of the demo's responses beyond their answers
 * (store_demo_response.c): a response's revision, versions and times, each
 * submitted version whole with its receipt and attestation, and each return
 * with its message, as the answering code would have left them. The demo
 * generator (app/demo_survey.c) calls them inside its one transaction; the
 * statements are kept prepared, so 20,000 operators cost a statement each.
 * Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_DEMO_RESPONSE_H
#define KJ_STORE_STORE_DEMO_RESPONSE_H

#include <stdint.h>

#include "store/store.h"

/* RESPONSE's revision, submitted versions, first and last change (ISO 8601 UTC). */
int kj_store_demo_response_times(struct kj_store *st, int64_t response, long revision, int versions,
			    const char *created_at, const char *updated_at, struct kj_err *err);

/* One submitted version of a response, kept whole. */
struct kj_demo_version {
	int64_t response;
	int version;
	const char *receipt, *submitted_at, *by_actor, *digest, *content;
	const char *attest_name, *attest_title, *attest_date;
};
int kj_store_demo_version_add(struct kj_store *st, const struct kj_demo_version *v,
			 struct kj_err *err);
/* The return of RESPONSE's VERSION for correction, with MESSAGE. */
int kj_store_demo_return_add(struct kj_store *st, int64_t response, int version,
			const char *returned_at, const char *by_actor, const char *message,
			struct kj_err *err);

#endif
