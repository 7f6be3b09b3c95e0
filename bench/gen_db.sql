-- gen_db.sql — fills a database made by `treue init` with a deterministic
-- benchmark data set, for when `treue demo` is not available.
--
--   { echo '.parameter set @n 100000'; cat bench/gen_db.sql; } | sqlite3 FILE
--
-- @n customers; about 33.5 orders per customer (0..67, so about 1.5 % are
-- prospects without any order), first orders spread over six years, a
-- quarter of the customers stopped buying at some point, 3 % of the order
-- rows are credit notes (negative revenue), 10 % have no margin.  The
-- latest order date is 2026-11-23, so D = 2026-11-24.  About 70 % of the
-- customers have a survey in the last two years (some several on one day,
-- some with no recommend score), 10 % only a stale one, a few one dated
-- after D; 6 % made a referral, 8 % complained (open, or resolved before,
-- on or after D).  Customer ids mix the forms K0000042, K-42, k42 and Ö42
-- so that byte order differs from any locale's order.
--
-- Everything comes from a multiplicative hash of row numbers (no random()),
-- so the same @n gives the same database on every machine.  Each value
-- below is h(x, k) = ((x/256 + k·40503) · 2654435761 mod 2^32) / 256, a
-- 24-bit number (0 .. 16777215) drawn from the row's seed x with salt k.
-- Integer products stay below 2^63 for @n up to 10 million.

PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;

BEGIN;

-- seeds: one per customer
CREATE TEMP TABLE g_cust AS
SELECT value AS n, (value * 2654435761) % 4294967296 AS x
FROM generate_series(1, @n);

-- per-customer parameters
CREATE TEMP TABLE g_param AS
SELECT n,
       x,
       ((x / 256 + 1 * 40503) * 2654435761 % 4294967296 / 256) % 68 AS nord,
       20780 - 2200 + ((x / 256 + 2 * 40503) * 2654435761 % 4294967296 / 256) % 2170 AS first,
       ((x / 256 + 3 * 40503) * 2654435761 % 4294967296 / 256) % 100 AS churn_pct,
       20 + ((x / 256 + 4 * 40503) * 2654435761 % 4294967296 / 256) % 71 AS churn_at,
       2000 + ((x / 256 + 5 * 40503) * 2654435761 % 4294967296 / 256) % 200000 AS base,
       ((x / 256 + 6 * 40503) * 2654435761 % 4294967296 / 256) % 100 AS round_pct,
       ((x / 256 + 7 * 40503) * 2654435761 % 4294967296 / 256) % 100 AS survey_pct,
       ((x / 256 + 8 * 40503) * 2654435761 % 4294967296 / 256) % 100 AS sat_pct,
       ((x / 256 + 9 * 40503) * 2654435761 % 4294967296 / 256) AS h9,
       ((x / 256 + 10 * 40503) * 2654435761 % 4294967296 / 256) AS h10,
       ((x / 256 + 11 * 40503) * 2654435761 % 4294967296 / 256) AS h11,
       ((x / 256 + 12 * 40503) * 2654435761 % 4294967296 / 256) AS h12
FROM g_cust;

-- last possible order day: 20780 (2026-11-23) for active customers,
-- somewhere between 20 % and 90 % of the way for the 25 % who stopped
CREATE TEMP TABLE g_span AS
SELECT n, nord, first, base, round_pct,
       CASE WHEN churn_pct < 25 THEN first + (20780 - first) * churn_at / 100
            ELSE 20780 END AS last
FROM g_param;

INSERT INTO customer(id, customer_id, name, region)
SELECT n,
       CASE WHEN n % 97 = 0 THEN 'Ö' || n
            WHEN n % 10 = 0 THEN 'k' || n
            WHEN n % 10 = 1 THEN 'K-' || n
            ELSE printf('K%07d', n) END,
       'Firma ' || n,
       CASE n % 4 WHEN 0 THEN 'Nord' WHEN 1 THEN 'Süd' WHEN 2 THEN 'West' ELSE 'Ost' END
FROM g_param;

