#!/usr/bin/env bash
# The tracked-file check refuses each kind of artefact and accepts the
# project's own kinds of file.
set -u
check=$(dirname "$0")/check_tracked.sh
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '# Netscape HTTP Cookie File\nlocalhost\tFALSE\t/\tFALSE\t0\tkijun_session\tx\n' >"$tmp/session.txt"
printf 'kijun_session=abc; kijun_lang=ja\n' >"$tmp/cookies.txt"
expect() {	# expect STATUS PATH: PATH's content, if any, is read in $tmp
	"$check" --stdin "$tmp" <<<"$2" >/dev/null
	local got=$?
	if [ "$got" -ne "$1" ]; then
		echo "FAIL: $2: exit $got, expected $1"
		fail=1
	fi
}
for f in tests/node_modules/ajv/package.json node_modules/x.js var/kijun-demo.db \
	 kijun.db-wal a/b.sqlite build/kijun build-check/CMakeCache.txt \
	 src/web/html.o CMakeCache.txt po/en.mo cj4 jar.cookies session.txt s.html scratch.htm \
	 server.log notes.txt~; do
	expect 1 "$f"
done
for f in src/web/html.c docs/api.md data/standard/2026/source.txt tests/package-lock.json \
	 cookies.txt fuzz/corpus/http/cookies.txt po/en.po README.md data/static/kijun.css \
	 docs/build-notes.md tests/browser/lib/checks.mjs; do
	expect 0 "$f"
done
[ "$fail" -eq 0 ] && echo "check_tracked: every kind refused, project files accepted"
exit "$fail"
