#!/bin/bash
# kijun analysis publish SECTOR --fy FY [--k N] and kijun analysis published
# [ID] on a small demo database: a snapshot is the sector's view as a reader
# of aggregates sees it (suppressed figures named by their rule), frozen
# with its SHA-256, logged suppression by suppression, audited; a later
# submission changes the live view, not the snapshot; a new publication is
# a new snapshot; --k is the threshold; every bad request is refused with a
# clear message, changing nothing.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(demo_db a.db --operators 80 --seed 7 --years 2 --today 2026-12-04) || exit 1


# Nothing published yet: the list has its head only.
kj_expect 0 analysis published --db "$A"
check_eq "$(wc -l <"$OUT")" 1 "no snapshot yet"

kj_expect 0 analysis publish medical --fy 2026 --db "$A"
check_out_has "published snapshot 1: medical, FY2026"
kj_expect 0 analysis published --db "$A"
check_eq "$(sed -n 2p "$OUT" | cut -f1-3,6)" "$(printf '1\t2026\tmedical\t5')" "listed"
DIGEST=$(sed -n 2p "$OUT" | cut -f8)
NSUP=$(sed -n 2p "$OUT" | cut -f7)
kj_expect 0 analysis published 1 --db "$A"
cp "$OUT" snap1.json
# The frozen JSON byte for byte (without the newline printed after it).
check_eq "$(head -c -1 snap1.json | sha256sum | cut -d' ' -f1)" "$DIGEST" "its digest"
check_eq "$(jq -r '.view, .fy, .k, .sector.code' snap1.json | tr '\n' ' ')" \
	"sector 2026 5 medical " "the sector's view"
# As a reader of aggregates sees it: unlike the command line's live view,
# some figures are suppressed, each with its rule, and the log has them all.
SUPPRESSED=$(jq '[.. | objects | select(.suppressed == true)] | length' snap1.json)
check_eq "$((SUPPRESSED > 0))" 1 "some figures suppressed"
check_eq "$NSUP" "$SUPPRESSED" "a log row for each suppressed figure"
check_eq "$(db_sql "$A" "SELECT count(*) FROM analysis_suppression WHERE snapshot_id = 1")" \
	"$SUPPRESSED" "the log in the database"
check_eq "$(jq -r '[.. | objects | select(.suppressed == true) | .suppressed_by] | unique |
	map(select(. as $r | ["primary-k","primary-app","dominance","secondary","total","multi-sector"] |
	index($r) | not)) | length' snap1.json)" 0 "every rule named"
kj_expect 0 analysis sector medical --fy 2026 --format json --db "$A"
check_eq "$(jq '[.. | objects | select(.suppressed == true)] | length' "$OUT")" 0 \
	"the command line's live view hides nothing"
check_eq "$(db_sql "$A" "SELECT count(*) FROM audit_entry WHERE action = 'analysis.publish'
	AND object_type = 'analysis_snapshot' AND object_id = '1'")" 1 "audited"

# A later change of the answers moves the live counts, never the snapshot.
ORG=$(db_sql "$A" "SELECT min(p.organisation_id) FROM response p JOIN survey s ON s.id = p.survey_id
	JOIN survey_respondent r ON r.survey_id = s.id AND r.organisation_id = p.organisation_id
	WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire' AND p.status = 'submitted' AND r.sector_code = 'medical'")
db_sql "$A" "UPDATE answer SET level = 0 WHERE response_id IN (SELECT p.id FROM response p
	JOIN survey s ON s.id = p.survey_id WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire' AND p.organisation_id = $ORG)" >/dev/null
kj_expect 0 analysis published 1 --db "$A"
check_same_file "$OUT" snap1.json "the snapshot unchanged"

# A new publication, with another k: a new snapshot; the first stays.
kj_expect 0 analysis publish medical --fy 2026 --k 10 --db "$A"
check_out_has "published snapshot 2"
kj_expect 0 analysis published 2 --db "$A"
check_eq "$(jq -r '.k' "$OUT")" 10 "k of the second"
check_eq "$(($(jq '[.. | objects | select(.suppressed == true)] | length' "$OUT") >= SUPPRESSED))" 1 \
	"a greater k hides no less"
kj_expect 0 analysis published --db "$A"
check_eq "$(($(wc -l <"$OUT") - 1))" 2 "two snapshots"
kj_expect 0 analysis published 1 --db "$A"
check_same_file "$OUT" snap1.json "the snapshot unchanged"

# The live views take --k too.
kj_expect 0 analysis sector medical --fy 2026 --format json --k 7 --db "$A"
check_eq "$(jq -r '.k' "$OUT")" 7 "analysis --k"

# Refusals: usage (2) and values (1), nothing on stdout, nothing changed.
D0=$(db_digest "$A")
refused() {	# refused STATUS MESSAGE ARGS...
	local want=$1 msg=$2
	shift 2
	kj_expect "$want" "$@" --db "$A"
	check_err_has "$msg"
	check_out_empty
}
refused 2 "give one SECTOR code" analysis publish --fy 2026
refused 2 "--fy FY is required" analysis publish medical
refused 2 "fy must be a fiscal year" analysis publish medical --fy 20x6
refused 1 "no questionnaire survey" analysis publish medical --fy 2031
refused 1 "no such sector" analysis publish "nosuch'; --" --fy 2026
refused 2 "--k must be a whole number from 3 to 100" analysis publish medical --fy 2026 --k 2
refused 2 "--k must be a whole number from 3 to 100" analysis publish medical --fy 2026 --k 101
refused 2 "--k must be a whole number from 3 to 100" analysis publish medical --fy 2026 --k x
refused 2 "--k must be a whole number from 3 to 100" analysis sector medical --fy 2026 --format csv --k 0
refused 2 "ID must be a snapshot's number" analysis published x
refused 2 "ID must be a snapshot's number" analysis published 0
refused 1 "no such published snapshot" analysis published 99
refused 2 "--analysis-k must be a whole number from 3 to 100" serve --analysis-k 2
refused 2 "--analysis-k must be a whole number from 3 to 100" serve --analysis-k 5x
check_eq "$(db_digest "$A")" "$D0" "refusals change nothing"
finish
