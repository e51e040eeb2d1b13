/* The SQLite driver: the registry of operators (reading one, import, ministries). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store_org.h"
#include "store/store_org_priv.h"

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The current row of ORG_COLS into R (sectors and ministries not yet). */
void kj_db_org_row(struct kj_stmt *s, struct kj_org_record *r)
{
	memset(r, 0, sizeof *r);
	kj_db_col(s, 1, r->corporate_number, sizeof r->corporate_number);
	kj_db_col(s, 2, r->name_ja, sizeof r->name_ja);
	kj_db_col(s, 3, r->name_kana, sizeof r->name_kana);
	kj_db_col(s, 4, r->size_class, sizeof r->size_class);
	r->core_infra = kj_db_column_int(s, 5);
	r->local_gov = kj_db_column_int(s, 6);
	r->ceptoar_member = kj_db_column_int(s, 7);
	r->active = kj_db_column_int(s, 8);
	kj_db_col(s, 9, r->municipality_code, sizeof r->municipality_code);
	kj_db_col(s, 10, r->prefecture, sizeof r->prefecture);
	kj_db_col(s, 11, r->contact_name, sizeof r->contact_name);
	kj_db_col(s, 12, r->contact_email, sizeof r->contact_email);
	kj_db_col(s, 13, r->contact_phone, sizeof r->contact_phone);
	r->ministries_given = 1;
}

/* The organisation ID as a record (sectors sorted, first contact). */
static int load_record(struct kj_store *st, int64_t id, struct kj_org_record *r,
		       struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT " ORG_COLS " FROM organisation o" ORG_CONTACT
				     " WHERE o.id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		kj_db_org_row(s, r);
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot read organisation");
	s = kj_db_kept(st, "SELECT sector_code FROM organisation_sector"
		       " WHERE organisation_id = $1 ORDER BY sector_code", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && r->nsectors < KJ_ORG_SECTORS)
		kj_db_col(s, 0, r->sectors[r->nsectors++], sizeof r->sectors[0]);
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read organisation sectors");
	s = kj_db_kept(st, "SELECT ministry_code FROM organisation_ministry"
		       " WHERE organisation_id = $1 ORDER BY ministry_code", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && r->nministries < KJ_ORG_MINISTRIES)
		kj_db_col(s, 0, r->ministries[r->nministries++], sizeof r->ministries[0]);
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read organisation ministries");
	return 0;
}

/* Do the lists of N codes of WIDTH bytes at A and B hold the same codes? */
static int same_codes(const char *a, int na, const char *b, int nb, size_t width)
{
	if (na != nb)
		return 0;
	for (int i = 0; i < na; i++)
		if (strcmp(a + (size_t)i * width, b + (size_t)i * width))
			return 0;
	return 1;
}

/* What differs between A and B: KJ_ORG_PART_* bits, or KJ_ORG_PART_ROW for the rest. */
static unsigned differ(const struct kj_org_record *a, const struct kj_org_record *b)
{
	unsigned parts = 0;
	if (strcmp(a->name_ja, b->name_ja) || strcmp(a->name_kana, b->name_kana) ||
	    strcmp(a->size_class, b->size_class) || a->core_infra != b->core_infra ||
	    a->local_gov != b->local_gov || a->ceptoar_member != b->ceptoar_member ||
	    a->active != b->active || strcmp(a->municipality_code, b->municipality_code) ||
	    strcmp(a->prefecture, b->prefecture))
		parts |= KJ_ORG_PART_ROW;
	if (strcmp(a->contact_name, b->contact_name) ||
	    strcmp(a->contact_email, b->contact_email) ||
	    strcmp(a->contact_phone, b->contact_phone))
		parts |= KJ_ORG_PART_CONTACT;
	if (!same_codes(a->sectors[0], a->nsectors, b->sectors[0], b->nsectors,
			sizeof a->sectors[0]))
		parts |= KJ_ORG_PART_SECTORS;
	if (!same_codes(a->ministries[0], a->nministries, b->ministries[0], b->nministries,
			sizeof a->ministries[0]))
		parts |= KJ_ORG_PART_MINISTRIES;
	return parts;
}

