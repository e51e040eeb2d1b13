/*
 * The import of filled forms (kj_app_forms_import, kj_app_form_import; see
 * survey_form.h): each form read and checked against its operator's form as
 * it would be written now (survey_form.c's kj_form_build), then saved with
 * its revision through kj_app_answers_save, a batch in one transaction, the
 * checks running ahead in a second thread when there are several.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/import_audit.h"
#include "app/survey_form.h"
#include "app/survey_form_priv.h"
#include "base/util.h"
#include "store/store_response.h"
#include "store/store_survey.h"
#include "store/store_tally.h"

void kj_form_import_free(struct kj_form_import *r)
{
	free(r->errors);
	r->errors = NULL;
}

static int add_error(struct kj_form_import *out, int cap[1], int row, int col, const char *ja,
		     const char *en)
{
	char cell[16];
	kj_form_cell(row, col, cell);
	/* Room for the cell and the whole message: kj_row_error_add cuts it to its
	 * own size on a character boundary. */
	char fja[KJ_ERR_MAX + 32], fen[KJ_ERR_MAX + 32];
	snprintf(fja, sizeof fja, "セル %s: %s", cell, ja);
	snprintf(fen, sizeof fen, "cell %s: %s", cell, en);
	return kj_row_error_add(&out->errors, &out->nerrors, cap, row + 1, cell, fja, fen);
}

/* The table row of ITEM in the checked form, or -1. */
static int row_of(const struct kj_form_check *c, const char *item)
{
	for (int i = 0; i < c->nanswers; i++)
		if (!strcmp(c->answers[i].item, item))
			return c->answers[i].row;
	return -1;
}

/* A save that found conflicts or bad values: each named at its cell. */
static int save_errors(const struct kj_save_result *res, const struct kj_form_check *c,
		       struct kj_form_import *out)
{
	int cap = 0;
	char ja[KJ_ERR_MAX], en[KJ_ERR_MAX];
	for (int i = 0; i < res->nconflicts && i < KJ_SAVE_CONFLICTS_MAX; i++) {
		int row = row_of(c, res->conflicts[i].item);
		snprintf(ja, sizeof ja, "様式のダウンロード後に %.60s さんが変更しました（%.32s）。"
			 "新しい様式をダウンロードしてください", res->conflicts[i].by,
			 res->conflicts[i].at);
		snprintf(en, sizeof en, "changed by %.60s at %.32s since the form was downloaded: "
			 "download a new form", res->conflicts[i].by, res->conflicts[i].at);
		if (add_error(out, &cap, row < 0 ? 0 : row, KJ_FC_LEVEL, ja, en) < 0)
			return -1;
	}
	for (int i = 0; i < res->nfaults && i < KJ_SAVE_FAULTS_MAX; i++) {
		int row = row_of(c, res->faults[i].item);
		if (add_error(out, &cap, row < 0 ? 0 : row, KJ_FC_LEVEL, res->faults[i].fault->ja,
			      res->faults[i].fault->en) < 0)
			return -1;
	}
	out->outcome = KJ_IMPORT_BAD_ROWS;
	return 0;
}

/* The edits of a checked form: every item, a given answer confirmed. */
static struct kj_answer_edit *edits_of(const struct kj_form_check *c)
{
	struct kj_answer_edit *e = malloc((c->nanswers ? (size_t)c->nanswers : 1) * sizeof *e);
	if (!e)
		return NULL;
	for (int i = 0; i < c->nanswers; i++) {
		const struct kj_form_answer *a = &c->answers[i];
		if (a->question)
			e[i] = (struct kj_answer_edit){ .item = a->item, .value = a->value };
		else	/* kj_form_check parsed the level and ran kj_answer_check */
			e[i] = (struct kj_answer_edit){ .item = a->item, .level = a->level,
				.na_reason = a->na_reason, .note = a->note,
				.evidence = a->evidence, .confirm = a->level[0] != '\0',
				.checked = 1, .level_value = a->level_value };
	}
	return e;
}

