/*
 * kijun audit export: the trail as JSON lines for a SIEM, verified as it is
 * written. Each line holds exactly what the entry's hash covers (see
 * model/audit.c), an empty field as null, with "keyed" telling whether its
 * hash is keyed with the installation's audit key (then only a holder of
 * the key can recompute it; anyone can still follow the links).
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "app/audit_export.h"
#include "app/audit_log.h"
#include "base/wareki.h"

int kj_audit_since_parse(const char *s, struct kj_audit_since *out, struct kj_err *err)
{
	memset(out, 0, sizeof *out);
	size_t len = strlen(s);
	long v;
	if (len && strspn(s, "0123456789") == len) {
		if (kj_parse_long(s, 1, 0x7fffffffffffffffL, &v) < 0) {
			kj_err_set(err, "--since %s: a position is a whole number from 1", s);
			return -1;
		}
		out->position = v;
		return 0;
	}
	char day[11];
	if (len >= 10) {
		memcpy(day, s, 10);
		day[10] = '\0';
	}
	if (len < 10 || !kj_date_valid(day))
		goto bad;
	if (len == 10) {
		if (kj_jst_day_start(s, 0, out->at) < 0)
			goto bad;
		return 0;
	}
	/* YYYY-MM-DDTHH:MM:SS then Z or +HH:MM / -HH:MM. */
	char utc[21];
	int64_t t;
	long off = 0;
	if (len < 20 || s[10] != 'T')
		goto bad;
	memcpy(utc, s, 19);
	utc[19] = 'Z';
	utc[20] = '\0';
	if (kj_iso_to_unix(utc, &t) < 0)
		goto bad;
	const char *z = s + 19;
	if (!strcmp(z, "Z")) {
		off = 0;
	} else if ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[3] == ':') {
		long hh, mm;
		char h[3] = { z[1], z[2], 0 }, m[3] = { z[4], z[5], 0 };
		if (kj_parse_long(h, 0, 23, &hh) < 0 || kj_parse_long(m, 0, 59, &mm) < 0)
			goto bad;
		off = (hh * 60 + mm) * 60 * (z[0] == '-' ? -1 : 1);
	} else {
		goto bad;
	}
	time_t u = (time_t)(t - off);
	struct tm tm;
	if (!gmtime_r(&u, &tm) || strftime(out->at, sizeof out->at, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		goto bad;
	return 0;
bad:
	kj_err_set(err, "--since '%s' is neither a position (a whole number from 1) nor a "
		   "time: YYYY-MM-DD (a day in Japan), or YYYY-MM-DDTHH:MM:SS with Z or "
		   "+HH:MM", s);
	return -1;
}

struct walk {
	struct kj_audit_chain chain;
	struct kj_audit_problem problem;
	const struct kj_audit_since *since;
	FILE *out;
	long lines;
	int started;		/* the first entry to export was met: all later ones go */
	int failed;		/* a line could not be written */
};

static json_t *text_or_null(const char *s)
{
	return *s ? json_string(s) : json_null();
}

static int write_line(struct walk *w, const struct kj_audit_entry *e)
{
	int keyed = w->chain.first_keyed && e->id >= w->chain.first_keyed;
	json_t *j = json_object();
	if (!j)
		return -1;
	json_object_set_new(j, "position", json_integer((json_int_t)e->id));
	json_object_set_new(j, "time", json_string(e->at));
	json_object_set_new(j, "actor_user_id", e->actor_user_id
			    ? json_integer((json_int_t)e->actor_user_id) : json_null());
	json_object_set_new(j, "actor", json_string(e->actor));
	json_object_set_new(j, "action", json_string(e->action));
	json_object_set_new(j, "object_type", text_or_null(e->object_type));
	json_object_set_new(j, "object_id", text_or_null(e->object_id));
	json_object_set_new(j, "detail", text_or_null(e->detail));
	json_object_set_new(j, "prev_hash", json_string(e->prev_hash));
	json_object_set_new(j, "hash", json_string(e->hash));
	json_object_set_new(j, "keyed", json_boolean(keyed));
	/* Every field was checked as one line of UTF-8 when the chain verified it. */
	int rc = json_object_size(j) == 11 &&
		 json_dumpf(j, w->out, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0 &&
		 fputc('\n', w->out) != EOF ? 0 : -1;
	json_decref(j);
	return rc;
}

static int walk_entry(void *ctx, const struct kj_audit_entry *e, int malformed)
{
	struct walk *w = ctx;
	if (kj_audit_chain_next(&w->chain, e, malformed))
		return 1;	/* broken: nothing past it is exported */
	if (!w->started)
		w->started = w->since->position ? e->id >= w->since->position
						: strcmp(e->at, w->since->at) >= 0;
	if (!w->started)
		return 0;
	if (write_line(w, e) < 0) {
		w->failed = 1;
		return 1;
	}
	w->lines++;
	return 0;
}

int kj_audit_export_jsonl(struct kj_store *st, const char *actor, const char *describe,
			  const struct kj_audit_since *since, FILE *out, long *lines,
			  struct kj_err *err)
{
	struct walk w;
	memset(&w, 0, sizeof w);
	*lines = 0;
	w.since = since;
	w.out = out;
	/* Recorded before a line is written: no entry, no export. */
	if (kj_audit_writer_check(st, err) < 0 ||
	    kj_audit_log(st, 0, actor, "export", "export", "kijun-audit", describe, err) < 0 ||
	    kj_audit_chain_start(&w.chain, &w.problem, err) < 0)
		return -1;
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	int rc = kj_store_audit_walk(st, walk_entry, &w, err);
	kj_store_rollback(st);
	*lines = w.lines;
	if (rc < 0)
		return -1;
	if (w.failed) {
		kj_err_set(err, "cannot write the export");
		return -1;
	}
	kj_audit_chain_end(&w.chain);
	if (!w.chain.ok) {
		kj_err_set(err, "the audit trail does not verify at entry %lld, so the export "
			   "stops before it: %s (run 'kijun audit verify')",
			   (long long)w.problem.id, w.problem.reason);
		return -1;
	}
	return 0;
}
