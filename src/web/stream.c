/*
 * Streamed response bodies: a bulk export is produced row by row while it
 * is sent (server.c hands the stream to libmicrohttpd as a callback
 * response), so its memory does not grow with the registry.
 */
#include <string.h>

#include "web/http.h"

void kj_response_stream(struct kj_response *resp, long (*read)(void *, char *, size_t),
			void (*free)(void *), void *ctx)
{
	kj_response_stream_release(resp);
	resp->stream.read = read;
	resp->stream.free = free;
	resp->stream.ctx = ctx;
}

void kj_response_stream_release(struct kj_response *resp)
{
	if (resp->stream.free)
		resp->stream.free(resp->stream.ctx);
	memset(&resp->stream, 0, sizeof resp->stream);
}

int kj_response_drain(struct kj_response *resp)
{
	char chunk[16384];
	long n = 0;
	while (resp->stream.read && (n = resp->stream.read(resp->stream.ctx, chunk,
							    sizeof chunk)) > 0)
		if (kj_buf_add(&resp->body, chunk, (size_t)n) < 0) {
			n = -1;
			break;
		}
	kj_response_stream_release(resp);
	return n < 0 ? -1 : 0;
}
