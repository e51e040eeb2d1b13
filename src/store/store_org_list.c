/* The SQLite driver: the registry's listing (pages, counts, cursors). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"
#include "store/db.h"
#include "store/store_org_list.h"
#include "store/store_org_priv.h"

#define SCOPE_SECTORS 16
#define ORG_BATCH 100	/* organisations read per pair of queries */

/*
 * The registry's listing. Each query is built for the filters a scope
 * actually gives (sectors, one organisation, a ministry's part), so that
 * SQLite can use the index each filter needs, and kept prepared per
 * connection in st->sel: slot SEL_PAGE + mask (or SEL_PAGE_SET + mask),
 * SEL_COUNT + mask (mask: the filters given), SEL_DETAIL (SEL_DETAIL_ONE
 * for one organisation), SEL_LAST_ID, SEL_COUNT_ONE, SEL_PAGE_ONE.
 * Parameters are numbered in order of first use, whatever the filters.
 *
 * A page of a sector is read one of two ways, whichever touches fewer rows:
 * walking the corporate-number index and probing each organisation's
 * sectors until the page is full (about (offset + page) * all / in-scope
 * rows: right for a large sector), or taking the sector's organisations
 * from its index and sorting them (about in-scope rows: right for a small
 * one). A cursor always walks (one pass over the index for a whole export).
 */
enum { F_SECTORS = 1, F_ORG = 2, F_MINISTRY = 4, F_NMASKS = 8 };
enum { SCAN = 2 };	/* page_stmt's AS_SET: 0 walk, 1 sector set, SCAN a pass (filtered) */
enum {
	SEL_PAGE = 0, SEL_PAGE_SET = F_NMASKS, SEL_COUNT = 2 * F_NMASKS,
	SEL_DETAIL = 3 * F_NMASKS, SEL_LAST_ID, SEL_COUNT_ONE, SEL_PAGE_ONE, SEL_DETAIL_ONE
};
_Static_assert(SEL_DETAIL_ONE < KJ_DB_SEL_SLOTS, "registry listing needs more slots");

/*
 * The search key: the catalog's folding (NFKC, case) and then hiragana as
 * katakana and no spaces, so that 「とうきょう でんりょく」, 「ﾄｳｷｮｳ」 and
 * 「トウキョウ」 are one word, and 「１２３」 is 123. In place.
 */
static void kana_and_spaces(char *s)
{
	char *w = s;
	for (const unsigned char *r = (const unsigned char *)s; *r;) {
		if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
			r++;
			continue;
		}
		if (r[0] == 0xE3 && (r[1] == 0x81 || r[1] == 0x82) && r[2]) {
			unsigned cp = ((r[0] & 0x0Fu) << 12) | ((r[1] & 0x3Fu) << 6) | (r[2] & 0x3Fu);
			if ((cp >= 0x3041 && cp <= 0x3096) || cp == 0x309D || cp == 0x309E) {
				cp += 0x60;
				*w++ = (char)(0xE0 | (cp >> 12));
				*w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
				*w++ = (char)(0x80 | (cp & 0x3F));
				r += 3;
				continue;
			}
		}
		*w++ = (char)*r++;
	}
	*w = '\0';
}

/* One part of the key, folded, appended to B (a failed fold appends it as is). */
static void key_part(struct kj_buf *b, const char *part)
{
	char *f = part ? kj_text_fold(part) : NULL;
	if (f) {
		kana_and_spaces(f);
		kj_buf_adds(b, f);
	} else if (part) {
		kj_buf_adds(b, part);
	}
	free(f);
}

char *kj_db_search_key(const char *number, const char *name, const char *kana)
{
	const char *part[] = { number, name, kana };
	struct kj_buf b;
	kj_buf_init(&b, 4 * KJ_ORG_NAME_MAX + 64);
	for (int i = 0; i < 3; i++) {
		if (i)
			kj_buf_adds(&b, "\x1f");	/* no word of a query spans two parts */
		key_part(&b, part[i]);
	}
	char *key = kj_buf_failed(&b) ? NULL : strdup(kj_buf_str(&b));
	kj_buf_free(&b);
	return key;
}

