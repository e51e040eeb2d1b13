/* Corporate number check digit. */
#include <string.h>

#include "model/corpnum.h"

int kj_corpnum_check_digit(const char *base)
{
	if (!base || strlen(base) != 12)
		return -1;
	int sum = 0;
	/* Digits weighted 1, 2, 1, 2, ... counting from the rightmost. */
	for (int n = 1; n <= 12; n++) {
		char c = base[12 - n];
		if (c < '0' || c > '9')
			return -1;
		sum += (c - '0') * ((n % 2) ? 1 : 2);
	}
	return 9 - sum % 9;
}

int kj_corpnum_valid(const char *s)
{
	if (!s || strlen(s) != 13 || s[0] < '0' || s[0] > '9')
		return 0;
	return kj_corpnum_check_digit(s + 1) == s[0] - '0';
}
