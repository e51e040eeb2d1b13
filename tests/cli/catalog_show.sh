#!/bin/bash
# kijun catalog show: one requirement with its section path, definitions and
# CSF 2.0 mapping; unknown and hostile ids fail with status 1.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"

# field ID KEY: a field of a requirement of data/standard/2026 (lists joined by spaces).
field() {
	python3 - "$STD/requirements.json" "$1" "$2" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1], encoding="utf-8")):
    if r["id"] == sys.argv[2]:
        v = r[sys.argv[3]]
        print(" ".join(v) if isinstance(v, list) else v)
EOF
}
definition() {	# definition ID KEY
	python3 - "$STD/definitions.json" "$1" "$2" <<'EOF'
import json, sys
for d in json.load(open(sys.argv[1], encoding="utf-8")):
    if d["id"] == sys.argv[2]:
        print(d[sys.argv[3]])
EOF
}
# The CSF ids of the "CSF 2.0:" line of the last output, space-separated.
shown_csf() {
	sed -n 's/^CSF 2\.0: //p' "$OUT" | tr ';' '\n' | awk 'NF {print $1}' | paste -sd' ' -
}

# 3.2.5.3-1: CSIRT.
kj_expect 0 catalog show 3.2.5.3-1
check_err_empty
cp "$OUT" "$T/csirt.txt"
check_eq "$(head -n 1 "$OUT" | awk '{print $1}')" "3.2.5.3-1" "first word of catalog show 3.2.5.3-1"
check_out_has "[組織統治 governance]"
check_out_has "3.2 組織統治"
check_out_has "  3.2.5 役割・責任・権限"
check_out_has "    3.2.5.3 CSIRT等の整備"
check_out_has "$(field 3.2.5.3-1 text_ja)"
check_out_has "(en) $(field 3.2.5.3-1 text_en)"
check_eq "$(field 3.2.5.3-1 csf)" "GV.RR RS.MA" "CSF ids of 3.2.5.3-1 in requirements.json"
check_eq "$(shown_csf)" "GV.RR RS.MA" "CSF ids shown for 3.2.5.3-1"
check_out_has "GV.RR Roles, Responsibilities, and Authorities"
check_out_has "RS.MA Incident Management"
check_out_has "定義:"
check_out_has "CSIRT (csirt, fn. 22): $(definition csirt text_ja)"

kj_expect 0 catalog show 3.2.5.3-1 --lang en
check_out_has "$(field 3.2.5.3-1 text_en)"
check_out_has "3.2.5.3 Establishing a CSIRT or equivalent"
check_out_has "Definitions:"
check_out_has "CSIRT (csirt, fn. 22): $(definition csirt text_en)"
check_eq "$(shown_csf)" "GV.RR RS.MA" "CSF ids shown for 3.2.5.3-1 --lang en"
check_out_lacks "$(field 3.2.5.3-1 text_ja)"

# 3.7-1: the last requirement, a section without subsections.
kj_expect 0 catalog show 3.7-1
check_out_has "3.7-1  [技術・脅威の動向 trends]"
check_out_has "3.7 技術・脅威の動向等を踏まえた対策"
check_out_has "$(field 3.7-1 text_ja)"
check_eq "$(shown_csf)" "$(field 3.7-1 csf)" "CSF ids shown for 3.7-1"
check_out_has "リスクベース (risk-based, fn. 4)"

# 3.6.1-2: 事業継続計画等, defined in the text of 3.6.1, is the longest term;
# the BCP of footnote 28 is not linked.
kj_expect 0 catalog show 3.6.1-2
check_out_has "事業継続計画等 (business-continuity-plans-etc, §3.6.1 text): $(definition business-continuity-plans-etc text_ja)"
check_out_lacks "(business-continuity-plan, fn. 28)"

# Every fifth requirement and the last (one process each, so not all 90 under
# ASan) can be shown, with its own id and CSF ids.
python3 -c '
import json, sys
reqs = json.load(open(sys.argv[1], encoding="utf-8"))
for i, r in enumerate(reqs):
    if i % 5 == 0 or i == len(reqs) - 1:
        print(r["id"], " ".join(r["csf"]), sep="\t")' "$STD/requirements.json" >"$T/ids.tsv"
nbad=0
while IFS=$'\t' read -r id csf; do
	kj catalog show "$id"
	if [ "$RC" != 0 ] || [ "$(shown_csf)" != "$csf" ] || ! head -n 1 "$OUT" | grep -q "^$id  \["; then
		nbad=$((nbad + 1))
		fail_run "catalog show $id: expected status 0, first line '$id  [...' and CSF '$csf'; got status $RC, CSF '$(shown_csf)'"
	fi
done <"$T/ids.tsv"
check_eq "$nbad" 0 "requirements that catalog show gets wrong"

# Unknown id: 1, the id named, nothing on stdout.
kj_expect 1 catalog show 9.9-9
check_err_has "'9.9-9'"
check_out_empty
kj_expect 1 catalog show 3.2.1
check_err_has "'3.2.1'"
kj_expect 1 catalog show 3.2.1-1x
kj_expect 1 catalog show %s%n%s%n%x
check_err_has "%s%n%s%n%x"
kj_expect 1 catalog show "$(printf 'x%.0s' $(seq 1 20000))"
check_err_has "xxxxxxxx"
kj_expect 1 catalog show "3.2.1-1 "
kj_expect 1 catalog show 3.7-1 --version 1999
check_err_has "1999"

# SQL in the id, against a database: 1, and the database is intact.
A=$(init_db a.db) || exit 1
before=$(db_digest "$A")
inj="3.2.1-1; DROP TABLE requirement"
for id in "$inj" "3.2.1-1'; DROP TABLE requirement; --" "' OR '1'='1" "3.2.1-1\" OR 1=1 --"; do
	kj_expect 1 catalog show "$id" --db "$A"
	check_err_has "'$id'"
	check_out_empty
done
check_eq "$(db_digest "$A")" "$before" "database dump after injection attempts"
kj_expect 0 catalog list --db "$A"
check_eq "$(wc -l <"$OUT")" 90 "catalog list after injection attempts"
kj_expect 0 catalog show 3.2.5.3-1 --db "$A"
check_same_file "$OUT" "$T/csirt.txt" "catalog show 3.2.5.3-1 from the database vs built-in"

finish
