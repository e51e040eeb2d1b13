/* Use cases of an on-site survey's selection; see onsite_select.h. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/authz.h"
#include "app/onsite_select.h"
#include "base/util.h"
#include "export/csv.h"
#include "model/corpnum.h"

static int refuse(struct kj_survey_refusal *why, enum kj_survey_fault fault,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int refuse(struct kj_survey_refusal *why, enum kj_survey_fault fault,
		  const char *fmt, ...)
{
	va_list ap;
	why->fault = fault;
	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof why->msg, fmt, ap);
	va_end(ap);
	return 0;
}

/* S into OUT (N bytes), cut at a character's start if it does not fit. */
static void copy_cut(char *out, size_t n, const char *s)
{
	size_t l = strlen(s);
	if (l >= n) {
		l = n - 1;
		while (l > 0 && ((unsigned char)s[l] & 0xC0) == 0x80)
			l--;
	}
	memcpy(out, s, l);
	out[l] = '\0';
}

int kj_app_onsite_create(struct kj_store *st, const struct kj_actor *actor,
			 const struct kj_survey_request *req, int64_t *id,
			 struct kj_survey_refusal *why, struct kj_err *err)
{
	struct kj_survey_request r = *req;
	r.kind = "onsite";
	if (actor->user && !kj_authz_allow(actor->user, KJ_PERM_ONSITE_ADMIN)) {
		memset(why, 0, sizeof *why);
		*id = 0;
		return refuse(why, KJ_SURVEY_FORBIDDEN, "on-site surveys are outside your reach");
	}
	return kj_app_survey_create(st, actor, &r, id, why, err);
}

static void scope(const struct kj_survey *sv, const char **secs)
{
	for (int i = 0; i < sv->nsectors; i++)
		secs[i] = sv->sectors[i];
}

static int may_read(const struct kj_user *user, const struct kj_survey *sv)
{
	const char *secs[KJ_SURVEY_SECTORS_MAX];
	scope(sv, secs);
	return kj_authz_onsite_read(user, sv->owner_kind, sv->owner_ministry, secs, sv->nsectors);
}

static int may_admin(const struct kj_user *user, const struct kj_survey *sv)
{
	const char *secs[KJ_SURVEY_SECTORS_MAX];
	scope(sv, secs);
	return kj_authz_onsite_admin(user, sv->owner_kind, sv->owner_ministry, secs,
				     sv->nsectors);
}

static int count_pick(void *ctx, const struct kj_onsite_pick_row *p)
{
	struct kj_onsite_view *v = ctx;
	if (p->removed)
		v->removed++;
	else
		v->picks++;
	return 0;
}

/* Survey ID into V if it is an on-site survey USER may see; in a transaction. */
static int load(struct kj_store *st, const struct kj_user *user, int64_t id,
		struct kj_onsite_view *v, int *found, struct kj_err *err)
{
	char msg[KJ_ERR_MAX];
	memset(v, 0, sizeof *v);
	if (kj_store_survey_get(st, id, &v->sv, found, err) < 0)
		return -1;
	if (*found && (strcmp(v->sv.kind, "onsite") || !may_read(user, &v->sv)))
		*found = 0;
	if (!*found)
		return 0;
	v->may_admin = may_admin(user, &v->sv);
	if (kj_store_onsite_selection_get(st, id, &v->sel, err) < 0)
		return -1;
	if (!v->sel.id)
		return 0;
	/* Stored canonical: it parses; a hand-edited row shows no rules. */
	(void)kj_onsite_rules_parse_json(v->sel.rules, strlen(v->sel.rules), &v->rules, msg,
					 sizeof msg);
	return kj_store_onsite_pick_each(st, v->sel.id, count_pick, v, err);
}

int kj_app_onsite_get(struct kj_store *st, const struct kj_user *user, int64_t id,
		      struct kj_onsite_view *v, int *found, struct kj_err *err)
{
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	int rc = load(st, user, id, v, found, err);
	kj_store_rollback(st);
	return rc;
}

