#!/bin/bash
# kijun eval list|show|create|edit|submit|return|finalise|item-add|answer|
# recommendations and kijun pdca: evaluations on a small demo database, the
# workflow from the command line (which acts as the NCO's operator and may
# do what HQ does), the HQ's recommendation answered by a measure of next
# year's plan and traced, the PDCA board with its due dates, and every
# refusal changing nothing (the database's digest unchanged). Every change
# is in the audit trail, and the trail verifies.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 80 --seed 7 --years 2 --today 2026-12-04) || exit 1


# A year's evaluations: a ministry's (its measures prefilled from the plan of
# the same year and scope), the cross-sector one, the HQ's.
kj_expect 0 plan create --fy 2027 --sector electricity --db "$A"
P=$(cat "$OUT")
kj_expect 0 eval create --fy 2027 --sector electricity --db "$A"
E=$(cat "$OUT")
kj_expect 0 eval create --fy 2027 --db "$A"
X=$(cat "$OUT")
kj_expect 0 eval create --fy 2027 --hq --db "$A"
H=$(cat "$OUT")
kj_expect 0 eval show "$E" --db "$A"
check_out_has "evaluation $E: FY2027 sector electricity (meti), draft, revision 1"
check_out_has "[measures] ・重要インフラ事業者等における組織統治の一部としての障害対応体制整備の促進：未着手"
kj_expect 0 eval list --fy 2027 --db "$A"
check_out_has "$H	2027	hq	-	hq	draft"
check_out_has "$X	2027	cross	-	nco	draft"
# The demo's past year: evaluations final, the HQ's recommendations answered
# by this year's plans but the last one.
check_eq "$(db_sql "$A" "SELECT count(*) FROM eval_doc WHERE fiscal_year = 2025 AND state <> 'final'")" 0 \
	"last year's evaluations final"
check_eq "$(db_sql "$A" "SELECT count(*) FROM hq_item i JOIN eval_doc d ON d.id = i.eval_id
	WHERE d.fiscal_year = 2025 AND i.kind = 'recommendation'
	AND NOT EXISTS (SELECT 1 FROM hq_item_answer a WHERE a.item_id = i.id)")" 1 \
	"one of last year's recommendations left open"
check_eq "$(db_sql "$A" "SELECT count(*) FROM eval_event e JOIN eval_doc d ON d.id = e.eval_id
	WHERE d.fiscal_year < 2027 AND e.at > '2026-12-05'")" 0 \
	"no event after the demo's day"
kj_expect 0 eval list --fy 2027 --format json --db "$A"
check_out_has '"scope": "sector"'

# Refusals: usage (2) and values (1), nothing changed.
D0=$(db_digest "$A")
refused() {	# refused STATUS MESSAGE ARGS...: refused with MESSAGE, nothing changed
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@" --db "$A"
	check_err_has "$msg"
	check_out_empty
	check_eq "$(db_digest "$A")" "$D0" "database unchanged after: $*"
}
refused 2 "--fy" eval create --sector electricity
refused 1 "fiscal year" eval create --fy 27
refused 1 "unknown sector 'nosuch'" eval create --fy 2027 --sector nosuch
refused 1 "the HQ's evaluation has no sector" eval create --fy 2028 --hq --sector electricity
refused 1 "exists already" eval create --fy 2027 --sector electricity
refused 1 "exists already" eval create --fy 2027 --hq
refused 2 "not an id" eval show abc
refused 2 "--format" eval show "$E" --format xml
refused 1 "no evaluation 99999" eval show 99999
refused 1 "section: one of measures, survey, gaps, improvements" eval edit "$E" --section summary --text x
refused 1 "section: summary" eval edit "$H" --section gaps --text x
refused 1 "kind: national, sector, requirement or coverage" eval edit "$E" --section survey --figure pie
refused 1 "ref: a requirement id" eval edit "$E" --section survey --figure requirement --ref "1'; DROP TABLE eval_doc; --"
refused 1 "ref: unknown sector 'nosuch'" eval edit "$E" --section survey --figure sector --ref nosuch
refused 2 "either --text" eval edit "$E" --section gaps
refused 1 "must be submitted to return" eval return "$E" --message x
refused 1 "must be submitted to finalise" eval finalise "$E"
refused 1 "not submitted or returned" eval submit "$H"
refused 1 "addressee: unknown sector 'nosuch'" eval item-add "$H" --to nosuch --text x
refused 1 "kind: finding or recommendation" eval item-add "$H" --to nco --kind advice --text x
refused 1 "category: general, organisation or budget" eval item-add "$H" --to nco --category money --text x
refused 1 "findings and recommendations are the HQ evaluation's" eval item-add "$E" --to nco --text x
refused 2 "give the addressee" eval item-add "$H" --text x
refused 1 "longer than" eval edit "$E" --section gaps --text "$(head -c 20001 /dev/zero | tr '\0' 'x')"
refused 2 "--fy" pdca
refused 2 "--today" pdca --fy 2027 --today 2027-13-01

