/*
 * The libmicrohttpd adapter: the only file that includes microhttpd.h. It
 * enforces the limits of base/limits.h (connections, per-address
 * connections, header memory, URI length, body size, timeouts), turns a
 * connection's request into a kj_request, runs kj_web_handle(), sends the
 * kj_response, and writes one JSON line per request to the access log
 * (web/access_log.c).
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/json.h"
#include "base/log.h"
#include "web/access_log.h"
#include "web/server.h"

/* What the multipart parser is filling while the body arrives. */
struct multipart {
	struct kj_request *req;
	int bad;
	struct kj_buf field;	/* the value of a plain field being read */
	char field_name[64];
};

static int is_multipart(const char *ct)
{
	return ct && !strncmp(ct, "multipart/form-data", 19);
}

/*
 * Called by MHD's post processor for each piece of each field, as the body
 * arrives. A file goes straight to its temporary file; a plain field is
 * gathered (capped) and added when the next one starts.
 */
static enum MHD_Result multipart_piece(void *cls, enum MHD_ValueKind kind, const char *key,
				       const char *filename, const char *content_type,
				       const char *transfer_encoding, const char *data,
				       uint64_t off, size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	struct multipart *m = cls;
	struct kj_request *req = m->req;
	if (!key || strlen(key) >= sizeof m->field_name) {
		m->bad = 1;
		return MHD_NO;
	}
	if (filename) {
		struct kj_upload *u = NULL;
		for (int i = 0; i < req->nuploads; i++)
			if (!strcmp(req->uploads[i].field, key))
				u = &req->uploads[i];
		if (!u) {
			if (req->nuploads >= KJ_HTTP_UPLOADS_MAX || off != 0) {
				m->bad = 1;
				return MHD_NO;
			}
			u = &req->uploads[req->nuploads++];
			memset(u, 0, sizeof *u);
			u->tmpfd = -1;
			snprintf(u->field, sizeof u->field, "%s", key);
			snprintf(u->filename, sizeof u->filename, "%s", filename);
			if (kj_upload_open(u) < 0) {
				m->bad = 1;
				return MHD_NO;
			}
		}
		if (kj_upload_write(u, data, size) < 0) {
			m->bad = 1;
			return MHD_NO;
		}
		return MHD_YES;
	}
	/* A plain field may come in pieces: gather, then add when a new one starts. */
	if (off == 0 && m->field_name[0]) {
		if (kj_request_add_param(req, m->field_name, kj_buf_str(&m->field), m->field.len) < 0)
			m->bad = 1;
		kj_buf_reset(&m->field);
	}
	if (off == 0)
		snprintf(m->field_name, sizeof m->field_name, "%s", key);
	if (size && kj_buf_add(&m->field, data, size) < 0)
		m->bad = 1;
	return m->bad ? MHD_NO : MHD_YES;
}

/* The end of a multipart body: the last plain field, files mapped. */
static int multipart_end(struct multipart *m)
{
	struct kj_request *req = m->req;
	if (!m->bad && m->field_name[0] &&
	    kj_request_add_param(req, m->field_name, kj_buf_str(&m->field), m->field.len) < 0)
		m->bad = 1;
	for (int i = 0; !m->bad && i < req->nuploads; i++)
		if (kj_upload_map(&req->uploads[i]) < 0)
			m->bad = 1;
	kj_buf_free(&m->field);
	return m->bad ? -1 : 0;
}

/* Bytes of the request's header section and of its query. */
struct sizes {
	size_t headers, query;
};

static enum MHD_Result add_size(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	(void)kind;
	size_t *n = cls;
	*n += (key ? strlen(key) : 0) + (value ? strlen(value) : 0) + 4;	/* ": ", CRLF / "=&" */
	return MHD_YES;
}

/* Per-request state while a request's body arrives. */
struct conn {
	struct kj_request req;	/* query, form fields and files as they arrive */
	struct kj_buf body;	/* a body that is not multipart (form, JSON) */
	struct MHD_PostProcessor *pp;	/* a multipart body, parsed as it arrives */
	struct multipart mp;
	size_t received, max;	/* body bytes so far, and the most allowed */
	int too_large;
	int bad_query;
	struct timespec start;
};

