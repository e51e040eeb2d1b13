#!/bin/bash
# kijun catalog list: the 90 requirements, by function, in Japanese or
# English, the same from a database as from the built-in standard.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"

# The ids and texts of the data files, one "id<TAB>text_ja<TAB>text_en" a line.
python3 - "$STD/requirements.json" >"$T/reqs.tsv" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1], encoding="utf-8")):
    print(r["id"], r["text_ja"], r["text_en"], sep="\t")
EOF
cut -f1 "$T/reqs.tsv" >"$T/ids"

# Built-in (empty folder, no KIJUN_DB): 90 lines, the ids in data order.
kj_expect 0 catalog list
check_err_empty
cp "$OUT" "$T/builtin.txt"
check_eq "$(wc -l <"$OUT")" 90 "lines of catalog list"
awk '{print $1}' "$OUT" >"$T/list.ids"
check_same_file "$T/list.ids" "$T/ids" "ids of catalog list vs requirements.json"
check_out_has "3.2.1-1    組織統治"
# Each line ends with the requirement's Japanese text.
check_cmd "catalog list: text column = requirements.json text_ja" python3 - "$OUT" "$T/reqs.tsv" <<'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
reqs = [l.split("\t") for l in open(sys.argv[2], encoding="utf-8").read().splitlines()]
bad = [(l, r[1]) for l, r in zip(lines, reqs) if not l.endswith(" " + r[1])]
for l, want in bad[:3]:
    print("  line:", l, "\n  want text:", want)
sys.exit(1 if bad else 0)
EOF
kj_expect 0 catalog list --version 2026
check_same_file "$OUT" "$T/builtin.txt" "catalog list --version 2026 (built-in)"
kj_expect 1 catalog list --version 1999
check_err_has "1999"
check_out_empty

# --function by code and by Japanese name: the same 34 lines of 3.4 (防御).
kj_expect 0 catalog list --function protect
cp "$OUT" "$T/protect.txt"
check_eq "$(wc -l <"$OUT")" 34 "lines of catalog list --function protect"
check_eq "$(grep -vc '^3\.4\.' "$OUT")" 0 "lines not in section 3.4 for --function protect"
kj_expect 0 catalog list --function 防御
check_same_file "$OUT" "$T/protect.txt" "--function 防御 vs --function protect"
grep '^3\.4\.' "$T/builtin.txt" >"$T/protect.want"
check_same_file "$T/protect.txt" "$T/protect.want" "--function protect vs the 3.4 lines of the full list"
# Every function together gives the whole list back.
total=0
for f in governance identify protect detect respond-recover trends; do
	kj_expect 0 catalog list --function "$f"
	n=$(wc -l <"$OUT")
	if [ "$n" -gt 0 ]; then pass "function $f has requirements"
	else fail "catalog list --function $f: no lines"; fi
	total=$((total + n))
done
check_eq "$total" 90 "sum of the lines of the six functions"
kj_expect 0 catalog list --function trends
check_eq "$(awk '{print $1}' "$OUT")" "3.7-1" "catalog list --function trends"

# --lang en: English names and texts, no Japanese at all.
kj_expect 0 catalog list --lang en
check_eq "$(wc -l <"$OUT")" 90 "lines of catalog list --lang en"
check_out_has "3.2.1-1    governance"
want=$(sed -n 1p "$T/reqs.tsv" | cut -f3)
check_eq "$(sed -n 1p "$OUT" | sed 's/^[^ ]* \+[^ ]* \+//')" "$want" "English text of 3.2.1-1"
ja=$(python3 -c '
import re, sys
for line in sys.stdin:
    if re.search("[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]", line):
        print(line.rstrip()[:120])' <"$OUT")
check_eq "$ja" "" "lines of catalog list --lang en with Japanese characters"
kj_expect 0 catalog list --lang en --function 防御
check_eq "$(wc -l <"$OUT")" 34 "lines of --lang en --function 防御"
kj_expect 0 catalog list --lang ja
check_same_file "$OUT" "$T/builtin.txt" "catalog list --lang ja vs default"

# From a database: the same as the built-in, by --db, $KIJUN_DB and ./kijun.db.
mkdir db
A=$(init_db db/a.db) || exit 1
kj_expect 0 catalog list --db "$A"
check_same_file "$OUT" "$T/builtin.txt" "catalog list from --db vs built-in"
KIJUN_DB="$A" kj_expect 0 catalog list
check_same_file "$OUT" "$T/builtin.txt" "catalog list from \$KIJUN_DB vs built-in"
kj_expect 0 catalog list --db "$A" --lang en --function protect
cp "$OUT" "$T/db-en-protect.txt"
kj_expect 0 catalog list --lang en --function protect
check_same_file "$OUT" "$T/db-en-protect.txt" "--lang en --function protect: db vs built-in"
if ! test_on_pg; then	# ./kijun.db, the default: a SQLite file
	cp db/a.db kijun.db
	kj_expect 0 catalog list
	check_same_file "$OUT" "$T/builtin.txt" "catalog list from ./kijun.db vs built-in"
	rm kijun.db
fi
kj_expect 1 catalog list --db "$A" --version 1999
check_err_has "1999"

# A database that is named but missing is an error, not the built-in.
kj_expect 1 catalog list --db missing.db
check_err_has "missing.db"
check_err_has "kijun init"
check_out_empty
KIJUN_DB=missing.db kj_expect 1 catalog list
check_err_has "missing.db"
check_no_file missing.db

finish
