#!/bin/bash
# kijun survey create|list|open|close|extend|status: survey campaigns on a
# small demo database, and every refusal changing nothing (the database's
# digest unchanged): bad dates and titles, bad transitions, unknown sector,
# owner or version, an overlapping open campaign, a scope without targets,
# an extension on a closed campaign or for an operator outside the scope.
# Every change is in the audit trail, and the trail verifies.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 80 --seed 7 --years 2 --today 2026-12-04) || exit 1


# Migration 12 gave the demo's surveys the NCO as owner, every sector, and
# their respondents (the year's targets) once opened.
check_eq "$(db_sql "$A" "SELECT count(*) FROM survey WHERE owner_kind <> 'nco'")" 0 "demo surveys owned by the NCO"
check_eq "$(db_sql "$A" "SELECT count(*) FROM survey_sector WHERE survey_id = 1")" \
	"$(db_sql "$A" "SELECT count(*) FROM sector")" "demo survey covers every sector"
kj_expect 0 survey list --db "$A"
check_out_has "2026  open  nco  ict,finance"
check_out_has "2025  closed  nco"
kj_expect 0 survey status 2 --db "$A"
check_out_has "status: open"
check_out_has "respondents: 80"
check_out_has "not started"

# Refusals of create: usage (2) and values (1), nothing changed.
D0=$(db_digest "$A")
refused() {	# refused STATUS MESSAGE ARGS...: refused with MESSAGE, nothing changed
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@" --db "$A"
	check_err_has "$msg"
	check_out_empty
	check_eq "$(db_digest "$A")" "$D0" "database unchanged after: $*"
}
refused 2 "--fy" survey create --title-ja 調査
refused 2 "--title-ja" survey create --fy 2026
refused 2 "unknown option" survey create --fy 2026 --title-ja 調査 --colour red
refused 1 "fiscal year" survey create --fy 26 --title-ja 調査
refused 1 "fiscal year" survey create --fy 2026x --title-ja 調査
refused 2 "needs a non-empty value" survey create --fy 2026 --title-ja ""
refused 1 "longer than 200" survey create --fy 2026 --title-ja "$(printf 'あ%.0s' $(seq 201))"
refused 1 "control characters" survey create --fy 2026 --title-ja "$(printf 'a\tb')"
refused 1 "opening date" survey create --fy 2026 --title-ja 調査 --opens 2026-02-30
refused 1 "closing date" survey create --fy 2026 --title-ja 調査 --closes 31/01/2027
refused 1 "close before it opens" survey create --fy 2026 --title-ja 調査 \
	--opens 2026-12-01 --closes 2026-11-30
refused 1 "unknown sector 'nosuch'" survey create --fy 2026 --title-ja 調査 --sector ict,nosuch
refused 1 "given twice" survey create --fy 2026 --title-ja 調査 --sector ict,ict
refused 1 "not a sector code" survey create --fy 2026 --title-ja 調査 --sector ict,,finance
refused 1 "the owner is nco" survey create --fy 2026 --title-ja 調査 --owner king
refused 1 "unknown ministry 'nosuch'" survey create --fy 2026 --title-ja 調査 --owner ministry:nosuch
refused 1 "needs the ministry's code" survey create --fy 2026 --title-ja 調査 --owner ministry:
refused 1 "no version '1999'" survey create --fy 2026 --title-ja 調査 --version 1999
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action LIKE 'survey.%'")" 0 \
	"no survey audit entry after refusals"

# Create: a draft of two sectors of FY2026, owned by a ministry (the next
# id: the demo's questionnaires and its on-site survey come first).
NEXT=$(( $(db_sql "$A" "SELECT MAX(id) FROM survey") + 1 ))
kj_expect 0 survey create --fy 2026 --title-ja "情報通信・金融 追加調査" --title-en "ICT and finance" \
	--sector ict,finance --owner surveyor --opens 2026-12-10 --closes 2027-02-28 --db "$A"
S=$(cat "$OUT")
check_eq "$S" "$NEXT" "new campaign's id"
kj_expect 0 survey list --fy 2026 --db "$A"
check_out_has "$S  2026  draft  surveyor  ict,finance  2026-12-10  2027-02-28  -  情報通信・金融 追加調査"
check_out_lacks "2025  closed"
D0=$(db_digest "$A")
refused 2 "--fy" survey list --fy 1999
kj_expect 0 survey status "$S" --db "$A"
check_out_has "status: draft"
check_out_has "scope: ict,finance"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'survey.create'
	AND object_type = 'survey' AND object_id = '$S'")" 1 "survey.create audited"

# A FY2027 campaign: no targets that year.
kj_expect 0 survey create --fy 2027 --title-ja "令和9年度調査" --db "$A"
S27=$(cat "$OUT")
D0=$(db_digest "$A")
refused 1 "identify the targets first" survey open "$S27"

# Opening while the demo's FY2026 campaign is open and covers the same sectors.
refused 1 "survey 2 of the same year is open and covers sector ict" survey open "$S"
# Bad ids and transitions.
refused 2 "survey id" survey open abc
refused 2 "survey id" survey open 0
refused 2 "give the survey's id" survey open
refused 1 "no survey campaign 99" survey open 99
refused 1 "survey 2 is open: it cannot be opened" survey open 2
refused 1 "survey 1 is closed: it cannot be opened" survey open 1
refused 1 "survey 1 is closed: it cannot be closed" survey close 1
refused 1 "survey $S is draft: it cannot be closed" survey close "$S"

