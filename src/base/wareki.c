/* Japanese eras, JST and thousands separators (wareki.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "base/wareki.h"

#define JST_OFFSET_S (9 * 3600)

/* The eras since the calendar's adoption of the present rules, newest first. */
static const struct era {
	const char *name;
	int y, m, d;		/* its first day */
} eras[] = {
	{ "令和", 2019, 5, 1 },
	{ "平成", 1989, 1, 8 },
	{ "昭和", 1926, 12, 25 },
};

static const char *const months_en[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static int fail(char *out, size_t n)
{
	if (n)
		out[0] = '\0';
	return -1;
}

static int done(int w, char *out, size_t n)
{
	return (w < 0 || (size_t)w >= n) ? fail(out, n) : 0;
}

int kj_wareki_era(int year, int month, int day, const char **era, int *era_year)
{
	long key = (long)year * 10000 + month * 100 + day;
	for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++)
		if (key >= (long)eras[i].y * 10000 + eras[i].m * 100 + eras[i].d) {
			*era = eras[i].name;
			*era_year = year - eras[i].y + 1;
			return 0;
		}
	*era = NULL;
	*era_year = 0;
	return -1;
}

/* "令和8年" (元年 for the first), or "1920年" before the eras above. */
static int era_year_text(int y, int m, int d, char *out, size_t n)
{
	const char *era;
	int ey;
	if (kj_wareki_era(y, m, d, &era, &ey) < 0)
		return done(snprintf(out, n, "%d年", y), out, n);
	if (ey == 1)
		return done(snprintf(out, n, "%s元年", era), out, n);
	return done(snprintf(out, n, "%s%d年", era, ey), out, n);
}

static int ymd_text(int y, int m, int d, enum kj_date_style style, char *out, size_t n)
{
	if (style == KJ_DATE_EN)
		return done(snprintf(out, n, "%d %s %d", d, months_en[m - 1], y), out, n);
	char ey[32];
	if (era_year_text(y, m, d, ey, sizeof ey) < 0)
		return fail(out, n);
	if (style == KJ_DATE_JA_WESTERN && ey[0] != '1' && ey[0] != '2')
		return done(snprintf(out, n, "%s（%d年）%d月%d日", ey, y, m, d), out, n);
	return done(snprintf(out, n, "%s%d月%d日", ey, m, d), out, n);
}

int kj_date_text(const char *iso, enum kj_date_style style, char *out, size_t n)
{
	char day[11];
	int y, m, d;
	if (!iso || strlen(iso) < 10)
		return fail(out, n);
	memcpy(day, iso, 10);
	day[10] = '\0';
	if (!kj_date_valid(day) || sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return fail(out, n);
	return ymd_text(y, m, d, style, out, n);
}

int kj_unix_text(int64_t t, enum kj_date_style style, char *out, size_t n)
{
	time_t jst = (time_t)(t + JST_OFFSET_S);
	struct tm tm;
	if (!gmtime_r(&jst, &tm))
		return fail(out, n);
	char day[64];
	if (ymd_text(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, style, day, sizeof day) < 0)
		return fail(out, n);
	if (style == KJ_DATE_EN)
		return done(snprintf(out, n, "%s %02d:%02d JST", day, tm.tm_hour, tm.tm_min),
			    out, n);
	return done(snprintf(out, n, "%s %d:%02d JST", day, tm.tm_hour, tm.tm_min), out, n);
}

int kj_time_text(const char *utc, enum kj_date_style style, char *out, size_t n)
{
	int64_t t;
	if (!utc || kj_iso_to_unix(utc, &t) < 0)
		return fail(out, n);
	return kj_unix_text(t, style, out, n);
}

int kj_fiscal_year_text(int fy, enum kj_date_style style, char *out, size_t n)
{
	if (fy < 1900 || fy > 2999)
		return fail(out, n);
	if (style == KJ_DATE_EN)
		return done(snprintf(out, n, "FY%d", fy), out, n);
	/* A fiscal year is named by the era of its April (令和元年度 = FY2019). */
	char ey[32];
	int y = fy, m = 4, d = 1;
	if (fy == 2019)
		m = 5;		/* 令和 began on 1 May 2019; FY2019 is 令和元年度 */
	if (era_year_text(y, m, d, ey, sizeof ey) < 0)
		return fail(out, n);
	if (style == KJ_DATE_JA_WESTERN && ey[0] != '1' && ey[0] != '2')
		return done(snprintf(out, n, "%s度（%d年度）", ey, fy), out, n);
	return done(snprintf(out, n, "%s度", ey), out, n);
}

int kj_jst_day_start(const char *day, int add, char out[21])
{
	char iso[24];
	int64_t t;
	out[0] = '\0';
	if (!day || strlen(day) != 10 || !kj_date_valid(day))
		return -1;
	snprintf(iso, sizeof iso, "%sT00:00:00Z", day);
	if (kj_iso_to_unix(iso, &t) < 0)
		return -1;
	time_t u = (time_t)(t + (int64_t)add * 86400 - JST_OFFSET_S);
	struct tm tm;
	if (!gmtime_r(&u, &tm) || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		return -1;
	return 0;
}

int kj_count_text(long long v, char *out, size_t n)
{
	char digits[32];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int nd = snprintf(digits, sizeof digits, "%llu", u);
	size_t need = (size_t)nd + (size_t)(nd - 1) / 3 + (v < 0) + 1;
	if (nd <= 0 || need > n)
		return fail(out, n);
	size_t k = 0;
	if (v < 0)
		out[k++] = '-';
	for (int i = 0; i < nd; i++) {
		if (i && (nd - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	return 0;
}
