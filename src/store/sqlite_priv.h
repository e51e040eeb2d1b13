/*
 * What the SQLite driver's files share: the store's state and the helpers
 * for preparing, binding and running statements. Nothing outside
 * src/store/ includes this header.
 */
#ifndef KJ_STORE_SQLITE_PRIV_H
#define KJ_STORE_SQLITE_PRIV_H

#include <sqlite3.h>
#include <stdint.h>

#include "store/store.h"

/* Statements of kj_sq_run kept prepared per connection. */
#define KJ_SQ_RUN_CACHE 32
/* SELECTs built at run time for the filters given (the registry's listing),
 * kept prepared per connection in numbered slots; see store_org_list.c. */
#define KJ_SQ_SEL_SLOTS 32

/* Sectors whose count of organisations a connection keeps (kj_store_org_count). */
#define KJ_SQ_COUNT_CACHE 32

/* A sector's count, true while the registry's generation is GENERATION. */
struct kj_sq_count {
	kj_sector_code sector;	/* "": unused */
	int64_t generation;
	long total;
};

struct kj_store {
	sqlite3 *db;
	int readonly;
	int in_tx;
	int busy;		/* a statement failed on another writer's lock */
	/* kj_sq_run's statements, by the address of their SQL literal. */
	struct { const char *sql; sqlite3_stmt *s; } run[KJ_SQ_RUN_CACHE];
	int run_next;
	sqlite3_stmt *sel[KJ_SQ_SEL_SLOTS];
	struct kj_sq_count counts[KJ_SQ_COUNT_CACHE];
	int counts_next;
};

int kj_sq_fail(struct kj_store *st, struct kj_err *err, const char *what);
/* Sets how long a statement waits for another writer (MS < 0: the default). */
void kj_store_wait_ms(struct kj_store *st, int ms);
int kj_sq_prep(struct kj_store *st, const char *sql, sqlite3_stmt **out,
	       struct kj_err *err);
void kj_sq_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Runs a statement that returns no rows, then resets it. */
int kj_sq_step_done(struct kj_store *st, sqlite3_stmt *s, struct kj_err *err,
		    const char *what);
int kj_sq_exec(struct kj_store *st, const char *sql, struct kj_err *err);
/*
 * Runs SQL with text parameters $1..$N (NULL binds NULL). SQL must be a
 * string literal: the prepared statement is kept, keyed by its address, so
 * a bulk write prepares each of its statements once, not once a row.
 */
/*
 * The statement kept prepared for SQL (a string literal, keyed by its
 * address), reset and unbound; NULL on error. The store owns it: never
 * finalize it, and reset it when its last row is read, so that it does not
 * hold a read open. At most KJ_SQ_RUN_CACHE statements are kept: use it
 * before fetching that many others.
 */
sqlite3_stmt *kj_sq_kept(struct kj_store *st, const char *sql, struct kj_err *err);
int kj_sq_run(struct kj_store *st, const char *sql, struct kj_err *err,
	      int n, const char *const *args);
#define KJ_SQ_RUN(st, sql, err, ...) \
	kj_sq_run(st, sql, err, (int)(sizeof (const char *[]){__VA_ARGS__} / sizeof(const char *)), \
	    (const char *[]){__VA_ARGS__})
int64_t kj_sq_last_id(struct kj_store *st);
/* Every write of the registry's organisations, sectors, ministries or
 * contacts calls kj_sq_registry_changed in its transaction. */
int kj_sq_registry_changed(struct kj_store *st, struct kj_err *err);
int kj_sq_registry_generation(struct kj_store *st, int64_t *generation, struct kj_err *err);
/* Column I of the current row as text into OUT (size N; "" for NULL). */
void kj_sq_col(sqlite3_stmt *s, int i, char *out, size_t n);
/*
 * The row id of standard VERSION (NULL: the latest in force) into *ID, 0 if
 * there is none, and its digest into DIGEST (may be NULL); 0, or -1 on error.
 */
int kj_sq_version_id(struct kj_store *st, const char *version, int64_t *id,
		     char digest[65], struct kj_err *err);
/* The same, but a version that is not there is an error ("no standard version"). */
int kj_sq_version_need(struct kj_store *st, const char *version, int64_t *id,
		       struct kj_err *err);

#endif
