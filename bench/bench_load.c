/*
 * A load tool for the benchmarks: CONNECTIONS clients, each on its own
 * keep-alive HTTP/1.1 connection, ask PATH again and again for SECONDS
 * seconds (after one warm-up second), one request in flight per client,
 * all in one thread with poll(). Prints the requests per second answered
 * with 200 and the median and 99th percentile latency; any other status
 * counts as an error (exit 1).
 *
 *   bench_load HOST PORT PATH COOKIE CONNECTIONS SECONDS
 *
 * Responses must carry Content-Length (kijun's pages do).
 */
#define _GNU_SOURCE	/* memmem */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench_util.h"

#define CONN_MAX 256
#define BUF_MAX (4 * 1024 * 1024)
#define LAT_MAX 2000000

struct conn {
	int fd;
	char *buf;
	size_t len;
	double sent;
};

static double lat[LAT_MAX];
static long nlat;

static int dial(const char *host, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1)
		return -1;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A whole response in C's buffer: its status into *STATUS and its length, or 0. */
static size_t complete(const struct conn *c, int *status)
{
	char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
	if (!end)
		return 0;
	size_t head = (size_t)(end - c->buf) + 4;
	long clen = -1;
	*status = (int)strtol(c->buf + 9, NULL, 10);	/* "HTTP/1.1 200" */
	for (char *p = c->buf; p < end; p++) {
		if (*p == '\n' && !strncasecmp(p + 1, "content-length:", 15)) {
			clen = strtol(p + 16, NULL, 10);
			break;
		}
	}
	if (clen < 0 || c->len < head + (size_t)clen)
		return 0;
	return head + (size_t)clen;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: bench_load HOST PORT PATH COOKIE CONNECTIONS SECONDS\n");
		return 2;
	}
	int port = (int)strtol(argv[2], NULL, 10), n = (int)strtol(argv[5], NULL, 10);
	double secs = strtod(argv[6], NULL);
	if (n < 1 || n > CONN_MAX || secs <= 0) {
		fprintf(stderr, "bench_load: 1 to %d connections, a positive duration\n", CONN_MAX);
		return 2;
	}
	char req[4096];
	int rl = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n\r\n",
			  argv[3], argv[1], argv[4]);
	if (rl < 0 || rl >= (int)sizeof req)
		return 2;
	static struct conn cs[CONN_MAX];
	struct pollfd pf[CONN_MAX];
	for (int i = 0; i < n; i++) {
		cs[i].fd = dial(argv[1], port);
		cs[i].buf = malloc(BUF_MAX);
		if (cs[i].fd < 0 || !cs[i].buf) {
			fprintf(stderr, "bench_load: cannot connect to %s:%d\n", argv[1], port);
			return 1;
		}
		cs[i].sent = kj_bench_now_s();
		if (send_all(cs[i].fd, req, (size_t)rl) < 0)
			return 1;
	}
	double t0 = kj_bench_now_s(), start = t0 + 1.0, stop = start + secs;
	long ok = 0, bad = 0;
	for (;;) {
		double now = kj_bench_now_s();
		if (now >= stop)
			break;
		for (int i = 0; i < n; i++)
			pf[i] = (struct pollfd){ cs[i].fd, POLLIN, 0 };
		if (poll(pf, (nfds_t)n, 100) < 0 && errno != EINTR)
			return 1;
		for (int i = 0; i < n; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			struct conn *c = &cs[i];
			ssize_t r = read(c->fd, c->buf + c->len, BUF_MAX - c->len);
			if (r <= 0) {
				fprintf(stderr, "bench_load: the server closed a connection\n");
				return 1;
			}
			c->len += (size_t)r;
			int status;
			size_t whole = complete(c, &status);
			if (!whole)
				continue;
			now = kj_bench_now_s();
			if (now >= start) {
				if (status == 200) {
					ok++;
					if (nlat < LAT_MAX)
						lat[nlat++] = now - c->sent;
				} else {
					bad++;
				}
			}
			memmove(c->buf, c->buf + whole, c->len - whole);
			c->len -= whole;
			c->sent = now;
			if (send_all(c->fd, req, (size_t)rl) < 0)
				return 1;
		}
	}
	qsort(lat, (size_t)nlat, sizeof lat[0], cmp);
	printf("%.0f requests/s with %d clients over %.0f s (median %.2f ms, p99 %.2f ms)%s\n",
	       (double)ok / secs, n, secs, nlat ? lat[nlat / 2] * 1000 : 0.0,
	       nlat ? lat[(long)((double)nlat * 0.99)] * 1000 : 0.0,
	       bad ? " — some answers were not 200" : "");
	for (int i = 0; i < n; i++) {
		close(cs[i].fd);
		free(cs[i].buf);
	}
	return bad ? 1 : 0;
}
