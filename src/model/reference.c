/* Built-in reference data. */
#include <string.h>

#include "base/embed.h"
#include "base/json.h"
#include "model/reference.h"

int kj_reference_prefectures(struct kj_prefecture out[KJ_PREFECTURES],
			     struct kj_err *err)
{
	const char *name = "reference/prefectures.json";
	const struct kj_embedded_file *f = kj_embedded_find(name);
	if (!f) {
		kj_err_set(err, "%s is not built in", name);
		return -1;
	}
	json_t *a = kj_json_parse((const char *)f->data, f->len, name, err), *o;
	if (!a)
		return -1;
	int rc = -1;
	if (!json_is_array(a) || json_array_size(a) != KJ_PREFECTURES) {
		kj_err_set(err, "%s: expected %d prefectures", name, KJ_PREFECTURES);
		goto done;
	}
	size_t i;
	json_array_foreach(a, i, o) {
		const char *code = json_string_value(json_object_get(o, "code"));
		const char *ja = json_string_value(json_object_get(o, "name_ja"));
		const char *en = json_string_value(json_object_get(o, "name_en"));
		if (!code || !ja || !en ||
		    kj_strlcpy(out[i].code, code, sizeof out[i].code) ||
		    kj_strlcpy(out[i].name_ja, ja, sizeof out[i].name_ja) ||
		    kj_strlcpy(out[i].name_en, en, sizeof out[i].name_en)) {
			kj_err_set(err, "%s: item %zu is malformed", name, i + 1);
			goto done;
		}
	}
	rc = 0;
done:
	json_decref(a);
	return rc;
}
