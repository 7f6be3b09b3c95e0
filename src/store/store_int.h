/*
 * store_int.h — what the store's own files share, not for use outside
 * src/store/: the backend table, the parts of a connection that every
 * backend has in common, the migrations and the statement texts.
 *
 * A backend (store_sqlite.c, store_pg.c) fills one struct store_backend;
 * store.c dispatches every function of store.h through it, and
 * store_common.c / store_rows.c / store_orders.c / store_copy.c are written
 * once over store.h.  Nothing outside a backend's files knows which
 * database it talks to.
 */
#ifndef TREUE_STORE_INT_H
#define TREUE_STORE_INT_H

#include "store.h"

extern const char *const store_migrations[];
extern const int store_migration_count;
extern const char *const store_sql[ST__COUNT];

/* The SQLite error rc (extended) with the system errno sys_errno into e:
 * "PATH: WHAT: MESSAGE", or "the disk is full" for SQLITE_FULL and I/O
 * errors of ENOSPC.  Returns -1. */
int store_sqlite_error_(int ext_rc, int sys_errno, const char *path, const char *what,
                        const char *sqlmsg, struct err *e);

/* The common head of every backend's prepared statement: a backend's own
 * statement struct starts with it (and is cast from it). */
struct stmt {
	struct store *st;
	enum db_stmt id;
};

/* customer_id -> customer key (custkeys.c).  Keys are never 0. */
struct custkey_slot {
	uint64_t hash;
	int64_t key; /* 0: empty */
	char id[24]; /* the id when shorter than 24 bytes, else a pointer to it */
};
struct custkeys {
	struct custkey_slot *slot;
	size_t cap, n;
};
/* 1 and *key when id is known, else 0. */
int custkeys_get(const struct custkeys *m, const char *id, int64_t *key);
void custkeys_put(struct custkeys *m, const char *id, int64_t key);
/* The same with the hash of id (custkeys_hash) given. */
uint64_t custkeys_hash(const char *id);
int custkeys_get_hashed(const struct custkeys *m, const char *id, uint64_t h, int64_t *key);
void custkeys_put_hashed(struct custkeys *m, const char *id, uint64_t h, int64_t key);
/* Loads the slot where a lookup of hash h starts into the processor's cache. */
void custkeys_prefetch(const struct custkeys *m, uint64_t h);
void custkeys_release(struct custkeys *m);

/* One connection: the backend, its own connection data, and what the
 * common code keeps per connection. */
struct store {
	const struct store_backend *be;
	void *conn;   /* the backend's connection */
	char *path;   /* as given to store_open, without a password: for messages */
	char *target; /* as given to store_open: for connecting */
	char actor[128];
	struct custkeys custcache; /* customer_id -> key, valid inside and between transactions */
	struct u64set seen;        /* content hashes inserted in the current transaction */
	struct bycust *bycust;     /* a bulk load of orders (store_bycust.c), or NULL */
	struct fresh *fresh;       /* customers created, not yet inserted (store_fresh.c) */
};

/* store_fresh.c: the pending customers let go of (a rollback). */
void store_customers_forget(struct store *st);

/* store_bycust.c: the orders a bulk load inserts, ids first_id.. in order
 * (noted only during one); an order of id corrected; the fill before the
 * commit; forgetting it all (a rollback). */
/* One order noted: key = cust << 32 | (date + 2^31), which orders as
 * (cust, date); rows of one key keep their id order. */
struct bc_row {
	uint64_t key;
	int64_t id, revenue, margin; /* margin MONEY_NONE: absent */
};
/* During the fill (ST_BYCUST_PUT_ROWS): the next row in key order, NULL
 * after the last (or when the spill file could not be read back; the fill
 * then reports it).  A row stays readable until the next call. */
const struct bc_row *bycust_next(struct store *st);
int bycust_note(struct store *st, int64_t first_id, const struct rec_order_new *r, size_t n,
                struct err *e);
void bycust_stale(struct store *st, int64_t id);
int bycust_finish(struct store *st, struct err *e);
void bycust_discard(struct store *st);

/*
 * The operations a backend provides.  Every function returning int returns
 * 0 (or the count said) and -1 with e filled on failure; statement
 * functions take a statement the same backend's prepare returned.
 */