int kj_db_search_fill(struct kj_store *st, struct kj_err *err)
{
	struct kj_stmt *s;
	if (kj_db_prep(st, "SELECT id, corporate_number, name_ja, name_kana FROM organisation"
		       " WHERE search_text IS NULL ORDER BY id", &s, err) < 0)
		return -1;
	int rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		char id[24];
		kj_db_col(s, 0, id, sizeof id);
		char *key = kj_db_search_key(kj_db_column_text(s, 1), kj_db_column_text(s, 2),
					     kj_db_column_text(s, 3));
		if (!key) {
			kj_db_finalize(s);
			kj_err_set(err, "out of memory");
			return -1;
		}
		int w = KJ_DB_RUN(st, "UPDATE organisation SET search_text = $1 WHERE id = $2",
				  err, key, id);
		free(key);
		if (w < 0) {
			kj_db_finalize(s);
			return -1;
		}
	}
	kj_db_finalize(s);
	return rc == KJ_DB_DONE ? 0 : kj_db_fail(st, err, "cannot fill the search text");
}

void kj_org_filter_init(struct kj_org_filter *f)
{
	memset(f, 0, sizeof *f);
	f->core_infra = f->local_gov = f->active = -1;
}

static int filter_any(const struct kj_org_filter *f)
{
	return f && (f->q[0] || f->prefecture[0] || f->size_class[0] || f->core_infra >= 0 ||
		     f->local_gov >= 0 || f->active >= 0);
}

/* The words of a search, folded as search_text is: each must occur in it
 * (instr/strpos: no pattern characters to escape, and faster than LIKE). */
struct words {
	char pat[KJ_ORG_SEARCH_WORDS][KJ_ORG_SEARCH_MAX + 1];
	int n;
};

static int search_words(const struct kj_org_filter *f, struct words *w, struct kj_err *err)
{
	w->n = 0;
	if (!f || !f->q[0])
		return 0;
	char *folded = kj_text_fold(f->q);
	if (!folded) {
		kj_err_set(err, "search text is not UTF-8");
		return -1;
	}
	for (char *p = folded; *p && w->n < KJ_ORG_SEARCH_WORDS;) {
		size_t n = strcspn(p, " \t");
		if (n) {
			char save = p[n];
			p[n] = '\0';
			kana_and_spaces(p);
			/* Folding can lengthen a word: one too long matches nothing anyway. */
			if (kj_strlcpy(w->pat[w->n], p, sizeof w->pat[0]) < 0)
				snprintf(w->pat[w->n], sizeof w->pat[0], "\x1f\x1f\x1f");
			p[n] = save;
			w->n += w->pat[w->n][0] != '\0';
		}
		p += n;
		p += strspn(p, " \t");
	}
	free(folded);
	return 0;
}

/* SQL text under construction; a text past its size is an internal error. */
struct sql {
	char s[4096];
	size_t len;
	int nparam, overflow;
	const char *contains;	/* the engine's instr */
};

static void sql_add(struct sql *q, const char *text)
{
	size_t n = strlen(text);
	if (q->overflow || q->len + n >= sizeof q->s) {
		q->overflow = 1;
		return;
	}
	memcpy(q->s + q->len, text, n + 1);
	q->len += n;
}

/* The next parameter, "$N". */
static int sql_param(struct sql *q)
{
	char p[16];
	snprintf(p, sizeof p, "$%d", ++q->nparam);
	sql_add(q, p);
	return q->nparam;
}

/* The parameter numbers a filter uses, in the order they are bound. */
struct scope_params {
	int sectors, org, ministry;	/* first parameter of each, 0: not in the query */
	int words, prefecture, size, core, local, active;
};

static int scope_mask(const struct kj_org_scope *sc)
{
	return (sc->sectors ? F_SECTORS : 0) | (sc->org ? F_ORG : 0) |
	       (sc->ministry ? F_MINISTRY : 0);
}

