/*
 * The statements of the store, on either engine: SQLite (db_sqlite.c) or
 * PostgreSQL (db_pg.c). Every store file prepares, binds, steps and reads
 * through these functions and never names an engine; the SQL is written in
 * the subset both engines accept (docs/architecture.md):
 * - parameters $1, $2, ... first appearing in that order (SQLite numbers
 *   them by appearance, PostgreSQL by N; kj_db_prep refuses other orders);
 * - booleans as INTEGER 0/1 compared with "= 1", never a bare column;
 * - no engine's own functions: what differs is asked of kj_db_dialect.
 * Nothing outside src/store/ includes this header.
 */
#ifndef KJ_STORE_DB_H
#define KJ_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct kj_catalog;

/* Statements of kj_db_run kept prepared per connection. */
#define KJ_DB_RUN_CACHE 32
/* SELECTs built at run time for the filters given (the registry's listing),
 * kept prepared per connection in numbered slots; see store_org_list.c. */
#define KJ_DB_SEL_SLOTS 32
/* Sectors whose count of organisations a connection keeps (kj_store_org_count). */
#define KJ_DB_COUNT_CACHE 32
/* Standard versions a connection keeps parsed (kj_store_catalog_view). */
#define KJ_DB_CATALOG_CACHE 4
/* Sectors' rows of operators' function sums a connection keeps (kj_store_bench_means):
 * a benchmark reads two years of one sector. */
#define KJ_DB_BENCH_CACHE 4
/* The highest parameter number of one statement. */
#define KJ_DB_PARAMS_MAX 256
/* How long a write waits for another writer before it fails as busy. */
#define KJ_STORE_WAIT_S 5
/* The longest message kept of an engine's last error. */
#define KJ_DB_ERRMSG_MAX 512

enum kj_db_engine { KJ_DB_SQLITE, KJ_DB_PG };

/* kj_db_step's answers. */
enum { KJ_DB_ERROR = 1, KJ_DB_ROW = 100, KJ_DB_DONE = 101 };

/* What the SQL of the two engines spells differently. */
enum kj_db_phrase {
	KJ_DB_CONTAINS,		/* "instr" / "strpos": position of $b in $a, 0 if absent */
	KJ_DB_NOT_INDEXED,	/* after a table: read it whole, not by an index
				 * (SQLite's hint; PostgreSQL's planner decides alone) */
};

/* A sector's count, true while the registry's generation is GENERATION. */
struct kj_db_count {
	kj_sector_code sector;	/* "": unused */
	int64_t generation;
	long total;
};

/* One counted operator's applicable levels of one function (kj_store_bench_means). */
struct kj_db_bench_row {
	int64_t org;
	char function[KJ_ID_MAX];
	long sum, count;
};

/* A survey's rows of one sector, read at analysis epoch EPOCH. */
struct kj_db_bench {
	int64_t survey, epoch;
	char sector[KJ_SECTOR_CODE_MAX];
	struct kj_db_bench_row *rows;	/* NULL: unused */
	size_t n, cap;
};

struct kj_store;
struct kj_db_driver;

/* A prepared statement; each driver's own statement begins with this. */
struct kj_stmt {
	struct kj_store *st;
	int kept;		/* held by kj_db_kept: worth preparing on the server */
};

