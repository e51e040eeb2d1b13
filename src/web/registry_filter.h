/*
 * The registry's search and filters, as the list page (/registry) and the
 * API (/api/v1/organisations) read them from a request: q (name, kana or
 * 法人番号), sector, pref (JIS X 0401 code), size (large|medium|small),
 * core and localgov (yes|no), status (active|inactive), page. A bad value
 * is an error of its field (the page shows it beside the field) and is
 * left out of the listing; a sector the user may not read is not found.
 */
#ifndef KJ_WEB_REGISTRY_FILTER_H
#define KJ_WEB_REGISTRY_FILTER_H

#include "base/buf.h"
#include "store/store_org_list.h"
#include "web/form.h"
#include "web/http.h"

/* The filters as the request gives them (NULL: not given); the handler reads them. */
struct kj_registry_params {
	const char *q, *sector, *pref, *size, *core, *localgov, *status;
};

struct kj_registry_query {
	/* What the user sent (NULL: not given), kept for the form and links. */
	const char *q, *sector, *pref, *size, *core, *localgov, *status;
	struct kj_org_scope scope;	/* the user's, narrowed to the sector */
	struct kj_org_filter filter;
	kj_sector_code one[1];
	int denied;			/* a sector outside the user's reach: answer 404 */
};

/* Checks the filters IN for REQ's user into RQ; each bad one into FORM (may
 * be NULL). The number of bad values. */
int kj_registry_query_parse(struct kj_request *req, const struct kj_registry_params *in,
			    struct kj_registry_query *rq, struct kj_form *form);
/* The good filters as a query string ("q=…&amp;pref=13", HTML-escaped, maybe empty). */
void kj_registry_query_string(struct kj_buf *b, const struct kj_registry_query *rq);

#endif
