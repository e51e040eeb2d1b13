/*
 * A visit's requirements one function at a time (issue 15), as the
 * questionnaire answers them: /onsite/visits/{v} shows the navigation by
 * function of the standard (組織統治 … 技術・脅威の動向, the questionnaire's
 * list and names) with the requirements in scope and those left to record
 * in each; /onsite/visits/{v}/fn/{code} ("governance", "identify", …) is
 * that function's record form for an inspector (its reader sees that
 * function's findings), and POST to the same path saves only that
 * function's items, at the visit's revision, through
 * kj_app_visit_record_fn: an item of another function, a bad level or a
 * stale revision answer the page again (400, 409) with nothing saved. A
 * function the standard does not have, or that the visit's scope has no
 * requirement of, is 404.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/html.h"
#include "web/page_answer.h"
#include "web/page_onsite_visit.h"
#include "web/pages.h"

const char *kj_visit_fn_name(const struct kj_request *req, const char *fn)
{
	const struct kj_catalog *cat = &req->app->cat;
	int f = kj_catalog_function(cat, fn);
	return f < 0 ? fn : kj_answer_function_name(req, cat, f);
}

void kj_visit_fn_nav(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg)
{
	const struct kj_catalog *cat = &req->app->cat;
	const struct kj_visit_view *vw = pg->vw;
	char href[64 + KJ_ID_MAX];
	kj_h(b, "<nav class=\"stack\" aria-labelledby=\"functions\"><h2 id=\"functions\">");
	kj_h_text(b, T("機能別の記録"));
	kj_h(b, "</h2><ul class=\"cards\">");
	for (int f = 0; f < cat->nfunctions; f++) {
		const char *code = cat->functions[f].code;
		int total = 0, left = 0;
		for (int i = 0; i < vw->nitems; i++)
			if (!strcmp(vw->items[i].function_code, code)) {
				total++;
				left += !vw->items[i].recorded;
			}
		if (!total)
			continue;
		kj_textf(href, sizeof href, "/onsite/visits/%lld/fn/%s", (long long)vw->v.id, code);
		kj_h(b, "<li class=\"card\"><h3>");
		if (pg->fn && !strcmp(pg->fn, code)) {
			kj_h(b, "<a aria-current=\"page\" href=\"");
			kj_h_attr(b, href);
			kj_h(b, "\">");
			kj_h_text(b, kj_answer_function_name(req, cat, f));
			kj_h(b, "</a>");
		} else {
			kj_h_link(b, href, kj_answer_function_name(req, cat, f));
		}
		kj_h(b, "</h3><p>");
		kj_h_text(b, T("要求事項"));
		kj_h(b, " ");
		kj_h_count(b, total);
		kj_h(b, " / ");
		kj_h_text(b, T("記録の残り"));
		kj_h(b, " ");
		kj_h_count(b, left);
		kj_h(b, "</p></li>");
	}
	kj_h(b, "</ul>");
	if (pg->fn) {
		char back[48];
		snprintf(back, sizeof back, "/onsite/visits/%lld", (long long)vw->v.id);
		kj_h(b, "<p>");
		kj_h_link(b, back, T("訪問の概要に戻る"));
		kj_h(b, "</p>");
	}
	kj_h(b, "</nav>");
}

/* The function of the path ({code}) when the visit has requirements of it: 0, or 404. */
static int fn_of(const struct kj_request *req, const struct visit_page *pg, const char **fn)
{
	*fn = req->nargs > 1 ? req->args[1] : NULL;
	if (!*fn || kj_catalog_function(&req->app->cat, *fn) < 0)
		return 404;
	for (int i = 0; i < pg->vw->nitems; i++)
		if (!strcmp(pg->vw->items[i].function_code, *fn))
			return 0;
	return 404;
}

int kj_page_onsite_visit_fn(struct kj_request *req, struct kj_response *resp)
{
	struct visit_page pg;
	int rc = kj_visit_page_load(req, &pg);
	if (rc)
		return rc;
	if (!(rc = fn_of(req, &pg, &pg.fn)))
		rc = kj_visit_page_render(req, resp, &pg, 200);
	kj_app_visit_view_free(pg.vw);
	return rc;
}

int kj_page_onsite_visit_fn_record(struct kj_request *req, struct kj_response *resp)
{
	/* A function the standard does not have is no page; one the visit's
	 * scope lacks, the use case refuses (404) after checking who records. */
	if (req->nargs < 2 || kj_catalog_function(&req->app->cat, req->args[1]) < 0)
		return 404;
	return kj_visit_record_post(req, resp, req->args[1]);
}
