/*
 * The demo's fictitious predecessor of the standard (see the header): the
 * current version's files with a few deterministic edits, loaded and
 * validated like any version, and linked to the current one by a
 * crosswalk that passes the same validation as an imported one.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/crosswalk.h"
#include "app/demo_predecessor.h"
#include "store/store_catalog.h"

#define REWORDED_JA "［2023年版］"
#define REWORDED_EN "[2023 edition] "

/* What the edits touch, as indexes into CUR's requirements (-1: none). */
struct plan {
	int absent[2];		/* new in CUR */
	int split_first;	/* CUR's last two of a section came from this one */
	int merged;		/* CUR's last of a section came from it and one more */
	int reworded[3];
	char merged_extra[KJ_ID_MAX];	/* the dropped second one's id */
};

struct ctx {
	const struct kj_catalog *cur;
	const struct plan *p;
};

static int count_in_section(const struct kj_catalog *c, int s)
{
	int n = 0;
	for (int i = 0; i < c->nreqs; i++)
		n += c->reqs[i].section_index == s;
	return n;
}

static int last_in_section(const struct kj_catalog *c, int s)
{
	int last = -1;
	for (int i = 0; i < c->nreqs; i++)
		if (c->reqs[i].section_index == s)
			last = i;
	return last;
}

static int make_plan(const struct kj_catalog *c, struct plan *p,
		     struct kj_err *err)
{
	int multi = 0, single = 0;
	memset(p, -1, sizeof *p);
	p->merged_extra[0] = '\0';
	for (int s = 0; s < c->nsections; s++) {
		int n = count_in_section(c, s), last = last_in_section(c, s);
		if (n >= 2 && multi < 4) {
			if (multi < 2)
				p->absent[multi] = last;
			else if (multi == 2)
				p->split_first = last - 1;
			else
				p->merged = last;
			multi++;
		} else if (n == 1 && single < 3) {
			p->reworded[single++] = last;
		}
	}
	if (multi < 4 || single < 3) {
		kj_err_set(err, "demo predecessor: version %s has too few sections to "
			   "derive one from", c->version);
		return -1;
	}
	const struct kj_requirement *m = &c->reqs[p->merged];
	int w = snprintf(p->merged_extra, sizeof p->merged_extra, "%s-%d", m->section, m->n + 1);
	if (w < 0 || (size_t)w >= sizeof p->merged_extra) {
		kj_err_set(err, "demo predecessor: id too long");
		return -1;
	}
	return 0;
}

static int is_in(const int *a, int n, int v)
{
	for (int i = 0; i < n; i++)
		if (a[i] == v)
			return 1;
	return 0;
}

/* TEXT prefixed with PREFIX, as a new JSON string. */
static json_t *prefixed(const char *prefix, const char *text)
{
	size_t n = strlen(prefix) + strlen(text) + 1;
	char *s = malloc(n);
	if (!s)
		return NULL;
	snprintf(s, n, "%s%s", prefix, text);
	json_t *j = json_string(s);
	free(s);
	return j;
}

/* Two texts joined, as a new JSON string. */
static json_t *joined(const char *a, const char *sep, const char *b)
{
	size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
	char *s = malloc(n);
	if (!s)
		return NULL;
	snprintf(s, n, "%s%s%s", a, sep, b);
	json_t *j = json_string(s);
	free(s);
	return j;
}

