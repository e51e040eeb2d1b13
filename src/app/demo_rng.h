/*
 * The demo generator's random numbers (demo_registry.c, demo_survey.c,
 * demo_safety.c): splitmix64, small, fast and the same on every platform,
 * so the same seed gives the same dataset everywhere.
 */
#ifndef KJ_APP_DEMO_RNG_H
#define KJ_APP_DEMO_RNG_H

#include <stdint.h>

static inline uint64_t kj_rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double kj_rng_uniform(uint64_t *s)
{
	return (double)(kj_rng_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in 0 .. N-1. */
static inline int kj_rng_below(uint64_t *s, int n)
{
	return (int)(kj_rng_uniform(s) * n);
}

/* Approximately normal (Irwin–Hall of 4), mean 0, sd 1. */
static inline double kj_rng_gauss(uint64_t *s)
{
	return (kj_rng_uniform(s) + kj_rng_uniform(s) + kj_rng_uniform(s) +
		kj_rng_uniform(s) - 2.0) * 1.7320508;
}

#endif
