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
