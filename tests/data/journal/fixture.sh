# fixture.sh — sourced by the journal CLI tests after lib.sh: a small
# company with five customers, a year of orders and a journal with every
# kind of entry, recorded through `treue add` and `treue close` (orders go
# in with SQL, as no import existed when it was written).  Today is
# 2026-11-24 (TREUE_TODAY), a Tuesday of ISO week 2026-W48.
export USER=tester
q() { $TREUE "$@" >/dev/null 2>"$WORK/fixture.err" || { echo "not ok - $CLI_FILE: fixture: treue $*"; cat "$WORK/fixture.err"; }; }
q init
q add customer --id A100 --name "Alpenblick Hotel GmbH" --owner Anna --industry hotel
q add customer --id B200 --name "Bergmann Maschinenbau AG" --owner Ben
q add customer --id C300 --name "Citrus Café" --owner Anna
q add customer --id D400 --name "Donau Logistik KG" --owner Ben
q add customer --id E500 --name "Eder & Söhne"
# orders: day numbers from ISO dates; revenue in cents (sql: on SQLite or
# PostgreSQL, tests/cli/lib.sh)
sql "
INSERT INTO orders(cust, date, revenue, margin, order_id)
SELECT c.id, CAST(julianday(o.d) - julianday('1970-01-01') AS INTEGER), o.rev, o.rev / 4, o.oid
FROM (SELECT 'A100' AS cid, '2025-03-10' AS d, 120000 AS rev, 'R-1' AS oid
      UNION ALL SELECT 'A100', '2026-02-11', 98000, 'R-2'
      UNION ALL SELECT 'A100', '2026-09-30', 45050, 'R-3'
      UNION ALL SELECT 'B200', '2025-06-01', 500000, 'R-4'
      UNION ALL SELECT 'B200', '2026-05-20', 730000, 'R-5'
      UNION ALL SELECT 'B200', '2026-06-02', -20000, 'R-6'
      UNION ALL SELECT 'C300', '2026-01-05', 8990, 'R-7'
      UNION ALL SELECT 'D400', '2025-01-15', 310000, 'R-8'
      UNION ALL SELECT 'E500', '2026-11-02', 15000, 'R-9') o
JOIN customer c ON c.customer_id = o.cid;"
# dialogues: the two questions at several touchpoints
q add dialog --customer A100 --date 2026-11-18 --touchpoint sales --employee Anna --channel visit \
	--support "Faster delivery of spare parts before the season" \
	--improve "Invoices should carry our order number" --notes "Season starts in December"
q add dialog --customer B200 --date 2026-10-02 --touchpoint service --employee Ben --channel phone \
	--support "Spare parts delivery on Saturdays" --improve "Invoices arrive too late"
q add dialog --customer C300 --date 2026-04-14 --touchpoint billing --employee Carla \
	--improve "Clearer invoices, please"
q add dialog --customer A100 --date 2026-11-20 --touchpoint management --employee Dora \
	--support "A yearly review of the maintenance plan"
q add dialog --customer B200 --date 2025-02-01 --touchpoint sales --employee Ben --notes "old talk"
# promises
q add promise --customer A100 --what "Send the revised offer for the spa" --made-on 2026-11-18 --due 2026-11-27 --owner Anna
q add promise --customer B200 --what "Call back about the gearbox" --made-on 2026-11-02 --due 2026-11-10 --owner Ben
q add promise --customer C300 --what "Credit note for the double invoice" --made-on 2026-09-01 --due 2026-09-15
q add promise --customer A100 --what "Training for the new staff" --made-on 2026-06-01 --due 2026-07-01 --owner Anna
q add promise --customer B200 --what "Spare pump on stock" --made-on 2026-03-01 --due 2026-03-20 --owner Ben
q add promise --customer E500 --what "Quote for the bakery line" --made-on 2026-10-01 --due 2026-10-20 --owner Anna
q add promise --customer A100 --what "Visit with the chef" --made-on 2026-11-20 --due 2026-12-30 --owner Dora
q close promise 3 --kept --on 2026-09-14
q close promise 4 --kept --on 2026-07-08
q close promise 5 --broken --on 2026-03-25
q close promise 6 --renegotiated --on 2026-10-15 --new-due 2026-11-30
# complaints, their whys and root causes
q add complaint --customer B200 --date 2026-06-03 --reason "late delivery" \
	--description "The pump came three weeks late" --why "The supplier shipped late"
q add complaint --customer C300 --date 2026-09-01 --reason Rechnungsfehler \
	--description "Invoiced twice"
q add complaint --customer A100 --date 2026-03-02 --reason defect --description "Valve leaked"
q add complaint --customer B200 --date 2025-08-01 --reason late_delivery --description "Old one"
q close complaint 1 --on 2026-06-13 --why "Our order went out a week late" \
	--why "Nobody watched the stock level" --root-cause "No reorder point for pumps"
q close complaint 3 --on 2026-03-06 --root-cause "no reorder point for pumps"
q close complaint 4 --on 2025-08-20 --root-cause "Carrier strike"
# stories
q add story --date 2026-11-21 --employee Ben --customer B200 --situation "The line stopped on Friday evening" \
	--what "Drove the spare pump over on Saturday" --outcome "They said we saved their week"
q add story --date 2026-11-10 --employee Anna --kind tnt --what "Remembered the chef's birthday"
q add story --date 2026-10-20 --employee Ben --what "Repaired only the seal, not the whole valve" \
	--outcome "Came back with a bigger order"
q add story --date 2026-09-01 --employee Carla --what "Duplicate receipt in five minutes"
# a referral, a departure, surveys
q add referral --from A100 --to E500 --date 2026-10-25
q add departure --customer D400 --date 2026-02-01 --reason "Price too high" --competitor "Rival GmbH"
q add departure --customer C300 --date 2025-12-01 --reason "price too high"
q add survey --customer A100 --date 2026-10-01 --satisfaction 9 --recommend 9.5 --value 8 \
	--comment "Great service, slow invoices"
q add survey --customer B200 --date 2026-08-15 --satisfaction 6,5 --recommend 5
