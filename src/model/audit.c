/*
 * The audit trail's rules: what an entry may hold, how it is hashed into
 * the chain, how the chain is verified, and the checks on a listing's
 * filter. The rows themselves are the store's (store_audit.c).
 *
 * Hash of an entry: BLAKE2b-256 over
 *   "kijun.audit.v1" NUL, then for each of prev_hash, id, at,
 *   actor_user_id, actor, action, object_type, object_id, detail:
 *   its length as 8 bytes big-endian, then its bytes
 * with the integers written in decimal. The lengths make the encoding
 * unambiguous: no two different entries encode to the same bytes.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/audit.h"
#include "store/store.h"

#define AUDIT_DOMAIN "kijun.audit.v1"
#define AUDIT_LIST_DEFAULT 50

/* Keys a detail must never carry: a secret in the trail is a leak. */
static const char *const secret_keys[] = {
	"password", "password_hash", "passwd", "token", "token_hash", "secret",
	"csrf", NULL,
};

static void put_field(crypto_generichash_state *h, const void *p, size_t n)
{
	unsigned char len[8];
	uint64_t v = (uint64_t)n;
	for (int i = 7; i >= 0; i--, v >>= 8)
		len[i] = (unsigned char)(v & 0xff);
	crypto_generichash_update(h, len, sizeof len);
	if (n)
		crypto_generichash_update(h, p, n);
}

static void put_str(crypto_generichash_state *h, const char *s)
{
	put_field(h, s, strlen(s));
}

static void put_int(crypto_generichash_state *h, int64_t v)
{
	char num[24];
	int w = snprintf(num, sizeof num, "%lld", (long long)v);
	/* 20 characters at most for a 64-bit integer: never cut. */
	put_field(h, num, w > 0 ? (size_t)w : 0);
}

void kj_audit_hash(const struct kj_audit_entry *e, char out[KJ_AUDIT_HASH_HEX])
{
	unsigned char d[32];
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, sizeof d);
	crypto_generichash_update(&h, (const unsigned char *)AUDIT_DOMAIN,
				  sizeof AUDIT_DOMAIN);	/* with its NUL */
	put_str(&h, e->prev_hash);
	put_int(&h, e->id);
	put_str(&h, e->at);
	put_int(&h, e->actor_user_id);
	put_str(&h, e->actor);
	put_str(&h, e->action);
	put_str(&h, e->object_type);
	put_str(&h, e->object_id);
	put_str(&h, e->detail);
	crypto_generichash_final(&h, d, sizeof d);
	sodium_bin2hex(out, KJ_AUDIT_HASH_HEX, d, sizeof d);
}

/* Copies V (NULL: empty) into OUT of size N as one line of UTF-8 text. */
static int take(char *out, size_t n, const char *v, const char *what,
		int required, struct kj_err *err)
{
	out[0] = '\0';
	if (!v || !*v) {
		if (required) {
			kj_err_set(err, "audit entry: no %s given", what);
			return -1;
		}
		return 0;
	}
	size_t len = strlen(v);
	if (len >= n) {
		kj_err_set(err, "audit entry: the %s is longer than %zu bytes", what, n - 1);
		return -1;
	}
	if (!kj_utf8_valid_text(v, len) || strpbrk(v, "\t\r\n")) {
		kj_err_set(err, "audit entry: the %s is not one line of UTF-8 text", what);
		return -1;
	}
	memcpy(out, v, len + 1);
	return 0;
}

