#!/bin/bash
# The access and error log of `kijun serve` (issue 16; docs/operations.md,
# "Access and error log"): a real server on 127.0.0.1, requests by curl
# (signed out, signed in, refused, a wrong password, an API token, secrets
# in the query), then every line of its standard error is checked: one
# JSON object per request with the documented fields, its id the
# X-Request-Id the client got (a trusted proxy's when well-formed), the
# user's login, and no session cookie, CSRF token, API token or password
# anywhere in the log. The refusal is in the audit trail (authz.refused).
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
if ! command -v curl >/dev/null || ! command -v python3 >/dev/null; then
	echo "SKIP: curl and python3 are needed"
	exit 77
fi
A=$(demo_db a.db --operators 20 --seed 3 --years 1 --today 2026-12-04) || exit 1
PW=$(sed -n 's/^#define KJ_DEMO_PASSWORD "\(.*\)"$/\1/p' "$SRC/src/app/demo.h")
[ -n "$PW" ] || { fail "no KJ_DEMO_PASSWORD in src/app/demo.h"; finish; }

LOG=$T/serve.err
SPID=
stop() {
	[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	SPID=
}
trap 'stop; rm -rf "$T"' EXIT
start() {	# start LOGFILE ARGS...: kijun serve with ARGS, its stderr to LOGFILE
	local err=$1 try
	shift
	for try in $(seq 0 19); do
		PORT=$((30000 + ($$ + try * 7919) % 10000))
		"$KIJUN" serve --db "$A" --listen "127.0.0.1:$PORT" "$@" 2>"$err" &
		SPID=$!
		BASE="http://127.0.0.1:$PORT"
		for _ in $(seq 1 100); do
			kill -0 "$SPID" 2>/dev/null || break
			curl -s -o /dev/null -m 2 "$BASE/signin" && return 0
			sleep 0.1
		done
		wait "$SPID" 2>/dev/null
		SPID=
	done
	fail "the server did not start: $(head -n 5 "$err")"
	finish
}
start "$LOG" --trust-proxy 127.0.0.2

csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1; }
JAR=$T/jar
CSRF=$(curl -s -m 10 -c "$JAR" "$BASE/signin" | csrf_of)
[ -n "$CSRF" ] || fail "no CSRF token on the sign-in page"
# A wrong password first (signin.failed), then the right one.
curl -s -m 10 -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "csrf=$CSRF" \
	--data-urlencode "login=demo-operator" --data-urlencode "password=Wrong-Secret-4711" \
	"$BASE/signin"
CSRF=$(curl -s -m 10 -b "$JAR" -c "$JAR" "$BASE/signin" | csrf_of)
curl -s -m 10 -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "csrf=$CSRF" \
	--data-urlencode "login=demo-operator" --data-urlencode "password=$PW" "$BASE/signin"
SESSION=$(awk '$6 == "kijun_session" { print $7 }' "$JAR")
[ -n "$SESSION" ] || fail "no session after signing in"
# Signed in: a page, a refusal (the operator may not read the audit trail).
HDRS=$T/headers
curl -s -m 10 -b "$JAR" -D "$HDRS" -o /dev/null "$BASE/"
RID=$(tr -d '\r' <"$HDRS" | sed -n 's/^[Xx]-[Rr]equest-[Ii]d: //p')
check_eq "$(printf '%s' "$RID" | grep -cE '^[0-9a-f]{16}$')" 1 "X-Request-Id of 16 hex digits"
check_eq "$(curl -s -m 10 -b "$JAR" -o /dev/null -w '%{http_code}' "$BASE/audit")" 403 \
	"the operator is refused the audit trail"
# Secrets where they do not belong: in a query, a bearer token.
curl -s -m 10 -b "$JAR" -o /dev/null "$BASE/registry?token=Query-Secret-99&password=Pw-In-Query"
check_eq "$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer Bearer-Secret-123' \
	"$BASE/api/v1/organisations")" 401 "a bad API token refused"
# Through the trusted proxy: its X-Request-Id is kept when well-formed.
curl -s -m 10 --interface 127.0.0.2 -o /dev/null -H 'X-Request-Id: lb-0042.a_b' "$BASE/signin"
curl -s -m 10 --interface 127.0.0.2 -o /dev/null -H 'X-Request-Id: bad id "x"' "$BASE/signin"
# From anyone else it is not.
curl -s -m 10 -o /dev/null -H 'X-Request-Id: not-from-a-proxy' "$BASE/signin"
stop

