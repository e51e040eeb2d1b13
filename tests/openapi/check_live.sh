#!/usr/bin/env bash
# The JSON API against its document: makes a demo database, serves it on a
# free port, and lets check_live.mjs sign in as every demo role, call every
# documented GET operation and validate each answer against the schemas of
# docs/openapi.yaml (ajv, JSON Schema 2020-12).
#
#   check_live.sh KIJUN_BINARY SOURCE_DIR
#
# Exit status: 0 good, 1 a check failed, 2 bad usage, 77 skipped (no node
# or no tests/node_modules: run `npm ci` in tests/).
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 KIJUN_BINARY SOURCE_DIR" >&2
	exit 2
fi
KIJUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$KIJUN" ]; then
	echo "FAIL: no kijun binary at $KIJUN" >&2
	exit 1
fi
if ! command -v node >/dev/null 2>&1; then
	echo "SKIP: node not found" >&2
	exit 77
fi
for m in ajv ajv-formats yaml; do
	if [ ! -d "$SRC/tests/node_modules/$m" ]; then
		echo "SKIP: $SRC/tests/node_modules/$m missing (npm ci in tests/)" >&2
		exit 77
	fi
done
unset KIJUN_DB
export LC_ALL=C.UTF-8

T=$(mktemp -d "${TMPDIR:-/tmp}/kijun-openapi.XXXXXX") || exit 1
SERVER_PID=
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		echo "(scratch folder kept: $T)"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB="$T/kijun.db"
if ! "$KIJUN" init --db "$DB" >"$T/init.log" 2>&1 ||
   ! "$KIJUN" demo --db "$DB" --operators 60 --seed 5 --years 2 >>"$T/init.log" 2>&1; then
	echo "FAIL: cannot make the demo database:" >&2
	cat "$T/init.log" >&2
	exit 1
fi

# A survey of kind other to every ministry, open, for its two GET operations
# (docs/other-surveys.md); its id to check_live.mjs.
if ! "$KIJUN" survey create --kind other --respondents ministry --fy 2026 \
	--title-ja "他制度との関係に関する調査" --closes 2099-03-31 --db "$DB" >"$T/other.id" 2>>"$T/init.log" ||
   ! "$KIJUN" survey respondents "$(cat "$T/other.id")" add --ministry all --db "$DB" >>"$T/init.log" 2>&1 ||
   ! "$KIJUN" survey question "$(cat "$T/other.id")" --kind yesno --text-ja "重複がありますか" \
	--db "$DB" >>"$T/init.log" 2>&1 ||
   ! "$KIJUN" survey open "$(cat "$T/other.id")" --db "$DB" >>"$T/init.log" 2>&1; then
	echo "FAIL: cannot make the survey of kind other:" >&2
	cat "$T/init.log" >&2
	exit 1
fi
KJ_OTHER_SURVEY=$(cat "$T/other.id")
export KJ_OTHER_SURVEY

free_port() {
	node -e 'const s = require("net").createServer();
		 s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Is the server answering? (Any HTTP status will do.)
answering() {
	node -e 'fetch(process.argv[1]).then(() => process.exit(0), () => process.exit(1))' \
		"$1/static/kijun.css" 2>/dev/null
}

# Start the server; retry on another port if this one was taken meanwhile.
BASE=
# shellcheck disable=SC2034
for _attempt in 1 2 3; do
	PORT=$(free_port) || { echo "FAIL: no free port" >&2; exit 1; }
	"$KIJUN" serve --db "$DB" --listen "127.0.0.1:$PORT" >"$T/serve.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 1 100); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		if answering "http://127.0.0.1:$PORT"; then
			BASE="http://127.0.0.1:$PORT"
			break
		fi
		sleep 0.1
	done
	[ -n "$BASE" ] && break
	kill "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
done
if [ -z "$BASE" ]; then
	echo "FAIL: kijun serve did not start:" >&2
	cat "$T/serve.log" >&2
	exit 1
fi

node "$HERE/check_live.mjs" "$BASE" "$SRC/docs/openapi.yaml" \
	--package "$SRC/tests/package.json"
RC=$?

kill "$SERVER_PID" 2>/dev/null
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$T/serve.log"; then
	echo "FAIL: sanitizer report from kijun serve:" >&2
	cat "$T/serve.log" >&2
	RC=1
fi
if [ "$RC" -ne 0 ] && [ -s "$T/serve.log" ]; then
	echo "--- kijun serve log (last 20 lines) ---" >&2
	tail -n 20 "$T/serve.log" >&2
fi
exit "$RC"
