/*
 * btyd_sim.c — draws customer summaries from the BG/NBD and Gamma-Gamma
 * models (btyd_simulate): for the parameter-recovery tests and the
 * benchmark.
 */
#include "btyd_sim.h"

void btyd_simulate(struct rng *rng, const struct btyd_sim_options *o, size_t n,
                   struct btyd_data *out, int32_t *x_star)
{
	const struct bgnbd_params *bp = &o->bg;

	for (size_t i = 0; i < n; i++) {
		double lambda = rng_gamma(rng, bp->r) / bp->alpha;
		double p = rng_beta(rng, bp->a, bp->b);
		double nu = rng_gamma(rng, o->gg.q) / o->gg.gamma;
		double T = o->T_min + (o->T_max - o->T_min) * rng_uniform(rng), t = 0, sum = 0;
		struct btyd_summary s = {0, 0, T, 0};
		int alive = !o->mbg || rng_uniform(rng) >= p;

		while (alive) {
			t += rng_exp(rng, lambda);
			if (t > T)
				break;
			s.x++;
			s.t_x = t;
			sum += rng_gamma(rng, o->gg.p) / nu;
			if (rng_uniform(rng) < p)
				alive = 0;
		}
		if (x_star) {
			int32_t xs = 0;
			/* The Poisson process is memoryless: restart it at T. */
			t = T;
			while (alive) {
				t += rng_exp(rng, lambda);
				if (t > T + o->holdout)
					break;
				xs++;
				if (rng_uniform(rng) < p)
					alive = 0;
			}
			x_star[i] = xs;
		}
		s.m_x = s.x > 0 ? sum / s.x : 0;
		btyd_data_push(out, &s);
	}
}
