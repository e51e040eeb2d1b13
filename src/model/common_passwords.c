/* The shipped list of common passwords (model/common_passwords.h). */
#include <string.h>
#include <strings.h>

#include "base/embed.h"
#include "model/common_passwords.h"
#include "model/user.h"

#define LIST_PATH "reference/common-passwords.txt"

/* Calls EACH for every password on the list (a line not empty nor a '#'
 * comment) until it returns nonzero; returns what it returned, else 0. */
static int each_line(int (*each)(const char *line, size_t n, void *arg), void *arg)
{
	const struct kj_embedded_file *f = kj_embedded_find(LIST_PATH);
	if (!f)
		return 0;
	const char *p = (const char *)f->data, *end = p + f->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n && p[0] != '#') {
			int rc = each(p, n, arg);
			if (rc)
				return rc;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

struct wanted {
	const char *pw;
	size_t n;
};

static int same(const char *line, size_t n, void *arg)
{
	const struct wanted *w = arg;
	return w->n == n && !strncasecmp(line, w->pw, n);
}

int kj_password_is_common(const char *password)
{
	if (!password || !*password || strlen(password) > KJ_PASSWORD_MAX)
		return 0;
	struct wanted w = { password, strlen(password) };
	return each_line(same, &w);
}

static int count(const char *line, size_t n, void *arg)
{
	(void)line;
	(void)n;
	(*(size_t *)arg)++;
	return 0;
}

size_t kj_common_passwords_count(void)
{
	size_t n = 0;
	each_line(count, &n);
	return n;
}
