-- model_duckdb.sql — the loyalty report and the action list (SPEC §3) in
-- DuckDB SQL, on the tables duckdb_model.mjs loads from the canonical CSVs:
--   orders(customer_id, date DATE, revenue DECIMAL(18,2), margin DECIMAL(18,2))
--   survey(customer_id, date DATE, sat, rec, val INTEGER tenths 0..100)
--   referral(from_customer, to_customer, date DATE)
--   complaint(customer_id, date DATE, status, resolved_on DATE)
--   departure(customer_id, date DATE)
--   customers(customer_id, ...)
--   today(d DATE): one row, the day "today" is (duckdb_model.mjs sets it)
-- It leaves two tables: seg (one row per active customer with its segment,
-- priority and place `pos` in the action list) and summary (one row:
-- retention, segment counts, NPS, customers, lapsed, departed, F).  D = the
-- day after the latest order dated on or before today, W = 365,
-- A = active_days = 730.  The silent leavers (the purchase model's
-- P(alive)) are not computed: see bench/README.md.  Means are compared as sums (mean >= 7 <=> sum >= 70·count),
-- so the boundaries are exact.  DuckDB compares VARCHAR in byte order by
-- default, which is the tie-break the action list asks for.

CREATE OR REPLACE TEMP TABLE p AS
SELECT max(date) + 1 AS d FROM orders WHERE date <= (SELECT d FROM today);

CREATE OR REPLACE TEMP TABLE c AS
SELECT o.customer_id,
       count(*) FILTER (WHERE o.revenue >= 0 AND o.date >= p.d - 365 AND o.date < p.d) AS orders,
       coalesce(sum(o.revenue) FILTER (WHERE o.date >= p.d - 365 AND o.date < p.d), 0) AS rev0,
       coalesce(sum(o.revenue) FILTER (WHERE o.date >= p.d - 730 AND o.date < p.d - 365), 0) AS rev1,
       bool_or(o.revenue >= 0 AND o.date >= p.d - 730 AND o.date < p.d - 365) AS buyer1,
       max(o.date) FILTER (WHERE o.revenue >= 0 AND o.date < p.d) AS last
FROM orders AS o, p
GROUP BY o.customer_id;

-- who counts at D: prospect (no purchase before D), departed (a departure
-- before D on or after the last purchase), lapsed (last purchase before
-- D - 730), active
CREATE OR REPLACE TEMP TABLE st AS
SELECT c.customer_id,
       CASE WHEN dep.md >= c.last THEN 'departed'
            WHEN c.last < p.d - 730 THEN 'lapsed'
            ELSE 'active' END AS state
FROM c CROSS JOIN p
LEFT JOIN (SELECT customer_id, max(date) AS md FROM departure, p WHERE date < p.d
           GROUP BY customer_id) AS dep USING (customer_id)
WHERE c.last IS NOT NULL;

-- the latest survey before D (the mean over that day, as sums and counts)
CREATE OR REPLACE TEMP TABLE ls AS
SELECT customer_id, date,
       sum(sat) AS ssum, count(*) AS scnt, sum(rec) AS rsum, count(rec) AS rcnt
FROM (SELECT s.*, max(s.date) OVER (PARTITION BY s.customer_id) AS md
      FROM survey AS s, p WHERE s.date < p.d)
WHERE date = md
GROUP BY customer_id, date;

CREATE OR REPLACE TEMP TABLE f AS
SELECT greatest(2, coalesce(median(orders), 2)) AS f
FROM c JOIN st USING (customer_id) WHERE st.state = 'active' AND orders >= 1;

