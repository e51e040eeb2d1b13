/*
 * The audit trail's rules: what an entry may hold, how it is hashed into
 * the chain, how the chain is verified, and the checks on a listing's
 * filter. The rows are the store's (store_audit.c); writing, verifying and
 * listing them are use cases (src/app/audit_log.c).
 *
 * Hash of an entry: BLAKE2b-256 over
 *   "kijun.audit.v1" NUL, then for each of prev_hash, id, at,
 *   actor_user_id, actor, action, object_type, object_id, detail:
 *   its length as 8 bytes big-endian, then its bytes
 * with the integers written in decimal. The lengths make the encoding
 * unambiguous: no two different entries encode to the same bytes.
 *
 * Keyed (v2): the same encoding after "kijun.audit.v2" NUL, hashed with
 * BLAKE2b keyed with the installation's audit key, a secret kept outside
 * the database (kj_audit_key_load). Without the key nobody can recompute an
 * edited entry's hash. A trail may start unkeyed and become keyed; once an
 * entry is keyed, every later one must be.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/wareki.h"
#include "model/audit.h"

#define AUDIT_DOMAIN "kijun.audit.v1"
#define AUDIT_DOMAIN_KEYED "kijun.audit.v2"

/* The installation's audit key, set once at start, before any thread. */
static unsigned char audit_key[crypto_generichash_KEYBYTES];
static int audit_keyed;
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

