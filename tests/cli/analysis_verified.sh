#!/bin/bash
# kijun analysis verified on a small demo database, and the demo's year of
# on-site visits: the visits look right (as many as the selection's rules
# say, dated within the fiscal year and not after the demo's day, inspectors,
# an item for every requirement, levels on the scale); the CSV has a row per
# sector and requirement, per sector and for the nation, its counts equal a
# plain SQL count of the issued visits' items; the JSON gives the same
# figures; every bad request is refused with a clear message, changing nothing.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 80 --seed 7 --years 2 --today 2026-12-04) || exit 1

D0=$(db_digest "$A")
NS=$(db_sql "$A" "SELECT count(*) FROM sector")
NR=$(db_sql "$A" "SELECT count(*) FROM requirement r JOIN survey s ON s.version_id = r.version_id
	WHERE s.fiscal_year = 2025 AND s.kind = 'onsite'")

# The demo's visits: FY2025 (the last complete year on 2026-12-04), none in FY2026.
check_eq "$(db_sql "$A" "SELECT count(*) FROM survey WHERE kind = 'onsite'")" 1 "one on-site survey"
check_eq "$(db_sql "$A" "SELECT fiscal_year || ' ' || status || ' ' || owner_kind FROM survey
	WHERE kind = 'onsite'")" "2025 closed nco" "FY2025, closed, the NCO's"
check_eq "$(db_sql "$A" "SELECT count(*) FROM survey_sector ss JOIN survey s ON s.id = ss.survey_id
	WHERE s.kind = 'onsite'")" "$NS" "over every sector"
check_eq "$(db_sql "$A" "SELECT state FROM onsite_selection")" approved "the selection approved"
RULES=$(db_sql "$A" "SELECT rules FROM onsite_selection")
NPICK=$(echo "$RULES" | jq '.lowest.n + .random.n')
check_eq "$(echo "$RULES" | jq -r '.random.seed | type')" number "the random rule has its seed"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_pick")" "$NPICK" "a pick per the rules' n"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_pick WHERE rule = 'lowest'")" \
	"$(echo "$RULES" | jq '.lowest.n')" "the lowest rule's picks"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_visit")" "$NPICK" "a visit per pick"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_visit v WHERE NOT EXISTS (SELECT 1
	FROM onsite_pick p WHERE p.organisation_id = v.organisation_id)")" 0 "every visit picked"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_visit WHERE visit_on < '2025-04-01'
	OR visit_on > '2026-03-31' OR visit_on >= '2026-12-04'")" 0 "visits within FY2025"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_visit WHERE issued_at >= '2026-12-04'
	OR (state = 'issued') <> (issued_at IS NOT NULL)")" 0 "issued before the demo's day"
ISSUED=$(db_sql "$A" "SELECT count(*) FROM onsite_visit WHERE state = 'issued'")
check_eq "$([ "$ISSUED" -ge $((NPICK / 2)) ] && echo most)" most "most reports issued"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_visit v WHERE NOT EXISTS (SELECT 1
	FROM onsite_inspector i JOIN app_user u ON u.id = i.user_id WHERE i.visit_id = v.id
	AND u.role IN ('nco', 'ministry', 'surveyor'))")" 0 "every visit has its inspectors"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_item")" "$((NPICK * NR))" \
	"an item for every requirement of every visit"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_item WHERE self_level NOT BETWEEN -1 AND 4
	OR verified_level NOT BETWEEN -1 AND 4 OR findings = '' OR evidence = ''")" 0 \
	"levels on the scale, findings and evidence written"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_item i JOIN onsite_visit v ON v.id = i.visit_id
	JOIN survey q ON q.fiscal_year = 2025 AND q.kind = 'questionnaire'
	JOIN response p ON p.survey_id = q.id AND p.organisation_id = v.organisation_id
	JOIN answer a ON a.response_id = p.id AND a.requirement_id = i.requirement_id
	WHERE COALESCE(a.level, -1) <> i.self_level")" 0 "the self levels are the submitted answers"
EQUAL=$(db_sql "$A" "SELECT count(*) FROM onsite_item WHERE verified_level = self_level
	AND self_level >= 0")
LOWER=$(db_sql "$A" "SELECT count(*) FROM onsite_item WHERE verified_level < self_level
	AND verified_level >= 0")
HIGHER=$(db_sql "$A" "SELECT count(*) FROM onsite_item WHERE verified_level > self_level
	AND self_level >= 0")
check_eq "$([ "$EQUAL" -gt $((LOWER + HIGHER)) ] && [ "$LOWER" -gt "$HIGHER" ] && echo yes)" yes \
	"mostly equal, over-reported more than under ($EQUAL, $LOWER, $HIGHER)"
check_eq "$(db_sql "$A" "SELECT count(*) FROM onsite_reply r JOIN onsite_visit v ON v.id = r.visit_id
	WHERE v.state <> 'issued' OR r.replied_at >= '2026-12-04'")" 0 "replies to issued reports only"

# The CSV: a head, per sector its total and requirements, the nation's total and requirements.
kj_expect 0 analysis verified --fy 2025 --format csv --db "$A"
cp "$OUT" verified.csv
check_eq "$(sed -n 1p verified.csv | tr -d '\r')" \
	'"fy","sector","requirement","function","suppressed","suppressed_by","operators","compared","below","equal","above","na","missing","share_below","share_equal","share_above","mean_difference","diff_-4","diff_-3","diff_-2","diff_-1","diff_0","diff_+1","diff_+2","diff_+3","diff_+4"' \
	"CSV head"
check_eq "$(($(wc -l <verified.csv) - 1))" "$((NS * (NR + 1) + 1 + NR))" "rows"
check_eq "$(grep -c '^"2025",[^,]*,[^,]*,[^,]*,"1"' verified.csv)" 0 "the command line sees every figure"
nation() {	# nation: compared,below,equal,above of the CSV's national row
	grep '^"2025","\*","\*",' verified.csv | tr -d '\r"' | cut -d, -f8-11
}
check_eq "$(nation)" "$(db_sql "$A" "SELECT count(*) || ',' ||
	SUM(CASE WHEN verified_level < self_level THEN 1 ELSE 0 END) || ',' ||
	SUM(CASE WHEN verified_level = self_level THEN 1 ELSE 0 END) || ',' ||
	SUM(CASE WHEN verified_level > self_level THEN 1 ELSE 0 END)
	FROM onsite_item i JOIN onsite_visit v ON v.id = i.visit_id
	WHERE v.state = 'issued' AND i.self_level >= 0 AND i.verified_level >= 0")" \
	"national counts = SQL count of the issued visits' items"
check_eq "$(grep '^"2025","\*","\*",' verified.csv | tr -d '\r"' | cut -d, -f7)" \
	"$(db_sql "$A" "SELECT count(DISTINCT organisation_id) FROM onsite_visit WHERE state = 'issued'")" \
	"national operators"

# The JSON gives the same figures.
kj_expect 0 analysis verified --fy 2025 --format json --db "$A"
check_eq "$(jq -r '.national | "\(.compared),\(.below),\(.equal),\(.above)"' "$OUT")" "$(nation)" \
	"JSON = CSV"
check_eq "$(jq -r '.fy, .k, .surveys, .scope' "$OUT" | tr '\n' ' ')" "2025 5 1 national " "JSON head"
check_eq "$(jq -r '.sectors | length' "$OUT")" "$NS" "every sector"
check_eq "$(jq -r '([.sectors[].figure.operators] | add) >= .national.operators' "$OUT")" true \
	"an operator counts in each of its sectors, once in the nation"
check_eq "$(jq -r '.over_reported | length <= 10' "$OUT")" true "at most ten most over-reported"
check_eq "$(jq -r '[.over_reported[].share_below] | . == (sort | reverse)' "$OUT")" true \
	"most over-reported first"
SEC=$(jq -r '[.sectors[] | select(.figure.operators > 0)][0].code' "$OUT")
kj_expect 0 analysis verified --fy 2025 --sector "$SEC" --format csv --db "$A"
check_eq "$(($(wc -l <"$OUT") - 1))" "$((NR + 2))" "sector CSV: its total, its requirements, the nation"
kj_expect 0 analysis verified --fy 2025 --sector "$SEC" --format json --db "$A"
check_eq "$(jq -r '.scope, .sector.code' "$OUT" | tr '\n' ' ')" "sector $SEC " "sector JSON"
kj_expect 0 analysis verified --fy 2026 --format json --db "$A"
check_eq "$(jq -r '.surveys, .national.compared' "$OUT" | tr '\n' ' ')" "0 0 " "a year without visits"

# Refusals: usage (2) and values (1), nothing on stdout, nothing changed.
refused() {	# refused STATUS MESSAGE ARGS...
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@" --db "$A"
	check_err_has "$msg"
	check_out_empty
}
refused 2 "--fy FY is required" analysis verified --format csv
refused 2 "--format must be csv or json" analysis verified --fy 2025
refused 2 "--format must be csv or json" analysis verified --fy 2025 --format xml
refused 2 "fy must be a fiscal year" analysis verified --fy 25x --format csv
refused 2 "fy must be a fiscal year" analysis verified --fy "2025; DROP TABLE onsite_item" --format csv
refused 2 "--k must be a whole number" analysis verified --fy 2025 --format csv --k 2
refused 1 "no such sector" analysis verified --fy 2025 --sector nosuch --format csv
refused 2 "unknown option" analysis verified --fy 2025 --format csv --colour red
check_eq "$(db_digest "$A")" "$D0" "analysis verified changes nothing"
kj_expect 0 analysis verified --help
finish
