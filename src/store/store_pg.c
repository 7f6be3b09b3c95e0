/*
 * store_pg.c — the PostgreSQL backend of the store (struct store_backend),
 * through libpq: the connection (a postgresql:// URL and the PG*
 * environment, as libpq reads them; the password never in a message),
 * the migrations of schema_pg.c, transactions, the statement table in
 * PostgreSQL's form (written out in stmt_pg.def where needed, else
 * translated here from the SQLite text: see the rules there), prepared
 * once per connection, parameters sent as text.  A standby opens read
 * only; a connection the server dropped is made again between
 * transactions.
 *
 * Transactions: a write transaction is READ COMMITTED and first takes a
 * per-database advisory lock, so writers run one at a time as on SQLite
 * (a writer sees everything committed before it got the lock; ids are the
 * largest plus one without a race); a write outside a transaction gets
 * one of its own.  A read transaction is REPEATABLE READ, READ ONLY: every
 * query until its end sees one snapshot.  Statements marked PG_STREAM
 * (the dataset loader, treue migrate) read their rows inside such a
 * transaction through a binary cursor, 50,000 rows per fetch.
 *
 * COPY: a statement whose PostgreSQL form is a COPY ... FROM STDIN (the
 * copy of treue migrate) collects its rows as COPY text and sends them in
 * one stream when enough are collected, before any other command of the
 * connection, and at commit; the orders batch (store_pg_orders.c) stages
 * its rows the same way, sent when enough are there and at its end.
 *
 * Change notices: LISTEN treue_data_version, and a wait on the socket.
 */
#include <endian.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store_pg.h"

#define FETCH_ROWS "50000"
#define COPY_FLUSH (4u << 20) /* bytes of COPY text sent at once */

static struct pg *conn(struct store *st)
{
	return st->conn;
}

static struct pg_stmt *ps_of(struct stmt *s)
{
	return (struct pg_stmt *)s;
}

/* ---- messages ---- */

/* The URL without its password: the user name in the authority stays,
 * and the password and sslpassword parameters go. */
static void pg_shown(const char *t, struct strbuf *out)
{
	const char *p = strstr(t, "://");
	if (!p) {
		sb_adds(out, t);
		return;
	}
	p += 3;
	sb_add(out, t, (size_t)(p - t));
	size_t auth = strcspn(p, "/?");
	const char *at = NULL;
	for (const char *q = p; q < p + auth; q++)
		if (*q == '@')
			at = q;
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));
		sb_add(out, p, (size_t)((colon ? colon : at) - p));
		auth -= (size_t)(at - p);
		p = at;
	}
	sb_add(out, p, auth);
	p += auth;
	const char *q = strchr(p, '?');
	if (!q) {
		sb_adds(out, p);
		return;
	}
	sb_add(out, p, (size_t)(q - p));
	int first = 1;
	for (q++; *q;) {
		size_t n = strcspn(q, "&");
		if (!(n >= 9 && !strncmp(q, "password=", 9)) &&
		    !(n >= 12 && !strncmp(q, "sslpassword=", 12)) && n) {
			sb_addch(out, first ? '?' : '&');
			sb_add(out, q, n);
			first = 0;
		}
		q += n;
		if (*q == '&')
			q++;
	}
}

int pg_error(struct store *st, struct err *e, const char *what, const PGresult *r)
{
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
	char buf[400];
	if (!msg) {
		snprintf(buf, sizeof(buf), "%s",
		         conn(st) && conn(st)->c ? PQerrorMessage(conn(st)->c) : "no connection");
		size_t n = strlen(buf);
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
			buf[--n] = '\0';
		msg = buf;
	}
	if (detail)
		return err_set(e, "%s: %s: %s (%s)", st->path, what, msg, detail);
	return err_set(e, "%s: %s: %s", st->path, what, msg);
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* notices (IF NOT EXISTS, ...) are nobody's business */
}

/* ---- plain commands ---- */

static int result_ok(const PGresult *r)
{
	ExecStatusType s = PQresultStatus(r);
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

int pg_exec(struct store *st, const char *sql, struct err *e)
{
	if (pg_flush(st, e))
		return -1;
	PGresult *r = PQexec(conn(st)->c, sql);
	int rc = result_ok(r) ? 0 : pg_error(st, e, "command failed", r);
	PQclear(r);
	return rc;
}

PGresult *pg_query(struct store *st, const char *sql, int n, const char *const *vals, struct err *e)
{
	if (pg_flush(st, e))
		return NULL;
	PGresult *r = PQexecParams(conn(st)->c, sql, n, NULL, vals, NULL, NULL, 0);
	if (!result_ok(r)) {
		pg_error(st, e, "query failed", r);
		PQclear(r);
		return NULL;
	}
	return r;
}

/* ---- COPY ---- */

int pg_copy_send(struct store *st, struct pg_copy *k, struct err *e)
{
	struct pg *c = conn(st);
	if (!k->buf.len)
		return 0;
	PGresult *r = PQexec(c->c, k->sql);
	int rc = 0;
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		rc = pg_error(st, e, "COPY failed", r);
		PQclear(r);
		sb_reset(&k->buf);
		return rc;
	}
	PQclear(r);
	if (PQputCopyData(c->c, k->buf.buf, (int)k->buf.len) != 1 || PQputCopyEnd(c->c, NULL) != 1)
		rc = pg_error(st, e, "COPY failed", NULL);
	while ((r = PQgetResult(c->c))) {
		if (!rc && !result_ok(r))
			rc = pg_error(st, e, "COPY failed", r);
		PQclear(r);
	}
	sb_reset(&k->buf);
	return rc;
}

