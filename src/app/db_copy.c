/* kijun db copy: one database into another, verified before it commits. */
#include <string.h>
#include <time.h>

#include "app/audit_log.h"
#include "app/db_copy.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The copy's checks, in TO's transaction: the counts, then the trail. */
static int verify(struct kj_store *to, struct kj_db_copy_result *out, struct kj_err *err)
{
	const struct kj_copy_stats *s = &out->stats;
	for (int i = 0; i < s->ntables; i++)
		if (s->t[i].from_rows != s->t[i].to_rows) {
			kj_err_set(err, "table %s: %ld rows in the source, %ld in the copy",
				   s->t[i].name, s->t[i].from_rows, s->t[i].to_rows);
			return -1;
		}
	struct kj_audit_problem p;
	int ok;
	if (kj_audit_verify(to, &p, &ok, &out->audit_entries, &out->audit_first_keyed, err) < 0)
		return -1;
	if (!ok) {
		kj_err_set(err, "the audit trail does not verify on the copy, at entry %lld: %s",
			   (long long)p.id, p.reason);
		return -1;
	}
	return 0;
}

int kj_app_db_copy(const char *from, const char *to, struct kj_db_copy_result *out,
		   struct kj_err *err)
{
	memset(out, 0, sizeof *out);
	if (!strcmp(from, to)) {
		kj_err_set(err, "the source and the target are the same database");
		return -1;
	}
	double t0 = now_s();
	struct kj_store *src = NULL, *dst = NULL;
	if (kj_store_open(&src, from, KJ_STORE_READONLY, err) < 0) {
		kj_err_prefix(err, "source");
		return -1;
	}
	if (kj_store_open(&dst, to, KJ_STORE_CREATE, err) < 0) {
		kj_err_prefix(err, "target");
		kj_store_close(src);
		return -1;
	}
	int rc = -1;
	if (kj_store_begin(dst, err) == 0) {
		if (kj_store_copy(src, dst, &out->stats, err) == 0 && verify(dst, out, err) == 0)
			rc = kj_store_commit(dst, err);
		else
			kj_store_rollback(dst);
	}
	if (rc == 0)
		rc = kj_store_analyze(dst, err);	/* the new tables' statistics */
	kj_store_close(src);
	kj_store_close(dst);
	out->seconds = now_s() - t0;
	return rc;
}
