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
