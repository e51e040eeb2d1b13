/*
 * The audit trail exported for a SIEM (kijun audit export): one JSON
 * object a line, each entry with its position, its fields as they are
 * hashed, the previous entry's hash and its own, so that the receiver can
 * recompute the chain (tests/cli/verify_audit_jsonl.py does, apart from
 * kijun) and see that nothing is missing or out of order. Part 3 of the
 * standard, 3.4.5: logs kept, and kept apart from the system they record.
 *
 * Functions return 0, or -1 with ERR set.
 */
#ifndef KJ_APP_AUDIT_EXPORT_H
#define KJ_APP_AUDIT_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "model/audit.h"
#include "store/store.h"

/* Where an export starts: at a position, or at the first entry from a time. */
struct kj_audit_since {
	int64_t position;	/* 1..: from this entry on; 0 when AT is used */
	char at[21];		/* "YYYY-MM-DDTHH:MM:SSZ" (UTC); "" when POSITION is used */
};

/*
 * Parses --since: a position (a whole number from 1), an ISO 8601 time with
 * its zone ("2026-12-05T09:00:00+09:00", "2026-12-05T00:00:00Z"), or a day
 * "YYYY-MM-DD", which starts at midnight in Japan (as audit list's days).
 */
int kj_audit_since_parse(const char *s, struct kj_audit_since *out, struct kj_err *err);

/*
 * Records the export in ST's trail under ACTOR (DESCRIBE: its options as
 * JSON text), then writes every entry from SINCE on to OUT as JSON lines,
 * verifying the whole chain from its first entry as it goes: a trail that
 * does not verify is not exported past the entry that breaks it (ERR says
 * which). *LINES: the entries written.
 */
int kj_audit_export_jsonl(struct kj_store *st, const char *actor, const char *describe,
			  const struct kj_audit_since *since, FILE *out, long *lines,
			  struct kj_err *err);

#endif