int pg_flush(struct store *st, struct err *e)
{
	return pg_copy_send(st, &conn(st)->copy, e);
}

int pg_copy_begin(struct store *st, struct pg_copy *k, const char *sql, struct err *e)
{
	if (k->buf.len && k->sql != sql && pg_copy_send(st, k, e))
		return -1;
	k->sql = sql;
	return 0;
}

void pg_copy_text(struct pg_copy *k, int first, const char *v, size_t n)
{
	struct strbuf *sb = &k->buf;
	if (!first)
		sb_addch(sb, '\t');
	if (!v) {
		sb_add(sb, "\\N", 2);
		return;
	}
	if (n == SIZE_MAX)
		n = strlen(v);
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *esc = NULL;
		switch (v[i]) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		sb_add(sb, v + start, i - start);
		sb_add(sb, esc, 2);
		start = i + 1;
	}
	sb_add(sb, v + start, n - start);
}

void pg_copy_int(struct pg_copy *k, int first, int64_t v)
{
	struct strbuf *sb = &k->buf;
	if (!first)
		sb_addch(sb, '\t');
	sb_addf(sb, "%lld", (long long)v);
}

void pg_copy_null(struct pg_copy *k, int first)
{
	pg_copy_text(k, first, NULL, 0);
}

int pg_copy_end(struct store *st, struct pg_copy *k, struct err *e)
{
	sb_addch(&k->buf, '\n');
	return k->buf.len >= COPY_FLUSH ? pg_copy_send(st, k, e) : 0;
}

/* ---- connection and migrations ---- */

static int in_tx(struct store *st)
{
	return PQtransactionStatus(conn(st)->c) != PQTRANS_IDLE;
}

static int64_t first_int(const PGresult *r)
{
	return PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
	                                                 : 0;
}

static int migrate(struct store *st, struct err *e)
{
	struct pg *c = conn(st);
	if (store_migration_count_pg != store_migration_count)
		return err_set(e,
		               "%s: this build has %d PostgreSQL migrations for %d of SQLite "
		               "(src/store/schema_pg.c lags behind schema.c)",
		               st->path, store_migration_count_pg, store_migration_count);
	/* a database of this version needs no lock: readers never wait for
	 * a writer (an import holds the lock until it commits) */
	PGresult *q = PQexec(c->c, "SELECT coalesce(max(version), 0) FROM treue_migration");
	int current = result_ok(q) && first_int(q) == store_migration_count;
	PQclear(q);
	if (current)
		return 0;
	for (;;) {
		PGresult *r = PQexec(
		    c->c, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ");"
		          "CREATE TABLE IF NOT EXISTS treue_migration(version integer PRIMARY KEY,"
		          " applied_at timestamptz NOT NULL DEFAULT now());"
		          "SELECT coalesce(max(version), 0) FROM treue_migration");
		if (!result_ok(r)) {
			pg_error(st, e, "reading the schema version", r);
			PQclear(r);
			PQclear(PQexec(c->c, "ROLLBACK"));
			return -1;
		}
		int v = (int)first_int(r);
		PQclear(r);
		if (v > store_migration_count) {
			PQclear(PQexec(c->c, "ROLLBACK"));
			return err_set(
			    e,
			    L(e->lang,
			      "%s: the database was written by a newer treue (schema %d, "
			      "this one knows %d)",
			      "%s: die Datenbank stammt von einem neueren treue (Schema "
			      "%d, dieses kennt %d)"),
			    st->path, v, store_migration_count);
		}
		if (v == store_migration_count)
			return pg_exec(st, "COMMIT", e);
		char num[16];
		const char *vals[] = {num};
		snprintf(num, sizeof(num), "%d", v + 1);
		if (pg_exec(st, store_migrations_pg[v], e) ||
		    !(r = pg_query(st, "INSERT INTO treue_migration(version) VALUES($1)", 1, vals,
		                   e))) {
			PQclear(PQexec(c->c, "ROLLBACK"));
			return -1;
		}
		PQclear(r);
		if (pg_exec(st, "COMMIT", e))
			return -1;
	}
}