struct store_backend {
	const char *name;
	/* Connects st->path: creating and migrating it unless readonly (then
	 * it must exist and be of the current schema).  Sets st->conn. */
	int (*open)(struct store *st, int readonly, struct err *e);
	/* Finalises every statement and closes the connection (conn may be NULL). */
	void (*close)(struct store *st);
	/* A write transaction (one writer at a time; waits for others) or a
	 * read transaction (every query sees one snapshot until it ends). */
	int (*begin)(struct store *st, int write, struct err *e);
	int (*commit)(struct store *st, struct err *e);
	/* Ends a transaction without its changes; nothing outside one. */
	void (*rollback)(struct store *st);
	/* The statement `id`, prepared once per connection and cached; reset
	 * with its bindings cleared.  Never NULL: a statement that does not
	 * prepare fails when it is stepped. */
	struct stmt *(*prepare)(struct store *st, enum db_stmt id);
	void (*bind_int)(struct stmt *s, int idx, int64_t v);
	/* n SIZE_MAX: up to the NUL; kept: v stays as it is until the
	 * statement is run (no copy needed) */
	void (*bind_text)(struct stmt *s, int idx, const char *v, size_t n, int kept);
	void (*bind_double)(struct stmt *s, int idx, double v);
	void (*bind_null)(struct stmt *s, int idx);
	/* 1: a row is ready, 0: done, -1: error. */
	int (*step)(struct stmt *s, struct err *e);
	void (*reset)(struct stmt *s);
	int64_t (*col_int)(struct stmt *s, int col);
	double (*col_double)(struct stmt *s, int col);
	const char *(*col_text)(struct stmt *s, int col);
	int (*col_isnull)(struct stmt *s, int col);
	/* Runs an INSERT of one row: 1 and *id the new row's id when it was
	 * inserted, 0 when the row was already there (an insert that skips
	 * duplicates), -1 on error. */
	int (*insert)(struct stmt *s, int64_t *id, struct err *e);
	/* Runs an UPDATE or DELETE; *rows gets the number of rows it changed. */
	int (*exec_count)(struct stmt *s, int64_t *rows, struct err *e);
	/* The next write transaction writes many rows whose index entries land
	 * in random order (a large import): let it keep more in memory.  The
	 * keys of the customers its rows name are all looked up or created in
	 * that transaction (store.c forgets the cached ones), so a backend may
	 * skip checking the rows' references to them for that one transaction.
	 * alone: as store_bulk_writes says. */
	void (*bulk_writes)(struct store *st, int alone);
	/* 1 inside a transaction (begin without commit or rollback yet) */
	int (*in_transaction)(struct store *st);
	/* After it returns 0, nothing deleted or overwritten before can be
	 * read back from the database's files. */
	int (*purge_deleted)(struct store *st, struct err *e);
	/* 1 when the file with this device and inode is one of the files the
	 * database at `path` keeps its data in (a server database: never).
	 * Needs no connection. */
	int (*owns_file)(const char *path, uint64_t dev, uint64_t ino);
	/* Prepares statement id anew without running it. */
	int (*check)(struct store *st, enum db_stmt id, struct err *e);
	/* The path or URL as messages may show it (a password left out). */
	void (*shown)(const char *target, struct strbuf *out);

	/* Optional (NULL: the generic paths of store_orders.c and
	 * store_common.c are used).  Orders written as one batch (store.h):
	 * begin, put every row (with its content hash, 0 when it has an order
	 * id), end with the merge; abort forgets the rows put. */
	int (*orders_begin)(struct store *st, struct err *e);
	int (*orders_put)(struct store *st, const struct rec_order *r, int64_t hash,
	                  const char *name, struct err *e);
	int (*orders_end)(struct store *st, store_change_fn on_change, void *arg,
	                  struct store_orders_counts *n, struct err *e);
	void (*orders_abort)(struct store *st);
	/* The next read transaction of `to` sees the snapshot of the read
	 * transaction `from` is in (a failure only leaves `to` its own). */
	void (*share_snapshot)(struct store *from, struct store *to);
	/* Change notices: listen starts them; wait blocks up to timeout_ms for
	 * one (1), or returns 0 on timeout. */
	int (*listen)(struct store *st, struct err *e);
	int (*wait_notice)(struct store *st, int timeout_ms, struct err *e);
};

extern const struct store_backend store_sqlite_backend;
extern const struct store_backend store_pg_backend;

/* The order row's content hash (store_rows.c), unique within the running
 * transaction: what ST_PUT_ORDER stores for an order without an order id. */
int64_t store_order_hash(struct store *st, const struct rec_order *r);
/* Appends ", field old -> new" to sb when new is given and differs (the
 * texts of corrections; store_rows.c). */
void store_diff_text(struct strbuf *sb, const char *field, const char *old, const char *new_);
void store_diff_day(struct strbuf *sb, const char *field, day_t old, day_t new_);
void store_diff_money(struct strbuf *sb, const char *field, int64_t old, int64_t new_);

#endif
