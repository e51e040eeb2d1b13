/* Use cases of on-site visits; see onsite_visit.h. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/onsite_visit.h"
#include "base/util.h"
#include "model/answer.h"
#include "store/store_response.h"
#include "store/store_users.h"

#define ITEMS_MAX KJ_CATALOG_REQ_MAX

static int refuse(struct kj_visit_refusal *why, enum kj_visit_fault fault, const char *field,
		  const char *ja, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int refuse(struct kj_visit_refusal *why, enum kj_visit_fault fault, const char *field,
		  const char *ja, const char *fmt, ...)
{
	va_list ap;
	why->fault = fault;
	kj_strlcpy(why->field, field ? field : "", sizeof why->field);
	kj_textf(why->msg_ja, sizeof why->msg_ja, "%s", ja);
	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof why->msg, fmt, ap);
	va_end(ap);
	return 0;
}

const char *kj_visit_state_ja(const char *state)
{
	return !strcmp(state, "planned") ? "予定" : !strcmp(state, "recorded") ? "記録済み"
	       : !strcmp(state, "issued") ? "報告済み" : state;
}

/* The audit entry onsite.visit.ACTION of VISIT and its event, with MESSAGE. */
static int record(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		  int64_t visit, const char *action, const char *message, struct kj_err *err)
{
	char full[48];
	snprintf(full, sizeof full, "onsite.visit.%s", action);
	if (kj_store_visit_event_add(st, survey, visit, actor->id, actor->name, action, message,
				     err) < 0)
		return -1;
	json_t *d = json_pack("{s:I, s:s}", "survey", (json_int_t)survey, "message",
			      message ? message : "");
	return kj_audit_log_actor(st, actor, full, "onsite_visit", visit, d, err);
}

/* The operator ORG's sectors and ministries as an object, in *REC. */
static int org_object(struct kj_store *st, int64_t org, struct kj_resp_org *rec,
		      struct kj_object *obj, struct kj_err *err)
{
	if (kj_store_response_org(st, org, rec, err) < 0)
		return -1;
	*obj = (struct kj_object){ org, (const kj_sector_code *)rec->sectors, rec->nsectors,
				   (const char (*)[16])rec->ministries, rec->nministries };
	return 0;
}

static void sector_ptrs(const struct kj_survey *sv, const char **out)
{
	for (int i = 0; i < sv->nsectors; i++)
		out[i] = sv->sectors[i];
}

int kj_app_visit_may(struct kj_store *st, const struct kj_actor *actor, const struct kj_visit *v,
		     const struct kj_survey *sv, unsigned *may, struct kj_err *err)
{
	struct kj_resp_org *rec = malloc(sizeof *rec);
	const char *sectors[KJ_SURVEY_SECTORS_MAX];
	struct kj_object obj;
	*may = 0;
	if (!rec) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (org_object(st, v->org, rec, &obj, err) < 0) {
		free(rec);
		return -1;
	}
	sector_ptrs(sv, sectors);
	struct kj_visit_ref r = { v->org, rec->found ? &obj : NULL, 0, !strcmp(v->state, "issued"),
				  sv->owner_kind, sv->owner_ministry, sectors, sv->nsectors };
	for (int i = 0; actor->user && i < v->ninspectors; i++)
		r.inspector |= v->inspectors[i] == actor->user->id;
	for (int a = KJ_VISIT_READ; a <= KJ_VISIT_REPLY; a++)
		if (kj_authz_visit(actor->user, (enum kj_visit_act)a, &r))
			*may |= 1u << a;
	free(rec);
	return 0;
}

/* Survey SURVEY if it is an on-site one, else refused NOT_FOUND. */
static int onsite_survey(struct kj_store *st, int64_t survey, struct kj_survey *sv,
			 struct kj_visit_refusal *why, struct kj_err *err)
{
	int found;
	if (kj_store_survey_get(st, survey, sv, &found, err) < 0)
		return -1;
	if (!found || strcmp(sv->kind, "onsite"))
		return refuse(why, KJ_VISIT_NOT_FOUND, "", "実地調査が見つかりません",
			      "no on-site survey %lld", (long long)survey);
	return 0;
}

