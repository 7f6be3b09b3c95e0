/*
 * schema_pg.c — the numbered migrations of schema.c in PostgreSQL's
 * dialect: migration N here makes the same tables, columns, keys and
 * indexes as migration N there (a unit test checks that the two lists are
 * equally long).  The table treue_migration records the numbers applied;
 * each migration runs in its own transaction under the store's write lock.
 * Never edit a migration that has shipped: add the next one to both lists.
 *
 * Differences from SQLite, and why:
 * - ids are bigint with the default treue_next_id(table) = the largest id
 *   plus one, as SQLite gives a rowid; writers hold the store's lock
 *   (store_pg.c), so two never draw the same id, and the ids are those
 *   SQLite would give (an insert that finds its row there takes none).
 * - text columns compare, sort and fold case bytewise (COLLATE "C"), as
 *   SQLite does, whatever the database's locale;
 * - users.name is unique in any case through an index on lower(name)
 *   (SQLite: COLLATE NOCASE);
 * - promise.renegotiated_to is checked at commit, so that a copy may
 *   write a promise before the one it points to;
 * - orders.cust is no declared foreign key: the server would look the
 *   customer up once per row, which costs a merge of a million orders
 *   8.5 of its 40 seconds (measured); every statement that writes orders
 *   takes the key from the customer table in the same transaction, and
 *   customers are never deleted;
 * - an update of the data version announces the new version on the
 *   channel treue_data_version (NOTIFY, sent when the change commits).
 */
#include "store_int.h"

