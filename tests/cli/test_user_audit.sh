#!/bin/bash
# kijun user add|list|disable|enable|passwd and kijun audit verify|list:
# exit statuses (0 done, 1 refused or failed, 2 bad usage), passwords only
# from stdin or a terminal and never stored or logged in clear, every
# change in the audit trail, and a tampered trail reported as BROKEN with
# the entry named.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
K=$(new_db k.db) || exit 1

GOOD='Kasumigaseki-2026!'
ORG=7123456789012	# valid check digit; inserted below
ABSENT=8000000000001	# valid check digit; no such organisation
BADNUM=1123456789012	# wrong check digit

q() { db_sql "$K" "$@"; }
entries() { q 'SELECT count(*) FROM audit_entry'; }

# The actor is the account the process runs as, whatever $USER says.
export USER=tester
ME="cli:$(id -un)"
kj_expect 0 init --db "$K"
q "INSERT INTO organisation (corporate_number, name_ja, size_class, created_at,
   updated_at) VALUES ('$ORG', 'テスト電力株式会社', 'large', '2026-01-01', '2026-01-01')"

# The trail starts with init's load of the standard, and verifies.
kj_expect 0 audit verify --db "$K"
check_out_has "audit trail OK: 1 entry"

# --- user add ---------------------------------------------------------------

kj_in_expect 0 "$GOOD" user add root --role nco --name "統括室 管理者" --password-stdin --db "$K"
check_out_has "user root added"
check_eq "$(q "SELECT role || '|' || display_name || '|' || disabled FROM app_user WHERE login = 'root'")" \
	"nco|統括室 管理者|0" "root as stored"
check_eq "$(q "SELECT substr(password_hash, 1, 10) FROM app_user WHERE login = 'root'")" \
	'$argon2id$' "root's password is an argon2id hash"
check_eq "$(entries)" 2 "audit entries after the first user"
check_eq "$(q "SELECT actor || '|' || action || '|' || object_type FROM audit_entry WHERE id = 2")" \
	"$ME|user.add|user" "the audit entry of user add"

# Weak passwords: 1, the reason, nothing written.
kj_in_expect 1 "Short-1a" user add weak --role nco --password-stdin --db "$K"
check_err_has "weak password"
check_err_has "shorter than 12"
kj_in_expect 1 "onlylowercaseletters" user add weak --role nco --password-stdin --db "$K"
check_err_has "3 kinds"
kj_in_expect 1 "Password1234" user add weak --role nco --password-stdin --db "$K"
check_err_has "well-known"
kj_in_expect 1 "x-Weak2-99-abc" user add weak2 --role nco --password-stdin --db "$K"
check_err_has "login"
kj_in_expect 1 "" user add weak3 --role nco --password-stdin --db "$K"
check_err_has "empty password"
kj_expect 1 user add weak4 --role nco --password-stdin --db "$K"	# stdin: /dev/null
check_err_has "no password"
check_eq "$(q "SELECT count(*) FROM app_user WHERE login LIKE 'weak_'")" 0 "no weak users stored"

# Taken login: 1, nothing changed.
before=$(db_digest "$K")
kj_in_expect 1 "$GOOD" user add root --role auditor --password-stdin --db "$K"
check_err_has "login root is taken"
check_eq "$(db_digest "$K")" "$before" "database after a taken login"

