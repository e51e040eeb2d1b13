/*
 * The annual report to the Strategy HQ (issue 14, docs/report.md). Its
 * figures are frozen first: kj_report_freeze collects, in one read, every
 * figure the report shows (the national and sector views as a reader of
 * aggregates sees them, the plans, the evaluations, the HQ's findings, the
 * standard's Part 3 and what disclosure control suppressed) as one JSON,
 * stored with its SHA-256 (report_snapshot). A report is always built from
 * a snapshot (kj_report_build), so a late correction never changes a
 * report already sent; kj_report_make freezes one first when the year has
 * none. Who: report.make (the NCO, and the command line) freezes; report.read
 * (NCO, HQ, auditors) lists and downloads.
 */
#ifndef KJ_APP_REPORT_H
#define KJ_APP_REPORT_H

#include <jansson.h>

#include "app/analysis.h"
#include "app/usecase.h"
#include "export/doc.h"
#include "export/doc_write.h"
#include "store/store_report.h"

#define KJ_REPORT_FY_MIN 2000
#define KJ_REPORT_FY_MAX 2100

/* Progress of the collection: STEP of TOTAL views read. */
typedef void (*kj_report_progress_fn)(void *arg, int step, int total);

/*
 * Collects the figures of fiscal year FY into *OUT (json_decref it), in one
 * read transaction that it begins and ends. Returns 0, 1 with WHY (404: no
 * questionnaire survey that year), or -1 with ERR.
 */
int kj_report_collect(struct kj_store *st, int fy, kj_report_progress_fn progress,
		      void *arg, json_t **out, struct kj_analysis_refusal *why,
		      struct kj_err *err);
/*
 * Freezes the figures of fiscal year FY (text, checked here) for ACTOR with
 * NOTE (NULL: none), audited as report.freeze. Returns 0 with M, 1 with WHY
 * (400 bad input, 403 not the actor's, 404 no survey), or -1 with ERR
 * (nothing written).
 */
int kj_report_freeze(struct kj_store *st, const struct kj_actor *actor, const char *fy,
		     const char *note, kj_report_progress_fn progress, void *arg,
		     struct kj_report_meta *m, struct kj_analysis_refusal *why,
		     struct kj_err *err);
/* The snapshots USER (NULL: the command line) may read, of FY (0: every
 * year), newest first, into OUT (at most MAX, *N). */
int kj_report_list(struct kj_store *st, const struct kj_user *user, int fy,
		   struct kj_report_meta *out, int max, int *n, struct kj_err *err);
/* Snapshot ID (text, checked here) into M and its parsed body into *BODY.
 * Returns 0, 1 with WHY (404), or -1 with ERR. */
int kj_report_get(struct kj_store *st, const struct kj_user *user, const char *id,
		  struct kj_report_meta *m, json_t **body, struct kj_analysis_refusal *why,
		  struct kj_err *err);

/* The report of snapshot M (BODY its JSON) as a document, in LANG's words
 * for the writers only (the report itself is Japanese); NULL with ERR. */
struct kj_doc *kj_report_build(json_t *body, const struct kj_report_meta *m, struct kj_err *err);

/* The format named S ("pdf", "xlsx", "docx", "html"), or -1. */
int kj_report_format_parse(const char *s);
const char *kj_report_format_name(enum kj_doc_format f);
const char *kj_report_format_mime(enum kj_doc_format f);

/* What kj_report_make is asked. */
struct kj_report_req {
	const char *fy;			/* text, checked; NULL with SNAPSHOT: its year */
	const char *snapshot;		/* NULL: the year's latest, frozen now if none */
	enum kj_doc_format format;
	const char *path;		/* the file written */
	const struct kj_doc_write_opts *opts;
	kj_report_progress_fn progress;	/* collection, when it freezes */
	void *progress_arg;
};
/*
 * The annual report of R->fy for ACTOR written to R->path: from snapshot
 * R->snapshot, else the year's latest, else one frozen now (which needs
 * report.make). Audited as report.export. Returns 0 with *USED the
 * snapshot's id, 1 with WHY (400, 403, 404; nothing written), or -1 with
 * ERR (no file left behind).
 */
int kj_report_make(struct kj_store *st, const struct kj_actor *actor,
		   const struct kj_report_req *r, int64_t *used,
		   struct kj_analysis_refusal *why, struct kj_err *err);

#endif
