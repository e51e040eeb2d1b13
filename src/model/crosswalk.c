/*
 * Reading and validating crosswalk.json, the map from a version's
 * requirements to its revision's. A bad file is refused with a message
 * naming the file, the entry and the field, before anything is written.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/json.h"
#include "model/crosswalk.h"

static const char *const kind_names[KJ_XW_NKINDS] = {
	"same", "reworded", "split", "merged", "removed", "new",
};

const char *kj_xw_kind_name(int kind)
{
	return kind >= 0 && kind < KJ_XW_NKINDS ? kind_names[kind] : "?";
}

const char *kj_xw_kind_label(int kind)
{
	static const char *const labels[KJ_XW_NKINDS] = {
		N_("同一"), N_("文言変更"), N_("分割"), N_("統合"), N_("削除"), N_("新設"),
	};
	return kind >= 0 && kind < KJ_XW_NKINDS ? labels[kind] : "?";
}

int kj_xw_kind_parse(const char *s)
{
	for (int k = 0; k < KJ_XW_NKINDS; k++)
		if (!strcmp(s, kind_names[k]))
			return k;
	return -1;
}

/* ENTRY is 0-based, -1 for the document; FIELD may be NULL. */
__attribute__((format(printf, 4, 5)))
static int fail(struct kj_err *err, int entry, const char *field,
		const char *fmt, ...)
{
	char what[320];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (entry < 0)
		kj_err_set(err, "%s: %s%s%s%s", KJ_CROSSWALK_FILE, field ? "\"" : "",
			   field ? field : "", field ? "\": " : "", what);
	else
		kj_err_set(err, "%s: entry %d: %s%s%s%s", KJ_CROSSWALK_FILE, entry + 1,
			   field ? "\"" : "", field ? field : "", field ? "\": " : "",
			   what);
	return -1;
}

/* S for a message if it is short printable ASCII; what the file says may
 * hold escapes (\u001b) that a terminal would obey. */
static const char *shown(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++, n++)
		if (*p < 0x20 || *p > 0x7e || n >= 40)
			return "(not shown: long or not printable)";
	return s;
}

/* A version label as the catalog requires: lowercase letters, digits, - and _. */
static int label_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= KJ_VERSION_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

/* Requirement ids are "SECTION-N": digits, dots and one hyphen. */
static int id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= KJ_ID_MAX)
		return 0;
	int dash = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			dash++;
		else if (s[i] != '.' && (s[i] < '0' || s[i] > '9'))
			return 0;
	}
	return dash == 1;
}

static int get_ids(json_t *e, int entry, const char *key, const char **out,
		   int *n, struct kj_err *err)
{
	json_t *a = json_object_get(e, key);
	if (!json_is_array(a))
		return fail(err, entry, key, "expected an array of requirement ids");
	if (json_array_size(a) > KJ_XW_IDS_MAX)
		return fail(err, entry, key, "more than %d ids", KJ_XW_IDS_MAX);
	*n = 0;
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);
		if (!s || !id_ok(s))
			return fail(err, entry, key, "item %zu is not a requirement id "
				    "such as 3.2.1-1", i + 1);
		for (int k = 0; k < *n; k++)
			if (!strcmp(out[k], s))
				return fail(err, entry, key, "%s is named twice", s);
		out[(*n)++] = s;
	}
	return 0;
}

static int only_keys(json_t *o, int entry, const char *const *keys, int n,
		     struct kj_err *err)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		int known = 0;
		for (int i = 0; i < n; i++)
			known |= !strcmp(k, keys[i]);
		if (!known)
			return fail(err, entry, NULL, "unknown member \"%s\"", shown(k));
	}
	return 0;
}