# Close the demo's campaign; now the new one opens, freezing its respondents.
kj_expect 0 survey close 2 --db "$A"
check_out_has "survey 2 is closed"
kj_expect 0 survey open "$S" --db "$A"
WANT=$(db_sql "$A" "SELECT count(DISTINCT organisation_id) FROM target WHERE fiscal_year = 2026
	AND sector_code IN ('ict', 'finance')")
check_out_has "survey $S is open: $WANT respondents"
check_eq "$(db_sql "$A" "SELECT respondents FROM survey WHERE id = $S")" "$WANT" "respondents recorded"
check_eq "$(db_sql "$A" "SELECT detail FROM audit_entry WHERE action = 'survey.open'
	AND object_id = '$S'" | grep -c "\"respondents\":$WANT")" 1 "respondent count in the audit entry"
kj_expect 0 survey status "$S" --db "$A"
check_out_has "status: open"
check_out_has "respondents: $WANT"
check_out_has "ict  "
check_out_has "finance  "
check_out_lacks "medical  "

# Extensions.
IN=$(db_sql "$A" "SELECT min(o.corporate_number) FROM organisation o JOIN target t
	ON t.organisation_id = o.id WHERE t.fiscal_year = 2026 AND t.sector_code = 'ict'")
OUTSIDE=$(db_sql "$A" "SELECT min(o.corporate_number) FROM organisation o WHERE NOT EXISTS
	(SELECT 1 FROM target t WHERE t.organisation_id = o.id AND t.fiscal_year = 2026
	 AND t.sector_code IN ('ict', 'finance'))")
D0=$(db_digest "$A")
refused 2 "give --org" survey extend "$S" --org "$IN" --until 2027-03-15
refused 1 "not a corporate number" survey extend "$S" --org 123 --until 2027-03-15 --reason x
refused 1 "not a date" survey extend "$S" --org "$IN" --until 2027-03-32 --reason 災害対応
refused 1 "after the campaign's closing date" survey extend "$S" --org "$IN" \
	--until 2027-02-28 --reason 災害対応
refused 2 "needs a non-empty value" survey extend "$S" --org "$IN" --until 2027-03-15 --reason ""
refused 1 "not a respondent of survey $S" survey extend "$S" --org "$OUTSIDE" \
	--until 2027-03-15 --reason 災害対応
refused 1 "no survey campaign 99" survey extend 99 --org "$IN" --until 2027-03-15 --reason x
refused 1 "survey 1 is closed" survey extend 1 --org "$IN" --until 2027-03-15 --reason x
kj_expect 0 survey extend "$S" --org "$IN" --until 2027-03-15 --reason "災害対応のため" --db "$A"
check_out_has "may answer until 2027-03-15"
check_eq "$(db_sql "$A" "SELECT e.closes_on || ' ' || e.reason FROM survey_extension e
	JOIN organisation o ON o.id = e.organisation_id WHERE e.survey_id = $S
	AND o.corporate_number = '$IN'")" "2027-03-15 災害対応のため" "extension stored"
kj_expect 0 survey status "$S" --db "$A"
check_out_has "extensions: 1"

# Close it; then no more extensions.
kj_expect 0 survey close "$S" --db "$A"
D0=$(db_digest "$A")
refused 1 "survey $S is closed" survey extend "$S" --org "$IN" --until 2027-03-20 --reason x

# A ministry's own survey: of the sectors it holds (all of them unless given).
MIN=$(db_sql "$A" "SELECT min(ministry_code) FROM sector_ministry WHERE sector_code = 'ict'")
OTHER=$(db_sql "$A" "SELECT min(code) FROM sector WHERE code NOT IN
	(SELECT sector_code FROM sector_ministry WHERE ministry_code = '$MIN')")
HELD=$(db_sql "$A" "SELECT count(*) FROM sector_ministry WHERE ministry_code = '$MIN'")
D0=$(db_digest "$A")
refused 1 "ministry '$MIN' does not hold sector '$OTHER'" survey create --fy 2028 \
	--title-ja 省庁調査 --owner "ministry:$MIN" --sector "ict,$OTHER"
kj_expect 0 survey create --fy 2028 --title-ja 省庁調査 --owner "ministry:$MIN" --db "$A"
SM=$(cat "$OUT")
check_eq "$(db_sql "$A" "SELECT count(*) FROM survey_sector WHERE survey_id = $SM")" "$HELD" \
	"a ministry's survey covers its sectors by default"
check_eq "$(db_sql "$A" "SELECT owner_kind || ':' || owner_ministry FROM survey WHERE id = $SM")" \
	"ministry:$MIN" "owner stored"

# Every change in the audit trail, and the trail verifies.
check_eq "$(db_sql "$A" "SELECT action FROM audit_entry WHERE action LIKE 'survey.%' ORDER BY id" |
	tr '\n' ' ')" "survey.create survey.create survey.close survey.open survey.extend survey.close survey.create " \
	"survey audit entries"
kj_expect 0 audit verify --db "$A"
kj_expect 0 survey --help
finish
