/*
 * runner.c — runs every TEST registered by the linked test files, in name
 * order, optionally only those whose name contains argv[1].
 */
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

static struct test_case *tests;
static int failed_now, skipped_now;
static char skip_reason[256];
static char tmpdir[256];

void test_register(struct test_case *t)
{
	struct test_case **p = &tests;
	while (*p && strcmp((*p)->name, t->name) < 0)
		p = &(*p)->next;
	t->next = *p;
	*p = t;
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stdout, "#   %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	failed_now++;
}

void test_skip(const char *why)
{
	skipped_now = 1;
	snprintf(skip_reason, sizeof(skip_reason), "%s", why);
}

const char *test_shared_data(void)
{
	static const char *const cands[] = {"../shared/data", "../../shared/data"};
	const char *env = getenv("TREUE_SHARED_DATA");
	struct stat st;
	if (env && stat(env, &st) == 0)
		return env;
	for (size_t i = 0; i < sizeof(cands) / sizeof(cands[0]); i++)
		if (stat(cands[i], &st) == 0 && S_ISDIR(st.st_mode))
			return cands[i];
	return NULL;
}

static void rm_tmpdir(void)
{
	char cmd[300];
	if (!tmpdir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

const char *test_tmpdir(void)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/treue-unit-XXXXXX");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(1);
		}
		atexit(rm_tmpdir);
	}
	return tmpdir;
}

int main(int argc, char **argv)
{
	int n = 0, passed = 0, failed = 0, skipped = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (struct test_case *t = tests; t; t = t->next) {
		if (argc > 1 && !strstr(t->name, argv[1]))
			continue;
		failed_now = 0;
		skipped_now = 0;
		t->fn();
		n++;
		if (failed_now) {
			printf("not ok %d - %s\n", n, t->name);
			failed++;
		} else if (skipped_now) {
			printf("ok %d - %s # skip %s\n", n, t->name, skip_reason);
			skipped++;
		} else {
			printf("ok %d - %s\n", n, t->name);
			passed++;
		}
	}
	printf("unit: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