/* " IN ($a, …)": SCOPE_SECTORS parameters, the first numbered FIRST (0: new ones). */
static int sql_sector_list(struct sql *q, int first)
{
	char p[16];
	sql_add(q, " IN (");
	int at = first ? first : q->nparam + 1;
	for (int i = 0; i < SCOPE_SECTORS; i++) {
		if (i)
			sql_add(q, ", ");
		if (first) {
			snprintf(p, sizeof p, "$%d", first + i);
			sql_add(q, p);
		} else {
			sql_param(q);
		}
	}
	sql_add(q, ")");
	return at;
}

/*
 * The conditions on organisation o for MASK. The sectors with AS_SET 1: as
 * membership of a set (SQLite then starts from the sector index); 0: as a
 * probe per row (a walk in corporate-number order then stops after its rows).
 */
static void sql_filter(struct sql *q, const struct kj_org_filter *f, const struct words *w,
		       struct scope_params *p)
{
	for (int i = 0; i < w->n; i++) {
		sql_add(q, " AND ");
		sql_add(q, q->contains);
		sql_add(q, "(o.search_text, ");
		int at = sql_param(q);
		if (!i)
			p->words = at;
		sql_add(q, ") > 0");
	}
	static const struct { const char *col; size_t off; } flags[] = {
		{ " AND o.core_infra = ", offsetof(struct scope_params, core) },
		{ " AND o.local_gov = ", offsetof(struct scope_params, local) },
		{ " AND o.active = ", offsetof(struct scope_params, active) },
	};
	const int vals[] = { f->core_infra, f->local_gov, f->active };
	if (f->prefecture[0]) {
		sql_add(q, " AND o.prefecture_code = ");
		p->prefecture = sql_param(q);
	}
	if (f->size_class[0]) {
		sql_add(q, " AND o.size_class = ");
		p->size = sql_param(q);
	}
	for (int i = 0; i < 3; i++)
		if (vals[i] >= 0) {
			sql_add(q, flags[i].col);
			*(int *)((char *)p + flags[i].off) = sql_param(q);
		}
}

/* The conditions on organisation o for MASK, and the filter F (NULL: none, W its words). */
static void sql_scope(struct sql *q, int mask, int as_set, struct scope_params *p,
		      const struct kj_org_filter *f, const struct words *w)
{
	memset(p, 0, sizeof *p);
	sql_add(q, " WHERE 1 = 1");
	if (mask & F_ORG) {
		sql_add(q, " AND o.id = ");
		p->org = sql_param(q);
	}
	if (mask & F_SECTORS) {
		sql_add(q, as_set ? " AND o.id IN (SELECT os.organisation_id FROM organisation_sector os"
				   " WHERE os.sector_code"
				 : " AND EXISTS (SELECT 1 FROM organisation_sector os"
				   " WHERE os.organisation_id = o.id AND os.sector_code");
		p->sectors = sql_sector_list(q, 0);
		sql_add(q, ")");
	}
	if (mask & F_MINISTRY) {
		/* The sectors it holds whole, and in those it holds in part the
		 * organisations assigned to it. */
		char m[16];
		sql_add(q, " AND EXISTS (SELECT 1 FROM organisation_sector ms JOIN sector_ministry sm"
			" ON sm.sector_code = ms.sector_code AND sm.ministry_code = ");
		p->ministry = sql_param(q);
		snprintf(m, sizeof m, "$%d", p->ministry);
		sql_add(q, " WHERE ms.organisation_id = o.id");
		if (mask & F_SECTORS) {
			sql_add(q, " AND ms.sector_code");
			sql_sector_list(q, p->sectors);
		}
		sql_add(q, " AND (sm.whole = 1 OR EXISTS (SELECT 1 FROM organisation_ministry om"
			" WHERE om.organisation_id = o.id AND om.ministry_code = ");
		sql_add(q, m);
		sql_add(q, ")))");
	}
	if (f)
		sql_filter(q, f, w, p);
}

