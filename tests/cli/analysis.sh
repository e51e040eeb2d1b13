#!/bin/bash
# kijun analysis national|sector|requirement|check on a small demo database:
# the CSV has one row per sector and requirement (and the nation's, "*"),
# its counts equal a plain SQL count of the submitted answers, the JSON
# gives the same figures, the kept counts equal a recount, and every bad
# request is refused with a clear message, changing nothing.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 80 --seed 7 --years 2 --today 2026-12-04) || exit 1

D0=$(db_digest "$A")
NS=$(db_sql "$A" "SELECT count(*) FROM sector")
NR=$(db_sql "$A" "SELECT count(*) FROM requirement r JOIN survey s ON s.version_id = r.version_id
	WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire'")

# National: a head, a row per sector and requirement, and the nation's.
kj_expect 0 analysis national --fy 2026 --format csv --db "$A"
cp "$OUT" national.csv
check_eq "$(sed -n 1p national.csv | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" \
	'"fy","sector","requirement","function","suppressed","answers","applicable","implemented","na","rate","mean","level_0","level_1","level_2","level_3","level_4","previous_fy","previous_rate","change","crosswalk","coverage","gap"' \
	"CSV head"
check_eq "$(($(wc -l <national.csv) - 1))" "$((NS * NR + NR))" "a row per sector and requirement, and the nation's"
check_eq "$(grep -c '^"2026",[^,]*,[^,]*,[^,]*,"1"' national.csv)" 0 "the command line sees every figure"

# The counts of one cell against a plain SQL count of the submitted answers.
row() {	# row SECTOR REQ: applicable,implemented,na of the CSV
	grep "^\"2026\",\"$1\",\"$2\"," national.csv | tr -d '\r"' | cut -d, -f7-9
}
sql_cell() {	# sql_cell SECTOR REQ: the same counted from the answers
	db_sql "$A" "SELECT
		SUM(CASE WHEN a.level IS NOT NULL THEN 1 ELSE 0 END) || ',' ||
		SUM(CASE WHEN a.level >= 3 THEN 1 ELSE 0 END) || ',' ||
		SUM(CASE WHEN a.level IS NULL THEN 1 ELSE 0 END)
		FROM survey s JOIN survey_respondent sr ON sr.survey_id = s.id
		JOIN response p ON p.survey_id = s.id AND p.organisation_id = sr.organisation_id
		JOIN answer a ON a.response_id = p.id JOIN requirement q ON q.id = a.requirement_id
		WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire' AND p.status = 'submitted'
		AND sr.sector_code = '$1' AND q.code = '$2'"
}
for cell in "electricity 3.2.1-1" "medical 3.4.1.1-1" "water 3.7-1" "ict 3.5.1-1"; do
	set -- $cell
	check_eq "$(row "$1" "$2" | grep -c ,)" 1 "one CSV row of $1 $2"
	check_eq "$(row "$1" "$2")" "$(sql_cell "$1" "$2")" "CSV counts of $1 $2 = SQL count"
done

# The JSON gives the same figures as the CSV.
kj_expect 0 analysis requirement 3.2.1-1 --fy 2026 --format json --db "$A"
check_eq "$(jq -r '.sectors[] | select(.code == "electricity") | .figure |
	"\(.applicable),\(.implemented),\(.na)"' "$OUT")" "$(row electricity 3.2.1-1)" \
	"requirement JSON = national CSV"
check_eq "$(jq -r '.national.figure.applicable' "$OUT")" \
	"$(grep '^"2026","\*","3.2.1-1",' national.csv | tr -d '\r"' | cut -d, -f7)" "nation's row"
check_eq "$(jq -r '.view, .fy, .previous_fy, .k' "$OUT" | tr '\n' ' ')" "requirement 2026 2025 5 " \
	"requirement JSON head"
kj_expect 0 analysis requirement 3.2.1-1 --fy 2026 --format csv --db "$A"
check_eq "$(($(wc -l <"$OUT") - 1))" "$((NS + 1))" "requirement CSV: every sector and the nation"
RATE=$(grep '^"2026","electricity","3.2.1-1",' national.csv | tr -d '\r"' | cut -d, -f10)
kj_expect 0 analysis sector electricity --fy 2026 --format json --db "$A"
check_eq "$(jq -r '.requirements[] | select(.id == "3.2.1-1") | .figure.rate' "$OUT" |
	awk '{ printf "%.4f", $1 }')" "$RATE" "sector JSON rate = CSV rate"
check_eq "$(jq -r '.breakdown | keys | join(" ")' "$OUT")" "kikan lg pref size" "breakdowns"
check_eq "$(jq -r '[.breakdown.size[].operators] | add' "$OUT")" "$(jq -r '.sector.operators' "$OUT")" \
	"size classes add up to the sector's operators"
kj_expect 0 analysis sector electricity --fy 2026 --format csv --db "$A"
check_eq "$(($(wc -l <"$OUT") - 1))" "$NR" "sector CSV: a row per requirement"
kj_expect 0 analysis national --fy 2026 --format json --db "$A"
check_eq "$(jq -r '.sectors | length' "$OUT")" "$NS" "national JSON: every sector"
check_eq "$(jq -r '.sectors[0].functions | length' "$OUT")" 6 "six functions"
check_eq "$(jq -r '.weakest | length' "$OUT")" 10 "the ten weakest requirements"
check_eq "$(jq -r '.national.submitted' "$OUT")" \
	"$(db_sql "$A" "SELECT count(*) FROM response p JOIN survey s ON s.id = p.survey_id
		WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire' AND p.status = 'submitted'")" "submitted responses"

# The kept counts equal a recount, in each year.
kj_expect 0 analysis check --fy 2026 --db "$A"
check_out_has "the kept counts equal a recount"
kj_expect 0 analysis check --fy 2025 --db "$A"

# Refusals: usage (2) and values (1), nothing on stdout, nothing changed.
refused() {	# refused STATUS MESSAGE ARGS...
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@" --db "$A"
	check_err_has "$msg"
	check_out_empty
}
refused 2 "--fy FY is required" analysis national --format csv
refused 2 "--format must be csv or json" analysis national --fy 2026
refused 2 "--format must be csv or json" analysis national --fy 2026 --format xml
refused 2 "fy must be a fiscal year" analysis national --fy 26x --format csv
refused 2 "fy must be a fiscal year" analysis national --fy "2026; DROP TABLE answer" --format csv
refused 2 "fy must be a fiscal year" analysis national --fy 99999999999999999999 --format json
refused 1 "no questionnaire survey" analysis national --fy 2031 --format csv
refused 2 "give one SECTOR code" analysis sector --fy 2026 --format csv
refused 1 "no such sector" analysis sector nosuch --fy 2026 --format csv
refused 1 "no such requirement" analysis requirement 9.9-9 --fy 2026 --format json
refused 2 "no arguments expected" analysis national extra --fy 2026 --format csv
refused 2 "unknown option" analysis national --fy 2026 --format csv --colour red
refused 2 "--fy must be a fiscal year" analysis check --fy x
refused 1 "no questionnaire survey" analysis check --fy 2031
check_eq "$(db_digest "$A")" "$D0" "analysis changes nothing"
kj_expect 0 analysis --help
finish
