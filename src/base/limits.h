/*
 * Every limit kijun enforces, in one place. A value that comes from outside
 * (a file, a flag, a request) is checked against one of these before use.
 */
#ifndef KJ_BASE_LIMITS_H
#define KJ_BASE_LIMITS_H

/* Data files of a standard version (catalog import). */
#define KJ_DATA_FILE_MAX	(4u * 1024u * 1024u)	/* one JSON or text file */
#define KJ_JSON_DEPTH_MAX	32			/* nesting of a JSON document */
#define KJ_CATALOG_REQ_MAX	1000			/* requirements in one version */
#define KJ_CATALOG_SECTION_MAX	500
#define KJ_CATALOG_DEF_MAX	200
#define KJ_CATALOG_TEXT_MAX	8192			/* bytes of one text field */
#define KJ_CATALOG_CSF_MAX	8			/* CSF categories per requirement */
#define KJ_ID_MAX		32			/* requirement/section id bytes */
#define KJ_VERSION_MAX		32			/* standard version label bytes */

/* Command line. */
#define KJ_PATH_MAX		4096

/* Demo dataset. */
#define KJ_DEMO_OPERATORS_MAX	200000
#define KJ_DEMO_YEARS_MAX	10

/* Growable buffers that have no more specific cap. */
#define KJ_BUF_DEFAULT_MAX	(64u * 1024u * 1024u)

#endif
