#!/bin/bash
# tests/deploy/deploy_two_processes.sh KIJUN SRC
#
# The production layout of docs/operations.md: nginx (with the proxy
# settings of docs/nginx-kijun.conf) load-balancing two `kijun serve`
# processes on one PostgreSQL database. Through nginx, with curl and a
# cookie jar: sign in as the demo ministry user, browse (home, registry, a
# sector's list, an organisation), save the organisation's form; then kill
# the process that signed the user in with SIGKILL and go on browsing and
# saving the form again. The session must hold (never sent to /signin), at
# most one request in all may fail (it is retried), both saves must be in
# the record and the audit trail, and `kijun audit verify` must pass.
# Exit 0 passed, 1 failed, 77 skipped (no nginx or no PostgreSQL 15).

. "$(dirname "$0")/lib.sh" "$@"

pg_start
kijun_db_setup 300
kijun_start a
PORT_A=$KPORT PID_A=$KPID
kijun_start b
PORT_B=$KPORT PID_B=$KPID
nginx_start "$PORT_A" "$PORT_B"
BASE="http://127.0.0.1:$NPORT"
JAR=$T/cookies
LOGIN=demo-ministry	# 厚生労働省, sector medical: may edit its organisations

# --- Sign in and browse through nginx ---------------------------------------------

signin "$BASE" "$JAR" "$LOGIN"
check "sign-in through nginx" "$SIGNIN_STATUS" "303 $BASE/"

FAILED=0	# requests that did not answer as they should, all told
# page WHAT URL: GET through nginx; 200 wanted. One failure in the whole
# test is retried; a second fails the test, and so does any redirect to
# /signin (the session was lost).
page() {
	local what=$1 url=$2 got
	got=$(get "$JAR" "$url" "$T/page.html")
	case $got in
	200) pass "$what through nginx (200)"; return 0 ;;
	*/signin*) fail "$what: sent to sign in again ($got)"; return 1 ;;
	esac
	FAILED=$((FAILED + 1))
	if [ "$FAILED" -gt 1 ]; then
		fail "$what: $got (a second failed request)"
		return 1
	fi
	echo "note: $what answered '$got'; retrying once"
	check "$what, retried" "$(get "$JAR" "$url" "$T/page.html")" 200
}

browse() {	# browse ROUND
	page "home ($1)" "$BASE/"
	grep -q 'name="csrf"' "$T/page.html" || fail "home ($1): no sign-out form: not signed in?"
	page "registry ($1)" "$BASE/registry"
	page "the medical sector's list ($1)" "$BASE/registry?sector=medical"
	ORG=$(grep -o 'href="/registry/[0-9][0-9]*"' "$T/page.html" | head -n 1 | tr -dc 0-9)
	[ -n "$ORG" ] || die "no organisation linked from the medical sector's list"
	page "organisation $ORG ($1)" "$BASE/registry/$ORG"
	page "catalog ($1)" "$BASE/catalog"
}
browse "before the kill"

# save_org FIELD=VALUE: the organisation's form as the page gives it, with
# one field changed, posted through nginx; 303 to the saved record wanted.
save_org() {
	local body got
	get "$JAR" "$BASE/registry/$ORG" "$T/org.html" >/dev/null
	body=$(python3 "$SRC/tests/deploy/form.py" "/registry/$ORG" "$1" <"$T/org.html") ||
		die "no edit form on /registry/$ORG for $LOGIN"
	got=$(curl -s -m 20 -b "$JAR" -c "$JAR" -o "$T/post.html" -w '%{http_code} %{redirect_url}' \
		--data "$body" "$BASE/registry/$ORG")
	case $got in
	"303 $BASE/registry/$ORG?saved=1") pass "the form saved through nginx ($1)"; return 0 ;;
	*/signin*) fail "saving the form: sent to sign in again ($got)"; return 1 ;;
	esac
	FAILED=$((FAILED + 1))
	fail "saving the form ($1): $got: $(sed -n 's/.*<p class="error[^>]*>\([^<]*\).*/\1/p' "$T/post.html" | head -n 3)"
}
save_org "contact_name=運用 試験一"

# Both processes served requests: nginx balanced the load.
served() { grep -c '"status":' "$T/$1.log"; }
NA=$(served a) NB=$(served b)
if [ "$NA" -gt 1 ] && [ "$NB" -gt 1 ]; then
	pass "both kijun processes served requests ($NA and $NB)"
else
	fail "nginx did not balance the requests: a served $NA, b served $NB"
fi

# --- Kill the process that signed the user in --------------------------------------

if grep -q '"method":"POST","path":"/signin","status":303' "$T/a.log"; then
	VICTIM=a VPID=$PID_A SURVIVOR_PORT=$PORT_B
else
	VICTIM=b VPID=$PID_B SURVIVOR_PORT=$PORT_A
