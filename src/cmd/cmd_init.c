/* kijun init: create or upgrade a database and load the built-in standard. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "model/reference.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"

int kj_cmd_init(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find(NULL, "init");
	const char *db = NULL, *pos[1];
	const struct kj_opt opts[] = { { "db", 1, &db }, { NULL, 0, NULL } };
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;

	struct kj_err err;
	struct kj_catalog cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	/* Validate what will be loaded before the database is touched. */
	if (kj_catalog_load_embedded(&cat, &err) < 0) {
		kj_cmd_error("built-in standard: %s", err.msg);
		return KJ_EXIT_FAIL;
	}
	if (kj_reference_prefectures(prefs, &err) < 0) {
		kj_cmd_error("%s", err.msg);
		kj_catalog_free(&cat);
		return KJ_EXIT_FAIL;
	}
	struct kj_store *st;
	if (kj_cmd_open(&st, db, KJ_STORE_CREATE) < 0) {
		kj_catalog_free(&cat);
		return KJ_EXIT_FAIL;
	}
	int created = 0;
	rc = KJ_EXIT_FAIL;
	if (kj_store_catalog_put(st, &cat, &created, &err) < 0 ||
	    (created && kj_cmd_catalog_record(st, &cat, &err) < 0))
		goto done;
	if (kj_store_begin(st, &err) < 0)
		goto done;
	for (int i = 0; i < KJ_PREFECTURES; i++)
		if (kj_store_prefecture_put(st, prefs[i].code, prefs[i].name_ja,
					    prefs[i].name_en, &err) < 0) {
			kj_store_rollback(st);
			goto done;
		}
	if (kj_store_commit(st, &err) < 0)
		goto done;
	printf("database %s: schema version %d; standard version %s %s "
	       "(%d requirements)\n", kj_cmd_db_path(db), kj_store_schema_target(),
	       cat.version, created ? "loaded" : "already present", cat.nreqs);
	rc = KJ_EXIT_OK;
done:
	if (rc != KJ_EXIT_OK)
		kj_cmd_error("%s", err.msg);
	kj_store_close(st);
	kj_catalog_free(&cat);
	return rc;
}