static int pg_open(struct store *st, int readonly, struct err *e)
{
	struct pg *c = xcalloc(1, sizeof(*c));
	static const char *const keys[] = {"dbname", "fallback_application_name", "client_encoding",
	                                   NULL};
	const char *vals[] = {st->target, "treue", "UTF8", NULL};
	st->conn = c;
	c->readonly = readonly;
	sb_init(&c->copy.buf);
	sb_init(&c->stage.buf);
	c->c = PQconnectdbParams(keys, vals, 1);
	if (!c->c || PQstatus(c->c) != CONNECTION_OK)
		return pg_error(
		    st, e, L(e->lang, "cannot connect", "keine Verbindung zur Datenbank"), NULL);
	PQsetNoticeProcessor(c->c, quiet, NULL);
	/* treue's queries are scans and lookups: compiling them does not pay */
	if (pg_exec(st, "SET jit = off", e))
		return -1;
	/* a standby (hot standby, a replica) serves reads: opened as read only,
	 * its writes refused with a message that says where they go */
	PGresult *r = PQexec(c->c, "SELECT pg_is_in_recovery()");
	c->standby = result_ok(r) && PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (c->standby)
		c->readonly = readonly = 1;
	if (!readonly)
		return migrate(st, e);
	r = PQexec(c->c, "SELECT coalesce(max(version), 0) FROM treue_migration");
	int ok = result_ok(r) && first_int(r) == store_migration_count;
	PQclear(r);
	if (!ok)
		return err_set(e,
		               L(e->lang, "%s: not a treue database of this version",
		                 "%s: keine treue-Datenbank dieser Version"),
		               st->path);
	return pg_exec(st, "SET default_transaction_read_only = on", e);
}

static void stmt_free(struct pg_stmt *ps)
{
	PQclear(ps->res);
	for (int i = 0; ps->par && i < ps->nparams; i++)
		free(ps->par[i].heap);
	free(ps->par);
	free(ps->sql);
	free(ps->declare);
	memset(ps, 0, sizeof(*ps));
}

static void pg_close(struct store *st)
{
	struct pg *c = conn(st);
	if (!c)
		return;
	for (int i = 0; i < ST__COUNT; i++)
		stmt_free(&c->stmts[i]);
	sb_release(&c->copy.buf);
	sb_release(&c->stage.buf);
	PQfinish(c->c);
	free(c);
	st->conn = NULL;
}

/* A connection the server dropped is made again between transactions;
 * its prepared statements are gone with it. */
static void revive(struct store *st)
{
	struct pg *c = conn(st);
	if (PQstatus(c->c) == CONNECTION_OK)
		return;
	PQreset(c->c);
	if (PQstatus(c->c) != CONNECTION_OK)
		return;
	PQclear(PQexec(c->c, "SET jit = off"));
	if (c->readonly)
		PQclear(PQexec(c->c, "SET default_transaction_read_only = on"));
	if (c->listening)
		PQclear(PQexec(c->c, "LISTEN treue_data_version"));
	for (int i = 0; i < ST__COUNT; i++) {
		c->stmts[i].prepared = 0;
		c->stmts[i].cursor = 0;
	}
}

/* ---- transactions ---- */

int pg_table_key(const char *name, size_t n)
{
	int key = (int)(hash64(name, n, 0) & 0x3fffffff);
	return key ? key : 1;
}

int pg_lock_table(struct store *st, int key, struct err *e)
{
	struct pg *c = conn(st);
	if (c->locked_tx != c->tx) {
		c->locked_tx = c->tx;
		c->nlocked = 0;
	}
	for (int i = 0; i < c->nlocked; i++)
		if (c->locked[i] == key)
			return 0;
	char num[16];
	const char *vals[] = {num};
	snprintf(num, sizeof(num), "%d", key);
	PGresult *r = pg_query(st, "SELECT pg_advisory_xact_lock(" PG_TABLE_LOCK ", $1::integer)",
	                       1, vals, e);
	if (!r)
		return -1;
	PQclear(r);
	if (c->nlocked < (int)ARRAY_SIZE(c->locked))
		c->locked[c->nlocked++] = key;
	return 0;
}

static void pg_rollback(struct store *st);

static int standby_refuses(struct store *st, struct err *e)
{
	return err_set(e,
	               L(e->lang,
	                 "%s is a standby server (read only): changes go to the primary "
	                 "(target_session_attrs=read-write in the URL finds it)",
	                 "%s ist ein Standby-Server (nur lesend): Änderungen gehen an den Primary "
	                 "(target_session_attrs=read-write in der URL findet ihn)"),
	               st->path);
}

static int pg_begin(struct store *st, int write, struct err *e)
{
	struct pg *c = conn(st);
	if (in_tx(st))
		return err_set(e, "%s: cannot start a transaction within a transaction", st->path);
	revive(st);
	c->tx++;
	if (write && c->standby)
		return standby_refuses(st, e);
	if (!write && c->snapshot[0]) {
		/* the snapshot of the transaction that opened this reader: an id
		 * the server made (hex digits and dashes), checked before it is
		 * written into the command, which takes no parameters */
		struct strbuf sql = STRBUF_INIT;
		int ok = strspn(c->snapshot, "0123456789ABCDEF-") == strlen(c->snapshot);
		sb_addf(&sql,
		        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT "
		        "'%s'",
		        ok ? c->snapshot : "");
		c->snapshot[0] = '\0';
		int rc = ok ? pg_exec(st, sql.buf, e) : -1;
		sb_release(&sql);
		if (rc == 0)
			return 0;
		pg_rollback(st); /* the exporting transaction has ended: a snapshot of its own */
	}
	return pg_exec(st,
	               write ? "BEGIN ISOLATION LEVEL READ COMMITTED;"
	                       "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")"
	                     : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	               e);
}

