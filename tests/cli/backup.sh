#!/bin/bash
# kijun backup and kijun restore (issue 16; Part 3, 3.4.3.3), on both
# engines: a backup of a demo database with its digest, mode 0600, checked;
# a restore into a new database that verifies; a restore over a database
# refused without --force, changing nothing; damaged backups (truncated, a
# flipped byte, a digest that does not match, not a database) refused with a
# clear message, changing nothing; a backup taken while writers go on, then
# restored, holds every write acknowledged before the backup began.
KJ_PG=1
. "$(dirname "$0")/lib.sh" "$@"

PIDS=""
stop_bg() {
	for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	PIDS=""
}
trap 'stop_bg; kj_cleanup' EXIT

# No temporary file of a backup or a restore is left behind.
check_no_temp() {
	check_eq "$(find . -maxdepth 1 -name '.*tmp-*' | wc -l)" "0" "temporary files left ($1)"
}
# db_state DB: what a refused restore must leave as it was.
db_state() {
	if db_is_pg "$1"; then db_digest "$1"; else sha256sum <"$1"; fi
}

src=$(new_db src.db)
kj_expect 0 init --db "$src"
kj_expect 0 demo --db "$src" --operators 60 --seed 16 --years 1

# Usage.
kj_expect 2 backup --db "$src"
check_err_has "-o FILE"
kj_expect 2 restore --db x.db
check_err_has "give the backup file"
kj_expect 2 restore a.bak b.bak --db x.db
kj_expect 1 backup --db missing.db -o m.bak
check_err_has "does not exist"
check_no_file m.bak
check_no_file m.bak.sha256

# The backup: its digest beside it in sha256sum's format, both mode 0600.
kj_expect 0 backup --db "$src" -o b.bak
check_out_has "audit trail OK on the copy"
check_file b.bak
check_file b.bak.sha256
check_eq "$(stat -c %a b.bak)" "600" "mode of the backup"
check_eq "$(stat -c %a b.bak.sha256)" "600" "mode of its digest"
check_cmd "sha256sum -c of the digest file" sha256sum -c b.bak.sha256
check_eq "$(grep -o '^sha256 [0-9a-f]*' "$OUT" | cut -c8-)" "$(sha256sum <b.bak | cut -c1-64)" \
	"the digest printed"
last=$(sed -n 's/^last entry \([0-9]*\), hash \([0-9a-f]*\)$/\1:\2/p' "$OUT")
check_no_temp "backup"
# The copy holds the entry that recorded it, and verifies at its printed anchor.
kj_expect 0 audit list --db "$src" --action db.backup
check_out_has "db.backup"
if db_is_pg "$src"; then
	check_cmd "pg_restore --list of the dump" pg_restore --list b.bak
else
	check_eq "$(sqlite3 b.bak 'PRAGMA integrity_check')" "ok" "integrity of the SQLite copy"
	check_eq "$(sqlite3 b.bak 'PRAGMA journal_mode')" "delete" "the copy is one file, not WAL"
	kj_expect 0 audit verify --db b.bak --expect "$last"
fi
# Never over an existing file.
before=$(sha256sum <b.bak)
kj_expect 1 backup --db "$src" -o b.bak
check_err_has "already exists"
check_err_has "no backup was written"
check_eq "$(sha256sum <b.bak)" "$before" "an existing file is never overwritten"
: >only.sha256.bak.sha256
kj_expect 1 backup --db "$src" -o only.sha256.bak
check_err_has "already exists"
check_no_file only.sha256.bak

# A database whose trail does not verify: the copy fails its check, no file is left.
tam=$(copy_db "$src" tampered.db)
db_sql "$tam" "UPDATE audit_entry SET actor = 'cli:mallory' WHERE id = 3" >/dev/null
KJ_TIMEOUT=120 kj_expect 1 backup --db "$tam" -o tampered.bak
check_err_has "the copy fails its check: its audit trail does not verify, at entry 3"
check_no_file tampered.bak
check_no_file tampered.bak.sha256
check_no_temp "refused backup"

