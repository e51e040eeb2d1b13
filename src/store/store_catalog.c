/* The SQLite driver: versions of the standard, stored verbatim and as rows. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_priv.h"

static void catalog_digest(const struct kj_catalog *cat, char hex[65])
{
	unsigned char h[32];
	crypto_generichash_state gs;
	crypto_generichash_init(&gs, NULL, 0, sizeof h);
	for (int f = 0; f < KJ_CATALOG_NFILES; f++) {
		unsigned char len[8];
		uint64_t n = cat->raw_len[f];
		for (int i = 0; i < 8; i++)
			len[i] = (unsigned char)(n >> (8 * i));
		crypto_generichash_update(&gs, (const unsigned char *)kj_catalog_files[f],
					  strlen(kj_catalog_files[f]) + 1);
		crypto_generichash_update(&gs, len, sizeof len);
		crypto_generichash_update(&gs, (const unsigned char *)cat->raw[f], n);
	}
	crypto_generichash_final(&gs, h, sizeof h);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

static int put_reference(struct kj_store *st, const struct kj_catalog *c,
			 struct kj_err *err)
{
	char ord[16];
	for (int i = 0; i < c->nministries; i++) {
		const struct kj_ministry *m = &c->ministries[i];
		if (KJ_SQ_RUN(st, "INSERT INTO ministry (code, name_ja, name_en)"
			" VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING",
			err, m->code, m->name_ja, m->name_en) < 0)
			return -1;
	}
	for (int i = 0; i < c->nsectors; i++) {
		const struct kj_sector *s = &c->sectors[i];
		snprintf(ord, sizeof ord, "%d", i + 1);
		if (KJ_SQ_RUN(st, "INSERT INTO sector (code, ord, name_ja, name_en, note_ja, note_en)"
			" VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING",
			err, s->code, ord, s->name_ja, s->name_en, s->note_ja, s->note_en) < 0)
			return -1;
		for (int k = 0; k < s->nministries; k++)
			if (KJ_SQ_RUN(st, "INSERT INTO sector_ministry (sector_code, ministry_code,"
				" whole) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", err, s->code,
				c->ministries[s->ministries[k]].code, s->partial[k] ? "0" : "1") < 0)
				return -1;
	}
	for (int i = 0; i < c->nclasses; i++) {
		const struct kj_safety_class *k = &c->classes[i];
		snprintf(ord, sizeof ord, "%d", k->n);
		if (KJ_SQ_RUN(st, "INSERT INTO safety_class (n, name_ja, name_en, text_ja, text_en, binding)"
			" VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (n) DO NOTHING",
			err, ord, k->name_ja, k->name_en, k->text_ja, k->text_en, k->binding) < 0)
			return -1;
	}
	return 0;
}

static int put_catalog_rows(struct kj_store *st, const struct kj_catalog *c,
			    int64_t vid, struct kj_err *err)
{
	char v[24], a[16], b[16];
	snprintf(v, sizeof v, "%lld", (long long)vid);
	for (int f = 0; f < KJ_CATALOG_NFILES; f++)
		if (KJ_SQ_RUN(st, "INSERT INTO standard_file (version_id, name, content)"
			" VALUES ($1, $2, $3)", err, v, kj_catalog_files[f], c->raw[f]) < 0)
			return -1;
	for (int i = 0; i < c->nfunctions; i++) {
		const struct kj_function *f = &c->functions[i];
		snprintf(a, sizeof a, "%d", i + 1);
		if (KJ_SQ_RUN(st, "INSERT INTO std_function (version_id, code, ord, section_code,"
			" name_ja, name_en) VALUES ($1, $2, $3, $4, $5, $6)",
			err, v, f->code, a, f->section, f->name_ja, f->name_en) < 0)
			return -1;
	}
	for (int i = 0; i < c->nsections; i++) {
		const struct kj_section *s = &c->sections[i];
		snprintf(a, sizeof a, "%d", i + 1);
		snprintf(b, sizeof b, "%d", s->depth);
		if (KJ_SQ_RUN(st, "INSERT INTO section (version_id, code, parent_code, ord, depth,"
			" function_code, title_ja, title_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			err, v, s->id, s->parent, a, b, c->functions[s->function].code,
			s->title_ja, s->title_en) < 0)
			return -1;
	}
	int64_t *defid = calloc((size_t)c->ndefs + 1, sizeof *defid);
	if (!defid) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = -1;
	for (int i = 0; i < c->ndefs; i++) {
		const struct kj_definition *d = &c->defs[i];
		snprintf(a, sizeof a, "%d", d->footnote);
		if (KJ_SQ_RUN(st, "INSERT INTO definition (version_id, code, footnote, term_ja,"
			" term_en, text_ja, text_en) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			err, v, d->id, a, d->term_ja, d->term_en, d->text_ja, d->text_en) < 0)
			goto done;
		defid[i] = kj_sq_last_id(st);
	}
	for (int i = 0; i < c->nreqs; i++) {
		const struct kj_requirement *r = &c->reqs[i];
		char n[16], rid[24], did[24];
		snprintf(a, sizeof a, "%d", i + 1);
		snprintf(n, sizeof n, "%d", r->n);
		if (KJ_SQ_RUN(st, "INSERT INTO requirement (version_id, code, section_code, n, ord,"
			" function_code, text_ja, text_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			err, v, r->id, r->section, n, a, c->functions[r->function].code,
			r->text_ja, r->text_en) < 0)
			goto done;
		snprintf(rid, sizeof rid, "%lld", (long long)kj_sq_last_id(st));
		for (int k = 0; k < r->ncsf; k++)
			if (KJ_SQ_RUN(st, "INSERT INTO requirement_csf (requirement_id, csf_id)"
				" VALUES ($1, $2)", err, rid, r->csf[k]) < 0)
				goto done;
		for (int k = 0; k < r->ndefs; k++) {
			snprintf(did, sizeof did, "%lld", (long long)defid[r->defs[k]]);
			if (KJ_SQ_RUN(st, "INSERT INTO requirement_definition (requirement_id,"
				" definition_id) VALUES ($1, $2)", err, rid, did) < 0)
				goto done;
		}
	}
	for (int i = 0; i < c->nmeasures; i++) {
		const struct kj_measure_category *m = &c->measures[i];
		snprintf(a, sizeof a, "%d", m->n);
		if (KJ_SQ_RUN(st, "INSERT INTO measure_category (version_id, n, title_ja, title_en,"
			" text_ja, text_en) VALUES ($1, $2, $3, $4, $5, $6)",
			err, v, a, m->title_ja, m->title_en, m->text_ja, m->text_en) < 0)
			goto done;
		for (int k = 0; k < m->nmeasures; k++) {
			snprintf(b, sizeof b, "%d", k + 1);
			if (KJ_SQ_RUN(st, "INSERT INTO main_measure (version_id, category_n, n,"
				" text_ja, text_en) VALUES ($1, $2, $3, $4, $5)",
				err, v, a, b, m->measures_ja[k], m->measures_en[k]) < 0)
				goto done;
		}
	}
	rc = 0;
done:
	free(defid);
	return rc;
}

/* Links each requirement of the previous version to its namesake in VID. */
static int put_succession(struct kj_store *st, int64_t vid, struct kj_err *err)
{
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)vid);
	return KJ_SQ_RUN(st,
		"INSERT INTO requirement_succession (from_requirement_id,"
		" to_requirement_id, changed)"
		" SELECT o.id, r.id, CASE WHEN o.text_ja = r.text_ja THEN 0 ELSE 1 END"
		" FROM requirement r JOIN requirement o ON o.code = r.code"
		" WHERE r.version_id = $1 AND o.version_id = ("
		"  SELECT p.id FROM standard_version p, standard_version c"
		"  WHERE c.id = $1 AND p.id <> c.id AND p.effective_on <= c.effective_on"
		"  ORDER BY p.effective_on DESC, p.id DESC LIMIT 1)", err, v);
}

