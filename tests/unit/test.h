/*
 * test.h — the tiny in-process test runner: TEST(name) { ... } registers a
 * test; CHECK* record failures with file and line and keep going.  The
 * runner prints "ok N - name" / "not ok N - name" and closes with
 * "N passed, N failed".  No forking, so sanitizers and valgrind see
 * everything.
 */
#ifndef TREUE_TEST_H
#define TREUE_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
	struct test_case *next;
};
void test_register(struct test_case *t);
void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Directory of ../shared/data or NULL when it is not there. */
const char *test_shared_data(void);
/* Marks the running test as skipped with a reason (printed as "# skip"). */
void test_skip(const char *why);
/* A scratch directory for this test run (created once, removed at exit). */
const char *test_tmpdir(void);
/* 1 when the tests' databases are on PostgreSQL: TREUE_TEST_PG holds the
 * URL of a database on a server (tests/run.sh starts one, tools/pg.sh). */
int test_pg(void);
/* Where a test keeps a database called name: NAME.db in the scratch
 * directory (removed first), or a new database on the PostgreSQL server
 * (its URL).
 * Returns buf. */
const char *test_db(const char *name, char *buf, size_t n);

#define TEST(name)                                                                                 \
	static void test_fn_##name(void);                                                          \
	static struct test_case test_case_##name = {#name, test_fn_##name, 0};                     \
	__attribute__((constructor)) static void test_reg_##name(void)                             \
	{                                                                                          \
		test_register(&test_case_##name);                                                  \
	}                                                                                          \
	static void test_fn_##name(void)

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                         \
	} while (0)

#define CHECK_INT(a, b)                                                                            \
	do {                                                                                       \
		long long a_ = (long long)(a), b_ = (long long)(b);                                \
		if (a_ != b_)                                                                      \
			test_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", #a, a_,   \
			          #b, b_);                                                         \
	} while (0)

#define CHECK_STR(a, b)                                                                            \
	do {                                                                                       \
		const char *a_ = (a), *b_ = (b);                                                   \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                                             \
			test_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a,         \
			          a_ ? a_ : "(null)", b_ ? b_ : "(null)");                         \
	} while (0)

#define CHECK_NEAR(a, b, tol)                                                                      \
	do {                                                                                       \
		double a_ = (double)(a), b_ = (double)(b);                                         \
		if (!(fabs(a_ - b_) <= (tol)))                                                     \
			test_fail(__FILE__, __LINE__, "%s == %.10g, expected %.10g ± %g", #a, a_,  \
			          b_, (double)(tol));                                              \
	} while (0)

#endif