int kj_app_onsite_list(struct kj_store *st, const struct kj_user *user,
		       struct kj_onsite_view *v, int max, int *n, struct kj_err *err)
{
	*n = 0;
	int64_t *ids = calloc(KJ_ONSITE_LIST_MAX, sizeof *ids);
	int nids, rc = -1;
	if (!ids) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin_read(st, err) < 0)
		goto done;
	if (kj_store_onsite_ids(st, ids, KJ_ONSITE_LIST_MAX, &nids, err) < 0)
		goto rollback;
	for (int i = 0; i < nids && *n < max; i++) {
		int found;
		if (load(st, user, ids[i], &v[*n], &found, err) < 0)
			goto rollback;
		if (found)
			(*n)++;
	}
	rc = 0;
rollback:
	kj_store_rollback(st);
done:
	free(ids);
	return rc;
}

/* Reads on-site survey ID for a change by ACTOR into V; in the transaction. */
static int load_for_change(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			   struct kj_onsite_view *v, struct kj_survey_refusal *why,
			   struct kj_err *err)
{
	int found;
	if (load(st, actor->user, id, v, &found, err) < 0)
		return -1;
	if (!found)
		return refuse(why, KJ_SURVEY_NOT_FOUND, "no on-site survey %lld", (long long)id);
	if (!v->may_admin)
		return refuse(why, KJ_SURVEY_FORBIDDEN, "this on-site survey is outside your reach");
	if (!strcmp(v->sv.status, "closed"))
		return refuse(why, KJ_SURVEY_REFUSED, "on-site survey %lld is closed",
			      (long long)id);
	return 0;
}

static json_t *rules_json(const struct kj_onsite_rules *rules)
{
	char *s = kj_onsite_rules_json(rules);
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;
	free(s);
	return j;
}

/* Every function RULES narrow to must be one of the standard's. */
static int check_functions(struct kj_store *st, const struct kj_onsite_rules *rules,
			   struct kj_survey_refusal *why, struct kj_err *err)
{
	for (int i = 0; i < rules->n; i++)
		for (int j = 0; j < rules->r[i].nfuncs; j++) {
			int yes;
			if (kj_store_onsite_function_exists(st, rules->r[i].funcs[j], &yes, err) < 0)
				return -1;
			if (!yes)
				return refuse(why, KJ_SURVEY_BAD, "%s: no function '%s' in the standard",
					      kj_onsite_rule_name(rules->r[i].kind),
					      rules->r[i].funcs[j]);
		}
	return 0;
}