int kj_app_visit_survey(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			struct kj_survey *sv, int *may_plan, struct kj_visit_refusal *why,
			struct kj_err *err)
{
	const char *sectors[KJ_SURVEY_SECTORS_MAX];
	memset(why, 0, sizeof *why);
	*may_plan = 0;
	if (onsite_survey(st, survey, sv, why, err) < 0 || why->fault)
		return why->fault ? 0 : -1;
	sector_ptrs(sv, sectors);
	*may_plan = kj_authz_allow(actor->user, KJ_PERM_ONSITE_ADMIN) &&
		    kj_authz_survey_admin(actor->user, sv->owner_kind, sv->owner_ministry, sectors,
					  sv->nsectors);
	if (!actor->user || kj_authz_survey_read(actor->user, sv->owner_kind, sectors, sv->nsectors))
		return 0;
	int64_t one;
	int n;
	if (kj_store_visit_ids(st, survey, 0, actor->user->id, 0, &one, 1, &n, err) < 0)
		return -1;
	if (!n || actor->user->role == KJ_ROLE_OPERATOR)
		return refuse(why, KJ_VISIT_NOT_FOUND, "", "実地調査が見つかりません",
			      "no on-site survey %lld", (long long)survey);
	return 0;
}

/* --- planning ---------------------------------------------------------------- */

/* The next word of *S (separated by commas, spaces or line breaks) into OUT. */
static int next_word(const char **s, char *out, size_t n)
{
	const char *p = *s + strspn(*s, ", \t\r\n、");
	/* "、" is three bytes, each in the set: a run of them is skipped whole. */
	size_t len = strcspn(p, ", \t\r\n");
	while (len >= 3 && !memcmp(p + len - 3, "、", 3))
		len -= 3;
	*s = p + len;
	if (!len)
		return 0;
	if (len >= n)
		len = n - 1;
	memcpy(out, p, len);
	out[len] = '\0';
	return 1;
}

/* The inspectors named in P into IDS, each checked; 0 with WHY on a refusal. */
static int plan_inspectors(struct kj_store *st, const struct kj_visit_plan *p,
			   const struct kj_object *obj, int64_t *ids, int *n,
			   struct kj_visit_refusal *why, struct kj_err *err)
{
	char login[KJ_LOGIN_MAX + 8];
	const char *s = p->inspectors ? p->inspectors : "";
	struct kj_user *u = malloc(sizeof *u);
	int rc = 0, found;
	*n = 0;
	if (!u) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	while (rc == 0 && !why->fault && next_word(&s, login, sizeof login)) {
		if (*n >= KJ_VISIT_INSPECTORS_MAX) {
			refuse(why, KJ_VISIT_BAD, "inspectors", "調査員が多すぎます（8 人まで）",
			       "inspectors: at most %d", KJ_VISIT_INSPECTORS_MAX);
			break;
		}
		if ((rc = kj_store_user_by_login(st, login, u, &found, err)) < 0)
			break;
		if (!found || u->disabled) {
			refuse(why, KJ_VISIT_BAD, "inspectors", "調査員に指定したユーザーがいないか、"
			       "無効です", "inspectors: no enabled user '%.40s'", login);
		} else if (u->role != KJ_ROLE_NCO && u->role != KJ_ROLE_MINISTRY &&
			   u->role != KJ_ROLE_SURVEYOR) {
			refuse(why, KJ_VISIT_BAD, "inspectors", "調査員は国家サイバー統括室、所管省庁"
			       "または調査機関のユーザーに限ります", "inspectors: '%.40s' is not an "
			       "NCO, ministry or surveyor user", login);
		} else if (u->role == KJ_ROLE_MINISTRY && !kj_authz_object(u, KJ_PERM_ONSITE_READ, obj)) {
			refuse(why, KJ_VISIT_BAD, "inspectors", "所管省庁の調査員は、その省庁が所管する"
			       "事業者しか調査できません", "inspectors: '%.40s' is of a ministry "
			       "that does not hold this operator", login);
		} else {
			int dup = 0;
			for (int i = 0; i < *n; i++)
				dup |= ids[i] == u->id;
			if (!dup)
				ids[(*n)++] = u->id;
		}
	}
	if (rc == 0 && !why->fault && !*n)
		refuse(why, KJ_VISIT_BAD, "inspectors", "調査員を 1 人以上指定してください",
		       "inspectors: name at least one");
	free(u);
	return rc;
}

