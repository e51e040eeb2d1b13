/* The language of a first visit from Accept-Language (model/lang_pref.h). */
#include <string.h>
#include <strings.h>

#include "base/limits.h"
#include "model/lang_pref.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

int kj_accept_qvalue(const char *s, int n)
{
	while (n > 0 && is_space(*s))
		s++, n--;
	while (n > 0 && is_space(s[n - 1]))
		n--;
	if (n < 3 || (s[0] != 'q' && s[0] != 'Q') || s[1] != '=')
		return -1;
	s += 2;
	n -= 2;
	/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) */
	if (s[0] != '0' && s[0] != '1')
		return -1;
	int v = (s[0] - '0') * 1000;
	if (n == 1)
		return v;
	if (s[1] != '.' || n > 5)
		return -1;
	int scale = 100;
	for (int i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9' || (v == 1000 && s[i] != '0'))
			return -1;
		v += (s[i] - '0') * scale;
	}
	return v;
}

/* The language of TAG (N bytes): 'e', 'j', '*' or 0 for another. */
static char tag_lang(const char *tag, int n)
{
	while (n > 0 && is_space(*tag))
		tag++, n--;
	while (n > 0 && is_space(tag[n - 1]))
		n--;
	if (n == 1 && tag[0] == '*')
		return '*';
	if (n >= 2 && (n == 2 || tag[2] == '-')) {
		if (!strncasecmp(tag, "en", 2))
			return 'e';
		if (!strncasecmp(tag, "ja", 2))
			return 'j';
	}
	return 0;
}

int kj_accept_prefers_en(const char *header)
{
	int en = -1, ja = -1, any = -1;
	if (!header)
		return 0;
	int len = (int)strnlen(header, KJ_ACCEPT_LANGUAGE_MAX);
	for (int i = 0; i < len;) {
		int end = i;
		while (end < len && header[end] != ',')
			end++;
		int semi = i;
		while (semi < end && header[semi] != ';')
			semi++;
		int q = semi < end ? kj_accept_qvalue(header + semi + 1, end - semi - 1) : 1000;
		char l = q < 0 ? 0 : tag_lang(header + i, semi - i);
		int *w = l == 'e' ? &en : l == 'j' ? &ja : l == '*' ? &any : NULL;
		if (w && q > *w)
			*w = q;
		i = end + 1;
	}
	if (en < 0)
		en = any < 0 ? 0 : any;
	if (ja < 0)
		ja = any < 0 ? 0 : any;
	return en > ja;
}
