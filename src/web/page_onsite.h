/*
 * What the on-site survey pages share (page_onsite.c, page_onsite_select.c;
 * the visits' pages may use them too).
 */
#ifndef KJ_WEB_PAGE_ONSITE_H
#define KJ_WEB_PAGE_ONSITE_H

#include "store/store_survey.h"
#include "web/http.h"

/* The on-site survey's owner as the pages name it (NISC, the surveyor, a ministry). */
void kj_onsite_owner(struct kj_request *req, struct kj_buf *b, const struct kj_survey *sv);

#endif