/* Marks in USE the requirements of REQS that P's scope names. */
static int plan_scope(const struct kj_visit_plan *p, const struct kj_visit_req *reqs, int nreq,
		      unsigned char *use, struct kj_visit_refusal *why)
{
	char word[64];
	const char *s = p->scope ? p->scope : "";
	int any = 0;
	if (strlen(s) >= KJ_VISIT_SCOPE_MAX)
		return refuse(why, KJ_VISIT_BAD, "scope", "対象の要求事項の指定が長すぎます",
			      "scope: too long");
	while (next_word(&s, word, sizeof word)) {
		int hit = 0;
		for (int i = 0; i < nreq; i++)
			if (!strcmp(reqs[i].code, word) || !strcmp(reqs[i].function_code, word))
				use[i] = 1, hit = 1;
		if (!hit)
			return refuse(why, KJ_VISIT_BAD, "scope", "対象に、統一基準にない要求事項または"
				      "機能が指定されています", "scope: '%.40s' is no requirement "
				      "or function of the survey's standard", word);
		any = 1;
	}
	if (!any)
		memset(use, 1, (size_t)nreq);
	return 0;
}

/* Checks P (the operator, date, reason); in the transaction. */
static int plan_check(struct kj_store *st, const struct kj_actor *actor, const struct kj_survey *sv,
		      const struct kj_visit_plan *p, struct kj_resp_org *rec, struct kj_object *obj,
		      int *picked, struct kj_visit_refusal *why, struct kj_err *err)
{
	const char *sectors[KJ_SURVEY_SECTORS_MAX];
	int64_t there;
	if (!p->org || org_object(st, p->org, rec, obj, err) < 0 || !rec->found)
		return p->org && !rec->found ? refuse(why, KJ_VISIT_BAD, "org", "事業者が見つかりません",
						      "org: no such operator")
		       : p->org ? -1 : refuse(why, KJ_VISIT_BAD, "org", "事業者を選んでください",
					      "org: name the operator");
	sector_ptrs(sv, sectors);
	struct kj_visit_ref r = { p->org, obj, 0, 0, sv->owner_kind, sv->owner_ministry, sectors,
				  sv->nsectors };
	if (!kj_authz_visit(actor->user, KJ_VISIT_ADMIN, &r))
		return refuse(why, KJ_VISIT_FORBIDDEN, "", "この実地調査の訪問を計画する権限がありません",
			      "you may not plan visits of this on-site survey");
	if (!p->visit_on || !kj_date_valid(p->visit_on))
		return refuse(why, KJ_VISIT_BAD, "visit_on", "訪問日を YYYY-MM-DD で入力してください",
			      "visit date: write YYYY-MM-DD");
	if (kj_store_visit_find(st, sv->id, p->org, &there, err) < 0)
		return -1;
	if (there)
		return refuse(why, KJ_VISIT_CONFLICT, "org", "この事業者の訪問は計画済みです",
			      "this operator's visit is already planned (visit %lld)",
			      (long long)there);
	if (kj_store_visit_is_pick(st, sv->id, p->org, picked, err) < 0)
		return -1;
	const char *reason = p->reason ? p->reason : "";
	if (!*picked && !reason[strspn(reason, " \t\r\n")])
		return refuse(why, KJ_VISIT_BAD, "reason", "承認された選定にない事業者には、追加の理由が"
			      "必要です", "reason: the operator is not an approved pick: give a reason");
	if (!kj_utf8_valid_text(reason, strlen(reason)) ||
	    kj_utf8_prefix(reason, 4 * KJ_VISIT_REASON_MAX) < strlen(reason))
		return refuse(why, KJ_VISIT_BAD, "reason", "理由が長すぎるか、使えない文字があります",
			      "reason: too long or not text");
	return 0;
}

