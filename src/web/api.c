/*
 * What every handler of the JSON API (api_*.c) shares: sending a JSON
 * body, and a string that is null when empty.
 */
#include <jansson.h>
#include <stdlib.h>

#include "web/app.h"

int kj_web_send_json(struct kj_response *resp, json_t *j)
{
	if (!j)
		return 500;
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!s)
		return 500;
	resp->content_type = "application/json";
	int rc = kj_buf_adds(&resp->body, s) || kj_buf_addc(&resp->body, '\n');
	free(s);
	return rc ? 500 : 0;
}

json_t *kj_web_json_str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}
