/* The text of a document made safe for the PDF and docx writers (doc_text_priv.h). */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "export/doc_text_priv.h"

static int carried(gunichar c)
{
	if (c == '\t' || c == '\n')
		return 1;
	if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
		return 0;
	return c != 0xFFFE && c != 0xFFFF;
}

char *kj_doc_clean(const char *s)
{
	char *valid = g_utf8_make_valid(s ? s : "", -1);
	GString *out = g_string_sized_new(strlen(valid));

	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (carried(c))
			g_string_append_unichar(out, c);
	}
	g_free(valid);
	return g_string_free(out, FALSE);
}

void kj_doc_value(char *out, size_t n, double value, const char *unit)
{
	int r;

	if (isnan(value)) {
		r = snprintf(out, n, "—");
	} else if (fabs(value - round(value)) < 1e-9 && fabs(value) < 1e15) {
		r = snprintf(out, n, "%.0f%s", value, unit ? unit : "");
	} else {
		r = snprintf(out, n, "%.1f%s", value, unit ? unit : "");
	}
	if (r < 0 || (size_t)r >= n)
		snprintf(out, n, "?");
}

int kj_doc_en(const struct kj_doc_write_opts *o)
{
	return o && o->lang && strcmp(o->lang, "en") == 0;
}

void kj_doc_progress(const struct kj_doc_write_opts *o, int done, int total)
{
	if (o && o->progress)
		o->progress(o->progress_arg, done, total);
}
