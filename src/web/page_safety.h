/*
 * What the safety-standard pages share beyond the route table's handlers
 * (pages.h): the sector page rendered again with a refused import's errors
 * beside its file field (page_safety_sector.c).
 */
#ifndef KJ_WEB_PAGE_SAFETY_H
#define KJ_WEB_PAGE_SAFETY_H

#include "web/form.h"
#include "web/http.h"

/* The page of the sector in req->args[0]; IMPORT (may be NULL) holds the
 * errors of a refused import, and then the status is 400. Returns what a
 * handler returns. */
int kj_web_safety_sector_page(struct kj_request *req, struct kj_response *resp,
			      const struct kj_form *import);

#endif
