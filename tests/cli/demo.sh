#!/bin/bash
# kijun demo: fills a fresh database once, reproducibly from its seed, with
# no progress output when not on a terminal; refuses a filled or missing one.
. "$(dirname "$0")/lib.sh" "$@"

# Organisations and answers without their timestamps.
ORGS="SELECT id, corporate_number, name_ja, name_kana, size_class, core_infra, local_gov,
      municipality_code, prefecture_code, ceptoar_member, active FROM organisation ORDER BY id"
ANSWERS="SELECT response_id, requirement_id, level, na_reason, note FROM answer
         ORDER BY response_id, requirement_id"
RESPONSES="SELECT id, survey_id, organisation_id, status FROM response ORDER BY id"

kj_expect 0 init --db a.db
kj_expect 0 demo --operators 200 --seed 5 --years 2 --db a.db
check_out_has "200 organisations"
check_out_has "400 responses"
check_out_has "36000 answers"
check_out_has "seed 5"
# Not a terminal: no progress, and in particular no carriage returns.
if grep -q $'\r' "$ERR"; then fail "demo wrote carriage returns to stderr although it is not a terminal"
else pass "no carriage return on stderr"; fi
check_err_empty

# The database holds what was printed, and is consistent.
check_eq "$(sqlite3 a.db 'SELECT count(*) FROM organisation')" 200 "organisations in the database"
check_eq "$(sqlite3 a.db 'SELECT count(*) FROM response')" 400 "responses in the database"
check_eq "$(sqlite3 a.db 'SELECT count(*) FROM answer')" 36000 "answers in the database"
check_eq "$(sqlite3 a.db 'SELECT count(DISTINCT fiscal_year) FROM survey')" 2 "fiscal years of surveys"
check_eq "$(sqlite3 a.db 'PRAGMA integrity_check')" ok "integrity after demo"
check_eq "$(sqlite3 a.db 'PRAGMA foreign_key_check' | wc -l)" 0 "foreign key violations after demo"
check_eq "$(sqlite3 a.db "SELECT count(*) FROM answer WHERE (level IS NULL) = (na_reason IS NULL)")" 0 \
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
sys.exit(1 if bad else 0)' <<<"$(sqlite3 a.db 'SELECT corporate_number FROM organisation')"

# Again on the same database: 1, and nothing changed.
before=$(db_digest a.db)
kj_expect 1 demo --operators 200 --seed 5 --years 2 --db a.db
check_err_has "already holds 200 organisations"
check_out_empty
check_eq "$(db_digest a.db)" "$before" "database after a refused second demo"
kj_expect 1 demo --operators 3 --seed 9 --db a.db
check_eq "$(db_digest a.db)" "$before" "database after a refused demo with other options"

# The same seed into another fresh database: the same data.
kj_expect 0 init --db b.db
kj_expect 0 demo --operators 200 --seed 5 --years 2 --db b.db
for q in "$ORGS" "$RESPONSES" "$ANSWERS"; do
	sqlite3 a.db "$q" >"$T/a.rows"
	sqlite3 b.db "$q" >"$T/b.rows"
	check_same_file "$T/a.rows" "$T/b.rows" "same seed, same rows: ${q:7:40}..."
done
if [ "$(wc -l <"$T/a.rows")" -gt 0 ]; then pass "rows compared"; else fail "no rows to compare"; fi
sqlite3 a.db "$ORGS" >"$T/a.orgs"
# Another seed: other data.
kj_expect 0 init --db c.db
KIJUN_DB=c.db kj_expect 0 demo --operators 200 --seed 6 --years 2
sqlite3 c.db "$ORGS" >"$T/c.orgs"
if cmp -s "$T/a.orgs" "$T/c.orgs"; then fail "seeds 5 and 6 gave the same organisations"
else pass "another seed, other organisations"; fi

# Years default to 1; the smallest run works.
kj_expect 0 init --db d.db
kj_expect 0 demo --operators 1 --seed 0 --db d.db
check_out_has "1 organisations"
check_eq "$(sqlite3 d.db 'SELECT count(DISTINCT fiscal_year) FROM survey')" 1 "fiscal years with the default --years"

# On a terminal (util-linux script gives one), progress is shown.
if command -v script >/dev/null 2>&1; then
	kj_expect 0 init --db tty.db
	script -qec "'$KIJUN' demo --operators 20 --seed 1 --db tty.db" /dev/null </dev/null >"$T/tty.out" 2>&1
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