-- orders: row k (0 .. nord-1) of customer n, seed y = hash(n·72 + k)
INSERT INTO orders(cust, date, revenue, margin)
SELECT n, date, rev, CASE WHEN hm % 10 = 0 THEN NULL ELSE rev * (10 + hm % 30) / 100 END
FROM (
  SELECT n, date, hm,
         CASE WHEN credit THEN -(amount / 4) ELSE amount END AS rev
  FROM (
    SELECT n,
           first + (last - first) * ((y / 256 + 1 * 40503) * 2654435761 % 4294967296 / 256) / 16777215 AS date,
           ((y / 256 + 2 * 40503) * 2654435761 % 4294967296 / 256) % 100 < 3 AS credit,
           CASE WHEN round_pct < 20
                THEN base * (50 + ((y / 256 + 3 * 40503) * 2654435761 % 4294967296 / 256) % 100) / 10000 * 100
                ELSE base * (50 + ((y / 256 + 3 * 40503) * 2654435761 % 4294967296 / 256) % 100) / 100 END AS amount,
           ((y / 256 + 4 * 40503) * 2654435761 % 4294967296 / 256) AS hm
    FROM (
      SELECT s.n, s.first, s.last, s.base, s.round_pct,
             ((s.n * 72 + k.value) * 2654435761) % 4294967296 AS y
      FROM g_span AS s JOIN generate_series(0, 66) AS k ON k.value < s.nord
    )
  )
)
ORDER BY n, date;

-- the latest order date is fixed, whatever @n: customer 1 bought on 2026-11-23
INSERT INTO orders(cust, date, revenue, margin) VALUES (1, 20780, 12345, 2345);

-- surveys: customer's level (tenths), then one to three surveys
--   survey_pct <  70: current surveys within [D-730, D-1]  (some at the edges)
--   survey_pct < 80: only stale ones, before D-730
--   survey_pct = 80: one dated after D (ignored) plus a current one
CREATE TEMP TABLE g_level AS
SELECT n, survey_pct, h9, h10, h11, h12,
       CASE WHEN sat_pct < 15 THEN 90 + h9 % 11
            WHEN sat_pct < 60 THEN 70 + h9 % 20
            WHEN sat_pct < 85 THEN 31 + h9 % 39
            ELSE h9 % 31 END AS level
FROM g_param
WHERE nord > 0 AND survey_pct <= 80;

INSERT INTO survey(cust, date, satisfaction, recommend, value)
SELECT n, date,
       max(0, min(100, level + j1 % 11 - 5)),
       CASE WHEN j2 % 10 = 0 THEN NULL ELSE max(0, min(100, level + j2 % 21 - 10)) END,
       CASE WHEN j3 % 5 = 0 THEN NULL ELSE max(0, min(100, level + j3 % 31 - 15)) END
FROM (
  SELECT l.n, l.level,
         CASE WHEN l.survey_pct = 80 AND k.value = 0 THEN 20781 + l.h10 % 30
              WHEN l.survey_pct >= 70 AND l.survey_pct < 80 THEN 20780 - 731 - (l.h10 / (k.value + 1)) % 700
              WHEN l.h11 % 50 = 0 THEN 20781 - 730
              WHEN l.h11 % 50 = 1 THEN 20781 - 731
              WHEN l.h11 % 50 = 2 THEN 20781 - 365
              -- k = 1 on the same day as k = 0 for some: several surveys on the latest day
              WHEN k.value = 1 AND l.h12 % 4 = 0 THEN 20781 - 1 - l.h10 % 730
              ELSE 20781 - 1 - (l.h10 / (k.value * 7 + 1)) % 730 END AS date,
         ((l.h12 / 8 + k.value * 40503) * 2654435761 % 4294967296 / 256) AS j1,
         ((l.h12 / 8 + k.value * 40503 + 7) * 2654435761 % 4294967296 / 256) AS j2,
         ((l.h12 / 8 + k.value * 40503 + 13) * 2654435761 % 4294967296 / 256) AS j3
  FROM g_level AS l JOIN generate_series(0, 2) AS k ON k.value <= l.h12 % 3
);

-- referrals: 6 % of the customers referred another, over the last three years
INSERT INTO referral(from_cust, to_cust, date)
SELECT n, 1 + (n * 7919) % @n, 20780 - h9 % 1100
FROM g_param
WHERE h10 % 100 < 6 AND 1 + (n * 7919) % @n <> n;

-- complaints: 8 % of the customers; 40 % still open, the others resolved
-- 0 .. 59 days later (some on or after D, so still open at D)
INSERT INTO complaint(cust, date, reason, status, resolved_on)
SELECT n, date, 'late_delivery',
       CASE WHEN h12 % 10 < 4 THEN 'open' ELSE 'resolved' END,
       CASE WHEN h12 % 10 < 4 THEN NULL ELSE date + h11 % 60 END
FROM (SELECT n, h11, h12, 20790 - h9 % 800 AS date FROM g_param WHERE h10 % 100 BETWEEN 10 AND 17);

COMMIT;

DROP TABLE g_cust;
DROP TABLE g_param;
DROP TABLE g_span;
DROP TABLE g_level;
ANALYZE;
