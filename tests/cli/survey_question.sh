#!/bin/bash
# kijun survey question|questions: a draft campaign's own questions (level,
# yes/no, number, single choice, free text; for every scope sector or one),
# each refusal changing nothing (the database's digest unchanged), frozen
# once the campaign opens; an operator's form carries the questions of its
# sectors only. Every change is in the audit trail, and the trail verifies.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
# Before 15 October the demo's survey of the year is still a draft, with targets.
A=$(demo_db a.db --operators 60 --seed 5 --years 2 --today 2026-09-01) || exit 1

kj_expect 0 survey list --db "$A"
check_out_has "2  2026  draft"
SEC=$(db_sql "$A" "SELECT t.sector_code FROM target t WHERE t.fiscal_year = 2026
	ORDER BY t.organisation_id LIMIT 1")
ORG=$(db_sql "$A" "SELECT o.corporate_number FROM organisation o JOIN target t
	ON t.organisation_id = o.id AND t.fiscal_year = 2026 AND t.sector_code = '$SEC'
	ORDER BY o.id LIMIT 1")
ORG2=$(db_sql "$A" "SELECT o.corporate_number FROM organisation o WHERE o.id IN
	(SELECT organisation_id FROM target WHERE fiscal_year = 2026) AND o.id NOT IN
	(SELECT organisation_id FROM target WHERE fiscal_year = 2026 AND sector_code = '$SEC')
	ORDER BY o.id LIMIT 1")
[ -n "$SEC" ] && [ -n "$ORG" ] && [ -n "$ORG2" ] || fail "no operators to answer"

kj_expect 0 survey question 2 --kind yesno --text-ja "制御システムを保有していますか" \
	--text-en "Do you operate control systems?" --db "$A"
check_out_has "survey 2: question Q1"
kj_expect 0 survey question 2 --kind choice --sector "$SEC" \
	--text-ja "CSIRT の体制" --choices "専任|兼任|なし" --db "$A"
check_out_has "question Q2"
kj_expect 0 survey question 2 --kind number --optional \
	--text-ja "情報セキュリティ担当者の人数" --db "$A"
kj_expect 0 survey questions 2 --db "$A"
check_out_has "Q1  yesno  *  required  制御システムを保有していますか"
check_out_has "Q2  choice  $SEC  required  CSIRT の体制  [専任|兼任|なし]"
check_out_has "Q3  number  *  optional"

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
refused 2 "give --kind and --text-ja" survey question 2 --kind yesno
refused 2 "survey id" survey question x --kind yesno --text-ja 問
refused 2 "--drop" survey question 2 --drop x
refused 1 "level, yesno, number, choice or text" survey question 2 --kind colour --text-ja 問
refused 1 "2 to 20 distinct choices" survey question 2 --kind choice --text-ja 問
refused 1 "2 to 20 distinct choices" survey question 2 --kind choice --text-ja 問 --choices "A"
refused 1 "2 to 20 distinct choices" survey question 2 --kind choice --text-ja 問 --choices "A|A"
refused 1 "only for a single-choice" survey question 2 --kind yesno --text-ja 問 --choices "A|B"
refused 1 "at most 1000 characters" survey question 2 --kind text \
	--text-ja "$(printf 'あ%.0s' $(seq 1001))"
refused 1 "control characters" survey question 2 --kind text --text-ja "$(printf 'a\tb')"
refused 1 "not in the campaign's scope" survey question 2 --kind text --text-ja 問 --sector nosuch
refused 1 "frozen once it opens" survey question 1 --kind text --text-ja 問
refused 1 "no survey campaign 99" survey question 99 --kind text --text-ja 問
refused 1 "has no question 9" survey question 2 --drop 9
refused 1 "no survey campaign 99" survey questions 99

kj_expect 0 survey question 2 --drop 3 --db "$A"
check_out_has "question Q3 dropped"
kj_expect 0 survey questions 2 --db "$A"
check_out_lacks "Q3"

# Opened: the questions are frozen, and each operator's form asks those of its sectors.
kj_expect 0 survey open 2 --db "$A"
D1=$(db_digest "$A")
kj_expect 1 survey question 2 --kind text --text-ja 問 --db "$A"
check_err_has "frozen once it opens"
kj_expect 1 survey question 2 --drop 1 --db "$A"
check_err_has "frozen once it opens"
check_eq "$(db_digest "$A")" "$D1" "an open campaign's questions unchanged"
kj_expect 0 survey form 2 --org "$ORG" --format csv -o f1.csv --db "$A"
grep -q '^"\?Q1"\?,' f1.csv || fail "the form of $ORG lacks Q1"
grep -q '^"\?Q2"\?,' f1.csv || fail "the form of $ORG ($SEC) lacks Q2"
kj_expect 0 survey form 2 --org "$ORG2" --format csv -o f2.csv --db "$A"
grep -q '^"\?Q1"\?,' f2.csv || fail "the form of $ORG2 lacks Q1"
! grep -q '^"\?Q2"\?,' f2.csv || fail "the form of $ORG2 (not $SEC) asks Q2"

check_eq "$(db_sql "$A" "SELECT action FROM audit_entry WHERE action LIKE 'survey.question.%'
	ORDER BY id" | tr '\n' ' ')" \
	"survey.question.add survey.question.add survey.question.add survey.question.drop " \
	"question audit entries"
kj_expect 0 audit verify --db "$A"
finish