struct kj_store {
	const struct kj_db_driver *drv;
	void *conn;		/* the driver's connection: sqlite3 *, PGconn * */
	int readonly;
	int serving;		/* opened with KJ_STORE_SERVING */
	int in_tx;
	int in_write;		/* the transaction is kj_store_begin's (a write) */
	int busy;		/* a statement failed on another writer's lock */
	int lost;		/* the connection to the server was lost */
	char errmsg[KJ_DB_ERRMSG_MAX];	/* the last error, as the engine said it */
	int64_t changes;	/* rows changed by the last statement (PostgreSQL) */
	int64_t last_id;	/* the id the last INSERT gave (PostgreSQL) */
	int bulk;		/* kj_store_bulk_mode on */
	int generation_moved;	/* kj_db_registry_changed ran in this transaction */
	int64_t epoch_moved;	/* the survey whose analysis epoch this transaction
				 * moved (0: none) */
	int piped;		/* writes sent and not yet answered (PostgreSQL) */
	int generation;		/* counts reconnections: statements prepared on the
				 * server before one are prepared again (PostgreSQL) */
	int named;		/* server-side statements named so far (PostgreSQL) */
	char spec[KJ_PATH_MAX];	/* the path or URI it was opened with */
	char shown[KJ_PATH_MAX];	/* the same without a password, for messages */
	/* kj_db_run's statements, by the address of their SQL literal. */
	struct { const char *sql; struct kj_stmt *s; } run[KJ_DB_RUN_CACHE];
	int run_next;
	struct kj_stmt *sel[KJ_DB_SEL_SLOTS];
	struct kj_db_count counts[KJ_DB_COUNT_CACHE];
	int counts_next;
	/* Stored standard versions, parsed once: a version's files never change. */
	struct { int64_t vid; struct kj_catalog *cat; } catalogs[KJ_DB_CATALOG_CACHE];
	int catalogs_next;
	/* Their requirements' row ids and codes, in order (never change either). */
	struct kj_db_reqcodes {
		int64_t vid;
		int n;
		int64_t *ids;
		char (*codes)[KJ_ID_MAX];
	} reqcodes[KJ_DB_CATALOG_CACHE];
	int reqcodes_next;
	struct kj_store *reader;	/* kj_store_reader's connection, or NULL */
	struct kj_ckpt *ckpt;		/* kj_store_checkpoint_apart's thread, or NULL */
	/* The last coverage matrix computed (kj_store_coverage), of standard
	 * version COVERAGE_VID at registry generation COVERAGE_GEN: every write
	 * it reads moves the generation (kj_db_registry_changed). */
	struct kj_coverage *coverage;
	int64_t coverage_vid, coverage_gen;
	/* The last sectors' rows of an operator's benchmark (this year's and the
	 * previous one's), while their survey's analysis epoch stays. */
	struct kj_db_bench bench[KJ_DB_BENCH_CACHE];
	int bench_next;
	/* Moves of survey_tally summed while deferred (kj_store_tally_defer),
	 * or NULL. */
	struct kj_tally_defer *tally_defer;
};

/*
 * A driver: the connection's life, its transactions, the schema's
 * discovery and the statements. Unless said otherwise a function returns 0,
 * or -1 with ERR set.
 */
struct kj_db_driver {
	enum kj_db_engine engine;
	const char *name;
	/* Connects ST->conn to ST->spec (the file's checks are the driver's). */
	int (*open)(struct kj_store *st, int flags, struct kj_err *err);
	/* Before kijun's schema is created in a database: can it hold it as
	 * kijun needs (NULL: nothing to check)? */
	int (*can_create)(struct kj_store *st, struct kj_err *err);
	/* Settles the connection once the database is known to be kijun's. */
	int (*ready)(struct kj_store *st, int flags, struct kj_err *err);
	void (*close)(struct kj_store *st);
	/* Runs SQL that returns no rows (several statements allowed). */
	int (*exec)(struct kj_store *st, const char *sql, struct kj_err *err);
	/* The DDL of an automatically numbered key ({{ID}} in migrations.c). */
	const char *id_column;
	/* The DDL of INTEGER: a 64-bit integer, as SQLite's is (NULL: as written). */
	const char *integer;
	/* A write transaction: serialised with every other writer. */
	int (*begin)(struct kj_store *st, struct kj_err *err);
	/* A read transaction: one snapshot until rollback. */
	int (*begin_read)(struct kj_store *st, struct kj_err *err);
	/* 1 if TABLE exists, 0 if not; NULL: any table at all. */
	int (*has_table)(struct kj_store *st, const char *table, int *yes,
			 struct kj_err *err);
	int (*bulk_mode)(struct kj_store *st, int on, struct kj_err *err);
	/* After a bulk load: the planner's statistics (NULL: nothing to do). */
	int (*analyze)(struct kj_store *st, struct kj_err *err);
	void (*wait_ms)(struct kj_store *st, int ms);
	/* Tries to connect again after the server was lost; 0 when connected. */
	int (*reconnect)(struct kj_store *st, struct kj_err *err);
	const char *(*phrase)(enum kj_db_phrase p);
	/* After rows with their keys were copied into TABLE: the next key
	 * follows them (NULL: the engine does it by itself). */
	int (*copied)(struct kj_store *st, const char *table, struct kj_err *err);