# Bad usage: 2, before anything is read or written.
kj_in_expect 2 "$GOOD" user add bob --role admin --password-stdin --db "$K"
check_err_has "unknown role 'admin'"
kj_in_expect 2 "$GOOD" user add bob --password-stdin --db "$K"
check_err_has "--role is required"
kj_in_expect 2 "$GOOD" user add Bob --role nco --password-stdin --db "$K"
check_err_has "login 'Bob' is not valid"
kj_in_expect 2 "$GOOD" user add --role nco --password-stdin --db "$K"
check_err_has "give the login"
kj_in_expect 2 "$GOOD" user add tepco --role operator --password-stdin --db "$K"
check_err_has "an operator needs an organisation"
kj_in_expect 2 "$GOOD" user add tepco --role operator --org "$BADNUM" --password-stdin --db "$K"
check_err_has "not a corporate number"
kj_in_expect 2 "$GOOD" user add hq1 --role hq --org "$ORG" --password-stdin --db "$K"
check_err_has "role hq has no organisation (only operators do)"
# A ministry user has one ministry and no sectors of its own; a CEPTOAR user sectors.
kj_in_expect 2 "$GOOD" user add meti --role ministry --password-stdin --db "$K"
check_err_has "a ministry user needs a ministry"
check_err_has "--ministry CODE"
kj_in_expect 2 "$GOOD" user add meti --role ministry --ministry meti --sector gas --password-stdin --db "$K"
check_err_has "a ministry user has no sectors of its own"
kj_in_expect 2 "$GOOD" user add meti --role ministry --ministry METI --password-stdin --db "$K"
check_err_has "'METI' is not a ministry code"
kj_in_expect 2 "$GOOD" user add hq1 --role hq --ministry meti --password-stdin --db "$K"
check_err_has "role hq has no ministry"
kj_in_expect 2 "$GOOD" user add cep1 --role ceptoar --ministry meti --sector gas --password-stdin --db "$K"
check_err_has "role ceptoar has no ministry"
kj_in_expect 2 "$GOOD" user add cep1 --role ceptoar --password-stdin --db "$K"
check_err_has "a ceptoar user needs at least one sector"
kj_in_expect 2 "$GOOD" user add hq1 --role hq --sector gas --password-stdin --db "$K"
check_err_has "role hq has no sectors (only ceptoar users do)"
kj_in_expect 2 "$GOOD" user add cep1 --role ceptoar --sector "gas,,water" --password-stdin --db "$K"
check_err_has "bad sector list"
kj_expect 2 user add meti --role nco --db "$K"		# no terminal, no --password-stdin
check_err_has "not a terminal"
check_eq "$(db_digest "$K")" "$before" "database after bad usage"

# Unknown organisation or sector: 1, nothing written.
kj_in_expect 1 "$GOOD" user add tepco --role operator --org "$ABSENT" --password-stdin --db "$K"
check_err_has "no organisation with corporate number $ABSENT"
kj_in_expect 1 "$GOOD" user add cep1 --role ceptoar --sector electricity --sector space --password-stdin --db "$K"
check_err_has "no sector 'space'"
kj_in_expect 1 "$GOOD" user add meti --role ministry --ministry space --password-stdin --db "$K"
check_err_has "no ministry 'space' (ministries: env, fsa, meti, mhlw, mic, mlit)"
check_eq "$(db_digest "$K")" "$before" "database after an unknown organisation, sector or ministry"

# Good operator, ministry, CEPTOAR (repeated and comma-separated sectors), auditor.
kj_in_expect 0 "$GOOD" user add tepco --role operator --org "$ORG" --password-stdin --db "$K"
check_out_has "organisation $ORG"
kj_in_expect 0 "$GOOD" user add meti --role ministry --ministry meti --password-stdin --db "$K"
check_out_has "ministry meti"
kj_in_expect 0 "$GOOD" user add cep1 --role ceptoar --sector electricity --sector=gas,water,gas --password-stdin --db "$K"
check_out_has "sectors electricity,gas,water"
kj_in_expect 0 "$GOOD" user add audit1 --role auditor --password-stdin --db "$K"
check_eq "$(q "SELECT sector_code FROM user_sector us JOIN app_user u ON u.id = us.user_id WHERE u.login = 'cep1' ORDER BY 1" | paste -sd, -)" \
	"electricity,gas,water" "cep1's sectors"
check_eq "$(q "SELECT ministry_code || ':' || (SELECT count(*) FROM user_sector us WHERE us.user_id = u.id) FROM app_user u WHERE login = 'meti'")" \
	"meti:0" "meti's ministry, and no sector rows"
check_eq "$(entries)" 6 "audit entries after five users"

# --- user list, disable, enable, passwd ------------------------------------

