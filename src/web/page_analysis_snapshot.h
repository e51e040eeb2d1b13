/*
 * A published snapshot of the analysis as a page (page_analysis_snapshot.c):
 * its tables and charts drawn from its frozen JSON, never from the counts
 * of today, and its suppression log for the readers who see it. The
 * handlers are page_analysis_published.c.
 */
#ifndef KJ_WEB_PAGE_ANALYSIS_SNAPSHOT_H
#define KJ_WEB_PAGE_ANALYSIS_SNAPSHOT_H

#include "app/analysis_publish.h"
#include "web/page_analysis.h"

/* The tables of snapshot S (requirements, functions, breakdown) in the
 * request's language: 0, or -1 (no memory). Free with kj_atabs_free. */
int kj_snapshot_tables(struct kj_request *req, const struct kj_snapshot *s, struct kj_atabs *ts);
/* The page of snapshot S with its tables TS. */
int kj_snapshot_page(struct kj_request *req, struct kj_response *resp,
		     const struct kj_snapshot *s, const struct kj_atabs *ts);
/* The name of suppression rule RULE ("primary-k" ...) in the request's language. */
const char *kj_snapshot_rule_label(struct kj_request *req, const char *rule);

#endif
