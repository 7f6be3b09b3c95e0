/*
 * gen_orders.c — writes an order CSV for bench/import.sh: ROWS rows for
 * CUSTOMERS customers, fast and the same every time (fixed seed).
 *
 *   gen_orders ROWS CUSTOMERS [en|de] > orders.csv
 *
 * en: customer,order id,date,revenue,margin   2026-11-24   1234.56
 * de: Kundennummer;Belegnr.;Belegdatum;Umsatz netto;Deckungsbeitrag
 *     24.11.2026   1.234,56  (Windows-1252 would only matter for names)
 *
 * Order ids rise with time (as an ERP numbers its documents); customers
 * are drawn with a skew (some buy often, most rarely); about 2 % of the
 * rows are credit notes (negative revenue); the margin is 15-45 %.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t s = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void)
{
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

static void civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 1234.56 or 1.234,56 */
static int money(char *b, long cents, int de)
{
	int n = 0;
	if (cents < 0) {
		b[n++] = '-';
		cents = -cents;
	}
	long whole = cents / 100;
	char w[24];
	int wl = snprintf(w, sizeof(w), "%ld", whole);
	for (int i = 0; i < wl; i++) {
		if (de && i && (wl - i) % 3 == 0)
			b[n++] = '.';
		b[n++] = w[i];
	}
	n += sprintf(b + n, "%c%02ld", de ? ',' : '.', cents % 100);
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gen_orders ROWS CUSTOMERS [en|de]\n");
		return 2;
	}
	long rows = atol(argv[1]), custs = atol(argv[2]);
	int de = argc > 3 && !strcmp(argv[3], "de");
	char sep = de ? ';' : ',';
	static char out[1 << 20];
	setvbuf(stdout, out, _IOFBF, sizeof(out));
	if (de)
		puts("Kundennummer;Belegnr.;Belegdatum;Umsatz netto;Deckungsbeitrag");
	else
		puts("customer,order id,date,revenue,margin");
	long first = 19358, span = 5 * 365; /* 2023-01-01, five years */
	char line[160];
	for (long i = 0; i < rows; i++) {
		/* skew: the square of a uniform number favours low customer numbers */
		double u = (double)(next() >> 11) / 9007199254740992.0;
		long c = (long)(u * u * (double)custs);
		long day = first + i * span / rows;
		int y, m, d;
		civil(day, &y, &m, &d);
		long rev = 500 + (long)(next() % 200000) + (long)(next() % 1000) * (long)(next() % 300);
		if (next() % 50 == 0)
			rev = -rev / 4;
		long mar = rev * (15 + (long)(next() % 31)) / 100;
		int n;
		if (de)
			n = sprintf(line, "K%07ld;B%010ld;%02d.%02d.%04d;", c, i + 1, d, m, y);
		else
			n = sprintf(line, "K%07ld,B%010ld,%04d-%02d-%02d,", c, i + 1, y, m, d);
		n += money(line + n, rev, de);
		line[n++] = sep;
		n += money(line + n, mar, de);
		line[n++] = '\n';
		fwrite(line, 1, (size_t)n, stdout);
	}
	return fflush(stdout) ? 1 : 0;
}