kj_expect 0 user list --db "$K"
check_out_has "LOGIN"
for l in audit1 cep1 meti root tepco; do check_out_has "$l"; done
check_out_has "$ORG"
check_out_has "electricity,gas,water"
check_out_has "MINISTRY"
# The ministry user: its ministry, and its ministry's sectors (chemical, credit,
# electricity, gas, petroleum whole; government services in part).
check_eq "$(awk '$1 == "meti" {print $4, $5}' "$OUT")" \
	"meti chemical,credit,electricity,gas,government,petroleum" "user list shows meti's ministry and sectors"
check_out_lacks "argon2"
check_eq "$(sed -n 2p "$OUT" | cut -d' ' -f1)" "audit1" "user list is sorted by login"

q "INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen)
   SELECT 'tok', id, 'c', 0, 0 FROM app_user WHERE login = 'tepco'"
kj_expect 0 user disable tepco --db "$K"
check_out_has "user tepco disabled"
check_eq "$(q "SELECT disabled FROM app_user WHERE login = 'tepco'")" 1 "tepco disabled"
check_eq "$(q "SELECT count(*) FROM session")" 0 "tepco's sessions ended"
kj_expect 0 user list --db "$K"
check_out_has "disabled"
kj_expect 0 user disable tepco --db "$K"
check_out_has "already disabled"
kj_expect 0 user enable tepco --db "$K"
check_eq "$(q "SELECT disabled FROM app_user WHERE login = 'tepco'")" 0 "tepco enabled"
kj_expect 1 user disable nobody --db "$K"
check_err_has "no user nobody"
kj_expect 2 user disable --db "$K"
kj_expect 2 user enable a b --db "$K"

old=$(q "SELECT password_hash FROM app_user WHERE login = 'root'")
kj_in_expect 0 'Another-Good-One-42' user passwd root --password-stdin --db "$K"
check_out_has "password of user root set"
new=$(q "SELECT password_hash FROM app_user WHERE login = 'root'")
if [ "$old" != "$new" ]; then pass "root's hash changed"; else fail "root's hash did not change"; fi
kj_in_expect 1 'short' user passwd root --password-stdin --db "$K"
check_err_has "weak password"
check_eq "$(q "SELECT password_hash FROM app_user WHERE login = 'root'")" "$new" "hash after a weak passwd"
kj_in_expect 1 'Another-Good-One-42' user passwd nobody --password-stdin --db "$K"
check_err_has "no user nobody"
kj_expect 2 user passwd root --db "$K"		# no terminal
check_err_has "not a terminal"

# Neither password is anywhere in the database.
db_dump "$K" >dump.sql
if grep -qF -e "$GOOD" -e 'Another-Good-One-42' dump.sql; then
	fail "a password is stored in clear"
else pass "no password in clear in the database"; fi

# --- the audit trail --------------------------------------------------------

n=$(entries)
check_eq "$n" 9 "audit entries: init, 5 adds, disable, enable, passwd, none for refusals"
check_eq "$(q "SELECT action FROM audit_entry ORDER BY id" | paste -sd' ' -)" \
	"catalog.import user.add user.add user.add user.add user.add user.disable user.enable user.passwd" \
	"actions in order"
kj_expect 0 audit list --db "$K"
check_out_has "user.passwd"
check_out_has "$ME"
check_eq "$(head -n 1 "$OUT" | awk '{print $1}')" "$n" "audit list is newest first"
kj_expect 0 audit list --limit 2 --db "$K"
check_eq "$(wc -l <"$OUT")" 2 "audit list --limit 2"
kj_expect 0 audit list --action user.dis --db "$K"
check_eq "$(wc -l <"$OUT")" 1 "audit list --action user.dis"
kj_expect 0 audit list --actor nobody --db "$K"
check_out_empty
kj_expect 2 audit list --limit 0 --db "$K"
check_err_has "--limit"
kj_expect 2 audit list --limit 501 --db "$K"
kj_expect 1 audit list --from yesterday --db "$K"
check_err_has "YYYY-MM-DD"

kj_expect 0 audit verify --db "$K"
check_out_has "audit trail OK: $n entries"

