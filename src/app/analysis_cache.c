/*
 * The analysis views kept, keyed by what they are made of (analysis_cache.h).
 * A kept view is read-only: readers hold it by a count, and one that leaves
 * the table (a newer view of the same key, or the least recently read when
 * it is full) is freed by its last reader. Its catalog is the cache's own
 * copy of the standard version (a view's catalog is otherwise a connection's,
 * which another thread must not read).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/analysis_cache.h"
#include "app/authz.h"
#include "base/util.h"
#include "store/store_catalog.h"

/* Rates as 0.3571, not 0.35709999999999997 (as api_analysis.c sent them). */
#define CACHE_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))

/* Everything a view is made of. */
struct key {
	int view, fy, sector, req, k, aggregate, has_prev;
	int64_t survey, version, prev, prev_version;
	char status[16];
	struct kj_analysis_stamp stamp;
	int nscope;
	unsigned char scope[KJ_ANALYSIS_CACHE_SCOPE_MAX];	/* 1: sector seen whole */
};

struct cat_slot {
	int64_t vid;
	struct kj_catalog cat;	/* owned when LOADED */
	int loaded, refs;	/* refs: views that read it */
};

struct entry {
	struct kj_analysis a;	/* first: a view handed out is its entry */
	struct key key;
	struct cat_slot *cat;	/* NULL: kept by nobody (its catalog a connection's) */
	int refs;		/* readers holding it, and the table while it is there */
	unsigned long used;	/* the tick of its last read */
	char *json;		/* its JSON text, once asked */
};

struct kj_analysis_cache {
	pthread_mutex_t mu;
	struct entry *e[KJ_ANALYSIS_CACHE_MAX];
	int n;
	struct cat_slot cats[KJ_ANALYSIS_CACHE_CATALOGS];
	unsigned long tick;
	long hits, misses;
};