/* The organisation a form is for: ORG, the actor's, or the one its identifier names. */
static int form_org(struct kj_store *st, const struct kj_actor *actor, const struct kj_table *t,
		    int64_t *org, struct kj_answer_refusal *why, struct kj_err *err)
{
	struct kj_form_id id;
	if (!*org)
		*org = kj_app_actor_org(actor);
	if (*org)
		return 0;
	const struct kj_answer_fault *f = kj_form_id_parse(kj_table_cell(t, KJ_FORM_ID_ROW, 1),
							  &id);
	if (f) {
		why->fault = KJ_SURVEY_BAD;
		snprintf(why->msg_ja, sizeof why->msg_ja, "セル B1: %s", f->ja);
		snprintf(why->msg, sizeof why->msg, "cell B1: %s", f->en);
		return 0;
	}
	return kj_app_form_org(st, id.corporate_number, org, why, err);
}

static void today(char out[16])
{
	time_t now = time(NULL) + 9 * 3600;	/* the day in Japan */
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

/* Saves the checked form C into ORG's response, then submits if asked. */
static int import_write(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			const struct kj_survey *known, int64_t org, const struct kj_form_check *c,
			const struct kj_form_import_opts *opts, struct kj_form_import *out,
			struct kj_answer_refusal *why, struct kj_err *err)
{
	struct kj_answer_edit *edits = edits_of(c);
	struct kj_save_result *res = kj_save_result_new();
	int rc = -1;
	if (!edits || !res) {
		kj_err_set(err, "out of memory");
		goto done;
	}
	struct kj_answer_save save = { c->id.revision, edits, c->nanswers,
				       opts ? opts->reason : NULL };
	rc = kj_app_answers_save_known(st, actor, survey, known, org, &save, res, why, err);
	if (rc < 0)
		goto done;
	if (why->fault != KJ_SURVEY_OK) {
		if (res->nconflicts || res->nfaults) {
			rc = save_errors(res, c, out);
			if (rc == 0)
				memset(why, 0, sizeof *why);
		}
		goto done;
	}
	out->changed = res->changed;
	out->revision = res->revision;
	if (opts && opts->submit) {
		char (*missing)[KJ_ITEM_MAX] = calloc(KJ_SAVE_FAULTS_MAX, sizeof *missing);
		int nmissing = 0, cap = 0;
		char day[16];
		struct kj_attestation att = *opts->submit;
		if (!att.date || !*att.date) {
			today(day);
			att.date = day;
		}
		if (!missing) {
			kj_err_set(err, "out of memory");
			rc = -1;
			goto done;
		}
		rc = kj_app_response_submit(st, actor, survey, org, res->revision, &att,
					    &out->receipt, missing, KJ_SAVE_FAULTS_MAX, &nmissing,
					    why, err);
		for (int i = 0; rc == 0 && i < nmissing && i < KJ_SAVE_FAULTS_MAX; i++)
			if (add_error(out, &cap, row_of(c, missing[i]) < 0 ? 0 : row_of(c, missing[i]),
				      KJ_FC_LEVEL, "未回答か、確認されていない回答です（提出できません）",
				      "not answered or not confirmed (cannot submit)") < 0)
				rc = -1;
		free(missing);
		out->submitted = rc == 0 && why->fault == KJ_SURVEY_OK;
	}
done:
	free(edits);
	kj_save_result_free(res);
	return rc;
}

/* A form of a batch between its check and its write. */
struct form_job {
	struct kj_table t;
	struct kj_form_check c;
	struct kj_form_built b;
	struct kj_questionnaire *q;
	int checked;		/* to be written */
};

static void job_free(struct form_job *j)
{
	kj_form_check_free(&j->c);
	free(j->b.rows);
	kj_questionnaire_free(j->q);
	kj_table_free(&j->t);
	memset(j, 0, sizeof *j);
}

/* Reads and checks F against its operator's questionnaire as it is now;
 * J->checked when it is to be written, else F->out and F->why say why. */
static int job_check(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		     const struct kj_survey *known, const struct kj_form_import_opts *opts,
		     struct kj_form_upload *f, struct form_job *j, struct kj_err *err)
{
	struct kj_form_import *out = &f->out;
	struct kj_answer_refusal *why = &f->why;
	int64_t org = f->org;
	int rc;
	memset(out, 0, sizeof *out);
	memset(why, 0, sizeof *why);
	out->outcome = KJ_IMPORT_DONE;
	if (kj_import_read(&j->t, f->data, f->len, &out->outcome, out->detail,
			   sizeof out->detail) < 0)
		return 0;
	if ((rc = form_org(st, actor, &j->t, &org, why, err)) < 0 || why->fault != KJ_SURVEY_OK)
		return rc;
	out->org = org;
	if (!(j->q = kj_questionnaire_new())) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if ((rc = kj_app_questionnaire_load_known(st, actor, survey, org, known, j->q, why,
						  err)) < 0 ||
	    why->fault != KJ_SURVEY_OK)
		return rc;
	rc = kj_form_build(j->q, &j->b) < 0 || kj_form_check(&j->b.form, &j->t, opts && opts->submit,
						     &j->c) < 0 ? -1 : 0;
	/* The check's answers point into the table and the rows, not into the
	 * questionnaire (megabytes): handed back at once for the next form. */
	kj_questionnaire_free(j->q);
	j->q = NULL;
	memset(&j->b.form, 0, sizeof j->b.form);
	if (rc < 0) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (j->c.nerrors) {
		out->outcome = KJ_IMPORT_BAD_ROWS;
		out->errors = j->c.errors;
		out->nerrors = j->c.nerrors;
		j->c.errors = NULL;
		return 0;
	}
	j->checked = 1;
	return 0;
}

/*
 * The checks of a batch, run ahead of its writes by KJ_FORM_CHECKERS
 * threads, each on a read-only connection of its own, when there are
 * several forms (the check of a form costs a little more than its write:
 * with one checker the writer waited for it). Each thread takes the next
 * form not yet taken; DONE counts the forms checked from the first without
 * a gap, so the writer writes them in their order. A failed check stops
 * them and fails the batch.
 */
struct checker {
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* DONE, WRITTEN or STOP moved */
	int next;		/* the next form a thread takes */
	int done, failed, stop;
	int written;		/* forms the writer is past: the checkers keep at
				 * most KJ_FORM_AHEAD_MAX forms ahead of it */
	struct kj_err err;
	const struct kj_actor *actor;
	int64_t survey;
	const struct kj_survey *sv;	/* the survey's row, read once; NULL: per form */
	struct kj_survey *in_tx;	/* the same read in the writer's transaction */
	const struct kj_form_import_opts *opts;
	struct kj_form_upload *forms;
	struct form_job *jobs;
	unsigned char *ready;	/* per form: checked (by whichever thread) */
	int n;
};

/* One checking thread: its checker and its connection. */
struct check_thread {
	struct checker *k;
	struct kj_store *st;
	pthread_t thread;
};

static void *check_all(void *arg)
{
	struct check_thread *ct = arg;
	struct checker *k = ct->k;
	for (;;) {
		pthread_mutex_lock(&k->mu);
		while (k->next < k->n && k->next >= k->written + KJ_FORM_AHEAD_MAX && !k->stop)
			pthread_cond_wait(&k->cv, &k->mu);
		int i = k->next, stop = k->stop || k->failed || i >= k->n;
		if (!stop)
			k->next++;
		pthread_mutex_unlock(&k->mu);
		if (stop)
			break;
		struct kj_err err;
		int rc = job_check(ct->st, k->actor, k->survey, k->sv, k->opts, &k->forms[i],
				   &k->jobs[i], &err);
		pthread_mutex_lock(&k->mu);
		if (rc < 0) {
			if (!k->failed)
				k->err = err;
			k->failed = 1;
		} else {
			k->ready[i] = 1;
			while (k->done < k->n && k->ready[k->done])
				k->done++;
		}
		pthread_cond_broadcast(&k->cv);
		pthread_mutex_unlock(&k->mu);
	}
	return NULL;
}

/* Waits until form I is checked: 0, or -1 with ERR when a check failed. */
static int checked(struct checker *k, int i, struct kj_err *err)
{
	pthread_mutex_lock(&k->mu);
	k->written = i;		/* the forms before I are written */
	pthread_cond_broadcast(&k->cv);
	while (k->done <= i && !k->failed)
		pthread_cond_wait(&k->cv, &k->mu);
	int rc = k->done > i ? 0 : -1;
	if (rc < 0)
		*err = k->err;
	pthread_mutex_unlock(&k->mu);
	return rc;
}

/*
 * Starts K's threads, each on a read-only connection: the first on ST's
 * reader, the next on that reader's own (kj_store_reader), all closed with
 * ST. Returns the threads started (0: the forms are then checked first, in
 * this thread).
 */
static int checker_start(struct kj_store *st, struct checker *k,
			 struct check_thread th[KJ_FORM_CHECKERS])
{
	struct kj_err err;
	int started = 0;
	if (k->n < 2 || !(k->ready = calloc((size_t)k->n, 1)))
		return 0;
	pthread_mutex_init(&k->mu, NULL);
	pthread_cond_init(&k->cv, NULL);
	for (struct kj_store *on = st; started < KJ_FORM_CHECKERS && started < k->n; started++) {
		if (kj_store_reader(on, &th[started].st, &err) < 0)
			break;
		th[started].k = k;
		if (pthread_create(&th[started].thread, NULL, check_all, &th[started]) != 0)
			break;
		on = th[started].st;
	}
	if (!started) {
		pthread_cond_destroy(&k->cv);
		pthread_mutex_destroy(&k->mu);
		free(k->ready);
		k->ready = NULL;
	}
	return started;
}

/* Stops (when STOP) and joins K's NTH threads. */
static void checker_end(struct checker *k, struct check_thread *th, int nth, int stop)
{
	if (stop) {	/* each stops after the form it checks */
		pthread_mutex_lock(&k->mu);
		k->stop = 1;
		pthread_cond_broadcast(&k->cv);
		pthread_mutex_unlock(&k->mu);
	}
	for (int i = 0; i < nth; i++)
		pthread_join(th[i].thread, NULL);
	pthread_cond_destroy(&k->cv);
	pthread_mutex_destroy(&k->mu);
	free(k->ready);
	k->ready = NULL;
}

/* The batch's one survey.form.import entry: its files, the forms written and refused. */
static int audit_batch(struct kj_store *st, const struct checker *k, struct kj_err *err)
{
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)k->survey);
	struct kj_import_summary sum = { .action = "survey.form.import",
					 .object_type = "survey", .object_id = sid };
	for (int i = 0; i < k->n; i++) {
		const struct kj_form_upload *f = &k->forms[i];
		kj_import_batch_add(&sum, f->len);
		if (f->out.outcome == KJ_IMPORT_DONE && f->why.fault == KJ_SURVEY_OK)
			sum.accepted++;
		else
			sum.refused++;
	}
	if (k->n == 1)	/* one file: its digest */
		kj_import_digest(&sum, k->forms[0].data, k->forms[0].len);
	return sum.accepted ? kj_import_audit(st, k->actor, &sum, err) : 0;
}

