#!/bin/bash
# kijun answers its own questionnaire (issue 16; docs/self-assessment.md):
# `kijun demo --self-assessment` adds the operator "kijun 運用事業者"
# (行政サービス) and submits its response to the latest survey that has opened
# with the answers of data/reference/self-assessment.csv: every row's level,
# N/A reason, evidence reference and comment, one version whose digest is
# its content's, a respondent of the survey; the same options give the same
# answers; without the option the demo is as before. Both engines.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
CSV="$SRC/data/reference/self-assessment.csv"
A=$(new_db a.db) || exit 1
B=$(new_db b.db) || exit 1
P=$(new_db plain.db) || exit 1
for db in "$A" "$B"; do
	kj_expect 0 init --db "$db"
	kj_expect 0 demo --operators 20 --seed 3 --years 2 --today 2026-12-04 --self-assessment --db "$db"
	check_out_has "21 organisations"
done
kj_expect 0 init --db "$P"
kj_expect 0 demo --operators 20 --seed 3 --years 2 --today 2026-12-04 --db "$P"
check_out_has "20 organisations"
check_eq "$(db_sql "$P" "SELECT count(*) FROM organisation WHERE name_ja = 'kijun 運用事業者'")" 0 \
	"without --self-assessment no such operator"

ORG=$(db_sql "$A" "SELECT id FROM organisation WHERE name_ja = 'kijun 運用事業者'")
check_eq "$(printf '%s' "$ORG" | grep -cE '^[0-9]+$')" 1 "the demo operator kijun 運用事業者 is in the registry"
check_eq "$(db_sql "$A" "SELECT sector_code FROM organisation_sector WHERE organisation_id = $ORG")" \
	government "its sector is 行政サービス"
LATEST=$(db_sql "$A" "SELECT id FROM survey WHERE status <> 'draft' AND kind = 'questionnaire' ORDER BY fiscal_year DESC LIMIT 1")
check_eq "$(db_sql "$A" "SELECT s.fiscal_year || ' ' || r.status FROM response r
	JOIN survey s ON s.id = r.survey_id WHERE r.organisation_id = $ORG")" "2026 submitted" \
	"one response, to the FY2026 survey, submitted"
check_eq "$(db_sql "$A" "SELECT count(*) FROM survey_respondent WHERE survey_id = $LATEST
	AND organisation_id = $ORG")" 1 "a respondent of the survey"
check_eq "$(db_sql "$A" "SELECT respondents FROM survey WHERE id = $LATEST")" \
	"$(db_sql "$A" "SELECT count(DISTINCT organisation_id) FROM survey_respondent WHERE survey_id = $LATEST")" \
	"the survey's count of respondents"
kj_expect 0 survey status "$LATEST" --db "$A"
check_out_has "respondents: 21"

# Every answer as the file says.
db_rows "$A" "SELECT q.code, COALESCE(CAST(a.level AS TEXT), 'na'), COALESCE(a.na_reason, ''),
	COALESCE(a.evidence, ''), COALESCE(a.note, '') FROM answer a
	JOIN response r ON r.id = a.response_id JOIN requirement q ON q.id = a.requirement_id
	WHERE r.organisation_id = $ORG ORDER BY q.id" >answers.rows
python3 - "$CSV" answers.rows <<'PY' >check.out 2>&1 && pass "$(cat check.out)" || fail "answers: $(cat check.out)"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
got = [r.split("\x1f") for r in open(sys.argv[2], encoding="utf-8").read().split("\x1e") if r]
want = [[r["id"], r["level"], r["na_reason"], r["evidence"], r["how"]] for r in rows]
assert len(got) == len(want), (len(got), len(want))
for g, w in zip(sorted(got), sorted(want)):
    assert g == w, (g, w)
print(f"{len(got)} answers as data/reference/self-assessment.csv, "
      f"{sum(1 for r in rows if r['level'] == 'na')} of them N/A with their reasons")
PY
# One submitted version: its content a line per answer, its digest the content's.
db_rows "$A" "SELECT v.digest, v.content FROM response_version v JOIN response r ON r.id = v.response_id
	WHERE r.organisation_id = $ORG" >version.rows
python3 - version.rows <<'PY' >check.out 2>&1 && pass "$(cat check.out)" || fail "version: $(cat check.out)"
import hashlib, sys
recs = [r for r in open(sys.argv[1], encoding="utf-8").read().split("\x1e") if r]
assert len(recs) == 1, len(recs)
digest, content = recs[0].split("\x1f")
assert hashlib.sha256(content.encode()).hexdigest() == digest
assert len(content.splitlines()) == 90 and content.startswith("3.2.1-1\t1")
print("one version, its digest its content's")
PY
# The same options, the same answers.
SAME="SELECT o.corporate_number, q.code, a.level, a.na_reason, a.evidence, a.note, r.submitted_at
	FROM answer a JOIN response r ON r.id = a.response_id JOIN organisation o ON o.id = r.organisation_id
	JOIN requirement q ON q.id = a.requirement_id ORDER BY 1, 2"
check_eq "$(db_sql "$A" "$SAME" | sha256sum)" "$(db_sql "$B" "$SAME" | sha256sum)" \
	"the same options give the same answers"
check_eq "$(db_sql "$A" "SELECT count(*) FROM answer a JOIN response r ON r.id = a.response_id
	WHERE r.organisation_id <> $ORG")" "$(db_sql "$P" "SELECT count(*) FROM answer")" \
	"the other operators' answers as without the option"
finish