python3 - "$LOG" "$RID" <<'PY' >"$T/check.out" 2>&1 || fail "log lines: $(cat "$T/check.out")"
import json, re, sys
log, rid = sys.argv[1], sys.argv[2]
lines = [l for l in open(log, encoding="utf-8") if l.startswith("{")]
others = [l for l in open(log, encoding="utf-8") if not l.startswith("{")]
assert all(l.startswith("kijun: ") for l in others), others
keys = ["at", "id", "remote", "method", "path", "status", "bytes", "ms", "us", "user", "proxy"]
entries = []
for l in lines:
    e = json.loads(l)
    assert list(e) == keys, (list(e), l)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", e["at"]), e["at"]
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,64}", e["id"]), e["id"]
    assert isinstance(e["status"], int) and isinstance(e["bytes"], int)
    assert isinstance(e["ms"], int) and e["ms"] == e["us"] // 1000
    assert "?" not in e["path"], e["path"]
    entries.append(e)
ids = [e["id"] for e in entries]
assert len(set(ids)) == len(ids), "request ids repeat"
page = [e for e in entries if e["id"] == rid]
assert len(page) == 1 and page[0]["user"] == "demo-operator" and page[0]["path"] == "/", page
refused = [e for e in entries if e["path"] == "/audit"]
assert refused and refused[0]["status"] == 403 and refused[0]["user"] == "demo-operator"
assert any(e["path"] == "/signin" and e["method"] == "POST" and e["user"] is None
           for e in entries)
proxied = [e for e in entries if e["proxy"] == "127.0.0.2" or e["remote"] == "127.0.0.2"]
assert [e["id"] for e in proxied][0] == "lb-0042.a_b", proxied
assert re.fullmatch(r"[0-9a-f]{16}", proxied[1]["id"]), proxied
assert "not-from-a-proxy" not in ids
print(len(entries))
PY
[ -s "$T/check.out" ] && pass "$(cat "$T/check.out") access-log lines as documented"
[ "${VERBOSE:-0}" = 1 ] && cat "$LOG"
# No secret of this run anywhere in the log.
for s in "$SESSION" "$CSRF" "$PW" Wrong-Secret-4711 Query-Secret-99 Pw-In-Query Bearer-Secret-123; do
	[ -n "$s" ] && grep -qF -- "$s" "$LOG" && fail "the log holds a secret: ${s:0:6}..."
done
pass "no secret in the log"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'authz.refused' AND actor = 'user:demo-operator' AND object_id = 'GET /audit'")" \
	1 "the refusal is in the audit trail"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'signin.failed'")" \
	1 "the wrong password is in the audit trail"

# --access-log FILE: the lines go there, not to standard error; SIGHUP
# reopens it after a rotation.
FILE=$T/access.log
start "$T/file.err" --access-log "$FILE"
curl -s -m 10 -o /dev/null "$BASE/signin?first=1"
mv "$FILE" "$FILE.1"
kill -HUP "$SPID"
for _ in $(seq 1 50); do [ -e "$FILE" ] && break; sleep 0.1; done
curl -s -m 10 -o /dev/null "$BASE/no-such-page"
stop
check_eq "$(grep -c '"path":"/signin"' "$FILE.1")" 2 "before the rotation: the start's request and one more"
check_eq "$(grep -c '"path":"/no-such-page","status":404' "$FILE")" 1 "after SIGHUP: the new file"
check_eq "$(grep -c '^{' "$T/file.err")" 0 "no access-log line on standard error"
check_eq "$(stat -c %a "$FILE")" 640 "mode of the access log"
"$KIJUN" serve --db "$A" --listen 127.0.0.1:1 --access-log "$T/no/such/dir/a.log" 2>"$T/bad.err"
check_eq "$?" 1 "an access log that cannot be opened: exit status"
grep -q "cannot open the access log $T/no/such/dir/a.log" "$T/bad.err" &&
	pass "an access log that cannot be opened: the message" ||
	fail "no message for a bad --access-log: $(cat "$T/bad.err")"
finish
