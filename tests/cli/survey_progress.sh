#!/bin/bash
# kijun survey status: a campaign's progress by sector, ministry and
# prefecture read from the kept counts (they agree with counting the
# responses), overdue after the close date with an extension, and the
# chase list written with --chase -o FILE (CSV or xlsx) with its filters;
# bad filters and usage refused, nothing written.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 120 --seed 3 --years 2 --today 2026-12-04) || exit 1

S=$(db_sql "$A" "SELECT id FROM survey WHERE status = 'open' AND kind = 'questionnaire'")
check_eq "$S" 2 "the open survey"

SUB=$(db_sql "$A" "SELECT count(*) FROM response WHERE survey_id = $S AND status = 'submitted'")
ALL=$(db_sql "$A" "SELECT count(DISTINCT organisation_id) FROM survey_respondent WHERE survey_id = $S")
NOT=$(db_sql "$A" "SELECT count(DISTINCT r.organisation_id) FROM survey_respondent r
	LEFT JOIN response p ON p.survey_id = r.survey_id AND p.organisation_id = r.organisation_id
	WHERE r.survey_id = $S AND (p.status IS NULL OR p.status <> 'submitted')")
kj_expect 0 survey status "$S" --db "$A"
check_out_has "sector  respondents  not started  draft  submitted  returned  rate  overdue"
check_out_has "ministry  respondents"
check_out_has "prefecture  respondents"
TOTAL=$(grep '^total ' "$OUT")
check_eq "$(echo "$TOTAL" | awk '{print $2, $5}')" "$ALL $SUB" "total respondents and submitted"
MED=$(db_sql "$A" "SELECT count(*) FROM survey_respondent WHERE survey_id = $S AND sector_code = 'medical'")
check_eq "$(grep '^medical ' "$OUT" | awk '{print $2}')" "$MED" "medical respondents"
check_eq "$(grep '^mhlw ' "$OUT" | awk '{print $2}')" "$MED" "mhlw holds medical whole"

# The chase list: every operator not submitted once, with the header.
kj_expect 0 survey status "$S" --chase -o chase.csv --db "$A"
check_out_has "$NOT operators not submitted"
check_eq "$(($(wc -l < chase.csv) - 1))" "$NOT" "rows of the chase list"
head -1 chase.csv | grep -q '法人番号' || fail "the chase list's header"
DRAFT=$(db_sql "$A" "SELECT count(*) FROM response WHERE survey_id = $S AND status = 'draft'")
kj_expect 0 survey status "$S" --chase -o draft.csv --status draft --db "$A"
check_eq "$(($(wc -l < draft.csv) - 1))" "$DRAFT" "rows of draft responses"
grep -q '提出済み' draft.csv && fail "a submitted operator in the chase list"
kj_expect 0 survey status "$S" --chase -o chase.xlsx --sector medical --db "$A"
check_eq "$(head -c 2 chase.xlsx)" "PK" "an xlsx workbook"

# Overdue: after the close date every operator not submitted, but one with
# a running extension.
ORG=$(db_sql "$A" "SELECT o.corporate_number FROM survey_respondent r JOIN organisation o
	ON o.id = r.organisation_id LEFT JOIN response p ON p.survey_id = r.survey_id
	AND p.organisation_id = r.organisation_id WHERE r.survey_id = $S
	AND p.status IS NULL ORDER BY o.id LIMIT 1")
kj_expect 0 survey extend "$S" --org "$ORG" --until 2099-12-31 --reason 災害対応 --db "$A"
db_sql "$A" "UPDATE survey SET closes_on = '2026-11-30' WHERE id = $S" >/dev/null
kj_expect 0 survey status "$S" --db "$A"
check_eq "$(grep '^total ' "$OUT" | awk '{print $8}')" "$((NOT - 1))" "overdue but the extended one"
kj_expect 0 survey status "$S" --chase -o overdue.csv --overdue --db "$A"
check_eq "$(($(wc -l < overdue.csv) - 1))" "$((NOT - 1))" "rows of the overdue list"
grep -q "$ORG" overdue.csv && fail "the extended operator is not overdue"

# Refusals: usage (2), nothing written.
kj_expect 2 survey status "$S" --chase --db "$A"
check_err_has "--chase needs --output"
kj_expect 2 survey status "$S" --chase -o bad.csv --prefecture 48 --db "$A"
check_err_has "prefecture"
kj_expect 2 survey status "$S" --chase -o bad.csv --status submitted --db "$A"
check_err_has "status"
kj_expect 2 survey status "$S" --chase -o bad.csv --sector nope --db "$A"
check_err_has "sector"
check_no_file bad.csv
kj_expect 1 survey status 99 --db "$A"
check_err_has "no survey campaign 99"
kj_expect 1 survey status "$S" --chase -o /nonexistent/dir/x.csv --db "$A"
check_err_has "cannot write"
finish
