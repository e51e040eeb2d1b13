/*
 * Use cases of the yearly target identification (§2.1.1(2)); see targets.h.
 * A save is a handful of statements whatever the page holds: the ids are
 * checked against the actor's part of the sector in one query and written
 * as two JSON arrays (marked, unmarked), one statement each.
 */
#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/targets.h"
#include "base/buf.h"
#include "base/util.h"

static int refuse(struct kj_target_refusal *why, enum kj_target_fault fault,
		  const char *field, const char *ja)
{
	/* The first refusal is the one reported; being out of reach beats all. */
	if (why->fault == KJ_TARGET_OK || fault == KJ_TARGET_FORBIDDEN) {
		why->fault = fault;
		why->field = field;
		why->ja = ja;
	}
	return 0;
}

/* The first sector of the actor's reach under PERM: one the ministry holds
 * whole before one it shares with others. NULL if none. */
static const char *first_sector(const struct kj_user *u, const struct kj_catalog *cat,
				enum kj_perm perm)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < cat->nsectors; i++) {
			const char *code = cat->sectors[i].code;
			int shared = 0;
			for (int k = 0; u && k < u->nsectors; k++)
				shared |= u->sector_partial[k] && !strcmp(u->sectors[k], code);
			if ((pass == 0 && shared) || (u && !kj_authz_sector(u, perm, code)))
				continue;
			return code;
		}
	return NULL;
}

int kj_app_targets_scope(const struct kj_actor *actor, const struct kj_catalog *cat,
			 enum kj_perm perm, const char *fy, const char *sector, int current_fy,
			 struct kj_target_scope *ts, kj_sector_code sector_buf,
			 struct kj_target_refusal *why)
{
	const struct kj_user *u = actor->user;
	memset(why, 0, sizeof *why);
	memset(ts, 0, sizeof *ts);
	sector_buf[0] = '\0';
	ts->fy = current_fy;
	long v;
	if (fy && *fy) {
		if (kj_parse_long(fy, KJ_TARGET_FY_MIN, KJ_TARGET_FY_MAX, &v) < 0)
			refuse(why, KJ_TARGET_BAD, "fy",
			       N_("年度は2000から2100までの西暦（半角数字）で入力してください。"));
		else
			ts->fy = (int)v;
	}
	if (u) {
		struct kj_org_scope sc;
		kj_authz_org_scope(u, &sc);
		ts->ministry = sc.ministry;
	}
	const char *code = sector;
	if (!code || !*code) {
		if (!(code = first_sector(u, cat, perm)))
			return refuse(why, KJ_TARGET_FORBIDDEN, "sector", NULL);
	} else if (kj_catalog_sector_index(cat, code) < 0) {
		/* The rest of the page shows the first sector of the actor's reach. */
		refuse(why, KJ_TARGET_BAD, "sector", N_("分野を一覧から選んでください。"));
		if (!(code = first_sector(u, cat, perm)))
			return refuse(why, KJ_TARGET_FORBIDDEN, "sector", NULL);
	} else if (u && !kj_authz_sector(u, perm, code)) {
		return refuse(why, KJ_TARGET_FORBIDDEN, "sector", NULL);
	}
	if (kj_strlcpy(sector_buf, code, KJ_SECTOR_CODE_MAX) < 0)
		return refuse(why, KJ_TARGET_BAD, "sector", N_("分野を一覧から選んでください。"));
	ts->sector = sector_buf;
	return 0;
}

int kj_app_targets_view(struct kj_store *st, const struct kj_target_scope *ts,
			unsigned only, long page, struct kj_target_view *v,
			struct kj_err *err)
{
	v->n = v->ndiff = 0;
	v->matching = 0;
	if (page < 1)
		page = 1;
	/* One snapshot: the figures agree with the rows. */
	if (kj_store_begin_read(st, err) < 0)
		return -1;
	int rc = -1;
	if (kj_store_target_counts(st, ts, &v->counts, err) < 0 ||
	    kj_store_target_page(st, ts, only, (page - 1) * KJ_TARGET_PAGE, v->rows,
				 KJ_TARGET_PAGE, &v->n, &v->matching, err) < 0 ||
	    kj_store_target_diff(st, ts, v->diff, KJ_TARGET_DIFF_MAX, &v->ndiff, err) < 0)
		goto done;
	if (v->matching < 0)
		v->matching = v->counts.total;
	v->added = v->dropped = 0;
	for (int i = 0; i < v->ndiff; i++)
		v->diff[i].added ? v->added++ : v->dropped++;
	/* More changes than listed: counted apart (what a copy would undo). */
	if (v->ndiff == KJ_TARGET_DIFF_MAX &&
	    kj_store_target_copy_preview(st, ts, &v->dropped, &v->added, err) < 0)
		goto done;
	rc = 0;
done:
	kj_store_rollback(st);
	return rc;
}

