/*
 * What the answering use cases share (survey_answer_priv.h): the context
 * of a call and the actor's reach, the response's items read once into a
 * sheet (an item found by binary search on its code), last year's answers
 * carried through the crosswalk, and the canonical text of an answer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "app/audit_log.h"
#include "app/survey_answer_priv.h"

int ans_refuse(struct kj_answer_refusal *why, enum kj_survey_fault fault, const char *fmt, ...)
{
	va_list ap;
	why->fault = fault;
	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof why->msg, fmt, ap);
	va_end(ap);
	return 0;
}

int ans_refuse_ja(struct kj_answer_refusal *why, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why->msg_ja, sizeof why->msg_ja, fmt, ap);
	va_end(ap);
	return 0;
}

void ans_today(char out[16])
{
	time_t t = time(NULL) + 9 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

int64_t kj_app_actor_org(const struct kj_actor *actor)
{
	if (!actor || !actor->user || actor->user->role != KJ_ROLE_OPERATOR)
		return 0;
	return actor->user->org_id;
}

/* The organisation's sectors and ministries, for the roles that reach a
 * response through them. */
static int reach(struct kj_store *st, const struct kj_actor *actor, const struct ans_ctx *c,
		 enum kj_response_act act, int *ok, struct kj_err *err)
{
	struct kj_response_ref ref = { c->org, NULL, c->sv.owner_kind, c->sv.owner_ministry,
				       c->h.lead };
	if (ans_other(c) && actor->user && actor->user->role != KJ_ROLE_OPERATOR) {
		/* A survey of kind other: its owner, and nobody else but the operator. */
		const char *secs[KJ_SURVEY_SECTORS_MAX];
		for (int i = 0; i < c->sv.nsectors; i++)
			secs[i] = c->sv.sectors[i];
		int owner = kj_authz_survey_admin(actor->user, c->sv.owner_kind,
						  c->sv.owner_ministry, secs, c->sv.nsectors);
		*ok = kj_authz_other(actor->user, act == KJ_RESPONSE_RETURN ? KJ_OTHER_RETURN
				     : act == KJ_RESPONSE_READ ? KJ_OTHER_READ : KJ_OTHER_EDIT,
				     owner, 0);
		return 0;
	}
	if (!actor->user || actor->user->role != KJ_ROLE_MINISTRY) {
		*ok = kj_authz_response(actor->user, act, &ref);
		return 0;
	}
	struct kj_resp_org *rec = malloc(sizeof *rec);
	if (!rec) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_response_org(st, c->org, rec, err) < 0) {
		free(rec);
		return -1;
	}
	struct kj_object obj = { c->org, (const kj_sector_code *)rec->sectors, rec->nsectors,
				 (const char (*)[16])rec->ministries, rec->nministries };
	ref.obj = rec->found ? &obj : NULL;
	*ok = kj_authz_response(actor->user, act, &ref);
	free(rec);
	return 0;
}

int ans_ctx_open(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		 int64_t org, enum kj_response_act act, struct ans_ctx *c,
		 struct kj_answer_refusal *why, struct kj_err *err)
{
	return ans_ctx_open_known(st, actor, survey, org, act, NULL, c, why, err);
}

int ans_ctx_open_known(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		       int64_t org, enum kj_response_act act, const struct kj_survey *known,
		       struct ans_ctx *c, struct kj_answer_refusal *why, struct kj_err *err)
{
	int found = 1, ok;
	memset(c, 0, sizeof *c);
	if (known && known->id == survey)
		c->sv = *known;
	else if (kj_store_survey_get(st, survey, &c->sv, &found, err) < 0)
		return -1;
	/* A survey of kind other to operators is answered the same way, on its
	 * own questions only (app/survey_other.h). */
	if (!found || (strcmp(c->sv.kind, "questionnaire") &&
		       !(ans_other(c) && !strcmp(c->sv.respondent_kind, "operator")))) {
		ans_refuse(why, KJ_SURVEY_NOT_FOUND, "no questionnaire survey %lld",
			   (long long)survey);
		return ans_refuse_ja(why, "調査票調査 %lld はありません", (long long)survey);
	}
	c->org = org > 0 ? org : kj_app_actor_org(actor);
	if (c->org <= 0) {
		ans_refuse(why, KJ_SURVEY_BAD, "name the operator whose response it is");
		return ans_refuse_ja(why, "回答する事業者を指定してください");
	}
	if (kj_store_survey_version_id(st, survey, &c->vid, err) < 0 ||
	    kj_store_response_head(st, survey, c->org, &c->h, err) < 0 ||
	    reach(st, actor, c, act, &ok, err) < 0)
		return -1;
	if (!ok) {
		ans_refuse(why, KJ_SURVEY_FORBIDDEN, "this response is outside your reach");
		return ans_refuse_ja(why, "この回答を扱う権限がありません");
	}
	if (!c->h.respondent && !c->h.id) {
		ans_refuse(why, KJ_SURVEY_NOT_FOUND, "operator %lld is not a respondent of survey %lld",
			   (long long)c->org, (long long)survey);
		return ans_refuse_ja(why, "事業者 %lld は調査 %lld の回答対象ではありません",
				     (long long)c->org, (long long)survey);
	}
	return 0;
}

