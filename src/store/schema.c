/*
 * schema.c — the numbered migrations that bring a database to the current
 * schema.  PRAGMA user_version holds the number of migrations applied;
 * each migration runs in its own transaction.  Never edit a migration
 * that has shipped: add the next one.
 *
 * Units: money INTEGER cents; dates INTEGER days since 1970-01-01; survey
 * scores INTEGER tenths 0..100.  Customers have an internal integer key
 * (id) and the company's own id text (customer_id).
 */
#include "store_int.h"

const char *const store_migrations[] = {
    /* 1: every entity of the data model */
    "CREATE TABLE customer("
    "  id INTEGER PRIMARY KEY,"
    "  customer_id TEXT NOT NULL UNIQUE,"
    "  name TEXT, industry TEXT, region TEXT, owner TEXT,"
    "  acquired_on INTEGER, acquisition_cost INTEGER,"
    "  erased INTEGER NOT NULL DEFAULT 0,"
    "  created_by_import INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE orders("
    "  id INTEGER PRIMARY KEY,"
    "  cust INTEGER NOT NULL REFERENCES customer(id),"
    "  date INTEGER NOT NULL,"
    "  revenue INTEGER NOT NULL,"
    "  margin INTEGER,"
    "  order_id TEXT,"
    "  row_hash INTEGER);"
    /* partial unique indexes: each order has one of the two keys, and an
     * index over only the rows that have it is half the work on import */
    "CREATE UNIQUE INDEX orders_order_id ON orders(order_id) WHERE order_id IS NOT NULL;"
    "CREATE UNIQUE INDEX orders_row_hash ON orders(row_hash) WHERE row_hash IS NOT NULL;"
    /* covering: the dataset loader reads orders in customer and date order from it */
    "CREATE INDEX orders_cust ON orders(cust, date, revenue, margin);"
    "CREATE TABLE survey("
    "  id INTEGER PRIMARY KEY,"
    "  cust INTEGER NOT NULL REFERENCES customer(id),"
    "  date INTEGER NOT NULL,"
    "  satisfaction INTEGER NOT NULL CHECK(satisfaction BETWEEN 0 AND 100),"
    "  recommend INTEGER CHECK(recommend BETWEEN 0 AND 100),"
    "  value INTEGER CHECK(value BETWEEN 0 AND 100),"
    "  comment TEXT,"
    "  row_hash INTEGER UNIQUE);"
    "CREATE INDEX survey_cust ON survey(cust, date);"
    "CREATE TABLE dialog("
    "  id INTEGER PRIMARY KEY,"
    "  cust INTEGER NOT NULL REFERENCES customer(id),"
    "  date INTEGER NOT NULL,"
    "  channel TEXT, touchpoint TEXT, employee TEXT,"
    "  support TEXT, improve TEXT, notes TEXT,"
    "  row_hash INTEGER UNIQUE);"
    "CREATE INDEX dialog_cust ON dialog(cust, date);"
    "CREATE TABLE promise("
    "  id INTEGER PRIMARY KEY,"
    "  cust INTEGER NOT NULL REFERENCES customer(id),"
    "  made_on INTEGER NOT NULL,"
    "  due_on INTEGER NOT NULL,"
    "  what TEXT NOT NULL,"
    "  owner TEXT,"
    "  status TEXT NOT NULL DEFAULT 'open'"
    "    CHECK(status IN ('open','kept','broken','renegotiated')),"
    "  closed_on INTEGER,"
    "  renegotiated_to INTEGER REFERENCES promise(id),"
    "  row_hash INTEGER UNIQUE);"
    "CREATE INDEX promise_cust ON promise(cust);"
    "CREATE TABLE complaint("
    "  id INTEGER PRIMARY KEY,"
    "  cust INTEGER NOT NULL REFERENCES customer(id),"
    "  date INTEGER NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  reason_text TEXT,"
    "  description TEXT,"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','resolved')),"
    "  resolved_on INTEGER,"
    "  why1 TEXT, why2 TEXT, why3 TEXT, why4 TEXT, why5 TEXT,"
    "  root_cause TEXT,"
    "  row_hash INTEGER UNIQUE);"
    "CREATE INDEX complaint_cust ON complaint(cust);"
    "CREATE TABLE story("
    "  id INTEGER PRIMARY KEY,"
    "  date INTEGER NOT NULL,"
    "  what TEXT NOT NULL,"
    "  cust INTEGER REFERENCES customer(id),"
    "  employee TEXT, situation TEXT, outcome TEXT,"
    "  kind TEXT NOT NULL DEFAULT 'extra_mile' CHECK(kind IN ('extra_mile','tnt')),"
    "  row_hash INTEGER UNIQUE);"
    "CREATE TABLE referral("
    "  id INTEGER PRIMARY KEY,"
    "  from_cust INTEGER NOT NULL REFERENCES customer(id),"
    "  to_cust INTEGER NOT NULL REFERENCES customer(id),"
    "  date INTEGER NOT NULL,"
    "  row_hash INTEGER UNIQUE);"
    "CREATE INDEX referral_from ON referral(from_cust);"
    "CREATE TABLE departure("
    "  id INTEGER PRIMARY KEY,"
    "  cust INTEGER NOT NULL REFERENCES customer(id),"
    "  date INTEGER NOT NULL,"
    "  reason TEXT, competitor TEXT,"
    "  row_hash INTEGER UNIQUE);"
    "CREATE TABLE setting(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    "INSERT INTO meta VALUES('data_version', 1);"
    "CREATE TABLE audit("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  who TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  detail TEXT,"
    "  rows INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE fit("
    "  id INTEGER PRIMARY KEY,"
    "  model TEXT NOT NULL,"
    "  as_of INTEGER NOT NULL,"
    "  data_version INTEGER NOT NULL,"
    "  params TEXT NOT NULL,"
    "  loglik REAL,"
    "  customers INTEGER,"
    "  created_at TEXT NOT NULL,"
    "  UNIQUE(model, as_of, data_version));",
    /* 2: audit entries about one customer (journal changes, GDPR export and
     * erase) name its key, so that export and erase find them */
    "ALTER TABLE audit ADD COLUMN cust INTEGER;"
    "CREATE INDEX audit_cust ON audit(cust);",
    /* 3: the people who log in to `treue serve` and their sessions.  Times
     * are Unix seconds.  Only a hash of a session token is kept (the token
     * itself lives only in the browser's cookie); passwords are argon2id
     * strings as libsodium writes them. */
    "CREATE TABLE users("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  role TEXT NOT NULL CHECK(role IN ('admin','manager','member','viewer')),"
    "  owner TEXT,"
    "  pw_hash TEXT NOT NULL,"
    "  lang TEXT CHECK(lang IN ('en','de')),"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL,"
    "  pw_changed_at INTEGER NOT NULL,"
    "  last_login_at INTEGER);"
    "CREATE TABLE sessions("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  csrf TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  seen_at INTEGER NOT NULL,"
    "  addr TEXT);"
    "CREATE INDEX sessions_user ON sessions(user_id);",
    /* 4: the journal as people work with it — a dialogue may carry a
     * follow-up date ("Wiedervorlage": it shows in the agenda until a
     * dialogue on a later day exists), and a complaint has an owner (who
     * looks after it; when absent, the customer's account manager) */
    "ALTER TABLE dialog ADD COLUMN follow_up INTEGER;"
    "ALTER TABLE complaint ADD COLUMN owner TEXT;",
    /* 5: who this database is: a random identity drawn once (at creation, or
     * here for an older database), and a random stamp drawn anew with every
     * change (ST_DATA_VERSION_BUMP); copies kept outside the file (the
     * dataset snapshot) are valid only for the same identity, data version
     * and stamp, so a replaced or restored database is never mistaken for
     * the one they were made from */
    "INSERT OR IGNORE INTO meta VALUES('store_id', random());"
    "INSERT OR IGNORE INTO meta VALUES('data_stamp', random());",
    /* 6: API tokens (`treue user token`, `Authorization: Bearer` on
     * /api/v1/).  Only a BLAKE2b-256 hash of a token is kept; a token acts
     * for its user with at most its scope (read < write < import <
     * admin).  Times are Unix seconds; expires_at NULL: never. */
    "CREATE TABLE api_tokens("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  scope TEXT NOT NULL CHECK(scope IN ('read','write','import','admin')),"
    "  label TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  expires_at INTEGER,"
    "  last_used_at INTEGER,"
    "  revoked_at INTEGER);"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id);",
    /* 7: what the dataset snapshot needs to be brought up to date instead of
     * rebuilt (src/dataset/incr.c): per table of the dataset a counter
     * that every UPDATE of a column the dataset reads and every DELETE bumps
     * (triggers, so rows changed by other programs count too).  While a
     * table's counter stands still, its rows were only appended, and the
     * rows with an id above the snapshot's largest are all that is new.
     * And every stamp the database has had (a trigger on the stamp's
     * update): a snapshot is brought up to date only for a database that
     * passed through the snapshot's state — not for a backup of an
     * earlier state copied back, whose ids were handed out again. */
    "CREATE TABLE stamp_log(stamp INTEGER PRIMARY KEY);"
    "INSERT OR IGNORE INTO stamp_log SELECT value FROM meta WHERE key = 'data_stamp';"
    "CREATE TRIGGER ds_rw_stamp AFTER UPDATE OF value ON meta WHEN NEW.key = 'data_stamp' "
    "BEGIN INSERT OR IGNORE INTO stamp_log VALUES(NEW.value); END;"
    "INSERT OR IGNORE INTO meta VALUES('rw_customer', 0);"
    "INSERT OR IGNORE INTO meta VALUES('rw_orders', 0);"
    "INSERT OR IGNORE INTO meta VALUES('rw_survey', 0);"
    "INSERT OR IGNORE INTO meta VALUES('rw_referral', 0);"
    "INSERT OR IGNORE INTO meta VALUES('rw_complaint', 0);"
    "INSERT OR IGNORE INTO meta VALUES('rw_promise', 0);"
    "INSERT OR IGNORE INTO meta VALUES('rw_dialog', 0);"
    "INSERT OR IGNORE INTO meta VALUES('rw_departure', 0);"
    "CREATE TRIGGER ds_rw_customer_u AFTER UPDATE OF id, customer_id, name, owner, "
    "  acquisition_cost, acquired_on, region, industry, erased ON customer "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_customer'; END;"
    "CREATE TRIGGER ds_rw_customer_d AFTER DELETE ON customer "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_customer'; END;"
    "CREATE TRIGGER ds_rw_orders_u AFTER UPDATE OF id, cust, date, revenue, margin ON orders "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_orders'; END;"
    "CREATE TRIGGER ds_rw_orders_d AFTER DELETE ON orders "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_orders'; END;"
    "CREATE TRIGGER ds_rw_survey_u AFTER UPDATE OF id, cust, date, satisfaction, recommend, "
    "  value ON survey "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_survey'; END;"
    "CREATE TRIGGER ds_rw_survey_d AFTER DELETE ON survey "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_survey'; END;"
    "CREATE TRIGGER ds_rw_referral_u AFTER UPDATE OF id, from_cust, to_cust, date ON referral "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_referral'; END;"
    "CREATE TRIGGER ds_rw_referral_d AFTER DELETE ON referral "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_referral'; END;"
    "CREATE TRIGGER ds_rw_complaint_u AFTER UPDATE OF id, cust, date, status, resolved_on ON "
    "complaint "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_complaint'; END;"
    "CREATE TRIGGER ds_rw_complaint_d AFTER DELETE ON complaint "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_complaint'; END;"
    "CREATE TRIGGER ds_rw_promise_u AFTER UPDATE OF id, cust, made_on, due_on, status, closed_on "
    "ON promise "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_promise'; END;"
    "CREATE TRIGGER ds_rw_promise_d AFTER DELETE ON promise "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_promise'; END;"
    "CREATE TRIGGER ds_rw_dialog_u AFTER UPDATE OF id, cust, date, follow_up ON dialog "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_dialog'; END;"
    "CREATE TRIGGER ds_rw_dialog_d AFTER DELETE ON dialog "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_dialog'; END;"
    "CREATE TRIGGER ds_rw_departure_u AFTER UPDATE OF id, cust, date ON departure "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_departure'; END;"
    "CREATE TRIGGER ds_rw_departure_d AFTER DELETE ON departure "
    "BEGIN UPDATE meta SET value = value + 1 WHERE key = 'rw_departure'; END;",
    /* 8: one customer's timeline (the card: ST_CUST_*) reads every table by
     * customer; these three were read whole — at a million customers
     * 30 ms a card instead of a fraction of one */
    "CREATE INDEX departure_cust ON departure(cust, date);"
    "CREATE INDEX referral_to ON referral(to_cust);"
    "CREATE INDEX story_cust ON story(cust);",
    /* 9: the orders in customer order as a table of their own instead of
     * the index orders_cust: a bulk load fills it once at its end from
     * its own sort of the rows it wrote (store_bycust.c, which drops and
     * re-creates orders_by_cust_i in its transaction), where an index
     * would be sorted again by SQLite; the triggers keep it in step with
     * every other change, made by treue or not */
    "CREATE TABLE orders_by_cust("
    "  cust INTEGER NOT NULL,"
    "  date INTEGER NOT NULL,"
    "  id INTEGER NOT NULL,"
    "  revenue INTEGER NOT NULL,"
    "  margin INTEGER,"
    "  PRIMARY KEY(cust, date, id)) WITHOUT ROWID;"
    "INSERT INTO orders_by_cust(cust, date, id, revenue, margin) "
    "  SELECT cust, date, id, revenue, margin FROM orders ORDER BY cust, date, id;"
    "DROP INDEX orders_cust;"
    "CREATE TRIGGER orders_by_cust_i AFTER INSERT ON orders "
    "BEGIN INSERT INTO orders_by_cust(cust, date, id, revenue, margin) "
    "VALUES(NEW.cust, NEW.date, NEW.id, NEW.revenue, NEW.margin); END;"
    "CREATE TRIGGER orders_by_cust_u AFTER UPDATE OF id, cust, date, revenue, margin ON orders "
    "BEGIN DELETE FROM orders_by_cust WHERE cust = OLD.cust AND date = OLD.date AND id = OLD.id;"
    " INSERT INTO orders_by_cust(cust, date, id, revenue, margin) "
    "VALUES(NEW.cust, NEW.date, NEW.id, NEW.revenue, NEW.margin); END;"
    "CREATE TRIGGER orders_by_cust_d AFTER DELETE ON orders "
    "BEGIN DELETE FROM orders_by_cust WHERE cust = OLD.cust AND date = OLD.date AND id = OLD.id;"
    " END;",
};

const int store_migration_count = (int)(sizeof(store_migrations) / sizeof(store_migrations[0]));
