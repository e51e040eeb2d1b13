/*
 * Dates and counts as a Japanese reader expects them (one place for the
 * whole UI): dates in the Japanese era (令和8年12月4日), times in Japan
 * Standard Time with the zone named, fiscal years as 令和8年度, counts with
 * thousands separators. The English forms follow the same rules in
 * English: "4 Dec 2026", "FY2026", "20,000".
 *
 * Each writer fills OUT (size N) and returns 0, or -1 when its input is
 * not a date of the stated form or OUT is too small (OUT is then "").
 */
#ifndef KJ_BASE_WAREKI_H
#define KJ_BASE_WAREKI_H

#include <stddef.h>
#include <stdint.h>

enum kj_date_style {
	KJ_DATE_JA = 0,		/* 令和8年12月4日 */
	KJ_DATE_JA_WESTERN = 1,	/* 令和8年（2026年）12月4日: where a table needs the year */
	KJ_DATE_EN = 2,		/* 4 Dec 2026 */
};

/* The era and its year of a date: "令和", 8; before 1926-12-25 none (-1). */
int kj_wareki_era(int year, int month, int day, const char **era, int *era_year);
/* A calendar date "YYYY-MM-DD" (what follows the tenth byte is ignored). */
int kj_date_text(const char *iso, enum kj_date_style style, char *out, size_t n);
/* A UTC time "YYYY-MM-DDTHH:MM:SSZ" as its date and time in JST:
 * "令和8年12月5日 4:25 JST", "5 Dec 2026 04:25 JST". */
int kj_time_text(const char *utc, enum kj_date_style style, char *out, size_t n);
/* Unix seconds, the same way. */
int kj_unix_text(int64_t t, enum kj_date_style style, char *out, size_t n);
/* Fiscal year FY (April FY to March FY+1): "令和8年度", "FY2026". */
int kj_fiscal_year_text(int fy, enum kj_date_style style, char *out, size_t n);
/* The first instant of day DAY ("YYYY-MM-DD") plus ADD days, in Japan, as a
 * UTC time "YYYY-MM-DDTHH:MM:SSZ" (2026-12-04 → 2026-12-03T15:00:00Z). */
int kj_jst_day_start(const char *day, int add, char out[21]);
/* N with thousands separators: "20,000", "-1,234". */
int kj_count_text(long long v, char *out, size_t n);

#endif