/* The arity each kind requires, checked on parse. */
static int arity_ok(const struct kj_xw_entry *e, int i, struct kj_err *err)
{
	const char *name = kind_names[e->kind];
	switch (e->kind) {
	case KJ_XW_SAME:
	case KJ_XW_REWORDED:
		if (e->nfrom != 1)
			return fail(err, i, "from", "a %s entry has exactly one old id", name);
		if (e->nto != 1)
			return fail(err, i, "to", "a %s entry has exactly one new id", name);
		break;
	case KJ_XW_SPLIT:
		if (e->nfrom != 1)
			return fail(err, i, "from", "a split entry has exactly one old id");
		if (e->nto < 2)
			return fail(err, i, "to", "a split entry has two or more new ids");
		break;
	case KJ_XW_MERGED:
		if (e->nfrom < 2)
			return fail(err, i, "from", "a merged entry has two or more old ids");
		if (e->nto != 1)
			return fail(err, i, "to", "a merged entry has exactly one new id");
		break;
	case KJ_XW_REMOVED:
		if (e->nfrom != 1)
			return fail(err, i, "from", "a removed entry has exactly one old id");
		if (e->nto != 0)
			return fail(err, i, "to", "a removed entry has no new id (\"to\": [])");
		break;
	case KJ_XW_NEW:
		if (e->nfrom != 0)
			return fail(err, i, "from", "a new entry has no old id (\"from\": [])");
		if (e->nto != 1)
			return fail(err, i, "to", "a new entry has exactly one new id");
		break;
	default:
		return fail(err, i, "kind", "unknown kind");
	}
	return 0;
}

int kj_crosswalk_parse(struct kj_crosswalk *xw, char *text, size_t len,
		       struct kj_err *err)
{
	memset(xw, 0, sizeof *xw);
	xw->raw = text;
	xw->raw_len = len;
	if (len > KJ_DATA_FILE_MAX) {
		fail(err, -1, NULL, "file too large (over %u bytes)", KJ_DATA_FILE_MAX);
		goto fail;
	}
	if (!kj_utf8_valid_text(text, len)) {
		fail(err, -1, NULL, "not UTF-8 text");
		goto fail;
	}
	json_t *root = kj_json_parse(text, len, KJ_CROSSWALK_FILE, err);
	if (!root)
		goto fail;
	xw->priv = root;
	static const char *const top[] = { "from", "entries" };
	static const char *const keys[] = { "kind", "from", "to" };
	if (!json_is_object(root)) {
		fail(err, -1, NULL, "expected a JSON object with \"from\" and \"entries\"");
		goto fail;
	}
	if (only_keys(root, -1, top, 2, err) < 0)
		goto fail;
	xw->from = json_string_value(json_object_get(root, "from"));
	if (!xw->from || !label_ok(xw->from)) {
		fail(err, -1, "from", "expected the label of the version this one "
		     "succeeds (1 to %d lowercase letters, digits, - or _)",
		     KJ_VERSION_MAX - 1);
		goto fail;
	}
	json_t *a = json_object_get(root, "entries");
	if (!json_is_array(a) || json_array_size(a) == 0) {
		fail(err, -1, "entries", "expected a non-empty array");
		goto fail;
	}
	if (json_array_size(a) > KJ_XW_ENTRIES_MAX) {
		fail(err, -1, "entries", "more than %d entries", KJ_XW_ENTRIES_MAX);
		goto fail;
	}
	xw->entries = calloc(json_array_size(a), sizeof *xw->entries);
	if (!xw->entries) {
		kj_err_set(err, "out of memory");
		goto fail;
	}
	size_t i;
	json_t *o;
	json_array_foreach(a, i, o) {
		struct kj_xw_entry *e = &xw->entries[i];
		int n = (int)i;
		if (!json_is_object(o)) {
			fail(err, n, NULL, "expected an object with kind, from and to");
			goto fail;
		}
		if (only_keys(o, n, keys, 3, err) < 0)
			goto fail;
		const char *kind = json_string_value(json_object_get(o, "kind"));
		if (!kind) {
			fail(err, n, "kind", "missing; one of same, reworded, split, "
			     "merged, removed, new");
			goto fail;
		}
		int k = kj_xw_kind_parse(kind);
		if (k < 0) {
			fail(err, n, "kind", "unknown kind \"%s\" (one of same, "
			     "reworded, split, merged, removed, new)", shown(kind));
			goto fail;
		}
		e->kind = (enum kj_xw_kind)k;
		if (get_ids(o, n, "from", e->from, &e->nfrom, err) < 0 ||
		    get_ids(o, n, "to", e->to, &e->nto, err) < 0 ||
		    arity_ok(e, n, err) < 0)
			goto fail;
		xw->n++;
	}
	return 0;
fail:
	kj_crosswalk_free(xw);
	return -1;
}

