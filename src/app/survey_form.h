/*
 * Use cases of the offline form (issue 12): an operator's form of a survey
 * as xlsx or CSV, a filled form imported as that operator's draft (checked
 * in full before anything is written, then saved with the revision the
 * form was downloaded at, and optionally submitted), and the owner's
 * export of every answer of every response with the change log.
 *
 * Who may do what is the answering use cases' (app/survey_answer.h): the
 * form and the import go through kj_app_questionnaire_load and
 * kj_app_answers_save; the export reads each response through
 * kj_app_questionnaire_load and leaves out those the actor may not read (a
 * ministry gets only its sectors' operators), then the change log of those
 * it read (store/store_survey_form.c).
 * Return conventions: 0 (WHY->fault tells a refusal), or -1 with ERR.
 */
#ifndef KJ_APP_SURVEY_FORM_H
#define KJ_APP_SURVEY_FORM_H

#include <stdio.h>

#include "app/survey_answer.h"
#include "model/survey_form.h"

enum kj_form_format { KJ_FORM_XLSX, KJ_FORM_CSV, KJ_FORM_CSV_CP932 };

/* "xlsx", "csv" (UTF-8) or "csv-cp932": 0, or -1 for anything else. */
int kj_app_form_format(const char *s, enum kj_form_format *f);

/* Form F (a questionnaire's or a visit's, model/survey_form.h) as FORMAT
 * into *DATA (*LEN bytes, malloc'd: free() it). 0, or -1 with ERR. */
int kj_app_form_bytes(const struct kj_answer_form *f, enum kj_form_format format, char **data,
		      size_t *len, struct kj_err *err);

/* The organisation of CORPORATE_NUMBER into *ORG (refused when unknown). */
int kj_app_form_org(struct kj_store *st, const char *corporate_number, int64_t *org,
		    struct kj_answer_refusal *why, struct kj_err *err);

/*
 * ORG's form of SURVEY (ORG 0: the actor's own organisation) as FORMAT into
 * *DATA (*LEN bytes, malloc'd: free() it), and a file name for it in NAME.
 */
int kj_app_form_get(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		    int64_t org, enum kj_form_format format, char **data, size_t *len,
		    char *name, size_t namecap, struct kj_answer_refusal *why,
		    struct kj_err *err);

/* What became of an imported form. */
struct kj_form_import {
	enum kj_import_outcome outcome;	/* DONE, UNREADABLE, NOT_A_LIST, BAD_ROWS */
	char detail[KJ_ERR_MAX];	/* "JA / EN" for UNREADABLE and NOT_A_LIST */
	struct kj_row_error *errors;	/* BAD_ROWS: each bad cell (free: kj_form_import_free) */
	int nerrors;			/* counted; at most KJ_IMPORT_ERRORS_MAX kept */
	int64_t org;			/* the operator whose draft it is */
	int changed;			/* answers changed */
	long revision;			/* the response's revision after it */
	int submitted;
	struct kj_receipt receipt;	/* when submitted */
};
void kj_form_import_free(struct kj_form_import *r);

struct kj_form_import_opts {
	const char *reason;			/* required when the response was returned */
	const struct kj_attestation *submit;	/* NULL: saved as a draft only */
};

/*
 * Imports the filled form DATA (LEN bytes, xlsx or CSV in UTF-8 or CP932)
 * into ORG's response to SURVEY (ORG 0: the actor's own organisation, else
 * the one the form names). Refused with nothing changed, each bad cell
 * named in OUT: a form of another operator or survey or of a changed
 * question set, an edited identifier, heading or fixed cell, a level off
 * the scale, N/A without its reason, a bad own answer, answers changed by
 * someone else since the download; with OPTS->submit also a required item
 * left blank. A damaged file, not xlsx or CSV, or a zip bomb: UNREADABLE.
 */
int kj_app_form_import(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		       int64_t org, const char *data, size_t len,
		       const struct kj_form_import_opts *opts, struct kj_form_import *out,
		       struct kj_answer_refusal *why, struct kj_err *err);

/* One filled form of a batch, and what became of it. */
struct kj_form_upload {
	const char *data;		/* the file, LEN bytes */
	size_t len;
	int64_t org;			/* as kj_app_form_import's ORG */
	struct kj_form_import out;	/* free: kj_form_import_free */
	struct kj_answer_refusal why;
};

/*
 * Imports N (1 to KJ_FORM_BATCH_MAX) filled forms of SURVEY, each as
 * kj_app_form_import does (an upload is a batch of one): each form is read
 * and checked in full before anything of it is written, and the good ones
 * are written in one transaction, committed durably, so that a surveyor's
 * thousands of forms are imported at the speed of the database. With
 * several forms the checks run ahead in threads on read-only connections
 * (kj_store_reader) while this one writes. Each form is all or nothing: a
 * refused one (its OUT and WHY say why) changes nothing, and the others of
 * the batch are written. -1 with ERR: nothing of the batch was written.
 */
int kj_app_forms_import(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			struct kj_form_upload *forms, int n,
			const struct kj_form_import_opts *opts, struct kj_err *err);

/*
 * The same import for many batches, the checks of the batches queued next
 * running while a batch is written and committed: open, queue a batch (at
 * most KJ_FORM_QUEUED_MAX waiting, each kept by the caller until written),
 * write the first queued batch (as kj_app_forms_import: 0, or -1 with ERR
 * and nothing of it written; after a -1 every later write fails too),
 * close (the batches queued and not written are not written).
 */
struct kj_form_importer;
int kj_app_forms_import_open(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			     const struct kj_form_import_opts *opts,
			     struct kj_form_importer **out, struct kj_err *err);
int kj_app_forms_import_queue(struct kj_form_importer *im, struct kj_form_upload *forms, int n,
			      struct kj_err *err);
int kj_app_forms_import_write(struct kj_form_importer *im, struct kj_err *err);
void kj_app_forms_import_close(struct kj_form_importer *im);

/* The owner's export of SURVEY, opened by kj_app_answers_export_open. */
struct kj_answers_export;
int kj_app_answers_export_open(struct kj_store *st, const struct kj_actor *actor,
			       int64_t survey, struct kj_answers_export **out,
			       struct kj_answer_refusal *why, struct kj_err *err);
/* Responses in the export (before the actor's reach is applied). */
long kj_app_answers_export_responses(const struct kj_answers_export *x);
/* Writes the export as CSV to F, or as a workbook to PATH; *ROWS the answers. */
int kj_app_answers_export_csv(struct kj_answers_export *x, FILE *f, long *rows,
			      struct kj_err *err);
int kj_app_answers_export_xlsx(struct kj_answers_export *x, const char *path, long *rows,
			       struct kj_err *err);
void kj_app_answers_export_close(struct kj_answers_export *x);

#endif
