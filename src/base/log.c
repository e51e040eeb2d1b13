/* The error log's lines and the request ids they carry (base/log.h). */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"

static _Thread_local char current[KJ_REQUEST_ID_MAX + 1];

void kj_log_set_request(const char *id)
{
	current[0] = '\0';
	if (id && kj_request_id_ok(id))
		snprintf(current, sizeof current, "%s", id);
}

const char *kj_log_request(void)
{
	return current;
}

void kj_log_error(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* One line: a message never continues on the next (the engine's
	 * words may hold newlines), so a reader can split the log by line. */
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (current[0])
		fprintf(stderr, "kijun: %s request=%s\n", line, current);
	else
		fprintf(stderr, "kijun: %s\n", line);
}

int kj_request_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > KJ_REQUEST_ID_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

void kj_request_id_new(char out[KJ_REQUEST_ID_MAX + 1])
{
	unsigned char r[KJ_REQUEST_ID_NEW / 2];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(out, KJ_REQUEST_ID_MAX + 1, r, sizeof r);
}
