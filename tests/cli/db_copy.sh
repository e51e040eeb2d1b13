#!/bin/bash
# kijun db copy: a whole installation into a new, empty database, verified;
# and several processes writing at once: many writers keep the audit trail
# one chain, two imports of the same operators never both half-apply. On SQLite alone:
# a file into a file, and the refusals of a copy. On PostgreSQL (the _pg twin): the
# 3,000-operator demo from SQLite into PostgreSQL, then both served, and
# the registry, the coverage and the audit trail answer the same through
# the JSON API and the pages; and back into a new SQLite file.
KJ_PG=1
. "$(dirname "$0")/lib.sh" "$@"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve DB: starts kijun serve on DB in the background; sets PORT and PIDS.
PIDS=""
serve() {
	PORT=$(free_port)
	"$KIJUN" serve --db "$1" --listen "127.0.0.1:$PORT" --quiet >"$T/serve-$PORT.log" 2>&1 &
	PIDS="$PIDS $!"
	for _ in $(seq 50); do
		python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/signin')" \
			2>/dev/null && return 0
		sleep 0.2
	done
	fail "kijun serve on $1 did not start"
	cat "$T/serve-$PORT.log"
	return 1
}
stop_servers() {
	for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	PIDS=""
}
trap 'stop_servers; kj_cleanup' EXIT

# The source: the demo on SQLite (3,000 operators on PostgreSQL's run, the
# acceptance of issue 11; 300 otherwise).
ops=300
test_on_pg && ops=3000
rm -f src.db
kj_expect 0 init --db src.db
kj_expect 0 demo --db src.db --operators "$ops" --seed 2026 --years 2

# Refusals, each changing nothing.
kj_expect 2 db copy --from src.db
check_err_has "both --from and --to"
kj_expect 2 db copy --to x.db
kj_expect 1 db copy --from src.db --to src.db
check_err_has "the same database"
kj_expect 1 db copy --from missing.db --to x.db
check_err_has "does not exist"
check_err_has "nothing was copied"
check_no_file x.db
# A source of another schema version, or not kijun's at all.
sqlite3 other.db "CREATE TABLE t (x); INSERT INTO t VALUES (1)"
kj_expect 1 db copy --from other.db --to x.db
check_err_has "not a kijun database"

# A PostgreSQL URI that cannot be reached: a clear message that never shows
# the password (in the URI or as a parameter).
kj_expect 1 org list --db 'postgresql://kijun:s3cret-pw@127.0.0.1:1/kijun'
check_err_has "cannot connect to database postgresql://kijun@127.0.0.1:1/kijun"
check_err_lacks "s3cret-pw"
kj_expect 1 db copy --from src.db --to 'postgresql:///kijun?host=/nonexistent&password=s3cret-pw'
check_err_has "cannot connect"
check_err_lacks "s3cret-pw"

# SQLite into a new SQLite file: every table counted, the trail verified.
# (On SQLite's run alone: PostgreSQL's copies the 3,000 operators below.)
if ! test_on_pg; then
	kj_expect 0 db copy --from src.db --to copy.db
	check_out_has "every table's count matches"
	check_out_has "audit trail OK on the copy"
	check_eq "$(stat -c %a copy.db)" "600" "mode of the copy"
	kj_expect 0 audit verify --db src.db
	head_src=$(grep '^last entry' "$OUT")
	kj_expect 0 audit verify --db copy.db
	check_eq "$(grep '^last entry' "$OUT")" "$head_src" "the copy's audit head is the source's"
fi
kj_expect 0 org export --format csv --db src.db
cp "$OUT" src.csv
if ! test_on_pg; then
	kj_expect 0 org export --format csv --db copy.db
	check_same_file src.csv "$OUT" "the registry exported from the copy"
	# Into a database that is not empty: refused, the database unchanged.
	before=$(db_digest copy.db)
	kj_expect 1 db copy --from src.db --to copy.db
	check_err_has "not empty"
	check_eq "$(db_digest copy.db)" "$before" "a refused copy changes nothing"
fi

# Many writers at once (four processes adding users): one unbroken chain.
w=$(new_db writers.db)
kj_expect 0 init --db "$w"
for k in 1 2 3 4; do
	(for i in 1 2 3 4 5 6; do
		echo "pass-word-$k-$i-long-enough" |
			"$KIJUN" user add "w$k-$i" --role nco --password-stdin --db "$w" >/dev/null 2>>"$T/writers.err"
	done) &
