/*
 * kj_json_parse: kijun's limits on top of jansson. What it accepts must be
 * no deeper than KJ_JSON_DEPTH_MAX (the pre-check and the parser must
 * agree on what nesting is), and must read back the same once written.
 * The same input is also given to kj_crosswalk_parse (crosswalk.json of a
 * revision): what it accepts keeps each kind's arity and kijun's limits.
 */
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/limits.h"
#include "model/crosswalk.h"
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

static void crosswalk(const uint8_t *data, size_t size)
{
	static const int min_from[KJ_XW_NKINDS] = { 1, 1, 1, 2, 1, 0 };
	static const int max_from[KJ_XW_NKINDS] = { 1, 1, 1, KJ_XW_IDS_MAX, 1, 0 };
	static const int min_to[KJ_XW_NKINDS] = { 1, 1, 2, 1, 0, 1 };
	static const int max_to[KJ_XW_NKINDS] = { 1, 1, KJ_XW_IDS_MAX, 1, 0, 1 };
	struct kj_err err;
	struct kj_crosswalk xw;
	char *text = malloc(size + 1);
	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	err.msg[0] = '\0';
	if (kj_crosswalk_parse(&xw, text, size, &err) < 0) {
		FUZZ_CHECK(err.msg[0], "crosswalk refused without a message");
		FUZZ_CHECK(!strncmp(err.msg, "crosswalk.json", 14),
			   "crosswalk message does not name the file: %s", err.msg);
		return;
	}
	FUZZ_CHECK(xw.n >= 1 && xw.n <= KJ_XW_ENTRIES_MAX, "crosswalk of %d entries", xw.n);
	FUZZ_CHECK(strlen(xw.from) < KJ_VERSION_MAX, "crosswalk from too long");
	for (int i = 0; i < xw.n; i++) {
		const struct kj_xw_entry *e = &xw.entries[i];
		int k = (int)e->kind;
		FUZZ_CHECK(k >= 0 && k < KJ_XW_NKINDS, "entry %d: kind %d", i, k);
		FUZZ_CHECK(e->nfrom >= min_from[k] && e->nfrom <= max_from[k] &&
			   e->nto >= min_to[k] && e->nto <= max_to[k],
			   "entry %d: %s with %d -> %d ids", i, kj_xw_kind_name(k),
			   e->nfrom, e->nto);
		for (int j = 0; j < e->nfrom; j++)
			FUZZ_CHECK(strlen(e->from[j]) < KJ_ID_MAX, "entry %d: id too long", i);
		for (int j = 0; j < e->nto; j++)
			FUZZ_CHECK(strlen(e->to[j]) < KJ_ID_MAX, "entry %d: id too long", i);
	}
	kj_crosswalk_free(&xw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	crosswalk(data, size);
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
