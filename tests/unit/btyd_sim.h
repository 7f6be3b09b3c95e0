/*
 * btyd_sim.h — drawing customer summaries from the buy-till-you-die
 * models, for the parameter-recovery tests and the benchmark (test code:
 * it lives under tests/, bench/btyd.sh builds it too).
 */
#ifndef TREUE_BTYD_SIM_H
#define TREUE_BTYD_SIM_H

#include "btyd.h"

/*
 * What btyd_simulate draws: BG/NBD (or, with mbg = 1, MBG/NBD) and
 * Gamma-Gamma parameters, each customer's T uniform in [T_min, T_max]
 * weeks, and a holdout of `holdout` weeks after T.
 */
struct btyd_sim_options {
	struct bgnbd_params bg;
	struct gg_params gg;
	double T_min, T_max;
	double holdout;
	int mbg;
};

/*
 * btyd_simulate — appends n customers drawn from the models to out (with
 * btyd_data_push).  Per customer: lambda ~ Gamma(r, rate alpha), p ~
 * Beta(a, b), nu ~ Gamma(q, rate gamma), T ~ U[T_min, T_max]; the first
 * purchase at time 0, then purchases at the times of a Poisson(lambda)
 * process, and after each repeat purchase (with mbg also right after the
 * first) the customer drops out with probability p; x counts the repeat purchases in (0, T], t_x is
 * the time of the last one, and each has the value Gamma(p_gg, rate nu), m_x their mean.  When
 * x_star is not NULL, x_star[k] (k < n) receives the repeat purchases in (T, T + holdout] of the
 * k-th new customer.  Deterministic for a given rng state.
 */
void btyd_simulate(struct rng *rng, const struct btyd_sim_options *o, size_t n,
                   struct btyd_data *out, int32_t *x_star);

#endif