static int plan_write(struct kj_store *st, const struct kj_actor *actor, const struct kj_survey *sv,
		      const struct kj_visit_plan *p, struct kj_object *obj, int picked,
		      int64_t *id, struct kj_visit_refusal *why, struct kj_err *err)
{
	int64_t vid, ids[KJ_VISIT_INSPECTORS_MAX];
	int nins, nreq;
	struct kj_visit_req *reqs = calloc(ITEMS_MAX, sizeof *reqs);
	unsigned char *use = calloc(ITEMS_MAX, 1);
	int rc = -1;
	char msg[700];
	if (!reqs || !use) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	if (plan_inspectors(st, p, obj, ids, &nins, why, err) < 0 || why->fault ||
	    kj_store_visit_survey_version(st, sv->id, &vid, err) < 0 ||
	    kj_store_visit_reqs(st, vid, reqs, ITEMS_MAX, &nreq, err) < 0) {
		rc = why->fault ? 0 : -1;
		goto out;
	}
	if (plan_scope(p, reqs, nreq, use, why) < 0 || why->fault) {
		rc = 0;
		goto out;
	}
	if (kj_store_visit_create(st, sv->id, p->org, p->visit_on, id, err) < 0)
		goto out;
	for (int i = 0; i < nins; i++)
		if (kj_store_visit_inspector_add(st, *id, ids[i], err) < 0)
			goto out;
	int nitems = 0;
	for (int i = 0; i < nreq; i++) {
		if (!use[i])
			continue;
		if (kj_store_visit_item_add(st, *id, reqs[i].id, p->org, sv->fy, err) < 0)
			goto out;
		nitems++;
	}
	kj_textf(msg, sizeof msg, "%s; %d requirements%s%.500s", p->visit_on, nitems,
		 picked ? "" : "; not selected: ", picked ? "" : p->reason);
	rc = record(st, actor, sv->id, *id, "plan", msg, err);
out:
	free(reqs);
	free(use);
	return rc;
}

int kj_app_visit_plan(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		      const struct kj_visit_plan *p, int64_t *id, struct kj_visit_refusal *why,
		      struct kj_err *err)
{
	struct kj_survey *sv = malloc(sizeof *sv);
	struct kj_resp_org *rec = malloc(sizeof *rec);
	struct kj_object obj;
	int picked = 0, rc = -1;
	memset(why, 0, sizeof *why);
	*id = 0;
	if (!sv || !rec) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	rec->found = 0;
	if (kj_store_begin(st, err) < 0)
		goto out;
	rc = onsite_survey(st, survey, sv, why, err);
	if (rc == 0 && !why->fault)
		rc = plan_check(st, actor, sv, p, rec, &obj, &picked, why, err);
	if (rc == 0 && !why->fault)
		rc = plan_write(st, actor, sv, p, &obj, picked, id, why, err);
	if (rc == 0 && !why->fault)
		rc = kj_store_commit(st, err);
	else
		kj_store_rollback(st);
	if (rc < 0 || why->fault)
		*id = 0;
out:
	free(sv);
	free(rec);
	return rc;
}

/* --- reading ------------------------------------------------------------------ */

void kj_app_visit_view_free(struct kj_visit_view *v)
{
	if (!v)
		return;
	free(v->items);
	free(v->events);
	free(v);
}

/* VISIT and its survey into VW, with what ACTOR may do; NOT_FOUND unless it may read. */
static int visit_open(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
		      struct kj_visit_view *vw, struct kj_visit_refusal *why, struct kj_err *err)
{
	int found;
	if (kj_store_visit_get(st, visit, &vw->v, &found, err) < 0)
		return -1;
	if (found && onsite_survey(st, vw->v.survey, &vw->sv, why, err) < 0)
		return -1;
	if (found && !why->fault && kj_app_visit_may(st, actor, &vw->v, &vw->sv, &vw->may, err) < 0)
		return -1;
	if (!found || why->fault || !(vw->may & (1u << KJ_VISIT_READ)))
		return refuse(why, KJ_VISIT_NOT_FOUND, "", "訪問が見つかりません", "no visit %lld",
			      (long long)visit);
	return 0;
}

static struct kj_visit_view *view_new(void)
{
	struct kj_visit_view *vw = calloc(1, sizeof *vw);
	if (vw && (!(vw->items = calloc(ITEMS_MAX, sizeof *vw->items)) ||
		   !(vw->events = calloc(KJ_VISIT_EVENTS_MAX, sizeof *vw->events)))) {
		kj_app_visit_view_free(vw);
		return NULL;
	}
	return vw;
}

int kj_app_visit_load(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
		      struct kj_visit_view **out, struct kj_visit_refusal *why,
		      struct kj_err *err)
{
	struct kj_visit_view *vw = view_new();
	int rc = -1;
	memset(why, 0, sizeof *why);
	*out = NULL;
	if (!vw) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin_read(st, err) < 0)
		goto out;
	rc = visit_open(st, actor, visit, vw, why, err);
	if (rc == 0 && !why->fault)
		rc = kj_store_visit_items(st, visit, vw->items, ITEMS_MAX, &vw->nitems, err);
	if (rc == 0 && !why->fault)
		rc = kj_store_visit_events(st, visit, vw->events, KJ_VISIT_EVENTS_MAX, &vw->nevents,
					   err);
	kj_store_rollback(st);