/* R's values as compact JSON (the caller frees it); NULL if out of memory. */
static char *record_json(const struct kj_org_record *r)
{
	json_t *sec = json_array(), *min = json_array();
	for (int i = 0; i < r->nsectors; i++)
		json_array_append_new(sec, json_string(r->sectors[i]));
	for (int i = 0; i < r->nministries; i++)
		json_array_append_new(min, json_string(r->ministries[i]));
	json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:s, s:b, s:b, s:s, s:s, s:b, s:b, s:s, s:s,"
			      " s:s, s:o}",
		"corporate_number", r->corporate_number, "name_ja", r->name_ja,
		"name_kana", r->name_kana, "sectors", sec, "size_class", r->size_class,
		"core_infra", r->core_infra, "local_gov", r->local_gov,
		"municipality_code", r->municipality_code, "prefecture", r->prefecture,
		"ceptoar_member", r->ceptoar_member, "active", r->active,
		"contact_name", r->contact_name, "contact_email", r->contact_email,
		"contact_phone", r->contact_phone, "ministries", min);
	char *out = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return out;
}

static const char *nul_if_empty(const char *s)
{
	return s && *s ? s : NULL;
}

/*
 * Writes R's values into organisation ID (0: a new one, id set on return);
 * of its sectors, ministries and contact only the PARTS that changed.
 */
static int write_row(struct kj_store *st, int64_t *id, const struct kj_org_record *r,
		     unsigned parts, const char *now, const char *key, struct kj_err *err)
{
	char sid[24], b[4][4];
	snprintf(b[0], 4, "%d", r->core_infra);
	snprintf(b[1], 4, "%d", r->local_gov);
	snprintf(b[2], 4, "%d", r->ceptoar_member);
	snprintf(b[3], 4, "%d", r->active);
	if (*id == 0) {
		if (KJ_DB_RUN(st, "INSERT INTO organisation (corporate_number, name_ja, name_kana,"
			      " size_class, core_infra, local_gov, municipality_code,"
			      " prefecture_code, ceptoar_member, active, created_at, updated_at,"
			      " search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11,"
			      " $12)", err,
			      r->corporate_number, r->name_ja, nul_if_empty(r->name_kana),
			      r->size_class, b[0], b[1], nul_if_empty(r->municipality_code),
			      r->prefecture, b[2], b[3], now, key) < 0)
			return -1;
		*id = kj_db_last_id(st);
		snprintf(sid, sizeof sid, "%lld", (long long)*id);
	} else {
		snprintf(sid, sizeof sid, "%lld", (long long)*id);
		if (KJ_DB_RUN(st, "UPDATE organisation SET name_ja = $1, name_kana = $2,"
			      " size_class = $3, core_infra = $4, local_gov = $5,"
			      " municipality_code = $6, prefecture_code = $7, ceptoar_member = $8,"
			      " active = $9, updated_at = $10,"
			      " search_text = $11 WHERE id = $12", err,
			      r->name_ja, nul_if_empty(r->name_kana), r->size_class, b[0], b[1],
			      nul_if_empty(r->municipality_code), r->prefecture, b[2], b[3], now,
			      key, sid) < 0 ||
		    ((parts & KJ_ORG_PART_SECTORS) &&
		     KJ_DB_RUN(st, "DELETE FROM organisation_sector WHERE organisation_id = $1",
			       err, sid) < 0) ||
		    ((parts & KJ_ORG_PART_CONTACT) &&
		     KJ_DB_RUN(st, "DELETE FROM organisation_contact WHERE organisation_id = $1",
			       err, sid) < 0) ||
		    ((parts & KJ_ORG_PART_MINISTRIES) &&
		     KJ_DB_RUN(st, "DELETE FROM organisation_ministry WHERE organisation_id = $1",
			       err, sid) < 0))
			return -1;
	}
	for (int i = 0; (parts & KJ_ORG_PART_MINISTRIES) && i < r->nministries; i++)
		if (KJ_DB_RUN(st, "INSERT INTO organisation_ministry (organisation_id,"
			      " ministry_code) VALUES ($1, $2) ON CONFLICT DO NOTHING", err, sid,
			      r->ministries[i]) < 0)
			return -1;
	for (int i = 0; (parts & KJ_ORG_PART_SECTORS) && i < r->nsectors; i++)
		if (KJ_DB_RUN(st, "INSERT INTO organisation_sector (organisation_id, sector_code,"
			      " corporate_number) VALUES ($1, $2, $3)", err, sid, r->sectors[i],
			      r->corporate_number) < 0)
			return -1;
	if ((parts & KJ_ORG_PART_CONTACT) &&
	    (r->contact_name[0] || r->contact_email[0] || r->contact_phone[0]))
		if (KJ_DB_RUN(st, "INSERT INTO organisation_contact (organisation_id, name,"
			      " email, phone) VALUES ($1, $2, $3, $4)", err, sid,
			      r->contact_name,	/* "" when only a mail or phone is known */
			      nul_if_empty(r->contact_email), nul_if_empty(r->contact_phone)) < 0)
			return -1;
	return 0;
}

