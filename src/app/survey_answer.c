/*
 * Use cases of answering a questionnaire (survey_answer.h): the response
 * read whole, started with last year's answers carried over, saved with
 * optimistic locking and submitted with its receipt. A save reads the
 * response's answers once, compares in C and writes only the items that
 * change, in statements kept prepared: an import saves 20,000 operators'
 * forms through it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/notify.h"
#include "app/survey_answer_priv.h"
#include "model/audit.h"
#include "store/store_catalog.h"
#include "store/store_tally.h"
#include "store/store_analysis.h"

#define FAULT(name, ja, en) static const struct kj_answer_fault name = { ja, en }
FAULT(unknown_item, "この調査にない項目です", "no such item in this survey");
FAULT(item_twice, "同じ項目が 2 回あります", "the item is given twice");
FAULT(not_a_question, "要求事項には段階（0〜4 か該当なし）で答えます",
      "a requirement is answered with a level (0 to 4 or N/A), not a value");
FAULT(question_text, "独自設問には回答だけを書きます（理由・コメント・根拠資料は不要です）",
      "a survey's own question takes its answer only, no reason, comment or evidence");

struct kj_save_result *kj_save_result_new(void)
{
	struct kj_save_result *r = malloc(sizeof *r);
	/* The counts say how many conflicts and faults are written: the
	 * room is not cleared (an import makes one result a form). */
	if (r && !(r->conflicts = malloc(KJ_SAVE_CONFLICTS_MAX * sizeof *r->conflicts))) {
		free(r);
		return NULL;
	}
	if (r) {
		r->revision = -1;
		r->changed = r->nconflicts = r->nfaults = 0;
	}
	return r;
}

void kj_save_result_free(struct kj_save_result *r)
{
	if (!r)
		return;
	free(r->conflicts);
	free(r);
}

/* Only an open survey, before its close date (or the operator's extension),
 * takes answers. */
static int check_open(const struct ans_ctx *c, struct kj_answer_refusal *why)
{
	if (strcmp(c->sv.status, "open")) {
		ans_refuse(why, KJ_SURVEY_REFUSED, "survey %lld is %s: it takes no answers",
			   (long long)c->sv.id, c->sv.status);
		return ans_refuse_ja(why, "調査 %lld は回答を受け付けていません（%s）",
				     (long long)c->sv.id, c->sv.status);
	}
	char today[16];
	ans_today(today);
	const char *closes = *c->h.extended_to ? c->h.extended_to : c->sv.closes_on;
	if (*closes && strcmp(today, closes) > 0) {
		ans_refuse(why, KJ_SURVEY_REFUSED, "survey %lld closed on %s",
			   (long long)c->sv.id, closes);
		return ans_refuse_ja(why, "調査 %lld の回答期限（%s）を過ぎています",
				     (long long)c->sv.id, closes);
	}
	return 0;
}

static json_t *detail_head(const struct ans_ctx *c)
{
	return json_pack("{s:I, s:I}", "survey", (json_int_t)c->sv.id, "org", (json_int_t)c->org);
}

int ans_carry_load(struct kj_store *st, const struct ans_ctx *c, struct ans_sheet *sh,
		   struct kj_err *err)
{
	if (ans_sheet_last(st, c, sh, err) < 0)
		return -1;
	for (int i = 0; i < sh->nreq; i++) {
		struct ans_slot *s = &sh->slot[i];
		if (!s->has_last || s->last.level == KJ_LEVEL_NONE)
			continue;
		ans_val_free(&s->now);
		s->now.level = s->last.level;
		s->now.na = s->last.na ? strdup(s->last.na) : NULL;
		s->now.note = s->last.note ? strdup(s->last.note) : NULL;
		s->now.evidence = s->last.evidence ? strdup(s->last.evidence) : NULL;
		if ((s->last.na && !s->now.na) || (s->last.note && !s->now.note) ||
		    (s->last.evidence && !s->now.evidence)) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		s->prefilled = s->carried = 1;
		s->changed_rev = 0;
	}
	return 0;
}