/*
 * TLS 1.2 and 1.3 only, AEAD ciphers only, and in TLS 1.2 only ephemeral
 * elliptic-curve key exchange, so every session has forward secrecy: no
 * TLS 1.0/1.1, no CBC suites such as AES128-SHA, no static RSA key exchange.
 */
static const char tls_priorities[] =
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:"
	"-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:"
	"-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA";

/*
 * The header deadline. libmicrohttpd's connection timeout is an idle
 * timeout: a client that sends a header line every few seconds is never
 * idle, and enough of them hold every connection. So each connection is
 * watched from its start until its request's headers are complete, and
 * again from the end of each request: a watchdog thread shuts down the
 * socket of one that is past its deadline, which libmicrohttpd then closes
 * like any connection the client dropped. When more than 75 % of the
 * connections are in use, the deadline of those still sending headers is
 * cut to a second, so that new clients keep finding a place.
 */
struct watched {
	struct watched *prev, *next;
	int fd;
	struct kj_netaddr addr;	/* the peer's */
	int64_t since_ms;	/* start of the wait for headers; 0: not waiting */
};

struct watchdog {
	pthread_mutex_t mu;
	struct watched *head;
	int count;		/* open connections */
	int limit;		/* the connection limit in force */
	int stop;
	pthread_t thread;
};

struct server {
	struct kj_app *app;
	int quiet;
	int tls;
	const struct kj_proxies *proxies;	/* NULL: none trusted */
	int log_fd;		/* the access log: --access-log, or standard error */
	struct watchdog wd;
};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * With trusted proxies, the per-address connection limit is kept here
 * instead of by libmicrohttpd, so that it spares the proxies: every client
 * behind one arrives from its address. A connection from anyone else is
 * refused when KJ_HTTP_PER_IP_MAX of theirs are open.
 */
static enum MHD_Result accept_policy(void *cls, const struct sockaddr *sa, socklen_t len)
{
	(void)len;
	struct server *s = cls;
	struct kj_netaddr a;
	kj_netaddr_of(sa, &a);
	if (kj_proxies_listed(s->proxies, &a))
		return MHD_YES;
	int open = 0;
	pthread_mutex_lock(&s->wd.mu);
	for (struct watched *w = s->wd.head; w; w = w->next)
		open += !memcmp(w->addr.b, a.b, sizeof a.b);
	pthread_mutex_unlock(&s->wd.mu);
	return open < KJ_HTTP_PER_IP_MAX ? MHD_YES : MHD_NO;
}

/* A connection's wait for headers starts at MS (0: it has its headers). */
static void watch_wait(struct server *s, struct MHD_Connection *c, int64_t ms)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct watched *w = ci ? ci->socket_context : NULL;
	if (!w)
		return;
	pthread_mutex_lock(&s->wd.mu);
	w->since_ms = ms;
	pthread_mutex_unlock(&s->wd.mu);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct server *s = cls;
	struct watched *w = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!ci || !(w = calloc(1, sizeof *w)))
			return;
		w->fd = ci->connect_fd;
		w->since_ms = now_ms();
		const union MHD_ConnectionInfo *ai =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ai && ai->client_addr)
			kj_netaddr_of(ai->client_addr, &w->addr);
		pthread_mutex_lock(&s->wd.mu);
		w->next = s->wd.head;
		if (w->next)
			w->next->prev = w;
		s->wd.head = w;
		s->wd.count++;
		pthread_mutex_unlock(&s->wd.mu);
		*socket_context = w;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && w) {
		/* Called before libmicrohttpd closes the socket: once the entry is
		 * gone the watchdog can no longer touch a descriptor that a new
		 * connection may reuse. */
		pthread_mutex_lock(&s->wd.mu);
		if (w->prev)
			w->prev->next = w->next;
		else
			s->wd.head = w->next;
		if (w->next)
			w->next->prev = w->prev;
		s->wd.count--;
		pthread_mutex_unlock(&s->wd.mu);
		free(w);
		*socket_context = NULL;
	}
}

/*
 * libmicrohttpd's own messages go to the error log, but not the one line it
 * writes for each connection that went away before its request was whole:
 * under a slow-client attack that would be thousands of lines a minute, and
 * the watchdog's drops are counted by the access pattern anyway.
 */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	if (strstr(line, "closed by remote side with incomplete request"))
		return;
	fprintf(stderr, "kijun: http: %s%s", line,
		*line && line[strlen(line) - 1] == '\n' ? "" : "\n");
}