out:
	if (rc == 0 && !why->fault)
		*out = vw;
	else
		kj_app_visit_view_free(vw);
	return rc;
}

int kj_app_visit_list(struct kj_store *st, const struct kj_actor *actor, int64_t survey, int mine,
		      struct kj_visit *out, int max, int *n, struct kj_err *err)
{
	int64_t *ids = calloc(KJ_VISIT_LIST_MAX, sizeof *ids);
	struct kj_survey *sv = malloc(sizeof *sv);
	int nids = 0, rc = -1;
	*n = 0;
	if (!ids || !sv) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	const struct kj_user *u = actor->user;
	int oper = u && u->role == KJ_ROLE_OPERATOR;
	if (kj_store_begin_read(st, err) < 0)
		goto out;
	rc = kj_store_visit_ids(st, survey, oper ? u->org_id : 0, mine && u && !oper ? u->id : 0,
				oper, ids, KJ_VISIT_LIST_MAX, &nids, err);
	for (int i = 0; rc == 0 && i < nids && *n < max; i++) {
		struct kj_visit *v = &out[*n];
		unsigned may = 0;
		int found;
		struct kj_visit_refusal why = { 0 };
		rc = kj_store_visit_get(st, ids[i], v, &found, err);
		if (rc == 0 && found)
			rc = onsite_survey(st, v->survey, sv, &why, err);
		if (rc == 0 && found && !why.fault)
			rc = kj_app_visit_may(st, actor, v, sv, &may, err);
		if (rc == 0 && (may & (1u << KJ_VISIT_READ)))
			(*n)++;
	}
	kj_store_rollback(st);
out:
	free(ids);
	free(sv);
	return rc;
}

/* --- recording, issuing, replying ------------------------------------------- */

static struct kj_visit_item *item_of(struct kj_visit_view *vw, const char *code)
{
	for (int i = 0; code && i < vw->nitems; i++)
		if (!strcmp(vw->items[i].code, code))
			return &vw->items[i];
	return NULL;
}

/* Opens VISIT for ACT in a write transaction at REVISION (-1: any). */
static int write_open(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
		      enum kj_visit_act act, long revision, struct kj_visit_view *vw,
		      struct kj_visit_refusal *why, struct kj_err *err)
{
	if (visit_open(st, actor, visit, vw, why, err) < 0 || why->fault)
		return why->fault ? 0 : -1;
	if (!(vw->may & (1u << act)))
		return refuse(why, KJ_VISIT_FORBIDDEN, "", "この操作をする権限がありません",
			      "you may not do this to visit %lld", (long long)visit);
	if (act != KJ_VISIT_REPLY && !strcmp(vw->v.state, "issued"))
		return refuse(why, KJ_VISIT_CONFLICT, "", "報告済みの訪問は変更できません",
			      "visit %lld is issued: it cannot change", (long long)visit);
	if (revision >= 0 && revision != vw->v.revision)
		return refuse(why, KJ_VISIT_CONFLICT, "revision", "表示した後に別の人が変更しました。"
			      "画面を読み込み直してください", "visit %lld changed since revision %ld "
			      "(now %ld): reload it", (long long)visit, revision, vw->v.revision);
	return kj_store_visit_items(st, visit, vw->items, ITEMS_MAX, &vw->nitems, err);
}

/* Checks entry E against its item; *LEVEL the parsed level; 1 when it changes the item. */
static int entry_check(struct kj_visit_view *vw, const struct kj_visit_entry *e, int *level,
		       struct kj_visit_refusal *why)
{
	const struct kj_answer_fault *f;
	struct kj_visit_item *it = item_of(vw, e->item);
	char field[40];
	snprintf(field, sizeof field, "%.30s", e->item ? e->item : "");
	if (!it)
		return refuse(why, KJ_VISIT_BAD, field, "この訪問の対象にない要求事項です",
			      "%.30s: not in this visit's scope", field), 0;
	const char *na = e->na_reason ? e->na_reason : "", *fi = e->findings ? e->findings : "";
	const char *ev = e->evidence ? e->evidence : "";
	if ((f = kj_level_parse(e->level, level)) || (f = kj_answer_check(*level, na, fi, ev)))
		return refuse(why, KJ_VISIT_BAD, field, f->ja, "%s: %s", field, f->en), 0;
	return *level != it->verified || strcmp(na, it->na_reason) || strcmp(fi, it->findings) ||
	       strcmp(ev, it->evidence);
}