int kj_crosswalk_load_dir(struct kj_crosswalk *xw, const char *dir,
			  int *found, struct kj_err *err)
{
	char path[KJ_PATH_MAX];
	memset(xw, 0, sizeof *xw);
	*found = 0;
	int n = snprintf(path, sizeof path, "%s/%s", dir, KJ_CROSSWALK_FILE);
	if (n < 0 || (size_t)n >= sizeof path) {
		kj_err_set(err, "path too long: %s", dir);
		return -1;
	}
	if (access(path, F_OK) != 0)
		return 0;	/* none: the caller decides whether one is needed */
	char *text;
	size_t len;
	if (kj_read_file(path, KJ_DATA_FILE_MAX, &text, &len, err) < 0) {
		kj_err_prefix(err, "%s", KJ_CROSSWALK_FILE);
		return -1;
	}
	*found = 1;
	return kj_crosswalk_parse(xw, text, len, err);
}

/* Marks each id of IDS in SEEN (indexed by CAT's requirements). */
static int account(const struct kj_catalog *cat, const char *const *ids, int n,
		   int *seen, int entry, const char *field, struct kj_err *err)
{
	for (int k = 0; k < n; k++) {
		int r = kj_catalog_req_index(cat, ids[k]);
		if (r < 0)
			return fail(err, entry, field, "%s is not a requirement of "
				    "version %s", ids[k], cat->version);
		if (seen[r] >= 0)
			return fail(err, entry, field, "%s is already in entry %d; each "
				    "requirement of version %s is in exactly one entry",
				    ids[k], seen[r] + 1, cat->version);
		seen[r] = entry;
	}
	return 0;
}

int kj_crosswalk_validate(const struct kj_crosswalk *xw,
			  const struct kj_catalog *old,
			  const struct kj_catalog *cur, struct kj_err *err)
{
	if (strcmp(xw->from, old->version))
		return fail(err, -1, "from", "names version %s, but version %s "
			    "succeeds %s", xw->from, cur->version, old->version);
	int *seen_old = malloc(sizeof(int) * (size_t)(old->nreqs + cur->nreqs));
	if (!seen_old) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int *seen_new = seen_old + old->nreqs;
	for (int i = 0; i < old->nreqs + cur->nreqs; i++)
		seen_old[i] = -1;
	int rc = -1;
	for (int i = 0; i < xw->n; i++) {
		const struct kj_xw_entry *e = &xw->entries[i];
		if (account(old, e->from, e->nfrom, seen_old, i, "from", err) < 0 ||
		    account(cur, e->to, e->nto, seen_new, i, "to", err) < 0)
			goto done;
		if (e->kind == KJ_XW_SAME || e->kind == KJ_XW_REWORDED) {
			const char *a = kj_catalog_req(old, e->from[0])->text_ja;
			const char *b = kj_catalog_req(cur, e->to[0])->text_ja;
			int same = !strcmp(a, b);
			if (e->kind == KJ_XW_SAME && !same) {
				fail(err, i, "kind", "same, but the Japanese texts of %s and "
				     "%s differ (reworded?)", e->from[0], e->to[0]);
				goto done;
			}
			if (e->kind == KJ_XW_REWORDED && same) {
				fail(err, i, "kind", "reworded, but the Japanese texts of %s "
				     "and %s are equal (same?)", e->from[0], e->to[0]);
				goto done;
			}
		}
	}
	for (int r = 0; r < old->nreqs; r++)
		if (seen_old[r] < 0) {
			fail(err, -1, "entries", "requirement %s of version %s is in no "
			     "entry's \"from\" (give it same, reworded, split, merged or "
			     "removed)", old->reqs[r].id, old->version);
			goto done;
		}
	for (int r = 0; r < cur->nreqs; r++)
		if (seen_new[r] < 0) {
			fail(err, -1, "entries", "requirement %s of version %s is in no "
			     "entry's \"to\" (give it same, reworded, split, merged or new)",
			     cur->reqs[r].id, cur->version);
			goto done;
		}
	rc = 0;
done:
	free(seen_old);
	return rc;
}

