/* kijun serve: the web application and the JSON API. */
#include <stdio.h>

#include "base/limits.h"
#include "base/netaddr.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "model/user.h"
#include "export/doc_write.h"
#include "model/mfa.h"
#include "web/server.h"

int kj_cmd_serve(int argc, char **argv)
{
	const struct kj_command *self = kj_cmd_find(NULL, "serve");
	const char *db = NULL, *listen = "127.0.0.1:8080", *cert = NULL, *key = NULL,
		   *demo = NULL, *quiet = NULL, *trust = NULL, *base = NULL, *alog = NULL,
		   *pos[1];
	const char *akn = NULL;	/* --analysis-k */
	const char *nocache = NULL;	/* --no-analysis-cache: the benchmark's baseline */
	const struct kj_opt opts[] = {
		{ "db", 1, &db }, { "listen", 1, &listen }, { "tls-cert", 1, &cert },
		{ "tls-key", 1, &key }, { "demo-banner", 0, &demo }, { "quiet", 0, &quiet },
		{ "trust-proxy", 1, &trust }, { "base-url", 1, &base },
		{ "access-log", 1, &alog }, { "analysis-k", 1, &akn },
		{ "no-analysis-cache", 0, &nocache }, { NULL, 0, NULL },
	};
	int npos, rc = kj_cmd_parse(self, argc, argv, opts, pos, 0, &npos);
	if (rc > 0)
		printf("\nBehind a reverse proxy, --trust-proxy ADDRESS[,ADDRESS...] names the\n"
		       "proxies (numeric IPv4 or IPv6 addresses, at most %d): for a connection\n"
		       "from one of them, the client's address (sign-in limits, access log) is\n"
		       "the right-most address of X-Forwarded-For that is not a listed proxy.\n"
		       "Without it, X-Forwarded-For is ignored.\n", KJ_TRUST_PROXY_MAX);
	if (rc)
		return rc > 0 ? KJ_EXIT_OK : KJ_EXIT_USAGE;
	if ((cert == NULL) != (key == NULL))
		return kj_cmd_usage(self, "--tls-cert and --tls-key go together");
	long ak = KJ_ANALYSIS_K;
	if (akn && kj_parse_long(akn, KJ_ANALYSIS_K_MIN, KJ_ANALYSIS_K_MAX, &ak) < 0)
		return kj_cmd_usage(self, "--analysis-k must be a whole number from %d to %d",
				    KJ_ANALYSIS_K_MIN, KJ_ANALYSIS_K_MAX);
	struct kj_app app;
	struct kj_err err;
	struct kj_proxies proxies = { 0 };
	if (trust && kj_proxies_parse(&proxies, trust, &err) < 0)
		return kj_cmd_usage(self, "%s", err.msg);
	/* The notices queued by the pages link to kijun at --base-url. */
	if (kj_cmd_base_url(base) < 0)
		return KJ_EXIT_USAGE;
	if (kj_cmd_audit_key() < 0)
		return KJ_EXIT_FAIL;
	struct kj_mfa_key mfa;
	if (kj_cmd_mfa_key(&mfa) < 0)
		return KJ_EXIT_FAIL;
	if (kj_app_init(&app, kj_cmd_db_path(db), &err) < 0) {
		kj_mfa_key_clear(&mfa);
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	/* Without the key, a database whose users hold second factors is refused. */
	rc = kj_app_set_mfa_key(&app, &mfa, &err);
	kj_mfa_key_clear(&mfa);
	if (rc < 0) {
		kj_app_free(&app);
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	app.demo = demo != NULL;
	app.analysis_k = (int)ak;
	if (nocache) {	/* every view computed at each request */
		kj_analysis_cache_free(app.analysis_cache);
		app.analysis_cache = NULL;
	}
	if (kj_password_hash_fast())
		fprintf(stderr, "kijun: warning: a test build (passwords hashed at the "
				"smallest cost): not for use\n");
	struct kj_server_opts so = { listen, cert, key, quiet != NULL, &proxies, alog };
	rc = kj_server_run(&app, &so, &err);
	kj_app_free(&app);
	kj_doc_fonts_release();	/* what the reports' downloads left in the font caches */
	if (rc < 0) {
		kj_cmd_error("%s", err.msg);
		return KJ_EXIT_FAIL;
	}
	return KJ_EXIT_OK;
}