/* The predecessor's requirements.json. Requirement I of CUR is item I. */
static json_t *old_requirements(const struct kj_catalog *c, const struct plan *p,
				json_t *reqs)
{
	json_t *out = json_array();
	if (!out)
		return NULL;
	int bad = 0;
	for (int i = 0; !bad && i < c->nreqs; i++) {
		const struct kj_requirement *r = &c->reqs[i];
		if (is_in(p->absent, 2, i) || i == p->split_first + 1)
			continue;
		json_t *o = json_deep_copy(json_array_get(reqs, (size_t)i));
		if (!o) {
			bad = 1;
			break;
		}
		if (i == p->split_first) {
			const struct kj_requirement *b = &c->reqs[i + 1];
			bad |= json_object_set_new(o, "text_ja", joined(r->text_ja, "また、",
								       b->text_ja)) < 0;
			bad |= json_object_set_new(o, "text_en", joined(r->text_en, " Also: ",
								       b->text_en)) < 0;
		}
		if (is_in(p->reworded, 3, i)) {
			bad |= json_object_set_new(o, "text_ja", prefixed(REWORDED_JA,
									  r->text_ja)) < 0;
			bad |= json_object_set_new(o, "text_en", prefixed(REWORDED_EN,
									  r->text_en)) < 0;
		}
		bad |= json_array_append_new(out, o) < 0;
		if (!bad && i == p->merged) {
			/* The second of the two that CUR merged into this one. */
			json_t *x = json_deep_copy(json_array_get(reqs, (size_t)i));
			bad = !x;
			if (!bad) {
				bad |= json_object_set_new(x, "id", json_string(p->merged_extra)) < 0;
				bad |= json_object_set_new(x, "n", json_integer(r->n + 1)) < 0;
				bad |= json_object_set_new(x, "text_ja", prefixed("［統合前の後半］",
									  r->text_ja)) < 0;
				bad |= json_object_set_new(x, "text_en", prefixed("[second half "
						"before the merge] ", r->text_en)) < 0;
				bad |= json_array_append_new(out, x) < 0;
			}
		}
	}
	if (bad) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static int read_old(void *vctx, const char *name, char **data, size_t *len,
		    struct kj_err *err)
{
	const struct ctx *x = vctx;
	const struct kj_catalog *c = x->cur;
	int f = 0;
	while (f < KJ_CATALOG_NFILES && strcmp(kj_catalog_files[f], name))
		f++;
	if (f == KJ_CATALOG_NFILES || !c->raw[f]) {
		kj_err_set(err, "demo predecessor: %s missing", name);
		return -1;
	}
	int reqs = !strcmp(name, "requirements.json"), std = !strcmp(name, "standard.json");
	if (!reqs && !std) {
		*data = malloc(c->raw_len[f] + 1);
		if (!*data) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		memcpy(*data, c->raw[f], c->raw_len[f] + 1);
		*len = c->raw_len[f];
		return 0;
	}
	json_t *doc = json_loadb(c->raw[f], c->raw_len[f], 0, NULL), *out = NULL;
	int bad = !doc;
	if (!bad && std) {
		bad |= json_object_set_new(doc, "version",
					   json_string(KJ_DEMO_PREDECESSOR_VERSION)) < 0;
		bad |= json_object_set_new(doc, "effective",
					   json_string(KJ_DEMO_PREDECESSOR_EFFECTIVE)) < 0;
		bad |= json_object_set_new(doc, "title_ja", prefixed("（デモ用の架空の旧版）",
								     c->title_ja)) < 0;
		bad |= json_object_set_new(doc, "title_en", prefixed("(Fictitious demo "
						"predecessor) ", c->title_en)) < 0;
		out = json_incref(doc);
	} else if (!bad) {
		out = old_requirements(c, x->p, doc);
		bad = !out;
	}
	*data = bad ? NULL : json_dumps(out, JSON_INDENT(2));
	json_decref(out);
	json_decref(doc);
	if (!*data) {
		kj_err_set(err, "demo predecessor: cannot build %s", name);
		return -1;
	}
	*len = strlen(*data);
	return 0;
}

int kj_demo_predecessor(struct kj_store *st, const struct kj_catalog *cur,
			struct kj_demo_predecessor *out, struct kj_err *err)
{
	struct plan p;
	struct kj_catalog old;
	struct kj_crosswalk xw;
	char *text = NULL;
	size_t len;
	memset(out, 0, sizeof *out);
	memset(&xw, 0, sizeof xw);
	if (make_plan(cur, &p, err) < 0)
		return -1;
	/* The predecessor of CUR goes before it: CUR must be the earliest. */
	struct kj_version_info first;
	int nv;
	if (kj_store_catalog_versions(st, &first, 1, &nv, err) < 0)
		return -1;
	if (nv == 1 && strcmp(first.version, cur->version) &&
	    strcmp(first.version, KJ_DEMO_PREDECESSOR_VERSION)) {
		kj_err_set(err, "demo predecessor: version %s is not the earliest in "
			   "the database (%s is)", cur->version, first.version);
		return -1;
	}
	struct ctx x = { cur, &p };
	if (kj_catalog_load(&old, read_old, &x, err) < 0) {
		kj_err_prefix(err, "demo predecessor");
		return -1;
	}
	const struct kj_requirement *s = &cur->reqs[p.split_first], *m = &cur->reqs[p.merged];
	const struct kj_xw_entry extra[] = {
		{ KJ_XW_SPLIT, { s->id }, 1, { s->id, s[1].id }, 2 },
		{ KJ_XW_MERGED, { m->id, p.merged_extra }, 2, { m->id }, 1 },
	};
	int rc = -1;
	if (kj_crosswalk_draft(&text, &len, &old, cur, extra, 2, err) < 0)
		goto done;
	if (kj_crosswalk_parse(&xw, text, len, err) < 0)
		goto done;	/* TEXT is the crosswalk's, freed with it */
	if (kj_store_catalog_put_predecessor(st, &old, &xw, &out->created, err) < 0)
		goto done;
	kj_strlcpy(out->version, old.version, sizeof out->version);
	kj_strlcpy(out->effective, old.effective, sizeof out->effective);
	out->nreqs = old.nreqs;
	for (int i = 0; i < xw.n; i++) {
		switch (xw.entries[i].kind) {
		case KJ_XW_SAME: out->nsame++; break;
		case KJ_XW_REWORDED: out->nreworded++; break;
		case KJ_XW_SPLIT: out->nsplit++; break;
		case KJ_XW_MERGED: out->nmerged++; break;
		case KJ_XW_NEW: out->nnew++; break;
		default: break;
		}
	}
	rc = 0;
done:
	kj_crosswalk_free(&xw);
	kj_catalog_free(&old);
	return rc;
}
