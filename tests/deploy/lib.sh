# tests/deploy/lib.sh: what the deployment tests share. Sourced by
# deploy_two_processes.sh and deploy_db_restart.sh with their two arguments:
#
#   . "$(dirname "$0")/lib.sh" "$@"    # $1 = the kijun binary, $2 = the source dir
#
# It skips the test (exit 77) when nginx or the PostgreSQL 15 server
# binaries are not installed (scripts/install-deps --test installs both), and
# gives the test:
#
#   T                a scratch folder under the working folder (ctest gives
#                    each test its own), removed on exit unless KEEP_TMP=1
#   pg_start         a throwaway PostgreSQL 15 cluster (initdb --auth=trust,
#                    UTF-8, C locale) listening only on a Unix socket in a
#                    short /tmp/kjdep-XXXX folder; run as the postgres user
#                    when root. Sets PGDIR and DB (the libpq URI of database
#                    kijun, made with createdb -T template0 --locale=C and
#                    owned by the role kijun, no superuser, that kijun uses)
#   pg_createdb NAME / pg_uri NAME   another such database / its --db URI
#   pg_stop / pg_restart   pg_ctl stop -m fast / start again, same cluster
#   kijun_start NAME       `kijun serve --db $DB` on a free loopback port:
#                    sets KPORT and KPID; its stderr (access log) is $T/NAME.log
#   nginx_start P1 [P2]    nginx on a free loopback port in front of kijun on
#                    P1 (and P2), with the upstream block and the proxy settings
#                    of docs/nginx-kijun.conf (plain HTTP instead of TLS); its
#                    own config, prefix, pid file and logs in $T/nginx. Sets
#                    NPORT, NPID
#   signin BASE JAR LOGIN  signs in with curl (GET the form for its CSRF
#                    token, POST); the status in SIGNIN_STATUS
#   get JAR URL FILE       GET with the cookie jar; prints the status and the
#                    redirect target, if any ("303 /signin?next=…")
#   check WHAT GOT WANT... / pass / fail / finish
#   BGPIDS+=(PID)          a background job of the test, killed on exit
#
# Everything the test started (kijun, nginx, the cluster) is stopped by a
# trap on any exit, and the cluster's folder removed.

