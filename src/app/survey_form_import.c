/*
 * The import of filled forms (kj_app_forms_import, kj_app_form_import; see
 * survey_form.h): each form read and checked against its operator's form as
 * it would be written now (survey_form.c's kj_form_build), then saved with
 * its revision through kj_app_answers_save, a batch in one transaction, the
 * checks running ahead in threads when there are several.
 */
#include <limits.h>
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
	kj_form_built_free(&j->b);
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


/* A batch of an import: its forms, written in one transaction. */
struct batch {
	struct kj_form_upload *forms;
	struct form_job *jobs;
	unsigned char *ready;	/* per form: checked (by whichever thread) */
	int n;
	long first;		/* the sequence number of forms[0] in the import */
};

/* One checking thread: its import and its connection. */
struct check_thread {
	struct kj_form_importer *im;
	struct kj_store *st;
	pthread_t thread;
};

/*
 * An import. The checks run ahead of the writes in KJ_FORM_CHECKERS
 * threads, each on a read-only connection of its own, once there are
 * several forms (the check of a form costs about what its write costs).
 * The forms of the queued batches are numbered in one sequence; each thread
 * takes the next form not yet taken, at most KJ_FORM_AHEAD_MAX ahead of the
 * writer, so that the checks of the next batch go on while a batch commits.
 * DONE counts the forms checked from the first without a gap, so the
 * writer writes them in their order. A check that fails (not a refused
 * form: an error) stops the threads, and the forms from it on fail.
 */
struct kj_form_importer {
	struct kj_store *st;
	const struct kj_actor *actor;
	int64_t survey;
	const struct kj_form_import_opts *opts;
	struct kj_survey row;		/* the survey's row, read once for the checks */
	const struct kj_survey *sv;	/* &ROW, or NULL when unread: each check reads it */
	struct kj_survey in_tx;		/* the same row as a batch's transaction reads it */
	struct batch q[KJ_FORM_QUEUED_MAX];
	int nq;
	long end;			/* the sequence number after the last queued form */
	int broken;			/* a batch failed: the import writes nothing more */
	struct kj_err why_broken;
	struct check_thread th[KJ_FORM_CHECKERS];
	int nth, tried;			/* threads running; their start was tried */
	pthread_mutex_t mu;
	pthread_cond_t cv;		/* DONE, WRITTEN, END or STOP moved */
	long next;			/* the next form a thread takes */
	long done;
	long written;			/* the form the writer waits for or writes */
	long failed;			/* the first form whose check failed; LONG_MAX: none */
	struct kj_err err;		/* that check's error */
	int stop;
};

/* The queued batch holding form SEQ (under MU), or NULL. */
static struct batch *batch_of(struct kj_form_importer *im, long seq)
{
	for (int b = 0; b < im->nq; b++)
		if (seq >= im->q[b].first && seq < im->q[b].first + im->q[b].n)
			return &im->q[b];
	return NULL;
}

static void *check_all(void *arg)
{
	struct check_thread *ct = arg;
	struct kj_form_importer *im = ct->im;
	pthread_mutex_lock(&im->mu);
	for (;;) {
		while (!im->stop && im->failed == LONG_MAX &&
		       (im->next >= im->end || im->next >= im->written + KJ_FORM_AHEAD_MAX))
			pthread_cond_wait(&im->cv, &im->mu);
		if (im->stop || im->failed != LONG_MAX)
			break;
		long seq = im->next++;
		struct batch *b = batch_of(im, seq);
		struct kj_form_upload *f = &b->forms[seq - b->first];
		struct form_job *j = &b->jobs[seq - b->first];
		pthread_mutex_unlock(&im->mu);
		struct kj_err err;
		int rc = job_check(ct->st, im->actor, im->survey, im->sv, im->opts, f, j, &err);
		pthread_mutex_lock(&im->mu);
		if (rc < 0) {
			if (seq < im->failed) {
				im->failed = seq;
				im->err = err;
			}
		} else {
			/* Its batch is still queued (the writer waits for it), but
			 * may have moved up the queue meanwhile. */
			b = batch_of(im, seq);
			b->ready[seq - b->first] = 1;
			while (im->done < im->end && (b = batch_of(im, im->done)) &&
			       b->ready[im->done - b->first])
				im->done++;
		}
		pthread_cond_broadcast(&im->cv);
	}
	pthread_mutex_unlock(&im->mu);
	return NULL;
}

/* Tells the threads that the writer has reached form SEQ (the ones before
 * it are written, or no longer need their check's memory). */
static void reached(struct kj_form_importer *im, long seq)
{
	pthread_mutex_lock(&im->mu);
	im->written = seq;
	pthread_cond_broadcast(&im->cv);
	pthread_mutex_unlock(&im->mu);
}

