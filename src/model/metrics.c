/* The analysis metrics; see metrics.h and docs/metrics.md. */
#include <stddef.h>

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

const char *kj_sup_rule_name(int rule)
{
	static const char *const names[KJ_SUP_NRULES] = {
		"", "primary-k", "primary-app", "dominance", "secondary", "total", "multi-sector",
	};
	return rule > 0 && rule < KJ_SUP_NRULES ? names[rule] : "";
}

int kj_levels_dominated(const struct kj_levels *l)
{
	long app = kj_levels_applicable(l);
	if (app <= 0)
		return 0;
	for (int i = 0; i < KJ_LEVELS; i++)
		if (l->n[i] * 100 >= (long)KJ_DOMINANCE_P * app)
			return 1;
	return 0;
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

/* What the suppressed cells hold together is no dominated distribution. */
static int hidden_undominated(const struct kj_levels *lv, const unsigned char *sup, int n)
{
	if (!lv)
		return 1;
	struct kj_levels t = { { 0 }, 0 };
	for (int i = 0; i < n; i++)
		if (sup[i])
			kj_levels_sum(&t, &lv[i]);
	return !kj_levels_dominated(&t);
}

/* The next cell to suppress: a previously suppressed one first, the
 * smallest; else the smallest; -1 when none is left. */
static int next_secondary(const struct kj_suppress_in *in, const unsigned char *sup)
{
	int best = -1, best_prev = 0;
	for (int i = 0; i < in->n; i++) {
		if (sup[i] || (in->open && in->open[i]) || in->size[i] <= 0)
			continue;
		int prev = in->prev && in->prev[i];
		if (best < 0 || prev > best_prev ||
		    (prev == best_prev && in->size[i] < in->size[best])) {
			best = i;
			best_prev = prev;
		}
	}
	return best;
}

int kj_metrics_suppress_rules(const struct kj_suppress_in *in, unsigned char *sup)
{
	int n = in->n, k = in->k;
	for (int i = 0; i < n; i++) {
		if (sup[i] || (in->open && in->open[i]))
			continue;
		if (in->size[i] > 0 && in->size[i] < k)
			sup[i] = KJ_SUP_PRIMARY_K;
		else if (in->app && in->app[i] > 0 && in->app[i] < k)
			sup[i] = KJ_SUP_PRIMARY_APP;
		else if (in->lv && kj_levels_dominated(&in->lv[i]))
			sup[i] = KJ_SUP_DOMINANCE;
	}
	while (!hidden_safe(in->size, sup, n, k) || !hidden_safe(in->app, sup, n, k) ||
	       !hidden_undominated(in->lv, sup, n)) {
		int best = next_secondary(in, sup);
		if (best < 0)
			return 1;
		sup[best] = KJ_SUP_SECONDARY;
	}
	return 0;
}

int kj_metrics_suppress(const long *size, const long *app, const unsigned char *open, int n,
			int k, unsigned char *sup)
{
	struct kj_suppress_in in = { size, app, NULL, open, NULL, n, k };
	int rc = kj_metrics_suppress_rules(&in, sup);
	for (int i = 0; i < n; i++)
		sup[i] = sup[i] != 0;
	return rc;
}
