#!/bin/bash
# The English catalog covers the UI: every string the sources mark for
# translation (T("…"), kj_tr(req, "…"), N_("…")) has a non-empty, non-fuzzy
# msgstr in po/en.po, and msgfmt --check accepts the catalog.
#
#   bash tests/i18n/check_po.sh SOURCE_DIR
#
# Fix a failure with scripts/update-po, then translate what it lists.
set -uo pipefail

src=${1:?usage: check_po.sh SOURCE_DIR}
cd "$src" || exit 2
po=po/en.po
[ -f "$po" ] || { echo "FAIL: $src/$po is missing" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# The same extraction as scripts/update-po.
if ! xgettext --from-code=UTF-8 -k -kT -kkj_tr:2 -kN_ --no-location --sort-output \
	-o "$tmp/kijun.pot" src/web/*.c src/model/*.c; then
	echo "FAIL: xgettext could not extract the messages" >&2
	exit 1
fi

# ids FILE OUT: the msgids of FILE (header excluded), NUL-separated: read in
# one pass (msgexec ran a shell per message, a minute on a loaded machine).
# FILE comes from xgettext or msgattrib, so it is well formed.
ids() {
	: >"$2"
	[ -s "$1" ] || return 0
	python3 - "$1" >"$2" <<'PY'
import ast, sys
out = sys.stdout.buffer
msgid, field = None, None

def flush():
    if msgid:
        out.write(msgid.encode() + b"\0")

for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if line.startswith("msgid "):
        flush()
        msgid, field = ast.literal_eval(line[6:]), "id"
    elif line.startswith('"'):
        if field == "id":
            msgid += ast.literal_eval(line)
    elif line.startswith("msgstr") or line.startswith("msgid_plural") or line.startswith("msgctxt"):
        field = None
        if line.startswith("msgctxt"):
            flush()
            msgid = None
    elif not line or line.startswith("#"):
        field = None
flush()
PY
}
ids "$tmp/kijun.pot" "$tmp/pot.ids" || exit 1
msgattrib --no-obsolete -o "$tmp/all.po" "$po" || exit 1
ids "$tmp/all.po" "$tmp/all.ids" || exit 1
msgattrib --translated --no-obsolete -o "$tmp/done.po" "$po" || exit 1
ids "$tmp/done.po" "$tmp/done.ids" || exit 1
msgattrib --only-fuzzy --no-obsolete -o "$tmp/fuzzy.po" "$po" || exit 1

# list MSGID...: one msgid a line, newlines shown as \n.
list() {
	local id
	for id in "$@"; do
		printf '  %s\n' "${id//$'\n'/\\n}"
	done >&2
}

declare -A in_po=() translated=()
while IFS= read -r -d '' id; do in_po[$id]=1; done <"$tmp/all.ids"
while IFS= read -r -d '' id; do translated[$id]=1; done <"$tmp/done.ids"

missing=() empty=()
total=0
while IFS= read -r -d '' id; do
	total=$((total + 1))
	if [ -z "${in_po[$id]+x}" ]; then
		missing+=("$id")
	elif [ -z "${translated[$id]+x}" ]; then
		empty+=("$id")
	fi
done <"$tmp/pot.ids"

if [ "$total" -eq 0 ]; then
	echo "FAIL: xgettext found no messages in $src/src" >&2
	fail=1
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "FAIL: ${#missing[@]} message(s) of the sources missing from $po (run scripts/update-po):" >&2
	list "${missing[@]}"
	fail=1
fi
if [ ${#empty[@]} -gt 0 ]; then
	echo "FAIL: ${#empty[@]} message(s) with an empty msgstr in $po:" >&2
	list "${empty[@]}"
	fail=1
fi

# Fuzzy entries (including a fuzzy header) are ignored by msgfmt, so the UI
# would silently show Japanese.
if awk -v RS= '/(^|\n)msgid ""\nmsgstr ""/ { if (/(^|\n)#,[^\n]*fuzzy/) f = 1; exit }
	      END { exit !f }' "$po"; then
	echo "FAIL: the header entry of $po is marked fuzzy" >&2
	fail=1
fi
if [ -s "$tmp/fuzzy.po" ]; then
	ids "$tmp/fuzzy.po" "$tmp/fuzzy.ids"
	mapfile -d '' fuzzy <"$tmp/fuzzy.ids"
	if [ ${#fuzzy[@]} -gt 0 ]; then
		echo "FAIL: ${#fuzzy[@]} fuzzy entr(y/ies) in $po:" >&2
		list "${fuzzy[@]}"
		fail=1
	fi
fi

# The header the build and kj_tr rely on.
# shellcheck disable=SC2016 # expanded by the inner sh
header=$(msgexec -i "$po" sh -c '[ -n "$MSGEXEC_MSGID" ] || cat')
grep -qx 'Language: en' <<<"$header" ||
	{ echo "FAIL: $po header lacks 'Language: en'" >&2; fail=1; }
grep -qix 'Content-Type: text/plain; charset=UTF-8' <<<"$header" ||
	{ echo "FAIL: $po header lacks 'charset=UTF-8'" >&2; fail=1; }

# Entries no source uses any more: harmless, but worth a look.
obsolete=$(grep -c '^#~ msgid' "$po" || :)
[ "${obsolete:-0}" -eq 0 ] ||
	echo "note: $po keeps $obsolete obsolete entr(y/ies) (#~); drop them when no longer useful" >&2

if ! msgfmt --check --statistics -o /dev/null "$po"; then
	echo "FAIL: msgfmt --check rejects $po" >&2
	fail=1
fi

if [ "$fail" -eq 0 ]; then
	echo "ok: $total source messages, all translated in $po"
fi
exit "$fail"
