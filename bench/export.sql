-- export.sql — the canonical CSV files the DuckDB and pandas peers read,
-- written by the sqlite3 CLI from treue's database into the current
-- directory:
--
--   cd DIR && sqlite3 -bail DB < bench/export.sql
--
-- Dates as YYYY-MM-DD, money as decimals with two places (exact, built from
-- the integer cents), survey scores 0..10 with one place, absent values as
-- empty fields.  These are the files an analyst would pull out of the ERP.

.mode csv
.separator , "\n"
.headers on

.once customers.csv
SELECT customer_id, name, region FROM customer ORDER BY id;

.once orders.csv
SELECT c.customer_id,
       date(o.date * 86400, 'unixepoch') AS date,
       CASE WHEN o.revenue < 0 THEN '-' ELSE '' END
         || (abs(o.revenue) / 100) || '.' || printf('%02d', abs(o.revenue) % 100) AS revenue,
       CASE WHEN o.margin IS NULL THEN NULL
            ELSE CASE WHEN o.margin < 0 THEN '-' ELSE '' END
                 || (abs(o.margin) / 100) || '.' || printf('%02d', abs(o.margin) % 100) END AS margin
FROM orders AS o JOIN customer AS c ON c.id = o.cust
ORDER BY o.id;

.once surveys.csv
SELECT c.customer_id,
       date(s.date * 86400, 'unixepoch') AS date,
       (s.satisfaction / 10) || '.' || (s.satisfaction % 10) AS satisfaction,
       CASE WHEN s.recommend IS NULL THEN NULL ELSE (s.recommend / 10) || '.' || (s.recommend % 10) END AS recommend,
       CASE WHEN s.value IS NULL THEN NULL ELSE (s.value / 10) || '.' || (s.value % 10) END AS value
FROM survey AS s JOIN customer AS c ON c.id = s.cust
ORDER BY s.id;

.once referrals.csv
SELECT f.customer_id AS from_customer, t.customer_id AS to_customer,
       date(r.date * 86400, 'unixepoch') AS date
FROM referral AS r JOIN customer AS f ON f.id = r.from_cust JOIN customer AS t ON t.id = r.to_cust
ORDER BY r.id;

.once complaints.csv
SELECT c.customer_id, date(k.date * 86400, 'unixepoch') AS date, k.status,
       CASE WHEN k.resolved_on IS NULL THEN NULL ELSE date(k.resolved_on * 86400, 'unixepoch') END AS resolved_on
FROM complaint AS k JOIN customer AS c ON c.id = k.cust
ORDER BY k.id;

.once departures.csv
SELECT c.customer_id, date(d.date * 86400, 'unixepoch') AS date
FROM departure AS d JOIN customer AS c ON c.id = d.cust
ORDER BY d.id;