static void *watchdog_run(void *cls)
{
	struct server *s = cls;
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	for (;;) {
		nanosleep(&tick, NULL);
		pthread_mutex_lock(&s->wd.mu);
		if (s->wd.stop) {
			pthread_mutex_unlock(&s->wd.mu);
			return NULL;
		}
		int64_t now = now_ms();
		int busy = s->wd.count * 100 > s->wd.limit * (100 - KJ_HTTP_RESERVE_PERCENT);
		int64_t deadline = busy ? KJ_HTTP_RESERVE_DEADLINE_MS : KJ_HTTP_HEADER_DEADLINE_MS;
		for (struct watched *w = s->wd.head; w; w = w->next)
			if (w->since_ms && now - w->since_ms > deadline) {
				shutdown(w->fd, SHUT_RDWR);
				w->since_ms = 0;
			}
		pthread_mutex_unlock(&s->wd.mu);
	}
}

static int send_simple(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
								 MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(r, "Connection", "close");
	MHD_add_response_header(r, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	int rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	(void)kind;
	struct kj_request *req = cls;
	if (!key || kj_request_add_param(req, key, value ? value : "",
					 value ? strlen(value) : 0) < 0) {
		req->nparams = -req->nparams - 1;	/* mark failure, keep count */
		return MHD_NO;
	}
	return MHD_YES;
}

static void client_address(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

/* Gathers the X-Forwarded-For lines of a request, in order, with commas. */
static enum MHD_Result add_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	(void)kind;
	struct kj_buf *b = cls;
	if (key && value && !strcasecmp(key, "X-Forwarded-For"))
		kj_buf_printf(b, "%s%s", b->len ? "," : "", value);
	return MHD_YES;
}

/*
 * The client's address into REQ->remote: the peer's, or behind a trusted
 * proxy the one its X-Forwarded-For names (kj_proxies_client); PEER gets
 * the peer's when that differs, else "".
 */
static void request_client(const struct server *s, struct MHD_Connection *c,
			   struct kj_request *req, char *peer, size_t n)
{
	client_address(c, peer, n);
	snprintf(req->remote, sizeof req->remote, "%s", peer);
	if (kj_proxies_has(s->proxies, peer)) {
		struct kj_buf xff;
		kj_buf_init(&xff, KJ_HTTP_HEADER_MAX);
		MHD_get_connection_values(c, MHD_HEADER_KIND, add_forwarded, &xff);
		/* A header over the cap is as good as malformed: the peer. */
		if (xff.len && !kj_buf_failed(&xff) &&
		    kj_proxies_client(s->proxies, peer, kj_buf_str(&xff), req->remote,
				      sizeof req->remote) == 1) {
			kj_buf_free(&xff);
			return;
		}
		kj_buf_free(&xff);
	}
	peer[0] = '\0';
}

static void access_log(const struct server *s, const struct kj_request *req,
		       const struct kj_response *resp, const struct conn *cs,
		       const char *peer)
{
	if (s->quiet)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	char at[32];
	kj_access_now(at);
	struct kj_access a = { at, (long long)(now.tv_sec - cs->start.tv_sec) * 1000000 +
				   (now.tv_nsec - cs->start.tv_nsec) / 1000, peer };
	struct kj_buf line;
	kj_buf_init(&line, KJ_HTTP_HEADER_MAX);
	/* One write (O_APPEND for a file): lines never mix. */
	if (kj_access_line(req, resp, &a, &line) == 0 &&
	    write(s->log_fd, line.data, line.len) != (ssize_t)line.len)
		kj_log_error("the access log could not be written");
	kj_buf_free(&line);
}

/* A trusted proxy's X-Request-Id, when well-formed, is the request's id. */
static void proxy_request_id(const struct server *s, struct MHD_Connection *c,
			     struct kj_request *req)
{
	char peer[KJ_NETADDR_TEXT_MAX];
	const char *id = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
	if (!s->proxies || !kj_request_id_ok(id))
		return;
	client_address(c, peer, sizeof peer);
	if (kj_proxies_has(s->proxies, peer))
		snprintf(req->request_id, sizeof req->request_id, "%s", id);
}

/* A streamed body (src/web/stream.c) as a callback response, sent chunked. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct kj_stream *st = cls;
	long n = st->read(st->ctx, buf, max);
	return n > 0 ? (ssize_t)n : n == 0 ? MHD_CONTENT_READER_END_OF_STREAM
					   : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_free(void *cls)
{
	struct kj_stream *st = cls;
	if (st->free)
		st->free(st->ctx);
	free(st);
}

/* Takes RESP's stream over (NULL, stream released, if it cannot). */
static struct MHD_Response *stream_response(struct kj_response *resp)
{
	struct kj_stream *st = malloc(sizeof *st);
	if (!st) {
		kj_response_stream_release(resp);
		return NULL;
	}
	*st = resp->stream;
	memset(&resp->stream, 0, sizeof resp->stream);
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN,
		KJ_HTTP_STREAM_BLOCK, stream_read, st, stream_free);
	if (!r)
		stream_free(st);
	return r;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version,
			      const char *upload, size_t *upload_size, void **con_cls)
{
	(void)version;
	struct server *s = cls;
	struct conn *cs = *con_cls;
	if (!cs) {
		/* First call: headers are in. Refuse what is too big before the body. */
		watch_wait(s, c, 0);
		if (strlen(url) > KJ_HTTP_URI_MAX)
			return send_simple(c, MHD_HTTP_URI_TOO_LONG, "URI too long\n");
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							      MHD_HTTP_HEADER_CONTENT_LENGTH);
		struct sizes sz = { 0, 0 };
		MHD_get_connection_values(c, MHD_HEADER_KIND, add_size, &sz.headers);
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_size, &sz.query);
		if (sz.headers > KJ_HTTP_HEADER_MAX)
			return send_simple(c, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE,
					   "request headers too large\n");
		if (strlen(url) + sz.query > KJ_HTTP_URI_MAX)
			return send_simple(c, MHD_HTTP_URI_TOO_LONG, "URI too long\n");
		/* Only a route that takes a file, from a signed-in user who may use
		 * it, may send more than a form: the session is checked before any
		 * of the body is read, so nobody else can make kijun take in 21 MiB. */
		const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							      MHD_HTTP_HEADER_CONTENT_TYPE);
		const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
								 MHD_HTTP_HEADER_COOKIE);
		int takes_file = is_multipart(ct) && cookie && strstr(cookie, KJ_SESSION_COOKIE "=") &&
				 kj_web_upload_allowed(s->app, method, url, cookie);
		size_t max = takes_file ? KJ_HTTP_UPLOAD_MAX : KJ_HTTP_BODY_MAX;
		long len;
		if (cl && (kj_parse_long(cl, 0, 0x7fffffffL, &len) < 0 ||
			   (unsigned long)len > max))
			return send_simple(c, MHD_HTTP_CONTENT_TOO_LARGE,
					   "request body too large\n");
		if (!(cs = calloc(1, sizeof *cs)))
			return MHD_NO;
		kj_request_init(&cs->req);
		kj_buf_init(&cs->body, max);
		cs->max = max;
		clock_gettime(CLOCK_MONOTONIC, &cs->start);
		*con_cls = cs;
		/* The query first: its parameters come before the form's. */
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &cs->req);
		if (cs->req.nparams < 0) {
			cs->req.nparams = -cs->req.nparams - 1;
			cs->bad_query = 1;
		}
		cs->req.nquery = cs->req.nparams;
		if (is_multipart(ct)) {
			cs->mp.req = &cs->req;
			kj_buf_init(&cs->mp.field, KJ_HTTP_PARAM_MAX);
			cs->pp = MHD_create_post_processor(c, 64 * 1024, multipart_piece, &cs->mp);
			if (!cs->pp)
				cs->mp.bad = 1;
		}
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (cs->too_large || n > cs->max - cs->received) {
			cs->too_large = 1;
			return MHD_YES;
		}
		cs->received += n;
		if (cs->pp) {
			if (!cs->mp.bad && MHD_post_process(cs->pp, upload, n) != MHD_YES)
				cs->mp.bad = 1;
		} else if (kj_buf_add(&cs->body, upload, n) < 0) {
			cs->too_large = 1;
		}
		return MHD_YES;
	}
	if (cs->too_large)
		return send_simple(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large\n");

	struct kj_request *req = &cs->req;
	struct kj_response resp;
	kj_response_init(&resp);
	req->method = method;
	req->path = url;
	req->tls = s->tls;
	char peer[KJ_NETADDR_TEXT_MAX];
	proxy_request_id(s, c, req);
	request_client(s, c, req, peer, sizeof peer);
	req->cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
	req->authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							 MHD_HTTP_HEADER_AUTHORIZATION);
	req->accept_language = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							   MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	req->content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							MHD_HTTP_HEADER_CONTENT_TYPE);
	req->csrf_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
	req->body = kj_buf_str(&cs->body);
	req->body_len = cs->body.len;

	int bad = cs->bad_query || !kj_utf8_valid_text(url, strlen(url)) ||
		  strchr(url, '\n') || strchr(url, '\r');
	if (cs->pp) {
		MHD_destroy_post_processor(cs->pp);
		cs->pp = NULL;
		if (multipart_end(&cs->mp) < 0)
			bad = 1;
	}
	if (!bad && req->content_type &&
	    !strncmp(req->content_type, "application/x-www-form-urlencoded", 33) &&
	    kj_request_parse_form(req, req->body, req->body_len) < 0)
		bad = 1;
	if (bad) {
		req->app = s->app;
		kj_web_security_headers(&resp);
		kj_web_request_id(req, &resp);
		kj_web_error(req, &resp, 400, NULL);
	} else {
		kj_web_handle(s->app, req, &resp);
	}

	struct MHD_Response *r = resp.stream.read ? stream_response(&resp)
		: MHD_create_response_from_buffer(resp.body.len,
			resp.body.data ? resp.body.data : (void *)"", MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc = MHD_NO;
	if (r) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp.content_type);
		for (int i = 0; i < resp.nheaders; i++)
			MHD_add_response_header(r, resp.headers[i][0], resp.headers[i][1]);
		rc = MHD_queue_response(c, (unsigned)resp.status, r);
		MHD_destroy_response(r);
	}
	access_log(s, req, &resp, cs, peer);
	kj_response_free(&resp);
	kj_log_set_request(NULL);
	return rc;
}

