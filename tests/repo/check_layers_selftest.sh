#!/usr/bin/env bash
# The layer check catches each kind of planted violation, names the file and
# line, and passes a tree that keeps the layers.
set -u
check=$(dirname "$0")/check_layers.sh
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A tree that keeps the layers: each layer includes its own and those below,
# and cmd_serve.c the one web header it is allowed.
clean() {
	rm -rf "$tmp/src"
	mkdir -p "$tmp/src"/{base,model,store,export,app,web,cmd}
	printf '#include <stdio.h>\n#include "base/buf.h"\n' >"$tmp/src/base/buf.c"
	printf '#include "base/buf.h"\n#include "model/catalog.h"\n' >"$tmp/src/model/catalog.c"
	printf '#include "model/catalog.h"\n#include "store/db.h"\n' >"$tmp/src/store/store.c"
	printf '#include "store/store.h"\n#include "export/csv.h"\n' >"$tmp/src/export/csv.c"
	printf '#include "export/csv.h"\n#include "app/authz.h"\n' >"$tmp/src/app/authz.c"
	printf '#include "app/authz.h"\n#include "web/html.h"\n#include "local.h"\n' >"$tmp/src/web/html.c"
	printf '#include "cmd/cmd.h"\n#include "web/server.h"\n' >"$tmp/src/cmd/cmd_serve.c"
	printf '#include "app/authz.h"\n#include "cmd/cmd.h"\n' >"$tmp/src/cmd/cmd_org.c"
	# A file exactly at the limit is fine.
	seq 800 | sed 's/^/\/\/ /' >"$tmp/src/model/long.c"
}

# expect_fail WHAT FILE LINE: the check fails and reports FILE:LINE.
expect_fail() {
	local out
	out=$("$check" "$tmp/src" 2>&1)
	local got=$?
	if [ "$got" -ne 1 ]; then
		echo "FAIL: $1: exit $got, expected 1"
		fail=1
	elif ! grep -q "^src/$2:$3: " <<<"$out"; then
		echo "FAIL: $1: no report of src/$2:$3 in:"
		echo "$out"
		fail=1
	fi
}

clean
if ! out=$("$check" "$tmp/src" 2>&1); then
	echo "FAIL: a tree that keeps the layers is refused:"
	echo "$out"
	fail=1
fi

clean
printf '#include "base/buf.h"\n#include "export/csv.h"\n' >>"$tmp/src/model/catalog.c"
expect_fail "model includes export" model/catalog.c 4

clean
printf '  #  include "app/authz.h"\n' >>"$tmp/src/store/store.c"
expect_fail "store includes app (spaced directive)" store/store.c 3

clean
printf '#include "model/catalog.h"\n' >>"$tmp/src/base/buf.c"
expect_fail "base includes model" base/buf.c 3

clean
printf '#include "web/app.h"\n' >>"$tmp/src/app/authz.c"
expect_fail "app includes web" app/authz.c 3

clean
printf '#include "cmd/cmd.h"\n' >>"$tmp/src/web/html.c"
expect_fail "web includes cmd (peers)" web/html.c 4

clean
printf '#include "web/server.h"\n' >>"$tmp/src/cmd/cmd_org.c"
expect_fail "cmd includes web outside cmd_serve.c" cmd/cmd_org.c 3

clean
printf '#include "web/app.h"\n' >>"$tmp/src/cmd/cmd_serve.c"
expect_fail "cmd_serve.c includes more of web than it is allowed" cmd/cmd_serve.c 3

clean
printf '#include "out/csv.h"\n' >>"$tmp/src/web/html.c"
expect_fail "an include of a directory that is not a layer" web/html.c 4

clean
mkdir -p "$tmp/src/ui"
printf 'int x;\n' >"$tmp/src/ui/ui.c"
expect_fail "a directory that is not a layer" ui/ui.c 1

clean
echo '// one more' >>"$tmp/src/model/long.c"
expect_fail "a file over 800 lines" model/long.c 801

# A file on the allow-list (its first entry, while there is one) is
# reported, not refused.
long=$(sed -n '/^LONG_ALLOWED=(/,/^)/s/^[[:space:]]*\([a-z]*\/[^[:space:]#]*\).*/\1/p' \
	"$check" | head -n 1)
if [ -n "$long" ]; then
	clean
	mkdir -p "$tmp/src/${long%/*}"
	seq 900 | sed 's/^/\/\/ /' >"$tmp/src/$long"
	out=$("$check" "$tmp/src" 2>&1)
	if [ $? -ne 0 ] || ! grep -q "warning: src/$long: still over 800 lines" <<<"$out"; then
		echo "FAIL: an allow-listed long file is not reported as a warning:"
		echo "$out"
		fail=1
	fi
fi

[ "$fail" -eq 0 ] && echo "check_layers: every planted violation caught, a clean tree passes"
exit "$fail"
