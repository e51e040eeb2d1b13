#!/bin/bash
# tests/web/server.sh KIJUN SRC [bug:NAME]
#
# Drives a real `kijun serve` on 127.0.0.1 with curl: the limits of
# src/base/limits.h as the client sees them (body, URI, header section),
# many parallel connections, TLS with the Secure cookie, graceful shutdown
# on SIGTERM with a request in flight, and bad flags. Each server runs on a
# free port picked from 20000 + $$ % 10000 (retried when taken).
#
# With bug:NAME it checks only that known bug (see the end of this file):
# exit 1 if the fixed bug is back, 0 while it stays fixed.
# Exit 1 if a check failed, 77 if curl is missing.

if [ $# -lt 2 ]; then
	echo "usage: $0 KIJUN_BINARY SOURCE_DIR [bug:NAME]" >&2
	exit 2
fi
KIJUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
MODE=${3:-all}
set -u
export LC_ALL=C.UTF-8
unset KIJUN_DB
# new_db: its database on SQLite or, under KIJUN_TEST_PG, on PostgreSQL.
# shellcheck source=../pg/test_db.sh
. "$SRC/tests/pg/test_db.sh"
# A sanitizer report must not pass for an expected exit status.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1:exitcode=87"

if ! command -v curl >/dev/null; then
	echo "SKIP: curl is not installed"
	exit 77
fi
if [ ! -x "$KIJUN" ]; then
	echo "FAIL: no kijun binary at $KIJUN" >&2
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/kijun-web.XXXXXX") || exit 1
# Debian's python3 for the helpers when there is one: a version manager's
# shim in front of it on PATH costs about a second a call.
if [ -x /usr/bin/python3 ] && [ "$(command -v python3)" != /usr/bin/python3 ]; then
	mkdir -p "$T/bin" && ln -sf /usr/bin/python3 "$T/bin/python3" && PATH="$T/bin:$PATH"
fi
PIDS=()		# servers and helpers this script started
cleanup() {
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		echo "(scratch folder kept: $T)"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FAILS=0
fail() {
	echo "FAIL: $*"
	FAILS=$((FAILS + 1))
}
pass() {
	echo "ok: $*"
}
# check WHAT GOT WANT...: GOT must be one of WANT.
check() {
	local what=$1 got=$2
	shift 2
	for w in "$@"; do
		if [ "$got" = "$w" ]; then
			pass "$what ($got)"
			return 0
		fi
	done
	fail "$what: got '$got', want one of: $*"
	return 1
}

# --- A demo database -------------------------------------------------------------

# A copy of one made once by init and demo for every run of this script
# (made_db, tests/pg/test_db.sh): what it checks is the server's.
pg_bindir_first
if ! DB=$(made_db "$T/kijun.db" "$KIJUN" --operators 40 --seed 5 2>"$T/init.err"); then
	echo "FAIL: cannot make the demo database:"
	cat "$T/init.err"
	exit 1
fi
DEMO_PW=$(sed -n 's/^#define KJ_DEMO_PASSWORD "\(.*\)"$/\1/p' "$2/src/app/demo.h")
[ -n "$DEMO_PW" ] || { echo "FAIL: no KJ_DEMO_PASSWORD in src/app/demo.h"; exit 1; }

# --- Servers -------------------------------------------------------------------

# start_server NAME [FLAGS...]: serves $DB on a free port; sets PORT, SPID, BASE.
# Its stderr is in $T/NAME.err. Fails the script if no port works.
start_server() {
	local name=$1 scheme=http try
	shift
	case " $* " in *" --tls-cert "*) scheme=https ;; esac
	for try in $(seq 0 19); do
		PORT=$((20000 + ($$ + try * 7919) % 10000))
		"$KIJUN" serve --db "$DB" --listen "127.0.0.1:$PORT" --quiet "$@" \
			2>"$T/$name.err" &
		SPID=$!
		PIDS+=("$SPID")
		BASE="$scheme://127.0.0.1:$PORT"
		for _ in $(seq 1 100); do
			if ! kill -0 "$SPID" 2>/dev/null; then
				break	# exited: the port was taken, or worse
			fi
			if curl -sk -o /dev/null -m 2 "$BASE/signin"; then
				return 0
			fi
			sleep 0.1
		done
		if kill -0 "$SPID" 2>/dev/null; then
			echo "FAIL: server $name did not answer within 10 s"
			cat "$T/$name.err"
			exit 1
		fi
		wait "$SPID" 2>/dev/null
		if ! grep -q "cannot listen" "$T/$name.err"; then
			echo "FAIL: server $name exited at start:"
			cat "$T/$name.err"
			exit 1
		fi
	done
	echo "FAIL: no free port found for server $name"
	exit 1
}

# stop_server: SIGTERM, then its exit status in STOP_RC.
stop_server() {
	kill -TERM "$SPID"
	wait "$SPID"
	STOP_RC=$?
}

# code [CURL ARGS...]: the status curl got (000: no answer).
code() {
	curl -sk -o /dev/null -m 20 -w '%{http_code}' "$@"
}

# signin BASE JAR: signs in as demo-nco with a cookie jar; headers in $T/signin.h.
signin() {	# signin BASE JAR [LOGIN]
	local base=$1 jar=$2 login=${3:-demo-nco} csrf
	csrf=$(curl -sk -m 10 -c "$jar" "$base/signin" |
	       sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	[ -n "$csrf" ] || { fail "no CSRF token on $base/signin"; return 1; }
	curl -sk -m 20 -b "$jar" -c "$jar" -D "$T/signin.h" -o /dev/null \
		--data-urlencode "csrf=$csrf" --data-urlencode "login=$login" \
		--data-urlencode "password=$DEMO_PW" "$base/signin"
}

# --- Known bugs (bug:NAME) ----------------------------------------------------------

# Each prints what it saw and returns 0 if the bug is there, 1 if not.
bug_long_query_414() {
	# BUG: src/web/server.c handle() checks strlen(url) > KJ_HTTP_URI_MAX, but
	# libmicrohttpd passes the path without the query string, so a request
	# target of 3000 bytes in its query is served (up to the 32 KiB
	# connection memory). Fix: measure the whole target, e.g. sum the
	# lengths of the GET arguments too, or refuse in MHD_OPTION_URI_LOG_CALLBACK,
	# which sees the full URI before parsing.
	local q c
	q=$(head -c 3000 /dev/zero | tr '\0' a)
	c=$(code "$BASE/signin?x=$q")
	echo "a 3000-byte query string: $c (want 414)"
	[ "$c" != 414 ]
}
bug_bad_query_headers() {
	# BUG: src/web/server.c handle(): a query or form that does not parse
	# (bad UTF-8, too many parameters) is answered by kj_web_error() directly,
	# without the security headers that only kj_web_handle() adds (static
	# security_headers() in dispatch.c): no CSP, nosniff, Referrer-Policy,
	# X-Frame-Options on that HTML page. Fix: export security_headers() (e.g.
	# kj_web_security_headers) and call it in the adapter's error path too.
	curl -s -m 10 -D "$T/bad.h" -o /dev/null "$BASE/catalog?q=%ff"
	local st
	st=$(head -n 1 "$T/bad.h" | tr -d '\r')
	echo "GET /catalog?q=%ff: $st; CSP: $(grep -ci '^content-security-policy:' "$T/bad.h")"
	! grep -qi "^content-security-policy: .*frame-ancestors 'none'" "$T/bad.h"
}
bug_big_headers() {
	# BUG: src/web/server.c sets MHD_OPTION_CONNECTION_MEMORY_LIMIT to
	# KJ_HTTP_HEADER_MAX * 2 (32 KiB), so a header section of 17-31 KiB is
	# accepted although limits.h says 16 KiB for all request headers. Fix:
	# check the total header size in handle() on the first call (sum of
	# MHD_get_connection_values(MHD_HEADER_KIND) lengths) and answer 431.
	local c
	c=$(code -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" "$BASE/signin")
	echo "a 20 KiB header: $c (want 431)"
	[ "$c" = 200 ]
}

if [ "$MODE" != all ]; then
	name=${MODE#bug:}
	if ! declare -F "bug_$name" >/dev/null; then
		echo "no known bug '$name'" >&2
		exit 2
	fi
	start_server bug
	# These bugs are fixed: each check now guards against its return.
	if "bug_$name"; then
		echo "REGRESSION: the fixed bug $name is back"
		exit 1
	fi
	echo "fixed bug $name stays fixed"
	exit 0
fi

# --- Plain HTTP ------------------------------------------------------------------

start_server main
echo "server on $BASE (pid $SPID)"

curl -s -m 10 -D "$T/h" -o "$T/b" "$BASE/signin"
check "GET /signin" "$(head -n 1 "$T/h" | cut -d' ' -f2)" 200
grep -qi "^content-security-policy: .*frame-ancestors 'none'" "$T/h" &&
	grep -qi '^x-content-type-options: nosniff' "$T/h" &&
	grep -qi '^referrer-policy: ' "$T/h" &&
	grep -qi '^content-type: text/html; charset=utf-8' "$T/h" &&
	pass "security headers on /signin" || fail "security headers missing on /signin: $(cat "$T/h")"
! grep -qi '^strict-transport-security:' "$T/h" && pass "no HSTS over plain http" ||
	fail "HSTS over plain http"
grep -qi '^set-cookie: kijun_pre=.*; HttpOnly; SameSite=Strict' "$T/h" &&
	! grep -qi '^set-cookie: .*; Secure' "$T/h" &&
	pass "sign-in cookie over http: HttpOnly, SameSite, not Secure" ||
	fail "sign-in cookie: $(grep -i set-cookie "$T/h")"

# Body over KJ_HTTP_BODY_MAX (1 MiB): refused, by Content-Length and chunked.
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' a > "$T/big"
check "POST 1 MiB + 1 byte" \
	"$(code -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$T/big" "$BASE/signin")" 413
check "POST 1 MiB + 1 byte, chunked" \
	"$(code -H 'Content-Type: application/x-www-form-urlencoded' -H 'Transfer-Encoding: chunked' \
		--data-binary @"$T/big" "$BASE/signin")" 413
check "Content-Length: -1" "$(code -X POST -H 'Content-Length: -1' "$BASE/signin")" 400 413
check "Content-Length: 99999999999" \
	"$(code -X POST -H 'Content-Length: 99999999999' "$BASE/signin")" 400 413

# Request target over KJ_HTTP_URI_MAX (2048).
check "URI of 3000 bytes" "$(code "$BASE/$(head -c 3000 /dev/zero | tr '\0' a)")" 414
check "URI of 2000 bytes (under the limit)" \
	"$(code "$BASE/$(head -c 2000 /dev/zero | tr '\0' a)")" 404

# A header section over KJ_HTTP_HEADER_MAX (16 KiB): whatever libmicrohttpd
# answers, a 4xx; then the server still answers.
c=$(code -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)" "$BASE/signin")
case $c in 4??) pass "40 KiB header section ($c)" ;; *) fail "40 KiB header section: $c" ;; esac
hdrs=()
for i in $(seq 1 40); do
	hdrs+=(-H "X-H$i: $(head -c 1000 /dev/zero | tr '\0' b)")
done
c=$(code "${hdrs[@]}" "$BASE/signin")
case $c in 4??) pass "40 headers of 1 KB ($c)" ;; *) fail "40 headers of 1 KB: $c" ;; esac
check "still answering after big headers" "$(code "$BASE/signin")" 200