static int in_list(const char *const *ids, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return 1;
	return 0;
}

static int in_extra(const struct kj_xw_entry *extra, int nextra, int to,
		    const char *id)
{
	for (int i = 0; i < nextra; i++)
		if (to ? in_list(extra[i].to, extra[i].nto, id)
		       : in_list(extra[i].from, extra[i].nfrom, id))
			return 1;
	return 0;
}

/* Appends {"kind": KIND, "from": FROM, "to": TO} to A; -1 when out of memory. */
static int add_entry(json_t *a, int kind, const char *const *from, int nfrom,
		     const char *const *to, int nto)
{
	json_t *e = json_object(), *f = json_array(), *t = json_array();
	int bad = !e || !f || !t;
	for (int i = 0; !bad && i < nfrom; i++)
		bad = json_array_append_new(f, json_string(from[i])) < 0;
	for (int i = 0; !bad && i < nto; i++)
		bad = json_array_append_new(t, json_string(to[i])) < 0;
	if (!bad)
		bad = json_object_set_new(e, "kind", json_string(kj_xw_kind_name(kind))) < 0;
	/* The *_new calls take the reference whether they succeed or not. */
	if (!bad) {
		bad = json_object_set_new(e, "from", f) < 0;
		f = NULL;
		bad |= json_object_set_new(e, "to", t) < 0;
		t = NULL;
		bad |= json_array_append_new(a, e) < 0;
		e = NULL;
	}
	json_decref(e);
	json_decref(f);
	json_decref(t);
	return bad ? -1 : 0;
}

int kj_crosswalk_draft(char **text, size_t *len, const struct kj_catalog *old,
		       const struct kj_catalog *cur,
		       const struct kj_xw_entry *extra, int nextra,
		       struct kj_err *err)
{
	*text = NULL;
	*len = 0;
	json_t *root = json_object(), *a = json_array();
	int bad = !root || !a || json_object_set_new(root, "from",
						     json_string(old->version)) < 0;
	for (int i = 0; !bad && i < old->nreqs; i++) {
		const struct kj_requirement *r = &old->reqs[i];
		if (in_extra(extra, nextra, 0, r->id))
			continue;
		const struct kj_requirement *n = kj_catalog_req(cur, r->id);
		if (n && !in_extra(extra, nextra, 1, r->id))
			bad = add_entry(a, strcmp(r->text_ja, n->text_ja) ? KJ_XW_REWORDED
					: KJ_XW_SAME, &r->id, 1, &n->id, 1) < 0;
		else
			bad = add_entry(a, KJ_XW_REMOVED, &r->id, 1, NULL, 0) < 0;
	}
	for (int i = 0; !bad && i < cur->nreqs; i++) {
		const struct kj_requirement *n = &cur->reqs[i];
		if (in_extra(extra, nextra, 1, n->id))
			continue;
		const struct kj_requirement *r = kj_catalog_req(old, n->id);
		if (!r || in_extra(extra, nextra, 0, n->id))
			bad = add_entry(a, KJ_XW_NEW, NULL, 0, &n->id, 1) < 0;
	}
	for (int i = 0; !bad && i < nextra; i++)
		bad = add_entry(a, (int)extra[i].kind, extra[i].from, extra[i].nfrom,
				extra[i].to, extra[i].nto) < 0;
	if (!bad) {
		bad = json_object_set_new(root, "entries", a) < 0;
		a = NULL;	/* taken either way */
	}
	if (!bad && !(*text = json_dumps(root, JSON_INDENT(1))))
		bad = 1;
	json_decref(a);
	json_decref(root);
	if (bad) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	*len = strlen(*text);
	return 0;
}

void kj_crosswalk_free(struct kj_crosswalk *xw)
{
	if (xw->priv)
		json_decref(xw->priv);
	free(xw->entries);
	free(xw->raw);
	memset(xw, 0, sizeof *xw);
}
