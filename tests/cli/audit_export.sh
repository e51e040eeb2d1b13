#!/bin/bash
# kijun audit export --format jsonl (issue 16; Part 3, 3.4.5), on both
# engines: the whole trail and its continuations (--since a position or a
# time) verified by tests/cli/verify_audit_jsonl.py, which recomputes the
# chain apart from kijun; a keyed trail; bad options refused; a trail that
# does not verify is not exported past the entry that breaks it; an edited,
# dropped or reordered line is found by the verifier.
KJ_PG=1
. "$(dirname "$0")/lib.sh" "$@"

VERIFY="$SRC/tests/cli/verify_audit_jsonl.py"
verify_ok() {	# WHAT FILE [ARGS...]
	local what=$1
	shift
	if python3 "$VERIFY" "$@" >"$T/verify.out" 2>&1; then pass "$what"; else
		fail "$what: $(cat "$T/verify.out")"
	fi
}
verify_broken() {	# WHAT FILE [ARGS...]
	local what=$1
	shift
	if python3 "$VERIFY" "$@" >"$T/verify.out" 2>&1; then
		fail "$what: the verifier passed it: $(cat "$T/verify.out")"
	elif grep -q BROKEN "$T/verify.out"; then pass "$what"; else
		fail "$what: $(cat "$T/verify.out")"
	fi
}
# line_field FILE N FIELD: a field of line N.
line_field() {
	sed -n "$2p" "$1" | python3 -c "import json, sys; print(json.load(sys.stdin)['$3'])"
}

db=$(new_db a.db)
kj_expect 0 init --db "$db"
kj_expect 0 demo --db "$db" --operators 30 --seed 16 --years 1

# The whole trail into a new file, mode 0600; the export is itself an entry.
kj_expect 0 audit export --db "$db" --format jsonl -o all.jsonl
check_out_has "written to all.jsonl (mode 0600)"
check_eq "$(stat -c %a all.jsonl)" "600" "mode of the export"
n=$(wc -l <all.jsonl)
kj_expect 0 audit head --db "$db"
head_anchor=$(cat "$OUT")
check_eq "$n" "${head_anchor%%:*}" "lines of the export and entries of the trail"
verify_ok "the whole export verifies apart from kijun" all.jsonl --expect-last "$head_anchor"
check_eq "$(tail -n 1 all.jsonl | python3 -c 'import json, sys; e = json.load(sys.stdin); print(e["action"], e["object_id"])')" \
	"export kijun-audit" "the export recorded in the trail it exports"
check_eq "$(line_field all.jsonl 1 prev_hash)" "$(printf '%064d' 0)" "the first entry starts the chain"
kj_expect 0 audit list --db "$db" --limit 500
check_eq "$(grep -c . "$OUT")" "$([ "$n" -lt 500 ] && echo "$n" || echo 500)" "entries listed"
# Never over an existing file.
before=$(sha256sum <all.jsonl)
kj_expect 1 audit export --db "$db" -o all.jsonl
check_err_has "already exists"
check_eq "$(sha256sum <all.jsonl)" "$before" "an existing file is not overwritten"
check_eq "$(find . -maxdepth 1 -name '.*tmp-*' | wc -l)" "0" "temporary files left"

# To standard output; then the continuation after what was received.
kj_expect 0 audit export --db "$db"
cp "$OUT" stdout.jsonl
verify_ok "the export on standard output verifies" stdout.jsonl
check_eq "$(head -n "$n" stdout.jsonl | sha256sum)" "$(sha256sum <all.jsonl)" \
	"a later export begins with the same lines"
last_pos=$(line_field all.jsonl "$n" position)
last_hash=$(line_field all.jsonl "$n" hash)
kj_expect 0 audit export --db "$db" --since $((last_pos + 1)) -o next.jsonl
check_out_has "2 audit entries written"
check_eq "$(line_field next.jsonl 1 position)" "$((last_pos + 1))" "the continuation's first position"
verify_ok "the continuation links to the last entry received" next.jsonl --after "$last_pos:$last_hash"
verify_broken "a continuation checked against another anchor" next.jsonl --after "$((last_pos - 1)):$last_hash"
verify_broken "a continuation checked as if it were the whole trail" next.jsonl

# --since a time: a day in Japan, a UTC time, the same time at +09:00.
kj_expect 0 audit export --db "$db" --since 2000-01-01
check_eq "$(head -n 1 "$OUT" | python3 -c 'import json, sys; print(json.load(sys.stdin)["position"])')" "1" \
	"--since a day long past starts at entry 1"
