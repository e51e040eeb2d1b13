/*
 * The offline record form of an on-site visit (issue 15): the questionnaire's
 * form (model/survey_form.h) of kind KJ_FORM_KIND_VISIT, one row per
 * requirement in the visit's scope, and its import, checked in full before
 * anything is written (a form of another visit or of another scope, an
 * edited identifier, heading or fixed cell, a level off the scale, N/A
 * without its reason, a damaged file, not xlsx or CSV, a zip bomb), then
 * recorded through kj_app_visit_record at the revision the form was
 * downloaded at. And every visit's items of a survey as CSV.
 * Return conventions: as onsite_visit.h.
 */
#ifndef KJ_APP_ONSITE_VISIT_FORM_H
#define KJ_APP_ONSITE_VISIT_FORM_H

#include <stdio.h>

#include "app/onsite_visit.h"
#include "app/survey_form.h"

/* VISIT's form as FORMAT into *DATA (*LEN bytes, malloc'd) and a file name
 * into NAME: for those who may record it. */
int kj_app_visit_form_get(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			  enum kj_form_format format, char **data, size_t *len, char *name,
			  size_t namecap, struct kj_visit_refusal *why, struct kj_err *err);

/*
 * Imports the filled form DATA (LEN bytes) into VISIT. OUT->outcome DONE
 * (OUT->changed the items changed, OUT->revision the visit's after it),
 * UNREADABLE (OUT->detail), or BAD_ROWS (each bad cell in OUT->errors;
 * free with kj_form_import_free); nothing is written unless DONE. WHY: the
 * visit is not there, not for ACTOR, issued.
 */
int kj_app_visit_form_import(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			     const char *data, size_t len, struct kj_form_import *out,
			     struct kj_visit_refusal *why, struct kj_err *err);

/* Every item of every visit of SURVEY that ACTOR may read, as CSV to F; *ROWS. */
int kj_app_visit_items_csv(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			   FILE *f, long *rows, struct kj_err *err);

#endif
