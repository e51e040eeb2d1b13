/*
 * Use cases around a response (survey_answer.h): read whole (into a
 * questionnaire each thread keeps one of for the next), returned for
 * correction, its submitted versions and the changes after returns,
 * assignments of items to colleagues and the lead.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/notify.h"
#include "app/survey_answer_priv.h"
#include "store/store_catalog.h"
#include "store/store_tally.h"
#include "store/store_analysis.h"

/*
 * A questionnaire is megabytes, mostly room for text: a fresh one costs its
 * page faults every time (most of an import's time, form after form). Each
 * thread keeps the last one freed and hands it out again; the thread's end
 * frees it. Only the head is cleared: the items are written field by field
 * as they are loaded, and nitems says how many are.
 */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_drop(void *q)
{
	free(q);
}

static void spare_init(void)
{
	if (pthread_key_create(&spare_key, spare_drop))
		abort();
}

struct kj_questionnaire *kj_questionnaire_new(void)
{
	pthread_once(&spare_once, spare_init);
	struct kj_questionnaire *q = pthread_getspecific(spare_key);
	if (q)
		pthread_setspecific(spare_key, NULL);
	else
		q = malloc(sizeof *q);
	if (q) {
		memset(q, 0, offsetof(struct kj_questionnaire, items));
		q->nitems = q->left = q->prefilled = 0;
	}
	return q;
}

void kj_questionnaire_free(struct kj_questionnaire *q)
{
	if (!q)
		return;
	kj_catalog_free(&q->cat);
	pthread_once(&spare_once, spare_init);
	struct kj_questionnaire *kept = pthread_getspecific(spare_key);
	if (!kept && !pthread_setspecific(spare_key, q))
		return;
	free(q);
}

/* V (NULL: "") into OUT of size N; most are empty (every form of an import
 * loads its questionnaire: seven texts an item). */
static void text_copy(char *out, size_t n, const char *v)
{
	if (v && *v)
		kj_strlcpy(out, v, n);
	else
		out[0] = '\0';
}

static void val_copy(const struct ans_val *v, struct kj_answer_value *o)
{
	o->level = v->level;
	text_copy(o->na_reason, sizeof o->na_reason, v->na);
	text_copy(o->note, sizeof o->note, v->note);
	text_copy(o->evidence, sizeof o->evidence, v->evidence);
	text_copy(o->value, sizeof o->value, v->value);
}

struct assign_walk {
	struct kj_questionnaire *q;
	int64_t fn_user[16];
	char fn_name[16][KJ_DISPLAY_MAX];
};

static int add_assignment(void *ctx, const char *item, int64_t user, const char *name)
{
	struct assign_walk *w = ctx;
	if (item[0] == 'F' && item[1] >= '0' && item[1] <= '9' && !item[2]) {
		w->fn_user[item[1] - '0'] = user;
		kj_strlcpy(w->fn_name[item[1] - '0'], name, KJ_DISPLAY_MAX);
		return 0;
	}
	for (int i = 0; i < w->q->nitems; i++)
		if (!strcmp(w->q->items[i].item, item)) {
			w->q->items[i].assignee = user;
			kj_strlcpy(w->q->items[i].assignee_name, name, KJ_DISPLAY_MAX);
		}
	return 0;
}

