# t_model.sh — the model commands end to end on a small hand-made database:
# report (text, JSON, CSV, German), segments, actions, customer, movement,
# whatif, settings, and their usage errors.
. "$(dirname "$0")/lib.sh"

t init
expect_rc "init creates the database" 0
# D = 2026-11-24 (the day after the latest order, 2026-11-23 = day 20415)
sql "
insert into customer(id, customer_id, name, owner) values
 (1,'K1','Müller Maschinenbau GmbH','Anna'),(2,'K2','Schmidt & Söhne KG','Ben'),
 (3,'K3','Prospekt AG',NULL),(4,'K4','Weber Elektro','Anna'),(5,'K5','Nord Logistik','Ben');
insert into orders(cust,date,revenue,margin) values
 (1,20415,10000,3000),(1,20400,5000,NULL),(1,20300,7000,2000),(1,20100,4000,1000),
 (2,19900,20000,5000),(2,20410,-500,NULL),
 (4,20380,1000,100),(4,20381,1000,100),(4,19800,500,50),
 (5,20200,300,30);
insert into survey(cust,date,satisfaction,recommend,value) values
 (1,20350,95,90,80),(2,20300,20,10,NULL),(4,20370,85,70,60);
insert into complaint(cust,date,reason,status) values (2,20390,'late_delivery','open');
insert into promise(cust,made_on,due_on,what,status,closed_on) values
 (1,20300,20350,'send offer','kept',20349),(1,20380,20420,'visit','open',NULL);
update orders set date = date + 365; update survey set date = date + 365; update complaint set date = date + 365; update promise set made_on = made_on + 365, due_on = due_on + 365, closed_on = closed_on + 365;
"
t report --format json
expect_rc "report json exits 0" 0
expect_out "report json has as_of" '"as_of": "2026-11-24"'
expect_out "report json retention rate" '"rate": 0.5,'
expect_out "report json previous buyers" '"previous_buyers": 2,'
expect_out "report json retained" '"retained": 1,'
expect_out "report json apostles" '"apostle": 1,'
expect_out "report json loyal" '"loyal": 1,'
expect_out "report json terrorists" '"terrorist": 1,'
expect_out "report json customers" '"customers": 4,'
expect_out "report json prospects" '"prospects": 1'
expect_out "report json nps score" '"score": 0,'
if command -v python3 >/dev/null; then
	if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/out"; then ok "report json parses"; else notok "report json parses"; fi
fi
t report
expect_out "report text names retention" 'retention rate +50.0%'
t --lang de report
expect_out "report text in German" 'Kundenbindungsrate +50,0 %'
expect_out "German segment names" 'Apostel'
t report --format csv
expect_out "report csv header" '^metric,value$'
expect_out "report csv retention" '^retention.rate,0.5000$'

t segments --format csv
expect_rc "segments csv exits 0" 0
cat >"$WORK/seg.expected" <<'CSV'
customer_id,segment,orders,revenue,satisfaction,recommend,value,revenue_previous,margin,first_order,last_order,survey_date,referrals,open_complaints,p_alive,expected_purchases_52w,expected_margin_52w,expected_margin_horizon
K1,apostle,4,260.00,9.50,9.00,8.00,0.00,110.00,2026-01-12,2026-11-23,2026-09-19,0,0,,,,
K2,terrorist,0,-5.00,2.00,1.00,,200.00,-5.00,2025-06-26,2025-06-26,2026-07-31,0,1,,,,
K4,loyal,2,20.00,8.50,7.00,6.00,5.00,2.00,2025-03-18,2026-10-20,2026-10-09,0,0,,,,
K5,unmeasured,1,3.00,,,,0.00,0.30,2026-04-22,2026-04-22,,0,0,,,,
CSV
expect_golden "segments csv golden" "$WORK/seg.expected"

t actions --format csv
expect_rc "actions csv exits 0" 0
cut -d, -f1-3 "$WORK/out" >"$WORK/act"
printf 'priority,customer_id,segment\n1,K2,terrorist\n2,K1,apostle\n3,K4,loyal\n6,K5,unmeasured\n' >"$WORK/act.expected"
if cmp -s "$WORK/act" "$WORK/act.expected"; then ok "actions csv order"; else notok "actions csv order"; fi
t actions --priority 2 --format csv
expect_out "actions --priority filters" '^2,K1,'
expect_no_out "actions --priority excludes others" '^1,K2'
t actions --owner Ben --format csv
expect_out "actions --owner filters" 'K2'
expect_no_out "actions --owner excludes" 'K1'
t actions --limit 1 --format json
expect_out "actions --limit json" '"customer_id":"K2"'
expect_no_out "actions --limit 1 stops" 'K1'
t actions
expect_out "actions text says why" 'why: satisfaction 2.0'
expect_out "actions text says what is due" 'complaint open'
t actions --priority 9
expect_rc "actions --priority 9 is a usage error" 2
# --silent: only the silent leavers (the web's action list has it too)
t actions --silent --format csv
expect_out "actions --silent: only the header when nobody leaves silently" '^priority,customer_id'
expect_no_out "actions --silent excludes the others" '^[0-9],K'
t actions --silent --priority 2 --format csv
expect_rc "actions --silent with --priority exits 0" 0

t customer K1
expect_rc "customer exits 0" 0
expect_out "customer shows segment" 'apostle'
expect_out "customer shows trust" 'trust +100.0%'
expect_out "customer shows timeline" 'promise #2: visit'
t customer Müller --format json
expect_out "customer by name prefix" '"customer_id": "K1"'
expect_out "customer json bond" '"bond": 91.7'
t customer K9
expect_rc "unknown customer exits 1" 1
expect_err "unknown customer is named" 'unknown customer "K9"'
t customer
expect_rc "customer without id is a usage error" 2

