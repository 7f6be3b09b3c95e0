-- model.sql — the loyalty report and the action list (SPEC §3) in SQLite's
-- own SQL, run by the sqlite3 CLI directly on treue's database:
--
--   cd OUTDIR && sqlite3 -bail DB < bench/model.sql
--
-- Writes summary.json (retention, segment counts, NPS, customers, lapsed,
-- departed, prospects), segments.csv (customer_id,segment of the active
-- customers, sorted by customer_id) and actions.csv (priority,customer_id
-- in the order of the action list) to the current directory.
-- D = the day after the latest order dated on or before today (@today, a
-- day number, when set: `-cmd ".parameter set @today N"`; else the
-- machine's local date), W = 365, A = active_days = 730.  Scores are in
-- tenths (0..100) and means are compared as sums, so that "mean
-- satisfaction >= 7" is the exact test sum >= 70·count.  The silent leavers
-- (the purchase model's P(alive)) are not computed: see bench/README.md.

PRAGMA cache_size = -1048576;

CREATE TEMP TABLE p AS
SELECT max(date) + 1 AS d FROM orders
WHERE date <= coalesce(@today, CAST(strftime('%s', 'now', 'localtime') AS INTEGER) / 86400);

-- per customer: purchases in P0, revenue in P0 and P1, buyer flags, the
-- last purchase before D
CREATE TEMP TABLE c AS
SELECT o.cust,
       sum(o.revenue >= 0 AND o.date >= p.d - 365 AND o.date < p.d) AS orders,
       sum(CASE WHEN o.date >= p.d - 365 AND o.date < p.d THEN o.revenue ELSE 0 END) AS rev0,
       sum(CASE WHEN o.date >= p.d - 730 AND o.date < p.d - 365 THEN o.revenue ELSE 0 END) AS rev1,
       max(o.revenue >= 0 AND o.date >= p.d - 730 AND o.date < p.d - 365) AS buyer1,
       max(CASE WHEN o.revenue >= 0 AND o.date < p.d THEN o.date END) AS last
FROM orders AS o, p
GROUP BY o.cust;

-- who counts at D: prospect (no purchase before D), departed (a departure
-- before D on or after the last purchase), lapsed (last purchase before
-- D - 730), active
CREATE TEMP TABLE st AS
SELECT c.cust,
       CASE WHEN dep.md >= c.last THEN 'departed'
            WHEN c.last < p.d - 730 THEN 'lapsed'
            ELSE 'active' END AS state
FROM c CROSS JOIN p
LEFT JOIN (SELECT cust, max(date) AS md FROM departure, p WHERE date < p.d GROUP BY cust) AS dep
  ON dep.cust = c.cust
WHERE c.last IS NOT NULL;

-- the latest survey before D of every customer (the mean over that day)
CREATE TEMP TABLE ls AS
SELECT s.cust, s.date,
       sum(s.satisfaction) AS ssum, count(*) AS scnt,
       sum(s.recommend) AS rsum, count(s.recommend) AS rcnt
FROM survey AS s
JOIN (SELECT cust, max(date) AS md FROM survey, p WHERE date < p.d GROUP BY cust) AS m
  ON s.cust = m.cust AND s.date = m.md
GROUP BY s.cust;

-- F = max(2, median of orders over the active customers with at least one)
CREATE TEMP TABLE f AS
WITH o AS (SELECT orders FROM c JOIN st USING (cust) WHERE st.state = 'active' AND orders >= 1),
     n AS (SELECT count(*) AS n FROM o)
SELECT max(2, coalesce((SELECT avg(orders) FROM (SELECT orders FROM o ORDER BY orders
                                                 LIMIT 2 - (SELECT n FROM n) % 2
                                                 OFFSET ((SELECT n FROM n) - 1) / 2)), 2)) AS f;

CREATE TEMP TABLE seg AS
SELECT c.cust, cu.customer_id, c.orders, c.rev0, c.rev1, ls.ssum, ls.scnt,
       CASE
         WHEN ls.cust IS NULL OR ls.date < p.d - 730 THEN 'unmeasured'
         WHEN ls.ssum >= 70 * ls.scnt THEN
           CASE WHEN c.orders >= f.f THEN
                  CASE WHEN ls.ssum >= 90 * ls.scnt
                         AND ((ls.rcnt > 0 AND ls.rsum >= 90 * ls.rcnt)
                              OR EXISTS (SELECT 1 FROM referral AS r
                                         WHERE r.from_cust = c.cust
                                           AND r.date >= p.d - 730 AND r.date < p.d))
                       THEN 'apostle' ELSE 'loyal' END
                ELSE 'opportunist' END
         ELSE
           CASE WHEN c.orders >= f.f THEN 'hostage'
                WHEN ls.ssum <= 30 * ls.scnt
                  AND ((ls.rcnt > 0 AND ls.rsum <= 30 * ls.rcnt)
                       OR EXISTS (SELECT 1 FROM complaint AS k
                                  WHERE k.cust = c.cust AND k.date < p.d
                                    AND (k.status = 'open' OR k.resolved_on >= p.d)))
                THEN 'terrorist'
                ELSE 'defector' END
       END AS segment
FROM c
JOIN st ON st.cust = c.cust AND st.state = 'active'
JOIN customer AS cu ON cu.id = c.cust
LEFT JOIN ls ON ls.cust = c.cust
CROSS JOIN p CROSS JOIN f;

.mode csv
.separator , "\n"
.headers on
.once segments.csv
SELECT customer_id, segment FROM seg ORDER BY customer_id;

.once actions.csv
SELECT CASE segment WHEN 'terrorist' THEN 1 WHEN 'defector' THEN 1 WHEN 'apostle' THEN 2
                    WHEN 'loyal' THEN 3 WHEN 'opportunist' THEN 4 WHEN 'hostage' THEN 5
                    ELSE 6 END AS priority,
       customer_id
FROM seg
ORDER BY priority,
         segment = 'defector',
         CASE WHEN segment = 'loyal' THEN ssum * 1.0 / scnt END DESC,
         CASE WHEN segment IN ('terrorist', 'defector') THEN rev0 + rev1 ELSE rev0 END DESC,
         customer_id;

.mode list
.headers off
.once summary.json
SELECT json_object(
  'as_of', date((SELECT d FROM p) * 86400, 'unixepoch'),
  'retention', json_object(
     'rate', CASE WHEN prev > 0 THEN retained * 1.0 / prev END,
     'previous_buyers', prev, 'retained', retained),
  'segments', json_object(
     'apostle', (SELECT count(*) FROM seg WHERE segment = 'apostle'),
     'loyal', (SELECT count(*) FROM seg WHERE segment = 'loyal'),
     'opportunist', (SELECT count(*) FROM seg WHERE segment = 'opportunist'),
     'hostage', (SELECT count(*) FROM seg WHERE segment = 'hostage'),
     'defector', (SELECT count(*) FROM seg WHERE segment = 'defector'),
     'terrorist', (SELECT count(*) FROM seg WHERE segment = 'terrorist'),
     'unmeasured', (SELECT count(*) FROM seg WHERE segment = 'unmeasured')),
  'nps', json_object(
     'score', CASE WHEN pro + pas + det > 0 THEN 100.0 * (pro - det) / (pro + pas + det) END,
     'promoters', pro, 'passives', pas, 'detractors', det),
  'customers', (SELECT count(*) FROM seg),
  'lapsed', (SELECT count(*) FROM st WHERE state = 'lapsed'),
  'departed', (SELECT count(*) FROM st WHERE state = 'departed'),
  'prospects', (SELECT count(*) FROM customer) - (SELECT count(*) FROM st),
  'F', (SELECT f FROM f))
FROM (SELECT sum(buyer1) AS prev, sum(buyer1 AND orders > 0) AS retained FROM c),
     (SELECT coalesce(sum(rsum >= 90 * rcnt), 0) AS pro,
             coalesce(sum(rsum > 60 * rcnt AND rsum < 90 * rcnt), 0) AS pas,
             coalesce(sum(rsum <= 60 * rcnt), 0) AS det
      FROM ls, p WHERE ls.rcnt > 0 AND ls.date >= p.d - 365);