static void bind_scope(struct kj_stmt *s, const struct kj_org_scope *sc,
		       const struct kj_org_filter *f, const struct scope_params *p,
		       const struct words *w)
{
	for (int i = 0; p->words && i < w->n; i++)
		kj_db_bind_text(s, p->words + i, w->pat[i]);
	if (p->prefecture)
		kj_db_bind_text(s, p->prefecture, f->prefecture);
	if (p->size)
		kj_db_bind_text(s, p->size, f->size_class);
	if (p->core)
		kj_db_bind_int(s, p->core, f->core_infra);
	if (p->local)
		kj_db_bind_int(s, p->local, f->local_gov);
	if (p->active)
		kj_db_bind_int(s, p->active, f->active);
	if (p->org)
		kj_db_bind_int64(s, p->org, sc->org);
	for (int i = 0; p->sectors && i < SCOPE_SECTORS; i++)
		kj_db_bind_text(s, p->sectors + i, i < sc->nsectors ? sc->sectors[i] : NULL);
	if (p->ministry)
		kj_db_bind_text(s, p->ministry, sc->ministry);
}

/*
 * Slot SLOT's statement, built from Q on first use; reset, unbound. SLOT < 0:
 * a statement of its own (a filtered listing: the filters' combinations are
 * too many to keep one each), finalized by done_stmt.
 */
static struct kj_stmt *sel_stmt(struct kj_store *st, int slot, const struct sql *q,
			      struct kj_err *err)
{
	if (q->overflow && (slot < 0 || !st->sel[slot])) {
		kj_err_set(err, "internal error: registry query too long");
		return NULL;
	}
	if (slot < 0) {
		struct kj_stmt *s;
		return kj_db_prep(st, q->s, &s, err) < 0 ? NULL : s;
	}
	if (!st->sel[slot] && kj_db_prep(st, q->s, &st->sel[slot], err) < 0)
		return NULL;
	kj_db_reset(st->sel[slot]);
	kj_db_clear_bindings(st->sel[slot]);
	return st->sel[slot];
}

/* After the use of S: finalized if it is not one of the kept ones. */
static void done_stmt(struct kj_store *st, struct kj_stmt *s)
{
	for (int i = 0; i < KJ_DB_SEL_SLOTS; i++)
		if (st->sel[i] == s)
			return;
	kj_db_finalize(s);
}

/*
 * One sector's page: a range of the index on (sector, corporate number)
 * (migration 8), so its cost is the page's, not the sector's or the nation's.
 */
static struct kj_stmt *sector_page_stmt(struct kj_store *st, const char *sector,
				      const char *after, long offset, int limit,
				      struct kj_err *err)
{
	struct sql q = { .contains = kj_db_phrase(st, KJ_DB_CONTAINS) };
	sql_add(&q, "SELECT " ORG_COLS " FROM organisation_sector os"
		" JOIN organisation o ON o.id = os.organisation_id" ORG_CONTACT
		" WHERE os.sector_code = $1 AND os.corporate_number > $2"
		" ORDER BY os.corporate_number LIMIT $3 OFFSET $4");
	struct kj_stmt *s = sel_stmt(st, SEL_PAGE_ONE, &q, err);
	if (!s)
		return NULL;
	kj_db_bind_text(s, 1, sector);
	kj_db_bind_text(s, 2, after);
	kj_db_bind_int(s, 3, limit);
	kj_db_bind_int64(s, 4, offset);
	return s;
}