/* Checks (unless the checker does, AHEAD) and writes the batch's forms, the
 * good ones in one durable transaction opened at the first. */
static int write_all(struct kj_store *st, struct checker *k, int ahead, struct kj_err *err)
{
	int writing = 0, rc = 0, found = 0;
	/* Alone, every form is checked before the transaction opens. */
	for (int i = 0; !ahead && i < k->n; i++)
		if (job_check(st, k->actor, k->survey, k->sv, k->opts, &k->forms[i], &k->jobs[i],
			      err) < 0)
			return -1;
	for (int i = 0; i < k->n && rc == 0; i++) {
		if (ahead && checked(k, i, err) < 0) {
			rc = -1;
			break;
		}
		if (!k->jobs[i].checked) {
			job_free(&k->jobs[i]);	/* refused: its errors are the result's */
			continue;
		}
		if (!writing) {
			if (kj_store_durable(st, 1, err) < 0 || kj_store_begin(st, err) < 0) {
				kj_store_durable(st, 0, NULL);
				return -1;
			}
			writing = 1;
			/* The response counts of the batch's operators written
			 * once per row at the end, not twice per form. */
			rc = kj_store_tally_defer(st, 1, err);
			/* The survey's row as the transaction sees it: the same
			 * for every form of the batch, the write lock held from
			 * the first (unread: each save reads it). */
			if (rc == 0 && k->in_tx &&
			    (kj_store_survey_hold(st, k->survey, err) < 0 ||
			     kj_store_survey_get(st, k->survey, k->in_tx, &found, err) < 0))
				rc = -1;
			if (rc < 0)
				break;
		}
		rc = import_write(st, k->actor, k->survey, found ? k->in_tx : NULL,
				  k->forms[i].out.org, &k->jobs[i].c, k->opts, &k->forms[i].out,
				  &k->forms[i].why, err);
		/* Its table and rows are no longer needed. */
		job_free(&k->jobs[i]);
	}
	if (writing && rc == 0)
		rc = kj_store_tally_flush(st, err);
	if (writing && rc == 0)
		rc = audit_batch(st, k, err);
	if (writing) {
		if (rc == 0)
			rc = kj_store_commit(st, err);
		else
			kj_store_rollback(st);
		kj_store_tally_defer(st, 0, NULL);	/* nothing left unless it failed */
		kj_store_durable(st, 0, NULL);
	}
	return rc;
}

