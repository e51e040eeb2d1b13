/* The registry's search and filters read from a request (registry_filter.h). */
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "base/limits.h"
#include "base/text.h"
#include "base/util.h"
#include "web/app.h"
#include "web/html.h"
#include "web/registry_filter.h"

/* VALUE one of CHOICES (NULL-terminated)? Its index, or -1. */
static int choice(const char *value, const char *const *choices)
{
	for (int i = 0; choices[i]; i++)
		if (!strcmp(value, choices[i]))
			return i;
	return -1;
}

/* A yes/no filter: 1, 0, or -1 for none; -2 for a bad value. */
static int yes_no(const char *v)
{
	static const char *const yn[] = { "no", "yes", NULL };
	return v && *v ? (choice(v, yn) < 0 ? -2 : choice(v, yn)) : -1;
}

static int bad(struct kj_request *req, struct kj_form *form, const char *field,
	       const char *msg_ja)
{
	if (form)
		kj_form_error(req, form, field, msg_ja);
	return 1;
}

static int parse_search(struct kj_request *req, struct kj_registry_query *rq,
			struct kj_form *form)
{
	if (!rq->q || !*rq->q)
		return 0;
	if (strlen(rq->q) > KJ_ORG_SEARCH_MAX)
		return bad(req, form, "q", N_("検索語が長すぎます。200 バイト（全角でおよそ 66 文字）までにしてください。"));
	for (const unsigned char *p = (const unsigned char *)rq->q; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return bad(req, form, "q", N_("検索語に使えない文字が含まれています。"));
	char *folded = kj_text_fold(rq->q);
	if (!folded)
		return bad(req, form, "q", N_("検索語に使えない文字が含まれています。"));
	free(folded);
	kj_strlcpy(rq->filter.q, rq->q, sizeof rq->filter.q);
	return 0;
}

int kj_registry_query_parse(struct kj_request *req, const struct kj_registry_params *in,
			    struct kj_registry_query *rq, struct kj_form *form)
{
	static const char *const sizes[] = { "large", "medium", "small", NULL };
	static const char *const states[] = { "inactive", "active", NULL };
	static const char *const pick = N_("一覧にない値です。一覧から選んでください。");
	int nbad = 0;
	memset(rq, 0, sizeof *rq);
	kj_authz_org_scope(&req->user, &rq->scope);
	kj_org_filter_init(&rq->filter);
	rq->q = in->q;
	rq->sector = in->sector;
	rq->pref = in->pref;
	rq->size = in->size;
	rq->core = in->core;
	rq->localgov = in->localgov;
	rq->status = in->status;
	nbad += parse_search(req, rq, form);
	if (rq->sector && *rq->sector &&
	    kj_catalog_sector_index(&req->app->cat, rq->sector) < 0) {
		nbad += bad(req, form, "sector", pick);
		rq->sector = NULL;
	} else if (rq->sector && *rq->sector &&
		   kj_authz_org_scope_sector(&req->user, KJ_PERM_REGISTRY_READ, rq->sector,
					     rq->one, &rq->scope) < 0) {
		rq->denied = 1;		/* another's sector: not found, as its records are */
		rq->sector = NULL;
	}
	if (rq->pref && *rq->pref) {
		long code;
		if (strlen(rq->pref) != 2 || kj_parse_long(rq->pref, 1, 47, &code) < 0) {
			nbad += bad(req, form, "pref", pick);
			rq->pref = NULL;
		} else {
			kj_strlcpy(rq->filter.prefecture, rq->pref, sizeof rq->filter.prefecture);
		}
	}
	if (rq->size && *rq->size) {
		if (choice(rq->size, sizes) < 0) {
			nbad += bad(req, form, "size", pick);
			rq->size = NULL;
		} else {
			kj_strlcpy(rq->filter.size_class, rq->size, sizeof rq->filter.size_class);
		}
	}
	struct { const char **v; int *to; const char *field; } yn[] = {
		{ &rq->core, &rq->filter.core_infra, "core" },
		{ &rq->localgov, &rq->filter.local_gov, "localgov" },
	};
	for (int i = 0; i < 2; i++) {
		int v = yes_no(*yn[i].v);
		if (v == -2) {
			nbad += bad(req, form, yn[i].field, pick);
			*yn[i].v = NULL;
		} else {
			*yn[i].to = v;
		}
	}
	if (rq->status && *rq->status) {
		if (choice(rq->status, states) < 0) {
			nbad += bad(req, form, "status", pick);
			rq->status = NULL;
		} else {
			rq->filter.active = choice(rq->status, states);
		}
	}
	return nbad;
}

void kj_registry_query_string(struct kj_buf *b, const struct kj_registry_query *rq)
{
	const char *names[] = { "q", "sector", "pref", "size", "core", "localgov", "status" };
	const char *vals[] = { rq->filter.q[0] ? rq->q : NULL, rq->sector, rq->pref, rq->size,
			       rq->core, rq->localgov, rq->status };
	int n = 0;
	for (int i = 0; i < 7; i++) {
		if (!vals[i] || !*vals[i])
			continue;
		kj_h(b, n++ ? "&amp;" : "");
		kj_h(b, names[i]);
		kj_h(b, "=");
		kj_h_urlpart(b, vals[i]);
	}
}
