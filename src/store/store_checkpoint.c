/*
 * Checkpoints apart (kj_store_checkpoint_apart, store.h): during a long run
 * of durable writes on SQLite, the pages each commit left in the WAL are
 * copied back into the database file by a thread on a read-write
 * connection of its own, while the writer goes on with its next
 * transaction. The writer's own automatic checkpoint is off meanwhile.
 *
 * A passive checkpoint never blocks the writer, and the writer never waits
 * for one, except that the WAL starts over only at a transaction that
 * begins when every page of it is copied: after KJ_CHECKPOINT_LAG_MAX
 * commits without that, the next begin waits for the copy, which bounds the
 * WAL to that many commits' pages. A checkpoint that fails leaves its pages
 * in the WAL, where the next one (or the writer's own, once apart ends)
 * copies them: nothing committed depends on it.
 */
#include <pthread.h>
#include <stdlib.h>

#include "store/db.h"
#include "store/store.h"

/* SQLite's own checkpoint, given back when apart ends: its default of
 * 1,000 pages. */
#define AUTOCHECKPOINT_DEFAULT "PRAGMA wal_autocheckpoint=1000"

struct kj_ckpt {
	struct kj_store *conn;	/* the thread's own read-write connection */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* ASKED, DONE or STOP moved */
	long asked;		/* commits handed over */
	long done;		/* commits whose pages a checkpoint has run after */
	int stop;
	int lag;		/* begins since one found every commit's pages copied */
};

static void *checkpoint_all(void *arg)
{
	struct kj_ckpt *c = arg;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->stop && c->done == c->asked)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->done == c->asked)
			break;	/* stopped, nothing left */
		long upto = c->asked;
		pthread_mutex_unlock(&c->mu);
		struct kj_err ignored;	/* see the top of the file */
		kj_db_exec(c->conn, "PRAGMA wal_checkpoint(PASSIVE)", &ignored);
		pthread_mutex_lock(&c->mu);
		c->done = upto;
		pthread_cond_broadcast(&c->cv);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* Waits until the checkpoints asked for so far have run (under MU). */
static void caught_up(struct kj_ckpt *c)
{
	while (c->done != c->asked)
		pthread_cond_wait(&c->cv, &c->mu);
}

static int apart_on(struct kj_store *st, struct kj_err *err)
{
	struct kj_ckpt *c = calloc(1, sizeof *c);
	if (!c) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_open(&c->conn, st->spec, 0, err) < 0) {
		free(c);
		return -1;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	int rc = kj_db_exec(st, "PRAGMA wal_autocheckpoint=0", err);
	if (rc == 0 && pthread_create(&c->thread, NULL, checkpoint_all, c) != 0) {
		kj_err_set(err, "cannot start the checkpointing thread");
		kj_db_exec(st, AUTOCHECKPOINT_DEFAULT, NULL);
		rc = -1;
	}
	if (rc < 0) {
		pthread_cond_destroy(&c->cv);
		pthread_mutex_destroy(&c->mu);
		kj_store_close(c->conn);
		free(c);
		return -1;
	}
	st->ckpt = c;
	return 0;
}

/* Waits for the last checkpoint, stops the thread and gives ST its own
 * automatic checkpoint back. */
static int apart_off(struct kj_store *st, struct kj_err *err)
{
	struct kj_ckpt *c = st->ckpt;
	st->ckpt = NULL;
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	kj_store_close(c->conn);
	free(c);
	return kj_db_exec(st, AUTOCHECKPOINT_DEFAULT, err);
}

int kj_store_checkpoint_apart(struct kj_store *st, int on, struct kj_err *err)
{
	if (st->drv->engine != KJ_DB_SQLITE || st->readonly || !on == !st->ckpt)
		return 0;
	return on ? apart_on(st, err) : apart_off(st, err);
}

void kj_db_ckpt_begin(struct kj_store *st)
{
	struct kj_ckpt *c = st->ckpt;
	pthread_mutex_lock(&c->mu);
	if (c->done == c->asked || ++c->lag >= KJ_CHECKPOINT_LAG_MAX) {
		caught_up(c);
		c->lag = 0;
	}
	pthread_mutex_unlock(&c->mu);
}

void kj_db_ckpt_committed(struct kj_store *st)
{
	struct kj_ckpt *c = st->ckpt;
	pthread_mutex_lock(&c->mu);
	c->asked++;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

void kj_db_ckpt_close(struct kj_store *st)
{
	struct kj_err ignored;
	if (st->ckpt)
		apart_off(st, &ignored);
}
