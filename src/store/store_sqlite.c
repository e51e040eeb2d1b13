/*
 * The SQLite driver of the store. WAL journal, foreign keys on, a busy
 * timeout, and prepared statements with bound parameters only. Parameters
 * are written $1, $2, ... in order of first use, which both SQLite and
 * PostgreSQL accept.
 */
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "store/migrations.h"
#include "store/store.h"

#define BUSY_TIMEOUT_MS 5000
#define ID_SQLITE "INTEGER PRIMARY KEY"

enum cached {
	Q_ORG, Q_ORG_SECTOR, Q_TARGET, Q_RESPONSE, Q_ANSWER, Q_NCACHED
};

struct kj_store {
	sqlite3 *db;
	int readonly;
	int in_tx;
	sqlite3_stmt *cache[Q_NCACHED];
};

static int db_fail(struct kj_store *st, struct kj_err *err, const char *what)
{
	kj_err_set(err, "%s: %s", what, sqlite3_errmsg(st->db));
	return -1;
}

static int prep(struct kj_store *st, const char *sql, sqlite3_stmt **out,
		struct kj_err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return db_fail(st, err, "database error");
	return 0;
}

/* A cached statement, reset and ready for binding. */
static sqlite3_stmt *cached(struct kj_store *st, enum cached q, const char *sql,
			    struct kj_err *err)
{
	if (!st->cache[q] && prep(st, sql, &st->cache[q], err) < 0)
		return NULL;
	sqlite3_reset(st->cache[q]);
	sqlite3_clear_bindings(st->cache[q]);
	return st->cache[q];
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* Runs a statement that returns no rows. */
static int step_done(struct kj_store *st, sqlite3_stmt *s, struct kj_err *err,
		     const char *what)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_fail(st, err, what);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

/* Executes one DDL statement, expanding {{ID}}. */
static int exec_script(struct kj_store *st, const char *sql, struct kj_err *err)
{
	struct kj_buf b;
	kj_buf_init(&b, KJ_BUF_DEFAULT_MAX);
	const char *p = sql, *q;
	while ((q = strstr(p, "{{ID}}"))) {
		if (kj_buf_add(&b, p, (size_t)(q - p)) || kj_buf_adds(&b, ID_SQLITE))
			goto oom;
		p = q + 6;
	}
	if (kj_buf_adds(&b, p))
		goto oom;
	char *msg = NULL;
	if (sqlite3_exec(st->db, kj_buf_str(&b), NULL, NULL, &msg) != SQLITE_OK) {
		kj_err_set(err, "database error: %s", msg ? msg : "unknown");
		sqlite3_free(msg);
		kj_buf_free(&b);
		return -1;
	}
	kj_buf_free(&b);
	return 0;
oom:
	kj_buf_free(&b);
	kj_err_set(err, "out of memory");
	return -1;
}

static int exec1(struct kj_store *st, const char *sql, struct kj_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		kj_err_set(err, "database error: %s", msg ? msg : "unknown");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int kj_store_schema_target(void)
{
	return kj_migrations[kj_nmigrations - 1].version;
}

int kj_store_begin(struct kj_store *st, struct kj_err *err)
{
	if (exec1(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	st->in_tx = 1;
	return 0;
}

int kj_store_commit(struct kj_store *st, struct kj_err *err)
{
	if (exec1(st, "COMMIT", err) < 0) {
		kj_store_rollback(st);
		return -1;
	}
	st->in_tx = 0;
	return 0;
}

void kj_store_rollback(struct kj_store *st)
{
	if (st->in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}

int kj_store_bulk_mode(struct kj_store *st, int on, struct kj_err *err)
{
	return exec1(st, on ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=NORMAL",
		     err);
}

int kj_store_schema_version(struct kj_store *st, int *version, struct kj_err *err)
{
	sqlite3_stmt *s;
	*version = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT name FROM sqlite_master WHERE type = 'table'"
			       " AND name = 'schema_migration'", -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, err, "cannot read the database");
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_fail(st, err, "cannot read the database");
	if (prep(st, "SELECT MAX(version) FROM schema_migration", &s, err) < 0)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return 0;
}

static int migrate(struct kj_store *st, struct kj_err *err)
{
	int have;
	if (kj_store_schema_version(st, &have, err) < 0)
		return -1;
	if (have > kj_store_schema_target()) {
		kj_err_set(err, "the database has schema version %d, newer than this "
			   "kijun (%d): use a newer kijun", have, kj_store_schema_target());
		return -1;
	}
	int at = 0;
	for (int i = 0; i < kj_nmigrations; i++) {
		const struct kj_migration *m = &kj_migrations[i];
		at = m->version;
		if (m->version <= have)
			continue;
		if (kj_store_begin(st, err) < 0)
			return -1;
		if (have == 0 && exec1(st, "CREATE TABLE IF NOT EXISTS schema_migration ("
				       "version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
				       " applied_at TEXT NOT NULL)", err) < 0)
			goto fail;
		for (const char *const *q = m->sql; *q; q++)
			if (exec_script(st, *q, err) < 0)
				goto fail;
		sqlite3_stmt *s;
		if (prep(st, "INSERT INTO schema_migration (version, name, applied_at)"
			 " VALUES ($1, $2, $3)", &s, err) < 0)
			goto fail;
		char now[32];
		kj_now_iso(now);
		sqlite3_bind_int(s, 1, m->version);
		bind_text(s, 2, m->name);
		bind_text(s, 3, now);
		int rc = step_done(st, s, err, "cannot record migration");
		sqlite3_finalize(s);
		if (rc < 0 || kj_store_commit(st, err) < 0)
			goto fail;
		have = m->version;
	}
	return 0;
fail:
	kj_err_prefix(err, "migration to schema version %d failed", at);
	kj_store_rollback(st);
	return -1;
}

int kj_store_open(struct kj_store **out, const char *path, int flags,
		  struct kj_err *err)
{
	*out = NULL;
	struct stat sb;
	if (!path || !*path) {
		kj_err_set(err, "no database path given");
		return -1;
	}
	if (stat(path, &sb) < 0) {
		if (!(flags & KJ_STORE_CREATE)) {
			kj_err_set(err, "database %s does not exist (create it with "
				   "'kijun init --db %s')", path, path);
			return -1;
		}
	} else if (!S_ISREG(sb.st_mode)) {
		kj_err_set(err, "database %s is not a regular file", path);
		return -1;
	}
	struct kj_store *st = calloc(1, sizeof *st);
	if (!st) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int oflags = (flags & KJ_STORE_READONLY) ? SQLITE_OPEN_READONLY
		   : SQLITE_OPEN_READWRITE | ((flags & KJ_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
	st->readonly = (flags & KJ_STORE_READONLY) != 0;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		kj_err_set(err, "cannot open database %s: %s", path,
			   st->db ? sqlite3_errmsg(st->db) : "out of memory");
		kj_store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	int version;
	if (kj_store_schema_version(st, &version, err) < 0) {
		kj_err_prefix(err, "%s is not a kijun database", path);
		kj_store_close(st);
		return -1;
	}
	if (exec1(st, "PRAGMA foreign_keys=ON", err) < 0 ||
	    (!st->readonly && exec1(st, "PRAGMA journal_mode=WAL", err) < 0) ||
	    (!st->readonly && migrate(st, err) < 0)) {
		kj_err_prefix(err, "database %s", path);
		kj_store_close(st);
		return -1;
	}
	if (st->readonly && version != kj_store_schema_target()) {
		kj_err_set(err, "database %s has schema version %d, this kijun needs %d "
			   "(open it read-write once to migrate)", path, version,
			   kj_store_schema_target());
		kj_store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void kj_store_close(struct kj_store *st)
{
	if (!st)
		return;
	kj_store_rollback(st);
	for (int i = 0; i < Q_NCACHED; i++)
		sqlite3_finalize(st->cache[i]);
	sqlite3_close(st->db);
	free(st);
}

/* --- Catalog ------------------------------------------------------------ */

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

/* Runs SQL with text parameters (NULL binds NULL); returns the step result. */
static int run(struct kj_store *st, const char *sql, struct kj_err *err,
	       int n, const char *const *args)
{
	sqlite3_stmt *s;
	if (prep(st, sql, &s, err) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		bind_text(s, i + 1, args[i]);
	int rc = step_done(st, s, err, "cannot store the catalog");
	sqlite3_finalize(s);
	return rc;
}
#define RUN(st, sql, err, ...) \
	run(st, sql, err, (int)(sizeof (const char *[]){__VA_ARGS__} / sizeof(const char *)), \
	    (const char *[]){__VA_ARGS__})

static int64_t last_id(struct kj_store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

/* The version row id of VERSION, 0 if absent, -1 on error. */
static int64_t version_id(struct kj_store *st, const char *version, char digest[65],
			  struct kj_err *err)
{
	sqlite3_stmt *s;
	if (prep(st, version
		 ? "SELECT id, digest FROM standard_version WHERE version = $1"
		 : "SELECT id, digest FROM standard_version"
		   " ORDER BY effective_on DESC, id DESC LIMIT 1", &s, err) < 0)
		return -1;
	if (version)
		bind_text(s, 1, version);
	int64_t id = 0;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		if (digest)
			kj_strlcpy(digest, (const char *)sqlite3_column_text(s, 1), 65);
	} else if (rc != SQLITE_DONE) {
		db_fail(st, err, "cannot read versions");
		id = -1;
	}
	sqlite3_finalize(s);
	return id;
}

static int put_reference(struct kj_store *st, const struct kj_catalog *c,
			 struct kj_err *err)
{
	char ord[16];
	for (int i = 0; i < c->nministries; i++) {
		const struct kj_ministry *m = &c->ministries[i];
		if (RUN(st, "INSERT INTO ministry (code, name_ja, name_en)"
			" VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING",
			err, m->code, m->name_ja, m->name_en) < 0)
			return -1;
	}
	for (int i = 0; i < c->nsectors; i++) {
		const struct kj_sector *s = &c->sectors[i];
		snprintf(ord, sizeof ord, "%d", i + 1);
		if (RUN(st, "INSERT INTO sector (code, ord, name_ja, name_en, note_ja, note_en)"
			" VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING",
			err, s->code, ord, s->name_ja, s->name_en, s->note_ja, s->note_en) < 0)
			return -1;
		for (int k = 0; k < s->nministries; k++)
			if (RUN(st, "INSERT INTO sector_ministry (sector_code, ministry_code)"
				" VALUES ($1, $2) ON CONFLICT DO NOTHING", err, s->code,
				c->ministries[s->ministries[k]].code) < 0)
				return -1;
	}
	for (int i = 0; i < c->nclasses; i++) {
		const struct kj_safety_class *k = &c->classes[i];
		snprintf(ord, sizeof ord, "%d", k->n);
		if (RUN(st, "INSERT INTO safety_class (n, name_ja, name_en, text_ja, text_en, binding)"
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
		if (RUN(st, "INSERT INTO standard_file (version_id, name, content)"
			" VALUES ($1, $2, $3)", err, v, kj_catalog_files[f], c->raw[f]) < 0)
			return -1;
	for (int i = 0; i < c->nfunctions; i++) {
		const struct kj_function *f = &c->functions[i];
		snprintf(a, sizeof a, "%d", i + 1);
		if (RUN(st, "INSERT INTO std_function (version_id, code, ord, section_code,"
			" name_ja, name_en) VALUES ($1, $2, $3, $4, $5, $6)",
			err, v, f->code, a, f->section, f->name_ja, f->name_en) < 0)
			return -1;
	}
	for (int i = 0; i < c->nsections; i++) {
		const struct kj_section *s = &c->sections[i];
		snprintf(a, sizeof a, "%d", i + 1);
		snprintf(b, sizeof b, "%d", s->depth);
		if (RUN(st, "INSERT INTO section (version_id, code, parent_code, ord, depth,"
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
		if (RUN(st, "INSERT INTO definition (version_id, code, footnote, term_ja,"
			" term_en, text_ja, text_en) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			err, v, d->id, a, d->term_ja, d->term_en, d->text_ja, d->text_en) < 0)
			goto done;
		defid[i] = last_id(st);
	}
	for (int i = 0; i < c->nreqs; i++) {
		const struct kj_requirement *r = &c->reqs[i];
		char n[16], rid[24], did[24];
		snprintf(a, sizeof a, "%d", i + 1);
		snprintf(n, sizeof n, "%d", r->n);
		if (RUN(st, "INSERT INTO requirement (version_id, code, section_code, n, ord,"
			" function_code, text_ja, text_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			err, v, r->id, r->section, n, a, c->functions[r->function].code,
			r->text_ja, r->text_en) < 0)
			goto done;
		snprintf(rid, sizeof rid, "%lld", (long long)last_id(st));
		for (int k = 0; k < r->ncsf; k++)
			if (RUN(st, "INSERT INTO requirement_csf (requirement_id, csf_id)"
				" VALUES ($1, $2)", err, rid, r->csf[k]) < 0)
				goto done;
		for (int k = 0; k < r->ndefs; k++) {
			snprintf(did, sizeof did, "%lld", (long long)defid[r->defs[k]]);
			if (RUN(st, "INSERT INTO requirement_definition (requirement_id,"
				" definition_id) VALUES ($1, $2)", err, rid, did) < 0)
				goto done;
		}
	}
	for (int i = 0; i < c->nmeasures; i++) {
		const struct kj_measure_category *m = &c->measures[i];
		snprintf(a, sizeof a, "%d", m->n);
		if (RUN(st, "INSERT INTO measure_category (version_id, n, title_ja, title_en,"
			" text_ja, text_en) VALUES ($1, $2, $3, $4, $5, $6)",
			err, v, a, m->title_ja, m->title_en, m->text_ja, m->text_en) < 0)
			goto done;
		for (int k = 0; k < m->nmeasures; k++) {
			snprintf(b, sizeof b, "%d", k + 1);
			if (RUN(st, "INSERT INTO main_measure (version_id, category_n, n,"
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
	return RUN(st,
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
	int64_t vid = version_id(st, cat->version, have, err);
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
	if (RUN(st, "INSERT INTO standard_version (version, title_ja, title_en,"
		" decided_by_ja, decided_by_en, effective_on, imported_at, digest)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", err, cat->version,
		cat->title_ja, cat->title_en, cat->decided_by_ja, cat->decided_by_en,
		cat->effective, now, digest) < 0)
		goto fail;
	vid = last_id(st);
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
			db_fail(fs->st, err, "cannot read stored catalog");
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
	int64_t vid = version_id(st, version, NULL, err);
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
	if (prep(st, "SELECT content FROM standard_file WHERE version_id = $1"
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
	if (prep(st, "SELECT v.version, v.effective_on, v.imported_at,"
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
		return db_fail(st, err, "cannot list versions");
	return 0;
}

/* --- Registry and surveys ----------------------------------------------- */

int kj_store_prefecture_put(struct kj_store *st, const char *code,
			    const char *name_ja, const char *name_en,
			    struct kj_err *err)
{
	return RUN(st, "INSERT INTO prefecture (code, name_ja, name_en)"
		   " VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING",
		   err, code, name_ja, name_en);
}

int kj_store_org_add(struct kj_store *st, const struct kj_org *o,
		     const char *const *sectors, int nsectors, int64_t *id,
		     struct kj_err *err)
{
	sqlite3_stmt *s = cached(st, Q_ORG,
		"INSERT INTO organisation (corporate_number, name_ja, name_kana,"
		" size_class, core_infra, local_gov, municipality_code,"
		" prefecture_code, ceptoar_member, active, created_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)", err);
	if (!s)
		return -1;
	char now[32];
	kj_now_iso(now);
	bind_text(s, 1, o->corporate_number);
	bind_text(s, 2, o->name_ja);
	bind_text(s, 3, o->name_kana);
	bind_text(s, 4, o->size_class);
	sqlite3_bind_int(s, 5, o->core_infra);
	sqlite3_bind_int(s, 6, o->local_gov);
	bind_text(s, 7, o->municipality_code);
	bind_text(s, 8, o->prefecture);
	sqlite3_bind_int(s, 9, o->ceptoar_member);
	bind_text(s, 10, now);
	if (step_done(st, s, err, "cannot add organisation") < 0)
		return -1;
	*id = last_id(st);
	for (int i = 0; i < nsectors; i++) {
		if (!(s = cached(st, Q_ORG_SECTOR, "INSERT INTO organisation_sector"
				 " (organisation_id, sector_code) VALUES ($1, $2)", err)))
			return -1;
		sqlite3_bind_int64(s, 1, *id);
		bind_text(s, 2, sectors[i]);
		if (step_done(st, s, err, "cannot add organisation sector") < 0)
			return -1;
	}
	return 0;
}

int kj_store_target_add(struct kj_store *st, int fiscal_year,
			const char *sector, int64_t org, struct kj_err *err)
{
	sqlite3_stmt *s = cached(st, Q_TARGET, "INSERT INTO target (fiscal_year,"
		" sector_code, organisation_id) VALUES ($1, $2, $3)"
		" ON CONFLICT DO NOTHING", err);
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, fiscal_year);
	bind_text(s, 2, sector);
	sqlite3_bind_int64(s, 3, org);
	return step_done(st, s, err, "cannot add target");
}

int kj_store_survey_add(struct kj_store *st, int fiscal_year,
			const char *version, const char *title_ja,
			const char *title_en, const char *status, int64_t *id,
			struct kj_err *err)
{
	int64_t vid = version_id(st, version, NULL, err);
	if (vid <= 0) {
		if (vid == 0)
			kj_err_set(err, "no standard version \"%s\"", version ? version : "");
		return -1;
	}
	char fy[16], v[24], now[32];
	snprintf(fy, sizeof fy, "%d", fiscal_year);
	snprintf(v, sizeof v, "%lld", (long long)vid);
	kj_now_iso(now);
	if (RUN(st, "INSERT INTO survey (fiscal_year, version_id, kind, title_ja,"
		" title_en, status, created_at) VALUES ($1, $2, 'questionnaire', $3,"
		" $4, $5, $6)", err, fy, v, title_ja, title_en, status, now) < 0)
		return -1;
	*id = last_id(st);
	return 0;
}

int kj_store_response_add(struct kj_store *st, int64_t survey, int64_t org,
			  const char *status, const char *submitted_at,
			  int64_t *id, struct kj_err *err)
{
	sqlite3_stmt *s = cached(st, Q_RESPONSE, "INSERT INTO response (survey_id,"
		" organisation_id, status, submitted_at) VALUES ($1, $2, $3, $4)", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, survey);
	sqlite3_bind_int64(s, 2, org);
	bind_text(s, 3, status);
	bind_text(s, 4, submitted_at);
	if (step_done(st, s, err, "cannot add response") < 0)
		return -1;
	*id = last_id(st);
	return 0;
}

int kj_store_requirement_ids(struct kj_store *st, const char *version,
			     int64_t *ids, int max, int *n, struct kj_err *err)
{
	*n = 0;
	int64_t vid = version_id(st, version, NULL, err);
	if (vid <= 0) {
		if (vid == 0)
			kj_err_set(err, "no standard version \"%s\"", version ? version : "");
		return -1;
	}
	sqlite3_stmt *s;
	if (prep(st, "SELECT id FROM requirement WHERE version_id = $1 ORDER BY ord",
		 &s, err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, vid);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n >= max) {
			sqlite3_finalize(s);
			kj_err_set(err, "too many requirements");
			return -1;
		}
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, err, "cannot list requirements");
}

int kj_store_answer_add(struct kj_store *st, int64_t response,
			int64_t requirement, int level, const char *na_reason,
			struct kj_err *err)
{
	sqlite3_stmt *s = cached(st, Q_ANSWER, "INSERT INTO answer (response_id,"
		" requirement_id, level, na_reason) VALUES ($1, $2, $3, $4)", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, response);
	sqlite3_bind_int64(s, 2, requirement);
	if (level < 0)
		sqlite3_bind_null(s, 3);
	else
		sqlite3_bind_int(s, 3, level);
	bind_text(s, 4, level < 0 ? na_reason : NULL);
	return step_done(st, s, err, "cannot add answer");
}

static long count(struct kj_store *st, const char *sql)
{
	sqlite3_stmt *s;
	long n = -1;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

int kj_store_counts(struct kj_store *st, struct kj_store_counts *c,
		    struct kj_err *err)
{
	c->versions = count(st, "SELECT COUNT(*) FROM standard_version");
	c->requirements = count(st, "SELECT COUNT(*) FROM requirement");
	c->sectors = count(st, "SELECT COUNT(*) FROM sector");
	c->organisations = count(st, "SELECT COUNT(*) FROM organisation");
	c->targets = count(st, "SELECT COUNT(*) FROM target");
	c->surveys = count(st, "SELECT COUNT(*) FROM survey");
	c->responses = count(st, "SELECT COUNT(*) FROM response");
	c->answers = count(st, "SELECT COUNT(*) FROM answer");
	c->users = count(st, "SELECT COUNT(*) FROM app_user");
	if (c->versions < 0 || c->answers < 0 || c->users < 0)
		return db_fail(st, err, "cannot count rows");
	return 0;
}