const char *const store_migrations_pg[] = {
    /* 1: every entity of the data model */
    "CREATE FUNCTION treue_next_id(t text) RETURNS bigint LANGUAGE plpgsql AS $f$"
    " DECLARE n bigint;"
    " BEGIN EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', t) INTO n; RETURN n; END"
    " $f$;"
    "CREATE TABLE customer("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('customer'),"
    "  customer_id text COLLATE \"C\" NOT NULL UNIQUE,"
    "  name text COLLATE \"C\", industry text COLLATE \"C\", "
    "  region text COLLATE \"C\", owner text COLLATE \"C\","
    "  acquired_on integer, acquisition_cost bigint,"
    "  erased integer NOT NULL DEFAULT 0,"
    "  created_by_import integer NOT NULL DEFAULT 0);"
    "CREATE TABLE orders("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('orders'),"
    "  cust bigint NOT NULL,"
    "  date integer NOT NULL,"
    "  revenue bigint NOT NULL,"
    "  margin bigint,"
    "  order_id text COLLATE \"C\","
    "  row_hash bigint);"
    "CREATE UNIQUE INDEX orders_order_id ON orders(order_id) WHERE order_id IS NOT NULL;"
    "CREATE UNIQUE INDEX orders_row_hash ON orders(row_hash) WHERE row_hash IS NOT NULL;"
    "CREATE INDEX orders_cust ON orders(cust, date, revenue, margin);"
    "CREATE TABLE survey("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('survey'),"
    "  cust bigint NOT NULL REFERENCES customer(id),"
    "  date integer NOT NULL,"
    "  satisfaction integer NOT NULL CHECK(satisfaction BETWEEN 0 AND 100),"
    "  recommend integer CHECK(recommend BETWEEN 0 AND 100),"
    "  value integer CHECK(value BETWEEN 0 AND 100),"
    "  comment text COLLATE \"C\","
    "  row_hash bigint UNIQUE);"
    "CREATE INDEX survey_cust ON survey(cust, date);"
    "CREATE TABLE dialog("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('dialog'),"
    "  cust bigint NOT NULL REFERENCES customer(id),"
    "  date integer NOT NULL,"
    "  channel text COLLATE \"C\", touchpoint text COLLATE \"C\", employee text COLLATE \"C\","
    "  support text COLLATE \"C\", improve text COLLATE \"C\", notes text COLLATE \"C\","
    "  row_hash bigint UNIQUE);"
    "CREATE INDEX dialog_cust ON dialog(cust, date);"
    "CREATE TABLE promise("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('promise'),"
    "  cust bigint NOT NULL REFERENCES customer(id),"
    "  made_on integer NOT NULL,"
    "  due_on integer NOT NULL,"
    "  what text COLLATE \"C\" NOT NULL,"
    "  owner text COLLATE \"C\","
    "  status text COLLATE \"C\" NOT NULL DEFAULT 'open'"
    "    CHECK(status IN ('open','kept','broken','renegotiated')),"
    "  closed_on integer,"
    "  renegotiated_to bigint REFERENCES promise(id) DEFERRABLE INITIALLY DEFERRED,"
    "  row_hash bigint UNIQUE);"
    "CREATE INDEX promise_cust ON promise(cust);"
    "CREATE TABLE complaint("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('complaint'),"
    "  cust bigint NOT NULL REFERENCES customer(id),"
    "  date integer NOT NULL,"
    "  reason text COLLATE \"C\" NOT NULL,"
    "  reason_text text COLLATE \"C\","
    "  description text COLLATE \"C\","
    "  status text COLLATE \"C\" NOT NULL DEFAULT 'open' CHECK(status IN ('open','resolved')),"
    "  resolved_on integer,"
    "  why1 text COLLATE \"C\", why2 text COLLATE \"C\", why3 text COLLATE \"C\", "
    "  why4 text COLLATE \"C\", why5 text COLLATE \"C\","
    "  root_cause text COLLATE \"C\","
    "  row_hash bigint UNIQUE);"
    "CREATE INDEX complaint_cust ON complaint(cust);"
    "CREATE TABLE story("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('story'),"
    "  date integer NOT NULL,"
    "  what text COLLATE \"C\" NOT NULL,"
    "  cust bigint REFERENCES customer(id),"
    "  employee text COLLATE \"C\", situation text COLLATE \"C\", outcome text COLLATE \"C\","
    "  kind text COLLATE \"C\" NOT NULL DEFAULT 'extra_mile' CHECK(kind IN ('extra_mile','tnt')),"
    "  row_hash bigint UNIQUE);"
    "CREATE TABLE referral("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('referral'),"
    "  from_cust bigint NOT NULL REFERENCES customer(id),"
    "  to_cust bigint NOT NULL REFERENCES customer(id),"
    "  date integer NOT NULL,"
    "  row_hash bigint UNIQUE);"
    "CREATE INDEX referral_from ON referral(from_cust);"
    "CREATE TABLE departure("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('departure'),"
    "  cust bigint NOT NULL REFERENCES customer(id),"
    "  date integer NOT NULL,"
    "  reason text COLLATE \"C\", competitor text COLLATE \"C\","
    "  row_hash bigint UNIQUE);"
    "CREATE TABLE setting(key text COLLATE \"C\" PRIMARY KEY, value text COLLATE \"C\" NOT NULL);"
    "CREATE TABLE meta(key text COLLATE \"C\" PRIMARY KEY, value bigint NOT NULL);"
    "INSERT INTO meta VALUES('data_version', 1);"
    "CREATE FUNCTION treue_notify() RETURNS trigger LANGUAGE plpgsql AS $f$"
    " BEGIN PERFORM pg_notify('treue_data_version', NEW.value::text); RETURN NULL; END"
    " $f$;"
    "CREATE TRIGGER meta_notify AFTER UPDATE ON meta FOR EACH ROW"
    "  WHEN (NEW.key = 'data_version') EXECUTE FUNCTION treue_notify();"
    "CREATE TABLE audit("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('audit'),"
    "  at text COLLATE \"C\" NOT NULL,"
    "  who text COLLATE \"C\" NOT NULL,"
    "  action text COLLATE \"C\" NOT NULL,"
    "  detail text COLLATE \"C\","
    "  rows bigint NOT NULL DEFAULT 0);"
    "CREATE TABLE fit("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('fit'),"
    "  model text COLLATE \"C\" NOT NULL,"
    "  as_of integer NOT NULL,"
    "  data_version bigint NOT NULL,"
    "  params text COLLATE \"C\" NOT NULL,"
    "  loglik double precision,"
    "  customers bigint,"
    "  created_at text COLLATE \"C\" NOT NULL,"
    "  UNIQUE(model, as_of, data_version));",
    /* 2: audit entries about one customer name its key */
    "ALTER TABLE audit ADD COLUMN cust bigint;"
    "CREATE INDEX audit_cust ON audit(cust);",
    /* 3: the people who log in to `treue serve` and their sessions */
    "CREATE TABLE users("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('users'),"
    "  name text COLLATE \"C\" NOT NULL,"
    "  role text COLLATE \"C\" NOT NULL CHECK(role IN ('admin','manager','member','viewer')),"
    "  owner text COLLATE \"C\","
    "  pw_hash text COLLATE \"C\" NOT NULL,"
    "  lang text COLLATE \"C\" CHECK(lang IN ('en','de')),"
    "  disabled integer NOT NULL DEFAULT 0,"
    "  created_at bigint NOT NULL,"
    "  pw_changed_at bigint NOT NULL,"
    "  last_login_at bigint);"
    "CREATE UNIQUE INDEX users_name ON users(lower(name));"
    "CREATE TABLE sessions("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('sessions'),"
    "  token_hash text COLLATE \"C\" NOT NULL UNIQUE,"
    "  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  csrf text COLLATE \"C\" NOT NULL,"
    "  created_at bigint NOT NULL,"
    "  seen_at bigint NOT NULL,"
    "  addr text COLLATE \"C\");"
    "CREATE INDEX sessions_user ON sessions(user_id);",
    /* 4: a dialogue's follow-up date, a complaint's owner */
    "ALTER TABLE dialog ADD COLUMN follow_up integer;"
    "ALTER TABLE complaint ADD COLUMN owner text COLLATE \"C\";",
    /* 5: the database's random identity and the stamp drawn anew with every
     * change (random() is a fraction here: scaled to 63 bits) */
    "INSERT INTO meta VALUES('store_id', (random() * 9.0e18)::bigint) ON CONFLICT DO NOTHING;"
    "INSERT INTO meta VALUES('data_stamp', (random() * 9.0e18)::bigint) ON CONFLICT DO NOTHING;",
    /* 6: API tokens (`treue user token`, `Authorization: Bearer` on
     * /api/v1/): a hash of each token, its user and scope; Unix seconds */
    "CREATE TABLE api_tokens("
    "  id bigint PRIMARY KEY DEFAULT treue_next_id('api_tokens'),"
    "  token_hash text COLLATE \"C\" NOT NULL UNIQUE,"
    "  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  scope text COLLATE \"C\" NOT NULL CHECK(scope IN ('read','write','import','admin')),"
    "  label text COLLATE \"C\","
    "  created_at bigint NOT NULL,"
    "  created_by text COLLATE \"C\" NOT NULL,"
    "  expires_at bigint,"
    "  last_used_at bigint,"
    "  revoked_at bigint);"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id);",
    /* 7: the dataset snapshot's change counters and the log of stamps (see
     * schema.c): the same seventeen triggers by the same names, row by row;
     * one function bumps the counter its trigger names */
    "CREATE TABLE stamp_log(stamp bigint PRIMARY KEY);"
    "INSERT INTO stamp_log SELECT value FROM meta WHERE key = 'data_stamp' ON CONFLICT DO NOTHING;"
    "CREATE FUNCTION treue_stamp_log() RETURNS trigger LANGUAGE plpgsql AS $f$"
    " BEGIN INSERT INTO stamp_log VALUES(NEW.value) ON CONFLICT DO NOTHING; RETURN NULL; END"
    " $f$;"
    "CREATE TRIGGER ds_rw_stamp AFTER UPDATE OF value ON meta FOR EACH ROW"
    "  WHEN (NEW.key = 'data_stamp') EXECUTE FUNCTION treue_stamp_log();"
    "CREATE FUNCTION treue_rw() RETURNS trigger LANGUAGE plpgsql AS $f$"
    " BEGIN UPDATE meta SET value = value + 1 WHERE key = TG_ARGV[0]; RETURN NULL; END"
    " $f$;"
    "INSERT INTO meta VALUES('rw_customer', 0) ON CONFLICT DO NOTHING;"
    "INSERT INTO meta VALUES('rw_orders', 0) ON CONFLICT DO NOTHING;"
    "INSERT INTO meta VALUES('rw_survey', 0) ON CONFLICT DO NOTHING;"
    "INSERT INTO meta VALUES('rw_referral', 0) ON CONFLICT DO NOTHING;"
    "INSERT INTO meta VALUES('rw_complaint', 0) ON CONFLICT DO NOTHING;"
    "INSERT INTO meta VALUES('rw_promise', 0) ON CONFLICT DO NOTHING;"
    "INSERT INTO meta VALUES('rw_dialog', 0) ON CONFLICT DO NOTHING;"
    "INSERT INTO meta VALUES('rw_departure', 0) ON CONFLICT DO NOTHING;"
    "CREATE TRIGGER ds_rw_customer_u AFTER UPDATE OF id, customer_id, name, owner,"
    "  acquisition_cost, acquired_on, region, industry, erased"
    "  ON customer FOR EACH ROW EXECUTE FUNCTION treue_rw('rw_customer');"
    "CREATE TRIGGER ds_rw_customer_d AFTER DELETE ON customer FOR EACH ROW"
    "  EXECUTE FUNCTION treue_rw('rw_customer');"
    "CREATE TRIGGER ds_rw_orders_u AFTER UPDATE OF id, cust, date, revenue, margin"
    "  ON orders FOR EACH ROW EXECUTE FUNCTION treue_rw('rw_orders');"
    "CREATE TRIGGER ds_rw_orders_d AFTER DELETE ON orders FOR EACH ROW"
    "  EXECUTE FUNCTION treue_rw('rw_orders');"
    "CREATE TRIGGER ds_rw_survey_u AFTER UPDATE OF id, cust, date, satisfaction, recommend, value"
    "  ON survey FOR EACH ROW EXECUTE FUNCTION treue_rw('rw_survey');"
    "CREATE TRIGGER ds_rw_survey_d AFTER DELETE ON survey FOR EACH ROW"
    "  EXECUTE FUNCTION treue_rw('rw_survey');"
    "CREATE TRIGGER ds_rw_referral_u AFTER UPDATE OF id, from_cust, to_cust, date"
    "  ON referral FOR EACH ROW EXECUTE FUNCTION treue_rw('rw_referral');"
    "CREATE TRIGGER ds_rw_referral_d AFTER DELETE ON referral FOR EACH ROW"
    "  EXECUTE FUNCTION treue_rw('rw_referral');"
    "CREATE TRIGGER ds_rw_complaint_u AFTER UPDATE OF id, cust, date, status, resolved_on"
    "  ON complaint FOR EACH ROW EXECUTE FUNCTION treue_rw('rw_complaint');"
    "CREATE TRIGGER ds_rw_complaint_d AFTER DELETE ON complaint FOR EACH ROW"
    "  EXECUTE FUNCTION treue_rw('rw_complaint');"
    "CREATE TRIGGER ds_rw_promise_u AFTER UPDATE OF id, cust, made_on, due_on, status, closed_on"
    "  ON promise FOR EACH ROW EXECUTE FUNCTION treue_rw('rw_promise');"
    "CREATE TRIGGER ds_rw_promise_d AFTER DELETE ON promise FOR EACH ROW"
    "  EXECUTE FUNCTION treue_rw('rw_promise');"
    "CREATE TRIGGER ds_rw_dialog_u AFTER UPDATE OF id, cust, date, follow_up"
    "  ON dialog FOR EACH ROW EXECUTE FUNCTION treue_rw('rw_dialog');"
    "CREATE TRIGGER ds_rw_dialog_d AFTER DELETE ON dialog FOR EACH ROW"
    "  EXECUTE FUNCTION treue_rw('rw_dialog');"
    "CREATE TRIGGER ds_rw_departure_u AFTER UPDATE OF id, cust, date"
    "  ON departure FOR EACH ROW EXECUTE FUNCTION treue_rw('rw_departure');"
    "CREATE TRIGGER ds_rw_departure_d AFTER DELETE ON departure FOR EACH ROW"
    "  EXECUTE FUNCTION treue_rw('rw_departure');",
    /* 8: one customer's timeline (the card) reads every table by customer */
    "CREATE INDEX departure_cust ON departure(cust, date);"
    "CREATE INDEX referral_to ON referral(to_cust);"
    "CREATE INDEX story_cust ON story(cust);",
    /* 9: the orders in customer order, by the name SQLite's table has: a
     * view over the index, which now orders a customer's orders of one
     * day by id as SQLite's table does */
    "DROP INDEX orders_cust;"
    "CREATE INDEX orders_cust ON orders(cust, date, id) INCLUDE (revenue, margin);"
    "CREATE VIEW orders_by_cust AS SELECT cust, date, id, revenue, margin FROM orders;",
};

const int store_migration_count_pg =
    (int)(sizeof(store_migrations_pg) / sizeof(store_migrations_pg[0]));
