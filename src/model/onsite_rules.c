/* The rules of an on-site survey's selection; see onsite_rules.h. */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/util.h"
#include "model/onsite_rules.h"

static const char *const kind_names[KJ_ONSITE_NKINDS] = {
	"lowest", "change", "uninspected", "kikan", "quota", "random",
};

const char *kj_onsite_rule_name(enum kj_onsite_rule_kind k)
{
	return (unsigned)k < KJ_ONSITE_NKINDS ? kind_names[k] : "?";
}

static int kind_parse(const char *s, size_t len)
{
	for (int i = 0; i < KJ_ONSITE_NKINDS; i++)
		if (strlen(kind_names[i]) == len && !strncmp(s, kind_names[i], len))
			return i;
	return -1;
}

static const char *say(char *msg, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static const char *say(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
	return msg;
}

/* A function's code: a lower-case letter, then letters, digits or '_'. */
static int func_ok(const char *s, size_t len)
{
	if (len == 0 || len >= KJ_ONSITE_FUNC_CODE_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static int func_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Adds function S (LEN bytes) to R; NULL or the message. */
static const char *add_func(struct kj_onsite_rule *r, const char *s, size_t len, char *msg,
			    size_t n)
{
	if (!func_ok(s, len))
		return say(msg, n, "%s: '%.*s' is not a function's code", kind_names[r->kind],
			   (int)(len > 40 ? 40 : len), s);
	for (int i = 0; i < r->nfuncs; i++)
		if (strlen(r->funcs[i]) == len && !strncmp(r->funcs[i], s, len))
			return say(msg, n, "%s: function '%.*s' is given twice",
				   kind_names[r->kind], (int)len, s);
	if (r->nfuncs >= KJ_ONSITE_FUNCS_MAX)
		return say(msg, n, "%s: more than %d functions", kind_names[r->kind],
			   KJ_ONSITE_FUNCS_MAX);
	memcpy(r->funcs[r->nfuncs], s, len);
	r->funcs[r->nfuncs++][len] = '\0';
	return NULL;
}

/* The checks every rule passes however it was written. */
static const char *check_rule(struct kj_onsite_rule *r, char *msg, size_t n)
{
	const char *name = kind_names[r->kind];
	int n_optional = r->kind == KJ_ONSITE_UNINSPECTED || r->kind == KJ_ONSITE_KIKAN;
	if (r->n < (n_optional ? 0 : 1) || r->n > KJ_ONSITE_N_MAX)
		return say(msg, n, "%s: n must be %d to %d", name, n_optional ? 0 : 1,
			   KJ_ONSITE_N_MAX);
	if (r->kind == KJ_ONSITE_UNINSPECTED && (r->years < 1 || r->years > KJ_ONSITE_YEARS_MAX))
		return say(msg, n, "uninspected: years must be 1 to %d", KJ_ONSITE_YEARS_MAX);
	qsort(r->funcs, (size_t)r->nfuncs, sizeof r->funcs[0], func_cmp);
	return NULL;
}

static const char *push(struct kj_onsite_rules *rules, struct kj_onsite_rule *r, char *msg,
			size_t n)
{
	const char *m = check_rule(r, msg, n);
	if (m)
		return m;
	if (rules->n >= KJ_ONSITE_RULES_MAX)
		return say(msg, n, "more than %d rules", KJ_ONSITE_RULES_MAX);
	rules->r[rules->n++] = *r;
	return NULL;
}

/* The integer member KEY of O into *V (absent: DEF); NULL or the message. */
static const char *int_member(json_t *o, const char *key, const char *rule, int def, int *v,
			      char *msg, size_t n)
{
	json_t *x = json_object_get(o, key);
	if (!x) {
		*v = def;
		return NULL;
	}
	if (!json_is_integer(x) || json_integer_value(x) < 0 ||
	    json_integer_value(x) > KJ_ONSITE_N_MAX)
		return say(msg, n, "%s: \"%s\" must be a whole number from 0 to %d", rule, key,
			   KJ_ONSITE_N_MAX);
	*v = (int)json_integer_value(x);
	return NULL;
}

static const char *rule_from_json(json_t *o, int i, struct kj_onsite_rule *r, char *msg,
				  size_t n)
{
	memset(r, 0, sizeof *r);
	if (!json_is_object(o))
		return say(msg, n, "rule %d is not an object", i + 1);
	json_t *k = json_object_get(o, "rule");
	int kind = json_is_string(k) ? kind_parse(json_string_value(k),
						   json_string_length(k)) : -1;
	if (kind < 0)
		return say(msg, n, "rule %d: \"rule\" must be one of lowest, change, uninspected, "
			   "kikan, quota, random", i + 1);
	r->kind = (enum kj_onsite_rule_kind)kind;
	const char *name = kind_names[kind];
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		int known = !strcmp(key, "rule") || !strcmp(key, "n") ||
			(!strcmp(key, "functions") &&
			 (kind == KJ_ONSITE_LOWEST || kind == KJ_ONSITE_CHANGE)) ||
			(!strcmp(key, "years") && kind == KJ_ONSITE_UNINSPECTED) ||
			(!strcmp(key, "by") && kind == KJ_ONSITE_QUOTA);
		if (!known)
			return say(msg, n, "%s: unknown member \"%.40s\"", name, key);
	}
	const char *m;
	int required = kind != KJ_ONSITE_UNINSPECTED && kind != KJ_ONSITE_KIKAN;
	if (required && !json_object_get(o, "n"))
		return say(msg, n, "%s: \"n\" is missing", name);
	if ((m = int_member(o, "n", name, 0, &r->n, msg, n)))
		return m;
	if (kind == KJ_ONSITE_UNINSPECTED) {
		if (!json_object_get(o, "years"))
			return say(msg, n, "uninspected: \"years\" is missing");
		if ((m = int_member(o, "years", name, 0, &r->years, msg, n)))
			return m;
	}
	if (kind == KJ_ONSITE_QUOTA) {
		json_t *by = json_object_get(o, "by");
		const char *s = json_is_string(by) ? json_string_value(by) : "";
		if (!strcmp(s, "prefecture"))
			r->by_prefecture = 1;
		else if (strcmp(s, "sector"))
			return say(msg, n, "quota: \"by\" must be \"sector\" or \"prefecture\"");
	}
	json_t *fs = json_object_get(o, "functions");
	if (fs) {
		if (!json_is_array(fs))
			return say(msg, n, "%s: \"functions\" must be a list of codes", name);
		size_t j;
		json_array_foreach(fs, j, v) {
			if (!json_is_string(v))
				return say(msg, n, "%s: \"functions\" must be a list of codes", name);
			if ((m = add_func(r, json_string_value(v), json_string_length(v), msg, n)))
				return m;
		}
	}
	return NULL;
}

const char *kj_onsite_rules_parse_json(const char *text, size_t len,
				       struct kj_onsite_rules *out, char *msg, size_t n)
{
	memset(out, 0, sizeof *out);
	if (len > KJ_ONSITE_RULES_TEXT_MAX)
		return say(msg, n, "the rules are longer than %d bytes", KJ_ONSITE_RULES_TEXT_MAX);
	struct kj_err err;
	json_t *doc = kj_json_parse(text, len, "rules", &err);
	if (!doc)
		return say(msg, n, "%s", err.msg);
	const char *m = NULL;
	json_t *rules = json_object_get(doc, "rules");
	if (!json_is_object(doc) || json_object_size(doc) != 1 || !json_is_array(rules)) {
		m = say(msg, n, "the rules must be an object {\"rules\": [...]} and nothing else");
		goto done;
	}
	if (json_array_size(rules) == 0) {
		m = say(msg, n, "no rules: give at least one");
		goto done;
	}
	if (json_array_size(rules) > KJ_ONSITE_RULES_MAX) {
		m = say(msg, n, "more than %d rules", KJ_ONSITE_RULES_MAX);
		goto done;
	}
	size_t i;
	json_t *o;
	json_array_foreach(rules, i, o) {
		struct kj_onsite_rule r;
		if ((m = rule_from_json(o, (int)i, &r, msg, n)) || (m = push(out, &r, msg, n)))
			break;
	}
done:
	json_decref(doc);
	if (m)
		memset(out, 0, sizeof *out);
	return m;
}

/* The number of S (LEN bytes) into *V, within 0..MAX. */
static int num(const char *s, size_t len, int max, int *v)
{
	char b[16];
	long l;
	if (len == 0 || len >= sizeof b)
		return -1;
	memcpy(b, s, len);
	b[len] = '\0';
	if (kj_parse_long(b, 0, max, &l) < 0)
		return -1;
	*v = (int)l;
	return 0;
}

const char *kj_onsite_rule_parse_line(const char *line, struct kj_onsite_rules *rules,
				      char *msg, size_t n)
{
	const char *part[4];
	size_t plen[4];
	int np = 0;
	const char *p = line;
	size_t total = strlen(line);
	while (total && (line[total - 1] == ' ' || line[total - 1] == '\t' ||
			 line[total - 1] == '\r'))
		total--;
	while (*p == ' ' || *p == '\t')
		p++;
	const char *end = line + total;
	for (;;) {
		const char *c = memchr(p, ':', (size_t)(end - p));
		if (np == 4)
			return say(msg, n, "'%.60s': too many parts", line);
		part[np] = p;
		plen[np++] = c ? (size_t)(c - p) : (size_t)(end - p);
		if (!c)
			break;
		p = c + 1;
	}
	struct kj_onsite_rule r;
	memset(&r, 0, sizeof r);
	int kind = kind_parse(part[0], plen[0]);
	if (kind < 0)
		return say(msg, n, "'%.60s': a rule is one of lowest, change, uninspected, kikan, "
			   "quota, random", line);
	r.kind = (enum kj_onsite_rule_kind)kind;
	int bad = 0;
	switch (r.kind) {
	case KJ_ONSITE_LOWEST:
	case KJ_ONSITE_CHANGE:
		bad = np < 2 || np > 3 || num(part[1], plen[1], KJ_ONSITE_N_MAX, &r.n) < 0;
		if (!bad && np == 3) {
			const char *f = part[2], *fend = part[2] + plen[2];
			for (;;) {
				const char *c = memchr(f, ',', (size_t)(fend - f));
				size_t l = c ? (size_t)(c - f) : (size_t)(fend - f);
				const char *m = add_func(&r, f, l, msg, n);
				if (m)
					return m;
				if (!c)
					break;
				f = c + 1;
			}
		}
		break;
	case KJ_ONSITE_UNINSPECTED:
		bad = np < 2 || np > 3 ||
			num(part[1], plen[1], KJ_ONSITE_YEARS_MAX, &r.years) < 0 ||
			(np == 3 && num(part[2], plen[2], KJ_ONSITE_N_MAX, &r.n) < 0);
		break;
	case KJ_ONSITE_KIKAN:
		bad = np > 2 || (np == 2 && num(part[1], plen[1], KJ_ONSITE_N_MAX, &r.n) < 0);
		break;
	case KJ_ONSITE_QUOTA:
		bad = np != 3 || num(part[2], plen[2], KJ_ONSITE_N_MAX, &r.n) < 0;
		if (!bad && plen[1] == 10 && !strncmp(part[1], "prefecture", 10))
			r.by_prefecture = 1;
		else if (!bad && !(plen[1] == 6 && !strncmp(part[1], "sector", 6)))
			bad = 1;
		break;
	case KJ_ONSITE_RANDOM:
		bad = np != 2 || num(part[1], plen[1], KJ_ONSITE_N_MAX, &r.n) < 0;
		break;
	default:
		bad = 1;
	}
	if (bad) {
		static const char *const forms[KJ_ONSITE_NKINDS] = {
			"lowest:N[:FUNCTION,...]", "change:N[:FUNCTION,...]",
			"uninspected:YEARS[:N]", "kikan[:N]", "quota:sector|prefecture:N",
			"random:N",
		};
		return say(msg, n, "'%.60s': write it as %s", line, forms[r.kind]);
	}
	return push(rules, &r, msg, n);
}

const char *kj_onsite_rules_parse_lines(const char *text, struct kj_onsite_rules *out,
					char *msg, size_t n)
{
	memset(out, 0, sizeof *out);
	size_t len = strlen(text);
	if (len > KJ_ONSITE_RULES_TEXT_MAX)
		return say(msg, n, "the rules are longer than %d bytes", KJ_ONSITE_RULES_TEXT_MAX);
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		char line[256];
		if (l >= sizeof line)
			return say(msg, n, "a rule's line is longer than %zu bytes", sizeof line - 1);
		memcpy(line, p, l);
		line[l] = '\0';
		size_t k = strspn(line, " \t\r");
		if (line[k]) {
			const char *m = kj_onsite_rule_parse_line(line, out, msg, n);
			if (m) {
				memset(out, 0, sizeof *out);
				return m;
			}
		}
		p += l + (nl ? 1 : 0);
	}
	if (out->n == 0)
		return say(msg, n, "no rules: give at least one");
	return NULL;
}

char *kj_onsite_rules_json(const struct kj_onsite_rules *rs)
{
	json_t *a = json_array();
	for (int i = 0; a && i < rs->n; i++) {
		const struct kj_onsite_rule *r = &rs->r[i];
		json_t *o = json_pack("{s:s, s:i}", "rule", kind_names[r->kind], "n", r->n);
		if (!o)
			break;
		if (r->kind == KJ_ONSITE_LOWEST || r->kind == KJ_ONSITE_CHANGE) {
			json_t *fs = json_array();
			for (int j = 0; j < r->nfuncs; j++)
				json_array_append_new(fs, json_string(r->funcs[j]));
			json_object_set_new(o, "functions", fs);
		}
		if (r->kind == KJ_ONSITE_UNINSPECTED)
			json_object_set_new(o, "years", json_integer(r->years));
		if (r->kind == KJ_ONSITE_QUOTA)
			json_object_set_new(o, "by", json_string(r->by_prefecture ? "prefecture"
								  : "sector"));
		json_array_append_new(a, o);
	}
	json_t *doc = json_pack("{s:o}", "rules", a);
	char *s = doc ? json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(doc);
	return s;
}

int kj_onsite_rules_lines(const struct kj_onsite_rules *rs, char *out, size_t n)
{
	size_t at = 0;
	out[0] = '\0';
	for (int i = 0; i < rs->n; i++) {
		const struct kj_onsite_rule *r = &rs->r[i];
		char line[KJ_ONSITE_FUNCS_MAX * KJ_ONSITE_FUNC_CODE_MAX + 64];
		int w;
		switch (r->kind) {
		case KJ_ONSITE_UNINSPECTED:
			w = r->n ? snprintf(line, sizeof line, "uninspected:%d:%d", r->years, r->n)
				: snprintf(line, sizeof line, "uninspected:%d", r->years);
			break;
		case KJ_ONSITE_KIKAN:
			w = r->n ? snprintf(line, sizeof line, "kikan:%d", r->n)
				: snprintf(line, sizeof line, "kikan");
			break;
		case KJ_ONSITE_QUOTA:
			w = snprintf(line, sizeof line, "quota:%s:%d",
				     r->by_prefecture ? "prefecture" : "sector", r->n);
			break;
		default:
			w = snprintf(line, sizeof line, "%s:%d", kind_names[r->kind], r->n);
			for (int j = 0; j < r->nfuncs && w > 0 && (size_t)w < sizeof line; j++)
				w += snprintf(line + w, sizeof line - (size_t)w, "%c%s",
					      j ? ',' : ':', r->funcs[j]);
		}
		if (w < 0 || (size_t)w >= sizeof line || at + (size_t)w + 2 > n)
			return -1;
		memcpy(out + at, line, (size_t)w);
		at += (size_t)w;
		out[at++] = '\n';
		out[at] = '\0';
	}
	return 0;
}

int kj_onsite_cand_add(struct kj_onsite_cand *c, const char *func, int y, long sum, long cnt)
{
	int i;
	for (i = 0; i < c->nfuncs && strcmp(c->funcs[i], func); i++)
		;
	if (i == c->nfuncs) {
		if (c->nfuncs >= KJ_ONSITE_CAND_FUNCS)
			return -1;
		kj_strlcpy(c->funcs[c->nfuncs++], func, KJ_ONSITE_FUNC_CODE_MAX);
	}
	c->sum[i][y] += sum;
	c->cnt[i][y] += cnt;
	return 0;
}

int kj_onsite_cand_mean(const struct kj_onsite_cand *c, int y,
			char (*funcs)[KJ_ONSITE_FUNC_CODE_MAX], int nfuncs, double *mean)
{
	long sum = 0, cnt = 0;
	for (int i = 0; i < c->nfuncs; i++) {
		int in = nfuncs == 0;
		for (int j = 0; j < nfuncs && !in; j++)
			in = !strcmp(funcs[j], c->funcs[i]);
		if (in) {
			sum += c->sum[i][y];
			cnt += c->cnt[i][y];
		}
	}
	if (cnt <= 0)
		return -1;
	*mean = (double)sum / (double)cnt;
	return 0;
}

/* --- The selection ------------------------------------------------------- */

/* splitmix64, as the demo's (app/demo_rng.h): the same seed gives the same
 * numbers on every platform. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct keyed {
	int idx;
	double k1, k2;
	int64_t org;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->k1 != y->k1)
		return x->k1 < y->k1 ? -1 : 1;
	if (x->k2 != y->k2)
		return x->k2 < y->k2 ? -1 : 1;
	return x->org < y->org ? -1 : x->org > y->org;
}

struct run {
	const struct kj_onsite_cand *c;
	int n, fy;
	char *taken;
	struct keyed *k;
	struct kj_onsite_pick *picks;
	int *np;
};

static void pick(struct run *r, int idx, enum kj_onsite_rule_kind rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void pick(struct run *r, int idx, enum kj_onsite_rule_kind rule, const char *fmt, ...)
{
	struct kj_onsite_pick *p = &r->picks[(*r->np)++];
	va_list ap;
	p->cand = idx;
	p->rule = rule;
	va_start(ap, fmt);
	vsnprintf(p->detail, sizeof p->detail, fmt, ap);
	va_end(ap);
	r->taken[idx] = 1;
}

/* The order of "lowest first": the overall mean level of the year, those
 * without one last. */
static void risk_key(const struct kj_onsite_cand *c, double *k1, double *k2)
{
	double m;
	if (kj_onsite_cand_mean(c, 0, NULL, 0, &m) == 0) {
		*k1 = 0;
		*k2 = m;
	} else {
		*k1 = 1;
		*k2 = 0;
	}
}

/* "mean level 1.42" or "no level reported", into OUT. */
static void mean_text(const struct kj_onsite_cand *c, char *out, size_t n)
{
	double m;
	if (kj_onsite_cand_mean(c, 0, NULL, 0, &m) == 0)
		snprintf(out, n, "mean level %.2f", m);
	else
		snprintf(out, n, "no level reported");
}

static void funcs_text(const struct kj_onsite_rule *rl, char *out, size_t n)
{
	size_t at = 0;
	out[0] = '\0';
	for (int j = 0; j < rl->nfuncs; j++) {
		int w = snprintf(out + at, n - at, "%s%s", j ? ", " : " in ", rl->funcs[j]);
		if (w < 0 || (size_t)w >= n - at)
			break;
		at += (size_t)w;
	}
}

static void run_rule(struct run *r, const struct kj_onsite_rule *rl, long seed)
{
	int nk = 0, limit = rl->kind == KJ_ONSITE_QUOTA || !rl->n ? r->n : rl->n;
	char fs[KJ_ONSITE_FUNCS_MAX * (KJ_ONSITE_FUNC_CODE_MAX + 2) + 8], mt[48];
	char (*funcs)[KJ_ONSITE_FUNC_CODE_MAX] = (char (*)[KJ_ONSITE_FUNC_CODE_MAX])rl->funcs;
	funcs_text(rl, fs, sizeof fs);
	for (int i = 0; i < r->n; i++) {
		const struct kj_onsite_cand *c = &r->c[i];
		struct keyed *k = &r->k[nk];
		double m0 = 0, m1 = 0;
		if (r->taken[i])
			continue;
		k->idx = i;
		k->org = c->org;
		switch (rl->kind) {
		case KJ_ONSITE_LOWEST:
			if (kj_onsite_cand_mean(c, 0, funcs, rl->nfuncs, &m0) < 0)
				continue;
			k->k1 = m0;
			k->k2 = 0;
			break;
		case KJ_ONSITE_CHANGE:
			if (kj_onsite_cand_mean(c, 0, funcs, rl->nfuncs, &m0) < 0 ||
			    kj_onsite_cand_mean(c, 1, funcs, rl->nfuncs, &m1) < 0)
				continue;
			k->k1 = -fabs(m0 - m1);	/* the largest first, */
			k->k2 = m0 - m1;	/* a drop before a rise of the same size */
			break;
		case KJ_ONSITE_UNINSPECTED:
			if (c->last_inspected && c->last_inspected >= r->fy - rl->years)
				continue;
			risk_key(c, &m0, &m1);
			k->k1 = c->last_inspected;	/* never (0) first, then the longest ago */
			k->k2 = m0 * 10 + m1;		/* then lowest first */
			break;
		case KJ_ONSITE_KIKAN:
			if (!c->kikan)
				continue;
			risk_key(c, &k->k1, &k->k2);
			break;
		case KJ_ONSITE_QUOTA:
			if (rl->by_prefecture && !c->prefecture[0])
				continue;
			risk_key(c, &k->k1, &k->k2);
			break;
		default:	/* random: in the candidates' order */
			k->k1 = k->k2 = 0;
		}
		nk++;
	}
	if (rl->kind == KJ_ONSITE_RANDOM) {
		uint64_t s = (uint64_t)seed;
		for (int i = 0; i < nk && i < limit; i++) {
			int j = i + (int)(rng_next(&s) % (uint64_t)(nk - i));
			struct keyed t = r->k[i];
			r->k[i] = r->k[j];
			r->k[j] = t;
			pick(r, r->k[i].idx, rl->kind, "random, seed %ld", seed);
		}
		return;
	}
	qsort(r->k, (size_t)nk, sizeof *r->k, keyed_cmp);
	for (int i = 0, got = 0; i < nk && got < limit; i++) {
		const struct kj_onsite_cand *c = &r->c[r->k[i].idx];
		double m0 = 0, m1 = 0;
		switch (rl->kind) {
		case KJ_ONSITE_LOWEST:
			kj_onsite_cand_mean(c, 0, funcs, rl->nfuncs, &m0);
			pick(r, r->k[i].idx, rl->kind, "mean level %.2f%s", m0, fs);
			break;
		case KJ_ONSITE_CHANGE:
			kj_onsite_cand_mean(c, 0, funcs, rl->nfuncs, &m0);
			kj_onsite_cand_mean(c, 1, funcs, rl->nfuncs, &m1);
			pick(r, r->k[i].idx, rl->kind, "change %+.2f (%.2f to %.2f)%s", m0 - m1, m1,
			     m0, fs);
			break;
		case KJ_ONSITE_UNINSPECTED:
			if (c->last_inspected)
				pick(r, r->k[i].idx, rl->kind, "not inspected since FY%d",
				     c->last_inspected);
			else
				pick(r, r->k[i].idx, rl->kind, "never inspected");
			break;
		case KJ_ONSITE_KIKAN:
			mean_text(c, mt, sizeof mt);
			pick(r, r->k[i].idx, rl->kind, "kikan (core infrastructure), %s", mt);
			break;
		default: {	/* quota: up to N in each group, counting earlier picks */
			const char *g = rl->by_prefecture ? c->prefecture : c->sector;
			int have = 0;
			for (int p = 0; p < *r->np; p++) {
				const struct kj_onsite_cand *o = &r->c[r->picks[p].cand];
				have += !strcmp(rl->by_prefecture ? o->prefecture : o->sector, g);
			}
			if (have >= rl->n)
				continue;
			mean_text(c, mt, sizeof mt);
			pick(r, r->k[i].idx, rl->kind, "%s %s: %d of %d, %s",
			     rl->by_prefecture ? "prefecture" : "sector", g, have + 1, rl->n, mt);
		}
		}
		got++;
	}
}

int kj_onsite_select(const struct kj_onsite_rules *rules, long seed, int fy,
		     const struct kj_onsite_cand *c, int n, struct kj_onsite_pick *picks,
		     int *npicks)
{
	*npicks = 0;
	if (n <= 0)
		return 0;
	struct run r = { c, n, fy, calloc((size_t)n, 1), calloc((size_t)n, sizeof *r.k),
			 picks, npicks };
	int rc = r.taken && r.k ? 0 : -1;
	for (int i = 0; rc == 0 && i < rules->n; i++)
		run_rule(&r, &rules->r[i], seed);
	free(r.taken);
	free(r.k);
	return rc;
}

const char *kj_onsite_check_reason(const char *reason)
{
	if (!reason || !*reason)
		return "a change after approval needs a reason";
	size_t n = strlen(reason);
	if (!kj_utf8_valid(reason, n, 0) || strpbrk(reason, "\t\r\n"))
		return "the reason is not valid UTF-8 text (or holds control characters)";
	long c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)reason[i] & 0xC0) != 0x80;
	if (c > KJ_ONSITE_REASON_MAX)
		return "the reason is longer than 500 characters";
	return NULL;
}

const char *kj_onsite_check_seed(const char *s, long *seed)
{
	if (!s || !*s)
		return "a seed is required (a whole number from 0 to 2147483647)";
	if (kj_parse_long(s, 0, KJ_ONSITE_SEED_MAX, seed) < 0)
		return "the seed must be a whole number from 0 to 2147483647";
	return NULL;
}