	/* SQL has NPARAMS parameters, $1..$N in order (kj_db_prep checked). */
	int (*prep)(struct kj_store *st, const char *sql, int nparams, struct kj_stmt **out,
		    struct kj_err *err);
	void (*bind_text)(struct kj_stmt *s, int i, const char *v);
	/* The same, V not copied (NULL: bind_text): it stays unchanged until
	 * the statement is stepped and reset. */
	void (*bind_text_kept)(struct kj_stmt *s, int i, const char *v);
	void (*bind_int64)(struct kj_stmt *s, int i, int64_t v);
	void (*bind_null)(struct kj_stmt *s, int i);
	int (*step)(struct kj_stmt *s);
	/* A statement that returns no rows, run by kj_db_step_done: in bulk
	 * mode it may be sent without waiting for its answer, which then
	 * comes (an error too) at the next statement that waits (NULL: step). */
	int (*step_write)(struct kj_stmt *s);
	const char *(*column_text)(struct kj_stmt *s, int i);
	int64_t (*column_int64)(struct kj_stmt *s, int i);
	int (*column_bytes)(struct kj_stmt *s, int i);
	int (*column_count)(struct kj_stmt *s);
	const char *(*column_name)(struct kj_stmt *s, int i);
	void (*reset)(struct kj_stmt *s);
	void (*clear_bindings)(struct kj_stmt *s);
	void (*finalize)(struct kj_stmt *s);
	/* Rows changed by the last statement run; the id the last insert gave. */
	int64_t (*changes)(struct kj_store *st);
	int64_t (*last_id)(struct kj_store *st);
};

extern const struct kj_db_driver kj_db_sqlite;
extern const struct kj_db_driver kj_db_pg;

/* 1 if SPEC names a PostgreSQL database (postgresql:// or postgres://). */
int kj_db_spec_is_pg(const char *spec);

/* SPEC with its password left out, for messages and logs. */
void kj_db_spec_shown(const char *spec, char *out, size_t n);

/*
 * SQLITE or PG, the same statement as each engine spells it, for the few
 * that differ beyond a phrase (both string literals: kj_db_kept keys by
 * address).
 */
const char *kj_db_pick(struct kj_store *st, const char *sqlite, const char *pg);

/* The engine's text for P. */
const char *kj_db_phrase(struct kj_store *st, enum kj_db_phrase p);

/* Sets ERR to WHAT and the engine's last error; marks ST busy or lost. */
int kj_db_fail(struct kj_store *st, struct kj_err *err, const char *what);
/* Sets how long a statement waits for another writer (MS < 0: the default). */
void kj_store_wait_ms(struct kj_store *st, int ms);

/* The number of parameters of SQL ($1..$N); -1 if they do not first appear in order. */
int kj_db_params(const char *sql, int *count, struct kj_err *err);
/* A statement of one's own: finalize it. */
int kj_db_prep(struct kj_store *st, const char *sql, struct kj_stmt **out,
	       struct kj_err *err);
/* Binds parameter I (from 1); a NULL text binds NULL. */
void kj_db_bind_text(struct kj_stmt *s, int i, const char *v);
/* V bound without a copy: the caller keeps it unchanged until the statement
 * is stepped and reset (a write's values, bound and run at once). */