/* What a save does with the page's marks. */
enum mark_mode { MARK_GIVEN, MARK_PAGE_ALL, MARK_PAGE_NONE, MARK_SECTOR_ALL, MARK_SECTOR_NONE };

static int mark_mode(const char *s, enum mark_mode *out)
{
	static const char *const names[] = { "", "page-all", "page-none", "sector-all",
					     "sector-none" };
	for (int i = 0; i < 5; i++)
		if (!strcmp(s ? s : "", names[i])) {
			*out = (enum mark_mode)i;
			return 0;
		}
	return -1;
}

/* An operator's id as posted. */
static int parse_org_id(const char *s, long long *id)
{
	long v;
	if (kj_parse_long(s, 1, 0x7fffffffL, &v) < 0)
		return -1;
	*id = v;
	return 0;
}

/*
 * The page's ids split into the JSON arrays ON (to mark) and OFF (to
 * unmark), and ALL (every id shown). Returns 0, or -1 when an id is
 * malformed or a ticked one was not shown.
 */
static int split_marks(const struct kj_target_marks *m, enum mark_mode mode,
		       struct kj_buf *all, struct kj_buf *on, struct kj_buf *off)
{
	kj_buf_addc(all, '[');
	kj_buf_addc(on, '[');
	kj_buf_addc(off, '[');
	for (int k = 0; k < m->nmarked; k++) {
		long long id;
		int found = 0;
		if (parse_org_id(m->marked[k], &id) < 0)
			return -1;
		for (int i = 0; i < m->nshown && !found; i++)
			found = !strcmp(m->shown[i], m->marked[k]);
		if (!found)
			return -1;
	}
	for (int i = 0; i < m->nshown; i++) {
		long long id;
		if (parse_org_id(m->shown[i], &id) < 0)
			return -1;
		int want = mode == MARK_PAGE_ALL;
		for (int k = 0; mode == MARK_GIVEN && k < m->nmarked && !want; k++)
			want = !strcmp(m->shown[i], m->marked[k]);
		struct kj_buf *b = want ? on : off;
		kj_buf_printf(b, "%s%lld", b->len > 1 ? "," : "", id);
		kj_buf_printf(all, "%s%lld", all->len > 1 ? "," : "", id);
	}
	kj_buf_addc(all, ']');
	kj_buf_addc(on, ']');
	kj_buf_addc(off, ']');
	return 0;
}

/* The audit entry of a change to TS's targets. */
static int audit(struct kj_store *st, const struct kj_actor *actor, const char *action,
		 const struct kj_target_scope *ts, const char *detail, struct kj_err *err)
{
	char obj[64];
	snprintf(obj, sizeof obj, "%d/%s", ts->fy, ts->sector);
	return kj_audit_log(st, actor->id, actor->name, action, "target", obj, detail, err);
}

/* Writes the marks of the page (or of the whole sector); in a transaction. */
static int write_marks(struct kj_store *st, const struct kj_target_marks *m,
		       enum mark_mode mode, struct kj_target_done *d,
		       struct kj_target_refusal *why, struct kj_err *err)
{
	const struct kj_target_scope *ts = &d->ts;
	if (mode == MARK_SECTOR_ALL || mode == MARK_SECTOR_NONE) {
		if (mode == MARK_SECTOR_NONE && !m->confirmed) {
			struct kj_target_counts c;
			if (kj_store_target_counts(st, ts, &c, err) < 0)
				return -1;
			if (c.selected > 0) {
				d->off = c.selected;
				return refuse(why, KJ_TARGET_CONFIRM, "mark", NULL);
			}
		}
		return kj_store_target_mark_all(st, ts, mode == MARK_SECTOR_ALL,
						mode == MARK_SECTOR_ALL ? &d->on : &d->off, err);
	}
	/* Sized for the ids' digits; the cap only guards the arithmetic. */
	size_t cap = (size_t)m->nshown * 24u + 16u;
	struct kj_buf all, on, off;
	kj_buf_init(&all, cap);
	kj_buf_init(&on, cap);
	kj_buf_init(&off, cap);
	int rc = 0;
	long distinct, inside;
	if (split_marks(m, mode, &all, &on, &off) < 0 || kj_buf_failed(&all) ||
	    kj_buf_failed(&on) || kj_buf_failed(&off)) {
		refuse(why, KJ_TARGET_BAD, "target",
		       N_("対象の指定が正しくありません。ページを読み込み直してください。"));
		goto done;
	}
	if ((rc = kj_store_target_in_scope(st, ts, kj_buf_str(&all), &distinct, &inside,
					   err)) < 0)
		goto done;
	if (inside != distinct) {
		refuse(why, KJ_TARGET_BAD, "target",
		       N_("この分野の事業者ではないものが含まれています。ページを読み込み直してください。"));
		goto done;
	}
	rc = kj_store_target_mark(st, ts, kj_buf_str(&on), 1, &d->on, err);
	if (rc == 0)
		rc = kj_store_target_mark(st, ts, kj_buf_str(&off), 0, &d->off, err);
done:
	kj_buf_free(&all);
	kj_buf_free(&on);
	kj_buf_free(&off);
	return rc;
}

