// duckdb_model.mjs — the DuckDB peer of treue's loyalty report.
//
//   node bench/duckdb_model.mjs csv  CSVDIR OUTDIR
//       a fresh process: load the canonical CSVs into an in-memory database,
//       run model_duckdb.sql, write the outputs.  Timed from outside as
//       "from CSV" (process start to exit).
//   node bench/duckdb_model.mjs warm CSVDIR OUTDIR RUNS
//       load once (not timed), then run model_duckdb.sql RUNS times on the
//       tables already in memory, timing only the queries; prints
//       "load_ms: X", "warm_ms: X" per run and "warm_ms_median: X".
//
// "Today" (D is the day after the latest order dated on or before it) is
// TREUE_TODAY (YYYY-MM-DD) when set, as for treue, else the local date.
//
// Outputs in OUTDIR: summary.json, segments.csv (customer_id,segment sorted
// by customer_id), actions.csv (priority,customer_id in action-list order).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const here = dirname(fileURLToPath(import.meta.url));
const MODEL = readFileSync(join(here, 'model_duckdb.sql'), 'utf8');

function sqlString(s) {
  return "'" + s.replaceAll("'", "''") + "'";
}

function today() {
  const t = process.env.TREUE_TODAY;
  if (t && /^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const n = new Date();
  const p = (x) => String(x).padStart(2, '0');
  return `${n.getFullYear()}-${p(n.getMonth() + 1)}-${p(n.getDate())}`;
}

function loadSql(dir) {
  const f = (name) => sqlString(join(dir, name));
  return `
CREATE TABLE today AS SELECT DATE ${sqlString(today())} AS d;
CREATE TABLE orders AS
SELECT * FROM read_csv(${f('orders.csv')}, header = true, auto_detect = false,
  columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'revenue': 'DECIMAL(18,2)', 'margin': 'DECIMAL(18,2)'});
CREATE TABLE survey AS
SELECT customer_id, date,
       CAST(satisfaction * 10 AS INTEGER) AS sat,
       CAST(recommend * 10 AS INTEGER) AS rec,
       CAST(value * 10 AS INTEGER) AS val
FROM read_csv(${f('surveys.csv')}, header = true, auto_detect = false,
  columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'satisfaction': 'DECIMAL(4,1)',
             'recommend': 'DECIMAL(4,1)', 'value': 'DECIMAL(4,1)'});
CREATE TABLE referral AS
SELECT * FROM read_csv(${f('referrals.csv')}, header = true, auto_detect = false,
  columns = {'from_customer': 'VARCHAR', 'to_customer': 'VARCHAR', 'date': 'DATE'});
CREATE TABLE complaint AS
SELECT * FROM read_csv(${f('complaints.csv')}, header = true, auto_detect = false,
  columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'status': 'VARCHAR', 'resolved_on': 'DATE'});
CREATE TABLE departure AS
SELECT * FROM read_csv(${f('departures.csv')}, header = true, auto_detect = false,
  columns = {'customer_id': 'VARCHAR', 'date': 'DATE'});
CREATE TABLE customers AS
SELECT * FROM read_csv(${f('customers.csv')}, header = true, auto_detect = false,
  columns = {'customer_id': 'VARCHAR', 'name': 'VARCHAR', 'region': 'VARCHAR'});
`;
}

async function writeOutputs(con, out) {
  mkdirSync(out, { recursive: true });
  await con.run(`COPY (SELECT customer_id, segment FROM seg ORDER BY customer_id)
                 TO ${sqlString(join(out, 'segments.csv'))} (HEADER, DELIMITER ',')`);
  await con.run(`COPY (SELECT priority, customer_id FROM seg ORDER BY pos)
                 TO ${sqlString(join(out, 'actions.csv'))} (HEADER, DELIMITER ',')`);
  const r = await con.runAndReadAll('SELECT * FROM summary');
  const s = r.getRowObjectsJS()[0];
  const num = (x) => Number(x);
  const prev = num(s.previous_buyers), kept = num(s.retained);
  const pro = num(s.promoters), pas = num(s.passives), det = num(s.detractors);
  const summary = {
    as_of: s.as_of,
    retention: { rate: prev > 0 ? kept / prev : null, previous_buyers: prev, retained: kept },
    segments: Object.fromEntries(
      ['apostle', 'loyal', 'opportunist', 'hostage', 'defector', 'terrorist', 'unmeasured']
        .map((k) => [k, num(s[k])])),
    nps: { score: pro + pas + det > 0 ? (100 * (pro - det)) / (pro + pas + det) : null,
           promoters: pro, passives: pas, detractors: det },
    customers: num(s.customers),
    lapsed: num(s.lapsed),
    departed: num(s.departed),
    prospects: num(s.prospects),
    F: num(s.f),
  };
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary) + '\n');
}

async function main() {
  const [mode, csvDir, outDir, runsArg] = process.argv.slice(2);
  if (!['csv', 'warm'].includes(mode) || !csvDir || !outDir) {
    console.error('usage: node duckdb_model.mjs csv|warm CSVDIR OUTDIR [RUNS]');
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const t0 = performance.now();
  await con.run(loadSql(resolve(csvDir)));
  const t1 = performance.now();
  if (mode === 'csv') {
    await con.run(MODEL);
    await writeOutputs(con, resolve(outDir));
    return;
  }
  console.log(`load_ms: ${(t1 - t0).toFixed(1)}`);
  const runs = Math.max(1, parseInt(runsArg || '5', 10));
  // one run first, not timed (as `treue bench` does): what a first run
  // allocates or warms is not the computation of a warm query
  await con.run(MODEL);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await con.run(MODEL);
    const b = performance.now();
    times.push(b - a);
    console.log(`warm_ms: ${(b - a).toFixed(1)}`);
  }
  await writeOutputs(con, resolve(outDir));
  times.sort((x, y) => x - y);
  const m = times.length % 2 ? times[(times.length - 1) / 2]
    : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  console.log(`warm_ms_median: ${m.toFixed(1)}`);
}

main().catch((e) => {
  console.error(`duckdb_model: ${e.message || e}`);
  process.exit(1);
});
