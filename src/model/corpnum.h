/*
 * The corporate number (法人番号): 13 digits, the first a check digit over
 * the other twelve (法人番号の指定等に関する省令 第2条).
 */
#ifndef KJ_MODEL_CORPNUM_H
#define KJ_MODEL_CORPNUM_H

/* The check digit for the 12-digit base BASE, or -1 if BASE is not 12 digits. */
int kj_corpnum_check_digit(const char *base);
/* True if S is 13 digits whose first is the right check digit. */
int kj_corpnum_valid(const char *s);

#endif