# The path as sent, not normalised by curl: never a file, never a 500.
for p in "/static/../../etc/passwd" "/static/..%2f..%2fetc%2fpasswd" "/catalog/..%2f..%2f" \
	 "/catalog/%00" "/catalog/%0d%0aSet-Cookie:%20x=y" "/%2e%2e/%2e%2e/etc/passwd" \
	 "/catalog/%ff" "/api/v1/catalog/..%2f..%2fetc%2fpasswd"; do
	c=$(curl -s -m 10 --path-as-is -o "$T/trav" -w '%{http_code}' "$BASE$p")
	case $c in
	303|400|401|404) if grep -q 'root:' "$T/trav"; then fail "$p served a file"; else pass "$p ($c)"; fi ;;
	*) fail "$p: $c" ;;
	esac
done
# Hostile query strings and forms go through the adapter's parsers.
for q in "q=%ff" "q=%" "q=%G1" "q=%00" "q=$(printf 'x%.0s' $(seq 1 300))" \
	 "$(for i in $(seq 1 70); do printf 'p%d=1&' "$i"; done)" \
	 "q=%27%20OR%201%3D1%20--" "function=%22%3B%20DROP%20TABLE%20app_user%3B%20--"; do
	c=$(code "$BASE/catalog?$q")
	case $c in 303|400) pass "GET /catalog?${q:0:40} ($c)" ;; *) fail "GET /catalog?${q:0:40}: $c" ;; esac