/* True if J, at any depth, has an object key from secret_keys. */
static int has_secret_key(json_t *j, int depth)
{
	if (depth > 32)
		return 1;	/* deeper than any detail we write: refuse */
	const char *key;
	json_t *v;
	size_t i;
	if (json_is_object(j)) {
		json_object_foreach(j, key, v) {
			for (const char *const *k = secret_keys; *k; k++)
				if (!strcmp(key, *k))
					return 1;
			if (has_secret_key(v, depth + 1))
				return 1;
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			if (has_secret_key(v, depth + 1))
				return 1;
	}
	return 0;
}

static int check_detail(const char *detail, struct kj_err *err)
{
	json_error_t je;
	json_t *j = json_loads(detail, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		kj_err_set(err, "audit entry: the detail is not JSON: %s", je.text);
		return -1;
	}
	int bad = has_secret_key(j, 0);
	json_decref(j);
	if (bad) {
		kj_err_set(err, "audit entry: the detail names a password, token or "
			   "secret; record that it changed, never its value");
		return -1;
	}
	return 0;
}

static int action_valid(const char *a)
{
	for (; *a; a++)
		if (!((*a >= 'a' && *a <= 'z') || (*a >= '0' && *a <= '9') ||
		      *a == '.' || *a == '_' || *a == '-'))
			return 0;
	return 1;
}

int kj_audit_log(struct kj_store *st, int64_t actor_user_id, const char *actor,
		 const char *action, const char *object_type,
		 const char *object_id, const char *detail, struct kj_err *err)
{
	struct kj_audit_entry e;
	memset(&e, 0, sizeof e);
	if (take(e.actor, sizeof e.actor, actor, "actor", 1, err) < 0 ||
	    take(e.action, sizeof e.action, action, "action", 1, err) < 0 ||
	    take(e.object_type, sizeof e.object_type, object_type, "object type", 0,
		 err) < 0 ||
	    take(e.object_id, sizeof e.object_id, object_id, "object id", 0, err) < 0)
		return -1;
	if (!action_valid(e.action)) {
		kj_err_set(err, "audit entry: action '%s' is not of a-z, 0-9, '.', '_', '-'",
			   e.action);
		return -1;
	}
	if (detail && *detail) {
		size_t len = strlen(detail);
		if (len >= sizeof e.detail) {
			kj_err_set(err, "audit entry: the detail is longer than %zu bytes",
				   sizeof e.detail - 1);
			return -1;
		}
		if (!kj_utf8_valid_text(detail, len) || check_detail(detail, err) < 0) {
			if (!kj_utf8_valid_text(detail, len))
				kj_err_set(err, "audit entry: the detail is not UTF-8 text");
			return -1;
		}
		memcpy(e.detail, detail, len + 1);
	}
	if (actor_user_id < 0) {
		kj_err_set(err, "audit entry: bad user id");
		return -1;
	}
	if (sodium_init() < 0) {
		kj_err_set(err, "cannot initialise libsodium");
		return -1;
	}
	e.actor_user_id = actor_user_id;

	/*
	 * Reading the tail and inserting after it must be one step: in the
	 * caller's write transaction, or in one begun here (BEGIN IMMEDIATE
	 * takes the write lock at once, so no other writer slips between).
	 */
	int own = !kj_store_in_tx(st);
	if (own && kj_store_begin(st, err) < 0)
		return -1;
	int64_t last;
	if (kj_store_audit_tail(st, &last, e.prev_hash, err) < 0)
		goto fail;
	e.id = last + 1;
	kj_now_iso(e.at);
	kj_audit_hash(&e, e.hash);
	if (kj_store_audit_insert(st, &e, err) < 0)
		goto fail;
	if (own && kj_store_commit(st, err) < 0)
		return -1;
	return 0;
fail:
	if (own)
		kj_store_rollback(st);
	return -1;
}

/* --- Verification -------------------------------------------------------- */

struct verify {
	int64_t prev_id;
	char prev_hash[KJ_AUDIT_HASH_HEX];
	long checked;
	int ok;
	struct kj_audit_problem *p;
};

static int broken(struct verify *v, enum kj_audit_fault fault, int64_t id,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int broken(struct verify *v, enum kj_audit_fault fault, int64_t id,
		  const char *fmt, ...)
{
	va_list ap;
	v->ok = 0;
	v->p->fault = fault;
	v->p->id = id;
	va_start(ap, fmt);
	/* A cut reason still names the entry first; nothing to check. */
	vsnprintf(v->p->reason, sizeof v->p->reason, fmt, ap);
	va_end(ap);
	return 1;	/* stops the walk */
}

static int verify_one(void *ctx, const struct kj_audit_entry *e, int malformed)
{
	struct verify *v = ctx;
	char h[KJ_AUDIT_HASH_HEX];
	long long id = (long long)e->id, prev = (long long)v->prev_id;
	v->checked++;
	if (malformed)
		return broken(v, KJ_AUDIT_MALFORMED, e->id, "entry %lld holds a value "
			      "kijun cannot have written (a field too long, or a NUL "
			      "byte): it was edited", id);
	if (e->id < 1)
		return broken(v, KJ_AUDIT_MALFORMED, e->id, "entry %lld has an id "
			      "kijun never gives (ids start at 1): it was edited or "
			      "inserted", id);
	kj_audit_hash(e, h);
	if (strcmp(h, e->hash))
		return broken(v, KJ_AUDIT_EDITED, e->id, "entry %lld does not match its "
			      "hash: its content or its hash was changed after it was "
			      "written (or it was moved from another id)", id);
	if (e->id != v->prev_id + 1) {
		if (v->prev_id == 0 && e->id == 2)
			return broken(v, KJ_AUDIT_MISSING, 1, "entry 1 is missing: the "
				      "trail starts at entry 2 (deleted)");
		if (v->prev_id == 0)
			return broken(v, KJ_AUDIT_MISSING, 1, "entries 1 to %lld are "
				      "missing: the trail starts at entry %lld (deleted)",
				      id - 1, id);
		if (e->id == v->prev_id + 2)
			return broken(v, KJ_AUDIT_MISSING, v->prev_id + 1, "entry %lld is "
				      "missing: the trail goes from entry %lld to entry "
				      "%lld (deleted)", prev + 1, prev, id);
		return broken(v, KJ_AUDIT_MISSING, v->prev_id + 1, "entries %lld to %lld "
			      "are missing: the trail goes from entry %lld to entry %lld "
			      "(deleted)", prev + 1, id - 1, prev, id);
	}
	if (strcmp(e->prev_hash, v->prev_hash)) {
		if (v->prev_id == 0)
			return broken(v, KJ_AUDIT_UNLINKED, e->id, "entry %lld is the first "
				      "but does not start the chain (its prev_hash is not "
				      "zeros): entries before it were removed", id);
		return broken(v, KJ_AUDIT_UNLINKED, e->id, "entry %lld does not follow "
			      "entry %lld: its prev_hash is not that entry's hash (entry "
			      "%lld was rewritten with a new hash, or entries were "
			      "reordered)", id, prev, prev);
	}
	v->prev_id = e->id;
	memcpy(v->prev_hash, e->hash, sizeof v->prev_hash);
	return 0;
}

int kj_audit_verify(struct kj_store *st, struct kj_audit_problem *problem,
		    int *ok, long *checked, struct kj_err *err)
{
	struct verify v = { .ok = 1, .p = problem };
	memset(problem, 0, sizeof *problem);
	memset(v.prev_hash, '0', sizeof v.prev_hash - 1);
	v.prev_hash[sizeof v.prev_hash - 1] = '\0';
	*ok = 0;
	*checked = 0;
	if (sodium_init() < 0) {
		kj_err_set(err, "cannot initialise libsodium");
		return -1;
	}
	if (kj_store_audit_walk(st, verify_one, &v, err) < 0)
		return -1;
	*ok = v.ok;
	*checked = v.checked;
	return 0;
}

/* --- Listing ------------------------------------------------------------- */

/* True if S is "YYYY-MM-DD" with a plausible month and day. */
static int date_valid(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int kj_audit_list(struct kj_store *st, const struct kj_audit_filter *f,
		  struct kj_audit_entry *out, int max, int *n,
		  struct kj_err *err)
{
	*n = 0;
	struct kj_audit_filter g = *f;
	if (g.limit == 0)
		g.limit = AUDIT_LIST_DEFAULT;
	if (g.limit < 0 || g.limit > KJ_AUDIT_LIST_MAX) {
		kj_err_set(err, "the limit must be 1 to %d", KJ_AUDIT_LIST_MAX);
		return -1;
	}
	if (g.offset < 0) {
		kj_err_set(err, "the offset must not be negative");
		return -1;
	}
	if (max <= 0)
		return 0;
	if ((g.actor && strlen(g.actor) >= KJ_AUDIT_ACTOR_MAX) ||
	    (g.action && strlen(g.action) >= KJ_AUDIT_ACTION_MAX) ||
	    (g.object_type && strlen(g.object_type) >= KJ_AUDIT_OBJTYPE_MAX)) {
		kj_err_set(err, "a filter value is too long to match any entry");
		return -1;
	}
	if ((g.from && *g.from && !date_valid(g.from)) ||
	    (g.to && *g.to && !date_valid(g.to))) {
		kj_err_set(err, "dates are YYYY-MM-DD");
		return -1;
	}
	return kj_store_audit_list(st, &g, out, max, n, err);
}