mid=$((n / 2))
t=$(line_field all.jsonl "$mid" time)
first=$(grep -n -m1 "\"time\":\"$t\"" all.jsonl | cut -d: -f1)
kj_expect 0 audit export --db "$db" --since "$t"
check_eq "$(head -n 1 "$OUT" | python3 -c 'import json, sys; print(json.load(sys.stdin)["position"])')" "$first" \
	"--since a UTC time starts at its first entry"
tj=$(python3 -c "import datetime as d; print((d.datetime.strptime('$t', '%Y-%m-%dT%H:%M:%SZ') + d.timedelta(hours=9)).strftime('%Y-%m-%dT%H:%M:%S+09:00'))")
kj_expect 0 audit export --db "$db" --since "$tj"
check_eq "$(head -n 1 "$OUT" | python3 -c 'import json, sys; print(json.load(sys.stdin)["position"])')" "$first" \
	"--since the same time at +09:00"
kj_expect 0 audit export --db "$db" --since 2999-01-01T00:00:00Z
check_out_empty

# Bad options: refused, nothing written.
for bad in "--format csv" "--since 0" "--since abc" "--since 2026-02-30" "--since 2026-12-05T09:00:00" \
	"--since 2026-12-05T25:00:00Z" "--since 2026-12-05T09:00:00+9" "--since 99999999999999999999"; do
	# shellcheck disable=SC2086
	kj_expect 2 audit export --db "$db" $bad -o bad.jsonl
	check_no_file bad.jsonl
done
kj_expect 2 audit export --db "$db" --since 2026-02-30
check_err_has "neither a position"
kj_expect 2 audit export --db "$db" --format csv
check_err_has "--format must be jsonl"
kj_expect 1 audit export --db missing.db
check_err_has "does not exist"

# Lines edited, dropped or reordered after the export: the verifier finds them.
sed '5s/"actor":"[^"]*"/"actor":"cli:mallory"/' all.jsonl >edited.jsonl
verify_broken "an edited line" edited.jsonl
sed '7d' all.jsonl >dropped.jsonl
verify_broken "a dropped line" dropped.jsonl
{ sed -n '1,3p' all.jsonl; sed -n '5p' all.jsonl; sed -n '4p' all.jsonl; sed -n '6,$p' all.jsonl; } >swapped.jsonl
verify_broken "two lines swapped" swapped.jsonl
head -n $((n - 1)) all.jsonl >short.jsonl
verify_broken "a cut-off tail, against the anchor" short.jsonl --expect-last "$head_anchor"
head -c -1 all.jsonl >cut.jsonl
verify_broken "a cut last line" cut.jsonl

# A trail changed in the database: not exported past the entry that breaks it.
t2=$(new_db tampered.db)
kj_expect 0 init --db "$t2"
kj_expect 0 demo --db "$t2" --operators 10 --seed 3 --years 1
db_sql "$t2" "UPDATE audit_entry SET actor = 'cli:mallory' WHERE id = 3" >/dev/null
kj_expect 1 audit export --db "$t2" -o t.jsonl
check_err_has "does not verify at entry 3"
check_no_file t.jsonl
kj_expect 1 audit export --db "$t2"
check_eq "$(grep -c . "$OUT")" "2" "lines written before the broken entry"

# A keyed trail: verified with the key; without it, its links are followed.
kj_expect 0 audit keygen key
k=$(new_db keyed.db)
kj_expect 0 init --db "$k" --audit-key key
kj_in_expect 0 "long-enough-pw-2026" user add keyed --role hq --password-stdin --db "$k" --audit-key key
kj_expect 1 audit export --db "$k" -o nokey.jsonl
check_err_has "audit key"
check_no_file nokey.jsonl
kj_expect 0 audit export --db "$k" --audit-key key -o keyed.jsonl
check_eq "$(line_field keyed.jsonl 1 keyed)" "True" "entries of a keyed trail are marked keyed"
verify_ok "a keyed export verifies with the key" keyed.jsonl --key key
verify_ok "a keyed export's links without the key" keyed.jsonl
if grep -q "followed by their links only" "$T/verify.out"; then
	pass "without the key, the verifier says it did not recompute the hashes"
else
	fail "without the key: $(cat "$T/verify.out")"
fi
kj_expect 0 audit keygen other
chmod 600 other
verify_broken "a keyed export checked with another key" keyed.jsonl --key other

finish