/* The answers of SH carried over from last year and not yet written. */
static int carried_count(const struct ans_sheet *sh)
{
	int carried = 0;
	for (int i = 0; i < sh->nreq; i++)
		carried += sh->slot[i].carried;
	return carried;
}

static int start_audit(struct kj_store *st, const struct kj_actor *actor,
		       const struct ans_ctx *c, int carried, struct kj_err *err)
{
	json_t *d = detail_head(c);
	json_object_set_new(d, "carried", json_integer(carried));
	return ans_audit(st, actor, "response.start", c->h.id, d, err);
}

int ans_create(struct kj_store *st, const struct kj_actor *actor, struct ans_ctx *c,
	       struct ans_sheet *sh, int write, struct kj_err *err)
{
	char now[32];
	kj_now_iso(now);
	if (kj_store_response_create(st, c->sv.id, c->org, now, actor->id, &c->h.id, err) < 0)
		return -1;
	kj_strlcpy(c->h.status, "draft", sizeof c->h.status);
	c->h.revision = 0;
	if ((write && ans_carry_flush(st, actor, c, sh, err) < 0) ||
	    kj_store_tally_move(st, c->sv.id, c->org, "not_started", "draft", err) < 0)
		return -1;
	return write ? start_audit(st, actor, c, carried_count(sh), err) : 0;
}

int ans_start(struct kj_store *st, const struct kj_actor *actor, struct ans_ctx *c,
	      struct ans_sheet *sh, struct kj_err *err)
{
	return ans_carry_load(st, c, sh, err) < 0 ? -1 : ans_create(st, actor, c, sh, 1, err);
}

int ans_carry_flush(struct kj_store *st, const struct kj_actor *actor, const struct ans_ctx *c,
		    struct ans_sheet *sh, struct kj_err *err)
{
	int carried = carried_count(sh);
	if (!carried)	/* a whole form imported left none */
		return 0;
	char now[32];
	kj_now_iso(now);
	struct kj_answer_put *p = malloc((size_t)carried * sizeof *p);
	int n = 0;
	if (!p) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	for (int i = 0; i < sh->nreq; i++) {
		struct ans_slot *s = &sh->slot[i];
		if (!s->carried)
			continue;
		p[n++] = (struct kj_answer_put){ 0, s->key, 0, 0, s->now.level,
			s->now.na ? s->now.na : "", s->now.note ? s->now.note : "",
			s->now.evidence ? s->now.evidence : "", "", 1 };
		s->exists = 1;
		s->carried = 0;
	}
	int rc = kj_store_answers_put(st, c->h.id, p, n, 0, now, actor->id, err);
	free(p);
	return rc;
}

