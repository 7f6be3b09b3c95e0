#!/bin/sh
# t_user.sh — treue user: add (password from stdin, the rules, --generate),
# list in three formats, role, link, disable/enable, passwd, the last admin,
# the audit entries under the OS user, German messages; and treue serve
# refusing to start without users.
. "$(dirname "$0")/lib.sh"
export USER=tester

t init
t serve --listen 127.0.0.1:0
expect_rc "serve without users refuses" 1
expect_err "serve says how to create the first user" 'user add NAME --role admin'
t --lang de serve --listen 127.0.0.1:0
expect_err "serve says it in German" 'hat noch keine Benutzer'

echo "correct horse battery staple" >"$WORK/pw"
run $TREUE user add ada <"$WORK/pw"
expect_rc "add without --role is a usage error" 2
run $TREUE user add ada --role root <"$WORK/pw"
expect_rc "add with an unknown role" 2
echo "short" >"$WORK/in"
run $TREUE user add ada --role admin <"$WORK/in"
expect_rc "a short password is refused" 1
expect_err "... saying why" 'shorter than 12 characters'
echo "Passwort2024!" >"$WORK/in"
run $TREUE user add ada --role admin <"$WORK/in"
expect_rc "a common password is refused" 1
expect_err "... saying why" 'first that attackers try'
echo "Passwort2024!" >"$WORK/in"
run $TREUE --lang de user add ada --role admin <"$WORK/in"
expect_err "... in German" 'Angreifer'
run $TREUE user add ada --role admin </dev/null
expect_rc "no password on stdin" 1
run $TREUE user add ada --role admin <"$WORK/pw"
expect_rc "add ada" 0
expect_out "add says so" '^user ada added \(admin\)$'
expect_eq "only a hash is stored" "$(sql "SELECT pw_hash LIKE '\$argon2id\$v=19\$m=19456,t=2,%' FROM users WHERE name='ada'")" 1
if sqlite_only "the password itself is nowhere in the file"; then
	expect_eq "the password itself is nowhere in the file" "$(cat "$TREUE_DB"* | grep -a -c 'correct horse battery staple')" 0
fi
run $TREUE user add ADA --role viewer <"$WORK/pw"
expect_rc "names are unique regardless of case" 1
expect_err "... saying so" 'exists already'
t user add mia --role member --owner "Mia Berger" --generate
expect_rc "add --generate" 0
expect_out "the generated password is printed once" '^password \(shown once\): [A-Za-z0-9]{20}$'
printf '%s\n' "O'Hara horse battery" >"$WORK/in"
run $TREUE user add "O'Hara \"ねこ\" & Söhne" --role viewer <"$WORK/in"
expect_rc "a name with quotes, ampersand and non-Latin letters" 0
t user list
expect_out "list: ada" '^ada +admin +active +- +-$'
expect_out "list: mia with her owner" '^mia +member +active +- +Mia Berger$'
t user list --format csv
expect_out "list as CSV" '^"O.Hara ""ねこ"" & Söhne",viewer,,0,$'
t user list --format json
expect_out "list as JSON" '"owner": "Mia Berger"'

t user role mia manager
expect_rc "role" 0
t user link mia "Maria Berger"
expect_out "link" 'linked to the account manager "Maria Berger"'
t user link mia ""
expect_out "unlink" 'linked to no account manager'
t user role ada viewer
expect_rc "the last admin keeps the role" 1
expect_err "... saying so" 'last admin'
t user disable ada
expect_rc "the last admin stays enabled" 1
t user disable mia
expect_rc "disable" 0
t user list
expect_out "disabled in the list" '^mia +manager +disabled'
t user enable mia
expect_rc "enable" 0
t user role nobody viewer
expect_rc "an unknown user" 1
expect_err "... named" 'no user "nobody"'
t user frobnicate x
expect_rc "an unknown subcommand" 2
t user role mia
expect_rc "role without the role" 2
echo "a brand new passphrase" >"$WORK/in"
run $TREUE user passwd mia <"$WORK/in"
expect_rc "passwd from stdin" 0
t user passwd mia --generate
expect_out "passwd --generate" '^password \(shown once\): '
t audit
expect_out "the audit names the OS user" 'tester +user add user ada: role admin'
expect_out "role changes are audited" 'user role user mia: role member -> manager'
t user --help
expect_out "help lists the subcommands" 'treue user passwd NAME'
t serve --help
expect_out "serve help" 'tls-cert'
