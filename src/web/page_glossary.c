/*
 * The glossary (用語集): every term the standard defines, in the order the
 * standard defines it — in a footnote or in the running text with
 * 以下「…」という — with where, the Japanese text (and the English one when
 * English is chosen), an editorial correction if the data carries one, and
 * the requirements whose text uses the term. Each entry has the anchor
 * #term-ID, which the requirement pages link to.
 */
#include <string.h>

#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"

/* "2.1.2 脚注 16" or "1.1 本文": where the standard defines D. */
static void defined_in(struct kj_request *req, struct kj_buf *b,
		       const struct kj_definition *d)
{
	kj_h_text(b, d->section);
	kj_h(b, " ");
	if (d->footnote) {
		kj_h_text(b, T("脚注"));
		kj_h(b, " ");
		kj_h_int(b, d->footnote);
	} else {
		kj_h_text(b, T("本文"));
	}
}

/* The note on an editorial correction of D's text, if there is one. */
static void correction_note(struct kj_request *req, struct kj_buf *b,
			    const struct kj_definition *d)
{
	const struct kj_correction *k = kj_catalog_correction(
		&req->app->cat, "definitions.json", d->id, "text_ja");
	if (!k)
		return;
	kj_h(b, "<p class=\"correction\">");
	kj_h_text(b, T("編集上の訂正"));
	kj_h(b, ": <span lang=\"ja\">「");
	kj_h_text(b, k->source);
	kj_h(b, "」→「");
	kj_h_text(b, k->used);
	kj_h(b, "」</span> ");
	if (req->lang == KJ_LANG_EN) {
		kj_h(b, "<span lang=\"en\">");
		kj_h_text(b, k->reason_en);
	} else {
		kj_h(b, "<span>");
		kj_h_text(b, k->reason_ja);
	}
	kj_h(b, "</span></p>");
}

/* Links to the requirements that use definition DI. */
static void used_by(struct kj_request *req, struct kj_buf *b, int di)
{
	const struct kj_catalog *cat = &req->app->cat;
	int any = 0;
	for (int r = 0; r < cat->nreqs; r++) {
		const struct kj_requirement *q = &cat->reqs[r];
		int uses = 0;
		for (int k = 0; k < q->ndefs; k++)
			uses |= q->defs[k] == di;
		if (!uses)
			continue;
		if (!any) {
			kj_h(b, "<p class=\"used-by-label\">");
			kj_h_text(b, T("この用語を使う対策事項"));
			kj_h(b, "</p><ul class=\"used-by\">");
		}
		any = 1;
		kj_h(b, "<li><a href=\"/catalog/");
		kj_h_urlpart(b, q->id);
		kj_h(b, "\">");
		kj_h_text(b, q->id);
		kj_h(b, "</a></li>");
	}
	if (any) {
		kj_h(b, "</ul>");
	} else {
		kj_h(b, "<p class=\"used-by-label\">");
		kj_h_text(b, T("第3部の対策事項では使われていません。"));
		kj_h(b, "</p>");
	}
}

int kj_page_glossary(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_catalog *cat = &req->app->cat;
	struct kj_buf *b = &resp->body;
	int en = req->lang == KJ_LANG_EN;

	kj_page_begin(req, resp, T("用語集"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("用語集"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("統一基準が脚注又は本文（「以下「…」という。」）で定義する用語と、その用語を使う第3部の対策事項です。"));
	kj_h(b, " ");
	kj_h_text(b, T("版"));
	kj_h(b, " ");
	kj_h_text(b, cat->version);
	kj_h(b, "</p>");

	/* An index, for jumping to a term without scrolling. */
	kj_h(b, "<nav class=\"glossary-index\" aria-label=\"");
	kj_h_attr(b, T("用語の索引"));
	kj_h(b, "\"><ul>");
	for (int i = 0; i < cat->ndefs; i++) {
		kj_h(b, "<li><a href=\"#term-");
		kj_h_attr(b, cat->defs[i].id);
		kj_h(b, "\" lang=\"ja\">");
		kj_h_text(b, cat->defs[i].term_ja);
		kj_h(b, "</a></li>");
	}
	kj_h(b, "</ul></nav>");

	for (int i = 0; i < cat->ndefs; i++) {
		const struct kj_definition *d = &cat->defs[i];
		kj_h(b, "<section class=\"term\" id=\"term-");
		kj_h_attr(b, d->id);
		kj_h(b, "\"><h2><span lang=\"ja\">");
		kj_h_text(b, d->term_ja);
		kj_h(b, "</span> <span class=\"term-en\" lang=\"en\">");
		kj_h_text(b, d->term_en);
		kj_h(b, "</span></h2><p class=\"defined-in\">");
		kj_h_text(b, T("定義箇所"));
		kj_h(b, ": ");
		defined_in(req, b, d);
		kj_h(b, "</p><blockquote class=\"standard-text\" lang=\"ja\"><p>");
		kj_h_text(b, d->text_ja);
		kj_h(b, "</p></blockquote>");
		if (en) {
			kj_h(b, "<p class=\"lang-en\" lang=\"en\">");
			kj_h_text(b, d->text_en);
			kj_h(b, "</p>");
		}
		correction_note(req, b, d);
		used_by(req, b, i);
		kj_h(b, "</section>");
	}
	kj_page_end(req, resp);
	return 0;
}