static void pg_share_snapshot(struct store *from, struct store *to)
{
	if (!in_tx(from))
		return;
	PGresult *r = PQexec(conn(from)->c, "SELECT pg_export_snapshot()");
	if (result_ok(r) && PQntuples(r) == 1)
		snprintf(conn(to)->snapshot, sizeof(conn(to)->snapshot), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
}

static void after_commit(struct store *st)
{
	struct pg *c = conn(st);
	if (!c->vacuum_after)
		return;
	c->vacuum_after = 0;
	/* many new orders: the visibility map lets the loader read the order
	 * index alone, the statistics keep the plans right; a failure only
	 * costs speed */
	PQclear(PQexec(c->c, "VACUUM (ANALYZE) orders, customer"));
}

static int pg_commit(struct store *st, struct err *e)
{
	struct pg *c = conn(st);
	if (pg_flush(st, e))
		return -1;
	PGresult *r = PQexec(c->c, "COMMIT");
	int rc = 0;
	if (!result_ok(r))
		rc = pg_error(st, e, "commit failed", r);
	else if (strcmp(PQcmdStatus(r), "COMMIT"))
		rc = err_set(e, "%s: commit failed: the transaction was rolled back", st->path);
	PQclear(r);
	if (!rc)
		after_commit(st);
	return rc;
}

static void pg_rollback(struct store *st)
{
	struct pg *c = conn(st);
	sb_reset(&c->copy.buf);
	sb_reset(&c->stage.buf);
	c->vacuum_after = 0;
	if (in_tx(st))
		PQclear(PQexec(c->c, "ROLLBACK"));
}

/* ---- statements ---- */

static int table_has_id(const char *name, size_t n)
{
	static const char *const none[] = {"setting", "meta", "treue_migration"};
	for (size_t i = 0; i < ARRAY_SIZE(none); i++)
		if (strlen(none[i]) == n && !strncmp(name, none[i], n))
			return 0;
	return 1;
}

static int starts(const char *s, const char *word)
{
	size_t n = strlen(word);
	return !strncasecmp(s, word, n) && (s[n] == ' ' || s[n] == '\n' || s[n] == '(');
}

/* "id" among the comma-separated column names of cols[0, n)? */
static int names_id(const char *cols, size_t n)
{
	for (size_t i = 0; i < n;) {
		while (i < n && (cols[i] == ' ' || cols[i] == ','))
			i++;
		size_t j = i;
		while (j < n && cols[j] != ',' && cols[j] != ' ')
			j++;
		if (j - i == 2 && !strncmp(cols + i, "id", 2))
			return 1;
		i = j;
	}
	return 0;
}

/* An INSERT ... VALUES into a table with ids gets the id SQLite would
 * give — the largest plus one, read in the same statement (writers hold
 * the write lock) — and returns it: INSERT INTO t(id, a) VALUES((SELECT
 * coalesce(max(id), 0) + 1 FROM t), $1) ... RETURNING id. */
static void with_id(struct strbuf *sb)
{
	const char *p = sb->buf, *t, *open, *close, *vals;
	while (*p == ' ')
		p++;
	if (!starts(p, "INSERT") || !(t = strstr(p, "INTO ")))
		return;
	t += 5;
	size_t n = strcspn(t, " (");
	if (!table_has_id(t, n))
		return;
	struct strbuf out = STRBUF_INIT;
	if ((open = strchr(t, '(')) && (close = strchr(open, ')')) &&
	    !names_id(open + 1, (size_t)(close - open - 1)) && (vals = strstr(close, "VALUES(")) &&
	    !strstr(close, "SELECT")) {
		vals += 7;
		sb_add(&out, sb->buf, (size_t)(open + 1 - sb->buf));
		sb_adds(&out, "id, ");
		sb_add(&out, open + 1, (size_t)(vals - open - 1));
		sb_adds(&out, "(SELECT coalesce(max(id), 0) + 1 FROM ");
		sb_add(&out, t, n);
		sb_adds(&out, "), ");
		sb_adds(&out, vals);
	} else {
		sb_adds(&out, sb->buf);
	}
	if (!strstr(out.buf, "RETURNING"))
		sb_adds(&out, " RETURNING id");
	sb_release(sb);
	*sb = out;
}

/* PostgreSQL takes a parameter's type from its first use, and `$1 IS
 * NULL` tells none: every "($N IS NULL OR e)" becomes "(e OR $N IS NULL)",
 * where e names the type. */
static void null_tests_last(struct strbuf *sb)
{
	for (size_t from = 0;;) {
		char *p = strstr(sb->buf + from, "($");
		if (!p)
			return;
		from = (size_t)(p - sb->buf) + 2;
		size_t digits = strspn(p + 2, "0123456789");
		static const char test[] = " IS NULL OR ";
		if (!digits || strncmp(p + 2 + digits, test, sizeof(test) - 1))
			continue;
		const char *e = p + 2 + digits + sizeof(test) - 1, *q = e;
		int depth = 0;
		for (; *q && (depth || *q != ')'); q++)
			depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
		if (!*q)
			return;
		struct strbuf out = STRBUF_INIT;
		sb_add(&out, sb->buf, (size_t)(p - sb->buf) + 1);
		sb_add(&out, e, (size_t)(q - e));
		sb_adds(&out, " OR ");
		sb_add(&out, p + 1, digits + 1);
		sb_adds(&out, " IS NULL");
		sb_adds(&out, q);
		sb_release(sb);
		*sb = out;
	}
}

/* Replaces every `from` in sb by `to`. */
static void replace_all(struct strbuf *sb, const char *from, const char *to)
{
	size_t n = strlen(from);
	struct strbuf out = STRBUF_INIT;
	const char *p = sb->buf, *q;
	if (!strstr(p, from))
		return;
	while ((q = strstr(p, from))) {
		sb_add(&out, p, (size_t)(q - p));
		sb_adds(&out, to);
		p = q + n;
	}
	sb_adds(&out, p);
	sb_release(sb);
	*sb = out;
}

/* Drops " INDEXED BY name": PostgreSQL's planner picks the index. */
static void drop_indexed_by(struct strbuf *sb)
{
	char *p;
	while ((p = strstr(sb->buf, " INDEXED BY "))) {
		char *end = p + 12;
		end += strcspn(end, " ");
		memmove(p, end, strlen(end) + 1);
		sb->len = strlen(sb->buf);
	}
}

/* The SQLite text in PostgreSQL's words (stmt_pg.def says which rules):
 * $N for ?N and for a bare ? the number SQLite gives it (outside string
 * literals), the NULL tests after the values,
 * INSERT OR IGNORE as ON CONFLICT DO NOTHING, INSERT OR ROLLBACK as a
 * plain INSERT, SQLite's UTC time as
 * PostgreSQL writes it, no INDEXED BY, the largest id for the largest
 * rowid. */
static void translate(struct strbuf *sb, const char *sqlite)
{
	int quote = 0, last = 0; /* the largest parameter number so far */
	for (const char *p = sqlite; *p; p++) {
		if (*p == '\'')
			quote = !quote;
		if (quote || *p != '?') {
			sb_addch(sb, *p);
		} else if (p[1] >= '0' && p[1] <= '9') {
			int n = atoi(p + 1);
			if (n > last)
				last = n;
			sb_addch(sb, '$');
		} else { /* a bare ?: SQLite numbers it one above the largest so far */
			sb_addf(sb, "$%d", ++last);
		}
	}
	null_tests_last(sb);
	/* a failed statement ends the transaction on PostgreSQL anyway */
	replace_all(sb, "INSERT OR ROLLBACK INTO ", "INSERT INTO ");
	if (strstr(sb->buf, "INSERT OR IGNORE INTO ")) {
		replace_all(sb, "INSERT OR IGNORE INTO ", "INSERT INTO ");
		sb_adds(sb, " ON CONFLICT DO NOTHING");
	}
	replace_all(sb, "strftime('%Y-%m-%dT%H:%M:%SZ','now')", PG_NOW);
	replace_all(sb, "max(rowid)", "max(id)");
	drop_indexed_by(sb);
}

/* The statement's PostgreSQL text: its own form, or the SQLite text
 * translated; ids as with_id gives them. */
static char *pg_text(const char *own, const char *sqlite)
{
	struct strbuf sb = STRBUF_INIT;
	if (own)
		sb_adds(&sb, own);
	else
		translate(&sb, sqlite);
	with_id(&sb);
	return sb_detach(&sb);
}

/* The columns a COPY ... (a, b, c) FROM STDIN names: its parameters. */
static int copy_columns(const char *sql)
{
	const char *open = strchr(sql, '('), *close = open ? strchr(open, ')') : NULL;
	int n = open && close ? 1 : 0;
	for (const char *p = open; p && p < close; p++)
		n += *p == ',';
	return n;
}

static int max_param(const char *sql)
{
	int max = 0, quote = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'')
			quote = !quote;
		if (!quote && *p == '$' && p[1] >= '0' && p[1] <= '9') {
			int n = atoi(p + 1);
			if (n > max)
				max = n;
		}
	}
	return max;
}

