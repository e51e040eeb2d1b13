/*
 * A whole database copied into another, table by table, on either engine
 * (kijun db copy): SQLite to PostgreSQL or back.
 */
#ifndef KJ_STORE_STORE_COPY_H
#define KJ_STORE_STORE_COPY_H

#include "store/store.h"

/* The tables of the schema (KJ_COPY_TABLES_MAX at most). */
#define KJ_COPY_TABLES_MAX 128
#define KJ_COPY_TABLE_NAME_MAX 64

struct kj_copy_table {
	char name[KJ_COPY_TABLE_NAME_MAX];
	long from_rows, to_rows;	/* counted after the copy, in each database */
};

struct kj_copy_stats {
	struct kj_copy_table t[KJ_COPY_TABLES_MAX];
	int ntables;
	long rows;		/* copied, all tables */
};

/*
 * Copies every row of every table of FROM into TO, in TO's open write
 * transaction (the caller commits), FROM read in one snapshot of its own.
 * TO must be empty: its schema as the migrations made it and no rows but
 * theirs (which are replaced); a table with rows of its own is refused.
 * Then counts each table in both into STATS; 0, or -1 with ERR set.
 */
int kj_store_copy(struct kj_store *from, struct kj_store *to, struct kj_copy_stats *stats,
		  struct kj_err *err);

#endif
