/* Built-in reference data. */
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "base/json.h"
#include "model/reference.h"

/* The built-in JSON file NAME, parsed; NULL with ERR set. */
static json_t *builtin_json(const char *name, struct kj_err *err)
{
	const struct kj_embedded_file *f = kj_embedded_find(name);
	if (!f) {
		kj_err_set(err, "%s is not built in", name);
		return NULL;
	}
	return kj_json_parse((const char *)f->data, f->len, name, err);
}

int kj_reference_prefectures(struct kj_prefecture out[KJ_PREFECTURES],
			     struct kj_err *err)
{
	const char *name = "reference/prefectures.json";
	json_t *a = builtin_json(name, err), *o;
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

static const char *const lg_kinds[] = {
	[KJ_LG_PREFECTURE] = "prefecture", [KJ_LG_DESIGNATED_CITY] = "designated_city",
	[KJ_LG_CITY] = "city", [KJ_LG_SPECIAL_WARD] = "special_ward",
	[KJ_LG_TOWN] = "town", [KJ_LG_VILLAGE] = "village",
};

static int lg_item(json_t *o, struct kj_local_gov *lg)
{
	const char *code = json_string_value(json_object_get(o, "code"));
	const char *ja = json_string_value(json_object_get(o, "name_ja"));
	const char *kana = json_string_value(json_object_get(o, "kana"));
	const char *pref = json_string_value(json_object_get(o, "prefecture"));
	const char *kind = json_string_value(json_object_get(o, "kind"));
	if (!code || !ja || !kana || !pref || !kind || strlen(code) != 6 ||
	    strspn(code, "0123456789") != 6 || strncmp(code, pref, 2) ||
	    kj_strlcpy(lg->code, code, sizeof lg->code) ||
	    kj_strlcpy(lg->name_ja, ja, sizeof lg->name_ja) ||
	    kj_strlcpy(lg->kana, kana, sizeof lg->kana) ||
	    kj_strlcpy(lg->prefecture, pref, sizeof lg->prefecture))
		return -1;
	for (size_t k = 0; k < sizeof lg_kinds / sizeof lg_kinds[0]; k++)
		if (!strcmp(kind, lg_kinds[k])) {
			lg->kind = (enum kj_local_gov_kind)k;
			return 0;
		}
	return -1;
}

int kj_reference_local_govs(struct kj_local_gov **out, int *n, struct kj_err *err)
{
	const char *name = "reference/local_governments.json";
	*out = NULL;
	*n = 0;
	json_t *a = builtin_json(name, err), *o;
	if (!a)
		return -1;
	int rc = -1;
	struct kj_local_gov *lg = NULL;
	size_t i, len = json_is_array(a) ? json_array_size(a) : 0;
	if (len == 0 || !(lg = calloc(len, sizeof *lg))) {
		kj_err_set(err, "%s: %s", name, len ? "out of memory" : "expected an array");
		goto done;
	}
	json_array_foreach(a, i, o) {
		if (lg_item(o, &lg[i]) < 0) {
			kj_err_set(err, "%s: item %zu is malformed", name, i + 1);
			goto done;
		}
	}
	*out = lg;
	*n = (int)len;
	lg = NULL;
	rc = 0;
done:
	free(lg);
	json_decref(a);
	return rc;
}

int kj_municipality_check_digit(const char *code5)
{
	static const int w[5] = { 6, 5, 4, 3, 2 };
	int sum = 0;
	for (int i = 0; i < 5; i++) {
		if (code5[i] < '0' || code5[i] > '9')
			return -1;
		sum += (code5[i] - '0') * w[i];
	}
	return (11 - sum % 11) % 10;
}
