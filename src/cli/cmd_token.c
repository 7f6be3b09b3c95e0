/*
 * cmd_token.c — `treue user token create|list|revoke`: the tokens of the
 * JSON API (/api/v1/).  A new token is printed once; only its hash is
 * kept.  Changes are audited under the operating-system user.
 */
#include <inttypes.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "web.h"

static const char *os_user(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;
	if (u && *u)
		return u;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : "unknown";
}

static void when(int64_t t, char *buf, size_t cap)
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

static void json_when(struct json *j, const char *key, int64_t t)
{
	char buf[32];
	json_key(j, key);
	if (!t) {
		json_null(j);
		return;
	}
	when(t, buf, sizeof(buf));
	json_str(j, buf);
}

static int list_tokens(struct ctx *c, struct store *st, int64_t now)
{
	struct api_token_info *v;
	size_t n;
	struct err e;
	struct strbuf out = STRBUF_INIT;
	char b1[32], b2[32], b3[32];
	err_init(&e, cli_lang);
	if (token_list(st, &v, &n, &e))
		return print_err(&e);
	if (c->format == FMT_JSON) {
		struct json j;
		json_init(&j, &out, 1);
		json_arr_begin(&j);
		for (size_t i = 0; i < n; i++) {
			json_obj_begin(&j);
			json_key(&j, "id");
			json_int(&j, v[i].id);
			json_key(&j, "user");
			json_str(&j, v[i].user);
			json_key(&j, "scope");
			json_str(&j, api_scope_name(v[i].scope));
			json_key(&j, "label");
			json_str(&j, v[i].label);
			json_when(&j, "created_at", v[i].created_at);
			json_key(&j, "created_by");
			json_str(&j, v[i].created_by);
			json_when(&j, "expires_at", v[i].expires_at);
			json_when(&j, "last_used_at", v[i].last_used_at);
			json_when(&j, "revoked_at", v[i].revoked_at);
			json_key(&j, "usable");
			json_bool(&j,
			          !v[i].revoked_at && (!v[i].expires_at || now < v[i].expires_at));
			json_obj_end(&j);
		}
		json_arr_end(&j);
		sb_addch(&out, '\n');
	} else if (c->format == FMT_CSV) {
		sb_adds(&out,
		        "id,user,scope,label,created_at,expires_at,last_used_at,revoked_at\n");
		for (size_t i = 0; i < n; i++) {
			sb_addf(&out, "%" PRId64, v[i].id);
			csv_field(&out, v[i].user, 0);
			csv_field(&out, api_scope_name(v[i].scope), 0);
			csv_field(&out, v[i].label, 0);
			when(v[i].created_at, b1, sizeof(b1));
			csv_field(&out, b1, 0);
			when(v[i].expires_at, b1, sizeof(b1));
			csv_field(&out, v[i].expires_at ? b1 : "", 0);
			when(v[i].last_used_at, b1, sizeof(b1));
			csv_field(&out, v[i].last_used_at ? b1 : "", 0);
			when(v[i].revoked_at, b1, sizeof(b1));
			csv_field(&out, v[i].revoked_at ? b1 : "", 0);
			sb_addch(&out, '\n');
		}
	} else if (!n) {
		sb_adds(&out, L(cli_lang, "no tokens\n", "keine Token\n"));
	} else {
		sb_addf(&out, "%-5s %-16s %-7s %-10s %-20s %-20s %s\n", "ID",
		        L(cli_lang, "USER", "BENUTZER"), L(cli_lang, "SCOPE", "BEREICH"),
		        L(cli_lang, "STATUS", "STATUS"), L(cli_lang, "EXPIRES", "LÄUFT AB"),
		        L(cli_lang, "LAST USED", "ZULETZT BENUTZT"),
		        L(cli_lang, "LABEL", "BEZEICHNUNG"));
		for (size_t i = 0; i < n; i++) {
			const char *status = v[i].revoked_at ? L(cli_lang, "revoked", "widerrufen")
			                     : v[i].expires_at && now >= v[i].expires_at
			                         ? L(cli_lang, "expired", "abgelaufen")
			                         : L(cli_lang, "usable", "gültig");
			when(v[i].expires_at, b2, sizeof(b2));
			when(v[i].last_used_at, b3, sizeof(b3));
			sb_addf(&out, "%-5" PRId64 " %-16s %-7s %-10s %-20s %-20s ", v[i].id,
			        v[i].user, api_scope_name(v[i].scope), status,
			        v[i].expires_at ? b2 : L(cli_lang, "never", "nie"), b3);
			sb_adds(&out, v[i].label[0] ? v[i].label : "-");
			sb_addch(&out, '\n');
		}
	}
	free(v);
	int rc = emit(&out);
	sb_release(&out);
	return rc;
}

/* --expires: "90d", "2w", "6m" (30-day months), "never". */
static int parse_expires(const char *s, int64_t now, int64_t *at)
{
	int days;
	if (!s) {
		*at = now + 90 * 86400;
		return 0;
	}
	if (!strcmp(s, "never")) {
		*at = 0;
		return 0;
	}
	if (parse_duration_days(s, &days) || days < 1 || days > 3660)
		return -1;
	*at = now + (int64_t)days * 86400;
	return 0;
}

