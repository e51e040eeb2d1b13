/*
 * The list of common passwords shipped with kijun (issue 16):
 * data/reference/common-passwords.txt, embedded in the binary, lowercase,
 * one per line, '#' lines are comments. Pure: reads only the embedded file.
 */
#ifndef KJ_MODEL_COMMON_PASSWORDS_H
#define KJ_MODEL_COMMON_PASSWORDS_H

#include <stddef.h>

/* 1 if PASSWORD, compared without regard to ASCII case, is on the list. */
int kj_password_is_common(const char *password);
/* The number of passwords on the list (0 if the file is missing). */
size_t kj_common_passwords_count(void);

#endif
