/* The analysis metrics; see metrics.h and docs/metrics.md. */
#include "model/metrics.h"

void kj_levels_add(struct kj_levels *l, int level, long n)
{
	if (level == -1)
		l->na += n;
	else if (level >= 0 && level < KJ_LEVELS)
		l->n[level] += n;
}

void kj_levels_sum(struct kj_levels *a, const struct kj_levels *b)
{
	for (int i = 0; i < KJ_LEVELS; i++)
		a->n[i] += b->n[i];
	a->na += b->na;
}

long kj_levels_applicable(const struct kj_levels *l)
{
	long n = 0;
	for (int i = 0; i < KJ_LEVELS; i++)
		n += l->n[i];
	return n;
}

long kj_levels_implemented(const struct kj_levels *l)
{
	long n = 0;
	for (int i = KJ_LEVEL_IMPLEMENTED; i < KJ_LEVELS; i++)
		n += l->n[i];
	return n;
}

long kj_levels_answers(const struct kj_levels *l)
{
	return kj_levels_applicable(l) + l->na;
}

int kj_levels_rate(const struct kj_levels *l, double *rate)
{
	long app = kj_levels_applicable(l);
	*rate = 0;
	if (app <= 0)
		return 0;
	*rate = (double)kj_levels_implemented(l) / (double)app;
	return 1;
}

int kj_levels_mean(const struct kj_levels *l, double *mean)
{
	long app = kj_levels_applicable(l), sum = 0;
	*mean = 0;
	if (app <= 0)
		return 0;
	for (int i = 0; i < KJ_LEVELS; i++)
		sum += (long)i * l->n[i];
	*mean = (double)sum / (double)app;
	return 1;
}

/* What the suppressed cells hold together is safe: nothing, or K or more. */
static int hidden_safe(const long *v, const unsigned char *sup, int n, int k)
{
	if (!v)
		return 1;
	long r = 0;
	for (int i = 0; i < n; i++)
		if (sup[i])
			r += v[i];
	return r == 0 || r >= k;
}

int kj_metrics_suppress(const long *size, const long *app, const unsigned char *open, int n,
			int k, unsigned char *sup)
{
	for (int i = 0; i < n; i++) {
		int small = (size[i] > 0 && size[i] < k) || (app && app[i] > 0 && app[i] < k);
		sup[i] = (unsigned char)(sup[i] || (small && !(open && open[i])));
	}
	while (!hidden_safe(size, sup, n, k) || !hidden_safe(app, sup, n, k)) {
		int best = -1;
		for (int i = 0; i < n; i++)
			if (!sup[i] && !(open && open[i]) && size[i] > 0 &&
			    (best < 0 || size[i] < size[best]))
				best = i;
		if (best < 0)
			return 1;
		sup[best] = 1;
	}
	return 0;
}