int cmd_user_token(int argc, char **argv, struct ctx *c)
{
	const char *scope_s = NULL, *expires = NULL, *label = NULL;
	const struct option opts[] = {
	    OPT_STRING("scope", &scope_s, "SCOPE", "create: read, write, import or admin",
	               "create: read, write, import oder admin"),
	    OPT_STRING("expires", &expires, "DAYS",
	               "create: valid for so long (90d, 2w, 6m; default 90d) or never",
	               "create: so lange gültig (90d, 2w, 6m; Vorgabe 90d) oder never"),
	    OPT_STRING("label", &label, "TEXT", "create: what the token is for",
	               "create: wofür das Token ist"),
	    OPT_END(),
	};
	static const struct cmd_help help = {
	    "treue user token create NAME --scope read|write|import|admin [--expires 90d]\n"
	    "                              [--label TEXT]\n"
	    "   or: treue user token list\n"
	    "   or: treue user token revoke ID",
	    "Tokens for the JSON API of `treue serve` (/api/v1/, see docs/API.md), sent as\n"
	    "\"Authorization: Bearer TOKEN\". A token acts for the user NAME with at most its\n"
	    "scope: read (every GET), write (journal entries), import (imports), admin (GDPR\n"
	    "export and erase); it never exceeds the user's role, and stops working when the\n"
	    "user is disabled. The token is printed once; only its hash is stored.",
	    "Token für die JSON-Schnittstelle von `treue serve` (/api/v1/, siehe docs/API.md),\n"
	    "gesendet als \"Authorization: Bearer TOKEN\". Ein Token handelt für den Benutzer\n"
	    "NAME mit höchstens seinem Bereich: read (jedes GET), write (Journaleinträge),\n"
	    "import (Importe), admin (DSGVO-Export und Löschen); es geht nie über die Rolle des\n"
	    "Benutzers hinaus und gilt nicht mehr, wenn der Benutzer gesperrt wird. Das Token\n"
	    "wird einmal ausgegeben; gespeichert wird nur sein Hash."};
	struct store *st;
	struct err e;
	int64_t now = (int64_t)time(NULL), id;
	err_init(&e, cli_lang);
	int n = parse_options(c, argc, argv, opts, &help);
	const char *sub = n >= 1 ? argv[0] : "";
	int want = !strcmp(sub, "list")                               ? 1
	           : !strcmp(sub, "create") || !strcmp(sub, "revoke") ? 2
	                                                              : 0;
	if (!want)
		return usage_error("%s", L(cli_lang,
		                           "user token needs create, list or revoke (see treue "
		                           "user token --help)",
		                           "user token braucht create, list oder revoke (siehe "
		                           "treue user token --help)"));
	if (n != want)
		return usage_error(L(cli_lang,
		                     "user token %s: wrong number of arguments (see --help)",
		                     "user token %s: falsche Anzahl Argumente (siehe --help)"),
		                   sub);
	if ((scope_s || expires || label) && strcmp(sub, "create"))
		return usage_error("%s",
		                   L(cli_lang, "--scope, --expires and --label belong to create",
		                     "--scope, --expires und --label gehören zu create"));
	if (!(st = ctx_store(c)))
		return EXIT_ERR;
	struct acct_ctx ac = {st, os_user(), cli_lang, now};
	if (!strcmp(sub, "list"))
		return list_tokens(c, st, now);
	if (!strcmp(sub, "revoke")) {
		char *end;
		long long v = strtoll(argv[1], &end, 10);
		if (!*argv[1] || *end || v < 1)
			return usage_error(
			    L(cli_lang, "\"%s\" is not a token id (see treue user token list)",
			      "\"%s\" ist keine Token-Nummer (siehe treue user token list)"),
			    argv[1]);
		if (token_revoke(&ac, (int64_t)v, &e))
			return print_err(&e);
		fprintf(stderr, L(cli_lang, "token %lld revoked\n", "Token %lld widerrufen\n"), v);
		return EXIT_OK;
	}
	enum api_scope scope;
	int64_t at;
	if (!scope_s || api_scope_parse(scope_s, &scope))
		return usage_error("%s",
		                   L(cli_lang, "create needs --scope read, write, import or admin",
		                     "create braucht --scope read, write, import oder admin"));
	if (parse_expires(expires, now, &at))
		return usage_error(
		    L(cli_lang, "--expires: \"%s\" is not 1 to 3660 days (90d, 2w, 6m) or never",
		      "--expires: \"%s\" ist nicht 1 bis 3660 Tage (90d, 2w, 6m) oder never"),
		    expires);
	char token[API_TOKEN_LEN + 1];
	if (token_create(&ac, argv[1], scope, label, at, token, &id, &e))
		return print_err(&e);
	if (c->format == FMT_JSON) {
		struct strbuf out = STRBUF_INIT;
		struct json j;
		json_init(&j, &out, 0);
		json_obj_begin(&j);
		json_key(&j, "id");
		json_int(&j, id);
		json_key(&j, "token");
		json_str(&j, token);
		json_key(&j, "scope");
		json_str(&j, api_scope_name(scope));
		json_when(&j, "expires_at", at);
		json_obj_end(&j);
		sb_addch(&out, '\n');
		int rc = emit(&out);
		sb_release(&out);
		memset(token, 0, sizeof(token));
		return rc;
	}
	printf("%s\n", token);
	memset(token, 0, sizeof(token));
	char b[32];
	when(at, b, sizeof(b));
	fprintf(stderr,
	        L(cli_lang,
	          "token %" PRId64 " for %s, scope %s, expires %s. It is shown only now: keep it "
	          "safe.\n",
	          "Token %" PRId64 " für %s, Bereich %s, läuft ab %s. Es wird nur jetzt angezeigt: "
	          "sicher aufbewahren.\n"),
	        id, argv[1], api_scope_name(scope), at ? b : L(cli_lang, "never", "nie"));
	return EXIT_OK;
}
