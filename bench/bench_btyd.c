/*
 * bench_btyd.c — times the buy-till-you-die core on simulated customers:
 * the BG/NBD fit (with standard errors), scoring (P(alive) and expected
 * purchases in 52 weeks), the MBG/NBD and Gamma-Gamma fits and the CLV of
 * every customer, and prints the optimiser's evaluations and the peak RSS.
 * Times are wall clock (CLOCK_MONOTONIC).
 * Built and run by bench/btyd.sh.
 *
 * usage: bench_btyd [-t THREADS] [N...]   (default N: 100000 1000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "btyd_sim.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of all threads of the process, to tell contention from work. */
static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int run(size_t n, int threads)
{
	const struct btyd_sim_options sim = {
	    .bg = {0.25, 4.0, 0.8, 2.5}, .gg = {6.0, 4.0, 15.0}, .T_min = 0, .T_max = 104};
	struct btyd_data d = BTYD_DATA_INIT;
	struct bgnbd_options bo = {.threads = threads};
	struct gg_options go = {.threads = threads};
	struct btyd_clv_options clv1 = {1, 0, 1, 0.3}, clv10 = {10, 0.10, 1, 0.3};
	struct bgnbd_fit bf, mf;
	struct gg_fit gf;
	struct rng rng;
	struct err e = {0};
	double *pa = NULL, *ex = NULL, *clv = NULL, t0, t_sim, t_fit, t_score, t_mbg, t_gg, t_clv1,
	       t_clv10, c0;
	long rss_data;
	size_t repeat = 0;
	int ret = 1;

	err_clear(&e);
	rng_seed(&rng, 20261124);
	t0 = now();
	btyd_simulate(&rng, &sim, n, &d, NULL);
	t_sim = now() - t0;
	pa = malloc(n * sizeof(double));
	ex = malloc(n * sizeof(double));
	clv = malloc(n * sizeof(double));
	if (!pa || !ex || !clv)
		goto out;
	for (size_t i = 0; i < n; i++) {
		/* Touch the output pages now, so that the RSS below counts them. */
		pa[i] = ex[i] = clv[i] = -1;
		repeat += d.x[i] > 0;
	}
	rss_data = peak_rss_kb();

	c0 = cpu();
	t0 = now();
	if (bgnbd_fit(&d, &bo, &bf, &e) < 0)
		goto fail;
	t_fit = now() - t0;
	t0 = now();
	if (bgnbd_score(&bf.par, &d, 52, threads, pa, ex, &e) < 0)
		goto fail;
	t_score = now() - t0;
	c0 = cpu() - c0;
	t0 = now();
	if (mbgnbd_fit(&d, &bo, &mf, &e) < 0)
		goto fail;
	t_mbg = now() - t0;
	t0 = now();
	if (gg_fit(&d, &go, &gf, &e) < 0)
		goto fail;
	t_gg = now() - t0;
	t0 = now();
	if (btyd_clv_score(&bf.par, &gf.par, &d, &clv1, threads, clv, &e) < 0)
		goto fail;
	t_clv1 = now() - t0;
	t0 = now();
	if (btyd_clv_score(&bf.par, &gf.par, &d, &clv10, threads, clv, &e) < 0)
		goto fail;
	t_clv10 = now() - t0;

	double sum_ex = 0;
	for (size_t i = 0; i < n; i++)
		sum_ex += ex[i];
	printf("customers %zu (repeat buyers %zu), threads %d, simulated in %.3f s\n", n, repeat,
	       threads, t_sim);
	printf("  BG/NBD fit+SE   %.3f s  evaluations %d (on all customers %d), %s, %s%s\n", t_fit,
	       bf.opt.evaluations, bf.opt.evaluations_full, bf.opt.algorithm, bf.opt.reason,
	       bf.opt.converged ? "" : " [NOT CONVERGED]");
	printf("    r %.4f (%.4f)  alpha %.4f (%.4f)  a %.4f (%.4f)  b %.4f (%.4f)  LL %.2f\n",
	       bf.par.r, bf.se.r, bf.par.alpha, bf.se.alpha, bf.par.a, bf.se.a, bf.par.b, bf.se.b,
	       bf.loglik);
	printf("  score           %.3f s  (P(alive) + E[Y(52)]; sum %.1f)\n", t_score, sum_ex);
	printf("  fit + score     %.3f s  (CPU time of both threads %.3f s)\n", t_fit + t_score,
	       c0);
	printf("  MBG/NBD fit+SE  %.3f s  evaluations %d, %s; LL %.2f\n", t_mbg, mf.opt.evaluations,
	       mf.opt.converged ? "converged" : mf.opt.reason, mf.loglik);
	printf("  Gamma-Gamma fit %.3f s  evaluations %d; p %.3f q %.3f gamma %.3f\n", t_gg,
	       gf.opt.evaluations, gf.par.p, gf.par.q, gf.par.gamma);
	printf("  CLV 52 weeks    %.3f s;  CLV 10 years at 10%% (yearly) %.3f s\n", t_clv1,
	       t_clv10);
	printf("  peak RSS %ld KiB after simulation, %ld KiB at the end (%.1f bytes/customer "
	       "beyond the input and output arrays)\n",
	       rss_data, peak_rss_kb(), (double)(peak_rss_kb() - rss_data) * 1024.0 / (double)n);
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "bench_btyd: %s\n", e.msg);
out:
	free(pa);
	free(ex);
	free(clv);
	btyd_data_release(&d);
	return ret;
}

int main(int argc, char **argv)
{
	int threads = 2, ret = 0, any = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			threads = atoi(argv[++i]);
			continue;
		}
		ret |= run((size_t)strtoull(argv[i], NULL, 10), threads);
		any = 1;
	}
	if (!any) {
		ret |= run(100000, threads);
		ret |= run(1000000, threads);
	}
	return ret;
}