/* write_row with the record's search text. */
static int write_record(struct kj_store *st, int64_t *id, const struct kj_org_record *r,
			unsigned parts, const char *now, struct kj_err *err)
{
	char *key = kj_db_search_key(r->corporate_number, r->name_ja,
				     nul_if_empty(r->name_kana));
	if (!key) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = write_row(st, id, r, parts, now, key, err);
	free(key);
	return rc;
}

static int64_t org_id_by_number(struct kj_store *st, const char *number,
				struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT id FROM organisation"
				     " WHERE corporate_number = $1", err);
	if (!s)
		return -1;
	kj_db_bind_text(s, 1, number);
	int rc = kj_db_step(s);
	int64_t id = rc == KJ_DB_ROW ? kj_db_column_int64(s, 0) : 0;
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot look up organisation");
	return id;
}

void kj_store_org_plan_free(struct kj_org_plan *plan)
{
	for (int i = 0; plan->steps && i < plan->n; i++) {
		free(plan->steps[i].want);
		free(plan->steps[i].before);
	}
	free(plan->steps);
	memset(plan, 0, sizeof *plan);
}

/* Decides record WANT's step against the stored organisation, if any. */
static int plan_step(struct kj_store *st, const struct kj_org_record *record,
		     kj_org_check_fn check, void *ctx, struct kj_org_step *step,
		     struct kj_err *err)
{
	struct kj_org_record want = *record, have;
	qsort(want.sectors, (size_t)want.nsectors, sizeof want.sectors[0], cmp_code);
	qsort(want.ministries, (size_t)want.nministries, sizeof want.ministries[0], cmp_code);
	int64_t id = org_id_by_number(st, want.corporate_number, err);
	if (id < 0)
		return -1;
	step->id = id;
	step->change = KJ_ORG_ADD;
	step->parts = KJ_ORG_PART_ROW | KJ_ORG_PART_SECTORS | KJ_ORG_PART_MINISTRIES |
		      KJ_ORG_PART_CONTACT;
	if (id > 0) {
		if (load_record(st, id, &have, err) < 0)
			return -1;
		if (!want.ministries_given) {
			/* A file without the column keeps the assignments. */
			memcpy(want.ministries, have.ministries, sizeof want.ministries);
			want.nministries = have.nministries;
		}
		if (check)
			step->refusal = check(ctx, &have, &want);
		if (!(step->parts = differ(&have, &want))) {
			step->change = KJ_ORG_SAME;
			return 0;
		}
		step->change = KJ_ORG_UPDATE;
		if (!(step->before = record_json(&have)))
			goto oom;
	} else if (check) {
		step->refusal = check(ctx, NULL, &want);
	}
	if (!(step->want = malloc(sizeof want)))
		goto oom;
	*step->want = want;
	return 0;
oom:
	kj_err_set(err, "out of memory");
	return -1;
}

