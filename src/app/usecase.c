/* What the use cases share: the first steps of a file import. */
#include <stdio.h>

#include "app/usecase.h"
#include "base/util.h"

int kj_app_id(const char *s, int64_t *id)
{
	long v;
	if (!s || kj_parse_long(s, 1, 0x7fffffffL, &v) < 0)
		return -1;
	*id = v;
	return 0;
}

int kj_import_read(struct kj_table *t, const char *data, size_t len,
		   enum kj_import_outcome *outcome, char *detail, size_t n)
{
	struct kj_err why;
	if (kj_table_read(t, data, len, &why) == 0)
		return 0;
	*outcome = KJ_IMPORT_UNREADABLE;
	snprintf(detail, n, "%s", why.msg);
	return -1;
}

int kj_import_checked(int rc, const struct kj_err *why, int nerrors,
		      enum kj_import_outcome *outcome, char *detail, size_t n)
{
	if (rc < 0) {
		*outcome = KJ_IMPORT_NOT_A_LIST;
		snprintf(detail, n, "%s", why->msg);
		return 1;
	}
	if (nerrors) {
		*outcome = KJ_IMPORT_BAD_ROWS;
		return 1;
	}
	return 0;
}