static void stmt_init(struct store *st, struct pg_stmt *ps, enum db_stmt id)
{
	const struct pg_form *f = &store_sql_pg[id];
	ps->base.st = st;
	ps->base.id = id;
	ps->sql = pg_text(f->sql, store_sql[id]);
	ps->flags = f->flags;
	const char *p = ps->sql;
	while (*p == ' ')
		p++;
	ps->copy = starts(p, "COPY");
	ps->nparams = ps->copy ? copy_columns(ps->sql) : max_param(ps->sql);
	ps->par = xcalloc((size_t)ps->nparams + 1, sizeof(*ps->par));
	ps->write = ps->copy || starts(p, "INSERT") || starts(p, "UPDATE") || starts(p, "DELETE");
	if (ps->copy || starts(p, "INSERT")) {
		const char *t = strstr(p, ps->copy ? "COPY " : "INTO ");
		if (t) {
			t += 5;
			size_t n = strcspn(t, " (");
			if (table_has_id(t, n))
				ps->table_lock = pg_table_key(t, n);
		}
	}
	if (ps->flags & PG_STREAM) {
		struct strbuf d = STRBUF_INIT;
		sb_addf(&d, "DECLARE tc%d BINARY NO SCROLL CURSOR FOR %s", (int)id, ps->sql);
		ps->declare = sb_detach(&d);
	}
}

static void close_cursor(struct pg_stmt *ps)
{
	struct store *st = ps->base.st;
	struct pg *c = conn(st);
	if (ps->cursor && ps->cursor_tx == c->tx && PQtransactionStatus(c->c) == PQTRANS_INTRANS) {
		char sql[32];
		snprintf(sql, sizeof(sql), "CLOSE tc%d", (int)ps->base.id);
		PQclear(PQexec(c->c, sql));
	}
	ps->cursor = 0;
}

