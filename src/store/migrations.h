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

/* The statements of the migrations from 15 on (migrations_part2.c). */
extern const char *const kj_m015_analysis_counts[];
extern const char *const kj_m016_user_signin[];
extern const char *const kj_m017_mfa[];
extern const char *const kj_m018_analysis_snapshots[];
extern const char *const kj_m019_impl_plans[];
extern const char *const kj_m020_analysis_pool[];
extern const char *const kj_m021_onsite[];
extern const char *const kj_m022_evaluations[];
extern const char *const kj_m023_report_snapshots[];
extern const char *const kj_m024_survey_other[];

#endif
