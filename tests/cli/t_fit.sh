# t_fit.sh — treue fit end to end: the published CDNOW results (BG/NBD,
# Gamma-Gamma, the 39-week holdout), the fit cache, and the buy-till-you-die
# figures in customer, segments, report and actions.
. "$(dirname "$0")/lib.sh"

if [ -z "$SHARED" ] || [ ! -f "$SHARED/cdnowElog_BTYD.csv" ]; then
	skip "CDNOW reproduction" "../shared/data is not there"
else
	t init
	if [ -n "$PG" ]; then
		psql "$TREUE_DB" -qX -v ON_ERROR_STOP=1 >/dev/null <<EOF
CREATE TEMP TABLE raw(masterid text, sampleid text, date text, cds integer, sales numeric);
\\copy raw FROM '$SHARED/cdnowElog_BTYD.csv' CSV HEADER
INSERT INTO customer(customer_id) SELECT DISTINCT sampleid FROM raw;
INSERT INTO orders(cust, date, revenue) SELECT c.id, to_date(r.date, 'YYYYMMDD') - DATE '1970-01-01',
  round(r.sales * 100) FROM raw r JOIN customer c ON c.customer_id = r.sampleid;
EOF
	else
		sqlite3 "$TREUE_DB" ".mode csv" ".import $SHARED/cdnowElog_BTYD.csv raw" "
insert into customer(customer_id) select distinct sampleid from raw;
insert into orders(cust, date, revenue) select c.id,
  cast(julianday(substr(r.date,1,4)||'-'||substr(r.date,5,2)||'-'||substr(r.date,7,2)) - julianday('1970-01-01') as integer),
  cast(round(r.sales * 100) as integer) from raw r join customer c on c.customer_id = r.sampleid;
drop table raw;"
	fi
	t fit --as-of 1997-10-01 --holdout-weeks 39 --format json
	expect_rc "fit exits 0" 0
	python3 - "$WORK/out" >"$WORK/check" 2>&1 <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
def sig3(a, b):
    return abs(a - b) <= 0.0005 * abs(b) + 1e-12
p = f["params"]
checks = [
    ("model", f["model"] == "bgnbd"),
    ("r", sig3(p["r"], 0.2426)), ("alpha", sig3(p["alpha"], 4.4136)),
    ("a", sig3(p["a"], 0.7929)), ("b", sig3(p["b"], 2.4259)),
    ("loglik", abs(f["loglik"] + 9582.43) <= 0.05),
    ("customers", f["customers"] == 2357),
    ("converged", f["converged"] is True),
    ("holdout expected", abs(f["holdout"]["expected"] - 1653.4) <= 1),
    ("holdout actual", f["holdout"]["actual"] == 1882),
    ("gg p", abs(f["gamma_gamma"]["p"] - 6.25) <= 0.005),
    ("gg q", abs(f["gamma_gamma"]["q"] - 3.74) <= 0.005),
    ("gg gamma", abs(f["gamma_gamma"]["gamma"] - 15.44) <= 0.005),
    ("gg customers", f["gamma_gamma"]["customers"] == 946),
]
for name, good in checks:
    print(("ok " if good else "BAD ") + name)
PY
	while read -r res name; do
		if [ "$res" = ok ]; then ok "CDNOW $name"; else notok "CDNOW $name"; fi
	done <"$WORK/check"
	n=$(sql "select count(*) from fit where model = 'bgnbd'")
	expect_eq "fit is stored with its as-of date and data version" "$n" 1
	t customer 1 --as-of 1997-10-01 --format json
	expect_out "customer 1 P(alive) 0.727 (x=2, t_x=30.43, T=38.86)" '"p_alive": 0.7266'
	expect_out "customer json has the forward value" '"expected_margin_52w": [0-9]'
	t segments --as-of 1997-10-01 --format csv
	expect_out "segments csv has p_alive" ',p_alive,expected_purchases_52w,expected_margin_52w,expected_margin_horizon$'
	expect_out "segments csv row with p_alive" '^1,unmeasured,3,74.02,.*,0.7266,'
	t report --as-of 1997-10-01 --format json
	expect_out "report lists silent leavers" '"silent_leavers"'
	expect_out "silent leavers counted" '"count": [1-9]'
	t actions --as-of 1997-10-01 --format csv
	expect_out "actions mark silent leavers (fifth column)" '^1,[^,]*,[a-z]*,"[^"]*",1,'
	t --lang de report --as-of 1997-10-01
	expect_out "German silent leavers" 'Stille Abwanderer'
	t fit --as-of 1997-10-01 --model mbgnbd --format json
	expect_rc "MBG/NBD fits" 0
	expect_out "MBG/NBD named" '"model": "mbgnbd"'
fi

# a base of one-time buyers cannot be fitted: a clear error, not nonsense
fresh_db
t init
sql "
with recursive c(i) as (select 1 union all select i + 1 from c where i < 50)
insert into customer(id, customer_id) select i, 'K' || i from c;
insert into orders(cust, date, revenue) select id, 20000 + id, 1000 from customer;"
t fit
expect_rc "one-time buyers: fit fails" 1
expect_err "one-time buyers: the error says why" 'cannot be fitted'
t report --format json
expect_rc "report still works without a fit" 0
expect_out "report says silent leavers are not available" '"available": false'
t fit --model nonsense
expect_rc "unknown model is a usage error" 2
