#!/bin/bash
# kijun onsite plan|record|issue|export: the visits of an on-site
# survey on a small demo database (both engines). The on-site survey is
# made here in SQL (its creation is `kijun onsite`'s). A visit is planned
# (bad dates, inspectors, scope and a missing reason refused, nothing
# written); each item carries the operator's self-reported level from its
# submitted questionnaire of the year; its record form is written as xlsx
# and CSV, filled (tests/cli/fill_form.py) and imported: the items then hold
# the form's levels. Every bad file is refused naming its cell, the
# database's digest unchanged: another visit's form, an edited fixed cell
# or self-reported level, a level off the scale, N/A without its reason, a
# damaged zip, a file that is no workbook, a form made on an old revision.
# Then the report is issued (refused while items are unrecorded) and every
# visit's items written as CSV.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
FILL="python3 $SRC/tests/cli/fill_form.py"
A=$(demo_db a.db --operators 40 --seed 7 --years 2 --today 2026-12-04) || exit 1

db_sql "$A" "INSERT INTO survey (fiscal_year, version_id, kind, title_ja, title_en, status,
	created_at, owner_kind) SELECT 2025, version_id, 'onsite', '実地調査', 'On-site', 'open',
	'2026-01-05T00:00:00Z', 'nco' FROM survey WHERE id = 1" >/dev/null
