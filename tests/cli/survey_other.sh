#!/bin/bash
# kijun survey create --kind other, survey respondents add|remove|list,
# survey list --kind other, survey status and survey export of a survey of
# kind other: chosen operators (by corporate number or a sector's targets of
# the year) or ministries, frozen once it opens; every refusal changes
# nothing (the database's digest unchanged) with a clear message; the
# questionnaire's list does not show these surveys; every change audited.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 60 --seed 5 --years 2 --today 2026-09-01) || exit 1

NQ=$(db_sql "$A" "SELECT COUNT(*) FROM survey")

kj_expect 0 survey create --kind other --fy 2026 --sector electricity,gas \
	--title-ja "制御系システムのセキュリティ実態調査" --title-en "Control systems survey" \
	--opens 2026-09-01 --closes 2027-01-31 --db "$A"
OP=$(cat "$OUT")
kj_expect 0 survey create --kind other --respondents ministry --fy 2026 \
	--title-ja "他制度との関係に関する調査" --db "$A"
MIN=$(cat "$OUT")
[ "$OP" -gt "$NQ" ] && [ "$MIN" -gt "$OP" ] || fail "ids $OP $MIN after $NQ surveys"
kj_expect 0 survey list --kind other --db "$A"
check_out_has "$OP  2026  draft  nco  operator  2026-09-01  2027-01-31  制御系システムのセキュリティ実態調査"
check_out_has "$MIN  2026  draft  nco  ministry"
kj_expect 0 survey list --db "$A"
check_out_lacks "制御系システム"