static void pg_reset(struct stmt *s)
{
	struct pg_stmt *ps = ps_of(s);
	close_cursor(ps);
	PQclear(ps->res);
	ps->res = NULL;
	ps->ran = 0;
	ps->row = ps->nrows = 0;
}

static struct stmt *pg_prepare(struct store *st, enum db_stmt id)
{
	struct pg_stmt *ps = &conn(st)->stmts[id];
	if (!ps->sql)
		stmt_init(st, ps, id);
	else
		pg_reset(&ps->base);
	for (int i = 0; i < ps->nparams; i++)
		ps->par[i].v = NULL;
	return &ps->base;
}

static struct pg_param *param(struct stmt *s, int idx)
{
	struct pg_stmt *ps = ps_of(s);
	return idx >= 1 && idx <= ps->nparams ? &ps->par[idx - 1] : NULL;
}

static void pg_bind_int(struct stmt *s, int idx, int64_t v)
{
	struct pg_param *p = param(s, idx);
	if (!p)
		return;
	snprintf(p->num, sizeof(p->num), "%lld", (long long)v);
	p->v = p->num;
}

static void pg_bind_text(struct stmt *s, int idx, const char *v, size_t n, int kept)
{
	(void)kept; /* copied: sent as the statement runs, from its own buffer */
	struct pg_param *p = param(s, idx);
	if (!p)
		return;
	if (n == SIZE_MAX)
		n = strlen(v);
	if (p->cap < n + 1) {
		p->cap = n + 1 > 64 ? n + 1 : 64;
		p->heap = xrealloc(p->heap, p->cap);
	}
	memcpy(p->heap, v, n);
	p->heap[n] = '\0';
	p->v = p->heap;
}

static void pg_bind_double(struct stmt *s, int idx, double v)
{
	struct pg_param *p = param(s, idx);
	if (!p)
		return;
	snprintf(p->num, sizeof(p->num), "%.17g", v);
	p->v = p->num;
}

static void pg_bind_null(struct stmt *s, int idx)
{
	struct pg_param *p = param(s, idx);
	if (p)
		p->v = NULL;
}

static int prepare_now(struct pg_stmt *ps, struct err *e)
{
	struct store *st = ps->base.st;
	char name[16];
	snprintf(name, sizeof(name), "t%d", (int)ps->base.id);
	/* a parameter the text does not use (lists share their numbering)
	 * is text; the server infers the others */
	Oid types[ps->nparams + 1];
	for (int i = 0; i < ps->nparams; i++) {
		char ref[16];
		snprintf(ref, sizeof(ref), "$%d", i + 1);
		const char *at = ps->sql;
		int used = 0;
		while (!used && (at = strstr(at, ref))) {
			at += strlen(ref);
			used = *at < '0' || *at > '9';
		}
		types[i] = used ? 0 : 25;
	}
	PGresult *r = PQprepare(conn(st)->c, name, ps->sql, ps->nparams, types);
	int ok = result_ok(r);
	if (!ok) {
		char what[64];
		snprintf(what, sizeof(what), "internal statement %d does not prepare",
		         (int)ps->base.id);
		pg_error(st, e, what, r);
	}
	PQclear(r);
	ps->prepared = ok;
	return ok ? 0 : -1;
}

static int pg_check(struct store *st, enum db_stmt id, struct err *e)
{
	struct pg_stmt *ps = (struct pg_stmt *)pg_prepare(st, id);
	if (pg_flush(st, e))
		return -1;
	ps->prepared = 0;
	char name[16];
	snprintf(name, sizeof(name), "t%d", (int)id);
	/* a statement prepared before goes first: the name is taken */
	struct strbuf sql = STRBUF_INIT;
	sb_addf(&sql, "DEALLOCATE %s", name);
	PQclear(PQexec(conn(st)->c, sql.buf));
	sb_release(&sql);
	if (ps->copy) {
		/* COPY does not prepare: the server checks it when it starts */
		PGresult *r = PQexec(conn(st)->c, ps->sql);
		int ok = PQresultStatus(r) == PGRES_COPY_IN;
		PQclear(r);
		if (ok) {
			PQputCopyEnd(conn(st)->c, "checked only");
			while ((r = PQgetResult(conn(st)->c)))
				PQclear(r);
			return 0;
		}
		return pg_error(st, e, "a COPY statement does not start", NULL);
	}
	return prepare_now(ps, e);
}

/* A COPY statement's run: its bound values become one row of the stream. */
static int copy_row(struct pg_stmt *ps, struct err *e)
{
	struct store *st = ps->base.st;
	struct pg_copy *k = &conn(st)->copy;
	if (pg_copy_begin(st, k, ps->sql, e))
		return -1;
	for (int i = 0; i < ps->nparams; i++)
		pg_copy_text(k, i == 0, ps->par[i].v, SIZE_MAX);
	return pg_copy_end(st, k, e);
}