int kj_store_catalog_put(struct kj_store *st, const struct kj_catalog *cat,
			 int *created, struct kj_err *err)
{
	char digest[65], have[65] = "";
	*created = 0;
	catalog_digest(cat, digest);
	if (kj_store_begin(st, err) < 0)
		return -1;
	int64_t vid = kj_sq_version_id(st, cat->version, have, err);
	if (vid < 0)
		goto fail;
	if (vid > 0) {
		kj_store_rollback(st);
		if (strcmp(have, digest)) {
			kj_err_set(err, "version %s is already in the database with other "
				   "content; a revision needs a new version label", cat->version);
			return -1;
		}
		return 0;
	}
	char now[32];
	kj_now_iso(now);
	if (KJ_SQ_RUN(st, "INSERT INTO standard_version (version, title_ja, title_en,"
		" decided_by_ja, decided_by_en, effective_on, imported_at, digest)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", err, cat->version,
		cat->title_ja, cat->title_en, cat->decided_by_ja, cat->decided_by_en,
		cat->effective, now, digest) < 0)
		goto fail;
	vid = kj_sq_last_id(st);
	if (put_reference(st, cat, err) < 0 || put_catalog_rows(st, cat, vid, err) < 0 ||
	    put_succession(st, vid, err) < 0 || kj_store_commit(st, err) < 0)
		goto fail;
	*created = 1;
	return 0;
fail:
	kj_store_rollback(st);
	return -1;
}