done
c=$(code -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'login=%ff&password=x' \
	"$BASE/signin")
check "a sign-in form with bad UTF-8" "$c" 400
c=$(code -H 'Content-Type: multipart/form-data; boundary=zz' --data-binary $'--zz\r\nbroken' \
	"$BASE/signin")
case $c in 400|413) pass "a broken multipart body ($c)" ;; *) fail "a broken multipart body: $c" ;; esac
c=$(code -X POST -H 'Content-Type: application/json' --data-binary '{"login":' "$BASE/signin")
check "a JSON body on a form route" "$c" 400
check "an unknown method" "$(code -X BREW "$BASE/catalog")" 400 404 405 501
check "HTTP/1.0" "$(code -0 "$BASE/signin")" 200
check "still answering after hostile input" "$(code "$BASE/signin")" 200

# 300 connections at once (bounded: each gives up after 20 s), from one
# process (300 curls cost about 10 s of CPU on a loaded 2-core machine). The
# per-address limit (32) refuses most; the server must neither crash nor stop.
python3 - "$PORT" > "$T/par" 2>/dev/null <<'PY'
import socket, sys, threading
port = int(sys.argv[1])
codes = []
go = threading.Event()
def one():
    code = "000"
    try:
        go.wait()
        with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
            s.sendall(b"GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            head = b""
            while b"\r\n" not in head:
                chunk = s.recv(4096)
                if not chunk:
                    break
                head += chunk
            parts = head.split(b" ", 2)
            if head.startswith(b"HTTP/") and len(parts) > 1 and parts[1].isdigit():
                code = parts[1].decode()
            while s.recv(65536):
                pass
    except OSError:
        pass
    codes.append(code)
threads = [threading.Thread(target=one) for _ in range(300)]
for t in threads:
    t.start()
go.set()
for t in threads:
    t.join()
print("\n".join(codes))
PY
ok200=$(grep -c '^200$' "$T/par")
if kill -0 "$SPID" 2>/dev/null && [ "$ok200" -gt 0 ]; then
	pass "300 parallel connections: $ok200 answered 200, the server lives"
else
	fail "300 parallel connections: $ok200 answered 200; server alive: $(kill -0 "$SPID" 2>/dev/null && echo yes || echo no)"
fi
sleep 0.5
check "still answering after 300 connections" "$(code "$BASE/signin")" 200
# 300 connections held open, each with half a request (slowloris), then closed.
fds=()
trap '' PIPE	# the server may close them: writing then must not kill us
for i in $(seq 1 300); do
	if exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"; then
		printf 'GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' >&"$fd"
		fds+=("$fd")
	fi
done 2>/dev/null
sleep 0.5
if kill -0 "$SPID" 2>/dev/null; then
	pass "${#fds[@]} half-open requests held, the server lives"
else
	fail "the server died under ${#fds[@]} half-open requests"
fi
for fd in "${fds[@]}"; do
	exec {fd}>&-
done
trap - PIPE
ok=
for _ in $(seq 1 50); do
	[ "$(code "$BASE/signin")" = 200 ] && { ok=1; break; }
	sleep 0.2
done
[ -n "$ok" ] && pass "answering again once they are closed" ||
	fail "not answering 10 s after the half-open requests were closed"

# Slow clients (the penetration test's attack): connections that trickle
# their headers are dropped after a deadline of their own, and a normal
# client is answered within a second all the while.
limit() { sed -n "s/^#define $1[[:space:]]*\([0-9]*\).*/\1/p" "$SRC/src/base/limits.h"; }
if python3 "$SRC/tests/web/slow_clients.py" 127.0.0.1 "$PORT" \
	"$(limit KJ_HTTP_CONNECTIONS_MAX)" "$(limit KJ_HTTP_RESERVE_PERCENT)" >"$T/slow.out" 2>&1; then
	pass "slow clients: $(tail -n 1 "$T/slow.out")"
else
	fail "slow clients: $(grep -v '^ok:' "$T/slow.out" | tr '\n' ' ')"
fi

# Graceful shutdown: SIGTERM while requests for the whole catalog (the
# largest answer) run back to back; exit status 0 and "stopped".
jar=$T/jar
signin "$BASE" "$jar"
check "sign-in over http" "$(head -n 1 "$T/signin.h" | cut -d' ' -f2)" 303
# The CSRF token only counts in the body or the X-CSRF-Token header.
csrf=$(curl -s -m 10 -b "$jar" "$BASE/account" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
check "CSRF token in the query string" \
	"$(curl -s -m 10 -b "$jar" -o /dev/null -w '%{http_code}' -X POST --data 'name=q' "$BASE/account/tokens?csrf=$csrf")" 400
check "CSRF token in the X-CSRF-Token header" \
	"$(curl -s -m 10 -b "$jar" -o /dev/null -w '%{http_code}' -H "X-CSRF-Token: $csrf" --data 'name=h' "$BASE/account/tokens")" 200
grep_no_store=$(curl -s -m 20 -b "$jar" -D - -o /dev/null "$BASE/registry/export?format=csv" | tr -d '\r' | grep -i '^cache-control:')
check "an export is not stored by caches" "$grep_no_store" "Cache-Control: no-store" "cache-control: no-store"
# The registry export is streamed from the database as it is sent: chunked,
# whole (BOM first, CRLF last); the xlsx one from its finished workbook.
te=$(curl -s -m 20 -b "$jar" -D - -o "$T/streamed.csv" "$BASE/registry/export?format=csv" |
     tr -d '\r' | grep -i '^transfer-encoding:')
check "the CSV export is streamed" "$te" "Transfer-Encoding: chunked" "transfer-encoding: chunked"
check "the streamed CSV export starts with a BOM" "$(head -c 3 "$T/streamed.csv" | od -An -tx1 | tr -d ' ')" efbbbf
check "the streamed CSV export ends with CRLF" "$(tail -c 2 "$T/streamed.csv" | od -An -tx1 | tr -d ' ')" 0d0a
curl -s -m 20 -b "$jar" -o "$T/streamed.xlsx" "$BASE/registry/export?format=xlsx"
check "the streamed xlsx export is a zip" "$(head -c 4 "$T/streamed.xlsx" | od -An -tx1 | tr -d ' ')" 504b0304

# A file upload through the adapter's multipart parser: the registry as
# exported goes back in unchanged; more files than allowed, or a body over
# KJ_HTTP_UPLOAD_MAX, are refused.
if curl -s -m 20 -b "$jar" -o "$T/registry.csv" -w '%{http_code}' \
	"$BASE/registry/export?format=csv" | grep -q 200; then
	csrf=$(curl -s -m 10 -b "$jar" "$BASE/registry" |
	       sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	c=$(curl -s -m 60 -b "$jar" -o "$T/import.html" -w '%{http_code}' -F "csrf=$csrf" \
		-F "file=@$T/registry.csv;type=text/csv" "$BASE/registry/import")
	check "multipart: re-import the exported registry" "$c" 200
	c=$(curl -s -m 60 -b "$jar" -o /dev/null -w '%{http_code}' -F "csrf=$csrf" \
		-F "file=@$T/registry.csv" -F "file2=@$T/registry.csv" -F "file3=@$T/registry.csv" \
		"$BASE/registry/import")
	check "multipart: three files" "$c" 400
	c=$(curl -s -m 60 -b "$jar" -o /dev/null -w '%{http_code}' \
		-F "file=@$T/registry.csv" "$BASE/registry/import")
	check "multipart: no CSRF token" "$c" 400
	head -c $((22 * 1024 * 1024)) /dev/zero > "$T/huge"
	c=$(curl -s -m 60 -b "$jar" -o /dev/null -w '%{http_code}' -F "csrf=$csrf" \
		-F "file=@$T/huge" "$BASE/registry/import")
	check "multipart: 22 MiB" "$c" 413
	rm -f "$T/huge"
	# A file is taken only from a live session whose user may use the route,
	# decided before any of the body is read: a made-up session cookie, or
	# an operator (who may not import), gets 413 for 2 MiB.
	head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$T/two"
	c=$(curl -s -m 60 -b "kijun_session=not-a-session" -o /dev/null -w '%{http_code}' \
		-F "csrf=$csrf" -F "file=@$T/two" "$BASE/registry/import")
	check "multipart: 2 MiB with a made-up session cookie" "$c" 413
	signin "$BASE" "$T/opjar" demo-operator
	c=$(curl -s -m 60 -b "$T/opjar" -o /dev/null -w '%{http_code}' \
		-F "csrf=$csrf" -F "file=@$T/two" "$BASE/registry/import")
	check "multipart: 2 MiB from a user who may not import" "$c" 413
	c=$(curl -s -m 60 -b "kijun_session=not-a-session" -o /dev/null -w '%{http_code}' \
		-H 'Transfer-Encoding: chunked' -F "file=@$T/two" "$BASE/registry/import")
	check "multipart: 2 MiB chunked with a made-up session cookie" "$c" 413
	# The attack of the penetration test: many uploads with a bogus cookie at
	# once. Before, each was buffered whole (64 took the server to 1.3 GB).
	hwm() { sed -n 's/^VmHWM: *\([0-9]*\) kB/\1/p' "/proc/$SPID/status"; }
	head -c $((20 * 1024 * 1024)) /dev/zero > "$T/twenty"
	before=$(hwm)
	flood=()
	for i in $(seq 1 32); do
		curl -s -m 60 -b "kijun_session=bogus$i" -o /dev/null -w '%{http_code}\n' \
			-F "file=@$T/twenty" "$BASE/registry/import" >>"$T/flood" &
		flood+=("$!")
	done
	wait "${flood[@]}" 2>/dev/null
	check "32 uploads of 20 MiB with bogus cookies: all refused" \
		"$(sort -u "$T/flood" | tr '\n' ' ')" "413 "
	after=$(hwm)
	grow=$(( (after - before) / 1024 ))
	[ "$grow" -lt 64 ] && pass "peak memory grew $grow MiB under the upload flood" ||
		fail "peak memory grew $grow MiB under 32 refused uploads of 20 MiB"
	# An upload that is taken goes to an unlinked temporary file, never the heap.
	c=$(curl -s -m 120 -b "$jar" -o /dev/null -w '%{http_code}' -F "csrf=$csrf" \
		-F "file=@$T/twenty;filename=big.csv" "$BASE/registry/import")
	check "multipart: 20 MiB from the NCO is read (and refused as a table)" "$c" 200 400
	rm -f "$T/two" "$T/twenty"
	ls /tmp/kijun-upload-* >/dev/null 2>&1 && fail "temporary upload files left in /tmp" ||
		pass "no temporary upload file left behind"
	check "still answering after uploads" "$(code "$BASE/signin")" 200
else
	echo "note: no registry export here: multipart uploads not tested"
fi
(
	while :; do
		curl -s -m 10 -b "$jar" -o /dev/null -w '%{http_code}\n' "$BASE/api/v1/catalog"
	done
) > "$T/loop" 2>/dev/null &
LOOP=$!
PIDS+=("$LOOP")
for _ in $(seq 1 50); do
	[ -s "$T/loop" ] && break
	sleep 0.1
done
sleep 0.3
stop_server
kill "$LOOP" 2>/dev/null
wait "$LOOP" 2>/dev/null
check "exit status after SIGTERM" "$STOP_RC" 0
grep -q "stopped" "$T/main.err" && pass "\"stopped\" on stderr" ||
	fail "no \"stopped\" on stderr: $(cat "$T/main.err")"
grep -q '^200$' "$T/loop" && pass "catalog requests served before the stop ($(grep -c '^200$' "$T/loop"))" ||
	fail "no catalog request was served: $(sort "$T/loop" | uniq -c | tr '\n' ' ')"
if grep -q '^500$' "$T/loop"; then
	fail "a 500 during the shutdown"
fi
check "nothing listens after the stop" "$(code "$BASE/signin")" 000

# --- TLS -------------------------------------------------------------------------

if command -v openssl >/dev/null; then
	if openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
		-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1; then
		start_server tls --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
		curl -sk -m 10 -D "$T/tls.h" -o /dev/null "$BASE/signin"
		check "GET https://…/signin" "$(head -n 1 "$T/tls.h" | cut -d' ' -f2)" 200
		grep -qi '^strict-transport-security: max-age=[1-9]' "$T/tls.h" &&
			pass "Strict-Transport-Security under TLS" ||
			fail "no Strict-Transport-Security under TLS"
		check "plain http to the TLS port" \
			"$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$PORT/signin")" 000 400
		signin "$BASE" "$T/tlsjar"
		check "sign-in over https" "$(head -n 1 "$T/signin.h" | cut -d' ' -f2)" 303
		grep -qi '^set-cookie: kijun_session=[^;]*;.*; Secure' "$T/signin.h" &&
			grep -qi '^set-cookie: kijun_session=.*HttpOnly' "$T/signin.h" &&
			pass "the session cookie is Secure and HttpOnly over TLS" ||
			fail "session cookie over TLS: $(grep -i 'set-cookie' "$T/signin.h")"
		check "signed in over https" "$(code -b "$T/tlsjar" "$BASE/")" 200
		# Only TLS 1.2 and 1.3 with forward-secret AEAD suites. The client
		# lowers its own security level so that only the server can refuse.
		tls_try() {	# tls_try NAME EXPECT(ok|refused) s_client options…
			local name=$1 want=$2 got=refused
			shift 2
			if openssl s_client -connect "127.0.0.1:$PORT" -servername 127.0.0.1 "$@" \
				</dev/null >"$T/tls.out" 2>&1 &&
			   grep -q '^New, TLSv1\.[0-9], Cipher is [A-Z]' "$T/tls.out"; then
				got=ok
			fi
			check "TLS $name" "$got" "$want"
		}
		tls_try "1.3" ok -tls1_3
		tls_try "1.2 ECDHE AES-GCM" ok -tls1_2 -cipher 'ECDHE-RSA-AES128-GCM-SHA256'
		tls_try "1.2 AES128-SHA (no forward secrecy, CBC)" refused \
			-tls1_2 -cipher 'AES128-SHA:@SECLEVEL=0'
		tls_try "1.2 static RSA AES-GCM (no forward secrecy)" refused \
			-tls1_2 -cipher 'AES128-GCM-SHA256:@SECLEVEL=0'
		tls_try "1.2 ECDHE CBC" refused -tls1_2 -cipher 'ECDHE-RSA-AES128-SHA:@SECLEVEL=0'
		tls_try "1.1" refused -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'
		tls_try "1.0" refused -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
		stop_server
		check "TLS server exit status" "$STOP_RC" 0
	else
		fail "openssl could not make a certificate"
	fi
else
	echo "note: openssl missing, TLS not tested"
fi

# --- Bad flags ---------------------------------------------------------------------

# bad_flags WHAT WORD ARGS...: exit 1 or 2 within 10 s, stderr names WORD.
bad_flags() {
	local what=$1 word=$2 rc
	shift 2
	timeout 10 "$KIJUN" serve --quiet "$@" >"$T/bad.out" 2>"$T/bad.err"
	rc=$?
	if [ "$rc" != 1 ] && [ "$rc" != 2 ]; then
		fail "$what: exit $rc (want 1 or 2): $(head -c 300 "$T/bad.err")"
	elif ! grep -qi -- "$word" "$T/bad.err"; then
		fail "$what: exit $rc but stderr does not mention '$word': $(head -c 300 "$T/bad.err")"
	else
		pass "$what (exit $rc: $(head -n 1 "$T/bad.err"))"
	fi
}
bad_flags "--listen nonsense" "listen" --db "$DB" --listen nonsense
bad_flags "--listen 127.0.0.1:99999" "port" --db "$DB" --listen 127.0.0.1:99999
bad_flags "--listen 127.0.0.1:0" "port" --db "$DB" --listen 127.0.0.1:0
bad_flags "--listen :8080" "listen" --db "$DB" --listen :8080
bad_flags "--listen 999.1.1.1:8080" "address" --db "$DB" --listen 999.1.1.1:8080
bad_flags "--tls-cert without --tls-key" "tls-key" --db "$DB" --listen 127.0.0.1:1 --tls-cert "$T/cert.pem"
bad_flags "--tls-key without --tls-cert" "tls-cert" --db "$DB" --listen 127.0.0.1:1 --tls-key "$T/key.pem"
bad_flags "--tls-cert that does not exist" "no-such" --db "$DB" --listen 127.0.0.1:1 \
	--tls-cert "$T/no-such.pem" --tls-key "$T/key.pem"
bad_flags "--db that does not exist" "no-such" --db "$T/no-such.db" --listen 127.0.0.1:1
start_server busy
bad_flags "a port already in use" "in use" --db "$DB" --listen "127.0.0.1:$PORT"
check "the first server still answers" "$(code "$BASE/signin")" 200
stop_server
check "exit status after SIGTERM" "$STOP_RC" 0

# --- Behind a reverse proxy (--trust-proxy) -------------------------------------

# A bad --trust-proxy is refused at start, exit 2, with a message naming it.
for spec in proxy.example 10.0.0.0/8 127.0.0.1:8080 127.0.0.1,,::1 '[::1]' ','; do
	timeout 10 "$KIJUN" serve --db "$DB" --listen 127.0.0.1:1 --trust-proxy "$spec" \
		>/dev/null 2>"$T/bad.err"
	check "--trust-proxy '$spec' refused" "$?" 2
	grep -q -- "--trust-proxy" "$T/bad.err" ||
		fail "--trust-proxy '$spec': the message does not name the option: $(cat "$T/bad.err")"
done

# wrong BASE LOGIN [CURL ARGS...]: a wrong password for LOGIN; its status.
wrong() {
	local base=$1 login=$2 csrf
	shift 2
	csrf=$(curl -s -m 10 -c "$T/wrong.jar" "$@" "$base/signin" |
	       sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	curl -s -m 20 -b "$T/wrong.jar" -o /dev/null -w '%{http_code}' "$@" \
		--data-urlencode "csrf=$csrf" --data-urlencode "login=$login" \
		--data-urlencode "password=wrong-password" "$base/signin"
}

# held FROM N: N connections from address FROM with half a request each,
# held open until $T/release exists.
held() {
	rm -f "$T/release" "$T/held"
	python3 - "$1" "$PORT" "$2" "$T/release" "$T/held" <<'PY' &
import os, socket, sys, time
src, port, n, release, ready = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
held = []
for _ in range(n):
    s = socket.socket()
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    held.append(s)
open(ready, "w").close()
while not os.path.exists(release):
    time.sleep(0.05)
PY
	HELD=$!
	PIDS+=("$HELD")
	# Every connection open (however loaded the machine), and a moment for
	# the server to have accepted the last.
	for _ in $(seq 300); do
		[ -e "$T/held" ] && break
		sleep 0.1
	done
	sleep 0.5
}

# Two server processes on one database: one without --trust-proxy, one
# behind a proxy at 127.0.0.2 (also a loopback address), not --quiet, for
# its access log.
start_server plain
PLAIN_BASE=$BASE PLAIN_PID=$SPID
for try in $(seq 0 19); do
	PORT=$((20000 + ($$ + 5003 + try * 7919) % 10000))
	"$KIJUN" serve --db "$DB" --listen "127.0.0.1:$PORT" --trust-proxy 127.0.0.2 \
		2>"$T/proxied.err" &
	SPID=$!
	PIDS+=("$SPID")
	BASE="http://127.0.0.1:$PORT"
	for _ in $(seq 1 100); do
		kill -0 "$SPID" 2>/dev/null || break
		curl -s -o /dev/null -m 2 "$BASE/signin" && break 2
		sleep 0.1
	done
done
check "server with --trust-proxy answers" "$(code "$BASE/signin")" 200
# via LOGIN XFF: a wrong password through the proxy's address with that header.
via() { wrong "$BASE" "$1" --interface 127.0.0.2 -H "X-Forwarded-For: $2"; }
# Five failures of a client behind the proxy (what it wrote left of the
# proxy's entry is not read), then that client is refused; another client
# behind the same proxy is not.
n401=0
for i in 1 2 3 4 5; do
	[ "$(via proxied-a "198.51.100.$i, 203.0.113.1")" = 401 ] &&
		n401=$((n401 + 1))
done
check "five failures through the proxy checked" "$n401" 5
check "that client refused (its address from X-Forwarded-For)" \
	"$(via proxied-b 203.0.113.1)" 429
check "another client behind the proxy still checked" "$(via proxied-b 203.0.113.2)" 401
grep -q '"remote":"203.0.113.1".*"proxy":"127.0.0.2"' "$T/proxied.err" &&
	pass "the access log names the client and the proxy" ||
	fail "access log without the forwarded client: $(tail -n 3 "$T/proxied.err")"
# The account locked out through one process is locked out in the other.
check "the other process refuses the account too" "$(wrong "$PLAIN_BASE" proxied-a)" 429
# From a peer that is not a listed proxy the header is ignored: five
# failures under five made-up addresses are five of 127.0.0.1's.
c=
for i in 1 2 3 4 5 6; do
	c="$c $(wrong "$BASE" "spoof-$i" -H "X-Forwarded-For: 203.0.113.$((10 + i))")"
done
case "$c" in
*" 429") pass "X-Forwarded-For from an unlisted peer ignored ($c)" ;;
*) fail "X-Forwarded-For from an unlisted peer counted as the client:$c" ;;
esac
# The proxy's connections are not held to the per-address limit (32):
# with 40 of them open, it and others are still answered; 40 from an
# unlisted address are, and its next one is refused.
held 127.0.0.2 40
check "40 open connections from the proxy: the proxy answered" \
	"$(code -m 5 --interface 127.0.0.2 "$BASE/signin")" 200
check "40 open connections from the proxy: others answered" "$(code -m 5 "$BASE/signin")" 200
touch "$T/release"
wait "$HELD"
held 127.0.0.1 40
check "40 open connections from an unlisted address: its next refused" \
	"$(code -m 5 "$BASE/signin")" 000
check "40 open connections from an unlisted address: the proxy answered" \
	"$(code -m 5 --interface 127.0.0.2 "$BASE/signin")" 200
touch "$T/release"
wait "$HELD"
stop_server
check "exit status after SIGTERM (--trust-proxy)" "$STOP_RC" 0
SPID=$PLAIN_PID
stop_server

# --- Done ------------------------------------------------------------------------

echo "known server bugs, each its own test: web_server_bug_long_query_414," \
     "web_server_bug_bad_query_headers, web_server_bug_big_headers"
if [ "$FAILS" -gt 0 ]; then
	echo "$FAILS check(s) failed"
	exit 1
fi
echo "all checks passed"
exit 0
