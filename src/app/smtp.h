/*
 * Sending one message through an SMTP relay with libcurl (issue 12): the
 * ministry's relay is given on the command line as smtp://HOST[:PORT] (with
 * STARTTLS when the relay offers it) or smtps://HOST[:PORT] (TLS from the
 * start); kijun runs no mail transfer agent and starts no program. The
 * message is the whole RFC 5322 text (model/notice.h), sent as it is.
 *
 * Return conventions: 0, or -1 with ERR saying why (the relay's answer or
 * libcurl's error), nothing else changed.
 */
#ifndef KJ_APP_SMTP_H
#define KJ_APP_SMTP_H

#include <stddef.h>

#include "base/util.h"

struct kj_smtp {
	char url[512];		/* smtp://host:port or smtps://host:port */
	char from[256];		/* the envelope and header sender */
	int timeout_s;		/* one message's whole exchange */
};

/* Checks URL (smtp:// or smtps://, a host, no path but "/", no user or
 * password in it, no spaces or control characters) and FROM (an address),
 * and fills SMTP; -1 with ERR naming what is wrong. */
int kj_smtp_config(struct kj_smtp *smtp, const char *url, const char *from,
		   struct kj_err *err);

/* Sends MSG (LEN bytes) from SMTP->from to the N addresses of TO; -2 (with
 * ERR) when the relay could not be reached at all (no connection, or no
 * answer in time), -1 when it refused or failed the message. */
int kj_smtp_send(const struct kj_smtp *smtp, char *const *to, int n, const char *msg,
		 size_t len, struct kj_err *err);

/* libcurl's global state, once per process before any thread (0 or -1). */
int kj_smtp_global_init(void);

#endif