void kj_db_bind_text_kept(struct kj_stmt *s, int i, const char *v);
void kj_db_bind_int64(struct kj_stmt *s, int i, int64_t v);
void kj_db_bind_int(struct kj_stmt *s, int i, int v);
void kj_db_bind_null(struct kj_stmt *s, int i);
/* The next row: KJ_DB_ROW, KJ_DB_DONE, or KJ_DB_ERROR (see kj_db_fail). */
int kj_db_step(struct kj_stmt *s);
/* Column I of the current row; text is NULL for NULL, numbers 0. */
const char *kj_db_column_text(struct kj_stmt *s, int i);
int64_t kj_db_column_int64(struct kj_stmt *s, int i);
int kj_db_column_int(struct kj_stmt *s, int i);
int kj_db_column_bytes(struct kj_stmt *s, int i);
int kj_db_column_count(struct kj_stmt *s);
const char *kj_db_column_name(struct kj_stmt *s, int i);
/* Ready to run again, with the same bindings (clear them apart). */
void kj_db_reset(struct kj_stmt *s);
void kj_db_clear_bindings(struct kj_stmt *s);
void kj_db_finalize(struct kj_stmt *s);
int64_t kj_db_changes(struct kj_store *st);

/* Runs a statement that returns no rows, then resets it. */
int kj_db_step_done(struct kj_store *st, struct kj_stmt *s, struct kj_err *err,
		    const char *what);
int kj_db_exec(struct kj_store *st, const char *sql, struct kj_err *err);
/*
 * The statement kept prepared for SQL (a string literal, keyed by its
 * address), reset and unbound; NULL on error. The store owns it: never
 * finalize it, and reset it when its last row is read, so that it does not
 * hold a read open. At most KJ_DB_RUN_CACHE statements are kept: use it
 * before fetching that many others.
 */
struct kj_stmt *kj_db_kept(struct kj_store *st, const char *sql, struct kj_err *err);
/*
 * Runs SQL with text parameters $1..$N (NULL binds NULL). SQL must be a
 * string literal: the prepared statement is kept, keyed by its address, so
 * a bulk write prepares each of its statements once, not once a row.
 */
int kj_db_run(struct kj_store *st, const char *sql, struct kj_err *err,
	      int n, const char *const *args);
#define KJ_DB_RUN(st, sql, err, ...) \
	kj_db_run(st, sql, err, (int)(sizeof (const char *[]){__VA_ARGS__} / sizeof(const char *)), \
	    (const char *[]){__VA_ARGS__})
int64_t kj_db_last_id(struct kj_store *st);
/* Every write of the registry's organisations, sectors, ministries or
 * contacts calls kj_db_registry_changed in its transaction. */
int kj_db_registry_changed(struct kj_store *st, struct kj_err *err);
int kj_db_registry_generation(struct kj_store *st, int64_t *generation, struct kj_err *err);
/* Column I of the current row as text into OUT (size N; "" for NULL). */
void kj_db_col(struct kj_stmt *s, int i, char *out, size_t n);
/*
 * The row id of standard VERSION (NULL: the latest in force) into *ID, 0 if
 * there is none, and its digest into DIGEST (may be NULL); 0, or -1 on error.
 */
int kj_db_version_id(struct kj_store *st, const char *version, int64_t *id,
		     char digest[65], struct kj_err *err);
/* The same, but a version that is not there is an error ("no standard version"). */
int kj_db_version_need(struct kj_store *st, const char *version, int64_t *id,
		       struct kj_err *err);

/* Checkpoints apart (store_checkpoint.c), while ST->ckpt: before a write
 * transaction begins, after one commits, and at close. */
void kj_db_ckpt_begin(struct kj_store *st);
void kj_db_ckpt_committed(struct kj_store *st);
void kj_db_ckpt_close(struct kj_store *st);

#endif
