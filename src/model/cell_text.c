/*
 * The text of a spreadsheet cell as officials type it: full-width spaces
 * and digits, lists separated by 、 or line breaks, yes/no words.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "model/cell_text.h"

/* Length of a space at S: ASCII space, tab, line ends, U+3000, U+00A0; else 0. */
static size_t space_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (!strncmp(s, "\xe3\x80\x80", 3))
		return 3;
	if (!strncmp(s, "\xc2\xa0", 2))
		return 2;
	return 0;
}

/* Copies S without surrounding spaces (half- or full-width) into OUT (size > strlen(S)). */
void kj_cell_trim(const char *s, char *out)
{
	size_t k;
	while (*s && (k = space_len(s)))
		s += k;
	size_t n = strlen(s), end = 0;
	for (size_t i = 0; i < n;) {
		k = space_len(s + i);
		if (k) {
			i += k;
		} else {
			i++;
			while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
				i++;
			end = i;
		}
	}
	memcpy(out, s, end);
	out[end] = '\0';
}

/* S for quoting in a message: at most 60 bytes, "…" if cut. */
void kj_cell_snippet(const char *s, char out[80])
{
	int n = (int)kj_utf8_prefix(s, 60);
	snprintf(out, 80, "%.*s%s", n, s, s[n] ? "…" : "");
}

/*
 * S with full-width digits (０-９) and hyphen (－) made ASCII, into OUT of
 * size N; fails if it does not fit.
 */
int kj_cell_narrow_digits(const char *s, char *out, size_t n)
{
	size_t o = 0;
	while (*s) {
		char c = *s;
		if (!strncmp(s, "\xef\xbc", 2) && (unsigned char)s[2] >= 0x90 &&
		    (unsigned char)s[2] <= 0x99) {
			c = (char)('0' + ((unsigned char)s[2] - 0x90));
			s += 3;
		} else if (!strncmp(s, "\xef\xbc\x8d", 3)) {
			c = '-';
			s += 3;
		} else {
			s++;
		}
		if (o + 1 >= n)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

int kj_cell_all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* True if a spreadsheet would run V as a formula. */
int kj_cell_formula(const char *v)
{
	return v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@';
}

/* True if V has a control character (a tab or line break in a one-line field). */
int kj_cell_has_control(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return 1;
	return 0;
}

/* Which of WORDS (NULL-terminated) V is, ASCII case ignored; -1 if none. */
int kj_cell_word(const char *v, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (!strcasecmp(v, words[i]))
			return i;
	return -1;
}

/*
 * Length of a sector separator at S, or 0: ; , ・ 、 their full- and
 * half-width forms, and a line break (Alt+Enter in an Excel cell).
 */
static size_t sep_len(const char *s)
{
	static const char *const seps[] = {
		";", ",", "・", "、", "，", "；", "･", "\r\n", "\n", "\r",
	};
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		size_t n = strlen(seps[i]);
		if (!strncmp(s, seps[i], n))
			return n;
	}
	return 0;
}

/*
 * The next item of a list at *PP separated by sep_len() separators, trimmed
 * into ONE (TOK is scratch, both as long as the list); 0 at the list's end.
 */
int kj_cell_list_next(const char **pp, char *tok, char *one)
{
	const char *p = *pp;
	if (!*p)
		return 0;
	size_t k = 0;
	while (p[k] && !sep_len(p + k))
		k++;
	memcpy(tok, p, k);
	tok[k] = '\0';
	p += k;
	if (*p)
		p += sep_len(p);
	kj_cell_trim(tok, one);
	*pp = p;
	return 1;
}
