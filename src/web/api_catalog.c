/*
 * The JSON API of the catalog: /api/v1/catalog, the standard in force, and
 * /api/v1/catalog/{id}, one requirement. Described in docs/openapi.yaml.
 */
#include "export/catalog_out.h"
#include "web/app.h"
#include "web/pages.h"

int kj_api_catalog(struct kj_request *req, struct kj_response *resp)
{
	return kj_web_send_json(resp, kj_catalog_json(&req->app->cat));
}

int kj_api_requirement(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_requirement *r = kj_catalog_req(&req->app->cat, req->args[0]);
	if (!r)
		return 404;
	return kj_web_send_json(resp, kj_catalog_req_json(&req->app->cat, r));
}