/* The organisations of SCOPE after corporate number AFTER, from OFFSET, at most LIMIT. */
static struct kj_stmt *page_stmt(struct kj_store *st, const struct kj_org_scope *sc,
			       const struct kj_org_filter *f, const char *after, long offset, int limit, int as_set,
			       struct kj_err *err)
{
	struct sql q = { .contains = kj_db_phrase(st, KJ_DB_CONTAINS) };
	struct scope_params p;
	struct words w;
	int mask = scope_mask(sc), filtered = filter_any(f);
	if (mask == F_SECTORS && sc->nsectors == 1 && !filtered)
		return sector_page_stmt(st, sc->sectors[0], after, offset, limit, err);
	if (search_words(f, &w, err) < 0)
		return NULL;
	/* SCAN: a filtered list that few organisations pass is read in one pass
	 * over the table and sorted, not by walking the number index. */
	sql_add(&q, "SELECT " ORG_COLS " FROM organisation o");
	if (as_set == SCAN)
		sql_add(&q, kj_db_phrase(st, KJ_DB_NOT_INDEXED));
	sql_add(&q, ORG_CONTACT);
	as_set = as_set == 1 && (mask & F_SECTORS);
	sql_scope(&q, mask, as_set, &p, filtered ? f : NULL, &w);
	sql_add(&q, " AND o.corporate_number > ");
	int a = sql_param(&q);
	sql_add(&q, " ORDER BY o.corporate_number LIMIT ");
	int l = sql_param(&q);
	sql_add(&q, " OFFSET ");
	int o = sql_param(&q);
	struct kj_stmt *s = sel_stmt(st, filtered ? -1 : (as_set ? SEL_PAGE_SET : SEL_PAGE) + mask,
				   &q, err);
	if (!s)
		return NULL;
	bind_scope(s, sc, f, &p, &w);
	kj_db_bind_text(s, a, after);
	kj_db_bind_int(s, l, limit);
	kj_db_bind_int64(s, o, offset);
	return s;
}

