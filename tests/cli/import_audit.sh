#!/bin/bash
# The audit entry of each import (issue 16; docs/operations.md, "Access and
# error log"): org import, standard import and survey import each write one
# entry with the file's SHA-256, its size, and the rows or forms accepted and
# refused, in the import's transaction; an import that changes nothing (the
# same file again, a refused file) writes none. Both engines.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 20 --seed 3 --years 2 --today 2026-12-04) || exit 1

sha() { sha256sum "$1" | cut -d' ' -f1; }
bytes() { wc -c <"$1" | tr -d ' '; }
entries() { db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = '$1'"; }
last() { db_sql "$A" "SELECT object_type || '|' || coalesce(object_id, '') || '|' || detail
	FROM audit_entry WHERE action = '$1' ORDER BY id DESC LIMIT 1"; }

# --- the registry: one operator renamed --------------------------------------------
kj_expect 0 org export --format csv --output reg.csv --db "$A"
python3 - reg.csv <<'PY' || fail "cannot edit the registry export"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
rows[1][1] += "（改称）"
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(rows)
PY
NROWS=$(($(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8")))))' reg.csv) - 1))
kj_expect 0 org import reg.csv --db "$A"
check_out_has "1 updated"
check_eq "$(entries org.import)" 1 "one org.import entry"
check_eq "$(last org.import)" \
	"registry||{\"sha256\":\"$(sha reg.csv)\",\"bytes\":$(bytes reg.csv),\"files\":1,\"accepted\":$NROWS,\"refused\":0}" \
	"org.import: the file's digest, size, rows accepted"
kj_expect 0 org import reg.csv --db "$A"
check_out_has "0 updated"
check_eq "$(entries org.import)" 1 "the same file again changes nothing and writes no entry"
printf '法人番号,名称\nnot-a-number,x\n' >bad.csv
kj_expect 1 org import bad.csv --db "$A"
check_eq "$(entries org.import)" 1 "a refused file writes no entry"

# --- a sector's safety standards ------------------------------------------------------
REQ=$(db_sql "$A" "SELECT q.code FROM requirement q ORDER BY q.id LIMIT 1")
HEAD="分野,分類,発行者,文書名,版,発行日,URL,条項番号,条項名,条項本文,対策事項,充足度"
ROW="医療,1,厚生労働省,監査試験の省令,第1版,2026-04-01,https://www.mhlw.go.jp/x.html,第3条,責任,本文,$REQ,全部"
printf '%s\n%s\n' "$HEAD" "$ROW" >map.csv
kj_expect 0 standard import map.csv --db "$A"
check_eq "$(entries safety.import)" 1 "one safety.import entry"
check_eq "$(last safety.import)" \
	"safety||{\"sha256\":\"$(sha map.csv)\",\"bytes\":$(bytes map.csv),\"files\":1,\"accepted\":1,\"refused\":0}" \
	"safety.import: the file's digest, size, rows accepted"
kj_expect 0 standard import map.csv --db "$A"
check_eq "$(entries safety.import)" 1 "the same standards again write no entry"

# --- offline answer forms ----------------------------------------------------------------
set -- $(db_sql "$A" "SELECT o.corporate_number FROM survey_respondent sr
	JOIN organisation o ON o.id = sr.organisation_id WHERE sr.survey_id = 2
	AND NOT EXISTS (SELECT 1 FROM response r WHERE r.survey_id = 2
	AND r.organisation_id = o.id) GROUP BY o.corporate_number
	ORDER BY o.corporate_number LIMIT 2")
ORG=$1
[ -n "$ORG" ] || { fail "an operator without a response"; finish; }
kj_expect 0 survey form 2 --org "$ORG" --format csv -o f.csv --db "$A"
kj_expect 0 survey import 2 f.csv --db "$A"
check_eq "$(entries survey.form.import)" 1 "one survey.form.import entry"
check_eq "$(last survey.form.import)" \
	"survey|2|{\"sha256\":\"$(sha f.csv)\",\"bytes\":$(bytes f.csv),\"files\":1,\"accepted\":1,\"refused\":0}" \
	"survey.form.import: the form's digest, size, one form accepted"
head -c 100 f.csv >cut.csv
kj_expect 1 survey import 2 cut.csv --db "$A"
check_eq "$(entries survey.form.import)" 1 "a refused form writes no entry"
check_cmd "the audit chain verifies" "$KIJUN" audit verify --db "$A"
finish