/*
 * Percent-decoding of the request path. A decoded NUL or other control
 * character would cut or disguise the path, so it becomes 0x01, which the
 * UTF-8 text check of the request refuses with 400.
 */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	char *w = s;
	for (const char *r = s; *r; r++) {
		int h, l;
		if (r[0] == '%' && (h = kj_hex_value(r[1])) >= 0 && (l = kj_hex_value(r[2])) >= 0) {
			unsigned char v = (unsigned char)(h * 16 + l);
			*w++ = (char)(v < 0x20 || v == 0x7f ? 0x01 : v);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	/* Kept alive, the connection may idle for KJ_HTTP_TIMEOUT_S; its next
	 * request's headers then have the usual deadline. */
	watch_wait(cls, c, now_ms() + (int64_t)KJ_HTTP_TIMEOUT_S * 1000);
	struct conn *cs = *con_cls;
	if (cs) {
		if (cs->pp) {
			MHD_destroy_post_processor(cs->pp);
			kj_buf_free(&cs->mp.field);
		}
		kj_request_free(&cs->req);
		kj_buf_free(&cs->body);
		free(cs);
	}
	*con_cls = NULL;
}

/*
 * The connections kijun may hold: a descriptor per connection, and some to
 * spare. Raises the soft limit as far as the hard one allows, and takes
 * fewer connections if need be.
 */
static int connection_limit(void)
{
	struct rlimit rl;
	int limit = KJ_HTTP_CONNECTIONS_MAX;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rlim_t want = (rlim_t)KJ_HTTP_CONNECTIONS_MAX + KJ_HTTP_FD_SPARE;
		if (rl.rlim_cur < want) {
			rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want
											 : rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
		if (rl.rlim_cur < want) {
			limit = rl.rlim_cur > 2 * KJ_HTTP_FD_SPARE
				? (int)(rl.rlim_cur - KJ_HTTP_FD_SPARE) : KJ_HTTP_FD_SPARE;
			fprintf(stderr, "kijun: only %llu file descriptors: at most %d connections\n",
				(unsigned long long)rl.rlim_cur, limit);
		}
	}
	return limit;
}

/* Stops accepting, gives open connections time to finish, then stops the
 * daemon D and S's watchdog. */
static void stop_gracefully(struct MHD_Daemon *d, struct server *s)
{
	MHD_quiesce_daemon(d);
	for (int i = 0; i < 100; i++) {
		const union MHD_DaemonInfo *di =
			MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!di || di->num_connections == 0)
			break;
		usleep(50 * 1000);
	}
	MHD_stop_daemon(d);
	pthread_mutex_lock(&s->wd.mu);
	s->wd.stop = 1;
	pthread_mutex_unlock(&s->wd.mu);
	pthread_join(s->wd.thread, NULL);
	pthread_mutex_destroy(&s->wd.mu);
}