struct kj_analysis_cache *kj_analysis_cache_new(void)
{
	struct kj_analysis_cache *c = calloc(1, sizeof *c);
	if (c && pthread_mutex_init(&c->mu, NULL) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

/* Frees E (its last holder gone). With C's lock held when E is kept. */
static void entry_free(struct entry *e)
{
	if (e->cat)
		e->cat->refs--;
	kj_analysis_free(&e->a);
	free(e->json);
	free(e);
}

/* Drops the table's hold of E. With C's lock held. */
static void unhold(struct entry *e)
{
	if (--e->refs == 0)
		entry_free(e);
}

void kj_analysis_cache_free(struct kj_analysis_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->n; i++)
		unhold(c->e[i]);
	for (int i = 0; i < KJ_ANALYSIS_CACHE_CATALOGS; i++)
		if (c->cats[i].loaded)
			kj_catalog_free(&c->cats[i].cat);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

void kj_analysis_cache_stats(struct kj_analysis_cache *c, struct kj_analysis_cache_stats *out)
{
	memset(out, 0, sizeof *out);
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	out->hits = c->hits;
	out->misses = c->misses;
	out->kept = c->n;
	pthread_mutex_unlock(&c->mu);
}

static int same_key(const struct key *x, const struct key *y)
{
	return x->view == y->view && x->fy == y->fy && x->sector == y->sector &&
	       x->req == y->req && x->k == y->k && x->aggregate == y->aggregate &&
	       x->has_prev == y->has_prev && x->survey == y->survey && x->version == y->version &&
	       x->prev == y->prev && x->prev_version == y->prev_version &&
	       !strcmp(x->status, y->status) && x->stamp.epoch == y->stamp.epoch &&
	       x->stamp.prev_epoch == y->stamp.prev_epoch &&
	       x->stamp.generation == y->stamp.generation && x->nscope == y->nscope &&
	       !memcmp(x->scope, y->scope, (size_t)x->nscope);
}

/* Where the key differs from Y only by what moves (its stamp, the survey's
 * status): the same view, of another moment. */
static int same_view(const struct key *x, const struct key *y)
{
	return x->view == y->view && x->fy == y->fy && x->sector == y->sector &&
	       x->req == y->req && x->k == y->k && x->aggregate == y->aggregate &&
	       x->nscope == y->nscope && !memcmp(x->scope, y->scope, (size_t)x->nscope);
}

/*
 * A's key for USER, read in A's read transaction: 1 when it has one, 0 when
 * the reader's scope is too long to tell (the view is then not kept), -1
 * with ERR. The scope is which sectors the reader sees whole, of this
 * year's version and of the previous year's (its figures are carried from
 * that year's view as the reader sees it).
 */
static int key_of(struct kj_store *st, const struct kj_user *user, const struct kj_analysis *a,
		  struct key *key, struct kj_err *err)
{
	memset(key, 0, sizeof *key);
	key->view = (int)a->view;
	key->fy = a->sv.fy;
	key->sector = a->sector;
	key->req = a->req;
	key->k = a->k;
	key->aggregate = a->aggregate_only;
	key->has_prev = a->has_prev;
	key->survey = a->sv.id;
	key->version = a->sv.version_id;
	kj_strlcpy(key->status, a->sv.status, sizeof key->status);
	if (a->has_prev) {
		key->prev = a->prev.id;
		key->prev_version = a->prev.version_id;
	}
	if (kj_store_analysis_stamp(st, a->sv.id, key->prev, &key->stamp, err) < 0)
		return -1;
	if (a->ns > KJ_ANALYSIS_CACHE_SCOPE_MAX)
		return 0;
	for (int s = 0; s < a->ns; s++)
		key->scope[key->nscope++] = a->open[s];
	if (!a->has_prev || a->prev.version_id == a->sv.version_id)
		return 1;
	struct kj_catalog pc;
	if (kj_store_catalog_view(st, a->prev.version, &pc, err) < 0)
		return -1;
	if (key->nscope + pc.nsectors > KJ_ANALYSIS_CACHE_SCOPE_MAX)
		return 0;
	for (int s = 0; s < pc.nsectors; s++)
		key->scope[key->nscope++] = !a->aggregate_only &&
			kj_authz_analysis(user, pc.sectors[s].code) == KJ_ANALYSIS_OPERATOR;
	return 1;
}

/* The kept view of KEY, held for the caller, or NULL. With C's lock held. */
static struct entry *find(struct kj_analysis_cache *c, const struct key *key)
{
	for (int i = 0; i < c->n; i++)
		if (same_key(&c->e[i]->key, key)) {
			c->e[i]->refs++;
			c->e[i]->used = ++c->tick;
			return c->e[i];
		}
	return NULL;
}

/* C's slot of standard version VID, held; NULL when none is loaded. With
 * C's lock held. */
static struct cat_slot *slot_find(struct kj_analysis_cache *c, int64_t vid)
{
	for (int i = 0; i < KJ_ANALYSIS_CACHE_CATALOGS; i++)
		if (c->cats[i].loaded && c->cats[i].vid == vid) {
			c->cats[i].refs++;
			return &c->cats[i];
		}
	return NULL;
}

/* C's own catalog of A's version, held: loaded from ST (in A's read
 * transaction) when C has none. NULL when every slot is in use or on error. */
static struct cat_slot *slot_get(struct kj_analysis_cache *c, struct kj_store *st,
				 const struct kj_analysis *a)
{
	pthread_mutex_lock(&c->mu);
	struct cat_slot *slot = slot_find(c, a->sv.version_id);
	pthread_mutex_unlock(&c->mu);
	if (slot)
		return slot;
	struct kj_catalog cat;
	struct kj_err err;
	if (kj_store_catalog_get(st, a->sv.version, &cat, &err) < 0)
		return NULL;
	int moved = 0;
	pthread_mutex_lock(&c->mu);
	if (!(slot = slot_find(c, a->sv.version_id)))
		for (int i = 0; i < KJ_ANALYSIS_CACHE_CATALOGS && !slot; i++)
			if (c->cats[i].refs == 0) {
				slot = &c->cats[i];
				if (slot->loaded)
					kj_catalog_free(&slot->cat);
				slot->cat = cat;
				slot->vid = a->sv.version_id;
				slot->loaded = 1;
				slot->refs = 1;
				moved = 1;	/* now the slot's */
			}
	pthread_mutex_unlock(&c->mu);
	if (!moved)
		kj_catalog_free(&cat);
	return slot;
}

/* Keeps E (held once by the caller) in C: it replaces the same view of
 * another moment, else the least recently read when C is full. */
static void keep(struct kj_analysis_cache *c, struct entry *e)
{
	pthread_mutex_lock(&c->mu);
	int at = -1;
	for (int i = 0; i < c->n && at < 0; i++)
		if (same_view(&c->e[i]->key, &e->key))
			at = i;
	if (at < 0 && c->n < KJ_ANALYSIS_CACHE_MAX)
		at = c->n++;
	else if (at < 0) {
		at = 0;
		for (int i = 1; i < c->n; i++)
			if (c->e[i]->used < c->e[at]->used)
				at = i;
	}
	if (at < c->n && c->e[at])
		unhold(c->e[at]);
	e->refs++;		/* the table's */
	e->used = ++c->tick;
	c->e[at] = e;
	pthread_mutex_unlock(&c->mu);
}

int kj_analysis_cache_load(struct kj_analysis_cache *c, struct kj_store *st,
			   const struct kj_user *user, enum kj_analysis_view view, const char *fy,
			   const char *sector, const char *req, int k,
			   const struct kj_analysis **out, struct kj_analysis_refusal *why,
			   struct kj_err *err)
{
	*out = NULL;
	struct entry *e = calloc(1, sizeof *e);
	if (!e) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_analysis_open(st, user, 0, view, fy, sector, req, k, &e->a, why, err);
	if (rc != 0) {
		free(e);
		return rc;
	}
	int keyed = 0;
	if (c && (keyed = key_of(st, user, &e->a, &e->key, err)) < 0)
		goto fail;
	if (keyed) {
		pthread_mutex_lock(&c->mu);
		struct entry *kept = find(c, &e->key);
		if (kept)
			c->hits++;
		else
			c->misses++;
		pthread_mutex_unlock(&c->mu);
		if (kept) {
			kj_store_rollback(st);
			kj_analysis_free(&e->a);
			free(e);
			*out = &kept->a;
			return 0;
		}
	}
	if (kj_analysis_compute(st, user, &e->a, err) < 0)
		goto fail;
	if (keyed && (e->cat = slot_get(c, st, &e->a)) != NULL) {
		e->a.cat = e->cat->cat;
		e->a.cat.view = 1;
	}
	kj_store_rollback(st);
	e->refs = 1;
	if (e->cat)
		keep(c, e);
	*out = &e->a;
	return 0;
fail:
	kj_store_rollback(st);
	kj_analysis_free(&e->a);
	free(e);
	return -1;
}

const char *kj_analysis_cache_json(struct kj_analysis_cache *c, const struct kj_analysis *a)
{
	struct entry *e = (struct entry *)a;
	int shared = c && e->cat;
	if (shared)
		pthread_mutex_lock(&c->mu);
	const char *have = e->json;
	if (shared)
		pthread_mutex_unlock(&c->mu);
	if (have)
		return have;
	json_t *j = kj_analysis_json(a);
	char *s = j ? json_dumps(j, CACHE_JSON_FLAGS) : NULL;
	json_decref(j);
	if (!s)
		return NULL;
	if (shared)
		pthread_mutex_lock(&c->mu);
	if (e->json)
		free(s);
	else
		e->json = s;
	have = e->json;
	if (shared)
		pthread_mutex_unlock(&c->mu);
	return have;
}

void kj_analysis_cache_release(struct kj_analysis_cache *c, const struct kj_analysis *a)
{
	if (!a)
		return;
	struct entry *e = (struct entry *)a;
	if (!c || !e->cat) {
		entry_free(e);
		return;
	}
	pthread_mutex_lock(&c->mu);
	unhold(e);
	pthread_mutex_unlock(&c->mu);
}