t movement --from 2025-11-24 --format csv
expect_rc "movement exits 0" 0
expect_out "movement header" '^from,to,customers,revenue$'
t movement --from 2026-12-01 --to 2026-11-01
expect_rc "movement with from after to is a usage error" 2

t whatif --retention +5 --format json
expect_rc "whatif exits 0" 0
expect_out "whatif retention" '"retention": 0.5,'
expect_out "whatif new retention" '"retention_new": 0.55,'
t whatif --retention abc
expect_rc "whatif bad points is a usage error" 2

t settings satisfied_min 9
expect_rc "settings stores a value" 0
t settings satisfied_min --format csv
expect_out "settings shows the stored value" '^satisfied_min,9,7$'
t segments --format csv
expect_out "stored setting changes segments" '^K4,hostage,'
t segments --format csv --set satisfied_min=7
expect_out "--set overrides the stored setting" '^K4,loyal,'
t settings satisfied_min default
t settings nonsense 3
expect_rc "unknown setting is a usage error" 2
t settings window 0
expect_rc "bad setting value is an error" 1
expect_err "bad setting value is named" 'field "window": "0"'
t audit
t report --format yaml
expect_rc "unknown format is a usage error" 2
t report --as-of 2026-02-31
expect_rc "bad --as-of is a usage error" 2
t frobnicate
expect_rc "unknown command is a usage error" 2
t report --help
expect_rc "report --help exits 0" 0
expect_out "report --help lists --as-of" '--as-of'

# v2: who counts at D, and an order dated after today (a typo for 2026)
sql "
insert into customer(id, customer_id, name) values (6,'K6','Alt GmbH'),(7,'K7','Weg KG');
insert into orders(cust,date,revenue,margin,order_id) values
 (6,19000,1000,NULL,NULL),(7,20600,1000,NULL,NULL),(1,33000,500,NULL,'R-2060');
insert into departure(cust,date,reason) values (7,20700,'price');"
t report --format json
expect_out "D ignores the order dated after today" '"as_of": "2026-11-24"'
expect_out "active customers" '"customers": 4,'
expect_out "lapsed: the last purchase before D - 730" '"lapsed": 1,'
expect_out "departed: a departure after the last purchase" '"departed": 1,'
expect_out "prospects" '"prospects": 1,'
expect_out "the future order is counted" '"count": 1,'
expect_out "with its latest date" '"latest": "2060-05-08"'
expect_out "and its order id" '"first_order_id": "R-2060"'
expect_out "no purchase model on 7 customers: count null" '"count": null'
expect_out "the tenure curve says how many are left out" '"tenure_left_censored": [0-9]+'
t report
expect_out "the warning in the text" '^warning: 1 order is dated after today \(order R-2060, customer K1, 2060-05-08\)'
expect_out "lapsed in the text" '^  former customers +1 '
expect_out "the silent leavers say why they are missing" 'not available \(no purchase model could be fitted'
t --lang de report
expect_out "the warning in German" '^Warnung: 1 Auftrag ist nach heute datiert \(Auftrag R-2060, Kunde K1, 08\.05\.2060\)'
# the four journal reports name the same order, in text (both languages),
# JSON and (on stderr) CSV; and they agree with the model's report
for r in promises cadence feedback stories; do
	t report $r
	expect_out "report $r: the warning" '^warning: 1 order is dated after today \(order R-2060, customer K1, 2060-05-08\)'
	t --lang de report $r
	expect_out "report $r: the warning in German" '^Warnung: 1 Auftrag ist nach heute datiert \(Auftrag R-2060, Kunde K1, 08\.05\.2060\)'
	t report $r --format json
	expect_eq "report $r json: the future orders" "$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["future_orders"]; print(f["count"], f["latest"], f["first_order_id"], f["first_customer_id"])' "$WORK/out")" "1 2060-05-08 R-2060 K1"
	t report $r --format csv
	expect_err "report $r csv: the warning on stderr" '^warning: 1 order is dated after today'
done
t actions --format csv
expect_out "actions csv: silent in the fifth column" '^priority,customer_id,segment,action,silent,'
expect_no_out "lapsed customers are not on the action list" '^[0-9],K6,'
expect_no_out "departed customers are not on the action list" '^[0-9],K7,'
expect_err "csv output: the warning on stderr" 'warning: 1 order is dated after today'
t actions
expect_out "the action list names its revenue" '^1\. .* — revenue P0\+P1, 2024-11-24 to 2026-11-23$'
t segments --format csv
expect_out "segments: the lapsed customer has no segment" '^K1,'
expect_no_out "segments: lapsed and departed left out" '^K[67],'
t whatif --format json
expect_out "whatif: the value at retention, named" '"value_at_retention": (null|-?[0-9])'
expect_out "whatif: over active customers" '"customers": 4,'
t whatif
expect_out "whatif: all years too thin for 30 active customers" 'not available: every tenure year has fewer than 30 active customers'
t whatif --set tenure_min=1
expect_out "whatif text names the value" 'value of a customer at a retention rate'
t customer K1 --format json
expect_out "customer: the purchase model's value has its own name" '"expected_margin_52w": null'
t customer K6
expect_out "customer: a lapsed customer says why" 'former customer — last purchase on 2022-01-08, more than 730 days before'
t report --as-of 2026-11-24 --set active_days=2000 --format json
expect_out "active_days is a setting" '"lapsed": 0,'