if [ $# -lt 2 ]; then
	echo "usage: $0 KIJUN_BINARY SOURCE_DIR" >&2
	exit 2
fi
KIJUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
TEST_NAME=$(basename "$0" .sh)
set -u
export LC_ALL=C.UTF-8
unset KIJUN_DB
# A sanitizer report must not pass for an expected exit status.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1:exitcode=87"

PGBIN=/usr/lib/postgresql/15/bin
NGINX=$(command -v nginx 2>/dev/null || true)
[ -n "$NGINX" ] || { [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx; }
if [ -z "$NGINX" ]; then
	echo "SKIP: nginx is not installed (scripts/install-deps --test)"
	exit 77
fi
if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ] || [ ! -x "$PGBIN/postgres" ]; then
	echo "SKIP: the PostgreSQL 15 server is not installed in $PGBIN (scripts/install-deps --test)"
	exit 77
fi
for tool in curl python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "FAIL: $tool is not installed (scripts/install-deps --test)"
		exit 1
	fi
done
if [ ! -x "$KIJUN" ]; then
	echo "FAIL: no kijun binary at $KIJUN"
	exit 1
fi
DEMO_PW=$(sed -n 's/^#define KJ_DEMO_PASSWORD "\(.*\)"$/\1/p' "$SRC/src/app/demo.h")
[ -n "$DEMO_PW" ] || { echo "FAIL: no KJ_DEMO_PASSWORD in src/app/demo.h"; exit 1; }

T=$(mktemp -d "$PWD/run.XXXXXX") || exit 1
PGDIR=""
KPIDS=()	# kijun processes this test started
BGPIDS=()	# the test's own background loops
NPID=""
cleanup() {
	local p
	for p in "${BGPIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${KPIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	[ -n "$NPID" ] && kill -QUIT "$NPID" 2>/dev/null
	for p in "${BGPIDS[@]}" "${KPIDS[@]}" $NPID; do
		wait "$p" 2>/dev/null
	done
	if [ -n "$PGDIR" ] && [ -d "$PGDIR" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1
		rm -rf "$PGDIR"
	fi
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		echo "(scratch folder kept: $T)"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

NCHECK=0
NFAIL=0
pass() {
	NCHECK=$((NCHECK + 1))
	echo "ok: $*"
}
fail() {
	NFAIL=$((NFAIL + 1))
	echo "FAIL: $*"
}
# check WHAT GOT WANT...: GOT must be one of WANT.
check() {
	local what=$1 got=$2 w
	shift 2
	for w in "$@"; do
		if [ "$got" = "$w" ]; then
			pass "$what ($got)"
			return 0
		fi
	done
	fail "$what: got '$got', want one of: $*"
	return 1
}
# die WHAT: a step the rest of the test needs failed.
die() {
	fail "$*"
	finish
}
finish() {
	if [ "$NFAIL" -gt 0 ]; then
		echo "$TEST_NAME: $NFAIL check(s) FAILED, $NCHECK passed"
		[ -n "$PGDIR" ] && [ -s "$PGDIR/log" ] && { echo "--- PostgreSQL log (end)"; tail -n 15 "$PGDIR/log"; }
		exit 1
	fi
	echo "$TEST_NAME: all $NCHECK checks passed"
	exit 0
}

# as_pg CMD...: CMD as the postgres user when root (initdb refuses root).
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# free_port: a loopback TCP port nothing listens on now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- PostgreSQL -------------------------------------------------------------------

pg_start() {
	PGDIR=$(mktemp -d /tmp/kjdep-XXXX) || die "mktemp for the cluster"
	[ "$(id -u)" = 0 ] && chown postgres: "$PGDIR"
	as_pg "$PGBIN/initdb" -D "$PGDIR/data" --auth=trust -E UTF8 --locale=C \
		>"$T/initdb.out" 2>&1 || { cat "$T/initdb.out"; die "initdb"; }
	pg_up || die "PostgreSQL did not start: $(tail -n 5 "$PGDIR/log")"
	# As docs/operations.md says: a role of its own, no superuser, owner of
	# the database it uses.
	as_pg "$PGBIN/createuser" -h "$PGDIR" kijun 2>"$T/createdb.err" &&
	pg_createdb kijun || die "createuser/createdb: $(cat "$T/createdb.err")"
	DB=$(pg_uri kijun)
	echo "PostgreSQL 15 cluster in $PGDIR; --db $DB"
}
# pg_createdb NAME: an empty database for kijun, owned by the role kijun.
pg_createdb() {
	as_pg "$PGBIN/createdb" -h "$PGDIR" -O kijun -E UTF8 --locale=C -T template0 "$1" \
		2>>"$T/createdb.err"
}
# pg_uri NAME: kijun's --db for database NAME of the cluster.
pg_uri() {
	echo "postgresql:///$1?host=$PGDIR&user=kijun"
}
# pg_up: start the cluster (again), waiting until it takes connections.
pg_up() {
	as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 30 \
		-o "-c listen_addresses='' -c unix_socket_directories=$PGDIR -c fsync=off" \
		start >/dev/null
}
pg_stop() {
	as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null
}

# kijun_db_setup [OPERATORS]: kijun init and kijun demo on $DB.
kijun_db_setup() {
	"$KIJUN" init --db "$DB" >"$T/init.out" 2>&1 || die "kijun init --db: $(cat "$T/init.out")"
	"$KIJUN" demo --db "$DB" --operators "${1:-300}" --seed 11 >"$T/demo.out" 2>&1 ||
		die "kijun demo --db: $(cat "$T/demo.out")"
	pass "kijun init and kijun demo on PostgreSQL: $(cat "$T/demo.out")"
}

# --- kijun --------------------------------------------------------------------------

# kijun_start NAME: serves $DB on a free loopback port (KPORT, KPID).
# --trust-proxy 127.0.0.1 only where this kijun knows the option.
kijun_start() {
	local name=$1 extra=()
	if "$KIJUN" serve --help 2>&1 | grep -q -- '--trust-proxy'; then
		extra=(--trust-proxy 127.0.0.1)
	fi
	for _ in 1 2 3 4 5; do
		KPORT=$(free_port)
		"$KIJUN" serve --db "$DB" --listen "127.0.0.1:$KPORT" "${extra[@]}" \
			2>"$T/$name.log" &
		KPID=$!
		KPIDS+=("$KPID")
		for _ in $(seq 1 100); do
			kill -0 "$KPID" 2>/dev/null || break
			if curl -s -o /dev/null -m 2 "http://127.0.0.1:$KPORT/signin"; then
				echo "kijun $name on 127.0.0.1:$KPORT (pid $KPID)"
				return 0
			fi
			sleep 0.1
		done
		kill -0 "$KPID" 2>/dev/null && die "kijun $name did not answer within 10 s"
		wait "$KPID" 2>/dev/null
		grep -q "cannot listen" "$T/$name.log" ||
			die "kijun $name exited at start: $(head -c 500 "$T/$name.log")"
	done
	die "no free port for kijun $name"
}

# --- nginx ----------------------------------------------------------------------------

# nginx_conf P1 [P2]: the test's nginx.conf on stdout. The upstream block and
# the proxy settings come from docs/nginx-kijun.conf as they are (only the
# ports change; without P2 the second server line is left out); TLS is left
# out, the test serves plain HTTP on loopback.
nginx_conf() {
	local doc=$SRC/docs/nginx-kijun.conf n=$T/nginx
	cat <<EOF
daemon off;
worker_processes 1;
pid $n/nginx.pid;
error_log $n/error.log notice;
$([ "$(id -u)" = 0 ] && echo "user root;")
events { worker_connections 256; }
http {
	log_format up '\$request_method \$uri \$status upstream=[\$upstream_addr] upstream_status=[\$upstream_status]';
	access_log $n/access.log up;
	client_body_temp_path $n/body;
	proxy_temp_path $n/proxy;
	fastcgi_temp_path $n/fastcgi;
	uwsgi_temp_path $n/uwsgi;
	scgi_temp_path $n/scgi;
EOF
	sed -n '/^upstream kijun {/,/^}/p' "$doc" |
		sed "s/127\.0\.0\.1:8081/127.0.0.1:$1/" |
		if [ -n "${2:-}" ]; then sed "s/127\.0\.0\.1:8082/127.0.0.1:$2/"; else grep -v '127\.0\.0\.1:8082'; fi
	cat <<EOF
	server {
		listen 127.0.0.1:$NPORT;
		server_name localhost;
EOF
	sed -n '/# proxy settings: begin/,/# proxy settings: end/p' "$doc"
	echo "	}"
	echo "}"
}

nginx_start() {
	mkdir -p "$T/nginx"
	for _ in 1 2 3 4 5; do
		NPORT=$(free_port)
		nginx_conf "$1" "${2:-}" >"$T/nginx/nginx.conf"
		grep -q 'proxy_next_upstream error timeout http_502 http_503' "$T/nginx/nginx.conf" ||
			die "no proxy settings taken from docs/nginx-kijun.conf"
		"$NGINX" -t -q -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" \
			2>"$T/nginx/t.err" || die "nginx -t: $(cat "$T/nginx/t.err")"
		"$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" \
			2>"$T/nginx/stderr" &
		NPID=$!
		for _ in $(seq 1 50); do
			kill -0 "$NPID" 2>/dev/null || break
			if curl -s -o /dev/null -m 2 "http://127.0.0.1:$NPORT/signin"; then
				echo "nginx on 127.0.0.1:$NPORT (pid $NPID) in front of :$1${2:+ and :$2}"
				return 0
			fi
			sleep 0.1
		done
		kill -0 "$NPID" 2>/dev/null && die "nginx did not answer within 5 s"
		wait "$NPID" 2>/dev/null
		NPID=""
		grep -q "Address already in use" "$T/nginx/error.log" "$T/nginx/stderr" ||
			die "nginx exited at start: $(tail -n 5 "$T/nginx/error.log" "$T/nginx/stderr")"
	done
	die "no free port for nginx"
}

# --- HTTP -------------------------------------------------------------------------

# signin BASE JAR LOGIN: the sign-in form's CSRF token, then the POST.
signin() {
	local base=$1 jar=$2 login=$3 csrf
	csrf=$(curl -s -m 10 -c "$jar" -b "$jar" "$base/signin" |
	       sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	if [ -z "$csrf" ]; then
		SIGNIN_STATUS=none
		return 1
	fi
	# shellcheck disable=SC2034  # read by the tests
	SIGNIN_STATUS=$(curl -s -m 20 -b "$jar" -c "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
		--data-urlencode "csrf=$csrf" --data-urlencode "login=$login" \
		--data-urlencode "password=$DEMO_PW" "$base/signin")
}

# get JAR URL FILE: the status, and where a redirect leads.
get() {
	curl -s -m 20 -b "$1" -c "$1" -o "$3" -w '%{http_code} %{redirect_url}' "$2" | sed 's/ $//'
}