CREATE OR REPLACE TEMP TABLE seg AS
WITH ref AS (SELECT DISTINCT from_customer AS customer_id FROM referral, p
             WHERE date >= p.d - 730 AND date < p.d),
     comp AS (SELECT DISTINCT customer_id FROM complaint, p
              WHERE date < p.d AND (status = 'open' OR resolved_on >= p.d)),
     s AS (
       SELECT c.customer_id, c.orders, c.rev0, c.rev1, ls.ssum, ls.scnt,
              CASE
                WHEN ls.customer_id IS NULL OR ls.date < p.d - 730 THEN 'unmeasured'
                WHEN ls.ssum >= 70 * ls.scnt THEN
                  CASE WHEN c.orders >= f.f THEN
                         CASE WHEN ls.ssum >= 90 * ls.scnt
                                AND ((ls.rcnt > 0 AND ls.rsum >= 90 * ls.rcnt) OR ref.customer_id IS NOT NULL)
                              THEN 'apostle' ELSE 'loyal' END
                       ELSE 'opportunist' END
                ELSE
                  CASE WHEN c.orders >= f.f THEN 'hostage'
                       WHEN ls.ssum <= 30 * ls.scnt
                         AND ((ls.rcnt > 0 AND ls.rsum <= 30 * ls.rcnt) OR comp.customer_id IS NOT NULL)
                       THEN 'terrorist'
                       ELSE 'defector' END
              END AS segment
       FROM c
       JOIN st USING (customer_id)
       LEFT JOIN ls USING (customer_id)
       LEFT JOIN ref USING (customer_id)
       LEFT JOIN comp USING (customer_id)
       CROSS JOIN p CROSS JOIN f
       WHERE st.state = 'active'),
     r AS (
       SELECT *, CASE segment WHEN 'terrorist' THEN 1 WHEN 'defector' THEN 1 WHEN 'apostle' THEN 2
                              WHEN 'loyal' THEN 3 WHEN 'opportunist' THEN 4 WHEN 'hostage' THEN 5
                              ELSE 6 END AS priority
       FROM s)
SELECT customer_id, segment, priority,
       row_number() OVER (ORDER BY priority,
                                   segment = 'defector',
                                   CASE WHEN segment = 'loyal' THEN ssum::DOUBLE / scnt END DESC,
                                   CASE WHEN priority = 1 THEN rev0 + rev1 ELSE rev0 END DESC,
                                   customer_id) AS pos
FROM r;

CREATE OR REPLACE TEMP TABLE summary AS
SELECT strftime((SELECT d FROM p), '%Y-%m-%d') AS as_of,
       (SELECT count(*) FILTER (WHERE buyer1) FROM c) AS previous_buyers,
       (SELECT count(*) FILTER (WHERE buyer1 AND orders > 0) FROM c) AS retained,
       (SELECT count(*) FILTER (WHERE segment = 'apostle') FROM seg) AS apostle,
       (SELECT count(*) FILTER (WHERE segment = 'loyal') FROM seg) AS loyal,
       (SELECT count(*) FILTER (WHERE segment = 'opportunist') FROM seg) AS opportunist,
       (SELECT count(*) FILTER (WHERE segment = 'hostage') FROM seg) AS hostage,
       (SELECT count(*) FILTER (WHERE segment = 'defector') FROM seg) AS defector,
       (SELECT count(*) FILTER (WHERE segment = 'terrorist') FROM seg) AS terrorist,
       (SELECT count(*) FILTER (WHERE segment = 'unmeasured') FROM seg) AS unmeasured,
       (SELECT count(*) FROM seg) AS customers,
       (SELECT count(*) FILTER (WHERE state = 'lapsed') FROM st) AS lapsed,
       (SELECT count(*) FILTER (WHERE state = 'departed') FROM st) AS departed,
       (SELECT count(*) FROM customers) - (SELECT count(*) FROM st) AS prospects,
       n.promoters, n.passives, n.detractors,
       (SELECT f FROM f) AS f
FROM (SELECT count(*) FILTER (WHERE rsum >= 90 * rcnt) AS promoters,
             count(*) FILTER (WHERE rsum > 60 * rcnt AND rsum < 90 * rcnt) AS passives,
             count(*) FILTER (WHERE rsum <= 60 * rcnt) AS detractors
      FROM ls, p WHERE rcnt > 0 AND ls.date >= p.d - 365) AS n;
