#!/bin/bash
# kijun analysis operator ORG on a small demo database: a row per function
# and requirement, the JSON and the CSV say the same figures, the operator's
# own level is its submitted answer, the sector's median is the quantile
# rule of docs/metrics.md over the kept counts the sector view gives, and
# every bad request is refused with a clear message, changing nothing.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 80 --seed 7 --years 2 --today 2026-12-04) || exit 1

D0=$(db_digest "$A")
NR=$(db_sql "$A" "SELECT count(*) FROM requirement r JOIN survey s ON s.version_id = r.version_id
	WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire'")
# A medical operator that submitted in FY2026, and one that did not.
ORG=$(db_sql "$A" "SELECT MIN(p.organisation_id) FROM response p JOIN survey s ON s.id = p.survey_id
	JOIN organisation_sector os ON os.organisation_id = p.organisation_id
	WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire' AND p.status = 'submitted' AND os.sector_code = 'medical'")
check_eq "$([ -n "$ORG" ] && echo yes)" yes "a medical operator submitted"

kj_expect 0 analysis operator "$ORG" --fy 2026 --format csv --db "$A"
cp "$OUT" bench.csv
check_eq "$(sed -n 1p bench.csv | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" \
	'"fy","organisation","sector","row","id","function","own","own_previous","own_change","sector_n","sector_q1","sector_median","sector_q3","nation_median","sector_value","sector_previous_value","change","change_low","change_high","change_called","crosswalk","comparable_share","suppressed"' \
	"CSV head"
check_eq "$(grep -c '^"2026",[^,]*,[^,]*,"function",' bench.csv)" 6 "a row per function"
check_eq "$(grep -c '"requirement",' bench.csv)" "$NR" "a row per requirement"
check_eq "$(grep -c ',"1"\r*$' bench.csv)" 0 "the command line sees every figure"

# The operator's own level of 3.2.1-1 is its submitted answer.
OWN=$(db_sql "$A" "SELECT COALESCE(CAST(a.level AS TEXT), 'NA') FROM response p
	JOIN survey s ON s.id = p.survey_id JOIN answer a ON a.response_id = p.id
	JOIN requirement q ON q.id = a.requirement_id
	WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire' AND p.organisation_id = $ORG AND q.code = '3.2.1-1'")
reqrow() {	# reqrow REQ: the requirement's CSV row, unquoted
	grep "\"requirement\",\"$1\"," bench.csv | tr -d '\r"'
}
check_eq "$(reqrow 3.2.1-1 | cut -d, -f7)" "$OWN" "own level = its answer"

# The sector's quartiles: type 7 over the sector view's level counts.
kj_expect 0 analysis sector medical --fy 2026 --format csv --db "$A"
quartiles() {	# quartiles REQ: Q1,median,Q3 of the medical levels
	grep "^\"2026\",\"medical\",\"$1\"," "$OUT" | tr -d '\r"' | cut -d, -f12-16 | awk -F, '
	function at(i,   k, c) { c = 0; for (k = 1; k <= 5; k++) { c += $k; if (i < c) return k - 1 } }
	function q(p,   h, f) { h = (n - 1) * p; f = int(h); return at(f) + (h - f) * (at(f + 1 < n ? f + 1 : f) - at(f)) }
	function fmt(v,   s) { s = sprintf("%.4f", v); sub(/0+$/, "", s); sub(/\.$/, "", s); return s }
	{ n = $1 + $2 + $3 + $4 + $5; print fmt(q(0.25)) "," fmt(q(0.5)) "," fmt(q(0.75)) }'
}
for req in 3.2.1-1 3.4.1.1-1 3.7-1; do
	check_eq "$(reqrow "$req" | cut -d, -f11-13)" "$(quartiles "$req")" "quartiles of $req"
done

# The JSON gives the same figures as the CSV.
kj_expect 0 analysis operator "$ORG" --fy 2026 --format json --db "$A"
check_eq "$(jq -r '.view, .fy, .previous_fy, .sector, .k, .open' "$OUT" | tr '\n' ' ')" \
	"operator 2026 2025 medical 5 true " "JSON head"
check_eq "$(jq -r '.organisation.id' "$OUT")" "$ORG" "the organisation"
check_eq "$(jq -r '.requirements | length' "$OUT")" "$NR" "JSON: every requirement"
check_eq "$(jq -r '.functions[0] | "\(.code),\(.sector.median)"' "$OUT" | awk -F, '{ printf "%s,%g", $1, $2 }')" \
	"$(grep '^"2026",[^,]*,[^,]*,"function",' bench.csv | head -1 | tr -d '\r"' | awk -F, '{ printf "%s,%g", $5, $12 }')" \
	"a function's sector median: JSON = CSV"
check_eq "$(jq -r '.version_changed' "$OUT")" true "FY2025 asked the predecessor"
check_eq "$(jq -r '.comparable_share > 0 and .comparable_share < 1' "$OUT")" true \
	"a share of the requirements is comparable"

# The sector chosen among its own; its first by default.
kj_expect 0 analysis operator "$ORG" --fy 2026 --format json --sector medical --db "$A"
check_eq "$(jq -r '.sector' "$OUT")" medical "--sector medical"

# Refusals: usage (2) and values (1), nothing on stdout, nothing changed.
refused() {	# refused STATUS MESSAGE ARGS...
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@" --db "$A"
	check_err_has "$msg"
	check_out_empty
}
refused 2 "give one organisation id" analysis operator --fy 2026 --format csv
refused 2 "--fy FY is required" analysis operator "$ORG" --format csv
refused 2 "--format must be csv or json" analysis operator "$ORG" --fy 2026 --format xml
refused 2 "fy must be a fiscal year" analysis operator "$ORG" --fy 26x --format csv
refused 2 "the organisation must be its numeric id" analysis operator "1; DROP TABLE answer" --fy 2026 --format csv
refused 2 "the organisation must be its numeric id" analysis operator 99999999999999999999 --fy 2026 --format csv
refused 1 "no such organisation" analysis operator 99999999 --fy 2026 --format csv
refused 1 "in no such sector" analysis operator "$ORG" --fy 2026 --format csv --sector water
refused 1 "no questionnaire survey" analysis operator "$ORG" --fy 2031 --format json
refused 2 "unknown option" analysis operator "$ORG" --fy 2026 --format csv --colour red
check_eq "$(db_digest "$A")" "$D0" "analysis operator changes nothing"
kj_expect 0 analysis operator --help
finish
