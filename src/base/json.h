/*
 * JSON parsing with kijun's limits: a document deeper than allowed is
 * refused before jansson sees it, duplicate keys are refused, and errors
 * name the line and column.
 */
#ifndef KJ_BASE_JSON_H
#define KJ_BASE_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "base/util.h"

/* True if the nesting of TEXT (arrays and objects) stays within MAX. */
int kj_json_depth_ok(const char *text, size_t len, int max);

/* Parses TEXT; NAME is used in error messages. Returns NULL with ERR set. */
json_t *kj_json_parse(const char *text, size_t len, const char *name,
		      struct kj_err *err);

#endif
