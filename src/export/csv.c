/* CSV fields with formula neutralisation. */
#include <csv.h>
#include <string.h>

#include "export/csv.h"

int kj_csv_begin(FILE *f)
{
	return fputs("\xef\xbb\xbf", f) < 0 ? -1 : 0;
}

int kj_csv_is_formula(const char *v)
{
	return v && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' ||
		     v[0] == '\t' || v[0] == '\r');
}

int kj_csv_field(FILE *f, const char *v, int last)
{
	if (!v)
		v = "";
	int rc = 0;
	if (kj_csv_is_formula(v)) {
		/* Quote by hand so the apostrophe sits inside the field. */
		rc |= fputc('"', f) == EOF;
		rc |= fputc('\'', f) == EOF;
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				rc |= fputc('"', f) == EOF;
			rc |= fputc(*p, f) == EOF;
		}
		rc |= fputc('"', f) == EOF;
	} else {
		rc |= csv_fwrite(f, v, strlen(v)) != 0;
	}
	rc |= fputs(last ? "\r\n" : ",", f) < 0;
	return rc ? -1 : 0;
}