/* Q's items from the sheet SH, in the catalog's order. */
static void fill_items(struct kj_questionnaire *q, const struct ans_sheet *sh)
{
	q->nitems = q->left = q->prefilled = 0;
	for (int i = 0; i < sh->nslots && q->nitems < KJ_CATALOG_REQ_MAX + KJ_SURVEY_QUESTIONS_MAX;
	     i++) {
		const struct ans_slot *s = &sh->slot[i];
		struct kj_q_item *it = &q->items[q->nitems++];
		/* Field by field: the item is large, and most of it is text only
		 * an own question fills (a whole memset per item is what an
		 * import of many forms would spend its time on). */
		it->question_id = 0;
		it->kind = KJ_Q_LEVEL;
		it->text_ja[0] = it->text_en[0] = it->choices[0] = '\0';
		it->assignee = 0;
		it->assignee_name[0] = '\0';
		kj_strlcpy(it->item, s->item, sizeof it->item);
		if (s->question < 0) {
			/* The slots are the catalog's requirements in its order:
			 * the same index first, the search only if not. */
			it->requirement = i < q->cat.nreqs && q->cat.reqs[i].id &&
					  !strcmp(q->cat.reqs[i].id, s->item)
					  ? i : kj_catalog_req_index(&q->cat, s->item);
			it->function = it->requirement >= 0 ? q->cat.reqs[it->requirement].function
				: -1;
			it->required = 1;
		} else {
			const struct ans_question *o = &sh->q[s->question];
			it->requirement = it->function = -1;
			it->question_id = o->id;
			it->kind = (enum kj_question_kind)o->kind;
			kj_strlcpy(it->text_ja, o->text_ja, sizeof it->text_ja);
			kj_strlcpy(it->text_en, o->text_en, sizeof it->text_en);
			kj_strlcpy(it->choices, o->choices, sizeof it->choices);
			it->required = o->required;
		}
		val_copy(&s->now, &it->now);
		it->prefilled = s->prefilled;
		it->changed_rev = s->changed_rev;
		text_copy(it->updated_at, sizeof it->updated_at, s->at);
		text_copy(it->updated_by, sizeof it->updated_by, s->by);
		it->has_last = s->has_last;
		if (s->has_last)
			val_copy(&s->last, &it->last);
		else
			it->last.level = KJ_LEVEL_NONE;
		q->prefilled += s->prefilled;
		if (it->required && (!s->exists || s->prefilled))
			q->left++;
	}
}

/* The head of Q from C: survey, organisation, response. */
static int fill_head(struct kj_store *st, struct kj_questionnaire *q, const struct ans_ctx *c,
		     struct kj_err *err)
{
	q->survey = c->sv;
	q->org = c->org;
	q->response = c->h.id;
	kj_strlcpy(q->status, c->h.id ? c->h.status : "not_started", sizeof q->status);
	q->revision = c->h.revision;
	q->versions = c->h.versions;
	kj_strlcpy(q->closes_on, *c->h.extended_to ? c->h.extended_to : c->sv.closes_on,
		   sizeof q->closes_on);
	kj_strlcpy(q->updated_at, c->h.updated_at, sizeof q->updated_at);
	kj_strlcpy(q->updated_by, c->h.updated_by, sizeof q->updated_by);
	q->lead = c->h.lead;
	kj_strlcpy(q->lead_name, c->h.lead_name, sizeof q->lead_name);
	struct kj_resp_org *rec = malloc(sizeof *rec);
	int found;
	if (!rec) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_response_org(st, c->org, rec, err) < 0) {
		free(rec);
		return -1;
	}
	kj_strlcpy(q->org_name, rec->name, sizeof q->org_name);
	kj_strlcpy(q->corporate_number, rec->corporate_number, sizeof q->corporate_number);
	free(rec);
	if (strcmp(q->status, "returned") || !c->h.versions)
		return 0;
	struct kj_stored_version *v = malloc(sizeof *v);
	char *content = NULL;
	if (!v) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_store_version_get(st, c->h.id, c->h.versions, v, &content, &found, err);
	if (rc == 0 && found) {
		kj_strlcpy(q->returned_at, v->returned_at, sizeof q->returned_at);
		kj_strlcpy(q->return_message, v->return_message, sizeof q->return_message);
	}
	free(content);
	free(v);
	return rc;
}

