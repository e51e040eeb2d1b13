/*
 * kj_json_parse: kijun's limits on top of jansson. What it accepts must be
 * no deeper than KJ_JSON_DEPTH_MAX (the pre-check and the parser must
 * agree on what nesting is), and must read back the same once written.
 */
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/limits.h"
#include "fuzz.h"

/* Nesting of J: 1 for [] or {}, 0 for a scalar. */
static int depth(json_t *j)
{
	int d = 0;
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) {
			int k = depth(v);
			if (k > d)
				d = k;
		}
		return d + 1;
	}
	if (json_is_object(j)) {
		const char *key;
		json_t *v;
		json_object_foreach(j, key, v) {
			int k = depth(v);
			if (k > d)
				d = k;
		}
		return d + 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kj_err err;
	err.msg[0] = '\0';
	json_t *j = kj_json_parse((const char *)data, size, "fuzz.json", &err);
	if (!j) {
		FUZZ_CHECK(err.msg[0], "refused without a message");
		return 0;
	}
	int d = depth(j);
	FUZZ_CHECK(d <= KJ_JSON_DEPTH_MAX, "accepted a document nested %d deep", d);
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	FUZZ_CHECK(s != NULL, "cannot write what was read");
	json_t *again = kj_json_parse(s, strlen(s), "again.json", &err);
	FUZZ_CHECK(again != NULL, "what was read and written does not read again: %s", err.msg);
	FUZZ_CHECK(json_equal(j, again), "read, written and read again, it differs");
	json_decref(again);
	free(s);
	json_decref(j);
	return 0;
}