static int fetch(struct pg_stmt *ps, struct err *e)
{
	struct store *st = ps->base.st;
	char sql[48];
	snprintf(sql, sizeof(sql), "FETCH FORWARD " FETCH_ROWS " FROM tc%d", (int)ps->base.id);
	PQclear(ps->res);
	ps->res = PQexec(conn(st)->c, sql);
	if (!result_ok(ps->res)) {
		pg_error(st, e, "query failed", ps->res);
		ps->cursor = 0;
		return -1;
	}
	ps->binary = 1;
	ps->row = -1;
	ps->nrows = PQntuples(ps->res);
	return 0;
}

/* Runs the statement with its bindings: ps->res holds its (first) rows. */
static int run(struct pg_stmt *ps, struct err *e)
{
	struct store *st = ps->base.st;
	struct pg *c = conn(st);
	const char *vals[ps->nparams + 1];
	int own_tx = 0, rc = 0;
	if (ps->copy && in_tx(st))
		return (ps->table_lock && pg_lock_table(st, ps->table_lock, e)) ? -1
		                                                                : copy_row(ps, e);
	if (pg_flush(st, e))
		return -1;
	if (!in_tx(st))
		revive(st);
	if (!ps->prepared && prepare_now(ps, e))
		return -1;
	for (int i = 0; i < ps->nparams; i++)
		vals[i] = ps->par[i].v;
	if (ps->write && c->standby)
		return standby_refuses(st, e);
	/* a write outside a transaction: one of its own, with its table's lock
	 * when it draws an id (not the write lock: a login or a cached fit
	 * does not wait for an import) */
	if (ps->write && !in_tx(st)) {
		c->tx++;
		if (pg_exec(st, "BEGIN ISOLATION LEVEL READ COMMITTED", e))
			return -1;
		own_tx = 1;
	}
	if (ps->table_lock && pg_lock_table(st, ps->table_lock, e)) {
		if (own_tx)
			pg_rollback(st);
		return -1;
	}
	if (ps->copy) {
		rc = copy_row(ps, e);
	} else if ((ps->flags & PG_STREAM) && in_tx(st)) {
		PGresult *r =
		    PQexecParams(c->c, ps->declare, ps->nparams, NULL, vals, NULL, NULL, 0);
		if (!result_ok(r))
			rc = pg_error(st, e, "query failed", r);
		PQclear(r);
		if (!rc) {
			ps->cursor = 1;
			ps->cursor_tx = c->tx;
			rc = fetch(ps, e);
		}
	} else {
		char name[16];
		snprintf(name, sizeof(name), "t%d", (int)ps->base.id);
		PQclear(ps->res);
		ps->res = PQexecPrepared(c->c, name, ps->nparams, vals, NULL, NULL, 0);
		ps->binary = 0;
		ps->row = -1;
		ps->nrows = 0;
		if (!result_ok(ps->res))
			rc = pg_error(st, e, ps->write ? "statement failed" : "query failed",
			              ps->res);
		else
			ps->nrows = PQntuples(ps->res);
	}
	if (own_tx) {
		if (rc)
			pg_rollback(st);
		else
			rc = pg_commit(st, e);
	}
	ps->ran = 1;
	return rc;
}

static int pg_step(struct stmt *s, struct err *e)
{
	struct pg_stmt *ps = ps_of(s);
	if (!ps->ran) {
		if (run(ps, e))
			return -1;
		if (!ps->res)
			return 0; /* a COPY row */
	}
	if (ps->row + 1 < ps->nrows) {
		ps->row++;
		return 1;
	}
	if (ps->cursor && ps->nrows > 0) {
		if (fetch(ps, e))
			return -1;
		if (ps->nrows > 0) {
			ps->row = 0;
			return 1;
		}
	}
	close_cursor(ps);
	return 0;
}

static int64_t bin_int(const char *v, int len)
{
	uint64_t x8;
	uint32_t x4;
	uint16_t x2;
	switch (len) {
	case 8: memcpy(&x8, v, 8); return (int64_t)be64toh(x8);
	case 4: memcpy(&x4, v, 4); return (int32_t)be32toh(x4);
	case 2: memcpy(&x2, v, 2); return (int16_t)be16toh(x2);
	case 1: return (unsigned char)v[0];
	default: return 0;
	}
}

#define BOOL_OID 16
#define FLOAT8_OID 701