/* Loads C's questionnaire into Q: head, catalog, items, last year, assignees. */
static int load_in_tx(struct kj_store *st, const struct ans_ctx *c, struct kj_questionnaire *q,
		      struct ans_sheet **sh, struct kj_err *err)
{
	kj_catalog_free(&q->cat);
	memset(q, 0, offsetof(struct kj_questionnaire, items));
	q->nitems = q->left = q->prefilled = 0;
	if (fill_head(st, q, c, err) < 0 || kj_store_catalog_view(st, c->sv.version, &q->cat, err) < 0 ||
	    ans_sheet_load(st, c, sh, err) < 0 || ans_sheet_last(st, c, *sh, err) < 0)
		return -1;
	fill_items(q, *sh);
	if (!c->h.id)
		return 0;
	struct assign_walk *w = calloc(1, sizeof *w);
	if (!w) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	w->q = q;
	int rc = kj_store_assignments(st, c->h.id, add_assignment, w, err);
	for (int i = 0; rc == 0 && i < q->nitems; i++) {
		struct kj_q_item *it = &q->items[i];
		if (!it->assignee && it->function >= 0 && it->function < 16 &&
		    w->fn_user[it->function]) {
			it->assignee = w->fn_user[it->function];
			kj_strlcpy(it->assignee_name, w->fn_name[it->function],
				   sizeof it->assignee_name);
		}
	}
	free(w);
	return rc;
}

int kj_app_questionnaire_load(struct kj_store *st, const struct kj_actor *actor,
			      int64_t survey, int64_t org, struct kj_questionnaire *q,
			      struct kj_answer_refusal *why, struct kj_err *err)
{
	return kj_app_questionnaire_load_known(st, actor, survey, org, NULL, q, why, err);
}

int kj_app_questionnaire_load_known(struct kj_store *st, const struct kj_actor *actor,
				    int64_t survey, int64_t org, const struct kj_survey *known,
				    struct kj_questionnaire *q, struct kj_answer_refusal *why,
				    struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct ans_ctx *c = calloc(1, sizeof *c);
	struct ans_sheet *sh = NULL;
	int rc = -1;
	if (!c) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin_read(st, err) < 0)
		goto out;
	rc = ans_ctx_open_known(st, actor, survey, org, KJ_RESPONSE_READ, known, c, why, err);
	if (rc == 0 && !why->fault)
		rc = load_in_tx(st, c, q, &sh, err);
	kj_store_rollback(st);
out:
	ans_sheet_free(sh);
	free(c);
	return rc;
}

/* Opens a snapshot and reads the context for reading into *OUT (calloc'd;
 * the caller frees it and ends the snapshot); -1 when it cannot. */
