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
		-c "CREATE DATABASE $name STRATEGY FILE_COPY" >/dev/null || {
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
# copy of FROM (closed): cp, or CREATE DATABASE ... TEMPLATE. On PostgreSQL
# every database here is made with STRATEGY FILE_COPY: its files copied as
# they are rather than written block by block into the WAL (the default of
# PostgreSQL 15), for a copy a third of the server's time.
copy_db() {
	if ! db_is_pg "$1"; then
		new_db "$2" >/dev/null && cp "$1" "$2" && printf '%s\n' "$2"
		return
	fi
	local from=${1%%\?*}
	pg_clone "${from##*/}" "$2"
}

# pg_clone TEMPLATE NAME: prints the URI of database kjt_<pid>_<NAME> (as
# new_db names it), dropped and made anew in one step as a copy of the
# database TEMPLATE of the test cluster.
pg_clone() {
	local to base=$KIJUN_TEST_PG pre query
	to=kjt_$$_$(basename "$2" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_\n' '_')
	to=${to:0:63}
	pre=${base%%\?*}
	query=${base#"$pre"}
	pre=${pre%/*}
	PGOPTIONS='-c client_min_messages=warning' psql "$base" -Xq -v ON_ERROR_STOP=1 \
		-c "DROP DATABASE IF EXISTS $to WITH (FORCE)" \
		-c "CREATE DATABASE $to TEMPLATE $1 STRATEGY FILE_COPY" >/dev/null || {
		echo "pg_clone: cannot create database $to from $1 on $base" >&2
		return 1
	}
	printf '%s\n' "$pre/$to$query"
}

# --- Added for the command-line and server tests' speed (tests/cli, tests/web) ---
#
#   pg_bindir_first  puts PostgreSQL's own client binaries (psql, pg_dump)
#                    first on PATH when the tests run on PostgreSQL: Debian's
#                    /usr/bin/psql is pg_wrapper, a Perl script costing about
#                    60 ms of CPU per call before psql even starts
#   db_digest_fast DB  a digest of DB's schema and rows: sqlite3 .dump, or on
#                    PostgreSQL one psql session (each table's rows sorted,
#                    counted and hashed, with its columns, indexes,
#                    constraints, views and triggers), not a whole pg_dump; a
#                    sequence's position is not part of it (as in db_dump)
#   made_db NAME KIJUN [DEMO-ARGS...]
#                    prints a new database for NAME (as new_db) holding a copy
#                    of what `kijun init` makes, then `kijun demo DEMO-ARGS`
#                    when given. Each such state is made once by the real
#                    commands (status 0 required, so a sanitizer report fails
#                    it) and kept as a template: a database kjt_tpl_KEY of the
#                    test cluster, or a file in $KJ_TEMPLATE_DIR (default: the
#                    folder tests/templates beside KIJUN, the build folder),
#                    KEY naming the kijun binary (size, time, inode), the
#                    engine and the steps. A lock file there lets parallel
#                    tests wait for the one making it. Only for tests whose
#                    checks do not depend on how the database was built.

pg_bindir_first() {
	test_on_pg || return 0
	local d=/usr/lib/postgresql/15/bin
	if [ ! -x "$d/psql" ] && command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir)
	fi
	if [ -x "$d/psql" ] && [ -x "$d/pg_dump" ]; then
		case ":$PATH:" in *":$d:"*) ;; *) PATH="$d:$PATH" ;; esac
	fi
	return 0
}

db_digest_fast() {
	if ! db_is_pg "$1"; then
		sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1
		return
	fi
	# The collation of the test cluster is C (tests/pg/cluster.sh): the
	# sort of each table's rows as text is the same from one call to the next.
	psql "$1" -XqAt -v ON_ERROR_STOP=1 <<'SQL' | sha256sum | cut -d' ' -f1
SELECT 'column', table_name, column_name, data_type, coalesce(column_default, ''), is_nullable
  FROM information_schema.columns WHERE table_schema = 'public'
  ORDER BY table_name, ordinal_position;
SELECT 'index', tablename, indexname, indexdef FROM pg_indexes
  WHERE schemaname = 'public' ORDER BY tablename, indexname;
SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 2, 3;
SELECT 'view', viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 2;
SELECT 'trigger', tgrelid::regclass::text, tgname, pg_get_triggerdef(oid)
  FROM pg_trigger WHERE NOT tgisinternal ORDER BY 2, 3;
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) FROM public.%I t',
              c.relname, c.relname)
  FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
  ORDER BY c.relname \gexec
SQL
}

made_db() {
	local name=$1 kijun=$2 bin key dir fd tpl to rc=0
	shift 2
	dir=${KJ_TEMPLATE_DIR:-$(dirname "$kijun")/tests/templates}
	bin=$(stat -c '%s %Y %i' "$kijun" | sha256sum | cut -c1-8)
	key=$bin-$(printf '%s\n' "${KIJUN_TEST_PG:-sqlite}" init "$@" | sha256sum | cut -c1-12)
	if ! { mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ]; }; then
		# Nowhere to keep it: made in place.
		to=$(new_db "$name") && made_db_steps "$to" "$kijun" "$@" || return 1
		printf '%s\n' "$to"
		return 0
	fi
	exec {fd}>"$dir/$key.lock" || return 1
	flock "$fd"
	local base=${KIJUN_TEST_PG:-} pre query
	pre=${base%%\?*}
	query=${base#"$pre"}
	pre=${pre%/*}
	if test_on_pg; then
		tpl=kjt_tpl_${key//-/_}
		if [ "$(psql "$base" -XqAt -c "SELECT count(*) FROM pg_database WHERE datname = '$tpl'")" != 1 ]; then
			PGOPTIONS='-c client_min_messages=warning' psql "$base" -Xq -v ON_ERROR_STOP=1 \
				-c "DROP DATABASE IF EXISTS ${tpl}_new WITH (FORCE)" \
				-c "CREATE DATABASE ${tpl}_new STRATEGY FILE_COPY" >/dev/null &&
				made_db_steps "$pre/${tpl}_new$query" "$kijun" "$@" &&
				psql "$base" -Xq -v ON_ERROR_STOP=1 \
					-c "ALTER DATABASE ${tpl}_new RENAME TO $tpl" >/dev/null || rc=1
		fi
	else
		tpl=$dir/$key.db
		if [ ! -f "$tpl" ]; then
			# The templates of another kijun binary are of no more use.
			find "$dir" -maxdepth 1 -type f ! -name "$bin-*" -mmin +1 -delete 2>/dev/null
			rm -f "$tpl.new"
			{ made_db_steps "$tpl.new" "$kijun" "$@" && mv "$tpl.new" "$tpl"; } || rc=1
		fi
	fi
	exec {fd}>&-
	[ "$rc" = 0 ] || return 1
	if test_on_pg; then
		pg_clone "$tpl" "$name"
	else
		to=$(new_db "$name") && cp "$tpl" "$to" || return 1
		printf '%s\n' "$to"
	fi
}

# made_db_steps DB KIJUN [DEMO-ARGS...]: kijun init, then demo, on DB; their
# output on stderr when one fails.
made_db_steps() {
	local db=$1 kijun=$2 log
	shift 2
	log=$(mktemp) || return 1
	if ! "$kijun" init --db "$db" </dev/null >"$log" 2>&1 ||
	   { [ $# -gt 0 ] && ! "$kijun" demo "$@" --db "$db" </dev/null >"$log" 2>&1; }; then
		echo "made_db: kijun init/demo $* failed on $db:" >&2
		head -n 40 "$log" >&2
		rm -f "$log"
		return 1
	fi
	rm -f "$log"
}
