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
-- Everything comes from a hash of row numbers (no random()), so the same @n
-- gives the same database on every machine.  Each value below is
--   a = v · 2654435761 mod 2^32,  t = a / 256,
--   h(v) = ((t² + a) mod 2^32) · 1103515245 mod 2^31 / 128      (24 bits)
-- of a number v unique to the row and the field: n·64 + k for field k of
-- customer n, (n·68 + j)·4 + k for field k of its order j.  The square
-- keeps fields of one row independent of each other (a plain multiplicative
-- hash would make them shifted copies).  Integer products stay below 2^63
-- for @n up to 7 million.

PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;

BEGIN;

-- per-customer hashes h1 .. h12
CREATE TEMP TABLE g_h AS
SELECT n,
       ((a1 / 256) * (a1 / 256) + a1) % 4294967296 * 1103515245 % 2147483648 / 128 AS h1,
       ((a2 / 256) * (a2 / 256) + a2) % 4294967296 * 1103515245 % 2147483648 / 128 AS h2,
       ((a3 / 256) * (a3 / 256) + a3) % 4294967296 * 1103515245 % 2147483648 / 128 AS h3,
       ((a4 / 256) * (a4 / 256) + a4) % 4294967296 * 1103515245 % 2147483648 / 128 AS h4,
       ((a5 / 256) * (a5 / 256) + a5) % 4294967296 * 1103515245 % 2147483648 / 128 AS h5,
       ((a6 / 256) * (a6 / 256) + a6) % 4294967296 * 1103515245 % 2147483648 / 128 AS h6,
       ((a7 / 256) * (a7 / 256) + a7) % 4294967296 * 1103515245 % 2147483648 / 128 AS h7,
       ((a8 / 256) * (a8 / 256) + a8) % 4294967296 * 1103515245 % 2147483648 / 128 AS h8,
       ((a9 / 256) * (a9 / 256) + a9) % 4294967296 * 1103515245 % 2147483648 / 128 AS h9,
       ((a10 / 256) * (a10 / 256) + a10) % 4294967296 * 1103515245 % 2147483648 / 128 AS h10,
       ((a11 / 256) * (a11 / 256) + a11) % 4294967296 * 1103515245 % 2147483648 / 128 AS h11,
       ((a12 / 256) * (a12 / 256) + a12) % 4294967296 * 1103515245 % 2147483648 / 128 AS h12
FROM (SELECT value AS n,
             (value * 64 + 1) * 2654435761 % 4294967296 AS a1,
             (value * 64 + 2) * 2654435761 % 4294967296 AS a2,
             (value * 64 + 3) * 2654435761 % 4294967296 AS a3,
             (value * 64 + 4) * 2654435761 % 4294967296 AS a4,
             (value * 64 + 5) * 2654435761 % 4294967296 AS a5,
             (value * 64 + 6) * 2654435761 % 4294967296 AS a6,
             (value * 64 + 7) * 2654435761 % 4294967296 AS a7,
             (value * 64 + 8) * 2654435761 % 4294967296 AS a8,
             (value * 64 + 9) * 2654435761 % 4294967296 AS a9,
             (value * 64 + 10) * 2654435761 % 4294967296 AS a10,
             (value * 64 + 11) * 2654435761 % 4294967296 AS a11,
             (value * 64 + 12) * 2654435761 % 4294967296 AS a12
      FROM generate_series(1, @n));

-- per-customer parameters
CREATE TEMP TABLE g_param AS
SELECT n,
       h1 % 68 AS nord,
       20780 - 2200 + h2 % 2170 AS first,
       h3 % 100 AS churn_pct,
       20 + h4 % 71 AS churn_at,
       2000 + h5 % 200000 AS base,
       h6 % 100 AS round_pct,
       h7 % 100 AS survey_pct,
       h8 % 100 AS sat_pct,
       h9, h10, h11, h12
FROM g_h;

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

-- orders: row j (0 .. nord-1) of customer n, hashes o1 .. o4
INSERT INTO orders(cust, date, revenue, margin)
SELECT n, date, rev, CASE WHEN o4 % 10 = 0 THEN NULL ELSE rev * (10 + o4 % 30) / 100 END
FROM (
  SELECT n, o4,
         first + (last - first) * o1 / 16777215 AS date,
         CASE WHEN o2 % 100 < 3 THEN -(amount / 4) ELSE amount END AS rev
  FROM (
    SELECT n, first, last, o1, o2, o4,
           CASE WHEN round_pct < 20 THEN base * (50 + o3 % 100) / 10000 * 100
                ELSE base * (50 + o3 % 100) / 100 END AS amount
    FROM (
      SELECT n, first, last, base, round_pct,
             ((b1 / 256) * (b1 / 256) + b1) % 4294967296 * 1103515245 % 2147483648 / 128 AS o1,
             ((b2 / 256) * (b2 / 256) + b2) % 4294967296 * 1103515245 % 2147483648 / 128 AS o2,
             ((b3 / 256) * (b3 / 256) + b3) % 4294967296 * 1103515245 % 2147483648 / 128 AS o3,
             ((b4 / 256) * (b4 / 256) + b4) % 4294967296 * 1103515245 % 2147483648 / 128 AS o4
      FROM (
        SELECT s.n, s.first, s.last, s.base, s.round_pct,
               ((s.n * 68 + k.value) * 4 + 0) * 2654435761 % 4294967296 AS b1,
               ((s.n * 68 + k.value) * 4 + 1) * 2654435761 % 4294967296 AS b2,
               ((s.n * 68 + k.value) * 4 + 2) * 2654435761 % 4294967296 AS b3,
               ((s.n * 68 + k.value) * 4 + 3) * 2654435761 % 4294967296 AS b4
        FROM g_span AS s JOIN generate_series(0, 66) AS k ON k.value < s.nord
      )
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
  SELECT n, level,
         CASE WHEN survey_pct = 80 AND k = 0 THEN 20781 + h10 % 30
              WHEN survey_pct >= 70 AND survey_pct < 80 THEN 20780 - 731 - (h10 / (k + 1)) % 700
              WHEN h11 % 50 = 0 THEN 20781 - 730
              WHEN h11 % 50 = 1 THEN 20781 - 731
              WHEN h11 % 50 = 2 THEN 20781 - 365
              -- k = 1 on the same day as k = 0 for some: several surveys on the latest day
              WHEN k = 1 AND h12 % 4 = 0 THEN 20781 - 1 - h10 % 730
              ELSE 20781 - 1 - (h10 / (k * 7 + 1)) % 730 END AS date,
         ((c1 / 256) * (c1 / 256) + c1) % 4294967296 * 1103515245 % 2147483648 / 128 AS j1,
         ((c2 / 256) * (c2 / 256) + c2) % 4294967296 * 1103515245 % 2147483648 / 128 AS j2,
         ((c3 / 256) * (c3 / 256) + c3) % 4294967296 * 1103515245 % 2147483648 / 128 AS j3
  FROM (
    SELECT l.n, l.level, l.survey_pct, l.h10, l.h11, l.h12, k.value AS k,
           ((l.n * 4 + k.value) * 4 + 1) * 2654435761 % 4294967296 AS c1,
           ((l.n * 4 + k.value) * 4 + 2) * 2654435761 % 4294967296 AS c2,
           ((l.n * 4 + k.value) * 4 + 3) * 2654435761 % 4294967296 AS c3
    FROM g_level AS l JOIN generate_series(0, 2) AS k ON k.value <= l.h12 % 3
  )
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

DROP TABLE g_h;
DROP TABLE g_param;
DROP TABLE g_span;
DROP TABLE g_level;
ANALYZE;
