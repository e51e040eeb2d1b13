/* The SQLite driver: versions of the standard, stored verbatim and as rows. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/crosswalk.h"
#include "store/db.h"
#include "store/store_catalog.h"

static void digest_file(crypto_generichash_state *gs, const char *name,
			const char *raw, uint64_t n)
{
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (8 * i));
	crypto_generichash_update(gs, (const unsigned char *)name, strlen(name) + 1);
	crypto_generichash_update(gs, len, sizeof len);
	crypto_generichash_update(gs, (const unsigned char *)raw, n);
}

/* Over the version's files and, for a revision, its crosswalk.json. */
static void catalog_digest(const struct kj_catalog *cat,
			   const struct kj_crosswalk *xw, char hex[65])
{
	unsigned char h[32];
	crypto_generichash_state gs;
	crypto_generichash_init(&gs, NULL, 0, sizeof h);
	for (int f = 0; f < KJ_CATALOG_NFILES; f++)
		if (cat->raw[f])	/* an optional file the version lacks is not hashed */
			digest_file(&gs, kj_catalog_files[f], cat->raw[f], cat->raw_len[f]);
	if (xw)
		digest_file(&gs, KJ_CROSSWALK_FILE, xw->raw, xw->raw_len);
	crypto_generichash_final(&gs, h, sizeof h);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

static int put_reference(struct kj_store *st, const struct kj_catalog *c,
			 struct kj_err *err)
{
	char ord[16];
	for (int i = 0; i < c->nministries; i++) {
		const struct kj_ministry *m = &c->ministries[i];
		if (KJ_DB_RUN(st, "INSERT INTO ministry (code, name_ja, name_en)"
			" VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING",
			err, m->code, m->name_ja, m->name_en) < 0)
			return -1;
	}
	for (int i = 0; i < c->nsectors; i++) {
		const struct kj_sector *s = &c->sectors[i];
		snprintf(ord, sizeof ord, "%d", i + 1);
		if (KJ_DB_RUN(st, "INSERT INTO sector (code, ord, name_ja, name_en, note_ja, note_en)"
			" VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING",
			err, s->code, ord, s->name_ja, s->name_en, s->note_ja, s->note_en) < 0)
			return -1;
		for (int k = 0; k < s->nministries; k++)
			if (KJ_DB_RUN(st, "INSERT INTO sector_ministry (sector_code, ministry_code,"
				" whole) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", err, s->code,
				c->ministries[s->ministries[k]].code, s->partial[k] ? "0" : "1") < 0)
				return -1;
	}
	for (int i = 0; i < c->nclasses; i++) {
		const struct kj_safety_class *k = &c->classes[i];
		snprintf(ord, sizeof ord, "%d", k->n);
		if (KJ_DB_RUN(st, "INSERT INTO safety_class (n, name_ja, name_en, text_ja, text_en, binding)"
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
		if (c->raw[f] && KJ_DB_RUN(st, "INSERT INTO standard_file (version_id, name, content)"
			" VALUES ($1, $2, $3)", err, v, kj_catalog_files[f], c->raw[f]) < 0)
			return -1;
	for (int i = 0; i < c->nfunctions; i++) {
		const struct kj_function *f = &c->functions[i];
		snprintf(a, sizeof a, "%d", i + 1);
		if (KJ_DB_RUN(st, "INSERT INTO std_function (version_id, code, ord, section_code,"
			" name_ja, name_en) VALUES ($1, $2, $3, $4, $5, $6)",
			err, v, f->code, a, f->section, f->name_ja, f->name_en) < 0)
			return -1;
	}
	for (int i = 0; i < c->nsections; i++) {
		const struct kj_section *s = &c->sections[i];
		snprintf(a, sizeof a, "%d", i + 1);
		snprintf(b, sizeof b, "%d", s->depth);
		if (KJ_DB_RUN(st, "INSERT INTO section (version_id, code, parent_code, ord, depth,"
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
		if (KJ_DB_RUN(st, "INSERT INTO definition (version_id, code, footnote, term_ja,"
			" term_en, text_ja, text_en) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			err, v, d->id, a, d->term_ja, d->term_en, d->text_ja, d->text_en) < 0)
			goto done;
		defid[i] = kj_db_last_id(st);
	}
	for (int i = 0; i < c->nreqs; i++) {
		const struct kj_requirement *r = &c->reqs[i];
		char n[16], rid[24], did[24];
		snprintf(a, sizeof a, "%d", i + 1);
		snprintf(n, sizeof n, "%d", r->n);
		if (KJ_DB_RUN(st, "INSERT INTO requirement (version_id, code, section_code, n, ord,"
			" function_code, text_ja, text_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			err, v, r->id, r->section, n, a, c->functions[r->function].code,
			r->text_ja, r->text_en) < 0)
			goto done;
		snprintf(rid, sizeof rid, "%lld", (long long)kj_db_last_id(st));
		for (int k = 0; k < r->ncsf; k++)
			if (KJ_DB_RUN(st, "INSERT INTO requirement_csf (requirement_id, csf_id)"
				" VALUES ($1, $2)", err, rid, r->csf[k]) < 0)
				goto done;
		for (int k = 0; k < r->ndefs; k++) {
			snprintf(did, sizeof did, "%lld", (long long)defid[r->defs[k]]);
			if (KJ_DB_RUN(st, "INSERT INTO requirement_definition (requirement_id,"
				" definition_id) VALUES ($1, $2)", err, rid, did) < 0)
				goto done;
		}
	}
	for (int i = 0; i < c->nmeasures; i++) {
		const struct kj_measure_category *m = &c->measures[i];
		snprintf(a, sizeof a, "%d", m->n);
		if (KJ_DB_RUN(st, "INSERT INTO measure_category (version_id, n, title_ja, title_en,"
			" text_ja, text_en) VALUES ($1, $2, $3, $4, $5, $6)",
			err, v, a, m->title_ja, m->title_en, m->text_ja, m->text_en) < 0)
			goto done;
		for (int k = 0; k < m->nmeasures; k++) {
			snprintf(b, sizeof b, "%d", k + 1);
			if (KJ_DB_RUN(st, "INSERT INTO main_measure (version_id, category_n, n,"
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

/* "same" 0 … "merged" 3: how far a link changes a requirement. */
#define KIND_SEVERITY(col) \
	"CASE " col " WHEN 'same' THEN 0 WHEN 'reworded' THEN 1" \
	" WHEN 'split' THEN 2 ELSE 3 END"

/*
 * Writes the links of XW from version OLD_VID to NEW_VID: one row per old
 * and new id of each entry (removed and new entries have no row), with
 * changed = 0 only for "same". XW has been validated against both versions.
 */
static int put_links(struct kj_store *st, const struct kj_crosswalk *xw,
		     int64_t old_vid, int64_t new_vid, struct kj_err *err)
{
	char o[24], n[24];
	snprintf(o, sizeof o, "%lld", (long long)old_vid);
	snprintf(n, sizeof n, "%lld", (long long)new_vid);
	for (int i = 0; i < xw->n; i++) {
		const struct kj_xw_entry *e = &xw->entries[i];
		const char *kind = kj_xw_kind_name((int)e->kind);
		const char *changed = e->kind == KJ_XW_SAME ? "0" : "1";
		for (int a = 0; a < e->nfrom; a++)
			for (int b = 0; b < e->nto; b++)
				if (KJ_DB_RUN(st, "INSERT INTO requirement_succession"
					" (from_requirement_id, to_requirement_id, changed, kind)"
					" SELECT f.id, t.id, $1, $2 FROM requirement f, requirement t"
					" WHERE f.version_id = $3 AND f.code = $4"
					" AND t.version_id = $5 AND t.code = $6", err,
					changed, kind, o, e->from[a], n, e->to[b]) < 0)
					return -1;
	}
	return 0;
}

enum near { BEFORE, AFTER, FROM, EARLIEST };

/*
 * The version in force just before EFFECTIVE, just after it, from that day
 * on, or the earliest of all (EFFECTIVE unused): its id, label and date.
 * Returns 0 when there is none.
 */
static int64_t version_near(struct kj_store *st, const char *effective,
			    enum near which, char label[KJ_VERSION_MAX],
			    char eff[16], struct kj_err *err)
{
	static const char *const sql[] = {
		"SELECT id, version, effective_on FROM standard_version"
		" WHERE effective_on < $1 ORDER BY effective_on DESC, id DESC LIMIT 1",
		"SELECT id, version, effective_on FROM standard_version"
		" WHERE effective_on > $1 ORDER BY effective_on, id LIMIT 1",
		"SELECT id, version, effective_on FROM standard_version"
		" WHERE effective_on >= $1 ORDER BY effective_on, id LIMIT 1",
		"SELECT id, version, effective_on FROM standard_version"
		" ORDER BY effective_on, id LIMIT 1",
	};
	struct kj_stmt *s;
	if (kj_db_prep(st, sql[which], &s, err) < 0)
		return -1;
	if (which != EARLIEST)
		kj_db_bind_text(s, 1, effective);
	int64_t id = 0;
	label[0] = eff[0] = '\0';
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		id = kj_db_column_int64(s, 0);
		kj_db_col(s, 1, label, KJ_VERSION_MAX);
		kj_db_col(s, 2, eff, 16);
	} else if (rc != KJ_DB_DONE) {
		id = kj_db_fail(st, err, "cannot read versions");
	}
	kj_db_finalize(s);
	return id;
}

/* Inserts CAT's version row and contents; *VID gets its id. */
static int put_version(struct kj_store *st, const struct kj_catalog *cat,
		       const char *digest, int64_t *vid, struct kj_err *err)
{
	char now[32];
	kj_now_iso(now);
	if (KJ_DB_RUN(st, "INSERT INTO standard_version (version, title_ja, title_en,"
		" decided_by_ja, decided_by_en, effective_on, imported_at, digest)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", err, cat->version,
		cat->title_ja, cat->title_en, cat->decided_by_ja, cat->decided_by_en,
		cat->effective, now, digest) < 0)
		return -1;
	*vid = kj_db_last_id(st);
	/* A new version's rows: the coverage (kept by generation) is computed anew. */
	return put_reference(st, cat, err) < 0 || put_catalog_rows(st, cat, *vid, err) < 0 ||
	       kj_db_registry_changed(st, err) < 0 ? -1 : 0;
}

/*
 * Opens a transaction unless the caller has one. Returns 1 if it opened
 * one (committed or rolled back by the caller of this), 0 if not, -1 on
 * failure.
 */
static int tx_begin(struct kj_store *st, struct kj_err *err)
{
	if (kj_store_in_tx(st))
		return 0;
	return kj_store_begin(st, err) < 0 ? -1 : 1;
}

/* *VID: CAT's version if stored (0 if not); refused if its content differs. */
static int check_existing(struct kj_store *st, const struct kj_catalog *cat,
			  const char *digest, int64_t *vid, struct kj_err *err)
{
	char have[65] = "";
	if (kj_db_version_id(st, cat->version, vid, have, err) < 0)
		return -1;
	if (*vid > 0 && strcmp(have, digest)) {
		kj_err_set(err, "version %s is already in the database with other "
			   "content; a revision needs a new version label", cat->version);
		return -1;
	}
	return *vid < 0 ? -1 : 0;
}

int kj_store_catalog_put_xw(struct kj_store *st, const struct kj_catalog *cat,
			    const struct kj_crosswalk *xw, int *created,
			    struct kj_err *err)
{
	char digest[65], prev[KJ_VERSION_MAX], prev_eff[16], next[KJ_VERSION_MAX],
	     next_eff[16];
	struct kj_catalog old;
	memset(&old, 0, sizeof old);
	*created = 0;
	catalog_digest(cat, xw, digest);
	int own = tx_begin(st, err);
	if (own < 0)
		return -1;
	int64_t vid, pvid, nvid;
	if (check_existing(st, cat, digest, &vid, err) < 0)
		goto fail;
	if (vid > 0) {
		if (own)
			kj_store_rollback(st);
		return 0;
	}
	/* Revisions come oldest first: each is linked to the one before it. */
	if ((nvid = version_near(st, cat->effective, FROM, next, next_eff, err)) < 0)
		goto fail;
	if (nvid > 0) {
		kj_err_set(err, "version %s takes effect on %s, not after version %s "
			   "(%s) already in the database; revisions are imported "
			   "oldest first", cat->version, cat->effective, next, next_eff);
		goto fail;
	}
	if ((pvid = version_near(st, cat->effective, BEFORE, prev, prev_eff, err)) < 0)
		goto fail;
	if (pvid > 0 && !xw) {
		kj_err_set(err, "version %s succeeds version %s (in force from %s): its "
			   "folder needs a %s saying what became of each requirement "
			   "of %s", cat->version, prev, prev_eff, KJ_CROSSWALK_FILE, prev);
		goto fail;
	}
	if (pvid == 0 && xw) {
		kj_err_set(err, "%s: \"from\": names version %s, but the database holds "
			   "no version before %s; the first version has no crosswalk",
			   KJ_CROSSWALK_FILE, xw->from, cat->version);
		goto fail;
	}
	if (xw) {
		if (strcmp(xw->from, prev)) {
			kj_err_set(err, "%s: \"from\": names version %s, but version %s "
				   "succeeds %s (the latest version in force before %s)",
				   KJ_CROSSWALK_FILE, xw->from, cat->version, prev,
				   cat->effective);
			goto fail;
		}
		if (kj_store_catalog_get(st, prev, &old, err) < 0 ||
		    kj_crosswalk_validate(xw, &old, cat, err) < 0)
			goto fail;
	}
	if (put_version(st, cat, digest, &vid, err) < 0)
		goto fail;
	if (xw) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)vid);
		if (KJ_DB_RUN(st, "INSERT INTO standard_file (version_id, name, content)"
			" VALUES ($1, $2, $3)", err, v, KJ_CROSSWALK_FILE, xw->raw) < 0 ||
		    put_links(st, xw, pvid, vid, err) < 0)
			goto fail;
	}
	if (own && kj_store_commit(st, err) < 0)
		goto fail_committing;
	kj_catalog_free(&old);
	*created = 1;
	return 0;
fail:
	if (own)
		kj_store_rollback(st);
fail_committing:
	kj_catalog_free(&old);
	return -1;
}

int kj_store_catalog_put(struct kj_store *st, const struct kj_catalog *cat,
			 int *created, struct kj_err *err)
{
	return kj_store_catalog_put_xw(st, cat, NULL, created, err);
}

int kj_store_catalog_put_predecessor(struct kj_store *st,
				     const struct kj_catalog *old,
				     const struct kj_crosswalk *xw, int *created,
				     struct kj_err *err)
{
	char digest[65], first[KJ_VERSION_MAX], first_eff[16];
	struct kj_catalog cur;
	memset(&cur, 0, sizeof cur);
	*created = 0;
	catalog_digest(old, NULL, digest);
	int own = tx_begin(st, err);
	if (own < 0)
		return -1;
	int64_t vid, fvid;
	if (check_existing(st, old, digest, &vid, err) < 0)
		goto fail;
	if (vid > 0) {
		if (own)
			kj_store_rollback(st);
		return 0;
	}
	if ((fvid = version_near(st, NULL, EARLIEST, first, first_eff, err)) < 0)
		goto fail;
	if (fvid == 0) {
		kj_err_set(err, "no version in the database for %s to precede", old->version);
		goto fail;
	}
	if (strcmp(old->effective, first_eff) >= 0) {
		kj_err_set(err, "version %s takes effect on %s, not before version %s "
			   "(%s), the earliest in the database", old->version,
			   old->effective, first, first_eff);
		goto fail;
	}
	if (strcmp(xw->from, old->version)) {
		kj_err_set(err, "%s: \"from\": names version %s, not %s", KJ_CROSSWALK_FILE,
			   xw->from, old->version);
		goto fail;
	}
	if (kj_store_catalog_get(st, first, &cur, err) < 0 ||
	    kj_crosswalk_validate(xw, old, &cur, err) < 0 ||
	    put_version(st, old, digest, &vid, err) < 0 ||
	    put_links(st, xw, vid, fvid, err) < 0)
		goto fail;
	if (own && kj_store_commit(st, err) < 0)
		goto fail_committing;
	kj_catalog_free(&cur);
	*created = 1;
	return 0;
fail:
	if (own)
		kj_store_rollback(st);
fail_committing:
	kj_catalog_free(&cur);
	return -1;
}

int kj_store_version_adjacent(struct kj_store *st, const char *version,
			      char prev[KJ_VERSION_MAX], char next[KJ_VERSION_MAX],
			      struct kj_err *err)
{
	char eff[16], e2[16];
	struct kj_stmt *s;
	prev[0] = next[0] = '\0';
	if (kj_db_prep(st, "SELECT effective_on FROM standard_version WHERE version = $1",
		       &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, version);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		kj_db_col(s, 0, eff, sizeof eff);
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW) {
		if (rc == KJ_DB_DONE)
			kj_err_set(err, "no standard version \"%s\" in the database", version);
		else
			kj_db_fail(st, err, "cannot read versions");
		return -1;
	}
	if (version_near(st, eff, BEFORE, prev, e2, err) < 0 ||
	    version_near(st, eff, AFTER, next, e2, err) < 0)
		return -1;
	return 0;
}

int kj_store_crosswalk(struct kj_store *st, const char *version,
		       char from[KJ_VERSION_MAX], struct kj_xw_row *out, int max,
		       int *n, struct kj_err *err)
{
	char to[KJ_VERSION_MAX];
	*n = 0;
	if (kj_store_version_adjacent(st, version, from, to, err) < 0)
		return -1;
	if (!*from)
		return 0;
	/*
	 * Links, then old requirements without a successor (removed), then
	 * new ones without a predecessor (new), each in catalog order.
	 */
	struct kj_stmt *s;
	if (kj_db_prep(st,
		"SELECT k, f, t FROM ("
		" SELECT rs.kind AS k, o.code AS f, r.code AS t, 0 AS g, o.ord AS a, r.ord AS b"
		"  FROM requirement_succession rs"
		"  JOIN requirement o ON o.id = rs.from_requirement_id"
		"  JOIN requirement r ON r.id = rs.to_requirement_id"
		"  JOIN standard_version ov ON ov.id = o.version_id"
		"  JOIN standard_version nv ON nv.id = r.version_id"
		"  WHERE nv.version = $1 AND ov.version = $2"
		" UNION ALL"
		" SELECT 'removed', o.code, '', 0, o.ord, 0 FROM requirement o"
		"  JOIN standard_version ov ON ov.id = o.version_id"
		"  WHERE ov.version = $2 AND NOT EXISTS (SELECT 1 FROM requirement_succession rs"
		"   JOIN requirement r ON r.id = rs.to_requirement_id"
		"   JOIN standard_version nv ON nv.id = r.version_id"
		"   WHERE rs.from_requirement_id = o.id AND nv.version = $1)"
		" UNION ALL"
		" SELECT 'new', '', r.code, 1, 0, r.ord FROM requirement r"
		"  JOIN standard_version nv ON nv.id = r.version_id"
		"  WHERE nv.version = $1 AND NOT EXISTS (SELECT 1 FROM requirement_succession rs"
		"   JOIN requirement o ON o.id = rs.from_requirement_id"
		"   JOIN standard_version ov ON ov.id = o.version_id"
		"   WHERE rs.to_requirement_id = r.id AND ov.version = $2)"
		") AS x ORDER BY g, a, b", &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, version);
	kj_db_bind_text(s, 2, from);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (*n >= max) {
			kj_db_finalize(s);
			kj_err_set(err, "the crosswalk into %s has more than %d rows", version, max);
			return -1;
		}
		struct kj_xw_row *r = &out[(*n)++];
		kj_db_col(s, 0, r->kind, sizeof r->kind);
		kj_db_col(s, 1, r->from, sizeof r->from);
		kj_db_col(s, 2, r->to, sizeof r->to);
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the crosswalk");
	return 0;
}

int kj_store_req_kinds(struct kj_store *st, const struct kj_catalog *cat,
		       signed char *kinds, struct kj_err *err)
{
	char prev[KJ_VERSION_MAX], next[KJ_VERSION_MAX];
	memset(kinds, -1, (size_t)cat->nreqs);
	if (kj_store_version_adjacent(st, cat->version, prev, next, err) < 0)
		return -1;
	if (!*prev)
		return 0;
	struct kj_stmt *s;
	if (kj_db_prep(st, "SELECT r.code, MAX(" KIND_SEVERITY("rs.kind") "),"
		 " COUNT(rs.kind) FROM requirement r"
		 " JOIN standard_version v ON v.id = r.version_id"
		 " LEFT JOIN requirement_succession rs ON rs.to_requirement_id = r.id"
		 " WHERE v.version = $1 GROUP BY r.code", &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, cat->version);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		int i = kj_catalog_req_index(cat, (const char *)kj_db_column_text(s, 0));
		if (i < 0)
			continue;
		int sev = kj_db_column_int(s, 1);
		kinds[i] = (signed char)(kj_db_column_int(s, 2) == 0 ? KJ_XW_NEW
			: sev == 0 ? KJ_XW_SAME : sev == 1 ? KJ_XW_REWORDED
			: sev == 2 ? KJ_XW_SPLIT : KJ_XW_MERGED);
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read the links of the requirements");
	return 0;
}

/* The chain walked from one requirement: at most KJ_XW_REVISIONS_MAX steps,
 * keeping the most severe kind met on the way. DIR picks the link's end. */
#define FOLLOW_SQL(from, to) \
	"WITH RECURSIVE chain (cur, sev, steps) AS (" \
	" SELECT r.id, 0, 0 FROM requirement r" \
	"  JOIN standard_version v ON v.id = r.version_id" \
	"  WHERE v.version = $1 AND r.code = $2" \
	" UNION ALL" \
	" SELECT rs." to ", CASE WHEN " KIND_SEVERITY("rs.kind") \
	"  > c.sev THEN " KIND_SEVERITY("rs.kind") " ELSE c.sev END, c.steps + 1" \
	"  FROM chain c JOIN requirement_succession rs" \
	"  ON rs." from " = c.cur WHERE c.steps < $3)" \
	"SELECT v.version, r.code, MAX(c.sev), MIN(c.steps) FROM chain c" \
	" JOIN requirement r ON r.id = c.cur" \
	" JOIN standard_version v ON v.id = r.version_id" \
	" WHERE r.version_id = $4 GROUP BY v.version, r.code, r.ord ORDER BY r.ord"

int kj_store_req_follow(struct kj_store *st, const char *version, const char *code,
			int dir, const char *to_version, struct kj_req_link *out,
			int max, int *n, struct kj_err *err)
{
	char label[KJ_VERSION_MAX], eff[16];
	*n = 0;
	int64_t target = 0;
	if (to_version || dir > 0) {
		if (kj_db_version_need(st, to_version, &target, err) < 0)
			return -1;
	} else if ((target = version_near(st, NULL, EARLIEST, label, eff, err)) <= 0) {
		if (target == 0)
			kj_err_set(err, "the database holds no standard version");
		return -1;
	}
	struct kj_stmt *s;
	if (kj_db_prep(st, dir > 0
		? FOLLOW_SQL("from_requirement_id", "to_requirement_id")
		: FOLLOW_SQL("to_requirement_id", "from_requirement_id"), &s, err) < 0)
		return -1;
	kj_db_bind_text(s, 1, version);
	kj_db_bind_text(s, 2, code);
	kj_db_bind_int(s, 3, KJ_XW_REVISIONS_MAX);
	kj_db_bind_int64(s, 4, target);
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		struct kj_req_link *l = &out[(*n)++];
		kj_db_col(s, 0, l->version, sizeof l->version);
		kj_db_col(s, 1, l->code, sizeof l->code);
		int sev = kj_db_column_int(s, 2);
		kj_strlcpy(l->kind, kj_xw_kind_name(sev == 0 ? KJ_XW_SAME
			   : sev == 1 ? KJ_XW_REWORDED : sev == 2 ? KJ_XW_SPLIT
			   : KJ_XW_MERGED), sizeof l->kind);
		l->steps = kj_db_column_int(s, 3);
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot follow the requirement");
	return 0;
}

struct file_set {
	struct kj_stmt *s;
	struct kj_store *st;
};

static int read_stored(void *ctx, const char *name, char **data, size_t *len,
		       struct kj_err *err)
{
	struct file_set *fs = ctx;
	kj_db_reset(fs->s);
	kj_db_bind_text(fs->s, 2, name);
	int rc = kj_db_step(fs->s);
	if (rc != KJ_DB_ROW) {
		if (rc == KJ_DB_DONE) {
			kj_err_set(err, "stored version lacks %s", name);
			return 1;
		}
		kj_db_fail(fs->st, err, "cannot read stored catalog");
		return -1;
	}
	int n = kj_db_column_bytes(fs->s, 0);
	*data = malloc((size_t)n + 1);
	if (!*data) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	memcpy(*data, kj_db_column_text(fs->s, 0), (size_t)n);
	(*data)[n] = '\0';
	*len = (size_t)n;
	return 0;
}

int kj_store_catalog_get(struct kj_store *st, const char *version,
			 struct kj_catalog *cat, struct kj_err *err)
{
	memset(cat, 0, sizeof *cat);
	int64_t vid;
	if (kj_db_version_need(st, version, &vid, err) < 0)
		return -1;
	struct file_set fs = { NULL, st };
	if (kj_db_prep(st, "SELECT content FROM standard_file WHERE version_id = $1"
		 " AND name = $2", &fs.s, err) < 0)
		return -1;
	kj_db_bind_int64(fs.s, 1, vid);
	int rc = kj_catalog_load(cat, read_stored, &fs, err);
	kj_db_finalize(fs.s);
	if (rc < 0)
		kj_err_prefix(err, "stored standard version is damaged");
	return rc;
}

int kj_store_catalog_view(struct kj_store *st, const char *version,
			  struct kj_catalog *cat, struct kj_err *err)
{
	memset(cat, 0, sizeof *cat);
	int64_t vid;
	if (kj_db_version_need(st, version, &vid, err) < 0)
		return -1;
	struct kj_catalog *kept = NULL;
	for (int i = 0; i < KJ_DB_CATALOG_CACHE && !kept; i++)
		if (st->catalogs[i].cat && st->catalogs[i].vid == vid)
			kept = st->catalogs[i].cat;
	if (!kept) {
		if (!(kept = calloc(1, sizeof *kept))) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		if (kj_store_catalog_get(st, version, kept, err) < 0) {
			free(kept);
			return -1;
		}
		int at = st->catalogs_next;
		st->catalogs_next = (at + 1) % KJ_DB_CATALOG_CACHE;
		if (st->catalogs[at].cat) {
			kj_catalog_free(st->catalogs[at].cat);
			free(st->catalogs[at].cat);
		}
		st->catalogs[at].vid = vid;
		st->catalogs[at].cat = kept;
	}
	*cat = *kept;
	cat->view = 1;
	return 0;
}

int kj_store_catalog_versions(struct kj_store *st, struct kj_version_info *out,
			      int max, int *n, struct kj_err *err)
{
	struct kj_stmt *s;
	*n = 0;
	if (kj_db_prep(st, "SELECT v.version, v.effective_on, v.imported_at,"
		 " (SELECT COUNT(*) FROM requirement r WHERE r.version_id = v.id)"
		 " FROM standard_version v ORDER BY v.effective_on, v.id", &s, err) < 0)
		return -1;
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && *n < max) {
		struct kj_version_info *v = &out[(*n)++];
		kj_strlcpy(v->version, (const char *)kj_db_column_text(s, 0), sizeof v->version);
		kj_strlcpy(v->effective, (const char *)kj_db_column_text(s, 1), sizeof v->effective);
		kj_strlcpy(v->imported_at, (const char *)kj_db_column_text(s, 2), sizeof v->imported_at);
		v->nreqs = kj_db_column_int(s, 3);
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot list versions");
	return 0;
}