done
wait
check_eq "$(wc -l <"$T/writers.err")" "0" "lines of the concurrent writers' errors"
kj_expect 0 audit verify --db "$w"
check_out_has "audit trail OK"
kj_expect 0 user list --db "$w"
check_eq "$(grep -c '^w[1-4]-' "$OUT")" "24" "users added by four processes at once"

# Two imports of the same operators at once, from two processes: one waits
# for the other (or is refused as busy, saying so), never both half-applied.
# The first 300 operators (all of them on SQLite's run): the same import on
# either engine.
kj_expect 0 org export --format csv --db src.db --output all-ops.csv
head -n 301 all-ops.csv >ops.csv
rows=$(($(wc -l <ops.csv) - 1))
check_eq "$rows" 300 "operators imported at once"
imp=$(new_db imports.db)
kj_expect 0 init --db "$imp"
for k in 1 2; do
	"$KIJUN" org import ops.csv --db "$imp" >"$T/import$k.out" 2>"$T/import$k.err" &
done
wait
added=0
for k in 1 2; do
	if grep -q "rows:" "$T/import$k.out"; then
		a=$(sed -n 's/.*rows: \([0-9]*\) added.*/\1/p' "$T/import$k.out")
		added=$((added + a))
	elif grep -q "busy" "$T/import$k.err"; then
		pass "a concurrent import refused as busy"
	else
		fail "import $k: neither done nor refused as busy: $(cat "$T/import$k.err")"
	fi
done
check_eq "$added" "$rows" "operators added by the two imports together"
kj_expect 0 org list --db "$imp"
check_eq "$(grep -c . "$OUT")" "$rows" "operators listed after two concurrent imports"
kj_expect 0 audit verify --db "$imp"
check_out_has "audit trail OK"

if test_on_pg; then
	# A database that would not sort as SQLite does (or not hold UTF-8) is
	# refused before kijun's schema goes into it.
	latin=$(new_db latin1_db)
	name=${latin%%\?*}
	name=${name##*/}
	psql "$KIJUN_TEST_PG" -Xq -c "DROP DATABASE IF EXISTS $name" \
		-c "CREATE DATABASE $name ENCODING 'LATIN1' LOCALE 'C' TEMPLATE template0" >/dev/null
	kj_expect 1 init --db "$latin"
	check_err_has "kijun needs UTF8 with collation C"
	check_eq "$(db_sql "$latin" "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")" \
		"0" "tables made in a refused database"
	kj_expect 1 db copy --from src.db --to "$latin"
	check_err_has "kijun needs UTF8"

	# SQLite into PostgreSQL: the acceptance of issue 11. (The exports above
	# were audited: the source's head has moved on.)
	kj_expect 0 audit verify --db src.db
	head_src=$(grep '^last entry' "$OUT")
	pg=$(new_db copy_pg)
	kj_expect 0 db copy --from src.db --to "$pg"
	check_out_has "every table's count matches"
	kj_expect 0 audit verify --db "$pg"
	check_eq "$(grep '^last entry' "$OUT")" "$head_src" "the PostgreSQL copy's audit head"
	kj_expect 0 org export --format csv --db "$pg"
	check_same_file src.csv "$OUT" "the registry exported from PostgreSQL"
	kj_expect 0 org export --format csv --db src.db	# both trails keep one export more
	for c in "org list" "standard coverage" "user list" "catalog versions"; do
		# shellcheck disable=SC2086
		kj_expect 0 $c --db src.db
		cp "$OUT" a.txt
		# shellcheck disable=SC2086
		kj_expect 0 $c --db "$pg"
		check_same_file a.txt "$OUT" "kijun $c on SQLite and on its PostgreSQL copy"
	done
	kj_expect 1 db copy --from src.db --to "$pg"
	check_err_has "not empty"
	# Served side by side: the same answers.
	serve src.db && a=$PORT
	serve "$pg" && b=$PORT
	if python3 "$SRC/tests/cli/compare_servers.py" "http://127.0.0.1:$a" "http://127.0.0.1:$b" \
		>"$T/compare.out" 2>&1; then
		pass "the JSON API and the audit pages answer the same on both"
		cat "$T/compare.out"
	else
		fail "the servers on SQLite and on PostgreSQL answer differently:"
		cat "$T/compare.out"
	fi
	stop_servers
	# And back: PostgreSQL into a new SQLite file.
	kj_expect 0 db copy --from "$pg" --to back.db
	kj_expect 0 org export --format csv --db back.db
	check_same_file src.csv "$OUT" "the registry after SQLite → PostgreSQL → SQLite"
	kj_expect 0 audit verify --db back.db
fi
finish
