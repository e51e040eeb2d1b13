/*
 * The web application: its start (the catalog in force, the prefectures,
 * the search texts) and stop, and each worker thread's
 * own store connection.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/mfa.h"
#include "base/text.h"
#include "store/store_catalog.h"
#include "web/app.h"
#include "web/session.h"

static time_t real_now(void)
{
	return time(NULL);
}

static void store_destroy(void *p)
{
	kj_store_close(p);
}

int kj_app_init(struct kj_app *app, const char *db_path, struct kj_err *err)
{
	memset(app, 0, sizeof *app);
	app->now = real_now;
	if (sodium_init() < 0) {
		kj_err_set(err, "libsodium failed to start");
		return -1;
	}
	if (kj_strlcpy(app->db_path, db_path, sizeof app->db_path) < 0) {
		kj_err_set(err, "database path too long");
		return -1;
	}
	struct kj_store *st;
	if (kj_store_open(&st, db_path, 0, err) < 0)
		return -1;
	int rc = kj_store_catalog_get(st, NULL, &app->cat, err);
	/* The server writes the trail: with the key it is kept with, or none. */
	if (rc == 0 && kj_audit_writer_check(st, err) < 0) {
		kj_catalog_free(&app->cat);
		rc = -1;
	}
	kj_store_close(st);
	if (rc < 0 || kj_reference_prefectures(app->prefs, err) < 0) {
		kj_catalog_free(&app->cat);
		return -1;
	}
	/* A hash of random bytes: nothing anyone can type matches it. */
	char noise[64];
	kj_web_random_token(noise, sizeof noise);
	int hrc = kj_password_hash(noise, app->dummy_hash, err);
	sodium_memzero(noise, sizeof noise);
	if (hrc < 0)
		goto fail;
	app->search_text = calloc((size_t)app->cat.nreqs, sizeof *app->search_text);
	if (!app->search_text)
		goto fail;
	for (int i = 0; i < app->cat.nreqs; i++) {
		const struct kj_requirement *r = &app->cat.reqs[i];
		const struct kj_section *s = &app->cat.sections[r->section_index];
		struct kj_buf b;
		kj_buf_init(&b, KJ_BUF_DEFAULT_MAX);
		kj_buf_printf(&b, "%s %s %s %s %s", r->id, s->title_ja, s->title_en,
			      r->text_ja, r->text_en);
		app->search_text[i] = kj_text_fold(kj_buf_str(&b));
		kj_buf_free(&b);
		if (!app->search_text[i])
			goto fail;
	}
	pthread_key_create(&app->store_key, store_destroy);
	/* None (out of memory): the views are computed at every request. */
	app->analysis_cache = kj_analysis_cache_new();
	return 0;
fail:
	if (app->search_text)
		for (int i = 0; i < app->cat.nreqs; i++)
			free(app->search_text[i]);
	free(app->search_text);
	kj_catalog_free(&app->cat);
	kj_err_set(err, "cannot prepare the application (out of memory?)");
	return -1;
}

void kj_app_free(struct kj_app *app)
{
	struct kj_store *st = pthread_getspecific(app->store_key);
	if (st) {
		kj_store_close(st);
		pthread_setspecific(app->store_key, NULL);
	}
	pthread_key_delete(app->store_key);
	for (int i = 0; i < app->cat.nreqs; i++)
		free(app->search_text[i]);
	free(app->search_text);
	kj_catalog_free(&app->cat);
	kj_mfa_key_clear(&app->mfa);
	kj_analysis_cache_free(app->analysis_cache);
	app->analysis_cache = NULL;
}

int kj_app_set_mfa_key(struct kj_app *app, const struct kj_mfa_key *key, struct kj_err *err)
{
	struct kj_store *st = kj_app_store(app, err);
	if (!st || kj_mfa_startup_check(st, key, err) < 0)
		return -1;
	app->mfa = *key;
	return 0;
}

struct kj_store *kj_app_store(struct kj_app *app, struct kj_err *err)
{
	struct kj_store *st = pthread_getspecific(app->store_key);
	if (st) {
		/* The database server went away under an earlier request (it
		 * answered 503): connect again now, or answer 503 again. */
		if (kj_store_lost(st) && kj_store_reconnect(st, err) < 0)
			return NULL;
		return st;
	}
	if (kj_store_open(&st, app->db_path, KJ_STORE_SERVING, err) < 0)
		return NULL;
	pthread_setspecific(app->store_key, st);
	return st;
}