# Tampering: each on a copy, named by entry.
T1=$(copy_db "$K" t1.db) || exit 1
db_sql "$T1" "UPDATE audit_entry SET detail='x' WHERE id=2"
kj_expect 1 audit verify --db "$T1"
check_out_has "audit trail BROKEN at entry 2:"
check_out_has "entry 2 does not match its hash"

T2=$(copy_db "$K" t2.db) || exit 1
db_sql "$T2" "DELETE FROM audit_entry WHERE id=3"
kj_expect 1 audit verify --db "$T2"
check_out_has "audit trail BROKEN at entry 3:"
check_out_has "missing"

T3=$(copy_db "$K" t3.db) || exit 1
db_sql "$T3" "UPDATE audit_entry SET id=100 WHERE id=4; UPDATE audit_entry SET id=4 WHERE id=5; UPDATE audit_entry SET id=5 WHERE id=100"
kj_expect 1 audit verify --db "$T3"
check_out_has "audit trail BROKEN at entry 4:"

T4=$(copy_db "$K" t4.db) || exit 1
db_sql "$T4" "UPDATE audit_entry SET hash='$(printf '0%.0s' $(seq 64))' WHERE id=6"
kj_expect 1 audit verify --db "$T4"
check_out_has "audit trail BROKEN at entry 6:"

# The original is untouched and still verifies.
kj_expect 0 audit verify --db "$K"
check_out_has "audit trail OK: $n entries"

# API tokens: listed and revoked by an administrator on the command line;
# a new password revokes every token. Tokens are made by the web page; here
# they are put in the store directly (only hashes are ever stored).
rid=$(q "SELECT id FROM app_user WHERE login = 'root'")
mk_token() {	# mk_token NAME HASHCHAR: a live token of root for 90 days
	q "INSERT INTO api_token (user_id, name, token_hash, created_at, expires_at)
	   VALUES ($rid, '$1', '$(printf '%064d' 0 | tr 0 "$2")', '$(date -u +%FT%TZ)',
	           '$(date -u -d '+90 days' +%FT%TZ)')"
	q "SELECT max(id) FROM api_token"
}
t1=$(mk_token "ci job" a)
t2=$(mk_token "report job" b)
kj_expect 0 user tokens root --db "$K"
check_out_has "ci job"
check_out_has "live"
check_out_has "expires"
before=$(entries)
kj_expect 0 user revoke root "$t1" --db "$K"
check_out_has "token $t1 of root revoked"
check_eq "$(q "SELECT revoked FROM api_token WHERE id = $t1")" "1" "token revoked in the store"
check_eq "$(entries)" "$((before + 1))" "one audit entry for the revocation"
check_eq "$(q "SELECT action FROM audit_entry ORDER BY id DESC LIMIT 1")" "token.revoke" "audit action"
before=$(entries)
kj_expect 1 user revoke root "$t1" --db "$K"
check_err_has "not a live token"
kj_expect 1 user revoke root 999999 --db "$K"
check_eq "$(entries)" "$before" "no audit entry when nothing was revoked"
kj_expect 2 user revoke root --db "$K"
kj_expect 2 user revoke root "$t2" --all --db "$K"
kj_expect 2 user revoke root x1 --db "$K"
kj_expect 2 user revoke root 0 --db "$K"
kj_expect 1 user tokens nobody-here --db "$K"
kj_in_expect 0 "$GOOD-new" user passwd root --password-stdin --db "$K"
check_eq "$(q "SELECT count(*) FROM api_token WHERE user_id = $rid AND revoked = 0")" "0" \
	"a new password revokes every token"
t3=$(mk_token "third" c)
kj_expect 0 user revoke root --all --db "$K"
check_out_has "1 token of root revoked"
kj_expect 0 user tokens root --db "$K"
check_out_has "revoked"

# Help and usage.
kj_expect 0 user add --help
check_out_has "--password-stdin"
kj_expect 0 audit verify --help
kj_expect 2 audit verify extra --db "$K"
kj_expect 2 user
kj_expect 1 audit verify --db missing.db
check_err_has "missing.db"

finish