S=$(db_sql "$A" "SELECT MAX(id) FROM survey WHERE kind = 'onsite'")
db_sql "$A" "INSERT INTO survey_sector (survey_id, sector_code) SELECT $S, code FROM sector" >/dev/null
# Two operators with a submitted questionnaire of FY2025.
set -- $(db_sql "$A" "SELECT o.corporate_number FROM response r JOIN organisation o
	ON o.id = r.organisation_id WHERE r.survey_id = 1 AND r.status = 'submitted'
	ORDER BY o.corporate_number LIMIT 2")
ORG=$1 OTHER=$2
[ -n "$OTHER" ] || { fail "two operators with a submitted response"; finish; }
# The demo's own on-site survey of FY2025 has its visits already.
NV0=$(db_sql "$A" "SELECT COUNT(*) FROM onsite_visit")

# Planning: refusals change nothing.
kj_expect 2 onsite plan x --org "$ORG" --date 2026-02-01 --inspectors demo-nco --db "$A"
kj_expect 2 onsite plan "$S" --org "$ORG" --db "$A"
check_err_has "--date"
kj_expect 1 onsite plan "$S" --org "$ORG" --date 2026-02-30 --inspectors demo-nco --reason x --db "$A"
check_err_has "visit date"
kj_expect 1 onsite plan "$S" --org "$ORG" --date 2026-02-01 --inspectors demo-hq --reason x --db "$A"
check_err_has "not an NCO, ministry or surveyor user"
kj_expect 1 onsite plan "$S" --org "$ORG" --date 2026-02-01 --inspectors nobody --reason x --db "$A"
check_err_has "no enabled user"
kj_expect 1 onsite plan "$S" --org "$ORG" --date 2026-02-01 --inspectors demo-nco --scope 9.9.9-9 --reason x --db "$A"
check_err_has "no requirement or function"
kj_expect 1 onsite plan "$S" --org "$ORG" --date 2026-02-01 --inspectors demo-nco --db "$A"
check_err_has "not an approved pick"
kj_expect 1 onsite plan 1 --org "$ORG" --date 2026-02-01 --inspectors demo-nco --reason x --db "$A"
check_err_has "no on-site survey"
check_eq "$(db_sql "$A" "SELECT COUNT(*) FROM onsite_visit")" "$NV0" "no visit after refusals"

# An approved pick needs no reason.
db_sql "$A" "INSERT INTO onsite_selection (survey_id, rules, seed, state, revision, created_at)
	VALUES ($S, '{}', 1, 'approved', 1, '2026-01-05T00:00:00Z')" >/dev/null
db_sql "$A" "INSERT INTO onsite_pick (selection_id, organisation_id, sector_code, ord, rule, detail)
	SELECT l.id, o.id, s.sector_code, 1, 'lowest', '' FROM onsite_selection l,
	organisation o JOIN organisation_sector s ON s.organisation_id = o.id
	WHERE l.survey_id = $S AND o.corporate_number = '$ORG' LIMIT 1" >/dev/null
kj_expect 0 onsite plan "$S" --org "$ORG" --date 2026-02-01 --inspectors demo-surveyor,demo-nco --scope governance,3.5.1-1 --db "$A"
V=$(sed -n 's/^visit \([0-9]*\) planned.*/\1/p' "$OUT")
check_eq "$(db_sql "$A" "SELECT COUNT(*) FROM onsite_visit WHERE id = ${V:-0} AND survey_id = $S")" 1 \
	"visit $V planned"
kj_expect 1 onsite plan "$S" --org "$ORG" --date 2026-02-02 --inspectors demo-nco --db "$A"
check_err_has "already planned"
kj_expect 0 onsite plan "$S" --org "$OTHER" --date 2026-02-03 --inspectors demo-nco --scope 3.2.1-1 --reason "前年度から大きく低下" --db "$A"
V2=$(sed -n 's/^visit \([0-9]*\) planned.*/\1/p' "$OUT")
NITEMS=$(db_sql "$A" "SELECT COUNT(*) FROM onsite_item WHERE visit_id = $V")
NGOV=$(db_sql "$A" "SELECT COUNT(*) FROM requirement q JOIN survey s ON s.version_id = q.version_id
	WHERE s.id = $S AND (q.function_code = 'governance' OR q.code = '3.5.1-1')")
check_eq "$NITEMS" "$NGOV" "the scope: the governance function and 3.5.1-1"
# The self-reported levels are the submitted questionnaire's.
check_eq "$(db_sql "$A" "SELECT COUNT(*) FROM onsite_item i JOIN onsite_visit v ON v.id = i.visit_id
	JOIN response r ON r.organisation_id = v.organisation_id AND r.survey_id = 1
	JOIN answer a ON a.response_id = r.id AND a.requirement_id = i.requirement_id
	WHERE i.visit_id = $V AND i.self_level = CASE WHEN a.level IS NULL THEN -1 ELSE a.level END")" \
	"$NITEMS" "self-reported levels from the questionnaire"

# The forms.
kj_expect 2 onsite export "$V" --format pdf -o f.csv --db "$A"
kj_expect 0 onsite export "$V" --format csv -o f.csv --db "$A"
check_cmd "identifier row" grep -q '"kijun-visit-form","KJV1\.'"$V"'\.'"$ORG"'\.' f.csv
check_cmd "heading row" grep -q '"項目","機能","要求事項","確認した水準(0-4/該当なし)","該当なしの理由","指摘事項","確認した証跡","自己申告の水準"' f.csv
kj_expect 0 onsite export "$V2" --format csv -o other.csv --db "$A"
kj_expect 0 onsite export "$V" --format xlsx -o f.xlsx --db "$A"
ID=$(sed -n 1p f.csv | cut -d, -f2 | tr -d '"')

# Bad files: each refused naming its cell, nothing changed.
D0=$(db_digest "$A")
bad() {	# FILE CELL: refused naming CELL
	kj_expect 1 onsite record "$V" "$1" --db "$A"
	check_err_has "cell $2"
	check_eq "$(db_digest "$A")" "$D0" "$1 changed nothing"
}
$FILL csv other.csv other-filled.csv
bad other-filled.csv B1
$FILL csv f.csv fixed.csv "C4=要求事項を書き換えた"
bad fixed.csv C4
$FILL csv f.csv self.csv "H3=3: 実施（書き換え）"
bad self.csv H3
$FILL csv f.csv level.csv "D5=5"
bad level.csv D5
$FILL csv f.csv na.csv "@blank" "D6=該当なし"
bad na.csv E6
$FILL csv f.csv id.csv "B1=${ID/KJV1.$V./KJV1.$V2.}"
bad id.csv B1
$FILL xlsx f.xlsx fixed.xlsx "C4=要求事項を書き換えた"
bad fixed.xlsx C4
head -c 2000 f.xlsx >cut.xlsx
kj_expect 1 onsite record "$V" cut.xlsx --db "$A"
check_err_has "not imported"
printf '\x89PNG\r\n\x1a\n\xff\xfe' >junk.xlsx
kj_expect 1 onsite record "$V" junk.xlsx --db "$A"
check_eq "$(db_digest "$A")" "$D0" "damaged files changed nothing"

# Not yet recorded: no report.
kj_expect 1 onsite issue "$V" --db "$A"
check_err_has "record every requirement"

# A good xlsx form: the items hold its levels.
$FILL xlsx f.xlsx filled.xlsx
kj_expect 0 onsite record "$V" filled.xlsx --db "$A"
check_out_has "form recorded (revision 2)"
check_eq "$(db_sql "$A" "SELECT COUNT(*) FROM onsite_item WHERE visit_id = $V AND verified_level IS NOT NULL")" \
	"$NITEMS" "every item recorded"
check_eq "$(db_sql "$A" "SELECT COUNT(*) FROM onsite_item WHERE visit_id = $V AND verified_level = -1
	AND na_reason = '対象となる業務がないため'")" "$(( (NITEMS + 6) / 7 ))" "N/A with its reason"
check_eq "$(db_sql "$A" "SELECT state FROM onsite_visit WHERE id = $V")" recorded "state recorded"
# The same form again was made on revision 1.
D1=$(db_digest "$A")
kj_expect 1 onsite record "$V" filled.xlsx --db "$A"
check_err_has "cell B1"
check_eq "$(db_digest "$A")" "$D1" "a stale form changed nothing"

kj_expect 1 onsite issue "$V" --revision 1 --db "$A"
check_err_has "changed since revision 1"
kj_expect 0 onsite issue "$V" --db "$A"
check_out_has "visit $V issued"
kj_expect 1 onsite record "$V" filled.xlsx --db "$A"
check_err_has "issued"

# Every visit's items as CSV.
kj_expect 2 onsite export --survey "$S" --format xlsx -o all.xlsx --db "$A"
kj_expect 0 onsite export --survey "$S" --format csv -o all.csv --db "$A"
check_eq "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"))))-1)' all.csv)" \
	"$((NITEMS + 1))" "one row per item of every visit"
check_eq "$(db_sql "$A" "SELECT COUNT(*) FROM audit_entry WHERE action LIKE 'onsite.%'")" 5 \
	"audit: two plans, a record, its import and the issue"
kj_expect 0 audit verify --db "$A"
finish