static int read_open(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		     int64_t org, struct ans_ctx **out, struct kj_answer_refusal *why,
		     struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*out = calloc(1, sizeof **out);
	if (!*out) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin_read(st, err) < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	if (ans_ctx_open(st, actor, survey, org, KJ_RESPONSE_READ, *out, why, err) < 0) {
		kj_store_rollback(st);
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int kj_app_response_return(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			   int64_t org, const char *message, struct kj_answer_refusal *why,
			   struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct ans_ctx *c = calloc(1, sizeof *c);
	int rc = -1;
	if (!c) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (ans_ctx_open(st, actor, survey, org, KJ_RESPONSE_RETURN, c, why, err) < 0)
		goto rollback;
	if (!why->fault && strcmp(c->h.status, "submitted")) {
		ans_refuse(why, KJ_SURVEY_REFUSED, "only a submitted response is returned; this one "
			   "is %s", c->h.id ? c->h.status : "not started");
		ans_refuse_ja(why, "差し戻せるのは提出済みの回答だけです（現在: %s）",
			      c->h.id ? c->h.status : "未着手");
	}
	long chars = why->fault ? 0 : ans_check_return_message(message, why);
	if (why->fault) {
		rc = 0;
		goto rollback;
	}
	char now[32];
	kj_now_iso(now);
	long revision = c->h.revision + 1;
	if (kj_store_return_add(st, c->h.id, c->h.versions, now, actor->id, actor->name, message,
				err) < 0 ||
	    kj_store_response_status(st, c->h.id, "returned", revision, c->h.versions, now,
				     actor->id, err) < 0 ||
	    kj_store_tally_move(st, c->sv.id, c->org, "submitted", "returned", err) < 0 ||
	    (!ans_other(c) &&
	     (kj_store_analysis_move(st, c->sv.id, c->org, "submitted", "returned", err) < 0 ||
	      kj_notify_returned(st, c->sv.id, c->org, message, err) < 0)))
		goto rollback;
	json_t *d = json_pack("{s:I, s:I, s:i, s:I, s:i}", "survey", (json_int_t)c->sv.id, "org",
			      (json_int_t)c->org, "version", c->h.versions, "revision",
			      (json_int_t)revision, "message_chars", (int)chars);
	if (ans_audit(st, actor, "response.return", c->h.id, d, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	rc = 0;
	goto out;
rollback:
	kj_store_rollback(st);
out:
	free(c);
	return rc;
}

static void head_out(const struct kj_stored_version *s, struct kj_version_head *v)
{
	memset(v, 0, sizeof *v);
	v->version = s->version;
	v->receipt.version = s->version;
	kj_strlcpy(v->receipt.number, s->receipt, sizeof v->receipt.number);
	kj_strlcpy(v->receipt.at, s->submitted_at, sizeof v->receipt.at);
	kj_strlcpy(v->receipt.digest, s->digest, sizeof v->receipt.digest);
	kj_strlcpy(v->submitted_by, s->submitted_by, sizeof v->submitted_by);
	kj_strlcpy(v->attest_name, s->attest_name, sizeof v->attest_name);
	kj_strlcpy(v->attest_title, s->attest_title, sizeof v->attest_title);
	kj_strlcpy(v->attest_date, s->attest_date, sizeof v->attest_date);
	kj_strlcpy(v->returned_at, s->returned_at, sizeof v->returned_at);
	kj_strlcpy(v->return_message, s->return_message, sizeof v->return_message);
}

int kj_app_response_versions(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			     int64_t org, struct kj_version_head *v, int max, int *n,
			     struct kj_answer_refusal *why, struct kj_err *err)
{
	*n = 0;
	struct ans_ctx *c;
	if (read_open(st, actor, survey, org, &c, why, err) < 0)
		return -1;
	int rc = 0;
	if (!why->fault && c->h.id && max > 0) {
		struct kj_stored_version *s = calloc((size_t)max, sizeof *s);
		rc = s ? kj_store_versions(st, c->h.id, s, max, n, err) : -1;
		if (!s)
			kj_err_set(err, "out of memory");
		for (int i = 0; rc == 0 && i < *n; i++)
			head_out(&s[i], &v[i]);
		free(s);
	}
	kj_store_rollback(st);
	free(c);
	if (rc < 0)
		*n = 0;
	return rc;
}

/* Puts the answers of CONTENT (a version's) into the sheet's slots; -1 if
 * a line cannot be read. */
static int sheet_from_content(struct ans_sheet *sh, char *content)
{
	for (int i = 0; i < sh->nslots; i++) {
		ans_val_free(&sh->slot[i].now);
		sh->slot[i].exists = sh->slot[i].prefilled = 0;
		sh->slot[i].at[0] = sh->slot[i].by[0] = '\0';
	}
	for (char *line = content; line && *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			return -1;
		*tab = '\0';
		int k = ans_sheet_find(sh, line);
		if (k >= 0) {
			struct ans_val v;
			if (ans_text_parse(tab + 1, sh->slot[k].question >= 0, &v) < 0)
				return -1;
			ans_val_free(&sh->slot[k].now);
			sh->slot[k].now = v;
			sh->slot[k].exists = v.level != KJ_LEVEL_NONE || (v.value && *v.value);
		}
		line = end ? end + 1 : NULL;
	}
	return 0;
}

int kj_app_response_version(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			    int64_t org, int version, struct kj_version_head *head,
			    struct kj_questionnaire *q, struct kj_answer_refusal *why,
			    struct kj_err *err)
{
	struct ans_sheet *sh = NULL;
	struct kj_stored_version *s = NULL;
	char *content = NULL;
	int found = 0;
	memset(head, 0, sizeof *head);
	struct ans_ctx *c;
	if (read_open(st, actor, survey, org, &c, why, err) < 0)
		return -1;
	int rc = 0;
	if (!why->fault) {
		s = malloc(sizeof *s);
		if (!s) {
			kj_err_set(err, "out of memory");
			rc = -1;
		} else if (c->h.id) {
			rc = kj_store_version_get(st, c->h.id, version, s, &content, &found, err);
		}
	}
	if (rc == 0 && !why->fault && !found) {
		ans_refuse(why, KJ_SURVEY_NOT_FOUND, "the response has no version %d", version);
		ans_refuse_ja(why, "この回答に第 %d 版はありません", version);
	}
	if (rc == 0 && !why->fault) {
		char digest[KJ_DIGEST_HEX];
		ans_digest(content, digest);
		head_out(s, head);
		rc = load_in_tx(st, c, q, &sh, err);
		if (rc == 0 && strcmp(digest, s->digest)) {
			kj_err_set(err, "version %d of the response does not match its digest: "
				   "its answers were altered after it was submitted", version);
			rc = -1;
		}
		if (rc == 0 && sheet_from_content(sh, content) < 0) {
			kj_err_set(err, "version %d of the response cannot be read", version);
			rc = -1;
		}
		if (rc == 0) {
			for (int i = 0; i < sh->nslots; i++)
				sh->slot[i].changed_rev = 0;
			fill_items(q, sh);
			kj_strlcpy(q->status, "submitted", sizeof q->status);
		}
	}
	kj_store_rollback(st);
	ans_sheet_free(sh);
	free(content);
	free(s);
	free(c);
	return rc;
}

/* SRC into DST (CAP bytes), cut at a character's start when it is longer. */
static void cut_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap) {
		n = cap - 1;
		while (n && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

struct change_walk {
	struct kj_answer_change *c;
	int max, n;
};

static int add_change(void *ctx, const struct kj_stored_change *s)
{
	struct change_walk *w = ctx;
	if (w->n >= w->max)
		return 0;
	struct kj_answer_change *c = &w->c[w->n++];
	memset(c, 0, sizeof *c);
	kj_strlcpy(c->item, s->item, sizeof c->item);
	kj_strlcpy(c->at, s->at, sizeof c->at);
	kj_strlcpy(c->by, s->by, sizeof c->by);
	cut_copy(c->old_value, sizeof c->old_value, s->old_value);
	cut_copy(c->new_value, sizeof c->new_value, s->new_value);
	kj_strlcpy(c->reason, s->reason, sizeof c->reason);
	return 0;
}

int kj_app_answer_changes(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			  int64_t org, struct kj_answer_change *ch, int max, int *n,
			  struct kj_answer_refusal *why, struct kj_err *err)
{
	*n = 0;
	struct ans_ctx *c;
	if (read_open(st, actor, survey, org, &c, why, err) < 0)
		return -1;
	int rc = 0;
	struct change_walk w = { ch, max, 0 };
	if (!why->fault && c->h.id && max > 0)
		rc = kj_store_changes(st, c->h.id, max, add_change, &w, err);
	kj_store_rollback(st);
	free(c);
	*n = rc == 0 ? w.n : 0;
	return rc;
}

/* An item that can be assigned: a requirement, a question, or a function "F0".."F9". */
static int assignable(struct kj_store *st, const struct ans_ctx *c, const char *item,
		      int *ok, struct kj_err *err)
{
	*ok = 0;
	if (!item || !*item)
		return 0;
	if (item[0] == 'F' && item[1] >= '0' && item[1] <= '9' && !item[2]) {
		struct kj_catalog *cat = calloc(1, sizeof *cat);
		if (!cat) {
			kj_err_set(err, "out of memory");
			return -1;
		}
		int rc = kj_store_catalog_view(st, c->sv.version, cat, err);
		*ok = rc == 0 && item[1] - '0' < cat->nfunctions;
		kj_catalog_free(cat);
		free(cat);
		return rc;
	}
	struct ans_sheet *sh;
	if (ans_sheet_load(st, c, &sh, err) < 0)
		return -1;
	*ok = ans_sheet_find(sh, item) >= 0;
	ans_sheet_free(sh);
	return 0;
}

/* USER (0: nobody) must be one of C's organisation's operator users. */
static int check_member(struct kj_store *st, const struct ans_ctx *c, int64_t user,
			struct kj_answer_refusal *why, struct kj_err *err)
{
	int yes = 1;
	if (user && kj_store_org_operator_user(st, c->org, user, &yes, err) < 0)
		return -1;
	if (!yes || user < 0) {
		ans_refuse(why, KJ_SURVEY_BAD, "user %lld is not one of the operator's users",
			   (long long)user);
		ans_refuse_ja(why, "利用者 %lld はこの事業者の利用者ではありません", (long long)user);
	}
	return 0;
}

/* The write of an assignment (ITEM non-NULL) or of the lead. */
static int assign_or_lead(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			  int64_t org, const char *item, int64_t user,
			  struct kj_answer_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct ans_ctx *c = calloc(1, sizeof *c);
	int rc = -1, ok = 1;
	if (!c) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (ans_ctx_open(st, actor, survey, org, KJ_RESPONSE_ASSIGN, c, why, err) < 0 ||
	    (!why->fault && item && assignable(st, c, item, &ok, err) < 0))
		goto rollback;
	if (!why->fault && !ok) {
		char shown[KJ_ITEM_MAX];
		snprintf(shown, sizeof shown, "%.20s", item);
		ans_refuse(why, KJ_SURVEY_BAD, "no item '%s' in this survey", shown);
		ans_refuse_ja(why, "この調査に項目「%s」はありません", shown);
	}
	if (!why->fault && check_member(st, c, user, why, err) < 0)
		goto rollback;
	if (why->fault) {
		rc = 0;
		goto rollback;
	}
	char now[32];
	kj_now_iso(now);
	if (!c->h.id) {
		struct ans_sheet *sh;
		if (ans_sheet_load(st, c, &sh, err) < 0)
			goto rollback;
		int started = ans_start(st, actor, c, sh, err);
		ans_sheet_free(sh);
		if (started < 0)
			goto rollback;
	}
	if ((item ? kj_store_assign(st, c->h.id, item, user, actor->id, now, err)
	     : kj_store_response_lead(st, c->h.id, user, err)) < 0)
		goto rollback;
	json_t *d = json_pack("{s:I, s:I, s:I}", "survey", (json_int_t)c->sv.id, "org",
			      (json_int_t)c->org, "user", (json_int_t)user);
	if (item)
		json_object_set_new(d, "item", json_string(item));
	if (ans_audit(st, actor, item ? "response.assign" : "response.lead", c->h.id, d, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	rc = 0;
	goto out;
rollback:
	kj_store_rollback(st);
out:
	free(c);
	return rc;
}

int kj_app_response_assign(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			   int64_t org, const char *item, int64_t user,
			   struct kj_answer_refusal *why, struct kj_err *err)
{
	if (!item) {
		memset(why, 0, sizeof *why);
		ans_refuse(why, KJ_SURVEY_BAD, "name the item to assign");
		return ans_refuse_ja(why, "割り当てる項目を指定してください");
	}
	return assign_or_lead(st, actor, survey, org, item, user, why, err);
}

int kj_app_response_lead(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			 int64_t org, int64_t user, struct kj_answer_refusal *why,
			 struct kj_err *err)
{
	return assign_or_lead(st, actor, survey, org, NULL, user, why, err);
}
