/*
 * cmd_user.c — `treue user add|list|passwd|disable|enable|role|link`: the
 * people who log in to `treue serve`.  Passwords are asked twice on a
 * terminal (without echo) or read as one line from stdin, or made by
 * --generate and printed once.  Changes are audited under the OS user.
 */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "web.h"

#define PW_LINE_MAX 1024

static const char *os_user(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;
	if (u && *u)
		return u;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : "unknown";
}

/* One line from stdin into buf (without its line end); -1 at EOF or when
 * longer than the buffer. */
static int read_line(char *buf, size_t cap)
{
	if (!fgets(buf, (int)cap, stdin))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] != '\n' && !feof(stdin))
		return -1;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

static int ask_hidden(const char *prompt, char *buf, size_t cap)
{
	struct termios old, quiet;
	int rc;
	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	if (tcgetattr(0, &old) != 0)
		return read_line(buf, cap);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(0, TCSAFLUSH, &quiet);
	rc = read_line(buf, cap);
	tcsetattr(0, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

/* The new password: asked twice on a terminal, else one line of stdin. */
static int get_password(const char *name, char *pw, size_t cap)
{
	struct err e;
	err_init(&e, cli_lang);
	if (isatty(0)) {
		char again[PW_LINE_MAX];
		char prompt[200];
		snprintf(prompt, sizeof(prompt),
		         L(cli_lang, "New password for %s (at least 12 characters): ",
		           "Neues Passwort für %s (mindestens 12 Zeichen): "),
		         name);
		if (ask_hidden(prompt, pw, cap) ||
		    ask_hidden(L(cli_lang, "The same again: ", "Noch einmal: "), again,
		               sizeof(again)))
			return error("%s",
			             L(cli_lang, "no password given", "kein Passwort angegeben"));
		int same = !strcmp(pw, again);
		memset(again, 0, sizeof(again));
		if (!same)
			return error("%s", L(cli_lang, "the two passwords differ",
			                     "die beiden Passwörter sind verschieden"));
	} else if (read_line(pw, cap)) {
		return error("%s",
		             L(cli_lang,
		               "expected the password as one line on stdin (at most 1023 bytes)",
		               "erwarte das Passwort als eine Zeile auf stdin (höchstens 1023 "
		               "Bytes)"));
	}
	if (acct_password_ok(name, pw, cli_lang, &e))
		return print_err(&e);
	return EXIT_OK;
}

static void format_when(int64_t t, char *buf, size_t cap)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!t) {
		snprintf(buf, cap, "-");
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int list_users(struct ctx *c, struct store *st)
{
	struct web_account *list;
	size_t n;
	struct err e;
	struct strbuf out = STRBUF_INIT;
	char when[32];
	err_init(&e, cli_lang);
	if (acct_list(st, &list, &n, &e))
		return print_err(&e);
	if (c->format == FMT_JSON) {
		struct json j;
		json_init(&j, &out, 1);
		json_arr_begin(&j);
		for (size_t i = 0; i < n; i++) {
			json_obj_begin(&j);
			json_key(&j, "name");
			json_str(&j, list[i].name);
			json_key(&j, "role");
			json_str(&j, web_role_name(list[i].role));
			json_key(&j, "owner");
			if (list[i].owner[0])
				json_str(&j, list[i].owner);
			else
				json_null(&j);
			json_key(&j, "disabled");
			json_bool(&j, list[i].disabled);
			json_key(&j, "last_login");
			format_when(list[i].last_login_at, when, sizeof(when));
			if (list[i].last_login_at)
				json_str(&j, when);
			else
				json_null(&j);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		sb_addch(&out, '\n');
	} else if (c->format == FMT_CSV) {
		sb_adds(&out, "name,role,owner,disabled,last_login\n");
		for (size_t i = 0; i < n; i++) {
			format_when(list[i].last_login_at, when, sizeof(when));
			csv_text(&out, list[i].name, 1);
			csv_field(&out, web_role_name(list[i].role), 0);
			csv_text(&out, list[i].owner, 0);
			csv_field(&out, list[i].disabled ? "1" : "0", 0);
			csv_field(&out, list[i].last_login_at ? when : "", 0);
			sb_addch(&out, '\n');
		}
	} else if (!n) {
		sb_adds(&out, L(cli_lang, "no users\n", "keine Benutzer\n"));
	} else {
		sb_addf(&out, "%-24s %-8s %-10s %-23s %s\n", L(cli_lang, "NAME", "NAME"),
		        L(cli_lang, "ROLE", "ROLLE"), L(cli_lang, "STATUS", "STATUS"),
		        L(cli_lang, "LAST LOGIN", "LETZTE ANMELDUNG"),
		        L(cli_lang, "OWNER", "BETREUER"));
		for (size_t i = 0; i < n; i++) {
			struct strbuf at = STRBUF_INIT;
			format_when(list[i].last_login_at, when, sizeof(when));
			/* 30.11.2026 04:25:12 UTC in German, as the audit trail */
			if (list[i].last_login_at) {
				audit_time_text(&at, when, cli_lang);
				snprintf(when, sizeof(when), "%s", at.buf);
			}
			sb_release(&at);
			/* names as they show: controls escaped */
			struct strbuf line = STRBUF_INIT;
			sb_addf(&line, "%-24s %-8s %-10s %-23s %s", list[i].name,
			        web_role_name(list[i].role),
			        list[i].disabled ? L(cli_lang, "disabled", "gesperrt")
			                         : L(cli_lang, "active", "aktiv"),
			        when, list[i].owner[0] ? list[i].owner : "-");
			sb_add_visible(&out, line.buf, 0);
			sb_addch(&out, '\n');
			sb_release(&line);
		}
	}
	free(list);
	int rc = emit(&out);
	sb_release(&out);
	return rc;
}

/* The user NAME names, or an error. */
static int find_user(struct store *st, const char *name, struct web_account *a)
{
	struct err e;
	err_init(&e, cli_lang);
	int rc = acct_find(st, name, a, &e);
	if (rc < 0)
		return print_err(&e);
	if (rc == 0)
		return error(L(cli_lang, "no user \"%s\" (see treue user list)",
		               "kein Benutzer \"%s\" (siehe treue user list)"),
		             name);
	return EXIT_OK;
}

int cmd_user(int argc, char **argv, struct ctx *c)
{
	/* `user token ...`: the first positional argument (global options,
	 * which the front door moved behind the command name, skipped) */
	for (int k = 1; k < argc; k++) {
		if (argv[k][0] == '-') {
			static const char *const valued[] = {"--db", "--lang", "--format",
			                                     "--as-of", "--output"};
			for (size_t v = 0; v < ARRAY_SIZE(valued); v++)
				if (!strcmp(argv[k], valued[v]))
					k++;
			continue;
		}
		if (strcmp(argv[k], "token"))
			break;
		for (int j = k; j < argc; j++)
			argv[j] = argv[j + 1];
		return cmd_user_token(argc - 1, argv, c);
	}
	const char *role_s = NULL, *owner = NULL;
	int generate = 0;
	const struct option opts[] = {
	    OPT_STRING("role", &role_s, "ROLE", "add: admin, manager, member or viewer",
	               "add: admin, manager, member oder viewer"),
	    OPT_STRING("owner", &owner, "NAME",
	               "add: the account manager (owner) in the customer data this user is",
	               "add: der Betreuer in den Kundendaten, der dieser Benutzer ist"),
	    OPT_FLAG("generate", &generate, "add, passwd: make a random password and print it once",
	             "add, passwd: ein zufälliges Passwort erzeugen und einmal ausgeben"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue user add NAME --role ROLE [--owner NAME] [--generate]\n"
	    "   or: treue user list\n"
	    "   or: treue user passwd NAME [--generate]\n"
	    "   or: treue user disable|enable NAME\n"
	    "   or: treue user role NAME ROLE\n"
	    "   or: treue user link NAME OWNER    (\"\" unlinks)\n"
	    "   or: treue user token create|list|revoke ...   (API tokens: treue user token "
	    "--help)",
	    "The people who log in to `treue serve`. Roles: admin (users, settings, import,\n"
	    "erase, and everything else), manager (everything else, all customers), member\n"
	    "(an account manager: reads everything, writes journal entries), viewer (reads).\n"
	    "A user linked to an owner name sees that account manager's customers as \"my\n"
	    "customers\". Passwords: 12 to 128 characters, not a common one; asked twice on a\n"
	    "terminal, else read as one line from stdin. A new password and disabling end\n"
	    "the user's sessions. The last admin can be neither disabled nor demoted.",
	    "Die Personen, die sich bei `treue serve` anmelden. Rollen: admin (Benutzer,\n"
	    "Einstellungen, Import, Löschen und alles andere), manager (alles andere, alle\n"
	    "Kunden), member (ein Betreuer: liest alles, schreibt Journaleinträge), viewer\n"
	    "(liest). Ein mit einem Betreuernamen verknüpfter Benutzer sieht dessen Kunden als\n"
	    "\"meine Kunden\". Passwörter: 12 bis 128 Zeichen, kein gängiges; am Terminal\n"
	    "zweimal abgefragt, sonst als eine Zeile von stdin gelesen. Ein neues Passwort und\n"
	    "das Sperren beenden die Sitzungen des Benutzers. Der letzte Administrator kann\n"
	    "weder gesperrt noch herabgestuft werden."};
	struct web_account a;
	enum web_role role;
	struct store *st;
	struct err e;
	char pw[PW_LINE_MAX];
	int rc = EXIT_ERR;
	err_init(&e, cli_lang);
	int n = parse_options(c, argc, argv, opts, &help);
	if (n < 1)
		return usage_error("%s", L(cli_lang,
		                           "user needs a subcommand: add, list, passwd, "
		                           "disable, enable, role or link",
		                           "user braucht einen Unterbefehl: add, list, passwd, "
		                           "disable, enable, role oder link"));
	const char *sub = argv[0];
	int want = !strcmp(sub, "list")                           ? 1
	           : !strcmp(sub, "role") || !strcmp(sub, "link") ? 3
	           : !strcmp(sub, "add") || !strcmp(sub, "passwd") || !strcmp(sub, "disable") ||
	                   !strcmp(sub, "enable")
	               ? 2
	               : 0;
	if (!want)
		return usage_error(L(cli_lang,
		                     "\"%s\" is not a user subcommand (see treue user --help)",
		                     "\"%s\" ist kein user-Unterbefehl (siehe treue user --help)"),
		                   sub);
	if (n != want)
		return usage_error(L(cli_lang,
		                     "user %s: wrong number of arguments (see treue user --help)",
		                     "user %s: falsche Anzahl Argumente (siehe treue user --help)"),
		                   sub);
	if ((role_s || owner) && strcmp(sub, "add"))
		return usage_error("%s", L(cli_lang, "--role and --owner belong to user add",
		                           "--role und --owner gehören zu user add"));
	if (generate && strcmp(sub, "add") && strcmp(sub, "passwd"))
		return usage_error("%s",
		                   L(cli_lang, "--generate belongs to user add and user passwd",
		                     "--generate gehört zu user add und user passwd"));
	if (!(st = ctx_store(c)))
		return EXIT_ERR;
	struct acct_ctx ac = {st, os_user(), cli_lang, (int64_t)time(NULL)};
	const char *name = argv[1];

	if (!strcmp(sub, "list"))
		return list_users(c, st);
	if (!strcmp(sub, "add")) {
		if (!role_s || web_role_parse(role_s, &role))
			return usage_error(
			    "%s",
			    L(cli_lang, "user add needs --role admin, manager, member or viewer",
			      "user add braucht --role admin, manager, member oder "
			      "viewer"));
		if (acct_name_ok(name, cli_lang, &e))
			return print_err(&e);
		if (acct_find(st, name, &a, &e) == 1)
			return error(L(cli_lang, "a user \"%s\" exists already",
			               "einen Benutzer \"%s\" gibt es schon"),
			             name);
		if (generate)
			acct_password_generate(pw);
		else if ((rc = get_password(name, pw, sizeof(pw))) != EXIT_OK)
			goto out;
		if (acct_add(&ac, name, role, owner, pw, &e)) {
			rc = print_err(&e);
			goto out;
		}
		printf(L(cli_lang, "user %s added (%s)\n", "Benutzer %s angelegt (%s)\n"), name,
		       web_role_name(role));
		if (generate)
			printf(L(cli_lang, "password (shown once): %s\n",
			         "Passwort (wird nur einmal angezeigt): %s\n"),
			       pw);
		rc = EXIT_OK;
		goto out;
	}
	if ((rc = find_user(st, name, &a)) != EXIT_OK)
		return rc;
	rc = EXIT_ERR;
	if (!strcmp(sub, "passwd")) {
		if (generate)
			acct_password_generate(pw);
		else if ((rc = get_password(a.name, pw, sizeof(pw))) != EXIT_OK)
			goto out;
		if (acct_set_password(&ac, a.id, pw, 0, &e)) {
			rc = print_err(&e);
			goto out;
		}
		printf(L(cli_lang, "new password for %s; their sessions ended\n",
		         "neues Passwort für %s; ihre Sitzungen wurden beendet\n"),
		       a.name);
		if (generate)
			printf(L(cli_lang, "password (shown once): %s\n",
			         "Passwort (wird nur einmal angezeigt): %s\n"),
			       pw);
		rc = EXIT_OK;
	} else if (!strcmp(sub, "disable") || !strcmp(sub, "enable")) {
		int dis = !strcmp(sub, "disable");
		if (acct_set_disabled(&ac, a.id, dis, &e)) {
			rc = print_err(&e);
			goto out;
		}
		printf(dis ? L(cli_lang, "%s disabled; their sessions ended\n",
		               "%s gesperrt; ihre Sitzungen wurden beendet\n")
		           : L(cli_lang, "%s enabled\n", "%s freigegeben\n"),
		       a.name);
		rc = EXIT_OK;
	} else if (!strcmp(sub, "role")) {
		if (web_role_parse(argv[2], &role))
			return usage_error(
			    L(cli_lang, "\"%s\" is not a role (admin, manager, member, viewer)",
			      "\"%s\" ist keine Rolle (admin, manager, member, viewer)"),
			    argv[2]);
		if (acct_set_role(&ac, a.id, role, &e)) {
			rc = print_err(&e);
			goto out;
		}
		printf(L(cli_lang, "%s is now %s\n", "%s ist jetzt %s\n"), a.name,
		       web_role_name(role));
		rc = EXIT_OK;
	} else if (!strcmp(sub, "link")) {
		if (acct_set_owner(&ac, a.id, argv[2], &e)) {
			rc = print_err(&e);
			goto out;
		}
		if (*argv[2])
			printf(L(cli_lang, "%s is linked to the account manager \"%s\"\n",
			         "%s ist mit dem Betreuer \"%s\" verknüpft\n"),
			       a.name, argv[2]);
		else
			printf(L(cli_lang, "%s is linked to no account manager\n",
			         "%s ist mit keinem Betreuer verknüpft\n"),
			       a.name);
		rc = EXIT_OK;
	}
out:
	memset(pw, 0, sizeof(pw));
	return rc;
}