int kj_app_targets_save(struct kj_store *st, const struct kj_actor *actor,
			const struct kj_catalog *cat, int current_fy,
			const struct kj_target_marks *m, struct kj_target_done *done,
			struct kj_target_refusal *why, struct kj_err *err)
{
	memset(done, 0, sizeof *done);
	if (kj_app_targets_scope(actor, cat, KJ_PERM_REGISTRY_EDIT, m->fy, m->sector,
				 current_fy, &done->ts, done->sector, why), why->fault)
		return 0;
	enum mark_mode mode;
	if (mark_mode(m->mark, &mode) < 0)
		return refuse(why, KJ_TARGET_BAD, "target", N_("操作の指定が正しくありません。"));
	if (m->nshown > KJ_TARGET_PAGE)
		return refuse(why, KJ_TARGET_BAD, "target",
			      N_("対象の指定が正しくありません。ページを読み込み直してください。"));
	if (kj_store_begin(st, err) < 0)
		return -1;
	char detail[160];
	if (write_marks(st, m, mode, done, why, err) < 0)
		goto fail;
	if (why->fault) {
		kj_store_rollback(st);
		return 0;
	}
	snprintf(detail, sizeof detail,
		 "{\"fiscal_year\":%d,\"marked\":%ld,\"unmarked\":%ld,\"scope\":\"%s\"}",
		 done->ts.fy, done->on, done->off,
		 mode == MARK_SECTOR_ALL || mode == MARK_SECTOR_NONE ? "sector" : "page");
	if (audit(st, actor, "target.set", &done->ts, detail, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto fail;
	return 0;
fail:
	kj_store_rollback(st);
	return -1;
}

int kj_app_targets_copy(struct kj_store *st, const struct kj_actor *actor,
			const struct kj_catalog *cat, int current_fy, const char *fy,
			const char *sector, int replace, int confirmed,
			struct kj_target_done *done, struct kj_target_refusal *why,
			struct kj_err *err)
{
	memset(done, 0, sizeof *done);
	if (kj_app_targets_scope(actor, cat, KJ_PERM_REGISTRY_EDIT, fy, sector, current_fy,
				 &done->ts, done->sector, why), why->fault)
		return 0;
	const struct kj_target_scope *ts = &done->ts;
	if (kj_store_begin(st, err) < 0)
		return -1;
	struct kj_target_counts c;
	if (kj_store_target_counts(st, ts, &c, err) < 0 ||
	    kj_store_target_copy_preview(st, ts, &done->on, &done->off, err) < 0)
		goto fail;
	/* This year's choices are never overwritten silently. */
	if (replace && !confirmed && c.selected > 0 && (done->on || done->off)) {
		kj_store_rollback(st);
		return refuse(why, KJ_TARGET_CONFIRM, "copy", NULL);
	}
	char detail[160];
	if (kj_store_target_copy(st, ts, replace, &done->on, &done->off, err) < 0)
		goto fail;
	snprintf(detail, sizeof detail,
		 "{\"fiscal_year\":%d,\"copied\":%ld,\"removed\":%ld,\"replace\":%s}",
		 ts->fy, done->on, done->off, replace ? "true" : "false");
	if (audit(st, actor, "target.copy", ts, detail, err) < 0 ||
	    kj_store_commit(st, err) < 0)
		goto fail;
	return 0;
fail:
	kj_store_rollback(st);
	return -1;
}