int kj_app_onsite_select(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			 const struct kj_onsite_rules *rules, long seed, int revision,
			 int *npicks, struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	*npicks = 0;
	struct kj_onsite_view *v = malloc(sizeof *v);
	struct kj_onsite_cand *c = NULL;
	struct kj_onsite_pick *picks = NULL;
	char *canon = kj_onsite_rules_json(rules);
	int n = 0, rc = -1, changed;
	int64_t sel;
	if (!v || !canon) {
		kj_err_set(err, "out of memory");
		goto out;
	}
	if (rules->n < 1 || seed < 0 || seed > KJ_ONSITE_SEED_MAX) {
		rc = refuse(why, KJ_SURVEY_BAD, rules->n < 1 ? "no rules: give at least one"
			    : "the seed must be a whole number from 0 to 2147483647");
		goto out;
	}
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (load_for_change(st, actor, id, v, why, err) < 0 ||
	    (!why->fault && check_functions(st, rules, why, err) < 0))
		goto rollback;
	if (!why->fault && !strcmp(v->sel.state, "approved"))
		refuse(why, KJ_SURVEY_REFUSED, "the selection of on-site survey %lld is approved: "
		       "add or remove operators with a reason instead", (long long)id);
	else if (!why->fault && revision >= 0 && revision != v->sel.revision)
		refuse(why, KJ_SURVEY_REFUSED, "the selection changed meanwhile (revision %d, "
		       "not %d): look at it again", v->sel.revision, revision);
	if (why->fault)
		goto refused;
	if (kj_store_onsite_candidates(st, id, v->sv.fy, &c, &n, err) < 0)
		goto rollback;
	if (n > 0 && !(picks = calloc((size_t)n, sizeof *picks))) {
		kj_err_set(err, "out of memory");
		goto rollback;
	}
	if (kj_onsite_select(rules, seed, v->sv.fy, c, n, picks, npicks) < 0) {
		kj_err_set(err, "out of memory");
		goto rollback;
	}
	if (kj_store_onsite_selection_save(st, id, canon, seed, revision, c, picks, *npicks,
					   actor->id, &sel, &changed, err) < 0)
		goto rollback;
	if (!changed) {
		refuse(why, KJ_SURVEY_REFUSED, "the selection changed meanwhile: look at it again");
		goto refused;
	}
	json_t *d = json_pack("{s:I, s:o, s:I, s:i, s:i}", "selection", (json_int_t)sel,
			      "rules", rules_json(rules), "seed", (json_int_t)seed,
			      "candidates", n, "picks", *npicks);
	if (kj_audit_log_actor(st, actor, "onsite.select", "survey", id, d, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	rc = 0;
	goto out;
refused:
	rc = 0;
	*npicks = 0;
rollback:
	kj_store_rollback(st);
out:
	free(v);
	free(c);
	free(picks);
	free(canon);
	return rc;
}

/* The selection of V at REVISION, for a change in STATE. */
static int check_selection(const struct kj_onsite_view *v, int64_t id, const char *state,
			   int revision, struct kj_survey_refusal *why)
{
	if (!v->sel.id)
		return refuse(why, KJ_SURVEY_REFUSED, "on-site survey %lld has no selection yet: "
			      "run one first", (long long)id);
	if (strcmp(v->sel.state, state))
		return !strcmp(state, "draft")
			? refuse(why, KJ_SURVEY_REFUSED, "the selection of on-site survey %lld is "
				 "already approved", (long long)id)
			: refuse(why, KJ_SURVEY_REFUSED, "the selection of on-site survey %lld is a "
				 "draft: change its rules and run it again, or approve it",
				 (long long)id);
	if (revision >= 0 && revision != v->sel.revision)
		return refuse(why, KJ_SURVEY_REFUSED, "the selection changed meanwhile (revision "
			      "%d, not %d): look at it again", v->sel.revision, revision);
	return 0;
}

int kj_app_onsite_approve(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			  int revision, struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	struct kj_onsite_view *v = malloc(sizeof *v);
	int rc = -1, changed;
	if (!v) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (load_for_change(st, actor, id, v, why, err) < 0)
		goto rollback;
	if (!why->fault)
		check_selection(v, id, "draft", revision, why);
	if (!why->fault && v->picks == 0)
		refuse(why, KJ_SURVEY_REFUSED, "the selection picks no operator: nothing to approve");
	if (why->fault)
		goto refused;
	if (kj_store_onsite_approve(st, v->sel.id, v->sel.revision, actor->id, &changed, err) < 0)
		goto rollback;
	if (!changed) {
		refuse(why, KJ_SURVEY_REFUSED, "the selection changed meanwhile: look at it again");
		goto refused;
	}
	json_t *d = json_pack("{s:I, s:I, s:I}", "selection", (json_int_t)v->sel.id,
			      "picks", (json_int_t)v->picks, "seed", (json_int_t)v->sel.seed);
	if (kj_audit_log_actor(st, actor, "onsite.approve", "survey", id, d, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	rc = 0;
	goto out;
refused:
	rc = 0;
rollback:
	kj_store_rollback(st);
out:
	free(v);
	return rc;
}

int kj_app_onsite_pick_change(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			      int add, const char *corporate_number, const char *reason,
			      int revision, struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	const char *m = kj_onsite_check_reason(reason);
	if (m)
		return refuse(why, KJ_SURVEY_BAD, "%s", m);
	if (!corporate_number || !kj_corpnum_valid(corporate_number))
		return refuse(why, KJ_SURVEY_BAD, "--org: not a corporate number (13 digits)");
	struct kj_onsite_view *v = malloc(sizeof *v);
	int rc = -1, state, changed;
	int64_t org;
	kj_sector_code sector;
	if (!v) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (load_for_change(st, actor, id, v, why, err) < 0)
		goto rollback;
	if (!why->fault)
		check_selection(v, id, "approved", revision, why);
	if (why->fault)
		goto refused;
	if (kj_store_onsite_target(st, id, v->sv.fy, corporate_number, &org, sector, err) < 0 ||
	    (org && kj_store_onsite_pick_state(st, v->sel.id, org, &state, err) < 0))
		goto rollback;
	if (!org)
		refuse(why, KJ_SURVEY_BAD, "--org: no operator %s in the registry", corporate_number);
	else if (add && !*sector)
		refuse(why, KJ_SURVEY_REFUSED, "operator %s is not a target of FY%d in this "
		       "survey's sectors", corporate_number, v->sv.fy);
	else if (add && state == 0)
		refuse(why, KJ_SURVEY_REFUSED, "operator %s is already picked", corporate_number);
	else if (!add && state != 0)
		refuse(why, KJ_SURVEY_REFUSED, "operator %s is not picked", corporate_number);
	if (why->fault)
		goto refused;
	char detail[KJ_ONSITE_DETAIL_MAX];
	copy_cut(detail, sizeof detail, reason);
	if (kj_store_onsite_bump(st, v->sel.id, v->sel.revision, &changed, err) < 0)
		goto rollback;
	if (!changed) {
		refuse(why, KJ_SURVEY_REFUSED, "the selection changed meanwhile: look at it again");
		goto refused;
	}
	if ((add ? kj_store_onsite_pick_add(st, v->sel.id, org, sector, detail, err)
	     : kj_store_onsite_pick_remove(st, v->sel.id, org, err)) < 0 ||
	    kj_store_onsite_change_add(st, v->sel.id, org, add ? "add" : "remove", reason,
				       actor->id, actor->name, err) < 0)
		goto rollback;
	json_t *d = json_pack("{s:I, s:s, s:s}", "selection", (json_int_t)v->sel.id,
			      "org", corporate_number, "reason", reason);
	if (kj_audit_log_actor(st, actor, add ? "onsite.pick.add" : "onsite.pick.remove",
			       "survey", id, d, err) < 0 || kj_store_commit(st, err) < 0)
		goto rollback;
	rc = 0;
	goto out;
refused:
	rc = 0;
rollback:
	kj_store_rollback(st);
out:
	free(v);
	return rc;
}

static int csv_pick(void *ctx, const struct kj_onsite_pick_row *p)
{
	FILE *f = ctx;
	char ord[16];
	snprintf(ord, sizeof ord, "%d", p->ord);
	const char *v[] = { ord, p->corporate_number, p->name, p->sector, p->prefecture,
			    p->kikan ? "1" : "0", p->rule, p->detail, p->removed ? "1" : "0" };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (kj_csv_field(f, v[i], i + 1 == sizeof v / sizeof *v) < 0)
			return 1;
	return 0;
}

int kj_app_onsite_picks_csv(FILE *f, struct kj_store *st, int64_t selection,
			    struct kj_err *err)
{
	static const char *const head[] = { "ord", "corporate_number", "organisation", "sector",
		"prefecture", "kikan", "rule", "detail", "removed" };
	if (kj_csv_begin(f) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		if (kj_csv_field(f, head[i], i + 1 == sizeof head / sizeof *head) < 0)
			goto fail;
	if (selection && kj_store_onsite_pick_each(st, selection, csv_pick, f, err) < 0)
		return -1;
	if (!ferror(f))
		return 0;
fail:
	kj_err_set(err, "cannot write the picks");
	return -1;
}

static int json_pick(void *ctx, const struct kj_onsite_pick_row *p)
{
	json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:s?, s:b, s:s, s:s, s:b}", "ord", p->ord,
			      "corporate_number", p->corporate_number, "organisation", p->name,
			      "sector", p->sector, "prefecture", *p->prefecture ? p->prefecture
			      : NULL, "kikan", p->kikan, "rule", p->rule, "detail", p->detail,
			      "removed", p->removed);
	return !o || json_array_append_new(ctx, o) < 0;
}

static int json_change(void *ctx, const struct kj_onsite_change_row *c)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "at", c->at, "actor", c->actor,
			      "action", c->action, "reason", c->reason,
			      "corporate_number", c->corporate_number, "organisation", c->name);
	return !o || json_array_append_new(ctx, o) < 0;
}

json_t *kj_app_onsite_json(struct kj_store *st, const struct kj_onsite_view *v, int full,
			   struct kj_err *err)
{
	json_t *secs = json_array(), *sel = json_null();
	for (int i = 0; secs && i < v->sv.nsectors; i++)
		json_array_append_new(secs, json_string(v->sv.sectors[i]));
	if (v->sel.id) {
		json_t *rules = json_loads(v->sel.rules, 0, NULL);
		sel = json_pack("{s:I, s:s, s:i, s:I, s:o, s:s, s:s?, s:s?, s:I, s:I}",
				"id", (json_int_t)v->sel.id, "state", v->sel.state,
				"revision", v->sel.revision, "seed", (json_int_t)v->sel.seed,
				"rules", rules ? rules : json_null(), "created_at", v->sel.created_at,
				"approved_at", *v->sel.approved_at ? v->sel.approved_at : NULL,
				"approved_by", *v->sel.approved_by ? v->sel.approved_by : NULL,
				"picks_count", (json_int_t)v->picks,
				"removed_count", (json_int_t)v->removed);
		if (sel && full) {
			json_t *picks = json_array(), *changes = json_array();
			json_object_set_new(sel, "picks", picks);
			json_object_set_new(sel, "changes", changes);
			if (kj_store_onsite_pick_each(st, v->sel.id, json_pick, picks, err) < 0 ||
			    kj_store_onsite_change_each(st, v->sel.id, json_change, changes, err) < 0) {
				json_decref(sel);
				json_decref(secs);
				return NULL;
			}
		}
	}
	json_t *o = json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:s?, s:o, s:o*}",
			      "id", (json_int_t)v->sv.id, "fy", v->sv.fy, "title_ja", v->sv.title_ja,
			      "title_en", v->sv.title_en, "status", v->sv.status,
			      "owner", v->sv.owner_kind,
			      "ministry", *v->sv.owner_ministry ? v->sv.owner_ministry : NULL,
			      "sectors", secs, "selection", sel);
	if (!o)
		kj_err_set(err, "out of memory");
	return o;
}