static int count_in(struct kj_store *st, const struct kj_org_scope *sc,
		    const struct kj_org_filter *f, long *total, struct kj_err *err)
{
	struct sql q = { .contains = kj_db_phrase(st, KJ_DB_CONTAINS) };
	struct scope_params p;
	struct words w;
	int mask = scope_mask(sc), filtered = filter_any(f);
	*total = 0;
	if (sc->nsectors > SCOPE_SECTORS) {
		kj_err_set(err, "too many sectors in one scope");
		return -1;
	}
	struct kj_stmt *s;
	int64_t generation = 0;
	struct kj_db_count *cached = NULL;
	if (mask == F_SECTORS && sc->nsectors == 1 && !filtered) {
		/* One sector: counted once per registry generation and connection. */
		if (kj_db_registry_generation(st, &generation, err) < 0)
			return -1;
		for (int i = 0; i < KJ_DB_COUNT_CACHE && !cached; i++)
			if (!strcmp(st->counts[i].sector, sc->sectors[0]))
				cached = &st->counts[i];
		if (cached && cached->generation == generation) {
			*total = cached->total;
			return 0;
		}
		if (!cached) {
			cached = &st->counts[st->counts_next];
			st->counts_next = (st->counts_next + 1) % KJ_DB_COUNT_CACHE;
		}
		cached->sector[0] = '\0';
		/* Its entries in the sector index, one per organisation. */
		sql_add(&q, "SELECT COUNT(*) FROM organisation_sector os WHERE os.sector_code = $1");
		if (!(s = sel_stmt(st, SEL_COUNT_ONE, &q, err)))
			return -1;
		kj_db_bind_text(s, 1, sc->sectors[0]);
	} else {
		if (search_words(f, &w, err) < 0)
			return -1;
		sql_add(&q, "SELECT COUNT(*) FROM organisation o");
		sql_scope(&q, mask, 1, &p, filtered ? f : NULL, &w);
		if (!(s = sel_stmt(st, filtered ? -1 : SEL_COUNT + mask, &q, err)))
			return -1;
		bind_scope(s, sc, f, &p, &w);
	}
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		*total = (long)kj_db_column_int64(s, 0);
	kj_db_reset(s);
	done_stmt(st, s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot count organisations");
	if (cached && kj_strlcpy(cached->sector, sc->sectors[0], sizeof cached->sector) == 0) {
		cached->generation = generation;
		cached->total = *total;
	}
	return 0;
}

int kj_store_org_count(struct kj_store *st, const struct kj_org_scope *sc, long *total,
		       struct kj_err *err)
{
	return count_in(st, sc, NULL, total, err);
}

/*
 * Reads the organisations of page statement S (at most MAX) into OUT and
 * IDS, then their sectors and ministries in one query: *N the count.
 */
static int read_batch(struct kj_store *st, struct kj_stmt *s, struct kj_org_record *out,
		      int64_t *ids, int max, int *n, struct kj_err *err)
{
	int rc = KJ_DB_DONE, k = 0;
	*n = 0;
	while (k < max && (rc = kj_db_step(s)) == KJ_DB_ROW) {
		ids[k] = kj_db_column_int64(s, 0);
		kj_db_org_row(s, &out[k++]);
	}
	if (k < max && rc != KJ_DB_DONE) {
		kj_db_reset(s);
		return kj_db_fail(st, err, "cannot list organisations");
	}
	kj_db_reset(s);
	if (k == 0)
		return 0;
	/* Their sectors and ministries, ORG_BATCH ids bound (NULL for the rest);
	 * one organisation (its page, its API record) binds just its own. */
	int width = k == 1 ? 1 : ORG_BATCH;
	struct sql q = { .contains = kj_db_phrase(st, KJ_DB_CONTAINS) };
	sql_add(&q, "SELECT os.organisation_id, 0, os.sector_code FROM organisation_sector os"
		" WHERE os.organisation_id");
	int first = q.nparam + 1;
	sql_add(&q, " IN (");
	for (int i = 0; i < width; i++) {
		sql_add(&q, i ? ", " : "");
		sql_param(&q);
	}
	sql_add(&q, ") UNION ALL SELECT om.organisation_id, 1, om.ministry_code"
		" FROM organisation_ministry om WHERE om.organisation_id IN (");
	for (int i = 0; i < width; i++) {
		char p[16];
		snprintf(p, sizeof p, "%s$%d", i ? ", " : "", first + i);
		sql_add(&q, p);
	}
	sql_add(&q, ") ORDER BY 1, 2, 3");
	struct kj_stmt *d = sel_stmt(st, width == 1 ? SEL_DETAIL_ONE : SEL_DETAIL, &q, err);
	if (!d)
		return -1;
	for (int i = 0; i < k; i++)
		kj_db_bind_int64(d, first + i, ids[i]);
	int at = 0;
	while ((rc = kj_db_step(d)) == KJ_DB_ROW) {
		int64_t id = kj_db_column_int64(d, 0);
		if (ids[at] != id)
			for (at = 0; at < k && ids[at] != id; at++)
				;
		if (at == k) {
			at = 0;
			continue;
		}
		struct kj_org_record *r = &out[at];
		if (kj_db_column_int(d, 1) == 0 && r->nsectors < KJ_ORG_SECTORS)
			kj_db_col(d, 2, r->sectors[r->nsectors++], sizeof r->sectors[0]);
		else if (kj_db_column_int(d, 1) == 1 && r->nministries < KJ_ORG_MINISTRIES)
			kj_db_col(d, 2, r->ministries[r->nministries++], sizeof r->ministries[0]);
	}
	kj_db_reset(d);
	if (rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read organisation sectors");
	*n = k;
	return 0;
}

int kj_store_org_list(struct kj_store *st, const struct kj_org_scope *scope,
		      long offset, struct kj_org_record *out, int64_t *ids,
		      int max, int *n, long *total, struct kj_err *err)
{
	return kj_store_org_list_filtered(st, scope, NULL, offset, out, ids, max, n, total, err);
}

int kj_store_org_list_filtered(struct kj_store *st, const struct kj_org_scope *scope,
			       const struct kj_org_filter *filter, long offset,
			       struct kj_org_record *out, int64_t *ids, int max, int *n,
			       long *total, struct kj_err *err)
{
	*n = 0;
	if (count_in(st, scope, filter, total, err) < 0)
		return -1;
	/* The walk's rows against the set's (see above); ids stand for the count of all. */
	int as_set = 0;
	if (scope->sectors && !scope->org && max > 0 &&
	    (scope->ministry || scope->nsectors != 1)) {
		struct sql q = { .contains = kj_db_phrase(st, KJ_DB_CONTAINS) };
		sql_add(&q, "SELECT MAX(id) FROM organisation");
		struct kj_stmt *s = sel_stmt(st, SEL_LAST_ID, &q, err);
		if (!s)
			return -1;
		int rc = kj_db_step(s);
		double all = rc == KJ_DB_ROW ? (double)kj_db_column_int64(s, 0) : 0;
		kj_db_reset(s);
		if (rc != KJ_DB_ROW)
			return kj_db_fail(st, err, "cannot list organisations");
		as_set = (double)(offset + max) * all > (double)*total * (double)*total;
	}
	/*
	 * A filter (a search, a prefecture…) that lets few through: walking the
	 * number index would visit about (offset + page) * all / found rows, each
	 * a random read; one pass over the table reads all of them in order, about
	 * five times cheaper a row. Without a sector set to start from, the pass.
	 */
	if (!as_set && filter_any(filter) && !filter->prefecture[0] && !scope->org &&
	    (double)(offset + max) * 5 > (double)*total)
		as_set = SCAN;	/* (a prefecture's rows come from its index, migration 9) */
	int64_t batch[ORG_BATCH];
	for (int got = 0; got < max;) {
		int want = max - got < ORG_BATCH ? max - got : ORG_BATCH, k;
		struct kj_stmt *s = page_stmt(st, scope, filter, "", offset + got, want, as_set, err);
		int rc = s ? read_batch(st, s, out + got, batch, want, &k, err) : -1;
		if (s)
			done_stmt(st, s);
		if (rc < 0) {
			*n = 0;
			return -1;
		}
		if (ids)
			memcpy(ids + got, batch, (size_t)k * sizeof *batch);
		got += k;
		*n = got;
		if (k < want)
			break;
	}
	return 0;
}

/* A cursor: the organisations of a scope in batches of ORG_BATCH, by corporate number. */
struct kj_org_cursor {
	struct kj_store *st;
	struct kj_org_scope scope;
	kj_sector_code sectors[SCOPE_SECTORS];
	char ministry[16];
	char after[14];		/* the last corporate number read */
	struct kj_org_record recs[ORG_BATCH];
	int64_t ids[ORG_BATCH];
	int n, at, done;
};

int kj_store_org_cursor_open(struct kj_store *st, const struct kj_org_scope *scope,
			     struct kj_org_cursor **out, struct kj_err *err)
{
	*out = NULL;
	if (scope->nsectors > SCOPE_SECTORS || scope->nsectors < 0 ||
	    (scope->ministry && strlen(scope->ministry) >= 16)) {
		kj_err_set(err, "too many sectors in one scope");
		return -1;
	}
	struct kj_org_cursor *c = calloc(1, sizeof *c);
	if (!c) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	c->st = st;
	c->scope = *scope;
	if (scope->sectors) {
		for (int i = 0; i < scope->nsectors; i++)
			kj_strlcpy(c->sectors[i], scope->sectors[i], sizeof c->sectors[i]);
		c->scope.sectors = (const kj_sector_code *)c->sectors;
	}
	if (scope->ministry) {
		kj_strlcpy(c->ministry, scope->ministry, sizeof c->ministry);
		c->scope.ministry = c->ministry;
	}
	*out = c;
	return 0;
}

int kj_store_org_cursor_next(struct kj_org_cursor *c, struct kj_org_record *r,
			     int64_t *id, struct kj_err *err)
{
	if (c->at == c->n) {
		if (c->done)
			return 0;
		struct kj_stmt *s = page_stmt(c->st, &c->scope, NULL, c->after, 0, ORG_BATCH, 0, err);
		int rc = s ? read_batch(c->st, s, c->recs, c->ids, ORG_BATCH, &c->n, err) : -1;
		if (s)
			done_stmt(c->st, s);
		if (rc < 0)
			return -1;
		c->at = 0;
		c->done = c->n < ORG_BATCH;
		if (c->n == 0)
			return 0;
		memcpy(c->after, c->recs[c->n - 1].corporate_number, sizeof c->after);
	}
	*r = c->recs[c->at];
	if (id)
		*id = c->ids[c->at];
	c->at++;
	return 1;
}

void kj_store_org_cursor_close(struct kj_org_cursor *c)
{
	free(c);
}
