/*
 * cmd_serve.c — `treue serve`: starts the web workbench (src/web) on the
 * database, prints its address, and stops cleanly on SIGTERM or Ctrl-C
 * (running requests are answered first).  The signals are blocked before
 * the daemon's threads start, so only sigwait here receives them.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "web.h"

static void log_line(void *arg, const char *line)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	(void)arg;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s %s\n", when, line);
}

static int loopback(const char *addr)
{
	return str_starts_with(addr, "127.") || str_starts_with(addr, "[::1]:");
}

int cmd_serve(int argc, char **argv, struct ctx *c)
{
	const char *listen = "127.0.0.1:8080", *cert = NULL, *key = NULL;
	long threads = 4, idle = 0, max = 0, timeout = 30, per_address = 32;
	int quiet = 0;
	const struct option opts[] = {
	    OPT_STRING("listen", &listen, "ADDR:PORT",
	               "address and port (default 127.0.0.1:8080; port 0 picks a free one)",
	               "Adresse und Port (Vorgabe 127.0.0.1:8080; Port 0 wählt einen freien)"),
	    OPT_STRING("tls-cert", &cert, "FILE", "TLS certificate (PEM), with --tls-key",
	               "TLS-Zertifikat (PEM), mit --tls-key"),
	    OPT_STRING("tls-key", &key, "FILE", "TLS private key (PEM)",
	               "privater TLS-Schlüssel (PEM)"),
	    OPT_INT("threads", &threads, "N", "worker threads (default 4)",
	            "Arbeits-Threads (Vorgabe 4)"),
	    OPT_INT("timeout", &timeout, "SECONDS",
	            "close a connection silent so long (default 30)",
	            "eine so lange stille Verbindung schließen (Vorgabe 30)"),
	    OPT_INT("per-address", &per_address, "N",
	            "connections from one address at once (default 32; raise it behind a proxy)",
	            "Verbindungen von einer Adresse zugleich (Vorgabe 32; hinter einem Proxy "
	            "erhöhen)"),
	    OPT_INT("session-idle", &idle, "MINUTES",
	            "end sessions idle this long (default: setting web_session_idle_minutes, 30)",
	            "Sitzungen nach so langer Untätigkeit beenden (Vorgabe: Einstellung "
	            "web_session_idle_minutes, 30)"),
	    OPT_INT("session-max", &max, "HOURS",
	            "end sessions this long after login (default: setting web_session_max_hours, "
	            "12)",
	            "Sitzungen so lange nach der Anmeldung beenden (Vorgabe: Einstellung "
	            "web_session_max_hours, 12)"),
	    OPT_FLAG("quiet", &quiet, "no log of requests on stderr",
	             "kein Protokoll der Anfragen auf stderr"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue serve [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]",
	    "Serves the workbench in the browser for the whole team: logins with roles (see\n"
	    "`treue user`), German and English. It needs at least one user: create the first\n"
	    "with `treue user add NAME --role admin`. Without TLS it should listen only on\n"
	    "127.0.0.1 (the default), or behind a reverse proxy that speaks HTTPS: the login\n"
	    "cookie is Secure, and browsers keep it over plain http only for the local machine.\n"
	    "SIGTERM or Ctrl-C stops it after the running requests are answered.",
	    "Stellt die Werkbank für das ganze Team im Browser bereit: Anmeldung mit Rollen\n"
	    "(siehe `treue user`), Deutsch und Englisch. Es braucht mindestens einen Benutzer:\n"
	    "den ersten mit `treue user add NAME --role admin` anlegen. Ohne TLS nur auf\n"
	    "127.0.0.1 lauschen (die Vorgabe) oder hinter einem Reverse-Proxy mit HTTPS: das\n"
	    "Anmelde-Cookie ist Secure, und Browser behalten es über einfaches http nur für den\n"
	    "eigenen Rechner. SIGTERM oder Strg-C beendet es, nachdem laufende Anfragen\n"
	    "beantwortet sind."};
	struct web_config cfg;
	struct web_listen wl = {0};
	struct web_server *srv = NULL;
	struct web_daemon *d = NULL;
	struct store *st;
	struct err e;
	sigset_t set;
	int sig = 0;
	err_init(&e, cli_lang);
	if (parse_options(c, argc, argv, opts, &help) != 0)
		return usage_error(
		    L(cli_lang, "serve takes no arguments", "serve erwartet keine Argumente"));
	if (per_address < 1 || per_address > 256)
		return usage_error("%s", L(cli_lang, "--per-address: from 1 to 256",
		                           "--per-address: von 1 bis 256"));
	if (timeout < 1 || timeout > 3600)
		return usage_error("%s", L(cli_lang, "--timeout: from 1 to 3600 seconds",
		                           "--timeout: von 1 bis 3600 Sekunden"));
	if (threads < 1 || threads > 256)
		return usage_error(
		    L(cli_lang, "--threads: from 1 to 256", "--threads: von 1 bis 256"));
	if (idle < 0 || idle > 7 * 24 * 60 || max < 0 || max > 24 * 90)
		return usage_error(L(cli_lang,
		                     "--session-idle: at most 10080 minutes; --session-max: at "
		                     "most 2160 hours",
		                     "--session-idle: höchstens 10080 Minuten; --session-max: "
		                     "höchstens 2160 Stunden"));
	if (!(st = ctx_store(c)))
		return EXIT_ERR;
	web_config_default(&cfg);
	cfg.db_path = c->db;
	cfg.threads = (int)threads;
	cfg.upload_dir = getenv("TMPDIR"); /* where uploads wait for their import */
	if (!quiet)
		cfg.log = log_line;
	if (web_config_from_store(&cfg, st, &e))
		return print_err(&e);
	if (idle)
		cfg.session_idle = (int)idle * 60;
	if (max)
		cfg.session_max = (int)max * 3600;
	/* the tests fix "today" as for every command (TREUE_TODAY) */
	if (getenv("TREUE_TODAY"))
		cfg.today = day_today();
	store_close(c->st);
	c->st = NULL;
	if (web_server_open(&cfg, &srv, &e))
		return print_err(&e);

	/* from here on SIGINT and SIGTERM reach only sigwait below: the
	 * daemon's threads inherit the blocked mask */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	wl.addr = listen;
	wl.tls_cert = cert;
	wl.tls_key = key;
	wl.threads = (int)threads;
	wl.timeout = (int)timeout;
	wl.per_address = (int)per_address;
	if (web_daemon_start(srv, &wl, &d, &e)) {
		web_server_close(srv);
		return print_err(&e);
	}
	if (!cert && !loopback(listen))
		warning(
		    L(cli_lang,
		      "listening on %s without TLS: browsers keep the Secure login cookie only "
		      "from https or from this machine — put a TLS reverse proxy in front",
		      "lausche auf %s ohne TLS: Browser behalten das Secure-Anmelde-Cookie nur "
		      "über https oder vom eigenen Rechner — einen TLS-Reverse-Proxy davorsetzen"),
		    listen);
	printf(
	    L(cli_lang, "treue serve: %s (Ctrl-C stops)\n", "treue serve: %s (Strg-C beendet)\n"),
	    web_daemon_url(d));
	fflush(stdout);
	while (sigwait(&set, &sig) != 0)
		;
	fprintf(stderr,
	        L(cli_lang, "treue serve: stopping (signal %d)\n",
	          "treue serve: wird beendet (Signal %d)\n"),
	        sig);
	web_daemon_stop(d, 10);
	web_server_close(srv);
	return EXIT_OK;
}