int kj_app_onsite_move(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		       const char *to, struct kj_survey_refusal *why, struct kj_err *err)
{
	memset(why, 0, sizeof *why);
	int target = kj_survey_status_parse(to);
	if (target != KJ_SURVEY_OPEN && target != KJ_SURVEY_CLOSED)
		return refuse(why, KJ_SURVEY_BAD, "an on-site survey is opened or closed");
	struct kj_onsite_view *v = malloc(sizeof *v);
	int rc = -1, found, changed;
	if (!v) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin(st, err) < 0)
		goto out;
	if (load(st, actor->user, id, v, &found, err) < 0)
		goto rollback;
	int from = found ? kj_survey_status_parse(v->sv.status) : -1;
	if (!found)
		refuse(why, KJ_SURVEY_NOT_FOUND, "no on-site survey %lld", (long long)id);
	else if (!v->may_admin)
		refuse(why, KJ_SURVEY_FORBIDDEN, "this on-site survey is outside your reach");
	else if (from < 0 || !kj_survey_transition_ok((enum kj_survey_status)from,
						      (enum kj_survey_status)target))
		refuse(why, KJ_SURVEY_REFUSED, "on-site survey %lld is %s: it cannot be %s",
		       (long long)id, v->sv.status, target == KJ_SURVEY_OPEN ? "opened" : "closed");
	if (why->fault)
		goto refused;
	/* No respondents: an on-site survey's operators are its picks (-1 keeps none). */
	if (kj_store_survey_move(st, id, v->sv.status, to, -1, &changed, err) < 0)
		goto rollback;
	if (!changed) {
		refuse(why, KJ_SURVEY_REFUSED, "on-site survey %lld changed meanwhile", (long long)id);
		goto refused;
	}
	json_t *d = json_pack("{s:s, s:s}", "from", v->sv.status, "to", to);
	if (kj_audit_log_actor(st, actor, target == KJ_SURVEY_OPEN ? "onsite.open"
			       : "onsite.close", "survey", id, d, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto rollback;
	rc = 0;
	goto out;
refused:
	rc = 0;
rollback:
	kj_store_rollback(st);
out:
	free(v);
	return rc;
}