int kj_server_run(struct kj_app *app, const struct kj_server_opts *o,
		  struct kj_err *err)
{
	struct sockaddr_storage ss;
	char *cert = NULL, *key = NULL;
	size_t len;
	if (kj_netaddr_listen(o->listen, &ss, err) < 0)
		return -1;
	if ((o->tls_cert != NULL) != (o->tls_key != NULL)) {
		kj_err_set(err, "--tls-cert and --tls-key go together");
		return -1;
	}
	if (o->tls_cert && (kj_read_file(o->tls_cert, KJ_DATA_FILE_MAX, &cert, &len, err) < 0 ||
			    kj_read_file(o->tls_key, KJ_DATA_FILE_MAX, &key, &len, err) < 0)) {
		free(cert);
		return -1;
	}
	struct server s = { .app = app, .quiet = o->quiet, .tls = cert != NULL,
			    .proxies = o->proxies && o->proxies->n ? o->proxies : NULL,
			    .log_fd = o->access_log ? -1 : STDERR_FILENO };
	if (o->access_log && kj_access_log_open(o->access_log, &s.log_fd, err) < 0) {
		free(cert);
		free(key);
		return -1;
	}
	app->tls = s.tls;
	s.wd.limit = connection_limit();
	pthread_mutex_init(&s.wd.mu, NULL);

