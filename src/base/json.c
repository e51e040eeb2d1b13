/* Bounded JSON parsing on top of jansson. */
#include "base/json.h"
#include "base/limits.h"

int kj_json_depth_ok(const char *text, size_t len, int max)
{
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"')
			in_str = 1;
		else if (c == '[' || c == '{') {
			if (++depth > max)
				return 0;
		} else if (c == ']' || c == '}')
			depth--;
	}
	return 1;
}

json_t *kj_json_parse(const char *text, size_t len, const char *name,
		      struct kj_err *err)
{
	if (!kj_json_depth_ok(text, len, KJ_JSON_DEPTH_MAX)) {
		kj_err_set(err, "%s: JSON nested deeper than %d levels", name,
			   KJ_JSON_DEPTH_MAX);
		return NULL;
	}
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		kj_err_set(err, "%s: invalid JSON at line %d, column %d: %s",
			   name, je.line, je.column, je.text);
	return root;
}