int kj_app_response_start(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			  int64_t org, struct kj_answer_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct ans_ctx *c = calloc(1, sizeof *c);
	struct ans_sheet *sh = NULL;
	int rc = -1;
	if (!c) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (ans_ctx_open(st, actor, survey, org, KJ_RESPONSE_EDIT, c, why, err) < 0)
		goto rollback;
	if (!why->fault && !c->h.id)
		check_open(c, why);
	if (why->fault || c->h.id) {
		rc = 0;
		goto rollback;
	}
	if (ans_sheet_load(st, c, &sh, err) < 0 || ans_start(st, actor, c, sh, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	rc = 0;
	goto out;
rollback:
	kj_store_rollback(st);
out:
	ans_sheet_free(sh);
	free(c);
	return rc;
}

static int same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static int val_same(const struct ans_val *a, const struct ans_val *b)
{
	return a->level == b->level && same(a->na, b->na) && same(a->note, b->note) &&
	       same(a->evidence, b->evidence) && same(a->value, b->value);
}

static void val_out(const struct ans_val *v, struct kj_answer_value *o)
{
	o->level = v->level;
	kj_strlcpy(o->na_reason, v->na ? v->na : "", sizeof o->na_reason);
	kj_strlcpy(o->note, v->note ? v->note : "", sizeof o->note);
	kj_strlcpy(o->evidence, v->evidence ? v->evidence : "", sizeof o->evidence);
	kj_strlcpy(o->value, v->value ? v->value : "", sizeof o->value);
}

/* An item's name as given, cut to fit (at a character's start). */
static void item_name(char out[KJ_ITEM_MAX], const char *item)
{
	size_t n = item ? strlen(item) : 0;
	if (n >= KJ_ITEM_MAX) {
		n = KJ_ITEM_MAX - 1;
		while (n && ((unsigned char)item[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(out, item, n);
	out[n] = '\0';
}

/* One edit as it will be written. */
struct pending {
	int slot;
	struct ans_val v;	/* borrowed strings, but QVALUE */
	char *qvalue;		/* a question's normalised answer (owned) */
	int write;		/* changes the row: a new value or a confirmation */
};

static void add_fault(struct kj_save_result *res, const char *item,
		      const struct kj_answer_fault *f)
{
	if (res->nfaults < KJ_SAVE_FAULTS_MAX) {
		item_name(res->faults[res->nfaults].item, item);
		res->faults[res->nfaults].fault = f;
	}
	res->nfaults++;
}

/* The answer EDIT makes of slot S into P; a fault into RES. -1: out of memory. */
static int apply_edit(const struct ans_sheet *sh, const struct kj_answer_edit *e,
		      struct pending *p, struct kj_save_result *res)
{
	const struct ans_slot *s = &sh->slot[p->slot];
	const struct kj_answer_fault *f = NULL;
	p->v = s->now;
	if (s->question >= 0) {
		const struct ans_question *q = &sh->q[s->question];
		const char *raw = e->value ? e->value : e->level;
		if (e->na_reason || e->note || e->evidence)
			f = &question_text;
		else if (raw) {
			char *buf = malloc(KJ_ANSWER_VALUE_BYTES);
			if (!buf)
				return -1;
			f = kj_question_value((enum kj_question_kind)q->kind, q->choices, raw, buf,
					      KJ_ANSWER_VALUE_BYTES);
			p->qvalue = buf;
			p->v.value = buf;
		}
	} else if (e->value) {
		f = &not_a_question;
	} else {
		int level = s->now.level;
		if (e->level && e->checked)	/* parsed by the form's check */
			level = e->level_value;
		else if (e->level)
			f = kj_level_parse(e->level, &level);
		if (e->level && !f) {
			p->v.level = level;
			if (level == KJ_LEVEL_NONE)
				p->v.note = p->v.evidence = NULL;
			if (level != KJ_LEVEL_NA)
				p->v.na = NULL;
		}
		if (e->na_reason)
			p->v.na = (char *)e->na_reason;
		if (e->note)
			p->v.note = (char *)e->note;
		if (e->evidence)
			p->v.evidence = (char *)e->evidence;
		/* A checked form's row sets the whole answer: already checked. */
		int whole = e->checked && e->level && e->na_reason && e->note && e->evidence;
		if (!f && !whole)
			f = kj_answer_check(p->v.level, p->v.na, p->v.note, p->v.evidence);
	}
	if (f) {
		add_fault(res, e->item, f);
		return 0;
	}
	p->write = !val_same(&p->v, &s->now) || (e->confirm && s->prefilled);
	return 0;
}

/* A conflict: slot S changed after the revision read, to another value than P's. */
static void add_conflict(struct kj_save_result *res, const struct ans_slot *s,
			 const struct pending *p)
{
	if (res->nconflicts < KJ_SAVE_CONFLICTS_MAX) {
		int k = res->nconflicts;
		kj_strlcpy(res->conflicts[k].item, s->item, sizeof res->conflicts[k].item);
		val_out(&s->now, &res->conflicts[k].theirs);
		val_out(&p->v, &res->conflicts[k].yours);
		kj_strlcpy(res->conflicts[k].by, s->by, sizeof res->conflicts[k].by);
		kj_strlcpy(res->conflicts[k].at, s->at, sizeof res->conflicts[k].at);
	}
	res->nconflicts++;
}

/* The refusal of a save with faults or conflicts, naming the first items. */
static void refuse_save(const struct kj_save_result *res, long revision,
			struct kj_answer_refusal *why)
{
	if (res->nfaults) {
		const char *item = res->faults[0].item;
		ans_refuse(why, KJ_SURVEY_BAD, "%d answer%s not valid, nothing saved: %s: %s",
			   res->nfaults, res->nfaults == 1 ? " is" : "s are", item,
			   res->faults[0].fault->en);
		ans_refuse_ja(why, "%d 件の回答に誤りがあるため保存していません（%s: %s）",
			      res->nfaults, item, res->faults[0].fault->ja);
		return;
	}
	ans_refuse(why, KJ_SURVEY_REFUSED, "%d item%s changed by someone else since revision %ld,"
		   " nothing saved: %s", res->nconflicts, res->nconflicts == 1 ? " was" : "s were",
		   revision, res->conflicts[0].item);
	ans_refuse_ja(why, "%d 件の項目が読み込み後（版 %ld）に他の人によって変更されたため"
		      "保存していません（%s）", res->nconflicts, revision, res->conflicts[0].item);
}

/* Checks a reason for changes after a return. */
static int check_reason(const char *reason, struct kj_answer_refusal *why)
{
	size_t n = reason ? strlen(reason) : 0;
	long chars = 0;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)reason[i] & 0xC0) != 0x80;
	if (!n) {
		ans_refuse(why, KJ_SURVEY_BAD, "the response was returned: say why each change is made");
		return ans_refuse_ja(why, "差し戻された回答を変更するときは変更理由を書いてください");
	}
	if (!kj_utf8_valid_text(reason, n) || chars > KJ_CHANGE_REASON_MAX) {
		ans_refuse(why, KJ_SURVEY_BAD, "a change's reason is text of at most %d characters",
			   KJ_CHANGE_REASON_MAX);
		return ans_refuse_ja(why, "変更理由は %d 文字以内の文で書いてください",
				     KJ_CHANGE_REASON_MAX);
	}
	return 0;
}

/* The audit detail of a save: the items' names, as many as fit, or
 * "items_all" when the save changed every item of the sheet (a whole form
 * imported: 20,000 entries of the same 90 names otherwise); CARRIED (>= 0)
 * when the save started the response, with that many answers carried over
 * (what response.start says otherwise, in an entry of its own). */
static json_t *save_detail(const struct ans_ctx *c, const struct ans_sheet *sh,
			   const struct pending *p, int n, int changed, long revision,
			   int carried)
{
	json_t *d = detail_head(c);
	json_object_set_new(d, "revision", json_integer(revision));
	json_object_set_new(d, "changed", json_integer(changed));
	if (carried >= 0) {
		json_object_set_new(d, "started", json_true());
		json_object_set_new(d, "carried", json_integer(carried));
	}
	if (changed == sh->nslots) {
		json_object_set_new(d, "items_all", json_true());
		return d;
	}
	json_t *items = json_array();
	size_t room = KJ_AUDIT_DETAIL_MAX / 2;
	int listed = 0;
	for (int i = 0; i < n; i++) {
		if (!p[i].write)
			continue;
		const char *item = sh->slot[p[i].slot].item;
		if (strlen(item) + 3 > room)
			break;
		room -= strlen(item) + 3;
		/* The catalog's codes and "Q<n>": checked text, not checked again. */
		json_array_append_new(items, json_stringn_nocheck(item, strlen(item)));
		listed++;
	}
	json_object_set_new(d, "items", items);
	if (listed < changed)
		json_object_set_new(d, "items_more", json_integer(changed - listed));
	return d;
}

/* Writes the edits P (N) that change something at REVISION, with the change
 * log after a return. */
static int write_edits(struct kj_store *st, const struct kj_actor *actor,
		       const struct ans_ctx *c, struct ans_sheet *sh,
		       const struct pending *p, int n, long revision, const char *reason,
		       struct kj_err *err)
{
	char now[32];
	kj_now_iso(now);
	int returned = !strcmp(c->h.status, "returned");
	struct kj_buf before, after;
	kj_buf_init(&before, 4 * KJ_ANSWER_NOTE_BYTES + 4 * KJ_ANSWER_VALUE_BYTES);
	kj_buf_init(&after, 4 * KJ_ANSWER_NOTE_BYTES + 4 * KJ_ANSWER_VALUE_BYTES);
	struct kj_answer_put *w = calloc((size_t)n + 1, sizeof *w);
	int rc = 0, nw = 0;
	if (!w) {
		kj_err_set(err, "out of memory");
		rc = -1;
	}
	for (int i = 0; rc == 0 && i < n; i++) {
		if (!p[i].write)
			continue;
		struct ans_slot *s = &sh->slot[p[i].slot];
		const struct ans_val *v = &p[i].v;
		int q = s->question >= 0;
		w[nw++] = (struct kj_answer_put){
			q, s->key, s->exists, q ? !(v->value && *v->value) : v->level == KJ_LEVEL_NONE,
			v->level, v->na ? v->na : "", v->note ? v->note : "",
			v->evidence ? v->evidence : "", v->value ? v->value : "", 0,
		};
	}
	if (rc == 0)
		rc = kj_store_answers_put(st, c->h.id, w, nw, revision, now, actor->id, err);
	free(w);
	for (int i = 0; rc == 0 && i < n; i++) {
		if (!p[i].write)
			continue;
		struct ans_slot *s = &sh->slot[p[i].slot];
		const struct ans_val *v = &p[i].v;
		int q = s->question >= 0;
		/* A carried-over answer not yet written is written here, or not at all. */
		s->carried = 0;
		if (returned) {
			kj_buf_reset(&before);
			kj_buf_reset(&after);
			ans_text(&before, &s->now, q);
			ans_text(&after, v, q);
			rc = kj_store_change_add(st, c->h.id, s->item, now, actor->id, actor->name,
						 kj_buf_str(&before), kj_buf_str(&after), reason, err);
		}
	}
	kj_buf_free(&before);
	kj_buf_free(&after);
	if (rc == 0)
		rc = kj_store_response_touch(st, c->h.id, revision, now, actor->id, err);
	return rc;
}

/* Reads SAVE's edits against SH into P (*N of them); faults and conflicts
 * into RES. The count of edits that write, or -1 when out of memory. */
static int evaluate_edits(const struct ans_sheet *sh, const struct kj_answer_save *save,
			  struct pending *p, int *n, struct kj_save_result *res)
{
	unsigned char *seen = calloc((size_t)sh->nslots + 1, 1);
	int changed = 0;
	if (!seen)
		return -1;
	for (int i = 0; i < save->nedits; i++) {
		const struct kj_answer_edit *e = &save->edits[i];
		/* A whole form lists the items in the sheet's order. */
		int k = i < sh->nslots && e->item && !strcmp(sh->slot[i].item, e->item) ? i
			: ans_sheet_find(sh, e->item);
		if (k < 0 || seen[k]) {
			add_fault(res, e->item ? e->item : "", k < 0 ? &unknown_item : &item_twice);
			continue;
		}
		seen[k] = 1;
		p[*n].slot = k;
		if (apply_edit(sh, e, &p[(*n)++], res) < 0) {
			free(seen);
			return -1;
		}
		const struct pending *q = &p[*n - 1];
		const struct ans_slot *s = &sh->slot[k];
		if (q->write && !val_same(&q->v, &s->now) && s->exists && save->revision >= 0 &&
		    s->changed_rev > save->revision)
			add_conflict(res, s, q);
		changed += q->write;
	}
	free(seen);
	return changed;
}

int kj_app_answers_save(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			int64_t org, const struct kj_answer_save *save, struct kj_save_result *res,
			struct kj_answer_refusal *why, struct kj_err *err)
{
	return kj_app_answers_save_known(st, actor, survey, NULL, org, save, res, why, err);
}

int kj_app_answers_save_known(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			      const struct kj_survey *known, int64_t org,
			      const struct kj_answer_save *save, struct kj_save_result *res,
			      struct kj_answer_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	res->revision = -1;
	res->changed = res->nconflicts = res->nfaults = 0;
	if (!save || save->nedits < 0 || (save->nedits && !save->edits) ||
	    save->nedits > KJ_CATALOG_REQ_MAX + KJ_SURVEY_QUESTIONS_MAX) {
		ans_refuse(why, KJ_SURVEY_BAD, "a save holds at most %d items",
			   KJ_CATALOG_REQ_MAX + KJ_SURVEY_QUESTIONS_MAX);
		return ans_refuse_ja(why, "一度に保存できる項目は %d 件までです",
				     KJ_CATALOG_REQ_MAX + KJ_SURVEY_QUESTIONS_MAX);
	}
	/* In the caller's transaction when one is open (an import's batch). */
	int own = !kj_store_in_tx(st);
	if (own)
		known = NULL;	/* read outside this transaction */
	struct ans_ctx *c = malloc(sizeof *c);	/* cleared by ans_ctx_open_known */
	struct pending *p = calloc((size_t)save->nedits + 1, sizeof *p);
	struct ans_sheet *sh = NULL;
	int rc = -1, created = 0, n = 0, changed = 0;
	if (!c || !p) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	if (own && kj_store_begin(st, err) < 0)
		goto out;
	if (ans_ctx_open_known(st, actor, survey, org, KJ_RESPONSE_EDIT, known, c, why, err) < 0)
		goto rollback;
	if (!why->fault)
		check_open(c, why);
	if (!why->fault && !strcmp(c->h.status, "submitted")) {
		ans_refuse(why, KJ_SURVEY_REFUSED, "the response is submitted: it is changed only "
			   "after it is returned");
		ans_refuse_ja(why, "提出済みの回答は変更できません（差し戻し後に変更できます）");
	}
	if (why->fault)
		goto refused;
	/* Nothing is written before every edit is known good. */
	created = !c->h.id;
	if (ans_sheet_load(st, c, &sh, err) < 0 || (created && ans_carry_load(st, c, sh, err) < 0))
		goto rollback;
	if ((changed = evaluate_edits(sh, save, p, &n, res)) < 0) {
		kj_err_set(err, "out of memory");
		goto rollback;
	}
	if (res->nfaults || res->nconflicts)
		refuse_save(res, save->revision, why);
	else if (changed && !strcmp(c->h.status, "returned"))
		check_reason(save->reason, why);
	if (why->fault)
		goto refused;
	res->revision = c->h.revision;
	if (!changed && !created) {
		rc = 0;
		goto rollback;
	}
	/* A save that starts the response says so in its one entry (an import
	 * writes 20,000 of them); a start that changes nothing has its own. */
	int carried = created ? carried_count(sh) : -1;
	if (created && (ans_create(st, actor, c, sh, 0, err) < 0 ||
			(!changed && start_audit(st, actor, c, carried, err) < 0)))
		goto rollback;
	if (changed) {
		long revision = c->h.revision + 1;
		if (write_edits(st, actor, c, sh, p, n, revision, save->reason, err) < 0 ||
		    ans_audit(st, actor, "response.save", c->h.id,
			      save_detail(c, sh, p, n, changed, revision, carried), err) < 0)
			goto rollback;
		res->revision = revision;
	}
	/* Last year's answers the edits left as they were, written once. */
	if ((created && ans_carry_flush(st, actor, c, sh, err) < 0) ||
	    (own && kj_store_commit(st, err) < 0))
		goto rollback;
	res->changed = changed;
	rc = 0;
	goto out;
refused:
	rc = 0;
rollback:
	if (own)
		kj_store_rollback(st);
	if (rc < 0 || why->fault)
		res->changed = 0;
out:
	for (int i = 0; p && i < n; i++)
		free(p[i].qvalue);
	free(p);
	ans_sheet_free(sh);
	free(c);
	return rc;
}

/* The attestation: the officer's name and title, single lines of at most
 * KJ_ATTEST_TEXT_MAX characters, and a real date. */
static int check_attestation(const struct kj_attestation *att, struct kj_answer_refusal *why)
{
	const char *texts[2] = { att ? att->name : NULL, att ? att->title : NULL };
	for (int i = 0; i < 2; i++) {
		const char *t = texts[i];
		size_t n = t ? strlen(t) : 0;
		long chars = 0;
		for (size_t k = 0; k < n; k++)
			chars += ((unsigned char)t[k] & 0xC0) != 0x80;
		if (!n || !kj_utf8_valid(t, n, 0) || chars > KJ_ATTEST_TEXT_MAX) {
			ans_refuse(why, KJ_SURVEY_BAD, "the attesting officer's %s is required, one "
				   "line of at most %d characters", i ? "title" : "name",
				   KJ_ATTEST_TEXT_MAX);
			return ans_refuse_ja(why, "確認した責任者の%sを %d 文字以内で書いてください",
					     i ? "役職" : "氏名", KJ_ATTEST_TEXT_MAX);
		}
	}
	if (!att->date || !kj_date_valid(att->date)) {
		ans_refuse(why, KJ_SURVEY_BAD, "the attestation's date is a real date, YYYY-MM-DD");
		return ans_refuse_ja(why, "確認日を YYYY-MM-DD の実在する日付で書いてください");
	}
	return 0;
}

/* The items of SH not answered, or carried over and not confirmed, into
 * MISSING (at most MAX); their count. */
static int list_missing(const struct ans_sheet *sh, char (*missing)[KJ_ITEM_MAX], int max,
			int *unconfirmed)
{
	int n = 0;
	*unconfirmed = 0;
	for (int i = 0; i < sh->nslots; i++) {
		const struct ans_slot *s = &sh->slot[i];
		int required = s->question < 0 || sh->q[s->question].required;
		int gap = required && !s->exists;
		if (s->exists && s->prefilled) {
			gap = 1;
			(*unconfirmed)++;
		}
		if (!gap)
			continue;
		if (missing && n < max)
			kj_strlcpy(missing[n], s->item, KJ_ITEM_MAX);
		n++;
	}
	return n;
}

/* Writes the version of C's response: receipt, content and digest, status. */
static int submit_in_tx(struct kj_store *st, const struct kj_actor *actor, struct ans_ctx *c,
			const struct ans_sheet *sh, const struct kj_attestation *att,
			struct kj_receipt *receipt, struct kj_err *err)
{
	char *content = ans_content(sh);
	if (!content) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int version = c->h.versions + 1;
	long revision = c->h.revision + 1;
	receipt->version = version;
	snprintf(receipt->number, sizeof receipt->number, "R%04d-%04lld-%06lld-%02d",
		 c->sv.fy, (long long)c->sv.id, (long long)c->h.id, version);
	kj_now_iso(receipt->at);
	ans_digest(content, receipt->digest);
	int rc = kj_store_version_add(st, c->h.id, version, receipt->number, receipt->at,
				      actor->id, actor->name, receipt->digest, content, att->name,
				      att->title, att->date, err);
	free(content);
	if (rc < 0 ||
	    kj_store_response_status(st, c->h.id, "submitted", revision, version, receipt->at,
				     actor->id, err) < 0 ||
	    kj_store_tally_move(st, c->sv.id, c->org, c->h.status, "submitted", err) < 0 ||
	    (!ans_other(c) &&
	     kj_store_analysis_move(st, c->sv.id, c->org, c->h.status, "submitted", err) < 0))
		return -1;
	/* The receipt's notice, queued with the submission it tells of (a survey
	 * of kind other has no notices: its receipt is on the page). */
	struct kj_notify_receipt note = { receipt->number, receipt->at, receipt->digest, version };
	if (!ans_other(c) && kj_notify_receipt(st, c->sv.id, c->org, &note, err) < 0)
		return -1;
	json_t *d = detail_head(c);
	json_object_set_new(d, "version", json_integer(version));
	json_object_set_new(d, "receipt", json_string(receipt->number));
	json_object_set_new(d, "digest", json_string(receipt->digest));
	json_object_set_new(d, "revision", json_integer(revision));
	return ans_audit(st, actor, "response.submit", c->h.id, d, err);
}

int kj_app_response_submit(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			   int64_t org, long revision, const struct kj_attestation *att,
			   struct kj_receipt *receipt, char (*missing)[KJ_ITEM_MAX], int max,
			   int *nmissing, struct kj_answer_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	memset(receipt, 0, sizeof *receipt);
	*nmissing = 0;
	struct ans_ctx *c = calloc(1, sizeof *c);
	struct ans_sheet *sh = NULL;
	int rc = -1, unconfirmed;
	if (!c) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	/* The receipt is durable once it is given. In the caller's transaction
	 * when one is open (an import's batch, which commits it durably). */
	int own = !kj_store_in_tx(st);
	if (own && (kj_store_durable(st, 1, err) < 0 || kj_store_begin(st, err) < 0))
		goto out;
	if (ans_ctx_open(st, actor, survey, org, KJ_RESPONSE_SUBMIT, c, why, err) < 0)
		goto rollback;
	if (!why->fault)
		check_open(c, why);
	if (!why->fault && !strcmp(c->h.status, "submitted")) {
		ans_refuse(why, KJ_SURVEY_REFUSED, "the response is already submitted (version %d)",
			   c->h.versions);
		ans_refuse_ja(why, "この回答は提出済みです（第 %d 版）", c->h.versions);
	}
	if (!why->fault && c->h.id && revision >= 0 && revision != c->h.revision) {
		ans_refuse(why, KJ_SURVEY_REFUSED, "the response changed since you read it "
			   "(revision %ld, now %ld): read it again before submitting", revision,
			   c->h.revision);
		ans_refuse_ja(why, "読み込み後に回答が変更されました（版 %ld → %ld）。読み直してから"
			      "提出してください", revision, c->h.revision);
	}
	if (!why->fault)
		check_attestation(att, why);
	if (why->fault)
		goto refused;
	if (ans_sheet_load(st, c, &sh, err) < 0)
		goto rollback;
	*nmissing = list_missing(sh, missing, max, &unconfirmed);
	if (*nmissing) {
		ans_refuse(why, KJ_SURVEY_REFUSED, "%d item%s not answered%s: %s%s", *nmissing,
			   *nmissing == 1 ? " is" : "s are",
			   unconfirmed ? " or carried over from last year and not confirmed" : "",
			   missing && max > 0 ? missing[0] : "", *nmissing > 1 ? " …" : "");
		ans_refuse_ja(why, "未回答%sの項目が %d 件あります（%s%s）",
			      unconfirmed ? "または前年度からの引継ぎを未確認" : "", *nmissing,
			      missing && max > 0 ? missing[0] : "", *nmissing > 1 ? " ほか" : "");
		goto refused;
	}
	if (submit_in_tx(st, actor, c, sh, att, receipt, err) < 0 ||
	    (own && kj_store_commit(st, err) < 0))
		goto rollback;
	rc = 0;
	goto out;
refused:
	rc = 0;
rollback:
	if (own)
		kj_store_rollback(st);
	memset(receipt, 0, sizeof *receipt);
out:
	/* Back to the connection's setting; were that to fail, it stays durable. */
	if (own)
		kj_store_durable(st, 0, NULL);
	ans_sheet_free(sh);
	free(c);
	return rc;
}