void ans_val_free(struct ans_val *v)
{
	free(v->na);
	free(v->note);
	free(v->evidence);
	free(v->value);
	memset(v, 0, sizeof *v);
	v->level = KJ_LEVEL_NONE;
}

void ans_sheet_free(struct ans_sheet *sh)
{
	if (!sh)
		return;
	for (int i = 0; i < sh->nslots; i++) {
		ans_val_free(&sh->slot[i].now);
		ans_val_free(&sh->slot[i].last);
	}
	for (int i = 0; i < sh->nq; i++) {
		free(sh->q[i].choices);
		free(sh->q[i].text_ja);
		free(sh->q[i].text_en);
	}
	free(sh->slot);
	free(sh);
}

/* qsort has no context argument in C17: the sheet being sorted, per thread. */
static _Thread_local const struct ans_sheet *sort_sheet;

static int by_code_cmp(const void *a, const void *b)
{
	return strcmp(sort_sheet->code[*(const int *)a], sort_sheet->code[*(const int *)b]);
}

/* Codes of a version are unique; sorting once makes each lookup a binary search. */
static void index_codes(struct ans_sheet *sh)
{
	int sorted = 1;
	for (int i = 0; i < sh->nreq; i++) {
		sh->by_code[i] = i;
		sorted = sorted && (i == 0 || strcmp(sh->code[i - 1], sh->code[i]) < 0);
	}
	/* The standard's order is nearly always the codes' order already: the
	 * sort is then spared (twice per form of an import). */
	if (sorted)
		return;
	sort_sheet = sh;
	qsort(sh->by_code, (size_t)sh->nreq, sizeof sh->by_code[0], by_code_cmp);
	sort_sheet = NULL;
}

