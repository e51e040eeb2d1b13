# tests/pg/test_db.sh: scratch databases of the shell tests on the engine
# under test, sourced by tests/cli/lib.sh and tests/web/server.sh. SQLite,
# or PostgreSQL when KIJUN_TEST_PG holds the base conninfo of the test
# cluster (tests/pg/cluster.sh; ctest sets it for the _pg twins).
#
#   new_db NAME      prints a fresh, empty database for NAME: NAME itself (a
#                    SQLite path, a leftover file removed), or the URI of
#                    database kjt_<pid>_<NAME as [a-z0-9_]>, dropped and
#                    created anew with psql
#   db_sql DB SQL    runs SQL on DB (sqlite3 for a path, psql for a URI);
#                    rows on stdout, columns separated by '|', no header
#   db_rows DB SQL   the same, columns and rows split by 0x1f and 0x1e
#   db_dump DB       the whole database as SQL (sqlite3 .dump or pg_dump)
#   copy_db FROM NAME  a new database for NAME holding a copy of FROM
#   db_is_pg DB      true if DB is a PostgreSQL URI
#   test_on_pg       true if the tests run on PostgreSQL

test_on_pg() { [ -n "${KIJUN_TEST_PG:-}" ]; }

db_is_pg() {
	case $1 in postgresql://* | postgres://*) return 0 ;; esac
	return 1
}

new_db() {
	if ! test_on_pg; then
		rm -f "$1" "$1-wal" "$1-shm" "$1-journal"
		printf '%s\n' "$1"
		return 0
	fi
	local name base pre query
	name=kjt_$$_$(basename "$1" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_\n' '_')
	name=${name:0:63}
	base=$KIJUN_TEST_PG
	pre=${base%%\?*}
	query=${base#"$pre"}
	pre=${pre%/*}
	psql "$base" -Xq -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" \
		-c "CREATE DATABASE $name" >/dev/null || {
		echo "new_db: cannot create database $name on $base" >&2
		return 1
	}
	printf '%s\n' "$pre/$name$query"
}

db_sql() {
	if db_is_pg "$1"; then
		psql "$1" -XqAt -v ON_ERROR_STOP=1 -c "$2"
	else
		sqlite3 "$1" "$2"
	fi
}

# db_rows DB SQL: like db_sql, with the ASCII unit separator (0x1f) between
# columns and the record separator (0x1e) after each row (the last too), for values that
# hold '|' or newlines; NULL as empty.
db_rows() {
	if db_is_pg "$1"; then
		# sqlite3 ends each row with the separator, psql separates rows and
		# ends with a newline: the same output from both.
		psql "$1" -XqAt -v ON_ERROR_STOP=1 -F $'\x1f' -R $'\x1e' -c "$2" | sed -z 's/\n$/\x1e/'
	else
		sqlite3 -separator $'\x1f' -newline $'\x1e' "$1" "$2"
	fi
}

# db_dump DB: the whole database as SQL (sqlite3 .dump, or pg_dump without
# its comments, owners and grants), to compare a database before and after.
db_dump() {
	if db_is_pg "$1"; then
		# A sequence's position is not data: an INSERT rolled back has
		# still taken its number (PostgreSQL never gives it back). pg_dump's
		# \restrict lines carry a new random key on every dump.
		pg_dump --no-owner --no-privileges "$1" | grep -v '^--' |
			grep -v -e 'pg_catalog.setval(' -e '^\\restrict ' -e '^\\unrestrict '
	else
		sqlite3 "$1" .dump
	fi
}

# copy_db FROM NAME: prints a new database for NAME (as new_db) holding a
# copy of FROM (closed): cp, or CREATE DATABASE ... TEMPLATE.
copy_db() {
	local to
	if ! db_is_pg "$1"; then
		new_db "$2" >/dev/null && cp "$1" "$2" && printf '%s\n' "$2"
		return
	fi
	to=$(new_db "$2") || return 1
	local from_name=${1%%\?*} to_name=${to%%\?*}
	from_name=${from_name##*/}
	to_name=${to_name##*/}
	psql "$KIJUN_TEST_PG" -Xq -v ON_ERROR_STOP=1 -c "DROP DATABASE $to_name" \
		-c "CREATE DATABASE $to_name TEMPLATE $from_name" >/dev/null || return 1
	printf '%s\n' "$to"
}