fi
kill -KILL "$VPID"
wait "$VPID" 2>/dev/null
echo "killed kijun $VICTIM (pid $VPID, it signed the user in) with SIGKILL"
check "kijun $VICTIM is gone" "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$(
	[ "$VICTIM" = a ] && echo "$PORT_A" || echo "$PORT_B")/signin")" 000

browse "after the kill"
save_org "contact_phone=03-5253-2222"
# A streamed export through the export location of the config: whole.
check "the registry's CSV export through nginx" \
	"$(get "$JAR" "$BASE/registry/export?format=csv" "$T/export.csv")" 200
check "the export starts with the BOM" "$(head -c 3 "$T/export.csv" | od -An -tx1 | tr -d ' ')" efbbbf
check "the export ends with CRLF" "$(tail -c 2 "$T/export.csv" | od -An -tx1 | tr -d ' ')" 0d0a
grep -q '03-5253-2222' "$T/export.csv" && pass "the export has the saved record" ||
	fail "the export lacks the saved telephone number"
browse "after the second save"

# --- Nothing lost -------------------------------------------------------------------

# The survivor, asked directly, shows both saves (the contact's name of the
# first, made before the kill, the telephone number of the second); the
# audit trail has an entry for each.
check "the record through the surviving process" \
	"$(get "$JAR" "http://127.0.0.1:$SURVIVOR_PORT/registry/$ORG" "$T/final.html")" 200
grep -q '運用 試験一' "$T/final.html" && pass "the save before the kill is in the record" ||
	fail "the record does not show the contact's name saved before the kill"
grep -q '03-5253-2222' "$T/final.html" && pass "the save after the kill is in the record" ||
	fail "the record does not show the telephone number saved after the kill"
"$KIJUN" audit list --db "$DB" --action org.update --limit 10 >"$T/audit.out" 2>&1
check "audit entries of the two saves" "$(grep -c "user:$LOGIN .*organisation:$ORG " "$T/audit.out")" 2

check "requests that failed and were retried (at most one)" "$FAILED" 0 1
# nginx passed a request on to the other process where the killed one
# refused it; the client never saw an error from nginx.
RETRIED=$(grep -c 'upstream=\[[^]]*, ' "$T/nginx/access.log")
echo "nginx passed $RETRIED request(s) on from the killed process to the other"
# The one failed request allowed above is the only 5xx nginx may answer.
N5XX=$(grep -cE '^[A-Z]+ [^ ]+ 5[0-9][0-9] ' "$T/nginx/access.log")
if [ "$N5XX" -gt 1 ]; then
	fail "nginx answered $N5XX 5xx: $(grep -E '^[A-Z]+ [^ ]+ 5[0-9][0-9] ' "$T/nginx/access.log" | head -n 3)"
else
	pass "nginx answered $N5XX 5xx (at most one)"
fi
SURVIVOR=$([ "$VICTIM" = a ] && echo b || echo a)
if grep -qE 'Sanitizer|runtime error:|"status":5' "$T/$SURVIVOR.log"; then
	fail "kijun $SURVIVOR: $(grep -E 'Sanitizer|runtime error:|"status":5' "$T/$SURVIVOR.log" | head -n 3)"
else
	pass "kijun $SURVIVOR: no 5xx, no sanitizer report"
fi

"$KIJUN" audit verify --db "$DB" >"$T/verify.out" 2>&1
check "kijun audit verify --db (exit status)" "$?" 0
grep -q '^audit trail OK' "$T/verify.out" && pass "$(head -n 1 "$T/verify.out")" ||
	fail "audit verify: $(cat "$T/verify.out")"

# --- The backup of docs/operations.md ---------------------------------------------

# pg_dump -Fc as the role kijun while the survivor serves, pg_restore into a
# new database: the copy's audit trail verifies and ends where the
# original's does, and it shows the saved record.
as_pg "$PGBIN/pg_dump" -h "$PGDIR" -U kijun -Fc kijun >"$T/kijun.dump" 2>"$T/dump.err"
check "pg_dump -Fc (exit status)" "$?" 0
pg_createdb kijun_restored || die "createdb kijun_restored: $(cat "$T/createdb.err")"
as_pg "$PGBIN/pg_restore" -h "$PGDIR" -U kijun -d kijun_restored <"$T/kijun.dump" 2>"$T/restore.err"
check "pg_restore (exit status)" "$?" 0
RESTORED=$(pg_uri kijun_restored)
"$KIJUN" audit verify --db "$RESTORED" >"$T/verify2.out" 2>&1
check "kijun audit verify of the restored copy" "$?" 0
check "the restored trail ends where the original does" \
	"$("$KIJUN" audit head --db "$RESTORED" 2>&1)" "$("$KIJUN" audit head --db "$DB" 2>&1)"
"$KIJUN" org export --db "$RESTORED" --format csv --output "$T/orgs.csv" >"$T/export.out" 2>&1
grep '03-5253-2222' "$T/orgs.csv" 2>/dev/null | grep -q '運用 試験一' &&
	pass "the restored copy has the record as saved" ||
	fail "the restored copy lacks the saved telephone number"

finish
