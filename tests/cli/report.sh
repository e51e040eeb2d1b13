#!/bin/bash
# kijun report freeze|annual|list on a small demo database: a freeze is a
# dated snapshot with its SHA-256 and audit entry; annual writes the report
# from the year's latest snapshot (freezing one first when there is none),
# or from --snapshot, in html and xlsx; a later change of the answers does
# not change a report made from an earlier snapshot; progress shows only on
# a terminal; every bad request is refused with a clear message, nothing
# written and nothing changed.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 80 --seed 7 --years 2 --today 2026-12-04) || exit 1


kj_expect 0 report list --db "$A"
check_eq "$(wc -l <"$OUT")" 1 "no snapshot yet"

# annual without a snapshot freezes one first.
kj_expect 0 report annual --fy 2026 --format html --out r1.html --db "$A"
check_out_has "wrote r1.html: the FY2026 annual report (html) from snapshot 1"
check_err_empty	# not a terminal: no progress
check_file r1.html
for h in "第1章 全国の概況" "第2章 情報通信分野" "第17章 郵便分野" "第18章 分野横断的な取組" \
	"付録A 統一基準 第3部の要求事項" "付録B 方法論"; do
	grep_has "\">$h</h2>" r1.html && pass "chapter $h" || fail "no chapter $h in the HTML"
	grep_has "\">$h</a>" r1.html && pass "contents $h" || fail "no contents link to $h"
done
grep_has '<html lang="ja">' r1.html && pass "lang ja" || fail "html lang"
check_eq "$(grep -o '<svg ' r1.html | wc -l)" 33 "a heat map and two charts a sector"

kj_expect 0 report list --db "$A"
check_eq "$(sed -n 2p "$OUT" | cut -f1,2)" "$(printf '1\t2026')" "listed"
DIGEST=$(sed -n 2p "$OUT" | cut -f6)
check_eq "$(db_sql "$A" "SELECT digest FROM report_snapshot WHERE id = 1")" "$DIGEST" "its digest"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'report.freeze'
	AND object_id = '1'")" 1 "the freeze audited"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'report.export'")" 1 \
	"the export audited"

# The figures the HTML shows are the national view as a reader of aggregates sees it.
kj_expect 0 report annual --fy 2026 --format xlsx --out r1.xlsx --db "$A"
check_out_has "from snapshot 1"
unzip -p r1.xlsx xl/workbook.xml >wb.xml
grep_has '<sheet name="目次"' wb.xml && pass "contents sheet" || fail "no contents sheet"
grep_has '<sheet name="01-rates"' wb.xml && pass "rates sheet" || fail "no rates sheet"
grep_has '<sheet name="A-part3"' wb.xml && pass "Part 3 sheet" || fail "no Part 3 sheet"
# numbers as numbers: the response sheet's counts are numeric cells
SHEET=$(grep -o '<sheet name="01-response" sheetId="[0-9]*" r:id="rId[0-9]*"' wb.xml |
	sed 's/.*rId\([0-9]*\)"/\1/')
unzip -p r1.xlsx "xl/worksheets/sheet$SHEET.xml" >resp.xml
grep -q '<c r="B2" s="[0-9]*"><v>[0-9]*</v></c>' resp.xml && pass "numeric cells" ||
	fail "the response counts are not numbers"
grep -q '<pane ySplit="1"' resp.xml && pass "header frozen" || fail "header not frozen"

# A later change of the answers: the report of snapshot 1 stays the same.
cp r1.html r1-before.html
ORG=$(db_sql "$A" "SELECT min(p.organisation_id) FROM response p JOIN survey s ON s.id = p.survey_id
	WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire' AND p.status = 'submitted'")
db_sql "$A" "UPDATE answer SET level = 0 WHERE response_id IN (SELECT p.id FROM response p
	JOIN survey s ON s.id = p.survey_id WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire' AND p.organisation_id = $ORG)" >/dev/null
kj_expect 0 report annual --fy 2026 --format html --out r1-again.html --snapshot 1 --db "$A"
check_same_file r1-again.html r1-before.html "the same report from the same snapshot"

kj_expect 0 report freeze --fy 2026 --note "第2版" --db "$A"
check_out_has "froze report snapshot 2: FY2026"
kj_expect 0 report list --fy 2026 --db "$A"
check_eq "$(sed -n 2p "$OUT" | cut -f1,7)" "$(printf '2\t第2版')" "the newest first, with its note"
kj_expect 0 report annual --fy 2026 --format html --out r2.html --db "$A"
check_out_has "from snapshot 2"

# Progress on a terminal only.
if command -v script >/dev/null; then
	script -qec "$KIJUN report annual --fy 2026 --format html --out tty.html --db '$A'" \
		/dev/null >tty.out 2>&1
	grep -q "writing the report: 100%" tty.out && pass "progress on a terminal" ||
		fail "no progress on a terminal: $(head -c 300 tty.out)"
fi

# Refusals: usage (2) and values (1), nothing on stdout, no file, nothing changed.
D0=$(db_digest "$A")
refused() {	# refused STATUS MESSAGE ARGS...
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@" --db "$A"
	check_err_has "$msg"
	check_out_empty
	check_no_file bad.out
}
refused 2 "--fy must be a fiscal year from 2000 to 2100" report annual --format html --out bad.out
refused 2 "--fy must be a fiscal year from 2000 to 2100" report annual --fy 20x6 --format html --out bad.out
refused 2 "--fy must be a fiscal year from 2000 to 2100" report annual --fy 1999 --format html --out bad.out
refused 2 "--format must be pdf, xlsx, docx or html" report annual --fy 2026 --out bad.out
refused 2 "--format must be pdf, xlsx, docx or html" report annual --fy 2026 --format odt --out bad.out
refused 2 "--out FILE is required" report annual --fy 2026 --format html
refused 2 "--snapshot must be a snapshot's number" report annual --fy 2026 --format html --out bad.out --snapshot x
refused 2 "--snapshot must be a snapshot's number" report annual --fy 2026 --format html --out bad.out --snapshot 0
refused 1 "no such report snapshot" report annual --fy 2026 --format html --out bad.out --snapshot 99
refused 2 "that snapshot is of another fiscal year" report annual --fy 2025 --format html --out bad.out --snapshot 1
refused 2 "--lang must be ja or en" report annual --fy 2026 --format html --out bad.out --lang fr
refused 1 "no questionnaire survey in that fiscal year" report annual --fy 2031 --format html --out bad.out
refused 2 "--fy must be a fiscal year" report freeze
refused 2 "--fy must be a fiscal year" report freeze --fy 2026x
refused 1 "no questionnaire survey in that fiscal year" report freeze --fy 2031
refused 2 "--fy must be a fiscal year" report list --fy x
check_eq "$(db_digest "$A")" "$D0" "refusals change nothing"
finish
