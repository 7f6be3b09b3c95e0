# t_corrections.sh — a corrected file imported again: an order with a known
# order id whose date, customer, revenue or margin changed is updated (and
# counted as "updated", old and new values in the audit), so is the master
# data of a known customer; an orders file with a name column names the
# customers it creates; a time zone word after a time of day is dropped.
. "$(dirname "$0")/lib.sh"
t init
printf 'Kundennummer;Firma;Belegdatum;Umsatz netto;DB;Belegnummer\nK1;Müller GmbH;01.11.2026 14:30 MEZ;100,00;30,00;R-1\nK2;Schmidt KG;02.11.2026 09:00 Uhr MESZ;200,00;;R-2\nK2;Schmidt KG;03.11.2026 08:00 CET;50,00;;R-3\n' >"$WORK/o1.csv"
t import orders "$WORK/o1.csv"
expect_rc "orders with time zone words import" 0
expect_out "three new orders" '^3 imported, 0 updated, 0 already present, 2 customers created'
expect_eq "the time of day and its zone are dropped" \
	"$(sql "select group_concat(date(date * 86400, 'unixepoch'), ' ') from (select date from orders order by order_id)")" \
	"2026-11-01 2026-11-02 2026-11-03"
expect_eq "the name column names the customers the file creates" \
	"$(sql "select group_concat(name, '|') from (select name from customer order by customer_id)")" \
	"Müller GmbH|Schmidt KG"
t import orders "$WORK/o1.csv"
expect_out "the same file again adds nothing" '^0 imported, 0 updated, 3 already present'

# R-1: revenue 100 -> 110 (margin column empty: the margin stays);
# R-2: customer K2 -> K1 and date 02.11. -> 04.11.; R-3 unchanged
printf 'Kundennummer;Firma;Belegdatum;Umsatz netto;DB;Belegnummer\nK1;Müller GmbH;01.11.2026;110,00;;R-1\nK1;Anderer Name;04.11.2026;200,00;;R-2\nK2;Schmidt KG;03.11.2026;50,00;;R-3\n' >"$WORK/o2.csv"
t import orders "$WORK/o2.csv" --format json
expect_out "corrections are counted as updated" '"imported":0,"updated":2,"already_present":1'
expect_eq "the corrected orders" \
	"$(sql "select group_concat(x, ' ') from (select o.order_id || ':' || c.customer_id || ':' || date(o.date * 86400, 'unixepoch') || ':' || o.revenue || ':' || coalesce(cast(o.margin as text), '') as x from orders o join customer c on c.id = o.cust order by o.order_id)")" \
	"R-1:K1:2026-11-01:11000:3000 R-2:K1:2026-11-04:20000: R-3:K2:2026-11-03:5000:"
expect_eq "an existing name is not overwritten by an orders file" \
	"$(sql "select name from customer where customer_id = 'K1'")" "Müller GmbH"
t audit
expect_out "the audit has the old and new revenue" 'order R-1: revenue 100\.00 -> 110\.00'
expect_out "the audit has the old and new customer and date" 'order R-2: customer "K2" -> "K1", date 2026-11-02 -> 2026-11-04'
t import orders "$WORK/o2.csv"
expect_out "the corrected file again changes nothing" '^0 imported, 0 updated, 3 already present'
t segments --as-of 2026-11-25 --format csv
expect_out "the model sees the corrected orders" '^K1,unmeasured,2,310\.00,'
expect_out "and the moved one" '^K2,unmeasured,1,50\.00,'


# customer master data
printf 'customer;name;industry;region;owner;acquired_on\nK1;Müller GmbH;Maschinenbau;Nord;Anna;2020-01-01\nK3;Neu AG;;;Ben;\n' >"$WORK/c1.csv"
t import customers "$WORK/c1.csv"
expect_out "customers known only from orders count as imported" '^2 imported, 0 updated'
printf 'customer;name;industry;region;owner;acquired_on\nK1;Müller GmbH & Co. KG;Maschinenbau;Süd;Ben;2019-01-01\nK3;Neu AG;;;Ben;\n' >"$WORK/c2.csv"
t import customers "$WORK/c2.csv"
expect_out "changed master data is updated" '^0 imported, 1 updated, 1 already present'
expect_eq "the new master data" \
	"$(sql "select name || '|' || region || '|' || owner || '|' || date(acquired_on * 86400, 'unixepoch') from customer where customer_id = 'K1'")" \
	"Müller GmbH & Co. KG|Süd|Ben|2019-01-01"
t audit
expect_out "the audit names the old and new master data" 'customer K1: name "Müller GmbH" -> "Müller GmbH & Co. KG", region "Nord" -> "Süd", owner "Anna" -> "Ben", acquired_on 2020-01-01 -> 2019-01-01'
t --lang de import customers "$WORK/c2.csv"
expect_out "the German summary" '^0 importiert, 0 aktualisiert, 2 bereits vorhanden'