int ans_sheet_find(const struct ans_sheet *sh, const char *item)
{
	if (!item || !*item)
		return -1;
	if (item[0] == 'Q') {
		long ord;
		if (kj_parse_long(item + 1, 1, 1000000, &ord) < 0)
			return -1;
		for (int i = 0; i < sh->nq; i++)
			if (sh->q[i].ord == ord)
				return sh->nreq + i;
		return -1;
	}
	int lo = 0, hi = sh->nreq - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(item, sh->code[sh->by_code[mid]]);
		if (!c)
			return sh->by_code[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* Copies the strings of A into V; -1 when out of memory. */
static int val_set(struct ans_val *v, int level, const char *na, const char *note,
		   const char *evidence, const char *value)
{
	ans_val_free(v);
	v->level = level;
	v->na = dup_or_null(na);
	v->note = dup_or_null(note);
	v->evidence = dup_or_null(evidence);
	v->value = dup_or_null(value);
	if ((na && *na && !v->na) || (note && *note && !v->note) ||
	    (evidence && *evidence && !v->evidence) || (value && *value && !v->value))
		return -1;
	return 0;
}

static int add_question(void *ctx, const struct kj_stored_question *q)
{
	struct ans_sheet *sh = ctx;
	if (sh->nq >= KJ_SURVEY_QUESTIONS_MAX)
		return 0;
	struct ans_question *o = &sh->q[sh->nq++];
	o->id = q->id;
	o->ord = q->ord;
	o->kind = kj_question_kind_parse(q->kind);
	o->required = q->required;
	o->choices = strdup(q->choices);
	o->text_ja = strdup(q->text_ja);
	o->text_en = strdup(q->text_en);
	return o->choices && o->text_ja && o->text_en ? 0 : -1;
}

static int add_answer(void *ctx, const struct kj_stored_answer *a)
{
	struct ans_sheet *sh = ctx;
	int k = -1;
	if (a->question) {
		for (int i = 0; i < sh->nq && k < 0; i++)
			if (sh->q[i].id == a->key)
				k = sh->nreq + i;
	} else {
		k = ans_sheet_find(sh, a->code);
	}
	if (k < 0)
		return 0;	/* a question no longer asked of this operator */
	struct ans_slot *s = &sh->slot[k];
	s->exists = 1;
	s->prefilled = a->prefilled;
	s->changed_rev = a->changed_rev;
	kj_strlcpy(s->at, a->updated_at, sizeof s->at);
	kj_strlcpy(s->by, a->updated_by, sizeof s->by);
	return val_set(&s->now, a->level, a->na_reason, a->note, a->evidence, a->value);
}

int ans_sheet_load(struct kj_store *st, const struct ans_ctx *c, struct ans_sheet **out,
		   struct kj_err *err)
{
	*out = NULL;
	/* Its arrays (50 KB) are read only up to their counts: not cleared. */
	struct ans_sheet *sh = malloc(sizeof *sh);
	if (!sh) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	sh->nreq = sh->nq = sh->nslots = 0;
	sh->slot = NULL;
	int rc = ans_other(c) ? 0
		: kj_store_requirement_codes(st, c->vid, sh->reqid, sh->code, KJ_CATALOG_REQ_MAX,
					     &sh->nreq, err);
	if (rc == 0)
		rc = kj_store_survey_questions(st, c->sv.id, c->org, add_question, sh, err);
	if (rc == 0) {
		index_codes(sh);
		sh->nslots = sh->nreq + sh->nq;
		/* Each slot's fields set below, not its texts' room cleared. */
		sh->slot = malloc(((size_t)sh->nslots + 1) * sizeof *sh->slot);
		if (!sh->slot)
			rc = 1;
	}
	for (int i = 0; rc == 0 && i < sh->nslots; i++) {
		struct ans_slot *s = &sh->slot[i];
		s->exists = s->prefilled = s->has_last = s->carried = 0;
		s->changed_rev = 0;
		s->at[0] = s->by[0] = '\0';
		s->now = s->last = (struct ans_val){ .level = KJ_LEVEL_NONE };
		if (i < sh->nreq) {
			s->question = -1;
			s->key = sh->reqid[i];
			kj_strlcpy(s->item, sh->code[i], sizeof s->item);
		} else {
			s->question = i - sh->nreq;
			s->key = sh->q[s->question].id;
			snprintf(s->item, sizeof s->item, "Q%d", sh->q[s->question].ord);
		}
	}
	if (rc == 0 && c->h.id)
		rc = kj_store_answers_each(st, c->h.id, add_answer, sh, err);
	if (rc > 0)
		kj_err_set(err, "out of memory");
	if (rc) {
		ans_sheet_free(sh);
		return -1;
	}
	*out = sh;
	return 0;
}

/* Last year's answers: old codes mapped to this year's. */
struct last_walk {
	struct ans_sheet *sh;
	struct { char from[KJ_ID_MAX], to[KJ_ID_MAX]; } *map;
	int nmap, mapped;	/* MAPPED 0: the same version, codes as they are */
};

static int map_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static int add_pair(void *ctx, const char *from, const char *to)
{
	struct last_walk *w = ctx;
	if (w->nmap >= KJ_CATALOG_REQ_MAX)
		return 0;
	kj_strlcpy(w->map[w->nmap].from, from, KJ_ID_MAX);
	kj_strlcpy(w->map[w->nmap].to, to, KJ_ID_MAX);
	w->nmap++;
	return 0;
}

/* The slot of last year's requirement CODE, or -1. */
static int last_slot(const struct last_walk *w, const char *code)
{
	if (!w->mapped)
		return ans_sheet_find(w->sh, code);
	char key[KJ_ID_MAX];
	if (kj_strlcpy(key, code, sizeof key) < 0)
		return -1;
	const char *m = bsearch(key, w->map, (size_t)w->nmap, sizeof w->map[0], map_cmp);
	return m ? ans_sheet_find(w->sh, m + KJ_ID_MAX) : -1;
}

static int add_last(void *ctx, const struct kj_stored_answer *a)
{
	struct last_walk *w = ctx;
	if (a->question)
		return 0;
	int k = last_slot(w, a->code);
	if (k < 0)
		return 0;
	w->sh->slot[k].has_last = 1;
	return val_set(&w->sh->slot[k].last, a->level, a->na_reason, a->note, a->evidence, "");
}

/* Last year's answers from the content of its latest version. */
static int last_from_content(struct last_walk *w, char *content)
{
	for (char *line = content; line && *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		char *tab = strchr(line, '\t');
		if (tab && line[0] != 'Q') {
			*tab = '\0';
			int k = last_slot(w, line);
			struct ans_val v = { KJ_LEVEL_NONE, NULL, NULL, NULL, NULL };
			if (k >= 0 && ans_text_parse(tab + 1, 0, &v) == 0 &&
			    v.level != KJ_LEVEL_NONE) {
				ans_val_free(&w->sh->slot[k].last);
				w->sh->slot[k].last = v;
				w->sh->slot[k].has_last = 1;
			} else {
				ans_val_free(&v);
			}
		}
		line = end ? end + 1 : NULL;
	}
	return 0;
}

int ans_sheet_last(struct kj_store *st, const struct ans_ctx *c, struct ans_sheet *sh,
		   struct kj_err *err)
{
	int64_t prev, vid;
	int versions, rc = 0;
	char status[16];
	if (ans_other(c))	/* its own questions: nothing carries over */
		return 0;
	if (kj_store_prev_response(st, c->sv.id, c->org, &prev, status, &vid, &versions, err) < 0)
		return -1;
	if (!prev)
		return 0;
	struct last_walk w = { sh, NULL, 0, vid != c->vid };
	if (w.mapped) {
		w.map = calloc(KJ_CATALOG_REQ_MAX, sizeof *w.map);
		if (!w.map) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		rc = kj_store_xw_one_to_one(st, vid, c->vid, add_pair, &w, err);
		if (rc == 0)
			qsort(w.map, (size_t)w.nmap, sizeof w.map[0], map_cmp);
	}
	if (rc == 0 && !strcmp(status, "submitted")) {
		rc = kj_store_answers_each(st, prev, add_last, &w, err);
	} else if (rc == 0 && versions > 0) {
		struct kj_stored_version *v = malloc(sizeof *v);
		char *content = NULL;
		int found = 0;
		rc = v ? kj_store_version_get(st, prev, versions, v, &content, &found, err) : 1;
		if (rc == 0 && found)
			rc = last_from_content(&w, content);
		free(content);
		free(v);
	}
	free(w.map);
	if (rc > 0)
		kj_err_set(err, "out of memory");
	return rc ? -1 : 0;
}

/* Writes S escaped: backslash, line breaks and tabs as \\ \n \r \t, and a
 * slash after a space as \/, so " / " only ever separates parts. */
static void esc(struct kj_buf *b, const char *s)
{
	char prev = 0;
	for (; s && *s; prev = *s++) {
		switch (*s) {
		case '\\': kj_buf_adds(b, "\\\\"); break;
		case '\n': kj_buf_adds(b, "\\n"); break;
		case '\r': kj_buf_adds(b, "\\r"); break;
		case '\t': kj_buf_adds(b, "\\t"); break;
		case '/':
			kj_buf_adds(b, prev == ' ' ? "\\/" : "/");
			break;
		default: kj_buf_addc(b, *s); break;
		}
	}
}

void ans_text(struct kj_buf *b, const struct ans_val *v, int question)
{
	if (question) {
		esc(b, v->value);
		return;
	}
	if (v->level == KJ_LEVEL_NONE)
		return;
	if (v->level == KJ_LEVEL_NA) {
		kj_buf_adds(b, "na: ");
		esc(b, v->na);
	} else {
		kj_buf_adds(b, kj_level_code(v->level));
	}
	if (v->note && *v->note) {
		kj_buf_adds(b, " / note: ");
		esc(b, v->note);
	}
	if (v->evidence && *v->evidence) {
		kj_buf_adds(b, " / evidence: ");
		esc(b, v->evidence);
	}
}

/* S (N bytes) unescaped, malloc'd; NULL when empty or out of memory. */
static char *unesc(const char *s, size_t n, int *bad)
{
	if (!n)
		return NULL;
	char *o = malloc(n + 1), *p = o;
	if (!o) {
		*bad = 1;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			*p++ = s[i];
			continue;
		}
		if (++i >= n) {
			*bad = 1;
			break;
		}
		switch (s[i]) {
		case 'n': *p++ = '\n'; break;
		case 'r': *p++ = '\r'; break;
		case 't': *p++ = '\t'; break;
		case '\\': *p++ = '\\'; break;
		case '/': *p++ = '/'; break;
		default: *bad = 1; break;
		}
	}
	*p = '\0';
	return o;
}

int ans_text_parse(const char *text, int question, struct ans_val *v)
{
	int bad = 0;
	memset(v, 0, sizeof *v);
	v->level = KJ_LEVEL_NONE;
	if (question) {
		v->value = unesc(text, strlen(text), &bad);
		return bad ? (ans_val_free(v), -1) : 0;
	}
	if (!*text)
		return 0;
	for (const char *p = text; p && !bad;) {
		const char *sep = strstr(p, " / ");
		size_t n = sep ? (size_t)(sep - p) : strlen(p);
		if (p == text) {
			if (n == 1 && p[0] >= '0' && p[0] <= '4')
				v->level = p[0] - '0';
			else if (n >= 4 && !strncmp(p, "na: ", 4)) {
				v->level = KJ_LEVEL_NA;
				v->na = unesc(p + 4, n - 4, &bad);
			} else
				bad = 1;
		} else if (n >= 6 && !strncmp(p, "note: ", 6) && !v->note) {
			v->note = unesc(p + 6, n - 6, &bad);
		} else if (n >= 10 && !strncmp(p, "evidence: ", 10) && !v->evidence) {
			v->evidence = unesc(p + 10, n - 10, &bad);
		} else {
			bad = 1;
		}
		p = sep ? sep + 3 : NULL;
	}
	if (bad) {
		ans_val_free(v);
		return -1;
	}
	return 0;
}

void kj_answer_text(const struct kj_answer_value *v, char *out, size_t cap)
{
	if (!cap)
		return;
	struct kj_buf b;
	kj_buf_init(&b, 4 * (KJ_ANSWER_NOTE_BYTES + KJ_ANSWER_VALUE_BYTES));
	struct ans_val a = { v->level, (char *)v->na_reason, (char *)v->note,
			     (char *)v->evidence, (char *)v->value };
	ans_text(&b, &a, v->value[0] != '\0');
	const char *s = kj_buf_str(&b);
	size_t n = strlen(s);
	if (n >= cap) {
		n = cap - 1;
		/* Cut at a character's start, not inside one. */
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	kj_buf_free(&b);
}

char *ans_content(const struct ans_sheet *sh)
{
	struct kj_buf b;
	kj_buf_init(&b, (size_t)sh->nslots * 4 * (KJ_ANSWER_NOTE_BYTES + KJ_ANSWER_VALUE_BYTES +
						  KJ_ANSWER_EVIDENCE_BYTES + KJ_ANSWER_NA_BYTES)
		    + 1024);
	for (int i = 0; i < sh->nslots; i++) {
		const struct ans_slot *s = &sh->slot[i];
		kj_buf_adds(&b, s->item);
		kj_buf_addc(&b, '\t');
		ans_text(&b, &s->now, s->question >= 0);
		kj_buf_addc(&b, '\n');
	}
	return b.len ? kj_buf_detach(&b) : strdup("");
}

void ans_digest(const char *s, char out[KJ_DIGEST_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, KJ_DIGEST_HEX, h, sizeof h);
}

int ans_audit(struct kj_store *st, const struct kj_actor *actor, const char *action,
	      int64_t response, json_t *detail, struct kj_err *err)
{
	return kj_audit_log_actor(st, actor, action, "response", response, detail, err);
}

long ans_check_return_message(const char *message, struct kj_answer_refusal *why)
{
	size_t n = message ? strlen(message) : 0;
	long chars = 0;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)message[i] & 0xC0) != 0x80;
	if (n && kj_utf8_valid_text(message, n) && chars <= KJ_RETURN_MESSAGE_MAX)
		return chars;
	ans_refuse(why, KJ_SURVEY_BAD, "a return needs its message: text of at most %d "
		   "characters", KJ_RETURN_MESSAGE_MAX);
	ans_refuse_ja(why, "差し戻しの理由を %d 文字以内で書いてください", KJ_RETURN_MESSAGE_MAX);
	return 0;
}