/* Waits until form SEQ is checked: 0, or -1 with ERR when a check failed at
 * or before it. */
static int checked(struct kj_form_importer *im, long seq, struct kj_err *err)
{
	pthread_mutex_lock(&im->mu);
	im->written = seq;
	pthread_cond_broadcast(&im->cv);
	while (im->done <= seq && seq < im->failed)
		pthread_cond_wait(&im->cv, &im->mu);
	int rc = im->done > seq ? 0 : -1;
	if (rc < 0)
		*err = im->err;
	pthread_mutex_unlock(&im->mu);
	return rc;
}

/*
 * Starts IM's threads, from the first queued form on, each on a read-only
 * connection: the first on ST's reader, the next on that reader's own
 * (kj_store_reader), all closed with ST. None started: the forms are then
 * checked by the writer, each batch before its transaction opens.
 */
static void threads_start(struct kj_form_importer *im)
{
	struct kj_err err;
	im->tried = 1;
	pthread_mutex_init(&im->mu, NULL);
	pthread_cond_init(&im->cv, NULL);
	im->next = im->done = im->written = im->q[0].first;
	for (struct kj_store *on = im->st; im->nth < KJ_FORM_CHECKERS; im->nth++) {
		struct check_thread *t = &im->th[im->nth];
		if (kj_store_reader(on, &t->st, &err) < 0)
			break;
		t->im = im;
		if (pthread_create(&t->thread, NULL, check_all, t) != 0)
			break;
		on = t->st;
	}
	if (!im->nth) {
		pthread_cond_destroy(&im->cv);
		pthread_mutex_destroy(&im->mu);
	}
}

/* Stops IM's threads (each after the form it checks) and joins them. */
static void threads_end(struct kj_form_importer *im)
{
	if (!im->nth)
		return;
	pthread_mutex_lock(&im->mu);
	im->stop = 1;
	pthread_cond_broadcast(&im->cv);
	pthread_mutex_unlock(&im->mu);
	for (int i = 0; i < im->nth; i++)
		pthread_join(im->th[i].thread, NULL);
	im->nth = 0;
	pthread_cond_destroy(&im->cv);
	pthread_mutex_destroy(&im->mu);
}

/* The batch's one survey.form.import entry: its files, the forms written and refused. */
static int audit_batch(struct kj_store *st, const struct kj_form_importer *im,
		       const struct batch *b, struct kj_err *err)
{
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)im->survey);
	struct kj_import_summary sum = { .action = "survey.form.import",
					 .object_type = "survey", .object_id = sid };
	for (int i = 0; i < b->n; i++) {
		const struct kj_form_upload *f = &b->forms[i];
		kj_import_batch_add(&sum, f->len);
		if (f->out.outcome == KJ_IMPORT_DONE && f->why.fault == KJ_SURVEY_OK)
			sum.accepted++;
		else
			sum.refused++;
	}
	if (b->n == 1)	/* one file: its digest */
		kj_import_digest(&sum, b->forms[0].data, b->forms[0].len);
	return sum.accepted ? kj_import_audit(st, im->actor, &sum, err) : 0;
}

/* Checks (unless the threads do) and writes batch B's forms, the good ones
 * in one durable transaction opened at the first. */
