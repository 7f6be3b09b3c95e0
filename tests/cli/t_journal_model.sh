# t_journal_model.sh — the model reacts to the journal, end to end through
# the CLI: a promise kept on time raises trust and a broken one lowers it;
# an open complaint turns a defector with low scores into a terrorist and
# closing it turns it back; a referral makes a loyal customer with
# satisfaction 9 an apostle.  Today is 2026-11-24; D is 2026-11-25.
. "$(dirname "$0")/lib.sh"
D=2026-11-25
seg() { t segments --as-of $D --format csv; grep "^$1," "$WORK/out" | cut -d, -f2; }

t init
# orders: L1 buys three times (frequent), T1 and P1 once (F = max(2, median 1) = 2)
sql "
insert into customer(id, customer_id, name) values (1, 'L1', 'Lange GmbH'), (2, 'T1', 'Thal KG'),
  (3, 'P1', 'Pohl AG'), (4, 'N1', 'Neu OHG');
insert into orders(cust, date, revenue) values (1, 20700, 1000), (1, 20720, 1000), (1, 20760, 1000),
  (2, 20700, 500), (3, 20700, 800), (3, 20781, 10);"
t add survey --customer L1 --date 2026-11-01 --satisfaction 9 --recommend 7
t add survey --customer T1 --date 2026-11-01 --satisfaction 2 --recommend 5
t add survey --customer P1 --date 2026-11-01 --satisfaction 8 --recommend 8 --value 6
expect_eq "a loyal customer with satisfaction 9 and recommend 7" "$(seg L1)" loyal
expect_eq "low scores, recommend 5, nothing open: a defector" "$(seg T1)" defector

t add referral --from L1 --to N1 --date 2026-11-20
expect_rc "referral recorded" 0
expect_eq "a recorded referral makes the loyal customer an apostle" "$(seg L1)" apostle

t add complaint --customer T1 --date 2026-11-10 --reason "late delivery" --description "three weeks late"
expect_rc "complaint recorded" 0
expect_eq "an open complaint turns the defector into a terrorist" "$(seg T1)" terrorist
id=$(sql "select id from complaint")
t close complaint "$id" --root-cause "no buffer stock" --why "supplier late" --on 2026-11-24
expect_rc "complaint closed" 0
expect_eq "closing it turns the terrorist back into a defector" "$(seg T1)" defector

trust() { t customer P1 --as-of $D --format json; python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["trust"]["value"]; print("none" if v is None else v)' "$WORK/out"; }
expect_eq "no promise fell due: no trust figure" "$(trust)" none
t add promise --customer P1 --what "send the offer" --made-on 2026-10-01 --due 2026-11-10
p1=$(sql "select max(id) from promise")
expect_eq "a promise open past its due date counts against trust" "$(trust)" 0
t close promise "$p1" --kept --on 2026-11-09
expect_eq "a promise kept on time raises trust" "$(trust)" 1
t add promise --customer P1 --what "call back" --made-on 2026-10-01 --due 2026-11-15
p2=$(sql "select max(id) from promise")
t close promise "$p2" --broken --on 2026-11-16
expect_eq "a broken promise lowers trust" "$(trust)" 0.5
t add promise --customer P1 --what "repair" --made-on 2026-10-01 --due 2026-11-20
p3=$(sql "select max(id) from promise")
t close promise "$p3" --renegotiated --new-due 2026-12-20 --on 2026-11-18
expect_eq "renegotiated before the due date counts as honoured" "$(trust)" 0.6667
t customer P1 --as-of $D
expect_out "the customer view shows the promise counts" '3 promises due: 2 honoured, 1 broken'
t actions --as-of $D --format csv
expect_out "the action list shows the open follow-up promise" '^[0-9],P1,.*,1,0,2026-12-20,'
