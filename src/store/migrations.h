/* The numbered schema migrations shared by every store driver. */
#ifndef KJ_STORE_MIGRATIONS_H
#define KJ_STORE_MIGRATIONS_H

#include "store/store.h"

struct kj_migration {
	int version;
	const char *name;
	const char *const *sql;	/* statements, NULL-terminated; {{ID}} expanded by the driver */
	/* Then, in the same transaction, what SQL alone cannot do (NULL: nothing). */
	int (*fill)(struct kj_store *st, struct kj_err *err);
};

extern const struct kj_migration kj_migrations[];
extern const int kj_nmigrations;

#endif
