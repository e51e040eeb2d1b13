/* The HTTP server: libmicrohttpd behind kj_web_handle(). */
#ifndef KJ_WEB_SERVER_H
#define KJ_WEB_SERVER_H

#include "base/netaddr.h"
#include "web/app.h"

struct kj_server_opts {
	const char *listen;	/* "127.0.0.1:8080", "[::1]:8080" */
	const char *tls_cert;	/* PEM file, or NULL for plain HTTP */
	const char *tls_key;
	int quiet;		/* no access log */
	/* Reverse proxies whose X-Forwarded-For names the client (NULL or
	 * none listed: the header is ignored); their connections are not held
	 * to the per-address limit. */
	const struct kj_proxies *proxies;
	/* The file the access log is appended to, reopened on SIGHUP (after a
	 * rotation); NULL: standard error. */
	const char *access_log;
};

/*
 * Serves APP until SIGTERM or SIGINT, then stops accepting, lets the
 * requests in flight finish, and returns 0. Returns -1 with ERR set if the
 * server cannot start.
 */
int kj_server_run(struct kj_app *app, const struct kj_server_opts *o,
		  struct kj_err *err);

#endif