static int write_all(struct kj_form_importer *im, struct batch *b, struct kj_err *err)
{
	struct kj_store *st = im->st;
	int writing = 0, rc = 0, found = 0;
	/* Alone, every form is checked before the transaction opens. */
	for (int i = 0; !im->nth && i < b->n; i++)
		if (job_check(st, im->actor, im->survey, im->sv, im->opts, &b->forms[i],
			      &b->jobs[i], err) < 0)
			return -1;
	for (int i = 0; i < b->n && rc == 0; i++) {
		if (im->nth && checked(im, b->first + i, err) < 0) {
			rc = -1;
			break;
		}
		if (!b->jobs[i].checked) {
			job_free(&b->jobs[i]);	/* refused: its errors are the result's */
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
			if (rc == 0 && im->sv &&
			    (kj_store_survey_hold(st, im->survey, err) < 0 ||
			     kj_store_survey_get(st, im->survey, &im->in_tx, &found, err) < 0))
				rc = -1;
			if (rc < 0)
				break;
		}
		rc = import_write(st, im->actor, im->survey, found ? &im->in_tx : NULL,
				  b->forms[i].out.org, &b->jobs[i].c, im->opts, &b->forms[i].out,
				  &b->forms[i].why, err);
		/* Its table and rows are no longer needed. */
		job_free(&b->jobs[i]);
	}
	/* The next batch's checks go on while this one commits. */
	if (im->nth && rc == 0)
		reached(im, b->first + b->n);
	if (writing && rc == 0)
		rc = kj_store_tally_flush(st, err);
	if (writing && rc == 0)
		rc = audit_batch(st, im, b, err);
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

int kj_app_forms_import_open(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			     const struct kj_form_import_opts *opts,
			     struct kj_form_importer **out, struct kj_err *err)
{
	struct kj_form_importer *im = calloc(1, sizeof *im);
	if (!im) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	*im = (struct kj_form_importer){ .st = st, .actor = actor, .survey = survey,
					 .opts = opts, .failed = LONG_MAX };
	/* The survey's row, the same for every form: read once for the checks
	 * (each batch's transaction reads it again, and refuses a survey closed
	 * meanwhile). Unread, each check reads it. */
	struct kj_err ignored;
	int found = 0;
	if (kj_store_survey_get(st, survey, &im->row, &found, &ignored) == 0 && found)
		im->sv = &im->row;
	*out = im;
	return 0;
}

int kj_app_forms_import_queue(struct kj_form_importer *im, struct kj_form_upload *forms, int n,
			      struct kj_err *err)
{
	if (n < 1 || n > KJ_FORM_BATCH_MAX || im->nq == KJ_FORM_QUEUED_MAX) {
		kj_err_set(err, "internal error: a batch of %d forms (1 to %d) behind %d", n,
			   KJ_FORM_BATCH_MAX, im->nq);
		return -1;
	}
	struct batch b = { .forms = forms, .n = n, .first = im->end };
	b.jobs = calloc((size_t)n, sizeof *b.jobs);
	b.ready = calloc((size_t)n, 1);
	if (!b.jobs || !b.ready) {
		free(b.jobs);
		free(b.ready);
		kj_err_set(err, "out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++)
		memset(&forms[i].out, 0, sizeof forms[i].out);
	if (im->nth)
		pthread_mutex_lock(&im->mu);
	im->q[im->nq++] = b;
	im->end += n;
	if (im->nth) {
		pthread_cond_broadcast(&im->cv);
		pthread_mutex_unlock(&im->mu);
	} else if (!im->tried && im->end - im->q[0].first > 1) {
		threads_start(im);	/* several forms: checked ahead */
	}
	/* Several batches: each commit's checkpoint beside the next batch
	 * (without, the commits checkpoint as always: nothing is lost). */
	struct kj_err ignored;
	if (im->nq > 1)
		kj_store_checkpoint_apart(im->st, 1, &ignored);
	return 0;
}

/* Frees batch B's jobs; when it was not written, its forms' results. */
static void batch_free(struct batch *b, int written)
{
	for (int i = 0; i < b->n; i++) {
		job_free(&b->jobs[i]);
		if (!written) {
			kj_form_import_free(&b->forms[i].out);
			memset(&b->forms[i].out, 0, sizeof b->forms[i].out);
		}
	}
	free(b->jobs);
	free(b->ready);
}

int kj_app_forms_import_write(struct kj_form_importer *im, struct kj_err *err)
{
	if (!im->nq) {
		kj_err_set(err, "internal error: no batch of forms to write");
		return -1;
	}
	struct batch b = im->q[0];
	int rc;
	if (im->broken) {
		*err = im->why_broken;
		rc = -1;
	} else {
		rc = write_all(im, &b, err);
	}
	if (rc < 0 && !im->broken) {
		/* Nothing more is written: the threads stop, and none may still
		 * be checking a form of this batch when it is freed. */
		im->broken = 1;
		im->why_broken = *err;
		threads_end(im);
	}
	if (im->nth)
		pthread_mutex_lock(&im->mu);
	memmove(&im->q[0], &im->q[1], (size_t)(im->nq - 1) * sizeof im->q[0]);
	im->nq--;
	if (im->nth)
		pthread_mutex_unlock(&im->mu);
	batch_free(&b, rc == 0);
	return rc;
}

void kj_app_forms_import_close(struct kj_form_importer *im)
{
	if (!im)
		return;
	threads_end(im);
	struct kj_err ignored;	/* the commits' own checkpoints again */
	kj_store_checkpoint_apart(im->st, 0, &ignored);
	for (int b = 0; b < im->nq; b++)
		batch_free(&im->q[b], 0);
	free(im);
}

int kj_app_forms_import(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			struct kj_form_upload *forms, int n,
			const struct kj_form_import_opts *opts, struct kj_err *err)
{
	struct kj_form_importer *im;
	if (kj_app_forms_import_open(st, actor, survey, opts, &im, err) < 0)
		return -1;
	int rc = kj_app_forms_import_queue(im, forms, n, err);
	if (rc == 0)
		rc = kj_app_forms_import_write(im, err);
	kj_app_forms_import_close(im);
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
