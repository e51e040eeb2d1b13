/*
 * The catalog in the formats it leaves kijun in: kijun's JSON (also what
 * the API serves), CSV for spreadsheets, and an OSCAL 1.2.1 catalog.
 */
#ifndef KJ_EXPORT_CATALOG_OUT_H
#define KJ_EXPORT_CATALOG_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "model/catalog.h"

/* One requirement with its section path, definitions and CSF titles. */
json_t *kj_catalog_req_json(const struct kj_catalog *cat,
			    const struct kj_requirement *r);
/* The whole version. */
json_t *kj_catalog_json(const struct kj_catalog *cat);
json_t *kj_catalog_oscal(const struct kj_catalog *cat);

/* The writers: 0, or -1 when F failed (the stream convention, export/csv.h). */
int kj_catalog_write_json(const struct kj_catalog *cat, FILE *f);
int kj_catalog_write_csv(const struct kj_catalog *cat, FILE *f);
int kj_catalog_write_oscal(const struct kj_catalog *cat, FILE *f);

#endif