int kj_store_org_plan(struct kj_store *st, const struct kj_org_record *records, int n,
		      kj_org_check_fn check, void *ctx, struct kj_org_plan *plan,
		      struct kj_err *err)
{
	memset(plan, 0, sizeof *plan);
	if (n < 0 || !(plan->steps = calloc((size_t)n + 1, sizeof *plan->steps))) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	plan->n = n;
	/* One snapshot for every record; no write lock is taken. */
	int own = !st->in_tx;
	if (own && kj_store_begin_read(st, err) < 0)
		goto fail;
	if (kj_db_registry_generation(st, &plan->generation, err) < 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		if (plan_step(st, &records[i], check, ctx, &plan->steps[i], err) < 0)
			goto fail;
		if (plan->steps[i].refusal)
			plan->refused++;
		switch (plan->steps[i].change) {
		case KJ_ORG_SAME: plan->stats.unchanged++; break;
		case KJ_ORG_UPDATE: plan->stats.updated++; break;
		case KJ_ORG_ADD: plan->stats.added++; break;
		}
	}
	if (own && kj_store_commit(st, err) < 0)
		goto fail;
	return 0;
fail:
	if (own)
		kj_store_rollback(st);
	kj_store_org_plan_free(plan);
	return -1;
}

int kj_store_org_apply(struct kj_store *st, struct kj_org_plan *plan, int64_t actor_id,
		       struct kj_err *err)
{
	if (!st->in_tx) {
		kj_err_set(err, "internal error: the registry is written in a transaction");
		return -1;
	}
	int64_t generation;
	if (kj_db_registry_generation(st, &generation, err) < 0)
		return -1;
	if (generation != plan->generation)
		return 1;
	if (plan->refused) {
		kj_err_set(err, "internal error: a refused plan is not written");
		return -1;
	}
	if (plan->stats.added + plan->stats.updated == 0)
		return 0;
	char now[32], by[24], sid[24];
	kj_now_iso(now);
	snprintf(by, sizeof by, "%lld", (long long)actor_id);
	for (int i = 0; i < plan->n; i++) {
		struct kj_org_step *step = &plan->steps[i];
		if (step->change == KJ_ORG_SAME)
			continue;
		if (step->change == KJ_ORG_UPDATE) {
			snprintf(sid, sizeof sid, "%lld", (long long)step->id);
			if (KJ_DB_RUN(st, "INSERT INTO organisation_history (organisation_id,"
				      " changed_at, changed_by, snapshot) VALUES ($1, $2, $3, $4)",
				      err, sid, now, actor_id ? by : NULL, step->before) < 0)
				return -1;
		}
		if (write_record(st, &step->id, step->want, step->parts, now, err) < 0)
			return -1;
	}
	return kj_db_registry_changed(st, err);
}

int kj_store_org_assign_sector(struct kj_store *st, const char *sector,
			       const char *ministry, struct kj_err *err)
{
	if (KJ_DB_RUN(st, "INSERT INTO organisation_ministry (organisation_id, ministry_code)"
		      " SELECT os.organisation_id, $1 FROM organisation_sector os"
		      " WHERE os.sector_code = $2 ON CONFLICT DO NOTHING", err, ministry,
		      sector) < 0)
		return -1;
	return kj_db_registry_changed(st, err);
}

int kj_store_org_times(struct kj_store *st, int64_t id, struct kj_org_times *t, int *found,
		       struct kj_err *err)
{
	memset(t, 0, sizeof *t);
	*found = 0;
	struct kj_stmt *s = kj_db_kept(st, "SELECT created_at, updated_at, (SELECT COUNT(*)"
				     " FROM organisation_history h WHERE h.organisation_id = o.id)"
				     " FROM organisation o WHERE o.id = $1", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*found = 1;
		kj_db_col(s, 0, t->created, sizeof t->created);
		kj_db_col(s, 1, t->updated, sizeof t->updated);
		t->nchanges_all = (long)kj_db_column_int64(s, 2);
	}
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read organisation");
	if (!*found)
		return 0;
	s = kj_db_kept(st, "SELECT changed_at FROM organisation_history WHERE organisation_id = $1"
		       " ORDER BY id DESC LIMIT $2", err);
	if (!s)
		return -1;
	kj_db_bind_int64(s, 1, id);
	kj_db_bind_int(s, 2, KJ_ORG_HISTORY_SHOWN);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW && t->nchanges < KJ_ORG_HISTORY_SHOWN)
		kj_db_col(s, 0, t->changes[t->nchanges++], sizeof t->changes[0]);
	kj_db_reset(s);
	if (rc != KJ_DB_ROW && rc != KJ_DB_DONE)
		return kj_db_fail(st, err, "cannot read organisation history");
	return 0;
}