static void hash_with(const struct kj_audit_entry *e, const unsigned char *key,
		      char out[KJ_AUDIT_HASH_HEX])
{
	unsigned char d[32];
	crypto_generichash_state h;
	crypto_generichash_init(&h, key, key ? crypto_generichash_KEYBYTES : 0, sizeof d);
	if (key)
		crypto_generichash_update(&h, (const unsigned char *)AUDIT_DOMAIN_KEYED,
					  sizeof AUDIT_DOMAIN_KEYED);	/* with its NUL */
	else
		crypto_generichash_update(&h, (const unsigned char *)AUDIT_DOMAIN,
					  sizeof AUDIT_DOMAIN);
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

void kj_audit_hash(const struct kj_audit_entry *e, char out[KJ_AUDIT_HASH_HEX])
{
	hash_with(e, audit_keyed ? audit_key : NULL, out);
}

int kj_audit_key_load(const char *path, struct kj_err *err)
{
	struct stat sb;
	char *text = NULL;
	size_t len = 0;
	if (sodium_init() < 0) {
		kj_err_set(err, "cannot initialise libsodium");
		return -1;
	}
	if (stat(path, &sb) < 0) {
		kj_err_set(err, "audit key %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		kj_err_set(err, "audit key %s is not a regular file", path);
		return -1;
	}
	if (sb.st_mode & 077) {
		kj_err_set(err, "audit key %s may be read by others (mode %03o): "
			   "chmod 600 it", path, (unsigned)(sb.st_mode & 0777));
		return -1;
	}
	if (kj_read_file(path, KJ_AUDIT_KEY_FILE_MAX, &text, &len, err) < 0)
		return -1;
	size_t n = len;
	while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	if (n < KJ_AUDIT_KEY_MIN) {
		sodium_memzero(text, len);
		free(text);
		kj_err_set(err, "audit key %s is too short (%zu bytes; at least %d: make "
			   "one with 'kijun audit keygen FILE')", path, n, KJ_AUDIT_KEY_MIN);
		return -1;
	}
	/* Whatever the file holds, the key is its BLAKE2b-256. */
	crypto_generichash(audit_key, sizeof audit_key, (const unsigned char *)text, n,
			   NULL, 0);
	sodium_memzero(text, len);
	free(text);
	audit_keyed = 1;
	return 0;
}

void kj_audit_key_clear(void)
{
	sodium_memzero(audit_key, sizeof audit_key);
	audit_keyed = 0;
}

int kj_audit_keyed(void)
{
	return audit_keyed;
}

int kj_audit_subkey(const char *purpose, unsigned char *out, size_t n)
{
	if (sodium_init() < 0)
		return -1;
	crypto_generichash(out, n, (const unsigned char *)purpose, strlen(purpose),
			   audit_keyed ? audit_key : NULL, audit_keyed ? sizeof audit_key : 0);
	return audit_keyed;
}

int kj_audit_keygen(const char *path, struct kj_err *err)
{
	unsigned char raw[32];
	char hex[2 * sizeof raw + 2];
	if (sodium_init() < 0) {
		kj_err_set(err, "cannot initialise libsodium");
		return -1;
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
	size_t n = strlen(hex);
	hex[n++] = '\n';
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		kj_err_set(err, "cannot create %s: %s", path, strerror(errno));
		sodium_memzero(hex, sizeof hex);
		return -1;
	}
	ssize_t w = write(fd, hex, n);
	int bad = w != (ssize_t)n || fsync(fd) < 0;
	bad |= close(fd) < 0;
	sodium_memzero(hex, sizeof hex);
	if (bad) {
		kj_err_set(err, "cannot write %s", path);
		unlink(path);
		return -1;
	}
	return 0;
}

int kj_audit_key_fits(const struct kj_audit_entry *e, struct kj_err *err)
{
	char v1[KJ_AUDIT_HASH_HEX], v2[KJ_AUDIT_HASH_HEX];
	hash_with(e, NULL, v1);
	if (audit_keyed) {
		hash_with(e, audit_key, v2);
		if (!strcmp(v2, e->hash) || !strcmp(v1, e->hash))
			return 0;	/* keyed already, or becomes keyed now */
		kj_err_set(err, "the audit trail's last entry (%lld) does not match this "
			   "audit key: it is another installation's key, or the trail was "
			   "changed (run 'kijun audit verify')", (long long)e->id);
		return -1;
	}
	if (!strcmp(v1, e->hash))
		return 0;
	kj_err_set(err, "the audit trail is keyed: give the audit key with --audit-key "
		   "FILE or KIJUN_AUDIT_KEY (or its last entry %lld was changed: run "
		   "'kijun audit verify')", (long long)e->id);
	return -1;
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

static int secret_named(struct kj_err *err)
{
	kj_err_set(err, "audit entry: the detail names a password, token or "
		   "secret; record that it changed, never its value");
	return -1;
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
	return bad ? secret_named(err) : 0;
}

static int action_valid(const char *a)
{
	for (; *a; a++)
		if (!((*a >= 'a' && *a <= 'z') || (*a >= '0' && *a <= '9') ||
		      *a == '.' || *a == '_' || *a == '-'))
			return 0;
	return 1;
}

/* The checks of E's fields but the detail, and the library. */
static int fill_head(struct kj_audit_entry *e, int64_t actor_user_id, const char *actor,
		     const char *action, const char *object_type, const char *object_id,
		     struct kj_err *err)
{
	memset(e, 0, sizeof *e);
	if (take(e->actor, sizeof e->actor, actor, "actor", 1, err) < 0 ||
	    take(e->action, sizeof e->action, action, "action", 1, err) < 0 ||
	    take(e->object_type, sizeof e->object_type, object_type, "object type", 0,
		 err) < 0 ||
	    take(e->object_id, sizeof e->object_id, object_id, "object id", 0, err) < 0)
		return -1;
	if (!action_valid(e->action)) {
		kj_err_set(err, "audit entry: action '%s' is not of a-z, 0-9, '.', '_', '-'",
			   e->action);
		return -1;
	}
	if (actor_user_id < 0) {
		kj_err_set(err, "audit entry: bad user id");
		return -1;
	}
	if (sodium_init() < 0) {
		kj_err_set(err, "cannot initialise libsodium");
		return -1;
	}
	e->actor_user_id = actor_user_id;
	return 0;
}

static int detail_too_long(const struct kj_audit_entry *e, struct kj_err *err)
{
	kj_err_set(err, "audit entry: the detail is longer than %zu bytes", sizeof e->detail - 1);
	return -1;
}

int kj_audit_entry_fill(struct kj_audit_entry *e, int64_t actor_user_id, const char *actor,
			const char *action, const char *object_type,
			const char *object_id, const char *detail, struct kj_err *err)
{
	if (fill_head(e, actor_user_id, actor, action, object_type, object_id, err) < 0)
		return -1;
	if (detail && *detail) {
		size_t len = strlen(detail);
		if (len >= sizeof e->detail)
			return detail_too_long(e, err);
		if (!kj_utf8_valid_text(detail, len)) {
			kj_err_set(err, "audit entry: the detail is not UTF-8 text");
			return -1;
		}
		if (check_detail(detail, err) < 0)
			return -1;
		memcpy(e->detail, detail, len + 1);
	}
	return 0;
}

int kj_audit_entry_fill_json(struct kj_audit_entry *e, int64_t actor_user_id,
			     const char *actor, const char *action, const char *object_type,
			     const char *object_id, json_t *detail, size_t flags,
			     struct kj_err *err)
{
	if (fill_head(e, actor_user_id, actor, action, object_type, object_id, err) < 0)
		return -1;
	if (!detail)
		return 0;
	if (has_secret_key(detail, 0))
		return secret_named(err);
	/* jansson writes valid UTF-8 JSON; only its length is left to check. */
	size_t len = json_dumpb(detail, e->detail, sizeof e->detail, flags | JSON_COMPACT);
	if (len == 0 || len >= sizeof e->detail) {
		memset(e->detail, 0, sizeof e->detail);
		return len == 0 ? (kj_err_set(err, "audit entry: the detail cannot be written"), -1)
				: detail_too_long(e, err);
	}
	e->detail[len] = '\0';
	return 0;
}

void kj_audit_entry_chain(struct kj_audit_entry *e, int64_t last_id,
			  const char last_hash[KJ_AUDIT_HASH_HEX])
{
	e->id = last_id + 1;
	kj_strlcpy(e->prev_hash, last_hash, sizeof e->prev_hash);
	kj_now_iso(e->at);
	kj_audit_hash(e, e->hash);
}

int kj_audit_note(struct kj_audit_notes *notes, const char *action, const char *object_type,
		  int64_t object_id, json_t *detail)
{
	char *d = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	if (detail && !d)
		return -1;
	if (notes->n == notes->cap) {
		int cap = notes->cap ? notes->cap * 2 : 16;
		struct kj_audit_note *v = realloc(notes->v, (size_t)cap * sizeof *v);
		if (!v) {
			free(d);
			return -1;
		}
		notes->v = v;
		notes->cap = cap;
	}
	struct kj_audit_note *x = &notes->v[notes->n++];
	kj_strlcpy(x->action, action, sizeof x->action);
	kj_strlcpy(x->object_type, object_type, sizeof x->object_type);
	snprintf(x->object_id, sizeof x->object_id, "%lld", (long long)object_id);
	x->detail = d;
	return 0;
}

void kj_audit_notes_free(struct kj_audit_notes *notes)
{
	for (int i = 0; i < notes->n; i++)
		free(notes->v[i].detail);
	free(notes->v);
	memset(notes, 0, sizeof *notes);
}

/* --- Verification -------------------------------------------------------- */

static int broken(struct kj_audit_chain *v, enum kj_audit_fault fault, int64_t id,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int broken(struct kj_audit_chain *v, enum kj_audit_fault fault, int64_t id,
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

int kj_audit_chain_next(void *chain, const struct kj_audit_entry *e, int malformed)
{
	struct kj_audit_chain *v = chain;
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
	int keyed = 0;
	if (audit_keyed) {
		hash_with(e, audit_key, h);
		keyed = !strcmp(h, e->hash);
	}
	if (!keyed) {
		hash_with(e, NULL, h);
		if (strcmp(h, e->hash))
			return broken(v, KJ_AUDIT_EDITED, e->id, "entry %lld does not match "
				      "its hash: its content or its hash was changed after it "
				      "was written (or it was moved from another id)%s", id,
				      audit_keyed ? "" : ", or the trail is keyed (give "
				      "--audit-key)");
		if (v->first_keyed)
			return broken(v, KJ_AUDIT_EDITED, e->id, "entry %lld is not keyed "
				      "though entry %lld before it is: it was rewritten by "
				      "someone without the audit key", id,
				      (long long)v->first_keyed);
	} else if (!v->first_keyed) {
		v->first_keyed = e->id;
	}
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

int kj_audit_chain_start(struct kj_audit_chain *v, struct kj_audit_problem *problem,
			 struct kj_err *err)
{
	memset(v, 0, sizeof *v);
	memset(problem, 0, sizeof *problem);
	v->ok = 1;
	v->p = problem;
	memset(v->prev_hash, '0', sizeof v->prev_hash - 1);
	v->prev_hash[sizeof v->prev_hash - 1] = '\0';
	if (sodium_init() < 0) {
		kj_err_set(err, "cannot initialise libsodium");
		return -1;
	}
	return 0;
}

void kj_audit_chain_end(struct kj_audit_chain *v)
{
	if (v->ok && audit_keyed && v->checked > 0 && !v->first_keyed)
		broken(v, KJ_AUDIT_EDITED, v->prev_id, "no entry is keyed with this audit "
		       "key: the trail was never keyed, or every keyed entry was rewritten "
		       "without the key");
}

void kj_audit_anchor_check(const struct kj_audit_entry *e, int64_t last, int64_t position,
			   const char *hash, struct kj_audit_problem *problem, int *ok)
{
	memset(problem, 0, sizeof *problem);
	*ok = 0;
	problem->id = position;
	problem->fault = KJ_AUDIT_MISSING;
	if (!e && last < position) {
		snprintf(problem->reason, sizeof problem->reason, "the trail ends at entry "
			 "%lld, before the anchor's entry %lld: entries were removed from "
			 "its end", (long long)last, (long long)position);
		return;
	}
	if (!e) {
		snprintf(problem->reason, sizeof problem->reason, "entry %lld of the "
			 "anchor is missing", (long long)position);
		return;
	}
	if (strcmp(e->hash, hash)) {
		problem->fault = KJ_AUDIT_EDITED;
		snprintf(problem->reason, sizeof problem->reason, "entry %lld has another "
			 "hash than the anchor kept elsewhere: the trail up to it was "
			 "rewritten", (long long)position);
		return;
	}
	problem->fault = KJ_AUDIT_OK;
	*ok = 1;
}

/* --- Listing ------------------------------------------------------------- */

int kj_audit_filter_check(const struct kj_audit_filter *f, struct kj_audit_filter *out,
			  struct kj_err *err)
{
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
	if ((g.actor && strlen(g.actor) >= KJ_AUDIT_ACTOR_MAX) ||
	    (g.action && strlen(g.action) >= KJ_AUDIT_ACTION_MAX) ||
	    (g.object_type && strlen(g.object_type) >= KJ_AUDIT_OBJTYPE_MAX)) {
		kj_err_set(err, "a filter value is too long to match any entry");
		return -1;
	}
	if ((g.from && *g.from && kj_jst_day_start(g.from, 0, g.since) < 0) ||
	    (g.to && *g.to && kj_jst_day_start(g.to, 1, g.before) < 0)) {
		kj_err_set(err, "dates are YYYY-MM-DD");
		return -1;
	}
	if (!g.from || !*g.from)
		g.since[0] = '\0';
	if (!g.to || !*g.to)
		g.before[0] = '\0';
	*out = g;
	return 0;
}