# The workflow: edit, place a figure, submit, return with a message, submit, finalise.
kj_expect 0 eval edit "$E" --section gaps --text "中小事業者の演習参加が少ない" --db "$A"
kj_expect 0 eval edit "$E" --section survey --figure sector --ref electricity --caption "電力分野" --db "$A"
kj_expect 0 eval show "$E" --db "$A"
check_out_has "[gaps] 中小事業者の演習参加が少ない"
check_out_has "figure	survey	1	sector	electricity	電力分野"
kj_expect 0 eval submit "$E" --db "$A"
check_eq "$(db_sql "$A" "SELECT state FROM eval_doc WHERE id = $E")" "submitted" "submitted"
kj_expect 1 eval edit "$E" --section gaps --text x --db "$A"
check_err_has "the evaluation is submitted: only a draft is edited"
kj_expect 1 eval return "$E" --db "$A"
check_err_has "message: say why"
kj_expect 0 eval return "$E" --message "改善策を具体的に" --db "$A"
kj_expect 0 eval submit "$E" --db "$A"
kj_expect 0 eval finalise "$E" --db "$A"
kj_expect 0 eval show "$E" --db "$A"
check_out_has "return	改善策を具体的に"
check_out_has ", final, revision"

# HQ: a finding and two recommendations, then final.
kj_expect 0 eval item-add "$H" --kind finding --to nco --text "全体として進捗" --db "$A"
kj_expect 0 eval item-add "$H" --to electricity --category budget --text "演習予算の確保" --db "$A"
R1=$(cat "$OUT")
kj_expect 0 eval item-add "$H" --to nco --category organisation --text "横断体制の強化" --db "$A"
R2=$(cat "$OUT")
kj_expect 0 eval finalise "$H" --db "$A"
kj_expect 1 eval item-add "$H" --to nco --text x --db "$A"
check_err_has "the evaluation is final: only a draft is edited"

# Next year's plan answers the first; a measure of another year's plan cannot.
kj_expect 0 plan copy "$P" --db "$A"
P2=$(cat "$OUT")
M=$(db_sql "$A" "SELECT id FROM impl_plan_measure WHERE plan_id = $P2 AND mkey = 'std-1-1'")
MOLD=$(db_sql "$A" "SELECT id FROM impl_plan_measure WHERE plan_id = $P AND mkey = 'std-1-1'")
D0=$(db_digest "$A")
refused 1 "no recommendation of a final HQ evaluation of FY2026" eval answer "$R1" "$MOLD"
refused 1 "no recommendation of a final HQ evaluation of FY2027 addressed to electricity" eval answer "$R2" "$M"
refused 1 "no plan measure 99999" eval answer "$R1" 99999
refused 2 "give the recommendation's and the measure's ids" eval answer "$R1"
kj_expect 0 eval recommendations --fy 2027 --db "$A"
check_out_has "$R1	electricity	budget	UNANSWERED"
kj_expect 0 eval answer "$R1" "$M" --db "$A"
kj_expect 0 eval recommendations --fy 2027 --db "$A"
check_out_has "$R1	electricity	budget	answered	$P2:std-1-1	演習予算の確保"
check_out_has "$R2	nco	organisation	UNANSWERED"
kj_expect 0 eval recommendations --fy 2027 --format json --db "$A"
check_out_has '"answered": true'

# The board: this year's electricity row, its due dates and what is late.
kj_expect 0 pdca --fy 2027 --today 2027-04-10 --db "$A"
check_out_has "row	plan	targets	survey	analysis	evaluation	update	complete"
check_out_lacks "LATE"
kj_expect 0 pdca --fy 2027 --today 2028-07-01 --format json --db "$A"
check_out_has '"due": "2027-06-30"'
check_out_has '"late": true'
kj_expect 0 pdca --fy 2027 --today 2028-07-01 --db "$A"
check_out_has "electricity	open/LATE	"

# Every change audited, the trail intact.
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action LIKE 'eval.%'")" \
	"$(db_sql "$A" "SELECT count(*) FROM eval_event e JOIN eval_doc d ON d.id = e.eval_id
		WHERE d.fiscal_year = 2027")" "an audit entry per event"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'eval.answer'")" 1 "the answer audited"
kj_expect 0 audit verify --db "$A"
kj_expect 0 eval --help
finish
