#!/bin/bash
# kijun init: creates a database, is idempotent, and fails cleanly (status 1,
# a message, nothing changed) where it cannot or must not write.
KJ_PG=1	# its databases come from new_db (tests/pg/test_db.sh)
. "$(dirname "$0")/lib.sh" "$@"
A=$(new_db a.db) || exit 1

# A fresh database.
kj_expect 0 init --db "$A"
if ! test_on_pg; then
	check_file a.db
	check_out_has "a.db"
fi
check_out_has "90 requirements"
check_out_has "loaded"
schema=$(sed -n 's/.*schema version \([0-9]\+\).*/\1/p' "$OUT")
if [ -n "$schema" ]; then pass "init prints the schema version"
else fail "init: expected 'schema version N' on stdout, got: $(cat "$OUT")"; fi
check_eq "$(db_sql "$A" 'SELECT max(version) FROM schema_migration')" "$schema" \
	"schema version printed = schema_migration in the database"
if ! test_on_pg; then	# SQLite's own checks (PostgreSQL enforces its keys as it writes)
	check_eq "$(db_sql "$A" 'PRAGMA integrity_check')" "ok" "integrity of the new database"
	check_eq "$(db_sql "$A" 'PRAGMA foreign_key_check' | wc -l)" "0" "foreign key violations"
fi
check_eq "$(db_sql "$A" "SELECT count(*) FROM requirement r JOIN standard_version v ON v.id = r.version_id WHERE v.version = '2026'")" \
	"90" "requirements stored for version 2026"
check_eq "$(db_sql "$A" 'SELECT count(*) FROM prefecture')" "47" "prefectures stored"
# The file's mode: SQLite only.
if ! test_on_pg; then
	# Only the owner may read the database (password hashes, the registry), and
	# SQLite gives its WAL the same mode; a permissive umask changes nothing.
	check_eq "$(stat -c %a a.db)" "600" "mode of a new database"
	(umask 000 && kj_expect 0 init --db open-umask.db)
	check_eq "$(stat -c %a open-umask.db)" "600" "mode of a database made under umask 000"
	# While a connection is open the WAL exists: it has the database's mode.
	exec 7> >(sqlite3 open-umask.db >/dev/null 2>&1)
	echo "BEGIN; CREATE TABLE perm_probe (x); INSERT INTO perm_probe VALUES (1);" >&7
	for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e open-umask.db-wal ] && break; sleep 0.1; done
	check_eq "$(stat -c %a open-umask.db-wal 2>/dev/null)" "600" "mode of the database's WAL"
	echo "ROLLBACK;" >&7
	exec 7>&-
fi

# Again on the same database: 0, says so, changes nothing.
before=$(db_digest "$A")
kj_expect 0 init --db "$A"
check_out_has "already present"
check_out_has "90 requirements"
check_eq "$(db_digest "$A")" "$before" "database dump after a second init"

if test_on_pg; then
	# The rest is about SQLite files (paths, folders, junk); on PostgreSQL
	# $KIJUN_DB, and another program's database left as it was.
	E=$(new_db env.db) || exit 1
	KIJUN_DB="$E" kj_expect 0 init
	check_eq "$(db_sql "$E" 'SELECT count(*) FROM prefecture')" "47" "init by \$KIJUN_DB"
	for c in "init" "catalog import $STD" "demo --operators 2 --seed 1"; do
		O=$(new_db other.db) || exit 1
		db_sql "$O" 'CREATE TABLE t (x integer); INSERT INTO t VALUES (42);'
		before=$(db_digest "$O")
		# shellcheck disable=SC2086
		kj_expect 1 $c --db "$O"
		check_err_has "not a kijun database"
		check_eq "$(db_digest "$O")" "$before" "other program's database after kijun $c"
	done
	finish
fi

# $KIJUN_DB, then ./kijun.db, when there is no --db.
KIJUN_DB=env.db kj_expect 0 init
check_file env.db
check_no_file kijun.db
kj_expect 0 init
check_file kijun.db
check_out_has "kijun.db"
# --db wins over $KIJUN_DB.
KIJUN_DB=env2.db kj_expect 0 init --db opt.db
check_file opt.db
check_no_file env2.db

# A folder that does not exist: 1, a message naming the path.
kj_expect 1 init --db /nonexistent/dir/x.db
check_err_has "/nonexistent/dir/x.db"
check_err_has "cannot open"
check_out_empty
check_no_file /nonexistent/dir

# A folder without write permission (only meaningful when not root).
if [ "$(id -u)" != 0 ]; then
	mkdir ro && chmod 555 ro
	kj_expect 1 init --db ro/x.db
	check_err_has "ro/x.db"
	check_no_file ro/x.db
	chmod 755 ro
fi

# A file that is not a database: 1, a message, and its bytes untouched.
for i in $(seq 1 200); do printf 'this is junk, not SQLite %d\n' "$i"; done >junk.db
cp junk.db junk.orig
kj_expect 1 init --db junk.db
check_err_has "junk.db"
check_err_has "not a kijun database"
check_out_empty
check_same_file junk.db junk.orig "junk.db after init"
for s in -journal -wal -shm; do check_no_file "junk.db$s"; done

# The same for a file with a SQLite header but garbage after it.
{ printf 'SQLite format 3\0'; head -c 8192 /dev/zero | tr '\0' 'x'; } >half.db
cp half.db half.orig
kj_expect 1 init --db half.db
check_err_has "half.db"
check_same_file half.db half.orig "half.db after init"

# A SQLite database of another program: init, catalog import and demo refuse
# it and leave it as it was.
for c in "init" "catalog import $STD" "demo --operators 2 --seed 1"; do
	rm -f other.db
	sqlite3 other.db 'CREATE TABLE t(x); INSERT INTO t VALUES (42);'
	cp other.db other.orig
	# shellcheck disable=SC2086
	kj_expect 1 $c --db other.db
	check_err_has "not a kijun database"
	check_same_file other.db other.orig "other program's database after kijun $c"
done

finish