/* Refuses FUNCTION when no item of VW is of it (NOT_FOUND), and entry E of
 * another function (BAD); NULL: any item. */
static int function_check(struct kj_visit_view *vw, const char *function,
			  const struct kj_visit_entry *e, int n, struct kj_visit_refusal *why)
{
	char ja[sizeof why->msg_ja];
	const struct kj_visit_item *fn = NULL;
	if (!function)
		return 0;
	for (int i = 0; i < vw->nitems && !fn; i++)
		if (!strcmp(vw->items[i].function_code, function))
			fn = &vw->items[i];
	if (!fn)
		return refuse(why, KJ_VISIT_NOT_FOUND, "function", "この訪問の対象にない機能です",
			      "visit %lld has no requirement of function %.40s",
			      (long long)vw->v.id, function);
	for (int i = 0; i < n; i++) {
		const struct kj_visit_item *it = item_of(vw, e[i].item);
		if (!it || !strcmp(it->function_code, function))
			continue;	/* not in scope: entry_check says so */
		kj_textf(ja, sizeof ja, "%.30s は「%.120s」の要求事項ではありません（「%.120s」）",
			 it->code, fn->function, it->function);
		return refuse(why, KJ_VISIT_BAD, it->code, ja,
			      "%s: not a requirement of function %.40s (it is of %s)", it->code,
			      function, it->function_code);
	}
	return 0;
}

/* kj_app_visit_record_tx, only items of FUNCTION (NULL: any). */
static int record_in(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
		     const char *function, long revision, const struct kj_visit_entry *e, int n,
		     long *newrev, struct kj_visit_refusal *why, struct kj_err *err)
{
	struct kj_visit_view *vw = view_new();
	int *levels = calloc(n > 0 ? (size_t)n : 1, sizeof *levels);
	unsigned char *change = calloc(n > 0 ? (size_t)n : 1, 1);
	char now[32], msg[64];
	int rc = -1, changed = 0, moved = 1;
	memset(why, 0, sizeof *why);
	*newrev = revision;
	if (!vw || !levels || !change) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	rc = write_open(st, actor, visit, KJ_VISIT_RECORD, revision, vw, why, err);
	if (rc == 0 && !why->fault)
		function_check(vw, function, e, n, why);
	for (int i = 0; rc == 0 && !why->fault && i < n; i++)
		changed += change[i] = (unsigned char)entry_check(vw, &e[i], &levels[i], why);
	kj_now_iso(now);
	for (int i = 0; rc == 0 && !why->fault && i < n; i++)
		if (change[i])
			rc = kj_store_visit_item_record(st, visit, item_of(vw, e[i].item)->requirement,
							levels[i], e[i].na_reason, e[i].findings,
							e[i].evidence, actor->id, now, err);
	if (rc == 0 && !why->fault && changed) {
		struct kj_visit h;
		int found;
		rc = kj_store_visit_get(st, visit, &h, &found, err);
		if (rc == 0)
			rc = kj_store_visit_move(st, visit, vw->v.revision,
						 h.nrecorded == h.nitems ? "recorded" : "planned", 0,
						 now, &moved, err);
		snprintf(msg, sizeof msg, "%d items; %d of %d recorded", changed, h.nrecorded,
			 h.nitems);
		if (rc == 0 && moved)
			rc = record(st, actor, vw->v.survey, visit, "record", msg, err);
		*newrev = vw->v.revision + 1;
	}
	if (rc == 0 && !moved)
		refuse(why, KJ_VISIT_CONFLICT, "revision", "同時に別の人が変更しました。画面を読み込み直して"
		       "ください", "visit %lld changed meanwhile: reload it", (long long)visit);
out:
	kj_app_visit_view_free(vw);
	free(levels);
	free(change);
	return rc;
}

int kj_app_visit_record_tx(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			   long revision, const struct kj_visit_entry *e, int n, long *newrev,
			   struct kj_visit_refusal *why, struct kj_err *err)
{
	return record_in(st, actor, visit, NULL, revision, e, n, newrev, why, err);
}

