/*
 * runner.c — runs every TEST registered by the linked test files, in name
 * order, optionally only those whose name contains one of the arguments;
 * where the tests keep their databases (test_db).
 */
#include <ctype.h>
#include <libpq-fe.h>
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

/* The databases test_db made on the server, dropped at exit. */
static char made_db[64][64];
static int nmade_db;

static void drop_dbs(void)
{
	PGconn *c = PQconnectdb(getenv("TREUE_TEST_PG"));
	for (int i = 0; PQstatus(c) == CONNECTION_OK && i < nmade_db; i++) {
		char sql[128];
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", made_db[i]);
		PQclear(PQexec(c, sql));
	}
	PQfinish(c);
}

int test_pg(void)
{
	const char *url = getenv("TREUE_TEST_PG");
	return url && *url;
}

const char *test_db(const char *name, char *buf, size_t n)
{
	static int made;
	if (!test_pg()) {
		snprintf(buf, n, "%s/%s.db", test_tmpdir(), name);
		remove(buf);
		return buf;
	}
	const char *url = getenv("TREUE_TEST_PG");
	char db[64], sql[128];
	int k = snprintf(db, sizeof(db), "u%ld_%d_", (long)getpid(), ++made);
	for (const char *p = name; *p && k < (int)sizeof(db) - 1; p++)
		db[k++] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
	db[k] = '\0';
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db);
	PGconn *c = PQconnectdb(url);
	PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		test_fail(__FILE__, __LINE__, "%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	if (nmade_db < (int)(sizeof(made_db) / sizeof(made_db[0]))) {
		if (!nmade_db)
			atexit(drop_dbs);
		snprintf(made_db[nmade_db++], sizeof(made_db[0]), "%s", db);
	}
	snprintf(buf, n, "%s%sdbname=%s", url, strchr(url, '?') ? "&" : "?", db);
	return buf;
}

int main(int argc, char **argv)
{
	int n = 0, passed = 0, failed = 0, skipped = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (struct test_case *t = tests; t; t = t->next) {
		int match = argc < 2;
		for (int a = 1; a < argc && !match; a++)
			match = strstr(t->name, argv[a]) != NULL;
		if (!match)
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
