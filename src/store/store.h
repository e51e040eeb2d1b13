/*
 * The store: opening and closing a database, its schema version and
 * transactions. Every read and write of kijun's data goes through the
 * store, one header per store file (store_catalog.h, store_registry.h,
 * store_users.h, store_audit.h, store_org.h, store_safety.h,
 * store_session.h, store_view.h), and no SQL exists outside src/store/. The SQLite driver is the
 * default; the SQL is kept to the common subset of SQLite and PostgreSQL
 * (see docs/architecture.md) so another driver fits behind this header.
 *
 * Functions return 0 on success and -1 with ERR set on failure; a failed
 * write leaves the database as it was.
 */
#ifndef KJ_STORE_STORE_H
#define KJ_STORE_STORE_H

#include <stdint.h>

#include "base/util.h"
#include "model/catalog.h"

struct kj_store;

enum kj_store_flags {
	KJ_STORE_CREATE = 1,	/* create the database file if missing */
	KJ_STORE_READONLY = 2,
	KJ_STORE_SERVING = 4,	/* a long-lived connection that answers many requests:
				 * it keeps a page cache of KJ_STORE_CACHE_KIB */
};

/* The schema version this build writes; migrations run up to it. */
int kj_store_schema_target(void);

/*
 * Opens the database at PATH: a SQLite file, or a PostgreSQL database when
 * PATH is a URI (postgresql://… or postgres://…, libpq's conninfo). A read-write open brings the schema up to
 * date (forward-only migrations, each in its own transaction).
 */
int kj_store_open(struct kj_store **out, const char *path, int flags,
		  struct kj_err *err);
void kj_store_close(struct kj_store *st);
/*
 * ST's second, read-only connection to its database, for reading in another
 * thread beside ST's writes (it sees what ST has committed): opened at the
 * first call, kept with its caches (parsed standard versions, statements)
 * and closed with ST. One thread at a time uses it.
 */
int kj_store_reader(struct kj_store *st, struct kj_store **out, struct kj_err *err);
/*
 * A long run of durable writes (an import's batches of forms): with ON, the
 * WAL's pages are copied back into a SQLite database by a connection and
 * thread of their own after each of ST's commits, instead of by the commit
 * that filled the WAL, which then waits only for its own WAL write. A
 * transaction begins without waiting for that copy, except after
 * KJ_CHECKPOINT_LAG_MAX commits without one found done (the WAL starts over
 * only at a transaction that begins once it is all copied). Off, or at
 * close, ST waits for the last copy and checkpoints as before. Nothing on
 * PostgreSQL; a durable commit is as durable either way.
 */
int kj_store_checkpoint_apart(struct kj_store *st, int on, struct kj_err *err);
/* 1 if SPEC names a PostgreSQL database. */
int kj_store_is_pg(const char *spec);
/* "SQLite" or "PostgreSQL". */
const char *kj_store_engine(struct kj_store *st);
/*
 * True if the connection to the database server was lost (PostgreSQL
 * restarted, the network failed): the request in flight cannot finish.
 * kj_store_reconnect connects again (0), or fails while the server is away.
 */
int kj_store_lost(struct kj_store *st);
int kj_store_reconnect(struct kj_store *st, struct kj_err *err);
int kj_store_schema_version(struct kj_store *st, int *version,
			    struct kj_err *err);

int kj_store_begin(struct kj_store *st, struct kj_err *err);
/* A read transaction: every read until kj_store_rollback (or close) sees
 * one snapshot; on a read-only connection too (a long export). */
int kj_store_begin_read(struct kj_store *st, struct kj_err *err);
int kj_store_commit(struct kj_store *st, struct kj_err *err);
void kj_store_rollback(struct kj_store *st);
/* Trades durability for speed during a bulk load (demo); off again on commit. */
int kj_store_bulk_mode(struct kj_store *st, int on, struct kj_err *err);

/* After a bulk load, outside a transaction: the engine learns the tables'
 * new sizes for its query plans (PostgreSQL's ANALYZE; nothing on SQLite). */
int kj_store_analyze(struct kj_store *st, struct kj_err *err);

/* True while a transaction begun with kj_store_begin is open. */
int kj_store_in_tx(struct kj_store *st);
/*
 * True if a statement failed since the last call because another writer held
 * the database longer than the busy timeout (then: try again later, not a
 * fault); clears the flag.
 */
int kj_store_take_busy(struct kj_store *st);

#endif