int kj_app_visit_record_fn(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			   const char *function, long revision, const struct kj_visit_entry *e,
			   int n, long *newrev, struct kj_visit_refusal *why, struct kj_err *err)
{
	*newrev = revision;
	if (kj_store_begin(st, err) < 0)
		return -1;
	int rc = record_in(st, actor, visit, function, revision, e, n, newrev, why, err);
	if (rc == 0 && !why->fault)
		return kj_store_commit(st, err);
	kj_store_rollback(st);
	return rc;
}

int kj_app_visit_record(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			long revision, const struct kj_visit_entry *e, int n, long *newrev,
			struct kj_visit_refusal *why, struct kj_err *err)
{
	return kj_app_visit_record_fn(st, actor, visit, NULL, revision, e, n, newrev, why, err);
}

int kj_app_visit_issue(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
		       long revision, struct kj_visit_refusal *why, struct kj_err *err)
{
	struct kj_visit_view *vw = view_new();
	char now[32];
	int rc = -1, moved = 0;
	memset(why, 0, sizeof *why);
	if (!vw) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin(st, err) < 0)
		goto out;
	rc = write_open(st, actor, visit, KJ_VISIT_ADMIN, revision, vw, why, err);
	if (rc == 0 && !why->fault && strcmp(vw->v.state, "recorded"))
		refuse(why, KJ_VISIT_CONFLICT, "", "すべての要求事項を記録してから報告してください",
		       "record every requirement of visit %lld before issuing it (%d of %d)",
		       (long long)visit, vw->v.nrecorded, vw->v.nitems);
	kj_now_iso(now);
	if (rc == 0 && !why->fault)
		rc = kj_store_visit_move(st, visit, vw->v.revision, "issued", actor->id, now, &moved,
					 err);
	if (rc == 0 && !why->fault && !moved)
		refuse(why, KJ_VISIT_CONFLICT, "revision", "同時に別の人が変更しました",
		       "visit %lld changed meanwhile", (long long)visit);
	if (rc == 0 && !why->fault)
		rc = record(st, actor, vw->v.survey, visit, "issue", "", err);
	if (rc == 0 && !why->fault)
		rc = kj_store_commit(st, err);
	else
		kj_store_rollback(st);
out:
	kj_app_visit_view_free(vw);
	return rc;
}

int kj_app_visit_reply(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
		       const char *item, const char *action, const char *due_on,
		       struct kj_visit_refusal *why, struct kj_err *err)
{
	struct kj_visit_view *vw = view_new();
	char now[32], msg[64];
	int rc = -1;
	memset(why, 0, sizeof *why);
	if (!vw) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	action = action ? action : "";
	if (kj_store_begin(st, err) < 0)
		goto out;
	rc = write_open(st, actor, visit, KJ_VISIT_REPLY, -1, vw, why, err);
	const struct kj_visit_item *it = rc == 0 && !why->fault ? item_of(vw, item) : NULL;
	if (rc == 0 && !why->fault && (!it || !it->findings[0]))
		refuse(why, KJ_VISIT_BAD, "item", "指摘事項のある要求事項を選んでください",
		       "item: no finding of this visit for '%.30s'", item ? item : "");
	else if (rc == 0 && !why->fault && !action[strspn(action, " \t\r\n")])
		refuse(why, KJ_VISIT_BAD, "action", "是正措置を入力してください",
		       "action: describe the corrective action");
	else if (rc == 0 && !why->fault && (!kj_utf8_valid_text(action, strlen(action)) ||
					    kj_utf8_prefix(action, 4 * KJ_VISIT_REPLY_MAX) <
					    strlen(action)))
		refuse(why, KJ_VISIT_BAD, "action", "是正措置が長すぎるか、使えない文字があります",
		       "action: too long or not text");
	else if (rc == 0 && !why->fault && (!due_on || !kj_date_valid(due_on)))
		refuse(why, KJ_VISIT_BAD, "due_on", "完了予定日を YYYY-MM-DD で入力してください",
		       "due date: write YYYY-MM-DD");
	kj_now_iso(now);
	if (rc == 0 && !why->fault)
		rc = kj_store_visit_reply(st, visit, it->requirement, action, due_on, actor->id, now,
					  err);
	snprintf(msg, sizeof msg, "%.30s until %.10s", item ? item : "", due_on ? due_on : "");
	if (rc == 0 && !why->fault)
		rc = record(st, actor, vw->v.survey, visit, "reply", msg, err);
	if (rc == 0 && !why->fault)
		rc = kj_store_commit(st, err);
	else
		kj_store_rollback(st);
out:
	kj_app_visit_view_free(vw);
	return rc;
}
