/* The offline forms' reads; see store_survey_form.h. */
#include <stdlib.h>

#include "base/util.h"
#include "store/db.h"
#include "store/store_survey_form.h"

int kj_store_survey_responders(struct kj_store *st, int64_t survey, int64_t **ids, int *n,
			       struct kj_err *err)
{
	struct kj_stmt *s;
	int cap = 0, rc;
	*ids = NULL;
	*n = 0;
	if (kj_db_prep(st, "SELECT r.organisation_id FROM response r"
		       " JOIN organisation o ON o.id = r.organisation_id"
		       " WHERE r.survey_id = $1 ORDER BY o.corporate_number", &s, err) < 0)
		return -1;
	kj_db_bind_int64(s, 1, survey);
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (*n == cap) {
			int ncap = cap ? 2 * cap : 256;
			int64_t *v = realloc(*ids, (size_t)ncap * sizeof *v);
			if (!v) {
				kj_db_finalize(s);
				free(*ids);
				*ids = NULL;
				*n = 0;
				kj_err_set(err, "out of memory");
				return -1;
			}
			*ids = v;
			cap = ncap;
		}
		(*ids)[(*n)++] = kj_db_column_int64(s, 0);
	}
	kj_db_finalize(s);
	if (rc != KJ_DB_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return kj_db_fail(st, err, "cannot read the survey's responses");
	}
	return 0;
}

struct kj_change_cursor {
	struct kj_store *st;
	struct kj_stmt *s;
};

int kj_store_change_cursor_open(struct kj_store *st, int64_t survey, int64_t org,
				struct kj_change_cursor **out, struct kj_err *err)
{
	struct kj_change_cursor *c = calloc(1, sizeof *c);
	*out = NULL;
	if (!c) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	c->st = st;
	if (kj_db_prep(st, "SELECT c.item, c.changed_at, COALESCE(u.display_name, c.by_actor),"
		       " c.old_value, c.new_value, c.reason FROM answer_change c"
		       " JOIN response r ON r.id = c.response_id"
		       " LEFT JOIN app_user u ON u.id = c.changed_by"
		       " WHERE r.survey_id = $1 AND r.organisation_id = $2 ORDER BY c.id",
		       &c->s, err) < 0) {
		free(c);
		return -1;
	}
	kj_db_bind_int64(c->s, 1, survey);
	kj_db_bind_int64(c->s, 2, org);
	*out = c;
	return 0;
}

static const char *text(struct kj_stmt *s, int i)
{
	const char *v = kj_db_column_text(s, i);
	return v ? v : "";
}

int kj_store_change_cursor_next(struct kj_change_cursor *c, struct kj_change_row *r,
				struct kj_err *err)
{
	int rc = kj_db_step(c->s);
	if (rc == KJ_DB_DONE)
		return 0;
	if (rc != KJ_DB_ROW)
		return kj_db_fail(c->st, err, "cannot read the change log");
	*r = (struct kj_change_row){ text(c->s, 0), text(c->s, 1), text(c->s, 2),
				     text(c->s, 3), text(c->s, 4), text(c->s, 5) };
	return 1;
}

void kj_store_change_cursor_close(struct kj_change_cursor *c)
{
	if (!c)
		return;
	kj_db_finalize(c->s);
	free(c);
}
