#!/bin/bash
# tests/deploy/deploy_db_restart.sh KIJUN SRC
#
# The fault test of docs/operations.md: one `kijun serve` on PostgreSQL,
# behind nginx with the proxy settings of docs/nginx-kijun.conf. While two
# loops of signed-in requests run (pages that read the database), stop
# PostgreSQL (pg_ctl stop -m fast), keep it down a moment, and start it
# again. Meanwhile kijun must answer 503 with Retry-After (at least one
# 503, never a 500 or another 5xx, never a dropped connection); afterwards,
# within a few seconds and from the same kijun process (same pid, never
# restarted), 200 again, with the session of before, and a form saves.
# Exit 0 passed, 1 failed, 77 skipped (no nginx or no PostgreSQL 15).

. "$(dirname "$0")/lib.sh" "$@"

pg_start
kijun_db_setup 300
kijun_start k
PORT_K=$KPORT PID_K=$KPID
# One process: nginx's upstream block without its second server.
nginx_start "$PORT_K"
BASE="http://127.0.0.1:$NPORT"
JAR=$T/cookies
signin "$BASE" "$JAR" demo-ministry
check "sign-in through nginx" "$SIGNIN_STATUS" "303 $BASE/"
ORG=$(curl -s -m 20 -b "$JAR" "$BASE/registry?sector=medical" |
      grep -o 'href="/registry/[0-9][0-9]*"' | head -n 1 | tr -dc 0-9)
[ -n "$ORG" ] || die "no organisation linked from the medical sector's list"

# loop N: GET pages that read the database, back to back, one status a line
# ("000": no answer) in $T/loopN; stops when $T/stop exists.
loop() {
	local urls=("$BASE/registry?sector=medical" "$BASE/registry/$ORG" "$BASE/") i=0
	while [ ! -e "$T/stop" ]; do
		curl -s -m 10 -b "$JAR" -o /dev/null -w '%{http_code}\n' "${urls[i % 3]}"
		i=$((i + 1))
	done >"$T/loop$1"
}
loop 1 &
L1=$!
loop 2 &
L2=$!
BGPIDS+=("$L1" "$L2")
# Two requests of each loop answered (10 s at most on a loaded machine).
for _ in $(seq 1 100); do
	[ "$(grep -c . "$T/loop1")" -ge 2 ] && [ "$(grep -c . "$T/loop2")" -ge 2 ] && break
	sleep 0.1
done
check "requests answered before the stop" "$(sort -u "$T/loop1" "$T/loop2" | tr -d '\n')" 200

# --- PostgreSQL goes away -------------------------------------------------------

pg_stop || die "pg_ctl stop -m fast"
echo "PostgreSQL stopped"
sleep 2
curl -s -m 10 -b "$JAR" -D "$T/down.h" -o "$T/down.html" "$BASE/registry/$ORG"
check "a page while PostgreSQL is down" "$(head -n 1 "$T/down.h" | cut -d' ' -f2)" 503
grep -qi '^retry-after: [0-9]' "$T/down.h" && pass "the 503 says Retry-After" ||
	fail "no Retry-After on the 503: $(tr -d '\r' <"$T/down.h" | tr '\n' ' ')"
grep -q 'もう一度お試しください' "$T/down.html" && pass "the 503 page asks to try again" ||
	fail "the 503 page: $(head -c 300 "$T/down.html")"
sleep 1

# --- PostgreSQL comes back -------------------------------------------------------

pg_up || die "PostgreSQL did not start again: $(tail -n 5 "$PGDIR/log")"
UP_MS=$(($(date +%s%N) / 1000000))
M1=$(wc -l <"$T/loop1") M2=$(wc -l <"$T/loop2")
echo "PostgreSQL started again"
# recovered FILE MARK: three requests asked after the restart, the last
# three of FILE, answered 200. (A worker whose connection broke under it
# answers 503 once more, then connects again.)
recovered() {
	local after
	after=$(tail -n +$(($2 + 1)) "$1")
	[ "$(grep -c . <<<"$after")" -ge 3 ] && [ "$(tail -n 3 <<<"$after" | sort -u | tr -d '\n')" = 200 ]
}
for _ in $(seq 1 150); do	# 15 s at most
	recovered "$T/loop1" "$M1" && recovered "$T/loop2" "$M2" && break
	sleep 0.1
done
BACK_MS=$(($(date +%s%N) / 1000000 - UP_MS))
sleep 1
touch "$T/stop"
wait "$L1" "$L2"

ALL=$(cat "$T/loop1" "$T/loop2")
echo "statuses of the loops: $(sort "$T/loop1" "$T/loop2" | uniq -c | tr -s ' \n' ' ')"
check "kijun answered 503 while PostgreSQL was down" "$(grep -c '^503$' <<<"$ALL" | sed 's/^[1-9][0-9]*$/some/')" some
BAD=$(grep -v -e '^200$' -e '^503$' <<<"$ALL" | sort | uniq -c | tr -s ' \n' ' ')
check "no other status (no 500, no dropped connection)" "${BAD:-none}" none
recovered "$T/loop1" "$M1" && recovered "$T/loop2" "$M2" &&
	pass "the loops answer 200 again, $BACK_MS ms after PostgreSQL was started again" ||
	fail "the loops after the restart: $(tail -n 5 "$T/loop1" | tr '\n' ' ')/ $(tail -n 5 "$T/loop2" | tr '\n' ' ')"
check "the same kijun process (pid $PID_K) still runs" "$(kill -0 "$PID_K" 2>/dev/null && echo yes)" yes
grep -q "503 for GET .*connection to the database server was lost\|503 for GET .*not answering\|503 for GET .*cannot connect" \
	"$T/k.log" && pass "kijun logged the 503s and their cause" ||
	fail "no 503 in kijun's log: $(grep -v '^{' "$T/k.log" | head -n 5)"
if grep -qE 'Sanitizer|runtime error:|"status":500' "$T/k.log"; then
	fail "kijun's log: $(grep -E 'Sanitizer|runtime error:|"status":500' "$T/k.log" | head -n 3)"
else
	pass "kijun's log: no 500, no sanitizer report"
fi

# The session of before the outage, and a write, on the same process.
check "home with the session of before the outage" "$(get "$JAR" "$BASE/" "$T/home.html")" 200
grep -q 'name="csrf"' "$T/home.html" || fail "home after the restart: not signed in"
get "$JAR" "$BASE/registry/$ORG" "$T/org.html" >/dev/null
BODY=$(python3 "$SRC/tests/deploy/form.py" "/registry/$ORG" "contact_phone=03-5253-3333" <"$T/org.html") ||
	die "no edit form on /registry/$ORG"
check "the organisation's form saves after the restart" \
	"$(curl -s -m 20 -b "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' --data "$BODY" "$BASE/registry/$ORG")" \
	"303 $BASE/registry/$ORG?saved=1"
check "the saved number, read directly from kijun (pid $PID_K)" \
	"$(curl -s -m 20 -b "$JAR" "http://127.0.0.1:$PORT_K/registry/$ORG" | grep -c '03-5253-3333' | sed 's/^[1-9][0-9]*$/found/')" found

"$KIJUN" audit verify --db "$DB" >"$T/verify.out" 2>&1
check "kijun audit verify --db (exit status)" "$?" 0
grep -q '^audit trail OK' "$T/verify.out" && pass "$(head -n 1 "$T/verify.out")" ||
	fail "audit verify: $(cat "$T/verify.out")"

finish