static int64_t pg_col_int(struct stmt *s, int col)
{
	struct pg_stmt *ps = ps_of(s);
	if (!ps->res || ps->row < 0 || PQgetisnull(ps->res, ps->row, col))
		return 0;
	const char *v = PQgetvalue(ps->res, ps->row, col);
	if (ps->binary)
		return bin_int(v, PQgetlength(ps->res, ps->row, col));
	if (PQftype(ps->res, col) == BOOL_OID)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static double pg_col_double(struct stmt *s, int col)
{
	struct pg_stmt *ps = ps_of(s);
	if (!ps->res || ps->row < 0 || PQgetisnull(ps->res, ps->row, col))
		return 0;
	const char *v = PQgetvalue(ps->res, ps->row, col);
	if (!ps->binary)
		return strtod(v, NULL);
	if (PQftype(ps->res, col) == FLOAT8_OID) {
		uint64_t x;
		double d;
		memcpy(&x, v, 8);
		x = be64toh(x);
		memcpy(&d, &x, 8);
		return d;
	}
	return (double)bin_int(v, PQgetlength(ps->res, ps->row, col));
}

static const char *pg_col_text(struct stmt *s, int col)
{
	struct pg_stmt *ps = ps_of(s);
	if (!ps->res || ps->row < 0 || PQgetisnull(ps->res, ps->row, col))
		return NULL;
	return PQgetvalue(ps->res, ps->row, col);
}

static int pg_col_isnull(struct stmt *s, int col)
{
	struct pg_stmt *ps = ps_of(s);
	return !ps->res || ps->row < 0 || PQgetisnull(ps->res, ps->row, col);
}

/* An INSERT returns the new row's id (RETURNING id), or nothing when it
 * skipped a row that was there. */
static int pg_insert(struct stmt *s, int64_t *id, struct err *e)
{
	struct pg_stmt *ps = ps_of(s);
	int rc = run(ps, e);
	int n = 0;
	if (!rc && ps->copy)
		n = 1;
	else if (!rc && ps->res && PQntuples(ps->res) > 0) {
		n = 1;
		if (id)
			*id = strtoll(PQgetvalue(ps->res, 0, 0), NULL, 10);
	} else if (!rc && ps->res)
		n = atoi(PQcmdTuples(ps->res)) > 0;
	pg_reset(s);
	return rc ? -1 : n;
}

static int pg_exec_count(struct stmt *s, int64_t *rows, struct err *e)
{
	struct pg_stmt *ps = ps_of(s);
	int rc = run(ps, e);
	*rows = rc ? 0 : ps->copy ? 1 : ps->res ? strtoll(PQcmdTuples(ps->res), NULL, 10) : 0;
	pg_reset(s);
	return rc ? -1 : 0;
}

static void pg_bulk_writes(struct store *st, int alone)
{
	(void)alone; /* a server database is never held alone */
	/* the merge of a large batch sorts and hashes in memory; a failure
	 * only costs speed */
	struct err ignored = {0};
	pg_exec(st, "SET work_mem = '256MB'", &ignored);
}

/* Erase: the rows erase changed keep their old versions until VACUUM
 * removes them.  The tables with personal texts are rewritten into new
 * files (VACUUM FULL; they are small beside the orders) and their
 * statistics, which hold sample values, computed anew (ANALYZE); orders
 * and referrals (numbers and keys) are vacuumed in place; the statistics'
 * own old rows go with a rewrite of pg_statistic, which needs the owner of
 * the database (else the server skips it with a warning).  What stays
 * until the server recycles it: the write-ahead log (docs/SCALE.md). */
static int pg_purge_deleted(struct store *st, struct err *e)
{
	static const char *const steps[] = {
	    "VACUUM (FULL, ANALYZE) customer, survey, dialog, promise, complaint, story, "
	    "departure, audit",
	    "VACUUM orders, referral",
	    "VACUUM (FULL) pg_statistic",
	};
	if (in_tx(st))
		return err_set(e, "%s: VACUUM cannot run inside a transaction", st->path);
	/* each on its own: VACUUM refuses to run in a transaction block */
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (pg_exec(st, steps[i], e))
			return -1;
	return 0;
}

/* A server's files are never the output of a command. */
static int pg_owns_file(const char *path, uint64_t dev, uint64_t ino)
{
	(void)path, (void)dev, (void)ino;
	return 0;
}

/* ---- change notices ---- */

static int pg_listen(struct store *st, struct err *e)
{
	struct pg *c = conn(st);
	if (c->listening)
		return 0;
	if (in_tx(st))
		return err_set(e, "%s: LISTEN waits for the end of the transaction", st->path);
	if (pg_exec(st, "LISTEN treue_data_version", e))
		return -1;
	c->listening = 1;
	return 0;
}

static int drain(struct pg *c)
{
	PGnotify *n;
	int got = 0;
	while ((n = PQnotifies(c->c))) {
		got = 1;
		PQfreemem(n);
	}
	return got;
}

static int pg_wait_notice(struct store *st, int timeout_ms, struct err *e)
{
	struct pg *c = conn(st);
	if (!PQconsumeInput(c->c))
		return pg_error(st, e, "waiting for changes", NULL);
	if (drain(c))
		return 1;
	struct pollfd p = {.fd = PQsocket(c->c), .events = POLLIN};
	if (p.fd < 0)
		return pg_error(st, e, "waiting for changes", NULL);
	if (poll(&p, 1, timeout_ms) > 0 && !PQconsumeInput(c->c))
		return pg_error(st, e, "waiting for changes", NULL);
	return drain(c);
}

const struct store_backend store_pg_backend = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_double = pg_bind_double,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .reset = pg_reset,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_isnull = pg_col_isnull,
    .insert = pg_insert,
    .exec_count = pg_exec_count,
    .bulk_writes = pg_bulk_writes,
    .purge_deleted = pg_purge_deleted,
    .in_transaction = in_tx,
    .owns_file = pg_owns_file,
    .check = pg_check,
    .shown = pg_shown,
    .orders_begin = pg_orders_begin,
    .orders_put = pg_orders_put,
    .orders_end = pg_orders_end,
    .orders_abort = pg_orders_abort,
    .share_snapshot = pg_share_snapshot,
    .listen = pg_listen,
    .wait_notice = pg_wait_notice,
};