ELEC=$(db_sql "$A" "SELECT COUNT(*) FROM target WHERE fiscal_year = 2026 AND sector_code = 'electricity'")
ORG=$(db_sql "$A" "SELECT o.corporate_number FROM organisation o JOIN target t
	ON t.organisation_id = o.id AND t.fiscal_year = 2026 AND t.sector_code = 'gas'
	ORDER BY o.id LIMIT 1")
ICT=$(db_sql "$A" "SELECT o.corporate_number FROM organisation o JOIN organisation_sector s
	ON s.organisation_id = o.id AND s.sector_code = 'ict' WHERE o.id NOT IN (SELECT
	organisation_id FROM organisation_sector WHERE sector_code IN ('electricity','gas'))
	ORDER BY o.id LIMIT 1")
[ "$ELEC" -gt 0 ] && [ -n "$ORG" ] && [ -n "$ICT" ] || fail "no operators to choose"

# Refusals: usage (2) and values or state (1), nothing changed.
D0=$(db_digest "$A")
refused() {	# refused STATUS MESSAGE ARGS...: refused with MESSAGE, nothing changed
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@" --db "$A"
	check_err_has "$msg"
	check_out_empty
	check_eq "$(db_digest "$A")" "$D0" "database unchanged after: $*"
}
refused 2 "--kind: questionnaire or other" survey create --kind poll --fy 2026 --title-ja 題
refused 1 "--respondents: operator or ministry" survey create --kind other --respondents all \
	--fy 2026 --title-ja 題
refused 1 "only a survey of kind other asks ministries" survey create --respondents ministry \
	--fy 2026 --title-ja 題
refused 2 "say add, remove or list" survey respondents "$OP" invite --org "$ORG"
refused 2 "survey id" survey respondents x add --org "$ORG"
refused 2 "list takes no" survey respondents "$OP" list --sector gas
refused 1 "exactly one of --org, --sector or --ministry" survey respondents "$OP" add
refused 1 "exactly one of --org, --sector or --ministry" survey respondents "$OP" add \
	--org "$ORG" --sector gas
refused 1 "not a corporate number" survey respondents "$OP" add --org 1234567890124
refused 1 "asks operators: name them with --org or --sector" survey respondents "$OP" add \
	--ministry all
refused 1 "'ict' is not a sector of survey $OP" survey respondents "$OP" add --sector ict
refused 1 "is in none of survey $OP's sectors" survey respondents "$OP" add --org "$ICT"
refused 1 "asks ministries: name them with --ministry" survey respondents "$MIN" add --sector gas
refused 1 "unknown ministry 'nosuch'" survey respondents "$MIN" add --ministry nosuch
refused 1 "no survey 2 of kind other" survey respondents 2 add --sector gas
refused 1 "has no respondents: choose them first" survey open "$OP"
refused 1 "a survey to ministries asks every question" survey question "$MIN" --kind text \
	--text-ja 問 --sector gas

kj_expect 0 survey respondents "$OP" add --sector electricity --db "$A"
check_out_has "$ELEC respondent"
D0=$(db_digest "$A")
refused 1 "has no questions: add them first" survey open "$OP"
kj_expect 0 survey respondents "$OP" add --org "$ORG" --db "$A"
check_out_has "1 respondent added"
kj_expect 0 survey respondents "$OP" add --org "$ORG" --db "$A"
check_out_has "0 respondents added"
kj_expect 0 survey respondents "$OP" list --db "$A"
check_out_has "$ORG"
check_out_has "  gas  not_started  0  -"
kj_expect 0 survey respondents "$MIN" add --ministry all --db "$A"
kj_expect 0 survey respondents "$MIN" remove --ministry env --db "$A"
check_out_has "1 respondent removed"
kj_expect 0 survey respondents "$MIN" list --db "$A"
check_out_has "mhlw  厚生労働省  not_started"
check_out_lacks "env  "
NMIN=$(( $(db_sql "$A" "SELECT COUNT(*) FROM ministry") - 1 ))

kj_expect 0 survey question "$OP" --kind choice --text-ja "制御系ネットワークの分離" \
	--choices "完全分離|一部接続|未分離" --db "$A"
kj_expect 0 survey question "$OP" --kind text --optional --text-ja "課題" --db "$A"
kj_expect 0 survey question "$MIN" --kind yesno --text-ja "個人情報保護法との重複がありますか" --db "$A"
kj_expect 0 survey open "$OP" --db "$A"
check_out_has "$((ELEC + 1)) respondents"
kj_expect 0 survey open "$MIN" --db "$A"
check_out_has "$NMIN respondents"

# Frozen once open.
D0=$(db_digest "$A")
refused 1 "frozen once it opens" survey respondents "$OP" remove --org "$ORG"
refused 1 "frozen once it opens" survey respondents "$MIN" add --ministry env
refused 1 "frozen once it opens" survey question "$OP" --kind text --text-ja 追加

kj_expect 0 survey status "$OP" --db "$A"
check_out_has "kind other  status open  respondents operator"
check_out_has "questions: 2"
check_out_has "$((ELEC + 1))  $((ELEC + 1))  0  0  0"
kj_expect 0 survey status "$MIN" --db "$A"
check_out_has "$NMIN  $NMIN  0  0  0"

kj_expect 0 survey export "$OP" --format csv -o op.csv --db "$A"
head -1 op.csv | grep -q '法人番号.*Q1 制御系ネットワークの分離.*Q2 課題' || fail "the export's head"
check_eq "$(($(wc -l < op.csv) - 1))" "$((ELEC + 1))" "a row per respondent"
grep -q "$ORG" op.csv || fail "the export lacks $ORG"
kj_expect 0 survey export "$MIN" --format xlsx -o min.xlsx --db "$A"
[ -s min.xlsx ] || fail "no xlsx written"
kj_expect 2 survey export "$MIN" --format pdf -o x.pdf --db "$A"

kj_expect 0 survey close "$MIN" --db "$A"
kj_expect 0 survey status "$MIN" --db "$A"
check_out_has "status closed"

check_eq "$(db_sql "$A" "SELECT action FROM audit_entry WHERE object_id IN ('$OP','$MIN')
	AND object_type = 'survey' ORDER BY id" | sort | uniq -c | awk '{print $2 ":" $1}' | tr '\n' ' ')" \
	"survey.close:1 survey.create:2 survey.open:2 survey.question.add:3 survey.respondents:5 " \
	"audit entries of the two surveys"
kj_expect 0 audit verify --db "$A"
finish