	/* Signals are taken by sigwait() below, never by the worker threads. */
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC |
			 MHD_USE_ERROR_LOG | (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0) |
			 (cert ? MHD_USE_TLS : 0);
	struct MHD_OptionItem tls_opts[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, cert },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, key },
		{ MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)tls_priorities },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, s.proxies ? accept_policy : NULL, &s,
		handle, &s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,	/* first, to catch all */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)KJ_HTTP_THREADS,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)s.wd.limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(s.proxies ? 0 : KJ_HTTP_PER_IP_MAX),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)KJ_HTTP_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)KJ_HTTP_HEADER_MAX * 2,
		MHD_OPTION_NOTIFY_COMPLETED, completed, &s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, &s,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_ARRAY, cert ? tls_opts : tls_opts + 3,
		MHD_OPTION_END);
	if (d && pthread_create(&s.wd.thread, NULL, watchdog_run, &s) != 0) {
		MHD_stop_daemon(d);
		d = NULL;
	}
	if (!d) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		pthread_mutex_destroy(&s.wd.mu);
		if (o->access_log)
			close(s.log_fd);
		free(cert);
		free(key);
		kj_err_set(err, "cannot listen on %s (in use, or not an address of this machine?)",
			   o->listen);
		return -1;
	}
	fprintf(stderr, "kijun: serving %s://%s/ (Ctrl-C or SIGTERM stops)\n",
		cert ? "https" : "http", o->listen);
	int sig = 0;
	/* SIGHUP: the access log file is reopened (after a rotation). */
	while (sigwait(&set, &sig) == 0 && sig == SIGHUP)
		if (o->access_log && kj_access_log_open(o->access_log, &s.log_fd, err) < 0)
			kj_log_error("%s", err->msg);
	fprintf(stderr, "kijun: %s received, finishing requests in flight\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	stop_gracefully(d, &s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (key)
		sodium_memzero(key, strlen(key));
	free(cert);
	free(key);
	if (o->access_log)
		close(s.log_fd);
	fprintf(stderr, "kijun: stopped\n");
	return 0;
}