struct file_set {
	sqlite3_stmt *s;
	struct kj_store *st;
};

static int read_stored(void *ctx, const char *name, char **data, size_t *len,
		       struct kj_err *err)
{
	struct file_set *fs = ctx;
	sqlite3_reset(fs->s);
	sqlite3_bind_text(fs->s, 2, name, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(fs->s);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			kj_err_set(err, "stored version lacks %s", name);
		else
			kj_sq_fail(fs->st, err, "cannot read stored catalog");
		return -1;
	}
	int n = sqlite3_column_bytes(fs->s, 0);
	*data = malloc((size_t)n + 1);
	if (!*data) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	memcpy(*data, sqlite3_column_text(fs->s, 0), (size_t)n);
	(*data)[n] = '\0';
	*len = (size_t)n;
	return 0;
}

int kj_store_catalog_get(struct kj_store *st, const char *version,
			 struct kj_catalog *cat, struct kj_err *err)
{
	memset(cat, 0, sizeof *cat);
	int64_t vid = kj_sq_version_id(st, version, NULL, err);
	if (vid < 0)
		return -1;
	if (vid == 0) {
		if (version)
			kj_err_set(err, "no standard version \"%s\" in the database", version);
		else
			kj_err_set(err, "the database holds no standard version");
		return -1;
	}
	struct file_set fs = { NULL, st };
	if (kj_sq_prep(st, "SELECT content FROM standard_file WHERE version_id = $1"
		 " AND name = $2", &fs.s, err) < 0)
		return -1;
	sqlite3_bind_int64(fs.s, 1, vid);
	int rc = kj_catalog_load(cat, read_stored, &fs, err);
	sqlite3_finalize(fs.s);
	if (rc < 0)
		kj_err_prefix(err, "stored standard version is damaged");
	return rc;
}

int kj_store_catalog_versions(struct kj_store *st, struct kj_version_info *out,
			      int max, int *n, struct kj_err *err)
{
	sqlite3_stmt *s;
	*n = 0;
	if (kj_sq_prep(st, "SELECT v.version, v.effective_on, v.imported_at,"
		 " (SELECT COUNT(*) FROM requirement r WHERE r.version_id = v.id)"
		 " FROM standard_version v ORDER BY v.effective_on, v.id", &s, err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct kj_version_info *v = &out[(*n)++];
		kj_strlcpy(v->version, (const char *)sqlite3_column_text(s, 0), sizeof v->version);
		kj_strlcpy(v->effective, (const char *)sqlite3_column_text(s, 1), sizeof v->effective);
		kj_strlcpy(v->imported_at, (const char *)sqlite3_column_text(s, 2), sizeof v->imported_at);
		v->nreqs = sqlite3_column_int(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kj_sq_fail(st, err, "cannot list versions");
	return 0;
}

