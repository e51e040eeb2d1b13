#!/bin/bash
# kijun demo: fills a fresh database once, reproducibly from its seed and
# its day, with no progress output when not on a terminal and no date after
# that day; refuses a filled or missing database and a day that is no date.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(new_db a.db) || exit 1
B=$(new_db b.db) || exit 1
C=$(new_db c.db) || exit 1
D=$(new_db d.db) || exit 1
TTY=$(new_db tty.db) || exit 1

# Organisations and answers without their timestamps.
ORGS="SELECT id, corporate_number, name_ja, name_kana, size_class, core_infra, local_gov,
      municipality_code, prefecture_code, ceptoar_member, active FROM organisation ORDER BY id"
ANSWERS="SELECT response_id, requirement_id, level, na_reason, note FROM answer
         ORDER BY response_id, requirement_id"
RESPONSES="SELECT id, survey_id, organisation_id, status FROM response ORDER BY id"

kj_expect 0 init --db "$A"
kj_expect 0 demo --operators 200 --seed 5 --years 2 --today 2026-12-04 --db "$A"
check_out_has "200 organisations"
check_out_has " 2 surveys"
check_out_has "seed 5"
printed_responses=$(sed -n 's/.* \([0-9]*\) responses.*/\1/p' "$OUT")
printed_answers=$(sed -n 's/.* \([0-9]*\) answers.*/\1/p' "$OUT")
# Not a terminal: no progress, and in particular no carriage returns.
if grep -q $'\r' "$ERR"; then fail "demo wrote carriage returns to stderr although it is not a terminal"
else pass "no carriage return on stderr"; fi
check_err_empty

# The database holds what was printed, and is consistent.
check_eq "$(db_sql "$A" 'SELECT count(*) FROM organisation')" 200 "organisations in the database"
check_eq "$(db_sql "$A" 'SELECT count(*) FROM response')" "$printed_responses" "responses in the database"
check_eq "$(db_sql "$A" 'SELECT count(*) FROM answer')" "$printed_answers" "answers in the database"
# FY2025 closed with every operator's submission; FY2026 open and partly answered.
check_eq "$(db_sql "$A" "SELECT fiscal_year || ' ' || status FROM survey WHERE kind = 'questionnaire'
	ORDER BY 1" | tr '\n' ' ')" \
	"2025 closed 2026 open " "survey states on 2026-12-04"
check_eq "$(db_sql "$A" "SELECT count(*) FROM response r JOIN survey s ON s.id = r.survey_id
	WHERE s.fiscal_year = 2025 AND r.status = 'submitted'")" 200 "FY2025 submissions"
check_cmd "FY2026 has unsubmitted operators" test "$(db_sql "$A" "SELECT count(*) FROM
	response r JOIN survey s ON s.id = r.survey_id WHERE s.fiscal_year = 2026 AND s.kind = 'questionnaire'
	AND r.status = 'submitted'")" -lt 200
# Nothing after the day it was made for.
check_eq "$(db_sql "$A" "SELECT count(*) FROM response WHERE submitted_at >= '2026-12-04'")" 0 \
	"submissions on or after the demo's day"
check_eq "$(db_sql "$A" "SELECT count(*) FROM organisation WHERE created_at > '2026-12-04'
	OR updated_at > '2026-12-04'")" 0 "organisations stamped after the demo's day"
check_eq "$(db_sql "$A" "SELECT count(*) FROM survey WHERE created_at > '2026-12-04'
	OR (status <> 'draft' AND opens_on > '2026-12-04')")" 0 "surveys dated after the demo's day"
check_eq "$(db_sql "$A" 'SELECT count(DISTINCT fiscal_year) FROM survey')" 2 "fiscal years of surveys"
if ! test_on_pg; then	# SQLite's own checks (PostgreSQL enforces its keys as it writes)
	check_eq "$(db_sql "$A" 'PRAGMA integrity_check')" ok "integrity after demo"
	check_eq "$(db_sql "$A" 'PRAGMA foreign_key_check' | wc -l)" 0 "foreign key violations after demo"
fi
check_eq "$(db_sql "$A" "SELECT count(*) FROM answer WHERE (level IS NULL) = (na_reason IS NULL)")" 0 \
	"answers with both or neither of level and N/A reason"
