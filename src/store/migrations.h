/* The numbered schema migrations shared by every store driver. */
#ifndef KJ_STORE_MIGRATIONS_H
#define KJ_STORE_MIGRATIONS_H

struct kj_migration {
	int version;
	const char *name;
	const char *const *sql;	/* statements, NULL-terminated; {{ID}} expanded by the driver */
};

extern const struct kj_migration kj_migrations[];
extern const int kj_nmigrations;

#endif