# Restore into a new database: it verifies and holds what the source held.
dst=$(new_db restored.db)
kj_expect 0 restore b.bak --db "$dst"
check_out_has "matches b.bak.sha256"
check_no_temp "restore"
kj_expect 0 audit verify --db "$dst" --expect "$last"
check_out_has "audit trail OK"
kj_expect 0 audit list --db "$dst" --action db.restore
check_out_has "db.restore"
kj_expect 0 org list --db "$src"
cp "$OUT" src.list
kj_expect 0 org list --db "$dst"
check_same_file src.list "$OUT" "the registry of the restored database"
# Written to after the restore (the numbering of new rows goes on).
echo "pass-word-2-restored-ok" | "$KIJUN" user add newuser --role nco --password-stdin \
	--db "$dst" >/dev/null 2>"$T/after.err"
check_eq "$?" "0" "a user added to the restored database ($(head -c 200 "$T/after.err"))"
kj_expect 0 audit verify --db "$dst"

# Over a database that holds data: refused without --force, nothing changed.
before=$(db_state "$dst")
kj_expect 1 restore b.bak --db "$dst"
check_err_has "only with --force"
check_err_has "nothing was changed"
check_eq "$(db_state "$dst")" "$before" "a restore refused without --force changes nothing"

# Damaged backups: refused with a clear message, nothing changed (with --force too).
size=$(stat -c %s b.bak)
head -c $((size / 2)) b.bak >truncated.bak
cp b.bak flipped.bak
sed 's/b\.bak$/flipped.bak/' b.bak.sha256 >flipped.bak.sha256
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[len(b) // 2] ^= 1
open(sys.argv[1], "wb").write(b)' flipped.bak
check_eq "$(cmp b.bak flipped.bak | wc -l)" "1" "one byte flipped"
cp b.bak mismatch.bak
printf '%064d  mismatch.bak\n' 0 >mismatch.bak.sha256
printf 'this is not a database\n' >junk.bak
echo "not a digest" >baddigest.bak.sha256
cp b.bak baddigest.bak
for bad in truncated flipped mismatch junk baddigest; do
	kj_expect 1 restore "$bad.bak" --db "$dst" --force
	check_err_has "nothing was changed"
	check_eq "$(db_state "$dst")" "$before" "a restore of $bad.bak changes nothing"
done
kj_expect 1 restore flipped.bak --db "$dst" --force
check_err_has "does not match its digest"
kj_expect 1 restore mismatch.bak --db "$dst" --force
check_err_has "does not match its digest"
kj_expect 1 restore baddigest.bak --db "$dst" --force
check_err_has "not a SHA-256 digest"
kj_expect 1 restore junk.bak --db "$dst" --force
if db_is_pg "$dst"; then
	check_err_has "not a whole PostgreSQL dump"
else
	check_err_has "junk.bak is not a kijun database"
fi
kj_expect 1 restore truncated.bak --db "$dst" --force
check_err_has "truncated.bak is not a"
kj_expect 1 restore missing.bak --db "$dst" --force
check_err_has "No such file"
check_no_temp "refused restores"
# Into a new database: a refused restore leaves none behind.
fresh=$(new_db fresh.db)
kj_expect 1 restore truncated.bak --db "$fresh"
if db_is_pg "$fresh"; then
	check_eq "$(db_sql "$fresh" "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")" \
		"0" "tables made by a refused restore"
else
	check_no_file "$fresh"
fi

# With --force: the database is the backup's again.
kj_expect 0 restore b.bak --db "$dst" --force
kj_expect 0 audit verify --db "$dst" --expect "$last"
kj_expect 0 user list --db "$dst"
check_out_lacks "newuser"

if db_is_pg "$src"; then
	# PostgreSQL's client programs missing: said clearly.
	env PATH=/nonexistent "$KIJUN" backup --db "$src" -o nopg.bak >"$T/nopg.out" 2>"$T/nopg.err"
	check_eq "$?" "1" "backup without pg_dump: exit status"
	if grep -q "pg_dump is not installed" "$T/nopg.err"; then
		pass "pg_dump missing: said"
	else
		fail "pg_dump missing: $(cat "$T/nopg.err")"
	fi
	check_no_file nopg.bak
	# A URI with a password: pg_dump gets it in its environment; no message shows it.
	kj_expect 0 backup --db "$src&password=s3cret-pw" -o pw.bak
	check_out_lacks "s3cret-pw"
	check_err_lacks "s3cret-pw"
	kj_expect 0 audit list --db "$src" --action db.backup --limit 1
	check_out_lacks "s3cret-pw"
else
	# A database in use by kijun serve is never replaced.
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$KIJUN" serve --db "$dst" --listen "127.0.0.1:$port" --quiet >"$T/serve.log" 2>&1 &
	PIDS="$PIDS $!"
	for _ in $(seq 50); do
		python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/signin')" \
			2>/dev/null && break
		sleep 0.2
	done
	before=$(sha256sum <"$dst")
	kj_expect 1 restore b.bak --db "$dst" --force
	check_err_has "in use by another process"
	check_eq "$(sha256sum <"$dst")" "$before" "a database in use is not replaced"
	stop_bg
fi

# A keyed trail: backed up and restored only with its key.
kj_expect 0 audit keygen key
kdb=$(new_db keyed.db)
kj_expect 0 init --db "$kdb" --audit-key key
kj_expect 1 backup --db "$kdb" -o keyed.bak
check_err_has "the audit trail is keyed"
check_no_file keyed.bak
kj_expect 0 backup --db "$kdb" -o keyed.bak --audit-key key
check_out_has "keyed from entry 1"
kr=$(new_db keyed_restored.db)
kj_expect 1 restore keyed.bak --db "$kr"
check_err_has "--audit-key"
kj_expect 0 restore keyed.bak --db "$kr" --audit-key key
kj_expect 0 audit verify --db "$kr" --audit-key key
check_out_has "keyed from entry 1"

# A backup while writers go on: every write acknowledged before it began is in it.
w=$(new_db load.db)
kj_expect 0 init --db "$w"
: >acked
(for i in $(seq 1 400); do
	[ -e stop ] && break
	if echo "pass-word-$i-long-enough" |
		"$KIJUN" user add "load$i" --role nco --password-stdin --db "$w" >/dev/null 2>>"$T/load.err"; then
		echo "load$i" >>acked
	fi
done) &
PIDS="$PIDS $!"
for _ in $(seq 300); do
	[ "$(wc -l <acked)" -ge 5 ] && break
	sleep 0.1
done
cp acked acked.before
kj_expect 0 backup --db "$w" -o load.bak
n_before=$(wc -l <acked.before)
for _ in $(seq 300); do
	[ "$(wc -l <acked)" -ge $((n_before + 3)) ] && break
	sleep 0.1
done
touch stop
stop_bg
check_eq "$(wc -l <"$T/load.err")" "0" "lines of the writers' errors"
if [ "$n_before" -ge 5 ] && [ "$(wc -l <acked)" -gt "$n_before" ]; then
	pass "writes went on before and after the backup"
else
	fail "the writers did not run around the backup ($n_before, then $(wc -l <acked))"
fi
r=$(new_db load_restored.db)
kj_expect 0 restore load.bak --db "$r"
kj_expect 0 audit verify --db "$r"
kj_expect 0 user list --db "$r"
awk '{print $1}' "$OUT" | sort >restored.users
missing=$(sort acked.before | comm -23 - restored.users | wc -l)
check_eq "$missing" "0" "acknowledged writes missing from the restored backup"
kj_expect 0 audit verify --db "$w"
check_out_has "audit trail OK"

finish
