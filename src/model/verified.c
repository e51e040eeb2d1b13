/* Self-reported against verified: the arithmetic; see verified.h and docs/metrics.md. */
#include <stddef.h>

#include "model/verified.h"

static int is_level(int v)
{
	return v >= 0 && v <= 4;
}

void kj_cmp_add(struct kj_cmp *c, int self, int verified)
{
	int self_ok = is_level(self) || self == -1, ver_ok = is_level(verified) || verified == -1;
	if (!self_ok || !ver_ok)
		c->missing++;
	else if (self == -1 || verified == -1)
		c->na++;
	else
		c->diff[verified - self - KJ_CMP_DIFF_MIN]++;
}

void kj_cmp_sum(struct kj_cmp *a, const struct kj_cmp *b)
{
	for (int i = 0; i < KJ_CMP_DIFFS; i++)
		a->diff[i] += b->diff[i];
	a->na += b->na;
	a->missing += b->missing;
}

static long range(const struct kj_cmp *c, int from, int to)
{
	long n = 0;
	for (int i = from; i <= to; i++)
		n += c->diff[i];
	return n;
}

long kj_cmp_compared(const struct kj_cmp *c)
{
	return range(c, 0, KJ_CMP_DIFFS - 1);
}

long kj_cmp_below(const struct kj_cmp *c)
{
	return range(c, 0, -KJ_CMP_DIFF_MIN - 1);
}

long kj_cmp_equal(const struct kj_cmp *c)
{
	return c->diff[-KJ_CMP_DIFF_MIN];
}

long kj_cmp_above(const struct kj_cmp *c)
{
	return range(c, -KJ_CMP_DIFF_MIN + 1, KJ_CMP_DIFFS - 1);
}

long kj_cmp_diff_sum(const struct kj_cmp *c)
{
	long s = 0;
	for (int i = 0; i < KJ_CMP_DIFFS; i++)
		s += (long)(i + KJ_CMP_DIFF_MIN) * c->diff[i];
	return s;
}

int kj_cmp_mean(const struct kj_cmp *c, double *mean)
{
	long n = kj_cmp_compared(c);
	*mean = n > 0 ? (double)kj_cmp_diff_sum(c) / (double)n : 0;
	return n > 0;
}

int kj_cmp_share(const struct kj_cmp *c, long part, double *share)
{
	long n = kj_cmp_compared(c);
	*share = n > 0 ? (double)part / (double)n : 0;
	return n > 0;
}

int kj_cmp_over_order(const struct kj_cmp *a, int ia, const struct kj_cmp *b, int ib)
{
	/* Counts of one fiscal year's items: far from overflowing a long long. */
	long long na = kj_cmp_compared(a), nb = kj_cmp_compared(b);
	long long ba = kj_cmp_below(a), bb = kj_cmp_below(b);
	long long l = ba * nb, r = bb * na;
	if (na > 0 && nb > 0 && l != r)
		return l > r ? -1 : 1;
	if ((na > 0) != (nb > 0))
		return na > 0 ? -1 : 1;
	if (ba != bb)
		return ba > bb ? -1 : 1;
	long long sa = kj_cmp_diff_sum(a), sb = kj_cmp_diff_sum(b);
	if (na > 0 && nb > 0 && sa * nb != sb * na)
		return sa * nb < sb * na ? -1 : 1;
	return ia < ib ? -1 : ia > ib;
}