int kj_app_forms_import(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			struct kj_form_upload *forms, int n,
			const struct kj_form_import_opts *opts, struct kj_err *err)
{
	if (n < 1 || n > KJ_FORM_BATCH_MAX) {
		kj_err_set(err, "internal error: a batch of %d forms (1 to %d)", n,
			   KJ_FORM_BATCH_MAX);
		return -1;
	}
	struct checker k = { .actor = actor, .survey = survey, .opts = opts, .forms = forms,
			     .n = n };
	if (!(k.jobs = calloc((size_t)n, sizeof *k.jobs))) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	/* The survey's row, the same for every form of the batch: read once for
	 * the checks (each write reads it again in its transaction, and
	 * refuses a survey closed meanwhile). Unread, each check reads it. */
	struct kj_survey *sv = malloc(2 * sizeof *sv);
	struct kj_err ignored;
	int found = 0;
	if (sv && kj_store_survey_get(st, survey, sv, &found, &ignored) == 0 && found)
		k.sv = sv;
	k.in_tx = sv ? sv + 1 : NULL;
	struct check_thread th[KJ_FORM_CHECKERS];
	int nth = checker_start(st, &k, th);
	int rc = write_all(st, &k, nth > 0, err);
	if (nth)
		checker_end(&k, th, nth, rc < 0);
	for (int i = 0; i < n; i++) {
		job_free(&k.jobs[i]);
		if (rc < 0) {
			/* Nothing of the batch was written. */
			kj_form_import_free(&forms[i].out);
			memset(&forms[i].out, 0, sizeof forms[i].out);
		}
	}
	free(k.jobs);
	free(sv);
	return rc;
}

int kj_app_form_import(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		       int64_t org, const char *data, size_t len,
		       const struct kj_form_import_opts *opts, struct kj_form_import *out,
		       struct kj_answer_refusal *why, struct kj_err *err)
{
	struct kj_form_upload f = { data, len, org, { 0 }, { 0 } };
	int rc = kj_app_forms_import(st, actor, survey, &f, 1, opts, err);
	*out = f.out;
	*why = f.why;
	return rc;
}