# Corporate numbers (法人番号): 13 digits, valid check digit, unique.
check_cmd "corporate numbers have valid check digits" python3 -c '
import sys
bad = []
for n in sys.stdin.read().split():
    body = n[1:]
    s = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(body)))
    if len(n) != 13 or not n.isdigit() or int(n[0]) != 9 - s % 9:
        bad.append(n)
print("bad:", bad[:5]) if bad else None
sys.exit(1 if bad else 0)' <<<"$(db_sql "$A" 'SELECT corporate_number FROM organisation')"

# Again on the same database: 1, and nothing changed.
before=$(db_digest "$A")
kj_expect 1 demo --operators 200 --seed 5 --years 2 --today 2026-12-04 --db "$A"
check_err_has "already holds 200 organisations"
check_out_empty
check_eq "$(db_digest "$A")" "$before" "database after a refused second demo"
kj_expect 1 demo --operators 3 --seed 9 --db "$A"
check_eq "$(db_digest "$A")" "$before" "database after a refused demo with other options"

# A day that is no date, or too early: usage error, nothing written.
for bad in 2026-02-30 2026-12-4 yesterday 1999-12-31 2100-01-01 2026-12-04x; do
	kj_expect 2 demo --operators 3 --seed 9 --today "$bad" --db "$A"
	check_err_has "--today must be a date written YYYY-MM-DD"
	check_out_empty
done
kj_expect 2 demo --operators 3 --seed 9 --today "" --db "$A"
check_err_has "--today"
check_eq "$(db_digest "$A")" "$before" "database after refused --today values"

# The same seed into another fresh database: the same data.
kj_expect 0 init --db "$B"
kj_expect 0 demo --operators 200 --seed 5 --years 2 --today 2026-12-04 --db "$B"
for q in "$ORGS" "$RESPONSES" "$ANSWERS"; do
	db_sql "$A" "$q" >"$T/a.rows"
	db_sql "$B" "$q" >"$T/b.rows"
	check_same_file "$T/a.rows" "$T/b.rows" "same seed, same rows: ${q:7:40}..."
done
if [ "$(wc -l <"$T/a.rows")" -gt 0 ]; then pass "rows compared"; else fail "no rows to compare"; fi
db_sql "$A" "$ORGS" >"$T/a.orgs"
# Another seed: other data.
kj_expect 0 init --db "$C"
KIJUN_DB="$C" kj_expect 0 demo --operators 200 --seed 6 --years 2 --today 2026-12-04
db_sql "$C" "$ORGS" >"$T/c.orgs"
if cmp -s "$T/a.orgs" "$T/c.orgs"; then fail "seeds 5 and 6 gave the same organisations"
else pass "another seed, other organisations"; fi

# Years default to 1; the smallest run works.
kj_expect 0 init --db "$D"
kj_expect 0 demo --operators 1 --seed 0 --db "$D"
check_out_has "1 organisations"
check_eq "$(db_sql "$D" 'SELECT count(DISTINCT fiscal_year) FROM survey')" 1 "fiscal years with the default --years"
# Without --today the day is the clock's (UTC): nothing later than it.
today=$(date -u +%F)
check_eq "$(db_sql "$D" "SELECT count(*) FROM response WHERE submitted_at >= '$today'")" 0 \
	"submissions on or after today with the clock's day"
check_eq "$(db_sql "$D" "SELECT count(*) FROM organisation WHERE created_at > '${today}T23:59:59Z'")" 0 \
	"organisations stamped after today with the clock's day"

# On a terminal (util-linux script gives one), progress is shown.
if command -v script >/dev/null 2>&1; then
	kj_expect 0 init --db "$TTY"
	script -qec "'$KIJUN' demo --operators 20 --seed 1 --db '$TTY'" /dev/null </dev/null >"$T/tty.out" 2>&1
	if grep -q $'\rdemo: FY' "$T/tty.out"; then pass "progress on a terminal"
	else fail "demo on a terminal: expected progress lines '\\rdemo: FY...', got: $(od -c "$T/tty.out" | head -n 5)"; fi
	if grep -qE 'Sanitizer|runtime error:' "$T/tty.out"; then fail "sanitizer report: $(head -n 30 "$T/tty.out")"; fi
fi

# A database that does not exist: 1, pointing at kijun init, nothing created.
kj_expect 1 demo --operators 5 --seed 1 --db nope.db
check_err_has "nope.db"
check_err_has "kijun init"
check_out_empty
check_no_file nope.db
kj_expect 1 demo --operators 5 --seed 1
check_err_has "kijun init"
check_no_file kijun.db

finish
